"""One place that finds the files the program reads at run time, from source or frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def app_root() -> Path:
    """The source tree's top folder, or the unpacked PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


def resource_root() -> Path:
    return app_root() / "resources"


def examples_folder() -> Path:
    """The example cases with their expected verdicts (used by ``--self-test``)."""
    return app_root() / "examples"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def protocols_folder() -> Path:
    return resource_path("protocols")
