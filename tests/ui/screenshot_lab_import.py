"""Grabs of the lab import preview at 1024×768 and 1366×768 (run: .venv/bin/python -m tests.ui.screenshot_lab_import OUT).

States: a clean HL7 file (all proposed), a file with same-day counts, a preliminary and a rescue-level
count (left to the user), and another patient's file (refused); plus the window's patient panel.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.ui.screenshots import settle  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "labs" / "samples"


def main(out: Path) -> None:
    from PySide6.QtWidgets import QApplication

    from ctit_gui.core.session import default_protocols, read_case
    from ctit_gui.labs_import import read_results, site_lab_codes
    from ctit_gui.ui.case_screen.case_form import state_from_case
    from ctit_gui.ui.dialogs.lab_import_dialog import LabImportDialog
    from ctit_gui.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv)
    protocols = default_protocols()
    case = read_case(SAMPLES / "case.json", protocols)
    out.mkdir(parents=True, exist_ok=True)
    window = MainWindow(protocols, today=lambda: date(2026, 11, 25))
    window.set_state(state_from_case(case))
    for width in (1024, 1366):
        window.resize(width, 768)
        window.show()
        settle()
        window.grab().save(str(out / f"window-{width}.png"))
        for name in ("hl7/oru-utf8-loinc.hl7", "hl7/oru-two-messages-status.hl7", "hl7/oru-wrong-patient.hl7",
                     "fhir/searchset-status.json"):
            dialog = LabImportDialog(case, read_results(SAMPLES / name), protocols, date(2026, 11, 25),
                                     site_lab_codes(), window)
            dialog.resize(min(width - 40, 1300), 700)
            dialog.show()
            settle()
            dialog.grab().save(str(out / f"labs-{Path(name).stem}-{width}.png"))
            dialog.close()
    window.setWindowModified(False)
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/lab-import-shots"))
