"""The AppImage: the project's runtime (packaging/appimage/runtime.c) on a small AppDir made here, and the
built AppImage in dist/ when packaging/build.sh has made one (opt-in: skipped, saying so, without a build;
the tests never build the app themselves)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPIMAGE_DIR = ROOT / "packaging" / "appimage"
RUNTIME_DEBS = "gcc pkg-config libsquashfuse-dev libfuse3-dev libzstd-dev liblzma-dev liblz4-dev liblzo2-dev"
APP_ID = "io.github.mydatawallet.MyDataWallet"

APPRUN = """#!/bin/sh
# writes what it was given, then exits with the code of its first argument
out="$OWD/report.txt"
{
  echo "APPDIR=$APPDIR"
  echo "APPIMAGE=$APPIMAGE"
  echo "ARGV0=$ARGV0"
  echo "OWD=$OWD"
  echo "HERE=$(dirname "$(readlink -f "$0")")"
  for a in "$@"; do echo "ARG=$a"; done
  echo "PAYLOAD=$(cat "$APPDIR/usr/share/payload.txt")"
} >"$out"
case "$1" in
  wait-for-term)
    trap 'echo TERM >>"$out"; exit 0' TERM
    echo started >"$OWD/started"
    while :; do sleep 0.1; done
    ;;
  *) exit "$1" ;;
esac
"""


def _runtime_tools_missing() -> str | None:
    for tool in ("gcc", "pkg-config", "mksquashfs"):
        if shutil.which(tool) is None:
            return f"{tool} is missing (Debian: {RUNTIME_DEBS} squashfs-tools)"
    r = subprocess.run(["pkg-config", "--exists", "squashfuse_ll", "fuse3"], check=False)
    if r.returncode != 0:
        return f"libsquashfuse-dev or libfuse3-dev is missing (Debian: {RUNTIME_DEBS})"
    return None


@pytest.fixture(scope="module")
def tiny_appimage(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An AppImage made by packaging/appimage/make-appimage.sh from a small AppDir (a shell AppRun)."""
    missing = _runtime_tools_missing()
    if missing:
        pytest.skip(f"the AppImage runtime cannot be built here: {missing}")
    base = tmp_path_factory.mktemp("appimage")
    appdir = base / "AppDir"
    (appdir / "usr" / "share" / "sub").mkdir(parents=True)
    (appdir / "AppRun").write_text(APPRUN, encoding="utf-8")
    (appdir / "AppRun").chmod(0o755)
    (appdir / "tiny.desktop").write_text("[Desktop Entry]\nType=Application\nName=Tiny\nExec=tiny\n", "utf-8")
    (appdir / "tiny.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (appdir / ".DirIcon").symlink_to("tiny.png")
    (appdir / "usr" / "share" / "payload.txt").write_text("payload 한글\n", encoding="utf-8")
    (appdir / "usr" / "share" / "sub" / "tool.sh").write_text("#!/bin/sh\necho tool\n", encoding="utf-8")
    (appdir / "usr" / "share" / "sub" / "tool.sh").chmod(0o755)
    (appdir / "usr" / "share" / "sub" / "link").symlink_to("tool.sh")
    # random bytes compress badly: several squashfs blocks, read back through sqfs_read_range
    (appdir / "usr" / "share" / "big.bin").write_bytes(os.urandom(3 * 1024 * 1024 + 17))
    image = base / "Tiny.AppImage"
    r = subprocess.run(
        ["bash", str(APPIMAGE_DIR / "make-appimage.sh"), str(appdir), str(image)],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ, NO_INSTALL="1", RUNTIME=str(base / "runtime")),
        timeout=600,
    )
    assert r.returncode == 0, r.stdout + r.stderr
    return image


def _clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "TMPDIR": str(tmp / "tmp"), "LANG": "C.UTF-8"}
    (tmp / "tmp").mkdir(exist_ok=True)
    env.update(extra)
    return env


def _report(path: Path) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, _, value = line.partition("=")
        out.setdefault(key, []).append(value)
    return out


def _leftovers(tmp: Path) -> list[str]:
    """Mount points and extracted folders the runtime left in TMPDIR, after giving its FUSE server a moment."""
    names: list[str] = []
    for _ in range(300):  # the server unmounts as soon as the app's end closes the keep-alive pipe
        names = sorted(p.name for p in (tmp / "tmp").iterdir())
        if not names:
            break
        time.sleep(0.1)
    return names


def test_runtime_ends_where_the_image_begins(tiny_appimage: Path) -> None:
    data = tiny_appimage.read_bytes()
    assert data[:4] == b"\x7fELF" and data[8:11] == b"AI\x02"
    r = subprocess.run([str(tiny_appimage), "--appimage-offset"], capture_output=True, text=True, check=True)
    offset = int(r.stdout)
    assert offset == (tiny_appimage.parent / "runtime").stat().st_size
    assert data[offset : offset + 4] == b"hsqs"  # squashfs superblock magic


def test_extract_and_run_passes_arguments_environment_and_exit_code(tiny_appimage: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path, APPIMAGE_EXTRACT_AND_RUN="1")
    args = ["7", "two words", "--appimage-like-but-for-the-app", "ünïcode"]
    r = subprocess.run([str(tiny_appimage), *args], cwd=tmp_path, env=env, capture_output=True, check=False)
    assert r.returncode == 7, r.stderr
    rep = _report(tmp_path / "report.txt")
    assert rep["ARG"] == args
    assert rep["APPIMAGE"] == [str(tiny_appimage)]
    assert rep["OWD"] == [str(tmp_path)]
    assert rep["PAYLOAD"] == ["payload 한글"]
    assert rep["APPDIR"] == rep["HERE"]
    assert Path(rep["APPDIR"][0]).parent == tmp_path / "tmp"
    assert Path(rep["APPDIR"][0]).name.startswith("appimage_extracted_")
    assert _leftovers(tmp_path) == []


def test_the_option_form_drops_the_option_and_keeps_the_rest(tiny_appimage: Path, tmp_path: Path) -> None:
    r = subprocess.run(
        [str(tiny_appimage), "--appimage-extract-and-run", "0", "x"],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
        capture_output=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    assert _report(tmp_path / "report.txt")["ARG"] == ["0", "x"]
    assert _leftovers(tmp_path) == []


def test_sigterm_reaches_the_app_and_its_exit_code_is_returned(tiny_appimage: Path, tmp_path: Path) -> None:
    env = _clean_env(tmp_path, APPIMAGE_EXTRACT_AND_RUN="1")
    proc = subprocess.Popen([str(tiny_appimage), "wait-for-term"], cwd=tmp_path, env=env)
    try:
        for _ in range(600):
            if (tmp_path / "started").exists():
                break
            time.sleep(0.1)
        assert (tmp_path / "started").exists()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
        proc.wait()
    assert (tmp_path / "report.txt").read_text(encoding="utf-8").splitlines()[-1] == "TERM"
    assert _leftovers(tmp_path) == []


def test_extract_with_a_pattern_keeps_modes_links_and_bytes(tiny_appimage: Path, tmp_path: Path) -> None:
    r = subprocess.run(
        [str(tiny_appimage), "--appimage-extract", "usr/share/sub/*"],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    root = tmp_path / "squashfs-root"
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*")) == [
        "usr",
        "usr/share",
        "usr/share/sub",
        "usr/share/sub/link",
        "usr/share/sub/tool.sh",
    ]
    assert os.access(root / "usr/share/sub/tool.sh", os.X_OK)
    assert os.readlink(root / "usr/share/sub/link") == "tool.sh"

    # everything, compared with what squashfs-tools' own unsquashfs reads from the image
    shutil.rmtree(root)
    r = subprocess.run(
        [str(tiny_appimage), "--appimage-extract"],
        cwd=tmp_path,
        env=_clean_env(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert r.returncode == 0, r.stderr
    offset = int(subprocess.run([str(tiny_appimage), "--appimage-offset"], capture_output=True, check=True).stdout)
    reference = tmp_path / "reference"
    subprocess.run(
        ["unsquashfs", "-no-progress", "-o", str(offset), "-d", str(reference), str(tiny_appimage)],
        capture_output=True,
        check=True,
    )
    for path in sorted(reference.rglob("*")):
        mine = root / path.relative_to(reference)
        if path.is_symlink():
            assert os.readlink(mine) == os.readlink(path)
        elif path.is_file():
            assert mine.read_bytes() == path.read_bytes(), path
            assert mine.stat().st_mode & 0o111 == path.stat().st_mode & 0o111, path
        else:
            assert mine.is_dir(), path


def test_mounted_with_fuse_and_unmounted_when_the_app_ends(tiny_appimage: Path, tmp_path: Path) -> None:
    r = subprocess.run(
        [str(tiny_appimage), "3", "mounted"], cwd=tmp_path, env=_clean_env(tmp_path), capture_output=True, check=False
    )
    if b"FUSE could not mount" in r.stderr:
        pytest.skip("FUSE cannot mount on this machine (no /dev/fuse or fusermount3): extract-and-run was used")
    assert r.returncode == 3, r.stderr
    rep = _report(tmp_path / "report.txt")
    assert rep["ARG"] == ["3", "mounted"]
    assert Path(rep["APPDIR"][0]).name.startswith(".mount_")
    assert rep["PAYLOAD"] == ["payload 한글"]
    assert _leftovers(tmp_path) == []
    mounts = Path("/proc/self/mounts").read_text(encoding="utf-8")
    assert rep["APPDIR"][0] not in mounts


def test_a_runtime_without_an_image_says_so_in_one_line(tiny_appimage: Path, tmp_path: Path) -> None:
    runtime = tiny_appimage.parent / "runtime"
    bare = tmp_path / "bare.AppImage"
    shutil.copy(runtime, bare)
    r = subprocess.run(
        [str(bare), "--appimage-extract-and-run"], env=_clean_env(tmp_path), capture_output=True, text=True
    )
    assert r.returncode == 127
    assert "holds no readable squashfs image" in r.stderr
    assert _leftovers(tmp_path) == []
    r = subprocess.run([str(bare), "--appimage-bogus"], capture_output=True, text=True, check=False)
    assert r.returncode == 1
    assert r.stderr.strip() == "mydata-wallet AppImage: unknown option --appimage-bogus (see --appimage-help)"


# ------------------------------------------------------------------------------ the built AppImage (opt-in)


def _built_appimage() -> Path:
    images = sorted((ROOT / "dist").glob("*.AppImage"))
    if not images:
        pytest.skip("no AppImage in dist/: run `bash packaging/build.sh` first (minutes; not part of the test run)")
    return images[-1]


def test_built_appimage_is_listed_in_sha256sums() -> None:
    import hashlib

    image = _built_appimage()
    sums: dict[str, str] = {}
    for line in (ROOT / "dist" / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest_hex, name = line.split(maxsplit=1)
        sums[name] = digest_hex
    digest = hashlib.sha256()
    with image.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    assert sums[image.name] == digest.hexdigest()


def test_built_appimage_carries_the_desktop_integration(tmp_path: Path) -> None:
    image = _built_appimage()
    patterns = (
        f"{APP_ID}.desktop",
        ".DirIcon",
        "mydata-wallet.png",
        "usr/share/metainfo/*",
        "usr/share/mime/*",
        "usr/share/doc/appimage-runtime/*",
    )
    for pattern in patterns:
        subprocess.run([str(image), "--appimage-extract", pattern], cwd=tmp_path, capture_output=True, check=True)
    root = tmp_path / "squashfs-root"
    entry = (root / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    assert "Exec=mydata-wallet gui %f" in entry
    assert (root / ".DirIcon").resolve().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (root / "usr/share/metainfo" / f"{APP_ID}.appdata.xml").exists()
    assert (root / "usr/share/mime/packages/mydata-wallet.xml").exists()
    # the runtime's source and the licences of the libraries linked into it
    notices = root / "usr/share/doc/appimage-runtime"
    assert (notices / "runtime.c").read_bytes() == (APPIMAGE_DIR / "runtime.c").read_bytes()
    assert {"libsquashfuse0.copyright", "libfuse3-3.copyright", "liblzo2-2.copyright"} <= {
        p.name for p in notices.iterdir()
    }


def test_built_appimage_runs_extracted_with_a_fresh_home(tmp_path: Path) -> None:
    image = _built_appimage()
    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    env = _clean_env(tmp_path, APPIMAGE_EXTRACT_AND_RUN="1")
    r = subprocess.run([str(image), "--version"], env=env, capture_output=True, text=True, check=False, timeout=900)
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines()[0].split()[:2] == ["mydata-wallet", version]
    assert any(line.startswith("SQLCipher ") for line in r.stdout.splitlines())
    assert _leftovers(tmp_path) == []
