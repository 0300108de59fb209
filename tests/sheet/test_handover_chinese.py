"""The shift handover in Simplified Chinese: the worklist's words, doses and headings in Chinese, every
glyph in the embedded font, byte-identical on rebuild; the English handover keeps its words."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest

from ctit_gui import i18n
from ctit_gui.core.worklist import worklist
from ctit_gui.sheet.fonts import missing_glyphs
from ctit_gui.sheet.handover import render_handover
from tests.i18n.english import english_words
from tests.ward import WARD_DAY, ward_entries

from .test_chinese import pdftotext

AT = datetime(2026, 3, 16, 7, 30, tzinfo=timezone(timedelta(hours=8)))


@pytest.fixture(scope="module")
def ward():
    return worklist(ward_entries(), WARD_DAY)


def _flat(text: str) -> str:
    flat = re.sub(r"\s+", " ", text)
    return re.sub(r"(?<=[\u3000-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u9fff\uff00-\uffef])", "", flat)


def _typed(listed) -> set[str]:
    """What the ward typed or the store holds (ids, trials, arms) and the store's own problem lines
    (validation messages of an unreadable case, English by design), each whole and word by word."""
    data = set()
    for item in listed.items:
        data |= {item.patient_id, item.trial, item.arm, item.arm_label, *item.problems}
    for closed in listed.closed:
        data |= {closed.patient_id, closed.trial, closed.arm, closed.closure.note or ""}
    return {w for d in data if d for w in [d, *re.split(r"[\s:;,()'·]+", d)] if w}


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_handover_has_no_english_words_every_glyph_and_the_same_bytes(ward, paper, tmp_path):
    pdf, printed = render_handover(ward, paper, AT, language="zh_CN")
    assert render_handover(ward, paper, AT, language="zh_CN")[0] == pdf
    assert {text: missing_glyphs(text) for text in printed if missing_glyphs(text)} == {}
    text = pdftotext(pdf, tmp_path)
    assert english_words(_flat(text), [], _typed(ward)) == []
    flat = _flat(text)
    for words in ("病区交班", "交班护士", "接班护士", "姓名、签名、日期和时间", "下次血常规复查", "今日给药",
                  "海曲泊帕乙醇胺片", "皮下注射", "第 1 页，共"):
        assert words in flat, words
    shown = "\n".join(printed)  # whole cells, before the table wraps them
    for words in ("海曲泊帕乙醇胺片 7.5 mg 口服 每日一次", "第 1 天 2026-03-19 周四", "第 9/14 天"):
        assert words in shown, words
    assert "检查点" not in flat
    assert b"zh-CN" in pdf


def test_the_language_is_the_callers_and_does_not_stay_after_the_sheet(ward):
    with i18n.using("en"):
        english = render_handover(ward, "a4", AT)[0]
        assert render_handover(ward, "a4", AT, language="zh_CN")[0] != english
        assert i18n.language() == "en"
        assert render_handover(ward, "a4", AT)[0] == english
    with i18n.using("zh_CN"):
        assert render_handover(ward, "a4", AT)[0] == render_handover(ward, "a4", AT, language="zh_CN")[0]


def test_the_worklist_rows_follow_the_language_without_recomputing(ward):
    row = next(i for i in ward.items if i.patient_id == "S02-DAY1-AHEAD")
    dosed = next(i for i in ward.items if i.patient_id == "S08-DAY9")
    with i18n.using("en"):
        assert row.today.words == "no dose yet — screening; day 1 2026-03-19"
        assert dosed.today.words == "hetrombopag 7.5 mg by mouth daily"
        assert dosed.day_words == "day 9 of 14"
    with i18n.using("zh_CN"):
        assert row.today.words == "尚未给药 — 筛选期；第 1 天 2026-03-19 周四"
        assert dosed.today.words == "海曲泊帕乙醇胺片 7.5 mg 口服 每日一次"
        assert dosed.day_words == "第 9/14 天"


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_handover_gives_next_checks_with_their_weekday_each_date_whole(ward, paper, tmp_path):
    """Chinese dates carry their weekday (2026-03-19 周四) on the handover as in the window and `ward`;
    the narrow column breaks between date and weekday, never inside the date."""
    pdf, printed = render_handover(ward, paper, AT, language="zh_CN")
    text = pdftotext(pdf, tmp_path)
    with i18n.using("zh_CN"):
        shown = [item.next_check_shown for item in ward.items
                 if item.status is not None and item.status.next_check is not None]
    dated = [words for words in shown if re.search(r"\d{4}-\d{2}-\d{2}", words)]
    assert len(dated) >= 5 and all(re.search(r"\d{4}-\d{2}-\d{2} 周[一二三四五六日]", w) for w in dated), shown
    for words in shown:  # dated, and the screening cases' "第7天 · 未设定第1天"
        assert words in printed, words
    for words in dated:
        date = re.search(r"\d{4}-\d{2}-\d{2}", words).group()
        assert date in text, date  # not broken across lines


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_handover_names_each_arm_as_the_window_and_the_dosing_sheet_do(ward, paper):
    """The arm in the ward's words (对照组：海曲泊帕, 队列 1：一级预防), as the Today page and the dosing sheet show
    it: never the protocol file's English arm id (primary, secondary, hetrombopag, rhtpo+hetrombopag)."""
    pdf, printed = render_handover(ward, paper, AT, language="zh_CN")
    with i18n.using("zh_CN"):
        expected = {item.patient_id: f"{item.trial} · {item.arm_words}" for item in ward.items if item.evaluated}
    assert {"对照组：海曲泊帕", "队列 1：一级预防", "队列 2：二级预防"} <= {w.split(" · ")[1] for w in expected.values()}
    for patient, words in expected.items():
        assert words in printed, (patient, words)
    raw = {f"{item.trial} · {item.arm}" for item in ward.items if not item.evaluated}  # a problem row: as stored
    for item in ward.items:
        if item.evaluated and f"{item.trial} · {item.arm}" not in raw:
            assert f"{item.trial} · {item.arm}" not in printed, item.patient_id


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_ten_cases_still_fit_one_chinese_page_with_the_arms_named(ward, paper):
    from ctit_gui.core.worklist import Worklist
    from tests.sheet.pdftext import reader

    small = Worklist(ward.today, ward.items[:10], ward.closed)
    pdf, _printed = render_handover(small, paper, AT, language="zh_CN")
    assert len(reader(pdf).pages) == 1


#: Two criterion ids listed with the English separator.
ENGLISH_ID_LIST = re.compile(r"\b(?:IN|EX)\d+, (?:IN|EX)\d+\b")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_handover_lists_criterion_ids_with_the_chinese_list_separator_in_every_column(paper):
    """The status column said "筛选未完成 (IN2, IN3, …)" beside the doses column's "(IN2、IN3、…)": the ward status
    joined the ids itself; both now list them as the worklist does, with the catalogue's separator."""
    from tests.ward import EXAMPLES_DAY, example_entries

    ward = worklist(example_entries(), EXAMPLES_DAY)
    _pdf, printed = render_handover(ward, paper, AT, language="zh_CN")
    with i18n.using("zh_CN"):
        blocked = [item for item in ward.items if item.status is not None
                   and any(len(a.blocking) > 1 for a in item.status.alerts)]
        listed = {"、".join(a.blocking) for item in blocked for a in item.status.alerts if len(a.blocking) > 1}
    assert blocked and listed
    assert [text for text in printed if ENGLISH_ID_LIST.search(text)] == []
    for ids in listed:
        assert sum(ids in text for text in printed) >= 2, ids  # the status column and the doses column
    english = render_handover(ward, paper, AT, language="en")[1]
    assert any(ENGLISH_ID_LIST.search(text) for text in english)  # English keeps ", "


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_chinese_day_column_keeps_each_phase_on_one_line(ward, paper, tmp_path):
    """On Letter the Day column broke 疗程已结束 as 疗程已结 / 束; every day word now stays whole."""
    pdf, _printed = render_handover(ward, paper, AT, language="zh_CN")
    lines = pdftotext(pdf, tmp_path).splitlines()
    with i18n.using("zh_CN"):
        words = {item.day_words for item in ward.items if item.evaluated}
    assert "疗程已结束" in words
    for word in words:
        assert any(word in line for line in lines), (paper, word)
