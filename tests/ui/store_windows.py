"""Windows on the ward store for the store tests: each test has its own store folder
(``CTIT_DATA_DIR`` is set per test by tests/conftest.py); two windows in one test share it."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QApplication

from ctit_gui.ui.case_screen.calendar_model import COL_PLT

from .conftest import EXAMPLES_DIR, leave_quietly

#: Day 7 of SYSU-0107 (control arm, day 1 = 2026-03-10); SYSU-0042 stopped on day 7; the others screening.
WARD_DAY = date(2026, 3, 16)
AUTOSAVE_WAIT_MS = 3000


@pytest.fixture
def store_window(qtbot, protocols, ward_store):
    """Make a shown 1280×800 window on the test's store; ``user`` opens the store as that user."""

    def make(user: str | None = None, today: date = WARD_DAY, open_store: bool = True):
        from ctit_gui.store import open_store as open_case_store
        from ctit_gui.ui.main_window import MainWindow

        window = MainWindow(protocols, today=lambda: today)
        qtbot.addWidget(window, before_close_func=_quiet_close)
        if open_store:
            if user is None:
                assert window.ward.open_store(), "the test's store did not open"
            else:
                window.ward.attach_store(open_case_store(protocols=protocols, user=user))
        window.resize(1280, 800)
        window.show()
        qtbot.waitExposed(window)
        activate(qtbot, window)
        return window

    return make


def activate(qtbot, window) -> None:
    """Keys go to the active window: make this one active (as a click on it would)."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def _quiet_close(window) -> None:
    """At teardown: whatever a test left unsaved is dropped without a question."""
    window.store_session.timer.stop()
    leave_quietly(window)


def import_example(window, dialogs, name: str) -> int:
    """File → Import case JSON… with an example file; returns the store's case id."""
    dialogs.open_names.append(str(EXAMPLES_DIR / name))
    window.open_action.trigger()
    assert window.store_session.case_id is not None, dialogs.shown
    return window.store_session.case_id


def wait_saved(qtbot, window) -> None:
    """Wait for the autosave (about a second after the last edit)."""
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=AUTOSAVE_WAIT_MS)


def clear_day_plt(qtbot, window, day: int) -> None:
    """Open the day's PLT cell with F2, delete the count, press Enter."""
    view = window.calendar
    index = window.calendar_model.index(window.calendar_model.row_of_day(day), COL_PLT)
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.state() != QAbstractItemView.State.EditingState, timeout=2000)


def history_actions(window, case_id: int | None = None) -> list[str]:
    store = window.store_session.store
    return [entry.action for entry in store.history(case_id or window.store_session.case_id)]
