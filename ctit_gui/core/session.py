"""Reading a case against the loaded protocols: the one entry point every front end uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..i18n import N_, _, translate_text
from ..resources import protocols_folder
from .case import Case, uln_problem
from .case_json import load_case_json
from .eligibility import Eligibility, assess_eligibility
from .errors import FieldProblem, InputError, problems_from_validation
from .labs import LAB_NAMES
from .plan import Plan, build_plan
from .protocol import (
    AgeBetween,
    AllOf,
    AnyOf,
    AppliesTo,
    ByLiverMetastases,
    Compare,
    CompareUln,
    LoadedProtocol,
    load_protocols,
)


@lru_cache(maxsize=4)
def _load_cached(folder: str) -> dict[str, LoadedProtocol]:
    return load_protocols(Path(folder))


def default_protocols() -> dict[str, LoadedProtocol]:
    """The protocols shipped under ``resources/protocols``, loaded and validated once."""
    return _load_cached(str(protocols_folder()))


_MEASURE_WORDS = {**LAB_NAMES, "ecog": "ECOG", "creatinine_clearance": "creatinine clearance"}


def computed_from(condition) -> list[str]:
    """The data a computed criterion reads, in the user's words (``["ALT", "AST", "total bilirubin"]``)."""
    found: list[str] = []

    def walk(node) -> None:
        if isinstance(node, AgeBetween):
            found.append(N_("age"))
        elif isinstance(node, (Compare, CompareUln)):
            found.append(_MEASURE_WORDS.get(node.measure, node.measure))
        elif isinstance(node, (AnyOf, AllOf)):
            for part in node.conditions:
                walk(part)
        elif isinstance(node, ByLiverMetastases):
            found.append(N_("liver metastases"))
            walk(node.present)
            walk(node.absent)
        elif isinstance(node, AppliesTo):
            walk(node.then)

    if condition is not None:
        walk(condition)
    return list(dict.fromkeys(found))


def lab_problems(case: Case) -> list[FieldProblem]:
    """Each ULN outside its unit's plausible range (``case.ULN_PLAUSIBLE``), naming the likely unit."""
    problems = []
    labs = case.labs.__dict__
    for name in ("alt", "ast", "tbil", "creatinine", "inr"):
        lab = labs[name]
        if lab is None:
            continue
        fields = lab.__dict__  # (an INR has no unit: asking the model for it would raise and catch an error)
        problem = uln_problem(name, fields.get("unit", ""), fields["uln"])
        if problem:
            problems.append(FieldProblem(("labs", name, "uln"), problem))
    return problems


def time_problems(case: Case, today: date | None = None, treatment_days: int = 14) -> list[FieldProblem]:
    """Dates that cannot be true on ``today``: screening or birth after today, a count measured after today.

    A day 1 in the future is allowed (screening comes first); a course that would end after
    the last representable date (year 9999) is refused.
    """
    today = date.today() if today is None else today
    problems = []
    if case.screening_date and case.screening_date > today:
        problems.append(FieldProblem(("screening_date",), _(
            "{date} is after today ({today}): it cannot be in the future",
            date=case.screening_date.isoformat(), today=today.isoformat())))
    birth = case.patient.birth_date
    if birth and birth > today:
        problems.append(FieldProblem(("patient", "birth_date"), _(
            "{date} is after today ({today}): it cannot be in the future", date=birth.isoformat(),
            today=today.isoformat())))
    day1 = case.day1
    if day1:
        if (date.max - day1).days < treatment_days:  # day 1 later than date.max - treatment_days
            problems.append(FieldProblem(("day1",), _(
                "{day1}: the {days}-day course would end after the last date the program can hold (9999-12-31)",
                day1=day1.isoformat(), days=treatment_days)))
            return problems
        today_is_day = (today - day1).days + 1  # the treatment day that falls on today (≤ 0 before day 1)
        for index, check in enumerate(case.platelet_checks):
            if check.day > today_is_day:  # measured on day1 + (day − 1) days, after today
                measured = day1 + timedelta(days=check.day - 1)
                problems.append(FieldProblem(("platelet_checks", index, "day"), _(
                    "day {day} is {date}, after today ({today}): a count cannot be recorded before it is measured",
                    day=check.day, date=measured.isoformat(), today=today.isoformat())))
    return problems


def _computed_criteria(protocol, arm_id: str) -> dict:
    """The arm's criteria decided by computation alone, by id: worked out once per arm, beside its tables."""
    tables = protocol._decision_tables
    key = ("computed", arm_id)
    if key not in tables:
        tables[key] = {c.id: c for c in protocol.criteria_for(arm_id) if c.decided_by(arm_id) == "computed"}
    return tables[key]


def protocol_problems(
    case: Case, protocols: dict[str, LoadedProtocol], today: date | None = None
) -> list[FieldProblem]:
    """What the case names that its trial does not have (trial, arm, criterion ids, days), impossible dates and
    implausible ULNs. Checked here rather than in the model, so a stored case still opens with these listed."""
    loaded = protocols.get(case.trial)
    problems = lab_problems(case)
    if loaded is None:
        return problems + [
            FieldProblem(("trial",), _("must be one of {allowed} (got {value})", allowed=", ".join(sorted(protocols)),
                                       value=repr(case.trial)))]
    protocol = loaded.protocol
    if protocol.arm(case.arm) is None:
        arms = ", ".join(a.id for a in protocol.arms)
        problems.append(FieldProblem(("arm",), _("must be one of {allowed} for {trial} (got {value})", allowed=arms, trial=protocol.id,
                                                    value=repr(case.arm))))
        return problems
    known = protocol.criterion_ids(case.arm)
    computed = _computed_criteria(protocol, case.arm)
    answers = case.answers
    usual = answers.keys() <= known and computed.keys().isdisjoint(answers)  # the usual file: nothing to list
    for criterion_id, answer in () if usual else answers.items():
        if criterion_id not in known:
            problems.append(FieldProblem(
                ("answers", criterion_id), _("is not a criterion of {trial} (known: {known})", trial=protocol.id, known=", ".join(sorted(known)))
            ))
        elif criterion_id in computed and answer is not None:
            # An answer the computation would silently override is refused, never dropped.
            source = ("/".join(translate_text(w) for w in computed_from(computed[criterion_id].condition_for(case.arm)))
                      or _("the case data"))
            problems.append(FieldProblem(("answers", criterion_id), _(
                "{criterion} is computed from {source}; remove the answer or correct the data it is computed from",
                criterion=criterion_id, source=source)))
    for index, check in enumerate(case.platelet_checks):
        if check.day > protocol.treatment_days:
            problems.append(FieldProblem(
                ("platelet_checks", index, "day"), _("must be 1 to {days}", days=protocol.treatment_days)
            ))
    problems.extend(time_problems(case, today, protocol.treatment_days))
    return problems


def validate_case_data(
    data: object, protocols: dict[str, LoadedProtocol] | None = None, today: date | None = None
) -> Case:
    """A validated case, or :class:`InputError` with one message per problem (``today``: default the clock's)."""
    protocols = default_protocols() if protocols is None else protocols
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise InputError([str(p) for p in problems_from_validation(exc)]) from None
    problems = protocol_problems(case, protocols, today)
    if problems:
        raise InputError([str(p) for p in problems])
    return case


def parse_case_json(
    text: str | bytes, protocols: dict[str, LoadedProtocol] | None = None, today: date | None = None
) -> Case:
    """A case from its JSON text, read strictly (core/case_json.py): exact numbers, no coercion, bounded work."""
    data, problems = load_case_json(text)
    if problems:
        raise InputError(problems)
    return validate_case_data(data, protocols, today)


def read_case(path: Path, protocols: dict[str, LoadedProtocol] | None = None, today: date | None = None) -> Case:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([_("{file}: cannot be read ({why})", file=str(path), why=exc.strerror)]) from None
    try:
        return parse_case_json(raw, protocols, today)
    except InputError as exc:
        raise InputError([f"{path.name}: {m}" for m in exc.messages]) from None


@dataclass(frozen=True)
class Assessment:
    """Everything the front ends show for one case: its protocol, verdicts and plan."""

    case: Case
    loaded: LoadedProtocol
    eligibility: Eligibility
    plan: Plan


def assess(case: Case, protocols: dict[str, LoadedProtocol] | None = None, today: date | None = None) -> Assessment:
    protocols = default_protocols() if protocols is None else protocols
    loaded = protocols[case.trial]
    eligibility = assess_eligibility(loaded.protocol, case)
    return Assessment(case, loaded, eligibility, build_plan(loaded, case, today, eligibility))
