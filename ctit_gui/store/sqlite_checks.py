"""Checks that belong to the SQLite file itself, apart from the backend-neutral chain checks.

- :func:`guard_problems`: each append-only trigger must be there with exactly the definition
  the program creates (a do-nothing trigger under the same name is reported).
- :func:`sequence_problems`: ``sqlite_sequence`` must not be ahead of the last entry (the end
  of the trail deleted). Lowering it too is undetectable here: only an anchor catches that.
- :func:`quick_check`: ``PRAGMA quick_check`` (damaged pages) on open.
- :func:`verify`: gathers the rows, runs :func:`ctit_gui.store.audit.check_trail`, adds the above.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable

from ..i18n import _
from . import audit, schema

_REVISION_FIELDS = ("case_id", "revision", "case_json", "saved_at", "saved_by", "why", "case_sha256")
_CASE_FIELDS = ("id", "patient_id", "trial", "arm", "latest_revision", "created_at", "created_by",
                "changed_at", "changed_by", "changed_why")


def _normal(sql: str | None) -> str:
    """A trigger definition with whitespace collapsed and no trailing semicolon, for comparison."""
    text = re.sub(r"\s+", " ", sql or "").strip().rstrip(";").strip()
    return re.sub(r"\s*([(),;])\s*", r"\1", text)


def guard_problems(conn: sqlite3.Connection) -> list[audit.Problem]:
    present = {name: sql for name, sql in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")}
    problems = []
    for name in schema.GUARDS:
        if name not in present:
            problems.append(audit.Problem(_("the append-only guard {name} is missing: the store was altered "
                                            "outside the program", name=name)))
        elif _normal(present[name]) != _normal(schema.guard_sql(name)):
            problems.append(audit.Problem(_("the append-only guard {name} was replaced by a trigger that does "
                                            "something else: the store was altered outside the program", name=name)))
    for name in sorted(set(present) - set(schema.GUARDS)):
        problems.append(audit.Problem(_("an unknown trigger {name} was added outside the program", name=name)))
    return problems


def sequence_problems(conn: sqlite3.Connection, entries: int) -> list[audit.Problem]:
    used = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    if used and used[0] > entries:
        return [audit.Problem(_("entries #{first} to #{last} are missing: the end of the trail was deleted outside "
                                "the program", first=entries + 1, last=used[0]), entries + 1)]
    return []


def quick_check(conn: sqlite3.Connection) -> list[str]:
    """Empty when SQLite finds the file sound; else its findings (at most a few)."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
    return [] if rows == ["ok"] else rows


def _dicts(conn: sqlite3.Connection, sql: str, names: Iterable[str]) -> list[dict]:
    names = tuple(names)
    return [dict(zip(names, row)) for row in conn.execute(sql)]


def verify(conn: sqlite3.Connection, anchors: Iterable[audit.Anchor] = ()) -> audit.VerifyReport:
    columns = (*audit.COLUMNS, "entry_hash")
    entries = _dicts(conn, f"SELECT {', '.join(columns)} FROM audit ORDER BY seq", columns)
    revisions = _dicts(conn, f"SELECT {', '.join(_REVISION_FIELDS)} FROM revisions ORDER BY case_id, revision",
                       _REVISION_FIELDS)
    cases = _dicts(conn, f"SELECT {', '.join(_CASE_FIELDS)} FROM cases ORDER BY id", _CASE_FIELDS)
    report = audit.check_trail(entries, revisions, cases, anchors)
    return audit.with_store_problems(report, conn, sequence_problems, guard_problems)
