"""The case file is read exactly as written or refused (issue 9): no value coerced or guessed."""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from ctit_gui.cli import main
from ctit_gui.core.case_json import MAX_DEPTH, MAX_FILE_BYTES, MAX_LIST_ITEMS, load_case_json
from ctit_gui.core.errors import InputError
from ctit_gui.core.session import assess, parse_case_json

from .factories import SYSU, case_dict

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nct07334093-experimental-eligible.json"


def refused(text) -> list[str]:
    with pytest.raises(InputError) as error:
        parse_case_json(text)
    return error.value.messages


def with_change(path: str, value) -> str:
    data = case_dict(SYSU)
    *parents, leaf = path.split(".")
    node = data
    for part in parents:
        node = node[part]
    node[leaf] = value
    return json.dumps(data)


@pytest.mark.parametrize(("path", "value", "line"), [
    ("patient.age_years", "52", 'patient.age_years: must be a whole number, not text "52"'),
    ("patient.age_years", 52.0, "patient.age_years: must be a whole number written without a decimal point"),
    ("patient.age_years", True, "patient.age_years: must be a whole number, not true"),
    ("patient.weight_kg", True, "patient.weight_kg: must be a number, not true"),
    ("patient.weight_kg", "58.5", 'patient.weight_kg: must be a number, not text "58.5"'),
    ("patient.childbearing_potential", "N", 'patient.childbearing_potential: must be true or false, not text "N"'),
    ("patient.liver_metastases", 0, "patient.liver_metastases: must be true or false, not the number 0"),
    ("answers.EX2", "yes", 'answers.EX2: must be true or false, not text "yes"'),
    ("answers.EX2", 1, "answers.EX2: must be true or false, not the number 1"),
    ("labs.plt", {"value": "32", "unit": "10^9/L"}, 'labs.plt.value: must be a number, not text "32"'),
    ("patient.ecog", "１", "patient.ecog: must be a whole number, not text \"１\" (digits must be ASCII 0-9)"),
    ("trial", 7334093, "trial: must be text, not the number 7334093"),
    ("day1", 20260125, "day1: must be text, not the number 20260125"),
])
def test_a_value_of_the_wrong_type_is_refused_not_converted(path, value, line):
    messages = refused(with_change(path, value))
    assert len(messages) == 1 and messages[0].startswith(line), messages


def test_a_key_given_twice_is_refused():
    text = json.dumps(case_dict(SYSU)).replace('"age_years": 52', '"age_years": 52, "age_years": 25')
    assert "patient.age_years: is given twice; give each field once" in refused(text)


def test_numbers_are_read_exactly_from_their_text():
    text = with_change("labs.plt", {"value": 0, "unit": "10^9/L"}).replace(
        '"plt": {"value": 0', '"plt": {"value": 49.99999999999999999')
    case = parse_case_json(text)
    assert case.labs.plt.value == Decimal("49.99999999999999999")
    in4 = next(c for c in assess(case).eligibility.criteria if c.id == "IN4")
    assert in4.holds is True  # below 50: a binary float would have read 50.0


@pytest.mark.parametrize(("token", "line"), [
    ("NaN", "NaN is not a number"), ("Infinity", "Infinity is not a number"), ("1" * 400, "is not plausible"),
])
def test_nan_infinity_and_huge_numbers_are_refused_naming_the_field(token, line):
    text = with_change("patient.weight_kg", 1).replace('"weight_kg": 1', f'"weight_kg": {token}')
    messages = refused(text)
    assert len(messages) == 1 and messages[0].startswith("patient.weight_kg:") and line in messages[0]


def test_utf16_is_refused_and_a_utf8_bom_is_read():
    text = json.dumps(case_dict(SYSU))
    assert "UTF-16" in refused(text.encode("utf-16"))[0]
    assert "UTF-16" in refused(text.encode("utf-16-le"))[0]
    assert parse_case_json(b"\xef\xbb\xbf" + text.encode()).patient.id == "ELIG-A"
    assert "not UTF-8" in refused(text.encode("utf-8").replace(b"ELIG", b"\xff\xfeLIG"))[0]


def test_deep_nesting_is_refused():
    assert "nested too deeply" in refused("[" * 200_000 + "]" * 200_000)[0]
    deep = with_change("notes", "x").replace('"notes": "x"', '"extra": ' + "[" * 20 + "]" * 20)
    assert any("nested too deeply" in m for m in refused(deep))
    assert MAX_DEPTH >= 4


def test_huge_lists_files_and_strings_are_refused_with_the_limit():
    many = with_change("platelet_checks", [{"day": 1, "value": 1, "unit": "10^9/L"}] * 40_000)
    assert refused(many)[0] == f"the file is {len(many):,} bytes; a case file is at most {MAX_FILE_BYTES:,} bytes"
    lists = with_change("platelet_checks", [1] * 40_000)
    assert f"platelet_checks: has 40,000 entries; at most {MAX_LIST_ITEMS}" in refused(lists)
    huge = with_change("notes", "x" * 50_000_000)
    assert "a case file is at most" in refused(huge.encode())[0]


def test_problems_are_listed_at_most_fifty_and_counted():
    data = case_dict(SYSU)
    data["answers"] = {f"X{i}": "yes" for i in range(150)}
    messages = load_case_json(json.dumps(data))[1]
    assert len(messages) == 51 and messages[-1] == "… and more problems: only the first 50 are listed"


def test_the_command_line_exits_2_with_one_line_per_problem(tmp_path, capsys):
    path = tmp_path / "case.json"
    path.write_text(with_change("patient.age_years", "52"), encoding="utf-8")
    assert main(["check", str(path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == ['error: case.json: patient.age_years: must be a whole number, not text "52"']


def test_a_syntax_error_names_the_field_it_follows():
    text = json.dumps(case_dict(SYSU)).replace('"age_years": 52', '"age_years": ５２')
    line = refused(text)[0]
    assert "line 1" in line and "'age_years'" in line


def test_the_examples_are_read_strictly():
    assert parse_case_json(EXAMPLE.read_bytes()).patient.id


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLE.parent.glob("nct*.json")))
def test_a_case_the_program_writes_reads_back_strictly_with_numbers_as_numbers(name):
    case = parse_case_json((EXAMPLE.parent / name).read_bytes())
    text = case.to_json()
    assert parse_case_json(text) == case
    assert '"value": "' not in text  # never a number written as text
