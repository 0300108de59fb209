"""Banners above the calendar: each event of the plan, with the rule sentence it comes from.

The banners follow the plan on every recomputation, so each stays exactly as long as the
data that raised it. Stop and rescue come first.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ...core.plan import SITE_RULE_MARK, Plan
from ...core.render import block_text, id_list
from ..translated import escape, shown, with_original, with_original_html
from ..widgets.fields import text_colour
from ..widgets.icons import BACKGROUNDS, COLOURS, status_pixmap
from ..widgets.measured import Measured
from ..widgets.rich_label import RichLabel
from ..widgets.steady_height import SteadyHeight

#: Display order: the most urgent first.
ORDER = ("do_not_dose", "stop", "rescue", "grade4", "overdue", "incomplete", "dose_adjustment", "dose_review", "response",
         "undefined_rules", "note")
_SEVERITY = {"do_not_dose": "stop", "grade4": "fail", "stop": "stop", "rescue": "fail", "overdue": "warning", "incomplete": "unknown",
             "dose_adjustment": "warning", "dose_review": "warning", "response": "ok",
             "undefined_rules": "info", "note": "info"}


@dataclass(frozen=True)
class BannerData:
    kind: str
    title: str
    text: str
    rule: str | None


class _BannerText(RichLabel):
    """A wrapping rich-text label that remembers its height per (text, width): the layouts ask again
    and again while a banner is shown, and each answer lays the rich text out anew (issue 17).

    Its size hints are worked out from that height alone. QLabel's own hint of a word-wrapped text
    searches for the narrowest width that keeps the height (a dozen layouts of the rich text, ~6 M
    instructions each time a banner's words change); the banner is as wide as the alert area
    anyway, and its height comes from :meth:`heightForWidth`."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._heights = Measured(64)  # per (words, width)
        self._text = ""

    def setText(self, text: str) -> None:
        self._text = text
        super().setText(text)  # laid out now if shown: painted once, not twice (RichLabel)

    def sizeHint(self) -> QSize:
        """Once placed: the width it has and the height of the text at that width (what the layout
        asks for anyway, remembered; a hidden spare banner shown again with new words keeps the width
        it had — measured at 80 characters, its words were laid out twice at widths it never has).
        Before: 80 average characters wide (QLabel's own first try)."""
        width = self.width() if self.isVisible() or self._placed else min(
            self.fontMetrics().averageCharWidth() * 80, self.maximumWidth())
        return QSize(width, self.heightForWidth(width))

    _placed = False  # given a place by the banner's layout once: a hidden spare keeps its width

    def resizeEvent(self, event) -> None:
        self._placed = True
        super().resizeEvent(event)

    def minimumSizeHint(self) -> QSize:
        """A few words wide and one line tall: the text wraps to whatever width the area has."""
        metrics = self.fontMetrics()
        return QSize(metrics.averageCharWidth() * 12, metrics.lineSpacing())

    def heightForWidth(self, width: int) -> int:
        return self._heights.get_or_measure((self._text, width), self.measure, width)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
        super().changeEvent(event)


class Banner(QFrame):
    """One event: icon, title, text and rule. Reused for the next event shown in its place.

    Its coloured box is drawn by ``backdrop``, a child with the box's style sheet and nothing in
    it, behind the icon and the words: a style sheet on the banner itself gave each of its labels
    Qt's style-sheet style too (issue 17, memory). The margins add the box's border (6 px left,
    1 px elsewhere) to the 6/3 px inside it, so every pixel is where the style-sheet banner put it.
    """

    def __init__(self, data: BannerData, rule_caption: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.backdrop = QFrame(self)
        self.backdrop.setObjectName("banner")
        self.backdrop.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)  # clicks and tips: the banner's
        self.icon = QLabel(self)
        self.icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        body = _BannerText(self)
        body.setWordWrap(True)
        body.setTextFormat(Qt.TextFormat.RichText)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = body
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 4, 7, 4)
        layout.addWidget(self.icon)
        layout.addWidget(body, 1)
        for label in (self.icon, body):
            text_colour(label, "black")
        self.severity: str | None = None
        self.data: BannerData | None = None
        self.rule_caption = ""
        self.set_data(data, rule_caption)

    def resizeEvent(self, event) -> None:
        self.backdrop.setGeometry(self.rect())
        super().resizeEvent(event)

    def set_data(self, data: BannerData, rule_caption: str) -> None:
        """Show another event; the style sheet (a re-polish) is set only when the severity changes."""
        if (data, rule_caption) == (self.data, self.rule_caption):
            return
        self.data, self.rule_caption = data, rule_caption
        severity = _SEVERITY[data.kind]
        if severity != self.severity:
            self.severity = severity
            self.backdrop.setStyleSheet(f"QFrame#banner {{ background: {BACKGROUNDS[severity]}; "
                               f"border: 1px solid {COLOURS[severity]}; border-left: 6px solid {COLOURS[severity]}; "
                               "border-radius: 3px; }")
            self.icon.setPixmap(status_pixmap(severity, 24))
        html = (f"<span style='font-weight:bold; color:{COLOURS[severity]}'>{escape(data.title)}</span>"
                f" — {escape(data.text)}")
        if data.rule:
            html += (f"<br><span style='font-size:small'><i>{escape(rule_caption)}</i> "
                     f"{with_original_html(data.rule, compact=True)}</span>")
        self.body.setText(html)
        original = with_original(data.rule) if data.rule else ""
        self.setToolTip(f"{rule_caption} {original}" if original != (data.rule or "") else "")
        self.setAccessibleName(data.title)
        self.setAccessibleDescription(f"{data.text} {rule_caption} {data.rule or ''}".strip())

    def plain_text(self) -> str:
        return f"{self.data.title} — {self.data.text} {self.data.rule or ''}".strip()


class BannerArea(SteadyHeight, QScrollArea):
    """The stack of banners; scrolls when there are many, the most urgent on top."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.inner = QWidget(self)
        self.column = QVBoxLayout(self.inner)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(3)
        self.column.addStretch(1)
        self.setWidget(self.inner)
        self.banners: list[Banner] = []  # shown, in order, above the hidden spares in the column
        self._spare: list[Banner] = []
        self.setAccessibleName(self.tr("Alerts for the treatment days"))
        self.hide()

    def titles(self) -> dict[str, str]:
        return {
            "stop": self.tr("STOP study drug"),
            "rescue": self.tr("RESCUE therapy"),
            "grade4": self.tr("GRADE 4 COUNT — not a registry rule"),
            "overdue": self.tr("PLT check overdue"),
            "incomplete": self.tr("Incomplete — record the missing data"),
            "dose_adjustment": self.tr("Dose adjustment — site rule, not in registry"),
            "dose_review": self.tr("Dose review — decide per protocol"),
            "response": self.tr("Primary endpoint reached"),
            "undefined_rules": self.tr("No stop, rescue or endpoint rule in the registry"),
            "note": self.tr("Note"),
        }

    def banner_data(self, plan: Plan | None) -> list[BannerData]:
        if plan is None:
            return []
        titles = self.titles()
        # what is in force now: history a later count superseded (an earlier rescue) is in the calendar's notes
        items = [BannerData(e.kind, titles.get(e.kind, e.kind), e.text_in(), e.rule) for e in plan.current_events]
        if plan.block_text:
            items.insert(0, BannerData("do_not_dose", block_text(plan),
                                       self.tr("blocking: {ids}").format(ids=id_list(plan.blocking))
                                       if plan.blocking else "", None))
        if plan.undefined_rules_note:
            items.append(BannerData("undefined_rules", titles["undefined_rules"], shown(plan.undefined_rules_note),
                                    None))
        return sorted(items, key=lambda b: ORDER.index(b.kind) if b.kind in ORDER else len(ORDER))

    def set_plan(self, plan: Plan | None) -> None:
        """Show the plan's events. A banner whose event is unchanged keeps its widget (moved if need
        be); a new event takes a no longer needed banner, a hidden spare or, last, a new widget."""
        data = self.banner_data(plan)
        if [b.data for b in self.banners] == data:
            if self._held == 0:  # a new case with the same banners: the height they need, no more
                self.fit_height()
            return
        unused = list(self.banners)
        shown: list[Banner | None] = []
        for item in data:
            same = next((b for b in unused if b.data == item), None)
            if same is not None:
                unused.remove(same)
            shown.append(same)
        for position, item in enumerate(data):
            if shown[position] is not None:
                continue
            if unused or self._spare:
                shown[position] = (unused or self._spare).pop(0)
                shown[position].set_data(item, self._caption(item))
            else:
                shown[position] = Banner(item, self._caption(item), self.inner)
        for banner in unused:
            banner.hide()  # kept for the next event: showing it again costs less than a new widget
        self._spare = unused + self._spare
        self.banners = [b for b in shown if b is not None]
        for position, banner in enumerate(self.banners + self._spare):  # shown in order, then spares
            if self.column.indexOf(banner) != position:
                self.column.removeWidget(banner)
                self.column.insertWidget(position, banner)
        for banner in self.banners:
            if banner.isHidden():
                banner.show()
        self.fit_height()
        for banner in self.banners:  # lay the banners out now, not in later rounds of the event loop
            banner.layout().activate()
        self.column.activate()

    def _caption(self, item: BannerData) -> str:
        return (self.tr("Site rule:") if item.rule and item.rule.startswith(SITE_RULE_MARK)
                else self.tr("Registry rule:"))

    def fit_height(self) -> None:
        """As tall as the banners need, up to the maximum height; scroll beyond it.

        While one case is shown the area never shrinks (:class:`SteadyHeight`): a banner that comes
        and goes as a count crosses a threshold (STOP, a verdict) leaves its space empty."""
        # the width the banners have without a scroll bar: measured at the viewport's width while a
        # scroll bar happens to show, they would be taller than they are, and the bar would stay,
        # covering their right edge, though everything fits
        width = max(100, self.width() - 2 * self.frameWidth())
        needed = sum(b.heightForWidth(width) if b.hasHeightForWidth() else b.sizeHint().height()
                     for b in self.banners)
        needed += self.column.spacing() * max(0, len(self.banners) - 1)
        height = min(needed + 2, self._ceiling) if self.banners else 0
        # a scroll bar only when the banners do not fit: Qt may otherwise keep one it showed for a
        # moment (range 0), covering the banners' right edge although everything fits
        policy = (Qt.ScrollBarPolicy.ScrollBarAlwaysOff if needed + 2 <= self._ceiling
                  else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        if self.verticalScrollBarPolicy() != policy:
            self.setVerticalScrollBarPolicy(policy)
        height = self.held_height(height, self._ceiling)
        if self.height() != height or self.maximumHeight() != height:
            self.setFixedHeight(height)
        self.setVisible(height > 0)

    _ceiling = 200

    def refit(self) -> None:
        self.fit_height()

    def set_ceiling(self, pixels: int) -> None:
        """The most height the banners may take before they scroll."""
        self._ceiling = pixels
        self.fit_height()

    def kinds(self) -> list[str]:
        return [b.data.kind for b in self.banners]

