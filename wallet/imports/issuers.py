"""Issuer keys you trust: the keys that verify SMART Health Cards in later imports.

Trust is explicit (issue 14, point 1).  A key file given with one import verifies that
import only.  Keeping an issuer's keys for later is a deliberate act of its own
(``mydata-wallet issuers trust FILE --issuer URL``, or Tools > Trust an issuer key... in
the app), which shows the issuer and each key's fingerprint and asks first; it is
recorded in the audit log.  A trusted key is never replaced silently: trusting other keys
for a known issuer says which keys come and go, and asks again.  During an import, a key
supplied with the import that differs from the one you trust for its issuer is reported
as such and does not verify the card.

A key's fingerprint is its RFC 7638 JWK thumbprint (SHA-256 over ``crv``, ``kty``, ``x``,
``y``, base64url), the value a SMART Health Card issuer is required to use as the key's
``kid``, so it can be compared with what the issuer publishes.

Trusted keys live in the vault's key/value table under ``shc-trusted:<issuer>``.  Keys
that earlier versions cached by themselves (``shc-jwks:<issuer>``, filled by any import
that came with a key file) are never used: they could have been planted by a forged card.

The same holds for revocation lists.  A list given with one import (``--option crl=FILE``)
is checked for that import only.  Keeping an issuer's list is part of trusting the issuer
(``issuers trust --issuer URL --crl FILE``): it is kept with the trusted issuer, one per
key id, shown by ``issuers list`` and removed by ``issuers forget``; later imports say which
kept list they checked.  Lists that earlier versions cached by themselves
(``shc-crl:<issuer>#<kid>``, filled by any import that came with one) are never used: a
planted list could make genuine cards read "revoked".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Protocol

from wallet.errors import WalletError
from wallet.imports.inputs import read_json_input

TRUSTED_PREFIX = "shc-trusted:"
LEGACY_PREFIX = "shc-jwks:"
LEGACY_CRL_PREFIX = "shc-crl:"
MAX_CRL_FILE = 1024 * 1024
MAX_KEY_FILE = 1024 * 1024
MAX_ISSUER = 1000
PUBLIC_MEMBERS = ("kty", "crv", "x", "y", "kid", "use", "alg")


class IssuerKeyError(WalletError):
    """A key file or issuer that cannot be trusted as given."""


class KeyCache(Protocol):
    """What reading trusted keys needs of the vault: its key/value table, read only."""

    def cache_get(self, key: str) -> Any | None:
        """The Cache contract: the value stored under ``key``, or None."""


class TrustStore(KeyCache, Protocol):
    """What trusting needs of the vault: its key/value table and its audit log."""

    def cache_set(self, key: str, value: Any) -> None:
        """The Cache contract: store ``value`` under ``key``."""

    def cache_keys(self, prefix: str) -> list[str]:
        """The Cache contract: the keys that start with ``prefix``."""

    def cache_delete(self, key: str) -> None:
        """The Cache contract: remove ``key``."""

    def audit(self, action: str, detail: dict[str, Any]) -> None:
        """Append to the vault's audit log (no personal values in ``detail``)."""


@dataclass(frozen=True)
class IssuerKey:
    """One public EC P-256 key of an issuer."""

    fingerprint: str
    kid: str | None
    jwk: dict[str, Any] = field(compare=False, hash=False)

    def describe(self) -> str:
        """The key as shown to the person: its fingerprint, and its key id when that differs."""
        if self.kid is None:
            return f"{self.fingerprint} (no key id)"
        if self.kid == self.fingerprint:
            return self.fingerprint
        return f"{self.fingerprint} (key id {self.kid})"


@dataclass(frozen=True)
class RevocationList:
    """An issuer's revocation list for one of its keys (the spec's ``{"kid", "method": "rid", "ctr", "rids"}``)."""

    kid: str  # "" only in a list used for one import that names no key
    ctr: int | None
    rids: tuple[str, ...]
    kept_at: str = field(default="", compare=False)

    def describe(self) -> str:
        """The list as shown to the person: its key id, version counter and size."""
        ctr = f"ctr {self.ctr}" if self.ctr is not None else "no ctr"
        return f"revocation list for key {self.kid} ({ctr}, {len(self.rids)} revoked id(s))"

    def stored(self) -> dict[str, Any]:
        """The list as kept in the vault."""
        return {"kid": self.kid, "method": "rid", "ctr": self.ctr, "rids": list(self.rids), "kept_at": self.kept_at}


@dataclass
class TrustedIssuer:
    """An issuer you trust, the keys you trust for it, the revocation lists you keep for them, and since when."""

    iss: str
    keys: list[IssuerKey]
    trusted_at: str
    crls: dict[str, RevocationList] = field(default_factory=dict)

    def key(self, kid: str) -> IssuerKey | None:
        """The trusted key with key id ``kid``, or None: a card signed by another key is not verified."""
        return next((k for k in self.keys if k.kid == kid), None)

    def crl(self, kid: str) -> RevocationList | None:
        """The revocation list you keep for key id ``kid``, or None."""
        return self.crls.get(kid)


@dataclass
class TrustChange:
    """What trusting ``keys`` for an issuer would change."""

    iss: str
    keys: list[IssuerKey]
    previous: TrustedIssuer | None
    new_crls: list[RevocationList] = field(default_factory=list)

    @property
    def crls(self) -> dict[str, RevocationList]:
        """The revocation lists kept after the change: those kept now for keys that stay, then the new ones."""
        kids = {k.kid for k in self.keys}
        out = {kid: c for kid, c in (self.previous.crls if self.previous else {}).items() if kid in kids}
        out.update((c.kid, c) for c in self.new_crls)
        return out

    @property
    def crls_changed(self) -> bool:
        """True when the kept revocation lists would change."""
        before = self.previous.crls if self.previous else {}
        return self.crls != before

    @property
    def added(self) -> list[IssuerKey]:
        """Keys that would become trusted and are not now."""
        before = {k.fingerprint for k in self.previous.keys} if self.previous else set()
        return [k for k in self.keys if k.fingerprint not in before]

    @property
    def removed(self) -> list[IssuerKey]:
        """Keys trusted now that would no longer be."""
        now = {k.fingerprint for k in self.keys}
        return [k for k in self.previous.keys if k.fingerprint not in now] if self.previous else []

    @property
    def unchanged(self) -> bool:
        """True when the issuer is already trusted with exactly these keys."""
        return self.previous is not None and not self.added and not self.removed and not self.crls_changed

    def lines(self) -> list[str]:
        """What the person is asked to confirm, one line each."""
        out = [f"Issuer: {self.iss}"]
        if self.previous is None:
            out.append("You do not trust any key of this issuer yet.")
        elif self.unchanged:
            out.append("You already trust exactly these keys for this issuer.")
        elif not self.added and not self.removed:
            out.append("You already trust these keys for this issuer.")
        else:
            out.append("You already trust other keys for this issuer:")
            out += [f"  trusted now:  {k.describe()}" for k in self.previous.keys]
        for k in self.keys:
            mark = "new key" if k in self.added else "kept"
            out.append(f"  {mark + ':':<13} {k.describe()}")
        out += [f"  no longer:    {k.describe()}" for k in self.removed]
        before = self.previous.crls if self.previous else {}
        after = self.crls
        for kid, crl in after.items():
            old = before.get(kid)
            if old is None:
                out.append(f"  keep:         {crl.describe()}")
            elif old != crl:
                out.append(f"  replace:      {old.describe()}")
                out.append(f"    with:       {crl.describe()}")
            else:
                out.append(f"  kept:         {crl.describe()}")
        out += [f"  drop:         {c.describe()}" for kid, c in before.items() if kid not in after]
        out.append("Compare the fingerprints with what the issuer publishes before you trust them.")
        return out


def fingerprint(jwk: dict[str, Any]) -> str:
    """A public key's RFC 7638 thumbprint; IssuerKeyError for a key that is not a valid P-256 public key."""
    from wallet import jose  # joserfc and cryptography: loaded on first use, not with the connector list

    try:
        return jose.thumbprint(jwk)
    except jose.SignatureError as exc:
        raise IssuerKeyError(str(exc)) from None


def issuer_key(entry: Any) -> IssuerKey | None:
    """An EC P-256 public key from a JWKS entry (public members only), or None when unusable."""
    if not isinstance(entry, dict) or entry.get("kty") != "EC" or entry.get("crv") != "P-256":
        return None
    if not all(isinstance(entry.get(m), str) for m in ("x", "y")):
        return None
    public: dict[str, Any] = {m: entry[m] for m in PUBLIC_MEMBERS if isinstance(entry.get(m), str)}
    chain = entry.get("x5c")
    if isinstance(chain, list) and chain and all(isinstance(c, str) for c in chain):
        public["x5c"] = chain  # kept to say it was not checked; it is not part of the fingerprint
    from wallet import jose

    try:
        jose.public_key(public)
    except jose.SignatureError:  # not a point on the curve, bad base64: not a usable key
        return None
    kid = public.get("kid")
    return IssuerKey(fingerprint=fingerprint(public), kid=kid, jwk=public)


def keys_from_jwks(data: Any, name: str = "the key file") -> list[IssuerKey]:
    """The usable keys of a JWKS (``{"keys": [...]}``) or of a single JWK."""
    from wallet import jose

    try:
        entries = jose.jwks_entries(data, name)
    except jose.SignatureError as exc:
        raise IssuerKeyError(str(exc)) from None
    keys: list[IssuerKey] = []
    for entry in entries:
        key = issuer_key(entry)
        if key is not None and key not in keys:
            keys.append(key)
    if not keys:
        raise IssuerKeyError(f"{name}: holds no usable EC P-256 public key (SMART Health Cards use ES256)")
    return keys


def read_jwks_file(path: str | os.PathLike[str]) -> list[IssuerKey]:
    """The issuer keys in a JWKS (or single JWK) file; IssuerKeyError if it is not one."""
    name = os.fspath(path)
    return keys_from_jwks(read_json_input(path, MAX_KEY_FILE, name=name, what="key file", error=IssuerKeyError), name)


def crl_from_data(data: Any, name: str = "the revocation list", *, keep: bool = True) -> RevocationList:
    """A revocation list from its JSON; IssuerKeyError when it is not one.

    A list to ``keep`` must name its key (``kid``).  One used for a single import only
    (``keep=False``) may name none: it then applies to any key of the card's issuer, and its
    ``kid`` is ``""``.
    """
    if not isinstance(data, dict):
        raise IssuerKeyError(f"{name}: not a revocation list (a JSON object with 'kid', 'method' and 'rids')")
    if data.get("method", "rid") != "rid" or not isinstance(data.get("rids"), list):
        raise IssuerKeyError(f"{name}: a revocation list must have method 'rid' and a 'rids' list")
    kid = data.get("kid")
    if kid is None and not keep:
        kid = ""
    elif not isinstance(kid, str) or not kid or not kid.isprintable() or len(kid) > MAX_ISSUER:
        if keep:
            raise IssuerKeyError(f"{name}: a revocation list to keep must name its key ('kid')")
        raise IssuerKeyError(f"{name}: the revocation list's 'kid' is not a key id")
    ctr = data.get("ctr")
    if isinstance(ctr, bool) or not isinstance(ctr, int):
        ctr = None
    rids = tuple(dict.fromkeys(r for r in data["rids"] if isinstance(r, str)))
    return RevocationList(kid=kid, ctr=ctr, rids=rids, kept_at=str(data.get("kept_at") or ""))


def read_crl_file(path: str | os.PathLike[str]) -> RevocationList:
    """The revocation list in a file (the spec's CRL JSON); IssuerKeyError if it is not one."""
    name = os.fspath(path)
    return crl_from_data(
        read_json_input(path, MAX_CRL_FILE, name=name, what="revocation list", error=IssuerKeyError), name
    )


def check_issuer(iss: str) -> str:
    """The issuer URL as cards name it (``iss``), checked for what cannot be one."""
    if not iss or len(iss) > MAX_ISSUER or not iss.isprintable() or iss != iss.strip() or " " in iss:
        raise IssuerKeyError("the issuer must be the URL the cards name as 'iss' (no spaces, one line)")
    if not iss.startswith("https://"):
        raise IssuerKeyError(f"the issuer must be an https:// URL, as SMART Health Cards name it (not {iss[:80]!r})")
    if iss.endswith("/"):
        raise IssuerKeyError("the issuer URL must not end with '/': cards name their issuer without it")
    return iss


def _from_stored(iss: str, value: Any) -> TrustedIssuer | None:
    if not isinstance(value, dict) or not isinstance(value.get("keys"), list):
        return None
    keys = [k for k in (issuer_key(e) for e in value["keys"]) if k is not None]
    if not keys:
        return None
    crls: dict[str, RevocationList] = {}
    for entry in value.get("crls") or []:
        try:
            crl = crl_from_data(entry)
        except IssuerKeyError:
            continue
        crls[crl.kid] = crl
    return TrustedIssuer(iss=iss, keys=keys, trusted_at=str(value.get("trusted_at") or ""), crls=crls)


def trusted(cache: KeyCache | None, iss: str) -> TrustedIssuer | None:
    """The keys you trust for ``iss`` (None when none)."""
    if cache is None or not iss:
        return None
    return _from_stored(iss, cache.cache_get(TRUSTED_PREFIX + iss))


def all_trusted(store: TrustStore) -> list[TrustedIssuer]:
    """Every trusted issuer with its keys."""
    out = []
    for key in store.cache_keys(TRUSTED_PREFIX):
        found = trusted(store, key[len(TRUSTED_PREFIX) :])
        if found is not None:
            out.append(found)
    return out


def legacy_cached(store: TrustStore) -> list[str]:
    """Issuers whose keys or revocation lists an earlier version kept by itself (never used; ``forget`` drops them)."""
    found = [key[len(LEGACY_PREFIX) :] for key in store.cache_keys(LEGACY_PREFIX)]
    found += [key[len(LEGACY_CRL_PREFIX) :].rpartition("#")[0] for key in store.cache_keys(LEGACY_CRL_PREFIX)]
    return list(dict.fromkeys(found))


def plan(
    store: KeyCache, iss: str, keys: list[IssuerKey] | None = None, crls: list[RevocationList] | None = None
) -> TrustChange:
    """What trusting ``keys`` for issuer ``iss`` and keeping ``crls`` would change, to show before asking.

    Without ``keys`` the keys trusted now stay (to keep a revocation list for a trusted issuer).  Nothing
    is stored.  A revocation list must be for one of the keys: a list is the issuer's word about the
    cards one of its keys signed.
    """
    previous = trusted(store, check_issuer(iss))
    if keys is None:
        if previous is None:
            raise IssuerKeyError(f"no keys are trusted for {iss}: give its key file to trust with the revocation list")
        keys = previous.keys
    kids = {k.kid for k in keys}
    for crl in crls or []:
        if crl.kid not in kids:
            raise IssuerKeyError(
                f"the revocation list is for key id {crl.kid}, which is not one of the keys trusted for {iss}"
            )
    return TrustChange(iss=iss, keys=list(keys), previous=previous, new_crls=list(crls or []))


def trust(store: TrustStore, change: TrustChange) -> TrustedIssuer:
    """Keep ``change.keys`` as the keys you trust for ``change.iss`` (after the person said yes)."""
    current = trusted(store, change.iss)
    if (current is None) != (change.previous is None) or (
        current is not None
        and change.previous is not None
        and (current.keys != change.previous.keys or current.crls != change.previous.crls)
    ):
        raise IssuerKeyError(f"the keys trusted for {change.iss} changed while you were asked; nothing was changed")
    stamp = datetime.now(UTC).replace(microsecond=0).isoformat()
    crls = dict(change.crls)
    for crl in change.new_crls:
        crls[crl.kid] = RevocationList(kid=crl.kid, ctr=crl.ctr, rids=crl.rids, kept_at=stamp)
    store.cache_set(
        TRUSTED_PREFIX + change.iss,
        {
            "iss": change.iss,
            "keys": [k.jwk for k in change.keys],
            "trusted_at": stamp,
            "crls": [c.stored() for c in crls.values()],
        },
    )
    store.audit(
        "issuer.trust",
        {
            "issuer": change.iss,
            "keys": [k.fingerprint for k in change.keys],
            "replaced": [k.fingerprint for k in change.removed],
            "revocation_lists": [{"kid": c.kid, "ctr": c.ctr} for c in crls.values()],
        },
    )
    return TrustedIssuer(iss=change.iss, keys=list(change.keys), trusted_at=stamp, crls=crls)


def forget(store: TrustStore, iss: str) -> bool:
    """Stop trusting any key of ``iss`` and drop its kept revocation lists (and what an earlier version cached)."""
    found = store.cache_get(TRUSTED_PREFIX + iss) is not None
    legacy = store.cache_get(LEGACY_PREFIX + iss) is not None
    legacy_crls = store.cache_keys(f"{LEGACY_CRL_PREFIX}{iss}#")
    if not found and not legacy and not legacy_crls:
        return False
    store.cache_delete(TRUSTED_PREFIX + iss)
    store.cache_delete(LEGACY_PREFIX + iss)
    for key in legacy_crls:
        store.cache_delete(key)
    store.audit("issuer.forget", {"issuer": iss})
    return True
