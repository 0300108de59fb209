"""Reading a case against the loaded protocols: the one entry point every front end uses."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from ..resources import protocols_folder
from .case import Case
from .case_json import load_case_json
from .eligibility import Eligibility, assess_eligibility
from .errors import FieldProblem, InputError, problems_from_validation
from .plan import Plan, build_plan
from .labs import LAB_NAMES
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
            found.append("age")
        elif isinstance(node, (Compare, CompareUln)):
            found.append(_MEASURE_WORDS.get(node.measure, node.measure))
        elif isinstance(node, (AnyOf, AllOf)):
            for part in node.conditions:
                walk(part)
        elif isinstance(node, ByLiverMetastases):
            found.append("liver metastases")
            walk(node.present)
            walk(node.absent)
        elif isinstance(node, AppliesTo):
            walk(node.then)

    if condition is not None:
        walk(condition)
    return list(dict.fromkeys(found))


def protocol_problems(case: Case, protocols: dict[str, LoadedProtocol]) -> list[FieldProblem]:
    """What the case names that its trial does not have: trial, arm, criterion ids, days."""
    loaded = protocols.get(case.trial)
    if loaded is None:
        return [FieldProblem(("trial",), f"must be one of {', '.join(sorted(protocols))} (got {case.trial!r})")]
    protocol = loaded.protocol
    problems = []
    if protocol.arm(case.arm) is None:
        arms = ", ".join(a.id for a in protocol.arms)
        problems.append(FieldProblem(("arm",), f"must be one of {arms} for {protocol.id} (got {case.arm!r})"))
        return problems
    known = protocol.criterion_ids(case.arm)
    computed = {c.id: c for c in protocol.criteria_for(case.arm) if c.decided_by(case.arm) == "computed"}
    for criterion_id, answer in case.answers.items():
        if criterion_id not in known:
            problems.append(FieldProblem(
                ("answers", criterion_id), f"is not a criterion of {protocol.id} (known: {', '.join(sorted(known))})"
            ))
        elif criterion_id in computed and answer is not None:
            # An answer the computation would silently override is refused, never dropped.
            source = "/".join(computed_from(computed[criterion_id].condition_for(case.arm))) or "the case data"
            problems.append(FieldProblem(
                ("answers", criterion_id),
                f"{criterion_id} is computed from {source}; remove the answer or correct the data it is computed from",
            ))
    for index, check in enumerate(case.platelet_checks):
        if check.day > protocol.treatment_days:
            problems.append(FieldProblem(
                ("platelet_checks", index, "day"), f"must be 1 to {protocol.treatment_days}"
            ))
    return problems


def validate_case_data(data: object, protocols: dict[str, LoadedProtocol] | None = None) -> Case:
    """A validated case, or :class:`InputError` with one message per problem."""
    protocols = default_protocols() if protocols is None else protocols
    try:
        case = Case.model_validate(data)
    except ValidationError as exc:
        raise InputError([str(p) for p in problems_from_validation(exc)]) from None
    problems = protocol_problems(case, protocols)
    if problems:
        raise InputError([str(p) for p in problems])
    return case


def parse_case_json(text: str | bytes, protocols: dict[str, LoadedProtocol] | None = None) -> Case:
    """A case from its JSON text, read strictly (core/case_json.py): exact numbers, no coercion, bounded work."""
    data, problems = load_case_json(text)
    if problems:
        raise InputError(problems)
    return validate_case_data(data, protocols)


def read_case(path: Path, protocols: dict[str, LoadedProtocol] | None = None) -> Case:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([f"{path}: cannot be read ({exc.strerror})"]) from None
    try:
        return parse_case_json(raw, protocols)
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
