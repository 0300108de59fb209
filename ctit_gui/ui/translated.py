"""Protocol sentences in the window's language: the registry's English stays beside its translation.

In Chinese every criterion, rule and dose sentence of the protocol files is shown in its working
translation, labelled as one (:data:`~ctit_gui.core.protocol_translation.NOTICE`), with the English
original beside it (detail panes) or in the tooltip (one hover away). In English nothing changes.
"""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QCoreApplication

from .. import i18n
from ..core.protocol_translation import NOTICE, protocol_translation
from ..resources import protocols_folder


def escape(text: str) -> str:
    """``html.escape(text)`` (quotes too), without importing the ``html`` package at start-up: it builds
    its entity tables on import (~0.35 MiB, issue 17)."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
            .replace("'", "&#x27;"))


@lru_cache(maxsize=4)
def _index(code: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for path in sorted(protocols_folder().glob("*.json")):
        translation = protocol_translation(path.stem, code)
        if translation is not None:
            found.update(translation.by_english)
    return found


def protocol_text(english: str | None) -> str | None:
    """The translation of a protocol sentence in the current language; None in English or without one.

    A site rule ("site rule — not in registry: …") and the program's own fixed words are translated too.
    """
    if not english or i18n.language() == i18n.ENGLISH:
        return None
    found = _index(i18n.language()).get(english)
    if found:
        return found
    from ..core.render import protocol_sentence

    other = protocol_sentence(english)
    return other if other != english else None


def shown(english: str | None) -> str:
    """A protocol sentence as the window shows it inline: its translation, else the English."""
    return protocol_text(english) or (english or "")


def with_original(english: str | None) -> str:
    """Plain text (tooltips, the sheet's lookups): translation, the notice, then the English original."""
    chinese = protocol_text(english)
    if not chinese:
        return english or ""
    label = QCoreApplication.translate("translated", "English original:")
    return f"{chinese}\n〔{NOTICE}〕\n{label} {english}"


def with_original_html(english: str | None, compact: bool = False) -> str:
    """HTML (detail panes): translation, the notice in small type, the English original in italics.

    ``compact`` (banners, where height is scarce): the translation and the notice on one line; the
    English original is in the widget's tooltip (:func:`with_original`), one hover away.
    """
    chinese = protocol_text(english)
    if not chinese:
        return escape(english or "")
    if compact:
        return f"{escape(chinese)} <small>〔{escape(NOTICE)}〕</small>"
    label = QCoreApplication.translate("translated", "English original:")
    return (f"{escape(chinese)}<br><small>〔{escape(NOTICE)}〕</small><br>"
            f"<i>{escape(label)} {escape(english)}</i>")
