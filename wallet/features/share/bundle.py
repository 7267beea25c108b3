"""Writing a signed share bundle (see docs/bundle-format.md for the format).

:func:`create_share` is called only after the person approved the consent
summary.  It builds the data files, the consent receipt and the manifest,
signs both with the holder's key, packs everything into the canonical ZIP
(:mod:`wallet.features.share.container`), optionally encrypts it for the recipient
(JWE, ECDH-ES+A256KW / A256GCM), and writes it under a temporary name in the
destination folder, fsyncs it and renames it into place, recording the
receipt in the vault in the same step.  A failure leaves neither a partial
file under the final name nor a receipt.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from joserfc import jwe

from wallet.errors import WalletError
from wallet.features.share import ips, receipts, streams
from wallet.features.share.container import Member, write_zip
from wallet.features.share.selection import Plan, ref_keys, sent_summary
from wallet.features.share.templates import IDENTIFYING_FIELDS, ShareError, save_recipient, template
from wallet.jose import SignatureError, new_key, public_jwk, public_key, sign_compact, thumbprint
from wallet.model import Domain, Record
from wallet.store.files import write_out
from wallet.store.signing_keys import holder_key, store_share_key

if TYPE_CHECKING:
    from wallet.store.vault import Vault

FORMAT = "mydata-wallet-share/1"
JWE_ALG = "ECDH-ES+A256KW"
JWE_ENC = "A256GCM"
MEDIA = {
    "manifest.json": "application/json",
    "manifest.jws": "application/jose",
    "holder.jwk.json": "application/jwk+json",
    "consent-receipt.json": "application/json",
    "consent-receipt.jws": "application/jose",
}


@dataclass
class ShareResult:
    """What writing a share bundle produced: the file, its consent receipt, and what it holds."""

    path: Path
    receipt_id: str
    bundle_id: str
    encrypted: bool
    files: list[str]
    record_count: int
    notes: list[str] = field(default_factory=list)
    sample_count: int = 0
    """Samples of measurement series sent (data/series/)."""


def utc_stamp(when: datetime) -> str:
    """``when`` in UTC to the second, ending in ``Z`` (the stamps of receipts and manifests)."""
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def _safe_part(name: str) -> str:
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "file"
    return cleaned[:100]


def _extension(name: str) -> str:
    ext = Path(name).suffix.lower()
    return ext if re.fullmatch(r"\.[a-z0-9]{1,8}", ext) else ""


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _ndjson(values: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n" for v in values).encode("utf-8")


LOCATION_KEY = "location"
"""The payload key under which connectors keep where the person was (fitness: a workout's GPS
positions, Google Fit's daily bounding boxes), so that a share can leave it out."""
LOCATION_MEDIA = frozenset({"application/gpx+xml"})
"""Attachments that are location (GPS routes)."""


def _wallet_record(
    rec: Record, omitted: frozenset[str], documents: list[str], raw: bool, location: bool = False
) -> dict[str, Any]:
    """A non-FHIR record as sent: what it says, not where the wallet keeps it.

    ``raw`` False (research) sends the normalised fields only, not the source's payload,
    which can hold account numbers, device names and the like.  ``location`` False leaves out
    the payload's :data:`LOCATION_KEY`."""
    payload = rec.payload if raw else None
    if payload and not location and LOCATION_KEY in payload:
        payload = {k: v for k, v in payload.items() if k != LOCATION_KEY}
    out: dict[str, Any] = {
        "domain": rec.domain.value,
        "kind": rec.kind,
        "title": rec.title,
        "start": rec.start.isoformat() if rec.start else None,
        "end": rec.end.isoformat() if rec.end else None,
        "value": rec.value,
        "unit": rec.unit,
        "code_system": rec.code_system,
        "code": rec.code,
        "code_display": rec.code_display,
        "payload": payload,
        "source": {"connector": rec.provenance.connector_id, "verification": rec.provenance.verification},
        "documents": documents,
    }
    if "notes" not in omitted and rec.text:
        out["text"] = rec.text
    return {k: v for k, v in out.items() if v not in (None, [], {})}


@dataclass
class Sent:
    """What actually leaves in the data members: the records written and the identifying fields
    that the written Patient holds (a field not left out but unknown to the vault is not sent)."""

    records: list[Record] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    series: list[streams.SentSeries] = field(default_factory=list)


def _has_note(value: Any) -> bool:
    """A FHIR ``note`` (free text) anywhere in a resource."""
    if isinstance(value, dict):
        return bool(value.get("note")) or any(_has_note(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_note(v) for v in value)
    return False


def patient_fields(patient: dict[str, Any], notes: bool) -> list[str]:
    """The identifying fields present in a written Patient (a data-absent-reason is not a value),
    and ``notes`` when free-text notes were written."""
    present = {name for name in ("identifier", "address", "telecom", "birthDate") if patient.get(name)}
    if any(isinstance(n, dict) and set(n) - {"extension"} for n in patient.get("name") or []):
        present.add("name")
    if notes:
        present.add("notes")
    return [f for f in IDENTIFYING_FIELDS if f in present]


def build_data(
    vault: Vault, plan: Plan, bundle_id: str, now: datetime, sent: Sent | None = None
) -> tuple[list[Member], list[str]]:
    """The data members (``data/...``, ``documents/...``) and notes for the person; ``sent`` is
    filled with what they hold."""
    sent = sent if sent is not None else Sent()
    req = plan.request
    omitted = plan.omitted
    records = plan.records
    patients = [r for r in vault.records(person_id=plan.person.id, kind="Patient") if r.payload]
    patient_payloads = [r.payload for r in patients]
    patient_keys: set[str] = set()
    for p in patients:
        patient_keys |= ref_keys(p)
        if p.subject_key:
            patient_keys.add(p.subject_key)
    members: list[Member] = []
    notes: list[str] = []
    summary = sent_summary(plan)
    if summary is not None:  # shown line by line in the consent summary before approval
        members.append(Member("data/summary.json", _json_bytes(summary)))
    if req.template == "hospital":
        in_ips: list[Record] = []
        bundle, n = ips.build_ips(
            plan.person, patient_payloads, patient_keys, records, omitted, bundle_id, now, sent=in_ips
        )
        notes += n
        members.append(Member("data/ips.json", _json_bytes(bundle)))
        ids = {r.id for r in in_ips}
        if req.include_resources:
            resources, rest, n = ips.fhir_resources(plan.person, patient_payloads, patient_keys, records, omitted)
            members.append(Member("data/resources.ndjson", _ndjson(resources)))
            left = {r.id for r in rest}
            ids |= {r.id for r in records if r.id not in left}
        sent.records = [r for r in records if r.id in ids]
        notes_sent = "notes" not in omitted and any(_has_note(r.payload) for r in sent.records)
        sent.fields = patient_fields(bundle["entry"][1]["resource"], notes_sent)
        return members, notes
    resources, rest, n = ips.fhir_resources(plan.person, patient_payloads, patient_keys, records, omitted)
    notes += n
    sent.records = list(records)  # what is not FHIR goes as a wallet record
    as_wallet = {r.id for r in rest}
    notes_sent = "notes" not in omitted and any(
        bool(r.text) if r.id in as_wallet else _has_note(r.payload) for r in records
    )
    sent.fields = patient_fields(resources[0], notes_sent)
    members.append(Member("data/resources.ndjson", _ndjson(resources)))
    wallet_records: list[dict[str, Any]] = []
    docs: list[Member] = []
    for rec in rest:
        names: list[str] = []
        if rec.domain == Domain.DOCUMENTS or rec.attachments or vault.attachments(rec.id):
            for att in vault.attachments(rec.id):
                if att.media_type in LOCATION_MEDIA and not req.include_location:
                    continue  # a GPS route is where the person was: sent only when chosen
                if req.template == "research":  # neither the record id nor the file's name: both link shares
                    path = f"documents/{len(docs) + 1:04d}{_extension(att.name)}"
                else:
                    path = f"documents/{rec.id[:12]}/{_safe_part(att.name)}"
                while any(d.name == path for d in docs):
                    path = path + "_"
                docs.append(Member(path, att.data))
                names.append(path)
        wallet_records.append(
            _wallet_record(rec, omitted, names, raw=req.template != "research", location=req.include_location)
        )
    if wallet_records:
        members.append(Member("data/records.ndjson", _ndjson(wallet_records)))
    budget = streams.SERIES_BUDGET
    patient_ref = f"urn:uuid:{resources[0]['id']}"
    for item in plan.series_sent:  # each series' samples within the dates, one Observation per line
        path = f"data/series/{len(sent.series) + 1:04d}.ndjson"
        data, written = streams.series_ndjson(vault, item, path, patient_ref, req.template == "research", budget)
        budget -= len(data)
        if written.count:
            members.append(Member(path, data))
            sent.series.append(written)
    return members + docs, notes


def media_type(path: str) -> str:
    """The media type the manifest gives a bundle member, judged by its path."""
    if path in MEDIA:
        return MEDIA[path]
    if path == "data/ips.json":
        return "application/fhir+json"
    if path == "data/resources.ndjson" or path.startswith("data/series/"):
        return "application/fhir+ndjson"
    if path.endswith(".ndjson"):
        return "application/x-ndjson"
    lower = path.lower()
    for ext, mt in (
        (".pdf", "application/pdf"),
        (".png", "image/png"),
        (".jpg", "image/jpeg"),
        (".jpeg", "image/jpeg"),
        (".json", "application/json"),
        (".txt", "text/plain"),
    ):
        if lower.endswith(ext):
            return mt
    return "application/octet-stream"


def encrypt_for(data: bytes, recipient_jwk: dict[str, Any]) -> bytes:
    """JWE compact (ECDH-ES+A256KW, A256GCM) of ``data`` for the recipient's P-256 public key."""
    try:
        key = public_key(recipient_jwk)
    except SignatureError as exc:
        raise ShareError(f"the recipient's key cannot be used for encryption: {exc}") from exc
    header = {"alg": JWE_ALG, "enc": JWE_ENC, "cty": "application/zip", "kid": thumbprint(recipient_jwk)}
    return jwe.encrypt_compact(header, data, key, algorithms=[JWE_ALG, JWE_ENC]).encode("ascii")


def write_share_file(
    vault: Vault,
    path: Path,
    data: bytes,
    *,
    action: str,
    detail: dict[str, Any],
    overwrite: bool = False,
    also: Callable[[], object] | None = None,
) -> Path:
    """Write a share's file the audited way (:func:`~wallet.store.files.write_out`), ``also`` in its transaction.

    An existing file is not replaced unless told (a file made after the caller looked included).
    The audit entry leaves the path out: the vault's share ledger keeps it.  A failed write is a
    ShareError, and leaves neither the file nor the entry nor what ``also`` recorded.
    """
    try:
        return write_out(
            vault, path, data, action=action, detail=detail, overwrite=overwrite, record_path=False, also=also
        )
    except ShareError:
        raise
    except WalletError as exc:
        raise ShareError(str(exc), hint=exc.hint) from exc


def create_share(
    vault: Vault,
    plan: Plan,
    out: str | os.PathLike[str],
    method: str = "MyData Wallet consent dialog: explicit approval after review",
    now: datetime | None = None,
) -> ShareResult:
    """Create the signed bundle at ``out`` and record the consent.  Call only after approval."""
    out_path = Path(out)
    if out_path.exists() and out_path.is_dir():
        raise ShareError(f"{out_path} is a folder; give a file name for the bundle")
    req = plan.request
    tmpl = template(req.template)
    now = now or datetime.now(UTC)
    # A research share is signed with a key made for it alone, and says when it was made to the day
    # only: nothing in it (key, name, exact time) is also in another share of the same person.
    unlinkable = tmpl.id == "research"
    key = new_key() if unlinkable else holder_key(vault)
    pub = public_jwk(key)
    bundle_id = str(uuid.uuid4())
    receipt_id = str(uuid.uuid4())
    sent = Sent()
    data_members, notes = build_data(vault, plan, bundle_id, now, sent)
    day = now.astimezone(UTC)
    stamp_time = datetime(day.year, day.month, day.day, tzinfo=UTC) if unlinkable else now
    created = day.date().isoformat() if unlinkable else utc_stamp(now)
    receipt = receipts.make_receipt(
        plan,
        receipt_id,
        bundle_id,
        stamp_time,
        pub,
        method,
        records=sent.records,
        fields=sent.fields,
        unlinkable=unlinkable,
        series=[s.manifest_entry(unlinkable) for s in sent.series],
    )
    receipt_bytes = _json_bytes(receipt)
    receipt_jws = sign_compact(receipt_bytes, key, typ="JWS", cty="application/json")
    signed_members = [
        Member("holder.jwk.json", _json_bytes(pub)),
        Member("consent-receipt.json", receipt_bytes),
        Member("consent-receipt.jws", receipt_jws.encode("ascii")),
        *data_members,
    ]
    recipient = req.recipient
    manifest = {
        "format": FORMAT,
        "bundle_id": bundle_id,
        "created": created,
        "expires": req.expires.isoformat() if req.expires else None,
        "holder": {"key_thumbprint": pub["kid"], "key_use": "this share only"}
        if unlinkable
        else {
            "name": plan.signer_name_sent,  # shown in the consent summary ("Signed by ... with your name")
            "key_thumbprint": pub["kid"],
        },
        "recipient": {
            "name": recipient.name,
            "organisation": recipient.organisation,
            "key_thumbprint": plan.recipient_fingerprint,
        },
        "purpose": req.purpose,
        "template": tmpl.id,
        "consent_receipt_id": receipt_id,
        "files": [
            {
                "path": m.name,
                "sha256": hashlib.sha256(m.data).hexdigest(),
                "size": len(m.data),
                "media_type": media_type(m.name),
            }
            for m in signed_members
        ],
    }
    if sent.series:  # what each data/series/ file holds; verify checks the counts
        manifest["series"] = [s.manifest_entry(unlinkable) for s in sent.series]
    manifest_bytes = _json_bytes(manifest)
    manifest_jws = sign_compact(manifest_bytes, key, typ="JWS", cty="application/json")
    members = [
        Member("manifest.json", manifest_bytes),
        Member("manifest.jws", manifest_jws.encode("ascii")),
        *signed_members,
    ]
    payload, _regions = write_zip(members)
    if plan.encrypted:
        assert recipient.jwk is not None
        payload = encrypt_for(payload, recipient.jwk)
    info = receipts.ShareInfo(
        id=receipt_id,
        bundle_id=bundle_id,
        created=utc_stamp(now),  # the vault's own ledger keeps the time
        expires=req.expires.isoformat() if req.expires else None,
        person_id=plan.person.id,
        template=tmpl.id,
        recipient={
            "name": recipient.name,
            "organisation": recipient.organisation,
            "key_thumbprint": plan.recipient_fingerprint,
        },
        purpose=req.purpose,
        encrypted=plan.encrypted,
        destination=str(out_path.resolve()),
        receipt=receipt,
        receipt_jws=receipt_jws,
        manifest=manifest,
        record_ids=[r.id for r in sent.records],
        status="active",
        withdrawn=None,
        withdrawal_jws=None,
    )

    def record_receipt() -> None:
        receipts.store_share(vault, info)
        if unlinkable:
            store_share_key(vault, receipt_id, key)

    write_share_file(
        vault,
        out_path,
        payload,
        action="share.create",
        detail={
            "receipt": receipt_id,
            "bundle": bundle_id,
            "template": tmpl.id,
            "records": len(sent.records),
            "series": len(sent.series),
            "samples": sum(s.count for s in sent.series),
            "excluded": len(req.excluded),
            "encrypted": plan.encrypted,
            "sensitive": sorted(plan.sensitive_categories(sent.records)),
        },
        also=record_receipt,
    )
    save_recipient(vault, recipient)
    return ShareResult(
        out_path,
        receipt_id,
        bundle_id,
        plan.encrypted,
        [m.name for m in members],
        len(sent.records),
        notes,
        sample_count=sum(s.count for s in sent.series),
    )


def record_cancel(vault: Vault, template_id: str, where: str) -> None:
    """Audit a cancelled share (no personal values)."""
    vault.audit("share.cancel", {"template": template_id, "where": where})
