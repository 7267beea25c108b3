"""Prefilling a claim: a visit as a share request of the ``insurance`` template, through the usual consent.

:func:`claim_request` names the visit's encounters, FHIR claims and receipts as the selection's
``record_ids``; the insurance template (wallet.features.share.selection.gather_insurance) adds the
diagnoses, procedures and prescriptions that refer to the encounters and the documents linked to them.
The front end shows the consent summary of :func:`prepare_claim`'s plan and, only after the person
approves, calls :func:`create_claim`, which writes the signed bundle and marks the visit claimed.
Card payments are not sent: the receipts show what was paid.
"""

from __future__ import annotations

import os
from datetime import date
from typing import TYPE_CHECKING

from wallet.features.claims.policy import ClaimedMark, mark_claimed
from wallet.features.claims.visits import ClaimsError, Visit
from wallet.features.share.bundle import ShareResult, create_share
from wallet.features.share.selection import Plan, prepare
from wallet.features.share.templates import Recipient, Selection, ShareRequest

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def claim_purpose(visit: Visit) -> str:
    """The purpose written on the consent: the claim, the day and the institution."""
    return f"Private medical insurance claim (실손보험 청구) for the visit of {visit.date.isoformat()} at {visit.place}"


def claim_request(
    visit: Visit, recipient: Recipient, *, purpose: str | None = None, expires: date | None = None
) -> ShareRequest:
    """An ``insurance`` share request holding the visit's encounters, FHIR claims and documents."""
    if visit.person_id is None:
        raise ClaimsError("the visit belongs to no person of the vault")
    if not visit.shareable_ids:
        raise ClaimsError(
            f"the visit of {visit.date.isoformat()} at {visit.place} has only a card or bank payment: "
            "import its receipt (or the hospital's records) first, then prepare the claim"
        )
    return ShareRequest(
        template="insurance",
        person_id=visit.person_id,
        recipient=recipient,
        purpose=purpose or claim_purpose(visit),
        expires=expires,
        selection=Selection(record_ids=list(visit.shareable_ids)),
    )


def already_claimed(visit: Visit) -> str | None:
    """What to tell before preparing a visit that is already marked as claimed (when and how); None otherwise."""
    if visit.status != "claimed" or visit.claimed_on is None:
        return None
    return (
        f"the visit of {visit.date.isoformat()} at {visit.place} is already marked as claimed on "
        f"{visit.claimed_on.isoformat()} ({visit.claimed_how or 'by hand'})"
    )


def prepare_claim(
    vault: Vault,
    visit: Visit,
    recipient: Recipient,
    *,
    purpose: str | None = None,
    expires: date | None = None,
    again: bool = False,
) -> Plan:
    """The consent plan of a claim for ``visit`` (show it; nothing is written yet).

    A visit already marked as claimed is prepared again only with ``again=True`` (the front end said so and the
    person chose to); otherwise ClaimsError says when it was claimed."""
    if visit.today > visit.deadline:
        raise ClaimsError(
            f"the visit of {visit.date.isoformat()} is past its claim deadline ({visit.deadline.isoformat()})"
        )
    said = already_claimed(visit)
    if said is not None and not again:
        raise ClaimsError(said + ": prepare it again only if the insurer asked for a new claim")
    return prepare(vault, claim_request(visit, recipient, purpose=purpose, expires=expires))


def create_claim(
    vault: Vault,
    visit: Visit,
    plan: Plan,
    out: str | os.PathLike[str],
    method: str = "MyData Wallet consent dialog: explicit approval after review",
) -> tuple[ShareResult, ClaimedMark]:
    """Write the signed bundle of an approved plan and mark the visit claimed.  Call only after approval."""
    result = create_share(vault, plan, out, method=method)
    mark = mark_claimed(vault, visit, how=f"prepared bundle {result.bundle_id}")
    return result, mark
