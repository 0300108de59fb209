"""Every sentence the sheet prints, composed from the core's results (no reportlab here).

Nothing clinical is decided here: doses, verdicts, events and thresholds come from the
core's :class:`~ctit_gui.core.session.Assessment` and the protocol file. This module
only puts them into words, following ISMP's conventions (numbers via
``core.units.format_number``; thresholds in words: "less than 20", "100 or more").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from ..core.case import age_on
from ..core.words import STATE_WORDS
from ..core.eligibility import VERDICT_WORDS, CriterionResult
from ..core.labs import ctcae_platelet_grade, measurement
from ..core.plan import SITE_RULE_MARK, PlanDay
from ..core.protocol import PlateletRange, PlateletThresholdRule, RescueRule
from ..core.session import Assessment
from ..core.units import format_number, unit_label
from ..store.hashing import case_content_hash  # noqa: F401 - the one case hash, the store's

PLT_UNIT = unit_label("10^9/L")  # "×10⁹/L"
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # fixed English: not the locale's
STOPPED = "STOPPED — no dose"
HELD = "HELD — no dose"
NOT_SCHEDULED = "not scheduled — no dose"
CHECKPOINT = STATE_WORDS["checkpoint"]
STOP = STATE_WORDS["stop"]
RESCUE = STATE_WORDS["rescue"]
NOT_RECORDED = "not recorded"

EVENT_LABELS = {
    "stop": "STOP STUDY DRUG",
    "response": "PRIMARY ENDPOINT REACHED",
    "rescue": "RESCUE THERAPY",
    "dose_adjustment": "DOSE ADJUSTMENT",
    "dose_review": "DOSE REVIEW",
    "incomplete": "INFORMATION MISSING",
    "overdue": "PLT CHECK OVERDUE",
    "grade4": STATE_WORDS["grade4"],
}
#: Events drawn with a heavy frame: they change what the nurse gives today.
URGENT_EVENTS = frozenset({"stop", "rescue", "dose_adjustment"})


def clip(text: str, limit: int | None, where: str) -> str:
    """``text`` cut to about ``limit`` characters, saying how much is left out and where to find it."""
    if limit is None or len(text) <= limit:
        return text
    kept = text[:limit].rstrip()
    return f"{kept} … ({len(text) - len(kept)} more characters: see {where})"


def short_hash(digest: str) -> str:
    return digest[:12]


def plt_quantity(value) -> str:
    return f"{format_number(value, 2)} {PLT_UNIT}"


def date_text(day: date | None) -> str:
    return f"{WEEKDAYS[day.weekday()]} {day.isoformat()}" if day else ""


def generated_text(moment: datetime) -> str:
    """'2026-02-03 08:00 +08:00' — minutes, with the offset, so the time is unambiguous."""
    offset = moment.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else ""
    return f"{moment.strftime('%Y-%m-%d %H:%M')} {offset}".strip()


# --- header -------------------------------------------------------------------------------------

def header_fields(assessment: Assessment) -> list[tuple[str, str]]:
    case, loaded = assessment.case, assessment.loaded
    protocol = loaded.protocol
    arm = protocol.arm(case.arm)
    patient = case.patient
    age = age_on(case)
    age_words = NOT_RECORDED if age is None else f"{age} years"
    if age is not None and patient.birth_date:
        age_words += f" (born {patient.birth_date.isoformat()})"
    plt = measurement(case, "plt")
    baseline = (
        f"{plt.describe().removeprefix('PLT ')} — CTCAE grade {ctcae_platelet_grade(plt.value)}"
        if plt else "not entered"
    )
    source = f"protocol file version {protocol.version}, sha256 {loaded.short_hash}"
    if loaded.site_table_sha256:
        source += f"; site dose table sha256 {short_hash(loaded.site_table_sha256)}"
    return [
        ("Patient id", patient.id),
        ("Sex", patient.sex or NOT_RECORDED),
        ("Age", age_words),
        ("Weight", f"{format_number(patient.weight_kg, 2)} kg" if patient.weight_kg else NOT_RECORDED),
        ("Screening", case.screening_date.isoformat() if case.screening_date else NOT_RECORDED),
        ("Day 1", date_text(case.day1) or "not set — write the dates in by hand"),
        ("Baseline PLT", baseline),
        ("Arm", arm.label),
        ("Regimen", arm.regimen),
        ("Protocol", source),
    ]


def trial_title(assessment: Assessment) -> str:
    protocol = assessment.loaded.protocol
    return f"{protocol.id} — {protocol.short_title}"


# --- eligibility --------------------------------------------------------------------------------

def verdict_text(verdict: str) -> str:
    return f"Eligibility: {VERDICT_WORDS[verdict].upper()}"


def criterion_status(result: CriterionResult) -> str:
    if result.holds is None:
        return "unknown"
    if result.kind == "exclusion":
        return "present — excludes" if result.holds else "absent"
    return "met" if result.holds else "not met"


def blocking_rows(assessment: Assessment) -> list[tuple[str, str, str]]:
    """(criterion ids, status, reason) for every criterion not met, excluding, or unknown.

    Criteria with the same status and reason share a row ("IN2, IN3, EX4 — unknown — not
    yet attested by the clinician"), so a half-filled case still fits on the sheet.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for result in assessment.eligibility.criteria:
        if result.blocking:
            groups.setdefault((criterion_status(result), result.reason), []).append(result.id)
    return [(", ".join(ids), status, reason) for (status, reason), ids in groups.items()]


def evaluated_line(generated_at: datetime) -> str:
    return f"Evaluated on {generated_at.date().isoformat()} by ______________________________"


# --- calendar -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class DoseCell:
    """One drug on one day: what the nurse reads, and whether a dose is to be given."""

    text: str
    detail: str | None
    give: bool
    per_kg: str | None = None  # never set: no per-kg figure beside a flat registry dose (issue 9)


def arm_drugs(assessment: Assessment) -> list[str]:
    drugs: list[str] = []
    for dose in assessment.loaded.protocol.arm(assessment.case.arm).doses:
        if dose.drug not in drugs:
            drugs.append(dose.drug)
    return drugs


def dose_cell(assessment: Assessment, day: PlanDay, drug: str) -> DoseCell:
    if day.state == "stopped":
        return DoseCell(STOPPED, None, False)
    if day.state == "do_not_dose":  # not eligible / screening incomplete: nothing that looks dosable
        return DoseCell(STATE_WORDS["do_not_dose"], None, False)
    planned = next((d for d in day.doses if d.drug == drug), None)
    if planned is not None:
        # No per-kg figure: the registry dose of rhTPO is a flat 15,000 units daily, and a per-kg
        # figure invites a reader used to per-kg rhTPO dosing to "correct" it (issue 9).
        per_kg = None
        detail = f"adjusted: {SITE_RULE_MARK}" if planned.site_rule else None
        return DoseCell(planned.text, detail, True, per_kg)
    scheduled = any(d.drug == drug and d.first_day <= day.day <= d.last_day
                    for d in assessment.loaded.protocol.arm(assessment.case.arm).doses)
    if scheduled:
        return DoseCell(HELD, SITE_RULE_MARK, False)
    return DoseCell(NOT_SCHEDULED, None, False)


@dataclass(frozen=True)
class NoDoseLine:
    text: str


def no_dose_line(assessment: Assessment, day: PlanDay, drugs: list[str]) -> NoDoseLine | None:
    """The one line of a day on which no drug is given (stopped), naming the drugs; None otherwise."""
    if day.state != "stopped":
        return None
    return NoDoseLine(f"{', '.join(drugs)}: {day.state_text}")


def is_rescue_count(day: PlanDay, assessment: Assessment) -> bool:
    """Whether this day's count is at rescue level (current or superseded: the row keeps its mark)."""
    return any(e.kind == "rescue" and e.day == day.day for e in assessment.plan.events)


def _n(value) -> str:
    return format_number(value, 2)


def stop_limit_words(limits) -> str | None:
    """"PLT ≥ 100 or ≥ 82 (baseline 32 + 50)": this patient's stop limits, from the core's numbers."""
    if limits.stop_plt_at_least is None:
        return None
    if limits.stop_plt_from_baseline is not None:
        return (f"PLT ≥ {_n(limits.stop_plt_at_least)} or ≥ {_n(limits.stop_plt_from_baseline)} "
                f"(baseline {_n(limits.baseline_plt)} + {_n(limits.stop_rise_at_least)})")
    return (f"PLT ≥ {_n(limits.stop_plt_at_least)} or a rise ≥ {_n(limits.stop_rise_at_least)} from baseline "
            "(baseline PLT not entered: ask for it)")


def below_stop_words(limits) -> str:
    """"< 100 and < 82": a count that does not meet the stop rule."""
    if limits.stop_plt_from_baseline is not None:
        return f"< {_n(limits.stop_plt_at_least)} and < {_n(limits.stop_plt_from_baseline)}"
    return f"< {_n(limits.stop_plt_at_least)} and a rise < {_n(limits.stop_rise_at_least)} from baseline"


def checkpoint_limits(assessment: Assessment, day: PlanDay) -> str | None:
    """The line under a pending checkpoint: this patient's numbers, so nobody has to work them out."""
    if not day.checkpoint or day.platelet_count is not None or day.state in ("stopped", "do_not_dose"):
        return None
    limits = assessment.plan.limits
    parts = []
    stop = stop_limit_words(limits)
    if stop:
        parts.append(f"Stop if {stop}.")
    if limits.rescue_plt_at_most is not None:
        parts.append(f"Rescue if PLT ≤ {_n(limits.rescue_plt_at_most)}, or < "
                     f"{_n(limits.rescue_plt_below_with_bleeding)} with bleeding risk.")
    if day.day >= len(assessment.plan.days):
        pass  # the course ends with this count: no dose follows it
    elif limits.dose_per_site_table is True:
        parts.append(f"Dose per site table (page 2) from day {day.day + 1}.")
    elif limits.dose_per_site_table is False:
        parts.append("No site table: decide the dose per protocol.")
    if stop:
        parts.append(f"Doses from today on: give only if today's count does not meet the stop rule: "
                     f"{below_stop_words(limits)}.")
    parts.append("Reprint after this check.")
    return f"Day {day.day} {CHECKPOINT} (PLT {PLT_UNIT}): " + " ".join(parts)


def conditional_note(assessment: Assessment, day: PlanDay) -> str | None:
    """The Notes cell of a day whose doses depend on a checkpoint count not recorded yet."""
    note = _conditional_note(assessment, day)
    return note.replace("< ", "<\u00a0") if note else None  # a sign never ends a line apart from its number


def _conditional_note(assessment: Assessment, day: PlanDay) -> str | None:
    checkpoint = day.conditional_on
    if checkpoint is None or day.state != "planned":
        return None
    limits = assessment.plan.limits
    if limits.stop_plt_at_least is not None:
        if limits.stop_plt_from_baseline is not None:
            return (f"only if day {checkpoint} PLT < {_n(limits.stop_plt_at_least)} "
                    f"and < {_n(limits.stop_plt_from_baseline)}")
        return f"only if day {checkpoint} PLT < {_n(limits.stop_plt_at_least)} and rise < {_n(limits.stop_rise_at_least)}"
    if limits.dose_per_site_table:
        return f"dose per site table after day {checkpoint} PLT"
    return f"decide per protocol after day {checkpoint} PLT"


def withhold_line(assessment: Assessment, day: PlanDay) -> str | None:
    """Under the stop-count day: withhold if not given; its boxes record only a dose given before the result."""
    if day.state != "withhold":
        return None
    return (f"Day {day.day}: {STATE_WORDS['withhold']}. Tick a box only for a dose given before the result "
            "(given before the result).")


def plt_cell(day: PlanDay, assessment: Assessment | None = None) -> str | None:
    if day.platelet_count is None:
        return None
    text = format_number(day.platelet_count, 2)
    if day.platelet_check.bleeding_risk:
        text += "\nbleeding risk"
    if assessment is not None and is_rescue_count(day, assessment):
        text += f"\n{RESCUE} level"
    elif day.ctcae_grade == "4":
        text += "\ngrade 4"
    if day.is_response_day:
        text += "\nendpoint reached"
    return text


# --- rules --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleLine:
    title: str
    words: str
    source: str | None
    site_rule: bool = False


def _threshold_words(rule: PlateletThresholdRule) -> str:
    return (f"PLT {plt_quantity(rule.plt_at_least)} or more, or a rise of "
            f"{plt_quantity(rule.rise_at_least)} or more from baseline")


def _rescue_words(rule: RescueRule) -> str:
    return (f"PLT {plt_quantity(rule.plt_at_most)} or less, or less than "
            f"{plt_quantity(rule.plt_below_with_bleeding_risk)} with bleeding risk: "
            f"give rescue therapy ({rule.action})")


def band_words(band: PlateletRange) -> str:
    if band.at_least is not None and band.below is not None:
        return f"PLT {plt_quantity(band.at_least)} or more and less than {plt_quantity(band.below)}"
    if band.below is not None:
        return f"PLT less than {plt_quantity(band.below)}"
    if band.at_least is not None:
        return f"PLT {plt_quantity(band.at_least)} or more"
    return "any PLT"


def _days_words(days: list[int]) -> str:
    items = [str(d) for d in days]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def rule_lines(assessment: Assessment) -> list[RuleLine]:
    protocol = assessment.loaded.protocol
    lines: list[RuleLine] = []
    if protocol.stop_rule:
        lines.append(RuleLine("Stop study drug", _threshold_words(protocol.stop_rule) + ": stop study drug",
                              protocol.stop_rule.source, protocol.stop_rule.site_rule))
    if protocol.rescue_rule:
        lines.append(RuleLine("Rescue", _rescue_words(protocol.rescue_rule),
                              protocol.rescue_rule.source, protocol.rescue_rule.site_rule))
    if protocol.response_rule:
        rule = protocol.response_rule
        within = f" within {rule.within_days} days" if rule.within_days else ""
        lines.append(RuleLine("Primary endpoint", _threshold_words(rule) + within, rule.source, rule.site_rule))
    checkpoints = protocol.checkpoint_days
    lines.append(RuleLine(
        "PLT checks", f"days {_days_words(checkpoints.days)}: write the count in the boxed PLT cell",
        checkpoints.source or (checkpoints.note or SITE_RULE_MARK), checkpoints.site_rule,
    ))
    if protocol.dose_adjustment:
        lines.append(RuleLine("Dose adjustment", "by PLT at each check; the registry gives no table",
                              protocol.dose_adjustment.source, protocol.dose_adjustment.site_rule))
    return lines


def site_table_rows(assessment: Assessment) -> tuple[str, list[tuple[str, str]]] | None:
    """(title, [(PLT band, action)]) for the site's dose table, or None when the trial has none."""
    loaded = assessment.loaded
    if loaded.protocol.dose_adjustment is None:
        return None
    table = loaded.site_table
    title = f"Site dose-adjustment table — {SITE_RULE_MARK}"
    if table is None or not table.rows:
        return title, [("no rows configured", "decide the dose per protocol at each PLT check")]
    route = next((d.route for d in loaded.protocol.arm(assessment.case.arm).doses if d.drug == table.drug), None)
    from ..core.dosing import dose_text

    rows = []
    for row in table.rows:
        if row.action == "hold":
            action = f"hold {table.drug}"
        else:
            action = dose_text(table.drug, Decimal(row.amount), row.unit, route or "oral")
        rows.append((band_words(row.plt), action))
    if table.approved_by:
        title += f" (approved by {table.approved_by})"
    return title, rows


def rule_quote(rule: str) -> str:
    """A registry sentence in quotes; a site rule said to be one."""
    if rule.startswith(SITE_RULE_MARK):
        return rule
    return f"Registry: \"{rule}\""


def response_status(assessment: Assessment) -> str | None:
    response = assessment.plan.response
    if not response.defined:
        return None
    if response.reached:
        return f"Primary endpoint: reached on day {response.day}"
    if response.reached is None:
        return "Primary endpoint: cannot be decided yet (baseline PLT missing)"
    return "Primary endpoint: not reached so far"


def reprint_reminder(assessment: Assessment) -> str | None:
    """Said under the calendar while a checkpoint count is still to come."""
    pending = [d.day for d in assessment.plan.days if d.checkpoint and d.platelet_count is None
               and d.state not in ("stopped", "do_not_dose")]
    if not pending:
        return None
    return (f"Doses from each pending checkpoint on depend on its count: reprint this sheet after each "
            f"checkpoint (next: day {pending[0]}).")


def dosing_block(assessment: Assessment) -> str | None:
    """'not_eligible' or 'incomplete' when this patient must not be dosed from this sheet, else None."""
    return assessment.plan.dosing_block


def do_not_dose_words(block: str) -> str:
    """"NOT ELIGIBLE — DO NOT DOSE" / "SCREENING INCOMPLETE — DO NOT DOSE": the core's words."""
    return STATE_WORDS[block]
