#!/usr/bin/env bash
# The Linux build of MyData Wallet for people without Python: a one-folder build made by PyInstaller
# (dist/mydata-wallet/), a tarball of it, an AppDir and the AppImage made from it;
# the SHA-256 of each artefact in dist/SHA256SUMS. Works on a fresh clone; needs python3 (3.11+) with venv,
# PyPI, and rsvg-convert (Debian: librsvg2-bin) for the icons. Takes a few minutes.
#
#   bash packaging/build.sh            # then: bash packaging/smoke.sh
#
# Environment: PYTHON (default python3), APPIMAGETOOL (path to appimagetool, else looked up on PATH; without
# it the AppImage is made by packaging/appimage/make-appimage.sh), NO_TARBALL=1 / NO_APPIMAGE=1 to skip those.
# SIGN_KEY (a gpg key id): also sign SHA256SUMS (dist/SHA256SUMS.asc; packaging/smoke.sh verifies it).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
PYINSTALLER_VERSION="6.22.3"  # pinned: a new PyInstaller may collect differently; raise it with a smoke test
PYTHON="${PYTHON:-python3}"
VENV="$ROOT/build/pyinstaller-venv"  # build/ is ignored by git
WORK="$ROOT/build/pyinstaller"
DIST="$ROOT/dist"
APP="$DIST/mydata-wallet"
APPDIR="$ROOT/build/AppDir"
ICONS="$ROOT/build/icons"
APP_ID="io.github.mydatawallet.MyDataWallet"
ICON_SIZES=(16 24 32 48 64 128 256 512)

say() { printf '\n== %s\n' "$*"; }

say "build venv with PyInstaller $PYINSTALLER_VERSION and the project (not editable)"
if [[ ! -x "$VENV/bin/python" ]]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet "pyinstaller==$PYINSTALLER_VERSION"
# the project itself is reinstalled every time so the build has the code of this checkout
"$VENV/bin/python" -m pip install --quiet --force-reinstall --no-deps "$ROOT"
"$VENV/bin/python" -m pip install --quiet "$ROOT"
VERSION="$("$VENV/bin/python" -c 'from importlib.metadata import version; print(version("mydata-wallet"))')"
echo "mydata-wallet $VERSION"

say "icons from resources/icons/mydata-wallet.svg"
SVG="$ROOT/resources/icons/mydata-wallet.svg"
rm -rf "$ICONS"
mkdir -p "$ICONS"
render() {  # render SIZE OUT
    if command -v rsvg-convert >/dev/null; then
        rsvg-convert --width "$1" --height "$1" --keep-aspect-ratio --output "$2" "$SVG"
    elif "$VENV/bin/python" -c 'import cairosvg' 2>/dev/null; then
        "$VENV/bin/python" -m cairosvg "$SVG" --output-width "$1" --output-height "$1" -o "$2"
    else
        echo "rsvg-convert is missing: apt-get install librsvg2-bin (or pip install cairosvg into $VENV)" >&2
        exit 1
    fi
}
for size in "${ICON_SIZES[@]}"; do
    mkdir -p "$ICONS/hicolor/${size}x${size}/apps"
    render "$size" "$ICONS/hicolor/${size}x${size}/apps/mydata-wallet.png"
done
mkdir -p "$ICONS/hicolor/scalable/apps"
cp "$SVG" "$ICONS/hicolor/scalable/apps/mydata-wallet.svg"

say "PyInstaller: one-folder build in dist/mydata-wallet"
start=$SECONDS
rm -rf "$APP"
(cd "$ROOT" && "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$WORK" "$HERE/mydata-wallet.spec")
echo "PyInstaller took $((SECONDS - start)) s"
"$APP/mydata-wallet" --version

say "AppDir (build/AppDir)"
rm -rf "$APPDIR"
mkdir -p "$APPDIR/usr/lib" "$APPDIR/usr/share/applications" "$APPDIR/usr/share/metainfo" \
    "$APPDIR/usr/share/mime/packages" "$APPDIR/usr/share/icons"
cp -a "$APP" "$APPDIR/usr/lib/mydata-wallet"
cp -a "$ICONS/hicolor" "$APPDIR/usr/share/icons/"
cp "$HERE/linux/mydata-wallet.desktop" "$APPDIR/usr/share/applications/$APP_ID.desktop"
cp "$HERE/linux/mydata-wallet.desktop" "$APPDIR/$APP_ID.desktop"
# inside the AppImage the desktop entry is named after the id (as appimagetool and software centres expect)
sed "s|<launchable type=\"desktop-id\">mydata-wallet.desktop<|<launchable type=\"desktop-id\">$APP_ID.desktop<|" \
    "$HERE/$APP_ID.metainfo.xml" >"$APPDIR/usr/share/metainfo/$APP_ID.appdata.xml"
cp "$HERE/mydata-wallet-mime.xml" "$APPDIR/usr/share/mime/packages/mydata-wallet.xml"
cp "$ICONS/hicolor/256x256/apps/mydata-wallet.png" "$APPDIR/mydata-wallet.png"
ln -s mydata-wallet.png "$APPDIR/.DirIcon"
cat >"$APPDIR/AppRun" <<'APPRUN'
#!/bin/sh
# The AppImage's start: the desktop entry says "mydata-wallet gui"; any arguments go to the program.
HERE="$(dirname "$(readlink -f "$0")")"
exec "$HERE/usr/lib/mydata-wallet/mydata-wallet" "$@"
APPRUN
chmod +x "$APPDIR/AppRun"
# the entry keeps "Exec=mydata-wallet gui": an AppImage launcher (appimaged, AppImageLauncher) puts the
# AppImage's own path in place of the program and keeps the arguments
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$APPDIR/usr/share/applications/$APP_ID.desktop"
fi
if command -v appstreamcli >/dev/null; then
    appstreamcli validate-tree --no-net "$APPDIR"
fi

say "artefacts"
rm -f "$DIST"/*.AppImage "$DIST"/*.tar.gz "$DIST/SHA256SUMS" "$DIST/SHA256SUMS.asc"
artefacts=()
if [[ "${NO_TARBALL:-0}" != 1 ]]; then
    tarball="mydata-wallet-$VERSION-linux-x86_64.tar.gz"
    tar -C "$DIST" -czf "$DIST/$tarball" mydata-wallet
    artefacts+=("$tarball")
fi
if [[ "${NO_APPIMAGE:-0}" != 1 ]]; then
    image="MyData_Wallet-$VERSION-x86_64.AppImage"
    TOOL="${APPIMAGETOOL:-$(command -v appimagetool || true)}"
    if [[ -n "$TOOL" ]]; then
        ARCH=x86_64 "$TOOL" "$APPDIR" "$DIST/$image"
    else
        # appimagetool is on neither PyPI nor Debian: the project's own runtime (packaging/appimage/runtime.c,
        # built with Debian's libsquashfuse and libfuse3) followed by mksquashfs's image of the AppDir
        bash "$HERE/appimage/make-appimage.sh" "$APPDIR" "$DIST/$image"
    fi
    artefacts+=("$image")
fi
(cd "$DIST" && sha256sum mydata-wallet/mydata-wallet mydata-wallet/rclone "${artefacts[@]}" >SHA256SUMS)
cat "$DIST/SHA256SUMS"
if [[ -n "${SIGN_KEY:-}" ]]; then
    # a detached OpenPGP signature of the list, for the release page: gpg --verify SHA256SUMS.asc SHA256SUMS
    gpg --batch --yes --local-user "$SIGN_KEY" --armor --detach-sign --output "$DIST/SHA256SUMS.asc" "$DIST/SHA256SUMS"
    echo "signed with $SIGN_KEY: dist/SHA256SUMS.asc"
fi

say "size"
echo "dist/mydata-wallet: $(du -sh "$APP" | cut -f1) on disk, $(find "$APP" -type f | wc -l) files"
for name in "${artefacts[@]}"; do
    echo "dist/$name: $(du -h "$DIST/$name" | cut -f1)"
done
