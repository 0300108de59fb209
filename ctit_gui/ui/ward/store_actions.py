"""The window's side of the ward store: the Cases menu, the case list, the history, and File actions
that work on the store when it is open.

Mixed into the main window before :class:`~ctit_gui.ui.case_files.CaseFileActions`. With the store
open (see ``docs/store.md``, "The window and the store"):

* every edit is saved about a second later (:class:`~ctit_gui.ui.ward.store_session.StoreSession`);
* File → Save (Ctrl+S) saves a revision to the store at once (``why="saved"``), never a file;
* File → Import case JSON… (Ctrl+O, "Open…" without a store) puts the file's case into the store,
  recorded with the file's name and sha256, and opens it; a file whose case is already stored
  opens the stored case instead of making a copy;
* File → Export case JSON… (Ctrl+Shift+S, "Save As…" without a store) writes the stored revision
  to a file, recorded in the audit trail;
* closing or switching cases asks about unsaved changes only when they could not be saved.

Without a store (it could not be opened) the File actions are those of ``CaseFileActions``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

from ...core.errors import InputError
from ...core.session import read_case
from ..case_screen.case_form import saveable_case
from ..widgets.fields import frame_tables
from .store_session import AUTOSAVE, SAVED, StoreSession
from .today_page import TodayPage

if TYPE_CHECKING:  # both are built when first needed, after the first paint (issue 17)
    from .case_list import CaseListDock
    from .history_view import HistoryDialog


class StoreCaseActions:
    """Store-aware File actions, the Cases menu and the case-list dock (see the module's docstring)."""

    store_session: StoreSession
    _case_list: CaseListDock | None = None
    history_dialog: HistoryDialog | None = None
    #: The list's height at start (about six cases): the form above stays readable.
    CASE_LIST_HEIGHT = 230

    # --- construction (called from the window's _create_actions / _connect_signals) -------------
    def _create_store_actions(self) -> None:
        self.store_session = StoreSession(self)
        menu = self.menuBar().addMenu(self.tr("&Cases"))

        def action(text: str, shortcut: str, slot, tip: str) -> QAction:
            item = QAction(text, self)
            item.setShortcut(QKeySequence(shortcut))
            item.setStatusTip(tip)
            item.triggered.connect(slot)
            item.setEnabled(False)
            menu.addAction(item)
            return item

        self.today_page = TodayPage(self, menu)
        self.case_list_action = action(self.tr("Case &list"), "Ctrl+L", self.show_case_list,
                                       self.tr("Find a case in the ward store and open it"))
        self.history_action = action(self.tr("Case &history…"), "Ctrl+H", self.show_history,
                                     self.tr("Who did what when to this case (read-only)"))
        self.lookup_action = action(self.tr("Look up a printed &sheet…"), "Ctrl+Shift+H", self.show_sheet_lookup,
                                    self.tr("Find the saved revision a PDF sheet was printed from, by its case hash"))
        menu.addSeparator()
        self.switch_user_action = action(self.tr("S&witch user…"), "Ctrl+Shift+U", self.switch_user,
                                         self.tr("Sign in as another clinician without closing the window"))
        self.choose_store_action = action(self.tr("Ward &store…"), "", self.choose_store,
                                          self.tr("Which store this workstation uses (remembered for you)"))
        self.choose_store_action.setEnabled(True)
        self.store_location = None
        self.store_label = QLabel(self)
        self.store_label.setAccessibleName(self.tr("Ward store status"))
        self.store_label.setContentsMargins(0, 0, 12, 0)
        self.statusBar().insertPermanentWidget(0, self.store_label)

    def _connect_store_signals(self) -> None:
        session = self.store_session
        for edited in (self.patient_panel.edited, self.labs_panel.edited, self.eligibility_panel.answer_changed,
                       self.calendar_model.entry_edited):
            edited.connect(session.schedule)
        session.status_changed.connect(self.store_label.setText)
        session.changed.connect(self.refresh_case_list)
        session.changed.connect(self._follow_history)
        session.loaded.connect(self._follow_history)

    @property
    def case_list(self) -> CaseListDock:
        """The case-list dock, built when first needed: the store (the only source of its cases) opens
        after the window's first paint, so building it before would only delay that paint."""
        if self._case_list is None:
            from .case_list import CaseListDock

            dock = CaseListDock(self.protocols, self)
            frame_tables(dock)
            self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
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
        if not self.store_session.open(data_dir, quiet=quiet, user=user, password=password):
            return False
        self._store_attached()
        return True

    # --- who is working ----------------------------------------------------------------------
    SIGN_IN_TRIES = 3

    def sign_in_and_open(self, location=None) -> bool:
        """Ask who is working, then open the store as them (see :mod:`ctit_gui.ui.dialogs.sign_in`).

        PostgreSQL: user name and password (never saved), up to three tries. SQLite: a name and
        staff id recorded as not authenticated; cancelling keeps the operating-system user.
        """
        from ...store.location import describe, is_postgres, resolve_store
        from ..dialogs.sign_in import SignInDialog, unauthenticated_user

        location = resolve_store(location)
        self.store_location = location
        postgres = is_postgres(location)
        where = describe(str(location)) if postgres else str(location or self.tr("this workstation"))
        problem = ""
        for _ in range(self.SIGN_IN_TRIES if postgres else 1):
            dialog = SignInDialog(self, postgres=postgres, where=where, problem=problem)
            if dialog.exec() != SignInDialog.DialogCode.Accepted:
                if postgres:
                    self.store_session.report_unavailable([self.tr("Not signed in.")], quiet=True)
                    return False
                return self.open_store(location)
            if not postgres:
                return self.open_store(location, user=unauthenticated_user(dialog.name(), dialog.secret()))
            password = dialog.secret() or None
            dialog.forget()
            if self.store_session.open(location, quiet=True, user=dialog.name(), password=password):
                self._store_attached()
                self.store_session.restore_journal()
                return True
            problem = self.store_session.unavailable_text
        self.store_session.report_unavailable([self.tr("Not signed in: the ward store refused the sign-in."),
                                               problem], quiet=False)
        return False

    def switch_user(self) -> bool:
        """Save what this clinician typed under their name, then sign in as another one. Offline, the
        edits stay in their own journal on this PC (saved when they sign in again) and the window goes
        back to the last stored revision it has, so the next clinician's edits are theirs alone."""
        if not self.maybe_save(leaving=True):
            return False
        session = self.store_session
        shown = (session.case_id, session.base_revision, session.base_case)
        if self.isWindowModified():  # kept in this clinician's journal (maybe_save said so)
            self._show_stored(*shown)
        session.close()
        if not self.sign_in_and_open(self.store_location):
            return False
        if shown[0] is not None and not self.isWindowModified():  # else: the new clinician's kept edits
            if session.offline_since is None:
                session.load(shown[0])
            else:
                self._show_stored(*shown)
            self._case_opened()
        return True

    def _show_stored(self, case_id, revision, case) -> None:
        """The window shows a stored revision it already has (no server needed), unedited."""
        from ..case_screen.case_form import FormState, state_from_case

        self.set_state(state_from_case(case) if case is not None else FormState())
        session = self.store_session
        session.case_id, session.base_revision, session.base_case = (case_id, revision, case) if case else (
            None, None, None)
        self.setWindowModified(False)
        self.update_title()

    def choose_store(self) -> bool:
        """Type the store: a PostgreSQL connection string or an SQLite folder; remembered per user."""
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QInputDialog

        current = QSettings().value("store/location", "", str)
        text, ok = QInputDialog.getText(
            self, self.tr("Ward store"),
            self.tr("PostgreSQL connection (postgresql://HOST/DB or service=NAME), or an SQLite store folder; "
                    "empty: this workstation's own store"), text=current)
        if not ok:
            return False
        QSettings().setValue("store/location", text.strip())
        if not self.maybe_save(leaving=True):
            return False
        self.store_session.close()
        return self.sign_in_and_open(text.strip() or None)

    def attach_store(self, store) -> None:
        """Use an open :class:`~ctit_gui.store.CaseStore` (tests: one per simulated user)."""
        self.store_session.attach(store)
        self._store_attached()

    def _store_attached(self) -> None:
        self.open_action.setText(self.tr("&Import case JSON…"))
        self.open_action.setStatusTip(self.tr("Bring a case file from another system into the ward store"))
        self.save_action.setStatusTip(self.tr("Save to the ward store now (edits are also saved automatically)"))
        self.save_as_action.setText(self.tr("&Export case JSON…"))
        self.save_as_action.setStatusTip(self.tr("Write the saved case to a file for another system"))
        for item in (self.case_list_action, self.history_action, self.lookup_action, self.switch_user_action):
            item.setEnabled(True)
        self.refresh_case_list()
        self.case_list.show()
        self.resizeDocks([self.case_list], [self.CASE_LIST_HEIGHT], Qt.Orientation.Vertical)
        self.today_page.store_attached()

    def refresh_case_list(self) -> None:
        if self.store_session.active:
            self.today_page.refresh()
            cases = self.store_session.list_cases()
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

        today = self.today()
        listed = self.today_page.view.listed
        rows = {i.key: i for i in listed.items} if listed is not None and listed.today == today else {}
        statuses = {}
        for summary in cases:
            row = rows.get(summary.case_id)
            if row is not None and row.revision == summary.revision and row.status is not None:
                statuses[summary.case_id] = row.status
                continue
            loaded = self.protocols.get(summary.trial)
            if loaded is None or loaded.protocol.arm(summary.arm) is None:
                continue
            try:
                case = self.store_session.store.load(summary.case_id).case
            except InputError:
                continue
            statuses[summary.case_id] = ward_status(assess(case, self.protocols, today), today,
                                                    closed=case.closure is not None)
        return statuses

    def show_case_list(self) -> None:
        if self.store_session.active:
            self.today_page.show_case_page()
            self.refresh_case_list()
            self.case_list.focus_search()

    def open_stored_case(self, case_id: int) -> bool:
        """Open a case from the list (after saving, or asking about, the current one)."""
        if not self.maybe_save():
            return False
        self.setWindowModified(False)
        if not self.store_session.load(case_id):
            return False
        self._case_opened()
        return True

    def _case_opened(self) -> None:
        """The list has done its job: out of the way (Ctrl+L brings it back); the calendar has the keys."""
        if self._case_list is not None and not self._case_list.isFloating():
            self._case_list.hide()
        self.today_page.show_case_page()
        self.calendar.setFocus()

    # --- history ------------------------------------------------------------------------------
    def show_history(self) -> HistoryDialog | None:
        session = self.store_session
        if not session.active:
            return None
        session.flush()
        if self.history_dialog is None:
            from .history_view import HistoryDialog

            self.history_dialog = HistoryDialog(session.store, session.case_id, self)
            frame_tables(self.history_dialog)
            self.history_dialog.open_requested.connect(self.open_stored_case)
        else:
            self.history_dialog.showing_lookup = False
            self.history_dialog.show_case(session.case_id)
        self.history_dialog.show()
        self.history_dialog.raise_()
        self.history_dialog.activateWindow()
        return self.history_dialog

    def show_sheet_lookup(self) -> HistoryDialog | None:
        dialog = self.show_history()
        if dialog is not None:
            dialog.hash_field.setFocus()
        return dialog

    def _follow_history(self, *_args) -> None:
        dialog = self.history_dialog
        if dialog is not None and dialog.isVisible() and not dialog.showing_lookup:
            dialog.show_case(self.store_session.case_id)

    # --- File actions with the store ----------------------------------------------------------
    def maybe_save(self, leaving: bool = False) -> bool:
        """Before the window shows another case (or, ``leaving``, closes or signs in someone else):
        save the edits, or ask. While the ward store is offline the journal keeps one case: leaving
        is fine (the edits are saved at the next sign-in); another case waits until the server is back."""
        if not self.store_session.active:
            return super().maybe_save()
        if not self.half_typed_dates_settled():
            return False
        session = self.store_session
        session.flush()
        if not self.isWindowModified():
            return True
        if session.kept_on_this_pc():
            if leaving:
                return True
            QMessageBox.information(
                self, self.tr("Ward store offline"),
                self.tr("{offline}.\n\nThis case's changes are kept on this PC and saved to the ward store as soon "
                        "as it is back; another case can be opened then. (File → Export case JSON… writes this one "
                        "to a file meanwhile.)").format(offline=session.offline_text()))
            return False
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
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
        if not self.store_session.active:
            return super().new_case()
        if self.maybe_save():
            self.setWindowModified(False)
            self.store_session.detach()
            super().new_case()
            self.today_page.show_case_page()

    def open_case(self) -> None:
        if not self.store_session.active:
            return super().open_case()
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Import case JSON"), self._last_folder(),
                                              self.tr("Case files (*.json);;All files (*)"))
        if name:
            self.load_path(Path(name))

    def load_path(self, path: Path) -> bool:
        """With the store: import the file's case (or open the stored copy of it)."""
        if not self.store_session.active:
            return super().load_path(path)
        try:
            case = read_case(path, self.protocols)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except (InputError, OSError) as exc:
            why = exc.messages if isinstance(exc, InputError) else [f"{path}: {exc.strerror or exc}"]
            QMessageBox.warning(self, self.tr("Cannot import the case"),
                                self.tr("{file} was not imported; the current case is unchanged.").format(
                                    file=path.name) + "\n\n" + "\n".join(why))
            return False
        self.setWindowModified(False)
        if self.store_session.import_case(case, path.name, digest) is None:
            return False
        self._remember_folder(path)
        self._case_opened()
        return True

    def save_case(self) -> bool:
        session = self.store_session
        if not session.active:
            return super().save_case()
        if not self._check_saveable(self.tr("Cannot save")):
            return False
        already = not self.isWindowModified() and session.case_id is not None and session.stale is None
        if session.case_id is None:
            self.setWindowModified(True)  # a case shown but never stored: store it now
        if not session.flush(SAVED):
            return False
        if already:
            self.statusBar().showMessage(self.tr("Already saved to the ward store"), 5000)
        return True

    def save_case_as(self) -> bool:
        """With the store: Export case JSON… (the saved revision, recorded in the audit trail)."""
        session = self.store_session
        if not session.active:
            return super().save_case_as()
        if not self._check_saveable(self.tr("Cannot export")):
            return False
        in_store = session.flush(AUTOSAVE) and session.case_id is not None
        path = self._ask_case_path(self.tr("Export case JSON"))
        if path is None:
            return False
        try:
            if in_store:
                stored, digest = session.store.export_case(session.case_id, path)
                text = self.tr("Exported case {case_id} revision {revision} to {file} (sha256 {digest})").format(
                    case_id=stored.case_id, revision=stored.revision, file=str(path), digest=digest[:12])
            else:  # not saved (a conflict not yet reloaded, or the store refused): keep what was typed
                self._write_copy(path, saveable_case(self.state, self.protocols))
                text = self.tr("Wrote the window's unsaved version to {file}; it is not in the ward store").format(
                    file=str(path))
        except (InputError, OSError) as exc:
            why = exc.messages if isinstance(exc, InputError) else [f"{path}: {exc.strerror or exc}"]
            QMessageBox.warning(self, self.tr("Cannot export"), "\n".join(why))
            return False
        self._remember_folder(path)
        self.statusBar().showMessage(text, 10000)
        self._follow_history()
        return True

    @staticmethod
    def _write_copy(path: Path, case) -> None:
        from ...outputs import write_private

        write_private(path, (case.to_json() + "\n").encode("utf-8"))  # 0600, never over a device

    def sheet_anchor(self) -> str | None:
        """With the store and a stored case: the chain head now, short form (``N:`` + 12 hex digits)."""
        session = self.store_session
        if not session.active or session.case_id is None or session.offline_since is not None:
            return None  # offline: the chain head cannot be read from the server
        head = session.store.anchor()
        return head.short if head else None

    def sheet_offline_since(self):
        """While the ward store's server is away: since when (page 1 of the sheet says so, issue 14)."""
        return self.store_session.offline_since if self.store_session.active else None

    def export_pdf(self) -> bool:
        """With the store: the edits are saved first, so the sheet's case hash names a stored revision."""
        if self.store_session.active:
            self.store_session.flush()
        return super().export_pdf()

    def pdf_exported(self, path: Path, digest: str) -> None:
        self.store_session.record_pdf_export(path, digest, self.assessment.case)
        self._follow_history()
