"""Crash safety: a second copy of the program autosaving in a loop is killed (SIGKILL) again and again."""

import os
import random
import signal
import subprocess
import sys
import threading
import time

import pytest

from ctit_gui.store import open_store

from .conftest import ROOT, WORKER, example_case

KILLS = 55

pytestmark = pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")


def _acks(text: str) -> list[tuple[int, str]]:
    """Complete "ack REV SHA" lines only: a line cut by the kill was never acknowledged."""
    found = []
    for line in text.split("\n")[:-1]:
        parts = line.split()
        if len(parts) == 3 and parts[0] == "ack":
            found.append((int(parts[1]), parts[2]))
    return found


def _run_and_kill(data_dir, case_id, rng: random.Random) -> list[tuple[int, str]]:
    child = subprocess.Popen([sys.executable, str(WORKER), "autosave", str(data_dir), str(case_id)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    watchdog = threading.Timer(30, child.kill)  # a hung child fails the test instead of hanging it
    watchdog.start()
    if rng.random() < 0.2:  # sometimes during start-up: opening, WAL recovery, the first save
        time.sleep(rng.uniform(0.0, 0.3))
        first = b""
    else:  # mostly in the middle of the save loop
        first = child.stdout.readline()
        time.sleep(rng.uniform(0.0, 0.04))
    child.send_signal(signal.SIGKILL)
    rest, errors = child.communicate(timeout=30)
    watchdog.cancel()
    assert child.returncode == -signal.SIGKILL, errors.decode()
    assert b"Traceback" not in errors, errors.decode()
    return _acks((first + rest).decode())


def test_killed_autosaver_loses_no_acknowledged_revision_and_the_store_stays_intact(data_dir):
    seed = int(os.environ.get("CTIT_CRASH_SEED", time.time_ns() % 100_000))
    rng = random.Random(seed)
    with open_store(data_dir) as store:
        case_id = store.create_case(example_case()).case_id
    acknowledged: list[tuple[int, str]] = []
    killed_mid_loop = 0
    for _ in range(KILLS):
        acks = _run_and_kill(data_dir, case_id, rng)
        killed_mid_loop += bool(acks)
        acknowledged.extend(acks)
    assert killed_mid_loop >= KILLS // 2, f"seed {seed}: too few kills landed inside the save loop"

    with open_store(data_dir) as store:
        assert store.integrity_check() == "ok", f"seed {seed}"
        report = store.verify()
        assert report.ok, f"seed {seed}: {report.summary()}"
        stored = {(r.revision, r.case_sha256) for r in store.revisions(case_id)}
        missing = [a for a in acknowledged if a not in stored]
        assert not missing, f"seed {seed}: acknowledged revisions missing after a crash: {missing[:5]}"
        last_revision, last_sha = acknowledged[-1]
        latest = store.load(case_id)
        assert latest.revision >= last_revision, f"seed {seed}"
        assert store.load(case_id, last_revision).info.case_sha256 == last_sha
        assert latest.case.notes.startswith("autosave")
