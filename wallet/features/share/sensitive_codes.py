"""Code value sets and word lists for :mod:`wallet.features.share.sensitive` (data only).

The five categories follow HL7's information sensitivity policy codes
(``http://terminology.hl7.org/CodeSystem/v3-ActCode``, ActInformationSensitivityPolicy):
``HIV``, ``PSY``/``MH`` (mental health), ``ETH``/``SUD`` (substance use), ``SEX``/``STD``
(sexuality, reproductive health, sexually transmitted disease) and ``GDIS`` (genetic disease).
Cancer, like every other diagnosis, is health data but not one of these categories.

Sources of the codes:

* ICD-10: the WHO ICD-10 (2019) block and category ranges, which the US ICD-10-CM and the
  Korean KCD-8 (통계청 한국표준질병·사인분류) keep; ``Z14``/``Z15`` are ICD-10-CM.
* SNOMED CT: concept ids of the International Edition (the concepts, not their descendants:
  there is no terminology server here).
* LOINC: codes of the test or questionnaire named in the comment.
* ATC: WHO Collaborating Centre for Drug Statistics Methodology, ATC/DDD index, by group
  prefix (Korean prescriptions in KR Core carry ATC codes).

Words are whole words or phrases (English, case folded) and Korean terms matched at the start
of a word; see :mod:`wallet.features.share.sensitive` for the rules and the near misses they avoid.
"""

from __future__ import annotations

MENTAL = "mental_health"
SEXUAL = "sexual_reproductive"
HIV = "hiv"
SUBSTANCE = "substance_use"
GENETICS = "genetics"

# ICD-10 / ICD-10-CM / KCD-8: (first, last) 3-character categories, inclusive.
ICD10_RANGES: dict[str, tuple[tuple[str, str], ...]] = {
    SUBSTANCE: (("F10", "F19"),),  # mental and behavioural disorders due to psychoactive substance use
    MENTAL: (("F01", "F09"), ("F20", "F99"), ("X60", "X84")),  # the rest of chapter V; intentional self-harm
    HIV: (("B20", "B24"), ("Z21", "Z21"), ("R75", "R75")),  # HIV disease, asymptomatic HIV, HIV lab evidence
    SEXUAL: (
        ("A50", "A64"),  # infections with a predominantly sexual mode of transmission
        ("O00", "O9A"),  # chapter XV, pregnancy, childbirth and the puerperium (O9A: ICD-10-CM)
        ("Z30", "Z39"),  # contraception, procreation, pregnancy supervision, delivery, postpartum care
        ("N96", "N98"),  # habitual aborter, female infertility, complications of artificial fertilisation
        ("N46", "N46"),  # male infertility
    ),
    GENETICS: (("Q90", "Q99"), ("Z14", "Z15")),  # chromosomal abnormalities; carrier and susceptibility
}
# Codes inside otherwise unflagged categories, matched as prefixes of the code without its dot.
ICD10_CODES: dict[str, frozenset[str]] = {
    # alcohol / drug counselling (Z71.4, Z71.5), alcohol / drug rehabilitation (Z50.2, Z50.3), personal
    # history of psychoactive substance abuse (Z86.4), poisoning by heroin (T40.1), by cocaine (T40.5)
    SUBSTANCE: frozenset({"Z714", "Z715", "Z502", "Z503", "Z864", "T401", "T405"}),
    # personal history of self-harm (ICD-10-CM Z91.5), of other mental disorders (ICD-10-CM Z86.59)
    MENTAL: frozenset({"Z915", "Z8659"}),
}

SNOMED: dict[str, frozenset[str]] = {
    HIV: frozenset(
        {
            "86406008",  # Human immunodeficiency virus infection
            "165816005",  # HIV positive
            "62479008",  # Acquired immune deficiency syndrome
            "91947003",  # Asymptomatic human immunodeficiency virus infection
        }
    ),
    MENTAL: frozenset(
        {
            "74732009",  # Mental disorder
            "35489007",  # Depressive disorder
            "370143000",  # Major depressive disorder
            "36923009",  # Major depression, single episode
            "47505003",  # Posttraumatic stress disorder
            "197480006",  # Anxiety disorder
            "48694002",  # Anxiety
            "371631005",  # Panic disorder
            "191736004",  # Obsessive-compulsive disorder
            "58214004",  # Schizophrenia
            "13746004",  # Bipolar disorder
            "406506008",  # Attention deficit hyperactivity disorder
            "408856003",  # Autistic disorder
            "56882008",  # Anorexia nervosa
            "78004001",  # Bulimia nervosa
            "6471006",  # Suicidal thoughts
        }
    ),
    SUBSTANCE: frozenset(
        {
            "7200002",  # Alcoholism
            "15167005",  # Alcohol abuse
            "66590003",  # Alcohol dependence
            "26416006",  # Drug abuse
            "6525002",  # Dependent drug abuse
            "5602001",  # Opioid abuse
            "75544000",  # Opioid dependence
            "55680006",  # Drug overdose
            "361055000",  # Misuses drugs
        }
    ),
    SEXUAL: frozenset(
        {
            "72892002",  # Normal pregnancy
            "77386006",  # Pregnant
            "19169002",  # Miscarriage in first trimester
            "8619003",  # Infertile
            "15628003",  # Gonorrhea
            "76272004",  # Syphilis
            "105629000",  # Chlamydial infection
        }
    ),
    GENETICS: frozenset(
        {
            "41296002",  # Down syndrome (trisomy 21)
        }
    ),
}

LOINC: dict[str, frozenset[str]] = {
    HIV: frozenset(
        {
            "75622-1",  # HIV 1 and 2 tests - Meaningful Use set
            "7917-8",  # HIV 1 Ab [Presence] in Serum
            "5221-7",  # HIV 1 Ab [Presence] in Serum by Immunoblot
            "56888-1",  # HIV 1+2 Ab + HIV1 p24 Ag [Presence] in Serum or Plasma by Immunoassay
            "68961-2",  # HIV 1 Ab [Presence] in Serum or Plasma by Immunoassay
            "25836-8",  # HIV 1 RNA [#/volume] in Serum or Plasma by NAA
            "20447-9",  # HIV 1 RNA [#/volume] in Serum or Plasma by Probe with signal amplification
        }
    ),
    MENTAL: frozenset(
        {
            "44249-1",  # PHQ-9 quick depression assessment panel
            "44261-6",  # PHQ-9 total score
            "55757-9",  # PHQ-2 panel
            "55758-7",  # PHQ-2 total score
            "69737-5",  # GAD-7 panel
            "70274-6",  # GAD-7 total score
        }
    ),
    SUBSTANCE: frozenset(
        {
            "72109-2",  # AUDIT-C panel
            "75626-2",  # AUDIT-C total score
            "82666-9",  # DAST-10 panel
            "82667-7",  # DAST-10 total score
        }
    ),
    SEXUAL: frozenset(
        {
            "2106-3",  # Choriogonadotropin (pregnancy test) [Presence] in Urine
            "82810-3",  # Pregnancy status
            "11449-6",  # Pregnancy status - Reported
            "21613-5",  # Chlamydia trachomatis DNA [Presence] by NAA
            "24111-7",  # Neisseria gonorrhoeae DNA [Presence] by NAA
            "20507-0",  # Reagin Ab [Presence] in Serum by RPR (syphilis)
        }
    ),
    GENETICS: frozenset(
        {
            "51969-4",  # Genetic analysis report
            "81247-9",  # Master HL7 genetic variant reporting panel
        }
    ),
}

# ATC group prefixes.
ATC_PREFIXES: dict[str, tuple[str, ...]] = {
    HIV: ("J05AR", "J05AG", "J05AE", "J05AJ"),  # HIV combinations, NNRTIs, protease inhibitors, integrase inhibitors
    MENTAL: ("N05A", "N06A", "N06BA"),  # antipsychotics, antidepressants, ADHD stimulants
    SUBSTANCE: ("N07B",),  # drugs used in addictive disorders
    SEXUAL: ("G03A",),  # hormonal contraceptives for systemic use
}

# English: whole words or phrases, case folded (write every form that should match: "hiv" does not
# match "hives" and "depression" does not match "depressive").
WORDS: dict[str, tuple[str, ...]] = {
    MENTAL: (
        "depression",
        "depressive",
        "depressed mood",
        "anxiety disorder",
        "generalized anxiety",
        "generalised anxiety",
        "schizophrenia",
        "schizophrenic",
        "schizoaffective",
        "bipolar",
        "psychosis",
        "psychoses",
        "psychotic",
        "psychiatric",
        "psychiatry",
        "psychiatrist",
        "suicide",
        "suicidal",
        "self-harm",
        "self harm",
        "post-traumatic stress",
        "posttraumatic stress",
        "ptsd",
        "eating disorder",
        "anorexia nervosa",
        "bulimia",
        "attention deficit",
        "adhd",
        "mental disorder",
        "mental disorders",
        "mental illness",
        "mental health",
        "personality disorder",
        "obsessive-compulsive",
        "obsessive compulsive",
        "panic disorder",
        "autism",
        "autistic",
        "sertraline",
        "fluoxetine",
        "citalopram",
        "escitalopram",
        "paroxetine",
        "venlafaxine",
        "duloxetine",
        "quetiapine",
        "olanzapine",
        "risperidone",
        "aripiprazole",
        "haloperidol",
        "clozapine",
        "lithium carbonate",
    ),
    SEXUAL: (
        "pregnancy",
        "pregnancies",
        "pregnant",
        "contraception",
        "contraceptive",
        "contraceptives",
        "abortion",
        "miscarriage",
        "gonorrhea",
        "gonorrhoea",
        "chlamydia",
        "chlamydial",
        "syphilis",
        "genital herpes",
        "sexually transmitted",
        "infertility",
        "infertile",
        "in vitro fertilisation",
        "in vitro fertilization",
        "ivf",
        "prenatal",
        "antenatal",
        "postpartum",
        "obstetric",
        "obstetrics",
        "erectile dysfunction",
        "levonorgestrel",
        "norethindrone",
        "ethinyl estradiol",
        "etonogestrel",
        "drospirenone",
        "intrauterine device",
        "iud",
    ),
    HIV: (
        "hiv",
        "hiv-1",
        "hiv-2",
        "human immunodeficiency virus",
        "acquired immunodeficiency syndrome",
        "acquired immune deficiency syndrome",
        "antiretroviral",
        "antiretrovirals",
        "efavirenz",
        "tenofovir",
        "emtricitabine",
        "lamivudine",
        "zidovudine",
        "dolutegravir",
        "raltegravir",
        "bictegravir",
        "abacavir",
        "rilpivirine",
        "darunavir",
    ),
    SUBSTANCE: (
        "alcoholism",
        "alcohol abuse",
        "alcohol dependence",
        "alcohol use disorder",
        "drug abuse",
        "drug dependence",
        "substance abuse",
        "substance use",
        "opioid abuse",
        "opioid dependence",
        "opioid use disorder",
        "overdose",
        "drug overdose",
        "cocaine",
        "heroin",
        "cannabis",
        "methamphetamine",
        "methadone",
        "buprenorphine",
        "naltrexone",
        "addiction",
    ),
    GENETICS: (
        "genetic",
        "genetics",
        "genomic",
        "genome",
        "gene mutation",
        "brca",
        "brca1",
        "brca2",
        "chromosomal",
        "chromosome",
        "karyotype",
        "dna test",
        "hereditary",
        "carrier status",
        "exome",
        "trisomy",
        "down syndrome",
    ),
}
# Phrases that contain a word above but mean something else; removed before the words are matched.
NOT_WORDS: tuple[str, ...] = (
    "st depression",
    "st segment depression",
    "st-segment depression",
    "respiratory depression",
    "bone marrow depression",
    "marrow depression",
    "cns depression",
)
# Upper case only ("hearing aids" is not HIV).
WORDS_EXACT_CASE: dict[str, tuple[str, ...]] = {HIV: ("AIDS",)}

# Korean: terms matched at the start of a word (after a space, punctuation or a non-Hangul letter),
# with any ending after them (particles such as 이/을/은/의 and suffixes such as 증/과).  A space
# inside a term also matches no space ("알코올 의존" matches "알코올의존").  Short words that are
# something else in everyday Korean are left out on purpose: 정신 (정신없이 "busy"; 정신과 육체
# "mind and body"), 불안 (혈압 불안정), 유산 (유산균 "probiotics", 문화유산), 유전 (oil field).
KOREAN: dict[str, tuple[str, ...]] = {
    MENTAL: (
        "정신질환",
        "정신 질환",
        "정신장애",
        "정신 장애",
        "정신병",
        "정신분열",
        "정신건강",
        "정신 건강",
        "정신건강의학",
        "정신의학",
        "우울증",
        "우울 장애",
        "불안 장애",
        "공황 장애",
        "조현병",
        "조현정동",
        "양극성 장애",
        "조울증",
        "강박 장애",
        "강박증",
        "외상 후 스트레스",
        "자살",
        "자해",
        "섭식 장애",
        "거식증",
        "폭식증",
        "주의력 결핍",
        "자폐",
    ),
    SEXUAL: (
        "임신",
        "피임",
        "성병",
        "성매개 감염",
        "성 매개 감염",
        "불임",
        "난임",
        "낙태",
        "인공 임신 중절",
        "자연 유산",
        "계류 유산",
        "습관성 유산",
        "시험관 시술",
        "체외 수정",
        "산전 검사",
        "산후",
    ),
    HIV: ("에이즈", "인간 면역 결핍", "후천성 면역 결핍", "후천성면역결핍", "항레트로바이러스"),
    SUBSTANCE: (
        "알코올 의존",
        "알코올 중독",
        "알코올 사용 장애",
        "알코올 남용",
        "마약",
        "약물 중독",
        "약물 남용",
        "약물 의존",
        "물질 사용 장애",
        "아편 유사제 의존",
    ),
    GENETICS: ("유전자", "유전체", "유전성", "유전 질환", "유전병", "유전 검사", "염색체", "다운 증후군"),
}
