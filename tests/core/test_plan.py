"""The 14-day plan: dates, doses, checkpoints, stop, rescue, response, site dose rules, overdue checks."""

from datetime import date
from decimal import Decimal

import pytest

from ctit_gui.core.dosing import ismp_problems
from ctit_gui.core.eligibility import Eligibility
from ctit_gui.core.plan import SITE_RULE_MARK, build_plan
from ctit_gui.core.protocol import SiteDoseTable, with_site_table

from .helpers import check, make_case

BEFORE_DAY1 = date(2026, 1, 1)


def plan_for(protocols, trial="NCT07334093", today=BEFORE_DAY1, loaded=None, verdict="eligible", **changes):
    """The plan's dosing logic under a given verdict (the eligibility engine is tested on its own)."""
    case = make_case(trial, **changes)
    return build_plan(loaded or protocols[case.trial], case, today, Eligibility(case.trial, case.arm, verdict, ()))


def kinds(plan):
    return [e.kind for e in plan.events]


def test_dates_run_across_a_month_end(protocols):
    plan = plan_for(protocols)
    assert [d.day for d in plan.days] == list(range(1, 15))
    assert plan.days[0].date == date(2026, 1, 25)
    assert plan.days[6].date == date(2026, 1, 31)
    assert plan.days[7].date == date(2026, 2, 1)
    assert plan.days[13].date == date(2026, 2, 7)


def test_dates_run_across_a_leap_day(protocols):
    plan = plan_for(protocols, day1="2024-02-27", screening_date="2024-02-26")
    assert [d.date for d in plan.days[:4]] == [date(2024, 2, 27), date(2024, 2, 28), date(2024, 2, 29), date(2024, 3, 1)]


def test_checkpoints_are_days_7_10_14(protocols):
    for trial in ("NCT07334093", "NCT07243418"):
        plan = plan_for(protocols, trial)
        assert [d.day for d in plan.days if d.checkpoint] == [7, 10, 14]


@pytest.mark.parametrize(
    ("trial", "arm", "expected"),
    [
        ("NCT07334093", "hetrombopag", ["hetrombopag 7.5 mg by mouth daily"]),
        ("NCT07334093", "rhtpo+hetrombopag",
         ["hetrombopag 7.5 mg by mouth daily", "rhTPO 15,000 units subcutaneously daily"]),
        ("NCT07243418", "primary", ["hetrombopag 5 mg by mouth daily"]),
        ("NCT07243418", "secondary", ["hetrombopag 5 mg by mouth daily"]),
    ],
)
def test_every_day_has_the_arm_doses_in_ismp_words(protocols, trial, arm, expected):
    plan = plan_for(protocols, trial, arm=arm)
    for day in plan.days:
        assert day.state == "planned"
        assert [d.text for d in day.doses] == expected
        assert all(ismp_problems(d.text) == [] for d in day.doses)


def test_rise_of_exactly_50_stops_study_drug(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 82)])  # baseline 32
    assert kinds(plan)[:2] == ["stop", "response"]
    assert plan.stop_day == 7
    assert plan.response.reached is True and plan.response.day == 7


def test_rise_of_49_point_9_does_not_stop(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, Decimal("81.9"))])
    assert "stop" not in kinds(plan)
    assert all(d.state == "planned" for d in plan.days)
    assert plan.response.reached is False


def test_plt_exactly_100_stops_even_with_a_small_rise(protocols):
    plan = plan_for(protocols, labs={"plt": {"value": 60, "unit": "10^9/L"}}, platelet_checks=[check(10, 100)])
    assert plan.stop_day == 10


def test_plt_99_point_9_with_small_rise_does_not_stop(protocols):
    plan = plan_for(protocols, labs={"plt": {"value": 60, "unit": "10^9/L"}},
                    platelet_checks=[check(10, Decimal("99.9"))])
    assert plan.stop_day is None


def test_stop_rule_reads_counts_per_microlitre(protocols):
    plan = plan_for(protocols, labs={"plt": {"value": 32000, "unit": "/uL"}},
                    platelet_checks=[check(7, 82000, "/uL")])
    assert plan.stop_day == 7
    plan = plan_for(protocols, labs={"plt": {"value": 32000, "unit": "/uL"}},
                    platelet_checks=[check(7, 81999, "/uL")])
    assert plan.stop_day is None


def test_after_a_stop_no_later_day_has_a_dose(protocols):
    plan = plan_for(protocols, arm="rhtpo+hetrombopag", platelet_checks=[check(7, 120)])
    assert len(plan.days[6].doses) == 2 and plan.days[6].state == "withhold"
    for day in plan.days[7:]:
        assert day.state == "stopped" and day.doses == ()


def test_stop_event_quotes_the_registry_sentence(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 120)])
    stop = next(e for e in plan.events if e.kind == "stop")
    assert stop.rule == protocols["NCT07334093"].protocol.stop_rule.source
    assert "120" in stop.text and "100" in stop.text


def test_only_the_first_stop_is_raised(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 120), check(10, 130)])
    assert kinds(plan).count("stop") == 1 and plan.stop_day == 7


def test_missing_baseline_is_reported_not_passed(protocols):
    plan = plan_for(protocols, labs={}, platelet_checks=[check(7, 60)])
    assert plan.stop_day is None
    assert "incomplete" in kinds(plan)
    assert plan.response.reached is None


@pytest.mark.parametrize(
    ("value", "bleeding_risk", "expected"),
    [
        (10, False, "rescue"),
        (Decimal("10.1"), False, None),
        (Decimal("19.9"), True, "rescue"),
        (20, True, None),
        (Decimal("19.9"), False, None),
        (15, None, "incomplete"),
        (0, False, "rescue"),
    ],
)
def test_rescue_rule_boundaries(protocols, value, bleeding_risk, expected):
    plan = plan_for(protocols, labs={"plt": {"value": 18, "unit": "10^9/L"}},
                    platelet_checks=[check(7, value, bleeding_risk=bleeding_risk)])
    found = [k for k in kinds(plan) if k in ("rescue", "incomplete")]
    assert found == ([expected] if expected else [])


def test_rescue_event_names_the_therapy_and_the_rule(protocols):
    plan = plan_for(protocols, labs={"plt": {"value": 18, "unit": "10^9/L"}},
                    platelet_checks=[check(7, 15, bleeding_risk=True)])
    rescue = next(e for e in plan.events if e.kind == "rescue")
    assert "platelet transfusion" in rescue.text
    assert rescue.rule == protocols["NCT07334093"].protocol.rescue_rule.source


def test_nct07243418_borrows_no_stop_or_rescue_rule(protocols):
    plan = plan_for(protocols, "NCT07243418", platelet_checks=[check(7, 400), check(8, 5, bleeding_risk=True)])
    assert not {"stop", "rescue", "response"} & set(kinds(plan))
    assert all(d.state == "planned" for d in plan.days)
    assert plan.response.defined is False
    assert "defines no stop, rescue or response rule" in plan.undefined_rules_note


def test_nct07243418_checkpoint_without_site_table_asks_for_dose_review(protocols):
    plan = plan_for(protocols, "NCT07243418", platelet_checks=[check(7, 90), check(8, 95)])
    reviews = [e for e in plan.events if e.kind == "dose_review"]
    assert [e.day for e in reviews] == [7]
    assert "no site dose-adjustment rule configured" in reviews[0].text
    assert all(d.doses[0].amount == 5 for d in plan.days)


def _site_table(rows):
    return SiteDoseTable.model_validate(
        {"format": "ctit-site-dose-table/1", "trial": "NCT07243418", "drug": "hetrombopag", "rows": rows}
    )


TEST_TABLE = [
    {"plt": {"below": 50}, "action": "dose", "amount": 7.5, "unit": "mg", "source": "test table row A"},
    {"plt": {"at_least": 50, "below": 200}, "action": "dose", "amount": 5, "unit": "mg", "source": "test table row B"},
    {"plt": {"at_least": 200}, "action": "hold", "source": "test table row C"},
]


def test_site_table_adjusts_the_dose_from_the_next_day_marked_as_site_rule(protocols):
    loaded = with_site_table(protocols["NCT07243418"], _site_table(TEST_TABLE))
    plan = plan_for(protocols, "NCT07243418", loaded=loaded, platelet_checks=[check(7, 40)])
    event = next(e for e in plan.events if e.kind == "dose_adjustment")
    assert SITE_RULE_MARK in event.text and event.site_rule and "test table row A" in event.rule
    assert [d.doses[0].amount for d in plan.days[:7]] == [5] * 7
    assert all(d.doses[0].amount == Decimal("7.5") and d.doses[0].site_rule for d in plan.days[7:])
    assert plan.days[7].doses[0].text == "hetrombopag 7.5 mg by mouth daily"


def test_site_table_band_edges_are_half_open(protocols):
    loaded = with_site_table(protocols["NCT07243418"], _site_table(TEST_TABLE))
    plan = plan_for(protocols, "NCT07243418", loaded=loaded, platelet_checks=[check(7, 50)])
    assert "test table row B" in next(e for e in plan.events if e.kind == "dose_adjustment").rule


def test_site_table_hold_leaves_days_without_dose(protocols):
    loaded = with_site_table(protocols["NCT07243418"], _site_table(TEST_TABLE))
    plan = plan_for(protocols, "NCT07243418", loaded=loaded, platelet_checks=[check(7, 250), check(10, 120)])
    assert [d.state for d in plan.days[7:10]] == ["held"] * 3
    assert all(d.doses == () for d in plan.days[7:10])
    assert [d.doses[0].amount for d in plan.days[10:]] == [5] * 4


def test_site_table_gap_asks_for_dose_review(protocols):
    loaded = with_site_table(protocols["NCT07243418"], _site_table(TEST_TABLE[:1]))
    plan = plan_for(protocols, "NCT07243418", loaded=loaded, platelet_checks=[check(7, 120)])
    assert "no row of the site dose-adjustment table covers" in next(e for e in plan.events if e.kind == "dose_review").text


def test_overlapping_site_rows_are_refused():
    with pytest.raises(ValueError, match="overlap"):
        _site_table([
            {"plt": {"below": 60}, "action": "hold", "source": "a"},
            {"plt": {"at_least": 50}, "action": "hold", "source": "b"},
        ])


def test_checkpoint_whose_date_has_passed_without_a_count_is_overdue(protocols):
    # day 7 is 2026-01-31
    assert "overdue" not in kinds(plan_for(protocols, today=date(2026, 1, 31)))
    plan = plan_for(protocols, today=date(2026, 2, 1))
    overdue = [e for e in plan.events if e.kind == "overdue"]
    assert [e.day for e in overdue] == [7]
    assert "2026-01-31" in overdue[0].text
    plan = plan_for(protocols, today=date(2026, 2, 1), platelet_checks=[check(7, 40)])
    assert "overdue" not in kinds(plan)


def test_today_is_marked_within_the_treatment_window(protocols):
    plan = plan_for(protocols, today=date(2026, 2, 1))
    assert plan.today_day == 8 and plan.days[7].is_today
    assert plan_for(protocols, today=date(2026, 3, 1)).today_day is None


def test_a_plan_without_day1_has_no_dates_but_all_doses(protocols):
    plan = plan_for(protocols, day1=None)
    assert all(d.date is None and d.doses for d in plan.days)


def test_response_day_is_marked(protocols):
    plan = plan_for(protocols, platelet_checks=[check(7, 60), check(10, 101)])
    assert plan.response.day == 10 and plan.days[9].is_response_day


def test_a_count_just_under_the_stop_limit_never_reads_as_the_limit(protocols):
    plan = plan_for(protocols, labs={"plt": {"value": 60, "unit": "10^9/L"}},
                    platelet_checks=[check(7, Decimal("99.999"))])
    assert plan.stop_day is None
    assert "PLT 100 ×10⁹/L" not in " ".join(e.text for e in plan.events)


def test_a_count_just_over_the_rescue_limit_never_reads_as_the_limit(protocols):
    plan = plan_for(protocols, labs={"plt": {"value": 18, "unit": "10^9/L"}},
                    platelet_checks=[check(7, 10000 + 1, "/uL", bleeding_risk=None)])
    event = next(e for e in plan.events if e.kind == "incomplete")
    assert "PLT 10.001 ×10⁹/L" in event.text


def test_site_rule_at_the_last_checkpoint_names_no_day_beyond_the_course(protocols):
    loaded = with_site_table(protocols["NCT07243418"], _site_table(TEST_TABLE))
    plan = plan_for(protocols, "NCT07243418", loaded=loaded, platelet_checks=[check(14, 40)])
    event = next(e for e in plan.events if e.kind == "dose_adjustment")
    assert "day 15" not in event.text and "course has ended" in event.text
    assert all(d.doses[0].amount == 5 for d in plan.days)
