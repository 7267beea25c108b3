"""Verifying a share bundle without a vault (``mydata-wallet verify`` and the Verify... window).

Checks, each reported by name: the container (ZIP structure, byte for byte
the canonical layout), the holder's key, the manifest signature, that
``manifest.json`` is exactly the signed payload, every listed file's SHA-256
and size, no missing or extra files, the consent receipt's signature, and the
expiry date.  A bundle encrypted for a recipient (JWE) is opened with the
recipient's private key first.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import ECKey

from wallet import limits
from wallet.errors import GiveRecipientKey, Hint, KnowHolder
from wallet.features.share.bundle import FORMAT, JWE_ALG, JWE_ENC
from wallet.features.share.container import ContainerError, locate, read_zip, write_zip
from wallet.features.share.receipts import WITHDRAWAL_TYPE
from wallet.jose import SignatureError, UnknownKeyError, b64url_decode, public_key, thumbprint, verify_compact

MAX_BUNDLE = limits.MAX_BUNDLE_BYTES  # verify holds about four copies: see wallet.limits
FIXED = ("manifest.json", "manifest.jws")
EXIT_UNKNOWN_SIGNER = 4
EXPECTED = "the key you expected"
"""``verify``'s exit status when every check passes but the signing key is not one you know."""


@dataclass
class Check:
    """One check of a verification, passed or failed, with what it found."""

    item: str
    ok: bool
    message: str
    hint: Hint | None = None
    """What the user can do about a failure, as data each front end words its own way."""


@dataclass
class VerifyResult:
    """Everything verifying a bundle or notice found: each check, what it claims, and who signed it."""

    checks: list[Check] = field(default_factory=list)
    claims: dict[str, Any] = field(default_factory=dict)
    kind: str = "bundle"
    signer: str | None = None
    """Fingerprint of the key whose signature checked out."""
    known_as: str | None = None
    """Who you know the signing key as (the expected key, a remembered holder); None: an unknown key."""

    @property
    def ok(self) -> bool:
        """Every check passed (the signature is valid); says nothing about who signed."""
        return bool(self.checks) and all(c.ok for c in self.checks)

    @property
    def trusted(self) -> bool:
        """Every check passed and the signing key is one you know."""
        return self.ok and self.signer is not None and self.known_as is not None

    def verdict(self) -> str:
        """The one-line answer: not verified, verified by a key you know, or a valid signature by an unknown key."""
        if not self.ok:
            return f"NOT VERIFIED: {len(self.failures)} check(s) failed"
        if self.trusted:
            who = self.known_as if self.known_as == EXPECTED else f"known to you as {self.known_as}"
            return f"VERIFIED: signed by key {self.signer}, {who}"
        return f"signature valid, signed by an unknown key {self.signer} (not checked against anyone you know)"

    def recognise(self, kid: str, expect_holder: str | None, known: Mapping[str, str] | None) -> None:
        """Record the signing key and who it is known as (``expect_holder`` comes first)."""
        self.signer = kid
        if expect_holder is not None:
            self.known_as = EXPECTED if expect_holder == kid else None
        elif known and kid in known:
            self.known_as = known[kid]

    @property
    def failures(self) -> list[Check]:
        """The checks that failed (empty when all passed)."""
        return [c for c in self.checks if not c.ok]

    def add(self, item: str, ok: bool, message: str, hint: Hint | None = None) -> bool:
        """Record a check; returns ``ok`` so a caller can stop at a failure."""
        self.checks.append(Check(item, ok, message, hint))
        return ok

    def lines(self, advice: Callable[[Hint], str] | None = None) -> list[str]:
        """The full report as text lines: every check, then the claims, marked as the holder's word only.

        ``advice`` words a hint for the reader (``wallet.cli.hints.advice``); without it, hints are left out.
        """
        word = advice or (lambda _hint: "")
        out = []
        for c in self.checks:
            out.append(f"{'ok  ' if c.ok else 'FAIL'}  {c.item}: {c.message}{word(c.hint) if c.hint else ''}")
        if self.claims:
            out.append("")
            out.append("What the bundle claims (signed by the holder's key, not checked against the real world):")
            for k, v in self.claims.items():
                out.append(f"  {k + ':':<22} {v}")
        out.append("")
        out.append(self.verdict())
        if self.ok and not self.trusted:
            out.append("  Anyone can make a bundle that verifies with a key of their own and put any name in it.")
            out.append("  Compare this fingerprint with one the holder gave you in person or over a channel you")
            out.extend(f"  {line}" for line in f"trust{word(KnowHolder()) or '.'}".splitlines())
        return out


def _loads(data: bytes | str) -> Any:
    """json.loads that turns absurd nesting into a ValueError like any other bad JSON."""
    try:
        return json.loads(data)
    except RecursionError as exc:
        raise ValueError("JSON nested too deeply") from exc


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_jwe(data: bytes) -> bool:
    head = data[:200].strip()
    return head.startswith(b"eyJ") and data.strip().count(b".") == 4


def decrypt(data: bytes, private_jwk: dict[str, Any]) -> bytes:
    """Open a bundle encrypted for a recipient.  Raises SignatureError with the reason."""
    text = data.decode("ascii", errors="replace").strip()
    try:
        header = _loads(b64url_decode(text.split(".")[0]))
    except (SignatureError, ValueError) as exc:
        raise SignatureError("the encrypted bundle's header is not readable") from exc
    if not isinstance(header, dict) or header.get("alg") != JWE_ALG or header.get("enc") != JWE_ENC:
        raise SignatureError(f"the encryption must be {JWE_ALG} / {JWE_ENC}, not {header!r}")
    if "zip" in header or "crit" in header:
        raise SignatureError("the encrypted bundle asks for compression or critical extensions; refused")
    if not isinstance(private_jwk, dict) or "d" not in private_jwk:
        raise SignatureError("opening an encrypted bundle needs the recipient's private key (a JWK with 'd')")
    if header.get("kid") and header["kid"] != thumbprint(private_jwk):
        raise SignatureError("the bundle was encrypted for another key than the one given")
    try:
        key = ECKey.import_key(private_jwk)
        registry = jwe.JWERegistry(algorithms=[JWE_ALG, JWE_ENC])
        registry.max_ciphertext_length = MAX_BUNDLE  # joserfc's default is 64 KiB
        return bytes(jwe.decrypt_compact(text, key, registry=registry).plaintext or b"")
    except (JoseError, ValueError, TypeError) as exc:
        raise SignatureError(f"cannot decrypt the bundle with this key ({type(exc).__name__})") from exc


def verify_bytes(
    data: bytes,
    decrypt_key: dict[str, Any] | None = None,
    today: date | None = None,
    expect_holder: str | None = None,
    known: Mapping[str, str] | None = None,
) -> VerifyResult:
    """Check a bundle (or withdrawal notice); ``known`` maps key fingerprints to who you know them as."""
    result = VerifyResult()
    today = today or datetime.now(UTC).date()
    if data[:1] == b"{":
        return verify_withdrawal(data, expect_holder, known)
    if _is_jwe(data):
        if decrypt_key is None:
            result.add(
                "encryption",
                False,
                "the bundle is encrypted for its recipient; give the recipient's private key",
                GiveRecipientKey(),
            )
            return result
        try:
            data = decrypt(data, decrypt_key)
        except SignatureError as exc:
            result.add("encryption", False, str(exc))
            return result
        result.add("encryption", True, f"opened ({JWE_ALG}, {JWE_ENC})")
    if not data.startswith(b"PK\x03\x04"):
        result.add("bundle", False, "not a share bundle (neither a ZIP nor an encrypted bundle)")
        return result
    try:
        members = read_zip(data)
    except ContainerError as exc:
        result.add("zip container", False, str(exc))
        return result
    rebuilt, regions = write_zip(members)
    if rebuilt != data:
        offset = next(
            (i for i, (a, b) in enumerate(zip(rebuilt, data, strict=False)) if a != b), min(len(rebuilt), len(data))
        )
        result.add(
            "zip container",
            False,
            f"changed at byte {offset} ({locate(regions, offset)}): the container is not as the wallet wrote it",
        )
    else:
        result.add("zip container", True, f"{len(members)} files, canonical layout")
    by_name = {m.name: m.data for m in members}
    for name in (*FIXED, "holder.jwk.json"):
        if name not in by_name:
            result.add(name, False, "missing")
    if any(name not in by_name for name in (*FIXED, "holder.jwk.json")):
        return result
    # The holder's key.
    try:
        jwk = _loads(by_name["holder.jwk.json"])
        public_key(jwk)
        kid = thumbprint(jwk)
        result.add("holder.jwk.json", True, f"P-256 public key, thumbprint {kid}")
    except (ValueError, SignatureError) as exc:
        result.add("holder.jwk.json", False, f"not a usable public key: {exc}")
        return result
    # The manifest signature.
    try:
        _header, payload = verify_compact(by_name["manifest.jws"].decode("ascii", errors="replace"), jwk)
    except SignatureError as exc:
        result.add("manifest.jws", False, str(exc))
        if isinstance(exc, UnknownKeyError):
            result.add("holder.jwk.json", False, "does not hold the key that signed the manifest")
        return result
    result.add("manifest.jws", True, "ES256 signature valid for the holder's key")
    result.recognise(kid, expect_holder, known)
    if payload != by_name["manifest.json"]:
        result.add("manifest.json", False, "changed: it differs from the signed manifest")
    else:
        result.add("manifest.json", True, "identical to the signed manifest")
    try:
        manifest = _loads(payload)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError(f"format is not {FORMAT}")
        files = manifest["files"]
        if not isinstance(files, list):
            raise ValueError("files is not a list")
    except (ValueError, KeyError, TypeError) as exc:
        result.add("manifest.json", False, f"not a share manifest: {exc}")
        return result
    holder = _obj(manifest.get("holder"))
    if holder.get("key_thumbprint") != kid:
        result.add("holder", False, "the manifest names another holder key than the one that signed it")
    if expect_holder is not None:
        result.add(
            "expected holder",
            expect_holder == kid,
            "signed by the expected key"
            if expect_holder == kid
            else f"signed by key {kid}, not by the expected {expect_holder}",
        )
    listed: set[str] = set()
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("path"), str):
            result.add("manifest.json", False, f"a file entry is not an object with a path: {str(entry)[:80]!r}")
            continue
        path = entry["path"]
        listed.add(path)
        if path not in by_name:
            result.add(path, False, "missing from the bundle")
            continue
        content = by_name[path]
        digest = hashlib.sha256(content).hexdigest()
        if digest != entry.get("sha256"):
            result.add(path, False, "changed: its SHA-256 does not match the signed manifest")
        elif entry.get("size") is not None and entry.get("size") != len(content):
            result.add(path, False, "changed: its size does not match the signed manifest")
        else:
            result.add(path, True, f"SHA-256 matches ({len(content)} bytes, {entry.get('media_type')})")
    for name in by_name:
        if name not in listed and name not in FIXED:
            result.add(name, False, "extra file: not listed in the signed manifest")
    _check_series(result, manifest, by_name, listed)
    # The consent receipt's own signature.
    if "consent-receipt.jws" in by_name and "consent-receipt.json" in by_name:
        try:
            _h, rpayload = verify_compact(by_name["consent-receipt.jws"].decode("ascii", errors="replace"), jwk)
            same = rpayload == by_name["consent-receipt.json"]
            receipt = _obj(_loads(rpayload))
            rid_ok = receipt.get("consentReceiptID") == manifest.get("consent_receipt_id")
            result.add(
                "consent receipt",
                same and rid_ok,
                "signed by the holder, matches the manifest"
                if same and rid_ok
                else "does not match its signature or the manifest's receipt id",
            )
        except (SignatureError, ValueError) as exc:
            result.add("consent receipt", False, str(exc))
    else:
        result.add("consent receipt", False, "missing (consent-receipt.json and consent-receipt.jws)")
    expires = manifest.get("expires")
    if expires:
        try:
            until = date.fromisoformat(str(expires))
            result.add(
                "expiry",
                until >= today,
                f"valid until {until.isoformat()}" if until >= today else f"EXPIRED on {until.isoformat()}",
            )
        except ValueError:
            result.add("expiry", False, f"unreadable expiry date {expires!r}")
    else:
        result.add("expiry", True, "no expiry date")
    recipient = _obj(manifest.get("recipient"))
    rname = str(recipient.get("name") or "-")
    if recipient.get("organisation"):
        rname += f" ({recipient['organisation']})"
    result.claims = {
        "bundle id": manifest.get("bundle_id"),
        "created": manifest.get("created"),
        "expires": expires or "-",
        "holder": holder.get("name") or "(name not disclosed)",
        "holder key": kid,
        "recipient": rname,
        "recipient key": recipient.get("key_thumbprint") or "(not encrypted)",
        "purpose": manifest.get("purpose"),
        "template": manifest.get("template"),
        "consent receipt": manifest.get("consent_receipt_id"),
        "files": len(files),
    }
    return result


def _check_series(result: VerifyResult, manifest: dict[str, Any], by_name: dict[str, bytes], listed: set[str]) -> None:
    """Each measurement series the manifest lists: a listed file with as many lines (samples) as it says."""
    entries = manifest.get("series")
    if entries is None:
        return
    if not isinstance(entries, list):
        result.add("manifest.json", False, "series is not a list")
        return
    for entry in entries:
        path = _obj(entry).get("path")
        count = _obj(entry).get("count")
        if not isinstance(path, str) or path not in listed or path not in by_name or not isinstance(count, int):
            result.add("manifest.json", False, f"a series entry names no file of the bundle: {str(entry)[:80]!r}")
            continue
        lines = by_name[path].count(b"\n")
        result.add(
            f"{path} samples",
            lines == count,
            f"{count} samples, as the manifest says"
            if lines == count
            else f"holds {lines} samples, the manifest says {count}",
        )


def verify_withdrawal(
    data: bytes, expect_holder: str | None = None, known: Mapping[str, str] | None = None
) -> VerifyResult:
    """A withdrawal notice: ``{"type": ..., "notice_jws": ..., "holder_jwk": ...}``."""
    result = VerifyResult(kind="withdrawal")
    try:
        body = _obj(_loads(data))
        if body.get("type") != WITHDRAWAL_TYPE:
            raise ValueError("not a withdrawal notice")
        jwk = body["holder_jwk"]
        _h, payload = verify_compact(body["notice_jws"], jwk)
        notice = _obj(_loads(payload))
    except (ValueError, KeyError, TypeError, AttributeError, SignatureError) as exc:
        result.add("withdrawal notice", False, str(exc))
        return result
    kid = thumbprint(jwk)
    result.add("withdrawal notice", True, f"ES256 signature valid for key {kid}")
    result.recognise(kid, expect_holder, known)
    if expect_holder is not None and expect_holder != kid:
        result.add("expected holder", False, f"signed by key {kid}, not by the expected {expect_holder}")
    result.claims = {
        "consent receipt": notice.get("consentReceiptID"),
        "bundle id": notice.get("bundleId"),
        "withdrawn at": notice.get("withdrawnAt"),
        "holder key": notice.get("holderKeyThumbprint"),
        "statement": notice.get("statement"),
    }
    if notice.get("holderKeyThumbprint") != thumbprint(jwk):
        result.add("holder key", False, "the notice names another key than the one that signed it")
    return result


def verify_file(
    path: str | os.PathLike[str],
    decrypt_key: dict[str, Any] | None = None,
    today: date | None = None,
    expect_holder: str | None = None,
    known: Mapping[str, str] | None = None,
) -> VerifyResult:
    """Verify a share bundle or withdrawal notice file: integrity, signature, expiry and who signed it."""
    from wallet.imports.inputs import InputRefused, read_input, stat_input

    p = Path(path)
    try:
        # stat first: a FIFO or device is refused, and the size is checked before a byte is read
        size = stat_input(p, p.name, what="share bundle").st_size
        if size > MAX_BUNDLE:
            result = VerifyResult()
            limit = MAX_BUNDLE // limits.MB
            result.add("bundle", False, f"{p.name} is larger than {limit} MB, the limit for a share bundle")
            return result
        data = read_input(p, MAX_BUNDLE, p.name, what="share bundle")
    except InputRefused as exc:
        result = VerifyResult()
        result.add("bundle", False, str(exc))
        return result
    return verify_bytes(data, decrypt_key, today, expect_holder, known)
