"""The one-line columns of the calendar and the criteria table are put together from their cells'
widths (``ui/widgets/fitted.py``): a threshold crossing that shows one new word in a column measures
that cell, not every row of the column again (issue 17: the first NOT ELIGIBLE of a case asked Qt to
measure the criteria's status column cell by cell, ~2.9 M instructions), and every width is the
one Qt's own ResizeToContents gives."""

from __future__ import annotations

from PySide6.QtWidgets import QHeaderView

from ctit_gui.ui.case_screen.calendar_model import COL_PLT

from .bedside import attest_with_control, enter_lab, widths_qt_measures


def _count_column_measures(view) -> list[int]:
    """Every column Qt is asked to measure cell by cell (``sizeHintForColumn``) from Python."""
    asked: list[int] = []
    measure = view.sizeHintForColumn

    def counted(column: int) -> int:
        asked.append(column)
        return measure(column)

    view.sizeHintForColumn = counted
    return asked


def test_the_first_not_eligible_measures_the_new_status_cell_not_the_column(qtbot, eligible_case):
    window = eligible_case
    panel = window.eligibility_panel
    tables = ((window.calendar, window.calendar.fitted), (panel.table, panel.fitted))
    asked = {id(view): _count_column_measures(view) for view, _ in tables}
    cells_before = getattr(panel.fitted, "cells_measured", 0)
    columns_before = panel.fitted.measured
    attest_with_control(qtbot, window, "EX2", True)  # NOT ELIGIBLE, for the first time in this window
    assert window.banners.kinds()[0] == "do_not_dose"
    assert panel.fitted.measured > columns_before  # a combination of status words never seen together
    assert asked[id(panel.table)] == []  # … worked out without Qt measuring the column
    assert 1 <= panel.fitted.cells_measured - cells_before <= 2  # from the new words' cells only
    enter_lab(qtbot, window, "plt", "50")  # a count that fails a criterion: more new words
    enter_lab(qtbot, window, "plt", "20")  # and STOP again
    attest_with_control(qtbot, window, "EX2", False)
    qtbot.wait(10)
    assert all(not columns for columns in asked.values())  # Qt never measured a whole column
    for view, fitted in tables:
        del view.sizeHintForColumn
        shown = [view.columnWidth(column) for column in fitted.columns]
        assert [fitted._contents_width(c) for c in fitted.columns] == [view.sizeHintForColumn(c)
                                                                         for c in fitted.columns]
        assert widths_qt_measures(view, fitted.columns) == shown


def test_a_hidden_row_or_an_open_editor_leaves_the_column_to_qt(qtbot, eligible_case):
    """Qt's rules the cells alone do not give: a hidden row is not counted, a persistent editor's
    width is. There Qt measures the column itself, and the widths stay Qt's."""
    window = eligible_case
    view, fitted = window.calendar, window.calendar.fitted
    model = window.calendar_model
    asked = _count_column_measures(view)
    view.setRowHidden(model.row_of_day(3), True)
    fitted._widths.clear()
    fitted.refit()
    assert asked  # the hidden row: Qt's own measure
    del view.sizeHintForColumn
    shown = [view.columnWidth(column) for column in fitted.columns]
    assert widths_qt_measures(view, fitted.columns) == shown

    view.setRowHidden(model.row_of_day(3), False)
    for column in fitted.columns:
        view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
    asked = _count_column_measures(view)
    view.openPersistentEditor(model.index(model.row_of_day(7), COL_PLT))
    fitted._widths.clear()
    fitted.refit()
    assert COL_PLT in asked
    view.closePersistentEditor(model.index(model.row_of_day(7), COL_PLT))
