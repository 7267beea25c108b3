"""Bank CSV connector, its profiles and its encoding detection.

Golden files pin, per sample in ``tests/fixtures/bank_csv``: the profile that
was detected, the encoding, and every record (kind, date, amount as written,
currency, title, description) or the error message.  Regenerate after a
deliberate change with:

    UPDATE_GOLDEN=1 .venv/bin/pytest -q tests/test_bank_csv.py
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO
from golden_support import check_golden
from pydantic import ValidationError

from connectors.bank_csv import (
    BankCsvConnector,
    CsvProfile,
    CsvProfileError,
    EncodingUncertain,
    builtin_profiles,
    decode,
    load_profiles,
    parse_amount,
    parse_profile_toml,
    save_profile,
)
from wallet.cli.hints import say
from wallet.errors import ConnectorError, ConnectorOption
from wallet.imports.connector import ImportContext, Source
from wallet.model import Record

FIX = Path(__file__).parent / "fixtures" / "bank_csv"
GOLDEN = Path(__file__).parent / "golden" / "bank_csv"
BAD = Path(__file__).parent / "conformance" / "bank_csv" / "bad"
KOREAN = DEMO / "kr_bank_cp949.csv"  # written for this project; stored once, with the demo
SAMPLES = sorted([*(p for p in FIX.rglob("*") if p.is_file()), KOREAN])


class FakeCache:
    """The two methods of the vault's key/value store that profiles use."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def cache_get(self, key: str) -> Any:
        return json.loads(self.data[key]) if key in self.data else None

    def cache_set(self, key: str, value: Any) -> None:
        self.data[key] = json.dumps(value)


def _read(
    path: Path | None = None, *, data: bytes | None = None, name: str = "test.csv", cache: Any = None, **options: Any
) -> list[Record]:
    src = Source(path) if path is not None else Source(data=data, name=name)
    return list(BankCsvConnector().read(src, ImportContext(options=options, cache=cache)))


def _summary(path: Path) -> dict[str, Any]:
    try:
        records = _read(path)
    except ConnectorError as exc:
        return {"error": str(exc)}
    return {
        "profile": records[0].tags[0].removeprefix("csv-profile:"),
        "records": [
            [r.kind, r.start.isoformat() if r.start else None, r.payload["amount"], r.unit, r.title, r.text]
            for r in records
        ],
        "warnings": sorted({w for r in records for w in r.provenance.warnings}),
    }


def test_all_samples_copied() -> None:
    assert len(SAMPLES) == 32  # 20 bank2ynab + 11 csv2ofx + 1 written for the project


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_golden(path: Path) -> None:
    got = _summary(path)
    assert "error" not in got, got
    check_golden(got, GOLDEN / f"{path.name}.json")


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.name)
def test_samples_identified_and_clean(path: Path) -> None:
    assert BankCsvConnector().identify(Source(path))
    for r in _read(path):
        for text in (r.title, r.text or "", json.dumps(r.payload, ensure_ascii=False)):
            assert "\ufffd" not in text and "Ã" not in text and "â€" not in text
        assert r.start is not None and r.start.tzinfo is not None


def test_every_builtin_profile_has_a_sample() -> None:
    used = {_read(p)[0].tags[0].removeprefix("csv-profile:") for p in SAMPLES}
    # the Korean bank and card layouts have theirs in tests/fixtures/korea_finance (tests/test_korea_finance.py)
    korean = {name for name in builtin_profiles() if name.startswith("kr_") and name != "kr_bank"}
    assert used | korean == set(builtin_profiles())


def test_korean_cp949_sample() -> None:
    records = _read(KOREAN)
    assert len(records) == 10
    first = records[0]
    assert first.title == "스타벅스 광화문점"
    assert first.text == "체크카드"
    assert first.start == datetime(2024, 3, 2, 9, 14, 5, tzinfo=timezone(timedelta(hours=9)))
    assert first.value == -4500 and first.unit == "KRW"
    assert first.payload["balance"] == "1245500"
    assert first.payload["row"]["거래일시"] == "2024.03.02 09:14:05"
    salary = records[1]
    assert salary.title == "급여 (주)한빛소프트" and salary.value == 3_200_000
    assert salary.text == "인터넷뱅킹 본점"
    # two card payments at the same second with the same amount stay two transactions
    assert records[8].payload["id"] != records[9].payload["id"]
    assert records[8].content_hash != records[9].content_hash


def test_korean_without_declared_encoding_is_detected_as_cp949() -> None:
    decoded = decode(KOREAN.read_bytes(), "kr.csv", profiles=[])
    assert decoded.encoding == "cp949"
    assert "거래일시" in decoded.text


def test_identical_rows_stay_distinct_and_reading_twice_is_stable() -> None:
    data = (
        b"Date,Details,Debit,Credit,Balance\n"
        b"01/09/2017,COFFEE,3.50,,\n01/09/2017,COFFEE,3.50,,\n02/09/2017,SALARY,,1000.00,\n"
    )
    first = _read(data=data)
    assert len({r.content_hash for r in first}) == 3
    assert [r.content_hash for r in _read(data=data)] == [r.content_hash for r in first]


def test_reimport_into_vault_adds_nothing(vault: Any) -> None:
    from wallet.imports.pipeline import import_source

    first = import_source(vault, Source(KOREAN))
    assert first.added == 10 and first.duplicates == 0
    second = import_source(vault, Source(KOREAN))
    assert second.added == 0 and second.duplicates == 10


def test_sign_conventions() -> None:
    jl = _read(FIX / "bank2ynab" / "MS_JANE_SMITH_01-12-2019_14-12-2019.csv")
    assert jl[0].value == pytest.approx(-1183.23)  # spending shown positive on a card statement
    assert jl[-1].title == "PAYMENT RECEIVED - THANK YOU" and jl[-1].value == 1100  # "CR"
    assert sum(1 for w in jl[0].provenance.warnings if "Pending" in w) == 3
    mint = _read(FIX / "csv2ofx" / "mint.csv")
    assert [r.value for r in mint] == [-1000, -1500, 2000, -2500]
    swed = _read(FIX / "bank2ynab" / "test_swedebank_statement.xls")
    assert swed[0].kind == "balance" and swed[0].value == pytest.approx(10374.04)
    assert swed[-1].kind == "balance" and swed[-1].title == "Closing balance"
    assert swed[1].value == pytest.approx(-15.31)
    boi = _read(FIX / "bank2ynab" / "test_BOI_TransactionExport.csv")
    assert boi[0].value == pytest.approx(428.03) and boi[2].value == -512


def test_continuation_rows_join_the_description() -> None:
    ocbc = _read(FIX / "bank2ynab" / "TransactionHistory_20180418043121.csv")
    assert len(ocbc) == 8
    assert ocbc[0].title == "DEBIT PURCHASE 15/04/18 66-6666 UBER EATS AN2GO HELP.UBERh"


def test_time_and_zone_columns() -> None:
    pay = _read(FIX / "csv2ofx" / "payoneer.csv")
    assert pay[0].start == datetime(2021, 5, 3, 12, 31, 46, tzinfo=UTC)
    pc = _read(FIX / "csv2ofx" / "pcmastercard.csv")
    assert pc[0].start is not None and pc[0].start.hour == 18 and pc[0].start.utcoffset() == timedelta(hours=-5)
    monzo = _read(FIX / "bank2ynab" / "MonzoDataExport_February2018_2018-02-26_174335.csv")
    assert monzo[0].start == datetime(2018, 2, 25, 12, 34, 56, tzinfo=UTC)
    assert monzo[0].provenance.original_id == "tx_00009TziTeST1NG1ZWIPGS"


def test_cp1250_and_cp1252_samples_decode_right() -> None:
    cz = _read(FIX / "bank2ynab" / "Movements_1234512345_201805271848.csv")
    assert cz[0].text == "Jednorázová platba Memo for me test"
    assert "Datum zaúčtování" in cz[0].payload["row"]
    nl = _read(FIX / "bank2ynab" / "CSV_A_20180414_112204.csv")
    assert len(nl) == 3 and nl[1].title == "Nederlandse Loterij Organisatie B.V."
    assert nl[0].payload["row"]["IBAN/BBAN"] == "NL77RABO0311467415"
    de = _read(FIX / "bank2ynab" / "umsatz-1234________1234-20180227.CSV")
    assert "Umsatz getätigt von" in de[0].payload["row"]


@pytest.mark.parametrize(
    ("text", "profile", "expected"),
    [
        ("£1,183.23", "uk_john_lewis_card", "1183.23"),
        ("+ £1,100.00", "uk_john_lewis_card", "1100.00"),
        ("-36,99", "de_commerzbank", "-36.99"),
        ("1.234,56", "de_gls", "1234.56"),
        ("12,50-", "de_gls", "-12.50"),
        ("(3.00)", "us_capital_one_card", "-3.00"),
        ("11'373.94", "ch_ubs_fr", "11373.94"),
        ("$1,036.47", "us_schwab_checking", "1036.47"),
        ("+5257,28", "nl_rabobank", "5257.28"),
        ("1,245,500", "kr_bank", "1245500"),
    ],
)
def test_parse_amount(text: str, profile: str, expected: str) -> None:
    assert parse_amount(text, builtin_profiles()[profile]) == Decimal(expected)


def test_parse_amount_refuses_wrong_separator() -> None:
    with pytest.raises(ValueError, match="decimal separator"):
        parse_amount("12.50", builtin_profiles()["de_commerzbank"].model_copy(update={"thousands": ""}))
    with pytest.raises(ValueError, match="not an amount"):
        parse_amount("ten", builtin_profiles()["de_commerzbank"])


def test_wrong_encoding_forced() -> None:
    with pytest.raises(ConnectorError, match="not valid utf-8"):
        _read(KOREAN, encoding="utf-8")
    with pytest.raises(ConnectorError, match="garbled"):
        _read(FIX / "bank2ynab" / "20171001-20171106.csv", encoding="cp1252")


def test_encoding_uncertain_then_chosen() -> None:
    raw = (BAD / "uncertain_encoding.csv").read_bytes()
    with pytest.raises(EncodingUncertain) as info:
        _read(data=raw)
    assert set(info.value.candidates) == {"cp1250", "cp1252"}
    assert "Částka" in info.value.previews["cp1250"]
    assert info.value.hint == ConnectorOption("encoding", tuple(info.value.candidates))
    assert "--option" not in str(info.value) and "--option encoding=NAME (cp125" in say(info.value)
    cache = FakeCache()
    save_profile(
        cache,
        parse_profile_toml(
            'name = "my_cz"\ndelimiter = ";"\ndate_format = "%d.%m.%Y"\ntimezone = "Europe/Prague"\n'
            'decimal = ","\ncurrency = "CZK"\n[columns]\ndate = "Datum"\namount = "Částka"\n'
            'description = ["Popis"]\n'
        ),
    )
    records = _read(data=raw, cache=cache, encoding="cp1250")
    assert [r.text or r.title for r in records] == ["Nákup potravin", "Převod na účet"]
    assert records[1].value == -1000


def test_wrong_columns_name_the_missing_column() -> None:
    with pytest.raises(CsvProfileError, match="'Transaction Date'"):
        _read(FIX / "bank2ynab" / "20171001-20171106.csv", profile="us_capital_one_card")
    with pytest.raises(CsvProfileError, match="no CSV profile named 'nope'"):
        _read(FIX / "bank2ynab" / "20171001-20171106.csv", profile="nope")


def test_file_that_is_not_what_its_extension_says() -> None:
    ofx = (Path(__file__).parent / "fixtures" / "ofx" / "jseutter-ofxparse" / "checking.ofx").read_bytes()
    assert not BankCsvConnector().identify(Source(data=ofx, name="statement.csv"))
    with pytest.raises(ConnectorError):
        _read(data=ofx, name="statement.csv")
    with pytest.raises(ConnectorError):
        _read(data=ofx, name="statement.csv", profile="ie_bank_of_ireland")
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< >>\nendobj\n\x00\x00"
    # read as what it is (a PDF, since PDF statements are read), and refused as a damaged one
    with pytest.raises(ConnectorError, match="cannot be read as a PDF statement"):
        _read(data=pdf, name="statement.csv")


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("unknown_header.csv", "no CSV profile fits"),
        ("bad_amount.csv", "line 2: column 'Debit' holds 'ten dollars'"),
        ("bad_date.csv", "line 2: date '2017-13-45' does not match %Y-%m-%d"),
        ("mojibake.csv", "garbled"),
        ("binary.csv", "binary"),
        ("empty.csv", "empty"),
        ("header_only.csv", "no transactions"),
        ("uncertain_encoding.csv", "cannot tell the text encoding"),
    ],
)
def test_bad_files_name_the_problem(name: str, message: str) -> None:
    with pytest.raises(ConnectorError) as info:
        _read(BAD / name)
    assert message in str(info.value)


def test_the_plugin_names_its_own_list_of_profiles() -> None:
    from wallet.cli import hints as cli_hints

    with pytest.raises(ConnectorError) as info:
        _read(BAD / "unknown_header.csv")
    assert info.value.hint == ConnectorOption("profile", listed_by="csv-profiles")
    assert cli_hints.say(info.value).endswith("; pass --option profile=NAME (see: mydata-wallet csv-profiles)")


def test_identify_rejects_unknown_csv() -> None:
    assert not BankCsvConnector().identify(Source(BAD / "unknown_header.csv"))
    assert not BankCsvConnector().identify(Source(data=b"a,b\n1,2\n", name="x.csv"))


def test_profiles_saved_in_the_vault(vault: Any) -> None:
    builtin = builtin_profiles()
    assert len(builtin) >= 31
    mine = builtin["ie_bank_of_ireland"].model_copy(update={"name": "my_boi", "currency": "GBP"})
    save_profile(vault, mine)
    profiles = load_profiles(vault)
    assert profiles["my_boi"].currency == "GBP"
    assert set(builtin) <= set(profiles)
    records = _read(FIX / "bank2ynab" / "test_BOI_TransactionExport.csv", cache=vault, profile="my_boi")
    assert records[0].unit == "GBP"


def test_profile_validation() -> None:
    base: dict[str, Any] = {"name": "x", "columns": {"date": "D", "amount": "A"}}
    assert CsvProfile.model_validate(base).signature == ["D", "A"]
    for bad in (
        {**base, "columns": {"date": "D"}},
        {**base, "timezone": "Mars/Olympus"},
        {**base, "encoding": "no-such-codec"},
        {**base, "delimiter": ";;"},
        {**base, "name": "bad name!"},
        {**base, "header": False},
        {**base, "unknown_key": 1},
    ):
        with pytest.raises(ValidationError):
            CsvProfile.model_validate(bad)
    with pytest.raises(CsvProfileError):
        parse_profile_toml("name = ")


def test_cli_lists_and_shows_profiles() -> None:
    import click
    from click.testing import CliRunner

    from connectors.bank_csv import cli as bank_csv_cli

    @click.group()
    def root() -> None:
        pass

    bank_csv_cli.register(root)
    runner = CliRunner()
    listed = runner.invoke(root, ["csv-profiles"])
    assert listed.exit_code == 0, listed.output
    assert "kr_bank" in listed.output and "cp949" in listed.output
    shown = runner.invoke(root, ["csv-profiles", "show", "kr_bank"])
    assert shown.exit_code == 0
    assert json.loads(shown.output)["columns"]["debit"] == "출금액"
    missing = runner.invoke(root, ["csv-profiles", "show", "nope"])
    assert missing.exit_code != 0 and isinstance(missing.exception, ConnectorError)


@pytest.mark.slow
def test_damaged_files_end_in_connector_error_or_records() -> None:
    """Truncated, spliced and corrupted exports: never anything but records or a ConnectorError."""
    import random

    rnd = random.Random(20261121)
    for _ in range(300):
        raw = bytearray(rnd.choice(SAMPLES).read_bytes())
        for _ in range(rnd.randint(1, 4)):
            pos = rnd.randrange(len(raw) + 1)
            op = rnd.randint(0, 3)
            if op == 0:
                raw = raw[:pos]
            elif op == 1 and raw:
                raw[min(pos, len(raw) - 1)] = rnd.randrange(256)
            elif op == 2:
                raw[pos:pos] = rnd.choice([b'"', b";", b",", b"\n", b"\r", b"\x00", b"-", b"\xff\xfe", b"|"])
            else:
                raw[pos:pos] = raw[rnd.randrange(len(raw) + 1) :][: rnd.randint(1, 80)]
        src = Source(data=bytes(raw), name="damaged.csv")
        BankCsvConnector().identify(src)
        try:
            records = list(BankCsvConnector().read(src, ImportContext()))
        except ConnectorError as exc:
            assert str(exc).startswith("damaged.csv")
        else:
            assert all(isinstance(r, Record) for r in records)


MY_CZ = (
    'name = "my_cz"\ndelimiter = ";"\ndate_format = "%d.%m.%Y"\ntimezone = "Europe/Prague"\n'
    'decimal = ","\ncurrency = "CZK"\n[columns]\ndate = "Datum"\namount = "Částka"\ndescription = ["Popis"]\n'
)


@pytest.mark.slow
def test_cli_import_recognises_a_saved_profile_as_the_app_does(tmp_path: Path) -> None:
    """One detection: a CSV that only the person's own profile describes is found by `mydata-wallet import`."""
    import os
    import subprocess
    import sys

    from conftest import PASSPHRASE

    from wallet.imports import registry
    from wallet.store.keys import KdfParams
    from wallet.store.vault import Vault

    folder = tmp_path / "vault"
    csv_file = BAD / "uncertain_encoding.csv"
    profile_file = tmp_path / "my_cz.toml"
    profile_file.write_text(MY_CZ, encoding="utf-8")
    Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())[0].close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYDATA_WALLET")}
    env.update(
        MYDATA_WALLET_VAULT=str(folder),
        MYDATA_WALLET_PASSPHRASE=PASSPHRASE,
        PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring",
    )

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "wallet.cli", *args],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
            check=False,
        )

    unknown = cli("import", str(csv_file), "--option", "encoding=cp1250")
    assert unknown.returncode != 0 and "no connector recognises" in unknown.stderr
    assert cli("csv-profiles", "add", str(profile_file)).returncode == 0
    imported = cli("import", str(csv_file), "--option", "encoding=cp1250")
    assert imported.returncode == 0, imported.stderr
    assert "2 added" in imported.stdout
    with Vault.open(folder, PASSPHRASE) as vault:
        # the same answer the app gets from the one detection (wallet.ui.import_flow.detect)
        assert registry.detect(Source(csv_file), vault) == {"bank_csv": {"profile": "my_cz"}}
        texts = sorted(r.text or r.title for r in vault.records())
    assert texts == ["Nákup potravin", "Převod na účet"]
