"""The dialogs and pages the main-window walk does not reach, in Simplified Chinese: the Today page (the
ward's worklist), the close-case dialog, the sign-in dialogs of both stores and the lab-import preview.
Nothing left in English but ids, units, codes, registry quotes and what the ward typed (the same allow-list
as the window's walk)."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QDialog

from ctit_gui.store import open_store
from ctit_gui.ui.dialogs.sign_in import SignInDialog
from ctit_gui.ui.ward.today_view import CloseCaseDialog
from tests.ward import WARD_DAY, ward_cases

from .english_walk import english_words, registry_sentences, typed_values, visible_strings
from .store_windows import store_window  # noqa: F401 (fixture)
from .test_chinese_window import chinese  # noqa: F401 (fixture)
from .test_lab_import_window import LAB_DAY, SAMPLES, _open_sample_case, drop_file

#: A stored case's field named in a problem line ("arm: …"), as the case file names it.
_FIELD = re.compile(r"(?:(?<=^)|(?<=\s))[a-z_]+(?:\.[a-z_]+)*(?=: )")


def _english_left(widget, data: set[str]) -> dict[str, list[str]]:
    quotes = registry_sentences()
    typed = typed_values(widget) | data
    left = {f"{where}: {text[:90]!r}": words for where, text in visible_strings(widget)
            if (words := english_words(_FIELD.sub(" ", text), quotes, typed))}
    return left


@pytest.fixture
def zh_ward(chinese, protocols, ward_store):  # noqa: F811
    with open_store(protocols=protocols, user="nurse.a") as store:
        return {case.patient.id: store.create_case(case).case_id for case in ward_cases()}


def _ward_data() -> set[str]:
    """Patient ids and arm ids as the ward's cases have them, and the user's name."""
    data = {"nurse.a"}
    for case in ward_cases():
        data |= {case.patient.id, case.arm}
    return data


def test_the_today_page_reads_in_chinese(zh_ward, store_window):  # noqa: F811
    window = store_window()
    assert window.today_page.showing_today and window.today_page.view.isVisible()
    assert window.today_page.view.model.rowCount() > 20
    assert _english_left(window, _ward_data()) == {}
    assert window.today_page.view.title.text() == f"今日 — {WARD_DAY.isoformat()} 周一"


def test_the_close_case_dialog_reads_in_chinese(zh_ward, store_window, monkeypatch):  # noqa: F811
    window = store_window()
    seen = {}

    def answer(dialog):
        dialog.show()
        seen["left"] = _english_left(dialog, _ward_data())
        seen["title"] = dialog.windowTitle()
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(CloseCaseDialog, "exec", answer)
    window.today_page.close_stored_case(zh_ward["S01-SCREEN"])
    assert seen["left"] == {} and "S01-SCREEN" in seen["title"]


@pytest.mark.parametrize("postgres", [True, False])
def test_the_sign_in_dialogs_read_in_chinese(chinese, qtbot, postgres):  # noqa: F811
    where = "host=ward-db dbname=ctit" if postgres else "/srv/ctit/ward"
    dialog = SignInDialog(None, postgres=postgres, where=where, name="", problem="")
    qtbot.addWidget(dialog)
    dialog.show()
    assert _english_left(dialog, {where, "Kerberos"}) == {}  # a product's name, like PostgreSQL


def test_the_lab_import_preview_reads_in_chinese(chinese, qtbot, store_window, dialogs):  # noqa: F811
    window = store_window(today=LAB_DAY)
    _open_sample_case(window, dialogs)
    for sample in ("hl7/oru-utf8-loinc.hl7",):
        path = SAMPLES / sample
        dialog = drop_file(qtbot, window, path)
        # what the file says, verbatim: its name, format, message and segment ids, units and codes as sent
        sent = {dialog.preview.source, path.name, "HL7", "FHIR"}
        for item in dialog.preview.items:
            r = item.result
            sent |= {r.source, *r.source.replace(",", " ").split(), r.unit or "", r.range_unit or "",
                     r.code, r.name or "", r.status_sent}
        assert _english_left(dialog, sent) == {}, sample
        assert "第3天 PLT" in [dialog.table.item(row, 1).text() for row in range(dialog.table.rowCount())]
        # the stop rule quoted for a new baseline: its working translation, labelled, beside the registry's words
        effect = next(e for item in dialog.preview.items for e in item.effects if e.startswith("停药界值"))
        assert "译文仅供参考" in effect and "英文原文：Stop study drug if PLT" in effect, effect
        dialog.reject()


@pytest.mark.parametrize("name, content, expected", [
    ("results.csv", b"PLT,33\n", "results.csv：既不是 FHIR R4 JSON 资源，也不是 HL7 v2 消息（HL7 文件以 MSH 开头，"
                                  "FHIR 文件以 { 开头）"),
    ("admission.hl7", b"MSH|^~\\&|LIS|SYSU|CTIT|WARD|20261112101500||ADT^A01|T-1|P|2.5.1|||||CHN|UNICODE UTF-8\r",
     "admission.hl7：第 1 条消息是 ADT^A01，不是结果消息 ORU^R01"),
])
def test_a_result_file_the_window_cannot_import_is_refused_in_chinese(chinese, qtbot, store_window, dialogs,  # noqa: F811
                                                                       tmp_path, name, content, expected):
    """File → Import lab results… (here a dropped file) with a file that is no lab result file: one warning in
    Chinese naming the file (it was English whatever the language); no preview opens."""
    window = store_window(today=LAB_DAY)
    _open_sample_case(window, dialogs)
    path = tmp_path / name
    path.write_bytes(content)
    assert drop_file(qtbot, window, path, expect_dialog=False) is None
    kind, title, text = dialogs.shown[-1]
    assert (kind, title, text) == ("warning", "无法导入化验结果", expected)
    file_words = {name, "FHIR", "R4", "HL7", "v2", "MSH", "ORU^R01", "ADT^A01"}  # as the file and the standard spell them
    assert english_words(text, registry_sentences(), file_words) == []
