"""The form's state as typed, and its translation to and from the core's case.

Nothing here is Qt: the form keeps exactly what the clinician typed (text stays
text), builds the case dictionary from it, and lets the core validate it. A value
the core refuses is reported against its field and left out of the case used for
the verdicts, so it reads as missing (unknown), never as a pass.
"""

from __future__ import annotations

import typing
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from pydantic import ValidationError

from ...core.case import CASE_SCHEMA, Case, Labs, Patient, PlateletCheck
from ...core.errors import FieldProblem, problems_from_validation
from ...core.protocol import LoadedProtocol
from ...core.render import labelled
from ...i18n import N_, _

#: Stand-ins that let a half-filled form be assessed; never saved.
PLACEHOLDER_ID = "(no patient id)"
PLACEHOLDER_TRIAL = "(no trial)"

FieldKey = tuple[typing.Union[str, int], ...]
GENERAL: FieldKey = ()


# --- what the case model allows, read from the core (no limits typed here) ----------------

def lab_model(measure: str) -> type:
    """The pydantic model of one lab (PlateletCount, EnzymeLab, …)."""
    annotation = Labs.model_fields[measure].annotation
    return next(a for a in typing.get_args(annotation) if a is not type(None))


def lab_units(measure: str) -> tuple[str, ...]:
    """The units a lab may be entered in; empty for unitless labs (INR)."""
    fields = lab_model(measure).model_fields
    if "unit" not in fields:
        return ()
    return typing.get_args(fields["unit"].annotation)


def lab_has_uln(measure: str) -> bool:
    return "uln" in lab_model(measure).model_fields


def lab_measures() -> tuple[str, ...]:
    return tuple(Labs.model_fields)


def check_units() -> tuple[str, ...]:
    return typing.get_args(PlateletCheck.model_fields["unit"].annotation)


def int_bounds(model: type, name: str) -> tuple[int, int]:
    """The inclusive (ge, le) bounds of an optional whole-number field of a core model."""
    annotation = model.model_fields[name].annotation
    for arg in typing.get_args(annotation):
        for meta in getattr(arg, "__metadata__", ()):
            inner = getattr(meta, "metadata", ())
            ge = next((m.ge for m in inner if hasattr(m, "ge")), None)
            le = next((m.le for m in inner if hasattr(m, "le")), None)
            if ge is not None and le is not None:
                return int(ge), int(le)
    raise LookupError(f"{model.__name__}.{name} has no whole-number bounds")


def max_length(model: type, name: str) -> int:
    """The longest text a core model's field accepts."""
    for meta in model.model_fields[name].metadata:
        if getattr(meta, "max_length", None) is not None:
            return int(meta.max_length)
    raise LookupError(f"{model.__name__}.{name} has no maximum length")


def ecog_range() -> range:
    low, high = int_bounds(Patient, "ecog")
    return range(low, high + 1)


# --- the form state ------------------------------------------------------------------------

@dataclass
class LabEntry:
    value: str = ""
    unit: str | None = None
    uln: str = ""


@dataclass
class DayEntry:
    value: str = ""
    unit: str = ""
    bleeding_risk: bool | None = None

    @property
    def empty(self) -> bool:
        return not self.value.strip()


@dataclass
class FormState:
    patient_id: str = ""
    hospital_id: str = ""
    hospital_id_authority: str | None = None  # kept as read; no field in the window yet
    sex: str | None = None
    age_years: str = ""
    birth_date: date | None = None
    weight_kg: str = ""
    childbearing_potential: bool | None = None
    ecog: int | None = None
    liver_metastases: bool | None = None
    trial: str = ""
    arm: str = ""
    screening_date: date | None = None
    day1: date | None = None
    labs: dict[str, LabEntry] = field(default_factory=dict)
    answers: dict[str, bool | None] = field(default_factory=dict)
    days: dict[int, DayEntry] = field(default_factory=dict)
    notes: str | None = None
    #: The ward's closure of the case (reason, note): not edited by the form, kept as it was.
    closure: dict | None = None

    def lab(self, measure: str) -> LabEntry:
        if measure not in self.labs:
            units = lab_units(measure)
            self.labs[measure] = LabEntry(unit=units[0] if units else None)
        return self.labs[measure]

    def day(self, day: int) -> DayEntry:
        if day not in self.days:
            self.days[day] = DayEntry()
        return self.days[day]


def default_check_unit(state: FormState) -> str:
    """The unit a new platelet check is typed in: the baseline PLT's unit."""
    unit = state.labs["plt"].unit if "plt" in state.labs else None
    return unit if unit in check_units() else check_units()[0]


def _text(value: str) -> str | None:
    stripped = value.strip()
    return stripped or None


def _plain(number: Decimal) -> str:
    """A Decimal as typed digits: no exponent, nothing rounded."""
    text = format(number, "f")
    return text


def form_to_data(state: FormState) -> dict:
    """The case dictionary the core validates; blank fields are left out (unknown)."""
    patient: dict = {"id": state.patient_id}
    for key, value in (("sex", state.sex), ("birth_date", state.birth_date),
                       ("childbearing_potential", state.childbearing_potential),
                       ("ecog", state.ecog), ("liver_metastases", state.liver_metastases)):
        if value is not None:
            patient[key] = value.isoformat() if isinstance(value, date) else value
    if state.hospital_id_authority is not None:
        patient["hospital_id_authority"] = state.hospital_id_authority
    for key, text in (("hospital_id", state.hospital_id), ("age_years", state.age_years),
                      ("weight_kg", state.weight_kg)):
        if _text(text) is not None:
            patient[key] = _text(text)
    labs: dict = {}
    for measure in lab_measures():
        entry = state.labs.get(measure)
        if entry is None or _text(entry.value) is None:
            continue
        lab: dict = {"value": _text(entry.value)}
        if lab_units(measure):
            lab["unit"] = entry.unit or lab_units(measure)[0]
        if lab_has_uln(measure) and _text(entry.uln) is not None:
            lab["uln"] = _text(entry.uln)
        labs[measure] = lab
    checks = []
    default_unit = default_check_unit(state)
    for day in sorted(state.days):
        entry = state.days[day]
        if entry.empty:
            continue
        check = {"day": day, "value": _text(entry.value), "unit": entry.unit or default_unit}
        if entry.bleeding_risk is not None:
            check["bleeding_risk"] = entry.bleeding_risk
        checks.append(check)
    data: dict = {
        "schema": CASE_SCHEMA,
        "patient": patient,
        "trial": state.trial,
        "arm": state.arm,
        "labs": labs,
        "answers": {k: v for k, v in state.answers.items() if v is not None},
        "platelet_checks": checks,
    }
    for key, value in (("screening_date", state.screening_date), ("day1", state.day1)):
        if value is not None:
            data[key] = value.isoformat()
    if state.notes is not None:
        data["notes"] = state.notes
    if state.closure is not None:
        data["closure"] = dict(state.closure)
    return data


def state_from_case(case: Case) -> FormState:
    """The form filled from a case, every number as its exact digits."""
    p = case.patient
    state = FormState(
        patient_id=p.id,
        hospital_id=p.hospital_id or "",
        hospital_id_authority=p.hospital_id_authority,
        sex=p.sex,
        age_years="" if p.age_years is None else str(p.age_years),
        birth_date=p.birth_date,
        weight_kg="" if p.weight_kg is None else _plain(p.weight_kg),
        childbearing_potential=p.childbearing_potential,
        ecog=p.ecog,
        liver_metastases=p.liver_metastases,
        trial=case.trial,
        arm=case.arm,
        screening_date=case.screening_date,
        day1=case.day1,
        answers=dict(case.answers),
        notes=case.notes,
        closure=case.closure.model_dump(mode="json", exclude_none=True) if case.closure else None,
    )
    for measure in lab_measures():
        lab = getattr(case.labs, measure)
        if lab is None:
            continue
        uln = getattr(lab, "uln", None)
        state.labs[measure] = LabEntry(_plain(lab.value), getattr(lab, "unit", None),
                                       "" if uln is None else _plain(uln))
    for check in case.platelet_checks:
        state.days[check.day] = DayEntry(_plain(check.value), check.unit, check.bleeding_risk)
    return state


# --- validation through the core -----------------------------------------------------------

@dataclass
class FormResult:
    """What the core made of the form."""

    case: Case | None  # for the verdicts: refused fields left out; placeholders where needed
    problems: dict[FieldKey, list[str]]  # keyed like field_key(); () = not tied to a field
    saveable: bool  # the case is exactly what was typed, with a real patient id

    def problem_lines(self, labels: dict[FieldKey, str] | None = None) -> list[str]:
        labels = labels or {}
        lines = []
        for key, messages in self.problems.items():
            name = labels.get(key) or ".".join(str(p) for p in key)
            lines.extend(labelled(name, m) for m in messages)
        return lines


def field_key(location: tuple, data: dict) -> FieldKey:
    """The form field a core problem belongs to.

    ``("labs", "alt", "uln")`` → the ULN box; any other lab problem → the lab's value box;
    ``("platelet_checks", i, …)`` → ``("day", <treatment day>)``; root problems → the field they name.
    """
    if not location:
        return GENERAL
    head = location[0]
    if head == "patient" and len(location) > 1:
        return ("patient", location[1])
    if head == "labs" and len(location) > 1:
        if len(location) > 2 and location[2] == "uln":
            return ("labs", location[1], "uln")
        return ("labs", location[1], "value")
    if head == "platelet_checks" and len(location) > 1 and isinstance(location[1], int):
        checks = data.get("platelet_checks", [])
        if location[1] < len(checks):
            return ("day", checks[location[1]]["day"])
    if head in ("screening_date", "day1", "trial", "arm", "notes"):
        return (head,)
    if head == "answers" and len(location) > 1:
        return ("answers", location[1])
    return GENERAL


def _root_key(message: str, data: dict) -> FieldKey:
    """Case-wide checks come without a location; the core's message starts with the field it
    blames ("day1 must not be before …", "patient.birth_date must not …")."""
    first = message.split(" ", 1)[0].rstrip(":")
    if not first or not all(part.isidentifier() for part in first.split(".")):
        return GENERAL
    key = field_key(tuple(first.split(".")), data)
    return key if key not in (GENERAL, ("platelet_checks",)) else GENERAL


def _drop(data: dict, key: FieldKey) -> bool:
    """Leave the refused field out; False when nothing could be dropped."""
    if key and key[0] == "patient":
        return data["patient"].pop(key[1], None) is not None
    if key and key[0] == "labs":
        if key[2] == "uln":
            return data["labs"].get(key[1], {}).pop("uln", None) is not None
        return data["labs"].pop(key[1], None) is not None
    if key and key[0] == "day":
        before = len(data["platelet_checks"])
        data["platelet_checks"] = [c for c in data["platelet_checks"] if c["day"] != key[1]]
        return len(data["platelet_checks"]) < before
    if key and key[0] in ("screening_date", "day1", "notes"):
        return data.pop(key[0], None) is not None
    if key and key[0] == "answers":
        return data["answers"].pop(key[1], None) is not None
    return False


#: A count typed into a day that has not come yet (kept as typed, left out of the verdicts).
FUTURE_COUNT = N_("day {day} is {date}, after today ({today}): its count cannot be entered before that day")


def future_count_days(state: FormState, today: date | None, days: set[int] | None = None) -> dict[int, date]:
    """The treatment days (of ``days``, or all) with a typed count whose date is after ``today``."""
    if today is None or state.day1 is None:
        return {}
    dates = {day: state.day1 + timedelta(days=day - 1) for day, entry in state.days.items()
             if not entry.empty and (days is None or day in days)}
    return {day: when for day, when in sorted(dates.items()) if when > today}


def evaluate_form(state: FormState, protocols: dict[str, LoadedProtocol], today: date | None = None,
                  typed_days: set[int] | None = None) -> FormResult:
    """Validate the form through the core, field by field.

    Repeats until the case validates: each round leaves out the fields the core refused
    (checks across fields only run once each field is valid, so later rounds can find more).
    Dates are judged against ``today`` (the window's; default the clock's): a screening or birth date,
    or a stored count, after it is a problem. With ``today``, a count typed for a day after today is also
    refused in its own words (kept as typed, reported on its day, left out of the verdicts); with
    ``typed_days``, only those days' counts get those words (what is typed now).
    """
    data = form_to_data(state)
    problems: dict[FieldKey, list[str]] = {}
    for day, when in future_count_days(state, today, typed_days).items():
        problems[("day", day)] = [_(FUTURE_COUNT, day=day, date=when.isoformat(), today=today.isoformat())]
        _drop(data, ("day", day))
    placeholder_id = not state.patient_id.strip() and state.patient_id == ""
    if placeholder_id:
        data["patient"]["id"] = PLACEHOLDER_ID
    has_protocol = state.trial in protocols and protocols[state.trial].protocol.arm(state.arm) is not None
    if not has_protocol:
        data["trial"] = data["arm"] = PLACEHOLDER_TRIAL
    case = None
    for _attempt in range(12):
        try:
            case = Case.model_validate(data)
        except ValidationError as exc:
            found = problems_from_validation(exc)
        else:
            found = _protocol_problems(case, protocols, today) if has_protocol else []
            if not found:
                break
            case = None
        progressed = False
        for problem in found:
            key = field_key(problem.location, data)
            if key == GENERAL:
                key = _root_key(problem.message, data)
            messages = problems.setdefault(key, [])
            if problem.message not in messages:
                messages.append(problem.message)
            if key == ("patient", "id"):
                data["patient"]["id"] = PLACEHOLDER_ID
                progressed = True
            else:
                progressed = _drop(data, key) or progressed
        if not progressed:
            case = None
            break
    saveable = case is not None and not problems and not placeholder_id and has_protocol
    return FormResult(case, problems, saveable)


def _protocol_problems(case: Case, protocols: dict[str, LoadedProtocol], today: date | None) -> list[FieldProblem]:
    from ...core.session import protocol_problems

    return protocol_problems(case, protocols, today)


def saveable_case(state: FormState, protocols: dict[str, LoadedProtocol], today: date) -> Case:
    """The case exactly as typed, or :class:`~ctit_gui.core.errors.InputError` naming every problem
    (dates after ``today``, the window's today, among them)."""
    from ...core.session import validate_case_data

    return validate_case_data(form_to_data(state), protocols, today)
