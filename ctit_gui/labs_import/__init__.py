"""Reading laboratory result files (FHIR R4 JSON, HL7 v2 ORU^R01) into neutral :class:`LabResult` records.

Imported only when an import runs: ``fhir.resources`` and ``hl7`` are loaded by the reader that needs
them, never at start-up. What the results mean for a case is decided by ``core.lab_results``.
"""

from __future__ import annotations

from pathlib import Path

from ..core.errors import InputError
from ..core.lab_results import ResultFile, SiteLabCodes, load_site_lab_codes
from ..i18n import _
from ..resources import resource_path

#: The site mapping file of local laboratory codes and names (site configuration — not in registry).
SITE_LAB_CODES = ("site", "lab-codes.json")


def site_lab_codes(path: Path | None = None) -> SiteLabCodes:
    """The site's local codes and names, validated (InputError names each problem)."""
    return load_site_lab_codes(path or resource_path(*SITE_LAB_CODES))


def read_results(path: Path) -> ResultFile:
    """Every result in the file, exactly as sent; InputError (one line per problem) if it cannot be read."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([_("{file}: cannot be read ({why})", file=path.name, why=exc.strerror)]) from None
    return parse_results(raw, path.name)


def parse_results(raw: bytes, file_name: str) -> ResultFile:
    head = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"{"):
        from .fhir import parse_fhir

        parsed = parse_fhir(raw, file_name)
    elif head[:3] in (b"MSH", b"FHS", b"BHS"):
        from .hl7v2 import parse_hl7

        parsed = parse_hl7(raw, file_name)
    else:
        raise InputError([_("{file}: neither a FHIR R4 JSON resource nor an HL7 v2 message "
                            "(an HL7 file starts with MSH, a FHIR file with {{)", file=file_name)])
    if not parsed.results:
        raise InputError([_("{file}: holds no laboratory results", file=file_name)])
    return parsed
