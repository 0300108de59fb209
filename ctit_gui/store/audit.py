"""The audit trail: an append-only, hash-chained table, and the checks that verify it.

Each entry stores the hash of the entry before it and its own hash over a canonical
serialisation of every column (:func:`canonical_entry`, :func:`entry_hash`). The checks
here are backend-neutral: :func:`check_trail` takes the stored rows as plain dicts (the
audit entries, the revisions, the cases) and anchors (:class:`Anchor`, the chain head
printed on sheets and exports), and reports what does not match. Checks that belong to
one database engine (SQLite's trigger definitions and ``sqlite_sequence``) live in
:mod:`ctit_gui.store.sqlite_checks`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from .. import __version__
from ..i18n import _
from .changes import describe
from .clock import from_text
from .errors import StoreError
from .hashing import GENESIS_HASH, canonical_json, sha256_text

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


def canonical_entry(row: dict) -> str:
    """The one canonical form of an audit entry, whatever the database: canonical JSON of
    ``{seq, at, user, case_id, action, detail, program_version, protocol_sha256, prev_hash}``
    with ``at`` and ``detail`` as their stored text, ``case_id``/``protocol_sha256`` null when absent."""
    return canonical_json({name: row[name] for name in COLUMNS})


def entry_hash(row: dict) -> str:
    """sha256 of :func:`canonical_entry` (``detail`` as its stored text)."""
    return sha256_text(canonical_entry(row))


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
class Anchor:
    """The chain head at one moment: entry number and its hash (full, or the first 12+ hex digits)."""

    seq: int
    hash: str

    def __str__(self) -> str:
        return f"{self.seq}:{self.hash}"

    @property
    def short(self) -> str:
        """As printed in a sheet's footer: ``N:`` and the first 12 hex digits."""
        return f"{self.seq}:{self.hash[:SHORT_ANCHOR]}"


SHORT_ANCHOR = 12


def parse_anchor(text: str) -> Anchor:
    """``N:HASH`` (HASH: 12 to 64 hex digits, as ``audit anchor`` prints or a footer shows)."""
    raw = str(text).strip()
    number, sep, digest = raw.partition(":")
    digest = digest.strip().lower()
    if (not sep or not number.strip().isdigit() or int(number) < 1 or not SHORT_ANCHOR <= len(digest) <= 64
            or any(c not in "0123456789abcdef" for c in digest)):
        raise StoreError([_("an anchor is written N:HASH, the entry number and at least {digits} hexadecimal digits "
                            "of its hash, as `audit anchor` prints it (got {value})", digits=SHORT_ANCHOR,
                            value=repr(raw))])
    return Anchor(int(number), digest)


@dataclass(frozen=True)
class VerifyReport:
    entries: int
    last_hash: str
    problems: tuple[Problem, ...]
    anchors_checked: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_broken(self) -> Problem | None:
        return self.problems[0] if self.problems else None

    @property
    def anchor(self) -> Anchor | None:
        return Anchor(self.entries, self.last_hash) if self.entries else None

    def summary(self) -> str:
        if self.ok:
            if self.anchors_checked:
                return _("audit trail intact: {entries} entries, last hash {hash}; {anchors} anchor(s) match",
                         entries=self.entries, hash=self.last_hash, anchors=self.anchors_checked)
            return _("audit trail intact: {entries} entries, last hash {hash}", entries=self.entries,
                     hash=self.last_hash)
        return _("audit trail BROKEN: {problem}", problem=self.problems[0])


def _label(row: dict) -> str:
    return _("entry #{seq} ({at}, {user}, {action}, case {case})", seq=row["seq"], at=row["at"], user=row["user"],
             action=row["action"], case=row["case_id"])


@dataclass
class _Walk:
    count: int = 0
    last_hash: str = GENESIS_HASH
    broken: Problem | None = None
    hashes: dict[int, str] | None = None
    saved: dict[tuple[int, int], dict] | None = None  # (case, revision) -> what its revision_saved entry says
    created: dict[int, dict] | None = None  # case -> its case_created / case_imported entry


def _walk_chain(rows: Iterable[dict]) -> _Walk:
    """Walk entries in ``seq`` order: numbering, links, hashes; collect what the trail says."""
    walk = _Walk(hashes={}, saved={}, created={})
    expected_seq = 1
    for row in rows:
        walk.count += 1
        if row["seq"] != expected_seq:
            walk.broken = Problem(_("entry #{seq} is missing: it was deleted outside the program "
                                    "(the next entry is #{next})", seq=expected_seq, next=row["seq"]), expected_seq)
            return walk
        if row["prev_hash"] != walk.last_hash:
            walk.broken = Problem(_("{entry} does not continue the chain: the entry before it was changed, removed "
                                    "or inserted outside the program", entry=_label(row)), row["seq"])
            return walk
        if entry_hash(row) != row["entry_hash"]:
            walk.broken = Problem(_("{entry} does not match its hash: it was changed outside the program",
                                    entry=_label(row)), row["seq"])
            return walk
        walk.hashes[row["seq"]] = row["entry_hash"]
        if row["action"] in ("revision_saved", "case_created", "case_imported"):
            detail = json.loads(row["detail"])
            if row["action"] == "revision_saved":
                walk.saved[(row["case_id"], detail["revision"])] = {
                    "seq": row["seq"], "user": row["user"], "at": row["at"], "why": detail.get("why"),
                    "case_sha256": detail.get("case_sha256")}
            else:
                walk.created.setdefault(row["case_id"], {"seq": row["seq"], **detail})
        walk.last_hash, expected_seq = row["entry_hash"], expected_seq + 1
    return walk


def check_anchors(count: int, hash_of: Callable[[int], str | None], anchors: Iterable[Anchor]) -> list[Problem]:
    """Each anchor's entry must still be there with the same hash; a trail shorter than it was cut."""
    problems = []
    for anchor in anchors:
        if anchor.seq > count:
            problems.append(Problem(_("the trail has {count} entries but anchor {anchor} names entry #{seq}: entries "
                                      "were cut off the end outside the program", count=count, anchor=anchor.short,
                                      seq=anchor.seq), anchor.seq))
            continue
        found = hash_of(anchor.seq)
        if found is None or not found.startswith(anchor.hash):
            problems.append(Problem(_("entry #{seq} no longer matches anchor {anchor}: the trail up to it was "
                                      "rewritten outside the program", seq=anchor.seq, anchor=anchor.short), anchor.seq))
    return problems


def check_trail(entries_in_order: Iterable[dict], revisions: Iterable[dict], cases: Iterable[dict],
                anchors: Iterable[Anchor] = ()) -> VerifyReport:
    """Backend-neutral verification.

    ``entries_in_order``: audit rows by ``seq`` with every column of :data:`COLUMNS` plus ``entry_hash``.
    ``revisions``: rows with ``case_id, revision, case_json, saved_at, saved_by, why, case_sha256``.
    ``cases``: rows with ``id, patient_id, trial, arm, latest_revision, created_at, created_by,
    changed_at, changed_by, changed_why``. Every value the program shows or acts on must match what
    the chain covers; the first problem of each kind is reported.
    """
    rows = list(entries_in_order)
    revisions = list(revisions)
    walk = _walk_chain(rows)
    problems = [walk.broken] if walk.broken else []
    anchors = list(anchors)
    problems.extend(check_anchors(len(rows), walk.hashes.get, anchors))
    if walk.broken is None:
        problems.extend(_check_revisions(revisions, walk.saved))
        problems.extend(_check_cases(cases, revisions_by_case(revisions), walk))
    return VerifyReport(len(rows), walk.last_hash if walk.broken is None else rows[-1]["entry_hash"],
                        tuple(problems), len(anchors))


def with_store_problems(report: VerifyReport, conn, tail_problems: Callable[[object, int], list[Problem]],
                        guard_problems: Callable[[object], list[Problem]]) -> VerifyReport:
    """``report`` with what the store itself shows: a cut tail (asked only when the chain is not already
    broken at an entry) and missing guards. A tail cut is as serious as a broken link: reported first."""
    extra = []
    if report.ok or not report.problems[0].message.startswith("entry #"):
        extra.extend(tail_problems(conn, report.entries))
    extra.extend(guard_problems(conn))
    if not extra:
        return report
    problems = list(report.problems)
    problems[:0] = [p for p in extra if p.seq is not None]
    problems.extend(p for p in extra if p.seq is None)
    return VerifyReport(report.entries, report.last_hash, tuple(problems), report.anchors_checked)


def revisions_by_case(revisions: Iterable[dict]) -> dict[int, dict[int, dict]]:
    found: dict[int, dict[int, dict]] = {}
    for row in revisions:
        found.setdefault(row["case_id"], {})[row["revision"]] = row
    return found


def _check_revisions(revisions: Iterable[dict], saved: dict[tuple[int, int], dict]) -> list[Problem]:
    problems: list[Problem] = []
    seen = set()
    for row in revisions:
        key = (row["case_id"], row["revision"])
        seen.add(key)
        where = _("case {case} revision {revision}", case=row["case_id"], revision=row["revision"])
        entry = saved.get(key)
        if entry is None:
            problems.append(Problem(_("{where} has no audit entry: it was added, or its entry removed, outside the "
                                      "program", where=where)))
        elif sha256_text(row["case_json"]) != entry["case_sha256"] or row["case_sha256"] != entry["case_sha256"]:
            problems.append(Problem(_("{where} does not match the hash its audit entry recorded: it was changed "
                                      "outside the program", where=where), entry["seq"]))
        elif (row["saved_by"], row["saved_at"], row["why"]) != (entry["user"], entry["at"], entry["why"]):
            problems.append(Problem(_("{where}: who saved it, when or why ({stored}) differs from its audit entry "
                                      "#{seq} ({recorded}): it was changed outside the program", where=where,
                                      stored=f"{row['saved_by']}, {row['saved_at']}, {row['why']}", seq=entry["seq"],
                                      recorded=f"{entry['user']}, {entry['at']}, {entry['why']}"), entry["seq"]))
        if problems:
            return problems[:1]
    for key, entry in sorted(saved.items()):
        if key not in seen:
            return [Problem(_("case {case} revision {revision} is in the audit trail (entry #{seq}) but not in the "
                              "store: it was deleted outside the program", case=key[0], revision=key[1],
                              seq=entry["seq"]), entry["seq"])]
    return []


def _check_cases(cases: Iterable[dict], revisions: dict[int, dict[int, dict]], walk: _Walk) -> list[Problem]:
    """The case rows against the revisions and the trail (the program reads the revisions, not these)."""
    listed = set()
    for row in cases:
        case_id = row["id"]
        listed.add(case_id)
        mine = revisions.get(case_id, {})
        if case_id not in walk.created or not mine:
            return [Problem(_("case {case} has no creation entry in the audit trail or no revision: it was added "
                              "outside the program", case=case_id))]
        latest = mine[max(mine)]
        first = mine[min(mine)]
        try:
            data = json.loads(latest["case_json"])
            shown = (data["patient"]["id"], data["trial"], data["arm"])
        except (ValueError, KeyError, TypeError):
            shown = None
        expected = {"latest_revision": max(mine), "changed_at": latest["saved_at"], "changed_by": latest["saved_by"],
                    "changed_why": latest["why"], "created_at": first["saved_at"], "created_by": first["saved_by"]}
        if shown:
            expected.update(zip(("patient_id", "trial", "arm"), shown))
        wrong = [name for name, value in expected.items() if row.get(name, value) != value]
        if wrong:
            return [Problem(_("case {case}: the case row's {columns} no longer match(es) its revisions and audit "
                              "trail: it was changed outside the program (the program shows the revisions' values)",
                              case=case_id, columns=", ".join(wrong)))]
    for case_id, entry in sorted(walk.created.items()):
        if case_id not in listed:
            return [Problem(_("case {case} is in the audit trail (entry #{seq}) but not in the store: it was deleted "
                              "outside the program", case=case_id, seq=entry["seq"]), entry["seq"])]
    return []
