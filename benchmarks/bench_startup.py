"""Start-up against a bare PySide6 label, as users run it (bytecode present), from source and frozen.

Three program measures, each against the bare label (a QApplication showing one QLabel, exiting
after its first paint) in the same run:
  - first paint of the window (its frame: title, menus, layout, "Loading…"; painted before the
    core is imported, the panels fill in after): ``main.py --exit-after-first-paint``;
  - the complete empty window painted (panels built, protocols loaded): ``main.py --exit-after-show``;
  - the window showing a case's verdict and calendar: ``main.py --exit-after-show --open CASE``.
Two floors in the same run: the bare label after the core and protocols are loaded, and the least window
that shows the case's verdict over a plain 14-day table (``bare_window.py --with-case``).
Wall time: medians of interleaved runs (bare, program, bare, program, …) so drift in machine load
hits both alike. Instructions (valgrind cachegrind, one run each: repeat runs agree within 0.02 %).
Run: .venv/bin/python benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import (  # noqa: E402
    PYTHON, ROOT, ensure_bytecode, instruction_ratio, instructions, median, print_table, time_command,
)

FROZEN_APP = ROOT / "dist" / "ctit-dosing" / "ctit-dosing"
FROZEN_BARE = ROOT / "dist" / "bare-window" / "bare-window"
CASE = ROOT / "examples" / "nct07334093-experimental-eligible.json"
FIRST_PAINT_TARGET = 1.2
CASE_SHOWN_TARGET = 2.0


def _pair(program: list[str], bare: list[str], runs: int) -> tuple[list[float], list[float]]:
    program_times, bare_times = [], []
    time_command(bare, 1)  # warm the file cache for both
    time_command(program, 1)
    for _ in range(runs):
        bare_times += time_command(bare, 1)
        program_times += time_command(program, 1)
    return program_times, bare_times


def _rows(label: str, program: list[str], bare: list[str], runs: int, target: float,
          count_instructions: bool) -> list[tuple[str, str, str, str]]:
    program_times, bare_times = _pair(program, bare, runs)
    ratio = median(program_times) / median(bare_times)
    rows = [(f"{label} (median wall)", f"{median(program_times):.3f} s", f"{median(bare_times):.3f} s",
             f"{ratio:.2f}× (target ≤ {target}×)")]
    if count_instructions:
        rows.append((f"{label} (instructions)", "", "", instruction_ratio(instructions(program), instructions(bare))))
    return rows


def measure(runs: int, count_instructions: bool = True) -> list[tuple[str, str, str, str]]:
    ensure_bytecode()
    bare = [PYTHON, str(ROOT / "benchmarks" / "bare_window.py")]
    main = [PYTHON, str(ROOT / "main.py"), "--exit-after-show"]
    rows = _rows("first paint (frame), from source", [PYTHON, str(ROOT / "main.py"), "--exit-after-first-paint"],
                 bare, runs, FIRST_PAINT_TARGET, count_instructions)
    rows += _rows("complete empty window painted, from source", main, bare, runs, CASE_SHOWN_TARGET,
                  count_instructions)
    rows += _rows("case's verdict + calendar shown, from source", main + ["--open", str(CASE)], bare, runs,
                  CASE_SHOWN_TARGET, count_instructions)
    rows += _rows("floor: bare label after importing the core + protocols", bare + ["--with-core"], bare, runs,
                  FIRST_PAINT_TARGET, count_instructions)
    rows += _rows("floor: the least window showing the case's verdict + 14-day table", bare + ["--with-case", str(CASE)],
                  bare, runs, CASE_SHOWN_TARGET, count_instructions)
    if FROZEN_APP.exists() and FROZEN_BARE.exists():
        frozen = [str(FROZEN_APP), "--exit-after-show"]
        rows += _rows("first paint (frame), frozen", [str(FROZEN_APP), "--exit-after-first-paint"],
                      [str(FROZEN_BARE)], runs, FIRST_PAINT_TARGET, False)
        rows += _rows("case shown, frozen", frozen + ["--open", str(CASE)], [str(FROZEN_BARE)], runs,
                      CASE_SHOWN_TARGET, False)
    else:
        rows.append(("start-up frozen", "not built", "", "build with benchmarks/build_bundles.sh"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-instructions", action="store_true", help="skip the valgrind counts")
    options = parser.parse_args()
    print_table("Start-up", measure(options.runs, not options.no_instructions))


if __name__ == "__main__":
    main()
