"""Peak memory (maximum resident set) of the window with a case open, against the bare label window.

Run: .venv/bin/python benchmarks/bench_memory.py
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import PYTHON, ROOT, ensure_bytecode, median, offscreen_env, print_table  # noqa: E402

CASE = ROOT / "examples" / "nct07334093-experimental-eligible.json"
_PEAK = "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, " \
        "stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); " \
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"


def peak_kib(command: list[str]) -> int:
    """Peak RSS of one child, measured from a fresh wrapper so earlier children do not count."""
    out = subprocess.run([PYTHON, "-c", _PEAK, *command], check=True, capture_output=True, text=True,
                         env=offscreen_env(), cwd=ROOT)
    return int(out.stdout.strip())


def measure(runs: int = 5) -> list[tuple[str, str, str, str]]:
    ensure_bytecode()
    program = [peak_kib([PYTHON, str(ROOT / "main.py"), "--exit-after-show", "--open", str(CASE)]) for _ in range(runs)]
    bare = [peak_kib([PYTHON, str(ROOT / "benchmarks" / "bare_window.py")]) for _ in range(runs)]
    floor = [peak_kib([PYTHON, str(ROOT / "benchmarks" / "bare_window.py"), "--with-core"]) for _ in range(runs)]
    mib = 1024
    return [("peak memory, case open (median)", f"{median(program) / mib:.1f} MiB", f"{median(bare) / mib:.1f} MiB",
             f"{median(program) / median(bare):.2f}× (target ≤ 1.6×)"),
            ("floor: bare label after importing the core + protocols", f"{median(floor) / mib:.1f} MiB",
             f"{median(bare) / mib:.1f} MiB", f"{median(floor) / median(bare):.2f}×")]


def main() -> None:
    print_table("Memory", measure())


if __name__ == "__main__":
    del resource
    main()
