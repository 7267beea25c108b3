"""A third-party connector package, installed as a user would, is found and works."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PASSPHRASE

PLUGIN = Path(__file__).parent / "example_plugin"


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    target = tmp_path_factory.mktemp("site")
    source = tmp_path_factory.mktemp("src") / "example_plugin"
    shutil.copytree(PLUGIN, source)  # pip builds in place; keep the repository clean
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "--target",
            str(target),
            str(source),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert r.returncode == 0, r.stderr
    return target


def _run(site: Path, vault: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYDATA_WALLET")}
    env.update(
        PYTHONPATH=str(site),
        MYDATA_WALLET_VAULT=str(vault),
        MYDATA_WALLET_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )
    return subprocess.run(
        [sys.executable, "-m", "wallet.cli", *args], capture_output=True, text=True, env=env, check=False, timeout=300
    )


@pytest.mark.slow
def test_third_party_connector_listed_and_working(plugin_site: Path, tmp_path: Path) -> None:
    vault = tmp_path / "v"
    listed = _run(plugin_site, vault, "connectors")
    assert listed.returncode == 0
    assert "example_weight" in listed.stdout and "Example weight log" in listed.stdout
    assert _run(plugin_site, vault, "init").returncode == 0
    log = tmp_path / "weight.log"
    log.write_text("# weight log\n2024-01-01 70.5\nnonsense\n2024-01-02 70.1\n")
    imported = _run(plugin_site, vault, "import", str(log))
    assert imported.returncode == 0, imported.stderr
    assert "2 added" in imported.stdout and "1 skipped" in imported.stdout
    rows = _run(plugin_site, vault, "records", "--domain", "fitness")
    assert "Body weight  70.1 kg" in rows.stdout


@pytest.mark.slow
def test_third_party_command_line_part_is_added(plugin_site: Path, tmp_path: Path) -> None:
    """The plug-in's cli part (entry-point group mydata_wallet.cli) adds its command, as bank_csv's does."""
    shown = _run(plugin_site, tmp_path / "v", "example-weight")
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "Example weight log: weight.log: one 'YYYY-MM-DD kg' per line"
    helped = _run(plugin_site, tmp_path / "v", "--help")
    assert "example-weight" in helped.stdout and "csv-profiles" in helped.stdout


def test_without_the_package_it_is_not_there(tmp_path: Path) -> None:
    listed = _run(tmp_path, tmp_path / "v", "connectors")
    assert "example_weight" not in listed.stdout
    assert "example-weight" not in _run(tmp_path, tmp_path / "v", "--help").stdout
