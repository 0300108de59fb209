"""The window's frame, painted before the clinical core, pydantic and the panels are loaded (issue 17).

The frame has the window's title, its menu bar (File, View, Cases, Help, greyed until the window
is ready), a status bar and a "Loading…" state. ``app.run_window`` shows it first, then, in the
next turns of the event loop, loads the protocols and builds the complete window in its place
(the same geometry; the frame is hidden once the window is shown, as a language switch does).

Nothing typed while the frame is shown can be lost or land in a wrong field: the frame has no
widget that takes keyboard focus and no action with a shortcut, so it accepts no input at all;
the fields exist only in the complete window.

Import cost matters here: only the Qt classes the bare label also needs, plus a few. In
particular not ``PySide6.QtCore.Qt``, whose first use creates ~130 Python enums (~125 M
instructions, as much as the whole frame may cost).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMainWindow, QVBoxLayout, QWidget

from .. import PROGRAM_NAME

#: The window's menus, in its order and words (translated with the window's own catalogue entries).
MENU_TITLES = ("&File", "&View", "&Cases", "&Help")


def _tr(text: str) -> str:
    return QCoreApplication.translate("MainWindow", text)


class StartupFrame(QMainWindow):
    """Title, greyed menus, status bar and a loading message: the window's first paint."""

    first_painted = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("startup_frame")
        self._painted = False
        #: True once the user closed the frame (the program then stops instead of building the window).
        self.closed_by_user = False
        self.setWindowTitle(_tr(PROGRAM_NAME))
        self.menus = []
        for title in MENU_TITLES:
            menu = self.menuBar().addMenu(_tr(title))
            menu.setEnabled(False)  # nothing to choose until the window is ready
            self.menus.append(menu)
        self.message = QLabel(_tr("Loading the trial protocols…"))
        self.message.setAccessibleName(_tr("Loading"))
        central = QWidget(self)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.message)
        row.addStretch(1)
        column = QVBoxLayout(central)
        column.addStretch(1)
        column.addLayout(row)
        column.addStretch(1)
        self.setCentralWidget(central)
        self.statusBar().showMessage(_tr("Loading…"))

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt's name
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt's name
        self.closed_by_user = self.isVisible()
        super().closeEvent(event)
