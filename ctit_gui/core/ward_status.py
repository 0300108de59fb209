"""One ward status for a case on a date: what needs doing first, computed, never stored.

The case list, the ward worklist, the sheet and the command line all ask this module, so
they cannot disagree. Everything comes from the core's assessment (eligibility and plan);
nothing here decides a clinical rule of its own:

- ``alerts``, most urgent first (``ALERT_ORDER``): RESCUE (the latest count is at rescue
  level: the plan's current rescue event), CHECK OVERDUE (the plan's overdue events), GRADE 4
  COUNT (NCT07243418's current grade-4 event, not a registry rule), DOSE REVIEW (the site
  table has no row for the latest checkpoint count), DO NOT DOSE (stopped, NOT ELIGIBLE or
  SCREENING INCOMPLETE, with which), CHECK DUE TODAY (a checkpoint dated today without a count);
- ``phase``: on treatment (day N of the course), screening (also a patient who may not be dosed:
  NOT ELIGIBLE or SCREENING INCOMPLETE, whatever the calendar says), finished or closed;
- ``next_check``: the next checkpoint without a count, its date, and whether it is due
  today or overdue by N days.

Words are returned as keys plus the fixed English words in ``WARD_WORDS`` (one place, so a
translation replaces the values, never the keys).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from .. import i18n
from ..i18n import N_, _

from .render import date_text, id_list
from .session import Assessment
from .words import STATE_WORDS

#: Alert kinds, most urgent first.
ALERT_ORDER = ("rescue", "check_overdue", "grade4", "dose_review", "do_not_dose", "check_due_today")
#: Phases, in the order the case list sorts them after the alerts.
PHASES = ("on_treatment", "screening", "finished", "closed")
#: Why a patient must not be dosed (``Alert.reason`` of a "do_not_dose" alert).
DO_NOT_DOSE_REASONS = ("stopped", "not_eligible", "incomplete")

#: The fixed headline words (English msgids; shown in the current language through ``_w``).
WARD_WORDS: dict[str, str] = {
    "rescue": STATE_WORDS["rescue"],
    "check_overdue": N_("CHECK OVERDUE"),
    "grade4": STATE_WORDS["grade4"],
    "dose_review": N_("DOSE REVIEW"),
    "do_not_dose": STATE_WORDS["do_not_dose"],
    "check_due_today": N_("CHECK DUE TODAY"),
    "on_treatment": N_("ON TREATMENT"),
    "screening": N_("SCREENING"),
    "finished": N_("FINISHED"),
    "closed": N_("CLOSED"),
    # reasons of DO NOT DOSE
    "stopped": N_("stopped day {day}"),
    "not_eligible": N_("NOT ELIGIBLE"),
    "incomplete": N_("SCREENING INCOMPLETE"),
    # next checkpoint
    "due_today": N_("due today"),
    "overdue": N_("overdue by {days} day(s)"),
    "upcoming": N_("due {date}"),
    "date_unknown": N_("day 1 not set"),
}


def _w(key: str, **values) -> str:
    """A ward word in the current language (English for JSON: ``to_dict`` renders in English)."""
    return _(WARD_WORDS[key], **values)


@dataclass(frozen=True)
class Alert:
    """One thing that needs doing. ``day``: the treatment day it is about (the count's, the
    checkpoint's, the stop day); ``reason``: for "do_not_dose", one of ``DO_NOT_DOSE_REASONS``;
    ``blocking``: the criteria that block (not_eligible / incomplete); ``overdue_days`` for
    "check_overdue"; ``text``: the plan event's own words (with its rule) where there is one."""

    kind: str
    day: int | None = None
    reason: str | None = None
    blocking: tuple[str, ...] = ()
    overdue_days: int | None = None
    text: str = ""
    rule: str = ""
    message: object = field(default=None, compare=False)  # the plan event's text as data (core.messages)

    @property
    def urgency(self) -> int:
        return ALERT_ORDER.index(self.kind)

    def text_in(self) -> str:
        """``text`` in the current language."""
        return self.message.render() if self.message is not None else i18n.translate_text(self.text)

    @property
    def headline(self) -> str:
        return _w(self.kind)

    @property
    def words(self) -> str:
        """The alert in words: "DO NOT DOSE — NOT ELIGIBLE (EX2)", "CHECK OVERDUE — day 7, overdue by 2 day(s)"."""
        if self.kind == "do_not_dose":
            reason = _w(self.reason, day=self.day)
            if self.blocking:
                reason += f" ({id_list(self.blocking)})"
            return f"{self.headline} — {reason}"
        if self.kind == "check_overdue":
            return _("{headline} — day {day}, {overdue}", headline=self.headline, day=self.day,
                     overdue=_w("overdue", days=self.overdue_days))
        if self.day is not None:
            return _("{headline} — day {day}", headline=self.headline, day=self.day)
        return self.headline

    def to_dict(self) -> dict:
        with i18n.using(i18n.ENGLISH):
            return self._dict()

    def _dict(self) -> dict:
        return {"kind": self.kind, "headline": self.headline, "words": self.words, "day": self.day,
                "reason": self.reason, "blocking": list(self.blocking), "overdue_days": self.overdue_days,
                "text": self.text, "rule": self.rule}


@dataclass(frozen=True)
class NextCheck:
    """The next checkpoint without a count. ``due`` in {"overdue", "due_today", "upcoming",
    "date_unknown"}; ``days_from_today`` is negative when overdue (None without day 1)."""

    day: int
    date: date | None
    due: str
    days_from_today: int | None

    @property
    def words(self) -> str:
        """"day 7 · 2026-02-09 · due today" / "… · overdue by 2 day(s)" / "day 7 · day 1 not set"
        (in Chinese the date has its weekday: 2026-02-09 周一)."""
        return self.text()

    def text(self, weekday: bool = True) -> str:
        """:attr:`words`; ``weekday=False``: the bare ISO date in every language (a narrow printed column)."""
        if self.date is None:
            return _("day {day} · {when}", day=self.day, when=_w("date_unknown"))
        shown = date_text(self.date) if weekday else self.date.isoformat()
        when = {"overdue": _w("overdue", days=-(self.days_from_today or 0)),
                "due_today": _w("due_today"),
                "upcoming": _w("upcoming", date=shown)}[self.due]
        return _("day {day} · {date} · {when}", day=self.day, date=shown, when=when) \
            if self.due != "upcoming" else _("day {day} · {when}", day=self.day, when=when)

    def to_dict(self) -> dict:
        with i18n.using(i18n.ENGLISH):
            return self._dict()

    def _dict(self) -> dict:
        return {"day": self.day, "date": self.date.isoformat() if self.date else None, "due": self.due,
                "days_from_today": self.days_from_today, "words": self.words}


@dataclass(frozen=True)
class WardStatus:
    alerts: tuple[Alert, ...]
    phase: str  # one of PHASES
    treatment_day: int | None  # "on_treatment": day N of ``treatment_days``
    treatment_days: int
    next_check: NextCheck | None
    verdict: str  # the eligibility verdict: eligible | not_eligible | incomplete

    @property
    def headline_key(self) -> str:
        return self.alerts[0].kind if self.alerts else self.phase

    @property
    def headline(self) -> str:
        """RESCUE, CHECK OVERDUE, GRADE 4 COUNT, DOSE REVIEW, DO NOT DOSE, CHECK DUE TODAY, ON TREATMENT,
        SCREENING, FINISHED or CLOSED."""
        return _w(self.headline_key)

    @property
    def phase_words(self) -> str:
        if self.phase == "on_treatment":
            return _("{phase} — day {day} of {total}", phase=_w("on_treatment"), day=self.treatment_day,
                     total=self.treatment_days)
        return _w(self.phase)

    @property
    def urgency(self) -> tuple[int, int]:
        """Sort key, most urgent first: the first alert's rank, then the phase's."""
        first = self.alerts[0].urgency if self.alerts else len(ALERT_ORDER)
        return first, PHASES.index(self.phase)

    def to_dict(self) -> dict:
        with i18n.using(i18n.ENGLISH):
            return self._dict()

    def _dict(self) -> dict:
        return {"headline": self.headline, "headline_key": self.headline_key,
                "alerts": [a.to_dict() for a in self.alerts], "phase": self.phase, "phase_words": self.phase_words,
                "treatment_day": self.treatment_day, "treatment_days": self.treatment_days,
                "next_check": self.next_check.to_dict() if self.next_check else None, "verdict": self.verdict}


def ward_status(assessment: Assessment, today: date, closed: bool = False) -> WardStatus:
    """The ward status of an assessed case on ``today`` (``closed``: the ward closed the case).

    Pass an assessment made for the same ``today`` (``assess(case, protocols, today)``): the
    plan's overdue events are computed against it.
    """
    plan = assessment.plan
    case = assessment.case
    treatment_days = len(plan.days)
    start = case.day1
    stop_day = plan.stop_day
    dosing = plan.dosing_block is None and stop_day is None

    # the phase
    day_number = (today - start).days + 1 if start is not None else None
    if closed:
        phase = "closed"
    elif day_number is None or day_number < 1 or plan.dosing_block is not None:
        phase = "screening"  # a patient who may not be dosed is in screening (a screen failure until closed)
    elif day_number <= treatment_days:
        phase = "on_treatment"
    else:
        phase = "finished"
    treatment_day = day_number if phase == "on_treatment" else None

    # the next checkpoint without a count (none once dosing has ended or may not start)
    next_check = None
    pending = [d for d in plan.checkpoint_days if case.check_on(d) is None]
    if dosing and pending and phase in ("on_treatment", "screening"):
        day = pending[0]
        if start is None:
            next_check = NextCheck(day, None, "date_unknown", None)
        else:
            due_date = start + timedelta(days=day - 1)
            offset = (due_date - today).days
            due = "overdue" if offset < 0 else "due_today" if offset == 0 else "upcoming"
            next_check = NextCheck(day, due_date, due, offset)

    alerts: list[Alert] = []
    if phase != "closed":
        current = plan.current_events
        for event in current:
            if event.kind == "rescue":
                alerts.append(Alert("rescue", event.day, text=event.text, rule=event.rule, message=event.message))
        if dosing:
            for event in current:
                if event.kind == "overdue" and start is not None:
                    late = (today - (start + timedelta(days=event.day - 1))).days
                    alerts.append(Alert("check_overdue", event.day, overdue_days=late, text=event.text, message=event.message,
                                        rule=event.rule))
        for kind in ("grade4", "dose_review"):
            for event in current:
                if event.kind == kind:
                    alerts.append(Alert(kind, event.day, text=event.text, rule=event.rule, message=event.message))
        if plan.dosing_block is not None:
            alerts.append(Alert("do_not_dose", reason=plan.dosing_block, blocking=tuple(plan.blocking),
                                text=plan.block_text or ""))
        elif stop_day is not None:
            stop = next(e for e in plan.events if e.kind == "stop")
            alerts.append(Alert("do_not_dose", stop_day, reason="stopped", text=stop.text, rule=stop.rule, message=stop.message))
        if next_check is not None and next_check.due == "due_today":
            alerts.append(Alert("check_due_today", next_check.day))
    alerts.sort(key=lambda a: (a.urgency, a.day or 0))
    return WardStatus(tuple(alerts), phase, treatment_day, treatment_days, next_check,
                      assessment.eligibility.verdict)
