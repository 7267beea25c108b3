"""Peak memory of each command on hostile and huge inputs, against wallet.limits.MEMORY_BOUND_MB.

    .venv/bin/python benchmarks/bench_hostile.py [--keep DIR] [NAME ...]

Generates the inputs into a temporary folder (about 0.6 GB; ``--keep DIR`` writes them there
and keeps them), then runs each command in its own process (``mydata-wallet import`` into a
throwaway vault, ``mydata-wallet verify``, a PDF page preview) and reports its peak resident
memory (``os.wait4``: that process alone; the preview's includes pdftoppm's), its exit status
and the first line it printed.  Every input is either read within the bound or refused with one
line.  Exit status 1 when any peak is over the bound or any answer holds a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
FIX = ROOT / "tests" / "fixtures"
MB = 1024 * 1024
PASSPHRASE = "bench hostile inputs correct horse battery"


def _obs(i: int, **extra: object) -> dict[str, object]:
    return {
        "resourceType": "Observation",
        "id": f"o{i}",
        "status": "final",
        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
        "subject": {"reference": "Patient/p1"},
        "effectiveDateTime": f"20{10 + i % 15:02d}-0{1 + i % 9}-1{i % 10}T08:00:00Z",
        "valueQuantity": {"value": 60 + i % 40, "unit": "/min"},
        **extra,
    }


def fhir_bundle_at_limit(path: Path) -> None:
    """A FHIR Bundle just under the one-document limit: the largest JSON read whole."""
    from wallet.limits import MAX_JSON_DOCUMENT_BYTES

    with path.open("w") as fh:
        fh.write('{"resourceType":"Bundle","type":"collection","entry":[')
        i = 0
        while fh.tell() < MAX_JSON_DOCUMENT_BYTES - 2000:
            fh.write(("," if i else "") + json.dumps({"resource": _obs(i)}, separators=(",", ":")))
            i += 1
        fh.write("]}")


def fhir_string_50mb(path: Path) -> None:
    """One resource holding a 50 MB string (took 3.3 GB)."""
    path.write_text(json.dumps(_obs(1, note=[{"text": "a" * (50 * MB)}])))


def fhir_string_15mb(path: Path) -> None:
    """A 6 MB note (3M characters), within the document limit but over the text limit: skipped."""
    note = [{"text": "é" * (3 * MB)}]
    doc = {"resourceType": "Bundle", "entry": [{"resource": _obs(1, note=note)}, {"resource": _obs(2)}]}
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


def fhir_nesting_100k(path: Path) -> None:
    path.write_text('{"resourceType":"Observation","extension":' + "[" * 100_000 + "]" * 100_000 + "}")


def fhir_line_300mb(path: Path) -> None:
    """NDJSON whose second line is 300 MB (orjson segfaulted on it): skipped without reading it whole."""
    with path.open("w") as fh:
        fh.write(json.dumps(_obs(1)) + "\n")
        fh.write('{"resourceType":"Observation","id":"long","note":[{"text":"')
        chunk = "x" * MB
        for _ in range(300):
            fh.write(chunk)
        fh.write('"}]}\n' + json.dumps(_obs(2)) + "\n")


def fhir_ndjson_100k(path: Path) -> None:
    with path.open("w") as fh:
        for i in range(100_000):
            fh.write(json.dumps(_obs(i), separators=(",", ":")) + "\n")


def ofx_16mb(path: Path) -> None:
    """An OFX statement of 16.7 MB (took 1.2 GB): over the OFX limit, refused by size."""
    _ofx(path, 16.7 * MB)


def ofx_at_limit(path: Path) -> None:
    """The largest OFX statement accepted."""
    from connectors.ofx import MAX_BYTES

    _ofx(path, MAX_BYTES - 4096)


def _ofx(path: Path, size: float) -> None:
    head = (
        "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\n"
        "OLDFILEUID:NONE\nNEWFILEUID:NONE\n\n<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<DTSERVER>20200101<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0"
        "<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>123<ACCTTYPE>CHECKING</BANKACCTFROM>"
        "<BANKTRANLIST><DTSTART>20100101<DTEND>20250101\n"
    )
    tail = "</BANKTRANLIST><LEDGERBAL><BALAMT>1<DTASOF>20200101</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    with path.open("w") as fh:
        fh.write(head)
        i = 0
        while fh.tell() < size - len(tail) - 200:
            fh.write(
                f"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20{10 + i % 15:02d}0{1 + i % 9}1{i % 10}"
                f"<TRNAMT>-{i % 997}.{i % 100:02d}"
                f"<FITID>{i}<NAME>Shop {i % 1000}<MEMO>card payment {i}</STMTTRN>\n"
            )
            i += 1
        fh.write(tail)


def bank_csv_at_limit(path: Path) -> None:
    from connectors.bank_csv import MAX_BYTES

    with path.open("w") as fh:
        fh.write("Date,Description,Original Description,Amount,Transaction Type,Category,Account Name,Labels,Notes\n")
        i = 0
        while fh.tell() < MAX_BYTES - 200:
            fh.write(
                f"{1 + i % 12}/{1 + i % 28}/{10 + i % 15},Shop {i},SHOP {i},"
                f'"{i % 997}.{i % 100:02d}",debit,Food,Checking,,\n'
            )
            i += 1


def google_fit_at_limit(path: Path) -> None:
    from connectors.fitness import MAX_INPUT

    with path.open("w") as fh:
        fh.write(
            '{"dataSourceId":"derived:com.google.heart_rate.bpm:com.google.android.gms:merge_heart_rate_bpm","point":['
        )
        i = 0
        while fh.tell() < MAX_INPUT - 1000:
            ns = 1422632268186000000 + i * 60_000_000_000
            fh.write(
                ("," if i else "")
                + f'{{"startTimeNanos":"{ns}","endTimeNanos":"{ns}","dataTypeName":"com.google.heart_rate.bpm",'
                f'"value":[{{"fpVal":{50 + i % 50}}}]}}'
            )
            i += 1
        fh.write("]}")


def green_button_at_limit(path: Path) -> None:
    """A Green Button feed just under its limit: one meter's readings over and over."""
    from connectors.green_button import MAX_BYTES

    text = (FIX / "green_button" / "intervals_APUC000000_electric.xml").read_text()
    start = text.index("<IntervalReading>")
    end = text.rindex("</IntervalReading>") + len("</IntervalReading>")
    readings = text[start:end]
    with path.open("w") as fh:
        fh.write(text[:start])
        while fh.tell() < MAX_BYTES - len(readings) - len(text) + end:
            fh.write(readings)
        fh.write(text[end:])


def document_at_limit(path: Path) -> None:
    """A PDF padded to just under the documents limit (stored whole as an attachment)."""
    from connectors.documents import MAX_BYTES

    pdf = (FIX / "documents" / "pharmacy_receipt_en.pdf").read_bytes()
    with path.open("wb") as fh:
        fh.write(pdf)
        fh.write(b"\n%" + b"x" * (MAX_BYTES - len(pdf) - 1024) + b"\n")


def apple_health_attribute_60mb(path: Path) -> None:
    with path.open("w") as fh:
        fh.write('<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n')
        fh.write('<ExportDate value="2020-01-01 00:00:00 +0000"/>\n<Record type="HKQuantityTypeIdentifierStepCount" ')
        fh.write(
            'unit="count" startDate="2020-01-01 08:00:00 +0000" endDate="2020-01-01 09:00:00 +0000" '
            'value="10" sourceName="'
        )
        fh.write("x" * (60 * MB))
        fh.write('"/>\n</HealthData>\n')


def verify_1gb(path: Path) -> None:
    """A 1 GB 'bundle' (verify took 4.2 GB): refused by size before it is read."""
    with path.open("wb") as fh:
        fh.write(b"PK\x03\x04")
        fh.truncate(1024 * MB)


def verify_at_limit(path: Path) -> None:
    """A ZIP just under the bundle limit in the wallet's own layout: read, rebuilt and compared."""
    from wallet.features.share.container import Member, write_zip
    from wallet.limits import MAX_BUNDLE_BYTES

    big = os.urandom(MAX_BUNDLE_BYTES - 64 * 1024)
    data, _ = write_zip(
        [Member("manifest.json", b"{}"), Member("manifest.jws", b"x.y.z"), Member("documents/a.pdf", big)]
    )
    path.write_bytes(data)


def pdf_huge_page(path: Path) -> None:
    """A one-page PDF whose page is 200 x 200 inches (pdftoppm took 1.28 GB at 150 dpi)."""
    objs = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 14400 14400]/Contents 4 0 R>>",
        b"<</Length 22>>stream\n0 0 m 14400 14400 l S\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path.write_bytes(bytes(out))


PREVIEW = (
    "import sys; from PySide6.QtGui import QGuiApplication; app = QGuiApplication([]);"
    "from wallet.ui.pdf_render import render_pdf_page;"
    "img = render_pdf_page(open(sys.argv[1], 'rb').read(), dpi=150);"
    "print('no preview' if img is None else f'preview {img.width()}x{img.height()}')"
)

CASES: list[tuple[str, str, Callable[[Path], None], str]] = [
    # name, file name, generator, command ("import", "import:CONNECTOR", "verify", "preview")
    ("fhir bundle at 10 MB limit", "bundle.json", fhir_bundle_at_limit, "import"),
    ("fhir 50 MB string", "string50.json", fhir_string_50mb, "import"),
    ("fhir 6 MB note (text limit)", "string6.json", fhir_string_15mb, "import"),
    ("fhir nesting 100,000", "nest.json", fhir_nesting_100k, "import"),
    ("fhir NDJSON 300 MB line", "line.ndjson", fhir_line_300mb, "import"),
    ("fhir NDJSON 100k lines", "many.ndjson", fhir_ndjson_100k, "import"),
    ("ofx 16.7 MB", "big.ofx", ofx_16mb, "import"),
    ("ofx at limit", "limit.ofx", ofx_at_limit, "import"),
    ("bank csv at limit", "limit.csv", bank_csv_at_limit, "import:bank_csv"),
    ("google fit at limit", "fit.json", google_fit_at_limit, "import:google_fit"),
    ("green button at limit", "gb.xml", green_button_at_limit, "import:green_button"),
    ("document at limit", "doc.pdf", document_at_limit, "import"),
    ("apple health 60 MB attribute", "export.xml", apple_health_attribute_60mb, "import:apple_health"),
    ("verify 1 GB", "huge.zip", verify_1gb, "verify"),
    ("verify at limit", "limit.zip", verify_at_limit, "verify"),
    ("preview 200-inch page", "page.pdf", pdf_huge_page, "preview"),
]


def run(cmd: list[str], env: dict[str, str]) -> tuple[int, float, str, float]:
    """(exit status, peak MB of that process and its children, first line of output, seconds)."""
    started = time.monotonic()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode(errors="replace")
    lines = [ln for ln in text.splitlines() if ln.strip()]
    first = next((ln for ln in lines if "Traceback" in ln), lines[0] if lines else "")
    return proc.returncode, usage.ru_maxrss / 1024, first, time.monotonic() - started


def _bound() -> int:
    """MEMORY_BOUND_MB, read from wallet/limits.py's text: this process imports nothing of the
    wallet, so that it stays small (a child's peak memory starts at its parent's size at fork)."""
    text = (ROOT / "wallet" / "limits.py").read_text()
    return int(re.search(r"^MEMORY_BOUND_MB = (\d+)", text, re.MULTILINE).group(1))  # type: ignore[union-attr]


def _make(name: str, path: str) -> None:
    """In a child process: generate one case's input (or, for ``vault``, a throwaway vault)."""
    if name == "vault":
        from wallet.store.keys import KdfParams
        from wallet.store.vault import Vault

        Vault.create(Path(path), PASSPHRASE, kdf=KdfParams.floor())[0].close()
        return
    make = next(make for case, _, make, _ in CASES if case == name)
    make(Path(path))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="write the inputs here and keep them")
    parser.add_argument("--make", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("names", nargs="*", help="run only cases whose name contains one of these")
    args = parser.parse_args()
    if args.make:
        _make(*args.make)
        return 0
    bound = _bound()
    work = args.keep or Path(tempfile.mkdtemp(prefix="bench-hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    exe = str(Path(sys.executable).with_name("mydata-wallet"))
    env = {
        **os.environ,
        "MYDATA_WALLET_PASSPHRASE": PASSPHRASE,
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }
    bad = False
    print(f"{'case':32} {'size':>9} {'peak':>8} {'time':>6}  exit  answer")
    try:
        for name, file_name, _, command in CASES:
            if args.names and not any(n in name for n in args.names):
                continue
            path = work / file_name
            if not path.exists():
                subprocess.run([sys.executable, __file__, "--make", name, str(path)], check=True)
            vault_dir = work / f"vault-{file_name}"
            shutil.rmtree(vault_dir, ignore_errors=True)
            if command.startswith("import"):
                subprocess.run([sys.executable, __file__, "--make", "vault", str(vault_dir)], check=True, env=env)
                cmd = [exe, "--vault", str(vault_dir), "import", str(path)]
                if ":" in command:
                    cmd += ["--connector", command.split(":", 1)[1]]
            elif command == "verify":
                cmd = [exe, "verify", str(path)]
            else:
                cmd = [sys.executable, "-c", PREVIEW, str(path)]
            code, peak, first, seconds = run(cmd, env)
            over = peak > bound
            crashed = "Traceback" in first or "unexpected" in first or code < 0
            bad = bad or over or crashed
            flag = " OVER" if over else (" CRASH" if crashed else "")
            size = path.stat().st_size / MB
            print(f"{name:32} {size:7.1f}MB {peak:6.0f}MB {seconds:5.1f}s  {code:4}  {first[:150]}{flag}", flush=True)
            shutil.rmtree(vault_dir, ignore_errors=True)
            if not args.keep:
                path.unlink()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    print(f"bound: {bound} MB per command and input")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
