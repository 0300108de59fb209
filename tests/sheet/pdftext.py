"""Reading a sheet back: its text, and where each piece of text sits, per calendar day."""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader

MM = 72 / 25.4
DAY_COLUMN_RIGHT = (15 + 12) * MM  # left margin + Day column, with room for scaling to Letter
DAY_NUMBER_SIZE = 10  # the calendar prints day numbers at 10 pt


@dataclass(frozen=True)
class Fragment:
    page: int
    x: float
    y: float
    size: float
    text: str


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


def fragments(pdf: bytes) -> list[Fragment]:
    found: list[Fragment] = []
    for number, page in enumerate(reader(pdf).pages):
        def visit(text, cm, tm, font, size, number=number):
            if not text.strip():
                return
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Fragment(number, x, y, size * (cm[3] or 1), text))

        page.extract_text(visitor_text=visit)
    return found


def day_of_fragments(pdf: bytes, needle: str, only_calendar: bool = True) -> list[int]:
    """For every text piece containing ``needle`` right of the Day column: the calendar day of its row.

    With ``only_calendar`` a piece outside the calendar is an error; without, it is skipped.

    A row runs from its day number's baseline (plus a little) down to the next day number on
    the same page; the last row of a page is allowed 60 points.
    """
    pieces = fragments(pdf)
    anchors = sorted(
        ((f.page, f.y, int(f.text.strip())) for f in pieces
         if f.text.strip().isdigit() and 1 <= int(f.text.strip()) <= 14
         and f.x < DAY_COLUMN_RIGHT and abs(f.size - DAY_NUMBER_SIZE) < 0.1),
        key=lambda a: (a[0], -a[1]),
    )
    days = []
    for piece in pieces:
        if needle not in piece.text or piece.x < DAY_COLUMN_RIGHT:
            continue
        on_page = [a for a in anchors if a[0] == piece.page]
        for index, (_, top, day) in enumerate(on_page):
            bottom = on_page[index + 1][1] + 4 if index + 1 < len(on_page) else top - 60
            if bottom < piece.y <= top + 4:
                days.append(day)
                break
        else:
            if not only_calendar:
                continue
            raise AssertionError(f"{needle!r} at page {piece.page} y={piece.y:.1f} is in no calendar row")
    return days


def page_count(pdf: bytes) -> int:
    return len(reader(pdf).pages)


def pdffonts(path: Path) -> list[list[str]]:
    """Rows of `pdffonts` output (name, type, encoding, emb, sub, uni, object, generation)."""
    tool = shutil.which("pdffonts")
    assert tool, "pdffonts (poppler-utils) is required: scripts/setup.sh --test installs it"
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    return [line.split() for line in out.splitlines()[2:] if line.strip()]


def page_size(pdf: bytes, page: int = 0) -> tuple[float, float]:
    box = reader(pdf).pages[page].mediabox
    return float(box.width), float(box.height)


def text_outside(pdf: bytes, margin_mm: float = 15) -> list[str]:
    """Every text piece that starts or ends within ``margin_mm`` of the paper's edge (or beyond it)."""
    from ctit_gui.sheet.fonts import text_width

    width, height = page_size(pdf)
    edge = margin_mm * MM - 0.5
    bad = []
    for piece in fragments(pdf):
        right = piece.x + text_width(piece.text.rstrip("\n").replace("^", ""), piece.size) - 1  # "^" takes no room
        if piece.x < edge or right > width - edge or piece.y < edge or piece.y + piece.size > height - edge:
            bad.append(f"page {piece.page + 1} x={piece.x:.0f}..{right:.0f} y={piece.y:.0f}: {piece.text!r}")
    return bad


def day_numbers_on_page(pdf: bytes, page: int) -> list[int]:
    return sorted(int(f.text.strip()) for f in fragments(pdf)
                  if f.page == page and f.text.strip().isdigit() and 1 <= int(f.text.strip()) <= 14
                  and f.x < DAY_COLUMN_RIGHT and abs(f.size - DAY_NUMBER_SIZE) < 0.1)


def text_lines(pdf: bytes) -> list[Fragment]:
    """The printed lines in drawing order: pieces pypdf reports apart on one baseline, joined.

    pypdf may report one drawn line as several pieces (each at the line's start or where the
    previous piece ended); a piece further right on the same baseline is another cell's text.
    """
    from ctit_gui.sheet.fonts import text_width

    joined: list[Fragment] = []
    for piece in fragments(pdf):
        if joined:
            last = joined[-1]
            end = last.x + text_width(last.text.rstrip("\n").replace("^", ""), last.size)
            if piece.page == last.page and abs(piece.y - last.y) < 0.5 and piece.x <= end + 1 \
                    and abs(piece.size - last.size) < 0.1:
                joined[-1] = Fragment(last.page, last.x, last.y, last.size, last.text.rstrip("\n") + piece.text)
                continue
        joined.append(piece)
    return joined


def vertical_rules(pdf: bytes) -> list[tuple[int, float, float, float]]:
    """(page, x, y_low, y_high) of every vertical line and rectangle side drawn: the cells' edges."""
    found: list[tuple[int, float, float, float]] = []
    for number, page in enumerate(reader(pdf).pages):
        state = {"at": None}

        def point(x, y, cm):
            return x * cm[0] + y * cm[2] + cm[4], x * cm[1] + y * cm[3] + cm[5]

        def visit(op, args, cm, tm, number=number, state=state):
            if op == b"m":
                state["at"] = point(float(args[0]), float(args[1]), cm)
            elif op == b"l" and state["at"] is not None:
                x0, y0 = state["at"]
                x1, y1 = point(float(args[0]), float(args[1]), cm)
                if abs(x1 - x0) < 0.01 and abs(y1 - y0) > 0.01:
                    found.append((number, x0, min(y0, y1), max(y0, y1)))
                state["at"] = (x1, y1)
            elif op == b"re":
                x, y, w, h = (float(a) for a in args)
                (xa, ya), (xb, yb) = point(x, y, cm), point(x + w, y + h, cm)
                for side in (xa, xb):
                    found.append((number, side, min(ya, yb), max(ya, yb)))

        page.extract_text(visitor_operand_before=visit)
    return found


def text_across_rules(pdf: bytes) -> list[str]:
    """Every printed line that runs across a vertical rule (out of its cell, past a box's side)."""
    from ctit_gui.sheet.fonts import text_width

    rules = vertical_rules(pdf)
    bad = []
    for line in text_lines(pdf):
        text = line.text.rstrip("\n").replace("^", "")
        right = line.x + text_width(text, line.size)
        low, high = line.y - 1, line.y + line.size * 0.7  # the glyphs' body: baseline to x-height and a bit
        for page, x, y0, y1 in rules:
            if page == line.page and line.x + 0.5 < x < right - 0.5 and y0 < high and y1 > low:
                bad.append(f"page {page + 1} x={line.x:.0f}..{right:.0f} y={line.y:.0f} crosses x={x:.0f}: {text!r}")
                break
    return bad
