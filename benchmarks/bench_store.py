"""Ward store speed: the PostgreSQL store against the SQLite store, measured in the same run.

- one save (an edited case saved as the next revision; median of 200),
- opening the case list with 1,000 cases (open the store, list every case; median of 5) — target < 2× SQLite,
- the case list again in an open store (median of 5),
- refresh latency: from another workstation's save starting to the NOTIFY arriving at a listening
  connection (median of 50; SQLite has no notification: a window there sees others' saves on F5).

PostgreSQL runs on a throw-away server on a Unix socket (scripts/pg-test-server.sh) with fsync on,
as SQLite runs with synchronous=FULL; CTIT_TEST_PG names another server instead.
Run: .venv/bin/python benchmarks/bench_store.py
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import ROOT, median, print_table  # noqa: E402

SAVES, CASES, LISTS, NOTIFIES = 200, 1000, 5, 50


def _server():
    """(admin connection string, folder to stop or None)."""
    given = os.environ.get("CTIT_TEST_PG", "").strip()
    if given:
        return given, None
    folder = tempfile.mkdtemp(prefix="ctit-bench-pg.")
    env = {**os.environ, "PG_TEST_FSYNC": "on"}
    done = subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server.sh"), "start", folder], env=env,
                          capture_output=True, text=True, check=True)
    return done.stdout.strip().splitlines()[-1], folder


def _database(admin: str, name: str) -> str:
    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from ctit_gui.store.pg import init_store

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    parts = conninfo_to_dict(admin)
    parts["dbname"] = name
    target = make_conninfo("", **parts)
    init_store(target)
    return target


def _case(index: int):
    import json

    from ctit_gui.core.session import validate_case_data

    data = json.loads((ROOT / "examples" / "nct07334093-experimental-eligible.json").read_text(encoding="utf-8"))
    data["patient"]["id"] = f"BENCH-{index:05d}"
    return validate_case_data(data)


def _saves(store) -> list[float]:
    from ctit_gui.core.session import validate_case_data

    case = _case(0)
    saved = store.create_case(case)
    times = []
    for number in range(SAVES):
        data = case.to_dict()
        data["notes"] = f"edit {number}"
        edited = validate_case_data(data)
        start = time.perf_counter()
        saved = store.save(saved.case_id, edited, saved.revision)
        times.append(time.perf_counter() - start)
    return times


def _fill(store) -> None:
    for index in range(1, CASES):
        store.create_case(_case(index))


def _open_and_list(location, protocols) -> tuple[list[float], list[float]]:
    from ctit_gui.store import open_store

    opening, again = [], []
    for _ in range(LISTS):
        start = time.perf_counter()
        with open_store(location, protocols=protocols) as store:
            found = store.list_cases()
            opening.append(time.perf_counter() - start)
            assert len(found) == CASES, len(found)
            start = time.perf_counter()
            store.list_cases()
            again.append(time.perf_counter() - start)
    return opening, again


def _refresh_latency(location, protocols) -> list[float]:
    import psycopg

    from ctit_gui.store import open_store
    from ctit_gui.store.pg import CHANNEL

    latencies = []
    with psycopg.connect(location, autocommit=True) as listener, open_store(location, protocols=protocols) as other:
        listener.execute(f"LISTEN {CHANNEL}")
        stored = other.list_cases()[0]
        case = other.load(stored.case_id)
        base, current = case.revision, case.case
        for number in range(NOTIFIES):
            data = current.to_dict()
            data["notes"] = f"refresh {number}"
            from ctit_gui.core.session import validate_case_data

            current = validate_case_data(data)
            start = time.perf_counter()
            base = other.save(stored.case_id, current, base).revision
            while True:
                select.select([listener.fileno()], [], [], 5)
                listener.pgconn.consume_input()
                note = listener.pgconn.notifies()
                if note is not None:
                    break
            latencies.append(time.perf_counter() - start)
            while listener.pgconn.notifies() is not None:
                pass
    return latencies


def measure() -> list[tuple[str, str, str, str]]:
    from ctit_gui.core.session import default_protocols
    from ctit_gui.store import open_store

    protocols = default_protocols()
    admin, folder = _server()
    try:
        os.environ.setdefault("PGUSER", "postgres")
        pg_location = _database(admin, "ctit_bench")
        sqlite_folder = Path(tempfile.mkdtemp(prefix="ctit-bench-sqlite.")) / "store"
        with open_store(sqlite_folder, protocols=protocols) as sqlite_store:
            sqlite_saves = _saves(sqlite_store)
            _fill(sqlite_store)
        with open_store(pg_location, protocols=protocols) as pg_store:
            pg_saves = _saves(pg_store)
            _fill(pg_store)
        sqlite_open, sqlite_again = _open_and_list(sqlite_folder, protocols)
        pg_open, pg_again = _open_and_list(pg_location, protocols)
        latency = _refresh_latency(pg_location, protocols)
    finally:
        if folder:
            subprocess.run(["bash", str(ROOT / "scripts" / "pg-test-server.sh"), "stop", folder], check=False)

    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.2f} ms"

    rows = []
    for label, pg_times, sqlite_times, target in (
            ("one save (median of 200)", pg_saves, sqlite_saves, ""),
            (f"open store + case list, {CASES} cases (median of {LISTS})", pg_open, sqlite_open, "target < 2x"),
            (f"case list again, {CASES} cases (median of {LISTS})", pg_again, sqlite_again, "")):
        ratio = median(pg_times) / median(sqlite_times)
        rows.append((f"PostgreSQL {label}", ms(median(pg_times)), f"SQLite {ms(median(sqlite_times))}",
                     f"{ratio:.2f}x {target}".strip()))
    rows.append((f"refresh latency: save to NOTIFY received (median of {NOTIFIES})", ms(median(latency)),
                 "SQLite: none (F5)", f"max {ms(max(latency))}; target < 1 s"))
    return rows


if __name__ == "__main__":
    print_table("Ward store: PostgreSQL against SQLite (same run)", measure())
