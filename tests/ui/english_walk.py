"""Every string a user can read in the window, and the English words left in a translated text.

Used by the Chinese-window test: walk every visible widget, action, header, cell and tooltip;
strip what may stay in Latin letters (ids, units, lab and drug codes, numbers, hashes, the
verbatim registry sentences shown beside their translation, what the user typed).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from ..i18n.english import english_words, registry_sentences  # noqa: F401 - re-exported for the tests


def _model_strings(view: QAbstractItemView, limit: int = 60) -> list[tuple[str, str]]:
    model = view.model()
    if model is None:
        return []
    found = []
    for orientation in (Qt.Orientation.Horizontal,):
        for section in range(model.columnCount()):
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                value = model.headerData(section, orientation, role)
                if isinstance(value, str):
                    found.append((f"{type(view).__name__} header {section}", value))
    for row in range(min(model.rowCount(), limit)):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                         Qt.ItemDataRole.AccessibleTextRole):
                value = model.data(index, role)
                if isinstance(value, str):
                    found.append((f"{type(view).__name__} r{row}c{column} role {int(role)}", value))
    return found


def _menu_strings(menu: QMenu, where: str) -> list[tuple[str, str]]:
    found = [(where, menu.title())]
    for action in menu.actions():
        found += _action_strings(action, f"{where} > {action.text()}")
    return found


def _action_strings(action: QAction, where: str) -> list[tuple[str, str]]:
    found = [(where, action.text()), (where + " tip", action.statusTip())]
    if action.toolTip() != action.text().replace("&", ""):
        found.append((where + " tooltip", action.toolTip()))
    if action.menu() is not None:
        found += _menu_strings(action.menu(), where)
    return found


def visible_strings(window) -> list[tuple[str, str]]:
    """(where, text) for everything the user can read in the window and its menus."""
    found: list[tuple[str, str]] = [("title", window.windowTitle())]
    if hasattr(window, "menuBar"):
        for action in window.menuBar().actions():
            found += _action_strings(action, action.text())
    widgets = [w for w in window.findChildren(QWidget) if w.isVisibleTo(window)]
    for widget in widgets:
        name = f"{type(widget).__name__} {widget.objectName()}".strip()
        if widget.toolTip():
            found.append((name + " tooltip", widget.toolTip()))
        if widget.statusTip():
            found.append((name + " statustip", widget.statusTip()))
        if widget.accessibleName():
            found.append((name + " accessible", widget.accessibleName()))
        if isinstance(widget, QLabel):
            found.append((name, widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append((name, widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append((name, widget.title()))
        elif isinstance(widget, QDockWidget):
            found.append((name, widget.windowTitle()))
        elif isinstance(widget, QTabWidget):
            found += [(name, widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, QComboBox):
            found += [(f"{name} item {i}", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QLineEdit):
            found.append((name + " placeholder", widget.placeholderText()))
        elif isinstance(widget, (QPlainTextEdit, QTextEdit)):
            found.append((name + " placeholder", widget.placeholderText()))
        if isinstance(widget, QAbstractItemView):
            found += _model_strings(widget)
    chart = getattr(window, "chart", None)
    if chart is not None and hasattr(chart, "readable_strings"):
        found += [("chart", text) for text in chart.readable_strings()]
    for action in window.actions():
        found += _action_strings(action, "window action " + action.text())
    return [(where, text) for where, text in found if text]


def typed_values(window) -> set[str]:
    """What the user typed (kept as typed, in any language): the line edits' and notes' contents."""
    values = set()
    for widget in window.findChildren(QLineEdit):
        values.add(widget.text())
    for widget in window.findChildren(QPlainTextEdit):
        values.add(widget.toPlainText())
        values.update(line for line in widget.toPlainText().splitlines())
    return {v for v in values if v.strip()}
