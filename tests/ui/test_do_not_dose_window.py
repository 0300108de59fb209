"""A patient who must not be dosed gets no dosable output in the window: DO NOT DOSE in words in the
header, a banner listing the blocking criteria, and the core's words in every calendar day."""

from __future__ import annotations

from ctit_gui.ui.case_screen.calendar_model import COL_DOSES


def test_a_not_eligible_patient_reads_do_not_dose_everywhere(qtbot, window, dialogs, example):
    dialogs.open_names.append(str(example("nct07243418-secondary-nadir-ineligible.json")))
    window.open_action.trigger()
    plan = window.assessment.plan
    assert plan.dosing_block == "not_eligible"
    assert window.header.verdict.text() == "NOT ELIGIBLE — DO NOT DOSE"
    assert window.header.status.text().startswith("DO NOT DOSE — NOT ELIGIBLE")
    assert window.banners.kinds()[0] == "do_not_dose"
    banner = window.banners.banners[0]
    assert "NOT ELIGIBLE — DO NOT DOSE" in banner.plain_text() and all(i in banner.plain_text() for i in plan.blocking)
    model = window.calendar_model
    cells = [model.index(r, COL_DOSES).data() for r in range(model.rowCount())]
    assert cells and all(cell == "DO NOT DOSE" for cell in cells)
    assert not any("units" in cell or "mg" in cell for cell in cells)


def test_a_not_eligible_patient_after_the_checkpoints_is_not_on_treatment_and_misses_no_check(qtbot, protocols,
                                                                                              example):
    """Day 11 of the calendar of a patient never allowed a dose: the header names no treatment day and no
    ON TREATMENT, and no PLT-check-overdue banner or calendar note appears (the Today page says the same)."""
    from datetime import date

    from .conftest import case_window

    for today in (date(2026, 4, 25), date(2026, 6, 30)):  # day 11; after the 14 days
        win = case_window(qtbot, protocols, example("nct07243418-secondary-nadir-ineligible.json"), today,
                          1024, 768)
        assert win.assessment.plan.dosing_block == "not_eligible"
        who, status = win.header.who.text(), win.header.status.text()
        assert "treatment day" not in who and "after the" not in who, who
        assert status == "DO NOT DOSE — NOT ELIGIBLE (IN3)", status
        assert "overdue" not in win.banners.kinds()
        notes = " ".join(" ".join(win.calendar_model.notes(day)) for day in win.assessment.plan.days)
        assert "overdue" not in notes.lower()
        win.close()
