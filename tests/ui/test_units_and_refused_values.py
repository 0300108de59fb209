"""Units change the converted value, never the verdict; a refused value is explained, kept, and unknown."""

from __future__ import annotations

import pytest

from .bedside import choose, enter_day_plt, enter_day_unit, enter_lab, type_into, verdict
from ctit_gui.ui.case_screen.calendar_model import COL_NOTES, COL_PLT


def _open(window, dialogs, name: str) -> None:
    dialogs.open_names.append(str(_EXAMPLE(name)))
    window.open_action.trigger()
    assert window.files.path is not None and window.files.path.name == name


_EXAMPLE = None


@pytest.fixture(autouse=True)
def _copies(example):
    global _EXAMPLE
    _EXAMPLE = example
    yield
    _EXAMPLE = None


def _criterion(window, criterion_id: str):
    return next(c for c in window.assessment.eligibility.criteria if c.id == criterion_id)


def test_bilirubin_in_mg_dl_shows_the_umol_l_value_and_keeps_the_verdict(qtbot, window, dialogs):
    _open(window, dialogs, "nct07334093-experimental-eligible.json")
    row = window.labs_panel.rows["tbil"]
    before_verdict, before_info = verdict(window), row.info.text()
    assert before_verdict == "ELIGIBLE" and "0.95 × ULN" in before_info and "=" not in before_info

    choose(qtbot, row.unit, "mg/dL")
    enter_lab(qtbot, window, "tbil", "1.17", uln="1.23")

    assert "= 20.01 µmol/L" in row.info.text()
    assert row.info.text() != before_info
    assert verdict(window) == before_verdict

    choose(qtbot, row.unit, "umol/L")
    enter_lab(qtbot, window, "tbil", "20", uln="21")
    assert row.info.text() == before_info and verdict(window) == before_verdict


def test_creatinine_in_mg_dl_converts_for_the_clearance_and_keeps_the_verdict(qtbot, window, dialogs):
    _open(window, dialogs, "nct07243418-secondary-nadir-ineligible.json")
    before = verdict(window), _criterion(window, "IN6.1").holds, _criterion(window, "EX13").holds
    choose(qtbot, window.labs_panel.rows["creatinine"].unit, "mg/dL")
    enter_lab(qtbot, window, "creatinine", "0.7", uln="0.95")
    assert "= 61.88 µmol/L" in window.labs_panel.rows["creatinine"].info.text()
    assert "mL/min" in window.labs_panel.clearance.text()
    assert (verdict(window), _criterion(window, "IN6.1").holds, _criterion(window, "EX13").holds) == before


def test_platelets_per_microlitre_show_the_count_in_e9_per_litre_and_keep_the_verdict(qtbot, window, dialogs):
    _open(window, dialogs, "nct07334093-experimental-eligible.json")
    row = window.labs_panel.rows["plt"]
    before_verdict = verdict(window)
    assert row.info.text() == "CTCAE grade 3"

    choose(qtbot, row.unit, "/uL")
    type_into(qtbot, row.value, "32000")

    assert row.info.text() == "= 32 ×10⁹/L · CTCAE grade 3"
    assert verdict(window) == before_verdict
    assert [e.kind for e in window.assessment.plan.events] == ["stop", "response"]


def test_day_check_in_per_microlitre_converts_on_the_calendar(qtbot, window, dialogs):
    _open(window, dialogs, "nct07334093-experimental-eligible.json")
    enter_day_unit(qtbot, window, 7, "/uL")
    enter_day_plt(qtbot, window, 7, "85000")
    model = window.calendar_model
    assert "= 85 ×10⁹/L" in model.index(model.row_of_day(7), COL_NOTES).data()
    assert [e.kind for e in window.assessment.plan.events] == ["stop", "response"]


def test_weight_450_is_refused_beside_the_field_kept_as_typed_and_read_as_unknown(qtbot, window, dialogs):
    _open(window, dialogs, "nct07243418-secondary-nadir-ineligible.json")
    panel = window.patient_panel
    type_into(qtbot, panel.weight, "450")

    message = panel.messages[("patient", "weight_kg")]
    assert message.isVisible() and "400 or less" in message.text()
    assert panel.weight.text() == "450"
    assert panel.weight.property("invalid") is True
    assert window.assessment.case.patient.weight_kg is None
    assert _criterion(window, "IN6.1").holds is None  # creatinine clearance needs the weight
    assert "weight" in _criterion(window, "IN6.1").reason
    assert window.form_summary.isVisible()

    type_into(qtbot, panel.weight, "62")
    assert not message.isVisible() and panel.weight.property("invalid") is False


def test_plt_1500_e9_per_litre_is_refused_and_the_reason_names_the_unit(qtbot, window, dialogs):
    _open(window, dialogs, "nct07334093-experimental-eligible.json")
    row = window.labs_panel.rows["plt"]
    type_into(qtbot, row.value, "1500")

    assert row.message.isVisible()
    assert "1,000 ×10⁹/L" in row.message.text() and "/uL" in row.message.text()
    assert row.value.text() == "1500"
    assert _criterion(window, "IN4").holds is None
    assert verdict(window).startswith("INCOMPLETE")


def test_refused_day_count_stays_in_its_cell_with_the_reason(qtbot, window, dialogs):
    _open(window, dialogs, "nct07334093-experimental-eligible.json")
    enter_day_plt(qtbot, window, 7, "2000")  # day 7 is today
    model = window.calendar_model
    cell = model.index(model.row_of_day(7), COL_PLT)
    assert cell.data() == "2000"
    assert "not plausible" in cell.data(0x03)  # ToolTipRole
    assert "not plausible" in model.index(model.row_of_day(7), COL_NOTES).data()  # the reason in the row
    assert window.assessment.plan.days[6].platelet_check is None


def test_saving_is_refused_while_a_value_is_refused(qtbot, window, dialogs, tmp_path):
    _open(window, dialogs, "nct07334093-experimental-eligible.json")
    type_into(qtbot, window.patient_panel.weight, "0")
    dialogs.save_names.append(str(tmp_path / "x.json"))
    assert window.save_case_as() is False
    assert dialogs.kinds()[-1] == "warning" and "Weight" in dialogs.texts("warning")[-1]
    assert not (tmp_path / "x.json").exists()


def test_a_refused_field_alone_is_framed_red_and_the_frame_goes_when_it_is_corrected(qtbot, window, dialogs):
    """The red frame is drawn on the refused widget only: no window-wide style sheet (which sent every
    widget through Qt's style-sheet style and tripled the cost of building the window)."""
    from PySide6.QtGui import QColor

    from ctit_gui.ui.widgets.fields import COLOURS

    _open(window, dialogs, "nct07243418-secondary-nadir-ineligible.json")
    panel = window.patient_panel
    red = QColor(COLOURS["fail"])

    def left_edge_is_red(widget) -> bool:
        image = widget.grab().toImage()
        return image.pixelColor(0, image.height() // 2).name() == red.name()

    assert window.styleSheet() == ""
    assert not left_edge_is_red(panel.weight)
    type_into(qtbot, panel.weight, "450")
    assert left_edge_is_red(panel.weight)
    assert not left_edge_is_red(panel.age)  # a field that is not refused keeps its plain frame
    type_into(qtbot, panel.weight, "62")
    assert not left_edge_is_red(panel.weight)
