"""Autosave to the ward store: nothing typed is lost when the window closes without File → Save."""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ctit_gui.core.session import read_case

from .bedside import choose, enter_day_plt, type_into
from .conftest import EXAMPLES_DIR
from .store_windows import WARD_DAY, import_example, store_window, wait_saved  # noqa: F401 (fixture)

CTRL = Qt.KeyboardModifier.ControlModifier


def _reopen(store_window, case_id, today=WARD_DAY):
    window = store_window(today=today)
    assert window.ward.open_stored_case(case_id)
    return window


def test_typed_weight_is_autosaved_within_about_a_second_and_is_there_in_a_new_window(qtbot, store_window,
                                                                                       dialogs):
    first = store_window()
    case_id = import_example(first, dialogs, "nct07334093-control-rescue.json")
    started = time.monotonic()
    type_into(qtbot, first.patient_panel.weight, "61.5")
    assert first.isWindowModified(), "an edit is not saved on every keystroke"
    wait_saved(qtbot, first)
    assert 0.8 <= time.monotonic() - started < 3.0
    assert re.search(r"Saved to the ward store \d\d:\d\d", first.ward.store_label.text())
    revision = first.store_session.store.load(case_id)
    assert revision.info.why == "autosave" and str(revision.case.patient.weight_kg) == "61.5"

    assert first.close() is True
    assert dialogs.kinds() == ["open"], "no unsaved-changes question after an autosave"

    second = _reopen(store_window, case_id)
    assert second.patient_panel.weight.text() == "61.5" and second.state.weight_kg == "61.5"


def test_closing_before_the_autosave_fires_saves_first_without_a_question(qtbot, store_window, dialogs):
    first = store_window(today=WARD_DAY + timedelta(days=3))  # day 10: its count may be entered
    case_id = import_example(first, dialogs, "nct07334093-control-rescue.json")
    enter_day_plt(qtbot, first, 10, "23000")
    assert first.store_session.timer.isActive() and first.isWindowModified()

    assert first.close() is True
    assert "question" not in dialogs.kinds()

    second = _reopen(store_window, case_id, today=WARD_DAY + timedelta(days=3))
    assert [(c.day, str(c.value)) for c in second.result.case.platelet_checks] == [(7, "15000"), (10, "23000")]


def test_a_new_case_is_created_in_the_store_by_its_first_autosave(qtbot, store_window, dialogs):
    window = store_window()
    assert window.store_session.case_id is None and window.ward.case_list.model.rowCount() == 0
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    choose(qtbot, window.patient_panel.arm, "hetrombopag")
    qtbot.wait(1300)
    assert window.store_session.case_id is None, "no case without a patient id"
    assert "patient id" in window.ward.store_label.text()
    type_into(qtbot, window.patient_panel.patient_id, "GZ-0901")
    wait_saved(qtbot, window)

    case_id = window.store_session.case_id
    assert case_id is not None
    stored = window.store_session.store.load(case_id)
    assert (stored.case.patient.id, stored.case.arm, stored.revision) == ("GZ-0901", "hetrombopag", 1)
    assert [c.patient_id for c in window.ward.case_list.model.cases] == ["GZ-0901"], "the list follows the saves"
    assert window.store_session.store.history(case_id)[0].action == "case_created"


def test_a_refused_value_is_not_saved_and_closing_asks(qtbot, store_window, dialogs, protocols):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    type_into(qtbot, window.patient_panel.weight, "450")
    qtbot.wait(1300)
    assert window.isWindowModified()
    assert "Not saved" in window.ward.store_label.text() and "refused" in window.ward.store_label.text()

    dialogs.questions.append(QMessageBox.StandardButton.Cancel)
    assert window.close() is False and window.isVisible()
    assert "not in the ward store" in dialogs.texts("question")[-1]
    dialogs.questions.append(QMessageBox.StandardButton.Discard)
    assert window.close() is True

    original = read_case(EXAMPLES_DIR / "nct07334093-control-rescue.json", protocols)
    assert _reopen(store_window, case_id).state.weight_kg == str(original.patient.weight_kg)


def test_file_save_writes_a_revision_marked_saved_and_no_file(qtbot, store_window, dialogs, tmp_path):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    type_into(qtbot, window.patient_panel.weight, "58")
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)
    assert not window.isWindowModified() and not window.store_session.timer.isActive()
    info = window.store_session.store.load(case_id).info
    assert (info.revision, info.why) == (2, "saved")
    assert "save" not in dialogs.kinds(), "Save asks for no file name: the case lives in the store"

    qtbot.keyClick(window, Qt.Key.Key_S, CTRL)  # nothing new: no empty revision
    assert window.store_session.store.load(case_id).revision == 2
    assert "Already saved" in window.statusBar().currentMessage()


def test_import_records_the_file_and_a_second_import_opens_the_stored_case(store_window, dialogs):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-experimental-eligible.json")
    first = window.store_session.store.history(case_id)[0]
    assert first.action == "case_imported"
    assert first.detail["source"] == "nct07334093-experimental-eligible.json"
    assert len(first.detail["source_sha256"]) == 64
    assert window.open_action.text() == "&Import case JSON…"
    assert window.save_as_action.text() == "&Export case JSON…"

    assert import_example(window, dialogs, "nct07334093-experimental-eligible.json") == case_id
    assert len(window.store_session.store.list_cases()) == 1
    assert "already in the ward store" in window.ward.store_label.text()


@pytest.mark.parametrize(("typed", "written"), [("SYSU-0107", "SYSU-0107.json"), ("Wang.Li", "Wang.Li.json")])
def test_export_case_json_writes_the_stored_revision_and_records_it(qtbot, store_window, dialogs, protocols,
                                                                    tmp_path, typed, written):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    type_into(qtbot, window.patient_panel.weight, "59.75")
    target = tmp_path / "out" / typed
    target.parent.mkdir()
    dialogs.save_names.append(str(target))
    qtbot.keyClick(window, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)

    exported = tmp_path / "out" / written  # ".json" added to the name typed, whatever dots it has
    assert sorted(p.name for p in exported.parent.iterdir()) == [written]
    assert read_case(exported, protocols) == window.store_session.store.load(case_id).case
    assert str(read_case(exported, protocols).patient.weight_kg) == "59.75"
    assert window.store_session.store.history(case_id)[-1].action == "case_exported"


def test_new_case_after_an_edit_keeps_the_edit_in_the_store(qtbot, store_window, dialogs):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    type_into(qtbot, window.patient_panel.weight, "66")
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    assert window.state.patient_id == "" and window.store_session.case_id is None
    assert "question" not in dialogs.kinds()
    stored = window.store_session.store.load(case_id).case
    assert str(stored.patient.weight_kg) == "66" and stored.day1 == date(2026, 3, 10)


def test_a_half_typed_date_is_not_dropped_silently_when_the_window_leaves_the_case(qtbot, store_window, dialogs):
    """A date typed only in part counts as not set and cannot be saved: closing, New or another case
    names it and goes back to it on Cancel; only Discard leaves it not set."""
    window = store_window()
    import_example(window, dialogs, "nct07334093-control-rescue.json")
    other = import_example(window, dialogs, "nct07334093-experimental-eligible.json")
    first = import_example(window, dialogs, "nct07334093-control-rescue.json")  # opens the stored case again
    assert other != first and window.state.patient_id
    field = window.patient_panel.birth_date
    type_into(qtbot, field.edit, "1960-05-1")
    assert field.value() is None and field.edit.text() == "1960-05-1"

    for leave in (lambda: window.close(), lambda: window.new_action.trigger()):
        dialogs.questions.append(QMessageBox.StandardButton.Cancel)
        leave()
        kind, title, text = dialogs.shown[-1]
        assert kind == "question" and title == "Date not finished" and "Birth date: “1960-05-1”" in text
        assert window.isVisible() and field.edit.text() == "1960-05-1" and field.edit.hasFocus()
    dialogs.questions.append(QMessageBox.StandardButton.Cancel)
    assert window.ward.open_stored_case(other) is False
    assert field.edit.text() == "1960-05-1"

    dialogs.questions.append(QMessageBox.StandardButton.Discard)
    window.new_action.trigger()  # Discard: the clinician chose to leave it not set
    assert window.patient_panel.birth_date.edit.text() == "" and window.patient_panel.patient_id.text() == ""
    assert dialogs.questions == []
