"""The shared ward store on PostgreSQL: what the server enforces, sign-in, the command line."""

import json

import pytest

from ctit_gui.store import StoreError, open_store
from ctit_gui.store.audit import entry_hash
from ctit_gui.store.pg import StoreUnavailable
from tests.pg_support import SIGNIN_PASSWORD, SIGNIN_ROLE

from .conftest import EXAMPLES, edited, example_case, fill_store, run_main


@pytest.fixture
def filled(pg_database):
    """One case, three weight edits and a banner, saved by nurse.a: 9 audit entries."""
    return fill_store(pg_database)


def _connect(conninfo, user):
    import psycopg

    return psycopg.connect(conninfo, user=user, autocommit=True)


def _admin(pg_cluster, conninfo):
    from psycopg.conninfo import conninfo_to_dict

    return pg_cluster.admin(conninfo_to_dict(conninfo)["dbname"])


def _verify(conninfo):
    with open_store(conninfo) as store:
        return store.verify()


@pytest.mark.parametrize("statement", [
    "UPDATE audit SET \"user\" = 'someone.else' WHERE seq = 3",
    "DELETE FROM audit WHERE seq = 3",
    "TRUNCATE audit",
    "UPDATE revisions SET why = 'rewritten' WHERE revision = 1",
    "DELETE FROM revisions WHERE revision = 2",
    "TRUNCATE revisions CASCADE",
    "DELETE FROM cases",
    "UPDATE audit_head SET used = 0",
])
def test_clinician_role_cannot_rewrite_or_remove_history_even_bypassing_the_program(filled, statement):
    import psycopg

    with _connect(filled, "nurse.a") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(statement)
    assert _verify(filled).ok


@pytest.mark.parametrize("statement", [
    "UPDATE audit SET \"user\" = 'someone.else' WHERE seq = 3",
    "DELETE FROM audit WHERE seq = 3",
    "TRUNCATE audit CASCADE",
    "UPDATE revisions SET why = 'rewritten' WHERE revision = 1",
    "DELETE FROM revisions WHERE revision = 2",
])
def test_triggers_refuse_it_even_for_the_database_superuser(filled, pg_cluster, statement):
    import psycopg

    with _admin(pg_cluster, filled) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="cannot|append-only"):
            conn.execute(statement)
    assert _verify(filled).ok


def test_the_audit_names_the_signed_in_role_whatever_the_client_sends(filled):
    """A client that writes its own audit row claiming another name gets the server's name recorded,
    and the hash it computed over the false name no longer matches: verify reports the entry."""
    with _connect(filled, "dr.b") as conn:
        seq, last = conn.execute("SELECT seq, entry_hash FROM audit ORDER BY seq DESC LIMIT 1").fetchone()
        row = {"seq": seq + 1, "at": "2026-03-12T10:00:00.000000Z", "user": "nurse.a", "case_id": 1,
               "action": "field_changed", "detail": "{}", "program_version": "0", "protocol_sha256": None,
               "prev_hash": last}
        conn.execute('INSERT INTO audit (seq, at, "user", case_id, action, detail, program_version, '
                     'protocol_sha256, prev_hash, entry_hash) VALUES (%(seq)s, %(at)s, %(user)s, %(case_id)s, '
                     '%(action)s, %(detail)s, %(program_version)s, %(protocol_sha256)s, %(prev_hash)s, %(h)s)',
                     {**row, "h": entry_hash(row)})
        assert conn.execute("SELECT \"user\" FROM audit WHERE seq = %s", (seq + 1,)).fetchone()[0] == "dr.b"
    report = _verify(filled)
    assert not report.ok and report.first_broken.seq == 10
    assert "dr.b" in str(report.first_broken) and "does not match its hash" in str(report.first_broken)


def test_saves_are_attributed_to_the_role_the_server_authenticated(pg_database):
    with open_store(pg_database, user="dr.b") as store:
        assert store.user == "dr.b"
        saved = store.create_case(example_case())
        assert saved.saved_by == "dr.b"
        assert {e.user for e in store.history(saved.case_id)} == {"dr.b"}
        assert store.list_cases()[0].created_by == "dr.b"


def test_an_entry_that_does_not_continue_the_chain_is_refused(filled):
    import psycopg

    with _connect(filled, "nurse.a") as conn:
        with pytest.raises(psycopg.errors.IntegrityConstraintViolation, match="continue the hash chain"):
            conn.execute('INSERT INTO audit (seq, at, action, detail, program_version, prev_hash, entry_hash) '
                         "VALUES (10, '2026-01-01T00:00:00.000000Z', 'field_changed', '{}', '0', %s, %s)",
                         ("0" * 64, "f" * 64))


def test_superuser_edits_past_dropped_guards_are_found_by_verify(filled, pg_cluster):
    with _admin(pg_cluster, filled) as conn:
        conn.execute("DROP TRIGGER audit_no_update ON audit")
        detail = json.loads(conn.execute("SELECT detail FROM audit WHERE seq = 4").fetchone()[0])
        conn.execute("UPDATE audit SET detail = %s WHERE seq = 4", (json.dumps({**detail, "old": "45"}),))
    report = _verify(filled)
    assert not report.ok and report.first_broken.seq == 4
    assert "nurse.a, field_changed, case 1) does not match its hash" in str(report.first_broken)
    assert any("guard audit_no_update is missing" in str(p) for p in report.problems)
    result = run_main("audit", "verify", "--store", filled)
    assert result.returncode == 1 and "audit trail BROKEN: entry #4" in result.stdout


def test_deleted_end_of_the_trail_is_reported(filled, pg_cluster):
    with _admin(pg_cluster, filled) as conn:
        conn.execute("DROP TRIGGER audit_no_delete ON audit")
        conn.execute("DELETE FROM audit WHERE seq >= 8")
    assert "entries #8 to #9 are missing" in str(_verify(filled).first_broken)


def test_revision_content_changed_by_the_superuser_is_reported(filled, pg_cluster):
    with _admin(pg_cluster, filled) as conn:
        conn.execute("DROP TRIGGER revisions_no_update ON revisions")
        text = conn.execute("SELECT case_json FROM revisions WHERE revision = 2").fetchone()[0]
        conn.execute("UPDATE revisions SET case_json = %s WHERE revision = 2", (text.replace('"59"', '"95"'),))
    assert "case 1 revision 2 does not match the hash its audit entry recorded" in str(_verify(filled).problems)


def test_sign_in_with_a_password_the_server_checks(pg_database):
    with open_store(pg_database, user=SIGNIN_ROLE, password=SIGNIN_PASSWORD) as store:
        assert store.user == SIGNIN_ROLE
    with pytest.raises(StoreError, match="password authentication failed") as wrong:
        open_store(pg_database, user=SIGNIN_ROLE, password="wrong")
    assert "wrong" not in " ".join(wrong.value.messages)
    with pytest.raises(StoreError, match="no password supplied") as missing:
        open_store(pg_database, user=SIGNIN_ROLE)
    # the server answered and said no: not "cannot be reached" (the window asks again, it does not go offline)
    assert not isinstance(wrong.value, StoreUnavailable) and not isinstance(missing.value, StoreUnavailable)
    assert getattr(wrong.value, "exit_code", 2) == 2  # bad input, not an unusable store


def test_tls_settings_in_the_connection_string_reach_libpq_as_written(pg_database):
    """TLS is libpq's: the store and its listening connection pass sslmode (and the certificate
    settings beside it) to libpq unchanged. (This test server listens on a Unix socket only, where
    libpq does not use TLS, so a refusal cannot be shown here.)"""
    given = f"{pg_database} sslmode=require sslrootcert=/etc/ward/root.crt"
    with open_store(given) as store:
        for connection in (store.connection.raw, store.connection.open_listener()):
            settings = dict(part.split("=", 1) for part in connection.info.dsn.split())
            assert (settings["sslmode"], settings["sslrootcert"]) == ("require", "/etc/ward/root.crt")
            connection.close()


def test_a_save_tells_listening_workstations_which_case_changed(pg_database):
    with _connect(pg_database, "a") as listener, open_store(pg_database, user="b") as store:
        listener.execute("LISTEN ctit_cases")
        saved = store.create_case(example_case())
        note = next(listener.notifies(timeout=10, stop_after=1))
        assert note.payload == f"{saved.case_id}:1"


def test_a_database_without_a_store_or_an_unreachable_server_is_a_clear_error(pg_cluster, tmp_path):
    name = pg_cluster.new_database(empty=True)
    try:
        result = run_main("cases", "list", "--store", pg_cluster.conninfo(name))
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "has no case store" in result.stderr and "store init" in result.stderr
    finally:
        pg_cluster.drop(name)
    missing = run_main("--store", f"host={tmp_path} dbname=nothing user=x", "cases", "list")
    assert missing.returncode == 3 and "cannot be reached" in missing.stderr and "Traceback" not in missing.stderr


def test_store_init_creates_the_store_once_and_refuses_a_second_time(pg_cluster):
    name = pg_cluster.new_database(empty=True)
    admin = pg_cluster.conninfo(name, user="postgres")
    try:
        first = run_main("store", "init", "--store", admin)
        assert first.returncode == 0, first.stderr
        assert "created the case store" in first.stdout and "ctit_clinician" in first.stdout
        again = run_main("store", "init", "--store", admin)
        assert again.returncode == 2 and "already has a case store" in again.stderr
        nothing = run_main("store", "migrate", "--store", admin)
        assert nothing.returncode == 0 and "nothing to do" in nothing.stdout
    finally:
        pg_cluster.drop(name)


def test_command_line_round_trip_with_store_before_or_after_the_subcommand(pg_database, tmp_path):
    source = EXAMPLES / "nct07334093-experimental-eligible.json"
    imported = run_main("--store", pg_database, "cases", "import", source)
    assert imported.returncode == 0, imported.stderr
    listed = run_main("cases", "list", "--json", "--store", pg_database)
    assert [row["patient_id"] for row in json.loads(listed.stdout)] == ["SYSU-0042"]
    assert json.loads(listed.stdout)[0]["changed_by"] == "ctit_test_clinician"
    exported = run_main("cases", "export", imported.stdout.strip(), "-o", tmp_path / "out.json", "--store", pg_database)
    assert exported.returncode == 0, exported.stderr
    verified = run_main("audit", "--store", pg_database, "verify")
    assert verified.returncode == 0 and "audit trail intact: 2 entries" in verified.stdout  # export opens read-only (issue 13)


def test_anchor_printed_before_a_superuser_rewrite_with_rehashed_entries_catches_it(filled, pg_cluster):
    from ctit_gui.store.audit import parse_anchor

    anchor = run_main("audit", "anchor", "--store", filled)
    assert anchor.returncode == 0, anchor.stderr
    printed = anchor.stdout.splitlines()[-1]
    assert printed.startswith("9:")
    with _admin(pg_cluster, filled) as conn:
        for name in ("audit_no_update", "audit_chain"):
            conn.execute(f"DROP TRIGGER {name} ON audit")
        previous = conn.execute("SELECT prev_hash FROM audit WHERE seq = 4").fetchone()[0]
        rows = conn.execute('SELECT seq, at, "user", case_id, action, detail, program_version, protocol_sha256 '
                            "FROM audit WHERE seq >= 4 ORDER BY seq").fetchall()
        for seq, at, user, case_id, action, detail, version, protocol in rows:
            if seq == 4:
                detail = detail.replace('"59"', '"95"')
            row = {"seq": seq, "at": at, "user": user, "case_id": case_id, "action": action, "detail": detail,
                   "program_version": version, "protocol_sha256": protocol, "prev_hash": previous}
            previous = entry_hash(row)
            conn.execute("UPDATE audit SET detail = %s, prev_hash = %s, entry_hash = %s WHERE seq = %s",
                         (detail, row["prev_hash"], previous, seq))
    with open_store(filled) as store:
        report = store.verify([parse_anchor(printed)])
    assert any("no longer matches anchor" in str(p) for p in report.problems)


def test_store_copy_keeps_a_workstations_full_history_and_its_printed_anchors_verify(tmp_path, pg_database,
                                                                                     pg_cluster):
    from psycopg.conninfo import conninfo_to_dict

    from ctit_gui.store.audit import parse_anchor

    folder = tmp_path / "workstation"
    with open_store(folder, user="nurse.ws") as workstation:
        case = example_case()
        first = workstation.create_case(case).case_id
        workstation.save(first, edited(case, notes="day 3 seen"), 1)
        second = workstation.create_case(example_case("nct07334093-incomplete")).case_id
        printed = str(workstation.anchor())  # as on a sheet printed at the workstation
        expected_history = [(e.user, e.describe()) for e in workstation.history(first)]
    owner = pg_cluster.conninfo(conninfo_to_dict(pg_database)["dbname"], user="postgres")
    refused = run_main("store", "copy", "--from", folder, "--to", pg_database)  # a clinician may not
    assert refused.returncode == 2 and "owner" in refused.stderr
    copied = run_main("store", "copy", "--from", folder, "--to", owner)
    assert copied.returncode == 0, copied.stderr
    assert "2 case(s), 3 revision(s)" in copied.stdout
    again = run_main("store", "copy", "--from", folder, "--to", owner)
    assert again.returncode == 2 and "already copied" in again.stderr

    with open_store(pg_database, user="dr.b") as ward:
        listed = {s.patient_id: s for s in ward.list_cases()}
        assert set(listed) == {"SYSU-0042", case.patient.id} | {example_case("nct07334093-incomplete").patient.id}
        new_id = listed["SYSU-0042"].case_id
        assert listed["SYSU-0042"].changed_by == "nurse.ws" and listed["SYSU-0042"].revision == 2
        history = ward.history(new_id)
        assert [(e.user, e.describe()) for e in history[:len(expected_history)]] == expected_history
        assert history[-1].action == "case_copied" and history[-1].user == "postgres"
        stored = ward.load(new_id)
        ward.save(new_id, edited(stored.case, notes="seen on the ward"), stored.revision)
        report = ward.verify([parse_anchor(printed)])
        assert report.ok, report.problems
        other_id = listed[example_case("nct07334093-incomplete").patient.id].case_id
        assert ward.load(other_id).case == example_case("nct07334093-incomplete")  # the other case too
        assert f"{second}→{other_id}" in copied.stdout
    with pg_cluster.admin(conninfo_to_dict(pg_database)["dbname"]) as conn:
        conn.execute("ALTER TABLE segment_audit DISABLE TRIGGER segment_audit_frozen")
        conn.execute("UPDATE segment_audit SET \"user\" = 'someone.else' WHERE seq = 1")
    with open_store(pg_database) as ward:
        report = ward.verify([parse_anchor(printed)])
    assert not report.ok and "copied workstation trail" in str(report.problems[0])
