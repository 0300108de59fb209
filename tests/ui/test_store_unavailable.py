"""A ward store that cannot be opened: a clear message, and the window still works with case files."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from ctit_gui.core.session import read_case
from ctit_gui.store import open_store

from .bedside import type_into
from .conftest import EXAMPLES_DIR
from .store_windows import store_window  # noqa: F401 (fixture)

ROOT = Path(__file__).resolve().parents[2]


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
    assert not window.store_session.active and not window.case_list.isVisible()
    assert not window.case_list_action.isEnabled() and not window.history_action.isEnabled()
    assert window.open_action.text() == "&Open…" and window.save_as_action.text() == "Save &As…"
    assert "case files only" in window.store_label.text()
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
    assert window.open_store() is False

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
    assert window.open_store() is False
    assert str(blocker) in dialogs.texts("warning")[-1]
    _works_with_files_only(qtbot, window, dialogs, protocols, tmp_path)


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs POSIX permissions and a non-root user")
def test_an_unreadable_store_folder_is_reported(store_window, dialogs, tmp_path, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o000)
    monkeypatch.setenv("CTIT_DATA_DIR", str(locked / "store"))
    try:
        window = store_window(open_store=False)
        assert window.open_store() is False and dialogs.kinds()[-1] == "warning"
    finally:
        locked.chmod(0o700)


def test_exit_after_show_with_an_unopenable_store_warns_on_stderr_and_still_starts(protocols, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CTIT_DATA_DIR=str(blocker))
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), "--exit-after-show"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "warning: the ward case store could not be opened; case files only" in result.stderr


def test_a_store_is_opened_at_start_in_the_data_folder(store_window, protocols):
    window = store_window()
    assert window.store_session.active
    assert window.store_session.store.path.parent == Path(os.environ["CTIT_DATA_DIR"]).resolve()
    assert window.case_list.isVisible() and window.case_list_action.isEnabled()
