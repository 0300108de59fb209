"""Writing a file the user named (case JSON, PDF sheet) without damaging anything else.

- ``-`` means standard output.
- A path that exists and is not a regular file (device, FIFO, socket, folder) is refused:
  replacing it by a rename would destroy it (``/dev/full`` became a PDF when run as root).
- The new file is written beside the target under a temporary name created 0600, then renamed
  over it: it holds patient data, so it is private whatever the umask (chmod it yourself to
  share it on purpose).
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from pathlib import Path

from .core.errors import InputError
from .i18n import N_, _

STDOUT = "-"


def is_stdout(path) -> bool:
    return str(path) == STDOUT


def check_target(path) -> Path:
    """Refuse an existing path that is not a regular file; return it as a Path."""
    path = Path(path)
    try:
        info = os.stat(path)  # follows a symlink: a link to /dev/full is a device too
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise InputError([_("{path}: cannot be written ({why})", path=path, why=exc.strerror)]) from None
    if stat.S_ISDIR(info.st_mode):
        raise InputError([_("{path}: is a folder; give a file name such as {example}", path=path,
                             example=path / "file")])
    if not stat.S_ISREG(info.st_mode):
        kind = (N_("a device") if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode) else
                N_("a named pipe (FIFO)") if stat.S_ISFIFO(info.st_mode) else
                N_("a socket") if stat.S_ISSOCK(info.st_mode) else N_("not a regular file"))
        raise InputError([_("{path}: is {kind}, not a regular file; it was left alone: give a file name, "
                            "or - for standard output", path=path, kind=_(kind))])
    return path


def write_private(path, data: bytes) -> None:
    """Write ``data`` to ``path`` (``-``: standard output) atomically, mode 0600; InputError on failure."""
    if is_stdout(path):
        stream = sys.stdout.buffer
        stream.write(data)
        stream.flush()
        return
    path = check_target(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise InputError([_("{path}: cannot be written (the folder {folder} does not exist)", path=path,
                            folder=folder)])
    handle = temporary = None
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=folder)  # 0600
        with os.fdopen(handle, "wb") as stream:
            handle = None
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        check_target(path)  # still not a device, pipe or folder at the moment of the rename
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        raise InputError([_("{path}: cannot be written ({why})", path=path, why=exc.strerror or exc)]) from None
    finally:
        if handle is not None:
            os.close(handle)
        if temporary is not None:
            try:
                os.unlink(temporary)
            except OSError:
                pass
