"""`cases import`, `--open` and the window's import read case files with the one strict reader (issue 9)."""

import contextlib
import io
import json
from pathlib import Path

import pytest

from ctit_gui.cli import main
from ctit_gui.core.errors import InputError
from ctit_gui.core.session import read_case

from .factories import SYSU, case_dict

BAD = {
    "text_for_a_number": lambda d: d["patient"].__setitem__("age_years", "52"),
    "answer_on_computed": lambda d: d["answers"].__setitem__("EX6", True),
    "uln_in_other_unit": lambda d: d["labs"].__setitem__("tbil", {"value": 4, "unit": "mg/dL", "uln": 21}),
    "yes_for_an_answer": lambda d: d["answers"].__setitem__("EX2", "yes"),
}


def run(argv):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([str(a) for a in argv])
    return code, err.getvalue().splitlines()


@pytest.mark.parametrize("name", sorted(BAD))
def test_cases_import_refuses_exactly_what_check_refuses_with_the_same_lines(tmp_path, name):
    data = case_dict(SYSU)
    BAD[name](data)
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    check_code, check_lines = run(["check", path])
    import_code, import_lines = run(["cases", "import", path, "--data-dir", tmp_path / "store"])
    assert check_code == import_code == 2
    assert check_lines == import_lines and check_lines
    with pytest.raises(InputError) as refused:  # what --open and File → Import call
        read_case(path)
    assert [f"error: {m}" for m in refused.value.messages] == check_lines
