#!/usr/bin/env bash
# Build dist/ctit-dosing_<version>_<arch>.deb from the PyInstaller bundle dist/ctit-dosing/.
# Installs under /opt/ctit-dosing/, with a launcher on PATH, a .desktop entry and an icon.
set -euo pipefail
cd "$(dirname "$0")/.."

bundle=dist/ctit-dosing
[ -x "$bundle/ctit-dosing" ] || { echo "build-deb: $bundle not built; run pyinstaller pyinstaller.spec first" >&2; exit 1; }
version=$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' ctit_gui/__init__.py)
arch=$(dpkg --print-architecture)
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT

install -d "$root/opt/ctit-dosing" "$root/usr/bin" "$root/usr/share/applications" \
  "$root/usr/share/icons/hicolor/256x256/apps" "$root/DEBIAN"
cp -a "$bundle/." "$root/opt/ctit-dosing/"
ln -s /opt/ctit-dosing/ctit-dosing "$root/usr/bin/ctit-dosing"
install -m 0644 resources/icons/ctit-dosing.png "$root/usr/share/icons/hicolor/256x256/apps/ctit-dosing.png"
install -m 0644 packaging/ctit-dosing.desktop "$root/usr/share/applications/ctit-dosing.desktop"

installed_kb=$(du -sk "$root/opt" "$root/usr" | awk '{s+=$1} END {print s}')
# Libraries PyInstaller never bundles (OpenGL/EGL, the X server's xcb helpers, fontconfig).
cat > "$root/DEBIAN/control" <<CONTROL
Package: ctit-dosing
Version: $version
Section: science
Priority: optional
Architecture: $arch
Installed-Size: $installed_kb
Depends: libc6, libegl1, libgl1, libfontconfig1, libfreetype6, libxkbcommon0, libxkbcommon-x11-0, libdbus-1-3, libglib2.0-0, libx11-xcb1, libxcb1, libxcb-cursor0, libxcb-icccm4, libxcb-image0, libxcb-keysyms1, libxcb-randr0, libxcb-render-util0, libxcb-shape0, libxcb-xfixes0, libxcb-xinerama0, libxcb-xkb1
Maintainer: CTIT dosing assistant team <ctit-dosing@localhost>
Description: Bedside dosing assistant for the hetrombopag CTIT trials
 Eligibility verdicts, 14-day dosing calendar with platelet checkpoints, stop and
 rescue banners and a printable PDF dosing sheet for NCT07334093 and NCT07243418.
CONTROL

out="dist/ctit-dosing_${version}_${arch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$out" >/dev/null
echo "$out"
