"""The pre-screen summary share: one study's checklist, the values it used and only the records they came from.

When the person decides to contact a study site, :func:`prescreen_request` turns a
:class:`~wallet.features.trials.model.TrialMatch` into a share request of the ``prescreen``
template: the checklist travels as ``data/summary.json`` and the records the decided criteria
read travel as the record ids of the selection; the usual consent dialog decides what leaves.

What is sent is exactly the lines the consent summary shows, nothing beside them: the study, each
criterion with its result and, for a decided one, the value used and its date.  The explanations
the wallet shows the person itself (which may name a birth date, or a resolved diagnosis an
"unknown" looked at) are not sent; an age is sent as the age.  A line whose value came from a
record the person leaves out in the consent dialog is sent without the value
(:func:`wallet.features.share.selection.sent_summary`).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from wallet.features.share.templates import Recipient, Selection, ShareRequest
from wallet.features.trials.model import CriterionResult, TrialMatch

_WORDS = {
    "en": {
        "met": "met",
        "not_met": "not met",
        "unknown": "unknown",
        "inclusion": "Inclusion",
        "exclusion": "Exclusion",
        "used": "used",
        "left_out": "value left out by you",
        "study": "Study {nct}: {title}",
        "status": "Registry status: {status}",
        "checked": "Checked by MyData Wallet on {day}: {met} met, {not_met} not met, {unknown} unknown. "
        "A pre-screen, not a decision: the study team decides eligibility.",
        "ask": "To ask the study team (not checked by the wallet):",
        "title": "Pre-screen for {nct}",
    },
    "ko": {
        "met": "충족",
        "not_met": "미충족",
        "unknown": "알 수 없음",
        "inclusion": "참여 조건",
        "exclusion": "제외 조건",
        "used": "사용한 값",
        "left_out": "값은 본인이 빼고 보냄",
        "study": "임상시험 {nct}: {title}",
        "status": "등록 상태: {status}",
        "checked": "{day}에 마이데이터 지갑이 확인: 충족 {met}, 미충족 {not_met}, 알 수 없음 {unknown}. "
        "사전 확인일 뿐 결정이 아니며, 참여 여부는 연구팀이 정합니다.",
        "ask": "연구팀에 물어볼 것 (지갑이 확인하지 않음):",
        "title": "{nct} 사전 확인",
    },
}


def _w(lang: str) -> dict[str, str]:
    return _WORDS["ko" if lang == "ko" else "en"]


def _line(r: CriterionResult, lang: str, with_value: bool = True) -> str:
    w = _w(lang)
    kind = w["inclusion"] if r.criterion.inclusion else w["exclusion"]
    base = f"[{w[r.status]}] {kind}: {r.criterion.text}"
    if r.status == "unknown" or not r.value_text:
        return base  # nothing of the person's is sent for an undecided criterion
    if not with_value:
        return f"{base} - {w['used']}: ({w['left_out']})"
    when = f" ({r.when})" if r.when else ""
    return f"{base} - {w['used']}: {r.value_text}{when}"


def prescreen_summary(match: TrialMatch, lang: str = "en", today: date | None = None) -> dict[str, Any]:
    """The checklist as it is sent: a title and the lines the person reads (with, not sent, the records each
    line's value came from and the line to send instead when those records are left out)."""
    w = _w(lang)
    study = match.study
    head = [
        w["study"].format(nct=study.nct_id, title=study.title),
        w["status"].format(status=study.status or "?"),
        w["checked"].format(
            day=(today or date.today()).isoformat(), met=match.met, not_met=match.not_met, unknown=match.unknown
        ),
    ]
    lines: list[str] = list(head)
    records: list[list[str]] = [[] for _ in head]
    left_out: list[str] = ["" for _ in head]
    for r in match.results:
        decided = r.status != "unknown" and bool(r.value_text)
        lines.append(_line(r, lang))
        records.append(list(r.record_ids) if decided else [])
        left_out.append(_line(r, lang, with_value=False) if decided and r.record_ids else "")
    if match.to_ask:
        lines.append(w["ask"])
        lines.extend(f"  - {text}" for text in match.to_ask)
        records.extend([] for _ in range(len(match.to_ask) + 1))
        left_out.extend("" for _ in range(len(match.to_ask) + 1))
    return {
        "title": w["title"].format(nct=study.nct_id),
        "lines": lines,
        "study": {"nct_id": study.nct_id, "title": study.title, "url": study.url},
        "line_records": records,
        "line_left_out": left_out,
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
    match: TrialMatch,
    recipient: Recipient,
    *,
    purpose: str | None = None,
    expires: date | None = None,
    lang: str = "en",
) -> ShareRequest:
    """A ``prescreen`` share request for ``match``: its checklist as the summary, its evidence as the records."""
    return ShareRequest(
        template="prescreen",
        person_id=match.person_id,
        recipient=recipient,
        purpose=purpose or f"Pre-screening for the clinical study {match.study.nct_id}",
        expires=expires,
        selection=Selection(record_ids=evidence_ids(match)),
        summary=prescreen_summary(match, lang),
    )
