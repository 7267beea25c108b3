""" "Remember on this computer": the data key in the OS keyring, through ``keyring``.

Every call runs with a time limit, because a Secret Service that is locked or
absent can block for a long time on Linux.  Where no usable keyring exists the
caller is told (:class:`~wallet.errors.KeyringUnavailable`) and falls back to
the passphrase.  Nothing here ever writes a key to a file.
"""

from __future__ import annotations

import concurrent.futures
import contextlib
from collections.abc import Callable
from typing import TypeVar

from wallet.errors import KeyringUnavailable

SERVICE = "mydata-wallet"
TIMEOUT_SECONDS = 5.0
T = TypeVar("T")

_pool = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="keyring")


def _call(fn: Callable[[], T], timeout: float = TIMEOUT_SECONDS) -> T:
    future = _pool.submit(fn)
    try:
        return future.result(timeout=timeout)
    except concurrent.futures.TimeoutError as exc:
        raise KeyringUnavailable(f"the system keyring did not answer within {timeout:.0f} seconds") from exc
    except KeyringUnavailable:
        raise
    except Exception as exc:  # keyring raises many backend-specific types
        raise KeyringUnavailable(f"the system keyring is not usable ({type(exc).__name__}: {exc})") from exc


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
    try:
        _call(_backend_usable, timeout)
    except KeyringUnavailable:
        return False
    return True


def set_secret(namespace: str, name: str, secret: str, timeout: float = TIMEOUT_SECONDS) -> None:
    import keyring

    def op() -> None:
        _backend_usable()
        keyring.set_password(f"{SERVICE}:{namespace}", name, secret)

    _call(op, timeout)


def get_secret(namespace: str, name: str, timeout: float = TIMEOUT_SECONDS) -> str | None:
    import keyring

    def op() -> str | None:
        _backend_usable()
        return keyring.get_password(f"{SERVICE}:{namespace}", name)

    return _call(op, timeout)


def delete_secret(namespace: str, name: str, timeout: float = TIMEOUT_SECONDS) -> None:
    import keyring
    from keyring.errors import PasswordDeleteError

    def op() -> None:
        _backend_usable()
        with contextlib.suppress(PasswordDeleteError):
            keyring.delete_password(f"{SERVICE}:{namespace}", name)

    _call(op, timeout)


def remember_data_key(vault_id: str, data_key: bytes) -> None:
    set_secret("vault", vault_id, data_key.hex())


def recall_data_key(vault_id: str) -> bytes | None:
    value = get_secret("vault", vault_id)
    if not value:
        return None
    try:
        key = bytes.fromhex(value)
    except ValueError:
        return None
    return key if len(key) == 32 else None


def forget_data_key(vault_id: str) -> None:
    delete_secret("vault", vault_id)
