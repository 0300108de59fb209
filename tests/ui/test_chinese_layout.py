"""The window in Chinese at ward sizes (1024×768 and 1366×768): the patient header, the verdict, the
STOP and RESCUE banners, today's row and six rows of the table in use show unclipped, and no label
or button of the window is cut. Screenshots: docs/window-zh-*.png (tests.ui.screenshot_chinese)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel

from ctit_gui.ui import language
from ctit_gui.ui.case_screen.case_form import state_from_case

from .conftest import leave_quietly
from .test_ward_sizes import DAY10, SIZES, _rows_shown, _shown_whole, _text_fits, stop_then_rescue_case

CHINESE_SIZES = {name: SIZES[name] for name in ("1024x768", "1366x768")}


@pytest.fixture
def zh_ward_window(qtbot, qapp, protocols):
    from ctit_gui.ui.main_window import MainWindow

    language.apply_language("zh_CN", qapp)

    def make(size):
        window = MainWindow(protocols, today=lambda: DAY10)
        qtbot.addWidget(window, before_close_func=leave_quietly)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        window.ensure_chart()  # as after the first paint
        window.set_state(state_from_case(stop_then_rescue_case(protocols)))
        qtbot.wait(50)
        return window
    yield make
    language.apply_language("en", qapp)


def _cut(window) -> list[str]:
    """Labels and buttons whose one-line text is wider (or taller) than the room they were given."""
    problems = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible() or (isinstance(widget, QLabel) and (widget.wordWrap() or not widget.text())):
            continue
        if widget.sizeHint().width() > widget.width() + 1 or widget.sizeHint().height() > widget.height() + 1:
            problems.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r} "
                            f"{widget.width()}×{widget.height()} < {widget.sizeHint().width()}×"
                            f"{widget.sizeHint().height()}")
    return problems


@pytest.mark.parametrize("name", list(CHINESE_SIZES))
def test_chinese_window_holds_at_ward_sizes(qtbot, zh_ward_window, name):
    window = zh_ward_window(CHINESE_SIZES[name])
    hint = window.minimumSizeHint()
    assert hint.width() <= CHINESE_SIZES[name][0] and hint.height() <= CHINESE_SIZES[name][1]
    header = window.header
    for label in (header.who, header.verdict, header.status):
        assert _shown_whole(label, window) and _text_fits(label), (name, label.text())
    assert "治疗第10天（共14天）" in header.who.text() and "试验组：rhTPO + 海曲泊帕" in header.who.text()
    assert header.verdict.text() == "符合入组条件"
    assert "挽救治疗" in header.status.text() and "不得给药" in header.status.text()
    banners = {b.data.kind: b for b in window.banners.banners}
    for kind in ("stop", "rescue"):
        assert _shown_whole(banners[kind], window) and _text_fits(banners[kind].body), (name, kind)
    calendar, model = window.calendar, window.calendar_model
    shown = _rows_shown(calendar)
    assert model.row_of_day(10) in shown and len(shown) >= 6, (name, shown)
    assert _cut(window) == [], name
    table = window.eligibility_panel.table
    table.setFocus()
    qtbot.wait(10)
    assert len(_rows_shown(table)) >= 6, name
    assert _cut(window) == [], name
