"""Issue 10: every state and example on A4 and Letter — all 14 days on page 1, nothing off the paper, the words."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ctit_gui.core.session import assess, read_case
from ctit_gui.sheet.export import build_sheet_bytes

from .cases import FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed
from .pdftext import day_numbers_on_page, day_of_fragments, reader, text_outside

EXAMPLES = sorted(p for p in (Path(__file__).parents[2] / "examples").glob("*.json") if p.name != "EXPECTED.json")
NOTES = ("Patient prefers the left arm for injections; daughter translates at the bedside. " * 14).strip()

STATES = {
    "eligible day 1": lambda: assessed(SYSU, "rhtpo+hetrombopag"),
    "stopped day 7": lambda: assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 120, False)]),
    "stopped day 10": lambda: assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, False), (10, 130, False)]),
    "rescue current": lambda: assessed(SYSU, "hetrombopag", checks=[(7, 8, True)]),
    "rescue superseded": lambda: assessed(SYSU, "hetrombopag", checks=[(7, 8, True), (10, 60, False)]),
    "not eligible": lambda: assessed(SYSU, answers={**assessed(SYSU).case.answers, "EX3": True}),
    "incomplete": lambda: assessed(SYSU, "rhtpo+hetrombopag", answers={}),
    "cohort 1 no site table": lambda: assessed(FUJIAN, "primary", checks=[(7, 150, False)]),
    "cohort 1 site table": lambda: assessed(FUJIAN, "primary", checks=[(7, 150, False)], site_rows=SITE_ROWS),
    "cohort 2 no site table": lambda: assessed(FUJIAN, "secondary"),
    "cohort 2 site table": lambda: assessed(FUJIAN, "secondary", site_rows=SITE_ROWS),
    "64-character id": lambda: assessed(SYSU, "rhtpo+hetrombopag", patient_id="W" * 64, checks=[(7, 120, False)]),
    "32 CJK character id": lambda: assessed(SYSU, "rhtpo+hetrombopag", patient_id="患" * 32),
    "long notes": lambda: assessed(SYSU, "rhtpo+hetrombopag", notes=NOTES, checks=[(7, 60, False)]),
}
CASES = {**STATES, **{p.name: (lambda p=p: assess(read_case(p), today=date(2026, 12, 31))) for p in EXAMPLES}}
BLOCKED = {"not eligible": "NOT ELIGIBLE — DO NOT DOSE", "incomplete": "SCREENING INCOMPLETE — DO NOT DOSE",
           "nct07334093-incomplete.json": "SCREENING INCOMPLETE — DO NOT DOSE",
           "nct07243418-secondary-nadir-ineligible.json": "NOT ELIGIBLE — DO NOT DOSE"}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " "))


@pytest.fixture(scope="module")
def sheets():
    return {}


def sheet(sheets, name, paper):
    if (name, paper) not in sheets:
        sheets[name, paper] = build_sheet_bytes(CASES[name](), paper, GENERATED)
    return sheets[name, paper]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", list(CASES))
def test_page_one_holds_all_14_days_and_nothing_leaves_the_paper(sheets, name, paper):
    pdf = sheet(sheets, name, paper)
    pages = reader(pdf).pages
    first = flat(pages[0].extract_text())
    assert text_outside(pdf) == []
    if name in BLOCKED:
        assert BLOCKED[name] in first
        assert day_numbers_on_page(pdf, 0) == []  # no dose rows at all
        assert "Given" not in first and "Initials" not in first and "by mouth daily" not in first
    else:
        assert day_numbers_on_page(pdf, 0) == list(range(1, 15))
        assert "DO NOT DOSE" not in first
    later = flat(" ".join(page.extract_text() for page in pages[1:]))
    assert "Rules" in later and "Prescriber" in later and "Prescriber" not in first
    assert "×109/L" not in first + later  # copied text keeps the power of ten
    assert "×10^9/L" in first + later


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_stop_is_a_band_and_stopped_days_name_the_drugs_without_a_box(sheets, paper):
    pdf = sheet(sheets, "stopped day 7", paper)
    first = flat(reader(pdf).pages[0].extract_text())
    assert "STOP STOP STUDY DRUG. Day 7" in first
    assert sorted(day_of_fragments(pdf, "hetrombopag, rhTPO: no dose — stopped day 7")) == list(range(8, 15))


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_stop_on_day_10_keeps_its_stopped_rows_on_page_one(sheets, paper):
    pdf = sheet(sheets, "stopped day 10", paper)
    assert sorted(day_of_fragments(pdf, "no dose — stopped day 10")) == [11, 12, 13, 14]
    assert day_numbers_on_page(pdf, 0) == list(range(1, 15))


def test_rescue_is_a_band_and_its_count_is_marked_in_its_row(sheets):
    pdf = sheet(sheets, "rescue current", "a4")
    first = flat(reader(pdf).pages[0].extract_text())
    assert "RESCUE RESCUE THERAPY. Day 7" in first
    assert day_of_fragments(pdf, "RESCUE level") == [7]


def test_a_superseded_rescue_is_history_not_the_current_state(sheets):
    pdf = sheet(sheets, "rescue superseded", "a4")
    first = flat(reader(pdf).pages[0].extract_text())
    assert "RESCUE THERAPY (history)" in first
    assert "RESCUE RESCUE THERAPY" not in first


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_ids_wrap_and_never_run_under_the_page_number(sheets, paper):
    for name, patient in (("64-character id", "W" * 64), ("32 CJK character id", "患" * 32)):
        pdf = sheet(sheets, name, paper)
        assert text_outside(pdf) == []
        text = "".join(reader(pdf).pages[0].extract_text().split())
        assert patient in text.replace("Patient", "")  # the whole id, wrapped, not cut


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_long_notes_are_never_cut_and_continue_after_the_calendar(sheets, paper):
    pdf = sheet(sheets, "long notes", paper)
    pages = [flat(page.extract_text()) for page in reader(pdf).pages]
    assert "continued on page 2" in pages[0]
    assert NOTES in " ".join(pages[1:])
    head = pages[0].split("Notes ", 1)[1].split(" … (continued")[0]
    assert NOTES.startswith(head) and NOTES[len(head)] == " "  # cut between two words
