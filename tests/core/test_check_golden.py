"""`check` prints exactly what it printed before issue 17's throughput work: JSON and text, English and Chinese.

The golden outputs were written by ``main`` as it was (see tests/core/check_golden.py, which also
regenerates them, deliberately only). A faster path that changes one byte of a verdict, a reason, a
registry sentence or a refusal fails here, naming the case.
"""

from __future__ import annotations

import json

import pytest

from tests.core import check_golden as golden


@pytest.mark.parametrize("language", golden.LANGUAGES)
@pytest.mark.parametrize("suffix,as_json", golden.FORMATS)
@pytest.mark.parametrize("example", golden.EXAMPLES, ids=lambda p: p.stem)
def test_every_example_prints_its_golden_output(example, language, suffix, as_json):
    code, out, err = golden.run_main(golden.example_argv(example, language, as_json))
    assert (code, err) == (0, "")
    expected = golden.example_file(example, language, suffix).read_text(encoding="utf-8")
    assert out == expected


def _golden_digests() -> dict[str, list[str]]:
    lines = (golden.GOLDEN / "generated.txt").read_text(encoding="utf-8").splitlines()
    return {name: values for name, *values in (line.split() for line in lines if not line.startswith("#"))}


def test_generated_and_hand_written_cases_print_their_golden_output(tmp_path):
    expected = _golden_digests()
    texts = golden.generated_texts()
    assert [name for name, _ in texts] == list(expected)  # the generator has not changed
    mismatches = []
    verdicts: dict[str, int] = {}
    for name, text in texts:
        path = tmp_path / f"{name}.json"
        path.write_text(text, encoding="utf-8")
        got = []
        for language in golden.LANGUAGES:
            for suffix, as_json in golden.FORMATS:
                code, out, err = golden.run_check(path, language, as_json)
                got.append(golden.digest(code, out, err))
                if language == "en" and as_json:
                    key = json.loads(out)["verdict"] if code == 0 else f"exit {code}"
                    verdicts[key] = verdicts.get(key, 0) + 1
                if got[-1] != expected[name][len(got) - 1]:
                    mismatches.append(f"{name} {language}.{suffix}: exit {code}\n{out[:3000]}{err[:3000]}\n{text}")
    assert not mismatches, f"{len(mismatches)} outputs differ from the golden; the first:\n{mismatches[0]}"
    # The set exercises every verdict and refusals, so matching it means something.
    assert min(verdicts.get(v, 0) for v in ("eligible", "not_eligible", "incomplete")) >= 50, verdicts
    assert verdicts.get("exit 2", 0) >= 20, verdicts
