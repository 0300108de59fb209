"""Platelet trend: baseline and every platelet check by treatment day, with the rules' thresholds.

Imports QtCharts, so the main window loads this module only after its first paint.
Every threshold line comes from the protocol (``protocol_info.platelet_thresholds``).
"""

from __future__ import annotations

from decimal import Decimal
from html import escape

from PySide6.QtCharts import QChart, QChartView, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import QMargins, QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from ..core.plan import Plan
from ..core.protocol import Protocol
from ..core.units import CANONICAL_UNIT, format_number, unit_label
from .icons import COLOURS
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
        self.legend = QLabel(self)
        self.legend.setWordWrap(True)
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setAccessibleName(self.tr("Platelet chart legend"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.legend)
        chart = QChart()
        chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
        chart.setMargins(QMargins(2, 2, 2, 2))
        chart.setBackgroundRoundness(0)
        small = QFont(self.font())
        small.setPointSizeF(max(7.0, small.pointSizeF() * 0.85))
        chart.legend().hide()
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
        self.thresholds: list[Threshold] = []
        self.points: list[tuple[int, Decimal]] = []
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
        chart = self.chart()
        legend: list[str] = []
        chart.removeAllSeries()
        days = plan.days if plan is not None else ()
        last_day = len(days) if days else 14
        self.points = []
        if plan is not None and plan.baseline_plt is not None:
            self.points.append((0, plan.baseline_plt))
        self.points.extend((d.day, d.platelet_count) for d in days if d.platelet_count is not None)
        self.thresholds = (platelet_thresholds(protocol, plan.arm, plan.baseline_plt)
                           if plan is not None and protocol is not None else [])
        for line in self.thresholds:
            series = QLineSeries()
            series.setName(self._label(line))
            pen = QPen(QColor(_LINE_COLOURS.get(line.kinds[0], COLOURS["note"])))
            pen.setStyle(_DASHES.get(line.kinds[0], Qt.PenStyle.DashLine))
            pen.setWidthF(1.5)
            series.setPen(pen)
            for x in (-0.5, last_day + 0.5):
                series.append(QPointF(x, float(line.value)))
            self._add(series)
            legend.append(self._legend_entry(pen, series.name()))
        if self.points:
            trend = QLineSeries()
            trend.setName(self.tr("PLT"))
            pen = QPen(QColor("black"))
            pen.setWidthF(2)
            trend.setPen(pen)
            marks = QScatterSeries()
            marks.setMarkerSize(8)
            marks.setColor(QColor("black"))
            for day, value in self.points:
                trend.append(QPointF(day, float(value)))
                marks.append(QPointF(day, float(value)))
            self._add(trend)
            self._add(marks)
            legend.append(self._legend_entry(pen, self.tr("PLT, baseline at day 0")))
        values = [float(v) for _, v in self.points] + [float(t.value) for t in self.thresholds]
        top = max(values) if values else 1.0  # an empty chart: any scale
        self.axis_x.setRange(-0.5, last_day + 0.5)  # room for the points on day 0 and the last day
        self.axis_x.setTickType(QValueAxis.TickType.TicksDynamic)
        self.axis_x.setTickAnchor(0)
        self.axis_x.setTickInterval(2)
        self.axis_y.setRange(0, _nice_ceiling(top * 1.1))
        self.axis_y.applyNiceNumbers()
        chart.setTitle("" if self.points else self.tr("No platelet counts yet"))
        self.legend.setText("<br>".join(reversed(legend)))
        self.legend.setVisible(bool(legend))

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
