"""The money rule engine (wallet.features.money.categories) on real statements read by the connectors.

The golden table names, for payees of the bank CSV samples (tests/fixtures/bank_csv, the Korean
statements of tests/fixtures/korea_finance and the demo's Korean bank file), the category a person
would give them; each built-in category is covered in Korean and in English where the samples hold
one.  Payments for care are not in those samples, so a statement in the usual Korean bank layout
(the demo file's layout, written here) and an OFX file with <SIC> codes supply them, read through
the same connectors.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from conftest import DEMO, FIXTURES

from connectors.bank_csv import BankCsvConnector
from connectors.ofx import OfxConnector
from wallet.errors import NotFound
from wallet.features.finance import payee_of, record_amount
from wallet.features.money import categories as cat
from wallet.features.money.accounts import money_view
from wallet.features.money.categories import (
    MoneyError,
    Rule,
    Rules,
    add_rule,
    category_of,
    delete_rule,
    learn,
    my_rules,
    restore_rule,
)
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Provenance, Record

CSV = FIXTURES / "bank_csv"
KF = FIXTURES / "korea_finance"
KR_DEMO = DEMO / "kr_bank_cp949.csv"
JANE = CSV / "bank2ynab" / "MS_JANE_SMITH_01-12-2019_14-12-2019.csv"  # a John Lewis card statement


def _read(path: Path, **options: str) -> list[Record]:
    connector = OfxConnector() if path.suffix.lower() == ".ofx" else BankCsvConnector()
    return [r for r in connector.read(Source(path), ImportContext(options=options)) if r.kind != "balance"]


def _kr_statement(tmp_path: Path, rows: list[tuple[str, int, int, str]]) -> Path:
    """A statement in the usual Korean bank layout (the demo's kr_bank_cp949.csv), in CP949."""
    lines = ["거래내역조회", "계좌번호,123-45-6789012", "", "거래일시,적요,출금액,입금액,내용,잔액,거래점"]
    balance = 5_000_000
    for when, out, into, payee in rows:
        balance += into - out
        lines.append(f'{when},체크카드,"{out:,}","{into:,}",{payee},"{balance:,}",')
    path = tmp_path / "care_cp949.csv"
    path.write_bytes("\r\n".join(lines).encode("cp949"))
    return path


CARE_ROWS = [
    ("2026.05.02 10:00:00", 35_000, 0, "서울대학교병원"),
    ("2026.05.02 10:40:00", 8_700, 0, "온누리약국"),
    ("2026.05.03 09:00:00", 120_000, 0, "연세치과의원"),
    ("2026.05.04 15:00:00", 45_000, 0, "경희한의원"),
    ("2026.05.05 11:00:00", 15_000, 0, "튼튼소아청소년과의원"),
    ("2026.05.06 12:00:00", 60_000, 0, "행복동물병원"),
    ("2026.05.07 12:00:00", 320_000, 0, "대치수학학원"),
    ("2026.05.08 12:00:00", 210_000, 0, "위택스 재산세"),
    ("2026.05.09 12:00:00", 52_000, 0, "서울도시가스"),
    ("2026.05.10 12:00:00", 33_000, 0, "LG유플러스"),
    ("2026.05.11 12:00:00", 17_000, 0, "넷플릭스"),
    ("2026.05.12 12:00:00", 1_250, 0, "티머니"),
    ("2026.05.13 12:00:00", 45_000, 0, "삼성화재해상보험"),
    ("2026.05.14 12:00:00", 59_800, 0, "CVS/PHARMACY #1234"),
    ("2026.05.15 12:00:00", 80_000, 0, "SMILE DENTAL CARE"),
    ("2026.05.16 12:00:00", 95_000, 0, "ST MARY'S HOSPITAL"),
    # words of care only where they end a word of the name, and named merchants before them
    ("2026.05.17 08:00:00", 4_500, 0, "스타벅스 서울대병원점"),
    ("2026.05.17 09:00:00", 6_000, 0, "평안과자점"),
    ("2026.05.17 10:00:00", 12_000, 0, "시내과일가게"),
    ("2026.05.17 11:00:00", 3_000, 0, "메디컬빌딩 주차장"),
    ("2026.05.17 12:00:00", 5_500, 0, "한방울커피"),
    ("2026.05.18 09:00:00", 12_000, 0, "서울내과의원"),
    ("2026.05.18 10:00:00", 15_000, 0, "밝은안과의원"),
    ("2026.05.18 11:00:00", 20_000, 0, "강남밝은안과"),
    ("2026.05.18 12:00:00", 90_000, 0, "미소치과"),
    ("2026.05.18 13:00:00", 30_000, 0, "자연한의원"),
    ("2026.05.18 14:00:00", 4_200, 0, "온누리약국 역삼점"),
    ("2026.05.18 15:00:00", 70_000, 0, "서울아산병원"),
    ("2026.05.18 16:00:00", 18_000, 0, "바른정형외과"),
    ("2026.05.18 17:00:00", 2_000_000, 0, "국회의원 홍길동 후원회"),
]

# (file, payee as the statement gives it, category)
GOLDEN: list[tuple[Path, str, str]] = [
    (CSV / "bank2ynab" / "2019-03-02_11-50-46_bunq-statement.csv", "NETFLIX.COM", "subscriptions"),
    (JANE, "Spotify UK London GBR", "subscriptions"),
    (CSV / "csv2ofx" / "pcmastercard.csv", "APL*ITUNES.COM/BILL", "subscriptions"),
    (CSV / "bank2ynab" / "20180226-1000594757-umsatz.CSV", "Vodafone Kabel DeutschlandGmbH", "telecom"),
    (CSV / "csv2ofx" / "gls.csv", "Drillisch Online AG", "telecom"),
    (KR_DEMO, "SKT 통신요금", "telecom"),
    (
        JANE,
        "ROYAL LONDON INSURANCE 01222 61234 GBR",
        "insurance",
    ),
    (CSV / "csv2ofx" / "ingesp.csv", "Recibo MUTUA MADRILENA AUTOMOVILISTA S. DE SEGU", "insurance"),
    (CSV / "csv2ofx" / "outbank.csv", "Vattenfall Europe Energy", "energy"),
    (KF / "kbstar_html.xls", "한국전력공사", "energy"),
    (JANE, "DELIVEROO.CO.UK LONDON LND", "dining"),
    (CSV / "bank2ynab" / "umsatz-1234________1234-20180227.CSV", "AMREST STARBUCKS DE 08007263333 DE", "dining"),
    (KF / "kakaobank.xlsx", "스타벅스 강남점", "dining"),
    (KF / "woori_html.xls", "배달의민족", "dining"),
    (KF / "shinhancard.xlsx", "이디야커피", "dining"),
    (CSV / "bank2ynab" / "MonzoDataExport_February2018_2018-02-26_174335.csv", "Tesco", "groceries"),
    (
        JANE,
        "SAINSBURYS SACAT 0602 LADBROKE GROV GBR",
        "groceries",
    ),
    (KR_DEMO, "이마트 성수점", "groceries"),
    (KF / "kbstar_html.xls", "이마트24", "groceries"),
    (KF / "kbcard.xlsx", "CU편의점", "groceries"),
    (KF / "lottecard.xlsx", "롯데마트 잠실점", "groceries"),
    (JANE, "NEXT DIRECTORY ONLINE GBR", "shopping"),
    (CSV / "csv2ofx" / "ingesp.csv", "Devolución Tarjeta AMZN Mktp ES", "shopping"),
    (KF / "nhbank_legacy.xls", "쿠팡", "shopping"),
    (KF / "samsungcard.xlsx", "하이마트", "shopping"),  # holds 이마트, a grocer: the specific name wins
    (KF / "samsungcard_approvals.xlsx", "롯데하이마트", "shopping"),
    (KF / "hanabank.xlsx", "올리브영", "shopping"),
    (JANE, "TFL TRAVEL CH TFL.GOV.UK/CP GBR", "transport"),
    (CSV / "csv2ofx" / "outbank.csv", "Shell Gas", "transport"),
    (CSV / "csv2ofx" / "pcmastercard.csv", "Mobil", "transport"),
    (KF / "samsungcard.xlsx", "GS칼텍스", "transport"),
    (KF / "hanacard.csv", "하나투어", "travel"),
    (KR_DEMO, "관리비 래미안아파트", "housing"),
    (CSV / "csv2ofx" / "ingesp.csv", "Nomina recibida G PLCE SL.", "income"),
    (KR_DEMO, "급여 (주)한빛소프트", "income"),
    (KF / "kakaobank.xlsx", "예금이자", "income"),
    (KF / "woori_html.xls", "주식회사 예시", "income"),  # the payee says nothing; the memo says 급여
    (CSV / "csv2ofx" / "ingesp.csv", "Transferencia Bizum emitida", "transfer"),
    (CSV / "csv2ofx" / "mint.csv", "Transfer to Savings", "transfer"),
    (KR_DEMO, "김민지", "transfer"),  # 타행이체 in the memo
    (CSV / "csv2ofx" / "capitalone.csv", "CAPITAL ONE AUTOPAY PYMT", "card_bill"),  # the bill paid, on the card
    (KR_DEMO, "현금인출 ATM", "cash"),
    (CSV / "bank2ynab" / "test_BOI_TransactionExport.csv", "ATM08SEP", "cash"),
    (CSV / "csv2ofx" / "ingesp.csv", "Reintegro efectivo tarjeta B.B.V.A. MAT", "cash"),
    (KF / "samsungcard.xlsx", "연회비", "fees"),
    (CSV / "bank2ynab" / "TransactionHistory_20180418043121.csv", "CCY CONVERSION FEE FOR: 6.66 SGD", "fees"),
    (JANE, "NOOKI DESIGN LONDON NW10 GBR", "other"),
    (KF / "kbcard.xlsx", "My WE:SH 할인", "other"),  # a discount: money back, not income
]


@pytest.fixture(scope="module")
def read_cache() -> dict[Path, list[Record]]:
    return {}


def _find(cache: dict[Path, list[Record]], path: Path, payee: str) -> Record:
    if path not in cache:
        cache[path] = _read(path)
    found = [r for r in cache[path] if payee_of(r) == payee]
    assert found, f"{payee!r} is not a payee of {path.name}: {sorted({payee_of(r) for r in cache[path]})}"
    return found[0]


@pytest.mark.parametrize(("path", "payee", "expected"), GOLDEN, ids=[f"{g[2]}:{g[1][:24]}" for g in GOLDEN])
def test_golden_table_on_the_bank_samples(read_cache, path: Path, payee: str, expected: str) -> None:
    got = category_of(_find(read_cache, path, payee))
    assert got.key == expected, got.explain()
    assert got.rule  # every answer names the rule that gave it
    assert got.label and got.label_ko


def test_care_payments_in_a_korean_bank_statement(tmp_path: Path) -> None:
    records = _read(_kr_statement(tmp_path, CARE_ROWS))
    assert [payee_of(r) for r in records] == [row[3] for row in CARE_ROWS]
    got = {payee_of(r): category_of(r) for r in records}
    expected = {
        "서울대학교병원": "medical",
        "온누리약국": "pharmacy",
        "연세치과의원": "dental",  # 의원 is medical, 치과 is more specific
        "경희한의원": "korean_medicine",  # 의원 again, 한의원 more specific
        "튼튼소아청소년과의원": "medical",
        "행복동물병원": "pets",  # a vet's 병원 is not a payment for the person's care
        "대치수학학원": "education",
        "위택스 재산세": "taxes",
        "서울도시가스": "energy",
        "LG유플러스": "telecom",
        "넷플릭스": "subscriptions",
        "티머니": "transport",
        "삼성화재해상보험": "insurance",
        "CVS/PHARMACY #1234": "pharmacy",
        "SMILE DENTAL CARE": "dental",
        "ST MARY'S HOSPITAL": "medical",
        "스타벅스 서울대병원점": "dining",  # a café named after the hospital it is in
        "평안과자점": "dining",  # not 안과
        "시내과일가게": "groceries",  # not 내과
        "메디컬빌딩 주차장": "transport",
        "한방울커피": "dining",  # not 한방
        "서울내과의원": "medical",
        "밝은안과의원": "medical",
        "강남밝은안과": "medical",
        "미소치과": "dental",
        "자연한의원": "korean_medicine",
        "온누리약국 역삼점": "pharmacy",  # 약국 ends a word; the branch is another word
        "서울아산병원": "medical",
        "바른정형외과": "medical",
        "국회의원 홍길동 후원회": "other",
    }
    assert {k: v.key for k, v in got.items()} == expected
    medical = sorted(k for k, v in got.items() if v.medical)
    assert medical == sorted(k for k, v in expected.items() if v in cat.MEDICAL_KEYS)
    pharmacy = got["온누리약국"]
    assert pharmacy.rule == "builtin:pharmacy-ko"
    assert pharmacy.explain() == 'built-in rule pharmacy-ko: a word of the payee ends in "약국"'
    assert pharmacy.explain("ko") == '기본 규칙 pharmacy-ko: 거래처 이름이 "약국"(으)로 끝남'
    assert pharmacy.name("ko") == "약국" and pharmacy.name() == "Pharmacy"
    assert got["스타벅스 서울대병원점"].rule == "builtin:dining-ko"


@pytest.mark.parametrize(
    ("text", "pattern", "expected"),
    [
        ("서울대학교병원", "병원", True),
        ("서울대병원 외래", "병원", True),
        ("서울대병원(본원)", "병원", True),
        ("스타벅스 서울대병원점", "병원", False),
        ("평안과자점", "안과", False),
        ("시내과일가게", "내과", False),
        ("메디컬빌딩 주차장", "메디컬센터", False),
        ("clinic", "clinic", True),
        ("polyclinics", "clinic", False),
    ],
)
def test_words_of_care_only_end_a_word(text: str, pattern: str, expected: bool) -> None:
    assert cat.ends_word(text, pattern) is expected


OFX_WITH_SIC = """OFXHEADER:100
DATA:OFXSGML
VERSION:102
SECURITY:NONE
ENCODING:USASCII
CHARSET:1252
COMPRESSION:NONE
OLDFILEUID:NONE
NEWFILEUID:NONE

<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20260601<LANGUAGE>ENG</SONRS>
</SIGNONMSGSRSV1><CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111222233334444</CCACCTFROM>
<BANKTRANLIST><DTSTART>20260501<DTEND>20260531
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260503<TRNAMT>-140.00<FITID>a1<SIC>8021<NAME>ACME HEALTH PARTNERS</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260504<TRNAMT>-12.30<FITID>a2<SIC>5912<NAME>CORNER STORE 22</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260505<TRNAMT>-60.00<FITID>a3<SIC>8062<NAME>NETFLIX HOUSE</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20260506<TRNAMT>-3.00<FITID>a4<NAME>NETFLIX HOUSE</STMTTRN>
<STMTTRN><TRNTYPE>SRVCHG<DTPOSTED>20260507<TRNAMT>-5.00<FITID>a5<NAME>MONTHLY MAINTENANCE</STMTTRN>
<STMTTRN><TRNTYPE>INT<DTPOSTED>20260531<TRNAMT>0.42<FITID>a6<NAME>CREDIT</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>-210.00<DTASOF>20260531</LEDGERBAL></CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>
"""


def test_merchant_codes_and_ofx_types_carried_by_a_file(tmp_path: Path) -> None:
    path = tmp_path / "card.ofx"
    path.write_text(OFX_WITH_SIC, encoding="ascii")
    records = _read(path)
    assert [cat.mcc_of(r) for r in records] == ["8021", "5912", "8062", None, None, None]
    got = [category_of(r) for r in records]
    assert [c.key for c in got] == ["dental", "pharmacy", "medical", "subscriptions", "fees", "income"]
    assert got[0].why == "MCC 8021" and got[0].rule == "builtin:mcc-dental"
    assert got[2].rule == "builtin:mcc-medical"  # the code beats the name
    assert got[4].rule == "builtin:ofx-fees" and got[5].rule == "builtin:ofx-income"


def _record(payee: str, amount: str = "-1000", memo: str | None = None, kind: str = "transaction") -> Record:
    return Record(
        domain=Domain.FINANCE,
        kind=kind,
        title=payee or "Transaction",
        payload={"payee": payee, "amount": amount, "description": memo, "currency": "KRW"},
        provenance=Provenance(connector_id="test", connector_version="1", source_name="made.csv"),
    )


@pytest.mark.parametrize(
    ("payee", "expected"),
    [
        ("ＮＥＴＦＬＩＸ．ＣＯＭ", "subscriptions"),  # full width
        ("netflix.com", "subscriptions"),
        ("ｓｋｔ 요금", "telecom"),
        ("KT 인터넷", "telecom"),
        ("KTX 서울-부산", "transport"),  # "kt" does not match inside "ktx"
        ("Sparkasse Gebühr", "fees"),  # "spar" (a grocer) does not match inside "Sparkasse"
        ("COFFEE REPUBLIC", "dining"),  # "fee" does not match inside "coffee"
        ("Schwab  ATMOSPHERE  Ltd", "other"),  # nor "atm" inside "atmosphere"
        ("온누리 약국", "pharmacy"),
        ("국회의원 홍길동 후원회", "other"),  # 의원 of a parliament, not a clinic
    ],
)
def test_matching_ignores_case_width_and_spacing_but_not_word_edges(payee: str, expected: str) -> None:
    assert category_of(_record(payee)).key == expected


def test_defaults_say_money_in_and_out_apart() -> None:
    assert category_of(_record("홍길동", "50000")).rule == "default:in"
    assert category_of(_record("홍길동", "-50000")).rule == "default:out"
    refund = category_of(_record("알 수 없는 가게", "5000", kind="cancellation"))
    assert (refund.key, refund.rule) == ("other", "default:refund")
    # income words need money in: a payment out to someone named 이자영 is not interest
    assert category_of(_record("이자영", "-30000")).key == "other"
    assert category_of(_record("예금이자", "1234")).key == "income"


@pytest.mark.parametrize(
    ("payee", "amount", "expected"),
    [
        ("삼성카드", "-412000", "card_bill"),
        ("KB국민카드 대금", "-304050", "card_bill"),
        ("카드대금 출금", "-98000", "card_bill"),
        ("롯데카드", "-150000", "card_bill"),
        ("NH농협카드 결제대금", "-5000", "card_bill"),
        ("PAYMENT - THANK YOU", "250.00", "card_bill"),  # the card statement receiving it
        ("Chase credit card payment", "-250.00", "card_bill"),
        ("AUTOPAY", "-80.00", "card_bill"),
        ("삼성카드 연회비", "-10000", "fees"),  # the card's fee is spending
        ("PG&E AUTOPAY", "-64.10", "energy"),  # a bill paid automatically is that bill
        ("체크카드", "-5000", "other"),  # a debit card's purchase is not its bill
    ],
)
def test_card_bill_payments_are_not_spending(payee: str, amount: str, expected: str) -> None:
    got = category_of(_record(payee, amount))
    assert got.key == expected, got.explain()
    assert got.spending is (expected != "card_bill")


def test_a_card_statement_and_its_bill_count_each_purchase_once(tmp_path: Path) -> None:
    card = _read(KF / "kbcard.xlsx")  # September 2025: CU, a discount, an installment purchase
    purchases = -sum((a for r in card if (a := record_amount(r)) is not None), Decimal(0))
    assert purchases > 0
    bank = _read(
        _kr_statement(
            tmp_path,
            [
                ("2025.09.10 09:00:00", 52_000, 0, "서울도시가스"),
                ("2025.09.25 09:00:00", int(purchases), 0, "KB국민카드 대금"),
            ],
        )
    )
    view = money_view([*card, *bank])
    [month] = [m for m in view.months() if m.month == "2025-09"]
    assert month.spending == purchases + 52_000  # the card's purchases once, not again as the bill
    assert month.transfers_out == purchases  # the bill: money that left the bank, not spent twice
    assert "card_bill" not in {c.category.key for c in view.by_category("2025-09")}
    bill = next(e for e in view.entries if e.payee == "KB국민카드 대금")
    assert bill.category.key == "card_bill" and not bill.category.spending


def test_automatic_debits_are_not_transfers() -> None:
    assert category_of(_record("김영수", "-1000", memo="타행이체")).key == "transfer"
    assert category_of(_record("모르는회사", "-1000", memo="자동이체")).key == "other"
    assert category_of(_record("한국전력공사", "-48320", memo="자동이체 전기요금")).key == "energy"


# --------------------------------------------------------------------------- the person's rules


def test_a_learnt_rule_comes_before_the_built_in_ones(vault) -> None:
    import_source(vault, Source(KR_DEMO))
    records = vault.records(domain=Domain.FINANCE, newest_first=False)
    star = next(r for r in records if payee_of(r) == "스타벅스 광화문점")
    before = {r.id: category_of(r, Rules.load(vault)).key for r in records}
    assert before[star.id] == "dining"

    rule = learn(vault, star, "groceries")
    assert rule.payee_is == ("스타벅스 광화문점",) and rule.source == "mine"
    rules = Rules.load(vault)
    after = {r.id: category_of(r, rules) for r in records}
    changed = {i for i in before if after[i].key != before[i]}
    assert changed == {r.id for r in records if payee_of(r) == "스타벅스 광화문점"}
    assert len(changed) == 3
    assert after[star.id].rule == f"mine:{rule.id}"
    assert after[star.id].explain() == f'your rule {rule.id}: payee is "스타벅스 광화문점"'
    # without the vault's rules, the built-in answer stands
    assert category_of(star).key == "dining"

    # a second correction of the same payee changes the rule instead of adding one
    again = learn(vault, star, "dining")
    assert again.id == rule.id and len(my_rules(vault)) == 1
    assert category_of(star, Rules.load(vault)).rule == f"mine:{rule.id}"

    delete_rule(vault, rule.id)
    assert my_rules(vault) == []
    assert category_of(star, Rules.load(vault)).rule == "builtin:dining-ko"
    actions = [e["action"] for e in vault.audit_entries()]
    assert "money.rule.learn" in actions and "money.rule.delete" in actions


def test_learning_normalises_the_payee_and_needs_one(vault) -> None:
    rule = learn(vault, _record("  Corner   CAFE  "), "groceries")
    assert rule.payee_is == ("corner cafe",)
    assert category_of(_record("CORNER CAFE"), Rules.load(vault)).key == "groceries"
    assert category_of(_record("Corner Cafe 2"), Rules.load(vault)).key == "dining"  # exactly that payee only
    with pytest.raises(MoneyError, match="names no payee"):
        learn(vault, _record(""), "groceries")
    with pytest.raises(MoneyError, match="unknown category 'food'"):
        learn(vault, _record("x"), "food")


def test_added_rules_patterns_amounts_and_order(vault) -> None:
    big = add_rule(vault, "housing", payee=["김민지"], amount_min=Decimal(200000), direction="out")
    rules = Rules.load(vault)
    assert category_of(_record("김민지", "-250000", memo="타행이체"), rules).key == "housing"
    assert category_of(_record("김민지", "-20000", memo="타행이체"), rules).key == "transfer"  # under the bound
    assert category_of(_record("김민지", "250000", memo="타행이체"), rules).key == "transfer"  # money in
    # the newest of equal priority comes first; a higher priority comes before it
    add_rule(vault, "education", payee=["김민지"])
    rules = Rules.load(vault)
    assert category_of(_record("김민지", "-250000"), rules).key == "education"
    low = add_rule(vault, "insurance", payee=["김민지"], priority=-1)
    assert category_of(_record("김민지", "-250000"), Rules.load(vault)).key == "education"
    assert [r.id for r in Rules.load(vault).mine][-2:] == [big.id, low.id]  # the lower priority is tried last

    regex = add_rule(vault, "telecom", regex=r"^my\s*phone")
    assert category_of(_record("MY   PHONE co"), Rules.load(vault)).rule == f"mine:{regex.id}"
    upper = add_rule(vault, "travel", regex=r"^FLY\S+AIR\b")  # \S stays "not a space", the letters any case
    assert category_of(_record("FlyHigh-Air"), Rules.load(vault)).rule == f"mine:{upper.id}"
    assert category_of(_record("fly air"), Rules.load(vault)).rule != f"mine:{upper.id}"


def test_built_in_rules_can_be_turned_off_and_on(vault) -> None:
    pharmacy = _record("온누리약국")
    delete_rule(vault, "pharmacy-ko")
    rules = Rules.load(vault)
    assert not rules.rule("builtin:pharmacy-ko").enabled
    assert category_of(pharmacy, rules).key == "other"
    restore_rule(vault, "pharmacy-ko")
    assert category_of(pharmacy, Rules.load(vault)).key == "pharmacy"
    with pytest.raises(NotFound):
        delete_rule(vault, "no-such-rule")


def test_bad_rules_are_refused_in_plain_words(vault) -> None:
    with pytest.raises(MoneyError, match="not a valid regular expression"):
        add_rule(vault, "other", regex="(unclosed")
    with pytest.raises(MoneyError, match="needs a payee pattern"):
        add_rule(vault, "other")
    with pytest.raises(MoneyError, match="not a four-digit MCC"):
        add_rule(vault, "other", mcc=["59a2"])
    with pytest.raises(MoneyError, match="smallest amount is larger"):
        add_rule(vault, "other", payee=["x"], amount_min=Decimal(10), amount_max=Decimal(5))
    assert my_rules(vault) == []


def test_every_category_has_a_rule_and_a_korean_name() -> None:
    rules = Rules.builtin()
    keys = [c.key for c in rules.categories()]
    named = {r.category for r in rules}
    assert set(keys) - named == set()
    for key in ("medical", "pharmacy", "dental", "korean_medicine", "energy", "telecom", "transport", "groceries"):
        assert key in keys
    for c in rules.categories():
        assert c.label_ko != c.label and any("\uac00" <= ch <= "\ud7a3" for ch in c.label_ko)
    assert not rules.category("transfer").spending and not rules.category("income").spending
    assert Rule.from_json(rules.rule("pharmacy-ko").to_json(), "builtin") == rules.rule("pharmacy-ko")
