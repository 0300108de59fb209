"""The audit trail cannot be silently edited: triggers refuse it, and verify() finds what got past them."""

import json
import sqlite3

import pytest

from ctit_gui.store import open_store
from ctit_gui.store.audit import entry_hash

from .conftest import edited, fill_store, run_main


@pytest.fixture
def data_dir(sqlite_dir):
    """These tamper with the SQLite file directly; the PostgreSQL store's guards: test_pg_store.py."""
    return sqlite_dir


@pytest.fixture
def filled(data_dir):
    """A store with one case, three edits and a banner: 9 audit entries (#4, #6, #8 the weight changes)."""
    return fill_store(data_dir)


def _raw(data_dir):
    return sqlite3.connect(data_dir / "cases.sqlite3", isolation_level=None)


def _verify(data_dir):
    with open_store(data_dir) as store:
        return store.verify()


def test_intact_trail_verifies_and_counts_its_entries(filled):
    report = _verify(filled)
    assert report.ok and report.entries == 9 and report.first_broken is None
    assert report.summary().startswith("audit trail intact: 9 entries, last hash ")


@pytest.mark.parametrize("statement", [
    "UPDATE audit SET user = 'someone.else' WHERE seq = 3",
    "DELETE FROM audit WHERE seq = 3",
    "UPDATE revisions SET why = 'rewritten' WHERE revision = 1",
    "DELETE FROM revisions WHERE revision = 2",
])
def test_triggers_refuse_changing_or_deleting_audit_entries_and_revisions(filled, statement):
    conn = _raw(filled)
    with pytest.raises(sqlite3.IntegrityError, match="append-only|cannot be"):
        conn.execute(statement)
    conn.close()
    assert _verify(filled).ok


def test_an_entry_that_does_not_continue_the_chain_is_refused(filled):
    conn = _raw(filled)
    with pytest.raises(sqlite3.IntegrityError, match="continue the hash chain"):
        conn.execute("INSERT INTO audit (at, user, action, detail, program_version, prev_hash, entry_hash) "
                     "VALUES ('2026-01-01T00:00:00.000000Z', 'x', 'field_changed', '{}', '0', ?, ?)",
                     ("0" * 64, "f" * 64))
    conn.close()


def test_row_edited_behind_the_programs_back_is_reported_as_the_first_broken_entry(filled):
    conn = _raw(filled)
    conn.execute("DROP TRIGGER audit_no_update")
    detail = json.loads(conn.execute("SELECT detail FROM audit WHERE seq = 4").fetchone()[0])
    assert detail["field"] == "patient.weight_kg"
    conn.execute("UPDATE audit SET detail = ? WHERE seq = 4", (json.dumps({**detail, "old": "45"}),))
    conn.close()
    report = _verify(filled)
    assert not report.ok and report.first_broken.seq == 4
    assert str(report.first_broken).startswith("entry #4 (")
    assert "nurse.a, field_changed, case 1) does not match its hash" in str(report.first_broken)
    assert any("guard audit_no_update is missing" in str(p) for p in report.problems)
    result = run_main("audit", "verify", "--data-dir", filled)
    assert result.returncode == 1
    assert "audit trail BROKEN: entry #4" in result.stdout


def test_entry_rewritten_with_a_fresh_hash_breaks_the_link_to_the_next_one(filled):
    conn = _raw(filled)
    conn.execute("DROP TRIGGER audit_no_update")
    columns = "seq, at, user, case_id, action, detail, program_version, protocol_sha256, prev_hash"
    names = [c.strip() for c in columns.split(",")]
    row = dict(zip(names, conn.execute(f"SELECT {columns} FROM audit WHERE seq = 3").fetchone()))
    row["user"] = "someone.else"
    conn.execute("UPDATE audit SET user = ?, entry_hash = ? WHERE seq = 3", (row["user"], entry_hash(row)))
    conn.close()
    report = _verify(filled)
    assert report.first_broken.seq == 4 and "does not continue the chain" in str(report.first_broken)


def test_deleted_entry_in_the_middle_is_reported_missing(filled):
    conn = _raw(filled)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq = 6")
    conn.close()
    report = _verify(filled)
    assert report.first_broken.seq == 6 and "entry #6 is missing" in str(report.first_broken)


def test_deleted_end_of_the_trail_is_reported(filled):
    conn = _raw(filled)
    conn.execute("DROP TRIGGER audit_no_delete")
    conn.execute("DELETE FROM audit WHERE seq >= 8")
    conn.close()
    report = _verify(filled)
    assert "entries #8 to #9 are missing" in str(report.first_broken)


def test_revision_content_changed_behind_the_programs_back_is_reported(filled):
    conn = _raw(filled)
    conn.execute("DROP TRIGGER revisions_no_update")
    text = conn.execute("SELECT case_json FROM revisions WHERE revision = 2").fetchone()[0]
    conn.execute("UPDATE revisions SET case_json = ? WHERE revision = 2", (text.replace('"59"', '"95"'),))
    conn.close()
    report = _verify(filled)
    assert [str(p) for p in report.problems if "revision 2" in str(p)] == [
        "case 1 revision 2 does not match the hash its audit entry recorded: it was changed outside the program"]


def test_audit_show_lists_the_case_history_oldest_first(filled):
    result = run_main("audit", "show", "1", "--data-dir", filled)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "case 1: patient SYSU-0042, NCT07334093 arm rhtpo+hetrombopag; latest revision 4"
    assert "case created: patient SYSU-0042" in lines[1] and "nurse.a" in lines[1]
    assert any("patient.weight_kg: 60 → 61" in line for line in lines)
    assert "banner raised: stop (day 7): stop study drug" in lines[-1]
