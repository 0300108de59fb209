"""The 14-day dosing calendar as a table model: the core's plan, plus the platelet counts as typed."""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QFont, QGuiApplication

from ...core.labs import ctcae_platelet_grade
from ...core.plan import SITE_RULE_MARK, Plan, PlanDay, PlanEvent, conditional_key
from ...core.render import conditional_note, date_words, day_state_text, planned_dose_words, state_words
from ...core.units import CANONICAL_UNIT, format_quantity, unit_label
from ..translated import with_original
from ..widgets.cell_cache import (  # noqa: F401 - the roles are part of this module's interface
    ACCESSIBLE_ROLE, ALIGNMENT_ROLE, BACKGROUND_ROLE, DECORATION_ROLE, DISPLAY_ROLE, EDIT_ROLE, FONT_ROLE,
    EDITABLE, FOREGROUND_ROLE, NO_FLAGS, READ_ONLY, TOOLTIP_ROLE, USER_ROLE, RememberedCells, brush as _brush,
)
from ..widgets.icons import BACKGROUNDS, COLOURS, status_icon
from .case_form import DayEntry, check_units

def _font(bold: bool, italic: bool) -> QFont:
    """The application's font, bold and/or italic (one object per kind and application font)."""
    return _font_of(bold, italic, QGuiApplication.font().key())


@lru_cache(maxsize=8)
def _font_of(bold: bool, italic: bool, _application_font: str) -> QFont:
    font = QFont()
    if bold:
        font.setBold(True)
    if italic:
        font.setItalic(True)
    return font


_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_HORIZONTAL = Qt.Orientation.Horizontal

#: The unit every platelet rule is written in (the core's canonical unit).
PLT_UNIT = CANONICAL_UNIT["plt"]

COL_DAY, COL_DATE, COL_DOSES, COL_PLT, COL_UNIT, COL_BLEEDING, COL_NOTES = range(7)
COLUMNS = 7

DayRole = USER_ROLE + 1
StateRole = USER_ROLE + 2

#: Event kinds by how loudly a day's note shows them.
_SEVERITY = {"stop": "stop", "rescue": "fail", "overdue": "warning", "incomplete": "unknown",
             "dose_review": "warning", "dose_adjustment": "warning", "response": "ok"}
#: The states of a day whose doses are not given: its doses cell shows the stop icon and colours.
_NOT_DOSED = frozenset({"stopped", "held", "do_not_dose", "withhold"})
_TODAY = "#fff59d"
_CHECKPOINT = "#e3f2fd"


#: How many states of a row (STOP or not, eligible or not, …) are remembered with their answers.
_STATES_KEPT = 4

#: The columns each input of a row (``CalendarModel._inputs_of``) is drawn into, as ``data()`` reads
#: them: the plan day colours and marks every cell; the typed entry its PLT, unit and bleeding cells;
#: refusal messages the PLT cell; the day's events its note; the default unit the unit cell; what the
#: day's doses wait for (:func:`~ctit_gui.core.render.conditional_note`, which reads the plan's limits,
#: not the day) its note. Only those cells are announced changed, so a new note does not make the
#: header measure the auto-sized columns again.
_DRAWN_FROM = (range(COLUMNS), (COL_PLT, COL_UNIT, COL_BLEEDING), (COL_PLT, COL_NOTES), (COL_NOTES,), (COL_UNIT,),
               (COL_NOTES,))
_CONDITION = len(_DRAWN_FROM) - 1  # (the part of a row's inputs that is what its doses wait for)


class CalendarModel(RememberedCells, QAbstractTableModel):
    """One row per treatment day.

    The plan comes from the core; each day's platelet count is kept as typed (``DayEntry``)
    so a refused value stays visible with its reason. Editing a count emits ``entry_edited``.
    """

    entry_edited = Signal(int, object)  # day, DayEntry
    rows_changed = Signal(list)  # the rows whose content changed: their heights may follow

    def __init__(self, parent=None):
        super().__init__(parent)
        self._days: tuple[PlanDay, ...] = ()
        self._entries: dict[int, DayEntry] = {}
        self._problems: dict[int, list[str]] = {}
        self._events: dict[int, list[PlanEvent]] = {}
        #: Per conditional day, (the core's ``conditional_key``, its note): what its doses wait for.
        self._conditions: dict[int, tuple[str, str]] = {}
        self._default_unit = check_units()[0]
        self._row_inputs: list[tuple] = []
        #: Per row, the last few (inputs, application font, cells) it was shown with (:meth:`_cells_for`).
        self._seen: list[list[tuple[tuple, str, dict]]] = []
        self._titles: dict[int, str] | None = None  # the column titles (:meth:`headerData`)
        self._note_words: dict[str, str] | None = None  # the fixed words of the notes (:meth:`notes`)
        #: Per row, what data() answered for (column, role): a view asks the same cell many times
        #: (measuring columns and rows, painting). Emptied whenever the row's inputs change.
        self._cells: list[dict[tuple[int, int], object]] = []

    # --- content -------------------------------------------------------------------------
    def set_plan(self, plan: Plan | None, entries: dict[int, DayEntry], problems: dict[int, list[str]],
                 default_unit: str | None = None) -> None:
        """Show a new plan. The rows are fixed (one per treatment day): only the days whose
        inputs changed are announced (``dataChanged`` and ``rows_changed``); another length resets."""
        days = plan.days if plan is not None else ()
        events: dict[int, list[PlanEvent]] = {}
        for event in plan.events if plan is not None else ():
            events.setdefault(event.day, []).append(event)
        same_rows = len(days) == len(self._days)
        if not same_rows:
            self.beginResetModel()
        self._days, self._events = days, events
        self._conditions = self._conditions_of(plan) if plan is not None else {}
        self._entries = {day: replace(entry) for day, entry in entries.items()}
        self._problems = dict(problems)
        if default_unit:
            self._default_unit = default_unit
        before, self._row_inputs = self._row_inputs, [self._inputs_of(day) for day in days]
        if not same_rows:
            self._seen = [[] for _ in days]
            font = QGuiApplication.font().key()
            self._cells = [self._cells_for(row, inputs, font) for row, inputs in enumerate(self._row_inputs)]
            self.endResetModel()
            return
        parts = {row: [part for part, (o, n) in enumerate(zip(old, new)) if o != n]
                 for row, (old, new) in enumerate(zip(before, self._row_inputs)) if old != new}
        changed = {row: [c for part in row_parts for c in _DRAWN_FROM[part]] for row, row_parts in parts.items()}
        if changed:
            font = QGuiApplication.font().key()
        for row, columns in changed.items():
            self._cells[row] = self._cells_for(row, self._row_inputs[row], font, self._cells[row], columns,
                                               parts[row] == [_CONDITION])
        if changed:  # one signal for the box around every changed cell: the header measures once
            columns = [c for row_columns in changed.values() for c in row_columns]
            self.dataChanged.emit(self.index(min(changed), min(columns)), self.index(max(changed), max(columns)))
            self.rows_changed.emit(sorted(changed))

    def _cells_for(self, row: int, inputs: tuple, application_font: str, shown: dict | None = None,
                   changed: tuple[int, ...] | list[int] = (), note_only: bool = False) -> dict:
        """The answers a row gave before for equal inputs and the same application font, or a new
        empty dict for them. A STOP or verdict flip brings every row back to a state it was shown
        in moments ago (issue 17: its words, looks and sizes were worked out again each time);
        equal inputs, equal answers (the language is the model's for its life: a switch builds a
        new window). The last few states of each row are kept.

        A new state keeps the answers and looks of the cells its change leaves as they were
        (``changed``: the columns it changes; ``_DRAWN_FROM``), from ``shown``, the state shown just
        before, if in the same font: a new note does not word and look at the row's doses, date and
        count again. A change of the note alone (``note_only``: what the doses wait for, e.g. a
        baseline typed digit by digit, a note per digit) takes the place of the state it leaves, so
        it does not push the row's STOP or DO NOT DOSE state out of the few kept."""
        seen = self._seen[row]
        for position, (known, font, cells) in enumerate(seen):
            if font == application_font and known == inputs:
                if position:
                    seen.insert(0, seen.pop(position))
                return cells
        cells: dict = {}
        left = next((i for i, (_known, font, known_cells) in enumerate(seen)
                     if known_cells is shown and font == application_font), None) if shown else None
        if left is not None:
            for key, value in shown.items():
                column = key[1] if key[0] == "look" else key[0]
                if type(column) is int and column not in changed:
                    cells[key] = value
            if note_only:
                del seen[left]
        seen.insert(0, (inputs, application_font, cells))
        del seen[_STATES_KEPT:]
        return cells

    def _inputs_of(self, day: PlanDay) -> tuple:
        """Everything a row is drawn from, in the order of ``_DRAWN_FROM`` (immutable or copied):
        equal inputs, equal row."""
        return (day, self.entry(day.day), tuple(self._problems.get(day.day, ())),
                tuple(self._events.get(day.day, ())), self._default_unit, self._conditions.get(day.day))

    @staticmethod
    def _conditions_of(plan: Plan) -> dict[int, tuple[str, str]]:
        """(key, note) of each day whose doses wait for a checkpoint count: the sheet's words, from the
        core. The days waiting for one checkpoint share its words: worded once per checkpoint."""
        conditions: dict[int, tuple[str, str]] = {}
        worded: dict[tuple[int, str], tuple[str, str]] = {}
        for day in plan.days:
            key = conditional_key(plan, day)
            if key is None:
                continue
            found = worded.get((day.conditional_on, key))
            if found is None:
                found = worded[day.conditional_on, key] = (key, conditional_note(plan, day))
            conditions[day.day] = found
        return conditions

    def plan_day(self, row: int) -> PlanDay:
        return self._days[row]

    def entry(self, day: int) -> DayEntry:
        return self._entries.get(day) or DayEntry()

    def row_of_day(self, day: int) -> int:
        return next((i for i, d in enumerate(self._days) if d.day == day), -1)

    # --- words -------------------------------------------------------------------------------
    def doses_text(self, day: PlanDay) -> str:
        if day.state in ("stopped", "held", "do_not_dose"):
            return day_state_text(day)  # the core's fixed words: "no dose — stopped day 7", "DO NOT DOSE", …
        lines = [planned_dose_words(dose) + (f" ({self.tr(SITE_RULE_MARK)})" if dose.site_rule else "")
                 for dose in day.doses]
        if day.state == "withhold":
            lines.insert(0, day_state_text(day))
        return "\n".join(lines) if lines else self.tr("no dose planned")

    def date_text(self, day: PlanDay) -> str:
        if day.date is None:
            return self.tr("day 1 not set")
        return date_words(day.date)  # ISO with the weekday in the window's language, never the machine's

    def notes(self, day: PlanDay) -> list[str]:
        words = self._note_words
        if words is None:  # in the model's language, for its life (as the column titles)
            words = self._note_words = {
                "stop": self.tr("STOP study drug"),
                "rescue": self.tr("RESCUE therapy"),
                "response": self.tr("endpoint reached"),
                "overdue": self.tr("PLT check overdue"),
                "incomplete": self.tr("incomplete"),
                "dose_review": self.tr("dose review"),
                "dose_adjustment": self.tr("dose adjusted (site rule)"),
                "(today)": self.tr("TODAY"),
                "(checkpoint)": self.tr("PLT checkpoint"),
                "(between)": self.tr(", "),  # the language's list separator: 、 in Chinese
            }
        notes = []
        if day.is_today:
            notes.append(words["(today)"])
        if day.checkpoint:
            notes.append(words["(checkpoint)"])
        kinds = [e.kind for e in self._events.get(day.day, [])]
        if day.is_response_day and "response" not in kinds:
            kinds.append("response")
        notes.extend(words.get(kind, kind) for kind in dict.fromkeys(kinds))
        condition = self._conditions.get(day.day)
        if condition is not None:  # "only if day 7 PLT < 100 and < 82": the doses wait for that count
            notes.append(condition[1])
        if day.platelet_count is not None and day.platelet_check is not None and day.platelet_check.unit != PLT_UNIT:
            notes.append(self.tr("= {count}").format(count=format_quantity(day.platelet_count, PLT_UNIT)))
        return notes

    def severity(self, day: PlanDay) -> str | None:
        kinds = [e.kind for e in self._events.get(day.day, [])]
        for kind in ("stop", "rescue", "overdue", "incomplete", "dose_review", "dose_adjustment", "response"):
            if kind in kinds:
                return _SEVERITY[kind]
        return "info" if day.checkpoint else None

    # --- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._days)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section, orientation, role=DISPLAY_ROLE):
        """The column titles (the headers ask every role of every section each time they are
        measured or painted: ~90 calls a flip, each translated seven titles before; issue 17)."""
        if role != DISPLAY_ROLE or orientation != _HORIZONTAL:
            return None
        titles = self._titles
        if titles is None:  # in the model's language, for its life (a language switch builds a new window)
            titles = self._titles = {
                COL_DAY: self.tr("Day"),
                COL_DATE: self.tr("Date"),
                COL_DOSES: self.tr("Doses"),
                COL_PLT: self.tr("PLT"),
                COL_UNIT: self.tr("Unit"),
                COL_BLEEDING: self.tr("Bleeding risk"),
                COL_NOTES: self.tr("Notes"),
            }
        return titles.get(section)

    def flags(self, index):
        if not index.isValid():
            return NO_FLAGS
        column = index.column()
        if column in (COL_PLT, COL_UNIT):
            return EDITABLE
        if column == COL_BLEEDING and not self.entry(self._days[index.row()].day).empty:
            return EDITABLE
        return READ_ONLY

    _ROLES = frozenset({DISPLAY_ROLE, EDIT_ROLE, DECORATION_ROLE,
                        TOOLTIP_ROLE, BACKGROUND_ROLE, FOREGROUND_ROLE,
                        FONT_ROLE, ALIGNMENT_ROLE,
                        ACCESSIBLE_ROLE, DayRole, StateRole})

    def _row_values(self):
        return self._days

    #: What painting a cell asks (``QStyledItemDelegate::initStyleOption``; CheckState is never set).
    _PAINTED = (DISPLAY_ROLE, DECORATION_ROLE, BACKGROUND_ROLE, FOREGROUND_ROLE, FONT_ROLE, ALIGNMENT_ROLE,
                Qt.ItemDataRole.CheckStateRole)

    def _cell(self, row: int, column: int, role: int):
        """A cell's answer, remembered until its row's inputs change. The first painted role asked of
        a changed row prepares what every cell of the row shows, in one pass (:meth:`_paint_row`):
        one painted cell is then a dictionary look-up per role (issue 17: computed role by role, a
        DO NOT DOSE flip spent ~10 M instructions in Python while the calendar painted)."""
        cells = self._cells[row]
        try:
            return cells[column, role]
        except KeyError:
            pass
        if role in self._PAINTED and ("painted",) not in cells:
            self._paint_row(row, cells)
            try:
                return cells[column, role]
            except KeyError:
                pass
        value = cells[column, role] = (self._data(self._days[row], column, role) if role in self._ROLES else None)
        return value

    def _paint_row(self, row: int, cells: dict) -> None:
        """Every painted role of every cell of a row, as :meth:`_data` answers them (the same values;
        a test compares both), with the row's entry, problems, events, state and fonts found once."""
        day = self._days[row]
        entry = self.entry(day.day)
        problems = self._problems.get(day.day)
        application_font = QGuiApplication.font().key()
        check_state = Qt.ItemDataRole.CheckStateRole
        for column in range(COLUMNS):
            if (column, DISPLAY_ROLE) not in cells:  # the look of the fitted columns may have asked
                cells[column, DISPLAY_ROLE] = self._display(day, entry, column)
            icon = self._icon_kind(day, column, problems)
            cells[column, DECORATION_ROLE] = status_icon(icon) if icon else None
            background, foreground = self._colour_names(day, entry, column, problems)
            cells[column, BACKGROUND_ROLE] = _brush(background) if background else None
            cells[column, FOREGROUND_ROLE] = _brush(foreground) if foreground else None
            font = self._font_flags(day, entry, column)
            cells[column, FONT_ROLE] = _font_of(*font, application_font)
            alignment = cells[column, ALIGNMENT_ROLE] = _RIGHT if column in (COL_DAY, COL_PLT) else None
            cells[column, check_state] = None
            cells["paint key", column] = (column, cells[column, DISPLAY_ROLE], icon, background, foreground, font,
                                          alignment, application_font)
        cells["painted",] = True

    def paint_key(self, row: int, column: int) -> tuple:
        """Everything painting a cell asks of the model, as plain values (its column, words, icon
        kind, colours, bold and italic, alignment and the application font): equal keys, equal
        pictures (``ui/widgets/cell_pictures.py``). Prepared with the row's painted roles."""
        cells = self._cells[row]
        try:
            return cells["paint key", column]
        except KeyError:
            self._paint_row(row, cells)
            return cells["paint key", column]

    def cell_look(self, row: int, column: int) -> tuple:
        """What the size of a cell follows from: its text, its icon and whether it is bold or
        italic (plain values, no Qt objects). Equal looks, equal sizes: the view measures a row or a
        column again only for a new look (issue 17). Remembered with the row's cells."""
        cells = self._cells[row]
        try:
            return cells["look", column]
        except KeyError:
            pass
        day = self._days[row]
        entry = self.entry(day.day)
        try:
            display = cells[column, DISPLAY_ROLE]
        except KeyError:  # the words alone: a row scrolled out of sight is measured, not painted
            display = cells[column, DISPLAY_ROLE] = self._display(day, entry, column)
        look = cells["look", column] = (display, self._icon_kind(day, column, self._problems.get(day.day)),
                                        self._font_flags(day, entry, column))
        return look

    def row_look(self, row: int) -> tuple:
        """The look of every cell of a row (see :meth:`cell_look`), remembered with the row's cells."""
        cells = self._cells[row]
        try:
            return cells["row look",]
        except KeyError:
            look = cells["row look",] = tuple(self.cell_look(row, column) for column in range(COLUMNS))
            return look

    def _icon_kind(self, day: PlanDay, column: int, problems) -> str | None:
        """The status icon a cell shows (``DecorationRole``), by kind."""
        if column == COL_DOSES and day.state in _NOT_DOSED:
            return "stop"
        if column == COL_NOTES:
            return self.severity(day)
        if column == COL_PLT and problems:
            return "fail"
        return None

    @classmethod
    def _colours(cls, day: PlanDay, entry: DayEntry, column: int, problems) -> tuple[QBrush | None, QBrush | None]:
        """A cell's background and text brush (``BackgroundRole``, ``ForegroundRole``)."""
        background, foreground = cls._colour_names(day, entry, column, problems)
        return (_brush(background) if background else None), (_brush(foreground) if foreground else None)

    @staticmethod
    def _colour_names(day: PlanDay, entry: DayEntry, column: int, problems) -> tuple[str | None, str | None]:
        """A cell's background and text colour: a stopped day's doses and a refused count in the
        alarm colours, today's and checkpoint rows shaded."""
        if (column == COL_DOSES and day.state in _NOT_DOSED) or (column == COL_PLT and problems):
            kind = "stop" if column == COL_DOSES else "fail"
            return BACKGROUNDS[kind], COLOURS["fail"]
        background = _TODAY if day.is_today else _CHECKPOINT if day.checkpoint else None
        if column == COL_PLT and day.checkpoint and entry.empty:
            return background, COLOURS["note"]
        if day.is_today or day.checkpoint or column in (COL_DOSES, COL_PLT):
            return background, "black"
        return background, None

    @staticmethod
    def _font_flags(day: PlanDay, entry: DayEntry, column: int) -> tuple[bool, bool]:
        """Whether a cell's text is bold, and whether italic (``FontRole``)."""
        bold = day.is_today or (column == COL_DOSES and day.state != "planned") or (
            day.checkpoint and column in (COL_DAY, COL_PLT))
        return bool(bold), bool(column == COL_PLT and day.checkpoint and entry.empty)

    def _data(self, day: PlanDay, column: int, role: int):
        entry = self.entry(day.day)
        problems = self._problems.get(day.day, [])
        if role == DISPLAY_ROLE:
            return self._display(day, entry, column)
        if role == EDIT_ROLE:
            if column == COL_PLT:
                return entry.value
            if column == COL_UNIT:
                return entry.unit or self._default_unit
            if column == COL_BLEEDING:
                return entry.bleeding_risk
            return self._display(day, entry, column)
        if role == DECORATION_ROLE:
            kind = self._icon_kind(day, column, problems)
            return status_icon(kind) if kind else None
        if role == TOOLTIP_ROLE:
            return self._tooltip(day, entry, column, problems)
        if role == BACKGROUND_ROLE:
            return self._colours(day, entry, column, problems)[0]
        if role == FOREGROUND_ROLE:
            return self._colours(day, entry, column, problems)[1]
        if role == FONT_ROLE:
            return _font(*self._font_flags(day, entry, column))
        if role == ALIGNMENT_ROLE and column in (COL_DAY, COL_PLT):
            return _RIGHT
        if role == ACCESSIBLE_ROLE:
            return self.tr("Day {day}, {column}: {value}").format(
                day=day.day, column=self.headerData(column, Qt.Orientation.Horizontal),
                value=self._display(day, entry, column))
        if role == DayRole:
            return day.day
        if role == StateRole:
            return day.state
        return None

    def _display(self, day: PlanDay, entry: DayEntry, column: int) -> str:
        if column == COL_DAY:
            return str(day.day)
        if column == COL_DATE:
            return self.date_text(day)
        if column == COL_DOSES:
            return self.doses_text(day)
        if column == COL_PLT:
            if not entry.empty:
                return entry.value
            return self.tr("enter PLT") if day.checkpoint else ""
        if column == COL_UNIT:
            return unit_label(entry.unit or self._default_unit) if not entry.empty else ""
        if column == COL_BLEEDING:
            if entry.empty:
                return ""
            return {True: self.tr("yes"), False: self.tr("no"), None: self.tr("not recorded")}[entry.bleeding_risk]
        if column == COL_NOTES:
            refused = [self.tr("⚠ PLT refused: {reason}").format(reason=m) for m in self._problems.get(day.day, [])]
            notes = self.notes(day)
            return "\n".join(refused + ([self._note_words["(between)"].join(notes)] if notes else []))
        return ""

    def _tooltip(self, day: PlanDay, entry: DayEntry, column: int, problems: list[str]) -> str | None:
        if column == COL_PLT:
            if problems:
                return "\n".join(problems)
            if day.platelet_count is not None:
                return self.tr("{count}, CTCAE grade {grade}").format(
                    count=format_quantity(day.platelet_count, PLT_UNIT),
                    grade=ctcae_platelet_grade(day.platelet_count))
            return self.tr("Type the platelet count of day {day}").format(day=day.day)
        if column == COL_NOTES:
            events = self._events.get(day.day, [])
            parts = [self.tr("{event}\nRule: {rule}").format(event=e.text_in(), rule=with_original(e.rule))
                     for e in events]
            condition = self._conditions.get(day.day)
            if condition is not None:  # the doses and what they wait for, as the Today page and `plan` say it
                doses = self.tr("; ").join(planned_dose_words(dose) for dose in day.doses)
                parts.insert(0, f"{doses} — {state_words(condition[0], day=day.conditional_on)}")
            return "\n\n".join(parts) or None
        if column == COL_BLEEDING:
            return self.tr("Bleeding risk on day {day}: yes, no, or not recorded").format(day=day.day)
        return None

    def setData(self, index, value, role=EDIT_ROLE) -> bool:
        if not index.isValid() or role != EDIT_ROLE:
            return False
        day = self._days[index.row()].day
        entry = replace(self.entry(day))
        column = index.column()
        if column == COL_PLT:
            if not isinstance(value, str):
                return False
            if entry.empty:
                entry.unit = entry.unit or self._default_unit
            entry.value = value
        elif column == COL_UNIT:
            if value not in check_units():
                return False
            entry.unit = value
        elif column == COL_BLEEDING:
            if value not in (True, False, None) or entry.empty:
                return False
            entry.bleeding_risk = value
        else:
            return False
        if entry == self.entry(day) and day in self._entries:
            return True
        self._entries[day] = entry
        self._cells[index.row()] = {}
        shown = self._row_inputs[index.row()]
        self.entry_edited.emit(day, entry)
        # The window recomputes at once and its set_plan announces the row (with the plan's new
        # day): announcing it here too would make the views measure it twice. Announce it only if
        # no set_plan ran meanwhile.
        if self._row_inputs[index.row()] is shown:
            self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(COLUMNS - 1))
        return True
