"""The baseline: a bare PySide6 script that shows one label and exits after its first paint."""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel


class _ExitOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def main() -> int:
    app = QApplication(sys.argv)
    label = QLabel("bare window")
    watcher = _ExitOnPaint()
    label.installEventFilter(watcher)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
