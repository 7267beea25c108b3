"""Human names (wallet.terms.names): kinds, LOINC codes and sources, in English and Korean.

The golden English names of LOINC codes are the displays the sample files give (Synthea, IPS, SMART
Health Card examples) or LOINC's short names; the check digits are LOINC's mod-10 rule (LOINC Users'
Guide, "Calculating Mod 10 Check Digits": 12345 -> 5).  The sample files are read where they are
(tests/fixtures/, resources/demo/; licences in tests/fixtures/LICENSES.md), nothing is copied.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import expand_samples

from wallet.errors import WalletError
from wallet.imports import registry
from wallet.imports.connector import ImportContext, Source
from wallet.model import Domain, Provenance, Record
from wallet.terms import names
from wallet.terms.names import code_name, has_kind_name, kind_label, kind_name, source_key, source_label

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
DEMO = ROOT / "resources" / "demo"

KIND_GOLDEN = [
    # kind, English, Korean
    ("HKQuantityTypeIdentifierHeartRate", "Heart rate", "심박수"),
    ("HKQuantityTypeIdentifierStepCount", "Steps", "걸음 수"),
    ("HKQuantityTypeIdentifierBodyMass", "Weight", "체중"),
    ("HKQuantityTypeIdentifierBloodPressureSystolic", "Systolic blood pressure", "수축기 혈압"),
    ("HKQuantityTypeIdentifierBloodPressureDiastolic", "Diastolic blood pressure", "이완기 혈압"),
    ("HKQuantityTypeIdentifierBloodGlucose", "Blood glucose", "혈당"),
    ("HKQuantityTypeIdentifierOxygenSaturation", "Blood oxygen", "혈중 산소 포화도"),
    ("HKCategoryTypeIdentifierSleepAnalysis", "Sleep", "수면"),
    ("HKCorrelationTypeIdentifierBloodPressure", "Blood pressure", "혈압"),
    ("HKCharacteristicTypeIdentifierBloodType", "Blood type", "혈액형"),
    ("HKElectrocardiogram", "ECG", "심전도(ECG)"),
    ("workout", "Workout", "운동"),
    ("activity_summary", "Activity rings", "활동 링"),
    ("Condition", "Condition", "진단"),
    ("MedicationStatement", "Medication", "복용 약"),
    ("MedicationRequest", "Prescription", "처방"),
    ("AllergyIntolerance", "Allergy", "알레르기"),
    ("Immunization", "Vaccination", "예방접종"),
    ("Encounter", "Visit", "진료"),
    ("DiagnosticReport", "Test report", "검사 결과 보고서"),
    ("Procedure", "Procedure", "시술·수술"),
    ("Observation", "Test or measurement", "검사·측정"),
    ("transaction", "Transaction", "거래"),
    ("balance", "Balance", "잔액"),
    ("investment_transaction", "Investment transaction", "투자 거래"),
    ("position", "Holding", "보유 종목"),
    ("account", "Account", "계좌"),
    ("interval_reading", "Meter reading", "계량기 측정값"),
    ("usage_summary", "Billing period", "요금 기간 사용 요약"),
    ("steps_daily", "Steps per day", "하루 걸음 수"),
    ("resting_heart_rate", "Resting heart rate", "안정시 심박수"),
    ("document", "Document", "문서"),
]

CODE_GOLDEN = [
    # LOINC code, English, Korean, unit
    ("8480-6", "Systolic blood pressure", "수축기 혈압", "mm[Hg]"),
    ("8462-4", "Diastolic blood pressure", "이완기 혈압", "mm[Hg]"),
    ("8867-4", "Heart rate", "심박수", "/min"),
    ("29463-7", "Body weight", "체중", "kg"),
    ("8302-2", "Body height", "키", "cm"),
    ("39156-5", "Body mass index", "체질량지수", "kg/m2"),
    ("1558-6", "Fasting glucose", "공복 혈당", "mg/dL"),
    ("4548-4", "Hemoglobin A1c", "당화혈색소", "%"),
    ("2093-3", "Total cholesterol", "총콜레스테롤", "mg/dL"),
    ("2085-9", "HDL cholesterol", "HDL 콜레스테롤", "mg/dL"),
    ("2571-8", "Triglycerides", "중성지방", "mg/dL"),
    ("1920-8", "AST", "AST(아스파테이트아미노전이효소)", "U/L"),
    ("1742-6", "ALT", "ALT(알라닌아미노전이효소)", "U/L"),
    ("2324-2", "Gamma GT", "감마지티피(γ-GTP)", "U/L"),
    ("2160-0", "Creatinine", "크레아티닌", "mg/dL"),
    ("718-7", "Hemoglobin", "혈색소", "g/dL"),
    ("777-3", "Platelet count", "혈소판 수", "10*3/uL"),
    ("3016-3", "TSH", "갑상선자극호르몬(TSH)", "m[IU]/L"),
]


def _check_digit_ok(code: str) -> bool:
    """LOINC's mod-10 check digit: from the right, double every other digit starting with the last, add
    all the digits, and the check digit brings the sum to a multiple of ten."""
    body, dash, check = code.partition("-")
    if not dash or not body.isdigit() or len(check) != 1 or not check.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d // 10 + d % 10
    return (10 - total % 10) % 10 == int(check)


# ----------------------------------------------------------------------------- golden names


@pytest.mark.parametrize(("kind", "en", "ko"), KIND_GOLDEN)
def test_kind_names_golden(kind: str, en: str, ko: str) -> None:
    assert (kind_name(kind), kind_name(kind, "en"), kind_name(kind, "ko")) == (en, en, ko)
    assert kind_name(kind, "ko_KR") == ko
    assert has_kind_name(kind)


def test_kind_label_keeps_the_raw_kind_one_click_away() -> None:
    assert kind_label("HKQuantityTypeIdentifierHeartRate") == "Heart rate (HKQuantityTypeIdentifierHeartRate)"
    assert kind_label("Encounter", "ko") == "진료 (Encounter)"
    assert kind_label("Bundle") == "Bundle"


@pytest.mark.parametrize(
    ("kind", "expected"),
    [
        ("HKQuantityTypeIdentifierFooBar", "Foo bar"),
        ("HKCategoryTypeIdentifierSomethingNewEvent", "Something new event"),
        ("snake_case", "Snake case"),
        ("com.google.nutrition", "Nutrition"),
        ("HKQuantityTypeIdentifierVO3Max", "VO3 max"),
        ("ABCThing", "ABC thing"),
        ("", "Record"),
    ],
)
def test_unknown_kinds_get_a_readable_name(kind: str, expected: str) -> None:
    assert not has_kind_name(kind)
    assert kind_name(kind) == expected
    assert kind_name(kind, "ko") == expected  # no Korean for an unknown kind: the readable English, never empty


@pytest.mark.parametrize(("code", "en", "ko", "unit"), CODE_GOLDEN)
def test_loinc_names_golden(code: str, en: str, ko: str, unit: str) -> None:
    for system in ("http://loinc.org", "LOINC", "urn:oid:2.16.840.1.113883.6.1"):
        assert code_name(system, code, "what the file said") == en
        assert code_name(system, code, None, "ko") == ko
    assert names.loinc_table()[code].unit == unit


def test_code_name_falls_back_to_the_datas_display() -> None:
    assert code_name("http://loinc.org", "12345-5", "Some new test") == "Some new test"
    assert code_name("http://snomed.info/sct", "8480-6", "Not LOINC") == "Not LOINC"  # the code is not LOINC's
    assert code_name("http://snomed.info/sct", "38341003", None) is None
    assert code_name(None, None, None) is None
    assert code_name(None, None, "  ") is None


def test_loinc_table_is_well_formed() -> None:
    rows = [
        line.rstrip("\n").split("\t")
        for line in (ROOT / "resources" / "terms" / "loinc.tsv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    codes = [r[0] for r in rows]
    assert len(rows) >= 150
    assert len(set(codes)) == len(codes)
    assert all(len(r) == 4 for r in rows)
    assert [c for c in codes if not _check_digit_ok(c)] == []
    assert all(r[1].strip() and r[2].strip() for r in rows)
    assert len(names.loinc_table()) == len(rows)


def test_check_digit_rule_against_the_published_example() -> None:
    assert _check_digit_ok("12345-5")  # the LOINC Users' Guide's worked example
    assert not _check_digit_ok("12345-4")
    assert _check_digit_ok("8480-6") and not _check_digit_ok("8480-5")
    assert not _check_digit_ok("85354-6")  # a common slip for 85354-9 (blood pressure panel)


def test_the_most_frequent_sample_codes_are_named() -> None:
    """The LOINC codes the shared samples use most (counted over FHIR, Synthea, IPS, SHC, KR Core, C-CDA)."""
    frequent = ["8480-6", "8462-4", "8302-2", "72166-2", "29463-7", "39156-5", "72514-3", "55284-4", "718-7"]
    frequent += ["789-8", "4544-3", "777-3", "6690-2", "58410-2", "787-2", "785-6", "33914-3", "2093-3"]
    table = names.loinc_table()
    assert [c for c in frequent if c not in table] == []


# ----------------------------------------------------------------------------- every kind the samples produce


def _sample_sources(tmp_path: Path) -> Iterator[Source]:
    skip = {"negative", "bad", "fail_nice", "vault-schema1", "consent", "issuer"}
    for root in (FIXTURES, DEMO):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix not in {".md", ".py"} and not skip & set(path.parts):
                yield Source(path)
    # An Apple Health export folder with its ECG recordings (the ECGs are read only beside an export.xml).
    folder = tmp_path / "apple_health_export"
    (folder / "electrocardiograms").mkdir(parents=True)
    export = FIXTURES / "apple_health" / "dogsheep-healthkit-to-sqlite" / "export.xml"
    (folder / "export.xml").write_bytes(export.read_bytes())
    for ecg in (FIXTURES / "apple_health" / "synthetic-ecg").glob("ecg_*.csv"):
        (folder / "electrocardiograms" / ecg.name).write_bytes(ecg.read_bytes())
    yield Source(folder / "export.xml")


def _read(source: Source) -> Iterator[Record]:
    try:
        connector, options = registry.resolve(source)
        context = ImportContext(options=options)
        context.delegate = lambda cid, nested: registry.get(cid).read(nested, ImportContext())
        for item in expand_samples(connector.read(source, context)):  # a series' samples as the records they stand for
            if isinstance(item, Record):
                yield item
    except WalletError:  # a file no connector accepts (or a deliberately broken one): not a sample
        return


@pytest.fixture(scope="module")
def sample_records(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[Record]]:
    """Per connector, records of every sample file the connectors accept (the first 200 kinds-distinct ones)."""
    out: dict[str, list[Record]] = {}
    seen: set[tuple[str, str, str]] = set()
    for source in _sample_sources(tmp_path_factory.mktemp("samples")):
        for rec in _read(source):
            key = (rec.provenance.connector_id, rec.kind, source_label(rec))
            if key not in seen:
                seen.add(key)
                out.setdefault(rec.provenance.connector_id, []).append(rec)
    return out


def test_every_kind_of_the_samples_has_a_korean_and_english_name(sample_records: dict[str, list[Record]]) -> None:
    kinds = {rec.kind for recs in sample_records.values() for rec in recs}
    assert set(sample_records) >= {
        "apple_health",
        "fhir",
        "smart_health_card",
        "ofx",
        "bank_csv",
        "green_button",
        "fitbit",
        "google_fit",
        "document",
    }
    assert len(kinds) > 40
    assert sorted(k for k in kinds if not has_kind_name(k)) == []
    for kind in kinds:
        en, ko = kind_name(kind, "en"), kind_name(kind, "ko")
        assert en.strip() and ko.strip()
        assert any("\uac00" <= c <= "\ud7a3" for c in ko), kind  # Korean in Hangul
    assert "HKElectrocardiogram" in kinds


def test_the_kind_table_covers_every_healthkit_title_the_connector_knows() -> None:
    from connectors.apple_health.healthkit import _TITLES

    assert sorted(k for k in _TITLES if not has_kind_name(k)) == []


# ----------------------------------------------------------------------------- sources


def _labels(records: list[Record]) -> set[str]:
    return {source_label(r) for r in records}


def test_apple_health_source_is_the_device_that_measured(sample_records: dict[str, list[Record]]) -> None:
    labels = _labels(sample_records["apple_health"])
    # sourceName as exported (alxdrcirilo-apple-health-parser and dogsheep-healthkit-to-sqlite samples)
    assert {"Alexandre's Apple Watch", "Alexandre's iPhone", "Health Mate", "Apple Watch"} <= labels
    assert "Apple Watch (Watch6,1)" in labels  # the synthetic ECG's Device header
    me = next(r for r in sample_records["apple_health"] if r.kind == "HKCharacteristicTypeIdentifierBloodType")
    assert source_label(me) == "Apple Health" and source_label(me, "ko") == "Apple 건강"


def test_fhir_source_is_the_performer_else_the_hospital_record(tmp_path: Path) -> None:
    synthea = FIXTURES / "fhir-synthea" / "Kermit_Trantow_f1a650a5-737e-4fd7-828e-03c3348b9524.json"
    recs = list(_read(Source(synthea)))
    assert recs and _labels(recs) == {"Hospital record (FHIR)"}
    assert source_label(recs[0], "ko") == "병원 기록(FHIR)"
    # the same name, other content: another source (the key carries the file's SHA-256)
    other = tmp_path / synthea.name
    other.write_bytes(
        (FIXTURES / "fhir-synthea" / "Chet_Thompson_eda17701-070d-4fae-9f7d-c8cd6263b63a.json").read_bytes()
    )
    again = next(_read(Source(other)))
    assert source_label(again) == source_label(recs[0]) and source_key(again) != source_key(recs[0])
    assert source_key(recs[0]) == source_key(recs[-1])  # one file, one source
    # The lab results of the SMART Health Card example 02 (a real sample) as a FHIR bundle: Acme's.
    card = list(_read(Source(FIXTURES / "shc" / "examples" / "example-02-e-file.smart-health-card")))
    bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r.payload} for r in card]}
    labs = list(_read(Source(data=json.dumps(bundle).encode(), name="labs.json")))
    assert "Acme Laboratory, Inc" in _labels(labs)
    assert {source_label(r) for r in card} == {"spec.smarthealth.cards (SMART Health Card)"}


def test_ofx_source_is_the_institution_and_the_masked_account() -> None:
    fidelity = list(_read(Source(FIXTURES / "ofx" / "jseutter-ofxparse" / "fidelity.ofx")))
    assert _labels(fidelity) == {"fidelity.com · investment …7890"}
    banking = list(_read(Source(DEMO / "ofxdata-banking-xml200.ofx")))
    for label in _labels(banking):
        acct = label.rsplit("…", 1)[-1]
        assert len(acct) == 4 and label.startswith("Bank ")
    assert all(r.payload["account"]["acctid"] not in source_label(r) for r in banking)


def test_bank_csv_source_is_the_bank_and_account() -> None:
    bunq = list(_read(Source(FIXTURES / "bank_csv" / "bank2ynab" / "2019-03-02_11-50-46_bunq-statement.csv")))
    assert _labels(bunq) == {"Bunq (NL) · …6409"}
    korean = list(_read(Source(DEMO / "kr_bank_cp949.csv")))
    assert _labels(korean) == {"Bank (KR)"}
    # no account in the file: two statements of the same bank stay two sources
    assert all(r.provenance.source_sha256 and r.provenance.source_sha256 in source_key(r) for r in korean)


def test_fitness_and_energy_and_document_sources(sample_records: dict[str, list[Record]]) -> None:
    assert _labels(sample_records["fitbit"]) == {"Fitbit"}
    assert "Google Fit (com.nike.plusgps)" in _labels(sample_records["google_fit"])
    assert "Front Electric Meter" in _labels(sample_records["green_button"])
    docs = _labels(sample_records["document"])
    assert "초록약국 · PDF document" in docs and "Scanned image" in docs


def test_fallback_is_the_file_name() -> None:
    prov = Provenance(connector_id="someone_elses", connector_version="1", source_name="notes.json")
    rec = Record(domain=Domain.DOCUMENTS, kind="note", title="x", provenance=prov)
    assert source_label(rec) == "notes.json"
    assert source_key(rec) == "someone_elses|notes.json|notes.json|"
