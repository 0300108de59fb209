"""The patient header keeps its height while a case is shown (issue 17): a verdict or a STOP that
comes or goes wraps a chip to two lines or back, and the header's change of height moved the whole
window below it, laid out and painted again on each such edit. Its words are never cut."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import case_window
from .test_ward_sizes import _text_fits

CASE = "nct07334093-experimental-eligible.json"  # baseline PLT 32, day 7 PLT 85: stop from day 8
LATE = date(2026, 12, 2)  # checks of days 10 and 14 long overdue: the ward status chip wraps at these sizes

# baseline PLT typed into the field, as the benchmark cycles it: a STOP ends (36), NOT ELIGIBLE (50),
# eligible again with a STOP from day 8 (20), and back
VALUES = ("36", "50", "20", "36", "50", "20")


@pytest.fixture
def ward_window(qtbot, protocols, example):
    def make(width: int, height: int):
        win = case_window(qtbot, protocols, example(CASE), LATE, width, height)
        qtbot.wait(50)
        return win
    return make


def _natural_height(header) -> int:
    return header.layout().totalHeightForWidth(header.width())


def _shown_whole(header) -> bool:
    return all(_text_fits(chip) and chip.geometry().bottom() <= header.contentsRect().bottom()
               for chip in (header.who, header.verdict, header.status) if chip.isVisible())


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768), (1280, 800)])
def test_the_header_keeps_its_height_across_verdict_and_stop_flips_and_shows_every_word(qtbot, ward_window, size):
    window = ward_window(*size)
    header, field = window.header, window.labs_panel.rows["plt"].value
    naturals, heights = [], []
    for value in VALUES:
        field.setText(value)
        field.textEdited.emit(value)
        qtbot.wait(50)
        naturals.append(_natural_height(header))
        heights.append(header.height())
        assert _shown_whole(header), (size, value, header.text())
    assert len(set(naturals)) > 1, "the flips change what the header's words need (else this tests nothing)"
    tallest = max(naturals)
    first_tallest = naturals.index(tallest)
    assert heights[first_tallest:] == [tallest] * (len(VALUES) - first_tallest), (size, naturals, heights)


def test_a_new_case_or_a_new_width_takes_the_height_its_words_need(qtbot, ward_window, example):
    window = ward_window(1280, 800)
    header, field = window.header, window.labs_panel.rows["plt"].value
    for value in VALUES[:3]:
        field.setText(value)
        field.textEdited.emit(value)
        qtbot.wait(50)
    window.setWindowModified(False)
    window.load_path(example(CASE))
    qtbot.wait(50)
    assert header.height() == _natural_height(header)
    for value in VALUES[:3]:
        field.setText(value)
        field.textEdited.emit(value)
        qtbot.wait(50)
    window.resize(1366, 768)
    qtbot.wait(50)
    assert header.height() == _natural_height(header)
    assert _shown_whole(header)


def test_a_chip_remembers_its_height_only_for_the_same_words_width_font_and_style(qtbot):
    """Its height is remembered per words and width (the layouts ask it ~20 times in an edit); new
    words, a new style sheet (kind, padding) or font are measured anew, as QLabel measures them."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    from ctit_gui.ui.case_screen.patient_header import PatientHeader

    header = PatientHeader()
    qtbot.addWidget(header)
    header.resize(700, 40)
    header.show()
    chip = header.verdict

    def measured_as_qlabel() -> bool:
        return all(chip.heightForWidth(w) == QLabel.heightForWidth(chip, w) for w in (400, 120, 60, 30))

    chip.setText("NOT ELIGIBLE — DO NOT DOSE")
    assert measured_as_qlabel()
    chip.setText("ELIGIBLE")
    assert measured_as_qlabel()
    chip.setText("NOT ELIGIBLE — DO NOT DOSE")
    narrow = chip.heightForWidth(60)
    chip.setStyleSheet("QLabel { padding: 9px 4px; }")
    assert measured_as_qlabel() and chip.heightForWidth(60) > narrow
    font = QFont(chip.font())
    font.setPointSizeF(font.pointSizeF() * 1.6)
    chip.setFont(font)
    assert measured_as_qlabel()


def test_chips_and_the_verdict_detail_measure_their_words_once_and_as_qlabel_does(qtbot, monkeypatch):
    """A chip's and the verdict detail's size hints and heights are QLabel's own, measured once per
    words (and width): the words come back with the count, and each measure lays them out anew
    (issue 17), and come back under other colours (a chip's kind). New words, maximum width, style sheet
    (padding) and font are measured again."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QLabel

    from ctit_gui.ui.case_screen.criteria_view import VerdictBanner
    from ctit_gui.ui.case_screen.patient_header import PatientHeader

    header, banner = PatientHeader(), VerdictBanner()
    for widget in (header, banner):
        qtbot.addWidget(widget)
        widget.resize(700, 60)
        widget.show()
    labels = (header.verdict, header.status, banner.detail)
    words = ("NOT ELIGIBLE — DO NOT DOSE", "ELIGIBLE",
             "NCT07334093 · Experimental arm: rhTPO + hetrombopag · excluded by IN4 and by a few more words")

    def as_qlabel(label) -> bool:
        return (label.sizeHint() == QLabel.sizeHint(label) and label.minimumSizeHint() == QLabel.minimumSizeHint(label)
                and all(label.heightForWidth(w) == QLabel.heightForWidth(label, w) for w in (400, 120, 60, 30)))

    for label in labels:
        for text in words + words[:2]:
            label.setText(text)
            assert as_qlabel(label), text
        label.setText(words[2])
        label.setMaximumWidth(150)
        assert as_qlabel(label)
        label.setStyleSheet("QLabel { padding: 9px 14px; }")
        assert as_qlabel(label)
        font = QFont(label.font())
        font.setPointSizeF(font.pointSizeF() * 1.6)
        label.setFont(font)
        assert as_qlabel(label)

    kinds = [f"QLabel {{ background: {b}; color: {c}; font-weight: bold; border: 1px solid {c}; "
             "border-radius: 3px; padding: 1px 4px; }" for b, c in (("#e8f5e9", "#2e7d32"), ("#ffebee", "#c62828"))]
    for label in labels:  # the last font's sizes, once, under each kind's colours
        for sheet in kinds:
            label.setStyleSheet(sheet)
            for text in words:
                label.setText(text)
                label.sizeHint(), label.minimumSizeHint(), label.heightForWidth(200)
    asked = []
    for name in ("sizeHint", "minimumSizeHint", "heightForWidth"):
        original = getattr(QLabel, name)
        monkeypatch.setattr(QLabel, name, lambda self, *a, _o=original, _n=name: asked.append(_n) or _o(self, *a))
    for label in labels:
        for sheet in kinds + kinds:  # a chip's new kind: new colours, the same font and padding
            label.setStyleSheet(sheet)
            for text in words:
                label.setText(text)
                label.sizeHint(), label.minimumSizeHint(), label.heightForWidth(200)
    assert asked == [], "words shown before are measured again"


def test_the_window_s_group_boxes_measure_their_titles_once_and_as_qgroupbox_does(qtbot, window, monkeypatch):
    """The eligibility, chart and calendar boxes give QGroupBox's own least size, its title's words
    measured once per contents' least size (the layouts ask ~19 times in a threshold crossing, issue 17)."""
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QGroupBox, QLabel

    boxes = [b for b in window.findChildren(QGroupBox)
             if b.title() in ("Eligibility", "Platelet trend", "Treatment: dosing calendar")]
    assert len(boxes) == 3

    def as_qgroupbox(box) -> bool:
        return box.minimumSizeHint() == QGroupBox.minimumSizeHint(box)

    for box in boxes:
        assert as_qgroupbox(box)
        wide = QLabel("a label wider than the box's title, and taller: " * 4, box)
        wide.setMinimumSize(900, 120)
        box.layout().addWidget(wide)
        wide.show()
        assert as_qgroupbox(box) and box.minimumSizeHint().width() >= 900
        wide.setMinimumSize(10, 10)
        assert as_qgroupbox(box)
        box.setTitle(box.title() + " with many more words than before in its title")
        assert as_qgroupbox(box)
        font = QFont(box.font())
        font.setPointSizeF(font.pointSizeF() * 2)
        box.setFont(font)
        assert as_qgroupbox(box)
        box.setCheckable(True)
        assert as_qgroupbox(box)

    asked = []
    original = QGroupBox.minimumSizeHint
    monkeypatch.setattr(QGroupBox, "minimumSizeHint", lambda self: asked.append(self.title()) or original(self))
    for box in boxes * 3:
        box.minimumSizeHint()
    assert asked == [], "a title measured again for the same contents"
