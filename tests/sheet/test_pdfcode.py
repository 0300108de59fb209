"""pdfcode writes the operators reportlab's own text objects and number formatting write, character for character."""

from __future__ import annotations

import io

import pytest

from ctit_gui.sheet import pdfcode
from ctit_gui.sheet.fonts import FONT_NAME, RISE, draw_line, draw_runs, register_font, runs


def _reportlab_fp_str():
    from reportlab.lib import rl_accel

    return rl_accel.fp_str


@pytest.mark.parametrize("args", [(0,), (1e-8,), (-1e-8,), (0.5,), (1,), (1.0,), (9.999999,), (10,), (12.345678,),
                                  (-0.25,), (99.99999,), (123.456789,), (595.2755905511812,), (1e6 + 0.5,),
                                  (3, 4.5, -6.75, 841.8897637795277), ([1.5, 2.25],), ((0.1, 0.2),)])
def test_the_remembered_number_formatting_is_reportlabs(args):
    original = _reportlab_fp_str()
    assert pdfcode.fp_str(*args) == original(*args)
    assert pdfcode.fp_str(*args) == original(*args)  # and again, from memory


def test_reportlab_uses_it_only_while_the_program_builds_its_own_document():
    from reportlab.lib import rl_accel
    from reportlab.pdfgen import canvas, pathobject, textobject

    with pdfcode.remembered_numbers():
        assert canvas.fp_str is textobject.fp_str is pathobject.fp_str is pdfcode.fp_str
        with pdfcode.remembered_numbers():  # a second build at the same time (the window's thread)
            pass
        assert canvas.fp_str is pdfcode.fp_str
    assert canvas.fp_str is textobject.fp_str is pathobject.fp_str is rl_accel.fp_str is not pdfcode.fp_str


def _canvas():
    from reportlab.pdfgen.canvas import Canvas

    register_font()
    return Canvas(io.BytesIO(), invariant=1)


def _reportlab_runs(canvas, placed, size, mode=None, leading=None):
    """The sheet's runs drawn with reportlab's own text object (the code draw_runs replaced)."""
    text = canvas.beginText(placed[0][0], placed[0][1])
    text.setFont(FONT_NAME, size, leading)
    if mode is not None:
        text.setTextRenderMode(mode)
    for index, (x, y, parts, word_space) in enumerate(placed):
        if index:
            text.setTextOrigin(x, y)
        if word_space:
            text.setWordSpace(word_space)
        last = len(parts) - 1
        for number, (piece, raised) in enumerate(parts):
            if raised:
                text.setTextRenderMode(3)
                text.setHorizScale(0)
                text._textOut("^", False)
                text.setHorizScale(100)
                text.setTextRenderMode(0 if mode is None else mode)
                text.setRise(size * RISE)
            text._textOut(piece, leading is not None and number == last)
            if raised:
                text.setRise(0)
        if word_space:
            text.setWordSpace(0)
    canvas.drawText(text)


LINES = ["Day 7 PLT (x10⁹/L)", "", "hetrombopag 7.5 mg by mouth daily", "(a) \\ back(slash)",
         "第7天 PLT < 100 且 < 82 时给药", "no\u00a0break space", "患者-张三 复查血常规", "×10⁹/L ⁹⁹ tail",
         "rare \u4dc0 character", "Day 7 PLT (x10⁹/L)"]  # the last again: from the document's codes


@pytest.mark.parametrize("mode, leading, word_space", [(None, None, 0.0), (2, 11.5, -0.4), (None, 10.8, 0.0)])
def test_text_runs_are_written_as_reportlabs_text_object_writes_them(mode, leading, word_space):
    ours, theirs = _canvas(), _canvas()
    for number, line in enumerate(LINES):
        placed = [(10.5 + number, 700 - 12 * number, runs(line), word_space),
                  (10.5, 650.25 - number, runs(line), 0.0)]
        draw_runs(ours, placed, 9.5, mode=mode, leading=leading)
        _reportlab_runs(theirs, placed, 9.5, mode=mode, leading=leading)
    assert ours._code == theirs._code
    assert ours.getpdfdata() == theirs.getpdfdata()


def test_a_plain_line_is_written_as_drawstring_writes_it():
    ours, theirs = _canvas(), _canvas()
    theirs.setFont(FONT_NAME, 9, 12)
    for number, line in enumerate(LINES):
        draw_line(ours, 40, 500 - 12.5 * number, line, 9, 12)
        theirs.drawString(40, 500 - 12.5 * number, line)
    assert ours._code == theirs._code
    assert ours.getpdfdata() == theirs.getpdfdata()
