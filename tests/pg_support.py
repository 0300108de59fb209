"""The throw-away PostgreSQL server the tests use (scripts/pg-test-server.sh; scripts/test.sh starts it).

``CTIT_TEST_PG`` is its administrator's connection string. Without it a PostgreSQL test fails under
CI (``CI=true``: a missing server must not pass as skipped) and is skipped elsewhere, saying why.
Each test gets a fresh database copied from a template made once with ``store init``.
"""

from __future__ import annotations

import itertools
import os

import pytest

ENV_VAR = "CTIT_TEST_PG"
DEFAULT_ROLE = "ctit_test_clinician"
# Every clinician name the store tests sign in as (login roles, members of ctit_clinician).
TEST_ROLES = (DEFAULT_ROLE, "nurse.a", "dr.b", "a", "b", "screener", "pharmacist", "alice", "bob",
              *(f"clinician{n}" for n in range(1, 9)))
SIGNIN_ROLE = "ctit_signin_test"  # the one role the test server's pg_hba asks a SCRAM password of
SIGNIN_PASSWORD = "correct horse 42"
TEMPLATE = "ctit_template"
_counter = itertools.count(1)


def require_server() -> str:
    conninfo = os.environ.get(ENV_VAR, "").strip()
    if conninfo:
        return conninfo
    message = (f"{ENV_VAR} is not set: no PostgreSQL test server (run the suite with `bash scripts/test.sh`, "
               "which starts one)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class PgCluster:
    def __init__(self, admin_conninfo: str):
        from psycopg.conninfo import conninfo_to_dict, make_conninfo

        self.admin_conninfo = admin_conninfo
        self._parts = conninfo_to_dict(admin_conninfo)
        self._make = make_conninfo
        self.host = self._parts.get("host")
        self._ready = False

    def conninfo(self, dbname: str, user: str | None = DEFAULT_ROLE, **extra) -> str:
        parts = {k: v for k, v in self._parts.items() if k not in ("dbname", "user", "password")}
        parts["dbname"] = dbname
        if user:
            parts["user"] = user
        parts.update(extra)
        return self._make("", **parts)

    def admin(self, dbname: str = "postgres"):
        import psycopg

        return psycopg.connect(self.conninfo(dbname, user=self._parts.get("user", "postgres")), autocommit=True)

    def prepare(self) -> None:
        """Template database with the store, and the test clinicians' login roles (once per session)."""
        if self._ready:
            return
        from ctit_gui.store.pg import CLINICIAN_ROLE, init_store

        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {TEMPLATE}")
        init_store(self.conninfo(TEMPLATE, user=self._parts.get("user", "postgres")))
        with self.admin() as conn:
            for role in TEST_ROLES:
                if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone():
                    conn.execute(f"CREATE ROLE {quote(role)} LOGIN IN ROLE {CLINICIAN_ROLE}")
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (SIGNIN_ROLE,)).fetchone():
                conn.execute(f"CREATE ROLE {SIGNIN_ROLE} LOGIN IN ROLE {CLINICIAN_ROLE}")
            conn.execute("SET password_encryption = 'scram-sha-256'")
            conn.execute(f"ALTER ROLE {SIGNIN_ROLE} PASSWORD %s".replace("%s", "'" + SIGNIN_PASSWORD + "'"))
        self._ready = True

    def new_database(self, *, empty: bool = False) -> str:
        """A fresh database (with the store, unless ``empty``); returns its name."""
        self.prepare()
        name = f"ctit_test_{os.getpid()}_{next(_counter)}"
        with self.admin() as conn:
            conn.execute(f"CREATE DATABASE {name}" + ("" if empty else f" TEMPLATE {TEMPLATE}"))
        return name

    def drop(self, name: str) -> None:
        with self.admin() as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
