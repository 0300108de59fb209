"""Grab docs/window-case-list.png: the window at start, 1280×800, with the ward case list showing a few cases.

Run: ``.venv/bin/python -m tests.ui.screenshot_case_list [OUT_DIR]``. The store is a throw-away
folder (never the user's); its saves are dated on the morning of 2026-03-16 so the picture does
not change from run to run (the times shown are local).
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
WARD_DAY = date(2026, 3, 16)

#: (file, who imported it, minutes after 07:30 UTC)
CASES = (("nct07243418-secondary-nadir-ineligible.json", "nurse.li", 0),
         ("nct07334093-experimental-eligible.json", "dr.chen", 14),
         ("nct07243418-primary-dose-review.json", "nurse.li", 31),
         ("nct07334093-incomplete.json", "dr.wang", 47),
         ("nct07334093-control-rescue.json", "dr.chen", 63))


def fill_store(folder: Path, protocols) -> None:
    from ctit_gui.core.session import read_case
    from ctit_gui.store import open_store

    start = datetime(2026, 3, 16, 7, 30, tzinfo=timezone.utc)
    for name, user, minutes in CASES:
        moment = start + timedelta(minutes=minutes)
        with open_store(folder, protocols=protocols, user=user, clock=lambda m=moment: m) as store:
            case = read_case(EXAMPLES / name, protocols)
            store.import_case(case, source=name, source_sha256="0" * 64)


def main(out: Path = ROOT / "docs", also_open: Path | None = None) -> list[Path]:
    from ctit_gui.core.session import default_protocols
    from ctit_gui.ui.app import create_application
    from ctit_gui.ui.main_window import MainWindow

    from .screenshots import _quantized, settle

    app = create_application([sys.argv[0]])
    protocols = default_protocols()
    written = []

    with tempfile.TemporaryDirectory() as folder:
        fill_store(Path(folder), protocols)
        window = MainWindow(protocols, today=lambda: WARD_DAY)
        window.resize(1280, 800)
        assert window.ward.open_store(folder, quiet=True)
        window.show()
        settle()
        window.ensure_chart()
        window.ward.case_list.table.selectRow(0)
        settle()
        target = out / "window-case-list.png"
        window.grab().save(str(target))
        _quantized(target)
        written.append(target)
        if also_open is not None:  # a case open with the list brought back (Ctrl+L): for checking the layout
            window.ward.open_stored_case(window.ward.case_list.model.cases[0].case_id)
            window.ward.show_case_list()
            settle()
            window.grab().save(str(also_open))
            written.append(also_open)
        window.setWindowModified(False)
        window.close()
        window.deleteLater()
        app.processEvents()
    return written


if __name__ == "__main__":
    extra = Path(os.environ["CTIT_SHOT_OPEN"]) if os.environ.get("CTIT_SHOT_OPEN") else None
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "docs", extra):
        print(f"{path} ({path.stat().st_size:,} bytes)")
