"""A ward doctor's day with the window, typed key by key: screening, day 7, and a rescue."""

from __future__ import annotations

from datetime import date

from ctit_gui.ui.case_screen.calendar_model import COL_DOSES, COL_NOTES

from .bedside import (
    attest_by_keys,
    attest_with_control,
    enter_bleeding_risk,
    enter_day_plt,
    enter_lab,
    enter_patient,
    verdict,
)
from .conftest import TODAY, leave_quietly

EXAMPLE_ANSWERS = {"IN2": True, "IN3": True, "IN6": True, "IN8": True,
                   "EX1": False, "EX2": False, "EX3": False, "EX4": False, "EX5": False, "EX7": False,
                   "EX8": False, "EX9": False, "EX10": False}


def _enter_eligible_nct07334093_patient(qtbot, window) -> None:
    enter_patient(qtbot, window, trial="NCT07334093", arm="rhtpo+hetrombopag", patient_id="SYSU-0042",
                  sex="female", age="52", weight="58.5", childbearing=False, ecog=1, liver=False,
                  screening=date(2026, 2, 2), day1=date(2026, 2, 3))
    enter_lab(qtbot, window, "plt", "32")
    enter_lab(qtbot, window, "alt", "45", uln="40")
    enter_lab(qtbot, window, "ast", "38", uln="40")
    enter_lab(qtbot, window, "tbil", "20", uln="21")
    attest_by_keys(qtbot, window, EXAMPLE_ANSWERS)
    attest_with_control(qtbot, window, "EX11", False)


def _days(window):
    return {d.day: d for d in window.assessment.plan.days}


def test_typed_nct07334093_patient_reads_eligible(qtbot, window):
    assert verdict(window) == "INCOMPLETE"
    _enter_eligible_nct07334093_patient(qtbot, window)

    assert verdict(window) == "ELIGIBLE", window.eligibility_panel.verdict.text()
    assert window.eligibility_panel.verdict.kind == "ok"
    assert window.assessment.eligibility.blocking == ()
    assert "SYSU-0042" in window.windowTitle() and window.isWindowModified()


def test_day7_rise_of_exactly_50_stops_study_drug_from_day_8(qtbot, window):
    _enter_eligible_nct07334093_patient(qtbot, window)
    assert window.banners.kinds() == []

    enter_day_plt(qtbot, window, 7, "82")  # baseline 32 + 50

    assert window.banners.kinds()[0] == "stop"
    stop = window.banners.banners[0]
    assert stop.isVisible()
    assert "Stop study drug if PLT ≥100×10⁹/L or rises ≥50×10⁹/L from baseline." in stop.plain_text()
    days = _days(window)
    assert all(days[d].state == "planned" and days[d].doses for d in range(1, 7))
    assert days[7].state == "withhold" and days[7].doses  # withhold if not yet given; may be recorded as given
    model = window.calendar_model
    for day in range(8, 15):
        assert days[day].state == "stopped" and days[day].doses == ()
        assert model.index(model.row_of_day(day), COL_DOSES).data() == "no dose — stopped day 7"  # core's words
    assert model.index(model.row_of_day(7), COL_DOSES).data().startswith(
        "withhold if not yet given — PLT result meets the stop rule\n")
    assert "STOP study drug" in model.index(model.row_of_day(7), COL_NOTES).data()
    assert window.assessment.plan.today_day == (TODAY - date(2026, 2, 3)).days + 1 == 7
    assert "TODAY" in model.index(model.row_of_day(7), COL_NOTES).data()


def test_day7_rise_of_49_does_not_stop(qtbot, window):
    _enter_eligible_nct07334093_patient(qtbot, window)
    enter_day_plt(qtbot, window, 7, "81")
    assert "stop" not in window.banners.kinds()
    assert all(d.state == "planned" for d in window.assessment.plan.days)


def test_plt_15_with_bleeding_risk_raises_rescue_on_another_case(qtbot, window, dialogs, example):
    dialogs.open_names.append(str(example("nct07334093-experimental-eligible.json")))
    window.open_action.trigger()
    assert window.state.patient_id == "SYSU-0042"

    enter_day_plt(qtbot, window, 7, "15")  # the file records no bleeding risk on day 7
    assert "rescue" not in window.banners.kinds()

    enter_bleeding_risk(qtbot, window, 7, None)
    assert "incomplete" in window.banners.kinds()  # PLT < 20 and bleeding risk not recorded
    enter_bleeding_risk(qtbot, window, 7, True)

    kinds = window.banners.kinds()
    assert kinds[0] == "rescue", kinds
    rescue = window.banners.banners[0]
    assert "platelet transfusion or investigator-chosen alternative" in rescue.plain_text()
    assert "If PLT ≤10×10⁹/L or <20×10⁹/L with bleeding risk" in rescue.plain_text()
    model = window.calendar_model
    assert "RESCUE therapy" in model.index(model.row_of_day(7), COL_NOTES).data()


def test_missed_checkpoints_raise_overdue_banners_with_the_schedule_note(qtbot, protocols, dialogs, example):
    from ctit_gui.ui.main_window import MainWindow

    late = MainWindow(protocols, today=lambda: date(2026, 2, 20))  # day 18: days 10 and 14 have no count
    qtbot.addWidget(late, before_close_func=leave_quietly)
    late.load_path(example("nct07334093-experimental-eligible.json"))
    overdue = [b for b in late.banners.banners if b.data.kind == "overdue"]
    assert [b.data.text.split(" PLT")[0] for b in overdue] == ["Day 10", "Day 14"]
    assert all("site rule — not in registry" in b.plain_text() for b in overdue)
    assert late.banners.kinds()[0] == "stop"  # the most urgent first


def test_nct07243418_shows_that_the_registry_defines_no_stop_or_rescue_rule(qtbot, window, dialogs, example):
    window.today = lambda: date(2026, 5, 12)  # the example's day 7
    dialogs.open_names.append(str(example("nct07243418-primary-dose-review.json")))
    window.open_action.trigger()
    kinds = window.banners.kinds()
    assert "undefined_rules" in kinds and "dose_review" in kinds
    note = next(b for b in window.banners.banners if b.data.kind == "undefined_rules")
    assert "defines no stop, rescue or response rule for this trial; counts are not judged against any" in note.plain_text()
