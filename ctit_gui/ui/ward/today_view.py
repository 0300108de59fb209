"""The "Today" page: the ward's worklist, every open case with what it needs today, most urgent first.

A page of the main window (Cases → Today, Ctrl+T; the page shown first when the ward store has
open cases). Rows are :class:`~ctit_gui.core.worklist.WorkItem` from the core's
:func:`~ctit_gui.core.worklist.worklist` over the store's latest revisions: the same
assessment and ward status as the case's own window and sheet. The page re-reads the store
when a case changes in this window, when another workstation saves (NOTIFY on the shared
store), and just after midnight; a :class:`~ctit_gui.core.worklist.WorklistCache` keeps the
rows of cases that did not change. Enter (or double-click) opens the selected case; Close case…
(audited, with a reason) takes it off the list, Closed cases… reopens one; Handover PDF… writes
the shift handover sheet. The window's side (the page built when first needed, after the first
paint) is :class:`~ctit_gui.ui.ward.today_page.TodayPage` (``window.today_page``).
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.render import date_text
from ...core.worklist import Worklist, WorklistCache, worklist
from .case_list import CaseIdRole, CaseTable
from ..widgets.fields import Choice
from ..widgets.record_table import RecordTableModel
from ..translated import shown

COL_PATIENT, COL_TRIAL, COL_DAY, COL_TODAY, COL_NEXT, COL_ALERT, COL_COUNT = range(7)
COLUMNS = 7
HeadlineRole = Qt.ItemDataRole.UserRole + 10  # the row's headline key (rescue, check_overdue, …, problem)
#: Row shading by headline (the words are always in the cell too; colour is never the only sign).
URGENT_BACKGROUND = {"problem": "#ffe0b2", "rescue": "#ffcdd2", "check_overdue": "#ffcdd2", "grade4": "#ffcdd2",
                     "dose_review": "#fff3c4", "do_not_dose": "#ffcdd2", "check_due_today": "#fff3c4"}


class WorklistModel(RecordTableModel):
    """One row per open case (:class:`~ctit_gui.core.worklist.WorkItem`), read-only, in the core's order."""

    COLUMNS = COLUMNS

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Patient"), self.tr("Trial · arm"), self.tr("Day"), self.tr("Today's doses"),
                self.tr("Next PLT check"), self.tr("Most urgent"), self.tr("Last count"))

    def header_tips(self) -> dict[int, str]:
        return {COL_ALERT: self.tr("The case's ward status, most urgent first: RESCUE, CHECK OVERDUE, GRADE 4 "
                                   "COUNT, DOSE REVIEW, DO NOT DOSE, CHECK DUE TODAY, then the phase"),
                COL_TODAY: self.tr("Today's day of the plan: the doses, or why there is none")}

    @property
    def items(self) -> list:
        return self.records

    def row_of(self, case_id) -> int | None:
        return next((row for row, item in enumerate(self.records) if item.key == case_id), None)

    def set_items(self, items: list) -> None:
        """New rows; when the same cases stay in the same order only the changed rows are updated."""
        old = self.records
        if [i.key for i in old] == [i.key for i in items]:
            for row, (before, after) in enumerate(zip(old, items)):
                if before is not after:
                    self.records[row] = after
                    self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMNS - 1))
            return
        self.set_records(items)

    def cell(self, item, column: int) -> str:
        if column == COL_PATIENT:
            return item.patient_id
        if column == COL_TRIAL:
            return f"{item.trial}\n{item.arm_words}"
        if column == COL_DAY:
            return item.day_words
        if column == COL_TODAY:
            return item.today.words if item.evaluated else self.tr("unknown — do not dose from this list")
        if column == COL_NEXT:
            return item.next_check_shown
        if column == COL_ALERT:
            return item.alert_words
        return item.last_count_words

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        item, column = self.record_at(index), index.column()
        if item is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self.cell(item, column)
            if role == Qt.ItemDataRole.ToolTipRole and column == COL_ALERT and item.status is not None:
                return "\n".join([a.words + (f" — {a.text_in()}" if a.text else "") for a in item.status.alerts]
                                 or [item.status.phase_words])
            return text
        if role == CaseIdRole:
            return item.key
        if role == HeadlineRole:
            return item.headline_key
        if role == Qt.ItemDataRole.BackgroundRole and column in (COL_ALERT, COL_TODAY):
            shade = URGENT_BACKGROUND.get(item.headline_key)
            if column == COL_TODAY and item.today.dosable:
                return None
            return QBrush(QColor(shade)) if shade else None
        if role == Qt.ItemDataRole.FontRole and column in (COL_ALERT, COL_PATIENT):
            font = self.parent().font() if self.parent() is not None else None
            if font is not None:
                font.setBold(True)
                return font
        return None


class CloseCaseDialog(QDialog):
    """Why the case is closed: screen failure, withdrawn, course completed, or other (with a note)."""

    def __init__(self, patient: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Close case {patient}").format(patient=patient))
        self.reason = Choice(self)
        self.reason.setAccessibleName(self.tr("Why the case is closed"))
        for value, label in close_reasons(self):
            self.reason.addItem(label, value)
        self.reason.setCurrentIndex(-1)
        self.note = QLineEdit(self)
        self.note.setAccessibleName(self.tr("Note"))
        self.note.setMaxLength(500)
        self.note.setPlaceholderText(self.tr("required for Other"))
        form = QFormLayout()
        form.addRow(self.tr("&Reason"), self.reason)
        form.addRow(self.tr("&Note"), self.note)
        explain = QLabel(self.tr("The case leaves the Today list. This is recorded in the audit trail with the "
                                 "reason; Closed cases… reopens it."), self)
        explain.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel,
                                        self)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Close case"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(form)
        layout.addWidget(self.buttons)
        self.reason.currentIndexChanged.connect(self._check)
        self.note.textChanged.connect(self._check)
        self._check()

    def value(self) -> tuple[str | None, str | None]:
        return self.reason.currentData(), (self.note.text().strip() or None)

    def _check(self, *_args) -> None:
        reason, note = self.value()
        ok = reason is not None and (reason != "other" or note is not None)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)


def close_reasons(widget) -> list[tuple[str, str]]:
    return [("screen_failure", widget.tr("Screen failure")), ("withdrawn", widget.tr("Withdrawn")),
            ("course_completed", widget.tr("Course completed")), ("other", widget.tr("Other (with a note)"))]


class TodayView(QWidget):
    """The worklist page. ``open_requested(case_id)`` on Enter or double-click."""

    open_requested = Signal(int)
    refresh_requested = Signal()
    close_requested = Signal(int)
    reopen_requested = Signal()
    handover_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("today_view")
        self.setAccessibleName(self.tr("Today: the ward's worklist"))
        self.cache = WorklistCache()
        self.listed: Worklist | None = None
        self.model = WorklistModel(self)
        self._build()

    def _build(self) -> None:
        self.title = QLabel(self)
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.trial_filter = Choice(self)
        self.trial_filter.setAccessibleName(self.tr("Show the cases of this trial"))
        self.trial_filter.addItem(self.tr("All trials"), None)
        self.table = CaseTable(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Open cases today, most urgent first"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        for column in range(COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        for column, chars in ((COL_PATIENT, 15), (COL_TRIAL, 24), (COL_DAY, 12), (COL_NEXT, 20), (COL_COUNT, 13)):
            header.resizeSection(column, self.fontMetrics().averageCharWidth() * chars + 12)
        header.setSectionResizeMode(COL_TODAY, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ALERT, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.count_label = QLabel(self)
        self.open_button = QPushButton(self.tr("&Open case"), self)
        self.open_button.setToolTip(self.tr("Open the selected case (Enter or double-click)"))
        self.close_button = QPushButton(self.tr("Clos&e case…"), self)
        self.close_button.setToolTip(self.tr("Take the selected case off the list, with the reason (audited)"))
        self.reopen_button = QPushButton(self.tr("C&losed cases…"), self)
        self.reopen_button.setToolTip(self.tr("Reopen a closed case"))
        self.handover_button = QPushButton(self.tr("Han&dover PDF…"), self)
        self.handover_button.setToolTip(self.tr("The one-page shift handover with signature lines"))
        self.refresh_button = QPushButton(self.tr("&Update"), self)
        self.refresh_button.setToolTip(self.tr("Read the ward store again (F5)"))
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(QLabel(self.tr("&Trial:"), self, buddy=self.trial_filter))
        top.addWidget(self.trial_filter)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        shown = (self.refresh_button, self.handover_button, self.reopen_button, self.close_button, self.open_button)
        for button in shown:
            buttons.addWidget(button)
        # Tab as the page reads: the trial filter, the list, then the buttons from left to right
        for first, second in zip((self.trial_filter, self.table, *shown), (self.table, *shown)):
            QWidget.setTabOrder(first, second)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.refresh_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.table.activated_case.connect(self.open_requested)
        self.table.doubleClicked.connect(lambda index: self.open_requested.emit(index.data(CaseIdRole)))
        self.open_button.clicked.connect(self._open_selected)
        self.close_button.clicked.connect(self._close_selected)
        self.reopen_button.clicked.connect(self.reopen_requested)
        self.handover_button.clicked.connect(self.handover_requested)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.refresh_shortcut.activated.connect(self.refresh_requested)
        self.trial_filter.currentIndexChanged.connect(lambda _i: self.refresh_requested.emit())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self._update_buttons()

    # --- contents ------------------------------------------------------------------------
    @property
    def trial(self) -> str | None:
        return self.trial_filter.currentData()

    def set_trials(self, protocols: dict) -> None:
        for trial_id, loaded in sorted(protocols.items()):
            if self.trial_filter.findData(trial_id) < 0:
                self.trial_filter.addItem(f"{trial_id} — {shown(loaded.protocol.short_title)}", trial_id)

    def show_entries(self, entries, today: date, protocols: dict) -> Worklist:
        """Compute the worklist (rows of unchanged cases come from the cache) and show it."""
        selected = self.selected_case()
        self.listed = worklist(entries, today, protocols, trial=self.trial, cache=self.cache)
        self.model.set_items(list(self.listed.items))
        self.title.setText(self.tr("Today — {date}").format(date=date_text(today)))
        self._select(selected)
        self._show_count()
        return self.listed

    def selected_case(self):
        index = self.table.currentIndex()
        return index.data(CaseIdRole) if index.isValid() else None

    def selected_item(self):
        index = self.table.currentIndex()
        return self.model.record_at(self.model.index(index.row(), 0)) if index.isValid() else None

    def _select(self, case_id) -> None:
        row = self.model.row_of(case_id) if case_id is not None else None
        if row is None and self.model.rowCount() > 0:
            row = 0
        if row is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
        self._update_buttons()

    def _update_buttons(self) -> None:
        chosen = self.table.currentIndex().isValid()
        self.open_button.setEnabled(chosen)
        self.close_button.setEnabled(chosen)
        self.reopen_button.setEnabled(bool(self.listed and self.listed.closed))

    def _show_count(self) -> None:
        listed = self.listed
        open_count = len(listed.items) if listed else 0
        closed = len(listed.closed) if listed else 0
        if open_count == 0:
            text = self.tr("No open cases")
        else:
            urgent = sum(1 for i in listed.items if i.headline_key in URGENT_BACKGROUND)
            text = self.tr("{count} open case(s), {urgent} needing action today").format(count=open_count,
                                                                                    urgent=urgent)
        if closed:
            text += self.tr("; {closed} closed").format(closed=closed)
        self.count_label.setText(text)

    def _open_selected(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self.open_requested.emit(case_id)

    def _close_selected(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self.close_requested.emit(case_id)

    def focus_list(self) -> None:
        self._select(self.selected_case())
        self.table.setFocus()
