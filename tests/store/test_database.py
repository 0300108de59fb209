"""Opening the store: where it lives, WAL, private permissions, schema versions and migration."""

import os
import sqlite3
import stat

import pytest

from ctit_gui.core.session import default_protocols
from ctit_gui.store import StoreError, case_content_hash, open_store, resolve_data_dir
from ctit_gui.store import database, schema

from .conftest import edited, example_case, run_main
from .v1_fixture import build_v1_store

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")



@pytest.fixture
def data_dir(sqlite_dir):
    """The SQLite store's file, folder, WAL and migrations (PostgreSQL's: test_pg_store.py)."""
    return sqlite_dir

def _mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _version(path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def test_data_dir_option_beats_environment_beats_per_user_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("CTIT_DATA_DIR", str(tmp_path / "from-env"))
    assert resolve_data_dir(tmp_path / "from-option") == tmp_path / "from-option"
    assert resolve_data_dir() == tmp_path / "from-env"
    monkeypatch.delenv("CTIT_DATA_DIR")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert resolve_data_dir() == (tmp_path / "xdg" / "ctit-dosing").resolve()


def test_new_store_is_sqlite_in_wal_mode_at_the_current_version(store):
    conn = store.connection
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 2
    assert conn.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    assert store.migrated_from is None and store.backup is None


@posix_only
def test_store_folder_is_0700_and_every_store_file_0600_even_with_a_permissive_umask(data_dir):
    old_umask = os.umask(0)
    try:
        with open_store(data_dir) as store:
            store.create_case(example_case())  # a write: the -wal and -shm files exist now
            files = [data_dir / name for name in ("cases.sqlite3", "cases.sqlite3-wal", "cases.sqlite3-shm")]
            assert all(f.exists() for f in files)
            assert _mode(data_dir) == 0o700
            assert [_mode(f) for f in files] == [0o600] * 3
    finally:
        os.umask(old_umask)


@posix_only
@pytest.mark.parametrize("mode", [0o755, 0o1777, 0o750])
def test_existing_store_folder_that_others_can_read_is_refused_and_left_as_it_is(data_dir, mode):
    """Issue 13: an existing folder is never chmodded; one open to others is refused (patient data)."""
    data_dir.mkdir()
    os.chmod(data_dir, mode)
    with pytest.raises(StoreError, match="can be read or entered by other users .* patient data"):
        open_store(data_dir)
    assert _mode(data_dir) == mode and not (data_dir / "cases.sqlite3").exists()
    result = run_main("cases", "list", "--data-dir", data_dir)
    assert result.returncode == 2 and "patient data" in result.stderr and _mode(data_dir) == mode
    with open_store(data_dir, allow_shared=True) as store:  # the window, after the user confirmed
        store.create_case(example_case())
    assert _mode(data_dir) == mode


@posix_only
def test_a_symlinked_store_folder_keeps_its_permissions(tmp_path):
    real = tmp_path / "shared"
    real.mkdir()
    os.chmod(real, 0o755)
    link = tmp_path / "link"
    link.symlink_to(real)
    with pytest.raises(StoreError, match="other users"):
        open_store(link)
    assert _mode(real) == 0o755


@posix_only
def test_an_existing_private_folder_is_used_as_it_is(data_dir):
    data_dir.mkdir()
    os.chmod(data_dir, 0o700)
    open_store(data_dir).close()
    assert _mode(data_dir) == 0o700


def _v1_store(folder):
    protocol_hash = default_protocols()["NCT07334093"].sha256
    stopping = example_case()  # its day-7 check fires the stop rule
    screening = example_case("nct07334093-incomplete")
    revisions = [[screening.to_dict()], [stopping.to_dict(), edited(stopping, notes="day 7 seen").to_dict()]]
    return build_v1_store(folder, revisions, protocol_hash), stopping


def test_version_1_store_is_backed_up_then_migrated_and_keeps_every_case_and_audit_entry(data_dir):
    path, stopping = _v1_store(data_dir)
    with open_store(data_dir, user="pharmacist") as store:
        assert store.migrated_from == 1
        assert store.backup.exists() and _version(store.backup) == 1
        assert _version(path) == 2
        assert store.verify().ok, store.verify().summary()
        assert [(s.case_id, s.status.kind) for s in store.list_cases(today=stopping.day1)] == [
            (2, "stopped"), (1, "screening")]
        latest = store.load(2)
        assert latest.revision == 2 and latest.case.notes == "day 7 seen"
        first = store.find_by_case_hash(case_content_hash(stopping)[:12])
        assert [(r.case_id, r.revision) for r in first] == [(2, 1)]
        migrated = [e for e in database.audit.entries(store.connection) if e.action == "store_migrated"]
        assert [(e.user, e.detail["from_version"], e.detail["to_version"]) for e in migrated] == [
            ("pharmacist", 1, 2)]
        assert store.save(2, edited(latest.case, notes="after migration"), 2).revision == 3
        assert store.verify().ok


@posix_only
def test_migration_backup_is_private(data_dir):
    _v1_store(data_dir)
    with open_store(data_dir) as store:
        assert _mode(store.backup) == 0o600


def test_failed_migration_leaves_the_store_at_version_1_with_the_backup_made(data_dir, monkeypatch):
    path, _ = _v1_store(data_dir)

    def half_then_fail(conn, protocols):
        schema.apply_v2_changes(conn)
        raise RuntimeError("disk trouble")

    monkeypatch.setitem(database.MIGRATIONS, 1, half_then_fail)
    with pytest.raises(StoreError) as refused:
        open_store(data_dir)
    message = refused.value.messages[0]
    assert "could not be migrated from format 1 to 2: disk trouble; it was not changed" in message
    assert _version(path) == 1
    conn = sqlite3.connect(path)
    assert "day1" not in {row[1] for row in conn.execute("PRAGMA table_info(cases)")}
    conn.close()
    assert len(list(data_dir.glob("cases.sqlite3.v1-backup-*"))) == 1
    monkeypatch.undo()
    with open_store(data_dir) as store:  # the next start migrates
        assert store.migrated_from == 1 and store.verify().ok


def _content(path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump()) + [f"user_version {conn.execute('PRAGMA user_version').fetchone()[0]}"]
    finally:
        conn.close()


def test_store_migrate_command_upgrades_a_version_1_store_and_its_trail_still_verifies(data_dir):
    path, _ = _v1_store(data_dir)
    migrated = run_main("store", "migrate", "--data-dir", data_dir)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout.startswith(f"migrated the case store {path} from format 1 (backup: ")
    assert len(migrated.stdout.splitlines()) == 1 and _version(path) == 2
    assert len(list(data_dir.glob("cases.sqlite3.v1-backup-*"))) == 1
    verified = run_main("audit", "verify", "--data-dir", data_dir)
    assert verified.returncode == 0 and "audit trail intact: 7 entries" in verified.stdout, verified.stdout
    listed = run_main("cases", "list", "--data-dir", data_dir)
    assert listed.returncode == 0 and "SYSU-0042" in listed.stdout
    again = run_main("store", "migrate", "--data-dir", data_dir)
    assert again.returncode == 0 and "nothing to do" in again.stdout


def test_store_migrate_command_that_fails_leaves_the_store_as_it_was_exit_3_in_one_line(data_dir):
    path, _ = _v1_store(data_dir)
    conn = sqlite3.connect(path)
    conn.execute("CREATE INDEX cases_day1 ON cases(patient_id)")  # a site's own index, in format 2's way
    conn.close()
    before = _content(path)
    failed = run_main("store", "migrate", "--data-dir", data_dir)
    assert failed.returncode == 3 and failed.stdout == ""
    assert len(failed.stderr.strip().splitlines()) == 1 and "Traceback" not in failed.stderr
    assert "could not be migrated from format 1 to 2: index cases_day1 already exists; it was not changed" in failed.stderr
    assert _content(path) == before
    conn = sqlite3.connect(path)
    conn.execute("DROP INDEX cases_day1")
    conn.close()
    assert run_main("store", "migrate", "--data-dir", data_dir).returncode == 0


def test_store_from_a_newer_program_is_refused_and_left_unchanged(data_dir):
    with open_store(data_dir) as store:
        store.create_case(example_case())
        store.connection.execute("PRAGMA user_version = 3")
    before = (data_dir / "cases.sqlite3").read_bytes()
    with pytest.raises(StoreError) as refused:
        open_store(data_dir)
    message = refused.value.messages[0]
    assert "written by a newer version of the CTIT dosing assistant" in message
    assert "store format 3; this program reads formats up to 2" in message and "not changed" in message
    assert (data_dir / "cases.sqlite3").read_bytes() == before
    result = run_main("cases", "list", "--data-dir", data_dir)
    assert result.returncode == 2 and "newer version" in result.stderr and "Traceback" not in result.stderr


def test_a_file_that_is_not_a_case_store_is_refused(data_dir):
    data_dir.mkdir(mode=0o700)
    (data_dir / "cases.sqlite3").write_text("patient list, not a database\n" * 100)
    with pytest.raises(StoreError, match="is not a usable case store"):
        open_store(data_dir)


def test_another_programs_sqlite_database_is_refused(data_dir):
    data_dir.mkdir(mode=0o700)
    conn = sqlite3.connect(data_dir / "cases.sqlite3")
    conn.execute("CREATE TABLE bookmarks (url TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="not a case store"):
        open_store(data_dir)
