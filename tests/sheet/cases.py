"""Cases for the sheet tests, built here so the tests do not depend on the examples' contents."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from ctit_gui.core.protocol import SiteDoseTable, with_site_table
from ctit_gui.core.session import assess, default_protocols, validate_case_data

SYSU = "NCT07334093"
FUJIAN = "NCT07243418"
DAY1 = date(2026, 2, 3)
GENERATED = datetime(2026, 2, 3, 8, 0, tzinfo=timezone(timedelta(hours=8)))
TODAY = date(2026, 2, 3)

_LABS = {
    "plt": {"value": 32, "unit": "10^9/L"},
    "alt": {"value": 30, "unit": "U/L", "uln": 40},
    "ast": {"value": 28, "unit": "U/L", "uln": 40},
    "tbil": {"value": 12, "unit": "umol/L", "uln": 21},
    "creatinine": {"value": 70, "unit": "umol/L", "uln": 97},
    "inr": {"value": 1.0, "uln": 1.2},
}
_BASE = {
    SYSU: {
        "schema": "ctit-case/1",
        "patient": {"id": "SHEET-1", "sex": "female", "age_years": 52, "weight_kg": 58.5,
                    "childbearing_potential": False, "ecog": 1, "liver_metastases": False},
        "trial": SYSU,
        "arm": "hetrombopag",
        "screening_date": "2026-02-02",
        "day1": DAY1.isoformat(),
        "labs": _LABS,
        "answers": {"IN2": True, "IN3": True, "IN6": True, "IN7": True, "IN8": True,
                    **{f"EX{n}": False for n in (1, 2, 3, 4, 5, 7, 8, 9, 10, 11)}},
    },
    FUJIAN: {
        "schema": "ctit-case/1",
        "patient": {"id": "SHEET-2", "sex": "female", "age_years": 58, "weight_kg": 55,
                    "childbearing_potential": False, "ecog": 0, "liver_metastases": False},
        "trial": FUJIAN,
        "arm": "primary",
        "screening_date": "2026-02-01",
        "day1": DAY1.isoformat(),
        "labs": {**_LABS, "plt": {"value": 142, "unit": "10^9/L"}, "nadir_plt": {"value": 60, "unit": "10^9/L"}},
        "answers": {"IN2": True, "IN3": True, "IN4": True, "IN6.3": True, "IN7": True, "IN8": True,
                    "IN9": True, "IN10": True, "IN11": True,
                    **{f"EX{n}": False for n in (2, 3, 4, 5, 6, 7, 8, 9, 10, 14, 15, 16, 17, 18)}},
    },
}


def case_data(trial: str = SYSU, arm: str | None = None, patient_id: str | None = None,
              checks: list[tuple[int, int | str, bool]] = (), **changes) -> dict:
    """A complete case dict; ``checks`` are (day, PLT ×10⁹/L, bleeding risk)."""
    data = copy.deepcopy(_BASE[trial])
    if arm:
        data["arm"] = arm
    if patient_id:
        data["patient"]["id"] = patient_id
    data["platelet_checks"] = [{"day": d, "value": v, "unit": "10^9/L", "bleeding_risk": b} for d, v, b in checks]
    if trial == FUJIAN and data["arm"] == "secondary":  # cohort 2 needs the previous cycle's nadir (IN3)
        data["labs"]["nadir_plt"] = {"value": 62, "unit": "10^9/L"}
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def assessed(trial: str = SYSU, arm: str | None = None, patient_id: str | None = None,
             checks: list[tuple[int, int | str, bool]] = (), site_rows: list[dict] | None = None,
             today: date = TODAY, **changes):
    """The core's assessment of a built case, optionally with a site dose table of ``site_rows``."""
    protocols = default_protocols()
    if site_rows is not None:
        table = SiteDoseTable.model_validate({"format": "ctit-site-dose-table/1", "trial": FUJIAN,
                                              "drug": "hetrombopag", "approved_by": "Site pharmacy",
                                              "rows": site_rows})
        protocols = {**protocols, FUJIAN: with_site_table(protocols[FUJIAN], table)}
    case = validate_case_data(case_data(trial, arm, patient_id, checks, **changes), protocols)
    return assess(case, protocols, today)


#: A site table whose 2.5 mg row must print with its decimal point.
SITE_ROWS = [
    {"plt": {"below": 100}, "action": "dose", "amount": Decimal("7.5"), "unit": "mg", "source": "site sheet v1"},
    {"plt": {"at_least": 100, "below": 200}, "action": "dose", "amount": Decimal("2.5"), "unit": "mg",
     "source": "site sheet v1"},
    {"plt": {"at_least": 200}, "action": "hold", "source": "site sheet v1"},
]
