"""PDF dosing sheet speed: in-process export of a 14-day sheet with a PLT chart.

The ratio is against reportlab building a bare 14-row table document (Helvetica, no chart,
in memory) in the same run: medians of several runs each, after one warm-up of both (the
first export also loads the 5 MB CJK font once per process; that cost is reported apart).
Target from the issue: at most 3×. No asserts: run it and read the table.
Run: .venv/bin/python benchmarks/bench_sheet.py
"""

from __future__ import annotations

import io
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import ROOT, median, print_table  # noqa: E402

GENERATED = datetime(2026, 2, 3, 8, 0, tzinfo=timezone(timedelta(hours=8)))
CASE = ROOT / "examples" / "nct07334093-experimental-eligible.json"


def bare_table_document() -> bytes:
    """The baseline: reportlab platypus, one 14-row table, nothing else."""
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import SimpleDocTemplate, Table

    rows = [["Day", "Date", "Dose", "Given", "Initials", "PLT", "Notes"]]
    rows += [[str(day), f"2026-02-{day + 2:02d}", "hetrombopag 7.5 mg by mouth daily", "", "", "", ""]
             for day in range(1, 15)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4, invariant=1).build(
        [Table(rows, style=[("GRID", (0, 0), (-1, -1), 0.5, "black")])])
    return buffer.getvalue()


def _assessment():
    from ctit_gui.core.session import assess, read_case

    assessment = assess(read_case(CASE))
    assert any(day.platelet_count is not None for day in assessment.plan.days), "the case needs a check (chart)"
    return assessment


def measure(runs: int = 15) -> list[tuple[str, str, str, str]]:
    from ctit_gui.sheet.export import build_sheet_bytes, export_sheet

    assessment = _assessment()
    start = time.perf_counter()
    build_sheet_bytes(assessment, "a4", GENERATED)  # warm-up: registers the font
    first = time.perf_counter() - start
    bare_table_document()

    bare, in_memory, exported = [], [], []
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "sheet.pdf"
        for _ in range(runs):
            start = time.perf_counter()
            bare_table_document()
            bare.append(time.perf_counter() - start)
            start = time.perf_counter()
            build_sheet_bytes(assessment, "a4", GENERATED)
            in_memory.append(time.perf_counter() - start)
            start = time.perf_counter()
            export_sheet(assessment, target, paper="a4", generated_at=GENERATED)
            exported.append(time.perf_counter() - start)
    ms = 1000
    base = median(bare)
    return [
        ("sheet export to file, median", f"{median(exported) * ms:.1f} ms", f"{base * ms:.1f} ms",
         f"{median(exported) / base:.2f}× (target ≤ 3×)"),
        ("sheet build in memory, median", f"{median(in_memory) * ms:.1f} ms", f"{base * ms:.1f} ms",
         f"{median(in_memory) / base:.2f}×"),
        ("first sheet in a process (font load)", f"{first * ms:.1f} ms", "", "once per process"),
    ]


def main() -> None:
    print_table("PDF dosing sheet (baseline: reportlab bare 14-row table document)", measure())


if __name__ == "__main__":
    main()
