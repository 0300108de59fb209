"""Start the window: the QApplication, the window's frame, then the protocols and the complete window.

Staged start (issue 17): the frame (title, menus, status bar, "Loading…"; ``startup_frame.py``) is
painted before the clinical core, pydantic and the window's modules are imported; in the next
turns of the event loop the protocols are loaded and validated and the complete window is built
and shown in the frame's place. The frame accepts no input, so nothing typed meanwhile can be
lost or go to a wrong field.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from .. import PROGRAM_NAME, __version__
from ..lean_start import pydantic_without_package_metadata, use_builtin_hashes
from . import qt_import_hook

qt_import_hook.install()  # before the program's other modules are imported (see the module)

#: With --exit-after-show, give up (exit 1) if the window has not painted by then.
FIRST_PAINT_TIMEOUT_MS = 20_000


def pause_collector() -> None:
    """Pause Python's cyclic garbage collector until the complete window has painted (:func:`resume_collector`).

    Start-up allocates ~70,000 long-lived tracked objects (modules, classes, pydantic's validators,
    Qt's enums, the widgets) and almost no cyclic garbage (~470 objects, measured); the collector
    would walk the young objects again every ~700 allocations, ~5 % of a start that shows a case
    (issue 17, cachegrind). Reference counting frees everything else at once; peak memory is
    unchanged (measured)."""
    global _collector_paused
    if gc.isenabled():
        gc.disable()
        _collector_paused = True


def resume_collector(freeze: bool = True) -> None:
    """Turn the collector back on, if :func:`pause_collector` turned it off.

    With ``freeze`` (after the window's first paint), what start-up built, which stays for the life
    of the window, is first moved out of the collector's generations (``gc.freeze``): the first
    collections after start-up, and every full one later (e.g. during edits), no longer walk it.
    Start-up's few cyclic leftovers stay with it. Without (the event loop has ended, or a test
    drives it), the collector is only turned back on."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        if freeze:
            gc.freeze()
        gc.enable()


_collector_paused = False


#: The widget style the program asks Qt for: every ward PC shows the look the screenshots and the
#: tests show (on Windows instead of its native style; on Linux it was Fusion already).
STYLE = "fusion"
#: The application property holding :data:`STYLE` while that style, chosen at start, is the
#: application's (removed at any later change of the application's style or style sheet).
STYLE_PROPERTY = "ctit_style"


def _style_given(argv: list[str]) -> bool:
    """Whether the command line chooses a style itself (Qt's ``-style X``, ``-style=X``, ``--style…``)."""
    return any(arg.lstrip("-") == "style" or arg.lstrip("-").startswith("style=")
               for arg in argv[1:] if arg.startswith("-"))


class _StyleWatch(QWidget):
    """Never shown: Qt tells every widget when the application's style (or style sheet) changes,
    also before the window exists; this one then removes :data:`STYLE_PROPERTY`."""

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.StyleChange:
            QCoreApplication.instance().setProperty(STYLE_PROPERTY, None)
        super().changeEvent(event)


def chosen_style() -> str | None:
    """The application's style when it is the one chosen at start (:data:`STYLE`), known without
    asking Qt for the style object: the first QStyle to reach Python makes PySide build its type
    and its hundreds of enum members (~44 M instructions, ~5 ms; issue 17). None: not known."""
    app = QCoreApplication.instance()
    return None if app is None else app.property(STYLE_PROPERTY)


def create_application(argv: list[str] | None = None) -> QApplication:
    """The program's QApplication (the one that exists, if any), in the :data:`STYLE` style unless
    the command line chose another (``-style``)."""
    app = QApplication.instance()
    if app is None:
        argv = list(sys.argv if argv is None else argv) or ["ctit-dosing"]
        chosen = not _style_given(argv)
        if chosen:
            argv[1:1] = ["-style", STYLE]
        app = QApplication(argv)
        if chosen and not app.styleSheet():  # (Qt's -stylesheet: a style sheet's style from the start)
            app.setProperty(STYLE_PROPERTY, STYLE)
            app._style_watch = _StyleWatch()  # (kept with the application)
    app.setApplicationName("ctit-dosing")
    app.setApplicationDisplayName(PROGRAM_NAME)
    app.setOrganizationName("ctit-dosing")
    app.setApplicationVersion(__version__)
    return app


def run_window(exit_after_show: bool = False, open_path: str | Path | None = None,
               data_dir: str | Path | None = None, store: str | None = None, language: str | None = None,
               exit_after_first_paint: bool = False) -> int:
    """Show the bedside window; with ``exit_after_show``, exit 0 right after the complete window's
    first paint (with ``open_path``, showing that case); with ``exit_after_first_paint``, exit 0
    right after the frame's first paint (the start-up benchmark's first paint).

    The frame is painted first, then the protocols are loaded and the complete window replaces it
    (:func:`build_window`). ``open_path``: a case file to open (imported into the ward store when
    it is open). A file the core refuses is reported (a dialog, or on stderr with
    ``exit_after_show``, which then exits 2) and the window starts empty. ``data_dir``: the ward
    store's folder (``--data-dir``; default ``$CTIT_DATA_DIR`` or the user's data folder), opened
    right after the complete window's first paint (with ``exit_after_show`` the program exits
    before). A store that cannot be opened is reported and the window works with case files only.
    ``store`` (``--store``): a PostgreSQL connection string or an SQLite folder; without it and
    ``data_dir``, ``$CTIT_STORE``, else the store last chosen in the window (Cases → Ward store…,
    remembered per user), else the default. Before the store opens the window asks who is working
    (:mod:`ctit_gui.ui.dialogs.sign_in`). ``language``: ``--lang`` for this run; otherwise the user's saved
    choice, or at first start the system locale (see ``language.py``).
    """
    pause_collector()
    try:
        return _run_window(exit_after_show, open_path, data_dir, store, language, exit_after_first_paint)
    finally:
        resume_collector(freeze=False)


def _run_window(exit_after_show, open_path, data_dir, store, language, exit_after_first_paint) -> int:
    app = create_application()
    from . import language as window_language

    window_language.apply_language(window_language.startup_language(language), app)
    from .startup_frame import StartupFrame

    frame = StartupFrame()
    screen = app.primaryScreen()
    available = screen.availableGeometry() if screen is not None else None
    if available is not None:
        frame.resize(min(1280, available.width()), min(800, available.height()))
    else:
        frame.resize(1280, 800)
    stopping = exit_after_show or exit_after_first_paint

    def too_slow() -> None:
        print("error: the window did not paint in time", file=sys.stderr)
        app.exit(1)

    if stopping:
        QTimer.singleShot(FIRST_PAINT_TIMEOUT_MS, too_slow)
    if exit_after_first_paint:
        frame.first_painted.connect(lambda: QTimer.singleShot(0, lambda: app.exit(0)))
    else:
        frame.first_painted.connect(lambda: QTimer.singleShot(
            0, lambda: _load_protocols(app, frame, exit_after_show, open_path, data_dir, store)))
    frame.show()
    return app.exec()


def _load_protocols(app: QApplication, frame, exit_after_show: bool, open_path, data_dir, store) -> None:
    """Second stage: the light look held (``light_look.py``), the clinical core and the protocols
    (validated on load); then the window."""
    if frame.closed_by_user:
        return
    if chosen_style() is not None:  # the program's look (no -style, no -stylesheet): its colours too
        from .light_look import keep_light_look

        keep_light_look(app)
    use_builtin_hashes()  # before pydantic imports hashlib
    pydantic_without_package_metadata()  # before pydantic builds its first model
    from ..core.errors import InputError
    from ..core.session import default_protocols

    try:
        protocols = default_protocols()
    except InputError as exc:
        text = "\n".join(exc.messages)
        print("error: the trial protocols could not be loaded:\n" + text, file=sys.stderr)
        if not exit_after_show:
            QMessageBox.critical(frame, PROGRAM_NAME,
                                 QCoreApplication.translate("app", "The trial protocols could not be loaded:")
                                 + "\n\n" + text)
        resume_collector()
        app.exit(2)
        return
    QTimer.singleShot(0, lambda: build_window(app, frame, protocols, exit_after_show, open_path, data_dir, store))


def build_window(app: QApplication, frame, protocols, exit_after_show: bool = False, open_path=None,
                 data_dir=None, store=None):
    """Third stage: the complete window, shown where the frame is; the frame is hidden. Returns the
    window (None if the frame was closed meanwhile or, with ``exit_after_show``, the case was refused)."""
    if frame.closed_by_user:
        resume_collector()
        return None
    from ..core.errors import InputError
    from . import language as window_language
    from .main_window import MainWindow

    state = None
    if open_path is not None and exit_after_show:  # no dialog may wait for a click: report and stop
        from ..core.session import read_case
        from .case_screen.case_form import state_from_case

        try:
            state = state_from_case(read_case(Path(open_path), protocols))
        except InputError as exc:
            print("error: " + "\n".join(exc.messages), file=sys.stderr)
            resume_collector()
            app.exit(2)
            return None
    window = MainWindow(protocols, state=state)  # the case shown from the start: the empty form is not computed
    window_language.current_window = window
    window.load_chart_after_paint = not exit_after_show

    def after_first_paint() -> None:
        """The ward store (and the case list) opens once the window is on screen, then the case file."""
        from PySide6.QtCore import QSettings

        from ..store.location import resolve_store

        location = resolve_store(store, data_dir) or QSettings().value("store/location", "", str) or None
        window.ward.sign_in_and_open(location)
        if open_path is not None:
            window.load_path(Path(open_path))

    window.first_painted.connect(resume_collector)
    if exit_after_show:
        window.first_painted.connect(lambda: QTimer.singleShot(0, lambda: app.exit(0)))
    else:
        window.first_painted.connect(lambda: QTimer.singleShot(0, after_first_paint))
    window.setGeometry(frame.geometry())
    if frame.isMaximized() or frame.isFullScreen():
        window.setWindowState(frame.windowState())
    active = frame.isActiveWindow()
    window.show()
    if active:
        window.activateWindow()
    frame.hide()
    frame.destroy()  # its window and backing store now, not after the window's paint (peak memory, issue 17)
    frame.deleteLater()
    return window
