#!/usr/bin/env python3
"""Set everything up and run the app or the tests.  Needs only Python 3.11+.

    python3 dev.py run [-- ARGS]   create .venv, install, open the desktop app (ARGS e.g. --demo)
    python3 dev.py test [-- ARGS]  create .venv, install, lint, type-check, run every test headless
    python3 dev.py test --quick    the same, but only the tests not marked slow (pytest -m "not slow", < 1 min)

On Debian/Ubuntu the run command first checks the system libraries Qt's xcb platform needs (QT_XCB_LIBS):
as root it installs the missing ones with apt-get, otherwise it prints the one apt-get line to run.
The test command also installs the Debian packages some tests use (poppler-utils,
tesseract-ocr with its Korean and English models, zbar-tools, xvfb, gnome-keyring, dbus,
sqlite3, nodejs, npm, Qt's runtime libraries, squashfs-tools, fuse3 and what the AppImage runtime is
compiled with) through
apt-get when it runs as root on a Debian/Ubuntu machine and they are missing, and the node
packages of tests/independent/ (npm ci, when its package-lock.json changed).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"
NODE_DIR = ROOT / "tests" / "independent"  # node packages the tests use to check our output independently
NODE_STAMP = NODE_DIR / "node_modules" / ".installed"

# Debian packages: command they provide -> package (for tests), and libraries Qt needs at run time.
APT_TOOLS = {
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfinfo": "poppler-utils",  # the page size, so a preview of a huge page is scaled down (wallet/ui/pdf_render.py)
    "zbarimg": "zbar-tools",
    "xvfb-run": "xvfb",
    "gnome-keyring-daemon": "gnome-keyring",
    "dbus-run-session": "dbus",
    "sqlite3": "sqlite3",
    "node": "nodejs",  # the independent checks in tests/independent/ (jose, fhirpath, the FHIR R4 schema)
    "npm": "npm",
    "tesseract": "tesseract-ocr",  # OCR of scanned documents (connectors/documents/ocr.py)
    "appstreamcli": "appstream",  # validates the AppStream metainfo of the desktop build (tests/test_packaging.py)
    "desktop-file-validate": "desktop-file-utils",  # validates the .desktop entry (tests/test_packaging.py)
    "mksquashfs": "squashfs-tools",  # the AppImage's image (packaging/appimage/, tests/test_appimage.py)
    "fusermount3": "fuse3",  # the AppImage mounted as a user would start it (tests/test_appimage.py)
}
APT_OCR_MODELS = ["tesseract-ocr-kor", "tesseract-ocr-eng"]  # no command of their own: asked of dpkg
# what packaging/appimage/build-runtime.sh compiles the AppImage runtime with (tests/test_appimage.py)
APT_APPIMAGE_RUNTIME = [
    "gcc",
    "pkg-config",
    "libsquashfuse-dev",
    "libfuse3-dev",
    "libzstd-dev",
    "liblzma-dev",
    "liblz4-dev",
    "liblzo2-dev",
    "zlib1g-dev",
]
APT_LIBS = ["libegl1", "libgl1", "libxkbcommon0", "libfontconfig1", "libdbus-1-3", "libglib2.0-0", "fonts-dejavu-core"]
# What Qt's xcb platform plugin (the window on an X11 or XWayland desktop) loads, as `ldd` on the PySide6
# wheel's plugins/platforms/libqxcb.so and lib/libQt6XcbQpa.so.6 lists it: a fresh Debian/Ubuntu lacks
# libxcb-cursor0, -icccm4, -keysyms1 and friends, and Qt then stops with "Could not load the Qt platform
# plugin xcb".  (libxcb-xinerama0, often named in advice for Qt 5, is not needed by Qt 6.)
QT_XCB_LIBS = [
    "libxcb1",
    "libx11-6",
    "libx11-xcb1",
    "libxcb-cursor0",
    "libxcb-icccm4",
    "libxcb-image0",
    "libxcb-keysyms1",
    "libxcb-randr0",
    "libxcb-render0",
    "libxcb-render-util0",
    "libxcb-shape0",
    "libxcb-shm0",
    "libxcb-sync1",
    "libxcb-util1",
    "libxcb-xfixes0",
    "libxcb-xkb1",
    "libxkbcommon0",
    "libxkbcommon-x11-0",
    "libegl1",
    "libgl1",
    "libfontconfig1",
    "libfreetype6",
    "libdbus-1-3",
]


def sh(*cmd: str | Path, check: bool = True, env: dict[str, str] | None = None) -> int:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=check, env=env).returncode


def ensure_venv() -> None:
    if sys.version_info < (3, 11):  # noqa: UP036 - dev.py may be run by an older python3
        sys.exit(f"Python 3.11 or newer is needed (this is {sys.version.split()[0]})")
    if not PY.exists():
        venv.EnvBuilder(with_pip=True).create(VENV)
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    if STAMP.exists() and STAMP.read_text() == wanted:
        return
    sh(PY, "-m", "pip", "install", "--quiet", "--upgrade", "pip")
    sh(PY, "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[dev]")
    STAMP.write_text(wanted)


def dpkg_missing(
    packages: list[str], run: Callable[..., subprocess.CompletedProcess[str]] = subprocess.run
) -> list[str]:
    """Which of the Debian ``packages`` are not installed, asking dpkg-query once (``run`` is faked in tests)."""
    if not packages:
        return []
    out = run(
        ["dpkg-query", "-W", "-f=${Package} ${Status}\n", *packages], capture_output=True, text=True, check=False
    ).stdout
    installed = set()
    for line in out.splitlines():
        name, _, status = line.partition(" ")
        if status.strip().endswith("install ok installed"):
            installed.add(name.split(":")[0])  # libfoo:amd64 -> libfoo
    return [p for p in packages if p not in installed]


def can_apt() -> bool:
    """Whether this is a Debian/Ubuntu machine where apt-get may be run (as root)."""
    return bool(shutil.which("apt-get")) and hasattr(os, "geteuid") and os.geteuid() == 0


def ensure_qt_runtime() -> None:
    """The libraries Qt's xcb plugin needs, before the app starts: installed as root, else the apt-get line shown."""
    if not sys.platform.startswith("linux") or not shutil.which("dpkg-query"):
        return
    if os.environ.get("QT_QPA_PLATFORM", "xcb").split(":")[0] not in {"xcb", ""}:
        return  # another platform asked for (offscreen, wayland): xcb is not used
    missing = dpkg_missing(QT_XCB_LIBS)
    if not missing:
        return
    if can_apt():
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh("apt-get", "update", "-qq", env=env, check=False)
        if sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env, check=False) == 0:
            return
    print(
        "The desktop app needs some of Qt's system libraries that are not installed. Install them with:\n\n"
        f"    sudo apt-get install -y {' '.join(missing)}\n",
        flush=True,
    )


def ensure_system_packages() -> None:
    missing = sorted({pkg for tool, pkg in APT_TOOLS.items() if shutil.which(tool) is None})
    if sys.platform.startswith("linux") and shutil.which("dpkg-query"):
        missing += dpkg_missing(APT_LIBS + APT_OCR_MODELS + APT_APPIMAGE_RUNTIME)
    if not missing:
        return
    if can_apt():
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        sh("apt-get", "update", "-qq", env=env)
        sh("apt-get", "install", "-y", "-qq", "--no-install-recommends", *missing, env=env)
    else:
        print(f"note: not installed: {', '.join(missing)}; the tests that need them will be skipped, saying so.")


def ensure_node_packages() -> None:
    """npm ci in tests/independent/ when its package-lock.json changed (node and npm come from apt as root)."""
    lock = NODE_DIR / "package-lock.json"
    npm = shutil.which("npm")
    if not lock.exists():
        return
    if npm is None or shutil.which("node") is None:
        print("note: node/npm are not installed; the independent checks (tests/independent.py) will be skipped.")
        return
    wanted = hashlib.sha256(lock.read_bytes() + (NODE_DIR / "package.json").read_bytes()).hexdigest()
    if NODE_STAMP.exists() and NODE_STAMP.read_text() == wanted:
        return
    # --ignore-scripts: nothing is run at install (fhirpath's preinstall only builds a browser demo).
    sh(npm, "ci", "--prefix", NODE_DIR, "--no-audit", "--no-fund", "--ignore-scripts", "--loglevel=error")
    NODE_STAMP.write_text(wanted)


def run_app(args: list[str]) -> int:
    ensure_venv()
    ensure_qt_runtime()
    return sh(BIN / "mydata-wallet", *args, check=False)


def run_tests(args: list[str], quick: bool = False) -> int:
    ensure_system_packages()
    ensure_venv()
    ensure_node_packages()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    for cmd in (
        [BIN / "ruff", "check", "."],
        [BIN / "ruff", "format", "--check", "."],
        [BIN / "mypy"],
        [PY, "-m", "pytest", *(["-m", "not slow"] if quick else []), *args],
    ):
        code = sh(*cmd, check=False, env=env)
        if code != 0:
            return code
    return 0


def main() -> int:
    argv = sys.argv[1:]
    if not argv or argv[0] not in {"run", "test"}:
        print(__doc__)
        return 2
    rest = argv[1:]
    quick = argv[0] == "test" and rest[:1] == ["--quick"]
    if quick:
        rest = rest[1:]
    if rest[:1] == ["--"]:
        rest = rest[1:]
    return run_app(rest) if argv[0] == "run" else run_tests(rest, quick)


if __name__ == "__main__":
    sys.exit(main())
