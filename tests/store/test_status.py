"""A case's status comes from the core's plan, never from a typed field."""

from datetime import date, timedelta

import pytest

from ctit_gui.core.session import assess, default_protocols
from ctit_gui.core.ward_status import ward_status
from ctit_gui.store import case_status

from .conftest import EXAMPLES, edited, example_case

NAMES = sorted(p.stem for p in EXAMPLES.glob("nct*.json"))


@pytest.mark.parametrize("name", NAMES)
def test_status_is_the_ward_status_phase_and_stop_is_the_plans_stop_day(name):
    """The store's status says what the core's ward status says (the Today page, the header, the handover): a
    patient who may not be dosed is in screening whatever the calendar's day (before: "on treatment day 11")."""
    case = example_case(name)
    start = case.screening_date or date(2026, 1, 1)
    for offset in range(-2, 22):
        today = start + timedelta(days=offset)
        assessment = assess(case, default_protocols(), today)
        plan, ward = assessment.plan, ward_status(assessment, today)
        status = case_status(case, today)
        if plan.stop_day is not None:
            assert (status.kind, status.day) == ("stopped", plan.stop_day)
        elif ward.phase == "on_treatment":
            assert (status.kind, status.day) == ("on_treatment", ward.treatment_day)
        elif ward.phase == "screening":
            assert status.kind == "screening", (name, today, status)
        else:
            assert ward.phase == "finished" and status.kind == "completed"


def test_a_not_eligible_patient_after_day_1_is_listed_in_screening(store):
    case = example_case("nct07243418-secondary-nadir-ineligible")  # day 1 = 2026-04-15
    assert assess(case, default_protocols()).plan.dosing_block == "not_eligible"
    assert case_status(case, date(2026, 4, 25)).text == "screening"
    store.create_case(case)
    listed = store.list_cases(today=date(2026, 4, 25))
    assert [s.status.kind for s in listed] == ["screening"]
    assert store.list_cases(today=date(2026, 4, 25), status="on_treatment") == []


def test_stop_rule_fired_on_day_7_reads_stopped_on_day_7():
    assert case_status(example_case(), date(2026, 2, 12)).text == "stopped on day 7"


def test_case_without_day_1_is_screening():
    case = edited(example_case("nct07334093-control-rescue"), day1=None)
    assert case_status(case, date(2026, 6, 1)).text == "screening"


def test_treatment_day_1_to_14_then_completed():
    case = example_case("nct07334093-control-rescue")  # day 1 = 2026-03-10, no stop
    assert case_status(case, date(2026, 3, 9)).text == "screening"
    assert case_status(case, date(2026, 3, 10)).text == "on treatment day 1"
    assert case_status(case, date(2026, 3, 23)).text == "on treatment day 14"
    assert case_status(case, date(2026, 3, 24)).text == "completed"
