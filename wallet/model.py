"""The one record model every connector produces and every feature reads.

A :class:`Record` is one normalised item of personal data in any domain: a
FHIR Condition, a step count, a bank transaction, an hour of electricity use,
a scanned receipt.  The original structured payload is kept as imported, so
nothing a source said is lost by normalising it.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, field_validator


class Domain(StrEnum):
    """The seven areas of a person's life the wallet keeps."""

    HEALTH = "health"
    FITNESS = "fitness"
    FINANCE = "finance"
    ENERGY = "energy"
    DOCUMENTS = "documents"
    PROFILE = "profile"
    SOCIAL = "social"
    """Social and entertainment: posts, comments, messages metadata, logins, listening, watching,
    browsing activity.  Never preselected by a share template."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Attachment(_Strict):
    """A binary that belongs to a record (a PDF, a photo, a GPX route).

    Attachments are stored inside the encrypted database, never beside it.
    """

    name: str
    media_type: str
    data: bytes = Field(repr=False)

    @property
    def sha256(self) -> str:
        """The SHA-256 of the attachment's bytes, hex."""
        return hashlib.sha256(self.data).hexdigest()


class Provenance(_Strict):
    """Where a record came from, so a person can always tell why it is there."""

    connector_id: str
    connector_version: str
    source_name: str
    source_sha256: str | None = None
    original_id: str | None = None
    imported_at: datetime | None = None
    warnings: list[str] = Field(default_factory=list)
    verification: dict[str, Any] | None = None
    """Result of a signature check (SMART Health Cards and the like)."""


class PersonHint(_Strict):
    """What a source says about whom its records are about (e.g. a FHIR Patient).

    The import pipeline matches it to a person of the vault.
    """

    subject_key: str
    """Source-local key that other records of the same import refer to."""
    name: str | None = None
    given: str | None = None
    family: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    identifiers: list[str] = Field(default_factory=list)
    """``system|value`` strings."""
    sole: bool = Field(default=False, exclude=True)
    """True when the connector read the whole source and it names no other patient: only
    such a patient may fill a vault's empty holder."""


class Record(_Strict):
    """One normalised item of personal data."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex)
    domain: Domain
    kind: str
    """What the record is within its domain: a FHIR resource type, ``transaction``,
    ``HKQuantityTypeIdentifierStepCount``, ``interval_reading``, ``document`` ..."""
    title: str
    start: datetime | None = None
    end: datetime | None = None
    date_only: bool = False
    """True when the source gave a date without a time of day: ``start`` is then midnight of
    that date in the zone the connector read it in, and it is shown as the date alone, never
    as a time nor moved to another day (docs/clock.md).  Not part of the content hash."""
    value: float | None = None
    unit: str | None = None
    code_system: str | None = None
    code: str | None = None
    code_display: str | None = None
    text: str | None = None
    """Extra searchable text (notes, memo, a PDF's extracted text)."""
    payload: dict[str, Any] = Field(default_factory=dict)
    attachments: list[Attachment] = Field(default_factory=list)
    provenance: Provenance
    person_id: str | None = None
    subject_key: str | None = None
    """Source-local key of the person this is about (matched by the pipeline)."""
    person_hint: PersonHint | None = None
    links: list[str] = Field(default_factory=list)
    """Ids of related records (a receipt to its prescription)."""
    tags: list[str] = Field(default_factory=list)

    @field_validator("start", "end")
    @classmethod
    def _aware(cls, value: datetime | None) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("datetime must carry a time zone")
        return value

    @property
    def content_hash(self) -> str:
        """Hash of what the record says (not where or when it was imported).

        Importing the same data again yields the same hash, so it is a duplicate.
        """
        return content_hash(self)

    def search_text(self) -> str:
        """The words the full-text index holds for the record: title, code, its display and text."""
        parts = [self.title, self.code_display or "", self.code or "", self.text or ""]
        return "\n".join(p for p in parts if p)


def _default(obj: Any) -> Any:
    if isinstance(obj, datetime | date):
        return obj.isoformat()
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, bytes):
        return hashlib.sha256(obj).hexdigest()
    raise TypeError(f"not serialisable: {type(obj).__name__}")


def _json_module_encoder(sort_keys: bool) -> Callable[[Any], bytes]:
    """json.dumps(value, sort_keys=..., separators=(",", ":"), ensure_ascii=False, default=_default)
    in UTF-8, with the C encoder made once (json.dumps makes one per call, a third of its time)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # pragma: no cover - an interpreter without the C accelerator
        encoder = json.JSONEncoder(sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False, default=_default)
        return lambda value: encoder.encode(value).encode()
    # markers=None: no circular-reference check (these values are trees made from parsed data)
    encode = make(None, _default, json.encoder.encode_basestring, None, ":", ",", sort_keys, False, True)
    return lambda value: "".join(encode(value, 0)).encode()


def _orjson_encoder(sort_keys: bool, slow: Callable[[Any], bytes]) -> Callable[[Any], bytes]:
    """orjson (Rust; several times faster than the json module for a record-sized value, which
    matters at a million records), falling back to ``slow`` for whatever orjson refuses
    (integers beyond 64 bits, keys that are not strings, float subclasses ...), so an
    unknown type still ends in _default's TypeError.  Dates and dataclasses go to _default as
    with the json module (orjson's own date format drops an offset's seconds)."""
    dumps = orjson.dumps
    option = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS
    if sort_keys:
        option |= orjson.OPT_SORT_KEYS  # by UTF-8 bytes, which is code point order, as json sorts

    def fast(value: Any) -> bytes:
        try:
            return dumps(value, default=_default, option=option)
        except orjson.JSONEncodeError:
            return slow(value)

    return fast


_canonical_slow = _json_module_encoder(sort_keys=True)
_canonical_fast = _orjson_encoder(True, _canonical_slow)
_compact_slow = _json_module_encoder(sort_keys=False)
_compact_fast = _orjson_encoder(False, _compact_slow)


def canonical_bytes(value: Any) -> bytes:
    """Deterministic JSON in UTF-8: sorted keys, no spaces, dates in ISO form, Decimals as
    strings, bytes as their SHA-256.  Content hashes and synthetic ids are hashes of it.

    It is json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False) (tested)
    except where orjson writes otherwise: numbers below 1e-4 in orjson's notation (0.00001 and
    1e-7 where json writes 1e-05 and 1e-07), NaN and the infinities as ``null`` (as the record's
    payload is stored: a NaN in a payload reads back as None), UUIDs, times and plain Enum members
    encoded where json refuses them.  The golden hashes in tests/test_json.py pin it, and
    orjson's major version is pinned.
    """
    return _canonical_fast(value)


def canonical_json(value: Any) -> str:
    """:func:`canonical_bytes` as text."""
    return canonical_bytes(value).decode()


def compact_json(value: Any) -> str:
    """JSON without spaces, keys in their order; NaN and the infinities become ``null`` and
    numbers may be written as orjson writes them (the rows handed to SQLite)."""
    return _compact_fast(value).decode()


def compact_json5(value: Any) -> str:
    """Like :func:`compact_json`, but infinities and NaN are written as JSON5's ``Infinity``
    and ``NaN`` (which SQLite's JSON functions read) instead of ``null``."""
    return _compact_slow(value).decode()


def content_hash(record: Record) -> str:
    """The hash that tells duplicates: the same content from another file or import is not added twice."""
    start = record.start.isoformat() if record.start else None
    value = record.value
    basis = {
        "d": record.domain,  # a StrEnum: written as its value (.value is a slow property)
        "k": record.kind,
        "t": record.title,
        "x": record.text,
        # isoformat() here is what canonical_json's default would write, only sooner
        "s": start,
        "e": start if record.end is record.start else record.end.isoformat() if record.end else None,
        "v": value,
        "u": record.unit,
        "cs": record.code_system,
        "c": record.code,
        "p": record.payload,
        "a": [a.sha256 for a in record.attachments],
        "sk": record.subject_key,
    }
    if value is not None and value - value != 0.0:
        # NaN or an infinity: the value column keeps it (SQLite stores infinities), so it must
        # not hash like None; the json module writes them apart (NaN, Infinity, -Infinity)
        return hashlib.sha256(_canonical_slow(basis)).hexdigest()
    return hashlib.sha256(_canonical_fast(basis)).hexdigest()


class Person(_Strict):
    """Someone whose records the vault keeps: the holder or someone they care for."""

    id: str = Field(default_factory=lambda: uuid.uuid4().hex[:12])
    name: str | None = None
    given: str | None = None
    family: str | None = None
    birth_date: date | None = None
    sex: str | None = None
    identifiers: list[str] = Field(default_factory=list)
    is_holder: bool = False

    @property
    def label(self) -> str:
        """The person's name as shown; ``(holder)`` or the id when there is none."""
        return self.name or ("(holder)" if self.is_holder else self.id)


class SkippedItem(_Strict):
    """Something an import could not keep: where it was in the source, and why."""

    where: str
    reason: str


class ImportReport(_Strict):
    """What an import did: the numbers a person wants to see afterwards."""

    source: str
    connector_id: str
    added: int = 0
    duplicates: int = 0
    skipped: list[SkippedItem] = Field(default_factory=list)
    warnings: int = 0
    cancelled: bool = False
    error: str | None = None
    by_kind: dict[str, int] = Field(default_factory=dict)
    people: list[str] = Field(default_factory=list)
    """What the import did about people: a new person, the holder filled from the file."""
    unchanged_since: str | None = None
    """The day this same file (by its SHA-256) was imported completely before, when it was not read again."""

    def summary(self) -> str:
        """The report in one line: added, duplicates, skipped, and anything that went wrong."""
        text = f"{self.source}: {self.added} added, {self.duplicates} duplicates, {len(self.skipped)} skipped"
        if self.unchanged_since:
            text += f" (the same file was imported on {self.unchanged_since}; not read again)"
        if self.people:
            text += f" ({'; '.join(self.people)})"
        if self.warnings:
            text += f", {self.warnings} with warnings (see show)"
        if self.cancelled:
            text += " (cancelled; what was committed is kept)"
        if self.error:
            text += f" - error: {self.error}"
        return text
