"""Protocol files: validated on load, traceable to the registry, refused with a precise message when wrong."""

import json
import shutil
from pathlib import Path

import pytest

from ctit_gui.core.errors import InputError
from ctit_gui.core.protocol import load_protocols
from ctit_gui.resources import protocols_folder, resource_path

TRIALS = resource_path("registry")


def _registry_text(trial_id: str) -> str:
    text = (TRIALS / f"{trial_id}.txt").read_text(encoding="utf-8")
    return " ".join(text.replace("\\", "").split())


def _normalise(sentence: str) -> str:
    return " ".join(sentence.split())


def test_the_shipped_registry_records_are_the_shared_ones():
    shared = Path(__file__).resolve().parents[3] / "shared" / "trials"
    for record in sorted(TRIALS.glob("*.txt")):
        if (shared / record.name).exists():
            assert record.read_bytes() == (shared / record.name).read_bytes()
    assert sorted(p.name for p in TRIALS.glob("*.txt")) == ["NCT07243418.txt", "NCT07334093.txt"]


def test_both_trials_load_with_their_arms(protocols):
    assert set(protocols) == {"NCT07334093", "NCT07243418"}
    assert [a.id for a in protocols["NCT07334093"].protocol.arms] == ["rhtpo+hetrombopag", "hetrombopag"]
    assert [a.id for a in protocols["NCT07243418"].protocol.arms] == ["primary", "secondary"]


@pytest.mark.parametrize("trial_id", ["NCT07334093", "NCT07243418"])
def test_criterion_ids_follow_the_registry_numbering(protocols, trial_id):
    ids = [c.id for c in protocols[trial_id].protocol.criteria]
    if trial_id == "NCT07334093":
        assert ids == [f"IN{i}" for i in range(1, 9)] + [f"EX{i}" for i in range(1, 12)]
    else:
        expected = [f"IN{i}" for i in range(1, 6)] + ["IN6.1", "IN6.2", "IN6.3"]
        expected += [f"IN{i}" for i in range(7, 12)] + [f"EX{i}" for i in range(1, 19)]
        assert ids == expected


@pytest.mark.parametrize("trial_id", ["NCT07334093", "NCT07243418"])
def test_every_rule_sentence_is_quoted_from_the_registry(protocols, trial_id):
    registry = _registry_text(trial_id)
    protocol = protocols[trial_id].protocol
    sentences = [d.source for a in protocol.arms for d in a.doses]
    for rule in (protocol.stop_rule, protocol.rescue_rule, protocol.response_rule, protocol.dose_adjustment,
                 protocol.checkpoint_days):
        if rule is not None and rule.source is not None:
            sentences.append(rule.source)
    for sentence in sentences:
        assert _normalise(sentence) in registry, sentence


@pytest.mark.parametrize("trial_id", ["NCT07334093", "NCT07243418"])
def test_every_criterion_text_is_verbatim_from_the_registry(protocols, trial_id):
    registry = _registry_text(trial_id)
    for criterion in protocols[trial_id].protocol.criteria:
        text = criterion.text
        if trial_id == "NCT07334093" and criterion.id == "EX6":
            parts = [text.split(": ", 1)[0], "ALT/AST > 3 × ULN or TBL > 3 × ULN", "ALT/AST ≥ 5 × ULN or TBL ≥ 5 × ULN"]
            assert all(_normalise(p) in registry for p in parts)
            continue
        assert _normalise(text) in registry, criterion.id


def test_a_rule_without_registry_sentence_must_be_marked_site_rule(protocols):
    checkpoints = protocols["NCT07334093"].protocol.checkpoint_days
    assert checkpoints.source is None and checkpoints.site_rule is True
    assert "site rule — not in registry" in checkpoints.note


def test_shipped_site_table_is_empty(protocols):
    loaded = protocols["NCT07243418"]
    assert loaded.site_table is not None and loaded.site_table.rows == []


def _copy_resources(tmp_path) -> Path:
    target = tmp_path / "resources"
    shutil.copytree(protocols_folder(), target / "protocols")
    shutil.copytree(resource_path("site"), target / "site")
    return target / "protocols"


def _edit(path: Path, change):
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["criteria"][3]["decide"].update(op="=<"), "NCT07334093.json: criteria[3].decide.compare.op"),
        (lambda d: d["arms"][0]["doses"][0].update(unit="IU"), "NCT07334093.json: arms[0].doses[0].unit"),
        (lambda d: d["stop_rule"].pop("source"), "NCT07334093.json: stop_rule.source: is required"),
        (lambda d: d.pop("checkpoint_days"), "NCT07334093.json: checkpoint_days: is required"),
        (lambda d: d["criteria"].append(d["criteria"][0]), "criterion ids repeated: IN1"),
        (lambda d: d["stop_rule"].update(source=None), "must be marked site_rule"),
    ],
)
def test_malformed_protocol_is_refused_naming_file_field_and_problem(tmp_path, change, expected):
    folder = _copy_resources(tmp_path)
    _edit(folder / "NCT07334093.json", change)
    with pytest.raises(InputError) as caught:
        load_protocols(folder)
    assert any(expected in m for m in caught.value.messages), caught.value.messages


def test_site_table_naming_an_unknown_drug_is_refused(tmp_path):
    folder = _copy_resources(tmp_path)
    _edit(folder.parent / "site" / "NCT07243418.dose-adjustment.json", lambda d: d.update(drug="eltrombopag"))
    with pytest.raises(InputError, match="eltrombopag"):
        load_protocols(folder)


def test_protocol_that_is_not_json_is_refused_by_name(tmp_path):
    folder = _copy_resources(tmp_path)
    (folder / "NCT07334093.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(InputError, match="NCT07334093.json: not valid JSON"):
        load_protocols(folder)


def test_a_third_trial_is_a_file_not_code(tmp_path):
    folder = _copy_resources(tmp_path)
    _edit(folder / "NCT07334093.json", lambda d: None)
    data = json.loads((folder / "NCT07334093.json").read_text(encoding="utf-8"))
    data["id"] = "NCT09999999"
    (folder / "NCT09999999.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "NCT09999999" in load_protocols(folder)


def test_a_wrong_condition_nested_inside_any_of_is_refused(tmp_path):
    """The recursive conditions are built with the protocol (issue 17: not each on its own first);
    a wrong rule deep inside them is still refused, naming where."""
    folder = _copy_resources(tmp_path)
    path = folder / "NCT07334093.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    place = next(i for i, c in enumerate(data["criteria"])
                 if (c.get("decide") or {}).get("rule") == "by_liver_metastases")
    absent = data["criteria"][place]["decide"]["absent"]
    assert absent["rule"] == "any_of"
    absent["conditions"][0] = {"rule": "compare", "measure": "plt", "op": "=<", "limit": 1}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_protocols(folder)
    assert any(m.startswith(f"NCT07334093.json: criteria[{place}].decide.") and ".compare.op" in m
               for m in caught.value.messages), caught.value.messages


def test_loading_builds_only_the_validators_files_are_validated_against():
    """Issue 17 (start-up): importing the core builds no pydantic validator; loading the protocols
    builds those of the models the files are checked against, with every part inside them, once.
    Fails on the old code, which built each of the ~30 models when its class was defined."""
    import subprocess
    import sys

    script = (
        "from ctit_gui.core import protocol, case\n"
        "models = [m for mod in (protocol, case) for m in vars(mod).values()\n"
        "          if isinstance(m, type) and issubclass(m, protocol.BaseModel) and m.__module__ == mod.__name__]\n"
        "print(sorted(m.__name__ for m in models if m.__pydantic_complete__))\n"
        "from ctit_gui.core.session import default_protocols\n"
        "default_protocols()\n"
        "print(sorted(m.__name__ for m in models if m.__pydantic_complete__))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[2]).stdout.splitlines()
    assert out[0] == "['Labs']"  # Case's default ``Labs()`` is made when Case is defined
    assert out[1] == "['Labs', 'LoadedProtocol', 'Protocol', 'SiteDoseTable']"  # no stop-day file is shipped


def test_the_condition_is_one_definition_shared_by_every_place_that_uses_it():
    """Issue 17 (start-up): the discriminated union of conditions is built once per protocol and
    referred to from the criteria, their variants and the nested conditions (was built at each)."""
    from ctit_gui.core.protocol import Protocol

    schema = Protocol.model_json_schema()
    definitions = schema["$defs"]
    assert set(definitions["Condition"]["discriminator"]["mapping"]) == {
        "attested", "age_between", "compare", "compare_uln", "any_of", "all_of", "by_liver_metastases", "applies_to"}
    text = json.dumps(schema)
    assert text.count('"discriminator"') == 1
    assert definitions["AnyOf"]["properties"]["conditions"]["items"] == {"$ref": "#/$defs/Condition"}
