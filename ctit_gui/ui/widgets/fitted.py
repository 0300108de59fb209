"""Table columns as wide as their widest cell, measured again only when a cell of theirs shows
something else (issue 17).

Qt's ``ResizeToContents`` measures every auto-sized column of a table again (every cell, through the
model's ``data()`` in Python) whenever any ``dataChanged`` range touches one of them: a verdict flip
that repaints the calendar's 14 rows or a criterion's status measured ~230 cells per edit, a third
of the edit. :class:`FittedColumns` gives the same widths (``max(view.sizeHintForColumn(c),
header.sectionSizeHint(c))`` bounded by the header's minimum and maximum section size, which is
what ``ResizeToContents`` sets), but keeps, per column, what each cell looks like (text, icon, font)
and works the column out again only when that changed, remembering the width per look.

A column's width is put together from its cells' widths, each measured once by its delegate and
remembered per look, as ``QTableView::sizeHintForColumn`` measures them (the view's item option, the
widest cell, plus the grid line). A column whose looks were never seen together (the first NOT ELIGIBLE
of a case: one criterion's status word new) was measured by Qt cell by cell, every row (~2.9 M
instructions in the criteria's status column); now only the new look is measured.
"""

from __future__ import annotations

from typing import Callable, Hashable

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtWidgets import QHeaderView, QStyleOptionViewItem, QTableView

from .measured import Measured

#: The roles a cell's width depends on (the delegate lays out text, icon and font).
SIZE_ROLES = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.FontRole,
                        Qt.ItemDataRole.SizeHintRole})


def cell_look(model, row: int, column: int) -> Hashable:
    """What a cell's size follows from: its text, its icon and its font (through ``data()``)."""
    index = model.index(row, column)
    icon = index.data(Qt.ItemDataRole.DecorationRole)
    font = index.data(Qt.ItemDataRole.FontRole)
    size = index.data(Qt.ItemDataRole.SizeHintRole)
    return (index.data(Qt.ItemDataRole.DisplayRole),
            None if icon is None else icon.cacheKey(),
            None if font is None else font.key(),
            None if size is None else (size.width(), size.height()))


class FittedColumns(QObject):
    """Keeps the given columns of ``view`` as wide as ``ResizeToContents`` would, measuring a column
    only when the look of one of its cells changed (and not at all for a look seen before)."""

    def __init__(self, view: QTableView, columns: tuple[int, ...],
                 look: Callable[[int, int], Hashable] | None = None):
        super().__init__(view)
        self.view = view
        self.columns = tuple(columns)
        self._look = look or (lambda row, column: cell_look(view.model(), row, column))
        self._looks: dict[int, list[Hashable]] = {column: [] for column in self.columns}
        self._widths = Measured(256)  # per (column, its cells' looks, font, grid)
        self._cell_widths = Measured(1024)  # per (column, a cell's look, what else the delegate reads)
        self.measured = 0  # columns whose width was worked out anew (tests, benchmarks)
        self.cells_measured = 0  # cells measured by their delegate (tests)
        header = view.horizontalHeader()
        for column in self.columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        model = view.model()
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted, model.rowsRemoved,
                       model.rowsMoved):
            signal.connect(self.refit)
        model.dataChanged.connect(self._data_changed)
        view.installEventFilter(self)
        self.refit()

    def refit(self, *_args) -> None:
        """Look at every cell of the columns again and fit them (a new model, rows added or removed)."""
        rows = self.view.model().rowCount()
        for column in self.columns:
            self._looks[column] = [self._look(row, column) for row in range(rows)]
            self._fit(column)

    def _data_changed(self, first: QModelIndex, last: QModelIndex, roles=()) -> None:
        if roles and not SIZE_ROLES.intersection(roles):
            return
        rows = self.view.model().rowCount()
        for column in self.columns:
            if not first.column() <= column <= last.column():
                continue
            looks = self._looks[column]
            if len(looks) != rows:
                self.refit()
                return
            changed = False
            for row in range(max(0, first.row()), min(rows - 1, last.row()) + 1):
                look = self._look(row, column)
                if look != looks[row]:
                    looks[row] = look
                    changed = True
            if changed:
                self._fit(column)

    def _fit(self, column: int) -> None:
        view, header = self.view, self.view.horizontalHeader()
        key = (column, tuple(self._looks[column]), view.font().key(), view.showGrid())
        width = self._widths.get_or_measure(key, self._measure, column)
        if header.sectionSize(column) != width:
            header.resizeSection(column, width)

    def _measure(self, column: int) -> int:
        """The column's width as Qt fits it to its contents and header, within the section limits."""
        view, header = self.view, self.view.horizontalHeader()
        self.measured += 1
        width = max(self._contents_width(column), header.sectionSizeHint(column))
        return max(header.minimumSectionSize(), min(width, header.maximumSectionSize()))

    def _contents_width(self, column: int) -> int:
        """What ``QTableView::sizeHintForColumn`` answers (Qt 6), from its parts: the widest cell, each
        measured by its delegate with the view's item option and remembered per look (a look seen in
        another row or state is not measured again), plus the grid line. Qt measures the column
        itself when its rules are not the plain ones: a hidden row, a persistent editor in the
        column, a limited precision, no rows."""
        view = self.view
        model = view.model()
        rows = model.rowCount()
        precision = view.verticalHeader().resizeContentsPrecision()
        looks = self._looks[column]
        if not rows or len(looks) != rows or view.verticalHeader().hiddenSectionCount() \
                or not (precision < 0 or rows <= precision):
            return view.sizeHintForColumn(column)
        view.ensurePolished()
        option = None
        icon = view.iconSize()
        context = (view.font().key(), icon.width(), icon.height(), view.wordWrap(), view.isRightToLeft())
        cells = self._cell_widths
        hint = 0
        for row in range(rows):
            index = model.index(row, column)
            if view.isPersistentEditorOpen(index):
                return view.sizeHintForColumn(column)  # (Qt counts the editor's width too)
            delegate = view.itemDelegateForIndex(index)
            key = (column, looks[row], id(delegate), context)
            width = cells.get(key)
            if width is None:
                if option is None:
                    option = QStyleOptionViewItem()
                    view.initViewItemOption(option)
                width = cells.get_or_measure(key, self._cell_width, delegate, option, index)
            if width > hint:
                hint = width
        return hint + 1 if view.showGrid() else hint

    def _cell_width(self, delegate, option: QStyleOptionViewItem, index: QModelIndex) -> int:
        self.cells_measured += 1
        return delegate.sizeHint(option, index).width()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A new font or style measures every cell differently: forget the widths and fit again."""
        if watched is self.view and event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange,
                                                     QEvent.Type.Polish):
            self._widths.clear()
            self._cell_widths.clear()
            self.refit()
        return False
