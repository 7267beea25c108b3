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
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from wallet.errors import ConnectorError, ConnectorOption
from wallet.imports.connector import Cache, Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record, canonical_json

MAX_BYTES = 1 * 1024 * 1024
"""About 17,000 transactions.  A statement is read whole and checked before any of it is imported,
about 100 times its size in memory: 1 MB keeps an import under wallet.limits.MEMORY_BOUND_MB."""
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
            *self.payee,
            *self.description,
        ]
        return [r for r in refs if r]


class CsvProfile(BaseModel):
    """How to read one bank's CSV layout."""

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
    wanted = {_norm(s) for s in profile.signature}
    for i, row in enumerate(rows[: profile.skip_lines + HEADER_SEARCH_ROWS]):
        if i < profile.skip_lines:
            continue
        cells = {_norm(c) for c in row}
        if wanted <= cells:
            return i
    return None


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


# --------------------------------------------------------------------------- connector


class BankCsvConnector(Connector):
    """Bank and card statement CSV exports, read through layout profiles (built-in or the person's own)."""

    id = "bank_csv"
    name = "Bank statement CSV"
    version = "1"
    domains = (Domain.FINANCE,)
    accepts = "CSV exports of bank and card statements whose layout a profile describes"
    extensions = (".csv", ".txt", ".dat")
    max_size = MAX_BYTES  # refused by its size before it is hashed or read

    def identify(self, source: Source) -> bool:
        """True when the head of the file fits one of the built-in profiles."""
        return detect_in_head(source.head, list(builtin_profiles().values())) is not None

    def detect(self, source: Source, saved: Cache | None = None) -> dict[str, Any] | None:
        """A built-in profile fits (no options), or else one of the person's own (``profile=NAME``)."""
        if self.identify(source):
            return {}
        if saved is None:
            return None
        profile = detect_in_head(source.head, list(own_profiles(saved).values()))
        return None if profile is None else {"profile": profile.name}

    def read(self, source: Source, context: ImportContext) -> Iterator[Record]:
        """The Connector contract: the whole statement is decoded and checked with its profile before any row."""
        raw = source.read_bytes(limit=MAX_BYTES)
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
    def __init__(self, connector: BankCsvConnector, source: Source, profile: CsvProfile, decoded: Decoded) -> None:
        self.connector = connector
        self.source = source
        self.profile = profile
        self.decoded = decoded
        self.warnings = list(decoded.warnings)
        self.columns: list[str] = []
        self.index: dict[str, int] = {}

    def fail(self, message: str) -> CsvProfileError:
        return CsvProfileError(f"{self.source.name} (profile {self.profile.name}): {message}")

    def col(self, ref: str | None, cells: list[str]) -> str:
        if ref is None or ref not in self.index:
            return ""
        i = self.index[ref]
        return cells[i] if i < len(cells) else ""

    def resolve(self, header: list[str]) -> None:
        norm = [_norm(h) for h in header]
        self.columns = header
        c = self.profile.columns
        required = {*self.profile.signature, *(r for r in (c.date, c.amount, c.debit, c.credit, c.direction) if r)}
        for ref in (
            self.profile.columns.referenced() + list(self.profile.skip_values) + list(self.profile.balance_values)
        ):
            if ref.startswith("#") and ref[1:].isdigit():
                self.index[ref] = int(ref[1:])
                continue
            if _norm(ref) in norm:
                self.index[ref] = norm.index(_norm(ref))
            elif ref in required:
                shown = ", ".join(h for h in header if h.strip())[:300]
                raise self.fail(f"the file has no column {ref!r} (its columns: {shown})")

    def run(self) -> list[Record]:
        p = self.profile
        try:
            rows = _rows(self.decoded.text, p)
        except ConnectorError as exc:
            raise self.fail(str(exc)) from exc
        if p.header:
            at = find_header(rows, p)
            if at is None:
                missing = self._missing(rows)
                raise self.fail(f"the file has no column {missing!r}; it does not fit this profile")
            self.resolve(rows[at])
            body = list(enumerate(rows[at + 1 :], start=at + 2))
        else:
            self.resolve(p.column_names)
            body = list(enumerate(rows[p.skip_lines :], start=p.skip_lines + 1))
        records: list[Record] = []
        pending: list[tuple[int, list[str], list[str]]] = []
        for line, cells in body:
            if not any(cells):
                continue
            if self._matches_any(cells, p.skip_values):
                self.warnings.append(f"line {line} skipped ({', '.join(c for c in cells if c)[:80]})")
                continue
            if p.continuation and not self.col(p.columns.date, cells) and not self._has_amount(cells):
                if pending:
                    pending[-1][2].extend(c for c in cells if c)
                continue
            pending.append((line, cells, []))
        seen: Counter[str] = Counter()
        for line, cells, extra in pending:
            records.append(self.record(line, cells, extra, seen))
        if not records:
            raise self.fail("the file has the right columns but no transactions")
        if self.warnings:
            records[0].provenance.warnings.extend(self.warnings)
        return records

    def _missing(self, rows: list[list[str]]) -> str:
        seen = {_norm(c) for row in rows[:HEADER_SEARCH_ROWS] for c in row}
        for s in self.profile.signature:
            if _norm(s) not in seen:
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
                f"line {line}: column {ref!r} holds {raw!r}, which is not an amount "
                f"(decimal {self.profile.decimal!r}, thousands {self.profile.thousands!r})"
            ) from None

    def when(self, line: int, cells: list[str]) -> tuple[datetime, bool]:
        """The row's moment, and whether the row gave a date only (midnight in the profile's zone then)."""
        p = self.profile
        c = p.columns
        date_text = self.col(c.date, cells)
        if not date_text:
            raise self.fail(f"line {line}: no date in column {c.date!r}")
        time_text = self.col(c.time, cells) if c.time else ""
        value = None
        date_only = False
        for fmt in p.date_format:
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
            raise self.fail(f"line {line}: date {date_text!r} does not match {' or '.join(p.date_format)}")
        if value.tzinfo is None:
            zone_name = self.col(c.timezone, cells) if c.timezone else ""
            try:
                zone = _zone(zone_name) if zone_name else _zone(p.timezone)
            except ValueError:
                zone = _zone(p.timezone)
                self.warnings.append(f"line {line}: unknown time zone {zone_name!r}, used {p.timezone}")
            value = value.replace(tzinfo=zone)
        return value, date_only

    def record(self, line: int, cells: list[str], extra: list[str], seen: Counter[str]) -> Record:
        p = self.profile
        c = p.columns
        start, date_only = self.when(line, cells)
        amount: Decimal | None = None
        if c.amount:
            amount = self.amount(line, c.amount, cells)
        if c.debit or c.credit:
            debit = self.amount(line, c.debit, cells) if c.debit else None
            credit = self.amount(line, c.credit, cells) if c.credit else None
            if debit is not None or credit is not None:
                amount = (amount or Decimal(0)) + abs(credit or Decimal(0)) - abs(debit or Decimal(0))
        if amount is None:
            raise self.fail(f"line {line}: no amount")
        if p.invert_sign:
            amount = -amount
        if c.direction:
            flag = _norm(self.col(c.direction, cells))
            if flag in {_norm(v) for v in p.debit_values}:
                amount = -abs(amount)
            elif flag in {_norm(v) for v in p.credit_values}:
                amount = abs(amount)
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
        is_balance = self._matches_any(cells, p.balance_values)
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
        title = payee or description or ("Balance" if is_balance else "Transaction")
        return Record(
            domain=Domain.FINANCE,
            kind="balance" if is_balance else "transaction",
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
    try:
        decoded = decode(raw, name, forced=profile.encoding, profiles=[profile])
    except ConnectorError as exc:
        out["error"] = str(exc)
        return out
    out["encoding"] = decoded.encoding
    reader = _Reader(BankCsvConnector(), Source(data=raw, name=name), profile, decoded)
    try:
        rows = _rows(decoded.text, profile)
        if profile.header:
            at = find_header(rows, profile)
            if at is None:
                out["error"] = reader.fail(
                    "no row holds all the header cells {}".format(", ".join(repr(s) for s in profile.signature))
                ).args[0]
                return out
            reader.resolve(rows[at])
            out["header"] = rows[at]
            body = list(enumerate(rows[at + 1 :], start=at + 2))
        else:
            reader.resolve(profile.column_names)
            out["header"] = list(profile.column_names)
            body = list(enumerate(rows[profile.skip_lines :], start=profile.skip_lines + 1))
    except ConnectorError as exc:
        out["error"] = str(exc)
        return out
    seen: Counter[str] = Counter()
    for line, cells in body:
        if len(out["rows"]) >= limit:
            break
        if not any(cells):
            continue
        if reader._matches_any(cells, profile.skip_values):
            continue
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
