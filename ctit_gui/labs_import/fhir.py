"""FHIR R4 results: a Bundle (collection, searchset, …), or a single Observation, as JSON.

Validated with the R4-compatible models of ``fhir.resources`` (its ``R4B`` package), imported here
only. Numbers are read as exact decimals, never as floats.

Read per Observation: ``status``, ``code.coding`` (LOINC ``http://loinc.org``, and every other coding
and ``code.text`` for the site's codes and names), ``valueQuantity`` (value; unit = the UCUM ``code``,
else the ``unit`` text), ``referenceRange[0].high`` (with its own unit), ``effectiveDateTime`` (or
``effectiveInstant``), and the patient: ``subject.identifier``, or the Patient the ``subject.reference``
points to in the same Bundle (its identifier of type MR, else its first; ``birthDate``; ``gender``).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal

from pydantic import ValidationError

from ..core.errors import InputError
from ..core.lab_results import LabResult, PatientIdentity, ResultFile
from ..i18n import _

UCUM = "http://unitsofmeasure.org"
SEXES = {"female": "female", "male": "male"}


def _text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, Decimal):
        return format(value, "f") if value == value.to_integral_value() and "E" in str(value) else str(value)
    text = str(value).strip()
    return text or None


def _unit(quantity) -> str | None:
    if quantity is None:
        return None
    if quantity.code and (quantity.system in (None, UCUM)):
        return quantity.code
    return quantity.unit


def _identifier(identifiers) -> tuple[str | None, str | None]:
    if not identifiers:
        return None, None
    chosen = identifiers[0]
    for identifier in identifiers:
        codings = identifier.type.coding if identifier.type and identifier.type.coding else []
        if any(c.code == "MR" for c in codings):
            chosen = identifier
            break
    authority = chosen.system or (chosen.assigner.display if chosen.assigner else None)
    return chosen.value, authority


def _patient_identity(patient) -> PatientIdentity:
    value, authority = _identifier(patient.identifier)
    name = None
    if patient.name:
        first = patient.name[0]
        name = first.text or " ".join(p for p in [first.family or "", *(first.given or [])] if p) or None
    born = patient.birthDate
    return PatientIdentity(value, authority, born if isinstance(born, date) else None,
                           SEXES.get(patient.gender or ""), name)


def _subject(observation, patients: dict[str, object]) -> PatientIdentity:
    subject = observation.subject
    if subject is None:
        return PatientIdentity(None)
    patient = patients.get(subject.reference) if subject.reference else None
    if subject.identifier is not None:
        identity = PatientIdentity(subject.identifier.value, subject.identifier.system or (
            subject.identifier.assigner.display if subject.identifier.assigner else None), name=subject.display)
        if patient is not None:
            whole = _patient_identity(patient)
            identity = PatientIdentity(identity.identifier, identity.authority, whole.birth_date, whole.sex,
                                       whole.name or identity.name)
        return identity
    if patient is not None:
        return _patient_identity(patient)
    return PatientIdentity(None, name=subject.display)


def _collected(observation) -> datetime | date | None:
    when = observation.effectiveDateTime or observation.effectiveInstant
    if isinstance(when, (datetime, date)):
        return when
    if isinstance(when, str):
        try:
            return datetime.fromisoformat(when) if "T" in when else date.fromisoformat(when)
        except ValueError:
            return None
    return None


def _result(observation, patients, file_name: str, where: str) -> LabResult:
    codings = list(observation.code.coding or []) if observation.code else []
    loinc = next((c for c in codings if c.system == "http://loinc.org"), None)
    first = loinc or (codings[0] if codings else None)
    others = tuple((c.code or "", c.system, c.display) for c in codings if c is not first)
    if observation.code and observation.code.text:
        others += (("", None, observation.code.text),)
    quantity = observation.valueQuantity
    high = low = None
    if observation.referenceRange:
        high, low = observation.referenceRange[0].high, observation.referenceRange[0].low
    value_unit = _unit(quantity)
    range_quantity = high or low
    range_unit = _unit(range_quantity) if range_quantity is not None else None
    value = _text(quantity.value) if quantity is not None else (observation.valueString or None)
    return LabResult(
        code=(first.code or "") if first else "",
        system=first.system if first else None,
        name=(first.display if first else None) or (observation.code.text if observation.code else None),
        value=value,
        unit=value_unit,
        range_low=_text(low.value) if low is not None else None,
        range_high=_text(high.value) if high is not None else None,
        range_unit=range_unit if range_unit != value_unit else None,
        collected=_collected(observation),
        status=str(observation.status),
        status_sent=str(observation.status),
        patient=_subject(observation, patients),
        source=f"{file_name} {where}, Observation {observation.id or _('(no id)')}",
        local_codes=others,
    )


def parse_fhir(raw: bytes, file_name: str) -> ResultFile:
    try:
        data = json.loads(raw, parse_float=Decimal)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputError([_("{file}: not valid JSON ({why})", file=file_name, why=exc)]) from None
    kind = data.get("resourceType") if isinstance(data, dict) else None
    if kind not in ("Bundle", "Observation"):
        if kind:
            raise InputError([_("{file}: a FHIR Bundle or Observation was expected, not {kind}", file=file_name,
                                kind=kind)])
        raise InputError([_("{file}: a FHIR Bundle or Observation was expected, not this JSON", file=file_name)])
    from fhir.resources.R4B.bundle import Bundle
    from fhir.resources.R4B.observation import Observation

    try:
        resource = (Bundle if kind == "Bundle" else Observation).model_validate(data)
    except ValidationError as exc:
        lines = [_("{file}: not a valid FHIR R4 {kind}:", file=file_name, kind=kind)]
        lines += [f"  {'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()[:10]]
        raise InputError(lines) from None
    if kind == "Observation":
        where = f"Observation {resource.id or _('(no id)')}"
        # "single": the Observation stands alone, in no Bundle
        return ResultFile(file_name, "FHIR R4", (where,), (_result(resource, {}, file_name, _("single")),))
    patients: dict[str, object] = {}
    observations = []
    for entry in resource.entry or []:
        item = entry.resource
        if item is None:
            continue
        if item.get_resource_type() == "Patient":
            if entry.fullUrl:
                patients[entry.fullUrl] = item
            if item.id:
                patients[f"Patient/{item.id}"] = item
        elif item.get_resource_type() == "Observation":
            observations.append(item)
    bundle_id = f"Bundle {resource.id or _('(no id)')}"
    results = tuple(_result(o, patients, file_name, bundle_id) for o in observations)
    return ResultFile(file_name, "FHIR R4", (bundle_id,), results)
