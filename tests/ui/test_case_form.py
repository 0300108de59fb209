"""The form state as typed ↔ the core's case: nothing rounded, refused values read as unknown."""

from __future__ import annotations

from datetime import date

import pytest

from ctit_gui.core.session import read_case
from ctit_gui.ui.case_screen.case_form import (
    PLACEHOLDER_ID,
    FormState,
    evaluate_form,
    form_to_data,
    lab_units,
    saveable_case,
    state_from_case,
)

from .conftest import EXAMPLES_DIR


def _form(**fields) -> FormState:
    state = FormState(trial="NCT07334093", arm="hetrombopag", patient_id="P-1")
    for key, value in fields.items():
        setattr(state, key, value)
    return state


def test_blank_fields_are_left_out_not_sent_as_zero():
    data = form_to_data(_form(weight_kg="  ", age_years=""))
    assert "weight_kg" not in data["patient"] and "age_years" not in data["patient"]


def test_typed_digits_reach_the_core_unrounded(protocols):
    state = _form(weight_kg="58.123456")
    state.lab("plt").value = "32.05"
    case = evaluate_form(state, protocols).case
    assert str(case.patient.weight_kg) == "58.123456" and str(case.labs.plt.value) == "32.05"


@pytest.mark.parametrize(("field", "text", "key", "fragment"), [
    ("weight_kg", "450", ("patient", "weight_kg"), "400 or less"),
    ("weight_kg", "-1", ("patient", "weight_kg"), "more than 0"),
    ("weight_kg", "nan", ("patient", "weight_kg"), "finite"),
    ("age_years", "52.5", ("patient", "age_years"), "whole number"),
    ("age_years", "131", ("patient", "age_years"), "130 or less"),
])
def test_a_refused_patient_value_is_reported_on_its_field_and_left_out(protocols, field, text, key, fragment):
    result = evaluate_form(_form(**{field: text}), protocols)
    assert any(fragment in m for m in result.problems[key]), result.problems
    assert getattr(result.case.patient, field) is None
    assert not result.saveable


def test_a_refused_uln_leaves_the_value_and_drops_only_the_uln(protocols):
    state = _form()
    state.lab("alt").value, state.lab("alt").uln = "45", "0"
    result = evaluate_form(state, protocols)
    assert ("labs", "alt", "uln") in result.problems
    assert result.case.labs.alt.value == 45 and result.case.labs.alt.uln is None


def test_case_wide_problems_land_on_the_field_they_name(protocols):
    state = _form(screening_date=date(2026, 2, 2), day1=date(2026, 2, 1))
    result = evaluate_form(state, protocols)
    assert list(result.problems) == [("day1",)]
    assert result.case.day1 is None and result.case.screening_date == date(2026, 2, 2)


def test_a_refused_day_count_is_reported_on_its_day(protocols):
    state = _form()
    state.day(7).value, state.day(7).unit = "5", "/uL"
    state.day(10).value = "40"
    result = evaluate_form(state, protocols)
    assert list(result.problems) == [("day", 7)]
    assert [c.day for c in result.case.platelet_checks] == [10]


def test_a_half_filled_form_is_assessable_but_not_saveable(protocols):
    result = evaluate_form(FormState(trial="NCT07334093", arm="hetrombopag"), protocols)
    assert result.case is not None and result.case.patient.id == PLACEHOLDER_ID
    assert result.problems == {} and not result.saveable


def test_without_trial_and_arm_labs_are_still_converted(protocols):
    state = FormState()
    state.lab("plt").value, state.lab("plt").unit = "32000", "/uL"
    result = evaluate_form(state, protocols)
    assert result.case is not None and result.problems == {} and not result.saveable


def test_new_day_counts_default_to_the_baseline_unit():
    state = _form()
    state.lab("plt").unit = "/uL"
    state.day(7).value = "85000"
    assert form_to_data(state)["platelet_checks"] == [{"day": 7, "value": "85000", "unit": "/uL"}]


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES_DIR.glob("*.json") if p.name != "EXPECTED.json"))
def test_every_example_round_trips_through_the_form(protocols, name):
    case = read_case(EXAMPLES_DIR / name, protocols)
    assert saveable_case(state_from_case(case), protocols, date(2026, 12, 1)) == case
    assert evaluate_form(state_from_case(case), protocols).saveable


def test_units_come_from_the_case_model():
    assert lab_units("plt") == ("10^9/L", "/uL")
    assert lab_units("tbil") == ("umol/L", "mg/dL")
    assert lab_units("inr") == ()
