"""Eligibility: the overall verdict in words, colour and icon, and every criterion below it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..core.eligibility import Eligibility
from ..core.render import criterion_reason
from .criteria_model import (
    COL_ANSWER,
    COL_ID,
    COL_KIND,
    COL_REASON,
    COL_STATUS,
    AnswerWordsRole,
    AttestableRole,
    BlockingFilter,
    CriteriaModel,
)
from .fields import CellChoice
from .fitted import FittedColumns
from .icons import BACKGROUNDS, COLOURS, status_pixmap
from .rich_label import RichLabel
from .translated import escape, with_original_html


def commit_and_return(delegate: QStyledItemDelegate, editor: QWidget) -> None:
    """A value chosen in a cell's drop-down is committed, and the focus goes back to the table
    (a persistent editor stays open; an ordinary one closes)."""
    delegate.commitData.emit(editor)
    delegate.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
    view = delegate.parent()
    if isinstance(view, QTableView) and not view.hasFocus():
        view.setFocus(Qt.FocusReason.OtherFocusReason)


class AnswerDelegate(QStyledItemDelegate):
    """The yes / no / unknown control of an attested criterion (also used for bleeding risk)."""

    def __init__(self, parent: QObject | None = None, words: dict | None = None):
        super().__init__(parent)
        self.words = words

    def createEditor(self, parent, option, index):
        editor = CellChoice(parent)
        words = self.words or index.data(AnswerWordsRole) or {None: self.tr("unknown"), True: self.tr("yes"),
                                                               False: self.tr("no")}
        for value in (None, True, False):
            editor.addItem(words[value], value)
        row_name = index.siblingAtColumn(0).data() or ""
        editor.setAccessibleName(self.tr("Attest {row}").format(row=row_name) if self.words is None
                                 else self.tr("{row}").format(row=row_name))
        # Tab moves past the table (not through every row's control); Enter, F2 or a click focuses it.
        editor.setFocusPolicy(Qt.FocusPolicy.ClickFocus if self.words is None else Qt.FocusPolicy.StrongFocus)
        editor.chosen.connect(lambda e=editor: commit_and_return(self, e))
        return editor

    def setEditorData(self, editor, index):
        value = index.data(Qt.ItemDataRole.EditRole)
        for i in range(editor.count()):
            if editor.itemData(i) is value:
                if editor.currentIndex() != i:
                    editor.setCurrentIndex(i)
                return

    def setModelData(self, editor, model, index):
        model.setData(index, editor.currentData(), Qt.ItemDataRole.EditRole)


class VerdictBanner(QFrame):
    """Overall verdict: icon + word + colour, and what decides it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.icon = QLabel(self)
        self.word = RichLabel(self)  # painted once per new verdict, not twice
        self.word.setTextFormat(Qt.TextFormat.RichText)
        self.detail = QLabel(self)
        self.detail.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 3, 8, 3)
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        layout.addWidget(self.detail, 1)
        self.setAccessibleName(self.tr("Eligibility verdict"))
        self.kind: str | None = None
        self.plain_word = self.plain_detail = ""

    def show_verdict(self, kind: str, word: str, detail: str) -> None:
        """Only what changed is set again: a new style sheet re-polishes the whole banner."""
        if (kind, word, detail) == (self.kind, self.plain_word, self.plain_detail):
            return
        if kind != self.kind:
            self.icon.setPixmap(status_pixmap(kind, 28))
            self.setStyleSheet(f"VerdictBanner {{ background: {BACKGROUNDS[kind]}; "
                               f"border: 1px solid {COLOURS[kind]}; border-radius: 4px; }}"
                               "QLabel { color: black; }")
        self.kind, self.plain_word, self.plain_detail = kind, word, detail
        self.word.setText(f"<span style='font-size:15pt; font-weight:bold; color:{COLOURS[kind]}'>"
                          f"{escape(word)}</span>")
        self.detail.setText(detail)
        self.setAccessibleDescription(f"{word}. {detail}")

    def text(self) -> str:
        """What the banner says, in words: 'ELIGIBLE — NCT… · arm · …'."""
        return f"{self.plain_word} — {self.plain_detail}"


class EligibilityPanel(QGroupBox):
    answer_changed = Signal(str, object)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Eligibility"), parent)
        self.model = CriteriaModel(self)
        self.proxy = BlockingFilter(self)
        self.proxy.setSourceModel(self.model)
        self.verdict = VerdictBanner(self)
        self.verdict_kind = "unknown"
        self.blocking_only = QCheckBox(self.tr("Show only what is bloc&king"), self)
        self.blocking_only.setAccessibleName(self.tr("Show only the criteria that are blocking"))
        self.keys_hint = QLabel(self.tr("Attest: the drop-down, or Y / N / U on a row"), self)
        self.keys_hint.setStyleSheet("color: #546e7a;")
        self.keys_hint.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.proxy)
        self.table.setAccessibleName(self.tr("Eligibility criteria"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        probe = CellChoice()  # rows as tall as a drop-down needs, no taller: more criteria in view
        self.table.verticalHeader().setMinimumSectionSize(1)
        self.table.verticalHeader().setDefaultSectionSize(max(probe.minimumSizeHint().height(),
                                                              self.fontMetrics().height() + 6))
        probe.deleteLater()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.delegate = AnswerDelegate(self.table)
        self.table.setItemDelegateForColumn(COL_ANSWER, self.delegate)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(COL_ANSWER, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        #: Id, kind and status as wide as their widest cell, measured only when one shows something
        #: new (a verdict flip changes a status word, not every column of every row; issue 17).
        self.fitted = FittedColumns(self.table, (COL_ID, COL_KIND, COL_STATUS))
        header.resizeSection(COL_ANSWER, self.fontMetrics().horizontalAdvance(self.tr("yes — present")) + 56)
        self.detail = QTextBrowser(self)
        self.detail.setAccessibleName(self.tr("Registry text of the selected criterion"))
        self.detail.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.detail.setMaximumHeight(self.fontMetrics().lineSpacing() * 3 + 10)
        self.detail.setPlaceholderText(self.tr("Select a criterion to read its registry text."))

        top = QHBoxLayout()
        top.addWidget(self.blocking_only)
        top.addWidget(self.keys_hint, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        self._connect_signals()
        self.show_eligibility(None, {}, None)

    def _connect_signals(self) -> None:
        self.blocking_only.toggled.connect(self.proxy.set_blocking_only)
        self.model.answer_changed.connect(self.answer_changed)
        for signal in (self.proxy.modelReset, self.proxy.rowsInserted, self.proxy.layoutChanged):
            signal.connect(self._open_editors)
        self.proxy.dataChanged.connect(self._rows_changed)
        self.proxy.rowsRemoved.connect(self._update_filter_label)
        self.proxy.rowsInserted.connect(self._update_filter_label)
        self.proxy.modelReset.connect(self._update_filter_label)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        # the registry pane follows every change of the selected row, and empties with the table
        for signal in (self.proxy.modelReset, self.proxy.dataChanged, self.proxy.layoutChanged,
                       self.proxy.rowsRemoved, self.proxy.rowsInserted):
            signal.connect(self._refresh_detail)
        self.table.installEventFilter(self)

    def focus_order(self) -> list[QWidget]:
        return [self.blocking_only, self.table]

    def compact_height(self) -> int:
        """Enough for the verdict, the filter line, the header and one criterion."""
        layout = self.layout()
        margins = layout.contentsMargins()
        rows = self.table.verticalHeader().defaultSectionSize() * 1 + self.table.horizontalHeader().height() + 6
        return (self.verdict.sizeHint().height() + self.blocking_only.sizeHint().height() + rows
                + (self.detail.maximumHeight() if self.detail.isVisibleTo(self) else 0) + margins.top() + margins.bottom() + layout.spacing() * 3 + 24)

    # --- content ---------------------------------------------------------------------------
    def show_eligibility(self, eligibility: Eligibility | None, answers: dict, why_none: str | None,
                         arm_label: str = "") -> None:
        self.model.set_eligibility(eligibility, answers)
        if eligibility is None:
            self.verdict_kind = "unknown"
            self.verdict.show_verdict("unknown", self.tr("INCOMPLETE"),
                                      why_none or self.tr("Choose the trial and arm to see their criteria."))
        else:
            blocking = len(eligibility.blocking)
            kind, word = {
                "eligible": ("ok", self.tr("ELIGIBLE")),
                "not_eligible": ("fail", self.tr("NOT ELIGIBLE")),
                "incomplete": ("unknown", self.tr("INCOMPLETE")),
            }[eligibility.verdict]
            failing = [c.id for c in eligibility.criteria if c.excludes]
            unknown = [c.id for c in eligibility.criteria if c.blocking and c.holds is None]
            parts = [f"{eligibility.trial} · {arm_label or eligibility.arm}"]
            if failing:
                parts.append(self.tr("excluded by {ids}").format(ids=", ".join(failing)))
            if unknown:
                parts.append(self.tr("{count} still unknown: {ids}").format(count=len(unknown), ids=", ".join(unknown)))
            if not blocking:
                parts.append(self.tr("all {count} criteria satisfied").format(
                    count=sum(1 for c in eligibility.criteria if c.kind != "note")))
            self.verdict_kind = kind
            self.verdict.show_verdict(kind, word, " · ".join(parts))
        self._update_filter_label()  # the editors follow the model's signals (reset, rows changed)

    def _update_filter_label(self, *_args) -> None:
        count = sum(1 for row in range(self.model.rowCount()) if self.model.result(row).blocking)
        self.blocking_only.setText(self.tr("Show only what is bloc&king ({count})").format(count=count))

    def _open_editors(self, *_args) -> None:
        self._open_editors_of_rows(0, self.proxy.rowCount() - 1)

    def _rows_changed(self, first: QModelIndex, last: QModelIndex, _roles=()) -> None:
        self._open_editors_of_rows(first.row(), last.row())

    def _open_editors_of_rows(self, first: int, last: int) -> None:
        """The attestation control of every attestable row stays open; of no other row."""
        for row in range(first, last + 1):
            index = self.proxy.index(row, COL_ANSWER)
            if index.data(AttestableRole):
                if not self.table.isPersistentEditorOpen(index):
                    self.table.openPersistentEditor(index)
            elif self.table.isPersistentEditorOpen(index):
                self.table.closePersistentEditor(index)

    def _refresh_detail(self, *_args) -> None:
        self._show_detail(self.table.currentIndex())

    def _show_detail(self, current: QModelIndex, _previous: QModelIndex = QModelIndex()) -> None:
        if not current.isValid():
            self.detail.clear()
            return
        result = self.model.result(self.proxy.mapToSource(current).row())
        html = (f"<b>{escape(result.id)}</b> ({escape(self.model.kind_word(result.kind))}) — "
                f"<b>{escape(self.model.status_word(result))}</b>: {escape(criterion_reason(result))}<br>"
                + self.tr("<i>Registry:</i> {text}").format(text=with_original_html(result.text)))
        if result.comment:
            html += "<br>" + self.tr("<i>Note:</i> {text}").format(text=with_original_html(result.comment))
        self.detail.setHtml(html)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Keyboard use of the table: Y / N / U attests the current row; F2, Enter or Space
        moves into the row's drop-down."""
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier \
            if event.type() == QEvent.Type.KeyPress else False
        if watched is self.table and plain and self.table.currentIndex().isValid():
            index = self.table.currentIndex().siblingAtColumn(COL_ANSWER)
            values = {Qt.Key.Key_Y: True, Qt.Key.Key_N: False, Qt.Key.Key_U: None}
            if index.data(AttestableRole) and event.key() in values:
                self.proxy.setData(index, values[event.key()], Qt.ItemDataRole.EditRole)
                return True
            if index.data(AttestableRole) and event.key() in (Qt.Key.Key_F2, Qt.Key.Key_Return, Qt.Key.Key_Enter,
                                                               Qt.Key.Key_Space):
                editor = self.table.indexWidget(index)
                if editor is not None:
                    editor.setFocus(Qt.FocusReason.OtherFocusReason)
                    editor.showPopup()  # the choice is made in the list: Enter commits, Escape keeps
                    return True
        return super().eventFilter(watched, event)

    def attest(self, criterion_id: str, value: bool | None) -> bool:
        """Set an answer through the model (as the in-table control does)."""
        row = self.model.row_of(criterion_id)
        return row >= 0 and self.model.setData(self.model.index(row, COL_ANSWER), value)

    def visible_ids(self) -> list[str]:
        return [self.proxy.index(r, COL_ID).data() for r in range(self.proxy.rowCount())]
