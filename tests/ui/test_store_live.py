"""The window on the shared ward store: who is working, switching user, live refresh from other workstations."""

from __future__ import annotations

import pytest

from ctit_gui.store import open_store
from ctit_gui.ui import conflict_dialog
from tests.pg_support import SIGNIN_PASSWORD, SIGNIN_ROLE

from .bedside import type_into
from .store_windows import WARD_DAY, activate, import_example, wait_saved


def _window(qtbot, protocols):
    from ctit_gui.ui.main_window import MainWindow

    window = MainWindow(protocols, today=lambda: WARD_DAY)
    qtbot.addWidget(window, before_close_func=lambda w: (w.store_session.timer.stop(), w.setWindowModified(False)))
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    return window


def test_on_the_workstation_store_the_window_asks_who_is_working_and_marks_it_not_authenticated(
        qtbot, protocols, sign_ins, dialogs, tmp_path):
    sign_ins.answers.append(("Wang Li", "N0417"))
    window = _window(qtbot, protocols)
    assert window.sign_in_and_open(tmp_path / "ws")
    assert sign_ins.asked == [{"postgres": False, "title": "Who is working?", "problem": ""}]
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    who = window.store_session.store.history(case_id)[0].user
    assert who == "Wang Li (staff id N0417; not authenticated)"


def test_on_the_ward_store_each_clinician_signs_in_and_the_server_names_them(
        qtbot, protocols, sign_ins, dialogs, pg_database):
    sign_ins.answers += [(SIGNIN_ROLE, "wrong password"), (SIGNIN_ROLE, SIGNIN_PASSWORD)]
    window = _window(qtbot, protocols)
    assert window.sign_in_and_open(pg_database)
    assert [a["postgres"] for a in sign_ins.asked] == [True, True]  # asked again after the wrong password
    assert "password authentication failed" in sign_ins.asked[1]["problem"]
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    assert {e.user for e in window.store_session.store.history(case_id)} == {SIGNIN_ROLE}

    sign_ins.answers.append(("dr.b", ""))  # Switch user: the doctor takes over the PC
    type_into(qtbot, window.patient_panel.weight, "61")
    assert window.switch_user()  # the nurse's edit is saved under her name first
    assert window.store_session.case_id == case_id and window.store_session.store.user == "dr.b"
    type_into(qtbot, window.patient_panel.weight, "62")
    wait_saved(qtbot, window)
    saves = [(r.revision, r.saved_by) for r in window.store_session.store.revisions(case_id)]
    assert saves == [(1, SIGNIN_ROLE), (2, SIGNIN_ROLE), (3, "dr.b")]


def test_cancelled_sign_in_leaves_case_files_only(qtbot, protocols, sign_ins, pg_database):
    window = _window(qtbot, protocols)
    assert not window.sign_in_and_open(pg_database)
    assert not window.store_session.active and "case files only" in window.store_label.text()


def test_unreachable_server_at_start_the_window_opens_and_says_so(qtbot, protocols, sign_ins, dialogs, tmp_path):
    sign_ins.answers += [("nurse.a", "")] * 3
    window = _window(qtbot, protocols)
    assert not window.sign_in_and_open(f"host={tmp_path} dbname=ward")
    assert window.isVisible() and "case files only" in window.store_label.text()
    assert len(sign_ins.asked) == 3 and "cannot be reached" in sign_ins.asked[1]["problem"]
    assert any("cannot be reached" in text for text in dialogs.texts("warning"))


@pytest.fixture
def ward(qtbot, protocols, sign_ins, dialogs, pg_database):
    """Two workstations signed in to one ward store: the nurse's window shows SYSU-0107."""
    sign_ins.answers.append(("nurse.a", ""))
    nurse = _window(qtbot, protocols)
    assert nurse.sign_in_and_open(pg_database)
    case_id = import_example(nurse, dialogs, "nct07334093-control-rescue.json")
    qtbot.waitUntil(lambda: nurse.store_session.live is not None and nurse.store_session.live.listening)
    other = open_store(pg_database, user="dr.b", protocols=protocols)
    yield nurse, other, case_id
    other.close()


def test_an_unedited_open_case_refreshes_when_another_workstation_saves(qtbot, ward):
    nurse, other, case_id = ward
    stored = other.load(case_id)
    data = stored.case.to_dict()
    other.save(case_id, type(stored.case).model_validate({**data, "notes": "seen by the doctor"}), stored.revision)
    qtbot.waitUntil(lambda: nurse.store_session.base_revision == 2, timeout=5000)
    assert nurse.state.notes == "seen by the doctor"
    assert any(s.changed_by == "dr.b" for s in nurse.case_list.model.cases)


def test_an_edited_open_case_gets_the_conflict_question_when_another_workstation_saves(
        qtbot, ward, monkeypatch):
    nurse, other, case_id = ward
    asked = []
    monkeypatch.setattr(conflict_dialog, "ask_to_reload", lambda _parent, conflict: asked.append(conflict) or False)
    nurse.store_session.AUTOSAVE_DELAY_MS = 60_000
    nurse.store_session.timer.setInterval(60_000)  # the nurse is still typing: her edit is not saved yet
    type_into(qtbot, nurse.patient_panel.weight, "63")
    stored = other.load(case_id)
    other.save(case_id, type(stored.case).model_validate({**stored.case.to_dict(), "notes": "doctor"}), 1)
    qtbot.waitUntil(lambda: bool(asked), timeout=5000)
    assert asked[0].changed_by == "dr.b"
    assert nurse.isWindowModified() and nurse.patient_panel.weight.text() == "63"  # nothing typed is lost


def _server_goes_away(window, pg_cluster, tmp_path):
    """The ward store's server becomes unreachable for this window: its connection is cut and a
    reconnect finds nothing (the connection string points at an empty folder until restored)."""
    connection = window.store_session.store.connection
    real = connection.conninfo
    connection.conninfo = f"host={tmp_path} dbname=gone"
    with pg_cluster.admin() as admin:
        admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid = %s",
                      (connection.raw.info.backend_pid,))
    return lambda: setattr(connection, "conninfo", real)


def test_offline_edits_are_journalled_then_saved_as_a_revision_when_the_server_is_back(
        qtbot, ward, pg_cluster, tmp_path):
    nurse, other, case_id = ward
    nurse.store_session.LIVE = False
    come_back = _server_goes_away(nurse, pg_cluster, tmp_path)
    type_into(qtbot, nurse.patient_panel.weight, "64")
    session = nurse.store_session
    qtbot.waitUntil(lambda: session.offline_since is not None, timeout=5000)
    assert "offline since" in nurse.windowTitle() and "other workstations' changes not shown" in nurse.windowTitle()
    kept = session._journal().read()
    assert kept["case_id"] == case_id and str(kept["case"].patient.weight_kg) == "64"
    assert nurse.isWindowModified()
    come_back()
    qtbot.waitUntil(lambda: session.offline_since is None, timeout=10_000)
    assert not nurse.isWindowModified() and session._journal().read() is None
    latest = other.load(case_id)
    assert str(latest.case.patient.weight_kg) == "64" and latest.info.saved_by == "nurse.a"
    assert "offline" not in nurse.windowTitle()


def test_journal_left_by_a_crash_is_saved_at_the_next_sign_in(qtbot, protocols, ward, sign_ins, pg_database,
                                                              pg_cluster, tmp_path):
    from ctit_gui.store.journal import Journal

    nurse, other, case_id = ward
    stored = other.load(case_id)
    edited = type(stored.case).model_validate_json(
        stored.case.model_copy(update={"notes": "typed while offline"}).model_dump_json(by_alias=True))
    Journal(pg_database, "nurse.a").write(case_id=case_id, base_revision=stored.revision, base_case=stored.case,
                                          case=edited, since="2026-03-16T08:00:00.000000Z")
    sign_ins.answers.append(("nurse.a", ""))
    again = _window(qtbot, protocols)
    assert again.sign_in_and_open(pg_database)
    latest = other.load(case_id)
    assert latest.case.notes == "typed while offline" and latest.revision == stored.revision + 1
    assert Journal(pg_database, "nurse.a").read() is None


def test_while_offline_the_patient_header_and_an_exported_sheet_say_so(
        qtbot, ward, dialogs, pg_cluster, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from tests.sheet.pdftext import reader

    nurse, _other, _case_id = ward
    nurse.store_session.LIVE = False
    notice = "other workstations' changes not shown"
    assert "offline" not in nurse.header.text() and not nurse.header.offline.isVisible()
    come_back = _server_goes_away(nurse, pg_cluster, tmp_path)
    type_into(qtbot, nurse.patient_panel.weight, "64")
    session = nurse.store_session
    qtbot.waitUntil(lambda: session.offline_since is not None, timeout=5000)
    since = f"{session.offline_since.astimezone():%H:%M}"
    assert f"Ward store offline since {since} — {notice}" in nurse.header.text()
    assert nurse.header.offline.isVisible()

    target = tmp_path / "offline-sheet.pdf"
    dialogs.save_names.append(str(target))
    dialogs.questions.append(QMessageBox.StandardButton.Close)
    assert nurse.export_pdf() is True, dialogs.shown
    pages = [" ".join(page.extract_text().split()) for page in reader(target.read_bytes()).pages]
    assert f"Ward store offline since {since} — {notice}" in pages[0]

    come_back()
    qtbot.waitUntil(lambda: session.offline_since is None, timeout=10_000)
    assert "offline" not in nurse.header.text() and not nurse.header.offline.isVisible()
