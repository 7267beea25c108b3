"""``mydata-wallet money ...``: every account and card in one view, spending by category, rules, recurring payments.

``money summary`` shows the accounts with their balances, the net worth per currency (and a total
in one currency only at rates the person entered or a file carries, each named), income and
spending of a month against the month before, and spending by category.  ``money categories``
lists spending per category and month with a bar for each; ``money list`` the month's movements
with their categories and why; ``money rules`` the rules (the person's first), and ``money
recategorise`` teaches one from a correction.  ``money recurring`` lists recurring payments with
their next expected date; ``money rate set`` keeps an exchange rate.

Without ``--person`` the view holds everyone's accounts in the vault.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.termsafe import echo, echo_json, shown

if TYPE_CHECKING:
    from wallet.features.money.accounts import AccountSummary, Conversion, MoneyView, Rate
    from wallet.features.money.categories import Category, Rule
    from wallet.features.money.recurring import Recurring
    from wallet.store.vault import Vault

BAR_WIDTH = 24
LANGS = click.Choice(["en", "ko"])


def _pad(text: str, width: int) -> str:
    """``text`` padded to ``width`` terminal columns (Korean letters take two)."""
    import unicodedata

    used = sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)
    return text + " " * max(0, width - used)


def _cut(text: str, width: int) -> str:
    """``text`` (shown safely) cut to ``width`` terminal columns and padded to them."""
    import unicodedata

    out, used = "", 0
    for ch in shown(text):
        w = 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
        if used + w > width:
            break
        out, used = out + ch, used + w
    return _pad(out, width)


def _money(amount: Decimal, currency: str, lang: str = "en") -> str:
    from wallet.terms.money import format_money

    return format_money(amount, currency, lang, style="code", rounded=True)


def _person(vault: Vault, person: str | None) -> tuple[str | None, str]:
    """(person id or None, whose money this is in words)."""
    if person is None:
        return None, "everyone in the vault"
    p = vault.resolve_person(person)
    return p.id, (p.name or p.id) + (" (holder)" if p.is_holder else "")


def _month(view: MoneyView, month: str | None) -> tuple[str | None, str]:
    """(month, how it was chosen): the one given, else the latest with movements."""
    from wallet.features.money.accounts import month_of

    if month is not None:
        return month_of(month), ""
    months = view.month_list()
    return (months[-1], " (the latest month with transactions)") if months else (None, "")


def _rate_json(rate: Rate | None) -> dict[str, Any] | None:
    if rate is None:
        return None
    return {
        "from": rate.source_currency,
        "to": rate.target_currency,
        "rate": str(rate.rate),
        "on": rate.on.isoformat() if rate.on else None,
        "origin": rate.origin,
        "where": rate.where or None,
        "text": rate.describe(),
    }


def _account_json(acc: AccountSummary) -> dict[str, Any]:
    from wallet.features.money.accounts import balance_history

    days = balance_history(acc).days  # as the app's charts: each day as the files state it, none made up
    return {
        "key": acc.account.key,
        "label": acc.account.label,
        "kind": acc.kind,
        "currency": acc.account.currency,
        "balance": str(acc.balance) if acc.balance is not None else None,
        "balance_known": acc.balance_known,
        "as_of": acc.as_of.isoformat() if acc.as_of else None,
        "first": acc.first.isoformat() if acc.first else None,
        "sources": list(acc.sources),
        "history": [[d.day.isoformat(), str(d.balance)] for d in days],
    }


def _category_json(c: Category) -> dict[str, Any]:
    return {"key": c.key, "label": c.label, "label_ko": c.label_ko}


def _conversion_json(conv: Conversion) -> dict[str, Any]:
    return {
        "currency": conv.target,
        "total": str(conv.total),
        "lines": [
            {
                "currency": c.currency,
                "amount": str(c.amount),
                "value": str(c.value) if c.value is not None else None,
                "rate": _rate_json(c.rate),
            }
            for c in conv.lines
        ],
        "missing": conv.missing,
    }


def _bar(value: Decimal, most: Decimal) -> str:
    if most <= 0 or value <= 0:
        return ""
    return "#" * max(1, round(BAR_WIDTH * float(value / most)))


def _rule_line(rule: Rule) -> str:
    state = "" if rule.enabled else "  [off]"
    note = f"  ({rule.note})" if rule.note else ""
    return f"{rule.ref:<32} -> {rule.category:<16} {shown(rule.describe())}{note}{state}"


def _recurring_json(r: Recurring, today: Any) -> dict[str, Any]:
    return {
        "payee": r.payee,
        "key": r.key,
        "currency": r.currency,
        "direction": r.direction,
        "period": r.period.name,
        "period_days": r.period.days,
        "amount": str(r.amount),
        "amount_low": str(r.amount_low),
        "amount_high": str(r.amount_high),
        "count": r.count,
        "first": r.first.isoformat(),
        "last": r.last.isoformat(),
        "next": r.next_date.isoformat(),
        "status": r.status(today),
        "subscription": r.subscription,
        "category": _category_json(r.category),
        "records": list(r.record_ids),
    }


def register(group: click.Group) -> None:
    """Add the ``money`` commands (summary, categories, list, rules, recategorise, recurring, rate)."""
    from wallet.cli.context import vault_command  # here, not at the top: wallet.cli imports this module while loading

    @group.group("money")
    def money() -> None:
        """Money: all accounts and cards, spending by category, recurring payments."""

    person_option = click.option("--person", help="Only this person's accounts (name or id; default: everyone's).")
    month_option = click.option("--month", metavar="YYYY-MM", help="The month (default: the latest with any).")
    lang_option = click.option("--lang", type=LANGS, default="en", show_default=True, help="Category names in.")

    @money.command("summary")
    @month_option
    @person_option
    @click.option("--in", "target", metavar="CUR", help="Also a total in this currency, at your rates or a file's.")
    @lang_option
    @click.option("--json", "as_json", is_flag=True)
    @vault_command
    def summary(
        vault: Vault, month: str | None, person: str | None, target: str | None, lang: str, as_json: bool
    ) -> None:
        """Accounts with balances, net worth per currency, income and spending against last month, categories."""
        from wallet.features.money.accounts import convert, entered_rates, load_money, previous_month

        pid, whose = _person(vault, person)
        view = load_money(vault, pid)
        chosen, why = _month(view, month)
        before = previous_month(chosen) if chosen else None
        months = {(m.month, m.currency): m for m in view.months()}
        worth = view.net_worth()
        conversion = convert(worth, target, entered_rates(vault), view.file_rates) if target else None
        cats = view.by_category(chosen) if chosen else []
        currencies = sorted({c for (m, c) in months if m in (chosen, before)})
        if as_json:
            echo_json(
                {
                    "person": pid,
                    "month": chosen,
                    "previous_month": before,
                    "accounts": [_account_json(a) for a in view.accounts],
                    "net_worth": {c: str(v) for c, v in worth.items()},
                    "balance_unknown": [a.account.label for a in view.unknown_balances()],
                    "months": [
                        {
                            "month": m.month,
                            "currency": m.currency,
                            "income": str(m.income),
                            "spending": str(m.spending),
                            "transfers_in": str(m.transfers_in),
                            "transfers_out": str(m.transfers_out),
                            "moved_between_own_accounts": str(m.moved),
                            "net": str(m.net),
                            "count": m.count,
                        }
                        for m in view.months()
                        if m.month in (chosen, before)
                    ],
                    "categories": [
                        {
                            **_category_json(c.category),
                            "month": c.month,
                            "currency": c.currency,
                            "spent": str(c.spent),
                            "paid": str(c.money_out),
                            "refunds": str(c.refunds),
                            "count": c.count,
                        }
                        for c in cats
                    ],
                    "total": _conversion_json(conversion) if conversion else None,
                }
            )
            return
        echo(f"Money of {whose}")
        if not view.accounts:
            echo("No bank or card statements yet: import one with  mydata-wallet import FILE")
            return
        echo("")
        echo("Accounts and cards")
        for acc in view.accounts:
            label = _cut(f"{acc.kind:<5} {acc.account.label or '(no account named)'}", 44)
            if acc.balance is not None:
                day = f"  on {acc.as_of.isoformat()}" if acc.as_of else ""
                echo(f"  {label} {_money(acc.balance, acc.account.currency, lang):>22}{day}")
            else:
                echo(f"  {label} {'balance not known':>22}  ({acc.account.currency or 'no currency'})")
        echo("")
        echo("Net worth (known balances; each currency apart)")
        for cur, value in worth.items():
            echo(f"  {_money(value, cur, lang):>26}")
        if not worth:
            echo("  no account states its balance")
        unknown = view.unknown_balances()
        if unknown:
            echo(f"  not counted: {len(unknown)} account(s) or card(s) whose statements give no balance")
        if conversion is not None:
            echo("")
            echo(f"Total in {conversion.target}: {_money(conversion.total, conversion.target, lang)}")
            for line in conversion.lines:
                if line.rate is not None and line.value is not None:
                    echo(f"  {_money(line.amount, line.currency, lang)} at {line.rate.describe()}")
                elif line.value is None:
                    echo(
                        f"  {_money(line.amount, line.currency, lang)} left out: no rate "
                        f"(mydata-wallet money rate set {line.currency} {conversion.target} RATE)"
                    )
        if chosen is None:
            return
        echo("")
        echo(f"{chosen}{why} against {before}")
        for cur in currencies:
            now = months.get((chosen, cur))
            was = months.get((before or "", cur))
            for name in ("income", "spending"):
                a = getattr(now, name) if now else Decimal(0)
                b = f"was {_money(getattr(was, name), cur, lang)}" if was else f"nothing in {before}"
                echo(f"  {name:<9} {_money(a, cur, lang):>22}   ({b})")
            if now and (now.transfers_in or now.transfers_out):
                echo(
                    f"  transfers in {_money(now.transfers_in, cur, lang)}, out {_money(now.transfers_out, cur, lang)}"
                )
            if now and now.moved:
                echo(f"  moved between your own accounts: {_money(now.moved, cur, lang)} (not spending)")
        if cats:
            echo("")
            echo(f"Spending by category, {chosen}")
            for c in cats:
                name = _pad(c.category.name(lang), 24)
                echo(f"  {name} {_money(c.spent, c.currency, lang):>22}  {c.count:>3} payment(s)")

    @money.command("categories")
    @month_option
    @person_option
    @lang_option
    @click.option("--json", "as_json", is_flag=True)
    @vault_command
    def categories_cmd(vault: Vault, month: str | None, person: str | None, lang: str, as_json: bool) -> None:
        """Spending per category and month (every month, or the one given), with a bar for each."""
        from wallet.features.money.accounts import load_money, month_of

        pid, whose = _person(vault, person)
        view = load_money(vault, pid)
        rows = view.by_category(month_of(month) if month else None)
        if as_json:
            echo_json(
                [
                    {
                        **_category_json(c.category),
                        "month": c.month,
                        "currency": c.currency,
                        "spent": str(c.spent),
                        "paid": str(c.money_out),
                        "refunds": str(c.refunds),
                        "count": c.count,
                    }
                    for c in rows
                ]
            )
            return
        echo(f"Spending by category: {whose}")
        if not rows:
            echo("  nothing spent" + (f" in {month}" if month else ""))
            return
        current: tuple[str, str] | None = None
        for c in rows:
            if (c.month, c.currency) != current:
                current = (c.month, c.currency)
                most = max(x.spent for x in rows if (x.month, x.currency) == current)
                echo("")
                echo(f"{c.month} ({c.currency})")
            echo(f"  {_pad(c.category.name(lang), 24)} {_money(c.spent, c.currency, lang):>22}  {_bar(c.spent, most)}")

    @money.command("list")
    @month_option
    @person_option
    @click.option("--category", help="Only this category (a key such as medical, groceries).")
    @lang_option
    @click.option("--json", "as_json", is_flag=True)
    @vault_command
    def list_cmd(
        vault: Vault, month: str | None, person: str | None, category: str | None, lang: str, as_json: bool
    ) -> None:
        """The month's movements with their category and the rule that chose it (ids for recategorise)."""
        from wallet.features.money.accounts import load_money

        pid, whose = _person(vault, person)
        view = load_money(vault, pid)
        chosen, why = _month(view, month)
        key = view.rules.category(category).key if category else None
        rows = [e for e in view.entries if e.month == chosen and (key is None or e.category.key == key)]
        if as_json:
            echo_json(
                [
                    {
                        "record": e.record_id,
                        "day": e.day.isoformat(),
                        "account": e.account.label,
                        "payee": e.payee,
                        "memo": e.memo,
                        "amount": str(e.amount),
                        "currency": e.currency,
                        "kind": e.kind,
                        "category": _category_json(e.category),
                        "rule": e.category.rule,
                        "why": e.category.explain(lang),
                        "between_own_accounts": e.internal,
                    }
                    for e in rows
                ]
            )
            return
        echo(f"Money of {whose}, {chosen or 'no month'}{why}")
        for e in rows:
            own = "  [between your accounts]" if e.internal else ""
            echo(
                f"  {e.record_id[:12]}  {e.day.isoformat()}  {_money(e.amount, e.currency, lang):>20}  "
                f"{_cut(e.payee, 32)}  {e.category.name(lang)}  ({e.category.explain(lang)}){own}"
            )
        if not rows:
            echo("  no movements")

    @money.group("rules")
    def rules() -> None:
        """Category rules: yours come first, then the built-in ones."""

    @rules.command("list")
    @click.option("--mine", is_flag=True, help="Only your own rules.")
    @click.option("--json", "as_json", is_flag=True)
    @vault_command
    def rules_list(vault: Vault, mine: bool, as_json: bool) -> None:
        """Every rule in the order they are tried."""
        from wallet.features.money.categories import Rules

        every = [r for r in Rules.load(vault) if r.source == "mine" or not mine]
        if as_json:
            echo_json([{**r.to_json(), "ref": r.ref, "source": r.source, "enabled": r.enabled} for r in every])
            return
        if not any(r.source == "mine" for r in every):
            echo("You have no rules of your own yet (money rules add, money recategorise).")
        for r in every:
            echo(_rule_line(r))

    @rules.command("add")
    @click.argument("pattern")
    @click.argument("category")
    @click.option("--exact", is_flag=True, help="The payee is exactly PATTERN (not: contains it).")
    @click.option("--regex", is_flag=True, help="PATTERN is a regular expression.")
    @click.option("--min", "amount_min", help="Smallest amount (its size, without sign).")
    @click.option("--max", "amount_max", help="Largest amount (its size, without sign).")
    @click.option("--direction", type=click.Choice(["in", "out"]), help="Only money in or only money out.")
    @click.option("--account", help="Only movements of an account whose number or label holds this.")
    @click.option("--priority", type=int, default=0, show_default=True, help="Higher is tried first.")
    @vault_command
    def rules_add(
        vault: Vault,
        pattern: str,
        category: str,
        exact: bool,
        regex: bool,
        amount_min: str | None,
        amount_max: str | None,
        direction: str | None,
        account: str | None,
        priority: int,
    ) -> None:
        """Add a rule: payees that contain PATTERN get CATEGORY (before every built-in rule)."""
        from wallet.features.money.categories import MoneyError, add_rule

        if exact and regex:
            raise MoneyError("choose --exact or --regex, not both")
        rule = add_rule(
            vault,
            category,
            payee=[pattern] if not (exact or regex) else [],
            payee_is=[pattern] if exact else [],
            regex=pattern if regex else None,
            amount_min=_amount(amount_min),
            amount_max=_amount(amount_max),
            direction="in" if direction == "in" else "out" if direction == "out" else None,
            account=account,
            priority=priority,
        )
        echo(f"added rule {rule.ref}: {shown(rule.describe())} -> {rule.category}")

    @rules.command("delete")
    @click.argument("rule_id")
    @vault_command
    def rules_delete(vault: Vault, rule_id: str) -> None:
        """Delete one of your rules, or turn a built-in rule off."""
        from wallet.features.money.categories import delete_rule

        rule = delete_rule(vault, rule_id)
        if rule.source == "mine":
            echo(f"deleted rule {rule.ref}")
        else:
            echo(f"turned off {rule.ref} (mydata-wallet money rules restore {rule.id} turns it on again)")

    @rules.command("restore")
    @click.argument("rule_id")
    @vault_command
    def rules_restore(vault: Vault, rule_id: str) -> None:
        """Turn a built-in rule you turned off back on."""
        from wallet.features.money.categories import restore_rule

        echo(f"turned on {restore_rule(vault, rule_id).ref}")

    @money.command("recategorise")
    @click.argument("record_id")
    @click.argument("category")
    @vault_command
    def recategorise(vault: Vault, record_id: str, category: str) -> None:
        """Give RECORD_ID's payee CATEGORY from now on (learns a rule of yours)."""
        from wallet.features.money.categories import MoneyError, learn
        from wallet.model import Domain

        record = vault.get(record_id)
        if record.domain != Domain.FINANCE:
            raise MoneyError(f"record {record_id} is not a bank or card movement")
        rule = learn(vault, record, category)
        echo(f"learnt rule {rule.ref}: {shown(rule.describe())} -> {rule.category}")

    @money.command("recurring")
    @person_option
    @click.option("--income", is_flag=True, help="Recurring money in (salary, interest) instead of payments.")
    @lang_option
    @click.option("--json", "as_json", is_flag=True)
    @vault_command
    def recurring(vault: Vault, person: str | None, income: bool, lang: str, as_json: bool) -> None:
        """Recurring payments and subscriptions: amount, period, last payment and the next expected date."""
        from datetime import date

        from wallet.features.money.accounts import load_money
        from wallet.features.money.recurring import recurring_in

        pid, whose = _person(vault, person)
        found = recurring_in(load_money(vault, pid), direction="in" if income else "out")
        today = date.today()
        if as_json:
            echo_json([_recurring_json(r, today) for r in found])
            return
        echo(f"Recurring {'money in' if income else 'payments'}: {whose}")
        if not found:
            echo("  none found (a series needs 3 payments a week, fortnight or month apart, or 2 a quarter or year)")
        for r in found:
            mark = "  subscription" if r.subscription else ""
            late = "  (overdue: perhaps stopped)" if r.status(today) == "overdue" else ""
            echo(
                f"  {_cut(r.payee, 32)} {_money(r.amount, r.currency, lang):>18} {_pad(r.period.label(lang), 11)} "
                f"last {r.last.isoformat()}  next {r.next_date.isoformat()}  x{r.count}  "
                f"{r.category.name(lang)}{mark}{late}"
            )

    @money.group("rate")
    def rate() -> None:
        """Exchange rates you enter (the wallet never fetches any)."""

    @rate.command("set")
    @click.argument("source")
    @click.argument("target")
    @click.argument("value")
    @click.option("--date", "day", metavar="YYYY-MM-DD", help="The day of the rate (default: today).")
    @vault_command
    def rate_set(vault: Vault, source: str, target: str, value: str, day: str | None) -> None:
        """Keep 1 SOURCE = VALUE TARGET (e.g. money rate set USD KRW 1380.5)."""
        from wallet.cli.context import parse_day
        from wallet.features.money.accounts import set_rate

        echo(f"kept {set_rate(vault, source, target, value, parse_day(day)).describe()}")

    @rate.command("list")
    @click.option("--json", "as_json", is_flag=True)
    @vault_command
    def rate_list(vault: Vault, as_json: bool) -> None:
        """The rates you entered and those the imported files carry."""
        from wallet.features.money.accounts import entered_rates, load_money

        mine = entered_rates(vault)
        files = load_money(vault).file_rates
        if as_json:
            echo_json({"entered": [_rate_json(r) for r in mine], "files": [_rate_json(r) for r in files]})
            return
        echo("Rates you entered" if mine else "You entered no rates (money rate set FROM TO RATE)")
        for r in mine:
            echo(f"  {r.describe()}")
        if files:
            echo("Rates the imported files carry")
            for r in files:
                echo(f"  {shown(r.describe())}")


def _amount(text: str | None) -> Decimal | None:
    from wallet.features.money.categories import MoneyError

    if text is None:
        return None
    try:
        return Decimal(text.replace(",", "").strip())
    except InvalidOperation as exc:
        raise MoneyError(f"not an amount: {text!r}") from exc
