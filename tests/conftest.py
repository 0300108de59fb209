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
def protocols():
    from ctit_gui.core.session import default_protocols

    return default_protocols()
