"""The eligibility criteria as a table model, and the "only what is blocking" filter."""

from __future__ import annotations

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Signal,
)

from ...core.eligibility import CriterionResult, Eligibility
from ...core.render import criterion_reason
from ..translated import with_original
from ..widgets.cell_cache import (  # noqa: F401 - the roles are part of this module's interface
    ACCESSIBLE_ROLE, BACKGROUND_ROLE, DECORATION_ROLE, DISPLAY_ROLE, EDIT_ROLE, FOREGROUND_ROLE, TOOLTIP_ROLE,
    EDITABLE, NO_FLAGS, READ_ONLY, USER_ROLE, RememberedCells, brush as _brush, role_items as _items,
)
from ..widgets.icons import BACKGROUNDS, COLOURS, status_icon


COL_ID, COL_KIND, COL_STATUS, COL_ANSWER, COL_REASON = range(5)
COLUMNS = 5

#: Custom roles: the criterion id, and whether the row stands between the patient and "eligible".
CriterionIdRole = USER_ROLE + 1
BlockingRole = USER_ROLE + 2
AttestableRole = USER_ROLE + 3
#: The words of a row's yes / no / unknown answer ({True: …, False: …, None: …}).
AnswerWordsRole = USER_ROLE + 4


def status_of(result: CriterionResult) -> str:
    """ok | fail | unknown | not_applicable | note — what the core decided, as a display status."""
    if result.kind == "note":
        return "note"
    if not result.applicable:
        return "not_applicable"
    if result.holds is None:
        return "unknown"
    return "fail" if result.excludes else "ok"


def attestable(result: CriterionResult) -> bool:
    return result.applicable and result.decided_by in ("attested", "computed+attested")


_ICON_KIND = {"ok": "ok", "fail": "fail", "unknown": "unknown", "not_applicable": "info", "note": "note"}
_ROW_BACKGROUND = {"fail": BACKGROUNDS["fail"], "unknown": BACKGROUNDS["unknown"]}


class CriteriaModel(RememberedCells, QAbstractTableModel):
    """One row per criterion of the case's arm, in protocol order.

    Recomputing with the same criteria emits ``dataChanged`` for the rows whose result or
    answer changed, and nothing else (editors stay open); another trial or arm resets the model.
    """

    answer_changed = Signal(str, object)  # criterion id, True / False / None

    def __init__(self, parent=None):
        super().__init__(parent)
        self._results: tuple[CriterionResult, ...] = ()
        self._answers: dict[str, bool | None] = {}
        #: Per row, what data() answered for (column, role); emptied when the row's result or answer changes.
        self._cells: list[dict[tuple[int, int], object]] = []

    # --- content -------------------------------------------------------------------------
    def set_eligibility(self, eligibility: Eligibility | None, answers: dict[str, bool | None]) -> None:
        results = eligibility.criteria if eligibility is not None else ()
        same_rows = [r.id for r in results] == [r.id for r in self._results]
        if not same_rows:
            self.beginResetModel()
            self._results, self._answers = results, dict(answers)
            self._cells = [{} for _ in results]
            self.endResetModel()
            return
        before = [(r, self._answers.get(r.id)) for r in self._results]
        self._results, self._answers = results, dict(answers)
        changed = {row: columns for row, (old, old_answer) in enumerate(before)
                   if (columns := _changed_columns(old, old_answer, results[row], self._answers.get(results[row].id)))}
        for row in changed:
            self._cells[row] = {}
        if changed:  # one signal for the box around every changed cell: the header measures once
            self.dataChanged.emit(self.index(min(changed), min(c[0] for c in changed.values())),
                                  self.index(max(changed), max(c[1] for c in changed.values())))

    def result(self, row: int) -> CriterionResult:
        return self._results[row]

    def row_of(self, criterion_id: str) -> int:
        return next((i for i, r in enumerate(self._results) if r.id == criterion_id), -1)

    # --- words -------------------------------------------------------------------------------
    def status_word(self, result: CriterionResult) -> str:
        status = status_of(result)
        if status == "ok":
            return self.tr("met") if result.kind == "inclusion" else self.tr("not present")
        if status == "fail":
            return self.tr("NOT MET") if result.kind == "inclusion" else self.tr("EXCLUDES")
        return {
            "unknown": self.tr("unknown"),
            "not_applicable": self.tr("does not apply"),
            "note": self.tr("note only"),
        }[status]

    def kind_word(self, kind: str) -> str:
        return {"inclusion": self.tr("inclusion"), "exclusion": self.tr("exclusion"), "note": self.tr("note")}.get(
            kind, kind)

    def answer_words(self, kind: str) -> dict[bool | None, str]:
        """What "yes" means on this row: an inclusion is met; an exclusion is present (the patient has it)."""
        if kind == "exclusion":
            return {True: self.tr("yes — present"), False: self.tr("no — absent"), None: self.tr("unknown")}
        return {True: self.tr("yes — met"), False: self.tr("no — not met"), None: self.tr("unknown")}

    def answer_word(self, value: bool | None, kind: str = "inclusion") -> str:
        return self.answer_words(kind)[value]

    def tooltip(self, result: CriterionResult) -> str:
        text = self.tr("Registry text ({id}):\n{text}").format(id=result.id, text=with_original(result.text))
        if result.comment:
            text += "\n\n" + self.tr("Note: {comment}").format(comment=with_original(result.comment))
        return text

    # --- Qt model interface ---------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._results)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else COLUMNS

    def headerData(self, section, orientation, role=DISPLAY_ROLE):
        if orientation == Qt.Orientation.Horizontal and role == TOOLTIP_ROLE and section == COL_ANSWER:
            return self.tr("Inclusion: is the criterion met? Exclusion: does the patient have it (present)?")
        if orientation != Qt.Orientation.Horizontal or role != DISPLAY_ROLE:
            return None
        return {
            COL_ID: self.tr("Criterion"),
            COL_KIND: self.tr("Kind"),
            COL_STATUS: self.tr("Status"),
            COL_ANSWER: self.tr("Met? / Present?"),
            COL_REASON: self.tr("Reason"),
        }.get(section)

    def flags(self, index):
        if not index.isValid():
            return NO_FLAGS
        if index.column() == COL_ANSWER and attestable(self._results[index.row()]):
            return EDITABLE
        return READ_ONLY

    _ROLES = frozenset({DISPLAY_ROLE, EDIT_ROLE, DECORATION_ROLE,
                        TOOLTIP_ROLE, BACKGROUND_ROLE, FOREGROUND_ROLE,
                        ACCESSIBLE_ROLE, CriterionIdRole, BlockingRole, AttestableRole,
                        AnswerWordsRole})

    def _row_values(self):
        return self._results

    def _data(self, result: CriterionResult, column: int, role: int):
        if role == DISPLAY_ROLE:
            if column == COL_ID:
                return result.id
            if column == COL_KIND:
                return self.kind_word(result.kind)
            if column == COL_STATUS:
                return self.status_word(result)
            if column == COL_ANSWER:
                if attestable(result):
                    return self.answer_word(self._answers.get(result.id), result.kind)
                return self.tr("computed") if result.decided_by == "computed" else ""
            if column == COL_REASON:
                return criterion_reason(result)
        if role == EDIT_ROLE and column == COL_ANSWER:
            return self._answers.get(result.id)
        if role == DECORATION_ROLE and column == COL_STATUS:
            return status_icon(_ICON_KIND[status_of(result)])
        if role == TOOLTIP_ROLE:
            if column == COL_REASON:
                return criterion_reason(result) + "\n\n" + self.tooltip(result)
            return self.tooltip(result)
        if role == BACKGROUND_ROLE:
            colour = _ROW_BACKGROUND.get(status_of(result))
            return _brush(colour) if colour else None
        if role == FOREGROUND_ROLE:
            if column == COL_ANSWER and not attestable(result):
                return _brush(COLOURS["note"])  # (WCAG AA on the white and shaded rows)
            if _ROW_BACKGROUND.get(status_of(result)):
                return _brush("black")
        if role == ACCESSIBLE_ROLE and column == COL_STATUS:
            return self.tr("{id}: {status}").format(id=result.id, status=self.status_word(result))
        if role == ACCESSIBLE_ROLE and column == COL_ANSWER and attestable(result):
            # read as the drop-down it opens (made only while the cell is edited): its name and the answer
            return self.tr("Attest {row}: {answer}").format(
                row=result.id, answer=self.answer_word(self._answers.get(result.id), result.kind))
        if role == CriterionIdRole:
            return result.id
        if role == BlockingRole:
            return result.blocking
        if role == AttestableRole:
            return attestable(result)
        if role == AnswerWordsRole:
            return self.answer_words(result.kind)
        return None

    def setData(self, index, value, role=EDIT_ROLE) -> bool:
        if not index.isValid() or role != EDIT_ROLE or index.column() != COL_ANSWER:
            return False
        result = self._results[index.row()]
        if not attestable(result) or value not in (True, False, None):
            return False
        if self._answers.get(result.id) is value:
            return True
        self._answers[result.id] = value
        self._cells[index.row()] = {}
        self.dataChanged.emit(index, index)
        self.answer_changed.emit(result.id, value)
        return True


def _changed_columns(old: CriterionResult, old_answer: bool | None, new: CriterionResult,
                     new_answer: bool | None) -> tuple[int, int] | None:
    """First and last column of a row that show something else (results are immutable, so equal
    means unchanged). A new reason shows only in the reason cell, a new answer only in the answer
    cell; anything else (status, colour, tooltips) in the whole row."""
    if old == new and old_answer == new_answer:
        return None
    if old._replace(reason=new.reason, message=new.message) != new:
        return COL_ID, COLUMNS - 1
    first = COL_ANSWER if old_answer != new_answer else COL_REASON
    last = COL_REASON if old.reason != new.reason else COL_ANSWER
    return first, last


class BlockingFilter(QSortFilterProxyModel):
    """Shows every criterion, or only those that stand between the patient and "eligible"."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._blocking_only = False

    @property
    def blocking_only(self) -> bool:
        return self._blocking_only

    def set_blocking_only(self, on: bool) -> None:
        if on != self._blocking_only:
            self.beginFilterChange()
            self._blocking_only = on
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def multiData(self, index, roleDataSpan) -> None:  # noqa: N803 - Qt's name
        """Passed to the criteria model in one call (QSortFilterProxyModel asks role by role)."""
        roleDataSpan = _items(roleDataSpan)
        source = self.mapToSource(index)
        if source.isValid():
            self.sourceModel().multiData(source, roleDataSpan)
        else:
            for item in roleDataSpan:
                item.clearData()

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self._blocking_only:
            return True
        index = self.sourceModel().index(source_row, 0, source_parent)
        return bool(self.sourceModel().data(index, BlockingRole))
