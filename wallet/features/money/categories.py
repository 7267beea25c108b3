"""Spending categories: a rule engine whose rules are data, the person's own rules first.

``category_of(record)`` gives a bank or card transaction its :class:`Category` (``medical``,
``pharmacy``, ``energy``, ``groceries`` ...) and says which rule chose it.  The built-in rules are
``resources/money/categories.toml`` (Korean and international merchant names, OFX transaction types
and card merchant category codes, MCC); the person's rules live in the vault under
``money:rule:<id>`` and come before every built-in rule.  A correction teaches a rule
(:func:`learn`): the payee, normalised as :func:`wallet.features.finance.normalise_payee` does, is
given the chosen category from then on.

Matching: texts are compared after Unicode NFKC normalisation and case folding, with spacing
collapsed, so ``ＫＴ`` is ``kt`` and ``Netflix.com`` is ``netflix.com``.  A pattern that starts or
ends with a Latin letter or digit does not match inside a longer Latin word (``kt`` does not match
``ktx``, ``spar`` does not match ``sparkasse``); Korean patterns match anywhere (``약국`` in
``온누리약국``).  A rule's ``payee_end`` words match only where they end a word (no letter follows):
``병원`` in ``서울대학교병원`` or ``서울대병원 외래``, not in ``스타벅스 서울대병원점`` (a branch named after the
hospital) nor ``안과`` in ``평안과자점``.  The order is: the person's rules (higher priority first, then
the newest first), then the built-in rules (higher priority first, then file order: named merchants
before words of care, those before other words); the first rule whose conditions all hold wins.
A card's bill paid from a bank account is ``card_bill``, not spending (the card statement lists the
purchases).  When none does, money in is ``income`` and money out ``other`` (rule ``default:in`` /
``default:out``); a refund or discount of a merchant no rule names is ``other`` too (``default:refund``).
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any, Literal

from wallet.errors import NotFound, SeeList, WalletError
from wallet.features.finance import account_of, memo_of, normalise_payee, payee_of, record_amount
from wallet.model import Record
from wallet.resources import resource_path
from wallet.store.vault import Vault

RULES_FILE = ("money", "categories.toml")
"""The built-in categories and rules, inside the resources folder."""
RULE_PREFIX = "money:rule:"
"""Vault cache keys of the person's own rules: ``money:rule:<id>``."""
BUILTIN_OFF_KEY = "money:builtin-off"
"""Vault cache key of the built-in rules the person turned off (a list of ids)."""
MEDICAL_KEYS = frozenset({"medical", "dental", "korean_medicine", "pharmacy"})
"""Categories of payments for care: hospitals and clinics, dentists, Korean medicine, pharmacies."""
MAX_REGEX = 500
"""The longest regular expression a rule may have."""

Direction = Literal["in", "out"]
RuleSource = Literal["mine", "builtin"]


class MoneyError(WalletError):
    """A money rule, category, rate or month that cannot be used as given."""


# --------------------------------------------------------------------------- text


def normalise_text(text: str) -> str:
    """Text as rules compare it: NFKC, case-folded, spacing collapsed (``ＫＴ  통신`` -> ``kt 통신``)."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


def _latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def contains(text: str, pattern: str) -> bool:
    """True when the normalised ``pattern`` is in the normalised ``text``, not inside a longer Latin word.

    A pattern that starts with a Latin letter or digit needs no Latin letter or digit just before it;
    one that ends with a Latin letter needs no Latin letter just after it (``atm`` matches ``atm08sep``,
    not ``atmosphere``), one that ends with a digit no digit after it.
    """
    if not pattern:
        return False
    start = 0
    while (i := text.find(pattern, start)) >= 0:
        j = i + len(pattern)
        left_ok = not (_latin(pattern[0]) and i > 0 and _latin(text[i - 1]))
        right_ok = True
        if j < len(text) and _latin(pattern[-1]):
            nxt = text[j]
            right_ok = not (nxt.isascii() and (nxt.isalpha() if pattern[-1].isalpha() else nxt.isdigit()))
        if left_ok and right_ok:
            return True
        start = i + 1
    return False


def ends_word(text: str, pattern: str) -> bool:
    """True when the normalised ``pattern`` is in the normalised ``text`` and ends a word there: no letter follows.

    ``약국`` ends a word in ``온누리약국`` and ``온누리약국 역삼점``, not in ``약국점``; ``안과`` does not in
    ``평안과자점``.  A pattern that starts with a Latin letter or digit needs no Latin letter or digit before it.
    """
    if not pattern:
        return False
    start = 0
    while (i := text.find(pattern, start)) >= 0:
        j = i + len(pattern)
        left_ok = not (_latin(pattern[0]) and i > 0 and _latin(text[i - 1]))
        if left_ok and (j == len(text) or not text[j].isalpha()):
            return True
        start = i + 1
    return False


# --------------------------------------------------------------------------- facts of a record


@dataclass(frozen=True)
class Facts:
    """What the rules look at in one record, normalised."""

    payee: str
    text: str
    """Payee, memo or description and title, one per line."""
    amount: Decimal | None
    mcc: str | None
    trntype: str
    kind: str
    account: str
    """Account number and label, and the card a card statement names."""

    @classmethod
    def of(cls, record: Record) -> Facts:
        """The facts of ``record``."""
        payee = payee_of(record)
        parts: list[str] = []
        for part in (payee, memo_of(record), _text(record.payload.get("description")), record.title):
            if part and part not in parts:
                parts.append(part)
        key, label = account_of(record)
        card = _text(record.payload.get("card"))
        return cls(
            payee=normalise_text(payee),
            text="\n".join(normalise_text(p) for p in parts),
            amount=record_amount(record),
            mcc=mcc_of(record),
            trntype=_text(record.payload.get("trntype")).upper(),
            kind=record.kind,
            account=normalise_text(" ".join(p for p in (key, label, card) if p)),
        )


def _text(value: Any) -> str:
    return " ".join(value.split()) if isinstance(value, str) else ""


_MCC = re.compile(r"^\d{4}$")


def mcc_of(record: Record) -> str | None:
    """The merchant category code a record carries: the payload's ``mcc`` or OFX ``sic``, or an MCC column."""
    p = record.payload
    candidates: list[Any] = [p.get("mcc"), p.get("sic"), p.get("MCC")]
    row = p.get("row")
    if isinstance(row, dict):
        candidates += [v for k, v in row.items() if isinstance(k, str) and normalise_text(k) in ("mcc", "sic")]
    for value in candidates:
        text = str(value).strip() if isinstance(value, str | int) and not isinstance(value, bool) else ""
        if _MCC.match(text):
            return text
    return None


# --------------------------------------------------------------------------- categories and rules


@dataclass(frozen=True)
class Category:
    """A spending category and, when it was chosen for a record, the rule that chose it."""

    key: str
    label: str
    label_ko: str
    rule: str = ""
    """The id of the rule that chose it: ``mine:<id>``, ``builtin:<id>``, ``default:in`` or ``default:out``;
    "" for the category itself (as :meth:`Rules.categories` lists them)."""
    why: str = ""
    """What matched, in English: ``payee contains "약국"``, ``MCC 5912``, ``money out that no rule names``."""
    why_ko: str = ""
    """What matched, in Korean."""
    spending: bool = True
    """False for categories that are not spending (transfers, income)."""

    def name(self, lang: str = "en") -> str:
        """The category's name in ``lang`` (``ko`` or ``en``)."""
        return self.label_ko if lang == "ko" and self.label_ko else self.label

    @property
    def medical(self) -> bool:
        """True for payments for care: medical, dental, Korean medicine, pharmacy."""
        return self.key in MEDICAL_KEYS

    def explain(self, lang: str = "en") -> str:
        """Which rule chose the category and what matched: ``built-in rule pharmacy-ko: payee contains "약국"``."""
        source, _, rule_id = self.rule.partition(":")
        if lang == "ko":
            who = {"mine": f"내 규칙 {rule_id}", "builtin": f"기본 규칙 {rule_id}", "default": "기본값"}.get(source, "")
            what = self.why_ko or self.why
        else:
            who = {"mine": f"your rule {rule_id}", "builtin": f"built-in rule {rule_id}", "default": "default"}.get(
                source, ""
            )
            what = self.why
        return f"{who}: {what}" if who and what else who or what


@dataclass(frozen=True)
class Rule:
    """One rule: conditions on a transaction and the category it gives.  See ``resources/money/categories.toml``."""

    id: str
    category: str
    payee: tuple[str, ...] = ()
    """Any of these is in the payee, memo or description."""
    payee_end: tuple[str, ...] = ()
    """Any of these ends a word of the payee, memo or description (see :func:`ends_word`)."""
    payee_is: tuple[str, ...] = ()
    """The payee is exactly one of these."""
    regex: str | None = None
    mcc: tuple[str, ...] = ()
    """Codes (``5912``) or ranges (``3000-3299``)."""
    trntype: tuple[str, ...] = ()
    kind: tuple[str, ...] = ()
    direction: Direction | None = None
    amount_min: Decimal | None = None
    amount_max: Decimal | None = None
    account: str | None = None
    priority: int = 0
    source: RuleSource = "builtin"
    created: str = ""
    """When the person made it (ISO 8601, UTC); "" for built-in rules."""
    note: str = ""
    enabled: bool = True
    """False for a built-in rule the person turned off."""
    _compiled: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        """Normalise the patterns and check the rule says something."""
        set_ = object.__setattr__
        set_(self, "payee", tuple(n for p in self.payee if (n := normalise_text(p))))
        set_(self, "payee_end", tuple(n for p in self.payee_end if (n := normalise_text(p))))
        set_(self, "payee_is", tuple(n for p in self.payee_is if (n := normalise_text(p))))
        set_(self, "trntype", tuple(t.strip().upper() for t in self.trntype if t.strip()))
        set_(self, "kind", tuple(k.strip() for k in self.kind if k.strip()))
        set_(self, "mcc", tuple(_check_mcc(self.id, c) for c in self.mcc))
        if self.account is not None:
            set_(self, "account", normalise_text(self.account) or None)
        if self.regex:
            if len(self.regex) > MAX_REGEX:
                raise MoneyError(f"rule {self.id}: the regular expression is longer than {MAX_REGEX} characters")
            try:  # searched in the normalised text; not case-folded itself (\D is not \d)
                set_(self, "_compiled", re.compile(unicodedata.normalize("NFKC", self.regex), re.IGNORECASE))
            except (re.error, OverflowError, RecursionError) as exc:
                raise MoneyError(f"rule {self.id}: not a valid regular expression ({exc})") from exc
        if self.direction not in (None, "in", "out"):
            raise MoneyError(f"rule {self.id}: direction must be 'in' or 'out', not {self.direction!r}")
        for bound in (self.amount_min, self.amount_max):
            if bound is not None and (not bound.is_finite() or bound < 0):
                raise MoneyError(f"rule {self.id}: amount bounds are sizes of amounts (0 or more)")
        if not any(
            (
                self.payee,
                self.payee_end,
                self.payee_is,
                self.regex,
                self.mcc,
                self.trntype,
                self.kind,
                self.account,
                self.amount_min is not None,
                self.amount_max is not None,
            )
        ):
            raise MoneyError(f"rule {self.id}: a rule needs a payee pattern, a code, an account or an amount")

    @property
    def ref(self) -> str:
        """``mine:<id>`` or ``builtin:<id>``: how a :class:`Category` names the rule."""
        return f"{self.source}:{self.id}"

    def match(self, facts: Facts) -> tuple[str, str] | None:
        """What matched (English, Korean) when every condition holds, else None."""
        what: list[tuple[str, str]] = []
        if self.payee or self.payee_end or self.payee_is or self._compiled is not None:
            found = self._match_text(facts)
            if found is None:
                return None
            what.append(found)
        if self.mcc:
            if facts.mcc is None or not any(_mcc_in(facts.mcc, c) for c in self.mcc):
                return None
            what.append((f"MCC {facts.mcc}", f"업종 코드(MCC) {facts.mcc}"))
        if self.trntype:
            if facts.trntype not in self.trntype:
                return None
            what.append((f"OFX type {facts.trntype}", f"OFX 거래 유형 {facts.trntype}"))
        if self.kind:
            if facts.kind not in self.kind:
                return None
            what.append((f"kind {facts.kind}", f"종류 {facts.kind}"))
        if self.direction is not None and (not facts.amount or (facts.amount > 0) != (self.direction == "in")):
            return None
        if self.amount_min is not None or self.amount_max is not None:
            if facts.amount is None:
                return None
            size = abs(facts.amount)
            if (self.amount_min is not None and size < self.amount_min) or (
                self.amount_max is not None and size > self.amount_max
            ):
                return None
            what.append((f"amount {self.amount_range()}", f"금액 {self.amount_range()}"))
        if self.account is not None:
            if self.account not in facts.account:
                return None
            what.append((f'account has "{self.account}"', f'계좌에 "{self.account}" 포함'))
        return "; ".join(w[0] for w in what), "; ".join(w[1] for w in what)

    def _match_text(self, facts: Facts) -> tuple[str, str] | None:
        for name in self.payee_is:
            if facts.payee == name:
                return f'payee is "{name}"', f'거래처가 "{name}"'
        for pattern in self.payee:
            if contains(facts.text, pattern):
                return f'payee contains "{pattern}"', f'거래처에 "{pattern}" 포함'
        for pattern in self.payee_end:
            if ends_word(facts.text, pattern):
                return f'a word of the payee ends in "{pattern}"', f'거래처 이름이 "{pattern}"(으)로 끝남'
        if self._compiled is not None and self._compiled.search(facts.text):
            return f"payee matches /{self.regex}/", f"거래처가 /{self.regex}/ 에 맞음"
        return None

    def amount_range(self) -> str:
        """The amount bounds as text: ``10000-50000``, ``>= 10000``, ``<= 50000``; "" without bounds."""
        lo, hi = self.amount_min, self.amount_max
        if lo is not None and hi is not None:
            return f"{lo}-{hi}"
        if lo is not None:
            return f">= {lo}"
        return f"<= {hi}" if hi is not None else ""

    def describe(self) -> str:
        """The rule's conditions in one line (for ``money rules list``)."""
        parts: list[str] = []
        if self.payee_is:
            parts.append("payee is " + " or ".join(f'"{p}"' for p in self.payee_is))
        if self.payee:
            shown = ", ".join(f'"{p}"' for p in self.payee[:6]) + (", ..." if len(self.payee) > 6 else "")
            parts.append(f"payee contains {shown}")
        if self.payee_end:
            shown = ", ".join(f'"{p}"' for p in self.payee_end[:6]) + (", ..." if len(self.payee_end) > 6 else "")
            parts.append(f"a word of the payee ends in {shown}")
        if self.regex:
            parts.append(f"payee matches /{self.regex}/")
        if self.mcc:
            parts.append("MCC " + ", ".join(self.mcc))
        if self.trntype:
            parts.append("OFX type " + ", ".join(self.trntype))
        if self.kind:
            parts.append("kind " + ", ".join(self.kind))
        if self.direction:
            parts.append("money " + self.direction)
        if self.amount_min is not None or self.amount_max is not None:
            parts.append("amount " + self.amount_range())
        if self.account:
            parts.append(f'account has "{self.account}"')
        return "; ".join(parts)

    def to_json(self) -> dict[str, Any]:
        """The rule as the vault keeps it."""
        out: dict[str, Any] = {"id": self.id, "category": self.category, "priority": self.priority}
        for name in ("payee", "payee_end", "payee_is", "mcc", "trntype", "kind"):
            if getattr(self, name):
                out[name] = list(getattr(self, name))
        for name in ("regex", "direction", "account", "note", "created"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        for name in ("amount_min", "amount_max"):
            if getattr(self, name) is not None:
                out[name] = str(getattr(self, name))
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any], source: RuleSource = "mine") -> Rule:
        """A rule from the vault's JSON or a TOML table; MoneyError names what is wrong."""
        rid = str(data.get("id") or "")
        if not rid:
            raise MoneyError("a money rule has no id")
        unknown = set(data) - {
            "id",
            "category",
            "priority",
            "payee",
            "payee_end",
            "payee_is",
            "regex",
            "mcc",
            "trntype",
            "kind",
            "direction",
            "amount_min",
            "amount_max",
            "account",
            "note",
            "created",
        }
        if unknown:
            raise MoneyError(f"rule {rid}: unknown field(s) {', '.join(sorted(unknown))}")
        category = str(data.get("category") or "")
        if not category:
            raise MoneyError(f"rule {rid}: no category")
        try:
            priority = int(data.get("priority", 0))
        except (TypeError, ValueError) as exc:
            raise MoneyError(f"rule {rid}: priority must be a whole number") from exc
        return cls(
            id=rid,
            category=category,
            payee=_strings(rid, data.get("payee")),
            payee_end=_strings(rid, data.get("payee_end")),
            payee_is=_strings(rid, data.get("payee_is")),
            regex=str(data["regex"]) if data.get("regex") else None,
            mcc=_strings(rid, data.get("mcc")),
            trntype=_strings(rid, data.get("trntype")),
            kind=_strings(rid, data.get("kind")),
            direction=data.get("direction") or None,
            amount_min=_bound(rid, data.get("amount_min")),
            amount_max=_bound(rid, data.get("amount_max")),
            account=str(data["account"]) if data.get("account") else None,
            priority=priority,
            source=source,
            created=str(data.get("created") or ""),
            note=str(data.get("note") or ""),
        )


def _strings(rid: str, value: Any) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise MoneyError(f"rule {rid}: expected text or a list of texts, not {value!r}")


def _bound(rid: str, value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value).replace(",", "").strip())
    except InvalidOperation as exc:
        raise MoneyError(f"rule {rid}: {value!r} is not an amount") from exc


_MCC_RANGE = re.compile(r"^(\d{4})(?:-(\d{4}))?$")


def _check_mcc(rid: str, code: str) -> str:
    text = code.strip()
    m = _MCC_RANGE.match(text)
    if m is None or (m[2] is not None and m[2] < m[1]):
        raise MoneyError(f"rule {rid}: {code!r} is not a four-digit MCC or a range such as 3000-3299")
    return text


def _mcc_in(code: str, spec: str) -> bool:
    lo, _, hi = spec.partition("-")
    return lo <= code <= (hi or lo)


# --------------------------------------------------------------------------- rule sets


@dataclass(frozen=True)
class _Builtin:
    categories: dict[str, Category]
    rules: tuple[Rule, ...]


@cache
def _builtin() -> _Builtin:
    path = resource_path(*RULES_FILE)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise MoneyError(f"the built-in money rules are missing ({path})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise MoneyError(f"the built-in money rules cannot be read ({path}: {exc})") from exc
    categories = {
        key: Category(
            key=key,
            label=str(entry["label"]),
            label_ko=str(entry.get("label_ko") or entry["label"]),
            spending=bool(entry.get("spending", True)),
        )
        for key, entry in data.get("categories", {}).items()
    }
    for needed in ("income", "other"):
        if needed not in categories:
            raise MoneyError(f"the built-in money rules have no {needed!r} category ({path})")
    rules = tuple(Rule.from_json(entry, "builtin") for entry in data.get("rule", []))
    for rule in rules:
        if rule.category not in categories:
            raise MoneyError(f"built-in rule {rule.id} names an unknown category {rule.category!r}")
    if len({r.id for r in rules}) != len(rules):
        raise MoneyError(f"the built-in money rules repeat an id ({path})")
    return _Builtin(categories, rules)


class Rules:
    """An ordered set of rules and the categories they give: the person's rules, then the built-in ones."""

    def __init__(self, mine: Iterable[Rule] = (), builtin: Iterable[Rule] | None = None) -> None:
        base = _builtin()
        self._categories = base.categories
        own = sorted(mine, key=lambda r: r.created, reverse=True)  # the newest first ...
        own.sort(key=lambda r: -r.priority)  # ... within each priority (the sort is stable)
        shipped = list(base.rules if builtin is None else builtin)
        order = {r.id: i for i, r in enumerate(shipped)}
        shipped.sort(key=lambda r: (-r.priority, order[r.id]))
        self._mine = own
        self._builtin = shipped

    @classmethod
    def builtin(cls) -> Rules:
        """The built-in rules alone."""
        return _builtin_rules()

    @classmethod
    def load(cls, vault: Vault) -> Rules:
        """The person's rules from the vault, then the built-in rules they did not turn off."""
        off = set(_builtin_off(vault))
        base = _builtin().rules
        return cls(my_rules(vault), [replace(r, enabled=False) if r.id in off else r for r in base])

    def __iter__(self) -> Iterator[Rule]:
        """Every rule in the order they are tried (turned-off built-in rules included)."""
        yield from self._mine
        yield from self._builtin

    @property
    def mine(self) -> list[Rule]:
        """The person's own rules, in the order they are tried."""
        return list(self._mine)

    def categories(self) -> list[Category]:
        """Every category, in the order views show them."""
        return list(self._categories.values())

    def category(self, key: str) -> Category:
        """The category ``key`` (MoneyError, listing the known ones, for an unknown key)."""
        found = self._categories.get(key.strip().lower())
        if found is None:
            known = ", ".join(self._categories)
            raise MoneyError(f"unknown category {key!r}; the categories are: {known}")
        return found

    def rule(self, rule_id: str) -> Rule:
        """The rule ``rule_id`` (``mine:`` / ``builtin:`` prefix optional); NotFound otherwise."""
        plain = rule_id.split(":", 1)[1] if rule_id.startswith(("mine:", "builtin:")) else rule_id
        for rule in self:
            if rule.id == plain and (rule_id == plain or rule.ref == rule_id):
                return rule
        raise NotFound(f"no money rule {rule_id!r}", hint=SeeList("money_rules"))

    def categorise(self, record: Record) -> Category:
        """The category of ``record`` and the rule that chose it."""
        facts = Facts.of(record)
        for rule in self:
            if not rule.enabled:
                continue
            found = rule.match(facts)
            if found is not None:
                base = self._categories.get(rule.category) or self._categories["other"]
                return replace(base, rule=rule.ref, why=found[0], why_ko=found[1])
        if facts.amount is not None and facts.amount > 0 and record.kind in ("transaction", "installment"):
            income = self._categories["income"]
            return replace(income, rule="default:in", why="money in that no rule names", why_ko="규칙에 없는 입금")
        other = self._categories["other"]
        if facts.amount is not None and facts.amount > 0:  # a refund or discount of a merchant no rule names
            return replace(other, rule="default:refund", why="money back that no rule names", why_ko="규칙에 없는 환불")
        return replace(other, rule="default:out", why="money out that no rule names", why_ko="규칙에 없는 출금")


@cache
def _builtin_rules() -> Rules:
    return Rules()


def category_of(record: Record, rules: Rules | None = None) -> Category:
    """The category of a bank or card transaction (built-in rules unless ``rules`` is given).

    ``category.key`` is one of the built-in keys (``medical``, ``pharmacy``, ``dental``,
    ``korean_medicine``, ``energy``, ``telecom``, ``transport``, ``groceries``, ``dining``, ``shopping``,
    ``housing``, ``insurance``, ``transfer``, ``income``, ``subscriptions``, ``other`` ...);
    ``category.rule`` names the rule that chose it and ``category.explain(lang)`` says why.
    """
    return (rules or Rules.builtin()).categorise(record)


def categories() -> list[Category]:
    """Every built-in category, in the order views show them."""
    return Rules.builtin().categories()


# --------------------------------------------------------------------------- the person's rules


def my_rules(vault: Vault) -> list[Rule]:
    """The person's own rules as the vault keeps them (a damaged entry is skipped, not fatal)."""
    out: list[Rule] = []
    for key in vault.cache_keys(RULE_PREFIX):
        data = vault.cache_get(key)
        if not isinstance(data, dict):
            continue
        try:
            out.append(Rule.from_json(data, "mine"))
        except MoneyError:
            continue
    return out


def _builtin_off(vault: Vault) -> list[str]:
    value = vault.cache_get(BUILTIN_OFF_KEY)
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _save(vault: Vault, rule: Rule) -> None:
    vault.cache_set(RULE_PREFIX + rule.id, rule.to_json())


def add_rule(
    vault: Vault,
    category: str,
    *,
    payee: Sequence[str] = (),
    payee_is: Sequence[str] = (),
    regex: str | None = None,
    mcc: Sequence[str] = (),
    direction: Direction | None = None,
    amount_min: Decimal | None = None,
    amount_max: Decimal | None = None,
    account: str | None = None,
    priority: int = 0,
    note: str = "",
) -> Rule:
    """Add one of the person's rules (it comes before every built-in rule) and return it."""
    key = Rules.builtin().category(category).key
    rule = Rule(
        id=uuid.uuid4().hex[:8],
        category=key,
        payee=tuple(payee),
        payee_is=tuple(payee_is),
        regex=regex or None,
        mcc=tuple(mcc),
        direction=direction,
        amount_min=amount_min,
        amount_max=amount_max,
        account=account or None,
        priority=priority,
        source="mine",
        created=_now(),
        note=note,
    )
    if amount_min is not None and amount_max is not None and amount_min > amount_max:
        raise MoneyError("the smallest amount is larger than the largest")
    _save(vault, rule)
    vault.audit("money.rule.add", {"rule": rule.id, "category": key})
    return rule


def delete_rule(vault: Vault, rule_id: str) -> Rule:
    """Delete one of the person's rules, or turn a built-in rule off; returns the rule."""
    rule = Rules.load(vault).rule(rule_id)
    if rule.source == "mine":
        vault.cache_delete(RULE_PREFIX + rule.id)
        vault.audit("money.rule.delete", {"rule": rule.id})
    else:
        off = _builtin_off(vault)
        if rule.id not in off:
            vault.cache_set(BUILTIN_OFF_KEY, [*off, rule.id])
        vault.audit("money.rule.off", {"rule": rule.id})
    return rule


def restore_rule(vault: Vault, rule_id: str) -> Rule:
    """Turn a built-in rule the person turned off back on; returns it."""
    rule = Rules.load(vault).rule(rule_id)
    if rule.source != "builtin":
        raise MoneyError(f"rule {rule.id} is one of yours; only built-in rules are turned off and on")
    vault.cache_set(BUILTIN_OFF_KEY, [r for r in _builtin_off(vault) if r != rule.id])
    vault.audit("money.rule.on", {"rule": rule.id})
    return replace(rule, enabled=True)


def learn(vault: Vault, record: Record, category_key: str) -> Rule:
    """Learn from a correction: this record's payee gets ``category_key`` from now on.

    The payee is normalised as :func:`wallet.features.finance.normalise_payee` does; a rule the
    person already has for exactly that payee is changed rather than a second one added.
    """
    key = Rules.builtin().category(category_key).key
    payee = normalise_payee(payee_of(record))
    if not payee:
        raise MoneyError("this record names no payee to learn a rule from; add a rule with a pattern instead")
    target = normalise_text(payee)
    for rule in my_rules(vault):
        if rule.payee_is == (target,) and _only_payee(rule):
            changed = replace(rule, category=key, created=_now(), note="learnt from a correction")
            _save(vault, changed)
            vault.audit("money.rule.learn", {"rule": changed.id, "category": key, "record": record.id})
            return changed
    rule = Rule(
        id=uuid.uuid4().hex[:8],
        category=key,
        payee_is=(payee,),
        source="mine",
        created=_now(),
        note="learnt from a correction",
    )
    _save(vault, rule)
    vault.audit("money.rule.learn", {"rule": rule.id, "category": key, "record": record.id})
    return rule


def _only_payee(rule: Rule) -> bool:
    """True for a rule that names a payee and nothing else (as :func:`learn` makes them)."""
    others = (rule.payee, rule.payee_end, rule.regex, rule.mcc, rule.trntype, rule.kind, rule.account, rule.direction)
    return not any(others) and rule.amount_min is None and rule.amount_max is None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


__all__ = [
    "MEDICAL_KEYS",
    "Category",
    "Facts",
    "MoneyError",
    "Rule",
    "Rules",
    "add_rule",
    "categories",
    "category_of",
    "contains",
    "delete_rule",
    "ends_word",
    "learn",
    "mcc_of",
    "my_rules",
    "normalise_text",
    "restore_rule",
]
