"""The ward case list: every stored case, searched by patient id, trial, arm or status; Enter opens one."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from PySide6.QtCore import QModelIndex, Qt

from ctit_gui.store import open_store
from ctit_gui.ui.ward.case_list import (
    COL_ALERT,
    COL_CHANGED,
    COL_NEXT,
    COL_PATIENT,
    COL_VERDICT,
    COL_STATUS,
    CaseFilter,
    CaseIdRole,
    CaseListModel,
    status_words,
)

from .bedside import choose, type_into
from .conftest import AFTER_EXAMPLES, EXAMPLES_DIR
from .store_windows import WARD_DAY, store_window  # noqa: F401 (fixture)

EXAMPLES = ("nct07334093-experimental-eligible.json", "nct07334093-control-rescue.json",
            "nct07243418-primary-dose-review.json", "nct07243418-secondary-nadir-ineligible.json")


@pytest.fixture
def ward(protocols):
    """Four cases in the test's store: SYSU-0042 stopped on day 7, SYSU-0107 on treatment day 7, two screening."""
    from ctit_gui.core.session import read_case

    with open_store(protocols=protocols, user="nurse.a") as store:
        ids = {}
        for name in EXAMPLES:
            case = read_case(EXAMPLES_DIR / name, protocols)
            ids[case.patient.id] = store.import_case(case, source=name, source_sha256="0" * 64).case_id
    return ids


def _shown(window) -> list[str]:
    proxy = window.ward.case_list.proxy
    return sorted(proxy.index(row, COL_PATIENT).data() for row in range(proxy.rowCount()))


def test_the_list_shows_every_case_with_the_status_the_store_derived(store_window, ward, protocols):
    window = store_window()
    # with open cases the Today page comes first (issue 16); Ctrl+L brings the list of every case
    assert window.today_page.showing_today and not window.ward.case_list.isVisible()
    window.ward.show_case_list()
    assert window.ward.case_list.isVisible()
    model = window.ward.case_list.model
    with open_store(protocols=protocols) as store:
        expected = {s.patient_id: status_words(s.status) for s in store.list_cases(today=WARD_DAY)}
    shown = {model.index(r, COL_PATIENT).data(): model.index(r, COL_STATUS).data() for r in range(model.rowCount())}
    assert shown == expected
    assert shown["SYSU-0042"] == "stopped on day 7" and shown["SYSU-0107"] == "on treatment day 7"
    assert shown["FJCH-2044"] == "screening"
    assert window.ward.case_list.count_label.text() == "4 case(s)"


def test_search_by_patient_id_then_enter_opens_the_case(qtbot, store_window, ward):
    window = store_window()
    window.ward.case_list_action.trigger()  # Ctrl+L: the search field has the keys
    assert window.ward.case_list.search.hasFocus()
    qtbot.keyClicks(window.ward.case_list.search, "0107")
    assert _shown(window) == ["SYSU-0107"]
    assert window.ward.case_list.count_label.text() == "1 of 4 case(s) match"

    qtbot.keyClick(window.ward.case_list.search, Qt.Key.Key_Return)
    assert window.store_session.case_id == ward["SYSU-0107"]
    assert window.state.patient_id == "SYSU-0107" and not window.isWindowModified()
    assert not window.ward.case_list.isVisible(), "the list makes room for the case"
    assert window.calendar.hasFocus()


def test_search_by_status_words_and_by_the_status_filter(qtbot, store_window, ward):
    window = store_window()
    dock = window.ward.case_list
    type_into(qtbot, dock.search, "stopped")
    assert _shown(window) == ["SYSU-0042"]
    type_into(qtbot, dock.search, "screening")
    assert _shown(window) == ["FJCH-2031", "FJCH-2044"]
    type_into(qtbot, dock.search, "NCT07334093 control")  # trial and arm words together
    assert _shown(window) == ["SYSU-0107"]
    type_into(qtbot, dock.search, "")
    choose(qtbot, dock.status_filter, "on_treatment")
    assert _shown(window) == ["SYSU-0107"]
    choose(qtbot, dock.status_filter, "")
    assert len(_shown(window)) == 4


def test_down_then_enter_in_the_table_and_double_click_open_cases(qtbot, store_window, ward):
    window = store_window()
    dock = window.ward.case_list
    type_into(qtbot, dock.search, "FJCH")
    qtbot.keyClick(dock.search, Qt.Key.Key_Down)
    assert dock.table.hasFocus()
    qtbot.keyClick(dock.table, Qt.Key.Key_Down)
    chosen = dock.table.currentIndex().data(CaseIdRole)
    qtbot.keyClick(dock.table, Qt.Key.Key_Enter)
    assert window.store_session.case_id == chosen

    window.ward.case_list_action.trigger()
    type_into(qtbot, dock.search, "SYSU-0042")
    qtbot.waitUntil(lambda: dock.table.visualRect(dock.proxy.index(0, COL_STATUS)).height() > 0)
    where = dock.table.visualRect(dock.proxy.index(0, COL_STATUS)).center()
    qtbot.mouseClick(dock.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    qtbot.mouseDClick(dock.table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    assert window.state.patient_id == "SYSU-0042"


def test_the_list_refreshes_after_a_save_and_keeps_the_sorting_by_last_change(qtbot, store_window, ward):
    window = store_window(today=AFTER_EXAMPLES)  # FJCH-2044 is screened in May: saved on a day after that
    dock = window.ward.case_list
    dock.table.sortByColumn(COL_CHANGED, Qt.SortOrder.DescendingOrder)  # the user sorts by last change
    assert window.ward.open_stored_case(ward["FJCH-2044"])
    type_into(qtbot, window.patient_panel.weight, "57")
    qtbot.waitUntil(lambda: not window.isWindowModified(), timeout=3000)
    assert dock.proxy.index(0, COL_PATIENT).data() == "FJCH-2044", "last changed first"
    row = dock.model.row_of(ward["FJCH-2044"])
    assert dock.model.cases[row].revision == 2


def test_changed_within_filter(store_window, ward):
    window = store_window()
    proxy = window.ward.case_list.proxy
    proxy.set_changed_within(timedelta(days=1))
    assert proxy.rowCount() == 4
    proxy._now = lambda: datetime.now(timezone.utc) + timedelta(days=3)
    proxy.set_changed_within(timedelta(days=1))
    assert proxy.rowCount() == 0


def test_case_list_model_and_filter_pass_the_model_tester(qtmodeltester, ward, protocols):
    model = CaseListModel(protocols)
    qtmodeltester.check(model)
    with open_store(protocols=protocols) as store:
        model.set_cases(store.list_cases(today=WARD_DAY))
    qtmodeltester.check(model)
    proxy = CaseFilter()
    proxy.setSourceModel(model)
    qtmodeltester.check(proxy)
    proxy.set_search("sysu")
    qtmodeltester.check(proxy)
    assert proxy.rowCount() == 2
    assert not model.flags(model.index(0, 0)) & Qt.ItemFlag.ItemIsEditable
    assert model.index(0, 0).data(CaseIdRole) in ward.values()
    assert model.data(QModelIndex()) is None


def test_the_list_and_its_controls_have_accessible_names(store_window, ward):
    dock = store_window().ward.case_list
    for widget in (dock, dock.search, dock.status_filter, dock.changed_filter, dock.table):
        assert widget.accessibleName(), widget


def test_the_list_shows_verdict_most_urgent_alert_and_next_checkpoint_most_urgent_first(store_window, ward):
    """A patient needing RESCUE no longer reads "stopped"/"on treatment" only; NOT ELIGIBLE reads DO NOT DOSE."""
    window = store_window()
    proxy = window.ward.case_list.proxy
    rows = {proxy.index(r, COL_PATIENT).data(): (proxy.index(r, COL_ALERT).data(), proxy.index(r, COL_VERDICT).data(),
                                                 proxy.index(r, COL_NEXT).data()) for r in range(proxy.rowCount())}
    assert rows["SYSU-0107"][0] == "RESCUE — day 7" and rows["SYSU-0107"][1] == "ELIGIBLE"
    assert rows["SYSU-0107"][2] == "day 10 · due 2026-03-19"
    assert rows["SYSU-0042"][0] == "DO NOT DOSE — stopped day 7"
    assert rows["FJCH-2031"][1] == "NOT ELIGIBLE" and rows["FJCH-2031"][0].startswith("DO NOT DOSE — NOT ELIGIBLE")
    order = [proxy.index(r, COL_PATIENT).data() for r in range(proxy.rowCount())]
    assert order[0] == "SYSU-0107", "RESCUE first"
    model = window.ward.case_list.model
    ranks = [model.ward[proxy.index(r, 0).data(CaseIdRole)].urgency for r in range(proxy.rowCount())]
    assert ranks == sorted(ranks), "most urgent first by default"
