"""The ward's worklist over a generated ward of 30 cases (both trials, every state): statuses, order,
today's doses, and agreement with the core's own plan and ward status."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ctit_gui.core.case import Case
from ctit_gui.core.session import assess
from ctit_gui.core.ward_status import ALERT_ORDER, PHASES, ward_status
from ctit_gui.core.worklist import WardEntry, WorklistCache, worklist
from tests.ward import SPECS, UNREADABLE, WARD_DAY, ward_entries

EXPECTED = {s.patient: s for s in SPECS}


def _by_patient(listed):
    return {item.patient_id: item for item in listed.items}


def test_the_generated_ward_covers_both_trials_and_every_state():
    entries = ward_entries()
    assert len(entries) == 30
    listed = worklist(entries, WARD_DAY)
    trials = {item.trial for item in listed.items}
    assert trials == {"NCT07334093", "NCT07243418"}
    kinds = {item.headline_key for item in listed.items}
    assert set(ALERT_ORDER) <= kinds and {"problem", "on_treatment", "screening", "finished"} <= kinds


def test_every_open_case_has_its_expected_headline_and_todays_doses_and_closed_cases_are_not_listed():
    listed = worklist(ward_entries(), WARD_DAY)
    rows = _by_patient(listed)
    for spec in SPECS:
        if spec.closure is not None:
            assert spec.patient not in rows
            continue
        item = rows[spec.patient]
        assert (item.headline_key, item.today.kind) == (spec.expect, spec.today), spec.patient
    assert {c.patient_id: c.closure.reason for c in listed.closed} == {"S16-CLOSED": "screen_failure",
                                                                       "F12-WITHDRAWN": "withdrawn"}
    assert len(listed.items) == 28


def test_a_case_that_cannot_be_evaluated_is_listed_first_with_its_problem_never_dropped():
    listed = worklist(ward_entries(), WARD_DAY)
    first_two = listed.items[:2]
    assert {i.patient_id for i in first_two} == {"F13-OLD-ARM", "U01-UNREADABLE"}
    for item in first_two:
        assert item.status is None and item.problems and item.headline == "CANNOT BE EVALUATED"
        assert not item.today.dosable and item.today.doses == ()
    arm = next(i for i in first_two if i.patient_id == "F13-OLD-ARM")
    assert "arm" in arm.problems[0] and "cohort-3" in arm.problems[0]
    assert next(i for i in first_two if i.key == UNREADABLE.key).problems == UNREADABLE.problems


def test_rows_are_ordered_by_the_ward_status_urgency_then_phase():
    listed = worklist(ward_entries(), WARD_DAY)
    evaluated = [i for i in listed.items if i.status is not None]
    ranks = [i.status.urgency for i in evaluated]
    assert ranks == sorted(ranks)
    heads = [i.headline_key for i in evaluated]
    order = list(ALERT_ORDER) + list(PHASES)
    assert heads == sorted(heads, key=order.index)
    assert heads[0] == "rescue"


def _agrees_with_the_plan(item, case, today, protocols):
    assessment = assess(case, protocols, today)
    assert item.status == ward_status(assessment, today)
    plan = assessment.plan
    if item.today.kind in ("dose", "withhold"):
        day = plan.days[item.status.treatment_day - 1]
        assert item.today.doses == tuple(d.text for d in day.doses) and day.state in ("planned", "withhold")
        assert item.today.conditional_on == day.conditional_on
    else:
        assert item.today.doses == ()
    if plan.dosing_block is not None:
        assert item.today.kind == "do_not_dose" and "do not dose" in item.today.words
    if plan.stop_day is not None and item.today.kind == "stopped":
        assert item.today.words == f"no dose — stopped day {plan.stop_day}"


@pytest.mark.parametrize("offset", [-6, 0, 1, 3, 4, 6, 7, 8])
def test_every_row_agrees_with_plan_and_ward_status_on_checkpoint_days_the_day_after_and_the_last_day(
        protocols, offset):
    # offset 0: days 7 and 10 are checkpoint days for S06/S09; +1: the day after; +7: S06 on its last day (14)
    today = WARD_DAY + timedelta(days=offset)
    entries = ward_entries()
    cases = {e.key: e.case for e in entries}
    listed = worklist(entries, today, protocols)
    assert len(listed.items) == 28
    for item in listed.items:
        if item.status is not None:
            _agrees_with_the_plan(item, cases[item.key], today, protocols)


def test_checkpoint_day_then_the_day_after_then_the_last_day(protocols):
    entries = ward_entries()
    due = _by_patient(worklist(entries, WARD_DAY, protocols))["S06-CHECK-DUE"]
    assert due.headline_key == "check_due_today" and due.next_check_words.endswith("due today")
    after = _by_patient(worklist(entries, WARD_DAY + timedelta(days=1), protocols))["S06-CHECK-DUE"]
    assert after.headline_key == "check_overdue" and after.status.alerts[0].overdue_days == 1
    assert after.day_words == "day 8 of 14"
    last = _by_patient(worklist(entries, WARD_DAY + timedelta(days=7), protocols))["S06-CHECK-DUE"]
    assert last.day_words == "day 14 of 14" and last.status.phase == "on_treatment"
    beyond = _by_patient(worklist(entries, WARD_DAY + timedelta(days=8), protocols))["S06-CHECK-DUE"]
    assert beyond.status.phase == "finished" and beyond.today.kind == "finished" and not beyond.today.doses


def test_a_patient_who_must_not_be_dosed_never_gets_doses_in_the_list():
    for offset in (0, 1, 7):
        for item in worklist(ward_entries(), WARD_DAY + timedelta(days=offset)).items:
            if item.status is not None and item.status.alerts and item.status.alerts[0].kind == "do_not_dose":
                assert item.today.kind in ("do_not_dose", "stopped", "withhold", "finished")
                if item.today.kind != "withhold":
                    assert item.today.doses == ()
            if item.today.kind == "do_not_dose":
                assert item.today.words.startswith("do not dose")


def test_changing_a_case_changes_only_its_row_and_the_row_agrees_with_plan(protocols):
    cache = WorklistCache()
    entries = ward_entries()
    worklist(entries, WARD_DAY, protocols, cache=cache)
    assert cache.computed == 28  # the 28 open cases (closed ones are not assessed)
    worklist(entries, WARD_DAY, protocols, cache=cache)
    assert cache.computed == 28  # nothing changed: nothing recomputed
    index = next(n for n, e in enumerate(entries) if e.case and e.case.patient.id == "S08-DAY9")
    old = entries[index]
    data = old.case.to_dict()
    data["platelet_checks"] = [*data["platelet_checks"], {"day": 9, "value": "130", "unit": "10^9/L"}]
    changed = Case.model_validate(data)
    entries[index] = WardEntry(old.key, 2, changed)
    listed = worklist(entries, WARD_DAY, protocols, cache=cache)
    assert cache.computed == 29
    item = _by_patient(listed)["S08-DAY9"]
    assert item.revision == 2
    _agrees_with_the_plan(item, changed, WARD_DAY, protocols)
    assert item.headline_key == "do_not_dose" and item.today.kind == "withhold"
    assert item.last_count_words == "day 9: 130 ×10⁹/L"
    # the next day the whole ward is recomputed (the date is part of every row)
    worklist(entries, WARD_DAY + timedelta(days=1), protocols, cache=cache)
    assert cache.computed == 57


def test_the_trial_filter_keeps_one_trials_cases():
    listed = worklist(ward_entries(), WARD_DAY, trial="NCT07243418")
    assert listed.items and {i.trial for i in listed.items} == {"NCT07243418"}
    assert [c.patient_id for c in listed.closed] == ["F12-WITHDRAWN"]


def test_json_carries_every_column():
    data = worklist(ward_entries(), WARD_DAY).to_dict()
    row = next(r for r in data["items"] if r["patient_id"] == "S10-STOPPED")
    assert row["today"]["words"] == "no dose — stopped day 7" and row["headline"] == "DO NOT DOSE"
    assert row["day"] == "day 9 of 14" and row["last_count"]["words"] == "day 7: 85 ×10⁹/L"
    assert row["next_check"] == "—" and row["status"]["alerts"][0]["reason"] == "stopped"


def test_one_list_is_judged_against_one_reading_of_the_clock(protocols, monkeypatch):
    """A list made across midnight: every row's "after today" check uses the clock as the list read it first."""
    import datetime

    from ctit_gui.core import session, worklist as worklist_module

    readings = iter([WARD_DAY] + [WARD_DAY + timedelta(days=1)] * 20)

    class Clock(datetime.date):
        @classmethod
        def today(cls):
            return next(readings)

    monkeypatch.setattr(worklist_module, "date", Clock)
    monkeypatch.setattr(session, "date", Clock)
    case = next(e.case for e in ward_entries() if e.case and e.case.patient.id == "S08-DAY9")  # day 9 today
    data = case.to_dict()
    data["platelet_checks"] = [*data["platelet_checks"], {"day": 10, "value": "60", "unit": "10^9/L"}]  # tomorrow
    tomorrow = Case.model_validate(data)
    listed = worklist([WardEntry(1, 1, tomorrow), WardEntry(2, 1, tomorrow)], WARD_DAY + timedelta(days=1), protocols)
    assert [item.evaluated for item in listed.items] == [False, False]
    assert all("after today (2026-03-16)" in item.problems[0] for item in listed.items)


def test_a_kept_row_is_judged_again_when_the_clock_moves(protocols, monkeypatch):
    """A cached row whose check was "after today" on the clock's day is judged again once the clock
    reaches that day, though the case and the list's date are the same."""
    import datetime

    from ctit_gui.core import session, worklist as worklist_module

    clock_day = [WARD_DAY]

    class Clock(datetime.date):
        @classmethod
        def today(cls):
            return clock_day[0]

    monkeypatch.setattr(worklist_module, "date", Clock)
    monkeypatch.setattr(session, "date", Clock)
    case = next(e.case for e in ward_entries() if e.case and e.case.patient.id == "S08-DAY9")  # day 9 today
    data = case.to_dict()
    data["platelet_checks"] = [*data["platelet_checks"], {"day": 10, "value": "60", "unit": "10^9/L"}]  # tomorrow
    entries = [WardEntry(1, 1, Case.model_validate(data))]
    cache = WorklistCache()
    listed = worklist(entries, WARD_DAY + timedelta(days=1), protocols, cache=cache)
    assert not listed.items[0].evaluated and "after today (2026-03-16)" in listed.items[0].problems[0]
    clock_day[0] = WARD_DAY + timedelta(days=1)
    listed = worklist(entries, WARD_DAY + timedelta(days=1), protocols, cache=cache)
    assert listed.items[0].evaluated and listed.items[0].problems == ()
    assert cache.computed == 2


def test_after_a_dose_review_todays_row_says_the_dose_waits_for_the_decision(protocols):
    """NCT07243418 with no site table: day 7 counted (DOSE REVIEW), so day 8's dose is decided per protocol;
    before the count it waited for the count the same way. Never the site table's words without a table."""
    from pathlib import Path

    from ctit_gui import i18n
    from ctit_gui.core.session import read_case

    example = Path(__file__).resolve().parents[2] / "examples" / "nct07243418-primary-dose-review.json"
    case = read_case(example)
    day8 = case.day1 + timedelta(days=7)
    item = worklist([WardEntry(1, 1, case)], day8, protocols).items[0]
    assert item.today.kind == "dose" and item.today.conditional_on == 7
    assert item.today.words == "hetrombopag 5 mg by mouth daily — decide per protocol after the day 7 PLT result"
    with i18n.using("zh_CN"):
        assert item.today.words.endswith("第7天 PLT 结果后按研究方案决定")
    before = case.model_copy(update={"platelet_checks": []})
    waiting = worklist([WardEntry(1, 2, before)], day8, protocols).items[0]
    assert waiting.today.words.endswith("decide per protocol after the day 7 PLT result")
