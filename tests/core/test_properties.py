"""Properties over generated cases: no crash, never 'eligible' while unknown, no dose after a stop."""

from datetime import date, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from ctit_gui.core.case import ULN_PLAUSIBLE, Case
from ctit_gui.core.session import assess, default_protocols

PROTOCOLS = default_protocols()
ARMS = [(t, a.id) for t, loaded in PROTOCOLS.items() for a in loaded.protocol.arms]


def maybe(strategy):
    return st.one_of(st.none(), strategy)


def decimals(low, high, places=2):
    return st.decimals(min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False)


@st.composite
def platelet(draw):
    unit = draw(st.sampled_from(["10^9/L", "/uL"]))
    if unit == "10^9/L":
        return {"value": draw(decimals(0, Decimal("999.9"), 1)), "unit": unit}
    return {"value": draw(st.one_of(st.just(Decimal(0)), decimals(1000, 999_999, 0))), "unit": unit}


@st.composite
def uln_lab(draw, lab, unit_choices, high):
    """A lab value with, maybe, a ULN inside its unit's plausible range (case.ULN_PLAUSIBLE)."""
    unit = draw(st.sampled_from(unit_choices))
    data = {"value": draw(decimals(0, high)), "unit": unit}
    if draw(st.booleans()):
        low, top = ULN_PLAUSIBLE[(lab, unit)]
        data["uln"] = draw(decimals(low, top))
    return data


@st.composite
def cases(draw):
    trial, arm = draw(st.sampled_from(ARMS))
    protocol = PROTOCOLS[trial].protocol
    screening = draw(st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)))
    day1 = screening + timedelta(days=draw(st.integers(0, 10)))
    labs = {
        "plt": draw(maybe(platelet())),
        "nadir_plt": draw(maybe(platelet())),
        "alt": draw(maybe(uln_lab("alt", ["U/L"], Decimal(2000)))),
        "ast": draw(maybe(uln_lab("ast", ["U/L"], Decimal(2000)))),
        "tbil": draw(maybe(uln_lab("tbil", ["umol/L", "mg/dL"], Decimal(100)))),
        "creatinine": draw(maybe(uln_lab("creatinine", ["umol/L", "mg/dL"], Decimal(30)))),
        "inr": draw(maybe(st.fixed_dictionaries({"value": decimals(Decimal("0.5"), 10)},
                                                optional={"uln": decimals(Decimal("0.8"), 2)}))),
    }
    ids = [c.id for c in protocol.criteria_for(arm)]
    answers = draw(st.dictionaries(st.sampled_from(ids), maybe(st.booleans())))
    days = draw(st.lists(st.integers(1, 14), unique=True, max_size=6))
    checks = []
    for day in days:
        check = draw(platelet())
        checks.append({"day": day, **check, "bleeding_risk": draw(maybe(st.booleans()))})
    data = {
        "schema": "ctit-case/1",
        "patient": {
            "id": "P",
            "sex": draw(maybe(st.sampled_from(["female", "male"]))),
            "age_years": draw(maybe(st.integers(0, 130))),
            "weight_kg": draw(maybe(decimals(Decimal("0.5"), 400, 1))),
            "childbearing_potential": draw(maybe(st.booleans())),
            "ecog": draw(maybe(st.integers(0, 5))),
            "liver_metastases": draw(maybe(st.booleans())),
        },
        "trial": trial,
        "arm": arm,
        "screening_date": screening.isoformat(),
        "day1": day1.isoformat(),
        "labs": {k: v for k, v in labs.items() if v is not None},
        "answers": answers,
        "platelet_checks": checks,
    }
    return Case.model_validate(data)


@settings(max_examples=300, deadline=None)
@given(case=cases(), today=st.dates(min_value=date(2020, 1, 1), max_value=date(2031, 12, 31)))
def test_any_valid_case_gets_a_verdict_and_a_14_day_plan(case, today):
    result = assess(case, PROTOCOLS, today)
    assert result.eligibility.verdict in {"eligible", "not_eligible", "incomplete"}
    assert len(result.plan.days) == 14
    assert all(r.reason for r in result.eligibility.criteria)


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_never_eligible_while_any_criterion_is_unknown(case):
    eligibility = assess(case, PROTOCOLS).eligibility
    unknown = [r for r in eligibility.criteria if r.kind != "note" and r.holds is None]
    if unknown:
        assert eligibility.verdict != "eligible"
    if eligibility.verdict == "eligible":
        assert all(r.holds is (r.kind == "inclusion") for r in eligibility.criteria if r.kind != "note")


@settings(max_examples=300, deadline=None)
@given(case=cases())
def test_after_a_stop_no_later_day_has_a_dose(case):
    plan = assess(case, PROTOCOLS).plan
    if plan.stop_day is not None:
        assert all(d.doses == () and d.state in ("stopped", "do_not_dose") for d in plan.days if d.day > plan.stop_day)
    else:
        assert all(d.state != "stopped" for d in plan.days)


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_case_survives_a_json_round_trip(case):
    again = Case.model_validate_json(case.to_json())
    assert again == case
