"""The 14-row dosing calendar: one row per day, one line per drug within the day.

The calendar always fits on page 1 with the header and the current state: rows are
tight, a day without a dose is one shaded line that says why in words ("no dose —
stopped day 7", "HELD — no dose") with the drug names still readable and no box to
tick. Day, date, PLT and notes span the day's drug lines.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.platypus import Table

from ..core.session import Assessment
from . import words
from reportlab.lib.units import mm

from .layout import GREY, LIGHT, Blocked, CheckpointBox, Ink, TickBox, table

TITLES = ("Day", "Date", "Dose (route, frequency)", "Given", "Initials", f"PLT {words.PLT_UNIT}", "Notes")
#: Column widths in mm on a 180 mm frame (A4 with 15 mm margins), scaled to the frame. With two
#: drugs a day has two lines, so the date goes on two lines too and the dose column gets wider.
WIDTHS_MM = {1: (10, 26, 55, 11, 15, 38, 25), 2: (8, 25.5, 83.5, 10, 12, 24, 15)}
DAY, DATE, DOSE, GIVEN, INITIALS, PLT, NOTES = range(7)
PADDING = [("TOPPADDING", (0, 0), (-1, -1), 1.0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
           ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]


def column_widths(width: float, drugs: int) -> list[float]:
    widths = WIDTHS_MM[min(max(drugs, 1), 2)]
    return [w * width / sum(widths) for w in widths]


def _day_cells(ink: Ink, assessment: Assessment, day, drugs: list[str], row: list) -> None:
    s = ink.styles
    row[DAY] = ink.p(str(day.day), s.cell_big, bold=True)
    when = words.date_text(day.date) or "__________"
    row[DATE] = ink.p(when, s.cell)
    plt = words.plt_cell(day, assessment)
    if day.checkpoint:
        row[PLT] = CheckpointBox(ink, plt)
    elif plt:
        row[PLT] = ink.p(plt, s.cell, bold=words.is_rescue_count(day, assessment))


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
        *PADDING,
    ]
    for day in assessment.plan.days:
        first = len(data)
        line = words.no_dose_line(assessment, day, drugs)
        if line is not None:  # one shaded line, no box to tick, the drug names readable
            row: list = ["", "", ink.p(line.text, s.cell, bold=True), "", "", "", ""]
            _day_cells(ink, assessment, day, drugs, row)
            data.append(row)
            commands.append(("SPAN", (DOSE, first), (INITIALS, first)))
            commands.append(("BACKGROUND", (DAY, first), (INITIALS, first), GREY))
            commands.append(("BACKGROUND", (NOTES, first), (NOTES, first), GREY))
            if not day.checkpoint:
                commands.append(("BACKGROUND", (PLT, first), (PLT, first), GREY))
        else:
            for index, drug in enumerate(drugs):
                cell = words.dose_cell(assessment, day, drug)
                dose = [ink.p(f"{cell.text} {cell.per_kg}" if cell.per_kg else cell.text, s.cell, bold=not cell.give)]
                if cell.detail:
                    dose.append(ink.p(cell.detail, s.cell))
                row = ["", "", dose, TickBox() if cell.give else "", "", "", ""]
                if index == 0:
                    _day_cells(ink, assessment, day, drugs, row)
                data.append(row)
                if not cell.give:
                    commands.append(("SPAN", (DOSE, len(data) - 1), (INITIALS, len(data) - 1)))
                    commands.append(("BACKGROUND", (DOSE, len(data) - 1), (INITIALS, len(data) - 1), GREY))
        last = len(data) - 1
        if last > first:
            for column in (DAY, DATE, PLT, NOTES):
                commands.append(("SPAN", (column, first), (column, last)))
        commands.append(("LINEABOVE", (0, first), (-1, first), 1.0, colors.black))
        condition = words.day_condition(assessment, day)
        if condition:
            data.append(["", "", ink.p(condition, s.cell), "", "", "", ""])
            commands.append(("SPAN", (DOSE, len(data) - 1), (NOTES, len(data) - 1)))
            commands.append(("SPAN", (DAY, first), (DAY, len(data) - 1)))
            commands.append(("SPAN", (DATE, first), (DATE, len(data) - 1)))
            commands.append(("BOX", (DOSE, len(data) - 1), (NOTES, len(data) - 1), 1.4, colors.black))
    return table(data, column_widths(width, len(drugs)), commands, repeatRows=1)


def calendar_story(ink: Ink, assessment: Assessment, width: float, reason_limit: int | None = None) -> list:
    """The heading, the calendar (or DO NOT DOSE across its area) and the reprint reminder."""
    block = words.dosing_block(assessment)
    if block:  # no dose rows, no boxes: the words, and the criteria that block, across the calendar area
        lines = [f"{ids} — {status}: {words.clip(reason, reason_limit, 'the window')}"
                 for ids, status, reason in words.blocking_rows(assessment)]
        days = [words.date_text(d.date) for d in assessment.plan.days if d.date]
        period = (f"Treatment days 1–{len(assessment.plan.days)} ({days[0]} to {days[-1]}): no dose may be given "
                  "from this sheet." if days else "No dose may be given from this sheet.")
        return [ink.p("Dosing calendar", ink.styles.heading, bold=True),
                Blocked(ink, words.do_not_dose_words(block),
                        [period, "Blocking criteria (re-screen, then print a new sheet):", *lines], [], 120 * mm)]
    out = [ink.p("Dosing calendar", ink.styles.heading, bold=True), calendar_table(ink, assessment, width)]
    reminder = words.reprint_reminder(assessment)
    if reminder:
        out.append(ink.p(reminder, ink.styles.cell, bold=True))
    return out
