"""Two deferrals that make a process of this program start leaner, for the window and the command line
alike (issue 17): hashlib without OpenSSL's libcrypto, and pydantic without ``importlib.metadata``.
Both are pure Python (no Qt), apply only before the modules they concern are imported, and change no
result: the same digests, the same plugins (none; a user who turns them on gets them)."""

from __future__ import annotations

import sys

#: hashlib's own implementations of every algorithm it always offers (OpenSSL's are used when present).
_BUILTIN_HASHES = ("_md5", "_sha1", "_sha256", "_sha512", "_blake2", "_sha3")


def use_builtin_hashes() -> bool:
    """Let hashlib use Python's own SHA-256, MD5… rather than load OpenSSL's libcrypto (issue 17).

    pydantic imports ``secrets``, which imports ``hmac`` and ``hashlib``, which load libcrypto: 3.5 MiB
    resident (measured) for a window that hashes a few small files (the protocols, case files, sheets).
    Marking ``_hashlib`` absent before hashlib is first imported makes hashlib use its built-in
    modules: the same algorithms, the same digests. Only when every one of them can be imported (a
    bundle without one keeps OpenSSL's), and only before hashlib is imported; True if it applied."""
    if "hashlib" in sys.modules or "_hashlib" in sys.modules:
        return False
    import importlib

    try:
        for name in _BUILTIN_HASHES:
            importlib.import_module(name)
    except ImportError:
        return False
    sys.modules["_hashlib"] = None  # hashlib (and hmac) then take the built-in code, as without OpenSSL
    return True


def pydantic_without_package_metadata() -> bool:
    """Let pydantic start without importing ``importlib.metadata`` (issue 17, peak memory).

    pydantic's plugin loader imports ``entry_points`` from ``importlib.metadata`` when the first
    model is built, and that module brings ``email``, ``socket``, ``csv``, ``calendar``, ``locale``
    and ``importlib.resources`` with it: 2.0 MiB resident (measured) that the window never uses,
    because plugins are off (``PYDANTIC_DISABLE_PLUGINS``, set in ``ctit_gui/__init__.py``; pydantic
    then returns before calling ``entry_points``). The loader is imported here with an
    ``entry_points`` that imports the real one when it is first called (a user who turned plugins
    back on gets them as before), so nothing is skipped, only deferred. Only before pydantic's
    loader or ``importlib.metadata`` is imported; True if it applied."""
    if "pydantic.plugin._loader" in sys.modules or "importlib.metadata" in sys.modules:
        return False
    import importlib
    import types

    def entry_points(**params):
        from importlib.metadata import entry_points as real

        return real(**params)

    stand_in = types.ModuleType("importlib.metadata", "entry_points only, until the real one is imported")
    stand_in.entry_points = entry_points
    sys.modules["importlib.metadata"] = stand_in
    try:
        importlib.import_module("pydantic.plugin._loader")  # takes the stand-in's entry_points
    finally:
        if sys.modules.get("importlib.metadata") is stand_in:
            del sys.modules["importlib.metadata"]  # any later import gets the real module
    return True
