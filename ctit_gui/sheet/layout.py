"""The sheet's page content as reportlab platypus flowables.

Every printed string goes through :class:`Ink`, which escapes it, makes characters
the font lacks visible, and records it in ``Ink.printed`` so a test can check each
character against the font. Black and white only; no text below 9 pt.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from . import words
from .fonts import FONT_NAME, draw_segments, draw_text, markup, printable, register_font, segments, text_width

MIN_PT = 9
GREY = colors.Color(0.82, 0.82, 0.82)  # shading that survives a black-and-white ward printer
LIGHT = colors.Color(0.93, 0.93, 0.93)


def _style(name: str, size: float, leading: float | None = None, **extra) -> ParagraphStyle:
    assert size >= MIN_PT
    extra.setdefault("alignment", TA_LEFT)
    return ParagraphStyle(name, fontName=FONT_NAME, fontSize=size, leading=leading or size * 1.22,
                          textColor=colors.black, **extra)


class Styles:
    def __init__(self):
        register_font()
        self.title = _style("title", 15, 18)
        self.patient = _style("patient", 13, 16, alignment=TA_RIGHT)
        self.heading = _style("heading", 11, 13.5, spaceBefore=2, spaceAfter=1)
        self.body = _style("body", 9.5, 11.5)
        self.cell = _style("cell", 9, 10.8)
        self.cell_big = _style("cell_big", 10, 12)


def table(data: list[list], widths: list[float], commands: list[tuple], **options) -> Table:
    """A platypus Table whose plain-string cells use the sheet font too (never Helvetica)."""
    base = [("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("FONTSIZE", (0, 0), (-1, -1), MIN_PT),
            ("VALIGN", (0, 0), (-1, -1), "TOP")]
    return Table(data, colWidths=widths, style=TableStyle(base + list(commands)), **options)


def _wraps_anywhere(text: str) -> bool:
    """CJK text, or a token too long for a cell, may break between any two characters."""
    return any(ord(ch) >= 0x2E80 for ch in text) or any(len(token) > 24 for token in text.split())


class Bold(Flowable):
    """Draws a flowable with filled-and-stroked glyphs: bold from the one embedded font."""

    def __init__(self, inner: Flowable, stroke: float = 0.3):
        super().__init__()
        self.inner, self.stroke = inner, stroke

    def wrap(self, avail_width, avail_height):
        self.width, self.height = self.inner.wrap(avail_width, avail_height)
        return self.width, self.height

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self):  # noqa: N802 - reportlab's name
        return self.inner.getSpaceAfter()

    def draw(self):
        canvas = self.canv
        canvas.saveState()
        canvas.setLineWidth(self.stroke)
        canvas.setStrokeColor(colors.black)
        canvas._code.append("2 Tr")  # text render mode 2: fill, then stroke
        self.inner.drawOn(canvas, 0, 0)
        canvas.restoreState()


class Text(Flowable):
    """A paragraph of plain text: drawn line by line when every line fits, else a real Paragraph.

    Most cells hold one short line, and reportlab's Paragraph (mini-HTML parsing, line
    breaking) costs most of a sheet's build time; this draws such lines directly in the
    same place a Paragraph would, and falls back to a Paragraph to wrap longer text.
    """

    def __init__(self, text: str, style: ParagraphStyle):
        super().__init__()
        self.text, self.style = text, style
        self.lines = [line.strip() for line in printable(text).split("\n")]
        self._widths: list[float] | None = None
        self._para: Paragraph | None = None

    def _paragraph(self) -> Paragraph:
        if self._para is None:
            style = self.style
            if _wraps_anywhere(self.text):
                style = ParagraphStyle(style.name + "-cjk", parent=style, wordWrap="CJK")
            self._para = Paragraph(markup(self.text, style.fontSize), style)
        return self._para

    def wrap(self, avail_width, avail_height):
        if self._widths is None:
            self._parts = [segments(line, self.style.fontSize) for line in self.lines]
            self._widths = [sum(w for _, _, w in parts) for parts in self._parts]
        self.direct = max(self._widths) <= avail_width + 0.01
        if not self.direct:
            self.width, self.height = self._paragraph().wrap(avail_width, avail_height)
            return self.width, self.height
        self.width, self.height = avail_width, self.style.leading * len(self.lines)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return self._paragraph().split(avail_width, avail_height)

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802 - reportlab's name
        return self.style.spaceAfter

    def draw(self):
        if not self.direct:
            self._paragraph().drawOn(self.canv, 0, 0)
            return
        size, leading, right = self.style.fontSize, self.style.leading, self.style.alignment == TA_RIGHT
        for index, (parts, width) in enumerate(zip(self._parts, self._widths)):
            draw_segments(self.canv, self.width - width if right else 0, self.height - size - index * leading,
                          parts, size)


class Ink:
    """Makes every printed string, and remembers it."""

    def __init__(self):
        self.styles = Styles()
        self.printed: list[str] = []

    def p(self, text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Flowable:
        style = style or self.styles.body
        self.printed.append(text)
        flowable = Text(text, style)
        return Bold(flowable) if bold else flowable

    def label(self, text: str) -> str:
        """A string drawn straight on the canvas (footer, boxes): recorded like the rest."""
        self.printed.append(text)
        return text


class TickBox(Flowable):
    """An empty square to tick; crossed out where no dose is to be given."""

    def __init__(self, crossed: bool = False, side: float = 4 * mm):
        super().__init__()
        self.crossed, self.side = crossed, side
        self.width = self.height = side

    def wrap(self, avail_width, avail_height):
        return self.side, self.side

    def draw(self):
        canvas, s = self.canv, self.side
        canvas.setLineWidth(0.9)
        canvas.rect(0, 0, s, s, stroke=1, fill=0)
        if self.crossed:
            canvas.setLineWidth(0.6)
            canvas.line(0, 0, s, s)
            canvas.line(0, s, s, 0)


def _fit_words(text: str, width: float) -> list[str]:
    """``text`` broken at spaces into lines no wider than ``width`` (a long word keeps its own line)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_width(f"{lines[-1]} {word}", MIN_PT) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines


class CheckpointBox(Flowable):
    """The PLT cell of a checkpoint day: the word CHECKPOINT and a box to write the count in.

    The box sits beside the word when the cell is wide enough, else under it. A count
    already measured is printed in the box; notes about it (bleeding risk) go below.
    """

    LINE = 11.0

    def __init__(self, ink: Ink, value: str | None, box_height: float = 5 * mm, box_min_width: float = 11 * mm):
        super().__init__()
        self.label_text = ink.label(words.CHECKPOINT)
        lines = ink.label(value).split("\n") if value else []
        self.number, self.extra = (lines[0] if lines else None), lines[1:]
        self.box_height, self.box_min_width = box_height, box_min_width

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.label_width = text_width(self.label_text, MIN_PT) + 1
        self.inline = avail_width - self.label_width - 4 >= self.box_min_width
        self.lines = [part for line in self.extra for part in _fit_words(line, avail_width)]
        above = 0 if self.inline else MIN_PT + 3
        self.height = above + self.box_height + len(self.lines) * self.LINE
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        box_top = self.height
        box_x = self.label_width + 4 if self.inline else 0
        label_y = box_top - self.box_height / 2 - 3 if self.inline else box_top - MIN_PT + 1
        if not self.inline:
            box_top -= MIN_PT + 3
        box_bottom = box_top - self.box_height
        canvas.saveState()
        canvas.setLineWidth(0.3)
        canvas._code.append("2 Tr")  # the word in bold
        draw_text(canvas, 0, label_y, self.label_text, MIN_PT)
        canvas.restoreState()
        canvas.setLineWidth(1.2)
        canvas.rect(box_x, box_bottom, self.width - box_x, self.box_height, stroke=1, fill=0)
        if self.number:
            draw_text(canvas, box_x + 3, box_bottom + (self.box_height - MIN_PT) / 2 + 2, self.number, MIN_PT)
        for index, line in enumerate(self.lines):
            draw_text(canvas, 0, box_bottom - self.LINE * (index + 1) + 2, line, MIN_PT)
