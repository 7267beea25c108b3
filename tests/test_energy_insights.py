"""Energy insights (wallet.features.energy_insights): KEPCO bills computed by hand, use against last year.

The golden bills are written out as arithmetic with the tariff table's numbers
(resources/tariffs/kepco_residential_low_voltage_2023-05-16.toml) so a reader can check each one:
base charge of the tier reached + energy charge per tier + climate-environment charge (9.0 won/kWh)
+ fuel-cost adjustment (+5 won/kWh) = the electricity charge; VAT 10% rounded to the won; the
electricity industry fund (3.7% / 3.2% from 2024-07 / 2.7% from 2025-07) truncated to 10 won; the
total truncated to 10 won.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES

from wallet.features import energy_insights as ei
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.resources import resource_path

GB = FIXTURES / "green_button"
COASTAL = GB / "Coastal_Multi_Family_Daily_Jan_1_2011_to_Jan_1_2012_RetailCustomer_4.xml"
KEPCO = "kepco-residential-low-voltage"


def tariff(month: date) -> ei.Tariff:
    return ei.tariff_for(month, KEPCO)


def down10(x: float | Decimal) -> int:
    return int(Decimal(str(x)) / 10) * 10


def amounts(bill: ei.Bill) -> dict[str, int]:
    return {line.key: int(line.amount) for line in bill.lines}


# ----------------------------------------------------------------------------- golden bills
# (kWh, month, hand-computed lines).  Fund rate: 2.7% for months from 2025-07, 3.2% from 2024-07, 3.7% before.
GOLDEN = [
    pytest.param(
        250,
        date(2025, 8, 1),
        {
            "base": 910,  # summer tier 1 (0-300 kWh)
            "energy": 250 * 120,  # 30,000
            "climate": 250 * 9,  # 2,250
            "fuel": 250 * 5,  # 1,250
            "charge": 910 + 30_000 + 2_250 + 1_250,  # 34,410
            "vat": 3_441,  # 34,410 x 10% = 3,441.0
            "fund": 920,  # 34,410 x 2.7% = 929.07 -> 920
            "total": 38_770,  # 34,410 + 3,441 + 920 = 38,771 -> 38,770
        },
        id="summer-tier1",
    ),
    pytest.param(
        400,
        date(2025, 8, 1),
        {
            "base": 1_600,  # summer tier 2 (301-450 kWh)
            "energy": 300 * 120 + 100 * 214.6,  # 36,000 + 21,460 = 57,460
            "climate": 400 * 9,  # 3,600
            "fuel": 400 * 5,  # 2,000
            "charge": 1_600 + 57_460 + 3_600 + 2_000,  # 64,660
            "vat": 6_466,
            "fund": 1_740,  # 64,660 x 2.7% = 1,745.82 -> 1,740
            "total": 72_860,  # 64,660 + 6,466 + 1,740 = 72,866
        },
        id="summer-tier2",
    ),
    pytest.param(
        500,
        date(2025, 7, 1),
        {
            "base": 7_300,  # summer tier 3 (451+ kWh)
            "energy": 300 * 120 + 150 * 214.6 + 50 * 307.3,  # 36,000 + 32,190 + 15,365 = 83,555
            "climate": 500 * 9,  # 4,500
            "fuel": 500 * 5,  # 2,500
            "charge": 7_300 + 83_555 + 4_500 + 2_500,  # 97,855
            "vat": 9_786,  # 9,785.5 rounded half up
            "fund": 2_640,  # 97,855 x 2.7% = 2,642.085 -> 2,640
            "total": 110_280,  # 97,855 + 9,786 + 2,640 = 110,281
        },
        id="summer-tier3",
    ),
    pytest.param(
        150,
        date(2025, 10, 1),
        {
            "base": 910,  # other seasons tier 1 (0-200 kWh)
            "energy": 150 * 120,  # 18,000
            "climate": 150 * 9,  # 1,350
            "fuel": 150 * 5,  # 750
            "charge": 910 + 18_000 + 1_350 + 750,  # 21,010
            "vat": 2_101,
            "fund": 560,  # 21,010 x 2.7% = 567.27 -> 560
            "total": 23_670,  # 21,010 + 2,101 + 560 = 23,671
        },
        id="other-tier1",
    ),
    pytest.param(
        350,
        date(2025, 10, 1),
        {
            "base": 1_600,  # other seasons tier 2 (201-400 kWh)
            "energy": 200 * 120 + 150 * 214.6,  # 24,000 + 32,190 = 56,190
            "climate": 350 * 9,  # 3,150
            "fuel": 350 * 5,  # 1,750
            "charge": 1_600 + 56_190 + 3_150 + 1_750,  # 62,690
            "vat": 6_269,
            "fund": 1_690,  # 62,690 x 2.7% = 1,692.63 -> 1,690
            "total": 70_640,  # 62,690 + 6,269 + 1,690 = 70,649
        },
        id="other-tier2",
    ),
    pytest.param(
        450,
        date(2025, 10, 1),
        {
            "base": 7_300,  # other seasons tier 3 (401+ kWh)
            "energy": 200 * 120 + 200 * 214.6 + 50 * 307.3,  # 24,000 + 42,920 + 15,365 = 82,285
            "climate": 450 * 9,  # 4,050
            "fuel": 450 * 5,  # 2,250
            "charge": 7_300 + 82_285 + 4_050 + 2_250,  # 95,885
            "vat": 9_589,  # 9,588.5 rounded half up
            "fund": 2_580,  # 95,885 x 2.7% = 2,588.895 -> 2,580
            "total": 108_050,  # 95,885 + 9,589 + 2,580 = 108,054
        },
        id="other-tier3",
    ),
    pytest.param(
        1_200,
        date(2025, 1, 1),
        {
            "base": 7_300,  # January: other-season tiers, and a super-user month
            # 200 x 120 + 200 x 214.6 + 600 x 307.3 + 200 x 736.2 (above 1,000 kWh)
            "energy": 24_000 + 42_920 + 184_380 + 147_240,  # 398,540
            "climate": 1_200 * 9,  # 10,800
            "fuel": 1_200 * 5,  # 6,000
            "charge": 7_300 + 398_540 + 10_800 + 6_000,  # 422,640
            "vat": 42_264,
            "fund": 13_520,  # 422,640 x 3.2% = 13,524.48 -> 13,520
            "total": 478_420,  # 422,640 + 42,264 + 13,520 = 478,424
        },
        id="winter-super-user",
    ),
    pytest.param(
        1_200,
        date(2025, 10, 1),
        {
            "base": 7_300,  # October is no super-user month: all above 400 kWh at 307.3
            "energy": 24_000 + 42_920 + 800 * 307.3,  # 24,000 + 42,920 + 245,840 = 312,760
            "climate": 10_800,
            "fuel": 6_000,
            "charge": 7_300 + 312_760 + 10_800 + 6_000,  # 336,860
            "vat": 33_686,
            "fund": 9_090,  # 336,860 x 2.7% = 9,095.22 -> 9,090
            "total": 379_630,  # 336,860 + 33,686 + 9,090 = 379,636
        },
        id="october-no-super-user",
    ),
    pytest.param(
        1_250,
        date(2025, 8, 1),
        {
            "base": 7_300,  # August: summer tiers (300 / 450), and a super-user month
            # 300 x 120 + 150 x 214.6 + 550 x 307.3 (451-1,000 kWh) + 250 x 736.2 (above 1,000 kWh)
            "energy": 36_000 + 32_190 + 169_015 + 184_050,  # 421,255
            "climate": 1_250 * 9,  # 11,250
            "fuel": 1_250 * 5,  # 6,250
            "charge": 7_300 + 421_255 + 11_250 + 6_250,  # 446,055
            "vat": 44_606,  # 44,605.5 rounded half up
            "fund": 12_040,  # 446,055 x 2.7% = 12,043.485 -> 12,040
            "total": 502_700,  # 446,055 + 44,606 + 12,040 = 502,701
        },
        id="summer-super-user",
    ),
]


@pytest.mark.parametrize(("kwh", "month", "expected"), GOLDEN)
def test_golden_bills_computed_by_hand(kwh: int, month: date, expected: dict[str, float]) -> None:
    bill = ei.estimate_bill(kwh, month, tariff(month))
    got = amounts(bill)
    want = {k: int(Decimal(str(v)).quantize(Decimal(1), rounding=ROUND_DOWN)) for k, v in expected.items()}
    assert got == want
    assert bill.total == want["total"]
    # every line says how it was computed
    assert all(line.how for line in bill.lines)
    assert bill.line("energy") is not None and "kWh ×" in bill.line("energy").how  # type: ignore[union-attr]


def test_published_calculator_figures_2024() -> None:
    """350 kWh outside summer in 2024 (fund 3.7%), as a calculator citing KEPCO's 2024 table lists the lines:
    base 1,600, energy 56,190, climate 3,150, fuel 1,750, VAT 6,269, fund 2,310 (calc.soltools.kr/electricity)."""
    bill = ei.estimate_bill(350, date(2024, 3, 1), tariff(date(2024, 3, 1)))
    got = amounts(bill)
    assert (got["base"], got["energy"], got["climate"], got["fuel"]) == (1_600, 56_190, 3_150, 1_750)
    assert (got["vat"], got["fund"]) == (6_269, 2_310)
    assert got["total"] == down10(62_690 + 6_269 + 2_310)  # 71,269 -> 71,260


def test_rounding_matches_a_kepco_calculator_bill(tmp_path: Path) -> None:
    """The rounding rules against a bill KEPCO's own calculator gave (reported by news, 2023-08-13): 1,000 kWh in
    August 2022 -> base 7,300, energy 210,405, climate 7,300, fuel 5,000, VAT 23,001, fund 8,510, total 261,510.
    That tariff (energy 93.2/187.8/280.5, climate 7.3) is written as a swappable file here."""
    text = (resource_path("tariffs") / "kepco_residential_low_voltage_2023-05-16.toml").read_text(encoding="utf-8")
    old = (
        text.replace("in_force_from = 2023-05-16", "in_force_from = 2022-07-01")
        .replace("energy_rate = 120.0", "energy_rate = 93.2")
        .replace("energy_rate = 214.6", "energy_rate = 187.8")
        .replace("energy_rate = 307.3", "energy_rate = 280.5")
        .replace("{ from = 2023-01-01, rate = 9.0 }", "{ from = 2022-04-01, rate = 7.3 }")
        .replace("{ from = 2023-05-16, rate = 10.0 }", "{ from = 2022-07-01, rate = 10.0 }")
        .replace("{ from = 2023-05-16, rate = 3.7 }", "{ from = 2022-07-01, rate = 3.7 }")
    )
    (tmp_path / "kepco_2022.toml").write_text(old, encoding="utf-8")
    t2022 = ei.tariff_for(date(2022, 8, 1), KEPCO, folder=tmp_path)
    assert t2022.in_force_from == date(2022, 7, 1)
    got = amounts(ei.estimate_bill(1_000, date(2022, 8, 1), t2022))
    assert got == {
        "base": 7_300,
        "energy": 210_405,  # 300 x 93.2 + 150 x 187.8 + 550 x 280.5 = 27,960 + 28,170 + 154,275
        "climate": 7_300,
        "fuel": 5_000,
        "charge": 230_005,
        "vat": 23_001,  # 23,000.5 rounded half up
        "fund": 8_510,  # 8,510.185 truncated to 10 won
        "total": 261_510,  # 261,516 truncated to 10 won
    }


@pytest.mark.parametrize(
    ("month", "kwh", "tier", "base", "energy"),
    [
        (date(2025, 7, 1), 300, 1, 910, 300 * 120),  # 36,000
        (date(2025, 7, 1), 301, 2, 1_600, 36_000 + 214),  # 36,214.6 -> 36,214
        (date(2025, 7, 1), 450, 2, 1_600, 36_000 + 150 * 214.6),  # 68,190
        (date(2025, 7, 1), 451, 3, 7_300, 68_190 + 307),  # 68,497.3 -> 68,497
        (date(2025, 3, 1), 200, 1, 910, 200 * 120),  # 24,000
        (date(2025, 3, 1), 201, 2, 1_600, 24_000 + 214),  # 24,214.6 -> 24,214
        (date(2025, 3, 1), 400, 2, 1_600, 24_000 + 200 * 214.6),  # 66,920
        (date(2025, 3, 1), 401, 3, 7_300, 66_920 + 307),  # 67,227.3 -> 67,227
        (date(2025, 8, 1), 1_000, 3, 7_300, 36_000 + 32_190 + 550 * 307.3),  # 237,205: no super-user yet
        (date(2025, 8, 1), 1_001, 3, 7_300, 237_205 + 736),  # 1 kWh at 736.2 -> 237,941
    ],
)
def test_tier_boundaries(month: date, kwh: int, tier: int, base: int, energy: float) -> None:
    bill = ei.estimate_bill(kwh, month, tariff(month))
    assert bill.tier.number == tier
    assert amounts(bill)["base"] == base
    assert amounts(bill)["energy"] == int(energy)
    assert bill.super_user == (kwh > 1_000)


def test_fraction_of_a_kwh_is_not_billed_and_negative_use_is_refused() -> None:
    bill = ei.estimate_bill(300.9, date(2025, 7, 1), tariff(date(2025, 7, 1)))
    assert bill.kwh == 300 and bill.tier.number == 1
    with pytest.raises(ei.TariffError, match="negative"):
        ei.estimate_bill(-1, date(2025, 7, 1), tariff(date(2025, 7, 1)))


def test_fund_rate_follows_the_usage_month() -> None:
    rates = {}
    for month in (date(2024, 6, 1), date(2024, 7, 1), date(2025, 6, 1), date(2025, 7, 1)):
        fund = ei.estimate_bill(100, month, tariff(month)).line("fund")
        assert fund is not None
        rates[month.isoformat()] = fund.what
    assert rates == {
        "2024-06-01": "Electricity industry fund (3.7%)",
        "2024-07-01": "Electricity industry fund (3.2%)",
        "2025-06-01": "Electricity industry fund (3.2%)",
        "2025-07-01": "Electricity industry fund (2.7%)",
    }


def test_the_tariff_file_is_honest_about_its_source() -> None:
    t = tariff(date(2025, 1, 1))
    assert t.publisher.startswith("Korea Electric Power Corporation")
    assert t.in_force_from == date(2023, 5, 16)
    assert t.verified is False and "Not checked against KEPCO" in t.verification_note
    assert [s.key for s in t.seasons] == ["summer", "other"]
    assert t.season(7).key == t.season(8).key == "summer"
    assert {t.season(m).key for m in (1, 6, 9, 12)} == {"other"}
    assert [x.span() for x in t.seasons[0].tiers] == ["0-300 kWh", "301-450 kWh", "451+ kWh"]
    assert [x.span() for x in t.seasons[1].tiers] == ["0-200 kWh", "201-400 kWh", "401+ kWh"]


def test_no_tariff_before_the_first_on_file_and_unknown_ids() -> None:
    with pytest.raises(ei.TariffError, match="no tariff on file was in force on 2023-04-01"):
        ei.tariff_for(date(2023, 4, 1), KEPCO)
    with pytest.raises(ei.TariffError, match="no tariff 'nope' on file"):
        ei.tariff_for(date(2025, 4, 1), "nope")


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda s: s.replace("months = [7, 8]\n", "months = [7]\n", 1), "cover each month once"),
        (lambda s: s.replace('publisher = "Korea', 'publisherx = "Korea'), "lacks 'publisher'"),
        (lambda s: s.replace("up_to_kwh = 450", "up_to_kwh = 250"), "must be a whole number above 300"),
        (lambda s: s + "\n[[[", "cannot be read"),
    ],
)
def test_a_broken_tariff_file_says_what_is_wrong(tmp_path: Path, edit: Any, message: str) -> None:
    text = (resource_path("tariffs") / "kepco_residential_low_voltage_2023-05-16.toml").read_text(encoding="utf-8")
    (tmp_path / "t.toml").write_text(edit(text), encoding="utf-8")
    with pytest.raises(ei.TariffError, match=message):
        ei.tariffs(tmp_path)


# ----------------------------------------------------------------------------- real Green Button files
def test_use_per_month_of_a_real_year_of_readings(vault: Any) -> None:
    import_source(vault, Source(COASTAL))
    records = vault.records(domain=Domain.ENERGY, kind="interval_reading", newest_first=False)
    summary = ei.energy_summary(records)
    # independently: sum each reading by the month of its local start time as the connector wrote it
    by_month: dict[str, Decimal] = {}
    for r in records:
        key = str(r.payload["local_start"])[:7]
        by_month[key] = by_month.get(key, Decimal(0)) + Decimal(repr(r.value))
    assert [m.key for m in summary.months] == sorted(by_month)
    assert len(summary.months) == 12
    for m in summary.months:
        assert m.kwh == by_month[m.key].quantize(Decimal("0.001"))
        assert m.last_year_kwh is None and m.change_kwh is None  # one year only: no data, never 0
    assert summary.month == date(2011, 12, 1)  # the latest month with readings
    assert summary.month_use is not None and summary.month_use.complete
    # US readings (Pacific time, no cost): no tariff is known, and none is invented
    assert summary.tariff.tariff is None and "no tariff is known" in summary.tariff.reason
    assert summary.bill is None and summary.plan is None and summary.costs == []
    winter = summary.seasons[0]
    assert winter.key == "2010/11 winter" and winter.days_with_data == 59 and not winter.complete


def test_costs_from_the_file_in_its_currency(vault: Any) -> None:
    path = GB / "test_usage_data.xml"
    import_source(vault, Source(path))
    records = vault.records(domain=Domain.ENERGY, kind="interval_reading", newest_first=False)
    costs = ei.file_costs(records)
    # independently: every <cost> of the file, in hundred-thousandths of the currency (ESPI)
    root = ET.parse(path).getroot()
    raw = [int(el.text or 0) for el in root.iter() if el.tag.endswith("}cost")]
    assert raw, "the fixture carries costs"
    assert len(costs) == 1
    assert costs[0].month == date(2012, 3, 1)
    assert costs[0].currency == "USD"
    assert costs[0].cost == Decimal(sum(raw)) / 100000
    assert costs[0].readings_with_cost == costs[0].readings == len(records)


# ----------------------------------------------------------------------------- a constructed Korean household
KST = 9 * 3600


def day_reading(day: date, kwh: float, meter: str = "up/1") -> Record:
    """One day's use as a Korean meter would give it: local midnight KST (15:00 UTC the day before)."""
    start = datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=9)
    return Record(
        domain=Domain.ENERGY,
        kind="interval_reading",
        title="Electricity use",
        start=start,
        end=start + timedelta(days=1),
        value=kwh,
        unit="kWh",
        payload={
            "commodity": "electricity",
            "accumulation": "deltaData",
            "flow_direction": "forward",
            "usage_point": meter,
            "tz_offset": KST,
            "duration_s": 86400,
        },
        provenance=Provenance(connector_id="green_button", connector_version="1", source_name="kepco.xml"),
        tags=["electricity"],
    )


def household() -> list[Record]:
    """2024-01-01 to 2025-08-10: 10 kWh a day in 2024 (2024-07-10 missing), 15 a day in 2025, 16 in August 2025."""
    out = []
    day = date(2024, 1, 1)
    while day <= date(2025, 8, 10):
        if day != date(2024, 7, 10):
            kwh = 10.0 if day.year == 2024 else (16.0 if day.month == 8 else 15.0)
            out.append(day_reading(day, kwh))
        day += timedelta(days=1)
    return out


@pytest.fixture
def korean(vault: Any) -> list[Record]:
    vault.add_records(household())
    return list(vault.records(domain=Domain.ENERGY, kind="interval_reading", newest_first=False))


def test_days_months_and_seasons_against_last_year(korean: list[Record]) -> None:
    s = ei.energy_summary(korean, date(2025, 7, 1))
    days = {p.key: p for p in s.days}
    assert len(days) == 31
    assert days["2025-07-09"].kwh == 15 and days["2025-07-09"].last_year_kwh == 10
    assert days["2025-07-09"].change_kwh == 5 and days["2025-07-09"].change_percent == Decimal("50.0")
    assert days["2025-07-10"].last_year_kwh is None and days["2025-07-10"].change_kwh is None  # a missing day
    assert s.month_use is not None
    assert s.month_use.kwh == 31 * 15  # 465
    assert s.month_use.last_year_kwh == 30 * 10  # 2024-07 lacks one day: 300 ...
    assert not s.month_use.last_year_complete and s.month_use.change_kwh is None  # ... so no like-for-like change
    months = {p.key: p for p in s.months}
    assert months["2025-06"].change_kwh == 30 * 15 - 30 * 10 and months["2025-06"].change_percent == Decimal("50.0")
    assert months["2024-06"].last_year_kwh is None  # 2023: no readings, not 0
    seasons = {p.key: p for p in s.seasons}
    spring = seasons["2025 spring"]
    assert spring.kwh == 92 * 15 and spring.last_year_kwh == 92 * 10 and spring.change_kwh == 92 * 5
    winter = seasons["2024/25 winter"]  # December 2024 at 10, January and February 2025 at 15
    assert winter.kwh == 31 * 10 + (31 + 28) * 15 and winter.complete
    # a year before: December 2023 (no readings) to 29 February 2024
    assert winter.last_year_kwh == (31 + 29) * 10 and winter.last_year_days == 31 + 31 + 29
    assert not winter.last_year_complete and winter.change_kwh is None
    feb = {p.key: p for p in s.months}["2025-02"]
    assert feb.last_year_kwh == 29 * 10 and feb.last_year_complete and feb.change_kwh == 28 * 15 - 29 * 10


def test_leap_day_has_no_day_a_year_before(korean: list[Record]) -> None:
    days = ei.use_by_day(ei.electricity_days(korean), date(2024, 2, 1))
    assert len(days) == 29
    assert days[-1].key == "2024-02-29" and days[-1].kwh == 10 and days[-1].last_year_kwh is None


def test_bill_and_saving_plan_for_a_whole_month(korean: list[Record]) -> None:
    s = ei.energy_summary(korean, date(2025, 7, 1))
    assert s.tariff.tariff is not None and s.tariff.tariff.id == KEPCO  # readings in Korean time
    assert s.bill is not None and s.plan is not None
    # 465 kWh in July 2025 (summer, fund 2.7%):
    # 7,300 + (36,000 + 32,190 + 15 x 307.3 = 4,609.5 -> 72,799) + 4,185 + 2,325 = 86,609
    # VAT 8,660.9 -> 8,661; fund 86,609 x 2.7% = 2,338.443 -> 2,330; 86,609 + 8,661 + 2,330 = 97,600
    assert s.bill.kwh == 465 and s.bill.tier.number == 3 and s.bill.total == 97_600
    assert s.plan.projected_kwh == 465 and "whole month" in s.plan.projection
    steps = [(st.limit_kwh, st.kwh_less, st.saving) for st in s.plan.steps]
    # at 450 kWh: 1,600 + 68,190 + 4,050 + 2,250 = 76,090; VAT 7,609; fund 2,054.43 -> 2,050; 85,749 -> 85,740
    # at 300 kWh: 910 + 36,000 + 2,700 + 1,500 = 41,110; VAT 4,111; fund 1,109.97 -> 1,100; 46,321 -> 46,320
    assert steps == [(450, 15, 97_600 - 85_740), (300, 165, 97_600 - 46_320)]


def test_saving_plan_projects_a_month_in_progress_linearly(korean: list[Record]) -> None:
    s = ei.energy_summary(korean)  # default: the latest month with readings, August 2025 (10 days so far)
    assert s.month == date(2025, 8, 1)
    plan = s.plan
    assert plan is not None
    assert plan.kwh_so_far == 160 and plan.days_with_data == 10 and plan.days_in_month == 31
    assert plan.projected_kwh == Decimal(160) / 10 * 31  # 496 kWh
    assert plan.projection.startswith("linear projection")
    assert [(st.limit_kwh, st.kwh_less) for st in plan.steps] == [(450, 46), (300, 196)]
    for st in plan.steps:
        assert st.saving == plan.bill.total - ei.estimate_bill(st.limit_kwh, date(2025, 8, 1), s.tariff.tariff).total  # type: ignore[arg-type]
    mtd = s.month_to_date
    assert mtd is not None and mtd.kwh == 160 and mtd.last_year_kwh == 100 and mtd.change_kwh == 60


def test_lowest_tier_has_no_saving_step_and_other_meters_are_kept_apart(vault: Any) -> None:
    readings = [day_reading(date(2025, 3, 1) + timedelta(days=i), 5.0) for i in range(31)]
    other = [day_reading(date(2025, 3, 1) + timedelta(days=i), 50.0, meter="up/2") for i in range(20)]
    vault.add_records(readings + other)
    records = vault.records(domain=Domain.ENERGY, kind="interval_reading", newest_first=False)
    s = ei.energy_summary(records, date(2025, 3, 1), meter="up/1")
    assert s.month_use is not None and s.month_use.kwh == 155  # up/2 not added in
    assert s.plan is not None and s.plan.steps == () and s.bill is not None and s.bill.tier.number == 1
    assert s.meters == ["up/1", "up/2"] and "other meters: up/2" in s.notes[0]
    with pytest.raises(ei.TariffError, match="no electricity readings from meter 'up/9'"):
        ei.energy_summary(records, meter="up/9")


def test_tariff_can_be_turned_off_or_forced(korean: list[Record]) -> None:
    off = ei.energy_summary(korean, date(2025, 7, 1), tariff_id="none")
    assert off.bill is None and off.tariff.tariff is None
    us = [r.model_copy(update={"payload": {**r.payload, "tz_offset": -18000}}) for r in korean]
    assert ei.energy_summary(us, date(2025, 7, 1)).bill is None
    forced = ei.energy_summary(us, date(2025, 7, 1), tariff_id=KEPCO)  # days now end at UTC-05:00 midnight
    assert forced.bill is not None and forced.month_use is not None and forced.month_use.kwh is not None
    assert forced.bill.kwh == int(forced.month_use.kwh) and forced.bill.tariff_id == KEPCO


# ----------------------------------------------------------------------------- Korean texts
def _latin_words(text: str) -> set[str]:
    """The Latin words of a text, less the units and codes a Korean bill writes too."""
    import re

    return set(re.findall(r"[A-Za-z][A-Za-z-]*", text)) - {"kWh", "KRW"}


@pytest.mark.parametrize(("kwh", "month"), [(1_250, date(2025, 8, 1)), (350, date(2024, 3, 1)), (0, date(2025, 1, 1))])
def test_every_text_of_a_bill_is_given_in_korean(kwh: int, month: date) -> None:
    bill = ei.estimate_bill(kwh, month, tariff(month))
    for line in bill.lines:
        assert line.explain("en") == line.how
        assert line.explain("ko") and not _latin_words(line.explain("ko")), (line.key, line.explain("ko"))
    energy = bill.line("energy")
    assert energy is not None
    if bill.super_user:
        assert "슈퍼유저, 1,000 kWh 초과분" in energy.explain("ko") and "super-user" in energy.how
        assert "250 kWh × 736.2" in energy.explain("ko")
    assert "10원 미만 버림" in bill.lines[-1].explain("ko")
    assert not _latin_words(ei.rounding_text(tariff(month), "ko"))
    assert ei.rounding_text(tariff(month), "en") == tariff(month).rounding


def test_plan_and_tariff_choice_are_given_in_korean(korean: list[Record]) -> None:
    whole = ei.energy_summary(korean, date(2025, 7, 1))
    progress = ei.energy_summary(korean)  # August 2025: 10 days so far
    assert whole.plan is not None and progress.plan is not None
    assert whole.plan.explain("ko") == "한 달 전체의 사용량 (31일)"
    assert progress.plan.explain("ko") == "선형 추정: 사용량이 있는 10일 동안 160 kWh, 하루 평균에 이번 달 31일을 곱함"
    assert whole.tariff.explain("ko") == "사용량이 한국 시간으로 기록됨"
    us = [r.model_copy(update={"payload": {**r.payload, "tz_offset": -18000}}) for r in korean]
    none = ei.energy_summary(us, date(2025, 7, 1)).tariff
    assert none.explain("en").startswith("no tariff is known") and not _latin_words(none.explain("ko"))
    off = ei.energy_summary(korean, date(2025, 7, 1), tariff_id="none").tariff
    assert off.explain("ko") == "요금표를 쓰지 않도록 지정함"
    early = ei.choose_tariff(korean, date(2020, 1, 1))  # before the first tariff on file
    assert early.tariff is None and "2020-01-01" in early.explain("ko") and not _latin_words(early.explain("ko"))


def test_notes_of_two_meters_in_korean(vault: Any) -> None:
    vault.add_records(
        [day_reading(date(2025, 3, 1) + timedelta(days=i), 5.0, meter) for i in range(3) for meter in ("a", "b")]
    )
    records = vault.records(domain=Domain.ENERGY, kind="interval_reading", newest_first=False)
    s = ei.energy_summary(records, date(2025, 3, 1), meter="a")
    assert s.notes_in("en") == ["readings of meter a only; other meters: b"]
    assert s.notes_in("ko") == ["계량기 a의 사용량만; 다른 계량기: b"]
