"""A sheet for a patient who must not be dosed says so on every page, not only on page 1: page 2 prints the
regimen with its doses ("rhTPO 15,000 units subcutaneously daily plus hetrombopag 7.5 mg by mouth daily")
and the stop day's dosing reading, and a page 2 separated from page 1 (stapled to another patient's
sheet, read at the drug trolley) must not read as an order to dose."""

from __future__ import annotations

import re

import pytest

from ctit_gui.sheet.export import build_sheet_bytes

from .cases import GENERATED
from .pdftext import reader
from .test_states import BLOCKED, CASES

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
