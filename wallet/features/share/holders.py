"""Known holders: the signing keys you know, by name, for checking bundles and withdrawal notices.

A share bundle carries its holder's public key, so a valid signature alone only
proves that the bundle was made by whoever holds that key.  Who that is has to
come from somewhere else: a fingerprint (RFC 7638 thumbprint) the holder gave
you in person or over a channel you trust.  Such fingerprints are remembered in
the vault under ``known-holder:<name>``, as recipients are.

:func:`known_keys` collects every key the vault knows: remembered holders,
remembered recipients that have a key, the vault's own signing key and the keys of its research shares.
"""

from __future__ import annotations

import contextlib
import re
from typing import TYPE_CHECKING

from pydantic import BaseModel, ConfigDict

from wallet.features.share.templates import ShareError, forget_kept, kept_models, list_recipients
from wallet.jose import SignatureError, thumbprint
from wallet.store.signing_keys import KEY_CACHE, SHARE_KEY_PREFIX

if TYPE_CHECKING:
    from wallet.store.vault import Vault

PREFIX = "known-holder:"
FINGERPRINT = re.compile(r"[A-Za-z0-9_-]{43}")


class KnownHolder(BaseModel):
    """Someone whose bundles you receive, remembered by name with the fingerprint of their signing key."""

    model_config = ConfigDict(extra="forbid")

    name: str
    fingerprint: str


def holder_key(name: str) -> str:
    """The vault cache key of a holder's name (case and spacing do not make another holder)."""
    return PREFIX + " ".join(name.casefold().split())


def check_fingerprint(value: str) -> str:
    """A key fingerprint as ``verify`` prints it (43 base64url characters); ShareError otherwise."""
    value = value.strip()
    if not FINGERPRINT.fullmatch(value):
        raise ShareError("a key fingerprint is the 43 letters, digits, '-' and '_' that 'verify' prints after 'key'")
    return value


def save_holder(vault: Vault, name: str, fingerprint: str) -> KnownHolder:
    """Remember (or replace) the key fingerprint of a named holder; audited without the name."""
    name = " ".join(name.split())
    if not name:
        raise ShareError("a known holder needs a name")
    holder = KnownHolder(name=name, fingerprint=check_fingerprint(fingerprint))
    vault.cache_set(holder_key(name), holder.model_dump(mode="json"))
    vault.audit("share.holder-remembered", {})
    return holder


def list_holders(vault: Vault) -> list[KnownHolder]:
    """Every remembered holder, in the order of their cache keys."""
    return kept_models(vault, PREFIX, KnownHolder)


def delete_holder(vault: Vault, name: str) -> bool:
    """Forget a remembered holder; False when none has that name."""
    if not forget_kept(vault, holder_key(name)):
        return False
    vault.audit("share.holder-forgotten", {})
    return True


def known_keys(vault: Vault) -> dict[str, str]:
    """Fingerprint -> who you know it as, for every key this vault knows."""
    known: dict[str, str] = {}
    own = vault.cache_get(KEY_CACHE)
    if isinstance(own, dict):
        with contextlib.suppress(SignatureError):
            known[thumbprint(own)] = "you (this vault's own key)"
    for key in vault.cache_keys(SHARE_KEY_PREFIX):  # research shares are signed with a key of their own
        stored = vault.cache_get(key)
        if isinstance(stored, dict):
            with contextlib.suppress(SignatureError):
                receipt = key[len(SHARE_KEY_PREFIX) :]
                known.setdefault(thumbprint(stored), f"you (the own key of your share {receipt[:12]})")
    for recipient in list_recipients(vault):
        if recipient.jwk:
            try:
                known.setdefault(thumbprint(recipient.jwk), f"{recipient.label} (a remembered recipient)")
            except SignatureError:
                continue
    for holder in list_holders(vault):
        known.setdefault(holder.fingerprint, f"{holder.name} (a remembered holder)")
    return known
