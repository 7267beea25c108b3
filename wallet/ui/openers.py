"""The openers of the views and tools the main window's menus offer (wallet.ui.main_window).

Each opener takes the main window and imports its module when first called, so that starting the
app does not load every view.  ``wallet.ui.main_window`` re-exports the hooks (tests open a view
with ``window._open_hook(FINANCE_VIEW_HOOK)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow
    from wallet.ui.shares_view import SharesDialog

Opener = Callable[["MainWindow"], object]
"""Opens a view or tool of wallet/ui for the main window (its module is imported when first opened)."""


def _open_share(window: MainWindow) -> object:
    from wallet.ui.share_dialog import open_share_wizard

    return open_share_wizard(window)


def _open_emergency(window: MainWindow) -> object:
    from wallet.ui.emergency_dialog import open_emergency_dialog

    return open_emergency_dialog(window)


def _open_health(window: MainWindow) -> object:
    from wallet.ui.health_view import open_health_view

    return open_health_view(window)


def _open_finance(window: MainWindow) -> object:
    from wallet.ui.finance_view import open_finance_view

    return open_finance_view(window)


def _open_energy(window: MainWindow) -> object:
    from wallet.ui.energy_view import open_energy_view

    return open_energy_view(window)


def _open_documents(window: MainWindow) -> object:
    from wallet.ui.documents_view import open_documents_view

    return open_documents_view(window)


def _open_sources(window: MainWindow) -> object:
    from wallet.ui.sources_dialog import open_sources_dialog

    return open_sources_dialog(window)


def _open_medical_id(window: MainWindow) -> object:
    from wallet.ui.medical_id_dialog import open_medical_id_dialog

    return open_medical_id_dialog(window)


def _open_insights(window: MainWindow) -> object:
    from wallet.ui.insights_view import open_insights_view

    return open_insights_view(window)


def _open_listening(window: MainWindow) -> object:
    from wallet.ui.listening_view import open_listening_view

    return open_listening_view(window)


def _open_shares(window: MainWindow) -> object:
    """The Sharing section: the shares made, with withdrawal (wallet.ui.shares_view), as a page."""
    vault = window.vault
    if vault is None:
        return None
    from wallet.ui.shares_view import SharesDialog
    from wallet.ui.views import embed_view

    view = embed_view(
        window,
        "sharing",
        window.shares_view,
        lambda: SharesDialog(vault, window),
        reuse=lambda old: old.vault is vault,
        refresh=_refill_shares,
    )
    window.shares_view = view
    return view


def _refill_shares(view: SharesDialog) -> None:
    """The list of shares read again (a share may have been made or withdrawn since; the table is small)."""
    from wallet.features.share.receipts import list_shares

    view.shares = list_shares(view.vault)
    view._fill()


def _open_issuers(window: MainWindow) -> object:
    from wallet.ui.issuer_dialog import open_issuer_dialog

    return open_issuer_dialog(window)


SHARE_HOOK: Opener = _open_share
EMERGENCY_HOOK: Opener = _open_emergency
# Views and tools of feature modules; each takes the main window.
HEALTH_VIEW_HOOK: Opener = _open_health
FINANCE_VIEW_HOOK: Opener = _open_finance
ENERGY_VIEW_HOOK: Opener = _open_energy
DOCUMENTS_VIEW_HOOK: Opener = _open_documents
MEDICAL_ID_HOOK: Opener = _open_medical_id
INSIGHTS_VIEW_HOOK: Opener = _open_insights
LISTENING_VIEW_HOOK: Opener = _open_listening
ISSUERS_HOOK: Opener = _open_issuers
SOURCES_HOOK: Opener = _open_sources
SHARES_VIEW_HOOK: Opener = _open_shares
