"""The case history in Chinese: banners recorded by the window are shown in Chinese from their structured
form; an entry recorded with English words only is shown as recorded, labelled as recorded text; the stored
audit entries never change."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt

from ctit_gui import i18n
from ctit_gui.store.changes import banner_text, describe
from ctit_gui.ui.ward.history_view import COL_WHAT

from .conftest import EXAMPLES_DIR
from .english_walk import english_words, registry_sentences, visible_strings
from .test_chinese_window import _set_plt, chinese, zh_window  # noqa: F401 (fixtures)


def _what(dialog) -> list[str]:
    model = dialog.model
    return [model.index(row, COL_WHAT).data() for row in range(model.rowCount())]


def test_recorded_banners_read_in_chinese_and_the_trail_keeps_their_english_words(zh_window):
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    _set_plt(zh_window, 10, "120000")
    assert zh_window.store_session.flush()
    store, case_id = zh_window.store_session.store, zh_window.store_session.case_id
    history = store.history(case_id)
    banners = [e for e in history if e.action == "banner_raised"]
    assert {e.detail["kind"] for e in banners} >= {"rescue", "stop"}
    for entry in banners:
        assert entry.detail["text"].startswith("Day ")  # the English words as shown, recorded as before
        assert entry.detail["text_message"]["id"]  # and their structured form beside them
    dialog = zh_window.ward.show_history()
    shown = [text for text in _what(dialog) if text.startswith("提示横幅出现")]
    assert len(shown) == len(banners)
    assert any("挽救治疗" in text and "第7天：PLT 15 ×10⁹/L < 20 ×10⁹/L 且有出血风险" in text for text in shown), shown
    assert any("停药" in text and "第10天" in text for text in shown), shown
    quotes = registry_sentences()  # no recorded banner words let through this time: only the user and the file
    data = {zh_window.store_session.store.user, "nct07334093-control-rescue.json"}
    left = {f"{where}: {text[:80]!r}": words for where, text in visible_strings(dialog)
            if (words := english_words(text, quotes, data))}
    assert left == {}
    assert store.verify().ok


def test_an_entry_recorded_with_english_words_only_is_shown_as_recorded_and_labelled(zh_window):
    zh_window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    assert zh_window.store_session.flush()
    store, case_id = zh_window.store_session.store, zh_window.store_session.case_id
    old_words = "Day 7: PLT 15 ×10⁹/L ≤ 20 ×10⁹/L: give rescue therapy (as an older version worded it)"
    store.record_banner(case_id, raised=True, kind="rescue", text=old_words, day=7)  # no structured form
    entry = store.history(case_id)[-1]
    assert "text_message" not in entry.detail
    dialog = zh_window.ward.show_history()
    dialog.refresh()
    line = _what(dialog)[-1]
    assert line == f"提示横幅出现：挽救治疗（第7天）：记录原文（英文）：{old_words}", line
    assert store.history(case_id)[-1].detail == entry.detail and store.verify().ok  # never altered
    with i18n.using("en"):
        assert describe(entry.action, entry.detail) == f"banner raised: rescue (day 7): {old_words}"


def test_a_structured_form_that_disagrees_with_the_recorded_words_is_not_trusted():
    detail = {"kind": "stop", "day": 10, "text": "Day 10: stop (recorded words)",
              "text_message": {"id": "day_why", "params": {"day": 10, "why": "something else"}}}
    with i18n.using("zh_CN"):
        assert banner_text(detail) == "记录原文（英文）：Day 10: stop (recorded words)"
        broken = dict(detail, text_message={"id": "no_such_message", "params": {}})
        assert banner_text(broken).startswith("记录原文（英文）：")


def test_the_history_names_the_arm_in_chinese_where_it_names_one_and_the_trail_keeps_the_ids(zh_window, qtbot):
    """The case history named the arm by its protocol id ("病例创建：… NCT07334093 组别 hetrombopag", "arm: hetrombopag
    → rhtpo+hetrombopag") where the title and the rest of the window show its Chinese label."""
    from .bedside import choose

    zh_window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")
    assert zh_window.store_session.flush()
    choose(qtbot, zh_window.patient_panel.arm, "rhtpo+hetrombopag")
    assert zh_window.store_session.flush()
    store, case_id = zh_window.store_session.store, zh_window.store_session.case_id
    trail = [(e.action, e.detail) for e in store.history(case_id)]
    dialog = zh_window.ward.show_history()
    dialog.refresh()
    lines = _what(dialog)
    created = next(line for line in lines if line.startswith("病例"))
    assert created.endswith("NCT07334093 组别 对照组：海曲泊帕"), created
    assert "arm: 对照组：海曲泊帕 → 试验组：rhTPO + 海曲泊帕" in lines, lines
    tips = [dialog.model.index(row, COL_WHAT).data(Qt.ItemDataRole.ToolTipRole) for row in range(len(lines))]
    for text in lines + tips:
        assert not re.search(r"(?<![\w+])(rhtpo\+)?hetrombopag\b", text), text  # no arm id left
    assert [(e.action, e.detail) for e in store.history(case_id)] == trail  # nothing stored is reworded
    assert {"hetrombopag", "rhtpo+hetrombopag"} <= {str(d.get(k)) for _a, d in trail for k in ("arm", "old", "new")}
    with i18n.using("en"):
        english = [describe(action, detail) for action, detail in trail]
    assert any(line.endswith("NCT07334093 arm hetrombopag") for line in english), english
    assert "arm: hetrombopag → rhtpo+hetrombopag" in english, english
