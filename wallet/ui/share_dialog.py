"""File > Share...: choose a purpose, review exactly what leaves, approve, and the Shares view.

The dialogs live in their own modules; this module names them for the rest of the app:

- :mod:`wallet.ui.share_setup`: ``open_share_wizard(main_window)`` opens :class:`ShareSetupDialog`
  (who, why, until when, what), whose Next opens the consent summary;
- :mod:`wallet.ui.share_consent`: :class:`ConsentDialog`, the same consent summary as
  ``mydata-wallet share``; Cancel is the default and writes nothing anywhere;
- :mod:`wallet.ui.shares_view`: ``open_shares_view(main_window)`` lists what was shared, with whom,
  and lets the person withdraw a consent (writing a signed withdrawal notice);
- :mod:`wallet.ui.share_common`: the translated names of templates, fields, sensitive categories and
  statuses that the three share.
"""

from __future__ import annotations

from wallet.ui.share_common import (
    field_label,
    sensitive_labels,
    status_label,
    template_description,
    template_label,
    template_output,
)
from wallet.ui.share_consent import ROLE_RECORD, SENSITIVE_BG, SENSITIVE_FG, ConsentDialog
from wallet.ui.share_setup import ShareSetupDialog, open_share_wizard
from wallet.ui.shares_view import SharesDialog, open_shares_view

__all__ = [
    "ROLE_RECORD",
    "SENSITIVE_BG",
    "SENSITIVE_FG",
    "ConsentDialog",
    "ShareSetupDialog",
    "SharesDialog",
    "field_label",
    "open_share_wizard",
    "open_shares_view",
    "sensitive_labels",
    "status_label",
    "template_description",
    "template_label",
    "template_output",
]
