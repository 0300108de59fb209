"""The command line's language: --lang before or after the subcommand, $CTIT_LANG, never the machine's locale."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ctit_gui.cli import main as cli_main

from .catalogue import ROOT

CASE = ROOT / "examples" / "nct07334093-incomplete.json"


def run(*args, env=None):
    environment = {k: v for k, v in os.environ.items() if k not in ("CTIT_LANG", "LANG", "LC_ALL", "LANGUAGE")}
    environment.update(env or {})
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=environment, timeout=120)


def test_lang_is_accepted_before_and_after_the_subcommand(capsys):
    assert cli_main(["--lang", "zh_CN", "check", str(CASE)]) == 0
    before = capsys.readouterr().out
    assert cli_main(["check", str(CASE), "--lang=zh_CN"]) == 0
    after = capsys.readouterr().out
    assert before == after
    assert "结论：" in before and "Verdict" not in before


def test_ctit_lang_sets_the_language_and_lang_overrides_it(monkeypatch, capsys):
    monkeypatch.setenv("CTIT_LANG", "zh_CN")
    assert cli_main(["check", str(CASE)]) == 0
    assert "结论：" in capsys.readouterr().out
    assert cli_main(["check", str(CASE), "--lang", "en"]) == 0
    assert "Verdict: INCOMPLETE" in capsys.readouterr().out


def test_the_machine_locale_never_changes_the_words():
    result = run("check", CASE, env={"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"})
    assert result.returncode == 0, result.stderr
    assert "Verdict: INCOMPLETE" in result.stdout


@pytest.mark.parametrize("args", [["--lang", "fr", "check", str(CASE)], ["check", str(CASE), "--lang", "klingon"]])
def test_an_unknown_language_is_one_line_and_exit_2(args, capsys):
    assert cli_main(args) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: --lang:") and "en, zh_CN" in err[0]


def test_a_bad_ctit_lang_is_named(monkeypatch, capsys):
    monkeypatch.setenv("CTIT_LANG", "xx")
    assert cli_main(["check", str(CASE)]) == 2
    assert "$CTIT_LANG" in capsys.readouterr().err


def test_data_dir_works_before_the_subcommand(tmp_path, capsys):
    store = tmp_path / "ward"
    assert cli_main(["--data-dir", str(store), "cases", "import", str(CASE)]) == 0
    capsys.readouterr()
    assert cli_main(["cases", "list", "--data-dir", str(store)]) == 0
    assert "SYSU-0150" in capsys.readouterr().out


def test_help_says_no_subcommand_opens_the_window():
    result = run("--help")
    assert result.returncode == 0
    assert "Without a subcommand the program opens the window" in result.stdout
    assert "--lang" in result.stdout
    chinese = run("--help", "--lang", "zh_CN")
    assert "不带子命令时程序打开窗口" in chinese.stdout


def test_the_window_accepts_lang(tmp_path):
    result = run("--exit-after-show", "--lang", "zh_CN", "--data-dir", tmp_path / "ward",
                 env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    bad = run("--exit-after-show", "--lang", "fr", env={"QT_QPA_PLATFORM": "offscreen"})
    assert bad.returncode == 2 and "not available" in bad.stderr


def test_a_chinese_bad_case_message_names_the_field(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(CASE.read_text(encoding="utf-8").replace('"value": 41', '"value": 41000'), encoding="utf-8")
    assert cli_main(["check", str(bad), "--lang", "zh_CN"]) == 2
    err = capsys.readouterr().err
    assert "labs.plt" in err and "不合理" in err and "Traceback" not in err


def test_the_command_line_leaves_the_callers_language_as_it_was(capsys):
    from ctit_gui import i18n

    assert cli_main(["check", str(CASE), "--lang", "zh_CN"]) == 0
    assert i18n.language() == "en"
    with pytest.raises(SystemExit):
        cli_main(["--lang", "zh_CN", "check"])  # argparse's own exit
    assert i18n.language() == "en"


def test_sheet_lang_prints_the_chinese_sheet_byte_identical_on_rebuild(tmp_path, capsys):
    from ..sheet.pdftext import text_of

    case = ROOT / "examples" / "nct07334093-control-rescue.json"
    out = []
    for name, lang in (("zh1.pdf", "zh_CN"), ("zh2.pdf", "zh_CN"), ("en.pdf", "en")):
        target = tmp_path / name
        assert cli_main(["sheet", str(case), "-o", str(target), "--generated-at", "2026-03-19T08:00:00+08:00",
                         "--lang", lang]) == 0
        out.append(target.read_bytes())
    capsys.readouterr()
    assert out[0] == out[1] and out[0] != out[2]
    assert "14天给药单" in text_of(out[0]) and "14-day dosing sheet" in text_of(out[2])


def test_json_keeps_the_english_reason_and_adds_the_structured_form(capsys):
    import json

    assert cli_main(["check", str(CASE), "--json", "--lang", "zh_CN"]) == 0
    data = json.loads(capsys.readouterr().out)
    in1 = next(c for c in data["criteria"] if c["id"] == "IN1")
    assert in1["reason"] == "age 66 years, within 18–75 years (inclusive)"
    assert in1["reason_message"] == {"id": "age_within", "params": {"age": 66, "min": 18, "max": 75}}
    rescue = ROOT / "examples" / "nct07334093-control-rescue.json"
    assert cli_main(["plan", str(rescue), "--json", "--today", "2026-03-17", "--lang", "zh_CN"]) == 0
    event = next(e for e in json.loads(capsys.readouterr().out)["events"] if e["kind"] == "rescue")
    assert event["text"].startswith("Day 7: PLT 15 ×10⁹/L < 20 ×10⁹/L with bleeding risk")
    assert event["text_message"]["id"] == "day_why"
    assert event["text_message"]["params"]["why"]["id"] == "rescue_bleeding"
