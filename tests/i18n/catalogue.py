"""Helpers: the Chinese catalogue as text, and every Chinese string the program can show."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "resources" / "i18n" / "zh_CN" / "LC_MESSAGES" / "ctit.po"
PROTOCOL_TRANSLATIONS = sorted((ROOT / "resources" / "i18n" / "protocols").glob("*.zh_CN.json"))


@lru_cache(maxsize=1)
def po_entries() -> dict[str, tuple[str, bool]]:
    """msgid → (msgstr, fuzzy) of the Chinese catalogue."""
    from babel.messages.pofile import read_po

    with PO.open("rb") as handle:
        catalogue = read_po(handle)
    return {m.id: (m.string, m.fuzzy) for m in catalogue if m.id}


def protocol_chinese() -> dict[str, str]:
    """'trial key' → Chinese sentence of every protocol translation file."""
    found = {}
    for path in PROTOCOL_TRANSLATIONS:
        document = json.loads(path.read_text(encoding="utf-8"))
        for key, entry in document["entries"].items():
            found[f"{document['trial']} {key}"] = entry["zh"]
        found[f"{document['trial']} notice"] = document["notice"]
    return found


def every_chinese_string() -> dict[str, str]:
    from ctit_gui.core import render

    found = {f"po {k!r}": v for k, (v, _) in po_entries().items()}
    found.update(protocol_chinese())
    found.update({f"drug {k}": v for k, v in render.DRUG_NAMES_ZH.items()})
    found.update({f"weekday {v}": v for v in render.WEEKDAYS_ZH})
    return found
