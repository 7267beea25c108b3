"""Fuzz targets shared by tests/test_fuzz.py (a short run) and benchmarks/fuzz.py (a long one).

Each target mutates small real files of one connector (or share bundles for ``verify``) with
values that broke imports before (dates beyond year 9999, lone surrogates, numbers beyond a
float, absurd nesting, long runs, stray bytes), imports the result into a real vault, and
checks what the person would see: a report, or one readable line; never a traceback, never
"unexpected" or "internal error"; and after a failed import the vault's records as they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from hypothesis import strategies as st

from wallet.errors import WalletError
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.vault import Vault

FIX = Path(__file__).parent / "fixtures"
DEMO = Path(__file__).parent.parent / "resources" / "demo"  # samples stored once, with the demo

TOKENS: tuple[bytes, ...] = (
    b"9999-12-31T23:59:59-05:00",
    b"9999-12-31",
    b"0001-01-01T00:00:00+05:00",
    b"0001.01.01 00:00 +0900",
    b"99991231",
    b"99991231235959[-5:EST]",
    b"00010101000000[+5:XYZ]",
    b"20200230",
    b"24:00:00",
    b"\\ud800",
    b"\\udfff\\ud800",
    b"&#xD800;",
    b"&#0;",
    b"\xed\xa0\x80",
    b"\xff\xfe",
    b"\x00",
    b"1e400",
    b"-1.8e308",
    b"9" * 400,
    b"1" + b"0" * 5000,
    b"NaN",
    b"Infinity",
    b"-0",
    b"0x1F",
    b"1,000,000.00",
    b"[" * 300,
    b'{"a":' * 120,
    b"<a>" * 200,
    b'"',
    b"<",
    b"]]>",
    b",",
    b";",
    b"\n",
    b"\r\n",
    b"A" * 70_000,
    b"",
)

_VALUE = re.compile(
    rb"\d{4}-\d\d-\d\d(?:T[\d:.]+(?:Z|[+-]\d\d:\d\d)?)?|\d{8,14}(?:\.\d+)?(?:\[[^\]]*\])?|-?\d+\.\d+|\d+|\"[^\"\n]{0,60}\""
)


@dataclass(frozen=True)
class Mutation:
    kind: str
    where: float
    token: int
    span: int

    def apply(self, data: bytes) -> bytes:
        token = TOKENS[self.token % len(TOKENS)]
        pos = int(self.where * len(data))
        if self.kind == "value":  # replace one date, number or string with a hostile one
            found = list(_VALUE.finditer(data))
            if found:
                m = found[int(self.where * len(found)) % len(found)]
                quoted = data[m.start() : m.start() + 1] == b'"'
                body = b'"' + token + b'"' if quoted else token
                return data[: m.start()] + body + data[m.end() :]
            return data
        if self.kind == "insert":
            return data[:pos] + token + data[pos:]
        if self.kind == "delete":
            return data[:pos] + data[pos + self.span :]
        if self.kind == "flip":
            return data[:pos] + bytes([data[pos] ^ (1 << (self.span % 8))]) + data[pos + 1 :] if data else data
        if self.kind == "truncate":
            return data[:pos]
        if self.kind == "repeat":
            return data[:pos] + data[pos : pos + self.span] * 50 + data[pos:]
        raise AssertionError(self.kind)


mutations = st.lists(
    st.builds(
        Mutation,
        kind=st.sampled_from(["value", "value", "value", "insert", "delete", "flip", "truncate", "repeat"]),
        where=st.floats(0, 1, exclude_max=True),
        token=st.integers(0, len(TOKENS) - 1),
        span=st.integers(1, 64),
    ),
    min_size=1,
    max_size=4,
)


def mutate(seed: bytes, ops: list[Mutation]) -> bytes:
    for op in ops:
        seed = op.apply(seed)
    return seed


@dataclass(frozen=True)
class Target:
    connector: str
    seeds: tuple[Path, ...]
    suffix: str | None = None
    """The file name's suffix when not the seed's (FHIR NDJSON from a .json seed)."""
    options: tuple[tuple[str, str], ...] = ()


def _ndjson_seed() -> Path:
    return FIX / "fhir-ips" / "Bundle-bundle-minimal.json"


TARGETS: dict[str, Target] = {
    "fhir": Target("fhir", (FIX / "fhir-ips" / "Bundle-bundle-minimal.json",)),
    "fhir_ndjson": Target("fhir", (FIX / "fhir-ips" / "Bundle-bundle-minimal.json",), suffix=".ndjson"),
    "ofx": Target(
        "ofx",
        (
            FIX / "ofx" / "jseutter-ofxparse" / "checking.ofx",
            DEMO / "ofxdata-banking-xml200.ofx",
        ),
    ),
    "bank_csv": Target("bank_csv", (FIX / "bank_csv" / "csv2ofx" / "mint.csv",)),
    "green_button": Target("green_button", (FIX / "green_button" / "intervals_APUC000000_electric.xml",)),
    "google_fit": Target("google_fit", (FIX / "fitness" / "googlefit" / "googlefit-merge-heart-rate.json",)),
    "fitbit": Target(
        "fitbit", (FIX / "fitness" / "fitbit" / "fitbit-activities-date-multiple-in-activities-list.json",)
    ),
    "apple_health": Target("apple_health", (DEMO / "export6s3sample.xml",)),
    "smart_health_card": Target("smart_health_card", (DEMO / "example-00-e-file.smart-health-card",)),
    "document": Target("document", (FIX / "documents" / "pharmacy_receipt_en.pdf",)),
}


def seed_bytes(target: Target, index: int) -> bytes:
    path = target.seeds[index % len(target.seeds)]
    data = path.read_bytes()
    if target.suffix == ".ndjson":  # one resource a line, from a Bundle's entries
        import json

        entries = json.loads(data)["entry"]
        data = b"".join(json.dumps(e["resource"]).encode() + b"\n" for e in entries)
    return data


FORBIDDEN = ("Traceback", "unexpected", "internal error")


def assert_readable(text: str) -> None:
    """One line a person can read: no traceback, no "unexpected", no "internal error"."""
    assert "\n" not in text.strip(), text
    for word in FORBIDDEN:
        assert word.lower() not in text.lower(), text


def snapshot(vault: Vault) -> tuple[int, str]:
    row = vault.conn.execute("SELECT count(*), coalesce(group_concat(id, ','), '') FROM records").fetchone()
    return int(row[0]), str(row[1])


def check_import(vault: Vault, path: Path, target: Target) -> str:
    """Import ``path`` with the target's connector; returns what the person reads (a failure
    starts with ``failed: ``)."""
    before = snapshot(vault)
    try:
        report = import_source(vault, Source(path), connector_id=target.connector, options=dict(target.options))
    except WalletError as exc:
        message = str(exc)
        assert_readable(message)
        assert snapshot(vault) == before, "a failed import changed the vault"
        return f"failed: {message}"
    assert_readable(report.summary())
    for item in report.skipped:
        assert_readable(f"{item.where}: {item.reason}")
    return report.summary()


def check_verify(path: Path) -> str:
    from wallet.features.share.verify import verify_file

    result = verify_file(path)
    lines = [result.verdict(), *(f"{c.item}: {c.message}" for c in result.checks)]
    for line in lines:
        assert_readable(line)
    return lines[0]


Runner = Callable[[bytes], str]
