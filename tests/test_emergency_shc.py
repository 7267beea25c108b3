"""The self-issued SMART Health Card and the plain-text QR code of the emergency record (issue 13, points 4 and 5).

Checked with tools this project did not write (tests/independent.py): the official FHIR R4
JSON schema and R4 invariants (node, fhirpath), node ``jose`` for the signature, and the PDF
rendered at 150 dpi by ``pdftoppm`` read by both ``zbarimg`` and ``zxing-cpp``.  Each of those
skips, saying why, when its tool is missing.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from independent import (
    decode_qr_zbar,
    decode_qr_zxing,
    fhir_r4_errors,
    jose_thumbprint,
    jose_verify_jwks,
    render_pdf_page,
)

from wallet.features import medical_id as mid
from wallet.features.emergency import critical, printout, qr, shc
from wallet.features.emergency import pdf as pdfmod
from wallet.features.emergency.content import EmergencyItem, EmergencySummary, Reaction, Section, gather
from wallet.store import audit as audit_mod
from wallet.store.keys import KdfParams
from wallet.store.signing_keys import holder_key
from wallet.store.vault import Vault

PASSPHRASE = "correct horse battery staple"


def peanut_and_epipen(vault: Vault) -> None:
    """The issue's example: a peanut allergy (hives, moderate) and an epinephrine auto-injector."""
    mid.save(
        vault,
        vault.holder().id,
        mid.MedicalId(
            allergies=[mid.Allergy(substance="Peanut", severity="moderate", reaction="hives")],
            medications=[
                mid.Medication(name="Metformin", dose="500 mg twice a day"),
                mid.Medication(name="Epinephrine auto-injector", dose="0.3 mg into the outer thigh"),
            ],
            conditions=[mid.Condition(name="Type 2 diabetes")],
            contacts=[mid.EmergencyContact(name="김민수", phone="010-1234-5678", relationship="아들")],
        ),
    )


def card_payload(jws: str) -> dict[str, Any]:
    body = jws.split(".")[1]
    data: dict[str, Any] = json.loads(zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)), -15))
    return data


def resources(jws: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in card_payload(jws)["vc"]["credentialSubject"]["fhirBundle"]["entry"]]


def pdf_text(pdf: bytes, tmp_path: Path, first_page_only: bool = False) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed (poppler-utils; python3 dev.py test installs it as root)")
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    pages = ["-f", "1", "-l", "1"] if first_page_only else []
    out = subprocess.run(["pdftotext", "-layout", *pages, str(path), "-"], check=True, capture_output=True, timeout=120)
    return out.stdout.decode("utf-8")


def decoded_at_150_dpi(pdf: bytes, tmp_path: Path, name: str) -> tuple[list[str], list[str]]:
    """The QR texts on the PDF's first page at 150 dpi: (zbar's, ZXing's), each sorted."""
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(pdf)
    png = render_pdf_page(path, dpi=150, out_dir=tmp_path)
    return sorted(decode_qr_zbar(png)), sorted(decode_qr_zxing(png))


@pytest.fixture
def epipen_vault(vault: Vault) -> Vault:
    peanut_and_epipen(vault)
    return vault


# ----------------------------------------------------------------------------- what the card says
def test_the_card_says_exactly_what_was_recorded(epipen_vault: Vault, tmp_path: Path) -> None:
    prepared = printout.prepare(epipen_vault, lang="ko", with_shc=True)
    jws = prepared.rendered.shc_jws
    assert jws is not None
    found = resources(jws)
    allergies = [r for r in found if r["resourceType"] == "AllergyIntolerance"]
    assert len(allergies) == 1
    peanut = allergies[0]
    assert peanut["code"] == {"text": "Peanut"}
    # moderate is the severity of the reaction, not a criticality ("low" was made up)
    assert "criticality" not in peanut
    assert peanut["reaction"] == [{"manifestation": [{"text": "hives"}], "severity": "moderate"}]
    meds = {r["medicationCodeableConcept"]["text"]: r for r in found if r["resourceType"] == "MedicationStatement"}
    assert set(meds) == {"Metformin", "Epinephrine auto-injector"}
    assert meds["Epinephrine auto-injector"]["dosage"] == [{"text": "0.3 mg into the outer thigh"}]
    assert [r["code"]["text"] for r in found if r["resourceType"] == "Condition"] == ["Type 2 diabetes"]
    assert card_payload(jws)["vc"]["credentialSubject"]["fhirVersion"] == "4.0.1"
    assert prepared.shc_left_out == 0

    # the paper and the plain-text QR say the same: severity in both languages, the reaction, the pen
    plain = prepared.rendered.plain_text
    assert "Peanut (중등도/moderate; hives)" in plain
    assert "Epinephrine auto-injector 0.3 mg" in plain
    text = pdf_text(prepared.pdf, tmp_path)
    assert "Peanut" in text and "중등도 / moderate" in text and "hives" in text
    assert "Epinephrine auto-injector" in text
    assert "This code holds every item on this page" in text


@pytest.mark.slow
def test_the_card_is_valid_fhir_r4_as_an_independent_checker_sees_it(epipen_vault: Vault) -> None:
    card = shc.holder_card(epipen_vault, gather(epipen_vault))
    assert card.jws is not None
    bundle = card_payload(card.jws)["vc"]["credentialSubject"]["fhirBundle"]
    assert fhir_r4_errors(bundle) == []
    # and the checker does see the R4 rule the card once broke
    broken = json.loads(json.dumps(bundle))
    allergy = next(e["resource"] for e in broken["entry"] if e["resource"]["resourceType"] == "AllergyIntolerance")
    del allergy["clinicalStatus"]
    assert any("ait-1" in e for e in fhir_r4_errors(broken))


def test_every_kind_of_item_is_valid_r4_and_minimised() -> None:
    items = [
        EmergencyItem(id="name", section=Section.NAME, text="Kim Minji"),
        EmergencyItem(id="birth-date", section=Section.BIRTH_DATE, text="1990-01-02"),
        EmergencyItem(id="sex", section=Section.SEX, text="female", term_key="sex_female"),
        EmergencyItem(id="blood-type", section=Section.BLOOD_TYPE, text="A+"),
        EmergencyItem(
            id="a1",
            section=Section.ALLERGIES,
            text="Penicillin",
            severity="high",
            criticality="high",
            verification_status="confirmed",
            code_system="http://snomed.info/sct",
            code="764146007",
            reactions=[Reaction(manifestations=["Anaphylaxis", "Hives"], severity="severe")],
        ),
        EmergencyItem(id="a2", section=Section.ALLERGIES, text="Latex", severity="mild"),
        EmergencyItem(id="p1", section=Section.PROBLEMS, text="Asthma", clinical_status="recurrence"),
        EmergencyItem(id="m1", section=Section.MEDICATIONS, text="Warfarin", detail="5 mg"),
        EmergencyItem(id="d1", section=Section.DEVICES, text="Pacemaker"),
        EmergencyItem(id="i1", section=Section.IMMUNIZATIONS, text="Influenza"),
        EmergencyItem(id="i2", section=Section.IMMUNIZATIONS, text="Tetanus", when=date(2020, 1, 1)),
        EmergencyItem(id="c1", section=Section.CONTACTS, text="Kim", phone="010-0000-0000"),
    ]
    bundle = shc.fhir_bundle(EmergencySummary(person_id="p", made_on=date(2026, 1, 1), items=items))
    assert fhir_r4_errors(bundle) == []
    found = [e["resource"] for e in bundle["entry"]]
    assert [e["fullUrl"] for e in bundle["entry"]] == [f"resource:{n}" for n in range(len(found))]
    text = json.dumps(bundle)
    for forbidden in ('"id"', '"meta"', '"text": {', '"display"'):  # SHC minimisation
        assert forbidden not in text
    penicillin, latex = (r for r in found if r["resourceType"] == "AllergyIntolerance")
    assert penicillin["criticality"] == "high"
    assert penicillin["verificationStatus"]["coding"][0]["code"] == "confirmed"
    assert penicillin["reaction"][0]["severity"] == "severe"
    assert [m["text"] for m in penicillin["reaction"][0]["manifestation"]] == ["Anaphylaxis", "Hives"]
    # a severity with no reaction written down: said in a note, not turned into a criticality
    assert "criticality" not in latex and "reaction" not in latex
    assert latex["note"] == [{"text": "severity of reactions as recorded: mild"}]
    condition = next(r for r in found if r["resourceType"] == "Condition")
    assert condition["clinicalStatus"]["coding"][0]["code"] == "recurrence"
    flu = next(r for r in found if r["resourceType"] == "Immunization" and r["vaccineCode"]["text"] == "Influenza")
    assert "occurrenceDateTime" not in flu and flu["occurrenceString"]


# ----------------------------------------------------------------------------- what fits, and what is said
def _crowded() -> EmergencySummary:
    items = [EmergencyItem(id="name", section=Section.NAME, text="Hong Gildong")]
    items += [
        EmergencyItem(id=f"a{n}", section=Section.ALLERGIES, text=f"Allergen number {n}", severity="moderate")
        for n in range(4)
    ]
    items += [
        EmergencyItem(id=f"p{n}", section=Section.PROBLEMS, text=f"Problem {n} with a fairly long name")
        for n in range(8)
    ]
    items += [
        EmergencyItem(
            id=f"m{n}", section=Section.MEDICATIONS, text=f"Ordinary tablet {n} " * 2, detail="1 tablet daily"
        )
        for n in range(25)
    ]
    # recorded last: they must still be in
    items += [
        EmergencyItem(id="m-epi", section=Section.MEDICATIONS, text="EpiPen", detail="0.3 mg"),
        EmergencyItem(id="m-warf", section=Section.MEDICATIONS, text="Warfarin", detail="5 mg"),
        EmergencyItem(id="m-ins", section=Section.MEDICATIONS, text="Insulin glargine", detail="20 units"),
        EmergencyItem(id="m-lev", section=Section.MEDICATIONS, text="Levetiracetam", detail="500 mg"),
    ]
    items += [
        EmergencyItem(id=f"i{n}", section=Section.IMMUNIZATIONS, text=f"Vaccine {n}", when=date(2024, 1, 1 + n))
        for n in range(8)
    ]
    items.append(EmergencyItem(id="c1", section=Section.CONTACTS, text="김민수", phone="010-1234-5678"))
    return EmergencySummary(person_id="p", made_on=date(2026, 1, 15), items=items)


@pytest.mark.slow
def test_a_crowded_card_takes_items_in_the_stated_priority(tmp_path: Path) -> None:
    from joserfc.jwk import ECKey

    key = ECKey.generate_key("P-256")
    summary = _crowded()
    card = shc.make_card(summary, key, "kid-1")
    assert card.jws is not None and shc.fits(card.jws)
    left = {i.id for i in card.left_out_items}
    assert left and card.left_out == len(left)
    inside = {i.id for i in summary.items} - left
    # allergies, then the medications that matter in an emergency, then active problems
    for must in ["a0", "a1", "a2", "a3", "m-epi", "m-warf", "m-ins", "m-lev", *[f"p{n}" for n in range(8)]]:
        assert must in inside, must
    assert all(i.section in (Section.MEDICATIONS, Section.IMMUNIZATIONS, Section.CONTACTS) for i in card.left_out_items)
    meds = {r["medicationCodeableConcept"]["text"] for r in resources(card.jws) if "medicationCodeableConcept" in r}
    assert {"EpiPen", "Warfarin", "Insulin glargine", "Levetiracetam"} <= meds

    # the page says what the code leaves out, next to it
    beside = shc.beside_lines(card, "en")
    assert any(line.startswith("Not in this code, only on paper") for line in beside)
    rendered = pdfmod.render(summary, "a4", "en", shc_jws=card.jws, shc_beside=beside)
    text = re.sub(r"\s+", " ", pdf_text(rendered.data, tmp_path))
    assert "Not in this code, only on paper" in text
    first_left = next(i for i in card.left_out_items)
    assert first_left.text.strip()[:15] in text


@pytest.mark.parametrize("budget", [qr.MAX_PLAIN_BYTES, pdfmod.CARD_QR_BYTES])
def test_plain_text_never_hides_an_emergency_medication_behind_plus_n(budget: int) -> None:
    text = qr.plain_text(_crowded(), "en", budget)
    assert len(text.encode("utf-8")) <= budget
    meds_line = next(line for line in text.split("\n") if line.startswith("Meds/약:"))
    for name in ("EpiPen", "Warfarin", "Insulin", "Levetiracetam"):
        assert name in meds_line, (name, meds_line)
    assert re.search(r"\+\d+", meds_line)  # the ordinary tablets are what is counted, not shown
    # first, in the order they were recorded
    assert meds_line.index("EpiPen") < meds_line.index("Warfarin") < meds_line.index("Levetiracetam")
    assert "Ordinary" not in meds_line or meds_line.index("Levetiracetam") < meds_line.index("Ordinary")


def test_severity_is_readable_in_both_languages_whichever_comes_first() -> None:
    summary = EmergencySummary(
        person_id="p",
        made_on=date(2026, 1, 1),
        items=[
            EmergencyItem(id="a1", section=Section.ALLERGIES, text="Peanut", severity="moderate", detail="hives"),
            EmergencyItem(id="a2", section=Section.ALLERGIES, text="Penicillin", severity="high"),
        ],
    )
    ko = qr.plain_text(summary, "ko")
    en = qr.plain_text(summary, "en")
    assert "Peanut (중등도/moderate; hives)" in ko and "Penicillin (고위험/HIGH RISK)" in ko
    assert "Peanut (moderate/중등도; hives)" in en and "Penicillin (HIGH RISK/고위험)" in en


def test_the_wallet_card_lists_the_auto_injector_even_when_shortened(tmp_path: Path) -> None:
    rendered = pdfmod.render(_crowded(), "card", "en")
    text = pdf_text(rendered.data, tmp_path)
    for name in ("EpiPen", "Warfarin", "Insulin glargine", "Levetiracetam"):
        assert name in text
    assert "more on the full page" in text  # the ordinary tablets are shortened, not these


def test_on_a_crowded_full_page_the_emergency_medications_are_on_the_first_page(tmp_path: Path) -> None:
    summary = _crowded()
    more = [
        EmergencyItem(id=f"x{n}", section=Section.MEDICATIONS, text=f"Extra tablet {n}", detail="1 daily")
        for n in range(40)
    ]
    # the emergency ones were recorded last, after every other medication
    meds = [i for i in summary.items if i.section == Section.MEDICATIONS]
    others = [i for i in summary.items if i.section != Section.MEDICATIONS]
    summary = summary.model_copy(update={"items": others + more + meds})
    rendered = pdfmod.render(summary, "a4", "en")
    first = pdf_text(rendered.data, tmp_path, first_page_only=True)
    assert "continued on the next page" in first  # crowded indeed
    for name in ("EpiPen", "Warfarin", "Insulin glargine", "Levetiracetam"):
        assert name in first
    assert first.index("EpiPen") < first.index("Extra tablet 0")


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("Epinephrine auto-injector", "epinephrine"),
        ("EpiPen 0.3 mg", "epinephrine"),
        ("에피펜", "epinephrine"),
        ("와파린정 5mg", "anticoagulant"),
        ("Eliquis", "anticoagulant"),
        ("Clopidogrel 75 mg", "anticoagulant"),
        ("insulin lispro", "insulin"),
        ("Sodium valproate", "antiepileptic"),
        ("레베티라세탐", "antiepileptic"),
        ("Metformin", None),
        ("Heparinoid cream", None),
        ("Gabapentin", None),
    ],
)
def test_which_medications_matter_in_an_emergency(text: str, group: str | None) -> None:
    item = EmergencyItem(id="m", section=Section.MEDICATIONS, text=text)
    assert critical.emergency_group(item) == group


def test_atc_codes_are_recognised_too() -> None:
    coded = EmergencyItem(
        id="m", section=Section.MEDICATIONS, text="Brand X", code_system="http://www.whocc.no/atc", code="B01AF01"
    )
    pregabalin = coded.model_copy(update={"code": "N03AX16"})
    assert critical.emergency_group(coded) == "anticoagulant"
    assert critical.emergency_group(pregabalin) is None


# ----------------------------------------------------------------------------- QR codes at 150 dpi
@pytest.mark.parametrize("fmt", ["a4", "letter", "card"])
@pytest.mark.slow
def test_both_qr_codes_read_at_150_dpi_with_zbar_and_zxing(epipen_vault: Vault, tmp_path: Path, fmt: str) -> None:
    prepared = printout.prepare(epipen_vault, fmt=fmt, lang="ko", with_shc=True)  # type: ignore[arg-type]
    assert prepared.rendered.shc_jws is not None
    expected = sorted([prepared.rendered.plain_text, "shc:/" + qr.shc_numeric(prepared.rendered.shc_jws)])
    zbar, zxing = decoded_at_150_dpi(prepared.pdf, tmp_path, fmt)
    assert zbar == expected
    assert zxing == expected


@pytest.mark.parametrize("version", [9, 10, 20, 22, 27])
def test_the_size_limit_agrees_with_the_qr_encoder(version: int) -> None:
    longest = shc.max_jws_chars(version)
    assert qr.shc_qr("A" * longest).version == version
    assert qr.shc_qr("A" * (longest + 1)).version == version + 1
    if version == 22:
        assert longest == shc.MAX_JWS  # the SMART Health Cards framework's single-QR limit


@pytest.mark.parametrize("fmt", ["a4", "card"])
@pytest.mark.slow
def test_the_largest_codes_still_read_at_150_dpi(tmp_path: Path, fmt: str) -> None:
    """The plain text at its byte budget and the card at its largest version: the hardest case."""
    from joserfc.jwk import ECKey

    summary = _crowded()
    card = shc.make_card(summary, ECKey.generate_key("P-256"), "kid-1")
    assert card.jws is not None
    assert qr.shc_qr(card.jws).version >= shc.MAX_VERSION - 1  # crowded: it fills the code
    rendered = pdfmod.render(summary, fmt, "ko", shc_jws=card.jws, shc_beside=shc.beside_lines(card, "ko"))  # type: ignore[arg-type]
    budget = pdfmod.CARD_QR_BYTES if fmt == "card" else qr.MAX_PLAIN_BYTES
    assert len(rendered.plain_text.encode("utf-8")) > budget - 60  # near its budget
    expected = sorted([rendered.plain_text, "shc:/" + qr.shc_numeric(card.jws)])
    zbar, zxing = decoded_at_150_dpi(rendered.data, tmp_path, fmt)
    assert zbar == expected
    assert zxing == expected


# ----------------------------------------------------------------------------- the issuer key
def test_the_card_names_the_holders_iss_and_verifies_with_the_exported_key(epipen_vault: Vault, tmp_path: Path) -> None:
    shc.set_issuer_url(epipen_vault, "https://storage.example-cloud.com/kim/shc")
    prepared = printout.prepare(epipen_vault, lang="en", with_shc=True)
    jws = prepared.rendered.shc_jws
    assert jws is not None
    assert card_payload(jws)["iss"] == "https://storage.example-cloud.com/kim/shc"
    jwks = shc.public_jwks(holder_key(epipen_vault))
    assert all("d" not in k for k in jwks["keys"])
    # checked by node jose, against the JWKS a verifier would fetch
    verified = jose_verify_jwks(jws, jwks, ["ES256"])
    assert verified["header"]["kid"] == jwks["keys"][0]["kid"] == jose_thumbprint(jwks["keys"][0])
    assert json.loads(zlib.decompress(verified["payload"], -15)) == card_payload(jws)
    text = re.sub(r"\s+", " ", pdf_text(prepared.pdf, tmp_path))
    assert "https://storage.example-cloud.com/kim/shc/.well-known/jwks.json" in text
    assert shc.fingerprint(jwks["keys"][0]["kid"]) in text


def test_without_an_iss_the_page_says_the_key_is_not_published(epipen_vault: Vault, tmp_path: Path) -> None:
    prepared = printout.prepare(epipen_vault, lang="en", with_shc=True)
    jws = prepared.rendered.shc_jws
    assert jws is not None
    kid = json.loads(base64.urlsafe_b64decode(jws.split(".")[0] + "==="))["kid"]
    assert card_payload(jws)["iss"] == shc.ISSUER_PREFIX + kid
    text = re.sub(r"\s+", " ", pdf_text(prepared.pdf, tmp_path))
    assert "Key not published online" in text
    assert shc.fingerprint(kid) in text
    assert any("not published" in n for n in prepared.notes)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/shc",
        "https://example.org/shc/",
        "https://example.org/shc?x=1",
        "https://example.org/shc#k",
        "https://me.invalid/shc",
        "https://localhost/shc",
        "not a url",
        "https:///nohost",
    ],
)
def test_an_unusable_iss_is_refused(url: str) -> None:
    with pytest.raises(shc.IssuerUrlError):
        shc.check_iss(url)


# ----------------------------------------------------------------------------- CLI
@pytest.fixture
def closed_vault(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "vault"
    v, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    try:
        peanut_and_epipen(v)
    finally:
        v.close()
    yield folder


def _cli(folder: Path, args: list[str], answer: str | None = None) -> tuple[int, str, str]:
    """``mydata-wallet emergency ARGS`` through ``main`` (which turns errors into one line and an exit code)."""
    from wallet.cli import main

    env = {"MYDATA_WALLET_VAULT": str(folder), "MYDATA_WALLET_PASSPHRASE": PASSPHRASE}
    with CliRunner().isolation(input=answer, env=env) as (out, err, _both):
        try:
            main(["emergency", *args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        return code, out.getvalue().decode("utf-8"), err.getvalue().decode("utf-8")


@pytest.mark.slow
def test_cli_issuer_key_exports_the_public_key_and_keeps_the_iss(closed_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "jwks.json"
    code, stdout, _ = _cli(closed_vault, ["issuer-key", "--out", str(out)])
    assert code == 0, stdout
    jwks = json.loads(out.read_text("utf-8"))
    (key,) = jwks["keys"]
    assert set(key) == {"kty", "crv", "x", "y", "kid", "alg", "use"}  # no private part
    assert key["kid"] == jose_thumbprint(key)
    assert shc.fingerprint(key["kid"]) in stdout and "no issuer URL set" in stdout

    code, stdout, _ = _cli(closed_vault, ["issuer-key", "--out", str(out), "--iss", "https://files.example.net/kim"])
    assert code == 0
    assert "https://files.example.net/kim/.well-known/jwks.json" in stdout
    with Vault.open(closed_vault, PASSPHRASE) as v:
        assert shc.issuer_url(v) == "https://files.example.net/kim"
        assert "emergency.issuer_key" in [e["action"] for e in audit_mod.entries(v.conn, limit=5)]

    pdf = tmp_path / "card.pdf"
    code, _, _ = _cli(closed_vault, ["--out", str(pdf), "--with-shc"], "approve\n")
    assert code == 0
    png = render_pdf_page(pdf, dpi=150, out_dir=tmp_path)
    cards = [t for t in decode_qr_zxing(png) if t.startswith("shc:/")]
    assert len(cards) == 1
    digits = cards[0][len("shc:/") :]
    jws = "".join(chr(int(digits[i : i + 2]) + 45) for i in range(0, len(digits), 2))
    assert card_payload(jws)["iss"] == "https://files.example.net/kim"
    assert jose_verify_jwks(jws, jwks, ["ES256"])["header"]["kid"] == key["kid"]

    code, stdout, _ = _cli(closed_vault, ["issuer-key", "--out", str(out), "--forget-iss"])
    assert code == 0 and "no issuer URL set" in stdout
    with Vault.open(closed_vault, PASSPHRASE) as v:
        assert shc.issuer_url(v) is None


def test_cli_a_bad_iss_is_one_readable_error_and_changes_nothing(closed_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "jwks.json"
    code, stdout, stderr = _cli(closed_vault, ["issuer-key", "--out", str(out), "--iss", "http://plain.example.net/x"])
    assert code == 1
    assert stderr.strip().count("\n") == 0 and "https://" in stderr and "Traceback" not in stderr + stdout
    assert not out.exists()
    with Vault.open(closed_vault, PASSPHRASE) as v:
        assert shc.issuer_url(v) is None


def test_cli_printing_still_needs_out(closed_vault: Path) -> None:
    code, _, stderr = _cli(closed_vault, ["--with-shc"], "approve\n")
    assert code == 2 and "--out" in stderr
