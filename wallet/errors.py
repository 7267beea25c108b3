"""Typed errors: callers decide by type, users read the message.

Every error a user can cause derives from :class:`WalletError`; the CLI and
the GUI print ``str(error)`` as one readable line and never a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.model import Person, PersonHint


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
        self.failed_attempts = 0
        """Failed attempts in a row, this one included, as counted beside the key file (0: not counted)."""
        self.next_wait = 0.0
        """Seconds the next attempt will wait."""


class VaultDamaged(VaultError):
    """The vault's files are unreadable, truncated or inconsistent."""


class VaultLocked(VaultError):
    """The vault is locked or already open in another program."""


class KeyFileDamaged(VaultDamaged):
    """``vault.key`` cannot be read, is malformed, or fails its checksum: never a wrong passphrase.

    The CLI exits with :data:`EXIT_KEY_FILE_DAMAGED` for it (3 is a wrong passphrase, 4 a bundle signed by
    an unknown key in `verify`).
    """


EXIT_KEY_FILE_DAMAGED = 5
"""The CLI's exit status for a damaged key file (documented in the README)."""


class WeakKeyParameters(KeyFileDamaged):
    """The key file asks for key-derivation parameters below the floor."""


class VaultReadOnly(VaultError):
    """The vault is on a read-only disk or in a folder this user cannot write: it can be read, not changed."""


class DiskFull(VaultError):
    """The disk holding the vault (or a file being written) is full; the change was not made."""


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
    """An imported patient may or may not be someone already in the vault.

    Carries the decision to make as data: ``patient`` is what the file says (a
    :class:`~wallet.model.PersonHint`), ``candidates`` the people of the vault it
    may be (:class:`~wallet.model.Person`), ``reasons`` what differs between them.
    The message is built from these; the app offers the candidates by their ids.
    """

    def __init__(self, patient: PersonHint, candidates: Sequence[Person], reasons: Sequence[str] = ()) -> None:
        self.patient = patient
        self.candidates = list(candidates)
        self.reasons = list(reasons)
        super().__init__(f"{self.question}; choose with --person NAME|ID (or --person new)")

    @property
    def who(self) -> str:
        """The file's patient in a few words: name, birth date, sex (what the file says)."""
        p = self.patient
        facts = [f"born {p.birth_date.isoformat()}"] if p.birth_date else []
        if p.sex:
            facts.append(p.sex)
        if p.name:
            return f"{p.name} ({', '.join(facts)})" if facts else p.name
        return f"the person of this file ({', '.join(facts)})" if facts else "a patient in this file"

    @staticmethod
    def describe(person: Person) -> str:
        """One candidate as the message and the app show it: name, birth date, id."""
        born = f", born {person.birth_date.isoformat()}" if person.birth_date else ""
        return f"{person.label} ({person.id}{born})"

    @property
    def question(self) -> str:
        """The message without the CLI's advice (what the app asks)."""
        people = ", ".join(self.describe(c) for c in self.candidates)
        if self.reasons:
            return f"{self.who} would go to {people}, but {' and '.join(self.reasons)}"
        return f"{self.who} may be the same person as {people}"


class ImportCancelled(WalletError):
    """The user cancelled an import; what was committed stays, consistently."""


class NotFound(WalletError):
    """A record, person or other item was not found."""
