"""NHIS 건강검진 results (ASTM CCR XML): each result mapped, the blood-pressure pair, text results, bad input."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES
from golden_support import check_golden

from connectors.nhis_checkup import (
    MAX_BYTES,
    NhisCheckupConnector,
    find_mapping,
    mapping_table,
    normalise_unit,
    parse_number,
)
from wallet.errors import ConnectorError
from wallet.features import measurements as m
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record
from wallet.store.readings import DEFAULT_RANKS
from wallet.terms import measures, names

SAMPLE = FIXTURES / "nhis_checkup" / "nhis_ccr_20241105.xml"
GOLDEN = Path(__file__).parent / "golden" / "nhis_checkup"
BAD = Path(__file__).parent / "conformance" / "nhis_checkup" / "bad"


def read(source: Source) -> list[Record]:
    return [r for r in NhisCheckupConnector().read(source, ImportContext()) if isinstance(r, Record)]


def by_name(records: list[Record], day: str) -> dict[str, Record]:
    return {r.title: r for r in records if r.start is not None and r.start.date().isoformat() == day}


def test_golden() -> None:
    """Regenerate with: UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_nhis_checkup.py"""
    got = [
        {
            "title": r.title,
            "code": f"{r.code_system}|{r.code}",
            "value": r.value,
            "unit": r.unit,
            "text": r.text,
            "start": r.start.isoformat() if r.start else None,
            "date_only": r.date_only,
            "institution": (r.payload.get("performer") or [{}])[0].get("display"),
            "components": [
                [c["code"]["coding"][0]["code"], c["valueQuantity"]["value"]] for c in r.payload.get("component", [])
            ],
            "warnings": len(r.provenance.warnings),
        }
        for r in read(Source(SAMPLE))
    ]
    check_golden(got, GOLDEN / "nhis_ccr_20241105.json")


# The fixture's values (tests/fixtures/nhis_checkup, written from the recorded layout), per screening.
EXPECTED = [
    ("2022-10-28", "신장", "8302-2", 171.5, "cm"),
    ("2022-10-28", "체중", "29463-7", 68.4, "kg"),
    ("2024-10-12", "체중", "29463-7", 70.1, "kg"),
    ("2022-10-28", "허리둘레", "8280-0", 82.0, "cm"),
    ("2024-10-12", "BMI", "39156-5", 23.8, "kg/m2"),
    ("2024-10-12", "공복혈당", "1558-6", 103.0, "mg/dL"),
    ("2022-10-28", "총콜레스테롤", "2093-3", 186.0, "mg/dL"),
    ("2022-10-28", "HDL 콜레스테롤", "2085-9", 54.0, "mg/dL"),
    ("2022-10-28", "트리글리세이드", "2571-8", 112.0, "mg/dL"),
    ("2022-10-28", "LDL 콜레스테롤", "13457-7", 110.0, "mg/dL"),
    ("2022-10-28", "혈색소", "718-7", 14.6, "g/dL"),
    ("2022-10-28", "혈청크레아티닌", "2160-0", 0.9, "mg/dL"),
    ("2022-10-28", "신사구체여과율(GFR)", "33914-3", 92.0, "mL/min/{1.73_m2}"),
    ("2022-10-28", "AST(SGOT)", "1920-8", 21.0, "U/L"),
    ("2022-10-28", "ALT(SGPT)", "1742-6", 19.0, "U/L"),
    ("2022-10-28", "감마지티피(γ-GTP)", "2324-2", 24.0, "U/L"),
]


@pytest.mark.parametrize(("day", "name", "loinc", "value", "unit"), EXPECTED, ids=lambda v: str(v))
def test_each_result_is_mapped(day: str, name: str, loinc: str, value: float, unit: str) -> None:
    rec = by_name(read(Source(SAMPLE)), day)[name]
    assert (rec.kind, rec.code_system, rec.code, rec.value, rec.unit) == ("Observation", "LOINC", loinc, value, unit)
    assert rec.code_display == name  # the Korean name the file gives
    assert rec.start is not None and rec.start.isoformat() == f"{day}T00:00:00+09:00" and rec.date_only
    assert rec.payload["code"]["coding"] == [{"system": "http://loinc.org", "code": loinc}]
    assert rec.payload["valueQuantity"]["code"] == unit
    assert rec.payload["effectiveDateTime"] == day
    assert rec.payload["identifier"][0]["value"].startswith("NHIS.20241105093012/")


def test_institution_from_the_actors_and_absent_when_the_file_leaves_it_empty() -> None:
    records = read(Source(SAMPLE))
    first, second = by_name(records, "2022-10-28"), by_name(records, "2024-10-12")
    # the 2022 results point at an Actor naming the clinic, some in Result/Source and some in Test/Source
    assert {r.payload["performer"][0]["display"] for r in first.values()} == {"한빛내과의원"}
    # the 2024 ones keep the empty actor blocks of the real downloads
    assert all("performer" not in r.payload for r in second.values())


def test_blood_pressure_is_one_record_holding_both_numbers() -> None:
    records = read(Source(SAMPLE))
    bp = [r for r in records if r.code == measures.BP_PANELS[0]]
    assert [(r.start.date().isoformat() if r.start else None, r.text) for r in bp] == [
        ("2022-10-28", "128/82 mmHg"),
        ("2024-10-12", "134/86 mmHg"),
    ]
    comps = {c["code"]["coding"][0]["code"]: c["valueQuantity"]["value"] for c in bp[0].payload["component"]}
    assert comps == {"8480-6": 128.0, "8462-4": 82.0}
    assert not any(r.code in (measures.SYSTOLIC, measures.DIASTOLIC) for r in records)  # no loose halves
    assert measures.classify("Observation", bp[0].code_system, bp[0].code) == "blood_pressure"


def test_blood_pressure_lands_in_the_blood_pressure_type(vault) -> None:
    import_source(vault, Source(SAMPLE), "nhis_checkup", person=vault.holder().id)
    person = vault.holder().id
    got = sorted((s.local_start[:10], s.value, s.value2) for s in m.samples(vault, "blood_pressure", person))
    assert got == [("2022-10-28", 128.0, 82.0), ("2024-10-12", 134.0, 86.0)]
    keys = {t.key for t in m.measurement_types(vault, person)}
    assert {"body_weight", "bmi", "waist", "blood_glucose", "ldl", "egfr", "ggt", "blood_pressure"} <= keys
    (egfr,) = m.samples(vault, "egfr", person)[:1]
    assert egfr.value == 92.0 and egfr.unit == "mL/min/1.73m²"  # canonical unit, not the file's ml/min
    # a screening's measurement counts as a hospital's (ranked before devices and phones)
    assert {r for (r,) in vault.conn.execute("SELECT DISTINCT rank FROM readings")} == {DEFAULT_RANKS["hospital"]}
    labels = {s.local_start[:10]: s.source for s in m.samples(vault, "body_weight", person)}
    assert labels["2022-10-28"] == "한빛내과의원"  # the institution the file names
    assert labels["2024-10-12"].startswith("National health screening (NHIS)")


def test_text_results_are_kept_as_text_with_no_value() -> None:
    day = by_name(read(Source(SAMPLE)), "2024-10-12")
    hearing, protein = day["청력(좌/우)"], day["요단백"]
    assert (hearing.value, hearing.unit, hearing.text) == (None, None, "정상/정상")
    assert hearing.payload["valueString"] == "정상/정상" and "valueQuantity" not in hearing.payload
    assert (hearing.code_system, hearing.code) == ("NHIS 건강검진", "청력(좌/우)")  # reviewed: no LOINC fits
    assert (protein.code, protein.value, protein.text) == ("20454-5", None, "음성")
    vision = day["시력(좌)"]
    assert (vision.value, vision.unit, vision.code) == (1.2, None, "시력(좌)")


def test_units_are_normalised() -> None:
    bmi = find_mapping("BMI", "BMI")
    assert normalise_unit("kg/㎡", bmi) == "kg/m2"
    assert normalise_unit("kg/㎡") == "kg/m2"  # NFKC without the table too
    assert normalise_unit("mg/dl") == "mg/dL"
    assert normalise_unit("g/dl") == "g/dL"
    assert normalise_unit("ml/min", find_mapping("신사구체여과율(GFR)", None)) == "mL/min/{1.73_m2}"
    assert normalise_unit("  ") is None
    assert (parse_number("173.0"), parse_number("1,234"), parse_number("정상/정상"), parse_number("1e999")) == (
        173.0,
        1234.0,
        None,
        None,
    )


def test_names_are_matched_by_description_or_type() -> None:
    assert find_mapping(None, "혈액검사-공복혈당").loinc == "1558-6"  # type: ignore[union-attr]
    assert find_mapping("HDL콜레스테롤", None).loinc == "2085-9"  # type: ignore[union-attr]
    assert find_mapping("SBP", "혈압(수축기)").loinc == "8480-6"  # type: ignore[union-attr]
    assert find_mapping("몸무게", None).loinc == "29463-7"  # type: ignore[union-attr]
    assert find_mapping("골밀도", "골다공증") is None


# What each reviewed LOINC code of the table must mean in the wallet's own terms.
TYPES = {
    "8302-2": "body_height",
    "29463-7": "body_weight",
    "8280-0": "waist",
    "39156-5": "bmi",
    "8480-6": "blood_pressure",
    "8462-4": "blood_pressure",
    "1558-6": "blood_glucose",
    "2093-3": "total_cholesterol",
    "2085-9": "hdl",
    "2571-8": "triglycerides",
    "13457-7": "ldl",
    "718-7": "hemoglobin",
    "2160-0": "creatinine",
    "33914-3": "egfr",
    "1920-8": "ast",
    "1742-6": "alt",
    "2324-2": "ggt",
}


def test_the_reviewed_table_is_consistent() -> None:
    rows = list(mapping_table().values())
    assert len(rows) >= 20
    for row in rows:
        assert row.check.startswith(("verified", "unverified", "no code")), row
        if row.loinc is None:
            continue
        term = names.loinc_table().get(row.loinc)
        assert term is not None, f"{row.loinc} has no English/Korean name in resources/terms/loinc.tsv"
        if row.loinc in TYPES:
            t = measures.BY_KEY[TYPES[row.loinc]]
            assert measures.classify("Observation", "LOINC", row.loinc) == t.key
            assert row.ucum == t.unit, f"{row.key}: {row.ucum} is not the {t.key} unit {t.unit}"
        else:
            assert row.loinc == "20454-5" and not row.ucum  # the urine dipstick: a text result
    unverified = sorted(r.key for r in rows if r.check.startswith("unverified"))
    assert unverified == ["LDL 콜레스테롤", "신사구체여과율(GFR)"]


def test_an_unverified_code_says_so_in_the_record() -> None:
    rec = by_name(read(Source(SAMPLE)), "2024-10-12")["LDL 콜레스테롤"]
    assert rec.provenance.warnings and "unverified method" in rec.provenance.warnings[0]
    assert not by_name(read(Source(SAMPLE)), "2024-10-12")["공복혈당"].provenance.warnings


def test_identify() -> None:
    c = NhisCheckupConnector()
    assert c.identify(Source(SAMPLE))
    other_ccr = SAMPLE.read_bytes().replace(b"NHIS.20241105093012", b"GOOGLEHEALTH.1")
    assert not c.identify(Source(data=other_ccr, name="ccr.xml"))
    assert not c.identify(Source(data=b"<HealthData><Record/></HealthData>", name="export.xml"))


def test_unmapped_test_is_kept_under_its_korean_name() -> None:
    data = SAMPLE.read_text(encoding="utf-8").replace("<ccr:Text>허리둘레</ccr:Text>", "<ccr:Text>골밀도</ccr:Text>")
    rec = by_name(read(Source(data=data.encode(), name="x.xml")), "2022-10-28")["골밀도"]
    assert (rec.code_system, rec.code, rec.value, rec.unit) == ("NHIS 건강검진", "골밀도", 82.0, "cm")
    assert "no reviewed LOINC mapping" in rec.provenance.warnings[0]


def test_a_result_without_date_is_skipped_not_the_file() -> None:
    data = SAMPLE.read_text(encoding="utf-8").replace(
        "<ccr:ExactDateTime>2022-10-28</ccr:ExactDateTime>", "<ccr:ExactDateTime></ccr:ExactDateTime>", 1
    )
    items = list(NhisCheckupConnector().read(Source(data=data.encode(), name="x.xml"), ImportContext()))
    skipped = [i for i in items if not isinstance(i, Record)]
    assert len(skipped) == 1 and "no screening date" in skipped[0].reason
    assert sum(isinstance(i, Record) for i in items) == 39  # 42 results, one pair per screening, one skipped


BAD_CASES = {
    "truncated.xml": "not well-formed XML",
    "wrong_root.xml": "the root element is <Body>",
    "no_results.xml": "holds no screening results",
    "cp949_declared_utf8.xml": "not well-formed XML",
    "billion_laughs.xml": "declares a DTD",
    "external_entity.xml": "declares a DTD",
    "deeply_nested.xml": "nested deeper than",
}


@pytest.mark.parametrize(("name", "message"), BAD_CASES.items(), ids=list(BAD_CASES))
def test_bad_input_is_one_readable_error_and_the_vault_is_unchanged(vault, name: str, message: str) -> None:
    before = vault.conn.execute("SELECT count(*) FROM records").fetchone()[0]
    with pytest.raises(ConnectorError) as info:
        import_source(vault, Source(BAD / name), "nhis_checkup", person=vault.holder().id)
    text = str(info.value)
    assert text.startswith(f"{name}: ") and message in text and "Traceback" not in text
    assert "\n" not in text
    assert vault.conn.execute("SELECT count(*) FROM records").fetchone()[0] == before


def test_a_huge_file_is_refused_by_its_size(tmp_path: Path) -> None:
    big = tmp_path / "huge.xml"
    with big.open("wb") as fh:
        fh.write(SAMPLE.read_bytes()[:300])
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(ConnectorError, match="larger than"):
        read(Source(big))


def test_dates_are_days_in_korea() -> None:
    rec = read(Source(SAMPLE))[0]
    assert rec.start is not None and rec.start.date() == date(2022, 10, 28) and rec.date_only
    assert rec.start.utcoffset() is not None and rec.start.utcoffset().total_seconds() == 9 * 3600  # type: ignore[union-attr]
