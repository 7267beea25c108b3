"""Clinical-trial study records: reading API v2 JSON, keeping studies in the vault, fetching from a loopback server."""

from __future__ import annotations

import contextlib
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
import yaml  # PyYAML, a dev extra: reads the registry's OpenAPI description
from conftest import FIXTURES

from wallet.errors import WalletError
from wallet.features.trials import fetch as fetch_mod
from wallet.features.trials.fetch import TrialQuery, fetch_search, fetch_studies, preview, query_params
from wallet.features.trials.model import Site
from wallet.features.trials.store import delete_study, get_study, kept_studies, save_studies, stored_studies
from wallet.features.trials.study import TrialError, nct_id, parse_studies, read_studies
from wallet.limits import MAX_JSON_DOCUMENT_BYTES

TRIALS = FIXTURES / "trials"
PALLAS = TRIALS / "NCT02513394_reduced.json"
TOCA = TRIALS / "biomcp_get_nct02576665_partial.json"
PAGE = TRIALS / "biomcp_search_melanoma_recruiting_page.json"


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


# --------------------------------------------------------------------------- reading


def test_a_full_record_with_results_is_read() -> None:
    [s] = read_studies(PALLAS)
    assert s.nct_id == "NCT02513394"
    assert s.title == "PALbociclib CoLlaborative Adjuvant Study"
    assert s.status == "ACTIVE_NOT_RECRUITING"
    assert (s.minimum_age, s.maximum_age, s.sex, s.healthy_volunteers) == ("18 Years", None, "ALL", False)
    assert s.conditions == ("Breast Cancer",)
    assert s.keywords == ("HR+/HER2- breast cancer", "Palbociclib")
    assert s.mesh_terms[0] == "Breast Neoplasms" and "Neoplasms" in s.mesh_terms  # meshes, then ancestors
    assert s.phases == ("PHASE3",)
    assert s.last_update == "2023-06-15"
    assert s.url == "https://clinicaltrials.gov/study/NCT02513394"
    assert s.eligibility.startswith("Inclusion Criteria:") and "* Age ≥18 years" in s.eligibility
    assert len(s.sites) == 437
    assert sum(1 for site in s.sites if site.lat is None) == 2  # Ried (Austria) and Santiago (Spain) have no geoPoint
    korea = [site for site in s.sites if site.country == "Korea, Republic of"]
    assert len(korea) == 3 and {site.city for site in korea} == {"Seoul"}
    assert {(site.lat, site.lon) for site in korea} == {(37.566, 126.9784)}
    assert "Severance Hospital" in korea[1].facility
    assert s.raw["protocolSection"]["identificationModule"]["acronym"] == "PALLAS"


def test_a_field_limited_record_leaves_absent_modules_unknown() -> None:
    [s] = parse_studies(TOCA.read_bytes())
    assert (s.nct_id, s.status, s.phases) == ("NCT02576665", "TERMINATED", ("PHASE1",))
    assert (s.minimum_age, s.maximum_age, s.sex) == ("18 Years", "75 Years", "ALL")
    assert s.healthy_volunteers is None  # not in the capture: unknown, not False
    assert s.mesh_terms == () and s.keywords == ()  # no derivedSection, no keywords
    assert s.last_update is None  # the capture has no last-update date
    assert len(s.conditions) == 12 and s.conditions[0] == "Colorectal Cancer"
    assert [site.city for site in s.sites] == ["Denver", "Miami", "Houston"]
    assert s.sites[0] == Site(
        "Sarah Cannon Research Institute", "Denver", "United States", "Colorado", "", 39.73915, -104.9847
    )


def test_a_search_page_and_a_list_give_every_study() -> None:
    page = parse_studies(PAGE.read_text(encoding="utf-8"))
    assert [s.nct_id for s in page] == ["NCT06970236", "NCT04114136", "NCT04318717"]
    assert {s.status for s in page} == {"RECRUITING"}
    assert [s.minimum_age for s in page] == ["18 Years", "18 Years", "16 Years"]
    assert page[0].phases == ("NA",) and page[0].eligibility == "" and page[0].sites == ()
    as_list = parse_studies([_load(TOCA), *_load(PAGE)["studies"]])
    assert [s.nct_id for s in as_list] == ["NCT02576665", *(s.nct_id for s in page)]
    assert parse_studies({"studies": [], "totalCount": 0}) == []


def test_older_spellings_and_title_fallback() -> None:
    record = {
        "protocolSection": {
            "identificationModule": {"nctId": "NCT00000001", "officialTitle": " An Official Title "},
            "statusModule": {"overallStatus": "Active, not recruiting", "lastUpdateSubmitDate": "2020-03"},
            "designModule": {"phases": ["Phase 2", "PHASE3"]},
            "eligibilityModule": {"sex": "Female", "minimumAge": "N/A", "maximumAge": "65 Years"},
            "contactsLocationsModule": {
                "locations": [{"facility": "A", "city": "Busan", "country": "Korea", "geoPoint": {"lat": 95, "lon": 1}}]
            },
        }
    }
    [s] = parse_studies(record)
    assert (s.title, s.status, s.phases, s.sex) == (
        "An Official Title",
        "ACTIVE_NOT_RECRUITING",
        ("PHASE2", "PHASE3"),
        "FEMALE",
    )
    assert (s.minimum_age, s.maximum_age, s.last_update) == (None, "65 Years", "2020-03")
    assert (s.sites[0].lat, s.sites[0].lon) == (None, None)  # a latitude of 95 is no place


def _fhir_bundle() -> bytes:
    return json.dumps({"resourceType": "Bundle", "type": "searchset", "entry": []}).encode()


def _with_id(nct: object) -> bytes:
    return json.dumps({"protocolSection": {"identificationModule": {"nctId": nct}}}).encode()


def _bad_module() -> bytes:
    record = _load(TOCA)
    record["protocolSection"]["conditionsModule"]["conditions"] = "Colorectal Cancer"
    return json.dumps(record).encode()


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (_fhir_bundle(), "a FHIR Bundle"),
        (PAGE.read_bytes()[:2000], "not valid JSON"),
        (b"42", "the JSON is a number"),
        (b'"NCT02513394"', "the JSON is a text"),
        (b"", "empty"),
        (b"\xff\xfe{", "not UTF-8"),
        (_with_id("NCT1234567"), "'NCT1234567' is not NCT and 8 digits"),
        (_with_id("nct02513394"), "is not NCT and 8 digits"),
        (_with_id(2513394), "has no protocolSection.identificationModule.nctId"),
        (b'{"studies": {"a": 1}}', '"studies" is not a list'),
        (b'{"studies": [{"protocolSection": {}}]}', "has no protocolSection.identificationModule.nctId"),
        (b"[1, 2]", "item 1 is a number"),
        (_bad_module(), "conditionsModule.conditions is not a list of texts"),
        (b"[" * 1000 + b"]" * 1000, "nested"),
        (b"{}", "without a protocolSection"),
    ],
)
def test_bad_input_is_one_readable_error(data: bytes, says: str) -> None:
    with pytest.raises(TrialError) as caught:
        parse_studies(data, "trials.json")
    message = str(caught.value)
    assert isinstance(caught.value, WalletError)
    assert message.startswith("trials.json: not a ClinicalTrials.gov study record: ")
    assert says in message
    assert "\n" not in message and "Traceback" not in message


def test_input_over_the_limit_is_refused_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.json"
    big.write_bytes(b'{"studies": [' + b" " * MAX_JSON_DOCUMENT_BYTES + b"]}")
    with pytest.raises(
        TrialError, match=r"^big\.json: not a ClinicalTrials.gov study record: larger than the 10 MB limit"
    ):
        read_studies(big)
    with pytest.raises(TrialError, match="over the 10 MB limit"):
        parse_studies(big.read_bytes())
    with pytest.raises(TrialError, match="is a folder"):
        read_studies(tmp_path)
    with pytest.raises(TrialError, match="cannot be read"):
        read_studies(tmp_path / "missing.json")


def test_nct_ids_typed_by_a_person() -> None:
    assert nct_id(" nct02513394 ") == "NCT02513394"
    for bad in ("NCT0251339", "NCT025133940", "02513394", "NCT0251339X", ""):
        with pytest.raises(TrialError, match="not an NCT id"):
            nct_id(bad)


# --------------------------------------------------------------------------- the vault


def test_studies_are_kept_in_the_vault_and_audited(vault: Any) -> None:
    pallas = read_studies(PALLAS)
    page = read_studies(PAGE)
    assert save_studies(vault, pallas, "file:NCT02513394_reduced.json") == (1, 0)
    assert save_studies(vault, page, "fetch") == (3, 0)
    assert vault.cache_keys("trial:") == sorted(f"trial:{s.nct_id}" for s in pallas + page)
    entry = vault.cache_get("trial:NCT02513394")
    assert entry["source"] == "file:NCT02513394_reduced.json" and entry["record"] == _load(PALLAS)
    added_at = entry["added"]

    # the same records again: nothing changes; a changed record is an update that keeps its first "added" time
    assert save_studies(vault, page, "file:page.json") == (0, 0)
    changed = _load(PALLAS)
    changed["protocolSection"]["statusModule"]["overallStatus"] = "COMPLETED"
    assert save_studies(vault, parse_studies(changed), "fetch") == (0, 1)
    entry = vault.cache_get("trial:NCT02513394")
    assert entry["added"] == added_at and entry["source"] == "fetch" and entry["updated"]

    # read back: every field as parsed; the newest registry update first, undated ones after by id
    stored = stored_studies(vault)
    assert [s.nct_id for s in stored] == ["NCT02513394", "NCT04114136", "NCT04318717", "NCT06970236"]
    assert stored[1:] == sorted(page, key=lambda s: s.nct_id)
    assert get_study(vault, "nct02513394").status == "COMPLETED"
    assert get_study(vault, "NCT02513394").sites == pallas[0].sites
    assert kept_studies(vault)[0].source == "fetch"

    delete_study(vault, "NCT04114136")
    with pytest.raises(TrialError, match="keeps no study NCT04114136"):
        get_study(vault, "NCT04114136")
    with pytest.raises(TrialError, match="keeps no study NCT04114136"):
        delete_study(vault, "NCT04114136")
    assert len(stored_studies(vault)) == 3

    entries = [e for e in reversed(vault.audit_entries()) if e["action"].startswith("trials.")]
    assert [e["action"] for e in entries] == [
        "trials.import",
        "trials.fetch",
        "trials.import",
        "trials.fetch",
        "trials.delete",
    ]
    assert entries[0]["detail"] == {
        "studies": 1,
        "added": 1,
        "updated": 0,
        "unchanged": 0,
        "nct_ids": ["NCT02513394"],
    }
    assert entries[2]["detail"]["unchanged"] == 3
    assert entries[4]["detail"] == {"nct_id": "NCT04114136"}
    assert "NCT02513394_reduced.json" not in json.dumps(entries)  # counts and ids only, no file names
    assert vault.audit_problems() == []


def test_the_record_is_kept_encrypted(vault: Any, vault_dir: Path) -> None:
    save_studies(vault, read_studies(PALLAS), "file:a.json")
    vault.checkpoint()
    on_disk = b"".join(p.read_bytes() for p in vault_dir.iterdir() if p.is_file())
    assert b"PALbociclib" not in on_disk and b"NCT02513394" not in on_disk


# --------------------------------------------------------------------------- fetching


@dataclass
class Seen:
    """What the loopback server received: each request's path, query pairs and headers."""

    requests: list[tuple[str, list[tuple[str, str]], dict[str, str]]] = field(default_factory=list)


PAGE_ONE = PAGE.read_bytes()
TOKEN = _load(PAGE)["nextPageToken"]
PAGE_TWO = json.dumps({"studies": [_load(TOCA)]}).encode()


class _Handler(BaseHTTPRequestHandler):
    seen: Seen

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def _send(self, status: int, body: bytes, kind: str = "application/json", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the client gave up (the timeout test)
            self.wfile.write(body)

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        query = parse_qsl(parts.query, keep_blank_values=True)
        self.seen.requests.append((self.path, query, dict(self.headers.items())))
        token = dict(query).get("pageToken")
        route = parts.path
        if route == "/ok/studies":
            if token is None:
                self._send(200, PAGE_ONE, Set_Cookie="session=abc; Path=/")
            elif token == TOKEN:
                self._send(200, PAGE_TWO)
            else:
                self._send(400, b"unknown page token")
        elif route == "/loop/studies":
            self._send(200, json.dumps({"studies": [], "nextPageToken": "same"}).encode())
        elif route == "/fail/studies":
            self._send(500, b"Internal Server Error", "text/plain")
        elif route == "/bad-request/studies":
            self._send(400, b"The filter.overallStatus value SOMETHING is not valid\x1b[2J", "text/plain")
        elif route == "/html/studies":
            self._send(200, b"<html><body>Service unavailable</body></html>", "text/html")
        elif route == "/fhir/studies":
            self._send(200, _fhir_bundle())
        elif route == "/big/studies":
            self._send(200, b'{"studies": [' + b" " * 5000 + b"]}")
        elif route == "/big-unsized/studies":  # no Content-Length: the answer ends when the connection closes
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(b'{"studies": [' + b" " * 5000 + b"]}")
        elif route == "/slow/studies":
            time.sleep(1.5)
            self._send(200, PAGE_TWO)
        else:
            self._send(404, b"not here", "text/plain")


@pytest.fixture
def server() -> Iterator[tuple[str, Seen]]:
    seen = Seen()
    handler = type("Handler", (_Handler,), {"seen": seen})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


QUERY = TrialQuery("melanoma", country="Korea, Republic of", city="Seoul", status=("RECRUITING", "not yet recruiting"))


def test_query_parameters_follow_the_api() -> None:
    assert query_params(QUERY) == {
        "format": "json",
        "query.cond": "melanoma",
        "query.locn": "Seoul, Korea, Republic of",
        "filter.overallStatus": "RECRUITING|NOT_YET_RECRUITING",
        "pageSize": "20",
        "countTotal": "true",
    }
    assert preview(TrialQuery("breast cancer")) == (
        "https://clinicaltrials.gov/api/v2/studies?format=json&query.cond=breast%20cancer"
        "&filter.overallStatus=RECRUITING&pageSize=20&countTotal=true"
    )
    assert "filter.overallStatus" not in query_params(TrialQuery("asthma", status=()))
    for bad, says in [
        (TrialQuery("  "), "which condition"),
        (TrialQuery("asthma", status=("OPEN",)), "unknown study status 'OPEN'"),
        (TrialQuery("asthma", page_size=0), "page size"),
        (TrialQuery("a\x1b[2Jb"), "control characters"),
        (TrialQuery("x" * 201), "longer than 200"),
    ]:
        with pytest.raises(TrialError, match=says):
            query_params(bad)


def test_fetch_follows_the_next_page_and_sends_only_the_query(
    server: tuple[str, Seen], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    base, seen = server
    # credentials for this host in a netrc file must not be sent (requests would add them by default)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login someone password secret\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    result = fetch_search(QUERY, base_url=f"{base}/ok/studies")
    assert [s.nct_id for s in result.studies] == ["NCT06970236", "NCT04114136", "NCT04318717", "NCT02576665"]
    assert (result.total, result.more) == (480, False)

    assert len(seen.requests) == 2
    (first_path, first_query, first_headers), (_, second_query, second_headers) = seen.requests
    assert base + first_path == preview(QUERY, f"{base}/ok/studies")  # exactly what was shown
    assert first_query == list(query_params(QUERY).items())
    assert second_query == [*query_params(QUERY).items(), ("pageToken", TOKEN)]
    for headers in (first_headers, second_headers):
        names = {name.lower() for name in headers}
        assert names <= {"host", "user-agent", "accept", "accept-encoding", "connection"}, names
        assert headers["User-Agent"].startswith("mydata-wallet/")
    assert "Cookie" not in second_headers  # the first answer's cookie was not kept


def test_fetch_stops_at_max_pages_and_at_a_repeated_token(server: tuple[str, Seen]) -> None:
    base, seen = server
    result = fetch_search(QUERY, base_url=f"{base}/ok/studies", max_pages=1)
    assert len(result.studies) == 3 and result.more and len(seen.requests) == 1
    assert fetch_studies(QUERY, base_url=f"{base}/loop/studies", max_pages=5) == []
    assert len(seen.requests) == 3  # the loop's second page repeats its token: no third request


@pytest.mark.parametrize(
    ("route", "says"),
    [
        ("fail", "answered HTTP 500 Internal Server Error"),
        ("bad-request", "answered HTTP 400 Bad Request: The filter.overallStatus value SOMETHING is not valid"),
        ("html", "answered with something that is not JSON (text/html)"),
        ("fhir", "answered JSON that is not a page of studies"),
        ("nowhere", "answered HTTP 404"),
    ],
)
def test_fetch_errors_are_one_readable_line(server: tuple[str, Seen], route: str, says: str) -> None:
    base, _seen = server
    with pytest.raises(TrialError) as caught:
        fetch_studies(QUERY, base_url=f"{base}/{route}/studies")
    assert says in str(caught.value) and "\x1b" not in str(caught.value)
    assert str(caught.value).startswith("127.0.0.1 ")


def test_fetch_stops_reading_an_answer_over_the_limit(
    server: tuple[str, Seen], monkeypatch: pytest.MonkeyPatch
) -> None:
    base, _seen = server
    monkeypatch.setattr(fetch_mod, "MAX_ANSWER_BYTES", 1000)
    with pytest.raises(TrialError, match=r"sent 0.00478 MB, over the 0.000954 MB limit for one answer"):
        fetch_studies(QUERY, base_url=f"{base}/big/studies")
    with pytest.raises(TrialError, match=r"sent more than 0.000954 MB, the limit for one answer; stopped there"):
        fetch_studies(QUERY, base_url=f"{base}/big-unsized/studies")


def test_fetch_timeout_and_no_server(server: tuple[str, Seen]) -> None:
    base, _seen = server
    with pytest.raises(TrialError, match=r"did not answer within 0\.3 s"):
        fetch_studies(QUERY, base_url=f"{base}/slow/studies", timeout=0.3)
    with pytest.raises(TrialError, match=r"could not reach 127\.0\.0\.1"):
        fetch_studies(QUERY, base_url="http://127.0.0.1:9/studies", timeout=2)


# --------------------------------------------------------------------------- the official API description


def _spec() -> dict[str, Any]:
    """tests/fixtures/trials/ctg-oas-v2.yaml: ClinicalTrials.gov's OpenAPI 3 description of API v2 (see LICENSES.md)."""
    data: dict[str, Any] = yaml.safe_load((TRIALS / "ctg-oas-v2.yaml").read_text(encoding="utf-8"))
    return data


def test_query_parameters_are_those_of_the_official_spec() -> None:
    spec = _spec()
    studies = spec["paths"]["/studies"]["get"]
    declared = {p["name"]: p for p in studies["parameters"] if p["in"] == "query"}
    params = query_params(TrialQuery("diabetes", city="Seoul", country="Korea", status=("RECRUITING",), page_size=20))
    assert set(params) == {"format", "query.cond", "query.locn", "filter.overallStatus", "pageSize", "countTotal"}
    assert set(params) | {"pageToken"} <= set(declared)  # fetch_studies adds pageToken to the pages after the first
    assert params["format"] in declared["format"]["schema"]["enum"]
    assert declared["countTotal"]["schema"]["type"] == "boolean" and params["countTotal"] == "true"
    assert declared["pageSize"]["schema"]["type"] == "integer"
    assert declared["pageSize"]["schema"]["minimum"] < 1 and fetch_mod.MAX_PAGE_SIZE <= 1000  # coerced down to 1,000
    overall = declared["filter.overallStatus"]
    assert overall["style"] == "pipeDelimited" and overall["schema"]["items"]["$ref"] == "#/components/schemas/Status"
    assert (
        "|" in query_params(TrialQuery("asthma", status=("RECRUITING", "NOT_YET_RECRUITING")))["filter.overallStatus"]
    )
    # the answer the pages are read from
    paged = spec["components"]["schemas"]["PagedStudies"]
    assert {"studies", "nextPageToken", "totalCount"} <= set(paged["properties"]) and paged["required"] == ["studies"]


def test_status_names_are_the_spec_enum() -> None:
    enum = _spec()["components"]["schemas"]["Status"]["enum"]
    assert list(fetch_mod.STATUSES) == enum
    for status in enum:  # every one the registry may send is accepted as a filter
        assert query_params(TrialQuery("asthma", status=(status.lower(),)))["filter.overallStatus"] == status
