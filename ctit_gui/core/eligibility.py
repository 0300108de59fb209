"""Eligibility: every criterion of the case's trial arm decided, and the overall verdict."""

from __future__ import annotations

import json
from dataclasses import dataclass
from json.encoder import encode_basestring as _text  # JSON string, ensure_ascii=False (C-accelerated)
from typing import Literal, NamedTuple

from ..i18n import N_
from .case import Case
from .conditions import Context, evaluate
from .messages import Message, ProtocolText, Word, Words, message
from .protocol import Attested, Condition, Criterion, DecidedBy, Protocol
from .words import STATE_WORDS

Verdict = Literal["eligible", "not_eligible", "incomplete"]

VERDICT_WORDS: dict[str, str] = {
    "eligible": N_("eligible"),
    "not_eligible": N_("not eligible"),
    "incomplete": N_("incomplete — unknown criteria remain"),
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
    #: The reason as data (message id and parameters); ``reason`` is its English rendering.
    message: Message | None = None

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
        if self.message is not None:
            data["reason_message"] = self.message.to_dict()
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

    def to_json(self) -> str:
        """``json.dumps(self.to_dict(), indent=2, ensure_ascii=False)``, byte for byte, written directly.

        What `check --json` prints. The parts that are the same for every case (each criterion's
        registry sentence, an attested criterion's whole entry) are encoded once per arm and reused.
        """
        criteria = ",\n    ".join([_criterion_json(c) for c in self.criteria])
        return (f'{{\n  "trial": {_text(self.trial)},\n  "arm": {_text(self.arm)},\n  "verdict": {_text(self.verdict)},'
                f'\n  "criteria": {f"[{_NL[2]}{criteria}{_NL[1]}]" if criteria else "[]"}\n}}')


# --- JSON of a criterion, exactly as json.dumps(indent=2, ensure_ascii=False) writes its to_dict() ---

class _Lines(dict):
    """A newline and the indentation of a nesting level (json.dumps's indent=2), made once per level."""

    def __missing__(self, level: int) -> str:
        self[level] = text = "\n" + "  " * level
        return text


_NL = _Lines()
#: Entries encoded once (attested and note criteria: see :class:`_ArmTable`), by identity of the result.
_ENCODED: dict[int, tuple[CriterionResult, str]] = {}


def _criterion_json(result: CriterionResult) -> str:
    known = _ENCODED.get(id(result))
    if known is not None and known[0] is result:
        return known[1]
    return _encode_criterion(result)


def _encode_criterion(result: CriterionResult) -> str:
    """One criterion as an item of the ``criteria`` list (its keys at level 3)."""
    key = _NL[3]
    parts = [
        f'{{{key}"id": {_text(result.id)},{key}"kind": {_text(result.kind)},'
        f'{key}"holds": {_scalar(result.holds)},{key}"decided_by": {_text(result.decided_by)},'
        f'{key}"reason": {_text(result.reason)},{key}"text": {_text(result.text)},'
        f'{key}"applicable": {_scalar(result.applicable)}'
    ]
    if result.near_limit:
        parts.append(f',{key}"near_limit": {_any(list(result.near_limit), 3)}')
    if result.comment:
        parts.append(f',{key}"comment": {_text(result.comment)}')
    if result.message is not None:
        parts.append(f',{key}"reason_message": {_message_json(result.message, 3)}')
    parts.append(_NL[2] + "}")
    return "".join(parts)


def _scalar(value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return _any(value, 3)


def _message_json(msg: Message, level: int) -> str:
    """``Message.to_dict()`` as JSON, the dict's keys at ``level + 1``."""
    inner, deeper = _NL[level + 1], _NL[level + 2]
    if msg.params:
        items = [f"{_text(name)}: {_param_json(value, level + 2)}" for name, value in msg.params]
        params = f"{{{deeper}{(',' + deeper).join(items)}{inner}}}"
    else:
        params = "{}"
    return f'{{{inner}"id": {_text(msg.id)},{inner}"params": {params}{_NL[level]}}}'


def _param_json(value, level: int) -> str:
    kind = type(value)
    if kind is Message:
        return _message_json(value, level)
    if kind is str or kind is Word or kind is ProtocolText:
        return _text(value)
    if kind is int:
        return int.__repr__(value)
    if kind is tuple or kind is Words:
        if not value:
            return "[]"
        inner = _NL[level + 1]
        return f"[{inner}{(',' + inner).join([_param_json(v, level + 1) for v in value])}{_NL[level]}]"
    from .messages import _json_value

    return _any(_json_value(value), level)  # any other kind of parameter: as Message.to_dict() gives it


def _any(value, level: int) -> str:
    """Anything else, through json itself, indented to ``level``."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", _NL[level])


def decide_criterion(criterion: Criterion, case: Case) -> CriterionResult:
    return _decide(criterion, criterion.condition_for(case.arm), criterion.decided_by(case.arm), case)


def _decide(criterion: Criterion, condition: Condition | None, decided: DecidedBy, case: Case) -> CriterionResult:
    if condition is None:
        note = (message("protocol_comment", text=ProtocolText(criterion.comment)) if criterion.comment
                else message("for_information"))
        return CriterionResult(criterion.id, criterion.kind, None, "note", note.english, criterion.text,
                               message=note)
    outcome = evaluate(condition, Context(case, criterion.id))
    holds = outcome.holds if outcome.applicable else criterion.kind == "inclusion"
    reason = outcome.message
    answer = case.answers.get(criterion.id)
    if not outcome.applicable and answer is not None:
        # The clinician's answer is kept in the case and shown, never silently dropped.
        reason = message("answer_not_used", reason=reason, answer=Word("yes" if answer else "no"),
                         not_used=Word(STATE_WORDS["not_used"]))
    return CriterionResult(
        criterion.id, criterion.kind, holds, decided, reason.english,
        criterion.text, outcome.applicable, tuple(h.english for h in outcome.near_limit), criterion.comment,
        reason,
    )


def overall_verdict(results: tuple[CriterionResult, ...]) -> Verdict:
    if any(r.excludes for r in results):
        return "not_eligible"
    if any(r.blocking for r in results):
        return "incomplete"
    return "eligible"


def assess_eligibility(protocol: Protocol, case: Case) -> Eligibility:
    answers = case.answers
    results = []
    for criterion, condition, decided, by_answer in _arm_table(protocol, case.arm):
        if by_answer is not None:  # an attested criterion (or a note): decided once per answer
            found = by_answer.get(answers.get(criterion.id), _UNDECIDED)
            if found is not _UNDECIDED:
                results.append(found)
                continue
        results.append(_decide(criterion, condition, decided, case))
    results = tuple(results)
    return Eligibility(protocol.id, case.arm, overall_verdict(results), results)


_UNDECIDED = object()


class _Answers(NamedTuple):
    """What an attested criterion reads of a case: the clinician's answers (nothing else)."""

    answers: dict


def _arm_table(protocol: Protocol, arm_id: str) -> tuple:
    """The arm's decision table, with every entry that cannot depend on more than the clinician's answer
    (notes; criteria decided by attestation alone) decided once per possible answer, its JSON encoded once."""
    tables = protocol._decision_tables  # worked out once per arm, beside the protocol's own tables
    key = ("eligibility", arm_id)
    table = tables.get(key)
    if table is None:
        rows = []
        for criterion, condition, decided in protocol.decision_table(arm_id):
            by_answer = None
            if condition is None or type(condition) is Attested:
                by_answer = {}
                for answer in (None, True, False):
                    result = _decide(criterion, condition, decided, _Answers({criterion.id: answer}))
                    _ENCODED[id(result)] = (result, _encode_criterion(result))
                    by_answer[answer] = result
            rows.append((criterion, condition, decided, by_answer))
        table = tables[key] = tuple(rows)
    return table
