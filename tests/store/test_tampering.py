"""Tampering the audit trail must catch (issue 13): with the chain alone where it can, with an anchor always.

Each test edits the SQLite file directly, as someone with the file (and no program) could.
"""

import json
import sqlite3

import pytest

from ctit_gui.store import open_store
from ctit_gui.store.audit import COLUMNS, entry_hash, parse_anchor
from ctit_gui.store.errors import StoreError

from .conftest import edited, fill_store, run_main

STOPPED_ON = "2026-02-12"  # the example case's stop rule fired on day 7; on this date it reads "stopped on day 7"


@pytest.fixture
def data_dir(sqlite_dir):
    """These edit the SQLite file directly; the PostgreSQL store's equivalents: test_pg_store.py."""
    return sqlite_dir


@pytest.fixture
def filled(data_dir):
    """One case (stopped on day 7), three weight edits and a banner: 9 entries; plus a second case."""
    return fill_store(data_dir, also=("nct07334093-control-rescue",))


def _raw(data_dir):
    return sqlite3.connect(data_dir / "cases.sqlite3", isolation_level=None)


def _drop_guards(conn):
    for name in ("audit_no_update", "audit_no_delete", "audit_chain", "revisions_no_update", "revisions_no_delete"):
        conn.execute(f"DROP TRIGGER IF EXISTS {name}")


def _restore_guards(conn):
    from ctit_gui.store.schema import GUARDS, guard_sql

    for name in GUARDS:
        conn.execute(guard_sql(name))


def _rehash_from(conn, first_seq):
    """Recompute every hash from ``first_seq`` on, as a careful attacker would."""
    names = [*COLUMNS, "entry_hash"]
    rows = [dict(zip(names, r)) for r in conn.execute(f"SELECT {', '.join(names)} FROM audit ORDER BY seq")]
    previous = rows[first_seq - 2]["entry_hash"] if first_seq > 1 else "0" * 64
    for row in rows[first_seq - 1:]:
        row["prev_hash"] = previous
        row["entry_hash"] = entry_hash(row)
        conn.execute("UPDATE audit SET prev_hash = ?, entry_hash = ? WHERE seq = ?",
                     (row["prev_hash"], row["entry_hash"], row["seq"]))
        previous = row["entry_hash"]


def _anchor(data_dir):
    result = run_main("audit", "anchor", "--data-dir", data_dir)
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[-1]


def _verify(data_dir, *anchors):
    with open_store(data_dir) as store:
        return store.verify([parse_anchor(a) for a in anchors])


def test_audit_anchor_prints_the_head_as_its_last_line_and_verify_accepts_it(filled):
    anchor = _anchor(filled)
    number, digest = anchor.split(":")
    assert number == "11" and len(digest) == 64
    with open_store(filled) as store:
        assert str(store.anchor()) == anchor
    result = run_main("audit", "verify", "--anchor", anchor, "--anchor", f"3:{_hash_of(filled, 3)[:12]}",
                      "--data-dir", filled)
    assert result.returncode == 0 and "2 anchor(s) match" in result.stdout


def _hash_of(data_dir, seq):
    conn = _raw(data_dir)
    try:
        return conn.execute("SELECT entry_hash FROM audit WHERE seq = ?", (seq,)).fetchone()[0]
    finally:
        conn.close()


@pytest.mark.parametrize("text", ["11", "x:abc", "0:" + "a" * 64, "3:abc", "3:" + "g" * 12])
def test_a_malformed_anchor_is_bad_input(filled, text):
    result = run_main("audit", "verify", "--anchor", text, "--data-dir", filled)
    assert result.returncode == 2 and "N:HASH" in result.stderr and "Traceback" not in result.stderr
    with pytest.raises(StoreError):
        parse_anchor(text)


def test_an_edit_with_every_later_hash_recomputed_is_caught_by_an_anchor(filled):
    anchor = _anchor(filled)
    conn = _raw(filled)
    _drop_guards(conn)
    detail = json.loads(conn.execute("SELECT detail FROM audit WHERE seq = 4").fetchone()[0])
    assert detail["field"] == "patient.weight_kg"
    conn.execute("UPDATE audit SET detail = ? WHERE seq = 4", (json.dumps({**detail, "old": "45"}),))
    _rehash_from(conn, 4)
    _restore_guards(conn)
    conn.close()
    result = run_main("audit", "verify", "--anchor", anchor, "--data-dir", filled)
    assert result.returncode == 1
    assert "entry #11 no longer matches anchor 11:" in result.stdout and "rewritten" in result.stdout
    # an anchor from before the edited entry still matches: it is not what was changed
    assert _verify(filled, f"3:{_hash_of(filled, 3)}").ok


def test_a_tail_cut_with_a_lowered_sqlite_sequence_is_caught_by_an_anchor(filled):
    anchor = _anchor(filled)
    conn = _raw(filled)
    _drop_guards(conn)
    conn.execute("DELETE FROM audit WHERE seq >= 10")
    conn.execute("DELETE FROM revisions WHERE case_id = 2")
    conn.execute("DELETE FROM cases WHERE id = 2")
    conn.execute("UPDATE sqlite_sequence SET seq = 9 WHERE name = 'audit'")
    conn.execute("UPDATE sqlite_sequence SET seq = 1 WHERE name = 'cases'")
    _restore_guards(conn)
    conn.close()
    report = _verify(filled, anchor)
    assert not report.ok
    assert str(report.first_broken).startswith("the trail has 9 entries but anchor 11:")
    assert "cut off the end" in str(report.first_broken)


def test_a_tail_cut_without_lowering_sqlite_sequence_is_caught_without_an_anchor(filled):
    conn = _raw(filled)
    _drop_guards(conn)
    conn.execute("DELETE FROM audit WHERE seq >= 10")
    conn.execute("DELETE FROM revisions WHERE case_id = 2")
    conn.execute("DELETE FROM cases WHERE id = 2")
    _restore_guards(conn)
    conn.close()
    assert "entries #10 to #11 are missing" in str(_verify(filled).first_broken)


def test_a_deleted_case_is_caught_without_an_anchor(filled):
    conn = _raw(filled)
    _drop_guards(conn)
    conn.execute("DELETE FROM revisions WHERE case_id = 2")
    conn.execute("DELETE FROM cases WHERE id = 2")
    _restore_guards(conn)
    conn.close()
    report = _verify(filled)
    assert not report.ok
    assert "case 2 revision 1 is in the audit trail (entry #11) but not in the store" in str(report.first_broken)


def test_a_deleted_case_with_its_entries_removed_and_rehashed_is_caught_by_an_anchor(filled):
    anchor = _anchor(filled)
    conn = _raw(filled)
    _drop_guards(conn)
    conn.execute("DELETE FROM revisions WHERE case_id = 1")
    conn.execute("DELETE FROM cases WHERE id = 1")
    conn.execute("DELETE FROM audit WHERE case_id = 1")
    conn.execute("UPDATE audit SET seq = seq - 9")
    conn.execute("UPDATE sqlite_sequence SET seq = 2 WHERE name = 'audit'")
    _rehash_from(conn, 1)
    _restore_guards(conn)
    conn.close()
    assert not _verify(filled, anchor).ok
    result = run_main("audit", "verify", "--anchor", anchor, "--data-dir", filled)
    assert result.returncode == 1 and "anchor 11:" in result.stdout


def _forge_revision(conn, *, with_entry: bool, saved_by="nurse.a"):
    text = conn.execute("SELECT case_json FROM revisions WHERE case_id = 1 AND revision = 4").fetchone()[0]
    forged = text.replace('"61"', '"90"')
    from ctit_gui.store.hashing import sha256_text

    digest = sha256_text(forged)
    at = "2026-02-13T08:00:00.000000Z"
    conn.execute("INSERT INTO revisions (case_id, revision, case_json, saved_at, saved_by, why, session, "
                 "case_sha256) VALUES (1, 5, ?, ?, ?, 'edited', 'forged', ?)", (forged, at, saved_by, digest))
    if with_entry:
        last_seq, last_hash = conn.execute("SELECT seq, entry_hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        row = {"seq": last_seq + 1, "at": at, "user": "nurse.a", "case_id": 1, "action": "revision_saved",
               "detail": json.dumps({"why": "edited", "case_sha256": digest, "base_revision": 4, "revision": 5},
                                    sort_keys=True, separators=(",", ":")),
               "program_version": "0", "protocol_sha256": None, "prev_hash": last_hash}
        row["entry_hash"] = entry_hash(row)
        conn.execute(f"INSERT INTO audit ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", tuple(row.values()))


def test_a_forged_appended_revision_without_its_entry_is_caught_and_not_shown_as_trusted(filled):
    conn = _raw(filled)
    _forge_revision(conn, with_entry=False)
    conn.close()
    report = _verify(filled)
    assert "case 1 revision 5 has no audit entry" in str(report.first_broken)


def test_a_forged_appended_revision_under_another_name_is_caught(filled):
    conn = _raw(filled)
    _forge_revision(conn, with_entry=True, saved_by="dr.chief")
    conn.close()
    report = _verify(filled)
    assert "case 1 revision 5: who saved it" in str(report.first_broken)
    assert "dr.chief" in str(report.first_broken)


def test_a_forged_revision_slipped_in_before_later_entries_is_caught_by_an_anchor(filled):
    anchor = _anchor(filled)
    conn = _raw(filled)
    _drop_guards(conn)
    conn.execute("DELETE FROM audit WHERE seq >= 10")  # take case 2 off the end, forge, put it back
    _forge_revision(conn, with_entry=True)
    conn.close()
    report = _verify(filled, anchor)
    assert not report.ok and "anchor 11:" in " ".join(map(str, report.problems))


def test_a_stop_day_set_to_null_does_not_change_what_the_list_shows_and_verify_reports_the_row(filled):
    from datetime import date

    conn = _raw(filled)
    conn.execute("UPDATE cases SET stop_day = NULL, day1 = NULL WHERE id = 1")
    conn.close()
    with open_store(filled) as store:
        summary = next(s for s in store.list_cases(today=date.fromisoformat(STOPPED_ON)) if s.case_id == 1)
        assert summary.status.text == "stopped on day 7"
        assert [s.case_id for s in store.list_cases(status="stopped", today=date.fromisoformat(STOPPED_ON))] == [1]
    result = run_main("cases", "list", "--today", STOPPED_ON, "--data-dir", filled)
    assert "stopped on day 7" in result.stdout and "on treatment day 7" not in result.stdout


def test_a_rolled_back_latest_revision_is_not_believed_and_is_reported(filled):
    conn = _raw(filled)
    conn.execute("UPDATE cases SET latest_revision = 2 WHERE id = 1")
    conn.close()
    with open_store(filled) as store:
        assert store.load(1).revision == 4
        assert next(s for s in store.list_cases() if s.case_id == 1).revision == 4
        report = store.verify()
    assert not report.ok and "case 1: the case row's latest_revision" in str(report.first_broken)


def test_a_rewritten_saved_by_is_reported(filled):
    conn = _raw(filled)
    conn.execute("DROP TRIGGER revisions_no_update")
    conn.execute("UPDATE revisions SET saved_by = 'dr.chief' WHERE case_id = 1 AND revision = 3")
    conn.execute("UPDATE cases SET changed_by = 'dr.chief' WHERE id = 1")
    from ctit_gui.store.schema import guard_sql

    conn.execute(guard_sql("revisions_no_update"))
    conn.close()
    report = _verify(filled)
    assert not report.ok
    assert "case 1 revision 3: who saved it, when or why (dr.chief," in str(report.first_broken)


def test_a_rewritten_changed_by_on_the_case_row_is_not_shown_and_is_reported(filled):
    conn = _raw(filled)
    conn.execute("UPDATE cases SET changed_by = 'dr.chief', created_by = 'dr.chief' WHERE id = 1")
    conn.close()
    with open_store(filled) as store:
        summary = next(s for s in store.list_cases() if s.case_id == 1)
        assert (summary.changed_by, summary.created_by) == ("nurse.a", "nurse.a")
        assert "changed_by" in str(store.verify().first_broken)


@pytest.mark.parametrize("name", ["audit_no_update", "audit_no_delete", "audit_chain", "revisions_no_update",
                                  "revisions_no_delete"])
def test_a_do_nothing_trigger_under_a_guards_name_is_reported(filled, name):
    conn = _raw(filled)
    table = "audit" if name.startswith("audit") else "revisions"
    event = {"no_update": "UPDATE", "no_delete": "DELETE", "chain": "INSERT"}[name.split("_", 1)[1]]
    conn.execute(f"DROP TRIGGER {name}")
    conn.execute(f"CREATE TRIGGER {name} BEFORE {event} ON {table} BEGIN SELECT 1; END")
    conn.close()
    report = _verify(filled)
    assert [str(p) for p in report.problems] == [
        f"the append-only guard {name} was replaced by a trigger that does something else: "
        "the store was altered outside the program"]
    result = run_main("audit", "verify", "--data-dir", filled)
    assert result.returncode == 1
