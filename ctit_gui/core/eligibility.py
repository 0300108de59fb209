"""Eligibility: every criterion of the case's trial arm decided, and the overall verdict."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, NamedTuple

from .case import Case
from .conditions import Context, evaluate
from .protocol import Condition, Criterion, DecidedBy, Protocol
from .words import STATE_WORDS

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
    return _decide(criterion, criterion.condition_for(case.arm), criterion.decided_by(case.arm), case)


def _decide(criterion: Criterion, condition: Condition | None, decided: DecidedBy, case: Case) -> CriterionResult:
    if condition is None:
        return CriterionResult(
            criterion.id, criterion.kind, None, "note",
            criterion.comment or "for information; does not decide eligibility", criterion.text,
        )
    outcome = evaluate(condition, Context(case, criterion.id))
    holds = outcome.holds if outcome.applicable else criterion.kind == "inclusion"
    reason = outcome.reason
    answer = case.answers.get(criterion.id)
    if not outcome.applicable and answer is not None:
        # The clinician's answer is kept in the case and shown, never silently dropped.
        reason += f"; answer “{'yes' if answer else 'no'}” {STATE_WORDS['not_used']}"
    return CriterionResult(
        criterion.id, criterion.kind, holds, decided, reason,
        criterion.text, outcome.applicable, outcome.near_limit, criterion.comment,
    )


def overall_verdict(results: tuple[CriterionResult, ...]) -> Verdict:
    if any(r.excludes for r in results):
        return "not_eligible"
    if any(r.blocking for r in results):
        return "incomplete"
    return "eligible"


def assess_eligibility(protocol: Protocol, case: Case) -> Eligibility:
    table = protocol.decision_table(case.arm)
    results = tuple(_decide(criterion, condition, decided, case) for criterion, condition, decided in table)
    return Eligibility(protocol.id, case.arm, overall_verdict(results), results)
