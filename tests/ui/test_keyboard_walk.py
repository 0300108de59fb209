"""What a ward nurse meets walking the window by keyboard alone: each shortcut does one thing, and Tab
leaves every table it enters."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QPushButton

from .store_windows import activate, store_window  # noqa: F401 — fixture

SAMPLES = Path(__file__).resolve().parents[1] / "labs" / "samples"
SHIFT_CTRL = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


def _shortcuts(window) -> Counter:
    return Counter(sequence.toString() for action in window.findChildren(QAction)
                   for sequence in action.shortcuts() if not sequence.isEmpty())


def test_no_two_actions_of_the_window_share_a_shortcut(window):
    """Two actions on one key: Qt runs neither ("Ambiguous shortcut overload"), so the key does nothing."""
    window.ensure_chart()
    shared = {keys: count for keys, count in _shortcuts(window).items() if count > 1}
    assert shared == {}


def test_ctrl_shift_i_folds_and_opens_the_input_column(qtbot, window):
    activate(qtbot, window)
    window.calendar.setFocus()
    assert window.main_splitter.sizes()[0] > 0
    qtbot.keyClick(window.calendar, Qt.Key.Key_I, SHIFT_CTRL)
    assert window.main_splitter.sizes()[0] == 0 and not window.inputs_action.isChecked()
    qtbot.keyClick(window.calendar, Qt.Key.Key_I, SHIFT_CTRL)
    assert window.main_splitter.sizes()[0] > 0 and window.inputs_action.isChecked()


def test_the_lab_import_shortcut_asks_for_the_result_file(qtbot, window, dialogs):
    activate(qtbot, window)
    window.calendar.setFocus()
    keys = window.import_labs_action.shortcut()
    assert not keys.isEmpty()
    qtbot.keyClick(window.calendar, keys[0].key(), keys[0].keyboardModifiers())
    assert [(kind, title) for kind, title, _ in dialogs.shown] == [("open", "Import lab results")]


def test_tab_leaves_the_lab_preview_table_for_its_buttons(qtbot, store_window, dialogs):
    """The preview's table kept Tab for moving between its cells, and wrapped from the last to the first:
    Apply and Cancel were never reached by Tab. The arrows move between the cells."""
    window = store_window(today=date(2026, 11, 25))
    dialogs.open_names.append(str(SAMPLES / "case.json"))
    window.open_action.trigger()
    dialogs.open_names.append(str(SAMPLES / "hl7" / "oru-utf8-loinc.hl7"))
    window.import_labs_action.trigger()
    dialog = window.lab_import.dialog
    qtbot.waitExposed(dialog)
    activate(qtbot, dialog)
    dialog.table.setFocus()
    reached = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert dialog.apply_button in reached
    assert any(isinstance(w, QPushButton) and w is not dialog.apply_button and dialog.buttons.isAncestorOf(w)
               for w in reached)  # Cancel
    dialog.table.setFocus()
    dialog.table.setCurrentCell(0, 0)
    qtbot.keyClick(dialog.table, Qt.Key.Key_Down)
    assert dialog.table.currentRow() == 1  # the arrows still walk the rows
    dialog.reject()


def test_tab_on_the_today_page_reaches_the_trial_filter_and_walks_the_buttons_as_shown(qtbot, store_window,
                                                                                          protocols):
    """The trial filter was never reached by Tab (the page handed Tab straight to its table), and the buttons
    were walked from right to left. Now: filter, list, then the buttons from left to right, and round again."""
    from ctit_gui.store import open_store
    from tests.ward import ward_cases

    with open_store(protocols=protocols, user="nurse.a") as store:
        for case in ward_cases():
            store.create_case(case)
    window = store_window()
    view = window.today_page.view
    assert view.table.hasFocus()  # the list has the keys at start, as before
    buttons = sorted((b for b in (view.refresh_button, view.handover_button, view.reopen_button,
                                  view.close_button, view.open_button) if b.isEnabled()),
                     key=lambda b: b.mapTo(view, b.rect().topLeft()).x())
    reached = []
    for _ in range(len(buttons) + 2):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == [*buttons, view.trial_filter, view.table]


def test_ctrl_h_puts_the_keys_in_the_case_history_and_ctrl_shift_h_in_the_hash_field(qtbot, store_window, dialogs):
    """Ctrl+H (the case's history) opened with the cursor in the printed-sheet lookup's hash field, where the
    arrows and Page Down do nothing to the history; Ctrl+Shift+H is the lookup."""
    from .store_windows import import_example

    window = store_window()
    import_example(window, dialogs, "nct07334093-experimental-eligible.json")
    qtbot.keyClick(window.calendar, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.ward.history_dialog
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is dialog.table
    assert dialog.table.currentIndex().isValid()  # Up and Down walk the entries at once
    dialog.close()
    activate(qtbot, window)
    qtbot.keyClick(window.calendar, Qt.Key.Key_H, SHIFT_CTRL)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is dialog.hash_field
    dialog.close()
    activate(qtbot, window)
    qtbot.keyClick(window.calendar, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=2000)
    assert QApplication.focusWidget() is dialog.table
    dialog.close()


def _tab_from(qtbot, widget, backwards: bool = False):
    widget.setFocus()
    if backwards:
        qtbot.keyClick(widget, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    else:
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    return QApplication.focusWidget()


def test_tab_from_the_calendar_goes_round_to_the_trial_and_shift_tab_back(qtbot, window, dialogs, example):
    """Tab from the calendar, the case screen's last stop, went to the birth date, in the middle of the form
    (trial, arm, patient id, hospital record number, sex and age skipped); Shift+Tab from the trial stopped on
    the input column's scroll area, which shows no focus."""
    dialogs.open_names.append(str(example("nct07334093-experimental-eligible.json")))
    window.open_action.trigger()
    activate(qtbot, window)
    assert _tab_from(qtbot, window.calendar) is window.patient_panel.trial
    assert _tab_from(qtbot, window.patient_panel.trial, backwards=True) is window.calendar
    # the form's own order is unchanged
    panel = window.patient_panel
    assert _tab_from(qtbot, panel.age) is panel.birth_date.edit
    assert _tab_from(qtbot, panel.birth_date.edit) is panel.weight
    assert _tab_from(qtbot, panel.day1.edit) is panel.notes
