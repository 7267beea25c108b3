"""Measurement series in a share: dense samples (heart rate, steps ...) sent as FHIR Observations.

Since schema 7 the samples a watch or phone records are series (:mod:`wallet.store.series`), not records.
A research or custom share whose selection covers a series' kind, measurement type, area (fitness, health)
or source takes that series' samples within the share's dates: the series is one item of the consent
summary, ticked or unticked as a whole, never sample by sample.  Clinical templates (hospital, insurance,
pre-screen) take none.

Each series leaves as ``data/series/NNNN.ndjson``: one FHIR R4 Observation per sample, with the LOINC code
and UCUM unit of its measurement type where it has them (the value converted to that unit with the series'
``scale`` and ``offs``), the time in the source's own zone, and the share's Patient as subject.  A research
share sends neither the source's name (``Jane's Apple Watch`` names a person) nor any id; a custom share
names the source as the Observation's device.  The samples' extra attributes (a heart rate's motion context)
are not sent.

The samples are read from the store lazily and written line by line; a bundle is held in memory while it
is signed, packed and encrypted and ``verify`` reads bundles up to :data:`wallet.limits.MAX_BUNDLE_BYTES`,
so writing stops with a :class:`~wallet.features.share.templates.ShareError` once the series would pass
:data:`SERIES_BUDGET` bytes (about 90,000 samples: an Observation is about 470 bytes), before memory grows
further.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from wallet import limits
from wallet.features.share.templates import ShareError
from wallet.store import series as series_store
from wallet.terms.measures import BY_KEY

if TYPE_CHECKING:
    from wallet.features.share.preview import RecordPreview
    from wallet.features.share.templates import ShareRequest
    from wallet.store.vault import Vault

TEMPLATES = frozenset({"research", "custom"})
"""The templates that carry series (the others are clinical: one reading is a record there)."""
PREFIX = "series:"
"""A series' item id in a plan and in ``ShareRequest.excluded``: ``series:<id>``."""
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
VITAL_SIGNS = frozenset({"heart_rate", "resting_heart_rate", "oxygen_saturation", "respiratory_rate"})
"""Measurement types whose Observations are in the ``vital-signs`` category (the rest: ``activity``)."""
SERIES_BUDGET = limits.MAX_BUNDLE_BYTES - 8 * limits.MB
"""The most bytes of series a bundle carries (the rest of the verifier's limit is left for the records)."""
BYTES_PER_SAMPLE = 470
"""About how many bytes one sample takes as an Observation (for warning before approval)."""
_DAY = "date(t0 + coalesce(tz, 0) * 60, 'unixepoch')"
_FAR = 1e18


@dataclass
class SeriesItem:
    """One series a share would take: its samples within the dates, ticked (sent) or not, as one unit."""

    info: series_store.SeriesInfo
    count: int
    """Samples within the share's dates."""
    first_day: str | None
    last_day: str | None
    since: date | None
    until: date | None
    scale: float = 1.0
    offs: float = 0.0
    code_system: str | None = None
    code: str | None = None
    included: bool = True

    @property
    def id(self) -> str:
        """The item's id in the plan (``series:<id>``), what ``ShareRequest.excluded`` holds when unticked."""
        return f"{PREFIX}{self.info.id}"

    @property
    def measurement(self) -> str:
        """The measurement type's name (``Heart rate``), else the series' own title."""
        t = BY_KEY.get(self.info.mtype)
        return t.name if t is not None else self.info.title

    @property
    def label(self) -> str:
        """``Heart rate · Jane's Apple Watch``: what was measured and by which source."""
        return f"{self.measurement} · {self.info.source}"

    def dates(self) -> str:
        """``2024-01-01 to 2024-03-31`` (one day when they agree), or empty without samples."""
        if not self.first_day:
            return ""
        last = self.last_day or self.first_day
        return self.first_day if last == self.first_day else f"{self.first_day} to {last}"

    def line(self) -> str:
        """The consent summary's line: ``Heart rate · Jane's Apple Watch: 12,345 samples, 2024-01-01 to ...``."""
        return f"{self.label}: {self.count:,} samples, {self.dates()}"


def chosen(info: series_store.SeriesInfo, request: ShareRequest) -> bool:
    """Whether the request's selection covers this series (its area, kind or type, source), as it would a record."""
    if request.template not in TEMPLATES:
        return False
    sel = request.selection
    if not (sel.kinds or sel.domains or sel.sources or sel.since or sel.until):
        return False
    if sel.domains and info.domain not in sel.domains:
        return False
    if sel.kinds and info.kind not in sel.kinds and info.mtype not in sel.kinds:
        return False
    return not (sel.sources and info.source not in sel.sources)


def gather_series(vault: Vault, request: ShareRequest) -> list[SeriesItem]:
    """The series of the request's person that its selection covers, with their samples' counts within its dates
    (series without a sample there are left out)."""
    if request.template not in TEMPLATES or vault.schema_version < series_store.SCHEMA_VERSION:
        return []
    sel = request.selection
    lo = sel.since.isoformat() if sel.since else "0000-00-00"
    hi = sel.until.isoformat() if sel.until else "9999-99-99"
    out = []
    for info in vault.series_list(request.person_id):
        if not chosen(info, request):
            continue
        n, first, last = vault.conn.execute(
            "SELECT coalesce(sum(n), 0), min(day), max(day) FROM series_daily WHERE series = ? AND day BETWEEN ? AND ?",
            (info.id, lo, hi),
        ).fetchone()
        if not n:
            continue
        scale, offs, cs, code = vault.conn.execute(
            "SELECT scale, offs, code_system, code FROM series WHERE id = ?", (info.id,)
        ).fetchone()
        out.append(SeriesItem(info, int(n), first, last, sel.since, sel.until, float(scale), float(offs), cs, code))
    return out


def iter_range(vault: Vault, item: SeriesItem) -> Iterator[series_store.SampleRow]:
    """The series' samples whose local day (in the source's zone) is within the item's dates, in time order,
    read lazily from the store."""
    since, until = item.since, item.until
    t_lo = -_FAR if since is None else (since - date(1970, 1, 1)).days * 86400 - series_store.MARGIN
    t_hi = _FAR if until is None else ((until - date(1970, 1, 1)).days + 1) * 86400 + series_store.MARGIN
    cursor = vault.conn.execute(
        f"SELECT t0, t1, value, tz, extra FROM samples WHERE series = ? AND t0 >= ? AND t0 < ? "
        f"AND {_DAY} BETWEEN ? AND ? ORDER BY t0",
        (
            item.info.id,
            t_lo,
            t_hi,
            since.isoformat() if since else "0000-00-00",
            until.isoformat() if until else "9999-99-99",
        ),
    )
    for t0, t1, value, tz, extra in cursor:
        yield float(t0), t1, float(value), tz, extra


def _number(value: float) -> float | int:
    """A value as written: at most 10 significant digits (a unit conversion's float noise goes), integral as int."""
    rounded = float(f"{value:.10g}")
    return int(rounded) if rounded.is_integer() and abs(rounded) < 1e15 else rounded


def _when(t: float, tz: int | None) -> str:
    zone = timezone(timedelta(minutes=tz)) if tz is not None else UTC
    moment = datetime.fromtimestamp(t, zone)
    text = moment.isoformat(timespec="milliseconds" if moment.microsecond else "seconds")
    return text.replace("+00:00", "Z") if tz is None else text


class ObservationShape:
    """What every Observation of one series shares (code, category, unit, subject, device), made once."""

    def __init__(self, item: SeriesItem, patient_ref: str, research: bool) -> None:
        info = item.info
        t = BY_KEY.get(info.mtype)
        self.scale, self.offs = item.scale, item.offs
        self.canonical = t is not None and bool(t.unit) and info.canonical_unit == t.unit
        """The value goes in the type's UCUM unit (else as recorded, in the source's unit)."""
        if t is not None and t.loinc and not t.paired:
            code: dict[str, Any] = {"coding": [{"system": LOINC, "code": t.loinc[0], "display": t.name}]}
        elif item.code_system and item.code:
            code = {"coding": [{"system": item.code_system, "code": item.code}]}
        else:
            code = {}
        if "coding" not in code:  # a coding names the type already (its display)
            code["text"] = t.name if t is not None else info.title
        category = "vital-signs" if info.mtype in VITAL_SIGNS else "activity"
        self.head: dict[str, Any] = {
            "resourceType": "Observation",
            "status": "final",
            "category": [{"coding": [{"system": CATEGORY, "code": category}]}],
            "code": code,
            "subject": {"reference": patient_ref},
        }
        self.device = None if research else {"display": info.source}
        if self.canonical and t is not None:
            self.quantity: dict[str, Any] = {"unit": t.display, "system": UCUM, "code": t.unit}
        else:
            self.quantity = {"unit": info.unit} if info.unit else {}
        self.unit_text = (t.display if self.canonical and t is not None else info.unit) or ""

    def value(self, raw: float) -> float | int:
        """A sample's value as sent: in the canonical unit when the type has one, else as recorded."""
        return _number(raw * self.scale + self.offs if self.canonical else raw)

    def observation(self, t0: float, t1: float | None, raw: float, tz: int | None) -> dict[str, Any]:
        """One sample as a FHIR R4 Observation."""
        res = dict(self.head)
        if t1 is not None and t1 > t0:
            res["effectivePeriod"] = {"start": _when(t0, tz), "end": _when(t1, tz)}
        else:
            res["effectiveDateTime"] = _when(t0, tz)
        if self.device is not None:
            res["device"] = self.device
        res["valueQuantity"] = {"value": self.value(raw), **self.quantity}
        return res


@dataclass
class SentSeries:
    """A series as written to a bundle: its file, how many samples, their days, the file's hash."""

    item: SeriesItem
    path: str
    count: int
    first: str | None
    last: str | None
    sha256: str
    loinc: str | None
    unit: str | None

    def manifest_entry(self, research: bool) -> dict[str, Any]:
        """How the manifest and the consent receipt list the series (a research share names no source)."""
        out: dict[str, Any] = {
            "path": self.path,
            "domain": self.item.info.domain,
            "measurement": self.item.measurement,
            "loinc": self.loinc,
            "unit": self.unit,
            "count": self.count,
            "from": self.first,
            "to": self.last,
            "sha256": self.sha256,
        }
        if not research:
            out["source"] = self.item.info.source
        return {k: v for k, v in out.items() if v is not None}


def series_ndjson(
    vault: Vault, item: SeriesItem, path: str, patient_ref: str, research: bool, budget: int
) -> tuple[bytes, SentSeries]:
    """The NDJSON file of one series' samples within the dates, written line by line (ShareError past
    ``budget`` bytes, before more is read)."""
    tmpl = ObservationShape(item, patient_ref, research)
    from wallet.features.share import ips

    parts: list[bytes] = []
    size = count = 0
    digest = hashlib.sha256()
    first = last = None
    dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    for t0, t1, value, tz, _extra in iter_range(vault, item):
        res = tmpl.observation(t0, t1, value, tz)
        if count == 0:  # every line has the same shape: the first one stands for the file
            try:
                ips.validate(res)
            except ips.FhirOutputError as exc:
                raise ShareError(f"the series {item.label} cannot be sent as FHIR Observations: {exc}") from exc
        line = (dumps(res) + "\n").encode("utf-8")
        size += len(line)
        if size > budget:
            raise ShareError(
                "the measurement series chosen are too large for one share bundle "
                f"(more than {SERIES_BUDGET // limits.MB} MB); choose a shorter date range or fewer series"
            )
        digest.update(line)
        parts.append(line)
        count += 1
        day = res.get("effectiveDateTime") or res["effectivePeriod"]["start"]
        first = first or day[:10]
        last = day[:10]
    t = BY_KEY.get(item.info.mtype)
    sent = SentSeries(
        item,
        path,
        count,
        first,
        last,
        digest.hexdigest(),
        t.loinc[0] if t is not None and t.loinc and "coding" in tmpl.head["code"] and not t.paired else None,
        tmpl.quantity.get("code") or tmpl.quantity.get("unit"),
    )
    return b"".join(parts), sent


def over_budget(items: list[SeriesItem]) -> bool:
    """Whether the ticked series would likely pass :data:`SERIES_BUDGET` (a warning before approval)."""
    return sum(i.count for i in items if i.included) * BYTES_PER_SAMPLE > SERIES_BUDGET


def series_preview(vault: Vault, item: SeriesItem, template: str) -> RecordPreview:
    """What a series sends, as :func:`wallet.features.share.preview.record_preview` shows a record: its
    title, dates, the number of samples, the first sample's value as written, the code, and (custom) the source.

    The rows' keys are those of a record plus ``samples`` and ``device``."""
    from wallet.features.share import preview

    rows: list[tuple[str, str]] = [("title", item.measurement), ("date", item.dates()), ("samples", f"{item.count:,}")]
    tmpl = ObservationShape(item, "urn:uuid:preview", template == "research")
    first = next(iter_range(vault, item), None)
    if first is not None:
        res = tmpl.observation(first[0], first[1], first[2], first[3])
        rows.append(("value", preview.fhir_value(res)))
    coding = (tmpl.head["code"].get("coding") or [{}])[0]
    if coding.get("code"):
        name = coding.get("display") or item.measurement
        rows.append(("code", f"{name} ({coding.get('system', '')} {coding['code']})"))
    if template != "research":
        rows.append(("device", item.info.source))
    return preview.RecordPreview(preview.SENT_AS_FHIR, rows)


def series_kinds(vault: Vault, person_id: str) -> list[tuple[str, str, int]]:
    """(area, kind, samples) of the person's series, for choosing them by kind as records are chosen."""
    if vault.schema_version < series_store.SCHEMA_VERSION:
        return []
    counts: dict[tuple[str, str], int] = {}
    for info in vault.series_list(person_id):
        counts[(info.domain, info.kind)] = counts.get((info.domain, info.kind), 0) + info.count
    return [(domain, kind, n) for (domain, kind), n in sorted(counts.items()) if n]
