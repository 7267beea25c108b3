"""Purpose templates, recipients and the share request.

A template preselects what one kind of recipient needs and nothing more; the
person then reviews and can untick any record or identifying field.  The
consent itself is never remembered: every share is asked anew.  Recipients
(name, organisation, optional public key for encryption) are remembered in
the vault under ``recipient:<name>``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from wallet.errors import WalletError

if TYPE_CHECKING:
    from wallet.store.vault import Vault

TemplateId = Literal["hospital", "insurance", "research", "prescreen", "custom"]


class ShareError(WalletError):
    """A share cannot be prepared or written as asked."""


@dataclass(frozen=True)
class Template:
    """A purpose a share is made for, and what it preselects for that kind of recipient."""

    id: str
    label: str
    description: str
    purpose_category: str
    """Written to the consent receipt's ``purposeCategory``."""
    default_omit: frozenset[str]
    """Identifying fields left out unless the person adds them."""
    output: str
    """What the bundle holds, in words (shown in the consent summary)."""
    offered: bool = True
    """Offered by the share wizard and ``mydata-wallet share``; False for a template only a feature starts
    (the trial pre-screen, from a study's checklist)."""


IDENTIFYING_FIELDS: dict[str, str] = {
    "name": "name",
    "birthDate": "birth date",
    "address": "address",
    "telecom": "phone numbers and e-mail",
    "identifier": "identifier numbers (national id, insurance, record numbers)",
    "notes": "free-text notes and narratives",
}

TEMPLATES: dict[str, Template] = {
    "hospital": Template(
        "hospital",
        "Hospital / referral",
        "An International Patient Summary (HL7 IPS FHIR document): problems, allergies and intolerances, "
        "medications; immunizations, results, procedures, devices and vital signs where known.",
        "Health care (referral to a hospital or doctor)",
        frozenset({"address", "telecom"}),
        "HL7 IPS FHIR document Bundle (data/ips.json)",
    ),
    "insurance": Template(
        "insurance",
        "Insurance claim",
        "The chosen encounters with their diagnoses, procedures and prescriptions, and the documents "
        "(receipts, invoices) linked to them.",
        "Insurance claim",
        frozenset({"address", "telecom", "notes"}),
        "FHIR resources (data/resources.ndjson), linked documents (documents/)",
    ),
    "research": Template(
        "research",
        "Research",
        "The chosen kinds of records over a date range, without name, address, phone, identifier "
        "numbers, birth date or free-text notes unless you add them.",
        "Research",
        frozenset({"name", "birthDate", "address", "telecom", "identifier", "notes"}),
        "FHIR resources (data/resources.ndjson) and other records (data/records.ndjson)",
    ),
    "prescreen": Template(
        "prescreen",
        "Clinical trial pre-screen",
        "The eligibility checklist of one study, with the values it was checked against and only the records "
        "those values came from; no name, address, phone, identifier numbers or notes unless you add them.",
        "Research (clinical trial pre-screen, at the person's request)",
        frozenset({"name", "address", "telecom", "identifier", "notes"}),
        "The checklist (data/summary.json) and the records it used (data/resources.ndjson, data/records.ndjson)",
        offered=False,
    ),
    "custom": Template(
        "custom",
        "Custom",
        "Any selection of domains, kinds, sources, dates and single records.",
        "Other (stated by the person)",
        frozenset({"address", "telecom"}),
        "FHIR resources (data/resources.ndjson), other records (data/records.ndjson), documents (documents/)",
    ),
}


OFFERED: tuple[str, ...] = tuple(t.id for t in TEMPLATES.values() if t.offered)
"""The templates a person picks from in the share wizard and ``mydata-wallet share``."""


def template(template_id: str) -> Template:
    """The template with this id; ShareError listing the valid ids otherwise."""
    try:
        return TEMPLATES[template_id]
    except KeyError:
        raise ShareError(f"no template {template_id!r} (one of: {', '.join(TEMPLATES)})") from None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Recipient(_Model):
    """Whom a share is for, remembered in the vault for next time."""

    name: str
    organisation: str | None = None
    jwk: dict[str, Any] | None = None
    """Public key (JWK, P-256) to encrypt the bundle for; None means not encrypted."""

    @property
    def cache_key(self) -> str:
        """Where the recipient is remembered in the vault's key/value table."""
        return recipient_key(self.name)

    @property
    def label(self) -> str:
        """The recipient as shown: name, and organisation in brackets when known."""
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


RECIPIENT_PREFIX = "recipient:"


def recipient_key(name: str) -> str:
    """The vault cache key of a recipient's name (case and spacing do not make another recipient)."""
    return RECIPIENT_PREFIX + " ".join(name.casefold().split())


class Selection(_Model):
    """Which records a share takes, beyond the template's own choice; empty fields do not filter."""

    domains: list[str] = Field(default_factory=list)
    kinds: list[str] = Field(default_factory=list)
    sources: list[str] = Field(default_factory=list)
    since: date | None = None
    until: date | None = None
    record_ids: list[str] = Field(default_factory=list)
    """Chosen single records: the encounters of an insurance claim, extra records of a custom share."""


class ShareRequest(_Model):
    """Everything the person asked for one share: template, person, recipient, purpose and selection."""

    template: TemplateId
    person_id: str
    recipient: Recipient
    purpose: str
    expires: date | None = None
    selection: Selection = Field(default_factory=Selection)
    include_resources: bool = False
    """Hospital: also send the underlying FHIR resources beside the IPS document."""
    include_location: bool = False
    """Also send where the person was: the ``location`` a record's payload keeps apart (a workout's GPS
    start and bounding box, the areas Google Fit records) and GPS routes (GPX attachments).  Left out
    unless chosen (wallet.features.share.bundle.LOCATION_KEY)."""
    excluded: list[str] = Field(default_factory=list)
    """Record ids the person unticked."""
    summary: dict[str, Any] | None = None
    """Something the wallet computed that travels with the records, shown in full in the consent
    summary and written as ``data/summary.json``: a trial pre-screen's checklist, a monthly summary.
    ``{"title": str, "lines": [str, ...], ...}``: the lines are what the person reads before approving."""
    omit_fields: list[str] | None = None
    """Identifying fields left out; None means the template's defaults."""
    jurisdiction: str = "unspecified"

    def omitted(self) -> frozenset[str]:
        """The identifying fields left out: the person's choice, else the template's defaults."""
        if self.omit_fields is None:
            return template(self.template).default_omit
        unknown = set(self.omit_fields) - set(IDENTIFYING_FIELDS)
        if unknown:
            raise ShareError(f"unknown identifying field(s): {', '.join(sorted(unknown))}")
        return frozenset(self.omit_fields)


def save_recipient(vault: Vault, recipient: Recipient) -> None:
    """Remember a recipient (replacing one of the same name) for later shares."""
    vault.cache_set(recipient.cache_key, recipient.model_dump(mode="json"))


def get_recipient(vault: Vault, name: str) -> Recipient | None:
    """The remembered recipient of this name, or None."""
    data = vault.cache_get(recipient_key(name))
    return Recipient.model_validate(data) if isinstance(data, dict) else None


KeptModel = TypeVar("KeptModel", bound=BaseModel)


def kept_models(vault: Vault, prefix: str, model: type[KeptModel]) -> list[KeptModel]:
    """Every model remembered in the vault cache under ``prefix`` (recipients, known holders), in key order."""
    out = []
    for key in vault.cache_keys(prefix):
        data = vault.cache_get(key)
        if isinstance(data, dict):
            out.append(model.model_validate(data))
    return out


def forget_kept(vault: Vault, key: str) -> bool:
    """Remove one remembered entry from the vault cache; False when there was none."""
    if vault.cache_get(key) is None:
        return False
    vault.cache_delete(key)
    return True


def list_recipients(vault: Vault) -> list[Recipient]:
    """Every remembered recipient, in the order of their cache keys."""
    return kept_models(vault, RECIPIENT_PREFIX, Recipient)


def delete_recipient(vault: Vault, name: str) -> bool:
    """Forget a remembered recipient; False when none has that name."""
    return forget_kept(vault, recipient_key(name))
