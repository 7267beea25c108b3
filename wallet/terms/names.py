"""Human names, in English and Korean, for what records are and where they came from.

Three questions every view, the command line, shares and printouts ask of a record:

* what kind of thing is it? :func:`kind_name` ("HKQuantityTypeIdentifierHeartRate" -> "Heart rate" / "심박수",
  "Encounter" -> "Visit" / "진료");
* what does its code mean? :func:`code_name` (LOINC "4548-4" -> "Hemoglobin A1c" / "당화혈색소");
* what produced it? :func:`source_label` ("Jane's Apple Watch", "OFX checking …1234"), with
  :func:`source_key` telling apart two sources that would read the same.

The tables are ``resources/terms/kinds.tsv`` and ``resources/terms/loinc.tsv`` (tab-separated, UTF-8,
columns named in their first line).  A kind not in the table still gets a readable name made from
its identifier, never an empty one; a code not in the table is named by the record's own display.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from wallet.resources import resource_path

if TYPE_CHECKING:
    from wallet.model import Record

LOINC_SYSTEMS: frozenset[str] = frozenset({"http://loinc.org", "LOINC", "urn:oid:2.16.840.1.113883.6.1"})
"""How records spell LOINC: FHIR records carry the short name "LOINC", Fitbit's the URL, CDA the OID."""

_PREFIXES = (
    "HKQuantityTypeIdentifier",
    "HKCategoryTypeIdentifier",
    "HKCorrelationTypeIdentifier",
    "HKCharacteristicTypeIdentifier",
    "HKDataType",
)
_WORD = re.compile(r"[A-Z]+[0-9]*(?=[A-Z][a-z]|$|_)|[A-Z]?[a-z]+[0-9]*|[A-Z]+[0-9]*|[0-9]+")


def _korean(lang: str) -> bool:
    return lang.lower().startswith("ko")


def _read_table(name: str, columns: int) -> list[list[str]]:
    """The rows of ``resources/terms/NAME``: tab-separated, ``#`` lines are comments."""
    rows = []
    with resource_path("terms", name).open(encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\r\n")
            if not line or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != columns:
                raise ValueError(f"resources/terms/{name}: {len(cells)} columns in {line!r}, expected {columns}")
            rows.append([c.strip() for c in cells])
    return rows


@cache
def kind_table() -> dict[str, tuple[str, str]]:
    """Every named kind: kind -> (English, Korean)."""
    return {kind: (en, ko) for kind, en, ko in _read_table("kinds.tsv", 3)}


@dataclass(frozen=True)
class LoincTerm:
    """One LOINC code of the curated table."""

    code: str
    en: str
    ko: str
    unit: str | None
    """The usual UCUM unit of its results (None: it has no unit, e.g. a panel or a presence test)."""

    def name(self, lang: str = "en") -> str:
        """The name in ``lang`` ("ko" or "en")."""
        return self.ko if _korean(lang) else self.en


@cache
def loinc_table() -> dict[str, LoincTerm]:
    """The curated LOINC table: code -> term."""
    return {code: LoincTerm(code, en, ko, unit or None) for code, en, ko, unit in _read_table("loinc.tsv", 4)}


def humanize(identifier: str) -> str:
    """A readable name made from an identifier: ``HKQuantityTypeIdentifierFooBar`` -> "Foo bar",
    ``snake_case`` -> "Snake case", ``VO2Max`` -> "VO2 max"; never empty."""
    text = identifier.strip().removeprefix("com.google.")
    for prefix in _PREFIXES:
        if text.startswith(prefix) and len(text) > len(prefix):
            text = text[len(prefix) :]
            break
    words = [w for part in re.split(r"[_\s.\-]+", text) for w in (_WORD.findall(part) or [part]) if w]
    if not words:
        return identifier.strip() or "Record"
    out = " ".join(w if (w.isupper() and len(w) > 1) or any(c.isdigit() for c in w) else w.lower() for w in words)
    return out[:1].upper() + out[1:]


def has_kind_name(kind: str) -> bool:
    """True when the table names ``kind`` (its name is not made up from the identifier)."""
    return kind in kind_table()


def kind_name(kind: str, lang: str = "en") -> str:
    """The human name of a record kind in ``lang`` ("en" or "ko"); a readable fallback for unknown kinds."""
    names = kind_table().get(kind)
    if names is not None:
        return names[1] if _korean(lang) else names[0]
    return humanize(kind)


def kind_label(kind: str, lang: str = "en") -> str:
    """The human name with the raw kind beside it, for a detail view.

    "Heart rate (HKQuantityTypeIdentifierHeartRate)"; a kind that is its own name once: "Bundle".
    """
    name = kind_name(kind, lang)
    return name if name == kind else f"{name} ({kind})"


def is_loinc(system: str | None) -> bool:
    """True when ``system`` is one of the spellings of LOINC."""
    return system is not None and system.strip() in LOINC_SYSTEMS


def code_name(system: str | None, code: str | None, display: str | None, lang: str = "en") -> str | None:
    """The human name of a coded concept: the curated name of a known LOINC code, else the data's own
    display, else None."""
    if code and is_loinc(system):
        term = loinc_table().get(code.strip())
        if term is not None:
            return term.name(lang)
    if display and display.strip():
        return display.strip()
    return None


# --------------------------------------------------------------------------- sources

_CONNECTOR_NAMES: dict[str, tuple[str, str]] = {
    "apple_health": ("Apple Health", "Apple 건강"),
    "fhir": ("Hospital record (FHIR)", "병원 기록(FHIR)"),
    "nhis_checkup": ("National health screening (NHIS)", "국민건강보험 건강검진"),
    "smart_health_card": ("SMART Health Card", "SMART 건강 카드"),
    "ofx": ("Bank statement (OFX)", "은행 거래내역(OFX)"),
    "bank_csv": ("Bank statement (CSV)", "은행 거래내역(CSV)"),
    "green_button": ("Utility meter (Green Button)", "계량기(Green Button)"),
    "fitbit": ("Fitbit", "Fitbit"),
    "google_fit": ("Google Fit", "Google Fit"),
    "document": ("Scanned document", "스캔 문서"),
}
_DEVICE_NAME = re.compile(r"\bname:([^,>]+)")


def connector_name(connector_id: str, lang: str = "en") -> str:
    """The human name of a connector ("fhir" -> "Hospital record (FHIR)"); the id humanized when unknown."""
    names = _CONNECTOR_NAMES.get(connector_id)
    if names is None:
        return humanize(connector_id)
    return names[1] if _korean(lang) else names[0]


def _text(value: Any) -> str | None:
    if isinstance(value, str) and value.strip():
        return " ".join(value.split())
    return None


def _apple_health(payload: dict[str, Any], lang: str) -> str | None:
    source = _text(payload.get("sourceName"))
    device = _text(payload.get("device"))
    if "samples" in payload and isinstance(payload.get("header"), dict):  # an ECG: its header names the watch
        return f"Apple Watch ({device})" if device else "Apple Watch"
    device_name = None
    if device:
        match = _DEVICE_NAME.search(device)
        device_name = _text(match.group(1)) if match else (None if "<" in device else device)
    if source and device_name and device_name.casefold() not in source.casefold():
        return f"{source} ({device_name})"
    return source or device_name


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname or url


def _display_of(value: Any) -> str | None:
    if isinstance(value, list):
        for item in value:
            found = _display_of(item)
            if found:
                return found
        return None
    if isinstance(value, dict):
        actor = value.get("actor")
        if isinstance(actor, dict):
            return _text(actor.get("display"))
        return _text(value.get("display"))
    return None


def _fhir(payload: dict[str, Any]) -> str | None:
    for key in (
        "performer",
        "serviceProvider",
        "managingOrganization",
        "organization",
        "requester",
        "recorder",
        "asserter",
        "informationSource",
        "author",
        "custodian",
        "issuer",
        "provider",
    ):
        found = _display_of(payload.get(key))
        if found:
            return found
    meta = payload.get("meta")
    source = _text(meta.get("source")) if isinstance(meta, dict) else None
    if source and source.startswith(("http://", "https://")):
        return _host(source)
    return None


def _ofx(payload: dict[str, Any], lang: str) -> str | None:
    account = payload.get("account")
    if not isinstance(account, dict):
        return None

    def one(key: str) -> str:
        value = account.get(key)
        if isinstance(value, list):
            value = value[0] if value else ""
        return str(value or "").strip()

    acct = one("acctid")
    kind = one("accttype").lower() or {"creditcard": "credit card", "investment": "investment"}.get(
        str(payload.get("statement") or ""), ""
    )
    org = one("brokerid") or (f"Bank {one('bankid')}" if one("bankid") else "")
    tail = f"…{acct[-4:]}" if acct else ""
    parts = [p for p in (org, " ".join(p for p in (kind, tail) if p)) if p]
    if not parts:
        return None
    return " · ".join(parts)


def _profile_name(tags: list[str]) -> str | None:
    for tag in tags:
        if tag.startswith("csv-profile:"):
            name = tag.split(":", 1)[1]
            country, sep, rest = name.partition("_")
            if sep and len(country) == 2 and rest:
                return f"{humanize(rest)} ({country.upper()})"
            return humanize(name)
    return None


def _mask(account: str) -> str:
    """An account number to its last four characters ("…6409"); a name ("Main account") as it is."""
    if sum(c.isdigit() for c in account) >= 4:
        return f"…{account[-4:]}"
    return account[:40]


def _bank_csv(record: Record) -> str | None:
    profile = _profile_name(record.tags)
    account = _text(record.payload.get("account"))
    masked = _mask(account) if account else None
    parts = [p for p in (profile, masked) if p]
    return " · ".join(parts) if parts else None


def _green_button(payload: dict[str, Any], lang: str) -> str | None:
    title = _text(payload.get("usage_point_title")) or _text(payload.get("meter_title"))
    if title:
        return title
    commodity = _text(payload.get("commodity"))
    point = _text(payload.get("usage_point"))
    if not commodity and not point:
        return None
    what = commodity.capitalize() if commodity else ("Meter" if not _korean(lang) else "계량기")
    if point:
        return f"{what} · {point.rstrip('/').rsplit('/', 1)[-1]}"
    return what


def google_fit_source(payload: dict[str, Any]) -> str | None:
    """The app or device a Google Fit point names in its ``originDataSourceId`` (None when it names none)."""
    return _google_fit(payload)


def _google_fit(payload: dict[str, Any]) -> str | None:
    meta = payload.get("metadata")
    # a record has it at the top; a sample of a series (wallet.samples.sample_records) among its extras
    origin = _text(
        payload.get("originDataSourceId") or (meta.get("originDataSourceId") if isinstance(meta, dict) else None)
    )
    if not origin:
        return None
    # type:dataType:app[:manufacturer:model:uid]:stream  (Google Fit data source ids)
    parts = origin.split(":")
    app = parts[2] if len(parts) > 2 else ""
    device = " ".join(p for p in parts[3:5] if p) if len(parts) > 5 else ""
    if app == "com.google.android.gms":
        app = ""
    return device or app or None


def _shc(record: Record) -> str | None:
    verification = record.provenance.verification or {}
    iss = _text(verification.get("iss"))
    return _host(iss) if iss else None


def _document(record: Record, lang: str) -> str:
    media = record.attachments[0].media_type if record.attachments else ""
    ko = _korean(lang)
    if media == "application/pdf":
        what = "PDF 문서" if ko else "PDF document"
    elif media.startswith("image/"):
        what = "스캔 이미지" if ko else "Scanned image"
    else:
        what = "스캔 문서" if ko else "Scanned document"
    issuer = _text(record.payload.get("issuer"))  # who issued it (the pharmacy, the hospital), when known
    return f"{issuer[:60]} · {what}" if issuer else what


def _specific(record: Record, lang: str) -> str | None:
    """What produced the record, when the record itself says; None when it does not."""
    connector = record.provenance.connector_id
    payload = record.payload if isinstance(record.payload, dict) else {}
    if connector == "apple_health":
        return _apple_health(payload, lang)
    if connector == "fhir":
        return _fhir(payload)
    if connector == "smart_health_card":
        issuer = _shc(record)
        return f"{issuer} ({connector_name(connector, lang)})" if issuer else None
    if connector == "ofx":
        return _ofx(payload, lang)
    if connector == "bank_csv":
        return _bank_csv(record)
    if connector == "green_button":
        return _green_button(payload, lang)
    if connector == "google_fit":
        found = _google_fit(payload)
        return f"Google Fit ({found})" if found else None
    if connector == "document":
        return _document(record, lang)
    return None


_NAMED_CONNECTORS = {"fhir", "fitbit", "google_fit", "smart_health_card", "apple_health"}
"""Connectors whose human name is a fair label when the record names nothing more precise."""


def source_label(record: Record, lang: str = "en") -> str:
    """The name of what produced ``record`` (a watch, a hospital, a bank account), not of the file it
    came in; the file name when nothing better is known."""
    found = _specific(record, lang)
    if found:
        return found
    connector = record.provenance.connector_id
    if connector in _NAMED_CONNECTORS:
        return connector_name(connector, lang)
    return record.provenance.source_name or connector_name(connector, lang)


def _identifies(record: Record) -> bool:
    """True when the specific label names one producer (a device, an organisation, an account), not
    just a kind of source ("PDF document", a bank's CSV format without an account)."""
    connector = record.provenance.connector_id
    if connector == "document":
        return False
    if connector == "bank_csv":
        return bool(_text(record.payload.get("account")))
    return True


def source_key(record: Record) -> str:
    """A stable key of what produced ``record``: equal for records from the same producer, different for
    two exports that would read the same (the file's SHA-256 joins the key when the label is only the
    file, the connector or the kind of source)."""
    prov = record.provenance
    specific = _specific(record, "en")
    if specific and _identifies(record):
        return f"{prov.connector_id}|{specific}"
    return f"{prov.connector_id}|{specific or prov.source_name}|{prov.source_name}|{prov.source_sha256 or ''}"
