"""Validation problems as one plain sentence per field, in the program's own words.

pydantic's English is not shown raw: each error ``type`` maps to a template
filled from its ``ctx``. The same messages reach the command line and the window.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from ..i18n import N_, _


class InputError(Exception):
    """Input the program refuses; ``messages`` names each field and what is allowed."""

    def __init__(self, messages: list[str]):
        super().__init__("\n".join(messages))
        self.messages = messages


@dataclass(frozen=True)
class FieldProblem:
    location: tuple[str | int, ...]
    message: str

    @property
    def field(self) -> str:
        return dotted(self.location)

    def __str__(self) -> str:
        return f"{self.field}: {self.message}" if self.location else self.message


def dotted(location: tuple[str | int, ...]) -> str:
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += ("." if text else "") + str(part)
    return text


_TEMPLATES: dict[str, str] = {
    "missing": N_("is required"),
    "extra_forbidden": N_("is not a field of this format"),
    "greater_than": N_("must be more than {gt}"),
    "greater_than_equal": N_("must be {ge} or more"),
    "less_than": N_("must be less than {lt}"),
    "less_than_equal": N_("must be {le} or less"),
    "string_too_short": N_("must not be empty"),
    "string_too_long": N_("must be at most {max_length} characters"),
    "too_short": N_("needs at least {min_length} item(s)"),
    "literal_error": N_("must be one of {expected}"),
    "enum": N_("must be one of {expected}"),
    "union_tag_invalid": N_("must be one of {expected_tags}"),
    "union_tag_not_found": N_("needs the key {discriminator}"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "decimal_type": N_("must be a number"),
    "decimal_parsing": N_("must be a number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
    "finite_number": N_("must be a finite number"),
    "string_type": N_("must be text"),
    "dict_type": N_("must be an object"),
    "model_type": N_("must be an object"),
    "model_attributes_type": N_("must be an object"),
    "list_type": N_("must be a list"),
    "date_type": N_("must be a date written YYYY-MM-DD"),
    "date_parsing": N_("must be a real date written YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("must be a real date written YYYY-MM-DD"),
    "date_from_datetime_inexact": N_("must be a date without a time"),
    "string_pattern_mismatch": N_("does not have the expected form"),
    "decimal_max_digits": N_("must have at most {max_digits} digits"),
    "decimal_max_places": N_("must have at most {decimal_places} decimal places"),
}


def _describe(error: dict) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    template = _TEMPLATES.get(kind)
    if template is None:
        return _("is not allowed ({kind})", kind=kind)
    try:
        text = _(template, **ctx)
    except (KeyError, IndexError):
        text = template
    if kind in ("literal_error", "enum", "union_tag_invalid"):
        text = text.replace("'", "")
    if "input" in error and kind not in ("missing", "extra_forbidden") and _is_scalar(error["input"]):
        text += _(" (got {value})", value=repr(error["input"]))
    return text


def _is_scalar(value: object) -> bool:
    return isinstance(value, (str, int, float)) and len(str(value)) <= 40


def _clean_location(location: tuple) -> tuple[str | int, ...]:
    """Drop pydantic's internal location parts (union member names, validator tags)."""
    parts: list[str | int] = []
    for part in location:
        if isinstance(part, str) and (part.startswith("function-") or part in {"[key]"}):
            continue
        parts.append("schema" if part == "schema_" else part)
    return tuple(parts)


def problems_from_validation(exc: ValidationError) -> list[FieldProblem]:
    problems: list[FieldProblem] = []
    for error in exc.errors(include_url=False):
        problem = FieldProblem(_clean_location(error["loc"]), _describe(error))
        if problem not in problems:
            problems.append(problem)
    return problems


def messages_from_validation(exc: ValidationError) -> list[str]:
    return [str(p) for p in problems_from_validation(exc)]
