"""The emergency summary as a self-issued SMART Health Card.

The card is signed with the holder's own key (:func:`wallet.store.signing_keys.holder_key`),
not by a clinic or a state registry, so a verifier app will not find the issuer
in any trust directory: the printout says so next to the QR code.

Payload ``{iss, nbf, vc: {type: [health-card], credentialSubject: {fhirVersion, fhirBundle}}}``,
minified, raw DEFLATE, JWS compact with header ``{alg: ES256, kid, zip: DEF}``,
one ``shc:/`` numeric QR code of at most version :data:`MAX_VERSION` (smaller than the
framework's single-QR limit of 1195 characters, version 22, so that it reads at 150 dpi).

``iss`` is a URL the holder controls when they set one (:func:`set_issuer_url`; they publish
:func:`public_jwks` at ``<iss>/.well-known/jwks.json``), else an ``.invalid`` URL that says the
key is not published; the printout carries the key's fingerprint either way.
"""

from __future__ import annotations

import functools
import json
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wallet import jose
from wallet.errors import WalletError
from wallet.features.emergency.content import EmergencyItem, EmergencySummary, Section
from wallet.features.emergency.labels import Lang, both

if TYPE_CHECKING:
    from joserfc.jwk import ECKey

    from wallet.store.vault import Vault

HEALTH_CARD = "https://smarthealth.cards#health-card"
MAX_JWS = 1195
ISSUER_PREFIX = "https://mydata-wallet.invalid/self-issued/"
"""``iss`` of a self-issued card whose holder published no key: an ``.invalid`` URL (RFC 2606)
plus the key thumbprint, so no verifier can mistake it for a hosted issuer."""


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


CLINICAL_ALLERGY = "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"
VERIFICATION_ALLERGY = "http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"
CLINICAL_CONDITION = "http://terminology.hl7.org/CodeSystem/condition-clinical"
REACTION_SEVERITIES = frozenset({"mild", "moderate", "severe"})


def _status(system: str, code: str) -> dict[str, Any]:
    return {"coding": [{"system": system, "code": code}]}


def _allergy_resource(a: EmergencyItem, subject: dict[str, str], limit: int | None) -> dict[str, Any]:
    """An R4 4.0.1 AllergyIntolerance that says what was recorded, and no more.

    ``clinicalStatus`` is always present (R4 invariant ait-1: it SHALL be present unless the
    verification status is entered-in-error, which the summary never holds); the verification
    status only when a source recorded it.  ``criticality`` is copied only when it was recorded as
    criticality: a reaction's severity (mild/moderate/severe) is a different fact and goes into
    ``reaction.severity`` with the manifestations, or into a note when no reaction was written down.
    """
    clinical = a.clinical_status if a.clinical_status in {"active", "inactive", "resolved"} else "active"
    res: dict[str, Any] = {
        "resourceType": "AllergyIntolerance",
        "clinicalStatus": _status(CLINICAL_ALLERGY, clinical),
    }
    if a.verification_status in {"unconfirmed", "confirmed"}:
        res["verificationStatus"] = _status(VERIFICATION_ALLERGY, a.verification_status)
    res["code"] = _concept(a, limit)
    res["patient"] = subject
    if a.criticality in {"high", "low", "unable-to-assess"}:
        res["criticality"] = a.criticality
    reactions = []
    for r in a.reactions:
        if not r.manifestations:
            continue
        reaction: dict[str, Any] = {"manifestation": [{"text": _short(m, limit)} for m in r.manifestations]}
        if r.severity in REACTION_SEVERITIES:
            reaction["severity"] = r.severity
        reactions.append(reaction)
    if reactions:
        res["reaction"] = reactions
    elif a.severity in REACTION_SEVERITIES:
        res["note"] = [{"text": f"severity of reactions as recorded: {a.severity}"}]
    return res


def fhir_bundle(
    summary: EmergencySummary, items: list[EmergencyItem] | None = None, limit: int | None = None
) -> dict[str, Any]:
    """A minimal FHIR R4 4.0.1 collection Bundle (SHC style ``resource:N`` references) of the summary.

    ``items`` chooses which items go in (all by default); ``limit`` shortens long names and
    dose texts (with an ellipsis) so the card fits one QR code.  Minimised as the SMART Health
    Cards framework asks: no ``Resource.id``, ``meta``, narrative or ``Coding.display``.  The
    ``CodeableConcept.text`` stays: hand-entered items have no code, and a reader needs words.
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

    for a in pick(Section.ALLERGIES):
        add(_allergy_resource(a, subject, limit))
    for m in [i for i in chosen if i.section in (Section.MEDICATIONS,)]:
        res: dict[str, Any] = {
            "resourceType": "MedicationStatement",
            "status": "active",
            "medicationCodeableConcept": _concept(m, limit),
            "subject": subject,
        }
        if m.detail:
            res["dosage"] = [{"text": _short(m.detail, limit)}]
        add(res)
    for p in pick(Section.PROBLEMS):
        clinical = p.clinical_status if p.clinical_status in {"active", "recurrence", "relapse"} else "active"
        add(
            {
                "resourceType": "Condition",
                "clinicalStatus": _status(CLINICAL_CONDITION, clinical),
                "code": _concept(p, limit),
                "subject": subject,
            }
        )
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
    for d in [i for i in chosen if i.section == Section.DEVICES]:
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
        # occurrence[x] is required in R4
        if imm.when:
            res["occurrenceDateTime"] = imm.when.isoformat()
        else:
            res["occurrenceString"] = "date not recorded"
        add(res)
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


def payload(
    summary: EmergencySummary,
    iss: str,
    nbf: int,
    items: list[EmergencyItem] | None = None,
    limit: int | None = None,
) -> bytes:
    """The SMART Health Card JWT payload (issuer ``iss``, valid from ``nbf``) with the summary as a FHIR bundle."""
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
    """Raw DEFLATE (no zlib header), as SMART Health Cards compress their payload before signing."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    return compressor.compress(data) + compressor.flush()


def sign(raw_payload: bytes, key: ECKey, kid: str) -> str:
    """Compact JWS of the DEFLATE-compressed payload, header ``{alg: ES256, kid, zip: DEF}``."""
    return jose.sign_compact(deflate_raw(raw_payload), key, kid=kid, compressed=True)


# What goes into a card first when not everything fits one QR code: allergies, then the
# medications (and devices, for an auto-injector) that matter in an emergency, then active
# problems; after those the blood type, other medications, contacts, devices, immunizations.
PRIORITY = (
    Section.ALLERGIES,
    "urgent",
    Section.PROBLEMS,
    Section.BLOOD_TYPE,
    Section.MEDICATIONS,
    Section.CONTACTS,
    Section.DEVICES,
    Section.IMMUNIZATIONS,
)
SHORT_TEXT = 60
MAX_VERSION = 20
"""The largest QR version a card may take: 97 modules, so that at the printed size (about
62 mm) each module is 0.64 mm, 3.8 pixels of a 150 dpi scan, which zbar and ZXing read."""


def ordered_items(summary: EmergencySummary) -> list[EmergencyItem]:
    """The summary's items in the order of :data:`PRIORITY` (what goes into a card first)."""
    from wallet.features.emergency.critical import is_emergency_medication

    out: list[EmergencyItem] = []
    for sec in PRIORITY:
        if sec == "urgent":
            found = [
                i
                for i in summary.items
                if i.section in (Section.MEDICATIONS, Section.DEVICES) and is_emergency_medication(i)
            ]
        else:
            found = summary.section(Section(sec))
        out += [i for i in found if i not in out]
    return out


@functools.cache
def max_jws_chars(max_version: int = MAX_VERSION) -> int:
    """The longest JWS whose ``shc:/`` QR code (error correction L) is at most ``max_version``.

    From the QR code's capacity (ISO/IEC 18004 table 7, as segno has it) and the two segments'
    bit lengths: ``shc:/`` in byte mode, then two digits per JWS character in numeric mode.
    """
    from segno import consts

    table: dict[int, dict[int, int]] = consts.SYMBOL_CAPACITY  # type: ignore[assignment]
    capacity = int(table[max_version][consts.ERROR_LEVEL_L])
    byte_count = 8 if max_version < 10 else 16
    numeric_count = 10 if max_version < 10 else 12 if max_version < 27 else 14

    def bits(n: int) -> int:
        digits = 2 * n
        return 4 + byte_count + 8 * len("shc:/") + 4 + numeric_count + 10 * (digits // 3) + (0, 4, 7)[digits % 3]

    n = 0
    while bits(n + 1) <= capacity:
        n += 1
    return n


def fits(token: str, max_version: int = MAX_VERSION) -> bool:
    """Whether the card's ``shc:/`` QR code is at most ``max_version``."""
    return len(token) <= max_jws_chars(max_version)


class CardResult:
    """A signed card (``jws``) or why there is none (``note``).

    ``left_out_items``: what did not fit the QR code (in priority order), ``shortened``: long
    texts were cut to :data:`SHORT_TEXT` characters, ``kid``/``iss``: the key and the issuer.
    """

    def __init__(
        self,
        jws: str | None,
        note: str | None = None,
        left_out: int = 0,
        *,
        left_out_items: list[EmergencyItem] | None = None,
        shortened: bool = False,
        kid: str | None = None,
        iss: str | None = None,
    ) -> None:
        self.jws = jws
        self.note = note
        self.left_out_items = left_out_items or []
        self.left_out = left_out or len(self.left_out_items)
        self.shortened = shortened
        self.kid = kid
        self.iss = iss

    @property
    def published(self) -> bool:
        """Whether ``iss`` is a URL the holder chose (where a verifier can fetch the key)."""
        return bool(self.iss) and not str(self.iss).startswith(ISSUER_PREFIX)


def make_card(
    summary: EmergencySummary,
    key: ECKey,
    kid: str,
    iss: str | None = None,
    now: datetime | None = None,
    max_version: int = MAX_VERSION,
) -> CardResult:
    """Sign the summary; when it is too big for one QR code of ``max_version``, take items in
    the order of :data:`PRIORITY` while they fit (texts shortened only if that fits more)."""
    iss = iss or ISSUER_PREFIX + kid
    nbf = int((now or datetime.now(UTC)).timestamp())
    token = sign(payload(summary, iss, nbf), key, kid)
    if fits(token, max_version):
        return CardResult(token, kid=kid, iss=iss)
    candidates = ordered_items(summary)

    def greedy(limit: int | None) -> tuple[str | None, list[EmergencyItem]]:
        empty = sign(payload(summary, iss, nbf, [], limit), key, kid)
        if not fits(empty, max_version):
            return None, candidates
        chosen: list[EmergencyItem] = []
        best = empty
        for item in candidates:
            trial = sign(payload(summary, iss, nbf, [*chosen, item], limit), key, kid)
            if fits(trial, max_version):
                chosen.append(item)
                best = trial
        return best, [i for i in candidates if i not in chosen]

    best, left = greedy(None)
    shortened = False
    if left:
        short_best, short_left = greedy(SHORT_TEXT)
        if short_best is not None and (best is None or len(short_left) < len(left)):
            best, left, shortened = short_best, short_left, True
    if best is None:
        return CardResult(None, note="the summary does not fit one SMART Health Card QR code", kid=kid, iss=iss)
    return CardResult(best, left_out_items=left, shortened=shortened, kid=kid, iss=iss)


ISS_SETTING = "emergency-shc-iss"
"""Where the holder's own ``iss`` URL is kept (the vault's encrypted ``kv`` table)."""


class IssuerUrlError(WalletError):
    """An ``iss`` URL that a SMART Health Card verifier could not use."""


def check_iss(url: str) -> str:
    """``url`` if it can be a SMART Health Card ``iss``: https, a host, no trailing slash, query or fragment.

    A verifier fetches ``<iss>/.well-known/jwks.json``.
    """
    from urllib.parse import urlsplit

    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname:
        raise IssuerUrlError(f"the issuer URL must start with https:// and name a host (got {url!r})")
    if parts.query or parts.fragment or url.endswith("/"):
        raise IssuerUrlError("the issuer URL must not end with / or carry ?query or #fragment")
    if parts.hostname.endswith((".invalid", ".example", ".test", ".localhost")) or parts.hostname == "localhost":
        raise IssuerUrlError(f"{parts.hostname} cannot be reached by a verifier; use a URL you publish files under")
    if len(url) > 200 or any(c.isspace() for c in url):
        raise IssuerUrlError("the issuer URL is too long or has spaces")
    return url


def issuer_url(vault: Vault) -> str | None:
    """The ``iss`` URL the holder set (``mydata-wallet emergency issuer-key --iss URL``), or None."""
    value = vault.cache_get(ISS_SETTING)
    return value if isinstance(value, str) and value else None


def set_issuer_url(vault: Vault, url: str | None) -> str | None:
    """Keep (or with None, forget) the holder's ``iss`` URL; checked first."""
    if url is None:
        vault.cache_delete(ISS_SETTING)
        return None
    checked = check_iss(url)
    vault.cache_set(ISS_SETTING, checked)
    return checked


def jwks_url(iss: str) -> str:
    """Where a SMART Health Card verifier looks for the public keys of issuer ``iss``."""
    return iss + "/.well-known/jwks.json"


def fingerprint(kid: str) -> str:
    """The key fingerprint as printed: the ``kid`` (RFC 7638 thumbprint) in groups of four."""
    return " ".join(kid[i : i + 4] for i in range(0, len(kid), 4))


def holder_card(
    vault: Vault,
    summary: EmergencySummary,
    key_source: Callable[[Vault], ECKey] | None = None,
    max_version: int = MAX_VERSION,
) -> CardResult:
    """The summary signed with the holder's key, or a note saying why there is no card."""
    if key_source is None:
        from wallet.store.signing_keys import holder_key

        key_source = holder_key
    try:
        key = key_source(vault)
    except Exception as exc:  # the key store is another module's; report, do not crash the printout
        return CardResult(None, note=f"the holder's signing key could not be loaded ({type(exc).__name__})")
    kid = jose.key_thumbprint(key)
    return make_card(summary, key, kid, iss=issuer_url(vault), max_version=max_version)


def public_jwks(key: ECKey) -> dict[str, Any]:
    """The JWKS a verifier needs to check a self-issued card (the public key only)."""
    return {"keys": [jose.public_jwk(key)]}


def left_out_words(items: list[EmergencyItem], max_names: int = 8) -> str:
    """What a card left out, in words: names first (in priority order), then a count."""
    names = [_short(i.text, 40) for i in items[:max_names]]
    if len(items) > max_names:
        names.append(f"+{len(items) - max_names}")
    return ", ".join(names)


def beside_lines(card: CardResult, lang: Lang) -> list[str]:
    """What the printout says next to the card's QR code: the key's fingerprint, where the key
    is published (or that it is not), and what the code leaves out."""
    lines: list[str] = []
    if card.kid:
        lines.append(f"{both('shc_fingerprint', lang)}: {fingerprint(card.kid)}")
    if card.published and card.iss:
        lines.append(f"{both('shc_key_at', lang)}: {jwks_url(card.iss)}")
    else:
        lines.append(both("shc_key_unpublished", lang))
    if card.left_out_items:
        lines.append(f"{both('shc_left_out', lang)}: {left_out_words(card.left_out_items)}")
    else:
        lines.append(both("shc_all_in", lang))
    if card.shortened:
        lines.append(both("shc_shortened", lang))
    return lines
