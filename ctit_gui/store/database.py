"""Opening the store: one SQLite file in WAL mode, created private, versioned and migrated.

A store written by a newer program is refused and left untouched (checked before the journal
mode is set). ``PRAGMA quick_check`` runs on every open: a damaged store is refused
(:class:`StoreUnusable`, exit status 3). Read-only commands open the file read-only. An older one is
copied to a backup file first (SQLite's online backup, mode 0600), then migrated in
one transaction: either every step lands or none does.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .. import PROGRAM_NAME
from ..i18n import N_, _
from . import audit, schema
from .clock import to_text
from .errors import StoreError, StoreUnusable
from .hashing import sha256_text
from .paths import DB_FILENAME, check_data_dir, create_private_file, make_private, prepare_data_dir
from .status import status_facts

BUSY_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Opened:
    connection: sqlite3.Connection
    path: Path
    migrated_from: int | None = None
    backup: Path | None = None
    read_only: bool = False


def write_transaction(conn, what: str = N_("save")):
    """One write transaction: on SQLite ``BEGIN IMMEDIATE``, on PostgreSQL the store's advisory lock
    (:meth:`ctit_gui.store.pg.PgConnection.transaction`); either way a check-then-write is atomic."""
    if not isinstance(conn, sqlite3.Connection):
        return conn.transaction(what)
    return _sqlite_write_transaction(conn, what)


@contextmanager
def _sqlite_write_transaction(conn: sqlite3.Connection, what: str = N_("save")) -> Iterator[None]:
    """``BEGIN IMMEDIATE`` … ``COMMIT``: the write lock is taken first, so a check-then-write is atomic."""
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise StoreError([_("the case store is busy ({why}); another window may be saving: try again", why=exc)]) \
            from None
    try:
        yield
    except BaseException as exc:
        conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StoreError([_("the case store could not {what}: {why}; nothing was written", what=_(what), why=exc)]) \
                from None
        raise
    else:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise StoreError([_("the case store could not {what}: {why}; nothing was written", what=_(what), why=exc)]) \
                from None


def connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit). Nothing is changed yet: the
    caller checks the store's format and soundness first, then :func:`use_wal` (read-write only).
    ``read_only`` opens the file with SQLite's ``mode=ro`` and ``query_only``: nothing can be written."""
    try:
        if read_only:
            conn = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_S, isolation_level=None)
            conn.execute("PRAGMA query_only = ON")
        else:
            conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
    except sqlite3.Error as exc:
        raise StoreUnusable([_("the case store {path} cannot be opened ({why})", path=path, why=exc)]) from None
    return conn


def use_wal(conn: sqlite3.Connection, path: Path) -> None:
    """WAL journal, full sync, foreign keys: only after the store was found to be ours, current or older, and sound."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode.lower() != "wal":
        raise StoreUnusable([_("the case store {path} cannot use SQLite's WAL journal (got {mode}); put it on a "
                               "local disk", path=path, mode=repr(mode))])
    conn.execute("PRAGMA synchronous = FULL")  # a commit survives power loss, not only a crash
    conn.execute("PRAGMA foreign_keys = ON")


def damaged_message(path: Path, findings: list[str]) -> str:
    return _("the case store {path} is damaged (SQLite's check found: {findings}); nothing was written to it. Restore "
             "it from the latest backup (copy the backup over {file} with the program closed), or ask IT to; keep the "
             "damaged file for inspection", path=path, findings="; ".join(findings)[:300], file=path.name)


def check_sound(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check`` on open: a damaged store is refused before anything reads or writes it."""
    from .sqlite_checks import quick_check

    try:
        findings = quick_check(conn)
    except sqlite3.DatabaseError as exc:
        findings = [str(exc)]
    if findings:
        raise StoreUnusable([damaged_message(path, findings)], damaged=True)


def read_only_message(path: Path, why: str) -> str:
    return _("the case store {path} is read-only ({why}): it can be listed, exported and verified, but nothing can "
             "be saved or imported into it; nothing was written and its permissions were left as they are", path=path,
             why=_(why))


def _read_only_reason(folder: Path, path: Path) -> str | None:
    """Why the store cannot be written, if it cannot (owner write bit checked too: root ignores modes)."""
    import os
    import stat

    for target, name in ((path, N_("the database file")), (folder, N_("its folder"))):
        if not target.exists():
            continue
        mode = stat.S_IMODE(target.stat().st_mode)
        if not mode & stat.S_IWUSR or not os.access(target, os.W_OK):
            return _("{what} is not writable, mode {mode}", what=_(name), mode=f"{mode:04o}")
    return None


def _version(conn: sqlite3.Connection) -> tuple[int, int]:
    return (conn.execute("PRAGMA user_version").fetchone()[0], conn.execute("PRAGMA application_id").fetchone()[0])


def too_new_message(path: Path, version: int) -> str:
    return _("the case store {path} was written by a newer version of the {program} (store format {version}; "
             "this program reads formats up to {newest}): use the newer program or ask for an update; the store was "
             "not changed", path=path, program=PROGRAM_NAME, version=version, newest=schema.SCHEMA_VERSION)


def _check_ours(conn: sqlite3.Connection, path: Path) -> int:
    version, app_id = _version(conn)
    if app_id not in (0, schema.APPLICATION_ID):
        raise StoreError([_("{path} is an SQLite database of another program, not a case store", path=path)])
    if version == 0 and conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
        raise StoreError([_("{path} is an SQLite database but not a case store (it has no store format)", path=path)])
    if version > schema.SCHEMA_VERSION:
        raise StoreError([too_new_message(path, version)])
    return version


def backup_path(path: Path, version: int, moment: datetime) -> Path:
    return path.with_name(f"{path.name}.v{version}-backup-{moment:%Y%m%dT%H%M%S%fZ}")


def make_backup(conn: sqlite3.Connection, path: Path, version: int, moment: datetime) -> Path:
    target = backup_path(path, version, moment)
    create_private_file(target)
    copy = sqlite3.connect(target)
    try:
        conn.backup(copy)
    finally:
        copy.close()
    make_private(target)
    return target


def _migrate_1_to_2(conn: sqlite3.Connection, protocols: dict) -> None:
    """Add the status and case-hash columns, then fill them from the stored cases."""
    from ..core.case import Case

    schema.apply_v2_changes(conn)
    conn.execute("DROP TRIGGER IF EXISTS revisions_no_update")  # the one permitted backfill
    for case_id, revision, case_json in conn.execute(
            "SELECT case_id, revision, case_json FROM revisions").fetchall():
        conn.execute("UPDATE revisions SET case_sha256 = ? WHERE case_id = ? AND revision = ?",
                     (sha256_text(case_json), case_id, revision))
    conn.execute(schema.guard_sql("revisions_no_update"))
    rows = conn.execute("SELECT c.id, r.case_json FROM cases c JOIN revisions r "
                        "ON r.case_id = c.id AND r.revision = c.latest_revision").fetchall()
    for case_id, case_json in rows:
        try:
            facts = status_facts(Case.model_validate_json(case_json), protocols)
        except ValueError:  # a case the current model refuses: its status shows as unknown
            continue
        conn.execute("UPDATE cases SET day1 = ?, stop_day = ?, treatment_days = ?, status_protocol_sha256 = ? "
                     "WHERE id = ?", (*facts.as_row(), case_id))


MIGRATIONS: dict[int, Callable[[sqlite3.Connection, dict], None]] = {1: _migrate_1_to_2}


@contextmanager
def _closed_if_unusable(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """Opening ``path``: on any failure the connection is closed; a database error means the file is unusable."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise StoreUnusable([_("{path} is not a usable case store ({why})", path=path, why=exc)]) from None
    except BaseException:
        conn.close()
        raise


def open_database(folder: Path, protocols: dict, user: str, now: Callable[[], datetime], *,
                  read_only: bool = False, allow_shared: bool = False) -> Opened:
    """Open (creating or migrating as needed) the store in ``folder``.

    ``read_only`` (listing, exporting, verifying): an existing current store is opened with SQLite's
    ``mode=ro``; nothing in the folder is created or changed. Else a read-only store is refused.
    """
    path = folder / DB_FILENAME
    if read_only and path.is_file():
        check_data_dir(folder, allow_shared=allow_shared)
        conn = connect(path, read_only=True)
        with _closed_if_unusable(conn, path):
            version = _check_ours(conn, path)
            check_sound(conn, path)
            if version == schema.SCHEMA_VERSION:
                return Opened(conn, path, read_only=True)
        conn.close()  # an older format: migrate it, if it may be written
    prepare_data_dir(folder, allow_shared=allow_shared)
    reason = _read_only_reason(folder, path)
    if reason:
        raise StoreUnusable([read_only_message(path, reason)])
    create_private_file(path)
    conn = connect(path)
    with _closed_if_unusable(conn, path):
        _check_ours(conn, path)  # a newer store is refused before anything (even the journal mode) changes
        check_sound(conn, path)
        use_wal(conn, path)
        opened = _bring_up_to_date(conn, path, protocols, user, now)
    for suffix in ("", "-wal", "-shm"):
        make_private(path.with_name(path.name + suffix))
    return opened


def _bring_up_to_date(conn, path: Path, protocols: dict, user: str, now) -> Opened:
    version = _check_ours(conn, path)
    if version == schema.SCHEMA_VERSION:
        return Opened(conn, path)
    if version == 0:
        with write_transaction(conn, N_("be created")):
            if _check_ours(conn, path) == 0:  # another process may have created it meanwhile
                schema.create_current(conn)
        return Opened(conn, path)
    moment = now()
    backup = make_backup(conn, path, version, moment)
    failure = None
    try:
        with write_transaction(conn, N_("be migrated")):
            try:
                start = _check_ours(conn, path)
                for step in range(start, schema.SCHEMA_VERSION):
                    MIGRATIONS[step](conn, protocols)
                if start < schema.SCHEMA_VERSION:
                    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                    audit.append(conn, action="store_migrated", user=user, at=to_text(moment), detail={
                        "from_version": start, "to_version": schema.SCHEMA_VERSION, "backup": backup.name})
            except Exception as exc:  # noqa: BLE001 - a step failed: say why; the transaction rolls back
                failure = "; ".join(exc.messages) if isinstance(exc, StoreError) else str(exc)
                raise
    except Exception as exc:
        why = failure or ("; ".join(exc.messages) if isinstance(exc, StoreError) else str(exc))
        # The store cannot be used by this program until it is migrated: exit status 3.
        raise StoreUnusable([_("the case store {path} could not be migrated from format {version} to {newest}: "
                               "{why}; it was not changed (a copy made before the attempt is {backup})", path=path,
                               version=version, newest=schema.SCHEMA_VERSION, why=why, backup=backup)]) from None
    return Opened(conn, path, migrated_from=version, backup=backup)
