"""The ward's worklist on both stores: close (audited, with a reason) and reopen, a changed case agrees
with ``plan``, unreadable revisions listed with their problem, ``ward`` on the command line and the
handover PDF (byte-identical for the same store state and --generated-at)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from ctit_gui.core.session import assess
from ctit_gui.core.worklist import WorklistCache, worklist
from ctit_gui.store import StoreError, open_store
from tests.store.conftest import edited, run_main
from tests.ward import SPECS, WARD_DAY, ward_cases


@pytest.fixture
def ward_store(data_dir):
    with open_store(data_dir, user="nurse.a") as store:
        ids = {case.patient.id: store.create_case(case).case_id for case in ward_cases()}
        yield store, ids


def _rows(store, today=WARD_DAY, **options):
    return {item.patient_id: item for item in worklist(store.ward_entries(), today, store.protocols, **options).items}


def test_the_store_ward_lists_every_open_case_with_the_cores_status(ward_store):
    store, ids = ward_store
    rows = _rows(store)
    listed = {s.patient for s in SPECS if s.closure is None}
    assert set(rows) == listed
    for spec in SPECS:
        if spec.closure is None:
            assert rows[spec.patient].headline_key == spec.expect
            assert rows[spec.patient].key == ids[spec.patient] and rows[spec.patient].revision == 1


def test_close_is_audited_with_its_reason_and_reopen_puts_the_case_back(ward_store):
    store, ids = ward_store
    case_id = ids["S01-SCREEN"]
    saved = store.close_case(case_id, "screen_failure")
    assert saved.revision == 2 and "S01-SCREEN" not in _rows(store)
    history = store.history(case_id)
    closed = [e for e in history if e.action == "case_closed"]
    assert closed and closed[0].detail == {"reason": "screen_failure", "revision": 2} and closed[0].user == "nurse.a"
    assert "screen failure" in closed[0].describe()
    with pytest.raises(StoreError, match="already closed"):
        store.close_case(case_id, "withdrawn")
    store.reopen_case(case_id)
    assert _rows(store)["S01-SCREEN"].revision == 3
    assert [e.action for e in store.history(case_id) if e.action.startswith("case_")][-1] == "case_reopened"
    assert store.verify().ok


def test_closing_for_another_reason_needs_a_note_and_nothing_is_written_without_it(ward_store):
    store, ids = ward_store
    case_id = ids["S05-DAY3"]
    with pytest.raises(StoreError, match="needs a note"):
        store.close_case(case_id, "other", "   ")
    assert store.load(case_id).revision == 1
    store.close_case(case_id, "other", "moved to another hospital")
    assert store.load(case_id).case.closure.note == "moved to another hospital"


def test_a_case_changed_elsewhere_recomputes_only_its_row_and_agrees_with_plan(data_dir, ward_store):
    store, ids = ward_store
    cache = WorklistCache()
    worklist(store.ward_entries(), WARD_DAY, store.protocols, cache=cache)
    before = cache.computed
    case_id = ids["S08-DAY9"]
    stored = store.load(case_id)
    with open_store(data_dir) as other:  # another workstation (on PostgreSQL: the same role)
        checks = [c.model_dump(mode="json") for c in stored.case.platelet_checks]
        other.save(case_id, edited(stored.case, platelet_checks=checks + [{"day": 9, "value": 9, "unit": "10^9/L"}]),
                   stored.revision)
    listed = worklist(store.ward_entries(), WARD_DAY, store.protocols, cache=cache)
    assert cache.computed == before + 1
    item = next(i for i in listed.items if i.key == case_id)
    plan = assess(store.load(case_id).case, store.protocols, WARD_DAY).plan
    assert item.headline_key == "rescue" and any(e.kind == "rescue" and e.day == 9 for e in plan.current_events)
    assert item.today.doses == tuple(d.text for d in plan.days[8].doses)


def test_a_stored_revision_the_program_cannot_read_is_listed_with_its_problem(sqlite_dir):
    with open_store(sqlite_dir, user="nurse.a") as store:
        case_id = store.create_case(ward_cases()[4]).case_id
        # a revision written by a newer program (a field this one does not know), straight into the table
        row = store.connection.execute("SELECT case_json FROM revisions WHERE case_id = ?", (case_id,)).fetchone()
        data = json.loads(row[0])
        data["dose_plan"] = "x"
        store.connection.execute("DROP TRIGGER IF EXISTS revisions_no_update")
        store.connection.execute("UPDATE revisions SET case_json = ? WHERE case_id = ?", (json.dumps(data), case_id))
        store.connection.commit()
        items = worklist(store.ward_entries(), WARD_DAY, store.protocols).items
    assert len(items) == 1 and items[0].status is None and items[0].patient_id == "S05-DAY3"
    assert "dose_plan" in " ".join(items[0].problems)


def test_ward_command_text_json_and_exit_status(data_dir, ward_store):
    result = run_main("ward", "--store", data_dir, "--today", WARD_DAY.isoformat())
    assert result.returncode == 0, result.stderr
    assert "27 open case(s)" in result.stdout and "[RESCUE] S12-RESCUE" in result.stdout
    assert "no dose — stopped day 7" in result.stdout and "Closed (not on the list)" in result.stdout
    as_json = json.loads(run_main("ward", "--store", data_dir, "--today", WARD_DAY.isoformat(), "--json").stdout)
    assert len(as_json["items"]) == 27 and as_json["items"][0]["headline"] == "CANNOT BE EVALUATED"
    bad = run_main("ward", "--store", data_dir, "--today", "2026-02-30")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr
    bad = run_main("ward", "--store", data_dir, "--handover")
    assert bad.returncode == 2 and "-o FILE.pdf" in bad.stderr
    bad = run_main("ward", "--store", data_dir, "--trial", "NCT0")
    assert bad.returncode == 2 and "--trial" in bad.stderr


def test_cases_close_and_reopen_on_the_command_line(data_dir, ward_store):
    _store, ids = ward_store
    case_id = ids["S02-DAY1-AHEAD"]
    result = run_main("cases", "close", case_id, "--reason", "other", "--store", data_dir)
    assert result.returncode == 2 and "needs a note" in result.stderr
    result = run_main("cases", "close", case_id, "--reason", "withdrawn", "--store", data_dir)
    assert result.returncode == 0 and "closed case" in result.stdout
    ward = run_main("ward", "--store", data_dir, "--today", WARD_DAY.isoformat(), "--json")
    assert case_id in [c["case_id"] for c in json.loads(ward.stdout)["closed"]]
    assert run_main("cases", "reopen", case_id, "--store", data_dir).returncode == 0


def test_handover_is_byte_identical_for_the_same_store_state_and_time(tmp_path, data_dir, ward_store):
    store, ids = ward_store
    outputs = []
    for n, paper in enumerate(("a4", "a4", "letter")):
        out = tmp_path / f"h{n}.pdf"
        result = run_main("ward", "--store", data_dir, "--handover", "-o", out, "--paper", paper,
                          "--generated-at", "2026-03-16T07:30:00+08:00")
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1] and outputs[0] != outputs[2]
    store.close_case(ids["S05-DAY3"], "withdrawn")
    again = tmp_path / "after.pdf"
    run_main("ward", "--store", data_dir, "--handover", "-o", again, "--generated-at", "2026-03-16T07:30:00+08:00")
    assert again.read_bytes() != outputs[0]  # the store changed: so does the sheet


def test_the_next_day_the_worklist_moves_on(ward_store):
    store, _ids = ward_store
    tomorrow = _rows(store, WARD_DAY + timedelta(days=1))
    assert tomorrow["S06-CHECK-DUE"].headline_key == "check_overdue"
    assert tomorrow["S02-DAY1-AHEAD"].headline_key == "screening"


def test_handover_with_lang_zh_cn_is_in_chinese_and_byte_identical(tmp_path, data_dir, ward_store):
    outputs = []
    for n in range(2):
        out = tmp_path / f"zh{n}.pdf"
        result = run_main("ward", "--store", data_dir, "--handover", "-o", out, "--lang", "zh_CN",
                          "--generated-at", "2026-03-16T07:30:00+08:00")
        assert result.returncode == 0, result.stderr
        outputs.append(out.read_bytes())
    english = tmp_path / "en.pdf"
    run_main("ward", "--store", data_dir, "--handover", "-o", english, "--generated-at", "2026-03-16T07:30:00+08:00")
    assert outputs[0] == outputs[1] != english.read_bytes()
    assert b"zh-CN" in outputs[0] and b"zh-CN" not in english.read_bytes()
