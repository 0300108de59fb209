"""Golden outputs of `check` (JSON and text, English and Chinese), produced once by the program as it was.

The files under ``tests/core/golden/check/`` were written by the `check` of ``main`` before issue 17's
throughput work (commit 66ff4e1), by this module::

    .venv/bin/python -m tests.core.check_golden --write

Regenerate them only deliberately: when the words of a verdict are meant to change, and say so in the
commit. The test (``test_check_golden.py``) compares today's output byte for byte:

* every example, through ``cli.main`` as a user runs it: full text of each output kept;
* :data:`GENERATED` cases from a fixed seed (varied demographics, units, labs on and around every
  limit, answers given, missing and null, and broken files), through the command's own ``_run``
  (``main`` minus argparse, which would make thousands of runs slow): a SHA-256 per output kept.

The generator below must not change once the golden is written: the golden holds the outputs of
these exact case texts.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import random
import sys
from argparse import Namespace
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = Path(__file__).resolve().parent / "golden" / "check"
EXAMPLES = sorted((ROOT / "examples").glob("nct*.json"))
TODAY = date(2026, 12, 1)
SEED = 20261202
GENERATED = 2000
LANGUAGES = ("en", "zh_CN")
#: (file suffix, --json?)
FORMATS = (("json", True), ("txt", False))

SYSU, FUJIAN = "NCT07334093", "NCT07243418"
ARMS = {SYSU: ("rhtpo+hetrombopag", "hetrombopag"), FUJIAN: ("primary", "secondary")}
ATTESTED = {
    SYSU: ("IN2", "IN3", "IN6", "IN7", "IN8", "EX1", "EX2", "EX3", "EX4", "EX5", "EX7", "EX8", "EX9", "EX10",
           "EX11"),
    FUJIAN: ("IN2", "IN3", "IN4", "IN6.3", "IN7", "IN8", "IN9", "IN10", "IN11", "EX2", "EX3", "EX4", "EX5", "EX6",
             "EX7", "EX8", "EX9", "EX10", "EX14", "EX15", "EX16", "EX17", "EX18"),
}


def _dump(value) -> str:
    """JSON text with Decimals written exactly (self-contained, so the inputs never change)."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(k)}: {_dump(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_dump(v) for v in value) + "]"
    if isinstance(value, Decimal):
        return format(value, "f")
    return json.dumps(value, ensure_ascii=False)


def _near(rng: random.Random, limit: Decimal, places: int = 2, far: tuple[int, int] = (5, 400)) -> Decimal:
    """A value on, just beside, within a tenth of, or far from ``limit`` (``far``: per cent of it)."""
    pick = rng.random()
    if pick < 0.2:
        return limit
    if pick < 0.35:
        step = Decimal(1).scaleb(-rng.choice((1, 2, 6, 12)))
        return limit + step if rng.random() < 0.5 else max(Decimal(0), limit - step)
    if pick < 0.65:
        return (limit * Decimal(rng.randint(88, 112)) / 100).quantize(Decimal(1).scaleb(-places))
    return (limit * Decimal(rng.randint(*far)) / 100).quantize(Decimal(1).scaleb(-places))


def _lab(rng: random.Random, uln_range: tuple[str, str], multiples: tuple[str, ...], unit: str | None,
         good: bool) -> dict:
    low, high = Decimal(uln_range[0]), Decimal(uln_range[1])
    uln = (low + (high - low) * Decimal(rng.randint(0, 100)) / 100).quantize(Decimal("0.1"))
    entry: dict = {"value": _near(rng, Decimal(rng.choice(multiples)) * uln, far=(5, 60) if good else (5, 400))}
    if unit is not None:
        entry["unit"] = unit
    if good or rng.random() < 0.9:
        entry["uln"] = uln
    return entry


def generated_case(rng: random.Random, index: int) -> str:
    good = rng.random() < 0.5  # answers and labs mostly on the eligible side
    trial = rng.choice((SYSU, FUJIAN))

    def present(share: float) -> bool:
        return rng.random() < (0.97 if good else share)

    arm = rng.choice(ARMS[trial])
    patient: dict = {"id": f"GOLD-{index:05d}"}
    sex = rng.choice(("female", "male") if good else ("female", "female", "male", None))
    if sex:
        patient["sex"] = sex
    screening = date(2026, rng.randint(1, 10), rng.randint(1, 28))
    age_pick = rng.random()
    case: dict = {"schema": "ctit-case/1", "patient": patient, "trial": trial, "arm": arm}
    if good and age_pick < 0.8:
        patient["age_years"] = rng.choice((18, 19, 74, 75, rng.randint(18, 75)))
    elif age_pick < 0.6:
        patient["age_years"] = rng.choice((17, 18, 19, 74, 75, 76, rng.randint(10, 95)))
    elif age_pick < 0.85:
        years = rng.choice((18, 75, 76, rng.randint(15, 90)))
        patient["birth_date"] = date(screening.year - years, rng.randint(1, 12), rng.randint(1, 28)).isoformat()
    if present(0.85):
        patient["weight_kg"] = Decimal(rng.randint(350, 1200)) / 10
    if sex == "female" and present(0.8):
        patient["childbearing_potential"] = rng.random() < 0.5
    if present(0.9):
        patient["ecog"] = rng.choice((0, 1) if good else (0, 1, 1, 2, 2, 3, 4))
    if present(0.8):
        patient["liver_metastases"] = rng.random() < 0.4
    if present(0.9):
        case["screening_date"] = screening.isoformat()
        if rng.random() < 0.8:
            case["day1"] = date(screening.year, screening.month, min(28, screening.day + 1)).isoformat()
    labs: dict = {}
    if present(0.93):
        limit = Decimal(50) if trial == SYSU else Decimal(10)
        far = ((5, 95) if trial == SYSU else (120, 1500)) if good else (5, 400)
        value = _near(rng, limit, rng.choice((0, 0, 1, 2)), far)
        if rng.random() < 0.25 and value >= 1:
            labs["plt"] = {"value": (value * 1000).quantize(Decimal(1)), "unit": "/uL"}
        else:
            labs["plt"] = {"value": value, "unit": "10^9/L"}
    if arm == "secondary" and present(0.9):
        labs["nadir_plt"] = {"value": _near(rng, Decimal(75), 1, (5, 95) if good else (5, 400)), "unit": "10^9/L"}
    for name in ("alt", "ast"):
        if present(0.9):
            labs[name] = _lab(rng, ("20", "60"), ("2.5", "3", "5"), "U/L", good)
    if present(0.9):
        if rng.random() < 0.3:
            labs["tbil"] = _lab(rng, ("0.8", "1.3"), ("1.5", "3"), "mg/dL", good)
        else:
            labs["tbil"] = _lab(rng, ("17", "26"), ("1.5", "3"), "umol/L", good)
    if present(0.9):
        if rng.random() < 0.3:
            labs["creatinine"] = _lab(rng, ("0.9", "1.3"), ("1", "1.5"), "mg/dL", good)
        else:
            labs["creatinine"] = _lab(rng, ("80", "110"), ("0.6", "1", "1.5"), "umol/L", good)
    if present(0.85):
        labs["inr"] = _lab(rng, ("1.0", "1.5"), ("1", "1.5"), None, good)
    case["labs"] = labs
    answers: dict = {}
    for criterion in ATTESTED[trial]:
        pick = rng.random()
        if pick < 0.75 or (good and pick < 0.97):
            answers[criterion] = (good or rng.random() < 0.9) == criterion.startswith("IN")
        elif pick < 0.85:
            answers[criterion] = None
    case["answers"] = answers
    if "day1" in case and rng.random() < 0.5:
        case["platelet_checks"] = [
            {"day": day, "value": rng.randint(2, 250), "unit": "10^9/L", "bleeding_risk": rng.random() < 0.3}
            for day in (7, 10, 14) if rng.random() < 0.6
        ]
    if rng.random() < 0.2:
        case["notes"] = rng.choice(("Re-tested after transfusion.", "复查血常规。", "ALT > 3 × ULN last week"))
    return _dump(case)


#: Written by hand: files read strictly must be refused with the same lines (every kind of refusal at least
#: once), and valid files on the edges of the arithmetic.
HAND_WRITTEN = (
    '{"schema": "ctit-case/1", "patient": {"id": "B1", "age_years": "52"}, "trial": "NCT07334093", '
    '"arm": "hetrombopag"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B2", "age_years": 52.0}, "trial": "NCT07334093", '
    '"arm": "hetrombopag"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B3"}, "patient": {"id": "B3b"}, "trial": "NCT07334093", '
    '"arm": "hetrombopag"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B4", "weight_kg": NaN}, "trial": "NCT07334093", '
    '"arm": "hetrombopag"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B5"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"labs": {"plt": {"value": 1234567890123456789012345678901234, "unit": "10^9/L"}}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B6"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"labs": {"plt": {"value": 1.23456789012345678901234567890123, "unit": "10^9/L"}}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B7"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"answers": {"IN2": "yes", "IN3": 1, "EX2": [true]}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B8"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"labs": {"plt": {"value": "٥٠", "unit": "10^9/L"}}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B9"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"labs": [1, 2], "platelet_checks": {"day": 7}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B10"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"colour": {"a": {"b": {"c": {"d": {"e": {"f": {"g": {"h": 1}}}}}}}}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B11", "sex": true}, "trial": 7, "arm": null}',
    '{"schema": "ctit-case/1", "patient": {"id": "B12"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"platelet_checks": [' + ", ".join(['{"day": 7, "value": 20, "unit": "10^9/L"}'] * 101) + "]}",
    '{"schema": "ctit-case/1", "patient": {"id": "B13"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"notes": "' + "x" * 10_001 + '"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B14"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"answers": {' + ", ".join(f'"X{i}": true' for i in range(201)) + "}}",
    '{"schema": "ctit-case/1", "patient": {"id": "B15"}, "trial": "NCT07334093", "arm": "hetrombopag",',
    '{"schema": "ctit-case/1", "patient": {"id": "B16"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"labs": {"plt": {"value": -Infinity, "unit": "10^9/L"}, "alt": {"value": 1e400, "uln": 40}}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B17", "ecog": -0}, "trial": "NCT07334093", '
    '"arm": "hetrombopag", "labs": {"plt": {"value": -0.0, "unit": "10^9/L"}}, "answers": {"IN9": true}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B18"}, "trial": "NCT09999999", "arm": "hetrombopag"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B19"}, "trial": "NCT07334093", "arm": "placebo"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B20", "age_years": 40}, "trial": "NCT07334093", '
    '"arm": "hetrombopag", "screening_date": "2027-01-01", "answers": {"IN4": true}, '
    '"labs": {"tbil": {"value": 1, "unit": "mg/dL", "uln": 21}}}',
    '[1, 2, 3]',
    '"a case"',
    '{"schema": "ctit-case/1", "patient": {"id": "B23", "age_years": ' + "9" * 5000 + '}, '
    '"trial": "NCT07334093", "arm": "hetrombopag"}',
    '{"schema": "ctit-case/1", "patient": {"id": "B24", "childbearing_potential": "false", "liver_metastases": 0}, '
    '"trial": "NCT07334093", "arm": "hetrombopag", "labs": {"alt": {"value": true, "unit": "U/L", "uln": "40"}}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B25"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"labs": {"plt": {"value": 20, "unit": "10^9/L", "unit": "/uL"}}, "answers": {"IN2": true, "IN2": false}}',
    '{"schema": "ctit-case/1", "patient": {"id": "B26"}, "trial": "NCT07334093", "arm": "hetrombopag", '
    '"platelet_checks": [{"day": 7.5, "value": 20, "unit": "10^9/L"}, 7, "x", null]}',
    # Valid files on the edges of the arithmetic: a zero creatinine, digits past any float, a hair off a limit.
    '{"schema": "ctit-case/1", "patient": {"id": "E1", "sex": "female", "age_years": 60, "weight_kg": 55.25, '
    '"childbearing_potential": false}, "trial": "NCT07243418", "arm": "primary", '
    '"labs": {"creatinine": {"value": 0, "unit": "umol/L", "uln": 97}, "plt": {"value": 10.000000000001, '
    '"unit": "10^9/L"}}}',
    '{"schema": "ctit-case/1", "patient": {"id": "E2", "sex": "male", "age_years": 75, "liver_metastases": false}, '
    '"trial": "NCT07334093", "arm": "rhtpo+hetrombopag", "labs": {"plt": {"value": 49.99999999999999999, '
    '"unit": "10^9/L"}, "alt": {"value": 120.0000000001, "unit": "U/L", "uln": 40}, "ast": {"value": 119.9999999999, '
    '"unit": "U/L", "uln": 40}, "tbil": {"value": 1.800, "unit": "mg/dL", "uln": 1.2}}, "answers": {"IN7": null}}',
    '{"schema": "ctit-case/1", "patient": {"id": "E3", "sex": "female", "age_years": 18, "weight_kg": 400, '
    '"ecog": 2}, "trial": "NCT07243418", "arm": "secondary", "labs": {"nadir_plt": {"value": 74.99, '
    '"unit": "10^9/L"}, "plt": {"value": 10000, "unit": "/uL"}, "creatinine": {"value": 1.5, "unit": "mg/dL", '
    '"uln": 1.0}, "inr": {"value": 1.8, "uln": 1.2}}, "answers": {"EX17": true, "IN7": false}}',
)


def generated_texts() -> list[tuple[str, str]]:
    """(name, case text): the generated cases, then the hand-written ones."""
    rng = random.Random(SEED)
    texts = [(f"gen-{index:05d}", generated_case(rng, index)) for index in range(GENERATED)]
    texts += [(f"hand-{index:02d}", text) for index, text in enumerate(HAND_WRITTEN)]
    return texts


def run_main(argv: list[str]) -> tuple[int, str, str]:
    """``cli.main`` in this process: (exit status, standard output, standard error)."""
    from ctit_gui import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def run_check(path: Path, language: str, as_json: bool) -> tuple[int, str, str]:
    """`check` of one file without argparse: the command's ``_run`` and the error lines ``main`` prints."""
    from ctit_gui import cli, i18n
    from ctit_gui.core.errors import InputError

    out = io.StringIO()
    with i18n.using(language):
        try:
            code = cli._run(Namespace(command="check", case=path, json=as_json, today=TODAY), out)
        except InputError as exc:
            return getattr(exc, "exit_code", 2), "", "".join(f"error: {m}\n" for m in exc.messages)
    return code, out.getvalue(), ""


def example_argv(path: Path, language: str, as_json: bool) -> list[str]:
    return ["--lang", language, "check", str(path), *(["--json"] if as_json else []), "--today", TODAY.isoformat()]


def digest(code: int, out: str, err: str) -> str:
    return hashlib.sha256(f"{code}\0{out}\0{err}".encode()).hexdigest()[:24]


def generated_digests(folder: Path) -> dict[str, list[str]]:
    """name → one digest per (language, format), the case texts written into ``folder``."""
    result = {}
    for name, text in generated_texts():
        path = folder / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        result[name] = [digest(*run_check(path, language, as_json))
                        for language in LANGUAGES for _, as_json in FORMATS]
    return result


def example_file(example: Path, language: str, suffix: str) -> Path:
    return GOLDEN / f"{example.stem}.{language}.{suffix}"


def write() -> None:
    import tempfile

    GOLDEN.mkdir(parents=True, exist_ok=True)
    for example in EXAMPLES:
        for language in LANGUAGES:
            for suffix, as_json in FORMATS:
                code, out, err = run_main(example_argv(example, language, as_json))
                assert code == 0 and not err, (example, language, err)
                example_file(example, language, suffix).write_text(out, encoding="utf-8")
    with tempfile.TemporaryDirectory() as folder:
        digests = generated_digests(Path(folder))
    lines = ["# case " + " ".join(f"{lang}.{suffix}" for lang in LANGUAGES for suffix, _ in FORMATS)]
    lines += [f"{name} " + " ".join(values) for name, values in digests.items()]
    (GOLDEN / "generated.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    if sys.argv[1:] != ["--write"]:
        sys.exit("usage: python -m tests.core.check_golden --write   (only when the words are meant to change)")
    write()
