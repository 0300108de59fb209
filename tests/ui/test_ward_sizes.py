"""The window at ward screen sizes, with a patient under an active STOP and RESCUE: without
scrolling, the patient header (id, trial, arm, treatment day), the verdict in words, every active
STOP/RESCUE banner, today's calendar row and at least six rows of the table in use are visible,
and none of them is clipped.

Sizes are the screens' areas less a taskbar and title bar. 1920×1080 at 150 % scaling is
1280×720 logical pixels, which is what the layout sees (docs/ screenshots are also taken with
QT_SCALE_FACTOR=1.5).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLabel

from ctit_gui.core.session import parse_case_json
from ctit_gui.ui.case_screen.case_form import state_from_case

from .conftest import EXAMPLES_DIR, leave_quietly

#: Day 10 of the stop-then-rescue case (day 1 = 2026-02-03).
DAY10 = date(2026, 2, 12)
SIZES = {"1024x768": (1024, 700), "1366x768": (1366, 700), "1920x1080": (1920, 1010),
         "1920x1080 at 150 %": (1280, 650)}


def stop_then_rescue_case(protocols):
    """SYSU-0042: day-7 count meets the stop rule (120), day-10 count is at rescue level (8)."""
    data = json.loads((EXAMPLES_DIR / "nct07334093-experimental-eligible.json").read_text())
    data["platelet_checks"] = [{"day": 7, "value": 120, "unit": "10^9/L", "bleeding_risk": False},
                               {"day": 10, "value": 8, "unit": "10^9/L", "bleeding_risk": True}]
    return parse_case_json(json.dumps(data), protocols)


def _shown_whole(widget, window) -> bool:
    """Visible, inside the window, and not cut by a parent (its visible region is its whole rect)."""
    if not widget.isVisible() or widget.width() <= 0 or widget.height() <= 0:
        return False
    inside = QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())
    return window.rect().contains(inside) and widget.visibleRegion().boundingRect() == widget.rect()


def _text_fits(label: QLabel) -> bool:
    if label.wordWrap():
        return label.heightForWidth(label.width()) <= label.height() + 1
    return label.sizeHint().width() <= label.width() + 1


def _rows_shown(view: QAbstractItemView) -> list[int]:
    viewport = view.viewport().rect()
    model = view.model()
    return [r for r in range(model.rowCount()) if viewport.contains(view.visualRect(model.index(r, 0)))]


@pytest.fixture
def ward_window(qtbot, protocols):
    from ctit_gui.ui.main_window import MainWindow

    def make(size):
        window = MainWindow(protocols, today=lambda: DAY10)
        qtbot.addWidget(window, before_close_func=leave_quietly)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.set_state(state_from_case(stop_then_rescue_case(protocols)))
        qtbot.wait(50)  # the calendar fits its rows and scrolls to today after the columns settle
        return window
    return make


@pytest.mark.parametrize("name", list(SIZES))
def test_patient_verdict_banners_today_and_six_rows_show_unclipped(qtbot, ward_window, name):
    window = ward_window(SIZES[name])
    assert (window.width(), window.height()) == SIZES[name]
    hint = window.minimumSizeHint()
    assert hint.width() <= SIZES[name][0] and hint.height() <= SIZES[name][1]

    header = window.header
    for label in (header.who, header.verdict, header.status):
        assert _shown_whole(label, window) and _text_fits(label), (name, label.text())
    assert all(part in header.who.text() for part in ("SYSU-0042", "NCT07334093", "rhTPO + hetrombopag",
                                                      "treatment day 10 of 14"))
    assert header.verdict.text() == "ELIGIBLE"
    assert "RESCUE" in header.status.text() and "DO NOT DOSE" in header.status.text()

    banners = {b.data.kind: b for b in window.banners.banners}
    assert {"stop", "rescue"} <= set(banners)
    for kind in ("stop", "rescue"):
        assert _shown_whole(banners[kind], window), (name, kind)
        assert _text_fits(banners[kind].body), (name, kind)

    calendar, model = window.calendar, window.calendar_model
    assert _shown_whole(calendar, window)
    shown = _rows_shown(calendar)
    assert model.row_of_day(10) in shown, (name, shown)
    assert len(shown) >= 6, (name, shown)

    table = window.eligibility_panel.table  # the user moves to the criteria: they get the rows
    table.setFocus()
    table.setCurrentIndex(table.model().index(0, 0))
    qtbot.wait(10)
    assert _shown_whole(window.eligibility_panel.verdict, window)
    assert len(_rows_shown(table)) >= 6, name
    assert _shown_whole(header.who, window) and _shown_whole(header.verdict, window)
    assert model.row_of_day(10) in _rows_shown(calendar), name  # today's row stays in view
    assert all(_shown_whole(b, window) for b in window.banners.banners if b.data.kind in ("stop", "rescue")), name

    calendar.setFocus()  # and back to the calendar
    qtbot.wait(10)
    assert len(_rows_shown(calendar)) >= 6 and model.row_of_day(10) in _rows_shown(calendar)


def test_a_folded_input_column_opens_when_focus_goes_there(qtbot, ward_window):
    window = ward_window(SIZES["1024x768"])
    assert window.main_splitter.sizes()[0] == 0  # folded while the calendar is in use
    window.patient_panel.weight.setFocus()
    qtbot.wait(10)
    assert window.main_splitter.sizes()[0] > 0
    assert _shown_whole(window.patient_panel.weight, window) or window.inputs_scroll.viewport().rect().intersects(
        window.patient_panel.weight.geometry())
    assert QApplication.focusWidget() is window.patient_panel.weight


@pytest.mark.parametrize("name", ["1024x768"])
def test_a_window_opened_on_a_narrow_screen_keeps_the_input_column_folded_and_no_field_takes_keys(
        qtbot, protocols, name):
    """Activating the window gives Qt's first focus to the first field of the (folded) input column;
    that opened the column, leaving the calendar three rows in Chinese. Nobody chose that field:
    the column stays folded and keys typed then go into no field; Tab or a click opens it."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit

    from ctit_gui.ui.main_window import MainWindow

    window = MainWindow(protocols, today=lambda: DAY10)
    qtbot.addWidget(window, before_close_func=leave_quietly)
    window.resize(*SIZES[name])
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.wait(20)
    window.set_state(state_from_case(stop_then_rescue_case(protocols)))
    qtbot.wait(50)
    assert window.main_splitter.sizes()[0] == 0
    focus = QApplication.focusWidget()
    assert focus is None or not window.inputs.isAncestorOf(focus), focus
    before = window.state
    qtbot.keyClicks(window, "77")
    assert window.state == before
    assert [e.text() for e in window.inputs.findChildren(QLineEdit) if "77" in e.text()] == []
    qtbot.keyClick(window, Qt.Key.Key_Tab)  # Tab goes on into the column, which opens
    qtbot.wait(10)
    focus = QApplication.focusWidget()
    assert focus is not None and window.inputs.isAncestorOf(focus) and window.main_splitter.sizes()[0] > 0



def test_a_refused_value_in_the_folded_input_column_is_shown_where_it_was_typed(qtbot, ward_window):
    """On a narrow screen a value of the folded input column that the core refuses (an ALT ULN of 4,000 U/L)
    opened nothing: its message stayed out of sight. The column opens for it, stays open while it is refused
    (a move to the calendar does not fold it), folds on Ctrl+Shift+I, and folds by itself again once the
    value is corrected."""
    window = ward_window(SIZES["1024x768"])
    assert window.main_splitter.sizes()[0] == 0
    case = state_from_case(stop_then_rescue_case(window.protocols))
    refused = replace(case, labs={**case.labs, "alt": replace(case.labs["alt"], uln="4000")})
    window.set_state(refused)
    qtbot.wait(10)
    assert window.result.problems[("labs", "alt", "uln")]
    assert window.main_splitter.sizes()[0] > 0 and _shown_whole(window.form_summary, window)
    window.calendar.setFocus()
    qtbot.wait(10)
    assert window.main_splitter.sizes()[0] > 0, "folded again while the value is still refused"
    window.inputs_action.trigger()  # Ctrl+Shift+I
    window.calendar.setFocus()
    qtbot.wait(10)
    assert window.main_splitter.sizes()[0] == 0
    window.set_state(case)  # corrected
    window.calendar.setFocus()
    qtbot.wait(10)
    assert not window.result.problems and window.main_splitter.sizes()[0] == 0
