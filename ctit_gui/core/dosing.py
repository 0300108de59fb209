"""Dose display strings that follow ISMP's medication-safety conventions.

No trailing zeros, a leading zero, thousands separators, and words instead of the
error-prone abbreviations: "units" (not IU or U), "by mouth" (not PO),
"subcutaneously" (not SC), "daily" (not QD).
"""

from __future__ import annotations

import re
from decimal import Decimal

from .units import format_number

ROUTE_WORDS = {"oral": "by mouth", "subcutaneous": "subcutaneously"}
FREQUENCY_WORDS = {"daily": "daily"}
#: Abbreviations ISMP lists as error-prone; no printed dose string may contain them as words.
ISMP_FORBIDDEN = ("IU", "U", "SC", "SQ", "PO", "QD", "q.d.", "µg", "cc")
_FORBIDDEN_WORDS = re.compile(r"(?<![\w.])(" + "|".join(re.escape(a) for a in ISMP_FORBIDDEN) + r")(?![\w])")
_TRAILING_ZERO = re.compile(r"\d\.\d*0(?!\d)")
_NAKED_DECIMAL = re.compile(r"(?<![\d\w])\.\d")


def ismp_problems(text: str) -> list[str]:
    """Error-prone abbreviations, trailing zeros or naked decimal points in a printed string."""
    problems = [f"abbreviation {m.group(1)!r}" for m in _FORBIDDEN_WORDS.finditer(text)]
    problems += [f"trailing zero in {m.group(0)!r}" for m in _TRAILING_ZERO.finditer(text)]
    problems += [f"no leading zero in {m.group(0)!r}" for m in _NAKED_DECIMAL.finditer(text)]
    return problems


def amount_text(amount: Decimal, unit: str) -> str:
    return f"{format_number(amount, 3)} {unit}"


def dose_text(drug: str, amount: Decimal, unit: str, route: str, frequency: str | None = "daily") -> str:
    """'hetrombopag 7.5 mg by mouth daily', 'rhTPO 15,000 units subcutaneously daily'."""
    text = f"{drug} {amount_text(amount, unit)} {ROUTE_WORDS[route]}"
    return f"{text} {FREQUENCY_WORDS[frequency]}" if frequency else text
