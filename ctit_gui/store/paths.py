"""Where the case store lives: the platform's per-user data folder, or a folder the user names.

Order of precedence: ``--data-dir`` on the command line (or the ``data_dir`` argument),
then the ``CTIT_DATA_DIR`` environment variable, then platformdirs' user data folder.
On POSIX the folder is private to the user (0700) and every store file is 0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from .errors import StoreError

APP_NAME = "ctit-dosing"
ENV_VAR = "CTIT_DATA_DIR"
DB_FILENAME = "cases.sqlite3"
FOLDER_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def resolve_data_dir(override: str | os.PathLike | None = None) -> Path:
    """The store folder: ``override``, else ``$CTIT_DATA_DIR``, else the per-user data folder."""
    if override is not None and str(override).strip():
        return Path(override).expanduser().resolve()
    from_env = os.environ.get(ENV_VAR, "").strip()
    if from_env:
        return Path(from_env).expanduser().resolve()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)).resolve()


def prepare_data_dir(folder: Path) -> Path:
    """Create the folder if needed and make it private (0700) when the current user owns it."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
    except OSError as exc:
        raise StoreError([f"the case store folder {folder} cannot be created ({exc.strerror})"]) from None
    if not folder.is_dir():
        raise StoreError([f"the case store folder {folder} is not a folder"])
    if POSIX:
        info = folder.stat()
        if info.st_uid == os.geteuid() and stat.S_IMODE(info.st_mode) != FOLDER_MODE:
            os.chmod(folder, FOLDER_MODE)
    return folder


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (no moment where it is readable by others)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError([f"{path} cannot be created ({exc.strerror})"]) from None
    os.close(descriptor)
    make_private(path)


def make_private(path: Path) -> None:
    """Tighten a store file to 0600 on POSIX (the umask may have widened nothing, but be sure)."""
    if POSIX and path.exists() and stat.S_IMODE(path.stat().st_mode) != FILE_MODE:
        os.chmod(path, FILE_MODE)
