#!/usr/bin/env bash
# Regenerate the sheet pictures in docs/ from the example patient stopped on day 7 (page 1, A4 and Letter).
# Usage: bash scripts/sheet-pictures.sh   (needs pdftoppm from poppler-utils, installed by setup.sh --test)
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
case=examples/nct07334093-experimental-eligible.json
for paper in a4 letter; do
  .venv/bin/python main.py sheet "$case" -o "$work/$paper.pdf" --paper "$paper" --generated-at 2026-02-09T08:00:00+08:00
  pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/$paper.pdf" "$work/$paper"
done
cp "$work/a4.png" docs/sheet-stopped-a4.png
cp "$work/a4.png" docs/sheet-example.png
cp "$work/letter.png" docs/sheet-stopped-letter.png
# docs/sheet-zh.png is the Chinese window's patient (STOP and RESCUE on day 10), beside its window pictures:
# .venv/bin/python -m tests.ui.screenshot_chinese writes it.
