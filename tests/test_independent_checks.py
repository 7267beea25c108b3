"""Everything the wallet hands out, checked by implementations this project did not write.

Artefacts are made through the wallet's own API (as the CLI and the app make them) and then
checked only with outside tools (tests/independent.py): node ``jose`` for JWS/JWE, the official
FHIR R4 JSON schema (ajv) plus the R4 invariants (and, for the IPS document, the IPS IG's
requirements) evaluated by npm ``fhirpath`` for FHIR, ajv with
the Kantara Consent Receipt v1.1 schema for receipts, zbar and zxing-cpp for the QR codes on the
printout rendered at 150 dpi by pdftoppm.  The producing libraries (joserfc, fhir.resources,
segno) are not used to check anything here.  A test whose tool is missing is skipped, saying why.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
import zlib
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO
from independent import (
    IndependentCheckFailed,
    decode_qr_zbar,
    decode_qr_zxing,
    fhir_r4_errors,
    ips_errors,
    jose_decrypt,
    jose_decrypt_full,
    jose_encrypt,
    jose_generate_ec,
    jose_sign,
    jose_thumbprint,
    jose_verify,
    jose_verify_jwks,
    json_schema_errors,
    render_pdf_page,
)
from share_support import add_receipt, fill, request

from connectors.shc import SmartHealthCardConnector
from wallet.errors import ConnectorError
from wallet.features import medical_id as mid
from wallet.features.emergency import printout, qr, shc
from wallet.features.emergency.content import gather
from wallet.features.share import receipts
from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare
from wallet.features.share.templates import Recipient, Selection
from wallet.features.share.verify import verify_bytes
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.jose import public_jwk, verify_compact
from wallet.model import Record
from wallet.store.signing_keys import holder_key
from wallet.store.vault import Vault

FIX = Path(__file__).parent / "fixtures"
KANTARA_SCHEMA = FIX / "consent" / "kantara-consent-receipt-v1_1-schema.json"
KANTARA_EXAMPLE = FIX / "consent" / "kantara-consent-receipt-v1_1-example.json"
SHC = FIX / "shc"
SHC_JWKS = SHC / "issuer" / "jwks.json"
SHC_ISSUED = datetime(2023, 7, 1, tzinfo=UTC)  # the spec's examples were issued on 2023-06-22


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def public_members(jwk: dict[str, Any]) -> dict[str, Any]:
    return {k: jwk[k] for k in ("kty", "crv", "x", "y")}


def kantara_schema() -> dict[str, Any]:
    """The Kantara CR v1.1 schema as published: JSON with ``//`` comment lines, stripped here."""
    text = KANTARA_SCHEMA.read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(re.sub(r"^\s*//.*$", "", text, flags=re.MULTILINE))
    return schema


def shc_numeric_to_jws(text: str) -> str:
    """The SMART Health Cards numeric QR rule (spec "Encoding Chunks as QR codes"), written from
    the spec here rather than taken from the wallet: each pair of digits + 45 is one character."""
    assert text.startswith("shc:/"), text[:20]
    digits = text.removeprefix("shc:/")
    assert re.fullmatch(r"(\d\d)+", digits), "odd or non-digit SHC QR content"
    return "".join(chr(int(digits[i : i + 2]) + 45) for i in range(0, len(digits), 2))


def shc_payload(jws: str, jwks: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """(header, payload) of a SMART Health Card verified by node jose with the issuer's JWKS."""
    out = jose_verify_jwks(jws, jwks, algorithms=["ES256"])
    return out["header"], json.loads(zlib.decompress(out["payload"], -15))


def assert_shc_bundle_references_resolve(bundle: dict[str, Any]) -> None:
    """SMART Health Cards spec: entries use fullUrl ``resource:N`` and references point at those."""
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert urls == [f"resource:{i}" for i in range(len(urls))]
    refs = re.findall(r'"reference":\s*"([^"]*)"', json.dumps(bundle))
    assert refs and set(refs) <= set(urls), refs


# ------------------------------------------------------------------ the checks themselves can fail


@pytest.mark.slow
def test_the_independent_checks_find_what_is_wrong(tmp_path: Path) -> None:
    allergy = {"resourceType": "AllergyIntolerance", "patient": {"reference": "Patient/1"}, "code": {"text": "x"}}
    assert any("ait-1" in e for e in fhir_r4_errors(allergy))
    allergy["clinicalStatus"] = {
        "coding": [{"system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "code": "active"}]
    }
    assert fhir_r4_errors(allergy) == []
    assert any("(schema)" in e for e in fhir_r4_errors({**allergy, "criticality": "very"}))
    assert any("(schema)" in e for e in fhir_r4_errors({**allergy, "unknownElement": 1}))
    bundle = {"resourceType": "Bundle", "type": "document", "entry": [{"fullUrl": "urn:uuid:a", "resource": allergy}]}
    problems = " ".join(fhir_r4_errors(bundle))
    for key in ("bdl-9", "bdl-10", "bdl-11"):
        assert key in problems
    statement = {
        "resourceType": "MedicationStatement",
        "status": "active",
        "medicationCodeableConcept": {"text": "x"},
        "subject": {"reference": "urn:uuid:a"},
    }
    ips = " ".join(ips_errors({**bundle, "entry": [{"fullUrl": "urn:uuid:m", "resource": statement}]}))
    for key in ("ips-bundle-composition", "ips-bundle-patient", "ips-medicationstatement-effective"):
        assert key in ips
    statement["effectiveDateTime"] = "2020-01-01"
    assert "ips-medicationstatement-effective" not in " ".join(
        ips_errors({**bundle, "entry": [{"resource": statement}]})
    )
    pub, priv = jose_generate_ec()
    token = jose_sign(b"x", priv, {"alg": "ES256"})
    assert jose_verify(token, pub)["payload"] == b"x"
    with pytest.raises(IndependentCheckFailed):
        jose_verify(token[:-4] + ("AAAA" if not token.endswith("AAAA") else "BBBB"), pub)
    other, _ = jose_generate_ec()
    with pytest.raises(IndependentCheckFailed):
        jose_verify(token, other)
    example = json.loads(KANTARA_EXAMPLE.read_text(encoding="utf-8"))
    assert json_schema_errors(example, kantara_schema()) == []
    assert json_schema_errors({k: v for k, v in example.items() if k != "spiCat"}, kantara_schema())


# ------------------------------------------------------------------ share bundles


def test_bundle_signatures_verify_with_node_jose(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    result = create_share(vault, prepare(vault, request(holder_id)), tmp_path / "b.zip")
    files = members(result.path.read_bytes())
    jwk = json.loads(files["holder.jwk.json"])
    assert public_members(jwk) == public_members(public_jwk(holder_key(vault)))
    thumb = jose_thumbprint(public_members(jwk))
    manifest = json.loads(files["manifest.json"])
    assert jwk["kid"] == thumb == manifest["holder"]["key_thumbprint"]  # RFC 7638, as jose computes it
    for name in ("manifest", "consent-receipt"):
        out = jose_verify(files[f"{name}.jws"].decode("ascii"), public_members(jwk), algorithms=["ES256"])
        assert out["payload"] == files[f"{name}.json"], name
        assert out["header"]["alg"] == "ES256" and out["header"]["kid"] == thumb
    listed = {f["path"]: f for f in manifest["files"]}
    assert set(listed) == set(files) - {"manifest.json", "manifest.jws"}
    for path, entry in listed.items():
        assert hashlib.sha256(files[path]).hexdigest() == entry["sha256"] and len(files[path]) == entry["size"]
    head, _body, sig = files["manifest.jws"].decode("ascii").split(".")
    forged = json.loads(files["manifest.json"]) | {"purpose": "something else"}
    forged_body = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    with pytest.raises(IndependentCheckFailed):
        jose_verify(f"{head}.{forged_body}.{sig}", public_members(jwk))


def test_encrypted_bundle_opens_with_node_jose(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    pub, priv = jose_generate_ec()
    req = request(holder_id, recipient=Recipient(name="Dr. Kim", organisation="Seoul General", jwk=pub))
    result = create_share(vault, prepare(vault, req), tmp_path / "b.jwe")
    raw = result.path.read_bytes().decode("ascii")
    opened = jose_decrypt_full(raw, priv)
    header = opened["header"]
    assert header["alg"] == "ECDH-ES+A256KW" and header["enc"] == "A256GCM"
    assert header["kid"] == jose_thumbprint(pub) and header.get("cty") == "application/zip"
    assert "zip" not in header
    files = members(opened["plaintext"])
    jwk = public_members(json.loads(files["holder.jwk.json"]))
    assert jose_verify(files["manifest.jws"].decode("ascii"), jwk)["payload"] == files["manifest.json"]
    _wrong_pub, wrong_priv = jose_generate_ec()
    with pytest.raises(IndependentCheckFailed):
        jose_decrypt(raw, wrong_priv)


def test_withdrawal_notice_verifies_with_node_jose(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    result = create_share(vault, prepare(vault, request(holder_id)), tmp_path / "b.zip")
    bundle_jwk = public_members(json.loads(members(result.path.read_bytes())["holder.jwk.json"]))
    notice_path = receipts.withdraw(vault, result.receipt_id, tmp_path / "withdraw.json")
    body = json.loads(notice_path.read_text(encoding="utf-8"))
    assert public_members(body["holder_jwk"]) == bundle_jwk  # signed by the key that signed the bundle
    out = jose_verify(body["notice_jws"], bundle_jwk, algorithms=["ES256"])
    notice = json.loads(out["payload"])
    assert notice["type"] == body["type"] == "mydata-wallet/consent-withdrawal"
    assert notice["consentReceiptID"] == result.receipt_id and notice["bundleId"] == result.bundle_id
    assert notice["holderKeyThumbprint"] == jose_thumbprint(bundle_jwk)


@pytest.mark.parametrize("template", ["hospital", "research"])
def test_consent_receipt_follows_the_kantara_v1_1_schema_and_is_signed(
    vault: Vault, tmp_path: Path, template: str
) -> None:
    """The receipt says ``version: KI-CR-v1.1.0``: it is checked against the Kantara Consent
    Receipt v1.1 JSON schema (ajv) and its JWS with jose.  (ISO/IEC TS 27560 publishes no JSON
    schema that npm or PyPI carries.)"""
    holder_id, _ = fill(vault)
    kw: dict[str, Any] = {}
    if template == "research":
        kw = {"purpose": "Obesity study", "selection": Selection(kinds=["Observation"], since=date(2018, 1, 1))}
    result = create_share(vault, prepare(vault, request(holder_id, template, **kw)), tmp_path / "b.zip")
    files = members(result.path.read_bytes())
    receipt = json.loads(files["consent-receipt.json"])
    assert receipt["version"] == "KI-CR-v1.1.0"
    jwk = public_members(json.loads(files["holder.jwk.json"]))
    assert jose_verify(files["consent-receipt.jws"].decode("ascii"), jwk)["payload"] == files["consent-receipt.json"]
    # Issue 13 (7): a receipt carries only fields with values. The wallet knows no policy URL and no
    # address, e-mail or phone of the recipient, and a research receipt names no PII principal
    # (issue 13, 6), so those fields are absent rather than empty; everything else the schema asks.
    schema = kantara_schema()
    unknown_top = {"policyUrl"} | ({"piiPrincipalId"} if template == "research" else set())
    unknown_controller = {"address", "email", "phone"}
    schema["required"] = [f for f in schema["required"] if f not in unknown_top]
    controller = schema["properties"]["piiControllers"]["items"]
    controller["required"] = [f for f in controller["required"] if f not in unknown_controller]
    assert not unknown_top & set(receipt)
    assert not unknown_controller & {k for c in receipt["piiControllers"] for k in c}
    assert json_schema_errors(receipt, schema) == []


# ------------------------------------------------------------------ FHIR output


@pytest.mark.parametrize("who", ["synthea", "ips-minimal", "ips-all-sections"])
@pytest.mark.slow
def test_ips_document_passes_the_fhir_r4_schema_and_invariants(vault: Vault, tmp_path: Path, who: str) -> None:
    """The hospital share's IPS document for a Synthea patient, the IPS minimal example's patient
    (a medication) and the IPS all-sections example's patient (devices, medications, allergies)."""
    if who == "ips-all-sections":
        fill_emergency(vault)
        person = vault.holder().id
    else:
        holder_id, other_id = fill(vault)
        person = holder_id if who == "synthea" else other_id
    result = create_share(vault, prepare(vault, request(person)), tmp_path / "ips.zip")
    doc = json.loads(members(result.path.read_bytes())["data/ips.json"])
    assert doc["resourceType"] == "Bundle" and doc["type"] == "document"
    assert fhir_r4_errors(doc) == []
    assert ips_errors(doc) == []


@pytest.mark.slow
def test_research_and_insurance_fhir_resources_pass_r4(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    research = request(
        holder_id,
        "research",
        purpose="Obesity study",
        selection=Selection(kinds=["Observation", "Condition"], since=date(2018, 1, 1)),
    )
    condition = vault.records(person_id=holder_id, kind="Condition")[0]
    encounter = next(
        r
        for r in vault.records(person_id=holder_id, kind="Encounter")
        if r.provenance.original_id == condition.payload["encounter"]["reference"]
    )
    add_receipt(vault, encounter)
    insurance = request(holder_id, "insurance", purpose="Claim", selection=Selection(record_ids=[encounter.id]))
    problems: list[str] = []
    kinds: set[str] = set()
    for name, req in (("research", research), ("insurance", insurance)):
        result = create_share(vault, prepare(vault, req), tmp_path / f"{name}.zip")
        lines = members(result.path.read_bytes())["data/resources.ndjson"].decode("utf-8").splitlines()
        assert lines
        for n, line in enumerate(lines, 1):
            resource = json.loads(line)
            kinds.add(resource["resourceType"])
            problems += [f"{name} line {n}: {e}" for e in fhir_r4_errors(resource)]
    assert {"Patient", "Observation", "Condition", "Encounter"} <= kinds
    assert problems == []


# ------------------------------------------------------------------ emergency record: SHC and QR codes


def fill_emergency(vault: Vault) -> None:
    """As tests/test_emergency.py: two IPS samples and a hand-entered Korean allergy and contact."""
    for path in (FIX / "fhir-ips" / "Bundle-bundle-ips-all-sections.json", DEMO / "Bundle-IPS-examples-Bundle-01.json"):
        assert import_source(vault, Source(path)).error is None
    mid.save(
        vault,
        vault.holder().id,
        mid.MedicalId(
            allergies=[mid.Allergy(substance="페니실린", severity="severe", reaction="두드러기")],
            contacts=[mid.EmergencyContact(name="김민수", phone="010-1234-5678", relationship="아들")],
            organ_donor=True,
        ),
    )


@pytest.mark.slow
def test_self_issued_health_card_verifies_with_jose_and_its_fhir_passes_r4(vault: Vault) -> None:
    fill_emergency(vault)
    card = shc.holder_card(vault, gather(vault))
    assert card.jws is not None
    key = holder_key(vault)
    jwks = shc.public_jwks(key)
    header, payload = shc_payload(card.jws, jwks)
    assert header["alg"] == "ES256" and header["zip"] == "DEF"
    assert header["kid"] == jose_thumbprint(public_members(jwks["keys"][0]))  # SHC: kid is the RFC 7638 thumbprint
    assert isinstance(payload["nbf"], int | float) and payload["iss"].startswith("https://")
    vc = payload["vc"]
    assert "https://smarthealth.cards#health-card" in vc["type"]
    assert vc["credentialSubject"]["fhirVersion"] == "4.0.1"
    bundle = vc["credentialSubject"]["fhirBundle"]
    assert_shc_bundle_references_resolve(bundle)
    kinds = {e["resource"]["resourceType"] for e in bundle["entry"]}
    assert {"Patient", "AllergyIntolerance"} <= kinds
    assert fhir_r4_errors(bundle) == []


@pytest.mark.slow
@pytest.mark.parametrize("fmt", ["a4", "letter", "card"])
@pytest.mark.slow
def test_both_qr_codes_read_at_150_dpi_by_zbar_and_zxing(vault: Vault, tmp_path: Path, fmt: str) -> None:
    """An office printer's 150 dpi: both QR codes on the first page decode with two readers, and the
    card's QR (decoded by the spec's numeric rule) verifies with jose."""
    fill_emergency(vault)
    prepared = printout.prepare(vault, fmt=fmt, lang="ko", with_shc=True)  # type: ignore[arg-type]
    assert prepared.rendered.shc_jws is not None
    pdf = printout.export(vault, prepared, tmp_path / f"emergency-{fmt}.pdf")
    png = render_pdf_page(pdf, dpi=150, out_dir=tmp_path)
    expected = sorted([prepared.rendered.plain_text, "shc:/" + qr.shc_numeric(prepared.rendered.shc_jws)])
    jwks = shc.public_jwks(holder_key(vault))
    for reader in (decode_qr_zbar, decode_qr_zxing):
        texts = reader(png)
        assert sorted(texts) == expected, f"{reader.__name__} at 150 dpi ({fmt}): {[t[:40] for t in texts]}"
        card = next(t for t in texts if t.startswith("shc:/"))
        _header, payload = shc_payload(shc_numeric_to_jws(card), jwks)
        assert payload["vc"]["credentialSubject"]["fhirBundle"]["resourceType"] == "Bundle"
    assert "페니실린" in prepared.rendered.plain_text


# ------------------------------------------------------------------ SMART Health Cards spec vectors


def our_signature_verdict(path: Path) -> str:
    """What connectors/shc says about the file's signature ("valid", another word, or "refused")."""
    ctx = ImportContext(options={"jwks": str(SHC_JWKS), "now": SHC_ISSUED})
    try:
        records = [r for r in SmartHealthCardConnector().read(Source(path), ctx) if isinstance(r, Record)]
    except ConnectorError:
        return "refused"
    assert records
    verification = records[0].provenance.verification
    assert verification is not None
    return str(verification["signature"])


def jose_verdict(jws: str) -> bool:
    try:
        jose_verify_jwks(jws, json.loads(SHC_JWKS.read_text()), algorithms=["ES256"])
    except IndependentCheckFailed:
        return False
    return True


SPEC_JWS = sorted([*(SHC / "examples").glob("example-*-d-jws.txt"), *(SHC / "negative").glob("*-d-jws-*.txt")])


@pytest.mark.parametrize("path", SPEC_JWS, ids=[p.name for p in SPEC_JWS])
def test_our_shc_verifier_agrees_with_jose_on_the_spec_vectors(path: Path) -> None:
    jws = path.read_text(encoding="utf-8")
    jose_ok = jose_verdict(jws)
    ours = our_signature_verdict(path)
    assert (ours == "valid") == jose_ok, f"jose says {'valid' if jose_ok else 'invalid'}, connectors/shc {ours!r}"
    if path.parent.name == "examples":
        assert jose_ok  # the spec's four examples are validly signed


@pytest.mark.parametrize("n", ["00", "01", "02", "03"])
def test_spec_example_cards_fhir_passes_r4(n: str) -> None:
    """Sanity of the FHIR checks on someone else's output: the spec's example cards are valid R4."""
    jws = (SHC / "examples" / f"example-{n}-d-jws.txt").read_text(encoding="utf-8")
    _header, payload = shc_payload(jws, json.loads(SHC_JWKS.read_text()))
    bundle = payload["vc"]["credentialSubject"]["fhirBundle"]
    assert fhir_r4_errors(bundle) == []


# ------------------------------------------------------------------ the other way: jose-made tokens


def test_a_jose_made_jws_is_accepted_by_our_verifier() -> None:
    pub, priv = jose_generate_ec()
    kid = jose_thumbprint(pub)
    header = {"alg": "ES256", "kid": kid, "typ": "JWS", "cty": "application/json"}
    token = jose_sign(b'{"hello": "world"}', priv, header)
    checked, payload = verify_compact(token, {**pub, "kid": kid})
    assert payload == b'{"hello": "world"}' and checked == header


def test_a_jose_encrypted_bundle_is_opened_by_our_verifier(vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    plain = create_share(vault, prepare(vault, request(holder_id)), tmp_path / "b.zip").path.read_bytes()
    pub, priv = jose_generate_ec()
    header = {"alg": "ECDH-ES+A256KW", "enc": "A256GCM", "cty": "application/zip", "kid": jose_thumbprint(pub)}
    token = jose_encrypt(plain, pub, header)
    result = verify_bytes(token.encode("ascii"), decrypt_key=priv)
    assert result.ok, result.lines()
    assert not verify_bytes(token.encode("ascii"), decrypt_key=jose_generate_ec()[1]).ok


def test_a_jose_signed_health_card_is_verified_by_our_connector(vault: Vault, tmp_path: Path) -> None:
    fill_emergency(vault)
    card = shc.holder_card(vault, gather(vault))
    assert card.jws is not None
    _header, payload = shc_payload(card.jws, shc.public_jwks(holder_key(vault)))
    pub, priv = jose_generate_ec()
    kid = jose_thumbprint(pub)
    payload["iss"] = "https://issuer.example.org"
    payload["nbf"] = int(datetime.now(UTC).timestamp()) - 60
    deflater = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = deflater.compress(json.dumps(payload, separators=(",", ":")).encode()) + deflater.flush()
    token = jose_sign(raw, priv, {"alg": "ES256", "zip": "DEF", "kid": kid})
    path = tmp_path / "card.smart-health-card"
    path.write_text(json.dumps({"verifiableCredential": [token]}), encoding="utf-8")
    jwks = {"keys": [{**pub, "kid": kid, "use": "sig", "alg": "ES256"}]}
    ctx = ImportContext(options={"jwks": jwks})
    records = [r for r in SmartHealthCardConnector().read(Source(path), ctx) if isinstance(r, Record)]
    assert records
    verification = records[0].provenance.verification
    assert verification is not None and verification["signature"] == "valid", verification
