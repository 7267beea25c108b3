"""Write ``tests/fixtures/korea_finance/imbank.pdf``: an IM뱅크(대구은행) 거래내역조회 PDF built from recorded facts.

No real statement is copied or licensed: the layout is the one recorded in
``shared/samples/korea-finance/LAYOUTS.md`` (a text-layer PDF; a header block with 고객명, 계좌번호 and
현재잔액 on every page; the columns NO, 거래일시, 거래종류, 찾으신금액, 맡기신금액, 거래후잔액, 비고, 메모,
거래점; newest first; monthly fee-waiver notices in the 메모 column), with invented people and amounts.
Rendered with reportlab and the bundled NanumGothic font; amounts are right-aligned in their columns.

    .venv/bin/python tests/make_imbank_pdf.py
"""

from __future__ import annotations

import io
from pathlib import Path

from make_korea_finance_fixtures import FOLDER, LICENCE

ROOT = Path(__file__).resolve().parent.parent
FONT = ROOT / "resources" / "fonts" / "NanumGothic.ttf"
NAME = "imbank.pdf"
COLUMNS = ("NO", "거래일시", "거래종류", "찾으신금액", "맡기신금액", "거래후잔액", "비고", "메모", "거래점")
X = (30, 60, 165, 225, 305, 385, 470, 540, 720)
"""Left edge of each column (points, A4 landscape); amounts end 8 points before the next column."""
AMOUNT_COLUMNS = (3, 4, 5)
OPENING = 1_250_000
"""The balance before the oldest row."""
# oldest first: (when, 거래종류, withdrawal, deposit, 비고, 메모, 거래점)
TRANSACTIONS = [
    ("2026.03.03 08:12:45", "체크카드", 12_300, 0, "스타벅스대구", "", "인터넷"),
    ("2026.03.25 09:00:00", "급여", 0, 2_800_000, "주식회사예시", "3월 급여", "본점"),
    ("2026.03.31 23:59:00", "타행이체", 50_000, 0, "김철수", "3월 전자금융 수수료 면제 (10회 중 1회)", "인터넷"),
    ("2026.04.02 12:30:10", "ATM출금", 100_000, 0, "", "", "동성로지점"),
    ("2026.04.20 18:02:33", "입금", 0, 35_000, "이영희", "회비", "모바일"),
    ("2026.04.30 23:59:00", "자동이체", 1_230_500, 0, "카드대금", "4월 전자금융 수수료 면제 (10회 중 2회)", "인터넷"),
    ("2026.05.06 07:45:00", "체크카드", 4_800, 0, "GS25범어점", "", "인터넷"),
    ("2026.05.21 00:31:40", "이자", 0, 1_234, "예금이자", "", "본점"),
    ("2026.05.29 23:59:00", "타행이체", 300_000, 0, "박민수", "5월 전자금융 수수료 면제 (10회 중 1회)", "모바일"),
]
ROWS_PER_PAGE = 3


def rows() -> list[tuple[str, ...]]:
    """The table's rows, newest first, each with its number and the running balance."""
    balance = OPENING
    out = []
    for i, (when, kind, out_amount, in_amount, note, memo, branch) in enumerate(TRANSACTIONS, start=1):
        balance += in_amount - out_amount
        withdrawal = f"{out_amount:,}" if out_amount else "0"
        deposit = f"{in_amount:,}" if in_amount else "0"
        out.append((str(i), when, kind, withdrawal, deposit, f"{balance:,}", note, memo, branch))
    return list(reversed(out))


def imbank_pdf() -> bytes:
    """The statement: a header block and the column header on every page, three rows a page."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=landscape(A4), invariant=True)
    pdf.setTitle("거래내역조회")
    pdf.setSubject(LICENCE)
    table = rows()
    pages = [table[i : i + ROWS_PER_PAGE] for i in range(0, len(table), ROWS_PER_PAGE)]
    current = table[0][5]
    for number, page in enumerate(pages, start=1):
        pdf.setFont("NanumGothic", 14)
        pdf.drawString(30, 560, "거래내역조회")
        pdf.setFont("NanumGothic", 9)
        for y, (label, value) in zip(
            (535, 520, 505, 490),
            (
                ("고객명", "홍길동"),
                ("계좌번호", "508-12-345678-9"),
                ("현재잔액", current),
                ("조회기간", "2026.03.01 ~ 2026.05.31"),
            ),
            strict=True,
        ):
            pdf.drawString(30, y, label)
            pdf.drawString(100, y, value)
        pdf.setFont("NanumGothic", 7)
        pdf.drawString(30, 475, LICENCE)
        pdf.setFont("NanumGothic", 9)
        for x, title in zip(X, COLUMNS, strict=True):
            pdf.drawString(x, 450, title)
        pdf.line(30, 445, 812, 445)
        y = 430
        for row in page:
            for col, (x, cell) in enumerate(zip(X, row, strict=True)):
                if not cell:
                    continue
                if col in AMOUNT_COLUMNS:
                    pdf.drawRightString(X[col + 1] - 8, y, cell)
                else:
                    pdf.drawString(x, y, cell)
            y -= 18
        pdf.drawCentredString(421, 30, f"{number} / {len(pages)}")
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def main() -> None:
    """Write the PDF into the Korean fixtures' folder."""
    FOLDER.mkdir(parents=True, exist_ok=True)
    (FOLDER / NAME).write_bytes(imbank_pdf())


if __name__ == "__main__":
    main()
