"""The 14-row dosing calendar: one row per day, one line per drug within the day.

The calendar always fits on page 1 with the header and the current state: one row a
day, one line per drug, each with its box in the Given column. A day without a dose
is one shaded line that says why in words ("no dose — stopped day 7") with the drug
names still readable and no box to tick. A pending checkpoint is followed by a line
with this patient's limits; a day whose doses depend on a pending count says so.
"""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.units import mm

from .. import i18n
from ..core.session import Assessment
from ..i18n import N_, _
from . import words
from .layout import GREY, LIGHT, Blocked, CheckpointBox, GivenBoxes, Ink, table
from .platypus import Spacer, Table

TITLES = (N_("Day"), N_("Date"), N_("Dose (route, frequency)"), N_("Given, initials"), "PLT {unit}", N_("Notes"))
#: Column widths in mm on a 178 mm frame (A4 with 16 mm margins), scaled to the frame. A day is one
#: row; with two drugs its dose cell has two lines, each with its own box in the Given column.
WIDTHS_MM = {1: (10, 26, 56, 22, 36, 28), 2: (8.2, 25.5, 83.5, 16, 21, 23.8)}
#: Chinese: the dose in the ward's words is longer (海曲泊帕乙醇胺片 7.5 mg 口服 每日一次), the Given column
#: needs no room for its two-word heading, and the PLT cell's 血常规复查 is shorter than CHECKPOINT.
#: With two drugs the rhTPO line (重组人血小板生成素注射液 (rhTPO) 15,000 单位 皮下注射 每日一次, 94.4 mm)
#: fits on one line on A4: the date (2026-02-03 周二, 23.2 mm) and the Given column give up the room.
WIDTHS_MM_ZH = {1: (10, 27.5, 62, 15, 29.5, 34), 2: (8.2, 25.4, 97, 11.6, 18.8, 17)}
#: Chinese, two drugs, a day's doses conditional on a pending count: the Notes cell says so (仅当第7天 PLT < 100
#: 且 < 82 时给药, 50 mm). In 17 mm it took four lines on each of days 7–14, two more than the day's two dose
#: lines, and pushed the reprint reminder (A4) or day 14 (Letter) off page 1. The weekday goes under the date
#: (2026-02-03, 16 mm; 周二 below it, beside the second dose line: no row grows) and Notes takes the room: three lines.
WIDTHS_MM_ZH_NOTES = (8.2, 19, 97, 11.6, 18.8, 23.4)
DAY, DATE, DOSE, GIVEN, PLT, NOTES = range(6)
PAD_X = 3
PADDING = [("TOPPADDING", (0, 0), (-1, -1), 1.0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.8),
           ("LEFTPADDING", (0, 0), (-1, -1), PAD_X), ("RIGHTPADDING", (0, 0), (-1, -1), PAD_X)]


def column_widths(width: float, drugs: int, notes: bool = False) -> list[float]:
    """Column widths in points for a ``width``-point frame; ``notes``: some day has a conditional note."""
    if i18n.is_chinese() and drugs >= 2 and notes:
        widths = WIDTHS_MM_ZH_NOTES
    else:
        widths = (WIDTHS_MM_ZH if i18n.is_chinese() else WIDTHS_MM)[min(max(drugs, 1), 2)]
    return [w * width / sum(widths) for w in widths]


def _day_cells(ink: Ink, assessment: Assessment, day, row: list) -> None:
    s = ink.styles
    row[DAY] = ink.p(str(day.day), s.cell_big, bold=True)
    row[DATE] = ink.p(words.date_text(day.date) or "__________", s.cell)
    plt = words.plt_cell(day, assessment)
    if day.checkpoint:
        row[PLT] = CheckpointBox(ink, plt)
    elif plt:
        row[PLT] = ink.p(plt, s.cell, bold=words.is_rescue_count(day, assessment))


def calendar_table(ink: Ink, assessment: Assessment, width: float, tight: bool = False,
                   dense: bool = False) -> Table:
    s = ink.styles
    line_style = s.cell_dense if dense else s.cell  # dose lines stay 9 pt; only the space between them shrinks
    drugs = words.arm_drugs(assessment)
    notes = [words.conditional_note(assessment, day) for day in assessment.plan.days]
    widths = column_widths(width, len(drugs), any(notes))
    data: list[list] = [[ink.p(_(title, unit=words.PLT_UNIT) if "{" in title else _(title), s.cell, bold=True)
                         for title in TITLES]]
    commands: list[tuple] = [
        ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
        ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
        ("BACKGROUND", (0, 0), (-1, 0), LIGHT),
        ("LINEBELOW", (0, 0), (-1, 0), 1.2, colors.black),
        *PADDING,
    ]
    if tight:  # the last step to keep all 14 days on page 1 (a long patient id, many events)
        commands += [("TOPPADDING", (0, 0), (-1, -1), 0.4), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.0)]
    if dense:  # after that: two drugs, a STOP and a RESCUE band (Chinese on Letter, issue 12)
        commands += [("TOPPADDING", (0, 0), (-1, -1), 0.3), ("BOTTOMPADDING", (0, 0), (-1, -1), 0.7)]
    for day, note in zip(assessment.plan.days, notes):
        row: list = ["", "", "", "", "", ""]
        _day_cells(ink, assessment, day, row)
        data.append(row)
        at = len(data) - 1
        line = words.no_dose_line(assessment, day, drugs)
        if line is not None:  # one shaded line, no box to tick, the drug names readable
            row[DOSE] = ink.p(line.text, s.cell, bold=True)
            commands.append(("SPAN", (DOSE, at), (GIVEN, at)))
            commands.append(("BACKGROUND", (DAY, at), (GIVEN, at), GREY))
            commands.append(("BACKGROUND", (NOTES, at), (NOTES, at), GREY))
            if not day.checkpoint:
                commands.append(("BACKGROUND", (PLT, at), (PLT, at), GREY))
        else:
            cells = [words.dose_cell(assessment, day, drug) for drug in drugs]
            lines = [ink.p(f"{c.text} {c.per_kg}" if c.per_kg else c.text, line_style, bold=not c.give)
                     for c in cells]
            details = [ink.p(c.detail, line_style) for c in cells if c.detail]
            row[DOSE] = lines + details
            row[GIVEN] = GivenBoxes(lines, [c.give for c in cells], widths[DOSE] - 2 * PAD_X,
                                    **({"side": 2.6 * mm, "drop": 0} if dense else {}))  # two boxes stay apart
            if not any(c.give for c in cells):
                commands.append(("BACKGROUND", (DOSE, at), (GIVEN, at), GREY))
            elif day.state == "withhold":  # the stop-count day: boxes kept for a dose given before the result
                commands.append(("BACKGROUND", (DOSE, at), (DOSE, at), LIGHT))
        if note:
            row[NOTES] = ink.p(note, s.cell)
        commands.append(("LINEABOVE", (0, at), (-1, at), 1.0, colors.black))
        condition = words.checkpoint_limits(assessment, day) or words.withhold_line(assessment, day)
        if condition:
            data.append(["", ink.p(condition, s.cell, bold=True), "", "", "", ""])
            commands.append(("SPAN", (DATE, at + 1), (NOTES, at + 1)))
            commands.append(("SPAN", (DAY, at), (DAY, at + 1)))
            commands.append(("BOX", (DATE, at + 1), (NOTES, at + 1), 1.4, colors.black))
    return table(data, widths, commands, repeatRows=1)


def calendar_story(ink: Ink, assessment: Assessment, width: float, reason_limit: int | None = None,
                   tight: bool = False, dense: bool = False, reminder: bool = True) -> list:
    """The heading, the calendar (or DO NOT DOSE across its area) and the reprint reminder (``reminder``
    False: without it, to print it at the top of page 2 with the rules: :func:`reminder_flowables`)."""
    block = words.dosing_block(assessment)
    if block:  # no dose rows, no boxes: the words, and the criteria that block, across the calendar area
        where = _("the window")
        lines = [_("{criteria} — {status}: {reason}", criteria=ids, status=status,
                   reason=words.clip(reason, reason_limit, where))
                 for ids, status, reason in words.blocking_rows(assessment)]
        days = [words.date_text(d.date) for d in assessment.plan.days if d.date]
        period = (_("Treatment days 1–{last} ({first_date} to {last_date}): no dose may be given from this sheet.",
                    last=len(assessment.plan.days), first_date=days[0], last_date=days[-1])
                  if days else _("No dose may be given from this sheet."))
        out = [ink.p(_("Dosing calendar"), ink.styles.heading, bold=True),
               Blocked(ink, words.do_not_dose_words(block),
                       [period, _("Blocking criteria (re-screen, then print a new sheet):"), *lines], [], 120 * mm)]
        quotes = words.excluding_quotes(assessment)
        if quotes:  # what each excluding criterion says, under the box (a table: it may continue overleaf)
            s = ink.styles
            out += [Spacer(1, 1.5 * mm),
                    table([[ink.p(label, s.cell, bold=True), ink.p(quote, s.cell)] for label, quote in quotes],
                          [38 * mm, width - 38 * mm],
                          [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
                           *PADDING])]
        return out
    out = [ink.p(_("Dosing calendar"), ink.styles.heading, bold=True),
           calendar_table(ink, assessment, width, tight, dense)]
    if reminder:
        out += reminder_flowables(ink, assessment)
    return out


def reminder_flowables(ink: Ink, assessment: Assessment) -> list:
    """'Reprint this sheet after each checkpoint', while a checkpoint count is still to come (else nothing)."""
    reminder = words.reprint_reminder(assessment)
    return [ink.p(reminder, ink.styles.cell, bold=True)] if reminder else []
