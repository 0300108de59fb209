"""Chinese line breaking keeps a criterion id and a count with its unit whole: the handover's
"筛选未完成 (IN3、IN6、…、EX7、…)" broke "EX7" into "E" / "X7" (the list had no place to break but between
characters), and its Last count cell on Letter printed "第 10 天：90" / "×10⁹/L" (the only place to break
"第 10 天：90 ×10⁹/L" was the space before the unit, not the colon)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from ctit_gui.core.worklist import worklist
from ctit_gui.sheet.breaking import NO_START, break_units
from ctit_gui.sheet.fonts import text_width
from ctit_gui.sheet.handover import render_handover
from tests.ward import WARD_DAY, ward_entries

from .pdftext import text_lines

IDS = ["IN2", "IN3", "IN5", "IN6", "IN7", "IN8", "EX1", "EX2", "EX3", "EX4", "EX5", "EX6", "EX7", "EX8", "EX9",
       "EX10", "EX11"]
DO_NOT_DOSE = "不得给药 — 筛选未完成 (" + "、".join(IDS) + ")"
COUNT = re.compile(r"\d[\d,.]*$")


def measure(piece: str) -> float:
    return text_width(piece, 8)


@pytest.mark.parametrize("width", range(60, 260, 7))
def test_a_list_of_criterion_ids_breaks_after_a_comma_never_inside_an_id(width):
    lines = [line for line, _used in break_units(DO_NOT_DOSE, float(width), measure)]
    assert "".join(lines).replace(" ", "") == DO_NOT_DOSE.replace(" ", "")  # nothing lost
    assert [i for line in lines for i in re.findall(r"(?:IN|EX)\d+", line)] == IDS
    assert all(line[0] not in NO_START for line in lines)


@pytest.mark.parametrize("text", ["第 10 天：90 ×10⁹/L", "第 7 天：120 ×10⁹/L", "第 14 天：15,000 /µL"])
def test_a_count_stays_on_the_line_of_its_unit_when_the_cell_is_narrow(text):
    for width in range(int(measure("120 ×10⁹/L")) + 1, int(measure(text)) + 1):
        lines = [line for line, _used in break_units(text, float(width), measure)]
        for upper, lower in zip(lines, lines[1:]):
            assert not (COUNT.search(upper.rstrip()) and lower.lstrip()[:1] in "×/"), (width, lines)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_handover_never_parts_a_count_from_its_unit(paper):
    at = datetime(2026, 3, 16, 7, 30, tzinfo=timezone(timedelta(hours=8)))
    pdf, _printed = render_handover(worklist(ward_entries(), WARD_DAY), paper, at, language="zh_CN")
    lines = [line.text.strip() for line in text_lines(pdf)]
    parted = [(upper, lower) for upper, lower in zip(lines, lines[1:])
              if lower.startswith("×10") and COUNT.search(upper)]
    assert parted == []
