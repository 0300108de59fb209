"""The ward's worklist: 500 open cases vs assessing the same 500 one by one (same run), and one changed case.

- full: ``worklist(entries, today)`` over 500 cases (no cache) against a loop of
  ``assess(case, protocols, today)`` + ``ward_status`` over the same cases: target ≤ 1.2×.
- store: the same through an SQLite store (``store.ward_entries()`` reading the latest revisions,
  then the worklist), first read and a re-read with nothing changed.
- one changed case: with a :class:`WorklistCache` warm, one case gets a new revision: rows computed
  (must be 1) and the time, against assessing that one case.

- ``--instructions``: the same two sides counted by valgrind instead of timed (see :func:`instruction_rows`).

Run: .venv/bin/python benchmarks/bench_worklist.py [--instructions]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import PYTHON, median, print_table  # noqa: E402
from ctit_gui.core.case import Case  # noqa: E402
from ctit_gui.core.session import assess, default_protocols  # noqa: E402
from ctit_gui.core.ward_status import ward_status  # noqa: E402
from ctit_gui.core.worklist import WardEntry, WorklistCache, worklist  # noqa: E402
from tests.ward import WARD_DAY, big_ward  # noqa: E402

COUNT = 500


def _time(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return median(times)


def _sides():
    """The inputs, and the two sides compared: the worklist, and assess + ward_status one by one."""
    protocols = default_protocols()
    cases = big_ward(COUNT)
    entries = [WardEntry(n, 1, case) for n, case in enumerate(cases, 1)]
    today = WARD_DAY

    def one_by_one():
        for case in cases:
            ward_status(assess(case, protocols, today), today)

    def listed():
        assert len(worklist(entries, today, protocols).items) == COUNT

    return protocols, cases, entries, today, one_by_one, listed


def measure(runs: int = 7) -> list[tuple[str, str, str, str]]:
    protocols, cases, entries, today, one_by_one, listed = _sides()
    # interleave so both see the same machine load
    bare, full = [], []
    for _ in range(runs):
        bare.append(_time(one_by_one, 1))
        full.append(_time(listed, 1))
    bare_s, full_s = median(bare), median(full)
    rows = [(f"worklist of {COUNT} open cases", f"{full_s * 1000:.0f} ms",
             f"{bare_s * 1000:.0f} ms (assess+ward_status one by one)", f"{full_s / bare_s:.2f}× (target ≤ 1.2×)")]

    cache = WorklistCache()
    worklist(entries, today, protocols, cache=cache)
    changed_index = COUNT // 2
    old = entries[changed_index]
    once, recomputed = [], []
    for revision in range(2, 12):  # ten saves of one case, each followed by the worklist
        data = old.case.to_dict()
        data["notes"] = f"changed on another workstation ({revision})"
        entries[changed_index] = WardEntry(old.key, revision, Case.model_validate(data))
        before = cache.computed
        start = time.perf_counter()
        worklist(entries, today, protocols, cache=cache)
        once.append(time.perf_counter() - start)
        recomputed.append(cache.computed - before)
    one_s = median(once)
    recomputed = max(recomputed)
    single = _time(lambda: ward_status(assess(entries[changed_index].case, protocols, today), today), 20)
    rows.append(("one case changed: rows recomputed", str(recomputed), "1", "ok" if recomputed == 1 else "FAIL"))
    rows.append(("one case changed: worklist again", f"{one_s * 1000:.1f} ms",
                 f"{single * 1000:.1f} ms (assess that one case)", f"{one_s / single:.1f}× (sort + cache look-ups)"))

    from ctit_gui.store import open_store

    with tempfile.TemporaryDirectory() as folder:
        with open_store(folder, protocols=protocols, user="bench") as store:
            for case in cases:
                store.create_case(case)
        with open_store(folder, protocols=protocols, user="bench") as store:
            cache = WorklistCache()
            start = time.perf_counter()
            worklist(store.ward_entries(), today, protocols, cache=cache)
            first = time.perf_counter() - start
            again = _time(lambda: worklist(store.ward_entries(), today, protocols, cache=cache), runs)
            rows.append((f"store: first worklist of {COUNT}", f"{first * 1000:.0f} ms",
                         f"{bare_s * 1000:.0f} ms (assess one by one)", f"{first / bare_s:.2f}× (incl. reading)"))
            rows.append(("store: re-read, nothing changed", f"{again * 1000:.0f} ms", "", f"rows recomputed: "
                         f"{cache.computed - COUNT}"))
    return rows


STAGES = ("one-by-one", "worklist")


def instruction_rows() -> list[tuple[str, str, str, str]]:
    """The full worklist against assess + ward_status one by one, in instructions (valgrind): for each, a
    process doing it once more minus one that only builds the inputs and warms the tables as the timed runs
    have them (:func:`_stage`). Bytecode present, ``PYTHONHASHSEED=0``."""
    from benchmarks._common import ensure_bytecode, instructions, offscreen_env

    ensure_bytecode()  # else the first measured process compiles what changed, and counts it
    env = {**offscreen_env(), "PYTHONHASHSEED": "0"}  # the same dict layouts in both processes
    counts = {}
    for stage in STAGES:
        command = [PYTHON, str(Path(__file__).resolve()), "--stage", stage]
        idle, busy = instructions(command + ["--idle"], env), instructions(command, env)
        if idle is None or busy is None:
            return [("worklist instructions", "no valgrind (setup.sh --bench)", "", "")]
        counts[stage] = busy - idle
    full, bare = counts["worklist"], counts["one-by-one"]
    return [(f"worklist of {COUNT} open cases, instructions", f"{full / 1e6:,.1f} M",
             f"{bare / 1e6:,.1f} M (assess+ward_status one by one)", f"{full / bare:.3f}× (target ≤ 1.2×)")]


def _stage(stage: str, idle: bool) -> None:
    """One measured process of :func:`instruction_rows`: the inputs, one warm-up of both sides (the timed
    runs interleave them, so each finds the tables the other filled), then ``stage`` once unless ``idle``."""
    one_by_one, listed = _sides()[4:]
    work = {"one-by-one": one_by_one, "worklist": listed}
    for warm in work.values():
        warm()
    if not idle:
        work[stage]()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--stage"]:
        _stage(sys.argv[2], "--idle" in sys.argv[3:])
    elif "--instructions" in sys.argv[1:]:
        print_table("Ward worklist (issue 16), instructions", instruction_rows())
    else:
        print_table("Ward worklist (issue 16)", measure())
