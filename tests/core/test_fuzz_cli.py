"""Fuzzing the command line with mutated case files (issue 9).

At least 2,000 mutated inputs (type swaps, deletions, huge numbers, NaN, deep nesting,
duplicate keys, BOM, other encodings, truncation) go through the command line's entry
point in-process (``check``, ``plan``, ``sheet``), and a few dozen as real subprocesses:
exit status 0 or 2 only, never a traceback, and every exit-2 line names a field (or the
place in the file). Seeded, so a failure is reproducible.
"""

from __future__ import annotations

import contextlib
import io
import json
import random
import re
import subprocess
import sys
from pathlib import Path

from ctit_gui.cli import main

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("nct*.json"))
FIELDS = {
    "schema", "patient", "id", "sex", "age_years", "birth_date", "weight_kg", "childbearing_potential", "ecog",
    "liver_metastases", "trial", "arm", "screening_date", "day1", "labs", "plt", "alt", "ast", "tbil",
    "creatinine", "inr", "nadir_plt", "value", "unit", "uln", "answers", "platelet_checks", "day", "bleeding_risk",
    "notes",
}
ODD_VALUES = [None, True, False, 0, -1, "52", "yes", "N", "", "２０", [], {}, [1, 2], {"value": 1},
              10 ** 40, -(10 ** 40), 1e308, 0.1, "2026-02-30", "9999-12-31", "0001-01-01", "x" * 3000]


def _paths(node, path=()):
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, path + (index,))


def _set(data, path, value):
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value


def _delete(data, path):
    node = data
    for part in path[:-1]:
        node = node[part]
    del node[path[-1]]


def mutations(rng: random.Random, count: int) -> list[bytes]:
    bases = [json.loads(p.read_text(encoding="utf-8")) for p in EXAMPLES]
    out: list[bytes] = []
    while len(out) < count:
        data = json.loads(json.dumps(rng.choice(bases)))
        text = None
        kind = rng.randrange(10)
        paths = [p for p in _paths(data) if p]
        for _ in range(rng.randint(1, 3)):
            path = rng.choice(paths)
            try:
                if kind <= 3:
                    _set(data, path, rng.choice(ODD_VALUES))
                elif kind == 4:
                    _delete(data, path)
                elif kind == 5:
                    _set(data, path, rng.choice([10 ** rng.randint(20, 500), -(10 ** 30), 1e-30]))
            except (KeyError, IndexError, TypeError):
                pass
            paths = [p for p in _paths(data) if p]
        text = json.dumps(data, ensure_ascii=False)
        if kind == 6:
            token = rng.choice(["NaN", "Infinity", "-Infinity", "1" * rng.randint(30, 900), "1e999", "-0"])
            text = re.sub(r'("value": )[-0-9.]+', lambda m: m.group(1) + token, text, count=1)
        elif kind == 7:
            depth = rng.choice([50, 5000, 100_000])
            text = text[:-1] + ', "notes": ' + "[" * depth + "]" * depth + "}"
        elif kind == 8:
            key = rng.choice(['"trial"', '"arm"', '"patient"', '"day1"'])
            text = text.replace(key, key + ': "x", ' + key, 1) if key in text else text + "{"
        elif kind == 9:
            cut = rng.randrange(len(text))
            text = text[:cut]
        raw = text.encode("utf-8")
        encoding = rng.randrange(12)
        if encoding == 0:
            raw = b"\xef\xbb\xbf" + raw
        elif encoding == 1:
            raw = text.encode("utf-16")
        elif encoding == 2:
            raw = text.encode("latin-1", errors="replace")
        elif encoding == 3:
            raw = raw.replace(b"0", "٠".encode(), 1)
        out.append(raw)
    return out


def _names_a_place(line: str) -> bool:
    message = line.removeprefix("error: ").split(": ", 1)[-1]
    words = set(re.findall(r"[a-z_0-9]+", line))
    return bool(words & FIELDS) or "line" in message or "the file" in message or "--" in line


def _check_outcome(code, out, err, raw):
    assert code in (0, 2), (code, err, raw[:300])
    assert "Traceback" not in err and "Traceback" not in out, err
    if code == 2:
        lines = err.strip().splitlines()
        assert lines, raw[:300]
        for line in lines:
            if line.startswith("usage:"):
                continue
            assert line.startswith("error: ") and _names_a_place(line), (line, raw[:300])


def test_two_thousand_mutated_case_files_through_the_command_line(tmp_path):
    rng = random.Random(20261201)
    inputs = mutations(rng, 2100)
    path = tmp_path / "case.json"
    seen = {0: 0, 2: 0}
    for index, raw in enumerate(inputs):
        path.write_bytes(raw)
        command = ["check", "plan", "check", "plan", "plan", "check", "plan", "check", "plan", "sheet"][index % 10]
        argv = [command, str(path)]
        if command == "sheet":
            argv += ["-o", str(tmp_path / "out.pdf"), "--generated-at", "2026-12-01T08:00:00+08:00"]
        elif rng.random() < 0.5:
            argv.append("--json")
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(argv)
            except SystemExit as exc:
                code = exc.code
        _check_outcome(code, out.getvalue(), err.getvalue(), raw)
        seen[code] += 1
    assert len(inputs) >= 2000
    assert seen[0] > 50 and seen[2] > 500  # both outcomes exercised


def test_a_few_dozen_mutated_case_files_as_real_processes(tmp_path):
    rng = random.Random(7)
    for index, raw in enumerate(mutations(rng, 36)):
        path = tmp_path / f"case{index}.json"
        path.write_bytes(raw)
        command = ("check", "plan", "sheet")[index % 3]
        argv = [command, str(path)]
        if command == "sheet":
            argv += ["-o", str(tmp_path / f"out{index}.pdf")]
        result = subprocess.run([sys.executable, str(ROOT / "main.py"), *argv], capture_output=True, text=True,
                                cwd=ROOT, timeout=120)
        _check_outcome(result.returncode, result.stdout, result.stderr, raw)
