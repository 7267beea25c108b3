"""Export everything (wallet.features.export_all) from a vault of real fixtures, checked by tools we did not write.

The FHIR NDJSON goes through the official FHIR R4 JSON schema and the R4 invariants (npm, tests/independent),
the IPS documents through the IPS rules, the CSVs through Python's csv module, the manifest's signature
through node ``jose``; document files are compared byte for byte with the originals.
"""

from __future__ import annotations

import csv
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, FIXTURES, run_cli
from independent import fhir_r4_errors, fhir_r4_report, ips_errors, jose_verify, node_missing
from share_support import fill

from wallet.errors import WalletError
from wallet.features import medical_id
from wallet.features.export_all import export_all, plan_export
from wallet.features.finance import load_ledgers
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.vault import Vault

OFX = FIXTURES / "ofx" / "jseutter-ofxparse" / "checking.ofx"
BANK_CSV = DEMO / "kr_bank_cp949.csv"
APPLE = FIXTURES / "apple_health" / "alxdrcirilo-apple-health-parser" / "export.xml"
GREEN = DEMO / "test_usage_data_01.xml"
PDF = FIXTURES / "documents" / "pharmacy_receipt_en.pdf"
PHOTO = FIXTURES / "documents" / "photo.jpg"


def build(vault: Vault) -> tuple[str, str]:
    """Synthea (holder), IPS (second person), OFX, a Korean bank CSV, Apple Health, Green Button, documents."""
    holder, other = fill(vault)
    import_source(vault, Source(OFX), person=holder)
    import_source(vault, Source(BANK_CSV), person=holder)
    import_source(vault, Source(APPLE), "apple_health", person=holder)
    # a weight from the phone's export: a single reading from a source that is not FHIR (a derived Observation)
    import_source(vault, Source(DEMO / "watch-and-phone-export.xml"), "apple_health", person=holder)
    import_source(vault, Source(GREEN), person=holder)
    import_source(vault, Source(PDF), "document", person=holder)
    import_source(vault, Source(PHOTO), "document", person=other)
    medical_id.save(
        vault,
        other,
        medical_id.MedicalId(
            blood_type="O+",
            allergies=[medical_id.Allergy(substance="Penicillin", reaction="rash")],
            notes="Carries an EpiPen",
        ),
    )
    return holder, other


@pytest.fixture
def exported(vault: Vault, tmp_path: Path) -> tuple[Vault, Path, dict[str, str]]:
    holder, other = build(vault)
    out = tmp_path / "export"
    export_all(vault, out)
    return vault, out, {"holder": holder, "other": other}


def _ndjson(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def _r4_problems(resource: dict[str, Any]) -> list[str]:
    """Schema errors and broken invariants; an invariant fhirpath cannot evaluate (dom-3 on Synthea's
    ExplanationOfBenefit: "expected singleton") is the evaluator's limit, not a finding."""
    report = fhir_r4_report(resource, warnings=False)
    return report["schema"] + [m for m in report["invariants"] if "could not be evaluated" not in m]


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def test_plan_counts_what_is_there(vault: Vault) -> None:
    build(vault)
    plan = plan_export(vault)
    assert plan.persons == 2
    assert plan.documents == 2
    assert plan.transactions > 0 and plan.energy > 0 and plan.measurements > 0
    assert plan.medical_ids == 1
    assert "Patient" in plan.fhir
    assert any("unencrypted" in line for line in plan.lines())


def test_fhir_ndjson_is_valid_r4_and_as_imported(exported: tuple[Vault, Path, dict[str, str]]) -> None:
    if why := node_missing():
        pytest.skip(why)
    vault, out, _ = exported
    files = sorted((out / "health" / "fhir").glob("*.ndjson"))
    assert {f.stem for f in files} >= {"Patient", "Condition", "Observation", "Encounter"}
    total = 0
    for f in files:
        for res in _ndjson(f):
            assert res["resourceType"] == f.stem
            assert _r4_problems(res) == [], (f.name, res.get("id"))
            total += 1
    assert total == sum(plan_export(vault).fhir.values())
    # as imported: the payloads are the vault's, byte for byte as JSON values
    payloads = {json.dumps(r.payload, sort_keys=True) for r in vault.records(kind="Condition")}
    assert {json.dumps(r, sort_keys=True) for r in _ndjson(out / "health/fhir/Condition.ndjson")} == payloads


def test_derived_observations_and_ips_validate(exported: tuple[Vault, Path, dict[str, str]]) -> None:
    if why := node_missing():
        pytest.skip(why)
    _, out, ids = exported
    derived = _ndjson(out / "health/derived/Observation.ndjson")
    # the scale's 154.3 lb and 70.1 kg as LOINC 29463-7 in kg (UCUM); heart-rate samples go to samples.csv, not here
    weight = [o for o in derived if o["code"]["coding"][0]["code"] == "29463-7"]
    assert sorted(round(o["valueQuantity"]["value"], 2) for o in weight) == [69.99, 70.1]
    assert {o["valueQuantity"]["code"] for o in weight} == {"kg"}
    assert not [o for o in derived if o["code"]["coding"][0]["code"] == "8867-4"]
    patients = _ndjson(out / "health/derived/Patient.ndjson")
    assert {p["id"] for p in patients} == {ids["holder"]}
    for res in derived + patients:
        assert fhir_r4_errors(res, warnings=False) == []
    summaries = sorted((out / "health" / "ips").glob("*.json"))
    assert len(summaries) == 2
    for path in summaries:
        doc = json.loads(path.read_text(encoding="utf-8"))
        assert fhir_r4_errors(doc, warnings=False) == []
        assert ips_errors(doc) == []


def test_csvs_read_with_the_csv_module(exported: tuple[Vault, Path, dict[str, str]]) -> None:
    vault, out, ids = exported
    tx = _csv(out / "transactions.csv")
    ledgers = load_ledgers(vault, ids["holder"])
    expected = [(str(r.record_id), r.amount, r.currency) for lg in ledgers for r in lg.rows]
    assert [(r["record_id"], Decimal(r["amount"]), r["currency"]) for r in tx] == expected
    assert {"KRW", "USD"} <= {r["currency"] for r in tx}
    assert any(r["payee"] == "스타벅스 광화문점" for r in tx)  # Korean text survives (UTF-8 with BOM)
    energy = _csv(out / "energy.csv")
    assert len(energy) == vault.count(domain="energy")
    assert all(float(r["value"]) >= 0 for r in energy if r["value"])
    measurements = _csv(out / "measurements.csv")
    assert len(measurements) == int(vault.conn.execute("SELECT count(*) FROM readings WHERE main").fetchone()[0])
    assert len({r["record_id"] for r in measurements}) == len(measurements)  # each reading once
    samples = _csv(out / "samples.csv")
    assert len(samples) == vault.sample_count()
    # the Apple Watch's heart rates (74 and 75 count/min) in the canonical /min, and as recorded
    heart = [r for r in samples if r["measurement_key"] == "heart_rate" and "Alexandre" in r["source"]]
    assert sorted((float(r["value"]), r["unit_ucum"], r["unit_as_recorded"]) for r in heart) == [
        (74.0, "/min", "count/min"),
        (75.0, "/min", "count/min"),
    ]
    assert all(r["start_as_recorded"][-6] in "+-" and r["start_utc"].endswith("Z") for r in heart)


def test_documents_are_byte_for_byte_and_medical_id_written(exported: tuple[Vault, Path, dict[str, str]]) -> None:
    _, out, _ = exported
    docs = {p.read_bytes() for p in (out / "documents").iterdir()}
    assert docs == {PDF.read_bytes(), PHOTO.read_bytes()}
    records = _ndjson(out / "records.ndjson")
    assert sum(len(r["documents"]) for r in records) == 2
    [fhir_file] = (out / "medical-id").glob("*.fhir.json")
    bundle = json.loads(fhir_file.read_text(encoding="utf-8"))
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert "AllergyIntolerance" in kinds
    text = fhir_file.with_name(fhir_file.name.replace(".fhir.json", ".txt")).read_text(encoding="utf-8")
    assert "Penicillin" in text and "O+" in text and "EpiPen" in text
    readme = (out / "README.txt").read_text(encoding="utf-8")
    assert "transactions.csv" in readme and "내보내기" in readme


def test_manifest_hashes_and_signature_verify_independently(exported: tuple[Vault, Path, dict[str, str]]) -> None:
    if why := node_missing():
        pytest.skip(why)
    vault, out, _ = exported
    manifest_bytes = (out / "manifest.json").read_bytes()
    manifest = json.loads(manifest_bytes)
    listed = {f["path"] for f in manifest["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert on_disk - listed == {"manifest.json", "manifest.jws"}
    assert listed <= on_disk
    for f in manifest["files"]:
        data = (out / f["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == f["sha256"] and len(data) == f["size"]
    jwk = json.loads((out / "signing-key.jwk.json").read_text())
    checked = jose_verify((out / "manifest.jws").read_text(), jwk, algorithms=["ES256"])
    assert checked["payload"] == manifest_bytes
    assert checked["header"]["kid"] == manifest["key_thumbprint"]
    # every file is in the audit log, and the export as a whole
    actions = [e["action"] for e in vault.audit_entries()]
    assert actions.count("export.file") == len(manifest["files"]) + 1  # and manifest.json
    assert actions.count("export.all") == 1
    # owner-only files
    assert all((p.stat().st_mode & 0o077) == 0 for p in out.rglob("*") if p.is_file())


def test_refuses_a_folder_that_is_not_empty(vault: Vault, tmp_path: Path) -> None:
    out = tmp_path / "busy"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(WalletError, match="not empty"):
        export_all(vault, out)
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    with pytest.raises(WalletError, match="does not exist"):
        export_all(vault, tmp_path / "missing" / "export")


def test_large_outputs_are_split_into_files(vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import wallet.features.export_all as mod

    import_source(vault, Source(APPLE), "apple_health")
    monkeypatch.setattr(mod, "LINES_PER_FILE", 3)
    out = tmp_path / "export"
    export_all(vault, out)
    parts = sorted(out.glob("records*.ndjson"))
    assert {"records.ndjson", "records-0002.ndjson"} <= {p.name for p in parts}
    assert sum(len(_ndjson(p)) for p in parts) == vault.count()
    csvs = sorted(out.glob("samples*.csv"))
    assert len(csvs) > 1 and all(len(_csv(p)) <= 3 for p in csvs)
    assert sum(len(_csv(p)) for p in csvs) == vault.sample_count()


def test_a_failed_export_leaves_nothing(vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(vault)
    import wallet.features.export_all as mod

    def broken(*_a: object, **_k: object) -> int:
        raise WalletError("the disk is full")

    monkeypatch.setattr(mod, "_energy", broken)
    out = tmp_path / "export"
    with pytest.raises(WalletError, match="disk is full"):
        export_all(vault, out)
    assert not out.exists()
    assert vault.audit_entries(limit=1)[0]["action"] == "export.failed"


def test_cli_export_all_asks_first(vault: Vault, vault_dir: Path, tmp_path: Path) -> None:
    import_source(vault, Source(BANK_CSV))
    vault.close()
    out = tmp_path / "export"
    refused = run_cli(vault_dir, "export-all", "--out", str(out), stdin="no\n")
    assert refused.returncode != 0 and not out.exists()
    assert "transactions: 10" in refused.stdout
    done = run_cli(vault_dir, "export-all", "--out", str(out), stdin="export\n")
    assert done.returncode == 0, done.stderr
    assert len(_csv(out / "transactions.csv")) == 10
    again = run_cli(vault_dir, "export-all", "--out", str(out), "--yes")
    assert again.returncode != 0 and "not empty" in again.stderr


def test_csv_text_that_looks_like_a_formula_is_shown_not_run() -> None:
    from wallet.features.export_all import _text

    assert _text('=HYPERLINK("http://evil.example","x")') == '\'=HYPERLINK("http://evil.example","x")'
    assert _text("@SUM(A1)") == "'@SUM(A1)" and _text("-2+3") == "'-2+3"
    assert _text("스타벅스 광화문점") == "스타벅스 광화문점" and _text(None) == ""
