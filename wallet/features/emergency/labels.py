"""Fixed words of the emergency record in English and Korean.

Values a person or a source recorded (an allergy's name, a dose) are printed
as recorded; only the words the wallet itself adds are translated here.
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["ko", "en"]
LANGS: tuple[Lang, ...] = ("ko", "en")

# key -> (English, Korean)
TERMS: dict[str, tuple[str, str]] = {
    "title": ("Emergency medical information", "응급 의료 정보"),
    "card_title": ("EMERGENCY", "응급"),
    "name": ("Name", "이름"),
    "birth_date": ("Date of birth", "생년월일"),
    "sex": ("Sex", "성별"),
    "blood_type": ("Blood type", "혈액형"),
    "allergies": ("Allergies and intolerances", "알레르기 및 과민 반응"),
    "allergies_short": ("Allergies", "알레르기"),
    "problems": ("Active problems", "현재 질환"),
    "medications": ("Current medications", "복용 중인 약"),
    "medications_short": ("Medications", "복용 약"),
    "devices": ("Implanted devices", "체내 삽입 기기"),
    "immunizations": ("Recent immunizations", "최근 예방접종"),
    "contacts": ("Emergency contacts", "비상 연락처"),
    "organ_donation": ("Organ donation", "장기 기증"),
    "directives": ("Advance directives", "사전 의료 지시"),
    "language": ("Preferred language", "선호 언어"),
    "made_on": ("Made on", "작성일"),
    "none_known": ("none known", "알려진 것 없음"),
    "not_recorded": ("not recorded", "기록 없음"),
    # {n} is filled in by text.left_out_text(); never read as "none known"
    "left_out": ("{n} item(s) left out by the holder", "작성자가 {n}개 항목을 뺐습니다"),
    "left_out_short": ("{n} left out by holder", "작성자가 {n}개 뺌"),
    "hand_entered": ("entered by the holder", "본인 입력"),
    "self_reported": (
        "Made by the person named above (or their carer) with MyData Wallet from their own records. "
        "Not issued by a clinician: confirm with the patient or their doctor when you can.",
        "위 본인(또는 보호자)이 MyData Wallet으로 자신의 기록에서 만든 것입니다. "
        "의료진이 발급한 문서가 아니므로 가능하면 본인이나 담당 의사에게 확인하십시오.",
    ),
    "qr_plain": ("Scan with a phone camera: plain text", "휴대폰 카메라로 스캔: 일반 텍스트"),
    "qr_shc": (
        "SMART Health Card, self-issued and signed with the holder's own key (not by a clinic)",
        "SMART Health Card: 본인 키로 서명한 자체 발급본 (의료기관 발급 아님)",
    ),
    "shc_missing": ("no SMART Health Card: ", "SMART Health Card 없음: "),
    "shc_fingerprint": ("Key fingerprint (kid)", "키 지문(kid)"),
    "shc_key_at": ("The holder's public key", "본인 공개 키"),
    "shc_key_unpublished": (
        "Key not published online: compare the fingerprint with the holder's key file",
        "키가 온라인에 게시되지 않음: 본인 키 파일의 지문과 비교하십시오",
    ),
    "shc_all_in": ("This code holds every item on this page", "이 코드에 이 문서의 모든 항목이 들어 있습니다"),
    "shc_left_out": ("Not in this code, only on paper", "이 코드에 없고 종이에만 있는 항목"),
    "shc_shortened": ("long texts shortened in the code", "코드 안의 긴 글은 줄임"),
    "see_sheet": ("more on the full page", "나머지는 전체 문서 참조"),
    "more": ("more", "개 더"),
    "continued": ("continued", "계속"),
    "next_page": ("continued on the next page", "다음 쪽에 계속"),
    "fold": ("fold", "접는 선"),
    "cut": ("cut", "자르는 선"),
    # severity and criticality
    "sev_high": ("HIGH RISK", "고위험"),
    "sev_low": ("low risk", "저위험"),
    "sev_unable-to-assess": ("risk unknown", "위험도 모름"),
    "sev_severe": ("SEVERE", "중증"),
    "sev_moderate": ("moderate", "중등도"),
    "sev_mild": ("mild", "경증"),
    # sex
    "sex_female": ("female", "여성"),
    "sex_male": ("male", "남성"),
    "sex_other": ("other", "기타"),
    "sex_unknown": ("unknown", "모름"),
    # yes / no
    "yes": ("yes", "예"),
    "no": ("no", "아니오"),
    # relationships (HL7 v3 RoleCode, v2-0131)
    "rel_C": ("emergency contact", "비상 연락처"),
    "rel_N": ("next of kin", "최근친"),
    "rel_E": ("employer", "고용주"),
    "rel_MTH": ("mother", "어머니"),
    "rel_FTH": ("father", "아버지"),
    "rel_PRN": ("parent", "부모"),
    "rel_SPS": ("spouse", "배우자"),
    "rel_HUSB": ("husband", "남편"),
    "rel_WIFE": ("wife", "아내"),
    "rel_DOMPART": ("partner", "동거인"),
    "rel_SON": ("son", "아들"),
    "rel_DAU": ("daughter", "딸"),
    "rel_CHILD": ("child", "자녀"),
    "rel_SIB": ("sibling", "형제자매"),
    "rel_BRO": ("brother", "형제"),
    "rel_SIS": ("sister", "자매"),
    "rel_FRND": ("friend", "친구"),
    "rel_NBOR": ("neighbour", "이웃"),
    "rel_GRPRN": ("grandparent", "조부모"),
    "rel_GUARD": ("guardian", "보호자"),
    # languages
    "lang_ko": ("Korean", "한국어"),
    "lang_en": ("English", "영어"),
    "lang_ja": ("Japanese", "일본어"),
    "lang_zh": ("Chinese", "중국어"),
    "lang_nl": ("Dutch", "네덜란드어"),
    "lang_fr": ("French", "프랑스어"),
    "lang_de": ("German", "독일어"),
    "lang_es": ("Spanish", "스페인어"),
    "lang_vi": ("Vietnamese", "베트남어"),
    "lang_ru": ("Russian", "러시아어"),
}


def term(key: str, lang: Lang) -> str:
    """One fixed word in one language (the key itself if unknown)."""
    pair = TERMS.get(key)
    if pair is None:
        return key
    return pair[1] if lang == "ko" else pair[0]


def has_term(key: str) -> bool:
    """Whether ``key`` is a fixed term with a translation (otherwise the text is printed as recorded)."""
    return key in TERMS


def order(lang: Lang) -> tuple[Lang, Lang]:
    """The chosen language first, then the other (the sheet is always bilingual)."""
    return ("ko", "en") if lang == "ko" else ("en", "ko")


def both(key: str, lang: Lang, sep: str = " / ") -> str:
    """A fixed word in the chosen language and the other one: ``알레르기 / Allergies``."""
    first, second = order(lang)
    a, b = term(key, first), term(key, second)
    return a if a == b else f"{a}{sep}{b}"
