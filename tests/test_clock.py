"""The one clock rule (wallet.terms.clock, docs/clock.md), end to end with the real connectors.

Instants are sorted as instants; a record is shown in the zone it happened in, with the offset
when that is not the computer's; a date without a time stays that date.  The three problems a
user saw are reproduced here: a Korean bank row on two different days in two views, a bank row
of 20190311 shown as "2019-03-10 23:00", and a hospital's 23:00Z reading and the phone's 08:00+09:00
reading of the same moment landing on different days.  "The computer's zone" is set with TZ.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conftest import FIXTURES, run_cli

from wallet.features import measurements as m
from wallet.features.finance import load_ledgers, monthly_totals
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.terms.clock import (
    format_offset,
    format_record_time,
    format_when,
    local_day,
    local_day_of,
    shows_offset,
    sort_key,
)

KST = timezone(timedelta(hours=9))
SEOUL = ZoneInfo("Asia/Seoul")
BERLIN = ZoneInfo("Europe/Berlin")
RAIFFEISEN = FIXTURES / "bank_csv" / "bank2ynab" / "kta_ei.dat"  # 20190311 rows without a time

# A Korean bank export (kr_bank profile, CP949) written for this test: a salary on a day
# without a time, and a card payment at 00:00:00 Seoul time.
KOREAN_CSV = (
    "거래일시,적요,출금액,입금액,잔액,거래점\n"
    '2019.03.11,급여 (주)한빛소프트,,"3,200,000","3,200,000",본점\n'
    '2024.03.25 00:00:00,스타벅스 광화문점,"4,500",,"3,195,500",체크카드\n'
).encode("cp949")

# The same moment twice: a hospital's FHIR observation at 23:00Z and the phone's reading at
# 08:00+09:00; two more readings half an hour either side, so the order can be seen.
FHIR = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [
        {
            "fullUrl": "urn:uuid:p1",
            "resource": {"resourceType": "Patient", "id": "p1", "name": [{"family": "Kim", "given": ["Minji"]}]},
        },
        *(
            {
                "fullUrl": f"urn:uuid:o{i}",
                "resource": {
                    "resourceType": "Observation",
                    "id": f"o{i}",
                    "status": "final",
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
                    "subject": {"reference": "urn:uuid:p1"},
                    "effectiveDateTime": when,
                    "valueQuantity": {"value": value, "unit": "/min", "system": "http://unitsofmeasure.org"},
                },
            }
            for i, (when, value) in enumerate([("2024-03-24T23:00:00Z", 61), ("2024-03-25T00:30:00Z", 62)])
        ),
    ],
}
APPLE_XML = b"""<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
]>
<HealthData locale="en_US">
 <ExportDate value="2024-03-26 10:00:00 +0900"/>
 <Me HKCharacteristicTypeIdentifierDateOfBirth="" HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexNotSet"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min"
 startDate="2024-03-25 08:00:00 +0900" endDate="2024-03-25 08:00:00 +0900" value="71"/>
 <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min"
 startDate="2024-03-25 07:30:00 +0900" endDate="2024-03-25 07:30:00 +0900" value="72"/>
</HealthData>
"""


@pytest.fixture
def utc_computer(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """This process's local zone is UTC for the test (as on a server or in CI)."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def _record(start: datetime, *, date_only: bool = False, title: str = "x") -> Record:
    prov = Provenance(connector_id="test", connector_version="1", source_name="t")
    return Record(
        domain=Domain.HEALTH, kind="Observation", title=title, start=start, date_only=date_only, provenance=prov
    )


# ------------------------------------------------------------------ the rule itself


def test_a_time_is_shown_in_its_own_zone_with_the_offset_when_not_the_computers() -> None:
    when = datetime(2024, 3, 25, 0, 0, tzinfo=KST)
    assert format_when(when, local=UTC) == "2024-03-25 00:00 (+09:00)"
    assert format_when(when, local=SEOUL) == "2024-03-25 00:00"
    assert format_when(when, local=SEOUL, seconds=True) == "2024-03-25 00:00:00"
    assert format_when(datetime(2024, 3, 24, 23, 0, tzinfo=UTC), local=SEOUL) == "2024-03-24 23:00 (UTC)"
    assert format_when(datetime(2024, 3, 24, 23, 0, tzinfo=UTC), local=UTC) == "2024-03-24 23:00"
    assert format_when(None) == ""


def test_a_date_stays_a_date_in_every_zone() -> None:
    midnight_seoul = datetime(2019, 3, 11, tzinfo=SEOUL)
    midnight_vienna = datetime(2019, 3, 11, tzinfo=ZoneInfo("Europe/Vienna"))
    for local in (UTC, SEOUL, BERLIN, ZoneInfo("America/Los_Angeles")):
        assert format_when(midnight_seoul, date_only=True, local=local) == "2019-03-11"
        assert format_when(midnight_vienna, date_only=True, local=local) == "2019-03-11"
    assert local_day(midnight_seoul, date_only=True) == date(2019, 3, 11)


def test_the_offset_is_compared_at_that_instant_across_daylight_saving() -> None:
    winter = datetime(2024, 1, 15, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    summer = datetime(2024, 7, 15, 12, 0, tzinfo=timezone(timedelta(hours=2)))
    summer_in_winter_offset = datetime(2024, 7, 15, 12, 0, tzinfo=timezone(timedelta(hours=1)))
    assert not shows_offset(winter, BERLIN) and not shows_offset(summer, BERLIN)
    assert format_when(summer_in_winter_offset, local=BERLIN) == "2024-07-15 12:00 (+01:00)"


def test_offsets_as_written() -> None:
    assert format_offset(timedelta(hours=9)) == "+09:00"
    assert format_offset(timedelta(hours=-4, minutes=-30)) == "-04:30"
    assert format_offset(timedelta(hours=5, minutes=45)) == "+05:45"
    assert format_offset(timedelta(0)) == "UTC"


def test_instants_sort_together_whatever_their_offsets() -> None:
    hospital = datetime(2024, 3, 24, 23, 0, tzinfo=UTC)
    phone = datetime(2024, 3, 25, 8, 0, tzinfo=KST)
    assert sort_key(hospital) == sort_key(phone)
    assert local_day(hospital) == date(2024, 3, 24) and local_day(phone) == date(2024, 3, 25)
    earlier = datetime(2024, 3, 25, 7, 30, tzinfo=KST)
    assert sorted([phone, earlier, hospital], key=sort_key)[0] is earlier
    assert sort_key(None) < sort_key(earlier)
    assert sort_key(datetime.min.replace(tzinfo=KST)) == sort_key(None)  # at the edge of the range: no OverflowError


# ------------------------------------------------------------------ the vault keeps what the rule needs


def test_the_vault_gives_back_the_offset_and_the_date_only_mark(vault: Any) -> None:
    phone = _record(datetime(2024, 3, 25, 8, 0, tzinfo=KST), title="phone")
    day = _record(datetime(2019, 3, 11, tzinfo=SEOUL), date_only=True, title="day")
    vault.add_records([phone, day])
    back = {r.title: r for r in vault.records()}
    assert back["phone"].start.utcoffset() == timedelta(hours=9) and back["phone"].start.hour == 8
    assert back["phone"].date_only is False
    assert back["day"].date_only is True and back["day"].start.date() == date(2019, 3, 11)
    assert format_record_time(back["day"], local=UTC) == "2019-03-11"


def test_the_date_only_mark_is_not_part_of_the_content_hash() -> None:
    start = datetime(2019, 3, 11, tzinfo=SEOUL)
    assert _record(start).content_hash == _record(start, date_only=True).content_hash


# ------------------------------------------------------------------ the user's three problems


def _import_korean(vault: Any) -> None:
    report = import_source(vault, Source(data=KOREAN_CSV, name="kr.csv"), "bank_csv")
    assert report.added == 2, report


@pytest.mark.slow  # an import through the pipeline and the timeline's module: about 0.3 s
def test_a_korean_bank_row_without_a_time_is_that_date_in_every_view(vault: Any, utc_computer: None) -> None:
    from wallet.ui.records_model import format_when as timeline_text

    _import_korean(vault)
    recs = {r.title: r for r in vault.records(domain=Domain.FINANCE)}
    salary, coffee = recs["급여 (주)한빛소프트"], recs["스타벅스 광화문점"]
    assert salary.date_only and not coffee.date_only
    # the timeline, on a computer in UTC
    assert timeline_text(salary) == "2019-03-11"
    assert timeline_text(coffee) == "2024-03-25 00:00 (+09:00)"  # was "2024-03-24 15:00"
    # the transactions view's day and month are the same day as the timeline's
    rows = {r.payee: r for r in load_ledgers(vault)[0].rows}
    assert rows["급여 (주)한빛소프트"].day == date(2019, 3, 11)
    assert rows["스타벅스 광화문점"].day == date(2024, 3, 25) == local_day_of(coffee)
    assert [t.key for t in monthly_totals(load_ledgers(vault))] == ["2019-03", "2024-03"]


def test_a_raiffeisen_row_of_20190311_is_not_shown_as_the_day_before(vault: Any, utc_computer: None) -> None:
    from wallet.ui.records_model import format_when as timeline_text

    import_source(vault, Source(RAIFFEISEN), "bank_csv")
    rec = next(r for r in vault.records(domain=Domain.FINANCE) if r.payload["row"].get("Datum") == "20190311")
    assert rec.date_only and rec.start.utcoffset() == timedelta(hours=1)  # midnight in Vienna
    assert timeline_text(rec) == "2019-03-11"  # was "2019-03-10 23:00"


@pytest.mark.slow  # an import through the pipeline and the timeline's module: about 0.3 s
def test_the_hospital_and_the_phone_reading_of_one_moment_sort_together(vault: Any, utc_computer: None) -> None:
    holder = vault.holder().id
    import_source(vault, Source(data=json.dumps(FHIR).encode(), name="hospital.json"), "fhir", person=holder)
    import_source(vault, Source(data=APPLE_XML, name="export.xml"), "apple_health", person=holder)
    readings = [r for r in vault.records(person_id=holder) if r.value is not None]
    assert [r.value for r in readings] == [62, 61]  # the hospital's; the phone's are samples of its series
    shown = {r.value: format_record_time(r) for r in readings}
    assert shown[61] == "2024-03-24 23:00"
    # the health view's samples are newest first by the instant; each keeps its own zone
    samples = m.samples(vault, "heart_rate", holder)
    values = [s.value for s in samples]
    assert values[0] == 62 and values[-1] == 72 and sorted(values[1:3]) == [61, 71]
    assert {s.value: s.local_start for s in samples}[71].startswith("2024-03-25T08:00:00+09:00")
    # the daily summary puts each reading on its own day (the day it was where it was taken)
    # (in UTC days it would be 3 on the 24th and 1 on the 25th)
    days: dict[str, int] = {}
    for d in m.daily(vault, "heart_rate", holder):
        days[d.day] = days.get(d.day, 0) + d.count
    assert days == {"2024-03-24": 1, "2024-03-25": 3}


@pytest.mark.slow
def test_the_records_command_prints_the_clock_rule_and_krw_without_an_exponent(vault_dir: Path, vault: Any) -> None:
    holder = vault.holder().id
    _import_korean(vault)
    import_source(vault, Source(data=json.dumps(FHIR).encode(), name="hospital.json"), "fhir", person=holder)
    import_source(vault, Source(data=APPLE_XML, name="export.xml"), "apple_health", person=holder)
    r = run_cli(vault_dir, "records", env={"TZ": "UTC"})
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    salary = next(line for line in lines if "급여" in line)
    assert "  2019-03-11  " in salary and salary.endswith("3,200,000 KRW")
    assert "e+06" not in r.stdout and "2019-03-10" not in r.stdout
    coffee = next(line for line in lines if "스타벅스" in line)
    assert "2024-03-25 00:00 (+09:00)" in coffee and coffee.endswith("-4,500 KRW")
    # newest first by the instant: the 23:00Z and the 08:00+09:00 readings are next to each other
    # the hospital's heart rates are records, newest first; the phone's are samples (mydata-wallet series)
    hr = [line for line in lines if "Heart" in line or "HeartRate" in line]
    assert len(hr) == 2
    assert "2024-03-25 00:30" in hr[0] and "2024-03-24 23:00" in hr[1]
    shown = run_cli(vault_dir, "show", next(line for line in lines if "급여" in line).split()[0], env={"TZ": "UTC"})
    assert "when:       2019-03-11\n" in shown.stdout and "value:      3,200,000 KRW" in shown.stdout


@pytest.mark.slow
@pytest.mark.usefixtures("gui_env", "utc_computer")
def test_the_timeline_and_the_transactions_view_show_the_same_day(qtbot: Any, vault_dir: Path, vault: Any) -> None:
    pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")
    from ui_support import open_window

    from wallet.ui.finance_view import FinanceView, open_finance_view
    from wallet.ui.records_model import COL_DATE, COL_TITLE, COL_VALUE

    _import_korean(vault)
    window = open_window(qtbot, vault_dir, vault)
    model = window.model
    qtbot.waitUntil(lambda: not model.loading and model.rowCount() == 2, timeout=20000)
    timeline = {
        model.index(r, COL_TITLE).data(): (model.index(r, COL_DATE).data(), model.index(r, COL_VALUE).data())
        for r in range(2)
    }
    assert timeline["급여 (주)한빛소프트"] == ("2019-03-11", "₩3,200,000")
    assert timeline["스타벅스 광화문점"] == ("2024-03-25 00:00 (+09:00)", "-₩4,500")
    view = open_finance_view(window)
    assert isinstance(view, FinanceView)
    qtbot.waitUntil(lambda: not view.loading, timeout=20000)
    table = view.table.model()
    days = sorted(table.index(r, 0).data() for r in range(table.rowCount()))
    assert days == ["2019-03-11", "2024-03-25 00:00 (+09:00)"]


# ------------------------------------------------------------------ which connectors mark a date only


def _read(connector: Any, data: bytes, name: str, **options: Any) -> list[Record]:
    from wallet.imports.connector import ImportContext

    return [
        r for r in connector.read(Source(data=data, name=name), ImportContext(options=options)) if isinstance(r, Record)
    ]


def test_fhir_dates_are_dates_and_date_times_are_not() -> None:
    from connectors.fhir import FhirConnector

    bundle = json.loads(json.dumps(FHIR))
    bundle["entry"][0]["resource"]["birthDate"] = "1980-05-01"
    bundle["entry"][1]["resource"]["effectiveDateTime"] = "2019-03-11"
    recs = {r.kind + r.payload.get("id", ""): r for r in _read(FhirConnector(), json.dumps(bundle).encode(), "b.json")}
    assert recs["Patientp1"].date_only and recs["Observationo0"].date_only and not recs["Observationo1"].date_only
    assert format_record_time(recs["Observationo0"], local=ZoneInfo("America/Los_Angeles")) == "2019-03-11"


def test_ofx_dates_without_a_time_are_dates() -> None:
    from connectors.ofx import ofx_date_only

    assert ofx_date_only("20190311") and ofx_date_only("20190311[+9:KST]")
    assert not ofx_date_only("20190311120000[-5:EST]") and not ofx_date_only("20190311000000")
    assert not ofx_date_only(None) and not ofx_date_only("yesterday")


def test_fitbit_days_are_dates() -> None:
    from connectors.fitness import FitbitConnector

    data = json.dumps({"activities-steps": [{"dateTime": "2019-03-11", "value": "8123"}]}).encode()
    (steps,) = _read(FitbitConnector(), data, "steps.json", timezone="Asia/Seoul")
    assert steps.kind == "steps_daily" and steps.date_only
    assert format_record_time(steps, local=UTC) == "2019-03-11"
