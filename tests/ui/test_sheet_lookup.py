"""The printed-sheet lookup (Ctrl+Shift+H) shows the case it found, not the open one; Enter searches."""

from __future__ import annotations

from PySide6.QtCore import Qt

from ctit_gui.store import case_content_hash

from .bedside import type_into
from .store_windows import import_example, store_window, wait_saved  # noqa: F401 (fixture)


def test_lookup_shows_the_found_case_while_another_is_open_and_edited(qtbot, store_window, dialogs):
    window = store_window()
    printed_case = import_example(window, dialogs, "nct07334093-control-rescue.json")
    stored = window.store_session.store.load(printed_case).case
    printed = case_content_hash(stored)[:12]
    open_case = import_example(window, dialogs, "nct07334093-experimental-eligible.json")
    assert open_case != printed_case
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.ward.history_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(dialog.hash_field.hasFocus, timeout=2000)
    qtbot.keyClicks(dialog.hash_field, printed)
    qtbot.keyClick(dialog.hash_field, Qt.Key.Key_Return)  # Enter searches (and does not close the dialog)
    assert dialog.isVisible()
    assert dialog.case_id == printed_case
    assert stored.patient.id in dialog.title.text() and stored.patient.id in dialog.lookup_result.text()
    type_into(qtbot, window.patient_panel.weight, "71")  # the open case changes and is saved
    wait_saved(qtbot, window)
    assert dialog.case_id == printed_case and stored.patient.id in dialog.title.text()
