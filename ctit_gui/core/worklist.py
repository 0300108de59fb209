"""The ward's day: one row per open case with what it needs today, most urgent first.

Pure: no Qt, no database, no reportlab. The store hands in its latest revisions as
:class:`WardEntry` (the case, or why it could not be read); :func:`worklist` assesses each
with the core's own :func:`~ctit_gui.core.session.assess` and
:func:`~ctit_gui.core.ward_status.ward_status` (the same functions the case's window and
sheet use) and adds what the ward needs to see at a glance: today's doses from the plan's
day, the next checkpoint, the most urgent alert, the last count with its day.

- Alerts, their words and their urgency are the ward status's (``ALERT_ORDER``); a case that
  cannot be evaluated (unreadable revision, trial or arm no longer loaded, a criterion or day
  the protocol does not have) is listed first with its problems, never dropped.
- A closed case (``case.closure``) is not on the list; :attr:`Worklist.closed` names them so
  they can be reopened. Cases leave the list only by being closed: a course that finished
  stays (FINISHED) until the ward closes it, a screen failure until it is closed as one.
- :class:`WorklistCache` keeps each row by (case, revision, protocol, date): when one case
  changes, only its row is computed again.

English words are in ``WORKLIST_WORDS`` (one place): gettext msgids, shown through ``_()`` in the
current language when a row's words are read (``i18n.using("zh_CN")`` gives the Chinese words).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from ..i18n import N_, _
from .case import Case, Closure
from .messages import InLanguage, message
from .plan import conditional_key
from .protocol import LoadedProtocol
from .render import date_text, id_list, planned_dose_words, problem_text, protocol_sentence, state_words
from .session import assess, default_protocols, protocol_problems
from .units import format_number, unit_label
from .ward_status import WARD_WORDS, WardStatus, ward_status
from .words import STATE_WORDS

#: The worklist's own words (English); ward-status words come from ``WARD_WORDS``.
WORKLIST_WORDS: dict[str, str] = {
    "problem": N_("CANNOT BE EVALUATED"),
    "screening_day1": N_("no dose yet — screening; day 1 {date}"),
    "screening_no_day1": N_("no dose yet — screening; day 1 not set"),
    "finished": N_("no dose — course finished (day {days} was {date}); close the case when done"),
    "do_not_dose_block": N_("do not dose — {block}"),
    "stopped": STATE_WORDS["stopped"],
    "held": STATE_WORDS["held"],
    "withhold": STATE_WORDS["withhold"],
    "treatment_day": N_("day {day} of {days}"),
    "screening": N_("screening"),
    "finished_phase": N_("course finished"),
    "last_count": N_("day {day}: {value}"),
    "no_count": N_("no count yet"),
    "no_next_check": "—",
    # closure reasons
    "screen_failure": N_("screen failure"),
    "withdrawn": N_("withdrawn"),
    "course_completed": N_("course completed"),
    "other": N_("other"),
}
BLOCK_WORDS = {"not_eligible": N_("not eligible"), "incomplete": N_("screening incomplete")}


def _w(key: str, **values) -> str:
    """A worklist word in the current language, blanks filled."""
    return _(WORKLIST_WORDS[key], **values)


_date = date_text  # ISO in English (as before); ISO with the weekday in Chinese ('2026-02-03 周二')


@dataclass(frozen=True)
class WardEntry:
    """One stored case as the store read it: ``case`` or, when it could not be read, ``problems``.

    ``key`` is the store's case id; ``revision`` identifies the content (the store's revision
    number, or a content hash): rows are cached by it. ``shown`` (patient id, trial, arm) is what
    the store could read of a case it cannot validate."""

    key: int | str
    revision: int | str | None
    case: Case | None
    problems: tuple = ()  # Message values (rendered in the reader's language), or text
    shown: tuple[str, str, str] = ("?", "?", "?")


@dataclass(frozen=True)
class TodayDoses:
    """Today's doses for one case. ``kind``: "dose" (``doses`` to give; ``conditional_on`` a checkpoint
    whose count decides), "withhold", "stopped", "held", "do_not_dose" (``block``: not_eligible /
    incomplete), "screening", "finished", "unknown"."""

    kind: str
    doses: tuple[str, ...] = ()
    day: int | None = None
    conditional_on: int | None = None
    conditional_key: str | None = None  # "conditional_stop" | "conditional_site" | "conditional_protocol"
    stop_day: int | None = None
    block: str | None = None
    blocking: tuple[str, ...] = ()
    day1: date | None = None
    planned: tuple = ()  # the plan's PlannedDose of ``doses``, worded in the current language
    last_day: int | None = None
    last_date: date | None = None

    @property
    def dosable(self) -> bool:
        return self.kind == "dose"

    @property
    def words(self) -> str:
        if self.kind == "dose":
            text = _("; ").join(self.dose_words)
            if self.conditional_on is not None and self.conditional_key:
                text += " — " + state_words(self.conditional_key, day=self.conditional_on)
            return text
        if self.kind == "withhold":
            return _w("withhold") + _(": ") + _("; ").join(self.dose_words)
        if self.kind == "stopped":
            return _w("stopped", day=self.stop_day)
        if self.kind == "held":
            return _w("held")
        if self.kind == "do_not_dose":
            text = _w("do_not_dose_block", block=_(BLOCK_WORDS[self.block]))
            return text + (f" ({id_list(self.blocking)})" if self.blocking else "")
        if self.kind == "screening":
            if self.day1 is None:
                return _w("screening_no_day1")
            return _w("screening_day1", date=_date(self.day1))
        if self.kind == "finished":
            return _w("finished", days=self.last_day, date=_date(self.last_date))
        return ""

    @property
    def dose_words(self) -> tuple[str, ...]:
        """Each dose in the current language (the plan's English ``doses`` when no planned dose is kept)."""
        return tuple(planned_dose_words(d) for d in self.planned) if self.planned else self.doses

    def to_dict(self) -> dict:
        return {"kind": self.kind, "words": self.words, "doses": list(self.doses), "day": self.day,
                "conditional_on": self.conditional_on, "stop_day": self.stop_day, "block": self.block,
                "blocking": list(self.blocking)}


@dataclass(frozen=True)
class LastCount:
    day: int
    date: date | None
    value: Decimal
    unit: str

    @property
    def words(self) -> str:
        value = f"{format_number(self.value, 2)} {unit_label(self.unit)}"
        return _w("last_count", day=self.day, value=value)

    def to_dict(self) -> dict:
        return {"day": self.day, "date": self.date.isoformat() if self.date else None,
                "value": format(self.value, "f"), "unit": self.unit, "words": self.words}


@dataclass(frozen=True)
class WorkItem:
    """One row of the worklist. ``status`` is None exactly when ``problems`` says why."""

    key: int | str
    revision: int | str | None
    patient_id: str
    trial: str
    arm: str
    arm_label: str
    status: WardStatus | None
    today: TodayDoses
    last_count: LastCount | None
    problem_messages: tuple = ()  # Message values, or text: see :attr:`problems`

    @property
    def problems(self) -> tuple[str, ...]:
        """Why the case cannot be evaluated, one line each, in the current language (a cached row too)."""
        return tuple(problem_text(p) for p in self.problem_messages)

    @property
    def arm_words(self) -> str:
        """The arm's label in the current language (its working translation in Chinese; English unchanged)."""
        return protocol_sentence(self.arm_label) if self.status is not None else self.arm_label

    @property
    def evaluated(self) -> bool:
        return self.status is not None

    @property
    def headline_key(self) -> str:
        return "problem" if self.status is None else self.status.headline_key

    @property
    def headline(self) -> str:
        return _w("problem") if self.status is None else self.status.headline

    @property
    def alert_words(self) -> str:
        """The most urgent alert in words, else the phase; the problems for a case not evaluated."""
        if self.status is None:
            return f"{_w('problem')} — " + _("; ").join(self.problems)
        if self.status.alerts:
            return self.status.alerts[0].words
        return self.status.phase_words

    @property
    def day_words(self) -> str:
        """"day 5 of 14", "screening", "finished (…)" — or empty when not evaluated."""
        status = self.status
        if status is None:
            return ""
        if status.phase == "on_treatment":
            return _w("treatment_day", day=status.treatment_day, days=status.treatment_days)
        if status.phase == "finished":
            return _w("finished_phase")
        return _w(status.phase) if status.phase in WORKLIST_WORDS else _(WARD_WORDS[status.phase])

    @property
    def next_check_words(self) -> str:
        """The next check with the bare ISO date, as JSON carries it; readers see :attr:`next_check_shown`."""
        if self.status is None or self.status.next_check is None:
            return WORKLIST_WORDS["no_next_check"]
        return self.status.next_check.text(weekday=False)

    @property
    def next_check_shown(self) -> str:
        """The next check as the window and the `ward` command show it (the date with its weekday in Chinese)."""
        if self.status is None or self.status.next_check is None:
            return WORKLIST_WORDS["no_next_check"]
        return self.status.next_check.words

    @property
    def last_count_words(self) -> str:
        return self.last_count.words if self.last_count else _w("no_count")

    @property
    def sort_key(self) -> tuple:
        """Cases that cannot be evaluated first, then the ward status's urgency, then the alert's day."""
        if self.status is None:
            return (0, 0, 0, 0, self.patient_id, str(self.key))
        first, phase = self.status.urgency
        day = self.status.alerts[0].day if self.status.alerts and self.status.alerts[0].day else 0
        return (1, first, phase, day, self.patient_id, str(self.key))

    def to_dict(self) -> dict:
        return {"case_id": self.key, "revision": self.revision, "patient_id": self.patient_id,
                "trial": self.trial, "arm": self.arm, "arm_label": self.arm_label,
                "headline": self.headline, "headline_key": self.headline_key, "alert": self.alert_words,
                "day": self.day_words, "today": self.today.to_dict(), "next_check": self.next_check_words,
                "last_count": self.last_count.to_dict() if self.last_count else None,
                "status": self.status.to_dict() if self.status else None,
                "problems": [problem_text(p, "en") for p in self.problem_messages]}


@dataclass(frozen=True)
class ClosedCase:
    key: int | str
    revision: int | str | None
    patient_id: str
    trial: str
    arm: str
    closure: Closure

    @property
    def reason_words(self) -> str:
        text = _w(self.closure.reason)
        return f"{text}{_(': ')}{self.closure.note}" if self.closure.note else text

    def to_dict(self) -> dict:
        return {"case_id": self.key, "revision": self.revision, "patient_id": self.patient_id, "trial": self.trial,
                "arm": self.arm, "reason": self.closure.reason, "note": self.closure.note,
                "words": self.reason_words}


@dataclass(frozen=True)
class Worklist:
    today: date
    items: tuple[WorkItem, ...]
    closed: tuple[ClosedCase, ...] = ()
    trial: str | None = None  # the filter, if any

    def to_dict(self) -> dict:
        return {"today": self.today.isoformat(), "trial": self.trial, "items": [i.to_dict() for i in self.items],
                "closed": [c.to_dict() for c in self.closed]}


@dataclass
class WorklistCache:
    """Rows by case: reused while the case's revision, its protocol, the list's date and the clock's date are
    the same (a row's "after today" problems are judged against the clock).

    ``computed`` counts the rows assessed (the benchmark and tests read it)."""

    rows: dict = field(default_factory=dict)
    computed: int = 0

    def get(self, key, ident):
        found = self.rows.get(key)
        return found[1] if found is not None and found[0] == ident else None

    def put(self, key, ident, item) -> None:
        self.rows[key] = (ident, item)

    def forget(self, keys: Iterable) -> None:
        for key in keys:
            self.rows.pop(key, None)


def today_doses(case: Case, status: WardStatus, plan) -> TodayDoses:
    """What today's row says about doses: the plan's day for today (never a dose that may not be given)."""
    last_day = len(plan.days)
    course = {"day1": case.day1, "last_day": last_day,
              "last_date": case.day1 + timedelta(days=last_day - 1) if case.day1 else None}
    if plan.dosing_block is not None:
        return TodayDoses("do_not_dose", block=plan.dosing_block, blocking=tuple(plan.blocking), **course)
    if status.phase == "on_treatment":
        day = plan.days[status.treatment_day - 1]
        doses = tuple(d.text for d in day.doses)
        if day.state == "planned":
            return TodayDoses("dose", doses, day.day, day.conditional_on, conditional_key(plan, day),
                              planned=tuple(day.doses), **course)
        if day.state == "withhold":
            return TodayDoses("withhold", doses, day.day, planned=tuple(day.doses), **course)
        if day.state == "stopped":
            return TodayDoses("stopped", day=day.day, stop_day=day.stop_day, **course)
        if day.state == "held":
            return TodayDoses("held", day=day.day, **course)
        return TodayDoses("do_not_dose", day=day.day, block=plan.dosing_block or "incomplete", **course)
    if plan.stop_day is not None:
        return TodayDoses("stopped", stop_day=plan.stop_day, **course)
    if status.phase == "finished":
        return TodayDoses("finished", **course)
    return TodayDoses("screening", **course)


def last_count(case: Case) -> LastCount | None:
    if not case.platelet_checks:
        return None
    check = max(case.platelet_checks, key=lambda c: c.day)
    when = case.day1 + timedelta(days=check.day - 1) if case.day1 else None
    return LastCount(check.day, when, check.value, check.unit)


def _problem_item(entry: WardEntry, problems: tuple[str, ...]) -> WorkItem:
    case = entry.case
    patient, trial, arm = (case.patient.id, case.trial, case.arm) if case is not None else entry.shown
    return WorkItem(entry.key, entry.revision, patient, trial, arm, arm, None, TodayDoses("unknown"),
                    last_count(case) if case is not None else None, problems)


def work_item(entry: WardEntry, today: date, protocols: dict[str, LoadedProtocol],
              clock: date | None = None) -> WorkItem:
    """One row, computed by the core's ``assess`` and ``ward_status`` (a problem row if it cannot be).

    ``clock``: the clock's date (default: read now), against which :func:`protocol_problems` finds dates in
    the future; :func:`worklist` reads it once for all its rows (~6 k instructions a read)."""
    case = entry.case
    if case is None:
        return _problem_item(entry, entry.problems or (message("case_unreadable"),))
    clock = date.today() if clock is None else clock
    problems = protocol_problems(case, protocols, clock)
    if problems:  # built again in the language each line is shown in
        return _problem_item(entry, tuple(
            message("problem", problem=InLanguage(lambda n=n: str(protocol_problems(case, protocols, clock)[n])))
            for n in range(len(problems))))
    try:
        assessment = assess(case, protocols, today)
        status = ward_status(assessment, today)
    except Exception as exc:  # noqa: BLE001 - one case that breaks the core must not hide the others
        return _problem_item(entry, (message("evaluation_failed", error=f"{type(exc).__name__}: {exc}"),))
    arm = assessment.loaded.protocol.arm(case.arm)
    return WorkItem(entry.key, entry.revision, case.patient.id, case.trial, case.arm, arm.label if arm else case.arm,
                    status, today_doses(case, status, assessment.plan), last_count(case))


def worklist(entries: Iterable[WardEntry], today: date, protocols: dict[str, LoadedProtocol] | None = None, *,
             trial: str | None = None, cache: WorklistCache | None = None) -> Worklist:
    """The ward's worklist on ``today``: every open case, most urgent first (see the module's docstring).

    ``trial`` keeps only that trial's cases; ``cache`` reuses rows of unchanged cases."""
    protocols = default_protocols() if protocols is None else protocols
    clock = date.today()  # one reading for the whole list
    items: list[WorkItem] = []
    closed: list[ClosedCase] = []
    seen = set()
    for entry in entries:
        seen.add(entry.key)
        case = entry.case
        if case is not None and case.closure is not None:
            if trial is None or case.trial == trial:
                closed.append(ClosedCase(entry.key, entry.revision, case.patient.id, case.trial, case.arm,
                                         case.closure))
            continue
        shown_trial = case.trial if case is not None else entry.shown[1]
        if trial is not None and shown_trial != trial:
            continue
        loaded = protocols.get(shown_trial)
        ident = (entry.revision, loaded.sha256 if loaded else None, today, clock)
        item = cache.get(entry.key, ident) if cache is not None and entry.revision is not None else None
        if item is None:
            item = work_item(entry, today, protocols, clock)
            if cache is not None:
                cache.computed += 1
                if entry.revision is not None:
                    cache.put(entry.key, ident, item)
        items.append(item)
    if cache is not None and trial is None:
        cache.forget([key for key in cache.rows if key not in seen])
    items.sort(key=lambda i: i.sort_key)
    closed.sort(key=lambda c: (c.patient_id, str(c.key)))
    return Worklist(today, tuple(items), tuple(closed), trial)
