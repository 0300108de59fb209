"""The command line in a process of its own: start-up's objects leave the cyclic collector once the protocols
are loaded (issue 17, round 2: ~7 % of a `check` process's instructions), and the collector is on for the
command's own work. Called in-process (tests, another program), the caller's collector is left alone."""

import gc
import json
import subprocess
import sys
from pathlib import Path

from ctit_gui.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "nct07334093-control-rescue.json"


def _in_own_process(argv: list[str]) -> dict:
    """main.py's command-line path in a fresh interpreter; the collector's state after the command."""
    script = (
        "import gc, io, json, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "import main as program\n"
        "out, sys.stdout = sys.stdout, io.StringIO()\n"
        f"code = program.main({argv!r})\n"
        "printed, sys.stdout = sys.stdout.getvalue(), out\n"
        "print(json.dumps({'code': code, 'enabled': gc.isenabled(), 'frozen': gc.get_freeze_count(),"
        " 'printed': printed}))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT)
    return json.loads(done.stdout)


def test_check_process_freezes_start_up_and_collects_its_own_work():
    state = _in_own_process(["check", "--json", "--today", "2026-12-01", str(EXAMPLE)])
    assert state["code"] == 0
    assert state["enabled"] is True  # paused only while importing and loading the protocols
    assert state["frozen"] > 10_000  # pydantic, the core, the protocols: out of every later collection
    assert json.loads(state["printed"])["verdict"] == "eligible"


def test_refused_case_still_exits_2_in_its_own_process(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"schema": "ctit-case/1", "patient": {"age_years": "52"}}', encoding="utf-8")
    state = _in_own_process(["check", str(bad)])
    assert state["code"] == 2 and state["printed"] == ""


def test_called_in_process_leaves_the_callers_collector_alone(capsys):
    frozen, enabled = gc.get_freeze_count(), gc.isenabled()
    assert main(["check", "--json", "--today", "2026-12-01", str(EXAMPLE)]) == 0
    assert json.loads(capsys.readouterr().out)["verdict"] == "eligible"
    assert gc.get_freeze_count() == frozen and gc.isenabled() is enabled
