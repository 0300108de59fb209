"""argparse's own words (usage, its error messages, -h) in the command line's language.

argparse builds its words with ``_()`` from :mod:`gettext`, looked up in the module's globals when a
parser is built, prints its help or reports an error. :func:`install` puts our catalogue in front of
it: in Chinese argparse's msgids are answered from ``resources/i18n/zh_CN/LC_MESSAGES/ctit.po`` (where
they are listed below, so extraction keeps them); in English, or for a msgid the catalogue does not
have, argparse's English source is used as it is (never the machine's locale). The language is the command line's
(``i18n.using``), and nothing else (exit status 2, one problem per line)
changes. A translation that changes a ``%(name)s`` / ``%s`` placeholder is refused like any other
(:func:`ctit_gui.i18n.lookup`).
"""

from __future__ import annotations

import argparse

from . import i18n
from .i18n import N_

#: argparse's msgids (Python 3.11) a user of this program can meet; tests/i18n check that argparse still
#: uses each of them, so an upgrade that rewords one fails a test rather than printing English quietly.
ARGPARSE_WORDS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("one of the arguments %s is required"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("can't open '%(filename)s': %(error)s"),
)


def _translated(message: str) -> str:
    # Never argparse's gettext.gettext: it follows the machine's locale, and scripts get stable words.
    return i18n.lookup(message) or message


def install() -> None:
    """Make argparse ask our catalogue first (idempotent; English stays argparse's own words)."""
    argparse._ = _translated
