"""The bedside window: one screen, recomputed by the core on every edit.

Left: patient, trial and labs. Right, top: eligibility and the platelet trend;
right, bottom: the banners and the 14-day calendar. Below, while no case is open: the
ward's case list (a dock, see ``store_actions``).
"""

from __future__ import annotations

from datetime import date
from typing import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QLabel,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from .. import PROGRAM_NAME, __version__
from ..core.protocol import LoadedProtocol
from ..core.session import Assessment, assess
from .banners import BannerArea
from .calendar_model import CalendarModel
from .calendar_view import CalendarView
from .case_files import CaseFileActions, exporter_available
from .case_form import GENERAL, DayEntry, FieldKey, FormResult, FormState, default_check_unit, evaluate_form
from .criteria_view import EligibilityPanel
from .fields import FieldMessage
from .labs_panel import LabsPanel
from .patient_panel import PatientPanel
from .protocol_info import measures_used
from .store_actions import StoreCaseActions


class MainWindow(StoreCaseActions, CaseFileActions, QMainWindow):
    first_painted = Signal()

    def __init__(self, protocols: dict[str, LoadedProtocol], today: Callable[[], date] = date.today,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.protocols = protocols
        self.today = today
        self.state = FormState()
        self.result: FormResult = evaluate_form(self.state, protocols)
        self.assessment: Assessment | None = None
        self.chart = None
        self._painted = False
        self._build()
        self._create_actions()
        self._connect_signals()
        self._set_tab_order()
        self.recompute()
        self.update_title()
        self.installEventFilter(self)

    # --- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        self.patient_panel = PatientPanel(self.protocols, self)
        self.labs_panel = LabsPanel(self)
        self.form_summary = FieldMessage(self)
        inputs = QWidget(self)
        column = QVBoxLayout(inputs)
        column.addWidget(self.form_summary)
        column.addWidget(self.patient_panel)
        column.addWidget(self.labs_panel)
        column.addStretch(1)
        self.inputs_scroll = QScrollArea(self)
        self.inputs_scroll.setWidgetResizable(True)
        self.inputs_scroll.setWidget(inputs)
        self.inputs_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.inputs = inputs
        self._fit_inputs_width()

        self.eligibility_panel = EligibilityPanel(self)
        self.chart_box = QGroupBox(self.tr("Platelet trend"), self)
        self.chart_layout = QVBoxLayout(self.chart_box)
        self.chart_layout.setContentsMargins(2, 2, 2, 2)
        self.chart_placeholder = QLabel(self.tr("Loading the chart…"), self.chart_box)
        self.chart_placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chart_layout.addWidget(self.chart_placeholder)

        self.calendar_model = CalendarModel(self)
        self.banners = BannerArea(self)
        self.calendar = CalendarView(self.calendar_model, self)
        self.calendar_hint = QLabel(self.tr("Choose the trial and arm to see the 14-day calendar. "
                                            "Type a day's platelet count into its PLT cell."), self)
        self.calendar_hint.setWordWrap(True)
        treatment = QGroupBox(self.tr("Treatment: dosing calendar"), self)
        treatment_layout = QVBoxLayout(treatment)
        treatment_layout.addWidget(self.banners)
        treatment_layout.addWidget(self.calendar_hint)
        treatment_layout.addWidget(self.calendar, 1)
        self.plan_notes = QLabel(self)
        self.plan_notes.setWordWrap(True)
        self.plan_notes.setStyleSheet("color: #455a64;")
        treatment_layout.addWidget(self.plan_notes)

        top = QSplitter(Qt.Orientation.Horizontal, self)
        top.addWidget(self.eligibility_panel)
        top.addWidget(self.chart_box)
        top.setStretchFactor(0, 3)
        top.setStretchFactor(1, 1)
        top.setSizes([560, 300])
        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(top)
        right.addWidget(treatment)
        right.setStretchFactor(0, 2)
        right.setStretchFactor(1, 3)
        right.setSizes([360, 400])
        main = QSplitter(Qt.Orientation.Horizontal, self)
        main.addWidget(self.inputs_scroll)
        main.addWidget(right)
        main.setStretchFactor(1, 1)
        main.setSizes([self.inputs_scroll.minimumWidth() + 20, 860])
        for splitter in (top, right, main):
            splitter.setChildrenCollapsible(False)
        self.top_splitter, self.right_splitter, self.main_splitter = top, right, main
        self.setCentralWidget(main)
        self.protocol_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.protocol_label)

    def _create_actions(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("&File"))

        def action(text: str, shortcut, slot, menu=file_menu) -> QAction:
            item = QAction(text, self)
            item.setShortcut(QKeySequence(shortcut))
            item.triggered.connect(slot)
            menu.addAction(item)
            return item

        self.new_action = action(self.tr("&New"), QKeySequence.StandardKey.New, self.new_case)
        self.open_action = action(self.tr("&Open…"), QKeySequence.StandardKey.Open, self.open_case)
        self.save_action = action(self.tr("&Save"), QKeySequence.StandardKey.Save, self.save_case)
        self.save_as_action = action(self.tr("Save &As…"), QKeySequence.StandardKey.SaveAs, self.save_case_as)
        file_menu.addSeparator()
        self.export_action = action(self.tr("&Export PDF…"), "Ctrl+E", self.export_pdf)
        self.export_action.setVisible(exporter_available())
        file_menu.addSeparator()
        self.quit_action = action(self.tr("&Quit"), "Ctrl+Q", self.close)
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.blocking_action = action(self.tr("Show only what is &blocking"), "Ctrl+B",
                                      lambda on: self.eligibility_panel.blocking_only.setChecked(on), view_menu)
        self.blocking_action.setCheckable(True)
        self._create_store_actions()
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        action(self.tr("&About"), QKeySequence.StandardKey.HelpContents, self.show_about, help_menu)

    def _connect_signals(self) -> None:
        self.patient_panel.edited.connect(self._form_edited)
        self.patient_panel.trial_changed.connect(self._trial_changed)
        self.patient_panel.arm_changed.connect(self._arm_changed)
        self.labs_panel.edited.connect(self._form_edited)
        self.eligibility_panel.answer_changed.connect(self._answer_changed)
        self.eligibility_panel.blocking_only.toggled.connect(self.blocking_action.setChecked)
        self.calendar_model.entry_edited.connect(self._day_edited)
        self.first_painted.connect(self._after_first_paint)
        self._connect_store_signals()

    def _set_tab_order(self) -> None:
        chain = (self.patient_panel.focus_order() + self.labs_panel.focus_order()
                 + self.eligibility_panel.focus_order() + [self.calendar])
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # --- the form -------------------------------------------------------------------------
    def set_state(self, state: FormState) -> None:
        """Show another case (New, Open); not an edit."""
        self.state = state
        self.patient_panel.load(state)
        self.labs_panel.load(state)
        self._update_used_labs()
        self.banners.new_case()
        self.recompute()
        self.eligibility_panel.table.scrollToTop()
        if self.assessment is not None and self.assessment.plan.today_day is not None:
            self.calendar.scroll_to_day(self.assessment.plan.today_day)

    def _form_edited(self) -> None:
        self.patient_panel.store(self.state)
        self.labs_panel.store(self.state)
        self.labs_panel.note_data(self.state)
        self.setWindowModified(True)
        self.recompute()
        self.update_title()

    def _trial_changed(self, old: str, new: str) -> None:
        if self.state.answers and old:
            self.statusBar().showMessage(self.tr("Attestations cleared: they belonged to {trial}").format(trial=old),
                                         8000)
        self.state.answers = {}
        self.state.trial = new

    def _arm_changed(self, old: str, new: str) -> None:
        """Keep only the attestations whose criterion asks the same question in both arms."""
        loaded = self.protocols.get(self.state.trial)
        if loaded is None or not old or not new:
            self.state.answers = {} if not new else self.state.answers
        else:
            same = {c.id for c in loaded.protocol.criteria_for(new)
                    if c in loaded.protocol.criteria_for(old) and c.condition_for(old) == c.condition_for(new)}
            self.state.answers = {k: v for k, v in self.state.answers.items() if k in same}
        self.state.arm = new
        self._update_used_labs()

    def _update_used_labs(self) -> None:
        loaded = self.protocols.get(self.state.trial)
        if loaded is None or loaded.protocol.arm(self.state.arm) is None:
            self.labs_panel.set_used(None)
        else:
            self.labs_panel.set_used(measures_used(loaded.protocol, self.state.arm))
        self._fit_inputs_width()

    def _fit_inputs_width(self) -> None:
        """The input column is never narrower than its fields (it scrolls only vertically)."""
        needed = self.inputs.minimumSizeHint().width() + self.inputs_scroll.verticalScrollBar().sizeHint().width() + 4
        self.inputs_scroll.setMinimumWidth(max(needed, self.inputs.sizeHint().width() // 2))

    def _answer_changed(self, criterion_id: str, value: object) -> None:
        self.state.answers[criterion_id] = value
        self.setWindowModified(True)
        self.recompute()

    def _day_edited(self, day: int, entry: DayEntry) -> None:
        self.state.days[day] = entry
        self.setWindowModified(True)
        self.recompute()

    def field_labels(self) -> dict[FieldKey, str]:
        labels = self.patient_panel.labels()
        for measure in self.labs_panel.rows:
            name = self.labs_panel.lab_name(measure)
            labels[("labs", measure, "value")] = name
            labels[("labs", measure, "uln")] = self.tr("{lab} ULN").format(lab=name)
        for day in range(1, max(p.protocol.treatment_days for p in self.protocols.values()) + 1):
            labels[("day", day)] = self.tr("Day {day} PLT").format(day=day)
        labels[GENERAL] = ""
        return labels

    def recompute(self) -> None:
        """Ask the core again and show what it says, everywhere."""
        state = self.state
        self.result = result = evaluate_form(state, self.protocols)
        loaded = self.protocols.get(state.trial)
        ready = loaded is not None and loaded.protocol.arm(state.arm) is not None
        self.assessment = assess(result.case, self.protocols, self.today()) if ready and result.case else None
        problems = result.problems
        self.patient_panel.show_problems(problems)
        self.patient_panel.show_case(result.case)
        self.labs_panel.show_problems(problems)
        self.labs_panel.show_case(result.case)
        general = problems.get(GENERAL, [])
        field_count = sum(len(m) for k, m in problems.items() if k != GENERAL)
        summary = list(general)
        if field_count:
            summary.append(self.tr("{count} value(s) refused and left out of the verdicts: "
                                   "see the messages beside the fields.").format(count=field_count))
        self.form_summary.show_messages(summary)
        why = None if ready else self.tr("Choose the trial and arm to see their criteria.")
        if ready and result.case is None:
            why = self.tr("The form cannot be read: {problems}").format(problems="; ".join(general))
        eligibility = self.assessment.eligibility if self.assessment else None
        arm = loaded.protocol.arm(state.arm) if loaded else None
        self.eligibility_panel.show_eligibility(eligibility, state.answers, why, arm.label if arm else "")
        plan = self.assessment.plan if self.assessment else None
        day_problems = {key[1]: messages for key, messages in problems.items() if key and key[0] == "day"}
        self.calendar_model.set_plan(plan, state.days, day_problems, default_check_unit(state))
        self.calendar_hint.setVisible(plan is None)
        self.banners.set_plan(plan)
        self.plan_notes.setText("\n".join(self.tr("Note: {note}").format(note=n) for n in plan.notes) if plan else "")
        self.plan_notes.setVisible(bool(plan and plan.notes))
        if self.chart is not None:
            self.chart.set_plan(plan, loaded.protocol if loaded else None)
        if loaded is not None:
            self.protocol_label.setText(self.tr("{trial} protocol v{version}, sha256 {hash}").format(
                trial=loaded.protocol.id, version=loaded.protocol.version, hash=loaded.short_hash))
        else:
            self.protocol_label.setText(self.tr("{count} trial protocols loaded").format(count=len(self.protocols)))

    def update_title(self) -> None:
        who = self.state.patient_id.strip() or self.tr("New case")
        trial = f" · {self.state.trial}" if self.state.trial else ""
        self.setWindowTitle(f"{who}{trial}[*] — {PROGRAM_NAME}")

    # --- chart, loaded after the first paint ---------------------------------------------------
    #: QtCharts is imported only once the window has painted (start-up time); off for --exit-after-show.
    load_chart_after_paint = True

    def _after_first_paint(self) -> None:
        if self.load_chart_after_paint:
            QTimer.singleShot(0, self.ensure_chart)

    def ensure_chart(self):
        if self.chart is None:
            from .trend_chart import TrendChart

            self.chart = TrendChart(self.chart_box)
            self.chart_layout.replaceWidget(self.chart_placeholder, self.chart)
            self.chart_placeholder.deleteLater()
            loaded = self.protocols.get(self.state.trial)
            self.chart.set_plan(self.assessment.plan if self.assessment else None, loaded.protocol if loaded else None)
        return self.chart

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self and event.type() == QEvent.Type.Paint and not self._painted:
            self._painted = True
            self.first_painted.emit()
        return super().eventFilter(watched, event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.banners.set_ceiling(max(120, self.height() // 4))

    # --- closing -------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.maybe_save():
            self.store_session.close()
            event.accept()
        else:
            event.ignore()

    def show_about(self) -> None:
        trials = "\n".join(f"{t} v{p.protocol.version} (sha256 {p.short_hash})" for t, p in self.protocols.items())
        QMessageBox.about(self, self.tr("About {name}").format(name=PROGRAM_NAME),
                          self.tr("{name} {version}\nBedside dosing assistant for the hetrombopag trials.\n\n"
                                  "Protocols loaded:\n{trials}").format(name=PROGRAM_NAME, version=__version__,
                                                                         trials=trials))
