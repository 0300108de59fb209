"""The PySide6 window over the clinical core; nothing here decides a clinical result.

Importing the package first applies :mod:`.refcount_guard` (a PySide6 6.12 / CPython 3.11
reference-count bug that would otherwise abort the window).
"""

from . import refcount_guard as _refcount_guard  # noqa: F401  (applied on import)
