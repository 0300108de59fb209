"""The window and the sheet in Chinese for docs/ (run: .venv/bin/python -m tests.ui.screenshot_chinese).

The stop-then-rescue patient on day 10 at 1366×768 and 1024×768 (calendar and criteria in use),
and page 1 of the Chinese sheet of the same patient.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import datetime, timezone, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[2]


def main(out: Path = ROOT / "docs") -> list[Path]:
    from ctit_gui.core.session import assess, default_protocols
    from ctit_gui.sheet.export import build_sheet_bytes
    from ctit_gui.ui import language
    from ctit_gui.ui.app import create_application

    from .screenshot_ward_sizes import stop_rescue_shots
    from .screenshots import _quantized
    from .test_ward_sizes import DAY10, SIZES, stop_then_rescue_case

    app = create_application([sys.argv[0]])
    language.apply_language("zh_CN", app)
    protocols = default_protocols()
    written = []
    for name in ("1366x768", "1024x768"):
        written += stop_rescue_shots(protocols, SIZES[name], f"window-zh-{name}", out, criteria_row=3)
    case = stop_then_rescue_case(protocols)
    generated = datetime(2026, 2, 12, 8, 0, tzinfo=timezone(timedelta(hours=8)))
    pdf = build_sheet_bytes(assess(case, protocols, DAY10), "a4", generated, language="zh_CN")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sheet.pdf"
        path.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(path),
                        str(out / "sheet-zh")], check=True)
    target = out / "sheet-zh.png"
    _quantized(target)
    written.append(target)
    return written


if __name__ == "__main__":
    print("\n".join(str(p) for p in main()))
