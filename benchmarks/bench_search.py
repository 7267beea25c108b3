"""How long ``Vault.search`` takes on a lifetime vault (issue 17 item 4): p50/p95/max per class of query.

    .venv/bin/python benchmarks/bench_search.py                      # 1,100,000 records, the worst case
    .venv/bin/python benchmarks/bench_search.py --records 100000 --keep /tmp/bench-search-100k

The vault is built once in ``--keep`` (default ``$TMPDIR/mydata-wallet-bench-search-N``, never in the
repository) through ``Vault.add_records`` (the import's own RowBatch: records, both search indexes,
readings), then reused; ``--rebuild`` makes it again.  Its records: dense samples as records (heart
rate, steps, walking distance, in English and in Korean, every few minutes over ten years) and
FHIR-like observations, conditions and medications (고혈압약, 당뇨병, 혈압, Essential hypertension),
bank transactions with Korean and English merchants and documents, about 1 in 11 of them; a
second person holds 1% of them.

The query set: common English words, two-syllable Korean words (also inside longer words:
``혈압`` in ``고혈압약``), two-letter terms (``BP``), rare words, words found nowhere, two-word
queries, two and three common words (together in most records that hold one of them, or in none:
``heart steps``); each run ``--reps`` times for the first page of 50, newest first.  One-character terms,
the second person's searches, page 11 and two common words that are never in one record (the
index must intersect their long lists to find nothing) are timed apart (not in the issue's set).
``--old`` also runs the set once through the previous plan (trigram index for 3+ characters, LIKE
for shorter terms, then a sort of every match by date), for the ratio.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wallet.model import Domain, Person, Provenance, Record  # noqa: E402
from wallet.store.keys import KdfParams  # noqa: E402
from wallet.store.vault import Vault, fts_query  # noqa: E402

PASSPHRASE = "benchmark passphrase, not a secret"

# (title, code, code_display, unit, value range): samples written as records
SAMPLES: list[tuple[str, str | None, str | None, str, tuple[int, int]]] = [
    ("Heart rate", "8867-4", "Heart rate", "count/min", (50, 140)),
    ("심박수", "8867-4", "Heart rate", "count/min", (50, 140)),
    ("Steps", "55423-8", "Number of steps", "count", (0, 2000)),
    ("걸음 수", "55423-8", "Number of steps", "count", (0, 2000)),
    ("Walking + running distance", "41953-1", "Walking distance", "m", (0, 1500)),
    ("Active energy burned", "41981-2", "Calories burned", "kcal", (0, 300)),
    ("Blood oxygen saturation", "59408-5", "Oxygen saturation", "%", (90, 100)),
]
# (kind, title, code, code_display, text)
HEALTH: list[tuple[str, str, str | None, str | None, str | None]] = [
    ("Observation", "혈압 측정", "85354-9", "Blood pressure panel", "수축기 128 이완기 82 mmHg"),
    ("Observation", "Blood pressure", "85354-9", "Blood pressure panel", "BP 128/82 sitting"),
    ("Observation", "Hemoglobin A1c", "4548-4", "Hemoglobin A1c/Hemoglobin.total", None),
    ("Observation", "공복 혈당", "1558-6", "Fasting glucose", "당뇨 전단계 의심"),
    ("Observation", "총 콜레스테롤", "2093-3", "Cholesterol", None),
    ("Condition", "Essential hypertension", "I10", "Essential (primary) hypertension", None),
    ("Condition", "본태성 고혈압", "I10", "Essential hypertension", "고혈압 진단, 생활습관 교정"),
    ("Condition", "제2형 당뇨병", "E11", "Type 2 diabetes mellitus", "당뇨병 관리 교육"),
    ("Condition", "고지혈증", "E78.5", "Hyperlipidaemia", None),
    ("MedicationRequest", "고혈압약 처방 (암로디핀 5mg)", "C08CA01", "Amlodipine 5 mg tablet", "1일 1회 아침"),
    ("MedicationRequest", "Metformin 500 mg tablet", "A10BA02", "Metformin", "twice daily with meals"),
    ("MedicationRequest", "당뇨약 메트포르민", "A10BA02", "Metformin", None),
    ("Encounter", "서울대학교병원 외래 진료", None, None, "내과 정기 검진"),
    ("Encounter", "Annual physical exam", None, None, "Heart and lungs normal"),
    ("Immunization", "인플루엔자 예방접종", "J07BB", "Influenza vaccine", None),
]
MERCHANTS = [
    "스타벅스 강남역점",
    "GS25 역삼점",
    "쿠팡 Coupang",
    "이마트 성수점",
    "Starbucks Coffee",
    "Amazon.com",
    "Netflix.com",
    "온누리약국",
    "서울대학교병원 진료비",
    "배달의민족",
    "카카오페이 송금",
    "Uber BV",
    "Walking Pad Store",
]
DOCUMENTS: list[tuple[str, str | None]] = [
    ("Passport scan", "Republic of Korea passport, expires 2031"),
    ("주민등록등본", "세대주 및 세대원 정보"),
    ("건강검진 결과지", "혈압 정상, 공복혈당 경계, BP 118/76"),
    ("Lab report", "Lipid panel, HbA1c 6.1 %"),
    ("재직증명서", None),
    ("Lease agreement", "Apartment lease, 2 years"),
]
PROV = Provenance(connector_id="bench", connector_version="1", source_name="bench-search")

QUERIES: dict[str, list[str]] = {
    "common English": ["heart", "walking", "rate", "steps", "energy"],
    "Korean 2 syllables": ["혈압", "당뇨", "걸음", "심박", "약국", "병원"],
    "two letters": ["BP", "mg", "HR", "A1"],
    "rare": ["amlodipine", "passport", "Netflix", "예방접종", "재직증명서"],
    "no hit": ["zebra", "quantum", "오징어", "qz", "혈압계", "heartbeat"],
    "two words": ["heart rate", "blood pressure", "고혈압 약", "BP 128", "walking 2023", "당뇨 zebra"],
    # each word in 100,000+ records (pressure: 6,000), some together in most of them, some in none
    "2 common words": ["heart rate", "blood pressure", "walking running", "heart steps", "걸음 walking", "rate energy"],
    "3 common words": [
        "heart rate steps",
        "walking running distance",
        "심박 heart rate",
        "blood oxygen saturation",
        "steps energy rate",
        "blood pressure heart",
    ],
}
EXTRA: dict[str, list[str]] = {
    "one character": ["약", "혈", "x", "e", "5"],
    "common words apart": ["heart steps", "걸음 walking"],  # each in 100k+ records, never together
}


def _records(n: int, holder: str, other: str, seed: int = 17) -> Any:
    """n records over ten years, newest 2026; dense samples first by count, then the rest."""
    rnd = random.Random(seed)
    t0 = datetime(2016, 1, 1, tzinfo=UTC)
    span = 10 * 365 * 24 * 3600
    for i in range(n):
        start = t0 + timedelta(seconds=rnd.randrange(span))
        person = other if rnd.random() < 0.01 else holder
        pick = rnd.random()
        if i % 11:  # ten in eleven: samples as records
            title, code, display, unit, (lo, hi) = SAMPLES[rnd.randrange(len(SAMPLES))]
            rec = Record(
                domain=Domain.FITNESS,
                kind="Observation",
                title=title,
                start=start,
                value=float(rnd.randint(lo, hi)),
                unit=unit,
                code_system="http://loinc.org",
                code=code,
                code_display=display,
                provenance=PROV,
                person_id=person,
            )
        elif pick < 0.45:
            kind, title, code, display, text = HEALTH[rnd.randrange(len(HEALTH))]
            rec = Record(
                domain=Domain.HEALTH,
                kind=kind,
                title=title,
                start=start,
                code=code,
                code_display=display,
                text=text,
                payload={"n": i},
                provenance=PROV,
                person_id=person,
            )
        elif pick < 0.9:
            merchant = MERCHANTS[rnd.randrange(len(MERCHANTS))]
            rec = Record(
                domain=Domain.FINANCE,
                kind="transaction",
                title=merchant,
                start=start,
                value=-float(rnd.randint(1, 2000) * 100),
                unit="KRW",
                text=f"{merchant} {start:%Y-%m-%d} 체크카드",
                payload={"n": i},
                provenance=PROV,
                person_id=person,
            )
        else:
            title, text = DOCUMENTS[rnd.randrange(len(DOCUMENTS))]
            rec = Record(
                domain=Domain.DOCUMENTS,
                kind="document",
                title=f"{title} {start:%Y}",
                start=None if rnd.random() < 0.2 else start,
                text=text,
                payload={"n": i},
                provenance=PROV,
                person_id=person,
            )
        yield rec


def add_samples(vault: Vault, n: int) -> None:
    """``n`` heart-rate samples through the series store (Vault.add_samples), a minute apart."""
    from wallet.samples import Row, Samples

    began = time.perf_counter()
    t0 = datetime(2016, 1, 1, tzinfo=UTC).timestamp()
    done = 0
    while done < n:
        k = min(200_000, n - done)
        rows: list[Row] = [(t0 + 60.0 * (done + i), None, 60.0 + (i % 60), 540, None) for i in range(k)]
        kind = "HKQuantityTypeIdentifierHeartRate"
        vault.add_samples([Samples(Domain.FITNESS, kind, "Heart rate", "count/min", "Bench Watch", PROV, rows)])
        done += k
    print(f"  {n:,} samples in the series store, {time.perf_counter() - began:.0f} s", flush=True)


def build(folder: Path, n: int, samples: int = 0) -> None:
    """A fresh vault of ``n`` records (and ``samples`` samples, when the series store takes them) in ``folder``."""
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    try:
        # random ids and dates touch pages all over the tables: with the default page cache each miss is a
        # decryption, and the build slows down tenfold past a few hundred thousand records
        vault.conn.execute("PRAGMA cache_size = -2000000")
        holder = vault.holder().id
        other = Person(name="Minji")
        vault.save_person(other)
        began = time.perf_counter()
        chunk: list[Record] = []
        done = 0
        for rec in _records(n, holder, other.id):
            chunk.append(rec)
            if len(chunk) == 50_000:
                vault.add_records(chunk)
                done += len(chunk)
                chunk = []
                print(f"  {done:,} records, {time.perf_counter() - began:.0f} s", flush=True)
        if chunk:
            vault.add_records(chunk)
        print(f"built {n:,} records in {time.perf_counter() - began:.0f} s", flush=True)
        if samples and hasattr(vault, "add_samples"):
            add_samples(vault, samples)
    finally:
        vault.close()


def old_search(vault: Vault, text: str, limit: int = 50, person_id: str | None = None) -> list[Record]:
    """The plan before schema 8: trigram MATCH for 3+ characters, LIKE over title and JSON otherwise."""
    query, short_terms = fts_query(text)
    if query is None and not short_terms:
        return []
    sql = f"SELECT {vault._COLUMNS} FROM {vault._FROM}"
    clauses: list[str] = []
    args: list[Any] = []
    if query is not None:
        sql += " JOIN records_fts f ON f.rowid = r.rowid"
        clauses.append("records_fts MATCH ?")
        args.append(query)
    for term in short_terms:
        escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        clauses.append("(r.title LIKE ? ESCAPE '\\' OR r.data LIKE ? ESCAPE '\\')")
        args += [f"%{escaped}%", f"%{escaped}%"]
    if person_id:
        clauses.append("r.person_id = ?")
        args.append(person_id)
    sql += " WHERE " + " AND ".join(clauses) + " ORDER BY r.start DESC LIMIT ?"
    args.append(limit)
    return [vault._row_to_record(row) for row in vault.conn.execute(sql, args)]


def _stats(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[min(len(ms) - 1, max(0, round(0.95 * len(ms)) - 1))]
    return f"p50 {statistics.median(ms):7.1f}  p95 {p95:7.1f}  max {ms[-1]:7.1f} ms  ({len(ms)} runs)"


def time_set(run: Any, queries: dict[str, list[str]], reps: int) -> dict[str, list[float]]:
    """Seconds per run of each query, by class; prints each query's median and hit count."""
    out: dict[str, list[float]] = {}
    for cls, terms in queries.items():
        for q in terms:
            took = []
            hits = 0
            for _ in range(reps):
                began = time.perf_counter()
                hits = len(run(q))
                took.append(time.perf_counter() - began)
            out.setdefault(cls, []).extend(took)
            print(f"    {cls:20} {q!r:18} {hits:3} hits  median {statistics.median(took) * 1000:8.1f} ms", flush=True)
    return out


def report(title: str, by_class: dict[str, list[float]]) -> None:
    """p50/p95/max per class and over the issue's classes."""
    print(title)
    for cls, times in by_class.items():
        print(f"  {cls:20} {_stats(times)}")
    overall = [t for cls, times in by_class.items() if cls in QUERIES for t in times]
    if overall:
        print(f"  {'overall':20} {_stats(overall)}")


def main() -> None:
    """Build (or reuse) the vault, then time the query set."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--records", type=int, default=1_100_000, help="records in the records table (default 1,100,000)")
    ap.add_argument("--samples", type=int, default=0, help="samples in the series store (when it has a writer)")
    ap.add_argument("--keep", type=Path, help="the vault's folder, reused when it holds one")
    ap.add_argument("--rebuild", action="store_true", help="build the vault again even when --keep holds one")
    ap.add_argument("--reps", type=int, default=5, help="runs of each query (default 5)")
    ap.add_argument("--old", action="store_true", help="also time the previous plan (one run of each query)")
    args = ap.parse_args()
    folder = args.keep or Path(tempfile.gettempdir()) / f"mydata-wallet-bench-search-{args.records}"
    if args.samples:
        if hasattr(Vault, "add_samples"):
            print(f"{args.samples:,} samples go to the series store (Vault.add_samples) when the vault is built")
        else:
            print(
                f"note: no series store writer yet: the {args.samples:,} samples are not written (--records counts"
                " samples written as records)"
            )
    if args.rebuild and Vault.exists(folder):
        import shutil

        shutil.rmtree(folder)
    if not Vault.exists(folder):
        print(f"building {args.records:,} records in {folder}", flush=True)
        build(folder, args.records, args.samples)
    began = time.perf_counter()
    vault = Vault.open(folder, PASSPHRASE)  # migrates a vault built by an older schema (builds the index)
    print(f"opened in {time.perf_counter() - began:.1f} s (schema {vault.schema_version})")
    try:
        n = vault.count()
        other = next(p for p in vault.persons() if not p.is_holder)
        print(f"{n:,} records; {vault.count(person_id=other.id):,} of them the second person's")
        for table in ("records_fts", "records_search"):  # their segments' bytes (no dbstat in SQLCipher)
            size = vault.conn.execute(f"SELECT sum(length(block)) FROM {table}_data").fetchone()[0] or 0
            print(f"  {table}: {size / 1e6:.0f} MB")
        vault.search("warm up the cache")
        for q in ("heart", "혈압", "BP"):  # warm the pages of common doclists
            vault.search(q)
        print("Vault.search, first page of 50, newest first:")
        new = time_set(lambda q: vault.search(q, limit=50), QUERIES, args.reps)
        new.update(time_set(lambda q: vault.search(q, limit=50), EXTRA, args.reps))
        person = time_set(
            lambda q: vault.search(q, limit=50, person_id=other.id),
            {"second person": ["heart", "혈압", "BP", "zebra"]},
            args.reps,
        )
        holder = vault.holder().id
        person.update(  # the app's default scope: the person whose timeline is shown
            time_set(
                lambda q: vault.search(q, limit=50, person_id=holder),
                {"holder (99%)": ["heart", "혈압", "BP", "amlodipine", "zebra", "heart rate"]},
                args.reps,
            )
        )
        page = time_set(
            lambda q: vault.search(q, limit=50, offset=500),
            {"page 11 (offset 500)": ["heart", "혈압", "BP"]},
            args.reps,
        )
        page.update(  # the desktop app's search asks for 500 (wallet.ui.main_window.SEARCH_LIMIT)
            time_set(lambda q: vault.search(q, limit=500), {"app's 500 results": ["heart", "혈압", "BP"]}, args.reps)
        )
        report("Vault.search (schema 8 index):", {**new, **person, **page})
        if args.old:
            print("previous plan (trigram MATCH / LIKE, sorted by date), one run each:")
            old = time_set(lambda q: old_search(vault, q), QUERIES, 1)
            report("previous plan:", old)
            ratio = [statistics.median(old[c]) / max(statistics.median(new[c]), 1e-9) for c in QUERIES if c in old]
            print("  median ratio per class (previous / new): " + ", ".join(f"{r:.0f}x" for r in ratio))
    finally:
        vault.close()


if __name__ == "__main__":
    main()
