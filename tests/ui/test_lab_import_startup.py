"""Start-up does not pay for lab import: fhir.resources, hl7 and the preview dialog load only when an import runs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

_CHECK = (
    "import sys\n"
    "from ctit_gui.ui.app import run_window\n"
    "status = run_window(exit_after_show=True)\n"
    "loaded = [name for name in ('fhir', 'fhir.resources', 'fhir_core', 'hl7', 'ctit_gui.labs_import.fhir',\n"
    "                            'ctit_gui.labs_import.hl7v2') if name in sys.modules]\n"
    "print(status, 'ctit_gui.ui.dialogs.lab_import' in sys.modules, 'ctit_gui.ui.dialogs.lab_import_dialog' in sys.modules, loaded)\n"
)


def test_fhir_resources_hl7_and_the_preview_dialog_are_not_imported_by_the_first_paint():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run([sys.executable, "-c", _CHECK], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=120)
    # the window's lab import is there (so the check is not vacuous); its dialog module (issue 17: peak
    # memory with a case open) and its readers are not
    assert result.stdout.strip().split(maxsplit=3) == ["0", "True", "False", "[]"], result.stderr


def test_the_readers_do_load_them_when_an_import_runs():
    code = ("import sys\nfrom pathlib import Path\nfrom ctit_gui.labs_import import read_results\n"
            f"read_results(Path({str(ROOT / 'tests/labs/samples/hl7/oru-utf8-loinc.hl7')!r}))\n"
            f"read_results(Path({str(ROOT / 'tests/labs/samples/fhir/observation-single.json')!r}))\n"
            "print('hl7' in sys.modules, 'fhir.resources' in sys.modules)\n")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.stdout.split() == ["True", "True"], result.stderr
