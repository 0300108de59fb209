"""A case's status, derived from the case by the core's plan — never typed by hand.

Screening until day 1 (or while day 1 is not set, or while the patient may not be dosed:
NOT ELIGIBLE or SCREENING INCOMPLETE, as the core's ward status says), then "on treatment
day N" through the protocol's last treatment day, "completed" after it; "stopped on day N"
as soon as the plan's stop rule has fired. What does not depend on today (day 1, the stop
day, the number of treatment days) is stored with each case so the case list can show and
filter statuses without recomputing every plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..core.case import Case

STATUS_KINDS = ("screening", "on_treatment", "stopped", "completed", "unknown")


@dataclass(frozen=True)
class StatusFacts:
    day1: date | None
    stop_day: int | None
    treatment_days: int | None  # None: the case's trial or arm is not among the loaded protocols
    protocol_sha256: str | None
    may_dose: bool = True  # False: NOT ELIGIBLE or SCREENING INCOMPLETE (the plan's dosing block); not a column:
    # the list computes facts from each latest revision, the row's copies are only an index

    def as_row(self) -> tuple:
        return (self.day1.isoformat() if self.day1 else None, self.stop_day, self.treatment_days,
                self.protocol_sha256)

    @classmethod
    def from_row(cls, day1: str | None, stop_day, treatment_days, protocol_sha256) -> "StatusFacts":
        return cls(date.fromisoformat(day1) if day1 else None, stop_day, treatment_days, protocol_sha256)


@dataclass(frozen=True)
class CaseStatus:
    kind: str  # one of STATUS_KINDS
    day: int | None = None  # the treatment day (on_treatment) or the stop day (stopped)

    @property
    def text(self) -> str:
        if self.kind == "on_treatment":
            return f"on treatment day {self.day}"
        if self.kind == "stopped":
            return f"stopped on day {self.day}"
        if self.kind == "unknown":
            return "status unknown (trial or arm not loaded)"
        return self.kind

    @property
    def words(self) -> str:
        """:attr:`text` in the current language (English: ``text`` itself)."""
        from ..i18n import _

        if self.kind == "on_treatment":
            return _("on treatment day {day}", day=self.day)
        if self.kind == "stopped":
            return _("stopped on day {day}", day=self.day)
        if self.kind == "unknown":
            return _("status unknown (trial or arm not loaded)")
        return _(self.kind)

    def __str__(self) -> str:
        return self.text


def status_facts(case: Case, protocols: dict) -> StatusFacts:
    """Day 1, the plan's stop day and the protocol's treatment days, via the core's ``assess``."""
    from ..core.session import assess, protocol_problems

    loaded = protocols.get(case.trial)
    if loaded is None:
        return StatusFacts(case.day1, None, None, None)
    if protocol_problems(case, protocols):
        arm_known = loaded.protocol.arm(case.arm) is not None
        days = loaded.protocol.treatment_days if arm_known else None
        return StatusFacts(case.day1, None, days, loaded.sha256)
    plan = assess(case, protocols).plan
    return StatusFacts(case.day1, plan.stop_day, loaded.protocol.treatment_days, loaded.sha256,
                       plan.dosing_block is None)


def status_on(facts: StatusFacts, today: date) -> CaseStatus:
    if facts.treatment_days is None:
        return CaseStatus("unknown")
    if facts.stop_day is not None:
        return CaseStatus("stopped", facts.stop_day)
    if facts.day1 is None or today < facts.day1 or not facts.may_dose:
        return CaseStatus("screening")
    day = (today - facts.day1).days + 1
    if day <= facts.treatment_days:
        return CaseStatus("on_treatment", day)
    return CaseStatus("completed")


def case_status(case: Case, today: date, protocols: dict | None = None) -> CaseStatus:
    from ..core.session import default_protocols

    return status_on(status_facts(case, default_protocols() if protocols is None else protocols), today)
