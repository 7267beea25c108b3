"""Getting in: a damaged key file is never a wrong passphrase, and failed unlocks are counted,
slowed and reported across processes (wallet.store.unlocks)."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, PASSPHRASE, run_cli

from wallet.errors import EXIT_KEY_FILE_DAMAGED, KeyFileDamaged, VaultDamaged, WrongPassphrase
from wallet.store import audit, unlocks
from wallet.store import vault as vault_mod
from wallet.store.keys import KdfParams, KeyFile
from wallet.store.vault import DB_NAME, KEY_NAME, Vault

Mutation = Callable[[dict[str, Any]], Any]


@pytest.fixture
def closed_vault(vault_dir: Path) -> Path:
    v, _ = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    v.close()
    return vault_dir


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The pauses Vault.open asks for, instead of sleeping them."""
    asked: list[float] = []
    monkeypatch.setattr(vault_mod, "_sleep", asked.append)
    return asked


def _flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[5] ^= 0x01
    return base64.b64encode(bytes(raw)).decode()


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> Any:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[key]
        node[last] = value
        return data

    return mutate


def _drop(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> Any:
        *parents, last = path.split(".")
        node = data
        for key in parents:
            node = node[key]
        del node[last]
        return data

    return mutate


def _flip_ct(data: dict[str, Any]) -> Any:
    data["passphrase"]["ct"] = _flip_b64(data["passphrase"]["ct"])
    return data


def _flip_salt(data: dict[str, Any]) -> Any:
    data["kdf"]["salt"] = _flip_b64(data["kdf"]["salt"])
    return data


# Every way a key file can be damaged, each a different kind of damage. The text ones replace the file.
DAMAGE: dict[str, Mutation | bytes] = {
    "not JSON": b"{ not json",
    "empty": b"",
    "not UTF-8": b'{"format": 1, "vault_id": "\xff\xfe"}',
    "100,000 levels of nesting": b"[" * 100_000 + b"]" * 100_000,
    "100,000 levels inside a field": b'{"format": 1, "kdf": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    "larger than any key file": b'{"pad": "' + b"x" * 100_000 + b'"}',
    "a list": b"[1, 2, 3]",
    "null": b"null",
    "bad base64 in the nonce": _set("passphrase.nonce", "!!not base64!!"),
    "bad base64 in the ciphertext": _set("passphrase.ct", "AAAA*AAA"),
    "bad base64 in the salt": _set("kdf.salt", "%%%"),
    "a nonce of 16 bytes": _set("passphrase.nonce", base64.b64encode(b"n" * 16).decode()),
    "a ciphertext cut short": _set("passphrase.ct", base64.b64encode(b"c" * 40).decode()),
    "a salt of 4 bytes": _set("kdf.salt", base64.b64encode(b"salt").decode()),
    "a recovery nonce that is a number": _set("recovery.nonce", 12345),
    "no passphrase wrap": _drop("passphrase"),
    "no KDF": _drop("kdf"),
    "no recovery wrap": _drop("recovery"),
    "no salt": _drop("kdf.salt"),
    "a time cost in words": _set("kdf.time_cost", "two"),
    "a time cost beyond any float": _set("kdf.time_cost", 1e400),
    "a time cost of a thousand digits": _set("kdf.time_cost", int("9" * 1000)),
    "the wrap is a string": _set("passphrase", "abc"),
    "a flipped byte in the wrapped key": _flip_ct,
    "a flipped byte in the salt": _flip_salt,
}


@pytest.mark.parametrize("damage", list(DAMAGE), ids=list(DAMAGE))
def test_a_damaged_key_file_says_so_and_is_not_a_wrong_passphrase(
    closed_vault: Path, waits: list[float], damage: str
) -> None:
    key_path = closed_vault / KEY_NAME
    how = DAMAGE[damage]
    if isinstance(how, bytes):
        key_path.write_bytes(how)
    else:
        key_path.write_text(json.dumps(how(json.loads(key_path.read_text())), indent=2))
    db_before = (closed_vault / DB_NAME).read_bytes()
    for attempt in (PASSPHRASE, "not the passphrase"):
        with pytest.raises(KeyFileDamaged, match="key file") as info:
            Vault.open(closed_vault, attempt)
        assert not isinstance(info.value, WrongPassphrase)
        assert "\n" not in str(info.value) and len(str(info.value)) < 300
    assert (closed_vault / DB_NAME).read_bytes() == db_before
    assert not (closed_vault / unlocks.COUNTER_NAME).exists(), "a damaged file is not a guess to count"


def test_key_files_carry_a_checksum_that_only_matters_when_a_wrap_fails(closed_vault: Path) -> None:
    key_path = closed_vault / KEY_NAME
    data = json.loads(key_path.read_text())
    assert data["checksum"].startswith("sha256:")
    # a hand edit outside the wraps (here: the keyring flag) changes the checksum, yet the right passphrase opens
    data["remembered"] = True
    key_path.write_text(json.dumps(data))
    assert KeyFile.load(key_path).checksum_ok is False
    Vault.open(closed_vault, PASSPHRASE).close()
    # re-saved files are whole again, pretty-printed or not
    kf = KeyFile.load(key_path)
    kf.save(key_path)
    assert KeyFile.load(key_path).checksum_ok is True
    key_path.write_text(json.dumps(json.loads(key_path.read_text()), separators=(",", ":")))
    assert KeyFile.load(key_path).checksum_ok is True


def test_a_key_file_from_before_checksums_still_tells_only_what_it_can(closed_vault: Path, waits: list[float]) -> None:
    """Without a checksum a flipped byte in the wrapped key cannot be told from a wrong passphrase
    (AES-GCM fails the same way): the known limit for key files written before this version."""
    key_path = closed_vault / KEY_NAME
    data = json.loads(key_path.read_text())
    del data["checksum"]
    key_path.write_text(json.dumps(data))
    Vault.open(closed_vault, PASSPHRASE).close()  # old files open as before
    key_path.write_text(json.dumps(_flip_ct(data)))
    with pytest.raises(WrongPassphrase):
        Vault.open(closed_vault, PASSPHRASE)


@pytest.mark.slow
def test_cli_exit_codes_tell_a_damaged_key_file_from_a_wrong_passphrase(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    v, _ = Vault.create(vault, PASSPHRASE, kdf=KdfParams.floor())
    v.close()
    wrong = run_cli(vault, "records", passphrase="not the passphrase")
    assert wrong.returncode == 3 and wrong.stderr.strip() == "mydata-wallet: wrong passphrase"
    data = json.loads((vault / KEY_NAME).read_text())
    (vault / KEY_NAME).write_text(json.dumps(_flip_ct(data)))
    damaged = run_cli(vault, "records")
    assert damaged.returncode == EXIT_KEY_FILE_DAMAGED == 5
    assert damaged.stderr.startswith("mydata-wallet: the vault's key file is damaged")
    assert len(damaged.stderr.strip().splitlines()) == 1
    (vault / KEY_NAME).write_bytes(b"[" * 100_000)
    nested = run_cli(vault, "records")
    assert nested.returncode == 5 and "Traceback" not in nested.stderr and "internal error" not in nested.stderr
    assert len(nested.stderr.strip().splitlines()) == 1


# ------------------------------------------------------------------- failed unlocks


def test_the_pause_grows_with_the_count_and_counts_from_the_last_failure(tmp_path: Path) -> None:
    t0 = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    for _ in range(2):
        unlocks.record_failure(tmp_path, now=t0)
    assert unlocks.seconds_to_wait(tmp_path, now=t0) == 0  # two typos cost nothing
    pauses = []
    for _ in range(8):
        unlocks.record_failure(tmp_path, now=t0)
        pauses.append(unlocks.seconds_to_wait(tmp_path, now=t0))
    assert pauses == [1, 2, 4, 8, 16, 30, 30, 30]
    assert unlocks.seconds_to_wait(tmp_path, now=t0 + timedelta(seconds=10)) == 20
    assert unlocks.seconds_to_wait(tmp_path, now=t0 + timedelta(minutes=5)) == 0
    state = unlocks.read(tmp_path)
    assert (state.count, state.first, state.last) == (10, t0, t0)
    assert state.describe() == "10 failed unlock attempts since 2026-01-01 12:00 UTC"


def test_a_damaged_counter_still_counts(tmp_path: Path) -> None:
    (tmp_path / unlocks.COUNTER_NAME).write_bytes(b"\x00garbage{")
    assert unlocks.read(tmp_path).count == 1
    assert unlocks.record_failure(tmp_path).count == 2


def test_wrong_passphrases_are_counted_slowed_and_reported_at_the_next_unlock(
    closed_vault: Path, waits: list[float]
) -> None:
    for n in range(1, 4):
        with pytest.raises(WrongPassphrase) as info:
            Vault.open(closed_vault, "not the passphrase")
        assert info.value.failed_attempts == n
    assert info.value.next_wait == 1.0
    with pytest.raises(WrongPassphrase, match="recovery"):
        Vault.open(closed_vault, recovery_key="AAAAA-BBBBB-CCCCC-DDDDD-EEEEE-FFFFF-GGGGG-HHHHH")
    assert unlocks.read(closed_vault).count == 4
    # another process failed just now (its clock a little ahead): the next try waits the whole pause first
    unlocks.record_failure(closed_vault, now=datetime.now(UTC) + timedelta(minutes=1))
    waits.clear()  # what the earlier tries waited depends on how long deriving took: not asserted
    vault = Vault.open(closed_vault, PASSPHRASE)
    try:
        assert waits == [4.0]
        assert vault.failed_unlocks.count == 5
        entry = audit.entries(vault.conn, limit=2)
        assert [e["action"] for e in entry] == ["vault.unlock-failures", "vault.open"]
        assert entry[0]["detail"]["count"] == 5
        assert audit.verify(vault.conn) == []
    finally:
        vault.close()
    assert not (closed_vault / unlocks.COUNTER_NAME).exists()
    waits.clear()
    with Vault.open(closed_vault, PASSPHRASE) as again:
        assert waits == [] and again.failed_unlocks.count == 0
        assert audit.entries(again.conn, limit=1)[0]["action"] == "vault.open"


def test_a_remembered_key_is_not_slowed_but_reports_the_failures(closed_vault: Path, waits: list[float]) -> None:
    with Vault.open(closed_vault, PASSPHRASE) as v:
        key = v.data_key
    for _ in range(4):
        unlocks.record_failure(closed_vault, now=datetime.now(UTC) + timedelta(minutes=1))
    with Vault.open(closed_vault, data_key=key) as v:
        assert waits == [] and v.failed_unlocks.count == 4


@pytest.mark.slow
def test_failures_are_counted_exactly_by_processes_failing_at_once(tmp_path: Path) -> None:
    code = (
        "import sys; from pathlib import Path; from wallet.store import unlocks\n"
        "for _ in range(25): unlocks.record_failure(Path(sys.argv[1]))\n"
    )
    procs = [subprocess.Popen([sys.executable, "-c", code, str(tmp_path)]) for _ in range(4)]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0, 0]
    assert unlocks.read(tmp_path).count == 100


@pytest.mark.slow
def test_cli_counts_across_processes_and_says_so(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    v, _ = Vault.create(vault, PASSPHRASE, kdf=KdfParams.floor())
    v.close()
    assert run_cli(vault, "records", passphrase="wrong one").returncode == 3
    second = run_cli(vault, "check", passphrase="wrong two")
    assert second.returncode == 3
    assert second.stderr.strip() == "mydata-wallet: wrong passphrase (2 failed attempts in a row)"
    assert unlocks.read(vault).count == 2
    # failures of another process a moment ago (its clock ahead): this one says it waits, then tries
    unlocks.record_failure(vault, now=datetime.now(UTC) + timedelta(hours=1))
    third = run_cli(vault, "records", passphrase="wrong three")
    assert third.returncode == 3
    assert "note: 3 failed unlock attempts since" in third.stderr and "waiting 1 s before trying" in third.stderr
    assert "wrong passphrase (4 failed attempts in a row; the next try waits 2 s)" in third.stderr
    (vault / unlocks.COUNTER_NAME).write_text(
        json.dumps({"count": 4, "first": "2026-01-01T10:00:00+00:00", "last": "2026-01-01T10:05:00+00:00"})
    )
    ok = run_cli(vault, "records")
    assert ok.returncode == 0, ok.stderr
    assert "note: 4 failed unlock attempts since 2026-01-01 10:00 UTC (recorded in the audit log)" in ok.stderr
    log = run_cli(vault, "audit", "--json")
    entries = json.loads(log.stdout)["entries"]
    failed = [e for e in entries if e["action"] == "vault.unlock-failures"]
    assert len(failed) == 1 and failed[0]["detail"]["count"] == 4
    quiet = run_cli(vault, "records")
    assert quiet.returncode == 0 and "failed unlock" not in quiet.stderr


# --------------------------------------------------------------- damaged database


def _page_hit_by_records(folder: Path, key: bytes, page_size: int, pages: int) -> int | None:
    """A page whose flipped byte the opening survives and listing records meets (searched from the end)."""
    import shutil

    import sqlcipher3

    original = (folder / DB_NAME).read_bytes()
    probe = folder.parent / "probe"
    for page in range(pages - 1, 1, -1):
        shutil.rmtree(probe, ignore_errors=True)
        shutil.copytree(folder, probe)
        raw = bytearray(original)
        raw[page * page_size + 100] ^= 0xFF
        (probe / DB_NAME).write_bytes(bytes(raw))
        try:
            v = Vault.open(probe, data_key=key)
        except VaultDamaged:
            continue
        try:
            v.records()
        except sqlcipher3.DatabaseError:
            return page
        finally:
            v.close()
    return None


@pytest.mark.slow
def test_a_flipped_byte_met_while_listing_records_is_one_line(tmp_path: Path) -> None:
    vault = tmp_path / "v"
    v, _ = Vault.create(vault, PASSPHRASE, kdf=KdfParams.floor())
    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source

    for path in sorted((FIXTURES / "fhir-synthea").glob("*.json"))[:2]:
        import_source(v, Source(path))
    key, page_size = v.data_key, v.keyfile.db_page_size
    v.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    v.close()
    pages = (vault / DB_NAME).stat().st_size // page_size
    page = _page_hit_by_records(vault, key, page_size, pages)
    assert page is not None, "some page of the records table must be met by listing them"
    raw = bytearray((vault / DB_NAME).read_bytes())
    raw[page * page_size + 100] ^= 0xFF
    (vault / DB_NAME).write_bytes(bytes(raw))
    r = run_cli(vault, "records", "--all-people")
    assert r.returncode == 1
    assert r.stderr.startswith("mydata-wallet: the vault's database is damaged")
    assert len(r.stderr.strip().splitlines()) == 1 and "internal error" not in r.stderr
