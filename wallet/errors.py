"""Typed errors: callers decide by type, users read the message.

Every error a user can cause derives from :class:`WalletError`; the CLI and
the GUI print ``str(error)`` as one readable line and never a traceback.  What
the user can do about it is data too, a :class:`Hint`, which each front end
words its own way (an option in the CLI, a dialog or menu in the app); no
message here speaks command-line syntax.  :func:`validation_problems` is the
one reading of a pydantic ``ValidationError``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pydantic import ValidationError

    from wallet.model import Person, PersonHint


# --------------------------------------------------------------------------- hints


@dataclass(frozen=True)
class Hint:
    """What the user can do about an error, as data: each front end words it its own way.

    The core never names a command-line option or a menu: the CLI turns a hint into its
    options and commands (``wallet.cli.hints``), the app into its own controls
    (``wallet.ui.hints``).  ``tests/test_error_hints.py`` keeps CLI syntax out of core messages.
    """


@dataclass(frozen=True)
class ConnectorOption(Hint):
    """Read the input again with a connector option set (``encoding``, ``profile``).

    ``choices`` are the likely values, best first (empty: the user knows or looks them up).
    ``listed_by`` names the command of the connector's own command-line part that lists the
    values (empty: none); the connector raising the hint knows it, the core does not.
    ``secret``: the value is a password the front end asks for (hidden, never stored or shown).
    """

    name: str
    choices: tuple[str, ...] = ()
    listed_by: str = ""
    secret: bool = False


@dataclass(frozen=True)
class ReadAnyway(Hint):
    """The input looks cut or edited; setting the connector option ``name`` to ``value`` reads it anyway."""

    name: str
    value: str = "true"


@dataclass(frozen=True)
class ChooseConnector(Hint):
    """Several connectors can read the input: the user picks one of ``candidates`` (connector ids)."""

    candidates: tuple[str, ...]


@dataclass(frozen=True)
class ChoosePerson(Hint):
    """The file's patient may be someone in the vault: the user picks the person, or a new one."""


@dataclass(frozen=True)
class Overwrite(Hint):
    """The target file exists; the user may choose to replace it."""


ListName = Literal["persons", "connectors", "shares", "money_rules"]


@dataclass(frozen=True)
class SeeList(Hint):
    """A name was not found: the valid ones are in the list of ``what``."""

    what: ListName


@dataclass(frozen=True)
class CheckVault(Hint):
    """The vault's database is damaged: a check of the vault shows what is affected."""


@dataclass(frozen=True)
class CreateVault(Hint):
    """There is no vault here yet: the user can create one."""


@dataclass(frozen=True)
class TrustIssuer(Hint):
    """A health card's issuer key is unknown: give its key set, or trust the issuer."""


@dataclass(frozen=True)
class ChooseRecords(Hint):
    """A share needs records the user picks (``exclude``: records named to leave out are not in it)."""

    exclude: bool = False


@dataclass(frozen=True)
class GiveRecipientKey(Hint):
    """An encrypted bundle opens only with its recipient's private key."""


@dataclass(frozen=True)
class KnowHolder(Hint):
    """A valid signature by a key the user does not know: say which key to expect, or remember the holder's key."""


@dataclass(frozen=True)
class CheckBackupTarget(Hint):
    """A backup target refused the credentials or its settings are wrong: set the target up again."""

    target: str = ""


@dataclass(frozen=True)
class BackUpAnyway(Hint):
    """The backup folder holds a newer backup from another computer: restore it first, or back up anyway."""


class WalletError(Exception):
    """Base of every error meant for the user's eyes.

    ``str(error)`` is the message in plain words; ``hint`` (a :class:`Hint`, or None) says what the
    user can do about it, as data that the CLI and the app word their own way.
    """

    hint: Hint | None = None

    def __init__(self, *args: object, hint: Hint | None = None) -> None:
        super().__init__(*args)
        if hint is not None:
            self.hint = hint


def validation_problems(exc: ValidationError, *, root: str = "", limit: int = 5, sep: str = ".") -> list[str]:
    """A pydantic ``ValidationError`` as readable lines, ``where: what`` (the one formatter for them all).

    ``where`` is the field path joined with ``sep`` after ``root`` (the model's name, say); a problem of the
    whole model is ``root: what``, or only ``what``.  At most ``limit`` lines, then ``... and N more
    validation problems``.
    """
    errors = exc.errors()
    out = []
    for err in errors[:limit]:
        where = sep.join(part for part in (root, *(str(p) for p in err["loc"])) if part)
        out.append(f"{where}: {err['msg']}" if where else str(err["msg"]))
    if len(errors) > limit:
        out.append(f"... and {len(errors) - limit} more validation problems")
    return out


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
            f"{path}: several connectors can read this file ({', '.join(candidates)})",
            hint=ChooseConnector(tuple(candidates)),
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
        super().__init__(self.question, hint=ChoosePerson())

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
        """The message: who the file's patient may be (the CLI adds its advice, the app asks it)."""
        people = ", ".join(self.describe(c) for c in self.candidates)
        if self.reasons:
            return f"{self.who} would go to {people}, but {' and '.join(self.reasons)}"
        return f"{self.who} may be the same person as {people}"


class ImportCancelled(WalletError):
    """The user cancelled an import; what was committed stays, consistently."""


class NotFound(WalletError):
    """A record, person or other item was not found."""


class BackupError(WalletError):
    """A backup, restore or verification could not be done (the message says why)."""


class BackupAuthFailed(BackupError):
    """The backup target refused the user name, password or key."""


class BackupUnreachable(BackupError):
    """The backup target's server did not answer (offline, wrong address, stopped)."""


class BackupFull(BackupError):
    """The backup target has no room left (full disk or quota)."""


class BackupConflict(BackupError):
    """The backup folder holds a newer backup from another computer, another vault's backups, or is locked."""


class BackupDamaged(BackupError):
    """A backup's files do not match its manifest, or do not open."""


class BackupRefused(BackupError):
    """The backup target refused an upload without saying why (often full or read-only)."""


class BackupCancelled(BackupError):
    """The person cancelled a backup, restore or verification; nothing half-done counts."""
