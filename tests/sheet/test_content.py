"""What a nurse reads on the sheet: the same doses, dates, checkpoints and events as the core's plan."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from ctit_gui.sheet.export import build_sheet_bytes, render

from .cases import DAY1, FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed
from .pdftext import day_of_fragments, text_of

ARMS = [(SYSU, "rhtpo+hetrombopag"), (SYSU, "hetrombopag"), (FUJIAN, "primary"), (FUJIAN, "secondary")]
EXPECTED_DOSES = {
    "rhtpo+hetrombopag": ["hetrombopag 7.5 mg by mouth daily", "rhTPO 15,000 units subcutaneously daily"],
    "hetrombopag": ["hetrombopag 7.5 mg by mouth daily"],
    "primary": ["hetrombopag 5 mg by mouth daily"],
    "secondary": ["hetrombopag 5 mg by mouth daily"],
}


def sheet_text(assessment, paper="a4") -> str:
    return text_of(build_sheet_bytes(assessment, paper, GENERATED))


def flat(text: str) -> str:
    """Extracted text with line breaks and no-break spaces as plain spaces."""
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.mark.parametrize("trial,arm", ARMS)
def test_sheet_shows_patient_id_and_all_14_dates(trial, arm):
    text = sheet_text(assessed(trial, arm, patient_id="WARD-7-0042"))
    assert "WARD-7-0042" in text
    for offset in range(14):
        assert (DAY1 + timedelta(days=offset)).isoformat() in text


@pytest.mark.parametrize("trial,arm", ARMS)
def test_every_day_prints_each_drug_dose_from_the_plan(trial, arm):
    assessment = assessed(trial, arm)
    pdf = build_sheet_bytes(assessment, "a4", GENERATED)
    plan_texts = {dose.text for day in assessment.plan.days for dose in day.doses}
    assert plan_texts == set(EXPECTED_DOSES[arm])
    for dose_text in EXPECTED_DOSES[arm]:
        drug = dose_text.split()[0]
        assert sorted(day_of_fragments(pdf, drug + " ", only_calendar=False)) == list(range(1, 15)), dose_text
        assert flat(text_of(pdf)).count(dose_text) >= 14


def test_rhtpo_dose_has_no_per_kg_figure_beside_it():
    # The registry dose is a flat 15,000 units daily; "(256.4 units/kg)" invited a per-kg "correction" (issue 9).
    assessment = assessed(SYSU, "rhtpo+hetrombopag")
    text = flat(sheet_text(assessment))
    assert text.count("rhTPO 15,000 units subcutaneously daily") >= 14  # 14 days (and the regimen line)
    assert "units/kg" not in text and "per kg" not in text


@pytest.mark.parametrize("trial,arm", ARMS)
def test_checkpoint_printed_on_days_7_10_and_14_exactly(trial, arm):
    pdf = build_sheet_bytes(assessed(trial, arm, checks=[(7, 40, False)]), "a4", GENERATED)
    assert sorted(set(day_of_fragments(pdf, "CHECKPOINT"))) == [7, 10, 14]
    text = flat(text_of(pdf))
    assert text.count("CHECKPOINT") == 3 + 2  # three boxes, and the limits under the two pending ones
    assert "Day 7 CHECKPOINT" not in text and "Day 10 CHECKPOINT" in text and "Day 14 CHECKPOINT" in text


def test_measured_count_is_prefilled_on_its_day():
    pdf = build_sheet_bytes(assessed(SYSU, checks=[(7, 43, False), (5, 38, False)]), "a4", GENERATED)
    assert day_of_fragments(pdf, "43", only_calendar=False) == [7]
    assert day_of_fragments(pdf, "38", only_calendar=False) == [5]


@pytest.mark.parametrize("arm", ["rhtpo+hetrombopag", "hetrombopag"])
def test_every_day_after_a_stop_reads_stopped_for_each_drug(arm):
    assessment = assessed(SYSU, arm, checks=[(7, 120, False)])
    assert assessment.plan.stop_day == 7
    pdf = build_sheet_bytes(assessment, "a4", GENERATED)
    assert sorted(day_of_fragments(pdf, "no dose — stopped day 7")) == list(range(8, 15))
    for dose in EXPECTED_DOSES[arm]:  # the drug names stay readable on the stopped rows
        assert sorted(day_of_fragments(pdf, dose.split()[0], only_calendar=False)) == list(range(1, 15))
    assert sorted(day_of_fragments(pdf, "hetrombopag 7.5 mg", only_calendar=False)) == list(range(1, 8))
    assert "STOP STUDY DRUG" in text_of(pdf)


def test_stop_on_day_14_leaves_no_stopped_day():
    pdf = build_sheet_bytes(assessed(SYSU, checks=[(14, 150, False)]), "a4", GENERATED)
    assert day_of_fragments(pdf, "stopped day") == []
    assert "STOP STUDY DRUG" in text_of(pdf)


def test_rescue_event_printed_with_its_registry_sentence():
    assessment = assessed(SYSU, checks=[(7, 15, True)])
    assert [e.kind for e in assessment.plan.events] == ["rescue"]
    text = flat(sheet_text(assessment))
    assert "RESCUE THERAPY" in text
    assert assessment.plan.events[0].text.replace("⁹", "^9") in text
    assert "If PLT ≤10×10^9/L or <20×10^9/L with bleeding risk, give rescue therapy" in text


def test_site_table_doses_print_with_their_decimal_point_and_held_days_say_held():
    assessment = assessed(FUJIAN, checks=[(7, 150, False), (10, 250, False)], site_rows=SITE_ROWS)
    pdf = build_sheet_bytes(assessment, "a4", GENERATED)
    assert sorted(day_of_fragments(pdf, "hetrombopag 2.5 mg by mouth daily", only_calendar=False)) == [8, 9, 10]
    assert sorted(day_of_fragments(pdf, "HELD — no dose")) == [11, 12, 13, 14]
    text = flat(text_of(pdf))
    assert "site rule — not in registry" in text
    assert "PLT 100 ×10^9/L or more and less than 200 ×10^9/L" in text
    assert " 25 mg" not in text and "2 5 mg" not in text


def test_chinese_patient_id_survives_extraction():
    text = sheet_text(assessed(SYSU, patient_id="患者-张三", notes="复查血常规"))
    assert "患者-张三" in text
    assert "复查血常规" in text


def test_user_text_is_printed_literally_not_as_markup():
    text = flat(sheet_text(assessed(SYSU, patient_id="A<b>&amp;1", notes="<i>PLT</i> & <br/> 2.5 mg")))
    assert "A<b>&amp;1" in text
    assert "<i>PLT</i> & <br/> 2.5 mg" in text


def test_sysu_rules_box_states_thresholds_in_words_beside_the_registry_sentence():
    text = flat(sheet_text(assessed(SYSU)))
    assert "PLT 100 ×10^9/L or more, or a rise of 50 ×10^9/L or more from baseline: stop study drug" in text
    assert "less than 20 ×10^9/L with bleeding risk" in text
    assert "Stop study drug if PLT ≥100×10^9/L or rises ≥50×10^9/L from baseline." in text
    assert "Primary Endpoint Proportion of patients achieving PLT" in text


def test_nct07243418_says_the_registry_defines_no_stop_or_rescue_rule():
    assessment = assessed(FUJIAN, "secondary")
    text = flat(sheet_text(assessment))
    assert assessment.loaded.protocol.undefined_rules_note in text
    assert "site rule — not in registry" in text
    assert "Stop study drug" not in text and "RESCUE" not in text


def test_eligibility_lists_each_blocking_criterion_with_its_reason():
    assessment = assessed(SYSU, answers={"IN2": True})
    text = flat(sheet_text(assessment))
    assert "Eligibility: INCOMPLETE" in text
    blocking = assessment.eligibility.blocking
    assert len(blocking) > 5
    for result in blocking:
        assert re.search(rf"\b{re.escape(result.id)}\b", text), result.id
        assert result.reason.replace("⁹", "^9") in text
    assert "Evaluated on 2026-02-03 by" in text


def test_excluding_criterion_is_named_as_excluding():
    text = flat(sheet_text(assessed(SYSU, answers={**assessed(SYSU).case.answers, "EX3": True})))
    assert "Eligibility: NOT ELIGIBLE" in text
    assert "present — excludes" in text


def test_missing_day1_leaves_dates_blank_and_says_so():
    assessment = assessed(SYSU, day1=None)
    text = flat(sheet_text(assessment))
    assert "DAY 1 NOT SET" in text
    assert "2026-02-0" not in text.replace("2026-02-02", "").replace("2026-02-03", "")


def test_printed_numbers_follow_ismp():
    data, printed = render(assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, "43.50", False)]), "a4", GENERATED)
    clinical = " ".join(p for p in printed if "dosing assistant" not in p)  # the version number is not a dose
    assert not re.search(r"\d\.\d*0(?!\d)", clinical), "trailing zero"
    assert not re.search(r"(?<![\d.])\.\d", clinical), "missing leading zero"
    assert not re.search(r"\b(IU|U|SC|SQ|PO|QD|q\.d\.)\b", clinical), "ISMP error-prone abbreviation"
    assert "15,000 units" in clinical and "43.5" in clinical


def test_trend_chart_only_when_there_are_checks():
    _, without = render(assessed(SYSU), "a4", GENERATED)
    _, with_checks = render(assessed(SYSU, checks=[(7, 60, False)]), "a4", GENERATED)
    assert not any(p.startswith("PLT trend") for p in without)
    assert any(p.startswith("PLT trend") for p in with_checks)
    # threshold lines come from the protocol's rules, in words
    assert "stop, endpoint: 100 or more" in with_checks
    assert "rescue with bleeding risk: less than 20" in with_checks


def test_footer_on_every_page_names_page_version_time_and_case_hash():
    from ctit_gui import __version__
    from ctit_gui.store.hashing import case_content_hash

    assessment = assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, False)])
    pdf = build_sheet_bytes(assessment, "a4", GENERATED)
    short = case_content_hash(assessment.case)[:12]
    from .pdftext import reader

    pages = reader(pdf).pages
    assert len(pages) == 2
    for number, page in enumerate(pages, 1):
        text = page.extract_text()
        assert f"Page {number} of 2" in text
        assert "Generated 2026-02-03 08:00 +08:00" in text
        assert __version__ in text and short in text
    assert "Prescriber" in pages[-1].extract_text() and "Prescriber" not in pages[0].extract_text()


def test_overdue_checks_print_as_banners():
    later = assessed(SYSU, today=date(2026, 2, 20))
    assert [e.kind for e in later.plan.events] == ["overdue"] * 3
    text = flat(sheet_text(later))
    assert text.count("PLT CHECK OVERDUE") == 1  # one row for the three, each day named
    for day in (7, 10, 14):
        assert f"Day {day} PLT check overdue" in text


def test_nct07243418_sheet_says_counts_are_not_judged_not_no_events_so_far():
    text = flat(sheet_text(assessed(FUJIAN, "primary")))
    assert "counts are not judged against any" in text
    assert "no stop, rescue, response or dose events so far" not in text
