"""Language at run time: placeholder safety, choosing the language, protocol translations, doses, dates, glyphs."""

from __future__ import annotations

import gettext
import json
from datetime import date
from decimal import Decimal

import pytest

from ctit_gui import i18n
from ctit_gui.core import render
from ctit_gui.core.dosing import ismp_problems
from ctit_gui.core.errors import InputError
from ctit_gui.core.protocol_translation import NOTICE, load_translation, protocol_translation, translatable_sentences

from .catalogue import ROOT, every_chinese_string


class _Broken(gettext.NullTranslations):
    """A catalogue whose translator dropped the dose placeholder and renamed another."""

    WORDS = {"Give {dose} today": "今天给药", "Day {day}": "第{days}天", "Hello {name}": "你好 {name}"}

    def gettext(self, message):
        return self.WORDS.get(message, message)

    def pgettext(self, context, message):
        return message


@pytest.fixture
def broken_catalogue(monkeypatch):
    monkeypatch.setitem(i18n._catalogues, "zh_CN", _Broken())
    i18n._checked.clear()
    yield
    i18n.clear_cache()


def test_a_translation_that_drops_or_renames_a_placeholder_falls_back_to_the_source(broken_catalogue, capsys):
    with i18n.using("zh_CN"):
        assert i18n._("Give {dose} today", dose="7.5 mg") == "Give 7.5 mg today"
        assert i18n._("Day {day}", day=7) == "Day 7"
        assert i18n._("Hello {name}", name="张三") == "你好 张三"
    assert "changes its placeholders" in capsys.readouterr().err


def test_placeholders_are_compared_with_their_format_and_qt_markers():
    assert i18n.placeholders("{a} and {b:,}") == ("{a}", "{b:,}")
    assert i18n.placeholders("%1 of %n") == ("%1", "%n")
    assert i18n.placeholders("within 10 % of") == ()
    assert i18n.placeholders("{broken") == ("<invalid>",)


@pytest.mark.parametrize("code,expected", [("zh_CN", "zh_CN"), ("zh-CN", "zh_CN"), ("zh_CN.UTF-8", "zh_CN"),
                                           ("zh", "zh_CN"), ("en", "en"), ("en_US", "en"), ("C", "en")])
def test_language_codes_are_normalized(code, expected):
    assert i18n.normalize(code) == expected


def test_an_unknown_language_is_refused_with_the_allowed_ones():
    with pytest.raises(i18n.LanguageError, match="allowed: en, zh_CN"):
        i18n.normalize("fr")


@pytest.mark.parametrize("locale,expected", [("zh_CN", "zh_CN"), ("zh_TW", "zh_CN"), ("zh_HK", "zh_CN"),
                                             ("en_GB", "en"), ("de_DE", "en"), ("", "en"), (None, "en")])
def test_first_start_follows_the_system_locale(locale, expected):
    assert i18n.system_language(locale) == expected


def test_using_restores_the_language_after_the_block():
    assert i18n.language() == "en"
    with i18n.using("zh_CN"):
        assert i18n._("Patient id") == "患者编号"
    assert i18n._("Patient id") == "Patient id"


# --- doses and dates --------------------------------------------------------------------------

@pytest.mark.parametrize("drug,amount,unit,route,chinese", [
    ("hetrombopag", "7.5", "mg", "oral", "海曲泊帕乙醇胺片 7.5 mg 口服 每日一次"),
    ("rhTPO", "15000", "units", "subcutaneous", "重组人血小板生成素注射液 (rhTPO) 15,000 单位 皮下注射 每日一次"),
    ("hetrombopag", "5.0", "mg", "oral", "海曲泊帕乙醇胺片 5 mg 口服 每日一次"),
])
def test_chinese_dose_words_follow_prescribing_practice(drug, amount, unit, route, chinese):
    text = render.dose_words(drug, Decimal(amount), unit, route, "daily", "zh_CN")
    assert text == chinese
    assert ismp_problems(text) == []
    english = render.dose_words(drug, Decimal(amount), unit, route, "daily", "en")
    assert "mg" in english or "units" in english


def test_chinese_dates_are_iso_with_the_chinese_weekday():
    assert render.date_words(date(2026, 2, 3), "zh_CN") == "2026-02-03 周二"
    assert render.date_words(date(2026, 2, 8), "zh_CN") == "2026-02-08 周日"
    assert render.date_words(date(2026, 2, 3), "en") == "Tue 2026-02-03"


# --- protocol translations -----------------------------------------------------------------------

@pytest.mark.parametrize("trial", ["NCT07334093", "NCT07243418"])
def test_every_protocol_sentence_has_a_current_chinese_translation(trial):
    translation = load_translation(trial, "zh_CN")
    assert translation is not None
    assert translation.stale == ()
    assert translation.missing == ()
    assert translation.notice == NOTICE
    sentences = translatable_sentences(json.loads((ROOT / "resources" / "protocols" / f"{trial}.json").read_text()))
    assert len(sentences) > 30
    for key, english in sentences.items():
        assert translation.text(english), key


def test_a_changed_registry_sentence_loses_its_translation_until_it_is_confirmed(tmp_path):
    protocol = json.loads((ROOT / "resources" / "protocols" / "NCT07334093.json").read_text(encoding="utf-8"))
    protocol["stop_rule"]["source"] = "Stop study drug if PLT ≥150×10⁹/L."
    changed = tmp_path / "NCT07334093.json"
    changed.write_text(json.dumps(protocol), encoding="utf-8")
    translation = load_translation("NCT07334093", "zh_CN", changed)
    assert translation.stale == ("stop_rule/source",)
    assert "stop_rule/source" in translation.missing
    assert translation.text("Stop study drug if PLT ≥150×10⁹/L.") is None
    assert translation.key("criteria/IN1/text") == "年龄 18–75 岁（含），性别不限。"


def test_a_translation_file_for_another_trial_is_refused(tmp_path, monkeypatch):
    from ctit_gui.core import protocol_translation as module

    source = ROOT / "resources" / "i18n" / "protocols" / "NCT07334093.zh_CN.json"
    document = json.loads(source.read_text(encoding="utf-8"))
    document["trial"] = "NCT07243418"
    bad = tmp_path / "NCT07334093.zh_CN.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(module, "translation_path", lambda trial, language: bad)
    with pytest.raises(InputError, match="must be the zh_CN translation of NCT07334093"):
        load_translation("NCT07334093", "zh_CN")


def test_english_has_no_protocol_translation():
    assert protocol_translation("NCT07334093", "en") is None


# --- the embedded font covers every Chinese word ---------------------------------------------------

def test_every_chinese_string_has_a_glyph_in_the_embedded_font():
    from ctit_gui.sheet.fonts import missing_glyphs

    sources = {f"po {k!r}": k for k in __import__("tests.i18n.catalogue", fromlist=["po_entries"]).po_entries()}
    missing = {}
    for where, text in every_chinese_string().items():
        # a symbol the English source already uses (the window's ⚠) is the window's font's business
        lacking = missing_glyphs(text) - missing_glyphs(sources.get(where, ""))
        if lacking:
            missing[where] = sorted(lacking)
    assert missing == {}
