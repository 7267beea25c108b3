"""The person's own 실손 policy details, the estimated claimable amount, and the "claimed" marks.

The policy is what the person enters (insurer, policy type, generation 1-4세대, the deductible per visit
type: 의원, 병원, 상급종합병원, 약국); the wallet ships no insurer's terms.  A deductible is a fixed amount,
a share of what was paid, or both (the larger applies, as 실손 policies word it: "1만원과 보장대상
의료비의 20% 중 큰 금액").  Without a policy the finder still lists visits, with amounts before deductibles,
and says so.

Kept in the vault's key/value table: ``claims:policy:<person_id>`` and ``claims:claimed:<visit_id>``
(the day and how: ``prepared bundle <id>`` or ``by hand``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wallet.errors import validation_problems
from wallet.features.claims.visits import POSTING_DAYS, ClaimsError, Visit, is_pharmacy_name

if TYPE_CHECKING:
    from wallet.store.vault import Vault

POLICY_PREFIX = "claims:policy:"
CLAIMED_PREFIX = "claims:claimed:"

Tier = Literal["clinic", "hospital", "tertiary", "pharmacy"]
TIERS: dict[str, tuple[str, str]] = {
    "clinic": ("clinic", "의원"),
    "hospital": ("hospital", "병원"),
    "tertiary": ("tertiary hospital", "상급종합병원"),
    "pharmacy": ("pharmacy", "약국"),
}
"""Visit types a deductible is set for, in English and Korean."""

TERTIARY_NAMES = ("대학교병원", "대학병원", "대병원", "세브란스병원", "서울아산병원", "삼성서울병원", "성모병원")
"""Name parts that make a hospital count as 상급종합병원 for the estimate.  A name is only a hint: the
designation (보건복지부 상급종합병원 지정) is not in the wallet, so the estimate says it guessed."""


BASIS_TEXTS: dict[str, tuple[str, str]] = {
    "unknown_paid": ("the amount paid is not known", "결제 금액을 모름"),
    "no_policy": ("before deductibles (no policy entered)", "자기부담금 빼기 전 (보험 정보 없음)"),
    "after": ("after deductibles: {used}", "자기부담금 뺀 금액: {used}"),
    "before": ("before deductibles", "자기부담금 빼기 전"),
    "none_for": ("(no deductible entered for {kinds})", "({kinds} 자기부담금 입력 안 함)"),
    "tertiary": ("; counted as a tertiary hospital by its name", "; 이름으로 상급종합병원으로 봄"),
    "larger": ("the larger of {amount} and {rate}%", "{amount}, {rate}% 중 큰 금액"),
}
"""The words of an estimate's ``basis``, in English and Korean."""


def _text(key: str, lang: str) -> str:
    en, ko = BASIS_TEXTS[key]
    return ko if lang == "ko" else en


def tier_label(tier: str, lang: str = "en") -> str:
    """A visit type in words."""
    en, ko = TIERS.get(tier, (tier, tier))
    return ko if lang == "ko" else en


def tier_of(institution: str | None) -> Tier:
    """The visit type a name suggests: 약국, 상급종합 by a few known name parts, 병원, else 의원 (a clinic)."""
    name = (institution or "").replace(" ", "")
    if is_pharmacy_name(name):
        return "pharmacy"
    if any(part in name for part in TERTIARY_NAMES):
        return "tertiary"
    if name.endswith("병원") or "hospital" in name.casefold() or "의료원" in name:
        return "hospital"
    return "clinic"


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Deductible(_Model):
    """The part of a visit's cost the person bears: the larger of a fixed amount and a share of what was paid."""

    amount: Decimal = Field(default=Decimal(0), ge=0)
    rate: Decimal = Field(default=Decimal(0), ge=0, le=100)
    """Percent of what was paid."""

    def of(self, paid: Decimal) -> Decimal:
        """The deductible on ``paid``."""
        share = (paid * self.rate / Decimal(100)).quantize(Decimal(1), rounding=ROUND_DOWN)
        return max(self.amount, share)

    def words(self, lang: str = "en") -> str:
        """``10000``, ``20%`` or ``the larger of 10000 and 20%`` (``10000과 20% 중 큰 금액``)."""
        if self.rate and self.amount:
            return _text("larger", lang).format(amount=self.amount, rate=self.rate)
        return f"{self.rate}%" if self.rate else str(self.amount)


class Policy(_Model):
    """A person's private medical insurance (실손의료보험) as they entered it."""

    insurer: str = Field(min_length=1)
    policy_type: str = "실손의료보험"
    generation: int | None = Field(default=None, ge=1, le=4)
    """1세대 .. 4세대 (the generation of the 실손 product)."""
    deductibles: dict[Tier, Deductible] = Field(default_factory=dict)


def get_policy(vault: Vault, person_id: str) -> Policy | None:
    """The person's policy, or None when none is entered."""
    data = vault.cache_get(POLICY_PREFIX + person_id)
    if not isinstance(data, dict):
        return None
    try:
        return Policy.model_validate(data)
    except ValidationError:
        return None


def set_policy(vault: Vault, person_id: str, policy: Policy) -> None:
    """Keep the person's policy (replacing one entered before)."""
    vault.person(person_id)  # NotFound for a person who is not in the vault
    vault.cache_set(POLICY_PREFIX + person_id, policy.model_dump(mode="json"))


def make_policy(
    insurer: str,
    policy_type: str | None = None,
    generation: int | None = None,
    deductibles: dict[str, str] | None = None,
) -> Policy:
    """A policy from what a person typed; deductibles as ``{"clinic": "10000", "hospital": "20%", ...}``.

    A value is an amount, a percent (``20%``) or both (``10000/20%``, the larger applies)."""
    parsed: dict[str, dict[str, str]] = {}
    for tier, text in (deductibles or {}).items():
        if tier not in TIERS:
            raise ClaimsError(f"unknown visit type {tier!r} (one of: {', '.join(TIERS)})")
        fields: dict[str, str] = {}
        for piece in str(text).replace(",", "").split("/"):
            piece = piece.strip()
            if piece.endswith("%"):
                fields["rate"] = piece[:-1].strip()
            elif piece:
                fields["amount"] = piece
        parsed[tier] = fields
    data: dict[str, object] = {"insurer": insurer.strip(), "deductibles": parsed}
    if policy_type:
        data["policy_type"] = policy_type.strip()
    if generation is not None:
        data["generation"] = generation
    try:
        return Policy.model_validate(data)
    except ValidationError as exc:
        raise ClaimsError("the policy is not valid: " + "; ".join(validation_problems(exc))) from None


def delete_policy(vault: Vault, person_id: str) -> bool:
    """Forget the person's policy; False when there was none."""
    key = POLICY_PREFIX + person_id
    if vault.cache_get(key) is None:
        return False
    vault.cache_delete(key)
    return True


@dataclass(frozen=True)
class Estimate:
    """What a visit may bring back: paid, the deductibles, and the rest (never below 0)."""

    paid: Decimal | None
    deductible: Decimal | None
    claimable: Decimal | None
    after_deductibles: bool
    """False: no policy (or no deductible for the visit type) is entered, so ``claimable`` is ``paid``."""
    tier: Tier
    basis: str
    """In words: which deductibles were taken off, or that none were."""


def estimate(visit: Visit, policy: Policy | None, lang: str = "en") -> Estimate:
    """The estimated claimable amount of a visit: paid less the deductible of its visit type (and the pharmacy's).

    ``basis`` is in ``lang`` (``en`` or ``ko``)."""
    tier: Tier = "pharmacy" if visit.pharmacy_only else tier_of(visit.institution)
    if visit.total_paid is None:
        return Estimate(None, None, None, False, tier, _text("unknown_paid", lang))
    if policy is None:
        return Estimate(visit.total_paid, None, visit.total_paid, False, tier, _text("no_policy", lang))
    deductible = Decimal(0)
    used: list[str] = []
    unknown: list[str] = []
    pieces: list[tuple[Tier, Decimal | None]] = [(tier, visit.paid)]
    if not visit.pharmacy_only and visit.pharmacy_paid is not None:
        pieces.append(("pharmacy", visit.pharmacy_paid))
    elif visit.pharmacy_only:
        pieces = [("pharmacy", visit.pharmacy_paid)]
    claimable = Decimal(0)
    for kind, paid in pieces:
        if paid is None:
            continue
        rule = policy.deductibles.get(kind)
        if rule is None:
            unknown.append(tier_label(kind, lang))
            claimable += paid
            continue
        cut = min(rule.of(paid), paid)
        deductible += cut
        claimable += paid - cut
        used.append(f"{tier_label(kind, lang)} {rule.words(lang)}")
    basis = _text("after", lang).format(used=", ".join(used)) if used else _text("before", lang)
    if unknown:
        basis += " " + _text("none_for", lang).format(kinds=", ".join(unknown))
    if tier == "tertiary":
        basis += _text("tertiary", lang)
    return Estimate(visit.total_paid, deductible, max(claimable, Decimal(0)), bool(used), tier, basis)


class ClaimedMark(_Model):
    """A visit marked as claimed: when, how (``prepared bundle <id>`` or ``by hand``) and the visit's records."""

    on: date
    how: str
    records: list[str] = Field(default_factory=list)
    """The visit's records when it was marked: the mark stays with the visit when a later import changes
    its id (an encounter found for a card payment posted the day after the visit)."""


def claimed_mark(vault: Vault, visit_id: str) -> ClaimedMark | None:
    """The claimed mark kept under this visit id, or None."""
    data = vault.cache_get(CLAIMED_PREFIX + visit_id)
    if not isinstance(data, dict):
        return None
    try:
        return ClaimedMark.model_validate(data)
    except ValidationError:
        return None


def claimed_marks(vault: Vault) -> dict[str, ClaimedMark]:
    """Every claimed mark, by the visit id it is kept under."""
    out: dict[str, ClaimedMark] = {}
    for key in vault.cache_keys(CLAIMED_PREFIX):
        mark = claimed_mark(vault, key.removeprefix(CLAIMED_PREFIX))
        if mark is not None:
            out[key.removeprefix(CLAIMED_PREFIX)] = mark
    return out


def check_claim_day(visit: Visit, on: date) -> None:
    """ClaimsError when ``on`` cannot be the day the visit was claimed: after today, or before the visit."""
    latest = max(visit.today, date.today())
    if on > latest:
        raise ClaimsError(f"{on.isoformat()} is in the future: a visit can be marked as claimed up to today")
    earliest = visit.date - timedelta(days=POSTING_DAYS) if visit.dated_by_payment else visit.date
    if on < earliest:
        raise ClaimsError(
            f"{on.isoformat()} is before the visit of {visit.date.isoformat()}: it cannot have been claimed then"
        )


def mark_claimed(vault: Vault, visit: Visit, how: str = "by hand", on: date | None = None) -> ClaimedMark:
    """Record that the visit was claimed (on ``on``, today by default; not in the future nor before the visit)."""
    on = on or date.today()
    check_claim_day(visit, on)
    mark = ClaimedMark(on=on, how=how, records=visit.record_ids)
    vault.cache_set(CLAIMED_PREFIX + visit.id, mark.model_dump(mode="json"))
    vault.audit("claims.mark", {"visit": visit.id, "how": how})
    return mark


def unmark_claimed(vault: Vault, visit: Visit) -> bool:
    """Remove the visit's claimed mark (wherever it is kept); False when it had none."""
    key = CLAIMED_PREFIX + (visit.mark_id or visit.id)
    if vault.cache_get(key) is None:
        return False
    vault.cache_delete(key)
    vault.audit("claims.unmark", {"visit": visit.id})
    return True
