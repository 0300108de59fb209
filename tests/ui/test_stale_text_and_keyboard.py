"""Text that follows what is shown (registry pane, New case), words that say what "yes" means,
the notes in the window, and Alt mnemonics that are unique, work, and leave Alt+H to Help."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from ctit_gui.ui import language
from ctit_gui.ui.case_screen.criteria_model import COL_ANSWER, COL_ID

from .bedside import attest_by_keys, choose, click_answer, type_into
from .conftest import TODAY, leave_quietly


def _open(window, dialogs, example, name):
    dialogs.open_names.append(str(example(name)))
    window.open_action.trigger()


def _select(window, criterion_id):
    panel = window.eligibility_panel
    row = panel.visible_ids().index(criterion_id)
    panel.table.setCurrentIndex(panel.proxy.index(row, COL_ID))


def test_registry_pane_follows_the_selected_criterion_and_new_case_shows_no_old_reasons(qtbot, window, dialogs,
                                                                                     example):
    _open(window, dialogs, example, "nct07334093-experimental-eligible.json")
    _select(window, "EX2")
    detail = window.eligibility_panel.detail
    assert "EX2" in detail.toPlainText()
    qtbot.keyClick(window.eligibility_panel.table, Qt.Key.Key_Y)  # the answer changes: so does the pane
    assert "EXCLUDES" in detail.toPlainText()
    qtbot.keyClick(window.eligibility_panel.table, Qt.Key.Key_N)
    assert "EXCLUDES" not in detail.toPlainText() and "EX2" in detail.toPlainText()
    window.setWindowModified(False)
    window.new_action.trigger()
    assert detail.toPlainText() == ""
    choose(qtbot, window.patient_panel.trial, "NCT07243418")
    assert detail.toPlainText() == ""


def test_exclusion_answers_say_present_and_inclusion_answers_say_met(qtbot, window):
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    attest_by_keys(qtbot, window, {"EX2": True})
    panel = window.eligibility_panel
    ex2 = panel.proxy.index(panel.visible_ids().index("EX2"), COL_ANSWER)
    assert ex2.data() == "yes — present"
    editor = click_answer(qtbot, window, "EX2")
    assert [editor.itemText(i) for i in range(editor.count())] == ["unknown", "yes — present", "no — absent"]
    qtbot.keyClick(editor.view(), Qt.Key.Key_Escape)
    assert window.state.answers["EX2"] is True
    inclusion = next(i for i in panel.visible_ids() if i.startswith("IN")
                     and panel.proxy.index(panel.visible_ids().index(i), COL_ANSWER).data(Qt.ItemDataRole.UserRole + 3))
    attest_by_keys(qtbot, window, {inclusion: True})
    assert panel.proxy.index(panel.visible_ids().index(inclusion), COL_ANSWER).data() == "yes — met"
    assert "Present?" in panel.proxy.headerData(COL_ANSWER, Qt.Orientation.Horizontal)


def test_notes_are_shown_and_edited_in_the_window(qtbot, window, dialogs, example):
    _open(window, dialogs, example, "nct07334093-control-rescue.json")
    notes = window.patient_panel.notes
    assert notes.isVisible() and notes.toPlainText() == (window.result.case.notes or "")
    notes.setFocus()
    qtbot.keyClick(notes, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(notes, "seen by Dr Li")
    assert window.state.notes.endswith("seen by Dr Li") and window.result.case.notes.endswith("seen by Dr Li")


def _mnemonic(text: str) -> str | None:
    i = text.replace("&&", "").find("&")
    return text.replace("&&", "")[i + 1].lower() if i >= 0 else None


def _shown_mnemonics(window) -> tuple[list, dict]:
    """The menus' letters, and each letter of a shown label or button with its owner: asserted unique and
    none of them a menu's (Qt does not choose between two owners of one Alt key)."""
    menus = [_mnemonic(a.text()) for a in window.menuBar().actions()]
    seen = {}
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        letter = _mnemonic(widget.text()) if widget.isVisibleTo(window) else None
        if letter:
            assert letter not in seen, f"Alt+{letter} on {widget.text()!r} and {seen[letter].text()!r}"
            assert letter not in menus, f"Alt+{letter} on {widget.text()!r} is a menu's"
            seen[letter] = widget
    return menus, seen


@pytest.fixture(params=["en", "zh_CN"])
def window_in_each_language(request, qtbot, qapp, protocols):
    """The window at 1280×800 in English and in Chinese, with the ward store open (the case list beside the case)."""
    from ctit_gui.ui.main_window import MainWindow

    language.apply_language(request.param, qapp)
    win = MainWindow(protocols, today=lambda: TODAY)
    qtbot.addWidget(win, before_close_func=leave_quietly)
    win.resize(1280, 800)
    win.show()
    qtbot.waitExposed(win)
    assert win.ward.open_store(quiet=True)
    yield win
    language.apply_language("en", qapp)


def test_alt_mnemonics_are_unique_work_and_do_not_take_the_menus_letters(qtbot, window_in_each_language):
    window = window_in_each_language
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    captions = [label for label in window.patient_panel.findChildren(QLabel) if label.buddy() is not None]
    assert len(captions) == len(window.patient_panel.inputs) and all(_mnemonic(label.text()) for label in captions), \
        [label.text() for label in captions if not _mnemonic(label.text())]  # every field of the panel has one
    assert window.ward.case_list.isVisibleTo(window)  # its buttons' letters count too
    menus, fields = _shown_mnemonics(window)
    assert {"b", "n", "d"} <= set(fields)  # the date fields have theirs
    for letter, widget in fields.items():
        if isinstance(widget, QLabel) and widget.buddy() is not None:
            window.patient_panel.patient_id.setFocus()
            qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter.upper()}"),
                           Qt.KeyboardModifier.AltModifier)
            target = widget.buddy().focusProxy() or widget.buddy()
            assert QApplication.focusWidget() is target, f"Alt+{letter} did not reach {widget.text()!r}"
    assert "h" in menus  # Alt+H is the Help menu's


def test_the_focused_table_is_marked(qtbot, window):
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    table = window.eligibility_panel.table
    table.setFocus()
    assert table.hasFocus()
    focused = table.grab().toImage().pixelColor(0, table.height() // 2).name()
    window.calendar.setFocus()
    unfocused = table.grab().toImage().pixelColor(0, table.height() // 2).name()
    assert focused == "#1565c0" and unfocused != focused


def test_the_today_pages_mnemonics_are_unique_and_leave_the_menus_letters(qtbot, window_in_each_language):
    """The Today page's buttons: before, Closed cases took Alt+C (the Cases menu's) and Handover PDF Alt+H
    (Help's), so neither key did anything (Qt does not choose between two owners)."""
    window = window_in_each_language
    window.today_page.show_today()
    assert window.today_page.showing_today
    _menus, seen = _shown_mnemonics(window)
    view = window.today_page.view
    buttons = (view.open_button, view.close_button, view.reopen_button, view.handover_button, view.refresh_button)
    assert all(_mnemonic(b.text()) in seen for b in buttons)
