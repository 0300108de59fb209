"""File → Import lab results… and a result file dropped on the window: the window's side.

:class:`LabImport` (one per window, composed, not mixed in) takes the menu action and a dropped
file, reads the file (the FHIR and HL7 readers load only now) and shows the preview,
:class:`~ctit_gui.ui.dialogs.lab_import_dialog.LabImportDialog` (see that module for what it shows and
applies). The dialog's module, too, is imported only when a file is imported (issue 17: peak
memory with a case open; nothing of it is needed to show a case).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ...core.errors import InputError

if TYPE_CHECKING:
    from .lab_import_dialog import LabImportDialog


class LabImport(QObject):
    """The window's lab import: the menu action's slot and the file drop (see the module docstring)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.dialog: LabImportDialog | None = None
        window.setAcceptDrops(True)
        window.installEventFilter(self)

    def choose_file(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self.window, self.tr("Import lab results"), "",
            self.tr("Lab results (*.json *.hl7 *.txt *.oru);;All files (*)"))
        if name:
            self.import_file(Path(name))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            if self._dropped_file(event) is not None:
                event.acceptProposedAction()
                return True
        if watched is self.window and event.type() == QEvent.Type.Drop:
            path = self._dropped_file(event)
            if path is not None:
                event.acceptProposedAction()
                self.import_file(path)
                return True
        return super().eventFilter(watched, event)

    @staticmethod
    def _dropped_file(event) -> Path | None:
        mime = event.mimeData()
        if mime is None or not mime.hasUrls():
            return None
        local = [url.toLocalFile() for url in mime.urls() if url.isLocalFile()]
        return Path(local[0]) if len(local) == 1 else None

    def import_file(self, path: Path) -> LabImportDialog | None:
        """Read the file and show the preview (window-modal, not blocking); None if it cannot be shown."""
        from ...labs_import import read_results, site_lab_codes
        from ..case_screen.case_form import saveable_case

        window = self.window
        title = self.tr("Cannot import lab results")
        try:
            case = saveable_case(window.state, window.protocols, window.today())
        except InputError as exc:
            QMessageBox.warning(window, title, self.tr("The case in the window cannot be read, so results cannot "
                                                       "be added to it:") + "\n\n" + "\n".join(exc.messages))
            return None
        try:
            results = read_results(path)
            site = site_lab_codes()
            raw = path.read_bytes()
        except (InputError, OSError) as exc:
            messages = exc.messages if isinstance(exc, InputError) else [str(exc)]
            QMessageBox.warning(window, title, "\n".join(messages))
            return None
        from .lab_import_dialog import LabImportDialog

        self.dialog = LabImportDialog(case, results, window.protocols, window.today(), site, window)
        self.dialog.finished.connect(lambda code, d=self.dialog, s=hashlib.sha256(raw).hexdigest():
                                     self._finished(d, code, s))
        self.dialog.open()
        return self.dialog

    def _finished(self, dialog: LabImportDialog, code: int, file_sha256: str) -> None:
        from PySide6.QtWidgets import QDialog

        if code != QDialog.DialogCode.Accepted or dialog.new_case is None:
            return
        from ...store import labs_imported_action
        from ..case_screen.case_form import state_from_case

        window = self.window
        changes = [f"{i.field}: {i.old or '(none)'} → {i.new} ({i.result.source})" for i in dialog.preview.applied]
        action = labs_imported_action(dialog.results.file_name, file_sha256, list(dialog.results.source_ids),
                                      changes)
        window.set_state(state_from_case(dialog.new_case))
        window.setWindowModified(True)
        window.update_title()
        session = window.store_session
        if session.active and session.flush("labs imported", actions=[action]):
            message = self.tr("Lab results from {file} applied and saved to the ward store ({count} value(s))")
        else:
            message = self.tr("Lab results from {file} applied in the window ({count} value(s)); not in the ward "
                              "store yet")
        window.statusBar().showMessage(message.format(file=dialog.results.file_name, count=len(changes)), 15000)
