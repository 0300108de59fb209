"""Plan states shared by window, sheet and command line (docs/core-api.md, issue 9).

A patient who must not be dosed gets no dose rows; the stop day's doses are withheld
if not yet given (the program's reading of a silent registry, or the site's policy);
a rescue is current only while no later count supersedes it; NCT07243418 counts get
their CTCAE grade and a grade-4 count raises an event labelled not a registry rule.
"""

import json
import shutil
from datetime import date
from decimal import Decimal

import pytest

from ctit_gui.core.eligibility import Eligibility
from ctit_gui.core.plan import DAY_STATES, build_plan, conditional_key
from ctit_gui.core.protocol import SiteDoseTable, load_protocols, with_site_table
from ctit_gui.core.session import assess
from ctit_gui.core.words import STATE_WORDS
from ctit_gui.resources import protocols_folder

from .factories import FUJIAN, SYSU
from .factories import make_case as eligible_case
from .helpers import check, make_case

BEFORE_DAY1 = date(2026, 1, 1)
STOP_SENTENCE = "Stop study drug if PLT ≥100×10⁹/L or rises ≥50×10⁹/L from baseline."


def plan_for(protocols, trial=SYSU, verdict="eligible", loaded=None, today=BEFORE_DAY1, **changes):
    case = make_case(trial, **changes)
    return build_plan(loaded or protocols[trial], case, today, Eligibility(trial, case.arm, verdict, ()))


# --- who must not be dosed ----------------------------------------------------------------------

@pytest.mark.parametrize(("verdict", "words"), [
    ("not_eligible", "NOT ELIGIBLE — DO NOT DOSE"),
    ("incomplete", "SCREENING INCOMPLETE — DO NOT DOSE until eligibility is confirmed"),
])
def test_a_patient_who_must_not_be_dosed_gets_no_dose_on_any_day(protocols, verdict, words):
    plan = plan_for(protocols, verdict=verdict, arm="rhtpo+hetrombopag")
    assert plan.dosing_block == verdict and plan.block_text == words
    assert all(d.state == "do_not_dose" and d.doses == () for d in plan.days)
    data = plan.to_dict()
    assert data["dosing_block"] == verdict and data["dosing_block_text"] == words
    assert all(d["doses"] == [] and d["state"] == "do_not_dose" for d in data["days"])


def test_the_verdict_is_computed_when_not_given_so_no_plan_quietly_doses(protocols):
    case = make_case(SYSU)  # no attested answers: screening incomplete
    plan = build_plan(protocols[SYSU], case, BEFORE_DAY1)
    assert plan.dosing_block == "incomplete" and all(d.doses == () for d in plan.days)
    assert "IN2" in plan.blocking


def test_not_eligible_lists_the_blocking_criteria(protocols):
    case = eligible_case(SYSU, "hetrombopag", EX2=True)
    assessment = assess(case, protocols, BEFORE_DAY1)
    assert assessment.plan.dosing_block == "not_eligible" and assessment.plan.blocking == ("EX2",)


def test_an_eligible_patient_is_dosed(protocols):
    assessment = assess(eligible_case(SYSU, "hetrombopag"), protocols, BEFORE_DAY1)
    assert assessment.plan.dosing_block is None and assessment.plan.blocking == ()
    assert all(d.state in DAY_STATES and d.doses for d in assessment.plan.days)


# --- the stop day --------------------------------------------------------------------------------

def test_the_stop_day_withholds_its_doses_and_later_days_are_stopped(protocols):
    plan = plan_for(protocols, arm="rhtpo+hetrombopag", platelet_checks=[check(7, 100)])
    day7 = plan.days[6]
    assert day7.state == "withhold" and [d.drug for d in day7.doses] == ["hetrombopag", "rhTPO"]
    assert day7.state_text == STATE_WORDS["withhold"] == "withhold if not yet given — PLT result meets the stop rule"
    assert all(d.state == "stopped" and d.doses == () and d.state_text == "no dose — stopped day 7"
               for d in plan.days[7:])
    reading = plan.stop_day_reading
    assert reading.withhold and not reading.site_rule and reading.source is None
    assert "program's reading" in reading.text
    assert "withhold if not yet given" in next(e for e in plan.events if e.kind == "stop").text


def test_a_count_below_the_stop_rule_leaves_the_day_planned(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, Decimal("81.9"))])  # baseline 32: rise 49.9
    assert plan.days[6].state == "planned" and plan.stop_day is None


def _site_folder(tmp_path, policy: dict | None):
    root = tmp_path / "resources"
    shutil.copytree(protocols_folder(), root / "protocols")
    shutil.copytree(protocols_folder().parent / "site", root / "site")
    if policy is not None:
        (root / "site" / f"{policy['trial']}.stop-day.json").write_text(json.dumps(policy), encoding="utf-8")
    return root / "protocols"


def test_a_site_stop_day_file_states_the_sites_own_policy(protocols, tmp_path):
    policy = {"format": "ctit-site-stop-day/1", "trial": SYSU, "withhold": False,
              "policy": "the stop day's dose is given when the count arrives after the morning round",
              "source": "Ward SOP 12, section 3"}
    loaded = load_protocols(_site_folder(tmp_path, policy))[SYSU]
    plan = plan_for(protocols, loaded=loaded, platelet_checks=[check(7, 120)])
    reading = plan.stop_day_reading
    assert reading.site_rule and not reading.withhold and reading.source == "Ward SOP 12, section 3"
    assert reading.text.startswith("site rule — not in registry")
    assert plan.days[6].state == "planned" and plan.days[6].doses
    assert all(d.state == "stopped" for d in plan.days[7:])
    assert plan.to_dict()["stop_day_reading"]["source"] == "Ward SOP 12, section 3"


def test_a_stop_day_file_for_a_trial_without_stop_rule_is_refused(tmp_path):
    from ctit_gui.core.errors import InputError

    policy = {"format": "ctit-site-stop-day/1", "trial": FUJIAN, "withhold": True, "policy": "x", "source": "y"}
    with pytest.raises(InputError, match="no stop rule"):
        load_protocols(_site_folder(tmp_path, policy))


def test_nct07243418_has_no_stop_day_reading(protocols):
    assert plan_for(protocols, FUJIAN).stop_day_reading is None


# --- doses that depend on a count not yet recorded ------------------------------------------------

def test_days_from_an_unrecorded_checkpoint_are_conditional_on_its_count(protocols):
    plan = plan_for(protocols)
    assert [d.conditional_on for d in plan.days] == [None] * 6 + [7] * 8
    plan = plan_for(protocols, platelet_checks=[check(7, 40)])
    assert [d.conditional_on for d in plan.days] == [None] * 9 + [10] * 5


def test_nct07243418_doses_from_the_day_after_a_checkpoint_follow_the_site_table(protocols):
    plan = plan_for(protocols, FUJIAN)
    assert [d.conditional_on for d in plan.days] == [None] * 7 + [7] * 7


def _table(rows):
    return SiteDoseTable.model_validate(
        {"format": "ctit-site-dose-table/1", "trial": FUJIAN, "drug": "hetrombopag", "rows": rows})


LOW_COUNTS_ONLY = [{"plt": {"below": 50}, "action": "dose", "amount": 7.5, "unit": "mg", "source": "test row"}]


def test_nct07243418_a_count_no_site_row_decides_leaves_the_next_doses_waiting_for_the_decision(protocols):
    """A DOSE REVIEW says "decide per protocol": the days after it never print as a certain dose."""
    plan = plan_for(protocols, FUJIAN, platelet_checks=[check(7, 96)])  # the shipped table is empty
    assert [e.kind for e in plan.events if e.day == 7] == ["dose_review"]
    assert [d.conditional_on for d in plan.days] == [None] * 7 + [7] * 3 + [10] * 4
    assert {conditional_key(plan, d) for d in plan.days[7:]} == {"conditional_protocol"}
    assert all(d.state == "planned" and d.doses[0].amount == 5 for d in plan.days)  # no dose invented
    loaded = with_site_table(protocols[FUJIAN], _table(LOW_COUNTS_ONLY))  # a table, but no row for 96
    plan = plan_for(protocols, FUJIAN, loaded=loaded, platelet_checks=[check(7, 96)])
    assert [d.conditional_on for d in plan.days] == [None] * 7 + [7] * 3 + [10] * 4
    assert [conditional_key(plan, d) for d in plan.days[7:]] == ["conditional_protocol"] * 3 + ["conditional_site"] * 4


def test_nct07243418_a_site_row_decides_the_doses_until_the_next_checkpoint(protocols):
    loaded = with_site_table(protocols[FUJIAN], _table(LOW_COUNTS_ONLY))
    plan = plan_for(protocols, FUJIAN, loaded=loaded, platelet_checks=[check(7, 40)])
    assert [d.conditional_on for d in plan.days] == [None] * 10 + [10] * 4
    assert all(d.doses[0].site_rule for d in plan.days[7:])
    # day 7 decided by a row, day 10 reviewed: days 11-14 wait for the day-10 decision
    plan = plan_for(protocols, FUJIAN, loaded=loaded, platelet_checks=[check(7, 40), check(10, 96)])
    assert [d.conditional_on for d in plan.days] == [None] * 10 + [10] * 4
    assert {conditional_key(plan, d) for d in plan.days[10:]} == {"conditional_protocol"}
    # day 7 reviewed, day 10 decided by a row: days 8-10 wait, days 11-14 follow the row
    plan = plan_for(protocols, FUJIAN, loaded=loaded, platelet_checks=[check(7, 96), check(10, 40)])
    assert [d.conditional_on for d in plan.days] == [None] * 7 + [7] * 3 + [None] * 4
    assert all(d.doses[0].site_rule and d.doses[0].amount == Decimal("7.5") for d in plan.days[10:])


def test_nct07334093_a_recorded_count_that_does_not_stop_leaves_nothing_waiting_on_it(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 40)])
    assert [conditional_key(plan, d) for d in plan.days] == [None] * 9 + ["conditional_stop"] * 5


# --- limits for the checkpoint boxes ---------------------------------------------------------------

def test_limits_carry_this_patients_numbers(protocols):
    limits = plan_for(protocols).limits
    assert (limits.stop_plt_at_least, limits.stop_rise_at_least) == (100, 50)
    assert limits.baseline_plt == 32 and limits.stop_plt_from_baseline == 82
    assert (limits.rescue_plt_at_most, limits.rescue_plt_below_with_bleeding) == (10, 20)
    assert limits.stop_source == STOP_SENTENCE and limits.dose_per_site_table is None
    assert plan_for(protocols, labs={}).limits.stop_plt_from_baseline is None


def test_nct07243418_limits_are_none_and_say_whether_a_site_table_decides(protocols):
    limits = plan_for(protocols, FUJIAN).limits
    assert limits.stop_plt_at_least is None and limits.rescue_plt_at_most is None
    assert limits.dose_per_site_table is False
    table = SiteDoseTable.model_validate({"format": "ctit-site-dose-table/1", "trial": FUJIAN, "drug": "hetrombopag",
                                          "rows": [{"plt": {"below": 50}, "action": "hold", "source": "s"}]})
    loaded = with_site_table(protocols[FUJIAN], table)
    assert plan_for(protocols, FUJIAN, loaded=loaded).limits.dose_per_site_table is True


# --- current and superseded events ---------------------------------------------------------------

def test_a_rescue_superseded_by_a_later_count_is_history(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 8), check(10, 60)])
    rescue = next(e for e in plan.events if e.kind == "rescue")
    assert rescue.current is False and rescue.to_dict()["current"] is False
    assert "rescue" not in [e.kind for e in plan.current_events]


def test_the_latest_rescue_count_is_current(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 60), check(10, 9)])
    assert [e.kind for e in plan.current_events if e.kind == "rescue"] == ["rescue"]


# --- CTCAE grade and grade 4 in NCT07243418 --------------------------------------------------------

@pytest.mark.parametrize(("value", "grade"), [
    (Decimal("24.9"), "4"), (25, "3"), (Decimal("49.9"), "3"), (50, "2"), (Decimal("74.9"), "2"), (75, "0–1"),
])
def test_every_count_has_its_ctcae_grade(protocols, value, grade):
    plan = plan_for(protocols, FUJIAN, platelet_checks=[check(7, value)])
    assert plan.days[6].ctcae_grade == grade and plan.to_dict()["days"][6]["ctcae_grade"] == grade
    assert plan.days[5].ctcae_grade is None


def test_a_grade_4_count_in_nct07243418_raises_an_event_that_is_not_a_registry_rule(protocols):
    plan = plan_for(protocols, FUJIAN, platelet_checks=[check(7, Decimal("24.9"))])
    event = next(e for e in plan.events if e.kind == "grade4")
    assert event.registry_rule is False and "not a registry rule" in event.rule
    assert "the registry defines no rescue rule for this trial: decide per protocol and institutional practice" \
        in event.text
    assert "grade4" not in [e.kind for e in plan_for(protocols, FUJIAN, platelet_checks=[check(7, 25)]).events]


def test_nct07334093_uses_its_rescue_rule_not_a_grade_4_event(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 9)])
    assert "grade4" not in [e.kind for e in plan.events] and "rescue" in [e.kind for e in plan.events]


def test_nct07243418_says_counts_are_not_judged_against_any_rule(protocols):
    note = plan_for(protocols, FUJIAN).undefined_rules_note
    assert "defines no stop, rescue or response rule for this trial" in note
    assert "counts are not judged against any" in note


# --- site dose table semantics (docs/core-api.md) -------------------------------------------------

HOLD_HIGH = [
    {"plt": {"below": 100}, "action": "dose", "amount": 5, "unit": "mg", "source": "row low"},
    {"plt": {"at_least": 200}, "action": "hold", "source": "row high"},
]


def test_a_decide_per_protocol_review_does_not_carry_an_earlier_hold_forward(protocols):
    table = SiteDoseTable.model_validate({"format": "ctit-site-dose-table/1", "trial": FUJIAN,
                                          "drug": "hetrombopag", "rows": HOLD_HIGH})
    loaded = with_site_table(protocols[FUJIAN], table)
    plan = plan_for(protocols, FUJIAN, loaded=loaded, platelet_checks=[check(7, 250), check(10, 150)])
    assert [d.state for d in plan.days[7:10]] == ["held"] * 3
    assert all(d.state == "planned" and d.doses for d in plan.days[10:])
    review = next(e for e in plan.events if e.kind == "dose_review")
    assert review.day == 10 and review.current
    assert not next(e for e in plan.events if e.kind == "dose_adjustment").current


def test_a_hold_ends_when_a_later_counts_row_says_so(protocols):
    table = SiteDoseTable.model_validate({"format": "ctit-site-dose-table/1", "trial": FUJIAN,
                                          "drug": "hetrombopag", "rows": HOLD_HIGH})
    loaded = with_site_table(protocols[FUJIAN], table)
    plan = plan_for(protocols, FUJIAN, loaded=loaded, platelet_checks=[check(7, 250), check(10, 60)])
    assert [d.state for d in plan.days[7:10]] == ["held"] * 3
    assert all(d.state == "planned" and d.doses[0].site_rule for d in plan.days[10:])


@pytest.mark.parametrize(("count", "decided"), [(Decimal("49.99"), True), (50, False), (Decimal("50.01"), False)])
def test_nct07243418_the_site_rows_edge_decides_whether_the_next_doses_wait(protocols, count, decided):
    """The test row covers PLT < 50 (its band as written: below 50): 49.99 is dosed by the row from day 8;
    50 is not covered, so DOSE REVIEW and days 8-10 wait for the decision per protocol."""
    loaded = with_site_table(protocols[FUJIAN], _table(LOW_COUNTS_ONLY))
    plan = plan_for(protocols, FUJIAN, loaded=loaded, platelet_checks=[check(7, count)])
    kinds = [e.kind for e in plan.events if e.day == 7]
    assert kinds == (["dose_adjustment"] if decided else ["dose_review"])
    assert [d.conditional_on for d in plan.days[7:10]] == ([None] * 3 if decided else [7] * 3)
    assert all(d.doses[0].amount == (Decimal("7.5") if decided else 5) for d in plan.days[7:10])
