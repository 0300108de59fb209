"""Start-up to the first painted main window, against a bare PySide6 label, from source and frozen.

Runs alternate (bare, program, bare, program, …) so drift in machine load hits both alike.
Run: .venv/bin/python benchmarks/bench_startup.py [--runs 9]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import PYTHON, ROOT, median, print_table, time_command  # noqa: E402

FROZEN_APP = ROOT / "dist" / "ctit-dosing" / "ctit-dosing"
FROZEN_BARE = ROOT / "dist" / "bare-window" / "bare-window"


def _pair(program: list[str], bare: list[str], runs: int) -> tuple[list[float], list[float]]:
    program_times, bare_times = [], []
    time_command(bare, 1)  # warm the file cache for both
    time_command(program, 1)
    for _ in range(runs):
        bare_times += time_command(bare, 1)
        program_times += time_command(program, 1)
    return program_times, bare_times


def measure(runs: int) -> list[tuple[str, str, str, str]]:
    rows = []
    program, bare = _pair([PYTHON, str(ROOT / "main.py"), "--exit-after-show"],
                          [PYTHON, str(ROOT / "benchmarks" / "bare_window.py")], runs)
    rows.append(("start-up from source (median)", f"{median(program):.3f} s", f"{median(bare):.3f} s",
                 f"{median(program) / median(bare):.2f}× (target ≤ 2×)"))
    if FROZEN_APP.exists() and FROZEN_BARE.exists():
        program, bare = _pair([str(FROZEN_APP), "--exit-after-show"], [str(FROZEN_BARE)], runs)
        rows.append(("start-up frozen (median)", f"{median(program):.3f} s", f"{median(bare):.3f} s",
                     f"{median(program) / median(bare):.2f}× (target ≤ 2×)"))
    else:
        rows.append(("start-up frozen", "not built", "", "build with benchmarks/build_bundles.sh"))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    print_table("Start-up", measure(parser.parse_args().runs))


if __name__ == "__main__":
    main()
