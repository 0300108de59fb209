"""The store's command line as a user runs it: python main.py cases …/audit … with --data-dir."""

import json
import os
from decimal import Decimal

from ctit_gui.core.session import read_case

from .conftest import EXAMPLES, run_main

EMPTY_DEFAULTS = {"labs": {}, "answers": {}, "platelet_checks": []}


def test_import_list_export_round_trip_gives_the_same_case_field_for_field(tmp_path):
    data_dir = tmp_path / "store"
    ids = {}
    for source in sorted(EXAMPLES.glob("nct*.json")):
        result = run_main("cases", "import", source, "--data-dir", data_dir)
        assert result.returncode == 0, result.stderr
        ids[source] = int(result.stdout.strip())
    assert sorted(ids.values()) == list(range(1, len(ids) + 1))

    listed = run_main("cases", "list", "--json", "--today", "2026-02-12", "--data-dir", data_dir)
    assert listed.returncode == 0, listed.stderr
    rows = {row["id"]: row for row in json.loads(listed.stdout)}
    eligible = rows[ids[EXAMPLES / "nct07334093-experimental-eligible.json"]]
    assert (eligible["patient_id"], eligible["status_text"]) == ("SYSU-0042", "stopped on day 7")
    table = run_main("cases", "--data-dir", data_dir, "list")
    assert table.returncode == 0 and "SYSU-0042" in table.stdout and "LAST CHANGED" in table.stdout

    for source, case_id in ids.items():
        target = tmp_path / f"export-{case_id}.json"
        result = run_main("cases", "export", case_id, "-o", target, "--data-dir", data_dir)
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith(f"wrote {target} (case {case_id} revision 1, sha256 ")
        assert read_case(target) == read_case(source)
        original = json.loads(source.read_text(encoding="utf-8"), parse_float=Decimal)
        assert json.loads(target.read_text(encoding="utf-8"), parse_float=Decimal) == {**EMPTY_DEFAULTS, **original}

    verified = run_main("audit", "verify", "--data-dir", data_dir)
    assert verified.returncode == 0 and "audit trail intact" in verified.stdout


def test_environment_variable_names_the_store_folder(tmp_path):
    env = {**os.environ, "CTIT_DATA_DIR": str(tmp_path / "env-store")}
    result = run_main("cases", "import", EXAMPLES / "nct07334093-incomplete.json", env=env)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "env-store" / "cases.sqlite3").exists()


def test_bad_case_file_is_refused_with_exit_2_and_nothing_stored(tmp_path):
    data = json.loads((EXAMPLES / "nct07334093-incomplete.json").read_text())
    data["patient"]["weight_kg"] = 450
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data))
    result = run_main("cases", "import", bad, "--data-dir", tmp_path / "store")
    assert result.returncode == 2
    assert result.stderr.strip() == "error: bad.json: patient.weight_kg: must be 400 or less (got 450)"
    assert run_main("cases", "list", "--data-dir", tmp_path / "store").stdout.strip() == "no cases"


def test_unknown_case_and_bad_id_exit_2_with_a_message(tmp_path):
    missing = run_main("cases", "export", "7", "-o", tmp_path / "x.json", "--data-dir", tmp_path / "store")
    assert missing.returncode == 2 and "there is no case with id 7" in missing.stderr
    bad = run_main("audit", "show", "seven", "--data-dir", tmp_path / "store")
    assert bad.returncode == 2 and "a case id is a whole number" in bad.stderr
    assert "Traceback" not in missing.stderr + bad.stderr
