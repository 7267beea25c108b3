"""The signing keys kept inside the vault: the holder's key and each research share's own key.

The holder's key is a P-256 key pair made with the vault (:meth:`Vault.create` calls
:func:`holder_key`) and kept inside the encrypted vault (``kv`` key ``holder-signing-key``);
it never leaves the vault except as its public half.  A research share is signed instead
with a key made for that share only (:func:`wallet.jose.new_key`), kept under
``share-key:<receipt id>``, so that no two research bundles, and no research bundle and a
named share, carry the same key.  Signing and verifying are :mod:`wallet.jose`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from joserfc.jwk import ECKey

from wallet import jose

if TYPE_CHECKING:
    from wallet.store.vault import Vault

KEY_CACHE = "holder-signing-key"
SHARE_KEY_PREFIX = "share-key:"


def holder_key(vault: Vault) -> ECKey:
    """The holder's P-256 signing key; created and stored in the vault on first use.

    Call it once from ``Vault.create`` so that every vault has its key from the start.
    """
    stored = vault.cache_get(KEY_CACHE)
    if isinstance(stored, dict) and stored.get("d"):
        return jose.import_private_key(stored)
    key = jose.new_key()
    data = jose.private_jwk(key)
    vault.cache_set(KEY_CACHE, data)
    vault.audit("share.key-created", {"kid": jose.thumbprint(data)})
    return key


def holder_fingerprint(vault: Vault) -> str:
    """The thumbprint of the holder's key (its ``kid``)."""
    return jose.key_thumbprint(holder_key(vault))


def store_share_key(vault: Vault, receipt_id: str, key: ECKey) -> None:
    """Keep a share's own key inside the encrypted vault (``kv`` key ``share-key:<receipt id>``),
    so that its withdrawal notice can be signed with it.  Call inside the share's transaction."""
    vault.cache_set(SHARE_KEY_PREFIX + receipt_id, jose.private_jwk(key))


def share_key(vault: Vault, receipt_id: str) -> ECKey | None:
    """The key made for one share, or None for a share signed with the holder's key."""
    stored = vault.cache_get(SHARE_KEY_PREFIX + receipt_id)
    if isinstance(stored, dict) and stored.get("d"):
        return jose.import_private_key(stored)
    return None
