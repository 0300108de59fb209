"""The dosing calendar's table: in-place entry of each day's platelet count, unit and bleeding risk."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from ...core.units import unit_label
from ..widgets.cell_pictures import CellPictures, PicturedCell
from ..widgets.fields import CellChoice
from ..widgets.fitted import FittedColumns
from ..widgets.measured import Measured
from .calendar_model import COL_BLEEDING, COL_DATE, COL_DAY, COL_DOSES, COL_NOTES, COL_PLT, COL_UNIT, CalendarModel
from .case_form import check_units
from .criteria_view import AnswerDelegate, commit_and_return


class PlateletDelegate(PicturedCell, QStyledItemDelegate):
    """A plain text field: the count stays as typed; the core says whether it is allowed."""

    def createEditor(self, parent, option, index):
        editor = QLineEdit(parent)
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setMaxLength(24)
        editor.setAccessibleName(self.tr("Platelet count, day {day}").format(day=index.siblingAtColumn(COL_DAY).data()))
        return editor

    def setEditorData(self, editor, index):
        editor.setText(index.data(Qt.ItemDataRole.EditRole) or "")

    def setModelData(self, editor, model, index):
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class UnitDelegate(PicturedCell, QStyledItemDelegate):
    def createEditor(self, parent, option, index):
        editor = CellChoice(parent)
        for unit in check_units():
            editor.addItem(unit_label(unit), unit)
        editor.setAccessibleName(self.tr("Platelet count unit, day {day}").format(
            day=index.siblingAtColumn(COL_DAY).data()))
        editor.chosen.connect(lambda e=editor: commit_and_return(self, e))
        return editor

    def setEditorData(self, editor, index):
        editor.setCurrentIndex(max(0, editor.findData(index.data(Qt.ItemDataRole.EditRole))))

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class WrappedCellDelegate(PicturedCell, QStyledItemDelegate):
    """The dose and notes cells, whose text wraps: each cell's size is remembered per (text, icon,
    weight, slant, width, font), so a row whose words come back (a STOP flipping on and off as a
    count crosses 100) is not laid out again to find its height (issue 17)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._sizes = Measured(512)

    def sizeHint(self, option, index):
        font = index.data(Qt.ItemDataRole.FontRole)
        key = (index.data(Qt.ItemDataRole.DisplayRole), index.data(Qt.ItemDataRole.DecorationRole) is not None,
               font.bold() if font is not None else None, font.italic() if font is not None else None,
               option.rect.width(), option.font.key())
        return QSize(self._sizes.get_or_measure(key, super().sizeHint, option, index))


class PlainCellDelegate(PicturedCell, QStyledItemDelegate):
    """The day and date cells: Qt's own look, drawn through the view's cell pictures."""


class BleedingDelegate(PicturedCell, AnswerDelegate):
    """The bleeding-risk cell: the yes / no / not recorded control, drawn through the view's cell pictures."""


class CalendarView(QTableView):
    def __init__(self, model: CalendarModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setModel(model)
        self.setAccessibleName(self.tr("Dosing calendar, one row per treatment day"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.SelectedClicked)
        self.verticalHeader().hide()
        #: What each cell painted, drawn again only when the cell looks different (issue 17).
        self.pictures = CellPictures(self, model.paint_key)
        plain = PlainCellDelegate(self)
        for column in (COL_DAY, COL_DATE):
            self.setItemDelegateForColumn(column, plain)
        self.setItemDelegateForColumn(COL_PLT, PlateletDelegate(self))
        self.setItemDelegateForColumn(COL_UNIT, UnitDelegate(self))
        words = {None: self.tr("not recorded"), True: self.tr("yes"), False: self.tr("no")}
        self.setItemDelegateForColumn(COL_BLEEDING, BleedingDelegate(self, words))
        self.wrapped_delegate = WrappedCellDelegate(self)
        for column in (COL_DOSES, COL_NOTES):
            self.setItemDelegateForColumn(column, self.wrapped_delegate)
        for column in range(model.columnCount()):
            self.itemDelegateForColumn(column).pictures = self.pictures
        header = self.horizontalHeader()
        for column in (COL_DOSES, COL_NOTES):  # the wrapping columns share what the others leave
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        #: The one-line columns, as wide as their widest cell; measured only when a cell of theirs
        #: shows something new (not on every edit, as ResizeToContents does; issue 17).
        self.fitted = FittedColumns(self, (COL_DAY, COL_DATE, COL_PLT, COL_UNIT, COL_BLEEDING),
                                    model.cell_look)
        #: Row heights measured by Qt, per (the row's look, the column widths): a row whose words
        #: come back (a STOP or DO NOT DOSE flipping off and on) is not measured again (issue 17).
        self._row_heights = Measured(512)
        #: Cell heights measured by Qt's delegates, per (column, the cell's look, its width, the row
        #: hidden): a row state never seen is put together from cells seen in other rows or states.
        self._cell_heights = Measured(2048)
        self._persistent_editors = False  # (none is opened; if one were, Qt measures the rows)
        self._header_hints = Measured(256)  # (see height_to_contents)
        model.headerDataChanged.connect(self._forget_header_hints)
        self.setMinimumHeight(self.fontMetrics().lineSpacing() * 5)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.timeout.connect(self._settle)
        self._scroll_day: int | None = None
        self._resized_from: int | None = None  # the first row resized since show_resized_rows
        self._offset_before = 0  # the scroll offset before those rows were resized
        self._rows_timer = QTimer(self)
        self._rows_timer.setSingleShot(True)
        self._rows_timer.timeout.connect(self.show_resized_rows)
        model.modelReset.connect(self._fit_rows)
        model.rows_changed.connect(self._fit_changed_rows)
        header.sectionResized.connect(self._fit_rows)

    def paintEvent(self, event) -> None:
        self.pictures.begin()
        try:
            super().paintEvent(event)
        finally:
            self.pictures.end()  # a delegate painting outside a paint event paints as before

    def sizeHintForRow(self, row: int) -> int:
        """Qt's own measure of the row (every column, through the delegates), remembered per
        (what each cell shows, every column's width)."""
        model = self.model()
        if not 0 <= row < model.rowCount():
            return super().sizeHintForRow(row)
        # the widths are read each time: a stretched section can change size without a signal
        widths = tuple(self.columnWidth(column) for column in range(model.columnCount()))
        hidden = self.rowHeight(row) == 0
        key = (model.row_look(row), widths, hidden)
        return self._row_heights.get_or_measure(key, self._row_from_cells, row, widths, hidden)

    def _row_from_cells(self, row: int, widths: tuple, hidden: bool) -> int:
        """What ``QTableView::sizeHintForRow`` answers, from its parts: the tallest cell (each
        measured by its delegate as Qt measures it, :meth:`_cell_height`, remembered per column,
        look, width and hidden row), plus the grid line. A row whose state is new (the first
        DO NOT DOSE or STOP of a case) mostly shows cells seen in other rows or states: Qt measured
        every cell of it again, ~1 M instructions a row (issue 17). Qt measures the row itself when
        its rules are not the plain ones: a hidden column, a persistent editor, a limited precision."""
        header = self.horizontalHeader()
        columns = len(widths)
        if self._persistent_editors or header.hiddenSectionCount() \
                or not columns <= self.verticalHeader().resizeContentsPrecision():
            return super().sizeHintForRow(row)
        model = self.model()
        cells = self._cell_heights
        hint = 0
        for column in range(columns):
            key = (column, model.cell_look(row, column), widths[column], hidden)
            height = cells.get_or_measure(key, self._cell_height, row, column)
            if height > hint:
                hint = height
        return hint + 1 if self.showGrid() else hint

    def _cell_height(self, row: int, column: int) -> int:
        """A cell's height as ``QTableViewPrivate::heightHintForIndex`` (Qt 6) measures it: the view's
        item option (``initViewItemOption``) and, with word wrap, the cell's rectangle (less the grid
        line; a hidden row's taken 1 pixel high), through the cell's delegate."""
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        if self.wordWrap():
            option.rect = QRect(self.columnViewportPosition(column), self.rowViewportPosition(row),
                                self.columnWidth(column) - (1 if self.showGrid() else 0), self.rowHeight(row) or 1)
        index = self.model().index(row, column)
        return self.itemDelegateForIndex(index).sizeHint(option, index).height()

    def openPersistentEditor(self, index) -> None:
        self._persistent_editors = True  # (Qt counts a persistent editor's height in the row's)
        super().openPersistentEditor(index)

    def height_to_contents(self, row: int) -> int:
        """The height ``resizeRowToContents`` gives a row: the larger of its cells' (:meth:`sizeHintForRow`)
        and its vertical header section's hint. The header (hidden, no words) is not measured again
        for every changed row (~45 k instructions a row, 14 rows a flip; issue 17): its hint is
        remembered per row, header font and section limits."""
        header = self.verticalHeader()
        key = (row, header.font().key(), header.minimumSectionSize(), header.maximumSectionSize())
        hint = self._header_hints.get_or_measure(key, header.sectionSizeHint, row)
        return max(self.sizeHintForRow(row), hint)

    def _forget_header_hints(self, *_args) -> None:
        self._header_hints.clear()

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._row_heights.clear()
            self._cell_heights.clear()
            self._header_hints.clear()
            if event.type() == QEvent.Type.StyleChange:
                self.pictures.style_changed()
        super().changeEvent(event)

    def _fit_rows(self, *_args) -> None:
        """Row heights follow the wrapped dose text; after the columns settle, too."""
        self.resizeRowsToContents()
        self._fit_timer.start(0)

    def _fit_changed_rows(self, rows: list[int]) -> None:
        """Only the rows whose content changed can need another height.

        QTableView answers a row's new height from a zero timer (``rowResized``), which runs after
        the edit's first paint: the calendar was painted once with the changed cells and again with
        the rows below moved (issue 17). The vertical header's signals are held while the heights
        change, and :meth:`show_resized_rows` does what that timer does (the scroll range, then the
        rows from the first resized one down marked for painting) once the window's layout has
        settled, before the one paint of the edit; a zero timer of its own is the fallback."""
        self.pictures.in_use()  # the window is in use: cells that come back are copied
        header = self.verticalHeader()
        resized = []
        if self._resized_from is None:
            self._offset_before = self.verticalOffset()
        held = header.blockSignals(True)
        try:
            for row in rows:
                height = self.height_to_contents(row)
                if self.rowHeight(row) != height:
                    header.resizeSection(row, height)
                    resized.append(row)
        finally:
            header.blockSignals(held)
        if resized:
            first = min(resized)
            self._resized_from = first if self._resized_from is None else min(first, self._resized_from)
            self._rows_timer.start(0)

    def show_resized_rows(self) -> None:
        """The scroll range and the repaint of the rows from the first resized one down (see
        :meth:`_fit_changed_rows`); nothing when no row changed height since the last time."""
        if self._resized_from is None:
            return
        self._rows_timer.stop()
        row, self._resized_from = self._resized_from, None
        self.updateGeometries()
        viewport = self.viewport()
        top = max(0, self.rowViewportPosition(row)) if row < self.model().rowCount() else 0
        if self.verticalOffset() != self._offset_before:
            top = 0  # scrolled to the bottom, the rows above moved too (Qt's timer left them stale)
        viewport.update(0, top, viewport.width(), viewport.height() - top)

    def _settle(self) -> None:
        self.resizeRowsToContents()
        if self._scroll_day is not None:
            row = self.model().row_of_day(self._scroll_day)
            self._scroll_day = None
            if row >= 0:
                self.scrollTo(self.model().index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def scroll_to_day(self, day: int) -> None:
        """Bring a day into view once the row heights have settled."""
        self._scroll_day = day
        self._fit_timer.start(0)

    def keyPressEvent(self, event) -> None:
        """Delete or Backspace clears the current cell: the count (and with it the day's unit and
        bleeding risk), or the bleeding risk alone."""
        index = self.currentIndex()
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and index.isValid() \
                and self.state() != QAbstractItemView.State.EditingState:
            if index.column() in (COL_PLT, COL_UNIT):
                self.model().setData(index.siblingAtColumn(COL_PLT), "", Qt.ItemDataRole.EditRole)
            elif index.column() == COL_BLEEDING:
                self.model().setData(index, None, Qt.ItemDataRole.EditRole)
            return
        super().keyPressEvent(event)

    def focus_cell(self, day: int, column: int = COL_PLT) -> None:
        row = self.model().row_of_day(day)
        if row >= 0:
            self.setCurrentIndex(self.model().index(row, column))
            self.scrollTo(self.currentIndex())


__all__ = ["CalendarView", "COL_BLEEDING", "COL_NOTES", "COL_PLT", "COL_UNIT"]
