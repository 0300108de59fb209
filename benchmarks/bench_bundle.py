"""Bundle size on disk and as a .deb, against a PyInstaller onedir of the bare PySide6 script.

Build first: bash benchmarks/build_bundles.sh. Run: .venv/bin/python benchmarks/bench_bundle.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks._common import ROOT, print_table  # noqa: E402


def folder_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def measure() -> list[tuple[str, str, str, str]]:
    app, bare = ROOT / "dist" / "ctit-dosing", ROOT / "dist" / "bare-window"
    if not (app.exists() and bare.exists()):
        return [("bundle size", "not built", "", "run benchmarks/build_bundles.sh")]
    mb = 1_000_000
    app_size, bare_size = folder_bytes(app), folder_bytes(bare)
    rows = [("bundle on disk", f"{app_size / mb:.1f} MB", f"{bare_size / mb:.1f} MB",
             f"{app_size / bare_size:.2f}× (target ≤ 1.15×)")]
    debs = sorted((ROOT / "dist").glob("ctit-dosing_*.deb"))
    if debs:
        rows.append((".deb", f"{debs[-1].stat().st_size / mb:.1f} MB", "", "target < 60 MB"))
    return rows


def main() -> None:
    print_table("Bundle", measure())


if __name__ == "__main__":
    main()
