"""The one font the sheet prints with, and the rules that keep every character visible.

reportlab silently drops a character its font lacks, so a "2.5 mg" could lose its
"." or a Chinese patient id could print blank. The sheet therefore embeds one
TrueType-outline font covering Latin and CJK (WenQuanYi Micro Hei, shipped under
``resources/fonts/``) and passes every string through :func:`printable`:

* superscript digits the font lacks ("×10⁹/L") are printed as raised ordinary digits;
* any other character without a glyph is printed as a visible ``[U+XXXX]`` code
  instead of vanishing.

Tests check that the program's own strings never need the second rule.
"""

from __future__ import annotations

import re
import threading
from xml.sax.saxutils import escape

from ..i18n import _
from ..resources import resource_path

FONT_NAME = "CTITSheetFont"
FONT_FILE = ("fonts", "wqy-microhei.ttc")
FONT_SUBFONT = 0  # face 0 of the collection: "WenQuanYi Micro Hei" (1 is the monospaced face)

SUPERSCRIPT_DIGITS = {"⁰": "0", "¹": "1", "²": "2", "³": "3", "⁴": "4",
                      "⁵": "5", "⁶": "6", "⁷": "7", "⁸": "8", "⁹": "9"}
#: Characters the font lacks that have a same-looking stand-in it has.
STAND_INS = {"\u202f": "\u00a0", "\u2007": "\u00a0", "\t": " ", "\r": ""}
_SUPERSCRIPT_RUN = re.compile("[" + "".join(SUPERSCRIPT_DIGITS) + "]+")
_AS_IS = frozenset(SUPERSCRIPT_DIGITS) | {"\n"}  # kept by printable() though the font has no glyph

_lock = threading.Lock()
_registered: frozenset[int] | None = None  # code points of the face loaded now
_font = None  # the registered TTFont
_full = False  # whether its face is the full font (else the program's subset: subset_font.py)


def font_path():
    return resource_path(*FONT_FILE)


def _load_face(path, subfont: int):
    from reportlab.pdfbase.ttfonts import TTFontFace

    try:
        return TTFontFace(str(path), subfontIndex=subfont)
    except Exception as exc:  # a missing or damaged font file must not print blanks
        from ..core.errors import InputError

        raise InputError([_("sheet font {path}: cannot be loaded ({why})", path=path, why=exc)]) from None


def register_font() -> str:
    """Register the sheet font with reportlab once per process; returns its name.

    The face loaded first is the subset of the program's own characters (``subset_font.py``:
    ~15 ms instead of ~250 ms for the 5 MB collection) when it is there; the full font replaces
    it the first time a string needs a character outside it (:func:`has_glyph`). Both print the
    same bytes: the subset's glyphs, metrics and embedded tables are the full font's.
    """
    global _registered, _font, _full
    with _lock:
        if _registered is None:
            from reportlab.lib.fonts import addMapping
            from reportlab.pdfbase import pdfmetrics
            from reportlab.pdfbase.ttfonts import TTFont

            from .subset_font import SUBFONT_NAME, subset_path

            subset = subset_path()
            font = None
            if subset.is_file():
                try:
                    font = TTFont(FONT_NAME, str(subset))
                    font.face.subfontNameX = SUBFONT_NAME  # named in the PDF as the full font's face 0 is
                except Exception:  # a damaged subset: the full font prints the same
                    font = None
            full = font is None
            if full:
                path = font_path()
                try:
                    font = TTFont(FONT_NAME, str(path), subfontIndex=FONT_SUBFONT)
                except Exception as exc:  # a missing or damaged font file must not print blanks
                    from ..core.errors import InputError

                    raise InputError([_("sheet font {path}: cannot be loaded ({why})", path=path, why=exc)]) \
                        from None
            face = font.face
            pdfmetrics.registerFont(font)
            # <b>/<i> in any paragraph map to the same face: no fallback font can sneak in.
            for bold in (0, 1):
                for italic in (0, 1):
                    addMapping(FONT_NAME, bold, italic, FONT_NAME)
            _registered, _font, _full = frozenset(face.charToGlyph), font, full
    return FONT_NAME


def load_full_font() -> None:
    """Replace the subset face by the full font (once per process; nothing changes in what is printed)."""
    global _registered, _full
    if _registered is None:
        register_font()
    with _lock:
        if not _full:
            face = _load_face(font_path(), FONT_SUBFONT)
            _font.face = face
            _registered, _full = frozenset(face.charToGlyph), True


def has_glyph(code: int) -> bool:
    """Whether the sheet font draws code point ``code`` (loading the full font when the subset lacks it)."""
    if _registered is None:
        register_font()
    if code in _registered:
        return True
    if not _full:
        load_full_font()
        return code in _registered
    return False


def char_map() -> frozenset[int]:
    """Code points the sheet font (the full font) has a glyph for."""
    load_full_font()
    return _registered


def glyph_form(text: str) -> str:
    """The characters that actually reach the font: superscript digits as ordinary digits."""
    return "".join(SUPERSCRIPT_DIGITS.get(ch, STAND_INS.get(ch, ch)) for ch in text)


def missing_glyphs(text: str) -> set[str]:
    """Characters of ``text`` that would print as nothing (line breaks are layout, not glyphs)."""
    return {ch for ch in glyph_form(text) if ch != "\n" and not has_glyph(ord(ch))}


#: characters printed as they are (printable ASCII: the font has them all); grows with each text checked
_as_is: set[str] = {chr(code) for code in range(32, 127)}


def printable(text: str) -> str:
    """``text`` with every character the font lacks made visible as ``[U+XXXX]``.

    Superscript digits are kept (they are drawn raised); line breaks are kept.
    """
    if _as_is.issuperset(text):  # the common case: every character known to be drawn as it is
        return text
    chars = set(text)
    if chars.isdisjoint(STAND_INS):  # the next most common: every character drawn as it is
        if _registered is None:
            register_font()
        if all(ch in _AS_IS or ord(ch) in _registered for ch in chars):
            _as_is.update(chars)  # a glyph, once there, stays (the full font only adds glyphs)
            return text
    out = []
    for ch in text:
        ch = STAND_INS.get(ch, ch)
        if ch in SUPERSCRIPT_DIGITS or ch == "\n" or not ch or has_glyph(ord(ch)):
            out.append(ch)
        elif ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0:
            out.append(" ")
        else:
            out.append(f"[U+{ord(ch):04X}]")
    return "".join(out)


def markup(text: str, size: float) -> str:
    """Paragraph mini-HTML for plain text: escaped, superscripts raised, line breaks kept."""
    safe = escape(printable(text))
    if safe.isascii():
        return safe.replace("\n", "<br/>")
    raised = _SUPERSCRIPT_RUN.sub(
        lambda m: f'<super rise="{size * RISE:g}" size="{size:g}">'
                  + "".join(SUPERSCRIPT_DIGITS[c] for c in m.group()) + "</super>",
        safe,
    )
    return raised.replace("\n", "<br/>")


RISE = 0.33  # superscript baseline shift, as a share of the font size


def runs(text: str) -> list[tuple[str, bool]]:
    """``text`` as (piece, is_superscript) runs, for drawing on a canvas or in a chart."""
    if text.isascii():
        return [(text, False)] if text else []
    pieces: list[tuple[str, bool]] = []
    position = 0
    for match in _SUPERSCRIPT_RUN.finditer(text):
        if match.start() > position:
            pieces.append((text[position:match.start()], False))
        pieces.append(("".join(SUPERSCRIPT_DIGITS[c] for c in match.group()), True))
        position = match.end()
    if position < len(text):
        pieces.append((text[position:], False))
    return pieces


def segments(printed: str, size: float) -> list[tuple[str, bool, float]]:
    """(piece, is_superscript, width) for one line of text already passed through :func:`printable`."""
    return [(piece, raised, _piece_width(piece, size)) for piece, raised in runs(printed)]


_pieces: dict[tuple[str, float], float] = {}  # a run's width, as reportlab's stringWidth gives it, once per process


def _piece_width(piece: str, size: float) -> float:
    key = (piece, size)
    width = _pieces.get(key)
    if width is None:
        if _font is None:
            register_font()
        width = _font.stringWidth(piece, size)
        if len(_pieces) > 20_000:  # a long-running window: bounded
            _pieces.clear()
        _pieces[key] = width
    return width


_widths: dict[tuple[str, float], float] = {}  # the font's widths never change: measured once per process


def printed_width(printed: str, size: float) -> float:
    """The width of one line of text already passed through :func:`printable` (superscripts as digits)."""
    key = (printed, size)
    width = _widths.get(key)
    if width is None:
        if _font is None:
            register_font()
        if printed.isascii():
            width = _font.stringWidth(printed, size)
        else:
            width = sum(width for _, _, width in segments(printed, size))
        if len(_widths) > 20_000:  # a long-running window: bounded
            _widths.clear()
        _widths[key] = width
    return width


def text_width(text: str, size: float) -> float:
    return printed_width(printable(text), size)


_pdfcode = None  # the module pdfcode (reportlab's operators), bound at the first text drawn


def _load_pdfcode():
    global _pdfcode
    from . import pdfcode

    if _font is None:
        register_font()
    _pdfcode = pdfcode
    return pdfcode


def draw_runs(canvas, runs: list[tuple[float, float, list, float]], size: float, mode: int | None = None,
              leading: float | None = None) -> None:
    """Draw runs of text in one text object, superscripts raised.

    Each run is (x, y, pieces, word spacing): (x, y) its baseline start, pieces from
    :func:`runs` (or :func:`segments`: the widths are not needed); a negative word
    spacing narrows the spaces of a line that overruns its cell, as reportlab's
    Paragraph does. ``mode`` is a PDF text render mode for them all (2: fill and stroke,
    for bold). With ``leading`` every run ends with a move to the next line, as a
    Paragraph's lines do, so text extraction ends each line there too.
    """
    if not runs:
        return
    pdf = _pdfcode or _load_pdfcode()
    # the operators reportlab's beginText/setFont/_textOut/drawText write, written here (pdfcode.py)
    text = pdf.TextCode(pdf.encoder(canvas, _font), runs[0][0], runs[0][1], size,
                        size * 1.2 if leading is None else leading)
    if mode is not None:
        text.render_mode(mode)
    for index, (x, y, parts, word_space) in enumerate(runs):
        if index:
            text.origin(x, y)
        if word_space:
            text.op(word_space, "Tw")
        last = len(parts) - 1
        for number, (piece, raised, *_) in enumerate(parts):
            if raised:  # an invisible caret first: copied text reads ×10^9/L, not ×109/L
                text.render_mode(3)
                text.op(0, "Tz")
                text.out("^")
                text.op(100, "Tz")
                text.render_mode(0 if mode is None else mode)
                text.set_rise(size * RISE)
            text.out(piece, leading is not None and number == last)
            if raised:
                text.set_rise(0)
        if word_space:
            text.op(0, "Tw")
    canvas._code.append(text.finish())


def draw_line(canvas, x: float, y: float, text: str, size: float, leading: float) -> None:
    """``canvas.drawString(x, y, text)`` in the sheet font at ``size`` and ``leading``: the same operators."""
    pdf = _pdfcode or _load_pdfcode()
    code = pdf.TextCode(pdf.encoder(canvas, _font), x, y, size, leading)
    code.out(text, True)
    canvas._code.append(code.finish())


def draw_text(canvas, x: float, y: float, text: str, size: float, anchor: str = "start") -> float:
    """Draw ``text`` on a reportlab canvas at the baseline (x, y); returns the width drawn."""
    parts = segments(printable(text).replace("\n", " "), size)
    width = sum(w for _, _, w in parts)
    if anchor == "end":
        x -= width
    elif anchor == "middle":
        x -= width / 2
    draw_runs(canvas, [(x, y, parts, 0.0)], size)
    return width
