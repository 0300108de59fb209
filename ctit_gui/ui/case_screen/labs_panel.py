"""Laboratory values: value, unit, upper limit of normal, and what the core makes of them.

Which labs appear, and which need an ULN, follows the chosen arm's criteria; a lab
that holds a value always stays visible so nothing typed is hidden.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from ...core.case import Case
from ...core.labs import creatinine_clearance, ctcae_platelet_grade, measurement
from ...core.render import id_list
from ...core.units import format_number, format_quantity, unit_label
from ..widgets.fields import Choice, FieldMessage, mark_field, number_field
from .case_form import FieldKey, FormState, lab_has_uln, lab_measures, lab_units
from .protocol_info import MeasureUse

PLATELET_MEASURES = ("plt", "nadir_plt")


class _LabRow:
    def __init__(self, panel: "LabsPanel", measure: str, grid: QGridLayout, row: int):
        self.measure = measure
        name = panel.lab_name(measure)
        self.caption = QLabel(name, panel)
        self.caption.setWordWrap(True)
        self.value = number_field(panel.tr("{lab} value").format(lab=name), panel, 7)
        self.caption.setBuddy(self.value)
        self.unit: QComboBox | None = None
        self.unit_text: QLabel | None = None
        units = lab_units(measure)
        if len(units) > 1:
            self.unit = Choice(panel)
            self.unit.setAccessibleName(panel.tr("{lab} unit").format(lab=name))
            for unit in units:
                self.unit.addItem(unit_label(unit), unit)
        elif units:
            self.unit_text = QLabel(unit_label(units[0]), panel)
        self.uln: QLineEdit | None = None
        if lab_has_uln(measure):
            self.uln = number_field(panel.tr("{lab} upper limit of normal").format(lab=name), panel, 6)
            self.uln.setPlaceholderText(panel.tr("ULN"))
        self.info = QLabel(panel)
        self.info.setWordWrap(True)
        self.message = FieldMessage(panel)
        self.uln_message = FieldMessage(panel)
        grid.addWidget(self.caption, row, 0)
        grid.addWidget(self.value, row, 1)
        if self.unit is not None:
            grid.addWidget(self.unit, row, 2)
        elif self.unit_text is not None:
            grid.addWidget(self.unit_text, row, 2)
        if self.uln is not None:
            grid.addWidget(self.uln, row, 3)
        grid.addWidget(self.info, row + 1, 1, 1, 3)
        grid.addWidget(self.message, row + 2, 1, 1, 3)
        grid.addWidget(self.uln_message, row + 3, 1, 1, 3)

    def widgets(self) -> list[QWidget]:
        return [w for w in (self.caption, self.value, self.unit, self.unit_text, self.uln) if w is not None]

    def focus_order(self) -> list[QWidget]:
        return [w for w in (self.value, self.unit, self.uln) if w is not None]


class LabsPanel(QGroupBox):
    edited = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(self.tr("Laboratory values (screening)"), parent)
        self._loading = False
        self._used: dict[str, MeasureUse] | None = None
        self._has_data: set[str] = set()
        grid = QGridLayout(self)
        grid.setVerticalSpacing(2)
        for column, text in ((1, self.tr("Value")), (2, self.tr("Unit")), (3, self.tr("ULN"))):
            header = QLabel(f"<b>{text}</b>", self)
            grid.addWidget(header, 0, column)
        self.uln_header = grid.itemAtPosition(0, 3).widget()
        self.uln_header.setToolTip(self.tr("The laboratory's upper limit of normal, in the same unit"))
        self.rows: dict[str, _LabRow] = {}
        row = 1
        for measure in lab_measures():
            self.rows[measure] = _LabRow(self, measure, grid, row)
            row += 4
        self.clearance_caption = QLabel(self.tr("Creatinine clearance"), self)
        self.clearance_caption.setWordWrap(True)
        self.clearance = QLabel(self)
        self.clearance.setWordWrap(True)
        self.clearance.setAccessibleName(self.tr("Creatinine clearance, computed"))
        grid.addWidget(self.clearance_caption, row, 0)
        grid.addWidget(self.clearance, row, 1, 1, 3)
        self.hint = QLabel(self.tr("Choose the trial and arm: the labs its criteria use appear here."), self)
        self.hint.setWordWrap(True)
        grid.addWidget(self.hint, row + 1, 0, 1, 4)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        self._connect_signals()
        self.set_used(None)

    def lab_name(self, measure: str) -> str:
        names = {
            "plt": self.tr("PLT (baseline)"),
            "alt": self.tr("ALT"),
            "ast": self.tr("AST"),
            "tbil": self.tr("Total bilirubin"),
            "creatinine": self.tr("Creatinine"),
            "inr": self.tr("INR"),
            "nadir_plt": self.tr("Nadir PLT (previous cycle)"),
        }
        return names.get(measure, measure)

    def _connect_signals(self) -> None:
        for row in self.rows.values():
            row.value.textEdited.connect(self._user_edit)
            if row.unit is not None:
                row.unit.activated.connect(self._user_edit)
            if row.uln is not None:
                row.uln.textEdited.connect(self._user_edit)

    def _user_edit(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()

    def focus_order(self) -> list[QWidget]:
        return [w for row in self.rows.values() for w in row.focus_order()]

    def set_used(self, used: dict[str, MeasureUse] | None) -> None:
        """Show the labs the arm's criteria use (all hidden but PLT until an arm is chosen)."""
        self._used = used
        self._update_visibility()

    def _update_visibility(self) -> None:
        used = self._used or {}
        for measure, row in self.rows.items():
            use = used.get(measure)
            visible = measure == "plt" or use is not None or measure in self._has_data
            for widget in row.widgets():
                widget.setVisible(visible)
            if row.uln is not None:
                needs_uln = bool(use and use.uln_criteria) or bool(row.uln.text().strip())
                row.uln.setVisible(visible and needs_uln)
            row.caption.setToolTip(
                self.tr("Used by {criteria}").format(criteria=id_list(use.criteria)) if use
                else self.tr("Not used by this arm's criteria") if self._used is not None else "")
            if not visible:
                row.info.hide()
                row.message.hide()
                row.uln_message.hide()
        self.uln_header.setVisible(any(r.uln is not None and r.uln.isVisibleTo(self) for r in self.rows.values()))
        clearance_used = "creatinine_clearance" in used
        self.clearance_caption.setVisible(clearance_used)
        self.clearance.setVisible(clearance_used)
        if clearance_used:
            self.clearance_caption.setToolTip(self.tr("Used by {criteria}").format(
                criteria=id_list(used["creatinine_clearance"].criteria)))
        self.hint.setVisible(self._used is None)

    def load(self, state: FormState) -> None:
        self._loading = True
        try:
            for measure, row in self.rows.items():
                entry = state.lab(measure)
                row.value.setText(entry.value)
                if row.unit is not None:
                    row.unit.setCurrentIndex(max(0, row.unit.findData(entry.unit)))
                if row.uln is not None:
                    row.uln.setText(entry.uln)
            self._has_data = {m for m, e in state.labs.items() if e.value.strip() or e.uln.strip()}
        finally:
            self._loading = False
        self._update_visibility()

    def store(self, state: FormState) -> None:
        for measure, row in self.rows.items():
            entry = state.lab(measure)
            entry.value = row.value.text()
            if row.unit is not None:
                entry.unit = row.unit.currentData()
            if row.uln is not None:
                entry.uln = row.uln.text()

    def show_problems(self, problems: dict[FieldKey, list[str]]) -> None:
        for measure, row in self.rows.items():
            found = problems.get(("labs", measure, "value"), [])
            row.message.show_messages(found)
            mark_field(row.value, found)
            if row.uln is not None:
                uln_found = problems.get(("labs", measure, "uln"), [])
                row.uln_message.show_messages([self.tr("ULN: {message}").format(message=m) for m in uln_found])
                mark_field(row.uln, uln_found)

    def show_case(self, case: Case | None) -> None:
        """Converted values, ULN multiples and the CTCAE grade the core derives."""
        for measure, row in self.rows.items():
            lab = measurement(case, measure) if case is not None else None
            if lab is None:
                row.info.clear()
                row.info.hide()
                continue
            parts = []
            if lab.entered_unit != lab.unit and lab.unit is not None:
                parts.append(self.tr("= {quantity}").format(quantity=format_quantity(lab.value, lab.unit)))
            if lab.uln_ratio is not None:
                parts.append(self.tr("{ratio} × ULN").format(ratio=format_number(lab.uln_ratio, 2)))
            if measure in PLATELET_MEASURES:
                parts.append(self.tr("CTCAE grade {grade}").format(grade=ctcae_platelet_grade(lab.value)))
            row.info.setText(" · ".join(parts))
            row.info.setVisible(bool(parts) and row.value.isVisibleTo(self))
        if self.clearance.isVisibleTo(self):
            if case is None:
                self.clearance.setText(self.tr("unknown"))
            else:
                result = creatinine_clearance(case)
                if result.value is None:
                    self.clearance.setText(self.tr("unknown: {why}").format(why=result.message.render()))
                else:
                    self.clearance.setText(self.tr("{value} mL/min — {how}").format(
                        value=format_number(result.value, 1), how=result.message.render()))

    def note_data(self, state: FormState) -> None:
        """Remember which labs hold something, so they stay visible."""
        self._has_data = {m for m, e in state.labs.items() if e.value.strip() or e.uln.strip()}
        self._update_visibility()
