"""Two windows (two staff) on one store edit the same case: no lost update, nothing typed is lost."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ctit_gui.store.clock import local_text
from ctit_gui.ui.ward import conflict_dialog

from .bedside import enter_day_plt, type_into
from .store_windows import activate, import_example, store_window, wait_saved  # noqa: F401 (fixture)


@pytest.fixture
def two_staff(qtbot, store_window, dialogs):
    """nurse.a imports SYSU-0107 and changes the weight (saved); dr.b had it open from before."""
    nurse = store_window(user="nurse.a")
    case_id = import_example(nurse, dialogs, "nct07334093-control-rescue.json")
    doctor = store_window(user="dr.b")
    assert doctor.ward.open_stored_case(case_id)
    activate(qtbot, nurse)
    type_into(qtbot, nurse.patient_panel.weight, "60")
    wait_saved(qtbot, nurse)
    activate(qtbot, doctor)
    return nurse, doctor, case_id


@pytest.fixture
def reload_answers(monkeypatch):
    """Stands in for the modal conflict question: records each conflict, answers from a queue."""
    asked, answers = [], []

    def ask(_parent, conflict):
        asked.append(conflict)
        return answers.pop(0)

    monkeypatch.setattr(conflict_dialog, "ask_to_reload", ask)
    return asked, answers


def test_stale_autosave_names_who_and_when_and_reload_keeps_both_edits(qtbot, two_staff, reload_answers, dialogs):
    nurse, doctor, case_id = two_staff
    asked, answers = reload_answers
    answers.append(True)
    enter_day_plt(qtbot, doctor, 6, "9000")
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)

    conflict, = asked
    theirs = nurse.store_session.last_saved
    assert (conflict.changed_by, conflict.changed_at, conflict.latest_revision) == ("nurse.a", theirs.saved_at, 2)
    title, text = conflict_dialog.conflict_text(conflict)
    assert "nurse.a" in text and local_text(theirs.saved_at) in text and "SYSU-0107" in text

    wait_saved(qtbot, doctor)
    latest = doctor.store_session.store.load(case_id)
    assert (latest.revision, latest.info.saved_by) == (3, "dr.b")
    assert str(latest.case.patient.weight_kg) == "60", "the nurse's change is kept"
    assert [(c.day, str(c.value)) for c in latest.case.platelet_checks] == [(6, "9000"), (7, "15000")]
    assert doctor.patient_panel.weight.text() == "60" and doctor.state.days[6].value == "9000"
    assert "warning" not in dialogs.kinds(), "no value was changed by both"


def test_both_changed_the_same_value_theirs_is_kept_and_yours_is_shown(qtbot, two_staff, reload_answers,
                                                                       dialogs):
    nurse, doctor, case_id = two_staff
    asked, answers = reload_answers
    answers.append(True)
    type_into(qtbot, doctor.patient_panel.weight, "62.5")
    qtbot.waitUntil(lambda: "warning" in dialogs.kinds(), timeout=3000)

    shown = dialogs.texts("warning")[-1]
    assert "62.5" in shown and "60" in shown and "nurse.a" in shown
    assert doctor.state.weight_kg == "60" and not doctor.isWindowModified()
    assert doctor.store_session.store.load(case_id).revision == 2, "nothing new to save: theirs is the case"


def test_not_now_keeps_the_edit_unsaved_until_save_and_reload(qtbot, two_staff, reload_answers, dialogs):
    nurse, doctor, case_id = two_staff
    asked, answers = reload_answers
    answers.append(False)
    enter_day_plt(qtbot, doctor, 6, "9000")
    qtbot.waitUntil(lambda: bool(asked), timeout=3000)

    assert doctor.isWindowModified() and doctor.state.days[6].value == "9000"
    assert "nurse.a changed this case" in doctor.ward.store_label.text()
    qtbot.wait(1300)
    assert len(asked) == 1, "no question every second: autosave waits for the reload"

    dialogs.questions.append(QMessageBox.StandardButton.Cancel)
    assert doctor.close() is False, "closing asks: the edit is not in the store"
    assert "nurse.a changed this case" in dialogs.texts("question")[-1]

    answers.append(True)
    qtbot.keyClick(doctor, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert len(asked) == 2 and not doctor.isWindowModified()
    latest = doctor.store_session.store.load(case_id)
    assert str(latest.case.patient.weight_kg) == "60" and latest.case.platelet_checks[0].day == 6
    assert latest.info.why == "saved"


def test_the_conflict_question_offers_reload_first_and_names_the_other_user(qtbot, two_staff):
    nurse, doctor, case_id = two_staff
    from ctit_gui.store import StaleRevision

    type_into(qtbot, doctor.patient_panel.weight, "63")
    doctor.store_session.timer.stop()
    with pytest.raises(StaleRevision) as refused:
        doctor.store_session.store.autosave(case_id, doctor.result.case, doctor.store_session.base_revision)
    box, reload = conflict_dialog.conflict_box(doctor, refused.value)
    assert box.defaultButton() is reload and "Reload" in reload.text().replace("&", "")
    assert "nurse.a" in box.text() and box.accessibleName()
    box.open()
    reload.click()
    assert box.clickedButton() is reload
