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

from .. import i18n
from ..core.case import age_on
from ..core.eligibility import VERDICT_WORDS, CriterionResult
from ..core.labs import ctcae_platelet_grade, measurement
from ..core.plan import SITE_RULE_MARK, PlanDay
from ..core.protocol import PlateletRange, PlateletThresholdRule, RescueRule
from ..core.protocol_translation import NOTICE, sentence_translation
from ..core.render import conditional_note as core_conditional_note
from ..core.render import (
    criterion_reason, date_words, day_state_text, drug_name, id_list, planned_dose_words, protocol_sentence,
    state_words,
)
from ..core.session import Assessment
from ..core.units import format_number, unit_label
from ..core.words import STATE_WORDS
from ..i18n import N_, _
from ..store.hashing import case_content_hash  # noqa: F401 - the one case hash, the store's

PLT_UNIT = unit_label("10^9/L")  # "×10⁹/L"
# The fixed words below are English msgids: shown through _() in the sheet's language (docs/translations.md).
STOPPED = N_("STOPPED — no dose")
HELD = N_("HELD — no dose")
NOT_SCHEDULED = N_("not scheduled — no dose")
CHECKPOINT = STATE_WORDS["checkpoint"]
STOP = STATE_WORDS["stop"]
RESCUE = STATE_WORDS["rescue"]
NOT_RECORDED = N_("not recorded")

EVENT_LABELS = {
    "stop": N_("STOP STUDY DRUG"),
    "response": N_("PRIMARY ENDPOINT REACHED"),
    "rescue": N_("RESCUE THERAPY"),
    "dose_adjustment": N_("DOSE ADJUSTMENT"),
    "dose_review": N_("DOSE REVIEW"),
    "incomplete": N_("INFORMATION MISSING"),
    "overdue": N_("PLT CHECK OVERDUE"),
    "grade4": STATE_WORDS["grade4"],
}
#: Header labels (keys of :func:`header_fields`; printed through :func:`label`).
HEADER_LABELS = (N_("Patient id"), N_("Sex"), N_("Age"), N_("Weight"), N_("Screening"), N_("Day 1"),
                 N_("Baseline PLT"), N_("Arm"), N_("Regimen"), N_("Protocol"))


def label(text: str) -> str:
    """A fixed English word of the sheet in the sheet's language."""
    return i18n.translate_text(text)
#: Events drawn with a heavy frame: they change what the nurse gives today.
URGENT_EVENTS = frozenset({"stop", "rescue", "dose_adjustment"})


def clip(text: str, limit: int | None, where: str) -> str:
    """``text`` cut to about ``limit`` characters, saying how much is left out and where to find it."""
    if limit is None or len(text) <= limit:
        return text
    kept = text[:limit].rstrip()
    return _("{kept} … ({count} more characters: see {where})", kept=kept, count=len(text) - len(kept),
             where=where)


def short_hash(digest: str) -> str:
    return digest[:12]


def plt_quantity(value) -> str:
    return f"{format_number(value, 2)} {PLT_UNIT}"


def date_text(day: date | None) -> str:
    """'Tue 2026-02-03' / '2026-02-03 周二' (fixed words: never the machine's locale)."""
    return date_words(day)


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
    not_recorded = _(NOT_RECORDED)
    age_words = not_recorded if age is None else _("{age} years", age=age)
    if age is not None and patient.birth_date:
        age_words += _(" (born {date})", date=patient.birth_date.isoformat())
    plt = measurement(case, "plt")
    baseline = (
        _("{count} — CTCAE grade {grade}", count=plt.describe().removeprefix("PLT "),
          grade=ctcae_platelet_grade(plt.value))
        if plt else _("not entered")
    )
    source = _("protocol file version {version}, sha256 {hash}", version=protocol.version, hash=loaded.short_hash)
    if loaded.site_table_sha256:
        source += _("; site dose table sha256 {hash}", hash=short_hash(loaded.site_table_sha256))
    sexes = {"female": _("female"), "male": _("male")}
    return [
        ("Patient id", patient.id),
        ("Sex", sexes.get(patient.sex, patient.sex) if patient.sex else not_recorded),
        ("Age", age_words),
        ("Weight", f"{format_number(patient.weight_kg, 2)} kg" if patient.weight_kg else not_recorded),
        ("Screening", case.screening_date.isoformat() if case.screening_date else not_recorded),
        ("Day 1", date_text(case.day1) or _("not set — write the dates in by hand")),
        ("Baseline PLT", baseline),
        ("Arm", protocol_sentence(arm.label)),
        ("Regimen", protocol_sentence(arm.regimen)),
        ("Protocol", source),
    ]


def trial_title(assessment: Assessment) -> str:
    protocol = assessment.loaded.protocol
    return f"{protocol.id} — {protocol_sentence(protocol.short_title)}"


# --- eligibility --------------------------------------------------------------------------------

def verdict_text(verdict: str) -> str:
    return _("Eligibility: {verdict}", verdict=_(VERDICT_WORDS[verdict]).upper())


def criterion_status(result: CriterionResult) -> str:
    if result.holds is None:
        return _("unknown")
    if result.kind == "exclusion":
        return _("present — excludes") if result.holds else _("absent")
    return _("met") if result.holds else _("not met")


def blocking_rows(assessment: Assessment) -> list[tuple[str, str, str]]:
    """(criterion ids, status, reason) for every criterion not met, excluding, or unknown.

    Criteria with the same status and reason share a row ("IN2, IN3, EX4 — unknown — not
    yet attested by the clinician"; 、 between ids in Chinese), so a half-filled case still fits on the sheet.
    """
    groups: dict[tuple[str, str], list[str]] = {}
    for result in assessment.eligibility.criteria:
        if result.blocking:
            groups.setdefault((criterion_status(result), criterion_reason(result)), []).append(result.id)
    return [(id_list(ids), status, reason) for (status, reason), ids in groups.items()]


def excluding_quotes(assessment: Assessment) -> list[tuple[str, str]]:
    """("EX3 — present — excludes", its registry sentence) for each criterion not met or excluding.

    Printed under DO NOT DOSE so the sheet says what the criterion is, not only its id; unknown criteria
    are listed by id only (they are answered in the window, which shows their sentences)."""
    return [(f"{r.id} — {criterion_status(r)}", rule_quote(r.text))
            for r in assessment.eligibility.criteria if r.blocking and r.holds is not None]


def evaluated_line(generated_at: datetime) -> str:
    return _("Evaluated on {date} by ______________________________", date=generated_at.date().isoformat())


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
        return DoseCell(_(STOPPED), None, False)
    if day.state == "do_not_dose":  # not eligible / screening incomplete: nothing that looks dosable
        return DoseCell(state_words("do_not_dose"), None, False)
    planned = next((d for d in day.doses if d.drug == drug), None)
    if planned is not None:
        # No per-kg figure: the registry dose of rhTPO is a flat 15,000 units daily, and a per-kg
        # figure invites a reader used to per-kg rhTPO dosing to "correct" it (issue 9).
        per_kg = None
        detail = _("adjusted: {mark}", mark=_(SITE_RULE_MARK)) if planned.site_rule else None
        return DoseCell(planned_dose_words(planned), detail, True, per_kg)
    scheduled = any(d.drug == drug and d.first_day <= day.day <= d.last_day
                    for d in assessment.loaded.protocol.arm(assessment.case.arm).doses)
    if scheduled:
        return DoseCell(_(HELD), _(SITE_RULE_MARK), False)
    return DoseCell(_(NOT_SCHEDULED), None, False)


@dataclass(frozen=True)
class NoDoseLine:
    text: str


def no_dose_line(assessment: Assessment, day: PlanDay, drugs: list[str]) -> NoDoseLine | None:
    """The one line of a day on which no drug is given (stopped), naming the drugs; None otherwise."""
    if day.state != "stopped":
        return None
    names = _(", ").join(drug_name(d, short=True) for d in drugs)
    return NoDoseLine(_("{drugs}: {state}", drugs=names, state=day_state_text(day)))


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
        return _("PLT ≥ {limit} or ≥ {from_baseline} (baseline {baseline} + {rise})",
                 limit=_n(limits.stop_plt_at_least), from_baseline=_n(limits.stop_plt_from_baseline),
                 baseline=_n(limits.baseline_plt), rise=_n(limits.stop_rise_at_least))
    return _("PLT ≥ {limit} or a rise ≥ {rise} from baseline (baseline PLT not entered: ask for it)",
             limit=_n(limits.stop_plt_at_least), rise=_n(limits.stop_rise_at_least))


def below_stop_words(limits) -> str:
    """"< 100 and < 82": a count that does not meet the stop rule."""
    if limits.stop_plt_from_baseline is not None:
        return _("< {limit} and < {from_baseline}", limit=_n(limits.stop_plt_at_least),
                 from_baseline=_n(limits.stop_plt_from_baseline))
    return _("< {limit} and a rise < {rise} from baseline", limit=_n(limits.stop_plt_at_least),
             rise=_n(limits.stop_rise_at_least))


def checkpoint_limits(assessment: Assessment, day: PlanDay) -> str | None:
    """The line under a pending checkpoint: this patient's numbers, so nobody has to work them out."""
    if not day.checkpoint or day.platelet_count is not None or day.state in ("stopped", "do_not_dose"):
        return None
    limits = assessment.plan.limits
    parts = []
    stop = stop_limit_words(limits)
    if stop:
        parts.append(_("Stop if {limits}.", limits=stop))
    if limits.rescue_plt_at_most is not None:
        parts.append(_("Rescue if PLT ≤ {at_most}, or < {below} with bleeding risk.",
                       at_most=_n(limits.rescue_plt_at_most), below=_n(limits.rescue_plt_below_with_bleeding)))
    if day.day >= len(assessment.plan.days):
        pass  # the course ends with this count: no dose follows it
    elif limits.dose_per_site_table is True:
        parts.append(_("Dose per site table (page 2) from day {day}.", day=day.day + 1))
    elif limits.dose_per_site_table is False:
        parts.append(_("No site table: decide the dose per protocol."))
    if stop:
        parts.append(_("Doses from today on: give only if today's count does not meet the stop rule: {below}.",
                       below=below_stop_words(limits)))
    parts.append(_("Reprint after this check."))
    joiner = "" if i18n.is_chinese() else " "
    return _("Day {day} {checkpoint} (PLT {unit}): ", day=day.day, checkpoint=state_words("checkpoint"),
             unit=PLT_UNIT) + joiner.join(parts)


def conditional_note(assessment: Assessment, day: PlanDay) -> str | None:
    """The Notes cell of a day whose doses depend on a checkpoint count not recorded yet (the core's words,
    the window's calendar shows the same)."""
    return core_conditional_note(assessment.plan, day)


def withhold_line(assessment: Assessment, day: PlanDay) -> str | None:
    """Under the stop-count day: withhold if not given; its boxes record only a dose given before the result."""
    if day.state != "withhold":
        return None
    return _("Day {day}: {withhold}. Tick a box only for a dose given before the result (given before the result).",
             day=day.day, withhold=state_words("withhold"))


def plt_cell(day: PlanDay, assessment: Assessment | None = None) -> str | None:
    if day.platelet_count is None:
        return None
    text = format_number(day.platelet_count, 2)
    if day.platelet_check.bleeding_risk:
        text += "\n" + _("bleeding risk")
    if assessment is not None and is_rescue_count(day, assessment):
        text += "\n" + _("{rescue} level", rescue=state_words("rescue"))
    elif day.ctcae_grade == "4":
        text += "\n" + _("grade 4")
    if day.is_response_day:
        text += "\n" + _("endpoint reached")
    return text


# --- rules --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class RuleLine:
    title: str
    words: str
    source: str | None
    site_rule: bool = False


def _threshold_words(rule: PlateletThresholdRule) -> str:
    return _("PLT {limit} or more, or a rise of {rise} or more from baseline",
             limit=plt_quantity(rule.plt_at_least), rise=plt_quantity(rule.rise_at_least))


def _rescue_words(rule: RescueRule) -> str:
    return _("PLT {at_most} or less, or less than {below} with bleeding risk: give rescue therapy ({action})",
             at_most=plt_quantity(rule.plt_at_most), below=plt_quantity(rule.plt_below_with_bleeding_risk),
             action=protocol_sentence(rule.action))


def band_words(band: PlateletRange) -> str:
    if band.at_least is not None and band.below is not None:
        return _("PLT {low} or more and less than {high}", low=plt_quantity(band.at_least),
                 high=plt_quantity(band.below))
    if band.below is not None:
        return _("PLT less than {high}", high=plt_quantity(band.below))
    if band.at_least is not None:
        return _("PLT {low} or more", low=plt_quantity(band.at_least))
    return _("any PLT")


def _days_words(days: list[int]) -> str:
    items = [str(d) for d in days]
    if len(items) == 1:
        return items[0]
    return _("{items} and {last}", items=_(", ").join(items[:-1]), last=items[-1])


def rule_lines(assessment: Assessment) -> list[RuleLine]:
    protocol = assessment.loaded.protocol
    lines: list[RuleLine] = []
    if protocol.stop_rule:
        lines.append(RuleLine(_("Stop study drug"),
                              _("{rule}: stop study drug", rule=_threshold_words(protocol.stop_rule)),
                              protocol.stop_rule.source, protocol.stop_rule.site_rule))
    if protocol.rescue_rule:
        lines.append(RuleLine(_("Rescue"), _rescue_words(protocol.rescue_rule),
                              protocol.rescue_rule.source, protocol.rescue_rule.site_rule))
    if protocol.response_rule:
        rule = protocol.response_rule
        within = _(" within {days} days", days=rule.within_days) if rule.within_days else ""
        lines.append(RuleLine(_("Primary endpoint"), _threshold_words(rule) + within, rule.source, rule.site_rule))
    checkpoints = protocol.checkpoint_days
    lines.append(RuleLine(
        _("PLT checks"), _("days {days}: write the count in the boxed PLT cell", days=_days_words(checkpoints.days)),
        checkpoints.source or (checkpoints.note or SITE_RULE_MARK), checkpoints.site_rule,
    ))
    if protocol.dose_adjustment:
        lines.append(RuleLine(_("Dose adjustment"), _("by PLT at each check; the registry gives no table"),
                              protocol.dose_adjustment.source, protocol.dose_adjustment.site_rule))
    return lines


def site_table_rows(assessment: Assessment) -> tuple[str, list[tuple[str, str]]] | None:
    """(title, [(PLT band, action)]) for the site's dose table, or None when the trial has none."""
    loaded = assessment.loaded
    if loaded.protocol.dose_adjustment is None:
        return None
    table = loaded.site_table
    title = _("Site dose-adjustment table — {mark}", mark=_(SITE_RULE_MARK))
    if table is None or not table.rows:
        return title, [(_("no rows configured"), _("decide the dose per protocol at each PLT check"))]
    route = next((d.route for d in loaded.protocol.arm(assessment.case.arm).doses if d.drug == table.drug), None)
    from ..core.render import dose_words

    rows = []
    for row in table.rows:
        if row.action == "hold":
            action = _("hold {drug}", drug=drug_name(table.drug))
        else:
            action = dose_words(table.drug, Decimal(row.amount), row.unit, route or "oral")
        rows.append((band_words(row.plt), action))
    if table.approved_by:
        title += _(" (approved by {who})", who=table.approved_by)
    return title, rows


def rule_quote(rule: str, full: bool = True) -> str:
    """A registry sentence in quotes; a site rule said to be one.

    In Chinese: the working translation, labelled as one, then the registry's English verbatim
    (``full=False``, for the page-1 band: where the rule stands, translated and in English: page 2).
    """
    if rule.startswith(SITE_RULE_MARK):
        return protocol_sentence(rule)
    if i18n.is_chinese() and sentence_translation(rule, i18n.language()) is None and i18n.lookup(rule):
        return i18n.translate_text(rule)  # the program's own label (e.g. the CTCAE grade 4 line), no quote
    translated = protocol_sentence(rule)
    if translated != rule and not full:  # page 1 has no room for both: the rules box on page 2 has them
        return _("(Rule and registry text: page 2.)")
    if translated != rule:
        return _("Registry (translation): {text}", text=translated) + f" 〔{NOTICE}〕 " + \
            _("Registry: \"{rule}\"", rule=rule)
    return _("Registry: \"{rule}\"", rule=rule)


def response_status(assessment: Assessment) -> str | None:
    response = assessment.plan.response
    if not response.defined:
        return None
    if response.reached:
        return _("Primary endpoint: reached on day {day}", day=response.day)
    if response.reached is None:
        return _("Primary endpoint: cannot be decided yet (baseline PLT missing)")
    return _("Primary endpoint: not reached so far")


def reprint_reminder(assessment: Assessment) -> str | None:
    """Said under the calendar while a checkpoint count is still to come."""
    pending = [d.day for d in assessment.plan.days if d.checkpoint and d.platelet_count is None
               and d.state not in ("stopped", "do_not_dose")]
    if not pending:
        return None
    return _("Doses from each pending checkpoint on depend on its count: reprint this sheet after each "
             "checkpoint (next: day {day}).", day=pending[0])


def dosing_block(assessment: Assessment) -> str | None:
    """'not_eligible' or 'incomplete' when this patient must not be dosed from this sheet, else None."""
    return assessment.plan.dosing_block


def do_not_dose_words(block: str) -> str:
    """"NOT ELIGIBLE — DO NOT DOSE" / "SCREENING INCOMPLETE — DO NOT DOSE": the core's words."""
    return state_words(block)
