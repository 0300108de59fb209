"""The fixed state words every front end shows (window, sheet, command line).

One place, so the window, the sheet and ``plan`` never disagree; a translation
replaces these values, never the keys. Words with ``{day}`` are format strings.
"""

from __future__ import annotations

STATE_WORDS: dict[str, str] = {
    # Plan-level blocks (Plan.dosing_block)
    "not_eligible": "NOT ELIGIBLE — DO NOT DOSE",
    "incomplete": "SCREENING INCOMPLETE — DO NOT DOSE",
    "incomplete_detail": "SCREENING INCOMPLETE — DO NOT DOSE until eligibility is confirmed",
    "do_not_dose": "DO NOT DOSE",
    # Event headings
    "stop": "STOP",
    "rescue": "RESCUE",
    "checkpoint": "CHECKPOINT",
    "grade4": "GRADE 4 COUNT",
    # Day states (PlanDay.state)
    "withhold": "withhold if not yet given — PLT result meets the stop rule",
    "stopped": "no dose — stopped day {day}",
    "held": "HELD — no dose (site rule — not in registry)",
    "conditional_stop": "only if the day {day} PLT result does not meet the stop rule",
    "conditional_site": "as the site dose table decides after the day {day} PLT result",
    # Readings of a silent registry and trials without rules
    "stop_day_reading": (
        "The registry does not say whether the dose on the day of the count that meets the stop rule is given; "
        "the program's reading of this silence: withhold that day's doses if not yet given. "
        "A dose already given that morning is still recorded (given before the result)."
    ),
    "no_rules": (
        "The registry defines no stop, rescue or response rule for this trial; "
        "counts are not judged against any."
    ),
    "grade4_text": (
        "grade 4 thrombocytopenia (CTCAE v5.0, PLT < 25 ×10⁹/L) — the registry defines no rescue rule for this "
        "trial: decide per protocol and institutional practice"
    ),
    "grade4_rule": "CTCAE v5.0 platelet count decreased, grade 4 (< 25 ×10⁹/L) — not a registry rule",
    "not_used": "not used: does not apply",
    "site_rule": "site rule — not in registry",
    "program_reading": "the program's reading of a silent registry",
}


def word(key: str, **values: object) -> str:
    """A state word, with ``{day}``-style blanks filled."""
    text = STATE_WORDS[key]
    return text.format(**values) if values else text
