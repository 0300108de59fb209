"""ULN in the wrong unit, dates after today, not-applicable words, and output piped into head (issue 9)."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from ctit_gui.cli import main
from ctit_gui.core.errors import InputError
from ctit_gui.core.session import validate_case_data

from .factories import SYSU, case_dict

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 3, 1)


def refused(data, today=TODAY) -> list[str]:
    with pytest.raises(InputError) as error:
        validate_case_data(data, today=today)
    return error.value.messages


def with_lab(name, lab):
    data = case_dict(SYSU)
    data["labs"][name] = lab
    return data


@pytest.mark.parametrize(("name", "lab", "line"), [
    ("tbil", {"value": 4, "unit": "mg/dL", "uln": 21}, "labs.tbil.uln: 21 mg/dL is not a plausible"),
    ("tbil", {"value": 12, "unit": "umol/L", "uln": 1.2}, "1.2 looks like mg/dL, not µmol/L"),
    ("creatinine", {"value": 1, "unit": "mg/dL", "uln": 97}, "97 looks like µmol/L, not mg/dL"),
    ("creatinine", {"value": 70, "unit": "umol/L", "uln": 1.1}, "1.1 looks like mg/dL, not µmol/L"),
    ("alt", {"value": 30, "unit": "U/L", "uln": 0.58}, "labs.alt.uln: 0.58 U/L is not a plausible"),
    ("ast", {"value": 30, "unit": "U/L", "uln": 400}, "labs.ast.uln: 400 U/L is not a plausible"),
    ("inr", {"value": 1.1, "uln": 12}, "labs.inr.uln: 12 is not a plausible"),
])
def test_a_uln_outside_its_units_plausible_range_is_refused_naming_the_likely_unit(name, lab, line):
    messages = refused(with_lab(name, lab))
    assert any(line in m for m in messages), messages


def test_bilirubin_4_mg_dl_with_a_umol_uln_no_longer_passes():
    messages = refused(with_lab("tbil", {"value": 4, "unit": "mg/dL", "uln": 21}))
    assert messages == ["labs.tbil.uln: 21 mg/dL is not a plausible upper limit of normal for total bilirubin "
                        "(expected 0.3–3 mg/dL); 21 looks like µmol/L, not mg/dL"]


@pytest.mark.parametrize(("uln", "unit"), [("5", "umol/L"), ("50", "umol/L"), ("0.3", "mg/dL"), ("3", "mg/dL")])
def test_uln_range_edges_are_accepted(uln, unit):
    validate_case_data(with_lab("tbil", {"value": 1, "unit": unit, "uln": float(uln)}), today=TODAY)


def test_dates_after_today_are_refused():
    data = case_dict(SYSU)
    data["screening_date"], data["day1"] = "2026-03-02", "2026-03-03"
    assert refused(data) == ["screening_date: 2026-03-02 is after today (2026-03-01): it cannot be in the future"]
    data = case_dict(SYSU)
    data["patient"]["birth_date"] = "2026-03-02"
    data["patient"].pop("age_years")
    data.pop("screening_date")
    assert any(m.startswith("patient.birth_date: 2026-03-02 is after today") for m in refused(data, date(2026, 3, 1)))


def test_a_count_dated_after_today_is_refused_and_never_reaches_the_endpoint():
    data = case_dict(SYSU)
    data["platelet_checks"] = [{"day": 14, "value": 150, "unit": "10^9/L"}]  # day 14 = 2026-02-16
    assert refused(data, date(2026, 2, 15)) == [
        "platelet_checks[0].day: day 14 is 2026-02-16, after today (2026-02-15): "
        "a count cannot be recorded before it is measured"]
    assert validate_case_data(data, today=date(2026, 2, 16)).platelet_checks


def test_a_day1_in_year_9999_is_refused_not_a_crash(tmp_path, capsys):
    data = case_dict(SYSU)
    data["screening_date"], data["day1"] = "2026-01-01", "9999-12-25"
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["plan", str(path), "--today", "2026-03-01"]) == 2
    err = capsys.readouterr().err
    assert "day1: 9999-12-25: the 14-day course would end after the last date" in err and "Traceback" not in err


def test_the_last_day1_the_program_can_hold_both_sides():
    """A 14-day course must end by 9999-12-31 with a day to spare: day1 9999-12-17 (14 days before date.max)
    is the last accepted, 9999-12-18 is refused with its line (time_problems's guard, both sides)."""
    data = case_dict(SYSU)
    data["screening_date"], data["day1"] = "2026-01-01", "9999-12-17"
    assert validate_case_data(data, today=date(2026, 3, 1)).day1 == date(9999, 12, 17)
    data["day1"] = "9999-12-18"
    assert refused(data, date(2026, 3, 1)) == [
        "day1: 9999-12-18: the 14-day course would end after the last date the program can hold (9999-12-31)"]


def test_a_criterion_that_does_not_apply_never_prints_as_yes_or_no_attested(tmp_path, capsys):
    data = case_dict(SYSU)
    data["patient"]["sex"] = "male"
    data["patient"].pop("childbearing_potential")
    data["answers"]["EX1"] = True
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert main(["check", str(path)]) == 0
    out = capsys.readouterr().out
    ex1 = next(line for line in out.splitlines() if line.startswith("EX1 "))
    assert "n/a" in ex1 and "[does not apply]" in ex1 and "attested" not in ex1
    assert "not used: does not apply" in out


def test_piping_into_head_ends_quietly():
    process = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "schema"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    process.stdout.readline()
    process.stdout.close()  # what `head -1` does
    err = process.stderr.read().decode()
    process.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert process.returncode in (0, 141)


def _check(day, value=60):
    return {"day": day, "value": value, "unit": "10^9/L"}


def test_one_platelet_check_per_treatment_day():
    """Case._consistent: every day that repeats is named once, in order; distinct days are accepted."""
    data = case_dict(SYSU)
    data["platelet_checks"] = [_check(7), _check(10), _check(14)]
    assert len(validate_case_data(data, today=TODAY).platelet_checks) == 3
    data["platelet_checks"] = [_check(10), _check(7), _check(10, 50), _check(7), _check(14)]
    assert refused(data) == ["platelet_checks: one check per treatment day; day 7, 10 appears more than once"]


def test_day1_on_or_after_screening_both_sides():
    data = case_dict(SYSU)
    data["screening_date"], data["day1"] = "2026-02-02", "2026-02-02"  # the same day: accepted
    assert validate_case_data(data, today=TODAY).day1 == date(2026, 2, 2)
    data["day1"] = "2026-02-01"
    assert refused(data) == ["day1 must not be before screening_date"]


def test_birth_date_on_or_before_screening_and_age_agreeing_both_sides():
    data = case_dict(SYSU)
    data["patient"].pop("age_years")
    data["patient"]["birth_date"] = "2026-02-02"  # born on the screening day: accepted (age 0)
    assert validate_case_data(data, today=TODAY).patient.birth_date == date(2026, 2, 2)
    data["patient"]["birth_date"] = "2026-02-03"
    assert refused(data) == ["patient.birth_date must not be after screening_date"]
    data["patient"]["birth_date"], data["patient"]["age_years"] = "1974-02-02", 52  # 52 on 2026-02-02
    assert validate_case_data(data, today=TODAY).patient.age_years == 52
    data["patient"]["birth_date"] = "1974-02-03"  # 51 until the next day
    assert refused(data)[0].startswith("patient.age_years 52 does not match patient.birth_date (age 51")
