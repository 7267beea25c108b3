"""The one JOSE module: sign and verify, RFC 7638 thumbprints, key files."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from wallet import jose
from wallet.errors import WalletError
from wallet.imports.inputs import read_jwk_file

# RFC 7638 section 3.1: the example RSA key and its thumbprint.
RFC7638_KEY = {
    "kty": "RSA",
    "n": (
        "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjB"
        "ZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8"
        "KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_"
        "xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"
    ),
    "e": "AQAB",
    "alg": "RS256",
    "kid": "2011-04-29",
}
RFC7638_THUMBPRINT = "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"


def test_thumbprint_is_rfc_7638s_example() -> None:
    assert jose.thumbprint(RFC7638_KEY) == RFC7638_THUMBPRINT


def test_thumbprint_counts_only_the_required_members() -> None:
    key = jose.new_key()
    pub = jose.public_jwk(key)
    assert jose.thumbprint(pub) == jose.thumbprint(jose.private_jwk(key)) == pub["kid"] == jose.key_thumbprint(key)
    with pytest.raises(jose.SignatureError, match="not an EC public JWK"):
        jose.thumbprint({"kty": "EC", "crv": "P-256", "x": pub["x"]})


def test_sign_verify_round_trip() -> None:
    key = jose.new_key()
    token = jose.sign_compact(b'{"a":1}', key, typ="JWS", cty="application/json")
    header, payload = jose.verify_compact(token, jose.public_jwk(key))
    assert payload == b'{"a":1}'
    assert list(header) == ["alg", "kid", "typ", "cty"]
    assert header["kid"] == jose.key_thumbprint(key)


def test_verify_refuses_another_key_and_a_changed_payload() -> None:
    key, other = jose.new_key(), jose.new_key()
    token = jose.sign_compact(b"signed", key)
    with pytest.raises(jose.SignatureError, match="unknown key"):
        jose.verify_compact(token, jose.public_jwk(other))
    head, _, sig = token.split(".")
    with pytest.raises(jose.SignatureError, match="does not match"):
        jose.verify_compact(f"{head}.{jose.b64url(b'changed')}.{sig}", jose.public_jwk(key))


def test_a_compressed_card_verifies_raw_and_der() -> None:
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    key = jose.new_key()
    token = jose.sign_compact(zlib.compress(b"card"), key, compressed=True)
    head, body, sig = token.split(".")
    assert json.loads(jose.b64url_decode(head))["zip"] == "DEF"
    raw = jose.b64url_decode(sig)
    jwk = jose.public_jwk(key)
    assert jose.signature_valid(f"{head}.{body}", raw, jwk)
    assert not jose.signature_valid(f"{head}.{body}", raw, jose.public_jwk(jose.new_key()))
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    assert jose.der_to_raw(der) == raw


def test_key_file_public_and_private(tmp_path: Path) -> None:
    key = jose.new_key()
    pub_file = tmp_path / "pub.jwk"
    pub_file.write_text(json.dumps({"keys": [jose.public_jwk(key)]}))
    assert read_jwk_file(pub_file) == jose.public_members(jose.public_jwk(key))
    priv_file = tmp_path / "priv.jwk"
    priv_file.write_text(json.dumps(jose.private_jwk(key)))
    assert read_jwk_file(priv_file, private=True)["d"] == jose.private_jwk(key)["d"]
    with pytest.raises(WalletError, match="holds a private key"):
        read_jwk_file(priv_file)
    with pytest.raises(WalletError, match="this is a public key"):
        read_jwk_file(pub_file, private=True)


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b"not json {", "not a JSON key file"),
        (b'{"kty": "RSA", "n": "x", "e": "AQAB"}', "not a P-256 EC key"),
        (b'{"keys": []}', "exactly one EC key"),
        (b'{"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"}', "not 32 bytes"),
    ],
)
def test_a_bad_key_file_is_one_readable_error(tmp_path: Path, content: bytes, says: str) -> None:
    bad = tmp_path / "bad.jwk"
    bad.write_bytes(content)
    with pytest.raises(WalletError, match=says) as caught:
        read_jwk_file(bad)
    message = str(caught.value)
    assert message.startswith(str(bad)) and "\n" not in message


def test_a_key_file_that_is_no_regular_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(WalletError, match="not a regular file"):
        read_jwk_file(tmp_path)
