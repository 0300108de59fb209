"""The Chinese catalogue: complete, placeholder-exact, accepted by msgfmt --check, with the ward's words."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ctit_gui import i18n
from ctit_gui.core.dosing import ismp_problems

from .catalogue import PO, PROTOCOL_TRANSLATIONS, ROOT, every_chinese_string, po_entries

KEYWORDS = ["-k", "tr", "-k", "_tr", "-k", "translate:2", "-k", "QT_TRANSLATE_NOOP:2", "-k", "_", "-k", "N_"]


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> set[str]:
    """Every translatable source string of the code, as pybabel extracts it (the same keywords as scripts/i18n.sh)."""
    from babel.messages.pofile import read_po

    target = tmp_path_factory.mktemp("pot") / "ctit.pot"
    pybabel = [str(Path(sys.executable).with_name("pybabel"))]
    subprocess.run([*pybabel, "extract", "--no-default-keywords", *KEYWORDS, "-F", "resources/i18n/babel.cfg",
                    "-o", str(target), "."], cwd=ROOT, check=True, capture_output=True)
    with target.open("rb") as handle:
        return {m.id for m in read_po(handle) if m.id}


def test_every_source_string_has_a_chinese_translation(extracted):
    entries = po_entries()
    assert len(extracted) > 250
    untranslated = sorted(s for s in extracted if not entries.get(s, ("", False))[0])
    assert untranslated == [], "run scripts/i18n.sh update and translate: " + repr(untranslated[:20])


def test_no_translation_is_fuzzy(extracted):
    assert [k for k, (_, fuzzy) in po_entries().items() if fuzzy] == []


@pytest.mark.parametrize("source", sorted(po_entries()))
def test_translation_keeps_every_placeholder_of_its_source(source):
    translation, _ = po_entries()[source]
    assert i18n.placeholders(translation) == i18n.placeholders(source), translation


def test_msgfmt_check_accepts_the_catalogue(tmp_path):
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt missing: scripts/setup.sh --test installs Debian's gettext"
    result = subprocess.run([msgfmt, "--check", "--statistics", "-o", str(tmp_path / "ctit.mo"), str(PO)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalogue_is_the_text_one():
    """The .mo the program reads answers every entry of the .po (setup rebuilt it after the last edit)."""
    i18n.clear_cache()
    wrong = {source: translation for source, (translation, _) in po_entries().items()
             if i18n.translate_text(source, i18n.CHINESE) != translation}
    assert wrong == {}, "run scripts/i18n.sh compile"


def test_chinese_words_never_use_checkpoint():
    for where, text in every_chinese_string().items():
        assert "检查点" not in text, where  # oncology wards read it as an immune checkpoint


def test_no_translation_brings_in_an_error_prone_abbreviation_or_trailing_zero():
    """A key named U on the keyboard may stay; a translation adds no IU, SC, PO, QD or 7.50 of its own."""
    accelerator = re.compile(r"\(&.\)|&(?=\w)")  # 更新列表(&U): a key, not a unit
    for source, (translation, _) in po_entries().items():
        assert set(ismp_problems(accelerator.sub("", translation))) <= set(ismp_problems(source)), (source, translation)
    for path in PROTOCOL_TRANSLATIONS:  # a registry quote may keep its own "1.0"; a translation adds none
        for key, entry in json.loads(path.read_text(encoding="utf-8"))["entries"].items():
            assert set(ismp_problems(entry["zh"])) <= set(ismp_problems(entry["en"])), (path.name, key)


def test_lab_results_have_one_chinese_name():
    """The menu, the import dialog and the command line name a lab result file's results alike: 化验结果."""
    for where, text in every_chinese_string().items():
        assert "检验结果" not in text, where


def test_a_check_day_is_blood_routine_recheck():
    entries = po_entries()
    assert entries["day {day} PLT check"][0] == "第{day}天 血常规复查"
    assert entries["PLT checkpoint"][0] == "血常规复查"


def test_msgid_placeholders_are_named():
    """Positional {} cannot be reordered by a translator: every placeholder has a name."""
    for source in po_entries():
        assert not re.search(r"\{\}|\{\d+\}", source), source
