"""What an import proposes: codes, units, patient, collection time and status (core, no Qt)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ctit_gui.core.errors import InputError
from ctit_gui.core.lab_results import apply_preview, load_site_lab_codes
from ctit_gui.core.session import default_protocols

from .helpers import hl7_message, obx, preview_of, preview_of_text, sample_case


def _by_field(preview):
    return {item.field: item for item in preview.items if item.state == "apply"}


# --- which lab: every LOINC code of the issue, and the site's codes and names ---------------------------
@pytest.mark.parametrize("code, field, value, unit, expected_unit", [
    ("777-3", "PLT (screening)", "33", "10*9/L", "10^9/L"),
    ("26515-7", "PLT (screening)", "33", "10*9/L", "10^9/L"),
    ("1742-6", "ALT (screening)", "36", "U/L", "U/L"),
    ("1920-8", "AST (screening)", "41", "U/L", "U/L"),
    ("1975-2", "total bilirubin (screening)", "12.3", "umol/L", "umol/L"),
    ("14631-6", "total bilirubin (screening)", "12.3", "umol/L", "umol/L"),
    ("2160-0", "creatinine (screening)", "81", "umol/L", "umol/L"),
    ("14682-9", "creatinine (screening)", "81", "umol/L", "umol/L"),
    ("6301-6", "INR (screening)", "1.05", "", None),
    ("34714-6", "INR (screening)", "1.05", "", None),
])
def test_each_loinc_code_fills_its_screening_lab(code, field, value, unit, expected_unit):
    preview = preview_of_text(hl7_message(obx(code, value, unit)))
    item = _by_field(preview)[field]
    assert (item.value, item.unit) == (Decimal(value), expected_unit)


@pytest.mark.parametrize("obx3, unit, field", [
    ("PLT^Platelets^L", "10*9/L", "PLT (screening)"),
    ("^血小板计数^L", "10*9/L", "PLT (screening)"),
    ("ALT^^L", "U/L", "ALT (screening)"),
    ("^丙氨酸氨基转移酶^L", "U/L", "ALT (screening)"),
    ("AST^^L", "U/L", "AST (screening)"),
    ("TBIL^^L", "umol/L", "total bilirubin (screening)"),
    ("^总胆红素^L", "umol/L", "total bilirubin (screening)"),
    ("CREA^^L", "umol/L", "creatinine (screening)"),
    ("^肌酐^L", "umol/L", "creatinine (screening)"),
    ("INR^^L", "", "INR (screening)"),
    ("^国际标准化比值^L", "", "INR (screening)"),
])
def test_site_codes_and_chinese_names_are_recognised_through_the_site_file(obx3, unit, field):
    text = hl7_message(f"NM|{obx3}|1|1.1|{unit}|||||F|||20261104071500")
    [item] = preview_of_text(text).items
    assert (item.field, item.state) == (field, "apply"), item.reason.text


def test_a_loinc_code_sent_with_a_local_system_is_not_read_as_loinc():
    preview = preview_of_text(hl7_message(obx("777-3", "33", "10*9/L", system="L")))
    assert [i.reason.code for i in preview.items] == ["unknown_code"]


def test_unknown_code_is_listed_and_does_not_block_the_rest():
    preview = preview_of_text(hl7_message(obx("2093-3", "4.2", "mmol/L"), obx("777-3", "33", "10*9/L")))
    assert [i.state for i in preview.items] == ["refused", "apply"]
    assert preview.items[0].reason.code == "unknown_code" and "2093-3" in preview.items[0].reason.text
    assert preview.command_line_problems() == []


def test_site_file_mapping_one_code_to_two_labs_is_refused(tmp_path):
    bad = tmp_path / "lab-codes.json"
    bad.write_text('{"format": "ctit-site-lab-codes/1", "site_configuration": "site", "laboratory": "x", '
                   '"entries": [{"code": "PLT", "measure": "plt"}, {"code": "PLT", "measure": "alt"}]}',
                   encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_site_lab_codes(bad)
    assert "PLT" in refused.value.messages[0] and "both plt and alt" in refused.value.messages[0]


def test_site_file_entry_with_an_unknown_lab_is_refused(tmp_path):
    bad = tmp_path / "lab-codes.json"
    bad.write_text('{"format": "ctit-site-lab-codes/1", "site_configuration": "site", "laboratory": "x", '
                   '"entries": [{"code": "HGB", "measure": "haemoglobin"}]}', encoding="utf-8")
    with pytest.raises(InputError) as refused:
        load_site_lab_codes(bad)
    assert "entries[0].measure" in refused.value.messages[0]


# --- units: each spelling through the one table; anything else refused ---------------------------------
@pytest.mark.parametrize("code, spelling, case_unit", [
    ("777-3", "10*9/L", "10^9/L"), ("777-3", r"10\S\9/L", "10^9/L"), ("777-3", r"×10\S\9/L", "10^9/L"),
    ("777-3", "10E9/L", "10^9/L"), ("777-3", "/uL", "/uL"), ("777-3", "/µL", "/uL"), ("777-3", "/μL", "/uL"),
    ("1975-2", "umol/L", "umol/L"), ("1975-2", "µmol/L", "umol/L"), ("1975-2", "μmol/L", "umol/L"),
    ("1975-2", "mg/dL", "mg/dL"), ("1742-6", "U/L", "U/L"), ("1742-6", "IU/L", "U/L"),
])
def test_each_unit_spelling_maps_to_the_case_unit(code, spelling, case_unit):
    value = "33000" if case_unit == "/uL" else "1.5" if spelling == "mg/dL" else "33"
    reference = "0.2-1.2" if spelling == "mg/dL" else ""  # the case's ULN is in µmol/L: a mg/dL result brings its own
    preview = preview_of_text(hl7_message(obx(code, value, spelling, reference=reference)))
    [item] = preview.items
    assert (item.state, item.unit, item.value) == ("apply", case_unit, Decimal(value)), item.reason.text


@pytest.mark.parametrize("code, spelling", [
    ("777-3", "G/L"), ("777-3", "K/uL"), ("777-3", "10*3/uL"), ("777-3", "x10E9/L"), ("1975-2", "mmol/L"),
    ("1975-2", "umol/l"), ("1742-6", "µkat/L"), ("6301-6", "s"), ("1742-6", "mg/dL"), ("777-3", "U/L"),
])
def test_an_unknown_unit_is_refused_and_stops_an_unreviewed_import(code, spelling):
    preview = preview_of_text(hl7_message(obx(code, "33", spelling), obx("1920-8", "30", "U/L")))
    assert preview.items[0].state == "refused" and preview.items[0].reason.code == "unknown_unit"
    assert spelling in preview.items[0].reason.text
    assert preview.items[1].state == "apply"
    assert len(preview.command_line_problems()) == 1


def test_value_with_a_comparator_is_not_coerced_to_a_number():
    preview = preview_of_text(hl7_message("SN|1742-6^ALT^LN|1|<^5|U/L|7-40||||F|||20261104071500"))
    assert preview.items[0].state == "refused" and preview.items[0].reason.code == "no_value"


def test_a_platelet_count_of_1000_e9_per_litre_is_refused_by_the_case_plausibility_rule():
    preview = preview_of_text(hl7_message(obx("777-3", "1000", "10*9/L")))
    assert preview.items[0].reason.code == "refused_value" and "per µL" in preview.items[0].reason.text


# --- reference range and ULN ---------------------------------------------------------------------------
def test_reference_range_high_fills_the_uln():
    preview = preview_of_text(hl7_message(obx("1742-6", "36", "U/L", reference="7-45")))
    item = preview.items[0]
    assert item.uln == Decimal(45) and "from the reference range" in item.uln_note


def test_without_a_range_the_case_uln_is_kept_and_said():
    preview = preview_of_text(hl7_message(obx("1742-6", "36", "U/L")))
    item = preview.items[0]
    assert item.uln == Decimal(40) and "the case's ULN 40 units/L is kept" in item.uln_note


def test_without_a_range_a_uln_in_another_unit_is_never_reused():
    preview = preview_of_text(hl7_message(obx("1975-2", "0.9", "mg/dL")))
    assert preview.items[0].reason.code == "uln_unit"


def test_reference_range_in_another_unit_is_refused_not_converted():
    preview = preview_of("fhir/searchset-status.json")
    item = next(i for i in preview.items if i.result.source.endswith("tbil-range-mgdl"))
    assert item.state == "refused" and item.reason.code == "range_unit"
    assert "mg/dL" in item.reason.text and "µmol/L" in item.reason.text


# --- right patient -------------------------------------------------------------------------------------
def test_wrong_record_number_refuses_the_whole_file_showing_both_identities():
    preview = preview_of("hl7/oru-wrong-patient.hl7")
    assert preview.applied == ()
    assert all(i.state == "refused" for i in preview.items)
    [line] = preview.refusal
    assert "ZY2026017" in line and "ZY2026001" in line and "李建国" in line
    with pytest.raises(InputError):
        apply_preview(sample_case(), preview, default_protocols())


def test_same_record_number_with_another_birth_date_is_refused():
    preview = preview_of("hl7/oru-wrong-birth-date.hl7")
    assert preview.applied == () and "birth date" in preview.refusal[0]
    assert "1970-05-13" in preview.refusal[0] and "1970-03-15" in preview.refusal[0]


def test_same_record_number_with_another_sex_is_refused():
    text = hl7_message(obx("777-3", "33", "10*9/L"), pid="PID|1||ZY2026001^^^SYSU^MR||张^秀英||19700315|M")
    assert "sex" in preview_of_text(text).refusal[0]


def test_birth_date_missing_on_one_side_does_not_refuse():
    text = hl7_message(obx("777-3", "33", "10*9/L"), pid="PID|1||ZY2026001^^^SYSU^MR||张^秀英|||F")
    assert preview_of_text(text).refusal == ()


def test_case_without_hospital_id_cannot_import():
    preview = preview_of("hl7/oru-utf8-loinc.hl7", case=sample_case(hospital_id=None))
    assert preview.applied == () and "patient.hospital_id is empty" in preview.refusal[0]


def test_assigning_authorities_must_agree_when_both_are_given():
    text = hl7_message(obx("777-3", "33", "10*9/L"))
    assert preview_of_text(text, case=sample_case(hospital_id_authority="SYSU")).refusal == ()
    refused = preview_of_text(text, case=sample_case(hospital_id_authority="FJMU")).refusal
    assert refused and "assigning authority" in refused[0]


def test_one_wrong_patient_among_several_messages_refuses_all():
    right = hl7_message(obx("777-3", "33", "10*9/L"), control_id="A")
    wrong = hl7_message(obx("1742-6", "30", "U/L"), control_id="B",
                        pid="PID|1||ZY2026017^^^SYSU^MR||李^建国||19580702|M")
    preview = preview_of_text(right + wrong)
    assert preview.applied == () and len(preview.refusal) == 1


# --- right time -----------------------------------------------------------------------------------------
def test_collection_time_places_screening_labs_and_treatment_day_counts():
    preview = preview_of("hl7/oru-utf8-loinc.hl7")
    fields = _by_field(preview)
    assert fields["day 3 PLT"].value == Decimal(45)  # collected 2026-11-07, day 1 is 2026-11-05
    assert fields["PLT (screening)"].value == Decimal(32)  # collected 2026-11-04, before day 1


def test_a_count_on_day_1_itself_is_that_days_check_not_screening():
    preview = preview_of_text(hl7_message(obx("777-3", "29", "10*9/L", when="20261105060000")))
    assert preview.items[0].field == "day 1 PLT" and preview.items[0].old == "28 ×10⁹/L"


def test_results_after_today_and_after_the_course_are_refused_with_a_line():
    preview = preview_of("hl7/oru-two-messages-status.hl7", accept_preliminary=True)
    future = next(i for i in preview.items if i.result.collected_text.startswith("2026-11-26"))
    late = next(i for i in preview.items if i.result.collected_text.startswith("2026-11-20"))
    assert future.reason.code == "after_today" and "2026-11-25" in future.reason.text
    assert late.reason.code == "after_course" and "day 16" in late.reason.text


def test_collected_on_today_is_accepted_and_tomorrow_is_not():
    on_today = preview_of_text(hl7_message(obx("777-3", "40", "10*9/L", when="20261112235900")),
                               today=__import__("datetime").date(2026, 11, 12))
    tomorrow = preview_of_text(hl7_message(obx("777-3", "40", "10*9/L", when="20261113000000")),
                               today=__import__("datetime").date(2026, 11, 12))
    assert on_today.items[0].state == "apply" and on_today.items[0].field == "day 8 PLT"
    assert tomorrow.items[0].reason.code == "after_today"


def test_a_liver_test_on_a_treatment_day_is_not_put_in_the_screening_labs():
    preview = preview_of_text(hl7_message(obx("1742-6", "50", "U/L", when="20261107080000")))
    assert preview.items[0].reason.code == "treatment_day_not_plt"


def test_several_screening_results_propose_the_latest_final_one_and_the_user_may_choose():
    preview = preview_of("fhir/searchset-status.json")
    alt = [i for i in preview.items if i.measure == "alt"]
    assert [(i.state, i.value) for i in alt] == [("alternative", 28), ("apply", 33), ("confirm", 35)]
    chosen = preview_of("fhir/searchset-status.json", choices={("labs", "alt"): alt[0].index})
    assert [(i.state, i.value) for i in chosen.items if i.measure == "alt"] == [
        ("apply", 28), ("alternative", 33), ("confirm", 35)]


def test_baseline_plt_change_shows_the_new_stop_limit():
    preview = preview_of("hl7/oru-utf8-loinc.hl7")
    [effect] = _by_field(preview)["PLT (screening)"].effects
    assert "80 ×10⁹/L → 82 ×10⁹/L" in effect and "rises ≥50×10⁹/L from baseline" in effect


def test_two_final_counts_on_one_treatment_day_are_never_chosen_for_the_user():
    preview = preview_of("hl7/oru-two-messages-status.hl7")
    day5 = [i for i in preview.items if i.field == "day 5 PLT"]
    assert [i.state for i in day5] == ["choose", "choose"]
    assert all(i.target != ("day", 5) for i in preview.applied)
    lines = preview.command_line_problems()
    assert sum("treatment day 5" in line for line in lines) == 2
    assert any("07:00" in line for line in lines) and any("15:40" in line for line in lines)
    picked = preview_of("hl7/oru-two-messages-status.hl7", choices={("day", 5): day5[1].index})
    assert [(i.state, i.value) for i in picked.items if i.field == "day 5 PLT"] == [("alternative", 61),
                                                                                 ("apply", 64)]


def test_a_count_replacing_one_in_the_case_shows_the_old_value_and_keeps_bleeding_risk():
    preview = preview_of_text(hl7_message(obx("777-3", "26", "10*9/L", when="20261105070000")))
    [item] = preview.items
    assert (item.old, item.new) == ("28 ×10⁹/L", "26 ×10⁹/L")
    new = apply_preview(sample_case(), preview, default_protocols())
    assert new.check_on(1).value == Decimal(26) and new.check_on(1).bleeding_risk is False


@pytest.mark.parametrize("value, rescue", [("10", True), ("9", True), ("19", True), ("20", False), ("11", True)])
def test_rescue_level_count_is_flagged(value, rescue):
    # NCT07334093: "If PLT ≤10×10⁹/L or <20×10⁹/L with bleeding risk, give rescue therapy";
    # below 20 the bleeding risk decides, so the count is flagged for the user to look at.
    preview = preview_of_text(hl7_message(obx("777-3", value, "10*9/L", when="20261108070000")))
    assert preview.items[0].rescue_level is rescue


@pytest.mark.parametrize("value, rescue", [("10", True), ("11", False), ("19", False)])
def test_day_recorded_without_bleeding_risk_flags_only_counts_at_most_10(value, rescue):
    # day 1 of the sample case records bleeding risk: no
    preview = preview_of_text(hl7_message(obx("777-3", value, "10*9/L", when="20261105070000")))
    assert preview.items[0].rescue_level is rescue


def test_rescue_level_in_per_microlitre_is_flagged_on_the_exact_boundary():
    on = preview_of_text(hl7_message(obx("777-3", "10000", "/uL", when="20261108070000")))
    below_20 = preview_of_text(hl7_message(obx("777-3", "19999", "/uL", when="20261108070000")))
    at_20 = preview_of_text(hl7_message(obx("777-3", "20000", "/uL", when="20261108070000")))
    assert (on.items[0].rescue_level, below_20.items[0].rescue_level, at_20.items[0].rescue_level) == (
        True, True, False)


# --- right status ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("status, state", [("F", "apply"), ("C", "apply"), ("P", "confirm"), ("X", "refused"),
                                           ("D", "refused"), ("W", "refused"), ("R", "refused"), ("I", "refused")])
def test_only_final_and_corrected_hl7_results_are_applied(status, state):
    preview = preview_of_text(hl7_message(obx("777-3", "40", "10*9/L", status=status)))
    assert preview.items[0].state == state


def test_fhir_statuses():
    preview = preview_of("fhir/searchset-status.json")
    by_id = {i.result.source.rsplit(" ", 1)[1]: i for i in preview.items}
    assert by_id["alt-3-prelim"].state == "confirm"
    assert by_id["crea-cancelled"].state == "refused" and by_id["crea-cancelled"].reason.code == "never"
    assert by_id["ast-eie"].state == "refused" and by_id["ast-eie"].reason.code == "never"
    collection = preview_of("fhir/bundle-collection.json")
    statuses = {i.result.status for i in collection.applied}
    assert statuses == {"final", "amended", "corrected"}


def test_preliminary_applied_only_when_confirmed_each():
    plain = preview_of("hl7/oru-two-messages-status.hl7")
    prelim = next(i for i in plain.items if i.state == "confirm")
    assert prelim.field == "day 4 PLT"
    confirmed = preview_of("hl7/oru-two-messages-status.hl7", confirmed={prelim.index})
    assert confirmed.items[prelim.index].state == "apply"
    assert confirmed.items[prelim.index].reason.code == "apply_preliminary"
    assert preview_of("hl7/oru-two-messages-status.hl7", accept_preliminary=True).items[prelim.index].state == "apply"


# --- applying -------------------------------------------------------------------------------------------
def test_apply_writes_every_applied_value_exactly_as_sent():
    case = sample_case()
    preview = preview_of("fhir/bundle-collection.json", case=case)
    new = apply_preview(case, preview, default_protocols())
    assert (new.labs.plt.value, new.labs.plt.unit) == (Decimal(31000), "/uL")
    assert (new.labs.tbil.value, str(new.labs.tbil.value), new.labs.tbil.uln) == (
        Decimal("15.40"), "15.40", Decimal("20.5"))
    assert (new.labs.creatinine.value, new.labs.creatinine.uln) == (Decimal(76), Decimal(97))
    assert (new.labs.inr.value, new.labs.inr.uln) == (Decimal("1.10"), Decimal("1.2"))
    assert new.check_on(3).value == Decimal(47)
    assert new.labs.alt == case.labs.alt  # not in the file: unchanged
    assert case.labs.plt.value == Decimal(30)  # the original case is untouched


def test_apply_is_all_or_nothing():
    case = sample_case()
    preview = preview_of("hl7/oru-utf8-loinc.hl7", case=case)
    broken = type(preview)(preview.source, (), preview.items + (
        preview.items[0].__class__(99, preview.items[0].result, "apply", preview.items[0].reason,
                                   measure="plt", target=("day", 20), value=Decimal(40), unit="10^9/L"),))
    with pytest.raises(InputError) as refused:
        apply_preview(case, broken, default_protocols())
    assert "nothing was changed" in refused.value.messages[0]
    assert case == sample_case()


def test_unchanged_values_are_not_changes():
    case = sample_case()
    first = preview_of("hl7/oru-utf8-loinc.hl7", case=case)
    new = apply_preview(case, first, default_protocols())
    again = preview_of("hl7/oru-utf8-loinc.hl7", case=new)
    assert again.applied == ()
    assert [i.state for i in again.items] == ["unchanged" if i.state == "apply" else i.state for i in first.items]


def test_shipped_site_mapping_file_is_valid_and_marked_as_site_configuration():
    from ctit_gui.labs_import import site_lab_codes

    site = site_lab_codes()
    assert "Site configuration — not in registry" in site.site_configuration and "EXAMPLE" in site.site_configuration
    assert {e.measure for e in site.entries} == {"plt", "alt", "ast", "tbil", "creatinine", "inr"}
