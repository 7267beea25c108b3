"""An error's hint in the app's words: its dialogs and menus, never a command-line option.

The core's :class:`~wallet.errors.Hint` says what the user can do; the command line words it as
its options (``wallet.cli.hints``), the app here as what a person does in the window.  Where the
app asks by itself (a chooser of people, of connectors, of encodings), the advice says so.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from wallet.errors import (
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


def advice(hint: Hint) -> str:
    """The hint as one sentence of the app ("" when the app offers nothing for it)."""
    match hint:
        case ConnectorOption(secret=True):
            return QCoreApplication.translate("Hints", "Type the password when the app asks; it is not stored.")
        case ConnectorOption(name="encoding", choices=choices) if choices:
            words = QCoreApplication.translate("Hints", "Choose an encoding ({choices}) when the app asks.")
            return words.format(choices=", ".join(choices))
        case ConnectorOption(name="encoding"):
            return QCoreApplication.translate("Hints", "Choose an encoding for this file in Tools > CSV profiles...")
        case ConnectorOption(name="profile"):
            return QCoreApplication.translate("Hints", "Set up a CSV profile for this file in Tools > CSV profiles...")
        case ConnectorOption():
            return ""
        case ReadAnyway():
            return QCoreApplication.translate("Hints", "Ask for a complete copy of the file.")
        case ChooseConnector():
            return QCoreApplication.translate("Hints", "Choose how to read the file when the app asks.")
        case ChoosePerson():
            return QCoreApplication.translate("Hints", "Choose whose records these are when the app asks.")
        case Overwrite():
            return QCoreApplication.translate("Hints", "Choose another file name, or agree to replace the file.")
        case SeeList(what="persons"):
            return QCoreApplication.translate("Hints", "Choose one of the people in the vault.")
        case SeeList():
            return ""
        case CheckVault():
            return QCoreApplication.translate("Hints", "The command line's check of the vault shows what is affected.")
        case CreateVault():
            return QCoreApplication.translate("Hints", "Create a new vault, or open the folder of an existing one.")
        case TrustIssuer():
            return QCoreApplication.translate("Hints", "Trust the issuer's key in Tools > Trusted issuer keys...")
        case ChooseRecords(exclude=True):
            return QCoreApplication.translate("Hints", "Leave out only records that the share shows.")
        case ChooseRecords():
            return QCoreApplication.translate("Hints", "Choose the records to share.")
        case GiveRecipientKey():
            return QCoreApplication.translate("Hints", "Choose the recipient's private key file.")
        case KnowHolder():
            return ""  # the Verify window says how to check a key's fingerprint
    return ""


def say(exc: BaseException) -> str:
    """The message of ``exc``, then its hint (if any) in the app's words on a line of its own."""
    hint = getattr(exc, "hint", None)
    words = advice(hint) if isinstance(hint, Hint) else ""
    return f"{exc}\n{words}" if words else str(exc)
