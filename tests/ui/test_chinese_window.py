"""The window in Simplified Chinese: nothing left in English but ids, units, codes and registry quotes;
the language is chosen at first start from the system, switched at once, remembered per user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ctit_gui import i18n
from ctit_gui.ui import language
from ctit_gui.ui.calendar_model import COL_PLT

from .conftest import EXAMPLES_DIR, TODAY
from .english_walk import english_words, registry_sentences, typed_values, visible_strings


@pytest.fixture
def chinese(qapp):
    language.apply_language("zh_CN", qapp)
    yield
    language.apply_language("en", qapp)


@pytest.fixture
def zh_window(chinese, qtbot, protocols):
    from ctit_gui.ui.main_window import MainWindow

    win = MainWindow(protocols, today=lambda: TODAY)
    qtbot.addWidget(win, before_close_func=lambda w: w.setWindowModified(False))
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.ensure_chart()
    return win


def _set_plt(window, day: int, value: str) -> None:
    model = window.calendar_model
    model.setData(model.index(model.row_of_day(day), COL_PLT), value)


def _english_left(window) -> dict[str, list[str]]:
    quotes = registry_sentences()
    typed = typed_values(window)
    left = {}
    for where, text in visible_strings(window):
        words = english_words(text, quotes, typed)
        if words:
            left[f"{where}: {text[:80]!r}"] = words
    return left


def test_rescue_then_stop_case_reads_in_chinese(zh_window, qtbot):
    """Day 7 rescue-level count with bleeding risk, day 10 count at the stop limit."""
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    _set_plt(zh_window, 10, "120")
    banners = " ".join(text for _, text in visible_strings(zh_window))
    assert "挽救治疗" in banners and "停药" in banners
    assert _english_left(zh_window) == {}


def test_incomplete_case_reads_in_chinese(zh_window):
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-incomplete.json")
    assert _english_left(zh_window) == {}


def test_empty_window_reads_in_chinese(zh_window):
    assert _english_left(zh_window) == {}
