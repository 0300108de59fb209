"""Instructions of each window edit alone (issue 17: the p99 is decided by the few edits that cross a
threshold, which a mean over many edits hides).

The window, the case and the chart as ``bench_window_edit`` builds them; ``--warm`` PLT-field edits
(values 20–59 cycling, as the benchmark types them), then ``--edits`` more, each measured alone under
callgrind: collection switched on, the edit, the event queue drained with no time limit (under
valgrind an edit takes seconds: a limit would spill its layout and paint into the next figure),
collection off, one dump per edit. The switch is valgrind's client request, called through a
three-line C helper compiled with gcc into a temporary folder (needs valgrind's headers and gcc).
Run: .venv/bin/python benchmarks/per_edit_instructions.py [--warm 40] [--edits 40] [--kind plt|day7|attest]
(``--kind``: the baseline PLT field, default; the day-7 count in the calendar, values 60–119 cycling; EX2's
attestation, yes and no in turn: ``bench_window_edit``'s three kinds of edit).
Prints one line per edit: its number, the value typed (PLT and day 7) and its instructions.
"""

from __future__ import annotations

import ctypes
import glob
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

HELPER = r"""
#include <valgrind/callgrind.h>
void cg_toggle(void) { CALLGRIND_TOGGLE_COLLECT; }
void cg_dump(const char *s) { CALLGRIND_DUMP_STATS_AT(s); }
void cg_zero(void) { CALLGRIND_ZERO_STATS; }
"""


KINDS = {"plt": ("PLT field", 20, 40), "day7": ("day-7 PLT in the calendar", 60, 60), "attest": ("attestation", 0, 2)}


def _edits_in_process(helper: str, warm: int, edits: int, kind: str = "plt") -> None:
    """Runs under callgrind: the warm-up edits, then each measured edit between two collection switches."""
    from PySide6.QtCore import QEventLoop

    from benchmarks.bench_window_edit import _edits, _window_with_case

    switch = ctypes.CDLL(helper)
    app, window = _window_with_case()
    name, first, cycle = KINDS[kind]
    edit_number = _edits(window)[name]
    flags = QEventLoop.ProcessEventsFlag.AllEvents
    for index in range(warm):
        edit_number(index)()
        app.processEvents(flags, 600_000)
    for index in range(warm, warm + edits):
        edit = edit_number(index)
        switch.cg_zero()
        switch.cg_toggle()
        edit()
        app.processEvents(flags, 600_000)
        switch.cg_toggle()
        switch.cg_dump(f"edit{index}_v{first + index % cycle}".encode())
    window.setWindowModified(False)


def main() -> None:
    import argparse

    from benchmarks._common import PYTHON, ROOT, ensure_bytecode, offscreen_env

    parser = argparse.ArgumentParser()
    parser.add_argument("--warm", type=int, default=40)
    parser.add_argument("--edits", type=int, default=40)
    parser.add_argument("--kind", choices=sorted(KINDS), default="plt")
    parser.add_argument("--helper", help=argparse.SUPPRESS)  # set in the process under callgrind
    args = parser.parse_args()
    if args.helper:
        _edits_in_process(args.helper, args.warm, args.edits, args.kind)
        return
    ensure_bytecode()
    with tempfile.TemporaryDirectory() as folder:
        source, helper = Path(folder) / "switch.c", Path(folder) / "switch.so"
        source.write_text(HELPER)
        subprocess.run(["gcc", "-O1", "-shared", "-fPIC", "-o", str(helper), str(source)], check=True)
        out = Path(folder) / "callgrind.out"
        subprocess.run(["valgrind", "--tool=callgrind", "--collect-atstart=no", f"--callgrind-out-file={out}",
                        PYTHON, str(Path(__file__).resolve()), "--warm", str(args.warm), "--edits", str(args.edits),
                        "--kind", args.kind, "--helper", str(helper)], env=offscreen_env(), cwd=ROOT, check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        measured = []
        for dump in glob.glob(f"{out}.*"):
            text = Path(dump).read_text()
            name = re.search(r"Client Request: edit(\d+)_v(\d+)", text)
            total = re.search(r"^(?:summary|totals):\s+(\d+)", text, re.M)
            if name and total:
                measured.append((int(name.group(1)), int(name.group(2)), int(total.group(1))))
    for index, value, total in sorted(measured):
        shown = {"plt": f"PLT {value:3d}", "day7": f"day 7 {value:3d}",
                 "attest": f"EX2 {'yes' if value == 0 else 'no '}"}
        print(f"edit {index:4d}  {shown[args.kind]}  {total / 1e6:6.1f} M")
    if measured:
        totals = [t for _, _, t in measured]
        print(f"mean {sum(totals) / len(totals) / 1e6:.1f} M over {len(totals)} edits; "
              f"largest {max(totals) / 1e6:.1f} M")


if __name__ == "__main__":
    main()
