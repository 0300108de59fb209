"""Core speed: re-evaluation after one field edit, and `check` throughput on 10,000 generated cases.

Ratios are against bare baselines measured in the same run: for one edit, pydantic validating the
same case dict alone; for throughput, json.loads of the same 10,000 case texts. Throughput is what
`check --json` does per case file (read strictly, validate, decide, write the JSON it prints), also
with every lab value new (the decision table's cold path) and the floor (strict reading + validation).
Run: .venv/bin/python benchmarks/bench_core.py [--instructions]   (instructions per case: valgrind)
"""

from __future__ import annotations

import json
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import PYTHON, ROOT, median, percentile, print_table  # noqa: E402
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


TODAY = date(2026, 12, 1)  # after every generated case's dates, as `check --today` would be given


def unique_lab_cases(count: int, seed: int = 11) -> list[str]:
    """:func:`generated_cases` with every lab value of every case new (a digit of its own), so no case
    meets a criterion result already decided for another: the decision table's cold path."""
    texts = []
    for index, text in enumerate(generated_cases(count, seed)):
        data = json.loads(text)
        tail = Decimal(index + 1).scaleb(-7)  # 0.0000001 × (index + 1): inside every plausibility limit
        for lab in data["labs"].values():
            lab["value"] = Decimal(str(lab["value"])) + (tail if lab.get("unit") != "/uL" else index + 1)
        texts.append(_exact_numbers(data))
    return texts


def _exact_numbers(data) -> str:
    if isinstance(data, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_exact_numbers(v)}" for k, v in data.items()) + "}"
    if isinstance(data, list):
        return "[" + ", ".join(_exact_numbers(v) for v in data) + "]"
    if isinstance(data, Decimal):
        return format(data, "f")
    return json.dumps(data, ensure_ascii=False)


def check_case(text: str, protocols) -> str:
    """What `check --json` does with one case file's text: read strictly, validate, decide, write the JSON."""
    case = parse_case_json(text, protocols, TODAY)
    return assess_eligibility(protocols[case.trial].protocol, case).to_json()


def check_case_text(text: str, protocols) -> str:
    """What `check` (text, as a clinician reads it) does with one case file's text."""
    import io

    from ctit_gui.cli import _print_check

    case = parse_case_json(text, protocols, TODAY)
    out = io.StringIO()
    _print_check(assess_eligibility(protocols[case.trial].protocol, case), out, protocols)
    return out.getvalue()


def _rate(texts: list[str], work) -> float:
    start = time.perf_counter()
    for text in texts:
        work(text)
    return len(texts) / (time.perf_counter() - start)


def throughput(count: int = 10_000, count_instructions: bool = False) -> list[tuple[str, str, str, str]]:
    """`check --json` per case, against json.loads of the same texts in the same run, and the floor:
    reading strictly and validating alone (what any `check` must do before deciding anything)."""
    protocols = default_protocols()
    texts = generated_cases(count)
    cold = unique_lab_cases(count)
    verdicts: dict[str, int] = {}
    for text in texts[:50]:
        verdict = json.loads(check_case(text, protocols))["verdict"]
        verdicts[verdict] = verdicts.get(verdict, 0) + 1
    bare = _rate(texts, json.loads)
    floor = _rate(texts, lambda text: parse_case_json(text, protocols, TODAY))
    rate = _rate(texts, lambda text: check_case(text, protocols))
    text_rate = _rate(texts, lambda text: check_case_text(text, protocols))
    cold_rate = _rate(cold, lambda text: check_case(text, protocols))
    rows = [
        (f"check --json throughput ({count:,} generated cases)", f"{rate:,.0f} cases/s", f"{bare:,.0f} json.loads/s",
         f"{rate / bare:.3f} of bare (target ≥ 10,000 cases/s)"),
        ("  check as text (what a clinician reads)", f"{text_rate:,.0f} cases/s", f"{bare:,.0f} json.loads/s",
         f"{text_rate / bare:.3f} of bare"),
        ("  every lab value new to the decision table", f"{cold_rate:,.0f} cases/s", f"{bare:,.0f} json.loads/s",
         f"{cold_rate / bare:.3f} of bare"),
        ("  floor: strict reading + validation alone", f"{floor:,.0f} cases/s", f"{bare:,.0f} json.loads/s",
         f"{floor / bare:.3f} of bare"),
    ]
    rows += process_rows(count_instructions)
    if count_instructions:
        rows += instruction_rows()
    return rows


def process_rows(count_instructions: bool, runs: int = 15) -> list[tuple[str, str, str, str]]:
    """What a ward runs: one `main.py check --json` process per case file, against a bare Python process reading
    the same file with json (bytecode present, as installed)."""
    from benchmarks._common import ensure_bytecode, instructions, offscreen_env, time_command

    ensure_bytecode()
    env = offscreen_env()
    case = str(EXAMPLES[0])
    check = [PYTHON, str(ROOT / "main.py"), "check", "--json", "--today", TODAY.isoformat(), case]
    bare = [PYTHON, "-c", f"import json; json.load(open({case!r}, encoding='utf-8'))"]
    check_wall, bare_wall = median(time_command(check, runs, env)), median(time_command(bare, runs, env))
    rows = [("one check --json process per case (main.py)", f"{check_wall * 1000:.0f} ms",
             f"{bare_wall * 1000:.0f} ms bare python + json", f"{check_wall / bare_wall:.2f}×")]
    if count_instructions:
        busy, idle = instructions(check, {**env, "PYTHONHASHSEED": "0"}), instructions(bare, {**env, "PYTHONHASHSEED": "0"})
        if busy is not None and idle is not None:
            rows.append(("  instructions per check process", f"{busy / 1e6:,.1f} M", f"bare {idle / 1e6:,.1f} M",
                         f"{busy / idle:.2f}×"))
    return rows


STAGES = ("loads", "floor", "check", "check-text", "check-cold")


def instruction_rows(count: int = 4000) -> list[tuple[str, str, str, str]]:
    """Instructions per case (valgrind): a process doing ``count`` cases minus one that makes the same texts
    and does nothing with them."""
    from benchmarks._common import ensure_bytecode, instructions, offscreen_env

    ensure_bytecode()  # else the first measured process compiles what changed, and counts it
    env = {**offscreen_env(), "PYTHONHASHSEED": "0"}  # the same dict layouts in both processes
    per_case = {}
    for stage in STAGES:
        command = [PYTHON, str(Path(__file__).resolve()), "--stage", stage, str(count)]
        idle, busy = instructions(command + ["--idle"], env), instructions(command, env)
        if idle is None or busy is None:
            return [("check instructions", "no valgrind (setup.sh --bench)", "", "")]
        per_case[stage] = (busy - idle) / count
    loads = per_case["loads"]
    return [(f"  instructions per case: {name}", f"{per_case[stage] / 1e3:,.0f} k",
             f"json.loads {loads / 1e3:,.0f} k", f"{per_case[stage] / loads:.2f}×")
            for name, stage in (("check --json", "check"), ("check as text", "check-text"),
                                ("every lab value new", "check-cold"),
                                ("floor: strict reading + validation", "floor"))]


def _stage(stage: str, count: int, idle: bool) -> None:
    """One measured process of :func:`instruction_rows`."""
    protocols = default_protocols()
    texts = (unique_lab_cases if stage == "check-cold" else generated_cases)(count)
    work = {"loads": json.loads, "floor": lambda text: parse_case_json(text, protocols, TODAY),
            "check": lambda text: check_case(text, protocols), "check-cold": lambda text: check_case(text, protocols),
            "check-text": lambda text: check_case_text(text, protocols)}
    check_case(generated_cases(1)[0], protocols)  # what any run makes once (arm tables), in both processes
    check_case_text(generated_cases(1)[0], protocols)
    if idle:
        return
    for text in texts:
        work[stage](text)


def main() -> None:
    if sys.argv[1:2] == ["--stage"]:
        _stage(sys.argv[2], int(sys.argv[3]), "--idle" in sys.argv[4:])
        return
    print_table("Core", one_edit() + throughput(count_instructions="--instructions" in sys.argv[1:]))


if __name__ == "__main__":
    main()
