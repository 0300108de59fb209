"""Shared helpers for the benchmarks: medians, percentiles, timing a subprocess, instruction counts,
a table.

Measured processes run as users run the program: with bytecode present (:func:`ensure_bytecode`
compiles the tree and the environment's packages first) and without ``PYTHONDONTWRITEBYTECODE``
(which this development environment sets; a from-source run would otherwise compile ~50 modules
every start). Instruction counts come from ``valgrind --tool=cachegrind --cache-sim=no``: repeat
runs agree within ~0.02 %, unlike wall time on shared machines. ``scripts/setup.sh --bench``
installs valgrind; without it the instruction columns say so.
"""

from __future__ import annotations

import compileall
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def median(values: list[float]) -> float:
    return statistics.median(values)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def offscreen_env() -> dict[str, str]:
    """The environment of a measured process: offscreen Qt without a display, bytecode used and kept."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    if not env.get("DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


_compiled = False


def ensure_bytecode() -> None:
    """Compile the program, the benchmarks and the environment's packages once, as an install has them."""
    global _compiled
    if _compiled:
        return
    import sysconfig

    folders = [ROOT / "ctit_gui", ROOT / "benchmarks"]
    folders += [Path(p) for p in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
                if Path(p).is_dir()]
    for folder in folders:
        compileall.compile_dir(str(folder), quiet=2, workers=1)
    compileall.compile_file(str(ROOT / "main.py"), quiet=2)
    _compiled = True


def valgrind_available() -> bool:
    return shutil.which("valgrind") is not None


def instructions(command: list[str], env: dict[str, str] | None = None) -> int | None:
    """Instructions executed by one run of a command (valgrind cachegrind), or None without valgrind."""
    if not valgrind_available():
        return None
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          *command], env=env or offscreen_env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True)
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    return int(found.group(1).replace(",", "")) if found else None


def instruction_ratio(program: int | None, bare: int | None) -> str:
    if program is None or bare is None:
        return "instructions: no valgrind (setup.sh --bench)"
    return f"{program / 1e6:,.0f} M / {bare / 1e6:,.0f} M instr = {program / bare:.2f}×"


def time_command(command: list[str], runs: int, env: dict[str, str] | None = None) -> list[float]:
    """Wall-clock seconds of each run of a command that must exit 0."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, env=env or offscreen_env(), cwd=ROOT,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return times


def print_table(title: str, rows: list[tuple[str, str, str, str]]) -> None:
    print(f"\n{title}")
    header = ("measure", "value", "baseline", "ratio / target")
    widths = [max(len(r[i]) for r in rows + [header]) for i in range(4)]
    for row in [header] + rows:
        print("  " + "  ".join(cell.ljust(width) for cell, width in zip(row, widths)))
