"""PySide6's per-module source check, answered from the file's bytes: same answers, no source kept."""

from __future__ import annotations

import importlib
import linecache
import sys

import pytest

from ctit_gui.ui import qt_import_hook

feature = pytest.importorskip("shibokensupport.feature")


def _original():
    check = feature._mod_uses_pyside
    return getattr(check, "original", check)


@pytest.mark.parametrize("name", [
    "ctit_gui.ui.widgets.fields",  # uses PySide6
    "ctit_gui.ui.main_window",
    "ctit_gui.core.case",  # does not
    "json",
    "sys",  # builtin: PySide6's own check answers
    "pydantic_core._pydantic_core",  # compiled extension: PySide6's own check answers
])
def test_the_answer_is_pysides_own(name):
    module = importlib.import_module(name)
    original = _original()
    assert qt_import_hook.uses_pyside(module, original) == original(module)


def test_the_answers_are_not_all_alike():  # the comparison above is not vacuous
    original = _original()
    fields, case = sys.modules["ctit_gui.ui.widgets.fields"], importlib.import_module("ctit_gui.core.case")
    assert qt_import_hook.uses_pyside(fields, original) is True
    assert qt_import_hook.uses_pyside(case, original) is False


def test_installed_once_and_imports_no_longer_fill_linecache(tmp_path, monkeypatch):
    assert qt_import_hook.install() and qt_import_hook.install()
    check = feature._mod_uses_pyside
    assert getattr(check, "original", None) is not None and not hasattr(check.original, "original")
    module_file = tmp_path / "ctit_probe_module_for_hook.py"
    module_file.write_text("from PySide6.QtCore import QObject\nVALUE = 1\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    linecache.clearcache()
    module = __import__("ctit_probe_module_for_hook")  # through the import hook, as an import statement
    try:
        assert module.VALUE == 1
        assert str(module_file) not in linecache.cache
        assert feature.pyside_feature_dict.get("ctit_probe_module_for_hook") == 0  # seen as a PySide6 user
    finally:
        sys.modules.pop("ctit_probe_module_for_hook", None)
