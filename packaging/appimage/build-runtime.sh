#!/usr/bin/env bash
# Builds the AppImage runtime (packaging/appimage/runtime.c) into OUT (default build/appimage-runtime):
# libsquashfuse, libfuse3 and the compressors linked statically, glibc dynamically. Needs Debian's gcc,
# pkg-config, libsquashfuse-dev, libfuse3-dev, libzstd-dev, liblzma-dev, liblz4-dev, liblzo2-dev, zlib1g-dev
# (as root, missing ones are installed with apt-get unless NO_INSTALL=1). Checks that the program ends where
# it says the image starts and writes the AppImage type-2 magic ("AI" 2 at byte 8).
#
#   bash packaging/appimage/build-runtime.sh [OUT]
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$(dirname "$HERE")")"
OUT="${1:-$ROOT/build/appimage-runtime}"
RUNTIME_VERSION="1"
DEBS=(gcc pkg-config libsquashfuse-dev libfuse3-dev libzstd-dev liblzma-dev liblz4-dev liblzo2-dev zlib1g-dev)

missing=()
for deb in "${DEBS[@]}"; do
    dpkg-query -W -f='${Status}\n' "$deb" 2>/dev/null | grep -q '^install ok installed' || missing+=("$deb")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 && "${NO_INSTALL:-0}" != 1 ]] && command -v apt-get >/dev/null; then
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
        echo "missing to build the AppImage runtime: sudo apt-get install ${missing[*]}" >&2
        exit 1
    fi
fi

mkdir -p "$(dirname "$OUT")"
# shellcheck disable=SC2046  # pkg-config's flags are words
gcc -O2 -Wall -Wextra -Werror -D_FILE_OFFSET_BITS=64 -DRUNTIME_VERSION="\"$RUNTIME_VERSION\"" \
    $(pkg-config --cflags fuse3 squashfuse_ll) -o "$OUT" "$HERE/runtime.c" \
    -Wl,-Bstatic -lsquashfuse_ll -lsquashfuse -lfuse3 -lzstd -llzma -llz4 -llzo2 -lz -Wl,-Bdynamic -lpthread -ldl
strip "$OUT"
size="$(stat -c %s "$OUT")"
offset="$("$OUT" --appimage-offset)"
if [[ "$size" != "$offset" ]]; then
    echo "the runtime is $size bytes but says its image starts at $offset" >&2
    exit 1
fi
if ldd "$OUT" | grep -Eq 'fuse|squashfuse|zstd|lzma|lz4|lzo|libz\.'; then
    echo "the runtime links a library dynamically that should be static:" >&2
    ldd "$OUT" >&2
    exit 1
fi
needs="$(ldd "$OUT" | awk '/=>/ {print $1}' | paste -sd' ')"
# the magic goes in last: byte 8 is EI_ABIVERSION, which the kernel ignores and ldd no longer accepts
printf 'AI\002' | dd of="$OUT" bs=1 seek=8 conv=notrunc status=none
echo "AppImage runtime: $OUT ($size bytes; needs $needs)"
