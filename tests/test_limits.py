"""Per-value tolerance and per-file limits (wallet.limits): one bad value never fails a whole
file with a bug message, and each limit ends in one readable line before the work it bounds."""

from __future__ import annotations

import io
import json
import math
import shutil
from pathlib import Path

import pytest
from conftest import DEMO

from wallet import limits
from wallet.errors import ConnectorError, WalletError
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.vault import Vault

FORBIDDEN = ("unexpected", "internal error", "Traceback")


def obs(rid: str, **fields: object) -> dict[str, object]:
    return {"resourceType": "Observation", "id": rid, "status": "final", "code": {"text": f"test {rid}"}, **fields}


def bundle(*resources: dict[str, object]) -> str:
    return json.dumps({"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources]})


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
    return path


def count(vault: Vault) -> int:
    return int(vault.conn.execute("SELECT count(*) FROM records").fetchone()[0])


def readable(text: str) -> None:
    assert "\n" not in text
    for word in FORBIDDEN:
        assert word.lower() not in text.lower(), text


@pytest.mark.parametrize(
    ("field", "text"),
    [
        ("end", "9999-12-31T23:59:59-05:00"),  # FHIR's common "no end": beyond year 9999 in UTC
        ("start", "0001-01-01T00:00:00+05:00"),  # before year 1 in UTC
    ],
)
def test_fhir_date_out_of_range_is_kept_as_text(vault: Vault, tmp_path: Path, field: str, text: str) -> None:
    period = {"start": "2020-01-01T00:00:00Z", "end": text} if field == "end" else {"start": text}
    path = write(tmp_path, "b.json", bundle(obs("bad", effectivePeriod=period), obs("good")))
    report = import_source(vault, Source(path))
    assert report.added == 2 and not report.skipped and report.error is None
    (bad,) = [r for r in vault.records(kind="Observation") if r.payload["id"] == "bad"]
    assert getattr(bad, field) is None
    assert bad.payload["effectivePeriod"][field] == text  # the FHIR resource keeps the source's text
    assert any("outside years 1-9999" in w and text[:10] in w for w in bad.provenance.warnings)


def test_ofx_dates_out_of_range_and_amount_beyond_float(vault: Vault, tmp_path: Path) -> None:
    header = "OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\n"
    header += "COMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n"
    trn = "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{d}<TRNAMT>{a}<FITID>{i}<NAME>n{i}</STMTTRN>\n"
    body = (
        "<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20200101<LANGUAGE>ENG"
        "</SONRS></SIGNONMSGSRSV1><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>"
        "<STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>1<ACCTID>123<ACCTTYPE>CHECKING</BANKACCTFROM>"
        "<BANKTRANLIST><DTSTART>20200101<DTEND>20200201\n"
        + trn.format(d="99991231235959[-5:EST]", a="-1.00", i=1)
        + trn.format(d="00010101000000[+5]", a="-2.00", i=2)
        + trn.format(d="20200102", a="1" + "0" * 400, i=3)
        + trn.format(d="20200103", a="-4.00", i=4)
        + "</BANKTRANLIST><LEDGERBAL><BALAMT>1<DTASOF>20200101</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n"
    )
    report = import_source(vault, Source(write(tmp_path, "s.ofx", header + body)))
    assert report.error is None and not report.skipped
    by_id = {r.provenance.original_id: r for r in vault.records(kind="transaction")}
    assert len(by_id) == 4
    late, early, huge, fine = (by_id[k] for k in sorted(by_id, key=str))
    assert late.start is None and late.payload["_kept_as_text"]["start"].startswith("9999-12-31T23:59:59")
    assert early.start is None and early.payload["_kept_as_text"]["start"].startswith("0001-01-01T00:00:00")
    assert huge.value is None and huge.payload["amount"] == "1" + "0" * 400  # never infinity
    assert any("beyond the range" in w for w in huge.provenance.warnings)
    assert fine.value == -4.0 and not fine.provenance.warnings


def test_ofx_header_of_one_long_word_is_read_in_linear_time(vault: Vault, tmp_path: Path) -> None:
    """A million letters before <OFX> with no ':' after them: the header scan tried every start
    position (quadratic, hours for a file under the size limit); it now ends with one line at once."""
    data = "OFXHEADER:100\nDATA:OFXSGML\n" + "A" * 1_000_000 + "\n<OFX></OFX>\n"
    before = vault.count()
    with pytest.raises(WalletError) as failed:
        import_source(vault, Source(write(tmp_path, "word.ofx", data)))
    assert str(failed.value) == "word.ofx: this OFX file holds no statement, transaction, balance or account list"
    assert vault.count() == before


def test_lone_surrogate_is_replaced_with_a_warning(vault: Vault, tmp_path: Path) -> None:
    text = bundle(obs("bad", note=[{"text": "PLACEHOLDER"}]), obs("good")).replace("PLACEHOLDER", "a\\ud800b")
    report = import_source(vault, Source(write(tmp_path, "b.json", text)))
    assert report.added == 2 and report.warnings >= 1
    (bad,) = [r for r in vault.records(kind="Observation") if r.payload["id"] == "bad"]
    assert bad.payload["note"][0]["text"] == "a\ufffdb"
    assert any("lone surrogates" in w for w in bad.provenance.warnings)


def test_integers_beyond_float_and_beyond_python(vault: Vault, tmp_path: Path) -> None:
    big = obs("big", valueQuantity={"value": 10**3000, "unit": "x"})  # a float cannot hold it
    text = bundle(big, obs("huge", valueQuantity={"value": 0}), obs("good")).replace(
        '"value": 0', '"value": ' + "9" * 5000
    )
    report = import_source(vault, Source(write(tmp_path, "b.json", text)))
    assert report.added == 3 and report.error is None
    got = {r.payload["id"]: r for r in vault.records(kind="Observation")}
    assert got["big"].value is None and got["big"].payload["valueQuantity"]["value"] == 10**3000
    assert any("beyond the range" in w for w in got["big"].provenance.warnings)
    assert got["huge"].payload["valueQuantity"]["value"] == "9" * 5000  # over Python's 4300 digits: text


def test_float_beyond_range_is_not_infinity(vault: Vault, tmp_path: Path) -> None:
    text = bundle(obs("inf", valueQuantity={"value": 0}), obs("good")).replace('"value": 0', '"value": 1e400')
    import_source(vault, Source(write(tmp_path, "b.json", text)))
    (rec,) = [r for r in vault.records(kind="Observation") if r.payload["id"] == "inf"]
    assert rec.value is None and rec.payload["valueQuantity"]["value"] == "1e400"
    row = vault.conn.execute("SELECT count(*) FROM records WHERE value > 1e308 OR value < -1e308").fetchone()
    assert row[0] == 0


def test_deep_resource_is_skipped_rest_imported(vault: Vault, tmp_path: Path) -> None:
    text = bundle(obs("deep", extension="NEST"), obs("good")).replace('"NEST"', "[" * 300 + "]" * 300)
    report = import_source(vault, Source(write(tmp_path, "b.json", text)))
    assert report.added == 1
    (skipped,) = report.skipped
    assert "deep" in skipped.where and f"more than {limits.MAX_NESTING} levels" in skipped.reason


@pytest.mark.parametrize("suffix", [".json", ".ndjson"])
@pytest.mark.slow
def test_absurd_nesting_one_message_vault_unchanged(vault: Vault, tmp_path: Path, suffix: str) -> None:
    import_source(vault, Source(write(tmp_path, "first.json", bundle(obs("before")))))
    before = count(vault)
    deep = '{"resourceType":"Observation","x":' + "[" * 100_000 + "]" * 100_000 + "}"
    if suffix == ".json":
        with pytest.raises(ConnectorError) as err:
            import_source(vault, Source(write(tmp_path, "deep.json", deep)))
        readable(str(err.value))
        assert f"more than {limits.MAX_DOCUMENT_NESTING} levels" in str(err.value)
        assert count(vault) == before
    else:
        lines = json.dumps(obs("a")) + "\n" + deep + "\n" + json.dumps(obs("b")) + "\n"
        report = import_source(vault, Source(write(tmp_path, "deep.ndjson", lines)))
        assert report.added == 2 and [s.where for s in report.skipped] == ["deep.ndjson line 2"]


def test_ndjson_line_longer_than_limit_is_skipped_unread(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_LINE_BYTES", 1000)
    long = json.dumps(obs("long", note=[{"text": "x" * 5000}]))
    text = json.dumps(obs("a")) + "\n" + long + "\n" + json.dumps(obs("b")) + "\n"
    report = import_source(vault, Source(write(tmp_path, "f.ndjson", text)))
    assert report.added == 2
    (skipped,) = report.skipped
    assert skipped.where == "f.ndjson line 2" and "longer than" in skipped.reason


def test_read_line_is_bounded() -> None:
    fh = io.BytesIO(b"short\n" + b"x" * 10_000 + b"\nafter\nlast")
    reads = [limits.read_line(fh, 100) for _ in range(5)]
    assert reads == [(b"short\n", False), (b"", True), (b"after\n", False), (b"last", False), (b"", False)]


def test_json_document_over_limit(vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import connectors.fhir as fhir

    monkeypatch.setattr(fhir, "MAX_JSON_BYTES", 2000)
    path = write(tmp_path, "big.json", bundle(*[obs(str(i)) for i in range(50)]))
    with pytest.raises(ConnectorError, match="limit for one FHIR JSON document; FHIR NDJSON") as err:
        import_source(vault, Source(path))
    readable(str(err.value))
    assert count(vault) == 0


def test_text_longer_than_limit_skips_that_record(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(limits, "MAX_TEXT_CHARS", 1000)
    path = write(tmp_path, "b.json", bundle(obs("long", note=[{"text": "x" * 5000}]), obs("good")))
    report = import_source(vault, Source(path))
    assert report.added == 1
    (skipped,) = report.skipped
    assert "long" in skipped.where and "limit for one value" in skipped.reason


@pytest.mark.parametrize(
    ("text", "limit", "deeper"),
    [
        (b"[]", 1, False),
        (b"[[]]", 1, True),
        (b'{"a":[{"b":[1]}]}', 4, False),
        (b'{"a":[{"b":[1]}]}', 3, True),
        (b'{"a":"[[[[[[[[","b":"\\"[[[["}', 1, False),  # brackets inside strings do not count
        (b"[{" * 200 + b"}]" * 200, 399, True),
        (b"[{" * 200 + b"}]" * 200, 400, False),
        (b"[[[[[[", 2, False),  # unbalanced: left to the parser, which says so better
    ],
)
def test_nesting_scan(text: bytes, limit: int, deeper: bool) -> None:
    assert limits.nesting_exceeds(text, limit) is deeper


def test_load_json_messages() -> None:
    with pytest.raises(ConnectorError, match="not UTF-8"):
        limits.load_json(b'{"a": "\xff"}', "f.json")
    with pytest.raises(ConnectorError, match=r"not valid JSON \(Expecting"):
        limits.load_json(b'{"a": ', "f.json")
    assert limits.load_json(b'{"n": 1e400, "m": 12}', "f.json") == {"n": "1e400", "m": 12}
    assert math.isfinite(limits.load_json(b"1.5e308", "f.json"))


def test_verify_refuses_a_bundle_over_its_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from wallet.features.share import verify

    monkeypatch.setattr(verify, "MAX_BUNDLE", 1000)
    path = tmp_path / "big.zip"
    path.write_bytes(b"PK\x03\x04" + b"\0" * 5000)
    result = verify.verify_file(path)
    assert not result.ok
    (failure,) = result.failures
    assert "larger than" in failure.message and "limit for a share bundle" in failure.message


def test_errors_for_hostile_input_are_wallet_errors(vault: Vault, tmp_path: Path) -> None:
    """Every case above that fails does so as a WalletError: the CLI prints it as one line."""
    for name, text in [("a.json", '{"resourceType": "Observation", "x": ' + "[" * 5000), ("b.json", "{" * 3000)]:
        with pytest.raises(WalletError) as err:
            import_source(vault, Source(write(tmp_path, name, text)), connector_id="fhir")
        readable(str(err.value))


def _pdf_page(width: int, height: int) -> bytes:
    objs = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 %d %d]>>" % (width, height),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n" + b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) is not installed")
@pytest.mark.slow
def test_preview_of_a_huge_page_is_capped(qapp: object) -> None:
    from wallet.ui.pdf_render import MAX_PIXELS, render_pdf_page

    huge = render_pdf_page(_pdf_page(14400, 14400), dpi=150)  # 200 inches square: 30000 x 30000 at 150 dpi
    assert huge is not None and huge.width() * huge.height() <= MAX_PIXELS
    assert huge.width() > 4000  # scaled to the cap, not to a thumbnail
    a4 = render_pdf_page(_pdf_page(595, 842), dpi=72)  # an ordinary page keeps its resolution
    assert a4 is not None and (a4.width(), a4.height()) == (595, 842)


def test_a_value_python_cannot_hold_is_not_called_a_bug(vault: Vault, tmp_path: Path) -> None:
    """A connector that did not expect a date past year 9999 stops the file with a plain message."""
    from datetime import UTC, datetime, timedelta

    from wallet.imports.connector import Connector, ImportContext
    from wallet.imports.pipeline import run_import
    from wallet.model import Domain

    class Naive(Connector):
        id = "naive"
        name = "Naive"
        domains = (Domain.HEALTH,)
        accepts = "anything"

        def identify(self, source: Source) -> bool:
            return True

        def read(self, source: Source, context: ImportContext):  # type: ignore[no-untyped-def]
            yield datetime(9999, 12, 31, tzinfo=UTC) + timedelta(days=1)

    path = write(tmp_path, "x.txt", "9999-12-31")
    with pytest.raises(ConnectorError) as err:
        run_import(vault, Naive(), Source(path), ImportContext())
    readable(str(err.value))
    assert "a value out of range in this file stopped the Naive connector" in str(err.value)
    assert count(vault) == 0


# found by benchmarks/fuzz.py ------------------------------------------------------------------


def test_apple_health_day_9999_12_31_imports(vault: Vault, tmp_path: Path) -> None:
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
        b'<ExportDate value="2020-01-01 00:00:00 +0000"/>\n'
        b'<ActivitySummary dateComponents="9999-12-31" activeEnergyBurned="10" activeEnergyBurnedGoal="20"/>\n'
        b'<ActivitySummary dateComponents="2020-01-01" activeEnergyBurned="11" activeEnergyBurnedGoal="20"/>\n'
        b"</HealthData>\n"
    )
    path = tmp_path / "export.xml"
    path.write_bytes(xml)
    report = import_source(vault, Source(path), connector_id="apple_health")  # the day's end overflowed
    assert report.error is None and report.by_kind.get("activity_summary") == 2


def test_apple_health_unknown_encoding_is_one_line(vault: Vault, tmp_path: Path) -> None:
    data = (DEMO / "export6s3sample.xml").read_bytes().replace(b"UTF-8", b"NaN", 1)
    path = tmp_path / "export.xml"
    path.write_bytes(data)
    with pytest.raises(ConnectorError, match="declares an encoding Python does not know") as err:
        import_source(vault, Source(path), connector_id="apple_health")  # was a LookupError: "unexpectedly"
    readable(str(err.value))


def test_damaged_pdf_with_an_unsupported_filter_is_stored(vault: Vault, tmp_path: Path) -> None:
    pdf = (Path(__file__).parent / "fixtures" / "documents" / "pharmacy_receipt_en.pdf").read_bytes()
    assert b"/ASCII85Decode" in pdf
    path = tmp_path / "receipt.pdf"
    path.write_bytes(pdf.replace(b"/ASCII85Decode", b"/ASCII9999-12-31Decode"))  # pypdf: NotImplementedError
    report = import_source(vault, Source(path))
    assert report.added == 1 and report.error is None
    (doc,) = vault.records(kind="document")
    assert any("could not be extracted (NotImplementedError)" in w for w in doc.provenance.warnings)
