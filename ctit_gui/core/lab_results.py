"""Lab results from the hospital's systems: what an import would change in a case, and applying it.

The parsers (``ctit_gui.labs_import``) turn a FHIR R4 or HL7 v2 file into neutral
:class:`LabResult` records, every field exactly as sent. This module, pure like the rest of the
core, decides what each result means for one case:

* **which lab** — LOINC codes (one table, :data:`LOINC_CODES`) or the site's own codes and names
  (``resources/site/lab-codes.json``, site configuration, validated on load);
* **which unit** — one explicit table of spellings (:data:`UNIT_SPELLINGS`); anything else is refused;
* **which patient** — the result's identifier must equal ``patient.hospital_id`` (and birth date
  and sex must agree where both sides have them), else the whole file is refused;
* **where** — by collection date: before day 1 the screening labs, on a treatment day that day's
  platelet check, after today or after the course refused;
* **whether** — final, corrected or amended results are applied; preliminary ones only when the user
  confirms each; cancelled or entered-in-error never.

:func:`build_preview` returns the proposed changes with a reason each; :func:`apply_preview`
returns a new, validated :class:`Case` with every change marked "apply", or raises
:class:`InputError` and changes nothing. Reasons are data (``code`` and ``params``); their English
words are made in one place, :func:`reason_text`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Annotated, Collection, Literal, Mapping

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..i18n import N_, _, translate_text
from .case import BilirubinLab, Case, CreatinineLab, EnzymeLab, InrLab, PlateletCount
from .errors import InputError, problems_from_validation
from .protocol import LoadedProtocol
from .units import format_number, to_canonical, unit_label

Measure = Literal["plt", "alt", "ast", "tbil", "creatinine", "inr"]
MEASURES: tuple[str, ...] = ("plt", "alt", "ast", "tbil", "creatinine", "inr")
MEASURE_NAMES = {"plt": N_("PLT"), "alt": N_("ALT"), "ast": N_("AST"), "tbil": N_("total bilirubin"),
                 "creatinine": N_("creatinine"), "inr": N_("INR")}
#: A result's status in words (shown through _(): the preview is built in the reader's language).
STATUS_WORDS = (N_("final"), N_("corrected"), N_("amended"), N_("preliminary"), N_("cancelled"),
                N_("entered-in-error"), N_("registered"))

#: LOINC codes recognised everywhere (issue 15). Site codes come from the site mapping file.
LOINC_CODES: dict[str, str] = {
    "777-3": "plt", "26515-7": "plt",
    "1742-6": "alt",
    "1920-8": "ast",
    "1975-2": "tbil", "14631-6": "tbil",
    "2160-0": "creatinine", "14682-9": "creatinine",
    "6301-6": "inr", "34714-6": "inr",
}
LOINC_SYSTEMS = frozenset({"http://loinc.org", "LN", "LOINC"})

#: The one table of unit spellings: (measure family, spelling as sent) → the case file's unit.
#: A spelling not listed for the result's lab is refused, never guessed.
_PLT_UNITS = {"10*9/L": "10^9/L", "10^9/L": "10^9/L", "×10^9/L": "10^9/L", "10E9/L": "10^9/L",
              "/uL": "/uL", "/µL": "/uL", "/μL": "/uL"}
_MICROMOLAR_UNITS = {"umol/L": "umol/L", "µmol/L": "umol/L", "μmol/L": "umol/L", "mg/dL": "mg/dL"}
_ENZYME_UNITS = {"U/L": "U/L", "IU/L": "U/L"}
#: INR is a ratio without a unit: sent empty, as the UCUM unity "1", or the UCUM annotation "{INR}".
_INR_UNITS = {"": None, "1": None, "{INR}": None}
UNIT_SPELLINGS: dict[str, dict[str, str | None]] = {
    "plt": _PLT_UNITS, "alt": _ENZYME_UNITS, "ast": _ENZYME_UNITS,
    "tbil": _MICROMOLAR_UNITS, "creatinine": _MICROMOLAR_UNITS, "inr": _INR_UNITS,
}

_LAB_MODELS = {"plt": PlateletCount, "alt": EnzymeLab, "ast": EnzymeLab, "tbil": BilirubinLab,
               "creatinine": CreatinineLab, "inr": InrLab}

APPLIED_STATUSES = frozenset({"final", "corrected", "amended"})
PRELIMINARY_STATUSES = frozenset({"preliminary"})
NEVER_STATUSES = frozenset({"cancelled", "entered-in-error"})

_NUMBER = re.compile(r"^\d+(\.\d+)?$")


# --- the neutral record the parsers produce --------------------------------------------------
@dataclass(frozen=True)
class PatientIdentity:
    """Who a result is for, as the laboratory sent it (or as the case says)."""

    identifier: str | None
    authority: str | None = None
    birth_date: date | None = None
    sex: str | None = None  # "female", "male", or None when not sent / not one of these
    name: str | None = None

    def describe(self) -> str:
        """Who the results or the case name, in the current language."""
        parts = [_("record number {number}", number=self.identifier or _("(none)"))]
        if self.authority:
            parts[0] += f" ({self.authority})"
        if self.name:
            parts.append(_("name {name}", name=self.name))
        if self.birth_date:
            parts.append(_("born {date}", date=self.birth_date.isoformat()))
        if self.sex:
            parts.append(translate_text(self.sex))
        return ", ".join(parts)


@dataclass(frozen=True)
class LabResult:
    """One result exactly as sent; nothing converted or corrected."""

    code: str
    system: str | None
    name: str | None
    value: str | None  # the number as written; None when the result carries no number
    unit: str | None
    range_low: str | None
    range_high: str | None
    range_unit: str | None  # None: the same unit as the value (HL7 OBX-7)
    collected: datetime | date | None  # wall-clock time as written by the laboratory
    status: str  # normalised: final, corrected, amended, preliminary, cancelled, entered-in-error, …
    status_sent: str
    patient: PatientIdentity
    source: str  # where in the file: "MSH-10 MSG0001, OBX 2" / "Bundle b1, Observation plt-1"
    local_codes: tuple[tuple[str, str | None, str | None], ...] = ()  # other (code, system, name) sent for the test

    @property
    def collected_text(self) -> str:
        if self.collected is None:
            return _("unknown")
        if isinstance(self.collected, datetime):
            return self.collected.strftime("%Y-%m-%d %H:%M")
        return self.collected.isoformat()

    @property
    def collected_date(self) -> date | None:
        if isinstance(self.collected, datetime):
            return self.collected.date()
        return self.collected

    def value_text(self) -> str:
        unit = f" {self.unit}" if self.unit else ""
        return f"{self.value}{unit}" if self.value is not None else _("(no value)")

    def range_text(self) -> str:
        if self.range_low is None and self.range_high is None:
            return _("no reference range")
        unit = f" {self.range_unit}" if self.range_unit else ""
        if self.range_low is not None and self.range_high is not None:
            return _("range {low}–{high}{unit}", low=self.range_low, high=self.range_high, unit=unit)
        if self.range_high is not None:
            return _("range ≤ {high}{unit}", high=self.range_high, unit=unit)
        return _("range ≥ {low}{unit}", low=self.range_low, unit=unit)


@dataclass(frozen=True)
class ResultFile:
    """What a parser read from one file."""

    file_name: str
    format: str  # "FHIR R4" or "HL7 v2"
    source_ids: tuple[str, ...]  # Bundle id / Observation id, or each message's MSH-10
    results: tuple[LabResult, ...]

    @property
    def source(self) -> str:
        ids = ", ".join(self.source_ids) if self.source_ids else _("no id")
        return f"{self.file_name} ({self.format} {ids})"


# --- the site mapping file ---------------------------------------------------------------------
class _SiteEntry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    measure: Measure
    code: Annotated[str, Field(min_length=1)] | None = None
    name: Annotated[str, Field(min_length=1)] | None = None

    @model_validator(mode="after")
    def _one_key(self):
        if (self.code is None) == (self.name is None):
            raise ValueError(_("give either code or name"))
        return self


class SiteLabCodes(BaseModel):
    """The site's local laboratory codes and names (site configuration — not in registry)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    format: Literal["ctit-site-lab-codes/1"]
    site_configuration: Annotated[str, Field(min_length=1)]
    laboratory: Annotated[str, Field(min_length=1)]
    entries: list[_SiteEntry]

    @model_validator(mode="after")
    def _unambiguous(self):
        seen: dict[tuple[str, str], str] = {}
        for entry in self.entries:
            key = ("code", entry.code.strip()) if entry.code else ("name", entry.name.strip())
            if key[1] in LOINC_CODES and key[0] == "code":
                raise ValueError(_("code {code} is a LOINC code; LOINC codes are built in", code=key[1]))
            if key in seen and seen[key] != entry.measure:
                raise ValueError(_("{key} {value} is mapped to both {measure} and {other}", key=key[0], value=repr(key[1]),
                                   measure=seen[key], other=entry.measure))
            seen[key] = entry.measure
        return self

    def measure_for(self, code: str | None, name: str | None) -> str | None:
        for entry in self.entries:
            if entry.code is not None and code is not None and entry.code.strip() == code.strip():
                return entry.measure
        for entry in self.entries:
            if entry.name is not None and name is not None and entry.name.strip() == name.strip():
                return entry.measure
        return None


def load_site_lab_codes(path: Path) -> SiteLabCodes:
    """The site mapping file, validated; :class:`InputError` names each problem."""
    try:
        data = json.loads(path.read_bytes())
    except OSError as exc:
        raise InputError([_("{file}: cannot be read ({why})", file=path.name, why=exc.strerror)]) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError([_("{file}: not valid JSON ({why})", file=path.name, why=exc)]) from None
    try:
        return SiteLabCodes.model_validate(data)
    except ValidationError as exc:
        raise InputError([f"{path.name}: {p}" for p in problems_from_validation(exc)]) from None


# --- reasons -------------------------------------------------------------------------------
@dataclass(frozen=True)
class Reason:
    code: str
    params: Mapping[str, str] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return reason_text(self)


_REASONS: dict[str, str] = {
    "apply": N_("{status} result collected {when}"),
    "apply_preliminary": N_("preliminary result, applied because it was confirmed"),
    "latest_screening": N_("latest final result before day 1 ({when})"),
    "chosen": N_("chosen by the user"),
    "alternative": N_("another result for the same lab; the latest final one is proposed"),
    "choose": N_("{count} final counts on treatment day {day}: choose one (nothing is chosen for you)"),
    "unchanged": N_("the case already has this value"),
    "preliminary": N_("preliminary result: applied only when you confirm it"),
    "never": N_("{status} result: never applied"),
    "not_final": N_("status {status}: only final, corrected or amended results are applied"),
    "unknown_code": N_("unknown test code {code} ({name}): not a lab this program uses"),
    "unknown_unit": N_("unit {unit!s} is not a known spelling for {lab} (known: {known})"),
    "no_value": N_("no numeric value ({value}): enter it by hand"),
    "no_time": N_("no collection time: it cannot be placed on screening or a treatment day"),
    "after_today": N_("collected {when}, after today ({today})"),
    "after_course": N_("collected {when}, day {day}: after the {days}-day course"),
    "treatment_day_not_plt": N_("{lab} collected on treatment day {day}: the case records only the platelet count on "
                             "treatment days"),
    "range_unit": N_("reference range in {range_unit} but the value in {unit}: not applied (a range is never "
                  "converted)"),
    "uln_unit": N_("no reference range, and the case's ULN is in {case_unit}, not {unit}: enter it by hand"),
    "refused_value": "{problem}",
    "wrong_patient": N_("the file is for another patient: nothing is applied"),
}


#: Reasons that stop an unreviewed (command-line) import: the file, not the ward, must be corrected.
BLOCKING_REASONS = frozenset({"unknown_unit", "refused_value", "range_unit", "uln_unit", "no_value"})


def reason_text(reason: Reason) -> str:
    """The reason in the current language (the preview is built in it; ``--json`` builds it in English)."""
    template = translate_text(_REASONS[reason.code])
    return template.format(**reason.params)


# --- the preview -----------------------------------------------------------------------------
State = Literal["apply", "alternative", "choose", "confirm", "unchanged", "refused"]
Target = tuple  # ("labs", measure) or ("day", n)


@dataclass(frozen=True)
class PreviewItem:
    index: int  # position of the result in the file
    result: LabResult
    state: State
    reason: Reason
    measure: str | None = None
    target: Target | None = None
    old: str | None = None  # what the case has now, in words
    new: str | None = None  # what it would have, in words
    value: Decimal | None = None
    unit: str | None = None  # the case file's unit
    uln: Decimal | None = None
    uln_note: str = ""
    rescue_level: bool = False
    effects: tuple[str, ...] = ()

    @property
    def field(self) -> str:
        if self.target is None:
            return "—"
        if self.target[0] == "day":
            return _("day {day} PLT", day=self.target[1])
        return _("{lab} (screening)", lab=translate_text(MEASURE_NAMES[self.target[1]]))

    @property
    def selectable(self) -> bool:
        """Can the user pick this item for its field (screening alternatives, same-day counts)?"""
        return self.target is not None and self.state in ("apply", "alternative", "choose", "unchanged")

    def to_dict(self) -> dict:
        r = self.result
        return {
            "field": self.field, "state": self.state, "reason": self.reason.text, "reason_code": self.reason.code,
            "old": self.old, "new": self.new, "value_sent": r.value, "unit_sent": r.unit,
            "reference_range": r.range_text(), "uln_note": self.uln_note, "collected": r.collected_text,
            "status": r.status_sent, "code": r.code, "code_name": r.name, "source": r.source,
            "rescue_level": self.rescue_level, "effects": list(self.effects),
        }


@dataclass(frozen=True)
class ImportPreview:
    source: str  # file name and message / Bundle ids
    refusal: tuple[str, ...]  # whole-file problems: nothing is applied
    items: tuple[PreviewItem, ...]

    @property
    def applied(self) -> tuple[PreviewItem, ...]:
        return () if self.refusal else tuple(i for i in self.items if i.state == "apply")

    @property
    def undecided(self) -> tuple[PreviewItem, ...]:
        return tuple(i for i in self.items if i.state == "choose")

    def command_line_problems(self) -> list[str]:
        """What stops an import that no one reviews (the command line): one line per problem.

        Another patient, a unit not in the table, a value the case format refuses, and two final counts on one
        treatment day. Preliminary, cancelled, unknown-code and out-of-course results are only listed.
        """
        if self.refusal:
            return list(self.refusal)
        lines = []
        for item in self.items:
            if item.state == "choose" or (item.state == "refused" and item.reason.code in BLOCKING_REASONS):
                lines.append(_("{source}: {name} {value} collected {collected}: {reason}",
                               source=item.result.source, name=item.result.name or item.result.code,
                               value=item.result.value_text(), collected=item.result.collected_text,
                               reason=item.reason.text))
        return lines

    def to_dict(self) -> dict:
        return {"source": self.source, "refused": list(self.refusal), "changes": [i.to_dict() for i in self.items]}


def _norm(text: str | None) -> str:
    return (text or "").strip()


def identity_problems(case: Case, results: tuple[LabResult, ...]) -> list[str]:
    """Why the file is not this patient's (empty: every result names this patient)."""
    patient = case.patient
    mine = PatientIdentity(patient.hospital_id, patient.hospital_id_authority, patient.birth_date, patient.sex)
    if not _norm(patient.hospital_id):
        return [_("patient.hospital_id is empty: fill in the hospital record number (住院号 / 门诊号) of the case "
                  "before importing results")]
    problems: list[str] = []
    for theirs in dict.fromkeys(r.patient for r in results):
        why = []
        if _norm(theirs.identifier) != _norm(mine.identifier):
            why.append(_("record number"))
        elif mine.authority and theirs.authority and _norm(mine.authority) != _norm(theirs.authority):
            why.append(_("assigning authority"))
        if mine.birth_date and theirs.birth_date and mine.birth_date != theirs.birth_date:
            why.append(_("birth date"))
        if mine.sex and theirs.sex and mine.sex != theirs.sex:
            why.append(_("sex"))
        if why:
            differ = why[0]
            for more in why[1:]:
                differ = _("{first} and {second}", first=differ, second=more)
            problems.append(_("wrong patient ({differ} differ): the file is for {theirs}; the case {case} is {mine}. "
                              "Nothing was imported.", differ=differ, theirs=theirs.describe(), case=patient.id,
                              mine=mine.describe()))
    return problems


def recognise(result: LabResult, site: SiteLabCodes | None) -> str | None:
    """The lab a result is: by LOINC first, then by the site's codes, then by the site's names."""
    pairs = ((result.code, result.system, result.name),) + result.local_codes
    for code, system, _name in pairs:
        if system in LOINC_SYSTEMS and code in LOINC_CODES:
            return LOINC_CODES[code]
    if site is None:
        return None
    for code, system, _name in pairs:
        measure = None if system in LOINC_SYSTEMS else site.measure_for(code, None)
        if measure:
            return measure
    for _code, _system, name in pairs:
        measure = site.measure_for(None, name)
        if measure:
            return measure
    return None


def _case_unit(measure: str, spelling: str | None) -> tuple[bool, str | None]:
    table = UNIT_SPELLINGS[measure]
    key = spelling if spelling is not None else ""
    if key in table:
        return True, table[key]
    return False, None


def _known_units(measure: str) -> str:
    return ", ".join(repr(k) if k == "" else k for k in UNIT_SPELLINGS[measure])


def _number(text: str | None) -> Decimal | None:
    if text is None or not _NUMBER.match(text.strip()):
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


def _quantity(value: Decimal, unit: str | None) -> str:
    return f"{format_number(value, 6)} {unit_label(unit)}" if unit else format_number(value, 6)


def _lab_words(lab, measure: str) -> str | None:
    if lab is None:
        return None
    text = _quantity(lab.value, getattr(lab, "unit", None))
    uln = getattr(lab, "uln", None)
    return text + (f" (ULN {_quantity(uln, getattr(lab, 'unit', None))})" if uln is not None else "")


@dataclass(frozen=True)
class _Reading:
    """A result understood: the lab, the value and ULN in the case file's unit."""

    measure: str
    value: Decimal
    unit: str | None
    uln: Decimal | None
    uln_note: str


def _plausible(reading: _Reading) -> _Reading | Reason:
    """The case format's own plausibility limits, per result (so one bad value does not block the rest)."""
    model = _LAB_MODELS[reading.measure]
    data = {"value": reading.value}
    if reading.unit is not None:
        data["unit"] = reading.unit
    if reading.uln is not None:
        data["uln"] = reading.uln
    try:
        model.model_validate(data)
    except ValidationError as exc:
        return Reason("refused_value", {"problem": "; ".join(str(p) for p in problems_from_validation(exc))})
    return reading


def _read(result: LabResult, measure: str, case: Case) -> _Reading | Reason:
    reading = _read_raw(result, measure, case)
    return reading if isinstance(reading, Reason) else _plausible(reading)


def _read_raw(result: LabResult, measure: str, case: Case) -> _Reading | Reason:
    lab = MEASURE_NAMES[measure]
    ok, unit = _case_unit(measure, result.unit)
    if not ok:
        return Reason("unknown_unit", {"unit": result.unit, "lab": lab, "known": _known_units(measure)})
    value = _number(result.value)
    if value is None:
        return Reason("no_value", {"value": result.value or _("none sent")})
    if measure == "plt":
        return _Reading(measure, value, unit, None, "")
    if result.range_unit is not None and _norm(result.range_unit) != _norm(result.unit):
        ok_range, range_unit = _case_unit(measure, result.range_unit)
        if not ok_range or range_unit != unit:
            return Reason("range_unit", {"range_unit": result.range_unit, "unit": result.unit or _("(no unit)")})
    high = _number(result.range_high)
    if result.range_high is not None and high is None:
        return Reason("no_value", {"value": _("reference range high {value}", value=repr(result.range_high))})
    if high is not None:
        return _Reading(measure, value, unit, high, _("ULN {uln} from the reference range", uln=_quantity(high, unit)))
    existing = getattr(case.labs, measure)
    if existing is None or existing.uln is None:
        return _Reading(measure, value, unit, None, "no reference range and no ULN in the case: ULN unknown")
    if getattr(existing, "unit", None) != unit:
        return Reason("uln_unit", {"case_unit": unit_label(existing.unit), "unit": unit_label(unit)})
    return _Reading(measure, value, unit, existing.uln,
                    _("no reference range: the case's ULN {uln} is kept", uln=_quantity(existing.uln, unit)))


def _placement(result: LabResult, measure: str, case: Case, loaded: LoadedProtocol | None,
               today: date) -> Target | Reason:
    when = result.collected_date
    if when is None:
        return Reason("no_time")
    if when > today:
        return Reason("after_today", {"when": result.collected_text, "today": today.isoformat()})
    if case.day1 is None or when < case.day1:
        return ("labs", measure)
    day = (when - case.day1).days + 1
    days = loaded.protocol.treatment_days if loaded else 14
    if day > days:
        return Reason("after_course", {"when": result.collected_text, "day": str(day), "days": str(days)})
    if measure != "plt":
        return Reason("treatment_day_not_plt", {"lab": translate_text(MEASURE_NAMES[measure]), "day": str(day)})
    return ("day", day)


def _rescue_level(loaded: LoadedProtocol | None, value: Decimal, unit: str | None, bleeding_risk: bool | None) -> bool:
    """The protocol's rescue rule could apply: at most its limit, or below the bleeding-risk limit unless the day's
    bleeding risk is recorded as absent (an imported count brings no bleeding risk; the day may have one)."""
    rule = loaded.protocol.rescue_rule if loaded else None
    if rule is None:
        return False
    plt = to_canonical("plt", value, unit)
    return plt <= rule.plt_at_most or (plt < rule.plt_below_with_bleeding_risk and bleeding_risk is not False)


def _baseline_effect(loaded: LoadedProtocol | None, case: Case, value: Decimal, unit: str | None) -> tuple[str, ...]:
    """A new baseline PLT moves the stop limit (baseline + the stop rule's rise)."""
    rule = loaded.protocol.stop_rule if loaded else None
    if rule is None:
        return (_("the registry gives no stop rule for this trial: no stop limit follows from the baseline"),)
    new = to_canonical("plt", value, unit) + rule.rise_at_least
    old = case.labs.plt
    before = (_("none (no baseline PLT)") if old is None
              else _quantity(to_canonical("plt", old.value, old.unit) + rule.rise_at_least, "10^9/L"))
    return (_("stop limit (baseline + {rise} ×10⁹/L, {source}): {before} → {after}",
              rise=format_number(rule.rise_at_least), source=_protocol_words(rule.source), before=before,
              after=_quantity(new, "10^9/L")),)


def _protocol_words(sentence: str | None) -> str:
    """A protocol sentence as quoted in the preview: English as it is; in another language its working
    translation, labelled as one, with the English original beside it (the registry's words decide)."""
    from .protocol_translation import NOTICE
    from .render import protocol_sentence

    shown = protocol_sentence(sentence)
    if not sentence or shown == sentence:
        return sentence or ""
    original = _("English original: {text}", text=sentence)
    return f"{shown}〔{NOTICE}〕{original}"


def _same(old, reading: _Reading) -> bool:
    return (old is not None and old.value == reading.value and getattr(old, "unit", None) == reading.unit
            and getattr(old, "uln", None) == reading.uln)


def build_preview(case: Case, results: ResultFile, protocols: Mapping[str, LoadedProtocol], today: date, *,
                  site: SiteLabCodes | None = None, accept_preliminary: bool = False,
                  confirmed: Collection[int] = (), choices: Mapping[Target, int] | None = None) -> ImportPreview:
    """What importing ``results`` into ``case`` would change, item by item, with a reason each.

    ``confirmed``: indexes of preliminary results the user confirmed; ``choices``: for a field with several
    results, the index the user chose.
    """
    choices = dict(choices or {})
    refusal = tuple(identity_problems(case, results.results))
    loaded = protocols.get(case.trial)
    items: list[PreviewItem] = []
    candidates: dict[Target, list[tuple[PreviewItem, _Reading]]] = {}
    for index, result in enumerate(results.results):
        base = PreviewItem(index, result, "refused", Reason("never", {"status": _status_words(result)}))
        measure = recognise(result, site)
        if measure is None:
            items.append(replace(base, reason=Reason("unknown_code", {"code": result.code,
                                                                       "name": result.name or _("no name")})))
            continue
        base = replace(base, measure=measure)
        if result.status in NEVER_STATUSES:
            items.append(base)
            continue
        preliminary = result.status in PRELIMINARY_STATUSES
        if not preliminary and result.status not in APPLIED_STATUSES:
            items.append(replace(base, reason=Reason("not_final", {"status": _status_words(result)})))
            continue
        reading = _read(result, measure, case)
        if isinstance(reading, Reason):
            items.append(replace(base, reason=reading))
            continue
        target = _placement(result, measure, case, loaded, today)
        if isinstance(target, Reason):
            items.append(replace(base, reason=target))
            continue
        item = replace(base, target=target, value=reading.value, unit=reading.unit, uln=reading.uln,
                       uln_note=reading.uln_note, new=_quantity(reading.value, reading.unit)
                       + (f" (ULN {_quantity(reading.uln, reading.unit)})" if reading.uln is not None else ""))
        if target[0] == "day":
            check = case.check_on(target[1])
            rescue = _rescue_level(loaded, reading.value, reading.unit, check.bleeding_risk if check else None)
            item = replace(item, old=_quantity(check.value, check.unit) if check else None, rescue_level=rescue,
                           effects=(_("RESCUE LEVEL: {source}", source=_protocol_words(
                               loaded.protocol.rescue_rule.source or "site rule — not in registry")),)
                           if rescue else ())
        else:
            item = replace(item, old=_lab_words(getattr(case.labs, measure), measure))
            if measure == "plt":
                item = replace(item, effects=_baseline_effect(loaded, case, reading.value, reading.unit))
        if preliminary and not (accept_preliminary or index in confirmed):
            items.append(replace(item, state="confirm", reason=Reason("preliminary")))
            continue
        candidates.setdefault(target, []).append((item, reading))
        items.append(item)

    decided: dict[int, PreviewItem] = {}
    for target, group in candidates.items():
        chosen = choices.get(target)
        if chosen is not None and any(i.index == chosen for i, _reading in group):
            pick = chosen
            why = Reason("chosen")
        elif target[0] == "day" and len(group) > 1:
            for item, _reading in group:
                decided[item.index] = replace(item, state="choose", reason=Reason(
                    "choose", {"count": str(len(group)), "day": str(target[1])}))
            continue
        else:
            latest = max(group, key=lambda pair: (_sort_time(pair[0].result), pair[0].index))[0]
            pick = latest.index
            if len(group) > 1:
                why = Reason("latest_screening", {"when": latest.result.collected_text})
            elif latest.result.status in PRELIMINARY_STATUSES:
                why = Reason("apply_preliminary")
            else:
                why = Reason("apply", {"status": _status_words(latest.result), "when": latest.result.collected_text})
        for item, reading in group:
            if item.index != pick:
                decided[item.index] = replace(item, state="alternative", reason=Reason("alternative"))
                continue
            old = case.check_on(target[1]) if target[0] == "day" else getattr(case.labs, target[1])
            same = _same(old, reading)
            decided[item.index] = replace(item, state="unchanged" if same else "apply",
                                          reason=Reason("unchanged") if same else why,
                                          effects=() if same else item.effects)
    final = tuple(decided.get(i.index, i) for i in items)
    if refusal:  # another patient's results: none is applied, in part or whole
        final = tuple(replace(i, state="refused", reason=Reason("wrong_patient")) for i in final)
    return ImportPreview(results.source, refusal, final)


def _status_words(result: LabResult) -> str:
    if result.status == result.status_sent:
        return translate_text(result.status)
    return _("{status} (sent as {sent})", status=translate_text(result.status), sent=result.status_sent)


def status_text(result: LabResult) -> str:
    """The status column: "final" / "final (F)", in the current language."""
    status = translate_text(result.status)
    return status if result.status == result.status_sent else f"{status} ({result.status_sent})"


def _sort_time(result: LabResult) -> datetime:
    when = result.collected
    if isinstance(when, datetime):
        return when.replace(tzinfo=None)
    return datetime.combine(when, datetime.min.time()) if when else datetime.min


def apply_preview(case: Case, preview: ImportPreview,
                  protocols: Mapping[str, LoadedProtocol] | None = None) -> Case:
    """A new case with every "apply" item; on any problem :class:`InputError` and no change at all."""
    if preview.refusal:
        raise InputError(list(preview.refusal))
    data = case.to_dict()
    labs = data.setdefault("labs", {})
    checks = {c["day"]: c for c in data.get("platelet_checks", [])}
    for item in preview.applied:
        if item.target[0] == "labs":
            entry = {"value": str(item.value)}
            if item.unit is not None:
                entry["unit"] = item.unit
            if item.uln is not None:
                entry["uln"] = str(item.uln)
            labs[item.target[1]] = entry
        else:
            day = item.target[1]
            entry = {"day": day, "value": str(item.value), "unit": item.unit}
            if day in checks and "bleeding_risk" in checks[day]:
                entry["bleeding_risk"] = checks[day]["bleeding_risk"]
            checks[day] = entry
    data["platelet_checks"] = [checks[d] for d in sorted(checks)]
    from .session import validate_case_data

    try:
        return validate_case_data(data, protocols)
    except InputError as exc:
        raise InputError([_("the imported values were refused, nothing was changed: {problem}", problem=m)
                          for m in exc.messages]) from None
