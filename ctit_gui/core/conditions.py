"""Three-valued evaluation of a criterion's condition tree against a case.

Each condition yields ``holds`` (True, False, or None for unknown) and a reason that
quotes the numbers used, converted, and the limit. Unknown never becomes a pass:
``any_of`` is false only when every part is false, ``all_of`` true only when every
part is true.
"""

from __future__ import annotations

import operator
from decimal import Decimal
from fractions import Fraction
from itertools import chain
from typing import NamedTuple

from .case import Case, age_on
from .labs import LAB_NAMES, creatinine_clearance, ctcae_platelet_grade, entry_key, new_measurement
from .messages import Message, Word, message
from .protocol import (
    AgeBetween,
    AllOf,
    AnyOf,
    AppliesTo,
    Attested,
    ByLiverMetastases,
    Compare,
    CompareUln,
    Condition,
)
from .units import exact, exact_product, format_against, format_number, unit_label

OPERATORS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge}
SYMBOLS = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
#: A computed value within a tenth of the limit it decides on gets a re-test hint.
NEAR_LIMIT_DIVISOR = 10
NEAR_LIMIT_SHARE = "10 %"  # a parameter, not template text: a bare "%" in a template reads as a format


class Outcome(NamedTuple):
    holds: bool | None
    message: Message
    applicable: bool = True
    near_limit: tuple[Message, ...] = ()

    @property
    def reason(self) -> str:
        """The reason in English (the JSON's stable ``reason``); render ``message`` for other languages."""
        return self.message.english


class Context(NamedTuple):
    """What a condition may look at: the case, and the criterion it decides."""

    case: Case
    criterion_id: str


def evaluate(condition: Condition, context: Context) -> Outcome:
    handler = _HANDLERS[type(condition)]
    return handler(condition, context)


_ATTESTED = {
    None: Outcome(None, message("attested_unknown")),
    True: Outcome(True, message("attested_yes")),
    False: Outcome(False, message("attested_no")),
}


def _attested(_: Attested, context: Context) -> Outcome:
    return _ATTESTED[context.case.answers.get(context.criterion_id)]


def _age_between(condition: AgeBetween, context: Context) -> Outcome:
    age = age_on(context.case)
    if age is None:
        if context.case.patient.birth_date is not None:
            return Outcome(None, message("age_unknown_no_screening"))
        return Outcome(None, message("age_not_entered"))
    inside = condition.min <= age <= condition.max
    return Outcome(inside, message("age_within" if inside else "age_outside", age=age, min=condition.min,
                                   max=condition.max))


def _near_limit(value: Decimal | Fraction, limit: Decimal | Fraction) -> bool:
    """|value − limit| ≤ limit / 10, compared exactly."""
    return limit > 0 and abs(value - limit) * NEAR_LIMIT_DIVISOR <= limit


#: The comparison that holds when ``op`` does not: "nadir 80 ≥ 75", never "not < 75" (no double negatives).
OPPOSITE = {"<": "≥", "<=": ">", ">": "≤", ">=": "<"}


def _comparison_text(holds: bool, op: str) -> Message:
    return _COMPARISON_TEXTS[holds, op]


#: The eight comparison words, made once: messages are immutable, so every reason shares them (and their
#: English and JSON, written once).
_COMPARISON_TEXTS = {(holds, op): message("symbol", symbol=SYMBOLS[op] if holds else OPPOSITE[op])
                     for holds in (True, False) for op in SYMBOLS}


def _compare(condition: Compare, context: Context) -> Outcome:
    limit = condition.limit

    def symbol_holds(holds: bool) -> Message:
        return _comparison_text(holds, condition.op)

    if condition.measure == "ecog":
        ecog = context.case.patient.ecog
        if ecog is None:
            return Outcome(None, message("ecog_not_entered"))
        holds = OPERATORS[condition.op](ecog, limit)
        return Outcome(holds, message("ecog_compare", ecog=ecog, comparison=symbol_holds(holds),
                                      limit=format_number(limit)))
    if condition.measure == "creatinine_clearance":
        clearance = creatinine_clearance(context.case)
        if clearance.value is None:
            return Outcome(None, message("clearance_unknown", why=clearance.message))
        limit = exact(limit)
        holds = OPERATORS[condition.op](clearance.value, limit)
        text = message("clearance_compare", value=format_against(clearance.value, limit, 1),
                       comparison=symbol_holds(holds), limit=format_number(limit), explanation=clearance.message)
        return _with_near_limit(holds, text, clearance.value, limit, Word("creatinine clearance"),
                                f"{format_number(limit)} mL/min")
    return _lab_outcome(condition, getattr(context.case.labs, condition.measure), _compare_platelets)


# --- A lab against its limit: a pure function of the condition and the lab's entered fields, so kept ---------
#
# Per condition (found by identity; the condition is kept beside its results, so its id is not reused while
# they exist; equal conditions of different criteria share one set of results, and so their words), keyed by
# the lab entry's type and field values: two entries with equal fields are one key, exactly as the frozen
# models compare (50 and 50.0 are one value; reasons show a number by its value, units.format_number).

_LAB_OUTCOMES: dict[int, tuple[object, dict]] = {}
_OUTCOMES_OF: dict = {}  # condition (by value) -> its results
_MAX_LAB_OUTCOMES = 1024  # per condition: a long-running window, or a batch of new values, stays small


def _lab_outcome(condition, entered, decide) -> Outcome:
    known = _LAB_OUTCOMES.get(id(condition))
    if known is None or known[0] is not condition:
        if len(_LAB_OUTCOMES) >= 256:  # protocols loaded again and again (tests): start again
            _LAB_OUTCOMES.clear()
            _OUTCOMES_OF.clear()
        known = _LAB_OUTCOMES[id(condition)] = (condition, _OUTCOMES_OF.setdefault(condition, {}))
    outcomes = known[1]
    key = entry_key(entered)
    outcome = outcomes.get(key)
    if outcome is None:
        if len(outcomes) >= _MAX_LAB_OUTCOMES:
            outcomes.clear()
        outcome = outcomes[key] = decide(condition, entered, key)
    return outcome


def _compare_platelets(condition: Compare, entered, _key=None) -> Outcome:
    """A platelet count against its limit."""
    limit = condition.limit
    lab = new_measurement(entered, condition.measure)
    name = Word("nadir PLT" if condition.measure == "nadir_plt" else "PLT")
    if lab is None:
        return Outcome(None, message("not_entered", name=name))
    holds = OPERATORS[condition.op](lab.value, limit)
    limit_text = f"{format_number(limit)} {unit_label(lab.unit)}"
    comparison = _comparison_text(holds, condition.op)
    text = message("compare_count", measured=lab.describe_message(limit), comparison=comparison, limit=limit_text,
                   grade=ctcae_platelet_grade(lab.value))
    if condition.measure == "nadir_plt":  # last cycle's nadir: a past value, nothing to re-test
        return Outcome(holds, text)
    return _with_near_limit(holds, text, lab.value, limit, name, limit_text)


def _with_near_limit(
    holds: bool, text: Message, value: Decimal | Fraction, limit: Decimal | Fraction, name: Word, limit_text: str
) -> Outcome:
    if not _near_limit(value, limit):
        return Outcome(holds, text)
    hint = message("near_limit", name=name, share=NEAR_LIMIT_SHARE, limit=limit_text)
    return Outcome(holds, message("with_hint", text=text, hint=hint), near_limit=(hint,))


def _compare_uln(condition: CompareUln, context: Context) -> Outcome:
    return _lab_outcome(condition, getattr(context.case.labs, condition.measure), _compare_uln_lab)


def _compare_uln_lab(condition: CompareUln, entered, key=None) -> Outcome:
    """A lab value against a multiple of its ULN."""
    if entered is None or entered.uln is None:
        lab = new_measurement(entered, condition.measure)
        if lab is None:
            return Outcome(None, message("not_entered", name=Word(LAB_NAMES[condition.measure])))
        return Outcome(None, message("uln_needed", name=Word(lab.name),
                                     limit=f"{format_number(condition.multiple)} × ULN"))
    if key is None:
        key = entry_key(entered)
    facts_key = (condition.measure, condition.multiple, key)
    facts = _ULN_FACTS.get(facts_key)
    if facts is None:
        if len(_ULN_FACTS) >= _MAX_ULN_FACTS:
            _ULN_FACTS.clear()
        facts = _ULN_FACTS[facts_key] = _uln_facts(new_measurement(entered, condition.measure), condition.multiple)
    value, limit, worded, _, _ = facts
    holds = OPERATORS[condition.op](value, limit)
    comparison = _comparison_text(holds, condition.op)
    said = worded.get(comparison.params)  # by the comparison's words: "≤ 3 × ULN" reads alike from "<=" and ">"
    if said is None:
        said = worded[comparison.params] = _uln_words(facts, comparison)
    return Outcome(holds, said[0], near_limit=said[1])


#: What a lab entry and a multiple of its ULN give, whichever way a condition compares them (two criteria
#: often hold the same limit, one "≤" and one ">": the words are then the same, and made once):
#: (measure, multiple, entry's key) -> (value, limit, {comparison's params: (message, near-limit hints)}, …)
_ULN_FACTS: dict = {}
_MAX_ULN_FACTS = 4096


def _uln_facts(lab, multiple) -> tuple:
    limit = exact_product(multiple, lab.uln)
    return (lab.value, limit, {}, lab, multiple)


def _uln_words(facts: tuple, comparison: Message) -> tuple[Message, tuple[Message, ...]]:
    value, limit, _, lab, multiple = facts
    limit_text = f"{format_number(multiple)} × ULN"
    ratio = lab.uln_ratio
    uln_text = f"{format_number(lab.uln, 2)} {unit_label(lab.unit)}" if lab.unit else format_number(lab.uln, 2)
    unit = f" {unit_label(lab.unit)}" if lab.unit else ""
    ratio_text = format_against(ratio, multiple)
    text = message("compare_uln", measured=lab.describe_message(limit), ratio=ratio_text,
                   uln=uln_text, comparison=comparison, limit=limit_text,
                   limit_value=f"{format_number(limit, 6)}{unit}")
    if _near_limit(value, limit):
        hint = message("uln_near_limit", name=Word(lab.name), ratio=ratio_text, share=NEAR_LIMIT_SHARE,
                       limit=limit_text)
        return message("with_hint", text=text, hint=hint), (hint,)
    return text, ()


def _combine(parts: list[Outcome], want_all: bool) -> Outcome:
    values, messages, _, hints = zip(*parts)  # each field of every part at once (a condition has at least one)
    if want_all:
        holds = False if False in values else (True if values.count(True) == len(values) else None)
    else:
        holds = True if True in values else (False if values.count(False) == len(values) else None)
    hints = tuple(chain.from_iterable(hints)) if any(hints) else ()
    return Outcome(holds, message("all", parts=messages), near_limit=hints)


def _any_of(condition: AnyOf, context: Context) -> Outcome:
    return _combine([evaluate(c, context) for c in condition.conditions], want_all=False)


def _all_of(condition: AllOf, context: Context) -> Outcome:
    return _combine([evaluate(c, context) for c in condition.conditions], want_all=True)


def _by_liver_metastases(condition: ByLiverMetastases, context: Context) -> Outcome:
    metastases = context.case.patient.liver_metastases
    if metastases is True:
        inner = evaluate(condition.present, context)
        return Outcome(inner.holds, message("liver_present", reason=inner.message), near_limit=inner.near_limit)
    if metastases is False:
        inner = evaluate(condition.absent, context)
        return Outcome(inner.holds, message("liver_absent", reason=inner.message), near_limit=inner.near_limit)
    present, absent = evaluate(condition.present, context), evaluate(condition.absent, context)
    holds = present.holds if present.holds == absent.holds else None
    differ = None not in (present.holds, absent.holds) and present.holds != absent.holds
    return Outcome(
        holds,
        message("liver_unknown_differ" if differ else "liver_unknown", present=present.message,
                absent=absent.message),
        near_limit=present.near_limit + absent.near_limit,
    )


def _applies_to(condition: AppliesTo, context: Context) -> Outcome:
    patient = context.case.patient
    every_woman = condition.population == "women"
    if patient.sex == "female" and patient.childbearing_potential is False and not every_woman:
        return Outcome(None, message("not_applicable_no_childbearing"), applicable=False)
    if patient.sex == "male" and condition.population in ("women", "women_of_childbearing_potential"):
        return Outcome(None, message("not_applicable_male"), applicable=False)
    inner = evaluate(condition.then, context)
    if patient.sex is None:
        note = Word("sex not recorded")
    elif patient.sex == "female" and patient.childbearing_potential is None and not every_woman:
        note = Word("childbearing potential not recorded")
    else:
        return inner
    return Outcome(inner.holds, message("with_note", reason=inner.message, note=note), near_limit=inner.near_limit)


_HANDLERS = {
    Attested: _attested,
    AgeBetween: _age_between,
    Compare: _compare,
    CompareUln: _compare_uln,
    AnyOf: _any_of,
    AllOf: _all_of,
    ByLiverMetastases: _by_liver_metastases,
    AppliesTo: _applies_to,
}
