"""Deleting a person, a source (one import) and the whole vault (crypto-erase): the core and the command line."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from conftest import DEMO, FIXTURES, PASSPHRASE, run_cli
from keyring.backend import KeyringBackend
from share_support import SYNTHEA, add_receipt, fill, request

from wallet.errors import NotFound, VaultError, VaultNotFound
from wallet.features.export_all import export_all
from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store import keystore
from wallet.store.keys import KdfParams
from wallet.store.vault import DB_NAME, KEY_NAME, Vault

OFX = FIXTURES / "ofx" / "jseutter-ofxparse" / "checking.ofx"
BANK_CSV = DEMO / "kr_bank_cp949.csv"
APPLE = FIXTURES / "apple_health" / "alxdrcirilo-apple-health-parser" / "export.xml"
PHOTO = FIXTURES / "documents" / "photo.jpg"


def _readings_consistent(vault: Vault) -> None:
    """The readings layer holds nothing for records that are gone, and the vault checks clean."""
    orphans = vault.conn.execute(
        "SELECT count(*) FROM readings x WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.rowid = x.rid) "
        "OR (x.rid2 IS NOT NULL AND NOT EXISTS (SELECT 1 FROM records r WHERE r.rowid = x.rid2))"
    ).fetchone()[0]
    assert orphans == 0
    assert vault.check() == []


# ------------------------------------------------------------------ a person


def test_delete_person_removes_records_search_readings_shares_and_the_next_export(vault: Vault, tmp_path: Path) -> None:
    holder, other = fill(vault)
    # the second person gets measurements (Apple Health), a document and a share
    import_source(vault, Source(APPLE), "apple_health", person=other)
    import_source(vault, Source(PHOTO), "document", person=other)
    [encounter] = vault.records(person_id=other, kind="Condition", limit=1) or vault.records(person_id=other, limit=1)
    add_receipt(vault, encounter)
    create_share(vault, prepare(vault, request(other)), tmp_path / "share.zip")
    name = vault.person(other).name
    assert name
    word = vault.records(person_id=other, kind="Condition")[0].title.split()[0]
    assert vault.search(word, person_id=other)
    assert vault.conn.execute("SELECT count(*) FROM readings_daily WHERE person_id = ?", (other,)).fetchone()[0] > 0
    assert vault.sample_count(other) > 0  # the watch's heart rate and energy, as series
    kept = vault.count(person_id=holder)

    counts = vault.delete_person_everything(other)

    assert counts["records"] > 0 and counts["attachments"] == 2 and counts["shares"] == 1 and counts["samples"] > 0
    assert vault.sample_count() == 0 and vault.series_list() == []
    assert [p.id for p in vault.persons()] == [holder]
    assert vault.count(person_id=other) == 0 and vault.count(person_id=holder) == kept
    assert vault.search(word, person_id=other) == []
    assert vault.conn.execute("SELECT count(*) FROM readings WHERE person_id = ?", (other,)).fetchone()[0] == 0
    assert vault.conn.execute("SELECT count(*) FROM readings_daily WHERE person_id = ?", (other,)).fetchone()[0] == 0
    assert vault.conn.execute("SELECT count(*) FROM shares WHERE person_id = ?", (other,)).fetchone()[0] == 0
    # the imports that brought only their records are gone, with the file names they came from
    assert {i["source"] for i in vault.imports()} == {SYNTHEA.name}
    assert {r[0] for r in vault.conn.execute("SELECT source_name FROM origins")} == {SYNTHEA.name}
    _readings_consistent(vault)
    [entry] = [e for e in vault.audit_entries() if e["action"] == "person.delete"]
    assert entry["detail"]["person"] == other and name not in json.dumps(entry["detail"])
    # gone from a new export too
    out = tmp_path / "export"
    export_all(vault, out)
    everything = b"".join(p.read_bytes() for p in out.rglob("*") if p.is_file())
    assert name.encode() not in everything
    assert other.encode() not in everything
    assert PHOTO.read_bytes() not in everything


def test_the_holder_and_unknown_people_are_refused(vault: Vault) -> None:
    with pytest.raises(VaultError, match="holder cannot be deleted"):
        vault.delete_person_everything(vault.holder().id)
    with pytest.raises(NotFound):
        vault.delete_person_everything("nobody")


# ------------------------------------------------------------------ a source


def test_delete_source_removes_one_import_and_its_readings(vault: Vault) -> None:
    import_source(vault, Source(OFX))
    import_source(vault, Source(BANK_CSV))
    import_source(vault, Source(APPLE), "apple_health")
    by_connector = {i["connector"]: i for i in vault.imports()}
    apple = by_connector["apple_health"]["id"]
    n_apple = vault.count(source=None) - vault.count(domain="finance")
    n_samples = vault.sample_count()
    assert vault.conn.execute("SELECT count(*) FROM readings_daily").fetchone()[0] > 0 and n_samples > 0
    finance = vault.count(domain="finance")

    counts = vault.delete_source(apple[:8])  # a unique prefix is enough

    assert counts["records"] == n_apple and counts["samples"] == n_samples
    assert vault.sample_count() == 0 and vault.series_list() == []
    assert vault.conn.execute("SELECT count(*) FROM records WHERE import_id = ?", (apple,)).fetchone()[0] == 0
    assert vault.conn.execute("SELECT count(*) FROM readings").fetchone()[0] == 0
    assert vault.conn.execute("SELECT count(*) FROM readings_daily").fetchone()[0] == 0
    assert vault.count(domain="finance") == finance
    assert apple not in {i["id"] for i in vault.imports()}
    _readings_consistent(vault)
    assert any(e["action"] == "source.delete" and e["detail"]["import"] == apple for e in vault.audit_entries())
    with pytest.raises(NotFound, match="no import"):
        vault.delete_source(apple)


# ------------------------------------------------------------------ the vault


class _MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture
def memory_keyring() -> Iterator[_MemoryKeyring]:
    before = keyring.get_keyring()
    ring = _MemoryKeyring()
    keyring.set_keyring(ring)
    try:
        yield ring
    finally:
        keyring.set_keyring(before)


MARKER = "ZQX-marker-Kreiger-7731"


def test_delete_vault_destroys_the_keys_first_then_the_files(vault_dir: Path, memory_keyring: _MemoryKeyring) -> None:
    vault, recovery = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    fill(vault)
    person = vault.holder()
    person.name = MARKER
    vault.save_person(person)
    vault.set_remembered(True)
    vault_id = vault.keyfile.vault_id
    assert keystore.recall_data_key(vault_id) is not None
    vault.checkpoint()
    # nothing readable on disk before (SQLCipher), so nothing can be left after
    for path in vault_dir.iterdir():
        if path.is_file():
            assert MARKER.encode() not in path.read_bytes()
    old_key = (vault_dir / KEY_NAME).read_bytes()

    notes = vault.destroy()

    assert notes == []
    assert memory_keyring.store == {}
    assert not vault_dir.exists()
    assert not vault.is_open
    with pytest.raises(VaultNotFound, match="no vault in"):
        Vault.open(vault_dir, PASSPHRASE)
    with pytest.raises(VaultNotFound):
        Vault.open(vault_dir, recovery_key=recovery)
    assert old_key  # the key file existed; nothing of it is left to find
    assert not (vault_dir / KEY_NAME).exists() and not (vault_dir / DB_NAME).exists()


def test_delete_vault_keeps_other_files_and_says_so(vault_dir: Path) -> None:
    vault, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    (vault_dir / "mine.txt").write_text("not the wallet's")
    notes = vault.destroy()
    assert sorted(p.name for p in vault_dir.iterdir()) == ["mine.txt"]
    assert any("mine.txt" in n for n in notes)
    with pytest.raises(VaultNotFound):
        Vault.open(vault_dir, PASSPHRASE)


# ------------------------------------------------------------------ the command line


def test_cli_delete_person_needs_the_typed_name(vault: Vault, vault_dir: Path) -> None:
    _, other = fill(vault)
    name = vault.person(other).name
    assert name
    vault.close()
    wrong = run_cli(vault_dir, "delete", "--person", other, stdin="yes\n")
    assert wrong.returncode != 0 and "nothing was deleted" in wrong.stderr
    done = run_cli(vault_dir, "delete", "--person", other, stdin=f"{name}\n")
    assert done.returncode == 0, done.stderr
    assert "backups remain" in done.stdout
    listed = run_cli(vault_dir, "persons")
    assert name not in listed.stdout
    both = run_cli(vault_dir, "delete", "--person", other, "--vault", "--yes")
    assert both.returncode != 0 and "one of" in both.stderr


def test_cli_delete_source_and_vault(vault: Vault, vault_dir: Path) -> None:
    import_source(vault, Source(OFX))
    import_source(vault, Source(BANK_CSV))
    vault.close()
    listed = run_cli(vault_dir, "imports")
    assert listed.returncode == 0, listed.stderr
    ofx_line = next(line for line in listed.stdout.splitlines() if "ofx" in line)
    import_id = ofx_line.split()[0]
    done = run_cli(vault_dir, "delete", "--source", import_id, stdin="DELETE\n")
    assert done.returncode == 0, done.stderr
    assert "ofx" not in run_cli(vault_dir, "imports").stdout
    cancelled = run_cli(vault_dir, "delete", "--vault", stdin="delete\n")
    assert cancelled.returncode != 0 and (vault_dir / KEY_NAME).exists()
    gone = run_cli(vault_dir, "delete", "--vault", stdin="DELETE\n")
    assert gone.returncode == 0, gone.stderr
    assert "cannot be recorded" in gone.stdout and "backups remain" in gone.stdout
    assert not vault_dir.exists()
    after = run_cli(vault_dir, "records")
    assert after.returncode != 0 and "no vault in" in after.stderr
