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
