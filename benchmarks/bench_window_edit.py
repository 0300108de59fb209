"""Re-evaluation after one field edit in the window: core verdict + plan + every view updated.

An edit is a new PLT typed into the real field (setText + textEdited, as a keystroke ends), then
the event queue is drained and the window repainted, so the time covers the views too. Baseline:
the same edit on a bare QLineEdit whose slot updates one QLabel, measured in the same run.
Run: .venv/bin/python benchmarks/bench_window_edit.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks._common import ROOT, median, percentile, print_table  # noqa: E402

CASE = ROOT / "examples" / "nct07334093-experimental-eligible.json"


def _edit(app, field, text: str, widget) -> float:
    start = time.perf_counter()
    field.setText(text)
    field.textEdited.emit(text)
    app.processEvents()
    widget.repaint()
    return time.perf_counter() - start


def measure(edits: int = 300) -> list[tuple[str, str, str, str]]:
    from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QVBoxLayout, QWidget

    from ctit_gui.core.session import default_protocols
    from ctit_gui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    window = MainWindow(default_protocols())
    window.resize(1280, 800)
    window.show()
    window.load_path(CASE)
    app.processEvents()
    field = window.labs_panel.rows["plt"].value

    bare = QWidget()
    layout = QVBoxLayout(bare)
    bare_field, bare_label = QLineEdit(bare), QLabel(bare)
    layout.addWidget(bare_field)
    layout.addWidget(bare_label)
    bare_field.textEdited.connect(lambda text: bare_label.setText(f"PLT {text}"))
    bare.show()
    app.processEvents()

    program, baseline = [], []
    for index in range(edits):
        value = str(20 + index % 40)
        baseline.append(_edit(app, bare_field, value, bare))
        program.append(_edit(app, field, value, window))
    window.setWindowModified(False)
    window.close()
    ms = 1000
    return [
        ("edit → verdict + plan + views, median", f"{median(program) * ms:.1f} ms", f"{median(baseline) * ms:.2f} ms",
         f"{median(program) / median(baseline):.0f}× bare"),
        ("edit → verdict + plan + views, p99", f"{percentile(program, 0.99) * ms:.1f} ms",
         f"{percentile(baseline, 0.99) * ms:.2f} ms", "target < 16 ms (one frame)"),
    ]


def main() -> None:
    print_table("Window re-evaluation", measure())


if __name__ == "__main__":
    main()
