"""Widgets that remember what Qt measured for them, for the same words and the same look (issue 17).

A threshold crossing makes the layouts ask a label's size hints and heights, and a group box's least
size, again and again as the edit settles; QLabel and QGroupBox lay the words out anew for each answer.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize
from PySide6.QtWidgets import QGroupBox, QLabel, QWidget

from .measured import Measured


class SizedLabel(QLabel):
    """A label that remembers its size hints and heights per words (and width), as QLabel measures them.

    QLabel forgets its hints with each new text, and a word-wrapped label's hints lay its words out
    up to five times (its golden-ratio search and the narrowest width), its height once per width
    asked; the layouts ask again and again as an edit settles (18–20 heights per chip in a
    threshold crossing), and words come back whenever a count comes back (issue 17).

    What the sizes depend on besides the words, the width and the maximum width — the font and the
    contents margins (a style sheet's border and padding) — selects the sizes remembered: a chip's
    new colours (a new style sheet, re-polished: its font and margins unset and set again) find the
    sizes measured before under the same font and margins."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._contexts = Measured(8)  # the sizes per font and contents margins
        self._sizes: Measured | None = None  # of the present context: chosen when first asked

    def _context(self) -> Measured:
        """The sizes of the present font and contents margins (the contents rect within the rect)."""
        inner, outer = self.contentsRect(), self.rect()
        context = (self.font().key(), inner.left() - outer.left(), inner.top() - outer.top(),
                   outer.right() - inner.right(), outer.bottom() - inner.bottom(), self.layoutDirection())
        self._sizes = self._contexts.get_or_measure(context, Measured, 96)  # (96: a window being resized)
        return self._sizes

    def _sizes_now(self) -> Measured:
        return self._sizes if self._sizes is not None else self._context()

    def heightForWidth(self, width: int) -> int:
        return self._sizes_now().get_or_measure((self.text(), width), QLabel.heightForWidth, self, width)

    def sizeHint(self) -> QSize:
        return self._hint("hint", QLabel.sizeHint)

    def minimumSizeHint(self) -> QSize:
        return self._hint("minimum", QLabel.minimumSizeHint)

    def _hint(self, kind: str, measure) -> QSize:
        """QLabel's own hint (``measure``) of the present words and maximum width, measured once."""
        return QSize(self._sizes_now().get_or_measure((self.text(), kind, self.maximumWidth()), measure, self))

    def changeEvent(self, event) -> None:
        if event.type() in _RESIZING_CHANGES:
            self._sizes = None  # the context is read again when next asked
        super().changeEvent(event)


_RESIZING_CHANGES = (QEvent.Type.FontChange, QEvent.Type.StyleChange, QEvent.Type.ContentsRectChange,
                     QEvent.Type.LayoutDirectionChange)


class TitledBox(QGroupBox):
    """A group box that remembers its least size per least size of its contents.

    ``QGroupBox::minimumSizeHint`` measures its title's words every time (its width in the font: the
    words shaped anew, ~30 k instructions) and takes the larger of that and its contents' least size;
    the layouts and splitters ask it ~19 times as a threshold crossing settles (issue 17). The same
    answer for the same contents' least size, title, font and style."""

    def __init__(self, title: str = "", parent=None):
        super().__init__(title, parent)
        self._hints = Measured(32)  # per least size of the contents

    def minimumSizeHint(self) -> QSize:
        contents = QWidget.minimumSizeHint(self)  # the layout's least size, as QGroupBox expands to it
        return QSize(self._hints.get_or_measure((contents.width(), contents.height()), QGroupBox.minimumSizeHint, self))

    def setTitle(self, title: str) -> None:
        self._hints.clear()
        super().setTitle(title)

    def setCheckable(self, checkable: bool) -> None:
        self._hints.clear()
        super().setCheckable(checkable)

    def changeEvent(self, event) -> None:
        if event.type() in _RESIZING_CHANGES:
            self._hints.clear()
        super().changeEvent(event)
