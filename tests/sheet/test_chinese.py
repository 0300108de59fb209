"""The sheet in Simplified Chinese: nothing left in English but ids, units, codes and the registry's
sentences printed beside their translation; the ward's words; byte-identical on rebuild; every glyph."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import date

import pytest

from ctit_gui.core.session import assess, read_case
from ctit_gui.sheet.export import build_sheet_bytes, render
from ctit_gui.sheet.fonts import missing_glyphs

from ..conftest import EXAMPLES
from ..i18n.english import english_words, registry_sentences
from .cases import FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed

LATE = date(2026, 12, 31)


def chinese_cases():
    yield "stop and rescue", assessed(SYSU, checks=[(7, 8, True), (10, 120, False)], today=LATE)
    yield "both drugs, stop", assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 120, False)], today=LATE)
    yield "site table", assessed(FUJIAN, checks=[(7, 150, False), (10, 250, False)], site_rows=SITE_ROWS, today=LATE)
    yield "site table missing", assessed(FUJIAN, checks=[(7, 20, False)], today=LATE)
    yield "incomplete", assessed(FUJIAN, "secondary", answers={}, day1=None)
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name != "EXPECTED.json":
            yield path.name, assess(read_case(path), today=LATE)


CASES = list(chinese_cases())
IDS = [name for name, _ in CASES]


def pdftotext(pdf: bytes, tmp_path) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext missing: scripts/setup.sh --test installs poppler-utils"
    path = tmp_path / "sheet.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, str(path), "-"], capture_output=True, text=True, check=True).stdout


def _english_left(text: str, assessment) -> dict[str, list[str]]:
    quotes = registry_sentences()
    # pdftotext breaks lines where the sheet wraps them: join the text into one run per paragraph first
    flat = re.sub(r"\s+", " ", text)
    flat = re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])", "", flat)
    data = {assessment.case.patient.id, assessment.case.notes or ""}
    table = assessment.loaded.site_table  # the site's own words (who approved its table)
    if table is not None:
        site = [table.approved_by or ""] + [getattr(row, "source", "") or "" for row in table.rows]
        data |= set(site) | {word for text in site for word in text.split()}  # pdftotext may split them
    # the registry's English sentences stand verbatim after 注册记录原文 (each beside its translation)
    flat = re.sub(r"注册记录原文：“[^”]*”", " ", flat)
    words = english_words(flat, quotes, {d for d in data if d})
    return {"words": sorted(set(words))} if words else {}


@pytest.mark.parametrize("name,assessment", CASES, ids=IDS)
def test_chinese_sheet_has_no_english_left(name, assessment, tmp_path):
    pdf = build_sheet_bytes(assessment, "a4", GENERATED, language="zh_CN")
    assert _english_left(pdftotext(pdf, tmp_path), assessment) == {}


@pytest.mark.parametrize("name,assessment", CASES, ids=IDS)
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_printed_chinese_character_has_a_glyph(name, assessment, paper):
    _, printed = render(assessment, paper, GENERATED, language="zh_CN")
    assert {text: missing_glyphs(text) for text in printed if missing_glyphs(text)} == {}


@pytest.mark.parametrize("language", ["en", "zh_CN"])
def test_same_case_and_time_give_the_same_bytes_in_each_language(language):
    assessment = assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, True)])
    first = build_sheet_bytes(assessment, "a4", GENERATED, language=language)
    assert first == build_sheet_bytes(assessment, "a4", GENERATED, language=language)
    other = build_sheet_bytes(assessment, "a4", GENERATED, language="en" if language == "zh_CN" else "zh_CN")
    assert other != first


def test_the_ward_words_are_printed(tmp_path):
    pdf = build_sheet_bytes(assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 8, True), (10, 120, False)],
                                     today=LATE), "a4", GENERATED, language="zh_CN")
    text = re.sub(r"\s+", " ", pdftotext(pdf, tmp_path))
    assert "停药" in text and "挽救治疗" in text and "血常规复查" in text and "检查点" not in text
    assert "海曲泊帕乙醇胺片 7.5 mg 口服 每日一次" in text
    assert "重组人血小板生成素注射液 (rhTPO) 15,000 单位 皮下注射 每日一次" in text
    assert "译文仅供参考" in text
    assert re.search(r"\d{4}-\d\d-\d\d 周[一二三四五六日]", text)
    for abbreviation in ("IU", "SC", "PO", "QD"):
        assert not re.search(rf"(?<![A-Za-z]){abbreviation}(?![A-Za-z])", text.replace("IU/day", "")), abbreviation


@pytest.mark.parametrize("case,words", [("nct07243418-secondary-nadir-ineligible.json", "不符合入组条件 — 不得给药"),
                                        ("nct07334093-incomplete.json", "筛选未完成 — 不得给药")])
def test_a_patient_who_must_not_be_dosed_reads_do_not_dose_in_chinese(case, words, tmp_path):
    pdf = build_sheet_bytes(assess(read_case(EXAMPLES / case), today=LATE), "a4", GENERATED, language="zh_CN")
    text = pdftotext(pdf, tmp_path)
    assert words in text
    page_one = text.split("\f")[0]
    assert "mg 口服" not in page_one  # no dose a nurse could read as dosable (page 2 states the regimen)


@pytest.mark.parametrize("name,assessment", CASES[:5], ids=IDS[:5])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_chinese_calendar_stays_on_page_one_and_the_sheet_on_two_pages(name, assessment, paper):
    from pypdf import PdfReader
    import io

    pdf = build_sheet_bytes(assessment, paper, GENERATED, language="zh_CN")
    pages = PdfReader(io.BytesIO(pdf)).pages
    assert len(pages) == 2
    first = pages[0].extract_text()
    last_day = max(d.day for d in assessment.plan.days)
    if assessment.plan.dosing_block is None:
        assert re.search(rf"(?m)^{last_day}\b", first) or f"\n{last_day} " in first, "the last day is not on page 1"


def test_the_blocking_criteria_are_listed_with_the_languages_separator(tmp_path):
    """"IN2、IN3" on the Chinese sheet as on the handover and the window (one list separator); "IN2, IN3" in
    English, unchanged."""
    assessment = assess(read_case(EXAMPLES / "nct07334093-incomplete.json"), today=LATE)
    chinese = pdftotext(build_sheet_bytes(assessment, "a4", GENERATED, language="zh_CN"), tmp_path)
    english = pdftotext(build_sheet_bytes(assessment, "a4", GENERATED, language="en"), tmp_path)
    assert re.search(r"IN2、\s*IN3", chinese) and not re.search(r"IN2,\s*IN3", chinese)
    assert re.search(r"IN2,\s*IN3", english)
