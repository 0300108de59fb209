"""The bedside window: one screen, recomputed by the core on every edit.

Left: patient, trial and labs. Right, top: eligibility and the platelet trend;
right, bottom: the banners and the 14-day calendar. Below, while no case is open: the
ward's case list (a dock, see ``ward.ward_cases``).

The window is composed of parts it owns, each with one job: ``files`` (the case as a file,
:mod:`.case_files`), ``ward`` (the ward store: Cases menu, case list, history, the stored case's File
actions, :mod:`.ward.ward_cases`), ``today_page`` (the Today page and the page stack,
:mod:`.ward.today_page`), ``store_session`` (autosave, conflicts, audit) and ``lab_import``. Which
part keeps the case for File → New, Open…, Save… is decided in one place, :meth:`MainWindow.case_keeper`;
all their signals are wired in :meth:`MainWindow._connect_signals`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Callable, Sequence

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
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
from ..core.render import labelled
from ..core.session import Assessment, assess
from .case_files import CaseFiles, exporter_available
from .case_screen.banners import BannerArea
from .case_screen.calendar_model import CalendarModel
from .case_screen.calendar_view import CalendarView
from .case_screen.case_form import GENERAL, DayEntry, FieldKey, FormResult, FormState, default_check_unit, evaluate_form
from .case_screen.criteria_view import EligibilityPanel
from .case_screen.labs_panel import LabsPanel
from .case_screen.patient_header import PatientHeader
from .case_screen.patient_panel import PatientPanel
from .case_screen.protocol_info import measures_used
from .dialogs.lab_import import LabImport
from .language import add_language_menu
from .translated import shown
from .ward.store_session import StoreSession
from .ward.today_page import TodayPage
from .ward.ward_cases import WardCases
from .widgets.fields import FieldMessage, frame_tables, text_colour, user_words
from .widgets.kept_sizes import TitledBox
from .widgets.rich_label import keep_words

if TYPE_CHECKING:
    from pathlib import Path


def settle_layouts(held: Sequence[QWidget], passes: int = 4) -> None:
    """Lay out now what the new texts changed, before anything paints (issue 17).

    A verdict or a STOP that comes or goes changes the header's and the banners' heights; each
    layout pass posts the next (the header, then the splitters, then the views inside them), and
    Qt painted the window between passes: the calendar, chart and banners once where they were and
    again where they moved to. The pending layout requests are handled here, a few passes deep,
    so the edit is painted once, in its final place (the same pixels).

    ``held``: the window, the widgets between it and the case's panels and the splitters, innermost
    first. A change deep in a panel reaches them a pass later than one near the top (the header),
    and each arrival laid the whole window out again (three times in a flip of the verdict, the
    splitters six). Their requests wait until the passes below are done; then each is handled once,
    innermost first (a request an inner one makes on the way joins its parent's)."""
    waiting = _HeldRequests(held)
    try:
        for _ in range(passes):
            QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        for widget in held:
            QCoreApplication.sendPostedEvents(widget, QEvent.Type.LayoutRequest)  # one more from below: held too
            waiting.release(widget)
    finally:
        waiting.remove()


class _HeldRequests(QObject):
    """Holds back the layout requests of some widgets until :meth:`release` (:func:`settle_layouts`)."""

    def __init__(self, widgets: Sequence[QWidget]):
        super().__init__()
        self.widgets = list(widgets)
        self.waiting: set[int] = set()
        self._passing = False
        for widget in self.widgets:
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest and not self._passing:
            self.waiting.add(id(watched))
            return True
        return False

    def release(self, widget: QWidget) -> None:
        """The widget's held request (one, however many came) handled now."""
        if id(widget) in self.waiting:
            self.waiting.discard(id(widget))
            self._passing = True
            try:
                QCoreApplication.sendEvent(widget, QEvent(QEvent.Type.LayoutRequest))
            finally:
                self._passing = False

    def remove(self) -> None:
        for widget in self.widgets:
            widget.removeEventFilter(self)


class MainWindow(QMainWindow):
    first_painted = Signal()

    def __init__(self, protocols: dict[str, LoadedProtocol], today: Callable[[], date] = date.today,
                 parent: QWidget | None = None, *, state: FormState | None = None):
        """``state``: a case to show from the start (``--open``), as :meth:`set_state` would after
        construction, without computing the empty form first."""
        super().__init__(parent)
        self.protocols = protocols
        self.today = today
        self.state = FormState()
        #: The days whose count was typed in this window since the case was shown (checked against today).
        self._typed_days: set[int] = set()
        #: The input column's refused fields last shown (on a narrow screen the column opens for new ones).
        self._refused_inputs: frozenset = frozenset()
        self.result: FormResult = evaluate_form(self.state, protocols)
        self.assessment: Assessment | None = None
        self.chart = None
        self._painted = False
        self._build()
        self._create_actions()
        frame_tables(self)  # every table built so far (the Today page, the case list: when built)
        self._connect_signals()
        self._set_tab_order()
        if state is None:
            self.recompute()
        else:
            self.set_state(state)
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
        self.inputs_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no tab stop of its own: its fields are the stops
        self.inputs = inputs
        self._fit_inputs_width()

        self.eligibility_panel = EligibilityPanel(self)
        self.chart_box = TitledBox(self.tr("Platelet trend"), self)
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
        treatment = TitledBox(self.tr("Treatment: dosing calendar"), self)
        treatment_layout = QVBoxLayout(treatment)
        treatment_layout.addWidget(self.banners)
        treatment_layout.addWidget(self.calendar_hint)
        treatment_layout.addWidget(self.calendar, 1)
        self.plan_notes = QLabel(self)
        self.plan_notes.setWordWrap(True)
        text_colour(self.plan_notes, "#455a64")
        treatment_layout.addWidget(self.plan_notes)

        self.treatment_box = treatment
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
        top.setCollapsible(1, True)  # the chart gives way on narrow screens (drag it back, or widen)
        main.setCollapsible(0, True)  # the input column gives way on narrow screens while treating; focus reopens it
        self.chart_box.setMinimumWidth(1)
        self.top_splitter, self.right_splitter, self.main_splitter = top, right, main
        self.header = PatientHeader(self)
        central = QWidget(self)
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(4, 3, 4, 0)
        central_layout.setSpacing(3)
        central_layout.addWidget(self.header)
        central_layout.addWidget(main, 1)
        self.setCentralWidget(central)
        self._favoured = ""
        self.protocol_label = QLabel(self)
        self.statusBar().addPermanentWidget(self.protocol_label)

    def _create_actions(self) -> None:
        """The menus and the parts behind them (:meth:`_connect_signals` wires them)."""
        self.files = CaseFiles(self)
        file_menu = self.menuBar().addMenu(self.tr("&File"))

        def action(text: str, shortcut, menu=file_menu) -> QAction:
            item = QAction(text, self)
            item.setShortcut(QKeySequence(shortcut))
            menu.addAction(item)
            return item

        self.new_action = action(self.tr("&New"), QKeySequence.StandardKey.New)
        self.open_action = action(self.tr("&Open…"), QKeySequence.StandardKey.Open)
        self.save_action = action(self.tr("&Save"), QKeySequence.StandardKey.Save)
        self.save_as_action = action(self.tr("Save &As…"), QKeySequence.StandardKey.SaveAs)
        file_menu.addSeparator()
        self.export_action = action(self.tr("&Export PDF…"), "Ctrl+E")
        self.export_action.setVisible(exporter_available())
        self.lab_import = LabImport(self)  # also takes a result file dropped on the window
        # Ctrl+Shift+L (L for lab): Ctrl+Shift+I folds the input column (View); one key for both ran neither
        self.import_labs_action = action(self.tr("Import &lab results…"), "Ctrl+Shift+L")
        file_menu.addSeparator()
        self.quit_action = action(self.tr("&Quit"), "Ctrl+Q")
        view_menu = self.menuBar().addMenu(self.tr("&View"))
        self.blocking_action = action(self.tr("Show only what is &blocking"), "Ctrl+B", view_menu)
        self.blocking_action.setCheckable(True)
        self.inputs_action = action(self.tr("Patient and lab &inputs"), "Ctrl+Shift+I", view_menu)
        self.inputs_action.setCheckable(True)
        self.inputs_action.setChecked(True)
        add_language_menu(self, view_menu)
        self.store_session = StoreSession(self)
        cases_menu = self.menuBar().addMenu(self.tr("&Cases"))
        self.today_page = TodayPage(self, cases_menu)
        self.ward = WardCases(self, cases_menu)
        help_menu = self.menuBar().addMenu(self.tr("&Help"))
        self.about_action = action(self.tr("&About"), QKeySequence.StandardKey.HelpContents, help_menu)

    def _connect_signals(self) -> None:
        """Every signal of the window and its parts. The parts built when first needed, after this (the
        case list, the Today page, the history dialog), wire their own widgets' signals when built."""
        ward, today = self.ward, self.today_page
        for item, slot in ((self.new_action, self.new_case), (self.open_action, self.open_case),
                           (self.save_action, self.save_case), (self.save_as_action, self.save_case_as),
                           (self.export_action, self.export_pdf),
                           (self.import_labs_action, self.lab_import.choose_file), (self.quit_action, self.close),
                           (self.blocking_action, lambda on: self.eligibility_panel.blocking_only.setChecked(on)),
                           (self.inputs_action, self.show_inputs),
                           (today.action, today.toggle_today), (ward.case_list_action, ward.show_case_list),
                           (ward.history_action, ward.show_history), (ward.lookup_action, ward.show_sheet_lookup),
                           (ward.switch_user_action, ward.switch_user), (ward.choose_store_action, ward.choose_store),
                           (self.about_action, self.show_about)):
            item.triggered.connect(slot)
        today.midnight_timer.timeout.connect(today.refresh)
        self.patient_panel.edited.connect(self._form_edited)
        self.patient_panel.trial_changed.connect(self._trial_changed)
        self.patient_panel.arm_changed.connect(self._arm_changed)
        self.labs_panel.edited.connect(self._form_edited)
        self.eligibility_panel.answer_changed.connect(self._answer_changed)
        self.eligibility_panel.blocking_only.toggled.connect(self.blocking_action.setChecked)
        self.calendar_model.entry_edited.connect(self._day_edited)
        self.first_painted.connect(self._after_first_paint)
        QApplication.instance().focusChanged.connect(self._focus_moved)
        # the ward store: every edit autosaved a second later; its status line; the case list and an open
        # history follow what it saved or loaded
        session = self.store_session
        for edited in (self.patient_panel.edited, self.labs_panel.edited, self.eligibility_panel.answer_changed,
                       self.calendar_model.entry_edited):
            edited.connect(session.schedule)
        session.status_changed.connect(ward.store_label.setText)
        session.changed.connect(ward.refresh_case_list)
        session.changed.connect(ward.follow_history)
        session.loaded.connect(ward.follow_history)

    def _set_tab_order(self) -> None:
        chain = (self.patient_panel.focus_order() + self.labs_panel.focus_order()
                 + self.eligibility_panel.focus_order() + [self.calendar])
        for first, second in zip(chain, chain[1:]):
            QWidget.setTabOrder(first, second)

    # --- the form -------------------------------------------------------------------------
    def set_state(self, state: FormState) -> None:
        """Show another case (New, Open); not an edit."""
        self.state = state
        self._typed_days = set()
        self.patient_panel.load(state)
        self.labs_panel.load(state)
        self._update_used_labs()
        self.banners.new_case()
        self.header.new_case()
        self.recompute()
        self.eligibility_panel.table.scrollToTop()
        on_treatment = self.assessment is not None and state.day1 is not None and self.today() >= state.day1
        if on_treatment and self.isVisible():
            focus = QApplication.focusWidget()
            if focus is None or self.inputs.isAncestorOf(focus) or focus is self:
                self.calendar.setFocus(Qt.FocusReason.OtherFocusReason)  # a case on treatment opens on its calendar
        self.favour("treatment" if on_treatment else "eligibility")
        if self.assessment is not None:
            plan = self.assessment.plan
            shown = plan.today_day or max((d.day for d in plan.days if d.checkpoint and d.platelet_count is not None),
                                          default=None)
            if shown is not None:
                self.calendar.scroll_to_day(shown)

    def _form_edited(self) -> None:
        self.patient_panel.store(self.state)
        self.labs_panel.store(self.state)
        self.labs_panel.note_data(self.state)
        self._edited()
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
        self._edited()

    def _day_edited(self, day: int, entry: DayEntry) -> None:
        self.state.days[day] = entry
        self._typed_days.add(day)
        self._edited()

    def _edited(self) -> None:
        """A change the clinician made: the case is modified and asked again. From the first one the
        window is in use, and rich texts are kept for the words that come back (``rich_label``)."""
        self.setWindowModified(True)
        keep_words()
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
        self.result = result = evaluate_form(state, self.protocols, self.today(), self._typed_days)
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
        summary = [user_words(m) for m in general]
        if field_count:
            summary.append(self.tr("{count} value(s) refused and left out of the verdicts: "
                                   "see the messages beside the fields.").format(count=field_count))
        self.form_summary.show_messages(summary)
        self._show_refused_inputs(frozenset(key for key in problems if not (key and key[0] == "day")))
        why = None if ready else self.tr("Choose the trial and arm to see their criteria.")
        if ready and result.case is None:
            why = self.tr("The form cannot be read: {problems}").format(problems="; ".join(general))
        eligibility = self.assessment.eligibility if self.assessment else None
        arm = loaded.protocol.arm(state.arm) if loaded else None
        self.eligibility_panel.show_eligibility(eligibility, state.answers, why, shown(arm.label) if arm else "")
        plan = self.assessment.plan if self.assessment else None
        day_problems = {key[1]: messages for key, messages in problems.items() if key and key[0] == "day"}
        self.calendar_model.set_plan(plan, state.days, day_problems, default_check_unit(state))
        self.calendar_hint.setVisible(plan is None)
        self.banners.set_plan(plan)
        self.header.show_case(state.patient_id, state.trial, shown(arm.label) if arm else "", self.assessment,
                              self.today())
        self.plan_notes.setText("\n".join(self.tr("Note: {note}").format(note=shown(n)) for n in plan.notes) if plan else "")
        self.plan_notes.setVisible(bool(plan and plan.notes) and (self._favoured != "eligibility" or self.height() >= 900))
        if self.chart is not None:
            self.chart.set_plan(plan, loaded.protocol if loaded else None)
        if loaded is not None:
            self.protocol_label.setText(self.tr("{trial} protocol v{version}, sha256 {hash}").format(
                trial=loaded.protocol.id, version=loaded.protocol.version, hash=loaded.short_hash))
        else:
            self.protocol_label.setText(self.tr("{count} trial protocols loaded").format(count=len(self.protocols)))
        settle_layouts(self._layout_chain())
        self.calendar.show_resized_rows()  # after the layout: the calendar's final height

    def _layout_chain(self) -> list[QWidget]:
        """The splitters and the widgets from the case's page up to the window, innermost first
        (:func:`settle_layouts`)."""
        chain, widget = [self.top_splitter, self.right_splitter, self.main_splitter], self.header.parentWidget()
        while widget is not None:
            chain.append(widget)
            widget = widget.parentWidget()
        return chain

    def update_title(self) -> None:
        who = self.state.patient_id.strip() or self.tr("New case")
        trial = f" · {self.state.trial}" if self.state.trial else ""
        offline = self.store_session.offline_text() if hasattr(self, "store_session") else ""
        self.header.set_offline(offline)  # the always-visible header says it too (issue 14)
        offline = f" — {offline}" if offline else ""
        self.setWindowTitle(f"{who}{trial}[*]{offline} — {self.tr(PROGRAM_NAME)}")

    # --- File: where the case is kept ----------------------------------------------------------
    def case_keeper(self) -> WardCases | CaseFiles:
        """Who keeps the case for File → New, Open…, Save, Save As… and Export PDF…: the ward store while
        it is open (stored revisions, imports and exports in the audit trail), else a case file."""
        return self.ward if self.store_session.active else self.files

    def new_case(self) -> None:
        self.case_keeper().new_case()

    def open_case(self) -> None:
        self.case_keeper().open_case()

    def load_path(self, path: Path) -> bool:
        """Open a case file (``--open``, Open…), or with the store import it."""
        return self.case_keeper().load_path(path)

    def save_case(self) -> bool:
        return self.case_keeper().save_case()

    def save_case_as(self) -> bool:
        return self.case_keeper().save_case_as()

    def export_pdf(self) -> bool:
        return self.case_keeper().export_pdf()

    def maybe_save(self, leaving: bool = False) -> bool:
        """True when it is fine to drop the shown case: saved, discarded, or unchanged (``leaving``: the
        window closes or another clinician signs in)."""
        return self.case_keeper().maybe_save(leaving)

    def half_typed_dates_settled(self) -> bool:
        """A date typed only in part counts as not set and is neither saved nor kept: before the window
        drops the case (another case, New, close), say which and let the clinician go back to finish it."""
        half_typed = self.patient_panel.half_typed_dates()
        if not half_typed:
            return True
        fields = "\n".join(self.tr("{field}: “{text}”").format(field=widget.edit.accessibleName(), text=text)
                           for widget, text in half_typed)
        answer = QMessageBox.question(
            self, self.tr("Date not finished"),
            self.tr("Typed only in part, not a whole date (YYYY-MM-DD):\n{fields}\n\nA date typed in part "
                    "counts as not set and is not kept. Cancel goes back to finish it; Discard leaves it not set.").format(
                fields=fields),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Discard:
            for widget, _text in half_typed:  # the clinician's choice: not set (asked once, not again)
                widget.set_date(None)
            return True
        half_typed[0][0].edit.setFocus()
        return False

    def check_saveable(self, title: str) -> bool:
        """Whether the case can be saved or exported; if not, a message box (``title``) lists what to correct."""
        if self.result.saveable:
            return True
        QMessageBox.warning(self, title, self.tr("Correct these fields first:") + "\n" + self._problems_text())
        return False

    def _problems_text(self) -> str:
        labels = self.field_labels()
        lines = self.result.problem_lines(labels)
        if not self.state.patient_id.strip():
            lines.insert(0, labelled(labels[("patient", "id")], self.tr("required")))
        if not (self.state.trial and self.state.arm):
            lines.insert(0, labelled(self.tr("Trial and arm"), self.tr("choose both")))
        return "\n".join(f"• {line}" for line in lines)

    # --- chart, loaded after the first paint ---------------------------------------------------
    #: QtCharts is imported only once the window has painted (start-up time); off for --exit-after-show.
    load_chart_after_paint = True

    def _after_first_paint(self) -> None:
        if self.load_chart_after_paint:
            QTimer.singleShot(0, self.ensure_chart)

    def ensure_chart(self):
        if self.chart is None:
            from .case_screen.trend_chart import TrendChart

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

    def showEvent(self, event) -> None:
        """On a narrow screen the input column is folded: the first focus Qt gives on activation (the
        column's first field) would open it unasked, and keys would go to a field nobody chose. The
        window itself holds the focus until the user Tabs, clicks or uses a mnemonic (which open it)."""
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            focus = self.focusWidget()
            if self.main_splitter.sizes()[0] == 0 and (focus is None or self.inputs.isAncestorOf(focus)):
                self.setFocus(Qt.FocusReason.OtherFocusReason)

    _shown_once = False

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.banners.set_ceiling(max(120, self.height() // 3))
        self._fit_splitters()

    #: Below this window width the chart, and while treating the input column, give way.
    NARROW = 1200

    def _fit_splitters(self) -> None:
        """The chart gives its width to the tables on narrow screens; the table in use gets the height."""
        self.favour(self._favoured or "treatment")

    def show_inputs(self, show: bool = True) -> None:
        """Open (or fold away) the patient and lab input column."""
        sizes = self.main_splitter.sizes()
        total = sum(sizes)
        width = min(self.inputs_scroll.minimumWidth() + 20, total // 2) if show else 0
        if (sizes[0] > 0) != show:
            self.main_splitter.setSizes([width, total - width])
        self.inputs_action.setChecked(show)

    def favour(self, part: str, fold_inputs: bool = False) -> None:
        """Give the height to the part the user works in ("eligibility" or "treatment"); the other
        keeps what it needs to stay readable (the verdict and a few rows; the banners and a few days)."""
        self._favoured = part
        self.eligibility_panel.detail.setVisible(part == "eligibility" or self.height() >= 900)
        if (self.width() < self.NARROW and self._favoured_inputs_fold() and (part == "treatment" or fold_inputs)
                and not self._refused_inputs):
            self.show_inputs(False)
        total = self.right_splitter.height()
        if total <= 0:
            return
        self.plan_notes.setVisible(bool(self.plan_notes.text()) and (part == "treatment" or self.height() >= 900))
        if part == "treatment":
            small = self.eligibility_panel.compact_height()
            if self.height() >= 780 and self.width() >= self.NARROW:
                small = max(small, 300)  # room enough: the chart beside the verdict stays readable
        else:  # the banners and the calendar's header and today's row stay in view
            today = self.calendar.model().row_of_day(self.assessment.plan.today_day or 0) if self.assessment else -1
            row = self.calendar.rowHeight(today) if today >= 0 else self.calendar.verticalHeader().defaultSectionSize()
            small = (self.banners.height() + self.calendar.horizontalHeader().height() + row + 14
                     + self.treatment_box.layout().spacing() * 2 + self.treatment_box.layout().contentsMargins().top()
                     + self.treatment_box.layout().contentsMargins().bottom() + self.fontMetrics().height())
        small = min(small, total // 2)
        # the chart needs room to be read: beside a compact eligibility panel it folds away
        width = self.top_splitter.width()
        chart_room = self.width() >= self.NARROW and (part == "eligibility" or small >= 260 or self.height() >= 780)
        if width and (self.top_splitter.sizes()[1] > 0) != chart_room:
            self.top_splitter.setSizes([width * 3 // 4, width // 4] if chart_room else [width, 0])
        sizes = [small, total - small] if part == "treatment" else [total - small, small]
        if self.right_splitter.sizes() != sizes:
            self.right_splitter.setSizes(sizes)
        self._keep_today_in_view()

    def _keep_today_in_view(self) -> None:
        """Today's calendar row (or the last checkpoint with a count) stays in view whatever the height."""
        plan = self.assessment.plan if self.assessment else None
        if plan is None:
            return
        day = plan.today_day or max((d.day for d in plan.days if d.checkpoint and d.platelet_count is not None),
                                    default=None)
        row = self.calendar_model.row_of_day(day) if day else -1
        if row >= 0:
            self.calendar.scrollTo(self.calendar_model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def _show_refused_inputs(self, refused: frozenset) -> None:
        """A value the input column holds and the core refused is shown where it was typed, with its message:
        on a narrow screen the folded column opens for each newly refused field and stays open while any is
        refused (Ctrl+Shift+I still folds it). Counts refused on their day are shown in the calendar."""
        if refused - self._refused_inputs and self.width() < self.NARROW:
            self.show_inputs(True)
        self._refused_inputs = refused

    def _favoured_inputs_fold(self) -> bool:
        """Fold the inputs only while nobody is typing in them."""
        focus = QApplication.focusWidget()
        return focus is None or not self.inputs.isAncestorOf(focus)

    def _focus_moved(self, _old, new) -> None:
        if new is None or not self.isAncestorOf(new):
            return
        if self.inputs.isAncestorOf(new) and self.main_splitter.sizes()[0] == 0:
            self.show_inputs(True)  # Tab or Alt+letter into a folded column opens it
        if self.treatment_box.isAncestorOf(new):
            self.favour("treatment")
        elif self.eligibility_panel.isAncestorOf(new) and new is not self.eligibility_panel.detail:
            self.favour("eligibility", fold_inputs=True)

    # --- closing -------------------------------------------------------------------------
    def closeEvent(self, event) -> None:
        if self.maybe_save(leaving=True):
            self.store_session.close()
            event.accept()
        else:
            event.ignore()

    def show_about(self) -> None:
        trials = "\n".join(f"{t} v{p.protocol.version} (sha256 {p.short_hash})" for t, p in self.protocols.items())
        QMessageBox.about(self, self.tr("About {name}").format(name=self.tr(PROGRAM_NAME)),
                          self.tr("{name} {version}\nBedside dosing assistant for the hetrombopag trials.\n\n"
                                  "Protocols loaded:\n{trials}").format(name=self.tr(PROGRAM_NAME), version=__version__,
                                                                         trials=trials))
