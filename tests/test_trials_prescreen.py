"""The pre-screen summary share (wallet.features.trials.prescreen): one study's checklist and only the records it used.

The study below was written for this test in the shape of a ClinicalTrials.gov v2 record (its
eligibility lines are in the style of real records); the person is the Synthea patient of the demo
(Liz Conn: hypertension, BMI 27.2, eGFR 159.1).  The bundle is checked by our verifier and by
independent implementations (node jose for the signatures, the FHIR R4 schema for the resources).
"""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO
from independent import fhir_r4_errors, jose_verify

from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare, summary_lines
from wallet.features.share.templates import OFFERED, Recipient
from wallet.features.share.verify import verify_bytes
from wallet.features.trials.match import match_study
from wallet.features.trials.prescreen import evidence_ids, prescreen_request
from wallet.features.trials.study import parse_studies
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.vault import Vault

LIZ = DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"
SOON_AFTER = date(2018, 9, 1)
"""Checked two weeks after Liz's last visit (2018-08-17): her values are then recent enough to decide on."""

STUDY: dict[str, Any] = {
    "protocolSection": {
        "identificationModule": {"nctId": "NCT09999991", "briefTitle": "Blood Pressure Lowering in Adults"},
        "statusModule": {"overallStatus": "RECRUITING"},
        "conditionsModule": {"conditions": ["Hypertension"], "keywords": ["high blood pressure"]},
        "eligibilityModule": {
            "eligibilityCriteria": (
                "Inclusion Criteria:\n\n* Adults aged 18 to 75 years\n* BMI between 18.5 and 35 kg/m2\n"
                "* Diagnosis of essential hypertension\n\nExclusion Criteria:\n\n"
                "* eGFR < 30 mL/min/1.73 m2\n* Pregnant or breastfeeding women\n"
                "* Participation in another interventional study within 30 days"
            ),
            "healthyVolunteers": False,
            "sex": "ALL",
            "minimumAge": "18 Years",
            "maximumAge": "75 Years",
        },
        "contactsLocationsModule": {
            "locations": [
                {
                    "facility": "Seoul Clinic",
                    "city": "Seoul",
                    "country": "Korea, Republic of",
                    "geoPoint": {"lat": 37.566, "lon": 126.9784},
                }
            ]
        },
    }
}


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


@pytest.fixture
def liz(vault: Vault) -> Vault:
    import_source(vault, Source(LIZ))
    return vault


def test_the_prescreen_is_not_offered_without_a_checklist() -> None:
    assert "prescreen" not in OFFERED  # only a study's checklist starts it, never the wizard or `share`


def test_prescreen_bundle_holds_the_checklist_and_only_the_records_it_used(liz: Vault, tmp_path: Path) -> None:
    person = liz.holder()
    (study,) = parse_studies(STUDY)
    match = match_study(liz, person, study, today=SOON_AFTER)
    by_kind = {r.criterion.kind: r for r in match.results}
    assert by_kind["bmi"].status == "met" and by_kind["egfr"].status == "met"  # 27.2 kg/m2; 159.1 is not < 30
    used = evidence_ids(match)
    assert used, "the decided criteria read records"
    kinds = {liz.get(rid).kind for rid in used}
    assert kinds <= {"Observation", "Condition"}
    for r in match.results:  # every "met" or "not met" that read a value points at a record of the vault
        if r.status != "unknown" and r.value_text and r.criterion.kind in {"bmi", "egfr", "condition"}:
            assert r.record_ids and all(liz.get(rid).person_id == person.id for rid in r.record_ids)

    request = prescreen_request(match, Recipient(name="Study coordinator", organisation="Seoul Clinic"))
    plan = prepare(liz, request)
    assert {r.id for r in plan.records} == set(used)  # nothing else of the person's records
    text = "\n".join(summary_lines(plan))
    for line in request.summary["lines"]:  # the person reads every line before approving
        assert line in text
    assert "name" in plan.omitted and "identifier" in plan.omitted

    out = create_share(liz, plan, tmp_path / "prescreen.zip")
    data = out.path.read_bytes()
    assert verify_bytes(data).ok
    files = members(data)
    sent = json.loads(files["data/summary.json"])
    assert sent == {"title": request.summary["title"], "lines": request.summary["lines"], "study": sent["study"]}
    assert sent["study"]["nct_id"] == "NCT09999991"
    assert "1986" not in files["data/summary.json"].decode()  # the age is sent, never the birth date
    resources = [json.loads(line) for line in files["data/resources.ndjson"].splitlines() if line.strip()]
    patient = resources[0]
    assert patient["resourceType"] == "Patient" and "name" not in patient
    shared = [r for r in resources[1:]]
    assert len(shared) == len(used)
    for resource in resources:
        assert fhir_r4_errors(resource, warnings=False) == [], resource["resourceType"]
    jwk = json.loads(files["holder.jwk.json"])
    public = {k: jwk[k] for k in ("kty", "crv", "x", "y")}
    assert jose_verify(files["manifest.jws"].decode("ascii"), public)["payload"] == files["manifest.json"]
    assert "Liz" not in files["data/summary.json"].decode()


def test_a_summary_without_lines_is_refused(liz: Vault) -> None:
    from wallet.features.share.templates import ShareError

    (study,) = parse_studies(STUDY)
    request = prescreen_request(match_study(liz, liz.holder(), study, today=SOON_AFTER), Recipient(name="Site"))
    request.summary = {"title": "x", "lines": "not a list"}
    with pytest.raises(ShareError, match="list of lines"):
        prepare(liz, request)


def test_a_record_left_out_in_the_consent_takes_its_value_out_of_the_summary(liz: Vault, tmp_path: Path) -> None:
    (study,) = parse_studies(STUDY)
    match = match_study(liz, liz.holder(), study, today=SOON_AFTER)
    bmi = next(r for r in match.results if r.criterion.kind == "bmi")
    assert bmi.status == "met" and bmi.value_text and bmi.record_ids
    request = prescreen_request(match, Recipient(name="Study coordinator"), lang="ko")
    request.excluded = list(bmi.record_ids)
    plan = prepare(liz, request)
    assert not set(bmi.record_ids) & {r.id for r in plan.records}
    text = "\n".join(summary_lines(plan))
    assert bmi.value_text not in text and "값은 본인이 빼고 보냄" in text
    out = create_share(liz, plan, tmp_path / "prescreen.zip")
    sent = members(out.path.read_bytes())["data/summary.json"].decode()
    assert bmi.value_text not in sent and "line_records" not in sent and "line_left_out" not in sent
    assert "[충족] 참여 조건: BMI between 18.5 and 35 kg/m2" in sent
