"""The ward's case list: a dock with every case in the store, searchable, opened by double-click or Enter.

Rows come from :meth:`CaseStore.list_cases` (:class:`~ctit_gui.store.CaseSummary`); the status
("on treatment day 5", "stopped on day 7" …) is what the store derived from the case through the
core's plan, never typed. :class:`CaseListModel` holds the rows, :class:`CaseFilter` searches them
(patient id, trial, arm, status; last changed), :class:`CaseListDock` shows them.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Callable

from PySide6.QtCore import QCoreApplication, QModelIndex, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from .conflict_dialog import why_words
from ..widgets.fields import Choice
from ..translated import shown, with_original
from ..widgets.record_table import RecordTableModel

COL_PATIENT, COL_TRIAL, COL_ARM, COL_ALERT, COL_VERDICT, COL_NEXT, COL_STATUS, COL_CHANGED, COL_BY = range(9)
COLUMNS = 9

CaseIdRole = Qt.ItemDataRole.UserRole + 1  # the store's case id (int), every column
SortRole = Qt.ItemDataRole.UserRole + 2  # what a column sorts by
SearchRole = Qt.ItemDataRole.UserRole + 3  # lower-case words the search matches (column 0)
StatusKindRole = Qt.ItemDataRole.UserRole + 4  # screening | on_treatment | stopped | completed | unknown
ChangedRole = Qt.ItemDataRole.UserRole + 5  # when the case last changed (aware datetime, UTC)

#: Sorting by status: the order a ward round reads them in.
STATUS_ORDER = ("on_treatment", "screening", "stopped", "completed", "unknown")


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseList", text)


def status_words(status) -> str:
    """The store's derived status in the reader's language (``status.kind`` and ``status.day``)."""
    if status.kind == "on_treatment":
        return _tr("on treatment day {day}").format(day=status.day)
    if status.kind == "stopped":
        return _tr("stopped on day {day}").format(day=status.day)
    words = {"screening": _tr("screening"), "completed": _tr("completed"),
             "unknown": _tr("status unknown (trial or arm not loaded)")}
    return words.get(status.kind, status.text)


def status_kinds() -> list[tuple[str, str]]:
    """(kind, label) for the status filter."""
    return [("screening", _tr("Screening")), ("on_treatment", _tr("On treatment")), ("stopped", _tr("Stopped")),
            ("completed", _tr("Completed")), ("unknown", _tr("Status unknown"))]


def _local(moment: datetime) -> str:
    return f"{moment.astimezone():%Y-%m-%d %H:%M}"


class CaseListModel(RecordTableModel):
    """One row per stored case (:class:`~ctit_gui.store.CaseSummary`), read-only."""

    COLUMNS = COLUMNS

    def __init__(self, protocols: dict | None = None, parent=None):
        super().__init__(parent)
        self.protocols = protocols or {}
        #: The core's ward status of each case today (case id → WardStatus), computed by the window.
        self.ward: dict = {}

    def set_ward(self, ward: dict) -> None:
        self.ward = dict(ward)

    @property
    def cases(self) -> list:
        return self.records

    def set_cases(self, cases: list) -> None:
        self.set_records(cases)

    def row_of(self, case_id: int) -> int | None:
        return next((row for row, case in enumerate(self.cases) if case.case_id == case_id), None)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("Patient"), self.tr("Trial"), self.tr("Arm"), self.tr("Most urgent"), self.tr("Verdict"),
                self.tr("Next checkpoint"), self.tr("Status"), self.tr("Last changed"), self.tr("By"))

    def header_tips(self) -> dict[int, str]:
        return {COL_CHANGED: self.tr("Local time of the last saved change"),
                COL_ALERT: self.tr("The most urgent alert today (RESCUE, CHECK OVERDUE, GRADE 4 COUNT, DOSE REVIEW, "
                                   "DO NOT DOSE, CHECK DUE TODAY), else the phase"),
                COL_VERDICT: self.tr("Eligibility verdict"),
                COL_NEXT: self.tr("The next platelet checkpoint without a count: date, due today, or overdue")}

    def alert_words(self, ward) -> str:
        if ward is None:
            return self.tr("status unknown")
        return ward.alerts[0].words if ward.alerts else ward.phase_words

    def verdict_words(self, ward) -> str:
        if ward is None:
            return ""
        return {"eligible": self.tr("ELIGIBLE"), "not_eligible": self.tr("NOT ELIGIBLE"),
                "incomplete": self.tr("INCOMPLETE")}.get(ward.verdict, ward.verdict)

    def next_words(self, ward) -> str:
        return ward.next_check.words if ward is not None and ward.next_check is not None else ""

    def _arm_label(self, case) -> str:
        loaded = self.protocols.get(case.trial)
        arm = loaded.protocol.arm(case.arm) if loaded else None
        return shown(arm.label) if arm else case.arm

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        case, column = self.record_at(index), index.column()
        if case is None:
            return None
        ward = self.ward.get(case.case_id)
        if role == Qt.ItemDataRole.DisplayRole:
            return (case.patient_id, case.trial, self._arm_label(case), self.alert_words(ward),
                    self.verdict_words(ward), self.next_words(ward), status_words(case.status),
                    _local(case.changed_at), case.changed_by)[column]
        if role == Qt.ItemDataRole.ForegroundRole and column == COL_ALERT and ward is not None and ward.alerts:
            from PySide6.QtGui import QBrush, QColor

            from ..widgets.icons import COLOURS

            return QBrush(QColor(COLOURS["fail" if ward.alerts[0].kind in ("rescue", "grade4", "do_not_dose")
                                         else "warning"]))
        if role == CaseIdRole:
            return case.case_id
        if role == StatusKindRole:
            return case.status.kind
        if role == ChangedRole:
            return case.changed_at
        if role == SortRole:
            if column == COL_STATUS:
                kind = case.status.kind
                return STATUS_ORDER.index(kind) * 1000 + (case.status.day or 0) if kind in STATUS_ORDER else 9999
            if column == COL_CHANGED:
                return case.changed_at.timestamp()
            if column == COL_ALERT:  # most urgent first; unknown last
                if ward is None:
                    return 10 ** 6
                first, phase = ward.urgency
                return first * 10000 + phase * 100 + ((ward.alerts[0].day or 0) if ward.alerts else 0)
            if column == COL_NEXT:  # the most overdue first; none last
                check = ward.next_check if ward is not None else None
                return 10 ** 6 if check is None or check.days_from_today is None else check.days_from_today
            return self.data(index).casefold()
        if role == SearchRole:
            loaded = self.protocols.get(case.trial)
            words = (case.patient_id, case.trial, case.arm, self._arm_label(case), status_words(case.status),
                     case.status.text, loaded.protocol.short_title if loaded else "", self.alert_words(ward),
                     self.verdict_words(ward), shown(loaded.protocol.short_title) if loaded else "")
            return " ".join(words).casefold()
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_ARM:
                return self.tr("{label} (arm {arm})").format(label=self._arm_label(case), arm=case.arm)
            if column == COL_TRIAL:
                loaded = self.protocols.get(case.trial)
                return with_original(loaded.protocol.short_title) if loaded else None
            if column in (COL_CHANGED, COL_BY):
                return self.tr("Revision {revision}, saved by {who} at {when} ({why}); case {case_id} created by "
                               "{creator}").format(revision=case.revision, who=case.changed_by,
                                                   when=_local(case.changed_at), why=why_words(case.why), case_id=case.case_id,
                                                   creator=case.created_by)
            if column == COL_STATUS:
                return self.tr("Derived from the case by the trial's plan (day 1, stop rule, treatment days)")
            if column == COL_ALERT and ward is not None:
                return "\n".join(f"{a.words}: {a.text_in()}" if a.text else a.words for a in ward.alerts) or \
                    ward.phase_words
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_CHANGED,):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class CaseFilter(QSortFilterProxyModel):
    """Search words (all must match patient id, trial, arm or status), a status, and how recently changed."""

    def __init__(self, parent=None, now: Callable[[], datetime] | None = None):
        super().__init__(parent)
        self._words: list[str] = []
        self._status: str | None = None
        self._within: timedelta | None = None
        self._now = now or (lambda: datetime.now(timezone.utc))
        self.setSortRole(SortRole)
        self.setDynamicSortFilter(True)

    def set_search(self, text: str) -> None:
        self.beginFilterChange()
        self._words = text.casefold().split()
        self.endFilterChange()

    def set_status(self, kind: str | None) -> None:
        self.beginFilterChange()
        self._status = kind or None
        self.endFilterChange()

    def set_changed_within(self, within: timedelta | None) -> None:
        self.beginFilterChange()
        self._within = within
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        model = self.sourceModel()
        index = model.index(source_row, 0, source_parent)
        if self._status and model.data(index, StatusKindRole) != self._status:
            return False
        if self._within is not None and model.data(index, ChangedRole) < self._now() - self._within:
            return False
        text = model.data(index, SearchRole) or ""
        return all(word in text for word in self._words)


class CaseTable(QTableView):
    """The list's table: Enter or Return opens the selected case (as does a double-click)."""

    activated_case = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.activated_case.emit(self.currentIndex().data(CaseIdRole))
            return
        super().keyPressEvent(event)


class _SearchField(QLineEdit):
    """Down moves into the table; Enter opens the selected (or only) case."""

    down = Signal()
    enter = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Down:
            self.down.emit()
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter.emit()
            return
        super().keyPressEvent(event)


class CaseListDock(QDockWidget):
    """Every case in the ward store. ``open_requested(case_id)`` on double-click or Enter."""

    open_requested = Signal(int)
    refresh_requested = Signal()

    def __init__(self, protocols: dict, parent: QWidget | None = None):
        super().__init__(self.tr("Ward cases"), parent)
        self.setObjectName("case_list_dock")
        self.setAccessibleName(self.tr("Ward case list"))
        self.model = CaseListModel(protocols, self)
        self.proxy = CaseFilter(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._connect_signals()

    def _build(self) -> None:
        body = QWidget(self)
        self.search = _SearchField(body)
        self.search.setPlaceholderText(self.tr("Search: patient id, trial, arm or status"))
        self.search.setAccessibleName(self.tr("Search the ward cases"))
        self.search.setClearButtonEnabled(True)
        self.status_filter = Choice(body)
        self.status_filter.setAccessibleName(self.tr("Show cases with this status"))
        self.status_filter.addItem(self.tr("Any status"), "")
        for kind, label in status_kinds():
            self.status_filter.addItem(label, kind)
        self.changed_filter = Choice(body)
        self.changed_filter.setAccessibleName(self.tr("Show cases changed within"))
        for label, days in ((self.tr("Changed any time"), None), (self.tr("Changed in the last 24 hours"), 1),
                            (self.tr("Changed in the last 7 days"), 7), (self.tr("Changed in the last 30 days"), 30)):
            self.changed_filter.addItem(label, days)
        self.table = CaseTable(body)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Cases in the ward store"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_ALERT, Qt.SortOrder.AscendingOrder)  # most urgent first
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        for column in range(COLUMNS):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_ARM, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel(body)
        self.refresh_button = QPushButton(self.tr("&Update list"), body)
        self.refresh_button.setToolTip(self.tr("Read the list again from the ward store (F5)"))
        self.open_button = QPushButton(self.tr("&Open case"), body)
        self.open_button.setToolTip(self.tr("Open the selected case (Enter or double-click)"))
        self.open_button.setEnabled(False)
        filters = QHBoxLayout()
        filters.addWidget(self.search, 3)
        filters.addWidget(self.status_filter, 1)
        filters.addWidget(self.changed_filter, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.refresh_button)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 2, 4, 4)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setWidget(body)
        self.setFocusProxy(self.search)
        QWidget.setTabOrder(self.search, self.status_filter)
        QWidget.setTabOrder(self.status_filter, self.changed_filter)
        QWidget.setTabOrder(self.changed_filter, self.table)
        QWidget.setTabOrder(self.table, self.refresh_button)
        QWidget.setTabOrder(self.refresh_button, self.open_button)
        self.refresh_shortcut = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), body)
        self.refresh_shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self._show_count()

    def _connect_signals(self) -> None:
        self.search.textChanged.connect(self._search_changed)
        self.search.down.connect(self._into_table)
        self.search.enter.connect(self._open_from_search)
        self.status_filter.currentIndexChanged.connect(
            lambda _i: self._filters_changed(lambda: self.proxy.set_status(self.status_filter.currentData())))
        self.changed_filter.currentIndexChanged.connect(lambda _i: self._filters_changed(self._apply_changed))
        self.table.activated_case.connect(self.open_requested)
        self.table.doubleClicked.connect(lambda index: self.open_requested.emit(index.data(CaseIdRole)))
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        self.open_button.clicked.connect(self._open_selected)
        self.refresh_button.clicked.connect(self.refresh_requested)
        self.refresh_shortcut.activated.connect(self.refresh_requested)
        self.proxy.rowsInserted.connect(self._show_count)
        self.proxy.rowsRemoved.connect(self._show_count)
        self.proxy.modelReset.connect(self._show_count)
        self.proxy.layoutChanged.connect(self._show_count)

    def _apply_changed(self) -> None:
        days = self.changed_filter.currentData()
        self.proxy.set_changed_within(None if days is None else timedelta(days=days))

    def _filters_changed(self, apply) -> None:
        apply()
        self._keep_a_selection()

    def _search_changed(self, text: str) -> None:
        self.proxy.set_search(text)
        self._keep_a_selection()

    # --- contents ------------------------------------------------------------------------
    def show_cases(self, cases: list, ward: dict | None = None) -> None:
        """Replace the rows (after a save or a refresh), keeping the selected case selected;
        ``ward``: each case's ward status today (case id → :class:`~ctit_gui.core.ward_status.WardStatus`)."""
        selected = self.selected_case()
        self.model.set_ward(ward or {})
        self.model.set_cases(cases)
        self._select(selected)
        self._show_count()

    def selected_case(self) -> int | None:
        index = self.table.currentIndex()
        return index.data(CaseIdRole) if index.isValid() else None

    def _select(self, case_id: int | None) -> None:
        row = self.model.row_of(case_id) if case_id is not None else None
        if row is None:
            self._keep_a_selection()
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid():
            self.table.setCurrentIndex(index)
        else:
            self._keep_a_selection()

    def _keep_a_selection(self) -> None:
        """Something is always selected when a row is shown, so Enter has a case to open."""
        if not self.table.currentIndex().isValid() and self.proxy.rowCount() > 0:
            self.table.setCurrentIndex(self.proxy.index(0, 0))
        self._update_buttons()
        self._show_count()

    def _update_buttons(self) -> None:
        self.open_button.setEnabled(self.table.currentIndex().isValid())

    def _show_count(self, *_args) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if total == 0:
            text = self.tr("No cases in the ward store yet")
        elif shown == total:
            text = self.tr("{count} case(s)").format(count=total)
        else:
            text = self.tr("{shown} of {count} case(s) match").format(shown=shown, count=total)
        self.count_label.setText(text)

    # --- opening -------------------------------------------------------------------------
    def _into_table(self) -> None:
        self._keep_a_selection()
        self.table.setFocus()

    def _open_selected(self) -> None:
        case_id = self.selected_case()
        if case_id is not None:
            self.open_requested.emit(case_id)

    def _open_from_search(self) -> None:
        self._keep_a_selection()
        self._open_selected()

    def focus_search(self) -> None:
        self.show()
        self.raise_()
        self.search.setFocus()
        self.search.selectAll()
