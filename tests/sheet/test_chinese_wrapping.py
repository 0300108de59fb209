"""Issue 12: the Chinese sheet breaks lines between words, never inside a clinical word, and keeps
every line inside its cell (每日一次 wrapped its 次 onto the next line; 挽救治疗水平 ran out of the PLT cell)."""

from __future__ import annotations

import pytest

from ctit_gui.sheet.breaking import KEEP_WHOLE, NO_START, break_units
from ctit_gui.sheet.export import build_sheet_bytes
from ctit_gui.sheet.fonts import text_width

from .cases import GENERATED
from .pdftext import text_across_rules, text_lines
from .test_states import CASES

#: The ward's words that must never be split across two lines (issue 12's list).
WARD_WORDS = ("每日一次", "皮下注射", "口服", "海曲泊帕乙醇胺片", "重组人血小板生成素注射液", "不得给药", "血常规复查",
              "挽救治疗", "单位")
RHTPO = "重组人血小板生成素注射液 (rhTPO) 15,000 单位 皮下注射 每日一次"


def split_words(lines: list[str], words=WARD_WORDS) -> list[str]:
    """Each word that one line ends the start of and the next line begins with the rest of."""
    found = []
    for upper, lower in zip(lines, lines[1:]):
        upper, lower = upper.rstrip(), lower.lstrip()
        for word in words:
            if any(upper.endswith(word[:cut]) and lower.startswith(word[cut:]) for cut in range(1, len(word))):
                found.append(f"{word}: {upper[-12:]!r} / {lower[:12]!r}")
    return found


@pytest.mark.parametrize("text", [RHTPO, "海曲泊帕乙醇胺片 7.5 mg 口服 每日一次",
                                  "第10天：如尚未给药则暂停 — PLT 结果达到停药标准；不得给药，挽救治疗水平，血常规复查。",
                                  "海曲泊帕乙醇胺片7.5mg口服每日一次，重组人血小板生成素注射液15,000单位皮下注射每日一次"])
def test_no_width_splits_a_ward_word_or_starts_a_line_with_closing_punctuation(text):
    measure = lambda piece: text_width(piece, 9)  # noqa: E731
    widest = max(text_width(word, 9) for word in KEEP_WHOLE)  # narrower lines must cut a word
    for width in range(int(widest) + 1, 400, 3):
        lines = break_units(text, float(width), measure)
        assert "".join(line for line, _ in lines).replace(" ", "") == text.replace(" ", "")  # nothing lost
        assert split_words([line for line, _ in lines], WARD_WORDS + KEEP_WHOLE) == [], width
        for line, used in lines:
            assert line and line[0] not in NO_START, (width, line)
            assert used <= width + 1e-6, (width, line)


def test_a_word_wider_than_the_line_is_the_only_thing_cut_between_characters():
    measure = lambda piece: text_width(piece, 9)  # noqa: E731
    lines = break_units("患" * 32, 60.0, measure)
    assert len(lines) > 1 and all(used <= 60.0 for _, used in lines)
    assert "".join(line for line, _ in lines) == "患" * 32


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("name", list(CASES))
def test_chinese_sheet_keeps_ward_words_whole_and_text_inside_its_cells(name, paper):
    pdf = build_sheet_bytes(CASES[name](), paper, GENERATED, language="zh_CN")
    lines = text_lines(pdf)
    by_page: dict[int, list[str]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line.text)
    assert [found for page in by_page.values() for found in split_words(page)] == []
    assert text_across_rules(pdf) == []


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_rhtpo_dose_line_is_one_line_beside_its_box(paper):
    from .test_states import HEAVIEST

    pdf = build_sheet_bytes(CASES[next(iter(HEAVIEST))](), paper, GENERATED, language="zh_CN")
    assert sum(RHTPO in line.text for line in text_lines(pdf) if line.page == 0) >= 7
