"""Where a line of Chinese (or mixed) text may break: between words, never inside a clinical word.

reportlab's CJK line breaking breaks between any two CJK characters, so "每日一次" could end a
line with "每日一" and start the next with "次". Here a line breaks only

* at a space (the space is dropped at the break), or
* between two CJK units, where a unit is one of :data:`KEEP_WHOLE` (longest match first),
  a number with the CJK character it counts ("第10天", "7天"), or else a single CJK character;

never before closing punctuation (，。、：）” …) nor after opening punctuation (（“ …), never
between a number and the CJK character after it, never inside a run of Latin letters, digits
and signs ("rhTPO", "15,000", "×10⁹/L"), never between a count and its unit ("90 ×10⁹/L"). After a
Chinese closing mark a line may break even when Latin text follows: "EX7、" / "EX8", "第 10 天：" /
"90 ×10⁹/L". A unit wider than the whole line is the only thing broken between characters (a
32-character CJK patient id).

Pure text rules: widths come from the caller (``measure``), so this module needs no reportlab.
"""

from __future__ import annotations

import re
from typing import Callable

#: Words kept on one line. Data, not rules: add a word when the sheet prints a new one that must
#: not be split. Drug names, routes, frequencies, units, states and the ward's terms (issue 12).
KEEP_WHOLE: tuple[str, ...] = (
    # drugs, routes, frequencies, units
    "海曲泊帕乙醇胺片", "重组人血小板生成素注射液", "海曲泊帕", "口服", "皮下注射", "每日一次", "单位", "毫克",
    # states and actions
    "不得给药", "不给药", "给药", "停药", "挽救治疗", "血常规复查", "复查", "出血风险", "不符合入组条件",
    "筛选未完成", "入组资格", "主要终点", "终点", "基线", "血小板", "研究药物", "剂量调整", "剂量", "水平",
    # the sheet's own headings and words
    "执行", "签名", "日期", "备注", "给药单", "给药日历", "译文", "仅供参考", "注册记录", "原文", "研究方案",
    "处方医师", "药师", "护士", "姓名", "时间", "患者", "试验组", "对照组", "病例",
    "一级预防", "二级预防",  # the NCT07243418 cohorts' names (队列 1：一级预防) in the handover's narrow arm column
    "周一", "周二", "周三", "周四", "周五", "周六", "周日",
)

#: Units kept on the line of the number before them ("15,000 单位", "7.5 mg", "32 ×10⁹/L").
UNITS = frozenset({"mg", "kg", "g", "mL", "单位", "×10⁹/L", "×10^9/L", "/µL", "/μL", "/uL", "U/L", "umol/L", "μmol/L",
                   "µmol/L", "岁"})

#: Words that count the number before them: kept on its line even with a space between ("第 10 天").
COUNTED = frozenset("天岁")

_CJK = "\u2e80-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_IS_CJK = re.compile(f"[{_CJK}]")
#: May not start a line: attached to what comes before.
NO_START = frozenset("，。、；：？！）】》」』”’〕〉…—·％,.;:?!)]}%")
#: Chinese closing marks a line may break after even when Latin text follows ("EX7、EX8", "第 10 天：90 ×10⁹/L").
WIDE_CLOSE = frozenset("，。、；：？！）】》」』〕〉％")
#: May not end a line: attached to what comes after.
NO_END = frozenset("（【《「『“‘〔〈([{")

_BY_FIRST: dict[str, list[str]] = {}
for _word in sorted(KEEP_WHOLE, key=len, reverse=True):
    _BY_FIRST.setdefault(_word[0], []).append(_word)


def has_cjk(text: str) -> bool:
    return bool(_IS_CJK.search(text))


def _is_cjk(ch: str) -> bool:
    return bool(_IS_CJK.match(ch))


def _pieces(word: str) -> list[str]:
    """A word (no spaces) cut into the smallest pieces a line may break between."""
    raw: list[str] = []
    position = 0
    while position < len(word):
        ch = word[position]
        match = next((w for w in _BY_FIRST.get(ch, ()) if word.startswith(w, position)), None)
        if match:
            raw.append(match)
            position += len(match)
        elif _is_cjk(ch) and ch not in NO_START and ch not in NO_END:
            raw.append(ch)
            position += 1
        else:  # a run of anything else: Latin letters, digits, signs, punctuation
            end = position if ch in WIDE_CLOSE else position + 1
            while end < len(word) and not _is_cjk(word[end]) and word[end] not in WIDE_CLOSE:
                end += 1
            while end < len(word) and word[end] in NO_START:  # "EX7、", "天：": a line may break after the mark
                end += 1
            raw.append(word[position:end])
            position = end
    pieces: list[str] = []
    glue_next = False
    for piece in raw:
        if pieces and (glue_next or piece[0] in NO_START
                       or (pieces[-1][-1].isdigit() and _is_cjk(piece[0]))  # "10天", "7.5mg" stays whole
                       or (pieces[-1] == "第" and piece[0].isdigit())):  # "第10天"
            pieces[-1] += piece
        else:
            pieces.append(piece)
        glue_next = piece[-1] in NO_END
    return pieces


def units(line: str) -> list[tuple[str, bool]]:
    """(piece, a space before it) for one line without line breaks: a line may break before any piece."""
    out: list[tuple[str, bool]] = []
    for index, word in enumerate(line.split(" ")):
        if not word:
            continue
        for number, piece in enumerate(_pieces(word)):
            spaced = number == 0 and index > 0 and bool(out)
            previous = out[-1][0] if out else ""
            if spaced and (piece[0] in NO_START  # "暂停 — PLT": the dash stays with the word before it
                           or (previous[-1].isdigit() and (piece.rstrip("".join(NO_START)) in UNITS  # "7.5 mg"
                                                           or piece[0] in COUNTED))  # "第 10 天"
                           or (previous.endswith("第") and piece[0].isdigit())):  # "第 10"
                out[-1] = (f"{out[-1][0]} {piece}", out[-1][1])
            else:
                out.append((piece, spaced))
    return out


def break_units(line: str, width: float, measure: Callable[[str], float]) -> list[tuple[str, float]]:
    """``line`` broken into (text, width) lines no wider than ``width``, greedily, at the pieces of :func:`units`."""
    space = measure(" ")
    lines: list[tuple[str, float]] = []
    current, used = "", 0.0
    queue = units(line)
    queue.reverse()
    while queue:
        piece, spaced = queue.pop()
        piece_w = measure(piece)
        if piece_w > width + 1e-6 and " " in piece:  # a kept-together group wider than the line: at its spaces
            parts = piece.split(" ")
            queue.extend(reversed([(part, spaced if index == 0 else True) for index, part in enumerate(parts)]))
            continue
        gap = space if spaced and current else 0.0
        if current and used + gap + piece_w <= width + 1e-6:
            current += (" " if gap else "") + piece
            used += gap + piece_w
            continue
        if current:
            lines.append((current, used))
            current, used = "", 0.0
        while piece_w > width + 1e-6 and len(piece) > 1:  # wider than the line: the one place to cut characters
            cut = len(piece) - 1
            while cut > 1 and measure(piece[:cut]) > width + 1e-6:
                cut -= 1
            lines.append((piece[:cut].rstrip(), measure(piece[:cut].rstrip())))
            piece = piece[cut:].lstrip()
            piece_w = measure(piece)
        current, used = piece, piece_w
    lines.append((current, used))
    return lines
