"""Unit conversion and ISMP number formatting."""

from decimal import Decimal
from fractions import Fraction

import pytest

from ctit_gui.core.dosing import dose_text, ismp_problems
from ctit_gui.core.labs import ctcae_platelet_grade
from ctit_gui.core.units import format_number, to_canonical


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("15000"), "15,000"),
        (Decimal("7.5"), "7.5"),
        (Decimal("7.50"), "7.5"),
        (Decimal("5.0"), "5"),
        (Decimal("0.5"), "0.5"),
        (Decimal(".5"), "0.5"),
        (Decimal("1234567.25"), "1,234,567.25"),
        (Decimal("1.125"), "1.13"),
        (Fraction(1, 3), "0.33"),
        (Decimal("0"), "0"),
    ],
)
def test_numbers_follow_ismp_no_trailing_zero_leading_zero_thousands(value, expected):
    assert format_number(value) == expected


def test_platelets_per_microlitre_convert_to_e9_per_litre():
    assert to_canonical("plt", Decimal("32000"), "/uL") == Decimal(32)
    assert to_canonical("plt", Decimal(32), "10^9/L") == Decimal(32)


def test_bilirubin_and_creatinine_convert_with_the_agreed_factors():
    assert to_canonical("tbil", Decimal(1), "mg/dL") == Decimal("17.1")
    assert to_canonical("creatinine", Decimal(1), "mg/dL") == Decimal("88.4")
    assert to_canonical("creatinine", Decimal(80), "umol/L") == Decimal(80)


@pytest.mark.parametrize(
    ("plt", "grade"),
    [(75, "0–1"), (Decimal("74.9"), "2"), (50, "2"), (Decimal("49.9"), "3"), (25, "3"), (Decimal("24.9"), "4"), (0, "4")],
)
def test_ctcae_v5_platelet_grades(plt, grade):
    assert ctcae_platelet_grade(plt) == grade


def test_plt_exactly_50_is_not_grade_3():
    assert ctcae_platelet_grade(50) == "2"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("hetrombopag", Decimal("7.5"), "mg", "oral"), "hetrombopag 7.5 mg by mouth daily"),
        (("rhTPO", Decimal("15000"), "units", "subcutaneous"), "rhTPO 15,000 units subcutaneously daily"),
        (("hetrombopag", Decimal("5.0"), "mg", "oral"), "hetrombopag 5 mg by mouth daily"),
        (("hetrombopag", Decimal("0.5"), "mg", "oral"), "hetrombopag 0.5 mg by mouth daily"),
    ],
)
def test_dose_text_is_ismp_safe(args, expected):
    text = dose_text(*args)
    assert text == expected
    assert ismp_problems(text) == []


@pytest.mark.parametrize("bad", ["rhTPO 15000 IU SC QD", "hetrombopag 5.0 mg PO", "hetrombopag .5 mg"])
def test_ismp_checker_catches_error_prone_forms(bad):
    assert ismp_problems(bad)


