"""The Today page: the same rows as the core's worklist, Enter opens the right case, an edit in another
window (or workstation) updates its row, close and reopen from the page, midnight moves the day on."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from ctit_gui.core.worklist import worklist
from ctit_gui.store import open_store
from ctit_gui.ui.ward.today_view import COL_ALERT, COL_PATIENT, COL_TODAY, CloseCaseDialog
from tests.ward import WARD_DAY, ward_cases

from .store_windows import activate, store_window  # noqa: F401 (fixture)


@pytest.fixture
def ward(protocols, ward_store):
    with open_store(protocols=protocols, user="nurse.a") as store:
        return {case.patient.id: store.create_case(case).case_id for case in ward_cases()}


def _shown(window) -> list[tuple]:
    model = window.today_page.view.model
    return [tuple(model.index(r, c).data() for c in range(model.columnCount())) for r in range(model.rowCount())]


def _row(window, patient: str) -> tuple:
    return next(r for r in _shown(window) if r[COL_PATIENT] == patient)


def test_the_today_page_is_shown_first_and_has_the_cores_rows_in_order(store_window, ward, protocols):
    window = store_window()
    assert window.today_page.showing_today and window.today_page.view.isVisible()
    with open_store(protocols=protocols) as store:
        expected = worklist(store.ward_entries(), WARD_DAY, protocols).items
    shown = _shown(window)
    assert [r[COL_PATIENT] for r in shown] == [i.patient_id for i in expected]
    for row, item in zip(shown, expected):
        assert row[COL_ALERT] == item.alert_words
        assert row[COL_TODAY] == (item.today.words if item.evaluated else row[COL_TODAY])
    assert _row(window, "S10-STOPPED")[COL_TODAY] == "no dose — stopped day 7"
    assert _row(window, "S03-NOT-ELIGIBLE")[COL_TODAY].startswith("do not dose — not eligible")
    assert "S16-CLOSED" not in [r[COL_PATIENT] for r in shown]
    assert window.today_page.view.title.text() == "Today — 2026-03-16"


def test_at_start_the_most_urgent_row_has_the_keys(qtbot, store_window, ward):
    window = store_window()
    view = window.today_page.view
    assert view.table.hasFocus() and view.selected_case() == view.model.items[0].key
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    qtbot.keyClick(view.table, Qt.Key.Key_Down)
    expected = view.selected_case()
    qtbot.keyClick(view.table, Qt.Key.Key_Enter)
    assert window.store_session.case_id == expected == view.model.items[2].key


def test_enter_opens_the_selected_case_and_ctrl_t_comes_back(qtbot, store_window, ward):
    window = store_window()
    view = window.today_page.view
    row = view.model.row_of(ward["S12-RESCUE"])
    view.table.setFocus()
    view.table.setCurrentIndex(view.model.index(row, 0))
    qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert window.store_session.case_id == ward["S12-RESCUE"]
    assert not window.today_page.showing_today and window.state.patient_id == "S12-RESCUE"
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.today_page.showing_today
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert not window.today_page.showing_today


def test_an_edit_in_another_window_updates_its_row_only(qtbot, store_window, ward, protocols):
    window = store_window()
    computed = window.today_page.view.cache.computed
    case_id = ward["S08-DAY9"]
    assert _row(window, "S08-DAY9")[COL_ALERT] == "ON TREATMENT — day 9 of 14"
    with open_store(protocols=protocols) as store:  # another workstation
        stored = store.load(case_id)
        data = stored.case.to_dict()
        data["platelet_checks"].append({"day": 9, "value": "8", "unit": "10^9/L"})
        from ctit_gui.core.case import Case

        store.save(case_id, Case.model_validate(data), stored.revision)
    # the shared store tells the window (NOTIFY); the SQLite store is re-read on the window's next refresh
    window.store_session.other_saved(case_id, stored.revision + 1)
    qtbot.waitUntil(lambda: _row(window, "S08-DAY9")[COL_ALERT] == "RESCUE — day 9", timeout=3000)
    assert window.today_page.view.cache.computed == computed + 1


def test_an_edit_in_this_window_updates_the_row(qtbot, store_window, ward):
    window = store_window()
    window.ward.open_stored_case(ward["S06-CHECK-DUE"])
    from .bedside import enter_day_plt

    enter_day_plt(qtbot, window, 7, "120")
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=3000)
    assert _row(window, "S06-CHECK-DUE")[COL_TODAY].startswith("withhold if not yet given")


def test_close_with_a_reason_then_reopen(qtbot, store_window, ward, monkeypatch, protocols):
    window = store_window()
    case_id = ward["S01-SCREEN"]

    def answer(dialog):
        dialog.reason.setCurrentIndex(dialog.reason.findData("other"))
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()  # a note is needed
        dialog.note.setText("transferred")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(CloseCaseDialog, "exec", answer)
    assert window.today_page.close_stored_case(case_id)
    assert "S01-SCREEN" not in [r[COL_PATIENT] for r in _shown(window)]
    with open_store(protocols=protocols) as store:
        assert [e.detail.get("note") for e in store.history(case_id) if e.action == "case_closed"] == ["transferred"]
    assert window.today_page.reopen_stored_case(case_id)
    assert "S01-SCREEN" in [r[COL_PATIENT] for r in _shown(window)]


def test_midnight_moves_the_ward_to_the_next_day(store_window, ward):
    days = [WARD_DAY]
    window = store_window(today=WARD_DAY)
    window.today = lambda: days[-1]
    assert _row(window, "S06-CHECK-DUE")[COL_ALERT] == "CHECK DUE TODAY — day 7"
    days.append(WARD_DAY + timedelta(days=1))
    window.today_page.midnight_timer.timeout.emit()
    assert _row(window, "S06-CHECK-DUE")[COL_ALERT] == "CHECK OVERDUE — day 7, overdue by 1 day(s)"
    assert window.today_page.midnight_timer.isActive()


def test_the_trial_filter(qtbot, store_window, ward):
    window = store_window()
    choice = window.today_page.view.trial_filter
    choice.setCurrentIndex(choice.findData("NCT07243418"))
    trials = {r[1].split("\n")[0] for r in _shown(window)}
    assert trials == {"NCT07243418"}


def test_the_handover_is_written_where_chosen_as_a_pdf_even_when_typed_without_pdf(
        qtbot, store_window, ward, dialogs, tmp_path):
    """The shift handover from the Today page, as the dosing sheet: a name typed without ".pdf" is
    written as that name with ".pdf" (before, the file had no extension and opened as nothing)."""
    window = store_window(today=WARD_DAY)
    dialogs.save_names += [str(tmp_path / "night-shift"), str(tmp_path / "day.PDF")]
    assert window.today_page.export_handover()
    assert (tmp_path / "night-shift.pdf").read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "night-shift").exists()
    assert str(tmp_path / "night-shift.pdf") in window.statusBar().currentMessage()
    assert window.today_page.export_handover()
    assert (tmp_path / "day.PDF").read_bytes().startswith(b"%PDF")
    suggested = [directory for kind, _title, directory in dialogs.shown if kind == "save"]
    assert suggested and all(d.endswith(f"handover-{WARD_DAY.isoformat()}.pdf") for d in suggested)
