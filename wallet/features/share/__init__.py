"""Sharing: purpose templates, the consent summary, signed share bundles, verification and consent receipts.

Nothing here imports Qt; the dialogs in :mod:`wallet.ui.share_dialog` and the
``share`` / ``verify`` / ``shares`` commands in :mod:`wallet.cli.share` call
these functions, so the app and the command line show and do the same thing.
"""
