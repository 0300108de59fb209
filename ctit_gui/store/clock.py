"""Time and attribution: UTC stored, local shown; the operating-system user is the actor."""

from __future__ import annotations

import getpass
import os
from datetime import datetime, timezone


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def to_text(moment: datetime) -> str:
    """Stored form: ISO 8601 UTC with microseconds and a ``Z`` (sorts as text in time order)."""
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def from_text(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)


def local_text(moment: datetime) -> str:
    """For people: local time with its offset, e.g. ``2026-03-12 18:42:07 UTC+08:00``."""
    local = moment.astimezone()
    offset = local.strftime("%z")
    return f"{local:%Y-%m-%d %H:%M:%S} UTC{offset[:3]}:{offset[3:]}"


def os_user() -> str:
    """The operating-system user (``getpass.getuser()``), or ``uid N`` when it has no name."""
    try:
        name = getpass.getuser()
    except (OSError, KeyError, ImportError):
        name = ""
    if name.strip():
        return name
    return f"uid {os.getuid()}" if hasattr(os, "getuid") else "unknown user"
