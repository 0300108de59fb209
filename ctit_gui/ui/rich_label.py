"""A rich-text label laid out before it is painted (issue 17).

A QLabel showing rich text lays its words out when first asked for its size after a new text or
width. When nothing asked (the layouts remember the heights they need: ``_BannerText``,
``QuietLabel``), the paint lays them out, and doing so asks for another paint of the same label:
every banner, verdict word or chart legend whose words changed was drawn twice per edit, the second
time identical. :class:`RichLabel` asks its own height at its width once per new text or size,
so the paint finds the words laid out and draws them once.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel


class RichLabel(QLabel):
    """A QLabel (rich text, wrapped or not) whose words are laid out as soon as its text or width
    is new, not by its paint."""

    _laid_out_for: tuple[str, int, int] | None = None

    def setText(self, text: str) -> None:
        super().setText(text)
        if self.isVisible():  # hidden: laid out when it gets its size on being shown
            self._lay_out(self.width(), self.height())

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)  # a new height too: Qt lays the words out again
        self._lay_out(event.size().width(), event.size().height())

    def _lay_out(self, width: int, height: int) -> None:
        key = (self.text(), width, height)
        if self._laid_out_for != key:
            self._laid_out_for = key
            QLabel.heightForWidth(self, width)
