"""One canonical form for hashing: the store, the audit chain and the PDF footer agree on it.

:func:`case_content_hash` is the case hash printed in the PDF footer and recorded with
every stored revision, so a printed sheet can be traced to the revision it came from.
"""

from __future__ import annotations

import hashlib
import json

from ..core.case import Case

GENESIS_HASH = "0" * 64


def canonical_json(value: object) -> str:
    """Keys sorted, no spaces, UTF-8 text kept as is (not \\u-escaped)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def sha256_text(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def sha256_bytes(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def case_canonical_json(case: Case) -> str:
    """The case as stored: ``case.to_dict()`` (exact decimals as text, None fields left out), canonical."""
    return canonical_json(case.to_dict())


def case_content_hash(case: Case) -> str:
    """sha256 of the case's canonical JSON: keys sorted, no spaces, UTF-8, None fields left out."""
    return sha256_text(case_canonical_json(case))


def case_file_text(case: Case) -> str:
    """The case as a ``ctit-case/1`` file: numbers written as JSON numbers, exactly as entered."""
    return case.to_json() + "\n"
