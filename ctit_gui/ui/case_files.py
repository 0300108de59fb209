"""New, Open…, Save, Save As…, Export PDF… and the unsaved-changes question, for the main window.

Dialogs are Qt's static functions (``QFileDialog.getOpenFileName``, ``QMessageBox.warning`` …)
so tests can replace them.
"""

from __future__ import annotations

import importlib.util
import os
import re
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QLocale, QSettings
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from ..core.errors import InputError
from ..core.session import read_case
from .case_screen.case_form import FormState, saveable_case, state_from_case

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


class CaseFileActions:
    """Mixed into the main window: everything that reads or writes a file."""

    path: Path | None = None

    # --- helpers the window provides ---------------------------------------------------
    def set_state(self, state: FormState) -> None:  # pragma: no cover - provided by the window
        raise NotImplementedError

    def _last_folder(self) -> str:
        folder = QSettings().value("files/last_folder", "", str)
        return folder if folder and Path(folder).is_dir() else str(Path.home())

    def _remember_folder(self, path: Path) -> None:
        QSettings().setValue("files/last_folder", str(path.parent))

    def _ask_save_path(self, title: str, file_name: str, kinds: str) -> Path | None:
        """Where the clinician chooses to write a file: Qt's save dialog, opened in the last folder with
        ``file_name`` suggested (``kinds``: the dialog's file filter); None when cancelled."""
        name, _ = QFileDialog.getSaveFileName(self, title, str(Path(self._last_folder()) / file_name), kinds)
        return Path(name) if name else None

    def _ask_case_path(self, title: str) -> Path | None:
        """Where to write the case as a JSON file (the patient's id suggested; ".json" added if not typed)."""
        path = self._ask_save_path(title, f"{_safe_name(self.state.patient_id)}.json", self.tr("Case files (*.json)"))
        return None if path is None else with_extension(path, ".json")

    def _problems_text(self) -> str:
        lines = self.result.problem_lines(self.field_labels())
        if not self.state.patient_id.strip():
            lines.insert(0, self.tr("Patient id: required"))
        if not (self.state.trial and self.state.arm):
            lines.insert(0, self.tr("Trial and arm: choose both"))
        return "\n".join(f"• {line}" for line in lines)

    # --- actions ------------------------------------------------------------------------
    def new_case(self) -> None:
        if self.maybe_save():
            self.path = None
            self.set_state(FormState())
            self.setWindowModified(False)
            self.update_title()

    def open_case(self) -> None:
        if not self.maybe_save():
            return
        name, _ = QFileDialog.getOpenFileName(self, self.tr("Open case"), self._last_folder(),
                                              self.tr("Case files (*.json);;All files (*)"))
        if name:
            self.load_path(Path(name))

    def load_path(self, path: Path) -> bool:
        """Open a case file; a file the core refuses leaves the current case as it was."""
        try:
            case = read_case(path, self.protocols)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Cannot open the case"),
                                self.tr("{file} was not opened; the current case is unchanged.").format(
                                    file=path.name) + "\n\n" + "\n".join(exc.messages))
            return False
        self.set_state(state_from_case(case))
        self.path = path
        self._remember_folder(path)
        self.setWindowModified(False)
        self.update_title()
        self.statusBar().showMessage(self.tr("Opened {file}").format(file=str(path)), 5000)
        return True

    def save_case(self) -> bool:
        if self.path is None:
            return self.save_case_as()
        return self._write(self.path)

    def save_case_as(self) -> bool:
        if not self._check_saveable(self.tr("Cannot save")):
            return False
        path = self._ask_case_path(self.tr("Save case as"))
        return False if path is None else self._write(path)

    def _check_saveable(self, title: str) -> bool:
        if self.result.saveable:
            return True
        QMessageBox.warning(self, title, self.tr("Correct these fields first:") + "\n" + self._problems_text())
        return False

    def _write(self, path: Path) -> bool:
        if not self._check_saveable(self.tr("Cannot save")):
            return False
        try:
            case = saveable_case(self.state, self.protocols)
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Cannot save"), "\n".join(exc.messages))
            return False
        temporary = path.with_name(path.name + ".tmp")
        try:
            temporary.write_text(case.to_json() + "\n", encoding="utf-8")
            os.replace(temporary, path)
        except OSError as exc:
            temporary.unlink(missing_ok=True)
            QMessageBox.warning(self, self.tr("Cannot save"),
                                self.tr("{file} could not be written: {why}").format(file=str(path),
                                                                                       why=exc.strerror or exc))
            return False
        self.path = path
        self._remember_folder(path)
        self.setWindowModified(False)
        self.update_title()
        self.statusBar().showMessage(self.tr("Saved {file}").format(file=str(path)), 5000)
        return True

    def half_typed_dates_settled(self) -> bool:
        """A date typed only in part counts as not set and is neither saved nor kept: before the window
        drops the case (another case, New, close), say which and let the clinician go back to finish it."""
        half_typed = self.patient_panel.half_typed_dates()
        if not half_typed:
            return True
        fields = "\n".join(self.tr("{field}: “{text}”").format(field=widget.edit.accessibleName(), text=text)
                           for widget, text in half_typed)
        answer = QMessageBox.question(
            self, self.tr("Date not finished"),
            self.tr("Typed only in part, not a whole date (YYYY-MM-DD):\n{fields}\n\nA date typed in part "
                    "counts as not set and is not kept. Cancel goes back to finish it; Discard leaves it not set.").format(
                fields=fields),
            QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer == QMessageBox.StandardButton.Discard:
            for widget, _text in half_typed:  # the clinician's choice: not set (asked once, not again)
                widget.set_date(None)
            return True
        half_typed[0][0].edit.setFocus()
        return False

    def maybe_save(self) -> bool:
        """True when it is fine to drop the current case (saved, discarded, or unchanged)."""
        if not self.half_typed_dates_settled():
            return False
        if not self.isWindowModified():
            return True
        answer = QMessageBox.question(
            self, self.tr("Unsaved changes"),
            self.tr("The case has unsaved changes. Save them first?"),
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save_case()
        return answer == QMessageBox.StandardButton.Discard

    def sheet_anchor(self) -> str | None:
        """The audit chain head a sheet carries in its footer; none for a case outside the store."""
        return None

    def sheet_offline_since(self):
        """When the ward store's server went away, if it is away now (the sheet says so); none otherwise."""
        return None

    def export_pdf(self) -> bool:
        if not self._check_saveable(self.tr("Cannot export")) or self.assessment is None:
            return False
        try:
            from ..sheet.export import export_sheet
        except ImportError as exc:
            QMessageBox.warning(self, self.tr("Cannot export"),
                                self.tr("The PDF exporter is not available: {why}").format(why=exc))
            return False
        if not self._confirm_do_not_dose_sheet():
            return False
        case = self.assessment.case
        day1 = case.day1.isoformat() if case.day1 else self.tr("no-day1")
        path = self._ask_save_path(self.tr("Export dosing sheet"), f"{_safe_name(case.patient.id)}_{case.trial}_{day1}.pdf",
                                   self.tr("PDF files (*.pdf)"))
        if path is None:
            return False
        path = with_extension(path, ".pdf")
        paper = "letter" if QLocale().measurementSystem() == QLocale.MeasurementSystem.ImperialUSSystem else "a4"
        try:
            anchor = self.sheet_anchor()  # the store's chain head (issue 13); none for a case file
            digest = export_sheet(self.assessment, path, paper=paper, generated_at=datetime.now().astimezone(),
                                  **({"anchor": anchor} if anchor else {}),
                                  **({"offline_since": offline} if (offline := self.sheet_offline_since()) else {}))
        except InputError as exc:
            QMessageBox.warning(self, self.tr("Cannot export"), "\n".join(exc.messages))
            return False
        except OSError as exc:
            QMessageBox.warning(self, self.tr("Cannot export"),
                                self.tr("{file} could not be written: {why}").format(file=str(path),
                                                                                       why=exc.strerror or exc))
            return False
        self._remember_folder(path)
        self.statusBar().showMessage(self.tr("Wrote {file} (sha256 {digest})").format(
            file=str(path), digest=str(digest)[:12]), 8000)
        self.pdf_exported(path, str(digest))
        self._offer_to_open(path)
        return True

    def _confirm_do_not_dose_sheet(self) -> bool:
        """For a patient who must not be dosed: say what the sheet will print, before it is written."""
        plan = self.assessment.plan
        block = getattr(plan, "dosing_block", None)
        if not block:
            return True
        from ..core.render import state_words

        ids = ", ".join(getattr(plan, "blocking", ())) or self.tr("see the eligibility list")
        answer = QMessageBox.question(
            self, self.tr("Export a sheet without doses"),
            self.tr("{words}\n\nThe sheet will print no dose rows and no boxes to tick: it says {words} across "
                    "the calendar, with the blocking criteria ({ids}), as a screening record. "
                    "Export it?").format(words=state_words(block), ids=ids),
            QMessageBox.StandardButton.Ok | QMessageBox.StandardButton.Cancel, QMessageBox.StandardButton.Cancel)
        return answer == QMessageBox.StandardButton.Ok

    def _offer_to_open(self, path: Path) -> None:
        """After an export, the clinician may open the sheet in the system's PDF viewer to print it."""
        answer = QMessageBox.question(
            self, self.tr("Dosing sheet written"),
            self.tr("{file} was written. Open it in the PDF viewer now?").format(file=str(path)),
            QMessageBox.StandardButton.Open | QMessageBox.StandardButton.Close, QMessageBox.StandardButton.Open)
        # imported here, after an export: the first import builds PySide's QUrl type with its enums (~4 M
        # instructions), which nothing else needs before the window's first paint (issue 17)
        from PySide6.QtCore import QUrl
        from PySide6.QtGui import QDesktopServices

        if answer == QMessageBox.StandardButton.Open and not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, self.tr("Cannot open the sheet"),
                                self.tr("No PDF viewer could open {file}.").format(file=str(path)))

    def pdf_exported(self, path: Path, digest: str) -> None:
        """After a PDF export: the window records it in the ward store's audit trail, if one is open."""
