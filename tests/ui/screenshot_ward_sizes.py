"""Window grabs at ward screen sizes for docs/ (run: .venv/bin/python -m tests.ui.screenshot_ward_sizes).

The stop-then-rescue patient on day 10, with the calendar in use and with the criteria in use,
at 1024×768, 1366×768 and 1920×1080 (less a taskbar and title bar), and 1920×1080 at 150 %
(a second run of this module with QT_SCALE_FACTOR=1.5 and ``--scaled``).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]


def stop_rescue_shots(protocols, size, stem: str, out: Path, criteria_row: int | None = None) -> list[Path]:
    """The stop-then-rescue patient on day 10 in a window of ``size``, grabbed with the calendar in use
    and with the criteria in use (``criteria_row`` selected): ``out/{stem}-calendar.png``, ``-criteria.png``."""
    from ctit_gui.ui.case_screen.case_form import state_from_case
    from ctit_gui.ui.main_window import MainWindow

    from .screenshots import _quantized, settle
    from .test_ward_sizes import DAY10, stop_then_rescue_case

    window = MainWindow(protocols, today=lambda: DAY10)
    window.resize(*size)
    window.show()
    settle()
    window.ensure_chart()
    window.set_state(state_from_case(stop_then_rescue_case(protocols)))
    settle()
    written = []
    for state, focus in (("calendar", window.calendar), ("criteria", window.eligibility_panel.table)):
        focus.setFocus()
        if state == "criteria" and criteria_row is not None:
            window.eligibility_panel.table.selectRow(criteria_row)
        settle()
        target = out / f"{stem}-{state}.png"
        window.grab().save(str(target))
        _quantized(target)
        written.append(target)
    window.setWindowModified(False)
    window.close()
    return written


def main(scaled: bool = False, out: Path = ROOT / "docs") -> list[Path]:
    from ctit_gui.core.session import default_protocols
    from ctit_gui.ui.app import create_application

    from .test_ward_sizes import SIZES

    create_application([sys.argv[0]])
    protocols = default_protocols()
    names = ["1920x1080 at 150 %"] if scaled else ["1024x768", "1366x768", "1920x1080"]
    written = []
    for name in names:
        written += stop_rescue_shots(protocols, SIZES[name], "window-ward-" + name.replace(" at 150 %", "-150pc"),
                                     out)
    return written


if __name__ == "__main__":
    if "--scaled" in sys.argv:
        print("\n".join(str(p) for p in main(scaled=True)))
    else:
        print("\n".join(str(p) for p in main()))
        env = dict(os.environ, QT_SCALE_FACTOR="1.5")
        subprocess.run([sys.executable, "-m", "tests.ui.screenshot_ward_sizes", "--scaled"], cwd=ROOT, env=env,
                       check=True)
