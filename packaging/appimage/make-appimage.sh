#!/usr/bin/env bash
# Makes an AppImage (type 2) from an AppDir without appimagetool: the runtime built from runtime.c,
# then a squashfs image of the AppDir (mksquashfs, zstd, files owned by root) right after it.
#
#   bash packaging/appimage/make-appimage.sh APPDIR OUT.AppImage
#
# Needs squashfs-tools (installed with apt-get when run as root) and what build-runtime.sh needs.
# Environment: RUNTIME (where the runtime is compiled to; default build/appimage-runtime), NO_INSTALL=1.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$(dirname "$HERE")")"
APPDIR="${1:?usage: make-appimage.sh APPDIR OUT.AppImage}"
OUT="${2:?usage: make-appimage.sh APPDIR OUT.AppImage}"
RUNTIME="${RUNTIME:-$ROOT/build/appimage-runtime}"  # where the runtime is compiled to

for need in AppRun .DirIcon; do
    [[ -e "$APPDIR/$need" ]] || { echo "$APPDIR has no $need: not an AppDir" >&2; exit 1; }
done
ls "$APPDIR"/*.desktop >/dev/null 2>&1 || { echo "$APPDIR has no desktop entry at its top" >&2; exit 1; }

if ! command -v mksquashfs >/dev/null; then
    if [[ $(id -u) == 0 && "${NO_INSTALL:-0}" != 1 ]] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends squashfs-tools >/dev/null
    else
        echo "mksquashfs is missing: sudo apt-get install squashfs-tools" >&2
        exit 1
    fi
fi

bash "$HERE/build-runtime.sh" "$RUNTIME"
# the libraries linked into the runtime, with their licences (BSD, LGPL-2.1, GPL-2+, zlib: all fit the
# project's GPL-3.0-or-later), go into the image beside it
notices="$APPDIR/usr/share/doc/appimage-runtime"
mkdir -p "$notices"
cp "$HERE/runtime.c" "$notices/runtime.c"
for deb in libsquashfuse0 libfuse3-3 libzstd1 liblzma5 liblz4-1 liblzo2-2 zlib1g libc6; do
    if [[ -f "/usr/share/doc/$deb/copyright" ]]; then
        cp "/usr/share/doc/$deb/copyright" "$notices/$deb.copyright"
    else
        echo "the licence of $deb is missing (/usr/share/doc/$deb/copyright)" >&2
        exit 1
    fi
done
image="$(mktemp "$(dirname "$OUT")/.squashfs.XXXXXX")"
trap 'rm -f "$image"' EXIT
start=$SECONDS
mksquashfs "$APPDIR" "$image" -root-owned -noappend -comp zstd -quiet -no-progress >/dev/null
echo "mksquashfs took $((SECONDS - start)) s"
cat "$RUNTIME" "$image" >"$OUT"
chmod 755 "$OUT"
offset="$("$OUT" --appimage-offset)"
[[ "$offset" == "$(stat -c %s "$RUNTIME")" ]] || { echo "the AppImage's offset $offset is wrong" >&2; exit 1; }
echo "AppImage: $OUT ($(du -h "$OUT" | cut -f1); squashfs image at byte $offset)"
