"""The shipped example cases give the verdicts and events recorded beside them."""

import json
from datetime import date
from pathlib import Path

import pytest

from ctit_gui.core.session import assess, read_case

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
EXPECTED = json.loads((EXAMPLES / "EXPECTED.json").read_text(encoding="utf-8"))


def test_every_example_has_an_expectation():
    assert sorted(p.name for p in EXAMPLES.glob("*.json") if p.name != "EXPECTED.json") == sorted(EXPECTED)
    assert len(EXPECTED) >= 4


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_verdict_and_events(name):
    expected = EXPECTED[name]
    case = read_case(EXAMPLES / name)
    result = assess(case, today=date.fromisoformat(expected["today"]))
    assert result.eligibility.verdict == expected["verdict"]
    assert [e.kind for e in result.plan.events] == expected["events"]
    assert result.plan.dosing_block == expected["dosing_block"]
    if expected["dosing_block"]:  # not eligible / incomplete: no day carries a dose
        assert all(d.state == "do_not_dose" and d.doses == () for d in result.plan.days)
