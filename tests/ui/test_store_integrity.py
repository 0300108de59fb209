"""Issue 13 in the window: a sheet from the store carries the audit anchor and the lookup checks it;
a damaged store gets a dialog saying what to do; an open folder is used only after the user agrees."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ctit_gui.store import open_store
from ctit_gui.store.audit import COLUMNS, entry_hash

from .store_windows import import_example, store_window  # noqa: F401 (fixture)


@pytest.fixture
def ward_store():
    """These tamper with, damage or share the SQLite file; the ward store's own checks: tests/store/test_pg_store.py."""
    return "sqlite"


def _export_sheet(qtbot, window, dialogs, target: Path) -> str:
    pypdf = pytest.importorskip("pypdf")
    dialogs.save_names.append(str(target))
    dialogs.questions.append(QMessageBox.StandardButton.Close)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert target.exists(), dialogs.shown
    return "".join(page.extract_text() for page in pypdf.PdfReader(target).pages)


def _look_up(qtbot, window, case_hash: str, anchor: str):
    dialog = window.ward.show_sheet_lookup()
    dialog.hash_field.setText(case_hash)
    dialog.anchor_field.setText(anchor)
    qtbot.keyClick(dialog.anchor_field, Qt.Key.Key_Return)
    return dialog


def test_a_sheet_from_the_store_carries_the_anchor_and_the_lookup_checks_it(qtbot, store_window, dialogs, tmp_path):
    pytest.importorskip("ctit_gui.sheet.export")
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    store = window.store_session.store
    head = store.anchor()
    footer = _export_sheet(qtbot, window, dialogs, tmp_path / "sheet.pdf")
    anchor = re.search(r"audit (\d+:[0-9a-f]{12})", footer).group(1)
    assert anchor == head.short, "the footer carries the chain head at the moment the sheet was made"
    assert os.name != "posix" or stat.S_IMODE(os.stat(tmp_path / "sheet.pdf").st_mode) == 0o600
    case_hash = re.search(r"case sha256 ([0-9a-f]{12})", footer).group(1)

    dialog = _look_up(qtbot, window, case_hash, anchor)
    assert dialog.anchor_ok is True and "matches the audit trail" in dialog.lookup_result.text()
    dialog.close()

    # rewrite an entry before the anchor and recompute every later hash, as someone with the file could
    path = store.path
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("DROP TRIGGER audit_no_update")
    conn.execute("UPDATE audit SET user = 'someone.else' WHERE seq = 1")
    names = [*COLUMNS, "entry_hash"]
    previous = "0" * 64
    for values in conn.execute(f"SELECT {', '.join(names)} FROM audit ORDER BY seq").fetchall():
        row = dict(zip(names, values), prev_hash=previous)
        row["entry_hash"] = entry_hash(row)
        conn.execute("UPDATE audit SET prev_hash = ?, entry_hash = ? WHERE seq = ?",
                     (row["prev_hash"], row["entry_hash"], row["seq"]))
        previous = row["entry_hash"]
    conn.close()
    dialog = _look_up(qtbot, window, case_hash, anchor)
    assert dialog.anchor_ok is False
    assert "WARNING: the audit trail does not match this sheet's anchor" in dialog.lookup_result.text()
    assert case_id == dialog.case_id


def test_a_damaged_store_gets_a_dialog_saying_to_restore_the_backup(store_window, dialogs, protocols):
    with open_store(protocols=protocols) as store:
        for _ in range(20):
            from ctit_gui.core.session import read_case

            from .conftest import EXAMPLES_DIR

            store.create_case(read_case(EXAMPLES_DIR / "nct07334093-control-rescue.json", protocols))
        path = store.path
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    size, pages = conn.execute("PRAGMA page_size").fetchone()[0], conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    with open(path, "r+b") as handle:
        handle.seek(size * (pages - 2))
        handle.write(b"\x00\xff" * (size // 2))
    before = path.read_bytes()
    window = store_window(open_store=False)
    assert window.ward.open_store() is False
    kind, title, text = dialogs.shown[-1]
    assert kind == "critical" and title == "Ward case store cannot be used"
    assert "is damaged" in text and "restore the store from the latest backup" in text
    assert not window.store_session.active and "case files only" in window.ward.store_label.text()
    assert path.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
@pytest.mark.parametrize("agree", [False, True])
def test_an_existing_folder_open_to_others_is_used_only_after_the_user_agrees(store_window, dialogs, tmp_path,
                                                                             monkeypatch, agree):
    shared = tmp_path / "shared"
    shared.mkdir()
    os.chmod(shared, 0o755)
    monkeypatch.setenv("CTIT_DATA_DIR", str(shared))
    dialogs.questions.append(QMessageBox.StandardButton.Yes if agree else QMessageBox.StandardButton.No)
    window = store_window(open_store=False)
    assert window.ward.open_store() is agree
    kind, title, text = next(s for s in dialogs.shown if s[0] == "question")
    assert title == "Store folder open to other users" and "patient data" in text
    assert stat.S_IMODE(os.stat(shared).st_mode) == 0o755, "its permissions are never changed"
    assert (shared / "cases.sqlite3").exists() is agree
