"""`main.py --exit-after-show`: the smoke test and start-up benchmark entry point."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _run(*args: str, code: str | None = None) -> subprocess.CompletedProcess:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    command = [sys.executable, "-c", code] if code else [sys.executable, str(ROOT / "main.py"), *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def _unexpected_stderr(stderr: str) -> list[str]:
    known = ("This plugin does not support propagateSizeHints()",)
    return [line for line in stderr.splitlines() if line.strip() and not line.startswith(known)]


def test_exit_after_show_exits_0_after_the_first_paint():
    result = _run("--exit-after-show")
    assert result.returncode == 0, result.stderr
    assert _unexpected_stderr(result.stderr) == []


def test_exit_after_show_with_a_case_opens_it():
    result = _run("--exit-after-show", "--open", str(ROOT / "examples" / "nct07334093-experimental-eligible.json"))
    assert result.returncode == 0, result.stderr
    assert _unexpected_stderr(result.stderr) == []


def test_exit_after_show_with_a_malformed_case_exits_2_with_the_core_message(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    result = _run("--exit-after-show", "--open", str(bad))
    assert result.returncode == 2
    assert "bad.json: not valid JSON" in result.stderr


def test_qtcharts_and_reportlab_are_not_loaded_before_the_first_paint():
    code = (
        "import sys\n"
        "from ctit_gui.ui.app import run_window\n"
        "status = run_window(exit_after_show=True)\n"
        "print(status, 'PySide6.QtCharts' in sys.modules, 'reportlab' in sys.modules)\n"
    )
    result = _run(code=code)
    assert result.stdout.split() == ["0", "False", "False"], result.stderr
