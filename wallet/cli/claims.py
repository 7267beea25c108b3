"""The ``claims`` commands: medical visits still to claim from private medical insurance (실손보험).

``list`` shows the visits within the three-year claim period with no claim recorded (``--all``: every
visit, claimed and expired too), ``prepare`` makes the signed insurance bundle of one visit after the same
consent summary as ``share`` (the word ``approve`` typed at the prompt; no option skips it) and marks the
visit claimed, ``mark`` marks (or ``--undo`` unmarks) a visit claimed by hand, and ``policy`` keeps the
person's policy details the estimates use.
"""

from __future__ import annotations

import sys
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import fail, parse_day, vault_command
from wallet.cli.termsafe import echo, echo_json, echo_lines
from wallet.features.claims.policy import TIERS

if TYPE_CHECKING:
    from wallet.features.claims.policy import Policy
    from wallet.features.claims.visits import Visit
    from wallet.store.vault import Vault

APPROVE_WORD = "approve"
AGAIN_WORD = "again"

TEXTS: dict[str, tuple[str, str]] = {
    "unknown": ("unknown", "모름"),
    "none": ("none", "없음"),
    "paid": ("paid {amount}", "결제 {amount}"),
    "pharmacy": ("pharmacy", "약국"),
    "from_receipt": (" (from the receipt)", " (영수증 금액)"),
    "claimable_about": ("; claimable about {amount} ({basis})", "; 청구 가능 약 {amount} ({basis})"),
    "documents": ("documents present: {present}; missing: {missing}", "있는 서류: {present}; 없는 서류: {missing}"),
    "days_left": ("{n} days left", "{n}일 남음"),
    "passed": ("passed", "지남"),
    "deadline": ("deadline {date} ({left}){status}", "청구 기한 {date} ({left}){status}"),
    "deadline_about": ("deadline about {date} ({left}){status}", "청구 기한 약 {date} ({left}){status}"),
    "payment_date": ("payment date {date}", "결제일 {date}"),
    "note": ("note: {text}", "참고: {text}"),
    "what_all": ("visits", "진료"),
    "what_claimable": (
        "claimable visits (within 3 years, no claim recorded)",
        "청구 가능한 진료 (3년 이내, 청구 기록 없음)",
    ),
    "none_found": ("No {what}{whose}.", "{whose}{what} 없음."),
    "count": ("{n} {what}{whose}:", "{whose}{what} {n}건:"),
    "whose": (" of {name}", "{name}의 "),
    "before_deductibles": (
        "Amounts are before deductibles where no policy is entered (claims policy set).",
        "보험 정보가 없는 사람의 금액은 자기부담금을 빼기 전입니다 (claims policy set).",
    ),
}
"""The words of ``claims list``, in English and Korean (``--lang``)."""


def _t(key: str, lang: str) -> str:
    en, ko = TEXTS[key]
    return ko if lang == "ko" else en


def register(group: click.Group) -> None:
    """Add the ``claims`` group to ``group``."""
    group.add_command(claims)


@click.group()
def claims() -> None:
    """Medical visits still to claim from private medical insurance (실손보험).

    Visits are found from card and bank payments to hospitals, clinics and pharmacies, FHIR encounters
    and claims, and scanned receipts, linked by person, day and institution.  The claim period is three
    years (상법 제662조).
    """


def _money(amount: Decimal | None, currency: str | None, lang: str = "en") -> str:
    from wallet.terms.money import format_money

    return _t("unknown", lang) if amount is None else format_money(amount, currency, lang, style="code")


def _docs(roles: list[str], lang: str) -> str:
    from wallet.features.claims.visits import document_label

    return ", ".join(document_label(r, lang) for r in roles) or _t("none", lang)


def _today(value: str | None) -> date:
    return parse_day(value) or date.today()


def _visit_lines(v: Visit, names: dict[str, str], policy: Policy | None, show_person: bool, lang: str) -> list[str]:
    from wallet.features.claims.policy import estimate
    from wallet.features.claims.visits import how_label, status_label, visit_notes

    est = estimate(v, policy, lang)
    place = v.place_in(lang) + (f" + {v.pharmacy}" if v.pharmacy and not v.pharmacy_only else "")
    who = f"  {names.get(v.person_id or '', '?')}" if show_person else ""
    day = _t("payment_date", lang).format(date=v.date.isoformat()) if v.dated_by_payment else v.date.isoformat()
    lines = [f"{v.id}  {day}{who}  {place}"]
    paid = _t("paid", lang).format(amount=_money(v.total_paid, v.currency, lang))
    if v.pharmacy_paid is not None and v.paid is not None:
        pharmacy = _money(v.pharmacy_paid, v.currency, lang)
        paid += f" ({_money(v.paid, v.currency, lang)} + {_t('pharmacy', lang)} {pharmacy})"
    if v.paid_from == "receipt":
        paid += _t("from_receipt", lang)
    if est.after_deductibles and est.claimable is not None:
        paid += _t("claimable_about", lang).format(amount=_money(est.claimable, v.currency, lang), basis=est.basis)
    lines.append(f"    {paid}")
    lines.append("    " + _t("documents", lang).format(present=_docs(v.present, lang), missing=_docs(v.missing, lang)))
    days = (v.deadline - v.today).days
    how = f", {v.claimed_on.isoformat()}, {how_label(v.claimed_how, lang)}" if v.claimed_on and v.claimed_how else ""
    status = "" if v.status == "claimable" else f"  [{status_label(v.status, lang)}{how}]"
    left = _t("days_left", lang).format(n=days) if days >= 0 else _t("passed", lang)
    deadline = _t("deadline_about" if v.dated_by_payment else "deadline", lang)
    lines.append("    " + deadline.format(date=v.deadline.isoformat(), left=left, status=status))
    lines += ["    " + _t("note", lang).format(text=note) for note in visit_notes(v, lang, names)]
    return lines


@claims.command("list")
@click.option("--person", help="Only this person's visits (name or id; default: everyone's).")
@click.option("--all", "show_all", is_flag=True, help="Every visit, also those claimed or past the deadline.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default="en", show_default=True, help="Language of the list.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.option("--today", hidden=True, help="The day to count deadlines from (YYYY-MM-DD; tests).")
@vault_command
def claims_list(vault: Vault, person: str | None, show_all: bool, lang: str, as_json: bool, today: str | None) -> None:
    """Visits within the claim period with no claim recorded, newest first."""
    from wallet.features.claims.policy import estimate, get_policy
    from wallet.features.claims.visits import claimable, find_visits

    who = vault.resolve_person(person) if person else None
    found = find_visits(vault, person_id=who.id if who else None, today=_today(today))
    shown = found if show_all else claimable(found)
    names = {p.id: p.label for p in vault.persons()}
    policies = {pid: get_policy(vault, pid) for pid in {v.person_id for v in shown if v.person_id}}
    if as_json:
        out: list[dict[str, Any]] = []
        for v in shown:
            est = estimate(v, policies.get(v.person_id or ""), lang)
            out.append(
                {
                    **v.as_json(),
                    "person": names.get(v.person_id or ""),
                    "estimate": {
                        "claimable": None if est.claimable is None else str(est.claimable),
                        "deductible": None if est.deductible is None else str(est.deductible),
                        "after_deductibles": est.after_deductibles,
                        "visit_type": est.tier,
                        "basis": est.basis,
                    },
                }
            )
        echo_json(out)
        return
    what = _t("what_all" if show_all else "what_claimable", lang)
    whose = _t("whose", lang).format(name=who.label) if who else ""
    if not shown:
        echo(_t("none_found", lang).format(what=what, whose=whose))
        return
    echo(_t("count", lang).format(n=len(shown), what=what, whose=whose))
    show_person = who is None and len({v.person_id for v in shown}) > 1
    for v in shown:
        echo_lines(_visit_lines(v, names, policies.get(v.person_id or ""), show_person, lang))
    if any(p is None for p in policies.values()):
        echo(_t("before_deductibles", lang))


def _recipient(vault: Vault, name: str, organisation: str | None, encrypt_for: Path | None) -> Any:
    from wallet.cli.share import read_jwk_file
    from wallet.features.share import templates

    known = templates.get_recipient(vault, name)
    return templates.Recipient(
        name=name,
        organisation=organisation or (known.organisation if known else None),
        jwk=read_jwk_file(encrypt_for) if encrypt_for else (known.jwk if known else None),
    )


@claims.command("prepare")
@click.argument("visit")
@click.option("--recipient", required=True, help="The insurer (remembered for next time).")
@click.option("--organisation", help="The recipient's organisation.")
@click.option("--purpose", help="What the insurer may use the data for (default: the claim for this visit).")
@click.option("--expires", help="Until when the consent holds (YYYY-MM-DD).")
@click.option(
    "--encrypt-for",
    "encrypt_for",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The insurer's public key (JWK file): only they can open the bundle.",
)
@click.option("--show-records", is_flag=True, help="List every record in the summary.")
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Bundle file to write.")
@click.option("--today", hidden=True, help="The day to count deadlines from (YYYY-MM-DD; tests).")
@vault_command
def claims_prepare(
    vault: Vault,
    visit: str,
    recipient: str,
    organisation: str | None,
    purpose: str | None,
    expires: str | None,
    encrypt_for: Path | None,
    show_records: bool,
    out: Path,
    today: str | None,
) -> None:
    """Make the signed insurance bundle of one visit, after reviewing it (type 'approve' to confirm)."""
    from wallet.features.claims.prepare import already_claimed, create_claim, prepare_claim
    from wallet.features.claims.visits import get_visit
    from wallet.features.share.bundle import record_cancel
    from wallet.features.share.selection import summary_lines

    if out.exists():
        fail(f"{out} already exists; choose another file name")
    if not out.resolve().parent.is_dir():
        fail(f"the folder {out.resolve().parent} does not exist")
    chosen = get_visit(vault, visit, today=_today(today))
    rec = _recipient(vault, recipient, organisation, encrypt_for)
    said = already_claimed(chosen)
    if said is not None:
        echo(f"Note: {said}.")
        echo(f"Type '{AGAIN_WORD}' to prepare another claim for it; anything else cancels: ", nl=False)
        if sys.stdin.readline().strip() != AGAIN_WORD:
            echo("")
            echo("cancelled: nothing was written and nothing was shared", err=True)
            sys.exit(1)
        echo("")
    plan = prepare_claim(vault, chosen, rec, purpose=purpose, expires=parse_day(expires), again=said is not None)
    echo(f"Claim for the visit {chosen.id}: {chosen.date.isoformat()} at {chosen.place}")
    if chosen.missing:
        echo(f"Not in the wallet (the insurer may ask for them): {_docs(chosen.missing, 'en')}")
    echo("")
    echo_lines(summary_lines(plan, show_records=show_records))
    echo("")
    echo(f"Type '{APPROVE_WORD}' to create the bundle; anything else cancels: ", nl=False)
    answer = sys.stdin.readline()
    if answer.strip() != APPROVE_WORD:
        record_cancel(vault, "insurance", "cli")
        echo("")
        echo("cancelled: nothing was written and nothing was shared", err=True)
        sys.exit(1)
    result, mark = create_claim(
        vault, chosen, plan, out, method="MyData Wallet command line: 'approve' typed after the summary"
    )
    echo("")
    echo(
        f"wrote {result.path} ({result.record_count} records, "
        f"{'encrypted for the recipient' if result.encrypted else 'NOT encrypted'})"
    )
    echo(f"consent receipt {result.receipt_id}; bundle {result.bundle_id}")
    echo(f"visit {chosen.id} marked as claimed on {mark.on.isoformat()}")
    for note in result.notes:
        echo(f"note: {note}")


@claims.command("mark")
@click.argument("visit")
@click.option("--undo", is_flag=True, help="Remove the claimed mark.")
@click.option("--on", "on_day", help="The day it was claimed (YYYY-MM-DD; default today).")
@click.option("--today", hidden=True, help="The day to count deadlines from (YYYY-MM-DD; tests).")
@vault_command
def claims_mark(vault: Vault, visit: str, undo: bool, on_day: str | None, today: str | None) -> None:
    """Mark a visit as claimed by hand (or --undo the mark)."""
    from wallet.features.claims.policy import mark_claimed, unmark_claimed
    from wallet.features.claims.visits import get_visit

    chosen = get_visit(vault, visit, today=_today(today))
    if undo:
        if not unmark_claimed(vault, chosen):
            fail(f"the visit {chosen.id} is not marked as claimed")
        echo(f"visit {chosen.id} ({chosen.date.isoformat()}, {chosen.place}) is no longer marked as claimed")
        return
    mark = mark_claimed(vault, chosen, how="by hand", on=parse_day(on_day))
    echo(f"visit {chosen.id} ({chosen.date.isoformat()}, {chosen.place}) marked as claimed on {mark.on.isoformat()}")


@claims.group("policy")
def claims_policy() -> None:
    """The person's private medical insurance policy (insurer, generation, deductibles)."""


def _deductible_option(values: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in values:
        tier, sep, amount = value.partition("=")
        if not sep or not amount.strip():
            fail(f"--deductible {value!r}: use TYPE=AMOUNT, TYPE=PERCENT% or TYPE=AMOUNT/PERCENT%")
        out[tier.strip()] = amount.strip()
    return out


@claims_policy.command("set")
@click.option("--person", help="Whose policy (name or id; default: the holder).")
@click.option("--insurer", required=True, help="The insurance company.")
@click.option("--type", "policy_type", help="The policy type (default 실손의료보험).")
@click.option("--generation", type=click.IntRange(1, 4), help="The 실손 generation, 1 to 4 (세대).")
@click.option(
    "--deductible",
    "deductibles",
    multiple=True,
    metavar="TYPE=AMOUNT",
    help=f"Deductible per visit type ({', '.join(TIERS)}): 10000, 20% or 10000/20% (the larger). Repeatable.",
)
@vault_command
def policy_set(
    vault: Vault,
    person: str | None,
    insurer: str,
    policy_type: str | None,
    generation: int | None,
    deductibles: tuple[str, ...],
) -> None:
    """Enter (or replace) a person's policy details."""
    from wallet.features.claims.policy import make_policy, set_policy

    who = vault.resolve_person(person)
    policy = make_policy(insurer, policy_type, generation, _deductible_option(deductibles))
    set_policy(vault, who.id, policy)
    echo(f"policy of {who.label} saved")
    echo_lines(_policy_lines(policy))


def _policy_lines(policy: Policy) -> list[str]:
    from wallet.features.claims.policy import tier_label

    lines = [
        f"  insurer:     {policy.insurer}",
        f"  type:        {policy.policy_type}",
        f"  generation:  {f'{policy.generation}세대' if policy.generation else 'not entered'}",
    ]
    if not policy.deductibles:
        lines.append("  deductibles: none entered (amounts are shown before deductibles)")
    for tier, rule in policy.deductibles.items():
        lines.append(f"  deductible:  {tier_label(tier)} ({tier_label(tier, 'ko')}): {rule.words()}")
    return lines


@claims_policy.command("show")
@click.option("--person", help="Whose policy (name or id; default: the holder).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@vault_command
def policy_show(vault: Vault, person: str | None, as_json: bool) -> None:
    """Show a person's policy details."""
    from wallet.features.claims.policy import get_policy

    who = vault.resolve_person(person)
    policy = get_policy(vault, who.id)
    if as_json:
        echo_json(policy.model_dump(mode="json") if policy else None)
        return
    if policy is None:
        echo(f"No policy entered for {who.label}: visits are listed with amounts before deductibles.")
        return
    echo(f"Policy of {who.label}:")
    echo_lines(_policy_lines(policy))


@claims_policy.command("delete")
@click.option("--person", help="Whose policy (name or id; default: the holder).")
@vault_command
def policy_delete(vault: Vault, person: str | None) -> None:
    """Forget a person's policy details."""
    from wallet.features.claims.policy import delete_policy

    who = vault.resolve_person(person)
    if not delete_policy(vault, who.id):
        fail(f"no policy entered for {who.label}")
    echo(f"policy of {who.label} deleted")
