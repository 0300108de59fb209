"""A ward store that cannot be opened: a clear message, and the window still works with case files."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from ctit_gui.core.session import read_case
from ctit_gui.store import open_store

from .bedside import type_into
from .conftest import EXAMPLES_DIR
from .store_windows import store_window  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]



@pytest.fixture
def ward_store():
    """SQLite folders that cannot be a store; the unreachable ward server: test_store_live.py."""
    return "sqlite"

def _newer_store(protocols) -> Path:
    with open_store(protocols=protocols) as store:
        path = store.path
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA user_version = 99")
        conn.commit()
    finally:
        conn.close()
    return path


def _works_with_files_only(qtbot, window, dialogs, protocols, tmp_path) -> None:
    assert not window.store_session.active and not window.ward.case_list.isVisible()
    assert not window.ward.case_list_action.isEnabled() and not window.ward.history_action.isEnabled()
    assert window.open_action.text() == "&Open…" and window.save_as_action.text() == "Save &As…"
    assert "case files only" in window.ward.store_label.text()
    dialogs.open_names.append(str(EXAMPLES_DIR / "nct07334093-control-rescue.json"))
    window.open_action.trigger()
    assert window.state.patient_id == "SYSU-0107"
    type_into(qtbot, window.patient_panel.weight, "64")
    assert not window.store_session.timer.isActive(), "no autosave without a store"
    target = tmp_path / "SYSU-0107.json"
    dialogs.save_names.append(str(target))
    assert window.save_as_action.isEnabled()
    window.save_as_action.trigger()
    assert str(read_case(target, protocols).patient.weight_kg) == "64"


def test_a_store_from_a_newer_program_is_refused_with_a_message_and_files_still_work(qtbot, store_window, dialogs,
                                                                                    protocols, tmp_path):
    path = _newer_store(protocols)
    before = path.read_bytes()
    window = store_window(open_store=False)
    assert window.ward.open_store() is False

    kind, title, text = dialogs.shown[-1]
    assert kind == "warning" and title == "Ward case store not available"
    assert "written by a newer version" in text and "store format 99" in text and "case files only" in text
    assert path.read_bytes() == before, "the newer store is left untouched"
    _works_with_files_only(qtbot, window, dialogs, protocols, tmp_path)


def test_a_store_folder_that_is_a_file_is_reported(qtbot, store_window, dialogs, protocols, tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("CTIT_DATA_DIR", str(blocker))
    window = store_window(open_store=False)
    assert window.ward.open_store() is False
    assert str(blocker) in dialogs.texts("warning")[-1]
    _works_with_files_only(qtbot, window, dialogs, protocols, tmp_path)


def test_a_store_sqlite_cannot_open_is_reported(store_window, dialogs, protocols, qtbot, tmp_path, monkeypatch):
    """As for a folder the user may not read (root may read any, so SQLite's refusal is simulated)."""
    from ctit_gui.store import database

    def refuse(*_args, **_kwargs):
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(database.sqlite3, "connect", refuse)
    window = store_window(open_store=False)
    assert window.ward.open_store() is False
    assert "unable to open database file" in dialogs.texts("warning")[-1]
    _works_with_files_only(qtbot, window, dialogs, protocols, tmp_path)


def test_window_started_on_an_unopenable_store_warns_after_painting_and_still_works(qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QApplication, QMessageBox

    from ctit_gui.ui import app as app_module
    from ctit_gui.ui.main_window import MainWindow

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    warnings = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *args, **kwargs: warnings.append(args[1:3]))
    started = []

    def exec_until_warned(_app):
        # the complete window replaces the start-up frame in the event loop's next turns (issue 17)
        qtbot.waitUntil(lambda: any(isinstance(w, MainWindow) and w.isVisible()
                                    for w in QApplication.topLevelWidgets()), timeout=20_000)
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: bool(warnings), timeout=10_000)
        started.append(window)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_warned)
    assert app_module.run_window(data_dir=blocker) == 0
    window = started[0]
    assert warnings[0][0] == "Ward case store not available"
    assert not window.store_session.active and "case files only" in window.ward.store_label.text()


def test_a_store_is_opened_at_start_in_the_data_folder(store_window, protocols):
    window = store_window()
    assert window.store_session.active
    assert window.store_session.store.path.parent == Path(os.environ["CTIT_DATA_DIR"]).resolve()
    assert window.ward.case_list.isVisible() and window.ward.case_list_action.isEnabled()
