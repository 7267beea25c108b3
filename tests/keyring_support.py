"""A keyring backend that never answers, like a locked Secret Service waiting for a prompt.

Selected in a child process with ``PYTHON_KEYRING_BACKEND=keyring_support.BlockingKeyring``
(``tests/`` on ``PYTHONPATH``).
"""

from __future__ import annotations

import threading

from keyring.backend import KeyringBackend

_never = threading.Event()


class BlockingKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        _never.wait()
        return None

    def set_password(self, service: str, username: str, password: str) -> None:
        _never.wait()

    def delete_password(self, service: str, username: str) -> None:
        _never.wait()
