"""The command line, run as a user runs it: a real process, a real vault."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO, FIXTURES
from conftest import run_cli as run

IPS = FIXTURES / "fhir-ips"
SYNTHEA = FIXTURES / "fhir-synthea"
# one Synthea patient and one IPS sample are stored only with the demo
DEMO_FHIR = (
    str(DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"),
    str(DEMO / "Bundle-IPS-examples-Bundle-01.json"),
)


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    vault = tmp_path_factory.mktemp("cli") / "vault"
    r = run(vault, "init")
    assert r.returncode == 0, r.stderr
    assert "Recovery key" in r.stdout
    r = run(vault, "import", str(SYNTHEA), str(IPS), *DEMO_FHIR)
    assert r.returncode == 0, r.stderr
    return vault


@pytest.mark.slow
def test_new_user_story(filled: Path) -> None:
    counts = run(filled, "records", "--all-people", "--counts", "--json")
    assert counts.returncode == 0, counts.stderr
    by_kind = {(c["domain"], c["kind"]): c["count"] for c in json.loads(counts.stdout)}
    assert by_kind[("health", "Condition")] >= 20
    assert by_kind[("profile", "Patient")] == 10
    again = run(filled, "import", str(SYNTHEA), str(IPS), *DEMO_FHIR)
    assert again.returncode == 0
    assert all(" 0 added" in line for line in again.stdout.splitlines()), again.stdout
    found = run(filled, "search", "hypertension")
    assert found.returncode == 0 and "Hypertension" in found.stdout
    # a patient's condition by a word of it, with the patient named
    assert "Liz Conn" in found.stdout or "Kermit Trantow" in found.stdout
    for path in filled.iterdir():
        content = path.read_bytes()
        for secret in (b"Kermit", b"Trantow", b"Hypertension", b"Chet"):
            assert secret not in content, f"{secret!r} in {path.name}"


@pytest.mark.slow
def test_plain_sqlite3_tool_cannot_read(filled: Path) -> None:
    tool = subprocess.run(["which", "sqlite3"], capture_output=True, text=True, check=False).stdout.strip()
    if not tool:
        pytest.skip("the sqlite3 command-line tool is not installed (CI installs it: apt-get install sqlite3)")
    r = subprocess.run([tool, str(filled / "vault.db"), ".tables"], capture_output=True, text=True, check=False)
    assert r.returncode != 0
    assert "not a database" in r.stderr


@pytest.mark.slow
def test_wrong_passphrase_exits_non_zero(filled: Path) -> None:
    r = run(filled, "records", passphrase="not it")
    assert r.returncode == 3
    assert r.stderr.strip() == "mydata-wallet: wrong passphrase"
    assert "Traceback" not in r.stderr


@pytest.mark.slow
def test_records_filters_and_show(filled: Path) -> None:
    r = run(filled, "records", "--person", "Liz Conn", "--kind", "Condition", "--since", "2000-01-01", "--json")
    assert r.returncode == 0, r.stderr
    recs = json.loads(r.stdout)
    assert recs and all(x["kind"] == "Condition" and x["start"] >= "2000" for x in recs)
    shown = run(filled, "show", recs[0]["id"][:10])
    assert shown.returncode == 0 and "payload:" in shown.stdout and "connector fhir" in shown.stdout


@pytest.mark.slow
def test_user_errors_are_one_line(filled: Path, tmp_path: Path) -> None:
    cases = [
        run(filled, "show", "doesnotexist"),
        run(filled, "records", "--since", "yesterday"),
        run(tmp_path / "none", "records"),
        run(filled, "import", str(tmp_path / "missing.json")),
        run(filled, "records", "--person", "Nobody At All"),
    ]
    for r in cases:
        assert r.returncode != 0
        assert "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert r.stderr.startswith("mydata-wallet: ")


@pytest.mark.slow
def test_bad_file_is_reported_and_others_go_on(filled: Path, tmp_path: Path) -> None:
    bad = tmp_path / "broken.json"
    bad.write_text('{"resourceType": "Bundle", "entry": [')
    r = run(filled, "import", str(bad), str(IPS / "Bundle-bundle-minimal.json"))
    assert r.returncode == 1
    assert "broken.json: not valid JSON" in r.stderr
    assert "Bundle-bundle-minimal.json: 0 added" in r.stdout


@pytest.mark.slow
def test_check_audit_connectors(filled: Path) -> None:
    r = run(filled, "check")
    assert r.returncode == 0 and r.stdout.startswith("ok:")
    a = run(filled, "audit", "--json")
    actions = [e["action"] for e in json.loads(a.stdout)["entries"]]
    assert "import" in actions and "vault.create" in actions and "vault.open" in actions
    c = run(filled, "connectors")
    assert c.returncode == 0 and "fhir" in c.stdout


@pytest.mark.slow
def test_passwd(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    assert run(vault, "init").returncode == 0
    r = run(vault, "passwd", env={"MYDATA_WALLET_NEW_PASSPHRASE": "an even better passphrase"})
    assert r.returncode == 0, r.stderr
    assert run(vault, "records").returncode == 3
    assert run(vault, "records", passphrase="an even better passphrase").returncode == 0


@pytest.mark.slow
def test_no_passphrase_without_terminal(filled: Path) -> None:
    r = run(filled, "records", passphrase=None)
    assert r.returncode != 0
    assert "MYDATA_WALLET_PASSPHRASE" in r.stderr


@pytest.mark.slow
def test_delete_is_confirmed_and_audited(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    assert run(vault, "init").returncode == 0
    assert run(vault, "import", str(IPS / "Bundle-bundle-minimal.json")).returncode == 0
    rid = json.loads(run(vault, "records", "--kind", "Condition", "--json").stdout)[0]["id"]
    refused = run(vault, "delete", rid)
    assert refused.returncode != 0 and "confirmation" in refused.stderr
    assert run(vault, "delete", rid, "--yes").returncode == 0
    assert run(vault, "show", rid).returncode != 0
    actions = [e["action"] for e in json.loads(run(vault, "audit", "--json").stdout)["entries"]]
    assert "record.delete" in actions


def test_weak_passphrase_is_refused_at_init(tmp_path: Path) -> None:
    r = run(tmp_path / "v", "init", passphrase="password1")
    assert r.returncode == 1 and "too easy to guess" in r.stderr
    assert not (tmp_path / "v").exists()


@pytest.mark.slow
def test_check_on_a_damaged_vault_reports_instead_of_crashing(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    assert run(vault, "init").returncode == 0
    assert run(vault, "import", str(IPS / "Bundle-bundle-minimal.json")).returncode == 0
    db = vault / "vault.db"
    raw = bytearray(db.read_bytes())
    page = json.loads((vault / "vault.key").read_text())["database"]["page_size"]
    raw[2 * page + 100] ^= 0xFF  # one byte inside the third page
    db.write_bytes(bytes(raw))
    for wal in vault.glob("vault.db-*"):
        wal.unlink()
    checked = run(vault, "check")
    assert checked.returncode == 1
    assert "PROBLEM" in checked.stdout
    assert "Traceback" not in checked.stderr and "internal error" not in checked.stderr
    opened = run(vault, "records")
    assert opened.returncode == 1
    assert opened.stderr.startswith("mydata-wallet: ") and len(opened.stderr.strip().splitlines()) == 1
    assert "wrong passphrase" not in opened.stderr


@pytest.mark.slow
def test_import_of_nothing_says_so(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    assert run(vault, "init").returncode == 0
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "loop").symlink_to(empty)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    r = run(vault, "import", str(empty), str(fifo))
    assert r.returncode == 1
    assert "no files to import" in r.stderr and "not a regular file" in r.stderr


def test_the_command_line_finds_the_desktop_app_as_an_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`gui` starts what the `mydata_wallet.frontends` group names; the CLI never imports wallet.ui."""
    import importlib.metadata

    from wallet import cli

    (found,) = importlib.metadata.entry_points(group=cli.FRONTEND_GROUP, name="gui")
    assert found.value == "wallet.ui.app:run"

    started: list[tuple[Path, bool]] = []

    class FakeEntryPoint:
        def load(self) -> object:
            return lambda vault_dir, demo: started.append((vault_dir, demo)) or 0

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kw: [FakeEntryPoint()])
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--vault", str(tmp_path / "v"), "gui", "--demo"])
    assert stopped.value.code == 0
    assert started == [(tmp_path / "v", True)]

    monkeypatch.setattr(importlib.metadata, "entry_points", lambda **kw: [])
    with pytest.raises(SystemExit) as stopped:
        cli.main(["--vault", str(tmp_path / "v"), "gui"])
    assert stopped.value.code != 0
    assert "the desktop app is not installed" in capsys.readouterr().err
