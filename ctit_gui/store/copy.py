"""``store copy``: move a workstation's SQLite store, with its whole history, into the PostgreSQL ward store.

The workstation's audit trail is copied entry for entry into ``segment_audit`` as a *sealed
segment*: its entries keep their numbers, users, times and hashes, so an anchor (``N:HASH``)
printed on a sheet at that workstation still verifies against the ward store. The cases get new
ids in the ward store (``segment_cases`` maps them) and their revisions are copied unchanged with
who saved them. The ward store's own chain then records one ``segment_sealed`` entry naming the
segment, its source, its entry count, its last hash and the case ids — hash-protected like every
entry — and one ``case_copied`` entry per case. Everything happens in one transaction: all or
nothing. Run it as the site's database owner (a member of ``ctit_owner``): only the owner may keep
the original authors of copied revisions.
"""

from __future__ import annotations

from pathlib import Path

from . import audit
from .clock import to_text, utc_now
from ..i18n import N_, _
from .errors import StoreError

_AUDIT = (*audit.COLUMNS, "entry_hash")
_REVISIONS = ("case_id", "revision", "case_json", "saved_at", "saved_by", "why", "session", "case_sha256")
_CASES = ("id", "patient_id", "trial", "arm", "created_at", "created_by", "latest_revision", "changed_at",
          "changed_by", "changed_why", "day1", "stop_day", "treatment_days", "status_protocol_sha256")


def _quoted(names) -> str:
    return ", ".join(f'"{n}"' for n in names)


def copy_store(source: Path, target: str) -> str:
    """Copy the SQLite store in ``source`` into the ward store ``target``; returns a summary line."""
    from . import open_store
    from .pg import PgConnection, store_version

    source = Path(source)
    if not (source / "cases.sqlite3").is_file():
        raise StoreError([_("{folder} holds no workstation case store (no cases.sqlite3): nothing was copied",
                            folder=source)])
    with open_store(source) as workstation:
        report = workstation.verify()
        if not report.ok:
            raise StoreError([_("the workstation store {path} does not verify ({problem}): nothing was copied; keep "
                                "it as it is and ask the site's data manager", path=workstation.path,
                                problem=report.problems[0])])
        raw = workstation.connection
        entries = [dict(zip(_AUDIT, r)) for r in raw.execute(f"SELECT {_quoted(_AUDIT)} FROM audit ORDER BY seq")]
        revisions = [dict(zip(_REVISIONS, r)) for r in raw.execute(
            f"SELECT {_quoted(_REVISIONS)} FROM revisions ORDER BY case_id, revision")]
        cases = [dict(zip(_CASES, r)) for r in raw.execute(f"SELECT {_quoted(_CASES)} FROM cases ORDER BY id")]
        label = str(workstation.path)
    conn = PgConnection(target)
    try:
        if store_version(conn) is None:
            raise StoreError([_("the database {where} has no case store: create it with `store init` first",
                                where=conn.where)])
        already = conn.execute("SELECT segment FROM segments WHERE last_hash = ? AND entries = ?",
                               (report.last_hash, report.entries)).fetchone()
        if already:
            raise StoreError([_("this workstation's trail was already copied (segment {segment}): nothing was copied",
                                segment=already[0])])
        user = conn.session_user()
        with conn.transaction(N_("copy the workstation's cases")):
            conn.execute("SET LOCAL ctit.copying = 'on'")
            if not conn.execute("SELECT ctit_copying()").fetchone()[0]:
                raise StoreError([_("`store copy` must be run by the ward store's owner (a member of ctit_owner); "
                                    "{user} is not: nothing was copied", user=user)])
            segment = conn.execute("INSERT INTO segments (source, entries, last_hash) VALUES (?, ?, ?) "
                                   "RETURNING segment", (label, len(entries), report.last_hash)).fetchone()[0]
            for row in entries:
                conn.execute(f"INSERT INTO segment_audit (segment, {_quoted(_AUDIT)}) VALUES "
                             f"(?, {', '.join('?' * len(_AUDIT))})", (segment, *(row[c] for c in _AUDIT)))
            mapping: dict[int, int] = {}
            for row in cases:
                values = [row[c] for c in _CASES[1:]]
                mapping[row["id"]] = conn.execute(
                    f"INSERT INTO cases ({_quoted(_CASES[1:])}) VALUES ({', '.join('?' * len(values))}) RETURNING id",
                    values).fetchone()[0]
                conn.execute("INSERT INTO segment_cases (segment, old_case_id, case_id) VALUES (?, ?, ?)",
                             (segment, row["id"], mapping[row["id"]]))
            for row in revisions:
                values = [mapping[row["case_id"]], *(row[c] for c in _REVISIONS[1:])]
                conn.execute(f"INSERT INTO revisions ({_quoted(_REVISIONS)}) VALUES ({', '.join('?' * len(values))})",
                             values)
            conn.execute("RESET ctit.copying")
            at = to_text(utc_now())
            audit.append(conn, action="segment_sealed", user=user, at=at, detail={
                "segment": segment, "source": label, "entries": len(entries), "last_hash": report.last_hash,
                "cases": {str(old): new for old, new in mapping.items()}})
            latest = {}
            for row in revisions:
                latest[row["case_id"]] = row
            for old, new in mapping.items():
                last = latest.get(old)
                audit.append(conn, action="case_copied", user=user, at=at, case_id=new, detail={
                    "segment": segment, "old_case_id": old, "revision": last["revision"] if last else None,
                    "case_sha256": last["case_sha256"] if last else None})
    finally:
        conn.close()
    return _("copied {cases} case(s), {revisions} revision(s) and {entries} audit entries from {source} into "
             "{target} as sealed segment {segment} (last hash {hash}); new case ids: {ids}", cases=len(cases),
             revisions=len(revisions), entries=len(entries), source=label, target=describe_target(target),
             segment=segment, hash=report.last_hash,
             ids=", ".join(f"{old}→{new}" for old, new in mapping.items()) or _("none"))


def describe_target(target: str) -> str:
    from .location import describe

    return describe(target)
