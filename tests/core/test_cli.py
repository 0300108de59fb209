"""The command line as a user runs it: subprocess, real files, exit status and messages."""

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "nct07334093-experimental-eligible.json"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)],
                          capture_output=True, text=True, cwd=cwd, timeout=120)


def test_check_json_gives_verdict_and_each_criterion_with_registry_text():
    result = run("check", EXAMPLE, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["trial"] == "NCT07334093" and data["arm"] == "rhtpo+hetrombopag"
    assert data["verdict"] == "eligible"
    in4 = next(c for c in data["criteria"] if c["id"] == "IN4")
    assert in4 == {**in4, "kind": "inclusion", "holds": True, "decided_by": "computed",
                   "text": "Grade ≥3 cancer-therapy-induced thrombocytopenia (PLT <50×10⁹/L)."}
    assert "32 ×10⁹/L < 50 ×10⁹/L" in in4["reason"] and "grade 3" in in4["reason"]


def test_check_without_json_prints_a_readable_table():
    result = run("check", EXAMPLE)
    assert result.returncode == 0
    assert "Verdict: ELIGIBLE" in result.stdout and "IN4" in result.stdout


def test_plan_json_has_14_days_doses_and_stop_event():
    result = run("plan", EXAMPLE, "--json", "--today", "2026-02-09")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert [d["day"] for d in data["days"]] == list(range(1, 15))
    assert data["days"][0]["date"] == "2026-02-03"
    assert [d["text"] for d in data["days"][0]["doses"]] == [
        "hetrombopag 7.5 mg by mouth daily", "rhTPO 15,000 units subcutaneously daily"]
    assert data["days"][0]["doses"][0]["amount"] == 7.5 and data["days"][0]["doses"][0]["route"] == "oral"
    assert data["events"][0]["kind"] == "stop" and data["events"][0]["day"] == 7
    assert data["events"][0]["rule"].startswith("Stop study drug if PLT ≥100")
    assert all(d["doses"] == [] and d["state"] == "stopped" for d in data["days"][7:])
    assert data["response"]["reached"] is True and data["response"]["day"] == 7


def test_plan_today_flags_overdue_checkpoint(tmp_path):
    case = json.loads(EXAMPLE.read_text())
    case["platelet_checks"] = []
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    data = json.loads(run("plan", path, "--json", "--today", "2026-02-11").stdout)
    assert [(e["kind"], e["day"]) for e in data["events"]] == [("overdue", 7)]


def test_schema_prints_the_case_json_schema():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert result.returncode == 0
    assert {"schema", "patient", "trial", "arm"} <= set(schema["required"])


def _bad(tmp_path, change):
    case = copy.deepcopy(json.loads(EXAMPLE.read_text()))
    change(case)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(case))
    return path


BAD_INPUTS = {
    "negative_plt": (lambda c: c["labs"].update(plt={"value": -1, "unit": "10^9/L"}), "labs.plt.value"),
    "plt_1000_as_e9l": (lambda c: c["labs"].update(plt={"value": 1000, "unit": "10^9/L"}), "per µL"),
    "weight_over_400": (lambda c: c["patient"].update(weight_kg=400.5), "patient.weight_kg"),
    "impossible_date": (lambda c: c.update(day1="2026-02-30"), "day1: must be a real date"),
    "unknown_unit": (lambda c: c["labs"].update(creatinine={"value": 1, "unit": "mmol/L"}), "labs.creatinine.unit"),
    "unknown_arm": (lambda c: c.update(arm="placebo"), "arm: must be one of"),
    "unknown_trial": (lambda c: c.update(trial="NCT00000000"), "trial: must be one of"),
    "unknown_criterion": (lambda c: c["answers"].update(IN99=True), "answers.IN99"),
    "day_outside_1_14": (lambda c: c.update(platelet_checks=[{"day": 0, "value": 40, "unit": "10^9/L"}]),
                         "platelet_checks[0].day"),
    "missing_required_field": (lambda c: c["patient"].pop("id"), "patient.id: is required"),
    "misspelt_field": (lambda c: c["patient"].update(wieght_kg=60), "patient.wieght_kg"),
    "implausible_bilirubin_mg_dl": (lambda c: c["labs"].update(tbil={"value": 200, "unit": "mg/dL"}),
                                    "labs.tbil: bilirubin value must be at most 117 mg/dL"),
    "implausible_creatinine_uln": (lambda c: c["labs"].update(creatinine={"value": 80, "unit": "umol/L",
                                                                           "uln": 3001}),
                                   "labs.creatinine.uln: 3,001 µmol/L is not a plausible upper limit of normal for creatinine"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_clear_line_and_no_traceback(tmp_path, name):
    change, expected = BAD_INPUTS[name]
    result = run("check", _bad(tmp_path, change))
    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr
    assert all(line.startswith("error: ") for line in result.stderr.strip().splitlines())


def test_several_problems_give_one_line_each(tmp_path):
    def change(c):
        c["patient"].update(weight_kg=450, ecog=9)
        c.update(day1="2026-13-01")
    result = run("check", _bad(tmp_path, change))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 3


def test_malformed_json_names_line_and_column(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text('{"schema": "ctit-case/1",\n  "trial": }')
    result = run("check", path)
    assert result.returncode == 2
    assert "not valid JSON" in result.stderr and "line 2" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_file_is_a_clear_error(tmp_path):
    result = run("check", tmp_path / "nope.json")
    assert result.returncode == 2 and "cannot be read" in result.stderr


def test_bad_today_is_refused_by_name():
    result = run("plan", EXAMPLE, "--today", "2026-02-31")
    assert result.returncode == 2 and "--today" in result.stderr and "Traceback" not in result.stderr


def test_age_that_contradicts_the_birth_date_is_refused(tmp_path):
    def change(c):
        c["patient"].update(age_years=75, birth_date="1949-01-01")  # 77 on 2026-02-02
    result = run("check", _bad(tmp_path, change))
    assert result.returncode == 2
    assert "age_years 75 does not match patient.birth_date (age 77" in result.stderr


def test_sheet_judges_overdue_checks_on_its_generation_date(tmp_path):
    from pypdf import PdfReader

    case = json.loads(EXAMPLE.read_text())
    case["platelet_checks"] = []
    path = tmp_path / "case.json"
    path.write_text(json.dumps(case))
    texts = {}
    for stamp in ("2026-02-09T08:00:00+08:00", "2026-02-11T08:00:00+08:00"):  # day 7 is 2026-02-09
        out = tmp_path / f"{stamp[:10]}.pdf"
        assert run("sheet", path, "-o", out, "--generated-at", stamp).returncode == 0
        texts[stamp[:10]] = " ".join(page.extract_text() for page in PdfReader(out).pages)
        again = tmp_path / "again.pdf"
        run("sheet", path, "-o", again, "--generated-at", stamp)
        assert again.read_bytes() == out.read_bytes()
    assert "overdue" not in texts["2026-02-09"]
    assert "Day 7 PLT check overdue" in texts["2026-02-11"]
