"""argparse's own words under --lang zh_CN / CTIT_LANG=zh_CN: usage, its error lines and --help in Chinese,
still exit status 2 and one line per problem; English and the machine's locale leave argparse's words as they were."""

from __future__ import annotations

import argparse
import inspect
import re

import pytest

from ctit_gui import i18n
from ctit_gui.argparse_words import ARGPARSE_WORDS

from .english import english_words, registry_sentences
from .test_cli_language import CASE, run

#: What may stay Latin in help: option names (taken out by english_words), metavars in capitals (FOLDER),
#: typed choices ({a4,letter}, 'check', en), short options (-h), file suffixes (.json), the program's name and subcommands, connection string forms.
_TYPED = re.compile(r"(?<![\w-])-[a-z]\b|\b(?:en|zh_CN)\b|\.json\b|\{[^{}]*\}|'[^']*'|\[[^\]]*\]|\b[A-Z][A-Z0-9_:]+(?:\.[a-z]+)?\b|ctit-dosing|postgresql://\S+|\$\w+|"
                    r"\b(?:check|plan|schema|protocols|sheet|cases|ward|audit|store|labs|import|list|export|close|"
                    r"reopen|show|verify|anchor|init|migrate|copy|other|pg_dump|ISO|FHIR|HL7|R4|Bundle|"
                    r"Observation|ORU|PostgreSQL|SQLite|Schema)\b")


def _english_left(text: str) -> list[str]:
    return english_words(_TYPED.sub(" ", text), registry_sentences(), set())


def test_an_unknown_subcommand_is_one_chinese_error_line_and_exit_2():
    result = run("--lang", "zh_CN", "bogus")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    errors = [line for line in lines if line.startswith("错误：")]
    assert len(errors) == 1 and "无效的选择：'bogus'" in errors[0], result.stderr
    assert lines[0].startswith("用法：ctit-dosing")
    assert "usage" not in result.stderr and "invalid choice" not in result.stderr and "error" not in result.stderr
    assert "Traceback" not in result.stderr


def test_ctit_lang_makes_a_missing_argument_chinese():
    result = run("check", env={"CTIT_LANG": "zh_CN"})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == "错误：缺少必需的参数：病例文件"
    assert "required" not in result.stderr and "usage" not in result.stderr


@pytest.mark.parametrize("args, expected", [
    (["check", str(CASE), "--today", "2026-13-01"], "错误：参数 --today：必须是按 YYYY-MM-DD 书写的真实日期"),
    (["check", str(CASE), "--jsn"], "错误：无法识别的参数：--jsn"),
    (["cases", "list", "--status", "x"], "错误：参数 --status：无效的选择：'x'"),
    (["sheet", str(CASE), "--paper", "a5", "-o", "x.pdf"], "错误：参数 --paper：无效的选择：'a5'"),
])
def test_argparse_errors_are_one_chinese_line(args, expected, capsys):
    from ctit_gui.cli import main as cli_main

    with pytest.raises(SystemExit) as stopped:
        cli_main(["--lang", "zh_CN", *args])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    problems = [line for line in err.splitlines() if line.startswith("错误")]
    assert len(problems) == 1 and problems[0].startswith(expected), err
    assert _english_left(problems[0]) == [], problems[0]


@pytest.mark.parametrize("args", [["--help"], ["check", "--help"], ["plan", "--help"], ["sheet", "--help"],
                                  ["ward", "--help"], ["cases", "--help"], ["cases", "list", "--help"],
                                  ["cases", "close", "--help"], ["audit", "verify", "--help"],
                                  ["store", "migrate", "--help"], ["labs", "import", "--help"]])
def test_help_is_chinese(args):
    result = run("--lang", "zh_CN", *args, env={"COLUMNS": "80"})
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("用法：") and "选项" in text and "显示本帮助信息并退出" in text
    assert _english_left(text) == [], text
    for line in text.splitlines():  # wrapped by terminal columns: a CJK character takes two
        if re.search(r"[\u4e00-\u9fff]", line):
            assert i18n.display_width(line) <= 80, line


def test_english_help_and_errors_are_argparses_own_words(capsys):
    result = run("check")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "error: the following arguments are required: case"
    assert run("--help").stdout.startswith("usage: ctit-dosing")
    machine = run("bogus", env={"LANG": "zh_CN.UTF-8", "LC_ALL": "zh_CN.UTF-8", "LANGUAGE": "zh_CN"})
    assert "error: argument command: invalid choice: 'bogus'" in machine.stderr


def test_every_listed_argparse_word_is_still_argparses():
    """A Python upgrade that rewords one of argparse's messages fails here, not quietly in English on the ward."""
    source = inspect.getsource(argparse)
    for word in ARGPARSE_WORDS:
        assert repr(word) in source or f'"{word}"' in source, word
    for word in ARGPARSE_WORDS:
        assert i18n.lookup(word, code=i18n.CHINESE), f"no Chinese for argparse's {word!r}"


def test_a_translation_that_drops_a_printf_placeholder_is_refused():
    assert i18n.placeholders("argument %(argument_name)s: %(message)s") == ("%(argument_name)s", "%(message)s")
    assert i18n.placeholders("unrecognized arguments: %s") == ("%s",)
    assert i18n.placeholders("50%% of {limit}") == ("{limit}",)


@pytest.mark.parametrize("columns", ["72", "80"])
@pytest.mark.parametrize("args, prog", [(["--help"], "ctit-dosing "), (["sheet", "--help"], "ctit-dosing sheet "),
                                        (["labs", "import", "--help"], "ctit-dosing labs import ")])
def test_chinese_usage_continues_under_the_programs_words(args, prog, columns):
    """用法： is three characters but six columns: continuation lines start where the first line's options start."""
    text = run("--lang", "zh_CN", *args, env={"COLUMNS": columns}).stdout
    usage = text.split("\n\n")[0].splitlines()
    assert usage[0].startswith("用法：" + prog) and len(usage) > 1, text
    start = i18n.display_width("用法：" + prog)
    for line in usage[1:]:
        assert len(line) - len(line.lstrip(" ")) == start, usage
    for line in usage:
        assert i18n.display_width(line) <= int(columns), line


def test_chinese_help_headings_end_with_a_full_width_colon():
    text = run("--lang", "zh_CN", "sheet", "--help").stdout
    headings = [line for line in text.splitlines() if line and not line.startswith(" ") and line.endswith(("：", ":"))]
    assert "位置参数：" in headings and "选项：" in headings, text
    assert not [line for line in headings if line.endswith(":")], headings
