"""An edit changes on screen what it must and nothing else: views not touched by the new verdict or
plan are left alone, every changed cell is announced, widgets and chart series are kept."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt

from ctit_gui.ui.case_screen.banners import Banner
from ctit_gui.ui.case_screen.calendar_model import COL_NOTES, COL_PLT, COLUMNS

from .bedside import (EventCount, attest_with_control, comparable, enter_day_plt, enter_day_unit, enter_lab,
                      widths_qt_measures)

CASE = "nct07334093-experimental-eligible.json"  # baseline PLT 32, day 7 PLT 85: stop and endpoint
#: Every role the two models answer; UserRole + 1…3 are their own (day, state; criterion, blocking, attestable).
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.DecorationRole,
         Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.BackgroundRole, Qt.ItemDataRole.ForegroundRole,
         Qt.ItemDataRole.FontRole, Qt.ItemDataRole.TextAlignmentRole, Qt.ItemDataRole.AccessibleTextRole,
         *(Qt.ItemDataRole.UserRole + k for k in (1, 2, 3)))


def _cells(model) -> dict[tuple[int, int, int], object]:
    return {(row, column, int(role)): comparable(model.index(row, column).data(role))
            for row in range(model.rowCount()) for column in range(model.columnCount()) for role in ROLES}


class Announcements:
    """What a model said while an edit ran: resets and the cells of every dataChanged."""

    def __init__(self, model):
        self.resets, self.ranges = 0, []
        model.modelReset.connect(self._reset)
        model.dataChanged.connect(lambda first, last, _roles=(): self.ranges.append(
            (first.row(), first.column(), last.row(), last.column())))

    def _reset(self) -> None:
        self.resets += 1

    def covers(self, row: int, column: int) -> bool:
        return any(top <= row <= bottom and left <= column <= right for top, left, bottom, right in self.ranges)


def _watch(window):
    models = {"calendar": window.calendar_model, "criteria": window.eligibility_panel.model}
    return models, {name: _cells(model) for name, model in models.items()}, \
        {name: Announcements(model) for name, model in models.items()}


def test_recomputing_an_unchanged_case_touches_no_view(qtbot, eligible_case):
    window = eligible_case
    models, before, said = _watch(window)
    banners = list(window.banners.banners)
    series = window.chart.chart().series()
    legend = window.chart.legend.text()

    window.recompute()
    qtbot.wait(10)

    for name, model in models.items():
        assert said[name].resets == 0 and said[name].ranges == [], name
        assert _cells(model) == before[name], name
    assert window.banners.banners == banners
    assert window.chart.chart().series() == series
    assert window.chart.legend.text() == legend


EDITS = {
    "baseline PLT typed": lambda qtbot, window: enter_lab(qtbot, window, "plt", "40"),
    "day-7 PLT below the stop": lambda qtbot, window: enter_day_plt(qtbot, window, 7, "60"),
    "day-7 PLT over the stop": lambda qtbot, window: enter_day_plt(qtbot, window, 7, "140"),
    "day-7 unit": lambda qtbot, window: enter_day_unit(qtbot, window, 7, "/uL"),
    "attestation": lambda qtbot, window: attest_with_control(qtbot, window, "EX2", True),
}


@pytest.mark.parametrize("edit", EDITS)
def test_every_cell_an_edit_changes_is_announced_and_no_model_is_reset(qtbot, eligible_case, edit):
    window = eligible_case
    models, before, said = _watch(window)

    EDITS[edit](qtbot, window)

    for name, model in models.items():
        after = _cells(model)
        changed = {(row, column) for (row, column, role), value in after.items()
                   if before[name][row, column, role] != value}
        assert said[name].resets == 0, name
        assert all(said[name].covers(row, column) for row, column in changed), (name, changed, said[name].ranges)


def test_a_new_baseline_announces_only_the_cells_it_changes(qtbot, eligible_case):
    """The new baseline changes day 7's note (rise from baseline) and the PLT criterion's reason:
    no other calendar row, no other criterion, and not the columns sized to their contents."""
    window = eligible_case
    _models, _before, said = _watch(window)

    enter_lab(qtbot, window, "plt", "33")

    calendar_rows = {row for top, _left, bottom, _right in said["calendar"].ranges for row in range(top, bottom + 1)}
    assert calendar_rows == {window.calendar_model.row_of_day(7)}
    assert {(left, right) for _top, left, _bottom, right in said["calendar"].ranges} == {(COL_NOTES, COL_NOTES)}
    criteria_rows = {row for top, _left, bottom, _right in said["criteria"].ranges for row in range(top, bottom + 1)}
    assert len(criteria_rows) == 1


def test_a_count_typed_into_the_calendar_is_announced_once(qtbot, eligible_case):
    """The window recomputes inside the edit; its new plan announces the row, the edit not again."""
    window = eligible_case
    row = window.calendar_model.row_of_day(7)
    said = Announcements(window.calendar_model)

    enter_day_plt(qtbot, window, 7, "60")

    covering = [(left, right) for top, left, bottom, right in said.ranges if top <= row <= bottom]
    assert covering == [(0, COLUMNS - 1)]  # the day's whole row, once


def test_a_count_set_on_a_calendar_alone_is_announced(qtbot, protocols):
    from datetime import date

    from ctit_gui.core.session import assess, read_case
    from ctit_gui.ui.case_screen.calendar_model import CalendarModel
    from ctit_gui.ui.case_screen.case_form import state_from_case

    from .conftest import EXAMPLES_DIR

    case = read_case(EXAMPLES_DIR / CASE, protocols)
    model = CalendarModel()
    model.set_plan(assess(case, protocols, date(2026, 2, 9)).plan, state_from_case(case).days, {}, "10^9/L")
    row = model.row_of_day(3)

    with qtbot.waitSignal(model.dataChanged) as blocker:
        assert model.setData(model.index(row, COL_PLT), "25")

    assert (blocker.args[0].row(), blocker.args[1].row()) == (row, row)
    assert model.index(row, COL_PLT).data() == "25"


def test_calendar_rows_keep_fitting_their_text_when_the_plan_stops_the_drug(qtbot, eligible_case):
    window = eligible_case
    enter_day_plt(qtbot, window, 7, "60")
    enter_day_plt(qtbot, window, 7, "140")  # stopped from day 8: one-line dose cells
    qtbot.wait(10)
    heights = [window.calendar.rowHeight(row) for row in range(window.calendar_model.rowCount())]

    window.calendar.resizeRowsToContents()

    assert [window.calendar.rowHeight(row) for row in range(window.calendar_model.rowCount())] == heights


def _banner_widgets(window) -> list[Banner]:
    return window.banners.inner.findChildren(Banner)


def test_banners_are_rewritten_in_place_hidden_and_shown_again_not_rebuilt(qtbot, eligible_case):
    window = eligible_case
    assert window.banners.kinds() == ["stop", "response"]
    stop, response = window.banners.banners
    made = set(_banner_widgets(window))

    enter_day_plt(qtbot, window, 7, "140")  # same events, other words
    assert window.banners.banners == [stop, response]
    assert "PLT 140" in stop.plain_text() and "PLT 140" in stop.body.text()

    enter_day_plt(qtbot, window, 7, "60")  # no event: no banner shown (the area keeps its height, below)
    assert window.banners.kinds() == []
    assert not stop.isVisible() and not response.isVisible()

    enter_day_plt(qtbot, window, 7, "10")  # rescue: a kept widget, in the rescue colours
    assert window.banners.kinds() == ["rescue"]
    rescue = window.banners.banners[0]
    assert rescue in made and rescue.isVisible() and rescue.severity == "fail"

    enter_day_plt(qtbot, window, 7, "300")
    assert window.banners.kinds() == ["stop", "response"]
    assert set(_banner_widgets(window)) == made
    shown = [window.banners.column.itemAt(i).widget() for i in range(window.banners.column.count())]
    assert [b for b in shown if b is not None and b.isVisible()] == window.banners.banners
    assert all(b.isVisible() for b in window.banners.banners)


def test_the_banner_area_keeps_its_height_while_a_case_is_shown_and_fits_the_next_case(qtbot, eligible_case):
    """A STOP banner that comes and goes as the day-7 count crosses 100 leaves its space empty: the
    calendar below does not move (and is not laid out again) on every such edit (issue 17)."""
    from ctit_gui.ui.case_screen.case_form import FormState

    window = eligible_case
    assert window.banners.kinds() == ["stop", "response"]
    height, calendar_top = window.banners.height(), window.calendar.y()  # within the treatment box
    assert height > 0

    for count in ("60", "300", "10", "140"):
        enter_day_plt(qtbot, window, 7, count)
        qtbot.wait(1)
        assert window.banners.height() == height, count
        assert window.calendar.y() == calendar_top, count
    enter_day_plt(qtbot, window, 7, "60")
    assert window.banners.kinds() == [] and window.banners.isVisible()

    window.set_state(FormState())  # another case (here: none): the area fits it, no more
    qtbot.wait(1)
    assert window.banners.kinds() == [] and not window.banners.isVisible()
    assert window.banners.maximumHeight() == 0


def test_the_chart_keeps_its_series_and_moves_the_rise_line_with_the_baseline(qtbot, eligible_case):
    chart = eligible_case.chart
    series = chart.chart().series()

    enter_lab(qtbot, eligible_case, "plt", "40")
    qtbot.wait(10)

    assert chart.chart().series() == series
    lines = {round(s.points()[0].y()) for s in series if s.isVisible() and len(s.points()) == 2}
    assert 40 + 50 in lines and 32 + 50 not in lines  # baseline + rise
    assert chart.points[0] == (0, 40)
    assert "baseline + rise = 90" in chart.legend.text()
    box = chart.legend_box
    assert box.height() >= chart.legend.heightForWidth(box.width())


def test_threshold_lines_renamed_recoloured_or_hidden_do_not_lay_the_chart_out_again(qtbot, eligible_case):
    """A baseline that merges, parts or drops threshold lines gives their series a new name, pen or
    visibility; QtCharts' own legend (hidden) then laid the whole chart out anew — the axes measured
    and their labels made again, ~4 M instructions (issue 17). Only a new size or scale may."""
    chart = eligible_case.chart
    requests = EventCount(chart.chart(), QEvent.Type.LayoutRequest)
    changed = 0
    for value in ("59", "20", "50", "51", "20", "59"):
        before = [(s.name(), s.pen().color().name(), s.isVisible()) for s in chart.chart().series()]
        size, scale = chart.view.size(), (chart.axis_y.min(), chart.axis_y.max(), chart.axis_x.max())
        requests.count = 0
        enter_lab(qtbot, eligible_case, "plt", value)
        qtbot.wait(10)
        if chart.view.size() == size and (chart.axis_y.min(), chart.axis_y.max(), chart.axis_x.max()) == scale:
            changed += before != [(s.name(), s.pen().color().name(), s.isVisible()) for s in chart.chart().series()]
            assert requests.count == 0, value
    assert changed >= 2  # series did change in place, with the chart left alone


def test_models_updated_in_place_still_obey_the_model_contract(qtbot, qtmodeltester, eligible_case):
    window = eligible_case
    qtmodeltester.check(window.calendar_model)
    enter_day_plt(qtbot, window, 7, "140")
    enter_lab(qtbot, window, "plt", "40")
    qtmodeltester.check(window.eligibility_panel.proxy)
    attest_with_control(qtbot, window, "EX2", True)
    window.eligibility_panel.blocking_only.setChecked(True)
    attest_with_control(qtbot, window, "EX2", False)
    enter_lab(qtbot, window, "plt", "33")


def test_an_empty_chart_shows_no_scale_and_a_case_brings_it_back(qtbot, window, dialogs, example):
    window.ensure_chart()
    assert window.chart.axis_y.labelsVisible() is False
    assert window.chart.chart().title() == "No platelet counts yet"
    dialogs.open_names.append(str(example(CASE)))
    window.open_action.trigger()
    assert window.chart.axis_y.labelsVisible() is True
    assert window.chart.chart().title() == ""


def test_remembered_calendar_cell_sizes_match_a_fresh_measure_after_the_drug_stops_and_resumes(qtbot, eligible_case):
    """The dose and notes cells remember their size per text and width: after STOP flips on and off
    the rows are exactly as tall as Qt's own delegate measures them from scratch."""
    from PySide6.QtWidgets import QStyledItemDelegate

    from ctit_gui.ui.case_screen.calendar_model import COL_DOSES

    window = eligible_case
    view, model = window.calendar, window.calendar_model
    for count in ("60", "140", "60", "10", "140"):
        enter_day_plt(qtbot, window, 7, count)
    qtbot.wait(10)
    heights = [view.rowHeight(row) for row in range(model.rowCount())]
    assert len(set(heights)) > 1  # some rows wrap: the check below means something

    plain = QStyledItemDelegate(view)
    for column in (COL_DOSES, COL_NOTES):
        view.setItemDelegateForColumn(column, plain)
    view.resizeRowsToContents()
    assert [view.rowHeight(row) for row in range(model.rowCount())] == heights


def test_fitted_columns_are_as_wide_as_qt_measures_them_after_threshold_crossings(qtbot, eligible_case):
    """The one-line columns of the calendar and the criteria table are measured only when a cell of
    theirs shows something new; after counts and attestations that stop the drug, flip the verdict
    and come back, each is exactly as wide as Qt's ResizeToContents makes it from scratch."""
    window = eligible_case
    panel = window.eligibility_panel
    model = window.calendar_model
    for count, present in (("60", True), ("140", False), ("7", True), ("1234567", False), ("85", None)):
        model.setData(model.index(model.row_of_day(7), COL_PLT), count)  # as the cell editor commits it
        attest_with_control(qtbot, window, "EX2", present)
    qtbot.wait(10)
    assert window.calendar_model.index(window.calendar_model.row_of_day(7), COL_PLT).data() == "85"
    tables = ((window.calendar, window.calendar.fitted.columns), (panel.table, panel.fitted.columns))
    shown = [[view.columnWidth(c) for c in columns] for view, columns in tables]
    assert [widths_qt_measures(view, columns) for view, columns in tables] == shown


def test_a_wider_count_widens_the_plt_column_and_a_narrower_one_narrows_it_again(qtbot, eligible_case):
    window = eligible_case
    view, row = window.calendar, window.calendar_model.row_of_day(7)
    before = view.columnWidth(COL_PLT)
    enter_day_plt(qtbot, window, 7, "1234567890123")
    wide = view.columnWidth(COL_PLT)
    assert wide > before
    assert view.fontMetrics().horizontalAdvance("1234567890123") < wide
    enter_day_plt(qtbot, window, 7, "85")
    assert view.columnWidth(COL_PLT) == before
    assert window.calendar_model.index(row, COL_PLT).data() == "85"


def test_a_verdict_flip_measures_no_calendar_column_and_only_the_criteria_status_column(qtbot, eligible_case):
    """Measuring is what costs: a verdict flip changes no one-line cell of the calendar and only
    status words in the criteria table; flipping back finds the widths already known."""
    window = eligible_case
    panel = window.eligibility_panel
    calendar_before, criteria_before = window.calendar.fitted.measured, panel.fitted.measured
    attest_with_control(qtbot, window, "EX2", True)
    assert window.banners.kinds()[0] == "do_not_dose"
    assert window.calendar.fitted.measured == calendar_before
    assert panel.fitted.measured - criteria_before <= 1  # the status column, once
    attest_with_control(qtbot, window, "EX2", False)
    attest_with_control(qtbot, window, "EX2", True)
    assert panel.fitted.measured - criteria_before <= 1  # both looks known: nothing measured again


def test_remembered_row_heights_match_qt_measuring_each_row_from_scratch(qtbot, eligible_case):
    """Rows remember their height per (what each cell shows, column widths): after the verdict and
    the STOP flip on and off, every row is exactly as tall as Qt's own sizeHintForRow says."""
    from PySide6.QtWidgets import QStyledItemDelegate, QTableView

    from ctit_gui.ui.case_screen.calendar_model import COL_DOSES

    window = eligible_case
    view, model = window.calendar, window.calendar_model
    for count, present in (("60", True), ("140", False), ("60", True), ("10", False), ("140", True)):
        model.setData(model.index(model.row_of_day(7), COL_PLT), count)  # as the cell editor commits it
        attest_with_control(qtbot, window, "EX2", present)
    qtbot.wait(10)
    heights = [view.rowHeight(row) for row in range(model.rowCount())]
    assert len(set(heights)) > 1  # rows of different heights: the check below means something
    assert model.index(0, COL_DOSES).data() == "DO NOT DOSE"

    plain = QStyledItemDelegate(view)
    for column in range(model.columnCount()):
        view.setItemDelegateForColumn(column, plain)
    fresh = [max(QTableView.sizeHintForRow(view, row), view.verticalHeader().sectionSizeHint(row))
             for row in range(model.rowCount())]
    assert fresh == heights


def test_multidata_answers_exactly_what_data_answers_for_every_cell_and_role(qtbot, eligible_case):
    """Painting asks a cell's roles in one multiData call: each answer equals data()'s, in both
    models and through the criteria filter, before and after a verdict flip."""
    from PySide6.QtCore import QModelRoleData

    window = eligible_case
    panel = window.eligibility_panel
    roles = ROLES + (Qt.ItemDataRole.CheckStateRole, Qt.ItemDataRole.SizeHintRole)
    for present in (True, False):
        attest_with_control(qtbot, window, "EX2", present)
        for model in (window.calendar_model, panel.model, panel.proxy):
            assert model.rowCount() > 0
            for row in range(model.rowCount()):
                for column in range(model.columnCount()):
                    index = model.index(row, column)
                    for role in roles:
                        item = QModelRoleData(int(role))
                        model.multiData(index, item)
                        assert comparable(item.data()) == comparable(index.data(role)), (model, row, column, role)


def test_calendar_cells_prepared_per_row_equal_each_role_computed_alone(qtbot, eligible_case):
    """The calendar prepares every painted role of a changed row in one pass: each answer equals
    what the model computes for that cell and role alone, in every state the bedside reaches (STOP
    from day 8, DO NOT DOSE, a refused count, today and checkpoint rows, back to eligible)."""
    from PySide6.QtCore import QModelRoleData

    window = eligible_case
    model = window.calendar_model
    roles = ROLES + (Qt.ItemDataRole.CheckStateRole,)
    seen = set()
    for count, present in (("140", False), ("60", True), ("52x", False), ("85", False)):
        model.setData(model.index(model.row_of_day(7), COL_PLT), count)
        attest_with_control(qtbot, window, "EX2", present)
        qtbot.wait(10)  # painted: the rows prepared as the view asks for them
        for row in range(model.rowCount()):
            for column in range(model.columnCount()):
                index = model.index(row, column)
                for role in roles:
                    alone = model._data(model.plan_day(row), column, role) if role in model._ROLES else None
                    item = QModelRoleData(int(role))
                    model.multiData(index, item)
                    assert comparable(index.data(role)) == comparable(alone), (count, present, row, column, role)
                    assert comparable(item.data()) == comparable(alone), (count, present, row, column, role)
        seen.update(model.plan_day(row).state for row in range(model.rowCount()))
        seen.update("refused" for row in range(model.rowCount())
                    if model.index(row, COL_NOTES).data().startswith("\u26a0"))
    assert {"do_not_dose", "stopped", "refused", "planned"} <= seen  # every kind of row was compared


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_every_calendar_row_is_as_tall_as_qt_measures_it_after_resizes_and_a_stop(qtbot, eligible_case, size):
    """A stretched column can change width without a signal (a narrower window, the case loaded):
    the remembered row heights are keyed by the widths read at the time, so after resizing the
    window, loading and stopping the drug every row still has the height Qt measures from scratch."""
    from PySide6.QtWidgets import QTableView

    window = eligible_case
    view, model = window.calendar, window.calendar_model
    window.resize(*size)
    qtbot.wait(20)
    model.setData(model.index(model.row_of_day(7), COL_PLT), "140")  # STOP from day 8: one-line rows
    qtbot.wait(20)
    fresh = [max(QTableView.sizeHintForRow(view, row), view.verticalHeader().sectionSizeHint(row))
             for row in range(model.rowCount())]
    assert [view.sizeHintForRow(row) for row in range(model.rowCount())] == [
        QTableView.sizeHintForRow(view, row) for row in range(model.rowCount())]
    assert [view.rowHeight(row) for row in range(model.rowCount())] == fresh


def test_banners_that_fit_show_no_scroll_bar_over_their_right_edge(qtbot, eligible_case):
    """The banner area scrolls only when the banners are taller than it may grow: a scroll bar Qt
    showed while they did not fit (range 0 once they do) covered 14 px of their words."""
    area = eligible_case.banners
    area.set_ceiling(30)  # a very short window: the banners scroll
    qtbot.wait(10)
    assert area.verticalScrollBar().maximum() > 0
    area.resize(area.width() - 150, area.height())  # narrower (the input column opens): taller words
    area.set_ceiling(400)  # room again
    area.resize(area.width() + 150, area.height())
    qtbot.wait(10)
    assert area.height() < 400 and not area.verticalScrollBar().isVisible()
    for banner in area.banners:
        assert banner.visibleRegion().boundingRect() == banner.rect()
