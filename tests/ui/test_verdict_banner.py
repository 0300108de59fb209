"""The verdict banner flips without a style sheet (issue 17): its coloured box is a backdrop per kind of
verdict, made once, and its words are black by their palette. A flip re-polishes nothing, and every pixel
is the one the style-sheet banner drew (its rounded corners over what lies under the banner, its border,
the words in the box)."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from ctit_gui.ui.case_screen.criteria_view import VerdictBanner
from ctit_gui.ui.widgets.icons import BACKGROUNDS, COLOURS, status_pixmap
from ctit_gui.ui.widgets.rich_label import RichLabel, kept_words
from ctit_gui.ui.translated import escape

from .bedside import shown_in_holder
from .conftest import case_window

CASE = "nct07334093-experimental-eligible.json"


class _Events(QObject):
    """Counts the style and polish events of the watched widgets."""

    def __init__(self, widgets):
        super().__init__()
        self.seen: list[tuple[str, str]] = []
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched, event):
        if event.type() in (QEvent.Type.StyleChange, QEvent.Type.Polish, QEvent.Type.PolishRequest,
                            QEvent.Type.FontChange, QEvent.Type.PaletteChange):
            self.seen.append((type(watched).__name__, event.type().name))
        return False


def test_a_verdict_flip_sets_no_style_sheet_and_re_polishes_nothing(qtbot, protocols, example):
    window = case_window(qtbot, protocols, example(CASE), date(2026, 2, 9), 1280, 800)
    field, banner = window.labs_panel.rows["plt"].value, window.eligibility_panel.verdict

    def type_value(value: str) -> None:
        field.setText(value)
        field.textEdited.emit(value)
        qtbot.wait(20)

    for value in ("50", "20"):  # each kind of this case shown once: its box made
        type_value(value)
    events = _Events([banner, *banner.findChildren(QWidget)])
    kinds = []
    for value in ("50", "20", "50", "20"):
        type_value(value)
        kinds.append(banner.kind)
    assert kinds == ["fail", "ok", "fail", "ok"]
    assert events.seen == []
    assert not banner.styleSheet()
    assert not any(label.testAttribute(Qt.WidgetAttribute.WA_StyleSheet)
                   for label in (banner.icon, banner.word, banner.detail))


class _StyleSheetBanner(QFrame):
    """The verdict banner as it was drawn before: a style sheet on the banner itself."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.icon = QLabel(self)
        self.word = RichLabel(self)
        self.word.setTextFormat(Qt.TextFormat.RichText)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        layout.addWidget(self.detail, 1)
        self.kind = None

    def show_verdict(self, kind: str, word: str, detail: str) -> None:
        if kind != self.kind:
            self.icon.setPixmap(status_pixmap(kind, 28))
            self.setStyleSheet(f"_StyleSheetBanner {{ background: {BACKGROUNDS[kind]}; "
                               f"border: 1px solid {COLOURS[kind]}; border-radius: 4px; }}"
                               "QLabel { color: black; }")
        self.kind = kind
        self.word.setText(f"<span style='font-size:15pt; font-weight:bold; color:{COLOURS[kind]}'>"
                          f"{escape(word)}</span>")
        self.detail.setText(detail)


@pytest.fixture(params=[False, True], ids=["before-use", "in-use"])
def words_kept(request):
    """Both ways the verdict word is drawn: by QLabel (a case just opened) and from kept words (in use)."""
    was = kept_words.in_use
    kept_words.in_use = request.param
    yield request.param
    kept_words.in_use = was


def _holder(qtbot, banner_class, width: int) -> tuple[QWidget, QWidget]:
    # a coloured ground: the box's corners must let it show as before
    return shown_in_holder(qtbot, banner_class, width, 120, 5, ground=Qt.GlobalColor.darkCyan)


@pytest.mark.parametrize("width", [420, 900])
def test_each_kind_after_each_other_is_drawn_as_the_style_sheet_banner_drew_it(qtbot, words_kept, width):
    new_holder, new = _holder(qtbot, VerdictBanner, width)
    old_holder, old = _holder(qtbot, _StyleSheetBanner, width)
    detail = "NCT07334093 · Experimental arm: rhTPO + hetrombopag · excluded by IN4, EX2 and a few words more"
    for kind, word in (("unknown", "INCOMPLETE"), ("ok", "ELIGIBLE"), ("fail", "NOT ELIGIBLE"), ("ok", "ELIGIBLE"),
                       ("unknown", "INCOMPLETE"), ("fail", "NOT ELIGIBLE"), ("fail", "NOT ELIGIBLE — again")):
        for banner in (new, old):
            banner.show_verdict(kind, word, detail)
        qtbot.wait(10)
        assert new.geometry() == old.geometry() and new.word.geometry() == old.word.geometry(), kind
        assert new_holder.grab().toImage() == old_holder.grab().toImage(), (kind, width)
    new_holder.resize(width - 60, 140)  # a new size: only the shown box follows it
    old_holder.resize(width - 60, 140)
    qtbot.wait(10)
    assert new_holder.grab().toImage() == old_holder.grab().toImage()
    assert len(new.kind_boxes.boxes) == 3


def test_a_kind_shown_for_the_first_time_lays_nothing_out_mid_edit(qtbot):
    """The new kind's box is shown in a layer without a layout (see test_header_chips)."""
    holder, banner = _holder(qtbot, VerdictBanner, 700)
    banner.show_verdict("ok", "ELIGIBLE", "all criteria")
    qtbot.wait(10)
    before = banner.word.geometry()
    banner.word.setText("<b>NOT ELIGIBLE, in many more words than before</b>")  # as the window's other views:
    banner.show_verdict("fail", "NOT ELIGIBLE", "excluded by IN4")  # changed before the verdict's new kind
    assert banner.word.geometry() == before
    qtbot.wait(10)
    assert banner.word.geometry() != before
