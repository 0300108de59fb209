"""The window in Simplified Chinese: nothing left in English but ids, units, codes and registry quotes;
the language is chosen at first start from the system, switched at once, remembered per user."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from ctit_gui import i18n
from ctit_gui.ui import language
from ctit_gui.ui.case_screen.calendar_model import COL_PLT

from .conftest import EXAMPLES_DIR, leave_quietly

#: Day 11 of the control-arm rescue example (day 1 = 2026-03-10): counts of days 7 and 10 may be entered.
AFTER_DAY_10 = date(2026, 3, 20)
from .english_walk import english_words, registry_sentences, typed_values, visible_strings


@pytest.fixture
def chinese(qapp):
    language.apply_language("zh_CN", qapp)
    yield
    language.apply_language("en", qapp)


@pytest.fixture
def zh_window(chinese, qtbot, protocols):
    from ctit_gui.ui.main_window import MainWindow

    win = MainWindow(protocols, today=lambda: AFTER_DAY_10)
    qtbot.addWidget(win, before_close_func=leave_quietly)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.ensure_chart()
    assert win.ward.open_store(quiet=True)  # the case list dock and the store's status line too
    return win


def _set_plt(window, day: int, value: str) -> None:
    model = window.calendar_model
    model.setData(model.index(model.row_of_day(day), COL_PLT), value)


def _data(window) -> set[str]:
    """What the window shows as data, in any language: typed values, the user's name, file names, and the
    banner words the audit trail recorded (a record of what was shown, kept verbatim)."""
    import getpass

    data = typed_values(window) | {getpass.getuser()}
    data |= {p.name for p in EXAMPLES_DIR.glob("*.json")}
    store = getattr(getattr(window, "store_session", None), "store", None)
    if store is not None:
        for case in store.list_cases():
            for entry in store.history(case.case_id):
                text = entry.detail.get("text") if isinstance(entry.detail, dict) else None
                if text:
                    data.add(text)
    return data


def _english_left(window) -> dict[str, list[str]]:
    quotes = registry_sentences()
    typed = _data(window)
    left = {}
    for where, text in visible_strings(window):
        words = english_words(text, quotes, typed)
        if words:
            left[f"{where}: {text[:80]!r}"] = words
    return left


def test_rescue_then_stop_case_reads_in_chinese(zh_window, qtbot):
    """Day 7 rescue-level count with bleeding risk, day 10 count at the stop limit."""
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    _set_plt(zh_window, 10, "120000")
    banners = " ".join(text for _, text in visible_strings(zh_window))
    assert "挽救治疗" in banners and "停药" in banners
    assert _english_left(zh_window) == {}


def test_incomplete_case_reads_in_chinese(zh_window):
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-incomplete.json")
    assert _english_left(zh_window) == {}


def test_empty_window_and_case_list_read_in_chinese(zh_window):
    zh_window.load_path(EXAMPLES_DIR / "nct07243418-secondary-nadir-ineligible.json")
    zh_window.new_case()
    zh_window.ward.show_case_list()
    assert zh_window.ward.case_list.isVisible()
    assert _english_left(zh_window) == {}


def test_case_history_reads_in_chinese(zh_window):
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    _set_plt(zh_window, 10, "120000")
    assert zh_window.store_session.flush()
    dialog = zh_window.ward.show_history()
    quotes = registry_sentences()
    left = {f"{where}: {text[:80]!r}": words for where, text in visible_strings(dialog)
            if (words := english_words(text, quotes, _data(zh_window)))}
    assert left == {}


# --- choosing and switching ------------------------------------------------------------------------

def test_first_start_follows_the_system_locale_then_the_saved_choice(qapp):
    settings = QSettings()
    settings.remove(language.SETTINGS_KEY)
    assert language.startup_language(None, settings, "zh_CN") == "zh_CN"
    assert language.startup_language(None, settings, "en_US") == "en"
    language.save_language("en", settings)
    assert language.startup_language(None, settings, "zh_CN") == "en"  # the user's choice wins
    assert language.startup_language("zh_CN", settings, "en_US") == "zh_CN"  # --lang for this run
    assert language.saved_language(settings) == "en"  # --lang is not remembered


def test_qt_standard_buttons_are_chinese(chinese):
    from PySide6.QtWidgets import QDialogButtonBox

    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel | QDialogButtonBox.StandardButton.Save)
    texts = {b.text().replace("&", "") for b in box.buttons()}
    assert any("取消" in t for t in texts), texts
    assert any("保存" in t for t in texts), texts


def test_the_embedded_cjk_font_is_registered_for_chinese(chinese, qapp):
    from PySide6.QtGui import QFontDatabase

    families = language.register_cjk_font()
    assert families and families[0] in QFontDatabase.families()
    assert families[0] in qapp.font().families()


def test_view_language_switches_the_open_case_at_once_and_is_remembered(window, qtbot):
    settings = QSettings()
    window.today = lambda: AFTER_DAY_10  # the example's day 10 count is typed on a day after it
    assert window.ward.open_store(quiet=True)
    window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    case_id = window.store_session.case_id
    assert case_id is not None
    _set_plt(window, 10, "60000")  # an edit not yet autosaved (/µL, as day 7)
    chinese_item = next(a for a in window.language_actions.actions() if a.data() == "zh_CN")
    try:
        chinese_item.trigger()
        rebuilt = language.current_window
        assert rebuilt is not window and rebuilt.isVisible() and not window.isVisible()
        qtbot.addWidget(rebuilt, before_close_func=leave_quietly)
        assert i18n.language() == "zh_CN"
        assert rebuilt.menuBar().actions()[0].text() == "文件(&F)"
        assert rebuilt.state.patient_id == "SYSU-0107"
        assert rebuilt.state.days[10].value == "60000"  # nothing typed is lost
        assert rebuilt.store_session.case_id == case_id
        assert "周" in rebuilt.calendar_model.index(0, 1).data()
        assert language.saved_language(settings) == "zh_CN"
        english_item = next(a for a in rebuilt.language_actions.actions() if a.data() == "en")
        english_item.trigger()
        again = language.current_window
        qtbot.addWidget(again, before_close_func=leave_quietly)
        assert again.menuBar().actions()[0].text() == "&File"
        assert again.state.days[10].value == "60000"
        assert language.saved_language(settings) == "en"
        assert again.store_session.flush() and again.store_session.store.load(case_id).case.check_on(10).value == 60000
    finally:
        language.apply_language("en", QApplication.instance())


def test_switching_back_to_english_restores_the_application_font_and_locale(qapp):
    from PySide6.QtCore import QLocale

    font, locale = qapp.font().families(), QLocale().name()
    language.apply_language("zh_CN", qapp)
    assert qapp.font().families() != font and QLocale().name() == "zh_CN"
    language.apply_language("en", qapp)
    assert qapp.font().families() == font and QLocale().name() == locale


def test_a_screening_date_after_the_windows_today_is_refused_in_chinese(zh_window):
    """The core's "after today" words were English whatever the language; the window shows them in Chinese,
    judged against its own today."""
    zh_window.today = lambda: date(2026, 5, 1)
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-incomplete.json")
    assert zh_window.result.problems[("screening_date",)] == ["2026-06-01 晚于今天（2026-05-01）：不能是将来的日期"]
    assert _english_left(zh_window) == {}


def _refused_save(qtbot, window, dialogs) -> list[str]:
    """File → Save on the rescue example with its patient id cleared, a word for the age and a weight of -3: the
    lines of the refusal's message box."""
    from .bedside import type_into

    window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    panel = window.patient_panel
    for field, text in ((panel.patient_id, ""), (panel.age, "abc"), (panel.weight, "-3")):
        type_into(qtbot, field, text)
    window.save_action.trigger()
    return dialogs.texts("warning")[-1].splitlines()


def test_the_save_refusal_lists_each_problem_with_the_chinese_colon(zh_window, qtbot, dialogs):
    """The field's name and its problem were joined with ":" in the code, so the list read "患者编号：必填" then
    "年龄（岁）: 必须是整数": every line now takes the catalogue's one separator."""
    assert _refused_save(qtbot, zh_window, dialogs) == [
        "请先更正以下字段：", "• 患者编号：必填", "• 年龄（岁）：必须是整数（输入为 'abc'）", "• 体重（千克）：必须大于 0（输入为 '-3'）"]
    zh_window.setWindowModified(False)
    zh_window.new_action.trigger()
    zh_window.save_action.trigger()
    lines = dialogs.texts("warning")[-1].splitlines()
    assert lines == ["请先更正以下字段：", "• 试验和组别：两者都需选择", "• 患者编号：必填"]


def test_the_english_save_refusal_keeps_its_words(window, qtbot, dialogs):
    window.today = lambda: AFTER_DAY_10
    assert _refused_save(qtbot, window, dialogs) == [
        "Correct these fields first:", "• Patient id: required", "• Age in years: must be a whole number (got 'abc')",
        "• Weight in kilograms: must be more than 0 (got '-3')"]
