"""Re-evaluation after one edit in the window: core verdict + plan + every view updated and painted.

Three kinds of edit, each as the user makes it, then the event queue drained (Qt's own layout and
paint of what changed) and the whole window repainted on top, so the time covers the views:
  - a new baseline PLT typed into the real field (setText + textEdited, as a keystroke ends);
  - a day-7 PLT committed in the calendar cell (the cell editor's model.setData);
  - an attestation flipped in the criteria table (the drop-down's model.setData).
The values cycle through the protocol's thresholds, so some edits stop the study drug from day 8
or change the verdict: those restructure the plan, add or remove a banner and resize calendar rows.
Baseline: the same typing on a bare QLineEdit whose slot updates one QLabel, measured interleaved
with the program's edits in the same run.
Two figures per edit: "as in use" ends when the event queue is empty, i.e. after Qt has laid out
and painted what changed (what a user waits for); "+ whole-window repaint" adds a forced repaint
of every widget on top (the figure of the earlier rounds, kept for comparison).
Instructions per edit (``--instructions``, valgrind): one process per kind makes 0 and then N edits
of it (with and without the forced repaint); the difference over N is what one edit costs, free of
the machine's load.
Run: .venv/bin/python benchmarks/bench_window_edit.py [--instructions]
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Callable

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from benchmarks._common import ROOT, median, percentile, print_table  # noqa: E402

CASE = ROOT / "examples" / "nct07334093-experimental-eligible.json"
FRAME_MS = 16


def _timed(app, window, edit: Callable[[], object], repaint: bool = True) -> tuple[float, float]:
    """One edit, every event it queued until none is left (layout, zero timers, Qt's paint of what
    changed: none spills into the next measure), then (``repaint``) a repaint of the whole window.
    Returns the total and the part of it spent in that whole-window repaint."""
    from PySide6.QtCore import QEventLoop

    start = time.perf_counter()
    edit()
    app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 1000)  # returns as soon as the queue is empty
    painted = time.perf_counter()
    if repaint:
        window.repaint()
    end = time.perf_counter()
    return end - start, end - painted


def _typing(field, text: str) -> Callable[[], None]:
    def edit() -> None:
        field.setText(text)
        field.textEdited.emit(text)
    return edit


def _edits(window) -> dict[str, Callable[[int], Callable[[], object]]]:
    """Each kind of edit, as a function of the edit's number."""
    from ctit_gui.ui.case_screen.calendar_model import COL_PLT
    from ctit_gui.ui.case_screen.criteria_model import COL_ANSWER

    field = window.labs_panel.rows["plt"].value
    calendar = window.calendar_model
    criteria = window.eligibility_panel.model

    def day7(index: int) -> Callable[[], object]:
        value = str(60 + index % 60)  # ×10⁹/L: across baseline + 50 and the stop at 100
        return lambda: calendar.setData(calendar.index(calendar.row_of_day(7), COL_PLT), value)

    def attest(index: int) -> Callable[[], object]:
        value = index % 2 == 0  # EX2 present: not eligible; absent: eligible again
        return lambda: criteria.setData(criteria.index(criteria.row_of("EX2"), COL_ANSWER), value)

    return {
        "PLT field": lambda index: _typing(field, str(20 + index % 40)),  # across the PLT criteria
        "day-7 PLT in the calendar": day7,
        "attestation": attest,
    }


def _window_with_case():
    """The application and the window at 1280×800 with the example case and its chart shown.

    Python's collector as in use (``ui/app.py``): paused while the window is built, then what was
    built frozen out of its generations at the first paint, before the case and the chart load."""
    from ctit_gui.ui.app import create_application, pause_collector, resume_collector

    pause_collector()
    from ctit_gui.core.session import default_protocols
    from ctit_gui.ui.main_window import MainWindow

    app = create_application([])  # the program's own (its style chosen, as in use)
    window = MainWindow(default_protocols())
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    resume_collector()
    window.load_path(CASE)
    app.processEvents()
    window.ensure_chart()  # loaded after the first paint in use; here before the first edit
    app.processEvents()
    return app, window


def measure(edits: int = 200) -> list[tuple[str, str, str, str]]:
    from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

    app, window = _window_with_case()

    bare = QWidget()
    layout = QVBoxLayout(bare)
    bare_field, bare_label = QLineEdit(bare), QLabel(bare)
    layout.addWidget(bare_field)
    layout.addWidget(bare_label)
    bare_field.textEdited.connect(lambda text: bare_label.setText(f"PLT {text}"))
    bare.show()
    app.processEvents()

    import gc

    collections: list[int] = []  # generation of each collection of the cyclic collector
    gc.callbacks.append(lambda phase, info: collections.append(info["generation"]) if phase == "start" else None)
    baseline: list[float] = []
    program: dict[str, list[float]] = {}
    in_use: dict[str, list[float]] = {}
    repaints: list[float] = []
    collected: dict[str, list[int]] = {}
    for kind, edit_number in _edits(window).items():
        times, used = program[kind], in_use[kind] = [], []
        seen = collected[kind] = []
        for index in range(edits):
            baseline.append(_timed(app, bare, _typing(bare_field, str(20 + index % 40)))[0])
            collections.clear()
            total, repaint = _timed(app, window, edit_number(index))
            seen.append(max(collections, default=-1))
            times.append(total)
            used.append(total - repaint)  # until Qt had laid out and painted what changed
            repaints.append(repaint)
    window.setWindowModified(False)
    window.close()

    ms = 1000
    bare_median, bare_p99 = median(baseline) * ms, percentile(baseline, 0.99) * ms
    rows = []
    for kind, times in program.items():
        used = in_use[kind]
        rows += [
            (f"edit ({kind}) → verdict + plan + views painted as in use, median", f"{median(used) * ms:.1f} ms",
             f"{bare_median:.2f} ms", f"{median(used) * ms / bare_median:.0f}× bare"),
            (f"edit ({kind}) → verdict + plan + views painted as in use, p99", f"{percentile(used, 0.99) * ms:.1f} ms",
             f"{bare_p99:.2f} ms", f"target < {FRAME_MS} ms (one frame)"),
            (f"edit ({kind}) + whole-window repaint, median", f"{median(times) * ms:.1f} ms",
             f"{bare_median:.2f} ms", f"{median(times) * ms / bare_median:.0f}× bare"),
            (f"edit ({kind}) + whole-window repaint, p99", f"{percentile(times, 0.99) * ms:.1f} ms",
             f"{bare_p99:.2f} ms", ""),
            (f"edit ({kind}): edits with a collection of Python's cyclic collector (of them full)",
             f"{sum(g >= 0 for g in collected[kind])} ({sum(g == 2 for g in collected[kind])})", "",
             f"of {edits}"),
        ]
    rows.append(("  of which the whole-window repaint, median", f"{median(repaints) * ms:.1f} ms", "",
                 "all kinds (in use Qt repaints only what changed)"))
    return rows


def _only(kind: str, edits: int, repaint: bool = True) -> None:
    """The window, the case and the chart, then ``edits`` edits of one kind (for instruction counts)."""
    app, window = _window_with_case()
    edit_number = _edits(window)[kind]
    for index in range(edits):
        _timed(app, window, edit_number(index), repaint)
    window.setWindowModified(False)


def instructions_per_edit(edits: int = 30) -> list[tuple[str, str, str, str]]:
    from benchmarks._common import PYTHON, ensure_bytecode, instructions, offscreen_env

    ensure_bytecode()
    env = offscreen_env()
    env["QT_QPA_PLATFORM"] = "offscreen"
    rows = []
    for kind in ("PLT field", "day-7 PLT in the calendar", "attestation"):
        command = [PYTHON, str(Path(__file__).resolve()), "--only", kind, "--edits"]
        none = instructions(command + ["0"], env)
        in_use = instructions(command + [str(edits), "--no-repaint"], env)
        some = instructions(command + [str(edits)], env)
        if none is None or some is None or in_use is None:
            return [("instructions per edit", "no valgrind", "", "setup.sh --bench")]
        rows += [(f"edit ({kind}), mean instructions ({edits} edits), painted as in use",
                  f"{(in_use - none) / edits / 1e6:.1f} M", "", ""),
                 (f"edit ({kind}), mean instructions ({edits} edits), + whole-window repaint",
                  f"{(some - none) / edits / 1e6:.1f} M", "", "")]
    return rows


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser()
    parser.add_argument("--only")
    parser.add_argument("--edits", type=int, default=200)
    parser.add_argument("--instructions", action="store_true")
    parser.add_argument("--no-repaint", action="store_true", help="with --only: no whole-window repaint")
    options = parser.parse_args()
    if options.only:
        _only(options.only, options.edits, not options.no_repaint)
    elif options.instructions:
        print_table("Window edits, instructions", instructions_per_edit())
    else:
        print_table("Window re-evaluation", measure(options.edits))


if __name__ == "__main__":
    main()
