"""Where the case store lives: the platform's per-user data folder, or a folder the user names.

Order of precedence: ``--data-dir`` on the command line (or the ``data_dir`` argument),
then the ``CTIT_DATA_DIR`` environment variable, then platformdirs' user data folder.
On POSIX a folder the program creates is private (0700); an existing folder open to others is
refused (never chmodded); store files are created 0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import platformdirs

from ..i18n import _
from .errors import SharedFolder, StoreError

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


def prepare_data_dir(folder: Path, *, allow_shared: bool = False) -> Path:
    """Create the folder 0700 if it does not exist; an existing one is used as it is.

    Only a folder the program creates is given 0700. An existing folder that others can read or
    enter (a shared 1777 folder, a 0755 one) is refused with :class:`SharedFolder` unless
    ``allow_shared`` (the user confirmed in the window); its permissions are never changed.
    """
    created = False
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        folder.mkdir(mode=FOLDER_MODE)
        created = True
    except FileExistsError:
        pass
    except OSError as exc:
        raise StoreError([_("the case store folder {folder} cannot be created ({why})", folder=folder,
                            why=exc.strerror)]) from None
    if not folder.is_dir():
        raise StoreError([_("the case store folder {folder} is not a folder", folder=folder)])
    if POSIX:
        mode = stat.S_IMODE(folder.stat().st_mode)
        if created:
            if mode != FOLDER_MODE:
                os.chmod(folder, FOLDER_MODE)
        elif mode & 0o077 and not allow_shared:
            raise SharedFolder(folder, mode)
    return folder


def check_data_dir(folder: Path, *, allow_shared: bool = False) -> None:
    """For read-only use: the folder must exist and be private (or confirmed); nothing is created."""
    if POSIX and folder.is_dir():
        mode = stat.S_IMODE(folder.stat().st_mode)
        if mode & 0o077 and not allow_shared:
            raise SharedFolder(folder, mode)


def create_private_file(path: Path) -> None:
    """Create ``path`` empty with mode 0600 (no moment where it is readable by others)."""
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    except FileExistsError:
        return
    except OSError as exc:
        raise StoreError([_("{path} cannot be created ({why})", path=path, why=exc.strerror)]) from None
    os.close(descriptor)
    make_private(path)


def make_private(path: Path) -> None:
    """Take group and other permissions off a store file on POSIX; never add any (a file made
    read-only on purpose stays read-only)."""
    if POSIX and path.exists():
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            os.chmod(path, mode & ~0o077)
