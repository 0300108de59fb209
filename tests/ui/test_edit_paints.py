"""An edit is painted once, in its final place, and what is on the screen is what the window draws
(issue 17: a DO NOT DOSE or STOP that comes or goes painted the calendar twice, and once left rows
stale on the screen)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QImage

from ctit_gui.ui.case_screen.calendar_model import COL_PLT
from ctit_gui.ui.case_screen.criteria_model import COL_ANSWER

from .bedside import EventCount
from .conftest import case_window
from .test_ward_sizes import DAY10

CASE = "nct07334093-experimental-eligible.json"  # baseline PLT 32, day 7 PLT 85: stop from day 8


class Paints(EventCount):
    """Counts the paint events a widget receives."""

    def __init__(self, widget):
        super().__init__(widget, QEvent.Type.Paint)


@pytest.fixture
def ward_window(qtbot, protocols, example):
    def make(width: int, height: int):
        win = case_window(qtbot, protocols, example(CASE), DAY10, width, height)
        win.ensure_chart()
        qtbot.wait(100)
        return win
    return make


def _day7(window, value: str) -> None:
    model = window.calendar_model
    model.setData(model.index(model.row_of_day(7), COL_PLT), value)


def _on_screen(window) -> QImage:
    return window.screen().grabWindow(window.winId()).toImage().convertToFormat(QImage.Format.Format_RGB32)


def _drawn(window) -> QImage:
    return window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (1280, 800)])
def test_after_counts_that_stop_the_drug_and_back_the_screen_shows_what_the_window_draws(qtbot, ward_window, size):
    window = ward_window(*size)
    for value in ("60", "140", "60", "85"):  # no stop, STOP on day 7, no stop, STOP from day 8
        _day7(window, value)
        qtbot.wait(100)
        assert _on_screen(window) == _drawn(window), (size, value)


def test_a_verdict_flip_paints_the_calendar_once(qtbot, ward_window):
    window = ward_window(1280, 800)
    criteria = window.eligibility_panel.model
    paints = Paints(window.calendar.viewport())
    for present in (True, False, True):  # DO NOT DOSE on every row (one line), and back (two-line doses)
        heights = [window.calendar.rowHeight(r) for r in range(window.calendar_model.rowCount())]
        paints.count = 0
        criteria.setData(criteria.index(criteria.row_of("EX2"), COL_ANSWER), present)
        qtbot.wait(100)
        assert heights != [window.calendar.rowHeight(r) for r in range(window.calendar_model.rowCount())]
        assert paints.count == 1, present
        assert _on_screen(window) == _drawn(window)


def test_new_words_in_banners_verdict_and_legend_are_painted_once(qtbot, ward_window):
    """A rich-text label with new words was painted twice per edit: its paint laid the words out and
    that asked for another paint of the same label (issue 17). Baseline counts that make the patient
    not eligible (50: DO NOT DOSE, one threshold line fewer in the legend) and eligible with a STOP
    again (20); every banner, spares included, and the verdict word and legend are watched."""
    window = ward_window(1280, 800)
    field = window.labs_panel.rows["plt"].value
    repainted = 0
    for value in ("40", "50", "20", "50", "20"):
        labels = [window.eligibility_panel.verdict.word, window.chart.legend_box.label]
        labels += [b.body for b in window.banners.banners + window.banners._spare]
        before = [(label.text(), label.isVisible()) for label in labels]
        paints = [Paints(label) for label in labels]
        field.setText(value)
        field.textEdited.emit(value)
        qtbot.wait(100)
        for label, (text, was_visible), painted in zip(labels, before, paints):
            if label.isVisible() and (label.text() != text or not was_visible):
                repainted += 1
                assert painted.count == 1, (value, label.text()[:60], painted.count)
        assert _on_screen(window) == _drawn(window), value
    assert repainted >= 8  # the verdict, the legend and the banners' words did change


class LayoutRequests(QObject):
    """Counts the layout requests each watched widget handles."""

    def __init__(self, widgets):
        super().__init__()
        self.counts = {id(w): 0 for w in widgets}
        self.names = {id(w): type(w).__name__ for w in widgets}
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:
            self.counts[id(watched)] += 1
        return False

    def most(self) -> dict[str, int]:
        return {self.names[k]: v for k, v in self.counts.items() if v > 1}


def test_a_plt_field_edit_that_flips_the_verdict_lays_the_window_out_once(qtbot, ward_window):
    """The header, the verdict, the labs' grade line and the banners each reached the window a pass
    apart: the window, its pages and the splitters were laid out up to three times per edit."""
    window = ward_window(1280, 800)
    field = window.labs_panel.rows["plt"].value
    above, widget = [window.top_splitter, window.right_splitter, window.main_splitter], window.header.parentWidget()
    while widget is not None:  # the case's page, the pages, the window
        above.append(widget)
        widget = widget.parentWidget()
    requests = LayoutRequests(above)
    seen = []
    for value in ("59", "50", "20", "59", "36", "50"):  # eligible, NOT ELIGIBLE at 50, a STOP at 20, …
        requests.counts = dict.fromkeys(requests.counts, 0)
        field.setText(value)
        field.textEdited.emit(value)
        qtbot.wait(50)
        seen.append(window.header.verdict.text())
        assert requests.most() == {}, value
        assert _on_screen(window) == _drawn(window), value
    assert len(set(seen)) > 1  # the verdict did flip
