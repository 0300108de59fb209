"""One place that finds the files the program reads at run time, from source or frozen."""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    """``resources/`` beside the source tree, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def protocols_folder() -> Path:
    return resource_path("protocols")
