"""Rich-text labels drawn from kept documents draw and measure exactly what QLabel does (issue 17).

A banner's, the legend's or the verdict word's words are parsed and laid out once and kept for the
next label showing the same words (``rich_label.kept_words``), once a window on screen changes: the
words a window opens with are QLabel's own, and nothing is kept for them. Whatever is kept, each label must
show its own words now — after a new value, a value typed back, another width, another language or
font — pixel for pixel as QLabel itself would draw them, and be measured as QLabel measures them.
"""

from __future__ import annotations

from contextlib import contextmanager
from unittest import mock

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QImage
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from ctit_gui.core.session import read_case
from ctit_gui.ui import language
from ctit_gui.ui.case_screen.case_form import state_from_case
from ctit_gui.ui.main_window import MainWindow
from ctit_gui.ui.widgets.rich_label import RichLabel, kept_words

from .conftest import TODAY, case_window, leave_quietly

CASE = "nct07334093-experimental-eligible.json"  # baseline PLT 32
LEGEND = ("<span style='color:#2e7d32; font-weight:bold'>╍╍</span>&nbsp;<span style='font-size:small'>"
          "stop ≥ 100 ×10⁹/L</span><br><span style='color:#000000; font-weight:bold'>━━</span>&nbsp;"
          "<span style='font-size:small'>baseline + rise = {rise}</span>")
CHINESE = "<span style='font-weight:bold; color:#c62828'>停药</span> — 第 8 天起血小板 ≥ 100 ×10⁹/L，{n} 次"


@contextmanager
def drawn_by_qlabel():
    """Within: every RichLabel measured and drawn by QLabel itself, no kept document used."""
    with mock.patch.object(RichLabel, "_words", lambda self: None):
        yield


def _look(label: RichLabel) -> tuple:
    """What the label draws at its size and how it is measured (QLabel's hints and heights)."""
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    width = label.width()
    heights = tuple(RichLabel.heightForWidth(label, w) for w in (width, width // 2, 40, 0, 2000))
    return image, heights, RichLabel.sizeHint(label), RichLabel.minimumSizeHint(label)


def _kept(label: RichLabel) -> bool:
    """The label measures and draws its words from a kept document (not QLabel's own)."""
    return label._words() is not None


def _as_qlabel_draws(label: RichLabel) -> bool:
    mine = _look(label)
    with drawn_by_qlabel():
        theirs = _look(label)
    return mine == theirs


def _rich_labels(window) -> list[RichLabel]:
    return [w for w in window.findChildren(QLabel) if isinstance(w, RichLabel) and w.isVisible()]


@pytest.fixture(autouse=True)
def in_use():
    """The program in use (``keep_words``: after the clinician's first change), as these tests test the kept
    documents; the tests of the switch itself turn it off first."""
    was = kept_words.in_use
    kept_words.in_use = True
    yield
    kept_words.in_use = was


def _type_baseline(qtbot, window, value: str) -> None:
    field = window.labs_panel.rows["plt"].value
    field.setText(value)
    field.textEdited.emit(value)
    qtbot.wait(50)


def test_banners_legend_and_verdict_show_the_words_of_each_value_as_qlabel_draws_them(qtbot, eligible_case):
    """Values crossing the thresholds (NOT ELIGIBLE at 50, eligible + STOP at 20, STOP ending at 36)
    and typed back: the kept words of an earlier value are shown again, each as QLabel draws it."""
    window = eligible_case
    banners = kept_banners = 0
    for size in ((1366, 768), (1024, 768)):  # a new width: the same words laid out again
        window.resize(*size)
        for value in ("50", "20", "36", "50", "20", "36"):
            _type_baseline(qtbot, window, value)
            assert f"baseline + rise = {int(value) + 50}" in window.chart.legend.text()  # the words follow the value
            labels = _rich_labels(window)
            assert window.chart.legend in labels and window.eligibility_panel.verdict.word in labels
            assert all(b.body in labels for b in window.banners.banners)
            assert _kept(window.chart.legend)  # new words after its first paint: the kept path is tested
            banners += len(window.banners.banners)
            kept_banners += sum(_kept(b.body) for b in window.banners.banners)
            for label in labels:
                assert _as_qlabel_draws(label), (size, value, label.text()[:70])
    assert banners >= 8 and kept_banners >= 4 and len(kept_words) >= 6


def test_after_a_language_switch_the_words_are_chinese_and_drawn_as_qlabel_draws_them(
        qtbot, eligible_case, protocols, example):
    """English words kept from one window; the window built in Chinese shows its own words."""
    for value in ("50", "20"):
        _type_baseline(qtbot, eligible_case, value)
    language.apply_language("zh_CN", QApplication.instance())
    try:
        window = case_window(qtbot, protocols, example(CASE), TODAY, 1366, 768)
        window.ensure_chart()
        kept = 0
        for value in ("50", "20", "50"):
            _type_baseline(qtbot, window, value)
            assert "基线" in window.chart.legend.text()
            for label in _rich_labels(window):
                kept += _kept(label)
                assert _as_qlabel_draws(label), (value, label.text()[:70])
        assert kept >= 3
    finally:
        language.apply_language("en", QApplication.instance())


@pytest.fixture
def holder(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    widget.resize(400, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _label(holder, text: str, width: int, wrap: bool = True) -> RichLabel:
    """A label with ``text`` from a kept document (its window is on screen)."""
    label = RichLabel(holder)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setWordWrap(wrap)
    label.setText(text)
    label.resize(width, label.heightForWidth(width) if wrap else label.sizeHint().height())
    assert _kept(label)
    return label


@pytest.mark.parametrize("width", [32, 90, 300])
def test_wrapped_words_at_narrow_and_wide_widths_are_drawn_as_qlabel_draws_them(qtbot, holder, width):
    """32 px: a legend in a narrow column wraps at word boundaries only (as QLabel), never inside a word."""
    for text in (LEGEND.format(rise=82), CHINESE.format(n=3)):
        label = _label(holder, text, width)
        assert _as_qlabel_draws(label), (width, text[:40])


def test_two_labels_trading_words_each_show_their_own(qtbot, holder):
    first, second = _label(holder, LEGEND.format(rise=70), 200), _label(holder, LEGEND.format(rise=100), 200)
    first.setText(LEGEND.format(rise=100))
    second.setText(LEGEND.format(rise=70))
    second.move(0, 150)
    for label in (first, second):
        assert _as_qlabel_draws(label)
    with drawn_by_qlabel():
        reference = second.grab().toImage()
    assert first.grab().toImage() != reference  # 70 and 100 do look different


def test_a_new_font_lays_the_same_words_out_anew(qtbot, holder):
    label = _label(holder, CHINESE.format(n=2), 160)
    before = label.sizeHint()
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.5)
    label.setFont(font)
    label.resize(160, RichLabel.heightForWidth(label, 160))
    assert label.sizeHint() != before
    assert _as_qlabel_draws(label)


def test_words_not_wrapped_and_aligned_to_the_bottom_are_drawn_as_qlabel_draws_them(qtbot, holder):
    label = _label(holder, "<span style='font-size:15pt; font-weight:bold; color:#2e7d32'>ELIGIBLE</span>",
                   200, wrap=False)
    label.resize(200, 60)
    assert _as_qlabel_draws(label)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom)
    assert _as_qlabel_draws(label)


def test_the_same_words_wrapped_in_one_label_and_not_in_another_are_laid_out_for_each(qtbot, holder):
    words = "<b>NOT ELIGIBLE</b> — exclusion criterion EX2 present"
    wrapped = _label(holder, words, 90)
    single = _label(holder, words, 90, wrap=False)
    single.move(0, 150)
    assert wrapped.heightForWidth(90) > single.sizeHint().height()
    for label in (wrapped, single):
        assert _as_qlabel_draws(label)


def test_a_case_opened_keeps_no_words_until_a_label_shows_new_ones(qtbot, protocols, example):
    """A window built with its case (``main.py --open``) and painted: every label shows its words as
    QLabel draws them and no document is kept (the peak memory with a case open, issue 17); from the
    first value typed, the window on screen, the labels' words are kept."""
    kept_words.clear()
    kept_words.in_use = False  # as in a new program (earlier tests used it)
    state = state_from_case(read_case(example(CASE), protocols))
    window = MainWindow(protocols, today=lambda: TODAY, state=state)
    window.load_chart_after_paint = False  # as bench_memory's run (the chart comes after the first paint)
    qtbot.addWidget(window, before_close_func=leave_quietly)
    window.resize(1366, 768)
    with qtbot.waitSignal(window.first_painted):
        window.show()
    qtbot.wait(50)
    labels = _rich_labels(window)
    assert len(labels) >= 3 and len(window.banners.banners) >= 2
    assert len(kept_words) == 0 and not any(_kept(label) for label in labels)
    _type_baseline(qtbot, window, "50")
    assert len(kept_words) >= 1 and all(_kept(b.body) for b in window.banners.banners)
    for label in _rich_labels(window):
        assert _as_qlabel_draws(label), label.text()[:70]


def test_a_case_opened_in_the_window_on_screen_keeps_no_words_until_the_clinician_changes_something(
        qtbot, window, dialogs, example):
    """As a ward opens a case (from the worklist or File → Open, the window on screen): no document is kept
    for the words it opens with; the first value typed starts keeping them."""
    kept_words.clear()
    kept_words.in_use = False
    assert window.isVisible()
    dialogs.open_names.append(str(example(CASE)))
    window.open_action.trigger()
    window.ensure_chart()
    qtbot.wait(50)
    labels = _rich_labels(window)
    assert window.chart.legend in labels and len(window.banners.banners) >= 2
    assert len(kept_words) == 0 and not any(_kept(label) for label in labels)
    _type_baseline(qtbot, window, "50")
    assert len(kept_words) >= 1 and all(_kept(b.body) for b in window.banners.banners)
