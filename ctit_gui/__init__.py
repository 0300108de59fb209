"""CTIT bedside dosing assistant for the hetrombopag trials NCT07334093 and NCT07243418."""

#: The program's version, read by pyproject.toml (setuptools dynamic version), the PyInstaller spec
#: and the .deb builder; kept here so start-up need not import importlib.metadata.
__version__ = "0.1.0"

PROGRAM_NAME = "CTIT dosing assistant"
