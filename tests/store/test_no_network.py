"""The store opens no network sockets: a whole workflow runs under an audit hook that records socket use."""

import subprocess
import sys

from .conftest import EXAMPLES, ROOT

SCRIPT = r"""
import sys
used = []
sys.addaudithook(lambda event, args: used.append(event) if event.startswith("socket.") else None)
import io, pathlib
from ctit_gui.cli import main
from ctit_gui.core.session import read_case
from ctit_gui.store import open_store
folder, example, out = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
with open_store(folder) as store:
    case = read_case(example)
    saved = store.create_case(case)
    saved = store.autosave(saved.case_id, case.model_copy(update={"notes": "autosaved"}), saved.revision)
    store.list_cases(patient="SYSU")
    store.history(saved.case_id)
    store.export_case(saved.case_id, out)
    assert store.verify().ok
for argv in (["cases", "import", str(example)], ["cases", "list"], ["audit", "show", "1"], ["audit", "verify"]):
    assert main([*argv, "--data-dir", str(folder)]) == 0, argv
print("socket events:", used)
print("psycopg imported:", sorted(name for name in sys.modules if name.split(".")[0] in ("psycopg", "psycopg_binary")))
sys.exit(1 if used else 0)
"""


def test_store_workflow_opens_no_network_socket(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(tmp_path / "store"), str(EXAMPLES / "nct07334093-experimental-eligible.json"),
         str(tmp_path / "out.json")], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "socket events: []" in result.stdout
    assert "psycopg imported: []" in result.stdout  # the workstation store does not load the ward store's driver
