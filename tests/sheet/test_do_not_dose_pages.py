"""A sheet for a patient who must not be dosed says so on every page, not only on page 1: page 2 prints the
regimen with its doses ("rhTPO 15,000 units subcutaneously daily plus hetrombopag 7.5 mg by mouth daily")
and the stop day's dosing reading, and a page 2 separated from page 1 (stapled to another patient's
sheet, read at the drug trolley) must not read as an order to dose."""

from __future__ import annotations

import re

import pytest

from ctit_gui.sheet.export import build_sheet_bytes

from .cases import GENERATED, SYSU, assessed, case_data
from .pdftext import reader
from .test_states import BLOCKED, CASES

def _everything_excludes():
    """Every criterion of NCT07334093 not met or excluding: 14 registry sentences to quote."""
    answers = {key: key.startswith("EX") for key in case_data(SYSU)["answers"]}
    return assessed(SYSU, answers=answers)


CASES = {**CASES, "everything excludes": _everything_excludes}
BLOCKED = {**BLOCKED, "everything excludes": "NOT ELIGIBLE — DO NOT DOSE"}
WORDS = {"en": {"not eligible": "NOT ELIGIBLE — DO NOT DOSE", "incomplete": "SCREENING INCOMPLETE — DO NOT DOSE"},
         "zh_CN": {"not eligible": "不符合入组条件 — 不得给药", "incomplete": "筛选未完成 — 不得给药"}}


def _flat(text: str) -> str:
    text = re.sub(r"\s+", " ", text.replace("\u00a0", " "))
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef]) (?=[\u3000-\u9fff\uff00-\uffef])", "", text)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", list(BLOCKED))
def test_every_page_of_a_do_not_dose_sheet_says_do_not_dose(name, paper, language):
    pdf = build_sheet_bytes(CASES[name](), paper, GENERATED, language=language)
    kind = "incomplete" if "INCOMPLETE" in BLOCKED[name] else "not eligible"
    pages = [_flat(page.extract_text()) for page in reader(pdf).pages]
    assert len(pages) >= 2
    for number, text in enumerate(pages, 1):
        assert WORDS[language][kind] in text, (number, text[:200])


@pytest.mark.parametrize("name", ["eligible day 1", "stopped day 7", "rescue current"])
def test_a_patient_who_may_be_dosed_gets_no_do_not_dose_words(name):
    for language in ("en", "zh_CN"):
        text = " ".join(_flat(p.extract_text()) for p in reader(build_sheet_bytes(CASES[name](), "a4", GENERATED,
                                                                                 language=language)).pages)
        assert "DO NOT DOSE" not in text and "— 不得给药" not in text


NOT_ELIGIBLE = [name for name, words in BLOCKED.items() if words.startswith("NOT ELIGIBLE")]


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", NOT_ELIGIBLE)
def test_a_not_eligible_sheet_quotes_the_registry_sentence_of_each_criterion_that_excludes(name, paper, language):
    """"EX3 — present — excludes: clinician attests: yes" alone does not tell the ward what EX3 is: page 1 quotes
    the registry's sentence of every criterion not met or excluding (verbatim; in Chinese beside its translation)."""
    assessment = CASES[name]()
    failing = [r for r in assessment.eligibility.criteria if r.blocking and r.holds is not None]
    assert failing
    pdf = build_sheet_bytes(assessment, paper, GENERATED, language=language)
    pages = [_squeezed(page.extract_text()) for page in reader(pdf).pages]
    for result in failing:
        assert _squeezed(result.text) in "".join(pages), result.id
    if len(failing) <= 3:  # a usual refusal: the sentences on page 1, the sheet on two pages
        assert all(_squeezed(result.text) in pages[0] for result in failing)
        assert len(pages) == 2


@pytest.mark.parametrize("name", list(BLOCKED))
def test_the_chinese_blocking_criteria_lines_use_the_chinese_colon(name):
    """"EX3 — 存在——排除：临床医生确认：是", not "排除: 临床医生…" (an English colon after Chinese words)."""
    pdf = build_sheet_bytes(CASES[name](), "a4", GENERATED, language="zh_CN")
    first = reader(pdf).pages[0].extract_text()
    assert re.findall(r"[\u4e00-\u9fff]: ", first) == []
