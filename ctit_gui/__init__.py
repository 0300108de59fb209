"""CTIT bedside dosing assistant for the hetrombopag trials NCT07334093 and NCT07243418."""

from importlib import metadata as _metadata

try:
    __version__ = _metadata.version("ctit-dosing")
except _metadata.PackageNotFoundError:  # running from a source tree that was not installed
    __version__ = "0.1.0"

PROGRAM_NAME = "CTIT dosing assistant"
