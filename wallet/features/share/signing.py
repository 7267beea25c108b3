"""The holder's signing key and compact JWS (ES256) signing and verification.

The key is a P-256 key pair created on first use and kept inside the encrypted
vault (``kv`` key ``holder-signing-key``); it never leaves the vault except as
its public half.  A research share is signed instead with a key made for that share
only (:func:`new_share_key`), kept in the vault under ``share-key:<receipt id>``,
so that no two research bundles, and no research bundle and a named share,
carry the same key.  A key's ``kid`` is the RFC 7638 JWK thumbprint (SHA-256,
base64url) of the public key.

Signing uses :mod:`joserfc`.  Verification is written directly on
:mod:`cryptography` so that the rules are explicit and strict: only ``ES256``
is accepted (``alg: none``, HMAC and every other algorithm are refused), the
``kid`` must be the thumbprint of the key the caller expects, and unknown or
critical header parameters are refused.
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from joserfc import jws
from joserfc.jwk import ECKey

from wallet.errors import WalletError

KEY_CACHE = "holder-signing-key"
SHARE_KEY_PREFIX = "share-key:"
ALLOWED_HEADER = frozenset({"alg", "kid", "typ", "cty"})


class SignatureError(WalletError):
    """A signature, key or JWS header is not acceptable."""


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    if not isinstance(text, str) or any(c not in _B64URL for c in text) or len(text) % 4 == 1:
        raise SignatureError("not base64url text")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def thumbprint(public_jwk: dict[str, Any]) -> str:
    """RFC 7638 thumbprint of an EC public JWK: SHA-256 over ``{"crv","kty","x","y"}``, base64url."""
    try:
        members = {k: public_jwk[k] for k in ("crv", "kty", "x", "y")}
    except (KeyError, TypeError) as exc:
        raise SignatureError("the key is not an EC public JWK (crv, kty, x, y)") from exc
    if not all(isinstance(v, str) for v in members.values()):
        raise SignatureError("the key is not an EC public JWK (crv, kty, x, y)")
    text = json.dumps(members, sort_keys=True, separators=(",", ":"))
    return b64url(hashlib.sha256(text.encode("utf-8")).digest())


def public_jwk(key: ECKey) -> dict[str, Any]:
    """The public half as a JWK with ``kid``, ``alg`` and ``use``."""
    pub = {k: v for k, v in key.as_dict(private=False).items() if k in ("crv", "kty", "x", "y")}
    pub["kid"] = thumbprint(pub)
    pub["alg"] = "ES256"
    pub["use"] = "sig"
    return pub


def holder_key(vault: Any) -> ECKey:
    """The holder's P-256 signing key; created and stored in the vault on first use.

    Call it once from ``Vault.create`` so that every vault has its key from the start.
    """
    stored = vault.cache_get(KEY_CACHE)
    if isinstance(stored, dict) and stored.get("d"):
        return ECKey.import_key(stored)
    key = ECKey.generate_key("P-256", private=True)
    data = key.as_dict(private=True)
    vault.cache_set(KEY_CACHE, data)
    vault.audit("share.key-created", {"kid": thumbprint(data)})
    return key


def holder_fingerprint(vault: Any) -> str:
    return thumbprint(holder_key(vault).as_dict(private=False))


def new_share_key() -> ECKey:
    """A fresh P-256 key for one share only (research shares: nothing links two of them)."""
    return ECKey.generate_key("P-256", private=True)


def store_share_key(vault: Any, receipt_id: str, key: ECKey) -> None:
    """Keep a share's own key inside the encrypted vault (``kv`` key ``share-key:<receipt id>``),
    so that its withdrawal notice can be signed with it.  Call inside the share's transaction."""
    vault.cache_set(SHARE_KEY_PREFIX + receipt_id, key.as_dict(private=True))


def share_key(vault: Any, receipt_id: str) -> ECKey | None:
    """The key made for one share, or None for a share signed with the holder's key."""
    stored = vault.cache_get(SHARE_KEY_PREFIX + receipt_id)
    if isinstance(stored, dict) and stored.get("d"):
        return ECKey.import_key(stored)
    return None


def sign_compact(payload: bytes, key: ECKey, typ: str | None = None, cty: str | None = None) -> str:
    """A JWS compact serialisation (ES256, attached payload) with ``kid`` = thumbprint."""
    header: dict[str, Any] = {"alg": "ES256", "kid": thumbprint(key.as_dict(private=False))}
    if typ:
        header["typ"] = typ
    if cty:
        header["cty"] = cty
    registry = jws.JWSRegistry(algorithms=["ES256"])
    registry.max_payload_length = 1 << 30  # joserfc's default (128 kB) is too small for a long manifest
    return jws.serialize_compact(header, payload, key, registry=registry)


def load_public_key(jwk: dict[str, Any]) -> ec.EllipticCurvePublicKey:
    """A P-256 public key from a JWK (refuses other curves, key types and invalid points)."""
    if not isinstance(jwk, dict) or jwk.get("kty") != "EC" or jwk.get("crv") != "P-256":
        raise SignatureError("the key is not a P-256 EC key (kty EC, crv P-256)")
    if "d" in jwk:
        raise SignatureError("the key file holds a private key; only the public key belongs in a bundle")
    try:
        x = b64url_decode(jwk["x"])
        y = b64url_decode(jwk["y"])
    except (KeyError, SignatureError) as exc:
        raise SignatureError("the key has no valid x and y coordinates") from exc
    if len(x) != 32 or len(y) != 32:
        raise SignatureError("the key's coordinates are not 32 bytes each")
    try:
        return ec.EllipticCurvePublicNumbers(
            int.from_bytes(x, "big"), int.from_bytes(y, "big"), ec.SECP256R1()
        ).public_key()
    except ValueError as exc:
        raise SignatureError("the key is not a point on P-256") from exc


def verify_compact(token: str, jwk: dict[str, Any]) -> tuple[dict[str, Any], bytes]:
    """Verify an ES256 compact JWS against ``jwk``; returns (header, payload).

    Refuses ``alg`` other than ES256 (``none``, ``HS256`` ...), a ``kid`` that is
    not the thumbprint of ``jwk``, ``crit``, ``b64`` and any header parameter
    outside ``alg kid typ cty`` (a ``jwk``/``jku``/``x5u`` header would let the
    token bring its own key).
    """
    if not isinstance(token, str):
        raise SignatureError("the signature is not text")
    parts = token.strip().split(".")
    if len(parts) != 3:
        raise SignatureError("not a JWS compact serialisation (three dot-separated parts)")
    try:
        header = json.loads(b64url_decode(parts[0]))
    except (SignatureError, ValueError, RecursionError) as exc:
        raise SignatureError("the JWS header is not base64url JSON") from exc
    if not isinstance(header, dict):
        raise SignatureError("the JWS header is not a JSON object")
    alg = header.get("alg")
    if alg != "ES256":
        raise SignatureError(f"the JWS algorithm {alg!r} is refused (only ES256 is accepted)")
    extra = set(header) - ALLOWED_HEADER
    if extra:
        raise SignatureError(f"the JWS header has parameters that are refused: {', '.join(sorted(extra))}")
    expected_kid = thumbprint(jwk)
    if header.get("kid") != expected_kid:
        raise SignatureError(
            f"the JWS was signed with an unknown key (kid {header.get('kid')!r}, expected {expected_kid})"
        )
    try:
        payload = b64url_decode(parts[1])
        sig = b64url_decode(parts[2])
    except SignatureError as exc:
        raise SignatureError("the JWS payload or signature is not base64url") from exc
    if len(sig) != 64:
        raise SignatureError("the ES256 signature is not 64 bytes")
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    signing_input = (parts[0] + "." + parts[1]).encode("ascii")
    try:
        load_public_key(jwk).verify(der, signing_input, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature as exc:
        raise SignatureError("the signature does not match (the signed content or the signature was changed)") from exc
    return header, payload
