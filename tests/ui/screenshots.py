"""Window grabs of the main states at 1280×800 for docs/ (run: .venv/bin/python -m tests.ui.screenshots).

States: empty, eligible with its calendar, STOP on day 7, RESCUE on day 7, and the cohort-2
patient whose nadir PLT excludes them with "show only what is blocking" on.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def _quantized(path: Path) -> None:
    """Palette PNG: a quarter of the size, no visible loss for a widget screenshot."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)


def settle() -> None:
    """Let Qt finish deferred layout and painting before a grab."""
    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtWidgets import QApplication

    for _ in range(3):
        loop = QEventLoop()
        QTimer.singleShot(30, loop.quit)
        loop.exec()
        QApplication.processEvents()


def main(out: Path = ROOT / "docs") -> list[Path]:
    from ctit_gui.core.session import default_protocols
    from ctit_gui.ui.app import create_application
    from ctit_gui.ui.case_screen.calendar_model import COL_PLT
    from ctit_gui.ui.main_window import MainWindow

    app = create_application([sys.argv[0]])
    protocols = default_protocols()
    written = []

    def shot(today: date, name: str, prepare) -> None:
        window = MainWindow(protocols, today=lambda: today)
        window.resize(1280, 800)
        window.show()
        settle()
        window.ensure_chart()
        prepare(window)
        settle()
        target = out / f"window-{name}.png"
        window.grab().save(str(target))
        _quantized(target)
        written.append(target)
        window.setWindowModified(False)
        window.close()
        window.deleteLater()

    def eligible(window) -> None:
        window.load_path(EXAMPLES / "nct07334093-experimental-eligible.json")
        model = window.calendar_model
        model.setData(model.index(model.row_of_day(7), COL_PLT), "")  # before the day-7 count

    def blocking(window) -> None:
        window.load_path(EXAMPLES / "nct07243418-secondary-nadir-ineligible.json")
        window.eligibility_panel.blocking_only.setChecked(True)
        window.eligibility_panel.table.selectRow(0)

    shot(date(2026, 2, 2), "empty", lambda window: None)
    shot(date(2026, 2, 7), "eligible", eligible)
    shot(date(2026, 2, 9), "stop", lambda w: w.load_path(EXAMPLES / "nct07334093-experimental-eligible.json"))
    shot(date(2026, 3, 16), "rescue", lambda w: w.load_path(EXAMPLES / "nct07334093-control-rescue.json"))
    shot(date(2026, 4, 14), "cohort2-blocking", blocking)
    app.processEvents()
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"):
        print(f"{path} ({path.stat().st_size:,} bytes)")
