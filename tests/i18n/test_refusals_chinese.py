"""Refusals a Chinese-speaking ward team reads with `--lang zh_CN`: a lab result file that cannot be
imported, an output path that cannot be written, a case file that cannot be read, a paper size or a language
the program does not have. Each was an English f-string whatever the language; each is now one Chinese line
that still names the file, the option or the field as the user typed it (file names, MSH-18, ORU^R01 and
the like stay as the file spells them).
"""

from __future__ import annotations

import errno
import os
import shutil

import pytest

from ctit_gui.cli import main as cli_main

from .catalogue import ROOT
from .english import english_words, registry_sentences

EXAMPLES = ROOT / "examples"
LAB_CASE = ROOT / "tests" / "labs" / "samples" / "case.json"
#: What a result file spells and the reader names as it is: formats, segments, message types, resource types.
FILE_WORDS = {"FHIR", "R4", "HL7", "v2", "MSH", "MSH-18", "PID", "ORU^R01", "ADT^A01", "Bundle", "Observation",
              "Patient", "UNICODE UTF-8", "GB 18030-2000", "8859/1", "ASCII", "KOI8-R",
              "ascii", "FIFO"}  # a codec's name; a named pipe's
#: The operating system's own words for an error (its strerror), shown as it gives them.
OS_WORDS = {os.strerror(errno.ENOENT), os.strerror(errno.EACCES)}


def _refusal(capsys, args: list[str]) -> list[str]:
    """Run the command line in Chinese as a user would; it must refuse with exit status 2. Its error lines."""
    assert cli_main([*map(str, args), "--lang", "zh_CN"]) == 2
    lines = capsys.readouterr().err.splitlines()
    assert lines and all(line.startswith("错误：") for line in lines), lines
    return lines


def _english_left(lines: list[str], typed: set[str]) -> dict[str, list[str]]:
    quotes = registry_sentences()
    typed = typed | FILE_WORDS | OS_WORDS
    return {line: words for line in lines if (words := english_words(line, quotes, typed))}


# --- labs import ------------------------------------------------------------------------------

LAB_FILES = {
    "not-a-lab-file.txt": (b"hello, ward\n", "既不是 FHIR R4 JSON 资源，也不是 HL7 v2 消息"),
    "patient.json": (b'{"resourceType": "Patient"}', "应为 FHIR Bundle 或 Observation，而不是 Patient"),
    "list.json": (b'{"entry": []}', "应为 FHIR Bundle 或 Observation，而不是这种 JSON"),
    "broken.json": (b'{"resourceType": "Bundle",', "不是有效的 JSON"),
    "empty.json": (b'{"resourceType": "Bundle", "type": "collection"}', "不含任何化验结果"),
    "admission.hl7": (b"MSH|^~\\&|LIS|SYSU|CTIT|WARD|20261112101500||ADT^A01|T-1|P|2.5.1|||||CHN|UNICODE UTF-8\r",
                      "第 1 条消息是 ADT^A01，不是结果消息 ORU^R01"),
    "koi8.hl7": (b"MSH|^~\\&|LIS|SYSU|CTIT|WARD|20261112101500||ORU^R01|T-1|P|2.5.1|||||CHN|KOI8-R\r",
                 "不支持 MSH-18 字符集 'KOI8-R'"),
    "latin.hl7": (b"MSH|^~\\&|LIS|SYSU|CTIT|WARD|20261112101500||ORU^R01|T-1|P|2.5.1|||||CHN|ASCII\r"
                  b"PID|1||ZY2026001^^^SYSU^MR||\xd5\xc5^x\r", "不是其 MSH-18 所声明的有效 ascii 文本（第"),
    "no-patient.hl7": (b"MSH|^~\\&|LIS|SYSU|CTIT|WARD|20261112101500||ORU^R01|T-1|P|2.5.1|||||CHN|UNICODE UTF-8\r"
                       b"OBR|1||BLD-1|58410-2^CBC panel^LN|||20261104071500\r",
                       "消息 T-1：没有 PID 段，因此无法确定患者"),
    "batch-without-msh.hl7": (b"FHS|^~\\&|LIS|SYSU\rPID|1||ZY2026001^^^SYSU^MR\r", "不是以 MSH 段开头"),
}


@pytest.mark.parametrize("name", sorted(LAB_FILES))
def test_a_result_file_that_cannot_be_imported_is_refused_in_chinese(name, tmp_path, capsys):
    content, expected = LAB_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    lines = _refusal(capsys, ["labs", "import", LAB_CASE, path, "--today", "2026-11-25"])
    assert any(expected in line for line in lines), lines
    assert all(line.startswith(f"错误：{name}：") for line in lines), lines  # which file, first
    if name == "broken.json":  # the JSON reader's own words for where the text breaks, in brackets, as they are
        lines = [line.split("（", 1)[0] for line in lines]
    assert _english_left(lines, {name, "T-1"}) == {}


def test_a_missing_result_file_is_refused_in_chinese(tmp_path, capsys):
    lines = _refusal(capsys, ["labs", "import", LAB_CASE, tmp_path / "nope.hl7", "--today", "2026-11-25"])
    assert lines == ["错误：nope.hl7：无法读取（No such file or directory）"]


def test_where_a_result_is_in_the_file_is_named_in_chinese(capsys):
    """A lone Observation (in no Bundle) is "单条"; the ids the file sends stay as sent."""
    sample = ROOT / "tests" / "labs" / "samples" / "fhir" / "observation-single.json"
    assert cli_main(["labs", "import", str(LAB_CASE), str(sample), "--today", "2026-11-25", "--lang", "zh_CN"]) == 0
    out = capsys.readouterr().out
    assert "来源 observation-single.json 单条, Observation plt-day2-single" in out, out
    assert cli_main(["labs", "import", str(LAB_CASE), str(sample), "--today", "2026-11-25", "--json",
                     "--lang", "zh_CN"]) == 0  # JSON keeps its English words for scripts
    assert '"source": "observation-single.json single, Observation plt-day2-single"' in capsys.readouterr().out


# --- output paths -----------------------------------------------------------------------------


def _sheet(path) -> list[str]:
    return ["sheet", EXAMPLES / "nct07334093-experimental-eligible.json", "-o", path]


@pytest.mark.parametrize("where, expected", [
    ("missing-folder", "：无法写入（文件夹 {folder} 不存在）"),
    ("folder", "：是文件夹；请给出文件名，例如 {target}"),
    ("device", "：是设备，不是普通文件；未作改动：请给出文件名，或用 - 表示标准输出"),
    ("pipe", "：是命名管道（FIFO），不是普通文件；未作改动：请给出文件名，或用 - 表示标准输出"),
])
def test_an_output_path_that_cannot_be_written_is_refused_in_chinese(where, expected, tmp_path, capsys):
    if where == "missing-folder":
        target = tmp_path / "no-such-folder" / "sheet.pdf"
    elif where == "folder":
        target = tmp_path
    elif where == "device":
        target = "/dev/null"
    else:
        target = tmp_path / "pipe"
        os.mkfifo(target)
    lines = _refusal(capsys, _sheet(target))
    assert lines == [f"错误：{target}" + expected.format(folder=tmp_path / "no-such-folder", target=tmp_path / "file")]
    assert _english_left(lines, {str(target), str(tmp_path / "file"), str(tmp_path / "no-such-folder")}) == {}


def test_labs_import_output_over_a_device_is_refused_in_chinese(capsys):
    sample = ROOT / "tests" / "labs" / "samples" / "hl7" / "oru-utf8-loinc.hl7"
    lines = _refusal(capsys, ["labs", "import", LAB_CASE, sample, "--today", "2026-11-25", "-o", "/dev/null"])
    assert lines == ["错误：/dev/null：是设备，不是普通文件；未作改动：请给出文件名，或用 - 表示标准输出"]



# --- the case store's commands -----------------------------------------------------------------


def test_cases_import_of_a_missing_file_is_refused_in_chinese(tmp_path, capsys):
    missing = tmp_path / "case.json"
    lines = _refusal(capsys, ["cases", "import", missing])
    assert lines == [f"错误：{missing}：无法读取（{os.strerror(errno.ENOENT)}）"]
    assert _english_left(lines, {str(missing)}) == {}


@pytest.mark.parametrize("args, expected", [
    (["ward", "--handover"], "错误：--handover 需要 -o FILE.pdf（交接单写到哪里）"),
    (["ward", "-o", "handover.pdf"], "错误：-o 用于交接单：请加上 --handover"),
    (["ward", "--trial", "NCT1"], "错误：--trial：必须是 NCT07243418, NCT07334093 之一（输入为 'NCT1'）"),
    (["ward", "--handover", "-o", "handover.pdf", "--generated-at", "yesterday"],
     "错误：--generated-at：必须是 ISO 8601 日期和时间，例如 2026-02-03T08:00:00+08:00（输入为 'yesterday'）"),
    (["store", "init"], "错误：`store init` 需要 --store 给出 PostgreSQL 连接串（postgresql://HOST/DB 或 "
                        "'host=… dbname=…'）；SQLite 病例库会自行建立"),
])
def test_ward_and_store_options_are_refused_in_chinese(args, expected, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    lines = _refusal(capsys, args)
    assert lines == [expected]
    assert _english_left(lines, {"yesterday", "NCT1", "-o", "FILE", "pdf", "HOST", "DB", "host", "dbname", "init",
                                 "ISO 8601", "2026-02-03T08:00:00+08:00",
                                 "postgresql", "store", "PostgreSQL", "SQLite"}) == {}
    assert not (tmp_path / "handover.pdf").exists()


def test_the_store_commands_report_in_chinese(tmp_path, capsys):
    """import (a second case of the same patient: the note), export, close, reopen, audit show, verify and
    anchor: every line in Chinese; ids, hashes, paths and the trial's arm as the store has them."""
    case = EXAMPLES / "nct07334093-control-rescue.json"
    for _ in range(2):
        assert cli_main(["cases", "import", str(case), "--lang", "zh_CN"]) == 0
    target = tmp_path / "exported.json"
    for args in (["cases", "export", "1", "-o", str(target)], ["cases", "close", "2", "--reason", "screen_failure"],
                 ["cases", "reopen", "2"], ["audit", "show", "1"], ["audit", "verify"], ["audit", "anchor"]):
        assert cli_main([*args, "--lang", "zh_CN"]) == 0, args
    captured = capsys.readouterr()
    lines = (captured.out + captured.err).splitlines()
    assert "注意：患者 SYSU-0107 在 NCT07334093 中已有病例 1" in lines
    assert any(line.startswith(f"已写入 {target}（病例 1 第 1 版，sha256 ") for line in lines), lines
    assert "已结案病例 2（筛选失败）：第 2 版" in lines and "已重新打开病例 2：第 3 版" in lines
    assert "病例 1：患者 SYSU-0107，NCT07334093 组别 hetrombopag；最新为第 1 版" in lines
    assert any("：审计追踪完好：共 " in line for line in lines), lines
    store = str(tmp_path.parent)  # the store's path (its folder is this test's data folder)
    typed = {str(target), "SYSU-0107", "nct07334093-control-rescue.json", "root", os.environ.get("USER", "root"),
             "UTC", "sqlite3", "cases", "audit", "verify", "anchor", "N:HASH", "HASH", "N", store}
    import getpass

    typed.add(getpass.getuser())
    data_dir = os.environ["CTIT_DATA_DIR"]
    left = _english_left([line.replace(data_dir, " ") for line in lines], typed)
    assert left == {}


# --- the printed sheet and the language itself -------------------------------------------------


def test_a_sheet_font_that_cannot_be_loaded_is_refused_in_chinese(tmp_path, monkeypatch, capsys):
    from ctit_gui.sheet import fonts, subset_font

    broken = tmp_path / "font.ttf"
    broken.write_bytes(b"not a font")
    monkeypatch.setattr(fonts, "font_path", lambda: broken)
    monkeypatch.setattr(subset_font, "subset_path", lambda: tmp_path / "no-subset.ttf")
    monkeypatch.setattr(fonts, "_registered", None)  # as in a new process: the font is loaded for this sheet
    lines = _refusal(capsys, _sheet(tmp_path / "sheet.pdf"))
    assert lines[0].startswith(f"错误：给药单字体 {broken}：无法加载（"), lines
    assert not (tmp_path / "sheet.pdf").exists()


def test_a_language_the_program_lacks_is_refused_in_ctit_lang_s_language(monkeypatch, capsys):
    """`--lang zh-TW` with CTIT_LANG=zh_CN: refused in Chinese (the language the user reads); with no valid
    CTIT_LANG it stays English (no language was chosen), exactly as before."""
    monkeypatch.setenv("CTIT_LANG", "zh_CN")
    assert cli_main(["check", "case.json", "--lang", "zh-TW"]) == 2
    assert capsys.readouterr().err.splitlines() == ["错误：--lang：没有语言 'zh-TW'（可选：en, zh_CN）"]
    monkeypatch.delenv("CTIT_LANG")
    assert cli_main(["check", "case.json", "--lang", "zh-TW"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: --lang: language 'zh-TW' is not available (allowed: en, zh_CN)"]
    monkeypatch.setenv("CTIT_LANG", "fr")
    assert cli_main(["check", "case.json"]) == 2
    assert capsys.readouterr().err.splitlines() == [
        "error: $CTIT_LANG: language 'fr' is not available (allowed: en, zh_CN)"]


# --- a case file that is not the case format ---------------------------------------------------

CASE_TEXTS = {
    "not-json": ('{"patient" {"id": "P-1"}}', "不是有效的 JSON：此处缺少分隔符 ':'，位于第 1 行第 12 列"),
    "missing-comma": ('{"patient": {"id": "P-1" "sex": "female"}}',
                      "不是有效的 JSON：此处缺少分隔符 ','，位于第 1 行第 26 列（在字段 'id' 之中或之后）"),
    "number-as-text": (lambda d: d["labs"]["alt"].update(value="abc"), "labs.alt.value: 必须是数字，而不是 文本 \"abc\""),
    "id-as-number": (lambda d: d["patient"].update(id=5), "patient.id: 必须是文本，而不是 数字 5"),
    "arabic-digits": (lambda d: d["labs"]["plt"].update(value="٣٠"),
                      "labs.plt.value: 必须是数字，而不是 文本 \"٣٠\"（数字须为 ASCII 0-9）"),
    "answer-as-text": (lambda d: d.update(answers={"IN1": "yes"}), "answers.IN1: 必须是 true 或 false，而不是 文本 \"yes\""),
    "labs-as-list": (lambda d: d.update(labs=[]), "labs: 必须是对象，而不是 列表"),
    "day-with-decimals": (lambda d: d["platelet_checks"].append({"day": 7.0, "value": 60, "unit": "10^9/L"}),
                          "platelet_checks[0].day: 必须是不带小数点的整数，而不是 7.0"),
    "utf16": (None, "不是有效的 JSON：该文件是 UTF-16（或其他双字节）文本：请另存为 UTF-8"),
}


@pytest.mark.parametrize("name", sorted(CASE_TEXTS))
@pytest.mark.parametrize("command", ["check", "cases import"])
def test_a_case_file_that_is_not_the_case_format_is_refused_in_chinese(name, command, tmp_path, capsys):
    import json

    change, expected = CASE_TEXTS[name]
    path = tmp_path / f"{name}.json"
    if isinstance(change, str):
        path.write_text(change, encoding="utf-8")
    elif change is None:
        path.write_bytes((EXAMPLES / "nct07334093-experimental-eligible.json").read_text().encode("utf-16"))
    else:
        data = json.loads((EXAMPLES / "nct07334093-experimental-eligible.json").read_text(encoding="utf-8"))
        data["platelet_checks"] = []
        change(data)
        path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    lines = _refusal(capsys, [*command.split(), path])
    assert f"错误：{path.name}: {expected}" in lines, lines
    # the field as the case file spells it, and what the file holds, stay as they are
    fields = {"labs.alt.value", "labs.plt.value", "patient.id", "answers.IN1", "labs", "platelet_checks", "day",
              "id", "true", "false", "abc", "yes", "UTF-16", "UTF-8"}
    assert _english_left(lines, fields | {path.name}) == {}


# --- the site's own files beside the protocols -------------------------------------------------


def _site_copy(tmp_path):
    protocols, site = tmp_path / "protocols", tmp_path / "site"
    shutil.copytree(ROOT / "resources" / "protocols", protocols)
    shutil.copytree(ROOT / "resources" / "site", site)
    return protocols, site


def test_a_site_file_for_another_trial_is_refused_in_chinese(tmp_path):
    """A site's dose table or stop-day policy that names another trial: refused in the reader's language,
    naming the file and its field (trial) as the file spells them."""
    import json

    from ctit_gui import i18n
    from ctit_gui.core.errors import InputError
    from ctit_gui.core.protocol import load_protocols

    protocols, site = _site_copy(tmp_path)
    table = site / "NCT07243418.dose-adjustment.json"
    data = json.loads(table.read_text(encoding="utf-8"))
    data["trial"] = "NCT07334093"
    table.write_text(json.dumps(data), encoding="utf-8")
    (site / "NCT07334093.stop-day.json").write_text('{"trial": ', encoding="utf-8")
    with i18n.using("zh_CN"), pytest.raises(InputError) as refused:
        load_protocols(protocols)
    lines = refused.value.messages
    assert "NCT07243418.dose-adjustment.json：trial：为 NCT07334093，应为 NCT07243418" in lines, lines
    broken = next(line for line in lines if line.startswith("NCT07334093.stop-day.json：不是有效的 JSON（"))
    assert _english_left([line.split("（", 1)[0] for line in lines],
                         {"trial", "NCT07243418.dose-adjustment.json", "NCT07334093.stop-day.json"}) == {}, broken


def test_a_site_lab_code_file_that_maps_a_loinc_code_is_refused_in_chinese(tmp_path):
    import json

    from ctit_gui import i18n
    from ctit_gui.core.errors import InputError
    from ctit_gui.labs_import import site_lab_codes

    _protocols, site = _site_copy(tmp_path)
    codes = site / "lab-codes.json"
    data = json.loads(codes.read_text(encoding="utf-8"))
    data["entries"].append({"code": "777-3", "measure": "plt"})
    codes.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with i18n.using("zh_CN"), pytest.raises(InputError) as refused:
        site_lab_codes(codes)
    assert refused.value.messages == ["lab-codes.json: 代码 777-3 是 LOINC 代码；LOINC 代码已内置，无需映射"]
    with i18n.using("zh_CN"), pytest.raises(InputError) as missing:
        site_lab_codes(site / "nope.json")
    assert missing.value.messages == [f"nope.json：无法读取（{os.strerror(errno.ENOENT)}）"]


def test_a_tampered_trail_is_reported_in_chinese(capsys):
    """`audit verify` on a store whose end of trail was deleted with its guard dropped: the summary and every
    problem in Chinese, naming the entries and the guard as the store names them (exit 1)."""
    import sqlite3

    case = EXAMPLES / "nct07334093-control-rescue.json"
    assert cli_main(["cases", "import", str(case), "--lang", "zh_CN"]) == 0
    capsys.readouterr()
    conn = sqlite3.connect(os.path.join(os.environ["CTIT_DATA_DIR"], "cases.sqlite3"), isolation_level=None)
    conn.execute("DROP TRIGGER audit_no_delete")
    last = conn.execute("SELECT MAX(seq) FROM audit").fetchone()[0]
    conn.execute("DELETE FROM audit WHERE seq = ?", (last,))
    conn.close()
    assert cli_main(["audit", "verify", "--lang", "zh_CN"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].endswith(f": 审计追踪已损坏：记录 #{last} 至 #{last} 缺失：审计追踪的末尾已在本程序之外被删除"), lines
    assert "  另有：只追加保护 audit_no_delete 缺失：病例库已在本程序之外被改动" in lines, lines
    store = os.path.join(os.environ["CTIT_DATA_DIR"], "cases.sqlite3")
    assert _english_left([line.replace(store, " ") for line in lines], {"audit_no_delete"}) == {}


# --- the case store refusing what was asked -------------------------------------------------------


def test_what_the_case_store_refuses_is_said_in_chinese(tmp_path, capsys):
    """A case not in the store, reopening a case that is open, a malformed anchor, a folder that is a file, another
    program's SQLite file, a folder others can read: each one Chinese line naming the case, the value or the path."""
    import sqlite3

    case = EXAMPLES / "nct07334093-control-rescue.json"
    assert cli_main(["cases", "import", str(case), "--lang", "zh_CN"]) == 0
    capsys.readouterr()
    store = os.path.join(os.environ["CTIT_DATA_DIR"], "cases.sqlite3")
    refused = {
        ("cases", "export", "9", "-o", str(tmp_path / "x.json")): f"错误：病例库 {store} 中没有编号为 9 的病例",
        ("cases", "reopen", "1"): "错误：病例 1（SYSU-0107）未结案",
        ("audit", "verify", "--anchor", "12"): "错误：参数 --anchor：锚点写作 N:HASH，即记录编号及其哈希值的至少 12 位十六进制"
                                               "数字，与 `audit anchor` 打印的一致（输入为 '12'）",
    }
    a_file = tmp_path / "a-file"
    a_file.write_text("", encoding="utf-8")
    refused[("cases", "list", "--data-dir", str(a_file))] = f"错误：病例库文件夹 {a_file} 不是文件夹"
    other = tmp_path / "other"
    other.mkdir(mode=0o700)
    conn = sqlite3.connect(other / "cases.sqlite3")
    conn.execute("CREATE TABLE t (x)")
    conn.execute("PRAGMA application_id = 77")
    conn.commit()
    conn.close()
    refused[("cases", "list", "--data-dir", str(other))] = f"错误：{other / 'cases.sqlite3'} 是其他程序的 SQLite 数据库，不是病例库"
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "cases.sqlite3").write_bytes((other / "cases.sqlite3").read_bytes())
    shared.chmod(0o755)
    refused[("cases", "list", "--data-dir", str(shared))] = (
        f"错误：病例库文件夹 {shared} 可被其他用户读取或进入（权限 0755）；病例库存有患者数据，因此未使用它，也未更改其权限："
        f"请将其设为私有（chmod 700 {shared}），或指定一个新文件夹")
    for args, expected in refused.items():
        try:
            code = cli_main([*args, "--lang", "zh_CN"])
        except SystemExit as exc:  # argparse's own refusal of an option's value
            code = exc.code
        assert code in (2, 3), args
        lines = [line for line in capsys.readouterr().err.splitlines() if not line.startswith(("用法：", " "))]
        assert lines == [expected], args
        assert _english_left(lines, {store, str(a_file), str(other / "cases.sqlite3"), str(shared), "SYSU-0107",
                                     "N:HASH", "audit anchor", "chmod", "SQLite"}) == {}, args


def test_a_ward_store_that_cannot_be_reached_is_said_in_chinese(capsys):
    """The ward store's server not listening (a closed port on this machine): one Chinese line naming the store as
    given; the server library's own words for why follow it as they are (exit 3, unusable)."""
    where = "postgresql://127.0.0.1:1/ctit?connect_timeout=2"
    assert cli_main(["cases", "list", "--store", where, "--lang", "zh_CN"]) == 3
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"错误：无法连接病区病例库 {where}："), lines
    assert _english_left([lines[0].split("：", 2)[1]], {where}) == {}


def test_answers_to_computed_criteria_and_an_unknown_trial_are_refused_in_chinese(tmp_path, capsys):
    import json

    data = json.loads((EXAMPLES / "nct07334093-experimental-eligible.json").read_text(encoding="utf-8"))
    data["answers"].update(EX6=False, IN4=True)
    path = tmp_path / "answered.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    lines = _refusal(capsys, ["check", path])
    assert "错误：answered.json: answers.EX6: EX6 由 肝转移/ALT/AST/总胆红素 计算得出；请删除该回答，或更正其计算所依据的数据" in lines
    assert "错误：answered.json: answers.IN4: IN4 由 PLT 计算得出；请删除该回答，或更正其计算所依据的数据" in lines
    data["trial"] = "NCT0000"
    path.write_text(json.dumps(data), encoding="utf-8")
    lines = _refusal(capsys, ["check", path])
    assert lines == ["错误：answered.json: trial: 必须是 NCT07243418, NCT07334093 之一（输入为 'NCT0000'）"]
    assert _english_left(lines, {"answered.json", "trial", "NCT0000"}) == {}


def test_a_read_only_case_store_is_said_in_chinese(capsys):
    case = EXAMPLES / "nct07334093-control-rescue.json"
    assert cli_main(["cases", "import", str(case), "--lang", "zh_CN"]) == 0
    capsys.readouterr()
    store = os.path.join(os.environ["CTIT_DATA_DIR"], "cases.sqlite3")
    os.chmod(store, 0o400)
    try:
        assert cli_main(["cases", "import", str(case), "--lang", "zh_CN"]) == 3
    finally:
        os.chmod(store, 0o600)
    lines = capsys.readouterr().err.splitlines()
    assert lines == [f"错误：病例库 {store} 为只读（数据库文件不可写，权限 0400）：可以列出、导出和校验，但不能保存或导入任何内容；"
                     "未写入任何内容，其权限保持不变"]
    assert _english_left([line.replace(store, " ") for line in lines], set()) == {}


def test_the_protocols_listing_names_the_arms_in_chinese(capsys):
    """`protocols`: the registry's short title stays verbatim (the registry's words); the arms' label is Chinese."""
    assert cli_main(["protocols", "--lang", "zh_CN"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines and all("（组别：" in line and "arms" not in line for line in lines), lines
