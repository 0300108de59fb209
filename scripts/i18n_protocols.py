"""Keep the Chinese working translations of the protocol files in step with them.

``python scripts/i18n_protocols.py`` writes resources/i18n/protocols/<trial>.zh_CN.json with
every translatable sentence of resources/protocols/<trial>.json (criteria, rules, doses, arms,
notes), keyed by its place in the protocol ("criteria/IN4/text"), its English source beside the
translation. Existing translations whose English is unchanged are kept; new or changed
sentences get an empty "zh" for the translator (the tests fail until it is filled).
See docs/translations.md.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ctit_gui.core.protocol_translation import (  # noqa: E402
    FORMAT, NOTICE, translatable_sentences, translation_path,
)


def update(trial_file: Path, language: str = "zh_CN") -> tuple[Path, int]:
    protocol = json.loads(trial_file.read_text(encoding="utf-8"))
    target = translation_path(protocol["id"], language)
    old = json.loads(target.read_text(encoding="utf-8"))["entries"] if target.exists() else {}
    entries, missing = {}, 0
    for key, english in translatable_sentences(protocol).items():
        kept = old.get(key, {})
        chinese = kept.get("zh", "") if kept.get("en") == english else ""
        missing += not chinese
        entries[key] = {"en": english, "zh": chinese}
    document = {"format": FORMAT, "trial": protocol["id"], "language": language, "notice": NOTICE,
                "entries": entries}
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return target, missing


if __name__ == "__main__":
    for path in sorted((ROOT / "resources" / "protocols").glob("*.json")):
        written, missing = update(path)
        print(f"{written.relative_to(ROOT)}: {missing} sentence(s) to translate")
