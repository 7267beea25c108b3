"""One standard suite that every registered connector gets for free.

For each connector found through the ``mydata_wallet.connectors`` entry points:
it identifies its own sample files, ``read`` yields valid records, reading
twice gives the same records, and bad input raises ``ConnectorError``.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from conftest import as_records

from wallet.errors import ConnectorError
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.model import Record

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "tests" / "conformance"
# Samples stored elsewhere (resources/demo/, tests/fixtures/), named here rather than copied.
ELSEWHERE = tomllib.loads((HERE / "samples.toml").read_text(encoding="utf-8"))
CONNECTORS = sorted(registry.connectors())


def _files(cid: str, kind: str) -> list[Path]:
    folder = HERE / cid / kind
    here = [p for p in folder.rglob("*") if p.is_file()] if folder.is_dir() else []
    return sorted([*here, *(ROOT / p for p in ELSEWHERE.get(cid, {}).get(kind, []))])


def _id(value: object) -> str:
    return value if isinstance(value, str) else Path(str(value)).relative_to(ROOT).as_posix()


def test_samples_named_elsewhere_exist() -> None:
    named = [ROOT / p for kinds in ELSEWHERE.values() for paths in kinds.values() for p in paths]
    assert named and all(p.is_file() for p in named), [str(p) for p in named if not p.is_file()]
    assert set(ELSEWHERE) <= set(CONNECTORS)


def test_every_registered_connector_loads() -> None:
    assert not registry.broken(), registry.broken()
    assert "fhir" in CONNECTORS


@pytest.mark.parametrize("cid", CONNECTORS)
def test_connector_metadata(cid: str) -> None:
    cls = registry.connectors()[cid]
    assert cls.id == cid
    assert cls.name and cls.accepts and cls.domains
    assert cls.identify.__doc__ or cls.__doc__


@pytest.mark.parametrize("cid", CONNECTORS)
def test_has_samples(cid: str) -> None:
    assert _files(cid, "good"), f"tests/conformance/{cid}/good/ or samples.toml needs at least one sample"


def _read(cid: str, path: Path) -> list[Record]:
    connector = registry.get(cid)
    ctx = ImportContext(options={"conformance": True})
    # A SkippedItem (one unreadable item that does not spoil the rest) is allowed anywhere; samples are checked as
    # the records they stand for.
    return as_records(connector.read(Source(path), ctx))


@pytest.mark.parametrize(
    ("cid", "path"),
    [(cid, p) for cid in CONNECTORS for p in _files(cid, "good")],
    ids=_id,
)
def test_good_sample(cid: str, path: Path) -> None:
    src = Source(path)
    assert registry.get(cid).identify(src), f"{cid} does not identify its own sample {path.name}"
    first = _read(cid, path)
    assert first, f"{cid} read no records from {path.name}"
    for rec in first:
        Record.model_validate(rec.model_dump())  # a round trip through the strict model
        prov = rec.provenance
        # an archive's samples name the part's connector that read them (connector_version "1/fitbit_takeout:1")
        assert prov.connector_id == cid or f"/{prov.connector_id}:" in (prov.connector_version or "")
    second = _read(cid, path)
    assert [r.content_hash for r in first] == [r.content_hash for r in second]


@pytest.mark.parametrize(
    ("cid", "path"),
    [(cid, p) for cid in CONNECTORS for p in _files(cid, "bad")],
    ids=_id,
)
def test_bad_sample_raises_connector_error(cid: str, path: Path) -> None:
    with pytest.raises(ConnectorError) as info:
        _read(cid, path)
    assert str(info.value).strip(), "the error must say what is wrong"
    assert "Traceback" not in str(info.value)


@pytest.mark.parametrize("cid", CONNECTORS)
def test_identify_ignores_foreign_input(cid: str) -> None:
    junk = Source(data=b"\x00\x01 definitely not personal data \xff" * 10, name="junk.bin")
    assert registry.get(cid).identify(junk) is False
