"""The series store (wallet.store.series): dense samples as series, their summaries, migration, deletion."""

from __future__ import annotations

import json
import math
import xml.etree.ElementTree as ET
from collections import defaultdict
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from schema_support import downgrade_to

from connectors.apple_health.healthkit import FastClock, parse_date
from wallet.errors import ConnectorError
from wallet.features import measurements
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record
from wallet.samples import STREAM_KINDS, Samples, sample_records
from wallet.store import readings, series
from wallet.store.vault import Vault

HERE = Path(__file__).parent
KST = timezone(timedelta(hours=9))


def _bench() -> Any:
    from test_apple_health import _bench_module

    return _bench_module()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("series") / "export.xml"
    _bench().generate(path, 4000)
    return path


def _top_level(path: Path) -> tuple[int, int]:
    """(stream samples, other top-level data elements) of an export, counted by ElementTree (not our parser)."""
    samples = others = 0
    for element in ET.parse(path).getroot():
        if element.tag in ("ExportDate", "Me"):
            continue
        if element.tag == "Record" and element.get("type") in STREAM_KINDS and element.get("value") is not None:
            samples += 1
        else:
            others += 1
    return samples, others


def _prov(name: str = "watch.xml") -> Provenance:
    return Provenance(connector_id="apple_health", connector_version="1", source_name=name)


def _samples(kind: str, unit: str, rows: list[tuple[Any, ...]], source: str = "Jane's Apple Watch") -> Samples:
    return Samples(Domain.HEALTH, kind, kind, unit, source, _prov(), rows=[tuple(r) for r in rows])  # type: ignore[misc]


HR = "HKQuantityTypeIdentifierHeartRate"
STEPS = "HKQuantityTypeIdentifierStepCount"


# ------------------------------------------------------------------------------------------- import


def test_an_export_imports_its_streams_as_samples_and_the_rest_as_records(vault: Vault, export: Path) -> None:
    n_samples, n_others = _top_level(export)
    report = import_source(vault, Source(export), connector_id="apple_health")
    profile = vault.count(domain=Domain.PROFILE)  # Me: birth date, sex, blood type, skin type
    assert report.error is None and report.added == n_samples + n_others + profile
    assert vault.sample_count() == n_samples
    # workouts, sleep, weight, blood pressure and rings stay records (a correlation's parts are inside it)
    assert vault.count() - profile == n_others
    assert not vault.conn.execute(
        "SELECT count(*) FROM records WHERE kind IN (SELECT value FROM json_each(?))",
        (json.dumps(sorted(STREAM_KINDS)),),
    ).fetchone()[0]
    assert vault.check() == []
    # the heart rate's motion context is kept with its sample; the device once per series
    [hr] = vault.series_list(mtype="heart_rate")
    assert hr.source == "Test Watch" and "Apple Watch" in hr.meta["device"][0]
    extras = {row[4] for row in vault.series_samples(hr.id, limit=50)}
    assert any(e and "HKMetadataKeyHeartRateMotionContext" in e for e in extras)


def test_importing_the_same_export_again_adds_nothing(vault: Vault, export: Path) -> None:
    first = import_source(vault, Source(export), connector_id="apple_health")
    before = vault.sample_count(), vault.count()
    again = import_source(vault, Source(export), connector_id="apple_health")
    assert again.added == 0 and again.duplicates == first.added
    assert (vault.sample_count(), vault.count()) == before
    assert vault.check() == []


def test_daily_summaries_equal_a_count_made_from_the_samples(vault: Vault, export: Path) -> None:
    import_source(vault, Source(export), connector_id="apple_health")
    for info in vault.series_list():
        expected: dict[str, list[float]] = defaultdict(list)
        intervals: dict[str, list[tuple[float, float, float, int]]] = defaultdict(list)
        for t0, t1, value, tz, _extra in vault.series_samples(info.id):
            day = datetime.fromtimestamp(t0, timezone(timedelta(minutes=tz or 0))).date().isoformat()
            expected[day].append(value)
            intervals[day].append((t0, t0 if t1 is None else t1, value, 1))
        got = {p: (n, total, lo, hi) for p, n, total, lo, _avg, hi in series.summaries(vault.conn, info.id)}
        assert got.keys() == expected.keys()
        cumulative = measurements.BY_KEY[info.mtype].cumulative if info.mtype in measurements.BY_KEY else False
        for day, values in expected.items():
            n, total, lo, hi = got[day]
            assert (n, lo, hi) == (len(values), min(values), max(values))
            # interval data: a stretch of time two samples cover counts once (as for single readings)
            want = readings.merged_total(intervals[day]) if cumulative else math.fsum(values)
            assert total == pytest.approx(want)
        months = series.summaries(vault.conn, info.id, "month")
        assert sum(m[1] for m in months) == info.count == sum(len(v) for v in expected.values())


def test_heart_rate_views_count_the_samples(vault: Vault, export: Path) -> None:
    import_source(vault, Source(export), connector_id="apple_health")
    [hr] = vault.series_list(mtype="heart_rate")
    assert measurements.count(vault, "heart_rate", None) == hr.count
    newest = measurements.samples(vault, "heart_rate", None, limit=5)
    stored = vault.series_samples(hr.id, limit=5, newest_first=True)
    assert [s.value for s in newest] == [row[2] for row in stored]
    days = measurements.daily(vault, "heart_rate", None)
    assert sum(d.count for d in days) == hr.count


def test_a_day_of_steps_from_two_sources_counts_overlaps_once(vault: Vault) -> None:
    t = datetime(2024, 3, 25, 9, 0, tzinfo=KST).timestamp()
    watch = _samples(STEPS, "count", [(t, t + 600, 600.0, 540, None), (t + 3600, t + 4200, 300.0, 540, None)])
    phone = _samples(STEPS, "count", [(t + 300, t + 900, 600.0, 540, None)], source="Jane's iPhone")
    watch.meta["device"] = "<<HKDevice>, name:Apple Watch>"
    phone.meta["device"] = "<<HKDevice>, name:iPhone>"
    vault.add_samples([watch, phone])
    [day] = measurements.daily(vault, "steps", None)
    # watch (device) preferred: 600 + 300; the phone's 600 over 09:05-09:15 overlaps the watch's first
    # five minutes, so half of it (the part the watch does not cover) counts: 300
    assert day.total == pytest.approx(1200.0)
    assert day.count == 3


def test_samples_without_a_finite_value_or_time_are_left_out(vault: Vault) -> None:
    t = datetime(2024, 3, 25, 9, 0, tzinfo=KST).timestamp()
    bad = _samples(
        HR,
        "count/min",
        [(t, None, 70.0, 540, None), (t + 5, None, math.nan, 540, None), (math.inf, None, 1.0, 0, None)],
    )
    added, other = vault.add_samples([bad])
    assert (added, other) == (1, 2)
    assert vault.check() == []


def test_samples_read_back_as_the_records_they_stand_for() -> None:
    t = datetime(2024, 3, 25, 8, 0, 5, tzinfo=KST)
    s = _samples(HR, "count/min", [(t.timestamp(), None, 72.0, 540, '{"HKMetadataKeyHeartRateMotionContext":"1"}')])
    s.meta["device"] = "watch"
    [rec] = list(sample_records(s))
    assert isinstance(rec, Record) and rec.start == t and rec.start.utcoffset() == timedelta(hours=9)
    assert rec.value == 72.0 and rec.payload["metadata"] == {"HKMetadataKeyHeartRateMotionContext": "1"}
    assert rec.payload["device"] == "watch" and rec.payload["sourceName"] == "Jane's Apple Watch"


# ------------------------------------------------------------------------------------------- the clock


@settings(max_examples=300, deadline=None)
@given(
    when=st.datetimes(min_value=datetime(1971, 1, 2), max_value=datetime(2099, 12, 30)),
    offset=st.integers(min_value=-12 * 60, max_value=14 * 60),
)
def test_the_fast_clock_reads_what_parse_date_reads(when: datetime, offset: int) -> None:
    clock = FastClock()
    zone = timezone(timedelta(minutes=offset))
    text = when.replace(microsecond=0).strftime("%Y-%m-%d %H:%M:%S ") + (
        f"{'+' if offset >= 0 else '-'}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"
    )
    expected = parse_date(text)
    assert expected is not None
    for _ in range(2):  # parsed, then from what it remembered
        t, tz = clock.parse(text)
        assert t == expected.timestamp() and tz == offset
        assert datetime.fromtimestamp(t, zone).replace(tzinfo=None) == when.replace(microsecond=0)


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2024-03-09", "2024-03-10", "2024-11-03", "2025-01-01"]),
            st.integers(min_value=0, max_value=86399),
            st.sampled_from(["-0500", "-0400", "+0900", "+0530", "+0000"]),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_the_fast_clock_reads_many_times_of_days_and_offsets_as_parse_date_does(
    texts: list[tuple[str, int, str]],
) -> None:
    """One clock, as an import uses it: days remembered, two offsets on one day (clocks changing), in any order."""
    clock = FastClock()
    for day, second, zone in texts:
        text = f"{day} {second // 3600:02d}:{second // 60 % 60:02d}:{second % 60:02d} {zone}"
        expected = parse_date(text)
        assert expected is not None
        offset = expected.utcoffset()
        assert offset is not None
        assert clock.parse(text) == (expected.timestamp(), int(offset.total_seconds()) // 60)


@pytest.mark.parametrize(
    "text",
    ["2024-03-25 24:00:00 +0900", "2024-03-25 08:60:00 +0900", "2024-03-25 08:0x:00 +0900", "2024-03-25 08:00:00"],
)
def test_the_fast_clock_refuses_what_parse_date_refuses(text: str) -> None:
    clock = FastClock()
    clock.parse("2024-03-25 08:00:00 +0900")  # the day is remembered: the bad time must still be refused
    with pytest.raises(ValueError):
        clock.parse(text)


# ------------------------------------------------------------------------------------------- migration


def test_a_schema_5_vault_moves_its_stream_records_into_series(vault: Vault, vault_dir: Any) -> None:
    from conftest import PASSPHRASE

    t = datetime(2024, 3, 25, 8, 0, tzinfo=KST)
    payload = {"sourceName": "Jane's Apple Watch", "device": "<<HKDevice>, name:Apple Watch>"}
    hrs = [
        Record(
            domain=Domain.HEALTH,
            kind=HR,
            title="Heart rate",
            start=t + timedelta(minutes=i),
            end=t + timedelta(minutes=i),
            value=60.0 + i,
            unit="count/min",
            payload={**payload, "metadata": {"HKMetadataKeyHeartRateMotionContext": "0"}},
            provenance=_prov(),
        )
        for i in range(30)
    ]
    weight = Record(
        domain=Domain.HEALTH,
        kind="HKQuantityTypeIdentifierBodyMass",
        title="Body mass",
        start=t,
        value=70.0,
        unit="kg",
        payload=payload,
        provenance=_prov(),
    )
    vault.add_records([*hrs, weight])  # records of stream kinds, as the connector wrote them before
    assert vault.count() == 31
    downgrade_to(vault.conn, 5)  # what schema 5 was, with these records
    vault.close()
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert again.schema_version >= series.SCHEMA_VERSION
        assert again.count() == 1 and again.sample_count() == 30
        [info] = again.series_list()
        assert (info.mtype, info.source, info.count, info.first_day) == (
            "heart_rate",
            "Jane's Apple Watch",
            30,
            "2024-03-25",
        )
        rows = again.series_samples(info.id)
        assert [r[2] for r in rows] == [60.0 + i for i in range(30)] and rows[0][3] == 540
        assert json.loads(rows[0][4]) == {"HKMetadataKeyHeartRateMotionContext": "0"}
        assert measurements.count(again, "heart_rate", None) == 30
        assert again.search("Heart rate") == []  # the moved records left the search index with them
        assert again.check() == []


def test_stream_records_move_in_chunks_that_go_on_where_the_last_ended(
    vault: Vault, vault_dir: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from conftest import PASSPHRASE

    t = datetime(2024, 3, 25, 8, 0, tzinfo=KST)
    made: list[Record] = []
    for i in range(30):  # samples of two kinds, with records that stay records between them
        kind, unit = (HR, "count/min") if i % 2 else (STEPS, "count")
        made.append(
            Record(
                domain=Domain.HEALTH,
                kind=kind,
                title=kind,
                start=t + timedelta(minutes=i),
                value=float(100 + i),
                unit=unit,
                payload={"sourceName": "Jane's Apple Watch"},
                provenance=_prov(),
            )
        )
        if i % 3 == 0:
            weight = 60.0 + i
            made.append(
                Record(
                    domain=Domain.HEALTH,
                    kind="HKQuantityTypeIdentifierBodyMass",
                    title="Body mass",
                    start=t + timedelta(minutes=i),
                    value=weight,
                    unit="kg",
                    provenance=_prov(),
                )
            )
    # a heart rate without a number stays a record too
    made.append(Record(domain=Domain.HEALTH, kind=HR, title="Heart rate", start=t, provenance=_prov()))
    vault.add_records(made)
    downgrade_to(vault.conn, 5)
    vault.close()
    looked_up: list[int] = []  # a series is looked up once per chunk that holds its samples
    series_id = series._series_id
    monkeypatch.setattr(series, "_series_id", lambda *a: looked_up.append(1) or series_id(*a))
    monkeypatch.setattr(series, "_MOVE_CHUNK", 4)  # 30 samples: 8 chunks, the last one of 2
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert again.count() == 11 and again.sample_count() == 30
        got = {info.mtype: [r[2] for r in again.series_samples(info.id)] for info in again.series_list()}
        assert got == {
            "heart_rate": [100.0 + i for i in range(1, 30, 2)],
            "steps": [100.0 + i for i in range(0, 30, 2)],
        }
        left = again.conn.execute("SELECT kind, value FROM records ORDER BY rowid").fetchall()
        assert left == [("HKQuantityTypeIdentifierBodyMass", 60.0 + i) for i in range(0, 30, 3)] + [(HR, None)]
        assert again.check() == []
    assert len(looked_up) == 8 * 2  # each chunk held both kinds


def test_a_schema_8_vault_loses_the_overlap_column_and_keeps_its_summaries(tmp_path: Path) -> None:
    from conftest import PASSPHRASE

    from wallet.store import migrations
    from wallet.store.keys import KdfParams

    def columns(v: Vault) -> set[str]:
        return {str(r[1]) for r in v.conn.execute("PRAGMA table_info(series_daily)")}

    folder = tmp_path / "old"
    v, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor(), schema_version=8)
    t = datetime(2024, 3, 25, 9, 0, tzinfo=KST).timestamp()
    watch = _samples(STEPS, "count", [(t, t + 600, 600.0, 540, None), (t + 3600, t + 4200, 300.0, 540, None)])
    phone = _samples(STEPS, "count", [(t + 300, t + 900, 600.0, 540, None)], source="Jane's iPhone")
    watch.meta["device"] = "<<HKDevice>, name:Apple Watch>"
    phone.meta["device"] = "<<HKDevice>, name:iPhone>"
    hr = _samples(HR, "count/min", [(t, None, 60.0, 540, None), (t + 60, None, 80.0, 540, None)])
    v.add_samples([watch, phone, hr])
    assert v.schema_version == 8 and "overlap" in columns(v)
    before = {info.id: series.summaries(v.conn, info.id) for info in v.series_list()}
    v.close()
    with Vault.open(folder, PASSPHRASE) as again:
        assert again.schema_version == migrations.LATEST >= 9
        assert "overlap" not in columns(again)
        assert {"n", "total", "lo", "avg", "hi", "first", "last"} <= columns(again)
        assert {info.id: series.summaries(again.conn, info.id) for info in again.series_list()} == before
        [steps] = measurements.daily(again, "steps", None)
        assert (steps.count, steps.total) == (3, pytest.approx(1200.0))  # the phone's overlapped half counted once
        [pulse] = measurements.daily(again, "heart_rate", None)
        assert pulse.count == 2
        again.add_samples([_samples(STEPS, "count", [(t + 7200, t + 7500, 50.0, 540, None)])])
        [steps] = measurements.daily(again, "steps", None)
        assert (steps.count, steps.total) == (4, pytest.approx(1250.0))  # summarised again in the new table
        assert again.check() == []


# ------------------------------------------------------------------------------------------- deletion


def test_deleting_a_person_or_a_source_deletes_their_samples(vault: Vault, export: Path) -> None:
    from wallet.model import Person

    child = Person(name="Minjun Kim")
    vault.save_person(child)
    first = import_source(vault, Source(export), connector_id="apple_health", person=child)
    assert vault.sample_count(child.id) > 0
    counts = vault.delete_person_everything(child.id)
    assert counts["samples"] > 0 and vault.sample_count() == 0 and vault.series_list() == []
    assert vault.conn.execute("SELECT count(*) FROM readings_daily").fetchone()[0] == 0
    assert first.added and vault.check() == []
    report = import_source(vault, Source(export), connector_id="apple_health")
    [imp] = [i for i in vault.imports() if i["status"] == "done" and i["report"]["added"] == report.added]
    counts = vault.delete_source(imp["id"])
    assert counts["samples"] == vault.sample_count() + counts["samples"] and vault.sample_count() == 0
    assert vault.conn.execute("SELECT count(*) FROM origins").fetchone()[0] == 0
    assert vault.check() == []


def test_a_failed_import_leaves_no_sample(vault: Vault, tmp_path: Path, export: Path) -> None:
    data = export.read_bytes()
    cut = tmp_path / "export.xml"
    cut.write_bytes(data[: len(data) * 3 // 4])  # truncated: read in batches, then fails
    with pytest.raises(ConnectorError, match="ends early"):
        import_source(vault, Source(cut), connector_id="apple_health", batch_size=500)
    assert vault.sample_count() == 0 and vault.count() == 0 and vault.series_list() == []
    assert vault.conn.execute("SELECT count(*) FROM samples").fetchone()[0] == 0
    assert vault.check() == []


DAY0 = datetime(2024, 3, 20, tzinfo=UTC).timestamp()


def _two_imports(v: Vault, with_b: bool = True) -> tuple[float, float]:
    """Import "a" (ten days of a watch's heart rate and steps, and a strap's heart rate) and, ``with_b``, import
    "b": the watch's samples of days 4 and 5 again, a few seconds later, with steps overlapping a's, and one far
    from UTC.  Returns the span of b's starts."""
    start = datetime(2024, 3, 20, tzinfo=UTC)
    v.begin_import("a", start, "apple_health", "a.xml", "a" * 64)
    hr = [(DAY0 + i * 900, None, 60.0 + i % 40, 540, None) for i in range(10 * 96)]
    steps = [(DAY0 + i * 1800, DAY0 + i * 1800 + 600, float(10 + i % 17), 540, None) for i in range(10 * 48)]
    strap = [(DAY0 + i * 1200 + 7, None, 70.0 + i % 9, 0, None) for i in range(10 * 72)]
    v.add_samples(
        [_samples(HR, "count/min", hr), _samples(STEPS, "count", steps), _samples(HR, "count/min", strap, "Strap")],
        import_id="a",
    )
    if not with_b:
        return 0.0, 0.0
    v.begin_import("b", start, "apple_health", "b.xml", "b" * 64)
    day4 = DAY0 + 4 * 86400
    hr_b = [(day4 + i * 600 + 5, None, 90.0 + i % 11, 540, None) for i in range(2 * 144)]
    hr_b.append((day4 + 86400 + 3600 + 3, None, 99.0, 23 * 60, None))  # its own day is the next UTC day
    steps_b = [(day4 + i * 1800 + 300, day4 + i * 1800 + 900, float(20 + i % 5), 540, None) for i in range(2 * 48)]
    b = [_samples(HR, "count/min", hr_b), _samples(STEPS, "count", steps_b)]
    v.add_samples(b, import_id="b")
    starts = [r[0] for r in hr_b + steps_b]
    return min(starts), max(starts)


def _summaries(v: Vault) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """series_daily by series kind and source (not id), and readings_daily without the person (not id)."""
    daily = v.conn.execute(
        "SELECT s.kind, s.source, d.day, d.n, d.total, d.lo, d.avg, d.hi, d.first, d.last FROM series_daily AS d "
        "JOIN series AS s ON s.id = d.series ORDER BY 1, 2, 3"
    ).fetchall()
    merged = v.conn.execute(
        "SELECT mtype, day, unit, n, total, lo, avg, hi, lo2, avg2, hi2, sources FROM readings_daily ORDER BY 1, 2, 3"
    ).fetchall()
    return daily, merged


def test_deleting_one_of_two_overlapping_imports_leaves_the_summaries_of_the_other(
    vault: Vault, tmp_path: Path
) -> None:
    from conftest import PASSPHRASE

    from wallet.store.keys import KdfParams

    _two_imports(vault)
    with_b = _summaries(vault)
    counts = vault.delete_source("b")
    assert counts["samples"] == 2 * 144 + 1 + 2 * 48
    after = _summaries(vault)
    assert after != with_b
    only_a, _ = Vault.create(tmp_path / "only_a", PASSPHRASE, kdf=KdfParams.floor())
    with only_a:
        _two_imports(only_a, with_b=False)
        assert after == _summaries(only_a)
    with vault.transaction() as conn:  # and a summary of everything made afresh
        readings.rebuild(conn)
    assert _summaries(vault) == after
    assert vault.check() == []


def test_deleting_an_import_summarises_again_only_the_days_it_had_samples_on(vault: Vault) -> None:
    lo, hi = _two_imports(vault)
    vault.conn.execute("CREATE TEMP TABLE written(series INTEGER, day TEXT)")
    for event, row in (("INSERT", "new"), ("DELETE", "old"), ("UPDATE", "new")):
        vault.conn.execute(
            f"CREATE TEMP TRIGGER written_{event.lower()} AFTER {event} ON main.series_daily "
            f"BEGIN INSERT INTO written VALUES ({row}.series, {row}.day); END"
        )
    ids = {(info.mtype, info.source): info.id for info in vault.series_list()}
    untouched = ids[("heart_rate", "Strap")]
    before = vault.conn.execute("SELECT * FROM series_daily WHERE series = ? ORDER BY day", (untouched,)).fetchall()
    vault.delete_source("b")
    written = vault.conn.execute("SELECT DISTINCT series, day FROM written").fetchall()
    assert written  # the days of b were summarised again
    assert {s for s, _ in written} == {ids[("heart_rate", "Jane's Apple Watch")], ids[("steps", "Jane's Apple Watch")]}
    # only the UTC days of b's samples and the day either side (a sample's own day is at most a day away)
    days = {datetime.fromtimestamp(t, UTC).date() for t in (lo - 86400, lo, hi, hi + 86400)}
    span = (min(days).isoformat(), max(days).isoformat())
    assert all(span[0] <= day <= span[1] for _, day in written), (written, span)
    outside = "SELECT count(*) FROM series_daily WHERE series = ? AND day NOT BETWEEN ? AND ?"
    assert vault.conn.execute(outside, (ids[("heart_rate", "Jane's Apple Watch")], *span)).fetchone()[0] >= 6
    after = vault.conn.execute("SELECT * FROM series_daily WHERE series = ? ORDER BY day", (untouched,)).fetchall()
    assert after == before and vault.check() == []


def test_a_new_source_order_regroups_series_days(vault: Vault) -> None:
    t = datetime(2024, 3, 25, 9, 0, tzinfo=UTC).timestamp()
    watch = _samples(STEPS, "count", [(t, t + 600, 600.0, 0, None)])
    watch.meta["device"] = "<<HKDevice>, name:Apple Watch>"
    phone = _samples(STEPS, "count", [(t, t + 600, 500.0, 0, None)], source="Jane's iPhone")
    vault.add_samples([watch, phone])
    assert measurements.daily(vault, "steps", None)[0].total == pytest.approx(600.0)
    vault.set_source_priority(["Jane's iPhone"])
    assert measurements.daily(vault, "steps", None)[0].total == pytest.approx(500.0)
    assert {s for s, _r, _n in vault.reading_sources()} == {"Jane's Apple Watch", "Jane's iPhone"}
    with vault.transaction() as conn:
        readings.rebuild(conn)
    assert measurements.daily(vault, "steps", None)[0].total == pytest.approx(500.0)


def test_the_cli_lists_series_their_summaries_and_a_days_samples(vault: Vault, vault_dir: Any, export: Path) -> None:
    from conftest import run_cli

    import_source(vault, Source(export), connector_id="apple_health")
    [hr] = vault.series_list(mtype="heart_rate")
    day = hr.first_day
    assert day is not None
    expected = len(series.day_samples(vault.conn, hr.id, day))
    vault.close()
    listed = run_cli(vault_dir, "series", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    [got] = [r for r in rows if r["id"] == hr.id]
    assert (got["measurement"], got["source"], got["samples"]) == ("Heart rate", "Test Watch", hr.count)
    months = json.loads(run_cli(vault_dir, "series", "show", str(hr.id), "--period", "month", "--json").stdout)
    assert sum(r["samples"] for r in months["rows"]) == hr.count
    one_day = run_cli(vault_dir, "series", "samples", str(hr.id), "--day", day)
    assert one_day.returncode == 0 and f"{expected:,} samples" in one_day.stdout
    missing = run_cli(vault_dir, "series", "show", "999")
    assert missing.returncode != 0 and "series list" in missing.stderr and "Traceback" not in missing.stderr


def test_the_same_file_again_is_not_read_again_unless_something_it_brought_changed(
    vault: Vault, export: Path, tmp_path: Path
) -> None:
    first = import_source(vault, Source(export), connector_id="apple_health")
    again = import_source(vault, Source(export), connector_id="apple_health")
    assert again.added == 0 and again.duplicates == first.added + first.duplicates
    assert again.unchanged_since is not None and "not read again" in again.summary()
    # a copy with one more sample is another file: read, and only the new sample added
    data = export.read_bytes()
    extra = (
        b' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Test Watch" unit="count/min" '
        b'startDate="2030-01-01 08:00:00 +0200" endDate="2030-01-01 08:00:00 +0200" value="61"/>\n</HealthData>'
    )
    newer = tmp_path / "export.xml"
    newer.write_bytes(data.replace(b"</HealthData>", extra))
    grown = import_source(vault, Source(newer), connector_id="apple_health")
    assert grown.unchanged_since is None and grown.added == 1 and grown.duplicates == first.added + first.duplicates
    # a record deleted since: the same file is read again, and brings it back
    [workout] = vault.records(kind="workout", limit=1)
    vault.delete_record(workout.id)
    restored = import_source(vault, Source(export), connector_id="apple_health")
    assert restored.unchanged_since is None and restored.added == 1
    # into another person: read
    from wallet.model import Person

    other = Person(name="Minjun Kim")
    vault.save_person(other)
    theirs = import_source(vault, Source(export), connector_id="apple_health", person=other)
    assert theirs.unchanged_since is None and theirs.added == first.added


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(min_value=0, max_value=20_000),
            st.integers(min_value=0, max_value=3_000),
            st.integers(min_value=0, max_value=500),
        ),
        min_size=1,
        max_size=40,
    )
)
def test_a_days_total_of_one_series_is_the_merged_total(
    tmp_path_factory: pytest.TempPathFactory, raw: list[Any]
) -> None:
    """The SQL that keeps series_daily's totals agrees with readings.merged_total, cell for cell."""
    import sqlcipher3

    from wallet.store import migrations

    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    migrations.upgrade(conn)
    base = datetime(2024, 3, 25, 1, 0, tzinfo=UTC).timestamp()
    rows = [(base + a, base + a + b if b else None, float(v), 0, None) for a, b, v in raw]
    conn.execute("BEGIN")
    conn.execute(
        "INSERT INTO series(id, person_id, domain, kind, title, source, connector, mtype, rank) "
        "VALUES (1, 'p', 'fitness', 'steps', 'Steps', 'w', 'apple_health', 'steps', 200)"
    )
    conn.executemany(
        "INSERT OR IGNORE INTO samples(series, t0, value, t1, tz) VALUES (1, ?, ?, ?, ?)",
        [(t0, v, t1, tz) for t0, t1, v, tz, _ in rows],
    )
    stored = conn.execute("SELECT t0, coalesce(t1, t0), value FROM samples").fetchall()
    conn.execute("INSERT INTO series_dirty VALUES (1, ?, ?)", (base, base + 30_000))
    readings.settle(conn)
    [(total,)] = conn.execute("SELECT total FROM series_daily WHERE series = 1").fetchall()
    assert total == pytest.approx(readings.merged_total([(a, b, v, 1) for a, b, v in stored]), abs=1e-6)


def test_a_watch_sample_stands_for_at_most_one_sample_of_another_source() -> None:
    """A strap's heart rate every second next to the watch's every five: the watch's sample counts once for one
    of the strap's, not for all of them (as readings are grouped: one reading per source in a group)."""
    watch = [(float(t), 120.0, 200, "Watch") for t in range(0, 600, 5)]
    strap = [(float(t), 120.0, 300, "Strap") for t in range(0, 600)]  # the watch preferred
    keep = series.drop_repeats(watch + strap, "heart_rate")
    assert sum(keep) == 600  # 120 of the strap's are the watch's samples again; 480 are its own
    assert all(keep[: len(watch)])
    # a lone source is never thinned
    assert all(series.drop_repeats(strap, "heart_rate"))


def test_records_without_origin_move_into_series_that_delete_source_removes(vault: Vault, vault_dir: Any) -> None:
    from conftest import PASSPHRASE

    t = datetime(2024, 3, 25, 8, 0, tzinfo=KST)
    vault.begin_import("imp1", t, "apple_health", "export.xml", "ab" * 32)
    hrs = [
        Record(
            domain=Domain.HEALTH,
            kind=HR,
            title="Heart rate",
            start=t + timedelta(minutes=i),
            value=70.0 + i,
            unit="count/min",
            payload={"sourceName": "Watch"},
            provenance=_prov("export.xml"),
        )
        for i in range(5)
    ]
    vault.add_records(hrs, import_id="imp1")
    downgrade_to(vault.conn, 5)
    vault.conn.execute("UPDATE records SET origin = NULL")  # as written before schema 5
    vault.conn.execute("DELETE FROM origins")
    vault.close()
    with Vault.open(vault_dir, PASSPHRASE) as again:
        assert again.sample_count() == 5 and again.check() == []
        counts = again.delete_source("imp1")
        assert counts["samples"] == 5 and again.sample_count() == 0 and again.series_list() == []
        assert again.check() == []


def test_a_sample_far_from_utc_keeps_its_own_day(vault: Vault) -> None:
    t = datetime(2024, 3, 25, 5, 0, tzinfo=UTC).timestamp()
    vault.add_samples([_samples(HR, "count/min", [(t, None, 70.0, 23 * 60, None)])])
    [info] = vault.series_list()
    assert (info.count, info.first_day) == (1, "2024-03-26") and vault.check() == []


def test_a_page_without_dated_records_places_no_series_day_oldest_first() -> None:
    from wallet.features import series_days

    undated = [Record(domain=Domain.HEALTH, kind="Condition", title="x", provenance=_prov())]
    assert series_days.page_span(undated, last_page=False, newest_first=False) == float("-inf")
    assert series_days.page_span(undated, last_page=True, newest_first=False) is None
