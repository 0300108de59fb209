"""Fully eligible baseline cases for the eligibility tests: each test changes one thing.

The baselines are written from the registry records, not from the protocol files:
which criteria a clinician must attest is this file's own reading of the registry
text, so a criterion the core classifies differently shows up as a failing test
(an unanswered criterion leaves the verdict 'incomplete').

Values are given as JSON would deliver them (int/float), so the tests exercise the
same path as a case file read from disk.
"""

from __future__ import annotations

import copy
from decimal import Decimal

from ctit_gui.core.eligibility import assess_eligibility
from ctit_gui.core.session import default_protocols, validate_case_data

SYSU = "NCT07334093"  # hetrombopag + rhTPO for established CTIT (solid tumours)
FUJIAN = "NCT07243418"  # hetrombopag to prevent ADC-induced thrombocytopenia (breast cancer)

ARMS = {SYSU: ("rhtpo+hetrombopag", "hetrombopag"), FUJIAN: ("primary", "secondary")}
TRIAL_ARMS = [(trial, arm) for trial, arms in ARMS.items() for arm in arms]

#: Criteria decided only by the clinician (history, consent, ...), per the registry text.
#: True = the statement holds for the baseline patient.
ATTESTED = {
    SYSU: {
        "IN2": True,  # confirmed solid tumour
        "IN3": True,  # receiving anti-cancer therapy
        "IN6": True,  # life expectancy >= 12 weeks
        "IN7": True,  # pregnancy test / contraception (women of CBP; men with partners of CBP)
        "IN8": True,  # consent
        "EX1": False,  # pregnant or breastfeeding
        **{f"EX{n}": False for n in (2, 3, 4, 5, 7, 8, 9, 10, 11)},
    },
    FUJIAN: {
        "IN2": True,  # breast cancer confirmed
        "IN3": True,  # cohort clause (cohort 2: ADC in previous cycle, same regimen >= 2 cycles)
        "IN4": True,  # survival >= 12 weeks
        "IN6.3": True,  # "some prothrombin times are within the normal range" (not computable)
        "IN7": True,  # contraception (women of childbearing age and men), not lactating
        "IN8": True,
        "IN9": True,
        "IN10": True,
        "IN11": True,
        **{f"EX{n}": False for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18)},
    },
}

SCREENING = "2026-02-02"
DAY1 = "2026-02-03"

_BASE = {
    SYSU: {
        "schema": "ctit-case/1",
        # A woman of childbearing potential: every pregnancy criterion is live in the baseline.
        "patient": {"id": "ELIG-A", "sex": "female", "age_years": 52, "weight_kg": 58.5,
                    "childbearing_potential": True, "ecog": 1, "liver_metastases": False},
        "trial": SYSU,
        "arm": "rhtpo+hetrombopag",
        "screening_date": SCREENING,
        "day1": DAY1,
        "labs": {
            "plt": {"value": 32, "unit": "10^9/L"},  # grade 3, well below 50
            "alt": {"value": 30, "unit": "U/L", "uln": 40},  # 0.75 x ULN
            "ast": {"value": 28, "unit": "U/L", "uln": 40},  # 0.7 x ULN
            "tbil": {"value": 12, "unit": "umol/L", "uln": 21},  # 0.57 x ULN
            "creatinine": {"value": 80, "unit": "umol/L", "uln": 97},
            "inr": {"value": 1.0, "uln": 1.2},
        },
    },
    FUJIAN: {
        "schema": "ctit-case/1",
        "patient": {"id": "ELIG-B", "sex": "female", "age_years": 52, "weight_kg": 60,
                    "childbearing_potential": True, "ecog": 1, "liver_metastases": False},
        "trial": FUJIAN,
        "arm": "primary",
        "screening_date": SCREENING,
        "day1": DAY1,
        "labs": {
            "plt": {"value": 150, "unit": "10^9/L"},  # far above the EX1 limit of 10
            "alt": {"value": 30, "unit": "U/L", "uln": 40},
            "ast": {"value": 28, "unit": "U/L", "uln": 40},
            "tbil": {"value": 12, "unit": "umol/L", "uln": 21},
            # 60 umol/L = 0.679 mg/dL; CG (140-52) x 60 / (72 x 0.679) x 0.85 = 91.8 mL/min, > 60
            "creatinine": {"value": 60, "unit": "umol/L", "uln": 97},
            "inr": {"value": 1.0, "uln": 1.2},  # 0.83 x ULN
        },
    },
}

#: The cohort-2 nadir from the previous cycle: 62 x10^9/L, well below 75.
SECONDARY_NADIR = {"value": 62, "unit": "10^9/L"}

REMOVE = object()  # sentinel: delete the field at this path


def case_dict(trial: str, arm: str | None = None, changes: dict | None = None, **answers) -> dict:
    """The eligible baseline for ``trial``/``arm`` with ``changes`` applied.

    ``changes`` maps dotted paths ("patient.age_years", "labs.alt") to new values,
    or to :data:`REMOVE`. Keyword arguments override single attested answers
    (``IN2=None`` removes the answer: unknown).
    """
    data = copy.deepcopy(_BASE[trial])
    data["arm"] = arm or ARMS[trial][0]
    data["answers"] = dict(ATTESTED[trial])
    if trial == FUJIAN and data["arm"] == "secondary":
        data["labs"]["nadir_plt"] = dict(SECONDARY_NADIR)
    for key, value in answers.items():
        key = key.replace("_", ".")
        if value is None:
            data["answers"].pop(key, None)
        else:
            data["answers"][key] = value
    for path, value in (changes or {}).items():
        *parents, leaf = path.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        if value is REMOVE:
            node.pop(leaf, None)
        else:
            node[leaf] = value
    return data


def make_case(trial: str, arm: str | None = None, changes: dict | None = None, **answers):
    return validate_case_data(case_dict(trial, arm, changes, **answers))


def assess(trial: str, arm: str | None = None, changes: dict | None = None, **answers):
    """The eligibility of the baseline with ``changes``."""
    case = make_case(trial, arm, changes, **answers)
    return assess_eligibility(default_protocols()[trial].protocol, case)


def criterion(eligibility, criterion_id: str):
    matches = [c for c in eligibility.criteria if c.id == criterion_id]
    assert len(matches) == 1, f"{criterion_id}: expected exactly one result, got {len(matches)}"
    return matches[0]


def num(value: Decimal | str | int) -> int | float:
    """A decimal as JSON would carry it (int if whole, else the float with that shortest repr)."""
    value = Decimal(str(value))
    return int(value) if value == value.to_integral_value() else float(value)


def lab(value, uln=None, unit: str | None = None) -> dict:
    """A lab entry; ``unit`` None means no unit field (INR)."""
    entry = {"value": num(value)}
    if unit is not None:
        entry["unit"] = unit
    if uln is not None:
        entry["uln"] = num(uln)
    return entry


def times(multiple, uln) -> Decimal:
    """multiple x ULN, exactly (the value a clinician would type for that ratio)."""
    return Decimal(str(multiple)) * Decimal(str(uln))
