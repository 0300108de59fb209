"""The window never changes clinical data by itself: empty dates stay empty, refused or future
counts stay as typed with their reason in the row, and Delete clears a cell."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView

from ctit_gui.ui.case_screen.calendar_model import COL_NOTES, COL_PLT

from .bedside import choose, enter_day_plt, type_date


def _dates(window):
    panel = window.patient_panel
    return {"birth": panel.birth_date, "screening": panel.screening, "day1": panel.day1}


@pytest.mark.parametrize("name", ["birth", "screening", "day1"])
def test_shift_tab_out_of_an_empty_date_leaves_it_empty(qtbot, window, name):
    field = _dates(window)[name]
    field.edit.setFocus()
    qtbot.keyPress(field.edit, Qt.Key.Key_Shift)
    qtbot.keyClick(field.edit, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert QApplication.focusWidget() is not field.edit
    assert field.value() is None and field.edit.text() == ""
    assert window.state.birth_date is None and window.state.screening_date is None and window.state.day1 is None


@pytest.mark.parametrize("name", ["birth", "screening", "day1"])
def test_tab_and_an_alt_shortcut_out_of_an_empty_date_leave_it_empty(qtbot, window, name):
    field = _dates(window)[name]
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    field.edit.setFocus()
    qtbot.keyPress(field.edit, Qt.Key.Key_Alt)
    qtbot.keyClick(field.edit, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    qtbot.keyRelease(field.edit, Qt.Key.Key_Alt)
    assert field.value() is None and field.edit.text() == ""
    assert window.calendar_model.rowCount() == 0 or all(
        window.calendar_model.plan_day(r).date is None for r in range(window.calendar_model.rowCount()))


def test_clicking_an_empty_day1_and_leaving_builds_no_calendar_from_today(qtbot, window):
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    day1 = window.patient_panel.day1
    qtbot.mouseClick(day1.edit, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(window.patient_panel.weight, Qt.MouseButton.LeftButton)
    assert day1.value() is None and window.state.day1 is None
    assert all(window.calendar_model.plan_day(r).date is None for r in range(window.calendar_model.rowCount()))


def test_a_half_typed_date_stays_as_typed_counts_as_not_set_and_says_so(qtbot, window):
    field = window.patient_panel.screening
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "2026-0")
    qtbot.keyClick(field.edit, Qt.Key.Key_Tab)
    assert field.edit.text() == "2026-0" and field.value() is None and window.state.screening_date is None
    message = window.patient_panel.messages[("screening_date",)]
    assert message.isVisible() and "2026-0" in message.text()


def test_a_date_is_set_by_typing_or_by_picking_in_the_calendar(qtbot, window):
    type_date(qtbot, window.patient_panel.birth_date, date(1960, 5, 17))
    assert window.state.birth_date == date(1960, 5, 17)
    field = window.patient_panel.screening
    field.edit.setFocus()
    qtbot.keyClick(field.edit, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    popup = field._popup
    assert popup is not None and popup.isVisible() and field.value() is None  # opened: nothing set yet
    qtbot.keyClick(popup, Qt.Key.Key_Escape)
    assert field.value() is None
    field.open_calendar()
    popup = field._popup
    days = popup.findChild(QTableView)  # the calendar's grid of days, which has the keys
    qtbot.keyClick(days, Qt.Key.Key_Left)
    wanted = popup.selectedDate().toPython()
    qtbot.keyClick(days, Qt.Key.Key_Return)
    assert field.value() == wanted and field.edit.text() == wanted.isoformat()
    assert window.state.screening_date == field.value()


def test_birth_date_after_screening_is_reported_in_the_words_of_the_form(qtbot, window):
    type_date(qtbot, window.patient_panel.screening, date(2026, 1, 20))
    type_date(qtbot, window.patient_panel.birth_date, date(2026, 2, 1))
    shown = window.patient_panel.messages[("patient", "birth_date")].text() + window.form_summary.text()
    assert "Birth date must not be after the screening date" in shown
    assert "patient.birth_date" not in shown and "screening_date" not in shown


def _on_treatment(qtbot, window):
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    type_date(qtbot, window.patient_panel.screening, date(2026, 1, 27))
    type_date(qtbot, window.patient_panel.day1, date(2026, 2, 3))  # today (2026-02-09) is day 7


def test_a_count_for_a_day_after_today_is_refused_with_its_reason_in_the_row(qtbot, window):
    _on_treatment(qtbot, window)
    enter_day_plt(qtbot, window, 10, "120")
    model = window.calendar_model
    row = model.row_of_day(10)
    assert model.index(row, COL_PLT).data() == "120"  # kept as typed
    note = model.index(row, COL_NOTES).data()
    assert "after today" in note and "2026-02-12" in note
    assert window.assessment.plan.days[row].platelet_count is None  # left out of the verdicts
    assert not window.result.saveable
    enter_day_plt(qtbot, window, 7, "120")  # today's count is accepted
    assert window.assessment.plan.days[model.row_of_day(7)].platelet_count is not None


@pytest.mark.parametrize("key", [Qt.Key.Key_Delete, Qt.Key.Key_Backspace])
def test_delete_or_backspace_clears_a_calendar_cell(qtbot, window, key):
    _on_treatment(qtbot, window)
    enter_day_plt(qtbot, window, 7, "35")
    assert window.state.days[7].value == "35"
    view = window.calendar
    view.setFocus()
    view.setCurrentIndex(window.calendar_model.index(window.calendar_model.row_of_day(7), COL_PLT))
    qtbot.keyClick(view, key)
    assert window.state.days[7].empty
    assert window.assessment.plan.days[window.calendar_model.row_of_day(7)].platelet_count is None


def test_a_half_typed_date_is_named_before_the_window_drops_the_case(qtbot, window, dialogs):
    """Without the ward store too: New and closing ask first, Cancel goes back to the field with its text."""
    from PySide6.QtWidgets import QMessageBox

    field = window.patient_panel.day1
    field.edit.setFocus()
    qtbot.keyClicks(field.edit, "2026-03-1")
    for leave in (window.close, window.new_action.trigger):
        dialogs.questions.append(QMessageBox.StandardButton.Cancel)
        leave()
        kind, title, text = dialogs.shown[-1]
        assert (kind, title) == ("question", "Date not finished") and "Day 1 of treatment: “2026-03-1”" in text
        assert window.isVisible() and field.edit.text() == "2026-03-1" and field.edit.hasFocus()
    # Discard the half-typed date, then the usual unsaved-changes question for the rest of the form
    dialogs.questions += [QMessageBox.StandardButton.Discard, QMessageBox.StandardButton.Discard]
    assert window.close() is True
    assert dialogs.questions == [] and [title for _k, title, _x in dialogs.shown] == ["Date not finished"] * 3 + [
        "Unsaved changes"]
