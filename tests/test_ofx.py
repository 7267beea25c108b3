"""OFX / QFX connector.

Golden files pin, per sample in ``tests/fixtures/ofx``: record counts by kind,
every transaction (date, amount as written, currency, name), balances and
warnings, or the error message for files that are refused.  Regenerate after a
deliberate change with:

    UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_ofx.py
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO
from golden_support import check_golden

from connectors.ofx import OfxConnector, parse_ofx_amount, parse_ofx_datetime
from wallet.cli.hints import say
from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext, Source
from wallet.model import Record

FIX = Path(__file__).parent / "fixtures" / "ofx"
GOLDEN = Path(__file__).parent / "golden" / "ofx"
BAD = Path(__file__).parent / "conformance" / "ofx" / "bad"
SAMPLES = sorted([*FIX.rglob("*.ofx"), DEMO / "ofxdata-banking-xml200.ofx", DEMO / "ofxdata-credit-card.ofx"])

HEADER = (
    b"OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\n"
    b"CHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n"
)


def _read(path: Path | None = None, *, data: bytes | None = None, **options: Any) -> list[Record]:
    src = Source(path) if path is not None else Source(data=data, name="test.ofx")
    return list(OfxConnector().read(src, ImportContext(options=options)))


def _stmt(transactions: str, curdef: str = "USD") -> bytes:
    return HEADER + (
        "<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS>"
        f"<CURDEF>{curdef}<BANKACCTFROM><BANKID>1<ACCTID>12345678<ACCTTYPE>CHECKING</BANKACCTFROM>"
        f"<BANKTRANLIST><DTSTART>20240101<DTEND>20240131{transactions}</BANKTRANLIST>"
        "</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n"
    ).encode("cp1252")


def _trn(date: str, amount: str, fitid: str, name: str, memo: str = "") -> str:
    return (
        f"<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>{date}<TRNAMT>{amount}<FITID>{fitid}<NAME>{name}"
        + (f"<MEMO>{memo}" if memo else "")
        + "</STMTTRN>"
    )


def _summary(path: Path) -> dict[str, Any]:
    try:
        records = _read(path)
    except ConnectorError as exc:
        return {"error": say(exc)}  # as the command line prints it

    def row(r: Record) -> list[Any]:
        return [r.start.isoformat() if r.start else None, r.payload.get("amount"), r.unit, r.title]

    return {
        "counts": dict(sorted(Counter(r.kind for r in records).items())),
        "transactions": [row(r) for r in records if r.kind in ("transaction", "investment_transaction")],
        "balances": [row(r) for r in records if r.kind == "balance"],
        "positions": [row(r) for r in records if r.kind == "position"],
        "accounts": [r.title for r in records if r.kind == "account"],
        "warnings": sorted({w for r in records for w in r.provenance.warnings}),
    }


def test_all_samples_copied() -> None:
    assert len(SAMPLES) == 31


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    got = _summary(path)
    check_golden(got, GOLDEN / f"{path.stem}.json")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_every_sample_imports_or_fails_cleanly(path: Path) -> None:
    refused = {"date_missing", "decimal_error", "empty_balance", "signon_fail", "error_message"}
    if path.stem in refused:
        with pytest.raises(ConnectorError):
            _read(path)
    else:
        records = _read(path)
        assert records
        assert all(r.start is None or r.start.tzinfo is not None for r in records)
        assert OfxConnector().identify(Source(path))


def test_reading_twice_gives_identical_hashes() -> None:
    for name in (
        "asgrim-ofxparser/ofxdata-cmfr.ofx",
        "jseutter-ofxparse/fidelity.ofx",
        "jseutter-ofxparse/ofx-v102-empty-tags.ofx",
    ):
        first = [r.content_hash for r in _read(FIX / name)]
        second = [r.content_hash for r in _read(FIX / name)]
        assert first == second
        assert len(set(first)) == len(first), f"{name}: two records share a content hash"


def test_reimport_into_vault_adds_nothing(vault: Any) -> None:
    from wallet.imports.pipeline import import_source

    path = FIX / "asgrim-ofxparser" / "ofxdata-memoWithAmpersand.ofx"
    first = import_source(vault, Source(path))
    assert first.added == 17 and first.duplicates == 0
    second = import_source(vault, Source(path))
    assert second.added == 0 and second.duplicates == 17


def test_transaction_fields() -> None:
    records = _read(FIX / "jseutter-ofxparse" / "checking.ofx")
    trn = [r for r in records if r.kind == "transaction"][1]
    assert trn.title == "AUTOMATIC WITHDRAWAL, ELECTRIC BILL"
    assert trn.value == pytest.approx(-34.51)
    assert trn.payload["amount"] == "-34.51"
    assert trn.unit == "USD"
    assert trn.payload["trntype"] == "DEBIT"
    assert trn.payload["account"]["acctid"]
    assert trn.provenance.original_id == trn.payload["fitid"] == trn.payload["id"]


def test_date_offsets_kept_and_default_utc() -> None:
    records = _read(FIX / "asgrim-ofxparser" / "ofxdata-selfclose.ofx")
    assert records[0].start == datetime(2019, 9, 18, 10, 0, tzinfo=timezone(timedelta(hours=-3)))
    assert records[0].start.utcoffset() == timedelta(hours=-3)
    plain = _read(data=_stmt(_trn("20240105", "-1.00", "A1", "SHOP")))[0]
    assert plain.start == datetime(2024, 1, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20240105", datetime(2024, 1, 5, tzinfo=UTC)),
        ("20240105123456", datetime(2024, 1, 5, 12, 34, 56, tzinfo=UTC)),
        ("20240105123456.789", datetime(2024, 1, 5, 12, 34, 56, 789000, tzinfo=UTC)),
        ("20240105123456[-7:MST]", datetime(2024, 1, 5, 12, 34, 56, tzinfo=timezone(timedelta(hours=-7)))),
        ("20240105000000[+5.30:IST]", datetime(2024, 1, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))),
        ("20240105120000[-03:EST]", datetime(2024, 1, 5, 12, tzinfo=timezone(timedelta(hours=-3)))),
        ("20240105120000[:EST]", datetime(2024, 1, 5, 12, tzinfo=timezone(timedelta(hours=-5)))),
    ],
)
def test_parse_datetime(text: str, expected: datetime) -> None:
    assert parse_ofx_datetime(text) == expected


@pytest.mark.parametrize("text", ["201120000000", "20120231", "20230310048208.398", "", "2024-01-05", "20240105[+30]"])
def test_parse_datetime_refuses(text: str) -> None:
    with pytest.raises(ValueError):
        parse_ofx_datetime(text)


def test_parse_amount() -> None:
    assert parse_ofx_amount(" -80.00 ") == Decimal("-80.00")
    assert parse_ofx_amount("+12") == Decimal(12)
    assert parse_ofx_amount("-200,00") == Decimal("-200.00")
    assert parse_ofx_amount(".5") == Decimal("0.5")
    for bad in ("$120", "1,234.56", "12-", "abc", ""):
        with pytest.raises(ValueError):
            parse_ofx_amount(bad)


def test_charset_lies_are_survived() -> None:
    bb = _read(FIX / "asgrim-ofxparser" / "ofxdata-bb.ofx")
    assert bb[0].title == "DOC CRÉDITO EM CONTA"
    assert any("UTF-8" in w for w in bb[0].provenance.warnings)
    two = _read(FIX / "asgrim-ofxparser" / "ofxdata-bb-two-stmtrs.ofx")
    assert two[1].title.startswith("TED-CRÉDITO EM CONTA")
    assert not any("\ufffd" in r.title for r in two)


def test_memo_with_raw_ampersand_and_entities() -> None:
    records = _read(FIX / "asgrim-ofxparser" / "ofxdata-memoWithAmpersand.ofx")
    assert records[0].title == "Amazon.Com.Br Amazon & Cloud 3/3"
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
        b"<OFX><CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1</TRNUID><CCSTMTRS><CURDEF>EUR</CURDEF>"
        b"<CCACCTFROM><ACCTID>4111</ACCTID></CCACCTFROM><BANKTRANLIST>"
        b"<STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240102</DTPOSTED><TRNAMT>-9.50</TRNAMT>"
        b"<FITID>X1</FITID><NAME>Marks &amp; Spencer &#233;</NAME><MEMO/></STMTTRN>"
        b"</BANKTRANLIST></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>"
    )
    (rec,) = _read(data=xml)
    assert rec.title == "Marks & Spencer é"
    assert rec.unit == "EUR"
    assert rec.payload["statement"] == "creditcard"


def test_one_line_and_lower_case_tags() -> None:
    body = _stmt(_trn("20240105", "-1.00", "A1", "SHOP")).decode("cp1252")
    start = body.index("<OFX>")
    lower = body[:start] + body[start:].lower().replace("<name>shop", "<name>SHOP").replace("\r\n", "")
    (rec,) = _read(data=lower.encode())
    assert rec.title == "SHOP" and rec.payload["amount"] == "-1.00"


def test_empty_and_repeated_fitids_get_stable_synthetic_ids() -> None:
    trns = (
        _trn("20240105", "-4.50", "", "COFFEE")
        + _trn("20240105", "-4.50", "", "COFFEE")
        + _trn("20240106", "-10.00", "DUP", "BOOKS")
        + _trn("20240107", "-20.00", "DUP", "MUSIC")
    )
    first = _read(data=_stmt(trns))
    ids = [r.payload["id"] for r in first]
    assert all(i.startswith("syn:") for i in ids)
    assert len(set(ids)) == 4
    assert len({r.content_hash for r in first}) == 4, "identical transactions must stay distinct"
    again = _read(data=_stmt(trns))
    assert [r.content_hash for r in again] == [r.content_hash for r in first]


def test_unique_fitid_is_the_id_and_overlapping_statements_dedup() -> None:
    a = _read(data=_stmt(_trn("20240105", "-1.00", "F1", "A") + _trn("20240106", "-2.00", "F2", "B")))
    b = _read(data=_stmt(_trn("20240106", "-2.00", "F2", "B") + _trn("20240107", "-3.00", "F3", "C")))
    assert a[1].payload["id"] == "F2"
    assert a[1].content_hash == b[0].content_hash


def test_comma_decimal_amount() -> None:
    (rec,) = _read(data=_stmt(_trn("20240105", "-200,00", "F1", "RENT")))
    assert rec.value == -200.0 and rec.payload["amount"] == "-200.00"


def test_headerless_file_refused_unless_allowed() -> None:
    path = FIX / "jseutter-ofxparse" / "fail_nice" / "empty_balance.ofx"
    with pytest.raises(ConnectorError, match="no OFX header"):
        _read(path)
    records = _read(path, allow_headerless="true")
    assert [r.kind for r in records] == ["transaction"]
    assert any("empty BALAMT" in w for w in records[0].provenance.warnings)
    with pytest.raises(ConnectorError, match=r"no date \(DTPOSTED\)"):
        _read(FIX / "jseutter-ofxparse" / "fail_nice" / "date_missing.ofx", allow_headerless="1")
    with pytest.raises(ConnectorError, match="invalid date '201120000000'"):
        _read(FIX / "jseutter-ofxparse" / "fail_nice" / "decimal_error.ofx", allow_headerless="1")


def test_invalid_amount_named() -> None:
    with pytest.raises(ConnectorError, match=r"invalid amount '\$120'"):
        _read(data=_stmt(_trn("20240105", "$120", "F1", "X")))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("signon_fail.ofx", "refused the sign-on (OFX status 15500"),
        ("error_message.ofx", "OFX status 2000: General Server Error"),
        ("truncated.ofx", "cut short"),
        ("csv_named_ofx.ofx", "not an OFX file"),
        ("pdf_named_ofx.ofx", "not an OFX file"),
        ("empty.ofx", "empty"),
        ("tail_text.ofx", "markup is broken"),
        ("header_only.ofx", "holds no statement"),
        ("with_header_date_missing.ofx", "no date (DTPOSTED)"),
        ("with_header_decimal_error.ofx", "invalid date"),
    ],
)
def test_bad_files_name_the_problem(name: str, message: str) -> None:
    path = BAD / name if (BAD / name).exists() else FIX / "jseutter-ofxparse" / name  # stored once, upstream's
    with pytest.raises(ConnectorError) as info:
        _read(path)
    assert message in str(info.value)
    assert str(info.value).startswith(name)


def test_account_list_and_investments() -> None:
    accounts = _read(FIX / "jseutter-ofxparse" / "account_listing_aggregation.ofx")
    assert [r.title for r in accounts] == ["USAA SAVINGS", "FOUR STAR CHECKING", "LINE OF CREDIT", "MY CREDIT CARD"]
    fidelity = _read(FIX / "jseutter-ofxparse" / "fidelity.ofx")
    kinds = Counter(r.kind for r in fidelity)
    assert kinds == {"transaction": 3, "investment_transaction": 14, "position": 6, "balance": 3}
    buy = next(r for r in fidelity if r.kind == "investment_transaction")
    assert buy.title == "BUYSTOCK INTEL CORP"
    assert buy.payload["security"]["ticker"] == "INTC"


def test_identify() -> None:
    c = OfxConnector()
    assert c.identify(Source(FIX / "jseutter-ofxparse" / "checking.ofx"))
    assert c.identify(Source(FIX / "jseutter-ofxparse" / "fail_nice" / "date_missing.ofx"))
    assert not c.identify(Source(BAD / "csv_named_ofx.ofx"))
    assert not c.identify(Source(data=b"<OFX>\n", name="notes.txt"))
    assert c.identify(Source(data=_stmt(""), name="statement.download"))


def _mutations(seed: int, samples: list[Path], count: int) -> list[bytes]:
    import random

    rnd = random.Random(seed)
    out = []
    for _ in range(count):
        raw = bytearray(rnd.choice(samples).read_bytes())
        for _ in range(rnd.randint(1, 4)):
            pos = rnd.randrange(len(raw) + 1)
            op = rnd.randint(0, 3)
            if op == 0:
                raw = raw[:pos]
            elif op == 1 and raw:
                raw[min(pos, len(raw) - 1)] = rnd.randrange(256)
            elif op == 2:
                raw[pos:pos] = rnd.choice([b"<", b">", b"</", b"&", b"\x00", b"<STMTTRN>", b"</OFX>", b"<ACCTID>"])
            else:
                raw[pos:pos] = raw[rnd.randrange(len(raw) + 1) :][: rnd.randint(1, 80)]
        out.append(bytes(raw))
    return out


def test_damaged_files_end_in_connector_error_or_records() -> None:
    """Truncated, spliced and corrupted statements: never anything but records or a ConnectorError."""
    for raw in _mutations(20261121, SAMPLES, 300):
        src = Source(data=raw, name="damaged.ofx")
        OfxConnector().identify(src)
        try:
            records = list(OfxConnector().read(src, ImportContext()))
        except ConnectorError as exc:
            assert str(exc).startswith("damaged.ofx")
        else:
            assert all(isinstance(r, Record) for r in records)


def test_cdata_comments_and_hostile_markup() -> None:
    trn = "<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240105<TRNAMT>-1.00<FITID>C1<NAME><![CDATA[A & B <x>]]></NAME></STMTTRN>"
    (rec,) = _read(data=_stmt("<!-- a comment -->" + trn))
    assert rec.title == "A & B <x>"
    with pytest.raises(ConnectorError, match="cut short"):
        _read(data=HEADER + b"<OFX>" + b"<!--" * 1000 + b"</OFX>")
    with pytest.raises(ConnectorError, match="nested more than"):
        _read(data=HEADER + b"<OFX>" + b"<A>" * 5000 + b"x</OFX>")


@pytest.mark.parametrize(
    ("encoding", "charset"),
    [(b"UTF-8", b"NONE"), (b"USASCII", b"NONE"), (b"USASCII", b"1252"), (b"UTF-8", b"CSUNICODE")],
)
def test_korean_cp949_under_a_lying_header_is_read_as_korean(encoding: bytes, charset: bytes) -> None:
    """Korean banking software writes CP949 (EUC-KR's superset) under boilerplate headers."""
    body = _stmt(_trn("20240105", "-15000", "K1", "NAMEPLACEHOLDER", memo="MEMOPLACEHOLDER"), curdef="KRW")
    data = (
        body.replace(b"ENCODING:USASCII", b"ENCODING:" + encoding)
        .replace(b"CHARSET:1252", b"CHARSET:" + charset)
        .replace(b"NAMEPLACEHOLDER", "스타벅스 강남점".encode("cp949"))
        .replace(b"MEMOPLACEHOLDER", "체크카드 결제".encode("cp949"))
    )
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    (rec,) = _read(data=data)
    assert rec.title == "스타벅스 강남점"
    assert "체크카드 결제" in str(rec.payload)  # the memo too
    assert any("CP949" in w for w in rec.provenance.warnings)


def test_ofx_2_saying_utf_8_over_cp949_and_an_honest_euc_kr_header() -> None:
    xml = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
        b"<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STMTRS><CURDEF>KRW</CURDEF>"
        b"<BANKACCTFROM><BANKID>1</BANKID><ACCTID>110</ACCTID><ACCTTYPE>CHECKING</ACCTTYPE></BANKACCTFROM>"
        b"<BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240102</DTPOSTED><TRNAMT>-3000</TRNAMT>"
        b"<FITID>X1</FITID><NAME>" + "편의점 결제".encode("cp949") + b"</NAME></STMTTRN>"
        b"</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>"
    )
    (rec,) = _read(data=xml)
    assert rec.title == "편의점 결제"
    assert any("declares charset UTF-8 but the text is Korean CP949" in w for w in rec.provenance.warnings)
    honest = (
        _stmt(_trn("20240105", "-1", "K2", "NAMEPLACEHOLDER"), curdef="KRW")
        .replace(b"CHARSET:1252", b"CHARSET:EUC-KR")
        .replace(b"NAMEPLACEHOLDER", "약국".encode("cp949"))
    )
    (rec,) = _read(data=honest)
    assert rec.title == "약국" and not any("CP949" in w for w in rec.provenance.warnings)


def test_western_text_is_not_taken_for_korean() -> None:
    """cp1252 bytes that happen to decode as CP949 but are not mostly Hangul stay Windows-1252."""
    data = _stmt(_trn("20240105", "-1.00", "W1", "CAFÉ Ñandú Ÿ"))
    (rec,) = _read(data=data.replace(b"ENCODING:USASCII", b"ENCODING:UTF-8").replace(b"CHARSET:1252", b"CHARSET:NONE"))
    assert rec.title == "CAFÉ Ñandú Ÿ"
