"""The calendar's cells copied from pictures of what they painted, and rows that come back to an
earlier state answering from what they answered then (issue 17): what the clinician sees is what
painting every cell afresh shows, after every kind of change; a remembered answer is never stale."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from ctit_gui.ui.case_screen.calendar_model import COL_BLEEDING, COL_DATE, COL_DOSES, COL_PLT

from .bedside import attest_with_control, comparable, enter_day_plt, enter_lab
from .test_view_updates import ROLES


def _grab(view) -> QImage:
    return view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _painted_afresh(view) -> QImage:
    """The calendar as painting every cell without pictures shows it."""
    view.pictures.enabled = False
    try:
        return _grab(view)
    finally:
        view.pictures.enabled = True


def _started(qtbot, view) -> None:
    """The change painted (the pictures start after that paint), then painted again."""
    _grab(view)
    qtbot.wait(10)
    _grab(view)


def _shows_what_it_paints(qtbot, view, what: str) -> None:
    qtbot.wait(10)
    made = view.pictures.made
    shown = _grab(view)
    assert shown == _painted_afresh(view), what
    assert view.pictures.made >= made  # (drawn through the pictures, some perhaps new)


def test_a_window_just_opened_keeps_no_cell_pictures_and_the_first_change_starts_them(qtbot, eligible_case):
    """Peak memory with a case open is measured with no edit: no pictures then."""
    view = eligible_case.calendar
    assert view.pictures.made == 0
    enter_lab(qtbot, eligible_case, "plt", "50")
    _started(qtbot, view)
    assert view.pictures.made > 0


def test_the_first_change_is_painted_as_before_and_pictures_start_once_it_is_shown(qtbot, eligible_case):
    """Pictures need the style's name, and reading it makes PySide build its ``QStyle`` type (~7 ms,
    once per process): that is done after the clinician's first edit is on the screen, not before."""
    view = eligible_case.calendar
    enter_lab(qtbot, eligible_case, "plt", "50")
    view.viewport().repaint()  # the change's paint, before any timer has run
    assert (view.pictures.enabled, view.pictures.made) == (False, 0)
    qtbot.wait(10)
    assert view.pictures.enabled
    _grab(view)
    assert view.pictures.made > 0


def test_cells_drawn_from_pictures_look_as_painted_afresh_through_flips_and_back(qtbot, eligible_case):
    """NOT ELIGIBLE, eligible again with STOP, STOP from day 8, and back again (the pictures of the
    first pass are used in the second)."""
    view = eligible_case.calendar
    for value in ("50", "20", "36", "59", "50", "20", "36", "59"):
        enter_lab(qtbot, eligible_case, "plt", value)
        _shows_what_it_paints(qtbot, view, value)
    made = view.pictures.made
    enter_lab(qtbot, eligible_case, "plt", "50")
    _shows_what_it_paints(qtbot, view, "50 again")
    assert view.pictures.made == made  # every cell came from a picture


def test_a_cell_picture_follows_its_changed_words(qtbot, eligible_case):
    """A count typed over another of the same width: the same cell size, other words."""
    view = eligible_case.calendar
    enter_lab(qtbot, eligible_case, "plt", "21")
    for value in ("61", "62", "61", "62"):
        enter_day_plt(qtbot, eligible_case, 7, value)
        _shows_what_it_paints(qtbot, view, value)
        model = view.model()
        assert model.index(model.row_of_day(7), COL_PLT).data() == value


def test_cell_pictures_follow_a_new_font_and_palette(qtbot, eligible_case):
    view = eligible_case.calendar
    enter_lab(qtbot, eligible_case, "plt", "50")
    enter_lab(qtbot, eligible_case, "plt", "20")
    _shows_what_it_paints(qtbot, view, "before")
    font = QFont(view.font())
    font.setItalic(True)
    view.setFont(font)
    _shows_what_it_paints(qtbot, view, "italic font")
    palette = QPalette(view.palette())
    palette.setColor(QPalette.ColorRole.Text, Qt.GlobalColor.darkBlue)
    view.setPalette(palette)
    _shows_what_it_paints(qtbot, view, "dark blue text")
    app_font = QFont(QApplication.font())
    try:
        bigger = QFont(app_font)
        bigger.setBold(True)
        QApplication.setFont(bigger)
        _shows_what_it_paints(qtbot, view, "bold application font")
    finally:
        QApplication.setFont(app_font)


def test_the_current_and_selected_cell_are_painted_with_their_focus_not_copied(qtbot, eligible_case):
    """The current cell shows the focus frame: moving it leaves no frame behind in a picture."""
    view = eligible_case.calendar
    model = view.model()
    enter_lab(qtbot, eligible_case, "plt", "50")
    view.setFocus()
    for day in (3, 4, 3, 5):
        view.setCurrentIndex(model.index(model.row_of_day(day), COL_DATE))
        _shows_what_it_paints(qtbot, view, f"current day {day}")
        view.setCurrentIndex(model.index(model.row_of_day(day), COL_DOSES))
        _shows_what_it_paints(qtbot, view, f"current doses day {day}")
        view.selectionModel().clearSelection()  # current, not selected: the focus frame alone
        _shows_what_it_paints(qtbot, view, f"current doses day {day}, nothing selected")


def test_rows_that_come_back_to_an_earlier_state_answer_as_computed_afresh(qtbot, eligible_case):
    """Each state twice (the second time from what the row answered the first): every cell and
    role equals what the model computes for it alone — a refused count, a bleeding risk changed
    alone, STOP, DO NOT DOSE and back."""
    window = eligible_case
    model = window.calendar_model
    roles = ROLES + (Qt.ItemDataRole.CheckStateRole,)
    steps = (("day", "60"), ("risk", True), ("day", "52x"), ("attest", True), ("risk", False), ("day", "140"),
             ("attest", False))
    for _ in range(2):
        for kind, value in steps:
            row = model.row_of_day(7)
            if kind == "day":
                assert model.setData(model.index(row, COL_PLT), value)
            elif kind == "risk":
                assert model.setData(model.index(row, COL_BLEEDING), value)
            else:
                attest_with_control(qtbot, window, "EX2", value)
            qtbot.wait(10)
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    for role in roles:
                        alone = model._data(model.plan_day(row), column, role) if role in model._ROLES else None
                        assert comparable(index.data(role)) == comparable(alone), (kind, value, row, column, role)


def test_changed_rows_are_as_tall_as_qt_makes_them_with_the_header_section_taller_or_shorter(qtbot, eligible_case):
    """A changed row's height is the larger of its cells' and its (hidden) header section's hint,
    as ``resizeRowToContents`` makes it; the header's hint, remembered, follows its limits."""
    view = eligible_case.calendar
    header = view.verticalHeader()
    small, large = QFont(header.font()), QFont(header.font())
    large.setPointSize(24)  # the header section's own hint taller than a one-line row
    for minimum, font in ((30, small), (12, small), (12, large), (30, small), (12, small)):
        header.setMinimumSectionSize(minimum)
        header.setFont(font)
        for value in ("50", "20", "36"):
            enter_lab(qtbot, eligible_case, "plt", value)
            qtbot.wait(10)
            heights = [view.rowHeight(row) for row in range(view.model().rowCount())]
            for row in range(view.model().rowCount()):
                view.resizeRowToContents(row)
            assert heights == [view.rowHeight(row) for row in range(view.model().rowCount())], \
                (minimum, font.pointSize(), value)


def test_a_cell_painted_outside_the_view_s_paint_is_painted_as_before(qtbot, eligible_case):
    """(A drag picture or another caller of the delegate: not drawn from a picture of the last
    paint's context, whose focus, selection and palette may not be its own.)"""
    from PySide6.QtWidgets import QStyleOptionViewItem

    view = eligible_case.calendar
    enter_lab(qtbot, eligible_case, "plt", "50")
    _started(qtbot, view)
    assert view.pictures.made > 0
    index = view.indexAt(view.viewport().rect().center()).siblingAtColumn(COL_DOSES)  # a cell in sight
    option = QStyleOptionViewItem()
    option.rect = view.visualRect(index)
    image = QImage(view.viewport().size(), QImage.Format.Format_RGB32)
    painter = QPainter(image)
    try:
        assert not view.pictures.draw(painter, option, index, lambda *_args: None)
    finally:
        painter.end()


def _style_asked(view) -> list[int]:
    """Each time the view's style object is asked for from Python, an entry."""
    from PySide6.QtWidgets import QTableView

    asked: list[int] = []
    view.style = lambda: asked.append(1) or QTableView.style(view)
    return asked


def test_in_the_program_s_style_the_pictures_never_ask_for_the_style_object(qtbot, eligible_case):
    """The tests' application is the program's (``create_application``: Fusion, chosen at start):
    the pictures know the style without a QStyle object in Python (issue 17: the first one costs
    ~44 M instructions), and copy cells as painted afresh."""
    from ctit_gui.ui.app import chosen_style

    view = eligible_case.calendar
    asked = _style_asked(view)
    assert chosen_style() == "fusion"
    for value in ("50", "20", "36"):
        enter_lab(qtbot, eligible_case, "plt", value)
        _started(qtbot, view)
        _shows_what_it_paints(qtbot, view, value)
    assert view.pictures.made > 0
    assert asked == []


def _paints_as_before(qtbot, window, view, values, what: str) -> None:
    """Changed cells painted straight onto the view: no picture made (none is kept after a style change)."""
    made = view.pictures.made
    for value in values:
        enter_lab(qtbot, window, "plt", value)
        qtbot.wait(10)
        assert _grab(view) == _painted_afresh(view), (what, value)
    assert view.pictures.made == made, what


@pytest.mark.parametrize("on_window", [False, True])
def test_a_style_sheet_on_the_calendar_or_its_window_turns_the_pictures_off_until_it_is_removed(
        qtbot, eligible_case, on_window):
    view = eligible_case.calendar
    asked = _style_asked(view)
    enter_lab(qtbot, eligible_case, "plt", "50")
    _started(qtbot, view)
    assert view.pictures.made > 0 and asked == []  # the program's style, not asked
    target = eligible_case if on_window else view
    target.setStyleSheet("QTableView { gridline-color: #ff0000; }")
    _paints_as_before(qtbot, eligible_case, view, ("20", "36", "50"), "style sheet")
    target.setStyleSheet("")
    made = view.pictures.made
    for value in ("20", "36"):
        enter_lab(qtbot, eligible_case, "plt", value)
        _shows_what_it_paints(qtbot, view, f"style sheet removed, {value}")
    assert view.pictures.made > made  # Fusion again (now asked by name)


def test_another_style_on_the_calendar_turns_the_pictures_off(qtbot, eligible_case):
    from PySide6.QtWidgets import QStyleFactory

    view = eligible_case.calendar
    asked = _style_asked(view)
    enter_lab(qtbot, eligible_case, "plt", "50")
    _started(qtbot, view)
    assert view.pictures.made > 0 and asked == []
    windows = QStyleFactory.create("Windows")
    view.setStyle(windows)
    _paints_as_before(qtbot, eligible_case, view, ("20", "36", "50"), "Windows style")
    assert view.style().name() == "windows"
    view.setStyle(None)  # the application's again
    windows.deleteLater()
