"""Emergency record printout: gathering, QR payloads, PDF text and QR decoding, consent and audit.

The PDF checks use poppler-utils (pdftotext, pdftoppm, pdffonts) and zbar-tools
(zbarimg); those tests skip, saying so, only when the tools are absent.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DEMO

from wallet.features import medical_id as mid
from wallet.features.emergency import pdf as pdfmod
from wallet.features.emergency import printout, qr, shc
from wallet.features.emergency.content import EmergencyItem, EmergencySummary, Section, gather, render_text
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store import audit as audit_mod
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

# Patricia JORDANA: becomes the holder
ALL_SECTIONS = Path(__file__).parent / "fixtures" / "fhir-ips" / "Bundle-bundle-ips-all-sections.json"
BUNDLE_01 = DEMO / "Bundle-IPS-examples-Bundle-01.json"  # Martha DeLarosa: someone the holder cares for
PASSPHRASE = "correct horse battery staple"
TOOLS = ("pdftotext", "pdftoppm", "zbarimg", "pdffonts", "pdfinfo")
missing_tools = [t for t in TOOLS if shutil.which(t) is None]
needs_tools = pytest.mark.skipif(
    bool(missing_tools),
    reason=f"needs {', '.join(missing_tools)} (apt-get install poppler-utils zbar-tools) to read the PDF back",
)


def fill(vault: Vault) -> None:
    """A new user's vault: two IPS samples imported, and a Korean allergy and contact entered by hand."""
    for path in (ALL_SECTIONS, BUNDLE_01):
        report = import_source(vault, Source(path))
        assert report.error is None, report.summary()
    holder = vault.holder()
    mid.save(
        vault,
        holder.id,
        mid.MedicalId(
            allergies=[mid.Allergy(substance="페니실린", severity="severe", reaction="두드러기")],
            contacts=[mid.EmergencyContact(name="김민수", phone="010-1234-5678", relationship="아들")],
            organ_donor=True,
            preferred_language="한국어",
        ),
    )


@pytest.fixture
def filled(vault: Vault) -> Vault:
    fill(vault)
    return vault


def other_person(vault: Vault) -> str:
    return next(p.id for p in vault.persons() if not p.is_holder)


# ----------------------------------------------------------------------------- content
def test_summary_of_the_holder_has_imported_and_hand_entered_items(filled: Vault) -> None:
    s = gather(filled, today=date(2025, 1, 15))
    assert s.single(Section.NAME).text == "Patricia JORDANA"
    assert s.single(Section.BIRTH_DATE).text == "1956-09-30"
    allergies = s.section(Section.ALLERGIES)
    # the hand-entered severe allergy comes first, the imported one is kept beside it
    assert [a.text for a in allergies] == ["페니실린", "Penicillin"]
    assert allergies[0].source == "manual" and allergies[0].severity == "severe" and allergies[0].critical
    assert allergies[1].source == "imported"
    problems = {p.text for p in s.section(Section.PROBLEMS)}
    assert problems == {"Essential hypertension", "Gout", "Impaired Mobility"}  # "Fever" is resolved
    meds = [m.text for m in s.section(Section.MEDICATIONS)]
    assert "lisinopril 5 mg tablet" in meds
    assert not any("cilazapril" in m for m in meds)  # stopped
    lisinopril = next(m for m in s.section(Section.MEDICATIONS) if m.text.startswith("lisinopril"))
    assert lisinopril.detail == "Take One tablet once daily"
    assert [d.text for d in s.section(Section.DEVICES)] == ["Hip prosthesis, device"]
    contacts = s.section(Section.CONTACTS)
    assert (contacts[0].text, contacts[0].phone) == ("김민수", "010-1234-5678")
    assert ("Vincent JORDANA", "21884820") in {(c.text, c.phone) for c in contacts}
    assert [d.text for d in s.section(Section.DIRECTIVES)] == ["Not for resuscitation"]
    immunizations = s.section(Section.IMMUNIZATIONS)
    assert immunizations and len({i.code for i in immunizations}) == len(immunizations)  # one per vaccine
    assert [i.when for i in immunizations] == sorted((i.when for i in immunizations), reverse=True)
    assert s.single(Section.ORGAN_DONATION).term_key == "yes"
    assert s.single(Section.LANGUAGE).term_key == "lang_ko"
    assert len({i.id for i in s.items}) == len(s.items)


def test_medication_reference_resolved_and_dose_from_quantity(filled: Vault) -> None:
    s = gather(filled, other_person(filled))
    assert s.single(Section.NAME).text == "Martha DeLarosa"
    meds = {m.text: m.detail for m in s.section(Section.MEDICATIONS)}
    assert meds["anastrozole"] == "1 tablet, 1×/d"
    assert "Black Cohosh Extract herbal supplement" in meds
    assert s.single(Section.BLOOD_TYPE).text == "A+"
    contact = s.section(Section.CONTACTS)[0]
    assert (contact.text, contact.phone, contact.detail_key) == ("Martha Mum", "+33-555-20036", "rel_MTH")
    # the "no known food allergy" statement is not shown beside a real allergy
    assert [a.text for a in s.section(Section.ALLERGIES)] == [
        "Substance with penicillin structure and antibacterial mechanism of action"
    ]


def test_hand_entered_blood_type_wins_unless_told_otherwise(filled: Vault) -> None:
    pid = other_person(filled)
    mid.save(filled, pid, mid.MedicalId(blood_type="B-"))
    assert gather(filled, pid).single(Section.BLOOD_TYPE).text == "B-"
    assert gather(filled, pid, prefer_manual=False).single(Section.BLOOD_TYPE).text == "A+"


def test_empty_sections_say_not_recorded_never_none_known(vault: Vault) -> None:
    # nothing recorded is not a statement that there is nothing: never "none known"
    s = gather(vault)
    text = render_text(s, "ko")
    assert "알레르기 및 과민 반응 / Allergies and intolerances:\n    기록 없음 / not recorded" in text
    assert "혈액형 / Blood type: 기록 없음 / not recorded" in text
    assert "비상 연락처 / Emergency contacts:\n    기록 없음 / not recorded" in text
    for lang in ("ko", "en"):
        assert "none known" not in render_text(s, lang) and "알려진 것 없음" not in render_text(s, lang)
    plain = qr.plain_text(s, "en")
    assert "ALLERGIES/알레르기: not recorded/기록 없음" in plain
    assert "ICE/비상연락: not recorded/기록 없음" in plain  # English too, not Korean only
    assert "none known" not in plain and "알려진 것 없음" not in plain


def test_leaving_items_out(filled: Vault) -> None:
    s = gather(filled)
    penicillin = next(i for i in s.section(Section.ALLERGIES) if i.text == "Penicillin")
    smaller = s.without([penicillin.id, "sex"])
    assert penicillin.id not in {i.id for i in smaller.items}
    assert smaller.single(Section.SEX) is None
    assert smaller.excluded == [penicillin.id, "sex"]
    assert len(smaller.items) == len(s.items) - 2
    with pytest.raises(KeyError):
        s.without(["no-such-item"])
    with pytest.raises(printout.UnknownItem):
        printout.prepare(filled, exclude=["no-such-item"])


# ----------------------------------------------------------------------------- QR payloads
def _big_summary() -> EmergencySummary:
    items = [EmergencyItem(id="name", section=Section.NAME, text="홍길동 Very-Long-Family-Name")]
    items += [
        EmergencyItem(
            id=f"a{n}",
            section=Section.ALLERGIES,
            text=f"알레르기 물질 번호 {n} with a long name",
            severity="high" if n == 0 else None,
        )
        for n in range(15)
    ]
    items += [EmergencyItem(id=f"p{n}", section=Section.PROBLEMS, text=f"Problem {n} " * 5) for n in range(20)]
    items += [
        EmergencyItem(id=f"m{n}", section=Section.MEDICATIONS, text=f"약 {n} " * 6, detail="1 tablet twice a day")
        for n in range(20)
    ]
    items.append(EmergencyItem(id="c1", section=Section.CONTACTS, text="김민수", phone="010-1234-5678"))
    return EmergencySummary(person_id="p", made_on=date(2025, 1, 15), items=items)


@pytest.mark.parametrize("budget", [600, 360])
def test_plain_text_stays_under_budget_and_keeps_allergies_and_contact(budget: int) -> None:
    text = qr.plain_text(_big_summary(), "ko", budget)
    assert len(text.encode("utf-8")) <= budget
    assert "ALLERGIES/알레르기: 알레르기 물질" in text  # the first allergy survives, maybe shortened
    assert "010-1234-5678" in text
    assert "(고위험/HIGH RISK)" in text  # severity in both languages, not only the first one


@pytest.mark.parametrize("sep", ["\n", "\r\n", "\r", "\u2028", "\u2029", "\x0b", "\x0c", "\x85", "\x1e"])
def test_a_line_break_in_a_value_cannot_forge_a_line(sep: str) -> None:
    # issue 14: a medication name "x\nAllergies: none" printed a line of its own on the card
    forged = f"aspirin{sep}알레르기 및 과민 반응 / Allergies and intolerances: none known"
    items = [
        EmergencyItem(id="name", section=Section.NAME, text=f"Hong{sep}Blood type: O+"),
        EmergencyItem(id="m1", section=Section.MEDICATIONS, text=forged, detail=f"1 tablet{sep}"),
        EmergencyItem(id="c1", section=Section.CONTACTS, text="Kim", phone=f"010{sep}ALLERGIES: none"),
        EmergencyItem(id="d1", section=Section.BIRTH_DATE, text=f"1950-01-01{sep}ALLERGIES: none"),
    ]
    summary = EmergencySummary(person_id="p", made_on=date(2025, 1, 15), items=items)
    for lang in ("ko", "en"):
        lines = render_text(summary, lang).split("\n")
        # the forged words appear only inside the line of the value that carried them
        assert [line for line in lines if "none known" in line] == [
            line for line in lines if line.startswith("  - aspirin / 알레르기 및 과민 반응")
        ]
        assert len([line for line in lines if "O+" in line]) == 1
        assert not any(ch in line for line in lines for ch in "\r\u2028\u2029\x0b\x0c\x85\x1e")
        assert any(line.startswith("  - aspirin / 알레르기 및 과민 반응") for line in lines), lines
        assert any(": Hong / Blood type: O+" in line for line in lines), lines
    plain = qr.plain_text(summary, "en").split("\n")
    assert not any(line.startswith(("ALLERGIES: none", "Allergies", "알레르기 및", "Blood")) for line in plain), plain
    assert not any(ch in line for line in plain for ch in "\r\u2028\u2029\x0b\x0c\x85\x1e")


@pytest.mark.parametrize("fmt", ["a4", "card"])
def test_a_line_break_in_a_value_cannot_forge_a_line_of_the_pdf(fmt: str) -> None:
    # the PDF shows a line break inside a value as " / " like the plain text (one_line), not as a
    # space (reportlab) or "?" (a separator the font lacks), so no value starts a line of its own
    import io

    from pypdf import PdfReader

    seps = ["\n", "\r\n", "\r", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"]
    items = [EmergencyItem(id="name", section=Section.NAME, text="Hong\u2028BLOOD TYPE: O+")]
    items += [
        EmergencyItem(
            id=f"m{n}",
            section=Section.MEDICATIONS,
            text=f"drug{n}{sep}ALLERGIES: none",
            detail=f"1{sep}daily",
        )
        for n, sep in enumerate(seps)
    ]
    items.append(EmergencyItem(id="c1", section=Section.CONTACTS, text="Kim", phone="010\nALLERGIES: none"))
    summary = EmergencySummary(person_id="p", made_on=date(2025, 1, 15), items=items)
    data = pdfmod.render(summary, fmt, "en").data  # type: ignore[arg-type]
    text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    lines = [line.strip() for line in text.splitlines()]
    assert not any(line.startswith(("ALLERGIES: none", "BLOOD TYPE")) for line in lines), lines
    assert "?" not in text and " / " in text
    if fmt == "a4":  # wide enough that no value wraps
        assert "Hong / BLOOD TYPE: O+" in text
        assert "010 / ALLERGIES: none" in text
        for n in range(len(seps)):
            assert f"drug{n} / ALLERGIES: none - 1 / daily" in text, text


def test_shc_numeric_encoding() -> None:
    assert qr.shc_numeric("-.Z") == "000145"
    assert qr.shc_numeric("eyJ") == "567629"  # every SHC QR starts shc:/567629 (the JWS header "{")


def test_shc_card_signed_with_holder_key(filled: Vault) -> None:
    from joserfc import jws as jose_jws
    from joserfc.errors import JoseError
    from joserfc.jwk import ECKey
    from joserfc.jws import JWSRegistry
    from joserfc.registry import HeaderParameter

    from wallet.jose import thumbprint
    from wallet.store.signing_keys import holder_key

    s = gather(filled)
    card = shc.holder_card(filled, s)
    assert card.jws is not None and len(card.jws) <= shc.MAX_JWS and shc.fits(card.jws)
    key = holder_key(filled)
    kid = thumbprint(key.as_dict(private=False))
    public = ECKey.import_key(shc.public_jwks(key)["keys"][0])
    registry = JWSRegistry(header_registry={"zip": HeaderParameter("compression", "str")}, algorithms=["ES256"])
    obj = jose_jws.deserialize_compact(card.jws, public, algorithms=["ES256"], registry=registry)
    assert obj.headers() == {"alg": "ES256", "kid": kid, "zip": "DEF"}
    body = json.loads(zlib.decompress(obj.payload, -15))
    assert body["iss"] == shc.ISSUER_PREFIX + kid
    assert body["vc"]["type"] == ["https://smarthealth.cards#health-card"]
    subject = body["vc"]["credentialSubject"]
    assert subject["fhirVersion"] == "4.0.1"
    resources = [e["resource"] for e in subject["fhirBundle"]["entry"]]
    assert resources[0]["name"] == [{"text": "Patricia JORDANA"}]
    allergies = [r for r in resources if r["resourceType"] == "AllergyIntolerance"]
    # as recorded: the holder wrote a severe reaction (hives), not a criticality (changed: it was "high")
    assert allergies[0]["code"]["text"] == "페니실린" and "criticality" not in allergies[0]
    assert allergies[0]["reaction"] == [{"manifestation": [{"text": "두드러기"}], "severity": "severe"}]
    assert allergies[0]["clinicalStatus"]["coding"][0]["code"] == "active"  # R4 ait-1
    # a tampered payload does not verify (a middle character: all six of its bits are used)
    head, payload, sig = card.jws.split(".")
    swapped = "A" if payload[10] != "A" else "B"
    tampered = f"{head}.{payload[:10]}{swapped}{payload[11:]}.{sig}"
    with pytest.raises(JoseError):
        jose_jws.deserialize_compact(tampered, public, algorithms=["ES256"], registry=registry)


def test_our_own_shc_connector_reads_the_card(filled: Vault, tmp_path: Path) -> None:
    from connectors.shc import SmartHealthCardConnector
    from wallet.imports.connector import ImportContext

    s = gather(filled)
    card = shc.holder_card(filled, s)
    assert card.jws is not None
    path = tmp_path / "card.txt"
    path.write_text("shc:/" + qr.shc_numeric(card.jws), encoding="ascii")
    from wallet.store.signing_keys import holder_key

    ctx = ImportContext(options={"jwks": shc.public_jwks(holder_key(filled))})
    records = [r for r in SmartHealthCardConnector().read(Source(path), ctx) if hasattr(r, "kind")]
    kinds = {r.kind for r in records}
    assert "AllergyIntolerance" in kinds
    allergy = next(r for r in records if r.kind == "AllergyIntolerance")
    verification = allergy.provenance.verification
    assert verification is not None
    assert verification["signature"] == "valid", verification
    assert verification["iss"] == shc.ISSUER_PREFIX + verification["kid"]
    assert allergy.code_display == "페니실린" or "페니실린" in allergy.title


# ----------------------------------------------------------------------------- PDF
def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, timeout=120).stdout.decode("utf-8")


def _qr_texts(pdf_path: Path, tmp_path: Path) -> list[str]:
    """The texts of the QR codes on the PDF's first page, rendered at 300 dpi and read by zbarimg."""
    prefix = tmp_path / "page"
    subprocess.run(
        ["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf_path), str(prefix)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    # --raw (zbar 0.23's --xml garbles non-ASCII bytes in its base64 output); QR codes only: zbar's linear
    # decoders found a barcode "419464" in the printed text of the letter page the day it read "(2026-12-08)"
    out = subprocess.run(
        ["zbarimg", "--quiet", "-Sdisable", "-Sqrcode.enable", "--raw", str(prefix) + ".png"],
        capture_output=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr.decode("utf-8", "replace")
    return _split_symbols(out.stdout.decode("utf-8"))


def _split_symbols(data: str) -> list[str]:
    """zbarimg --raw ends each symbol with a newline; the SHC one is a single ``shc:/`` line.

    Returns the plain-text symbol first, then the SMART Health Card (if any).
    """
    cards = [line for line in data.split("\n") if line.startswith("shc:/")]
    plain = "\n".join(line for line in data.split("\n") if not line.startswith("shc:/")).strip("\n")
    return ([plain] if plain else []) + cards


@needs_tools
@pytest.mark.parametrize("fmt", ["a4", "letter", "card"])
@pytest.mark.slow
def test_pdf_shows_hangul_and_the_qr_decodes(filled: Vault, tmp_path: Path, fmt: str) -> None:
    prepared = printout.prepare(filled, fmt=fmt, lang="ko", with_shc=True)  # type: ignore[arg-type]
    out = printout.export(filled, prepared, tmp_path / f"emergency-{fmt}.pdf")
    text = _run("pdftotext", "-layout", str(out), "-")
    for expected in ("페니실린", "Penicillin", "알레르기", "Allergies", "김민수", "010-1234-5678"):
        assert expected in text, f"{expected!r} missing from the {fmt} PDF text"
    if fmt != "card":
        for expected in (
            "21884820",
            "Hip prosthesis",
            "lisinopril",
            "Not for resuscitation",
            "예 / yes",
            "기록 없음 / not recorded",
        ):
            assert expected in text, f"{expected!r} missing from the {fmt} PDF text"
    fonts = _run("pdffonts", str(out))
    assert "NanumGothic" in fonts
    for line in fonts.splitlines()[2:]:
        assert " yes " in line, f"font not embedded: {line}"
    symbols = _qr_texts(out, tmp_path)
    plain = [s for s in symbols if not s.startswith("shc:/")]
    assert plain == [prepared.rendered.plain_text]
    assert "페니실린" in plain[0] and "Penicillin" in plain[0]
    assert "010-1234-5678" in plain[0]
    assert len(plain[0].encode("utf-8")) <= qr.MAX_PLAIN_BYTES
    cards = [s for s in symbols if s.startswith("shc:/")]
    assert cards == ["shc:/" + qr.shc_numeric(prepared.rendered.shc_jws or "")]
    no_tmp = [p.name for p in tmp_path.iterdir() if p.name.endswith(".part")]
    assert no_tmp == []


@needs_tools
@pytest.mark.slow
def test_english_first_and_an_empty_record(vault: Vault, tmp_path: Path) -> None:
    prepared = printout.prepare(vault, lang="en", fmt="a4")
    out = printout.export(vault, prepared, tmp_path / "empty.pdf")
    text = _run("pdftotext", "-layout", str(out), "-")
    assert "not recorded / 기록 없음" in text
    assert "none known" not in text and "알려진 것 없음" not in text  # nothing recorded is not "none known"
    assert text.index("Emergency medical information") < text.index("응급 의료 정보")
    assert "no SMART Health Card" not in text  # not asked for
    symbols = _qr_texts(out, tmp_path)
    assert symbols == [prepared.rendered.plain_text]
    assert "ALLERGIES/알레르기: not recorded/기록 없음" in symbols[0]
    assert "ICE/비상연락: not recorded/기록 없음" in symbols[0]
    assert "none known" not in symbols[0] and "알려진 것 없음" not in symbols[0]


def test_unprintable_characters_are_replaced() -> None:
    pdfmod.register_fonts()
    assert pdfmod.printable("5 µg") == "5 μg"  # micro sign -> Greek mu, which the font has
    assert pdfmod.printable("페니실린 é") == "페니실린 é"
    assert pdfmod.printable("\U0001f48a") == "?"


def test_write_atomic_refuses_a_missing_folder(tmp_path: Path) -> None:
    from wallet.errors import WalletError

    with pytest.raises(WalletError, match="does not exist"):
        pdfmod.write_atomic(tmp_path / "nope" / "x.pdf", b"%PDF")
    pdfmod.write_atomic(tmp_path / "x.pdf", b"%PDF-1")
    assert (tmp_path / "x.pdf").read_bytes() == b"%PDF-1"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


# ----------------------------------------------------------------------------- CLI: consent and audit
@pytest.fixture
def closed_vault(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "vault"
    v, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    try:
        fill(v)
    finally:
        v.close()
    yield folder


def _cli(folder: Path, args: list[str], answer: str | None) -> tuple[int, str, str]:
    from wallet.cli import cli

    runner = CliRunner()
    env = {"MYDATA_WALLET_VAULT": str(folder), "MYDATA_WALLET_PASSPHRASE": PASSPHRASE}
    result = runner.invoke(cli, ["emergency", *args], input=answer, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _audit(folder: Path) -> list[dict[str, object]]:
    with Vault.open(folder, PASSPHRASE) as v:
        return audit_mod.entries(v.conn, limit=50)


@pytest.mark.slow
def test_cli_writes_only_after_approve_and_audits_counts(closed_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "sheet.pdf"
    code, stdout, _ = _cli(closed_vault, ["--out", str(out), "--with-shc"], "approve\n")
    assert code == 0, stdout
    assert "페니실린" in stdout and "[allergy-m1]" in stdout  # the preview shows items with their ids
    assert out.read_bytes().startswith(b"%PDF")
    entries = [e for e in _audit(closed_vault) if e["action"] == "emergency.print"]
    assert len(entries) == 1
    detail = entries[0]["detail"]
    assert isinstance(detail, dict)
    assert detail["output"] == "pdf" and detail["shc"] is True and detail["format"] == "a4"
    assert detail["counts"]["allergies"] == 2  # type: ignore[index]
    dumped = json.dumps(detail, ensure_ascii=False)
    for secret in ("페니실린", "Penicillin", "JORDANA", "010-1234-5678", "1956", str(out)):
        assert secret not in dumped


@pytest.mark.parametrize("answer", ["no\n", "", "approved\n", "Approve please\n"])
@pytest.mark.slow
def test_cli_anything_but_approve_writes_nothing(closed_vault: Path, tmp_path: Path, answer: str) -> None:
    out = tmp_path / "sheet.pdf"
    code, _stdout, stderr = _cli(closed_vault, ["--out", str(out)], answer)
    assert code == 1
    assert "nothing was written" in stderr
    assert not out.exists()
    assert list(tmp_path.glob("*.part")) == [] and list(tmp_path.glob(".*.part")) == []
    actions = [e["action"] for e in _audit(closed_vault)]
    assert "emergency.print" not in actions and "emergency.cancel" in actions


@pytest.mark.slow
def test_cli_exclude_person_card_and_language(closed_vault: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    with Vault.open(closed_vault, PASSPHRASE) as v:
        pid = other_person(v)
        s = gather(v, pid)
    drop = [i.id for i in s.section(Section.MEDICATIONS)]
    code, stdout, _ = _cli(
        closed_vault,
        ["--out", str(out), "--person", pid, "--format", "card", "--lang", "en", "--exclude", ",".join(drop)],
        "approve\n",
    )
    assert code == 0
    assert "Martha DeLarosa" in stdout
    assert "anastrozole" not in stdout
    n = len(drop)
    assert (
        f"Current medications / 복용 중인 약:\n    {n} item(s) left out by the holder / 작성자가 {n}개 항목을" in stdout
    )
    assert "none known" not in stdout
    detail = next(e for e in _audit(closed_vault) if e["action"] == "emergency.print")["detail"]
    assert detail["excluded"] == len(drop) and detail["lang"] == "en"  # type: ignore[index]


def test_cli_unknown_exclude_is_one_readable_error(closed_vault: Path, tmp_path: Path) -> None:
    from wallet.cli import main

    out = tmp_path / "x.pdf"
    import os

    old = dict(os.environ)
    os.environ.update({"MYDATA_WALLET_VAULT": str(closed_vault), "MYDATA_WALLET_PASSPHRASE": PASSPHRASE})
    try:
        with pytest.raises(SystemExit) as exc:
            main(["emergency", "--out", str(out), "--exclude", "nonsense"])
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert exc.value.code == 1
    assert not out.exists()


@needs_tools
@pytest.mark.slow
def test_a_long_record_continues_on_a_second_page_with_the_critical_items_first(tmp_path: Path) -> None:
    summary = _big_summary()
    rendered = pdfmod.render(summary, "a4", "ko")
    out = pdfmod.write_atomic(tmp_path / "long.pdf", rendered.data)
    first = _run("pdftotext", "-l", "1", "-layout", str(out), "-")
    second = _run("pdftotext", "-f", "2", "-l", "2", "-layout", str(out), "-")
    assert "알레르기 물질 번호 14" in first  # every allergy on the first page
    assert "010-1234-5678" in first  # and the emergency contact
    assert "다음 쪽에 계속" in first and "continued on the next page" in first
    assert "(계속 / continued)" in second and "약 19" in second
    assert _qr_texts(out, tmp_path) == [rendered.plain_text]


@needs_tools
@pytest.mark.slow
def test_card_of_a_long_record_shortens_and_points_to_the_sheet(tmp_path: Path) -> None:
    summary = _big_summary()
    rendered = pdfmod.render(summary, "card", "en")
    assert len(rendered.plain_text.encode("utf-8")) <= pdfmod.CARD_QR_BYTES
    out = pdfmod.write_atomic(tmp_path / "card.pdf", rendered.data)
    text = _run("pdftotext", "-layout", str(out), "-")
    assert "more on the full page" in text
    assert re.search(r"^Pages:\s+1$", _run("pdfinfo", str(out)), re.M)
    assert _qr_texts(out, tmp_path) == [rendered.plain_text]


JUNK: list[object] = [None, 5, "text", [], {}, [1, "a", None], {"coding": "x"}, {"coding": [None, 3]}, {"text": 7}]
KINDS = [
    "Patient",
    "RelatedPerson",
    "AllergyIntolerance",
    "Condition",
    "MedicationStatement",
    "MedicationRequest",
    "Device",
    "Immunization",
    "Observation",
    "Consent",
    "DocumentReference",
]
FIELDS = [
    "name",
    "telecom",
    "contact",
    "communication",
    "code",
    "reaction",
    "criticality",
    "clinicalStatus",
    "verificationStatus",
    "medicationCodeableConcept",
    "medicationReference",
    "dosage",
    "type",
    "deviceName",
    "vaccineCode",
    "occurrenceDateTime",
    "valueCodeableConcept",
    "category",
    "provision",
    "status",
    "birthDate",
    "relationship",
    "extension",
    "udiCarrier",
    "dateTime",
    "gender",
]


@pytest.mark.parametrize("kind", KINDS)
def test_odd_payloads_never_break_the_summary(vault: Vault, kind: str) -> None:
    from wallet.model import Domain, Provenance, Record

    prov = Provenance(connector_id="fhir", connector_version="1", source_name="odd.json")
    records = []
    for n, junk in enumerate(JUNK):
        payload: dict[str, object] = {"resourceType": kind, "id": f"x{n}"}
        payload.update({field: junk for field in FIELDS})
        records.append(Record(domain=Domain.HEALTH, kind=kind, title=f"odd {n}", payload=payload, provenance=prov))
    vault.add_records(records)
    summary = gather(vault)
    render_text(summary, "ko")
    qr.plain_text(summary, "ko")
    assert pdfmod.render(summary, "card", "en").data.startswith(b"%PDF")


def test_a_record_that_cannot_be_read_is_counted_and_said(filled: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    from wallet.features.emergency import content

    def broken(*_args: object) -> None:
        raise TypeError("simulated malformed record")

    monkeypatch.setitem(content._HANDLERS, "Condition", broken)
    summary = gather(filled)
    assert summary.unreadable == 4  # the four Conditions of the all-sections sample
    assert summary.section(Section.PROBLEMS) == []
    assert "4 record(s) could not be read" in render_text(summary, "en")
    assert summary.section(Section.ALLERGIES)  # the rest is still there


def test_a_device_without_a_patient_goes_with_the_patient_of_its_file(vault: Vault) -> None:
    # Bundle-01 first: Martha becomes the holder; the hip prosthesis of Patricia's file names no patient,
    # so the import gives it to the holder, but it belongs on Patricia's record.
    for path in (BUNDLE_01, ALL_SECTIONS):
        import_source(vault, Source(path))
    martha = vault.holder().id
    patricia = other_person(vault)
    assert [d.text for d in gather(vault, martha).section(Section.DEVICES)] == []
    assert [d.text for d in gather(vault, patricia).section(Section.DEVICES)] == ["Hip prosthesis, device"]


# ----------------------------------------------------------------------------- an absent list is not "none known"
TRANTOW = next((Path(__file__).parent / "fixtures" / "fhir-synthea").glob("Kermit_Trantow_*.json"))
NONE_KNOWN = ("none known", "알려진 것 없음")


def _no_known_allergy_bundle(path: Path) -> Path:
    """A patient whose only allergy record is the explicit statement "No known allergy" (SNOMED CT 716186003)."""
    bundle = {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": "urn:uuid:6f7c1d2e-0000-4000-8000-000000000001",
                "resource": {
                    "resourceType": "Patient",
                    "id": "nka-patient",
                    "name": [{"family": "Nobody", "given": ["Nora"]}],
                    "birthDate": "1970-01-01",
                },
            },
            {
                "fullUrl": "urn:uuid:6f7c1d2e-0000-4000-8000-000000000002",
                "resource": {
                    "resourceType": "AllergyIntolerance",
                    "id": "nka",
                    "clinicalStatus": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical",
                                "code": "active",
                            }
                        ]
                    },
                    "code": {
                        "coding": [
                            {"system": "http://snomed.info/sct", "code": "716186003", "display": "No known allergy"}
                        ]
                    },
                    "patient": {"reference": "urn:uuid:6f7c1d2e-0000-4000-8000-000000000001"},
                },
            },
        ],
    }
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def _trantow(vault: Vault) -> tuple[str, list[str]]:
    report = import_source(vault, Source(TRANTOW))
    assert report.error is None, report.summary()
    pid = next(p.id for p in vault.persons() if "Trantow" in p.label)
    allergies = [i.id for i in gather(vault, pid).section(Section.ALLERGIES)]
    assert len(allergies) >= 2  # he has allergies: leaving them all out must not print "none known"
    return pid, allergies


def test_leaving_out_every_allergy_says_so_and_never_none_known(vault: Vault) -> None:
    pid, allergies = _trantow(vault)
    s = gather(vault, pid).without(allergies)
    assert s.left_out_of(Section.ALLERGIES) == len(allergies)
    n = len(allergies)
    for lang in ("ko", "en"):
        text = render_text(s, lang)
        assert f"{n} item(s) left out by the holder" in text and f"작성자가 {n}개 항목을 뺐습니다" in text
        assert not any(w in text for w in NONE_KNOWN)
        plain = qr.plain_text(s, lang)
        assert "ALLERGIES/알레르기: " in plain and f"{n} left out by holder" in plain and f"작성자가 {n}개 뺌" in plain
        assert not any(w in plain for w in NONE_KNOWN)
        assert len(plain.encode("utf-8")) <= qr.MAX_PLAIN_BYTES


def test_leaving_out_some_allergies_notes_it_beside_the_rest(vault: Vault) -> None:
    pid, allergies = _trantow(vault)
    s = gather(vault, pid).without(allergies[:1])
    text = render_text(s, "en")
    assert "(1 item(s) left out by the holder / 작성자가 1개 항목을 뺐습니다)" in text
    assert "(1 left out by holder/작성자가 1개 뺌)" in qr.plain_text(s, "en")


@needs_tools
@pytest.mark.parametrize("fmt", ["a4", "card"])
@pytest.mark.slow
def test_pdf_and_qr_with_every_allergy_left_out(vault: Vault, tmp_path: Path, fmt: str) -> None:
    pid, allergies = _trantow(vault)
    prepared = printout.prepare(vault, pid, exclude=allergies, lang="en", fmt=fmt)  # type: ignore[arg-type]
    out = printout.export(vault, prepared, tmp_path / f"trantow-{fmt}.pdf")
    text = " ".join(_run("pdftotext", str(out), "-").split())
    n = len(allergies)
    assert f"{n} item(s) left out by the holder" in text
    assert not any(w in text for w in NONE_KNOWN)
    symbols = _qr_texts(out, tmp_path)
    assert symbols[0] == prepared.rendered.plain_text
    assert f"ALLERGIES/알레르기: {n} left out by holder/작성자가 {n}개 뺌" in symbols[0]
    assert not any(w in symbols[0] for w in NONE_KNOWN)


def test_cli_trantow_without_his_allergies(tmp_path: Path) -> None:
    folder = tmp_path / "vault"
    v, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    try:
        _pid, allergies = _trantow(v)
    finally:
        v.close()
    out = tmp_path / "e.pdf"
    code, stdout, _ = _cli(
        folder, ["--person", "Trantow", "--exclude", ",".join(allergies), "--out", str(out)], "approve\n"
    )
    assert code == 0, stdout
    assert f"{len(allergies)} item(s) left out by the holder" in stdout
    assert not any(w in stdout for w in NONE_KNOWN)
    assert out.read_bytes().startswith(b"%PDF")


def test_an_explicit_no_known_allergy_statement_says_none_known(vault: Vault, tmp_path: Path) -> None:
    report = import_source(vault, Source(_no_known_allergy_bundle(tmp_path / "nka.json")))
    assert report.error is None, report.summary()
    s = gather(vault, vault.holder().id)
    [statement] = s.section(Section.ALLERGIES)
    assert statement.statement and statement.code == "716186003"
    text = render_text(s, "en")
    assert "Allergies and intolerances / 알레르기 및 과민 반응:\n  - none known / 알려진 것 없음" in text
    assert "not recorded / 기록 없음" in text  # the other empty sections
    assert "ALLERGIES/알레르기: none known/알려진 것 없음" in qr.plain_text(s, "en")
    if not missing_tools:
        out = printout.export(vault, printout.prepare(vault, lang="en"), tmp_path / "nka.pdf")
        pdf_text = " ".join(_run("pdftotext", str(out), "-").split())
        assert "none known / 알려진 것 없음" in pdf_text


# ----------------------------------------------------------------------------- Apple Health's Me
APPLE_TDDA = DEMO / "export6s3sample.xml"


def _apple_export(tmp_path: Path, blood_type: str) -> Path:
    """The tdda sample export (a real iPhone export: Me born 1965-07-31, male) with its blood type set."""
    xml = APPLE_TDDA.read_bytes()
    unset = b'HKCharacteristicTypeIdentifierBloodType="HKBloodTypeNotSet"'
    assert xml.count(unset) == 1
    path = tmp_path / "apple_health_export" / "export.xml"
    path.parent.mkdir()
    path.write_bytes(xml.replace(unset, f'HKCharacteristicTypeIdentifierBloodType="{blood_type}"'.encode()))
    return path


@pytest.mark.parametrize(("blood_type", "shown"), [("HKBloodTypeONegative", "O-"), ("HKBloodTypeABPositive", "AB+")])
def test_apple_health_me_gives_blood_type_birth_date_and_sex(
    vault: Vault, tmp_path: Path, blood_type: str, shown: str
) -> None:
    report = import_source(vault, Source(_apple_export(tmp_path, blood_type)))
    assert report.connector_id == "apple_health" and report.error is None, report.summary()
    assert report.by_kind["HKCharacteristicTypeIdentifierBloodType"] == 1
    holder = vault.holder()
    # the export's Me filled the empty holder's birth date and sex, and the report says so
    assert (holder.birth_date, holder.sex) == (date(1965, 7, 31), "male")
    assert report.people == ["the holder takes birth date 1965-07-31, sex male from this file"]

    s = gather(vault, today=date(2025, 1, 15))
    blood = s.single(Section.BLOOD_TYPE)
    assert blood is not None and (blood.text, blood.source) == (shown, "imported")
    assert blood.record_id is not None
    assert vault.get(blood.record_id).kind == "HKCharacteristicTypeIdentifierBloodType"
    birth = s.single(Section.BIRTH_DATE)
    assert birth is not None and birth.text == "1965-07-31"
    sex = s.single(Section.SEX)
    assert sex is not None and (sex.text, sex.term_key) == ("male", "sex_male")
    text = render_text(s, "en")
    assert f"Blood type / 혈액형: {shown}" in text
    assert "Date of birth / 생년월일: 1965-07-31" in text
    assert "Sex / 성별: male / 남성" in text
    assert f"DOB 1965-07-31 M Blood {shown}\n" in qr.plain_text(s, "en")  # the QR code's text
    # the step counts of the export are not emergency items
    assert all("Step" not in i.text for i in s.items)


def test_hand_entered_blood_type_wins_over_apple_health(vault: Vault, tmp_path: Path) -> None:
    import_source(vault, Source(_apple_export(tmp_path, "HKBloodTypeONegative")))
    holder = vault.holder().id
    mid.save(vault, holder, mid.MedicalId(blood_type="B+"))
    s = gather(vault)
    blood = s.single(Section.BLOOD_TYPE)
    assert blood is not None and (blood.text, blood.source) == ("B+", "manual")
    birth = s.single(Section.BIRTH_DATE)
    assert birth is not None and birth.text == "1965-07-31"  # the Medical ID has no birth date: Apple's stays
    imported = gather(vault, prefer_manual=False).single(Section.BLOOD_TYPE)
    assert imported is not None and (imported.text, imported.source) == ("O-", "imported")


def test_hostile_whitespace_in_a_blood_type_or_display_is_read_at_once() -> None:
    """Runs of spaces once made two patterns backtrack quadratically (126 s for 200,000 spaces in a
    blood type; hours for a display under the 2 MB text limit); the text is now kept as written."""
    from wallet.features.emergency.fhir_readers import _SNOMED_TAG, _blood_type

    hostile = "A" + " " * 200_000 + "x"
    assert _blood_type({"valueString": hostile}) == hostile
    assert _blood_type({"valueString": " blood  group   AB\tRh(D)  positive "}) == "AB+"
    assert _SNOMED_TAG.sub("", "a" + " " * 200_000 + "b") == "a" + " " * 200_000 + "b"
    assert _SNOMED_TAG.sub("", "Peanut (substance)") == "Peanut"
