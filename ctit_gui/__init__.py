"""CTIT bedside dosing assistant for the hetrombopag trials NCT07334093 and NCT07243418."""

import os

# pydantic looks for plugins (entry points of every installed distribution) when the first model is
# built; the program uses none. PYDANTIC_DISABLE_PLUGINS is pydantic's documented switch for that:
# validation is the same, start-up skips the scan. A value set by the user is kept.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

#: The program's version, read by pyproject.toml (setuptools dynamic version), the PyInstaller spec
#: and the .deb builder; kept here so start-up need not import importlib.metadata.
__version__ = "0.1.0"

PROGRAM_NAME = "CTIT dosing assistant"
