"""Work around PySide6 6.12 dropping references to None, True and False on CPython < 3.12.

Measured here (PySide6 6.12.0, CPython 3.11.7): every ``Signal.emit()`` from Python
releases one reference to ``True`` it never took; every invalid QVariant handed to
Python (``QComboBox.currentData()`` of an entry holding ``None``), every ``None``
handed to Qt as a QVariant, and every ``None`` a model's ``data()`` returns to a view
releases one reference to ``None``. Python 3.12 made these objects immortal, so the
bug is harmless there; on 3.11 ``True`` starts with ~50 references and the process
aborts ("Fatal Python error: bool_dealloc") after ~50 emits.

These three objects are statically allocated and never freed, so giving them a large
reference reserve cannot leak or corrupt anything; it only keeps the count from
reaching zero. ``ensure()`` tops the reserve up; the window calls it on every
recomputation. Remove this module once the program runs on Python ≥ 3.12 or a fixed
PySide6.
"""

from __future__ import annotations

import sys

#: References added to each singleton: at 100,000 lost references a second this lasts 4 months.
RESERVE = 1 << 40

_ACTIVE = sys.implementation.name == "cpython" and sys.version_info < (3, 12)


def needed() -> bool:
    return _ACTIVE


def ensure() -> None:
    """Give None, True and False a reference reserve again if it has run low."""
    if not _ACTIVE:
        return
    import ctypes

    for singleton in (None, True, False):
        count = ctypes.c_ssize_t.from_address(id(singleton))  # ob_refcnt is PyObject's first field
        if count.value < RESERVE // 2:
            count.value += RESERVE


ensure()
