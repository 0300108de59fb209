"""The case file: one patient on one trial arm (schema ``ctit-case/1``).

Plausibility limits live here, once; the window and the command line use the same
ones. Unknown fields are refused, so a misspelt field is reported rather than read
as missing.
"""

from datetime import date
from decimal import Decimal
from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..i18n import _
from .units import (
    BILIRUBIN_UMOL_PER_MGDL,
    CREATININE_UMOL_PER_MGDL,
    BilirubinUnit,
    CreatinineUnit,
    EnzymeUnit,
    PlateletUnit,
    format_number,
)

CASE_SCHEMA = "ctit-case/1"

#: Plausible input ranges: (lowest allowed, highest allowed, inclusive upper?) per field.
#: A platelet count of 1,000 ×10⁹/L or more is refused: it is almost surely a count per µL.
PLT_E9L_BELOW = Decimal(1000)
PLT_PER_UL_BELOW = Decimal(1_000_000)
WEIGHT_KG_MAX = Decimal(400)
AGE_YEARS_MAX = 130
ENZYME_MAX = Decimal(100_000)
TBIL_UMOL_MAX = Decimal(2000)
CREATININE_UMOL_MAX = Decimal(3000)
INR_MAX = Decimal(20)
ULN_MULTIPLE_CEILING = Decimal(1000)

#: Plausible upper limits of normal per lab and unit (input plausibility, not a registry rule):
#: laboratories' reference ranges fall well inside these; a ULN outside them is almost surely
#: in another unit (bilirubin ULN 21 entered as mg/dL is a µmol/L figure) and is refused.
#: Checked by ``session.protocol_problems`` (not by the model), so a stored case written
#: before this rule still opens, with the problem listed, to be corrected.
ULN_PLAUSIBLE: dict[tuple[str, str], tuple[Decimal, Decimal]] = {
    ("tbil", "umol/L"): (Decimal(5), Decimal(50)),
    ("tbil", "mg/dL"): (Decimal("0.3"), Decimal(3)),
    ("creatinine", "umol/L"): (Decimal(40), Decimal(200)),
    ("creatinine", "mg/dL"): (Decimal("0.4"), Decimal("2.3")),
    ("alt", "U/L"): (Decimal(10), Decimal(200)),
    ("ast", "U/L"): (Decimal(10), Decimal(200)),
    ("inr", ""): (Decimal("0.8"), Decimal(2)),
}
_UNIT_WORDS = {"umol/L": "µmol/L", "mg/dL": "mg/dL", "U/L": "U/L", "": ""}
_LAB_WORDS = {"tbil": "total bilirubin", "creatinine": "creatinine", "alt": "ALT", "ast": "AST", "inr": "INR"}


def uln_problem(lab: str, unit: str, uln: Decimal | None) -> str | None:
    """Why this ULN is not plausible for this lab and unit (naming the likely unit), or None; in the current
    language."""
    limits = None if uln is None else ULN_PLAUSIBLE.get((lab, unit))
    if limits is None:
        return None
    low, high = limits
    if low <= uln <= high:
        return None
    text = _("{value} is not a plausible upper limit of normal for {lab} (expected {expected})",
             value=f"{format_number(uln, 4)} {_UNIT_WORDS[unit]}".strip(), lab=_(_LAB_WORDS[lab]),
             expected=f"{format_number(low, 2)}–{format_number(high, 2)} {_UNIT_WORDS[unit]}".strip())
    for (other_lab, other_unit), (o_low, o_high) in ULN_PLAUSIBLE.items():
        if other_lab == lab and other_unit != unit and o_low <= uln <= o_high:
            return _("{problem}; {value} looks like {likely_unit}, not {unit}", problem=text,
                     value=format_number(uln, 4), likely_unit=_UNIT_WORDS[other_unit], unit=_UNIT_WORDS[unit])
    if lab in ("alt", "ast") and uln < low:
        return _("{problem}; it may be in µkat/L: enter U/L", problem=text)
    if lab == "inr" and uln > high:
        return _("{problem}; it may be a prothrombin time in seconds: enter the INR's upper limit", problem=text)
    return _("{problem}; check the laboratory's reference range and the unit", problem=text)


#: Every number has at most this many digits, so exact arithmetic on it never rounds.
MAX_DIGITS = 24
NonNegativeDecimal = Annotated[Decimal, Field(ge=0, allow_inf_nan=False, max_digits=MAX_DIGITS)]
PositiveDecimal = Annotated[Decimal, Field(gt=0, allow_inf_nan=False, max_digits=MAX_DIGITS)]


class _Strict(BaseModel):
    #: Built when first used (issue 17): the parts of a case are built once, inside ``Case``.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _check_platelet_value(value: Decimal, unit: str) -> None:
    if unit == "10^9/L" and value >= PLT_E9L_BELOW:
        raise ValueError(_(
            "a platelet count of 1,000 ×10⁹/L or more is not plausible; "
            "it looks like a count per µL: choose the unit /uL"
        ))
    if unit == "/uL":
        if value >= PLT_PER_UL_BELOW:
            raise ValueError(_("a platelet count must be less than 1,000,000 /µL"))
        if 0 < value < PLT_E9L_BELOW:
            raise ValueError(_(
                "a platelet count under 1,000 /µL is not plausible; "
                "it looks like a count in ×10⁹/L: choose the unit 10^9/L"
            ))


class PlateletCount(_Strict):
    value: NonNegativeDecimal
    unit: PlateletUnit

    @model_validator(mode="after")
    def _plausible(self) -> "PlateletCount":
        _check_platelet_value(self.value, self.unit)
        return self


class EnzymeLab(_Strict):
    """ALT or AST, in U/L, with the laboratory's upper limit of normal."""

    value: Annotated[Decimal, Field(ge=0, le=ENZYME_MAX, allow_inf_nan=False, max_digits=MAX_DIGITS)]
    unit: EnzymeUnit = "U/L"
    uln: Annotated[Decimal, Field(gt=0, le=ENZYME_MAX, allow_inf_nan=False, max_digits=MAX_DIGITS)] | None = None


class _MicromolarLab(_Strict):
    """A lab entered in µmol/L or mg/dL; its plausible ceiling is set in µmol/L and converted."""

    _label: ClassVar[str]
    _ceiling_umol: ClassVar[Decimal]
    _umol_per_mgdl: ClassVar[Decimal]

    @model_validator(mode="after")
    def _plausible(self):
        ceiling = self._ceiling_umol if self.unit == "umol/L" else self._ceiling_umol / self._umol_per_mgdl
        if self.value > ceiling:
            raise ValueError(_("{lab} value must be at most {limit} {unit}", lab=self._label,
                               limit=format_number(ceiling, 1), unit=self.unit))
        return self


class BilirubinLab(_MicromolarLab):
    _label: ClassVar[str] = "bilirubin"
    _ceiling_umol: ClassVar[Decimal] = TBIL_UMOL_MAX
    _umol_per_mgdl: ClassVar[Decimal] = BILIRUBIN_UMOL_PER_MGDL

    value: NonNegativeDecimal
    unit: BilirubinUnit
    uln: PositiveDecimal | None = None


class CreatinineLab(_MicromolarLab):
    _label: ClassVar[str] = "creatinine"
    _ceiling_umol: ClassVar[Decimal] = CREATININE_UMOL_MAX
    _umol_per_mgdl: ClassVar[Decimal] = CREATININE_UMOL_PER_MGDL

    value: NonNegativeDecimal
    unit: CreatinineUnit
    uln: PositiveDecimal | None = None


class InrLab(_Strict):
    value: Annotated[Decimal, Field(gt=0, le=INR_MAX, allow_inf_nan=False, max_digits=MAX_DIGITS)]
    uln: Annotated[Decimal, Field(gt=0, le=INR_MAX, allow_inf_nan=False, max_digits=MAX_DIGITS)] | None = None


class Labs(_Strict):
    plt: PlateletCount | None = None
    alt: EnzymeLab | None = None
    ast: EnzymeLab | None = None
    tbil: BilirubinLab | None = None
    creatinine: CreatinineLab | None = None
    inr: InrLab | None = None
    nadir_plt: PlateletCount | None = None


class Patient(_Strict):
    id: Annotated[str, Field(min_length=1, max_length=64)]
    #: The hospital's record number (住院号 / 门诊号) that laboratory results name; lab import needs it.
    hospital_id: Annotated[str | None, Field(min_length=1, max_length=64)] = None
    #: Who issued ``hospital_id`` (HL7 PID-3.4 / FHIR identifier.system), where the hospital has several.
    hospital_id_authority: Annotated[str | None, Field(min_length=1, max_length=200)] = None
    sex: Literal["female", "male"] | None = None
    age_years: Annotated[int, Field(ge=0, le=AGE_YEARS_MAX)] | None = None
    birth_date: date | None = None
    weight_kg: Annotated[Decimal, Field(gt=0, le=WEIGHT_KG_MAX, allow_inf_nan=False, max_digits=MAX_DIGITS)] | None = None
    childbearing_potential: bool | None = None
    ecog: Annotated[int, Field(ge=0, le=5)] | None = None
    liver_metastases: bool | None = None

    @field_validator("id")
    @classmethod
    def _id_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError(_("the patient id must not be blank"))
        return value


class PlateletCheck(_Strict):
    """A platelet count measured on a treatment day (1–14)."""

    day: Annotated[int, Field(ge=1, le=14)]
    value: NonNegativeDecimal
    unit: PlateletUnit
    bleeding_risk: bool | None = None

    @model_validator(mode="after")
    def _plausible(self) -> "PlateletCheck":
        _check_platelet_value(self.value, self.unit)
        return self


#: Why the ward closed a case (it leaves the ward's worklist; reopening puts it back).
CLOSE_REASONS = ("screen_failure", "withdrawn", "course_completed", "other")


class Closure(_Strict):
    """The ward closed the case: why (one of ``CLOSE_REASONS``) and, for "other", a note."""

    reason: Literal["screen_failure", "withdrawn", "course_completed", "other"]
    note: Annotated[str, Field(max_length=500)] | None = None

    @model_validator(mode="after")
    def _note_for_other(self) -> "Closure":
        if self.reason == "other" and not (self.note and self.note.strip()):
            raise ValueError("closing a case for another reason needs a note saying why")
        return self


class Case(_Strict):
    """One patient on one trial arm. Field names are a contract with other systems."""

    schema_: Literal["ctit-case/1"] = Field(alias="schema")
    patient: Patient
    trial: Annotated[str, Field(min_length=1)]
    arm: Annotated[str, Field(min_length=1)]
    screening_date: date | None = None
    day1: date | None = None
    labs: Labs = Labs()
    answers: dict[str, bool | None] = {}
    platelet_checks: list[PlateletCheck] = []
    notes: Annotated[str, Field(max_length=2000)] | None = None
    #: Set when the ward closed the case (absent while it is open; left out of the file then).
    closure: Closure | None = None

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    @model_validator(mode="after")
    def _consistent(self) -> "Case":
        days = [c.day for c in self.platelet_checks]
        if len(set(days)) < len(days):
            duplicates = sorted({d for d in days if days.count(d) > 1})
            raise ValueError(_("platelet_checks: one check per treatment day; day {days} appears more than once",
                               days=", ".join(str(d) for d in duplicates)))
        screening, birth = self.screening_date, self.patient.birth_date
        if screening and self.day1 and self.day1 < screening:
            raise ValueError(_("day1 must not be before screening_date"))
        if birth and screening and birth > screening:
            raise ValueError(_("patient.birth_date must not be after screening_date"))
        if birth and screening and self.patient.age_years is not None:
            computed = _whole_years(birth, screening)
            if computed != self.patient.age_years:
                raise ValueError(_(
                    "patient.age_years {age} does not match patient.birth_date "
                    "(age {computed} on screening_date): give one, or correct either",
                    age=self.patient.age_years, computed=computed))
        return self

    def check_on(self, day: int) -> PlateletCheck | None:
        return next((c for c in self.platelet_checks if c.day == day), None)

    def to_json(self) -> str:
        """The case as a file: numbers as JSON numbers written exactly (never "52"), so it reads back strictly."""
        from .case_json import dump_json

        return dump_json(self.model_dump(mode="python", by_alias=True, exclude_none=True))

    def to_dict(self) -> dict:
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


def age_on(case: Case) -> int | None:
    """Age in whole years on the screening date (from age_years or birth_date)."""
    patient = case.patient
    if patient.age_years is not None:
        return patient.age_years
    if patient.birth_date is None or case.screening_date is None:
        return None
    return _whole_years(patient.birth_date, case.screening_date)


def _whole_years(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))
