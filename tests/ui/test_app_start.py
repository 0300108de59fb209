"""run_window: the window paints first, then opens the ward store and the case file it was given."""

from pathlib import Path

from PySide6.QtWidgets import QApplication

from ctit_gui.ui import app as app_module
from ctit_gui.ui.main_window import MainWindow

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "nct07334093-experimental-eligible.json"


def _run_until_store_is_open(qtbot, monkeypatch, **options) -> MainWindow:
    windows = []

    def exec_until_ready(_app):
        window = next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible())
        qtbot.addWidget(window)
        qtbot.waitUntil(lambda: window.store_session.active, timeout=10_000)
        windows.append(window)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_until_ready)
    assert app_module.run_window(**options) == 0
    return windows[0]


def test_store_opens_in_the_data_dir_after_the_first_paint(qtbot, monkeypatch, tmp_path):
    window = _run_until_store_is_open(qtbot, monkeypatch, data_dir=tmp_path / "ward")
    assert window._painted
    assert (tmp_path / "ward" / "cases.sqlite3").exists()


def test_case_file_given_at_start_is_imported_into_the_store(qtbot, monkeypatch, tmp_path):
    window = _run_until_store_is_open(qtbot, monkeypatch, data_dir=tmp_path / "ward", open_path=EXAMPLE)
    qtbot.waitUntil(lambda: len(window.store_session.list_cases()) == 1, timeout=10_000)
    assert "SYSU-0042" in window.windowTitle()
