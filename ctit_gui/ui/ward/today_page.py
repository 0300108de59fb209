"""The window's "Today" page (:mod:`ctit_gui.ui.ward.today_view`): Cases → Today (Ctrl+T), which page
the window shows, the page's refreshes (on changes, NOTIFY, just after midnight), close, reopen and the
handover PDF.

:class:`TodayPage` is one part of the window (``window.today_page``, composed, not mixed in). The page
and the worklist code are imported and built on first use, not at start-up: the page shows only the
ward store's cases, and the store opens after the window's first paint (issue 17).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QSizePolicy

from ... import i18n

if TYPE_CHECKING:
    from .today_view import TodayView


class TodayPage(QObject):
    """The Today page in the window's page stack, beside the case page (see the module's docstring)."""

    def __init__(self, window, menu):
        """The page stack and Cases → Today (first in ``menu``); the page itself is built when first needed
        (:attr:`view`): only the ward store fills it, and the store opens after the first paint."""
        super().__init__(window)
        from PySide6.QtWidgets import QStackedWidget

        self.window = window
        self._view: TodayView | None = None
        case_page = window.takeCentralWidget()
        self.pages = QStackedWidget(window)
        self.pages.addWidget(case_page)
        window.setCentralWidget(self.pages)
        self.case_page = case_page
        self.action = QAction(self.tr("&Today: the ward's worklist"), window)
        self.action.setShortcut(QKeySequence("Ctrl+T"))
        self.action.setStatusTip(self.tr("Every open case with what it needs today; Enter opens one "
                                         "(Ctrl+T again returns to the case)"))
        self.action.setEnabled(False)
        menu.insertAction(menu.actions()[0] if menu.actions() else None, self.action)
        self.midnight_timer = QTimer(window)
        self.midnight_timer.setSingleShot(True)

    @property
    def view(self) -> TodayView:
        """The Today page, built (and put in the page stack, hidden) on first use; it connects its own
        signals here, as it is built after the window's ``_connect_signals``."""
        if self._view is None:
            from ..widgets.fields import frame_tables
            from .today_view import TodayView

            window = self.window
            view = TodayView(window)
            view.set_trials(window.protocols)
            frame_tables(view)
            # the page takes the window's size and never widens it (a page built with the window, hidden, never
            # did: its hints were not asked again); the case page sets the window's minimum, as before
            view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.pages.addWidget(view)
            view.open_requested.connect(window.ward.open_stored_case)
            view.refresh_requested.connect(self.refresh)
            view.close_requested.connect(self.close_stored_case)
            view.reopen_requested.connect(self.reopen_stored_case)
            view.handover_requested.connect(self.export_handover)
            self._view = view
        return self._view

    # --- the page ---------------------------------------------------------------------------
    @property
    def showing_today(self) -> bool:
        return self._view is not None and self.pages.currentWidget() is self._view

    def show_today(self) -> None:
        window = self.window
        if not window.store_session.active:
            return
        self.refresh()
        self.pages.setCurrentWidget(self.view)
        if not window.ward.case_list.isFloating():
            window.ward.case_list.hide()
        self.view.focus_list()

    def show_case_page(self) -> None:
        self.pages.setCurrentWidget(self.case_page)

    def toggle_today(self) -> None:
        if self.showing_today and self.window.store_session.case_id is not None:
            self.show_case_page()
            self.window.calendar.setFocus()
        else:
            self.show_today()

    def refresh(self) -> None:
        window = self.window
        session = window.store_session
        if not session.active or session.offline_since is not None:  # offline: keep what is shown
            return
        try:
            entries = session.store.ward_entries()
        except Exception as exc:  # noqa: BLE001 - the store's own error text, in the status bar
            messages = getattr(exc, "messages", [str(exc)])
            window.statusBar().showMessage(self.tr("The Today list could not be read: {why}").format(
                why="; ".join(messages)), 10000)
            return
        self.view.show_entries(entries, window.today(), window.protocols)
        self._arm_midnight()

    def _arm_midnight(self) -> None:
        """Refresh just after the next midnight (the ward's day changes: day N becomes N+1)."""
        now = datetime.now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        self.midnight_timer.start(int((midnight - now).total_seconds() * 1000) + 1000)

    def store_attached(self) -> None:
        """The Today page is shown first when the store has open cases."""
        window = self.window
        self.action.setEnabled(True)
        self.refresh()
        listed = self.view.listed
        if listed is not None and listed.items and window.store_session.case_id is None:
            self.pages.setCurrentWidget(self.view)
            window.ward.case_list.hide()  # Ctrl+L brings it back to find any case, open or closed
            self.view.focus_list()  # Enter opens the most urgent case at once

    # --- close, reopen, handover ------------------------------------------------------------
    def close_stored_case(self, case_id: int) -> bool:
        session = self.window.store_session
        if not session.active:
            return False
        if session.case_id == case_id:
            session.flush()  # the window's own edits first, so the closure is based on them
        self.refresh()
        item = next((i for i in (self.view.listed.items if self.view.listed else ())
                     if i.key == case_id), None)
        if item is None:
            return False
        from .today_view import CloseCaseDialog

        dialog = CloseCaseDialog(item.patient_id, self.window)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason, note = dialog.value()
        return self._closure_saved(case_id, lambda: session.store.close_case(case_id, reason, note,
                                                                             base_revision=item.revision))

    def reopen_stored_case(self, case_id: int | None = None) -> bool:
        session = self.window.store_session
        listed = self.view.listed
        if not session.active or listed is None or not listed.closed:
            return False
        closed = {c.key: c for c in listed.closed}
        if case_id is None:
            labels = [self.tr("{patient} — {trial} ({reason})").format(patient=c.patient_id, trial=c.trial,
                                                                      reason=c.reason_words) for c in listed.closed]
            label, ok = QInputDialog.getItem(self.window, self.tr("Reopen a closed case"),
                                             self.tr("The case goes back on the Today list (audited):"),
                                             labels, 0, False)
            if not ok:
                return False
            case_id = listed.closed[labels.index(label)].key
        chosen = closed.get(case_id)
        if chosen is None:
            return False
        return self._closure_saved(case_id, lambda: session.store.reopen_case(case_id, base_revision=chosen.revision))

    def _closure_saved(self, case_id: int, write) -> bool:
        from ...core.errors import InputError

        session = self.window.store_session
        try:
            write()
        except InputError as exc:
            QMessageBox.warning(self.window, self.tr("Not saved"), "\n".join(exc.messages))
            self.refresh()
            return False
        if session.case_id == case_id:
            session.load(case_id)  # the window shows the new revision, so its next edit is not a conflict
        session.changed.emit()
        return True

    def export_handover(self) -> bool:
        from ...core.errors import InputError

        listed = self.view.listed
        if listed is None:
            return False
        path = self.window.files.ask_save_path(self.tr("Shift handover PDF"),
                                               f"handover-{listed.today.isoformat()}.pdf", self.tr("PDF files (*.pdf)"))
        if path is None:
            return False
        from ..case_files import with_extension  # (as the dosing sheet: "handover" is written as handover.pdf)

        path = with_extension(path, ".pdf")
        from ...sheet.export import parse_generated_at
        from ...sheet.handover import export_handover

        try:
            digest = export_handover(listed, path, generated_at=parse_generated_at(None),
                                     language=i18n.language())
        except InputError as exc:
            QMessageBox.warning(self.window, self.tr("Cannot write the handover"), "\n".join(exc.messages))
            return False
        self.window.statusBar().showMessage(self.tr("Wrote the handover {file} (sha256 {digest})").format(
            file=str(path), digest=digest[:12]), 10000)
        return True
