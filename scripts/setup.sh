#!/usr/bin/env bash
# Install what the program needs on a Debian/Ubuntu machine: system libraries for Qt and the
# PDF tools (apt-get, as root or through sudo), then a virtual environment in .venv with the
# exact Python packages from constraints.txt.  Usage: scripts/setup.sh [--test] [--build] [--bench]
# (--bench: valgrind, for the benchmarks' instruction counts; not needed by the tests)
set -euo pipefail
cd "$(dirname "$0")/.."

with_tests=false
with_build=false
with_bench=false
for option in "$@"; do
  case "$option" in
    --test) with_tests=true ;;
    --build) with_build=true ;;
    --bench) with_bench=true ;;
    *) echo "setup: unknown option $option (allowed: --test, --build, --bench)" >&2; exit 2 ;;
  esac
done

# Qt's xcb/offscreen platforms, the CJK font the window and sheet use, Xvfb for a real window
# without a screen, poppler-utils to check PDFs (pdftoppm, pdffonts), gettext for msgfmt --check
# of the translation catalogue.
apt_packages=(
  python3-venv fonts-wqy-microhei fontconfig
  libegl1 libgl1 libxkbcommon0 libxkbcommon-x11-0 libdbus-1-3 libglib2.0-0
  libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0
  libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libxcb-xfixes0 libxrender1 libx11-xcb1
)
# postgresql: a throw-away server for the shared-ward-store tests (scripts/pg-test-server.sh).
$with_tests && apt_packages+=(xvfb xauth poppler-utils postgresql gettext)
$with_build && apt_packages+=(binutils dpkg-dev xvfb xauth)
$with_bench && apt_packages+=(valgrind)

missing=()
for package in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then sudo=""; elif command -v sudo >/dev/null; then sudo="sudo"; else
    echo "setup: these Debian packages are missing and there is no root or sudo: ${missing[*]}" >&2; exit 1
  fi
  echo "setup: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$python" -m venv .venv
extras=()
$with_tests && extras+=(test)
$with_build && extras+=(build)
spec="."
[ ${#extras[@]} -gt 0 ] && spec=".[$(IFS=,; echo "${extras[*]}")]"
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e "$spec"
# The compiled translation catalogues (resources/i18n/*/LC_MESSAGES/ctit.mo) from the .po text files.
bash scripts/i18n.sh compile
# The sheet font cut to the program's own characters: a process's first sheet loads it, not the 5 MB collection.
.venv/bin/python -m ctit_gui.sheet.subset_font
