"""Lab results dropped on the window: the preview, the choices it leaves to the user, and the applied revision."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from ctit_gui.ui.case_screen.calendar_model import COL_PLT
from ctit_gui.ui.dialogs.lab_import_dialog import COL_FIELD, COL_NEW, COL_OLD, COL_REASON, COL_USE

from .store_windows import store_window  # noqa: F401 — fixture

SAMPLES = Path(__file__).resolve().parents[1] / "labs" / "samples"
#: Day 8 of the sample case (day 1 = 2026-11-05).
LAB_DAY = date(2026, 11, 12)


def _open_sample_case(window, dialogs) -> int:
    dialogs.open_names.append(str(SAMPLES / "case.json"))
    window.open_action.trigger()
    assert window.store_session.case_id is not None, dialogs.shown
    return window.store_session.case_id


def drop_file(qtbot, window, path: Path, expect_dialog: bool = True):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    centre = window.rect().center()
    enter = QDragEnterEvent(centre, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, enter)
    assert enter.isAccepted(), "the window does not take a dropped file"
    drop = QDropEvent(QPointF(centre), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(window, drop)
    dialog = window.lab_import.dialog
    if not expect_dialog:
        return dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return dialog


def rows(dialog) -> list[dict]:
    table = dialog.table
    found = []
    for row in range(table.rowCount()):
        use = table.item(row, COL_USE)
        found.append({"field": table.item(row, COL_FIELD).text(), "old": table.item(row, COL_OLD).text(),
                      "new": table.item(row, COL_NEW).text(), "use": use, "checked":
                      bool(use.flags() & Qt.ItemFlag.ItemIsUserCheckable) and use.checkState() == Qt.CheckState.Checked})
    return found


def test_dropped_hl7_file_is_previewed_applied_and_audited(qtbot, store_window, dialogs):
    window = store_window(today=LAB_DAY)
    case_id = _open_sample_case(window, dialogs)
    dialog = drop_file(qtbot, window, SAMPLES / "hl7" / "oru-utf8-loinc.hl7")
    shown = rows(dialog)
    plt = next(r for r in shown if r["field"] == "PLT (screening)")
    assert (plt["old"], plt["new"], plt["checked"]) == ("30 ×10⁹/L", "32 ×10⁹/L", True)
    day3 = next(r for r in shown if r["field"] == "day 3 PLT")
    assert (day3["old"], day3["new"]) == ("(none)", "45 ×10⁹/L")
    assert dialog.apply_button.isEnabled() and dialog.apply_button.text() == "Apply 7 change(s)"

    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    assert window.state.labs["plt"].value == "32"
    assert window.state.labs["creatinine"].value == "0.92" and window.state.labs["creatinine"].unit == "mg/dL"
    model = window.calendar_model
    cell = model.index(model.row_of_day(3), COL_PLT)
    assert model.data(cell, Qt.ItemDataRole.DisplayRole) == "45"
    assert not window.isWindowModified()
    stored = window.store_session.store.load(case_id)
    assert stored.case.check_on(3).value == Decimal(45) and stored.case.labs.plt.value == Decimal(32)
    assert stored.info.why == "labs imported"
    [entry] = [e for e in window.store_session.store.history(case_id) if e.action == "labs_imported"]
    assert entry.detail["file"] == "oru-utf8-loinc.hl7"
    assert entry.detail["source_ids"] == ["MSH-10 LAB-20261108-0001"]
    assert entry.revision == stored.revision and len(entry.detail["changes"]) == 7
    assert "oru-utf8-loinc.hl7" in entry.describe() and "LAB-20261108-0001" in entry.describe()


def test_same_day_counts_are_left_to_the_user_and_rescue_level_must_be_confirmed(qtbot, store_window, dialogs):
    window = store_window(today=date(2026, 11, 25))
    case_id = _open_sample_case(window, dialogs)
    dialog = drop_file(qtbot, window, SAMPLES / "hl7" / "oru-two-messages-status.hl7")
    day5 = [r for r in rows(dialog) if r["field"] == "day 5 PLT"]
    assert [r["checked"] for r in day5] == [False, False]
    assert "several final counts; none is chosen for you" in dialog.notes.text()
    assert not dialog.apply_button.isEnabled()  # the day-7 count of 9 waits for its confirmation
    rescue = next(r for r in rows(dialog) if r["field"] == "day 7 PLT")
    assert rescue["use"].text() == "confirm"
    row = next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, COL_FIELD).text() == "day 7 PLT")
    assert "RESCUE LEVEL: If PLT ≤10×10⁹/L" in dialog.table.item(row, COL_REASON).text()
    rescue["use"].setCheckState(Qt.CheckState.Checked)
    assert dialog.apply_button.isEnabled()

    day5[1]["use"].setCheckState(Qt.CheckState.Checked)  # the afternoon count, 64
    prelim = next(r for r in rows(dialog) if r["field"] == "day 4 PLT")
    assert not prelim["checked"]
    prelim["use"].setCheckState(Qt.CheckState.Checked)
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    stored = window.store_session.store.load(case_id).case
    assert [(c.day, c.value) for c in stored.platelet_checks] == [(1, 28), (2, 38), (4, 52), (5, 64), (7, 9)]


def test_wrong_patient_file_shows_the_refusal_and_cannot_be_applied(qtbot, store_window, dialogs):
    window = store_window(today=LAB_DAY)
    case_id = _open_sample_case(window, dialogs)
    revision = window.store_session.base_revision
    dialog = drop_file(qtbot, window, SAMPLES / "hl7" / "oru-wrong-patient.hl7")
    assert dialog.refusal_label.isVisibleTo(dialog) and "ZY2026017" in dialog.refusal_label.text()
    assert not dialog.apply_button.isEnabled()
    dialog.reject()
    assert window.store_session.store.load(case_id).revision == revision
    assert window.state.labs["plt"].value == "30"


def test_menu_action_reads_the_chosen_file(qtbot, store_window, dialogs):
    window = store_window(today=LAB_DAY)
    _open_sample_case(window, dialogs)
    dialogs.open_names.append(str(SAMPLES / "fhir" / "observation-single.json"))
    window.import_labs_action.trigger()
    dialog = window.lab_import.dialog
    qtbot.waitExposed(dialog)
    assert [r["field"] for r in rows(dialog)] == ["day 2 PLT"]
    dialog.reject()


def test_unreadable_file_is_one_warning(qtbot, store_window, dialogs, tmp_path):
    window = store_window(today=LAB_DAY)
    _open_sample_case(window, dialogs)
    bad = tmp_path / "results.csv"
    bad.write_text("PLT,33\n", encoding="utf-8")
    assert drop_file(qtbot, window, bad, expect_dialog=False) is None
    assert dialogs.kinds()[-1] == "warning" and "neither a FHIR R4 JSON resource" in dialogs.texts()[-1]
