"""The criteria and calendar models obey Qt's model contract, empty and full, and say what the core said."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from ctit_gui.core.session import assess, read_case
from ctit_gui.ui.case_screen.calendar_model import COL_BLEEDING, COL_DOSES, COL_PLT, COL_UNIT, CalendarModel
from ctit_gui.ui.case_screen.case_form import DayEntry, state_from_case
from ctit_gui.ui.case_screen.criteria_model import (
    COL_ANSWER,
    COL_STATUS,
    BlockingFilter,
    BlockingRole,
    CriteriaModel,
    attestable,
)

from .conftest import EXAMPLES_DIR

pytestmark = pytest.mark.usefixtures("qapp")  # icons and brushes need a QApplication


@pytest.fixture
def rescue_assessment(protocols):
    case = read_case(EXAMPLES_DIR / "nct07334093-control-rescue.json", protocols)
    return assess(case, protocols, date(2026, 3, 16))


def test_criteria_model_and_blocking_filter_pass_the_model_tester(qtmodeltester, rescue_assessment):
    model = CriteriaModel()
    qtmodeltester.check(model)
    model.set_eligibility(rescue_assessment.eligibility, dict(rescue_assessment.case.answers))
    qtmodeltester.check(model)
    proxy = BlockingFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_blocking_only(True)
    qtmodeltester.check(proxy)


def test_calendar_model_passes_the_model_tester(qtmodeltester, rescue_assessment):
    model = CalendarModel()
    qtmodeltester.check(model)
    state = state_from_case(rescue_assessment.case)
    model.set_plan(rescue_assessment.plan, state.days, {10: ["not plausible"]}, "/uL")
    qtmodeltester.check(model)


def test_criteria_rows_carry_the_core_reason_and_registry_text(rescue_assessment):
    model = CriteriaModel()
    model.set_eligibility(rescue_assessment.eligibility, dict(rescue_assessment.case.answers))
    assert model.rowCount() == len(rescue_assessment.eligibility.criteria)
    for row, result in enumerate(rescue_assessment.eligibility.criteria):
        assert model.index(row, 0).data() == result.id
        assert result.text in model.index(row, COL_STATUS).data(Qt.ItemDataRole.ToolTipRole)
        assert model.index(row, COL_STATUS).data(Qt.ItemDataRole.DecorationRole) is not None  # icon …
        assert model.index(row, COL_STATUS).data()  # … and a word, never colour alone
        assert model.index(row, 0).data(BlockingRole) == result.blocking
        editable = bool(model.flags(model.index(row, COL_ANSWER)) & Qt.ItemFlag.ItemIsEditable)
        assert editable == attestable(result)


def test_attesting_through_the_model_reports_the_answer(rescue_assessment):
    model = CriteriaModel()
    model.set_eligibility(rescue_assessment.eligibility, {})
    seen = []
    model.answer_changed.connect(lambda criterion_id, value: seen.append((criterion_id, value)))
    row = model.row_of("EX2")
    assert model.setData(model.index(row, COL_ANSWER), True)
    assert model.setData(model.index(row, COL_ANSWER), None)
    assert not model.setData(model.index(row, COL_ANSWER), "maybe")
    assert not model.setData(model.index(model.row_of("IN1"), COL_ANSWER), True)  # computed, not attested
    assert seen == [("EX2", True), ("EX2", None)]


def test_recomputing_the_same_criteria_keeps_rows_and_editors(qtbot, rescue_assessment):
    model = CriteriaModel()
    model.set_eligibility(rescue_assessment.eligibility, {})
    with qtbot.assertNotEmitted(model.modelReset):
        model.set_eligibility(rescue_assessment.eligibility, {"EX2": True})


def test_calendar_days_show_doses_dates_and_typed_counts(rescue_assessment):
    model = CalendarModel()
    state = state_from_case(rescue_assessment.case)
    model.set_plan(rescue_assessment.plan, state.days, {}, "/uL")
    assert model.rowCount() == 14
    day7 = model.row_of_day(7)
    assert model.index(day7, COL_PLT).data() == "15000"
    assert model.index(day7, COL_UNIT).data() == "/µL"
    assert model.index(day7, COL_BLEEDING).data() == "yes"
    assert model.index(0, COL_DOSES).data() == "hetrombopag 7.5 mg by mouth daily"
    assert model.index(0, 1).data().endswith("2026-03-10")
    assert model.index(model.row_of_day(10), COL_PLT).data() == "enter PLT"  # a checkpoint without a count


def test_a_new_day_count_takes_the_baseline_unit_and_keeps_it(rescue_assessment):
    model = CalendarModel()
    model.set_plan(rescue_assessment.plan, {}, {}, "/uL")
    edits = []
    model.entry_edited.connect(lambda day, entry: edits.append((day, entry)))
    assert model.setData(model.index(model.row_of_day(3), COL_PLT), "25000")
    assert edits == [(3, DayEntry("25000", "/uL", None))]
    assert not model.setData(model.index(model.row_of_day(4), COL_BLEEDING), True)  # no count yet
