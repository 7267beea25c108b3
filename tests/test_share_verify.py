"""Verifying bundles: with another JOSE implementation, and against every kind of change."""

from __future__ import annotations

import base64
import hashlib
import json
import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from joserfc import jws
from joserfc.jwk import ECKey, OctKey
from share_support import fill, request

from wallet.cli import hints as cli_hints
from wallet.errors import GiveRecipientKey
from wallet.features.share.bundle import create_share
from wallet.features.share.container import Member, read_zip, write_zip
from wallet.features.share.selection import prepare
from wallet.features.share.templates import Recipient, Selection
from wallet.features.share.verify import VerifyResult, verify_bytes, verify_file
from wallet.jose import b64url, sign_compact
from wallet.store.vault import Vault


@pytest.fixture
def bundle(vault: Vault, tmp_path: Path) -> Path:
    holder_id, _ = fill(vault)
    plan = prepare(vault, request(holder_id, expires=date.today() + timedelta(days=10)))
    return create_share(vault, plan, tmp_path / "bundle.zip").path


@pytest.fixture
def small_bundle(vault: Vault, tmp_path: Path) -> Path:
    """A custom share of one record: small enough to flip every structural byte."""
    holder_id, _ = fill(vault)
    rec = vault.records(person_id=holder_id, kind="Condition")[0]
    req = request(holder_id, "custom", selection=Selection(record_ids=[rec.id]))
    return create_share(vault, prepare(vault, req), tmp_path / "small.zip").path


def b64d(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def named(result: VerifyResult, name: str) -> bool:
    return any(name in f.item or name in f.message for f in result.failures)


def test_bundle_verifies_with_authlib(bundle: Path) -> None:
    with warnings.catch_warnings():
        import authlib.deprecate  # noqa: F401 - installs an "always" filter, inside this context only

        warnings.simplefilter("ignore")  # authlib.jose announces its move to joserfc
        from authlib.jose import JsonWebKey, JsonWebSignature
    files = {m.name: m.data for m in read_zip(bundle.read_bytes())}
    jwk = json.loads(files["holder.jwk.json"])
    key = JsonWebKey.import_key(jwk)
    signer = JsonWebSignature(algorithms=["ES256"])
    data = signer.deserialize_compact(files["manifest.jws"], key)
    assert data["header"]["alg"] == "ES256" and data["header"]["kid"] == jwk["kid"]
    assert data["payload"] == files["manifest.json"]
    manifest = json.loads(data["payload"])
    for entry in manifest["files"]:
        assert hashlib.sha256(files[entry["path"]]).hexdigest() == entry["sha256"]
    receipt = signer.deserialize_compact(files["consent-receipt.jws"], key)
    assert receipt["payload"] == files["consent-receipt.json"]


def test_bundle_verifies_with_cryptography_alone(bundle: Path) -> None:
    """What docs/bundle-format.md tells a developer to do, written without any JOSE library."""
    files = {m.name: m.data for m in read_zip(bundle.read_bytes())}
    jwk = json.loads(files["holder.jwk.json"])
    members = {k: jwk[k] for k in ("crv", "kty", "x", "y")}
    thumb = b64url(hashlib.sha256(json.dumps(members, sort_keys=True, separators=(",", ":")).encode()).digest())
    h, p, s = files["manifest.jws"].decode().split(".")
    header = json.loads(b64d(h))
    assert header["alg"] == "ES256" and header["kid"] == thumb
    assert b64d(p) == files["manifest.json"]
    sig = b64d(s)
    pub = ec.EllipticCurvePublicNumbers(
        int.from_bytes(b64d(jwk["x"]), "big"), int.from_bytes(b64d(jwk["y"]), "big"), ec.SECP256R1()
    ).public_key()
    der = encode_dss_signature(int.from_bytes(sig[:32], "big"), int.from_bytes(sig[32:], "big"))
    pub.verify(der, f"{h}.{p}".encode(), ec.ECDSA(hashes.SHA256()))  # raises if invalid


def test_verify_reports_what_the_bundle_claims(bundle: Path) -> None:
    result = verify_file(bundle)
    assert result.ok, result.lines()
    assert result.claims["recipient"] == "Dr. Kim (Seoul General)"
    assert result.claims["purpose"] == "Referral to cardiology"
    assert result.claims["holder"] == "Clemente Kreiger"


def test_a_changed_byte_in_any_member_is_detected_and_named(bundle: Path) -> None:
    original = read_zip(bundle.read_bytes())
    assert len(original) >= 6
    for i, member in enumerate(original):
        data = bytearray(member.data)
        data[len(data) // 2] ^= 0x01
        changed = list(original)
        changed[i] = Member(member.name, bytes(data))
        zipped, _ = write_zip(changed)  # a well-formed container: only the member differs
        result = verify_bytes(zipped)
        assert not result.ok, member.name
        assert named(result, member.name), (member.name, result.lines())


@pytest.mark.slow
def test_a_flipped_byte_anywhere_in_the_zip_is_detected(small_bundle: Path) -> None:
    raw = small_bundle.read_bytes()
    members = read_zip(raw)
    rebuilt, regions = write_zip(members)
    assert rebuilt == raw
    offsets: set[int] = set()
    for region in regions:
        if region.label.startswith("the ZIP") or region.end - region.start < 64:
            offsets |= set(range(region.start, region.end))  # every byte of the structure
        else:
            offsets |= set(range(region.start, region.end, 7)) | {region.start, region.end - 1}
    assert len(offsets) > 500
    for offset in sorted(offsets):
        data = bytearray(raw)
        data[offset] ^= 0x01
        result = verify_bytes(bytes(data))
        assert not result.ok, f"byte {offset} flipped but the bundle verified"
        region = next(r for r in regions if r.start <= offset < r.end)
        if not region.label.startswith("the ZIP"):
            assert named(result, region.label), (offset, region.label, result.lines())


def test_missing_and_extra_files_are_named(bundle: Path) -> None:
    original = read_zip(bundle.read_bytes())
    without = [m for m in original if m.name != "consent-receipt.json"]
    result = verify_bytes(write_zip(without)[0])
    assert named(result, "consent-receipt.json") and not result.ok
    extra = [*original, Member("data/extra.json", b"{}")]
    result = verify_bytes(write_zip(extra)[0])
    assert any(f.item == "data/extra.json" and "extra file" in f.message for f in result.failures)


def _replace_manifest_jws(bundle: Path, token: str) -> bytes:
    members = [
        Member(m.name, token.encode() if m.name == "manifest.jws" else m.data) for m in read_zip(bundle.read_bytes())
    ]
    return write_zip(members)[0]


def test_alg_none_hmac_and_unknown_kid_are_refused(bundle: Path) -> None:
    files = {m.name: m.data for m in read_zip(bundle.read_bytes())}
    jwk = json.loads(files["holder.jwk.json"])
    manifest = files["manifest.json"]
    none = b64url(json.dumps({"alg": "none", "kid": jwk["kid"]}).encode()) + "." + b64url(manifest) + "."
    result = verify_bytes(_replace_manifest_jws(bundle, none))
    assert any(f.item == "manifest.jws" and "'none'" in f.message for f in result.failures)
    hmac = jws.serialize_compact(
        {"alg": "HS256", "kid": jwk["kid"]}, manifest, OctKey.import_key(json.dumps(jwk).encode()), algorithms=["HS256"]
    )
    result = verify_bytes(_replace_manifest_jws(bundle, hmac))
    assert any(f.item == "manifest.jws" and "HS256" in f.message for f in result.failures)
    stranger = ECKey.generate_key("P-256", private=True)
    result = verify_bytes(_replace_manifest_jws(bundle, sign_compact(manifest, stranger)))
    assert any(f.item == "manifest.jws" and "unknown key" in f.message for f in result.failures)
    assert any(f.item == "holder.jwk.json" for f in result.failures)  # told by the error's type, not its words


def test_a_bundle_re_signed_by_someone_else_fails_the_expected_holder_check(bundle: Path) -> None:
    """Self-signed means: whoever can rewrite every file can sign with their own key.  Pin the key."""
    files = {m.name: m.data for m in read_zip(bundle.read_bytes())}
    real_kid = json.loads(files["holder.jwk.json"])["kid"]
    assert verify_bytes(bundle.read_bytes(), expect_holder=real_kid).ok
    assert not verify_bytes(bundle.read_bytes(), expect_holder="someone-else").ok


def test_expired_bundle_fails(bundle: Path) -> None:
    result = verify_bytes(bundle.read_bytes(), today=date.today() + timedelta(days=11))
    assert [f.item for f in result.failures] == ["expiry"]
    assert "EXPIRED" in result.failures[0].message


def test_encrypted_bundle_opens_only_with_the_recipients_key(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    recipient_key = ECKey.generate_key("P-256", private=True)
    pub = {k: v for k, v in recipient_key.as_dict(private=False).items() if k in ("kty", "crv", "x", "y")}
    req = request(holder_id, recipient=Recipient(name="Dr. Kim", organisation="Seoul General", jwk=pub))
    result = create_share(vault, prepare(vault, req), tmp_path / "enc.jwe")
    raw = result.path.read_bytes()
    assert result.encrypted and not raw.startswith(b"PK") and raw.count(b".") == 4
    assert b"Kreiger" not in raw
    header = json.loads(b64d(raw.decode().split(".")[0]))
    assert header["alg"] == "ECDH-ES+A256KW" and header["enc"] == "A256GCM"
    locked = verify_bytes(raw)
    assert not locked.ok and locked.failures[0].hint == GiveRecipientKey()
    assert "(--key FILE)" in "\n".join(locked.lines(cli_hints.advice)) and "--key" not in "\n".join(locked.lines())
    wrong = ECKey.generate_key("P-256", private=True).as_dict(private=True)
    assert not verify_bytes(raw, decrypt_key=wrong).ok
    opened = verify_bytes(raw, decrypt_key=recipient_key.as_dict(private=True))
    assert opened.ok, opened.lines()
    assert opened.claims["recipient key"] == recipient_key.thumbprint()
    tampered = bytearray(raw)
    tampered[len(tampered) // 2] ^= 0x01
    assert not verify_bytes(bytes(tampered), decrypt_key=recipient_key.as_dict(private=True)).ok


def test_not_a_bundle(tmp_path: Path) -> None:
    path = tmp_path / "x.zip"
    path.write_bytes(b"hello")
    result = verify_file(path)
    assert not result.ok and result.failures[0].item == "bundle"


@pytest.mark.parametrize(
    "manifest",
    [
        b"[]",
        b'{"format": "mydata-wallet-share/1", "files": ["x", 5, null]}',
        b'{"format": "mydata-wallet-share/1", "files": [], "holder": "me", "recipient": 5, "expires": 7}',
        b'{"format": "mydata-wallet-share/1", "files": [{"path": {"a": 1}}]}',
        b"[" * 100000 + b"]" * 100000,
        b"\xff\xfe not json",
    ],
)
def test_hostile_but_validly_signed_manifests_fail_readably(manifest: bytes) -> None:
    """Someone can sign anything with their own key: odd content must fail as a check, never crash."""
    key = ECKey.generate_key("P-256", private=True)
    pub = key.as_dict(private=False)
    members = [
        Member("manifest.json", manifest),
        Member("manifest.jws", sign_compact(manifest, key).encode()),
        Member("holder.jwk.json", json.dumps(pub).encode()),
    ]
    result = verify_bytes(write_zip(members)[0])
    assert not result.ok
    assert result.failures


def test_hostile_withdrawal_notices_fail_readably(tmp_path: Path) -> None:
    for body in (
        b"{}",
        b'{"type": "mydata-wallet/consent-withdrawal"}',
        b"{" + b'"a":' * 50000 + b"1" + b"}" * 50000,
        b'{"type": "mydata-wallet/consent-withdrawal", "holder_jwk": [], "notice_jws": 5}',
    ):
        result = verify_bytes(body)
        assert not result.ok and result.kind == "withdrawal"


def test_encrypted_bundle_opens_with_authlib(vault: Vault, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        import authlib.deprecate  # noqa: F401 - installs an "always" filter, inside this context only

        warnings.simplefilter("ignore")
        from authlib.jose import JsonWebEncryption, JsonWebKey
    holder_id, _ = fill(vault)
    recipient_key = ECKey.generate_key("P-256", private=True)
    pub = {k: v for k, v in recipient_key.as_dict(private=False).items() if k in ("kty", "crv", "x", "y")}
    req = request(holder_id, recipient=Recipient(name="Dr. Kim", jwk=pub))
    raw = create_share(vault, prepare(vault, req), tmp_path / "enc.jwe").path.read_bytes()
    opened = JsonWebEncryption().deserialize_compact(raw, JsonWebKey.import_key(recipient_key.as_dict(private=True)))
    assert opened["header"]["alg"] == "ECDH-ES+A256KW"
    assert verify_bytes(opened["payload"]).ok


def test_compressed_jwe_is_refused(vault: Vault) -> None:
    from joserfc import jwe

    key = ECKey.generate_key("P-256", private=True)
    token = jwe.encrypt_compact(
        {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "zip": "DEF"},
        b"PK\x03\x04" + b"0" * 100,
        key,
        algorithms=["ECDH-ES+A256KW", "A256GCM", "DEF"],
    )
    result = verify_bytes(token.encode(), decrypt_key=key.as_dict(private=True))
    assert not result.ok and "compression" in result.failures[0].message
