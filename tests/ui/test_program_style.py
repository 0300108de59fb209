"""The program's own style (``ui/app.py``: Fusion, chosen at start) and the calendar's cell pictures
known to be safe in it without a QStyle object in Python (issue 17: the first QStyle to reach Python
makes PySide build its QStyle and QCommonStyle types with their hundreds of enum members, ~44 M
instructions, once per process: it was the first edit's largest part). Each run in a fresh process,
as the program starts: what one process has built stays built."""

from __future__ import annotations

from pathlib import Path

from ctit_gui.ui.app import STYLE, _style_given

from .bedside import printed_by

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "nct07334093-experimental-eligible.json"

#: The program started as a ward starts it (frame, protocols, the window showing the case), then
#: PLT counts typed into the lab field, each change drained from the event queue.
_START = f"""
import PySide6.QtWidgets as widgets
from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication, QStyleFactory
from ctit_gui.ui.app import chosen_style, create_application, run_window
from ctit_gui.ui.main_window import MainWindow

def drain():
    for _ in range(5):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1000)

def type_plt(value):
    field.setText(value)
    field.textEdited.emit(value)
    drain()

def grab():
    return calendar.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)

def afresh():
    calendar.pictures.enabled = False
    try:
        return grab()
    finally:
        calendar.pictures.enabled = True

BEFORE
assert run_window(exit_after_show=True, open_path={str(EXAMPLE)!r}) == 0
window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
calendar = window.calendar
field = window.labs_panel.rows["plt"].value
"""


def _printed_by(before: str, after: str) -> list[str]:
    return printed_by(_START.replace("BEFORE", before) + after)


def test_edits_in_a_fresh_program_copy_cells_without_any_qstyle_reaching_python():
    printed = _printed_by("", """
for value in ("50", "20", "36", "50", "20"):
    type_plt(value)
shown = grab()
print(chosen_style(), "QStyle" in widgets.__dict__, "QCommonStyle" in widgets.__dict__,
      calendar.pictures.enabled, calendar.pictures.made > 0, shown == afresh())
""")
    assert printed == ["fusion", "False", "False", "True", "True", "True"]


def test_an_application_style_set_before_the_window_turns_the_pictures_off():
    """No style change reaches the calendar (it did not exist yet): the program's record of its
    style is dropped when the application's style changes."""
    printed = _printed_by("""
create_application()
kept = QStyleFactory.create("Windows")
QApplication.setStyle(kept)
""", """
for value in ("50", "20", "36"):
    type_plt(value)
shown = grab()
print(chosen_style(), calendar.pictures.enabled, calendar.pictures.made, shown == afresh())
""")
    assert printed == ["None", "True", "0", "True"]


def test_an_application_style_sheet_set_later_turns_the_pictures_off_and_they_come_back_without_it():
    printed = _printed_by("", """
for value in ("50", "20"):
    type_plt(value)
grab()
print(calendar.pictures.made > 0)
QApplication.instance().setStyleSheet("QTableView { gridline-color: #ff0000; }")
drain()
made = calendar.pictures.made
for value in ("36", "50"):
    type_plt(value)
    shown = grab()
    print(chosen_style(), calendar.pictures.made == made, shown == afresh())
QApplication.instance().setStyleSheet("")
drain()
type_plt("20")
shown = grab()
print(calendar.pictures.made > made, shown == afresh())
""")
    assert printed == ["True", "None", "True", "True", "None", "True", "True", "True", "True"]


def test_the_program_chooses_fusion_unless_its_command_line_chooses_a_style():
    assert STYLE == "fusion"
    for argv in (["ctit-dosing", "-style", "windows"], ["ctit-dosing", "-style=windows"],
                 ["ctit-dosing", "--style", "windows"], ["ctit-dosing", "--style=windows"]):
        assert _style_given(argv), argv
    for argv in (["ctit-dosing"], ["ctit-dosing", "--open", "case.json"], ["-style"], ["ctit-dosing", "style"],
                 ["ctit-dosing", "-stylesheet", "x.qss"]):
        assert not _style_given(argv), argv
    printed = [_printed_by(f"""
import sys
sys.argv[1:] = {argv!r}
""", """
print(chosen_style(), QApplication.style().name())
""") for argv in ([], ["-style", "windows"])]
    assert printed == [["fusion", "fusion"], ["None", "windows"]]
