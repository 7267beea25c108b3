"""The pre-screen summary share: one study's checklist, the values it used and only the records they came from.

When the person decides to contact a study site, :func:`prescreen_request` turns a
:class:`~wallet.features.trials.model.TrialMatch` into a share request of the ``prescreen``
template: the checklist travels as ``data/summary.json`` (every line shown in the consent summary
before approval), the records the met and not-met criteria read travel as the record ids of the
selection, and the usual consent dialog decides what leaves.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wallet.features.share.templates import Recipient, Selection, ShareRequest
from wallet.features.trials.model import CriterionResult, TrialMatch

STATUS_WORDS = {"met": "met", "not_met": "not met", "unknown": "unknown"}


def _line(r: CriterionResult) -> str:
    kind = "Exclusion" if not r.criterion.inclusion else "Inclusion"
    used = f" - used: {r.value_text}" + (f" ({r.when})" if r.when else "") if r.value_text else ""
    return f"[{STATUS_WORDS[r.status]}] {kind}: {r.criterion.text}{used}"


def prescreen_summary(match: TrialMatch) -> dict[str, Any]:
    """The checklist as it is sent: a title, the lines the person reads, and the same facts as fields."""
    study = match.study
    lines = [
        f"Study {study.nct_id}: {study.title}",
        f"Registry status: {study.status}",
        f"Checked by MyData Wallet on {date.today().isoformat()}: {match.met} met, {match.not_met} not met, "
        f"{match.unknown} unknown. A pre-screen, not a decision: the study team decides eligibility.",
        *(_line(r) for r in match.results),
    ]
    if match.to_ask:
        lines.append("To ask the study team (not checked by the wallet):")
        lines.extend(f"  - {text}" for text in match.to_ask)
    return {
        "title": f"Pre-screen for {study.nct_id}",
        "lines": lines,
        "study": {"nct_id": study.nct_id, "title": study.title, "url": study.url},
        "criteria": [
            {
                "kind": r.criterion.kind,
                "inclusion": r.criterion.inclusion,
                "text": r.criterion.text,
                "status": r.status,
                "explanation": r.explanation,
                "value": r.value_text,
                "when": r.when,
                "records": len(r.record_ids),
            }
            for r in match.results
        ],
        "to_ask": list(match.to_ask),
    }


def evidence_ids(match: TrialMatch) -> list[str]:
    """The records the checklist's decided criteria read, each once, in checklist order."""
    out: list[str] = []
    for r in match.results:
        if r.status == "unknown":
            continue
        out.extend(rid for rid in r.record_ids if rid not in out)
    return out


def prescreen_request(
    match: TrialMatch, recipient: Recipient, *, purpose: str | None = None, expires: date | None = None
) -> ShareRequest:
    """A ``prescreen`` share request for ``match``: its checklist as the summary, its evidence as the records."""
    return ShareRequest(
        template="prescreen",
        person_id=match.person_id,
        recipient=recipient,
        purpose=purpose or f"Pre-screening for the clinical study {match.study.nct_id}",
        expires=expires,
        selection=Selection(record_ids=evidence_ids(match)),
        summary=prescreen_summary(match),
    )
