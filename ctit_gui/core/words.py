"""The fixed state words every front end shows (window, sheet, command line).

One place, so the window, the sheet and ``plan`` never disagree; a translation
replaces these values, never the keys. Words with ``{day}`` are format strings.
"""

from __future__ import annotations

from ..i18n import N_

STATE_WORDS: dict[str, str] = {
    # Plan-level blocks (Plan.dosing_block)
    "not_eligible": N_("NOT ELIGIBLE — DO NOT DOSE"),
    "incomplete": N_("SCREENING INCOMPLETE — DO NOT DOSE"),
    "incomplete_detail": N_("SCREENING INCOMPLETE — DO NOT DOSE until eligibility is confirmed"),
    "do_not_dose": N_("DO NOT DOSE"),
    # Event headings
    "stop": N_("STOP"),
    "rescue": N_("RESCUE"),
    "checkpoint": N_("CHECKPOINT"),
    "grade4": N_("GRADE 4 COUNT"),
    # Day states (PlanDay.state)
    "withhold": N_("withhold if not yet given — PLT result meets the stop rule"),
    "stopped": N_("no dose — stopped day {day}"),
    "held": N_("HELD — no dose (site rule — not in registry)"),
    "conditional_stop": N_("only if the day {day} PLT result does not meet the stop rule"),
    "conditional_site": N_("as the site dose table decides after the day {day} PLT result"),
    "conditional_protocol": N_("decide per protocol after the day {day} PLT result"),
    # Readings of a silent registry and trials without rules
    "stop_day_reading": N_(
        "The registry does not say whether the dose on the day of the count that meets the stop rule is given; "
        "the program's reading of this silence: withhold that day's doses if not yet given. "
        "A dose already given that morning is still recorded (given before the result)."
    ),
    "no_rules": N_(
        "The registry defines no stop, rescue or response rule for this trial; "
        "counts are not judged against any."
    ),
    "grade4_text": N_(
        "grade 4 thrombocytopenia (CTCAE v5.0, PLT < 25 ×10⁹/L) — the registry defines no rescue rule for this "
        "trial: decide per protocol and institutional practice"
    ),
    "grade4_rule": N_("CTCAE v5.0 platelet count decreased, grade 4 (< 25 ×10⁹/L) — not a registry rule"),
    "not_used": N_("not used: does not apply"),
    "site_rule": N_("site rule — not in registry"),
    "program_reading": N_("the program's reading of a silent registry"),
}


def word(key: str, **values: object) -> str:
    """A state word, with ``{day}``-style blanks filled."""
    text = STATE_WORDS[key]
    return text.format(**values) if values else text
