"""Small input widgets shared by the panels: a date with a "not set" state, a choice with
"not set", and the message shown next to a field the core refused."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .icons import COLOURS

#: The earliest date the date fields show; it stands for "not set" and is never a real entry.
_NOT_SET = QDate(1900, 1, 1)


class DateField(QWidget):
    """A QDateEdit with a calendar popup that can also be "not set", plus a clear button.

    ``dateChanged`` carries a :class:`datetime.date` or ``None``.
    """

    dateChanged = Signal(object)

    def __init__(self, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = _NullableDateEdit(self)
        self.edit.setAccessibleName(accessible_name)
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Clear the date (Delete)"))
        self.clear_button.setAccessibleName(self.tr("Clear {field}").format(field=accessible_name))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Delete in the field does the same
        self.clear_button.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self.clear_button.clicked.connect(lambda: self.set_date(None, emit=True))
        self.edit.dateChanged.connect(self._changed)
        self._silent = False

    def value(self) -> date | None:
        qdate = self.edit.date()
        return None if qdate == _NOT_SET else qdate.toPython()

    def set_date(self, value: date | None, emit: bool = False) -> None:
        self._silent = not emit
        try:
            self.edit.setDate(_NOT_SET if value is None else QDate(value.year, value.month, value.day))
        finally:
            self._silent = False
        self.clear_button.setEnabled(value is not None)

    def _changed(self, _qdate: QDate) -> None:
        self.clear_button.setEnabled(self.value() is not None)
        if not self._silent:
            self.dateChanged.emit(self.value())


class _NullableDateEdit(QDateEdit):
    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setMinimumDate(_NOT_SET)
        self.setSpecialValueText(self.tr("not set"))
        self.setDate(_NOT_SET)
        self.setCorrectionMode(QDateEdit.CorrectionMode.CorrectToNearestValue)

    def _start_from_today(self) -> None:
        if self.date() == _NOT_SET:
            self.setDate(QDate.currentDate())
            self.setSelectedSection(QDateEdit.Section.YearSection)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
            self.date() == _NOT_SET or event.modifiers() & Qt.KeyboardModifier.ControlModifier
            or self.lineEdit().hasSelectedText() and len(self.lineEdit().selectedText()) == len(self.text())
        ):
            self.setDate(_NOT_SET)
            return
        if self.date() == _NOT_SET and key not in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab, Qt.Key.Key_Escape):
            if Qt.Key.Key_0 <= key <= Qt.Key.Key_9:
                # typing a date into a "not set" field: the typed text replaces the whole date
                self.setDate(QDate.currentDate())
                self.selectAll()
            else:
                self._start_from_today()
                if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Space):
                    return
        super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        """Tab leaves the field (Qt would step through year, month and day first)."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) \
                and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            forward = event.key() == Qt.Key.Key_Tab and not event.modifiers() & Qt.KeyboardModifier.ShiftModifier
            QWidget.focusNextPrevChild(self, forward)
            return True
        return super().event(event)

    def mousePressEvent(self, event) -> None:
        if self.date() == _NOT_SET:
            self.calendarWidget().setSelectedDate(QDate.currentDate())
        super().mousePressEvent(event)


class ChoiceBox(QComboBox):
    """A drop-down of (label, value) pairs whose first entry is "not set" (value ``None``)."""

    choiceChanged = Signal(object)

    def __init__(self, accessible_name: str, choices: list[tuple[str, object]], parent: QWidget | None = None):
        super().__init__(parent)
        self.setAccessibleName(accessible_name)
        self.addItem(self.tr("not set"), None)
        for label, value in choices:
            self.addItem(label, value)
        self.activated.connect(lambda _i: self.choiceChanged.emit(self.value()))

    def value(self) -> object:
        return self.currentData()

    def set_value(self, value: object) -> None:
        for index in range(self.count()):
            data = self.itemData(index)
            if data == value and type(data) is type(value):
                self.setCurrentIndex(index)
                return
        self.setCurrentIndex(0)


class FieldMessage(QLabel):
    """Why the core refused what is in a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"color: {COLOURS['fail']};")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        text = "\n".join(f"⚠ {m}" for m in messages)
        self.setText(text)
        self.setVisible(bool(messages))


def mark_field(widget: QWidget, messages: list[str]) -> None:
    """Flag a refused field: red frame, the reason as tooltip and accessible description.

    The frame is a style sheet on the refused widget alone (set while it is refused, cleared after):
    a window-wide sheet would send every widget of the window through Qt's style-sheet style, which
    made building the window about three times as costly (issue 17)."""
    invalid = bool(messages)
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(invalid_field_style(widget) if invalid else "")
    text = "\n".join(messages)
    widget.setToolTip(text)
    widget.setAccessibleDescription(text)


def invalid_field_style(widget: QWidget) -> str:
    """The style sheet that draws the red frame of a refused field, for this widget's own type only
    (so a drop-down's popup list or a date field's inner line edit are not framed again)."""
    kind = next((name for name in ("QDateEdit", "QComboBox", "QLineEdit") if widget.inherits(name)), "QWidget")
    return f"{kind} {{ border: 2px solid {COLOURS['fail']}; border-radius: 3px; }}"


def number_field(accessible_name: str, parent: QWidget | None = None, width_chars: int = 8) -> QLineEdit:
    """A text field for a number: what is typed stays as typed; the core decides if it is allowed."""
    field = QLineEdit(parent)
    field.setAccessibleName(accessible_name)
    field.setMaxLength(24)
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance("0") * width_chars + 16)
    field.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    field.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
    return field
