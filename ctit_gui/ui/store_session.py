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

from ..core.errors import InputError
from . import conflict_dialog
from .case_form import saveable_case, state_from_case

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
    from ..core.messages import ProtocolText, from_record, message

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
        self._retrying = False
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
        from ..store import SharedFolder, StoreUnusable, open_store

        try:
            try:
                store = open_store(data_dir, protocols=self.window.protocols, user=user, password=password)
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
        if not listening:
            self._set_status(self.tr("Connection to the ward store lost ({why}); reconnecting — other "
                                     "workstations' changes are not shown meanwhile").format(why=why))

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
            if self.load(self.case_id):
                self.window.statusBar().showMessage(self.tr("The case was refreshed: another workstation saved it"),
                                                    10000)
        elif self.stale is None and not self._busy:
            self.flush(AUTOSAVE)  # the save is refused as stale: the usual conflict question

    def close(self) -> None:
        self.timer.stop()
        self.offline_timer.stop()
        self.offline_since = None
        if getattr(self, "live", None) is not None:
            self.live.stop()
            self.live = None
        if self.store is not None:
            self.store.close()
            self.store = None

    @property
    def active(self) -> bool:
        return self.store is not None

    def list_cases(self) -> list:
        if self.store is None:
            return []
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
        from ..store import case_content_hash

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
        self.window.path = None
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
            case = saveable_case(window.state, window.protocols)
        except InputError as exc:
            self._not_saved("; ".join(exc.messages))
            return False
        from ..store import StaleRevision
        from ..store.pg import StoreUnavailable

        if self.offline_since is not None and why == AUTOSAVE and not self._retrying:
            self._went_offline(case)  # offline: keep it in the journal; the reconnect timer tries the server
            return False
        self._busy = True
        try:
            if self.case_id is None:
                saved = self.store.create_case(case, actions=actions)
            else:
                saved = self.store.save(self.case_id, case, self.base_revision, why=why, actions=actions)
        except StaleRevision as exc:
            self._busy = False
            return self._stale(exc, case, why)
        except StoreUnavailable:
            self._busy = False
            self._went_offline(case)
            return False
        except InputError as exc:
            self._failed(exc.messages, loud=why != AUTOSAVE)
            return False
        finally:
            self._busy = False
        self._saved(saved, case)
        return True

    # --- the server away ------------------------------------------------------------------
    OFFLINE_RETRY_S = (1, 2, 4, 8, 15, 30)

    def _journal(self):
        from ..store.journal import Journal

        if self.store is None or not getattr(self.store, "is_postgres", False):
            return None
        return Journal(str(self.store.connection.location), self.store.user)

    def _went_offline(self, case) -> None:
        """The server is away: keep the window's case in the crash-safe journal, retry with backoff."""
        from ..store.clock import to_text, utc_now

        if self.offline_since is None:
            self.offline_since = utc_now()
            self._offline_attempt = 0
        journal = self._journal()
        if journal is not None:
            journal.write(case_id=self.case_id, base_revision=self.base_revision, base_case=self.base_case,
                          case=case, since=to_text(self.offline_since))
        self.problem = self.offline_text()
        self._set_status(self.offline_text() + " " + self.tr("— your changes are kept on this PC and saved when it "
                                                             "is back"))
        self.window.update_title()
        if not self.offline_timer.isActive():
            delay = self.OFFLINE_RETRY_S[min(self._offline_attempt, len(self.OFFLINE_RETRY_S) - 1)]
            self._offline_attempt += 1
            self.offline_timer.start(delay * 1000)

    def offline_text(self) -> str:
        """"offline since HH:MM — other workstations' changes not shown", or empty when connected."""
        if self.offline_since is None:
            return ""
        return self.tr("Ward store offline since {time} — other workstations' changes not shown").format(
            time=hhmm(self.offline_since))

    def _retry_offline(self) -> None:
        if self.store is None or self.offline_since is None:
            return
        self._retrying = True
        try:
            if self.window.isWindowModified():
                self.flush(AUTOSAVE)
            else:
                self.store.connection.ensure()
                self._back_online()
        except InputError:
            self._went_offline(saveable_case(self.window.state, self.window.protocols))
        finally:
            self._retrying = False

    def _back_online(self) -> None:
        if self.offline_since is None:
            return
        self.offline_since = None
        self.offline_timer.stop()
        journal = self._journal()
        if journal is not None:
            journal.clear()
        self.window.update_title()
        self.changed.emit()  # re-read the list: others' saves were not shown meanwhile

    def restore_journal(self) -> bool:
        """After sign-in: edits kept while the server was away (even across a crash) go back into the
        window and are saved as a normal revision, with the usual conflict check."""
        journal = self._journal()
        data = journal.read() if journal is not None else None
        if data is None:
            return False
        self.window.set_state(state_from_case(data["case"]))
        self.window.path = None
        self.case_id, self.base_revision, self.base_case = data["case_id"], data["base_revision"], data["base_case"]
        self.window.setWindowModified(True)
        self.window.update_title()
        saved = self.flush(SAVED)
        if saved:
            journal.clear()
            self.window.statusBar().showMessage(
                self.tr("Changes kept on this PC while the ward store was offline were saved"), 15000)
        return saved

    def _saved(self, saved, case) -> None:
        self._back_online()
        self.case_id, self.base_revision, self.base_case = saved.case_id, saved.revision, case
        self.last_saved, self.stale, self.problem, self._last_error = saved, None, "", None
        self.window.setWindowModified(False)
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
        from ..store import diff_cases, merge_edits

        if mine is None:
            try:
                mine = saveable_case(self.window.state, self.window.protocols)
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
        from ..store import banner_action

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
        from ..store import case_content_hash

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
