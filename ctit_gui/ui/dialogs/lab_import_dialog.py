"""File → Import lab results… and a result file dropped on the window: preview, then apply.

:class:`~ctit_gui.ui.dialogs.lab_import.LabImport` (the window's side, one per window) reads the file
(the FHIR and HL7 readers load only now) and imports this module; :class:`LabImportDialog` builds
the core's preview of the window's case and shows it: one row per result with the field, what the
case has now, the imported value, the value and range as sent, the collection time, status and
source, and the reason.

* Several results for one screening lab: the latest final one is ticked; the user may tick another.
* Two final counts on one treatment day: none is ticked; the user may tick one, or leave the day.
* A preliminary result is applied only when its row is ticked.
* A count at the rescue level must be ticked in its "confirm" box before Apply is enabled.
* Another patient's file: the refusal is shown and nothing can be applied.

Apply puts the new case into the window and saves it to the ward store as one revision with a
``labs_imported`` audit entry naming the file (name, sha256) and its message / Bundle ids.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import InputError
from ...core.render import id_list

COL_USE, COL_FIELD, COL_OLD, COL_NEW, COL_SENT, COL_COLLECTED, COL_STATUS, COL_REASON = range(8)
#: Columns that wrap at this width rather than widen the table.
_WRAPPED_WIDTH = {COL_FIELD: 130, COL_OLD: 130, COL_SENT: 150, COL_STATUS: 100, COL_COLLECTED: 90}

_REFUSED_COLOUR = QColor("#757575")
_RESCUE_COLOUR = QColor("#b71c1c")


class LabImportDialog(QDialog):
    """The preview of one file against one case; ``new_case`` is set when the user applies it."""

    def __init__(self, case, results, protocols, today, site, parent: QWidget | None = None):
        super().__init__(parent)
        self.case, self.results, self.protocols, self.today, self.site = case, results, protocols, today, site
        self.choices: dict[tuple, int] = {}
        self.confirmed: set[int] = set()
        self.rescue_confirmed: set[int] = set()
        self.new_case = None
        self.preview = None
        self._filling = False
        self.setWindowTitle(self.tr("Import lab results"))
        self.setModal(True)
        self._build()
        self.refresh()

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        self.source_label = QLabel(self)
        self.source_label.setWordWrap(True)
        layout.addWidget(self.source_label)
        self.refusal_label = QLabel(self)
        self.refusal_label.setWordWrap(True)
        self.refusal_label.setStyleSheet("color: #b71c1c; font-weight: bold;")
        self.refusal_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.refusal_label)
        self.table = QTableWidget(0, 8, self)
        self.table.setHorizontalHeaderLabels([
            self.tr("Use"), self.tr("Field"), self.tr("Now in the case"), self.tr("Imported"),
            self.tr("Sent (reference range)"), self.tr("Collected"), self.tr("Status"), self.tr("Why")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setTabKeyNavigation(False)  # the arrows walk the cells; Tab goes on to Apply and Cancel
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_REASON, QHeaderView.ResizeMode.Stretch)
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        self.table.itemChanged.connect(self._ticked)
        self.table.currentCellChanged.connect(self._show_details)
        layout.addWidget(self.table, 1)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setStyleSheet("color: #37474f;")
        layout.addWidget(self.details)
        self.notes = QLabel(self)
        self.notes.setWordWrap(True)
        layout.addWidget(self.notes)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.apply_button = self.buttons.addButton(self.tr("Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.resize(1000, 560)

    # --- the preview -------------------------------------------------------------------------
    def refresh(self) -> None:
        from ...core.lab_results import build_preview

        self.preview = build_preview(self.case, self.results, self.protocols, self.today, site=self.site,
                                     confirmed=self.confirmed, choices=self.choices)
        self.source_label.setText(self.tr("Results from {source} for case {case}.").format(
            source=self.preview.source, case=self.case.patient.id))
        self.refusal_label.setText("\n".join(self.preview.refusal))
        self.refusal_label.setVisible(bool(self.preview.refusal))
        current = self.table.currentRow()
        self._fill()
        self._show_details(current if current >= 0 else 0)
        self._update_buttons()

    def _fill(self) -> None:
        self._filling = True
        try:
            items = self.preview.items
            self.table.setRowCount(len(items))
            for row, item in enumerate(items):
                self._fill_row(row, item)
            self.table.resizeColumnsToContents()
            for column, width in _WRAPPED_WIDTH.items():
                self.table.setColumnWidth(column, min(self.table.columnWidth(column), width))
            self.table.resizeRowsToContents()
        finally:
            self._filling = False

    def _fill_row(self, row: int, item) -> None:
        from ...core.lab_results import status_text

        r = item.result
        use = QTableWidgetItem()
        use.setData(Qt.ItemDataRole.UserRole, item.index)
        tickable = not self.preview.refusal and (
            item.state == "confirm" or (item.selectable and item.target is not None))
        if tickable:
            use.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable)
            checked = item.state in ("apply", "unchanged")
            use.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        else:
            use.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        if item.rescue_level and item.state == "apply":
            use.setText(self.tr("confirm"))
            use.setToolTip(self.tr("A count at the rescue level: tick to confirm it"))
            use.setCheckState(Qt.CheckState.Checked if item.index in self.rescue_confirmed
                              else Qt.CheckState.Unchecked)
            use.setData(Qt.ItemDataRole.UserRole + 1, "rescue")
        texts = {
            COL_FIELD: item.field if item.target else (r.name or r.code),
            COL_OLD: item.old or self.tr("(none)"),
            COL_NEW: item.new or "",
            COL_SENT: f"{r.value_text()} ({r.range_text()})",
            COL_COLLECTED: r.collected_text,
            COL_STATUS: status_text(r),
            COL_REASON: "\n".join((item.reason.text, *((item.uln_note,) if item.uln_note else ()), *item.effects)),
        }
        self.table.setItem(row, COL_USE, use)
        for column, text in texts.items():
            cell = QTableWidgetItem(text)
            cell.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            cell.setToolTip(f"{text}\n{r.source}")
            if item.state == "refused":
                cell.setForeground(_REFUSED_COLOUR)
            if item.rescue_level and item.state == "apply":
                cell.setForeground(_RESCUE_COLOUR)
            self.table.setItem(row, column, cell)

    def _show_details(self, row: int, *_args) -> None:
        if not 0 <= row < len(self.preview.items):
            self.details.clear()
            return
        item = self.preview.items[row]
        r = item.result
        lines = [self.tr("{field}: sent {value}, {range}, collected {when}, status {status}; source {source}").format(
            field=item.field if item.target else (r.name or r.code), value=r.value_text(), range=r.range_text(),
            when=r.collected_text, status=r.status_sent, source=r.source), item.reason.text]
        lines += [item.uln_note] if item.uln_note else []
        lines += list(item.effects)
        self.details.setText("\n".join(lines))

    def _ticked(self, cell: QTableWidgetItem) -> None:
        if self._filling or cell.column() != COL_USE:
            return
        index = cell.data(Qt.ItemDataRole.UserRole)
        item = self.preview.items[index]
        on = cell.checkState() == Qt.CheckState.Checked
        if cell.data(Qt.ItemDataRole.UserRole + 1) == "rescue":
            (self.rescue_confirmed.add if on else self.rescue_confirmed.discard)(index)
            self._update_buttons()
            return
        if item.state == "confirm" or item.result.status == "preliminary":
            (self.confirmed.add if on else self.confirmed.discard)(index)
        if on and item.target is not None:
            self.choices[item.target] = index
        elif not on and self.choices.get(item.target) == index:
            del self.choices[item.target]
        self.refresh()

    def rows_needing_rescue_confirmation(self) -> list:
        return [i for i in self.preview.applied if i.rescue_level and i.index not in self.rescue_confirmed]

    def _update_buttons(self) -> None:
        applied = self.preview.applied
        waiting = self.rows_needing_rescue_confirmation()
        self.apply_button.setText(self.tr("Apply {count} change(s)").format(count=len(applied)))
        self.apply_button.setEnabled(bool(applied) and not waiting and not self.preview.refusal)
        notes = []
        undecided = sorted({i.target[1] for i in self.preview.undecided})
        if undecided:
            notes.append(self.tr("Day {days}: several final counts; none is chosen for you. Tick one, or leave "
                                 "the day as it is.").format(days=id_list(undecided)))
        if waiting:
            notes.append(self.tr("{count} count(s) at the rescue level: tick \"confirm\" on each to "
                                 "apply them.").format(count=len(waiting)))
        self.notes.setText("\n".join(notes))
        self.notes.setVisible(bool(notes))

    def apply(self) -> None:
        from ...core.lab_results import apply_preview

        if self.rows_needing_rescue_confirmation() or self.preview.refusal:
            return
        try:
            self.new_case = apply_preview(self.case, self.preview, self.protocols)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Lab results not applied"), "\n".join(exc.messages))
            return
        self.accept()
