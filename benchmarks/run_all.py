"""Every benchmark in one table. Run: .venv/bin/python benchmarks/run_all.py [--no-instructions]

Measured processes run with bytecode (compiled first) and, where valgrind is installed
(``scripts/setup.sh --bench``), also report instruction-count ratios.

Figures are ratios against bare baselines measured in the same run; absolute times on shared
machines are not stable. Record results with the date and machine in benchmarks/RESULTS.md.
"""

from __future__ import annotations

import platform
import sys
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import bench_bundle, bench_core, bench_memory, bench_startup, bench_window_edit  # noqa: E402
from benchmarks._common import print_table  # noqa: E402


def main() -> None:
    print(f"{datetime.now():%Y-%m-%d %H:%M}  {platform.node()}  {platform.machine()}  "
          f"Python {platform.python_version()}  {platform.platform()}")
    count_instructions = "--no-instructions" not in sys.argv[1:]
    rows: list[tuple[str, str, str, str]] = []

    def section(name: str, measure) -> None:  # one failing benchmark must not lose the others' figures
        try:
            rows.extend(measure())
        except Exception as exc:  # noqa: BLE001 - reported in the table
            rows.append((name, "failed", "", f"{type(exc).__name__}: {exc}"[:120]))

    section("core one edit", bench_core.one_edit)
    section("check throughput", lambda: bench_core.throughput(count_instructions=count_instructions))
    section("window edits", bench_window_edit.measure)
    section("start-up", lambda: bench_startup.measure(runs=9, count_instructions=count_instructions))
    section("memory", bench_memory.measure)
    section("bundle", bench_bundle.measure)
    from benchmarks import bench_sheet
    section("sheet", bench_sheet.measure)
    section("sheet process", lambda: bench_sheet.process(count_instructions=count_instructions))
    print_table("CTIT dosing assistant benchmarks", rows)


if __name__ == "__main__":
    main()
