"""A second copy of the program, for crash and concurrency tests (run as a subprocess).

    worker.py autosave DATA_DIR CASE_ID   autosave edits in a loop; print "ack REV SHA" after each commit
    worker.py edit DATA_DIR CASE_ID NOTE   load, print "loaded REV", wait for a line on stdin, save,
                                           print "saved REV" or "stale MESSAGE"; on stale merge and save again
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from ctit_gui.core.session import validate_case_data  # noqa: E402
from ctit_gui.store import StaleRevision, merge_edits, open_store  # noqa: E402


def _with(case, **changes):
    data = case.to_dict()
    data.update(changes)
    return validate_case_data(data)


def autosave(data_dir: str, case_id: int) -> None:
    with open_store(data_dir) as store:
        stored = store.load(case_id)
        base, case = stored.revision, stored.case
        step = 0
        while True:
            step += 1
            checks = [c for c in case.to_dict().get("platelet_checks", []) if c["day"] != 10]
            checks.append({"day": 10, "value": 40 + step % 50, "unit": "10^9/L"})
            case = _with(case, notes=f"autosave {os.getpid()} step {step}", platelet_checks=checks)
            saved = store.autosave(case_id, case, base)
            base = saved.revision
            print(f"ack {saved.revision} {saved.case_sha256}", flush=True)


def edit(data_dir: str, case_id: int, note: str) -> None:
    with open_store(data_dir) as store:
        stored = store.load(case_id)
        print(f"loaded {stored.revision}", flush=True)
        sys.stdin.readline()
        mine = _with(stored.case, notes=note) if note.startswith("note:") else _with(
            stored.case, patient={**stored.case.to_dict()["patient"], "weight_kg": note})
        try:
            saved = store.save(case_id, mine, stored.revision)
            print(f"saved {saved.revision}", flush=True)
        except StaleRevision as exc:
            print(f"stale {exc.messages[0]}", flush=True)
            latest = store.load(case_id)
            merged = merge_edits(stored.case, mine, latest.case)
            assert merged.case is not None and not merged.conflicts, merged
            saved = store.save(case_id, merged.case, latest.revision, why="merged after conflict")
            print(f"merged {saved.revision}", flush=True)


if __name__ == "__main__":
    mode, folder, case_number = sys.argv[1], sys.argv[2], int(sys.argv[3])
    if mode == "autosave":
        autosave(folder, case_number)
    else:
        edit(folder, case_number, sys.argv[4])
