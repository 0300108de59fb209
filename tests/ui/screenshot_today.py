"""Grab docs/window-today-1024.png and docs/window-today-1366.png: the Today page over the generated
30-case ward (tests/ward.py) on its ward day, at 1024×768 and 1366×768; and the handover PDF of the
same ward (docs/handover-a4.pdf is not kept: only its first page as PNG, see the README).

Run: ``.venv/bin/python -m tests.ui.screenshot_today [OUT_DIR]``. The store is a throw-away folder.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import datetime, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
SIZES = ((1024, 768), (1366, 768))


def main(out: Path = ROOT / "docs") -> list[Path]:
    from ctit_gui.core.session import default_protocols
    from ctit_gui.store import open_store
    from ctit_gui.ui.app import create_application
    from ctit_gui.ui.main_window import MainWindow
    from tests.ward import WARD_DAY, ward_cases

    from .screenshots import _quantized, settle

    app = create_application([sys.argv[0]])
    protocols = default_protocols()
    written = []
    moment = datetime(2026, 3, 16, 7, 30, tzinfo=timezone.utc)
    with tempfile.TemporaryDirectory() as folder:
        with open_store(folder, protocols=protocols, user="nurse.li", clock=lambda: moment) as store:
            for case in ward_cases():
                store.create_case(case)
        for width, height in SIZES:
            window = MainWindow(protocols, today=lambda: WARD_DAY)
            window.resize(width, height)
            assert window.ward.open_store(folder, quiet=True)
            window.show()
            settle()
            target = out / f"window-today-{width}.png"
            window.grab().save(str(target))
            _quantized(target)
            written.append(target)
            window.setWindowModified(False)
            window.close()
            window.deleteLater()
            app.processEvents()
    return written


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs"):
        print(f"{path} ({path.stat().st_size:,} bytes)")
