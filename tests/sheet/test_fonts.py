"""No character may vanish from a printout: one embedded CJK+Latin font, and a glyph for every character."""

from __future__ import annotations

from datetime import date

import pytest

from ctit_gui.core.session import assess, read_case
from ctit_gui.resources import resource_path
from ctit_gui.sheet.export import build_sheet_bytes, render
from ctit_gui.sheet.fonts import markup, missing_glyphs, printable

from ..conftest import EXAMPLES
from .cases import FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed
from .pdftext import fragments, pdffonts, text_of

LATE = date(2026, 12, 31)  # every check overdue: the most banners


def built_cases():
    yield "plain", assessed(SYSU)
    yield "both drugs, stop", assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 120, False)], today=LATE)
    yield "rescue", assessed(SYSU, checks=[(7, 8, False), (10, 15, True), (14, 12, None)], today=LATE)
    yield "chinese", assessed(SYSU, patient_id="患者-张三", notes="复查血常规，注意出血。", checks=[(7, 60, False)])
    yield "site table", assessed(FUJIAN, checks=[(7, 150, False), (10, 250, False)], site_rows=SITE_ROWS, today=LATE)
    yield "incomplete", assessed(FUJIAN, "secondary", answers={}, day1=None)
    for path in sorted(EXAMPLES.glob("*.json")):
        if path.name != "EXPECTED.json":
            yield path.name, assess(read_case(path), today=LATE)


CASES = list(built_cases())


@pytest.mark.parametrize("name,assessment", CASES, ids=[name for name, _ in CASES])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_character_of_every_printed_string_has_a_glyph(name, assessment, paper):
    _, printed = render(assessment, paper, GENERATED)
    assert len(printed) > 50
    missing = {text: missing_glyphs(text) for text in printed if missing_glyphs(text)}
    assert missing == {}


def test_a_decimal_dose_keeps_every_character():
    assert missing_glyphs("hetrombopag 2.5 mg by mouth daily; rhTPO 15,000 units (256.4 units/kg)") == set()
    assert missing_glyphs("×10⁹/L ≥ ≤ < — – µmol/L 患者") == set()


def test_a_character_the_font_lacks_is_detected_and_printed_as_its_code():
    assert missing_glyphs("id 😀") == {"😀"}
    assert printable("id 😀") == "id [U+1F600]"
    text = text_of(build_sheet_bytes(assessed(SYSU, patient_id="P-😀-1"), "a4", GENERATED))
    assert "P-[U+1F600]-1" in text


def test_superscript_nine_is_drawn_as_a_raised_nine():
    assert '<super rise="2.97" size="9">9</super>' in markup("×10⁹/L", 9)
    assert "&lt;b&gt;" in markup("<b>", 9)


@pytest.mark.parametrize("name,assessment", CASES[:5], ids=[name for name, _ in CASES[:5]])
def test_every_font_in_the_file_is_embedded_and_there_is_no_fallback_font(name, assessment, tmp_path):
    path = tmp_path / "sheet.pdf"
    path.write_bytes(build_sheet_bytes(assessment, "a4", GENERATED))
    rows = pdffonts(path)
    assert rows, "no fonts listed"
    for row in rows:
        assert "WenQuanYiMicroHei" in row[0], row
        assert row[-5] == "yes", f"not embedded: {row}"


def test_no_text_is_smaller_than_9_points():
    pdf = build_sheet_bytes(assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 60, True)]), "a4", GENERATED)
    sizes = {round(f.size, 2) for f in fragments(pdf)}
    assert sizes and min(sizes) >= 9


def test_font_and_licence_are_shipped():
    assert resource_path("fonts", "wqy-microhei.ttc").stat().st_size > 4_000_000
    licence = resource_path("fonts", "wqy-microhei.COPYRIGHT").read_text(encoding="utf-8")
    assert "Apache-2.0" in licence and "Font exception" in licence
    assert resource_path("fonts", "wqy-microhei.LICENSE-Apache-2.0").exists()
