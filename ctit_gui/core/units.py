"""Units, exact conversion to the canonical unit, and ISMP-safe number formatting.

Values are kept as :class:`decimal.Decimal`. Conversions and limit products use a
context wide enough to be exact (it traps any rounding), and Decimal comparisons never
round, so a value typed exactly on a limit never drifts to the wrong side of it.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Context, Decimal, Inexact, InvalidOperation
from fractions import Fraction
from functools import lru_cache
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


#: Arithmetic that must be exact: inputs have at most 24 digits, so 80 digits never round;
#: if they ever did, Inexact is raised rather than a value silently moved.
EXACT = Context(prec=80, traps=[Inexact, InvalidOperation])


def exact_product(a: Decimal, b: Decimal) -> Decimal:
    return EXACT.multiply(a, b)


def to_canonical(measure: str, value: Decimal, unit: str | None) -> Decimal:
    """Convert a measured value to the unit every rule is written in.

    PLT → ×10⁹/L; bilirubin and creatinine → µmol/L; ALT/AST, INR unchanged.
    """
    if measure in ("plt", "nadir_plt"):
        return EXACT.divide(value, PLATELETS_PER_UL_PER_E9L) if unit == "/uL" else value
    if measure == "tbil":
        return EXACT.multiply(value, BILIRUBIN_UMOL_PER_MGDL) if unit == "mg/dL" else value
    if measure == "creatinine":
        return EXACT.multiply(value, CREATININE_UMOL_PER_MGDL) if unit == "mg/dL" else value
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
    """An exact rational, for the few computations that divide (creatinine clearance)."""
    return value if isinstance(value, Fraction) else Fraction(value)


def format_number_uncached(value: Decimal | Fraction | int | float, max_decimals: int = 2) -> str:
    """Format a number by ISMP rules: no trailing zeros, a leading zero, thousands separators.

    >>> format_number(Decimal("15000"))
    '15,000'
    >>> format_number(Decimal("7.50"))
    '7.5'
    >>> format_number(Decimal(".5"))
    '0.5'
    """
    if type(value) is Decimal:
        pass  # the usual case, before the Fraction check (an abstract-class check, slow for a Decimal)
    elif isinstance(value, int):
        return f"{value:,}"
    elif isinstance(value, Fraction):
        if value.denominator == 1:
            return f"{value.numerator:,}"
        value = EXACT_DISPLAY.divide(Decimal(value.numerator), Decimal(value.denominator))
    elif not isinstance(value, Decimal):
        value = Decimal(str(value))
    if value == value.to_integral_value():
        return f"{int(value):,}"
    # (the rounding given by place: by keyword it costs over a thousand instructions more, for every number shown)
    text = f"{value.quantize(_QUANTA[max_decimals], ROUND_HALF_UP):,f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


#: :func:`format_number_uncached`, kept per value (the same limits and ULNs are shown again and again). A value
#: just computed or read (a new lab value, a ratio) goes to ``format_number_uncached`` itself: keeping it would
#: cost a Decimal hash (thousands of instructions for a number with decimals) for a text rarely asked again.
format_number = lru_cache(maxsize=8192)(format_number_uncached)


def format_against(
    value: Decimal | Fraction, limit: Decimal | Fraction | tuple[Decimal | Fraction, ...], max_decimals: int = 2
) -> str:
    """Format a value compared with one or more limits so that it never reads as a limit unless it is.

    60.04 beside a limit of 60 prints "60.04", not "60"; past six decimals it says "just above 60".
    """
    if type(limit) is not tuple:  # one limit (the usual case): the loop below, without the generator
        for places in range(max_decimals, 7):
            text = format_number_uncached(value, places)
            if value == limit or text != format_number(limit, places):
                return text
        side = "above" if value > limit else "below"
        return f"just {side} {format_number(limit, max_decimals)}"
    limits = limit
    for places in range(max_decimals, 7):
        text = format_number(value, places)
        if all(value == lim or text != format_number(lim, places) for lim in limits):
            return text
    nearest = min(limits, key=lambda lim: abs(value - lim))
    side = "above" if value > nearest else "below"
    return f"just {side} {format_number(nearest, max_decimals)}"


EXACT_DISPLAY = Context(prec=40)
_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(0, 7)}


def format_quantity(value: Decimal | Fraction, unit: str | None, max_decimals: int = 2) -> str:
    number = format_number(value, max_decimals)
    return f"{number} {unit_label(unit)}" if unit else number
