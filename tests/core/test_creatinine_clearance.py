"""Cockcroft-Gault creatinine clearance (NCT07243418 IN6.1 "Ccr ≥55 ml/min", EX13 "eGFR≤60 ml/min
(Cockcroft-Gault formula)") against values worked by hand.

CrCl = (140 − age) × weight kg / (72 × Scr mg/dL), × 0.85 for women; Scr mg/dL = Scr µmol/L ÷ 88.4;
actual body weight; age in whole years on the screening date.
"""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

import pytest

from ctit_gui.core.labs import creatinine_clearance

from .factories import FUJIAN, REMOVE, assess, criterion, lab, make_case

MALE = {"patient.sex": "male", "patient.childbearing_potential": REMOVE}
FEMALE = {"patient.sex": "female", "patient.childbearing_potential": False}


def clearance(sex: dict, age, weight, creatinine: dict, extra: dict | None = None):
    changes = {**sex, "patient.age_years": age, "patient.weight_kg": weight, "labs.creatinine": creatinine,
               **(extra or {})}
    return creatinine_clearance(make_case(FUJIAN, None, changes))


def numbers_in(text: str) -> list[Decimal]:
    return [Decimal(n.replace(",", "")) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", text)]


def quotes(reason: str, number: str) -> bool:
    return re.search(rf"(?<![\d.,]){re.escape(number)}(?![\d]|[.,]\d)", reason) is not None


HAND_WORKED = [
    # (sex, age, weight, creatinine lab, expected mL/min)
    # (140 − 60) × 70 / (72 × 1.0) = 5600 / 72 = 77.78
    pytest.param(MALE, 60, 70, lab(1, 1.2, "mg/dL"), Fraction(5600, 72), id="man-60y-70kg-1.0mgdL"),
    # 88.4 µmol/L ÷ 88.4 = 1.0 mg/dL: same as above
    pytest.param(MALE, 60, 70, lab("88.4", 106, "umol/L"), Fraction(5600, 72), id="man-60y-70kg-88.4umol"),
    # woman: 5600 / 72 × 0.85 = 66.11
    pytest.param(FEMALE, 60, 70, lab(1, 1.2, "mg/dL"), Fraction(5600, 72) * Fraction(85, 100),
                 id="woman-60y-70kg-1.0mgdL"),
    # 106.08 µmol/L ÷ 88.4 = 1.2 mg/dL; (140 − 40) × 80 / (72 × 1.2) = 8000 / 86.4 = 92.59
    pytest.param(MALE, 40, 80, lab("106.08", 110, "umol/L"), Fraction(8000) / Fraction("86.4"),
                 id="man-40y-80kg-106.08umol"),
    # (140 − 25) × 50 / (72 × 0.7) × 0.85 = 5750 / 50.4 × 0.85 = 96.97
    pytest.param(FEMALE, 25, 50, lab("0.7", 1, "mg/dL"), Fraction(5750) / Fraction("50.4") * Fraction(85, 100),
                 id="woman-25y-50kg-0.7mgdL"),
    # 61.88 µmol/L ÷ 88.4 = 0.7 mg/dL: same as above
    pytest.param(FEMALE, 25, 50, lab("61.88", 88, "umol/L"), Fraction(5750) / Fraction("50.4") * Fraction(85, 100),
                 id="woman-25y-50kg-61.88umol"),
    # (140 − 75) × 58.5 / (72 × 1.3) = 3802.5 / 93.6 = 40.625
    pytest.param(MALE, 75, "58.5", lab("1.3", 1.2, "mg/dL"), Fraction("40.625"), id="man-75y-58.5kg-1.3mgdL"),
    # 150 µmol/L ÷ 88.4 = 1.6968 mg/dL; (140 − 70) × 45 / (72 × 1.6968) × 0.85 = 3150 / 122.17 × 0.85 = 21.92
    pytest.param(FEMALE, 70, 45, lab(150, 97, "umol/L"),
                 Fraction(3150) / (72 * Fraction(150) / Fraction("88.4")) * Fraction(85, 100),
                 id="woman-70y-45kg-150umol"),
    # actual body weight, no cap: (140 − 40) × 150 / (72 × 1.0) = 208.33
    pytest.param(MALE, 40, 150, lab(1, 1.2, "mg/dL"), Fraction(15000, 72), id="man-40y-150kg-actual-weight"),
]


@pytest.mark.parametrize(("sex", "age", "weight", "creatinine", "expected"), HAND_WORKED)
def test_cockcroft_gault_matches_hand_worked_values(sex, age, weight, creatinine, expected):
    result = clearance(sex, age, float(weight) if isinstance(weight, str) else weight, creatinine)
    assert result.value is not None
    assert float(result.value) == pytest.approx(float(expected), rel=1e-12)


def test_woman_clearance_is_exactly_0_85_of_a_man_s():
    man = clearance(MALE, 52, 61, lab(77, 97, "umol/L")).value
    woman = clearance(FEMALE, 52, 61, lab(77, 97, "umol/L")).value
    assert Fraction(woman) / Fraction(man) == Fraction(85, 100)


def test_clearance_uses_the_age_on_the_screening_date_from_the_birth_date():
    # born 1966-02-03, screened 2026-02-02: 59 years (60th birthday tomorrow)
    # (140 − 59) × 70 / (72 × 1.0) = 5670 / 72 = 78.75
    result = clearance(MALE, REMOVE, 70, lab(1, 1.2, "mg/dL"), {"patient.birth_date": "1966-02-03"})
    assert float(result.value) == pytest.approx(78.75, rel=1e-12)


@pytest.mark.parametrize(
    ("changes", "missing"),
    [
        ({"patient.weight_kg": REMOVE}, "weight"),
        ({"patient.sex": REMOVE, "patient.childbearing_potential": REMOVE}, "sex"),
        ({"patient.age_years": REMOVE}, "age"),
        ({"labs.creatinine": REMOVE}, "creatinine"),
    ],
)
def test_clearance_is_unknown_and_says_what_is_missing(changes, missing):
    result = creatinine_clearance(make_case(FUJIAN, None, changes))
    assert result.value is None
    assert missing in result.explanation


def test_creatinine_of_zero_gives_unknown_clearance_not_a_crash():
    eligibility = assess(FUJIAN, None, {"labs.creatinine": lab(0, 97, "umol/L")})
    assert criterion(eligibility, "IN6.1").holds is None
    assert eligibility.verdict != "eligible"


# --------------------------------------------------------------------------- exactly on the limits

ON_THE_LIMIT = [
    # (sex, age, weight, creatinine, criterion, holds) — each clearance is exactly 55 or 60 mL/min
    # 97.24 µmol/L ÷ 88.4 = 1.1 mg/dL; (140 − 50) × 52.8 / (72 × 1.1) = 4752 / 79.2 = 60
    # (in floats 97.24 / 88.4 = 1.0999999999999999 and the clearance comes out 60.00000000000001)
    pytest.param(MALE, 50, 52.8, lab("97.24", 110, "umol/L"), "EX13", True, id="man-60-umol"),
    # (140 − 50) × 48 / (72 × 1.0) = 60
    pytest.param(MALE, 50, 48, lab(1, 1.2, "mg/dL"), "EX13", True, id="man-60-mgdL"),
    # (140 − 40) × 43.2 / (72 × 0.85) × 0.85 = 4320 / 72 = 60
    pytest.param(FEMALE, 40, 43.2, lab("0.85", 1, "mg/dL"), "EX13", True, id="woman-60-mgdL"),
    # 75.14 µmol/L ÷ 88.4 = 0.85 mg/dL: same as above
    pytest.param(FEMALE, 40, 43.2, lab("75.14", 88.4, "umol/L"), "EX13", True, id="woman-60-umol"),
    # 132.6 µmol/L ÷ 88.4 = 1.5 mg/dL (1.25 x ULN 106.08); (140 − 30) × 54 / (72 × 1.5) = 5940 / 108 = 55
    pytest.param(MALE, 30, 54, lab("132.6", "106.08", "umol/L"), "IN6.1", True, id="man-55-umol"),
    # (140 − 30) × 36 / (72 × 0.85) × 0.85 = 3960 / 72 = 55
    pytest.param(FEMALE, 30, 36, lab("0.85", 1, "mg/dL"), "IN6.1", True, id="woman-55-mgdL"),
    # (140 − 30) × 35.9 / 72 = 54.85: just under 55
    pytest.param(FEMALE, 30, 35.9, lab("0.85", 1, "mg/dL"), "IN6.1", False, id="woman-54.85-mgdL"),
]


@pytest.mark.parametrize(("sex", "age", "weight", "creatinine", "criterion_id", "holds"), ON_THE_LIMIT)
def test_clearance_exactly_on_its_limit_stays_on_its_side(sex, age, weight, creatinine, criterion_id, holds):
    changes = {**sex, "patient.age_years": age, "patient.weight_kg": weight, "labs.creatinine": creatinine}
    assert criterion(assess(FUJIAN, None, changes), criterion_id).holds is holds


def test_clearance_exactly_60_in_umol_is_excluded_and_the_verdict_says_so():
    changes = {**MALE, "patient.age_years": 50, "patient.weight_kg": 52.8, "labs.creatinine": lab("97.24", 110, "umol/L")}
    assert assess(FUJIAN, None, changes).verdict == "not_eligible"


# --------------------------------------------------------------------------- what the reason quotes

def test_clearance_reason_quotes_the_converted_creatinine_and_every_input():
    # 97.24 µmol/L ÷ 88.4 = 1.1 mg/dL; (140 − 50) × 52.8 / (72 × 1.1) = 60 mL/min
    changes = {**MALE, "patient.age_years": 50, "patient.weight_kg": 52.8, "labs.creatinine": lab("97.24", 110, "umol/L")}
    reason = criterion(assess(FUJIAN, None, changes), "EX13").reason
    for number in ("1.1", "50", "52.8", "60", "72", "140"):
        assert quotes(reason, number), number


def test_clearance_reason_for_a_woman_shows_the_0_85_factor():
    # 61.88 µmol/L = 0.7 mg/dL; (140 − 25) × 50 / (72 × 0.7) × 0.85 = 96.97 mL/min
    changes = {**FEMALE, "patient.age_years": 25, "patient.weight_kg": 50, "labs.creatinine": lab("61.88", 88, "umol/L")}
    reason = criterion(assess(FUJIAN, None, changes), "IN6.1").reason
    assert quotes(reason, "0.85") and quotes(reason, "0.7") and quotes(reason, "55")
    assert any(quotes(reason, n) for n in ("96.97", "97", "97.0"))


def test_clearance_just_above_60_is_not_quoted_as_exactly_60():
    # (140 − 50) × 48.032 / (72 × 1.0) = 60.04 mL/min: not excluded, and the reason must not read
    # "60 mL/min not ≤ 60 mL/min" — some quoted number must show it lies above 60.
    changes = {**MALE, "patient.age_years": 50, "patient.weight_kg": 48.032, "labs.creatinine": lab(1, "1.2", "mg/dL")}
    res = criterion(assess(FUJIAN, None, changes), "EX13")
    assert res.holds is False
    assert any(Decimal(60) < n <= Decimal("60.05") for n in numbers_in(res.reason)), res.reason


def test_creatinine_just_above_1_5_uln_is_not_quoted_as_exactly_1_5_uln():
    # 145.6 / 97 = 1.501 x ULN: fails IN6.1 ("Cr ≤ ULN × 1.5"); the quoted ratio must show it is over 1.5.
    changes = {**MALE, "patient.age_years": 30, "patient.weight_kg": 120, "labs.creatinine": lab("145.6", 97, "umol/L")}
    res = criterion(assess(FUJIAN, None, changes), "IN6.1")
    assert res.holds is False
    assert any(Decimal("1.5") < n < Decimal("1.51") for n in numbers_in(res.reason)), res.reason


@pytest.mark.parametrize("sex", [MALE, FEMALE])
@pytest.mark.parametrize("unit", ["umol/L", "mg/dL"])
def test_the_clearance_is_the_formula_worked_step_by_step_in_exact_fractions(sex, unit):
    """Worked as one fraction of whole numbers (issue 17): the very fraction the formula's steps give, and the
    creatinine in mg/dL it quotes, for ages, weights and creatinine values with and without decimals."""
    import random

    from ctit_gui.core.units import CREATININE_UMOL_PER_MGDL, format_number

    rng = random.Random(55)
    for _ in range(150):
        age = rng.randint(18, 90)
        weight = Decimal(rng.randint(300, 3999)).scaleb(-rng.randint(1, 2))
        value = Decimal(rng.randint(1, 29999)).scaleb(-rng.randint(1, 3)) if unit == "umol/L" else \
            Decimal(rng.randint(1, 3000)).scaleb(-rng.randint(2, 3))
        result = clearance(sex, age, weight, lab(value, None, unit))
        umol = value if unit == "umol/L" else value * CREATININE_UMOL_PER_MGDL
        mgdl = Fraction(umol) / Fraction(CREATININE_UMOL_PER_MGDL)
        expected = Fraction(140 - age) * Fraction(weight) / (72 * mgdl)
        if sex is FEMALE:
            expected *= Fraction(85, 100)
        assert result.value == expected and type(result.value) is Fraction, (age, weight, value)
        assert dict(result.message.params)["creatinine"] == format_number(mgdl, 2), mgdl
