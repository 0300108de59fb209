"""The PLT trend: baseline and checks against the protocol's threshold lines.

Black and white only: the counts are a solid line with filled dots, thresholds are
dashed lines labelled in words. Every threshold comes from the protocol file (and
the site table); none is typed here.

The chart is a flowable that draws its marks straight on the reportlab canvas: lines
of one width and dash in one path, all labels in one text object. (It was a
``reportlab.graphics`` Drawing of the same marks; its renderer saves, styles and
restores the canvas for every shape and string, which made the chart cost about
2 ms of a 20 ms sheet; drawn like this it prints the same and costs a tenth.)
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from reportlab.lib import colors

from ..core.session import Assessment
from ..core.units import format_number
from ..i18n import _
from .fonts import draw_runs, printable, segments, text_width
from .platypus import Flowable

FONT_SIZE = 9
LINE_GAP = 10.5  # least vertical distance between two threshold labels, points


@dataclass(frozen=True)
class Threshold:
    value: Fraction
    label: str


def thresholds(assessment: Assessment) -> list[Threshold]:
    """Horizontal lines for the chart, from the protocol's rules; rules on the same value share a line.

    Labels are in words: "stop, endpoint: 100 or more", "rescue with bleeding risk: less than 20".
    """
    protocol, plan = assessment.loaded.protocol, assessment.plan
    found: dict[Fraction, dict[str, list[str]]] = {}

    def add(value, who: str, words: str) -> None:
        names = found.setdefault(Fraction(value), {}).setdefault(words, [])
        if who not in names:
            names.append(who)

    for who, rule in ((_("stop"), protocol.stop_rule), (_("endpoint"), protocol.response_rule)):
        if rule is None:
            continue
        add(rule.plt_at_least, who, _("{value} or more", value=format_number(rule.plt_at_least)))
        if plan.baseline_plt is not None:
            rise = Fraction(plan.baseline_plt) + Fraction(rule.rise_at_least)
            add(rise, who, _("{value} or more (baseline + {rise})", value=format_number(rise, 1),
                             rise=format_number(rule.rise_at_least)))
    if protocol.rescue_rule:
        rule = protocol.rescue_rule
        add(rule.plt_at_most, _("rescue"), _("{value} or less", value=format_number(rule.plt_at_most)))
        add(rule.plt_below_with_bleeding_risk, _("rescue with bleeding risk"),
            _("less than {value}", value=format_number(rule.plt_below_with_bleeding_risk)))
    table = assessment.loaded.site_table
    if table is not None and protocol.dose_adjustment is not None:
        for row in table.rows:
            for edge in (row.plt.at_least, row.plt.below):
                if edge is not None:
                    add(edge, _("site table band edge"), format_number(edge))
    lines = []
    comma, semicolon = _(", "), _("; ")
    for value, phrases in sorted(found.items()):
        label = semicolon.join(_("{names}: {words}", names=comma.join(names), words=words)
                               for words, names in phrases.items())
        lines.append(Threshold(value, label))
    return lines


def points(assessment: Assessment) -> list[tuple[int, Fraction]]:
    """(day, PLT ×10⁹/L); day 0 is the baseline."""
    plan = assessment.plan
    data = [(0, Fraction(plan.baseline_plt))] if plan.baseline_plt is not None else []
    data += [(d.day, Fraction(d.platelet_count)) for d in plan.days if d.platelet_count is not None]
    return data


def _nice_top(highest: float) -> tuple[float, float]:
    """An axis top above ``highest`` and a tick step giving 3–6 ticks."""
    target = max(highest * 1.12, 10.0)
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500):
        top = step * -(-target // step)
        if top / step <= 6:
            return top, step
    return 1000.0, 200.0


class TrendChart(Flowable):
    """The chart's marks, drawn on the canvas in the flowable's own coordinates (points).

    Lines are grouped by (width, dash) and drawn first, then the point markers over them,
    then every label: nothing on the chart is both covered and covering.
    """

    def __init__(self, width: float, height: float):
        super().__init__()
        self.width, self.height = width, height
        self.lines: dict[tuple[float, tuple[float, ...]], list[tuple[tuple[float, ...], bool]]] = {}
        self.markers: list[tuple[str, float, float]] = []  # ("dot" | "square", x, y)
        self.labels: list[tuple[float, float, list, float]] = []  # runs for fonts.draw_runs

    def line(self, *coords: float, width: float, dash: tuple[float, ...] = (), closed: bool = False) -> None:
        """A polyline through (x0, y0, x1, y1, ...); ``closed`` joins the last point to the first."""
        self.lines.setdefault((width, dash), []).append((coords, closed))

    def label(self, x: float, y: float, text: str, anchor: str = "start") -> None:
        """A label in the sheet font; superscript digits drawn raised (the font lacks them)."""
        parts = segments(printable(text), FONT_SIZE)
        width = sum(w for _, _, w in parts)
        x = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
        self.labels.append((x, y, parts, 0.0))

    def wrap(self, avail_width, avail_height):
        return self.width, self.height

    def draw(self):
        canvas = self.canv
        canvas.setStrokeColor(colors.black)
        canvas.setFillColor(colors.black)
        for (width, dash), polylines in self.lines.items():
            canvas.setLineWidth(width)
            canvas.setDash(list(dash) if dash else [])
            path = canvas.beginPath()
            for coords, closed in polylines:
                path.moveTo(coords[0], coords[1])
                for index in range(2, len(coords), 2):
                    path.lineTo(coords[index], coords[index + 1])
                if closed:
                    path.close()
            canvas.drawPath(path, stroke=1, fill=0)
        canvas.setDash([])
        canvas.setLineWidth(1)
        for kind, x, y in self.markers:
            if kind == "dot":
                canvas.circle(x, y, MARKER, stroke=1, fill=1)
        canvas.setFillColor(colors.white)
        for kind, x, y in self.markers:
            if kind == "square":
                canvas.rect(x - MARKER, y - MARKER, 2 * MARKER, 2 * MARKER, stroke=1, fill=1)
        canvas.setFillColor(colors.black)
        draw_runs(canvas, self.labels, FONT_SIZE)


MARKER = 3.0  # half the side of the baseline square, radius of a check's dot, points


def _spread(wanted: list[float], low: float, high: float, gap: float) -> list[float]:
    """Label baselines near ``wanted`` (ascending), at least ``gap`` apart, within [low, high]."""
    placed: list[float] = []
    for y in wanted:
        placed.append(max(y, placed[-1] + gap) if placed else max(y, low))
    overflow = placed[-1] - high if placed else 0
    if overflow > 0:
        placed = [y - overflow for y in placed]
        for index in range(len(placed) - 2, -1, -1):
            placed[index] = min(placed[index], placed[index + 1] - gap)
    return placed


def trend_drawing(assessment: Assessment, width: float, height: float, printed: list[str]) -> TrendChart | None:
    """The chart, or None when there is no platelet check yet. Every label is appended to ``printed``."""
    plan = assessment.plan
    if not any(d.platelet_count is not None for d in plan.days):
        return None
    data = points(assessment)
    lines = thresholds(assessment)
    days = len(plan.days)
    top, step = _nice_top(max([float(v) for _, v in data] + [float(t.value) for t in lines]))

    label_w = max([text_width(t.label, FONT_SIZE) for t in lines] + [0.0])
    left, bottom, upper = 30.0, 26.0, 16.0
    plot_w = width - left - (label_w + 10 if lines else 8)
    plot_h = height - bottom - upper
    chart = TrendChart(width, height)

    def sx(day: float) -> float:
        return left + plot_w * day / days

    def sy(value: float) -> float:
        return bottom + plot_h * min(value, top) / top

    def label(x, y, text, anchor="start"):
        printed.append(text)
        chart.label(x, y, text, anchor)

    chart.line(left, bottom, left + plot_w, bottom, left + plot_w, bottom + plot_h, left, bottom + plot_h,
               width=0.6, closed=True)  # the plot's frame
    label(0, height - FONT_SIZE - 2, _("PLT trend (×10⁹/L) by treatment day; base = baseline before day 1"))
    tick = 0.0
    while tick <= top:
        chart.line(left - 3, sy(tick), left, sy(tick), width=0.6)
        label(left - 5, sy(tick) - 3, format_number(int(tick)), "end")
        tick += step
    labelled = {0, 1, days, *plan.checkpoint_days}
    for day in range(days + 1):
        chart.line(sx(day), bottom - 3, sx(day), bottom, width=0.6)
        if day in labelled:
            label(sx(day), bottom - 13, _("base") if day == 0 else str(day), "middle")
    label(left + plot_w / 2, bottom - 24, _("treatment day"), "middle")

    wanted = [sy(float(t.value)) - 3 for t in lines]
    for threshold, text_y in zip(lines, _spread(wanted, 0, height - upper - FONT_SIZE, LINE_GAP)):
        y = sy(float(threshold.value))
        chart.line(left, y, left + plot_w, y, width=0.8, dash=(4, 3))
        if abs(text_y + 3 - y) > 1:  # label moved away from its line: a short leader joins them
            chart.line(left + plot_w, y, left + plot_w + 6, text_y + 3, width=0.4)
        label(left + plot_w + 8, text_y, threshold.label)

    if len(data) > 1:
        chart.line(*[c for day, value in data for c in (sx(day), sy(float(value)))], width=1.4)
    dots = [(sx(day), sy(float(value))) for day, value in data]
    for (day, _value), (x, y) in zip(data, dots):
        chart.markers.append(("square" if day == 0 else "dot", x, y))
    texts = [format_number(value, 1) for _day, value in data]
    placed = place_value_labels(dots, [text_width(text, FONT_SIZE) for text in texts],
                                (left, bottom, left + plot_w, bottom + plot_h),
                                [sy(float(t.value)) for t in lines])
    for text, (label_x, label_y) in zip(texts, placed):
        label(label_x, label_y, text)
    return chart


def value_label_position(x: float, y: float, text_w: float, plot: tuple[float, float, float, float]) -> tuple[float, float]:
    """Where a count's label starts: up and right of its dot, kept inside the plot's frame.

    The threshold labels (the chart's legend) sit right of the frame and the title above
    it, so a label kept inside the frame never covers them and never leaves the margin.
    """
    x0, y0, x1, y1 = plot
    label_x = x + 4 if x + 4 + text_w <= x1 - 2 else x - 4 - text_w
    label_y = y + 5 if y + 5 + FONT_SIZE <= y1 - 1 else y - 5 - FONT_SIZE + 2
    return max(label_x, x0 + 2), max(label_y, y0 + 2)


DIGIT_TOP = 0.75 * FONT_SIZE  # a count label's height above its baseline (digits: no descender)
STEP = 3.0  # how far each further try moves a count label up or down, points
TRIES = 8


def _label_box(label_x: float, label_y: float, text_w: float) -> tuple[float, float, float, float]:
    return label_x - 0.5, label_y - 1.0, label_x + text_w + 0.5, label_y + DIGIT_TOP + 0.5


def _apart(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def place_value_labels(dots: list[tuple[float, float]], widths: list[float],
                       plot: tuple[float, float, float, float],
                       line_ys: list[float]) -> list[tuple[float, float]]:
    """Where each count's label starts, in the dots' order.

    First choice :func:`value_label_position` (up and right of the dot). A label there that a dashed
    threshold line would strike through, or that would cover another count's label or a dot, moves to
    the first free place among: the other side of the dot, below it, then step by step further up or
    down, always inside the frame. Where none is free it keeps its first choice.
    """
    x0, y0, x1, y1 = plot
    dot_boxes = [(x - MARKER, y - MARKER, x + MARKER, y + MARKER) for x, y in dots]
    placed: list[tuple[float, float]] = []
    boxes: list[tuple[float, float, float, float]] = []

    def free(label_x: float, label_y: float, text_w: float) -> bool:
        box = _label_box(label_x, label_y, text_w)
        return (all(not box[1] <= line_y <= box[3] for line_y in line_ys)
                and all(_apart(box, other) for other in boxes)
                and all(_apart(box, dot) for dot in dot_boxes))

    for (x, y), text_w in zip(dots, widths):
        first = value_label_position(x, y, text_w, plot)
        choice = first
        if not free(*first, text_w):
            sides = [first[0]] + [side for side in (x + 4, x - 4 - text_w) if side != first[0]]
            heights = [first[1]] + [h for h in (y + 5, y - 5 - FONT_SIZE + 2) if h != first[1]]
            for step in range(1, TRIES + 1):
                heights += [y + 5 + step * STEP, y - 5 - FONT_SIZE + 2 - step * STEP]
            candidates = [(side, height) for height in heights for side in sides
                          if x0 + 2 <= side and side + text_w <= x1 - 2 and y0 + 2 <= height
                          and height + FONT_SIZE <= y1 - 1]
            choice = next((c for c in candidates if free(*c, text_w)), first)
        placed.append(choice)
        boxes.append(_label_box(*choice, text_w))
    return placed
