"""The ward's worklist in Chinese (the `ward` command and the rows the window shows): problem lines, the arm,
dates with the Chinese weekday, and columns aligned by terminal width (a CJK character takes two)."""

from __future__ import annotations

import json
import re

from ctit_gui import i18n
from ctit_gui.core.worklist import WorklistCache, worklist
from ctit_gui.store import open_store
from ctit_gui.store.commands import ward_text
from tests.ward import WARD_DAY, ward_cases, ward_entries

from .catalogue import ROOT
from .english import english_words, registry_sentences

WEEKDAY = re.compile(r"\d{4}-\d{2}-\d{2}(?! 周[一二三四五六日])")


def _chinese_text():
    """The generated ward in Chinese (without its synthetic unreadable entry, whose problem is plain recorded
    text: the store's own unreadable revisions are tested above)."""
    with i18n.using("zh_CN"):
        return ward_text(worklist(ward_entries()[:-1], WARD_DAY))


def test_problem_lines_are_chinese_even_from_a_row_cached_in_english():
    cache = WorklistCache()
    listed = worklist(ward_entries(), WARD_DAY, cache=cache)  # the rows computed (and kept) in English
    old_arm = next(i for i in listed.items if i.patient_id == "F13-OLD-ARM")
    assert old_arm.problems[0].startswith("arm: must be one of")
    with i18n.using("zh_CN"):
        again = worklist(ward_entries(), WARD_DAY, cache=cache)
        row = next(i for i in again.items if i.patient_id == "F13-OLD-ARM")
        assert row is old_arm  # the same cached row, read in another language
        assert row.problems[0].startswith("arm: 对于 NCT07243418 必须是 primary, secondary 之一"), row.problems
        assert "must be" not in row.problems[0]
        assert row.alert_words.startswith("无法评估 — ")
    assert json.loads(json.dumps(old_arm.to_dict()))["problems"] == list(old_arm.problems)  # JSON stays English


def test_a_stored_revision_the_program_cannot_read_is_described_in_chinese(tmp_path):
    with open_store(tmp_path / "store", user="nurse.a") as store:
        case_id = store.create_case(ward_cases()[4]).case_id
        row = store.connection.execute("SELECT case_json FROM revisions WHERE case_id = ?", (case_id,)).fetchone()
        data = json.loads(row[0])
        data["dose_plan"] = "x"  # a field of a newer program
        store.connection.execute("DROP TRIGGER IF EXISTS revisions_no_update")
        store.connection.execute("UPDATE revisions SET case_json = ? WHERE case_id = ?", (json.dumps(data), case_id))
        store.connection.commit()
        entries = store.ward_entries()  # read (and cached by the store) before any language is chosen
        english = worklist(entries, WARD_DAY, store.protocols).items[0].problems
        with i18n.using("zh_CN"):
            text = ward_text(worklist(store.ward_entries(), WARD_DAY, store.protocols))
    assert english == ("revision 1 cannot be read by this program: dose_plan: is not a field of this format",)
    line = next(line for line in text.splitlines() if "dose_plan" in line)
    assert line.split(None, 1)[1] == "本程序无法读取第 1 版：dose_plan: 不是此格式的字段", line
    assert line.startswith("    问题：")


def test_ward_text_in_chinese_has_no_english_but_ids_and_codes():
    text = _chinese_text()
    quotes = registry_sentences()
    typed = {"cohort-3", "primary", "secondary"}  # arm ids, as the case file has them
    left = {line: words for line in text.splitlines()  # patient ids (F13-OLD-ARM), a field's name (arm: …)
            if (words := english_words(re.sub(r"\b[A-Z]\d{2}-[A-Z0-9-]+\b|\b[a-z_.]+(?=: )", " ", line), quotes,
                                       typed))}
    assert left == {}


def test_the_arm_is_named_in_chinese():
    text = _chinese_text()
    assert "Control arm" not in text and "Cohort" not in text and "Experimental arm" not in text
    assert "对照组：海曲泊帕" in text or "队列" in text


def test_every_date_shown_has_its_chinese_weekday():
    text = _chinese_text()
    assert WEEKDAY.findall(text) == [], [line for line in text.splitlines() if WEEKDAY.search(line)]
    assert text.splitlines()[0].startswith(f"病区工作清单 {WARD_DAY.isoformat()} 周")
    assert re.search(r"下次复查：\s+第\d+天 · 应于 \d{4}-\d{2}-\d{2} 周[一二三四五六日]", text)


def test_english_dates_stay_iso_as_scripts_read_them():
    text = ward_text(worklist(ward_entries(), WARD_DAY))
    assert text.splitlines()[0].startswith(f"Ward worklist {WARD_DAY.isoformat()}:")
    assert "周" not in text and re.search(r"next check: +day \d+ · due \d{4}-\d{2}-\d{2}\n", text)


def test_labels_line_up_by_terminal_columns():
    """Each label's text starts in the same terminal column (今日： is 6 columns, 下次复查： 10)."""
    for code in ("zh_CN", "en"):
        with i18n.using(code):
            text = ward_text(worklist(ward_entries(), WARD_DAY))
        starts = set()
        for line in text.splitlines():
            found = re.match(r"    (\S+[:：]) +", line)
            if found:
                starts.add(i18n.display_width(found.group(0)))
        assert len(starts) == 1, (code, starts)


def test_cases_list_in_chinese_has_chinese_words_in_aligned_columns(tmp_path, capsys):
    from ctit_gui.cli import main as cli_main

    store = tmp_path / "ward"
    for name in ("nct07334093-control-rescue.json", "nct07334093-incomplete.json"):
        assert cli_main(["cases", "import", str(ROOT / "examples" / name), "--data-dir", str(store)]) == 0
    capsys.readouterr()
    assert cli_main(["cases", "list", "--data-dir", str(store), "--today", "2026-03-20", "--lang", "zh_CN"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:5] == ["编号", "患者", "试验", "组别", "状态"]
    assert any("治疗第11天" in line for line in lines) and any("筛选期" in line for line in lines)
    # every column starts in the same terminal column in the header and in each row
    row = next(line for line in lines[1:] if "治疗第11天" in line)
    for word, value in (("状态", "治疗第11天"), ("最近修改", "2026-")):
        header = i18n.display_width(lines[0][:lines[0].index(word)])
        assert i18n.display_width(row[:row.index(value)]) == header, (word, lines[0], row)
    assert cli_main(["cases", "list", "--data-dir", str(store), "--today", "2026-03-20"]) == 0
    english = capsys.readouterr().out.splitlines()
    assert english[0].split()[:5] == ["ID", "PATIENT", "TRIAL", "ARM", "STATUS"]
    assert any("on treatment day 11" in line and line.endswith("(imported)") for line in english)


def test_criterion_ids_are_listed_with_the_languages_list_separator_in_alerts_and_doses():
    """The alert ("不得给药 — 筛选未完成 (IN2, IN3)") and today's doses ("… (IN2、IN3)") of one case listed the same
    ids with two separators; both take the catalogue's, and English keeps ", "."""
    from tests.ward import EXAMPLES_DAY, example_entries

    listed = worklist(example_entries(), EXAMPLES_DAY)
    blocked = [item for item in listed.items if item.status is not None and len(item.today.blocking) > 1]
    assert blocked
    for item in blocked:
        alert = next(a for a in item.status.alerts if a.kind == "do_not_dose")
        assert alert.blocking == item.today.blocking
        with i18n.using("zh_CN"):
            assert f"({'、'.join(alert.blocking)})" in alert.words and f"({'、'.join(alert.blocking)})" in \
                item.today.words, (alert.words, item.today.words)
        with i18n.using("en"):
            assert alert.words.endswith(f"({', '.join(alert.blocking)})") and item.today.words.endswith(
                f"({', '.join(alert.blocking)})")
        assert alert.to_dict()["words"].endswith(f"({', '.join(alert.blocking)})")  # JSON stays English
