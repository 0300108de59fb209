"""The offline journal: what a window typed while the ward store's server was away, kept on this PC.

One file per store and signed-in user in the per-user data folder (``journal/``, 0700/0600),
replaced atomically (write, fsync, rename, fsync the folder), so a crash or power cut leaves the
old or the new version, never half of one. It holds the stored case the edits are based on (case
id, revision, that revision's case), the window's case and the audit entries that go with the save
(e.g. the lab results file the edits came from). When the server is back the window
saves it as a normal revision, with the usual conflict check against the base revision; then the
file is removed. No Qt here.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from ..core.case import Case
from .paths import FILE_MODE, prepare_data_dir, resolve_data_dir

FORMAT = "ctit-offline-journal/1"


class Journal:
    def __init__(self, location: str, user: str, folder: Path | None = None):
        self.folder = folder or resolve_data_dir() / "journal"
        key = hashlib.sha256(f"{location}\0{user}".encode("utf-8")).hexdigest()[:20]
        self.path = self.folder / f"offline-{key}.json"
        self.location = location
        self.user = user

    def write(self, *, case_id: int | None, base_revision: int | None, base_case: Case | None, case: Case,
              since: str, actions=()) -> None:
        prepare_data_dir(self.folder.parent)
        prepare_data_dir(self.folder)
        data = {"format": FORMAT, "user": self.user, "case_id": case_id, "base_revision": base_revision,
                "base_case": base_case.to_dict() if base_case is not None else None, "case": case.to_dict(),
                "offline_since": since, "actions": [{"action": a.action, "detail": a.detail} for a in actions]}
        text = json.dumps(data, ensure_ascii=False, sort_keys=True)
        temporary = self.path.with_name(self.path.name + ".tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        try:
            os.write(descriptor, text.encode("utf-8"))
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temporary, self.path)
        if hasattr(os, "O_DIRECTORY"):
            folder = os.open(self.folder, os.O_RDONLY | os.O_DIRECTORY)
            try:
                os.fsync(folder)
            finally:
                os.close(folder)

    def read(self) -> dict | None:
        """The journal's content with ``case``/``base_case`` as :class:`Case` and ``actions`` as
        :class:`~ctit_gui.store.changes.AuditAction`; None when there is none."""
        from .changes import AuditAction

        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        if data.get("format") != FORMAT:
            return None
        data["case"] = Case.model_validate_json(json.dumps(data["case"]))
        if data.get("base_case") is not None:
            data["base_case"] = Case.model_validate_json(json.dumps(data["base_case"]))
        data["actions"] = [AuditAction(a["action"], a["detail"]) for a in data.get("actions", [])]
        return data

    def clear(self) -> None:
        self.path.unlink(missing_ok=True)
