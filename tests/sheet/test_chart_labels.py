"""The trend chart's count labels on a monochrome printout: never struck through by a dashed threshold
line (a "8" under the rescue line reads as a crossed-out number), never over another count's label (two
counts on neighbouring days near the frame's right edge printed as "7⁷9"), never over a count's dot."""

from __future__ import annotations

from datetime import date

import pytest

from ctit_gui.core.units import format_number
from ctit_gui.sheet.chart import FONT_SIZE, MARKER, points, trend_drawing
from ctit_gui.sheet.fonts import text_width

from .cases import SYSU, assessed

DIGIT_TOP = 0.75 * FONT_SIZE  # a digit's height above its baseline (no descender)
RISING = [(1, 30), (2, 28), (3, 35), (4, 40), (5, 42), (6, 50), (7, 55), (8, 61), (9, 63), (10, 70),
          (11, 72), (12, 75), (13, 76), (14, 79)]
CHARTS = {
    "rescue count under the bleeding-risk line": lambda: assessed(SYSU, "hetrombopag", checks=[(7, 8, True)]),
    "a count every day, rising to the stop line": lambda: assessed(
        SYSU, "rhtpo+hetrombopag", checks=[(d, v, False) for d, v in RISING], today=date(2026, 2, 16)),
    "stopped day 7": lambda: assessed(SYSU, "rhtpo+hetrombopag", checks=[(7, 120, False)]),
}


def _count_labels(assessment, width=504.6, height=124.7):  # the A4 frame's width, the chart's 44 mm
    chart = trend_drawing(assessment, width, height, [])
    texts = [format_number(value, 1) for _day, value in points(assessment)]
    labels = [(x, y, "".join(part[0] for part in parts)) for x, y, parts, _rise in chart.labels]
    # the count labels are the last ones drawn, one per point, in the points' order
    counts = labels[-len(texts):]
    assert [text for _x, _y, text in counts] == texts
    boxes = [(x, y - 1, x + text_width(text, FONT_SIZE), y + DIGIT_TOP) for x, y, text in counts]
    dashed = [coords[1] for (width_, dash), lines in chart.lines.items() if dash for coords, _closed in lines]
    return chart, boxes, dashed


@pytest.mark.parametrize("name", list(CHARTS))
def test_no_threshold_line_runs_through_a_count_label(name):
    _chart, boxes, dashed = _count_labels(CHARTS[name]())
    crossed = [(box, y) for box in boxes for y in dashed if box[1] <= y <= box[3]]
    assert crossed == []


@pytest.mark.parametrize("name", list(CHARTS))
def test_count_labels_do_not_overlap_each_other_or_a_dot(name):
    chart, boxes, _dashed = _count_labels(CHARTS[name]())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1], (a, b)
        for _kind, x, y in chart.markers:
            assert a[2] <= x - MARKER or x + MARKER <= a[0] or a[3] <= y - MARKER or y + MARKER <= a[1], (a, x, y)
