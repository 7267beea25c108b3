""" "Remember on this computer": the data key in the OS keyring, through ``keyring``.

Every call runs with a time limit, because a Secret Service that is locked or
absent can block for a long time on Linux.  The call runs on a daemon thread of
its own that is abandoned when the limit passes: the command goes on (asking for
the passphrase) and the process can exit without waiting for it (a thread pool
would be joined at exit, and a second call would queue behind the stuck one).  Where no usable keyring exists the
caller is told (:class:`~wallet.errors.KeyringUnavailable`) and falls back to
the passphrase.  Nothing here ever writes a key to a file.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from wallet.errors import KeyringUnavailable

SERVICE = "mydata-wallet"
TIMEOUT_SECONDS = 5.0
T = TypeVar("T")


def _call(fn: Callable[[], T], timeout: float = TIMEOUT_SECONDS) -> T:
    """``fn()`` on a daemon thread; KeyringUnavailable if it fails or has not returned within ``timeout``."""
    outcome: dict[str, Any] = {}
    done = threading.Event()

    def work() -> None:
        try:
            outcome["value"] = fn()
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc
        finally:
            done.set()

    # daemon: never joined, so a keyring that never answers cannot keep the process alive
    threading.Thread(target=work, name="keyring", daemon=True).start()
    if not done.wait(timeout):
        raise KeyringUnavailable(f"the system keyring did not answer within {timeout:.0f} seconds")
    error = outcome.get("error")
    if error is None:
        value: T = outcome["value"]
        return value
    if isinstance(error, KeyringUnavailable):
        raise error
    if not isinstance(error, Exception):
        raise KeyringUnavailable(f"the system keyring is not usable ({type(error).__name__})")
    # keyring raises many backend-specific types
    raise KeyringUnavailable(f"the system keyring is not usable ({type(error).__name__}: {error})") from error


def _backend_usable() -> None:
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise KeyringUnavailable("no usable system keyring on this computer (the passphrase is needed each time)")
    chained = getattr(backend, "backends", None)
    if chained is not None and not chained:
        raise KeyringUnavailable("no usable system keyring on this computer (the passphrase is needed each time)")


def available(timeout: float = TIMEOUT_SECONDS) -> bool:
    """Whether a usable OS keyring answers within ``timeout`` seconds."""
    try:
        _call(_backend_usable, timeout)
    except KeyringUnavailable:
        return False
    return True


def set_secret(namespace: str, name: str, secret: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Store a secret in the OS keyring; KeyringUnavailable when there is none or it does not answer in time."""
    import keyring

    def op() -> None:
        _backend_usable()
        keyring.set_password(f"{SERVICE}:{namespace}", name, secret)

    _call(op, timeout)


def get_secret(namespace: str, name: str, timeout: float = TIMEOUT_SECONDS) -> str | None:
    """A secret from the OS keyring, or None when absent; KeyringUnavailable when there is no usable keyring."""
    import keyring

    def op() -> str | None:
        _backend_usable()
        return keyring.get_password(f"{SERVICE}:{namespace}", name)

    return _call(op, timeout)


def delete_secret(namespace: str, name: str, timeout: float = TIMEOUT_SECONDS) -> None:
    """Remove a secret from the OS keyring (absent is fine); KeyringUnavailable when there is no usable keyring."""
    import keyring
    from keyring.errors import PasswordDeleteError

    def op() -> None:
        _backend_usable()
        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(f"{SERVICE}:{namespace}", name)

    _call(op, timeout)


def remember_data_key(vault_id: str, data_key: bytes) -> None:
    """Remember a vault's data key on this computer, so it opens without the passphrase."""
    set_secret("vault", vault_id, data_key.hex())


def recall_data_key(vault_id: str) -> bytes | None:
    """A vault's remembered data key, or None when absent or not a 32-byte key."""
    value = get_secret("vault", vault_id)
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget_data_key(vault_id: str) -> None:
    """Forget a vault's remembered data key: the passphrase is needed again."""
    delete_secret("vault", vault_id)
