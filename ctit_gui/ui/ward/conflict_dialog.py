"""What the window says when someone else saved the case first (:class:`~ctit_gui.store.StaleRevision`).

:func:`ask_to_reload` names who changed the case and when and offers to reload their version and
re-apply this window's edits; :func:`report_merge` then says which edits were kept and where both
changed the same field (theirs kept, yours shown so it can be entered again). Tests replace
:func:`ask_to_reload` (it is modal); :func:`conflict_box` builds the same box without showing it.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget


def _tr(text: str) -> str:
    return QCoreApplication.translate("Conflict", text)


def local_time(moment: datetime) -> str:
    """Local date and time with its UTC offset, e.g. ``2026-03-12 18:42:07 UTC+08:00``."""
    from ...store.clock import local_text

    return local_text(moment)


def why_words(why: str) -> str:
    return {"autosave": _tr("saved automatically"), "saved": _tr("saved"), "edited": _tr("edited"),
            "created": _tr("created"), "imported": _tr("imported")}.get(why, why)


def conflict_text(conflict) -> tuple[str, str]:
    """(title, text) naming who changed the case and when."""
    title = _tr("Someone else changed this case")
    text = _tr("{who} changed case {case_id} ({patient}) at {when} (revision {revision}, {why}) while you were "
               "editing revision {base}.\n\nYour changes are not saved yet and are still in the window.\n\n"
               "Reload their version and re-apply your changes? Where you both changed the same value, "
               "theirs is kept and yours is shown to you.").format(
        who=conflict.changed_by, case_id=conflict.case_id, patient=conflict.patient_id,
        when=local_time(conflict.changed_at), revision=conflict.latest_revision, why=why_words(conflict.why),
        base=conflict.base_revision)
    return title, text


def conflict_box(parent: QWidget | None, conflict) -> tuple[QMessageBox, object]:
    """The question, not shown yet; returns the box and its "reload" button."""
    title, text = conflict_text(conflict)
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setAccessibleName(title)
    reload = box.addButton(_tr("&Reload and re-apply my changes"), QMessageBox.ButtonRole.AcceptRole)
    later = box.addButton(_tr("&Not now (keep my changes unsaved)"), QMessageBox.ButtonRole.RejectRole)
    reload.setAccessibleName(_tr("Reload their version and re-apply my changes"))
    later.setAccessibleName(_tr("Do not reload now; my changes stay in the window, unsaved"))
    box.setDefaultButton(reload)
    box.setEscapeButton(later)
    return box, reload


def ask_to_reload(parent: QWidget | None, conflict) -> bool:
    """Modal: True when the user chose to reload and re-apply their changes."""
    box, reload = conflict_box(parent, conflict)
    box.exec()
    return box.clickedButton() is reload


def report_merge(parent: QWidget | None, theirs_info, merge) -> str:
    """After a reload: a message box when both changed a value (listing yours), else a status-bar line."""
    who = _tr("Reloaded revision {revision} by {who} ({when}).").format(
        revision=theirs_info.revision, who=theirs_info.saved_by, when=local_time(theirs_info.saved_at))
    kept = (_tr("Your changes re-applied: {fields}.").format(fields=", ".join(merge.kept_from_mine))
            if merge.kept_from_mine else _tr("None of your changes needed re-applying."))
    if merge.conflicts:
        lines = "\n".join(f"• {line}" for line in merge.conflicts)
        QMessageBox.warning(parent, _tr("Both of you changed the same values"),
                            f"{who}\n{kept}\n\n"
                            + _tr("Both of you changed these; theirs is kept. Check them and enter yours again "
                                  "if it is right:") + f"\n{lines}")
    return f"{who} {kept}"


def report_unmergeable(parent: QWidget | None, merge) -> None:
    lines = "\n".join(f"• {line}" for line in merge.conflicts)
    QMessageBox.warning(parent, _tr("Your changes could not be combined with theirs"),
                        _tr("Your version stays in the window and is not saved. Use File → Export case JSON… "
                            "to keep a copy, then open the case again from the case list to see theirs.")
                        + f"\n\n{lines}")
