"""A PostgreSQL ward store at store format 2 as the format-2 program wrote it, kept as a recorded dump.

``pg_format2_store.sql`` is ``pg_dump`` (plain SQL) of a ward store made by ``store init`` and filled
by :func:`tests.store.conftest.fill_store` (SYSU-0042: three weight edits and a stop banner by
nurse.a; then SYSU-0107 and the incomplete example), with pg_dump's version comments and psql's
``\\restrict`` lines removed. It is the "older store" a migration test upgrades: when the program's
store format moves on, this file stays as it is. Re-record it (``python -m tests.store.pg_format2``,
with ``CTIT_TEST_PG`` set) only while format 2 is the current format.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

RECORDED = Path(__file__).with_name("pg_format2_store.sql")
FORMAT = 2
#: What the recorded store holds (the test checks the migrated store still holds it).
CASES = {1: ("SYSU-0042", 4), 2: ("SYSU-0107", 1), 3: ("SYSU-0150", 1)}
AUDIT_ENTRIES = 13


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        import pytest

        pytest.fail(f"{name} (Debian's postgresql-client) is needed by the migration tests")
    return found


def load(conninfo: str) -> None:
    """Create the recorded format-2 store in the empty database ``conninfo`` (as its administrator)."""
    done = subprocess.run([_program("psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", conninfo, "-f", str(RECORDED)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def dump(conninfo: str, *extra: str) -> str:
    """The database as plain SQL, without pg_dump's version comments and ``\\restrict`` lines."""
    done = subprocess.run([_program("pg_dump"), "--no-comments", *extra, f"--dbname={conninfo}"],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return "\n".join(line for line in done.stdout.splitlines()
                     if not line.startswith(("\\restrict", "\\unrestrict", "-- Dumped from", "-- Dumped by"))) + "\n"


def _record() -> None:  # pragma: no cover - run by hand, see the module's docstring
    import os

    from ctit_gui.store.pg import SCHEMA_VERSION
    from tests.pg_support import PgCluster

    from .conftest import fill_store

    assert SCHEMA_VERSION == FORMAT, "the recorded store is format 2: keep the old file"
    cluster = PgCluster(os.environ["CTIT_TEST_PG"])
    name = cluster.new_database()
    try:
        os.environ["PGUSER"] = "ctit_test_clinician"
        fill_store(cluster.conninfo(name, user=None), also=("nct07334093-control-rescue", "nct07334093-incomplete"))
        RECORDED.write_text(dump(cluster.conninfo(name, user="postgres")), encoding="utf-8")
    finally:
        cluster.drop(name)


if __name__ == "__main__":  # pragma: no cover
    _record()
