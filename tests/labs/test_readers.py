"""The file readers: HL7 v2 character sets (MSH-18), several messages, FHIR Bundle / Observation."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from ctit_gui.core.errors import InputError
from ctit_gui.labs_import import parse_results, read_results

from .helpers import SAMPLES, hl7_message, obx


def test_gb18030_message_gives_the_chinese_name_and_codes():
    parsed = read_results(SAMPLES / "hl7" / "oru-gb18030-local-codes.hl7")
    assert parsed.source_ids == ("MSH-10 LIS-GB-000318",)
    first = parsed.results[0]
    assert first.patient.name == "张秀英" and first.patient.identifier == "ZY2026001"
    assert (first.code, first.name, first.unit) == ("PLT", "血小板计数", "10^9/L")
    assert parsed.results[1].name == "丙氨酸氨基转移酶"


def test_utf8_message_gives_the_same_name():
    parsed = read_results(SAMPLES / "hl7" / "oru-utf8-loinc.hl7")
    assert parsed.results[0].patient.name == "张秀英"
    assert parsed.results[0].patient.birth_date == date(1970, 3, 15)
    assert parsed.results[0].patient.sex == "female"


def test_gb18030_bytes_read_as_utf8_are_refused_not_guessed():
    text = hl7_message(obx("777-3", "33", "10*9/L"))  # says UNICODE UTF-8 ...
    with pytest.raises(InputError) as refused:
        parse_results(text.encode("gb18030"), "x.hl7")  # ... but is GB18030
    assert "not valid utf-8" in refused.value.messages[0]


def test_chinese_name_without_msh18_is_refused_as_not_ascii():
    text = hl7_message(obx("777-3", "33", "10*9/L"), charset="")
    with pytest.raises(InputError) as refused:
        parse_results(text.encode("utf-8"), "x.hl7")
    assert "ascii" in refused.value.messages[0]


def test_unsupported_character_set_is_named():
    text = hl7_message(obx("777-3", "33", "10*9/L"), charset="ISO IR87")
    with pytest.raises(InputError) as refused:
        parse_results(text.encode("utf-8"), "x.hl7")
    assert "'ISO IR87' is not supported" in refused.value.messages[0]


def test_several_messages_keep_their_control_ids_and_results():
    parsed = read_results(SAMPLES / "hl7" / "oru-two-messages-status.hl7")
    assert parsed.source_ids == ("MSH-10 LAB-20261112-0007", "MSH-10 LAB-20261112-0008")
    assert len(parsed.results) == 11
    assert parsed.results[-1].source.endswith("MSH-10 LAB-20261112-0008, OBX 6")


def test_collection_time_is_obx14_else_the_order_time():
    text = hl7_message("NM|777-3^PLT^LN|1|33|10*9/L|||||F|||", obx("777-3", "34", "10*9/L", when="202611060930+0800"))
    first, second = parse_results(text.encode(), "x.hl7").results
    assert first.collected == datetime(2026, 11, 4, 7, 15)  # OBR-7 of the helper's order
    assert second.collected == datetime(2026, 11, 6, 9, 30, tzinfo=timezone(timedelta(hours=8)))


def test_not_a_result_message_is_refused():
    text = hl7_message(obx("777-3", "33", "10*9/L")).replace("ORU^R01", "ADT^A01")
    with pytest.raises(InputError) as refused:
        parse_results(text.encode(), "x.hl7")
    assert "ADT^A01, not a result message ORU^R01" in refused.value.messages[0]


def test_neither_format_is_refused():
    with pytest.raises(InputError) as refused:
        parse_results(b"PLT,33\n", "x.csv")
    assert "neither a FHIR R4 JSON resource nor an HL7 v2 message" in refused.value.messages[0]


def test_fhir_bundle_resolves_the_patient_and_keeps_decimals_exact():
    parsed = read_results(SAMPLES / "fhir" / "bundle-collection.json")
    assert parsed.source_ids == ("Bundle lab-bundle-20261108-17",)
    tbil = next(r for r in parsed.results if r.code == "14631-6")
    assert tbil.value == "15.40" and tbil.unit == "μmol/L"
    patient = tbil.patient
    assert (patient.identifier, patient.authority, patient.name, patient.birth_date, patient.sex) == (
        "ZY2026001", "SYSU", "张秀英", date(1970, 3, 15), "female")
    plt = next(r for r in parsed.results if r.code == "26515-7")
    assert plt.unit == "/uL"  # the UCUM code, not the display text


def test_single_observation_with_subject_identifier():
    parsed = read_results(SAMPLES / "fhir" / "observation-single.json")
    [result] = parsed.results
    assert result.patient.identifier == "ZY2026001" and result.patient.name == "张秀英"
    assert parsed.source_ids == ("Observation plt-day2-single",)


def test_invalid_fhir_is_refused_with_the_field():
    with pytest.raises(InputError) as refused:
        parse_results(b'{"resourceType": "Observation", "status": "final", "code": 5}', "x.json")
    assert "not a valid FHIR R4 Observation" in refused.value.messages[0]


def test_fhir_other_resource_is_refused():
    with pytest.raises(InputError) as refused:
        parse_results(b'{"resourceType": "Patient"}', "x.json")
    assert "not Patient" in refused.value.messages[0]
