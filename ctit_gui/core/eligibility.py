"""Eligibility: every criterion of the case's trial arm decided, and the overall verdict."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from json.encoder import encode_basestring as _text  # JSON string, ensure_ascii=False (C-accelerated)
from operator import attrgetter, getitem, itemgetter
from typing import Literal, NamedTuple

from ..i18n import N_
from .case import Case
from .conditions import Context, evaluate
from .labs import entry_key
from .messages import Message, ProtocolText, Word, Words, message
from .protocol import (
    AgeBetween, AllOf, AnyOf, AppliesTo, Attested, ByLiverMetastases, Compare, CompareUln, Condition, Criterion,
    DecidedBy, Protocol,
)
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

    @property
    def effect(self) -> int:
        """What it does to the overall verdict: 2 excludes, 1 blocks 'eligible' (failed or unknown), 0 neither."""
        return 2 if self.excludes else 1 if self.blocking else 0

    @property
    def json_item(self) -> str:
        """:meth:`to_dict` as an item of ``check --json``'s ``criteria`` list (what :meth:`Eligibility.to_json`
        writes; a result decided by :func:`assess_eligibility` keeps it once written)."""
        return _encode_criterion(self)

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
        head = f'{{\n  "trial": {_text(self.trial)},\n  "arm": {_text(self.arm)},\n  "verdict": {_text(self.verdict)},'
        if not self.criteria:
            return head + '\n  "criteria": []\n}'
        # One join of every piece: the output is ~20,000 characters, mostly of wide (non-Latin-1) text; joining
        # the criteria first and then the whole copied (and widened) each character twice.
        parts = [head, '\n  "criteria": [\n    ']
        for entry in map(_JSON_ITEM, self.criteria):  # (a decided result's entry is read from its __dict__, in C)
            parts.append(entry)
            parts.append(",\n    ")
        parts[-1] = "\n  ]\n}"
        return "".join(parts)


_JSON_ITEM = attrgetter("json_item")


# --- JSON of a criterion, exactly as json.dumps(indent=2, ensure_ascii=False) writes its to_dict() ---

class _Lines(dict):
    """A newline and the indentation of a nesting level (json.dumps's indent=2), made once per level."""

    def __missing__(self, level: int) -> str:
        self[level] = text = "\n" + "  " * level
        return text


_NL = _Lines()


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
        parts.append(f',{key}"near_limit": {_text_list(result.near_limit, 3)}')
    if result.comment:
        parts.append(f',{key}"comment": {_text(result.comment)}')
    if result.message is not None:
        parts.append(f',{key}"reason_message": {_message_json(result.message, 3)}')
    parts.append(_NL[2] + "}")
    return "".join(parts)


def _text_list(values: tuple, level: int) -> str:
    """A list of texts (a criterion's re-test hints), as json.dumps(indent=2) writes it: without json's
    pure-Python indenting encoder, whose closures are cyclic garbage on every call."""
    if not all(type(v) is str for v in values):
        return _any(list(values), level)
    inner = _NL[level + 1]
    return f"[{inner}{(',' + inner).join([_text(v) for v in values])}{_NL[level]}]"


def _scalar(value) -> str:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return "null"
    return _any(value, 3)


#: Messages shared between cases (the cached lab comparisons return the same objects) are encoded once: by
#: identity, the message kept alive beside its texts so its id is never reused while the entry exists. One
#: message is often shown at several levels (ALT's comparison inside IN6.2 and, one level deeper, inside EX12):
#: its text at another level is the same text indented differently, made by one replace rather than encoded again.
_SHARED_JSON: dict[int, tuple[Message, dict[int, str]]] = {}


def _message_json(msg: Message, level: int) -> str:
    """``Message.to_dict()`` as JSON, the dict's keys at ``level + 1``."""
    known = _SHARED_JSON.get(id(msg))
    if known is not None and known[0] is msg:
        texts = known[1]
        text = texts.get(level)
        if text is None:
            # Every line break of the text at ``other`` is followed by at least its indentation (a text's own
            # line breaks are written as the escape \n), so moving each by the same amount is the text at ``level``.
            other, at_other = next(iter(texts.items()))
            text = texts[level] = at_other.replace(_NL[other], _NL[level])
        return text
    text = _encode_message(msg, level)
    if len(_SHARED_JSON) >= 2048:
        _SHARED_JSON.clear()
    _SHARED_JSON[id(msg)] = (msg, {level: text})
    return text


class _MadeOnce(dict):
    """Each key's JSON text, made by ``make`` the first time it is asked for."""

    def __init__(self, make):
        super().__init__()
        self._make = make

    def __missing__(self, key: str) -> str:
        self[key] = text = self._make(key)
        return text


_KEY = _MadeOnce(lambda name: _text(name) + ": ")  # a parameter name with its colon: ``"name": ``
_KEY_ID = _MadeOnce(_text)  # a message id as a JSON string
_PLAIN_TEXT = frozenset((str, Word, ProtocolText))  # shown as they are: one JSON string


def _encode_message(msg: Message, level: int) -> str:
    inner = _NL[level + 1]
    params = msg.params
    if params:
        below = level + 2
        parts = []
        for name, value in params:  # _param_json, with its usual kinds inline (thousands of messages a second)
            kind = type(value)
            if kind in _PLAIN_TEXT:
                parts.append(_KEY[name] + _text(value))
            elif kind is Message:
                parts.append(_KEY[name] + _message_json(value, below))
            else:
                parts.append(_KEY[name] + _param_json(value, below))
        deeper = _NL[below]
        return f'{{{inner}"id": {_KEY_ID[msg.id]},{inner}"params": {{{deeper}{("," + deeper).join(parts)}{inner}}}{_NL[level]}}}'
    return f'{{{inner}"id": {_KEY_ID[msg.id]},{inner}"params": {{}}{_NL[level]}}}'


def _param_json(value, level: int) -> str:
    kind = type(value)
    if kind is Message:
        return _message_json(value, level)
    if kind in _PLAIN_TEXT:
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
        return _Decided(criterion.id, criterion.kind, None, "note", note.english, criterion.text,
                               message=note)
    outcome = evaluate(condition, Context(case, criterion.id))
    holds = outcome.holds if outcome.applicable else criterion.kind == "inclusion"
    reason, hints = outcome.message, outcome.near_limit
    answer = case.answers.get(criterion.id)
    if not outcome.applicable and answer is not None:
        # The clinician's answer is kept in the case and shown, never silently dropped.
        reason = message("answer_not_used", reason=reason, answer=Word("yes" if answer else "no"),
                         not_used=Word(STATE_WORDS["not_used"]))
    return _Decided(
        criterion.id, criterion.kind, holds, decided, reason.english,
        criterion.text, outcome.applicable, tuple([h.english for h in hints]) if hints else (), criterion.comment,
        reason,
    )


def overall_verdict(results: tuple[CriterionResult, ...]) -> Verdict:
    """Not eligible when a criterion excludes; else incomplete when one blocks; else eligible."""
    return _VERDICTS[max(map(_effect, results), default=0)]


#: The verdict by the largest effect of the results (see :attr:`CriterionResult.effect`).
_VERDICTS: tuple[Verdict, ...] = ("eligible", "incomplete", "not_eligible")
_effect = attrgetter("effect")


def assess_eligibility(protocol: Protocol, case: Case) -> Eligibility:
    table = _arm_table(protocol, case.arm)
    given = list(map(case.answers.get, table.ids))  # each criterion's answer (None: not given)
    # A criterion decided by its answer alone: its result for that answer (in C, as most criteria are such);
    # every other criterion gets None here and is looked up, or decided, below.
    results = list(map(getitem, table.by_answer, given))
    labs = None  # each lab entry as a key (its type and field values), made once per case when a row needs it
    for index, row in table.keyed:
        criterion, condition, decided, fields, measures, decisions = row
        if fields is None:  # a condition the table cannot key: decided afresh
            results[index] = _decide(criterion, condition, decided, case)
            continue
        if measures is not None and labs is None:
            labs = _lab_keys(case.labs)
        key = (given[index], fields(case) if fields is not _NO_FIELDS else None,
               measures(labs) if measures is not None else None)
        result = decisions.get(key)
        if result is None:
            if len(decisions) >= _MAX_DECISIONS:
                row[5] = decisions = {}  # a full table starts again (bounded memory)
            result = decisions[key] = _decide(criterion, condition, decided, case)
        results[index] = result
    results = tuple(results)
    return Eligibility(protocol.id, case.arm, overall_verdict(results), results)


def _lab_keys(labs) -> dict:
    """Each lab of the case as the table keys it (:func:`labs.entry_key`)."""
    return {name: entry_key(lab) for name, lab in labs.__dict__.items()}


class _Decided(CriterionResult):
    """A criterion decided by :func:`assess_eligibility`: equal to, and used as, a :class:`CriterionResult`;
    it keeps its JSON once written, as cases with the same inputs share it, and its effect on the verdict."""

    effect = cached_property(CriterionResult.effect.fget)  # (kept: many cases share one result)
    json_item = cached_property(_encode_criterion)


# --- The per-arm decision table -------------------------------------------------------------------------
#
# A criterion's result is a pure function of the case fields its condition reads (conditions.py), and of the
# clinician's answer to it. The table keys each criterion's results by exactly those fields, so a second case
# with the same values gets the same (immutable) result without deciding, wording or encoding it again.
# Numbers that compare equal are one key (50 and 50.0): every reason shows a number by its value
# (units.format_number), never by how it was typed, as the cached conversions in labs.py already assume.

#: The case fields each kind of condition reads (see the handlers in conditions.py; keep them in step).
_AGE = ("patient.age_years", "patient.birth_date", "screening_date")
_NO_FIELDS = object()  # a condition that reads labs alone
_MAX_DECISIONS = 256  # per criterion: a long-running window, or a batch of new values, stays small


def _inputs(condition) -> tuple[str, ...] | None:
    """The attribute paths of the case that ``condition`` reads; None when this table does not know its kind."""
    kind = type(condition)
    if kind is Attested:
        return ()  # the answer, which is always part of the key
    if kind is AgeBetween:
        return _AGE
    if kind is Compare:
        if condition.measure == "ecog":
            return ("patient.ecog",)
        if condition.measure == "creatinine_clearance":
            return _AGE + ("patient.weight_kg", "patient.sex", "labs.creatinine")
        return (f"labs.{condition.measure}",)
    if kind is CompareUln:
        return (f"labs.{condition.measure}",)
    if kind is AnyOf or kind is AllOf:
        parts = [_inputs(c) for c in condition.conditions]
        return None if None in parts else tuple(p for part in parts for p in part)
    if kind is ByLiverMetastases:
        present, absent = _inputs(condition.present), _inputs(condition.absent)
        return None if None in (present, absent) else ("patient.liver_metastases",) + present + absent
    if kind is AppliesTo:
        then = _inputs(condition.then)
        return None if then is None else ("patient.sex", "patient.childbearing_potential") + then
    return None


class _Answers(NamedTuple):
    """What an attested criterion reads of a case: the clinician's answers (nothing else)."""

    answers: dict


class _ArmTable(NamedTuple):
    """An arm's decision table (see :func:`_arm_table`)."""

    ids: tuple[str, ...]  # every criterion of the arm, in order
    by_answer: tuple[dict, ...]  # per criterion decided by its answer alone, its result per answer; else _LOOK_UP
    keyed: tuple[tuple[int, list], ...]  # the others: (place, [criterion, condition, decided, fields, labs, results])


_LOOK_UP = {None: None, True: None, False: None}


def _arm_table(protocol: Protocol, arm_id: str) -> _ArmTable:
    """The arm's decision table: per criterion, its condition, how its inputs are read (the case's fields other
    than labs, and its labs), and its results so far (a note, and a criterion decided by attestation alone, are
    decided for each possible answer at once)."""
    tables = protocol._decision_tables  # worked out once per arm, beside the protocol's own tables
    key = ("eligibility", arm_id)
    table = tables.get(key)
    if table is None:
        ids, by_answer, keyed = [], [], []
        for criterion, condition, decided in protocol.decision_table(arm_id):
            ids.append(criterion.id)
            paths = () if condition is None else _inputs(condition)
            if paths == ():
                by_answer.append({answer: _decide(criterion, condition, decided, _Answers({criterion.id: answer}))
                                  for answer in (None, True, False)})
                continue
            by_answer.append(_LOOK_UP)
            fields = measures = None
            if paths is not None:
                paths = list(dict.fromkeys(paths))
                labs = [p.removeprefix("labs.") for p in paths if p.startswith("labs.")]
                others = [p for p in paths if not p.startswith("labs.")]
                fields = attrgetter(*others) if others else _NO_FIELDS
                measures = itemgetter(*labs) if labs else None
            keyed.append((len(ids) - 1, [criterion, condition, decided, fields, measures, {}]))
        table = tables[key] = _ArmTable(tuple(ids), tuple(by_answer), tuple(keyed))
    return table
