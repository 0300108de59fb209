"""The sheet's page content as reportlab platypus flowables.

Every printed string goes through :class:`Ink`, which escapes it, makes characters
the font lacks visible, and records it in ``Ink.printed`` so a test can check each
character against the font. Black and white only; no text below 9 pt.
"""

from __future__ import annotations

import re

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .. import i18n
from . import words
from .breaking import break_units, has_cjk
from .fonts import (
    FONT_NAME, draw_line, draw_runs, draw_text, markup, printable, printed_width, register_font, runs, text_width,
)
from .platypus import Flowable, Paragraph, Table, TableStyle

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
        self.patient_small = _style("patient_small", 11, 13, alignment=TA_RIGHT)
        self.heading = _style("heading", 11, 13.5, spaceBefore=2, spaceAfter=1)
        self.body = _style("body", 9.5, 11.5)
        self.cell = _style("cell", 9, 10.8)
        self.cell_big = _style("cell_big", 10, 12)
        self.cell_dense = _style("cell_dense", 9, 9.9)  # the calendar's last fit: same 9 pt, closer lines


def table(data: list[list], widths: list[float], commands: list[tuple], **options) -> Flowable:
    """A table whose plain-string cells use the sheet font too (never Helvetica): a :class:`Grid`."""
    base = [("FONTNAME", (0, 0), (-1, -1), FONT_NAME), ("FONTSIZE", (0, 0), (-1, -1), MIN_PT),
            ("VALIGN", (0, 0), (-1, -1), "TOP")]
    return Grid(data, widths, base + list(commands), **options)


def _joined(segments: set[tuple[float, float, float, float]]) -> list[tuple[float, float, float, float]]:
    """Horizontal and vertical segments, those that continue one another on one line joined into one."""
    out: list[tuple[float, float, float, float]] = []
    horizontal = sorted((y0, x0, x1) for x0, y0, x1, y1 in segments if y0 == y1)
    for y, x0, x1 in horizontal:
        if out and out[-1][1] == y and abs(out[-1][2] - x0) < 1e-6:
            out[-1] = (out[-1][0], y, x1, y)
        else:
            out.append((x0, y, x1, y))
    vertical = sorted((x0, y0, y1) for x0, y0, x1, y1 in segments if x0 == x1 and y0 != y1)
    first = len(out)
    for x, y0, y1 in vertical:
        if len(out) > first and out[-1][0] == x and abs(out[-1][3] - y0) < 1e-6:
            out[-1] = (x, out[-1][1], x, y1)
        else:
            out.append((x, y0, x, y1))
    return out


class Grid(Flowable):
    """A table laid out and drawn here, as a platypus Table lays out and draws the same data and commands.

    The sheet's tables are small and fixed (no page split on a sheet that fits), and platypus's Table
    spent a fifth of a sheet's build on bookkeeping: a cell style object per cell, per-segment rules,
    a canvas save/translate/restore per table. This sizes rows as Table does (each cell's content and
    padding; an empty cell one 12-point line; a cell spanning rows stretches the last of them), draws
    the backgrounds, then the cells top to bottom, then the rules (one path per command), in the same
    order as Table. Commands: GRID, BOX, LINEABOVE, LINEBELOW, BACKGROUND, SPAN, the four paddings,
    VALIGN, FONTNAME, FONTSIZE. Only when it must be split across pages does a platypus Table of the
    same data and commands do it (``split``).
    """

    def __init__(self, data: list[list], widths: list[float], commands: list[tuple], repeatRows: int = 0,  # noqa: N803
                 rowHeights: list[float] | None = None):  # noqa: N803
        super().__init__()
        self.data, self.widths, self.commands = data, list(widths), commands
        self.repeat_rows, self.fixed_heights = repeatRows, rowHeights
        rows, cols = len(data), len(widths)
        self.rows, self.cols = rows, cols
        # per cell: [top, bottom, left, right padding, valign]; a platypus CellStyle's defaults
        self.style = [[[3.0, 3.0, 6.0, 6.0, "BOTTOM"] for _ in range(cols)] for _ in range(rows)]
        self.spans: dict[tuple[int, int], tuple[int, int, int, int]] = {}  # (col, row) of its start -> range
        self.hidden: set[tuple[int, int]] = set()
        self.backgrounds, self.rules = [], []
        slots = {"TOPPADDING": 0, "BOTTOMPADDING": 1, "LEFTPADDING": 2, "RIGHTPADDING": 3, "VALIGN": 4}
        for op, start, end, *args in commands:
            c0, r0, c1, r1 = self._range(start, end)
            if op in slots:
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        self.style[r][c][slots[op]] = args[0]
            elif op == "SPAN":
                self.spans[c0, r0] = (c0, r0, c1, r1)
                self.hidden.update((c, r) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1) if (c, r) != (c0, r0))
            elif op == "BACKGROUND":
                self.backgrounds.append(((c0, r0, c1, r1), args[0]))
            elif op in ("GRID", "BOX", "LINEABOVE", "LINEBELOW"):
                self.rules.append((op, (c0, r0, c1, r1), args[0], args[1]))
            elif op not in ("FONTNAME", "FONTSIZE"):
                raise ValueError(f"table command {op} is not drawn by Grid")
        self._layout: tuple[float, list[float]] | None = None
        self._table = None

    def _range(self, start, end) -> tuple[int, int, int, int]:
        (c0, r0), (c1, r1) = start, end
        return (c0 % self.cols, r0 % self.rows, c1 % self.cols, r1 % self.rows)

    def _cell_width(self, c: int, r: int) -> float:
        span = self.spans.get((c, r))
        return sum(self.widths[span[0]:span[2] + 1]) if span else self.widths[c]

    @staticmethod
    def _flowables(value) -> list | None:
        if isinstance(value, Flowable):
            return [value]
        return list(value) if isinstance(value, (list, tuple)) else None

    def _content_height(self, value, width: float, style) -> float:
        items = self._flowables(value)
        if items is None:  # a plain string: lines of the default 12-point leading
            return 12.0 * len(str(value).split("\n"))
        if not items:
            return 0.0
        inner = width - style[2] - style[3]
        total = 0.0
        for item in items:
            total += item.wrap(inner, 72000)[1] + item.getSpaceBefore() + item.getSpaceAfter()
        return total - items[0].getSpaceBefore() - items[-1].getSpaceAfter()

    def wrap(self, avail_width, avail_height):
        if self._layout is None or self._layout[0] != avail_width:
            heights = [0.0] * self.rows
            stretch = []  # (first row, last row, height) of cells spanning rows
            for r in range(self.rows):
                for c in range(self.cols):
                    if (c, r) in self.hidden:
                        continue
                    style = self.style[r][c]
                    need = self._content_height(self.data[r][c], self._cell_width(c, r), style) + style[0] + style[1]
                    span = self.spans.get((c, r))
                    if span and span[3] != span[1]:
                        stretch.append((span[1], span[3], need))
                    elif need > heights[r]:
                        heights[r] = need
            if self.fixed_heights is not None:
                heights = [h if h is not None else heights[i] for i, h in enumerate(self.fixed_heights)]
            for first, last, need in stretch:
                have = sum(heights[first:last + 1])
                if need > have:
                    heights[last] += need - have
            self._layout = (avail_width, heights)
        self.width, self.height = sum(self.widths), sum(self._layout[1])
        return self.width, self.height

    def split(self, avail_width, avail_height):
        from .platypus import Table, TableStyle

        if self._table is None:
            self._table = Table(self.data, colWidths=self.widths, style=TableStyle(self.commands),
                                repeatRows=self.repeat_rows, rowHeights=self.fixed_heights)
        self._table.wrap(avail_width, avail_height)
        return self._table.split(avail_width, avail_height)

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        x = self._hAlignAdjust(x, _sW)
        heights = self._layout[1]
        cols = [x]
        for width in self.widths:
            cols.append(cols[-1] + width)
        tops = [y + self.height]
        for height in heights:
            tops.append(tops[-1] - height)  # tops[r]: top of row r; tops[r + 1]: its bottom

        canvas.saveState()
        for (c0, r0, c1, r1), color in self.backgrounds:
            canvas.setFillColor(color)
            canvas.rect(cols[c0], tops[r1 + 1], cols[c1 + 1] - cols[c0], tops[r0] - tops[r1 + 1], stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(FONT_NAME, MIN_PT, 12)
        for r in range(self.rows):
            for c in range(self.cols):
                if (c, r) in self.hidden:
                    continue
                span = self.spans.get((c, r)) or (c, r, c, r)
                self._draw_cell(canvas, self.data[r][c], self.style[r][c], cols[c],
                                cols[span[2] + 1] - cols[c], tops[span[3] + 1], tops[r] - tops[span[3] + 1])
        for op, (c0, r0, c1, r1), weight, color in self.rules:
            canvas.setLineWidth(weight)
            canvas.setStrokeColor(color)
            path = canvas.beginPath()
            if op == "BOX":
                path.rect(cols[c0], tops[r1 + 1], cols[c1 + 1] - cols[c0], tops[r0] - tops[r1 + 1])
            elif op == "LINEABOVE" or op == "LINEBELOW":
                for r in range(r0, r1 + 1):
                    level = tops[r] if op == "LINEABOVE" else tops[r + 1]
                    path.moveTo(cols[c0], level)
                    path.lineTo(cols[c1 + 1], level)
            else:  # GRID: every cell's edges in the range, a spanned cell's as one
                segments = set()
                for r in range(r0, r1 + 1):
                    for c in range(c0, c1 + 1):
                        if (c, r) in self.hidden:
                            continue
                        span = self.spans.get((c, r)) or (c, r, c, r)
                        left, right = cols[c], cols[min(span[2], c1) + 1]
                        top, bottom = tops[r], tops[min(span[3], r1) + 1]
                        segments.update({(left, top, right, top), (left, bottom, right, bottom),
                                         (left, bottom, left, top), (right, bottom, right, top)})
                for x0, y0, x1, y1 in _joined(segments):
                    path.moveTo(x0, y0)
                    path.lineTo(x1, y1)
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.restoreState()

    def _draw_cell(self, canvas, value, style, x, width, bottom, height) -> None:  # noqa: PLR0913
        top_pad, bottom_pad, left_pad, right_pad, valign = style
        items = self._flowables(value)
        if items is None:  # a plain string, as Table draws it (an empty one too: text extraction reads the gap)
            lines = str(value).split("\n")
            if valign == "TOP":
                y = bottom + height - top_pad - MIN_PT
            elif valign == "BOTTOM":
                y = bottom + bottom_pad + len(lines) * 12 - MIN_PT
            else:
                y = bottom + (bottom_pad + height - top_pad + len(lines) * 12) / 2 - MIN_PT
            for line in lines:
                draw_line(canvas, x + left_pad, y, line, MIN_PT, 12)
                y -= 12
            return
        if not items:
            return
        inner = width - left_pad - right_pad
        sizes = [item.wrap(inner, 72000)[1] for item in items]
        content = sum(sizes) + sum(i.getSpaceBefore() + i.getSpaceAfter() for i in items) \
            - items[0].getSpaceBefore() - items[-1].getSpaceAfter()
        if valign == "TOP":
            y = bottom + height - top_pad
        elif valign == "BOTTOM":
            y = bottom + bottom_pad + content
        else:
            y = bottom + (height + bottom_pad - top_pad + content) / 2
        y += items[0].getSpaceBefore()
        for item, size in zip(items, sizes):
            y -= item.getSpaceBefore() + size
            item.drawOn(canvas, x + left_pad, y)
            y -= item.getSpaceAfter()


_CJK = re.compile("[\u2e80-\U0010ffff]")
_LONG_TOKEN = re.compile(r"\S{25,}")
#: The sheet's own line breaking breaks at a space, never at a no-break space; text with
#: any other space character is left to reportlab's Paragraph.
_OTHER_SPACE = re.compile(r"[^\S \u00a0\n]")


def _wraps_anywhere(text: str) -> bool:
    """CJK text, or a token too long for a cell, may break between any two characters."""
    return bool(_CJK.search(text) or _LONG_TOKEN.search(text))


_laid_out: dict[tuple[str, float, float], list | None] = {}  # Text.lines, per (text, size, width)

SPACE_SHRINK = 0.05  # reportlab's default ``spaceShrinkage``: a line may overrun by 5 % of its spaces


class Text(Flowable):
    """A paragraph of plain text, laid out and drawn here; a reportlab Paragraph only where needed.

    reportlab's Paragraph (mini-HTML parsing, general line breaking, a text object per
    line) cost most of a sheet's build time, and the sheet's text needs little of it:
    one font, one size, left or right aligned. This breaks lines where Paragraph does
    (greedy at spaces, with its 5 % space shrinkage; a test compares the two) and draws
    them where Paragraph would, in one text object, straight at the cell's position.
    Text that may break between any two characters (CJK, long tokens), holds other
    space characters, or has a word wider than the cell still goes to a Paragraph.
    ``bold`` draws the glyphs filled and stroked: bold from the one embedded font.
    """

    STROKE = 0.3  # outline width of bold glyphs, points

    def __init__(self, text: str, style: ParagraphStyle, bold: bool = False):
        super().__init__()
        self.text, self.style, self.bold = text, style, bold
        self.hard_lines = [line.strip() for line in printable(text).split("\n")]
        self._widths: list[float] | None = None
        self._layout: tuple[float, list | None] | None = None  # (width, lines, or None: a Paragraph's)
        self._para: Paragraph | None = None

    def _line_widths(self) -> list[float]:
        if self._widths is None:
            self._widths = [printed_width(line, self.style.fontSize) for line in self.hard_lines]
        return self._widths

    def _paragraph(self) -> Paragraph:
        if self._para is None:
            style = self.style
            if _wraps_anywhere(self.text):
                style = ParagraphStyle(style.name + "-cjk", parent=style, wordWrap="CJK")
            self._para = Paragraph(markup(self.text, style.fontSize), style)
        return self._para

    def _breaks_here(self) -> bool:
        """Whether this module breaks the text into lines (else a Paragraph does)."""
        return not (_wraps_anywhere(self.text) or _OTHER_SPACE.search(self.text)) and all(self.hard_lines)

    def _breaks_cjk(self) -> bool:
        """CJK text is broken here too, between words (breaking.py), never inside 每日一次 or a drug name."""
        return has_cjk(self.text) and not _OTHER_SPACE.search(self.text)

    def lines(self, avail_width: float) -> list[tuple[list, float, float]] | None:
        """(runs, width, word spacing) of each printed line, or None when a Paragraph lays it out.

        The same text in the same size and width always breaks alike (the font never changes): laid out
        once per process (a sheet printed again, the same words in every row)."""
        key = (self.text, self.style.fontSize, avail_width)
        found = _laid_out.get(key, _laid_out)
        if found is _laid_out:
            found = self._lines(avail_width)
            if len(_laid_out) > 5_000:  # a long-running window: bounded
                _laid_out.clear()
            _laid_out[key] = found
        return found

    def _lines(self, avail_width: float) -> list[tuple[list, float, float]] | None:
        size = self.style.fontSize
        out = []
        for line, width in zip(self.hard_lines, self._line_widths()):
            if width <= avail_width + 0.01:  # fits: printed as it is
                out.append((runs(line), width, 0.0))
                continue
            if self._breaks_cjk():
                out += [(runs(text), used, 0.0)
                        for text, used in break_units(line, avail_width, lambda piece: printed_width(piece, size))]
                continue
            broken = break_line(line, avail_width, size) if self._breaks_here() else None
            if broken is None:
                return None
            out += broken
        return out

    def wrap(self, avail_width, avail_height):
        if self._layout is None or self._layout[0] != avail_width:
            self._layout = (avail_width, self.lines(avail_width))
        lines = self._layout[1]
        if lines is None:
            self.width, self.height = self._paragraph().wrap(avail_width, avail_height)
        else:
            self.width, self.height = avail_width, self.style.leading * len(lines)
        return self.width, self.height

    def split(self, avail_width, avail_height):
        return self._paragraph().split(avail_width, avail_height)

    def getSpaceBefore(self):  # noqa: N802 - reportlab's name
        return self.style.spaceBefore

    def getSpaceAfter(self):  # noqa: N802 - reportlab's name
        return self.style.spaceAfter

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        """Draw at (x, y) directly, without saving, moving and restoring the canvas per cell."""
        lines = self._layout[1] if self._layout else None
        if lines is None:
            super().drawOn(canvas, x, y, _sW)
            return
        x = self._hAlignAdjust(x, _sW)
        size, right = self.style.fontSize, self.style.alignment == TA_RIGHT
        top = y + self.height - size
        placed = [(x + self.width - width if right else x, top - index * self.style.leading, pieces,
                   0.0 if right else shrink) for index, (pieces, width, shrink) in enumerate(lines)]
        if self.bold:
            canvas.saveState()
            canvas.setLineWidth(self.STROKE)
            canvas.setStrokeColor(colors.black)
        wrapped = any(width > self.width + 0.01 for width in self._line_widths())  # laid out as a Paragraph would be
        draw_runs(canvas, placed, size, mode=2 if self.bold else None, leading=self.style.leading if wrapped else None)
        if self.bold:
            canvas.restoreState()

    def draw(self):  # text laid out by a Paragraph
        canvas = self.canv
        if self.bold:
            canvas.saveState()
            canvas.setLineWidth(self.STROKE)
            canvas.setStrokeColor(colors.black)
            canvas._code.append("2 Tr")  # text render mode 2: fill, then stroke
        self._paragraph().drawOn(canvas, 0, 0)
        if self.bold:
            canvas.restoreState()


def break_line(line: str, width: float, size: float) -> list[tuple[list, float, float]] | None:
    """``line`` broken into lines for ``width`` as reportlab's Paragraph breaks it, or None.

    Greedy, word by word at spaces; a line may overrun ``width`` by 5 % of its spaces'
    width, and then its spaces are narrowed to make it fit, as Paragraph does. Each line
    is (runs, width, word spacing). None when a word alone is wider than ``width``
    (Paragraph would cut the word).
    """
    space = printed_width(" ", size)
    chosen: list[tuple[list[str], float]] = []
    current: list[str] = []
    used = -space
    for word in line.split(" "):
        if not word:
            continue
        word_width = printed_width(word, size)
        if word_width > width:
            return None
        wider = used + space + word_width
        if wider <= width + SPACE_SHRINK * space * len(current) or not current:
            current.append(word)
            used = wider
        else:
            chosen.append((current, used))
            current, used = [word], word_width
    if current:
        chosen.append((current, used))
    lines = []
    for words, used in chosen:
        text = " ".join(words)
        spaces = len(words) - 1 + text.count("\u00a0")
        shrink = (width - used) / spaces if width - used < -1e-8 and spaces > 0 else 0.0
        lines.append((runs(text), used, shrink))
    return lines


class Ink:
    """Makes every printed string, and remembers it."""

    def __init__(self):
        self.styles = Styles()
        self.printed: list[str] = []

    def p(self, text: str, style: ParagraphStyle | None = None, bold: bool = False) -> Flowable:
        style = style or self.styles.body
        self.printed.append(text)
        return Text(text, style, bold)

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

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802 - reportlab's name
        """Draw at (x, y) directly: no moving of the canvas for a square and two lines."""
        x, s = self._hAlignAdjust(x, _sW), self.side
        canvas.saveState()
        canvas.setLineWidth(0.9)
        canvas.rect(x, y, s, s, stroke=1, fill=0)
        if self.crossed:
            canvas.setLineWidth(0.6)
            canvas.line(x, y, x + s, y + s)
            canvas.line(x, y + s, x + s, y)
        canvas.restoreState()


class CheckpointBox(Flowable):
    """The PLT cell of a checkpoint day: the word CHECKPOINT and a box to write the count in.

    The box sits beside the word when the cell is wide enough, else under it. A count
    already measured is printed in the box; notes about it (bleeding risk) go below.
    """

    LINE = 11.0

    def __init__(self, ink: Ink, value: str | None, box_height: float = 5 * mm, box_min_width: float = 11 * mm):
        super().__init__()
        self.label_text = ink.label(i18n.translate_text(words.CHECKPOINT))
        lines = ink.label(value).split("\n") if value else []
        self.number, self.extra = (lines[0] if lines else None), lines[1:]
        self.box_height, self.box_min_width = box_height, box_min_width

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.label_width = text_width(self.label_text, MIN_PT) + 1
        self.inline = avail_width - self.label_width - 4 >= self.box_min_width
        self.lines = [part for line in self.extra for part in wrap_words(line, avail_width, MIN_PT)]
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


def wrap_words(text: str, width: float, size: float) -> list[str]:
    """``text`` broken into lines no wider than ``width``: at spaces, never inside a word, unless
    one word alone is wider than the line (a long id, CJK text): that word is broken between characters."""
    lines: list[str] = []
    if has_cjk(text):  # between words only: never inside 每日一次 or a drug name (breaking.py)
        measure = lambda piece: text_width(piece, size)  # noqa: E731
        return [line for hard in text.split("\n") for line, _ in break_units(hard, width, measure)]
    space = text_width(" ", size)
    for hard in text.split("\n"):
        current, used = "", 0.0
        for word in hard.split(" "):
            word_width = text_width(word, size)
            trial_width = used + space + word_width if current else word_width
            if trial_width <= width:
                current, used = (f"{current} {word}" if current else word), trial_width
                continue
            if current:
                lines.append(current)
            current = ""
            while text_width(word, size) > width:  # a word wider than the line: broken between characters
                cut = len(word)
                while cut > 1 and text_width(word[:cut], size) > width:
                    cut -= 1
                lines.append(word[:cut])
                word = word[cut:]
            current, used = word, text_width(word, size)
        lines.append(current)
    return lines


class Band(Flowable):
    """A full-width reversed band, white on black, with an icon and the state word: STOP and RESCUE only.

    Nothing else on the sheet is printed white on black, so it stands out on a grey laser print.
    """

    WORD_PT, TEXT_PT, LEADING, PAD = 16, 10, 12.2, 5

    def __init__(self, ink: Ink, word: str, text: str, quote: str | None = None, icon: str = "stop"):
        super().__init__()
        self.word, self.text, self.quote, self.icon = ink.label(word), ink.label(text), quote, icon
        if quote:
            ink.label(quote)

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.text_x = 22 + text_width(self.word, self.WORD_PT) + 12
        text_w = avail_width - self.text_x - self.PAD
        self.lines = [(line, self.TEXT_PT) for line in wrap_words(self.text, text_w, self.TEXT_PT)]
        if self.quote:
            self.lines += [(line, MIN_PT) for line in wrap_words(self.quote, text_w, MIN_PT)]
        self.height = max(2 * self.PAD + len(self.lines) * self.LEADING, 30)
        return self.width, self.height

    def draw(self):
        canvas, h = self.canv, self.height
        canvas.saveState()
        canvas.setFillColor(colors.black)
        canvas.rect(0, 0, self.width, h, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setStrokeColor(colors.white)
        middle = h / 2
        cx, r = 12, 8.5
        if self.icon == "stop":  # an octagon with a bar: the stop sign
            import math

            path = canvas.beginPath()
            for k in range(8):
                angle = math.pi / 8 + k * math.pi / 4
                point = (cx + r * math.cos(angle), middle + r * math.sin(angle))
                (path.moveTo if k == 0 else path.lineTo)(*point)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.rect(cx - 5, middle - 1.4, 10, 2.8, stroke=0, fill=1)
        else:  # a warning triangle with an exclamation mark
            path = canvas.beginPath()
            path.moveTo(cx, middle + r)
            path.lineTo(cx + r, middle - r * 0.8)
            path.lineTo(cx - r, middle - r * 0.8)
            path.close()
            canvas.drawPath(path, stroke=0, fill=1)
            canvas.setFillColor(colors.black)
            canvas.rect(cx - 0.9, middle - 1.5, 1.8, 6, stroke=0, fill=1)
            canvas.rect(cx - 0.9, middle - 4.6, 1.8, 1.8, stroke=0, fill=1)
        canvas.setFillColor(colors.white)
        canvas.setLineWidth(0.5)
        canvas._code.append("2 Tr")
        draw_text(canvas, 24, middle - self.WORD_PT * 0.36, self.word, self.WORD_PT)
        canvas._code.append("0 Tr")
        y = h - self.PAD - self.TEXT_PT
        for line, size in self.lines:
            draw_text(canvas, self.text_x, y, line, size)
            y -= self.LEADING
        canvas.restoreState()


class Blocked(Flowable):
    """The calendar of a patient who must not be dosed: no dose rows, no boxes, DO NOT DOSE across it."""

    def __init__(self, ink: Ink, words_: str, lines: list[str], days: list[str], height: float):
        super().__init__()
        self.words_ = ink.label(words_)
        self.items = [ink.label(line) for line in lines]
        self.days = [ink.label(d) for d in days]
        self.want_height = height

    def wrap(self, avail_width, avail_height):
        self.width = avail_width
        self.size = 22
        while text_width(self.words_, self.size) > avail_width - 16 and self.size > 12:
            self.size -= 1
        self.item_lines = [line for item in self.items for line in wrap_words(item, avail_width - 20, MIN_PT)]
        need = 40 + self.size * 1.4 + len(self.item_lines) * 11
        self.height = max(min(self.want_height, avail_height), need)
        return self.width, self.height

    def draw(self):
        canvas, w, h = self.canv, self.width, self.height
        canvas.saveState()
        canvas.setLineWidth(3)
        canvas.rect(0, 0, w, h, stroke=1, fill=0)
        canvas.setLineWidth(1.5)
        canvas.line(0, 0, w, h)
        canvas.line(0, h, w, 0)
        top = h - 12
        canvas.setFillColor(colors.white)
        block_h = self.size * 1.4 + 14 + len(self.item_lines) * 11
        canvas.rect(8, top - block_h, w - 16, block_h, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setLineWidth(0.8)
        canvas._code.append("2 Tr")
        draw_text(canvas, w / 2, top - self.size, self.words_, self.size, anchor="middle")
        canvas._code.append("0 Tr")
        y = top - self.size * 1.4 - 8
        for line in self.item_lines:
            draw_text(canvas, 10, y, line, MIN_PT)
            y -= 11
        canvas.restoreState()


class PageMark(Flowable):
    """Takes no room; remembers the page it was drawn on (the calendar must end on page 1)."""

    def __init__(self):
        super().__init__()
        self.width = self.height = 0
        self.page: int | None = None

    def wrap(self, avail_width, avail_height):
        return 0, 0

    def draw(self):
        self.page = self.canv.getPageNumber()


class GivenBoxes(Flowable):
    """The Given cell of one day: a box level with each dose line that is to be given, none for a dose
    that is not (HELD); the rest of the cell is for the initials."""

    def __init__(self, lines: list[Flowable], give: list[bool], dose_width: float, side: float = 3.2 * mm,
                 drop: float = 1):
        super().__init__()
        self.lines, self.give, self.dose_width, self.side = lines, give, dose_width, side
        self.drop = drop  # points below the line's middle (level with the text's baseline side)

    def wrap(self, avail_width, avail_height):
        self.heights = [line.wrap(self.dose_width, 10_000)[1] for line in self.lines]
        self.width, self.height = avail_width, sum(self.heights)
        return self.width, self.height

    def draw(self):
        canvas, top = self.canv, self.height
        canvas.saveState()
        canvas.setLineWidth(0.9)
        for height, give in zip(self.heights, self.give):
            if give:
                canvas.rect(0, top - height + (height - self.side) / 2 - self.drop, self.side, self.side, stroke=1, fill=0)
            top -= height
        canvas.restoreState()
