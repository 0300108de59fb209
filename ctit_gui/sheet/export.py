"""Writing the PDF dosing sheet: the entry points the command line and the window call.

* :func:`parse_generated_at` — the generation time printed on the sheet. ``None`` means
  now, as an aware datetime in the computer's local time zone; text must be ISO 8601
  (``2026-02-03T08:00:00+08:00``; ``Z`` allowed); text without an offset is read as local time.
* :func:`build_sheet_bytes` — the PDF in memory.
* :func:`export_sheet` — the PDF written to a file atomically and 0600 (``ctit_gui.outputs``:
  never over a device, pipe, socket or folder; ``-`` is standard output); returns its sha256.

The output is deterministic: reportlab's invariant mode plus the passed-in generation time,
so the same case (and the same ``today`` for overdue checks) and time give the same bytes.
PDF metadata is generic: no patient data.
"""

from __future__ import annotations

import hashlib
import io
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from .. import PROGRAM_NAME, __version__, i18n
from ..core.errors import InputError
from ..core.render import protocol_sentence
from ..core.session import Assessment
from ..i18n import _

PAPERS = ("a4", "letter")
MARGIN_MM = 15  # nothing is printed closer than this to the paper's edge
INSET_MM = 1  # content starts 1 mm further in, so a border line's width stays out of the margin
FOOTER_MM = 10  # the footer's height, above the bottom margin
PDF_TITLE = "CTIT dosing sheet"
PDF_SUBJECT = "14-day bedside dosing sheet"


def parse_generated_at(text: str | None) -> datetime:
    """The sheet's generation time: now (local, aware) for ``None``, else ISO 8601 text."""
    if text is None:
        return datetime.now().astimezone()
    try:
        moment = datetime.fromisoformat(text.strip())
    except (ValueError, AttributeError):
        raise InputError([_("{option}: must be ISO 8601 date and time, e.g. {example} (got {value})",
                            option="--generated-at", example="2026-02-03T08:00:00+08:00", value=repr(text))]) from None
    return moment if moment.tzinfo is not None else moment.astimezone()


FOOTER_LINE = 11.0  # points between footer lines


@dataclass(frozen=True)
class _Footer:
    """Patient, trial and arm on the left (wrapped, never under 'Page x of y'); generation and hash below."""

    left: tuple[str, ...]
    middle: str
    generated: str

    @classmethod
    def make(cls, left: str, middle: str, generated: str, page_width: float) -> _Footer:
        from reportlab.lib.units import mm

        from .fonts import text_width
        from .layout import wrap_words

        room = page_width - 2 * MARGIN_MM * mm - text_width(_("Page {page} of {pages}", page=99, pages=99), 9) - 6 * mm
        return cls(tuple(wrap_words(left, room, 9)), middle, generated)

    @property
    def height(self) -> float:
        """From the footer's rule down to the bottom margin, points."""
        from reportlab.lib.units import mm

        return max(FOOTER_MM * mm, (len(self.left) + 1) * FOOTER_LINE + 6)

    def draw(self, canvas, page: int, pages: int, width: float, record) -> None:
        from reportlab.lib.units import mm

        from .fonts import draw_text

        x0, x1 = MARGIN_MM * mm, width - MARGIN_MM * mm
        top = MARGIN_MM * mm + self.height
        canvas.saveState()
        canvas.setLineWidth(0.6)
        canvas.line(x0, top, x1, top)
        for index, line in enumerate(self.left):
            draw_text(canvas, x0, top - FOOTER_LINE * (index + 1), record(line), 9)
        draw_text(canvas, x1, top - FOOTER_LINE, record(_("Page {page} of {pages}", page=page, pages=pages)), 9,
                  anchor="end")
        bottom = top - FOOTER_LINE * (len(self.left) + 1)
        draw_text(canvas, x0, bottom, record(self.generated), 9)
        draw_text(canvas, x1, bottom, record(self.middle), 9, anchor="end")
        canvas.restoreState()


def _timestamp(moment: datetime):
    """reportlab's document time stamp set to the generation time (CreationDate/ModDate)."""
    from reportlab.lib.utils import TimeStamp

    stamp = TimeStamp(invariant=1)
    offset = moment.utcoffset()
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    stamp.t = moment.timestamp()
    stamp.YMDhms = (moment.year, moment.month, moment.day, moment.hour, moment.minute, moment.second)
    sign = -1 if minutes < 0 else 1
    stamp.dhh, stamp.dmm = sign * (abs(minutes) // 60), abs(minutes) % 60
    return stamp


_options_lock = threading.Lock()


@contextmanager
def _binary_streams():
    """Page streams written as compressed binary, not also ASCII85-encoded (reportlab's default).

    ASCII85 only makes the file 25 % larger and costs pure-Python time on every export;
    the PDF is as valid and as deterministic without it. reportlab reads the option when
    the file is written, so it is set only for that moment and put back.
    """
    from reportlab import rl_config

    with _options_lock:
        saved, rl_config.useA85 = rl_config.useA85, 0
        try:
            yield
        finally:
            rl_config.useA85 = saved


def _canvas_class(footer: _Footer, generated_at: datetime, record, page_count: list[int]):
    from reportlab.pdfgen.canvas import Canvas

    class SheetCanvas(Canvas):
        """Holds pages back until the end so each footer can say 'page x of y'."""

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._doc._timeStamp = _timestamp(generated_at)
            self._held_pages: list[dict] = []

        def showPage(self):  # noqa: N802 - reportlab's name
            self._held_pages.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            pages = len(self._held_pages)
            page_count.append(pages)
            for number, state in enumerate(self._held_pages, 1):
                self.__dict__.update(state)
                footer.draw(self, number, pages, self._pagesize[0], record)
                Canvas.showPage(self)
            with _binary_streams():
                Canvas.save(self)

    return SheetCanvas


MAX_PAGES = 2


def render(assessment: Assessment, paper: str = "a4", generated_at: datetime | None = None,
           anchor: str | None = None, language: str | None = None,
           offline_since: datetime | None = None) -> tuple[bytes, list[str]]:
    """The PDF bytes and every string printed on it (for the glyph test).

    Page 1 holds the header, the current state and all 14 calendar days; rules, the trend
    and the signatures follow on page 2. Criterion reasons and event rule quotes are
    shortened step by step (saying so) until the calendar's last day is on page 1 and the
    sheet takes two pages; case notes are never cut: what the header cannot hold
    continues on page 2, on as many pages as it needs. ``language``: the sheet's words
    ("en", "zh_CN"; default: the current language, e.g. ``sheet --lang`` or the window's).
    ``offline_since``: when the ward store's server went away (the window's export while offline); page 1
    then says "Ward store offline since HH:MM — other workstations' changes not shown" under the header.
    """
    with i18n.using(language or i18n.language()):
        return _render(assessment, paper, generated_at, anchor, offline_since)


def _render(assessment: Assessment, paper: str, generated_at: datetime | None,
            anchor: str | None, offline_since: datetime | None = None) -> tuple[bytes, list[str]]:
    if paper not in PAPERS:
        raise InputError([_("{option}: must be one of {allowed} (got {value})", option="--paper",
                            allowed=", ".join(PAPERS), value=repr(paper))])
    if not isinstance(assessment, Assessment):
        raise InputError(["the dosing sheet needs an assessed case (core.session.assess)"])
    if generated_at is None:
        generated_at = parse_generated_at(None)
    elif generated_at.tzinfo is None:
        generated_at = generated_at.astimezone()
    from . import words
    from .sections import FITS

    # The reprint reminder belongs under the calendar on page 1. Where no fit leaves room for it there, it heads
    # page 2 kept together with the rules: never alone on a page that pushes the rules to a third.
    for reminder_on_page_1 in (True, False):
        for fit in FITS:
            data, printed, pages, calendar_page = _build(assessment, paper, generated_at, fit, anchor, offline_since,
                                                         reminder_on_page_1)
            if calendar_page == 1 and pages <= MAX_PAGES:
                return data, printed
        if not words.reprint_reminder(assessment):
            break  # no reminder: nothing to move
    return data, printed  # the last, tightest fit


def _build(assessment: Assessment, paper: str, generated_at: datetime, fit,
           anchor: str | None = None, offline_since: datetime | None = None,
           reminder_on_page_1: bool = True) -> tuple[bytes, list[str], int, int]:
    from reportlab.lib.pagesizes import A4, letter
    from reportlab.lib.units import mm
    from .platypus import KeepTogether, PageBreak, Spacer

    from . import sections, words
    from .calendar import calendar_story, reminder_flowables
    from .layout import Ink, PageMark

    ink = Ink()
    pagesize = A4 if paper == "a4" else letter
    inset = (MARGIN_MM + INSET_MM) * mm
    width = pagesize[0] - 2 * inset
    case, protocol = assessment.case, assessment.loaded.protocol
    calendar_end = PageMark()
    trend = sections.trend(ink, assessment, width, fit)
    story = [
        *sections.header(ink, assessment, width, fit),
        *sections.offline_notice(ink, offline_since),
        *sections.eligibility(ink, assessment, width, generated_at, fit),
        *sections.current_state(ink, assessment, width, fit),
        *calendar_story(ink, assessment, width, fit.reason_limit, fit.tight, fit.dense, reminder_on_page_1),
        calendar_end,
        PageBreak(),
        *sections.do_not_dose_again(ink, assessment, width),  # a patient who must not be dosed: page 2 says so too
        # the reminder moved off page 1 never stands alone: it heads page 2 together with the rules
        KeepTogether([*reminder_flowables(ink, assessment), Spacer(1, 1.5 * mm),
                      sections.rules_box(ink, assessment, width)])
        if not reminder_on_page_1 else sections.rules_box(ink, assessment, width),
        sections.protocol_line(ink, assessment),
        *sections.notes_in_full(ink, assessment),
        # the signatures never stand alone on a page: they move with the chart (or the last rules)
        KeepTogether([*trend, *sections.signatures(ink, width, fit)]),
    ]
    left = _("Patient {id} · {trial} · {arm}", id=case.patient.id, trial=protocol.id,
             arm=protocol_sentence(protocol.arm(case.arm).label))
    block = words.dosing_block(assessment)
    if block:  # on every page, however far the excluding criteria's sentences run on
        left += f"\n{words.do_not_dose_words(block)}"  # a line of its own: never "— DO" / "NOT DOSE"
    footer = _Footer.make(
        left=left,
        middle=_("{program} {version} · case sha256 {hash}", program=_(PROGRAM_NAME), version=__version__,
                 hash=words.short_hash(words.case_content_hash(case)))
        + (_(" · audit {anchor}", anchor=anchor) if anchor else ""),  # the store's chain head (issue 13)
        generated=_("Generated {when}", when=words.generated_text(generated_at)),
        page_width=pagesize[0],
    )
    data, pages = build_document(story, ink, footer, generated_at, pagesize, inset, width,
                                 "sheet", PDF_TITLE, PDF_SUBJECT)
    return data, ink.printed, pages, calendar_end.page


def build_document(story, ink, footer: _Footer, generated_at: datetime, pagesize, inset: float, width: float,
                   frame_id: str, title: str, subject: str) -> tuple[bytes, int]:
    """One framed page template with the footer, generic metadata and the embedded font: the PDF bytes and
    the page count. Shared by the dosing sheet and the ward handover so both print alike."""
    from reportlab.lib.units import mm
    from .platypus import BaseDocTemplate, Frame, PageTemplate

    from .fonts import FONT_NAME
    from .pdfcode import remembered_numbers

    pages: list[int] = []

    def record(text: str) -> str:
        ink.printed.append(text)
        return text

    buffer = io.BytesIO()
    bottom = MARGIN_MM * mm + footer.height + 3.5 * mm
    frame = Frame(inset, bottom, width, pagesize[1] - inset - bottom, id=frame_id,
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document = BaseDocTemplate(
        buffer, pagesize=pagesize, pageTemplates=[PageTemplate(frame_id, frames=[frame])],
        title=title, author=PROGRAM_NAME, subject=subject,
        creator=f"{PROGRAM_NAME} {__version__}", keywords="",
        invariant=1, initialFontName=FONT_NAME, initialFontSize=9, lang="zh-CN" if i18n.is_chinese() else "en",
    )
    with remembered_numbers():  # reportlab's number formatting, remembered: the same bytes (pdfcode.py)
        document.build(story, canvasmaker=_canvas_class(footer, generated_at, record, pages))
    return buffer.getvalue(), pages[0]


def build_sheet_bytes(assessment: Assessment, paper: str = "a4", generated_at: datetime | None = None,
                      anchor: str | None = None, language: str | None = None,
                      offline_since: datetime | None = None) -> bytes:
    """The dosing sheet as PDF bytes, for in-memory use (preview, tests)."""
    return render(assessment, paper, generated_at, anchor=anchor, language=language, offline_since=offline_since)[0]


def export_sheet(assessment: Assessment, output_path, paper: str = "a4", generated_at: datetime | None = None,
                 anchor: str | None = None, language: str | None = None,
                 offline_since: datetime | None = None) -> str:
    """Write the sheet to ``output_path`` (``-``: standard output) atomically, mode 0600; return its sha256.

    ``anchor``: the store's audit chain head (``N:HASH``, short form) when the case came from the store.
    ``offline_since``: when the ward store's server went away, if it is away now (printed on page 1).

    Any failure raises :class:`InputError` with one clear message and leaves nothing
    at ``output_path`` that was not there before (a partial file never replaces it).
    """
    from ..outputs import check_target, is_stdout, write_private

    if not is_stdout(output_path):
        check_target(output_path)  # before the work of rendering: a device or folder is refused at once
    data = build_sheet_bytes(assessment, paper, generated_at, anchor=anchor, language=language,
                             offline_since=offline_since)
    write_private(output_path, data)
    return hashlib.sha256(data).hexdigest()
