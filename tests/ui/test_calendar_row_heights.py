"""The calendar's row heights put together from its cells' heights (issue 17): each cell measured by
its delegate as Qt measures it and remembered per (column, look, width), so a row state never seen
(the first DO NOT DOSE or STOP of a case) is not measured cell by cell again. The height is always
the one Qt's own ``QTableView::sizeHintForRow`` gives."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTableView

from ctit_gui.ui.case_screen.calendar_model import COL_BLEEDING

from .bedside import enter_lab


def _qt_heights(view) -> list[int]:
    return [QTableView.sizeHintForRow(view, row) for row in range(view.model().rowCount())]


def _heights_from_cells(view) -> list[int]:
    """Every row measured afresh from its cells (nothing remembered)."""
    view._row_heights.clear()
    view._cell_heights.clear()
    heights = [view.sizeHintForRow(row) for row in range(view.model().rowCount())]
    assert view._cell_heights  # (put together from the cells)
    return heights


@pytest.mark.parametrize("code", ["en", "zh_CN"])
def test_rows_from_their_cells_are_as_tall_as_qt_measures_them(qtbot, qapp, eligible_case, code):
    """Many words (English and Chinese, every state the counts give) at many widths, and a larger
    font: each row's height equals Qt's own measure of it."""
    from ctit_gui.ui import language

    window = eligible_case
    view = window.calendar
    language.apply_language(code, qapp)
    try:
        for value in ("50", "20", "36", "120", "59"):
            enter_lab(qtbot, window, "plt", value)
            qtbot.wait(10)
            for width in range(760, 2000, 140):
                window.resize(width, 800)
                qtbot.wait(5)
                assert _heights_from_cells(view) == _qt_heights(view), (code, value, width)
        font = QFont(view.font())
        font.setPointSize(font.pointSize() + 5)
        view.setFont(font)
        qtbot.wait(10)
        assert _heights_from_cells(view) == _qt_heights(view), (code, "larger font")
        model = view.model()
        view.openPersistentEditor(model.index(3, COL_BLEEDING))  # (Qt counts the editor: Qt measures)
        view._row_heights.clear()
        assert [view.sizeHintForRow(row) for row in range(model.rowCount())] == _qt_heights(view)
    finally:
        language.apply_language("en", qapp)


def test_a_row_state_never_seen_is_put_together_from_cells_seen_before(qtbot, eligible_case, monkeypatch):
    """The first NOT ELIGIBLE (every row DO NOT DOSE) and the first STOP: Qt never measures a whole
    row, and most of the new rows' cells were measured before, in other rows or states."""
    window = eligible_case
    view = window.calendar
    rows_by_qt: list[int] = []
    real = QTableView.sizeHintForRow
    monkeypatch.setattr(QTableView, "sizeHintForRow", lambda self, row: rows_by_qt.append(row) or real(self, row))
    measured: list[tuple[int, int]] = []
    cell_height = view._cell_height
    view._cell_height = lambda row, column: measured.append((row, column)) or cell_height(row, column)
    states = 0
    for value in ("50", "20", "36"):
        rows_before = len(view._row_heights)
        measured.clear()
        enter_lab(qtbot, window, "plt", value)
        qtbot.wait(10)
        new_rows = len(view._row_heights) - rows_before
        if new_rows:
            states += 1
            assert len(measured) < new_rows * view.model().columnCount() / 2, (value, len(measured), new_rows)
    assert states >= 2  # (NOT ELIGIBLE, and no STOP at 36)
    assert rows_by_qt == []
