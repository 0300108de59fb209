"""The baseline: a bare PySide6 script that shows one label and exits after its first paint.

With ``--with-core`` it first imports the clinical core and loads the protocols (pydantic and the
validators): the floor of any window that can show a verdict at its first paint. As the program
does before it imports the core: PySide6's per-module source check without ``linecache``
(``qt_import_hook``), hashlib without OpenSSL (``use_builtin_hashes``) and pydantic without
``importlib.metadata`` (``pydantic_without_package_metadata``); without them the floor held ~5 MiB
of module sources, 3.5 MiB of libcrypto and 2 MiB of package-metadata modules the program does not."""

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
    if "--with-core" in sys.argv[1:]:
        sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
        from ctit_gui.ui.app import pydantic_without_package_metadata, use_builtin_hashes  # installs the import hook

        use_builtin_hashes()  # as the program does
        pydantic_without_package_metadata()
        from ctit_gui.core.session import default_protocols

        default_protocols()
    label = QLabel("bare window")
    watcher = _ExitOnPaint()
    label.installEventFilter(watcher)
    label.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
