"""The PLT trend: baseline and checks against the protocol's threshold lines (reportlab.graphics).

Black and white only: the counts are a solid line with filled dots, thresholds are
dashed lines labelled in words. Every threshold comes from the protocol file (and
the site table); none is typed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from reportlab.graphics.shapes import Circle, Drawing, Line, PolyLine, Rect, String
from reportlab.lib import colors

from ..core.session import Assessment
from ..core.units import format_number
from .fonts import FONT_NAME, RISE, printable, segments, text_width

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

    for who, rule in (("stop", protocol.stop_rule), ("endpoint", protocol.response_rule)):
        if rule is None:
            continue
        add(rule.plt_at_least, who, f"{format_number(rule.plt_at_least)} or more")
        if plan.baseline_plt is not None:
            rise = Fraction(plan.baseline_plt) + Fraction(rule.rise_at_least)
            add(rise, who, f"{format_number(rise, 1)} or more (baseline + {format_number(rule.rise_at_least)})")
    if protocol.rescue_rule:
        rule = protocol.rescue_rule
        add(rule.plt_at_most, "rescue", f"{format_number(rule.plt_at_most)} or less")
        add(rule.plt_below_with_bleeding_risk, "rescue with bleeding risk",
            f"less than {format_number(rule.plt_below_with_bleeding_risk)}")
    table = assessment.loaded.site_table
    if table is not None and protocol.dose_adjustment is not None:
        for row in table.rows:
            for edge in (row.plt.at_least, row.plt.below):
                if edge is not None:
                    add(edge, "site table band edge", format_number(edge))
    lines = []
    for value, phrases in sorted(found.items()):
        label = "; ".join(f"{', '.join(names)}: {words}" for words, names in phrases.items())
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


def _string(x: float, y: float, text: str, anchor: str = "start") -> list[String]:
    """A label in the sheet font; superscript digits drawn raised (the font lacks them)."""
    parts = segments(printable(text), FONT_SIZE)
    width = sum(w for _, _, w in parts)
    x = x - width if anchor == "end" else x - width / 2 if anchor == "middle" else x
    shapes = []
    for piece, raised, piece_width in parts:
        shapes.append(String(x, y + (FONT_SIZE * RISE if raised else 0), piece,
                             fontName=FONT_NAME, fontSize=FONT_SIZE, fillColor=colors.black))
        x += piece_width
    return shapes


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


def trend_drawing(assessment: Assessment, width: float, height: float, printed: list[str]) -> Drawing | None:
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
    drawing = Drawing(width, height)
    # The renderer starts every drawing by selecting its default font; make that the sheet font,
    # or a non-embedded Helvetica lands in the PDF even though no text uses it.
    drawing.initialFontName, drawing.initialFontSize = FONT_NAME, FONT_SIZE

    def sx(day: float) -> float:
        return left + plot_w * day / days

    def sy(value: float) -> float:
        return bottom + plot_h * min(value, top) / top

    def label(x, y, text, anchor="start"):
        printed.append(text)
        for shape in _string(x, y, text, anchor):
            drawing.add(shape)

    black = colors.black
    drawing.add(Rect(left, bottom, plot_w, plot_h, strokeColor=black, strokeWidth=0.6, fillColor=None))
    label(0, height - FONT_SIZE - 2, "PLT trend (×10⁹/L) by treatment day; base = baseline before day 1")
    tick = 0.0
    while tick <= top:
        drawing.add(Line(left - 3, sy(tick), left, sy(tick), strokeColor=black, strokeWidth=0.6))
        label(left - 5, sy(tick) - 3, format_number(int(tick)), "end")
        tick += step
    labelled = {0, 1, days, *plan.checkpoint_days}
    for day in range(days + 1):
        drawing.add(Line(sx(day), bottom - 3, sx(day), bottom, strokeColor=black, strokeWidth=0.6))
        if day in labelled:
            label(sx(day), bottom - 13, "base" if day == 0 else str(day), "middle")
    label(left + plot_w / 2, bottom - 24, "treatment day", "middle")

    wanted = [sy(float(t.value)) - 3 for t in lines]
    for threshold, text_y in zip(lines, _spread(wanted, 0, height - upper - FONT_SIZE, LINE_GAP)):
        y = sy(float(threshold.value))
        drawing.add(Line(left, y, left + plot_w, y, strokeColor=black, strokeWidth=0.8, strokeDashArray=[4, 3]))
        if abs(text_y + 3 - y) > 1:  # label moved away from its line: a short leader joins them
            drawing.add(Line(left + plot_w, y, left + plot_w + 6, text_y + 3, strokeColor=black, strokeWidth=0.4))
        label(left + plot_w + 8, text_y, threshold.label)

    coords = [c for day, value in data for c in (sx(day), sy(float(value)))]
    if len(data) > 1:
        drawing.add(PolyLine(coords, strokeColor=black, strokeWidth=1.4))
    for day, value in data:
        x, y = sx(day), sy(float(value))
        if day == 0:
            drawing.add(Rect(x - 3, y - 3, 6, 6, strokeColor=black, strokeWidth=1, fillColor=colors.white))
        else:
            drawing.add(Circle(x, y, 3, strokeColor=black, fillColor=black))
        label(x + 4, y + 5, format_number(value, 1))
    return drawing
