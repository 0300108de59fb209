"""Every string a user can read in the window, and the English words left in a translated text.

Used by the Chinese-window test: walk every visible widget, action, header, cell and tooltip;
strip what may stay in Latin letters (ids, units, lab and drug codes, numbers, hashes, the
verbatim registry sentences shown beside their translation, what the user typed).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

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

ROOT = Path(__file__).resolve().parents[2]

#: Latin words that stay as they are in a Chinese text: lab and drug codes, units, ids, formats.
ALLOWED_WORDS = {
    "PLT", "ALT", "AST", "INR", "ULN", "TBL", "TBIL", "CTCAE", "ECOG", "PS", "QTc", "eGFR", "Ccr", "Cr",
    "rhTPO", "TPO", "ADC", "IL", "rhIL", "EPO", "CDK4", "NYHA", "III", "IV", "CTIT", "Cockcroft", "Gault",
    "mg", "dL", "mL", "min", "ml", "kg", "units", "µmol", "umol", "mmol", "L", "g", "µL", "uL", "U",
    "sha256", "JSON", "PDF", "UTC", "F5", "Enter", "Delete", "Y", "N", "Ctrl", "Shift",
    "English",  # the language menu names each language in its own words
}
_ID = re.compile(r"\b(?:NCT\d+|IN\d+(?:\.\d+)?|EX\d+|SYSU-\d+|FJCH-\S+|[0-9a-f]{8,64}|v\d+)\b")
_MARKUP = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;")
#: Keyboard accelerators: 文件(&F) in a menu, 文件(F) in a tooltip.
_ACCELERATOR = re.compile(r"\(&?[A-Z0-9]\)|&(?=[A-Za-z])")


def registry_sentences() -> list[tuple[str, str]]:
    """(English, Chinese) of every protocol sentence, longest first."""
    from ctit_gui.core.protocol_translation import load_translation, translatable_sentences

    found = []
    for path in sorted((ROOT / "resources" / "protocols").glob("*.json")):
        translation = load_translation(path.stem, "zh_CN")
        for english in translatable_sentences(json.loads(path.read_text(encoding="utf-8"))).values():
            found.append((english, translation.text(english)))
    return sorted(found, key=lambda pair: len(pair[0]), reverse=True)


def english_words(text: str, quotes: list[tuple[str, str]], typed: set[str]) -> list[str]:
    """The Latin words of ``text`` that are not allowed to stay English. A registry sentence may stay
    verbatim only beside its translation (in the same text)."""
    for english, chinese in quotes:
        if english in text and chinese and chinese in text:
            text = text.replace(english, " ")
    for value in typed:
        if value:
            text = text.replace(value, " ")
    text = _MARKUP.sub(" ", text)
    text = _ACCELERATOR.sub(" ", text)
    text = _ID.sub(" ", text)
    words = re.findall(r"[A-Za-zµ][A-Za-zµ0-9]*", text)
    return [w for w in words if w not in ALLOWED_WORDS]


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
