"""Shares carry measurement series (wallet.features.share.streams): whole series within the dates, as FHIR
Observations in data/series/, listed in the manifest and the receipt, verified by the wallet and by others."""

from __future__ import annotations

import json
import zipfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from independent import fhir_r4_errors, jose_verify
from share_support import fill, request

from wallet.features.share import streams
from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare, summary_lines
from wallet.features.share.templates import Selection, ShareError
from wallet.features.share.verify import verify_bytes, verify_file
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance
from wallet.samples import Samples
from wallet.store.vault import Vault

HR = "HKQuantityTypeIdentifierHeartRate"
DIST = "HKQuantityTypeIdentifierDistanceWalkingRunning"
KST = timezone(timedelta(hours=9))
WATCH = "Jane's Apple Watch"
pytestmark = pytest.mark.slow  # each test fills a vault (about a second)

APPLE = Path(__file__).parent / "fixtures" / "apple_health" / "alxdrcirilo-apple-health-parser" / "export.xml"


def _t(day: int, minute: int) -> float:
    """2024-01-<day> 08:00 KST plus ``minute`` minutes, as Unix seconds."""
    return datetime(2024, 1, day, 8, 0, tzinfo=KST).timestamp() + 60 * minute


def _samples(person_id: str) -> list[Samples]:
    prov = Provenance(connector_id="apple_health", connector_version="1", source_name="export.xml")
    hr = Samples(
        Domain.HEALTH,
        HR,
        "Heart rate",
        "count/min",
        WATCH,
        prov,
        rows=[(_t(day, m), None, 60.0 + day + m % 7, 540, None) for day in (1, 2, 3) for m in range(100)],
        meta={"device": "<<HKDevice>>, name:Apple Watch"},
        person_id=person_id,
    )
    dist = Samples(
        Domain.FITNESS,
        DIST,
        "Distance",
        "m",
        WATCH,
        prov,
        rows=[(_t(day, 10), _t(day, 40), 1234.0 * day, 540, None) for day in (1, 2, 3)],
        person_id=person_id,
    )
    return [hr, dist]


@pytest.fixture
def filled(vault: Vault) -> tuple[Vault, str]:
    holder, _other = fill(vault)
    vault.add_samples(_samples(holder))
    return vault, holder


def _research(holder: str, **kw: Any) -> Any:
    sel = Selection(domains=["health", "fitness"], since=date(2024, 1, 2), until=date(2024, 1, 3))
    return request(holder, "research", selection=sel, purpose="Sleep and heart study", **kw)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def _lines(data: bytes) -> list[dict[str, Any]]:
    return [json.loads(line) for line in data.decode("utf-8").splitlines()]


def test_a_research_share_carries_the_series_within_its_dates(filled: tuple[Vault, str], tmp_path: Path) -> None:
    vault, holder = filled
    plan = prepare(vault, _research(holder))
    by_kind = {s.info.kind: s for s in plan.series}
    assert set(by_kind) == {HR, DIST}
    assert by_kind[HR].count == 200 and by_kind[HR].dates() == "2024-01-02 to 2024-01-03"
    text = "\n".join(summary_lines(plan))
    assert f"Heart rate · {WATCH}: 200 samples, 2024-01-02 to 2024-01-03" in text
    assert "202 samples in 2 series" in text
    result = create_share(vault, plan, tmp_path / "share.zip")
    assert result.sample_count == 202

    checked = verify_file(tmp_path / "share.zip")
    assert checked.ok, checked.lines()
    assert any(c.item.endswith("samples") and c.ok for c in checked.checks)
    files = _members(tmp_path / "share.zip")
    manifest = json.loads(files["manifest.json"])
    listed = {e["measurement"]: e for e in manifest["series"]}
    hr = listed["Heart rate"]
    assert hr["count"] == 200 and hr["loinc"] == "8867-4" and hr["unit"] == "/min"
    assert (hr["from"], hr["to"]) == ("2024-01-02", "2024-01-03")
    assert "source" not in hr  # a research share names no source: "Jane's Apple Watch" names a person
    observations = _lines(files[hr["path"]])
    assert len(observations) == 200
    first = observations[0]
    assert first["effectiveDateTime"] == "2024-01-02T08:00:00+09:00"
    assert first["valueQuantity"] == {"value": 62, "unit": "bpm", "system": streams.UCUM, "code": "/min"}
    assert first["code"]["coding"][0] == {"system": streams.LOINC, "code": "8867-4", "display": "Heart rate"}
    assert [o["valueQuantity"]["value"] for o in observations[:8]] == [62, 63, 64, 65, 66, 67, 68, 62]
    distance = _lines(files[listed["Walking and running distance"]["path"]])
    assert [o["valueQuantity"]["value"] for o in distance] == [2.468, 3.702]  # m stored, km sent
    assert distance[0]["effectivePeriod"] == {"start": "2024-01-02T08:10:00+09:00", "end": "2024-01-02T08:40:00+09:00"}
    patient = _lines(files["data/resources.ndjson"])[0]
    assert {o["subject"]["reference"] for o in observations} == {f"urn:uuid:{patient['id']}"}
    for name, data in files.items():  # nothing in it names the person, the watch or the vault's ids
        if name.startswith("data/"):
            assert b"Jane" not in data and b"Apple Watch" not in data and b"HKDevice" not in data
    assert not any("device" in o or "id" in o for o in observations)
    receipt = json.loads(files["consent-receipt.json"])
    assert receipt["sampleCount"] == 202
    assert {(s["measurement"], s["count"]) for s in receipt["series"]} == {
        ("Heart rate", 200),
        ("Walking and running distance", 2),
    }
    assert "Health (fitness and activity)" in receipt["services"][0]["purposes"][0]["piiCategory"]
    audit = [e for e in vault.audit_entries() if e["action"] == "share.create"]
    assert audit[0]["detail"]["samples"] == 202


def test_the_series_pass_the_independent_checks(filled: tuple[Vault, str], tmp_path: Path) -> None:
    vault, holder = filled
    plan = prepare(vault, _research(holder))
    create_share(vault, plan, tmp_path / "share.zip")
    files = _members(tmp_path / "share.zip")
    jwk = json.loads(files["holder.jwk.json"])
    signed = jose_verify(files["manifest.jws"].decode("ascii"), jwk, algorithms=["ES256"])
    assert signed["payload"] == files["manifest.json"]
    manifest = json.loads(files["manifest.json"])
    for entry in manifest["series"]:
        observations = _lines(files[entry["path"]])
        for res in (observations[0], observations[-1]):
            assert fhir_r4_errors(res, warnings=False) == []
    custom = prepare(vault, request(holder, "custom", selection=Selection(kinds=[HR], since=date(2024, 1, 1))))
    create_share(vault, custom, tmp_path / "custom.zip")
    one = _lines(_members(tmp_path / "custom.zip")["data/series/0001.ndjson"])
    assert len(one) == 300 and one[0]["device"] == {"display": WATCH}  # a custom share says which source
    assert fhir_r4_errors(one[0], warnings=False) == []


def test_an_unticked_series_leaves_nothing(filled: tuple[Vault, str], tmp_path: Path) -> None:
    vault, holder = filled
    plan = prepare(vault, _research(holder))
    hr = next(s for s in plan.series if s.info.kind == HR)
    plan.set_included(hr.id, False)
    assert hr.id in plan.request.excluded
    create_share(vault, plan, tmp_path / "share.zip")
    files = _members(tmp_path / "share.zip")
    manifest = json.loads(files["manifest.json"])
    assert [e["measurement"] for e in manifest["series"]] == ["Walking and running distance"]
    assert sum(1 for n in files if n.startswith("data/series/")) == 1
    assert b"8867-4" not in b"".join(v for n, v in files.items() if n.startswith("data/"))
    again = prepare(vault, _research(holder, excluded=[s.id for s in plan.series]))  # as the CLI's --exclude
    assert not again.series_sent
    create_share(vault, again, tmp_path / "none.zip")
    assert not [n for n in _members(tmp_path / "none.zip") if n.startswith("data/series/")]


def test_clinical_templates_and_other_selections_take_no_series(filled: tuple[Vault, str]) -> None:
    vault, holder = filled
    assert prepare(vault, request(holder, "hospital")).series == []
    finance = prepare(vault, request(holder, "research", selection=Selection(domains=["finance"])))
    assert finance.series == []
    by_kind = prepare(vault, request(holder, "research", selection=Selection(kinds=[DIST])))
    assert [s.info.kind for s in by_kind.series] == [DIST] and by_kind.series[0].count == 3
    outside = Selection(domains=["health"], since=date(2025, 1, 1))
    assert prepare(vault, request(holder, "research", selection=outside)).series == []


def test_a_changed_series_file_fails_verification(filled: tuple[Vault, str], tmp_path: Path) -> None:
    vault, holder = filled
    create_share(vault, prepare(vault, _research(holder)), tmp_path / "share.zip")
    data = (tmp_path / "share.zip").read_bytes()
    changed = data.replace(b'"value":62,', b'"value":99,', 1)
    assert changed != data
    result = verify_bytes(changed)
    assert not result.ok
    assert any("data/series/" in f"{c.item} {c.message}" for c in result.failures), result.lines()


def test_too_many_samples_is_one_readable_error_and_no_file(
    filled: tuple[Vault, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, holder = filled
    monkeypatch.setattr(streams, "SERIES_BUDGET", 5000)
    plan = prepare(vault, _research(holder))
    shares_before = vault.conn.execute("SELECT count(*) FROM shares").fetchone()[0]
    with pytest.raises(ShareError, match="too large for one share bundle"):
        create_share(vault, plan, tmp_path / "share.zip")
    assert not (tmp_path / "share.zip").exists()
    assert vault.conn.execute("SELECT count(*) FROM shares").fetchone()[0] == shares_before
    assert any("too large" in n for n in prepare(vault, _research(holder)).notes)


def test_an_imported_apple_health_export_shares_its_heart_rate(vault: Vault, tmp_path: Path) -> None:
    import_source(vault, Source(APPLE), connector_id="apple_health")
    holder = vault.holder().id
    energy_kind = "HKQuantityTypeIdentifierActiveEnergyBurned"
    sel = Selection(kinds=[HR, energy_kind], since=date(2024, 1, 1), until=date(2024, 1, 1))
    plan = prepare(vault, request(holder, "research", selection=sel))
    assert sorted((s.measurement, s.count) for s in plan.series) == [("Active energy", 1), ("Heart rate", 2)]
    create_share(vault, plan, tmp_path / "share.zip")
    assert verify_file(tmp_path / "share.zip").ok
    files = _members(tmp_path / "share.zip")
    manifest = json.loads(files["manifest.json"])
    hr = next(e for e in manifest["series"] if e["measurement"] == "Heart rate")
    values = [(o["effectiveDateTime"], o["valueQuantity"]["value"]) for o in _lines(files[hr["path"]])]
    assert values == [("2024-01-01T01:01:36+02:00", 74), ("2024-01-01T01:01:37+02:00", 75)]
    assert b"Alexandre" not in b"".join(v for n, v in files.items() if n.startswith("data/"))
    energy = next(e for e in manifest["series"] if e["measurement"] == "Active energy")
    assert [o["valueQuantity"]["value"] for o in _lines(files[energy["path"]])] == [0.12]


def test_the_preview_shows_what_a_series_sends(filled: tuple[Vault, str]) -> None:
    vault, holder = filled
    plan = prepare(vault, _research(holder))
    hr = next(s for s in plan.series if s.info.kind == HR)
    shown = streams.series_preview(vault, hr, "research")
    assert shown.get("samples") == "200"
    assert shown.get("value") == "62 bpm"
    assert shown.get("date") == "2024-01-02 to 2024-01-03"
    assert "8867-4" in (shown.get("code") or "")
    assert shown.get("device") is None
    assert streams.series_preview(vault, hr, "custom").get("device") == WATCH


def test_a_series_file_that_does_not_match_its_count_fails(
    filled: tuple[Vault, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault, holder = filled
    real = streams.SentSeries.manifest_entry

    def one_more(self: streams.SentSeries, research: bool) -> dict[str, Any]:
        return real(self, research) | {"count": self.count + 1}

    monkeypatch.setattr(streams.SentSeries, "manifest_entry", one_more)  # a writer that miscounts, signed
    create_share(vault, prepare(vault, _research(holder)), tmp_path / "share.zip")
    result = verify_file(tmp_path / "share.zip")
    assert not result.ok
    messages = [f"{c.item}: {c.message}" for c in result.failures]
    assert any("samples: holds 200 samples, the manifest says 201" in m for m in messages), messages
