"""The wheel carries what an installed app needs: connectors' data, fonts, translations, demo data."""

from __future__ import annotations

import shutil
import subprocess
import sys
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
