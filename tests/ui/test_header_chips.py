"""The header's verdict and ward-status chips change colour without a style sheet (issue 17): each kind's
box is a backdrop made once, the words bold and coloured by font and palette. A flip re-polishes no chip,
and every pixel is the one the chips with their own style sheets drew (box, border, rounded corners,
padding, the words' place and wrapping)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ctit_gui.ui.widgets.icons import BACKGROUNDS, COLOURS
from ctit_gui.ui.case_screen.patient_header import PatientHeader

from .bedside import shown_in_holder

# (verdict kind, verdict words, status kind, status words) as the header shows them at threshold crossings
STATES = [
    ("ok", "ELIGIBLE", "info", "CHECK DUE TODAY — day 7 · ON TREATMENT — day 7 of 14"),
    ("fail", "NOT ELIGIBLE — DO NOT DOSE", "stop", "DO NOT DOSE — NOT ELIGIBLE (IN4) · ON TREATMENT — day 7 of 14"),
    ("ok", "ELIGIBLE", "stop", "DO NOT DOSE — stopped day 7"),
    ("ok", "ELIGIBLE", "warning", "CHECK OVERDUE — day 10, overdue by 293 day(s) · CHECK OVERDUE — day 14"),
    ("unknown", "INCOMPLETE — choose the trial and arm", "note", ""),
    ("fail", "NOT ELIGIBLE — DO NOT DOSE", "ok", "ON TREATMENT — day 7 of 14"),
]


class _StyleSheetHeader(QFrame):
    """The header's chips as they were drawn before: a style sheet per chip, set at each new kind."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("patientHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#patientHeader { background: #eceff1; border: 1px solid #90a4ae; "
                           "border-radius: 3px; } QLabel { color: black; }")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        self.who, self.verdict, self.status = (QLabel(self) for _ in range(3))
        for chip, stretch in ((self.who, 3), (self.verdict, 2), (self.status, 2)):
            chip.setTextFormat(Qt.TextFormat.PlainText)
            chip.setWordWrap(True)
            chip.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
            layout.addWidget(chip, stretch)
        font = self.who.font()
        font.setBold(True)
        self.who.setFont(font)
        self.kinds = ("", "")

    def show_state(self, verdict_kind, verdict, status_kind, status) -> None:
        self.who.setText("SYSU-0042 · NCT07334093 · Experimental arm: rhTPO + hetrombopag · treatment day 7 of 14")
        self.verdict.setText(verdict)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        for label, kind, was in ((self.verdict, verdict_kind, self.kinds[0]), (self.status, status_kind, self.kinds[1])):
            if kind != was:
                label.setStyleSheet(f"QLabel {{ background: {BACKGROUNDS[kind]}; color: {COLOURS[kind]}; "
                                    f"font-weight: bold; border: 1px solid {COLOURS[kind]}; border-radius: 3px; "
                                    "padding: 1px 4px; }")
        self.kinds = (verdict_kind, status_kind)


def _show_state(header: PatientHeader, verdict_kind, verdict, status_kind, status) -> None:
    """What ``show_case`` sets, without a case."""
    header.who.setText("SYSU-0042 · NCT07334093 · Experimental arm: rhTPO + hetrombopag · treatment day 7 of 14")
    header.verdict.setText(verdict)
    header.status.setText(status)
    header.status.setVisible(bool(status))
    header.verdict.set_kind(verdict_kind)
    header.status.set_kind(status_kind)


def _holder(qtbot, header_class, width: int):
    return shown_in_holder(qtbot, header_class, width, 110, 3)


@pytest.mark.parametrize("width", [700, 1100])
def test_the_chips_of_each_kind_after_each_other_are_drawn_as_with_their_own_style_sheets(qtbot, width):
    new_holder, new = _holder(qtbot, PatientHeader, width)
    old_holder, old = _holder(qtbot, _StyleSheetHeader, width)
    for state in STATES + STATES[:3]:
        _show_state(new, *state)
        old.show_state(*state)
        qtbot.wait(10)
        for name in ("who", "verdict", "status"):
            chip, before = getattr(new, name), getattr(old, name)
            assert chip.geometry() == before.geometry() and chip.contentsRect() == before.contentsRect(), (name, state)
            if chip.isVisible():
                assert chip.sizeHint() == before.sizeHint() and chip.heightForWidth(150) == before.heightForWidth(150)
        assert new_holder.grab().toImage() == old_holder.grab().toImage(), (state, width)
    assert set(new.verdict.kind_boxes.boxes) == {"ok", "fail", "unknown"}


class _Polishes(QObject):
    def __init__(self, widgets):
        super().__init__()
        self.seen: list[str] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.Polish, QEvent.Type.FontChange):
            self.seen.append(f"{watched.objectName() or type(watched).__name__}: {event.type().name}")
        return False


def test_a_chip_s_new_kind_sets_no_style_sheet_and_re_polishes_nothing(qtbot):
    holder, header = _holder(qtbot, PatientHeader, 900)
    for state in STATES:  # every kind shown once: its box made
        _show_state(header, *state)
    qtbot.wait(10)
    polishes = _Polishes([header, *header.findChildren(QWidget)])
    for state in STATES:
        _show_state(header, *state)
        qtbot.wait(10)
    assert polishes.seen == []
    assert not header.verdict.styleSheet() and not header.status.styleSheet()


def test_a_kind_shown_for_the_first_time_lays_nothing_out_mid_edit(qtbot):
    """A new kind's box is shown in a layer without a layout: a widget shown in a parent with a layout
    lays out every layout up to the window at once, mid-edit (~7 M instructions in the window, the first
    time a count brings a new kind), before the window settles its layouts once."""
    holder, header = _holder(qtbot, PatientHeader, 900)
    _show_state(header, *STATES[0])
    qtbot.wait(10)
    before = header.status.geometry()
    header.status.setText(STATES[3][3] + " and many more words, to wrap the chip to another line")
    header.status.set_kind("warning")  # first shown: its box made and shown
    assert header.status.geometry() == before
    qtbot.wait(10)
    assert header.status.geometry() != before  # laid out when the window settles its layouts
