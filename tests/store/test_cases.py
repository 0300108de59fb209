"""Saving and reading cases: revisions, optimistic concurrency, autosave, the case list, hashes."""

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from ctit_gui.core.session import default_protocols, parse_case_json
from ctit_gui.store import (AUTOSAVE, CaseNotFound, StaleRevision, StoreError, case_content_hash, open_store)

from .conftest import edited, example_case, example_data

EMPTY_DEFAULTS = {"labs": {}, "answers": {}, "platelet_checks": []}  # the model's defaults, written out


def test_each_save_writes_a_new_revision_with_who_when_why_and_the_latest_is_the_case(store):
    case = example_case()
    created = store.create_case(case)
    assert (created.revision, created.saved_by, created.why) == (1, "nurse.a", "created")
    second = store.save(created.case_id, edited(case, notes="seen on day 7"), 1, why="day 7 review")
    assert second.revision == 2 and second.saved_at.tzinfo == timezone.utc
    latest = store.load(created.case_id)
    assert latest.revision == 2 and latest.case.notes == "seen on day 7"
    assert (latest.info.saved_by, latest.info.why) == ("nurse.a", "day 7 review")
    assert store.load(created.case_id, 1).case == case
    assert [(r.revision, r.why) for r in store.revisions(created.case_id)] == [(1, "created"), (2, "day 7 review")]


def test_save_on_a_stale_revision_is_refused_naming_who_changed_the_case_and_when(data_dir):
    with open_store(data_dir, user="nurse.a") as first, open_store(data_dir, user="dr.b") as second:
        case_id = first.create_case(example_case()).case_id
        mine, theirs = first.load(case_id), second.load(case_id)
        won = second.save(case_id, edited(theirs.case, notes="dr.b was here"), theirs.revision)
        with pytest.raises(StaleRevision) as refused:
            first.save(case_id, edited(mine.case, notes="nurse.a was here"), mine.revision)
        error = refused.value
        assert (error.changed_by, error.latest_revision, error.base_revision) == ("dr.b", 2, 1)
        assert error.changed_at == won.saved_at
        assert error.messages[0].startswith(f"case {case_id} (SYSU-0042) was changed by dr.b at ")
        assert "after you opened revision 1" in error.messages[0]
        assert isinstance(error, StoreError)
        assert first.load(case_id).case.notes == "dr.b was here"  # nothing of the refused save was written
        assert [r.revision for r in first.revisions(case_id)] == [1, 2]


def test_saving_an_unchanged_case_writes_no_revision(store):
    case = example_case()
    created = store.create_case(case)
    again = store.save(created.case_id, case, 1)
    assert not again.written and again.revision == 1
    assert len(store.revisions(created.case_id)) == 1


def test_stale_save_of_exactly_the_latest_content_is_not_a_conflict(data_dir):
    with open_store(data_dir, user="a") as first, open_store(data_dir, user="b") as second:
        case_id = first.create_case(example_case()).case_id
        same = edited(first.load(case_id).case, notes="agreed")
        second.save(case_id, same, 1)
        result = first.save(case_id, same, 1)
        assert not result.written and result.revision == 2


def test_autosave_is_a_revision_marked_autosave_with_its_field_changes_audited(store):
    case = example_case()
    case_id = store.create_case(case).case_id
    patient = {**case.to_dict()["patient"], "weight_kg": "60"}
    saved = store.autosave(case_id, edited(case, patient=patient), 1)
    assert saved.why == AUTOSAVE == "autosave"
    history = store.history(case_id)
    assert [(e.action, e.revision) for e in history[-2:]] == [("revision_saved", 2), ("field_changed", 2)]
    assert history[-1].describe() == "patient.weight_kg: 58.5 → 60"


def test_audit_entries_carry_program_version_protocol_hash_user_and_utc_time(store):
    from ctit_gui import __version__

    case_id = store.create_case(example_case()).case_id
    entry = store.history(case_id)[0]
    assert entry.action == "case_created" and entry.user == "nurse.a"
    assert entry.program_version == __version__
    assert entry.protocol_sha256 == default_protocols()["NCT07334093"].sha256
    assert entry.at.tzinfo == timezone.utc and abs(datetime.now(timezone.utc) - entry.at) < timedelta(minutes=1)


def test_banner_and_pdf_export_are_recorded_in_the_case_history(store):
    case = example_case()
    case_id = store.create_case(case).case_id
    store.record_banner(case_id, raised=True, kind="stop", text="Day 7: stop study drug", day=7)
    store.record_banner(case_id, raised=False, kind="stop", text="Day 7: stop study drug", day=7)
    store.record_pdf_export(case_id, pdf_sha256="c0ffee" * 10 + "abcd", file_name="sheet.pdf", revision=1,
                            case_sha256=case_content_hash(case))
    texts = [e.describe() for e in store.history(case_id)[-3:]]
    assert texts[0] == "banner raised: stop (day 7): Day 7: stop study drug"
    assert texts[1].startswith("banner cleared: stop")
    assert texts[2].startswith("PDF dosing sheet of revision 1 exported: sheet.pdf (sha256 c0ffeec0ffee)")
    assert store.verify().ok


def test_pdf_footer_case_hash_finds_the_revision_it_was_printed_from(store):
    case = example_case()
    case_id = store.create_case(case).case_id
    store.save(case_id, edited(case, notes="later"), 1)
    full = case_content_hash(case)
    for query in (full, full[:12], full[:8].upper()):
        assert [(r.case_id, r.revision) for r in store.find_by_case_hash(query)] == [(case_id, 1)]
    with pytest.raises(StoreError, match="at least 8 hexadecimal digits"):
        store.find_by_case_hash("abc")


def test_store_case_hash_is_the_one_the_pdf_sheet_prints():
    words = pytest.importorskip("ctit_gui.sheet.words")
    for name in ("nct07334093-experimental-eligible", "nct07243418-primary-dose-review"):
        case = example_case(name)
        assert case_content_hash(case) == words.case_content_hash(case)


def test_case_list_searches_by_patient_trial_arm_status_and_last_change(store):
    store.create_case(example_case())  # SYSU-0042, experimental arm, stops on day 7
    store.create_case(example_case("nct07334093-control-rescue"))  # SYSU-0107, control arm
    chinese = example_data("nct07243418-primary-dose-review")
    chinese["patient"]["id"] = "中山-0099"
    store.create_case(parse_case_json(json.dumps(chinese)))
    today = date(2026, 3, 12)
    assert [s.patient_id for s in store.list_cases(today=today)] == ["中山-0099", "SYSU-0107", "SYSU-0042"]
    assert [s.patient_id for s in store.list_cases(patient="sysu-01")] == ["SYSU-0107"]
    assert [s.patient_id for s in store.list_cases(patient="中山")] == ["中山-0099"]
    assert store.list_cases(patient="%") == [] and store.list_cases(patient="_") == []
    assert [s.arm for s in store.list_cases(trial="NCT07334093", arm="hetrombopag")] == ["hetrombopag"]
    assert [s.patient_id for s in store.list_cases(status="stopped", today=today)] == ["SYSU-0042"]
    control = store.list_cases(patient="SYSU-0107", today=today)[0]
    assert (control.status.kind, control.status.day, control.status.text) == ("on_treatment", 3,
                                                                            "on treatment day 3")
    newest = store.list_cases()[0]
    assert store.list_cases(changed_after=newest.changed_at) == [newest]
    assert len(store.list_cases(changed_before=newest.changed_at)) == 2
    with pytest.raises(StoreError, match="status must be one of"):
        store.list_cases(status="discharged")


def test_unknown_case_id_is_a_clear_error(store):
    with pytest.raises(CaseNotFound, match="there is no case with id 42 in the case store"):
        store.load(42)
    with pytest.raises(CaseNotFound):
        store.save(42, example_case(), 1)


def test_export_writes_the_same_case_field_for_field_and_is_audited(store, tmp_path):
    from ctit_gui.core.session import read_case

    for name in ("nct07334093-control-rescue", "nct07243418-secondary-nadir-ineligible"):
        case = example_case(name)
        case_id = store.create_case(case).case_id
        target = tmp_path / f"{name}.json"
        stored, digest = store.export_case(case_id, target)
        assert read_case(target) == case
        original = json.loads(json.dumps(example_data(name)), parse_float=Decimal)
        exported = json.loads(target.read_text(encoding="utf-8"), parse_float=Decimal)
        assert exported == {**EMPTY_DEFAULTS, **original}  # numbers as numbers, exactly as entered
        head = store.history(case_id)[-2]  # the export carries the chain head it was made at
        assert store.history(case_id)[-1].detail == {"file": target.name, "file_sha256": digest, "revision": 1,
                                                     "anchor": f"{head.seq}:{head.entry_hash}"}


def test_autosave_keeps_a_case_the_protocol_does_not_fit_and_lists_its_status_as_unknown(store):
    from ctit_gui.core.case import Case

    data = example_case().to_dict()
    data["arm"] = "arm-from-a-newer-protocol"
    case_id = store.create_case(Case.model_validate(data)).case_id
    assert store.list_cases()[0].status.text == "status unknown (trial or arm not loaded)"
    assert store.load(case_id).case.arm == "arm-from-a-newer-protocol"


def test_status_stored_under_another_protocol_version_is_recomputed_from_the_case(store):
    case_id = store.create_case(example_case()).case_id
    store.connection.execute("UPDATE cases SET stop_day = NULL, status_protocol_sha256 = 'old' WHERE id = ?",
                             (case_id,))
    assert store.list_cases(today=date(2026, 2, 5))[0].status.text == "stopped on day 7"
