"""Reasons and event texts as data: a message id and its parameters, rendered in one place.

The core builds :class:`Message` values instead of sentences; :func:`Message.render` turns one
into words in English (the stable ``reason`` / ``text`` of the JSON output) or in the chosen
language (window, sheet, command line). Templates live in :data:`TEMPLATES` (English, marked for
the catalogue); their Chinese is in ``resources/i18n/zh_CN/LC_MESSAGES/ctit.po``.

Parameters are plain text or numbers (already formatted, shown as they are), :class:`Word` (a
fixed English word or phrase, translated), :class:`ProtocolText` (a protocol file's sentence,
shown in its working translation), another :class:`Message`, or a tuple of messages (joined
with "; ").
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from .. import i18n
from ..i18n import N_


class Word(str):
    """A fixed English word or phrase of the program, translated when rendered."""

    __slots__ = ()


class ProtocolText(str):
    """A sentence of a protocol file, rendered in its working translation where there is one."""

    __slots__ = ()


class Drug(str):
    """A drug's name: 'hetrombopag' / '海曲泊帕乙醇胺片'."""

    __slots__ = ()


class When(str):
    """A date, written ISO (YYYY-MM-DD): shown by :func:`ctit_gui.core.render.date_text` (ISO in English, as
    before; ISO with the Chinese weekday in Chinese)."""

    __slots__ = ()


class DoseSpec(NamedTuple):
    """A dose in words, following ISMP in English and Chinese prescribing practice in Chinese."""

    drug: str
    amount: object
    unit: str
    route: str
    frequency: str | None = "daily"


class InLanguage(NamedTuple):
    """Words the core's validation builds with ``_()`` (a field problem): built again, by ``build``, in the
    language they are shown in, so a row kept in a cache never shows the words of an earlier language."""

    build: Callable[[], str]

    def __str__(self) -> str:
        return self.build()


class Words(tuple):
    """Words joined with ", " (each translated)."""

    __slots__ = ()


class Message(NamedTuple):
    id: str
    params: tuple[tuple[str, object], ...] = ()

    def render(self, code: str | None = None) -> str:
        """The message in ``code`` (default: the current language)."""
        code = code or i18n.language()
        template = TEMPLATES[self.id]
        values = {name: render_value(value, code) for name, value in self.params}
        text = i18n.lookup(template, code=code) if code != i18n.ENGLISH else None
        return (text or template).format(**values)

    @property
    def english(self) -> str:
        return _english(self)

    def to_dict(self) -> dict:
        return {"id": self.id, "params": {name: _json_value(value) for name, value in self.params}}

    def to_record(self) -> dict:
        """The message as JSON that keeps each parameter's kind (a word, a protocol sentence, a drug, a dose),
        so a stored record (an audit entry) can be rendered again in any language: :func:`from_record`."""
        return {"id": self.id, "params": {name: _record_value(value) for name, value in self.params}}


def message(message_id: str, **params) -> Message:
    if message_id not in TEMPLATES:
        raise KeyError(f"unknown message id {message_id!r}")
    return _new_message(Message, (message_id, tuple(params.items())))


_new_message = tuple.__new__  # Message(id, params) without the named tuple's keyword handling


_RECORD_KINDS = {"word": Word, "protocol": ProtocolText, "drug": Drug, "date": When}


def _record_value(value):
    if isinstance(value, Message):
        return {"message": value.to_record()}
    if isinstance(value, DoseSpec):
        return {"dose": [value.drug, str(value.amount), value.unit, value.route, value.frequency]}
    if isinstance(value, InLanguage):
        return str(value.build())
    for kind, cls in _RECORD_KINDS.items():
        if isinstance(value, cls):
            return {kind: str(value)}
    if isinstance(value, Words):
        return {"words": [_record_value(v) for v in value]}
    if isinstance(value, tuple):
        return {"all": [_record_value(v) for v in value]}
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


def _from_record_value(value):
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return value
    if not isinstance(value, dict) or len(value) != 1:
        raise ValueError(f"not a recorded message value: {value!r}")
    (kind, inner), = value.items()
    if kind == "message":
        return from_record(inner)
    if kind == "dose":
        from decimal import Decimal

        drug, amount, unit, route, frequency = inner
        return DoseSpec(str(drug), Decimal(str(amount)), str(unit), str(route), frequency)
    if kind in _RECORD_KINDS:
        return _RECORD_KINDS[kind](str(inner))
    if kind in ("words", "all"):
        values = tuple(_from_record_value(v) for v in inner)
        return Words(values) if kind == "words" else values
    raise ValueError(f"not a recorded message value: {value!r}")


def from_record(data) -> Message:
    """The message of :meth:`Message.to_record`; ``ValueError`` for anything else (an unknown id, a record
    written by another version): the caller shows the recorded text instead."""
    if not isinstance(data, dict) or data.get("id") not in TEMPLATES or not isinstance(data.get("params"), dict):
        raise ValueError(f"not a recorded message: {data!r}")
    message_ = Message(data["id"], tuple((str(k), _from_record_value(v)) for k, v in data["params"].items()))
    message_.render(i18n.ENGLISH)  # every placeholder present, every value readable; else ValueError
    return message_


#: English of messages shared between cases (cached lab comparisons return the same objects), by identity; the
#: message is kept beside its text, so its id is not reused while the entry exists.
_SHARED_ENGLISH: dict[int, tuple[Message, str]] = {}


def _english(msg: Message) -> str:
    """``msg.render("en")``, without the catalogue: English is the templates themselves, and every
    kind of text parameter (plain, Word, ProtocolText, Drug) shows in English as it is."""
    known = _SHARED_ENGLISH.get(id(msg))
    if known is not None and known[0] is msg:
        return known[1]
    text = _render_english(msg)
    if len(_SHARED_ENGLISH) >= 2048:
        _SHARED_ENGLISH.clear()
    _SHARED_ENGLISH[id(msg)] = (msg, text)
    return text


def _render_english(msg: Message) -> str:
    values = {}
    for name, value in msg.params:
        kind = type(value)
        if kind is Message:
            value = _english(value)
        elif kind is int:
            value = str(value)
        elif kind is tuple:  # messages joined with "; " (render_value's tuple, in English)
            value = "; ".join([_english(v) if type(v) is Message else render_value(v, i18n.ENGLISH) for v in value])
        elif kind is not str and kind is not Word and kind is not ProtocolText:
            value = render_value(value, i18n.ENGLISH)
        values[name] = value
    return TEMPLATES[msg.id].format_map(values)


def render_value(value, code: str) -> str:
    if isinstance(value, Message):
        return value.render(code)
    if isinstance(value, Word):
        return value if code == i18n.ENGLISH else i18n.translate_text(value, code)
    if isinstance(value, ProtocolText):
        if code == i18n.ENGLISH:
            return str(value)
        from .protocol_translation import sentence_translation

        return sentence_translation(value, code) or str(value)
    if isinstance(value, When):
        from datetime import date

        from .render import date_text

        return date_text(date.fromisoformat(value), code)
    if isinstance(value, Drug):
        from .render import drug_name

        return drug_name(value, code)
    if isinstance(value, DoseSpec):
        from .render import dose_words

        return dose_words(value.drug, value.amount, value.unit, value.route, value.frequency, code)
    if isinstance(value, InLanguage):
        with i18n.using(code):
            return value.build()
    if isinstance(value, Words):  # the language's separators: "、" and "；" in Chinese
        return i18n.translate_text(", ", code).join(render_value(v, code) for v in value)
    if isinstance(value, tuple):
        if code == i18n.ENGLISH:
            return "; ".join([_english(v) if type(v) is Message else render_value(v, code) for v in value])
        return i18n.translate_text("; ", code).join(render_value(v, code) for v in value)
    return str(value)


def _json_value(value):
    if isinstance(value, Message):
        return value.to_dict()
    if isinstance(value, InLanguage):
        return render_value(value, i18n.ENGLISH)
    if isinstance(value, DoseSpec):
        return {"drug": value.drug, "amount": str(value.amount), "unit": value.unit, "route": value.route,
                "frequency": value.frequency}
    if isinstance(value, (Words, tuple)):
        return [_json_value(v) for v in value]
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    return str(value)


#: English templates by message id (the catalogue's msgids).
TEMPLATES: dict[str, str] = {
    # eligibility: attestation, age, ECOG
    "attested_unknown": N_("not yet attested by the clinician"),
    "attested_yes": N_("clinician attests: yes"),
    "attested_no": N_("clinician attests: no"),
    "for_information": N_("for information; does not decide eligibility"),
    "protocol_comment": "{text}",
    "age_unknown_no_screening": N_("age unknown: birth date given but no screening date"),
    "age_not_entered": N_("age not entered"),
    "age_within": N_("age {age} years, within {min}–{max} years (inclusive)"),
    "age_outside": N_("age {age} years, outside {min}–{max} years (inclusive)"),
    "ecog_not_entered": N_("ECOG performance status not entered"),
    "ecog_compare": N_("ECOG {ecog} {comparison} {limit}"),
    "symbol": "{symbol}",
    # labs
    "lab_value": "{name} {value}",
    "lab_converted": "{name} {entered} = {value}",
    "not_entered": N_("{name} not entered"),
    "compare_count": N_("{measured} {comparison} {limit} (CTCAE grade {grade})"),
    "near_limit": N_("{name} within {share} of the {limit} limit: consider re-testing"),
    "with_hint": "{text}; {hint}",
    "uln_needed": N_("{name} {limit} needs the laboratory's upper limit of normal (ULN)"),
    "compare_uln": N_("{measured} = {ratio} × ULN (ULN {uln}) {comparison} {limit} ({limit_value})"),
    "answer_not_used": N_("{reason}; answer “{answer}” {not_used}"),
    "uln_near_limit": N_("{name} {ratio} × ULN, within {share} of the {limit} limit: consider re-testing"),
    # creatinine clearance
    "clearance_unknown": N_("creatinine clearance unknown: {why}"),
    "clearance_compare": N_("creatinine clearance {value} mL/min {comparison} {limit} mL/min ({explanation})"),
    "cockcroft_gault_needs": N_("Cockcroft-Gault needs {missing}"),
    "cockcroft_gault_zero": N_("Cockcroft-Gault needs a serum creatinine above 0"),
    "cockcroft_gault": N_("Cockcroft-Gault (140 − {age} years) × {weight} kg ÷ (72 × {creatinine} mg/dL){factor}"),
    # combinations
    "all": "{parts}",
    "liver_present": N_("with liver metastases: {reason}"),
    "liver_absent": N_("no liver metastases: {reason}"),
    "liver_unknown": N_("liver metastases not recorded: with: {present} | without: {absent}"),
    "liver_unknown_differ": N_("liver metastases not recorded and the limits with and without them give different "
                               "answers: with: {present} | without: {absent}"),
    "not_applicable_no_childbearing": N_("not applicable: woman without childbearing potential"),
    "not_applicable_male": N_("not applicable: male patient"),
    "with_note": "{reason} ({note})",
    # the plan's events
    "plt_at_least": "PLT {plt} ≥ {limit}",
    "plt_below_no_baseline": N_("PLT {plt} < {limit}; baseline PLT missing, so the rise cannot be checked"),
    "plt_rose": N_("PLT {plt} rose {rise} from baseline {baseline} (≥ {rise_limit})"),
    "plt_below_small_rise": N_("PLT {plt} < {limit} and the change from baseline {baseline} is {change} "
                               "(< {rise_limit})"),
    "rescue_at_most": N_("PLT {plt} ≤ {limit}: give rescue therapy ({action})"),
    "rescue_bleeding": N_("PLT {plt} < {limit} with bleeding risk: give rescue therapy ({action})"),
    "rescue_bleeding_unknown": N_("PLT {plt} < {limit} and bleeding risk not recorded: rescue therapy is due if "
                                  "there is bleeding risk — record it"),
    "dose_review": N_("Day {day} PLT {plt}: {why}: decide per protocol"),
    "hold_drug": N_("hold {drug}"),
    "action_from_day": N_("{action} from day {day}"),
    "action_after_course": N_("{action} (after day {day}: the {days}-day course has ended)"),
    "dose_adjustment": N_("Day {day} PLT {plt}: {mark}: {action}"),
    "grade4": N_("Day {day} PLT {plt}: {text}"),
    "stop_tail_from": N_("; no study drug from day {day}"),
    "stop_tail_withhold": N_("; day {day}: {withhold}{rest}"),
    "stop": N_("Day {day}: {why}: stop study drug{tail}"),
    "day_why": N_("Day {day}: {why}"),
    "response": N_("Day {day}: primary endpoint reached: {why}"),
    "overdue": N_("Day {day} PLT check overdue (due {due})"),
    # the ward's worklist: a case it cannot evaluate
    "problem": "{problem}",
    "case_unreadable": N_("the stored case cannot be read"),
    "revision_unreadable": N_("revision {revision} cannot be read by this program: {problem}"),
    "evaluation_failed": N_("the program could not evaluate this case ({error})"),
}

#: Words used as parameters (marked for the catalogue here, where they are listed).
WORDS = (
    N_("PLT"), N_("nadir PLT"), N_("ALT"), N_("AST"), N_("total bilirubin"), N_("creatinine"), N_("INR"),
    N_("creatinine clearance"), N_("age"), N_("weight"), N_("sex"), N_("serum creatinine"),
    N_(" × 0.85 (female)"), N_("sex not recorded"), N_("childbearing potential not recorded"),
    N_("no site dose-adjustment rule configured"), N_("no row of the site dose-adjustment table covers this count"),
    N_("checkpoint schedule"),
)
