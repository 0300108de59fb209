"""Eligibility: the overall verdict in words, colour and icon, and every criterion below it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QImage, QRegion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStyledItemDelegate,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ...core.eligibility import Eligibility
from ...core.render import criterion_reason, id_list
from ..translated import escape, with_original_html
from ..widgets.fields import CellChoice, text_colour
from ..widgets.fitted import FittedColumns
from ..widgets.icons import COLOURS, status_pixmap
from ..widgets.kept_sizes import SizedLabel, TitledBox
from ..widgets.kind_boxes import KindBoxes
from ..widgets.rich_label import RichLabel
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


#: Set on a cell's drop-down while the value the clinician chose in it is being committed.
CHOSEN = "ctit_chosen"


def commit_and_return(delegate: QStyledItemDelegate, editor: QWidget) -> None:
    """A value chosen in a cell's drop-down is committed, and the focus goes back to the table
    (a persistent editor stays open; an ordinary one closes)."""
    editor.setProperty(CHOSEN, True)
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


class _AnswerLook(QComboBox):
    """Paints a closed drop-down showing one word: how an attestation cell looks until it is edited.
    It never holds items (so Qt builds no list for it) and is never shown."""

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.hide()
        self.word = ""

    def initStyleOption(self, option) -> None:
        super().initStyleOption(option)
        option.currentText = self.word


class CriterionAnswerDelegate(AnswerDelegate):
    """The criteria table's yes / no / unknown cell. Each attestable cell is painted as the closed
    drop-down it opens (the same pixels as that drop-down's own paint); the real drop-down exists
    only while the clinician edits the cell (issue 17: fourteen drop-downs, each with its list,
    130 widgets, ~0.5 MiB of a shown case). Only an answer chosen in the list is written
    (``chosen``): closing the drop-down any other way (Escape, Tab, a click elsewhere) never
    changes an answer, nor writes back the one it opened with."""

    def __init__(self, view: QTableView):
        super().__init__(view)
        self.look = _AnswerLook(view.viewport())

    def setModelData(self, editor, model, index):
        if editor.property(CHOSEN):
            editor.setProperty(CHOSEN, False)
            super().setModelData(editor, model, index)

    def paint(self, painter, option, index):
        super().paint(painter, option, index)  # what lay under the open drop-down: the cell's own look
        view = self.parent()
        if not index.data(AttestableRole) or view.indexWidget(index) is not None:
            return  # (a drop-down being edited paints itself)
        look = self.look
        self.updateEditorGeometry(look, option, index)
        look.word = index.data(Qt.ItemDataRole.DisplayRole) or ""
        viewport = view.viewport()  # (not option.state: that builds QStyle's enums, ~1 MiB)
        under_mouse = viewport.underMouse() and view.indexAt(viewport.mapFromGlobal(QCursor.pos())) == index
        look.setAttribute(Qt.WidgetAttribute.WA_UnderMouse, under_mouse)
        # drawn into an image first: a widget rendered straight into the view's painter lands a few
        # pixels off when the table or its viewport (not the window) is grabbed
        geometry = look.geometry()
        image = QImage(geometry.size() * painter.device().devicePixelRatio(), QImage.Format.Format_ARGB32_Premultiplied)
        image.setDevicePixelRatio(painter.device().devicePixelRatio())
        image.fill(0)
        look.render(image, QPoint(), QRegion(), QWidget.RenderFlag.DrawChildren)
        painter.drawImage(geometry.topLeft(), image)

    def eventFilter(self, editor, event):
        """In the open drop-down, Enter and F2 open its list (as Space does), as they did in the
        drop-down that was always there; Tab, Escape and the rest as any cell editor."""
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, QComboBox):
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2) and not event.modifiers() & ~(
                    Qt.KeyboardModifier.KeypadModifier):
                editor.showPopup()
                return True
        return super().eventFilter(editor, event)


class VerdictBanner(QFrame):
    """Overall verdict: icon + word + colour, and what decides it.

    Its coloured box is one of :class:`KindBoxes`, behind the icon and the words (the box's rounded
    corners let what is under them show: the group box, as before). A style sheet on the banner itself
    re-polished the banner and its three labels at every flip of the verdict (~0.3 ms, and the
    labels' words laid out again; issue 17), and left the verdict word to QLabel (its colours were
    the style sheet's). The labels are black by their palette, as the sheet's ``QLabel { color:
    black; }`` made them; the margins add the box's 1 px border to the 8/3 px inside it, so every
    pixel is where the style-sheet banner put it."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.layer = QWidget(self)  # the boxes, under the words (made first)
        self.layer.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        #: As the banner's own style sheet drew its box: a styled panel over its auto-filled background.
        self.kind_boxes = KindBoxes(self.layer, "verdictBox", radius=4, panel=True)
        self.icon = QLabel(self)
        self.word = RichLabel(self)  # painted once per new verdict, not twice
        self.word.setTextFormat(Qt.TextFormat.RichText)
        self.detail = SizedLabel(self)  # its words come back with the verdict: sizes measured once
        self.detail.setWordWrap(True)
        for label in (self.icon, self.word, self.detail):
            text_colour(label, "black")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(9, 4, 9, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.word)
        layout.addWidget(self.detail, 1)
        self.setAccessibleName(self.tr("Eligibility verdict"))
        self.kind: str | None = None
        self.plain_word = self.plain_detail = ""

    def resizeEvent(self, event) -> None:
        self.layer.setGeometry(self.rect())
        self.kind_boxes.place(self.rect())
        super().resizeEvent(event)

    def show_verdict(self, kind: str, word: str, detail: str) -> None:
        """Only what changed is set again; a new kind brings its own box, the one shown before folds."""
        if (kind, word, detail) == (self.kind, self.plain_word, self.plain_detail):
            return
        if kind != self.kind:
            self.icon.setPixmap(status_pixmap(kind, 28))
            self.kind_boxes.show(kind, self.rect())
        self.kind, self.plain_word, self.plain_detail = kind, word, detail
        self.word.setText(f"<span style='font-size:15pt; font-weight:bold; color:{COLOURS[kind]}'>"
                          f"{escape(word)}</span>")
        self.detail.setText(detail)
        self.setAccessibleDescription(f"{word}. {detail}")

    def text(self) -> str:
        """What the banner says, in words: 'ELIGIBLE — NCT… · arm · …'."""
        return f"{self.plain_word} — {self.plain_detail}"


class EligibilityPanel(TitledBox):
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
        text_colour(self.keys_hint, "#546e7a")
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
        self.delegate = CriterionAnswerDelegate(self.table)
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
        self.proxy.rowsRemoved.connect(self._update_filter_label)
        self.proxy.rowsInserted.connect(self._update_filter_label)
        self.proxy.modelReset.connect(self._update_filter_label)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        # the registry pane follows every change of the selected row, and empties with the table
        for signal in (self.proxy.modelReset, self.proxy.dataChanged, self.proxy.layoutChanged,
                       self.proxy.rowsRemoved, self.proxy.rowsInserted):
            signal.connect(self._refresh_detail)
        self.table.installEventFilter(self)
        self._answer_pressed = False
        # the view repaints the row under the pointer, so an answer shows the hover look of its drop-down
        self._viewport = self.table.viewport()
        self._viewport.setAttribute(Qt.WidgetAttribute.WA_Hover)
        #: Where the focus was before a click in the table took it (only while that click is handled).
        self._focus_before_click: QWidget | None = None
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self._viewport.installEventFilter(self)

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
                parts.append(self.tr("excluded by {ids}").format(ids=id_list(failing)))
            if unknown:
                parts.append(self.tr("{count} still unknown: {ids}").format(count=len(unknown), ids=id_list(unknown)))
            if not blocking:
                parts.append(self.tr("all {count} criteria satisfied").format(
                    count=sum(1 for c in eligibility.criteria if c.kind != "note")))
            self.verdict_kind = kind
            self.verdict.show_verdict(kind, word, " · ".join(parts))
        self._update_filter_label()

    def _update_filter_label(self, *_args) -> None:
        count = sum(1 for row in range(self.model.rowCount()) if self.model.result(row).blocking)
        self.blocking_only.setText(self.tr("Show only what is bloc&king ({count})").format(count=count))

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
        opens the row's drop-down and its list. A click on an answer opens its drop-down's list."""
        if watched is self._viewport:
            kind = event.type()
            if kind in (QEvent.Type.MouseButtonPress, QEvent.Type.MouseButtonDblClick) \
                    and event.button() == Qt.MouseButton.LeftButton:
                index = self.table.indexAt(event.position().toPoint())
                if index.column() == COL_ANSWER and index.data(AttestableRole):
                    self._answer_pressed = True
                    self.open_answer(index, popup=True)
                    return True
            elif kind == QEvent.Type.MouseButtonRelease and self._answer_pressed:
                self._answer_pressed = False  # the press opened a list: its release selects nothing in the table
                return True
            return False
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
                self.open_answer(index, popup=True)  # the choice is made in the list: Enter commits, Escape keeps
                return True
        return super().eventFilter(watched, event)

    def _focus_moved(self, old: QWidget | None, now: QWidget | None) -> None:
        if now is self.table and QApplication.mouseButtons() != Qt.MouseButton.NoButton:
            self._focus_before_click = old  # a click gave the table the focus: the press comes next
            QTimer.singleShot(0, self._forget_click_focus)

    def _forget_click_focus(self) -> None:
        self._focus_before_click = None

    def open_answer(self, index: QModelIndex, popup: bool = False) -> QComboBox | None:
        """The drop-down of an attestable row's answer, focused (and its list open with ``popup``),
        as a click on the answer or F2 / Enter / Space on the row opens it. With the table focused
        (or a drop-down in it) the row becomes the current one, as it did when its always-open
        drop-down took the focus."""
        index = index.siblingAtColumn(COL_ANSWER)
        if not index.data(AttestableRole):
            return None
        table = self.table
        editor = table.indexWidget(index)
        if editor is None:
            focus = QApplication.focusWidget()
            if focus is table and self._focus_before_click is not None:
                focus = self._focus_before_click  # the click that opens this drop-down focused the table
            table_focused = focus is not None and (focus is table or table.isAncestorOf(focus))
            for other in table.viewport().findChildren(CellChoice):
                if other.isVisible():  # another row's drop-down still open: closed, its answer as it was
                    self.delegate.closeEditor.emit(other, QStyledItemDelegate.EndEditHint.NoHint)
            if table_focused:
                table.setCurrentIndex(index)  # opens the drop-down (the table edits on a current change)
            if table.indexWidget(index) is None:
                table.edit(index)
            editor = table.indexWidget(index)
        if editor is None:
            return None
        editor.setFocus(Qt.FocusReason.OtherFocusReason)
        if popup:
            editor.showPopup()
        return editor

    def attest(self, criterion_id: str, value: bool | None) -> bool:
        """Set an answer through the model (as the in-table control does)."""
        row = self.model.row_of(criterion_id)
        return row >= 0 and self.model.setData(self.model.index(row, COL_ANSWER), value)

    def visible_ids(self) -> list[str]:
        return [self.proxy.index(r, COL_ID).data() for r in range(self.proxy.rowCount())]
