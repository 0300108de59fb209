"""The window on the shared ward store: who is working, switching user, live refresh from other workstations."""

from __future__ import annotations

import pytest

from ctit_gui.store import open_store
from ctit_gui.ui.ward import conflict_dialog
from tests.pg_support import SIGNIN_PASSWORD, SIGNIN_ROLE

from .bedside import type_into
from .conftest import leave_quietly
from .store_windows import WARD_DAY, activate, import_example, wait_saved


def _window(qtbot, protocols):
    from ctit_gui.ui.main_window import MainWindow

    window = MainWindow(protocols, today=lambda: WARD_DAY)
    qtbot.addWidget(window, before_close_func=lambda w: (w.store_session.timer.stop(), leave_quietly(w)))
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    activate(qtbot, window)
    return window


def test_on_the_workstation_store_the_window_asks_who_is_working_and_marks_it_not_authenticated(
        qtbot, protocols, sign_ins, dialogs, tmp_path):
    sign_ins.answers.append(("Wang Li", "N0417"))
    window = _window(qtbot, protocols)
    assert window.ward.sign_in_and_open(tmp_path / "ws")
    assert sign_ins.asked == [{"postgres": False, "title": "Who is working?", "problem": ""}]
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    who = window.store_session.store.history(case_id)[0].user
    assert who == "Wang Li (staff id N0417; not authenticated)"


def test_on_the_ward_store_each_clinician_signs_in_and_the_server_names_them(
        qtbot, protocols, sign_ins, dialogs, pg_database):
    sign_ins.answers += [(SIGNIN_ROLE, "wrong password"), (SIGNIN_ROLE, SIGNIN_PASSWORD)]
    window = _window(qtbot, protocols)
    assert window.ward.sign_in_and_open(pg_database)
    assert [a["postgres"] for a in sign_ins.asked] == [True, True]  # asked again after the wrong password
    assert "password authentication failed" in sign_ins.asked[1]["problem"]
    case_id = import_example(window, dialogs, "nct07334093-control-rescue.json")
    assert {e.user for e in window.store_session.store.history(case_id)} == {SIGNIN_ROLE}
    _nothing_on_disk_holds(SIGNIN_PASSWORD)

    sign_ins.answers.append(("dr.b", ""))  # Switch user: the doctor takes over the PC
    type_into(qtbot, window.patient_panel.weight, "61")
    assert window.ward.switch_user()  # the nurse's edit is saved under her name first
    assert window.store_session.case_id == case_id and window.store_session.store.user == "dr.b"
    type_into(qtbot, window.patient_panel.weight, "62")
    wait_saved(qtbot, window)
    saves = [(r.revision, r.saved_by) for r in window.store_session.store.revisions(case_id)]
    assert saves == [(1, SIGNIN_ROLE), (2, SIGNIN_ROLE), (3, "dr.b")]


def _nothing_on_disk_holds(secret: str) -> None:
    """No file in the user's home, data or settings folders (all per test) holds ``secret``."""
    import os
    from pathlib import Path

    from PySide6.QtCore import QSettings

    settings = QSettings()
    settings.sync()
    folders = (Path(os.environ["HOME"]), Path(settings.fileName()).parent)
    files = [f for folder in folders for f in folder.rglob("*") if f.is_file()]
    assert Path(settings.fileName()) in files  # the window's settings are there to look into
    assert [f for f in files if secret.encode() in f.read_bytes()] == []


def test_cancelled_sign_in_leaves_case_files_only(qtbot, protocols, sign_ins, pg_database):
    window = _window(qtbot, protocols)
    assert not window.ward.sign_in_and_open(pg_database)
    assert not window.store_session.active and "case files only" in window.ward.store_label.text()


class SwitchableSocket:
    """The ward store's server as this workstation sees it: its socket folder holds nothing (the server
    is unreachable) until :meth:`reachable` links the real server's socket into it. The connection
    string stays the same throughout, as on a ward PC whose network comes and goes."""

    def __init__(self, pg_cluster, dbname: str):
        import tempfile
        from pathlib import Path

        self.real = Path(pg_cluster.host) / f".s.PGSQL.{_port(pg_cluster)}"
        self.folder = Path(tempfile.mkdtemp(prefix="ctit-ws-"))  # short: a socket path has at most 107 bytes
        self.conninfo = pg_cluster.conninfo(dbname, user=None, host=str(self.folder))

    def reachable(self) -> None:
        (self.folder / self.real.name).symlink_to(self.real)

    def unreachable(self) -> None:
        (self.folder / self.real.name).unlink(missing_ok=True)

    def cut(self, pg_database: str, user: str) -> None:
        """The server goes away for this workstation: unreachable, and ``user``'s connections dropped."""
        self.unreachable()
        with pg_cluster_admin(pg_database) as admin:
            admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (user,))

    def remove(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)


def _port(pg_cluster) -> str:
    from psycopg.conninfo import conninfo_to_dict

    return conninfo_to_dict(pg_cluster.admin_conninfo).get("port") or "5432"


@pytest.fixture
def away(pg_cluster, pg_database):
    """The ward store (``pg_database``) behind a socket folder the test makes reachable or not."""
    from psycopg.conninfo import conninfo_to_dict

    socket = SwitchableSocket(pg_cluster, conninfo_to_dict(pg_database)["dbname"])
    yield socket
    socket.remove()


def test_a_wrong_password_is_asked_again_not_taken_for_an_unreachable_server(qtbot, protocols, sign_ins, away):
    away.reachable()
    sign_ins.answers += [(SIGNIN_ROLE, "wrong password"), (SIGNIN_ROLE, "still wrong"), (SIGNIN_ROLE, "no")]
    window = _window(qtbot, protocols)
    assert not window.ward.sign_in_and_open(away.conninfo)
    assert len(sign_ins.asked) == 3 and "password authentication failed" in sign_ins.asked[2]["problem"]
    assert not window.store_session.active and window.store_session.offline_since is None


def test_unreachable_server_at_start_the_window_opens_offline_keeps_what_is_typed_and_saves_it_when_back(
        qtbot, protocols, sign_ins, dialogs, away):
    """Server away at start: the same offline path as a connection dropped later (journal, backoff,
    header), and when it comes back the new case is saved under the signed-in clinician's name."""
    from datetime import date

    from PySide6.QtWidgets import QMessageBox

    from ctit_gui.store.journal import Journal
    from tests.sheet.pdftext import reader

    from .bedside import enter_patient

    sign_ins.answers.append(("nurse.a", ""))
    window = _window(qtbot, protocols)
    assert window.ward.sign_in_and_open(away.conninfo)  # asked once: an unreachable server is not a refusal
    session = window.store_session
    assert len(sign_ins.asked) == 1 and session.active and session.offline_since is not None
    since = f"{session.offline_since.astimezone():%H:%M}"
    notice = f"Ward store offline since {since} — other workstations' changes not shown"
    assert notice in window.header.text() and window.header.offline.isVisible()
    assert notice in window.ward.store_label.text() and "kept on this PC" in window.ward.store_label.text()
    assert not [d for d in dialogs.shown if d[0] in ("warning", "critical")]  # it says so without a box
    assert window.ward.case_list.count_label.text() == "The case list cannot be read while the ward store is offline"

    enter_patient(qtbot, window, trial="NCT07334093", arm="rhtpo+hetrombopag", patient_id="SYSU-0300",
                  sex="female", age="52", weight="58.5", childbearing=False, ecog=1, liver=False,
                  screening=date(2026, 3, 2), day1=date(2026, 3, 3))
    journal = Journal(away.conninfo, "nurse.a")
    qtbot.waitUntil(lambda: journal.read() is not None and journal.read()["case"].patient.id == "SYSU-0300"
                    and journal.read()["case"].day1 == date(2026, 3, 3), timeout=5000)
    assert window.isWindowModified() and session.case_id is None
    assert session._offline_attempt >= 1  # the backoff timer keeps trying
    target = away.folder.parent / f"{away.folder.name}-sheet.pdf"
    dialogs.save_names.append(str(target))
    dialogs.questions += [QMessageBox.StandardButton.Ok, QMessageBox.StandardButton.Close]  # no doses: print anyway
    try:
        assert window.export_pdf() is True, dialogs.shown
        assert notice in " ".join(reader(target.read_bytes()).pages[0].extract_text().split())
    finally:
        target.unlink(missing_ok=True)

    away.reachable()
    qtbot.waitUntil(lambda: session.offline_since is None, timeout=15_000)
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=5000)
    assert journal.read() is None and session.case_id is not None
    assert notice not in window.header.text() and not window.header.offline.isVisible()
    saved = session.store.load(session.case_id)
    assert saved.case.patient.id == "SYSU-0300" and str(saved.case.patient.weight_kg) == "58.5"
    assert saved.info.saved_by == "nurse.a" and session.store.user == "nurse.a"
    assert [s.patient_id for s in window.ward.case_list.model.cases] == ["SYSU-0300"]  # the list was read
    qtbot.waitUntil(lambda: session.live is not None and session.live.listening, timeout=10_000)  # LISTENs again


def test_edits_kept_from_a_crash_while_the_server_was_away_meet_the_conflict_check_when_it_is_back(
        qtbot, protocols, sign_ins, dialogs, away, pg_database, monkeypatch):
    """The window starts offline with a journal left by a crash; meanwhile a colleague saved the case:
    when the server is back the kept edits are a normal save, so the usual conflict question comes,
    and after reloading both changes are in the new revision."""
    from ctit_gui.store.journal import Journal

    other = open_store(pg_database, user="dr.b", protocols=protocols)
    case_id = other.create_case(_example(protocols)).case_id
    base = other.load(case_id)
    mine = type(base.case).model_validate({**base.case.to_dict(), "notes": "typed while offline"})
    Journal(away.conninfo, "nurse.a").write(case_id=case_id, base_revision=1, base_case=base.case, case=mine,
                                            since="2026-03-16T08:00:00.000000Z")
    theirs = base.case.to_dict()
    theirs["patient"] = {**theirs["patient"], "weight_kg": "61"}
    other.save(case_id, type(base.case).model_validate(theirs), 1)
    asked = []
    monkeypatch.setattr(conflict_dialog, "ask_to_reload", lambda _parent, conflict: asked.append(conflict) or True)

    sign_ins.answers.append(("nurse.a", ""))
    window = _window(qtbot, protocols)
    assert window.ward.sign_in_and_open(away.conninfo)
    session = window.store_session
    assert session.offline_since is not None and window.isWindowModified()
    assert window.state.notes == "typed while offline"  # the kept edits are back in the window
    assert Journal(away.conninfo, "nurse.a").read() is not None
    assert not asked

    away.reachable()
    qtbot.waitUntil(lambda: session.offline_since is None and not window.isWindowModified(), timeout=15_000)
    assert [c.changed_by for c in asked] == ["dr.b"]
    latest = other.load(case_id)
    assert latest.revision == 3 and latest.info.saved_by == "nurse.a"
    assert latest.case.notes == "typed while offline" and str(latest.case.patient.weight_kg) == "61"
    assert Journal(away.conninfo, "nurse.a").read() is None
    other.close()


def test_while_offline_another_case_waits_and_closing_keeps_the_edits_for_the_next_sign_in(
        qtbot, protocols, sign_ins, dialogs, away, pg_database):
    """The journal keeps the window's case: opening another one waits until the server is back
    (nothing is overwritten); closing the window keeps it, and the next sign-in saves it."""
    from ctit_gui.store.journal import Journal

    window, other, case_id = _nurse_on_a_stored_case(qtbot, protocols, sign_ins, away, pg_database)
    window.store_session.LIVE = False
    away.cut(pg_database, "nurse.a")  # the server drops this workstation's connection
    type_into(qtbot, window.patient_panel.weight, "64")
    session = window.store_session
    qtbot.waitUntil(lambda: session.offline_since is not None, timeout=5000)
    qtbot.waitUntil(session.kept_on_this_pc, timeout=5000)

    window.new_case()  # refused with a word, not a lost edit
    assert window.patient_panel.weight.text() == "64" and session.case_id == case_id
    assert any(kind == "information" and "kept on this PC" in text for kind, _t, text in dialogs.shown)
    window.close()
    assert not window.isVisible()
    assert str(Journal(away.conninfo, "nurse.a").read()["case"].patient.weight_kg) == "64"

    away.reachable()
    sign_ins.answers.append(("nurse.a", ""))
    again = _window(qtbot, protocols)
    assert again.ward.sign_in_and_open(away.conninfo)
    latest = other.load(case_id)
    assert str(latest.case.patient.weight_kg) == "64" and latest.info.saved_by == "nurse.a"
    assert Journal(away.conninfo, "nurse.a").read() is None
    other.close()


def _nurse_on_a_stored_case(qtbot, protocols, sign_ins, away, pg_database, colleague: str = "dr.b"):
    """A colleague's case (SYSU-0107) open in nurse.a's window, the server reachable: (window, the
    colleague's store, case id)."""
    other = open_store(pg_database, user=colleague, protocols=protocols)
    case_id = other.create_case(_example(protocols)).case_id
    away.reachable()
    sign_ins.answers.append(("nurse.a", ""))
    window = _window(qtbot, protocols)
    assert window.ward.sign_in_and_open(away.conninfo) and window.ward.open_stored_case(case_id)
    return window, other, case_id


def _example(protocols):
    from ctit_gui.core.session import read_case

    from .conftest import EXAMPLES_DIR

    return read_case(EXAMPLES_DIR / "nct07334093-control-rescue.json", protocols)


def pg_cluster_admin(conninfo: str):
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    parts = {**conninfo_to_dict(conninfo), "user": "postgres"}
    return psycopg.connect(make_conninfo("", **parts), autocommit=True)


@pytest.fixture
def ward(qtbot, protocols, sign_ins, dialogs, pg_database):
    """Two workstations signed in to one ward store: the nurse's window shows SYSU-0107."""
    sign_ins.answers.append(("nurse.a", ""))
    nurse = _window(qtbot, protocols)
    assert nurse.ward.sign_in_and_open(pg_database)
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
    assert any(s.changed_by == "dr.b" for s in nurse.ward.case_list.model.cases)


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
    assert again.ward.sign_in_and_open(pg_database)
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


def test_server_gone_while_idle_the_header_says_so_and_when_back_it_listens_again_and_refreshes(
        qtbot, protocols, sign_ins, dialogs, away, pg_database):
    """The listening connection notices the server going away (no edit needed): the header says
    offline; when it is back the window LISTENs again and shows what another workstation saved meanwhile."""
    window, other, case_id = _nurse_on_a_stored_case(qtbot, protocols, sign_ins, away, pg_database)
    session = window.store_session
    qtbot.waitUntil(lambda: session.live is not None and session.live.listening, timeout=5000)

    away.cut(pg_database, "nurse.a")
    qtbot.waitUntil(lambda: session.offline_since is not None, timeout=5000)
    assert "other workstations' changes not shown" in window.header.text()
    stored = other.load(case_id)
    other.save(case_id, type(stored.case).model_validate({**stored.case.to_dict(), "notes": "seen meanwhile"}), 1)
    assert window.state.notes != "seen meanwhile" and session.base_revision == 1

    away.reachable()
    qtbot.waitUntil(lambda: session.offline_since is None and session.base_revision == 2, timeout=20_000)
    assert window.state.notes == "seen meanwhile" and not window.header.offline.isVisible()
    qtbot.waitUntil(lambda: session.live.listening, timeout=10_000)
    other.save(case_id, type(stored.case).model_validate({**stored.case.to_dict(), "notes": "and after"}), 2)
    qtbot.waitUntil(lambda: session.base_revision == 3, timeout=5000)  # notifications arrive again
    assert window.state.notes == "and after"
    other.close()


def test_switch_user_while_offline_keeps_each_clinicians_edits_under_their_own_name(
        qtbot, protocols, sign_ins, dialogs, away, pg_database, monkeypatch):
    """Offline, the nurse hands the PC to the doctor: her edit stays in her journal, the window goes
    back to the stored revision, the doctor's edit goes into his; back online his is saved as his,
    and hers (conflict check: he saved first) when she signs in again."""
    from ctit_gui.store.journal import Journal

    window, other, case_id = _nurse_on_a_stored_case(qtbot, protocols, sign_ins, away, pg_database,
                                                     colleague="pharmacist")
    session = window.store_session
    session.LIVE = False
    away.cut(pg_database, "nurse.a")
    type_into(qtbot, window.patient_panel.weight, "64")
    qtbot.waitUntil(session.kept_on_this_pc, timeout=5000)

    sign_ins.answers.append(("dr.b", ""))
    assert window.ward.switch_user()
    assert session.store.user == "dr.b" and session.offline_since is not None
    assert session.case_id == case_id and not window.isWindowModified()
    assert window.patient_panel.weight.text() != "64"  # her edit is hers, in her journal
    window.patient_panel.notes.setFocus()
    qtbot.keyClicks(window.patient_panel.notes, "seen by the doctor")
    qtbot.waitUntil(lambda: Journal(away.conninfo, "dr.b").read() is not None, timeout=5000)
    assert str(Journal(away.conninfo, "nurse.a").read()["case"].patient.weight_kg) == "64"

    away.reachable()
    qtbot.waitUntil(lambda: session.offline_since is None and not window.isWindowModified(), timeout=15_000)
    latest = other.load(case_id)
    assert (latest.revision, latest.info.saved_by) == (2, "dr.b") and latest.case.notes.startswith("seen by the doctor")
    assert str(latest.case.patient.weight_kg) != "64"

    asked = []
    monkeypatch.setattr(conflict_dialog, "ask_to_reload", lambda _parent, conflict: asked.append(conflict) or True)
    sign_ins.answers.append(("nurse.a", ""))
    assert window.ward.switch_user()  # she signs in again: her kept edit is saved, after the conflict question
    assert [c.changed_by for c in asked] == ["dr.b"]
    latest = other.load(case_id)
    assert (latest.revision, latest.info.saved_by) == (3, "nurse.a")
    assert str(latest.case.patient.weight_kg) == "64" and latest.case.notes.startswith("seen by the doctor")
    assert Journal(away.conninfo, "nurse.a").read() is None and Journal(away.conninfo, "dr.b").read() is None
    other.close()


def test_the_ward_store_chosen_in_the_window_is_remembered_for_this_user_and_signed_in_to(
        qtbot, protocols, sign_ins, dialogs, pg_database, monkeypatch):
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QInputDialog

    typed = []
    monkeypatch.setattr(QInputDialog, "getText",
                        staticmethod(lambda _parent, _title, _label, text="": typed.append(text) or (pg_database, True)))
    sign_ins.answers.append(("dr.b", ""))
    window = _window(qtbot, protocols)
    assert window.ward.choose_store()
    assert QSettings().value("store/location", "", str) == pg_database
    session = window.store_session
    assert session.active and session.store.is_postgres and session.store.user == "dr.b"
    assert sign_ins.asked[-1]["title"] == "Sign in to the ward store"
    window.ward.choose_store()  # asked again: the field shows the remembered store
    assert typed == ["", pg_database]


def test_back_online_with_a_case_not_ready_to_save_still_listens_and_reads_the_list(
        qtbot, protocols, sign_ins, dialogs, away, pg_database):
    """A case without a patient id cannot be saved (nor kept): reconnecting must not stop at it."""
    from .bedside import choose

    other = open_store(pg_database, user="dr.b", protocols=protocols)
    other.create_case(_example(protocols))
    sign_ins.answers.append(("nurse.a", ""))
    window = _window(qtbot, protocols)
    assert window.ward.sign_in_and_open(away.conninfo)
    session = window.store_session
    choose(qtbot, window.patient_panel.trial, "NCT07334093")
    assert window.isWindowModified() and not window.result.saveable
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "still not reachable" in bar.currentMessage(), timeout=5000)  # says what happens
    assert "next try in" in bar.currentMessage()
    away.reachable()
    qtbot.waitUntil(lambda: session.offline_since is None, timeout=15_000)
    assert bar.currentMessage().startswith("Reconnected to the ward store")
    assert [c.patient_id for c in window.ward.case_list.model.cases] == ["SYSU-0107"]
    qtbot.waitUntil(lambda: session.live is not None and session.live.listening, timeout=10_000)
    assert window.isWindowModified() and "patient id" in window.ward.store_label.text()  # what is typed stays
    other.close()


def test_lab_results_applied_while_offline_keep_their_audit_entry_until_the_save_lands(
        qtbot, protocols, sign_ins, dialogs, away):
    """A save with audit entries (lab results from a file) made while offline: the entries are kept
    in the journal with the case and recorded with the revision when the server is back."""
    from ctit_gui.store import labs_imported_action
    from ctit_gui.store.journal import Journal
    from ctit_gui.ui.case_screen.case_form import state_from_case

    sign_ins.answers.append(("nurse.a", ""))
    window = _window(qtbot, protocols)
    assert window.ward.sign_in_and_open(away.conninfo)
    session = window.store_session
    window.set_state(state_from_case(_example(protocols)))
    window.setWindowModified(True)
    action = labs_imported_action("labs.hl7", "ab" * 32, ["MSG0001"], ["PLT: (none) → 15"])
    assert not session.flush("labs imported", actions=[action])
    assert Journal(away.conninfo, "nurse.a").read()["actions"] == [action]

    away.reachable()
    qtbot.waitUntil(lambda: session.offline_since is None and not window.isWindowModified(), timeout=15_000)
    recorded = [e for e in session.store.history(session.case_id) if e.action == "labs_imported"]
    assert [(e.user, e.detail["file"], e.detail["file_sha256"]) for e in recorded] == [("nurse.a", "labs.hl7", "ab" * 32)]
    assert session.kept_actions == [] and Journal(away.conninfo, "nurse.a").read() is None


def test_switching_language_while_offline_keeps_offline_since_the_journal_and_its_audit_entries(
        qtbot, protocols, sign_ins, dialogs, away):
    """View → Language rebuilds the window: offline, it keeps the time the server went away, the
    retrying, and the audit entries kept with the journal (they were dropped, and "since" reset)."""
    from ctit_gui.store import labs_imported_action
    from ctit_gui.store.journal import Journal
    from ctit_gui.ui import language
    from ctit_gui.ui.case_screen.case_form import state_from_case

    from ctit_gui.ui.main_window import MainWindow

    sign_ins.answers.append(("nurse.a", ""))
    window = MainWindow(protocols, today=lambda: WARD_DAY)  # not qtbot's: the switch deletes it
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    assert window.ward.sign_in_and_open(away.conninfo)
    session = window.store_session
    since = session.offline_since
    assert since is not None
    window.set_state(state_from_case(_example(protocols)))
    window.setWindowModified(True)
    action = labs_imported_action("labs.hl7", "cd" * 32, ["MSG0002"], ["PLT: (none) → 15"])
    assert not session.flush("labs imported", actions=[action])
    journal = Journal(away.conninfo, "nurse.a")
    assert journal.read()["actions"] == [action]

    try:
        rebuilt = language.switch_language(window, "zh_CN")
        qtbot.addWidget(rebuilt, before_close_func=lambda w: (w.store_session.timer.stop(), leave_quietly(w)))
        mine = rebuilt.store_session
        assert mine.offline_since == since and mine.kept_actions == [action]
        assert rebuilt.isWindowModified() and mine.offline_timer.isActive()
        kept = journal.read()
        assert kept["actions"] == [action] and kept["case"].patient.id == _example(protocols).patient.id
        assert not session.offline_timer.isActive()  # the old window no longer retries

        away.reachable()
        qtbot.waitUntil(lambda: mine.offline_since is None and not rebuilt.isWindowModified(), timeout=15_000)
        recorded = [e for e in mine.store.history(mine.case_id) if e.action == "labs_imported"]
        assert [(e.user, e.detail["file_sha256"]) for e in recorded] == [("nurse.a", "cd" * 32)]
    finally:
        language.apply_language("en")
