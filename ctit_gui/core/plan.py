"""The 14-day dosing plan and the events raised by platelet checks.

Stop, rescue and response follow the protocol file's rules, each event carrying
the registry sentence it comes from. Where the registry leaves the PLT-based dose
adjustment to the site, the site's table is applied and marked as such; with no
table (or no matching row) a ``dose_review`` event asks the clinician to decide.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal

from .case import Case, PlateletCheck
from .dosing import dose_text
from .eligibility import Eligibility, assess_eligibility
from .labs import ctcae_platelet_grade, platelet_e9l
from .messages import DoseSpec, Drug, Message, ProtocolText, When, Word, message
from .protocol import Dose, LoadedProtocol, PlateletThresholdRule, SiteDoseRow
from .units import format_against, format_number
from .words import STATE_WORDS, word

SITE_RULE_MARK = STATE_WORDS["site_rule"]
EVENT_ORDER = ("stop", "response", "rescue", "grade4", "dose_adjustment", "dose_review", "incomplete", "overdue")
DAY_STATES = ("planned", "withhold", "stopped", "held", "do_not_dose")
DOSING_BLOCKS = ("not_eligible", "incomplete")
# Events that describe one count: a later count supersedes them (PlanEvent.current).
_SUPERSEDED_BY_LATER_COUNT = ("rescue", "grade4", "dose_adjustment", "dose_review")


@dataclass(frozen=True)
class PlannedDose:
    drug: str
    amount: Decimal
    unit: str
    route: str
    frequency: str
    text: str
    site_rule: bool = False

    def to_dict(self) -> dict:
        return {
            "drug": self.drug,
            "amount": _json_number(self.amount),
            "unit": self.unit,
            "route": self.route,
            "frequency": self.frequency,
            "text": self.text,
            "site_rule": self.site_rule,
        }


@dataclass(frozen=True)
class PlanDay:
    day: int
    date: date | None
    checkpoint: bool
    state: str  # one of DAY_STATES: planned | withhold | stopped | held | do_not_dose
    doses: tuple[PlannedDose, ...]
    platelet_check: PlateletCheck | None = None
    platelet_count: Decimal | None = None
    is_response_day: bool = False
    is_today: bool = False
    conditional_on: int | None = None  # the checkpoint whose count (or the decision on it) sets this day's doses
    ctcae_grade: str | None = None
    stop_day: int | None = None  # for "stopped" days: the day whose count met the stop rule

    @property
    def state_text(self) -> str | None:
        """The fixed words for a day that is not simply planned (None for "planned")."""
        if self.state == "stopped":
            return word("stopped", day=self.stop_day)
        if self.state in ("withhold", "held", "do_not_dose"):
            return STATE_WORDS[self.state]
        return None

    def to_dict(self) -> dict:
        data = {
            "day": self.day,
            "date": self.date.isoformat() if self.date else None,
            "weekday": self.date.strftime("%A") if self.date else None,
            "checkpoint": self.checkpoint,
            "state": self.state,
            "state_text": self.state_text,
            "doses": [d.to_dict() for d in self.doses],
            "conditional_on": self.conditional_on,
        }
        if self.platelet_count is not None:
            data["plt"] = _json_number(self.platelet_count)
            data["bleeding_risk"] = self.platelet_check.bleeding_risk
            data["ctcae_grade"] = self.ctcae_grade
        if self.is_response_day:
            data["response"] = True
        if self.is_today:
            data["today"] = True
        return data


@dataclass(frozen=True)
class PlanEvent:
    day: int
    kind: str
    text: str
    rule: str
    site_rule: bool = False
    current: bool = True
    registry_rule: bool = True  # False for site rules and for labels such as the CTCAE grade-4 event
    #: ``text`` as data (message id and parameters), rendered in the chosen language by front ends.
    message: Message | None = None

    def to_dict(self) -> dict:
        data = {
            "day": self.day, "kind": self.kind, "text": self.text, "rule": self.rule, "site_rule": self.site_rule,
            "current": self.current, "registry_rule": self.registry_rule,
        }
        if self.message is not None:
            data["text_message"] = self.message.to_dict()
        return data

    def text_in(self, code: str | None = None) -> str:
        """The event's text in ``code`` (default: the current language); English is ``text``."""
        return self.message.render(code) if self.message is not None else self.text


def _event(day: int, kind: str, text: Message, rule: str, **options) -> PlanEvent:
    return PlanEvent(day, kind, text.english, rule, message=text, **options)


@dataclass(frozen=True)
class StopDayReading:
    """What happens to the doses of the day whose count meets the stop rule (the registry is silent)."""

    withhold: bool
    text: str
    source: str | None
    site_rule: bool

    def to_dict(self) -> dict:
        return {"withhold": self.withhold, "text": self.text, "source": self.source, "site_rule": self.site_rule}


@dataclass(frozen=True)
class PatientLimits:
    """This patient's numbers for the checkpoint boxes, ×10⁹/L; None where the registry defines no such rule."""

    stop_plt_at_least: Decimal | None = None
    stop_rise_at_least: Decimal | None = None
    stop_plt_from_baseline: Decimal | None = None
    baseline_plt: Decimal | None = None
    rescue_plt_at_most: Decimal | None = None
    rescue_plt_below_with_bleeding: Decimal | None = None
    stop_source: str | None = None
    rescue_source: str | None = None
    dose_per_site_table: bool | None = None

    def to_dict(self) -> dict:
        def number(value):
            return None if value is None else _json_number(value)
        return {
            "stop_plt_at_least": number(self.stop_plt_at_least),
            "stop_rise_at_least": number(self.stop_rise_at_least),
            "stop_plt_from_baseline": number(self.stop_plt_from_baseline),
            "baseline_plt": number(self.baseline_plt),
            "rescue_plt_at_most": number(self.rescue_plt_at_most),
            "rescue_plt_below_with_bleeding": number(self.rescue_plt_below_with_bleeding),
            "stop_source": self.stop_source,
            "rescue_source": self.rescue_source,
            "dose_per_site_table": self.dose_per_site_table,
        }


@dataclass(frozen=True)
class Response:
    defined: bool
    reached: bool | None
    day: int | None
    rule: str | None

    def to_dict(self) -> dict:
        return {"defined": self.defined, "reached": self.reached, "day": self.day, "rule": self.rule}


@dataclass(frozen=True)
class Plan:
    trial: str
    arm: str
    days: tuple[PlanDay, ...]
    events: tuple[PlanEvent, ...]
    response: Response
    checkpoint_days: tuple[int, ...]
    baseline_plt: Decimal | None
    today_day: int | None
    undefined_rules_note: str | None = None
    notes: tuple[str, ...] = field(default=())
    dosing_block: str | None = None  # None, "not_eligible" or "incomplete"
    blocking: tuple[str, ...] = ()
    stop_day_reading: StopDayReading | None = None
    limits: PatientLimits = field(default_factory=PatientLimits)

    @property
    def stop_day(self) -> int | None:
        return next((e.day for e in self.events if e.kind == "stop"), None)

    @property
    def current_events(self) -> tuple[PlanEvent, ...]:
        return tuple(e for e in self.events if e.current)

    @property
    def block_text(self) -> str | None:
        """"NOT ELIGIBLE — DO NOT DOSE" / "SCREENING INCOMPLETE — DO NOT DOSE until eligibility is confirmed"."""
        if self.dosing_block == "not_eligible":
            return STATE_WORDS["not_eligible"]
        if self.dosing_block == "incomplete":
            return STATE_WORDS["incomplete_detail"]
        return None

    def to_dict(self) -> dict:
        return {
            "trial": self.trial,
            "arm": self.arm,
            "dosing_block": self.dosing_block,
            "dosing_block_text": self.block_text,
            "blocking": list(self.blocking),
            "limits": self.limits.to_dict(),
            "stop_day_reading": None if self.stop_day_reading is None else self.stop_day_reading.to_dict(),
            "baseline_plt": None if self.baseline_plt is None else _json_number(self.baseline_plt),
            "checkpoint_days": list(self.checkpoint_days),
            "today_day": self.today_day,
            "days": [d.to_dict() for d in self.days],
            "events": [e.to_dict() for e in self.events],
            "response": self.response.to_dict(),
            "rules_not_in_registry": self.undefined_rules_note,
            "notes": list(self.notes),
        }


def _json_number(value: Decimal) -> int | float:
    number = Decimal(format_number(value, 3).replace(",", ""))
    return int(number) if number == number.to_integral_value() else float(number)


def _plt(value: Decimal, against: Decimal | tuple[Decimal, ...] | None = None) -> str:
    """A count in ×10⁹/L; beside a limit it never reads as the limit unless it is."""
    number = format_number(value, 2) if against is None else format_against(value, against)
    return f"{number} ×10⁹/L"


def _threshold_met(rule: PlateletThresholdRule, plt: Decimal, baseline: Decimal | None) -> tuple[bool | None, Message]:
    """Whether PLT ≥ limit or the rise from baseline ≥ limit; None when only the missing baseline could tell."""
    at_least, rise_at_least = rule.plt_at_least, rule.rise_at_least
    if plt >= at_least:
        return True, message("plt_at_least", plt=_plt(plt, at_least), limit=_plt(at_least))
    if baseline is None:
        return None, message("plt_below_no_baseline", plt=_plt(plt, at_least), limit=_plt(at_least))
    rise = plt - baseline
    if rise >= rise_at_least:
        return True, message("plt_rose", plt=_plt(plt), rise=_plt(rise, rise_at_least), baseline=_plt(baseline),
                             rise_limit=_plt(rise_at_least))
    return False, message("plt_below_small_rise", plt=_plt(plt, at_least), limit=_plt(at_least),
                          baseline=_plt(baseline), change=format_against(rise, rise_at_least),
                          rise_limit=_plt(rise_at_least))


def _rescue_event(loaded: LoadedProtocol, check: PlateletCheck, plt: Decimal) -> PlanEvent | None:
    rule = loaded.protocol.rescue_rule
    if rule is None:
        return None
    at_most, with_bleeding = rule.plt_at_most, rule.plt_below_with_bleeding_risk
    action = ProtocolText(rule.action)
    if plt <= at_most:
        text = message("rescue_at_most", plt=_plt(plt, at_most), limit=_plt(at_most), action=action)
    elif plt < with_bleeding and check.bleeding_risk is True:
        text = message("rescue_bleeding", plt=_plt(plt, (at_most, with_bleeding)), limit=_plt(with_bleeding),
                       action=action)
    elif plt < with_bleeding and check.bleeding_risk is None:
        return _event(
            check.day, "incomplete",
            message("rescue_bleeding_unknown", plt=_plt(plt, (at_most, with_bleeding)), limit=_plt(with_bleeding)),
            rule.source or SITE_RULE_MARK,
        )
    else:
        return None
    return _event(check.day, "rescue", text, rule.source or SITE_RULE_MARK)


def _site_adjustment(
    loaded: LoadedProtocol, arm_id: str, check: PlateletCheck, plt: Decimal
) -> tuple[PlanEvent, SiteDoseRow | None]:
    adjustment = loaded.protocol.dose_adjustment
    table = loaded.site_table
    row = table.row_for(plt) if table else None
    if row is None:
        why = Word(
            "no site dose-adjustment rule configured"
            if table is None or not table.rows
            else "no row of the site dose-adjustment table covers this count"
        )
        return _event(
            check.day, "dose_review",
            message("dose_review", day=check.day, plt=_plt(plt), why=why),
            adjustment.source or SITE_RULE_MARK,
        ), None
    from_day = check.day + 1
    if row.action == "hold":
        action = message("hold_drug", drug=Drug(table.drug))
    else:
        route = next(d.route for d in loaded.protocol.arm(arm_id).doses if d.drug == table.drug)
        action = DoseSpec(table.drug, row.amount, row.unit, route, "daily")
    if from_day <= loaded.protocol.treatment_days:
        action = message("action_from_day", action=action, day=from_day)
    else:
        action = message("action_after_course", action=action, day=check.day,
                         days=loaded.protocol.treatment_days)
    return _event(
        check.day, "dose_adjustment",
        message("dose_adjustment", day=check.day, plt=_plt(plt), mark=Word(SITE_RULE_MARK), action=action),
        f"{SITE_RULE_MARK}: {row.source}",
        site_rule=True,
    ), row


def _arm_doses(loaded: LoadedProtocol, arm_id: str) -> list[tuple[Dose, PlannedDose]]:
    """Each dose of the arm with its display form, built once per plan."""
    return [
        (d, PlannedDose(d.drug, d.amount, d.unit, d.route, d.frequency,
                        dose_text(d.drug, d.amount, d.unit, d.route, d.frequency)))
        for d in loaded.protocol.arm(arm_id).doses
    ]


def _regular_doses(arm_doses: list[tuple[Dose, PlannedDose]], day: int) -> list[PlannedDose]:
    return [planned for dose, planned in arm_doses if dose.first_day <= day <= dose.last_day]


def _apply_site_row(doses: list[PlannedDose], row: SiteDoseRow, drug: str) -> tuple[str, list[PlannedDose]]:
    if row.action == "hold":
        remaining = [d for d in doses if d.drug != drug]
        return ("held" if not remaining else "planned"), remaining
    adjusted = [
        PlannedDose(d.drug, row.amount, row.unit, d.route, d.frequency,
                    dose_text(d.drug, row.amount, row.unit, d.route, d.frequency), site_rule=True)
        if d.drug == drug else d
        for d in doses
    ]
    return "planned", adjusted


def stop_day_reading(loaded: LoadedProtocol) -> StopDayReading | None:
    """The site's stop-day policy, or the program's reading of the registry's silence (None: no stop rule)."""
    if loaded.protocol.stop_rule is None:
        return None
    policy = loaded.stop_day_policy
    if policy is not None:
        return StopDayReading(policy.withhold, f"{SITE_RULE_MARK}: {policy.policy}", policy.source, True)
    return StopDayReading(True, STATE_WORDS["stop_day_reading"], None, False)


def patient_limits(loaded: LoadedProtocol, baseline: Decimal | None) -> PatientLimits:
    protocol = loaded.protocol
    stop, rescue = protocol.stop_rule, protocol.rescue_rule
    if protocol.dose_adjustment is None:
        per_table = None
    else:
        per_table = bool(loaded.site_table and loaded.site_table.rows)
    return PatientLimits(
        stop_plt_at_least=stop.plt_at_least if stop else None,
        stop_rise_at_least=stop.rise_at_least if stop else None,
        stop_plt_from_baseline=(baseline + stop.rise_at_least) if (stop and baseline is not None) else None,
        baseline_plt=baseline,
        rescue_plt_at_most=rescue.plt_at_most if rescue else None,
        rescue_plt_below_with_bleeding=rescue.plt_below_with_bleeding_risk if rescue else None,
        stop_source=(stop.source or SITE_RULE_MARK) if stop else None,
        rescue_source=(rescue.source or SITE_RULE_MARK) if rescue else None,
        dose_per_site_table=per_table,
    )


def conditional_key(plan: Plan, day: PlanDay) -> str | None:
    """The words for what a conditional day's doses wait for (``core.words``): the stop rule's count, the site
    table's row for a count not yet recorded, or a decision per protocol (no site table, or a recorded count
    no row of the table covers: its DOSE REVIEW). None for a day that waits for nothing."""
    checkpoint = day.conditional_on
    if checkpoint is None or day.state != "planned":
        return None
    if plan.limits.stop_plt_at_least is not None:
        return "conditional_stop"
    if plan.limits.dose_per_site_table and plan.days[checkpoint - 1].platelet_check is None:
        return "conditional_site"
    return "conditional_protocol"


def _grade4_event(loaded: LoadedProtocol, check: PlateletCheck, plt: Decimal) -> PlanEvent | None:
    """A grade-4 count in a trial whose registry defines no rescue rule: shown, labelled not a registry rule."""
    if loaded.protocol.rescue_rule is not None or ctcae_platelet_grade(plt) != "4":
        return None
    return _event(
        check.day, "grade4",
        message("grade4", day=check.day, plt=_plt(plt, Decimal(25)), text=Word(STATE_WORDS["grade4_text"])),
        STATE_WORDS["grade4_rule"], registry_rule=False,
    )


def build_plan(
    loaded: LoadedProtocol, case: Case, today: date | None = None, eligibility: Eligibility | None = None
) -> Plan:
    """The 14-day plan. ``eligibility`` is computed here when not given: no plan is built without a verdict."""
    protocol = loaded.protocol
    if eligibility is None:
        eligibility = assess_eligibility(protocol, case)
    dosing_block = eligibility.verdict if eligibility.verdict in DOSING_BLOCKS else None
    baseline = platelet_e9l(case.labs.plt.value, case.labs.plt.unit) if case.labs.plt else None
    checkpoints = tuple(protocol.checkpoint_days.days)
    reading = stop_day_reading(loaded)
    events: list[PlanEvent] = []
    stop_day = response_day = None
    response_unknown = False
    adjustments: list[tuple[int, SiteDoseRow]] = []
    checks = sorted(case.platelet_checks, key=lambda c: c.day)
    check_on: dict = {}  # each day's count, as Case.check_on finds it (the first of that day), looked up per day
    for check in checks:
        check_on.setdefault(check.day, check)

    for check in checks:
        plt = platelet_e9l(check.value, check.unit)
        if protocol.stop_rule and stop_day is None:
            met, why = _threshold_met(protocol.stop_rule, plt, baseline)
            if met:
                stop_day = check.day
                tail = (message("stop_tail_from", day=check.day + 1) if check.day < protocol.treatment_days
                        else "")
                if reading.withhold:
                    tail = message("stop_tail_withhold", day=check.day, withhold=Word(STATE_WORDS["withhold"]),
                                   rest=tail)
                events.append(_event(check.day, "stop", message("stop", day=check.day, why=why, tail=tail),
                                     protocol.stop_rule.source or SITE_RULE_MARK))
            elif met is None:
                events.append(_event(check.day, "incomplete", message("day_why", day=check.day, why=why),
                                     protocol.stop_rule.source or SITE_RULE_MARK))
        if protocol.response_rule and response_day is None:
            met, why = _threshold_met(protocol.response_rule, plt, baseline)
            within = protocol.response_rule.within_days or protocol.treatment_days
            if met and check.day <= within:
                response_day = check.day
                events.append(_event(check.day, "response", message("response", day=check.day, why=why),
                                     protocol.response_rule.source or SITE_RULE_MARK))
            elif met is None:
                response_unknown = True
        rescue = _rescue_event(loaded, check, plt)
        if rescue:
            events.append(_event(rescue.day, rescue.kind, message("day_why", day=check.day, why=rescue.message),
                                 rescue.rule))
        grade4 = _grade4_event(loaded, check, plt)
        if grade4:
            events.append(grade4)
        if protocol.dose_adjustment and check.day in checkpoints and stop_day is None:
            event, row = _site_adjustment(loaded, case.arm, check, plt)
            events.append(event)
            if row is not None and check.day < protocol.treatment_days:
                adjustments.append((check.day + 1, row))
            elif row is None and check.day < protocol.treatment_days:
                adjustments.append((check.day + 1, None))

    # A rescue (or grade-4, or dose) event describes its count; a later count supersedes it.
    latest_day = checks[-1].day if checks else None
    latest_checkpoint_event = max(
        (e.day for e in events if e.kind in ("dose_adjustment", "dose_review")), default=None
    )
    marked = []
    for event in events:
        current = True
        if event.kind in ("rescue", "grade4") or (event.kind == "incomplete" and "bleeding risk" in event.text):
            current = event.day == latest_day
        elif event.kind in ("dose_adjustment", "dose_review"):
            current = event.day == latest_checkpoint_event
        marked.append(event if current else replace(event, current=False))
    events = marked

    start = case.day1
    today_day = (today - start).days + 1 if (today and start) else None
    if today_day is not None and not 1 <= today_day <= protocol.treatment_days:
        today_day = None
    if today and start and dosing_block is None:  # a patient who may not be dosed has no checkpoint to miss
        for day in checkpoints:
            due = start + timedelta(days=day - 1)
            if due < today and day not in check_on:
                events.append(_event(
                    day, "overdue", message("overdue", day=day, due=When(due.isoformat())),
                    protocol.checkpoint_days.source or f"{SITE_RULE_MARK}: checkpoint schedule",
                    site_rule=protocol.checkpoint_days.site_rule,
                    registry_rule=not protocol.checkpoint_days.site_rule,
                ))

    # Doses on a day at or after a checkpoint whose count is not yet recorded depend on that count.
    count_decides_same_day = protocol.stop_rule is not None and reading is not None and reading.withhold
    count_matters = protocol.stop_rule is not None or protocol.dose_adjustment is not None
    pending = [c for c in checkpoints if c not in check_on] if count_matters else []

    days: list[PlanDay] = []
    arm_doses = _arm_doses(loaded, case.arm)
    for day in range(1, protocol.treatment_days + 1):
        check = check_on.get(day)
        doses = _regular_doses(arm_doses, day)
        state = "planned"
        conditional_on = None
        plt = platelet_e9l(check.value, check.unit) if check else None
        if dosing_block is not None:
            state, doses = "do_not_dose", []
        elif stop_day is not None and day > stop_day:
            state, doses = "stopped", []
        else:
            # the latest checkpoint count before this day: its site row sets the doses, or none did (DOSE REVIEW)
            latest = None
            for from_day, row in adjustments:
                if from_day <= day:
                    latest = (from_day, row)
            if latest is not None and latest[1] is not None and loaded.site_table:
                state, doses = _apply_site_row(doses, latest[1], loaded.site_table.drug)
            if day == stop_day and reading is not None and reading.withhold:
                state = "withhold"
            if state == "planned" and stop_day is None:
                for pending_day in pending:  # the first checkpoint whose count decides this day's doses
                    if pending_day < day or (pending_day == day and count_decides_same_day):
                        conditional_on = pending_day
                        break
                if latest is not None and latest[1] is None:
                    # a count no site row covers: the doses wait for the decision the DOSE REVIEW asks for
                    reviewed = latest[0] - 1
                    if conditional_on is None or reviewed > conditional_on:
                        conditional_on = reviewed
        days.append(PlanDay(
            day=day,
            date=start + timedelta(days=day - 1) if start else None,
            checkpoint=day in checkpoints,
            state=state,
            doses=tuple(doses),
            platelet_check=check,
            platelet_count=plt,
            is_response_day=day == response_day,
            is_today=day == today_day,
            conditional_on=conditional_on,
            ctcae_grade=ctcae_platelet_grade(plt) if plt is not None else None,
            stop_day=stop_day if state == "stopped" else None,
        ))

    rule = protocol.response_rule
    if rule is None:
        response = Response(False, None, None, None)
    else:
        reached = True if response_day else (None if response_unknown else False)
        response = Response(True, reached, response_day, rule.source)
    events.sort(key=lambda e: (e.day, EVENT_ORDER.index(e.kind)))
    notes = []
    if protocol.checkpoint_days.site_rule and protocol.checkpoint_days.note:
        notes.append(protocol.checkpoint_days.note)
    return Plan(
        trial=protocol.id,
        arm=case.arm,
        days=tuple(days),
        events=tuple(events),
        response=response,
        checkpoint_days=checkpoints,
        baseline_plt=baseline,
        today_day=today_day,
        undefined_rules_note=protocol.undefined_rules_note,
        notes=tuple(notes),
        dosing_block=dosing_block,
        blocking=tuple(c.id for c in eligibility.blocking) if dosing_block else (),
        stop_day_reading=reading,
        limits=patient_limits(loaded, baseline),
    )
