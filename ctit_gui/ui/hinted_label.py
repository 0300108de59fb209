"""Labels whose size hints are remembered per look (issue 17).

QLabel works its size hints out again after every new text: a word-wrapped label lays its words out
three to five times (the narrowest width keeping the height, one line, the widest word), a rich-text
one lays out its document as often. The verdict, its explanation and the header's chips take turns
between a few texts as a count crosses a threshold; their hints are the same each time the same
words come back, so they are remembered per everything QLabel's hints follow from.
"""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QLabel


class HintedLabelMixin:
    """``sizeHint`` and ``minimumSizeHint`` of a QLabel, remembered per (text, font, style sheets
    around it, margins, wrapping, alignment, size policy, minimum and maximum size, screen
    resolution). The program sets no other style once a window exists. Put before the QLabel class."""

    _hints: dict

    def _hint_key(self, minimum: bool) -> tuple:
        margins = self.contentsMargins()
        return (minimum, self.text(), self.font().key(), self._sheets(), self.wordWrap(), self.alignment(),
                self.indent(), self.margin(), margins.left(), margins.top(), margins.right(), margins.bottom(),
                self.sizePolicy().horizontalPolicy(), self.sizePolicy().verticalPolicy(),
                self.minimumWidth(), self.minimumHeight(), self.maximumWidth(), self.maximumHeight(),
                self.textFormat(), self.logicalDpiX(), self.logicalDpiY())

    def _sheets(self) -> tuple[str, ...]:
        """The style sheets of the label and of every widget around it (a verdict's new colours are
        a new style sheet of the banner around its words)."""
        sheets, widget = [], self
        while widget is not None:
            sheets.append(widget.styleSheet())
            widget = widget.parentWidget()
        return tuple(sheets)

    def _hint(self, minimum: bool) -> QSize:
        hints = self.__dict__.setdefault("_hints", {})
        key = self._hint_key(minimum)
        hint = hints.get(key)
        if hint is None:
            if len(hints) > 32:
                hints.clear()
            hint = hints[key] = QLabel.minimumSizeHint(self) if minimum else QLabel.sizeHint(self)
        return QSize(hint)

    def sizeHint(self) -> QSize:
        return self._hint(False)

    def minimumSizeHint(self) -> QSize:
        return self._hint(True)


class HintedLabel(HintedLabelMixin, QLabel):
    """A QLabel with remembered size hints."""
