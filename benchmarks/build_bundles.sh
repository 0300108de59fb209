#!/usr/bin/env bash
# Build the program's bundle, its .deb and the bare baseline bundle into dist/.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build pyinstaller.spec
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build/bare benchmarks/bare.spec
bash packaging/build-deb.sh
