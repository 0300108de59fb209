"""The window's side of the "Today" page (:mod:`ctit_gui.ui.ward.today_view`): Cases → Today (Ctrl+T),
the page's refreshes (on changes, NOTIFY, just after midnight), close, reopen and the handover PDF.

Mixed into the main window through :class:`~ctit_gui.ui.ward.store_actions.StoreCaseActions`. The page
and the worklist code are imported and built on first use, not at start-up: the page shows only
the ward store's cases, and the store opens after the window's first paint (issue 17).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox, QSizePolicy

from ... import i18n

if TYPE_CHECKING:
    from .today_view import TodayView


class TodayActions:
    """The window's side of the Today page (mixed into :class:`StoreCaseActions`)."""

    _today_view: TodayView | None = None

    def _create_today_view(self, menu) -> None:
        """The page stack and Cases → Today; the page itself is built when first needed
        (:attr:`today_view`): only the ward store fills it, and the store opens after the first paint."""
        from PySide6.QtWidgets import QStackedWidget

        case_page = self.takeCentralWidget()
        self.pages = QStackedWidget(self)
        self.pages.addWidget(case_page)
        self.setCentralWidget(self.pages)
        self.case_page = case_page
        self.today_action = QAction(self.tr("&Today: the ward's worklist"), self)
        self.today_action.setShortcut(QKeySequence("Ctrl+T"))
        self.today_action.setStatusTip(self.tr("Every open case with what it needs today; Enter opens one "
                                               "(Ctrl+T again returns to the case)"))
        self.today_action.triggered.connect(self.toggle_today)
        self.today_action.setEnabled(False)
        menu.insertAction(menu.actions()[0] if menu.actions() else None, self.today_action)
        self.midnight_timer = QTimer(self)
        self.midnight_timer.setSingleShot(True)
        self.midnight_timer.timeout.connect(self._midnight)

    @property
    def today_view(self) -> TodayView:
        """The Today page, built (and put in the page stack, hidden) on first use."""
        if self._today_view is None:
            from ..widgets.fields import frame_tables
            from .today_view import TodayView

            view = TodayView(self)
            view.set_trials(self.protocols)
            frame_tables(view)
            # the page takes the window's size and never widens it (a page built with the window, hidden, never
            # did: its hints were not asked again); the case page sets the window's minimum, as before
            view.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
            self.pages.addWidget(view)
            view.open_requested.connect(self.open_stored_case)
            view.refresh_requested.connect(self.refresh_today)
            view.close_requested.connect(self.close_stored_case)
            view.reopen_requested.connect(self.reopen_stored_case)
            view.handover_requested.connect(self.export_handover)
            self._today_view = view
        return self._today_view

    # --- the page ---------------------------------------------------------------------------
    @property
    def showing_today(self) -> bool:
        return self._today_view is not None and self.pages.currentWidget() is self._today_view

    def show_today(self) -> None:
        if not self.store_session.active:
            return
        self.refresh_today()
        self.pages.setCurrentWidget(self.today_view)
        if not self.case_list.isFloating():
            self.case_list.hide()
        self.today_view.focus_list()

    def show_case_page(self) -> None:
        self.pages.setCurrentWidget(self.case_page)

    def toggle_today(self) -> None:
        if self.showing_today and self.store_session.case_id is not None:
            self.show_case_page()
            self.calendar.setFocus()
        else:
            self.show_today()

    def refresh_today(self) -> None:
        session = self.store_session
        if not session.active or session.offline_since is not None:  # offline: keep what is shown
            return
        try:
            entries = session.store.ward_entries()
        except Exception as exc:  # noqa: BLE001 - the store's own error text, in the status bar
            messages = getattr(exc, "messages", [str(exc)])
            self.statusBar().showMessage(self.tr("The Today list could not be read: {why}").format(
                why="; ".join(messages)), 10000)
            return
        self.today_view.show_entries(entries, self.today(), self.protocols)
        self._arm_midnight()

    def _arm_midnight(self) -> None:
        """Refresh just after the next midnight (the ward's day changes: day N becomes N+1)."""
        now = datetime.now()
        midnight = datetime.combine(now.date() + timedelta(days=1), datetime.min.time())
        self.midnight_timer.start(int((midnight - now).total_seconds() * 1000) + 1000)

    def _midnight(self) -> None:
        self.refresh_today()

    def _today_after_attach(self) -> None:
        """The Today page is shown first when the store has open cases."""
        self.today_action.setEnabled(True)
        self.refresh_today()
        listed = self.today_view.listed
        if listed is not None and listed.items and self.store_session.case_id is None:
            self.pages.setCurrentWidget(self.today_view)
            self.case_list.hide()  # Ctrl+L brings it back to find any case, open or closed
            self.today_view.focus_list()  # Enter opens the most urgent case at once

    # --- close, reopen, handover ------------------------------------------------------------
    def close_stored_case(self, case_id: int) -> bool:
        session = self.store_session
        if not session.active:
            return False
        if session.case_id == case_id:
            session.flush()  # the window's own edits first, so the closure is based on them
        self.refresh_today()
        item = next((i for i in (self.today_view.listed.items if self.today_view.listed else ())
                     if i.key == case_id), None)
        if item is None:
            return False
        from .today_view import CloseCaseDialog

        dialog = CloseCaseDialog(item.patient_id, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return False
        reason, note = dialog.value()
        return self._closure_saved(case_id, lambda: session.store.close_case(case_id, reason, note,
                                                                             base_revision=item.revision))

    def reopen_stored_case(self, case_id: int | None = None) -> bool:
        session = self.store_session
        listed = self.today_view.listed
        if not session.active or listed is None or not listed.closed:
            return False
        closed = {c.key: c for c in listed.closed}
        if case_id is None:
            labels = [self.tr("{patient} — {trial} ({reason})").format(patient=c.patient_id, trial=c.trial,
                                                                      reason=c.reason_words) for c in listed.closed]
            label, ok = QInputDialog.getItem(self, self.tr("Reopen a closed case"),
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

        session = self.store_session
        try:
            write()
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Not saved"), "\n".join(exc.messages))
            self.refresh_today()
            return False
        if session.case_id == case_id:
            session.load(case_id)  # the window shows the new revision, so its next edit is not a conflict
        session.changed.emit()
        return True

    def export_handover(self) -> bool:
        from ...core.errors import InputError

        listed = self.today_view.listed
        if listed is None:
            return False
        path = self._ask_save_path(self.tr("Shift handover PDF"), f"handover-{listed.today.isoformat()}.pdf",
                                   self.tr("PDF files (*.pdf)"))
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
            QMessageBox.warning(self, self.tr("Cannot write the handover"), "\n".join(exc.messages))
            return False
        self.statusBar().showMessage(self.tr("Wrote the handover {file} (sha256 {digest})").format(
            file=str(path), digest=digest[:12]), 10000)
        return True
