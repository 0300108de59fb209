"""Refusals a Chinese-speaking ward team reads with `--lang zh_CN`: a lab result file that cannot be
imported, an output path that cannot be written, a case file that cannot be read, a paper size or a language
the program does not have. Each was an English f-string whatever the language; each is now one Chinese line
that still names the file, the option or the field as the user typed it (file names, MSH-18, ORU^R01 and
the like stay as the file spells them).
"""

from __future__ import annotations

import errno
import os

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
}


@pytest.mark.parametrize("name", sorted(LAB_FILES))
def test_a_result_file_that_cannot_be_imported_is_refused_in_chinese(name, tmp_path, capsys):
    content, expected = LAB_FILES[name]
    path = tmp_path / name
    path.write_bytes(content)
    lines = _refusal(capsys, ["labs", "import", LAB_CASE, path, "--today", "2026-11-25"])
    assert any(expected in line for line in lines), lines
    if name not in ("koi8.hl7", "no-patient.hl7"):  # these name the message, not the file (in English too)
        assert any(name in line for line in lines), lines
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

