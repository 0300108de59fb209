"""PySide6's check of every imported module, answered without keeping every module's source in memory.

Since PYSIDE-2029, PySide6's import hook (``shibokensupport.feature``) asks of every module imported
after it whether its source mentions "PySide6", through ``inspect.getsource``. That reads each
file through ``linecache``, which then keeps the source lines of every module of the program,
pydantic and the standard library in memory for the life of the process: ~8 MiB and ~5 % of a
start showing a case (issue 17, measured with tracemalloc and cachegrind).

:func:`install` replaces that check with the same question asked of the file's bytes (a module
without a ``.py`` file, e.g. a builtin, a compiled extension or a frozen bundle's module, still goes
to PySide6's own check), and empties ``linecache`` of what the check put there before. Nothing else
changes: the answer per module is the same (``tests/ui/test_qt_import_hook.py`` compares them), and
``linecache`` still reads a file again when a traceback needs it. If a PySide6 version no longer has
the check, nothing is replaced.
"""

from __future__ import annotations

import linecache
import sys

_MARK = "_ctit_reads_bytes"


def uses_pyside(module, original) -> bool:
    """Whether ``module``'s source mentions PySide6, read from its ``.py`` file (else ``original``)."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str) or not path.endswith(".py"):
        return original(module)
    try:
        with open(path, "rb") as source:
            return b"PySide6" in source.read()
    except OSError:
        return original(module)


def install() -> bool:
    """Replace PySide6's per-module source check (once); True if it is in place."""
    feature = sys.modules.get("shibokensupport.feature")
    original = getattr(feature, "_mod_uses_pyside", None)
    if original is None or not callable(original):
        return False
    if getattr(original, _MARK, False):
        return True

    def _mod_uses_pyside(module) -> bool:
        return uses_pyside(module, original)

    setattr(_mod_uses_pyside, _MARK, True)
    _mod_uses_pyside.original = original
    feature._mod_uses_pyside = _mod_uses_pyside
    linecache.clearcache()  # what the check read for the modules imported before PySide6
    return True
