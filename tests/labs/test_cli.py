"""``main.py labs import`` as a user runs it: real files, exit status, nothing written on a problem."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .helpers import CASE_FILE, SAMPLES

ROOT = Path(__file__).resolve().parents[2]


def run(*args):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), "labs", "import", *map(str, args)],
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_preview_prints_field_old_new_value_range_time_and_source(tmp_path):
    result = run(CASE_FILE, SAMPLES / "hl7" / "oru-utf8-loinc.hl7", "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[APPLY] PLT (screening): 30 ×10⁹/L → 32 ×10⁹/L" in out
    assert "sent 32 10*9/L, range 125–350, collected 2026-11-04 07:15" in out
    assert "source oru-utf8-loinc.hl7 MSH-10 LAB-20261108-0001, OBX 1" in out
    assert "[APPLY] day 3 PLT: (none) → 45 ×10⁹/L" in out
    assert "nothing written: give -o" in out


def test_output_writes_the_updated_case(tmp_path):
    target = tmp_path / "new.json"
    result = run(CASE_FILE, SAMPLES / "hl7" / "oru-gb18030-local-codes.hl7", "--today", "2026-11-25", "-o", target)
    assert result.returncode == 0, result.stderr
    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["labs"]["plt"] == {"value": 33, "unit": "10^9/L"}  # exact JSON numbers (issue 9)
    assert written["labs"]["creatinine"] == {"value": 81, "unit": "umol/L", "uln": 81}
    assert written["patient"]["hospital_id"] == "ZY2026001"


def test_json_output_lists_every_result():
    result = run(CASE_FILE, SAMPLES / "fhir" / "bundle-collection.json", "--today", "2026-11-25", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["source"] == "bundle-collection.json (FHIR R4 Bundle lab-bundle-20261108-17)"
    day3 = next(c for c in data["changes"] if c["field"] == "day 3 PLT")
    assert day3 == {**day3, "state": "apply", "old": None, "new": "47 ×10⁹/L", "collected": "2026-11-07 08:00"}


def test_wrong_patient_exits_2_with_both_identities_and_writes_nothing(tmp_path):
    target = tmp_path / "new.json"
    result = run(CASE_FILE, SAMPLES / "fhir" / "bundle-wrong-patient.json", "--today", "2026-11-25", "-o", target)
    assert result.returncode == 2
    assert "ZY2026002" in result.stderr and "ZY2026001" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


def test_unknown_unit_and_same_day_counts_exit_2_one_line_each(tmp_path):
    target = tmp_path / "new.json"
    result = run(CASE_FILE, SAMPLES / "hl7" / "oru-two-messages-status.hl7", "--today", "2026-11-25", "-o", target)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert sum("treatment day 5" in line for line in lines) == 2
    assert sum("unit G/L is not a known spelling" in line for line in lines) == 1
    assert lines[-1] == "error: nothing was written"
    assert not target.exists()


def test_preliminary_is_applied_only_with_the_option(tmp_path):
    prelim = SAMPLES / "fhir" / "searchset-status.json"
    text = prelim.read_text(encoding="utf-8")
    # keep the preliminary ALT and its final siblings; drop the entries that stop an unreviewed import
    data = json.loads(text)
    data["entry"] = [e for e in data["entry"] if e["resource"].get("id") not in ("tbil-range-mgdl",
                                                                                   "plt-day9-unknown-unit")]
    results = tmp_path / "prelim.json"
    results.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plain = run(CASE_FILE, results, "--today", "2026-11-25", "--json")
    assert plain.returncode == 0, plain.stderr
    alt = [c for c in json.loads(plain.stdout)["changes"] if c["field"] == "ALT (screening)"]
    assert [(c["state"], c["value_sent"]) for c in alt] == [("alternative", "28"), ("apply", "33"),
                                                            ("confirm", "35")]
    accepted = run(CASE_FILE, results, "--today", "2026-11-25", "--json", "--accept-preliminary")
    alt = [c for c in json.loads(accepted.stdout)["changes"] if c["field"] == "ALT (screening)"]
    assert [(c["state"], c["value_sent"]) for c in alt] == [("alternative", "28"), ("alternative", "33"),
                                                            ("apply", "35")]


def test_case_file_without_hospital_id_is_refused(tmp_path):
    data = json.loads(CASE_FILE.read_text(encoding="utf-8"))
    del data["patient"]["hospital_id"]
    case = tmp_path / "case.json"
    case.write_text(json.dumps(data), encoding="utf-8")
    result = run(case, SAMPLES / "hl7" / "oru-utf8-loinc.hl7", "--today", "2026-11-25")
    assert result.returncode == 2 and "patient.hospital_id is empty" in result.stderr


def test_unreadable_results_file_is_one_line():
    result = run(CASE_FILE, SAMPLES / "nope.hl7")
    assert result.returncode == 2 and result.stderr.strip() == "error: nope.hl7: cannot be read (No such file or directory)"


HL7_HEADER = b"MSH|^~\\&|LIS|SYSU|CTIT|WARD|20261112101500||ORU^R01|T-1|P|2.5.1|||||CHN|"


@pytest.mark.parametrize("name, content, problem", [
    ("koi8.hl7", HL7_HEADER + b"KOI8-R\r", "message 1: MSH-18 character set 'KOI8-R' is not supported"),
    ("no-patient.hl7", HL7_HEADER + b"UNICODE UTF-8\rOBR|1||BLD-1|58410-2^CBC panel^LN\r",
     "message T-1: no PID segment, so the patient is unknown"),
    ("batch.hl7", b"FHS|^~\\&|LIS|SYSU\rPID|1||ZY2026001^^^SYSU^MR\r", "does not start with an MSH segment"),
])
def test_an_hl7_file_that_cannot_be_read_is_named_first(tmp_path, name, content, problem):
    """A ward imports several files a shift: each refusal says which one, as every other refusal does."""
    (tmp_path / name).write_bytes(content)
    result = run(CASE_FILE, tmp_path / name, "--today", "2026-11-25")
    assert result.returncode == 2 and result.stderr.splitlines() == [f"error: {name}: {problem}" + (
        " (supported: '', 'ASCII', '8859/1', 'UNICODE UTF-8', 'GB 18030-2000')" if name == "koi8.hl7" else "")]


def test_output_is_never_written_over_a_device_or_pipe_and_is_private(tmp_path):
    import os
    import stat

    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    refused = run(CASE_FILE, SAMPLES / "hl7" / "oru-gb18030-local-codes.hl7", "--today", "2026-11-25", "-o", fifo)
    assert refused.returncode == 2
    assert "not a regular file" in refused.stderr and "Traceback" not in refused.stderr
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    target = tmp_path / "new.json"
    written = run(CASE_FILE, SAMPLES / "hl7" / "oru-gb18030-local-codes.hl7", "--today", "2026-11-25", "-o", target)
    assert written.returncode == 0, written.stderr
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600


def test_output_dash_writes_the_case_to_stdout_and_the_preview_to_stderr():
    result = run(CASE_FILE, SAMPLES / "hl7" / "oru-gb18030-local-codes.hl7", "--today", "2026-11-25", "-o", "-")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["patient"]["hospital_id"] == "ZY2026001"
    assert "[APPLY]" in result.stderr


def test_in_chinese_the_preview_and_the_wrong_patient_lines_read_in_chinese_and_json_stays_english(tmp_path):
    """`--lang zh_CN`: states, fields of each result and the refusal of another patient's file in
    Chinese (exit 2, nothing written); `--json` keeps its English words for scripts."""
    result = run(CASE_FILE, SAMPLES / "hl7" / "oru-utf8-loinc.hl7", "--today", "2026-11-25", "--lang", "zh_CN")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[应用] " in out and "[APPLY]" not in out
    assert "报告值 32 10*9/L" in out and "采集于 2026-11-04 07:15" in out and "来源 oru-utf8-loinc.hl7" in out
    assert "化验结果来源：" in out and "项更改待应用" in out and "未写入：用 -o" in out
    assert not [w for w in ("sent ", "collected", "source ", "change(s)", "nothing written") if w in out]

    target = tmp_path / "new.json"
    wrong = run(CASE_FILE, SAMPLES / "fhir" / "bundle-wrong-patient.json", "--today", "2026-11-25", "-o", target,
                "--lang", "zh_CN")
    assert wrong.returncode == 2 and not target.exists() and "Traceback" not in wrong.stderr
    assert "患者不符（住院号、出生日期不同）：该文件属于 住院号 ZY2026002" in wrong.stderr, wrong.stderr
    assert "未导入任何结果" in wrong.stderr and "未写入任何内容" in wrong.stderr
    assert "wrong patient" not in wrong.stderr and "record number" not in wrong.stderr

    english = run(CASE_FILE, SAMPLES / "fhir" / "bundle-wrong-patient.json", "--today", "2026-11-25", "--json",
                  "--lang", "zh_CN")
    assert english.returncode == 2
    refused = json.loads(english.stdout)["problems"]
    assert refused and refused[0].startswith("wrong patient (record number and birth date differ)")
