"""NCT07334093 (hetrombopag ± rhTPO for CTIT in solid tumours): eligibility against the registry text.

Every expectation below is derived from the registry record (Eligibility Criteria),
quoted next to the tests that check it. Each test starts from a fully eligible
baseline (tests/core/factories.py) and changes one thing.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest

from ctit_gui.core.labs import ctcae_platelet_grade
from ctit_gui.core.session import assess as session_assess
from ctit_gui.core.session import parse_case_json

from .factories import ARMS, REMOVE, SYSU, assess, case_dict, criterion, lab, make_case, num, times

ARMS_A = ARMS[SYSU]


def verdict(changes=None, arm=None, **answers):
    return assess(SYSU, arm, changes, **answers).verdict


def result(criterion_id, changes=None, arm=None, **answers):
    return criterion(assess(SYSU, arm, changes, **answers), criterion_id)


def quotes(reason: str, number: str) -> bool:
    """The reason contains ``number`` as a whole number (not as part of a longer one)."""
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", reason) is not None


# --------------------------------------------------------------------------- structure

REGISTRY_IDS = [f"IN{n}" for n in range(1, 9)] + [f"EX{n}" for n in range(1, 12)]

#: Computed criteria, with their registry sentence (copied from the registry record).
REGISTRY_TEXT = {
    "IN1": "Age 18-75 years (inclusive), both sexes eligible.",
    "IN4": "Grade ≥3 cancer-therapy-induced thrombocytopenia (PLT <50×10⁹/L).",
    "IN5": "ECOG performance status 0-1.",
    "EX6": "Significant hepatic impairment: No liver metastases: ALT/AST > 3 × ULN or TBL > 3 × ULN. "
           "Liver metastases present: ALT/AST ≥ 5 × ULN or TBL ≥ 5 × ULN.",
}


@pytest.mark.parametrize("arm", ARMS_A)
def test_baseline_patient_is_eligible_on_both_arms(arm):
    eligibility = assess(SYSU, arm)
    assert eligibility.verdict == "eligible", [(c.id, c.holds, c.reason) for c in eligibility.blocking]


@pytest.mark.parametrize("arm", ARMS_A)
def test_every_registry_criterion_is_decided_with_the_registry_numbering(arm):
    ids = [c.id for c in assess(SYSU, arm).criteria]
    assert ids == REGISTRY_IDS


@pytest.mark.parametrize("criterion_id", sorted(REGISTRY_TEXT))
def test_computed_criteria_carry_the_verbatim_registry_sentence(criterion_id):
    assert result(criterion_id).text == REGISTRY_TEXT[criterion_id]


@pytest.mark.parametrize("criterion_id", sorted(REGISTRY_TEXT))
def test_age_plt_ecog_and_liver_limits_are_computed_never_asked(criterion_id):
    assert result(criterion_id).decided_by == "computed"


@pytest.mark.parametrize(("answers", "line"), [
    ({"IN4": True}, "answers.IN4: IN4 is computed from PLT; remove the answer"),
    ({"IN4": False}, "answers.IN4: IN4 is computed from PLT; remove the answer"),
    ({"EX6": False}, "answers.EX6: EX6 is computed from liver metastases/ALT/AST/total bilirubin; remove the answer"),
    ({"IN1": True}, "answers.IN1: IN1 is computed from age; remove the answer"),
])
def test_an_answer_on_a_computed_criterion_is_refused_not_overridden(answers, line):
    # Issue 9: the computation used to override the answer silently; now the case is refused.
    from ctit_gui.core.errors import InputError

    with pytest.raises(InputError) as refused:
        make_case(SYSU, None, {"labs.alt": lab(400, 40, "U/L")}, **answers)
    assert any(m.startswith(line) for m in refused.value.messages), refused.value.messages


def test_a_null_answer_on_a_computed_criterion_is_no_answer():
    from ctit_gui.core.session import validate_case_data

    data = case_dict(SYSU)
    data["answers"]["IN4"] = None
    assert criterion(session_assess(validate_case_data(data)).eligibility, "IN4").holds is True


# --------------------------------------------------------------------------- IN1 age
# "Age 18-75 years (inclusive), both sexes eligible."


@pytest.mark.parametrize("arm", ARMS_A)
@pytest.mark.parametrize(("age", "holds"), [(17, False), (18, True), (19, True), (74, True), (75, True), (76, False)])
def test_age_18_to_75_inclusive(arm, age, holds):
    eligibility = assess(SYSU, arm, {"patient.age_years": age})
    assert criterion(eligibility, "IN1").holds is holds
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


@pytest.mark.parametrize(
    ("birth_date", "screening_date", "holds"),
    [
        ("2008-02-02", "2026-02-02", True),  # 18th birthday on the screening day
        ("2008-02-03", "2026-02-02", False),  # 18th birthday the day after screening: still 17
        ("1950-02-03", "2026-02-02", True),  # 76th birthday tomorrow: still 75
        ("1950-02-02", "2026-02-02", False),  # 76 on the screening day
        ("2008-02-01", "2026-01-31", False),  # across a month end: 18 tomorrow, 17 today
        ("2008-01-31", "2026-01-31", True),  # month-end birthday reached
        ("2007-12-31", "2026-01-01", True),  # across a year end: turned 18 yesterday
        ("2008-01-01", "2025-12-31", False),  # across a year end: 18 tomorrow
    ],
)
def test_age_is_computed_from_birth_date_on_the_screening_date(birth_date, screening_date, holds):
    changes = {"patient.age_years": REMOVE, "patient.birth_date": birth_date,
               "screening_date": screening_date, "day1": screening_date}
    assert result("IN1", changes).holds is holds


def test_birthday_the_day_after_screening_makes_the_patient_one_year_younger():
    changes = {"patient.age_years": REMOVE, "patient.birth_date": "1970-02-03"}
    res = result("IN1", changes)  # screening 2026-02-02: 56th birthday is tomorrow
    assert quotes(res.reason, "55") and not quotes(res.reason, "56")


def test_age_reason_quotes_the_age_and_both_limits():
    res = result("IN1", {"patient.age_years": 76})
    assert quotes(res.reason, "76") and quotes(res.reason, "18") and quotes(res.reason, "75")


def test_missing_age_leaves_age_unknown_and_the_verdict_incomplete():
    eligibility = assess(SYSU, None, {"patient.age_years": REMOVE})
    assert criterion(eligibility, "IN1").holds is None
    assert eligibility.verdict == "incomplete"


def test_birth_date_without_screening_date_leaves_age_unknown():
    changes = {"patient.age_years": REMOVE, "patient.birth_date": "1970-05-05",
               "screening_date": REMOVE}
    eligibility = assess(SYSU, None, changes)
    assert criterion(eligibility, "IN1").holds is None
    assert eligibility.verdict == "incomplete"


# --------------------------------------------------------------------------- IN4 PLT < 50
# "Grade ≥3 cancer-therapy-induced thrombocytopenia (PLT <50×10⁹/L)."

PLT_CASES = [
    # (value, unit, holds)
    (49.9, "10^9/L", True),
    (50, "10^9/L", False),
    (50.1, "10^9/L", False),
    (24, "10^9/L", True),  # grade 4 is also grade >= 3
    (0, "10^9/L", True),
    (49900, "/uL", True),
    (50000, "/uL", False),
    (50100, "/uL", False),
    (24000, "/uL", True),
]


@pytest.mark.parametrize("arm", ARMS_A)
@pytest.mark.parametrize(("value", "unit", "holds"), PLT_CASES, ids=[f"{v}{u}" for v, u, _ in PLT_CASES])
def test_plt_below_50_is_grade_3_or_worse(arm, value, unit, holds):
    eligibility = assess(SYSU, arm, {"labs.plt": lab(value, unit=unit)})
    assert criterion(eligibility, "IN4").holds is holds
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


def test_plt_exactly_50_is_not_grade_3():
    # CTCAE v5: grade 3 is < 50 to 25; exactly 50 is grade 2, so IN4 fails.
    assert ctcae_platelet_grade(Decimal(50)) == "2"
    res = result("IN4", {"labs.plt": lab(50, unit="10^9/L")})
    assert res.holds is False
    assert "grade 2" in res.reason.lower()


def test_plt_49_9_is_grade_3():
    assert ctcae_platelet_grade(Decimal("49.9")) == "3"
    assert "grade 3" in result("IN4", {"labs.plt": lab("49.9", unit="10^9/L")}).reason.lower()


def test_plt_per_ul_reason_quotes_the_converted_count_and_the_threshold():
    res = result("IN4", {"labs.plt": lab(32000, unit="/uL")})
    assert quotes(res.reason, "32")  # converted: 32,000 /uL = 32 x10^9/L
    assert quotes(res.reason, "50")  # the threshold


def test_missing_plt_leaves_in4_unknown_and_the_verdict_incomplete():
    eligibility = assess(SYSU, None, {"labs.plt": REMOVE})
    assert criterion(eligibility, "IN4").holds is None
    assert eligibility.verdict == "incomplete"


@pytest.mark.parametrize(("value", "unit"), [(46, "10^9/L"), (50, "10^9/L"), (53, "10^9/L"), (47000, "/uL")])
def test_plt_within_10_percent_of_50_says_so(value, unit):
    assert "within 10 %" in result("IN4", {"labs.plt": lab(value, unit=unit)}).reason


@pytest.mark.parametrize(("value", "unit"), [(32, "10^9/L"), (40, "10^9/L"), (30000, "/uL")])
def test_plt_far_from_50_gives_no_near_limit_hint(value, unit):
    assert "within 10 %" not in result("IN4", {"labs.plt": lab(value, unit=unit)}).reason


# --------------------------------------------------------------------------- IN5 ECOG 0-1
# "ECOG performance status 0-1."


@pytest.mark.parametrize(("ecog", "holds"), [(0, True), (1, True), (2, False), (3, False), (4, False)])
def test_ecog_0_to_1_only(ecog, holds):
    eligibility = assess(SYSU, None, {"patient.ecog": ecog})
    res = criterion(eligibility, "IN5")
    assert res.holds is holds
    assert quotes(res.reason, str(ecog))
    assert eligibility.verdict == ("eligible" if holds else "not_eligible")


def test_ecog_2_which_the_breast_trial_admits_is_refused_here():
    assert result("IN5", {"patient.ecog": 2}).holds is False


def test_missing_ecog_leaves_in5_unknown():
    eligibility = assess(SYSU, None, {"patient.ecog": REMOVE})
    assert criterion(eligibility, "IN5").holds is None
    assert eligibility.verdict == "incomplete"


# --------------------------------------------------------------------------- EX6 hepatic
# "No liver metastases: ALT/AST > 3 × ULN or TBL > 3 × ULN.
#  Liver metastases present: ALT/AST ≥ 5 × ULN or TBL ≥ 5 × ULN."

#: (lab, unit, ULN) — each liver value, and bilirubin in both units.
LIVER_LABS = [
    ("alt", "U/L", "40"),
    ("ast", "U/L", "35"),
    ("tbil", "umol/L", "21"),
    ("tbil", "mg/dL", "1.2"),
]
LIVER_IDS = ["ALT", "AST", "TBIL-umol", "TBIL-mgdL"]

#: (liver metastases, multiple of ULN, excluded)
HEPATIC_BOUNDARIES = [
    (False, "2.99", False),
    (False, "3", False),  # "> 3 x ULN": exactly 3 does not exclude
    (False, "3.01", True),
    (True, "3.01", False),  # with metastases 3-5 x ULN is allowed
    (True, "4.99", False),
    (True, "5", True),  # ">= 5 x ULN": exactly 5 excludes
    (True, "5.01", True),
]


@pytest.mark.parametrize(("measure", "unit", "uln"), LIVER_LABS, ids=LIVER_IDS)
@pytest.mark.parametrize(
    ("metastases", "multiple", "excluded"), HEPATIC_BOUNDARIES,
    ids=[f"{'mets' if m else 'nomets'}-{x}xULN" for m, x, _ in HEPATIC_BOUNDARIES],
)
def test_hepatic_impairment_limits_with_and_without_liver_metastases(measure, unit, uln, metastases, multiple, excluded):
    changes = {"patient.liver_metastases": metastases, f"labs.{measure}": lab(times(multiple, uln), uln, unit)}
    eligibility = assess(SYSU, None, changes)
    assert criterion(eligibility, "EX6").holds is excluded
    assert eligibility.verdict == ("not_eligible" if excluded else "eligible")


@pytest.mark.parametrize("measure", ["alt", "ast"])
def test_alt_exactly_3_uln_does_not_exclude_without_metastases(measure):
    # 120.3 = 3 x 40.1 exactly (in binary floating point 120.3 / 40.1 is not exactly 3).
    res = result("EX6", {f"labs.{measure}": lab("120.3", "40.1", "U/L")})
    assert res.holds is False


@pytest.mark.parametrize("measure", ["alt", "ast"])
def test_alt_exactly_5_uln_excludes_with_metastases(measure):
    # 200.5 = 5 x 40.1 exactly.
    res = result("EX6", {"patient.liver_metastases": True, f"labs.{measure}": lab("200.5", "40.1", "U/L")})
    assert res.holds is True


@pytest.mark.parametrize(
    ("value", "uln", "unit", "metastases", "excluded"),
    [
        ("3.3", "1.1", "mg/dL", False, False),  # exactly 3 x ULN; 3.3/1.1 in floats = 2.9999999999999996
        ("5.5", "1.1", "mg/dL", True, True),  # exactly 5 x ULN
        ("1.2", "0.4", "mg/dL", False, False),  # exactly 3 x ULN; in floats 1.2/0.4 = 2.9999999999999996
        ("2.1", "0.7", "mg/dL", False, False),  # exactly 3 x ULN; in floats 2.1/0.7 = 3.0000000000000004
        ("3.6", "1.2", "mg/dL", False, False),  # exactly 3 x ULN; in floats 3 x 1.2 = 3.5999999999999996
        ("61.5", "20.5", "umol/L", False, False),  # exactly 3 x ULN
        ("102.5", "20.5", "umol/L", True, True),  # exactly 5 x ULN
    ],
)
def test_bilirubin_exactly_on_a_uln_multiple_stays_on_its_side_after_unit_conversion(value, uln, unit, metastases,
                                                                                       excluded):
    res = result("EX6", {"patient.liver_metastases": metastases, "labs.tbil": lab(value, uln, unit)})
    assert res.holds is excluded


def test_exact_limits_hold_when_the_case_is_read_from_json_text():
    data = case_dict(SYSU, None, {"labs.alt": lab("120.3", "40.1", "U/L"),
                                  "labs.tbil": lab("3.3", "1.1", "mg/dL")})
    case = parse_case_json(json.dumps(data))
    assessment = session_assess(case)
    assert criterion(assessment.eligibility, "EX6").holds is False
    assert assessment.eligibility.verdict == "eligible"


def test_any_one_liver_value_over_its_limit_excludes_even_if_another_is_missing():
    # "ALT/AST > 3 x ULN or TBL > 3 x ULN": one true part decides, unknown ALT does not matter.
    eligibility = assess(SYSU, None, {"labs.alt": REMOVE, "labs.ast": lab(200, 40, "U/L")})
    assert criterion(eligibility, "EX6").holds is True
    assert eligibility.verdict == "not_eligible"


@pytest.mark.parametrize("measure", ["alt", "ast", "tbil"])
def test_missing_liver_value_leaves_ex6_unknown_and_the_verdict_incomplete(measure):
    eligibility = assess(SYSU, None, {f"labs.{measure}": REMOVE})
    assert criterion(eligibility, "EX6").holds is None
    assert eligibility.verdict == "incomplete"


@pytest.mark.parametrize("measure", ["alt", "ast", "tbil"])
def test_liver_value_without_uln_cannot_be_judged_against_a_uln_multiple(measure):
    data_lab = case_dict(SYSU)["labs"][measure]
    data_lab.pop("uln")
    eligibility = assess(SYSU, None, {f"labs.{measure}": data_lab})
    assert criterion(eligibility, "EX6").holds is None
    assert eligibility.verdict == "incomplete"


# Liver metastases not recorded: decided only when both limits give the same answer.
UNKNOWN_METASTASES = [
    # (ALT multiple of ULN 40, EX6 holds, verdict)
    ("2", False, "eligible"),  # below both limits
    ("3", False, "eligible"),  # not > 3 and not >= 5
    ("4", None, "incomplete"),  # > 3 (excluded without) but < 5 (allowed with)
    ("5", True, "not_eligible"),  # > 3 and >= 5
    ("6", True, "not_eligible"),
]


@pytest.mark.parametrize(("multiple", "holds", "expected_verdict"), UNKNOWN_METASTASES,
                         ids=[f"ALT-{m}xULN" for m, _, _ in UNKNOWN_METASTASES])
def test_unknown_liver_metastases_decide_only_when_both_limits_agree(multiple, holds, expected_verdict):
    changes = {"patient.liver_metastases": REMOVE, "labs.alt": lab(times(multiple, 40), 40, "U/L")}
    eligibility = assess(SYSU, None, changes)
    assert criterion(eligibility, "EX6").holds is holds
    assert eligibility.verdict == expected_verdict


def test_alt_2_9_uln_is_within_10_percent_of_the_limit():
    res = result("EX6", {"labs.alt": lab(116, 40, "U/L")})  # 116/40 = 2.9
    assert res.holds is False
    assert "within 10 %" in res.reason
    assert quotes(res.reason, "2.9") and quotes(res.reason, "3")


@pytest.mark.parametrize(
    ("metastases", "value"),
    [(False, 124), (True, 184), (True, 216)],  # 3.1 x ULN; 4.6 and 5.4 x ULN with metastases
)
def test_liver_values_near_their_limit_get_a_retest_hint(metastases, value):
    res = result("EX6", {"patient.liver_metastases": metastases, "labs.alt": lab(value, 40, "U/L")})
    assert "within 10 %" in res.reason


def test_normal_liver_values_give_no_near_limit_hint():
    assert "within 10 %" not in result("EX6").reason


def test_hepatic_reason_quotes_value_uln_ratio_and_limit():
    res = result("EX6", {"labs.alt": lab(140, 40, "U/L")})  # 3.5 x ULN
    assert res.holds is True
    for number in ("140", "40", "3.5", "3"):
        assert quotes(res.reason, number), number


def test_bilirubin_in_mg_dl_reason_quotes_the_converted_value():
    # 2 mg/dL x 17.1 = 34.2 umol/L; ULN 1.2 mg/dL x 17.1 = 20.52 umol/L; ratio 1.67
    res = result("EX6", {"labs.tbil": lab(2, "1.2", "mg/dL")})
    assert quotes(res.reason, "34.2")
    assert quotes(res.reason, "20.52")


# --------------------------------------------------------------------------- pregnancy IN7 / EX1
# IN7: "Women of child-bearing potential must have a negative serum pregnancy test ...
#       Men with partners of child-bearing potential must be surgically sterilized or agree
#       to use effective contraception ... and must not donate sperm."
# EX1: "Pregnant or breastfeeding women."

MAN = {"patient.sex": "male", "patient.childbearing_potential": REMOVE}
WOMAN_NO_CBP = {"patient.childbearing_potential": False}


def test_pregnancy_exclusion_does_not_apply_to_a_man():
    eligibility = assess(SYSU, None, MAN, EX1=None)
    res = criterion(eligibility, "EX1")
    assert res.holds is False and res.applicable is False
    assert "not applicable" in res.reason.lower()
    assert eligibility.verdict == "eligible"


def test_contraception_criterion_still_applies_to_a_man():
    # IN7's second sentence is about men: it must be attested for a man, not waved through.
    eligibility = assess(SYSU, None, MAN, IN7=None)
    assert criterion(eligibility, "IN7").holds is None
    assert criterion(eligibility, "IN7").applicable is True
    assert eligibility.verdict == "incomplete"


def test_man_who_will_not_use_contraception_is_not_eligible():
    eligibility = assess(SYSU, None, MAN, IN7=False)
    assert criterion(eligibility, "IN7").holds is False
    assert eligibility.verdict == "not_eligible"


def test_pregnancy_and_breastfeeding_are_attested_for_every_woman():
    # EX1 "Pregnant or breastfeeding women." has no childbearing-potential condition (issue 9).
    eligibility = assess(SYSU, None, WOMAN_NO_CBP, IN7=None, EX1=None)
    in7, ex1 = criterion(eligibility, "IN7"), criterion(eligibility, "EX1")
    assert (in7.holds, in7.applicable) == (True, False)  # IN7 names women of child-bearing potential
    assert (ex1.holds, ex1.applicable) == (None, True)
    assert eligibility.verdict == "incomplete"


def test_a_breastfeeding_woman_without_childbearing_potential_is_excluded():
    eligibility = assess(SYSU, None, WOMAN_NO_CBP, IN7=None, EX1=True)
    assert criterion(eligibility, "EX1").holds is True and eligibility.verdict == "not_eligible"
    assert assess(SYSU, None, WOMAN_NO_CBP, IN7=None, EX1=False).verdict == "eligible"


def test_an_answer_on_a_criterion_that_does_not_apply_is_kept_and_shown_not_used():
    case = make_case(SYSU, None, MAN, EX1=True)
    assert case.answers["EX1"] is True  # kept in the case
    ex1 = criterion(session_assess(case).eligibility, "EX1")
    assert ex1.applicable is False and "not used: does not apply" in ex1.reason and "yes" in ex1.reason


def test_woman_of_childbearing_potential_must_have_the_pregnancy_criteria_answered():
    eligibility = assess(SYSU, None, None, IN7=None, EX1=None)
    assert criterion(eligibility, "IN7").holds is None
    assert criterion(eligibility, "EX1").holds is None
    assert eligibility.verdict == "incomplete"


def test_pregnant_woman_is_excluded():
    eligibility = assess(SYSU, None, None, EX1=True)
    assert criterion(eligibility, "EX1").holds is True
    assert eligibility.verdict == "not_eligible"


@pytest.mark.parametrize("changes", [
    {"patient.childbearing_potential": REMOVE},  # woman, potential not recorded
    {"patient.sex": REMOVE, "patient.childbearing_potential": REMOVE},  # sex not recorded
])
def test_unrecorded_sex_or_childbearing_potential_does_not_waive_pregnancy_criteria(changes):
    eligibility = assess(SYSU, None, changes, IN7=None, EX1=None)
    assert criterion(eligibility, "EX1").holds is None
    assert criterion(eligibility, "IN7").holds is None
    assert eligibility.verdict == "incomplete"


# --------------------------------------------------------------------------- unknowns and verdict

ATTESTED_IDS = ["IN2", "IN3", "IN6", "IN7", "IN8", "EX1", "EX2", "EX3", "EX4", "EX5",
                "EX7", "EX8", "EX9", "EX10", "EX11"]


@pytest.mark.parametrize("criterion_id", ATTESTED_IDS)
def test_unanswered_attested_criterion_keeps_the_verdict_incomplete(criterion_id):
    eligibility = assess(SYSU, None, None, **{criterion_id: None})
    assert criterion(eligibility, criterion_id).holds is None
    assert eligibility.verdict == "incomplete"


@pytest.mark.parametrize("criterion_id", ATTESTED_IDS)
def test_attested_criterion_against_the_patient_makes_him_not_eligible(criterion_id):
    answer = not criterion_id.startswith("IN")  # a failed inclusion, or an exclusion that holds
    eligibility = assess(SYSU, None, None, **{criterion_id: answer})
    assert eligibility.verdict == "not_eligible"


@pytest.mark.parametrize(
    ("changes", "criterion_id"),
    [
        ({"patient.age_years": REMOVE}, "IN1"),
        ({"labs.plt": REMOVE}, "IN4"),
        ({"patient.ecog": REMOVE}, "IN5"),
        ({"labs.alt": REMOVE}, "EX6"),
        ({"labs.ast": REMOVE}, "EX6"),
        ({"labs.tbil": REMOVE}, "EX6"),
        ({"labs": {}}, "EX6"),
    ],
)
def test_missing_data_is_never_eligible(changes, criterion_id):
    eligibility = assess(SYSU, None, changes)
    assert criterion(eligibility, criterion_id).holds is None
    assert eligibility.verdict == "incomplete"


def test_a_definite_exclusion_outweighs_unknown_criteria():
    eligibility = assess(SYSU, None, {"patient.ecog": REMOVE, "labs.plt": lab(80, unit="10^9/L")})
    assert eligibility.verdict == "not_eligible"


def test_session_assess_gives_the_same_verdict_as_assess_eligibility():
    case = make_case(SYSU, None, {"labs.plt": lab(50, unit="10^9/L")})
    assert session_assess(case).eligibility.verdict == "not_eligible"


def test_numbers_in_values_are_read_as_typed():
    # num() keeps 49.9 as the float JSON would give; the case must read it back as 49.9 exactly.
    case = make_case(SYSU, None, {"labs.plt": lab("49.9", unit="10^9/L")})
    assert case.labs.plt.value == Decimal("49.9")
    assert num("49.9") == 49.9


def test_bilirubin_just_above_3_uln_is_not_quoted_as_exactly_3_uln():
    # 63.1 / 21 = 3.005 x ULN: excluded ("TBL > 3 x ULN"); the reason must not read "3 x ULN > 3 x ULN" —
    # some quoted number must show the ratio lies above 3.
    res = result("EX6", {"labs.tbil": lab("63.1", 21, "umol/L")})
    assert res.holds is True
    numbers = [Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", res.reason)]
    assert any(Decimal(3) < n < Decimal("3.01") for n in numbers), res.reason
