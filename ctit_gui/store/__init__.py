"""Case store and audit trail: SQLite (WAL) in the user's data folder; revisions, autosave, audit chain.

The window and the command line use :func:`open_store` and the :class:`CaseStore` it returns;
see ``docs/store.md``. No Qt here.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import datetime

from .audit import AuditEntry, VerifyReport
from .cases import AUTOSAVE, CaseStore, CaseSummary, RevisionInfo, SavedRevision, StoredCase
from .changes import AuditAction, MergeResult, banner_action, describe, diff_cases, merge_edits, pdf_export_action
from .clock import local_text, utc_now
from .errors import CaseNotFound, StaleRevision, StoreError
from .hashing import case_content_hash
from .paths import ENV_VAR, resolve_data_dir
from .status import STATUS_KINDS, CaseStatus, case_status

__all__ = [
    "AUTOSAVE", "ENV_VAR", "STATUS_KINDS", "AuditAction", "AuditEntry", "CaseNotFound", "CaseStatus", "CaseStore",
    "CaseSummary", "MergeResult", "RevisionInfo", "SavedRevision", "StaleRevision", "StoreError", "StoredCase",
    "VerifyReport", "banner_action", "case_content_hash", "case_status", "describe", "diff_cases", "local_text",
    "merge_edits", "open_store", "pdf_export_action", "resolve_data_dir",
]


def open_store(data_dir: str | os.PathLike | None = None, *, protocols: dict | None = None,
               user: str | None = None, clock: Callable[[], datetime] = utc_now) -> CaseStore:
    """Open the case store, creating or migrating it; raises :class:`StoreError` with a clear message.

    ``data_dir`` (the ``--data-dir`` option) overrides ``$CTIT_DATA_DIR`` and the per-user data
    folder. ``user`` and ``clock`` are for tests; the program records the OS user and UTC now.
    """
    from ..core.session import default_protocols
    from .clock import os_user
    from .database import open_database

    protocols = default_protocols() if protocols is None else protocols
    user = user or os_user()
    opened = open_database(resolve_data_dir(data_dir), protocols, user, clock)
    return CaseStore(opened.connection, opened.path, protocols, user=user, clock=clock,
                     migrated_from=opened.migrated_from, backup=opened.backup)
