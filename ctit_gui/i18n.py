"""The program's words in English or Simplified Chinese: one gettext catalogue for everything.

No Qt here (the core, the sheet and the command line use it; the window reaches the same
catalogue through :class:`ctit_gui.ui.language.CatalogueTranslator`). The catalogue is
``resources/i18n/<lang>/LC_MESSAGES/ctit.po`` (text, in the repository); the compiled ``.mo``
beside it is built by ``scripts/setup.sh`` and the bundle build (``pybabel compile``), never
committed. See ``docs/translations.md``.

Placeholders are named, ``{dose}``, and filled by :func:`_`. A translation whose placeholders
differ from its source's is never used: the English source is shown instead, so a translator's
slip can never print a dose without its number (the tests fail on such an entry as well).
"""

from __future__ import annotations

import contextvars
import gettext
import re
import string
import sys
import textwrap
import unicodedata
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from .resources import resource_path

DOMAIN = "ctit"
ENGLISH = "en"
CHINESE = "zh_CN"
LANGUAGES = (ENGLISH, CHINESE)
#: Each language's name in its own words (the View → Language menu, --help).
LANGUAGE_NAMES = {ENGLISH: "English", CHINESE: "中文（简体）"}
#: The environment variable that sets the command line's language (never the machine's locale).
LANGUAGE_VARIABLE = "CTIT_LANG"

_current: contextvars.ContextVar[str] = contextvars.ContextVar("ctit_language", default=ENGLISH)
_catalogues: dict[str, gettext.NullTranslations] = {}
_checked: dict[tuple[str, str | None, str], str] = {}


class LanguageError(ValueError):
    """A language code the program does not ship."""


def normalize(code: str | None) -> str:
    """'zh_CN', 'zh-CN', 'zh', 'zh_CN.UTF-8' → 'zh_CN'; 'en', 'en_US', 'C' → 'en'; others refused."""
    if code is None:
        return ENGLISH
    base = code.strip().split(".")[0].split("@")[0].replace("-", "_")
    lowered = base.lower()
    if lowered in ("zh", "zh_cn", "zh_hans", "zh_hans_cn", "zh_sg"):
        return CHINESE
    if lowered in ("en", "c", "posix") or lowered.startswith("en_"):
        return ENGLISH
    raise LanguageError(unavailable(code))


def unavailable(code: str) -> str:
    """Why ``code`` is refused, in the current language."""
    return _("language {code} is not available (allowed: {allowed})", code=repr(code), allowed=", ".join(LANGUAGES))


def system_language(locale_name: str | None) -> str:
    """The language for a first start: Chinese for any zh_* locale, otherwise English."""
    if locale_name and locale_name.replace("-", "_").lower().startswith("zh"):
        return CHINESE
    return ENGLISH


def catalogue_folder() -> Path:
    return resource_path("i18n")


def catalogue_path(language: str, suffix: str = ".mo") -> Path:
    return catalogue_folder() / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``language`` (English: the sources themselves)."""
    found = _catalogues.get(language)
    if found is not None:
        return found
    if language == ENGLISH:
        found = gettext.NullTranslations()
    else:
        path = catalogue_path(language)
        try:
            with path.open("rb") as handle:
                found = gettext.GNUTranslations(handle)
        except OSError:
            print(f"warning: the {LANGUAGE_NAMES.get(language, language)} catalogue {path} is not built "
                  "(run scripts/setup.sh); English is shown instead", file=sys.stderr)
            found = gettext.NullTranslations()
    _catalogues[language] = found
    return found


def catalogue_available(language: str) -> bool:
    return language == ENGLISH or catalogue_path(language).exists()


def set_language(language: str) -> str:
    """Make ``language`` the current one (for this thread of execution); returns the normalized code."""
    code = normalize(language)
    _current.set(code)
    return code


def language() -> str:
    return _current.get()


def is_chinese(code: str | None = None) -> bool:
    return (code or language()) == CHINESE


@contextmanager
def using(code: str) -> Iterator[str]:
    """Words in ``code`` inside the block (e.g. a sheet printed in another language than the window's)."""
    token = _current.set(normalize(code))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


_FORMATTER = string.Formatter()


def placeholders(text: str) -> tuple[str, ...]:
    """Every placeholder of ``text``, sorted: ``{name}`` fields (with their format spec), Qt's %1..%99, %n, and
    printf-style %(name)s / %s / %r / %d (argparse's own msgids).

    A text that is not a valid format string gives ``("<invalid>",)`` so it never matches a valid one.
    """
    found: list[str] = []
    try:
        for _literal, field, spec, conversion in _FORMATTER.parse(text):
            if field is not None:
                found.append("{" + field + ("!" + conversion if conversion else "") + (":" + spec if spec else "") + "}")
    except ValueError:
        return ("<invalid>",)
    index = 0
    while True:
        index = text.find("%", index)
        if index < 0 or index + 1 >= len(text):
            break
        follower = text[index + 1]
        if follower == "%":  # a literal percent sign
            index += 2
            continue
        if follower == "(":  # printf-style by name (argparse's msgids): %(prog)s
            end = text.find(")", index)
            if end > 0 and end + 1 < len(text):
                found.append(text[index:end + 2])
                index = end + 2
                continue
        if follower in "srd":  # printf-style by position: %s, %r, %d
            found.append(text[index:index + 2])
        elif follower == "n":
            found.append("%n")
        elif follower.isdigit():
            end = index + 1
            while end < len(text) and text[end].isdigit():
                end += 1
            found.append(text[index:end])
        index += 2
    return tuple(sorted(found))


def lookup(message: str, context: str | None = None, code: str | None = None) -> str | None:
    """The translation of ``message`` in ``code`` (default: current), or None when there is no safe one.

    ``context`` (gettext's msgctxt) is tried first, then the message without one. A translation whose
    placeholders differ from the source's is refused (None).
    """
    code = code or _current.get()
    if code == ENGLISH or not message:
        return None
    key = (code, context, message)
    if key in _checked:
        return _checked[key] or None
    translations = catalogue(code)
    result = ""
    candidates = []
    if context:
        candidates.append(translations.pgettext(context, message))
    candidates.append(translations.gettext(message))
    for candidate in candidates:
        if candidate and candidate != message:
            if placeholders(candidate) == placeholders(message):
                result = candidate
                break
            print(f"warning: the {code} translation of {message!r} changes its placeholders; "
                  "the English text is used", file=sys.stderr)
    _checked[key] = result
    return result or None


def _(message: str, /, **params) -> str:
    """``message`` in the current language, its ``{named}`` placeholders filled from ``params``."""
    text = lookup(message) or message
    return text.format(**params) if params else text


def translate_text(message: str, code: str | None = None) -> str:
    """``message`` in ``code`` (default: current), unformatted."""
    return lookup(message, code=code) or message


def display_width(text: str) -> int:
    """The columns ``text`` takes on a terminal: a wide (CJK) or full-width character takes two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, width: int) -> str:
    """``text`` padded with spaces to ``width`` columns as a terminal shows it (never cut)."""
    return text + " " * max(0, width - display_width(text))


#: What a Chinese line may not be broken inside: a run of Latin letters, digits and signs (a number with
#: its unit, a code, an id), a run of spaces, or any single other character (a CJK one).
_UNBREAKABLE = re.compile(r"[\x21-\x7e·×⁹µ≤≥–−]+|\s+|.")


def wrap(text: str, width: int, code: str | None = None) -> list[str]:
    """``text`` in lines of at most ``width`` terminal columns (a longer unbreakable run stays whole).

    English: at spaces (textwrap). Chinese has no spaces between words: a line may end between two CJK
    characters or at a space, never inside a number, unit or code ("40 units/L" stays whole).
    """
    if (code or _current.get()) != CHINESE:
        return textwrap.wrap(text, width)
    lines, line = [], ""
    for token in _UNBREAKABLE.findall(text):
        if line.strip() and display_width(line + token.rstrip()) > width:
            lines.append(line.rstrip())
            line = token.lstrip()
        else:
            line += token
    return lines + ([line.rstrip()] if line.strip() else [])


def N_(message: str) -> str:
    """Marks a text for the catalogue without translating it now (translated where it is shown)."""
    return message


def clear_cache() -> None:
    """Forget loaded catalogues (tests that rebuild them)."""
    _catalogues.clear()
    _checked.clear()
