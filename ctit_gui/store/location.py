"""Which store to open: a PostgreSQL server (the shared ward store) or an SQLite folder (one workstation).

``--store`` (or ``$CTIT_STORE``) names either. A libpq connection URI (``postgresql://HOST/DB``,
``postgres://…``) or a ``key=value`` connection string (``host=… dbname=…``, ``service=ward``) is a
PostgreSQL store; anything else is an SQLite store folder. Without either, the SQLite store in the
``--data-dir`` / ``$CTIT_DATA_DIR`` / per-user folder, as before.
"""

from __future__ import annotations

import os
import re

STORE_ENV_VAR = "CTIT_STORE"
_CONNINFO_KEY = re.compile(r"^\s*[A-Za-z_]+\s*=")


def is_postgres(location: object) -> bool:
    """True when ``location`` is a libpq connection string or URI (not a folder)."""
    if location is None or isinstance(location, os.PathLike):
        return False
    text = str(location).strip()
    return text.startswith(("postgresql://", "postgres://")) or bool(_CONNINFO_KEY.match(text))


def resolve_store(store: str | os.PathLike | None = None, data_dir: str | os.PathLike | None = None):
    """The store to open: ``store``, else ``data_dir``, else ``$CTIT_STORE``, else None (the default folder)."""
    for value in (store, data_dir):
        if value is not None and str(value).strip():
            return value
    from_env = os.environ.get(STORE_ENV_VAR, "").strip()
    return from_env or None


def describe(conninfo: str) -> str:
    """The connection string as shown to people: without any password."""
    text = re.sub(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", r"\1***", conninfo)
    return re.sub(r"(://[^:/@]*):[^@/]*@", r"\1:***@", text)
