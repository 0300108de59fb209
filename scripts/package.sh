#!/usr/bin/env bash
# Build the one-folder bundle and the .deb, install the .deb, and smoke-test the installed
# program: --self-test, a `check` of an example case, and a real window on Xvfb (xcb platform).
# Usage: scripts/package.sh [--no-install]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --build

.venv/bin/pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build pyinstaller.spec
# The bundle must carry the Chinese catalogue and Qt's own Chinese words (docs/translations.md).
for needed in "resources/i18n/zh_CN/LC_MESSAGES/ctit.mo" "qtbase_zh_CN.qm"; do
  find dist/ctit-dosing -path "*$needed" | grep -q . || { echo "package: the bundle lacks $needed" >&2; exit 1; }
done
deb=$(bash packaging/build-deb.sh)
echo "package: built $deb ($(du -h "$deb" | cut -f1)); bundle $(du -sh dist/ctit-dosing | cut -f1)"
[ "${1:-}" = "--no-install" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get install -y -qq "./$deb" >/dev/null

# The smoke tests keep their ward store in a throw-away folder, not in this user's data folder.
CTIT_DATA_DIR=$(mktemp -d)
export CTIT_DATA_DIR
trap '$sudo dpkg -r ctit-dosing >/dev/null 2>&1 || true; rm -rf "$CTIT_DATA_DIR"' EXIT

echo "package: installed; running the installed program's self-test"
QT_QPA_PLATFORM=offscreen ctit-dosing --self-test
QT_QPA_PLATFORM=offscreen ctit-dosing check /opt/ctit-dosing/_internal/examples/nct07334093-experimental-eligible.json \
  | grep -q "Verdict: ELIGIBLE"
QT_QPA_PLATFORM=offscreen ctit-dosing check /opt/ctit-dosing/_internal/examples/nct07334093-experimental-eligible.json \
  --lang zh_CN | grep -q "结论：符合入组条件"
echo "package: check of an example case ok (English and Chinese)"

# A real window on the xcb platform; any Qt warning on stderr fails the smoke test.
log=$(mktemp)
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" ctit-dosing --exit-after-show 2>"$log"
if grep -v -E "^(\s*)$" "$log" | grep -q .; then
  echo "package: the frozen window wrote to stderr:" >&2; cat "$log" >&2; exit 1
fi
echo "package: frozen window painted on Xvfb (xcb)"

# The same window with a case open for a few seconds: the lazily loaded chart and calendar must
# come up without a word on stderr (the program is still running when timeout stops it: 124).
status=0
QT_QPA_PLATFORM=xcb xvfb-run -a -s "-screen 0 1280x800x24" \
  timeout 6 ctit-dosing --open /opt/ctit-dosing/_internal/examples/nct07334093-experimental-eligible.json \
  2>"$log" || status=$?
if [ "$status" -ne 124 ] || grep -v -E "^(\s*)$" "$log" | grep -q .; then
  echo "package: the frozen window with a case open failed (status $status):" >&2; cat "$log" >&2; exit 1
fi
echo "package: frozen window with a case open ran for 6 s without errors"

$sudo dpkg -r ctit-dosing >/dev/null
trap 'rm -rf "$CTIT_DATA_DIR"' EXIT
for left in /opt/ctit-dosing /usr/bin/ctit-dosing /usr/share/applications/ctit-dosing.desktop; do
  [ ! -e "$left" ] || { echo "package: $left left behind after dpkg -r" >&2; exit 1; }
done
echo "package: removed cleanly"
