"""Reading a case file's JSON strictly: what the clinician typed is read exactly or refused.

- Numbers are read as :class:`~decimal.Decimal` from their own text (never through a
  binary float): ``49.99999999999999999`` stays below 50.
- A number where text is expected, text where a number is expected (``"52"``), ``true``
  for a number, ``"yes"`` for an answer: refused, naming the field. Nothing is converted.
- A key given twice in one object, ``NaN``/``Infinity``, UTF-16 text, control of size:
  refused with one line each. Limits (documented in docs/case-format.md) keep a hostile
  or broken file from taking more than a moment: :data:`MAX_FILE_BYTES`, :data:`MAX_DEPTH`,
  :data:`MAX_LIST_ITEMS`, :data:`MAX_OBJECT_KEYS`, :data:`MAX_STRING_CHARS`,
  :data:`MAX_NUMBER_CHARS`, and at most :data:`MAX_PROBLEMS` lines are listed.
"""

from __future__ import annotations

import json
import re
import unicodedata
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

from ..i18n import N_, _, translate_text
from .errors import FieldProblem, dotted

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 8
MAX_LIST_ITEMS = 100
MAX_OBJECT_KEYS = 200
MAX_STRING_CHARS = 10_000
MAX_NUMBER_CHARS = 30
MAX_PROBLEMS = 50

# The JSON type each field of ctit-case/1 takes ("*" = any key, 0 = every list item).
NUMBER, WHOLE, BOOL, TEXT = "number", "whole number", "true or false", "text"
_LAB = {"value": NUMBER, "unit": TEXT, "uln": NUMBER}
_SHAPE: dict = {
    "schema": TEXT,
    "patient": {"id": TEXT, "sex": TEXT, "age_years": WHOLE, "birth_date": TEXT, "weight_kg": NUMBER,
                "childbearing_potential": BOOL, "ecog": WHOLE, "liver_metastases": BOOL},
    "trial": TEXT,
    "arm": TEXT,
    "screening_date": TEXT,
    "day1": TEXT,
    "labs": {name: _LAB for name in ("plt", "alt", "ast", "tbil", "creatinine", "inr", "nadir_plt")},
    "answers": {"*": BOOL},
    "platelet_checks": [{"day": WHOLE, "value": NUMBER, "unit": TEXT, "bleeding_risk": BOOL}],
    "notes": TEXT,
}


class _Odd:
    """A JSON token refused after parsing, once its field is known (NaN, a huge number)."""

    def __init__(self, text: str, why: str):
        self.text, self.why = text, why


class _Object(dict):
    duplicates: tuple[str, ...] = ()


def _pairs(pairs: list[tuple[str, object]]) -> _Object:
    result = _Object(pairs)  # a key given twice keeps its first place and its last value
    if len(result) != len(pairs):
        seen: set[str] = set()
        duplicates = []
        for key, _value in pairs:
            if key in seen and key not in duplicates:
                duplicates.append(key)
            seen.add(key)
        result.duplicates = tuple(duplicates)
    return result


def _number(text: str) -> object:
    if len(text) > MAX_NUMBER_CHARS:
        return _Odd(text, _("a number of {count} characters is not plausible (at most {most})", count=len(text),
                            most=MAX_NUMBER_CHARS))
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - json only passes valid number text
        return _Odd(text, _("is not a number"))


def _integer(text: str) -> object:
    if len(text.lstrip("-")) > MAX_NUMBER_CHARS:
        return _Odd(text, _("a number of {count} digits is not plausible (at most {most})", count=len(text),
                            most=MAX_NUMBER_CHARS))
    return int(text)


def _constant(text: str) -> _Odd:
    return _Odd(text, _("{text} is not a number: give a finite number", text=text))


def _decode(raw: bytes) -> str:
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(raw) >= 2 and (raw[0] == 0 or raw[1] == 0)):
        raise _Refused(_("the file is UTF-16 (or other two-byte) text: save it as UTF-8"))
    if raw.startswith(b"\xef\xbb\xbf"):  # a UTF-8 byte-order mark changes no value: accepted
        raw = raw[3:]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _Refused(_("the file is not UTF-8 text (byte {byte} cannot be read)", byte=exc.start + 1)) from None


_KEY = re.compile(r'"([^"\\]{1,64})"\s*:')


_DEEP = re.compile(r"[\[{](?:\s*[\[{]){%d}" % MAX_DEPTH)


def _last_key(doc: str, pos: int) -> str | None:
    """The last field name before a syntax error, so the line names a field."""
    found = None
    for match in _KEY.finditer(doc, max(0, pos - 2000), pos):
        found = match.group(1)
    return found


class _Refused(Exception):
    pass


#: The JSON reader's own words for where a file stops being JSON (shown translated; English as it says them).
JSON_PROBLEMS = (N_("Expecting value"), N_("Expecting ':' delimiter"), N_("Expecting ',' delimiter"),
                 N_("Expecting property name enclosed in double quotes"), N_("Extra data"),
                 N_("Unterminated string starting at"), N_("Invalid control character at"), N_("Invalid \\escape"),
                 N_("Invalid \\uXXXX escape"), N_("Unexpected UTF-8 BOM (decode using utf-8-sig)"))


def load_case_json(text: str | bytes) -> tuple[object, list[str]]:
    """The parsed JSON with numbers as Decimal/int, and the problems found (empty: strictly valid JSON types)."""
    size = len(text)  # characters or bytes: either way a bound on the work
    if size > MAX_FILE_BYTES:
        return None, [_("the file is {size} bytes; a case file is at most {most} bytes", size=f"{size:,}",
                        most=f"{MAX_FILE_BYTES:,}")]
    try:
        if isinstance(text, bytes):
            text = _decode(text)
        elif text.startswith("\ufeff"):
            text = text[1:]
        if text.startswith("\ufeff"):  # a second mark: json.loads's own refusal, word for word
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        data = _quick(text)
        if data is not None:  # the usual file, read in one pass of json's own scanner: nothing to report
            return data, []
        data = _DECODER.decode(text)  # = json.loads(text, <the hooks>), without building a decoder per file
    except _Refused as exc:
        return None, [_("not valid JSON: {problem}", problem=exc)]
    except json.JSONDecodeError as exc:
        near = _last_key(exc.doc, exc.pos)
        if near:
            return None, [_("not valid JSON: {problem} at line {line}, column {column} (in or after the field "
                            "{field})", problem=translate_text(exc.msg), line=exc.lineno, column=exc.colno, field=repr(near))]
        return None, [_("not valid JSON: {problem} at line {line}, column {column}",
                        problem=translate_text(exc.msg), line=exc.lineno, column=exc.colno)]
    except RecursionError:
        deep = _DEEP.search(text)
        near = _last_key(text, deep.start()) if deep else None
        if near:
            return None, [_("not valid JSON: the field {field} is nested too deeply (a case file nests at most "
                            "{most} levels)", field=repr(near), most=MAX_DEPTH)]
        return None, [_("not valid JSON: nested too deeply (a case file nests at most {most} levels)",
                        most=MAX_DEPTH)]
    if _clean(data, _READY):  # the usual file: every field known, of its type, within the limits
        return data, []
    problems: list[FieldProblem] = []
    _walk(data, _SHAPE, (), 0, problems)
    messages = [str(p) for p in problems[:MAX_PROBLEMS]]
    if len(problems) > MAX_PROBLEMS:
        messages.append(_("… and more problems: only the first {count} are listed", count=MAX_PROBLEMS))
    return data, messages


_DECODER = json.JSONDecoder(object_pairs_hook=_pairs, parse_float=_number, parse_int=_integer,
                            parse_constant=_constant)

#: The JSON types (as parsed here) each kind of leaf takes without a problem.
_ACCEPTS = {TEXT: (str,), NUMBER: (int, Decimal), WHOLE: (int,), BOOL: (bool,)}


class _Fields(NamedTuple):
    """A shape of :data:`_SHAPE` made ready for :func:`_clean`: per field, the set of JSON types its value may
    have (null included: the schema decides where null is allowed), or the shape of its value (another
    ``_Fields``, or a one-item list for a list)."""

    fields: dict
    star: object  # what any other key takes (None: no other key is a field of the format)
    same: frozenset | None  # every field takes these types ("answers": true or false): checked in one set test


_NONE = type(None)


def _prepare(shape):
    if type(shape) is str:
        return frozenset(_ACCEPTS[shape] + (_NONE,))
    if type(shape) is list:
        return [_prepare(shape[0])]
    fields = {key: _prepare(sub) for key, sub in shape.items() if key != "*"}
    star = _prepare(shape["*"]) if "*" in shape else None
    same = star if not fields and type(star) is frozenset and str not in star else None
    return _Fields(fields, star, same)


def _clean(value: object, shape) -> bool:
    """True only if :func:`_walk` would find no problem in ``value``: one quick pass over a usual file.

    Stricter than the walk (an unknown field, or anything unusual, gives False), never looser: on False
    the file is walked in full, and the walk alone words the problems.
    """
    if type(shape) is _Fields:
        if type(value) is not _Object or value.duplicates or len(value) > MAX_OBJECT_KEYS:
            return False
        if shape.same is not None:  # every value one of a few types (answers: true, false or null)
            return set(map(type, value.values())) <= shape.same
        fields, star = shape.fields, shape.star
        items = value.items()
    else:
        if type(value) is not list or len(value) > MAX_LIST_ITEMS:
            return False
        fields, star = _NO_FIELDS, shape[0]
        items = ((None, item) for item in value)
    for key, item in items:
        sub = fields.get(key, star)
        if sub is None:
            return False  # not a field of the format
        if type(sub) is frozenset:
            kind = type(item)
            if kind not in sub or (kind is str and len(item) > MAX_STRING_CHARS):
                return False
        elif item is not None and not _clean(item, sub):
            return False
    return True


_NO_FIELDS: dict = {}
_READY = _prepare(_SHAPE)


# --- The usual file, read without a Python call per object or whole number ----------------------------------
#
# json's C scanner makes plain dicts and Python ints itself; only numbers with a fraction or an exponent go
# through :func:`_number` (their length cannot be told from the Decimal). What the hooks were for is then
# proved of the result, or the file is read again the long way above (which words every problem):
# * a whole number longer than MAX_NUMBER_CHARS digits: a JSON integer is written in its own digits (no leading
#   zeros), so its length is that of the value's; one as long is refused by ``_integer`` and sends the file the
#   long way (any failure to read, such as a number Python will not convert, too);
# * a key given twice: every pair of an object has exactly one ":" outside strings, so when the file's ":"s are
#   as many as the keys read plus the ":"s inside the texts read (none written as an escape), no pair was lost.

_QUICK_DECODER = json.JSONDecoder(parse_float=_number, parse_constant=_constant)
_WHOLE_LIMIT = 10 ** MAX_NUMBER_CHARS  # the first whole number with more than MAX_NUMBER_CHARS digits


def _quick(text: str):
    """The file's data when it is usual (what the long way reads, and no problem in it), else None."""
    try:
        data = _QUICK_DECODER.decode(text)
    except Exception:  # noqa: BLE001 - whatever the scanner refuses is refused, worded, the long way
        return None
    keys = _quick_clean(data, _READY)
    if keys < 0:
        return None
    colons = text.count(":")
    if colons != keys:
        if "\\u003a" in text or "\\u003A" in text or colons != keys + _colons_in_texts(data):
            return None
    return data


def _quick_clean(value: object, shape) -> int:
    """:func:`_clean` for the plain dicts of :data:`_QUICK_DECODER` (whole numbers checked for length too): the
    number of keys of every object in ``value``, or -1 when the long way must read the file."""
    if type(shape) is _Fields:
        if type(value) is not dict or len(value) > MAX_OBJECT_KEYS:
            return -1
        keys = len(value)
        if shape.same is not None:  # every value one of a few types (answers: true, false or null)
            return keys if set(map(type, value.values())) <= shape.same else -1
        fields, star = shape.fields, shape.star
        items = value.items()
    else:
        if type(value) is not list or len(value) > MAX_LIST_ITEMS:
            return -1
        keys = 0
        fields, star = _NO_FIELDS, shape[0]
        items = ((None, item) for item in value)
    for key, item in items:
        sub = fields.get(key, star)
        if sub is None:
            return -1  # not a field of the format
        if type(sub) is frozenset:
            kind = type(item)
            if kind not in sub or (kind is str and len(item) > MAX_STRING_CHARS) or (
                    kind is int and not -_WHOLE_LIMIT < item < _WHOLE_LIMIT):
                return -1
        elif item is not None:
            inner = _quick_clean(item, sub)
            if inner < 0:
                return -1
            keys += inner
    return keys


def _colons_in_texts(value: object) -> int:
    """The ":"s inside the keys and texts of ``value`` (objects, lists and leaves, as read)."""
    found = 0
    kind = type(value)
    if kind is dict:
        found = "".join(value).count(":")
        value = value.values()
    for item in value:
        kind = type(item)
        if kind is str:
            found += item.count(":")
        elif kind is dict or kind is list:
            found += _colons_in_texts(item)
    return found


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, Decimal)):
        return _("a number")
    if isinstance(value, str):
        return _("text")
    if isinstance(value, list):
        return _("a list")
    return _("an object")


def _shown(value: object) -> str:
    if isinstance(value, str):
        short = value if len(value) <= 20 else value[:20] + "…"
        return _("text {text}", text=json.dumps(short, ensure_ascii=False))
    if isinstance(value, Decimal):
        return _("the number {value}", value=value)
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, int):
        return _("the number {value}", value=value)
    return _json_type(value)


def _walk(value: object, shape: object, path: tuple, depth: int, problems: list[FieldProblem]) -> None:
    if len(problems) > MAX_PROBLEMS:
        return
    if depth > MAX_DEPTH:
        problems.append(FieldProblem(path, _("is nested too deeply (at most {most} levels)", most=MAX_DEPTH)))
        return
    if isinstance(value, _Odd):
        problems.append(FieldProblem(path, value.why))
        return
    if isinstance(value, str):
        if len(value) > MAX_STRING_CHARS:
            problems.append(FieldProblem(path, _("is {count} characters; at most {most}", count=f"{len(value):,}",
                                                 most=f"{MAX_STRING_CHARS:,}")))
            return
    if isinstance(value, dict):
        for key in getattr(value, "duplicates", ()):
            problems.append(FieldProblem(path + (key,), _("is given twice; give each field once")))
        if len(value) > MAX_OBJECT_KEYS:
            problems.append(FieldProblem(path, _("has {count} fields; at most {most}", count=f"{len(value):,}",
                                                 most=MAX_OBJECT_KEYS)))
            return
    if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
        problems.append(FieldProblem(path, _("has {count} entries; at most {most}", count=f"{len(value):,}",
                                             most=MAX_LIST_ITEMS)))
        return
    if value is None:
        return  # null: the field is unknown; the schema decides where null is allowed
    if isinstance(shape, str):
        _check_leaf(value, shape, path, problems)
        return
    if isinstance(shape, dict) and isinstance(value, dict):
        for key, item in value.items():
            sub = shape.get(key, shape.get("*"))
            if sub is None:
                _walk(item, None, path + (key,), depth + 1, problems)  # unknown field: refused by the schema
            else:
                _walk(item, sub, path + (key,), depth + 1, problems)
        return
    if isinstance(shape, list) and isinstance(value, list):
        for index, item in enumerate(value):
            _walk(item, shape[0], path + (index,), depth + 1, problems)
        return
    if shape is None:  # not a field of the format: still bounded, never followed deeper than the limits
        if isinstance(value, dict):
            for key, item in value.items():
                _walk(item, None, path + (key,), depth + 1, problems)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                _walk(item, None, path + (index,), depth + 1, problems)
        return
    if isinstance(shape, dict):
        problems.append(FieldProblem(path, _("must be an object, not {value}", value=_shown(value))))
    else:
        problems.append(FieldProblem(path, _("must be a list, not {value}", value=_shown(value))))


def _check_leaf(value: object, kind: str, path: tuple, problems: list[FieldProblem]) -> None:
    if kind == TEXT:
        if isinstance(value, str):
            return
        problems.append(FieldProblem(path, _("must be text, not {value}", value=_shown(value))))
        return
    if kind == BOOL:
        if isinstance(value, bool):
            return
        problems.append(FieldProblem(path, _("must be true or false, not {value}", value=_shown(value))))
        return
    ok_number = isinstance(value, (int, Decimal)) and not isinstance(value, bool)
    if ok_number and kind == WHOLE and isinstance(value, Decimal):
        problems.append(FieldProblem(path, _("must be a whole number written without a decimal point, not {value}",
                                             value=value)))
        return
    if ok_number:
        return
    hint = ""
    if isinstance(value, str) and any(unicodedata.category(c) == "Nd" and not c.isascii() for c in value):
        hint = _(" (digits must be ASCII 0-9)")
    template = N_("must be a whole number, not {value}{hint}") if kind == WHOLE else N_("must be a number, not {value}{hint}")
    problems.append(FieldProblem(path, _(template, value=_shown(value), hint=hint)))


def dump_json(value: object, level: int = 0) -> str:
    """JSON with 2-space indent; Decimals as exact JSON numbers, dates as YYYY-MM-DD text."""
    pad, inner = "  " * level, "  " * (level + 1)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {dump_json(v, level + 1)}"
                 for k, v in value.items()]
        return "{\n" + ",\n".join(items) + "\n" + pad + "}"
    if isinstance(value, (list, tuple)):
        if not value:
            return "[]"
        return "[\n" + ",\n".join(inner + dump_json(v, level + 1) for v in value) + "\n" + pad + "]"
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"not a finite number: {value}")
        return format(value, "f")
    if isinstance(value, date):
        return json.dumps(value.isoformat())
    return json.dumps(value, ensure_ascii=False)


__all__ = ["dump_json", "load_case_json", "dotted", "MAX_FILE_BYTES", "MAX_DEPTH", "MAX_LIST_ITEMS", "MAX_OBJECT_KEYS",
           "MAX_STRING_CHARS", "MAX_NUMBER_CHARS", "MAX_PROBLEMS"]
