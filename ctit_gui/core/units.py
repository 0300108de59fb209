"""Units, exact conversion to the canonical unit, and ISMP-safe number formatting.

Values are kept as :class:`decimal.Decimal` and compared as exact fractions, so a
value typed exactly on a limit never drifts to the wrong side of it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Literal

PlateletUnit = Literal["10^9/L", "/uL"]
BilirubinUnit = Literal["umol/L", "mg/dL"]
CreatinineUnit = Literal["umol/L", "mg/dL"]
EnzymeUnit = Literal["U/L"]

#: µmol/L per mg/dL, as agreed for this program (issue "Clinical core").
BILIRUBIN_UMOL_PER_MGDL = Decimal("17.1")
CREATININE_UMOL_PER_MGDL = Decimal("88.4")
#: Platelets per µL in one ×10⁹/L.
PLATELETS_PER_UL_PER_E9L = Decimal(1000)

#: Human-readable unit labels used in every reason, window and sheet.
UNIT_LABELS: dict[str, str] = {
    "10^9/L": "×10⁹/L",
    "/uL": "/µL",
    "umol/L": "µmol/L",
    "mg/dL": "mg/dL",
    "U/L": "units/L",
    "ml/min": "mL/min",
}


def unit_label(unit: str) -> str:
    return UNIT_LABELS.get(unit, unit)


def to_canonical(measure: str, value: Decimal, unit: str | None) -> Decimal:
    """Convert a measured value to the unit every rule is written in.

    PLT → ×10⁹/L; bilirubin and creatinine → µmol/L; ALT/AST, INR unchanged.
    """
    if measure in ("plt", "nadir_plt"):
        return value / PLATELETS_PER_UL_PER_E9L if unit == "/uL" else value
    if measure == "tbil":
        return value * BILIRUBIN_UMOL_PER_MGDL if unit == "mg/dL" else value
    if measure == "creatinine":
        return value * CREATININE_UMOL_PER_MGDL if unit == "mg/dL" else value
    return value


CANONICAL_UNIT: dict[str, str | None] = {
    "plt": "10^9/L",
    "nadir_plt": "10^9/L",
    "tbil": "umol/L",
    "creatinine": "umol/L",
    "alt": "U/L",
    "ast": "U/L",
    "inr": None,
}


def exact(value: Decimal | int | Fraction) -> Fraction:
    """An exact rational for comparisons; Decimal → Fraction loses nothing."""
    return value if isinstance(value, Fraction) else Fraction(value)


def format_number(value: Decimal | Fraction | int | float, max_decimals: int = 2) -> str:
    """Format a number by ISMP rules: no trailing zeros, a leading zero, thousands separators.

    >>> format_number(Decimal("15000"))
    '15,000'
    >>> format_number(Decimal("7.50"))
    '7.5'
    >>> format_number(Decimal(".5"))
    '0.5'
    """
    if isinstance(value, Fraction):
        value = Decimal(value.numerator) / Decimal(value.denominator)
    elif not isinstance(value, Decimal):
        value = Decimal(str(value))
    quantum = Decimal(1).scaleb(-max_decimals)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP) if value != value.to_integral_value() else value
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", ""):
        text = "0"
    return text


def format_quantity(value: Decimal | Fraction, unit: str | None, max_decimals: int = 2) -> str:
    number = format_number(value, max_decimals)
    return f"{number} {unit_label(unit)}" if unit else number
