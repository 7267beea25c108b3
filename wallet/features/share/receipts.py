"""Consent receipts, the ledger of shares, and withdrawal notices.

Each approved share creates a consent receipt with the fields of the Kantara
Initiative Consent Receipt Specification v1.1 (``version``, ``jurisdiction``,
``consentTimestamp``, ``collectionMethod``, ``consentReceiptID``,
``publicKey``, ``language``, ``piiPrincipalId``, ``piiControllers``,
``policyUrl``, ``services`` / ``purposes``, ``sensitive``, ``spiCat``), which
also cover the core of ISO/IEC TS 27560 (receipt id, time, jurisdiction, PII
principal, controller, purposes, data categories, sensitive flag), plus a few
extension fields (``expiry``, ``bundleId``, ``holderKeyThumbprint``,
``recipientKeyThumbprint``, ``recordCount``).  The receipt is signed with the
holder's key (compact JWS) and kept in the vault's ``shares`` table with the
signed manifest and the ids of the records sent.

Withdrawing a consent marks the share withdrawn and writes a signed
withdrawal notice the person can send to the recipient, signed with the key
that signed the share (a research share's own key, kept in the vault).

A research share's receipt names no one: no ``piiPrincipalId``, no holder key
thumbprint, and its ``publicKey`` is the key made for that share alone.
Fields without a value (an unknown policy URL, the recipient's address) are
left out rather than sent empty.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wallet.errors import NotFound, SeeList
from wallet.features.share import sensitive
from wallet.features.share.selection import Plan
from wallet.features.share.templates import IDENTIFYING_FIELDS, ShareError, template
from wallet.jose import public_jwk, sign_compact
from wallet.model import Record
from wallet.store.signing_keys import holder_key, share_key

if TYPE_CHECKING:
    from collections.abc import Sequence

    from wallet.store.vault import Vault

RECEIPT_VERSION = "KI-CR-v1.1.0"
WITHDRAWAL_TYPE = "mydata-wallet/consent-withdrawal"


def make_receipt(
    plan: Plan,
    receipt_id: str,
    bundle_id: str,
    created: datetime,
    holder_pub: dict[str, Any],
    method: str,
    records: list[Record] | None = None,
    fields: list[str] | None = None,
    unlinkable: bool = False,
    series: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """The consent receipt: only fields that have a value; the categories, sensitive flags and
    counts are those of ``records`` and ``fields`` that actually left (default: the plan's).

    ``unlinkable`` (research): no ``piiPrincipalId`` and no holder key thumbprint; ``publicKey``
    is the key made for this share.  ``series`` lists the measurement series sent (measurement, count, dates;
    the source too unless unlinkable) as ``series``, with their total as ``sampleCount``."""
    req = plan.request
    tmpl = template(req.template)
    sent = plan.records if records is None else records
    sent_fields = [f for f in IDENTIFYING_FIELDS if f not in plan.omitted] if fields is None else fields
    cats = plan.sensitive_categories(sent)
    recipient = req.recipient
    controller = {"piiController": recipient.organisation or recipient.name, "contact": recipient.name}
    receipt: dict[str, Any] = {
        "version": RECEIPT_VERSION,
        "jurisdiction": req.jurisdiction,
        "consentTimestamp": int(created.timestamp()),
        "collectionMethod": method,
        "consentReceiptID": receipt_id,
        "publicKey": json.dumps(holder_pub, sort_keys=True, separators=(",", ":")),
        "language": "en",
    }
    if not unlinkable:
        receipt["piiPrincipalId"] = (
            plan.person.label if "name" not in plan.omitted else f"holder key {holder_pub['kid']}"
        )
    receipt |= {
        "piiControllers": [controller],
        "services": [
            {
                "service": f"Sharing of personal data by the data subject ({tmpl.label})",
                "purposes": [
                    {
                        "purpose": req.purpose,
                        "purposeCategory": [tmpl.purpose_category],
                        "consentType": "EXPLICIT",
                        "piiCategory": plan.data_categories(sent, sent_fields),
                        "primaryPurpose": True,
                        "termination": (
                            f"consent expires on {req.expires.isoformat()}" if req.expires else "until withdrawn"
                        ),
                        "thirdPartyDisclosure": False,
                    }
                ],
            }
        ],
        "sensitive": bool(cats),
        "spiCat": [sensitive.LABELS[c] for c in sorted(cats)],
        "expiry": req.expires.isoformat() if req.expires else None,
        "bundleId": bundle_id,
        "holderKeyThumbprint": None if unlinkable else holder_pub["kid"],
        "recipientKeyThumbprint": plan.recipient_fingerprint,
        "recordCount": len(sent),
        "identifyingFieldsSent": list(sent_fields),
    }
    if series:
        receipt["sampleCount"] = sum(int(s["count"]) for s in series)
        receipt["series"] = [{k: v for k, v in s.items() if k not in ("path", "sha256")} for s in series]
        cats = set(receipt["services"][0]["purposes"][0]["piiCategory"])
        cats |= {"Health (fitness and activity)" if s.get("domain") == "fitness" else "Health" for s in series}
        receipt["services"][0]["purposes"][0]["piiCategory"] = sorted(cats)
    return {k: v for k, v in receipt.items() if v is not None and v != ""}


@dataclass
class ShareInfo:
    """One share as the vault remembers it: its consent receipt, to whom, why, and whether it still stands."""

    id: str
    bundle_id: str
    created: str
    expires: str | None
    person_id: str | None
    template: str
    recipient: dict[str, Any]
    purpose: str
    encrypted: bool
    destination: str | None
    receipt: dict[str, Any]
    receipt_jws: str
    manifest: dict[str, Any]
    record_ids: list[str]
    status: str
    withdrawn: str | None
    withdrawal_jws: str | None

    @property
    def recipient_label(self) -> str:
        """The recipient as shown: name, and organisation in brackets when known."""
        org = self.recipient.get("organisation")
        name = str(self.recipient.get("name", ""))
        return f"{name} ({org})" if org else name

    @property
    def effective_status(self) -> str:
        """The status as of today: an active share past its expiry date reads ``expired``."""
        if self.status == "active" and self.expires and self.expires < date.today().isoformat():
            return "expired"
        return self.status


_COLUMNS = (
    "id, bundle_id, created, expires, person_id, template, recipient, purpose, encrypted, destination, receipt, "
    "receipt_jws, manifest, records, status, withdrawn, withdrawal_jws"
)


def _info(row: Sequence[Any]) -> ShareInfo:
    return ShareInfo(
        id=row[0],
        bundle_id=row[1],
        created=row[2],
        expires=row[3],
        person_id=row[4],
        template=row[5],
        recipient=json.loads(row[6]),
        purpose=row[7],
        encrypted=bool(row[8]),
        destination=row[9],
        receipt=json.loads(row[10]),
        receipt_jws=row[11],
        manifest=json.loads(row[12]),
        record_ids=json.loads(row[13]),
        status=row[14],
        withdrawn=row[15],
        withdrawal_jws=row[16],
    )


def store_share(vault: Vault, info: ShareInfo) -> None:
    """Insert a share into the ledger.  The caller holds a transaction."""
    vault.conn.execute(
        f"INSERT INTO shares({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        (
            info.id,
            info.bundle_id,
            info.created,
            info.expires,
            info.person_id,
            info.template,
            json.dumps(info.recipient, ensure_ascii=False),
            info.purpose,
            int(info.encrypted),
            info.destination,
            json.dumps(info.receipt, ensure_ascii=False),
            info.receipt_jws,
            json.dumps(info.manifest, ensure_ascii=False),
            json.dumps(info.record_ids),
            info.status,
            info.withdrawn,
            info.withdrawal_jws,
        ),
    )


def list_shares(vault: Vault, person_id: str | None = None) -> list[ShareInfo]:
    """The shares made, newest first; only those of ``person_id`` when given."""
    sql = f"SELECT {_COLUMNS} FROM shares"
    args: tuple[str, ...] = ()
    if person_id:
        sql += " WHERE person_id = ?"
        args = (person_id,)
    return [_info(r) for r in vault.conn.execute(sql + " ORDER BY created DESC", args)]


def get_share(vault: Vault, share_id: str) -> ShareInfo:
    """A share by its receipt id or a unique prefix of 6+ characters."""
    rows = vault.conn.execute(f"SELECT {_COLUMNS} FROM shares WHERE id = ?", (share_id,)).fetchall()
    if not rows and len(share_id) >= 6:
        rows = vault.conn.execute(
            f"SELECT {_COLUMNS} FROM shares WHERE substr(id, 1, ?) = ? LIMIT 2", (len(share_id), share_id)
        ).fetchall()
    if len(rows) != 1:
        raise NotFound(f"no share with receipt id {share_id}", hint=SeeList("shares"))
    return _info(rows[0])


def withdrawal_notice(info: ShareInfo, holder_pub: dict[str, Any], when: datetime) -> dict[str, Any]:
    """The notice, signed later with the holder's key, that asks the recipient to delete what a share sent."""
    return {
        "type": WITHDRAWAL_TYPE,
        "consentReceiptID": info.id,
        "bundleId": info.bundle_id,
        "withdrawnAt": when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "recipient": {"name": info.recipient.get("name"), "organisation": info.recipient.get("organisation")},
        "purpose": info.purpose,
        "holderKeyThumbprint": holder_pub["kid"],
        "statement": (
            "I withdraw the consent recorded in the consent receipt named here. Please stop using the data you "
            f"received in share bundle {info.bundle_id} and delete it, as far as the law allows."
        ),
    }


def withdraw(vault: Vault, share_id: str, out: Path, overwrite: bool = False) -> Path:
    """Withdraw a consent: mark it withdrawn and write a signed notice to ``out`` (an existing
    file is replaced only with ``overwrite``: the app's save dialog has asked)."""
    from wallet.features.share.bundle import write_share_file

    info = get_share(vault, share_id)
    if info.status == "withdrawn":
        raise ShareError(f"the consent {info.id} was already withdrawn on {info.withdrawn}")
    key = share_key(vault, info.id) or holder_key(vault)  # a research share's own key, if it has one
    pub = public_jwk(key)
    now = datetime.now(UTC)
    notice = withdrawal_notice(info, pub, now)
    payload = json.dumps(notice, ensure_ascii=False, indent=2).encode("utf-8")
    token = sign_compact(payload, key, typ="JWS", cty="application/json")
    body = {"type": WITHDRAWAL_TYPE, "notice_jws": token, "holder_jwk": pub}
    data = (json.dumps(body, indent=2) + "\n").encode("utf-8")
    out = Path(out)

    def mark_withdrawn() -> None:
        vault.conn.execute(
            "UPDATE shares SET status = 'withdrawn', withdrawn = ?, withdrawal_jws = ? WHERE id = ?",
            (notice["withdrawnAt"], token, info.id),
        )

    write_share_file(
        vault,
        out,
        data,
        action="share.withdraw",
        detail={"receipt": info.id, "bundle": info.bundle_id},
        overwrite=overwrite,
        also=mark_withdrawn,
    )
    return out
