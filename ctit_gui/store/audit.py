"""The audit trail: an append-only, hash-chained table.

Each entry stores the hash of the entry before it and its own hash over a canonical
serialisation of every column (see :func:`entry_hash`). SQL triggers refuse UPDATE
and DELETE and an INSERT that does not continue the chain; :func:`verify` walks the
chain and reports the first entry that does not match, plus missing guards and
revisions whose content no longer matches the hash the trail recorded for them.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime

from .. import __version__
from .changes import describe
from .clock import from_text
from .hashing import GENESIS_HASH, canonical_json, sha256_text
from .schema import GUARDS

COLUMNS = ("seq", "at", "user", "case_id", "action", "detail", "program_version", "protocol_sha256", "prev_hash")


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: datetime  # UTC; show with clock.local_text
    user: str
    case_id: int | None
    action: str
    detail: dict
    program_version: str
    protocol_sha256: str | None
    prev_hash: str
    entry_hash: str

    @property
    def revision(self) -> int | None:
        return self.detail.get("revision")

    def describe(self) -> str:
        return describe(self.action, self.detail)


def entry_hash(row: dict) -> str:
    """sha256 of the canonical JSON of the entry's columns (``detail`` as its stored text)."""
    return sha256_text(canonical_json({name: row[name] for name in COLUMNS}))


def append(conn: sqlite3.Connection, *, action: str, user: str, at: str, detail: dict,
           case_id: int | None = None, protocol_sha256: str | None = None) -> AuditEntry:
    """Add one entry; call inside a write transaction (``BEGIN IMMEDIATE``) so the chain cannot fork."""
    last = conn.execute("SELECT seq, entry_hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
    used = _used_seq(conn)
    seq = max(last[0] if last else 0, used or 0) + 1
    row = {"seq": seq, "at": at, "user": user, "case_id": case_id, "action": action,
           "detail": canonical_json(detail), "program_version": __version__,
           "protocol_sha256": protocol_sha256, "prev_hash": last[1] if last else GENESIS_HASH}
    row["entry_hash"] = entry_hash(row)
    conn.execute(f"INSERT INTO audit ({_quoted(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))
    return _entry(row)


def _quoted(names) -> str:
    """Column names quoted: ``user`` is a reserved word in PostgreSQL."""
    return ", ".join(f'"{name}"' for name in names)


def _is_postgres(conn) -> bool:
    return getattr(conn, "dialect", "sqlite") == "postgresql"


def _used_seq(conn) -> int | None:
    """The highest entry number ever handed out: SQLite's AUTOINCREMENT memory; on PostgreSQL the
    ``audit_head`` row the chain trigger keeps (clinicians cannot write it)."""
    if _is_postgres(conn):
        used = conn.execute("SELECT used FROM audit_head").fetchone()
        return used[0] if used else None
    used = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit'").fetchone()
    return used[0] if used else None


def _present_guards(conn) -> set[str]:
    if _is_postgres(conn):
        return conn.present_guards()
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}


def _expected_guards(conn):
    if _is_postgres(conn):
        from .pg import GUARDS as PG_GUARDS

        return PG_GUARDS
    return GUARDS


def _entry(row) -> AuditEntry:
    return AuditEntry(row["seq"], from_text(row["at"]), row["user"], row["case_id"], row["action"],
                      json.loads(row["detail"]), row["program_version"], row["protocol_sha256"],
                      row["prev_hash"], row["entry_hash"])


def _rows(conn, where: str = "", params: tuple = ()):
    cursor = conn.execute(f"SELECT {_quoted(COLUMNS)}, entry_hash FROM audit {where} ORDER BY seq", params)
    names = [d[0] for d in cursor.description]
    for values in cursor:
        yield dict(zip(names, values))


def entries(conn: sqlite3.Connection, case_id: int | None = None) -> list[AuditEntry]:
    """The trail in order; with ``case_id`` only that case's entries (its history)."""
    if case_id is None:
        return [_entry(r) for r in _rows(conn)]
    return [_entry(r) for r in _rows(conn, "WHERE case_id = ?", (case_id,))]


@dataclass(frozen=True)
class Problem:
    message: str
    seq: int | None = None  # the audit entry concerned, if any

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class VerifyReport:
    entries: int
    last_hash: str
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    def summary(self) -> str:
        if self.ok:
            return f"audit trail intact: {self.entries} entries, last hash {self.last_hash}"
        return f"audit trail BROKEN: {self.problems[0]}"


def _label(row: dict) -> str:
    return f"entry #{row['seq']} ({row['at']}, {row['user']}, {row['action']}, case {row['case_id']})"


def _walk_chain(conn: sqlite3.Connection) -> tuple[int, str, Problem | None, dict[tuple[int, int], str]]:
    """Count, last hash, the first broken entry, and the case hash the trail recorded per revision."""
    expected_seq, previous, count = 1, GENESIS_HASH, 0
    recorded: dict[tuple[int, int], str] = {}
    for row in _rows(conn):
        count += 1
        if row["seq"] != expected_seq:
            return count, previous, Problem(f"entry #{expected_seq} is missing: it was deleted outside the program "
                                            f"(the next entry is #{row['seq']})", expected_seq), recorded
        if row["prev_hash"] != previous:
            return count, previous, Problem(f"{_label(row)} does not continue the chain: the entry before it "
                                            "was changed, removed or inserted outside the program", row["seq"]), recorded
        if entry_hash(row) != row["entry_hash"]:
            return count, previous, Problem(f"{_label(row)} does not match its hash: it was changed outside "
                                            "the program", row["seq"]), recorded
        if row["action"] == "revision_saved":
            detail = json.loads(row["detail"])
            recorded[(row["case_id"], detail["revision"])] = detail["case_sha256"]
        previous, expected_seq = row["entry_hash"], expected_seq + 1
    used = _used_seq(conn)
    if used and used >= expected_seq:
        return count, previous, Problem(f"entries #{expected_seq} to #{used} are missing: the end of the trail "
                                        "was deleted outside the program", expected_seq), recorded
    return count, previous, None, recorded


def verify(conn: sqlite3.Connection) -> VerifyReport:
    """Walk the chain; then check the append-only guards and every revision against its recorded hash."""
    count, last, broken, recorded = _walk_chain(conn)
    problems = [broken] if broken else []
    present = _present_guards(conn)
    for name in _expected_guards(conn):
        if name not in present:
            problems.append(Problem(f"the append-only guard {name} is missing: the store was altered outside the program"))
    if broken is None:
        problems.extend(_check_revisions(conn, recorded))
    return VerifyReport(count, last, tuple(problems))


def _check_revisions(conn: sqlite3.Connection, recorded: dict[tuple[int, int], str]) -> list[Problem]:
    for case_id, revision, case_json, stored in conn.execute(
            "SELECT case_id, revision, case_json, case_sha256 FROM revisions ORDER BY case_id, revision"):
        expected = recorded.get((case_id, revision))
        if expected is None:
            return [Problem(f"case {case_id} revision {revision} has no audit entry: "
                            "it was added, or its entry removed, outside the program")]
        if sha256_text(case_json) != expected or stored != expected:
            return [Problem(f"case {case_id} revision {revision} does not match the hash its audit entry recorded: "
                            "it was changed outside the program")]
    return []
