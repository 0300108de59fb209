"""NCT07243418 cohort 2: the nadir PLT of the previous cycle decides IN3, typed like any other lab."""

from __future__ import annotations

from datetime import date

import pytest

from .bedside import choose, enter_lab, enter_patient, type_into, verdict

SATISFIED = {"IN2": True, "IN3": True, "IN4": True, "IN6.3": True, "IN8": True, "IN9": True, "IN10": True,
             "IN11": True, "EX2": False, "EX3": False, "EX4": False, "EX5": False, "EX6": False, "EX7": False,
             "EX8": False, "EX9": False, "EX10": False, "EX14": False, "EX15": False, "EX16": False,
             "EX17": False, "EX18": False}  # EX17 pregnant or lactating: every woman (issue 9)


def _cohort2_patient(qtbot, window, nadir: str) -> None:
    enter_patient(qtbot, window, trial="NCT07243418", arm="secondary", patient_id="FJCH-2031", sex="female",
                  age="50", weight="60", childbearing=False, ecog=1, liver=False,
                  screening=date(2026, 4, 13), day1=date(2026, 4, 15))
    enter_lab(qtbot, window, "plt", "120")
    enter_lab(qtbot, window, "alt", "30", uln="40")
    enter_lab(qtbot, window, "ast", "30", uln="40")
    enter_lab(qtbot, window, "tbil", "10", uln="21")
    enter_lab(qtbot, window, "creatinine", "70", uln="97")
    enter_lab(qtbot, window, "inr", "1", uln="1.2")
    enter_lab(qtbot, window, "nadir_plt", nadir)
    for criterion_id, answer in SATISFIED.items():  # through the table's model, as its controls do
        assert window.eligibility_panel.attest(criterion_id, answer), criterion_id


def test_nadir_field_appears_for_cohort_2_only(qtbot, window):
    panel = window.patient_panel
    nadir = window.labs_panel.rows["nadir_plt"].value
    choose(qtbot, panel.trial, "NCT07243418")
    choose(qtbot, panel.arm, "primary")
    assert not nadir.isVisible()
    choose(qtbot, panel.arm, "secondary")
    assert nadir.isVisible()
    assert window.labs_panel.clearance.isVisible()  # IN6.1 and EX13 use creatinine clearance
    choose(qtbot, panel.trial, "NCT07334093")
    choose(qtbot, panel.arm, "hetrombopag")
    assert not nadir.isVisible()
    assert not window.labs_panel.clearance.isVisible()


def test_nadir_80_makes_cohort_2_patient_ineligible_and_blocking_filter_shows_only_in3(qtbot, window):
    _cohort2_patient(qtbot, window, nadir="80")

    assert verdict(window) == "NOT ELIGIBLE"
    in3 = next(c for c in window.assessment.eligibility.criteria if c.id == "IN3")
    assert in3.holds is False and "nadir PLT 80" in in3.reason
    assert window.eligibility_panel.visible_ids()[:3] == ["IN1", "IN2", "IN3"]

    window.eligibility_panel.blocking_only.setFocus()
    qtbot.keyClick(window.eligibility_panel.blocking_only, " ")
    assert window.eligibility_panel.visible_ids() == ["IN3"]
    assert window.blocking_action.isChecked()
    assert "(1)" in window.eligibility_panel.blocking_only.text()


def test_nadir_below_75_makes_the_same_patient_eligible(qtbot, window):
    _cohort2_patient(qtbot, window, nadir="74")
    assert verdict(window) == "ELIGIBLE", window.eligibility_panel.verdict.text()
    window.blocking_action.trigger()
    assert window.eligibility_panel.visible_ids() == []


@pytest.mark.parametrize("nadir", ["", "abc"])
def test_missing_or_unreadable_nadir_reads_incomplete_not_eligible(qtbot, window, nadir):
    _cohort2_patient(qtbot, window, nadir="74")
    type_into(qtbot, window.labs_panel.rows["nadir_plt"].value, nadir)
    assert verdict(window).startswith("INCOMPLETE")
    window.blocking_action.trigger()
    assert window.eligibility_panel.visible_ids() == ["IN3"]


def test_another_trial_clears_attestations_and_another_arm_keeps_only_identical_questions(qtbot, window, dialogs,
                                                                                          example):
    dialogs.open_names.append(str(example("nct07243418-secondary-nadir-ineligible.json")))
    window.open_action.trigger()
    assert window.state.answers["IN3"] is True and window.state.answers["IN2"] is True

    choose(qtbot, window.patient_panel.arm, "primary")  # IN3 asks another question in cohort 1
    assert "IN3" not in window.state.answers and window.state.answers["IN2"] is True
    assert window.isWindowModified()

    choose(qtbot, window.patient_panel.trial, "NCT07334093")  # same ids, other questions
    assert window.state.answers == {} and window.state.arm == ""
    assert verdict(window) == "INCOMPLETE"
    assert "Attestations cleared" in window.statusBar().currentMessage()
