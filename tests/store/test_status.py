"""A case's status comes from the core's plan, never from a typed field."""

from datetime import date, timedelta

import pytest

from ctit_gui.core.session import assess, default_protocols
from ctit_gui.store import case_status

from .conftest import EXAMPLES, edited, example_case

NAMES = sorted(p.stem for p in EXAMPLES.glob("nct*.json"))


@pytest.mark.parametrize("name", NAMES)
def test_status_day_is_the_plans_today_day_and_stop_is_the_plans_stop_day(name):
    case = example_case(name)
    start = case.screening_date or date(2026, 1, 1)
    for offset in range(-2, 22):
        today = start + timedelta(days=offset)
        plan = assess(case, default_protocols(), today).plan
        status = case_status(case, today)
        if plan.stop_day is not None:
            assert (status.kind, status.day) == ("stopped", plan.stop_day)
        elif plan.today_day is not None:
            assert (status.kind, status.day) == ("on_treatment", plan.today_day)
        elif case.day1 is None or today < case.day1:
            assert status.kind == "screening"
        else:
            assert status.kind == "completed"


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
