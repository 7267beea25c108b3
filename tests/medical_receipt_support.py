"""Medical bill receipts for the tests, built from the standard forms' layout (invented people and amounts).

The layout is the one of 국민건강보험 요양급여의 기준에 관한 규칙 별지 제6호서식 (진료비 계산서·영수증): the
header block (환자등록번호, 환자 성명, 진료기간, 야간(공휴일)진료; 진료과목 ... 영수증번호), the table of items
whose columns are 급여 (일부 본인부담: 본인부담금, 공단부담금; 전액 본인부담) and 비급여 (선택진료료, 선택진료료
이외), with the 금액산정내용 beside the item rows (⑦ 진료비 총액, ⑧ 환자부담 총액, ⑨ 이미 납부한 금액, ⑩ 납부할
금액, ⑪ 납부한 금액: 카드, 현금영수증, 현금, 합계), the 합계 row (① to ⑤) and 상한액 초과금 (⑥), then 요양기관 종류,
사업자등록번호, 상호, 전화번호, 사업장 소재지, 대표자 and the date; and of the pharmacy's 약제비 계산서·영수증.
Drawn with reportlab and the bundled NanumGothic font (OFL), one row of the form per line of text, as a
hospital's system prints it; nothing is copied from a real receipt.
"""

from __future__ import annotations

import io
from pathlib import Path

FONT = Path(__file__).resolve().parent.parent / "resources" / "fonts" / "NanumGothic.ttf"

PROVIDER = "하늘숲내과의원"
BUSINESS_NUMBER = "123-45-67890"
PATIENT = "김하늘"
PATIENT_NUMBER = "20260504"
DAY = "2026-05-04"
# 진찰료 and 검사료 are 급여 (본인부담금, 공단부담금); 초음파 진단료 is 비급여 (선택진료료 이외)
AMOUNTS = {
    "covered_patient": 6_200,  # ①
    "covered_insurer": 14_500,  # ②
    "full_patient": 0,  # ③
    "uncovered": 3_200,  # ④ + ⑤
    "total": 23_900,  # ⑦ = ①+②+③+④+⑤
    "patient_total": 9_400,  # ⑧ = (①-⑥)+③+④+⑤
    "already_paid": 0,  # ⑨
    "to_pay": 9_400,  # ⑩ = ⑧-⑨
    "card": 9_400,
    "cash_receipt": 0,
    "cash": 0,
    "paid": 9_400,  # ⑪
}

# (x positions in points, cells); "" leaves a cell empty
STANDARD_ROWS: list[list[tuple[float, str]]] = [
    [(40, "[V]외래 [ ]입원 ([ ]퇴원 [ ]중간) 진료비 계산서·영수증")],
    [(40, "환자등록번호"), (150, "환자 성명"), (250, "진료기간"), (430, "야간(공휴일)진료")],
    [(40, PATIENT_NUMBER), (150, PATIENT), (250, "2026.05.04 ~ 2026.05.04"), (430, "[ ]야간 [ ]공휴일")],
    [(40, "진료과목"), (150, "질병군(DRG)번호"), (250, "병실"), (330, "환자구분"), (430, "영수증번호(연월-일련번호)")],
    [(40, "내과"), (150, "-"), (250, "-"), (330, "건강보험"), (430, "202605-00123")],
    [(40, "항목"), (150, "급여"), (290, "비급여"), (400, "금액산정내용")],
    [
        (150, "일부 본인부담"),
        (250, "전액본인부담"),
        (290, "선택진료료"),
        (335, "선택진료료 이외"),
        (400, "⑦ 진료비 총액 (①+②+③+④+⑤)"),
        (530, "23,900"),
    ],
    [(150, "본인부담금"), (200, "공단부담금")],
    [
        (40, "진 찰 료"),
        (150, "4,700"),
        (200, "11,000"),
        (250, "0"),
        (290, "0"),
        (335, "0"),
        (400, "⑧ 환자부담 총액 ((①-⑥)+③+④+⑤)"),
        (530, "9,400"),
    ],
    [(40, "입 원 료"), (150, "0"), (200, "0"), (250, "0"), (290, "0"), (335, "0")],
    [(40, "식대"), (150, "0"), (200, "0"), (250, "0"), (290, "0"), (335, "0"), (400, "⑨ 이미 납부한 금액"), (530, "0")],
    [(40, "투약 및 조제료 행위료"), (150, "0"), (200, "0"), (250, "0"), (290, "0"), (335, "0")],
    [
        (40, "약품비"),
        (150, "0"),
        (200, "0"),
        (250, "0"),
        (290, "0"),
        (335, "0"),
        (400, "⑩ 납부할 금액 (⑧-⑨)"),
        (530, "9,400"),
    ],
    [
        (40, "주사료 행위료"),
        (150, "0"),
        (200, "0"),
        (250, "0"),
        (290, "0"),
        (335, "0"),
        (400, "⑪ 납부한 금액"),
        (470, "카드"),
        (530, "9,400"),
    ],
    [(40, "약품비"), (150, "0"), (200, "0"), (250, "0"), (290, "0"), (335, "0"), (470, "현금영수증"), (530, "0")],
    [(40, "처치 및 수술료"), (150, "0"), (200, "0"), (250, "0"), (290, "0"), (335, "0"), (470, "현금"), (530, "0")],
    [(40, "검사료"), (150, "1,500"), (200, "3,500"), (250, "0"), (290, "0"), (335, "0"), (470, "합계"), (530, "9,400")],
    [(40, "초음파 진단료"), (150, "0"), (200, "0"), (250, "0"), (290, "0"), (335, "3,200")],
    [
        (40, "합계"),
        (140, "①"),
        (150, "6,200"),
        (190, "②"),
        (200, "14,500"),
        (240, "③"),
        (250, "0"),
        (280, "④"),
        (290, "0"),
        (325, "⑤"),
        (335, "3,200"),
    ],
    [(40, "상한액 초과금"), (140, "⑥"), (150, "0"), (400, "선택진료 신청 [ ] 유 [V] 무")],
    [(40, "요양기관 종류"), (150, "[V]의원급·보건기관 [ ]병원급 [ ]종합병원 [ ]상급종합병원")],
    [
        (40, "사업자등록번호"),
        (120, BUSINESS_NUMBER),
        (200, "상호"),
        (240, PROVIDER),
        (400, "전화번호"),
        (450, "02-555-0134"),
    ],
    [(40, "사업장 소재지"), (120, "서울특별시 예시구 예시로 12"), (400, "대표자"), (450, "박예시 [인]")],
    [(250, "2026년 05월 04일")],
    [(40, "Test file written for MyData Wallet from the layout of 별지 제6호서식; invented data.")],
]

PHARMACY = "푸른숲약국"
PHARMACY_ROWS: list[list[tuple[float, str]]] = [
    [(40, "약제비 계산서·영수증")],
    [(40, "환자성명"), (110, PATIENT), (200, "조제일자"), (260, DAY), (370, "영수증번호"), (430, "20260504-0031")],
    [(40, "약제비총액 (①+②+③)"), (200, "12,400")],
    [(40, "본인부담금 ①"), (200, "3,700")],
    [(40, "보험자부담금 ②"), (200, "8,700")],
    [(40, "비급여(전액본인) ③"), (200, "0")],
    [(40, "수납금액 (①+③)"), (200, "3,700")],
    [(40, "카드"), (200, "3,700")],
    [(40, "현금영수증"), (200, "0")],
    [(40, "현금"), (200, "0")],
    [(40, "합 계"), (200, "3,700")],
    [(40, "사업자등록번호"), (140, "234-56-78901"), (260, "상 호"), (300, PHARMACY), (400, "성 명"), (440, "최예시")],
    [(40, "사업장소재지"), (140, "서울특별시 예시구 예시로 14")],
    [(40, "Test file written for MyData Wallet from the layout of the 약제비 계산서·영수증; invented data.")],
]

NOISY_OCR_TEXT = """[V]외래 [ ]입원 ([ ]퇴원 [ ]중간) 진료비 계산서ㆍ영수증
환자등록번호 환자 성 명 진료 기간 야간(공휴일)진료
20260504 김 하늘 2026.O5.04 ~ 2026.05.04 [ ]야간 [ ]공휴일
항목 급여 비급여 금액산정내용
⑦ 진 료 비 충 액 (①+②+③+④+⑤) 23,900 원
진 찰 료 4,7OO 11,000 0 0 0 ⑧ 환자부담 총액 (①-⑥)+③+④+⑤ 9,4OO
⑩ 납부할 금 액 (⑧-⑨) 9,400원
카 드 9,4O0
합 계 ① 6,2OO ② 14, 500 ③ 0 ④ 0 ⑤ 3.200
사업자 등록번호 123-45-67890 상 호 하늘숲내과의원 전화번호 02-555-0134
"""
"""A photo of the form as OCR gives it: spaces inside words, 충 for 총, O for 0, a point and a space in amounts,
lines missing (⑨, 현금), the rows in another order."""

UNREADABLE_OCR_TEXT = """진료비 계산서ㆍ영수증
요양기관명: 하늘숲내과의원
진료기간 2026.05.04
⑧ 환자부담 총액 9,4#0
⑦ 진료비 총액 2$,9
합 계 ① ### ② ...
"""
"""A receipt whose amounts cannot be read (smudged): only the provider and the date can."""


def draw(rows: list[list[tuple[float, str]]]) -> bytes:
    """A one-page A4 text-layer PDF with these rows, top down (the same bytes every run)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    if "NanumGothic" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("NanumGothic", str(FONT)))
    out = io.BytesIO()
    page = canvas.Canvas(out, pagesize=A4, invariant=True)
    page.setFont("NanumGothic", 7)
    top = A4[1] - 60
    for i, row in enumerate(rows):
        for x, cell in row:
            if cell:
                page.drawString(x, top - 16 * i, cell)
    page.showPage()
    page.save()
    return out.getvalue()


def standard_form_pdf() -> bytes:
    """The 진료비 계산서·영수증 of the visit (외래, 2026-05-04), paid by card."""
    return draw(STANDARD_ROWS)


def pharmacy_form_pdf() -> bytes:
    """The 약제비 계산서·영수증 of the same day."""
    return draw(PHARMACY_ROWS)
