""" "Remember on this computer": a real Secret Service, and the fallback when there is none."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from wallet.errors import KeyringUnavailable
from wallet.store import keystore
from wallet.store.vault import Vault


def test_no_keyring_says_so(vault: Vault) -> None:
    # conftest selects keyring's "fail" backend, as on a headless machine without a Secret Service
    assert not keystore.available()
    with pytest.raises(KeyringUnavailable, match="no usable system keyring"):
        vault.set_remembered(True)
    assert vault.keyfile.remembered is False


@pytest.mark.slow
def test_keyring_that_does_not_answer_times_out() -> None:
    start = time.monotonic()
    with pytest.raises(KeyringUnavailable, match="did not answer"):
        keystore._call(lambda: time.sleep(2), timeout=0.2)
    assert time.monotonic() - start < 1.9


SCRIPT = textwrap.dedent(
    """
    import sys
    from wallet.store.keys import KdfParams
    from wallet.store.vault import Vault
    from wallet.store import keystore
    folder = sys.argv[1]
    v, _ = Vault.create(folder, "pass phrase one", kdf=KdfParams.floor())
    v.set_remembered(True)
    key = v.data_key
    v.close()
    recalled = keystore.recall_data_key(Vault.read_keyfile(__import__("pathlib").Path(folder)).vault_id)
    assert recalled == key, "the keyring must give back the data key"
    Vault.open(folder, data_key=recalled).close()
    # the key file holds a flag, never the key
    assert key.hex() not in open(folder + "/vault.key").read()
    print("remembered-ok")
    """
)


@pytest.mark.slow
def test_real_secret_service(tmp_path: Path) -> None:
    missing = [t for t in ("dbus-run-session", "gnome-keyring-daemon") if shutil.which(t) is None]
    if missing:
        pytest.skip(f"{', '.join(missing)} not installed (CI installs dbus and gnome-keyring through apt-get)")
    script = tmp_path / "remember.py"
    script.write_text(SCRIPT)
    folder = tmp_path / "v"
    env = {k: v for k, v in os.environ.items() if k != "PYTHON_KEYRING_BACKEND"}
    env["HOME"] = str(tmp_path)  # a throwaway login keyring
    shell = (
        "echo -n unlock | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1; "
        f"{sys.executable} {script} {folder}; "
        # the CLI unlocks without a passphrase through the keyring
        f"{sys.executable} -m wallet.cli --vault {folder} records --limit 1 && echo cli-ok"
    )
    r = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", shell],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert "remembered-ok" in r.stdout, r.stdout + r.stderr
    assert "cli-ok" in r.stdout, r.stdout + r.stderr


def test_a_keyring_call_that_never_returns_is_abandoned() -> None:
    never = __import__("threading").Event()
    with pytest.raises(KeyringUnavailable, match="did not answer"):
        keystore._call(never.wait, timeout=0.1)
    # the stuck call does not hold up the next one (a one-worker pool would queue it behind)
    assert keystore._call(lambda: "answered", timeout=30) == "answered"
    never.set()


def _cli_with_blocking_keyring(folder: Path, *args: str, passphrase: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYDATA_WALLET")}
    env["PYTHON_KEYRING_BACKEND"] = "keyring_support.BlockingKeyring"
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).parent), str(Path(__file__).parents[1])])
    if passphrase is not None:
        env["MYDATA_WALLET_PASSPHRASE"] = passphrase
    # The backend blocks forever: if the command waited for it, the timeout below fails the test.
    return subprocess.run(
        [sys.executable, "-m", "wallet.cli", "--vault", str(folder), *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        env=env,
        timeout=90,
        check=False,
    )


@pytest.mark.slow
def test_cli_goes_on_and_exits_when_the_keyring_hangs(tmp_path: Path) -> None:
    from conftest import PASSPHRASE

    from wallet.store.keys import KdfParams

    folder = tmp_path / "v"
    v, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    v.keyfile.remembered = True  # as if "remember" had worked on another day
    v.keyfile.save(folder / "vault.key")
    v.close()
    # unlocking: the note, then the passphrase is needed (none here: one line, exit 1)
    r = _cli_with_blocking_keyring(folder, "records", "--limit", "1", passphrase=None)
    assert "did not answer within 5 seconds; asking for the passphrase" in r.stderr, r.stderr
    assert "no passphrase" in r.stderr
    assert r.returncode == 1
    assert "Traceback" not in r.stderr
    # init --remember: the vault is made, "not remembered" said, exit 0
    r = _cli_with_blocking_keyring(tmp_path / "w", "init", "--remember", passphrase="maple harbor violet tundra")
    assert r.returncode == 0, r.stderr
    assert "not remembered: the system keyring did not answer" in r.stderr
    assert Vault.read_keyfile(tmp_path / "w").remembered is False
