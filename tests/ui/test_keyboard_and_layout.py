"""Keyboard alone, accessible names, and nothing clipped at 1280×800."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
)

from ctit_gui.ui.case_screen.criteria_model import COL_ANSWER

from .bedside import attest_by_keys, choose, click_answer

INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QAbstractButton, QAbstractItemView)


def _open(window, dialogs, path) -> None:
    dialogs.open_names.append(str(path))
    window.open_action.trigger()


def _visible_inputs(window):
    for widget in window.findChildren(QWidget_types()):
        if widget.isVisible() and widget.focusPolicy() != Qt.FocusPolicy.NoFocus:
            if isinstance(widget, QLineEdit) and isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
                continue  # the text part of a date field or drop-down: named by its owner
            yield widget


def QWidget_types():  # noqa: N802 - a tuple for findChildren
    from PySide6.QtWidgets import QWidget

    return QWidget


def test_every_visible_input_has_an_accessible_name(window, dialogs, example):
    _open(window, dialogs, example("nct07243418-secondary-nadir-ineligible.json"))
    unnamed = [f"{type(w).__name__} {w.objectName()} {getattr(w, 'text', lambda: '')()}"
               for w in _visible_inputs(window)
               if isinstance(w, INPUTS) and not w.accessibleName() and not (
                   isinstance(w, QAbstractButton) and w.text())]
    assert unnamed == []


def test_tab_walks_the_form_in_reading_order(qtbot, window, dialogs, example):
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    panel, labs = window.patient_panel, window.labs_panel
    expected = [panel.trial, panel.arm, panel.patient_id, panel.hospital_id, panel.sex, panel.age,
                panel.birth_date.edit, panel.weight, panel.childbearing, panel.ecog, panel.liver,
                panel.screening.edit, panel.day1.edit, panel.notes,
                labs.rows["plt"].value, labs.rows["plt"].unit, labs.rows["alt"].value, labs.rows["alt"].uln]
    panel.trial.setFocus()
    seen = [QApplication.focusWidget()]
    for _ in range(len(expected) - 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == expected

    window.eligibility_panel.blocking_only.setFocus()
    qtbot.keyClick(window.eligibility_panel.blocking_only, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.eligibility_panel.table
    qtbot.keyClick(window.eligibility_panel.table, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is window.calendar


def test_a_criterion_is_attested_from_the_keyboard(qtbot, window):
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    attest_by_keys(qtbot, window, {"EX2": True})
    assert window.state.answers["EX2"] is True
    table = window.eligibility_panel.table
    qtbot.keyClick(table, Qt.Key.Key_U)
    assert window.state.answers["EX2"] is None
    qtbot.keyClick(table, Qt.Key.Key_F2)  # the row's drop-down opens its list
    editor = table.indexWidget(table.currentIndex().siblingAtColumn(COL_ANSWER))
    assert isinstance(editor, QComboBox) and editor.view().isVisible()


def test_choosing_in_a_criterion_drop_down_commits_and_arrows_then_move_rows(qtbot, window):
    """One Up after choosing once turned EX2 from no to yes: the arrows now move between rows."""
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    attest_by_keys(qtbot, window, {"EX2": False})
    table = window.eligibility_panel.table
    row = table.currentIndex().row()
    editor = click_answer(qtbot, window, "EX2")  # a click opens the list
    assert editor.view().isVisible()
    qtbot.keyClick(editor.view(), Qt.Key.Key_Up)  # no → yes
    qtbot.keyClick(editor.view(), Qt.Key.Key_Return)
    assert window.state.answers["EX2"] is True
    assert QApplication.focusWidget() is table
    before = dict(window.state.answers)
    qtbot.keyClick(table, Qt.Key.Key_Up)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    assert window.state.answers == before
    assert table.currentIndex().row() == row + 1


def test_up_in_a_focused_cell_drop_down_opens_its_list_and_changes_nothing(qtbot, window):
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    attest_by_keys(qtbot, window, {"EX2": False})
    table = window.eligibility_panel.table
    for _ in range(COL_ANSWER):  # the arrows along the row reach the answer: its drop-down takes the focus
        qtbot.keyClick(table, Qt.Key.Key_Right)
    editor = table.indexWidget(table.currentIndex().siblingAtColumn(COL_ANSWER))
    assert editor is not None and QApplication.focusWidget() is editor and not editor.view().isVisible()
    qtbot.keyClick(editor, Qt.Key.Key_Up)
    assert window.state.answers["EX2"] is False
    qtbot.keyClick(editor.view(), Qt.Key.Key_Escape)
    assert window.state.answers["EX2"] is False


def test_the_wheel_never_changes_a_drop_down_without_focus(qtbot, window):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    combo = window.patient_panel.sex
    window.patient_panel.patient_id.setFocus()
    before = combo.currentIndex()
    centre = QPointF(combo.rect().center())
    wheel = QWheelEvent(centre, QPointF(combo.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(combo, wheel)
    assert combo.currentIndex() == before


def _clipped(window) -> list[str]:
    problems = []
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if not widget.isVisible() or (isinstance(widget, QLabel) and widget.wordWrap()):
            continue
        if isinstance(widget, QLabel) and not widget.text():
            continue
        if widget.sizeHint().width() > widget.width() + 1 or widget.sizeHint().height() > widget.height() + 1:
            problems.append(f"{type(widget).__name__} {getattr(widget, 'text', lambda: '')()!r} "
                            f"{widget.width()}×{widget.height()} < {widget.sizeHint().width()}×"
                            f"{widget.sizeHint().height()}")
    viewport = window.inputs_scroll.viewport()
    for widget in window.inputs.findChildren(QWidget_types()):
        if widget.isVisible() and isinstance(widget, INPUTS):
            right = widget.mapTo(viewport, widget.rect().topRight()).x()
            if right > viewport.width():
                problems.append(f"{widget.accessibleName() or type(widget).__name__} reaches x={right} "
                                f"past the input column ({viewport.width()})")
    return problems


def test_nothing_is_clipped_at_1280_by_800(qtbot, window, dialogs, example):
    assert window.size().width() == 1280 and window.size().height() == 800
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800
    assert _clipped(window) == []
    for name in ("nct07334093-experimental-eligible.json", "nct07243418-secondary-nadir-ineligible.json",
                 "nct07334093-control-rescue.json", "nct07243418-primary-dose-review.json"):
        _open(window, dialogs, example(name))
        qtbot.wait(10)
        assert _clipped(window) == [], name
