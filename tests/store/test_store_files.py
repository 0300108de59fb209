"""The store and its exports never damage files they do not own (issue 13).

Read-only stores stay read-only, a newer store is refused before anything changes, a damaged
store is refused with its own exit status, exports are private and never replace a device.
"""

import os
import sqlite3
import stat

import pytest

from ctit_gui.store import StoreError, StoreUnusable, open_store

from .conftest import EXAMPLES, example_case, run_main

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
CASE_FILE = EXAMPLES / "nct07334093-experimental-eligible.json"


@pytest.fixture
def data_dir(sqlite_dir):
    """Files, modes and damage of the SQLite store (the PostgreSQL store's errors: test_pg_store.py)."""
    return sqlite_dir



def _mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def stored(data_dir):
    with open_store(data_dir, user="nurse.a") as store:
        for _ in range(3):
            store.create_case(example_case())
    return data_dir


# -- exports ---------------------------------------------------------------------------------------
@posix_only
@pytest.mark.parametrize("command", ["sheet", "export"])
def test_exports_are_created_private_whatever_the_umask(stored, tmp_path, command):
    target = tmp_path / "out" / "file"
    target.parent.mkdir()
    args = (["sheet", CASE_FILE, "-o", target] if command == "sheet"
            else ["cases", "export", "1", "-o", target, "--data-dir", stored])
    old = os.umask(0)
    try:
        result = run_main(*args)
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    assert _mode(target) == 0o600


@posix_only
@pytest.mark.parametrize("command", ["sheet", "export"])
@pytest.mark.parametrize("kind", ["fifo", "folder", "socket", "device"])
def test_an_existing_non_regular_output_is_refused_and_left_alone(stored, tmp_path, command, kind):
    import socket

    sock = None
    if kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    elif kind == "folder":
        target = tmp_path / "folder"
        target.mkdir()
    elif kind == "socket":
        target = tmp_path / "s"
        sock = socket.socket(socket.AF_UNIX)
        sock.bind(str(target))
    else:
        target = tmp_path / "null-link"
        target.symlink_to("/dev/null")
    before = os.stat(target)
    try:
        args = (["sheet", CASE_FILE, "-o", target] if command == "sheet"
                else ["cases", "export", "1", "-o", target, "--data-dir", stored])
        result = run_main(*args)
    finally:
        if sock:
            sock.close()
    assert result.returncode == 2, result.stderr
    assert "not a regular file" in result.stderr or "is a folder" in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    after = os.stat(target)
    assert (after.st_ino, stat.S_IFMT(after.st_mode)) == (before.st_ino, stat.S_IFMT(before.st_mode))
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("command", ["sheet", "export"])
def test_dash_writes_to_standard_output(stored, command):
    import subprocess
    import sys

    from .conftest import ROOT

    args = (["sheet", str(CASE_FILE), "-o", "-", "--generated-at", "2026-02-12T08:00:00+08:00"] if command == "sheet"
            else ["cases", "export", "1", "-o", "-", "--data-dir", str(stored)])
    result = subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(b"%PDF-" if command == "sheet" else b"{")
    assert b"wrote -" in result.stderr
    assert not (ROOT / "-").exists()


# -- the store folder and file ---------------------------------------------------------------------
@posix_only
def test_a_read_only_store_is_listed_exported_and_verified_and_writing_is_refused(stored, tmp_path):
    db = stored / "cases.sqlite3"
    os.chmod(db, 0o400)
    os.chmod(stored, 0o500)
    before = db.read_bytes()
    try:
        for args in (["cases", "list"], ["audit", "verify"], ["audit", "show", "1"], ["audit", "anchor"],
                     ["cases", "export", "2", "-o", tmp_path / "two.json"]):
            result = run_main(*args, "--data-dir", stored)
            assert result.returncode == 0, (args, result.stderr)
            assert (_mode(stored), _mode(db)) == (0o500, 0o400), args
        imported = run_main("cases", "import", CASE_FILE, "--data-dir", stored)
        assert imported.returncode == 3 and "is read-only" in imported.stderr and "nothing was written" in imported.stderr
        assert "Traceback" not in imported.stderr
        assert (_mode(stored), _mode(db)) == (0o500, 0o400)
        assert db.read_bytes() == before
        with open_store(stored, read_only=True) as store:
            assert store.read_only and len(store.list_cases()) == 3
            with pytest.raises(StoreUnusable, match="read-only"):
                store.create_case(example_case())
    finally:
        os.chmod(stored, 0o700)
        os.chmod(db, 0o600)


def test_a_newer_store_is_refused_before_its_journal_mode_is_touched(data_dir):
    data_dir.mkdir(mode=0o700)
    path = data_dir / "cases.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE future (x)")
    conn.execute("PRAGMA application_id = 1129597268")
    conn.execute("PRAGMA user_version = 9")
    conn.commit()
    conn.close()
    before = path.read_bytes()
    assert before[18:20] == b"\x01\x01"  # rollback journal, not WAL
    with pytest.raises(StoreError, match="newer version"):
        open_store(data_dir)
    result = run_main("audit", "verify", "--data-dir", data_dir)
    assert result.returncode == 2 and "newer version" in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in data_dir.iterdir()) == ["cases.sqlite3"]


def _damage(data_dir):
    """Overwrite a page in the middle of the file (the header stays valid)."""
    path = data_dir / "cases.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    assert pages >= 4
    with open(path, "r+b") as handle:
        handle.seek(page_size * (pages - 2))
        handle.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    return path


def test_a_damaged_store_is_refused_with_its_own_exit_status_and_never_written(stored):
    with open_store(stored) as store:  # enough rows for several pages
        for _ in range(20):
            store.create_case(example_case())
    path = _damage(stored)
    before = path.read_bytes()
    for args in (["audit", "verify"], ["audit", "show", "1"], ["cases", "list"], ["cases", "import", CASE_FILE]):
        result = run_main(*args, "--data-dir", stored)
        assert result.returncode == 3, (args, result.stdout, result.stderr)
        assert "is damaged" in result.stderr and "backup" in result.stderr, args
        assert "Traceback" not in result.stderr
    assert path.read_bytes() == before
    with pytest.raises(StoreUnusable, match="damaged"):
        open_store(stored)


def test_a_sheet_from_a_case_file_has_no_anchor_and_the_anchor_is_part_of_the_bytes():
    pytest.importorskip("ctit_gui.sheet.export")
    from datetime import datetime, timezone

    from ctit_gui.core.session import assess, default_protocols, read_case
    from ctit_gui.sheet.export import render

    protocols = default_protocols()
    assessment = assess(read_case(CASE_FILE, protocols), protocols)
    moment = datetime(2026, 2, 12, 8, tzinfo=timezone.utc)
    plain, printed = render(assessment, generated_at=moment)
    assert not any("audit" in text for text in printed)
    anchored, printed = render(assessment, generated_at=moment, anchor="57:3f9a1c0b2e4d")
    assert any(text.endswith("· audit 57:3f9a1c0b2e4d") for text in printed)
    assert anchored != plain and render(assessment, generated_at=moment, anchor="57:3f9a1c0b2e4d")[0] == anchored
