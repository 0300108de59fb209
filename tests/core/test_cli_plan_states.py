"""`plan` for a patient who must not be dosed: the words, and no dose anywhere (issue 9)."""

import json
from pathlib import Path

import pytest

from ctit_gui.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
DOSE_WORDS = ("mg by mouth", "units subcutaneously")


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.mark.parametrize(("example", "words"), [
    ("nct07243418-secondary-nadir-ineligible.json", "NOT ELIGIBLE — DO NOT DOSE"),
    ("nct07334093-incomplete.json", "SCREENING INCOMPLETE — DO NOT DOSE until eligibility is confirmed"),
])
def test_plan_text_and_json_say_do_not_dose_and_list_no_dose(capsys, example, words):
    code, out, _ = run(capsys, "plan", EXAMPLES / example, "--today", "2026-12-01")
    assert code == 0 and words in out
    assert not any(w in out for w in DOSE_WORDS)
    assert "Blocking criteria:" in out
    code, out, _ = run(capsys, "plan", EXAMPLES / example, "--json", "--today", "2026-12-01")
    data = json.loads(out)
    assert data["dosing_block_text"] == words and data["blocking"]
    assert all(day["doses"] == [] and day["state"] == "do_not_dose" for day in data["days"])


def test_plan_text_shows_the_stop_day_as_withhold_and_the_reading(capsys):
    code, out, _ = run(capsys, "plan", EXAMPLES / "nct07334093-experimental-eligible.json", "--today", "2026-02-09")
    assert code == 0
    day7 = next(line for line in out.splitlines() if line.startswith("day  7"))
    assert "withhold if not yet given — PLT result meets the stop rule" in day7
    day8 = next(line for line in out.splitlines() if line.startswith("day  8"))
    assert "no dose — stopped day 7" in day8 and not any(w in day8 for w in DOSE_WORDS)
    assert "program's reading" in out


def test_plan_text_prints_counts_in_the_canonical_unit_with_what_was_entered(capsys, tmp_path):
    data = json.loads((EXAMPLES / "nct07334093-experimental-eligible.json").read_text(encoding="utf-8"))
    data["platelet_checks"] = [{"day": 7, "value": 82000, "unit": "/uL", "bleeding_risk": False},
                               {"day": 10, "value": 100.0, "unit": "10^9/L", "bleeding_risk": False}]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    code, out, _ = run(capsys, "plan", path, "--today", "2026-12-01")
    assert code == 0
    assert "PLT 82 ×10⁹/L (entered 82,000 /µL)" in out
    assert "PLT 100 ×10⁹/L" in out and "100.0" not in out and "10^9/L" not in out


def test_nct07243418_plan_and_sheet_say_counts_are_not_judged(capsys, tmp_path):
    code, out, _ = run(capsys, "plan", EXAMPLES / "nct07243418-primary-dose-review.json", "--today", "2026-12-01")
    assert code == 0 and "counts are not judged against any" in out
    assert "no stop, rescue, response or dose events so far" not in out
