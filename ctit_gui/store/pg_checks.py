"""Checks that belong to the PostgreSQL ward store, apart from the backend-neutral chain checks.

The rows go through the same :func:`ctit_gui.store.audit.check_trail` as on SQLite, so
``audit verify`` means the same on both stores. Added here:

- :func:`guard_problems`: each guard trigger must be there, enabled, with exactly the definition
  ``store init`` creates, and its function's body unchanged; no unknown trigger on the store's tables.
- :func:`head_problems`: ``audit_head.used`` (kept by the chain trigger, not writable by clinicians)
  must not be ahead of the last entry (the end of the trail deleted by a superuser).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import audit, pg
from .sqlite_checks import _CASE_FIELDS, _REVISION_FIELDS


def _normal(sql: str | None) -> str:
    text = re.sub(r"\s+", " ", sql or "").strip().rstrip(";").strip()
    return re.sub(r"\s*([(),;])\s*", r"\1", text)


def _expected_functions() -> dict[str, str]:
    found = {}
    for statement in pg._functions():
        name = re.match(r"CREATE FUNCTION (\w+)", statement).group(1)
        body = statement.split("$$")[1]
        found[name] = _normal(body)
    return found


def guard_problems(conn) -> list[audit.Problem]:
    rows = conn.execute(
        "SELECT t.tgname, pg_get_triggerdef(t.oid), t.tgenabled FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE NOT t.tgisinternal AND c.relname IN ('audit', 'revisions', 'cases', 'audit_head') "
        "AND c.relnamespace = current_schema()::regnamespace").fetchall()
    present = {name: (definition, enabled) for name, definition, enabled in rows}
    problems = []
    for name in pg.GUARDS:
        if name not in present:
            problems.append(audit.Problem(f"the append-only guard {name} is missing: "
                                          "the store was altered outside the program"))
            continue
        definition, enabled = present[name]
        table, when, action = pg.GUARDS[name]
        expected = _normal(f"CREATE TRIGGER {name} {when} ON {table} {action}")
        shown = _normal(re.sub(r" ON \w+\.", " ON ", definition))
        if enabled == "D" or shown != expected:
            problems.append(audit.Problem(f"the append-only guard {name} was disabled or replaced by a trigger that "
                                          "does something else: the store was altered outside the program"))
    for name in sorted(set(present) - set(pg.GUARDS)):
        problems.append(audit.Problem(f"an unknown trigger {name} was added outside the program"))
    functions = {name: _normal(body) for name, body in conn.execute(
        "SELECT p.proname, p.prosrc FROM pg_proc p WHERE p.proname LIKE 'ctit\\_%' "
        "AND p.pronamespace = current_schema()::regnamespace")}
    for name, body in _expected_functions().items():
        if functions.get(name) != body:
            problems.append(audit.Problem(f"the guard function {name} is missing or was changed: "
                                          "the store was altered outside the program"))
    return problems


def head_problems(conn, entries: int) -> list[audit.Problem]:
    row = conn.execute("SELECT used FROM audit_head").fetchone()
    if row and row[0] > entries:
        return [audit.Problem(f"entries #{entries + 1} to #{row[0]} are missing: the end of the trail "
                              "was deleted outside the program", entries + 1)]
    return []


def _dicts(conn, sql: str, names: Iterable[str]) -> list[dict]:
    names = tuple(names)
    return [dict(zip(names, row)) for row in conn.execute(sql).fetchall()]


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def verify(conn, anchors: Iterable[audit.Anchor] = ()) -> audit.VerifyReport:
    columns = (*audit.COLUMNS, "entry_hash")
    entries = _dicts(conn, f"SELECT {_quoted(columns)} FROM audit ORDER BY seq", columns)
    revisions = _dicts(conn, f"SELECT {_quoted(_REVISION_FIELDS)} FROM revisions ORDER BY case_id, revision",
                       _REVISION_FIELDS)
    cases = _dicts(conn, f"SELECT {_quoted(_CASE_FIELDS)} FROM cases ORDER BY id", _CASE_FIELDS)
    report = audit.check_trail(entries, revisions, cases, anchors)
    extra = []
    if report.ok or not report.problems[0].message.startswith("entry #"):
        extra.extend(head_problems(conn, report.entries))
    extra.extend(guard_problems(conn))
    if not extra:
        return report
    problems = list(report.problems)
    problems[:0] = [p for p in extra if p.seq is not None]
    problems.extend(p for p in extra if p.seq is None)
    return audit.VerifyReport(report.entries, report.last_hash, tuple(problems), report.anchors_checked)
