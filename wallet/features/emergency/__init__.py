"""The emergency record printout: a one-page sheet and a wallet card, with QR codes.

No Qt here: :mod:`wallet.features.emergency.content` gathers an :class:`EmergencySummary`,
:mod:`wallet.features.emergency.qr` makes the QR payloads, :mod:`wallet.features.emergency.pdf`
draws the PDF.  The desktop dialog is :mod:`wallet.ui.emergency_dialog`.
"""

from __future__ import annotations

from wallet.features.emergency.content import EmergencyItem, EmergencySummary, Section, gather, render_text

__all__ = ["EmergencyItem", "EmergencySummary", "Section", "gather", "render_text"]
