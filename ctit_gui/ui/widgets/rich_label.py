"""A rich-text label laid out before it is painted, from words laid out once (issue 17).

A QLabel showing rich text lays its words out when first asked for its size after a new text or
size. When nothing asked (the layouts remember the heights they need: ``_BannerText``,
``QuietLabel``), the paint lays them out, and doing so asks for another paint of the same label:
every banner, verdict word or chart legend whose words changed was drawn twice per edit, the second
time identical. A :class:`RichLabel` with a new text or size is laid out once, at its final size,
when its window is about to paint (its ``UpdateRequest``, after the layouts have given every widget
its place), so the paint finds the words laid out and draws them once.

Its words are parsed and laid out in a document kept for the next label showing the same words
(:class:`_Words`): a banner or legend text comes back whenever a count comes back (typed again, a
threshold crossed and crossed back), and parsing and shaping it anew was ~3 M instructions a text
(font fallback for ×10⁹, ≥, ━). The document is the one QLabel would make (its font, wrapping,
alignment and margin) and is measured and drawn as QLabel measures and draws its own, so the pixels
are QLabel's. A label QLabel draws differently — under a style sheet (whose colours only QLabel
knows), with margins, an indent or a frame, or while the user has selected some of its words — is
left to QLabel.

Documents are kept only once the program is in use (:func:`keep_words`: the clinician's first change).
Until then — a case opened, from the command line or the worklist, and painted — every label is
measured and drawn by QLabel itself, as before, and no document is kept: issue 17's memory target is
the peak with a case open, and the kept documents and the Python types they need were +0.2 MiB there.
"""

from __future__ import annotations

import math
from collections import OrderedDict
from typing import TYPE_CHECKING

from PySide6 import QtGui
from PySide6.QtCore import QEvent, QObject, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument
from PySide6.QtWidgets import QLabel

from .measured import Measured

if TYPE_CHECKING:
    from PySide6.QtCore import QSizeF

_pending: dict[int, "RichLabel"] = {}  # labels to lay out before their window's next paint
_QWIDGETSIZE_MAX = (1 << 24) - 1


class _Words:
    """One rich text as QLabel makes its document (``QLabelPrivate::ensureTextControl``,
    ``ensureTextPopulated``, ``ensureTextLayouted``), with the sizes measured on it per width."""

    __slots__ = ("document", "_width", "_sizes")

    def __init__(self, text: str, font, wrap: bool, alignment) -> None:
        document = QTextDocument()
        document.setUndoRedoEnabled(False)
        document.setDefaultFont(font)
        document.setHtml(text)
        option = document.defaultTextOption()
        option.setAlignment(alignment)
        wrap_mode = QtGui.QTextOption.WrapMode  # asked here: the type is made on first use (not at case open)
        option.setWrapMode(wrap_mode.WordWrap if wrap else wrap_mode.ManualWrap)
        document.setDefaultTextOption(option)
        document.setDocumentMargin(0)  # the root frame's margin, as QLabel sets it
        self.document = document
        self._width: float | None = None  # the text width it is laid out at (None: adjusted)
        self._sizes = Measured(32)  # per width: the widths of a window being resized

    def at(self, width: float) -> QTextDocument:
        """The document laid out at ``width`` (only when it is at another width: each is a layout)."""
        if self._width != width:
            self._width = width
            self.document.setTextWidth(width)
        return self.document

    def size(self, width: int, wrap: bool) -> QSizeF:
        """The document's size as QLabel measures it for ``width`` (-1: its own ideal width)."""
        return self._sizes.get_or_measure(width, self._measure, width, wrap)

    def _measure(self, width: int, wrap: bool) -> QSizeF:
        if not wrap:
            self.at(-1)
        elif width >= 0:
            self.at(width)
        else:  # QWidgetTextControl::adjustSize
            self._width = None
            self.document.adjustSize()
        return self.document.size()


class _Kept:
    """The documents of recent texts, the least recently used first; at most :attr:`KEPT`."""

    #: A ward's edits bring back the words of a few dozen counts (the benchmark's 40-value cycle:
    #: ~75 texts); each kept text is ~30–45 KiB laid out, so at most ~4 MiB.
    KEPT = 96

    def __init__(self) -> None:
        self._words: OrderedDict[tuple, _Words] = OrderedDict()
        #: Labels measure and draw from kept documents (:func:`keep_words`).
        self.in_use = False

    def get(self, text: str, font, wrap: bool, alignment) -> _Words:
        key = (text, font.toString(), wrap, alignment.value)
        words = self._words.get(key)
        if words is None:
            if len(self._words) >= self.KEPT:
                self._words.popitem(last=False)
            words = self._words[key] = _Words(text, font, wrap, alignment)
        else:
            self._words.move_to_end(key)
        return words

    def clear(self) -> None:
        self._words.clear()

    def __len__(self) -> int:
        return len(self._words)


kept_words = _Kept()


def keep_words() -> None:
    """The program is in use (the clinician changed something): from now on every rich label's words
    are kept for the next label showing them (a count typed back, a threshold crossed back)."""
    kept_words.in_use = True


class _BeforePaint(QObject):
    """On a window: lays out the pending labels as the window is about to paint."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.UpdateRequest and _pending:
            labels = list(_pending.values())
            _pending.clear()
            for label in labels:
                try:
                    label.lay_out()
                except RuntimeError:  # deleted meanwhile
                    pass
        return False


_before_paint = None


class RichLabel(QLabel):
    """A QLabel (rich text, wrapped or not) whose words are laid out before its paint, not by it,
    in a document kept for the next label showing the same words."""

    _laid_out_for: tuple[str, int, int] | None = None
    #: The words are laid out at the label's present size: measured (:meth:`measure`) since the last
    #: new text, size or style. Then there is nothing to lay out before the paint (issue 17).
    _fresh = False

    def setText(self, text: str) -> None:
        self._fresh = False
        super().setText(text)
        self._later()

    def resizeEvent(self, event) -> None:
        self._fresh = False
        super().resizeEvent(event)  # a new height too: Qt lays the words out again
        self._later()

    def changeEvent(self, event) -> None:
        self._fresh = False  # a new font or style: Qt lays the words out again
        super().changeEvent(event)

    # -- the words from a kept document, measured and drawn as QLabel does ----------------------

    def _words(self) -> _Words | None:
        """The kept document of this label's words, or None when QLabel is to measure and draw them."""
        if (not kept_words.in_use or self.textFormat() != Qt.TextFormat.RichText or self.margin()
                or self.indent() != -1 or self.frameWidth() or not self.contentsMargins().isNull()
                or self.hasSelectedText() or self.testAttribute(Qt.WidgetAttribute.WA_StyleSheet)):
            return None  # (the style sheet asked by attribute: self.style()'s Python wrapper costs ~0.3 MiB)
        return kept_words.get(self.text(), self.font(), self.wordWrap(), self.alignment())

    def _size_for_width(self, words: _Words, width: int) -> QSize:
        """``QLabelPrivate::sizeForWidth`` of a text label without margin, indent or frame."""
        if self.minimumWidth() > 0:
            width = max(width, self.minimumWidth())
        size = words.size(max(width, 0) if width >= 0 else -1, self.wordWrap())
        return QSize(math.ceil(size.width()), math.ceil(size.height())).expandedTo(self.minimumSize())

    def heightForWidth(self, width: int) -> int:
        words = self._words()
        if words is None:
            return QLabel.heightForWidth(self, width)
        return self._size_for_width(words, width).height()

    def sizeHint(self) -> QSize:
        words = self._words()
        if words is None:
            return QLabel.sizeHint(self)
        self.ensurePolished()
        return self._size_for_width(words, -1)

    def minimumSizeHint(self) -> QSize:
        """``QLabel::minimumSizeHint``: one line's height (at most the hint's), the widest word's width."""
        words = self._words()
        if words is None:
            return QLabel.minimumSizeHint(self)
        self.ensurePolished()
        hint = self._size_for_width(words, -1)
        height = min(self._size_for_width(words, _QWIDGETSIZE_MAX).height(), hint.height())
        return QSize(self._size_for_width(words, 0).width(), height)

    def paintEvent(self, event) -> None:
        """``QLabel::paintEvent`` of a rich text: the document at the label's width, centred
        vertically as aligned, in the palette's text colour (the foreground role's)."""
        words = self._words()
        if words is None:
            QLabel.paintEvent(self, event)
            return
        painter = QPainter(self)
        self.drawFrame(painter)
        area = QRectF(self.contentsRect())
        document = words.at(area.width())
        height = document.documentLayout().documentSize().height()
        top = 0.0
        if self.alignment() & Qt.AlignmentFlag.AlignVCenter:
            top = max((area.height() - height) / 2, 0.0)
        elif self.alignment() & Qt.AlignmentFlag.AlignBottom:
            top = max(area.height() - height, 0.0)
        place = QRectF(area.x(), top + area.y(), area.width(), area.height()).toAlignedRect()
        context = QAbstractTextDocumentLayout.PaintContext()
        palette = self.palette()  # QStyleOption::initFrom's
        if self.foregroundRole() != QPalette.ColorRole.Text and self.isEnabled():
            palette.setColor(QPalette.ColorRole.Text, palette.color(self.foregroundRole()))
        context.palette = palette
        painter.translate(place.topLeft())
        painter.setClipRect(place.translated(-place.x(), -place.y()))
        document.documentLayout().draw(painter, context)
        painter.end()

    def measure(self, width: int) -> int:
        """QLabel's height for ``width``. Of a label QLabel draws: Qt lays the words out at the
        label's own size first (what its paint needs) and keeps that layout: a label measured after
        its last new text, size or style has nothing left to lay out before its paint — each layout
        of these words is ~0.15 ms, and :meth:`lay_out` would have done two more (issue 17)."""
        height = RichLabel.heightForWidth(self, width)
        self._fresh = True
        return height

    def _later(self) -> None:
        global _before_paint
        window = self.window()
        if not getattr(window, "_lays_out_rich_labels", False):
            if _before_paint is None:
                _before_paint = _BeforePaint()
            window.installEventFilter(_before_paint)
            window._lays_out_rich_labels = True
        _pending[id(self)] = self

    def lay_out(self) -> None:
        """The words laid out now at the label's size (once per text and size), when QLabel draws
        them; a kept document is laid out at the label's width by the paint, which asks for none other."""
        key = (self.text(), self.width(), self.height())
        if self._fresh:
            self._laid_out_for = key
        elif self._laid_out_for != key and self.isVisible():
            self._laid_out_for = key
            if self._words() is None:
                QLabel.heightForWidth(self, self.width())

