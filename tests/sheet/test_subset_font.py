"""Issue 17: the first sheet of a process loads a subset of the sheet font (the program's own characters),
and the full font only when a string needs more; every sheet is byte for byte the one the full font makes."""

from __future__ import annotations

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFontFile

from ctit_gui.resources import resource_path
from ctit_gui.sheet import fonts, subset_font
from ctit_gui.sheet.export import build_sheet_bytes

from .cases import FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed


@pytest.fixture(scope="module")
def subset_file(tmp_path_factory):
    return subset_font.write_subset(tmp_path_factory.mktemp("font") / "subset.ttf")[0]


@pytest.fixture
def fresh_font(monkeypatch, subset_file):
    """The sheet font as a new process finds it: nothing loaded yet, the subset (in a temporary folder) there."""
    before = fonts._font
    monkeypatch.setattr(subset_font, "subset_path", lambda: subset_file)
    for name, value in (("_registered", None), ("_font", None), ("_full", False)):
        monkeypatch.setattr(fonts, name, value)
    yield
    if before is not None:
        monkeypatch.undo()
        pdfmetrics.registerFont(before)


def sheets() -> list[bytes]:
    cases = [assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 8, True), (10, 120, False)]),
             assessed(FUJIAN, checks=[(7, 150, False)], site_rows=SITE_ROWS),
             assessed(FUJIAN, "secondary", answers={}, day1=None),
             assessed(SYSU, patient_id="患者-0042", notes="复查血常规，注意出血。")]
    return [build_sheet_bytes(case, paper, GENERATED, language=language)
            for case in cases for language in ("en", "zh_CN") for paper in ("a4", "letter")]


def test_sheets_from_the_subset_are_byte_identical_to_sheets_from_the_full_font(fresh_font):
    from_subset = sheets()
    assert fonts._full is False  # the program's own words never needed the 5 MB font
    fonts.load_full_font()
    assert fonts._full is True
    assert sheets() == from_subset


def test_a_character_outside_the_subset_loads_the_full_font_and_prints(fresh_font, subset_file):
    rare = "鑫"
    assert ord(rare) not in TTFontFile(str(subset_file)).charToGlyph
    case = assessed(SYSU, patient_id=f"{rare}-0042")
    from_subset_process = build_sheet_bytes(case, "a4", GENERATED)
    assert fonts._full is True and fonts.missing_glyphs(rare) == set()
    assert from_subset_process == build_sheet_bytes(case, "a4", GENERATED)
    assert f"[U+{ord(rare):04X}]" not in fonts.printable(rare)


def test_the_subset_is_reproducible_and_holds_every_character_of_the_chinese_catalogue(subset_file, tmp_path):
    again = subset_font.write_subset(tmp_path / "again.ttf")[0]
    assert again.read_bytes() == subset_file.read_bytes()
    catalogue = resource_path("i18n", "zh_CN", "LC_MESSAGES", "ctit.po").read_text(encoding="utf-8")
    full = TTFontFile(str(fonts.font_path()), subfontIndex=fonts.FONT_SUBFONT).charToGlyph
    subset = TTFontFile(str(subset_file)).charToGlyph
    wanted = {ord(ch) for ch in catalogue if ord(ch) >= 0x20 and ord(ch) in full}
    assert wanted - set(subset) == set()
    assert len(subset) < len(full) / 10


def test_platypus_is_imported_with_its_unused_patterns_compiled_on_first_use():
    """Issue 17: reportlab's URL, CJK-split and Python-colouring patterns cost ~420 M instructions per process."""
    import subprocess
    import sys

    code = (
        "import re; real = re.compile\n"
        "import ctit_gui.sheet.platypus\n"
        "import reportlab.platypus.paragraph as paragraph, reportlab.lib.textsplit as textsplit\n"
        "assert re.compile is real\n"
        "assert type(paragraph.uri_pat).__name__ == '_LazyPattern' and paragraph.uri_pat._compiled is None\n"
        "assert paragraph.uri_pat.match('https://example.org/a?b=1') and not paragraph.uri_pat.match('no url')\n"
        "assert textsplit.rx.sub(r'\\1 ', '患者A') == '患 者 A'\n"
        "assert type(re.compile('x')) is re.Pattern\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
