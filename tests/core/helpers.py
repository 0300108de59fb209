"""Small builders for core tests: a valid case dict per trial arm, changed one field at a time."""

import copy
from datetime import date

from ctit_gui.core.session import validate_case_data

BASE = {
    "NCT07334093": {
        "schema": "ctit-case/1",
        "patient": {"id": "T-1", "sex": "female", "age_years": 52, "weight_kg": 58.5,
                    "childbearing_potential": False, "ecog": 1, "liver_metastases": False},
        "trial": "NCT07334093",
        "arm": "hetrombopag",
        "screening_date": "2026-01-24",
        "day1": "2026-01-25",
        "labs": {"plt": {"value": 32, "unit": "10^9/L"}},
    },
    "NCT07243418": {
        "schema": "ctit-case/1",
        "patient": {"id": "T-2", "sex": "female", "age_years": 50, "weight_kg": 60,
                    "childbearing_potential": False, "ecog": 1, "liver_metastases": False},
        "trial": "NCT07243418",
        "arm": "primary",
        "screening_date": "2026-01-24",
        "day1": "2026-01-25",
        "labs": {"plt": {"value": 150, "unit": "10^9/L"}},
    },
}


def case_dict(trial: str = "NCT07334093", **changes) -> dict:
    data = copy.deepcopy(BASE[trial])
    for key, value in changes.items():
        data[key] = value
    return data


def make_case(trial: str = "NCT07334093", **changes):
    return validate_case_data(case_dict(trial, **changes))


def check(day: int, value, unit: str = "10^9/L", bleeding_risk=False) -> dict:
    return {"day": day, "value": value, "unit": unit, "bleeding_risk": bleeding_risk}


FAR_FUTURE = date(2000, 1, 1)
