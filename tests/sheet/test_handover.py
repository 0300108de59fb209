"""The shift handover sheet: landscape A4 and Letter, the dosing sheet's embedded font (every printed
character has a glyph), the worklist's words, signature lines, the same bytes for the same state and time."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from ctit_gui.core.worklist import Worklist, worklist
from ctit_gui.sheet.fonts import missing_glyphs
from ctit_gui.sheet.handover import render_handover
from tests.sheet.pdftext import reader
from tests.ward import WARD_DAY, ward_entries

AT = datetime(2026, 3, 16, 7, 30, tzinfo=timezone(timedelta(hours=8)))
PAGE_POINTS = {"a4": (841.89, 595.28), "letter": (792.0, 612.0)}


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


@pytest.fixture(scope="module")
def ward():
    return worklist(ward_entries(), WARD_DAY)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_a_small_ward_fits_one_landscape_page_with_both_signature_lines(ward, paper):
    small = Worklist(ward.today, ward.items[:10], ward.closed)
    pdf, printed = render_handover(small, paper, AT)
    pages = reader(pdf).pages
    assert len(pages) == 1
    width, height = (float(v) for v in pages[0].mediabox.upper_right)
    assert (round(width, 1), round(height, 1)) == tuple(round(v, 1) for v in PAGE_POINTS[paper])
    text = _text(pdf)
    assert "Handing-over nurse" in text and "Receiving nurse" in text and "Page 1 of 1" in text
    assert "Ward handover · 2026-03-16 Page 1 of 1" in text.splitlines()  # the footer, on one line
    assert {text: missing_glyphs(text) for text in printed if missing_glyphs(text)} == {}
    fonts = {str(f) for page in pages for f in page["/Resources"]["/Font"].values()}
    assert fonts  # one embedded font, as on the dosing sheet
    assert "Helvetica" not in pdf.decode("latin-1")


def test_every_open_case_is_on_the_sheet_with_its_words_and_no_dose_for_a_patient_who_must_not_be_dosed(ward):
    pdf, _ = render_handover(ward, "a4", AT)
    text = " ".join(_text(pdf).split())
    for item in ward.items:
        assert item.patient_id in text
    assert "do not dose — not eligible (EX2)" in text and "no dose — stopped day 7" in text
    assert "cannot be evaluated: do not dose from this list" in text
    assert text.count("Handing-over nurse") == 1  # on the last page only
    assert "Closed, not on the list: F12-WITHDRAWN (withdrawn); S16-CLOSED (screen failure)" in text


def test_the_same_state_and_time_give_the_same_bytes_and_a_change_does_not(ward):
    first, _ = render_handover(ward, "a4", AT)
    again, _ = render_handover(worklist(ward_entries(), WARD_DAY), "a4", AT)
    assert first == again
    assert render_handover(ward, "a4", AT + timedelta(minutes=1))[0] != first
    changed = Worklist(ward.today, ward.items[1:], ward.closed)
    assert render_handover(changed, "a4", AT)[0] != first
