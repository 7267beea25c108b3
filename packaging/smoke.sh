#!/usr/bin/env bash
# Smoke test of the Linux build (run packaging/build.sh first): the built program, not the checkout.
# With a fresh HOME it creates a vault through the build's CLI, imports a demo file shipped inside the
# build, runs a few commands, opens the window under Xvfb, measures the time from start to the unlock
# window, takes a screenshot, quits; then checks with ldd that nothing in the build links to a library
# missing on this machine. Needs xvfb-run (xvfb), xwininfo (x11-utils), import (imagemagick).
#
#   bash packaging/smoke.sh            # screenshot and logs in dist/smoke/
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$HERE")"
APP="$ROOT/dist/mydata-wallet"
BIN="$APP/mydata-wallet"
OUT="$ROOT/dist/smoke"
[[ -x "$BIN" ]] || { echo "no build in $APP: run packaging/build.sh first" >&2; exit 1; }
IMAGE="$(find "$ROOT/dist" -maxdepth 1 -name '*.AppImage' | sort | tail -1)"
for tool in xvfb-run xwininfo import ldd; do
    command -v "$tool" >/dev/null || { echo "$tool is missing (apt-get install xvfb x11-utils imagemagick)" >&2; exit 1; }
done
rm -rf "$OUT"
mkdir -p "$OUT"
FRESH="$(mktemp -d)"
trap 'rm -rf "$FRESH"' EXIT
mkdir -p "$FRESH/home"

# a fresh user: nothing of this machine's user (settings, keyring, Python) reaches the program
run_app() {
    env -i HOME="$FRESH/home" PATH=/usr/bin:/bin LANG=C.UTF-8 MYDATA_WALLET_PASSPHRASE="smoke-test-maple-harbor-violet" \
        MYDATA_WALLET_VAULT="$FRESH/home/vault" "$@"
}
step() { printf '\n== %s\n' "$*"; }
# xvfb-run's -a starts looking at :99, where another Xvfb started at the same moment collides; start elsewhere
XVFB=(xvfb-run -a -n $((200 + RANDOM % 500)) -s "-screen 0 1280x800x24")

step "checksums: dist/SHA256SUMS against the artefacts"
(cd "$ROOT/dist" && sha256sum --check --strict SHA256SUMS)
if [[ -f "$ROOT/dist/SHA256SUMS.asc" ]]; then  # build.sh with SIGN_KEY
    gpg --batch --verify "$ROOT/dist/SHA256SUMS.asc" "$ROOT/dist/SHA256SUMS"
fi
if [[ -n "$IMAGE" ]]; then
    grep -q " $(basename "$IMAGE")\$" "$ROOT/dist/SHA256SUMS" || { echo "SHA256SUMS does not list the AppImage" >&2; exit 1; }
fi

step "version"
run_app "$BIN" --version | tee "$OUT/version.txt"
grep -q "^SQLCipher [0-9]" "$OUT/version.txt"

step "connectors found through the package metadata"
run_app "$BIN" connectors | tee "$OUT/connectors.txt"
declared="$(python3 -c 'import sys, tomllib; print(len(tomllib.load(open(sys.argv[1], "rb"))["project"]["entry-points"]["mydata_wallet.connectors"]))' "$ROOT/pyproject.toml")"
for id in $(python3 -c 'import sys, tomllib; print(" ".join(tomllib.load(open(sys.argv[1], "rb"))["project"]["entry-points"]["mydata_wallet.connectors"]))' "$ROOT/pyproject.toml"); do
    grep -qw -- "$id" "$OUT/connectors.txt" || { echo "connector $id is missing from the build" >&2; exit 1; }
done
echo "all $declared connectors of pyproject.toml are in the build"

step "vault through the build's CLI"
run_app "$BIN" init
DEMO="$(find "$APP" -path '*/resources/demo/clinic-visit-vitals.json' | head -1)"
[[ -n "$DEMO" ]] || { echo "the demo data is not in the build" >&2; exit 1; }
run_app "$BIN" import "$DEMO"
run_app "$BIN" import "$(dirname "$DEMO")/ofxdata-banking-xml200.ofx"
run_app "$BIN" records --counts | tee "$OUT/counts.txt"
run_app "$BIN" insights | tee "$OUT/insights.txt"
run_app "$BIN" money summary | tee "$OUT/money.txt"
"$APP/rclone" version >"$OUT/rclone.txt"
head -1 "$OUT/rclone.txt"

step "the build runs itself as a reading worker (--mydata-wallet-worker, wallet/imports/offload.py)"
run_app python3 "$HERE/worker_check.py" "$BIN"

step "the window under Xvfb (time from start to the unlock window)"
cat >"$FRESH/gui.sh" <<'GUI'
#!/usr/bin/env bash
# gui.sh OUT NAME PROGRAM...: start PROGRAM gui, time it to the unlock window, screenshot OUT/NAME.png, SIGTERM
set -euo pipefail
out="$1"; name="$2"; shift 2
start=$(date +%s.%N)
"$@" gui >"$out/$name.log" 2>&1 &
pid=$!
shown=""
for _ in $(seq 1 600); do  # up to 60 s
    if xwininfo -root -tree 2>/dev/null | grep -q '"MyData Wallet'; then
        shown=$(date +%s.%N)
        break
    fi
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
done
if [[ -z "$shown" ]]; then
    echo "the window did not appear" >&2
    cat "$out/$name.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
fi
awk -v s="$start" -v e="$shown" -v n="$name" 'BEGIN { printf "%s: start to unlock window: %.2f s\n", n, e - s }' \
    | tee "$out/$name.startup.txt"
sleep 3  # let it draw
import -window root "$out/$name.png"
kill -TERM "$pid"
code=0
wait "$pid" || code=$?
echo "the app quit with exit code $code"
[[ $code -eq 0 ]]
GUI
chmod +x "$FRESH/gui.sh"
run_app "${XVFB[@]}" "$FRESH/gui.sh" "$OUT" unlock-window "$BIN"
echo "screenshot: dist/smoke/unlock-window.png"

if [[ -n "$IMAGE" ]]; then
    step "AppImage $(basename "$IMAGE"): $(du -h "$IMAGE" | cut -f1)"
    # another fresh user, with its own TMPDIR to see that the AppImage leaves nothing behind there
    AHOME="$FRESH/appimage-home"
    ATMP="$FRESH/appimage-tmp"
    mkdir -p "$AHOME" "$ATMP"
    run_image() {
        env -i HOME="$AHOME" TMPDIR="$ATMP" PATH=/usr/bin:/bin LANG=C.UTF-8 \
            MYDATA_WALLET_PASSPHRASE="smoke-test-maple-harbor-violet" MYDATA_WALLET_VAULT="$AHOME/vault" "$@"
    }
    offset="$("$IMAGE" --appimage-offset)"
    magic="$(dd if="$IMAGE" iflag=skip_bytes,count_bytes skip="$offset" count=4 status=none)"
    [[ "$magic" == hsqs ]] || { echo "no squashfs image at byte $offset of the AppImage" >&2; exit 1; }
    echo "runtime $offset bytes, then the squashfs image"
    # extracted and run (no FUSE needed): the same program as the folder build
    run_image APPIMAGE_EXTRACT_AND_RUN=1 "$IMAGE" --version | tee "$OUT/appimage-version.txt"
    cmp "$OUT/version.txt" "$OUT/appimage-version.txt"
    (cd "$FRESH" && "$IMAGE" --appimage-extract '*/resources/demo/clinic-visit-vitals.json' >/dev/null)
    demo="$(find "$FRESH/squashfs-root" -name clinic-visit-vitals.json | head -1)"
    [[ -n "$demo" ]] || { echo "--appimage-extract PATTERN found no demo file" >&2; exit 1; }
    run_image "$IMAGE" --appimage-extract-and-run init
    run_image APPIMAGE_EXTRACT_AND_RUN=1 "$IMAGE" import "$demo"
    run_image APPIMAGE_EXTRACT_AND_RUN=1 "$IMAGE" records --counts | tee "$OUT/appimage-counts.txt"
    # the same import into another vault with the folder build counts the same
    one="$FRESH/home/vault-one"
    run_app MYDATA_WALLET_VAULT="$one" "$BIN" init >/dev/null
    run_app MYDATA_WALLET_VAULT="$one" "$BIN" import "$demo" >/dev/null
    run_app MYDATA_WALLET_VAULT="$one" "$BIN" records --counts | cmp - "$OUT/appimage-counts.txt"
    run_image APPIMAGE_EXTRACT_AND_RUN=1 "${XVFB[@]}" "$FRESH/gui.sh" "$OUT" appimage-extracted "$IMAGE"
    # mounted with FUSE, where this machine can (the way people start it); else the runtime extracts by itself
    if run_image "$IMAGE" --version >/dev/null 2>"$OUT/appimage-mount.err" && ! [[ -s "$OUT/appimage-mount.err" ]]; then
        run_image "${XVFB[@]}" "$FRESH/gui.sh" "$OUT" appimage-mounted "$IMAGE"
    else
        echo "FUSE cannot mount here ($(head -1 "$OUT/appimage-mount.err")): the mounted start was not tried"
    fi
    left=""
    for _ in $(seq 1 300); do  # up to 30 s for the FUSE server to unmount after the app quit
        left="$(find "$ATMP" -mindepth 1 -maxdepth 1 \( -name '.mount_*' -o -name 'appimage_extracted_*' \))"
        [[ -z "$left" ]] && break
        sleep 0.1
    done
    [[ -z "$left" ]] || { echo "the AppImage left behind: $left" >&2; exit 1; }
    echo "nothing left in TMPDIR after the AppImage quit"
else
    echo
    echo "no AppImage in dist/ (built with NO_APPIMAGE=1?): its part of the smoke test is skipped"
fi

step "ldd: libraries the build links to that this machine lacks"
# the build's own folders first, as its loader sees them (PyInstaller's _internal, Qt's lib)
libpath="$(find "$APP" -type d \( -name _internal -o -path '*/Qt/lib' \) | paste -sd:)"
: >"$OUT/ldd-missing.txt"
: >"$FRESH/system.txt"
while IFS= read -r -d '' file; do
    if file -b "$file" 2>/dev/null | grep -q '^ELF' || [[ "$file" == *.so* ]]; then
        LD_LIBRARY_PATH="$libpath" ldd "$file" 2>/dev/null >"$FRESH/ldd.txt" || true
        awk -v f="${file#"$APP"/}" '/not found/ {print $1 "\t" f}' "$FRESH/ldd.txt" >>"$OUT/ldd-missing.txt"
        awk -v app="$APP" '$2 == "=>" && index($3, app) != 1 && $3 ~ /^\// {print $1}' "$FRESH/ldd.txt" >>"$FRESH/system.txt"
    fi
done < <(find "$APP" -type f \( -name '*.so*' -o -perm -u+x \) -print0)
# what the target system must have (a fresh Debian lacks some of the xcb ones: see dev.py's QT_XCB_LIBS)
sort -u "$FRESH/system.txt" >"$OUT/ldd-system.txt"
echo "system libraries the build uses ($(wc -l <"$OUT/ldd-system.txt"), listed in dist/smoke/ldd-system.txt:"
paste -sd' ' "$OUT/ldd-system.txt" | fold -s -w 110
if [[ -s "$OUT/ldd-missing.txt" ]]; then
    echo "missing libraries (library, file of the build that needs it):"
    sort "$OUT/ldd-missing.txt" | column -t
    echo "missing, by library: $(cut -f1 "$OUT/ldd-missing.txt" | sort -u | paste -sd' ')"
    exit 1
fi
echo "none: every library the build links to is in the build or on this machine"
echo
echo "smoke test passed; build size $(du -sh "$APP" | cut -f1)"
