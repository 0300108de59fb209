"""Test configuration shared by every test: offscreen Qt, isolated folders, the shipped protocols."""

import os
from pathlib import Path

# Qt draws offscreen in tests; set before any Qt import (pytest-qt creates the QApplication later).
os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture(autouse=True)
def _isolated_folders(tmp_path_factory, monkeypatch):
    """Each test gets its own home, data and config folders: no test reads a user's settings."""
    home = tmp_path_factory.mktemp("home")
    for variable, sub in (("HOME", ""), ("XDG_DATA_HOME", "data"), ("XDG_CONFIG_HOME", "config"),
                          ("XDG_CACHE_HOME", "cache"), ("XDG_STATE_HOME", "state")):
        folder = home / sub
        folder.mkdir(exist_ok=True)
        monkeypatch.setenv(variable, str(folder))
    monkeypatch.setenv("CTIT_DATA_DIR", str(home / "ctit-data"))


@pytest.fixture(scope="session")
def qapp(qapp_args):
    """pytest-qt's QApplication, made as the program makes it (``ui/app.py``: its chosen style and
    names), so the window tests take the program's path."""
    from ctit_gui.ui.app import create_application

    return create_application(list(qapp_args))


@pytest.fixture(scope="session")
def protocols():
    from ctit_gui.core.session import default_protocols

    return default_protocols()


@pytest.fixture(autouse=True)
def _no_store_from_the_environment(monkeypatch):
    """A developer's CTIT_STORE never leaks into a test."""
    monkeypatch.delenv("CTIT_STORE", raising=False)


@pytest.fixture(scope="session")
def pg_cluster():
    """The throw-away PostgreSQL server (fails under CI, skips elsewhere, when it is not running)."""
    from tests.pg_support import PgCluster, require_server

    return PgCluster(require_server())


@pytest.fixture
def pg_database(pg_cluster, monkeypatch):
    """A fresh database holding an empty case store. Its connection string names no role: libpq's
    default (``PGUSER``, here a test clinician) signs in, as on a ward PC; ``user=`` picks another."""
    from tests.pg_support import DEFAULT_ROLE

    name = pg_cluster.new_database()
    monkeypatch.setenv("PGUSER", DEFAULT_ROLE)
    yield pg_cluster.conninfo(name, user=None)
    pg_cluster.drop(name)
