"""The emergency summary as a self-issued SMART Health Card.

The card is signed with the holder's own key (:func:`wallet.share.signing.holder_key`),
not by a clinic or a state registry, so a verifier app will not find the issuer
in any trust directory: the printout says so next to the QR code.

Payload ``{iss, nbf, vc: {type: [health-card], credentialSubject: {fhirVersion, fhirBundle}}}``,
minified, raw DEFLATE, JWS compact with header ``{alg: ES256, kid, zip: DEF}``,
one ``shc:/`` numeric QR code (at most :data:`MAX_JWS` characters, the
single-QR limit of the SMART Health Cards framework).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from wallet.emergency.content import EmergencyItem, EmergencySummary, Section

HEALTH_CARD = "https://smarthealth.cards#health-card"
MAX_JWS = 1195
ISSUER_PREFIX = "https://mydata-wallet.invalid/self-issued/"
"""``iss`` of a self-issued card: an ``.invalid`` URL (RFC 2606) plus the key thumbprint,
so no verifier can mistake it for a hosted issuer."""


def _ref(n: int) -> str:
    return f"resource:{n}"


def _short(text: str, limit: int | None) -> str:
    text = " ".join(text.split())
    return text if limit is None or len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _concept(item: EmergencyItem, limit: int | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"text": _short(item.text, limit)}
    if item.code and item.code_system and item.code_system.startswith("http"):
        out["coding"] = [{"system": item.code_system, "code": item.code}]
    return out


def fhir_bundle(
    summary: EmergencySummary, items: list[EmergencyItem] | None = None, limit: int | None = None
) -> dict[str, Any]:
    """A minimal FHIR R4 collection Bundle (SHC style ``resource:N`` references) of the summary.

    ``items`` chooses which items go in (all by default); ``limit`` shortens long names and
    dose texts (with an ellipsis) so the card fits one QR code.
    """
    chosen = summary.items if items is None else items
    ids = {i.id for i in chosen}

    def pick(section: Section) -> list[EmergencyItem]:
        return [i for i in summary.section(section) if i.id in ids]

    entries: list[dict[str, Any]] = []
    patient: dict[str, Any] = {"resourceType": "Patient"}
    name = summary.single(Section.NAME)
    if name:
        patient["name"] = [{"text": name.text}]
    born = summary.single(Section.BIRTH_DATE)
    if born:
        patient["birthDate"] = born.text
    sex = summary.single(Section.SEX)
    if sex and sex.text in {"male", "female", "other", "unknown"}:
        patient["gender"] = sex.text
    contacts = pick(Section.CONTACTS)
    if contacts:
        patient["contact"] = []
        for c in contacts:
            contact: dict[str, Any] = {"name": {"text": _short(c.text, limit)}}
            if c.phone:
                contact["telecom"] = [{"system": "phone", "value": c.phone}]
            patient["contact"].append(contact)
    entries.append({"fullUrl": _ref(0), "resource": patient})
    subject = {"reference": _ref(0)}

    def add(resource: dict[str, Any]) -> None:
        entries.append({"fullUrl": _ref(len(entries)), "resource": resource})

    for blood in pick(Section.BLOOD_TYPE):
        add(
            {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "882-1"}]},
                "subject": subject,
                "valueString": blood.text,
            }
        )
    for a in pick(Section.ALLERGIES):
        res: dict[str, Any] = {"resourceType": "AllergyIntolerance", "code": _concept(a, limit), "patient": subject}
        if a.severity in {"high", "low", "unable-to-assess"}:
            res["criticality"] = a.severity
        elif a.severity in {"mild", "moderate", "severe"}:
            res["criticality"] = "high" if a.severity == "severe" else "low"
        add(res)
    for p in pick(Section.PROBLEMS):
        add({"resourceType": "Condition", "code": _concept(p, limit), "subject": subject})
    for m in pick(Section.MEDICATIONS):
        res = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": _concept(m, limit),
            "subject": subject,
        }
        if m.detail:
            res["dosage"] = [{"text": _short(m.detail, limit)}]
        add(res)
    for d in pick(Section.DEVICES):
        add(
            {
                "resourceType": "Device",
                "deviceName": [{"name": _short(d.text, limit), "type": "user-friendly-name"}],
                "patient": subject,
            }
        )
    for imm in pick(Section.IMMUNIZATIONS):
        res = {
            "resourceType": "Immunization",
            "status": "completed",
            "vaccineCode": _concept(imm, limit),
            "patient": subject,
        }
        if imm.when:
            res["occurrenceDateTime"] = imm.when.isoformat()
        add(res)
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def payload(
    summary: EmergencySummary,
    iss: str,
    nbf: int,
    items: list[EmergencyItem] | None = None,
    limit: int | None = None,
) -> bytes:
    card = {
        "iss": iss,
        "nbf": nbf,
        "vc": {
            "type": [HEALTH_CARD],
            "credentialSubject": {"fhirVersion": "4.0.1", "fhirBundle": fhir_bundle(summary, items, limit)},
        },
    }
    return json.dumps(card, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def deflate_raw(data: bytes) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def sign(raw_payload: bytes, key: Any, kid: str) -> str:
    """Compact JWS of the DEFLATE-compressed payload, header ``{alg: ES256, kid, zip: DEF}``."""
    from joserfc import jws
    from joserfc.jws import JWSRegistry
    from joserfc.registry import HeaderParameter

    registry = JWSRegistry(header_registry={"zip": HeaderParameter("compression", "str")}, algorithms=["ES256"])
    header = {"alg": "ES256", "kid": kid, "zip": "DEF"}
    token: str = jws.serialize_compact(header, deflate_raw(raw_payload), key, algorithms=["ES256"], registry=registry)
    return token


# What goes into a card first when not everything fits one QR code.
PRIORITY = (
    Section.BLOOD_TYPE,
    Section.ALLERGIES,
    Section.MEDICATIONS,
    Section.PROBLEMS,
    Section.CONTACTS,
    Section.DEVICES,
    Section.IMMUNIZATIONS,
)
SHORT_TEXT = 60


class CardResult:
    """A signed card (``jws``) or why there is none (``note``); ``left_out``: items that did not fit."""

    def __init__(self, jws: str | None, note: str | None = None, left_out: int = 0) -> None:
        self.jws = jws
        self.note = note
        self.left_out = left_out


def make_card(
    summary: EmergencySummary,
    key: Any,
    kid: str,
    iss: str | None = None,
    now: datetime | None = None,
) -> CardResult:
    """Sign the summary; when it is too big for one QR code, shorten long texts and take
    items in order of :data:`PRIORITY` while they fit."""
    iss = iss or ISSUER_PREFIX + kid
    nbf = int((now or datetime.now(UTC)).timestamp())
    token = sign(payload(summary, iss, nbf), key, kid)
    if len(token) <= MAX_JWS:
        return CardResult(token)
    candidates = [i for sec in PRIORITY for i in summary.section(sec)]
    chosen: list[EmergencyItem] = []
    best = sign(payload(summary, iss, nbf, [], SHORT_TEXT), key, kid)
    if len(best) > MAX_JWS:
        return CardResult(None, note=f"the summary does not fit one SMART Health Card QR code ({MAX_JWS} characters)")
    for item in candidates:
        trial = sign(payload(summary, iss, nbf, [*chosen, item], SHORT_TEXT), key, kid)
        if len(trial) <= MAX_JWS:
            chosen.append(item)
            best = trial
    return CardResult(best, left_out=len(candidates) - len(chosen))


def holder_card(
    vault: Any,
    summary: EmergencySummary,
    key_source: Callable[[Any], Any] | None = None,
) -> CardResult:
    """The summary signed with the holder's key, or a note saying why there is no card."""
    if key_source is None:
        try:
            from wallet.share.signing import holder_key
        except ImportError:
            return CardResult(None, note="the holder's signing key is not available in this version")
        key_source = holder_key
    try:
        key = key_source(vault)
    except Exception as exc:  # the key store is another module's; report, do not crash the printout
        return CardResult(None, note=f"the holder's signing key could not be loaded ({type(exc).__name__})")
    kid = _thumbprint(key)
    return make_card(summary, key, kid)


def _thumbprint(key: Any) -> str:
    try:
        from wallet.share.signing import thumbprint

        return thumbprint(key.as_dict(private=False))
    except ImportError:  # pragma: no cover - signing ships with the wallet
        import base64
        import hashlib

        pub = key.as_dict(private=False)
        text = json.dumps({k: pub[k] for k in ("crv", "kty", "x", "y")}, sort_keys=True, separators=(",", ":"))
        return base64.urlsafe_b64encode(hashlib.sha256(text.encode()).digest()).rstrip(b"=").decode()


def public_jwks(key: Any) -> dict[str, Any]:
    """The JWKS a verifier needs to check a self-issued card (the public key only)."""
    pub = {k: v for k, v in key.as_dict(private=False).items() if k in ("crv", "kty", "x", "y")}
    pub.update({"kid": _thumbprint(key), "alg": "ES256", "use": "sig"})
    return {"keys": [pub]}
