"""The case as a file: New, Open…, Save, Save As…, Export PDF… and the unsaved-changes question.

:class:`CaseFiles` is one part of the main window (``window.files``, composed, not mixed in). The
window hands its File actions to it while no ward store is open (``MainWindow.case_keeper``);
with the store open they work on the stored case (:class:`~ctit_gui.ui.ward.ward_cases.WardCases`),
which still writes its exports and the dosing sheet through the folder and dialogs here.

Dialogs are Qt's static functions (``QFileDialog.getOpenFileName``, ``QMessageBox.warning`` …)
so tests can replace them.
"""

from __future__ import annotations

import importlib.util
import os
import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QObject, QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox

from ..core.errors import InputError
from ..core.session import read_case
from .case_screen.case_form import FormState, saveable_case, state_from_case

if TYPE_CHECKING:
    from .ward.ward_cases import WardCases

EXPORT_MODULE = "ctit_gui.sheet.export"


def exporter_available() -> bool:
    """Whether the PDF sheet exporter is installed, without importing it (reportlab is slow to load)."""
    try:
        return importlib.util.find_spec(EXPORT_MODULE) is not None
    except (ImportError, ValueError):
        return False


def with_extension(path: Path, extension: str) -> Path:
    """A file as the clinician named it, with ``extension`` (".pdf", ".json") added when the name does not
    end in it: "Wang.Li" is written as "Wang.Li.json", not as "Wang.Li" (a name's dot is not a file type)."""
    return path if path.suffix.lower() == extension else path.with_name(path.name + extension)


def _safe_name(text: str) -> str:
    return re.sub(r"[^\w.-]+", "-", text, flags=re.UNICODE).strip("-.") or "case"


class CaseFiles(QObject):
    """The case as a file, and the folder and dialogs every file the window writes goes through
    (see the module's docstring)."""

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        #: The case file the window shows (None: a new case, or one kept in the ward store).
        self.path: Path | None = None

    # --- where files go -------------------------------------------------------------------
    def last_folder(self) -> str:
        folder = QSettings().value("files/last_folder", "", str)
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def remember_folder(self, path: Path) -> None:
        QSettings().setValue("files/last_folder", str(path.parent))

    def ask_save_path(self, title: str, file_name: str, kinds: str) -> Path | None:
        """Where the clinician chooses to write a file: Qt's save dialog, opened in the last folder with
        ``file_name`` suggested (``kinds``: the dialog's file filter); None when cancelled."""
        name, _ = QFileDialog.getSaveFileName(self.window, title, str(Path(self.last_folder()) / file_name), kinds)
        return Path(name) if name else None

    def ask_case_path(self, title: str) -> Path | None:
        """Where to write the case as a JSON file (the patient's id suggested; ".json" added if not typed)."""
        path = self.ask_save_path(title, f"{_safe_name(self.window.state.patient_id)}.json",
                                  self.tr("Case files (*.json)"))
        return None if path is None else with_extension(path, ".json")

    def ask_open_case_path(self, title: str) -> Path | None:
        """The case file the clinician chooses to read, from the last folder; None when cancelled."""
        name, _ = QFileDialog.getOpenFileName(self.window, title, self.last_folder(),
                                              self.tr("Case files (*.json);;All files (*)"))
        return Path(name) if name else None

    # --- the File actions without a store ---------------------------------------------------
    def new_case(self) -> None:
        if self.maybe_save():
            self.show_new_case()

    def show_new_case(self) -> None:
        """An empty form, in no file (the unsaved-changes question already answered)."""
        window = self.window
        self.path = None
        window.set_state(FormState())
        window.setWindowModified(False)
        window.update_title()

    def open_case(self) -> None:
        if self.maybe_save() and (path := self.ask_open_case_path(self.tr("Open case"))):
            self.load_path(path)

    def load_path(self, path: Path) -> bool:
        """Open a case file; a file the core refuses leaves the current case as it was."""
        window = self.window
        try:
            case = read_case(path, window.protocols)
        except InputError as exc:
            QMessageBox.warning(window, self.tr("Cannot open the case"),
                                self.tr("{file} was not opened; the current case is unchanged.").format(
                                    file=path.name) + "\n\n" + "\n".join(exc.messages))
            return False
        window.set_state(state_from_case(case))
        self.path = path
        self.remember_folder(path)
        window.setWindowModified(False)
        window.update_title()
        window.statusBar().showMessage(self.tr("Opened {file}").format(file=str(path)), 5000)
        return True

    def save_case(self) -> bool:
        if self.path is None:
            return self.save_case_as()
        return self.write(self.path)

    def save_case_as(self) -> bool:
        if not self.window.check_saveable(self.tr("Cannot save")):
            return False
        path = self.ask_case_path(self.tr("Save case as"))
        return False if path is None else self.write(path)

    def write(self, path: Path) -> bool:
        """The window's case to ``path`` (through a temporary file: a failed write leaves the old one)."""
        window = self.window
        if not window.check_saveable(self.tr("Cannot save")):
            return False
        try:
            case = saveable_case(window.state, window.protocols, window.today())
        except InputError as exc:
            QMessageBox.warning(window, self.tr("Cannot save"), "\n".join(exc.messages))
            return False
        temporary = path.with_name(path.name + ".tmp")
        try:
            temporary.write_text(case.to_json() + "\n", encoding="utf-8")
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            QMessageBox.warning(window, self.tr("Cannot save"),
                                self.tr("{file} could not be written: {why}").format(file=str(path),
                                                                                       why=exc.strerror or exc))
            return False
        self.path = path
        self.remember_folder(path)
        window.setWindowModified(False)
        window.update_title()
        window.statusBar().showMessage(self.tr("Saved {file}").format(file=str(path)), 5000)
        return True

    def maybe_save(self, leaving: bool = False) -> bool:
        """True when it is fine to drop the current case (saved, discarded, or unchanged); the same
        question whether the window shows another case or closes (``leaving``)."""
        window = self.window
        if not window.half_typed_dates_settled():
            return False
        if not window.isWindowModified():
            return True
        answer = QMessageBox.question(
            window, self.tr("Unsaved changes"),
            self.tr("The case has unsaved changes. Save them first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_case()
        return answer == QMessageBox.StandardButton.Discard

    # --- the dosing sheet -----------------------------------------------------------------
    def export_pdf(self, ward: WardCases | None = None) -> bool:
        """File → Export PDF…. ``ward``: the ward store's side, when the case is kept there: the sheet
        carries the store's chain head (issue 13) and, while its server is away, since when (issue 14),
        and the export is recorded in the case's audit trail."""
        window = self.window
        if not window.check_saveable(self.tr("Cannot export")) or window.assessment is None:
            return False
        try:
            from ..sheet.export import export_sheet
        except ImportError as exc:
            QMessageBox.warning(window, self.tr("Cannot export"),
                                self.tr("The PDF exporter is not available: {why}").format(why=exc))
            return False
        if not self._confirm_do_not_dose_sheet():
            return False
        case = window.assessment.case
        day1 = case.day1.isoformat() if case.day1 else self.tr("no-day1")
        path = self.ask_save_path(self.tr("Export dosing sheet"), f"{_safe_name(case.patient.id)}_{case.trial}_{day1}.pdf",
                                  self.tr("PDF files (*.pdf)"))
        if path is None:
            return False
        path = with_extension(path, ".pdf")
        paper = "letter" if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem else "a4"
        try:
            anchor = ward.sheet_anchor() if ward else None  # the store's chain head (issue 13); none for a case file
            offline = ward.sheet_offline_since() if ward else None
            digest = export_sheet(window.assessment, path, paper=paper, generated_at=datetime.now().astimezone(),
                                  **({"anchor": anchor} if anchor else {}),
                                  **({"offline_since": offline} if offline else {}))
        except InputError as exc:
            QMessageBox.warning(window, self.tr("Cannot export"), "\n".join(exc.messages))
            return False
        except OSError as exc:
            QMessageBox.warning(window, self.tr("Cannot export"),
                                self.tr("{file} could not be written: {why}").format(file=str(path),
                                                                                       why=exc.strerror or exc))
            return False
        self.remember_folder(path)
        window.statusBar().showMessage(self.tr("Wrote {file} (sha256 {digest})").format(
            file=str(path), digest=str(digest)[:12]), 8000)
        if ward is not None:
            ward.pdf_exported(path, str(digest))
        self._offer_to_open(path)
        return True

    def _confirm_do_not_dose_sheet(self) -> bool:
        """For a patient who must not be dosed: say what the sheet will print, before it is written."""
        plan = self.window.assessment.plan
        block = getattr(plan, "dosing_block", None)
        if not block:
            return True
        from ..core.render import id_list, state_words

        ids = id_list(getattr(plan, "blocking", ())) or self.tr("see the eligibility list")
        answer = QMessageBox.question(
            self.window, self.tr("Export a sheet without doses"),
            self.tr("{words}\n\nThe sheet will print no dose rows and no boxes to tick: it says {words} across "
                    "the calendar, with the blocking criteria ({ids}), as a screening record. "
                    "Export it?").format(words=state_words(block), ids=ids),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Ok

    def _offer_to_open(self, path: Path) -> None:
        """After an export, the clinician may open the sheet in the system's PDF viewer to print it."""
        answer = QMessageBox.question(
            self.window, self.tr("Dosing sheet written"),
            self.tr("{file} was written. Open it in the PDF viewer now?").format(file=str(path)),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close, QMessageBox.StandardButton.Open)
        # imported here, after an export: the first import builds PySide's QUrl type with its enums (~4 M
        # instructions), which nothing else needs before the window's first paint (issue 17)
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if answer == QMessageBox.StandardButton.Open and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self.window, self.tr("Cannot open the sheet"),
                                self.tr("No PDF viewer could open {file}.").format(file=str(path)))
