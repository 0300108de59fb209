"""A case stored before the stricter rules of issue 9 is never lost: it opens with its problems listed."""

from ctit_gui.core.case import Case
from ctit_gui.core.session import default_protocols
from ctit_gui.store import open_store
from ctit_gui.ui.case_screen.case_form import evaluate_form, state_from_case

from ..core.factories import SYSU, case_dict


def test_a_stored_case_the_stricter_rules_refuse_opens_with_its_problems_listed(tmp_path):
    data = case_dict(SYSU)
    data["answers"]["EX6"] = False  # an answer on a computed criterion (now refused)
    data["labs"]["tbil"] = {"value": 4, "unit": "mg/dL", "uln": 21}  # a µmol/L ULN typed as mg/dL
    old = Case.model_validate(data)  # as an earlier version of the program saved it
    with open_store(tmp_path / "store") as store:
        saved = store.import_case(old, source="old.json", source_sha256="0" * 64)
        loaded = store.load(saved.case_id).case
    assert loaded == old  # nothing lost, nothing changed
    state = state_from_case(loaded)
    result = evaluate_form(state, default_protocols())
    assert state.answers["EX6"] is False  # the answer is still there to be corrected
    assert not result.saveable
    listed = {key: " ".join(lines) for key, lines in result.problems.items()}
    assert any("EX6 is computed from" in text for text in listed.values()), listed
    assert any("looks like µmol/L, not mg/dL" in text for text in listed.values()), listed
