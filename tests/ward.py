"""A generated ward: 30 cases across both trials and every state the worklist knows, on WARD_DAY.

Each spec says which treatment day the patient is on WARD_DAY (None: day 1 not set; negative:
day 1 is that many days ahead), the counts by day, and what makes the case what it is. Built
from the eligible baselines of ``tests.core.factories`` so the eligibility is the core's own.
Used by the core, store and window tests, the benchmark and the screenshot script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from ctit_gui.core.case import Case
from ctit_gui.core.worklist import WardEntry
from tests.core.factories import FUJIAN, SYSU, REMOVE, case_dict

WARD_DAY = date(2026, 3, 16)


@dataclass(frozen=True)
class Spec:
    patient: str
    trial: str
    arm: str
    day: int | None  # treatment day on WARD_DAY; None: day 1 not set; <= 0: day 1 still ahead
    counts: dict = field(default_factory=dict)  # day -> value (x10^9/L) or (value, bleeding_risk)
    answers: dict = field(default_factory=dict)
    closure: dict | None = None
    expect: str = ""  # the headline key the worklist must give on WARD_DAY ("" : closed, not listed)
    today: str = ""  # the kind of today's doses


EXPERIMENTAL, CONTROL = "rhtpo+hetrombopag", "hetrombopag"
SPECS = (
    Spec("S01-SCREEN", SYSU, EXPERIMENTAL, None, expect="screening", today="screening"),
    Spec("S02-DAY1-AHEAD", SYSU, CONTROL, -2, expect="screening", today="screening"),
    Spec("S03-NOT-ELIGIBLE", SYSU, EXPERIMENTAL, 2, answers={"EX2": True}, expect="do_not_dose",
         today="do_not_dose"),
    Spec("S04-INCOMPLETE", SYSU, CONTROL, None, answers={"IN8": None}, expect="do_not_dose", today="do_not_dose"),
    Spec("S05-DAY3", SYSU, EXPERIMENTAL, 3, expect="on_treatment", today="dose"),
    Spec("S06-CHECK-DUE", SYSU, CONTROL, 7, expect="check_due_today", today="dose"),
    Spec("S07-CHECK-LATE", SYSU, EXPERIMENTAL, 8, expect="check_overdue", today="dose"),
    Spec("S08-DAY9", SYSU, CONTROL, 9, {7: 60}, expect="on_treatment", today="dose"),
    Spec("S09-DAY10-DUE", SYSU, EXPERIMENTAL, 10, {7: 60}, expect="check_due_today", today="dose"),
    Spec("S10-STOPPED", SYSU, EXPERIMENTAL, 9, {7: 85}, expect="do_not_dose", today="stopped"),
    Spec("S11-STOP-DAY", SYSU, CONTROL, 7, {7: 120}, expect="do_not_dose", today="withhold"),
    Spec("S12-RESCUE", SYSU, CONTROL, 7, {7: 8}, expect="rescue", today="dose"),
    Spec("S13-RESCUE-BLEED", SYSU, EXPERIMENTAL, 8, {7: (15, True)}, expect="rescue", today="dose"),
    Spec("S14-LAST-DAY", SYSU, CONTROL, 14, {7: 60, 10: 65}, expect="check_due_today", today="dose"),
    Spec("S15-FINISHED", SYSU, EXPERIMENTAL, 16, {7: 60, 10: 65, 14: 70}, expect="finished", today="finished"),
    Spec("S16-CLOSED", SYSU, CONTROL, None, answers={"EX3": True}, closure={"reason": "screen_failure"}),
    Spec("F01-SCREEN", FUJIAN, "primary", None, expect="screening", today="screening"),
    Spec("F02-NOT-ELIGIBLE", FUJIAN, "secondary", 1, answers={"EX2": True}, expect="do_not_dose",
         today="do_not_dose"),
    Spec("F03-INCOMPLETE", FUJIAN, "primary", None, answers={"IN2": None}, expect="do_not_dose",
         today="do_not_dose"),
    Spec("F04-DAY5", FUJIAN, "primary", 5, expect="on_treatment", today="dose"),
    Spec("F05-CHECK-DUE", FUJIAN, "secondary", 7, expect="check_due_today", today="dose"),
    Spec("F06-CHECK-LATE", FUJIAN, "primary", 8, expect="check_overdue", today="dose"),
    Spec("F07-REVIEW", FUJIAN, "secondary", 8, {7: 96}, expect="dose_review", today="dose"),
    Spec("F08-GRADE4", FUJIAN, "primary", 7, {7: 20}, expect="grade4", today="dose"),
    Spec("F09-LATE-DAY10", FUJIAN, "secondary", 12, {7: 96}, expect="check_overdue", today="dose"),
    Spec("F10-LAST-DAY", FUJIAN, "primary", 14, {7: 96, 10: 90}, expect="dose_review", today="dose"),
    Spec("F11-FINISHED", FUJIAN, "secondary", 15, {7: 96, 10: 90, 14: 88}, expect="dose_review",
         today="finished"),
    Spec("F12-WITHDRAWN", FUJIAN, "primary", 5, closure={"reason": "withdrawn"}),
    Spec("F13-OLD-ARM", FUJIAN, "cohort-3", 4, expect="problem", today="unknown"),
)
#: The 30th case: a stored revision this program cannot read (written by a newer version, say).
UNREADABLE = WardEntry(30, 1, None, ("revision 1 cannot be read by this program: dose_plan: unknown field",),
                       ("U01-UNREADABLE", SYSU, EXPERIMENTAL))


def case_data(spec: Spec, patient: str | None = None, ward_day: date = WARD_DAY) -> dict:
    changes: dict = {"patient.id": patient or spec.patient}
    if spec.day is None:
        changes["day1"] = REMOVE
    else:
        day1 = ward_day - timedelta(days=spec.day - 1)
        changes["day1"] = day1.isoformat()
        changes["screening_date"] = min(day1, ward_day - timedelta(days=20)).isoformat()
    checks = []
    for day, value in sorted(spec.counts.items()):
        value, bleeding = value if isinstance(value, tuple) else (value, None)
        check = {"day": day, "value": value, "unit": "10^9/L"}
        if bleeding is not None:
            check["bleeding_risk"] = bleeding
        checks.append(check)
    changes["platelet_checks"] = checks
    if spec.closure is not None:
        changes["closure"] = spec.closure
    arm = spec.arm if spec.arm != "cohort-3" else "primary"
    data = case_dict(spec.trial, arm, changes, **{k.replace(".", "_"): v for k, v in spec.answers.items()})
    data["arm"] = spec.arm
    return data


def ward_cases(ward_day: date = WARD_DAY, specs=SPECS) -> list[Case]:
    return [Case.model_validate(case_data(spec, ward_day=ward_day)) for spec in specs]


def ward_entries(ward_day: date = WARD_DAY) -> list[WardEntry]:
    """The 30 cases as the store would hand them to the worklist (case ids 1-29, then the unreadable one)."""
    entries = [WardEntry(n, 1, case) for n, case in enumerate(ward_cases(ward_day), 1)]
    return entries + [UNREADABLE]


def big_ward(count: int, ward_day: date = WARD_DAY) -> list[Case]:
    """``count`` open cases cycling through the specs that are listed (for the benchmark)."""
    listed = [s for s in SPECS if s.closure is None and s.expect != "problem"]
    return [Case.model_validate(case_data(listed[n % len(listed)], f"B{n:04d}-{listed[n % len(listed)].patient}",
                                          ward_day)) for n in range(count)]


#: A day after every example's dates (tests/ui/conftest.AFTER_EXAMPLES).
EXAMPLES_DAY = date(2026, 6, 30)


def example_entries() -> list[WardEntry]:
    """The five example cases (examples/nct*.json) as the store would hand them to the worklist: among them a
    screening left incomplete by many criteria (IN2, IN3, …, EX11) and a cohort-2 patient excluded by IN3."""
    from pathlib import Path

    from ctit_gui.core.session import read_case

    folder = Path(__file__).resolve().parents[1] / "examples"
    return [WardEntry(n, 1, read_case(path)) for n, path in enumerate(sorted(folder.glob("nct*.json")), 1)]
