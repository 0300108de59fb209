"""`check` and `plan` with --lang zh_CN: nothing left in English but ids, units, codes and registry quotes
shown beside their translation; STOP, RESCUE, DO NOT DOSE and the check days in the ward's words."""

from __future__ import annotations

import json

import pytest

from ctit_gui.cli import main as cli_main

from .catalogue import ROOT
from .english import english_words, registry_sentences

EXAMPLES = ROOT / "examples"


def _case_with_stop_and_rescue(tmp_path):
    """The control-arm rescue example (day 7: 15 ×10⁹/L with bleeding risk) with a day-10 count at the stop limit."""
    data = json.loads((EXAMPLES / "nct07334093-control-rescue.json").read_text(encoding="utf-8"))
    data["platelet_checks"].append({"day": 10, "value": 120, "unit": "10^9/L", "bleeding_risk": False})
    path = tmp_path / "stop-rescue.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _run(capsys, *args) -> str:
    assert cli_main([*map(str, args), "--lang", "zh_CN"]) == 0
    return capsys.readouterr().out


def _english_left(text: str) -> dict[str, list[str]]:
    quotes = registry_sentences()
    left = {}
    for line in text.splitlines():
        words = english_words(line, quotes, set())
        if words:
            left[line] = words
    return left


CASES = sorted(p.name for p in EXAMPLES.glob("*.json") if p.name != "EXPECTED.json")


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("command", ["check", "plan"])
def test_example_output_is_chinese(name, command, capsys):
    extra = ["--today", "2026-12-31"] if command == "plan" else []  # every check overdue: the most lines
    text = _run(capsys, command, EXAMPLES / name, *extra)
    # the registry sentence stays verbatim beside its translation, on its own "英文原文" line
    english_lines = [line for line in text.splitlines() if "英文原文：" in line]
    stripped = "\n".join(line for line in text.splitlines() if "英文原文：" not in line)
    assert _english_left(stripped) == {}
    for line in english_lines:
        assert any(english in line for english, _ in registry_sentences()) or "site rule" in line, line


def test_stop_and_rescue_read_in_the_wards_words(tmp_path, capsys):
    text = _run(capsys, "plan", _case_with_stop_and_rescue(tmp_path), "--today", "2026-03-21")
    assert "[停药]" in text and "[挽救治疗]" in text
    assert "第7天 2026-03-16 周一" not in text  # the day label and the date are separate columns
    assert "2026-03-16 周一" in text and "血常规复查" in text and "检查点" not in text
    assert "海曲泊帕乙醇胺片 7.5 mg 口服 每日一次" in text
    assert "不给药——已于第10天停药" in text
    for word in ("IU", " SC", " PO", "QD"):
        assert word not in text
    assert _english_left("\n".join(l for l in text.splitlines() if "英文原文：" not in l)) == {}


def test_screening_incomplete_says_do_not_dose_in_chinese(capsys):
    text = _run(capsys, "plan", EXAMPLES / "nct07334093-incomplete.json")
    assert "筛选未完成 — 确认入组资格前不得给药" in text
    assert "mg" not in text  # no dose a nurse could read as dosable


def test_not_eligible_says_do_not_dose_in_chinese(capsys):
    text = _run(capsys, "plan", EXAMPLES / "nct07243418-secondary-nadir-ineligible.json")
    assert "不符合入组条件 — 不得给药" in text
    assert "mg" not in text


def test_english_plan_output_is_unchanged_by_the_translation(capsys):
    assert cli_main(["plan", str(EXAMPLES / "nct07334093-control-rescue.json"), "--today", "2026-03-20"]) == 0
    text = capsys.readouterr().out
    assert "day  7  2026-03-16 Mon  CHECKPOINT hetrombopag 7.5 mg by mouth daily" in text
    assert "[RESCUE] Day 7: PLT 15 ×10⁹/L < 20 ×10⁹/L with bleeding risk" in text



def _lab(name, lab):
    return lambda data: data["labs"].update({name: lab})


def _dates(**dates):
    def change(data):
        data.update({k: v for k, v in dates.items() if k != "birth_date"})
        if "birth_date" in dates:
            data["patient"]["birth_date"] = dates["birth_date"]
            data["patient"].pop("age_years", None)
    return change


#: Refusals whose words the core makes itself (not pydantic's): a ULN in another unit's range, an ALT
#: ULN in µkat/L, an INR ULN in seconds, one only out of range, dates after today, a course past 9999.
REFUSED = [
    (_lab("tbil", {"value": 1, "unit": "mg/dL", "uln": 21}), "21 像是 µmol/L 的数值，而不是 mg/dL"),
    (_lab("alt", {"value": 30, "unit": "U/L", "uln": 0.58}), "单位可能是 µkat/L"),
    (_lab("inr", {"value": 1.1, "uln": 12}), "凝血酶原时间"),
    (_lab("ast", {"value": 30, "unit": "U/L", "uln": 400}), "请核对检验科的参考范围和单位"),
    (_dates(screening_date="2027-01-01", day1="2027-01-02", platelet_checks=[]),
     "2027-01-01 晚于今天（2026-03-01）：不能是将来的日期"),
    (_dates(screening_date="2027-01-01", day1="2027-01-02", platelet_checks=[], birth_date="2027-01-01"),
     "patient.birth_date: 2027-01-01 晚于今天（2026-03-01）"),
    (_dates(screening_date="2026-02-20", day1="2026-02-25",
            platelet_checks=[{"day": 7, "value": 40, "unit": "10^9/L"}]), "第7天为 2026-03-03，晚于今天（2026-03-01）"),
    (_dates(screening_date="2026-02-20", day1="9999-12-20", platelet_checks=[]), "14 天的疗程将结束于程序可记录的最后日期"),
]


@pytest.mark.parametrize(("change", "expected"), REFUSED)
def test_refusals_the_core_words_are_chinese(change, expected, tmp_path, capsys):
    """A ULN in the wrong unit or a date after today is refused in Chinese (these lines were English
    whatever the language); the field is still named as the case file spells it."""
    data = json.loads((EXAMPLES / "nct07334093-experimental-eligible.json").read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "refused.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert cli_main(["check", str(path), "--today", "2026-03-01", "--lang", "zh_CN"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert any(expected in line for line in lines), lines
    problems = [line.split(": ", 2)[2] for line in lines]  # 错误：refused.json: <field>: <problem>
    assert _english_left("\n".join(problems)) == {}
