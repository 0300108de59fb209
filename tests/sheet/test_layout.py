"""The sheet lays out its own text (for speed) exactly where reportlab's Paragraph would."""

from __future__ import annotations

import re

import pytest
from reportlab.platypus import Paragraph

from ctit_gui.sheet.export import render
from ctit_gui.sheet.fonts import glyph_form, markup
from ctit_gui.sheet.layout import Ink, Text

from .cases import FUJIAN, GENERATED, SITE_ROWS, SYSU, assessed

#: Cell and frame widths the sheet uses and many in between, in points.
WIDTHS = [float(w) for w in range(40, 520, 9)] + [57.3, 127.55, 366.1, 510.24]


def printed_strings() -> list[str]:
    found: set[str] = set()
    for assessment in (assessed(SYSU, "rhtpo+hetrombopag", answers={}, checks=[(7, 8, True), (10, 150, False)]),
                       assessed(FUJIAN, checks=[(7, 150, False)], site_rows=SITE_ROWS),
                       assessed(FUJIAN, "secondary", answers={}, day1=None)):
        found.update(render(assessment, "a4", GENERATED)[1])
    found.update(["Long ward note. " * 12, "a  b   c", "per kg (256.4\u00a0units/kg) " * 6,
                  "PLT 100 ×10⁹/L or more, or a rise of 50 ×10⁹/L or more from baseline within 14 days " * 2])
    return sorted(found)


def paragraph_lines(text: str, style, width: float) -> tuple[list[str], list[float]]:
    """The lines reportlab's Paragraph makes of ``text``, and the extra space of each (negative: shrunk)."""
    paragraph = Paragraph(markup(text, style.fontSize), style)
    paragraph.wrap(width, 100_000)
    lines, extra = [], []
    for line in paragraph.blPara.lines:
        if paragraph.blPara.kind == 0:
            lines.append(" ".join(line[1]))
            extra.append(line[0])
        else:
            lines.append("".join(getattr(frag, "text", "") for frag in line.words))
            extra.append(line.extraSpace)
    return [re.sub(r" +", " ", glyph_form(line)).strip() for line in lines], extra


def own_lines(text: Text, width: float) -> list[tuple[str, float]] | None:
    lines = text.lines(width)
    if lines is None:
        return None
    return [("".join(piece for piece, _ in pieces), shrink) for pieces, _, shrink in lines]


@pytest.mark.parametrize("style_name", ["cell", "cell_big", "body"])
def test_lines_break_where_reportlab_paragraph_breaks_them(style_name):
    style = getattr(Ink().styles, style_name)
    compared = shrunk = 0
    for string in printed_strings():
        if "  " in string.strip():  # Paragraph collapses runs of spaces only on lines it breaks
            continue
        for width in WIDTHS:
            text = Text(string, style)
            own = own_lines(text, width)
            if own is None:  # laid out by a Paragraph itself
                continue
            expected, extra = paragraph_lines(string, style, width)
            assert [line for line, _ in own] == expected, (string, width)
            for (line, shrink), space in zip(own, extra):
                if shrink:
                    shrunk += 1
                    spaces = line.count(" ") + line.count("\u00a0")
                    assert shrink == pytest.approx(space / spaces), (string, width, line)
            compared += 1
    assert compared > 500 and shrunk > 0


def test_overlong_latin_words_are_left_to_a_paragraph_and_cjk_breaks_between_words():
    style = Ink().styles.cell
    assert Text("see " + "x" * 40, style).lines(60) is None
    assert Text("short enough", style).lines(60) is not None
    lines = Text("海曲泊帕乙醇胺片 7.5 mg 口服 每日一次", style).lines(120)  # issue 12: laid out here, words whole
    assert ["".join(piece for piece, _ in pieces) for pieces, _, _ in lines] == ["海曲泊帕乙醇胺片 7.5 mg", "口服 每日一次"]
