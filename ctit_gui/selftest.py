"""``--self-test``: a headless check that an installed copy works end to end.

Loads every protocol, checks every example case against its recorded verdict and
events, writes a PDF sheet to a temporary folder and checks its structure. Prints
what failed and returns 1, or prints a summary and returns 0.
"""

from __future__ import annotations

import importlib
import json
import re
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

from .core.errors import InputError
from .core.session import assess, default_protocols, read_case
from .resources import examples_folder


def _check_pdf(path: Path) -> list[str]:
    data = path.read_bytes()
    problems = []
    if not data.startswith(b"%PDF-"):
        problems.append("no PDF header")
    if b"%%EOF" not in data[-1024:]:
        problems.append("no end-of-file marker")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    if not 1 <= pages <= 2:
        problems.append(f"{pages} pages, expected 1 or 2")
    if b"/FontFile2" not in data:
        problems.append("no embedded TrueType font")
    return problems


OPTIONAL_PARTS = (
    ("lab import: HL7 v2 reader", "ctit_gui.labs_import.hl7v2"),
    ("lab import: HL7 v2 parser", "hl7"),
    ("lab import: FHIR R4 models", "fhir.resources.R4B.observation"),
    ("ward store: PostgreSQL driver", "psycopg"),
)


def run_self_test(out) -> int:
    failures: list[str] = []
    try:
        protocols = default_protocols()
    except InputError as exc:
        print("FAIL protocols: " + "; ".join(exc.messages), file=out)
        return 1
    print(f"ok   protocols: {', '.join(f'{k} ({v.short_hash})' for k, v in protocols.items())}", file=out)

    expected = json.loads((examples_folder() / "EXPECTED.json").read_text(encoding="utf-8"))
    first_case = None
    for name, want in sorted(expected.items()):
        try:
            case = read_case(examples_folder() / name, protocols)
            result = assess(case, protocols, date.fromisoformat(want["today"]))
        except InputError as exc:
            failures.append(f"{name}: " + "; ".join(exc.messages))
            continue
        events = [e.kind for e in result.plan.events]
        if result.eligibility.verdict != want["verdict"] or events != want["events"]:
            failures.append(f"{name}: got {result.eligibility.verdict} {events}, expected {want['verdict']} {want['events']}")
            continue
        first_case = first_case or result
        print(f"ok   example {name}: {result.eligibility.verdict}", file=out)

    if first_case is not None:
        try:
            from .sheet.export import export_sheet

            with tempfile.TemporaryDirectory() as folder:
                target = Path(folder) / "self-test.pdf"
                export_sheet(first_case, target, paper="a4",
                             generated_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
                problems = _check_pdf(target)
                size = target.stat().st_size
            if problems:
                failures.append("PDF sheet: " + ", ".join(problems))
            else:
                print(f"ok   PDF sheet: {size:,} bytes", file=out)
        except Exception as exc:  # noqa: BLE001 — the self-test reports any failure instead of crashing
            failures.append(f"PDF sheet: {type(exc).__name__}: {exc}")

    # Loaded only when used, so a frozen bundle could miss them without any other check noticing.
    for label, module in OPTIONAL_PARTS:
        try:
            importlib.import_module(module)
            print(f"ok   {label}", file=out)
        except Exception as exc:  # noqa: BLE001 — reported, never a crash
            failures.append(f"{label}: {type(exc).__name__}: {exc}")

    for failure in failures:
        print(f"FAIL {failure}", file=out)
    print("self-test " + ("failed" if failures else "passed"), file=out)
    return 1 if failures else 0
