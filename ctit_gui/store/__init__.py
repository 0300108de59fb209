"""Case store and audit trail: SQLite (WAL) in the user's data folder; revisions, autosave, audit chain.

The window and the command line use :func:`open_store` and the :class:`CaseStore` it returns;
see ``docs/store.md``. No Qt here. Names are imported on first use, so importing the
command line's parser costs no SQLite or platformdirs import.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from datetime import datetime
from typing import TYPE_CHECKING

_EXPORTS = {
    "audit": ("AuditEntry", "VerifyReport"),
    "cases": ("AUTOSAVE", "CaseStore", "CaseSummary", "RevisionInfo", "SavedRevision", "StoredCase"),
    "changes": ("AuditAction", "MergeResult", "banner_action", "describe", "diff_cases", "merge_edits",
                "pdf_export_action", "labs_imported_action"),
    "clock": ("local_text", "utc_now"),
    "errors": ("CaseNotFound", "SharedFolder", "StaleRevision", "StoreError", "StoreUnusable"),
    "hashing": ("case_content_hash",),
    "location": ("STORE_ENV_VAR", "is_postgres"),
    "paths": ("ENV_VAR", "resolve_data_dir"),
    "status": ("STATUS_KINDS", "CaseStatus", "case_status"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}
__all__ = sorted([*_HOME, "open_store"])

if TYPE_CHECKING:
    from .cases import CaseStore


def __getattr__(name: str):
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def open_store(data_dir: str | os.PathLike | None = None, *, protocols: dict | None = None,
               user: str | None = None, clock: Callable[[], datetime] | None = None, read_only: bool = False,
               allow_shared: bool = False, password: str | None = None, offline_ok: bool = False) -> CaseStore:
    """Open the case store, creating or migrating it; raises ``StoreError`` with a clear message.

    ``data_dir`` (``--store`` / ``--data-dir``) is an SQLite store folder or a PostgreSQL connection
    string (``postgresql://HOST/DB``, ``host=… dbname=…``, ``service=NAME``); without it
    ``$CTIT_STORE``, else ``$CTIT_DATA_DIR``, else the per-user data folder (SQLite).

    SQLite: ``user`` is who the audit names (default: the OS user). PostgreSQL: ``user`` is the
    database role to sign in as (default: libpq's), ``password`` its password (never stored); the
    audit names the role the server authenticated (``session_user``), whatever the client says.
    ``offline_ok`` (PostgreSQL, the window): a server that cannot be reached gives a store whose
    connection is not open yet (``store.connection.broken``); ``user`` is then the role the window
    will sign in as, and the store's format is checked when the server is back.
    ``clock`` is for tests.
    ``read_only``: open for listing/exporting/verifying only (SQLite ``mode=ro``; writes refused).
    ``allow_shared``: use an existing folder others can read (the user confirmed); else ``SharedFolder``.
    A damaged or read-only store raises ``StoreUnusable`` (exit status 3).
    """
    from ..core.session import default_protocols
    from .cases import CaseStore
    from .clock import os_user, utc_now
    from .location import is_postgres, resolve_store

    protocols = default_protocols() if protocols is None else protocols
    clock = clock or utc_now
    location = resolve_store(data_dir)
    if is_postgres(location):
        from .pg import connect_store

        conn = connect_store(str(location), user=user, password=password, offline_ok=offline_ok)
        try:
            signed_in = conn.default_user() if conn.broken else conn.session_user()
        except BaseException:
            conn.close()
            raise
        return CaseStore(conn, conn.where, protocols, user=signed_in, clock=clock, read_only=read_only)
    from .database import open_database
    from .paths import resolve_data_dir

    user = user or os_user()
    opened = open_database(resolve_data_dir(location), protocols, user, clock, read_only=read_only,
                           allow_shared=allow_shared)
    return CaseStore(opened.connection, opened.path, protocols, user=user, clock=clock,
                     migrated_from=opened.migrated_from, backup=opened.backup, read_only=opened.read_only)
