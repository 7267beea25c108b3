"""The ``trials`` commands end to end, each in its own process: import, fetch (loopback), list, show, delete."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from conftest import FIXTURES, run_cli

from wallet.features.trials.fetch import TrialQuery, preview

pytestmark = pytest.mark.slow

TRIALS = FIXTURES / "trials"
PALLAS = TRIALS / "NCT02513394_reduced.json"
TOCA = TRIALS / "biomcp_get_nct02576665_partial.json"
PAGE = TRIALS / "biomcp_search_melanoma_recruiting_page.json"


def test_import_list_show_delete(vault_dir: Path, vault: Any, tmp_path: Path) -> None:
    r = run_cli(vault_dir, "trials", "import", str(PALLAS), str(TOCA), str(PAGE))
    assert r.returncode == 0, r.stderr
    assert r.stdout.splitlines() == [
        "NCT02513394_reduced.json: 1 study (1 added, 0 updated)",
        "biomcp_get_nct02576665_partial.json: 1 study (1 added, 0 updated)",
        "biomcp_search_melanoma_recruiting_page.json: 3 studies (3 added, 0 updated)",
    ]
    again = run_cli(vault_dir, "trials", "import", str(PAGE))
    assert (
        again.stdout.strip()
        == "biomcp_search_melanoma_recruiting_page.json: 3 studies (0 added, 0 updated, 3 unchanged)"
    )

    listed = run_cli(vault_dir, "trials", "list")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert len(lines) == 5
    assert lines[0].startswith("NCT02513394  2023-06-15  ACTIVE_NOT_RECRUITING")
    assert lines[0].endswith("PALbociclib CoLlaborative Adjuvant Study")
    as_json = json.loads(run_cli(vault_dir, "trials", "list", "--json").stdout)
    assert sorted(s["nct_id"] for s in as_json) == [
        "NCT02513394",
        "NCT02576665",
        "NCT04114136",
        "NCT04318717",
        "NCT06970236",
    ]
    pallas = as_json[0]
    assert (pallas["sites"], pallas["source"], pallas["phases"]) == (437, "file:NCT02513394_reduced.json", ["PHASE3"])

    shown = run_cli(vault_dir, "trials", "show", "nct02513394")
    assert shown.returncode == 0, shown.stderr
    out = shown.stdout
    assert "ages:        18 Years or older" in out and "healthy volunteers: not accepted" in out
    assert "sites:       437 (United States " in out and "Korea, Republic of 3" in out
    assert "page:        https://clinicaltrials.gov/study/NCT02513394" in out
    assert "Inclusion Criteria:" in out and "* Age ≥18 years (or per national guidelines)." in out
    full = json.loads(run_cli(vault_dir, "trials", "show", "NCT02576665", "--json").stdout)
    assert (full["minimum_age"], full["maximum_age"], full["healthy_volunteers"]) == ("18 Years", "75 Years", None)
    assert full["eligibility"].startswith("Inclusion Criteria:")

    deleted = run_cli(vault_dir, "trials", "delete", "NCT04114136")
    assert (deleted.returncode, deleted.stdout.strip()) == (0, "deleted NCT04114136")
    gone = run_cli(vault_dir, "trials", "show", "NCT04114136")
    assert gone.returncode == 1
    assert gone.stderr.strip() == "mydata-wallet: the vault keeps no study NCT04114136"
    bad_id = run_cli(vault_dir, "trials", "delete", "NCT123")
    assert bad_id.returncode == 1 and "not an NCT id: 'NCT123'" in bad_id.stderr
    assert len(json.loads(run_cli(vault_dir, "trials", "list", "--json").stdout)) == 4


def test_a_bad_file_is_one_line_and_nothing_is_kept(vault_dir: Path, vault: Any, tmp_path: Path) -> None:
    fhir = tmp_path / "bundle.json"
    fhir.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": []}))
    r = run_cli(vault_dir, "trials", "import", str(PAGE), str(fhir))
    assert r.returncode == 1
    assert r.stderr.splitlines() == [
        "mydata-wallet: bundle.json: not a ClinicalTrials.gov study record: a FHIR Bundle "
        "(this reads ClinicalTrials.gov API v2 JSON, not FHIR)"
    ]
    cut = tmp_path / "cut.json"
    cut.write_bytes(PAGE.read_bytes()[:3000])
    r = run_cli(vault_dir, "trials", "import", str(cut))
    assert r.returncode == 1 and len(r.stderr.splitlines()) == 1 and "not valid JSON" in r.stderr
    assert "No studies kept yet." in run_cli(vault_dir, "trials", "list").stdout


def test_text_from_a_record_is_printed_safely(vault_dir: Path, vault: Any, tmp_path: Path) -> None:
    record = json.loads(TOCA.read_text(encoding="utf-8"))
    record["protocolSection"]["identificationModule"]["briefTitle"] = "Safe\x1b[2J\u202eTitle"
    record["protocolSection"]["eligibilityModule"]["eligibilityCriteria"] = (
        "Inclusion Criteria:\n\n* adults\r\x1b]0;x\x07"
    )
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(record))
    assert run_cli(vault_dir, "trials", "import", str(path)).returncode == 0
    listed = run_cli(vault_dir, "trials", "list").stdout
    assert "\x1b" not in listed and "\u202e" not in listed and "Safe\\x1b[2J\\u202eTitle" in listed
    shown = run_cli(vault_dir, "trials", "show", "NCT02576665").stdout
    assert "\x1b" not in shown and "\r" not in shown and "* adults\\r\\x1b]0;x\\x07" in shown
    raw = run_cli(vault_dir, "trials", "show", "NCT02576665", "--json").stdout
    assert "\x1b" not in raw and json.loads(raw)["title"] == "Safe\x1b[2J\u202eTitle"


# --------------------------------------------------------------------------- fetch


class _Handler(BaseHTTPRequestHandler):
    seen: list[tuple[str, dict[str, str]]]
    fail: bool = False

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        self.seen.append((self.path, dict(self.headers.items())))
        token = dict(parse_qsl(urlsplit(self.path).query)).get("pageToken")
        if self.fail:
            status, body = 500, b"Internal Server Error"
        elif token is None:
            status, body = 200, PAGE.read_bytes()
        else:
            status, body = 200, json.dumps({"studies": [json.loads(TOCA.read_bytes())]}).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _serve(fail: bool = False) -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    seen: list[tuple[str, dict[str, str]]] = []
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("Handler", (_Handler,), {"seen": seen, "fail": fail}))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/api/v2/studies", seen
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


@pytest.fixture
def registry() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    yield from _serve()


@pytest.fixture
def broken_registry() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    yield from _serve(fail=True)


def test_fetch_shows_the_address_asks_and_keeps_what_it_found(
    vault_dir: Path, vault: Any, registry: tuple[str, list[tuple[str, dict[str, str]]]]
) -> None:
    base, seen = registry
    holder = vault.holder()
    vault.save_person(holder.model_copy(update={"name": "Minji Kim"}))
    args = (
        "trials",
        "fetch",
        "--condition",
        "melanoma",
        "--city",
        "Seoul",
        "--country",
        "South Korea",
        "--base-url",
        base,
    )
    expected = preview(TrialQuery("melanoma", country="South Korea", city="Seoul"), base)

    refused = run_cli(vault_dir, *args, stdin="n\n")
    assert refused.returncode != 0 and seen == []  # nothing sent without a yes
    assert f"  {expected}" in refused.stdout.splitlines()

    r = run_cli(vault_dir, *args, stdin="y\n")
    assert r.returncode == 0, r.stderr
    assert "only what you typed, nothing from the vault" in r.stdout
    assert "fetched 4 studies (4 added, 0 updated)" in r.stdout
    assert len(seen) == 2
    first_path = seen[0][0]
    assert base.split("/api/")[0] + first_path == expected
    assert seen[1][0] == first_path + "&pageToken=" + json.loads(PAGE.read_bytes())["nextPageToken"]
    for path, headers in seen:
        assert "Minji" not in path and "Minji" not in json.dumps(headers)
        assert {h.lower() for h in headers} <= {"host", "user-agent", "accept", "accept-encoding", "connection"}

    listed = json.loads(run_cli(vault_dir, "trials", "list", "--json").stdout)
    assert {s["nct_id"]: s["source"] for s in listed} == {
        "NCT06970236": "fetch",
        "NCT04114136": "fetch",
        "NCT04318717": "fetch",
        "NCT02576665": "fetch",
    }
    again = run_cli(vault_dir, *args, "--pages", "1", "--yes")
    assert again.returncode == 0, again.stderr
    assert "fetched 3 studies (0 added, 0 updated, 3 unchanged)" in again.stdout
    assert "the registry has more of 480" in again.stdout
    actions = [e["action"] for e in vault.audit_entries() if e["action"].startswith("trials.")]
    assert actions == ["trials.fetch", "trials.fetch"]  # newest first; the refused one is not there


def test_fetch_failure_is_one_line(
    vault_dir: Path, vault: Any, broken_registry: tuple[str, list[tuple[str, dict[str, str]]]]
) -> None:
    base, seen = broken_registry
    r = run_cli(vault_dir, "trials", "fetch", "--condition", "asthma", "--yes", "--base-url", base)
    assert r.returncode == 1 and len(seen) == 1
    assert r.stderr.splitlines() == ["mydata-wallet: 127.0.0.1 answered HTTP 500 Internal Server Error"]
    bad = run_cli(
        vault_dir, "trials", "fetch", "--condition", "asthma", "--status", "OPEN", "--yes", "--base-url", base
    )
    assert bad.returncode == 2 and "'OPEN' is not one of" in bad.stderr and len(seen) == 1
