"""The criteria table's answer cells: painted as their closed drop-down, the drop-down made only while
the clinician edits the cell (issue 17, memory), with every keyboard and mouse path of the drop-down
that was always open, and no answer written that the clinician did not choose."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox

from ctit_gui.ui.case_screen.criteria_model import COL_ANSWER, COL_ID, AttestableRole
from ctit_gui.ui.widgets.fields import CellChoice

from .bedside import attest_by_keys, choose, click_answer, pick_in_open_list


def _arm(qtbot, window):
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    return window.eligibility_panel


def _row(panel, criterion_id: str) -> int:
    return panel.visible_ids().index(criterion_id)


def _open_drop_downs(panel) -> list[QComboBox]:
    return [w for w in panel.table.viewport().findChildren(CellChoice) if w.isVisible()]


def _list_open(editor: QComboBox | None) -> bool:
    return editor is not None and editor.view().isVisible()


def _key(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """A key pressed where the focus is (the open list if there is one), as on a keyboard."""
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_no_drop_down_exists_until_an_answer_is_edited_and_each_answer_still_reads_as_before(
        qtbot, window, dialogs, example):
    dialogs.open_names.append(str(example("nct07334093-experimental-eligible.json")))
    window.open_action.trigger()
    panel = window.eligibility_panel
    table = panel.table
    attestable = [r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, COL_ANSWER).data(AttestableRole)]
    assert len(attestable) >= 10
    assert all(table.indexWidget(panel.proxy.index(r, COL_ANSWER)) is None for r in attestable)
    assert _open_drop_downs(panel) == []
    words = {panel.proxy.index(r, COL_ID).data(): panel.proxy.index(r, COL_ANSWER).data() for r in attestable}
    assert set(words.values()) <= {"yes — met", "no — not met", "yes — present", "no — absent", "unknown"}


def test_an_answer_cell_paints_the_pixels_of_its_drop_down(qtbot, window):
    """What the table paints in an answer cell is what the drop-down itself paints there."""
    panel = _arm(qtbot, window)
    attest_by_keys(qtbot, window, {"EX2": True, "IN2": False})
    table = panel.table
    viewport = table.viewport()
    for criterion_id in ("EX2", "IN2", "IN3"):
        index = panel.proxy.index(_row(panel, criterion_id), COL_ANSWER)
        editor = click_answer(qtbot, window, criterion_id)
        geometry = editor.geometry()
        _key(qtbot, Qt.Key.Key_Escape)  # the list closes
        _key(qtbot, Qt.Key.Key_Escape)  # and the drop-down: back to the table
        qtbot.waitUntil(lambda: table.indexWidget(index) is None)
        for selected in (True, False):  # on its row's highlight, and on the row's own colour
            if not selected:
                table.clearSelection()
            painted = viewport.grab(geometry).toImage()
            table.openPersistentEditor(index)  # the drop-down as it always stood in the cell, not focused
            combo = table.indexWidget(index)
            assert combo.geometry() == geometry and not combo.hasFocus()
            expected = viewport.grab(geometry).toImage()
            table.closePersistentEditor(index)
            assert painted == expected, (criterion_id, selected)


def test_tab_into_the_table_f2_opens_the_list_and_escape_keeps_the_answer(qtbot, window):
    panel = _arm(qtbot, window)
    attest_by_keys(qtbot, window, {"EX2": False})
    table = panel.table
    panel.blocking_only.setFocus()
    _key(qtbot, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is table
    table.setCurrentIndex(panel.proxy.index(_row(panel, "EX2"), COL_ID))
    _key(qtbot, Qt.Key.Key_F2)
    editor = table.indexWidget(panel.proxy.index(_row(panel, "EX2"), COL_ANSWER))
    assert _list_open(editor) and editor.currentData() is False
    _key(qtbot, Qt.Key.Key_Up)  # moves in the list: nothing chosen yet
    _key(qtbot, Qt.Key.Key_Escape)
    assert not _list_open(editor) and QApplication.focusWidget() is editor
    assert window.state.answers["EX2"] is False
    _key(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is table
    qtbot.waitUntil(lambda: _open_drop_downs(panel) == [])
    assert window.state.answers["EX2"] is False
    assert panel.proxy.index(_row(panel, "EX2"), COL_ANSWER).data() == "no — absent"


def test_space_and_enter_open_the_list_and_the_answer_chosen_there_is_written(qtbot, window):
    panel = _arm(qtbot, window)
    attest_by_keys(qtbot, window, {"EX2": False})
    table = panel.table
    row = _row(panel, "EX2")
    _key(qtbot, Qt.Key.Key_Space)
    editor = table.indexWidget(panel.proxy.index(row, COL_ANSWER))
    assert _list_open(editor)
    pick_in_open_list(qtbot, editor, True)
    assert window.state.answers["EX2"] is True
    assert QApplication.focusWidget() is table  # the arrows move between rows again
    qtbot.waitUntil(lambda: _open_drop_downs(panel) == [])
    assert panel.proxy.index(row, COL_ANSWER).data() == "yes — present"
    _key(qtbot, Qt.Key.Key_Return)
    editor = table.indexWidget(panel.proxy.index(row, COL_ANSWER))
    assert _list_open(editor)
    pick_in_open_list(qtbot, editor, None)
    assert window.state.answers["EX2"] is None


def test_the_arrows_onto_the_answer_focus_its_drop_down_where_enter_opens_the_list(qtbot, window):
    panel = _arm(qtbot, window)
    attest_by_keys(qtbot, window, {"IN2": True})
    table = panel.table
    for _ in range(COL_ANSWER):
        _key(qtbot, Qt.Key.Key_Right)
    editor = QApplication.focusWidget()
    assert isinstance(editor, CellChoice) and editor is table.indexWidget(table.currentIndex())
    assert table.currentIndex().column() == COL_ANSWER and not _list_open(editor)
    _key(qtbot, Qt.Key.Key_Return)
    assert _list_open(editor)
    _key(qtbot, Qt.Key.Key_Escape)
    _key(qtbot, Qt.Key.Key_Down)  # in the closed drop-down, Down opens the list; it never changes the answer
    assert _list_open(editor) and window.state.answers["IN2"] is True
    _key(qtbot, Qt.Key.Key_Escape)
    _key(qtbot, Qt.Key.Key_Left)  # leaves the cell: the table has the focus, the drop-down is gone
    assert QApplication.focusWidget() is table and table.currentIndex().column() == COL_ANSWER - 1
    qtbot.waitUntil(lambda: _open_drop_downs(panel) == [])
    assert window.state.answers["IN2"] is True


def test_the_first_letter_of_an_answer_typed_in_its_drop_down_chooses_it(qtbot, window):
    panel = _arm(qtbot, window)
    attest_by_keys(qtbot, window, {"IN2": True})
    for _ in range(COL_ANSWER):
        _key(qtbot, Qt.Key.Key_Right)
    assert isinstance(QApplication.focusWidget(), CellChoice)
    _key(qtbot, Qt.Key.Key_N)
    assert window.state.answers["IN2"] is False
    assert QApplication.focusWidget() is panel.table
    assert panel.proxy.index(_row(panel, "IN2"), COL_ANSWER).data() == "no — not met"


def test_one_click_opens_the_list_and_leaving_without_choosing_writes_nothing(qtbot, window):
    panel = _arm(qtbot, window)
    attest_by_keys(qtbot, window, {"EX2": True})
    before = dict(window.state.answers)
    editor = click_answer(qtbot, window, "EX3")  # never answered: stays unknown
    assert editor.currentData() is None
    _key(qtbot, Qt.Key.Key_Down)
    _key(qtbot, Qt.Key.Key_Escape)
    window.calendar.setFocus()  # the focus leaves: the drop-down closes, nothing is written
    qtbot.waitUntil(lambda: _open_drop_downs(panel) == [])
    assert window.state.answers == before and "EX3" not in window.state.answers
    editor = click_answer(qtbot, window, "EX2")
    _key(qtbot, Qt.Key.Key_Escape)
    _key(qtbot, Qt.Key.Key_Tab)  # Tab from the drop-down: to the table, as before; still nothing written
    assert QApplication.focusWidget() is panel.table
    qtbot.waitUntil(lambda: _open_drop_downs(panel) == [])
    assert window.state.answers == before


def test_an_answer_changed_elsewhere_while_its_drop_down_is_open_is_not_written_back(qtbot, window):
    """The drop-down shows the answer it opened with; closing it must not put that one back."""
    panel = _arm(qtbot, window)
    attest_by_keys(qtbot, window, {"EX2": False})
    editor = click_answer(qtbot, window, "EX2")
    _key(qtbot, Qt.Key.Key_Escape)
    assert QApplication.focusWidget() is editor
    assert panel.attest("EX2", True)  # e.g. Y on the row, or a lab import, while the drop-down is open
    window.calendar.setFocus()
    qtbot.waitUntil(lambda: _open_drop_downs(panel) == [])
    assert window.state.answers["EX2"] is True


def test_a_screen_reader_reads_an_answer_cell_as_its_drop_down_name_and_answer(qtbot, window, dialogs, example):
    """The answer cell is no longer an always-open drop-down named "Attest IN2": what assistive
    technology reads of the cell (Qt's accessible table) still names the criterion and the answer,
    and follows a new answer given by keys; a computed cell reads only its words."""
    from PySide6.QtGui import QAccessible

    dialogs.open_names.append(str(example("nct07334093-experimental-eligible.json")))
    window.open_action.trigger()
    panel = window.eligibility_panel
    table = QAccessible.queryAccessibleInterface(panel.table)

    def names() -> list[str]:
        """What the table's accessible cells read, as assistive technology walks them."""
        cells = [table.child(i) for i in range(table.childCount())]
        return [cell.text(QAccessible.Text.Name) for cell in cells if cell is not None]

    def read(criterion_id: str) -> str:
        return next(name for name in names() if name.startswith(f"Attest {criterion_id}:"))

    assert read("IN2") == "Attest IN2: yes — met"
    attest_by_keys(qtbot, window, {"IN2": False})
    assert read("IN2") == "Attest IN2: no — not met"
    assert "computed" in names()  # a computed criterion's cell: its words alone
