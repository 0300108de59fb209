"""The store's tables, version by version. ``PRAGMA user_version`` holds the version.

Version 1: cases (one row per case, pointing at its latest revision), revisions
(append-only), audit (append-only, hash-chained).

Version 2 adds what the case list needs to show and filter by status without
parsing every case: ``cases.day1``, ``cases.stop_day``, ``cases.treatment_days``
and the protocol hash they were computed with; and ``revisions.case_sha256``
(indexed), so the case hash in a PDF footer can be looked up.
"""

from __future__ import annotations

SCHEMA_VERSION = 2
APPLICATION_ID = 0x43544954  # "CTIT" in PRAGMA application_id: marks the file as a case store

GUARDS = {
    "audit_no_update": "BEFORE UPDATE ON audit BEGIN "
                       "SELECT RAISE(ABORT, 'the audit trail is append-only: an entry cannot be changed'); END",
    "audit_no_delete": "BEFORE DELETE ON audit BEGIN "
                       "SELECT RAISE(ABORT, 'the audit trail is append-only: an entry cannot be deleted'); END",
    "audit_chain": "BEFORE INSERT ON audit WHEN NEW.prev_hash IS NOT COALESCE("
                   "(SELECT entry_hash FROM audit ORDER BY seq DESC LIMIT 1), '" + "0" * 64 + "') BEGIN "
                   "SELECT RAISE(ABORT, 'an audit entry must continue the hash chain'); END",
    "revisions_no_update": "BEFORE UPDATE ON revisions BEGIN "
                           "SELECT RAISE(ABORT, 'a saved revision cannot be changed'); END",
    "revisions_no_delete": "BEFORE DELETE ON revisions BEGIN "
                           "SELECT RAISE(ABORT, 'a saved revision cannot be deleted'); END",
}


def guard_sql(name: str) -> str:
    return f"CREATE TRIGGER {name} {GUARDS[name]};"


V1_TABLES = """
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id TEXT NOT NULL,
    trial TEXT NOT NULL,
    arm TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    latest_revision INTEGER NOT NULL,
    changed_at TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_why TEXT NOT NULL
);
CREATE INDEX cases_patient ON cases(patient_id);
CREATE INDEX cases_trial_arm ON cases(trial, arm);
CREATE INDEX cases_changed ON cases(changed_at);
CREATE TABLE revisions (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    revision INTEGER NOT NULL,
    case_json TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    why TEXT NOT NULL,
    session TEXT NOT NULL,
    PRIMARY KEY (case_id, revision)
);
CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    case_id INTEGER,
    action TEXT NOT NULL,
    detail TEXT NOT NULL,
    program_version TEXT NOT NULL,
    protocol_sha256 TEXT,
    prev_hash TEXT NOT NULL,
    entry_hash TEXT NOT NULL UNIQUE
);
CREATE INDEX audit_case ON audit(case_id, seq);
"""

V2_CHANGES = """
ALTER TABLE cases ADD COLUMN day1 TEXT;
ALTER TABLE cases ADD COLUMN stop_day INTEGER;
ALTER TABLE cases ADD COLUMN treatment_days INTEGER;
ALTER TABLE cases ADD COLUMN status_protocol_sha256 TEXT;
CREATE INDEX cases_day1 ON cases(day1);
ALTER TABLE revisions ADD COLUMN case_sha256 TEXT;
CREATE INDEX revisions_case_sha256 ON revisions(case_sha256);
"""


def create_current(conn) -> None:
    """A new, empty store at :data:`SCHEMA_VERSION` (inside the caller's transaction)."""
    for statement in _statements(V1_TABLES + V2_CHANGES):
        conn.execute(statement)
    for name in GUARDS:
        conn.execute(guard_sql(name))
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]


def apply_v2_changes(conn) -> None:
    for statement in _statements(V2_CHANGES):
        conn.execute(statement)
