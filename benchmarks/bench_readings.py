"""The coherent layer at scale: a year of heart rate, read from the maintained tables vs computed at view time.

    .venv/bin/python benchmarks/bench_readings.py [--samples 525600] [--runs 5]

Builds a vault (in $TMPDIR, never in the repository) holding a year of heart rate from a watch,
one sample a minute by default (525,600 records), plus the same readings from the phone for one
hour a day (so there are groups to count once), then measures, side by side on the same vault:

* ``daily summary``: :func:`wallet.features.measurements.daily` over the year, read from
  ``readings_daily`` (what the app's health view does), against the same summary computed at view
  time by one ``GROUP BY`` over the records (what the view did before the layer, and what a user of
  a plain SQLite export such as healthkit-to-sqlite's would write; it counts the phone's copies twice);
* ``types``: :func:`measurement_types` (the health view's list) against its ``GROUP BY`` over records;
* ``newest 2,000``: :func:`samples`, one indexed range read;
* ``writing``: records/s of ``Vault.add_records`` with the layer maintained in the same transactions.

Times are the median of ``--runs`` after one warm-up; the ratio is what to compare across machines.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wallet.features import measurements  # noqa: E402
from wallet.model import Domain, Provenance, Record  # noqa: E402
from wallet.store.keys import KdfParams  # noqa: E402
from wallet.store.vault import Vault  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a secret"


def _records(n: int) -> list[Record]:
    start = datetime(2025, 1, 1, tzinfo=UTC)
    prov = Provenance(connector_id="apple_health", connector_version="1", source_name="export.zip")
    out = []
    for i in range(n):
        when = start + timedelta(minutes=i)
        value = float(55 + (i * 7919) % 60)
        out.append(
            Record(
                domain=Domain.HEALTH,
                kind="HKQuantityTypeIdentifierHeartRate",
                title="Heart rate",
                start=when,
                value=value,
                unit="count/min",
                payload={"sourceName": "Watch", "device": "<<HKDevice>, name:Apple Watch>"},
                provenance=prov,
            )
        )
        if when.hour == 12:  # the phone gives the same readings for an hour a day
            out.append(
                Record(
                    domain=Domain.HEALTH,
                    kind="HKQuantityTypeIdentifierHeartRate",
                    title="Heart rate",
                    start=when + timedelta(seconds=5),
                    value=value,
                    unit="count/min",
                    payload={"sourceName": "iPhone"},
                    provenance=prov,
                )
            )
    return out


def _time(fn: Callable[[], Any], runs: int) -> float:
    fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    """Build the vault, measure, print a table."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--samples", type=int, default=525_600)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mydata-wallet-bench-readings-")) / "vault"
    try:
        vault, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
        records = _records(args.samples)
        t = time.perf_counter()
        for i in range(0, len(records), 100_000):
            vault.add_records(records[i : i + 100_000])
        write = time.perf_counter() - t
        person = vault.holder().id
        rows: list[tuple[str, float, float]] = []

        def view_time_daily() -> object:
            return vault.conn.execute(
                "SELECT substr(data->>'$.start', 1, 10) AS d, count(*), min(value), avg(value), max(value) "
                "FROM records WHERE person_id = ? AND kind = 'HKQuantityTypeIdentifierHeartRate' GROUP BY d",
                (person,),
            ).fetchall()

        def view_time_types() -> object:
            return vault.conn.execute(
                "SELECT kind, code_system, code, count(*), min(start), max(start) FROM records "
                "WHERE person_id = ? AND domain IN ('health', 'fitness') AND value IS NOT NULL "
                "GROUP BY kind, code_system, code",
                (person,),
            ).fetchall()

        layer = _time(lambda: measurements.daily(vault, "heart_rate", person), args.runs)
        rows.append(("daily summary of the year", layer, _time(view_time_daily, args.runs)))
        layer = _time(lambda: measurements.measurement_types(vault, person), args.runs)
        rows.append(("measurement types", layer, _time(view_time_types, args.runs)))
        newest = _time(lambda: measurements.samples(vault, "heart_rate", person), args.runs)
        days = len(measurements.daily(vault, "heart_rate", person))
        counted = measurements.count(vault, "heart_rate", person)
        print(f"{len(records):,} records ({counted:,} readings once each) over {days} days")
        print(f"writing with the layer maintained: {len(records) / write:,.0f} records/s ({write:.1f} s)")
        print("| read | from the layer | computed at view time | ratio |")
        print("|---|---:|---:|---:|")
        for name, ours, theirs in rows:
            print(f"| {name} | {ours * 1000:.1f} ms | {theirs * 1000:.1f} ms | {theirs / ours:.0f}x |")
        print(f"| newest 2,000 readings | {newest * 1000:.1f} ms | | |")
        vault.close()
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
