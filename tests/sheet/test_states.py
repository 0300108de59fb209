"""Issue 10: every state and example on A4 and Letter — all 14 days on page 1, nothing off the paper, the words."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ctit_gui.core.session import assess, read_case
from ctit_gui.sheet.export import build_sheet_bytes

from .cases import FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed
from .pdftext import day_numbers_on_page, day_of_fragments, reader, text_outside

EXAMPLES = sorted(p for p in (Path(__file__).parents[2] / "examples").glob("*.json") if p.name != "EXPECTED.json")
NOTES = ("Patient prefers the left arm for injections; daughter translates at the bedside. " * 14).strip()

STATES = {
    "eligible day 1": lambda: assessed(SYSU, "rhtpo+hetrombopag"),
    "stopped day 7": lambda: assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 120, False)]),
    "stopped day 10": lambda: assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, False), (10, 130, False)]),
    "rescue current": lambda: assessed(SYSU, "hetrombopag", checks=[(7, 8, True)]),
    "rescue superseded": lambda: assessed(SYSU, "hetrombopag", checks=[(7, 8, True), (10, 60, False)]),
    # the heaviest page 1 (issue 12): two drugs, STOP (day 7) and RESCUE (day 10) both current
    "two drugs, stop and rescue current": lambda: assessed(SYSU, "rhtpo+hetrombopag",
                                                           checks=[(7, 120, False), (10, 8, True)],
                                                           today=date(2026, 12, 31)),  # + PLT CHECK OVERDUE
    "two drugs, rescue superseded by stop": lambda: assessed(SYSU, "rhtpo+hetrombopag",
                                                             checks=[(7, 8, True), (10, 120, False)],
                                                             today=date(2026, 12, 31)),
    "not eligible": lambda: assessed(SYSU, answers={**assessed(SYSU).case.answers, "EX3": True}),
    "incomplete": lambda: assessed(SYSU, "rhtpo+hetrombopag", answers={}),
    "cohort 1 no site table": lambda: assessed(FUJIAN, "primary", checks=[(7, 150, False)]),
    "cohort 1 site table": lambda: assessed(FUJIAN, "primary", checks=[(7, 150, False)], site_rows=SITE_ROWS),
    "cohort 2 no site table": lambda: assessed(FUJIAN, "secondary"),
    "cohort 2 site table": lambda: assessed(FUJIAN, "secondary", site_rows=SITE_ROWS),
    "64-character id": lambda: assessed(SYSU, "rhtpo+hetrombopag", patient_id="W" * 64, checks=[(7, 120, False)]),
    "32 CJK character id": lambda: assessed(SYSU, "rhtpo+hetrombopag", patient_id="患" * 32),
    "long notes": lambda: assessed(SYSU, "rhtpo+hetrombopag", notes=NOTES, checks=[(7, 60, False)]),
}
CASES = {**STATES, **{p.name: (lambda p=p: assess(read_case(p), today=date(2026, 12, 31))) for p in EXAMPLES}}
BLOCKED = {"not eligible": "NOT ELIGIBLE — DO NOT DOSE", "incomplete": "SCREENING INCOMPLETE — DO NOT DOSE",
           "nct07334093-incomplete.json": "SCREENING INCOMPLETE — DO NOT DOSE",
           "nct07243418-secondary-nadir-ineligible.json": "NOT ELIGIBLE — DO NOT DOSE"}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def sheets():
    return {}


def sheet(sheets, name, paper):
    if (name, paper) not in sheets:
        sheets[name, paper] = build_sheet_bytes(CASES[name](), paper, GENERATED)
    return sheets[name, paper]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", list(CASES))
def test_page_one_holds_all_14_days_and_nothing_leaves_the_paper(sheets, name, paper):
    pdf = sheet(sheets, name, paper)
    pages = reader(pdf).pages
    first = flat(pages[0].extract_text())
    assert text_outside(pdf) == []
    if name in BLOCKED:
        assert BLOCKED[name] in first
        assert day_numbers_on_page(pdf, 0) == []  # no dose rows at all
        assert "Given" not in first and "Initials" not in first and "by mouth daily" not in first
    else:
        assert day_numbers_on_page(pdf, 0) == list(range(1, 15))
        assert "DO NOT DOSE" not in first
    later = flat(" ".join(page.extract_text() for page in pages[1:]))
    assert "Rules" in later and "Prescriber" in later and "Prescriber" not in first
    assert "×109/L" not in first + later  # copied text keeps the power of ten
    assert "×10^9/L" in first + later


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_stop_is_a_band_and_stopped_days_name_the_drugs_without_a_box(sheets, paper):
    pdf = sheet(sheets, "stopped day 7", paper)
    first = flat(reader(pdf).pages[0].extract_text())
    assert "STOP STOP STUDY DRUG. Day 7" in first
    assert sorted(day_of_fragments(pdf, "hetrombopag, rhTPO: no dose — stopped day 7")) == list(range(8, 15))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_stop_on_day_10_keeps_its_stopped_rows_on_page_one(sheets, paper):
    pdf = sheet(sheets, "stopped day 10", paper)
    assert sorted(day_of_fragments(pdf, "no dose — stopped day 10")) == [11, 12, 13, 14]
    assert day_numbers_on_page(pdf, 0) == list(range(1, 15))


def test_rescue_is_a_band_and_its_count_is_marked_in_its_row(sheets):
    pdf = sheet(sheets, "rescue current", "a4")
    first = flat(reader(pdf).pages[0].extract_text())
    assert "RESCUE RESCUE THERAPY. Day 7" in first
    assert day_of_fragments(pdf, "RESCUE level") == [7]


def test_a_superseded_rescue_is_history_not_the_current_state(sheets):
    pdf = sheet(sheets, "rescue superseded", "a4")
    first = flat(reader(pdf).pages[0].extract_text())
    assert "RESCUE THERAPY (history)" in first
    assert "RESCUE RESCUE THERAPY" not in first


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_ids_wrap_and_never_run_under_the_page_number(sheets, paper):
    for name, patient in (("64-character id", "W" * 64), ("32 CJK character id", "患" * 32)):
        pdf = sheet(sheets, name, paper)
        assert text_outside(pdf) == []
        text = "".join(reader(pdf).pages[0].extract_text().split())
        assert patient in text.replace("Patient", "")  # the whole id, wrapped, not cut


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_notes_are_never_cut_and_continue_after_the_calendar(sheets, paper):
    pdf = sheet(sheets, "long notes", paper)
    pages = [flat(page.extract_text()) for page in reader(pdf).pages]
    assert "continued on page 2" in pages[0]
    assert NOTES in " ".join(pages[1:])
    head = pages[0].split("Notes ", 1)[1].split(" … (continued")[0]
    assert NOTES.startswith(head) and NOTES[len(head)] == " "  # cut between two words


# --- the patient's own numbers, conditional doses, the stop-count day ------------------------------

@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_each_pending_checkpoint_prints_this_patients_limits(sheets, paper):
    pdf = sheet(sheets, "eligible day 1", paper)
    text = flat(reader(pdf).pages[0].extract_text())
    for day in (7, 10, 14):
        assert f"Day {day} CHECKPOINT" in text
    assert text.count("Stop if PLT ≥ 100 or ≥ 82 (baseline 32 + 50).") == 3
    assert text.count("Rescue if PLT ≤ 10, or < 20 with bleeding risk.") == 3
    assert "give only if today's count does not meet the stop rule: < 100 and < 82" in text
    assert "reprint this sheet after each checkpoint" in text


def test_the_limits_are_the_cores_numbers_for_this_patient():
    assessment = assessed(SYSU, labs={**assessed(SYSU).case.model_dump(mode="json")["labs"],
                                      "plt": {"value": 41, "unit": "10^9/L"}})
    limits = assessment.plan.limits
    assert limits.stop_plt_from_baseline == 91
    text = flat(reader(build_sheet_bytes(assessment, "a4", GENERATED)).pages[0].extract_text())
    assert "Stop if PLT ≥ 100 or ≥ 91 (baseline 41 + 50)." in text
    assert "82" not in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_doses_on_and_after_a_pending_checkpoint_are_conditional(sheets, paper):
    pdf = sheet(sheets, "eligible day 1", paper)
    assert sorted(day_of_fragments(pdf, "only if day 7")) == list(range(7, 15))
    # day 7 counted with no site table (DOSE REVIEW): days 8-10 wait for that decision, days 11-14 for day 10's
    after_day_7 = sheet(sheets, "cohort 1 no site table", paper)
    assert sorted(day_of_fragments(after_day_7, "decide per", only_calendar=False)) == list(range(8, 15))
    text = flat(reader(after_day_7).pages[0].extract_text())
    assert "decide per protocol after day 7 PLT" in text and "decide per protocol after day 10 PLT" in text


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_stop_count_day_keeps_its_doses_and_boxes_for_a_dose_given_before_the_result(sheets, paper):
    pdf = sheet(sheets, "stopped day 7", paper)
    assert 7 in day_of_fragments(pdf, "hetrombopag 7.5 mg by mouth daily", only_calendar=False)
    assert 7 in day_of_fragments(pdf, "rhTPO 15,000 units", only_calendar=False)
    text = flat(reader(pdf).pages[0].extract_text())
    assert "Day 7: withhold if not yet given — PLT result meets the stop rule." in text
    assert "(given before the result)" in text
    assert "only if day" not in text and "Stop if PLT" not in text  # nothing pending after a stop


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_nct07243418_checkpoints_say_site_table_or_decide_per_protocol(sheets, paper):
    with_table = flat(reader(sheet(sheets, "cohort 1 site table", paper)).pages[0].extract_text())
    without = flat(reader(sheet(sheets, "cohort 2 no site table", paper)).pages[0].extract_text())
    assert "Dose per site table (page 2) from day 11." in with_table
    assert "No site table: decide the dose per protocol." in without
    assert "Stop if" not in with_table + without and "Rescue if" not in with_table + without


@pytest.mark.parametrize("name", ["not eligible", "incomplete"])
def test_a_do_not_dose_sheet_lists_the_blocking_criteria_across_the_calendar(sheets, name):
    assessment = CASES[name]()
    text = flat(reader(sheet(sheets, name, "a4")).pages[0].extract_text())
    assert assessment.plan.blocking
    for criterion in assessment.plan.blocking:
        assert re.search(rf"\b{re.escape(criterion)}\b", text), criterion
    assert "no dose may be given from this sheet" in text


@pytest.mark.parametrize("name", ["stopped day 7", "not eligible", "rescue current", "cohort 1 site table"])
def test_each_state_builds_byte_identical_and_ismp_clean(name):
    from ctit_gui.sheet.export import render

    first, printed = render(CASES[name](), "letter", GENERATED)
    assert render(CASES[name](), "letter", GENERATED)[0] == first
    clinical = " ".join(p for p in printed if "dosing assistant" not in p)
    assert not re.search(r"\d\.\d*0(?!\d)", clinical), "trailing zero"
    assert not re.search(r"(?<![\d.])\.\d", clinical), "missing leading zero"
    assert not re.search(r"\b(IU|U|SC|SQ|PO|QD|q\.d\.)\b", clinical), "ISMP error-prone abbreviation"
    assert "eltrombopag" not in clinical


def test_count_labels_stay_inside_the_chart_frame_away_from_the_threshold_labels():
    from ctit_gui.sheet.chart import FONT_SIZE, value_label_position

    plot = (30.0, 26.0, 300.0, 120.0)
    for x, y in ((300.0, 119.0), (300.0, 26.0), (30.0, 119.0), (165.0, 70.0)):
        label_x, label_y = value_label_position(x, y, 20.0, plot)
        assert plot[0] <= label_x and label_x + 20.0 <= plot[2]
        assert plot[1] <= label_y and label_y + FONT_SIZE <= plot[3]


def test_chart_labels_of_a_day_14_count_at_the_top_stay_on_the_paper():
    pdf = build_sheet_bytes(assessed(SYSU, "hetrombopag", checks=[(7, 60, False), (14, 480, False)]), "letter",
                            GENERATED)
    assert text_outside(pdf) == []


def test_a_grade_4_count_in_nct07243418_is_marked_in_its_row_and_named_not_a_registry_rule():
    assessment = assessed(FUJIAN, "secondary", checks=[(7, 20, False)])
    assert [e.kind for e in assessment.plan.current_events if e.kind == "grade4"] == ["grade4"]
    pdf = build_sheet_bytes(assessment, "a4", GENERATED)
    assert day_of_fragments(pdf, "grade 4", only_calendar=False) == [7]
    text = flat(reader(pdf).pages[0].extract_text())
    assert "GRADE 4 COUNT" in text and "not a registry rule" in text


HEAVIEST = {"two drugs, stop and rescue current": ("STOP", "RESCUE"),
            "two drugs, rescue superseded by stop": ("STOP",)}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", list(HEAVIEST))
def test_two_drugs_with_stop_and_rescue_keep_14_days_on_page_one_in_each_language(name, paper, language):
    """Issue 12: the Chinese sheet on Letter pushed day 14 to page 2 (three pages) in this case."""
    from ctit_gui.i18n import using
    from ctit_gui.sheet import words
    from ctit_gui.sheet.words import label

    assessment = CASES[name]()
    current = [e.kind for e in assessment.plan.events if e.kind in ("stop", "rescue") and e.current]
    assert sorted(current) == sorted(k.lower() for k in HEAVIEST[name])
    pdf = build_sheet_bytes(assessment, paper, GENERATED, language=language)
    pages = reader(pdf).pages
    assert len(pages) == 2
    assert day_numbers_on_page(pdf, 0) == list(range(1, 15))
    first = "".join(pages[0].extract_text().split())
    with using(language):
        bands = [label(words.STOP if k == "STOP" else words.RESCUE) for k in HEAVIEST[name]]
    for band in bands:  # the state words stay on page 1
        assert "".join(band.split()) in first
    # every dose of the seven dosed days is printed on page 1, with its box: two per day
    dose = "7.5mg" if language == "en" else "7.5mg口服"
    assert first.count(dose) >= 7


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_no_text_runs_off_the_paper_in_chinese_in_any_state(paper):
    """The Chinese 'evaluated on … by ____' line ran past the right margin on A4."""
    for name, make in CASES.items():
        pdf = build_sheet_bytes(make(), paper, GENERATED, language="zh_CN")
        assert text_outside(pdf) == [], name


# --- no page holds only the reprint reminder, a footer or the signatures ---------------------------

def _page_bodies(pdf: bytes, footer_left: str) -> list[str]:
    """Each page's text above its footer, spaces removed. The footer is drawn last: its text is the end of
    the page's text, from the patient · trial · arm line on."""
    footer = "".join(footer_left.split())
    bodies = []
    for page in reader(pdf).pages:
        text = "".join(page.extract_text().split())
        assert footer in text
        bodies.append(text[:text.rindex(footer)])
    return bodies


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", list(CASES))
def test_no_page_holds_only_the_reprint_reminder_a_footer_or_the_signatures(name, paper, language):
    """The Chinese two-drug sheet with every checkpoint pending printed the reminder alone on page 2, the
    rules on page 3: the narrow Notes column wrapped 仅当第7天 PLT < 100 且 < 82 时给药 onto four lines."""
    from ctit_gui.i18n import _, using
    from ctit_gui.sheet import words

    assessment = CASES[name]()
    pdf = build_sheet_bytes(assessment, paper, GENERATED, language=language)
    with using(language):
        from ctit_gui.core.render import protocol_sentence

        protocol = assessment.loaded.protocol
        footer_left = _("Patient {id} · {trial} · {arm}", id=assessment.case.patient.id, trial=protocol.id,
                        arm=protocol_sentence(protocol.arm(assessment.case.arm).label))
        reminder = "".join((words.reprint_reminder(assessment) or "").split())
        signatures = ["".join(_(text).split()) for text in
                      ("Prescriber", "Pharmacist", "Nurse", "name, signature, date and time")]
    bodies = _page_bodies(pdf, footer_left)
    assert len(bodies) == 2 or name == "long notes", len(bodies)  # as short as the content allows
    for number, body in enumerate(bodies, 1):
        rest = body.replace(reminder, "") if reminder else body
        for text in signatures:
            rest = rest.replace(text, "")
        assert rest, f"page {number} holds only {'the reminder' if reminder in body else 'a footer or signatures'}"
    if reminder:  # with the calendar on page 1, or heading page 2 right above the rules
        assert reminder in bodies[0] or bodies[1].startswith(reminder + "".join(_rules_word(language).split()))
    if name not in BLOCKED:
        assert day_numbers_on_page(pdf, 0) == list(range(1, 15))


def _rules_word(language: str) -> str:
    from ctit_gui.i18n import _, using

    with using(language):
        return _("Rules")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_two_drug_sheet_with_every_checkpoint_pending_takes_two_pages(paper):
    assessment = CASES["eligible day 1"]()
    assert words_pending(assessment) == [7, 10, 14] and len(assessment.case.arm.split("+")) == 2
    pdf = build_sheet_bytes(assessment, paper, GENERATED, language="zh_CN")
    assert len(reader(pdf).pages) == 2
    assert day_numbers_on_page(pdf, 0) == list(range(1, 15))
    first = "".join(reader(pdf).pages[0].extract_text().split())
    assert "每次复查后请重新打印本给药单" in first  # the reminder stays with the calendar
    assert sorted(day_of_fragments(pdf, "仅当第7天", only_calendar=False)) == list(range(7, 15))


def words_pending(assessment) -> list[int]:
    return [d.day for d in assessment.plan.days if d.checkpoint and d.platelet_count is None]


@pytest.mark.parametrize(("name", "make"), [
    ("nct07243418-secondary-nadir-ineligible.json", CASES["nct07243418-secondary-nadir-ineligible.json"]),
    ("incomplete", lambda: assessed(SYSU, "rhtpo+hetrombopag", answers={}, today=date(2026, 12, 31))),
])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_do_not_dose_sheet_printed_after_the_checkpoints_lists_no_overdue_check(name, make, paper):
    """A patient who may not be dosed has no treatment, so no checkpoint to miss: the sheet says DO NOT DOSE and
    lists no PLT CHECK OVERDUE (the ward's status and the window say the same)."""
    assessment = make()
    assert assessment.plan.dosing_block is not None and assessment.case.day1 < date(2026, 12, 17)
    pages = reader(build_sheet_bytes(assessment, paper, GENERATED)).pages
    text = flat(" ".join(page.extract_text() for page in pages))
    assert BLOCKED[name] in text
    assert "OVERDUE" not in text.upper()
