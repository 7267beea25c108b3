"""Shared fixtures.  Qt runs offscreen; vaults use the floor KDF so tests are quick."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch a real keyring from tests unless a test sets one up itself.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from wallet.keys import KdfParams
from wallet.vault import Vault

FIXTURES = Path(__file__).parent / "fixtures"
PASSPHRASE = "correct horse battery staple"


@pytest.fixture
def fast_kdf(monkeypatch: pytest.MonkeyPatch) -> KdfParams:
    """Make new vaults use the floor Argon2id parameters instead of calibrating (~1 s each)."""
    floor = KdfParams.floor()
    monkeypatch.setattr(KdfParams, "calibrate", classmethod(lambda cls, *a, **k: floor))
    return floor


@pytest.fixture
def vault_dir(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def vault(vault_dir: Path) -> Iterator[Vault]:
    v, _recovery = Vault.create(vault_dir, PASSPHRASE, kdf=KdfParams.floor())
    try:
        yield v
    finally:
        v.close()
