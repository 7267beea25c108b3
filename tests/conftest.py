"""Shared fixtures.  Qt runs offscreen; vaults use the floor KDF so tests are quick."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Never touch a real keyring from tests unless a test sets one up itself.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

from wallet.model import Record, SkippedItem
from wallet.samples import Samples, sample_records
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

FIXTURES = Path(__file__).parent / "fixtures"
# The demo's samples (shipped in the wheel) are stored only there; tests read them from there too.
DEMO = Path(__file__).parent.parent / "resources" / "demo"
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


@pytest.fixture
def gui_env(qapp, tmp_path: Path) -> Iterator[None]:
    """For the desktop-app tests (``pytestmark = pytest.mark.usefixtures("gui_env")``).

    As in the app, cyclic garbage is collected on the GUI thread only (see workers.GuiThreadGc);
    QSettings live in a temporary folder; the language is English.  Qt is imported here, not at
    the top of this file, so the tests without Qt do not need it.
    """
    from PySide6.QtCore import QSettings

    from wallet.ui import i18n, workers

    collector = workers.GuiThreadGc()
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    s = i18n.settings()
    s.clear()
    s.setValue("language", "en")
    s.sync()
    i18n.install("en")
    yield
    i18n.install("en")
    workers.wait_all()
    collector.stop()


@pytest.fixture
def inline_tasks(qapp: object) -> Iterator[None]:
    """Background tasks (wallet.ui.workers.run_task) run at once on the test's thread, callbacks included.

    Like Picard's fake thread pool: a click that starts a task has finished it, and delivered
    its result to the dialog, by the time the click returns.
    """
    from wallet.ui import workers

    with workers.inline():
        yield


def run_cli(
    vault: Path,
    *args: str,
    passphrase: str | None = PASSPHRASE,
    stdin: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.CompletedProcess[str]:
    """``mydata-wallet ARGS`` in its own process on VAULT: no keyring, none of our MYDATA_WALLET_* settings."""
    environ = {k: v for k, v in os.environ.items() if not k.startswith("MYDATA_WALLET")}
    environ["MYDATA_WALLET_VAULT"] = str(vault)
    environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    if passphrase is not None:
        environ["MYDATA_WALLET_PASSPHRASE"] = passphrase
    environ.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "wallet.cli", *args],
        capture_output=True,
        text=True,
        input=stdin if stdin is not None else "",
        env=environ,
        timeout=300,
        check=False,
    )


def expand_samples(items: Iterable[Record | Samples | SkippedItem]) -> Iterator[Record | SkippedItem]:
    """What a connector's read yields, each Samples batch as the records it stands for (sample_records), in order;
    lazily, so a reader's error comes after what was read before it."""
    for item in items:
        if isinstance(item, Samples):
            yield from sample_records(item)
        else:
            yield item


def as_records(items: Iterable[Record | Samples | SkippedItem]) -> list[Record]:
    """The records of what a connector's read yields, Samples expanded in order; skipped items are left out."""
    return [r for r in expand_samples(items) if isinstance(r, Record)]
