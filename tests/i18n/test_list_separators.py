"""A reason made of several parts (EX6's ALT; AST; bilirubin) is joined with the language's separator: "；"
in Chinese, "; " in English, as every other Chinese list is (one place: the catalogue's "; " and ", ")."""

from __future__ import annotations

from datetime import date

from ctit_gui import i18n
from ctit_gui.core.render import criterion_reason
from ctit_gui.core.session import assess, read_case
from tests.conftest import EXAMPLES


def _ex6(language: str) -> str:
    assessment = assess(read_case(EXAMPLES / "nct07334093-control-rescue.json"), today=date(2026, 3, 16))
    result = next(r for r in assessment.eligibility.criteria if r.id == "EX6")
    with i18n.using(language):
        return criterion_reason(result)


def test_the_parts_of_a_chinese_reason_are_joined_with_the_full_width_semicolon():
    chinese = _ex6("zh_CN")
    assert chinese.count("；") >= 2 and "; " not in chinese, chinese


def test_the_english_reason_is_unchanged():
    english = _ex6("en")
    assert english.count("; ") >= 2 and "；" not in english, english
