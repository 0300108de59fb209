"""The patient header: always visible above everything else, whatever the window's size.

Who (patient id), which trial and arm, which treatment day today is, the eligibility verdict
in words (with DO NOT DOSE when the plan says so) and the ward status headline. Every word
comes from the core (eligibility, plan, ward status); nothing is decided here.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QSizePolicy, QWidget

from ...core.render import date_text, state_words
from ...core.session import Assessment
from ...core.ward_status import ward_status
from ..widgets.fields import text_colour
from ..widgets.icons import BACKGROUNDS, COLOURS
from ..widgets.kept_sizes import SizedLabel
from ..widgets.kind_boxes import KindBoxes
from ..widgets.steady_height import SteadyHeight

#: Display colour of each ward headline.
_HEADLINE_KIND = {"rescue": "fail", "check_overdue": "warning", "grade4": "fail", "dose_review": "warning",
                  "do_not_dose": "stop", "check_due_today": "info", "on_treatment": "ok", "screening": "note",
                  "finished": "note", "closed": "note"}


class Chip(SizedLabel):
    """A word-wrapped chip of the header: it remembers its sizes per words (and width).

    The header's layouts ask each chip's height again and again as an edit settles (18–20 times in
    a threshold crossing, ~1.3 M instructions: each answer lays the words out anew, issue 17), and
    its size hints after each new text (up to five layouts).

    A chip of a kind (:meth:`set_kind`: the verdict's, the ward status's) shows it without a style
    sheet of its own: its coloured box is one of :class:`KindBoxes` in a layer of the header, kept at
    the chip's place under its words; the words are bold and in the kind's colour by font and palette,
    the border's 1 px an invisible frame and the padding (1 px, 4 px) its contents margins. A new style
    sheet re-polished the chip at each flip (~0.9 M instructions a chip)."""

    def __init__(self, parent: QWidget | None = None, layer: QWidget | None = None):
        super().__init__(parent)
        self.kind: str | None = None
        #: In a layer under the chips, over the whole header (showing a box in a parent with a layout
        #: laid the whole window out, mid-edit, ~7 M instructions the first time a kind was shown).
        self.kind_boxes = KindBoxes(layer, "chipBox", radius=3)

    def set_kind(self, kind: str) -> None:
        if kind == self.kind:
            return
        palette = self.palette()
        if self.kind is None:  # a chip of a kind: bold, its words inside the box's border and padding
            font = self.font()
            font.setBold(True)
            self.setFont(font)
            # the border's 1 px as a frame that draws nothing (its colours transparent): QLabel indents
            # the words of a framed label (half an "x" drawn, a whole one measured), as it did them
            # under the style sheet, whose border made a frame
            self.setFrameShape(QFrame.Shape.Panel)
            self.setFrameShadow(QFrame.Shadow.Sunken)
            self.setLineWidth(1)
            for role in (QPalette.ColorRole.Light, QPalette.ColorRole.Dark):
                palette.setColor(role, QColor(0, 0, 0, 0))
            self.setContentsMargins(5, 2, 5, 2)  # the border and the padding (kept: a frame keeps its rect)
        self.kind = kind
        palette.setColor(QPalette.ColorRole.WindowText, QColor(COLOURS[kind]))
        self.setPalette(palette)
        self.kind_boxes.show(kind, self._place())

    def _place(self) -> QRect:
        """Where the box goes: the chip's place, or none while the chip is hidden."""
        return self.geometry() if not self.isHidden() else QRect(0, 0, 0, 0)

    def event(self, event) -> bool:
        if event.type() in _MOVES:  # the box follows the chip
            self.kind_boxes.place(self._place())
        return super().event(event)


_MOVES = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


def _chip(parent: QWidget, layer: QWidget | None = None) -> QLabel:
    label = Chip(parent, layer)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    return label


class PatientHeader(SteadyHeight, QFrame):
    """One line (wrapping when narrow): patient · trial · arm · day | verdict | ward status."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("patientHeader")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("QFrame#patientHeader { background: #eceff1; border: 1px solid #90a4ae; "
                           "border-radius: 3px; }")
        self.layer = QWidget(self)  # the chips' boxes, under the chips (made first)
        self.layer.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.who = _chip(self)
        text_colour(self.who, "black")
        font = self.who.font()
        font.setBold(True)
        self.who.setFont(font)
        self.verdict = _chip(self, self.layer)
        self.status = _chip(self, self.layer)
        self.offline = _chip(self)  # "Ward store offline since HH:MM — …" while the server is away (issue 14)
        self.offline.setObjectName("offlineNotice")
        self.offline.setStyleSheet(f"QLabel {{ background: {BACKGROUNDS['warning']}; color: {COLOURS['warning']}; "
                                   f"font-weight: bold; border: 1px solid {COLOURS['warning']}; border-radius: 3px; "
                                   "padding: 1px 4px; }")
        self.offline.setVisible(False)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 2, 6, 2)
        layout.addWidget(self.who, 3)
        layout.addWidget(self.verdict, 2)
        layout.addWidget(self.status, 2)
        layout.addWidget(self.offline, 2)
        self.setAccessibleName(self.tr("Patient header"))

    def show_case(self, patient_id: str, trial: str, arm_label: str, assessment: Assessment | None,
                  today: date) -> None:
        who = [patient_id.strip() or self.tr("(no patient id)"), trial or self.tr("no trial chosen")]
        if arm_label:
            who.append(arm_label)
        verdict_kind, verdict = "unknown", self.tr("INCOMPLETE — choose the trial and arm")
        status_kind, status = "note", ""
        if assessment is not None:
            plan = assessment.plan
            total = len(plan.days)
            treated = plan.dosing_block is None  # no treatment day for a patient who may not be dosed
            if treated and plan.today_day is not None:
                who.append(self.tr("treatment day {day} of {total}").format(day=plan.today_day, total=total))
            elif assessment.case.day1 is None:
                who.append(self.tr("day 1 not set"))
            elif today < assessment.case.day1:
                who.append(self.tr("day 1 is {date}").format(date=date_text(assessment.case.day1)))
            elif treated:
                who.append(self.tr("after the {total}-day course").format(total=total))
            verdict_kind, verdict = {
                "eligible": ("ok", self.tr("ELIGIBLE")),
                "not_eligible": ("fail", state_words("not_eligible")),
                "incomplete": ("unknown", state_words("incomplete")),
            }[assessment.eligibility.verdict]
            ward = ward_status(assessment, today)
            status_kind = _HEADLINE_KIND[ward.headline_key]
            parts = [a.words for a in ward.alerts] or [ward.phase_words]
            if ward.alerts and ward.phase == "on_treatment":
                parts.append(ward.phase_words)
            status = " · ".join(dict.fromkeys(parts))
            if not ward.alerts and ward.phase != "on_treatment":
                status = ward.phase_words
        self.who.setText(" · ".join(who))
        self.verdict.setText(verdict)
        self.status.setText(status)
        self.status.setVisible(bool(status))
        self.verdict.set_kind(verdict_kind)  # (a new kind: its own box and colour, no style sheet set)
        self.status.set_kind(status_kind)
        self.setAccessibleDescription(f"{self.who.text()}. {verdict}. {status}")
        self.refit()

    def resizeEvent(self, event) -> None:
        self.layer.setGeometry(self.rect())
        super().resizeEvent(event)

    def refit(self) -> None:
        """As tall as the words need at the header's width, or as this case has needed
        (:class:`SteadyHeight`: a chip that wraps and unwraps as a count crosses a threshold)."""
        layout = self.layout()
        width = self.width()
        needed = (layout.totalHeightForWidth(width) if layout.hasHeightForWidth()
                  else layout.totalSizeHint().height())
        height = self.held_height(needed)
        if self.minimumHeight() != height:
            self.setMinimumHeight(height)

    def set_offline(self, text: str) -> None:
        """The ward store's offline notice (already translated), or "" when connected: shown only while offline."""
        if text == self.offline.text() and bool(text) == self.offline.isVisibleTo(self):
            return
        self.offline.setText(text)
        self.offline.setVisible(bool(text))
        self.refit()

    def text(self) -> str:
        parts = (self.who.text(), self.verdict.text(), self.status.text(),
                 self.offline.text() if self.offline.isVisibleTo(self) else "")
        return " | ".join(t for t in parts if t)
