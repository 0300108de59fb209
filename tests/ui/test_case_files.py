"""New, Open, Save, Save As, Export PDF, and the unsaved-changes question."""

from __future__ import annotations

import json
import sys
import types
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QMessageBox

from ctit_gui.core.errors import InputError
from ctit_gui.core.session import read_case
from ctit_gui.ui.case_screen.case_form import saveable_case, state_from_case

from .bedside import enter_bleeding_risk, enter_day_plt, type_date, type_into
from .conftest import AFTER_EXAMPLES, EXAMPLES_DIR

ALL_EXAMPLES = sorted(p.name for p in EXAMPLES_DIR.glob("*.json") if p.name != "EXPECTED.json")


def _open(window, dialogs, path) -> None:
    dialogs.open_names.append(str(path))
    window.open_action.trigger()


@pytest.mark.parametrize("name", ALL_EXAMPLES)
def test_every_example_opens_into_the_form_and_saves_back_identically(window, dialogs, protocols, tmp_path, name,
                                                                     example):
    window.today = lambda: AFTER_EXAMPLES
    original = read_case(EXAMPLES_DIR / name, protocols)
    _open(window, dialogs, example(name))
    assert window.result.saveable, window.result.problems
    assert saveable_case(window.state, protocols, window.today()) == original

    target = tmp_path / "again.json"
    dialogs.save_names.append(str(target))
    assert window.save_as_action.isEnabled()
    window.save_as_action.trigger()
    assert read_case(target, protocols) == original
    assert not window.isWindowModified() and window.files.path == target


@pytest.mark.parametrize(("typed", "written"), [("case", "case.json"), ("Wang.Li", "Wang.Li.json"),
                                                 ("again.JSON", "again.JSON")])
def test_save_as_adds_json_to_a_name_typed_without_it(window, dialogs, protocols, tmp_path, example, typed, written):
    """A dot in a name is not a file type: "Wang.Li" is saved as "Wang.Li.json", which File → Open then lists."""
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    dialogs.save_names.append(str(tmp_path / typed))
    window.save_as_action.trigger()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == [written]
    assert window.files.path == tmp_path / written and read_case(window.files.path, protocols).patient.id == "SYSU-0042"


def test_typed_changes_survive_save_and_reopen_field_for_field(qtbot, window, dialogs, protocols, tmp_path):
    window.today = lambda: date(2026, 3, 20)  # day 10 of the typed day 1: its count may be entered
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)  # nothing chosen: nothing changes
    assert dialogs.kinds() == ["open"] and window.files.path is None
    dialogs.open_names.append(str(EXAMPLES_DIR / "nct07334093-control-rescue.json"))
    qtbot.keyClick(window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    type_into(qtbot, window.patient_panel.patient_id, "SYSU-0108")
    type_into(qtbot, window.patient_panel.weight, "70.25")
    type_date(qtbot, window.patient_panel.day1, date(2026, 3, 11))
    type_into(qtbot, window.labs_panel.rows["alt"].uln, "41")
    enter_day_plt(qtbot, window, 10, "21000")
    enter_bleeding_risk(qtbot, window, 10, False)
    assert window.isWindowModified() and window.windowTitle().startswith("SYSU-0108")
    saved_state = state_from_case(saveable_case(window.state, protocols, window.today()))

    target = tmp_path / "SYSU-0108.json"
    dialogs.save_names.append(str(target))
    qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert target.exists() and not window.isWindowModified() and window.files.path == target

    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert window.state.patient_id == "" and window.files.path is None
    _open(window, dialogs, target)

    assert state_from_case(saveable_case(window.state, protocols, window.today())) == saved_state
    case = read_case(target, protocols)
    assert case.patient.id == "SYSU-0108" and str(case.patient.weight_kg) == "70.25"
    assert case.day1 == date(2026, 3, 11) and str(case.labs.alt.uln) == "41"
    assert [(c.day, str(c.value), c.unit, c.bleeding_risk) for c in case.platelet_checks] == [
        (7, "15000", "/uL", True), (10, "21000", "/uL", False)]
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == "ctit-case/1"


@pytest.mark.parametrize("content", ["{not json", '{"schema": "ctit-case/1"}', '{"schema": "ctit-case/1", '
                                     '"patient": {"id": "X", "weight_kg": 450}, "trial": "NCT07334093", '
                                     '"arm": "hetrombopag"}'])
def test_malformed_file_shows_the_core_message_and_keeps_the_current_case(example, window, dialogs, protocols,
                                                                          tmp_path, content):
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    before, title = saveable_case(window.state, protocols, window.today()), window.windowTitle()
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")

    _open(window, dialogs, bad)

    assert dialogs.kinds()[-1] == "warning"
    with pytest.raises(InputError) as expected:
        read_case(bad, protocols)
    assert all(message in dialogs.texts("warning")[-1] for message in expected.value.messages)
    assert saveable_case(window.state, protocols, window.today()) == before
    assert window.windowTitle() == title and window.files.path.name == "nct07334093-experimental-eligible.json"


def test_closing_with_unsaved_changes_asks_and_cancel_keeps_the_window(qtbot, window, dialogs):
    type_into(qtbot, window.patient_panel.patient_id, "P-1")
    assert window.isWindowModified()
    dialogs.questions.append(QMessageBox.StandardButton.Cancel)
    assert window.close() is False
    assert window.isVisible() and dialogs.kinds() == ["question"]

    dialogs.questions.append(QMessageBox.StandardButton.Discard)
    assert window.close() is True


def test_new_with_unsaved_changes_and_save_chosen_saves_first(example, qtbot, window, dialogs, protocols):
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    type_into(qtbot, window.patient_panel.weight, "59")
    opened = window.files.path
    dialogs.questions.append(QMessageBox.StandardButton.Save)
    window.new_action.trigger()  # Save writes back to the file it came from
    assert "save" not in dialogs.kinds()
    assert str(read_case(opened, protocols).patient.weight_kg) == "59"
    assert window.state.patient_id == "" and not window.isWindowModified() and window.files.path is None


def test_title_shows_patient_id_and_unsaved_mark(qtbot, window):
    assert window.windowTitle().startswith("New case") and not window.isWindowModified()
    type_into(qtbot, window.patient_panel.patient_id, "FJCH-7")
    assert window.windowTitle().startswith("FJCH-7") and "[*]" in window.windowTitle()
    assert window.isWindowModified()


def test_shortcuts_are_the_standard_ones(window):
    shortcuts = {action.text().replace("&", ""): action.shortcut().toString() for action in
                 (window.new_action, window.open_action, window.save_action, window.quit_action,
                  window.export_action)}
    assert shortcuts == {"New": "Ctrl+N", "Open…": "Ctrl+O", "Save": "Ctrl+S", "Quit": "Ctrl+Q",
                         "Export PDF…": "Ctrl+E"}
    assert window.save_as_action.shortcut().toString() == "Ctrl+Shift+S"


@pytest.fixture
def fake_exporter(monkeypatch):
    """Stands in for ctit_gui.sheet.export: records the call, or raises what it is told to."""
    calls = []
    module = types.ModuleType("ctit_gui.sheet.export")

    def export_sheet(assessment, path, paper="a4", generated_at=None):
        if module.error is not None:
            raise module.error
        calls.append((assessment, path, paper, generated_at))
        path.write_bytes(b"%PDF-1.4 fake")
        return "0" * 64

    module.export_sheet = export_sheet
    module.error = None
    module.calls = calls
    monkeypatch.setitem(sys.modules, "ctit_gui.sheet.export", module)
    return module


def test_export_proposes_id_trial_day1_and_passes_the_assessment(example, qtbot, window, dialogs, fake_exporter,
                                                                  tmp_path):
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    dialogs.save_names.append(str(tmp_path / "sheet"))
    dialogs.questions.append(QMessageBox.StandardButton.Close)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert [kind for kind, *_ in dialogs.shown[-2:]] == ["save", "question"]
    assert dialogs.shown[-2][2].endswith("SYSU-0042_NCT07334093_2026-02-03.pdf")
    (assessment, path, paper, generated_at), = fake_exporter.calls
    assert assessment is window.assessment and path == tmp_path / "sheet.pdf"
    assert paper in ("a4", "letter") and generated_at.tzinfo is not None


def test_export_errors_are_shown_in_a_message_box(example, window, dialogs, fake_exporter, tmp_path):
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    fake_exporter.error = InputError(["sheet.pdf: cannot be written (the folder does not exist)"])
    dialogs.save_names.append(str(tmp_path / "sheet.pdf"))
    assert window.export_pdf() is False
    assert "cannot be written" in dialogs.texts("warning")[-1]


def test_export_action_is_hidden_when_the_exporter_is_not_installed(qtbot, protocols, monkeypatch):
    from ctit_gui.ui import case_files
    from ctit_gui.ui.main_window import MainWindow

    monkeypatch.setattr(case_files, "EXPORT_MODULE", "ctit_gui.no_such_sheet.export")
    monkeypatch.setattr("ctit_gui.ui.main_window.exporter_available", case_files.exporter_available)
    win = MainWindow(protocols)
    qtbot.addWidget(win)
    assert not win.export_action.isVisible()


def test_export_writes_a_real_pdf_when_the_sheet_module_is_present(example, window, dialogs, tmp_path):
    pytest.importorskip("ctit_gui.sheet.export")
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    target = tmp_path / "sheet.pdf"
    dialogs.save_names.append(str(target))
    dialogs.questions.append(QMessageBox.StandardButton.Close)
    assert window.export_action.isVisible()
    assert window.export_pdf() is True, dialogs.shown
    assert target.read_bytes().startswith(b"%PDF-")
    assert dialogs.shown[-1][:2] == ("question", "Dosing sheet written")


def test_the_exported_sheet_can_be_opened_in_the_system_viewer(example, window, dialogs, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    target = tmp_path / "sheet.pdf"
    dialogs.save_names.append(str(target))
    dialogs.questions.append(QMessageBox.StandardButton.Open)
    assert window.export_pdf() is True, dialogs.shown
    assert [url.toLocalFile() for url in opened] == [str(target)]


@pytest.mark.parametrize("name,words", [("nct07334093-incomplete.json", "SCREENING INCOMPLETE — DO NOT DOSE"),
                                        ("nct07243418-secondary-nadir-ineligible.json", "NOT ELIGIBLE — DO NOT DOSE")])
def test_export_of_a_do_not_dose_case_says_what_will_be_printed_first(example, window, dialogs, fake_exporter,
                                                                      tmp_path, name, words):
    window.today = lambda: AFTER_EXAMPLES
    _open(window, dialogs, example(name))
    assert window.assessment.plan.dosing_block is not None
    dialogs.questions.append(QMessageBox.StandardButton.Cancel)
    assert window.export_pdf() is False
    kind, title, text = dialogs.shown[-1]
    assert kind == "question" and words in text and "no dose rows" in text
    for criterion in window.assessment.plan.blocking:
        assert criterion in text
    assert fake_exporter.calls == [] and "save" not in dialogs.kinds()  # nothing written, no file asked for
    dialogs.questions += [QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Close]
    dialogs.save_names.append(str(tmp_path / "screening.pdf"))
    assert window.export_pdf() is True
    assert len(fake_exporter.calls) == 1


def test_export_of_a_dosable_case_asks_nothing_before_the_file_dialog(example, window, dialogs, fake_exporter, tmp_path):
    _open(window, dialogs, example("nct07334093-experimental-eligible.json"))
    dialogs.save_names.append(str(tmp_path / "sheet.pdf"))
    dialogs.questions.append(QMessageBox.StandardButton.Close)
    assert window.export_pdf() is True
    assert [kind for kind, *_ in dialogs.shown[-2:]] == ["save", "question"]
