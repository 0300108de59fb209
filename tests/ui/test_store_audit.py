"""What the window adds to the audit trail (banners, PDF exports) and the read-only history with its
lookup of a printed sheet by the case hash in its footer."""

from __future__ import annotations

import hashlib
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from ctit_gui.store import case_content_hash
from ctit_gui.ui.ward.history_view import COL_WHAT, COL_WHO, HistoryModel

from .store_windows import (  # noqa: F401 (fixture)
    activate,
    clear_day_plt,
    history_actions,
    import_example,
    store_window,
    wait_saved,
)


def _banners(window, action: str) -> list[tuple[str, int | None]]:
    history = window.store_session.store.history(window.store_session.case_id)
    return [(e.detail["kind"], e.detail["day"]) for e in history if e.action == action]


def test_a_stop_banner_raised_and_cleared_is_in_the_audit_trail_once(qtbot, store_window, dialogs):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-experimental-eligible.json")
    assert "stop" in window.banners.kinds()
    assert ("stop", 7) in _banners(window, "banner_raised")
    raised = _banners(window, "banner_raised")
    assert len(raised) == len(window.banners.kinds()), "one entry per banner shown"

    again = store_window()
    assert again.ward.open_stored_case(case_id)
    assert _banners(again, "banner_raised") == raised, "opening the case again records nothing new"

    activate(qtbot, window)
    clear_day_plt(qtbot, window, 7)
    assert "stop" not in window.banners.kinds()
    wait_saved(qtbot, window)
    assert ("stop", 7) in _banners(window, "banner_cleared")
    actions = history_actions(window)
    assert actions.index("plt_removed") < actions.index("banner_cleared"), "the cause comes first"


def test_pdf_export_is_recorded_with_the_file_sha256_and_the_footer_hash_finds_the_revision(qtbot, store_window,
                                                                                           dialogs, tmp_path):
    pytest.importorskip("ctit_gui.sheet.export")
    pypdf = pytest.importorskip("pypdf")
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    target = tmp_path / "sheet.pdf"
    dialogs.save_names.append(str(target))
    dialogs.questions.append(QMessageBox.StandardButton.Close)
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert target.exists(), dialogs.shown

    entry = window.store_session.store.history(case_id)[-1]
    assert entry.action == "pdf_exported"
    assert entry.detail["pdf_sha256"] == hashlib.sha256(target.read_bytes()).hexdigest()
    assert entry.detail["file"] == "sheet.pdf" and entry.detail["revision"] == 1
    assert entry.detail["case_sha256"] == case_content_hash(window.store_session.store.load(case_id).case)

    footer = "".join(page.extract_text() for page in pypdf.PdfReader(target).pages)
    printed = re.search(r"case sha256 ([0-9a-f]{12})", footer).group(1)
    dialog = window.ward.show_sheet_lookup()
    qtbot.waitUntil(dialog.hash_field.hasFocus, timeout=2000)
    qtbot.keyClicks(dialog.hash_field, printed)
    qtbot.keyClick(dialog.hash_field, Qt.Key.Key_Return)
    assert "SYSU-0107" in dialog.lookup_result.text() and "revision 1" in dialog.lookup_result.text()
    assert dialog.case_id == case_id and dialog.model.highlight == 1
    assert any("PDF dosing sheet" in dialog.model.index(r, COL_WHAT).data() for r in range(dialog.model.rowCount()))


def test_an_edit_before_export_is_saved_first_so_the_sheet_names_a_stored_revision(qtbot, store_window, dialogs,
                                                                                 tmp_path, monkeypatch):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    from .bedside import type_into

    type_into(qtbot, window.patient_panel.weight, "70")
    written = {}

    def fake_export(assessment, path, paper="a4", generated_at=None, anchor=None):
        path.write_bytes(b"%PDF-1.4 fake")
        written["case"] = assessment.case
        return hashlib.sha256(b"%PDF-1.4 fake").hexdigest()

    import ctit_gui.sheet.export as export

    monkeypatch.setattr(export, "export_sheet", fake_export)
    dialogs.save_names.append(str(tmp_path / "sheet.pdf"))
    dialogs.questions.append(QMessageBox.StandardButton.Close)
    assert window.export_pdf()
    entry = window.store_session.store.history(case_id)[-1]
    assert entry.detail["revision"] == 2 and window.store_session.store.load(case_id).info.why == "autosave"
    assert entry.detail["case_sha256"] == case_content_hash(written["case"])
    assert window.store_session.store.find_by_case_hash(entry.detail["case_sha256"])[0].revision == 2


def test_history_is_read_only_and_says_who_did_what_in_local_time(qtbot, store_window, dialogs):
    window = store_window(user="nurse.a")
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    from .bedside import type_into

    type_into(qtbot, window.patient_panel.weight, "72")
    wait_saved(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    dialog = window.ward.history_dialog
    assert dialog is not None and dialog.isVisible()
    model = dialog.model
    assert dialog.case_id == case_id and model.rowCount() == len(window.store_session.store.history(case_id))
    whats = [model.index(r, COL_WHAT).data() for r in range(model.rowCount())]
    assert any(w.startswith("case imported from nct07334093-control-rescue.json") for w in whats)
    assert "patient.weight_kg: 71 → 72" in whats
    assert {model.index(r, COL_WHO).data() for r in range(model.rowCount())} == {"nurse.a"}
    entry = window.store_session.store.history(case_id)[-1]
    assert model.index(model.rowCount() - 1, 0).data() == f"{entry.at.astimezone():%Y-%m-%d %H:%M:%S}"
    assert "UTC" in model.headerData(0, Qt.Orientation.Horizontal)
    assert all(not model.flags(model.index(0, c)) & Qt.ItemFlag.ItemIsEditable for c in range(model.columnCount()))
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers

    type_into(qtbot, window.patient_panel.weight, "73")  # the open history follows the saves
    wait_saved(qtbot, window)
    assert model.rowCount() == len(window.store_session.store.history(case_id))


def test_lookup_of_an_unknown_or_short_hash_says_so(store_window, dialogs):
    window = store_window()
    import_example(window, dialogs, "nct07334093-control-rescue.json")
    dialog = window.ward.show_sheet_lookup()
    dialog.hash_field.setText("abc")
    assert dialog.look_up() == [] and "at least 8 hexadecimal digits" in dialog.lookup_result.text()
    dialog.hash_field.setText("0123456789ab")
    assert dialog.look_up() == [] and "No saved revision" in dialog.lookup_result.text()


def test_history_model_passes_the_model_tester(qtmodeltester, store_window, dialogs):
    window = store_window()
    case_id = import_example(window, dialogs, "nct07334093-experimental-eligible.json")
    model = HistoryModel()
    qtmodeltester.check(model)
    model.set_entries(window.store_session.store.history(case_id), highlight=1)
    qtmodeltester.check(model)
