"""The note of a dose that waits for a checkpoint count, worded once in the core for the sheet's Notes cell
and the window's calendar (``render.conditional_note``): the stop rule with this patient's numbers, the site
table, or a decision per protocol; nothing for a day that waits for nothing."""

from datetime import date

from ctit_gui import i18n
from ctit_gui.core.eligibility import Eligibility
from ctit_gui.core.plan import build_plan
from ctit_gui.core.protocol import SiteDoseTable, with_site_table
from ctit_gui.core.render import conditional_note

from .factories import FUJIAN, SYSU
from .helpers import check, make_case

BEFORE_DAY1 = date(2026, 1, 1)
NBSP = "\u00a0"


def _plan(protocols, trial=SYSU, loaded=None, **changes):
    case = make_case(trial, **changes)
    return build_plan(loaded or protocols[trial], case, BEFORE_DAY1, Eligibility(trial, case.arm, "eligible", ()))


def _notes(plan) -> list[str | None]:
    return [conditional_note(plan, day) for day in plan.days]


def test_doses_from_the_day_7_check_on_are_given_only_below_this_patients_stop_numbers(protocols):
    note = f"only if day 7 PLT <{NBSP}100 and <{NBSP}82"  # baseline 32 + 50
    assert _notes(_plan(protocols)) == [None] * 6 + [note] * 8


def test_without_a_baseline_the_note_names_the_rise(protocols):
    plan = _plan(protocols, labs={})
    assert _notes(plan)[7] == f"only if day 7 PLT <{NBSP}100 and rise <{NBSP}50"


def test_the_note_in_chinese_is_the_catalogues(protocols):
    with i18n.using("zh_CN"):
        assert _notes(_plan(protocols))[7] == f"仅当第7天 PLT <{NBSP}100 且 <{NBSP}82 时给药"


def test_stopped_and_withheld_days_wait_for_nothing(protocols):
    plan = _plan(protocols, platelet_checks=[check(7, 140)])
    assert [d.state for d in plan.days[6:]] == ["withhold"] + ["stopped"] * 7
    assert _notes(plan) == [None] * 14


def test_a_count_below_the_stop_rule_leaves_days_8_and_9_certain(protocols):
    note = f"only if day 10 PLT <{NBSP}100 and <{NBSP}82"
    assert _notes(_plan(protocols, platelet_checks=[check(7, 60)])) == [None] * 9 + [note] * 5


def test_nct07243418_doses_wait_for_the_site_table_or_the_decision_per_protocol(protocols):
    table = SiteDoseTable.model_validate({
        "format": "ctit-site-dose-table/1", "trial": FUJIAN, "drug": "hetrombopag",
        "rows": [{"plt": {"below": 50}, "action": "dose", "amount": 7.5, "unit": "mg", "source": "test row"}]})
    loaded = with_site_table(protocols[FUJIAN], table)
    # nothing counted yet: the earliest pending count (day 7) decides every later day
    assert _notes(_plan(protocols, FUJIAN, loaded=loaded)) == [None] * 7 + ["dose per site table after day 7 PLT"] * 7
    reviewed = _plan(protocols, FUJIAN, platelet_checks=[check(7, 96)])  # no table: DOSE REVIEW
    assert _notes(reviewed) == \
        [None] * 7 + ["decide per protocol after day 7 PLT"] * 3 + ["decide per protocol after day 10 PLT"] * 4
