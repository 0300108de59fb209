"""The shortcuts of `check` (issue 17) give exactly what the long way gives.

* The per-arm decision table shares a criterion's result between cases whose inputs are equal: each shared
  result must equal the criterion decided afresh for the case at hand (a field its condition reads but the
  table does not key on would show here).
* ``Eligibility.to_json`` writes what ``json.dumps(to_dict(), indent=2, ensure_ascii=False)`` writes.
* Strict reading's quick pass is never looser than the full walk: the same problems, word for word.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal

import pytest

from ctit_gui.core import case_json
from ctit_gui.core.eligibility import assess_eligibility, decide_criterion
from ctit_gui.core.errors import InputError
from ctit_gui.core.session import default_protocols, parse_case_json
from tests.core import check_golden

TEXTS = [text for _, text in check_golden.generated_texts()]


def _cases():
    protocols = default_protocols()
    for text in TEXTS:
        try:
            yield parse_case_json(text, protocols, check_golden.TODAY), protocols
        except InputError:
            continue


def test_every_shared_result_equals_the_criterion_decided_afresh():
    compared = 0
    for case, protocols in _cases():
        protocol = protocols[case.trial].protocol
        eligibility = assess_eligibility(protocol, case)
        fresh = tuple(decide_criterion(criterion, case) for criterion in protocol.criteria_for(case.arm))
        assert eligibility.criteria == fresh, case.patient.id
        # Equal tuples could still differ in the kind of a parameter (a Word and its text compare equal):
        assert [json.dumps(r.to_dict(), ensure_ascii=False) for r in eligibility.criteria] == [
            json.dumps(r.to_dict(), ensure_ascii=False) for r in fresh]
        assert eligibility.to_json() == json.dumps(eligibility.to_dict(), indent=2, ensure_ascii=False)
        compared += 1
    assert compared > 1900


class _Spy:
    """A case (or part of one) that notes every field read through it: 'patient.ecog', 'labs.alt', ..."""

    def __init__(self, target, reads: set, prefix: str = ""):
        self._target, self._reads, self._prefix = target, reads, prefix

    def __getattr__(self, name):
        value = getattr(self._target, name)
        path = self._prefix + name
        if name in ("patient", "labs"):
            return _Spy(value, self._reads, path + ".")
        self._reads.add(path)
        return value


def test_the_table_keys_every_field_a_criterion_reads():
    """A handler reading a field the table does not key on would let two cases share a wrong result."""
    from ctit_gui.core.eligibility import _decide, _inputs

    keyed_kinds = 0
    for case, protocols in list(_cases())[:600]:
        protocol = protocols[case.trial].protocol
        for criterion, condition, decided in protocol.decision_table(case.arm):
            reads: set = set()
            result = _decide(criterion, condition, decided, _Spy(case, reads))
            assert result == decide_criterion(criterion, case)
            if condition is None:
                assert reads == set()
                continue
            keyed = _inputs(condition)
            assert keyed is not None, f"{criterion.id}: a condition the table cannot key"
            assert reads - {"answers"} <= set(keyed), (criterion.id, reads - set(keyed))
            keyed_kinds += 1
    assert keyed_kinds > 10_000


@pytest.mark.parametrize("written", ["50", "50.0", "50.000", "5E+1", "0.5E2"])
def test_a_number_written_another_way_gets_the_words_of_its_value(written):
    """The table keys numbers by value; the words of a count never depend on how it was typed."""
    protocols = default_protocols()
    first = ('{"schema": "ctit-case/1", "patient": {"id": "N1", "age_years": 40}, "trial": "NCT07334093", '
             '"arm": "hetrombopag", "labs": {"plt": {"value": 50.00, "unit": "10^9/L"}}}')
    case = parse_case_json(first, protocols)
    protocol = protocols[case.trial].protocol
    assess_eligibility(protocol, case)  # the table now holds the result for 50.00
    other = parse_case_json(first.replace("50.00", written), protocols)
    shared = next(r for r in assess_eligibility(protocol, other).criteria if r.id == "IN4")
    afresh = decide_criterion(next(c for c in protocol.criteria if c.id == "IN4"), other)
    assert shared == afresh and shared.holds is False
    assert shared.reason == "PLT 50 ×10⁹/L ≥ 50 ×10⁹/L (CTCAE grade 2); PLT within 10 % of the 50 ×10⁹/L limit: " \
                           "consider re-testing"


def _walked(text: str) -> list[str]:
    """The problems of the full walk alone (what load_case_json reported before the quick pass)."""
    data = case_json._DECODER.decode(text)
    problems: list = []
    case_json._walk(data, case_json._SHAPE, (), 0, problems)
    return [str(p) for p in problems[:case_json.MAX_PROBLEMS]]


_WRONG = ['"52"', "52", "52.5", "true", "null", "[]", "{}", '"' + "x" * 10_001 + '"', "-0", "1e400",
          "123456789012345678901234567890123", '{"a": 1, "a": 2}', "[1, [2, [3, [4, [5, [6, [7, [8]]]]]]]]"]


def test_the_quick_pass_never_passes_what_the_walk_refuses():
    rng = random.Random(17)
    checked = refused = 0
    for text in TEXTS[:400] + [t for _, t in check_golden.generated_texts()[-len(check_golden.HAND_WRITTEN):]]:
        try:
            json.loads(text)
        except ValueError:
            continue  # not JSON at all: refused before either pass
        variants = [text]
        spans = _tokens(text)
        for _ in range(3 if spans else 0):  # one value swapped for a wrong one, anywhere in the file
            start, end = rng.choice(spans)
            variants.append(text[:start] + rng.choice(_WRONG) + text[end:])
        for variant in variants:
            try:
                data, problems = case_json.load_case_json(variant)
            except RecursionError:  # pragma: no cover - both passes share the decoder
                continue
            if data is None:
                continue
            assert problems == _walked(variant), variant
            checked += 1
            refused += bool(problems)
    assert checked > 1000 and refused > 300


def _tokens(text: str) -> list[tuple[int, int]]:
    """Spans of the values in a case text (numbers, strings after a colon, true/false/null)."""
    import re

    return [m.span(1) for m in re.finditer(r':\s*("[^"]*"|-?\d[\d.eE+-]*|true|false|null)', text)]


def test_a_second_byte_order_mark_is_refused_as_before():
    text = "\ufeff\ufeff" + TEXTS[0]
    assert case_json.load_case_json(text)[1] == [
        "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig) at line 1, column 1"]
    assert case_json.load_case_json(text.encode("utf-8"))[1][0].startswith("not valid JSON: Unexpected UTF-8 BOM")
    data, problems = case_json.load_case_json(TEXTS[0])
    assert problems == [] and type(data["labs"]["plt"]["value"]) in (int, Decimal)


_BASE = ('{"schema": "ctit-case/1", "patient": {"id": "Q1", "age_years": 40}, "trial": "NCT07334093", '
         '"arm": "hetrombopag", "labs": {"plt": {"value": 30, "unit": "10^9/L"}}, "notes": "ward: 7"%s}')


@pytest.mark.parametrize("extra, problem", [
    ('', None),
    (', "notes": "b"', "notes: is given twice; give each field once"),  # the kept "b" has no ":", the lost one had
    (', "notes": "b\\u003a"', "notes: is given twice; give each field once"),  # a ":" written as an escape
    # the lost pair's ":" made up for by one written as an escape in a text kept:
    (', "day1": "2026-11-02", "day1": "x\\u003a"', "day1: is given twice; give each field once"),
    (', "notes": "b:"', "notes: is given twice; give each field once"),
    (', "answers": {"IN1": true, "IN1": false}', "answers.IN1: is given twice; give each field once"),
    (', "platelet_checks": [{"day": 7, "value": 123456789012345678901234567890, "unit": "10^9/L"}]', None),
    (', "platelet_checks": [{"day": 7, "value": 1234567890123456789012345678901, "unit": "10^9/L"}]',
     "platelet_checks[0].value: a number of 31 digits is not plausible (at most 30)"),
    (', "platelet_checks": [{"day": 7, "value": -1234567890123456789012345678901, "unit": "10^9/L"}]',
     "platelet_checks[0].value: a number of 32 digits is not plausible (at most 30)"),
    (', "platelet_checks": [{"day": 7, "value": ' + "9" * 5000 + ', "unit": "10^9/L"}]',
     "platelet_checks[0].value: a number of 5000 digits is not plausible (at most 30)"),
    (', "platelet_checks": [{"day": 7, "value": 1.000000000000000000000000000001, "unit": "10^9/L"}]',
     "platelet_checks[0].value: a number of 32 characters is not plausible (at most 30)"),
])
def test_the_scanner_path_refuses_a_key_given_twice_and_long_numbers_as_the_walk_does(extra, problem):
    """A usual file is read by json's own scanner without hooks (issue 17): what the hooks found (a key given
    twice, even beside a ":" in a text or one written as an escape; a whole number too long) must still be
    found, in the walk's words."""
    text = _BASE % extra
    data, problems = case_json.load_case_json(text)
    assert problems == _walked(text)
    assert problems == ([] if problem is None else [problem])


@pytest.mark.parametrize("metastases", [True, False, None])
@pytest.mark.parametrize("alt", ["119.9", "120", "120.1", "200", "200.1", "45"])
def test_a_lab_against_a_limit_two_criteria_hold_reads_alike_whichever_is_decided_first(alt, metastases):
    """IN6.2 holds ALT to ≤ 3 × ULN and EX12 excludes ALT > 3 × ULN (5 × with liver metastases): one set of words
    serves both (issue 17); deciding one first must not change the other's verdict or words, on either side
    of the limit and on it."""
    from ctit_gui.core import conditions
    from tests.core.factories import FUJIAN, lab, make_case

    def clear():
        for cache in (conditions._LAB_OUTCOMES, conditions._OUTCOMES_OF, conditions._ULN_FACTS):
            cache.clear()

    changes = {"labs.alt": lab(alt, "40", "U/L"), "patient.liver_metastases": metastases}
    case = make_case(FUJIAN, changes=changes)
    criteria = {c.id: c for c in default_protocols()[FUJIAN].protocol.criteria}
    decided = {}
    for order in (("IN6.2", "EX12"), ("EX12", "IN6.2")):
        clear()
        decided[order[0]] = [decide_criterion(criteria[i], case).to_dict() for i in order]
    clear()
    assert decided["IN6.2"] == decided["EX12"][::-1]
    in62, ex12 = decided["IN6.2"]
    value = Decimal(alt)
    if metastases is False:  # the absent limits alone: ALT > 120 fails IN6.2 and excludes by EX12's ALT part
        assert in62["holds"] is (value <= 120)
        assert ("ALT " + alt + " units/L = ") in in62["reason"] and ("ALT " + alt + " units/L = ") in ex12["reason"]
        assert (" ≤ 3 × ULN (120 units/L)" if value <= 120 else " > 3 × ULN (120 units/L)") in ex12["reason"]


@pytest.mark.parametrize("levels", [(3, 5), (5, 3), (0, 4), (4, 0), (3, 3)])
def test_a_message_shown_at_two_levels_is_written_as_json_writes_it_at_each(levels):
    """A shared message (ALT's comparison inside IN6.2 and, a level deeper, inside EX12) is encoded once and its
    text moved to the other level (issue 17): at either level, whichever comes first, what json.dumps writes —
    texts with a line break, a list of messages, a whole number and a dose among its parameters."""
    from ctit_gui.core import eligibility
    from ctit_gui.core.messages import DoseSpec, Word, message

    measured = message("lab_value", name=Word("ALT"), value="121.5 units/L")
    text = message("compare_uln", measured=measured, ratio="3.04", uln="40 units/L\nsecond line",
                   comparison=message("symbol", symbol=">"), limit="3 × ULN", limit_value="120 units/L")
    shown = message("with_hint", text=text, hint=message("all", parts=(measured, text)))
    dosed = message("dose_adjustment", day=7, plt="20", mark=Word("STOP"),
                    action=DoseSpec("hetrombopag", Decimal("2.5"), "mg", "oral"))
    eligibility._SHARED_JSON.clear()
    for msg in (shown, dosed):
        for level in levels:
            written = json.dumps(msg.to_dict(), indent=2, ensure_ascii=False).replace("\n", "\n" + "  " * level)
            assert eligibility._message_json(msg, level) == written, level
