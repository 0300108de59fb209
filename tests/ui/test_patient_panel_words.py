"""The patient panel's own words at ward sizes, in English and Chinese: every placeholder shown whole (the hospital
number's "住院号 / 门诊号, to import lab results" was cut at 1024×768, in both languages), the hospital number's
explanation one hover away, and back once a refused value is corrected."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QStyle, QStyleOptionFrame

from ctit_gui.ui import language
from ctit_gui.ui.widgets.fields import mark_field

from .conftest import AFTER_EXAMPLES, EXAMPLES_DIR, leave_quietly

SIZES = ((1024, 768), (1366, 768))


@pytest.fixture
def panel_window(qtbot, qapp, protocols):
    from ctit_gui.ui.main_window import MainWindow

    def make(code: str, size: tuple[int, int]):
        language.apply_language(code, qapp)
        window = MainWindow(protocols, today=lambda: AFTER_EXAMPLES)
        qtbot.addWidget(window, before_close_func=leave_quietly)
        window.resize(*size)
        window.show()
        qtbot.waitExposed(window)
        if not window.inputs_action.isChecked():  # a narrow screen opens with the input column folded
            window.inputs_action.trigger()
        qtbot.wait(20)
        return window
    yield make
    language.apply_language("en", qapp)


def _room(edit: QLineEdit) -> int:
    """The width QLineEdit gives its placeholder before eliding it (its contents, text margins and its own 2-px
    margins off)."""
    option = QStyleOptionFrame()
    edit.initStyleOption(option)
    contents = edit.style().subElementRect(QStyle.SubElement.SE_LineEditContents, option, edit)
    margins = edit.textMargins()
    return contents.width() - margins.left() - margins.right() - 2 * 2


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("code", ["en", "zh_CN"])
def test_every_placeholder_of_the_patient_panel_is_shown_whole(panel_window, code, size):
    window = panel_window(code, size)
    edits = [e for e in window.patient_panel.findChildren(QLineEdit) if e.placeholderText() and e.isVisible()]
    assert window.patient_panel.hospital_id in edits
    cut = {e.placeholderText(): (e.fontMetrics().horizontalAdvance(e.placeholderText()), _room(e)) for e in edits
           if e.fontMetrics().horizontalAdvance(e.placeholderText()) > _room(e)}
    assert cut == {}  # placeholder: (its width, the room it has)


@pytest.mark.parametrize("code", ["en", "zh_CN"])
def test_the_hospital_number_says_what_it_is_for_on_hover_and_keeps_the_wards_words(panel_window, code):
    window = panel_window(code, SIZES[0])
    field = window.patient_panel.hospital_id
    assert "住院号 / 门诊号" in field.placeholderText()
    explanation = field.toolTip()
    assert "住院号 / 门诊号" in explanation and explanation == field.accessibleDescription()
    assert ("Import lab results" in explanation) if code == "en" else ("导入化验结果" in explanation)
    window.load_path(EXAMPLES_DIR / "nct07334093-control-rescue.json")  # the window marks every field again
    assert field.toolTip() == explanation
    mark_field(field, ["refused: why"], explanation)
    assert field.toolTip() == "refused: why" == field.accessibleDescription()
    mark_field(field, [], explanation)  # corrected
    assert field.toolTip() == explanation == field.accessibleDescription()
