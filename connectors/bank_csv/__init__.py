"""Bank statement CSV exports, driven by profiles that are data, not code.

Every bank lays its CSV out differently.  A :class:`CsvProfile` says how one
layout is read: which column holds the date, the amount (or separate debit and
credit columns), the payee and the description; the date format; decimal and
thousands separators; the sign convention; the delimiter and encoding; and a
*signature* (header cells that identify the layout).  Built-in profiles are
TOML files in ``connectors/bank_csv/profiles/``; a person's own profiles are kept
in the vault (``vault.cache_set("csv-profile:NAME", ...)``) through
:func:`save_profile` and come back from :func:`load_profiles`.

Detection: a profile is chosen from the header row (the first of the first 30
rows that contains every signature cell; the most specific profile wins), or
for header-less layouts from a regular expression on the first line.  A CSV
that matches no profile is *not* identified; ``--connector bank_csv --option
profile=NAME`` forces a profile, and a file whose columns do not fit it is
refused naming the missing column.

Encoding: a BOM or valid UTF-8 decides at once.  Otherwise the profile's
declared encoding is used when the header fits it; otherwise CP949 (Korean:
decoded as ``cp949``, the superset of EUC-KR), cp1250 and cp1252 are weighed.
When the choice matters and is not clear, :class:`EncodingUncertain` is raised
with the candidates and a preview of each, so the person can choose
(``--option encoding=cp1250``).  Text with U+FFFD or tell-tale mojibake
(``Ã¤``, ``â€``) is never stored.

Spreadsheets: ``.xlsx`` (password-protected too), legacy ``.xls`` and ``.xls`` files
that are HTML tables are read into rows by :mod:`connectors.bank_csv.sheets` and then
through the same profiles (every sheet that has the header).  Header cells are compared
ignoring spaces and unit suffixes (``거래후 잔액`` = ``거래후잔액(원)``); profiles may
mark total rows (checked against the sum of the rows), carry a group's date down, and
give rows other kinds (installments, cancellations, discounts) by rule.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import tomllib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from connectors.bank_csv.sheets import ISO_FORMATS, Table, head_tables, is_sheet, open_sheets, sniff
from wallet.errors import ConnectorError, ConnectorOption
from wallet.imports.connector import Cache, Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, canonical_json

MAX_BYTES = 1 * 1024 * 1024
"""About 17,000 transactions.  A statement is read whole and checked before any of it is imported,
about 100 times its size in memory: 1 MB keeps an import under wallet.limits.MEMORY_BOUND_MB."""
SHEET_MAX_BYTES = 4 * 1024 * 1024
"""Spreadsheet statements (.xlsx, .xls, HTML as .xls) carry markup and styles around the same rows;
their rows are capped by :data:`connectors.bank_csv.sheets.MAX_ROWS`."""
SHEET_SUFFIXES = (".xlsx", ".xls")
HEADER_SEARCH_ROWS = 30
PREVIEW_ROWS = 20
"""Rows a profile editor shows (:func:`preview_rows`)."""
CACHE_PREFIX = "csv-profile:"
CACHE_INDEX = "csv-profile-index"
CANDIDATE_ENCODINGS = ("cp949", "cp1250", "cp1252")
CLI_COMMAND = "csv-profiles"
"""The command of this plug-in's command-line part (``connectors.bank_csv.cli``) that lists the profiles."""
_TIME_DIRECTIVES = ("%H", "%I", "%M", "%S", "%p", "%X", "%c", "%T", "%R", "%z")
"""strptime directives of a time of day: a date format with none of them gives a date only."""

_MOJIBAKE = re.compile(
    "\ufffd|[ÃÂ][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|â€|[êëìí][\u0080-\u00bf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{2}"
)


# --------------------------------------------------------------------------- errors


class CsvProfileError(ConnectorError):
    """A profile is invalid, unknown, or does not fit the file."""


class EncodingUncertain(ConnectorError):
    """The file's character encoding cannot be told for sure; the person must choose.

    ``candidates`` lists the plausible encodings; ``previews`` maps each to a
    short sample of the text decoded with it, for the app to show.
    """

    def __init__(self, source_name: str, candidates: list[str], previews: dict[str, str]) -> None:
        self.candidates = candidates
        self.previews = previews
        shown = "; ".join(f"{enc}: {previews[enc][:60]!r}" for enc in candidates)
        super().__init__(
            f"{source_name}: cannot tell the text encoding for sure ({shown})",
            hint=ConnectorOption("encoding", tuple(candidates)),
        )


# --------------------------------------------------------------------------- profile model


class CsvColumns(BaseModel):
    """Which columns hold what.  A column is named by its header text, or ``#N`` (0-based index)."""

    model_config = ConfigDict(extra="forbid")

    date: str
    time: str | None = None
    timezone: str | None = None
    amount: str | None = None
    debit: str | None = None
    """Outflow column: its (unsigned) value is subtracted."""
    credit: str | None = None
    """Inflow column: its (unsigned) value is added."""
    direction: str | None = None
    """Column that says debit or credit (see ``debit_values``/``credit_values``)."""
    currency: str | None = None
    payee: list[str] = Field(default_factory=list)
    description: list[str] = Field(default_factory=list)
    balance: str | None = None
    id: str | None = None
    account: str | None = None
    category: str | None = None
    card: str | None = None
    """Card statements: which card (masked number or holder) the row is for."""
    installment: str | None = None
    """Months and round in one cell, ``months/round`` (``3/1``), in the order the header names them."""
    installment_months: str | None = None
    installment_round: str | None = None
    fee: str | None = None
    """Installment interest or fees of the row (kept in the payload as ``fee``)."""
    discount: str | None = None
    """A discount or benefit amount given on the row (kept in the payload as ``discount``)."""
    purchase_amount: str | None = None
    """The whole purchase when the amount column is this statement's part of it (installments)."""

    @model_validator(mode="after")
    def _amount_given(self) -> CsvColumns:
        if not (self.amount or self.debit or self.credit):
            raise ValueError("a profile needs an amount column or debit/credit columns")
        return self

    def referenced(self) -> list[str]:
        """Every column reference this profile uses, so a file can be checked for all of them before any row is read."""
        refs = [
            self.date,
            self.time,
            self.timezone,
            self.amount,
            self.debit,
            self.credit,
            self.direction,
            self.currency,
            self.balance,
            self.id,
            self.account,
            self.category,
            self.card,
            self.installment,
            self.installment_months,
            self.installment_round,
            self.fee,
            self.discount,
            self.purchase_amount,
            *self.payee,
            *self.description,
        ]
        return [r for r in refs if r]


class KindRule(BaseModel):
    """Rows whose column holds one of ``values`` (or matches ``pattern``) are records of ``kind``."""

    model_config = ConfigDict(extra="forbid")

    column: str
    values: list[str] = Field(default_factory=list)
    pattern: str | None = None
    kind: str = Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")
    sign: Literal["", "+", "-"] = ""
    """Force the amount's sign for this kind (a cancellation listed with a positive amount and a ``Y`` flag)."""

    @field_validator("pattern")
    @classmethod
    def _regex(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                re.compile(value)
            except re.error as exc:
                raise ValueError(f"invalid regular expression: {exc}") from exc
        return value


class CsvProfile(BaseModel):
    """How to read one bank's CSV (or spreadsheet) layout."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=r"^[A-Za-z0-9_.-]{1,64}$")
    description: str = ""
    encoding: str | None = None
    """Python codec name, or None to detect."""
    delimiter: str = ","
    quotechar: str = '"'
    header: bool = True
    column_names: list[str] = Field(default_factory=list)
    """Names of the columns for a layout without header row."""
    skip_lines: int = Field(default=0, ge=0, le=1000)
    """Rows to skip before the header (or, without header, before the first data row)."""
    signature: list[str] = Field(default_factory=list)
    """Header cells that must all be present for this profile to be detected."""
    line_regex: str | None = None
    """Header-less layouts: a regular expression the first non-empty line must match."""
    field_count: int | None = None
    """Header-less layouts: how many fields the first data line must have."""
    date_format: list[str] = Field(default_factory=lambda: ["%Y-%m-%d"])
    time_format: str | None = None
    timezone: str = "UTC"
    """IANA zone of the dates (they carry none themselves)."""
    decimal: str = "."
    thousands: str = ""
    invert_sign: bool = False
    """True when the export shows spending as positive numbers (most credit cards)."""
    debit_values: list[str] = Field(default_factory=list)
    credit_values: list[str] = Field(default_factory=list)
    currency: str | None = None
    """Fixed currency when there is no currency column."""
    skip_values: dict[str, list[str]] = Field(default_factory=dict)
    """Rows where a column holds one of these values are skipped (pending, totals)."""
    balance_values: dict[str, list[str]] = Field(default_factory=dict)
    """Rows where a column holds one of these values are balances, not transactions."""
    continuation: bool = False
    """Rows with an empty date and no amount continue the previous row's description."""
    header_rows: int = Field(default=1, ge=1, le=2)
    """2: the header spans two rows (a name in the second row wins over the one above it)."""
    carry_date: bool = False
    """Rows with an amount but an empty date have the date of the row above (grouped card statements)."""
    total_markers: list[str] = Field(default_factory=list)
    """Rows whose first non-empty cell starts with one of these (``합계``, ``소계``) are totals: skipped."""
    check_total: bool = False
    """Compare each total row (not a ``소계`` subtotal) with the sum of the rows above it; a warning if they differ."""
    kind_rules: list[KindRule] = Field(default_factory=list)
    """Rows that are another kind than ``transaction`` (installments, cancellations, discounts); the first rule wins."""
    columns: CsvColumns

    @field_validator("date_format", mode="before")
    @classmethod
    def _listify(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("delimiter", "quotechar")
    @classmethod
    def _one_char(cls, value: str) -> str:
        if len(value) != 1:
            raise ValueError("must be one character")
        return value

    @field_validator("encoding")
    @classmethod
    def _codec(cls, value: str | None) -> str | None:
        if value is None:
            return None
        import codecs

        try:
            codecs.lookup(value)
        except LookupError as exc:
            raise ValueError(f"unknown encoding {value!r}") from exc
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        _zone(value)
        return value

    @model_validator(mode="after")
    def _detectable(self) -> CsvProfile:
        if self.header and not self.signature:
            self.signature = [c for c in self.columns.referenced() if not c.startswith("#")]
        if not self.header and not self.column_names:
            raise ValueError("a profile without header row needs column_names")
        return self


def _zone(name: str) -> tzinfo:
    if name.upper() in ("UTC", "GMT", "Z"):
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


# --------------------------------------------------------------------------- profile store


def _builtin_profiles() -> dict[str, CsvProfile]:
    out: dict[str, CsvProfile] = {}
    folder = resources.files("connectors.bank_csv") / "profiles"
    for item in sorted(folder.iterdir(), key=lambda p: p.name):
        if not item.name.endswith(".toml"):
            continue
        data = tomllib.loads(item.read_text(encoding="utf-8"))
        profile = CsvProfile.model_validate(data)
        out[profile.name] = profile
    return out


_BUILTIN: dict[str, CsvProfile] | None = None


def builtin_profiles() -> dict[str, CsvProfile]:
    """The profiles shipped in ``connectors/bank_csv/profiles/*.toml``, by name."""
    global _BUILTIN
    if _BUILTIN is None:
        _BUILTIN = _builtin_profiles()
    return dict(_BUILTIN)


def load_profiles(vault: Cache | None = None) -> dict[str, CsvProfile]:
    """Built-in profiles plus the person's own from the vault (theirs win on a name clash)."""
    profiles = builtin_profiles()
    getter = getattr(vault, "cache_get", None)
    if getter is None:
        return profiles
    names = {str(n) for n in getter(CACHE_INDEX) or []}
    keys = getattr(vault, "cache_keys", None)
    if keys is not None:
        names |= {k[len(CACHE_PREFIX) :] for k in keys(CACHE_PREFIX)}
    for name in sorted(names):
        data = getter(CACHE_PREFIX + name)
        if not data:
            continue
        try:
            profiles[name] = CsvProfile.model_validate(data)
        except ValidationError:
            continue  # a damaged saved profile must not break importing
    return profiles


def save_profile(vault: Cache, profile: CsvProfile) -> None:
    """Keep ``profile`` in the vault's encrypted key/value store."""
    vault.cache_set(CACHE_PREFIX + profile.name, profile.model_dump(mode="json"))
    names = list(vault.cache_get(CACHE_INDEX) or [])
    if profile.name not in names:
        names.append(profile.name)
        vault.cache_set(CACHE_INDEX, sorted(names))


def own_profiles(vault: Cache) -> dict[str, CsvProfile]:
    """The person's own profiles kept in the vault (saved ones equal to a built-in one left out)."""
    builtin = builtin_profiles()
    return {name: p for name, p in load_profiles(vault).items() if builtin.get(name) != p}


def parse_profile_toml(text: str) -> CsvProfile:
    """A profile from TOML text (the format of the built-in files)."""
    try:
        return CsvProfile.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise CsvProfileError(f"invalid CSV profile: {exc}") from exc


# --------------------------------------------------------------------------- text


def _norm(cell: str) -> str:
    return " ".join(cell.replace("\ufeff", "").split()).strip('"').strip().rstrip(",").strip().casefold()


_UNIT_SUFFIX = re.compile(r"\((?:원|krw|₩|usd|\$|%|건)\)$")


def _key(cell: str) -> str:
    """A header cell as compared: case, every space and a unit suffix ignored (``거래후 잔액`` = ``거래후잔액(원)``)."""
    return _UNIT_SUFFIX.sub("", "".join(_norm(cell).split()))


def header_names(rows: list[list[str]], at: int, profile: CsvProfile) -> list[str]:
    """The column names of the header at row ``at`` (two rows merged when the profile says so)."""
    first = rows[at]
    if profile.header_rows == 1 or at + 1 >= len(rows):
        return list(first)
    second = rows[at + 1]
    width = max(len(first), len(second))
    return [
        (second[i] if i < len(second) and second[i] else "") or (first[i] if i < len(first) else "")
        for i in range(width)
    ]


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


def _rows(text: str, profile: CsvProfile) -> list[list[str]]:
    reader = csv.reader(
        io.StringIO(_normalise_newlines(text)), delimiter=profile.delimiter, quotechar=profile.quotechar
    )
    try:
        return [[c.strip().strip('"').strip() for c in row] for row in reader]
    except csv.Error as exc:
        raise ConnectorError(f"the CSV cannot be split into fields: {exc}") from exc


def _first_line(text: str) -> str:
    for line in _normalise_newlines(text).split("\n"):
        if line.strip():
            return line.lstrip("\ufeff")
    return ""


def detect_in_head(head: bytes, profiles: list[CsvProfile]) -> CsvProfile | None:
    """The profile among ``profiles`` that the first bytes of a file fit, or None (cheap: for detection)."""
    if not head or b"\x00" in head[:4096]:
        return None
    body = head[3:] if head.startswith(b"\xef\xbb\xbf") else head
    # a cut in the middle of a multi-byte character must not hide a match
    texts = [body.decode("utf-8", errors="ignore")]
    texts += [body.decode(enc, errors="ignore") for enc in CANDIDATE_ENCODINGS]
    return detect_profile(texts, profiles)


def find_header(rows: list[list[str]], profile: CsvProfile) -> int | None:
    """Index of the header row, or None."""
    wanted = {_key(s) for s in profile.signature}
    for i, row in enumerate(rows[: profile.skip_lines + HEADER_SEARCH_ROWS]):
        if i < profile.skip_lines:
            continue
        cells = {_key(c) for c in row}
        if profile.header_rows == 2 and i + 1 < len(rows):
            cells |= {_key(c) for c in rows[i + 1]}
        if wanted <= cells:
            return i
    return None


def detect_in_tables(tables: list[Table], profiles: list[CsvProfile]) -> CsvProfile | None:
    """The most specific header profile whose header is in one of ``tables`` (spreadsheet sheets), or None."""
    found = [p for p in profiles if p.header and any(find_header(t.rows, p) is not None for t in tables)]
    if not found:
        return None
    return max(found, key=lambda p: (len(p.signature), p.name))


def not_recognised(name: str, tables: list[Table], profiles: list[CsvProfile]) -> CsvProfileError:
    """The "not recognised" error, naming what was looked for: the closest layout and the header cells it lacks."""
    seen = {_key(c) for t in tables for row in t.rows[:HEADER_SEARCH_ROWS] for c in row if c}
    best: tuple[int, str, list[str]] | None = None
    for p in profiles:
        if not p.header or not p.signature:
            continue
        lacking = [s for s in p.signature if _key(s) not in seen]
        score = len(p.signature) - len(lacking)
        if score and (best is None or (score, -len(lacking)) > (best[0], -len(best[2]))):
            best = (score, p.name, lacking)
    where = f"the first {HEADER_SEARCH_ROWS} rows of {'its sheets' if len(tables) > 1 else 'the file'}"
    if best is None:
        detail = f"no header row of a known statement layout in {where}"
    else:
        wanted = ", ".join(repr(s) for s in best[2])
        detail = f"no header row of a known statement layout in {where} (closest: {best[1]}, which lacks {wanted})"
    return CsvProfileError(f"{name}: not recognised: {detail}", hint=ConnectorOption("profile", listed_by=CLI_COMMAND))


def matches(text: str, profile: CsvProfile) -> bool:
    """Whether ``text`` (the decoded head of a file) has this profile's layout."""
    if profile.header:
        return find_header(_rows_head(text, profile), profile) is not None
    if not profile.line_regex:
        return False
    first = _first_line(text)
    if not re.search(profile.line_regex, first):
        return False
    if profile.field_count is not None:
        rows = _rows_head(text, profile)
        data = [r for r in rows[profile.skip_lines :] if any(r)]
        return bool(data) and len(data[0]) == profile.field_count
    return True


def detect_profile(texts: list[str], profiles: list[CsvProfile]) -> CsvProfile | None:
    """The most specific profile that fits any of ``texts`` (the same head, decoded in several ways)."""
    found = [p for p in profiles if any(matches(t, p) for t in texts)]
    if not found:
        return None
    return max(found, key=lambda p: (len(p.signature) + (5 if p.line_regex else 0), p.name))


def _rows_head(text: str, profile: CsvProfile) -> list[list[str]]:
    try:
        lines = _normalise_newlines(text).split("\n")[: profile.skip_lines + HEADER_SEARCH_ROWS + 5]
        return _rows("\n".join(lines), profile)
    except ConnectorError:
        return []


def _hangul_share(text: str) -> float:
    non_ascii = [c for c in text if ord(c) > 127]
    if not non_ascii:
        return 0.0
    return sum(1 for c in non_ascii if "\uac00" <= c <= "\ud7a3" or "\u3131" <= c <= "\u318e") / len(non_ascii)


def _strict(raw: bytes, encoding: str) -> str | None:
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _garbled(text: str) -> str | None:
    m = _MOJIBAKE.search(text)
    return m.group(0) if m else None


@dataclass
class Decoded:
    """A CSV file's text with the encoding it was read in and what the person should know about that choice."""

    text: str
    encoding: str
    warnings: list[str] = field(default_factory=list)


def decode(raw: bytes, name: str, *, forced: str | None = None, profiles: list[CsvProfile] | None = None) -> Decoded:
    """Decode a CSV file's bytes, or raise :class:`EncodingUncertain` / :class:`ConnectorError`."""
    if not raw.strip():
        raise ConnectorError(f"{name}: the file is empty")
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ConnectorError(f"{name}: this is a binary file, not a CSV text export")
    if forced:
        text = _strict(raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw, forced)
        if text is None:
            raise ConnectorError(f"{name}: the file is not valid {forced} text", hint=ConnectorOption("encoding"))
        return _checked(Decoded(text, forced), name)
    if raw.startswith(b"\xef\xbb\xbf"):
        text = _strict(raw[3:], "utf-8")
        if text is None:
            raise ConnectorError(f"{name}: starts with a UTF-8 byte-order mark but is not valid UTF-8")
        return _checked(Decoded(text, "utf-8-sig"), name)
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(raw, "utf-16")
        if text is None:
            raise ConnectorError(f"{name}: starts with a UTF-16 byte-order mark but is not valid UTF-16")
        return _checked(Decoded(text, "utf-16"), name)
    text = _strict(raw, "utf-8")
    if text is not None:
        return _checked(Decoded(text, "utf-8"), name)
    # the profile's declared encoding, when the header fits it
    for profile in profiles or []:
        if profile.encoding:
            text = _strict(raw, profile.encoding)
            if text is not None and matches(text, profile):
                return _checked(Decoded(text, profile.encoding), name)
    decoded = {enc: t for enc in CANDIDATE_ENCODINGS if (t := _strict(raw, enc)) is not None}
    if "cp949" in decoded and _hangul_share(decoded["cp949"]) >= 0.8:
        return _checked(Decoded(decoded["cp949"], "cp949"), name)
    decoded.pop("cp949", None)
    if not decoded:
        raise ConnectorError(
            f"{name}: the text is in none of the encodings this connector knows "
            f"(UTF-8, {', '.join(CANDIDATE_ENCODINGS)})",
            hint=ConnectorOption("encoding"),
        )
    if len(decoded) == 1 or len(set(decoded.values())) == 1:
        enc = "cp1252" if "cp1252" in decoded else next(iter(decoded))
        return _checked(Decoded(decoded[enc], enc), name)
    best, ranked = _weigh(raw, list(decoded))
    if best is not None:
        return _checked(Decoded(decoded[best], best, [f"encoding detected as {best}"]), name)
    ranked += [enc for enc in decoded if enc not in ranked]
    previews = {enc: _preview(raw, decoded[enc]) for enc in ranked}
    raise EncodingUncertain(name, ranked, previews)


def _weigh(raw: bytes, candidates: list[str]) -> tuple[str | None, list[str]]:
    """Pick between single-byte code pages when charset-normalizer is clearly sure.

    Returns the choice (or None) and the candidates from most to least likely.
    """
    from charset_normalizer import from_bytes

    results = {m.encoding: m for m in from_bytes(raw, cp_isolation=candidates)}
    scored = sorted((m.chaos, -m.coherence, enc) for enc, m in results.items() if enc in candidates)
    ranked = [enc for _, _, enc in scored]
    if not scored:
        return None, ranked
    if len(scored) == 1:
        return scored[0][2], ranked
    (c1, h1, e1), (c2, h2, _) = scored[0], scored[1]
    if c2 - c1 >= 0.02 or (c1 == c2 and h2 - h1 >= 0.1):
        return e1, ranked
    return None, ranked


def _preview(raw: bytes, text: str) -> str:
    for line in text.splitlines():
        if any(ord(c) > 127 for c in line):
            return line.strip()[:120]
    return text.strip()[:120]


def _checked(decoded: Decoded, name: str) -> Decoded:
    bad = _garbled(decoded.text)
    if bad is not None:
        raise ConnectorError(
            f"{name}: the text looks garbled when read as {decoded.encoding} ({bad!r}); it may be in another encoding",
            hint=ConnectorOption("encoding"),
        )
    return decoded


# --------------------------------------------------------------------------- values


def parse_amount(value: str, profile: CsvProfile) -> Decimal:
    """A money amount as written by the bank (currency signs, separators, +/-, trailing minus, parentheses)."""
    text = value.replace("\u00a0", " ").replace("\u2212", "-").strip()
    negative = False
    if text[:1] in ("△", "▲"):  # Korean statements mark refunds and cancellations so
        negative, text = True, text[1:].strip()
    if text.startswith("(") and text.endswith(")"):
        negative, text = True, text[1:-1]
    text = re.sub(r"[£$€¥₩]|\b(?:EUR|USD|GBP|CHF|KRW|CZK|SGD|HUF|LTL)\b|원", "", text).strip()
    if text.endswith("-"):
        negative, text = not negative, text[:-1]
    sign = ""
    if text and text[0] in "+-":
        sign, text = text[0], text[1:].strip()
    if profile.thousands:
        text = text.replace(profile.thousands, "")
    text = text.replace(" ", "")
    if profile.decimal != ".":
        if "." in text and profile.decimal not in text and not profile.thousands:
            raise ValueError(f"{value!r}: expected {profile.decimal!r} as decimal separator")
        text = text.replace(profile.decimal, ".")
    if not re.fullmatch(r"\d+(\.\d*)?|\.\d+", text):
        raise ValueError(f"{value!r} is not an amount")
    number = Decimal(text)
    if sign == "-":
        number = -number
    return -number if negative else number


def _fmt(amount: Decimal) -> str:
    return format(amount, "f")


_EXCEL_EPOCH = datetime(1899, 12, 30)


def _excel_serial(text: str) -> tuple[datetime, bool] | None:
    """An Excel serial date (``44732.0006``: days since 1899-12-30) and whether it has no time of day."""
    if not re.fullmatch(r"\d{4,5}(\.\d+)?", text.strip()):
        return None
    days = Decimal(text.strip())
    if not 1 <= days < 2958466:
        return None
    seconds = int((days * 86400).to_integral_value())
    from datetime import timedelta

    return _EXCEL_EPOCH + timedelta(seconds=seconds), days == days.to_integral_value()


# --------------------------------------------------------------------------- connector


class BankCsvConnector(Connector):
    """Bank and card statement CSV exports, read through layout profiles (built-in or the person's own)."""

    id = "bank_csv"
    name = "Bank statement CSV"
    version = "1"
    domains = (Domain.FINANCE,)
    accepts = (
        "CSV, Excel (.xlsx, .xls, password-protected too) and HTML-as-.xls exports of bank and card "
        "statements whose layout a profile describes, and IM뱅크 거래내역조회 PDFs"
    )
    extensions = (".csv", ".txt", ".dat", ".xlsx", ".xls", ".pdf")
    max_size = SHEET_MAX_BYTES  # refused by its size before it is hashed or read (CSV text: MAX_BYTES)

    def identify(self, source: Source) -> bool:
        """True when the head of the file fits one of the built-in profiles (or it is a protected Excel file)."""
        return self._fits(source, list(builtin_profiles().values())) is not None

    def _fits(self, source: Source, profiles: list[CsvProfile]) -> CsvProfile | Literal[True] | None:
        """The profile the file's head fits; True for a password-protected workbook (its rows are hidden)."""
        head = source.head
        if not is_sheet(head):
            return detect_in_head(head, profiles)
        try:
            if sniff(head) == "html":
                tables = head_tables(head)
            else:
                if source.size > SHEET_MAX_BYTES:
                    return None
                with source.open() as fh:
                    tables = head_tables(head, io.BytesIO(fh.read(SHEET_MAX_BYTES)))
        except Exception:  # identify never raises: a file this cannot read is simply not recognised here
            return None
        if tables is None:
            return None
        if not tables:
            return True if source.suffix in SHEET_SUFFIXES else None
        return detect_in_tables(tables, profiles)

    def detect(self, source: Source, saved: Cache | None = None) -> dict[str, Any] | None:
        """A built-in profile fits (no options), or else one of the person's own (``profile=NAME``)."""
        if self.identify(source):
            return {}
        if saved is None:
            return None
        profile = self._fits(source, list(own_profiles(saved).values()))
        return None if profile is None or profile is True else {"profile": profile.name}

    def read(self, source: Source, context: ImportContext) -> Iterator[Record]:
        """The Connector contract: the whole statement is decoded and checked with its profile before any row."""
        raw = source.read_bytes(limit=SHEET_MAX_BYTES)
        sheet = is_sheet(raw[:65536])
        if not sheet and len(raw) > MAX_BYTES:
            limit = MAX_BYTES // (1024 * 1024)
            raise ConnectorError(f"{source.name}: larger than the {limit} MB this connector accepts")
        profiles = load_profiles(context.cache)
        wanted = context.options.get("profile")
        profile: CsvProfile | None
        if wanted:
            if str(wanted) not in profiles:
                raise CsvProfileError(
                    f"{source.name}: no CSV profile named {wanted!r} (known: {', '.join(sorted(profiles))})"
                )
            profile = profiles[str(wanted)]
            candidates = [profile]
        else:
            candidates = list(profiles.values())
            profile = None
        if sheet:
            password = context.options.get("password") or None
            opened = open_sheets(raw, source.name, str(password) if password else None)
            if profile is None:
                profile = detect_in_tables(opened.tables, candidates)
                if profile is None:
                    raise not_recognised(source.name, opened.tables, candidates)
            decoded = Decoded("", opened.format, list(opened.warnings))
            records = _Reader(self, source, profile, decoded, opened.tables).run()
            context.progress(len(raw), len(raw))
            yield from records
            return
        forced = context.options.get("encoding") or None
        decoded = decode(raw, source.name, forced=str(forced) if forced else None, profiles=candidates)
        if profile is None:
            profile = detect_profile([decoded.text[: 64 * 1024]], candidates)
            if profile is None:
                raise CsvProfileError(
                    f"{source.name}: no CSV profile fits this file's header",
                    hint=ConnectorOption("profile", listed_by=CLI_COMMAND),
                )
        records = _Reader(self, source, profile, decoded).run()
        context.progress(len(raw), len(raw))
        yield from records


@dataclass
class _Row:
    line: int
    cells: dict[str, str]
    extra: list[str] = field(default_factory=list)


class _Reader:
    def __init__(
        self,
        connector: BankCsvConnector,
        source: Source,
        profile: CsvProfile,
        decoded: Decoded,
        tables: list[Table] | None = None,
    ) -> None:
        self.connector = connector
        self.source = source
        self.profile = profile
        self.decoded = decoded
        self.tables = tables
        """Sheets of a spreadsheet (None: the CSV text of ``decoded``)."""
        self.sheet = ""
        self.warnings = list(decoded.warnings)
        self.columns: list[str] = []
        self.index: dict[str, int] = {}

    def at(self, line: int) -> str:
        """Where a row is, in the words of its format: ``line 5``, ``row 5`` or ``sheet 일시불, row 5``."""
        if self.tables is None:
            return f"line {line}"
        return f"sheet {self.sheet}, row {line}" if len(self.tables) > 1 else f"row {line}"

    def fail(self, message: str) -> CsvProfileError:
        return CsvProfileError(f"{self.source.name} (profile {self.profile.name}): {message}")

    def col(self, ref: str | None, cells: list[str]) -> str:
        if ref is None or ref not in self.index:
            return ""
        i = self.index[ref]
        return cells[i] if i < len(cells) else ""

    def resolve(self, header: list[str]) -> None:
        norm = [_key(h) for h in header]
        self.columns = header
        c = self.profile.columns
        required = {*self.profile.signature, *(r for r in (c.date, c.amount, c.debit, c.credit, c.direction) if r)}
        self.index = {}
        for ref in (
            self.profile.columns.referenced()
            + list(self.profile.skip_values)
            + list(self.profile.balance_values)
            + [rule.column for rule in self.profile.kind_rules]
        ):
            if ref.startswith("#") and ref[1:].isdigit():
                self.index[ref] = int(ref[1:])
                continue
            if _key(ref) in norm:
                self.index[ref] = norm.index(_key(ref))
            elif ref in required:
                shown = ", ".join(h for h in header if h.strip())[:300]
                raise self.fail(f"the file has no column {ref!r} (its columns: {shown})")

    def run(self) -> list[Record]:
        p = self.profile
        if self.tables is None:
            try:
                tables = [Table("", _rows(self.decoded.text, p))]
            except ConnectorError as exc:
                raise self.fail(str(exc)) from exc
        else:
            tables = self.tables
        records: list[Record] = []
        seen: Counter[str] = Counter()
        found = False
        for table in tables:
            self.sheet = table.name
            rows = table.rows
            if p.header:
                at = find_header(rows, p)
                if at is None:
                    continue  # a sheet without the header: a summary or a notice
                found = True
                self.resolve(header_names(rows, at, p))
                body = list(enumerate(rows[at + p.header_rows :], start=at + p.header_rows + 1))
            else:
                found = True
                self.resolve(p.column_names)
                body = list(enumerate(rows[p.skip_lines :], start=p.skip_lines + 1))
            records += self._table(body, seen)
        if not found:
            missing = self._missing([row for t in tables for row in t.rows[:HEADER_SEARCH_ROWS]])
            raise self.fail(f"the file has no column {missing!r}; it does not fit this profile")
        if not records:
            raise self.fail("the file has the right columns but no transactions")
        if self.warnings:
            records[0].provenance.warnings.extend(self.warnings)
        return records

    def _table(self, body: list[tuple[int, list[str]]], seen: Counter[str]) -> list[Record]:
        """The records of one table's rows (after its header)."""
        p = self.profile
        pending: list[tuple[int, list[str], list[str]]] = []
        last_date = ""
        running = Decimal(0)
        records: list[Record] = []
        for line, cells in body:
            if not any(cells):
                continue
            marker = self._total_marker(cells)
            if marker is not None:  # a total: checked against the rows when the profile says so, else skipped
                if p.check_total and "소계" not in marker:
                    self._check_total(line, cells, running)
                    running = Decimal(0)
                elif not p.check_total:
                    shown = ", ".join(c for c in cells if c)[:80]
                    self.warnings.append(f"{self.at(line)}: total row skipped ({shown})")
                continue
            if self._matches_any(cells, p.skip_values):
                self.warnings.append(f"{self.at(line)} skipped ({', '.join(c for c in cells if c)[:80]})")
                continue
            date_text = self.col(p.columns.date, cells)
            if p.carry_date and not date_text and last_date and self._has_amount(cells):
                cells = list(cells)
                i = self.index[p.columns.date]
                cells += [""] * (i + 1 - len(cells))
                cells[i] = last_date
                date_text = last_date
            if p.continuation and not date_text and not self._has_amount(cells):
                if pending:
                    pending[-1][2].extend(c for c in cells if c)
                continue
            if self.tables is not None and not date_text and not self._has_amount(cells):
                self.warnings.append(f"{self.at(line)} skipped, no date and no amount")
                continue
            last_date = date_text or last_date
            if p.check_total:
                running += self._raw_amount(line, cells) or Decimal(0)
            pending.append((line, cells, []))
        for line, cells, extra in pending:
            records.append(self.record(line, cells, extra, seen))
        return records

    def _total_marker(self, cells: list[str]) -> str | None:
        first = _key(next((c for c in cells if c), ""))
        return next((m for m in self.profile.total_markers if first.startswith(_key(m))), None)

    def _check_total(self, line: int, cells: list[str], running: Decimal) -> None:
        try:
            total = self._raw_amount(line, cells)
        except CsvProfileError:
            total = None
        if total is None:
            self.warnings.append(f"{self.at(line)}: the total row holds no amount to check the rows against")
        elif total != running:
            self.warnings.append(
                f"{self.at(line)}: the statement's total {_fmt(total)} differs from the sum of its rows {_fmt(running)}"
            )

    def _missing(self, rows: list[list[str]]) -> str:
        seen = {_key(c) for row in rows[:HEADER_SEARCH_ROWS] for c in row}
        if self.profile.header_rows == 2:
            seen = {_key(c) for row in rows for c in row}
        for s in self.profile.signature:
            if _key(s) not in seen:
                return s
        return self.profile.signature[0] if self.profile.signature else "?"

    def _matches_any(self, cells: list[str], rules: dict[str, list[str]]) -> bool:
        return any(_norm(self.col(ref, cells)) in {_norm(v) for v in values} for ref, values in rules.items())

    def _has_amount(self, cells: list[str]) -> bool:
        c = self.profile.columns
        return any(self.col(ref, cells) for ref in (c.amount, c.debit, c.credit) if ref)

    def amount(self, line: int, ref: str, cells: list[str]) -> Decimal | None:
        raw = self.col(ref, cells)
        if not raw:
            return None
        try:
            return parse_amount(raw, self.profile)
        except (ValueError, InvalidOperation):
            raise self.fail(
                f"{self.at(line)}: column {ref!r} holds {raw!r}, which is not an amount "
                f"(decimal {self.profile.decimal!r}, thousands {self.profile.thousands!r})"
            ) from None

    def when(self, line: int, cells: list[str]) -> tuple[datetime, bool]:
        """The row's moment, and whether the row gave a date only (midnight in the profile's zone then)."""
        p = self.profile
        c = p.columns
        date_text = self.col(c.date, cells)
        if not date_text:
            raise self.fail(f"{self.at(line)}: no date in column {c.date!r}")
        time_text = self.col(c.time, cells) if c.time else ""
        value = None
        date_only = False
        formats = list(p.date_format) + (list(ISO_FORMATS) if self.tables is not None else [])
        for fmt in formats:
            if fmt == "excel":
                serial = _excel_serial(date_text)
                if serial is not None:
                    value, date_only = serial
                    break
                continue
            try:
                if time_text and p.time_format:
                    value = datetime.strptime(f"{date_text} {time_text}", f"{fmt} {p.time_format}")
                else:
                    value = datetime.strptime(date_text, fmt)
                    date_only = not any(d in fmt for d in _TIME_DIRECTIVES)
                break
            except ValueError:
                continue
        if value is None:
            raise self.fail(f"{self.at(line)}: date {date_text!r} does not match {' or '.join(p.date_format)}")
        if value.tzinfo is None:
            zone_name = self.col(c.timezone, cells) if c.timezone else ""
            try:
                zone = _zone(zone_name) if zone_name else _zone(p.timezone)
            except ValueError:
                zone = _zone(p.timezone)
                self.warnings.append(f"{self.at(line)}: unknown time zone {zone_name!r}, used {p.timezone}")
            value = value.replace(tzinfo=zone)
        return value, date_only

    def _raw_amount(self, line: int, cells: list[str]) -> Decimal | None:
        """The row's amount as the file gives it (before ``invert_sign`` and the direction column)."""
        c = self.profile.columns
        amount: Decimal | None = None
        if c.amount:
            amount = self.amount(line, c.amount, cells)
        if c.debit or c.credit:
            debit = self.amount(line, c.debit, cells) if c.debit else None
            credit = self.amount(line, c.credit, cells) if c.credit else None
            if debit is not None or credit is not None:
                amount = (amount or Decimal(0)) + abs(credit or Decimal(0)) - abs(debit or Decimal(0))
        return amount

    def _kind(self, cells: list[str]) -> KindRule | None:
        for rule in self.profile.kind_rules:
            value = self.col(rule.column, cells)
            if not value:
                continue
            if _norm(value) in {_norm(v) for v in rule.values}:
                return rule
            if rule.pattern and re.search(rule.pattern, value):
                return rule
        return None

    def _card_fields(self, line: int, cells: list[str], payload: dict[str, Any]) -> None:
        """Installment months and round, fee, discount, purchase amount and card of a card statement row."""
        c = self.profile.columns
        months = self.col(c.installment_months, cells) if c.installment_months else ""
        round_ = self.col(c.installment_round, cells) if c.installment_round else ""
        both = self.col(c.installment, cells) if c.installment else ""
        if both:
            m = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", both)
            if m:
                months, round_ = m.group(1), m.group(2)
            elif both.strip().isdigit():
                months = both.strip()
        plan: dict[str, int] = {}
        for key, text in (("months", months), ("round", round_)):
            digits = re.sub(r"[^0-9]", "", text)
            if digits and len(digits) <= 3:
                plan[key] = int(digits)
        if plan.get("months", 0) > 1:
            payload["installment"] = plan
        for key, ref in (("fee", c.fee), ("discount", c.discount), ("purchase_amount", c.purchase_amount)):
            if ref and self.col(ref, cells):
                try:
                    value = self.amount(line, ref, cells)
                except CsvProfileError:
                    continue  # a note in a side column does not spoil the row
                if value:
                    payload[key] = _fmt(value)
        if c.card and self.col(c.card, cells):
            payload["card"] = self.col(c.card, cells)

    def record(self, line: int, cells: list[str], extra: list[str], seen: Counter[str]) -> Record:
        p = self.profile
        c = p.columns
        start, date_only = self.when(line, cells)
        amount = self._raw_amount(line, cells)
        if amount is None:
            raise self.fail(f"{self.at(line)}: no amount")
        if p.invert_sign:
            amount = -amount
        if c.direction:
            flag = _norm(self.col(c.direction, cells))
            if flag in {_norm(v) for v in p.debit_values}:
                amount = -abs(amount)
            elif flag in {_norm(v) for v in p.credit_values}:
                amount = abs(amount)
        is_balance = self._matches_any(cells, p.balance_values)
        rule = None if is_balance else self._kind(cells)
        if rule is not None and rule.sign:
            amount = abs(amount) if rule.sign == "+" else -abs(amount)
        payee = next((v for ref in c.payee if (v := self.col(ref, cells))), "")
        description = " ".join(v for ref in c.description if (v := self.col(ref, cells)))
        if extra:
            description = " ".join([description, *extra]).strip()
        description = " ".join(description.split())
        payee = " ".join(payee.split())
        currency = (self.col(c.currency, cells) if c.currency else "") or p.currency
        balance = self.amount(line, c.balance, cells) if c.balance else None
        row = {
            (self.columns[i].strip() if i < len(self.columns) and self.columns[i].strip() else f"#{i}"): v
            for i, v in enumerate(cells)
            if v
        }
        basis = [
            start.isoformat(),
            _fmt(amount),
            payee,
            description,
            currency,
            self.col(c.account, cells) if c.account else "",
        ]
        key = canonical_json(basis)
        occurrence = seen[key]
        seen[key] += 1
        own_id = self.col(c.id, cells) if c.id else ""
        uid = own_id or "syn:" + hashlib.sha256(canonical_json([*basis, occurrence]).encode()).hexdigest()[:32]
        payload: dict[str, Any] = {
            "id": uid,
            "date": start.isoformat(),
            "amount": _fmt(amount),
            "currency": currency,
            "payee": payee or None,
            "description": description or None,
            "row": row,
        }
        if extra:
            payload["continuation"] = extra
        if balance is not None:
            payload["balance"] = _fmt(balance)
        if c.category and self.col(c.category, cells):
            payload["category"] = self.col(c.category, cells)
        if c.account and self.col(c.account, cells):
            payload["account"] = self.col(c.account, cells)
        self._card_fields(line, cells, payload)
        kind = "balance" if is_balance else (rule.kind if rule else "transaction")
        if kind == "transaction" and "installment" in payload:
            kind = "installment"
        title = payee or description or ("Balance" if is_balance else "Transaction")
        return Record(
            domain=Domain.FINANCE,
            kind=kind,
            title=title[:500],
            start=start,
            date_only=date_only,
            value=float(amount),
            unit=currency,
            text=description if description and description != title else None,
            payload=payload,
            provenance=Provenance(**self.connector.provenance(self.source, own_id or None)),
            tags=[f"csv-profile:{p.name}"],
        )


# --------------------------------------------------------------------------- preview


def preview_rows(raw: bytes, name: str, profile: CsvProfile, limit: int = PREVIEW_ROWS) -> dict[str, Any]:
    """Parse the first ``limit`` data rows of a file with ``profile``, for a profile editor.

    Returns ``{"encoding", "header", "rows": [(line, cells-or-None, error-or-None)], "error"}``:
    a problem of the whole file (encoding, no header) is ``error``; a row that does not
    parse keeps its error next to it.  ``cells`` are date, amount, currency, payee and
    description as they would be stored.  Nothing is stored.
    """
    out: dict[str, Any] = {"encoding": None, "header": [], "rows": [], "error": None}
    tables: list[Table] | None = None
    try:
        if is_sheet(raw[:65536]):
            opened = open_sheets(raw, name)
            decoded = Decoded("", opened.format)
            tables = opened.tables
        else:
            decoded = decode(raw, name, forced=profile.encoding, profiles=[profile])
    except ConnectorError as exc:
        out["error"] = str(exc)
        return out
    out["encoding"] = decoded.encoding
    reader = _Reader(BankCsvConnector(), Source(data=raw, name=name), profile, decoded, tables)
    try:
        if tables is not None:  # the first sheet with the header
            rows = next((t.rows for t in tables if find_header(t.rows, profile) is not None), tables[0].rows)
        else:
            rows = _rows(decoded.text, profile)
        if profile.header:
            at = find_header(rows, profile)
            if at is None:
                out["error"] = reader.fail(
                    "no row holds all the header cells {}".format(", ".join(repr(s) for s in profile.signature))
                ).args[0]
                return out
            out["header"] = header_names(rows, at, profile)
            reader.resolve(out["header"])
            body = list(enumerate(rows[at + profile.header_rows :], start=at + profile.header_rows + 1))
        else:
            reader.resolve(profile.column_names)
            out["header"] = list(profile.column_names)
            body = list(enumerate(rows[profile.skip_lines :], start=profile.skip_lines + 1))
    except ConnectorError as exc:
        out["error"] = str(exc)
        return out
    seen: Counter[str] = Counter()
    last_date = ""
    for line, cells in body:
        if len(out["rows"]) >= limit:
            break
        if not any(cells):
            continue
        if reader._matches_any(cells, profile.skip_values) or reader._total_marker(cells) is not None:
            continue
        date_at = reader.index.get(profile.columns.date)
        if profile.carry_date and date_at is not None and not reader.col(profile.columns.date, cells) and last_date:
            cells = [*cells, *[""] * (date_at + 1 - len(cells))]
            cells[date_at] = last_date
        last_date = reader.col(profile.columns.date, cells) or last_date
        try:
            rec = reader.record(line, cells, [], seen)
        except (ConnectorError, ValueError) as exc:
            out["rows"].append((line, None, str(exc)))
            continue
        p = rec.payload
        out["rows"].append(
            (
                line,
                [
                    p["date"][:19],
                    p["amount"],
                    p.get("currency") or "",
                    p.get("payee") or "",
                    p.get("description") or "",
                ],
                None,
            )
        )
    return out
