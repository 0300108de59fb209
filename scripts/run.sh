#!/usr/bin/env bash
# Install (first time) and start the CTIT dosing assistant window.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python main.py "$@"
