"""JOSE for the whole wallet: compact JWS (ES256), P-256 JWKs, RFC 7638 thumbprints, key files.

Sharing signs its bundles and consent receipts here, the emergency card signs its SMART
Health Card here, and the SMART Health Card import and the issuer keys verify here: one
place that says which algorithms, keys and header parameters the wallet accepts.

Signing and verifying run on :mod:`joserfc`.  What it does not decide for us is checked
here first, explicitly and strictly: only ``ES256`` is accepted (``alg: none``, HMAC and
every other algorithm are refused), a key must be an EC P-256 point given by its public
members, a ``kid`` must be the thumbprint of the key the caller expects, and header
parameters outside a short list are refused (a ``jwk``/``jku``/``x5u`` header would let a
token bring its own key).

A key's ``kid`` is its RFC 7638 JWK thumbprint (SHA-256, base64url).  Reading a key file
from disk (a regular file, checked before reading) is
:func:`wallet.imports.inputs.read_jwk_file`; the JSON it holds is judged here
(:func:`jwk_from_json`).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from joserfc import jwk as joserfc_jwk
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey
from joserfc.registry import HeaderParameter

from wallet.errors import WalletError

ALG = "ES256"
CURVE = "P-256"
ALLOWED_HEADER = frozenset({"alg", "kid", "typ", "cty"})
"""The header parameters a wallet's own JWS may carry (:func:`verify_compact`)."""
MAX_PAYLOAD = 1 << 30
"""joserfc's default payload limit (128 kB) is too small for a long share manifest."""
MAX_KEY_FILE = 1024 * 1024
"""A key file is small; anything larger is refused before it is read."""

# RFC 7638 section 3.2: the members of each key type that make its thumbprint.
_THUMBPRINT_MEMBERS = {
    "EC": ("crv", "kty", "x", "y"),
    "RSA": ("e", "kty", "n"),
    "OKP": ("crv", "kty", "x"),
    "oct": ("k", "kty"),
}
_EC_PUBLIC = ("kty", "crv", "x", "y")
_B64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


class SignatureError(WalletError):
    """A signature, key, key file or JWS header is not acceptable (one readable line)."""


class UnknownKeyError(SignatureError):
    """The JWS names (``kid``) another key than the one it is checked against (``expected``)."""

    def __init__(self, kid: object, expected: str) -> None:
        super().__init__(f"the JWS was signed with an unknown key (kid {kid!r}, expected {expected})")
        self.kid = kid
        self.expected = expected


# ------------------------------------------------------------------ base64url


def b64url(data: bytes) -> str:
    """Unpadded base64url text (RFC 7515 section 2)."""
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """The bytes of unpadded base64url text; SignatureError for anything else (padding included)."""
    if not isinstance(text, str) or any(c not in _B64URL for c in text) or len(text) % 4 == 1:
        raise SignatureError("not base64url text")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# ------------------------------------------------------------------ keys


def thumbprint(jwk: dict[str, Any]) -> str:
    """The RFC 7638 thumbprint of a public JWK: SHA-256 over its required members, base64url.

    Members other than the required ones (``kid``, ``alg``, ``use``, a private ``d``) do not
    count, so a key's public and private forms have the same thumbprint.
    """
    kty = jwk.get("kty") if isinstance(jwk, dict) else None
    kty = kty if isinstance(kty, str) and kty in _THUMBPRINT_MEMBERS else "EC"
    members = _THUMBPRINT_MEMBERS[kty]
    if not isinstance(jwk, dict) or not all(isinstance(jwk.get(m), str) for m in members):
        raise SignatureError(f"the key is not an {kty} public JWK ({', '.join(members)})")
    return joserfc_jwk.thumbprint({m: jwk[m] for m in members})


def new_key() -> ECKey:
    """A fresh P-256 key pair."""
    return ECKey.generate_key(CURVE, private=True)


def private_jwk(key: ECKey) -> dict[str, Any]:
    """The whole key as a JWK (``d`` included): for keeping inside the encrypted vault only."""
    return dict(key.as_dict(private=True))


def import_private_key(jwk: dict[str, Any]) -> ECKey:
    """A key pair from its private JWK (as :func:`private_jwk` gives it)."""
    if not isinstance(jwk, dict) or not jwk.get("d"):
        raise SignatureError("the key is not a private JWK (it has no 'd')")
    try:
        return ECKey.import_key(jwk)
    except (JoseError, ValueError, TypeError) as exc:
        raise SignatureError("the private key cannot be read") from exc


def public_members(jwk: dict[str, Any]) -> dict[str, Any]:
    """An EC key's public members only (``kty crv x y``)."""
    return {k: jwk[k] for k in _EC_PUBLIC if k in jwk}


def public_jwk(key: ECKey) -> dict[str, Any]:
    """The public half as a JWK with ``kid`` (its thumbprint), ``alg`` and ``use``."""
    pub = {k: v for k, v in key.as_dict(private=False).items() if k in ("crv", "kty", "x", "y")}
    pub["kid"] = thumbprint(pub)
    pub["alg"] = ALG
    pub["use"] = "sig"
    return pub


def key_thumbprint(key: ECKey) -> str:
    """The thumbprint of a key object's public half."""
    return thumbprint(dict(key.as_dict(private=False)))


def public_key(jwk: dict[str, Any]) -> ECKey:
    """A P-256 public key from a JWK (refuses other curves and key types, private keys and invalid points)."""
    if not isinstance(jwk, dict) or jwk.get("kty") != "EC" or jwk.get("crv") != CURVE:
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
        return ECKey.import_key(public_members(jwk))
    except (JoseError, ValueError) as exc:
        raise SignatureError("the key is not a point on P-256") from exc


# ------------------------------------------------------------------ JWS


def _registry(compressed: bool = False) -> jws.JWSRegistry:
    header_registry = {"zip": HeaderParameter("Compression algorithm", "str")} if compressed else None
    registry = jws.JWSRegistry(header_registry=header_registry, algorithms=[ALG])
    registry.max_payload_length = MAX_PAYLOAD
    return registry


def sign_compact(
    payload: bytes,
    key: ECKey,
    typ: str | None = None,
    cty: str | None = None,
    *,
    kid: str | None = None,
    compressed: bool = False,
) -> str:
    """A JWS compact serialisation (ES256, attached payload).

    The header is ``{alg, kid, typ?, cty?, zip?}`` in that order; ``kid`` is the key's
    thumbprint unless given.  ``compressed``: the payload is already raw DEFLATE and the
    header says ``zip: DEF`` (a SMART Health Card).
    """
    header: dict[str, Any] = {"alg": ALG, "kid": kid if kid is not None else key_thumbprint(key)}
    if typ:
        header["typ"] = typ
    if cty:
        header["cty"] = cty
    if compressed:
        header["zip"] = "DEF"
    token: str = jws.serialize_compact(header, payload, key, algorithms=[ALG], registry=_registry(compressed))
    return token


def signature_valid(signing_input: str, signature: bytes, jwk: dict[str, Any]) -> bool:
    """True when ``signature`` (64 bytes, ``r || s``) is an ES256 signature of ``signing_input`` by ``jwk``.

    ``signing_input`` is the token's ``header.payload``; the header may say ``zip: DEF``.  A
    malformed key verifies nothing.
    """
    try:
        key = ECKey.import_key(public_members(jwk))
    except Exception:  # a malformed key verifies nothing
        return False
    if len(signature) != 64:
        return False
    try:
        jws.deserialize_compact(f"{signing_input}.{b64url(signature)}", key, algorithms=[ALG], registry=_registry(True))
    except JoseError:
        return False
    return True


def der_to_raw(signature: bytes) -> bytes | None:
    """A DER-encoded ECDSA signature as JWS wants it (``r || s``, 32 bytes each), or None."""
    from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

    try:
        r, s = decode_dss_signature(signature)
    except ValueError:
        return None
    if r.bit_length() > 256 or s.bit_length() > 256:
        return None
    return r.to_bytes(32, "big") + s.to_bytes(32, "big")


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
    if alg != ALG:
        raise SignatureError(f"the JWS algorithm {alg!r} is refused (only ES256 is accepted)")
    extra = set(header) - ALLOWED_HEADER
    if extra:
        raise SignatureError(f"the JWS header has parameters that are refused: {', '.join(sorted(extra))}")
    expected_kid = thumbprint(jwk)
    if header.get("kid") != expected_kid:
        raise UnknownKeyError(header.get("kid"), expected_kid)
    try:
        payload = b64url_decode(parts[1])
        sig = b64url_decode(parts[2])
    except SignatureError as exc:
        raise SignatureError("the JWS payload or signature is not base64url") from exc
    if len(sig) != 64:
        raise SignatureError("the ES256 signature is not 64 bytes")
    key = public_key(jwk)
    try:
        jws.deserialize_compact(".".join(parts), key, algorithms=[ALG], registry=_registry())
    except JoseError as exc:
        raise SignatureError("the signature does not match (the signed content or the signature was changed)") from exc
    return header, payload


# ------------------------------------------------------------------ key files


def jwk_from_json(raw: bytes | str, name: str = "the key file", *, private: bool = False) -> dict[str, Any]:
    """The P-256 key a key file holds: a JWK, or a JWKS holding exactly one EC key.

    ``private``: the file must hold the private key (``d``), returned whole; otherwise it must
    hold a public key, returned as its public members.  Anything else is one SignatureError
    naming ``name``.
    """
    try:
        data = json.loads(raw.decode("utf-8") if isinstance(raw, bytes) else raw)
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SignatureError(f"{name}: not a JSON key file") from None
    if isinstance(data, dict) and isinstance(data.get("keys"), list):
        keys = [k for k in data["keys"] if isinstance(k, dict) and k.get("kty") == "EC"]
        if len(keys) != 1:
            raise SignatureError(f"{name}: a key set must hold exactly one EC key to use here")
        data = keys[0]
    if not isinstance(data, dict) or data.get("kty") != "EC" or data.get("crv") != CURVE:
        raise SignatureError(f"{name}: not a P-256 EC key (JWK with kty EC, crv P-256)")
    if private:
        if "d" not in data:
            raise SignatureError(f"{name}: this is a public key; opening an encrypted bundle needs the private key")
        return dict(data)
    if "d" in data:
        raise SignatureError(f"{name}: this file holds a private key; give the recipient's public key")
    try:
        public_key(data)
    except SignatureError as exc:
        raise SignatureError(f"{name}: {exc}") from None
    return public_members(data)


def jwks_entries(data: Any, name: str = "the key file") -> list[Any]:
    """The entries of a JWKS (``{"keys": [...]}``), or a single JWK as a list of one."""
    if isinstance(data, dict) and "keys" not in data and "kty" in data:
        return [data]
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise SignatureError(f"{name}: not a JWKS (a JSON object with a 'keys' list)")
    return list(data["keys"])
