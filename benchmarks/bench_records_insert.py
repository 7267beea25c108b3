"""What inserting records into the vault's ``records`` table costs, and what its indexes and page cache take of it.

    .venv/bin/python benchmarks/bench_records_insert.py [--rows 100000] [--runs 2]

Rows shaped like a FHIR import's (an Observation's columns and stored JSON, 20 rows a statement as the
import's per-person statements are, one transaction) go through the import's own statement
(``wallet.store.rows._INSERT_ROWS``) into a new vault, made in a temporary folder and removed, each variant in
its own process, alternating:

* ``as is``: the vault as it is made (five secondary indexes on ``records``, its 32 MB page cache);
* ``no secondary indexes``: ``records_start``, ``records_person_domain``, ``records_kind``, ``records_source``
  and ``records_person_start`` dropped first;
* ``cache 128 MB`` and ``cache 8 MB``: the page cache set so.

Only ``records``: not the search indexes (``bench_fhir_import.py`` measures a whole import).  Synthetic rows,
no personal data.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VARIANTS = {
    "as is": [],
    "no secondary indexes": [
        "DROP INDEX records_start",
        "DROP INDEX records_person_domain",
        "DROP INDEX records_kind",
        "DROP INDEX records_source",
        "DROP INDEX records_person_start",
    ],
    "cache 128 MB": ["PRAGMA cache_size = -131072"],
    "cache 8 MB": ["PRAGMA cache_size = -8192"],
}
PER_STATEMENT = 20


def _child(variant: str, rows: int, folder: str) -> None:
    sys.path.insert(0, str(ROOT))
    from wallet.store import rows as rows_mod
    from wallet.store.keys import KdfParams
    from wallet.store.vault import Vault

    vault, _ = Vault.create(Path(folder) / "vault", "benchmark passphrase", kdf=KdfParams.floor())
    conn = vault.conn
    for sql in VARIANTS[variant]:
        conn.execute(sql)
    person = vault.holder().id
    data = json.dumps(
        {
            "provenance": {"original_id": "o123"},
            "payload": {
                "resourceType": "Observation",
                "status": "final",
                "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
                "valueQuantity": {"value": 72, "unit": "/min"},
            },
        }
    )
    kinds = ["observation:8867-4", "condition", "medication_request", "observation:8480-6"]
    t0 = time.perf_counter()
    conn.execute("BEGIN")
    first = 1
    for start in range(0, rows, PER_STATEMENT):
        group = []
        for n in range(start, min(rows, start + PER_STATEMENT)):
            rid = hashlib.sha256(str(n).encode()).hexdigest()[:32]
            when = f"20{10 + n % 14:02d}-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00.000000Z"
            group.append(
                [
                    rid,
                    "health",
                    kinds[n % 4],
                    "Heart rate",
                    when,
                    when,
                    72.0,
                    "/min",
                    "http://loinc.org",
                    "8867-4",
                    data,
                ]
            )
        conn.execute(rows_mod._INSERT_ROWS, (first, json.dumps(group), person, "bench.ndjson", "fhir", None, None))
        first += len(group)
    conn.execute("COMMIT")
    seconds = time.perf_counter() - t0
    vault.close()
    print(json.dumps({"seconds": seconds}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.child[2])
        return
    results: dict[str, list[float]] = {name: [] for name in VARIANTS}
    with tempfile.TemporaryDirectory(prefix="mydata-wallet-bench-") as tmp:
        for run in range(args.runs):
            for i, name in enumerate(VARIANTS):
                folder = Path(tmp) / f"{run}-{i}"
                folder.mkdir()
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", name, str(args.rows), str(folder)],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if proc.returncode:
                    raise SystemExit(f"{name} failed:\n{proc.stderr[-2000:]}")
                results[name].append(json.loads(proc.stdout.strip().splitlines()[-1])["seconds"])
    base = min(results["as is"])
    print(f"{args.rows:,} rows into records, {PER_STATEMENT} a statement, one transaction ({args.runs} runs each)")
    for name, times in results.items():
        spread = ", ".join(f"{t:.1f}" for t in times)
        print(f"{name:22} {spread} s   best {min(times) / base:.2f}x the vault as is")


if __name__ == "__main__":
    main()
