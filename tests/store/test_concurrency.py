"""Two copies of the program edit the same case: one save wins, the other is told who and when, nothing is lost."""

import os
import subprocess
import sys
from decimal import Decimal

from ctit_gui.store import open_store

from .conftest import ROOT, WORKER, example_case


def _start(data_dir, case_id, change, user):
    env = {**os.environ, "USER": user, "LOGNAME": user, "PGUSER": user}  # PGUSER: the ward store's sign-in
    return subprocess.Popen([sys.executable, str(WORKER), "edit", str(data_dir), str(case_id), change],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, cwd=ROOT, env=env)


def test_two_windows_saving_the_same_revision_one_wins_the_other_is_told_and_merges(data_dir):
    with open_store(data_dir, user="screener") as store:
        case_id = store.create_case(example_case()).case_id
    for round_number in range(3):
        alice = _start(data_dir, case_id, f"note: alice round {round_number}", "alice")
        bob = _start(data_dir, case_id, f"6{round_number}.5", "bob")
        assert alice.stdout.readline().split()[0] == "loaded"
        assert bob.stdout.readline().split()[0] == "loaded"
        alice.stdin.write("go\n")
        bob.stdin.write("go\n")
        alice.stdin.flush()
        bob.stdin.flush()
        outputs = {}
        for name, child in (("alice", alice), ("bob", bob)):
            out, err = child.communicate(timeout=60)
            assert child.returncode == 0, err
            outputs[name] = out.splitlines()
        winners = [n for n, lines in outputs.items() if lines[0].startswith("saved")]
        losers = [n for n, lines in outputs.items() if lines[0].startswith("stale")]
        assert len(winners) == 1 and len(losers) == 1, outputs
        message = outputs[losers[0]][0]
        assert f"was changed by {winners[0]} at " in message and "your change was not saved" in message
        assert outputs[losers[0]][1].startswith("merged")

        with open_store(data_dir) as store:
            latest = store.load(case_id)
            assert latest.case.notes == f"note: alice round {round_number}"
            assert latest.case.patient.weight_kg == Decimal(f"6{round_number}.5")
            who = [r.saved_by for r in store.revisions(case_id)[-2:]]
            assert who == [winners[0], losers[0]]
            assert store.verify().ok

    with open_store(data_dir) as store:
        assert [r.revision for r in store.revisions(case_id)] == list(range(1, 8))
