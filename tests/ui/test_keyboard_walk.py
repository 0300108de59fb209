"""What a ward nurse meets walking the window by keyboard alone: each shortcut does one thing, and Tab
leaves every table it enters."""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from .store_windows import activate

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

