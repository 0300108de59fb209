"""Store tests: each gets its own store folder; cases come from the shipped examples."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ctit_gui.core.session import validate_case_data

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
WORKER = Path(__file__).with_name("worker.py")


def example_data(name: str = "nct07334093-experimental-eligible") -> dict:
    return json.loads((EXAMPLES / f"{name}.json").read_text(encoding="utf-8"))


def example_case(name: str = "nct07334093-experimental-eligible", **changes):
    data = example_data(name)
    data.update(changes)
    return validate_case_data(data)


def edited(case, **changes):
    """The case with top-level fields replaced (dicts for nested ones), validated again."""
    data = case.to_dict()
    data.update(changes)
    return validate_case_data(data)


def fill_store(location, *, also: tuple[str, ...] = ()):
    """One case (stopped on day 7), three weight edits and a banner, saved by nurse.a: 9 audit entries
    (#4, #6, #8 the weight changes); then a case for each example named in ``also``. The trail verifies."""
    from ctit_gui.store import open_store

    with open_store(location, user="nurse.a") as store:
        case = example_case()
        case_id = store.create_case(case).case_id
        for revision, weight in enumerate(("59", "60", "61"), start=1):
            case = edited(case, patient={**case.to_dict()["patient"], "weight_kg": weight})
            store.save(case_id, case, revision)
        store.record_banner(case_id, raised=True, kind="stop", text="stop study drug", day=7)
        for name in also:
            store.create_case(example_case(name))
        assert store.verify().ok
    return location


def run_main(*args, env=None, timeout=60):
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True,
                          text=True, cwd=ROOT, env=env, timeout=timeout)


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request) -> str:
    """Each store test runs on both stores: the SQLite folder and the PostgreSQL ward store."""
    return request.param


@pytest.fixture
def data_dir(backend, tmp_path, request):
    """Where the store is: an SQLite folder, or a fresh PostgreSQL database's connection string."""
    if backend == "sqlite":
        return tmp_path / "store"
    return request.getfixturevalue("pg_database")


@pytest.fixture
def sqlite_dir(tmp_path) -> Path:
    """For tests of what only the SQLite store has (its file, WAL, PRAGMAs, folder permissions)."""
    return tmp_path / "store"


@pytest.fixture
def store(data_dir):
    from ctit_gui.store import open_store

    with open_store(data_dir, user="nurse.a") as opened:
        yield opened
