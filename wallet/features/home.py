"""What the home screen shows for one person: a few cards, computed in one pass (no Qt here).

The desktop app (``wallet.ui.home``) calls :func:`summary` on a worker thread with its own
connection (``workers.with_reader``) and draws the result.  Every query is served by an index,
so that the home of a vault of a million records is ready as fast as the timeline's first page:

* the Medical ID: the hand-entered one (:func:`wallet.features.medical_id.load`) and the current
  imported allergies (``records(kind, start)``), allergies first;
* latest vitals: the newest reading and the daily averages of the last days with readings of
  heart rate, blood pressure, body weight and blood glucose, in canonical units, each reading
  once (``readings(person_id, mtype, t0)`` and ``readings_daily``'s primary key);
* spending: the latest month with transactions against the month before, per currency
  (``records(person_id, domain, start)``);
* energy: the latest month with readings against the same month a year before, per commodity and unit;
* the newest documents, the shares still active with their expiry, and each source (connector)
  with its last import (the ``imports`` table is small).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation

from wallet.features import energy as energy_feature
from wallet.features import measurements as m
from wallet.features import medical_id as mid
from wallet.features.finance import MONEY_KINDS
from wallet.features.share.receipts import list_shares
from wallet.model import Domain, Record
from wallet.store.vault import Vault
from wallet.terms.clock import format_when, local_day_of
from wallet.terms.measures import type_label
from wallet.terms.names import connector_name

VITALS: tuple[str, ...] = ("heart_rate", "blood_pressure", "body_weight", "blood_glucose")
"""The measurement types of the vitals card, in this order (keys of wallet.terms.measures)."""

TREND_DAYS = 14
"""How many days with readings the small trend of a vital shows."""

RECENT_DOCUMENTS = 5
IMPORTED_ALLERGIES_LIMIT = 50


@dataclass(frozen=True)
class MedicalCard:
    """The Medical ID in short: allergies first (hand-entered, then imported), then the rest."""

    allergies: list[str]
    blood_type: str | None
    conditions: list[str]
    medications: list[str]
    contacts: int

    @property
    def empty(self) -> bool:
        """True when nothing is known: the card invites the person to fill the Medical ID in."""
        return not (self.allergies or self.blood_type or self.conditions or self.medications or self.contacts)


@dataclass(frozen=True)
class Vital:
    """One measurement type: its newest reading and the daily averages of its last days (oldest first)."""

    key: str
    name: str
    latest: str
    """``72 bpm``, ``128/82 mmHg``: in the type's canonical unit."""
    when: str
    trend: list[float]
    trend2: list[float] = field(default_factory=list)
    """The second number's daily averages (diastolic blood pressure), else empty."""


@dataclass(frozen=True)
class Spending:
    """Money out in one currency: the latest month with transactions and the month before (positive sums)."""

    currency: str
    month: date
    spent: Decimal
    previous_month: date
    previous: Decimal
    received: Decimal = Decimal(0)


@dataclass(frozen=True)
class EnergyUse:
    """Use of one commodity in one unit: the latest month with readings and the same month a year before."""

    commodity: str
    unit: str
    month: date
    total: float
    last_year: float | None


@dataclass(frozen=True)
class DocumentItem:
    """A recent document: its title and the day it is dated."""

    record_id: str
    title: str
    day: str


@dataclass(frozen=True)
class ShareItem:
    """A share that still stands: to whom, why, until when (None: no expiry)."""

    share_id: str
    recipient: str
    purpose: str
    expires: str | None


@dataclass(frozen=True)
class SourceItem:
    """A connector that imported something, with its last import."""

    connector: str
    name: str
    last_import: str
    """When the last import of it finished (or started), as the clock shows times."""
    imports: int
    added: int
    last_status: str


@dataclass(frozen=True)
class Home:
    """Everything the home screen shows for one person."""

    empty: bool
    """No record of this person yet: the home shows how to start instead of cards."""
    medical: MedicalCard
    vitals: list[Vital]
    spending: list[Spending]
    energy: list[EnergyUse]
    documents: list[DocumentItem]
    shares: list[ShareItem]
    sources: list[SourceItem]
    pending: tuple[str, ...] = ()
    """Cards still being read (``"money"``, ``"energy"``): :func:`first` leaves them to :func:`rest`."""
    goals: list[GoalItem] = field(default_factory=list)
    """The person's own goals (wallet.features.insights.goals) with their progress."""


@dataclass(frozen=True)
class GoalItem:
    """A goal as the home card shows it: what, how far (0..1), and the sentence that says where the person is."""

    name: str
    fraction: float
    text: str


def goal_items(vault: Vault, person_id: str, lang: str = "en") -> list[GoalItem]:
    """The person's goals with their progress (steps over the last days, weight, blood pressure, sleep)."""
    from wallet.features.insights.goals import goals, progress

    out = []
    for goal in goals(vault, person_id):
        p = progress(vault, person_id, goal, lang=lang)
        out.append(GoalItem(f"{goal.label(lang)}: {goal.target_text(lang)}", p.fraction, p.text))
    return out


def _has_records(vault: Vault, person_id: str | None) -> bool:
    if person_id:
        row = vault.conn.execute("SELECT 1 FROM records WHERE person_id = ? LIMIT 1", (person_id,)).fetchone()
    else:
        row = vault.conn.execute("SELECT 1 FROM records LIMIT 1").fetchone()
    return row is not None


def _of_kind(vault: Vault, person_id: str, kind: str, limit: int, connector: str | None = None) -> list[Record]:
    """The newest records of one kind of a person, through the ``(kind, start)`` index.

    The planner would otherwise take ``(person_id, start)`` and read every record of the person.
    """
    sql = "SELECT id FROM records WHERE kind = ? AND +person_id = ?"
    args: list[object] = [kind, person_id]
    if connector is not None:
        sql += " AND connector = ?"
        args.append(connector)
    rows = vault.conn.execute(sql + " ORDER BY start DESC LIMIT ?", [*args, limit]).fetchall()
    return [vault.get(str(r[0])) for r in rows]


MANUAL_HEALTH_KINDS = ("AllergyIntolerance", "Condition", "MedicationStatement", "Device")
"""The kinds of the hand-entered Medical ID's health records (the rest are profile records)."""


def _manual_medical_id(vault: Vault, person_id: str) -> mid.MedicalId:
    """:func:`wallet.features.medical_id.load`, through indexes only."""
    records = vault.records(person_id=person_id, domain=Domain.PROFILE, connector=mid.CONNECTOR_ID)
    for kind in MANUAL_HEALTH_KINDS:
        records += _of_kind(vault, person_id, kind, 10_000, mid.CONNECTOR_ID)
    return mid.from_records([r for r in records if mid.TAG in r.tags])


def medical_card(vault: Vault, person_id: str) -> MedicalCard:
    """The person's Medical ID in short, imported allergies added after the hand-entered ones."""
    manual = _manual_medical_id(vault, person_id)
    allergies = [a.substance for a in manual.allergies]
    seen = {a.casefold() for a in allergies}
    for rec in _of_kind(vault, person_id, "AllergyIntolerance", IMPORTED_ALLERGIES_LIMIT):
        if rec.provenance.connector_id == mid.CONNECTOR_ID:
            continue
        status = rec.payload.get("clinicalStatus")
        codes = [c.get("code") for c in (status or {}).get("coding", []) or [] if isinstance(c, dict)]
        if codes and str(codes[0]).lower() in {"inactive", "resolved", "entered-in-error"}:
            continue
        name = mid.resource_name(rec.payload) or rec.title
        if name.casefold() not in seen:
            seen.add(name.casefold())
            allergies.append(name)
    return MedicalCard(
        allergies=allergies,
        blood_type=manual.blood_type,
        conditions=[c.name for c in manual.conditions],
        medications=[x.name for x in manual.medications],
        contacts=len(manual.contacts),
    )


def vitals(vault: Vault, person_id: str | None, lang: str = "en") -> list[Vital]:
    """The vitals the person has, each with its newest reading and a small trend."""
    out: list[Vital] = []
    for key in VITALS:
        newest = m.samples(vault, key, person_id, limit=1, lang=lang)
        if not newest:
            continue
        s = newest[0]
        days = list(reversed(m.daily(vault, key, person_id, limit=TREND_DAYS, lang=lang)))
        when = s.local_start or s.start
        try:
            shown = format_when(datetime.fromisoformat(when.replace("Z", "+00:00")), date_only=s.date_only)
        except ValueError:
            shown = when
        out.append(
            Vital(
                key=key,
                name=type_label(key, lang),
                latest=s.text,
                when=shown,
                trend=[d.average for d in days],
                trend2=[d.average2 for d in days if d.average2 is not None],
            )
        )
    return out


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _previous_month(month: date) -> date:
    return (month - timedelta(days=1)).replace(day=1)


_SPENDING_SQL = (
    "SELECT substr(coalesce(data->>'$.start', start), 1, 10), "
    "trim(coalesce(nullif(unit, ''), data->>'$.payload.currency', data->>'$.payload.curdef', '')), "
    "data->'$.payload.amount', value FROM records "
    "WHERE person_id = ? AND domain = 'finance' AND kind IN ({kinds}) AND start >= ?"
)


def _amount(raw: str | None, value: float | None) -> Decimal | None:
    """:func:`wallet.features.finance.record_amount` of a row: the payload's exact amount, else the value."""
    if raw is not None and not raw.startswith(("{", "[", "true", "false", "null")):
        try:
            amount = Decimal(raw.strip('"').strip())
        except InvalidOperation:
            amount = None
        if amount is not None and amount.is_finite():
            return amount
    return Decimal(repr(value)) if value is not None else None


def spending(vault: Vault, person_id: str) -> list[Spending]:
    """Money out in the latest month with transactions and the month before, per currency.

    Read as :func:`wallet.features.finance.ledgers` reads transactions (the payload's exact amount,
    the record's currency, each transaction's own day), but summed from the rows without building
    records: the months of a busy account are thousands of them.
    """
    newest = vault.records(person_id=person_id, domain=Domain.FINANCE, kinds=MONEY_KINDS, limit=1)
    day = local_day_of(newest[0]) if newest else None
    if day is None:
        return []
    month = _month_start(day)
    previous = _previous_month(month)
    since = (previous - timedelta(days=1)).isoformat()  # a day early: ``start`` is UTC, the days are each record's own
    sql = _SPENDING_SQL.format(kinds=",".join("?" * len(MONEY_KINDS)))
    sums: dict[str, list[Decimal]] = {}
    for own_day, currency, raw, value in vault.conn.execute(sql, [person_id, *MONEY_KINDS, since]):
        amount = _amount(raw, value)
        if amount is None or not own_day:
            continue
        row_month = own_day[:7]
        if row_month not in (month.isoformat()[:7], previous.isoformat()[:7]):
            continue
        entry = sums.setdefault(str(currency), [Decimal(0), Decimal(0), Decimal(0)])
        if amount < 0:
            entry[0 if row_month == month.isoformat()[:7] else 1] -= amount
        elif row_month == month.isoformat()[:7]:
            entry[2] += amount
    return [
        Spending(currency, month, spent, previous, before, received)
        for currency, (spent, before, received) in sorted(sums.items())
    ]


_ENERGY_SQL = (
    "SELECT substr(coalesce(data->>'$.payload.local_start', data->>'$.start', start), 1, 7) AS month, "
    "coalesce(data->>'$.payload.commodity', 'energy') AS commodity, unit, sum(value) "
    "FROM records WHERE person_id = ? AND domain = 'energy' AND kind = 'interval_reading' "
    "AND start >= ? AND start < ? AND value IS NOT NULL AND unit IN ({units}) "
    "AND coalesce(data->>'$.payload.accumulation', 'none') IN ('deltaData', 'none') "
    "GROUP BY month, commodity, unit"
)


def _energy_month(vault: Vault, person_id: str, month: date) -> dict[tuple[str, str], float]:
    """Per (commodity, unit): the sum of a local month's interval readings.

    What :func:`wallet.features.energy.monthly_totals` counts (per-interval amounts in units of
    amount), summed by the database: a month of 15-minute readings is thousands of records.  The
    month is each reading's local one (its ``local_start``, else the offset it carries).
    """
    units = sorted(energy_feature.SUMMABLE_UNITS)
    sql = _ENERGY_SQL.format(units=",".join("?" * len(units)))
    end = (month + timedelta(days=32)).replace(day=1)
    bounds = [(month - timedelta(days=1)).isoformat(), (end + timedelta(days=1)).isoformat()]
    wanted = month.isoformat()[:7]
    return {
        (str(commodity), str(unit)): float(total)
        for m_, commodity, unit, total in vault.conn.execute(sql, [person_id, *bounds, *units])
        if m_ == wanted and total is not None
    }


def energy_use(vault: Vault, person_id: str) -> list[EnergyUse]:
    """Use in the latest month with readings, against the same month a year before, per commodity and unit."""
    newest = vault.records(person_id=person_id, domain=Domain.ENERGY, kind="interval_reading", limit=1)
    day = local_day_of(newest[0]) if newest else None
    if day is None:
        return []
    month = _month_start(day)
    now = _energy_month(vault, person_id, month)
    then = _energy_month(vault, person_id, month.replace(year=month.year - 1))
    return [EnergyUse(c, u, month, total, then.get((c, u))) for (c, u), total in sorted(now.items())]


def documents(vault: Vault, person_id: str | None, limit: int = RECENT_DOCUMENTS) -> list[DocumentItem]:
    """The newest documents (by the date they carry)."""
    out = []
    for rec in vault.records(person_id=person_id, domain=Domain.DOCUMENTS, limit=limit):
        day = local_day_of(rec)
        out.append(DocumentItem(rec.id, rec.title, day.isoformat() if day else ""))
    return out


def active_shares(vault: Vault, person_id: str | None) -> list[ShareItem]:
    """The shares that still stand (not withdrawn, not expired), soonest expiry first."""
    items = [
        ShareItem(s.id, s.recipient_label, s.purpose, s.expires)
        for s in list_shares(vault, person_id)
        if s.effective_status == "active"
    ]
    return sorted(items, key=lambda s: (s.expires is None, s.expires or ""))


def sources(vault: Vault, lang: str = "en") -> list[SourceItem]:
    """Each connector that imported something, with its last import, newest first."""
    by: dict[str, SourceItem] = {}
    for item in vault.imports():  # newest first
        connector = str(item["connector"])
        report = item.get("report") or {}
        added = int(report.get("added", 0) or 0) if isinstance(report, dict) else 0
        old = by.get(connector)
        if old is None:
            stamp = str(item.get("finished") or item.get("started") or "")
            try:
                shown = format_when(datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone())
            except ValueError:
                shown = stamp
            by[connector] = SourceItem(connector, connector_name(connector, lang), shown, 1, added, str(item["status"]))
        else:
            by[connector] = SourceItem(
                connector, old.name, old.last_import, old.imports + 1, old.added + added, old.last_status
            )
    return list(by.values())


def _newest(vault: Vault, person_id: str, domain: Domain, kinds: Sequence[str]) -> bool:
    return bool(vault.records(person_id=person_id, domain=domain, kinds=kinds, limit=1))


def first(vault: Vault, person_id: str | None, lang: str = "en") -> Home:
    """The cards read in a few milliseconds; spending and energy (months of rows) are left ``pending``."""
    person = person_id or vault.holder().id
    if not _has_records(vault, person):
        return Home(True, MedicalCard([], None, [], [], 0), [], [], [], [], active_shares(vault, person), [])
    pending = []
    if _newest(vault, person, Domain.FINANCE, MONEY_KINDS):
        pending.append("money")
    if _newest(vault, person, Domain.ENERGY, ("interval_reading",)):
        pending.append("energy")
    return Home(
        empty=False,
        medical=medical_card(vault, person),
        vitals=vitals(vault, person, lang),
        spending=[],
        energy=[],
        documents=documents(vault, person),
        shares=active_shares(vault, person),
        sources=sources(vault, lang),
        pending=tuple(pending),
        goals=goal_items(vault, person, lang),
    )


def rest(vault: Vault, person_id: str | None, home: Home) -> Home:
    """``home`` with its pending cards (spending, energy) read."""
    person = person_id or vault.holder().id
    return replace(
        home,
        spending=spending(vault, person) if "money" in home.pending else home.spending,
        energy=energy_use(vault, person) if "energy" in home.pending else home.energy,
        pending=(),
    )


def summary(vault: Vault, person_id: str | None, lang: str = "en") -> Home:
    """What the home screen of ``person_id`` shows (the holder for None), every card read."""
    return rest(vault, person_id, first(vault, person_id, lang))


__all__: Sequence[str] = (
    "VITALS",
    "DocumentItem",
    "EnergyUse",
    "GoalItem",
    "Home",
    "MedicalCard",
    "ShareItem",
    "SourceItem",
    "Spending",
    "Vital",
    "first",
    "goal_items",
    "rest",
    "summary",
)
