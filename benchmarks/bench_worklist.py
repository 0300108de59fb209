"""The ward's worklist: 500 open cases vs assessing the same 500 one by one (same run), and one changed case.

- full: ``worklist(entries, today)`` over 500 cases (no cache) against a loop of
  ``assess(case, protocols, today)`` + ``ward_status`` over the same cases: target ≤ 1.2×.
- store: the same through an SQLite store (``store.ward_entries()`` reading the latest revisions,
  then the worklist), first read and a re-read with nothing changed.
- one changed case: with a :class:`WorklistCache` warm, one case gets a new revision: rows computed
  (must be 1) and the time, against assessing that one case.

Run: .venv/bin/python benchmarks/bench_worklist.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import median, print_table  # noqa: E402
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


def measure(runs: int = 7) -> list[tuple[str, str, str, str]]:
    protocols = default_protocols()
    cases = big_ward(COUNT)
    entries = [WardEntry(n, 1, case) for n, case in enumerate(cases, 1)]
    today = WARD_DAY

    def one_by_one():
        for case in cases:
            ward_status(assess(case, protocols, today), today)

    def listed():
        assert len(worklist(entries, today, protocols).items) == COUNT

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


if __name__ == "__main__":
    print_table("Ward worklist (issue 16)", measure())
