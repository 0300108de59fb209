"""The window stays legible on a ward PC whose system is in dark mode (``ui/light_look.py``).

Each start runs in a fresh process, as the program starts, on a dark system simulated as Qt
presents it (``dark_system.py``: the application starts with Qt's dark palette of Windows, or
Qt's dark Fusion palette), then shows the cases that matter most at the bedside: an eligible
patient with doses and a STOP banner, a not-eligible one (DO NOT DOSE), one on rescue. Legibility
is the WCAG 2 contrast of each text's colour against the fill painted under it (``legibility.py``).
"""

from __future__ import annotations

import pytest

from .bedside import printed_by

#: WCAG 2 AA for body text: the dose instructions, the alarms (banners, header chips) must meet it.
WCAG_AA = 4.5
#: No word anywhere in the window below WCAG's floor for large text and parts of controls.
WCAG_FLOOR = 3.0

#: A start of the program as a ward starts it (frame, protocols, the window), after BEFORE, on the
#: cases that matter most; prints, per case, "case" then name=value words.
_START = """
import sys
from pathlib import Path
BEFORE
from PySide6.QtCore import QEventLoop
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication
from ctit_gui.core.session import default_protocols, read_case
from ctit_gui.ui.app import run_window
from ctit_gui.ui.case_screen.banners import Banner
from ctit_gui.ui.case_screen.calendar_model import COL_DOSES
from ctit_gui.ui.case_screen.case_form import state_from_case
from ctit_gui.ui.main_window import MainWindow
from tests.ui.legibility import contrast, is_dark, words_on_fills

def drain():
    for _ in range(5):
        QApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1000)

assert run_window(exit_after_show=True, open_path="examples/nct07334093-experimental-eligible.json") == 0
app = QApplication.instance()
window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
window.resize(1366, 768)
protocols = default_protocols()
for name in ("nct07334093-experimental-eligible", "nct07243418-secondary-nadir-ineligible",
             "nct07334093-control-rescue"):
    window.set_state(state_from_case(read_case(Path("examples", name + ".json"), protocols)))
    drain()
    banners = [b for b in window.findChildren(Banner) if b.isVisible() and b.data is not None]
    alarms = {b.body for b in banners if b.data.kind in ("stop", "do_not_dose", "rescue")}
    alarms |= {window.header.verdict, window.header.status}
    rated = [(where, round(contrast(text, fill), 2)) for where, _what, text, fill in words_on_fills(window)]
    doses = [r for where, r in rated if isinstance(where, tuple) and where[0] is window.calendar
             and where[2] == COL_DOSES]
    print("case", name, "banners=" + ",".join(b.data.kind for b in banners),
          "dark_palette=" + str(is_dark(app.palette())), "dark_window=" + str(is_dark(window.palette())),
          "doses=" + str(min(doses)), "dose_cells=" + str(len(doses)),
          "alarms=" + str(min(r for where, r in rated if where in alarms)),
          "alarm_texts=" + str(sum(where in alarms for where, _r in rated)),
          "all=" + str(min(r for _where, r in rated)))
    AFTER
"""


def _cases(before: str, after: str = "") -> dict[str, dict[str, str]]:
    """Per case shown: its name=value words."""
    words = printed_by(_START.replace("BEFORE", before).replace("AFTER", after or "pass"))
    cases, current = {}, None
    for word in words:
        if word == "case":
            current = None
        elif current is None:
            current = cases[word] = {}
        elif "=" in word:
            key, value = word.split("=", 1)
            current[key] = value
    return cases


def _dark(system: str) -> str:
    return f"from tests.ui.dark_system import dark_system\ndark_system({system!r})"


@pytest.mark.parametrize("system", ["windows", "fusion"])
def test_on_a_dark_system_doses_stop_and_do_not_dose_stay_legible(system):
    """On the old window the dose instructions were black on the dark table (contrast 1.35-1.52),
    "yes — met" black on near black (1.15), the hints and notes dark grey on the dark window."""
    cases = _cases(_dark(system))
    assert set(cases) == {"nct07334093-experimental-eligible", "nct07243418-secondary-nadir-ineligible",
                          "nct07334093-control-rescue"}
    assert "stop" in cases["nct07334093-experimental-eligible"]["banners"].split(",")
    assert "do_not_dose" in cases["nct07243418-secondary-nadir-ineligible"]["banners"].split(",")
    assert "rescue" in cases["nct07334093-control-rescue"]["banners"].split(",")
    for name, case in cases.items():
        assert int(case["dose_cells"]) > 0 and int(case["alarm_texts"]) >= 3, (name, case)
        assert float(case["doses"]) >= WCAG_AA, (name, case)
        assert float(case["alarms"]) >= WCAG_AA, (name, case)
        assert float(case["all"]) >= WCAG_FLOOR, (name, case)
        assert case["dark_palette"] == "False" and case["dark_window"] == "False", (name, case)


_GRABS = """
    for size in ((1024, 768), (1366, 768)):
        window.resize(*size)
        drain()
        image = window.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        print("grab=" + __import__("hashlib").sha256(bytes(image.constBits())).hexdigest())
"""


def test_on_a_dark_system_the_window_is_the_light_systems_pixel_for_pixel():
    """The program's light palette is exactly Qt's Fusion palette of a light system: nothing the
    window paints differs (each case at 1024×768 and 1366×768)."""
    light = _cases("", _GRABS)
    dark = _cases(_dark("windows"), _GRABS)
    assert dark == light
    assert all(case["dark_palette"] == "False" for case in light.values())


def test_a_dark_palette_the_system_gives_later_is_made_light_again():
    """Dusk on a platform that does not honour the light scheme: the system's palette turns dark
    while the window is open."""
    cases = _cases("", """
    if name.endswith("rescue"):
        from tests.ui.dark_system import FUSION_DARK, palette_of
        app.setPalette(palette_of(FUSION_DARK))
        drain()
        print("case", "after-dusk", "dark_palette=" + str(is_dark(app.palette())),
              "dark_window=" + str(is_dark(window.palette())),
              "all=" + str(min(round(contrast(t, f), 2) for _w, _what, t, f in words_on_fills(window))))
""")
    assert cases["after-dusk"]["dark_palette"] == "False" and cases["after-dusk"]["dark_window"] == "False"
    assert float(cases["after-dusk"]["all"]) >= WCAG_FLOOR


@pytest.mark.parametrize("argv", [["-style", "fusion"], ["-stylesheet", "/dev/null"]])
def test_a_look_chosen_on_the_command_line_keeps_the_systems_colours(argv):
    """``-style`` or ``-stylesheet``: the look is the user's (as the style is, ``app.py``), dark palette included."""
    cases = _cases(f"sys.argv[1:] = {argv!r}\n" + _dark("windows"))
    assert {case["dark_palette"] for case in cases.values()} == {"True"}


def test_the_light_scheme_is_requested_once_the_application_exists_and_before_the_window():
    """Offscreen Qt reports no colour scheme and ignores the request (``styleHints().colorScheme()``
    stays Unknown), so the request is watched through the program's own function."""
    cases = _cases("""
import ctit_gui.ui.light_look as light_look
requested = []
asked = light_look.request_light_scheme
def watched(app):
    from PySide6.QtWidgets import QApplication
    from ctit_gui.ui.main_window import MainWindow
    requested.append((app is QApplication.instance(),
                      any(isinstance(w, MainWindow) for w in QApplication.topLevelWidgets())))
    asked(app)
light_look.request_light_scheme = watched
""", """
    print("case", "request-" + name, "requests=" + str(len(requested)), "app=" + str(requested[0][0]),
          "window_built=" + str(requested[0][1]))
""")
    for name in ("nct07334093-experimental-eligible", "nct07243418-secondary-nadir-ineligible"):
        assert cases["request-" + name] == {"requests": "1", "app": "True", "window_built": "False"}


def test_the_light_palette_is_qts_fusion_palette_of_a_light_system():
    printed = printed_by("""
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication
app = QApplication(["qt", "-style", "fusion"])
from ctit_gui.ui.light_look import is_dark, light_palette
mine, qts = light_palette(), app.palette()
same = all(mine.color(group, role) == qts.color(group, role)
           for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive, QPalette.ColorGroup.Disabled)
           for role in QPalette.ColorRole if role not in (QPalette.ColorRole.NoRole, QPalette.ColorRole.NColorRoles))
print(same, mine == qts, is_dark(qts), is_dark(mine))
""")
    assert printed == ["True", "True", "False", "False"]


def test_a_dark_palette_is_one_with_light_words_on_a_darker_window():
    from tests.ui.dark_system import FUSION_DARK, palette_of, windows_dark

    from ctit_gui.ui.light_look import is_dark, light_palette

    assert is_dark(palette_of(FUSION_DARK)) and is_dark(palette_of(windows_dark()))
    assert not is_dark(light_palette())
