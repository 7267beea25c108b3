"""Typed errors: callers decide by type, users read the message.

Every error a user can cause derives from :class:`WalletError`; the CLI and
the GUI print ``str(error)`` as one readable line and never a traceback.
"""

from __future__ import annotations


class WalletError(Exception):
    """Base of every error meant for the user's eyes."""


class VaultError(WalletError):
    """Something about the vault itself."""


class VaultNotFound(VaultError):
    """No vault exists at the given location."""


class VaultExists(VaultError):
    """A vault already exists where a new one was to be created."""


class WrongPassphrase(VaultError):
    """The passphrase (or recovery key) does not unlock this vault."""

    def __init__(self, message: str = "wrong passphrase") -> None:
        super().__init__(message)


class VaultDamaged(VaultError):
    """The vault's files are unreadable, truncated or inconsistent."""


class VaultLocked(VaultError):
    """The vault is locked or already open in another program."""


class WeakKeyParameters(VaultDamaged):
    """The key file asks for key-derivation parameters below the floor."""


class KeyringUnavailable(WalletError):
    """No usable OS keyring, or it did not answer in time."""


class ConnectorError(WalletError):
    """A connector could not read its input.  The message names the problem."""


class UnsupportedInput(ConnectorError):
    """No connector recognises this input, or the chosen one does not."""


class AmbiguousConnector(WalletError):
    """Several connectors claim an input; the user must choose one."""

    def __init__(self, path: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(
            f"{path}: several connectors can read this file ({', '.join(candidates)}); choose one with --connector"
        )


class PersonMatchUncertain(WalletError):
    """An imported patient may or may not be someone already in the vault."""

    def __init__(self, description: str, candidates: list[str]) -> None:
        self.candidates = candidates
        super().__init__(
            f"{description} may be the same person as {', '.join(candidates)}; "
            "choose with --person NAME|ID (or --person new)"
        )


class ImportCancelled(WalletError):
    """The user cancelled an import; what was committed stays, consistently."""


class NotFound(WalletError):
    """A record, person or other item was not found."""
