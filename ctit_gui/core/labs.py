"""Derived lab values: canonical units, CTCAE platelet grade, Cockcroft-Gault clearance.

Every derived value remembers how it was obtained, so a reason can quote it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import NamedTuple

from .case import Case, age_on
from .messages import Word, Words, message
from .units import (
    CANONICAL_UNIT,
    CREATININE_UMOL_PER_MGDL,
    format_number_uncached,
    format_against,
    format_number,
    to_canonical,
    unit_label,
)

LAB_NAMES: dict[str, str] = {
    "plt": "PLT",
    "nadir_plt": "nadir PLT",
    "alt": "ALT",
    "ast": "AST",
    "tbil": "total bilirubin",
    "creatinine": "creatinine",
    "inr": "INR",
}


class Measurement(NamedTuple):
    """A lab value as entered and converted once to the canonical unit (immutable; a named tuple, as thousands
    are made a second when `check` reads a batch of new values)."""

    name: str
    entered: Decimal
    entered_unit: str | None
    value: Decimal
    unit: str | None
    uln: Decimal | None = None

    def describe(self, against: Decimal | None = None) -> str:
        """'PLT 32,000 /µL = 32 ×10⁹/L' — the entered value, then the converted one if different.

        With ``against`` (a limit in the canonical unit) the converted value never reads as the limit unless it is.
        """
        number = format_number(self.value, 2) if against is None else format_against(self.value, against)
        if against is not None and isinstance(self.value, Decimal):
            exact_text = format_number_uncached(self.value, 6)  # the digits as entered, so no value reads as its limit
            if len(exact_text) > len(number) and Decimal(exact_text.replace(",", "")) == self.value:
                number = exact_text
        canonical = f"{number} {unit_label(self.unit)}" if self.unit else number
        if self.entered_unit != self.unit:
            return f"{self.name} {_quantity(self.entered, self.entered_unit)} = {canonical}"
        return f"{self.name} {canonical}"

    def describe_message(self, against: Decimal | None = None):
        """:meth:`describe` as a message: the lab's name translated where it is shown, the numbers as they are."""
        return message("lab_value", name=Word(self.name), value=self.describe(against)[len(self.name) + 1:])

    @property
    def uln_ratio(self) -> Decimal | None:
        """For display only: decisions compare value with multiple × ULN exactly."""
        return None if self.uln is None else self.value / self.uln


def _quantity(value: Decimal | Fraction, unit: str | None) -> str:
    number = format_number(value, 2)
    return f"{number} {unit_label(unit)}" if unit else number


def measurement(case: Case, measure: str) -> Measurement | None:
    return lab_measurement(getattr(case.labs, measure), measure)


def entry_key(lab) -> tuple | None:
    """A lab entry of the case as a plain key: its type and field values, equal exactly when the frozen models
    compare equal (50 and 50.0 one key), and hashed without pydantic; None for no entry."""
    return None if lab is None else (type(lab), *lab.__dict__.values())


@lru_cache(maxsize=4096)
def lab_measurement(lab, measure: str) -> Measurement | None:
    """A lab entry of the case (a frozen model) converted once; cached, as edits change one lab at a time."""
    return new_measurement(lab, measure)


def new_measurement(lab, measure: str) -> Measurement | None:
    """:func:`lab_measurement` without its cache (for callers that keep the result they derive from it)."""
    if lab is None:
        return None
    fields = lab.__dict__  # a model's fields (an INR has no unit: asking the model would raise and catch an error)
    entered_unit = fields.get("unit")
    uln = fields.get("uln")
    value = fields["value"]
    return Measurement(
        LAB_NAMES[measure],
        value,
        entered_unit,
        to_canonical(measure, value, entered_unit),
        CANONICAL_UNIT[measure],
        None if uln is None else to_canonical(measure, uln, entered_unit),
    )


def platelet_e9l(value: Decimal, unit: str) -> Decimal:
    return to_canonical("plt", value, unit)


def ctcae_platelet_grade(platelet_count: Fraction | Decimal) -> str:
    """CTCAE v5.0 platelet count decreased: grade 2 <75–50, grade 3 <50–25, grade 4 <25.

    Without the lab's lower limit of normal, 75 and above is reported as grade 0–1.
    """
    plt = platelet_count
    if plt < 25:
        return "4"
    if plt < 50:
        return "3"
    if plt < 75:
        return "2"
    return "0–1"


@dataclass(frozen=True)
class CreatinineClearance:
    value: Fraction | None
    message: object  # a core.messages.Message

    @property
    def explanation(self) -> str:
        return self.message.english


def creatinine_clearance(case: Case) -> CreatinineClearance:
    """Cockcroft-Gault with actual body weight, ×0.85 for women, creatinine in mg/dL = µmol/L ÷ 88.4."""
    return _cockcroft_gault(age_on(case), case.patient.weight_kg, case.patient.sex, case.labs.creatinine)


_UMOL_PER_MGDL = CREATININE_UMOL_PER_MGDL.as_integer_ratio()


@lru_cache(maxsize=1024)
def _cockcroft_gault(age: int | None, weight: Decimal | None, sex: str | None, entered) -> CreatinineClearance:
    creatinine = lab_measurement(entered, "creatinine")
    missing = [
        name
        for name, value in (("age", age), ("weight", weight), ("sex", sex), ("serum creatinine", creatinine))
        if value is None
    ]
    if missing:
        return CreatinineClearance(None, message("cockcroft_gault_needs", missing=Words(Word(m) for m in missing)))
    if creatinine.value == 0:
        return CreatinineClearance(None, message("cockcroft_gault_zero"))
    # (140 − age) × weight ÷ (72 × creatinine in mg/dL) [× 85/100] made as one fraction of whole numbers: the same
    # value, so the same fraction, as the steps one by one (which made ten, each reduced by its own gcd).
    c_num, c_den = creatinine.value.as_integer_ratio()  # µmol/L
    u_num, u_den = _UMOL_PER_MGDL
    w_num, w_den = weight.as_integer_ratio()
    creatinine_mgdl = Fraction(c_num * u_den, c_den * u_num)
    f_num, f_den = (85, 100) if sex == "female" else (1, 1)
    value = Fraction((140 - age) * w_num * c_den * u_num * f_num, 72 * w_den * c_num * u_den * f_den)
    factor = Word(" × 0.85 (female)") if sex == "female" else ""
    explanation = message("cockcroft_gault", age=age, weight=format_number(weight, 3),
                          creatinine=format_number(creatinine_mgdl, 2), factor=factor)
    return CreatinineClearance(value, explanation)
