"""Platelet trend: baseline and every platelet check by treatment day, with the rules' thresholds.

Imports QtCharts, so the main window loads this module only after its first paint.
Every threshold line comes from the protocol (``protocol_info.platelet_thresholds``).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QEvent, QMargins, QPointF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ...core.plan import Plan
from ...core.protocol import Protocol
from ...core.units import CANONICAL_UNIT, format_number, unit_label
from ..widgets.icons import COLOURS
from ..widgets.measured import Measured
from ..widgets.rich_label import RichLabel
from .protocol_info import Threshold, platelet_thresholds

_LINE_COLOURS = {"stop": COLOURS["ok"], "response": COLOURS["ok"], "rise": "#00897b", "rescue": COLOURS["fail"],
                 "rescue_bleeding": "#ef6c00", "criterion": COLOURS["info"]}
_DASHES = {"stop": Qt.PenStyle.DashLine, "response": Qt.PenStyle.DashLine, "rise": Qt.PenStyle.DashDotLine,
           "rescue": Qt.PenStyle.DashLine, "rescue_bleeding": Qt.PenStyle.DotLine,
           "criterion": Qt.PenStyle.DashDotDotLine}


class TrendChart(QWidget):
    """The chart, with its legend as wrapped text below it (QtCharts would elide it)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.view = QChartView(self)
        self.view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.view.setAccessibleName(self.tr("Platelet count trend"))
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.legend_box = QuietLabel(self)
        self.legend = self.legend_box.label
        self.legend.setAccessibleName(self.tr("Platelet chart legend"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend_box)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.setBackgroundRoundness(0)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        chart.legend().hide()
        # Detached: a series' new name, pen or visibility updates its marker in QtCharts' own (hidden)
        # legend, which lays the whole chart out again when attached: the axes measured and their
        # labels made anew (~4 M instructions at a threshold crossing, issue 17)
        chart.legend().detachFromChart()
        chart.setTitleFont(small)
        self.view.setChart(chart)
        self.axis_x = QValueAxis()
        self.axis_y = QValueAxis()
        for axis in (self.axis_x, self.axis_y):
            axis.setLabelsFont(small)
            axis.setTitleFont(small)
        self.axis_x.setLabelFormat("%d")
        self.axis_x.setTitleText(self.tr("treatment day (0 = baseline)"))
        self.axis_y.setLabelFormat("%d")
        self.axis_y.setTitleText(self.tr("PLT {unit}").format(unit=unit_label(CANONICAL_UNIT["plt"])))
        chart.addAxis(self.axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self.axis_y, Qt.AlignmentFlag.AlignLeft)
        self.axis_x.setTickType(QValueAxis.TickType.TicksDynamic)
        self.axis_x.setTickAnchor(0)
        self.axis_x.setTickInterval(2)
        self.thresholds: list[Threshold] = []
        self.points: list[tuple[int, Decimal]] = []
        self._shown: tuple | None = None  # what the chart shows: (last day, points, thresholds)
        self._axes: tuple | None = None
        self._make_series(0)
        self.set_plan(None, None)

    def _label(self, line: Threshold) -> str:
        value = format_number(line.value, 1)
        words = {
            "stop": self.tr("stop ≥ {value}"),
            "response": self.tr("endpoint ≥ {value}"),
            "rise": self.tr("baseline + rise = {value}"),
            "rescue": self.tr("rescue ≤ {value}"),
            "rescue_bleeding": self.tr("rescue if bleeding risk < {value}"),
            "criterion": self.tr("{id} {op} {value}"),
        }
        symbols = {"<": "<", "<=": "≤", ">": ">", ">=": "≥"}
        parts = [words[k].format(value=value, id=line.criterion_id, op=symbols.get(line.op, line.op))
                 for k in line.kinds]
        return " / ".join(dict.fromkeys(parts))

    def chart(self) -> QChart:
        return self.view.chart()

    def set_plan(self, plan: Plan | None, protocol: Protocol | None) -> None:
        """Show a plan's counts and the protocol's thresholds. The series are kept and only their
        points replaced; they are made again only when more threshold lines are needed than were ever
        shown (fewer lines hide the spare series: the same pixels, without QtCharts laying the chart out anew)."""
        days = plan.days if plan is not None else ()
        last_day = len(days) if days else 14
        points: list[tuple[int, Decimal]] = []
        if plan is not None and plan.baseline_plt is not None:
            points.append((0, plan.baseline_plt))
        points.extend((d.day, d.platelet_count) for d in days if d.platelet_count is not None)
        thresholds = (platelet_thresholds(protocol, plan.arm, plan.baseline_plt)
                      if plan is not None and protocol is not None else [])
        if (last_day, points, thresholds) == self._shown:
            return
        self._shown = (last_day, points, thresholds)
        self.points, self.thresholds = points, thresholds
        if len(self._lines) < len(thresholds):
            self._make_series(len(thresholds))
        for spare in self._lines[len(thresholds):]:  # kept hidden: removing and adding series again lays
            if spare.isVisible():  # the whole chart out anew (a new baseline equal to a limit merges lines)
                spare.setVisible(False)
        legend: list[str] = []
        for series, line in zip(self._lines, thresholds):
            if not series.isVisible():
                series.setVisible(True)
            name, pen = self._label(line), self._threshold_pen(line)
            rules = " / ".join(line.kinds)  # QtCharts' own legend is hidden: a name without the value
            if series.name() != rules:  # does not lay the chart out again when the baseline moves
                series.setName(rules)
            if series.pen() != pen:
                series.setPen(pen)
            _show_points(series, [(x, float(line.value)) for x in (-0.5, last_day + 0.5)])
            legend.append(self._legend_entry(pen, name))
        values = [(day, float(value)) for day, value in points]
        for series in (self._trend, self._marks):
            _show_points(series, values)
            series.setVisible(bool(values))
        if points:
            legend.append(self._legend_entry(self._trend.pen(), self.tr("PLT, baseline at day 0")))
        tops = [float(v) for _, v in points] + [float(t.value) for t in thresholds]
        top = max(tops) if tops else 1.0  # an empty chart: any scale
        axes = (last_day, _nice_ceiling(top * 1.1))
        if axes != self._axes:
            self._axes = axes
            self.axis_x.setRange(-0.5, last_day + 0.5)  # room for the points on day 0 and the last day
            self.axis_y.setRange(0, axes[1])
            self.axis_y.applyNiceNumbers()
        if self.axis_y.labelsVisible() != bool(tops):  # an empty chart has no scale to label
            self.axis_y.setLabelsVisible(bool(tops))
        title = "" if points else self.tr("No platelet counts yet")
        if self.chart().title() != title:  # setTitle lays the whole chart out again, even unchanged
            self.chart().setTitle(title)
        self.legend_box.set_text("<br>".join(reversed(legend)))
        self.legend_box.setVisible(bool(legend))

    def _make_series(self, lines: int) -> None:
        """The threshold lines first, then the trend and its marks drawn over them."""
        self.chart().removeAllSeries()
        self._lines = [QLineSeries() for _ in range(lines)]
        self._trend = QLineSeries()
        self._trend.setName(self.tr("PLT"))
        pen = QPen(QColor("black"))
        pen.setWidthF(2)
        self._trend.setPen(pen)
        self._marks = QScatterSeries()
        self._marks.setMarkerSize(8)
        self._marks.setColor(QColor("black"))
        for series in self._lines + [self._trend, self._marks]:
            self._add(series)

    @staticmethod
    def _threshold_pen(line: Threshold) -> QPen:
        pen = QPen(QColor(_LINE_COLOURS.get(line.kinds[0], COLOURS["note"])))
        pen.setStyle(_DASHES.get(line.kinds[0], Qt.PenStyle.DashLine))
        pen.setWidthF(1.5)
        return pen

    @staticmethod
    def _legend_entry(pen: QPen, text: str) -> str:
        sample = {Qt.PenStyle.SolidLine: "━━", Qt.PenStyle.DashLine: "╍╍", Qt.PenStyle.DotLine: "┈┈",
                  Qt.PenStyle.DashDotLine: "━·", Qt.PenStyle.DashDotDotLine: "━··"}.get(pen.style(), "──")
        return (f"<span style='color:{pen.color().name()}; font-weight:bold'>{sample}</span>"
                f"&nbsp;<span style='font-size:small'>{escape(text)}</span>")

    def _add(self, series) -> None:
        self.chart().addSeries(series)
        series.attachAxis(self.axis_x)
        series.attachAxis(self.axis_y)


class QuietLabel(QWidget):
    """A word-wrapped rich-text label whose new text relayouts the window only when its height changes.

    ``QLabel.setText`` always invalidates every layout up to the window (about 2 ms per edit here).
    This box holds the label without a layout and passes on exactly its size hints, so the
    surrounding layout is the same; a new text asks for a new layout only when the label needs
    another height at the width it has, and once more on its next resize (the parent layout caches
    heights and hints for other widths). Only that one height is measured per new text: the
    label's size hints lay a wrapped rich text out several times over (issue 17: ~12 M
    instructions per edit of the baseline count).
    """

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.label = RichLabel(self)  # painted once per new legend, not twice
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.setSizePolicy(self.label.sizePolicy())
        self._quiet_change = False
        self._heights = Measured(64)  # per (words, width)
        self._hints = Measured(64)

    def set_text(self, text: str) -> None:
        if text == self.label.text():
            return
        self.label.setText(text)
        if self.isVisible() and self.height() == self.heightForWidth(self.width()):
            self._quiet_change = True  # the layout gave the old text exactly what the new one needs
        else:
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return self._hint(False)

    def minimumSizeHint(self) -> QSize:
        return self._hint(True)

    def _hint(self, minimum: bool) -> QSize:
        """The label's size hints, remembered per (text, font): a wrapped rich text's hint lays it
        out a dozen times to find its narrowest width (~0.9 M instructions each, asked again by the
        layouts whenever the legend's words change: a threshold line coming or going)."""
        key = (minimum, self.label.text(), self.label.font().key(), self.label.maximumWidth())
        measure = self.label.minimumSizeHint if minimum else self.label.sizeHint
        return QSize(self._hints.get_or_measure(key, measure))

    def hasHeightForWidth(self) -> bool:
        return self.label.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        """The label's, remembered per (text, width): each answer lays the rich text out anew."""
        return self._heights.get_or_measure((self.label.text(), width), self.label.measure, width)

    def changeEvent(self, event) -> None:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.StyleChange):
            self._heights.clear()
            self._hints.clear()
        super().changeEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.label.setGeometry(self.rect())
        if self._quiet_change:
            self._quiet_change = False
            self.updateGeometry()


def _show_points(series: QLineSeries | QScatterSeries, points: list[tuple[float, float]]) -> None:
    """Replace a series' points in one go, and only when they differ."""
    if [(p.x(), p.y()) for p in series.points()] != points:
        series.replace([QPointF(x, y) for x, y in points])


def _nice_ceiling(value: float) -> float:
    """Round an axis maximum up to 1, 2 or 5 times a power of ten."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return step * power
    return 10 * power
