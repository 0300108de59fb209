"""`store migrate` on the PostgreSQL ward store, from a recorded format-2 store (``pg_format2_store.sql``).

Format 2 is the ward store's first and current format, so the step to the next format is the test's
own (a new ``cases.ward`` column, filled in for every case: the kind of backfill a real next format
does, which must not make the migrating administrator the author of every case). What is tested is
what every real migration gets: the pg_dump backup first, all steps in one transaction, cases,
revisions and the audit chain intact (``audit verify``, an anchor printed before), a ``store_migrated``
entry, and a failed step leaving the database exactly as it was, said in one line, exit status 3.
"""

from __future__ import annotations

import stat
import subprocess

import pytest

from ctit_gui.cli import main
from ctit_gui.store import open_store
from ctit_gui.store import pg

from . import pg_format2

NEXT = pg_format2.FORMAT + 1


@pytest.fixture
def recorded(pg_cluster):
    """A database holding the recorded format-2 store: (administrator's, nurse's) connection strings."""
    name = pg_cluster.new_database(empty=True)
    admin = pg_cluster.conninfo(name, user="postgres")
    pg_format2.load(admin)
    yield admin, pg_cluster.conninfo(name, user="nurse.a")
    pg_cluster.drop(name)


def _add_ward(conn) -> None:
    conn.execute("ALTER TABLE cases ADD COLUMN ward text")
    conn.execute("UPDATE cases SET ward = 'haematology'")


def _add_ward_then_fail(conn) -> None:
    _add_ward(conn)
    conn.execute("ALTER TABLE cases ADD COLUMN day1 text")  # already there: the server refuses the step


@pytest.fixture
def next_format(monkeypatch):
    """This program's store format is one past the recorded store's, reached by ``step``."""
    def use(step) -> None:
        monkeypatch.setattr(pg, "SCHEMA_VERSION", NEXT)
        monkeypatch.setitem(pg.MIGRATIONS, pg_format2.FORMAT, step)
    return use


def _stored(conninfo):
    with open_store(conninfo) as store:
        cases = {s.case_id: (s.patient_id, s.revision, s.created_by, s.changed_by) for s in store.list_cases()}
        revisions = {case_id: [(r.revision, r.saved_by, r.case_sha256) for r in store.revisions(case_id)]
                     for case_id in cases}
        return cases, revisions, store.verify()


def test_the_recorded_format_2_store_has_the_tables_store_init_makes_today(pg_cluster, recorded):
    """A change to the ward store's tables, functions or guards without a new store format (and a
    migration from this recorded one) fails here."""
    admin, _nurse = recorded
    fresh = pg_cluster.new_database()
    try:
        made_today = pg_format2.dump(pg_cluster.conninfo(fresh, user="postgres"), "--schema-only")
        assert pg_format2.dump(admin, "--schema-only") == made_today
    finally:
        pg_cluster.drop(fresh)


def test_migrate_backs_up_then_upgrades_keeping_cases_revisions_and_the_audit_chain(
        recorded, next_format, tmp_path, capsys):
    admin, nurse = recorded
    cases, revisions, report = _stored(nurse)
    assert report.ok and {k: v[:2] for k, v in cases.items()} == pg_format2.CASES
    assert main(["audit", "anchor", "--store", nurse]) == 0
    anchor = capsys.readouterr().out.split()[-1]  # as printed on a sheet before the upgrade
    next_format(_add_ward)

    assert main(["store", "migrate", "--store", admin, "--backup-dir", str(tmp_path)]) == 0
    said = capsys.readouterr()
    assert said.err == "" and len(said.out.splitlines()) == 1
    assert said.out.startswith("migrated the ward store host=") and f"from format 2 to {NEXT}" in said.out

    backups = list(tmp_path.glob("ward-store.v2-backup-*.dump"))
    assert len(backups) == 1 and backups[0].name in said.out
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    listed = subprocess.run(["pg_restore", "--list", str(backups[0])], capture_output=True, text=True)
    assert listed.returncode == 0 and "TABLE DATA public audit" in listed.stdout

    assert _stored(nurse)[:2] == (cases, revisions)  # who saved what, when: as before
    with open_store(nurse) as store:
        report = store.verify(anchors=[_anchor(anchor)])
        assert report.ok, report.summary()
    with pg_cluster_conn(admin) as conn:
        assert conn.execute("SELECT DISTINCT ward FROM cases").fetchall() == [("haematology",)]
        last = conn.execute('SELECT seq, "user", action, detail FROM audit ORDER BY seq DESC LIMIT 1').fetchone()
    assert last[:3] == (pg_format2.AUDIT_ENTRIES + 1, "postgres", "store_migrated")
    assert f'"from_version":2,"to_version":{NEXT}' in last[3] and backups[0].name in last[3]
    assert main(["audit", "verify", "--store", nurse, "--anchor", anchor]) == 0
    assert "audit trail intact" in capsys.readouterr().out
    assert main(["store", "migrate", "--store", admin, "--backup-dir", str(tmp_path)]) == 0
    assert "nothing to do" in capsys.readouterr().out and len(list(tmp_path.glob("*.dump"))) == 1


def test_failed_migration_leaves_the_database_exactly_as_it_was_and_says_so_in_one_line(
        recorded, next_format, tmp_path, capsys, monkeypatch):
    admin, nurse = recorded
    before = pg_format2.dump(admin)
    next_format(_add_ward_then_fail)

    assert main(["store", "migrate", "--store", admin, "--backup-dir", str(tmp_path)]) == 3
    said = capsys.readouterr()
    assert said.out == "" and len(said.err.splitlines()) == 1, said.err
    line = said.err.strip()
    assert line.startswith("error: the ward store host=") and "Traceback" not in line
    assert f"could not be migrated from format 2 to {NEXT}: " in line
    assert 'column "day1" of relation "cases" already exists' in line and "it was not changed" in line
    backup = next(tmp_path.glob("ward-store.v2-backup-*.dump"))
    assert str(backup) in line
    assert pg_format2.dump(admin) == before  # not a column, not a row, not an audit entry more

    monkeypatch.undo()  # this program at format 2 still uses the store as it was
    _cases, _revisions, report = _stored(nurse)
    assert report.ok
    next_format(_add_ward)
    assert main(["store", "migrate", "--store", admin, "--backup-dir", str(tmp_path)]) == 0


def _anchor(text: str):
    from ctit_gui.store.audit import parse_anchor

    return parse_anchor(text)


def pg_cluster_conn(conninfo: str):
    import psycopg

    return psycopg.connect(conninfo, autocommit=True)
