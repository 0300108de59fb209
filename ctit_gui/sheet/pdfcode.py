"""The sheet's text and numbers written into the page streams the way reportlab writes them, faster.

A warm sheet build spent about a third of its instructions in two pure-Python parts of reportlab
(issue 17; without its separate C accelerator): ``fp_str``, which formats every coordinate of every
text position, rule and box, and the text object's per-run work (``PDFTextObject`` set-up,
``TTFont.splitString`` mapping each character to the embedded subset's code, ``escapePDF`` per
byte). This module writes the very same operators, character for character:

* :func:`fp_str` — reportlab's number formatting, remembered per argument tuple (a sheet's
  coordinates repeat from build to build); used by reportlab's drawing modules too while the
  program builds its own document (:func:`remembered_numbers`), so the rules, boxes and colours reportlab
  writes for it use it; any other reportlab document in the process is left as it was.
* :class:`TextCode` — one ``BT … ET`` text object, as ``beginText``/``setFont``/``setTextOrigin``/
  ``_textOut``/``drawText`` build it. A document's characters already given a code in its font
  subset (reportlab's own ``splitString`` gives each its code the first time) are encoded and
  escaped by one ``str.translate`` (:func:`encoder`, one per document); any other string goes through
  ``splitString`` as before.

tests/sheet/test_pdfcode.py compares both against reportlab's own code for the same calls.
"""

from __future__ import annotations

import sys
import threading
from contextlib import contextmanager

from reportlab.lib.rl_accel import escapePDF
from reportlab.lib.rl_accel import fp_str as _reportlab_fp_str

_lock = threading.Lock()
_numbers: dict[tuple, str] = {}
_LIMIT = 50_000  # a long-running window: bounded


def fp_str(*args) -> str:
    """reportlab's ``fp_str`` (space-separated numbers, at most 6 significant decimals), remembered."""
    try:
        return _numbers[args]
    except KeyError:
        pass
    except TypeError:  # a list argument: not remembered
        return _reportlab_fp_str(*args)
    text = _reportlab_fp_str(*args)
    if len(_numbers) > _LIMIT:
        _numbers.clear()
    _numbers[args] = text
    return text


#: reportlab modules that format numbers for the page with ``fp_str`` (imported by name there).
_FP_MODULES = ("reportlab.pdfgen.canvas", "reportlab.pdfgen.textobject", "reportlab.pdfgen.pathobject",
               "reportlab.lib.colors", "reportlab.pdfbase.pdfdoc", "reportlab.platypus.flowables",
               "reportlab.platypus.tables")
_users = 0


@contextmanager
def remembered_numbers():
    """While the program builds one of its documents, reportlab's drawing modules format numbers with the
    remembered :func:`fp_str` (the same text); outside it reportlab is as it was, for any other user."""
    global _users
    import importlib

    with _lock:
        if _users == 0:
            for name in _FP_MODULES:
                module = importlib.import_module(name)
                if getattr(module, "fp_str", None) is _reportlab_fp_str:
                    module.fp_str = fp_str
        _users += 1
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                for name in _FP_MODULES:
                    module = sys.modules[name]
                    if getattr(module, "fp_str", None) is fp_str:
                        module.fp_str = _reportlab_fp_str


class _Encoder:
    """One document's characters in the embedded font's subset 0, as escaped PDF string text."""

    __slots__ = ("font", "doc", "table", "known", "names")

    def __init__(self, font, doc):
        self.font, self.doc = font, doc
        self.table: dict[int, str] = {}  # code point -> its subset code, escaped as escapePDF writes it
        self.known: set[str] = set()  # characters in ``table``
        self.names: dict[int, str] = {}

    def chunks(self, text: str) -> list[tuple[int, str]]:
        """(subset, escaped string) pieces of ``text``, as ``splitString`` + ``escapePDF`` give them."""
        if not text:
            return []
        if self.known.issuperset(text):
            return [(0, text.translate(self.table))]
        pieces = [(subset, escapePDF(data)) for subset, data in self.font.splitString(text, self.doc)]
        assignments = self.font.state[self.doc].assignments
        for ch in set(text):
            code = assignments.get(32 if ch == "\u00a0" else ord(ch))  # splitString prints a no-break space as a space
            if code is not None and code < 256:
                self.table[ord(ch)] = _ESCAPED[code]
                self.known.add(ch)
        return pieces

    def name(self, subset: int) -> str:
        found = self.names.get(subset)
        if found is None:
            found = self.names[subset] = self.font.getSubsetInternalName(subset, self.doc)
        return found


#: each subset code as escapePDF writes it
_ESCAPED: list[str] = [escapePDF(bytes([code])) for code in range(256)]


def encoder(canvas, font) -> _Encoder:
    """The encoder of ``canvas``'s document for ``font`` (made at its first text)."""
    doc = canvas._doc
    found = getattr(doc, "_ctit_encoder", None)
    if found is None or found.font is not font:
        found = _Encoder(font, doc)
        doc._ctit_encoder = found
    return found


class TextCode:
    """The operators of one text object, built as reportlab's ``PDFTextObject`` builds them."""

    __slots__ = ("code", "enc", "size", "tmpl", "subset", "mode", "rise")

    def __init__(self, enc: _Encoder, x: float, y: float, size: float, leading: float):
        self.code = ["BT", f"1 0 0 1 {fp_str(x, y)} Tm"]
        self.enc, self.size = enc, size
        self.tmpl = f"{fp_str(size)} Tf {fp_str(leading)} TL"
        self.subset, self.mode, self.rise = -1, 0, 0

    def origin(self, x: float, y: float) -> None:
        self.code.append(f"1 0 0 1 {fp_str(x, y)} Tm")

    def render_mode(self, mode: int) -> None:  # modes 0-3 only: no clipping
        if self.mode != mode:
            self.mode = mode
            self.code.append("%d Tr" % mode)

    def op(self, value: float, operator: str) -> None:
        self.code.append(f"{fp_str(value)} {operator}")

    def set_rise(self, rise: float) -> None:
        value = f"{fp_str(rise)} Ts"
        if self.code[-1].endswith(" Ts"):
            self.code[-1] = value
        else:
            self.rise = rise
            self.code.append(value)

    def out(self, text: str, line_end: bool = False) -> None:
        """``_textOut(text, TStar)`` (and ``textLine`` with ``line_end``)."""
        parts = []
        for subset, escaped in self.enc.chunks(text):
            if subset != self.subset:
                parts.append(f"{self.enc.name(subset)} {self.tmpl}")
                self.subset = subset
            parts.append(f"({escaped}) Tj")
        joined = " ".join(parts)
        self.code.append(f"{joined} T*" if line_end else joined)

    def finish(self) -> str:
        self.code.append("ET")
        return " ".join(self.code)
