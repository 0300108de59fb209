"""The baseline of `main.py sheet` as a process: bare reportlab writing a 14-row table to a PDF file."""

import sys

from reportlab.lib.pagesizes import A4
from reportlab.platypus import SimpleDocTemplate, Table


def main(path: str) -> int:
    rows = [["Day", "Date", "Dose", "Given", "Initials", "PLT", "Notes"]]
    rows += [[str(day), f"2026-02-{day + 2:02d}", "hetrombopag 7.5 mg by mouth daily", "", "", "", ""]
             for day in range(1, 15)]
    SimpleDocTemplate(path, pagesize=A4, invariant=1).build(
        [Table(rows, style=[("GRID", (0, 0), (-1, -1), 0.5, "black")])])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
