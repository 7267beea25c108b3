"""Apple Health import benchmark: this wallet's pipeline against healthkit-to-sqlite.

    .venv/bin/python benchmarks/bench_apple_health.py 1000000 [--shape realistic|plain|both] [--runs 3]
        [--hk PATH] [--keep DIR] [--raw] [--no-bare] [--reimport]

Generates a synthetic ``export.xml`` of N top-level elements, in one of two shapes:
``realistic`` (a mix of quantity and category records with device strings and metadata,
blood-pressure correlations, workouts with events and statistics, daily activity summaries;
Apple's internal DTD header) or ``plain`` (quantity records only: heart rate, steps, energy,
distance, without metadata or device strings), then, each in its own subprocess so peak
memory is measured separately:

* ``wallet``: ``wallet.imports.pipeline.import_source`` into a fresh encrypted vault
  (full pipeline: validation, dedup, indexing) - or, when the pipeline does not
  exist yet or ``--raw`` is given, only this connector's ``read``;
* ``healthkit-to-sqlite --xml`` (dogsheep), found on PATH, in /tmp/hk-venv, or
  given with ``--hk``;
* ``bare``: a bare stream-parse-and-insert loop into SQLCipher (expat, every ``Record``'s
  type, source, unit, value and dates as text into one table, 10,000 rows per transaction;
  no validation, no deduplication, no index): the practical limit of a Python importer.
* with ``--reimport``: the wallet imports the same export a second time into the same vault
  (every element already there) and the speed-up over the first import is printed.

Reports records/s and peak RSS (``/usr/bin/time -v``, else ``ru_maxrss``) of each
child and the ratio of records/s, both counted over each tool's whole process.
With ``--runs N`` the two alternate N times, each into a fresh vault and a fresh
database, and the median and lowest ratio are printed: on a shared machine the
rate of either tool swings by a third from one minute to the next.
healthkit-to-sqlite: ``python3 -m venv /tmp/hk-venv && /tmp/hk-venv/bin/pip install
healthkit-to-sqlite``.  Synthetic data only: nothing personal is written.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

DTD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE HealthData [
<!-- HealthKit Export Version: 13 -->
<!ELEMENT HealthData (ExportDate,Me,(Record|Correlation|Workout|ActivitySummary|ClinicalRecord)*)>
<!ATTLIST HealthData
  locale CDATA #REQUIRED
>
<!ELEMENT ExportDate EMPTY>
<!ATTLIST ExportDate
  value CDATA #REQUIRED
>
<!ELEMENT Me EMPTY>
<!ATTLIST Me
  HKCharacteristicTypeIdentifierDateOfBirth         CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBiologicalSex       CDATA #REQUIRED
  HKCharacteristicTypeIdentifierBloodType           CDATA #REQUIRED
  HKCharacteristicTypeIdentifierFitzpatrickSkinType CDATA #REQUIRED
  HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse CDATA #REQUIRED
>
<!ELEMENT Record ((MetadataEntry|HeartRateVariabilityMetadataList)*)>
<!ATTLIST Record
  type          CDATA #REQUIRED
  unit          CDATA #IMPLIED
  value         CDATA #IMPLIED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!-- Note: Any Records that appear as children of a correlation also appear as top-level records in this document. -->
<!ELEMENT Correlation ((MetadataEntry|Record)*)>
<!ATTLIST Correlation
  type          CDATA #REQUIRED
  sourceName    CDATA #REQUIRED
  sourceVersion CDATA #IMPLIED
  device        CDATA #IMPLIED
  creationDate  CDATA #IMPLIED
  startDate     CDATA #REQUIRED
  endDate       CDATA #REQUIRED
>
<!ELEMENT Workout ((MetadataEntry|WorkoutEvent|WorkoutRoute|WorkoutStatistics)*)>
<!ATTLIST Workout
  workoutActivityType   CDATA #REQUIRED
  duration              CDATA #IMPLIED
  durationUnit          CDATA #IMPLIED
  totalDistance         CDATA #IMPLIED
  totalDistanceUnit     CDATA #IMPLIED
  totalEnergyBurned     CDATA #IMPLIED
  totalEnergyBurnedUnit CDATA #IMPLIED
  sourceName            CDATA #REQUIRED
  sourceVersion         CDATA #IMPLIED
  device                CDATA #IMPLIED
  creationDate          CDATA #IMPLIED
  startDate             CDATA #REQUIRED
  endDate               CDATA #REQUIRED
>
<!ELEMENT WorkoutEvent (MetadataEntry*)>
<!ATTLIST WorkoutEvent
  type                 CDATA #REQUIRED
  date                 CDATA #REQUIRED
  duration             CDATA #IMPLIED
  durationUnit         CDATA #IMPLIED
>
<!ELEMENT WorkoutStatistics EMPTY>
<!ATTLIST WorkoutStatistics
  type                 CDATA #REQUIRED
  startDate            CDATA #REQUIRED
  endDate              CDATA #REQUIRED
  average              CDATA #IMPLIED
  minimum              CDATA #IMPLIED
  maximum              CDATA #IMPLIED
  sum                  CDATA #IMPLIED
  unit                 CDATA #IMPLIED
>
<!ELEMENT ActivitySummary EMPTY>
<!ATTLIST ActivitySummary
  dateComponents           CDATA #IMPLIED
  activeEnergyBurned       CDATA #IMPLIED
  activeEnergyBurnedGoal   CDATA #IMPLIED
  activeEnergyBurnedUnit   CDATA #IMPLIED
  appleMoveTime            CDATA #IMPLIED
  appleMoveTimeGoal        CDATA #IMPLIED
  appleExerciseTime        CDATA #IMPLIED
  appleExerciseTimeGoal    CDATA #IMPLIED
  appleStandHours          CDATA #IMPLIED
  appleStandHoursGoal      CDATA #IMPLIED
>
<!ELEMENT MetadataEntry EMPTY>
<!ATTLIST MetadataEntry
  key   CDATA #REQUIRED
  value CDATA #REQUIRED
>
]>
"""

WATCH = (
    "&lt;&lt;HKDevice: 0x3012772a0&gt;, name:Apple Watch, manufacturer:Apple Inc., model:Watch, "
    "hardware:Watch6,7, software:10.2&gt;"
)
PHONE = (
    "&lt;&lt;HKDevice: 0x30129b1b0&gt;, name:iPhone, manufacturer:Apple Inc., model:iPhone, "
    "hardware:iPhone15,2, software:17.2.1&gt;"
)
# (type, unit, low, high, share, source, device, metadata?)
MIX = [
    ("HKQuantityTypeIdentifierHeartRate", "count/min", 48, 165, 0.34, "Test Watch", WATCH, True),
    ("HKQuantityTypeIdentifierStepCount", "count", 5, 900, 0.24, "Test iPhone", PHONE, False),
    ("HKQuantityTypeIdentifierActiveEnergyBurned", "kcal", 0.05, 12, 0.16, "Test Watch", WATCH, False),
    ("HKQuantityTypeIdentifierBasalEnergyBurned", "kcal", 0.5, 2.5, 0.10, "Test Watch", WATCH, False),
    ("HKQuantityTypeIdentifierDistanceWalkingRunning", "km", 0.001, 0.9, 0.08, "Test iPhone", PHONE, False),
    ("HKQuantityTypeIdentifierAppleStandTime", "min", 1, 5, 0.02, "Test Watch", WATCH, False),
    ("HKQuantityTypeIdentifierOxygenSaturation", "%", 0.92, 1.0, 0.01, "Test Watch", WATCH, False),
    ("HKQuantityTypeIdentifierHeartRateVariabilitySDNN", "ms", 20, 90, 0.01, "Test Watch", WATCH, False),
    ("HKQuantityTypeIdentifierBodyMass", "kg", 60, 90, 0.002, "Scale", None, True),
    ("HKCategoryTypeIdentifierSleepAnalysis", None, 0, 0, 0.015, "Test Watch", WATCH, True),
    ("HKCategoryTypeIdentifierAppleStandHour", None, 0, 0, 0.01, "Test Watch", WATCH, False),
]
SLEEP = [
    "HKCategoryValueSleepAnalysisInBed",
    "HKCategoryValueSleepAnalysisAsleepCore",
    "HKCategoryValueSleepAnalysisAsleepDeep",
    "HKCategoryValueSleepAnalysisAsleepREM",
    "HKCategoryValueSleepAnalysisAwake",
]
TZ = timezone(timedelta(hours=2))


def _fmt(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%d %H:%M:%S +0200")


PLAIN = [
    ("HKQuantityTypeIdentifierHeartRate", "count/min", 48, 165, 0.45),
    ("HKQuantityTypeIdentifierStepCount", "count", 5, 900, 0.25),
    ("HKQuantityTypeIdentifierActiveEnergyBurned", "kcal", 0.05, 12, 0.18),
    ("HKQuantityTypeIdentifierDistanceWalkingRunning", "km", 0.001, 0.9, 0.12),
]


def generate_plain(path: Path, n: int, seed: int = 7) -> int:
    """A plain export.xml: ``n`` quantity records without metadata or device strings; returns its size."""
    rnd = random.Random(seed)
    t = datetime(2021, 1, 1, 0, 0, 0, tzinfo=TZ)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        w = fh.write
        w(DTD)
        w('<HealthData locale="en_GB">\n <ExportDate value="2024-06-01 08:10:05 +0200"/>\n')
        for _ in range(n):
            t += timedelta(seconds=rnd.randint(5, 120))
            r = rnd.random()
            acc = 0.0
            pick = PLAIN[-1]
            for entry in PLAIN:
                acc += entry[4]
                if r < acc:
                    pick = entry
                    break
            type_id, unit, low, high, _share = pick
            start = _fmt(t)
            end = start if "HeartRate" in type_id else _fmt(t + timedelta(seconds=rnd.randint(1, 60)))
            w(
                f' <Record type="{type_id}" sourceName="Watch" unit="{unit}" creationDate="{start}" '
                f'startDate="{start}" endDate="{end}" value="{rnd.uniform(low, high):.4g}"/>\n'
            )
        w("</HealthData>\n")
    return path.stat().st_size


def generate(path: Path, n: int, seed: int = 7) -> int:
    """Write a synthetic export.xml with ``n`` top-level data elements; returns its size in bytes."""
    rnd = random.Random(seed)
    cum: list[float] = []
    acc = 0.0
    for entry in MIX:
        acc += entry[4]
        cum.append(acc)
    # the share left over (1 - acc) goes to workouts and blood-pressure correlations
    t = datetime(2021, 1, 1, 0, 0, 0, tzinfo=TZ)
    day = t.date()
    written = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        w = fh.write
        w(DTD)
        w('<HealthData locale="en_GB">\n <ExportDate value="2024-06-01 08:10:05 +0200"/>\n')
        w(
            ' <Me HKCharacteristicTypeIdentifierDateOfBirth="1980-01-01" '
            'HKCharacteristicTypeIdentifierBiologicalSex="HKBiologicalSexFemale" '
            'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeOPositive" '
            'HKCharacteristicTypeIdentifierFitzpatrickSkinType="HKFitzpatrickSkinTypeNotSet" '
            'HKCharacteristicTypeIdentifierCardioFitnessMedicationsUse="None"/>\n'
        )
        while written < n:
            t += timedelta(seconds=rnd.randint(20, 400))
            if t.date() != day:
                w(
                    f' <ActivitySummary dateComponents="{day.isoformat()}" '
                    f'activeEnergyBurned="{rnd.uniform(100, 900):.3f}" '
                    f'activeEnergyBurnedGoal="600" activeEnergyBurnedUnit="kcal" '
                    f'appleMoveTime="0" appleMoveTimeGoal="0" '
                    f'appleExerciseTime="{rnd.randint(0, 90)}" appleExerciseTimeGoal="30" '
                    f'appleStandHours="{rnd.randint(2, 16)}" appleStandHoursGoal="12"/>\n'
                )
                day = t.date()
                written += 1
                continue
            r = rnd.random()
            created = _fmt(t + timedelta(minutes=3))
            start = _fmt(t)
            if r >= acc:
                if rnd.random() < 0.5:
                    end_dt = t + timedelta(minutes=rnd.randint(15, 70))
                    end = _fmt(end_dt)
                    dur = (end_dt - t).total_seconds() / 60
                    dist = dur * rnd.uniform(0.12, 0.2)
                    w(
                        f' <Workout workoutActivityType="HKWorkoutActivityTypeRunning" '
                        f'duration="{dur:.6f}" durationUnit="min" '
                        f'sourceName="Test Watch" sourceVersion="10.2" device="{WATCH}" creationDate="{created}" '
                        f'startDate="{start}" endDate="{end}">\n'
                        f'  <MetadataEntry key="HKIndoorWorkout" value="0"/>\n'
                        f'  <MetadataEntry key="HKWeatherTemperature" value="{rnd.randint(40, 80)} degF"/>\n'
                        f'  <WorkoutEvent type="HKWorkoutEventTypeSegment" date="{start}" '
                        f'duration="{dur / 2:.5f}" durationUnit="min"/>\n'
                        f'  <WorkoutEvent type="HKWorkoutEventTypePause" date="{_fmt(t + timedelta(minutes=5))}"/>\n'
                        f'  <WorkoutEvent type="HKWorkoutEventTypeResume" date="{_fmt(t + timedelta(minutes=6))}"/>\n'
                        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierActiveEnergyBurned" startDate="{start}" '
                        f'endDate="{end}" sum="{dur * 10:.3f}" unit="kcal"/>\n'
                        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierDistanceWalkingRunning" '
                        f'startDate="{start}" '
                        f'endDate="{end}" sum="{dist:.4f}" unit="km"/>\n'
                        f'  <WorkoutStatistics type="HKQuantityTypeIdentifierHeartRate" '
                        f'startDate="{start}" endDate="{end}" '
                        f'average="{rnd.randint(120, 160)}" minimum="95" maximum="178" unit="count/min"/>\n'
                        f" </Workout>\n"
                    )
                else:
                    sysv, dia = rnd.randint(105, 145), rnd.randint(65, 95)
                    rec = (
                        f'type="{{}}" sourceName="Cuff" sourceVersion="2.1" unit="mmHg" creationDate="{created}" '
                        f'startDate="{start}" endDate="{start}" value="{{}}"'
                    )
                    w(
                        f' <Correlation type="HKCorrelationTypeIdentifierBloodPressure" '
                        f'sourceName="Cuff" sourceVersion="2.1" '
                        f'creationDate="{created}" startDate="{start}" endDate="{start}">\n'
                        f"  <Record {rec.format('HKQuantityTypeIdentifierBloodPressureSystolic', sysv)}/>\n"
                        f"  <Record {rec.format('HKQuantityTypeIdentifierBloodPressureDiastolic', dia)}/>\n"
                        f" </Correlation>\n"
                    )
                written += 1
                continue
            i = 0
            while cum[i] < r:
                i += 1
            type_id, unit, low, high, _, source, device, meta = MIX[i]
            is_hr = type_id == "HKQuantityTypeIdentifierHeartRate"
            end = start if is_hr else _fmt(t + timedelta(seconds=rnd.randint(0, 300)))
            dev = f' device="{device}"' if device else ""
            if unit is None:
                value = rnd.choice(SLEEP) if "Sleep" in type_id else "HKCategoryValueAppleStandHourStood"
                head = f' <Record type="{type_id}" sourceName="{source}" sourceVersion="10.2"{dev} '
            else:
                value = f"{rnd.uniform(low, high):.4g}"
                head = f' <Record type="{type_id}" sourceName="{source}" sourceVersion="10.2"{dev} unit="{unit}" '
            attrs = f'{head}creationDate="{created}" startDate="{start}" endDate="{end}" value="{value}"'
            if meta:
                key = "HKMetadataKeyHeartRateMotionContext" if "Heart" in type_id else "HKTimeZone"
                mval = str(rnd.randint(0, 2)) if "Heart" in type_id else "Europe/Amsterdam"
                w(f'{attrs}>\n  <MetadataEntry key="{key}" value="{mval}"/>\n </Record>\n')
            else:
                w(f"{attrs}/>\n")
            written += 1
        w("</HealthData>\n")
    return path.stat().st_size


# --- children -----------------------------------------------------------------------------------


def _child_bare(path: str, workdir: str) -> None:
    """The bare loop: expat and one SQLCipher table, nothing else (the practical limit)."""
    from xml.parsers import expat

    sys.path.insert(0, str(ROOT))
    import sqlcipher3

    t0 = time.perf_counter()
    conn = sqlcipher3.connect(str(Path(workdir) / "bare.db"), isolation_level=None)
    conn.execute("PRAGMA key = \"x'" + "5a" * 32 + "'\"")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE r(type TEXT, source TEXT, unit TEXT, value TEXT, start TEXT, end TEXT)")
    rows: list[tuple[str | None, ...]] = []
    count = 0

    def flush() -> None:
        conn.execute("BEGIN")
        conn.executemany("INSERT INTO r VALUES (?,?,?,?,?,?)", rows)
        conn.execute("COMMIT")
        rows.clear()

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal count
        if name == "Record":
            g = attrs.get
            rows.append((g("type"), g("sourceName"), g("unit"), g("value"), g("startDate"), g("endDate")))
            count += 1
            if len(rows) >= 10_000:
                flush()

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    with open(path, "rb") as fh:
        while chunk := fh.read(256 * 1024):
            parser.Parse(chunk, False)
    parser.Parse(b"", True)
    flush()
    conn.close()
    print(json.dumps({"mode": "bare", "records": count, "seconds": time.perf_counter() - t0}))


def _child_wallet(xml: str, workdir: str, raw: bool, reimport: bool = False, here: bool = False) -> None:
    sys.path.insert(0, str(ROOT))
    _watch_workers()
    if here:  # no reading worker: export.xml read in the importing process (wallet.imports.offload)
        from connectors.apple_health import connector

        connector.OFFLOAD_BYTES = 1 << 62
    from wallet.imports.connector import ImportContext, Source

    t0 = time.perf_counter()
    count = 0
    mode = "raw-connector"
    if not raw:
        try:
            from wallet.imports import pipeline  # noqa: F401
            from wallet.store import vault  # noqa: F401
        except ImportError:
            raw = True
    if raw:
        from connectors.apple_health import AppleHealthConnector

        for _ in AppleHealthConnector().read(Source(xml), ImportContext()):
            count += 1
    else:
        from wallet.imports.pipeline import import_source
        from wallet.store.vault import KdfParams, Vault

        mode = "full-pipeline"
        v, _key = Vault.create(Path(workdir) / "vault", "benchmark passphrase", kdf=KdfParams.floor())
        try:
            t0 = time.perf_counter()  # vault creation (key derivation) is not import time
            report = import_source(v, Source(xml), connector_id="apple_health")
            count = report.added + report.duplicates
            if report.error:
                print(json.dumps({"error": report.error}))
            elapsed = time.perf_counter() - t0
            again = None
            if reimport:
                t1 = time.perf_counter()
                second = import_source(v, Source(xml), connector_id="apple_health")
                again = {"seconds": time.perf_counter() - t1, "added": second.added, "repeats": second.duplicates}
        finally:
            v.close()
        print(json.dumps({"mode": mode, "records": count, "seconds": elapsed, "reimport": again, **_peaks()}))
        return
    elapsed = time.perf_counter() - t0
    print(json.dumps({"mode": mode, "records": count, "seconds": elapsed, **_peaks()}))


_worker_peak_kb = 0


def _watch_workers() -> None:
    """Keep the largest peak RSS (VmHWM) of the processes this one starts (the reading worker,
    wallet.imports.offload), read every 50 ms.  Not ru_maxrss of RUSAGE_CHILDREN: a child started
    by fork counts this process's pages as its own until it runs its program, which would count them twice."""
    global _worker_peak_kb

    def watch() -> None:
        global _worker_peak_kb
        while True:
            for tid in os.listdir("/proc/self/task"):
                try:
                    with open(f"/proc/self/task/{tid}/children") as fh:
                        pids = fh.read().split()
                    for pid in pids:
                        with open(f"/proc/{pid}/status") as fh:
                            for line in fh:
                                if line.startswith("VmHWM:"):
                                    _worker_peak_kb = max(_worker_peak_kb, int(line.split()[1]))
                except (OSError, ValueError):
                    continue
            time.sleep(0.05)

    threading.Thread(target=watch, daemon=True).start()


def _peaks() -> dict[str, int]:
    """Peak RSS in kB of this process and of its reading worker: the two run at once, so the wallet's
    peak is counted as their sum."""
    return {"own_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, "worker_kb": _worker_peak_kb}


def _run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, int, str]:
    """Run ``cmd``; wall seconds, peak RSS in kB of that child, stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    elapsed = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    # ru_maxrss of RUSAGE_CHILDREN is the max over all waited-for children: exact when this child is
    # the largest so far; otherwise fall back to /usr/bin/time figures when available.
    return elapsed, max(after, 0) if after > before else -1, proc.stdout


def _time_v(cmd: list[str]) -> tuple[float, int, str]:
    """Like _run but through /usr/bin/time -v, which reports this child's own peak RSS."""
    t0 = time.perf_counter()
    proc = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"{cmd[0]} failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
    rss = -1
    cpu = 0.0
    for line in proc.stderr.splitlines():
        if "Maximum resident set size" in line:
            rss = int(line.split(":")[1])
        elif "User time (seconds)" in line or "System time (seconds)" in line:
            cpu += float(line.split(":")[1])
    print(
        f"  [{Path(cmd[1] if cmd[0] == sys.executable else cmd[0]).name}] wall {elapsed:.1f} s, "
        f"CPU (user+sys) {cpu:.1f} s, peak RSS {rss / 1024:.0f} MB"
    )
    return elapsed, rss, proc.stdout


def _find_hk(given: str | None) -> str | None:
    for cand in (given, shutil.which("healthkit-to-sqlite"), "/tmp/hk-venv/bin/healthkit-to-sqlite"):
        if cand and Path(cand).exists():
            return cand
    return None


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, help="number of top-level elements in the synthetic export")
    ap.add_argument("--shape", choices=("realistic", "plain", "both"), default="realistic", help="export shape")
    ap.add_argument("--hk", help="path of the healthkit-to-sqlite executable")
    ap.add_argument("--keep", help="directory to keep the generated export.xml in (reused if present)")
    ap.add_argument("--raw", action="store_true", help="measure only the connector's read, not the pipeline")
    ap.add_argument(
        "--no-worker", action="store_true", help="read export.xml in the importing process (no reading worker)"
    )
    ap.add_argument("--skip-hk", action="store_true", help="do not run healthkit-to-sqlite")
    ap.add_argument("--no-bare", action="store_true", help="do not run the bare parse-and-insert loop")
    ap.add_argument("--reimport", action="store_true", help="also import the same export again (all repeats)")
    ap.add_argument("--runs", type=int, default=1, help="alternate the tools this many times (noisy machines)")
    ap.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    ap.add_argument("--bare-child", nargs=2, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child_wallet(args.child[0], args.child[1], args.raw, args.reimport, args.no_worker)
        return
    if args.bare_child:
        _child_bare(args.bare_child[0], args.bare_child[1])
        return

    workdir = Path(tempfile.mkdtemp(prefix="bench-ah-"))
    try:
        folder = Path(args.keep) if args.keep else workdir
        folder.mkdir(parents=True, exist_ok=True)
        use_time = Path("/usr/bin/time").exists()
        runner = _time_v if use_time else _run
        hk = None if args.skip_hk else _find_hk(args.hk)
        if hk is None and not args.skip_hk:
            print("healthkit-to-sqlite not found (pip install healthkit-to-sqlite in a venv; --hk PATH)")
        for shape in ("realistic", "plain") if args.shape == "both" else (args.shape,):
            xml = folder / (f"export-{args.n}.xml" if shape == "realistic" else f"export-plain-{args.n}.xml")
            if not xml.exists():
                t0 = time.perf_counter()
                size = (generate if shape == "realistic" else generate_plain)(xml, args.n)
                print(f"generated {xml} ({args.n} elements, {size / 1e6:.1f} MB) in {time.perf_counter() - t0:.1f} s")
            else:
                print(f"reusing {xml} ({xml.stat().st_size / 1e6:.1f} MB)")
            _compare(args, shape, xml, workdir, runner, hk)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _compare(args: argparse.Namespace, shape: str, xml: Path, workdir: Path, runner: Any, hk: str | None) -> None:
    """Alternate the wallet, healthkit-to-sqlite and the bare loop ``args.runs`` times on one export."""
    ratios: dict[str, list[float]] = {"healthkit-to-sqlite": [], "bare loop": [], "re-import speed-up": []}
    print(f"== {shape} export, {args.n:,} elements")
    for run in range(1, args.runs + 1):
        if args.runs > 1:
            print(f"run {run} of {args.runs}")
        child_dir = workdir / f"wallet-{shape}-{run}"
        child_dir.mkdir()
        cmd = [sys.executable, __file__, str(args.n), "--child", str(xml), str(child_dir)]
        if args.raw:
            cmd.append("--raw")
        if args.no_worker:
            cmd.append("--no-worker")
        if args.reimport:
            cmd.append("--reimport")
        wall, rss, out = runner(cmd)
        shutil.rmtree(child_dir, ignore_errors=True)
        info = json.loads(out.strip().splitlines()[-1])
        # The ratios use each tool's whole process time (start-up, creating the database and the vault
        # included), the stricter comparison; the import alone is printed too.  With --reimport the
        # second import's time is taken out of the wallet's process time.
        again = info.get("reimport")
        own_wall = wall - (again["seconds"] if again else 0.0)
        w_rate = info["records"] / own_wall
        if info.get("worker_kb"):  # the import's process and its reading worker, at their peaks at once
            rss = info["own_kb"] + info["worker_kb"]
            memory = (
                f"peak RSS {rss / 1024:.0f} MB ({info['own_kb'] / 1024:.0f} + worker {info['worker_kb'] / 1024:.0f})"
            )
        else:
            memory = f"peak RSS {rss / 1024:.0f} MB"
        print(
            f"wallet ({info['mode']}): {info['records']} records; import {info['seconds']:.1f} s "
            f"({info['records'] / info['seconds']:,.0f} records/s), whole process {own_wall:.1f} s "
            f"= {w_rate:,.0f} records/s, {memory}"
        )
        if again:
            speedup = info["seconds"] / again["seconds"]
            ratios["re-import speed-up"].append(speedup)
            print(
                f"  re-import: {again['seconds']:.1f} s, added {again['added']}, repeats {again['repeats']}: "
                f"{speedup:.2f}x faster than the first import"
            )
        if hk is not None:
            db = workdir / "hk.db"
            db.unlink(missing_ok=True)
            wall_hk, rss_hk, _ = runner([hk, "--xml", "--silent", str(xml), str(db)])
            db.unlink(missing_ok=True)
            hk_rate = args.n / wall_hk
            print(
                f"healthkit-to-sqlite: {args.n} elements, whole process {wall_hk:.1f} s = {hk_rate:,.0f} "
                f"records/s, peak RSS {rss_hk / 1024:.0f} MB"
            )
            ratios["healthkit-to-sqlite"].append(w_rate / hk_rate)
            print(f"ratio wallet / healthkit-to-sqlite: {ratios['healthkit-to-sqlite'][-1]:.2f}x")
        if not args.no_bare:
            bare_dir = workdir / f"bare-{shape}-{run}"
            bare_dir.mkdir()
            wall_b, rss_b, out_b = runner(
                [sys.executable, __file__, str(args.n), "--bare-child", str(xml), str(bare_dir)]
            )
            shutil.rmtree(bare_dir, ignore_errors=True)
            bare = json.loads(out_b.strip().splitlines()[-1])
            b_rate = bare["records"] / wall_b
            print(
                f"bare loop: {bare['records']} Record elements, whole process {wall_b:.1f} s = {b_rate:,.0f} "
                f"records/s, peak RSS {rss_b / 1024:.0f} MB"
            )
            ratios["bare loop"].append(w_rate / b_rate)
            print(f"ratio wallet / bare loop: {ratios['bare loop'][-1]:.2f}x")
    for name, values in ratios.items():
        if values:
            joined = ", ".join(f"{r:.2f}x" for r in values)
            print(f"{shape}: {name}: {joined}; median {statistics.median(values):.2f}x, lowest {min(values):.2f}x")


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
