"""Green Button (NAESB ESPI) connector and the energy totals.

Golden files pin, per sample: record counts by kind, totals per unit, the first
and last reading and warnings (or the error message for files that hold no
readings).  Regenerate after a deliberate change with:

    UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_green_button.py
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO
from golden_support import check_golden

from connectors.green_button import GreenButtonConnector
from wallet.errors import ConnectorError
from wallet.features.energy import DstRule, EspiTimeZone, daily_totals, monthly_totals
from wallet.imports.connector import ImportContext, Source
from wallet.model import Domain, Record

FIX = Path(__file__).parent / "fixtures" / "green_button"
GOLDEN = Path(__file__).parent / "golden" / "green_button"
BAD = Path(__file__).parent / "conformance" / "green_button" / "bad"
USAGE_01 = DEMO / "test_usage_data_01.xml"  # stored once, with the demo
SAMPLES = sorted([*FIX.glob("*.xml"), USAGE_01], key=lambda p: p.name)


def _read(path: Path, **options: Any) -> list[Record]:
    return list(GreenButtonConnector().read(Source(path), ImportContext(options=options)))


def _summary(path: Path) -> dict[str, Any]:
    try:
        records = _read(path)
    except ConnectorError as exc:
        return {"error": str(exc)}
    readings = [r for r in records if r.kind == "interval_reading"]
    totals: dict[str, Decimal] = {}
    for r in readings:
        totals[str(r.unit)] = totals.get(str(r.unit), Decimal(0)) + Decimal(repr(r.value))

    def one(r: Record) -> dict[str, Any]:
        return {
            "start": r.start.isoformat() if r.start else None,
            "end": r.end.isoformat() if r.end else None,
            "value": r.value,
            "unit": r.unit,
            "title": r.title,
            "local_start": r.payload.get("local_start"),
            "cost": r.payload.get("cost"),
        }

    summaries = [r for r in records if r.kind == "usage_summary"]
    return {
        "counts": dict(sorted(Counter(r.kind for r in records).items())),
        "totals": {u: str(v.quantize(Decimal("0.000001"))) for u, v in sorted(totals.items())},
        "first": one(readings[0]) if readings else None,
        "last": one(readings[-1]) if readings else None,
        "first_summary": one(summaries[0]) | {"payload": summaries[0].payload} if summaries else None,
        "warnings": sorted({w for r in records for w in r.provenance.warnings}),
    }


def test_all_samples_copied() -> None:
    assert len(SAMPLES) == 16


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
@pytest.mark.slow
def test_golden(path: Path) -> None:
    got = _summary(path)
    check_golden(got, GOLDEN / f"{path.stem}.json")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_identifies_every_sample(path: Path) -> None:
    assert GreenButtonConnector().identify(Source(path))


def test_gba_reading_in_real_units_and_times() -> None:
    records = _read(USAGE_01)
    readings = [r for r in records if r.kind == "interval_reading"]
    assert len(readings) == 96
    first = readings[0]
    # <start>1330578000</start><duration>900</duration><value>282</value>, uom 72 (Wh), multiplier 0
    assert first.start == datetime(2012, 3, 1, 5, 0, tzinfo=UTC)
    assert first.end == datetime(2012, 3, 1, 5, 15, tzinfo=UTC)
    assert first.value == pytest.approx(0.282)
    assert first.unit == "kWh"
    assert first.domain is Domain.ENERGY
    assert first.title == "Electricity use"
    assert first.payload["raw_value"] == "282"
    assert first.payload["cost"] == "0.00974"  # 974 hundred-thousandths of a dollar
    assert first.payload["currency"] == "USD"
    assert first.payload["tz_offset"] == -18000
    assert first.payload["local_start"] == "2012-03-01T00:00:00-05:00"
    assert first.payload["quality"] == [8]


def test_power_of_ten_multiplier_applies() -> None:
    records = _read(FIX / "PGEUsageSummaries.xml")
    # overallConsumptionLastPeriod: value x 10^powerOfTenMultiplier Wh, shown in kWh
    assert all(r.kind == "usage_summary" and r.unit == "kWh" for r in records)
    raw = records[0].payload
    expected = Decimal(raw["consumption_raw"]) * Decimal(10) ** raw["consumption_power_of_ten"] / 1000
    assert records[0].value == pytest.approx(float(expected))


@pytest.mark.slow
def test_prefixed_namespaces_and_missing_reading_type() -> None:
    records = _read(FIX / "PGEIntervalBlock.xml")
    assert records and all(r.kind == "interval_reading" for r in records)
    # No ReadingType in this file: the unit is honestly unknown, and it says so.
    assert records[0].unit is None
    assert any("unit unknown" in w for w in records[0].provenance.warnings)
    # Overlapping blocks repeat readings; each (time, value) is kept once.
    assert len({(r.start, r.value) for r in records}) == len(records)


def test_reading_type_from_cache_of_earlier_import() -> None:
    class Cache:
        def __init__(self) -> None:
            self.data: dict[str, Any] = {}

        def cache_get(self, key: str) -> Any:
            return self.data.get(key)

        def cache_set(self, key: str, value: Any) -> None:
            self.data[key] = json.loads(json.dumps(value))

    cache = Cache()
    meter = (
        "GreenButtonConnect/espi/1_1/resource/Subscription/0/UsagePoint/1/MeterReading/Tags7afT4eW6dAg6tI9nUksh4Et2ju=="
    )
    cache.cache_set(
        f"green_button:reading_type:{meter}",
        {
            "key": "rt",
            "uom": 72,
            "power": -3,
            "commodity": 1,
            "accumulation": 4,
            "interval_length": 3600,
            "flow": 1,
            "currency": 840,
            "kind": 12,
        },
    )
    ctx = ImportContext(cache=cache)
    records = list(GreenButtonConnector().read(Source(FIX / "PGEIntervalBlock.xml"), ctx))
    assert records[0].unit == "kWh"
    assert records[0].value == pytest.approx(86400 / 1000 / 1000)


def test_relative_hrefs_link_reading_type() -> None:
    records = _read(FIX / "intervals_APUC000000_electric.xml")
    assert len(records) == 300
    # MeterReading links ReadingType/01 (Wh); the file's other ReadingType (therm) is not used.
    assert {r.unit for r in records} == {"kWh"}
    assert {r.payload["uom"] for r in records} == {72}
    assert not any(r.provenance.warnings for r in records)
    # No LocalTimeParameters here: each reading's own <timezone>-0500</timezone> gives local time.
    assert records[0].start == datetime(2023, 3, 7, 5, tzinfo=UTC)
    assert records[0].payload["local_start"] == "2023-03-07T00:00:00-05:00"


def test_single_entry_root_without_readings_says_so() -> None:
    with pytest.raises(ConnectorError, match=r"holds no energy readings.*Authorization"):
        _read(FIX / "Authorization-Entry-Anonymized.xml")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("billion_laughs.xml", "refused"),
        ("external_entity.xml", "refused"),
        ("truncated.xml", "not well-formed XML"),
        ("wrong_root.xml", "not a Green Button file"),
        ("no_readings.xml", "holds no energy readings"),
    ],
)
def test_bad_input_one_readable_error(name: str, message: str) -> None:
    with pytest.raises(ConnectorError, match=message) as info:
        _read(BAD / name)
    assert str(info.value).startswith(name)
    assert "\n" not in str(info.value)


def test_external_entity_not_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE feed [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<feed xmlns="http://www.w3.org/2005/Atom"><entry><title>&x;</title></entry></feed>'
    )
    with pytest.raises(ConnectorError) as info:
        list(GreenButtonConnector().read(Source(data=xml.encode(), name="x.xml"), ImportContext()))
    assert "TOPSECRET" not in str(info.value)


def test_identify_rejects_other_xml() -> None:
    other = Source(data=b'<?xml version="1.0"?><OFX><BANKMSGSRSV1/></OFX>', name="a.xml")
    assert not GreenButtonConnector().identify(other)


def test_dst_rules_decode_north_american_rules() -> None:
    start = DstRule.parse("360E2000")
    end = DstRule.parse("B40E2000")
    assert start is not None and end is not None
    assert start.local_moment(2012) == datetime(2012, 3, 11, 2, 0)  # second Sunday of March
    assert end.local_moment(2012) == datetime(2012, 11, 4, 2, 0)  # first Sunday of November
    assert DstRule.parse("FFFFFFFF") is None
    assert DstRule.parse("zz") is None
    zone = EspiTimeZone(-18000, 3600, start, end)
    assert zone.local(datetime(2012, 7, 1, 12, tzinfo=UTC)).isoformat() == "2012-07-01T08:00:00-04:00"
    assert zone.local(datetime(2012, 1, 1, 12, tzinfo=UTC)).isoformat() == "2012-01-01T07:00:00-05:00"


def test_daily_and_monthly_totals_use_local_days() -> None:
    records = _read(USAGE_01)
    days = daily_totals(records)
    # 96 quarter hours from local midnight 2012-03-01 (EST): exactly one local day.
    assert [(d.period, d.readings, d.unit) for d in days] == [(date(2012, 3, 1), 96, "kWh")]
    expected = sum(Decimal(repr(r.value)) for r in records if r.kind == "interval_reading")
    assert days[0].total == pytest.approx(float(expected))
    assert days[0].cost is not None and days[0].currency == "USD"
    # Grouped in UTC the same readings straddle two days.
    assert len(daily_totals(records, tz=UTC)) == 2
    months = monthly_totals(records)
    assert [(m.period, m.readings) for m in months] == [(date(2012, 3, 1), 96)]


def test_totals_skip_rates_and_cumulative_reads() -> None:
    records = _read(USAGE_01)[:2]
    demand = records[0].model_copy(update={"unit": "kW"})
    register = records[1].model_copy(update={"payload": {**records[1].payload, "accumulation": "bulkQuantity"}})
    assert daily_totals([demand, register]) == []


def test_import_into_vault_and_reuse_reading_type(vault: Any) -> None:
    from wallet.imports.pipeline import import_source

    report = import_source(vault, Source(USAGE_01))
    assert report.connector_id == "green_button"
    assert (report.added, report.by_kind) == (97, {"interval_reading": 96, "usage_summary": 1})
    again = import_source(vault, Source(USAGE_01))
    assert (again.added, again.duplicates) == (0, 97)
    days = daily_totals(vault.records(domain=Domain.ENERGY, kind="interval_reading"))
    assert [(d.period, d.readings) for d in days] == [(date(2012, 3, 1), 96)]
    # The ReadingType of that meter is remembered in the vault for later files that lack one.
    keys = vault.cache_keys("green_button:reading_type:")
    assert len(keys) == 1 and vault.cache_get(keys[0])["uom"] == 72
