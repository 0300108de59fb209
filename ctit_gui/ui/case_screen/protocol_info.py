"""What the window needs to know about a protocol's data, read from the protocol itself.

Pure Python (no Qt). Which lab values a trial arm's criteria look at, whether they
need an upper limit of normal, and which platelet thresholds its rules use: the
window shows fields and draws lines from these, never from numbers typed in
widget code. (Candidates to move into the core.)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ...core.protocol import (
    AllOf,
    AnyOf,
    AppliesTo,
    ByLiverMetastases,
    Compare,
    CompareUln,
    Condition,
    Protocol,
)


@dataclass(frozen=True)
class MeasureUse:
    criteria: tuple[str, ...]  # criterion ids that look at the value
    uln_criteria: tuple[str, ...]  # criterion ids that compare it with a multiple of the ULN


def _walk(condition: Condition | None):
    if condition is None:
        return
    yield condition
    if isinstance(condition, (AnyOf, AllOf)):
        for part in condition.conditions:
            yield from _walk(part)
    elif isinstance(condition, ByLiverMetastases):
        yield from _walk(condition.present)
        yield from _walk(condition.absent)
    elif isinstance(condition, AppliesTo):
        yield from _walk(condition.then)


def measures_used(protocol: Protocol, arm: str) -> dict[str, MeasureUse]:
    """measure → the criteria of this arm that use it (``plt``, ``tbil``, ``creatinine_clearance``, …)."""
    plain: dict[str, list[str]] = {}
    uln: dict[str, list[str]] = {}
    for criterion in protocol.criteria_for(arm):
        for condition in _walk(criterion.condition_for(arm)):
            if isinstance(condition, Compare):
                ids = plain.setdefault(condition.measure, [])
            elif isinstance(condition, CompareUln):
                ids = uln.setdefault(condition.measure, [])
                plain.setdefault(condition.measure, [])
            else:
                continue
            if criterion.id not in ids:
                ids.append(criterion.id)
    return {
        m: MeasureUse(tuple(dict.fromkeys(plain.get(m, []) + uln.get(m, []))), tuple(uln.get(m, [])))
        for m in plain
    }


@dataclass(frozen=True)
class Threshold:
    """A horizontal line on the platelet chart: a value in ×10⁹/L and the rule it comes from.

    ``kinds``: stop, response, rise (baseline + rise), rescue, rescue_bleeding, criterion —
    several when rules share a value.
    """

    value: Decimal
    kinds: tuple[str, ...]
    op: str = ""
    criterion_id: str = ""


def platelet_thresholds(protocol: Protocol, arm: str, baseline: Decimal | None) -> list[Threshold]:
    """The platelet limits of the protocol's rules and its PLT criteria (one line per value)."""
    lines: list[Threshold] = []

    def add(value: Decimal, kind: str, op: str = "", criterion_id: str = "") -> None:
        value = Decimal(value)
        for index, line in enumerate(lines):
            if line.value == value:
                lines[index] = Threshold(value, line.kinds + (kind,), line.op, line.criterion_id or criterion_id)
                return
        lines.append(Threshold(value, (kind,), op, criterion_id))

    stop = protocol.stop_rule
    if stop is not None:
        add(stop.plt_at_least, "stop", ">=")
        if baseline is not None:
            add(Decimal(baseline) + stop.rise_at_least, "rise", ">=")
    response = protocol.response_rule
    if response is not None:
        add(response.plt_at_least, "response", ">=")
    rescue = protocol.rescue_rule
    if rescue is not None:
        add(rescue.plt_below_with_bleeding_risk, "rescue_bleeding", "<")
        add(rescue.plt_at_most, "rescue", "<=")
    for criterion in protocol.criteria_for(arm):
        for condition in _walk(criterion.condition_for(arm)):
            if isinstance(condition, Compare) and condition.measure == "plt":
                add(condition.limit, "criterion", condition.op, criterion.id)
    return sorted(lines, key=lambda t: t.value)


