"""A rich-text label laid out before it is painted (issue 17).

A QLabel showing rich text lays its words out when first asked for its size after a new text or
size. When nothing asked (the layouts remember the heights they need: ``_BannerText``,
``QuietLabel``), the paint lays them out, and doing so asks for another paint of the same label:
every banner, verdict word or chart legend whose words changed was drawn twice per edit, the second
time identical. A :class:`RichLabel` with a new text or size is laid out once, at its final size,
when its window is about to paint (its ``UpdateRequest``, after the layouts have given every widget
its place), so the paint finds the words laid out and draws them once.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLabel

_pending: dict[int, "RichLabel"] = {}  # labels to lay out before their window's next paint


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
    """A QLabel (rich text, wrapped or not) whose words are laid out before its paint, not by it."""

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

    def measure(self, width: int) -> int:
        """QLabel's height for ``width``. Qt lays the words out at the label's own size first (what
        its paint needs) and keeps that layout: a label measured after its last new text, size or
        style has nothing left to lay out before its paint — each layout of these words is ~0.15 ms,
        and :meth:`lay_out` would have done two more (issue 17)."""
        height = QLabel.heightForWidth(self, width)
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
        """The words laid out now at the label's size (once per text and size)."""
        key = (self.text(), self.width(), self.height())
        if self._fresh:
            self._laid_out_for = key
        elif self._laid_out_for != key and self.isVisible():
            self._laid_out_for = key
            QLabel.heightForWidth(self, self.width())
