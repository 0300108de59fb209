"""Patient and trial: who the patient is, which trial arm, and the screening and day-1 dates."""

from __future__ import annotations

import typing

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.case import Case, Patient, age_on
from ...core.protocol import LoadedProtocol
from ..translated import shown, with_original
from ..widgets.fields import Choice, ChoiceBox, DateField, FieldMessage, mark_field, number_field, text_colour, user_words
from .case_form import FieldKey, FormState, ecog_range, max_length


def _hint(parent: QWidget) -> QLabel:
    """A muted line under a field: what the choice means, or what the core derived from it."""
    label = QLabel(parent)
    label.setWordWrap(True)
    text_colour(label, "#455a64")
    label.hide()
    return label


class PatientPanel(QGroupBox):
    """Edits the patient and trial part of the form; ``edited`` after every change by the user."""

    edited = Signal()
    trial_changed = Signal(str, str)  # (old trial, new trial)
    arm_changed = Signal(str, str)  # (old arm, new arm)

    def __init__(self, protocols: dict[str, LoadedProtocol], parent: QWidget | None = None):
        super().__init__(self.tr("Patient and trial"), parent)
        self.protocols = protocols
        self._loading = False
        self.messages: dict[FieldKey, FieldMessage] = {}
        self.inputs: dict[FieldKey, QWidget] = {}
        #: What a field is for, on hover while nothing in it is refused (mark_field).
        self.help_texts: dict[FieldKey, str] = {}
        self.form = QFormLayout(self)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._build()
        self._connect_signals()

    # --- construction -----------------------------------------------------------------
    def _row(self, label: str, key: FieldKey, widget: QWidget, extra: QWidget | None = None,
             wide: bool = False) -> None:
        """A captioned field with its message line; ``wide``: caption above, field across the panel."""
        box = QWidget(self)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(1)
        layout.addWidget(widget)
        if extra is not None:
            layout.addWidget(extra)
        message = FieldMessage(box)
        layout.addWidget(message)
        caption = QLabel(label, self)
        caption.setBuddy(widget.edit if isinstance(widget, DateField) else widget)  # Alt+letter reaches the text
        if wide:
            self.form.addRow(caption)
            self.form.addRow(box)
        else:
            self.form.addRow(caption, box)
        self.messages[key] = message
        self.inputs[key] = widget

    def _build(self) -> None:
        self.trial = Choice(self)
        self.trial.setAccessibleName(self.tr("Trial"))
        self.trial.setPlaceholderText(self.tr("choose the trial"))
        for trial_id, loaded in self.protocols.items():
            # the list names each trial by its number and title; the closed box by its number
            self.trial.addItem(f"{trial_id} — {shown(loaded.protocol.short_title)}", trial_id)
            self.trial.setItemData(self.trial.count() - 1, with_original(loaded.protocol.title),
                                   Qt.ItemDataRole.ToolTipRole)
        self.trial.setCurrentIndex(-1)
        self.trial.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.trial.setMinimumContentsLength(18)
        self.trial_title = _hint(self)
        self._row(self.tr("&Trial"), ("trial",), self.trial, self.trial_title, wide=True)

        self.arm = Choice(self)
        self.arm.setAccessibleName(self.tr("Trial arm or cohort"))
        self.arm.setPlaceholderText(self.tr("choose the arm or cohort"))
        self.arm.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.arm.setMinimumContentsLength(18)
        self.regimen = _hint(self)
        self._row(self.tr("A&rm or cohort"), ("arm",), self.arm, self.regimen, wide=True)

        self.patient_id = QLineEdit(self)
        self.patient_id.setAccessibleName(self.tr("Patient id"))
        self.patient_id.setMaxLength(max_length(Patient, "id"))
        self.patient_id.setPlaceholderText(self.tr("required to save"))
        self._row(self.tr("Patient &id"), ("patient", "id"), self.patient_id)

        self.hospital_id = QLineEdit(self)
        self.hospital_id.setAccessibleName(self.tr("Hospital record number"))
        self.hospital_id.setMaxLength(max_length(Patient, "hospital_id"))
        # the placeholder fits the field at 1024×768 in both languages; the why is one hover away
        self.hospital_id.setPlaceholderText(self.tr("住院号 / 门诊号, for lab import"))
        self.help_texts[("patient", "hospital_id")] = self.tr(
            "The hospital record number (住院号 / 门诊号) that laboratory results name. File → Import lab results… "
            "needs it, and imports a result file only for the patient with this number.")
        self._row(self.tr("Hospital nu&mber"), ("patient", "hospital_id"), self.hospital_id)

        sexes = typing.get_args(typing.get_args(Patient.model_fields["sex"].annotation)[0])
        words = {"female": self.tr("female"), "male": self.tr("male")}
        self.sex = ChoiceBox(self.tr("Sex"), [(words.get(s, s), s) for s in sexes], self)
        self._row(self.tr("&Sex"), ("patient", "sex"), self.sex)

        self.age = number_field(self.tr("Age in years"), self, 5)
        self.age.setPlaceholderText(self.tr("years, or birth date"))
        self._row(self.tr("&Age (years)"), ("patient", "age_years"), self.age)

        self.birth_date = DateField(self.tr("Birth date"), self)
        self.age_hint = _hint(self)
        self._row(self.tr("&Birth date"), ("patient", "birth_date"), self.birth_date, self.age_hint)

        self.weight = number_field(self.tr("Weight in kilograms"), self, 6)
        self._row(self.tr("&Weight (kg)"), ("patient", "weight_kg"), self.weight)

        yes_no = [(self.tr("yes"), True), (self.tr("no"), False)]
        self.childbearing = ChoiceBox(self.tr("Childbearing potential"), yes_no, self)
        self._row(self.tr("Childbearin&g potential"), ("patient", "childbearing_potential"), self.childbearing)

        self.ecog = ChoiceBox(self.tr("ECOG performance status"), [(str(v), v) for v in ecog_range()], self)
        self._row(self.tr("&ECOG"), ("patient", "ecog"), self.ecog)

        self.liver = ChoiceBox(self.tr("Liver metastases"), yes_no, self)
        self._row(self.tr("&Liver metastases"), ("patient", "liver_metastases"), self.liver)

        self.screening = DateField(self.tr("Screening date"), self)
        self._row(self.tr("Scree&ning date"), ("screening_date",), self.screening)

        self.day1 = DateField(self.tr("Day 1 of treatment"), self)
        self._row(self.tr("&Day 1"), ("day1",), self.day1)

        self.notes = QPlainTextEdit(self)
        self.notes.setAccessibleName(self.tr("Notes, printed on the sheet"))
        self.notes.setPlaceholderText(self.tr("printed on the dosing sheet"))
        self.notes.setTabChangesFocus(True)
        self.notes.setFixedHeight(self.notes.fontMetrics().lineSpacing() * 3 + 12)
        self._row(self.tr("Notes (&printed)"), ("notes",), self.notes)

    def _connect_signals(self) -> None:
        self.trial.activated.connect(self._trial_chosen)
        self.arm.activated.connect(self._arm_chosen)
        for field in (self.patient_id, self.hospital_id, self.age, self.weight):
            field.textEdited.connect(self._user_edit)
        for box in (self.sex, self.childbearing, self.ecog, self.liver):
            box.choiceChanged.connect(self._user_edit)
        for date_field in (self.birth_date, self.screening, self.day1):
            date_field.dateChanged.connect(self._user_edit)
        self.notes.textChanged.connect(self._user_edit)

    # --- behaviour ----------------------------------------------------------------------
    def focus_order(self) -> list[QWidget]:
        """The tab stops in reading order; a date field is one as a whole (it hands the focus to its text): Qt
        orders a focus proxy by its owner, so naming the text alone left the field behind the calendar."""
        return [self.trial, self.arm, self.patient_id, self.hospital_id, self.sex, self.age, self.birth_date,
                self.weight, self.childbearing, self.ecog, self.liver, self.screening, self.day1, self.notes]

    def _user_edit(self, *_args) -> None:
        if not self._loading:
            self.edited.emit()

    def current_trial(self) -> str:
        return self.trial.currentData() or ""

    def current_arm(self) -> str:
        return self.arm.currentData() or ""

    def _fill_arms(self, trial_id: str, arm_id: str = "") -> None:
        self.arm.clear()
        loaded = self.protocols.get(trial_id)
        if loaded is not None:
            for arm in loaded.protocol.arms:
                self.arm.addItem(shown(arm.label), arm.id)
                self.arm.setItemData(self.arm.count() - 1, with_original(arm.regimen), Qt.ItemDataRole.ToolTipRole)
        index = self.arm.findData(arm_id) if arm_id else -1
        self.arm.setCurrentIndex(index)
        self._show_regimen()

    def _show_regimen(self) -> None:
        loaded = self.protocols.get(self.current_trial())
        self.trial_title.setText(shown(loaded.protocol.short_title) if loaded else "")
        self.trial_title.setVisible(loaded is not None)
        arm = loaded.protocol.arm(self.current_arm()) if loaded else None
        self.regimen.setText(shown(arm.regimen) if arm else "")
        self.regimen.setToolTip(with_original(arm.regimen) if arm else "")
        self.regimen.setVisible(arm is not None)

    def _trial_chosen(self, _index: int) -> None:
        if self._loading:
            return
        old = self._last_trial
        new = self.current_trial()
        if new != old:
            self._fill_arms(new)
            self._last_trial, old_arm, self._last_arm = new, self._last_arm, ""
            self.trial_changed.emit(old, new)
            self.arm_changed.emit(old_arm, "")
            self.edited.emit()

    def _arm_chosen(self, _index: int) -> None:
        if self._loading:
            return
        old, new = self._last_arm, self.current_arm()
        self._show_regimen()
        if new != old:
            self._last_arm = new
            self.arm_changed.emit(old, new)
            self.edited.emit()

    _last_trial = ""
    _last_arm = ""

    def load(self, state: FormState) -> None:
        """Show the form state without reporting edits."""
        self._loading = True
        try:
            self.trial.setCurrentIndex(self.trial.findData(state.trial) if state.trial else -1)
            self._fill_arms(state.trial, state.arm)
            self._last_trial, self._last_arm = self.current_trial(), self.current_arm()
            self.patient_id.setText(state.patient_id)
            self.hospital_id.setText(state.hospital_id)
            self.sex.set_value(state.sex)
            self.age.setText(state.age_years)
            self.birth_date.set_date(state.birth_date)
            self.weight.setText(state.weight_kg)
            self.childbearing.set_value(state.childbearing_potential)
            self.ecog.set_value(state.ecog)
            self.liver.set_value(state.liver_metastases)
            self.screening.set_date(state.screening_date)
            self.day1.set_date(state.day1)
            if self.notes.toPlainText() != (state.notes or ""):
                self.notes.setPlainText(state.notes or "")
        finally:
            self._loading = False

    def store(self, state: FormState) -> None:
        state.trial = self.current_trial()
        state.arm = self.current_arm()
        state.patient_id = self.patient_id.text()
        state.hospital_id = self.hospital_id.text()
        state.sex = self.sex.value()
        state.age_years = self.age.text()
        state.birth_date = self.birth_date.value()
        state.weight_kg = self.weight.text()
        state.childbearing_potential = self.childbearing.value()
        state.ecog = self.ecog.value()
        state.liver_metastases = self.liver.value()
        state.screening_date = self.screening.value()
        state.day1 = self.day1.value()
        notes = self.notes.toPlainText()
        state.notes = notes if notes or state.notes is not None else None  # a note emptied stays ""

    def half_typed_dates(self) -> list[tuple[DateField, str]]:
        """Date fields holding text that is not a whole date (it counts as not set and is not saved)."""
        return [(widget, widget.partial_text()) for widget in self.inputs.values()
                if isinstance(widget, DateField) and widget.partial_text()]

    def show_problems(self, problems: dict[FieldKey, list[str]]) -> None:
        for key, message in self.messages.items():
            found = [user_words(m) for m in problems.get(key, [])]
            widget = self.inputs[key]
            if isinstance(widget, DateField) and widget.partial_text():
                found.append(self.tr("“{text}” is not a whole date: type it as YYYY-MM-DD, or pick it "
                                     "(Alt+Down); until then the date counts as not set").format(
                    text=widget.partial_text()))
            message.show_messages(found)
            widget = self.inputs[key]
            mark_field(widget.edit if isinstance(widget, DateField) else widget, found, self.help_texts.get(key, ""))

    def show_case(self, case: Case | None) -> None:
        """Derived hints: the age the birth date gives on the screening date."""
        age = age_on(case) if case is not None and case.patient.age_years is None else None
        if case is not None and case.patient.birth_date is not None and case.patient.age_years is None:
            text = (self.tr("{age} years on the screening date").format(age=age) if age is not None
                    else self.tr("age unknown until the screening date is set"))
            self.age_hint.setText(text)
            self.age_hint.show()
        else:
            self.age_hint.hide()

    def labels(self) -> dict[FieldKey, str]:
        """Field names for messages, as the form shows them."""
        return {key: self.inputs[key].accessibleName() or self.inputs[key].edit.accessibleName()
                for key in self.inputs}
