"""The store's errors: each an :class:`InputError` whose messages a user can act on (exit status 2)."""

from __future__ import annotations

from datetime import datetime

from ..core.errors import InputError
from ..i18n import _
from .clock import local_text


class StoreError(InputError):
    """The store cannot do what was asked; ``messages`` say why and what to do."""


class StoreUnusable(StoreError):
    """The store is damaged, read-only for a write, or otherwise unusable: exit status 3, restore or fix it."""

    exit_code = 3

    def __init__(self, messages: list[str], *, damaged: bool = False):
        super().__init__(messages)
        self.damaged = damaged  # the file itself is damaged: restore it from a backup


class SharedFolder(StoreError):
    """An existing store folder others can read or enter: refused unless the user confirms (the window)."""

    def __init__(self, folder: object, mode: int):
        super().__init__([_("the case store folder {folder} can be read or entered by other users (mode {mode}); the "
                            "store holds patient data, so it was not used and its permissions were not changed: make it "
                            "private (chmod 700 {folder}) or name a new folder", folder=folder, mode=f"{mode:04o}")])
        self.folder = folder
        self.mode = mode


class CaseNotFound(StoreError):
    def __init__(self, case_id: object, where: object):
        super().__init__([_("there is no case with id {case} in the case store {where}", case=case_id, where=where)])
        self.case_id = case_id


class StaleRevision(StoreError):
    """A save based on a revision that is no longer the latest: someone else saved in between.

    Nothing was written. ``latest_revision``, ``changed_by`` and ``changed_at`` name the
    save that won; reload the case (or merge with :func:`ctit_gui.store.changes.merge_edits`)
    and save again.
    """

    def __init__(self, case_id: int, patient_id: str, base_revision: int, latest_revision: int,
                 changed_by: str, changed_at: datetime, why: str):
        super().__init__([_(
            "case {case} ({patient}) was changed by {who} at {when} (revision {revision}, {why}) after you opened "
            "revision {base}; your change was not saved: reload the case to see theirs, then make your change again",
            case=case_id, patient=patient_id, who=changed_by, when=local_text(changed_at), revision=latest_revision,
            why=why, base=base_revision)])
        self.case_id = case_id
        self.patient_id = patient_id
        self.base_revision = base_revision
        self.latest_revision = latest_revision
        self.changed_by = changed_by
        self.changed_at = changed_at
        self.why = why
