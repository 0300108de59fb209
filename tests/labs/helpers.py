"""Shared pieces of the lab import tests: the sample case, the samples folder, a tiny HL7 builder."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from ctit_gui.core.lab_results import ImportPreview, build_preview
from ctit_gui.core.session import default_protocols, validate_case_data
from ctit_gui.labs_import import parse_results, read_results, site_lab_codes

SAMPLES = Path(__file__).resolve().parent / "samples"
CASE_FILE = SAMPLES / "case.json"
#: Day 1 of the sample case is 2026-11-05; the 14-day course ends 2026-11-18.
TODAY = date(2026, 11, 25)


def case_data() -> dict:
    return json.loads(CASE_FILE.read_text(encoding="utf-8"))


def sample_case(**patient):
    data = case_data()
    data["patient"].update(patient)
    data["patient"] = {k: v for k, v in data["patient"].items() if v is not None}
    return validate_case_data(data)


def preview_of(name: str, case=None, today: date = TODAY, **options) -> ImportPreview:
    return build_preview(case or sample_case(), read_results(SAMPLES / name), default_protocols(), today,
                         site=site_lab_codes(), **options)


def hl7_message(*obx: str, pid: str = "PID|1||ZY2026001^^^SYSU^MR||张^秀英||19700315|F",
                charset: str = "UNICODE UTF-8", control_id: str = "T-1") -> str:
    """One ORU^R01 message; each OBX given from OBX-2 on ("NM|777-3^Platelets^LN|1|52|...")."""
    segments = [rf"MSH|^~\&|LIS|SYSU|CTIT|WARD|20261112101500||ORU^R01|{control_id}|P|2.5.1|||||CHN|{charset}",
                pid, "OBR|1||BLD-1|58410-2^CBC panel^LN|||20261104071500"]
    segments += [f"OBX|{n}|{text}" for n, text in enumerate(obx, start=1)]
    return "\r".join(segments) + "\r"


def obx(code: str, value: str, unit: str, when: str = "20261104071500", status: str = "F",
        reference: str = "", system: str = "LN") -> str:
    return f"NM|{code}^test^{system}|1|{value}|{unit}|{reference}||||{status}|||{when}"


def preview_of_text(text: str, case=None, encoding: str = "utf-8", today: date = TODAY, **options):
    parsed = parse_results(text.encode(encoding), "test.hl7")
    return build_preview(case or sample_case(), parsed, default_protocols(), today, site=site_lab_codes(),
                         **options)
