"""main.py as a user starts it: the window flags, the command line, the self-test."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*args, env=None):
    environment = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=environment, timeout=120)


def test_window_paints_and_exits_before_opening_the_store(tmp_path):
    store = tmp_path / "ward"
    result = run("--exit-after-show", "--data-dir", store)
    assert result.returncode == 0, result.stderr
    assert not (store / "cases.sqlite3").exists()  # the store opens after the first paint


def test_window_with_a_case_file_paints_and_exits(tmp_path):
    case = ROOT / "examples" / "nct07334093-experimental-eligible.json"
    result = run("--exit-after-show", "--open", case, "--data-dir", tmp_path / "ward")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_words_go_to_the_command_line_which_explains():
    result = run("--no-such-flag")
    assert result.returncode == 2
    assert "usage:" in result.stderr and "Traceback" not in result.stderr


def test_self_test_passes_from_source():
    result = run("--self-test")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    assert "ok   PDF sheet" in result.stdout


def test_self_test_checks_the_parts_loaded_only_when_used():
    """A frozen bundle that left out the lab readers or the PostgreSQL driver fails its self-test."""
    result = run("--self-test")
    for part in ("lab import: HL7 v2 parser", "lab import: FHIR R4 models", "ward store: PostgreSQL driver"):
        assert f"ok   {part}" in result.stdout


def test_self_test_fails_when_a_part_cannot_be_loaded(monkeypatch, capsys):
    import io

    from ctit_gui import selftest

    monkeypatch.setattr(selftest, "OPTIONAL_PARTS", (("ward store: PostgreSQL driver", "no_such_driver_module"),))
    out = io.StringIO()
    assert selftest.run_self_test(out) == 1
    assert "FAIL ward store: PostgreSQL driver: ModuleNotFoundError" in out.getvalue()


def test_a_check_process_starts_without_package_metadata_or_openssl_and_prints_the_same(tmp_path):
    """The command line takes the window's two start-up deferrals (issue 17: a ward runs one `check`
    process per case); the digests and the output do not change."""
    import hashlib
    import json

    case = ROOT / "examples" / "nct07243418-primary-dose-review.json"
    probe = ("import contextlib, io, sys, main\n"
             "out = io.StringIO()\n"
             "with contextlib.redirect_stdout(out):\n"
             "    code = main.main(['check', '--json', sys.argv[1]])\n"
             "import hashlib\n"
             "print(code, 'importlib.metadata' in sys.modules, sys.modules.get('_hashlib', 'absent') is None,\n"
             "      hashlib.sha256(b'ctit').hexdigest())\n"
             "sys.stdout.write(out.getvalue())\n")
    result = subprocess.run([sys.executable, "-c", probe, str(case)], capture_output=True, text=True, cwd=ROOT,
                            timeout=120)
    first, _, printed = result.stdout.partition("\n")
    assert first.split() == ["0", "False", "True", hashlib.sha256(b"ctit").hexdigest()], result.stderr
    plain = run("check", "--json", case)
    assert json.loads(printed) == json.loads(plain.stdout) and plain.returncode == 0
