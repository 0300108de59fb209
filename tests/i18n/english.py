"""The English words left in a text that should be Chinese (window, sheet, command line).

What may stay in Latin letters: lab and drug codes, units, ids, numbers, hashes, what the user
typed, and a registry sentence quoted verbatim beside its translation.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: Latin words that stay as they are in a Chinese text: lab and drug codes, units, ids, formats.
ALLOWED_WORDS = {
    "PLT", "ALT", "AST", "INR", "ULN", "TBL", "TBIL", "CTCAE", "ECOG", "PS", "QTc", "eGFR", "Ccr", "Cr",
    "rhTPO", "TPO", "ADC", "IL", "rhIL", "EPO", "CDK4", "NYHA", "III", "IV", "CTIT", "Cockcroft", "Gault",
    "mg", "dL", "mL", "min", "ml", "kg", "units", "µmol", "µkat", "umol", "mmol", "L", "g", "µL", "uL", "U",
    "sha256", "JSON", "PDF", "UTC", "F5", "Enter", "Delete", "Y", "N", "Ctrl", "Shift",
    "English",  # the language menu names each language in its own words
    "YYYY", "MM", "DD", "Alt", "Down",  # the date format a field takes, and a key
}
_ID = re.compile(r"\b(?:NCT\d+|IN\d+(?:\.\d+)?|EX\d+|SYSU-\d+|FJCH-\S+|[0-9a-f]{8,64}|v\d+)\b")
#: An arm's id after the word arm (组别 hetrombopag): an id, as scripts and the store know it.
_ARM_ID = re.compile(r"(?:组别|arm) [a-z0-9+._-]+")
#: Keyboard shortcuts named in a tip: Ctrl+T, Ctrl+Shift+H, Alt+Down.
_SHORTCUT = re.compile(r"\b(?:Ctrl|Alt|Shift)(?:\+(?:Ctrl|Alt|Shift))*\+\w+")
_OPTION = re.compile(r"(?<!\w)--[a-z][a-z-]*")  # command-line options, e.g. --json
_MARKUP = re.compile(r"</?[a-zA-Z][^<>]*>")  # HTML tags only: "PLT < 50 … > 3" is text
#: Keyboard accelerators: 文件(&F) in a menu, 文件(F) in a tooltip.
_ACCELERATOR = re.compile(r"\(&?[A-Z0-9]\)|&(?=[A-Za-z])")


def registry_sentences() -> list[tuple[str, str]]:
    """(English, Chinese) of every protocol sentence, longest first."""
    from ctit_gui.core.protocol_translation import load_translation, translatable_sentences

    found = []
    for path in sorted((ROOT / "resources" / "protocols").glob("*.json")):
        translation = load_translation(path.stem, "zh_CN")
        for english in translatable_sentences(json.loads(path.read_text(encoding="utf-8"))).values():
            found.append((english, translation.text(english)))
    return sorted(found, key=lambda pair: len(pair[0]), reverse=True)


def english_words(text: str, quotes: list[tuple[str, str]], typed: set[str]) -> list[str]:
    """The Latin words of ``text`` that are not allowed to stay English. A registry sentence may stay
    verbatim only beside its translation (in the same text)."""
    text = html.unescape(_MARKUP.sub(" ", text))
    for english, chinese in quotes:
        if english in text and chinese and chinese in text:
            text = text.replace(english, " ")
    ordered = sorted((v for v in typed if v), key=len, reverse=True)  # "40" must not cut a file name first
    for value in (v for v in ordered if len(v) >= 6):  # what the user typed, whole, before ids are taken out
        text = text.replace(value, " ")
    text = _ID.sub(" ", text)  # ids and hashes before short values: a typed "10" must not cut a hash
    for value in (v for v in ordered if len(v) < 6):
        text = text.replace(value, " ")
    text = _OPTION.sub(" ", text)
    text = _SHORTCUT.sub(" ", text)
    text = _ARM_ID.sub(" ", text)
    text = _ACCELERATOR.sub(" ", text)
    text = _ID.sub(" ", text)
    words = re.findall(r"[A-Za-zµ][A-Za-zµ0-9]*", text)
    return [w for w in words if w not in ALLOWED_WORDS]
