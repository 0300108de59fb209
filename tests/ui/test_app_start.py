"""run_window: the window's frame paints first, the complete window replaces it, then the ward store
and the case file it was given open (issue 17's staged start)."""

from pathlib import Path

import shiboken6
from PySide6.QtWidgets import QApplication, QLineEdit

from ctit_gui.ui import app as app_module
from ctit_gui.ui.main_window import MainWindow
from ctit_gui.ui.startup_frame import StartupFrame

from .bedside import printed_by

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "nct07334093-experimental-eligible.json"


def _complete_window(qtbot) -> MainWindow:
    found = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown, timeout=20_000)
    qtbot.addWidget(found[0])
    return found[0]


def _run_until_store_is_open(qtbot, monkeypatch, **options) -> MainWindow:
    windows = []

    def exec_until_ready(_app):
        window = _complete_window(qtbot)
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


def test_staged_start_frame_first_then_the_complete_window_in_its_place(qtbot, monkeypatch, tmp_path):
    seen = {}

    def exec_staged(_app):
        frame = next(w for w in QApplication.topLevelWidgets() if isinstance(w, StartupFrame) and w.isVisible())
        # the frame: the window's title and menus, greyed, and nothing that takes the keyboard
        seen["menus"] = [m.title() for m in frame.menus]
        seen["enabled"] = [m.isEnabled() for m in frame.menus]
        seen["title"] = frame.windowTitle()
        seen["geometry"] = frame.geometry()
        # when the frame paints, no window is built yet (asked at the signal: the next stages may run
        # in the same pass of the event loop as the paint)
        frame.first_painted.connect(lambda: seen.setdefault(
            "window at first paint", [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]))
        qtbot.waitUntil(lambda: frame._painted, timeout=10_000)
        window = _complete_window(qtbot)
        seen["window"] = window
        seen["frame visible"] = shiboken6.isValid(frame) and frame.isVisible()  # hidden, then deleted
        qtbot.waitUntil(lambda: window.store_session.active, timeout=10_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_staged)
    assert app_module.run_window(data_dir=tmp_path / "ward", open_path=EXAMPLE) == 0
    window = seen["window"]
    assert seen["window at first paint"] == []
    assert seen["menus"] == ["&File", "&View", "&Cases", "&Help"] and seen["enabled"] == [False] * 4
    assert seen["title"] == "CTIT dosing assistant"
    assert not seen["frame visible"]
    assert window.geometry() == seen["geometry"]
    # the complete window: its menus work and the case is shown with its verdict and calendar
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&View", "&Cases", "&Help"]
    qtbot.waitUntil(lambda: window.state.patient_id == "SYSU-0042", timeout=10_000)
    assert window.assessment is not None and window.calendar_model.rowCount() == 14
    window.blocking_action.trigger()
    assert window.eligibility_panel.blocking_only.isChecked()
    window.new_action.trigger()
    assert window.state.patient_id == "" and window.assessment is None


def test_keys_typed_before_the_window_is_ready_are_not_accepted_anywhere(qtbot, monkeypatch, tmp_path):
    seen = {}

    def exec_typing(_app):
        frame = next(w for w in QApplication.topLevelWidgets() if isinstance(w, StartupFrame) and w.isVisible())
        assert frame.focusWidget() is None  # no field exists yet that could take the keys
        qtbot.keyClicks(frame, "123")  # before the frame's first paint
        frame.first_painted.connect(lambda: qtbot.keyClicks(frame, "456"))  # between paint and build
        window = _complete_window(qtbot)
        seen["window"] = window
        qtbot.waitUntil(lambda: window.store_session.active, timeout=10_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_typing)
    assert app_module.run_window(data_dir=tmp_path / "ward") == 0
    window = seen["window"]
    typed = [e.text() for e in window.findChildren(QLineEdit) if e.text()]
    assert typed == []
    assert window.state.patient_id == "" and not window.isWindowModified()
    # and keys typed now do reach the field that has the focus
    window.patient_panel.patient_id.setFocus()
    qtbot.keyClicks(window.patient_panel.patient_id, "SYSU-1")
    assert window.state.patient_id == "SYSU-1"
    window.store_session.timer.stop()
    window.store_session.detach()  # a case without trial and arm is not saved: close without asking
    window.setWindowModified(False)


def test_the_frame_paints_before_the_core_and_the_window_modules_are_imported():
    code = (
        "import sys\n"
        "from ctit_gui.ui.app import run_window\n"
        "status = run_window(exit_after_first_paint=True)\n"
        "print(status, *[name in sys.modules for name in ('pydantic', 'ctit_gui.core.case', 'ctit_gui.core.session',\n"
        "                                                 'ctit_gui.ui.main_window', 'ctit_gui.ui.widgets.fields')])\n"
    )
    assert printed_by(code, timeout=120) == ["0", "False", "False", "False", "False", "False"]


def test_exit_after_show_waits_for_the_complete_window():
    code = (
        "import sys\n"
        "from ctit_gui.ui.app import run_window\n"
        "status = run_window(exit_after_show=True)\n"
        "from ctit_gui.ui import language\n"
        "window = language.current_window\n"
        "print(status, window._painted, window.isVisible())\n"
    )
    assert printed_by(code, timeout=120) == ["0", "True", "True"]


def test_the_garbage_collector_is_on_again_once_the_window_has_painted(qtbot, monkeypatch, tmp_path):
    import gc

    states = {}

    def exec_watching(_app):
        states["while starting"] = gc.isenabled()
        window = _complete_window(qtbot)
        qtbot.waitUntil(lambda: window._painted, timeout=10_000)
        states["after the paint"] = gc.isenabled()
        qtbot.waitUntil(lambda: window.store_session.active, timeout=10_000)
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_watching)
    assert gc.isenabled()
    assert app_module.run_window(data_dir=tmp_path / "ward") == 0
    assert states == {"while starting": False, "after the paint": True}
    assert gc.isenabled()


def test_the_garbage_collector_is_on_again_when_start_up_stops_on_a_refused_case(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    code = (
        "import gc, sys\n"
        "from ctit_gui.ui.app import run_window\n"
        f"status = run_window(exit_after_show=True, open_path={str(bad)!r})\n"
        "print(status, gc.isenabled())\n"
    )
    assert printed_by(code, timeout=120) == ["2", "True"]


def test_the_window_hashes_without_openssl_and_gets_the_same_digests():
    """The window's process does not load OpenSSL's libcrypto for hashlib (3.5 MiB resident; pydantic
    imports it through ``secrets``): Python's own SHA-256 gives the protocols' and files' digests, the
    same as OpenSSL's. Nor does it import the ``html`` package's entity tables to show a case."""
    import hashlib

    from ctit_gui.core.session import default_protocols

    code = (
        "import sys\n"
        "from ctit_gui.ui.app import run_window\n"
        f"status = run_window(exit_after_show=True, open_path={str(EXAMPLE)!r})\n"
        "from ctit_gui.ui import language\n"
        "import hashlib\n"
        "window = language.current_window\n"
        "mapped = 'libcrypto' in open('/proc/self/maps').read() or 'html' in sys.modules\n"
        f"digest = hashlib.sha256(open({str(EXAMPLE)!r}, 'rb').read()).hexdigest()\n"
        "print(status, mapped, window.state.patient_id, digest,\n"
        "      *[f'{t}={p.short_hash}' for t, p in sorted(window.protocols.items())])\n"
    )
    expected = [f"{t}={p.short_hash}" for t, p in sorted(default_protocols().items())]
    digest = hashlib.sha256(EXAMPLE.read_bytes()).hexdigest()  # OpenSSL's, in this process
    assert printed_by(code, timeout=120) == ["0", "False", "SYSU-0042", digest, *expected]


def test_the_window_shows_a_case_without_importing_package_metadata():
    """pydantic's plugin loader would import ``importlib.metadata`` (with ``email``, ``socket``, ``csv``…:
    2 MiB resident) although plugins are off; the window defers it. The loader's ``entry_points`` still
    finds what the real one finds once it is called, and later imports get the real module."""
    code = (
        "import sys\n"
        "from ctit_gui.ui.app import run_window\n"
        f"status = run_window(exit_after_show=True, open_path={str(EXAMPLE)!r})\n"
        "from ctit_gui.ui import language\n"
        "loaded = [name for name in ('importlib.metadata', 'email', 'socket', 'csv') if name in sys.modules]\n"
        "import importlib.metadata, pydantic.plugin._loader as loader\n"
        "real = sorted(e.name for e in importlib.metadata.entry_points(group='console_scripts'))\n"
        "deferred = sorted(e.name for e in loader.entry_points(group='console_scripts'))\n"
        "print(status, language.current_window.state.patient_id, loaded or 'none',\n"
        "      importlib.metadata.__file__.endswith('__init__.py'), deferred == real and len(real) > 0,\n"
        "      tuple(loader.get_plugins()))\n"
    )
    assert printed_by(code, timeout=120) == ["0", "SYSU-0042", "none", "True", "True", "()"]


def test_the_window_escapes_text_for_rich_labels_as_html_escape_does():
    import html

    from ctit_gui.ui.translated import escape

    for text in ("", "PLT <50 & >20", "a \"quoted\" 'word'", "&amp; already", "中文 <b>粗</b>", "<<&&>>"):
        assert escape(text) == html.escape(text)


def test_a_shown_case_builds_no_gradient_type_and_its_brushes_are_solid():
    """The calendar's and criteria's cell brushes and the status icons are made without PySide building
    its QGradient type (169 presets, ~13 M instructions at start; issue 17): the same solid colours."""
    code = (
        "from PySide6 import QtGui\n"
        "from PySide6.QtCore import Qt\n"
        "from ctit_gui.ui.app import run_window\n"
        f"status = run_window(exit_after_show=True, open_path={str(EXAMPLE)!r})\n"
        "built = 'QGradient' in QtGui.__dict__\n"
        "from ctit_gui.ui.widgets.cell_cache import brush\n"
        "from ctit_gui.ui.widgets.icons import status_pixmap\n"
        "made = brush('#c62828')\n"
        "centre = status_pixmap('fail').toImage().pixelColor(3, 8).name()\n"
        "print(status, built, made.color().name(), made.style() == Qt.BrushStyle.SolidPattern, centre)\n"
    )
    assert printed_by(code, timeout=120) == ["0", "False", "#c62828", "True", "#c62828"]


def test_a_shown_case_builds_no_url_type_until_a_sheet_is_opened_in_the_viewer():
    """QUrl and QDesktopServices serve only "open the written sheet in the PDF viewer": imported there,
    not at start (PySide's QUrl type with its enums, ~4 M instructions; issue 17). Opening still works
    (tests/ui/test_case_files.py)."""
    code = (
        "from PySide6 import QtCore, QtGui\n"
        "from ctit_gui.ui.app import run_window\n"
        f"status = run_window(exit_after_show=True, open_path={str(EXAMPLE)!r})\n"
        "print(status, 'QUrl' in QtCore.__dict__, 'QDesktopServices' in QtGui.__dict__)\n"
    )
    assert printed_by(code, timeout=120) == ["0", "False", "False"]


def test_an_english_start_builds_no_font_database_or_library_info_type():
    """Qt's font database and library paths serve only Chinese (the embedded CJK font, Qt's own
    translations): imported when Chinese is applied, not at an English start (issue 17). Chinese
    still registers the font and Qt's words (tests/ui/test_chinese_window.py)."""
    code = (
        "from PySide6 import QtCore, QtGui\n"
        "from ctit_gui.ui.app import run_window\n"
        f"status = run_window(exit_after_show=True, open_path={str(EXAMPLE)!r}, language='en')\n"
        "print(status, 'QFontDatabase' in QtGui.__dict__, 'QLibraryInfo' in QtCore.__dict__)\n"
        "from ctit_gui.ui.language import apply_language, register_cjk_font\n"
        "apply_language('zh_CN')\n"
        "print(len(register_cjk_font()) > 0, 'QFontDatabase' in QtGui.__dict__)\n"
    )
    assert printed_by(code, timeout=120) == ["0", "False", "False", "True", "True"]
