"""NCT07243418 (hetrombopag to prevent ADC-induced thrombocytopenia in breast cancer): eligibility vs registry.

Every expectation below is derived from the registry record (Eligibility Criteria),
quoted next to the tests that check it. Each test starts from a fully eligible
baseline (tests/core/factories.py) and changes one thing. Cockcroft-Gault values
are worked by hand in comments: (140 − age) × weight / (72 × Scr mg/dL), × 0.85 for
women, Scr µmol/L ÷ 88.4.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from ctit_gui.core.session import assess as session_assess
from ctit_gui.core.session import parse_case_json

from .factories import ARMS, FUJIAN, REMOVE, assess, case_dict, criterion, lab, times

ARMS_B = ARMS[FUJIAN]


def result(criterion_id, changes=None, arm=None, **answers):
    return criterion(assess(FUJIAN, arm, changes, **answers), criterion_id)


def quotes(reason: str, number: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", reason) is not None


# --------------------------------------------------------------------------- structure

REGISTRY_IDS = ([f"IN{n}" for n in range(1, 6)] + ["IN6.1", "IN6.2", "IN6.3"]
                + [f"IN{n}" for n in range(7, 12)] + [f"EX{n}" for n in range(1, 19)])

#: Computed criteria with their registry sentence (copied from the registry; markdown escapes removed).
REGISTRY_TEXT = {
    "IN1": "Age: 18 -75 years old, gender not limited.",
    "IN3": "Cohort 1: Planned to receive ADC drug treatment; Cohort 2: Patients who received ADC drug treatment "
           "in the previous chemotherapy cycle and had a minimum PLT value of less than 75*109/L are expected to "
           "maintain the same chemotherapy regimen for ≥2 cycles.",
    "IN5": "Physical condition ECOG PS score: 0-2 points;",
    "IN6.1": "Renal function: Cr≤UNL (upper limit of normal) ×1.5, endogenous creatinine clearance rate (Ccr) "
             "≥55 ml/min;",
    "IN6.2": "Liver function: Total bilirubin ≤ULN×1.5; ALT and AST≤ULN×3; If it is intrahepatic "
             "cholangiocarcinoma or liver metastasis, the total bilirubin shall not exceed three times the upper "
             "limit of normal, and the transaminase shall not exceed five times the upper limit of normal.",
    "IN6.3": "Coagulation function: The international normalized ratio of prothrombin time is ≤ULN×1.5, and some "
             "prothrombin times are within the normal range.",
    "EX1": "Screening or baseline platelet value ≤10×109/L;",
    "EX12": "Significantly abnormal liver function: For patients without liver metastasis, ALT/AST > 3ULN (upper "
            "limit of normal value), and TBIL > 3ULN; Patients with liver metastasis have ALT/AST≥5ULN and "
            "TBIL≥5ULN.",
    "EX13": "Abnormal renal function: Serum creatinine ≥1.5ULN or eGFR≤60 ml/min (Cockcroft-Gault formula)",
}


@pytest.mark.parametrize("arm", ARMS_B)
def test_baseline_patient_is_eligible_in_both_cohorts(arm):
    eligibility = assess(FUJIAN, arm)
    assert eligibility.verdict == "eligible", [(c.id, c.holds, c.reason) for c in eligibility.blocking]


@pytest.mark.parametrize("arm", ARMS_B)
def test_every_registry_criterion_is_decided_with_the_registry_numbering(arm):
    assert [c.id for c in assess(FUJIAN, arm).criteria] == REGISTRY_IDS


@pytest.mark.parametrize("criterion_id", sorted(REGISTRY_TEXT))
def test_computed_criteria_carry_the_verbatim_registry_sentence(criterion_id):
    assert result(criterion_id).text == REGISTRY_TEXT[criterion_id]


@pytest.mark.parametrize("criterion_id", ["IN1", "IN5", "IN6.1", "IN6.2", "EX1", "EX12", "EX13"])
def test_age_ecog_platelet_renal_and_liver_limits_are_computed(criterion_id):
    assert result(criterion_id).decided_by == "computed"


@pytest.mark.parametrize("criterion_id", ["IN6.3"])
def test_inr_limit_is_computed_and_the_prothrombin_clause_attested(criterion_id):
    assert result(criterion_id).decided_by == "computed+attested"


def test_cohort_2_nadir_is_computed_and_the_rest_of_in3_attested():
    assert result("IN3", arm="secondary").decided_by == "computed+attested"


# --------------------------------------------------------------------------- IN1 age, IN5 ECOG
# "Age: 18 -75 years old, gender not limited."  "Physical condition ECOG PS score: 0-2 points;"


@pytest.mark.parametrize("arm", ARMS_B)
@pytest.mark.parametrize(("age", "holds"), [(17, False), (18, True), (75, True), (76, False)])
def test_age_18_to_75_inclusive(arm, age, holds):
    # Heavy enough that creatinine clearance stays > 60 at 76: (140-76) x 100 / (72 x 60/88.4) x 0.85 = 111
    eligibility = assess(FUJIAN, arm, {"patient.age_years": age, "patient.weight_kg": 100})
    assert criterion(eligibility, "IN1").holds is holds
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


@pytest.mark.parametrize(
    ("birth_date", "holds"),
    [("2008-02-02", True), ("2008-02-03", False), ("1950-02-03", True), ("1950-02-02", False)],
)
def test_age_from_birth_date_on_the_screening_date(birth_date, holds):
    # screening 2026-02-02: a birthday on the day after screening leaves the patient one year younger
    res = result("IN1", {"patient.age_years": REMOVE, "patient.birth_date": birth_date})
    assert res.holds is holds


@pytest.mark.parametrize(("ecog", "holds"), [(0, True), (1, True), (2, True), (3, False), (4, False)])
def test_ecog_0_to_2(ecog, holds):
    eligibility = assess(FUJIAN, None, {"patient.ecog": ecog})
    assert criterion(eligibility, "IN5").holds is holds
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


# --------------------------------------------------------------------------- EX1 PLT <= 10
# "Screening or baseline platelet value ≤10×109/L;"

EX1_CASES = [
    (9.9, "10^9/L", True),
    (10, "10^9/L", True),
    (10.1, "10^9/L", False),
    (9900, "/uL", True),
    (10000, "/uL", True),
    (10100, "/uL", False),
]


@pytest.mark.parametrize("arm", ARMS_B)
@pytest.mark.parametrize(("value", "unit", "excluded"), EX1_CASES, ids=[f"{v}{u}" for v, u, _ in EX1_CASES])
def test_plt_10_or_less_excludes(arm, value, unit, excluded):
    eligibility = assess(FUJIAN, arm, {"labs.plt": lab(value, unit=unit)})
    assert criterion(eligibility, "EX1").holds is excluded
    assert eligibility.verdict == ("not_eligible" if excluded else "eligible")


def test_plt_exactly_10_is_excluded_and_the_reason_quotes_count_and_limit():
    res = result("EX1", {"labs.plt": lab(10000, unit="/uL")})
    assert res.holds is True
    assert quotes(res.reason, "10")  # 10,000 /uL converted to 10 x10^9/L, and the limit 10


def test_plt_10_5_is_within_10_percent_of_the_exclusion_limit():
    assert "within 10 %" in result("EX1", {"labs.plt": lab("10.5", unit="10^9/L")}).reason


def test_normal_plt_gives_no_near_limit_hint():
    assert "within 10 %" not in result("EX1").reason


def test_missing_plt_leaves_ex1_unknown():
    eligibility = assess(FUJIAN, None, {"labs.plt": REMOVE})
    assert criterion(eligibility, "EX1").holds is None
    assert eligibility.verdict == "incomplete"


# --------------------------------------------------------------------------- IN3 cohort 2 nadir < 75
# "Cohort 2: ... had a minimum PLT value of less than 75*109/L ..."

NADIR_CASES = [
    (74.9, "10^9/L", True),
    (75, "10^9/L", False),
    (75.1, "10^9/L", False),
    (74900, "/uL", True),
    (75000, "/uL", False),
    (75100, "/uL", False),
]


@pytest.mark.parametrize(("value", "unit", "holds"), NADIR_CASES, ids=[f"{v}{u}" for v, u, _ in NADIR_CASES])
def test_cohort_2_needs_a_previous_cycle_nadir_below_75(value, unit, holds):
    eligibility = assess(FUJIAN, "secondary", {"labs.nadir_plt": lab(value, unit=unit)})
    assert criterion(eligibility, "IN3").holds is holds
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


def test_cohort_2_nadir_exactly_75_fails_and_the_reason_quotes_it():
    res = result("IN3", {"labs.nadir_plt": lab(75000, unit="/uL")}, arm="secondary")
    assert res.holds is False
    assert quotes(res.reason, "75")


def test_cohort_2_without_a_nadir_is_incomplete():
    eligibility = assess(FUJIAN, "secondary", {"labs.nadir_plt": REMOVE})
    assert criterion(eligibility, "IN3").holds is None
    assert eligibility.verdict == "incomplete"


def test_cohort_2_low_nadir_still_needs_the_attested_part():
    eligibility = assess(FUJIAN, "secondary", None, IN3=False)
    assert criterion(eligibility, "IN3").holds is False
    assert eligibility.verdict == "not_eligible"


def test_cohort_2_nadir_gets_no_re_test_hint_and_no_double_negative():
    # The previous cycle's nadir is a past value: nothing to re-test (issue 9).
    assert "re-testing" not in result("IN3", {"labs.nadir_plt": lab(70, unit="10^9/L")}, arm="secondary").reason
    reason = result("IN3", {"labs.nadir_plt": lab(80, unit="10^9/L")}, arm="secondary").reason
    assert "nadir PLT 80 ×10⁹/L ≥ 75 ×10⁹/L" in reason and "not <" not in reason


@pytest.mark.parametrize(("inr", "words"), [("1.725", "INR 1.725 = 1.5 × ULN (ULN 1.15) ≤ 1.5 × ULN (1.725)"),
                                            ("1.73", "INR 1.73 = 1.504 × ULN (ULN 1.15) > 1.5 × ULN (1.725)")])
def test_a_value_beside_its_limit_shows_enough_digits_to_tell_the_side(inr, words):
    assert words in result("IN6.2", {"labs.inr": {"value": float(inr), "uln": 1.15}}).reason \
        or words in " ".join(c.reason for c in assess(FUJIAN, None, {"labs.inr": {"value": float(inr), "uln": 1.15}})
                            .criteria)


@pytest.mark.parametrize("nadir", [None, 120])
def test_cohort_1_primary_prevention_has_no_nadir_requirement(nadir):
    changes = {"labs.nadir_plt": REMOVE if nadir is None else lab(nadir, unit="10^9/L")}
    eligibility = assess(FUJIAN, "primary", changes)
    assert criterion(eligibility, "IN3").holds is True
    assert eligibility.verdict == "eligible"


# --------------------------------------------------------------------------- IN6.1 renal
# "Cr≤UNL (upper limit of normal) ×1.5, endogenous creatinine clearance rate (Ccr) ≥55 ml/min;"
# Creatinine-part tests use a man of 30 y, 120 kg so that the clearance is far above 55 and 60:
# at 1.51 x ULN 97 umol/L (146.47 umol/L = 1.657 mg/dL): (140-30) x 120 / (72 x 1.657) = 110.6 mL/min.

BIG_YOUNG_MAN = {"patient.sex": "male", "patient.childbearing_potential": REMOVE,
                 "patient.age_years": 30, "patient.weight_kg": 120}
CREATININE_UNITS = [("umol/L", "97"), ("mg/dL", "1.1")]

#: (multiple of ULN, IN6.1 creatinine part holds, EX13 creatinine part excludes)
CREATININE_BOUNDARIES = [("1.49", True, False), ("1.5", True, True), ("1.51", False, True)]


@pytest.mark.parametrize(("unit", "uln"), CREATININE_UNITS, ids=["umol", "mgdL"])
@pytest.mark.parametrize(("multiple", "holds", "_"), CREATININE_BOUNDARIES, ids=["1.49xULN", "1.5xULN", "1.51xULN"])
def test_creatinine_up_to_1_5_uln_meets_the_renal_inclusion(unit, uln, multiple, holds, _):
    changes = {**BIG_YOUNG_MAN, "labs.creatinine": lab(times(multiple, uln), uln, unit)}
    assert result("IN6.1", changes).holds is holds


@pytest.mark.parametrize(("unit", "uln"), CREATININE_UNITS, ids=["umol", "mgdL"])
@pytest.mark.parametrize(("multiple", "_", "excluded"), CREATININE_BOUNDARIES, ids=["1.49xULN", "1.5xULN", "1.51xULN"])
def test_creatinine_1_5_uln_or_more_excludes(unit, uln, multiple, _, excluded):
    changes = {**BIG_YOUNG_MAN, "labs.creatinine": lab(times(multiple, uln), uln, unit)}
    eligibility = assess(FUJIAN, None, changes)
    assert criterion(eligibility, "EX13").holds is excluded
    assert eligibility.verdict == ("not_eligible" if excluded else "eligible")


def test_creatinine_exactly_1_5_uln_in_mg_dl_does_not_drift():
    # 1.8 mg/dL with ULN 1.2 mg/dL is exactly 1.5 x ULN; in floats 1.5 x 1.2 = 1.7999999999999998.
    changes = {**BIG_YOUNG_MAN, "labs.creatinine": lab("1.8", "1.2", "mg/dL")}
    eligibility = assess(FUJIAN, None, changes)
    assert criterion(eligibility, "IN6.1").holds is True  # "Cr ≤ ULN × 1.5"
    assert criterion(eligibility, "EX13").holds is True  # "Serum creatinine ≥ 1.5ULN"


# Clearance-part tests: a man of 50 y with Scr 1.0 mg/dL = 88.4 umol/L (0.83 x ULN 1.2 mg/dL = 106.08 umol/L).
# CG = (140 - 50) x W / (72 x 1.0) = 1.25 x W mL/min.
CLEARANCE_UNITS = [(lab(1, "1.2", "mg/dL"), "mgdL"), (lab("88.4", "106.08", "umol/L"), "umol")]
FIFTY_YEAR_OLD_MAN = {"patient.sex": "male", "patient.childbearing_potential": REMOVE, "patient.age_years": 50}

#: (weight kg, clearance mL/min, IN6.1 holds, EX13 excludes)
CLEARANCE_BOUNDARIES = [
    ("43.92", "54.9", False, True),  # 1.25 x 43.92 = 54.9
    ("44", "55", True, True),  # 1.25 x 44 = 55: ">= 55" admits, "<= 60" excludes
    ("44.08", "55.1", True, True),
    ("47.92", "59.9", True, True),
    ("48", "60", True, True),  # exactly 60 is excluded
    ("48.08", "60.1", True, False),  # 1.25 x 48.08 = 60.1
]


@pytest.mark.parametrize(("creatinine", "unit_id"), CLEARANCE_UNITS, ids=[u for _, u in CLEARANCE_UNITS])
@pytest.mark.parametrize(("weight", "clearance", "included", "excluded"), CLEARANCE_BOUNDARIES,
                         ids=[f"CrCl{c}" for _, c, _, _ in CLEARANCE_BOUNDARIES])
def test_creatinine_clearance_at_least_55_included_and_at_most_60_excluded(creatinine, unit_id, weight, clearance,
                                                                           included, excluded):
    changes = {**FIFTY_YEAR_OLD_MAN, "patient.weight_kg": float(weight), "labs.creatinine": creatinine}
    eligibility = assess(FUJIAN, None, changes)
    assert criterion(eligibility, "IN6.1").holds is included
    assert criterion(eligibility, "EX13").holds is excluded
    assert eligibility.verdict == ("eligible" if included and not excluded else "not_eligible")
    assert quotes(criterion(eligibility, "EX13").reason, clearance)


@pytest.mark.parametrize("changes", [
    {"patient.weight_kg": REMOVE},
    {"patient.sex": REMOVE, "patient.childbearing_potential": REMOVE},
    {"patient.age_years": REMOVE},
])
def test_clearance_inputs_missing_leave_renal_criteria_unknown(changes):
    eligibility = assess(FUJIAN, None, changes)
    assert criterion(eligibility, "IN6.1").holds is None
    assert criterion(eligibility, "EX13").holds is None
    assert eligibility.verdict == "incomplete"


def test_missing_creatinine_leaves_renal_criteria_unknown():
    eligibility = assess(FUJIAN, None, {"labs.creatinine": REMOVE})
    assert criterion(eligibility, "IN6.1").holds is None
    assert criterion(eligibility, "EX13").holds is None
    assert eligibility.verdict == "incomplete"


def test_creatinine_over_1_5_uln_excludes_even_without_weight():
    # "Serum creatinine ≥1.5ULN or eGFR≤60": the first part alone decides.
    eligibility = assess(FUJIAN, None, {"patient.weight_kg": REMOVE, "labs.creatinine": lab(160, 97, "umol/L")})
    assert criterion(eligibility, "EX13").holds is True
    assert eligibility.verdict == "not_eligible"


def test_clearance_near_60_says_so():
    # 1.25 x 46.4 = 58 mL/min: within 10 % of both 55 and 60.
    changes = {**FIFTY_YEAR_OLD_MAN, "patient.weight_kg": 46.4, "labs.creatinine": lab(1, "1.2", "mg/dL")}
    assert "within 10 %" in result("EX13", changes).reason
    assert "within 10 %" in result("IN6.1", changes).reason


def test_baseline_clearance_gives_no_near_limit_hint():
    assert "within 10 %" not in result("EX13").reason


# --------------------------------------------------------------------------- IN6.2 liver
# "Total bilirubin ≤ULN×1.5; ALT and AST≤ULN×3; If it is intrahepatic cholangiocarcinoma or liver
#  metastasis, the total bilirubin shall not exceed three times the upper limit of normal, and the
#  transaminase shall not exceed five times the upper limit of normal."

LIVER_LABS = [("alt", "U/L", "40"), ("ast", "U/L", "35"), ("tbil", "umol/L", "21"), ("tbil", "mg/dL", "1.2")]
LIVER_IDS = ["ALT", "AST", "TBIL-umol", "TBIL-mgdL"]


def in62_limit(measure: str, metastases: bool) -> str:
    if measure == "tbil":
        return "3" if metastases else "1.5"
    return "5" if metastases else "3"


def bump(multiple: str, step: str) -> str:
    return str(Decimal(multiple) + Decimal(step))


@pytest.mark.parametrize(("measure", "unit", "uln"), LIVER_LABS, ids=LIVER_IDS)
@pytest.mark.parametrize("metastases", [False, True], ids=["nomets", "mets"])
@pytest.mark.parametrize(("step", "holds"), [("-0.01", True), ("0", True), ("0.01", False)],
                         ids=["below", "exactly", "above"])
def test_liver_function_inclusion_limits(measure, unit, uln, metastases, step, holds):
    multiple = bump(in62_limit(measure, metastases), step)
    changes = {"patient.liver_metastases": metastases, f"labs.{measure}": lab(times(multiple, uln), uln, unit)}
    eligibility = assess(FUJIAN, None, changes)
    assert criterion(eligibility, "IN6.2").holds is holds, criterion(eligibility, "IN6.2").reason
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


@pytest.mark.parametrize(
    ("changes", "holds"),
    [
        ({"labs.tbil": lab("1.8", "1.2", "mg/dL")}, True),  # exactly 1.5 x ULN; float 1.5 x 1.2 < 1.8
        ({"labs.alt": lab("120.3", "40.1", "U/L")}, True),  # exactly 3 x ULN
        ({"patient.liver_metastases": True, "labs.tbil": lab("2.1", "0.7", "mg/dL")}, True),  # exactly 3 x ULN
        ({"patient.liver_metastases": True, "labs.ast": lab("200.5", "40.1", "U/L")}, True),  # exactly 5 x ULN
    ],
)
def test_liver_values_exactly_on_a_uln_multiple_are_admitted(changes, holds):
    assert result("IN6.2", changes).holds is holds


UNKNOWN_METASTASES_IN62 = [
    # (changes, IN6.2 holds)
    ({"labs.alt": lab(80, 40, "U/L")}, True),  # 2 x ULN: within both limits
    ({"labs.alt": lab(160, 40, "U/L")}, None),  # 4 x ULN: fails without metastases, passes with
    ({"labs.tbil": lab(42, 21, "umol/L")}, None),  # 2 x ULN: fails 1.5 without, passes 3 with
    ({"labs.alt": lab(240, 40, "U/L")}, False),  # 6 x ULN: fails both
    ({"labs.tbil": lab(84, 21, "umol/L")}, False),  # 4 x ULN: fails both
]


@pytest.mark.parametrize(("changes", "holds"), UNKNOWN_METASTASES_IN62,
                         ids=["ALT2x", "ALT4x", "TBIL2x", "ALT6x", "TBIL4x"])
def test_unknown_liver_metastases_decide_liver_inclusion_only_when_both_limits_agree(changes, holds):
    eligibility = assess(FUJIAN, None, {"patient.liver_metastases": REMOVE, **changes})
    assert criterion(eligibility, "IN6.2").holds is holds
    assert eligibility.verdict == {True: "eligible", None: "incomplete", False: "not_eligible"}[holds]


@pytest.mark.parametrize("measure", ["alt", "ast", "tbil"])
def test_missing_liver_value_leaves_liver_inclusion_unknown(measure):
    eligibility = assess(FUJIAN, None, {f"labs.{measure}": REMOVE})
    assert criterion(eligibility, "IN6.2").holds is None
    assert eligibility.verdict == "incomplete"


def test_alt_2_9_uln_near_the_3_uln_inclusion_limit_says_so():
    res = result("IN6.2", {"labs.alt": lab(116, 40, "U/L")})
    assert res.holds is True
    assert "within 10 %" in res.reason and quotes(res.reason, "2.9")


def test_bilirubin_1_4_uln_near_the_1_5_uln_limit_says_so():
    res = result("IN6.2", {"labs.tbil": lab("29.4", 21, "umol/L")})  # 29.4 / 21 = 1.4
    assert res.holds is True
    assert "within 10 %" in res.reason and quotes(res.reason, "1.4")


def test_liver_inclusion_reason_quotes_converted_bilirubin():
    # 1.5 mg/dL x 17.1 = 25.65 umol/L; ULN 1.2 mg/dL x 17.1 = 20.52 umol/L; 1.25 x ULN
    res = result("IN6.2", {"labs.tbil": lab("1.5", "1.2", "mg/dL")})
    assert quotes(res.reason, "25.65") and quotes(res.reason, "20.52") and quotes(res.reason, "1.25")


# --------------------------------------------------------------------------- IN6.3 INR
# "The international normalized ratio of prothrombin time is ≤ULN×1.5, and some prothrombin times
#  are within the normal range."

INR_CASES = [
    ("1.79", "1.2", True),
    ("1.8", "1.2", True),  # exactly 1.5 x ULN (float 1.5 x 1.2 = 1.7999999999999998)
    ("1.81", "1.2", False),
    ("1.65", "1.1", True),  # exactly 1.5 x ULN
    ("1.35", "0.9", True),  # exactly 1.5 x ULN (ULN 0.7 is now refused as implausible: issue 9)
    ("1.66", "1.1", False),
]


@pytest.mark.parametrize(("value", "uln", "holds"), INR_CASES, ids=[f"INR{v}-ULN{u}" for v, u, _ in INR_CASES])
def test_inr_up_to_1_5_uln(value, uln, holds):
    eligibility = assess(FUJIAN, None, {"labs.inr": lab(value, uln)})
    assert criterion(eligibility, "IN6.3").holds is holds
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


def test_inr_without_uln_cannot_be_judged():
    eligibility = assess(FUJIAN, None, {"labs.inr": lab("1.0")})
    assert criterion(eligibility, "IN6.3").holds is None
    assert eligibility.verdict == "incomplete"


def test_inr_within_limit_still_needs_the_prothrombin_time_attested():
    eligibility = assess(FUJIAN, None, None, IN6_3=None)
    assert criterion(eligibility, "IN6.3").holds is None
    assert eligibility.verdict == "incomplete"


def test_inr_over_limit_fails_whatever_the_prothrombin_answer():
    eligibility = assess(FUJIAN, None, {"labs.inr": lab(2, "1.2")}, IN6_3=None)
    assert criterion(eligibility, "IN6.3").holds is False
    assert eligibility.verdict == "not_eligible"


# --------------------------------------------------------------------------- EX12 liver exclusion
# "For patients without liver metastasis, ALT/AST > 3ULN (upper limit of normal value), and TBIL > 3ULN;
#  Patients with liver metastasis have ALT/AST≥5ULN and TBIL≥5ULN."
# As written the transaminase and bilirubin limits are joined by "and": both must be over.

EX12_CASES = [
    # (metastases, ALT x ULN 40, AST x ULN 40, TBIL x ULN 21, excluded)
    (False, "3.01", "1", "3.01", True),
    (False, "1", "3.01", "3.01", True),  # "ALT/AST": either transaminase
    (False, "3.01", "1", "1", False),  # transaminase alone: "and TBIL" not met
    (False, "1", "1", "3.01", False),  # bilirubin alone
    (False, "3", "1", "3.01", False),  # ALT exactly 3 x ULN is not > 3
    (False, "3.01", "1", "3", False),  # TBIL exactly 3 x ULN is not > 3
    (True, "5", "1", "5", True),  # exactly 5 and exactly 5: ">=" excludes
    (True, "1", "5", "5", True),
    (True, "4.99", "1", "5", False),
    (True, "5", "1", "4.99", False),
    (True, "5", "1", "1", False),  # transaminase alone with metastases
    (True, "4", "1", "4", False),  # over 3 but under 5 with metastases
]


@pytest.mark.parametrize(("metastases", "alt", "ast", "tbil", "excluded"), EX12_CASES,
                         ids=[f"{'mets' if c[0] else 'nomets'}-ALT{c[1]}-AST{c[2]}-TBIL{c[3]}" for c in EX12_CASES])
def test_liver_exclusion_needs_transaminase_and_bilirubin_over_their_limits(metastases, alt, ast, tbil, excluded):
    changes = {
        "patient.liver_metastases": metastases,
        "labs.alt": lab(times(alt, 40), 40, "U/L"),
        "labs.ast": lab(times(ast, 40), 40, "U/L"),
        "labs.tbil": lab(times(tbil, 21), 21, "umol/L"),
    }
    assert result("EX12", changes).holds is excluded


@pytest.mark.parametrize(("value", "uln"), [("4.2", "1.4"), ("2.1", "0.7")])
def test_bilirubin_exactly_3_uln_in_mg_dl_does_not_trigger_ex12(value, uln):
    # exactly 3 x ULN, which floats put a hair above 3 (2.1/0.7 = 3.0000000000000004)
    changes = {"labs.alt": lab(200, 40, "U/L"), "labs.tbil": lab(value, uln, "mg/dL")}
    assert result("EX12", changes).holds is False


@pytest.mark.parametrize(
    ("alt", "tbil", "holds"),
    [("6", "6", True), ("4", "4", None), ("2", "2", False), ("6", "2", False)],
)
def test_unknown_liver_metastases_decide_ex12_only_when_both_limits_agree(alt, tbil, holds):
    changes = {"patient.liver_metastases": REMOVE, "labs.alt": lab(times(alt, 40), 40, "U/L"),
               "labs.tbil": lab(times(tbil, 21), 21, "umol/L")}
    assert result("EX12", changes).holds is holds


@pytest.mark.parametrize(
    ("alt", "holds"),
    [(160, None), (30, False)],  # ALT 4 x ULN: depends on the missing bilirubin; ALT normal: "and" already false
)
def test_ex12_with_bilirubin_missing_is_decided_only_if_the_transaminase_part_is_false(alt, holds):
    assert result("EX12", {"labs.tbil": REMOVE, "labs.alt": lab(alt, 40, "U/L")}).holds is holds


def test_ex12_and_reading_is_explained_to_the_clinician():
    # The literal "and" reading differs from NCT07334093 EX6 ("or"); the result must say why.
    comment = result("EX12").comment or ""
    assert "and" in comment and "IN6.2" in comment


# --------------------------------------------------------------------------- EX11 note

def test_ex11_is_a_note_that_never_excludes():
    eligibility = assess(FUJIAN)
    ex11 = criterion(eligibility, "EX11")
    assert ex11.kind == "note"
    assert ex11.holds is None and not ex11.blocking and not ex11.excludes
    assert eligibility.verdict == "eligible"


@pytest.mark.parametrize("answer", [True, False])
def test_ex11_answered_by_the_clinician_still_never_excludes(answer):
    eligibility = assess(FUJIAN, None, None, EX11=answer)
    assert not criterion(eligibility, "EX11").excludes
    assert eligibility.verdict == "eligible"


# --------------------------------------------------------------------------- pregnancy IN7 / EX17
# IN7: "Women of childbearing age agree to use contraception ... And not a lactating patient;
#       Male patients who agreed to contraception during the study period and for 6 months ..."
# EX17: "Pregnant or lactating women;"

MAN = {"patient.sex": "male", "patient.childbearing_potential": REMOVE}


def test_pregnancy_exclusion_does_not_apply_to_a_man():
    eligibility = assess(FUJIAN, None, MAN, EX17=None)
    ex17 = criterion(eligibility, "EX17")
    assert (ex17.holds, ex17.applicable) == (False, False)
    assert eligibility.verdict == "eligible"


def test_contraception_criterion_applies_to_every_man():
    eligibility = assess(FUJIAN, None, MAN, IN7=None)
    assert criterion(eligibility, "IN7").holds is None
    assert eligibility.verdict == "incomplete"
    assert assess(FUJIAN, None, MAN, IN7=False).verdict == "not_eligible"


def test_pregnancy_and_lactation_are_attested_for_every_woman():
    # EX17 "Pregnant or lactating women;" has no childbearing-potential condition (issue 9).
    eligibility = assess(FUJIAN, None, {"patient.childbearing_potential": False}, IN7=None, EX17=None)
    in7, ex17 = criterion(eligibility, "IN7"), criterion(eligibility, "EX17")
    assert (in7.holds, in7.applicable) == (True, False)
    assert (ex17.holds, ex17.applicable) == (None, True)
    assert eligibility.verdict == "incomplete"
    lactating = assess(FUJIAN, None, {"patient.childbearing_potential": False}, IN7=None, EX17=True)
    assert lactating.verdict == "not_eligible"


def test_lactating_woman_is_excluded():
    assert assess(FUJIAN, None, None, EX17=True).verdict == "not_eligible"


# --------------------------------------------------------------------------- unknowns and verdict

ATTESTED_IDS = ["IN2", "IN3", "IN4", "IN6.3", "IN7", "IN8", "IN9", "IN10", "IN11",
                "EX2", "EX3", "EX4", "EX5", "EX6", "EX7", "EX8", "EX9", "EX10",
                "EX14", "EX15", "EX16", "EX17", "EX18"]


@pytest.mark.parametrize("arm", ARMS_B)
@pytest.mark.parametrize("criterion_id", ATTESTED_IDS)
def test_unanswered_attested_criterion_keeps_the_verdict_incomplete(arm, criterion_id):
    eligibility = assess(FUJIAN, arm, None, **{criterion_id.replace(".", "_"): None})
    assert criterion(eligibility, criterion_id).holds is None
    assert eligibility.verdict == "incomplete"


@pytest.mark.parametrize("criterion_id", ATTESTED_IDS)
def test_attested_criterion_against_the_patient_makes_her_not_eligible(criterion_id):
    answer = not criterion_id.startswith("IN")
    assert assess(FUJIAN, None, None, **{criterion_id.replace(".", "_"): answer}).verdict == "not_eligible"


@pytest.mark.parametrize(
    ("arm", "changes", "criterion_id"),
    [
        ("primary", {"patient.age_years": REMOVE}, "IN1"),
        ("primary", {"patient.ecog": REMOVE}, "IN5"),
        ("primary", {"labs.plt": REMOVE}, "EX1"),
        ("secondary", {"labs.nadir_plt": REMOVE}, "IN3"),
        ("primary", {"labs.creatinine": REMOVE}, "IN6.1"),
        ("primary", {"patient.weight_kg": REMOVE}, "EX13"),
        ("primary", {"labs.alt": REMOVE}, "IN6.2"),
        ("primary", {"labs.tbil": REMOVE}, "IN6.2"),
        ("primary", {"labs.inr": REMOVE}, "IN6.3"),
        ("secondary", {"labs": {}}, "IN6.2"),
    ],
)
def test_missing_data_is_never_eligible(arm, changes, criterion_id):
    eligibility = assess(FUJIAN, arm, changes)
    assert criterion(eligibility, criterion_id).holds is None
    assert eligibility.verdict == "incomplete"


def test_exact_limits_hold_when_the_case_is_read_from_json_text():
    data = case_dict(FUJIAN, "secondary", {
        "labs.inr": lab("1.8", "1.2"),
        "labs.tbil": lab("1.8", "1.2", "mg/dL"),
        "labs.nadir_plt": lab("74.9", unit="10^9/L"),
        "labs.plt": lab("10.1", unit="10^9/L"),
    })
    eligibility = session_assess(parse_case_json(json.dumps(data))).eligibility
    assert eligibility.verdict == "eligible", [(c.id, c.reason) for c in eligibility.blocking]
