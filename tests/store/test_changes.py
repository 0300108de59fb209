"""Case differences as audit actions, and merging two edits of the same revision."""

from ctit_gui.store import banner_action, diff_cases, merge_edits

from .conftest import edited, example_case


def _patient(case, **changes):
    return {**case.to_dict()["patient"], **changes}


def test_changed_weight_is_a_field_change_with_old_and_new_value():
    case = example_case()
    actions = diff_cases(case, edited(case, patient=_patient(case, weight_kg=60)))
    assert [(a.action, a.detail) for a in actions] == [
        ("field_changed", {"field": "patient.weight_kg", "old": "58.5", "new": "60"})]
    assert actions[0].describe() == "patient.weight_kg: 58.5 → 60"


def test_answering_a_criterion_is_recorded_as_criterion_answered():
    case = example_case("nct07334093-incomplete")
    answers = {**case.answers, "EX3": False}
    actions = diff_cases(case, edited(case, answers=answers))
    assert [(a.action, a.detail) for a in actions] == [
        ("criterion_answered", {"criterion": "EX3", "old": None, "new": False})]
    assert actions[0].describe() == "criterion EX3 answered: unknown → no"


def test_platelet_count_entered_changed_and_removed():
    case = example_case()  # has a day-7 check
    day10 = {"day": 10, "value": 120, "unit": "10^9/L", "bleeding_risk": False}
    with_day10 = edited(case, platelet_checks=[*case.to_dict()["platelet_checks"], day10])
    entered = diff_cases(case, with_day10)
    assert [(a.action, a.detail["day"], a.detail["old"]) for a in entered] == [("plt_entered", 10, None)]
    assert entered[0].describe() == "PLT day 10 entered: 120 10^9/L, bleeding risk no"
    changed = edited(with_day10, platelet_checks=[{**c, "value": 121} if c["day"] == 10 else c
                                                  for c in with_day10.to_dict()["platelet_checks"]])
    assert diff_cases(with_day10, changed)[0].describe() == (
        "PLT day 10 changed: 120 10^9/L, bleeding risk no → 121 10^9/L, bleeding risk no")
    removed = diff_cases(changed, case)
    assert [(a.action, a.detail["day"]) for a in removed] == [("plt_removed", 10)]


def test_baseline_lab_added_is_a_change_of_each_of_its_fields():
    case = example_case()
    labs = {**case.to_dict()["labs"], "nadir_plt": {"value": 62, "unit": "10^9/L"}}
    actions = diff_cases(case, edited(case, labs=labs))
    assert [(a.detail["field"], a.detail["old"], a.detail["new"]) for a in actions] == [
        ("labs.nadir_plt.value", None, "62"), ("labs.nadir_plt.unit", None, "10^9/L")]


def test_identical_cases_have_no_differences():
    assert diff_cases(example_case(), example_case()) == []


def test_banner_action_describes_itself():
    assert banner_action(True, "rescue", "give rescue therapy", 7).describe() == (
        "banner raised: rescue (day 7): give rescue therapy")


def test_merge_keeps_both_sides_when_they_changed_different_fields():
    base = example_case()
    mine = edited(base, notes="mine")
    theirs = edited(base, patient=_patient(base, weight_kg=61))
    result = merge_edits(base, mine, theirs)
    assert result.conflicts == () and result.kept_from_mine == ("notes",)
    assert result.case.notes == "mine" and str(result.case.patient.weight_kg) == "61"


def test_merge_keeps_theirs_and_lists_the_conflict_when_both_changed_the_same_field():
    base = example_case()
    result = merge_edits(base, edited(base, notes="mine"), edited(base, notes="theirs"))
    assert result.case.notes == "theirs"
    assert result.conflicts == ("notes: yours mine, theirs theirs (theirs kept)",)


def test_merge_that_makes_an_invalid_case_returns_no_case_and_says_why():
    base = example_case()  # screening 2026-02-02, day 1 2026-02-03
    mine = edited(base, day1="2026-02-02")
    theirs = edited(base, screening_date="2026-02-03")
    result = merge_edits(base, mine, theirs)
    assert result.case is None and any("day1" in c for c in result.conflicts)


def test_the_history_names_an_arm_in_the_readers_words_and_the_entry_keeps_its_id(tmp_path):
    """Chinese: the arm's label (队列 1：一级预防) wherever a history line names an arm (created, imported, the arm
    changed); English: the arm id, as before; the stored entries keep the ids."""
    from ctit_gui import i18n
    from ctit_gui.store import open_store

    case = example_case("nct07243418-primary-dose-review")
    with open_store(tmp_path / "store", user="nurse.a") as store:
        created = store.create_case(case).case_id
        imported = store.import_case(case, source="case.json", source_sha256="ab" * 32).case_id
        store.save(created, edited(case, arm="secondary"), 1)
        entries = [e for e in store.history(created) + store.history(imported)
                   if e.action in ("case_created", "case_imported", "field_changed")]
        stored = [e.detail for e in entries]
        english = [e.describe() for e in entries]
        with i18n.using("zh_CN"):
            chinese = [e.describe() for e in entries]
        assert [e.detail for e in store.history(created) + store.history(imported)
                if e.action in ("case_created", "case_imported", "field_changed")] == stored
    assert [d.get("arm") for d in stored] == ["primary", None, "primary"]
    assert stored[1] == {"field": "arm", "old": "primary", "new": "secondary", "revision": 2}
    assert english == [f"case created: patient {case.patient.id}, NCT07243418 arm primary",
                       "arm: primary → secondary",
                       f"case imported from case.json (file sha256 {'ab' * 6}): patient {case.patient.id}, "
                       "NCT07243418 arm primary"]
    assert chinese == [f"病例创建：患者 {case.patient.id}，NCT07243418 组别 队列 1：一级预防",
                       "arm: 队列 1：一级预防 → 队列 2：二级预防",
                       f"病例从 case.json 导入（文件 sha256 {'ab' * 6}）：患者 {case.patient.id}，NCT07243418 组别 "
                       "队列 1：一级预防"]


def test_an_arm_id_no_trial_has_stays_as_recorded_in_chinese():
    from ctit_gui import i18n
    from ctit_gui.store.changes import describe

    with i18n.using("zh_CN"):
        assert describe("field_changed", {"field": "arm", "old": None, "new": "cohort-3"}) == "arm: （空） → cohort-3"
        assert describe("case_created", {"patient_id": "P1", "trial": "NCT0000", "arm": "primary"}) == \
            "病例创建：患者 P1，NCT0000 组别 primary"
