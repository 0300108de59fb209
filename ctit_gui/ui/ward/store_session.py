"""The window's link to the ward case store: which stored case it shows, autosave, conflicts, audit.

One :class:`StoreSession` per window, used from the GUI thread (a sqlite3 connection belongs to
its thread; a save takes a millisecond or two). It remembers the stored case the window shows
(``case_id``) and the revision the window's edits are based on (``base_revision``, and that
revision's case for merging). An edit starts a one-second timer; when it fires the case is saved
as a revision with ``why="autosave"`` (a new case is created in the store on its first save, once
it has a patient id, trial and arm and no refused value). File → Save saves at once with
``why="saved"``. A save refused with :class:`~ctit_gui.store.StaleRevision` asks the user whether
to reload and re-apply their edits (:func:`~ctit_gui.store.merge_edits`); until then nothing is
saved and the edits stay in the window. Banners raised or cleared and PDF exports go to the audit
trail. Without a store (it could not be opened) every method does nothing.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMessageBox

from ...core.errors import InputError
from . import conflict_dialog
from ..case_screen.case_form import saveable_case, state_from_case

AUTOSAVE = "autosave"
SAVED = "saved"


def hhmm(moment: datetime) -> str:
    return f"{moment.astimezone():%H:%M}"


def shown_banners(assessment) -> set[tuple[str, str, int | None]]:
    """The banners the window shows for this assessment, as (kind, text, day)."""
    if assessment is None:
        return set()
    plan = assessment.plan
    shown = {(event.kind, event.text, event.day) for event in plan.events}
    if plan.undefined_rules_note:
        shown.add(("undefined_rules", plan.undefined_rules_note, None))
    return shown


def recorded_banners(history) -> set[tuple[str, str, int | None]]:
    """The banners the audit trail says are up: replay raised / cleared in order."""
    up: set[tuple[str, str, int | None]] = set()
    for entry in history:
        if entry.action in ("banner_raised", "banner_cleared"):
            key = (entry.detail.get("kind"), entry.detail.get("text"), entry.detail.get("day"))
            (up.add if entry.action == "banner_raised" else up.discard)(key)
    return up


def banner_messages(assessment, history) -> dict:
    """(kind, text, day) → the banner text's structured form: from the plan for banners shown now, from the
    trail for banners recorded earlier (so a cleared banner is recorded with it too)."""
    from ...core.messages import ProtocolText, from_record, message

    found = {}
    for entry in history:
        if entry.action in ("banner_raised", "banner_cleared") and "text_message" in entry.detail:
            try:
                found[(entry.detail.get("kind"), entry.detail.get("text"), entry.detail.get("day"))] = \
                    from_record(entry.detail["text_message"])
            except ValueError:
                pass
    if assessment is not None:
        plan = assessment.plan
        for event in plan.events:
            if event.message is not None:
                found[(event.kind, event.text, event.day)] = event.message
        if plan.undefined_rules_note:
            found[("undefined_rules", plan.undefined_rules_note, None)] = message(
                "protocol_comment", text=ProtocolText(plan.undefined_rules_note))
    return found


def _banner_order(banner: tuple[str, str, int | None]) -> tuple:
    kind, text, day = banner
    return (-1 if day is None else day, kind, text)


class StoreSession(QObject):
    """Autosave and conflict handling for one window (see the module's docstring)."""

    saved = Signal(object)  # SavedRevision: this window saved
    changed = Signal()  # the store has something new (saved, imported, reloaded): the case list may differ
    loaded = Signal(int)  # case id
    status_changed = Signal(str)  # the store's line in the status bar

    AUTOSAVE_DELAY_MS = 1000
    #: Follow other workstations' saves on the PostgreSQL ward store (LISTEN/NOTIFY).
    LIVE = True
    #: Typing without a pause still saves after this long.
    AUTOSAVE_MAX_WAIT_S = 5.0

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.store = None
        self.case_id: int | None = None
        self.base_revision: int | None = None
        self.base_case = None
        self.last_saved = None
        self.stale = None  # the StaleRevision the user has not reloaded after
        self.problem = ""  # why the window's case is not in the store, for the unsaved-changes question
        self.status = ""
        self._first_pending = 0.0
        self._busy = False
        self._last_error: tuple[str, ...] | None = None
        self.live = None  # LiveWatch on the PostgreSQL ward store
        self.unavailable_text = ""  # why the store could not be opened, last time
        self.offline_since = None  # UTC time the ward store's server went away (None: connected)
        self._offline_attempt = 0
        self.refused_text = ""  # the server came back but refused this sign-in (offline until signed in again)
        self.kept_actions: list = []  # audit entries of saves the server did not get (kept with the journal)
        self.offline_timer = QTimer(self)
        self.offline_timer.setSingleShot(True)
        self.offline_timer.timeout.connect(self._retry_offline)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(self.AUTOSAVE_DELAY_MS)
        self.timer.timeout.connect(self.autosave)

    # --- opening and closing the store ---------------------------------------------------
    def open(self, data_dir=None, *, quiet: bool = False, user: str | None = None,
             password: str | None = None) -> bool:
        """Open (create, migrate) the store; a store that cannot be opened is reported, not fatal.

        ``data_dir``: an SQLite folder or a PostgreSQL connection string; there ``user`` and
        ``password`` sign in (the password is passed on, never kept by the window)."""
        from ...store import SharedFolder, StoreUnusable, open_store

        try:
            try:
                store = open_store(data_dir, protocols=self.window.protocols, user=user, password=password,
                                   offline_ok=True)
            except SharedFolder as exc:  # an existing folder others can read: only if the user says so
                if quiet or not self.confirm_shared_folder(exc):
                    raise
                store = open_store(data_dir, protocols=self.window.protocols, user=user, allow_shared=True)
        except StoreUnusable as exc:
            self.report_unavailable(exc.messages, quiet, damaged=exc.damaged)
            return False
        except InputError as exc:
            self.report_unavailable(exc.messages, quiet)
            return False
        except OSError as exc:
            self.report_unavailable([str(exc)], quiet)
            return False
        self.attach(store)
        if store.migrated_from is not None:
            self._set_status(self.tr("The ward store was updated from format {old}; the old file was kept as "
                                     "{backup}").format(old=store.migrated_from, backup=store.backup))
        return True

    def confirm_shared_folder(self, refused) -> bool:
        """Ask before using an existing store folder that other users can read (issue 13); default: No."""
        answer = QMessageBox.question(
            self.window, self.tr("Store folder open to other users"),
            self.tr("The folder {folder} can be read or entered by other users (permissions {mode}). The ward store "
                    "holds patient data.\n\nUse this folder anyway (only if it is shared on purpose)? Its "
                    "permissions are not changed.").format(folder=str(refused.folder), mode=f"{refused.mode:04o}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def report_unavailable(self, messages: list[str], quiet: bool, damaged: bool = False) -> None:
        text = "\n".join(messages)
        self.unavailable_text = text
        self._set_status(self.tr("Ward store not available: case files only"))
        if quiet:
            print("warning: the ward case store could not be opened; case files only:\n" + text, file=sys.stderr)
            return
        if damaged:  # a damaged file: say what to do, not only what went wrong
            QMessageBox.critical(self.window, self.tr("Ward case store cannot be used"),
                                 self.tr("The ward case store cannot be used:") + "\n\n" + text + "\n\n"
                                 + self.tr("What to do: close the program on every workstation, restore the store "
                                           "from the latest backup (or ask IT to), then start again. Nothing was "
                                           "written to the store. Until then the window works with case files "
                                           "only (File → Open… and Save As…)."))
            return
        QMessageBox.warning(self.window, self.tr("Ward case store not available"),
                            self.tr("The ward case store could not be opened:") + "\n\n" + text + "\n\n"
                            + self.tr("The window works with case files only (File → Open… and Save As…). "
                                      "Nothing is saved automatically until the store can be opened."))

    def attach(self, store) -> None:
        self.store = store
        self.detach()
        if self.server_away():  # the server cannot be reached now: work on, as when it goes away later
            self.went_offline(self.kept_case())
        self._watch_live()

    def _watch_live(self) -> None:
        """On the PostgreSQL ward store, follow other workstations' saves (LISTEN/NOTIFY)."""
        self.live = None
        if self.store is None or not self.LIVE or not getattr(self.store, "is_postgres", False):
            return
        from .live import LiveWatch

        self.live = LiveWatch(self.store, self)
        self.live.case_changed.connect(self.other_saved)
        self.live.connection_changed.connect(self._live_connection)
        self.live.start()

    def _live_connection(self, listening: bool, why: str) -> None:
        """The listening connection dropped (the server is away: go offline) or is back (try now)."""
        if listening:
            if self.offline_since is not None and not self.refused_text:
                self._retry_offline()
            return
        if self.offline_since is None:
            self.went_offline(self.kept_case())
            self.window.statusBar().showMessage(
                self.tr("Connection to the ward store lost ({why}); reconnecting — other workstations' changes "
                        "are not shown meanwhile").format(why=why), 10000)

    def other_saved(self, case_id: int, revision: int) -> None:
        """A workstation saved ``case_id`` as ``revision`` (0, 0: anything may have changed)."""
        if self.store is None:
            return
        self.changed.emit()  # the case list re-reads
        if self.case_id is None or (case_id and case_id != self.case_id):
            return
        if case_id and self.base_revision is not None and revision <= self.base_revision:
            return  # this window's own save, or older news
        if not self.window.isWindowModified():
            if not case_id and not self._moved_on():
                return  # after a reconnect: nobody saved this case meanwhile
            if self.load(self.case_id):
                self.window.statusBar().showMessage(self.tr("The case was refreshed: another workstation saved it"),
                                                    10000)
        elif self.stale is None and not self._busy:
            self.flush(AUTOSAVE)  # the save is refused as stale: the usual conflict question

    def _moved_on(self) -> bool:
        """Has the window's stored case a newer revision than the one shown?"""
        try:
            return self.store.load(self.case_id).revision != self.base_revision
        except InputError:
            return False

    def close(self) -> None:
        self.timer.stop()
        self.offline_timer.stop()
        self.offline_since = None
        self.refused_text = ""
        self.kept_actions = []
        if getattr(self, "live", None) is not None:
            self.live.stop()
            self.live = None
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def active(self) -> bool:
        return self.store is not None

    def list_cases(self) -> list | None:
        """The store's cases; None while the server is away (the list keeps what it shows)."""
        if self.store is None:
            return []
        if self.offline_since is not None:
            return None
        try:
            return self.store.list_cases(today=self.window.today())
        except InputError as exc:
            self._set_status(self.tr("The case list could not be read: {why}").format(why="; ".join(exc.messages)))
            return []

    # --- which case the window shows ----------------------------------------------------
    def detach(self) -> None:
        """The window shows a new case, not in the store yet."""
        self.timer.stop()
        self.case_id = self.base_revision = self.base_case = self.last_saved = self.stale = None
        self.problem = ""
        self.kept_actions = []
        if self.store is not None:
            self._set_status(self.tr("New case: saved to the ward store as soon as it has a patient id, "
                                     "trial and arm"))

    def load(self, case_id: int) -> bool:
        """Show the latest revision of a stored case in the window."""
        if self.store is None:
            return False
        try:
            stored = self.store.load(case_id)
        except InputError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot open the case"), "\n".join(exc.messages))
            return False
        self._show(stored, stored.case)
        self.window.setWindowModified(False)
        self._set_status(self.tr("Case {case_id}, revision {revision}: saved to the ward store {time} by {who}")
                         .format(case_id=case_id, revision=stored.revision, time=hhmm(stored.info.saved_at),
                                 who=stored.info.saved_by))
        self.sync_banners()
        self.loaded.emit(case_id)
        return True

    def import_case(self, case, source: str, source_sha256: str) -> int | None:
        """A case read from a file: into the store (audited with the file's sha256), then shown.

        A file whose case is already stored (same case hash) opens the stored case instead.
        """
        from ...store import case_content_hash

        try:
            same = self.store.find_by_case_hash(case_content_hash(case))
            if same:
                found = same[0]
                if self.load(found.case_id):
                    self._set_status(self.tr("{file} is already in the ward store (case {case_id}, revision "
                                             "{revision}): opened the case's latest revision").format(
                        file=source, case_id=found.case_id, revision=found.revision))
                return found.case_id
            saved = self.store.import_case(case, source=source, source_sha256=source_sha256)
        except InputError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot import the case"), "\n".join(exc.messages))
            return None
        self.load(saved.case_id)
        self._set_status(self.tr("Imported {file} into the ward store as case {case_id}").format(
            file=source, case_id=saved.case_id))
        self.changed.emit()
        return saved.case_id

    def _show(self, stored, case) -> None:
        self.window.set_state(state_from_case(case))
        self.window.files.path = None
        self.case_id, self.base_revision, self.base_case = stored.case_id, stored.revision, stored.case
        self.stale = None
        self.problem = ""
        self.window.update_title()

    # --- saving -------------------------------------------------------------------------
    def schedule(self, *_args) -> None:
        """An edit: save about a second after the last one (or after a few seconds of typing)."""
        if self.store is None or self.stale is not None:
            return
        now = time.monotonic()
        if not self.timer.isActive():
            self._first_pending = now
        elif now - self._first_pending > self.AUTOSAVE_MAX_WAIT_S:
            return  # let the running timer fire
        self.timer.start()

    def autosave(self) -> bool:
        return self.flush(AUTOSAVE)

    def flush(self, why: str = AUTOSAVE, actions=()) -> bool:
        """Save the window's case now if it changed; True when the store has what the window shows.

        ``actions``: audit entries saved with this revision (e.g. the lab results file it came from).
        """
        self.timer.stop()
        window = self.window
        if self.store is None or self._busy:
            return False
        if not window.isWindowModified():
            return True
        if self.stale is not None and why == AUTOSAVE:
            return False  # waiting for the user to reload
        if not window.result.saveable:
            self._not_saved(self._unsaveable_reason())
            return False
        try:
            case = saveable_case(window.state, window.protocols, window.today())
        except InputError as exc:
            self._not_saved("; ".join(exc.messages))
            return False
        from ...store import StaleRevision
        from ...store.pg import StoreUnavailable

        if self.offline_since is not None and why == AUTOSAVE:
            self.went_offline(case, actions)  # offline: keep it in the journal; the reconnect timer tries the server
            return False
        self._busy = True
        try:
            actions = [*self.kept_actions, *(a for a in actions if a not in self.kept_actions)]
            if self.case_id is None:
                saved = self.store.create_case(case, actions=actions)
            else:
                saved = self.store.save(self.case_id, case, self.base_revision, why=why, actions=actions)
        except StaleRevision as exc:
            self._busy = False
            return self._stale(exc, case, why)
        except StoreUnavailable:
            self._busy = False
            self.went_offline(case, actions)
            return False
        except InputError as exc:
            self._failed(exc.messages, loud=why != AUTOSAVE)
            return False
        finally:
            self._busy = False
        self._saved(saved, case)
        return True

    # --- the server away ------------------------------------------------------------------
    # One path whether the server was away when the window started or went away later: the
    # window's case is kept in the crash-safe journal, the connection is retried with backoff, and
    # when it is back the kept case is saved as a normal revision (conflict check included), the
    # live refresh LISTENs again and the case list and the open case are read again.
    OFFLINE_RETRY_S = (1, 2, 4, 8, 15, 30)
    #: A reconnect attempt blocks the window at most this long (libpq's connect_timeout).
    RETRY_CONNECT_TIMEOUT_S = 3

    def server_away(self) -> bool:
        """True when the store is the ward store and its server cannot be reached now."""
        return self.store is not None and getattr(self.store, "is_postgres", False) and self.store.connection.broken

    def _journal(self):
        from ...store.journal import Journal

        if self.store is None or not getattr(self.store, "is_postgres", False):
            return None
        return Journal(str(self.store.connection.location), self.store.user)

    def kept_case(self):
        """The window's case when it has edits that can be kept (else None)."""
        if not self.window.isWindowModified():
            return None
        try:
            return saveable_case(self.window.state, self.window.protocols, self.window.today())
        except InputError:
            return None

    def went_offline(self, case=None, actions=()) -> None:
        """The server is away: keep ``case`` (the window's edits) and ``actions`` (their audit entries)
        in the journal, retry with backoff."""
        from ...store.clock import to_text, utc_now

        if self.store is None:
            return
        if self.offline_since is None:
            self.offline_since = utc_now()
            self._offline_attempt = 0
            self.refused_text = ""
        self.store.connection.waiting = True  # reads fail at once; the timer below reconnects
        self.kept_actions += [a for a in actions if a not in self.kept_actions]
        journal = self._journal()
        if journal is not None and case is not None:
            journal.write(case_id=self.case_id, base_revision=self.base_revision, base_case=self.base_case,
                          case=case, since=to_text(self.offline_since), actions=self.kept_actions)
            self.problem = self.offline_text()
        if not self.refused_text:
            self._set_status(self.offline_text() + " " + self.tr("— your changes are kept on this PC and saved "
                                                                 "when it is back"))
            if not self.offline_timer.isActive():
                self._schedule_retry()
        self.window.update_title()

    def _schedule_retry(self) -> int:
        delay = self.OFFLINE_RETRY_S[min(self._offline_attempt, len(self.OFFLINE_RETRY_S) - 1)]
        self._offline_attempt += 1
        self.offline_timer.start(delay * 1000)
        return delay

    def offline_text(self) -> str:
        """"offline since HH:MM — other workstations' changes not shown", or empty when connected."""
        if self.offline_since is None:
            return ""
        return self.tr("Ward store offline since {time} — other workstations' changes not shown").format(
            time=hhmm(self.offline_since))

    def _retry_offline(self) -> None:
        """The backoff timer (or the live connection coming back): is the server there again?"""
        from ...store.pg import StoreUnavailable

        if self.store is None or self.offline_since is None:
            return
        try:
            self.store.connection.probe(timeout=self.RETRY_CONNECT_TIMEOUT_S)
        except StoreUnavailable as exc:
            delay = self._schedule_retry()
            if self.window.isWindowModified():
                self.went_offline(self.kept_case())  # the latest edits into the journal too
            self.window.statusBar().showMessage(self.tr("The ward store is still not reachable ({why}); next try in "
                                                        "{seconds} s").format(why=exc.messages[0], seconds=delay),
                                                delay * 1000)
            return
        except InputError as exc:  # the server answered but refused (sign-in, store format): waiting will not help
            self._refused_while_offline(exc.messages)
            return
        self._back_online()

    def _refused_while_offline(self, messages: list[str]) -> None:
        """Back, but the server refuses this sign-in or store: stop retrying; the journal keeps the edits."""
        self.offline_timer.stop()
        if self.live is not None:
            self.live.stop()  # no more sign-in attempts with what the server refused
        if self.window.isWindowModified():
            self.went_offline(self.kept_case())
        self.refused_text = "; ".join(messages)
        self._set_status(self.tr("The ward store refused the sign-in: your changes are kept on this PC; sign in "
                                 "again with Cases → Switch user…"))
        QMessageBox.warning(self.window, self.tr("Ward store refused the sign-in"),
                            self.tr("The ward store is reachable again but refused this sign-in:") + "\n\n"
                            + self.refused_text + "\n\n"
                            + self.tr("Your changes are kept on this PC. Sign in again with Cases → Switch user…; "
                                      "they are saved to the ward store then."))

    def _back_online(self) -> None:
        """The server is back: save what was kept, listen again, re-read the list and the open case."""
        if self.offline_since is None:
            return
        from ...store.pg import StoreUnavailable

        self.offline_since = None
        self.offline_timer.stop()
        self.refused_text = ""
        connection = self.store.connection
        connection.waiting = False
        try:
            self.store.user = connection.session_user()  # who the server signed in (offline: who was asked)
        except InputError:
            pass
        self.window.update_title()
        self._set_status(self.tr("Connected to the ward store again"))
        self.window.statusBar().showMessage(self.tr("Reconnected to the ward store: the case list and the open "
                                                    "case were read again"), 10000)
        if self.window.isWindowModified():
            self.flush(SAVED)  # a normal revision, with the conflict check
            if self.offline_since is not None:
                return  # away again already: the journal has it, the timer tries again
        else:
            journal = self._journal()
            if journal is not None:
                journal.clear()
        if self.LIVE and self.live is not None and not self.live.listening:
            self.live.start()  # LISTEN again (notifications sent meanwhile were lost: re-read below)
        try:
            self.other_saved(0, 0)
        except StoreUnavailable:
            pass

    def restore_journal(self) -> bool:
        """After sign-in: edits kept while the server was away (even across a crash) go back into the
        window and are saved as a normal revision, with the usual conflict check (while the server is
        still away they stay in the journal)."""
        journal = self._journal()
        data = journal.read() if journal is not None else None
        if data is None:
            return False
        self.window.set_state(state_from_case(data["case"]))
        self.window.files.path = None
        self.case_id, self.base_revision, self.base_case = data["case_id"], data["base_revision"], data["base_case"]
        self.kept_actions = list(data["actions"])
        self.window.setWindowModified(True)
        self.window.update_title()
        if self.offline_since is not None:
            self.went_offline(data["case"])
            return False
        saved = self.flush(SAVED)
        if saved:
            journal.clear()
            self.window.statusBar().showMessage(
                self.tr("Changes kept on this PC while the ward store was offline were saved"), 15000)
        return saved

    def kept_on_this_pc(self) -> bool:
        """Offline, and the journal holds exactly what the window shows: closing loses nothing."""
        journal = self._journal() if self.offline_since is not None else None
        data = journal.read() if journal is not None else None
        if data is None or data["case_id"] != self.case_id:
            return False
        try:
            return data["case"] == saveable_case(self.window.state, self.window.protocols, self.window.today())
        except InputError:
            return False

    def discard_kept(self) -> None:
        """The user discarded the window's changes: the journal does not bring them back."""
        self.kept_actions = []
        journal = self._journal()
        if journal is not None:
            journal.clear()

    def _saved(self, saved, case) -> None:
        journal = self._journal()
        if journal is not None:
            journal.clear()  # what it kept is now a revision
        self.kept_actions = []
        self.case_id, self.base_revision, self.base_case = saved.case_id, saved.revision, case
        self.last_saved, self.stale, self.problem, self._last_error = saved, None, "", None
        self.window.setWindowModified(False)
        self._back_online()  # a save landed: the server is there
        self._set_status(self.tr("Saved to the ward store {time} (case {case_id}, revision {revision})").format(
            time=hhmm(saved.saved_at), case_id=saved.case_id, revision=saved.revision))
        self.sync_banners()
        self.saved.emit(saved)
        self.changed.emit()

    def _unsaveable_reason(self) -> str:
        state = self.window.state
        if not state.patient_id.strip():
            return self.tr("it needs a patient id")
        if not (state.trial and state.arm):
            return self.tr("it needs the trial and arm")
        return self.tr("a value is refused: correct the marked fields")

    def _not_saved(self, reason: str) -> None:
        self.problem = reason
        where = self.tr("Not in the ward store yet") if self.case_id is None else self.tr("Not saved")
        self._set_status(f"{where}: {reason}")

    def _failed(self, messages: list[str], loud: bool) -> None:
        text = "; ".join(messages)
        self._not_saved(self.tr("the ward store refused the save: {why}").format(why=text))
        if loud or tuple(messages) != self._last_error:  # an autosave failure is shown once, not every second
            QMessageBox.warning(self.window, self.tr("Not saved to the ward store"),
                                self.tr("The case could not be saved to the ward store; your changes are still "
                                        "in the window.") + "\n\n" + "\n".join(messages))
        self._last_error = tuple(messages)

    # --- someone else saved first -------------------------------------------------------
    def _stale(self, conflict, mine, why: str) -> bool:
        self.stale = conflict
        self._not_saved(self.tr("{who} changed this case at {time}; reload to save your changes").format(
            who=conflict.changed_by, time=hhmm(conflict.changed_at)))
        if not conflict_dialog.ask_to_reload(self.window, conflict):
            return False
        return self.reload_and_reapply(mine, why)

    def reload_and_reapply(self, mine=None, why: str = AUTOSAVE) -> bool:
        """Load the latest revision and re-apply the window's edits where they do not collide."""
        from ...store import diff_cases, merge_edits

        if mine is None:
            try:
                mine = saveable_case(self.window.state, self.window.protocols, self.window.today())
            except InputError:
                mine = self.base_case
        try:
            theirs = self.store.load(self.case_id)
        except InputError as exc:
            self._failed(exc.messages, loud=True)
            return False
        merge = merge_edits(self.base_case, mine, theirs.case)
        if merge.case is None:
            conflict_dialog.report_unmergeable(self.window, merge)
            return False
        self._show(theirs, merge.case)
        changed = bool(diff_cases(theirs.case, merge.case))
        self.window.setWindowModified(changed)
        saved = self.flush(why) if changed else True
        if not changed:
            self.sync_banners()
            self.changed.emit()
        line = conflict_dialog.report_merge(self.window, theirs.info, merge)
        if saved:
            self.window.statusBar().showMessage(line, 15000)
        return saved

    # --- the audit trail ----------------------------------------------------------------
    def sync_banners(self) -> None:
        """Record banners that appeared or went away since the trail last said (for the stored case)."""
        if self.store is None or self.case_id is None or self.window.isWindowModified():
            return
        from ...store import banner_action

        try:
            history = self.store.history(self.case_id)
            recorded = recorded_banners(history)
            shown = shown_banners(self.window.assessment)
            words = banner_messages(self.window.assessment, history)
            actions = ([banner_action(True, *b, message=words.get(b)) for b in sorted(shown - recorded,
                                                                                     key=_banner_order)]
                       + [banner_action(False, *b, message=words.get(b)) for b in sorted(recorded - shown,
                                                                                         key=_banner_order)])
            if actions:
                self.store.record(self.case_id, actions)
        except InputError as exc:
            self._set_status(self.tr("Banners not recorded in the audit trail: {why}").format(
                why="; ".join(exc.messages)))

    def record_pdf_export(self, path, pdf_sha256: str, case) -> None:
        """The exported sheet's file name and sha256, with the revision and case hash it shows."""
        if self.store is None or self.case_id is None:
            return
        from ...store import case_content_hash

        try:
            self.store.record_pdf_export(self.case_id, pdf_sha256=pdf_sha256, file_name=path.name,
                                         revision=self.base_revision, case_sha256=case_content_hash(case))
        except InputError as exc:
            QMessageBox.warning(self.window, self.tr("PDF export not recorded"),
                                self.tr("The PDF was written, but its export could not be recorded in the audit "
                                        "trail:") + "\n\n" + "\n".join(exc.messages))

    def _set_status(self, text: str) -> None:
        self.status = text
        self.status_changed.emit(text)
