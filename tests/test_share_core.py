"""Sharing core: holder key, JWS rules, sensitive classifier, templates, IPS, receipts, withdrawal, atomic write."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from joserfc import jws
from joserfc.jwk import ECKey, OctKey
from share_support import add_receipt, fill, request

from wallet.features.share import receipts, sensitive
from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare, summary_lines
from wallet.features.share.templates import Selection, ShareError
from wallet.features.share.verify import verify_file
from wallet.jose import SignatureError, b64url, public_jwk, sign_compact, thumbprint, verify_compact
from wallet.model import Domain, Provenance, Record
from wallet.store import audit
from wallet.store.signing_keys import KEY_CACHE, holder_key
from wallet.store.vault import Vault

KANTARA_REQUIRED = (
    "version",
    "jurisdiction",
    "consentTimestamp",
    "collectionMethod",
    "consentReceiptID",
    "piiPrincipalId",
    "piiControllers",
    "services",
    "sensitive",
    "spiCat",
)  # policyUrl too when there is one: the wallet knows none, and a receipt carries no empty fields


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def all_references(value: object) -> list[str]:
    found: list[str] = []
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            found.append(value["reference"])
        for v in value.values():
            found += all_references(v)
    elif isinstance(value, list):
        for v in value:
            found += all_references(v)
    return found


# ------------------------------------------------------------------ signing
def test_holder_key_is_created_once_kept_in_the_vault_and_not_in_plaintext(vault: Vault) -> None:
    key = holder_key(vault)
    again = holder_key(vault)
    assert thumbprint(key.as_dict(private=False)) == thumbprint(again.as_dict(private=False))
    stored = vault.cache_get(KEY_CACHE)
    assert stored["crv"] == "P-256" and stored["d"]
    raw = b"".join(p.read_bytes() for p in vault.path.iterdir() if p.is_file())
    assert stored["d"].encode() not in raw
    assert [e["action"] for e in audit.entries(vault.conn)].count("share.key-created") == 1


def test_thumbprint_is_rfc7638() -> None:
    # RFC 7638 section 3.1 uses an RSA key; for EC the members are crv, kty, x, y.  joserfc agrees.
    key = ECKey.generate_key("P-256", private=True)
    assert thumbprint(key.as_dict(private=False)) == key.thumbprint()


def test_verify_compact_refuses_none_hmac_unknown_kid_and_smuggled_keys() -> None:
    key = ECKey.generate_key("P-256", private=True)
    pub = public_jwk(key)
    good = sign_compact(b"payload", key)
    assert verify_compact(good, pub)[1] == b"payload"

    def hdr(h: dict[str, object]) -> str:
        return b64url(json.dumps(h).encode())

    body = b64url(b"payload")
    none_token = f"{hdr({'alg': 'none', 'kid': pub['kid']})}.{body}."
    with pytest.raises(SignatureError, match="'none' is refused"):
        verify_compact(none_token, pub)
    hmac = OctKey.import_key(pub["x"].encode())
    hs_token = jws.serialize_compact({"alg": "HS256", "kid": pub["kid"]}, b"payload", hmac, algorithms=["HS256"])
    with pytest.raises(SignatureError, match="HS256"):
        verify_compact(hs_token, pub)
    other = ECKey.generate_key("P-256", private=True)
    with pytest.raises(SignatureError, match="unknown key"):
        verify_compact(sign_compact(b"payload", other), pub)
    smuggled = jws.serialize_compact(
        {"alg": "ES256", "kid": pub["kid"], "jwk": other.as_dict(private=False)},
        b"payload",
        other,
        algorithms=["ES256"],
    )
    with pytest.raises(SignatureError, match="refused: jwk"):
        verify_compact(smuggled, pub)
    tampered = good.split(".")
    tampered[1] = b64url(b"payloaD")
    with pytest.raises(SignatureError, match="does not match"):
        verify_compact(".".join(tampered), pub)


# -------------------------------------------------------------- sensitive
@pytest.mark.parametrize(
    ("system", "code", "display", "expected"),
    [
        ("ICD-10", "F32.1", "Moderate depressive episode", {sensitive.MENTAL}),
        ("ICD-10", "F10.2", "", {sensitive.SUBSTANCE}),
        ("http://hl7.org/fhir/sid/icd-10-cm", "B20", "", {sensitive.HIV}),
        ("ICD-10", "O80", "", {sensitive.SEXUAL}),
        ("ICD-10", "Q90.9", "", {sensitive.GENETICS}),
        ("SNOMED CT", "72892002", "Normal pregnancy", {sensitive.SEXUAL}),
        ("SNOMED CT", "7200002", "Alcoholism", {sensitive.SUBSTANCE}),
        ("LOINC", "7917-8", "HIV 1 Ab [Presence] in Serum", {sensitive.HIV}),
        ("LOINC", "51969-4", "Genetic analysis report", {sensitive.GENETICS}),
        ("SNOMED CT", "38341003", "Hypertension", set()),
        ("SNOMED CT", "0", "Hearing aids fitted", set()),
        ("ICD-10", "Z71.1", "", set()),
        ("KCD", "X", "우울증", {sensitive.MENTAL}),
    ],
)
def test_sensitive_classifier(system: str, code: str, display: str, expected: set[str]) -> None:
    rec = Record(
        domain=Domain.HEALTH,
        kind="Condition",
        title=display or code,
        code_system=system,
        code=code,
        code_display=display or None,
        provenance=Provenance(connector_id="t", connector_version="1", source_name="t"),
    )
    assert sensitive.classify(rec) == expected


# -------------------------------------------------------------------- IPS
def test_hospital_share_is_a_valid_ips_document(vault: Vault, tmp_path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    holder_id, _ = fill(vault)
    plan = prepare(vault, request(holder_id))
    kinds = {r.kind for r in plan.records}
    assert "Condition" in kinds and "Immunization" in kinds
    assert "Claim" not in kinds and "ExplanationOfBenefit" not in kinds and "Encounter" not in kinds
    result = create_share(vault, plan, tmp_path / "ips.zip")
    doc = json.loads(members(result.path)["data/ips.json"])
    Bundle.model_validate(doc)
    assert doc["type"] == "document" and doc["identifier"]["value"] and doc["timestamp"]
    first = doc["entry"][0]["resource"]
    assert first["resourceType"] == "Composition"
    assert first["type"]["coding"][0] == {
        "system": "http://loinc.org",
        "code": "60591-5",
        "display": "Patient summary Document",
    }
    assert doc["entry"][1]["resource"]["resourceType"] == "Patient"
    sections = {s["code"]["coding"][0]["code"]: s for s in first["section"]}
    assert {"11450-4", "48765-2", "10160-0"} <= set(sections)
    # This Synthea patient has no allergies and no medications: stated, not silently missing.
    for code in ("48765-2", "10160-0"):
        assert "entry" not in sections[code]
        assert sections[code]["emptyReason"]["coding"][0]["code"] == "unavailable"
        assert "No information available" in json.dumps(sections[code])
    assert sections["11450-4"]["entry"]
    assert sections["11369-6"]["entry"] and sections["8716-3"]["entry"]
    full_urls = {e["fullUrl"] for e in doc["entry"]}
    for ref in all_references(doc):
        assert ref in full_urls, f"dangling reference {ref}"
    for e in doc["entry"]:
        assert "meta" not in e["resource"]
    patient = doc["entry"][1]["resource"]
    assert patient["name"][0]["family"] == "Kreiger"
    assert "address" not in patient and "telecom" not in patient  # hospital template leaves these out


def test_ips_with_medications_includes_the_medication_it_refers_to(vault: Vault, tmp_path: Path) -> None:
    _, other = fill(vault)
    plan = prepare(vault, request(other))
    result = create_share(vault, plan, tmp_path / "ips.zip")
    doc = json.loads(members(result.path)["data/ips.json"])
    by_url = {e["fullUrl"]: e["resource"] for e in doc["entry"]}
    comp = doc["entry"][0]["resource"]
    meds = next(s for s in comp["section"] if s["code"]["coding"][0]["code"] == "10160-0")
    statement = by_url[meds["entry"][0]["reference"]]
    assert statement["resourceType"] == "MedicationStatement"
    assert by_url[statement["medicationReference"]["reference"]]["resourceType"] == "Medication"
    allergies = next(s for s in comp["section"] if s["code"]["coding"][0]["code"] == "48765-2")
    assert by_url[allergies["entry"][0]["reference"]]["resourceType"] == "AllergyIntolerance"


def test_unticked_records_do_not_leave(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    plan = prepare(vault, request(holder_id))
    immunizations = [r for r in plan.records if r.kind == "Immunization"]
    for rec in immunizations[:2]:
        plan.set_included(rec.id, False)
    assert "(you left out 2 records)" in "\n".join(summary_lines(plan))
    result = create_share(vault, plan, tmp_path / "ips.zip")
    doc = json.loads(members(result.path)["data/ips.json"])
    sent = [e["resource"] for e in doc["entry"] if e["resource"]["resourceType"] == "Immunization"]
    assert len(sent) == len(immunizations) - 2
    sent_dates = {r["occurrenceDateTime"] for r in sent}
    for rec in immunizations[:2]:
        if rec.payload["occurrenceDateTime"] not in {r.payload["occurrenceDateTime"] for r in immunizations[2:]}:
            assert rec.payload["occurrenceDateTime"] not in sent_dates
    share = receipts.get_share(vault, result.receipt_id)
    assert not set(share.record_ids) & {r.id for r in immunizations[:2]}


# ------------------------------------------------------------- research
def test_research_share_leaves_out_direct_identifiers(vault: Vault, tmp_path: Path) -> None:
    from fhir.resources.R4B import get_fhir_model_class

    holder_id, _ = fill(vault)
    req = request(
        holder_id,
        "research",
        purpose="Obesity study",
        selection=Selection(kinds=["Observation", "Condition"], since=date(2018, 1, 1)),
    )
    plan = prepare(vault, req)
    assert {r.kind for r in plan.records} == {"Observation", "Condition"}
    assert all(r.start and r.start.date() >= date(2018, 1, 1) for r in plan.records)
    result = create_share(vault, plan, tmp_path / "research.zip")
    raw = result.path.read_bytes()
    for secret in (b"Kreiger", b"Clemente", b"999-48-8934", b"X14485831X", b"1984-07-02"):
        assert secret not in raw
    lines = members(result.path)["data/resources.ndjson"].decode().splitlines()
    patient = json.loads(lines[0])
    assert patient["resourceType"] == "Patient"
    assert not {"name", "identifier", "address", "telecom", "birthDate"} & set(patient)
    for line in lines:
        res = json.loads(line)
        get_fhir_model_class(res["resourceType"]).model_validate(res)
        assert "identifier" not in res and "text" not in res and "meta" not in res
    manifest = json.loads(members(result.path)["manifest.json"])
    assert "name" not in manifest["holder"]  # nor the holder's key: see tests/test_share_truth.py


def test_research_needs_kinds(vault: Vault) -> None:
    holder_id, _ = fill(vault)
    with pytest.raises(ShareError, match="kinds"):
        prepare(vault, request(holder_id, "research"))


# ------------------------------------------------------------- insurance
def test_insurance_share_gathers_encounter_diagnoses_procedures_and_linked_receipt(
    vault: Vault, tmp_path: Path
) -> None:
    holder_id, _ = fill(vault)
    condition = vault.records(person_id=holder_id, kind="Condition")[0]
    enc_ref = condition.payload["encounter"]["reference"]
    encounter = next(
        r for r in vault.records(person_id=holder_id, kind="Encounter") if r.provenance.original_id == enc_ref
    )
    receipt = add_receipt(vault, encounter)
    plan = prepare(
        vault,
        request(holder_id, "insurance", purpose="Claim for 2018-09-17", selection=Selection(record_ids=[encounter.id])),
    )
    ids = {r.id for r in plan.records}
    assert {encounter.id, condition.id, receipt.id} <= ids
    assert {r.kind for r in plan.records} <= {"Encounter", "Condition", "Procedure", "MedicationRequest", "document"}
    assert "Procedure" in {r.kind for r in plan.records}
    result = create_share(vault, plan, tmp_path / "claim.zip")
    files = members(result.path)
    pdfs = [n for n in files if n.startswith("documents/")]
    assert len(pdfs) == 1 and files[pdfs[0]] == receipt.attachments[0].data
    wallet_records = [json.loads(x) for x in files["data/records.ndjson"].decode().splitlines()]
    assert wallet_records[0]["documents"] == pdfs
    assert "text" not in wallet_records[0]  # insurance leaves free-text notes out
    kinds = [json.loads(x)["resourceType"] for x in files["data/resources.ndjson"].decode().splitlines()]
    assert kinds[0] == "Patient" and "Encounter" in kinds and "Condition" in kinds
    assert verify_file(result.path).ok


def test_insurance_needs_encounters(vault: Vault) -> None:
    holder_id, _ = fill(vault)
    with pytest.raises(ShareError, match="encounters"):
        prepare(vault, request(holder_id, "insurance"))


# ---------------------------------------------------------- consent rules
def test_prepare_refuses_past_expiry_and_missing_purpose(vault: Vault) -> None:
    holder_id, _ = fill(vault)
    with pytest.raises(ShareError, match="in the past"):
        prepare(vault, request(holder_id, expires=date.today() - timedelta(days=1)))
    with pytest.raises(ShareError, match="purpose"):
        prepare(vault, request(holder_id, purpose="  "))


def test_receipt_has_kantara_fields_is_signed_stored_and_audited(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    expires = date.today() + timedelta(days=30)
    plan = prepare(vault, request(holder_id, expires=expires, jurisdiction="KR"))
    result = create_share(vault, plan, tmp_path / "b.zip")
    files = members(result.path)
    receipt = json.loads(files["consent-receipt.json"])
    for name in KANTARA_REQUIRED:
        assert name in receipt, name
    assert "policyUrl" not in receipt
    purpose = receipt["services"][0]["purposes"][0]
    for name in ("consentType", "purposeCategory", "piiCategory", "termination", "thirdPartyDisclosure"):
        assert name in purpose
    assert receipt["consentReceiptID"] == result.receipt_id and receipt["jurisdiction"] == "KR"
    assert receipt["piiControllers"][0]["piiController"] == "Seoul General"
    assert receipt["expiry"] == expires.isoformat() and "Health" in purpose["piiCategory"]
    stored = receipts.get_share(vault, result.receipt_id[:8])
    assert stored.receipt == receipt and stored.status == "active"
    assert verify_compact(stored.receipt_jws, json.loads(files["holder.jwk.json"]))[1] == files["consent-receipt.json"]
    entry = next(e for e in audit.entries(vault.conn) if e["action"] == "share.create")
    text = json.dumps(entry["detail"])
    for personal in ("Kreiger", "Dr. Kim", "Seoul", "Referral"):
        assert personal not in text
    assert entry["detail"]["receipt"] == result.receipt_id
    assert audit.verify(vault.conn) == []


@pytest.mark.slow
def test_withdrawal_writes_a_signed_notice(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    result = create_share(vault, prepare(vault, request(holder_id)), tmp_path / "b.zip")
    notice = receipts.withdraw(vault, result.receipt_id, tmp_path / "withdraw.json")
    checked = verify_file(notice)
    assert checked.ok and checked.kind == "withdrawal"
    assert checked.claims["consent receipt"] == result.receipt_id
    assert receipts.get_share(vault, result.receipt_id).status == "withdrawn"
    with pytest.raises(ShareError, match="already withdrawn"):
        receipts.withdraw(vault, result.receipt_id, tmp_path / "again.json")
    body = json.loads(notice.read_text())
    body["notice_jws"] = body["notice_jws"][:-3] + ("AAA" if not body["notice_jws"].endswith("AAA") else "BBB")
    (tmp_path / "forged.json").write_text(json.dumps(body))
    assert not verify_file(tmp_path / "forged.json").ok
    assert "share.withdraw" in [e["action"] for e in audit.entries(vault.conn)]


def test_a_failed_write_leaves_no_file_and_no_receipt(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import wallet.features.share.bundle as bundle_mod

    holder_id, _ = fill(vault)
    plan = prepare(vault, request(holder_id))
    out = tmp_path / "out"
    out.mkdir()

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bundle_mod.os, "replace", broken_replace)
    monkeypatch.setattr(bundle_mod.os, "link", broken_replace)  # the no-replace path places it by a hard link
    from wallet.features.share.templates import ShareError

    with pytest.raises(ShareError, match=r"disk is full: cannot write .*nothing was changed"):
        create_share(vault, plan, out / "b.zip")
    assert list(out.iterdir()) == []
    assert receipts.list_shares(vault) == []
    assert "share.create" not in [e["action"] for e in audit.entries(vault.conn)]


def test_summary_states_encryption_and_sensitive_records(vault: Vault) -> None:
    holder_id, _ = fill(vault)
    rec = Record(
        domain=Domain.HEALTH,
        kind="Condition",
        title="Major depression, single episode",
        code_system="SNOMED CT",
        code="36923009",
        payload={
            "resourceType": "Condition",
            "subject": {"reference": "Patient/x"},
            "code": {"coding": [{"system": "http://snomed.info/sct", "code": "36923009"}]},
        },
        provenance=Provenance(connector_id="fhir", connector_version="1", source_name="x.json"),
        person_id=holder_id,
    )
    vault.add_records([rec])
    plan = prepare(vault, request(holder_id))
    text = "\n".join(summary_lines(plan, show_records=True))
    assert "Encrypted:   NO" in text
    assert "SENSITIVE" in text and "mental health" in text and rec.id[:12] in text
    key = ECKey.generate_key("P-256", private=True)
    plan.request.recipient.jwk = {k: v for k, v in key.as_dict(private=False).items()}
    assert f"only the holder of key {key.thumbprint()}" in "\n".join(summary_lines(plan))


def test_zip_is_readable_by_the_standard_library(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    result = create_share(vault, prepare(vault, request(holder_id)), tmp_path / "b.zip")
    with zipfile.ZipFile(io.BytesIO(result.path.read_bytes())) as zf:
        assert zf.testzip() is None
        assert zf.namelist()[:2] == ["manifest.json", "manifest.jws"]


def test_hospital_share_for_someone_without_records(vault: Vault, tmp_path: Path) -> None:
    from fhir.resources.R4B.bundle import Bundle

    from wallet.model import Person

    baby = Person(name="Baby Kim")
    vault.save_person(baby)
    result = create_share(vault, prepare(vault, request(baby.id)), tmp_path / "baby.zip")
    doc = json.loads(members(result.path)["data/ips.json"])
    Bundle.model_validate(doc)
    sections = doc["entry"][0]["resource"]["section"]
    assert [s["code"]["coding"][0]["code"] for s in sections] == ["11450-4", "48765-2", "10160-0"]
    assert all(s["emptyReason"]["text"] == "No information available" for s in sections)
    patient = doc["entry"][1]["resource"]
    assert patient["name"] == [{"text": "Baby Kim"}]
    assert patient["_birthDate"]["extension"][0]["valueCode"] == "unknown"


def test_a_resource_that_does_not_validate_is_not_sent_as_fhir(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    broken = Record(
        domain=Domain.HEALTH,
        kind="Condition",
        title="Broken import",
        person_id=holder_id,
        payload={"resourceType": "Condition", "subject": {"reference": "Patient/x"}, "onsetDateTime": "not a date"},
        provenance=Provenance(connector_id="fhir", connector_version="1", source_name="x.json"),
    )
    vault.add_records([broken])
    req = request(holder_id, "custom", selection=Selection(record_ids=[broken.id]))
    result = create_share(vault, prepare(vault, req), tmp_path / "c.zip")
    files = members(result.path)
    assert [json.loads(x)["resourceType"] for x in files["data/resources.ndjson"].decode().splitlines()] == ["Patient"]
    sent = json.loads(files["data/records.ndjson"].decode().splitlines()[0])
    assert sent["kind"] == "Condition" and sent["payload"]["onsetDateTime"] == "not a date"
    assert any("does not validate" in n for n in result.notes)


def test_the_signers_name_in_the_manifest_is_the_one_the_consent_summary_shows(vault: Vault, tmp_path: Path) -> None:
    """A share about someone the holder cares for names the holder as the signer: said before approval, or left out."""
    holder_id, other_id = fill(vault)
    holder = vault.person(holder_id)
    assert holder.name
    plan = prepare(vault, request(other_id))  # about the other person; the holder signs
    assert plan.signer_name_sent == holder.name
    assert f"with your name: {holder.name}" in "\n".join(summary_lines(plan))
    made = create_share(vault, plan, tmp_path / "named.zip")
    with zipfile.ZipFile(made.path) as zf:
        assert json.loads(zf.read("manifest.json"))["holder"]["name"] == holder.name

    quiet = prepare(vault, request(other_id, omit_fields=["name", "address", "telecom"]))
    assert quiet.signer_name_sent is None and holder.name not in "\n".join(summary_lines(quiet))
    made = create_share(vault, quiet, tmp_path / "unnamed.zip")
    with zipfile.ZipFile(made.path) as zf:
        manifest = zf.read("manifest.json").decode()
    assert json.loads(manifest)["holder"]["name"] is None and holder.name not in manifest
