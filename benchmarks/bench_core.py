"""Core speed: re-evaluation after one field edit, and `check` throughput on 10,000 generated cases.

Ratios are against bare baselines measured in the same run: for one edit, pydantic validating the
same case dict alone; for throughput, json.loads of the same 10,000 case texts.
Run: .venv/bin/python benchmarks/bench_core.py
"""

from __future__ import annotations

import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import ROOT, median, percentile, print_table  # noqa: E402
from ctit_gui.core.case import Case  # noqa: E402
from ctit_gui.core.eligibility import assess_eligibility  # noqa: E402
from ctit_gui.core.session import assess, default_protocols, parse_case_json, validate_case_data  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("nct*.json"))


def generated_cases(count: int, seed: int = 7) -> list[str]:
    """Realistic case texts: the examples with labs, ages and checks varied."""
    rng = random.Random(seed)
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    texts = []
    for index in range(count):
        data = json.loads(json.dumps(bases[index % len(bases)]))
        data["patient"]["id"] = f"GEN-{index:05d}"
        data["patient"].pop("birth_date", None)
        data["patient"]["age_years"] = rng.randint(16, 80)
        data["labs"]["plt"] = {"value": rng.randint(2, 180), "unit": "10^9/L"}
        if "alt" in data["labs"]:
            data["labs"]["alt"]["value"] = round(rng.uniform(5, 300), 1)
        data["platelet_checks"] = [
            {"day": day, "value": rng.randint(2, 250), "unit": "10^9/L", "bleeding_risk": rng.random() < 0.3}
            for day in (7, 10, 14) if rng.random() < 0.6
        ]
        texts.append(json.dumps(data))
    return texts


def one_edit(runs: int = 2000) -> list[tuple[str, str, str, str]]:
    protocols = default_protocols()
    base = json.loads(EXAMPLES[0].read_text(encoding="utf-8"))
    core_times, bare_times = [], []
    for index in range(runs):
        base["labs"]["plt"]["value"] = 20 + index % 40
        start = time.perf_counter()
        Case.model_validate(base)
        bare_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        assess(validate_case_data(base, protocols), protocols)
        core_times.append(time.perf_counter() - start)
    ms = 1000
    return [
        ("core re-evaluation, median", f"{median(core_times) * ms:.3f} ms", f"{median(bare_times) * ms:.3f} ms",
         f"{median(core_times) / median(bare_times):.1f}× (target < 1 ms)"),
        ("core re-evaluation, p99", f"{percentile(core_times, 0.99) * ms:.3f} ms",
         f"{percentile(bare_times, 0.99) * ms:.3f} ms", "target < 1 ms"),
    ]


def throughput(count: int = 10_000) -> list[tuple[str, str, str, str]]:
    protocols = default_protocols()
    texts = generated_cases(count)
    start = time.perf_counter()
    for text in texts:
        json.loads(text)
    bare = time.perf_counter() - start
    start = time.perf_counter()
    verdicts = {}
    for text in texts:
        case = parse_case_json(text, protocols)
        eligibility = assess_eligibility(protocols[case.trial].protocol, case)
        json.dumps(eligibility.to_dict(), ensure_ascii=False)
        verdicts[eligibility.verdict] = verdicts.get(eligibility.verdict, 0) + 1
    elapsed = time.perf_counter() - start
    rate = count / elapsed
    return [(f"check throughput ({count:,} cases; {verdicts})", f"{rate:,.0f} cases/s",
             f"{count / bare:,.0f} json.loads/s", f"{bare / elapsed:.3f} of bare (target ≥ 10,000 cases/s)")]


def main() -> None:
    print_table("Core", one_edit() + throughput())


if __name__ == "__main__":
    main()
