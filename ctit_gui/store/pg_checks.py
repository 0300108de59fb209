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

from ..i18n import _
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
        "WHERE NOT t.tgisinternal AND c.relname IN ('audit', 'revisions', 'cases', 'audit_head', 'segments', 'segment_audit', 'segment_cases') "
        "AND c.relnamespace = current_schema()::regnamespace").fetchall()
    present = {name: (definition, enabled) for name, definition, enabled in rows}
    problems = []
    for name in pg.GUARDS:
        if name not in present:
            problems.append(audit.Problem(_("the append-only guard {name} is missing: the store was altered "
                                            "outside the program", name=name)))
            continue
        definition, enabled = present[name]
        table, when, action = pg.GUARDS[name]
        expected = _normal(f"CREATE TRIGGER {name} {when} ON {table} {action}")
        shown = _normal(re.sub(r" ON \w+\.", " ON ", definition))
        if enabled == "D" or shown != expected:
            problems.append(audit.Problem(_("the append-only guard {name} was disabled or replaced by a trigger "
                                            "that does something else: the store was altered outside the program",
                                            name=name)))
    for name in sorted(set(present) - set(pg.GUARDS)):
        problems.append(audit.Problem(_("an unknown trigger {name} was added outside the program", name=name)))
    functions = {name: _normal(body) for name, body in conn.execute(
        "SELECT p.proname, p.prosrc FROM pg_proc p WHERE p.proname LIKE 'ctit\\_%' "
        "AND p.pronamespace = current_schema()::regnamespace")}
    for name, body in _expected_functions().items():
        if functions.get(name) != body:
            problems.append(audit.Problem(_("the guard function {name} is missing or was changed: the store was "
                                            "altered outside the program", name=name)))
    return problems


def head_problems(conn, entries: int) -> list[audit.Problem]:
    row = conn.execute("SELECT used FROM audit_head").fetchone()
    if row and row[0] > entries:
        return [audit.Problem(_("entries #{first} to #{last} are missing: the end of the trail was deleted outside "
                                "the program", first=entries + 1, last=row[0]), entries + 1)]
    return []


def _dicts(conn, sql: str, names: Iterable[str]) -> list[dict]:
    names = tuple(names)
    return [dict(zip(names, row)) for row in conn.execute(sql).fetchall()]


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f'"{name}"' for name in names)


def _segments(conn) -> list[dict]:
    found = []
    for segment, source, count, last_hash in conn.execute(
            "SELECT segment, source, entries, last_hash FROM segments ORDER BY segment").fetchall():
        columns = (*audit.COLUMNS, "entry_hash")
        rows = _dicts(conn, f"SELECT {_quoted(columns)} FROM segment_audit WHERE segment = {int(segment)} "
                            "ORDER BY seq", columns)
        mapping = dict(conn.execute("SELECT old_case_id, case_id FROM segment_cases WHERE segment = ?",
                                    (segment,)).fetchall())
        found.append({"segment": segment, "source": source, "entries": count, "last_hash": last_hash,
                      "rows": rows, "cases": mapping})
    return found


def _check_segments(segments: list[dict], main_rows: list[dict], walk) -> list[audit.Problem]:
    """Each copied workstation trail must walk intact to the count and last hash its seal in the ward
    store's chain names; what it recorded about each revision then counts under the case's new id."""
    import json

    seals = {}
    for row in main_rows:
        if row["action"] == "segment_sealed":
            detail = json.loads(row["detail"])
            seals[detail.get("segment")] = (row["seq"], detail)
    problems = []
    for segment in segments:
        name = _("the copied workstation trail {segment} (from {source})", segment=segment["segment"],
                 source=segment["source"])
        seg_walk = audit._walk_chain(segment["rows"])
        if seg_walk.broken is not None:
            problems.append(audit.Problem(f"{name}: {seg_walk.broken}"))
            continue
        seal = seals.get(segment["segment"])
        expected = (segment["entries"], segment["last_hash"], {str(k): v for k, v in segment["cases"].items()})
        if seal is None or (seal[1].get("entries"), seal[1].get("last_hash"), seal[1].get("cases")) != expected \
                or (seg_walk.count, seg_walk.last_hash) != expected[:2]:
            problems.append(audit.Problem(_("{trail} no longer matches its seal in the ward store's trail: it was "
                                            "changed outside the program", trail=name), seal[0] if seal else None))
            continue
        for (old_case, revision), info in seg_walk.saved.items():
            if old_case in segment["cases"]:
                walk.saved.setdefault((segment["cases"][old_case], revision), info)
        for old_case, info in seg_walk.created.items():
            if old_case in segment["cases"]:
                walk.created.setdefault(segment["cases"][old_case], info)
    return problems


def _segment_anchor(segments: list[dict], anchor: audit.Anchor) -> bool:
    """An anchor printed at a workstation before its store was copied: its entry is in a sealed segment."""
    for segment in segments:
        for row in segment["rows"]:
            if row["seq"] == anchor.seq and row["entry_hash"].startswith(anchor.hash):
                return True
    return False


def verify(conn, anchors: Iterable[audit.Anchor] = ()) -> audit.VerifyReport:
    """Like :func:`ctit_gui.store.sqlite_checks.verify`, with the same backend-neutral walk and checks
    (:mod:`ctit_gui.store.audit`), plus copied workstation segments and this server's guards."""
    columns = (*audit.COLUMNS, "entry_hash")
    rows = _dicts(conn, f"SELECT {_quoted(columns)} FROM audit ORDER BY seq", columns)
    revisions = _dicts(conn, f"SELECT {_quoted(_REVISION_FIELDS)} FROM revisions ORDER BY case_id, revision",
                       _REVISION_FIELDS)
    cases = _dicts(conn, f"SELECT {_quoted(_CASE_FIELDS)} FROM cases ORDER BY id", _CASE_FIELDS)
    segments = _segments(conn)
    anchors = list(anchors)
    if not segments:
        report = audit.check_trail(rows, revisions, cases, anchors)
    else:
        walk = audit._walk_chain(rows)
        problems = [walk.broken] if walk.broken else []
        problems.extend(_check_segments(segments, rows, walk))
        ward_anchors = [a for a in anchors if not _segment_anchor(segments, a)]
        problems.extend(audit.check_anchors(len(rows), walk.hashes.get, ward_anchors))
        if walk.broken is None:
            problems.extend(audit._check_revisions(revisions, walk.saved))
            problems.extend(audit._check_cases(cases, audit.revisions_by_case(revisions), walk))
        report = audit.VerifyReport(len(rows), walk.last_hash if walk.broken is None else rows[-1]["entry_hash"],
                                    tuple(problems), len(anchors))
    return audit.with_store_problems(report, conn, head_problems, guard_problems)


def copied_history(conn, case_id: int) -> list[audit.AuditEntry]:
    """The entries a workstation's trail holds about a case copied from it (its own numbers kept)."""
    columns = (*audit.COLUMNS, "entry_hash")
    rows = _dicts(conn, f"SELECT {', '.join('a.' + c for c in _quoted(columns).split(', '))} FROM segment_audit a "
                        "JOIN segment_cases m ON m.segment = a.segment AND m.old_case_id = a.case_id "
                        f"WHERE m.case_id = {int(case_id)} ORDER BY a.segment, a.seq", columns)
    return [audit._entry({**row, "case_id": case_id}) for row in rows]
