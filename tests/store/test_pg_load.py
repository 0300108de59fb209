"""Load on the shared ward store: 8 signed-in clinicians, 200 saves each on 20 shared cases, and the
server killed with SIGKILL in the middle and restarted. Every save lands or is told of a conflict,
no acknowledged save is lost, no update is lost, the audit trail verifies, the clients recover
without a restart."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from ctit_gui.store import open_store

from .conftest import ROOT, example_case

WORKER = Path(__file__).with_name("load_worker.py")
CLIENTS, SAVES, CASES = 8, 200, 20


@pytest.fixture
def own_server(tmp_path_factory):
    """A throw-away server of this test's own (it gets killed): (admin connection string, folder)."""
    from tests.pg_support import PgCluster, require_server

    require_server()  # no PostgreSQL test server at all: fail under CI, skip elsewhere
    folder = Path(tempfile.mkdtemp(prefix="ctit-load-pg."))
    script = ROOT / "scripts" / "pg-test-server.sh"
    try:
        started = subprocess.run(["bash", str(script), "start", str(folder)], capture_output=True, text=True,
                                 timeout=120)
        assert started.returncode == 0, started.stderr
        cluster = PgCluster(started.stdout.strip().splitlines()[-1])
        yield cluster, folder
    finally:
        subprocess.run(["bash", str(script), "stop", str(folder)], timeout=120)


def _kill_server(folder: Path) -> None:
    """SIGKILL the postmaster and every server process it started (a crash, not a shutdown)."""
    postmaster = int((folder / "data" / "postmaster.pid").read_text().splitlines()[0])
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == postmaster:
                children.append(int(entry.name))
    for pid in [postmaster, *children]:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def test_eight_clinicians_saving_through_a_server_crash_lose_nothing(own_server, protocols, monkeypatch):
    from tests.pg_support import DEFAULT_ROLE

    cluster, folder = own_server
    pg_database = cluster.conninfo(cluster.new_database(), user=None)
    monkeypatch.setenv("PGUSER", DEFAULT_ROLE)
    with open_store(pg_database, user="screener", protocols=protocols) as store:
        case_ids = [store.create_case(example_case()).case_id for _ in range(CASES)]
    children = [subprocess.Popen([sys.executable, str(WORKER), pg_database, f"clinician{n}", str(SAVES),
                                  str(n), *map(str, case_ids)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True, cwd=ROOT) for n in range(1, CLIENTS + 1)]
    outputs: dict[int, list[str]] = {n: [] for n in range(CLIENTS)}

    def read(n, child):
        for line in child.stdout:
            outputs[n].append(line.strip())

    readers = [threading.Thread(target=read, args=(n, c), daemon=True) for n, c in enumerate(children)]
    for reader in readers:
        reader.start()
    deadline = time.monotonic() + 60
    while sum(len(o) for o in outputs.values()) < CLIENTS * SAVES // 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    _kill_server(folder)
    time.sleep(1)
    subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server.sh"), "restart", str(folder)], check=True,
                   timeout=60)
    for child in children:
        child.wait(timeout=120)
        assert child.returncode == 0, child.stderr.read()
    for reader in readers:
        reader.join(timeout=10)

    acks, conflicts = [], 0
    for lines in outputs.values():
        assert lines[-1] == "done"
        saves = lines[:-1]
        assert len(saves) == SAVES, "every save either lands or is told of a conflict"
        for line in saves:
            kind, case_id, *rest = line.split(" ", 3)
            if kind == "ack":
                acks.append((int(case_id), int(rest[0]), rest[1]))
            else:
                assert kind == "conflict", line
                conflicts += 1
    assert acks and len(acks) + conflicts == CLIENTS * SAVES
    with open_store(pg_database, user="screener", protocols=protocols) as store:
        for case_id, revision, token in acks:  # nothing acknowledged is lost
            assert store.load(case_id, revision).case.notes == token
        for case_id in case_ids:  # no update lost: every revision after the first is an acknowledged save
            revisions = store.revisions(case_id)
            assert [r.revision for r in revisions] == list(range(1, len(revisions) + 1))
            acked = {rev for cid, rev, _ in acks if cid == case_id}
            assert acked == set(range(2, len(revisions) + 1))
        report = store.verify()
        assert report.ok, report.problems
