"""The 14-row dosing calendar: one row per day, one line per drug within the day.

Day, date, PLT and notes span the day's drug lines, so a page break never falls
inside a day. A day without a dose says why in words ("STOPPED — no dose",
"HELD — no dose") on a shaded row with its tick boxes crossed out: never blank.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Table

from ..core.session import Assessment
from . import words
from .layout import GREY, LIGHT, CheckpointBox, Ink, TickBox, table

TITLES = ("Day", "Date", "Dose (route, frequency)", "Given", "Initials", f"PLT {words.PLT_UNIT}", "Notes")
#: Column widths in mm on a 180 mm frame (A4 with 15 mm margins), scaled to the frame. With two
#: drugs a day has two lines, so the date goes on two lines too and the dose column gets wider.
WIDTHS_MM = {1: (10, 26, 55, 11, 15, 38, 25), 2: (9, 19, 84, 11, 13, 25, 19)}
DAY, DATE, DOSE, GIVEN, INITIALS, PLT, NOTES = range(7)


def column_widths(width: float, drugs: int) -> list[float]:
    widths = WIDTHS_MM[min(max(drugs, 1), 2)]
    return [w * width / sum(widths) for w in widths]


def calendar_table(ink: Ink, assessment: Assessment, width: float) -> Table:
    s = ink.styles
    drugs = words.arm_drugs(assessment)
    data: list[list] = [[ink.p(title, s.cell, bold=True) for title in TITLES]]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black),
        ("ALIGN", (GIVEN, 1), (GIVEN, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for day in assessment.plan.days:
        first = len(data)
        for index, drug in enumerate(drugs):
            cell = words.dose_cell(assessment, day, drug)
            dose = [ink.p(f"{cell.text} {cell.per_kg}" if cell.per_kg else cell.text, s.cell, bold=not cell.give)]
            if cell.detail:
                dose.append(ink.p(cell.detail, s.cell))
            row: list = ["", "", dose, TickBox(crossed=not cell.give), "", "", ""]
            if index == 0:
                row[DAY] = ink.p(str(day.day), s.cell_big, bold=True)
                when = words.date_text(day.date) or "__________"
                row[DATE] = ink.p(when.replace(" ", "\n", 1) if len(drugs) > 1 else when, s.cell)
                plt = words.plt_cell(day)
                if day.checkpoint:
                    row[PLT] = CheckpointBox(ink, plt)
                elif plt:
                    row[PLT] = ink.p(plt, s.cell)
            data.append(row)
            if not cell.give:
                commands.append(("BACKGROUND", (DOSE, len(data) - 1), (INITIALS, len(data) - 1), GREY))
        last = len(data) - 1
        if last > first:
            for column in (DAY, DATE, PLT, NOTES):
                commands.append(("SPAN", (column, first), (column, last)))
        if day.state in ("stopped", "do_not_dose"):
            commands.append(("BACKGROUND", (DAY, first), (DATE, last), GREY))
            commands.append(("BACKGROUND", (NOTES, first), (NOTES, last), GREY))
        commands.append(("LINEABOVE", (0, first), (-1, first), 1.0, colors.black))
    return table(data, column_widths(width, len(drugs)), commands, repeatRows=1)

