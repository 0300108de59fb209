"""The shift handover: the ward's worklist on one landscape page, with signature lines.

Built from :func:`ctit_gui.core.worklist.worklist` (no status of its own) with the dosing
sheet's font, styles, table helper, footer and deterministic writer: the same worklist
(same store state) and ``generated_at`` give the same bytes. Urgent rows (RESCUE, CHECK
OVERDUE, GRADE 4 COUNT, DOSE REVIEW, DO NOT DOSE, a case that cannot be evaluated) get the
sheet's heavy frame; a patient who must not be dosed never gets a dose in the "Today" column.

One page: rows are printed in full while they fit; otherwise the second line of each row
(further alerts) is left out, saying so; a ward too large even then continues on a second
page (the footer says "page x of y"), the signatures on the last.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

from .. import PROGRAM_NAME, __version__, i18n
from ..core.errors import InputError
from ..core.worklist import Worklist
from ..i18n import N_, _
from .export import INSET_MM, MARGIN_MM, PAPERS, _Footer, build_document, parse_generated_at

PDF_TITLE = "CTIT ward handover"
PDF_SUBJECT = "Shift handover: the ward's trial patients today"
#: Headlines drawn with the heavy frame (the ward status's urgent alerts, and problems).
URGENT = frozenset({"problem", "rescue", "check_overdue", "grade4", "dose_review", "do_not_dose"})
HEADERS = (N_("Status"), N_("Patient · trial · arm"), N_("Day"), N_("Today's doses"), N_("Next PLT check"),
           N_("Last count"))
SMALL_PAD = [("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
             ("LEFTPADDING", (0, 0), (-1, -1), 2.5), ("RIGHTPADDING", (0, 0), (-1, -1), 2.5)]


def state_hash(listed: Worklist) -> str:
    """sha256 over the cases and revisions the worklist was computed from (printed in the footer)."""
    ident = ";".join(f"{i.key}:{i.revision}" for i in sorted(listed.items, key=lambda i: str(i.key)))
    ident += "|" + ";".join(f"{c.key}:{c.revision}" for c in listed.closed)
    return hashlib.sha256(f"{listed.today.isoformat()}|{listed.trial}|{ident}".encode()).hexdigest()


def _rows(ink, listed: Worklist, width: float, full: bool):
    from reportlab.lib import colors

    from .layout import LIGHT, table
    s = ink.styles
    header = [ink.p(_(h), s.cell, bold=True) for h in HEADERS]
    rows = [header]
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT), *SMALL_PAD]
    for item in listed.items:
        status_cell = [ink.p(item.headline, s.cell_big, bold=True)]
        if item.status is None:
            detail = _("; ").join(item.problems)
        else:
            alert = item.status.alerts[0].words if item.status.alerts else ""
            detail = alert.removeprefix(item.headline).removeprefix(" — ") if alert != item.headline else ""
            if full and len(item.status.alerts) > 1:
                detail += (_("; ") if detail else "") + _("also {alerts}", alerts=_("; ").join(
                    a.words for a in item.status.alerts[1:]))
        if detail:
            status_cell.append(ink.p(detail, s.cell))
        # English keeps the short arm id (the compact row); Chinese names the arm in the ward's words, as the
        # Today page and the dosing sheet do (对照组：海曲泊帕), never an English id such as "primary"
        arm = item.arm_words if i18n.is_chinese() and item.evaluated else item.arm
        who = [ink.p(item.patient_id, s.cell_big, bold=True), ink.p(f"{item.trial} · {arm}", s.cell)]
        today = item.today.words if item.status is not None else _(
            "unknown — cannot be evaluated: do not dose from this list")
        rows.append([status_cell, who, ink.p(item.day_words, s.cell),
                     ink.p(today, s.cell, bold=not item.today.dosable), ink.p(item.next_check_shown, s.cell),
                     ink.p(item.last_count_words, s.cell)])
        if item.headline_key in URGENT:
            commands.append(("BOX", (0, len(rows) - 1), (-1, len(rows) - 1), 2, colors.black))
    if len(rows) == 1:
        rows.append([ink.p(_("No open cases."), s.cell), "", "", "", "", ""])
        commands.append(("SPAN", (0, 1), (-1, 1)))
    # Chinese names the arm (NCT07334093 · 对照组：海曲泊帕, 135 pt at 9 pt): its column takes 2 % of the width from
    # the status and doses columns, so it stays on one line and about ten cases still fit a Letter page; the day
    # column takes 1 % more from the doses, so 疗程已结束 and 第 12/14 天 stay whole on Letter
    shares = (0.175, 0.205, 0.08, 0.275, 0.145, 0.12) if i18n.is_chinese() else (0.19, 0.185, 0.07, 0.29, 0.145, 0.12)
    return table(rows, [width * f for f in shares], commands, repeatRows=1)


def _story(ink, listed: Worklist, width: float, generated_at: datetime, full: bool):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from .platypus import KeepTogether, Spacer

    from .layout import table
    from .sections import PAD
    s = ink.styles
    scope = f" · {listed.trial}" if listed.trial else ""
    title = table([[ink.p(_("Ward handover — trial patients today"), s.title, bold=True),
                    ink.p(f"{listed.today.isoformat()}{scope}", s.patient, bold=True)]],
                  [width * 0.6, width * 0.4],
                  [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                   ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)])
    count = len(listed.items)
    intro = _("{count} open case(s), most urgent first, as the program computed them for {date}. "
              "Check each case in the program or on its dosing sheet before dosing.",
              count=count, date=listed.today.isoformat())
    if not full:
        intro += _(" Further alerts of a case are left out to fit one page: see the case.")
    story = [title, Spacer(1, 1 * mm), ink.p(intro, s.body), Spacer(1, 1 * mm), _rows(ink, listed, width, full)]
    if listed.closed:
        closed = _("; ").join(f"{c.patient_id} ({c.reason_words})" for c in listed.closed)
        story += [Spacer(1, 1.5 * mm), ink.p(_("Closed, not on the list: {closed}", closed=closed), s.cell)]
    cells = [[ink.p(_(role), s.cell_big, bold=True), ink.p(_("name, signature, date and time"), s.cell)]
             for role in (N_("Handing-over nurse"), N_("Receiving nurse"))]
    grid = table([cells], [width / 2] * 2, [("GRID", (0, 0), (-1, -1), 0.8, colors.black), *PAD],
                 rowHeights=[16 * mm])
    story.append(KeepTogether([Spacer(1, 2 * mm), grid]))
    return story


def render_handover(listed: Worklist, paper: str = "a4", generated_at: datetime | None = None,
                    language: str | None = None) -> tuple[bytes, list[str]]:
    """The handover PDF and every string printed on it (for the glyph test).

    ``language``: the sheet's words ("en", "zh_CN"; default: the current language, as the dosing sheet)."""
    with i18n.using(language or i18n.language()):
        return _render_handover(listed, paper, generated_at)


def _render_handover(listed: Worklist, paper: str, generated_at: datetime | None) -> tuple[bytes, list[str]]:
    if paper not in PAPERS:
        raise InputError([_("{option}: must be one of {allowed} (got {value})", option="--paper",
                            allowed=", ".join(PAPERS), value=repr(paper))])
    if generated_at is None:
        generated_at = parse_generated_at(None)
    elif generated_at.tzinfo is None:
        generated_at = generated_at.astimezone()
    data, printed, pages = _build(listed, paper, generated_at, True)
    if pages > 1:
        short = _build(listed, paper, generated_at, False)
        if short[2] == 1:  # leaving out the further alerts makes it fit: say so on the sheet
            data, printed = short[0], short[1]
    return data, printed


def _build(listed: Worklist, paper: str, generated_at: datetime, full: bool) -> tuple[bytes, list[str], int]:
    from reportlab.lib.pagesizes import A4, landscape, letter
    from reportlab.lib.units import mm
    from .layout import Ink
    from .words import generated_text, short_hash

    ink = Ink()
    pagesize = landscape(A4 if paper == "a4" else letter)
    inset = (MARGIN_MM + INSET_MM) * mm
    width = pagesize[0] - 2 * inset
    story = _story(ink, listed, width, generated_at, full)
    footer = _Footer.make(left=_("Ward handover · {date}", date=listed.today.isoformat()),
                          middle=_("{program} {version} · ward state {hash}", program=_(PROGRAM_NAME),
                                   version=__version__, hash=short_hash(state_hash(listed))),
                          generated=_("Generated {when}", when=generated_text(generated_at)), page_width=pagesize[0])
    data, pages = build_document(story, ink, footer, generated_at, pagesize, inset, width,
                                 "handover", PDF_TITLE, PDF_SUBJECT)
    return data, ink.printed, pages


def export_handover(listed: Worklist, output_path, paper: str = "a4", generated_at: datetime | None = None,
                    store_name: str | None = None, language: str | None = None) -> str:
    """Write the handover sheet atomically (``-``: standard output), as the dosing sheet is; returns its sha256."""
    from ..outputs import check_target, is_stdout, write_private

    if not is_stdout(output_path):
        check_target(output_path)
    data = render_handover(listed, paper, generated_at, language=language)[0]
    write_private(output_path, data)
    return hashlib.sha256(data).hexdigest()
