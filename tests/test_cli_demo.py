"""`mydata-wallet --demo COMMAND` runs on a throwaway vault and never touches the user's (issue 13.3)."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES, PASSPHRASE

from wallet.cli import cli
from wallet.errors import NotFound
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.vault import Vault


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under the folder (names included) with the SHA-256 of its bytes."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def run(*args: str, env: dict[str, str]) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


@pytest.fixture
def real(vault: Vault, vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """The user's own vault, named by MYDATA_WALLET_VAULT, with its real passphrase in the environment."""
    import_source(vault, Source(FIXTURES / "fhir-ips" / "Bundle-bundle-minimal.json"))
    record_ids = [r.id for r in vault.records()]
    vault.close()
    demo_tmp = tmp_path / "tmp"
    demo_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(demo_tmp))
    return {
        "MYDATA_WALLET_VAULT": str(vault_dir),
        "MYDATA_WALLET_PASSPHRASE": PASSPHRASE,
        "ids": json.dumps(record_ids),
        "tmp": str(demo_tmp),
    }


@pytest.mark.slow  # five throwaway vaults, each filled with the sample data
@pytest.mark.slow
def test_demo_records_and_delete_never_open_the_users_vault(real: dict[str, str], vault_dir: Path) -> None:
    env = {k: real[k] for k in ("MYDATA_WALLET_VAULT", "MYDATA_WALLET_PASSPHRASE")}
    ids = json.loads(real["ids"])
    assert ids
    before = snapshot(vault_dir)
    listed = run("--demo", "records", "--all-people", "--json", env=env)
    assert listed.exit_code == 0, listed.output
    demo_ids = {r["id"] for r in json.loads(listed.stdout)}
    assert len(demo_ids) > 20 and not demo_ids & set(ids)  # the sample data, not the user's records
    assert "throwaway vault" in listed.stderr
    deleted = CliRunner().invoke(cli, ["--demo", "delete", "--yes", *ids], env=env)
    assert isinstance(deleted.exception, NotFound)  # the user's records are not in the demo vault
    assert "deleted" not in deleted.stdout
    for command in (("persons", "add", "Someone"), ("check",)):
        r = run("--demo", *command, env=env)
        assert r.exit_code == 0, (command, r.output)
    assert snapshot(vault_dir) == before  # byte for byte, and no new file (no WAL, no lock)
    # Without --demo the same command does reach the user's vault: the check above could fail.
    assert run("records", "--all-people", "--json", env=env).exit_code == 0
    assert {r["id"] for r in json.loads(run("records", "--all-people", "--json", env=env).stdout)} == set(ids)
    assert list(Path(real["tmp"]).iterdir()) == []  # every demo folder was removed


@pytest.mark.parametrize("command", ["init", "passwd"])
def test_demo_refuses_commands_that_make_no_sense_on_a_throwaway_vault(
    real: dict[str, str], vault_dir: Path, tmp_path: Path, command: str
) -> None:
    fresh = tmp_path / "not-yet"
    for folder in (vault_dir, fresh):
        env = {
            "MYDATA_WALLET_VAULT": str(folder),
            "MYDATA_WALLET_PASSPHRASE": PASSPHRASE,
            "MYDATA_WALLET_NEW_PASSPHRASE": "four unrelated words for a new passphrase",
        }
        before = snapshot(folder) if folder.exists() else None
        r = run("--demo", command, env=env)
        assert r.exit_code == 1 and f"--demo cannot be used with {command}" in r.stderr
        assert (snapshot(folder) if folder.exists() else None) == before
    assert not fresh.exists()


@pytest.mark.slow  # a throwaway vault filled with the sample data, twice
def test_demo_shows_the_same_reading_from_watch_phone_and_clinic_once(real: dict[str, str]) -> None:
    """Issue 16, as a new user tries it: the demo's watch, phone and clinic heart rate at 08:00 counts once."""
    env = {k: real[k] for k in ("MYDATA_WALLET_VAULT", "MYDATA_WALLET_PASSPHRASE")}
    args = ("--demo", "records", "--since", "2024-03-03", "--until", "2024-03-05")
    once = run(*args, env=env)
    assert once.exit_code == 0, once.output
    lines = once.stdout.splitlines()
    assert sum(" 72 bpm" in line for line in lines) == 1
    assert sum("128/82 mmHg" in line for line in lines) == 1  # a pair, listed once
    assert any("Body weight  70.0 kg" in line for line in lines)  # 154.3 lb in the type's unit
    assert any("100.0 mg/dL" in line for line in lines)  # glucose 5.55 mmol/L
    # the watch's and the phone's heart rates are samples of their series (docs/series.md), each listed there
    listed = run("--demo", "series", "list", "--json", env=env)
    assert listed.exit_code == 0, listed.output
    hr = {s["source"]: s["id"] for s in json.loads(listed.stdout) if s["measurement"] == "Heart rate"}
    assert set(hr) == {"Martha's Apple Watch", "Martha's iPhone"}
    for series_id in hr.values():
        day = run("--demo", "series", "samples", str(series_id), "--day", "2024-03-04", env=env)
        assert day.exit_code == 0 and "08:00:00  72" in day.stdout, day.output
