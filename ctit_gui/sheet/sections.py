"""The sheet's sections, top to bottom: header, eligibility, current state, rules, trend, signatures.

(The calendar has its own module.) Each section takes the :class:`~.layout.Ink` that
makes and records every printed string, and the frame width in points.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib import colors
from reportlab.lib.units import mm

from ..core.render import protocol_sentence, state_words
from ..core.session import Assessment
from ..i18n import N_, _
from . import words
from .chart import trend_drawing
from .layout import LIGHT, Band, Ink, table
from .platypus import Flowable, KeepTogether, Spacer

PAD = [("TOPPADDING", (0, 0), (-1, -1), 1.5), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
       ("LEFTPADDING", (0, 0), (-1, -1), 3), ("RIGHTPADDING", (0, 0), (-1, -1), 3)]


@dataclass(frozen=True)
class Fit:
    """How much free text to print; tightened step by step until the sheet fits on two pages."""

    notes_limit: int | None = None
    reason_limit: int | None = None
    event_rules: bool = True  # each event's rule sentence beside it (the rules box has them all)
    chart_mm: float = 44.0
    signature_mm: float = 11.0  # blank height to sign in, under the role and caption
    tight: bool = False  # calendar rows with less padding, patient id in a smaller size
    dense: bool = False  # the last step: calendar dose lines closer (still 9 pt) and rows with less padding


FITS = (Fit(), Fit(None, 220, event_rules=False), Fit(None, 110, event_rules=False, chart_mm=34, signature_mm=10, tight=True),
        Fit(None, 110, event_rules=False, chart_mm=34, signature_mm=10, tight=True, dense=True))
NOTES_ON_PAGE_1 = 160  # characters of the case notes printed in the header; the rest continues on page 2


def notes_split(notes: str | None) -> tuple[str | None, bool]:
    """The notes as printed in the header, cut only at a space, and whether they continue on page 2."""
    if not notes or not notes.strip():
        return None, False
    notes = notes.strip()
    if len(notes) <= NOTES_ON_PAGE_1:
        return notes, False
    cut = notes.rfind(" ", 0, NOTES_ON_PAGE_1)
    if cut < NOTES_ON_PAGE_1 // 2:  # no space to cut at (CJK): a character boundary is a word boundary
        cut = NOTES_ON_PAGE_1 // 2
    return notes[:cut].rstrip() + _(" … (continued on page 2: Notes in full)"), True


def header(ink: Ink, assessment: Assessment, width: float, fit: Fit) -> list[Flowable]:
    s = ink.styles
    fields = dict(words.header_fields(assessment))
    top = table(
        [[ink.p(_("14-day dosing sheet"), s.title, bold=True),
          ink.p(_("Patient {id}", id=fields["Patient id"]), s.patient_small if fit.tight else s.patient, bold=True)]],
        [width * 0.4, width * 0.6],
        [("VALIGN", (0, 0), (-1, -1), "BOTTOM"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
         ("RIGHTPADDING", (0, 0), (-1, -1), 0), ("BOTTOMPADDING", (0, 0), (-1, -1), 1)],
    )
    triples = [("Sex", "Age", "Weight"), ("Screening", "Day 1", "Baseline PLT")]
    rows = [[cell for key in keys for cell in (ink.p(words.label(key), s.cell), ink.p(fields[key], s.cell_big))]
            for keys in triples]
    wide = [("Arm", ink.p(fields["Arm"], s.cell_big, bold=True))]  # the regimen in full is on page 2
    notes, _continued = notes_split(assessment.case.notes)
    if notes:
        wide.append(("Notes", ink.p(notes, s.cell)))
    commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black), ("BOX", (0, 0), (-1, -1), 1, colors.black),
                ("BACKGROUND", (0, 0), (0, -1), LIGHT), *PAD]
    for column in (2, 4):
        commands.append(("BACKGROUND", (column, 0), (column, len(triples) - 1), LIGHT))
    for label, value in wide:
        commands.append(("SPAN", (1, len(rows)), (-1, len(rows))))
        rows.append([ink.p(words.label(label), s.cell), value, "", "", "", ""])
    widths_mm = (17, 27, 19, 37, 24)
    widths = [w * mm for w in widths_mm]
    grid = table(rows, widths + [width - sum(widths)], commands)
    return [top, ink.p(words.trial_title(assessment), s.heading), grid]


def offline_notice(ink: Ink, offline_since: datetime | None) -> list[Flowable]:
    """Under the header, only while the ward store's server is away (issue 14): what the sheet may miss."""
    if offline_since is None:
        return []
    return [Spacer(1, 1 * mm),
            ink.p(_("Ward store offline since {time} — other workstations' changes not shown",
                    time=f"{offline_since.astimezone():%H:%M}"), ink.styles.cell_big, bold=True)]


def eligibility(ink: Ink, assessment: Assessment, width: float, generated_at: datetime, fit: Fit) -> list[Flowable]:
    s = ink.styles
    verdict = assessment.eligibility.verdict
    rows = [[ink.p(words.verdict_text(verdict), s.cell_big, bold=True), "", "",
             ink.p(words.evaluated_line(generated_at), s.cell)]]
    commands = [("BOX", (0, 0), (-1, -1), 2 if verdict != "eligible" else 1, colors.black),
                ("SPAN", (0, 0), (2, 0)), ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("VALIGN", (0, 0), (-1, 0), "MIDDLE"), *PAD]
    blocked = words.dosing_block(assessment) is not None  # the criteria are listed across the calendar area
    for ids, status, reason in ([] if blocked else words.blocking_rows(assessment)):
        rows.append([ink.p(status, s.cell, bold=True), ink.p(ids, s.cell), "",
                     ink.p(words.clip(reason, fit.reason_limit, _("the window")), s.cell)])
        commands.append(("SPAN", (1, len(rows) - 1), (2, len(rows) - 1)))
        commands.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.25, colors.black))
    return [Spacer(1, 2.5 * mm), table(rows, [30 * mm, 34 * mm, 32 * mm, width - 96 * mm], commands)]


def _span_repeats(column: int, cells: list[str | None], first_row: int) -> list[tuple]:
    """SPAN commands joining consecutive rows whose text in ``column`` is the same."""
    commands, start = [], 0
    for index in range(1, len(cells) + 1):
        if index == len(cells) or cells[index] != cells[start] or cells[start] is None:
            if index - start > 1:
                commands.append(("SPAN", (column, first_row + start), (column, first_row + index - 1)))
            start = index
    return commands


def _banded(event) -> bool:
    """STOP and RESCUE that are the current state get the reversed band; superseded ones are history."""
    return event.kind in ("stop", "rescue") and getattr(event, "current", True)


def current_state(ink: Ink, assessment: Assessment, width: float, fit: Fit) -> list[Flowable]:
    s = ink.styles
    plan = assessment.plan
    out: list[Flowable] = []
    for event in plan.events:
        if _banded(event):
            word = words.label(words.STOP if event.kind == "stop" else words.RESCUE)
            quote = words.rule_quote(event.rule, full=False) if event.rule else ""
            text = words.label(words.EVENT_LABELS[event.kind]) + _(". ") + event.text_in()
            if quote and quote != words.rule_quote(event.rule):  # a translated rule: where to read it, on the line
                text, quote = f"{text} {quote}", ""
            out += [Spacer(1, 1.5 * mm),
                    Band(ink, word, text, quote.strip() or None,
                         icon="stop" if event.kind == "stop" else "warning")]
    banners: list[tuple[str, str, str | None]] = []
    if assessment.case.day1 is None:
        banners.append((_("DAY 1 NOT SET"), _("The dates are blank: write each date by hand before the first dose."),
                        None))
    for event in plan.events:
        if not _banded(event):
            label = words.label(words.EVENT_LABELS.get(event.kind, event.kind.upper()))
            if event.kind in ("stop", "rescue"):
                label += _(" (history)")
            same = next((i for i, b in enumerate(banners) if b[0] == label and b[2] == event.rule), None)
            if same is not None:  # events of one kind and rule share a row: "...; Day 14 PLT check overdue"
                banners[same] = (label, banners[same][1] + _("; ") + event.text_in(), event.rule)
            else:
                banners.append((label, event.text_in(), event.rule))
    status = words.response_status(assessment)
    if any(event.kind == "response" for event in plan.events):
        status = None  # the PRIMARY ENDPOINT REACHED row says it
    if not banners and not out:
        if plan.undefined_rules_note and assessment.loaded.protocol.stop_rule is None:
            # NCT07243418: nothing was checked, so nothing may read as "no events so far" (issue 9).
            quiet = _("Current state when printed: {text}", text=state_words("no_rules"))
        else:
            quiet = _("Current state when printed: no stop, rescue, response or dose events so far.")
        return [Spacer(1, 2 * mm), ink.p(quiet + (_(" {status}.", status=status) if status else ""), s.body)]
    out.insert(0, ink.p(_("Current state when printed"), s.heading, bold=True))
    if banners:
        rows, commands = [], [("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                              ("BACKGROUND", (0, 0), (0, -1), LIGHT), *PAD]
        for label, text, rule in banners:
            row = [ink.p(label, s.cell, bold=True), ink.p(text, s.cell)]
            if fit.event_rules:
                row.append(ink.p(words.rule_quote(rule), s.cell) if rule else "")
                if not rule:
                    commands.append(("SPAN", (1, len(rows)), (2, len(rows))))
            rows.append(row)
        if fit.event_rules:
            commands += _span_repeats(2, [rule for _, _, rule in banners], 0)
            text_w = (width - 38 * mm) * 0.52
            widths = [38 * mm, text_w, width - 38 * mm - text_w]
        else:
            widths = [38 * mm, width - 38 * mm]
        out += [Spacer(1, 1.5 * mm), table(rows, widths, commands)]
    if status:
        out.append(ink.p(status, s.body, bold=assessment.plan.response.reached is True))
    return out


def do_not_dose_again(ink: Ink, assessment: Assessment, width: float) -> list[Flowable]:
    """At the top of page 2 of a patient who must not be dosed: the same words as page 1's box, heavy-framed.

    Page 2 prints the regimen's doses and the rules; read apart from page 1 it must not pass for an order."""
    block = words.dosing_block(assessment)
    if block is None:
        return []
    s = ink.styles
    box = table([[ink.p(words.do_not_dose_words(block), s.heading, bold=True),
                  ink.p(_("No dose may be given from this sheet."), s.cell_big, bold=True)]],
                [width * 0.5, width * 0.5],
                [("BOX", (0, 0), (-1, -1), 3, colors.black), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"), *PAD])
    return [box, Spacer(1, 2 * mm)]


def rules_box(ink: Ink, assessment: Assessment, width: float) -> Flowable:
    """The rules in words, each followed by its registry sentence; rules sharing a sentence share a row."""
    s = ink.styles
    protocol = assessment.loaded.protocol
    rows: list[list] = [[ink.p(_("Rules"), s.cell_big, bold=True),
                         ink.p(_("in words, then the registry sentence verbatim (record updated {date}) or the "
                                 "site rule", date=protocol.registry_last_updated), s.cell)]]
    merged: list[tuple[list[str], list[str], str | None]] = []
    for line in words.rule_lines(assessment):
        source = line.source or (words.SITE_RULE_MARK if line.site_rule else None)
        if source and not line.site_rule:
            source = words.rule_quote(source)
        elif source:
            source = protocol_sentence(source)
        if merged and source and merged[-1][2] == source:
            merged[-1][0].append(line.title)
            merged[-1][1].append(line.words)
        else:
            merged.append(([line.title], [line.words], source))
    for titles, texts, source in merged:
        body = [ink.p(_("; ").join(texts), s.cell_big)]
        if source:
            body.append(ink.p(source, s.cell))
        rows.append([ink.p(_("; ").join(titles), s.cell, bold=True), body])
    if protocol.undefined_rules_note:
        rows.append([ink.p(_("Not defined"), s.cell, bold=True),
                     ink.p(protocol_sentence(protocol.undefined_rules_note), s.cell_big, bold=True)])
    commands = [("BOX", (0, 0), (-1, -1), 1.2, colors.black), ("GRID", (0, 0), (-1, -1), 0.3, colors.black),
                ("BACKGROUND", (0, 0), (-1, 0), LIGHT), *PAD]
    site = words.site_table_rows(assessment)
    if site is not None:
        title, bands = site
        inner_w = width - 28 * mm - 6
        inner = table([[ink.p(band, s.cell), ink.p(action, s.cell)] for band, action in bands],
                      [inner_w * 0.5, inner_w * 0.5], [("GRID", (0, 0), (-1, -1), 0.4, colors.black), *PAD])
        rows.append([ink.p(_("Site table"), s.cell, bold=True), [ink.p(title, s.cell), inner]])
    reading = assessment.plan.stop_day_reading
    if reading is not None:  # the stop day's own doses: the registry is silent (or the site decided)
        source = reading.source or (words.SITE_RULE_MARK if reading.site_rule else None)
        body = [ink.p(protocol_sentence(reading.text), s.cell_big)]
        if source:
            body.append(ink.p(protocol_sentence(source), s.cell))
        rows.append([ink.p(_("Stop day's own doses"), s.cell, bold=True), body])
    checkpoint_note = protocol.checkpoint_days.note
    for note in assessment.plan.notes:
        if note != checkpoint_note:
            rows.append([ink.p(_("Note"), s.cell, bold=True), ink.p(protocol_sentence(note), s.cell)])
    return KeepTogether([table(rows, [28 * mm, width - 28 * mm], commands)])


def trend(ink: Ink, assessment: Assessment, width: float, fit: Fit) -> list[Flowable]:
    drawing = trend_drawing(assessment, width, fit.chart_mm * mm, ink.printed)
    if drawing is None:
        return []
    return [Spacer(1, 2 * mm), drawing]


def notes_in_full(ink: Ink, assessment: Assessment) -> list[Flowable]:
    """The case notes in full, when the header could print only their start; they flow on, never cut."""
    notes = assessment.case.notes
    if not notes_split(notes)[1]:
        return []
    s = ink.styles
    return [Spacer(1, 2 * mm), ink.p(_("Notes in full (from the case file)"), s.heading, bold=True),
            *[ink.p(part, s.body) for part in notes.strip().split("\n\n")]]


def protocol_line(ink: Ink, assessment: Assessment) -> Flowable:
    fields = dict(words.header_fields(assessment))
    return ink.p(_("Regimen ({arm}): {regimen}. Protocol: {protocol}", arm=fields["Arm"], regimen=fields["Regimen"],
                   protocol=fields["Protocol"]), ink.styles.cell)


def signatures(ink: Ink, width: float, fit: Fit) -> list[Flowable]:
    s = ink.styles
    cells = [[ink.p(_(role), s.cell_big, bold=True), ink.p(_("name, signature, date and time"), s.cell)]
             for role in (N_("Prescriber"), N_("Pharmacist"), N_("Nurse"))]
    grid = table([cells], [width / 3] * 3, [("GRID", (0, 0), (-1, -1), 0.8, colors.black), *PAD],
                 rowHeights=[(fit.signature_mm + 8) * mm])
    return [Spacer(1, 2 * mm), grid]
