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

step "the window under Xvfb (time from start to the unlock window)"
cat >"$FRESH/gui.sh" <<'GUI'
#!/usr/bin/env bash
set -euo pipefail
out="$1"; shift
start=$(date +%s.%N)
"$@" gui >"$out/gui.log" 2>&1 &
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
    cat "$out/gui.log" >&2
    kill "$pid" 2>/dev/null || true
    exit 1
fi
awk -v s="$start" -v e="$shown" 'BEGIN { printf "start to unlock window: %.2f s\n", e - s }' | tee "$out/startup.txt"
sleep 3  # let it draw
import -window root "$out/unlock-window.png"
kill -TERM "$pid"
code=0
wait "$pid" || code=$?
echo "the app quit with exit code $code"
[[ $code -eq 0 ]]
GUI
chmod +x "$FRESH/gui.sh"
run_app xvfb-run -a -s "-screen 0 1280x800x24" "$FRESH/gui.sh" "$OUT" "$BIN"
echo "screenshot: dist/smoke/unlock-window.png"

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
