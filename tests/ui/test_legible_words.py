"""Every word the window shows for a case reaches WCAG 2 AA contrast (4.5) against the fill painted under
it, at ward screen sizes and in both languages: a ward PC's screen is read from a step away. Before, the
criteria table's "computed" (#607d8b on white, 4.37) and an amber status chip ("DOSE REVIEW — day 7 ·
ON TREATMENT …", #b26a00 on #fff8e1, 3.99) fell short."""

from __future__ import annotations

from datetime import date

import pytest

from .conftest import case_window
from .legibility import least_legible

WCAG_AA = 4.5
EXAMPLES = ["nct07334093-experimental-eligible.json", "nct07243418-secondary-nadir-ineligible.json",
            "nct07334093-control-rescue.json", "nct07243418-primary-dose-review.json"]


@pytest.mark.parametrize("language", ["en", "zh_CN"])
@pytest.mark.parametrize("name", EXAMPLES)
def test_every_word_of_a_shown_case_reaches_wcag_aa(qtbot, qapp, protocols, example, language, name):
    from ctit_gui.ui import language as ui_language

    ui_language.apply_language(language, qapp)
    try:
        win = case_window(qtbot, protocols, example(name), date(2026, 5, 13), 1366, 768)
        qtbot.wait(20)
        lowest = least_legible(win, 3)
        assert lowest and lowest[0][0] >= WCAG_AA, lowest
    finally:
        ui_language.apply_language("en", qapp)
