"""Eligibility: every criterion of the case's trial arm decided, and the overall verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from .case import Case
from .conditions import Context, evaluate
from .protocol import Criterion, DecidedBy, Protocol

Verdict = Literal["eligible", "not_eligible", "incomplete"]

VERDICT_WORDS: dict[str, str] = {
    "eligible": "eligible",
    "not_eligible": "not eligible",
    "incomplete": "incomplete — unknown criteria remain",
}


class CriterionResult(NamedTuple):
    """One criterion decided: immutable, cheap to build (thousands of cases a second)."""

    id: str
    kind: str
    holds: bool | None
    decided_by: DecidedBy
    reason: str
    text: str
    applicable: bool = True
    near_limit: tuple[str, ...] = ()
    comment: str | None = None

    @property
    def blocking(self) -> bool:
        """Stands between the patient and 'eligible': failed, excluding, or unknown."""
        if self.kind == "note":
            return False
        if self.holds is None:
            return True
        return self.holds is (self.kind == "exclusion")

    @property
    def excludes(self) -> bool:
        return (self.kind == "inclusion" and self.holds is False) or (
            self.kind == "exclusion" and self.holds is True
        )

    def to_dict(self) -> dict:
        data = {
            "id": self.id,
            "kind": self.kind,
            "holds": self.holds,
            "decided_by": self.decided_by,
            "reason": self.reason,
            "text": self.text,
            "applicable": self.applicable,
        }
        if self.near_limit:
            data["near_limit"] = list(self.near_limit)
        if self.comment:
            data["comment"] = self.comment
        return data


@dataclass(frozen=True)
class Eligibility:
    trial: str
    arm: str
    verdict: Verdict
    criteria: tuple[CriterionResult, ...]

    @property
    def blocking(self) -> tuple[CriterionResult, ...]:
        return tuple(c for c in self.criteria if c.blocking)

    def to_dict(self) -> dict:
        return {
            "trial": self.trial,
            "arm": self.arm,
            "verdict": self.verdict,
            "criteria": [c.to_dict() for c in self.criteria],
        }


def decide_criterion(criterion: Criterion, case: Case) -> CriterionResult:
    condition = criterion.condition_for(case.arm)
    if criterion.kind == "note" or condition is None:
        return CriterionResult(
            criterion.id, criterion.kind, None, "note",
            criterion.comment or "for information; does not decide eligibility", criterion.text,
        )
    outcome = evaluate(condition, Context(case, criterion.id))
    holds = outcome.holds
    if not outcome.applicable:
        holds = criterion.kind == "inclusion"
    return CriterionResult(
        id=criterion.id,
        kind=criterion.kind,
        holds=holds,
        decided_by=criterion.decided_by(case.arm),
        reason=outcome.reason,
        text=criterion.text,
        applicable=outcome.applicable,
        near_limit=outcome.near_limit,
        comment=criterion.comment,
    )


def overall_verdict(results: tuple[CriterionResult, ...]) -> Verdict:
    if any(r.excludes for r in results):
        return "not_eligible"
    if any(r.blocking for r in results):
        return "incomplete"
    return "eligible"


def assess_eligibility(protocol: Protocol, case: Case) -> Eligibility:
    results = tuple(decide_criterion(c, case) for c in protocol.criteria_for(case.arm))
    return Eligibility(protocol.id, case.arm, overall_verdict(results), results)
