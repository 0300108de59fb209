"""One ward status per case and date, from the core's assessment: alerts most urgent first,
the phase, and the next checkpoint. Computed, never stored."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ctit_gui.core.session import assess, read_case
from ctit_gui.core.ward_status import ALERT_ORDER, ward_status
from tests.conftest import EXAMPLES


def _status(protocols, name, day=None, today=None, **changes):
    case = read_case(EXAMPLES / name, protocols)
    if changes:
        case = case.model_copy(update=changes)
    when = today or case.day1 + timedelta(days=day - 1)
    return ward_status(assess(case, protocols, when), when)


def test_a_latest_count_at_rescue_level_heads_the_status_as_rescue(protocols):
    status = _status(protocols, "nct07334093-control-rescue.json", day=7)
    assert status.headline == "RESCUE"
    assert [a.kind for a in status.alerts] == ["rescue"] and status.alerts[0].day == 7
    assert "rescue" in status.alerts[0].text.lower() and status.alerts[0].rule
    assert status.phase == "on_treatment" and status.treatment_day == 7 and status.treatment_days == 14
    assert status.next_check.day == 10 and status.next_check.due == "upcoming"


def test_a_checkpoint_dated_today_without_a_count_is_due_today(protocols):
    status = _status(protocols, "nct07334093-control-rescue.json", day=10)
    assert [a.kind for a in status.alerts] == ["rescue", "check_due_today"]
    assert status.next_check.due == "due_today" and status.next_check.days_from_today == 0
    assert "due today" in status.next_check.words


def test_a_missed_checkpoint_is_overdue_by_its_days_and_outranks_everything_but_rescue(protocols):
    status = _status(protocols, "nct07243418-primary-dose-review.json", day=12)
    kinds = [a.kind for a in status.alerts]
    assert kinds == ["check_overdue", "dose_review"]
    assert status.headline == "CHECK OVERDUE" and status.alerts[0].overdue_days == 2
    assert status.next_check.due == "overdue" and status.next_check.days_from_today == -2
    assert "overdue by 2 day(s)" in status.alerts[0].words


def test_the_day_before_a_checkpoint_is_not_due_and_the_day_itself_is_not_overdue(protocols):
    before = _status(protocols, "nct07243418-primary-dose-review.json", day=9)
    on = _status(protocols, "nct07243418-primary-dose-review.json", day=10)
    after = _status(protocols, "nct07243418-primary-dose-review.json", day=11)
    assert before.next_check.due == "upcoming" and "check_due_today" not in [a.kind for a in before.alerts]
    assert on.next_check.due == "due_today" and "check_overdue" not in [a.kind for a in on.alerts]
    assert after.next_check.due == "overdue" and after.alerts[0].overdue_days == 1


def test_a_stopped_patient_is_do_not_dose_stopped_with_the_stop_day_and_has_no_next_check(protocols):
    status = _status(protocols, "nct07334093-experimental-eligible.json", day=9)
    assert status.headline == "DO NOT DOSE"
    alert = status.alerts[0]
    assert alert.reason == "stopped" and alert.day == 7 and alert.words == "DO NOT DOSE — stopped day 7"
    assert status.next_check is None
    assert status.phase == "on_treatment" and status.treatment_day == 9  # the phase is still said


def test_a_not_eligible_patient_on_day_5_reads_do_not_dose_not_eligible_with_the_blocking_criteria(protocols):
    status = _status(protocols, "nct07243418-secondary-nadir-ineligible.json", day=5)
    assert status.headline == "DO NOT DOSE" and status.verdict == "not_eligible"
    assert status.alerts[0].reason == "not_eligible" and status.alerts[0].blocking
    assert "NOT ELIGIBLE" in status.alerts[0].words
    assert status.next_check is None


@pytest.mark.parametrize("day", [5, 11, 14, 15, 40])
def test_a_patient_who_may_not_be_dosed_is_never_on_treatment_nor_finished_and_misses_no_check(protocols, day):
    """NOT ELIGIBLE: the calendar's day is not a treatment day (no "ON TREATMENT — day 11 of 14", no "course
    finished" for a patient never dosed), and no checkpoint of a treatment not given is overdue: the status, the
    plan's events (window banners, sheet) and the worklist's Day column say the same."""
    case = read_case(EXAMPLES / "nct07243418-secondary-nadir-ineligible.json", protocols)
    when = case.day1 + timedelta(days=day - 1)
    assessment = assess(case, protocols, when)
    status = ward_status(assessment, when)
    assert status.phase == "screening" and status.treatment_day is None
    assert [a.kind for a in status.alerts] == ["do_not_dose"] and status.alerts[0].reason == "not_eligible"
    assert not [e for e in assessment.plan.events if e.kind == "overdue"]
    assert "ON TREATMENT" not in status.phase_words and "FINISHED" not in status.phase_words
    eligible = read_case(EXAMPLES / "nct07243418-primary-dose-review.json", protocols)
    incomplete = eligible.model_copy(update={"answers": {}, "platelet_checks": []})  # answers taken back
    when = incomplete.day1 + timedelta(days=day - 1)
    assessment = assess(incomplete, protocols, when)
    assert assessment.plan.dosing_block == "incomplete"
    assert ward_status(assessment, when).phase == "screening"
    assert not [e for e in assessment.plan.events if e.kind == "overdue"]


def test_an_eligible_patient_on_the_same_days_is_on_treatment_and_misses_checks(protocols):
    status = _status(protocols, "nct07243418-primary-dose-review.json", day=11)
    assert status.phase == "on_treatment" and status.treatment_day == 11
    assert _status(protocols, "nct07243418-primary-dose-review.json", day=15).phase == "finished"


def test_an_incomplete_screening_reads_do_not_dose_screening_incomplete(protocols):
    status = _status(protocols, "nct07334093-incomplete.json", today=date(2026, 1, 1))
    assert status.alerts[0].reason == "incomplete" and "SCREENING INCOMPLETE" in status.alerts[0].words
    assert status.phase == "screening"


def test_phases_screening_on_treatment_finished_and_closed(protocols):
    case = read_case(EXAMPLES / "nct07334093-control-rescue.json", protocols)
    case = case.model_copy(update={"platelet_checks": ()})
    first, last = case.day1, case.day1 + timedelta(days=13)

    def phase(today, closed=False):
        return ward_status(assess(case, protocols, today), today, closed)

    assert phase(first - timedelta(days=1)).phase == "screening"
    assert phase(first).phase == "on_treatment" and phase(first).treatment_day == 1
    assert phase(last).treatment_day == 14
    assert phase(last + timedelta(days=1)).phase == "finished"
    closed = phase(first, closed=True)
    assert closed.phase == "closed" and closed.headline == "CLOSED" and closed.alerts == ()
    assert phase(first + timedelta(days=2)).headline == "ON TREATMENT"
    assert phase(first + timedelta(days=2)).phase_words == "ON TREATMENT — day 3 of 14"


def test_without_day1_the_next_check_has_no_date(protocols):
    case = read_case(EXAMPLES / "nct07334093-control-rescue.json", protocols)
    case = case.model_copy(update={"day1": None, "platelet_checks": ()})
    status = ward_status(assess(case, protocols, date(2026, 3, 1)), date(2026, 3, 1))
    assert status.phase == "screening" and status.next_check.date is None
    assert status.next_check.due == "date_unknown"


@pytest.mark.parametrize("name", ["nct07334093-control-rescue.json", "nct07243418-primary-dose-review.json",
                                  "nct07334093-experimental-eligible.json"])
def test_alerts_are_in_the_order_of_urgency_and_the_status_serialises(protocols, name):
    status = _status(protocols, name, day=12)
    ranks = [ALERT_ORDER.index(a.kind) for a in status.alerts]
    assert ranks == sorted(ranks)
    data = status.to_dict()
    assert data["headline"] == status.headline and len(data["alerts"]) == len(status.alerts)


def test_status_sorts_most_urgent_first(protocols):
    statuses = [_status(protocols, n, day=7) for n in ("nct07334093-experimental-eligible.json",
                                                          "nct07334093-control-rescue.json",
                                                          "nct07243418-primary-dose-review.json")]
    assert [s.headline for s in sorted(statuses, key=lambda s: s.urgency)] == ["RESCUE", "DOSE REVIEW",
                                                                              "DO NOT DOSE"]
