"""A case's history from the audit trail (who did what when, local time), read-only; and the lookup of
a printed sheet by the case hash in its footer.

The entries are the store's (:meth:`CaseStore.history`): nothing here can change them. The "What"
column is the trail's own description of each entry (:meth:`AuditEntry.describe`), the record as
written, so it reads the same in ``python main.py audit show``.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import InputError
from ...core.render import arm_words
from .conflict_dialog import local_time, why_words
from ..widgets.record_table import RecordTableModel

COL_WHEN, COL_WHO, COL_REVISION, COL_WHAT = range(4)
COLUMNS = 4


def _utc_offset() -> str:
    offset = datetime.now().astimezone().strftime("%z")
    return f"UTC{offset[:3]}:{offset[3:]}"


class HistoryModel(RecordTableModel):
    """Audit entries of one case, oldest first; the rows of ``highlight`` (a revision) in bold."""

    COLUMNS = COLUMNS

    def __init__(self, parent=None):
        super().__init__(parent)
        self.highlight: int | None = None

    @property
    def entries(self) -> list:
        return self.records

    def set_entries(self, entries: list, highlight: int | None = None) -> None:
        self.highlight = highlight
        self.set_records(entries)

    def row_of_revision(self, revision: int) -> int | None:
        return next((row for row, entry in enumerate(self.entries)
                     if entry.action == "revision_saved" and entry.revision == revision), None)

    def headers(self) -> tuple[str, ...]:
        return (self.tr("When ({offset})").format(offset=_utc_offset()), self.tr("Who"), self.tr("Revision"),
                self.tr("What"))

    def header_tips(self) -> dict[int, str]:
        return {COL_WHEN: self.tr("Local time; the trail stores UTC")}

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        entry, column = self.record_at(index), index.column()
        if entry is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if column == COL_WHEN:
                return f"{entry.at.astimezone():%Y-%m-%d %H:%M:%S}"
            if column == COL_WHO:
                return entry.user
            if column == COL_REVISION:
                return "" if entry.revision is None else str(entry.revision)
            return entry.describe()
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.tr("{what}\n\nEntry #{seq} at {when}\nProgram {version}; protocol sha256 {protocol}\n"
                           "Entry hash {hash}").format(what=entry.describe(), seq=entry.seq, when=local_time(entry.at),
                                                       version=entry.program_version,
                                                       protocol=entry.protocol_sha256 or "—", hash=entry.entry_hash)
        if role == Qt.ItemDataRole.FontRole and self.highlight is not None and entry.revision == self.highlight:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole and column == COL_REVISION:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class HistoryDialog(QDialog):
    """Read-only history of a case, and "which revision printed this sheet?" by its footer's case hash.

    ``open_requested(case_id)`` asks the window to open a case found by the lookup.
    """

    open_requested = Signal(int)

    def __init__(self, store, case_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.store = store
        self.case_id: int | None = None
        self.found_case: int | None = None
        #: True while the dialog shows a case found by the lookup: the window's edits do not replace it.
        self.showing_lookup = False
        self.setWindowTitle(self.tr("Case history"))
        self.setAccessibleName(self.tr("Case history, read-only"))
        self.model = HistoryModel(self)
        self._build()
        self.show_case(case_id)
        self.resize(900, 520)

    def _build(self) -> None:
        lookup_caption = QLabel(self.tr("Case &hash from a printed sheet's footer:"), self)
        self.hash_field = QLineEdit(self)
        self.hash_field.setAccessibleName(self.tr("Case hash from the PDF footer"))
        self.hash_field.setPlaceholderText(self.tr("at least 8 hexadecimal digits, e.g. 3f9a1c0b2e4d"))
        self.hash_field.setClearButtonEnabled(True)
        lookup_caption.setBuddy(self.hash_field)
        anchor_caption = QLabel(self.tr("&Audit anchor (optional):"), self)
        self.anchor_field = QLineEdit(self)
        self.anchor_field.setAccessibleName(self.tr("Audit anchor from the PDF footer"))
        self.anchor_field.setPlaceholderText(self.tr("after \"audit\" in the footer, e.g. 57:3f9a1c0b2e4d"))
        self.anchor_field.setClearButtonEnabled(True)
        anchor_caption.setBuddy(self.anchor_field)
        self.anchor_ok: bool | None = None  # the last lookup's anchor check: None when no anchor was typed
        self.lookup_button = QPushButton(self.tr("&Look up"), self)
        self.lookup_button.setAutoDefault(False)
        self.lookup_button.setDefault(True)  # Enter searches; it never closes the dialog
        self.lookup_result = QLabel(self)
        self.lookup_result.setWordWrap(True)
        self.lookup_result.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lookup_result.hide()
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Audit trail entries of the case"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        for column in (COL_WHEN, COL_WHO, COL_REVISION):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_WHAT, QHeaderView.ResizeMode.Stretch)
        self.open_button = QPushButton(self.tr("&Open this case"), self)
        self.open_button.setAutoDefault(False)
        self.open_button.hide()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.open_button.clicked.connect(lambda: self.open_requested.emit(self.found_case))
        self.lookup_button.clicked.connect(self.look_up)

        lookup = QHBoxLayout()
        lookup.addWidget(lookup_caption)
        lookup.addWidget(self.hash_field, 1)
        lookup.addWidget(anchor_caption)
        lookup.addWidget(self.anchor_field)
        lookup.addWidget(self.lookup_button)
        layout = QVBoxLayout(self)
        layout.addLayout(lookup)
        layout.addWidget(self.lookup_result)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    def show_case(self, case_id: int | None, highlight: int | None = None) -> None:
        """Show this case's trail (``None``: no case yet); ``highlight`` a revision in bold."""
        self.case_id = case_id
        if case_id is None:
            self.model.set_entries([])
            self.title.setText(self.tr("The case in the window is not in the ward store yet: no history. "
                                       "A printed sheet can still be looked up by its case hash."))
            return
        try:
            entries = self.store.history(case_id)
            latest = self.store.load(case_id)
        except InputError as exc:
            self.model.set_entries([])
            self.title.setText("\n".join(exc.messages))
            return
        self.model.set_entries(entries, highlight)
        self.title.setText(self.tr("Case {case_id} ({patient}, {trial} {arm}): {count} entries, latest revision "
                                   "{revision}. Read-only.").format(
            case_id=case_id, patient=latest.case.patient.id, trial=latest.case.trial,
            arm=arm_words(latest.case.trial, latest.case.arm),
            count=len(entries), revision=latest.revision))
        row = self.model.row_of_revision(highlight) if highlight is not None else None
        target = self.model.index(row if row is not None else self.model.rowCount() - 1, 0)
        if target.isValid():
            self.table.setCurrentIndex(target)
            self.table.scrollTo(target)

    def refresh(self) -> None:
        self.show_case(self.case_id, self.model.highlight)

    def _check_anchor(self) -> str:
        """The sheet's audit anchor checked like ``audit verify --anchor`` (empty text: none typed)."""
        from ...store.audit import parse_anchor

        text = self.anchor_field.text().strip()
        self.anchor_ok = None
        if not text:
            return ""
        try:
            anchor = parse_anchor(text)
        except InputError as exc:
            self.anchor_ok = False
            return "\n" + "\n".join(exc.messages)
        report = self.store.verify([anchor])
        mismatch = [p for p in report.problems if p.seq == anchor.seq and "anchor" in str(p)]
        self.anchor_ok = not mismatch
        if mismatch:
            return "\n" + self.tr("WARNING: the audit trail does not match this sheet's anchor {anchor}: {why}. "
                                  "Do not rely on this history; report it.").format(anchor=anchor.short,
                                                                                    why=str(mismatch[0]))
        return "\n" + self.tr("The sheet's audit anchor {anchor} matches the audit trail.").format(
            anchor=anchor.short)

    def look_up(self) -> list:
        """Find the revision(s) whose case hash starts with what was typed; show the first one's history."""
        text = self.hash_field.text().strip()
        self.lookup_result.show()
        self.open_button.hide()
        try:
            found = self.store.find_by_case_hash(text)
        except InputError as exc:
            self.lookup_result.setText("\n".join(exc.messages))
            return []
        if not found:
            self.lookup_result.setText(self.tr("No saved revision has the case hash {hash}: the sheet was not "
                                               "printed from a case in this ward store, or the hash was mistyped.")
                                       .format(hash=text))
            return []
        lines = []
        for info in found:
            patient = self.store.load(info.case_id, info.revision).case.patient.id
            lines.append(self.tr("Case {case_id} ({patient}) revision {revision}, saved by {who} at {when} "
                                 "({why})").format(case_id=info.case_id, patient=patient, revision=info.revision,
                                                   who=info.saved_by, when=local_time(info.saved_at),
                                                   why=why_words(info.why)))
        self.lookup_result.setText(self.tr("The sheet shows:") + "\n" + "\n".join(lines) + self._check_anchor())
        first = found[0]
        self.found_case = first.case_id
        self.open_button.show()
        self.show_case(first.case_id, highlight=first.revision)
        self.showing_lookup = True
        return found
