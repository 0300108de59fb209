"""What a clinician does with the window, as keystrokes into the real widgets."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHeaderView, QLineEdit, QVBoxLayout,
                               QWidget)

from ctit_gui.ui.case_screen.calendar_model import COL_BLEEDING, COL_PLT, COL_UNIT
from ctit_gui.ui.case_screen.criteria_model import COL_ANSWER, COL_ID
from ctit_gui.ui.widgets.fields import CellChoice, DateField

CTRL = Qt.KeyboardModifier.ControlModifier
ROOT = Path(__file__).resolve().parents[2]


def printed_by(code: str, timeout: float = 180) -> list[str]:
    """The words a fresh Python process running ``code`` (offscreen Qt) prints; its errors if it fails.
    For what one process builds once and keeps (imports, PySide's types): a shared test process has them."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def shown_in_holder(qtbot, widget_class, width: int, height: int, margin: int, ground=None):
    """A ``widget_class`` at the top of a shown holder (a column with ``margin`` around it, on the
    colour ``ground`` if given): for comparing two ways of drawing one widget pixel for pixel."""
    holder = QWidget()
    if ground is not None:
        holder.setAutoFillBackground(True)
        palette = holder.palette()
        palette.setColor(holder.backgroundRole(), ground)
        holder.setPalette(palette)
    column = QVBoxLayout(holder)
    column.setContentsMargins(margin, margin, margin, margin)
    widget = widget_class(holder)
    column.addWidget(widget)
    column.addStretch(1)
    qtbot.addWidget(holder)
    holder.resize(width, height)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, widget


def type_into(qtbot, field: QLineEdit, text: str) -> None:
    """Focus a text field, select what is there, and type over it."""
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_A, CTRL)
    if text:
        qtbot.keyClicks(field, text)
    else:
        qtbot.keyClick(field, Qt.Key.Key_Delete)


def choose(qtbot, combo: QComboBox, value) -> None:
    """Pick the entry whose data is ``value`` with the arrow keys, as a keyboard user would
    (in a table cell: open the list with Down, move in it, Enter)."""
    target = next(i for i in range(combo.count()) if combo.itemData(i) == value
                  and type(combo.itemData(i)) is type(value))
    combo.setFocus()
    if isinstance(combo, CellChoice):
        if combo.currentIndex() == target:
            return
        qtbot.keyClick(combo, Qt.Key.Key_Down)
        pick_in_open_list(qtbot, combo, value)
        return
    for _ in range(combo.count() + 1):
        if combo.currentIndex() == target:
            return
        key = Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up
        qtbot.keyClick(combo, key)
    raise AssertionError(f"could not choose {value!r} in {combo.accessibleName()}")


def pick_in_open_list(qtbot, combo: QComboBox, value) -> None:
    """In a drop-down whose list is open: move to the entry whose data is ``value``, then Enter."""
    target = next(i for i in range(combo.count()) if combo.itemData(i) == value
                  and type(combo.itemData(i)) is type(value))
    view = combo.view()
    assert view.isVisible(), "the cell's list did not open"
    for _ in range(combo.count() + 1):
        if view.currentIndex().row() == target:
            qtbot.keyClick(view, Qt.Key.Key_Return)
            return
        qtbot.keyClick(view, Qt.Key.Key_Down if view.currentIndex().row() < target else Qt.Key.Key_Up)
    raise AssertionError(f"could not choose {value!r} in {combo.accessibleName()}")


def click_answer(qtbot, window, criterion_id: str) -> QComboBox:
    """Click the answer cell of the criterion's row, as a clinician does: its drop-down opens
    with its list; the drop-down is returned."""
    panel = window.eligibility_panel
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, COL_ID).data() == criterion_id)
    index = panel.proxy.index(row, COL_ANSWER)
    panel.table.scrollTo(index)
    viewport = panel.table.viewport()
    centre = panel.table.visualRect(index).center()
    target = viewport.childAt(centre) or viewport  # what is under the pointer gets the click
    qtbot.mouseClick(target, Qt.MouseButton.LeftButton, pos=target.mapFrom(viewport, centre))
    editor = panel.table.indexWidget(index)
    assert isinstance(editor, QComboBox), f"{criterion_id} has no attestation control"
    assert editor.view().isVisible(), f"{criterion_id}: a click did not open the list"
    return editor


def choose_by_text(qtbot, combo: QComboBox, text: str) -> None:
    choose(qtbot, combo, combo.itemData(combo.findText(text)))


def type_date(qtbot, field: DateField, value: date | None) -> None:
    edit = field.edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, CTRL)
    if value is None:
        qtbot.keyClick(edit, Qt.Key.Key_Delete)
    else:
        qtbot.keyClicks(edit, value.isoformat())
    assert field.value() == value


def enter_patient(qtbot, window, *, trial: str, arm: str, patient_id: str, sex: str, age: str, weight: str,
                  childbearing: bool | None, ecog: int, liver: bool, screening: date, day1: date) -> None:
    panel = window.patient_panel
    choose(qtbot, panel.trial, trial)
    choose(qtbot, panel.arm, arm)
    type_into(qtbot, panel.patient_id, patient_id)
    choose(qtbot, panel.sex, sex)
    type_into(qtbot, panel.age, age)
    type_into(qtbot, panel.weight, weight)
    choose(qtbot, panel.childbearing, childbearing)
    choose(qtbot, panel.ecog, ecog)
    choose(qtbot, panel.liver, liver)
    type_date(qtbot, panel.screening, screening)
    type_date(qtbot, panel.day1, day1)


def enter_lab(qtbot, window, measure: str, value: str, uln: str | None = None, unit: str | None = None) -> None:
    row = window.labs_panel.rows[measure]
    assert row.value.isVisible(), f"{measure} row is hidden"
    if unit is not None:
        choose(qtbot, row.unit, unit)
    type_into(qtbot, row.value, value)
    if uln is not None:
        assert row.uln.isVisible(), f"{measure} ULN is hidden"
        type_into(qtbot, row.uln, uln)


def attest_by_keys(qtbot, window, answers: dict[str, bool]) -> None:
    """Select each criterion's row in the table and press Y or N."""
    panel = window.eligibility_panel
    table = panel.table
    table.setFocus()
    for criterion_id, value in answers.items():
        row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, COL_ID).data() == criterion_id)
        table.setCurrentIndex(panel.proxy.index(row, COL_ID))
        qtbot.keyClick(table, Qt.Key.Key_Y if value else Qt.Key.Key_N)


def attest_with_control(qtbot, window, criterion_id: str, value: bool | None) -> None:
    """Use the yes / no / unknown drop-down in the criterion's row: a click on the answer opens
    it with its list; the answer is chosen there."""
    pick_in_open_list(qtbot, click_answer(qtbot, window, criterion_id), value)


def _cell_editor(qtbot, window, day: int, column: int) -> QWidget:
    view = window.calendar
    index = window.calendar_model.index(window.calendar_model.row_of_day(day), column)
    view.setFocus()
    view.setCurrentIndex(index)
    view.scrollTo(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not None and editor is not view, "no cell editor opened"
    return editor


def enter_day_plt(qtbot, window, day: int, value: str) -> None:
    """Type a platelet count into the day's PLT cell and press Enter."""
    editor = _cell_editor(qtbot, window, day, COL_PLT)
    assert isinstance(editor, QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    qtbot.keyClicks(editor, value)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    _wait_closed(qtbot, window)


def _wait_closed(qtbot, window) -> None:
    """Qt commits a cell editor's value from a queued call: wait for it."""
    qtbot.waitUntil(lambda: window.calendar.state() != QAbstractItemView.State.EditingState, timeout=2000)


def choose_in_cell(qtbot, window, day: int, column: int, value) -> None:
    editor = _cell_editor(qtbot, window, day, column)
    assert isinstance(editor, QComboBox)
    choose(qtbot, editor, value)
    if editor.isVisible() and editor.hasFocus():  # the value was already the one wanted
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    _wait_closed(qtbot, window)


def enter_bleeding_risk(qtbot, window, day: int, value: bool | None) -> None:
    choose_in_cell(qtbot, window, day, COL_BLEEDING, value)


def enter_day_unit(qtbot, window, day: int, unit: str) -> None:
    choose_in_cell(qtbot, window, day, COL_UNIT, unit)


def verdict(window) -> str:
    """The verdict's words as the clinician reads them (the word, not the colour)."""
    return window.eligibility_panel.verdict.plain_word


class EventCount(QObject):
    """Counts the events of one type an object receives (paints, layout requests…)."""

    def __init__(self, target: QObject, kind: QEvent.Type):
        super().__init__()
        self.kind, self.count = kind, 0
        target.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == self.kind:
            self.count += 1
        return False


def widths_qt_measures(view, columns) -> list[int]:
    """The widths Qt's own ResizeToContents gives the columns, measured from scratch (it leaves them so)."""
    header = view.horizontalHeader()
    for column in columns:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    header.resizeSections()
    return [header.sectionSize(column) for column in columns]


def comparable(value):
    """A model's answer as a plain value to compare: a brush by colour and style, a font by its description,
    an icon by its cache key."""
    from PySide6.QtGui import QBrush, QFont, QIcon

    if isinstance(value, QBrush):
        return ("brush", value.color().name(), value.style())
    if isinstance(value, QFont):
        return ("font", value.toString())
    if isinstance(value, QIcon):
        return ("icon", value.cacheKey())
    return value
