"""Working translations of a protocol file's sentences (criteria, rules, doses), validated on load.

The registry's English stays the authority: a translation is shown labelled as one
(:data:`NOTICE`), with the English original beside it or one keystroke away. Each sentence is
keyed by its place in the protocol file ("criteria/IN4/text", "stop_rule/source") and carries
the English it was translated from: a protocol sentence that changed since (drift) has no
translation until a translator confirms it (``scripts/i18n_protocols.py``), and the tests fail.

Files: ``resources/i18n/protocols/<trial>.<language>.json`` (see ``docs/translations.md``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from ..resources import protocols_folder, resource_path
from .errors import InputError

FORMAT = "ctit-protocol-translation/1"
#: Shown with every translated protocol sentence (window and sheet).
NOTICE = "译文仅供参考；规则依据英文注册记录，以伦理批准的研究方案为准"
#: The protocol fields whose text a reader sees.
TRANSLATABLE_FIELDS = frozenset({
    "short_title", "title", "label", "regimen", "source", "note", "action", "comment", "text",
    "undefined_rules_note", "reading", "policy",
})


def translation_path(trial: str, language: str) -> Path:
    return resource_path("i18n", "protocols", f"{trial}.{language}.json")


def translatable_sentences(protocol: dict) -> dict[str, str]:
    """Every translatable sentence of a protocol file (as parsed JSON), keyed by its place."""
    found: dict[str, str] = {}

    def walk(value, path: list[str]) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, str):
                    if key in TRANSLATABLE_FIELDS and item.strip():
                        found["/".join(path + [key])] = item
                else:
                    walk(item, path + [key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                name = item.get("id") if isinstance(item, dict) and isinstance(item.get("id"), str) else str(index)
                walk(item, path + [name])

    walk(protocol, [])
    return found


@dataclass(frozen=True)
class ProtocolTranslation:
    trial: str
    language: str
    notice: str
    by_key: dict[str, str]
    by_english: dict[str, str]
    #: Keys whose English changed since they were translated (not used; the tests fail on them).
    stale: tuple[str, ...] = ()
    #: Sentences of the protocol with no translation at all.
    missing: tuple[str, ...] = field(default=())

    def text(self, english: str | None) -> str | None:
        """The translation of one of the protocol's English sentences, or None."""
        if not english:
            return None
        return self.by_english.get(english)

    def key(self, key: str) -> str | None:
        return self.by_key.get(key)


def _problem(path: Path, what: str) -> InputError:
    return InputError([f"{path.name}: {what}"])


def load_translation(trial: str, language: str, protocol_file: Path | None = None) -> ProtocolTranslation | None:
    """The translation of ``trial``'s protocol into ``language``, or None when there is none.

    Raises :class:`InputError` for a file that is not a valid translation file (wrong format,
    another trial, an entry without its English or its translation).
    """
    path = translation_path(trial, language)
    if not path.exists():
        return None
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise _problem(path, f"not readable JSON ({exc})") from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _problem(path, f"format must be {FORMAT!r}")
    if document.get("trial") != trial or document.get("language") != language:
        raise _problem(path, f"must be the {language} translation of {trial}")
    entries = document.get("entries")
    if not isinstance(entries, dict):
        raise _problem(path, "entries must be an object of sentences")
    protocol_file = protocol_file or protocols_folder() / f"{trial}.json"
    sentences = translatable_sentences(json.loads(protocol_file.read_text(encoding="utf-8")))
    by_key: dict[str, str] = {}
    stale: list[str] = []
    for key, entry in entries.items():
        if not (isinstance(entry, dict) and isinstance(entry.get("en"), str) and isinstance(entry.get("zh"), str)):
            raise _problem(path, f"entry {key!r} needs its English \"en\" and its translation \"zh\"")
        if key not in sentences or sentences[key] != entry["en"]:
            stale.append(key)
            continue
        if entry["zh"].strip():
            by_key[key] = entry["zh"]
    by_english = {sentences[key]: text for key, text in by_key.items()}
    missing = tuple(key for key in sentences if key not in by_key)
    return ProtocolTranslation(trial, language, str(document.get("notice") or NOTICE), by_key, by_english,
                               tuple(stale), missing)


@lru_cache(maxsize=16)
def protocol_translation(trial: str, language: str) -> ProtocolTranslation | None:
    """Cached :func:`load_translation`; English (the source) has none."""
    if language == "en":
        return None
    return load_translation(trial, language)


@lru_cache(maxsize=4)
def _sentences(language: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(protocols_folder().glob("*.json")):
        translation = protocol_translation(path.stem, language)
        if translation is not None:
            found.update(translation.by_english)
    return found


def sentence_translation(english: str, language: str) -> str | None:
    """The translation of a sentence of any shipped protocol file, or None."""
    if language == "en" or not english:
        return None
    return _sentences(language).get(english)
