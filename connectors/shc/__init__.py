"""SMART Health Cards: ``.smart-health-card`` files and ``shc:/`` QR text.

A card is a compact JWS (ES256) whose payload is raw-DEFLATE-compressed JSON
holding a FHIR Bundle at ``vc.credentialSubject.fhirBundle``.  This connector
checks the signature against the keys you trust for the issuer (kept in the
vault by the deliberate act of :mod:`wallet.imports.issuers`) or a JWKS supplied with
this import (a file or dict in ``options["jwks"]``), which verifies this import
only and is never kept; it never goes to the network.  Every record it yields carries the result in
``provenance.verification`` (see :func:`describe_verification`).

Policy (also in docs/health-connectors.md):

* **refused** (``ConnectorError``): unreadable input (bad QR digits, bad
  base64url, bad DEFLATE, not JSON), a signature that does not match the
  issuer's key (the card was altered), SMART Health *Links* (they need the
  network), and files that are not cards at all;
* **imported as unverified**, with the reason: no issuer keys, unknown key id,
  a supplied key for an issuer you trust that is not one of its trusted keys,
  expired, not yet valid, ``nbf`` in milliseconds, missing ``nbf``, revoked,
  a bare unsigned payload, a DER-encoded signature, a payload that is not
  compressed, a byte-order mark in the payload, stray characters around the
  content;
* **verified** ("with trusted key <fingerprint> of <issuer>", or "with the key
  supplied with this import"): a valid ES256 signature by such a key, ``nbf``
  in the past, not expired, not revoked (when a revocation list is known).

Revocation lists follow the same rule as keys: one supplied with this import
(``options["crl"]``) is checked for this import only and never kept; otherwise the
list kept with the trusted issuer for the card's key (``issuers trust --crl``) is
used, and the record says which (``revocation_source`` and a note).
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from wallet.errors import ConnectorError
from wallet.imports import issuers
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.imports.inputs import read_json_input
from wallet.model import Domain, PersonHint, Provenance, Record, SkippedItem

MAX_INPUT = 5 * 1024 * 1024
MAX_INFLATED = 1024 * 1024
MAX_JWKS = 1024 * 1024
SINGLE_QR_JWS = 1195
CACHE_JWKS = issuers.LEGACY_PREFIX  # keys earlier versions cached by themselves: never used (issue 14)
CACHE_CRL = issuers.LEGACY_CRL_PREFIX  # lists earlier versions cached by themselves: never used (issue 14)
MS_THRESHOLD = 100_000_000_000  # an epoch above this (year 5138) is surely milliseconds

_B64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_CHUNK = re.compile(r"^shc:/(\d+)/(\d+)/(\d+)$")
_SINGLE = re.compile(r"^shc:/(\d+)$")

CVX = {
    "207": "COVID-19 vaccine, Moderna (mRNA-1273)",
    "208": "COVID-19 vaccine, Pfizer-BioNTech",
    "210": "COVID-19 vaccine, AstraZeneca",
    "211": "COVID-19 vaccine, Novavax",
    "212": "COVID-19 vaccine, Janssen",
    "213": "COVID-19 vaccine, unspecified",
    "229": "COVID-19 vaccine, Moderna bivalent",
    "217": "COVID-19 vaccine, Pfizer-BioNTech (tris-sucrose)",
    "88": "Influenza vaccine",
    "141": "Influenza vaccine, seasonal",
}

REASON_TEXT = {
    "no-issuer-keys": "the issuer's keys are not known (give its key set with the card, or trust the issuer's keys)",
    "different-key": "signed with a key supplied with this import, not one of the keys you trust for the issuer",
    "unknown-kid": "signed with a key id the issuer's key set does not contain",
    "der-signature": "signature is DER-encoded instead of the 64-byte JOSE form",
    "unsupported-alg": "signature algorithm is not ES256",
    "expired": "the card has expired",
    "not-yet-valid": "the card is not valid yet (nbf in the future)",
    "nbf-milliseconds": "nbf is in milliseconds, not seconds",
    "missing-nbf": "the card has no nbf (issue time)",
    "revoked": "the issuer has revoked this card",
    "unsigned": "a bare payload without signature, not a signed card",
    "not-compressed": "payload is not DEFLATE-compressed (JWS header lacks zip=DEF)",
    "byte-order-mark": "payload starts with a byte-order mark",
    "trailing-characters": "stray characters before or after the card",
}


# --------------------------------------------------------------------------- decoding


def _b64url(part: str, what: str) -> bytes:
    if not _B64URL.match(part):
        raise ConnectorError(f"{what} is not base64url text")
    from wallet import jose  # joserfc and cryptography: loaded on first use, not with the connector list

    try:
        return jose.b64url_decode(part)
    except jose.SignatureError as exc:
        raise ConnectorError(f"{what} is not valid base64url") from exc


def inflate(data: bytes, limit: int = MAX_INFLATED) -> bytes:
    """Raw DEFLATE (no zlib header), refusing output above ``limit`` bytes."""
    inflater = zlib.decompressobj(wbits=-15)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        hint = " (it has a zlib header; SMART Health Cards use raw DEFLATE)" if data[:1] == b"\x78" else ""
        raise ConnectorError(f"bad deflate: the card payload cannot be decompressed{hint}") from exc
    if len(out) > limit or inflater.unconsumed_tail:
        raise ConnectorError(f"bad deflate: the card payload inflates to more than {limit // 1024} KB")
    if not inflater.eof:
        raise ConnectorError("bad deflate: the compressed card payload is truncated")
    if inflater.unused_data:
        raise ConnectorError("bad deflate: extra data after the end of the compressed card payload")
    return out


def qr_to_jws(lines: list[str]) -> list[str]:
    """Decode ``shc:/`` numeric QR text (single or legacy chunked) into JWS strings."""
    singles: list[str] = []
    chunks: dict[int, dict[int, str]] = {}
    for line in lines:
        if not line.startswith("shc:/"):
            raise ConnectorError("bad QR header: SMART Health Card QR text must start with 'shc:/'")
        m = _SINGLE.match(line)
        if m:
            singles.append(_digits_to_jws(m.group(1)))
            continue
        m = _CHUNK.match(line)
        if not m:
            raise ConnectorError("bad QR content: after 'shc:/' only digits (and 'N/M/' chunk numbers) may follow")
        idx, total = int(m.group(1)), int(m.group(2))
        if total < 1 or not 1 <= idx <= total or total > 20:
            raise ConnectorError(f"bad QR chunk number {idx}/{total}")
        chunks.setdefault(total, {})[idx] = m.group(3)
    for total, parts in chunks.items():
        missing = [str(i) for i in range(1, total + 1) if i not in parts]
        if missing:
            raise ConnectorError(f"chunked QR: missing chunk(s) {', '.join(missing)} of {total}")
        singles.append(_digits_to_jws("".join(parts[i] for i in range(1, total + 1))))
    return singles


def _digits_to_jws(digits: str) -> str:
    if len(digits) % 2:
        raise ConnectorError("bad QR content: odd number of digits (each character is encoded as two digits)")
    out = []
    for i in range(0, len(digits), 2):
        n = int(digits[i : i + 2])
        if n > 77:
            raise ConnectorError(f"bad QR content: digit pair {digits[i : i + 2]} at position {i} is above 77")
        out.append(chr(n + 45))
    return "".join(out)


# --------------------------------------------------------------------------- keys


def load_jwks(value: Any) -> dict[str, Any]:
    """A JWKS from a path, JSON text or a dict; raises ConnectorError when unusable."""
    if isinstance(value, dict):
        data: Any = value
    elif isinstance(value, str | Path):
        text = str(value)
        if text.lstrip().startswith("{"):
            try:
                data = json.loads(text)
            except (ValueError, RecursionError) as exc:
                raise ConnectorError("JWKS is not valid JSON") from exc
        else:
            path = Path(text).expanduser()
            data = read_json_input(path, MAX_JWKS, name=f"JWKS file {path.name}", what="key file")
    else:
        raise ConnectorError("the jwks option must be a file path or a JWKS object")
    if not isinstance(data, dict) or not isinstance(data.get("keys"), list):
        raise ConnectorError("JWKS must be a JSON object with a 'keys' list")
    return data


def load_crl(value: Any) -> issuers.RevocationList:
    """The revocation list supplied with this import, from a path or a dict; raises ConnectorError when unusable.

    What a revocation list is, :func:`wallet.imports.issuers.crl_from_data` decides; a list used
    for one import only may name no key (its ``kid`` is then ``""``).
    """
    if isinstance(value, dict):
        data: Any = value
        name = "the revocation list supplied with this import"
    elif isinstance(value, str | Path):
        path = Path(value).expanduser()
        name = f"revocation list {path.name}"
        data = read_json_input(path, issuers.MAX_CRL_FILE, name=name, what="revocation list")
    else:
        raise ConnectorError("the revocation list option must be a file path or an object")
    try:
        return issuers.crl_from_data(data, name, keep=False)
    except issuers.IssuerKeyError as exc:
        raise ConnectorError(str(exc)) from None


# --------------------------------------------------------------------------- verification


def _epoch(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _iso(ts: float | None) -> str | None:
    if ts is None:
        return None
    try:
        return datetime.fromtimestamp(ts, UTC).isoformat()
    except (OverflowError, OSError, ValueError):
        return None


def _now(context: ImportContext) -> datetime:
    value = context.options.get("now")
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str) and value:
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise ConnectorError(f"the 'now' option is not an ISO date-time: {value[:40]!r}") from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return datetime.now(UTC)


def describe_verification(verification: dict[str, Any] | None) -> str:
    """One readable sentence about a record's signature check."""
    if not verification:
        return "No signature check (this record did not come from a signed card)."
    iss = verification.get("iss") or "an unknown issuer"
    kid = verification.get("kid")
    key = f" (key {kid[:8]}…)" if isinstance(kid, str) and len(kid) > 8 else (f" (key {kid})" if kid else "")
    when = verification.get("checked_at", "")
    exp = verification.get("exp")
    fp = verification.get("key_fingerprint")
    if verification.get("status") == "verified":
        if verification.get("key_source") == "trusted":
            text = f"Verified with trusted key {fp} of {iss}; checked {when}."
        elif verification.get("key_source") == "supplied":
            text = (
                f"Verified with the key supplied with this import ({fp}), not a key you trust for {iss}; "
                f"checked {when}."
            )
        else:  # recorded by an earlier version
            text = f"Verified: signed by {iss}{key}; checked {when}."
        if exp:
            text += f" Valid until {exp}."
        return text + _revocation_sentence(verification)
    reason = verification.get("reason", "unknown reason")
    return f"Not verified: {reason}. Issuer {iss}{key}; checked {when}.{_revocation_sentence(verification)}"


def _revocation_sentence(verification: dict[str, Any]) -> str:
    """Which revocation list was checked, as a sentence to add (empty when none or recorded by an earlier version)."""
    source = verification.get("revocation_source")
    if source == "supplied":
        return " Revocation checked against the list supplied with this import (not kept)."
    if source == "trusted":
        return f" Revocation checked against the list you keep for {verification.get('iss') or 'the issuer'}."
    return ""


class _Card:
    """One decoded card: payload plus what was found while checking it."""

    def __init__(self, payload: dict[str, Any], header: dict[str, Any] | None, reasons: list[str]) -> None:
        self.payload = payload
        self.header = header or {}
        self.reasons = reasons
        self.notes: list[str] = []
        self.signature = "absent" if header is None else "not checked"
        self.revocation = "not checked"
        self.revocation_source: str | None = None  # "supplied" or "trusted": whose revocation list was checked
        self.key_source: str | None = None  # "trusted" or "supplied": which key verified the signature
        self.key_fingerprint: str | None = None
        self.reason_texts: dict[str, str] = {}  # a reason said more precisely than REASON_TEXT


def _parse_payload(raw: bytes, reasons: list[str]) -> dict[str, Any]:
    if raw.startswith(b"\xef\xbb\xbf"):
        reasons.append("byte-order-mark")
        raw = raw[3:]
    try:
        payload = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConnectorError("the card payload is not JSON") from exc
    if not isinstance(payload, dict) or not isinstance(payload.get("vc"), dict):
        raise ConnectorError("the card payload has no 'vc' (verifiable credential)")
    return payload


def _decode_jws(token: str, reasons: list[str]) -> tuple[_Card, str, bytes]:
    parts = token.split(".")
    if len(parts) != 3:
        raise ConnectorError(f"not a compact JWS: expected 3 dot-separated parts, found {len(parts)}")
    header_raw = _b64url(parts[0], "JWS header")
    try:
        header = json.loads(header_raw)
    except (UnicodeDecodeError, ValueError) as exc:
        raise ConnectorError("JWS header is not JSON") from exc
    if not isinstance(header, dict):
        raise ConnectorError("JWS header is not a JSON object")
    body = _b64url(parts[1], "JWS payload")
    signature = _b64url(parts[2], "JWS signature")
    card_reasons = list(reasons)
    if header.get("zip") == "DEF":
        raw = inflate(body)
    elif "zip" in header:
        raise ConnectorError(f"unsupported JWS compression {str(header.get('zip'))[:20]!r}")
    else:
        card_reasons.append("not-compressed")
        raw = body
        if not raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{"):
            # Compressed bytes without a header: check the signature first to say what is wrong.
            try:
                raw = inflate(body)
            except ConnectorError:
                raise ConnectorError("the card payload is neither JSON nor DEFLATE-compressed") from None
    card = _Card(_parse_payload(raw, card_reasons), header, card_reasons)
    if len(token) > SINGLE_QR_JWS:
        card.notes.append(f"JWS is {len(token)} characters: too long for a single QR code ({SINGLE_QR_JWS})")
    return card, f"{parts[0]}.{parts[1]}", signature


def _signature_check(signing_input: str, signature: bytes, jwk: dict[str, Any]) -> str | None:
    """ "valid", "valid (DER-encoded)" or None (the signature does not match this key)."""
    from wallet import jose

    if len(signature) == 64:
        return "valid" if jose.signature_valid(signing_input, signature, jwk) else None
    raw = jose.der_to_raw(signature)  # some issuers sign in DER: accepted, and said so
    if raw is not None and jose.signature_valid(signing_input, raw, jwk):
        return "valid (DER-encoded)"
    return None


def _accept(card: _Card, result: str, key: issuers.IssuerKey, source: str) -> None:
    card.signature = result
    card.key_source = source
    card.key_fingerprint = key.fingerprint
    if result != "valid":
        card.reasons.append("der-signature")
    if key.jwk.get("x5c"):
        card.notes.append("key carries an x5c certificate chain; the chain was not checked")


def _check_signature(card: _Card, signing_input: str, signature: bytes, context: ImportContext) -> None:
    """Check the signature against the keys you trust for the issuer, or a key supplied with this import.

    A supplied key verifies this import only and is never kept (keeping one is ``issuers trust``).
    A trusted key always wins: a card that does not match it is refused even when a supplied key
    matches, and a supplied key for a trusted issuer that is not among its trusted keys does not
    verify the card (issue 14).
    """
    iss = str(card.payload.get("iss") or "")
    kid = card.header.get("kid")
    alg = card.header.get("alg")
    if alg != "ES256":
        card.reasons.append("unsupported-alg")
        return
    supplied_jwks = load_jwks(context.options["jwks"]) if context.options.get("jwks") else None
    pinned = issuers.trusted(context.cache, iss) if iss else None
    if supplied_jwks is None and pinned is None:
        card.reasons.append("no-issuer-keys")
        return
    if not isinstance(kid, str):
        card.reasons.append("unknown-kid")
        return
    supplied: issuers.IssuerKey | None = None
    for entry in supplied_jwks.get("keys", []) if supplied_jwks is not None else []:
        found = issuers.issuer_key(entry) if isinstance(entry, dict) and entry.get("kid") == kid else None
        if found is not None:
            supplied = found
            break
    trusted_key = pinned.key(kid) if pinned is not None else None
    who = iss or "its issuer"
    if trusted_key is not None:
        result = _signature_check(signing_input, signature, trusted_key.jwk)
        if result is not None:
            _accept(card, result, trusted_key, "trusted")
            if supplied is not None and supplied.fingerprint != trusted_key.fingerprint:
                card.notes.append(
                    f"the key file supplied with this import holds key {supplied.fingerprint} under the same key id: "
                    f"a different key than the one you trust for {who}; it was not used"
                )
            return
        card.signature = "invalid"
        if supplied is not None and _signature_check(signing_input, signature, supplied.jwk) is not None:
            raise ConnectorError(
                f"bad signature: the card is signed with key {supplied.fingerprint} supplied with this import, "
                f"a different key than the one you trust for {who} ({trusted_key.fingerprint}); not imported"
            )
        raise ConnectorError(
            f"bad signature: the card does not match the trusted key {trusted_key.fingerprint} of {who}; "
            "it was altered or not issued with this key"
        )
    if supplied is not None:
        result = _signature_check(signing_input, signature, supplied.jwk)
        if result is None:
            card.signature = "invalid"
            raise ConnectorError(
                f"bad signature: the card does not match key {kid[:12]} of {who}; "
                "it was altered or not issued with this key"
            )
        _accept(card, result, supplied, "supplied")
        if pinned is not None:
            card.reasons.append("different-key")
            card.reason_texts["different-key"] = (
                f"signed with key {supplied.fingerprint}, supplied with this import: a different key than the "
                f"one you trust for {who} (if the issuer changed its keys, trust the new one in the wallet's "
                "trusted issuer keys)"
            )
        return
    card.reasons.append("unknown-kid")
    if pinned is not None:
        card.reason_texts["unknown-kid"] = f"signed with a key id that is not among the keys you trust for {who}"


def _check_times(card: _Card, now: datetime) -> tuple[float | None, float | None]:
    nbf = _epoch(card.payload.get("nbf"))
    exp = _epoch(card.payload.get("exp"))
    stamp = now.timestamp()
    if nbf is None:
        card.reasons.append("missing-nbf")
    elif nbf > MS_THRESHOLD:
        card.reasons.append("nbf-milliseconds")
        nbf = nbf / 1000.0
    elif nbf > stamp + 300:  # five minutes of clock skew
        card.reasons.append("not-yet-valid")
    if exp is not None:
        if exp > MS_THRESHOLD:
            exp = exp / 1000.0
            card.notes.append("exp was in milliseconds")
        if exp <= stamp:
            card.reasons.append("expired")
    return nbf, exp


def _check_revocation(card: _Card, context: ImportContext, nbf: float | None) -> None:
    """Check the card's ``rid`` against the list supplied with this import, or else the one kept for its issuer.

    A supplied list is used for this import only and never kept (keeping one is ``issuers trust --crl``);
    lists earlier versions cached by themselves (``shc-crl:``) are never read (issue 14).
    """
    iss = str(card.payload.get("iss") or "")
    kid = card.header.get("kid")
    rid = card.payload["vc"].get("rid")
    crl: issuers.RevocationList | None = None
    supplied = context.options.get("crl")
    if supplied:
        crl = load_crl(supplied)
        card.revocation_source = "supplied"
    elif iss and isinstance(kid, str):
        pinned = issuers.trusted(context.cache, iss)
        kept = pinned.crl(kid) if pinned is not None else None
        if kept is not None:
            crl = kept
            card.revocation_source = "trusted"
            card.notes.append(
                f"revocation checked against the list you keep for {iss}: {kept.describe()}, "
                f"kept {kept.kept_at or 'at an unknown time'}"
            )
    if crl is None:
        card.revocation = "not checked (no revocation list)" if rid else "not applicable (card has no rid)"
        return
    if crl.kid and crl.kid != kid:
        card.revocation = "not checked (the revocation list is for another key)"
        return
    if not isinstance(rid, str):
        card.revocation = "not applicable (card has no rid)"
        return
    for entry in crl.rids:
        base, _, stamp = entry.partition(".")
        if base != rid:
            continue
        # "rid.timestamp": cards issued before the timestamp are revoked.
        if not stamp or nbf is None or (stamp.isdigit() and nbf < int(stamp)):
            card.revocation = "revoked"
            card.reasons.append("revoked")
            return
    card.revocation = "not revoked"


def _verification(card: _Card, context: ImportContext, now: datetime) -> dict[str, Any]:
    nbf, exp = _check_times(card, now)
    if "vc" in card.payload:
        _check_revocation(card, context, nbf)
    codes = list(dict.fromkeys(card.reasons))
    verified = not codes and card.signature == "valid"
    who = card.payload.get("iss") or "its issuer"
    if verified and card.key_source == "trusted":
        reason = f"verified with trusted key {card.key_fingerprint} of {who}"
    elif verified:
        reason = f"verified with the key supplied with this import ({card.key_fingerprint}); it is not kept for later"
    else:
        reason = "; ".join(card.reason_texts.get(c) or REASON_TEXT.get(c, c) for c in codes)
    result: dict[str, Any] = {
        "status": "verified" if verified else "unverified",
        "reason": reason,
        "reasons": codes,
        "iss": card.payload.get("iss"),
        "kid": card.header.get("kid"),
        "checked_at": now.replace(microsecond=0).isoformat(),
        "signature": card.signature,
        "nbf": _iso(nbf),
        "exp": _iso(exp),
        "expired": "expired" in codes,
        "revocation": card.revocation,
        "revocation_source": card.revocation_source,
        "rid": card.payload["vc"].get("rid"),
        "types": card.payload["vc"].get("type", []),
        "notes": card.notes,
        "key_source": card.key_source,
        "key_fingerprint": card.key_fingerprint,
    }
    result["summary"] = describe_verification(result)
    return result


# --------------------------------------------------------------------------- records


def _coding(concept: Any) -> tuple[str | None, str | None, str | None]:
    if isinstance(concept, dict):
        for c in concept.get("coding", []) or []:
            if isinstance(c, dict) and (c.get("code") or c.get("display")):
                return c.get("system"), c.get("code"), c.get("display") or concept.get("text")
        if concept.get("text"):
            return None, None, str(concept["text"])
    return None, None, None


def _when(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), datetime.min.time(), UTC)
        if len(value) == 7:
            return datetime.combine(date.fromisoformat(value + "-01"), datetime.min.time(), UTC)
        if len(value) == 4:
            return datetime(int(value), 1, 1, tzinfo=UTC)
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _date_only(value: Any) -> bool:
    """True for a FHIR ``date`` (year, year-month or day): no time of day."""
    return isinstance(value, str) and 0 < len(value) <= 10


def _person_hint(resource: dict[str, Any], key: str) -> PersonHint:
    names = resource.get("name") or []
    first = names[0] if names and isinstance(names[0], dict) else {}
    given = " ".join(str(g) for g in first.get("given", []) or [])
    family = first.get("family")
    full = first.get("text") or " ".join(p for p in (given, family or "") if p) or None
    birth = None
    if isinstance(resource.get("birthDate"), str):
        try:
            birth = date.fromisoformat(resource["birthDate"][:10])
        except ValueError:
            birth = None
    idents = [
        f"{i.get('system', '')}|{i.get('value')}"
        for i in resource.get("identifier", []) or []
        if isinstance(i, dict) and i.get("value")
    ]
    return PersonHint(
        subject_key=key,
        name=full,
        given=given or None,
        family=family,
        birth_date=birth,
        sex=resource.get("gender"),
        identifiers=idents,
    )


def _patient_facts(payload: Any) -> str:
    """The Patients of a card's Bundle as one comparable text (names and birth dates)."""
    vc = payload.get("vc") if isinstance(payload, dict) else None
    subject = vc.get("credentialSubject") if isinstance(vc, dict) else None
    bundle = subject.get("fhirBundle") if isinstance(subject, dict) else None
    entries = bundle.get("entry") if isinstance(bundle, dict) else None
    resources = [e["resource"] for e in entries or [] if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    patients = [r for r in resources if r.get("resourceType") == "Patient"]
    return json.dumps([[p.get("name"), p.get("birthDate")] for p in patients], sort_keys=True, default=str)


def bundle_records(bundle: dict[str, Any], provenance: Provenance, key_prefix: str) -> Iterator[Record]:
    """Simple records from a card's FHIR Bundle, for when no FHIR connector is at hand."""
    entries = [e for e in bundle.get("entry", []) or [] if isinstance(e, dict) and isinstance(e.get("resource"), dict)]
    patients = {
        str(e.get("fullUrl")): f"{key_prefix}{e.get('fullUrl')}"
        for e in entries
        if e["resource"].get("resourceType") == "Patient"
    }
    for index, entry in enumerate(entries):
        res: dict[str, Any] = entry["resource"]
        rtype = str(res.get("resourceType") or "Resource")
        full_url = str(entry.get("fullUrl") or f"entry:{index}")
        ref = (res.get("patient") or res.get("subject") or {}).get("reference") if rtype != "Patient" else full_url
        subject_key = patients.get(str(ref)) if ref else None
        prov = provenance.model_copy(update={"original_id": full_url})
        base: dict[str, Any] = {
            "payload": res,
            "provenance": prov,
            "subject_key": subject_key,
            "tags": ["smart-health-card"],
        }
        if rtype == "Patient":
            hint = _person_hint(res, patients[full_url])
            yield Record(
                domain=Domain.PROFILE,
                kind="Patient",
                title=f"Patient: {hint.name or 'unnamed'}",
                person_hint=hint,
                start=None,
                **base,
            )
            continue
        if rtype == "Immunization":
            system, code, display = _coding(res.get("vaccineCode"))
            name = display or CVX.get(code or "") or (f"CVX {code}" if code else "vaccine")
            performers = [
                str((p.get("actor") or {}).get("display"))
                for p in res.get("performer", []) or []
                if isinstance(p, dict) and (p.get("actor") or {}).get("display")
            ]
            text = "; ".join(filter(None, [f"lot {res['lotNumber']}" if res.get("lotNumber") else "", *performers]))
            yield Record(
                domain=Domain.HEALTH,
                kind="Immunization",
                title=f"Immunization: {name}",
                start=_when(res.get("occurrenceDateTime")),
                date_only=_date_only(res.get("occurrenceDateTime")),
                code_system=system,
                code=code,
                code_display=display or CVX.get(code or ""),
                text=text or None,
                **base,
            )
            continue
        system, code, display = _coding(res.get("code") or res.get("type") or res.get("vaccineCode"))
        value = unit = None
        quantity = res.get("valueQuantity")
        if isinstance(quantity, dict) and isinstance(quantity.get("value"), int | float):
            value = float(quantity["value"])
            unit = quantity.get("unit") or quantity.get("code")
        raw_start = (
            res.get("effectiveDateTime")
            or res.get("occurrenceDateTime")
            or (res.get("collection") or {}).get("collectedDateTime")
            or res.get("issued")
        )
        start = _when(raw_start)
        label = display or code or rtype
        yield Record(
            domain=Domain.HEALTH,
            kind=rtype,
            title=f"{rtype}: {label}",
            start=start,
            date_only=start is not None and _date_only(raw_start),
            value=value,
            unit=unit,
            code_system=system,
            code=code,
            code_display=display,
            **base,
        )


# --------------------------------------------------------------------------- connector


def _sniff(text: str) -> str | None:
    """'file', 'qr', 'jws', 'payload', 'shlink' or None, from the first characters."""
    body = text.lstrip("\ufeff \t\r\n")
    if body.startswith("shc:"):
        return "qr"
    if body.startswith("shlink:/") or "#shlink:/" in body[:300]:
        return "shlink"
    if body.startswith("eyJ") and body.count(".") >= 2:
        return "jws"
    if body.startswith("{"):
        compact = re.sub(r"\s+", "", body[:4000])
        if compact.startswith('{"verifiableCredential":') or '"verifiableCredential":[' in compact:
            return "file"
        if '"vc":{' in compact and '"credentialSubject"' in compact and '"iss"' in compact:
            return "payload"
    return None


class SmartHealthCardConnector(Connector):
    """SMART Health Cards (``.smart-health-card`` files, ``shc:/`` QR text, compact JWS).

    The signature is checked offline against a JWKS you give (``options["jwks"]``)
    or the keys you trust for its issuer; each record says what was found in
    ``provenance.verification``.
    """

    id = "smart_health_card"
    name = "SMART Health Card"
    version = "1"
    domains = (Domain.HEALTH, Domain.PROFILE)
    accepts = "SMART Health Card files (.smart-health-card), shc:/ QR text, or a compact JWS"
    extensions = (".smart-health-card", ".txt", ".jws")
    max_size = MAX_INPUT  # refused by its size before it is hashed or read

    def identify(self, source: Source) -> bool:
        """A ``.smart-health-card`` file, text starting with ``shc:/``, a JWS with ``zip``/``ES256``, or a bare
        SHC payload; also SMART Health Links, so the user is told why they cannot be imported."""
        try:
            kind = _sniff(source.head_text()[:8192])
        except Exception:
            return False
        if kind == "jws":
            head = source.head_text().lstrip("\ufeff \t\r\n")
            try:
                header = json.loads(_b64url(head.split(".", 1)[0], "header"))
            except (ConnectorError, ValueError, UnicodeDecodeError):
                return False
            return isinstance(header, dict) and header.get("alg") == "ES256" and "kid" in header
        if kind is None and source.suffix == ".smart-health-card":
            return '"verifiableCredential"' in source.head_text()[:8192]
        return kind is not None

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        """The Connector contract: the FHIR records in each card, its signature check kept in their provenance."""
        data = source.read_bytes(limit=MAX_INPUT)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ConnectorError(f"{source.name}: not a SMART Health Card (not UTF-8 text)") from exc
        try:
            cards = self._cards(text)
        except ConnectorError as exc:
            raise ConnectorError(f"{source.name}: {exc}") from None
        try:
            now = _now(context)
        except ConnectorError as exc:
            raise ConnectorError(f"{source.name}: {exc}") from None
        prov_base = Provenance(**self.provenance(source))
        # Cards about the same person share their patient's key ("resource:0" on each card); another
        # person's cards get their own. A patient may fill an empty holder only when all cards name one.
        facts = [_patient_facts(card.payload) for card, _, _ in cards]
        sole = len(set(facts)) == 1
        for index, (card, signing_input, signature) in enumerate(cards):
            try:
                if signature is not None:
                    _check_signature(card, signing_input, signature, context)
                verification = _verification(card, context, now)
            except ConnectorError as exc:
                raise ConnectorError(f"{source.name}: {exc}") from None
            subject = card.payload["vc"].get("credentialSubject")
            bundle = subject.get("fhirBundle") if isinstance(subject, dict) else None
            if not isinstance(bundle, dict) or bundle.get("resourceType") != "Bundle":
                raise ConnectorError(f"{source.name}: card {index + 1} holds no FHIR Bundle")
            warnings = [] if verification["status"] == "verified" else [f"not verified: {verification['reason']}"]
            prov = prov_base.model_copy(update={"verification": verification, "warnings": warnings})
            first = facts.index(facts[index])
            yield from self._records(bundle, prov, source, index, context, sole, f"card{first}/" if first else "")

    def _records(
        self,
        bundle: dict[str, Any],
        prov: Provenance,
        source: Source,
        index: int,
        context: ImportContext,
        sole: bool = True,
        person_prefix: str = "",
    ) -> Iterator[Record | SkippedItem]:
        prefix = f"card{index}/" if index else ""
        if context.delegate is None:
            yield from bundle_records(bundle, prov, prefix)
            return
        data = json.dumps(bundle, ensure_ascii=False).encode("utf-8")
        nested = Source(data=data, name=f"{source.name}#card{index + 1}.json")
        for rec in context.delegate("fhir", nested):
            if not isinstance(rec, Record):  # a skipped item (the FHIR reader yields no sample streams)
                if isinstance(rec, SkippedItem):
                    yield rec
                continue
            merged = prov.model_copy(
                update={
                    "original_id": rec.provenance.original_id,
                    "warnings": [*prov.warnings, *rec.provenance.warnings],
                }
            )
            update: dict[str, Any] = {"provenance": merged, "tags": [*rec.tags, "smart-health-card"]}
            if person_prefix and rec.subject_key:  # another person's card: its "resource:0" is not the first's
                update["subject_key"] = person_prefix + rec.subject_key
            if rec.person_hint is not None:
                hint = rec.person_hint
                update["person_hint"] = hint.model_copy(
                    update={"subject_key": person_prefix + hint.subject_key, "sole": hint.sole and sole}
                )
            if rec.kind == "Immunization" and not rec.code_display and rec.code in CVX:
                # Cards carry bare CVX codes; name the vaccine so the record reads well.
                update["code_display"] = CVX[rec.code]
                if rec.title in ("Immunization", ""):
                    update["title"] = f"Immunization: {CVX[rec.code]}"
            yield rec.model_copy(update=update)

    def _cards(self, text: str) -> list[tuple[_Card, str, bytes | None]]:
        kind = _sniff(text)
        reasons: list[str] = []
        body = text[:-1] if text.endswith("\n") else text
        body = body[:-1] if body.endswith("\r") else body
        if body != body.strip() or body.startswith("\ufeff"):
            reasons.append("trailing-characters")
        body = body.strip().lstrip("\ufeff").strip()
        if kind == "shlink":
            raise ConnectorError("SMART Health Links (shlink:/) are not supported: they fetch data over the network")
        if kind == "qr":
            tokens = qr_to_jws([line.strip() for line in body.splitlines() if line.strip()])
        elif kind == "jws":
            tokens = [body]
        elif kind == "file":
            try:
                doc = json.loads(body)
            except json.JSONDecodeError as exc:
                raise ConnectorError(f"not valid JSON ({exc.msg} at line {exc.lineno})") from exc
            vcs = doc.get("verifiableCredential") if isinstance(doc, dict) else None
            if not isinstance(vcs, list) or not vcs or not all(isinstance(v, str) for v in vcs):
                raise ConnectorError("'verifiableCredential' must be a non-empty list of JWS strings")
            if len(vcs) > 100:
                raise ConnectorError("more than 100 cards in one file")
            tokens = vcs
        elif kind == "payload":
            card_reasons = [*reasons, "unsigned"]
            return [(_Card(_parse_payload(body.encode("utf-8"), card_reasons), None, card_reasons), "", None)]
        else:
            hint = ""
            if '"resourceType"' in text[:2000]:
                hint = " (it looks like plain FHIR JSON: import it with the fhir connector)"
            elif '"url"' in text[:500] and '"key"' in text[:500]:
                hint = " (it looks like a SMART Health Link payload, which needs the network)"
            raise ConnectorError(f"not a SMART Health Card{hint}")
        out: list[tuple[_Card, str, bytes | None]] = []
        for token in tokens:
            card, signing_input, signature = _decode_jws(token, reasons)
            out.append((card, signing_input, signature))
        return out
