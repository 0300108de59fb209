"""How legible a shown window's words are: each text's colour against the fill actually painted under
it (WCAG 2 contrast ratio), for labels, buttons, fields and the cells of the tables.

The text colour is the one the program paints the words in (the widget's palette role, or a cell's
ForegroundRole brush; a selected cell's HighlightedText); the fill is the colour most pixels of
the text's place have in a grab of the window (a banner's box, a cell's shade, the window's ground).
"""

from __future__ import annotations

from collections import Counter

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (QAbstractButton, QCheckBox, QComboBox, QLabel, QLineEdit, QRadioButton,
                               QTableView, QWidget)

Role = QPalette.ColorRole


def luminance(colour: QColor) -> float:
    """WCAG 2 relative luminance of an opaque sRGB colour."""
    def linear(channel: int) -> float:
        c = channel / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * linear(colour.red()) + 0.7152 * linear(colour.green()) + 0.0722 * linear(colour.blue())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG 2 contrast ratio (1 to 21)."""
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def is_dark(palette: QPalette) -> bool:
    """Light words on a darker window."""
    return palette.color(Role.Window).lightness() < palette.color(Role.WindowText).lightness()


def _fill(image: QImage, rect: QRect) -> QColor:
    """The commonest colour in ``rect`` of ``image`` (every second pixel each way)."""
    rect = rect.intersected(image.rect())
    counts = Counter(image.pixel(x, y) for y in range(rect.top(), rect.bottom() + 1, 2)
                     for x in range(rect.left(), rect.right() + 1, 2))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def _group(widget: QWidget) -> QPalette.ColorGroup:
    return QPalette.ColorGroup.Active if widget.isActiveWindow() else QPalette.ColorGroup.Inactive


def _text_role(widget: QWidget) -> Role | None:
    if isinstance(widget, QLabel):
        return widget.foregroundRole() if widget.text().strip() else None
    if isinstance(widget, QLineEdit):
        return Role.Text if widget.text().strip() else None
    if isinstance(widget, (QCheckBox, QRadioButton)):
        return Role.WindowText if widget.text().strip() else None
    if isinstance(widget, QAbstractButton):
        return Role.ButtonText if widget.text().strip() else None
    if isinstance(widget, QComboBox):
        return Role.ButtonText if widget.currentText().strip() and not widget.isEditable() else None
    return None


def words_on_fills(window: QWidget) -> list[tuple[object, str, QColor, QColor]]:
    """(where, what, text colour, fill under it) for every enabled, visible text of ``window``;
    where: the widget, or (table view, row, column) for a cell."""
    image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    found = []
    for widget in window.findChildren(QWidget):
        role = _text_role(widget)
        if role is None or not widget.isVisible() or not widget.isEnabled() or widget.visibleRegion().isEmpty():
            continue
        shown = widget.visibleRegion().boundingRect()
        place = QRect(widget.mapTo(window, shown.topLeft()), shown.size())
        text = widget.text() if hasattr(widget, "text") else widget.currentText()
        found.append((widget, f"{type(widget).__name__} {text[:40]!r}", widget.palette().color(_group(widget), role),
                      _fill(image, place)))
    for view in window.findChildren(QTableView):
        if not view.isVisible():
            continue
        viewport, model, palette = view.viewport(), view.model(), view.palette()
        group = _group(view)
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                text = index.data(Qt.ItemDataRole.DisplayRole)
                cell = view.visualRect(index).intersected(viewport.rect())
                if view.isColumnHidden(column) or cell.isEmpty() or not str(text or "").strip():
                    continue
                if view.selectionModel().isSelected(index):
                    colour = palette.color(group, Role.HighlightedText)
                else:
                    brush = index.data(Qt.ItemDataRole.ForegroundRole)
                    colour = brush.color() if brush is not None else palette.color(group, Role.Text)
                place = QRect(viewport.mapTo(window, cell.topLeft()), cell.size())
                found.append(((view, row, column), f"{type(model).__name__}[{row},{column}] {str(text)[:40]!r}", colour,
                              _fill(image, place)))
    return found


def least_legible(window: QWidget, count: int = 5) -> list[tuple[float, str, str, str]]:
    """The ``count`` texts of ``window`` with the lowest contrast: (ratio, what, text, fill)."""
    rated = sorted((round(contrast(text, fill), 2), what, text.name(), fill.name())
                   for _where, what, text, fill in words_on_fills(window))
    return rated[:count]
