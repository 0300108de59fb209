"""The one place where the core's results become words in the chosen language.

English words stay exactly as the core builds them (JSON, scripts and the English sheet do not
change); Chinese words follow Chinese prescribing practice with the same safety rules as ISMP:
海曲泊帕乙醇胺片 7.5 mg 口服 每日一次; 重组人血小板生成素注射液 (rhTPO) 15,000 单位 皮下注射
每日一次 — never IU, SC, PO, QD or a trailing zero. Dates are ISO with the weekday (English:
"Tue 2026-02-03"; Chinese: "2026-02-03 周二").
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from ..i18n import CHINESE, N_, _, language, translate_text
from .dosing import amount_text, dose_text
from .plan import conditional_key
from .units import format_number
from .words import STATE_WORDS

#: Chinese names on the ward: the product as dispensed (名称 + 剂型).
DRUG_NAMES_ZH = {
    "hetrombopag": "海曲泊帕乙醇胺片",
    "rhTPO": "重组人血小板生成素注射液 (rhTPO)",
}
UNIT_WORDS_ZH = {"units": "单位", "mg": "mg"}
ROUTE_WORDS_ZH = {"oral": "口服", "subcutaneous": "皮下注射"}
FREQUENCY_WORDS_ZH = {"daily": "每日一次"}
WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


#: Short names where no dose is written (a stopped day's one line): the drug, not the product.
DRUG_SHORT_NAMES_ZH = {"hetrombopag": "海曲泊帕", "rhTPO": "rhTPO"}


def drug_name(drug: str, code: str | None = None, short: bool = False) -> str:
    if (code or language()) == CHINESE:
        return (DRUG_SHORT_NAMES_ZH if short else DRUG_NAMES_ZH).get(drug, drug)
    return drug


def dose_words(drug: str, amount: Decimal, unit: str, route: str, frequency: str | None = "daily",
               code: str | None = None) -> str:
    """One dose in words: 'hetrombopag 7.5 mg by mouth daily' / '海曲泊帕乙醇胺片 7.5 mg 口服 每日一次'."""
    if (code or language()) != CHINESE:
        return dose_text(drug, amount, unit, route, frequency)
    words = [drug_name(drug, CHINESE), f"{format_number(amount, 3)} {UNIT_WORDS_ZH.get(unit, unit)}",
             ROUTE_WORDS_ZH[route]]
    if frequency:
        words.append(FREQUENCY_WORDS_ZH[frequency])
    return " ".join(words)


def planned_dose_words(dose, code: str | None = None) -> str:
    """A :class:`~ctit_gui.core.plan.PlannedDose` in words (its English ``text`` unchanged in English)."""
    if (code or language()) != CHINESE:
        return dose.text
    return dose_words(dose.drug, dose.amount, dose.unit, dose.route, dose.frequency, CHINESE)


def amount_words(amount: Decimal, unit: str, code: str | None = None) -> str:
    if (code or language()) != CHINESE:
        return amount_text(amount, unit)
    return f"{format_number(amount, 3)} {UNIT_WORDS_ZH.get(unit, unit)}"


def weekday(day: date, code: str | None = None) -> str:
    return (WEEKDAYS_ZH if (code or language()) == CHINESE else WEEKDAYS_EN)[day.weekday()]


def date_words(day: date | None, code: str | None = None, iso_first: bool = False) -> str:
    """'Tue 2026-02-03' in English ('2026-02-03 Tue' with ``iso_first``), '2026-02-03 周二' in Chinese."""
    if day is None:
        return ""
    if (code or language()) == CHINESE:
        return f"{day.isoformat()} {WEEKDAYS_ZH[day.weekday()]}"
    if iso_first:
        return f"{day.isoformat()} {WEEKDAYS_EN[day.weekday()]}"
    return f"{WEEKDAYS_EN[day.weekday()]} {day.isoformat()}"


def date_text(day: date | None, code: str | None = None) -> str:
    """A date where a line shows one: ISO in English (as scripts and the JSON read it, unchanged), ISO with
    the Chinese weekday in Chinese ('2026-02-03 周二'). Every date shown to a Chinese reader goes through
    this (or :func:`date_words`), so none lacks its weekday."""
    if day is None:
        return ""
    return date_words(day, code) if (code or language()) == CHINESE else day.isoformat()


def problem_text(problem, code: str | None = None) -> str:
    """A worklist problem line (a :class:`~ctit_gui.core.messages.Message`, or text kept as it was recorded)
    in the current language."""
    if hasattr(problem, "render"):
        return problem.render(code)
    return translate_text(str(problem), code)


def id_list(ids) -> str:
    """Ids (criteria, days) listed in the current language: "IN2, IN3" / "IN2、IN3" (the catalogue's one list
    separator)."""
    return _(", ").join(str(i) for i in ids)


def labelled(label: str, text: str) -> str:
    """``text`` after its label in the current language: "Patient id: required" / "患者编号：必填" (the
    catalogue's one separator); ``text`` alone without a label."""
    return label + _(": ") + text if label else text


def arm_words(trial: str | None, arm_id: str, protocols: dict | None = None, code: str | None = None) -> str:
    """An arm where a record names it by its id: the id in English (as scripts, the store and the audit trail
    know it); its label's working translation in another language (对照组：海曲泊帕), the id when the trial has
    no such arm. ``trial`` None (an audit entry that names the arm without its trial): the arm of whichever
    trial has that id, the id when none or several do."""
    code = code or language()
    if code != CHINESE:
        return arm_id
    if protocols is None:
        from .session import default_protocols  # (read only where an arm is worded)

        protocols = default_protocols()
    if trial is not None:
        loaded = protocols.get(trial)
        arms = [loaded.protocol.arm(arm_id)] if loaded else []
    else:
        arms = [loaded.protocol.arm(arm_id) for loaded in protocols.values()]
    labels = {arm.label for arm in arms if arm is not None}
    return protocol_sentence(labels.pop(), code) if len(labels) == 1 else arm_id


#: Words built elsewhere as constants, listed here for the catalogue (shown through _() / tr()).
CATALOGUE_ONLY = (
    N_("site rule — not in registry"),  # core.plan.SITE_RULE_MARK
    N_("CTIT dosing assistant"),  # ctit_gui.PROGRAM_NAME
)

def state_words(key: str, **values) -> str:
    """A fixed state word of ``core.words`` in the current language, blanks filled."""
    return _(STATE_WORDS[key], **values)


def day_state_text(day) -> str | None:
    """:attr:`PlanDay.state_text` in the current language (None for a planned day)."""
    if day.state == "stopped":
        return state_words("stopped", day=day.stop_day)
    if day.state in ("withhold", "held", "do_not_dose"):
        return state_words(day.state)
    return None


def conditional_note(plan, day) -> str | None:
    """The short note of a day whose doses wait for a checkpoint count (:attr:`PlanDay.conditional_on`), as
    the sheet's Notes cell and the window's calendar show it: "only if day 7 PLT < 100 and < 82" (the stop
    rule, with this patient's numbers), "dose per site table after day 7 PLT", "decide per protocol after day
    7 PLT" (:func:`~ctit_gui.core.plan.conditional_key`). None for a day that waits for nothing (stopped,
    held, withhold and do-not-dose days never do). A sign is kept with its number by a no-break space."""
    key = conditional_key(plan, day)
    if key is None:
        return None
    checkpoint = day.conditional_on
    if key == "conditional_stop":
        limits = plan.limits
        limit = format_number(limits.stop_plt_at_least, 2)
        if limits.stop_plt_from_baseline is not None:
            note = _("only if day {day} PLT < {limit} and < {from_baseline}", day=checkpoint, limit=limit,
                     from_baseline=format_number(limits.stop_plt_from_baseline, 2))
        else:
            note = _("only if day {day} PLT < {limit} and rise < {rise}", day=checkpoint, limit=limit,
                     rise=format_number(limits.stop_rise_at_least, 2))
    elif key == "conditional_site":
        note = _("dose per site table after day {day} PLT", day=checkpoint)
    else:
        note = _("decide per protocol after day {day} PLT", day=checkpoint)
    return note.replace("< ", "<\u00a0")


def event_text(event) -> str:
    return event.text_in()


def block_text(plan) -> str | None:
    if plan.dosing_block == "not_eligible":
        return state_words("not_eligible")
    if plan.dosing_block == "incomplete":
        return state_words("incomplete_detail")
    return None


def day_label(day: int) -> str:
    """'day 7' / '第7天'."""
    return _("day {day}", day=day)


def check_day_label(day: int) -> str:
    """The platelet check of a day: 'day 7 PLT check' / '第7天 血常规复查' (never 检查点)."""
    return _("day {day} PLT check", day=day)


def criterion_reason(result, code: str | None = None) -> str:
    """A criterion's reason in the current language (English: the core's ``reason`` unchanged)."""
    code = code or language()
    if code == "en" or result.message is None:
        return result.reason
    return result.message.render(code)


#: Event headings of the command line: the kind in capitals in English (as scripts read them).
EVENT_HEADINGS = {
    "stop": N_("STOP"), "rescue": N_("RESCUE"), "incomplete": N_("INCOMPLETE"), "response": N_("RESPONSE"),
    "dose_adjustment": N_("DOSE_ADJUSTMENT"), "dose_review": N_("DOSE_REVIEW"), "overdue": N_("OVERDUE"),
    "grade4": N_("GRADE4"),
}


def event_heading(kind: str) -> str:
    return _(EVENT_HEADINGS[kind]) if kind in EVENT_HEADINGS else kind.upper()


def protocol_sentence(english: str | None, code: str | None = None) -> str:
    """A protocol file's sentence in the current language: its working translation, else the English.

    A site rule written "site rule — not in registry: <sentence>" is translated in both parts.
    """
    code = code or language()
    if not english or code != CHINESE:
        return english or ""
    from .protocol_translation import sentence_translation  # (read only where a sentence is translated)

    found = sentence_translation(english, code)
    if found:
        return found
    mark = STATE_WORDS["site_rule"]
    if english.startswith(mark):
        rest = english[len(mark):].lstrip(": ")
        head = _(mark)
        return f"{head}：{protocol_sentence(rest, code)}" if rest else head
    return translate_text(english, code)  # a fixed word of the program ("checkpoint schedule"), else as it is
