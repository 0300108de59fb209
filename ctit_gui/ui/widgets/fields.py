"""Small input widgets shared by the panels: a date with a "not set" state, a choice with
"not set", and the message shown next to a field the core refused."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication, QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import QCalendarWidget, QComboBox, QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

from .icons import COLOURS

class DateField(QWidget):
    """A date typed as YYYY-MM-DD or picked from a calendar, which may also be "not set".

    The field never fills itself: an empty field stays empty through Tab, Shift+Tab, Alt
    shortcuts and clicks; only a whole date typed by the user, or a day picked in the calendar
    (Alt+Down, F4 or the "Pick" button), sets it. A half-typed date stays as typed and counts
    as not set (``partial_text`` says so). ``dateChanged`` carries a :class:`datetime.date` or ``None``.
    """

    dateChanged = Signal(object)

    def __init__(self, accessible_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.edit = DateLineEdit(self)
        self.edit.setAccessibleName(accessible_name)
        self.pick_button = QToolButton(self)
        self.pick_button.setText(self.tr("Pick"))
        self.pick_button.setToolTip(self.tr("Pick the date in a calendar (Alt+Down)"))
        self.pick_button.setAccessibleName(self.tr("Pick {field}").format(field=accessible_name))
        self.pick_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+Down in the field does the same
        self.clear_button = QToolButton(self)
        self.clear_button.setText(self.tr("Clear"))
        self.clear_button.setToolTip(self.tr("Clear the date (Delete)"))
        self.clear_button.setAccessibleName(self.tr("Clear {field}").format(field=accessible_name))
        self.clear_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Delete in the field does the same
        self.clear_button.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit, 1)
        layout.addWidget(self.pick_button)
        layout.addWidget(self.clear_button)
        self.setFocusProxy(self.edit)
        self.clear_button.clicked.connect(lambda: self.set_date(None, emit=True))
        self.pick_button.clicked.connect(self.open_calendar)
        self.edit.textEdited.connect(self._typed)
        self.edit.calendar_requested.connect(self.open_calendar)
        self.edit.clear_requested.connect(lambda: self.set_date(None, emit=True))
        self._value: date | None = None
        self._popup: QCalendarWidget | None = None

    def value(self) -> date | None:
        return self._value

    def partial_text(self) -> str:
        """What is typed but is not (yet) a whole date; empty when the field is empty or a date."""
        text = self.edit.text().strip()
        return text if text and parse_date(text) is None else ""

    def set_date(self, value: date | None, emit: bool = False) -> None:
        changed = value != self._value
        self._value = value
        self.edit.setText("" if value is None else value.isoformat())
        self.clear_button.setEnabled(bool(self.edit.text()))
        if emit and changed:
            self.dateChanged.emit(value)

    def _typed(self, text: str) -> None:
        self.clear_button.setEnabled(bool(text))
        self._value = parse_date(text.strip())
        self.dateChanged.emit(self._value)  # also while half-typed: its message follows the typing

    def open_calendar(self) -> None:
        """A calendar under the field, on the date set (or today, highlighted only): nothing is
        set until a day is chosen with Enter or a click; Escape leaves the field as it was."""
        popup = QCalendarWidget(self)
        popup.setWindowFlags(Qt.WindowType.Popup)
        popup.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        popup.setAccessibleName(self.tr("Calendar for {field}").format(field=self.edit.accessibleName()))
        shown = self._value or QDate.currentDate().toPython()
        popup.setSelectedDate(QDate(shown.year, shown.month, shown.day))
        popup.activated.connect(self._picked)
        popup.clicked.connect(self._picked)
        popup.move(self.edit.mapToGlobal(self.edit.rect().bottomLeft()))
        self._popup = popup
        popup.show()
        popup.setFocus(Qt.FocusReason.PopupFocusReason)

    def _picked(self, qdate: QDate) -> None:
        if self._popup is not None:
            self._popup.close()
            self._popup = None
        self.set_date(qdate.toPython(), emit=True)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)


def parse_date(text: str) -> date | None:
    """A whole date typed as YYYY-MM-DD, or ``None`` (partial, empty or impossible)."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-" or not text.replace("-", "").isdigit():
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


class DateLineEdit(QLineEdit):
    """The typing part of a :class:`DateField`: plain text, so nothing is filled in for the user."""

    calendar_requested = Signal()
    clear_requested = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.setMaxLength(10)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000-00-00") + 16)
        self.setInputMethodHints(Qt.InputMethodHint.ImhDate)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
        if event.key() == Qt.Key.Key_F4 or (alt and event.key() == Qt.Key.Key_Down):
            self.calendar_requested.emit()
            return
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace) and (
                not self.text() or len(self.selectedText()) == len(self.text())):
            self.clear_requested.emit()
            return
        super().keyPressEvent(event)


class Choice(QComboBox):
    """A drop-down that changes only when the user means it: the mouse wheel never changes it
    unless it has the focus, and its list opens on the current entry (with none chosen yet, the
    first Down selects the first entry, not the second)."""

    def wheelEvent(self, event) -> None:
        if not self.hasFocus():
            event.ignore()  # the panel or table underneath scrolls instead
            return
        super().wheelEvent(event)

    def showPopup(self) -> None:
        super().showPopup()
        view = self.view()
        if self.currentIndex() < 0:
            view.selectionModel().clear()
            view.setCurrentIndex(view.model().index(-1, 0))
        else:
            view.setCurrentIndex(view.model().index(self.currentIndex(), self.modelColumn()))


class CellChoice(Choice):
    """The drop-down inside a table cell. Up and Down open its list instead of changing the
    value; choosing an entry (Enter or a click) is what commits it (``chosen``), and the
    delegate then hands the focus back to the table, where the arrow keys move between rows."""

    chosen = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.activated.connect(lambda _i: self.chosen.emit())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown,
                           Qt.Key.Key_Home, Qt.Key.Key_End):
            self.showPopup()
            return
        super().keyPressEvent(event)


class ChoiceBox(Choice):
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


def text_colour(label: QLabel, colour: str) -> None:
    """The label's words in ``colour``: set in its palette, which draws the same pixels as a
    ``color:`` style sheet without giving the label Qt's style-sheet style (parsed rules and a
    style object per label; the window's 29 field messages and 10 hints: ~0.5 MiB, issue 17)."""
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    label.setPalette(palette)


class FieldMessage(QLabel):
    """Why the core refused what is in a field; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        text_colour(self, COLOURS["fail"])
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_messages(self, messages: list[str]) -> None:
        text = "\n".join(f"⚠ {m}" for m in messages)
        self.setText(text)
        self.setVisible(bool(messages))


def mark_field(widget: QWidget, messages: list[str], help_text: str = "") -> None:
    """Flag a refused field: red frame, the reason as tooltip and accessible description (``help_text``, what
    the field is for, while nothing in it is refused).

    The frame is a style sheet on the refused widget alone (set while it is refused, cleared after):
    a window-wide sheet would send every widget of the window through Qt's style-sheet style, which
    made building the window about three times as costly (issue 17)."""
    invalid = bool(messages)
    if widget.property("invalid") != invalid:
        widget.setProperty("invalid", invalid)
        widget.setStyleSheet(invalid_field_style(widget) if invalid else "")
    text = "\n".join(messages) or help_text
    widget.setToolTip(text)
    widget.setAccessibleDescription(text)


def invalid_field_style(widget: QWidget) -> str:
    """The style sheet that draws the red frame of a refused field, for this widget's own type only
    (so a drop-down's popup list or a date field's inner line edit are not framed again)."""
    kind = next((name for name in ("QDateEdit", "QComboBox", "QLineEdit", "QPlainTextEdit") if widget.inherits(name)),
                "QWidget")
    return f"{kind} {{ border: 2px solid {COLOURS['fail']}; border-radius: 3px; }}"


#: Which table has the focus: a 2-px frame in this blue; the other tables keep a 2-px frame in the
#: window's colour. Drawn by QFrame itself from the palette (:func:`frame_tables`), not by a style
#: sheet: a style sheet on a table sends every cell it paints through Qt's style-sheet style, which
#: made repainting the window two to three times as costly (issue 17).
TABLE_FOCUS_COLOUR = "#1565c0"


class _FocusFrame(QObject):
    """Colours a table's frame while it has the keyboard focus."""

    def eventFilter(self, watched, event) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            focused = event.type() == QEvent.Type.FocusIn
            watched.setForegroundRole(QPalette.ColorRole.Link if focused else QPalette.ColorRole.Window)
            watched.update()
        return False


_focus_frame: _FocusFrame | None = None


def frame_tables(widget: QWidget) -> None:
    """Give every table inside ``widget`` (and ``widget`` itself, if a table) the focus frame."""
    from PySide6.QtWidgets import QFrame, QTableView

    global _focus_frame
    if _focus_frame is None:
        _focus_frame = _FocusFrame(QCoreApplication.instance())
    tables = widget.findChildren(QTableView) + ([widget] if isinstance(widget, QTableView) else [])
    for table in tables:
        table.setFrameShape(QFrame.Shape.Box)  # a plain box is drawn in the foreground role's colour
        table.setFrameShadow(QFrame.Shadow.Plain)
        table.setLineWidth(2)
        palette = table.palette()
        palette.setColor(QPalette.ColorRole.Link, QColor(TABLE_FOCUS_COLOUR))  # no cell shows a link
        table.setPalette(palette)
        table.setForegroundRole(QPalette.ColorRole.Link if table.hasFocus() else QPalette.ColorRole.Window)
        table.installEventFilter(_focus_frame)


def number_field(accessible_name: str, parent: QWidget | None = None, width_chars: int = 8) -> QLineEdit:
    """A text field for a number: what is typed stays as typed; the core decides if it is allowed."""
    field = QLineEdit(parent)
    field.setAccessibleName(accessible_name)
    field.setMaxLength(24)
    field.setMinimumWidth(field.fontMetrics().horizontalAdvance("0") * width_chars + 16)
    field.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    field.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
    return field


#: The core's field names as the window labels them, for messages shown to the user.
_USER_FIELD_WORDS = (
    ("patient.birth_date", "Birth date"),
    ("patient.age_years", "Age"),
    ("screening_date", "the screening date"),
    ("day1", "Day 1"),
)


def user_words(message: str) -> str:
    """A core message about fields, in the labels the window shows ("Birth date must not be
    after the screening date", not "patient.birth_date must not be after screening_date")."""
    for name, words in _USER_FIELD_WORDS:
        if name in message:
            message = message.replace(name, QCoreApplication.translate("FieldWords", words))
    return message[:1].upper() + message[1:] if message else message
