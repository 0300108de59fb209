"""The eligibility, chart and calendar boxes draw their frame and title from a picture once the program is
in use (issue 17): the same pixels as QGroupBox's own paint, made after a paint that found none, forgotten
with what the paint reads, and never over anything but the window's plain background."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ctit_gui.ui.rich_label import TitledBox, kept_words

from .conftest import case_window

CASE = "nct07334093-experimental-eligible.json"


@pytest.fixture
def in_use():
    was = kept_words.in_use
    kept_words.in_use = True
    yield
    kept_words.in_use = was


def _painted_from_pictures(widget: QWidget) -> bool:
    return any(box._pictures for box in widget.findChildren(TitledBox))


def _grab_without_pictures(widget: QWidget):
    was = kept_words.in_use
    kept_words.in_use = False  # every box paints itself, as QGroupBox
    try:
        return widget.grab().toImage()
    finally:
        kept_words.in_use = was


@pytest.mark.parametrize("size", [(1024, 768), (1366, 768)])
def test_the_window_s_boxes_drawn_from_pictures_give_the_pixels_of_their_own_paint(qtbot, protocols, example, size):
    window = case_window(qtbot, protocols, example(CASE), date(2026, 2, 9), *size)
    window.ensure_chart()
    field = window.labs_panel.rows["plt"].value
    for number, value in enumerate(("50", "20", "36", "50", "20", "51")):
        field.setText(value)
        field.textEdited.emit(value)  # the clinician's change: in use
        qtbot.wait(20)
        assert kept_words.in_use
        with_pictures = window.grab().toImage()
        assert number == 0 or _painted_from_pictures(window), value  # (pictured after a paint in use)
        assert with_pictures == _grab_without_pictures(window), value
    boxes = {box.title() for box in window.findChildren(TitledBox) if box._pictures}
    assert {"Eligibility", "Treatment: dosing calendar"} <= boxes


def _box_in(qtbot, ground: QWidget | None = None) -> tuple[QWidget, TitledBox]:
    holder = QWidget()
    column = QVBoxLayout(holder)
    parent = holder
    if ground is not None:
        column.addWidget(ground)
        parent = ground
        QVBoxLayout(ground)
    box = TitledBox("A box with a title", parent)
    QVBoxLayout(box).addWidget(QLabel("inside", box))
    parent.layout().addWidget(box)
    qtbot.addWidget(holder)
    holder.resize(320, 200)
    holder.show()
    qtbot.waitExposed(holder)
    return holder, box


def _red_words(palette: QPalette) -> QPalette:
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#c62828"))
    return palette


def _settle(qtbot, holder: QWidget) -> None:
    holder.update()
    qtbot.wait(20)  # painted, then pictured after the paint
    holder.repaint()


def test_a_box_forgets_its_pictures_with_a_new_palette_font_title_or_size(qtbot, in_use):
    holder, box = _box_in(qtbot)
    _settle(qtbot, holder)
    assert box._pictures
    changes = [
        lambda: box.setTitle("Another title, longer than the first one"),
        lambda: box.setFont(QFont(box.font().family(), 15)),
        lambda: box.setPalette(_red_words(box.palette())),
        lambda: holder.resize(260, 240),
        lambda: box.setEnabled(False),
        lambda: box.setFlat(True),
    ]
    for change in changes:
        change()
        _settle(qtbot, holder)
        assert box._pictures
        assert holder.grab().toImage() == _grab_without_pictures(holder)


def test_a_box_over_a_painted_ground_is_not_pictured(qtbot, in_use):
    ground = QWidget()
    ground.setAutoFillBackground(True)
    palette = ground.palette()
    palette.setColor(ground.backgroundRole(), QColor("#ffe0b2"))
    ground.setPalette(palette)
    holder, box = _box_in(qtbot, ground)
    _settle(qtbot, holder)
    assert not box._pictures
    assert holder.grab().toImage() == _grab_without_pictures(holder)
