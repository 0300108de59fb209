"""The baseline: a bare PySide6 script that shows one label and exits after its first paint.

With ``--with-core`` it first imports the clinical core and loads the protocols (pydantic and the
validators): the floor of any window that can show a verdict at its first paint. As the program
does before it imports the core: PySide6's per-module source check without ``linecache``
(``qt_import_hook``), hashlib without OpenSSL (``use_builtin_hashes``) and pydantic without
``importlib.metadata`` (``pydantic_without_package_metadata``); without them the floor held ~5 MiB
of module sources, 3.5 MiB of libcrypto and 2 MiB of package-metadata modules the program does not.

With ``--with-case CASE.json`` (implies ``--with-core``) it reads and assesses the case as the program does and
shows, instead of the label, the least window that shows its verdict and calendar: the verdict in one label over
a plain 14-row ``QTableWidget`` (day, date, the day's doses), aligned with ``Qt`` flags. No styling, no
criteria, no banners: the floor of the measure "window showing the case's verdict and calendar" in this stack."""

import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel


class _ExitOnPaint(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


def _case_window(case_path: str, protocols):
    """The verdict over a plain table of the 14 days: what the measure asks the window to show, and no more."""
    from pathlib import Path

    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

    from ctit_gui.core.eligibility import VERDICT_WORDS
    from ctit_gui.core.session import assess, read_case

    assessment = assess(read_case(Path(case_path), protocols), protocols)
    window = QWidget()
    layout = QVBoxLayout(window)
    layout.addWidget(QLabel(VERDICT_WORDS[assessment.eligibility.verdict]))
    days = assessment.plan.days
    table = QTableWidget(len(days), 3)
    for row, day in enumerate(days):
        for column, text in enumerate((str(day.day), str(day.date or ""), "; ".join(d.text for d in day.doses))):
            item = QTableWidgetItem(text)
            item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(row, column, item)
    layout.addWidget(table)
    window.resize(1280, 800)
    return window


def main() -> int:
    app = QApplication(sys.argv)
    case_path = sys.argv[sys.argv.index("--with-case") + 1] if "--with-case" in sys.argv else None
    if "--with-core" in sys.argv[1:] or case_path:
        sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent))
        from ctit_gui.ui.app import pydantic_without_package_metadata, use_builtin_hashes  # installs the import hook

        use_builtin_hashes()  # as the program does
        pydantic_without_package_metadata()
        from ctit_gui.core.session import default_protocols

        protocols = default_protocols()
    shown = QLabel("bare window") if case_path is None else _case_window(case_path, protocols)
    watcher = _ExitOnPaint()
    shown.installEventFilter(watcher)
    shown.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
