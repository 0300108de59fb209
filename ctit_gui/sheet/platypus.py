"""reportlab's platypus, imported without compiling the regular expressions the sheet never uses.

Importing ``reportlab.platypus`` compiles a few large regular expressions at module level:
a URL matcher over every character U+00A1–U+FFFF, case-insensitive (paragraph.py), a CJK
splitter (lib/textsplit.py), a Python-source colouriser (lib/PyFontify.py, for XPreformatted).
Compiling them is ~420 M instructions, more than half of the import and about a quarter of a
whole ``main.py sheet`` process; the sheet uses none of them (links, hyphenation, Python
listings). While this module imports platypus, ``re.compile`` called from those reportlab
modules returns a pattern that compiles on first use instead, so nothing changes for code that
does use them: every method of the pattern is there, compiled the first time it is asked for.

Import platypus names from here (``from .platypus import Table``), never from reportlab directly,
so the first import of the package goes through :func:`_import`.
"""

from __future__ import annotations

import re
import sys
import threading

#: reportlab modules whose module-level patterns are compiled on first use.
LAZY_MODULES = frozenset({"reportlab.platypus.paragraph", "reportlab.lib.textsplit", "reportlab.lib.PyFontify"})


class _LazyPattern:
    """A compiled pattern made at its first use (any attribute: match, search, sub, split, pattern…)."""

    __slots__ = ("_args", "_compiled", "_lock")

    def __init__(self, pattern, flags):
        self._args = (pattern, flags)
        self._compiled = None
        self._lock = threading.Lock()

    def __getattr__(self, name):
        if self._compiled is None:
            with self._lock:
                if self._compiled is None:
                    self._compiled = _real_compile(*self._args)
        return getattr(self._compiled, name)


_real_compile = re.compile


def _import() -> None:
    if "reportlab.platypus" in sys.modules:
        return

    def compile_(pattern, flags=0):
        if sys._getframe(1).f_globals.get("__name__") in LAZY_MODULES:
            return _LazyPattern(pattern, flags)
        return _real_compile(pattern, flags)

    re.compile = compile_
    try:
        import reportlab.platypus  # noqa: F401
    finally:
        re.compile = _real_compile


_import()

from reportlab.platypus import (  # noqa: E402
    BaseDocTemplate, Flowable, Frame, KeepTogether, PageBreak, PageTemplate, Paragraph, Spacer, Table, TableStyle,
)

__all__ = ["BaseDocTemplate", "Flowable", "Frame", "KeepTogether", "PageBreak", "PageTemplate", "Paragraph",
           "Spacer", "Table", "TableStyle"]
