"""The window judges every date against its own today (issue 17, left from stop 12): the form's problems, the
verdicts and what Save accepts, not the real clock's today beside the window's."""

from __future__ import annotations

from datetime import date

import pytest

from ctit_gui.core.errors import InputError
from ctit_gui.ui.case_screen.case_form import saveable_case

from .conftest import EXAMPLES_DIR

SCREENED = date(2026, 6, 1)  # the incomplete example's screening date


def test_a_screening_date_after_the_windows_today_is_a_problem_and_is_not_saved(window, protocols):
    window.today = lambda: SCREENED.replace(day=1, month=5)
    window.load_path(EXAMPLES_DIR / "nct07334093-incomplete.json")
    assert window.result.problems[("screening_date",)] == [
        "2026-06-01 is after today (2026-05-01): it cannot be in the future"]
    assert not window.result.saveable
    with pytest.raises(InputError) as refused:
        saveable_case(window.state, protocols, window.today())
    assert refused.value.messages == ["screening_date: 2026-06-01 is after today (2026-05-01): it cannot be in the future"]


def test_on_the_screening_day_the_same_case_has_no_date_problem(window, protocols):
    window.today = lambda: SCREENED
    window.load_path(EXAMPLES_DIR / "nct07334093-incomplete.json")
    assert ("screening_date",) not in window.result.problems and window.result.saveable
    assert saveable_case(window.state, protocols, window.today()).screening_date == SCREENED


def test_a_stored_count_after_the_windows_today_is_left_out_of_the_verdicts(window):
    """Day 7 of the eligible example is 2026-02-09: on 2026-02-08 its count has not been measured yet."""
    window.today = lambda: date(2026, 2, 8)
    window.load_path(EXAMPLES_DIR / "nct07334093-experimental-eligible.json")
    problems = {key: words for key, words in window.result.problems.items() if key[0] == "day"}
    assert problems == {("day", 7): [
        "day 7 is 2026-02-09, after today (2026-02-08): a count cannot be recorded before it is measured"]}
    window.today = lambda: date(2026, 2, 9)
    window.load_path(EXAMPLES_DIR / "nct07334093-experimental-eligible.json")
    assert not any(key[0] == "day" for key in window.result.problems)
