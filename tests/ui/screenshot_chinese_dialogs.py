"""The Chinese Today page, lab-import preview and refusal, close-case, sign-in and history dialogs at 1024×768 and
1366×768 (run: .venv/bin/python -m tests.ui.screenshot_chinese_dialogs OUT_DIR). The store is a throw-away folder."""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "labs" / "samples"
SIZES = ((1024, 768), (1366, 768))


def main(out: Path) -> list[Path]:
    from ctit_gui.core.session import default_protocols, read_case
    from ctit_gui.labs_import import read_results, site_lab_codes
    from ctit_gui.store import open_store
    from ctit_gui.ui import language
    from ctit_gui.ui.app import create_application
    from ctit_gui.ui.case_screen.case_form import state_from_case
    from ctit_gui.ui.dialogs.lab_import_dialog import LabImportDialog
    from ctit_gui.ui.main_window import MainWindow
    from ctit_gui.ui.dialogs.sign_in import SignInDialog
    from ctit_gui.ui.ward.today_view import CloseCaseDialog
    from tests.ward import WARD_DAY, ward_cases

    from .screenshots import settle

    app = create_application([sys.argv[0]])
    language.apply_language("zh_CN", app)
    protocols = default_protocols()
    out.mkdir(parents=True, exist_ok=True)
    written = []

    def grab(widget, name: str) -> None:
        settle()
        target = out / name
        widget.grab().save(str(target))
        written.append(target)

    moment = datetime(2026, 3, 16, 7, 30, tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory() as folder:
        with open_store(folder, protocols=protocols, user="nurse.li", clock=lambda: moment) as store:
            ids = [store.create_case(case).case_id for case in ward_cases()]
        for width, height in SIZES:
            window = MainWindow(protocols, today=lambda: WARD_DAY)
            window.resize(width, height)
            assert window.ward.open_store(folder, quiet=True)
            window.show()
            grab(window, f"today-zh-{width}.png")
            close = CloseCaseDialog("S01-SCREEN", window)
            close.show()
            grab(close, f"close-case-zh-{width}.png")
            close.close()
            assert window.ward.open_stored_case(ids[11])  # the control-arm rescue patient
            settle()
            grab(window, f"case-zh-{width}.png")
            grab_refusal(window, width, out, written)
            history = window.ward.show_history()
            history.resize(min(900, width - 40), min(520, height - 60))
            grab(history, f"history-zh-{width}.png")
            history.close()
            window.setWindowModified(False)
            window.close()
            window.deleteLater()
            app.processEvents()
    for postgres in (True, False):
        dialog = SignInDialog(None, postgres=postgres, where="host=ward-db dbname=ctit" if postgres else folder)
        dialog.show()
        grab(dialog, f"sign-in-zh-{'pg' if postgres else 'sqlite'}.png")
        dialog.close()
    case = read_case(SAMPLES / "case.json", protocols)
    results = read_results(SAMPLES / "hl7" / "oru-utf8-loinc.hl7")
    for width, height in SIZES:
        window = MainWindow(protocols, today=lambda: date(2026, 11, 12))
        window.set_state(state_from_case(case))
        window.resize(width, height)
        window.show()
        settle()
        dialog = LabImportDialog(case, results, protocols, date(2026, 11, 12), site_lab_codes(), window)
        dialog.resize(min(1000, width - 24), min(560, height - 60))
        dialog.show()
        grab(dialog, f"lab-import-zh-{width}.png")
        dialog.close()
        window.setWindowModified(False)
        window.close()
    return written


def grab_refusal(window, width: int, out: Path, written: list[Path]) -> None:
    """File → Import lab results… with a file that is no lab result file: the warning the window shows (a real
    message box, shown without blocking), alone and drawn over the window where Qt centres it."""
    from PySide6.QtGui import QPainter
    from PySide6.QtWidgets import QMessageBox

    from .screenshots import settle

    shown: list[QMessageBox] = []

    def warning(parent, title, text, *_args, **_kwargs):
        box = QMessageBox(QMessageBox.Icon.Warning, title, text, QMessageBox.StandardButton.Ok, parent)
        box.show()
        shown.append(box)
        return QMessageBox.StandardButton.Ok

    original = QMessageBox.warning
    QMessageBox.warning = staticmethod(warning)
    try:
        with tempfile.TemporaryDirectory() as folder:
            bad = Path(folder) / "血常规.csv"
            bad.write_text("PLT,33\n", encoding="utf-8")
            window.lab_import.import_file(bad)
    finally:
        QMessageBox.warning = original
    box = shown[-1]
    settle()
    box.move(window.geometry().center() - box.rect().center())
    settle()
    target = out / f"lab-import-refused-zh-{width}.png"
    box.grab().save(str(target))
    written.append(target)
    picture = window.grab()
    painter = QPainter(picture)
    painter.drawPixmap(box.geometry().topLeft() - window.geometry().topLeft(), box.grab())
    painter.end()
    target = out / f"lab-import-refused-window-zh-{width}.png"
    picture.save(str(target))
    written.append(target)
    box.close()


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("shots")):
        print(path)
