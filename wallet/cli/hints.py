"""An error's hint in the command line's words: its options and commands.

The core raises a :class:`~wallet.errors.WalletError` whose message names the problem and whose
:class:`~wallet.errors.Hint` says what the user can do; :func:`say` adds that advice the way a
person at a terminal acts on it ("pass --option encoding=CODEC").  The app words the same hints as
its own controls (``wallet.ui.hints``).
"""

from __future__ import annotations

from wallet.errors import (
    BackUpAnyway,
    CheckBackupTarget,
    CheckVault,
    ChooseConnector,
    ChoosePerson,
    ChooseRecords,
    ConnectorOption,
    CreateVault,
    GiveRecipientKey,
    Hint,
    KnowHolder,
    Overwrite,
    ReadAnyway,
    SeeList,
    TrustIssuer,
)

OPTION_PLACEHOLDERS = {"encoding": "CODEC", "profile": "NAME"}
"""What ``--option NAME=...`` shows for a value the user picks."""

LIST_COMMANDS = {
    "persons": "persons",
    "connectors": "connectors",
    "shares": "shares list",
    "money_rules": "money rules list",
}
"""The command that lists each kind of name (:class:`~wallet.errors.SeeList`)."""


def advice(hint: Hint) -> str:
    """The hint as the CLI's advice, with the punctuation that joins it to the message."""
    match hint:
        case ConnectorOption(secret=True):
            return " (the import asks for it when run in a terminal; it is not stored)"
        case ConnectorOption(name=name, choices=choices) if choices:
            return f"; choose one with --option {name}=NAME ({' or '.join(choices)})"
        case ConnectorOption(name=name, listed_by=listed_by):
            placeholder = OPTION_PLACEHOLDERS.get(name, "VALUE")
            listed = f" (see: mydata-wallet {listed_by})" if listed_by else ""
            return f"; pass --option {name}={placeholder}{listed}"
        case ReadAnyway(name=name, value=value):
            return f" (import it anyway with --option {name}={value})"
        case ChooseConnector():
            return "; choose one with --connector"
        case ChoosePerson():
            return "; choose with --person NAME|ID (or --person new)"
        case Overwrite():
            return " (use --force to overwrite)"
        case SeeList(what=what):
            return f" (see: mydata-wallet {LIST_COMMANDS[what]})"
        case CheckVault():
            return "; run 'mydata-wallet check' to see what is affected"
        case CreateVault():
            return " (create one with: mydata-wallet init)"
        case TrustIssuer():
            return " (give its JWKS file, or trust it: mydata-wallet issuers trust)"
        case ChooseRecords(exclude=True):
            return " (check the ids given to --exclude)"
        case ChooseRecords():
            return " (name them with --record ID)"
        case GiveRecipientKey():
            return " (--key FILE)"
        case CheckBackupTarget(target=target):
            name = target or "NAME"
            return f" (check its settings; set them again with: mydata-wallet backup add-target {name} --replace)"
        case BackUpAnyway():
            return "; restore it first (mydata-wallet backup restore), or back up anyway with --force"
        case KnowHolder():
            return (
                ": verify --expect-holder FINGERPRINT, or remember it once with\n"
                "'mydata-wallet holders add NAME --fingerprint FINGERPRINT' and verify --known-holders."
            )
    return ""


def say(exc: BaseException) -> str:
    """The line the CLI prints for ``exc``: its message, then its hint (if any) in the CLI's words."""
    hint = getattr(exc, "hint", None)
    return f"{exc}{advice(hint)}" if isinstance(hint, Hint) else str(exc)
