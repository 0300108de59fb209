"""`python main.py sheet …` end to end, in a fresh process each time."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import pytest

from ..conftest import EXAMPLES, ROOT

EXAMPLE = EXAMPLES / "nct07334093-experimental-eligible.json"
TIME = "2026-02-03T08:00:00+08:00"


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def test_sheet_command_writes_the_pdf(tmp_path):
    target = tmp_path / "out.pdf"
    result = run("sheet", str(EXAMPLE), "-o", str(target), "--generated-at", TIME, "--today", "2026-02-09")
    assert result.returncode == 0, result.stderr
    assert target.read_bytes().startswith(b"%PDF-")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    assert digest in result.stdout


def test_two_runs_in_separate_processes_give_the_same_bytes(tmp_path):
    outputs = []
    for name in ("one.pdf", "two.pdf"):
        target = tmp_path / name
        result = run("sheet", str(EXAMPLE), "-o", str(target), "--generated-at", TIME, "--today", "2026-02-09",
                     "--paper", "letter")
        assert result.returncode == 0, result.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize("where", ["missing folder", "parent is a file"])
def test_unwritable_destination_exits_2_with_a_clear_message_and_leaves_no_file(where, tmp_path):
    if where == "missing folder":
        target = tmp_path / "no-such-folder" / "out.pdf"
    else:
        (tmp_path / "notes.txt").write_text("x")
        target = tmp_path / "notes.txt" / "out.pdf"
    result = run("sheet", str(EXAMPLE), "-o", str(target), "--generated-at", TIME, "--today", "2026-02-09")
    assert result.returncode == 2
    assert result.stderr.startswith(f"error: {target}: cannot be written")
    assert "Traceback" not in result.stderr
    assert not target.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ([] if where == "missing folder" else ["notes.txt"])


def test_bad_generation_time_exits_2(tmp_path):
    result = run("sheet", str(EXAMPLE), "-o", str(tmp_path / "out.pdf"), "--generated-at", "tomorrow")
    assert result.returncode == 2
    assert "--generated-at: must be ISO 8601" in result.stderr
    assert not (tmp_path / "out.pdf").exists()


def test_sheet_prints_the_stores_case_hash_without_loading_the_store_database():
    code = (
        "import sys, ctit_gui.sheet.export, ctit_gui.sheet.words as words, ctit_gui.store.hashing as hashing\n"
        "assert words.case_content_hash is hashing.case_content_hash\n"
        "assert 'sqlite3' not in sys.modules and 'ctit_gui.store.cases' not in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr


def test_reportlab_is_loaded_only_when_a_sheet_is_built():
    code = (
        "import sys, ctit_gui.cli, ctit_gui.core.session, ctit_gui.sheet.export, ctit_gui.sheet.words\n"
        "assert 'reportlab' not in sys.modules, sorted(m for m in sys.modules if m.startswith('reportlab'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
