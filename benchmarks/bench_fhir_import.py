"""FHIR NDJSON import throughput and peak memory, next to fhir.resources validation alone.

    .venv/bin/python benchmarks/bench_fhir_import.py [N] [--runs R] [--in-process]      (default N = 100000)

Generates an NDJSON file of N resources (Observations, Conditions, Immunizations and
MedicationRequests for 100 patients), then, each in its own process so peak memory is its own:

1. ``wallet``     the full import: parse, validate with fhir.resources, build records, match
                  people, deduplicate by content hash, write to SQLCipher and the search index;
2. ``validate``   fhir.resources validation alone of the same resources (parse + model_validate),
                  the floor any FHIR import that validates must pay.

Prints records/s, CPU seconds (the whole process, start-up included, and its children: the
import's validation worker) and peak RSS (of the process itself) for both and their ratio.  With
``--runs R`` the two alternate R times and the median ratio is printed too: on a shared machine
either rate swings from one minute to the next.  The import's clock starts once the connectors are
loaded (the registry imports every installed connector, once per process, as the app does at start;
that time is printed on its own line); it includes picking the connector for the file (every
connector's ``detect``).  ``--in-process``: the FHIR connector validates in the import's own process
(connectors/fhir/worker.py not used), for comparison.
Not a test: machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def generate(path: Path, n: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for p in range(100):
            fh.write(
                json.dumps(
                    {
                        "resourceType": "Patient",
                        "id": f"p{p}",
                        "birthDate": f"19{50 + p % 50}-01-01",
                        "identifier": [{"system": "urn:bench", "value": str(p)}],
                        "name": [{"family": f"Family{p}", "given": [f"Given{p}"]}],
                    }
                )
                + "\n"
            )
        for i in range(n - 100):
            patient = f"Patient/p{i % 100}"
            kind = i % 4
            when = f"20{10 + i % 14:02d}-{1 + i % 12:02d}-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+09:00"
            if kind == 0:
                res = {
                    "resourceType": "Observation",
                    "id": f"o{i}",
                    "status": "final",
                    "subject": {"reference": patient},
                    "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
                    "effectiveDateTime": when,
                    "valueQuantity": {
                        "value": 50 + i % 70,
                        "unit": "/min",
                        "system": "http://unitsofmeasure.org",
                        "code": "/min",
                    },
                }
            elif kind == 1:
                res = {
                    "resourceType": "Condition",
                    "id": f"c{i}",
                    "subject": {"reference": patient},
                    "code": {
                        "coding": [
                            {"system": "http://snomed.info/sct", "code": "38341003", "display": "Hypertensive disorder"}
                        ],
                        "text": f"고혈압 {i}",
                    },
                    "onsetDateTime": when,
                }
            elif kind == 2:
                res = {
                    "resourceType": "Immunization",
                    "id": f"m{i}",
                    "status": "completed",
                    "patient": {"reference": patient},
                    "vaccineCode": {
                        "coding": [
                            {"system": "http://hl7.org/fhir/sid/cvx", "code": "140", "display": "Influenza, seasonal"}
                        ]
                    },
                    "occurrenceDateTime": when,
                }
            else:
                res = {
                    "resourceType": "MedicationRequest",
                    "id": f"r{i}",
                    "status": "active",
                    "intent": "order",
                    "subject": {"reference": patient},
                    "authoredOn": when,
                    "medicationCodeableConcept": {
                        "coding": [
                            {
                                "system": "http://www.nlm.nih.gov/research/umls/rxnorm",
                                "code": "314076",
                                "display": "lisinopril 10 MG",
                            }
                        ]
                    },
                }
            fh.write(json.dumps(res, ensure_ascii=False) + "\n")


WALLET = """
import sys, time
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.imports import registry
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
if sys.argv[3] == "in-process":
    import connectors.fhir.worker
    connectors.fhir.worker.MIN_BYTES = 10**18
v, _ = Vault.create(sys.argv[2], "bench passphrase", kdf=KdfParams.floor())
t = time.perf_counter()
registry.connectors()
print("load", time.perf_counter() - t, file=sys.stderr)
t = time.perf_counter()
r = import_source(v, Source(sys.argv[1]), person="new")
print(r.added, time.perf_counter() - t)
"""

VALIDATE = """
import json, sys, time
from fhir.resources.R4B import get_fhir_model_class
t = time.perf_counter()
n = 0
with open(sys.argv[1], encoding="utf-8") as fh:
    for line in fh:
        res = json.loads(line)
        get_fhir_model_class(res["resourceType"]).model_validate(res)
        n += 1
print(n, time.perf_counter() - t)
"""


def measure(code: str, *args: str) -> tuple[int, float, float, float, str]:
    """(records, seconds, CPU seconds of the whole process and its children, its peak RSS MB, its stderr)."""
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=err, cwd=ROOT)
        assert proc.stdout is not None
        with proc.stdout:
            out = proc.stdout.read().decode()
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own figures (its worker's CPU included)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        errors = err.read().decode(errors="replace")
    if proc.returncode:
        raise SystemExit(f"benchmark child failed ({proc.returncode}):\n{errors}")
    n, seconds = out.split()
    return int(n), float(seconds), usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--in-process", action="store_true", help="validate in the import's own process")
    args = parser.parse_args()
    n = args.n
    ratios: list[float] = []
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "bench.ndjson"
        generate(data, n)
        size_mb = data.stat().st_size / 1e6
        print(f"input: {n} resources, {size_mb:.1f} MB NDJSON")
        print(f"{'':28}{'records':>10}{'seconds':>10}{'records/s':>12}{'CPU s':>8}{'peak RSS MB':>13}")
        for run in range(args.runs):
            v_n, v_s, v_cpu, v_mem, _ = measure(VALIDATE, str(data))
            vault = str(Path(tmp) / f"vault{run}")
            mode = "in-process" if args.in_process else "worker"
            w_n, w_s, w_cpu, w_mem, err = measure(WALLET, str(data), vault, mode)
            load = float(err.split("load ", 1)[1].split()[0])
            print(f"{'fhir.resources validation':28}{v_n:>10}{v_s:>10.1f}{v_n / v_s:>12.0f}{v_cpu:>8.1f}{v_mem:>13.0f}")
            print(f"{'mydata-wallet import':28}{w_n:>10}{w_s:>10.1f}{w_n / w_s:>12.0f}{w_cpu:>8.1f}{w_mem:>13.0f}")
            ratios.append((w_n / w_s) / (v_n / v_s))
            print(f"ratio wallet/validation-only records/s: {ratios[-1]:.2f}   (connectors loaded first: {load:.1f} s)")
    if len(ratios) > 1:
        print(f"ratios: {', '.join(f'{r:.2f}' for r in ratios)}; median {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
