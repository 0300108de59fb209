"""The case store: cases as append-only revisions, the latest being the case.

Every save writes a new revision (the case's canonical JSON, who, when, why) and its
audit entries in one ``BEGIN IMMEDIATE`` transaction, and only if the caller's base
revision is still the latest (optimistic concurrency): otherwise :class:`StaleRevision`
names who saved in between and when. Autosave is the same save with ``why="autosave"``.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from ..core.case import Case
from ..core.errors import problems_from_validation
from ..i18n import N_, _
from . import audit
from .changes import AuditAction, banner_action, diff_cases, pdf_export_action
from .clock import from_text, os_user, to_text, utc_now
from .database import write_transaction
from .errors import CaseNotFound, StaleRevision, StoreError, StoreUnusable
from .hashing import case_canonical_json, case_file_text, sha256_bytes, sha256_text
from .status import STATUS_KINDS, CaseStatus, StatusFacts, status_facts, status_on

AUTOSAVE = "autosave"


@dataclass(frozen=True)
class SavedRevision:
    """What a save produced. ``written`` is False when the case was unchanged (no new revision)."""

    case_id: int
    revision: int
    saved_at: datetime
    saved_by: str
    why: str
    case_sha256: str
    written: bool = True


@dataclass(frozen=True)
class RevisionInfo:
    case_id: int
    revision: int
    saved_at: datetime
    saved_by: str
    why: str
    session: str
    case_sha256: str | None


@dataclass(frozen=True)
class StoredCase:
    """A case as loaded: save your edits with ``base_revision=stored.revision``."""

    case_id: int
    revision: int
    case: Case
    info: RevisionInfo


@dataclass(frozen=True)
class CaseSummary:
    """One row of the case list."""

    case_id: int
    patient_id: str
    trial: str
    arm: str
    status: CaseStatus
    revision: int
    changed_at: datetime
    changed_by: str
    why: str
    created_at: datetime
    created_by: str


_REVISION_COLUMNS = "case_id, revision, saved_at, saved_by, why, session, case_sha256"
_SUMMARY_COLUMNS = ("id, patient_id, trial, arm, latest_revision, changed_at, changed_by, changed_why, "
                    "created_at, created_by, day1, stop_day, treatment_days, status_protocol_sha256")


def _info(row) -> RevisionInfo:
    return RevisionInfo(row[0], row[1], from_text(row[2]), row[3], row[4], row[5], row[6])


def _parse_case(case_id: int, revision: int, case_json: str) -> Case:
    try:
        return Case.model_validate_json(case_json)
    except ValidationError as exc:
        raise StoreError([_("case {case} revision {revision} cannot be read by this program: {problem}", case=case_id,
                            revision=revision, problem=p) for p in problems_from_validation(exc)]) from None


class CaseStore:
    """Open with :func:`ctit_gui.store.open_store`. Use from one thread; close when done."""

    def __init__(self, conn, path: Path | str, protocols: dict, *, user: str | None = None,
                 clock: Callable[[], datetime] = utc_now, migrated_from: int | None = None,
                 backup: Path | None = None, read_only: bool = False):
        self._conn = conn
        self.read_only = read_only  # opened with SQLite mode=ro: every write is refused
        self.path = path
        self.migrated_from = migrated_from  # the store format this open migrated from, if any
        self.backup = backup  # the copy made before that migration
        self.protocols = protocols
        self.user = user or os_user()
        self.session = uuid.uuid4().hex[:12]
        self._clock = clock
        self._facts_cache: dict = {}
        self._entries_cache: dict = {}
        self.last_export_anchor: audit.Anchor | None = None
        self.last_export_recorded = False

    # -- lifetime -------------------------------------------------------------------------------
    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> "CaseStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def is_postgres(self) -> bool:
        """True for the shared ward store on a PostgreSQL server."""
        return getattr(self._conn, "dialect", "sqlite") == "postgresql"

    @property
    def connection(self) -> sqlite3.Connection:
        """The raw connection, for checks (``PRAGMA integrity_check``); do not write through it."""
        return self._conn

    # -- writing --------------------------------------------------------------------------------
    def _require_writable(self) -> None:
        if self.read_only:
            from .database import read_only_message

            raise StoreUnusable([read_only_message(self.path, N_("opened for reading only"))])

    def _protocol_hash(self, case: Case) -> str | None:
        loaded = self.protocols.get(case.trial)
        return loaded.sha256 if loaded else None

    def _log(self, case_id: int | None, at: str, actions: Iterable[AuditAction], protocol_sha256: str | None,
             revision: int | None = None) -> list[audit.AuditEntry]:
        written = []
        for action in actions:
            detail = dict(action.detail)
            if revision is not None:
                detail.setdefault("revision", revision)
            written.append(audit.append(self._conn, action=action.action, user=self.user, at=at, detail=detail,
                                        case_id=case_id, protocol_sha256=protocol_sha256))
        return written

    def _write_revision(self, case_id: int, revision: int, case: Case, why: str, at: str) -> str:
        text = case_canonical_json(case)
        digest = sha256_text(text)
        self._conn.execute(f"INSERT INTO revisions ({_REVISION_COLUMNS}, case_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                           (case_id, revision, at, self.user, why, self.session, digest, text))
        facts = status_facts(case, self.protocols)
        self._conn.execute(
            "UPDATE cases SET patient_id = ?, trial = ?, arm = ?, latest_revision = ?, changed_at = ?, "
            "changed_by = ?, changed_why = ?, day1 = ?, stop_day = ?, treatment_days = ?, "
            "status_protocol_sha256 = ? WHERE id = ?",
            (case.patient.id, case.trial, case.arm, revision, at, self.user, why, *facts.as_row(), case_id))
        return digest

    def create_case(self, case: Case, *, why: str = "created", origin: AuditAction | None = None,
                    actions: Sequence[AuditAction] = ()) -> SavedRevision:
        """Store a new case as revision 1; ``origin`` replaces the ``case_created`` entry (e.g. an import)."""
        _require_case(case)
        self._require_writable()
        moment = self._clock()
        at = to_text(moment)
        who = {"patient_id": case.patient.id, "trial": case.trial, "arm": case.arm}
        origin = origin or AuditAction("case_created", {})
        with write_transaction(self._conn, N_("create the case")):
            case_id = self._conn.execute(
                "INSERT INTO cases (patient_id, trial, arm, created_at, created_by, latest_revision, changed_at, "
                "changed_by, changed_why) VALUES (?, ?, ?, ?, ?, 1, ?, ?, ?) RETURNING id",
                (case.patient.id, case.trial, case.arm, at, self.user, at, self.user, why)).fetchone()[0]
            digest = self._write_revision(case_id, 1, case, why, at)
            entries = [AuditAction(origin.action, {**who, **origin.detail}),
                       AuditAction("revision_saved", {"why": why, "case_sha256": digest, "base_revision": None}),
                       *actions]
            self._log(case_id, at, entries, self._protocol_hash(case), revision=1)
        return SavedRevision(case_id, 1, moment, self.user, why, digest)

    def import_case(self, case: Case, *, source: str, source_sha256: str) -> SavedRevision:
        """A case read from a file (name and sha256 of its bytes recorded)."""
        origin = AuditAction("case_imported", {"source": source, "source_sha256": source_sha256})
        return self.create_case(case, why="imported", origin=origin)

    def save(self, case_id: int, case: Case, base_revision: int, *, why: str = "edited",
             actions: Sequence[AuditAction] = ()) -> SavedRevision:
        """Write ``case`` as the next revision if ``base_revision`` is still the latest.

        Raises :class:`StaleRevision` (nothing written) if someone saved in between. Saving an
        unchanged case writes nothing (``written=False``) unless ``actions`` are given.
        """
        _require_case(case)
        self._require_writable()
        if not why.strip():
            raise StoreError([_("a save needs a reason (why)")])
        moment = self._clock()
        at = to_text(moment)
        with write_transaction(self._conn, N_("save the case")):
            latest = self._latest_row(case_id)
            current = self._case_at(case_id, latest["revision"])
            changes = diff_cases(current, case)
            if latest["revision"] != base_revision and changes:
                raise StaleRevision(case_id, current.patient.id, base_revision, latest["revision"],
                                    latest["saved_by"], from_text(latest["saved_at"]), latest["why"])
            if not changes:  # nothing new (also when someone else already saved exactly this)
                self._log(case_id, at, actions, self._protocol_hash(case), revision=latest["revision"])
                return SavedRevision(case_id, latest["revision"], from_text(latest["saved_at"]), latest["saved_by"],
                                     latest["why"], latest["case_sha256"], written=False)
            revision = base_revision + 1
            digest = self._write_revision(case_id, revision, case, why, at)
            saved = AuditAction("revision_saved", {"why": why, "case_sha256": digest, "base_revision": base_revision})
            self._log(case_id, at, [saved, *changes, *actions], self._protocol_hash(case), revision=revision)
        return SavedRevision(case_id, revision, moment, self.user, why, digest)

    def autosave(self, case_id: int, case: Case, base_revision: int) -> SavedRevision:
        """The window's debounced save: a revision with ``why="autosave"``, audited like any save."""
        return self.save(case_id, case, base_revision, why=AUTOSAVE)

    def record(self, case_id: int, actions: Sequence[AuditAction]) -> list[audit.AuditEntry]:
        """Audit entries that are not edits (banners, PDF exports), tied to the case's latest revision."""
        self._require_writable()
        with write_transaction(self._conn, N_("record the audit entry")):
            latest = self._latest_row(case_id)
            case = self._case_at(case_id, latest["revision"])
            return self._log(case_id, to_text(self._clock()), actions, self._protocol_hash(case),
                             revision=latest["revision"])

    def record_banner(self, case_id: int, *, raised: bool, kind: str, text: str, day: int | None = None):
        return self.record(case_id, [banner_action(raised, kind, text, day)])

    def record_pdf_export(self, case_id: int, *, pdf_sha256: str, file_name: str, revision: int, case_sha256: str):
        return self.record(case_id, [pdf_export_action(pdf_sha256, file_name, revision, case_sha256)])

    def export_case(self, case_id: int, path: Path) -> tuple[StoredCase, str]:
        """Write the latest revision as a case file (atomically, 0600; ``-``: standard output).

        Returns it and the file's sha256. The export is recorded in the audit trail with the chain
        head it was made at; on a read-only store it is written but cannot be recorded (``recorded``
        on :attr:`last_export_recorded` says which).
        """
        from ..outputs import write_private

        stored = self.load(case_id)
        head = self.anchor()
        data = case_file_text(stored.case).encode("utf-8")
        write_private(path, data)
        digest = sha256_bytes(data)
        detail = {"file": Path(path).name, "file_sha256": digest, "revision": stored.revision}
        if head is not None:
            detail["anchor"] = str(head)
        self.last_export_anchor = head
        self.last_export_recorded = not self.read_only
        if not self.read_only:
            self.record(case_id, [AuditAction("case_exported", detail)])
        return stored, digest

    # -- reading --------------------------------------------------------------------------------
    def _latest_row(self, case_id: int) -> dict:
        row = self._conn.execute(
            "SELECT r.revision, r.saved_at, r.saved_by, r.why, r.case_sha256 FROM cases c JOIN revisions r "
            "ON r.case_id = c.id WHERE c.id = ? ORDER BY r.revision DESC LIMIT 1", (case_id,)).fetchone()
        if row is None:
            raise CaseNotFound(case_id, self.path)
        return dict(zip(("revision", "saved_at", "saved_by", "why", "case_sha256"), row))

    def _case_at(self, case_id: int, revision: int) -> Case:
        row = self._conn.execute("SELECT case_json FROM revisions WHERE case_id = ? AND revision = ?",
                                 (case_id, revision)).fetchone()
        if row is None:
            raise StoreError([_("case {case} has no revision {revision}", case=case_id, revision=revision)])
        return _parse_case(case_id, revision, row[0])

    def load(self, case_id: int, revision: int | None = None) -> StoredCase:
        """The latest revision (or a given one) with who saved it, when and why."""
        revision = self._latest_row(case_id)["revision"] if revision is None else revision
        row = self._conn.execute(f"SELECT {_REVISION_COLUMNS} FROM revisions WHERE case_id = ? AND revision = ?",
                                 (case_id, revision)).fetchone()
        if row is None:
            self._latest_row(case_id)  # CaseNotFound if the case itself is unknown
            raise StoreError([_("case {case} has no revision {revision}", case=case_id, revision=revision)])
        return StoredCase(case_id, revision, self._case_at(case_id, revision), _info(row))

    def revisions(self, case_id: int) -> list[RevisionInfo]:
        self._latest_row(case_id)
        rows = self._conn.execute(f"SELECT {_REVISION_COLUMNS} FROM revisions WHERE case_id = ? ORDER BY revision",
                                  (case_id,))
        return [_info(r) for r in rows]

    def history(self, case_id: int) -> list[audit.AuditEntry]:
        """Who did what when to this case, oldest first (read-only)."""
        self._latest_row(case_id)
        if self.is_postgres:  # a case copied from a workstation: its history there comes first
            from .pg_checks import copied_history

            return copied_history(self._conn, case_id) + audit.entries(self._conn, case_id)
        return audit.entries(self._conn, case_id)

    def find_by_case_hash(self, digest: str) -> list[RevisionInfo]:
        """Revisions whose case hash (as in a PDF footer) is ``digest`` or starts with it (≥ 8 hex digits)."""
        digest = digest.strip().lower()
        if len(digest) < 8 or any(c not in "0123456789abcdef" for c in digest):
            raise StoreError([_("a case hash is at least 8 hexadecimal digits (got {value})", value=repr(digest))])
        rows = self._conn.execute(f"SELECT {_REVISION_COLUMNS} FROM revisions WHERE case_sha256 >= ? AND "
                                  "case_sha256 < ? ORDER BY case_id, revision", (digest, digest + "g"))
        return [_info(r) for r in rows]

    def list_cases(self, *, patient: str | None = None, trial: str | None = None, arm: str | None = None,
                   status: str | None = None, changed_after: datetime | None = None,
                   changed_before: datetime | None = None, today: date | None = None) -> list[CaseSummary]:
        """Cases, most recently changed first. ``patient`` matches part of the id, ignoring case;
        ``status`` is one of :data:`STATUS_KINDS`; the status is as of ``today`` (default: today)."""
        if status is not None and status not in STATUS_KINDS:
            raise StoreError([_("status must be one of {allowed} (got {value})", allowed=", ".join(STATUS_KINDS),
                                value=repr(status))])
        # Every value shown is read from the revisions (covered by the audit chain) and the status is
        # recomputed from the latest revision: the case row's copies (latest_revision, stop_day, who
        # changed it ...) are an index for the program's writes, never trusted on read.
        sql = ("SELECT c.id, r.revision, r.case_json, r.saved_at, r.saved_by, r.why, f.saved_at, f.saved_by "
               "FROM cases c JOIN revisions r ON r.case_id = c.id AND r.revision = "
               "(SELECT MAX(revision) FROM revisions WHERE case_id = c.id) "
               "JOIN revisions f ON f.case_id = c.id AND f.revision = 1")
        needle = patient.casefold() if patient else None
        today = today or date.today()
        found = []
        for case_id, revision, case_json, saved_at, saved_by, why, created_at, created_by in (
                self._conn.execute(sql).fetchall()):
            changed_at = from_text(saved_at)
            if changed_after is not None and changed_at < changed_after:
                continue
            if changed_before is not None and changed_at >= changed_before:
                continue
            facts, shown = self._facts(case_id, revision, case_json)
            patient_id, trial_id, arm_id = shown
            if needle and needle not in patient_id.casefold():
                continue
            if (trial and trial_id != trial) or (arm and arm_id != arm):
                continue
            case_status = status_on(facts, today)
            if status is None or case_status.kind == status:
                found.append(CaseSummary(case_id, patient_id, trial_id, arm_id, case_status, revision, changed_at,
                                         saved_by, why, from_text(created_at), created_by))
        found.sort(key=lambda s: (s.changed_at, s.case_id), reverse=True)
        return found

    def _facts(self, case_id: int, revision: int, case_json: str) -> tuple[StatusFacts, tuple[str, str, str]]:
        """Status facts and (patient id, trial, arm) of one stored revision, computed from its content."""
        key = (sha256_text(case_json), tuple(sorted((t, p.sha256) for t, p in self.protocols.items())))
        cached = self._facts_cache.get(key)
        if cached is None:
            try:
                case = _parse_case(case_id, revision, case_json)  # the list's query read it already
            except StoreError:  # a case this program cannot read: listed with status unknown
                data = json.loads(case_json)
                shown = (str(data.get("patient", {}).get("id", "?")), str(data.get("trial", "?")),
                         str(data.get("arm", "?")))
                cached = (StatusFacts(None, None, None, None), shown)
            else:
                cached = (status_facts(case, self.protocols), (case.patient.id, case.trial, case.arm))
            self._facts_cache[key] = cached
        return cached

    # -- the ward's day ---------------------------------------------------------------------------
    def ward_entries(self) -> list:
        """Every case's latest revision for the worklist (:class:`~ctit_gui.core.worklist.WardEntry`):
        read from the revisions (never the case row's copies); a revision this program cannot read
        comes with its problems, so the worklist lists it instead of dropping it."""
        from ..core.worklist import WardEntry

        sql = ("SELECT c.id, r.revision, r.case_json FROM cases c JOIN revisions r ON r.case_id = c.id "
               "AND r.revision = (SELECT MAX(revision) FROM revisions WHERE case_id = c.id) ORDER BY c.id")
        entries = []
        for case_id, revision, case_json in self._conn.execute(sql).fetchall():
            key = (case_id, revision, sha256_text(case_json))
            entry = self._entries_cache.get(case_id)
            if entry is None or entry[0] != key:
                try:
                    made = WardEntry(case_id, revision, Case.model_validate_json(case_json))
                except ValidationError as exc:
                    try:
                        data = json.loads(case_json)
                        shown = (str(data.get("patient", {}).get("id", "?")), str(data.get("trial", "?")),
                                 str(data.get("arm", "?")))
                    except (ValueError, AttributeError):
                        shown = ("?", "?", "?")
                    made = WardEntry(case_id, revision, None, _unreadable_revision(revision, exc), shown)
                entry = (key, made)
                self._entries_cache[case_id] = entry
            entries.append(entry[1])
        return entries

    def close_case(self, case_id: int, reason: str, note: str | None = None, *,
                   base_revision: int | None = None) -> SavedRevision:
        """Close the case (it leaves the worklist): a new revision with the closure, audited as
        ``case_closed`` with the reason and note. ``base_revision``: the revision the user saw."""
        from ..core.case import Closure

        stored = self.load(case_id)
        if stored.case.closure is not None:
            raise StoreError([_("case {case} ({patient}) is already closed", case=case_id,
                                patient=stored.case.patient.id)])
        note = note.strip() if note and note.strip() else None
        try:
            closure = Closure(reason=reason, note=note)
        except ValidationError as exc:
            raise StoreError([str(p).replace("closure: ", "") for p in problems_from_validation(exc)]) from None
        case = stored.case.model_copy(update={"closure": closure})
        detail = {"reason": reason, **({"note": note} if note else {})}
        return self.save(case_id, case, stored.revision if base_revision is None else base_revision,
                         why=f"closed: {reason.replace('_', ' ')}", actions=[AuditAction("case_closed", detail)])

    def reopen_case(self, case_id: int, *, base_revision: int | None = None) -> SavedRevision:
        """Reopen a closed case (back on the worklist): a new revision without the closure, audited."""
        stored = self.load(case_id)
        if stored.case.closure is None:
            raise StoreError([_("case {case} ({patient}) is not closed", case=case_id, patient=stored.case.patient.id)])
        case = stored.case.model_copy(update={"closure": None})
        return self.save(case_id, case, stored.revision if base_revision is None else base_revision,
                         why="reopened", actions=[AuditAction("case_reopened", {"was": stored.case.closure.reason})])

    # -- checks ---------------------------------------------------------------------------------
    def verify(self, anchors: Iterable[audit.Anchor] = ()) -> audit.VerifyReport:
        """The whole check: chain, anchors, revisions and case rows, guard triggers (see docs/store.md)."""
        if self.is_postgres:
            from . import pg_checks

            return pg_checks.verify(self._conn, anchors)
        from . import sqlite_checks

        return sqlite_checks.verify(self._conn, anchors)

    def anchor(self) -> audit.Anchor | None:
        """The chain head now (entry number and hash): print it on sheets and exports; None if empty."""
        row = self._conn.execute("SELECT seq, entry_hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        return audit.Anchor(row[0], row[1]) if row else None

    def integrity_check(self) -> str:
        if self.is_postgres:
            return "ok"  # the server keeps its own files consistent (WAL); nothing to check from a client
        return "; ".join(r[0] for r in self._conn.execute("PRAGMA integrity_check"))


def _unreadable_revision(revision: int, exc: ValidationError) -> tuple:
    """A stored revision this program cannot read: one line per field problem, as data (the worklist shows
    it in the reader's language; the field problems are described again in that language)."""
    from ..core.messages import InLanguage, message

    def nth(n: int) -> str:
        found = problems_from_validation(exc)
        return str(found[n]) if n < len(found) else ""

    return tuple(message("revision_unreadable", revision=revision, problem=InLanguage(lambda n=n: nth(n)))
                 for n in range(len(problems_from_validation(exc))))


def _require_case(case: object) -> None:
    if not isinstance(case, Case):
        raise TypeError(f"expected a Case, got {type(case).__name__}")
