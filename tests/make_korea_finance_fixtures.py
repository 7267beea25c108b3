"""Write the Korean bank and card statement fixtures of ``tests/fixtures/korea_finance/``.

No licensed real Korean export exists publicly, so each file is built from the layout facts recorded in
``../shared/samples/korea-finance/LAYOUTS.md`` (columns in order, date forms, title rows, sheet names), with
invented people, accounts and amounts.  Every file says so in a row of its own (:data:`LICENCE`), where the
real exports have their title and notice rows.  Run again after a deliberate change, then review the goldens:

    .venv/bin/python tests/make_korea_finance_fixtures.py
    UPDATE_GOLDEN=1 QT_QPA_PLATFORM=offscreen .venv/bin/pytest -q tests/test_korea_finance.py
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

FOLDER = Path(__file__).parent / "fixtures" / "korea_finance"
LICENCE = (
    "Test file built for MyData Wallet from the layout facts in shared/samples/korea-finance/LAYOUTS.md; "
    "invented data; GPL-3.0-or-later like the project"
)
PASSWORD = "900101"
"""토스뱅크 asks for the holder's 6-digit birth date (YYMMDD); this one is invented."""
FIXED = datetime(2026, 6, 1, 9, 0, 0)
"""The workbooks' creation time, so that writing them again gives the same rows."""

Rows = Sequence[Sequence[Any]]


def _xlsx(sheets: list[tuple[str, Rows]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    book.properties.created = FIXED
    book.properties.modified = FIXED
    book.properties.description = LICENCE
    for title, rows in sheets:
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _encrypt(plain: bytes, password: str) -> bytes:
    from msoffcrypto.format.ooxml import OOXMLFile

    out = io.BytesIO()
    OOXMLFile(io.BytesIO(plain)).encrypt(password, out)
    return out.getvalue()


def _html(title: str, rows: Rows, encoding: str) -> bytes:
    cells = "\n".join("<tr>" + "".join(f"<td>{'' if c is None else c}</td>" for c in row) + "</tr>" for row in rows)
    charset = "euc-kr" if encoding == "cp949" else encoding
    text = (
        f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">'
        f"<style>td {{ mso-number-format: '\\@'; }}</style></head><body>\n"
        f'<table><tr><td colspan="3"><b>{title}</b></td></tr><tr><td colspan="3">{LICENCE}</td></tr></table>\n'
        f"<table border=1>\n{cells}\n</table></body></html>\n"
    )
    return text.encode(encoding)


def _xls(title: str, rows: Rows) -> bytes:
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet(title)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if value is not None:
                sheet.write(r, c, value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(rows: Rows, encoding: str) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for row in rows:
        writer.writerow(["" if c is None else c for c in row])
    return out.getvalue().encode(encoding)


# --------------------------------------------------------------------------- banks


def kakaobank() -> bytes:
    """카카오뱅크: column A empty, title B2, meta B4/D4 and B5/D5, notices B7-B9, header on row 11."""
    rows: list[list[Any]] = [
        [],
        [None, "카카오뱅크 거래내역"],
        [],
        [None, "성명", "홍길동", "조회기간", "2026.05.01 - 2026.05.26"],
        [None, "계좌번호", "****-**-***5913", "요청일시", "2026.05.26 21:04:11"],
        [],
        [None, "※ 금액앞에 '-' 표시는 출금 금액입니다."],
        [None, "※ 본 거래내역은 법적효력이 없는 참고용 문서입니다."],
        [None, LICENCE],
        [],
        [None, "거래일시", "구분", "거래금액", "거래 후 잔액", "거래구분", "내용", "메모"],
        [None, "2026.05.02 08:15:02", "출금", "-5,500", "1,194,500", "일반출금", "스타벅스 강남점", ""],
        [None, "2026.05.10 12:00:00", "입금", "2,500,000", "3,694,500", "일반입금", "주식회사 예시", "5월 급여"],
        [None, "2026.05.21 00:31:40", "입금", "1,234", "3,695,734", "예금이자", "예금이자", ""],
        [None, "2026.05.25 19:45:13", "출금", "-30,000", "3,665,734", "오픈뱅킹", "김철수", "모임 회비"],
    ]
    return _xlsx([("카카오뱅크 거래내역", rows)])


def tossbank() -> bytes:
    """토스뱅크: encrypted with a 6-digit birth date; meta rows, merged-cell blanks, header on row 8."""
    rows: list[list[Any]] = [
        ["토스뱅크 거래내역"],
        [LICENCE],
        ["성명", None, "김토스"],
        ["계좌번호", None, "1000-****-1234"],
        ["조회기간", None, "2026.04.01 ~ 2026.04.30"],
        [],
        [],
        ["거래 일시", "적요", "거래 유형", "거래 기관", "계좌번호", "거래 금액", "거래 후 잔액", "메모"],
        ["2026.04.03 14:22:09", "GS25 역삼점", "체크카드결제", "", "", -3200, 96800, ""],
        ["2026.04.15 09:00:00", "이영희", "입금", "신한은행", "110-***-456789", 150000, 246800, "용돈"],
        ["2026.04.30 23:59:59", "이자", "이자입금", "", "", 87, 246887, ""],
    ]
    return _encrypt(_xlsx([("거래내역", rows)]), PASSWORD)


def kbstar_html() -> bytes:
    """KB국민은행: an ``.xls`` that is an HTML table in EUC-KR, title rows in a table of their own."""
    rows = [
        ["거래일시", "적요", "보낸분/받는분", "송금메모", "출금액", "입금액", "잔액", "거래점", "구분"],
        ["2026.03.02 10:11:12", "체크카드", "이마트24", "", "4,500", "0", "995,500", "", "출금"],
        ["2026.03.05 18:00:01", "타행이체", "박민수", "점심값", "0", "12,000", "1,007,500", "인터넷", "입금"],
        ["2026.03.09 07:30:00", "자동이체", "한국전력공사", "전기요금", "48,320", "0", "959,180", "", "출금"],
    ]
    return _html("KB국민은행 거래내역조회", rows, "cp949")


def kbstar_classic_csv() -> bytes:
    """KB국민은행 찾으신금액/맡기신금액 variant, as a CP949 CSV with title rows."""
    rows = [
        ["KB국민은행 거래내역"],
        [LICENCE],
        ["계좌번호", "123456-**-***789"],
        [],
        ["거래일시", "적요", "기재내용", "찾으신금액", "맡기신금액", "거래후잔액", "취급점"],
        ["2026.02.01 09:10:11", "CD출금", "ATM", "50,000", "0", "450,000", "역삼역"],
        ["2026.02.14 15:20:00", "전자금융", "최지우", "0", "30,000", "480,000", "인터넷"],
    ]
    return _csv(rows, "cp949")


def woori_html() -> bytes:
    """우리은행: an ``.xls`` that is an HTML table (UTF-8), ``거래내역조회`` title rows, minutes only."""
    rows = [
        ["No.", "거래일시", "적요", "기재내용", "찾으신금액", "맡기신금액", "거래후 잔액", "취급기관", "메모"],
        ["1", "2026.01.05 13:02", "체크우리", "배달의민족", "23,000", "", "877,000", "우리은행", ""],
        ["2", "2026.01.10 09:00", "급여", "주식회사 예시", "", "2,100,000", "2,977,000", "우리은행", "1월"],
    ]
    return _html("거래내역조회", rows, "utf-8")


def hanabank() -> bytes:
    """하나은행: 거래내역조회 title, a blank row, header (입금 before 출금), a 합계 row at the end."""
    rows: list[list[Any]] = [
        ["거래내역조회"],
        [LICENCE],
        [],
        ["거래일시", "적요", "의뢰인/수취인", "입금", "출금", "거래후잔액", "구분", "거래점", "비고"],
        ["2026-05-03 11:12:13", "오픈뱅킹", "홍길동 ((신한은행-오픈뱅킹))", 100000, 0, 600000, "입금", "본점", ""],
        ["2026-05-04 08:00:00", "체크카드", "올리브영", 0, 15800, 584200, "출금", "", ""],
        ["합계", "", "", 100000, 15800, "", "", "", ""],
    ]
    return _xlsx([("거래내역", rows)])


def nhbank_xls() -> bytes:
    """NH농협은행: a legacy ``.xls`` (BIFF), meta rows, header led by 번호, amounts headed ``(원)``."""
    rows: list[list[Any]] = [
        ["NH농협은행 거래내역조회"],
        [LICENCE],
        ["계좌번호", "352-****-1234-56"],
        [],
        [
            "번호",
            "거래일시",
            "출금금액(원)",
            "입금금액(원)",
            "거래후잔액(원)",
            "거래내용",
            "거래기록사항",
            "거래점",
            "이체메모",
        ],
        [1, "2026/03/28 17:45:00", 0, 300000, 1300000, "타행입금", "정수진", "농협", "월세 반"],
        [2, "2026/03/29 10:01:02", 8900, 0, 1291100, "체크", "쿠팡", "", ""],
    ]
    return _xls("거래내역", rows)


def nhbank_split() -> bytes:
    """NH농협은행, the variant with 거래일자 and 거래시간 in two columns, header led by 순번."""
    rows: list[list[Any]] = [
        ["NH농협은행 거래내역"],
        [LICENCE],
        [],
        [
            "순번",
            "거래일자",
            "거래시간",
            "출금금액(원)",
            "입금금액(원)",
            "거래후잔액(원)",
            "거래내용",
            "거래기록사항",
            "거래점",
        ],
        [1, "2026/02/10", "07:05:09", "12,000", "0", "88,000", "체크", "김밥천국", ""],
        [2, "2026/02/11", "13:00:00", "0", "50,000", "138,000", "입금", "이하나", "인터넷"],
    ]
    return _xlsx([("Sheet1", rows)])


def shinhanbank() -> bytes:
    """신한은행: title and 조회기간 rows; date and time in two columns; ``(원)`` headings; real date cells."""
    rows: list[list[Any]] = [
        ["신한은행 거래내역조회"],
        ["조회기간: 2026-04-01 ~ 2026-04-30"],
        [LICENCE],
        ["거래일자", "거래시간", "적요", "출금(원)", "입금(원)", "내용", "잔액(원)", "거래점"],
        [datetime(2026, 4, 2), "08:10:00", "체크카드", 6700, 0, "파리바게뜨", 93300, "서초"],
        [datetime(2026, 4, 25), "12:00:00", "급여", 0, 3000000, "주식회사 예시", 3093300, ""],
    ]
    return _xlsx([("Sheet1", rows)])


# --------------------------------------------------------------------------- cards


def hyundaicard() -> bytes:
    """현대카드 명세서: ``2025년 08월 14일`` dates, 할부/회차, discounts, a cancellation, the ``총 합계`` row."""
    rows: list[list[Any]] = [
        ["현대카드 이용대금 명세서"],
        [LICENCE],
        [],
        [
            "이용일",
            "이용카드",
            "이용가맹점",
            "이용금액",
            "할부/회차",
            "적립/할인율",
            "예상적립/할인",
            "결제원금",
            "결제후잔액",
            "수수료(이자)",
        ],
        ["2025년 08월 14일", "본인 123*", "스타벅스", "", "", "0.5%", "31", 6200, 0, 0],
        ["2025년 08월 20일", "본인 123*", "애플스토어", 1200000, "3/1", "", "", 400000, 800000, 5200],
        ["2025년 08월 22일", "본인 123*", "무신사", "", "", "", "", -59000, 0, 0],
        ["2025년 08월 31일", "본인 123*", "청구할인", "", "", "", "", -3000, 0, 0],
        ["총 합계", "", "", "", "", "", "", 344200, "", 5200],
    ]
    return _xlsx([("명세서", rows)])


def samsungcard() -> bytes:
    """삼성카드 명세서: sheets 청구요약 / 일시불 / 할부 / 연회비-기타수수료; header on row 2; a 합계 row per sheet."""
    header = [
        "이용일",
        "이용구분",
        "가맹점",
        "이용금액",
        "총할부금액",
        "이용혜택",
        "혜택금액",
        "개월",
        "회차",
        "원금",
        "이자/수수료",
    ]
    summary = [["청구요약"], [LICENCE], ["결제하실 금액", "181,500"]]
    once = [
        ["일시불"],
        header,
        ["20250903", "본인 ** ** 951", "GS칼텍스", "60,000", "", "주유할인", "3,000", "", "", "57,000", ""],
        ["20250910", "가족 ** ** 951", "쿠팡", "-12,000", "", "", "", "", "", "-12,000", ""],
        ["합계", "", "", "48,000", "", "", "3,000", "", "", "45,000", ""],
    ]
    plan = [
        ["할부"],
        header,
        ["20250715", "본인 ** ** 951", "하이마트", "390,000", "390,000", "", "", "3", "2", "130,000", "3,500"],
        ["합계", "", "", "", "", "", "", "", "", "130,000", "3,500"],
    ]
    fees = [
        ["연회비-기타수수료"],
        header,
        ["20250901", "본인 ** ** 951", "연회비", "10,000", "", "", "", "", "", "10,000", ""],
        ["합계", "", "", "", "", "", "", "", "", "9,000", ""],
    ]
    return _xlsx([("청구요약", summary), ("일시불", once), ("할부", plan), ("연회비-기타수수료", fees)])


def samsungcard_approvals() -> bytes:
    """삼성카드 승인내역: one row per approval; 취소여부 ``Y`` is a cancelled approval."""
    rows: list[list[Any]] = [
        [LICENCE],
        [
            "카드번호",
            "본인가족구분",
            "승인일자",
            "승인시각",
            "가맹점명",
            "승인금액",
            "일시불할부구분",
            "할부개월",
            "승인번호",
            "취소여부",
        ],
        ["****-****-****-9510", "본인", "20250905", "12:31:07", "교보문고", "18,000", "일시불", "", "30012345", ""],
        ["****-****-****-9510", "본인", "20250906", "09:02:55", "교보문고", "18,000", "일시불", "", "30012345", "Y"],
        ["****-****-****-9510", "가족", "20250911", "20:15:00", "롯데하이마트", "600,000", "할부", "6", "30019999", ""],
    ]
    return _xlsx([("승인내역", rows)])


def kbcard() -> bytes:
    """KB국민카드 명세서: a two-row header, the date on a group's first row only, discount rows, ``합 계 3 건``."""
    rows: list[list[Any]] = [
        ["KB국민카드 이용대금명세서"],
        [LICENCE],
        ["이용일자", "이용카드", "구분", "이용하신 가맹점", "", "이용금액", "할부", "", "이번 달 결제하실 금액", ""],
        ["", "", "", "", "", "", "할부개월", "회차", "원금", "수수료(이자)"],
        ["25.09.02", "본인 345", "일시불", "CU편의점", "", "4,500", "", "", "4,500", ""],
        ["", "본인 345", "일시불", "My WE:SH 할인", "", "-450", "", "", "-450", ""],
        ["25.09.12", "본인 345", "할부", "삼성전자판매", "", "900,000", "3", "1", "300,000", "0"],
        ["", "본인 345", "할부", "무이자혜택", "", "", "", "", "0", ""],
        ["합 계 3 건", "", "", "", "", "904,050", "", "", "304,050", ""],
    ]
    return _xlsx([("이용대금명세서", rows)])


def lottecard() -> bytes:
    """롯데카드 이용대금명세서: Sheet1 a summary, Sheet2 the rows with Excel serial dates."""
    summary = [["이용대금명세서"], [LICENCE], ["결제일", "2025.09.15"], ["청구금액", "128,950"]]
    rows: list[list[Any]] = [
        ["이용일", "이용카드", "이용가맹점", "이용총액", "회차", "할부", "원금", "수수료"],
        [45880.0006, "본인", "롯데마트 잠실점", 28500, "", "", 28500, 0],
        [45871, "본인", "롯데백화점", 300000, 1, 3, 100000, 450],
        ["합계", "", "", "", "", "", 128500, 450],
    ]
    return _xlsx([("Sheet1", summary), ("Sheet2", rows)])


def shinhancard() -> bytes:
    """신한카드 이용내역: 취소상태 ``취소`` marks a cancelled use."""
    rows: list[list[Any]] = [
        ["신한카드 이용내역"],
        [LICENCE],
        ["이용일자", "이용카드", "가맹점명", "이용금액", "이용구분", "승인번호", "매입구분", "취소상태"],
        ["2025.10.01", "본인 1234", "이디야커피", "3,300", "일시불", "12345678", "매입", ""],
        ["2025.10.02", "본인 1234", "이디야커피", "3,300", "일시불", "12345678", "매입취소", "취소"],
        ["2025.10.03", "본인 1234", "11번가", "240,000", "할부 6개월", "12349999", "매입", ""],
    ]
    return _xlsx([("이용내역", rows)])


def hanacard_csv() -> bytes:
    """하나카드 이용내역, as a UTF-8 CSV (the columns a detector test names; the date form is invented)."""
    rows = [
        ["하나카드 이용내역"],
        [LICENCE],
        ["이용일", "가맹점", "이용금액", "할부", "승인번호"],
        ["2025.11.04", "다이소", "5,000", "일시불", "55501234"],
        ["2025.11.05", "하나투어", "1,500,000", "10", "55509876"],
        ["2025.11.06", "다이소", "-5,000", "일시불", "55501234"],
    ]
    return _csv(rows, "utf-8")


def imbank_pdf() -> bytes:
    """IM뱅크(대구은행) 거래내역조회: a text-layer PDF, built by ``make_imbank_pdf.py`` beside this script."""
    from make_imbank_pdf import imbank_pdf as build

    return build()


FILES = {
    "imbank.pdf": imbank_pdf,
    "kakaobank.xlsx": kakaobank,
    "tossbank_encrypted.xlsx": tossbank,
    "kbstar_html.xls": kbstar_html,
    "kbstar_classic_cp949.csv": kbstar_classic_csv,
    "woori_html.xls": woori_html,
    "hanabank.xlsx": hanabank,
    "nhbank_legacy.xls": nhbank_xls,
    "nhbank_split.xlsx": nhbank_split,
    "shinhanbank.xlsx": shinhanbank,
    "hyundaicard.xlsx": hyundaicard,
    "samsungcard.xlsx": samsungcard,
    "samsungcard_approvals.xlsx": samsungcard_approvals,
    "kbcard.xlsx": kbcard,
    "lottecard.xlsx": lottecard,
    "shinhancard.xlsx": shinhancard,
    "hanacard.csv": hanacard_csv,
}


def main() -> None:
    """Write every fixture into :data:`FOLDER`."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    for name, build in FILES.items():
        (FOLDER / name).write_bytes(build())


if __name__ == "__main__":
    main()
