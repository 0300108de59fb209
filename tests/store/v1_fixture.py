"""A version-1 case store as the first release wrote it, built from inline SQL.

Deliberately independent of the program's code: the tables, the canonical JSON and
the audit hash chain are written out here, so a change to the program that would
break real version-1 stores in the field breaks this fixture too.

Version 1 lacks what version 2 added: the status columns of ``cases`` (day1, stop_day,
treatment_days, status_protocol_sha256) and ``revisions.case_sha256``.
"""

import hashlib
import json
import sqlite3
from pathlib import Path

V1_SCHEMA = """
PRAGMA application_id = 1129597268;
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT, patient_id TEXT NOT NULL, trial TEXT NOT NULL, arm TEXT NOT NULL,
    created_at TEXT NOT NULL, created_by TEXT NOT NULL, latest_revision INTEGER NOT NULL,
    changed_at TEXT NOT NULL, changed_by TEXT NOT NULL, changed_why TEXT NOT NULL);
CREATE INDEX cases_patient ON cases(patient_id);
CREATE INDEX cases_trial_arm ON cases(trial, arm);
CREATE INDEX cases_changed ON cases(changed_at);
CREATE TABLE revisions (
    case_id INTEGER NOT NULL REFERENCES cases(id), revision INTEGER NOT NULL, case_json TEXT NOT NULL,
    saved_at TEXT NOT NULL, saved_by TEXT NOT NULL, why TEXT NOT NULL, session TEXT NOT NULL,
    PRIMARY KEY (case_id, revision));
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL, case_id INTEGER,
    action TEXT NOT NULL, detail TEXT NOT NULL, program_version TEXT NOT NULL, protocol_sha256 TEXT,
    prev_hash TEXT NOT NULL, entry_hash TEXT NOT NULL UNIQUE);
CREATE INDEX audit_case ON audit(case_id, seq);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: an entry cannot be changed'); END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: an entry cannot be deleted'); END;
CREATE TRIGGER audit_chain BEFORE INSERT ON audit WHEN NEW.prev_hash IS NOT COALESCE(
    (SELECT entry_hash FROM audit ORDER BY seq DESC LIMIT 1),
    '0000000000000000000000000000000000000000000000000000000000000000') BEGIN
    SELECT RAISE(ABORT, 'an audit entry must continue the hash chain'); END;
CREATE TRIGGER revisions_no_update BEFORE UPDATE ON revisions BEGIN
    SELECT RAISE(ABORT, 'a saved revision cannot be changed'); END;
CREATE TRIGGER revisions_no_delete BEFORE DELETE ON revisions BEGIN
    SELECT RAISE(ABORT, 'a saved revision cannot be deleted'); END;
PRAGMA user_version = 1;
"""


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class _Writer:
    def __init__(self, conn, protocol_sha256: str):
        self.conn, self.protocol_sha256, self.prev, self.seq = conn, protocol_sha256, "0" * 64, 0

    def audit(self, at, user, case_id, action, detail):
        self.seq += 1
        row = {"seq": self.seq, "at": at, "user": user, "case_id": case_id, "action": action,
               "detail": _canonical(detail), "program_version": "0.0.9", "protocol_sha256": self.protocol_sha256,
               "prev_hash": self.prev}
        row["entry_hash"] = _sha(_canonical(row))
        self.conn.execute(f"INSERT INTO audit ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                          tuple(row.values()))
        self.prev = row["entry_hash"]


def build_v1_store(folder: Path, revisions_per_case: list[list[dict]], protocol_sha256: str) -> Path:
    """Each item is one case: its revisions as ``Case.to_dict()`` dicts. Returns the database file."""
    folder.mkdir(parents=True, exist_ok=True)
    folder.chmod(0o700)  # a store folder is private (an open one is refused)
    path = folder / "cases.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.executescript(V1_SCHEMA)
    writer = _Writer(conn, protocol_sha256)
    conn.execute("BEGIN")
    for case_id, revisions in enumerate(revisions_per_case, start=1):
        first = revisions[0]
        at = f"2026-01-2{case_id}T08:00:00.000000Z"
        conn.execute("INSERT INTO cases VALUES (?, ?, ?, ?, ?, 'ward.nurse', ?, ?, 'ward.nurse', ?)",
                     (case_id, first["patient"]["id"], first["trial"], first["arm"], at, len(revisions),
                      at, "imported" if len(revisions) == 1 else "edited"))
        writer.audit(at, "ward.nurse", case_id, "case_imported", {
            "source": f"case{case_id}.json", "source_sha256": "ab" * 32, "patient_id": first["patient"]["id"],
            "trial": first["trial"], "arm": first["arm"], "revision": 1})
        for number, data in enumerate(revisions, start=1):
            text = _canonical(data)
            why = "imported" if number == 1 else "edited"
            conn.execute("INSERT INTO revisions VALUES (?, ?, ?, ?, 'ward.nurse', ?, 'v1session')",
                         (case_id, number, text, at, why))
            writer.audit(at, "ward.nurse", case_id, "revision_saved", {
                "why": why, "case_sha256": _sha(text), "base_revision": number - 1 or None, "revision": number})
            if number > 1:
                writer.audit(at, "ward.nurse", case_id, "field_changed", {
                    "field": "notes", "old": revisions[number - 2].get("notes"), "new": data.get("notes"),
                    "revision": number})
    conn.execute("COMMIT")
    conn.close()
    return path
