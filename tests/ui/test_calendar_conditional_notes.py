"""A dose that waits for a checkpoint count not decided yet says so in the window's calendar, in the
sheet's words: "only if day 7 PLT < 100 and < 82" (NCT07334093, the stop rule with this patient's
numbers), "decide per protocol after day 7 PLT" (NCT07243418, a DOSE REVIEW), in English and Chinese.
A day whose doses wait for nothing carries no such note."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QStyleOptionViewItem

from ctit_gui import i18n
from ctit_gui.core.session import assess, parse_case_json, read_case
from ctit_gui.sheet import words
from ctit_gui.ui import language
from ctit_gui.ui.case_screen.calendar_model import COL_NOTES, CalendarModel
from ctit_gui.ui.case_screen.case_form import state_from_case

from .bedside import enter_day_plt
from .conftest import EXAMPLES_DIR, case_window

NBSP = "\u00a0"
#: Day 8 of the NCT07243418 dose-review example (day 1 = 2026-05-06; day-7 count 96 that no site row decides).
REVIEW_DAY8 = date(2026, 5, 13)
#: Day 4 of the NCT07334093 eligible example (day 1 = 2026-02-03), before its day-7 count.
ELIGIBLE_DAY4 = date(2026, 2, 6)
#: Day 8 of the same example.
ELIGIBLE_DAY8 = date(2026, 2, 10)
TOOLTIP = Qt.ItemDataRole.ToolTipRole


@pytest.fixture(params=["en", "zh_CN"])
def lang(request, qapp):
    language.apply_language(request.param, qapp)
    yield request.param
    language.apply_language("en", qapp)


def _eligible(protocols, checks=(), baseline: int = 32):
    """SYSU-0042 on the experimental arm (baseline PLT 32: the stop rule is PLT ≥ 100 or ≥ 82) with ``checks``."""
    data = json.loads((EXAMPLES_DIR / "nct07334093-experimental-eligible.json").read_text())
    data["labs"]["plt"]["value"] = baseline
    data["platelet_checks"] = [{"day": day, "value": value, "unit": "10^9/L", "bleeding_risk": False}
                               for day, value in checks]
    return parse_case_json(json.dumps(data), protocols)


def _review(protocols):
    return assess(read_case(EXAMPLES_DIR / "nct07243418-primary-dose-review.json", protocols), protocols,
                  REVIEW_DAY8)


def _model(assessment) -> CalendarModel:
    model = CalendarModel()
    model.set_plan(assessment.plan, state_from_case(assessment.case).days, {}, None)
    return model


def _notes(model) -> dict[int, str]:
    return {model.plan_day(row).day: model.index(row, COL_NOTES).data() for row in range(model.rowCount())}


def _sheet_notes(assessment) -> dict[int, str | None]:
    return {day.day: words.conditional_note(assessment, day) for day in assessment.plan.days}


def _assert_notes_are_the_sheets(model, assessment) -> set[int]:
    """Every conditional day's Notes cell carries the sheet's note; no other day carries any. The days noted."""
    sheet = _sheet_notes(assessment)
    every_note = {note for note in sheet.values() if note}
    assert every_note
    for day, cell in _notes(model).items():
        if sheet[day]:
            assert sheet[day] in re.split(", |、", cell), (day, cell)
        else:
            assert not any(note in cell for note in every_note), (day, cell)
    return {day for day, note in sheet.items() if note}


EXPECTED = {
    "en": {"review8": "TODAY, decide per protocol after day 7 PLT",
           "review11": "decide per protocol after day 10 PLT",
           "review_tip": "hetrombopag 5 mg by mouth daily — decide per protocol after the day 7 PLT result",
           "stop7": f"only if day 7 PLT <{NBSP}100 and <{NBSP}82",
           "stop10": f"only if day 10 PLT <{NBSP}100 and <{NBSP}82",
           "stop_tip": "hetrombopag 7.5 mg by mouth daily; rhTPO 15,000 units subcutaneously daily — "
                       "only if the day 7 PLT result does not meet the stop rule"},
    "zh_CN": {"review8": "今天、第7天 PLT 结果后按研究方案决定",  # the notes with the Chinese list separator
              "review11": "第10天 PLT 结果后按研究方案决定",
              "review_tip": "海曲泊帕乙醇胺片 5 mg 口服 每日一次 — 第7天 PLT 结果后按研究方案决定",
              "stop7": f"仅当第7天 PLT <{NBSP}100 且 <{NBSP}82 时给药",
              "stop10": f"仅当第10天 PLT <{NBSP}100 且 <{NBSP}82 时给药",
              "stop_tip": "海曲泊帕乙醇胺片 7.5 mg 口服 每日一次；重组人血小板生成素注射液 (rhTPO) 15,000 单位 皮下注射 "
                          "每日一次 — 仅当第7天 PLT 结果未达到停药标准时给药"},
}


def test_doses_after_a_dose_review_say_decide_per_protocol_as_the_sheet_does(protocols, lang):
    assessment = _review(protocols)
    model = _model(assessment)
    expected = EXPECTED[lang]

    assert _assert_notes_are_the_sheets(model, assessment) == set(range(8, 15))
    notes = _notes(model)
    assert notes[8] == expected["review8"]  # today's row, under the DOSE REVIEW banner
    assert notes[11] == expected["review11"]
    assert model.index(model.row_of_day(8), COL_NOTES).data(TOOLTIP) == expected["review_tip"]
    assert expected["review11"] not in notes[7]  # the reviewed count's own day waits for nothing
    assert model.index(model.row_of_day(6), COL_NOTES).data(TOOLTIP) is None


def test_doses_before_the_day_7_count_say_only_below_the_stop_rule_as_the_sheet_does(protocols, lang):
    assessment = assess(_eligible(protocols), protocols, ELIGIBLE_DAY4)
    model = _model(assessment)
    expected = EXPECTED[lang]

    assert _assert_notes_are_the_sheets(model, assessment) == set(range(7, 15))
    notes = _notes(model)
    assert all(notes[day] == "" for day in (1, 2, 3, 5, 6))  # days before the check wait for nothing
    assert notes[8] == notes[9] == expected["stop7"]
    assert notes[7].endswith({"en": ", ", "zh_CN": "、"}[lang] + expected["stop7"])  # after "PLT checkpoint"
    tooltip = model.index(model.row_of_day(8), COL_NOTES).data(TOOLTIP)
    assert tooltip == expected["stop_tip"]


def test_after_a_day_7_count_below_the_stop_rule_only_days_10_to_14_wait_for_the_day_10_count(protocols, lang):
    assessment = assess(_eligible(protocols, [(7, 60)]), protocols, ELIGIBLE_DAY8)
    model = _model(assessment)

    assert _assert_notes_are_the_sheets(model, assessment) == set(range(10, 15))
    notes = _notes(model)
    assert EXPECTED[lang]["stop7"] not in "".join(notes.values())
    assert not any(EXPECTED[lang]["stop10"] in notes[day] for day in (7, 8, 9))
    assert all(notes[day].endswith(EXPECTED[lang]["stop10"]) for day in range(10, 15))
    assert all(model.index(model.row_of_day(day), COL_NOTES).data(TOOLTIP) is None for day in (8, 9))


def test_stopped_days_carry_no_conditional_note(protocols):
    assessment = assess(_eligible(protocols, [(7, 140)]), protocols, ELIGIBLE_DAY8)
    model = _model(assessment)

    assert all(assessment.plan.days[day - 1].state == "stopped" for day in range(8, 15))
    assert not any("only if" in note or "after day" in note for note in _notes(model).values())


def test_a_new_baseline_words_the_waiting_doses_again(qtbot, protocols):
    """The note reads the plan's limits, not the day: a new baseline (its own stop number) changes the
    note of every waiting day although the days are equal, and is announced; the old words come back
    with the old baseline."""
    model = CalendarModel()
    plans = {baseline: assess(_eligible(protocols, baseline=baseline), protocols, ELIGIBLE_DAY4)
             for baseline in (32, 40)}
    state = state_from_case(plans[32].case)
    model.set_plan(plans[32].plan, state.days, {}, None)
    assert _notes(model)[9] == EXPECTED["en"]["stop7"]

    with qtbot.waitSignal(model.dataChanged) as changed:
        model.set_plan(plans[40].plan, state.days, {}, None)
    assert _notes(model)[9] == f"only if day 7 PLT <{NBSP}100 and <{NBSP}90"
    first, last = changed.args[:2]
    assert (first.row(), last.row()) == (model.row_of_day(7), model.row_of_day(14))
    assert first.column() == last.column() == COL_NOTES

    model.set_plan(plans[32].plan, state.days, {}, None)
    assert _notes(model)[9] == EXPECTED["en"]["stop7"]


def test_a_day_7_count_typed_in_the_window_moves_the_notes_to_the_day_10_count(qtbot, protocols, window):
    window.set_state(state_from_case(_eligible(protocols)))  # the window's today is day 7
    model = window.calendar_model
    assert _notes(model)[8] == EXPECTED["en"]["stop7"]

    enter_day_plt(qtbot, window, 7, "60")

    notes = _notes(model)
    assert notes[8] == notes[9] == ""
    assert all(notes[day].endswith(EXPECTED["en"]["stop10"]) for day in range(10, 15))
    sheet = _sheet_notes(window.assessment)
    assert all(notes[day].endswith(sheet[day]) for day in range(10, 15))


@pytest.mark.parametrize("size", [(1024, 700), (1366, 700)])
@pytest.mark.parametrize("case", ["review", "eligible"])
def test_the_notes_leave_today_and_six_calendar_rows_in_view(qtbot, protocols, lang, size, case, tmp_path):
    """At ward sizes (768-pixel screens less a taskbar), in both languages, with every waiting day noted:
    today's row and at least six rows show whole, and each row is as tall as its notes need."""
    if case == "review":
        path, today = EXAMPLES_DIR / "nct07243418-primary-dose-review.json", REVIEW_DAY8
    else:
        data = json.loads((EXAMPLES_DIR / "nct07334093-experimental-eligible.json").read_text())
        data["platelet_checks"] = []
        path, today = tmp_path / "before-day-7.json", ELIGIBLE_DAY4
        path.write_text(json.dumps(data))
    window = case_window(qtbot, protocols, path, today, *size)
    window.calendar.setFocus()
    qtbot.wait(50)
    view, model = window.calendar, window.calendar_model
    assert i18n.language() == lang
    assert any(note for note in _sheet_notes(window.assessment).values())

    viewport = view.viewport().rect()
    whole = [row for row in range(model.rowCount()) if viewport.contains(view.visualRect(model.index(row, 0)))]
    assert len(whole) >= 6
    assert model.row_of_day(window.assessment.plan.today_day) in whole
    for row in range(model.rowCount()):
        index = model.index(row, COL_NOTES)
        option = QStyleOptionViewItem()
        view.initViewItemOption(option)
        option.rect = view.visualRect(index)
        needed = view.itemDelegateForIndex(index).sizeHint(option, index).height()
        assert view.rowHeight(row) >= needed, (row, index.data())


def _everything(model) -> list:
    """Every role of every cell as plain values, with each cell's look and paint key."""
    from .bedside import comparable

    roles = sorted(model._ROLES, key=int)
    return [(row, column, [comparable(model.index(row, column).data(role)) for role in roles],
             model.cell_look(row, column), model.paint_key(row, column))
            for row in range(model.rowCount()) for column in range(model.columnCount())]


def test_a_row_whose_note_alone_changes_answers_as_a_row_worded_afresh(protocols):
    """A new baseline changes only the waiting days' notes: the row keeps what its other cells answered
    (their words and looks are not worked out again), and every answer is the one a new model gives."""
    plans = {baseline: assess(_eligible(protocols, baseline=baseline), protocols, ELIGIBLE_DAY4)
             for baseline in (32, 40, 41)}
    state = state_from_case(plans[32].case)
    model = CalendarModel()
    for baseline in (32, 40, 41, 32):
        model.set_plan(plans[baseline].plan, state.days, {}, None)
        _everything(model)  # every cell asked, painted and looked at, as a view does
        fresh = CalendarModel()
        fresh.set_plan(plans[baseline].plan, state.days, {}, None)
        assert _everything(model) == _everything(fresh), baseline


def test_a_baseline_typed_digit_by_digit_keeps_the_rows_stop_state_remembered(protocols):
    """Day-7 count 85: baseline 32 stops the drug (85 ≥ 82); 37–41 do not, and each gives the waiting days
    a new note. Those notes take each other's place, so the STOP state of day 10 is still remembered when
    the baseline comes back to 32 (its answers are not worked out again)."""
    plans = {baseline: assess(_eligible(protocols, [(7, 85)], baseline=baseline), protocols, ELIGIBLE_DAY8)
             for baseline in (32, 37, 38, 39, 40, 41)}
    state = state_from_case(plans[32].case)
    model = CalendarModel()
    model.set_plan(plans[32].plan, state.days, {}, None)
    row = model.row_of_day(10)
    assert model.plan_day(row).state == "stopped"
    stopped = model._cells[row]
    for baseline in (37, 38, 39, 40, 41):
        model.set_plan(plans[baseline].plan, state.days, {}, None)
        assert _notes(model)[10].endswith(f"<{NBSP}{baseline + 50}")
    model.set_plan(plans[32].plan, state.days, {}, None)
    assert model._cells[row] is stopped
