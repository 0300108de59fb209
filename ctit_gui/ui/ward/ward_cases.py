"""The window's side of the ward store: opening it (who is working), the Cases menu, the case list,
the history, and the case's File actions while it is kept in the store.

:class:`WardCases` is one part of the window (``window.ward``, composed, not mixed in). While the
store is open the window hands File → New, Import…, Save, Export… and Export PDF… to it instead of
to :class:`~ctit_gui.ui.case_files.CaseFiles` (``MainWindow.case_keeper``, the one place that
decides; see ``docs/store.md``, "The window and the store"):

* every edit is saved about a second later (:class:`~ctit_gui.ui.ward.store_session.StoreSession`);
* File → Save (Ctrl+S) saves a revision to the store at once (``why="saved"``), never a file;
* File → Import case JSON… (Ctrl+O, "Open…" without a store) puts the file's case into the store,
  recorded with the file's name and sha256, and opens it; a file whose case is already stored
  opens the stored case instead of making a copy;
* File → Export case JSON… (Ctrl+Shift+S, "Save As…" without a store) writes the stored revision
  to a file, recorded in the audit trail;
* closing or switching cases asks about unsaved changes only when they could not be saved.

Without a store (it could not be opened) the File actions are those of case files.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox

from ...core.errors import InputError
from ...core.session import read_case
from ..case_screen.case_form import saveable_case
from ..widgets.fields import frame_tables
from .store_session import AUTOSAVE, SAVED

if TYPE_CHECKING:  # both are built when first needed, after the first paint (issue 17)
    from .case_list import CaseListDock
    from .history_view import HistoryDialog


class WardCases(QObject):
    """Opening the ward store, the Cases menu, the case list, the history and the stored case's File
    actions (see the module's docstring)."""

    #: The list's height at start (about six cases): the form above stays readable.
    CASE_LIST_HEIGHT = 230
    SIGN_IN_TRIES = 3

    def __init__(self, window, menu):
        """The Cases menu's items after Today (``menu``) and the store's line in the status bar; the
        window's ``_connect_signals`` wires them."""
        super().__init__(window)
        self.window = window
        self._case_list: CaseListDock | None = None
        self.history_dialog: HistoryDialog | None = None

        def action(text: str, shortcut: str, tip: str) -> QAction:
            item = QAction(text, window)
            item.setShortcut(QKeySequence(shortcut))
            item.setStatusTip(tip)
            item.setEnabled(False)
            menu.addAction(item)
            return item

        self.case_list_action = action(self.tr("Case &list"), "Ctrl+L",
                                       self.tr("Find a case in the ward store and open it"))
        self.history_action = action(self.tr("Case &history…"), "Ctrl+H",
                                     self.tr("Who did what when to this case (read-only)"))
        self.lookup_action = action(self.tr("Look up a printed &sheet…"), "Ctrl+Shift+H",
                                    self.tr("Find the saved revision a PDF sheet was printed from, by its case hash"))
        menu.addSeparator()
        self.switch_user_action = action(self.tr("S&witch user…"), "Ctrl+Shift+U",
                                         self.tr("Sign in as another clinician without closing the window"))
        self.choose_store_action = action(self.tr("Ward &store…"), "",
                                          self.tr("Which store this workstation uses (remembered for you)"))
        self.choose_store_action.setEnabled(True)
        self.store_location = None
        self.store_label = QLabel(window)
        self.store_label.setAccessibleName(self.tr("Ward store status"))
        self.store_label.setContentsMargins(0, 0, 12, 0)
        window.statusBar().insertPermanentWidget(0, self.store_label)

    @property
    def case_list(self) -> CaseListDock:
        """The case-list dock, built when first needed: the store (the only source of its cases) opens
        after the window's first paint, so building it before would only delay that paint. Built after
        the window's ``_connect_signals``, it wires its own signals here."""
        if self._case_list is None:
            from .case_list import CaseListDock

            window = self.window
            dock = CaseListDock(window.protocols, window)
            frame_tables(dock)
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            dock.hide()
            dock.open_requested.connect(self.open_stored_case)
            dock.refresh_requested.connect(self.refresh_case_list)
            self._case_list = dock
        return self._case_list

    # --- the store ----------------------------------------------------------------------------
    def open_store(self, data_dir=None, *, quiet: bool = False, user: str | None = None,
                   password: str | None = None) -> bool:
        """Open the ward store (``--data-dir``, ``$CTIT_DATA_DIR`` or the user's data folder).

        A store that cannot be opened is reported (a message box, or stderr when ``quiet``) and
        the window keeps working with case files only.
        """
        if not self.window.store_session.open(data_dir, quiet=quiet, user=user, password=password):
            return False
        self._store_attached()
        return True

    # --- who is working ----------------------------------------------------------------------
    def sign_in_and_open(self, location=None) -> bool:
        """Ask who is working, then open the store as them (see :mod:`ctit_gui.ui.dialogs.sign_in`).

        PostgreSQL: user name and password (never saved), up to three tries. SQLite: a name and
        staff id recorded as not authenticated; cancelling keeps the operating-system user.
        """
        from ...store.location import describe, is_postgres, resolve_store
        from ..dialogs.sign_in import SignInDialog, unauthenticated_user

        session = self.window.store_session
        location = resolve_store(location)
        self.store_location = location
        postgres = is_postgres(location)
        where = describe(str(location)) if postgres else str(location or self.tr("this workstation"))
        problem = ""
        for _ in range(self.SIGN_IN_TRIES if postgres else 1):
            dialog = SignInDialog(self.window, postgres=postgres, where=where, problem=problem)
            if dialog.exec() != SignInDialog.DialogCode.Accepted:
                if postgres:
                    session.report_unavailable([self.tr("Not signed in.")], quiet=True)
                    return False
                return self.open_store(location)
            if not postgres:
                return self.open_store(location, user=unauthenticated_user(dialog.name(), dialog.secret()))
            password = dialog.secret() or None
            dialog.forget()
            if session.open(location, quiet=True, user=dialog.name(), password=password):
                self._store_attached()
                session.restore_journal()
                return True
            problem = session.unavailable_text
        session.report_unavailable([self.tr("Not signed in: the ward store refused the sign-in."),
                                    problem], quiet=False)
        return False

    def switch_user(self) -> bool:
        """Save what this clinician typed under their name, then sign in as another one. Offline, the
        edits stay in their own journal on this PC (saved when they sign in again) and the window goes
        back to the last stored revision it has, so the next clinician's edits are theirs alone."""
        window = self.window
        if not window.maybe_save(leaving=True):
            return False
        session = window.store_session
        shown = (session.case_id, session.base_revision, session.base_case)
        if window.isWindowModified():  # kept in this clinician's journal (maybe_save said so)
            self._show_stored(*shown)
        session.close()
        if not self.sign_in_and_open(self.store_location):
            return False
        if shown[0] is not None and not window.isWindowModified():  # else: the new clinician's kept edits
            if session.offline_since is None:
                session.load(shown[0])
            else:
                self._show_stored(*shown)
            self._case_opened()
        return True

    def _show_stored(self, case_id, revision, case) -> None:
        """The window shows a stored revision it already has (no server needed), unedited."""
        from ..case_screen.case_form import FormState, state_from_case

        window = self.window
        window.set_state(state_from_case(case) if case is not None else FormState())
        session = window.store_session
        session.case_id, session.base_revision, session.base_case = (case_id, revision, case) if case else (
            None, None, None)
        window.setWindowModified(False)
        window.update_title()

    def choose_store(self) -> bool:
        """Type the store: a PostgreSQL connection string or an SQLite folder; remembered per user."""
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QInputDialog

        current = QSettings().value("store/location", "", str)
        text, ok = QInputDialog.getText(
            self.window, self.tr("Ward store"),
            self.tr("PostgreSQL connection (postgresql://HOST/DB or service=NAME), or an SQLite store folder; "
                    "empty: this workstation's own store"), text=current)
        if not ok:
            return False
        QSettings().setValue("store/location", text.strip())
        if not self.window.maybe_save(leaving=True):
            return False
        self.window.store_session.close()
        return self.sign_in_and_open(text.strip() or None)

    def attach_store(self, store) -> None:
        """Use an open :class:`~ctit_gui.store.CaseStore` (tests: one per simulated user)."""
        self.window.store_session.attach(store)
        self._store_attached()

    def _store_attached(self) -> None:
        window = self.window
        window.open_action.setText(self.tr("&Import case JSON…"))
        window.open_action.setStatusTip(self.tr("Bring a case file from another system into the ward store"))
        window.save_action.setStatusTip(self.tr("Save to the ward store now (edits are also saved automatically)"))
        window.save_as_action.setText(self.tr("&Export case JSON…"))
        window.save_as_action.setStatusTip(self.tr("Write the saved case to a file for another system"))
        for item in (self.case_list_action, self.history_action, self.lookup_action, self.switch_user_action):
            item.setEnabled(True)
        self.refresh_case_list()
        self.case_list.show()
        window.resizeDocks([self.case_list], [self.CASE_LIST_HEIGHT], Qt.Orientation.Vertical)
        window.today_page.store_attached()

    def refresh_case_list(self) -> None:
        session = self.window.store_session
        if session.active:
            self.window.today_page.refresh()
            cases = session.list_cases()
            if cases is not None:
                self.case_list.show_cases(cases, self._ward_statuses(cases))
            elif self.case_list.model.rowCount() == 0:  # the server is away and the list was never read
                self.case_list.count_label.setText(self.tr("The case list cannot be read while the ward store is "
                                                           "offline"))
            # else the server is away: the list keeps what it showed

    def _ward_statuses(self, cases: list) -> dict:
        """Each listed case's ward status today, from the core (a case whose trial or arm is not
        loaded, or that cannot be read, has none: the list says "status unknown"). Open cases reuse
        the Today page's row for the same revision; a closed case's phase is CLOSED."""
        from ...core.errors import InputError
        from ...core.session import assess
        from ...core.ward_status import ward_status

        window = self.window
        today = window.today()
        listed = window.today_page.view.listed
        rows = {i.key: i for i in listed.items} if listed is not None and listed.today == today else {}
        statuses = {}
        for summary in cases:
            row = rows.get(summary.case_id)
            if row is not None and row.revision == summary.revision and row.status is not None:
                statuses[summary.case_id] = row.status
                continue
            loaded = window.protocols.get(summary.trial)
            if loaded is None or loaded.protocol.arm(summary.arm) is None:
                continue
            try:
                case = window.store_session.store.load(summary.case_id).case
            except InputError:
                continue
            statuses[summary.case_id] = ward_status(assess(case, window.protocols, today), today,
                                                    closed=case.closure is not None)
        return statuses

    def show_case_list(self) -> None:
        if self.window.store_session.active:
            self.window.today_page.show_case_page()
            self.refresh_case_list()
            self.case_list.focus_search()

    def open_stored_case(self, case_id: int) -> bool:
        """Open a case from the list (after saving, or asking about, the current one)."""
        window = self.window
        if not window.maybe_save():
            return False
        window.setWindowModified(False)
        if not window.store_session.load(case_id):
            return False
        self._case_opened()
        return True

    def _case_opened(self) -> None:
        """The list has done its job: out of the way (Ctrl+L brings it back); the calendar has the keys."""
        if self._case_list is not None and not self._case_list.isFloating():
            self._case_list.hide()
        self.window.today_page.show_case_page()
        self.window.calendar.setFocus()

    # --- history ------------------------------------------------------------------------------
    def show_history(self) -> HistoryDialog | None:
        session = self.window.store_session
        if not session.active:
            return None
        session.flush()
        if self.history_dialog is None:
            from .history_view import HistoryDialog

            # built when first asked for, after the window's _connect_signals: it wires its own signal here
            self.history_dialog = HistoryDialog(session.store, session.case_id, self.window)
            frame_tables(self.history_dialog)
            self.history_dialog.open_requested.connect(self.open_stored_case)
        else:
            self.history_dialog.showing_lookup = False
            self.history_dialog.show_case(session.case_id)
        self.history_dialog.table.setFocus()  # the keys walk the entries (Ctrl+Shift+H: the hash field instead)
        self.history_dialog.show()
        self.history_dialog.raise_()
        self.history_dialog.activateWindow()
        return self.history_dialog

    def show_sheet_lookup(self) -> HistoryDialog | None:
        dialog = self.show_history()
        if dialog is not None:
            dialog.hash_field.setFocus()
        return dialog

    def follow_history(self, *_args) -> None:
        """An open history shows the window's case as it is now (after a save, an export, another case)."""
        dialog = self.history_dialog
        if dialog is not None and dialog.isVisible() and not dialog.showing_lookup:
            dialog.show_case(self.window.store_session.case_id)

    # --- File actions on the stored case (the window asks only while the store is open) --------------
    def maybe_save(self, leaving: bool = False) -> bool:
        """Before the window shows another case (or, ``leaving``, closes or signs in someone else):
        save the edits, or ask. While the ward store is offline the journal keeps one case: leaving
        is fine (the edits are saved at the next sign-in); another case waits until the server is back."""
        window = self.window
        if not window.half_typed_dates_settled():
            return False
        session = window.store_session
        session.flush()
        if not window.isWindowModified():
            return True
        if session.kept_on_this_pc():
            if leaving:
                return True
            QMessageBox.information(
                window, self.tr("Ward store offline"),
                self.tr("{offline}.\n\nThis case's changes are kept on this PC and saved to the ward store as soon "
                        "as it is back; another case can be opened then. (File → Export case JSON… writes this one "
                        "to a file meanwhile.)").format(offline=session.offline_text()))
            return False
        answer = QMessageBox.question(
            window, self.tr("Unsaved changes"),
            self.tr("The case has changes that are not in the ward store: {reason}.\n\nSave them first?").format(
                reason=session.problem or self.tr("not saved yet")),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_case()
        if answer == QMessageBox.StandardButton.Discard:
            session.discard_kept()
            return True
        return False

    def new_case(self) -> None:
        """An empty form, stored once it has a patient id, trial and arm."""
        window = self.window
        if self.maybe_save():
            window.setWindowModified(False)
            window.store_session.detach()
            window.files.show_new_case()
            window.today_page.show_case_page()

    def open_case(self) -> None:
        """File → Import case JSON…"""
        if self.maybe_save() and (path := self.window.files.ask_open_case_path(self.tr("Import case JSON"))):
            self.load_path(path)

    def load_path(self, path: Path) -> bool:
        """Import the file's case (or open the stored copy of it)."""
        window = self.window
        try:
            case = read_case(path, window.protocols)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except (InputError, OSError) as exc:
            why = exc.messages if isinstance(exc, InputError) else [f"{path}: {exc.strerror or exc}"]
            QMessageBox.warning(window, self.tr("Cannot import the case"),
                                self.tr("{file} was not imported; the current case is unchanged.").format(
                                    file=path.name) + "\n\n" + "\n".join(why))
            return False
        window.setWindowModified(False)
        if window.store_session.import_case(case, path.name, digest) is None:
            return False
        window.files.remember_folder(path)
        self._case_opened()
        return True

    def save_case(self) -> bool:
        """A revision in the store now (``why="saved"``); never a file."""
        window = self.window
        session = window.store_session
        if not window.check_saveable(self.tr("Cannot save")):
            return False
        already = not window.isWindowModified() and session.case_id is not None and session.stale is None
        if session.case_id is None:
            window.setWindowModified(True)  # a case shown but never stored: store it now
        if not session.flush(SAVED):
            return False
        if already:
            window.statusBar().showMessage(self.tr("Already saved to the ward store"), 5000)
        return True

    def save_case_as(self) -> bool:
        """Export case JSON… (the saved revision, recorded in the audit trail)."""
        window = self.window
        session = window.store_session
        if not window.check_saveable(self.tr("Cannot export")):
            return False
        in_store = session.flush(AUTOSAVE) and session.case_id is not None
        path = window.files.ask_case_path(self.tr("Export case JSON"))
        if path is None:
            return False
        try:
            if in_store:
                stored, digest = session.store.export_case(session.case_id, path)
                text = self.tr("Exported case {case_id} revision {revision} to {file} (sha256 {digest})").format(
                    case_id=stored.case_id, revision=stored.revision, file=str(path), digest=digest[:12])
            else:  # not saved (a conflict not yet reloaded, or the store refused): keep what was typed
                self._write_copy(path, saveable_case(window.state, window.protocols, window.today()))
                text = self.tr("Wrote the window's unsaved version to {file}; it is not in the ward store").format(
                    file=str(path))
        except (InputError, OSError) as exc:
            why = exc.messages if isinstance(exc, InputError) else [f"{path}: {exc.strerror or exc}"]
            QMessageBox.warning(window, self.tr("Cannot export"), "\n".join(why))
            return False
        window.files.remember_folder(path)
        window.statusBar().showMessage(text, 10000)
        self.follow_history()
        return True

    @staticmethod
    def _write_copy(path: Path, case) -> None:
        from ...outputs import write_private

        write_private(path, (case.to_json() + "\n").encode("utf-8"))  # 0600, never over a device

    def export_pdf(self) -> bool:
        """The edits are saved first, so the sheet's case hash names a stored revision; the sheet is a
        file like any other (:meth:`CaseFiles.export_pdf`), with the store's anchor and audit record."""
        self.window.store_session.flush()
        return self.window.files.export_pdf(ward=self)

    def sheet_anchor(self) -> str | None:
        """With a stored case: the chain head now, short form (``N:`` + 12 hex digits)."""
        session = self.window.store_session
        if not session.active or session.case_id is None or session.offline_since is not None:
            return None  # offline: the chain head cannot be read from the server
        head = session.store.anchor()
        return head.short if head else None

    def sheet_offline_since(self):
        """While the ward store's server is away: since when (page 1 of the sheet says so, issue 14)."""
        session = self.window.store_session
        return session.offline_since if session.active else None

    def pdf_exported(self, path: Path, digest: str) -> None:
        """The export in the case's audit trail."""
        self.window.store_session.record_pdf_export(path, digest, self.window.assessment.case)
        self.follow_history()
