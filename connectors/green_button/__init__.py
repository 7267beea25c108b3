"""Green Button (NAESB ESPI) energy usage XML: Download My Data / Connect My Data feeds.

An ESPI file is an Atom feed (or a single Atom entry) whose entries each carry
one ESPI resource: ``UsagePoint`` (the meter and its service: electricity,
gas, water), ``MeterReading``, ``ReadingType`` (unit, power-of-ten multiplier,
interval length ...), ``IntervalBlock`` with ``IntervalReading`` values,
``LocalTimeParameters`` and usage summaries (a billing period's totals).
Resources refer to each other through Atom ``link`` hrefs
(``rel="self"``, ``"up"``, ``"related"``).

Choices (see docs/energy-and-documents.md):

* Elements are matched by namespace URI, never by prefix.
* Parsing uses defusedxml; a DTD, entity declaration or external reference is
  refused with a :class:`ConnectorError`.
* The file is read with ``iterparse`` and each entry is cleared once read;
  the readings are kept as small tuples until the end of the file, because
  feeds list ReadingTypes, MeterReadings and IntervalBlocks in any order.
* Values are in real units: ``value * 10**powerOfTenMultiplier``; energy in
  Wh is converted to **kWh** and power in W to **kW**; other units (therm,
  m3, ...) keep their ESPI unit.  The raw value, uom code and multiplier stay
  in the payload.
* ``cost`` is in hundred-thousandths of the currency (ESPI convention) and is
  kept in the payload as a decimal string in currency units.
* ``start``/``end`` are UTC; the meter's local-time parameters and the local
  start time are kept in the payload.
"""

from __future__ import annotations

import contextlib
import re
import xml.etree.ElementTree as ET  # only for types and ParseError; parsing goes through defusedxml
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar
from urllib.parse import urlsplit

import defusedxml
import defusedxml.ElementTree as DET

from wallet.errors import ConnectorError, ImportCancelled
from wallet.espi_time import DstRule, EspiTimeZone
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.model import Domain, Provenance, Record

ATOM = "http://www.w3.org/2005/Atom"
ESPI = "http://naesb.org/espi"
CUSTOMER = "http://naesb.org/espi/customer"
MAX_BYTES = 24 * 1024 * 1024
"""A year of 15-minute readings is about 15 MB.  A feed's readings are gathered per meter before its
records are made, about 7 times the file's size in memory: 24 MB keeps an import under
wallet.limits.MEMORY_BOUND_MB."""

#: ESPI UnitSymbolKind codes -> unit names (the common ones in utility data).
UOM: dict[int, str] = {
    0: "",
    5: "A",
    6: "K",
    23: "degC",
    29: "V",
    31: "J",
    33: "Hz",
    38: "W",
    42: "m3",
    61: "VA",
    63: "VAr",
    65: "cos(phi)",
    71: "VAh",
    72: "Wh",
    73: "VArh",
    106: "Ah",
    119: "ft3",
    122: "ft3/h",
    125: "m3/h",
    128: "US gal",
    129: "US gal/h",
    169: "therm",
}
#: Units converted to a larger one: Wh -> kWh, W -> kW, VAh -> kVAh, VArh -> kVArh.
SCALE_TO_KILO = {"Wh": "kWh", "W": "kW", "VAh": "kVAh", "VArh": "kVArh"}

#: ServiceCategory kind -> commodity.
SERVICE_KIND = {
    0: "electricity",
    1: "gas",
    2: "water",
    3: "time",
    4: "heat",
    5: "refuse",
    6: "sewerage",
    7: "rates",
    8: "tv licence",
    9: "internet",
}
#: ReadingType commodity -> commodity.
COMMODITY = {
    1: "electricity",
    2: "electricity",
    3: "electricity",
    4: "air",
    5: "gas",
    6: "gas",
    7: "gas",
    8: "propane",
    9: "water",
    10: "steam",
    11: "waste water",
    12: "heating fluid",
    13: "cooling fluid",
}
UNIT_COMMODITY = {"therm": "gas", "m3": "gas", "ft3": "gas", "US gal": "water"}
ACCUMULATION = {
    0: "none",
    1: "bulkQuantity",
    2: "continuousCumulative",
    3: "cumulative",
    4: "deltaData",
    6: "indicating",
    9: "summation",
    10: "timeDelay",
    12: "instantaneous",
    13: "latchingQuantity",
    14: "boundedQuantity",
}
FLOW = {1: "forward", 19: "reverse", 4: "net", 20: "total"}
CURRENCY = {840: "USD", 124: "CAD", 978: "EUR", 826: "GBP", 36: "AUD", 392: "JPY", 410: "KRW", 0: ""}
SUMMARY_TAGS = ("UsageSummary", "ElectricPowerUsageSummary")
COST_SCALE = Decimal(100000)


def _local(tag: str | Any) -> tuple[str, str]:
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        uri, _, name = tag[1:].partition("}")
        return uri, name
    return "", tag


def _key(href: str | None) -> str:
    """Normalise an href for matching: the URL path without leading/trailing slashes."""
    if not href:
        return ""
    href = href.strip()
    path = urlsplit(href).path if "://" in href else href.split("?")[0]
    return path.strip("/")


def _hhmm(text: str | None) -> int | None:
    """``-0500`` / ``+05:30`` -> offset in seconds; None when absent or not an offset."""
    if not text:
        return None
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", text.strip())
    if m is None:
        return None
    secs = int(m.group(2)) * 3600 + int(m.group(3)) * 60
    return -secs if m.group(1) == "-" else secs


def _child(el: ET.Element, name: str) -> ET.Element | None:
    for c in el:
        if _local(c.tag)[1] == name:
            return c
    return None


def _text(el: ET.Element, name: str) -> str | None:
    c = _child(el, name)
    if c is None or c.text is None:
        return None
    return c.text.strip() or None


def _int(el: ET.Element, name: str) -> int | None:
    t = _text(el, name)
    if t is None:
        return None
    try:
        return int(t)
    except ValueError:
        try:
            return int(Decimal(t))
        except (InvalidOperation, ValueError):
            return None


@dataclass
class _Entry:
    self_key: str
    up_key: str
    related: list[str]
    title: str | None


@dataclass
class _ReadingType:
    key: str
    uom: int | None
    power: int
    commodity: int | None
    accumulation: int | None
    interval_length: int | None
    flow: int | None
    currency: int | None
    kind: int | None


@dataclass
class _LocalTime:
    key: str
    tz_offset: int | None
    dst_offset: int | None
    dst_start: str | None
    dst_end: str | None
    title: str | None


@dataclass
class _Block:
    entry: _Entry
    readings: list[tuple[int, int, str, int | None, tuple[int, ...], int | None]]
    """(start, duration, raw value, raw cost, quality codes, UTC offset in seconds from a
    non-standard ``timePeriod/timezone`` such as ``-0500``)."""


@dataclass
class _Summary:
    entry: _Entry
    tag: str
    start: int | None
    duration: int | None
    currency: int | None
    fields: dict[str, Any]
    consumption: tuple[str, int, int] | None
    """(raw value, uom, power of ten) of overallConsumptionLastPeriod."""


@dataclass
class _Feed:
    usage_points: dict[str, tuple[_Entry, int | None]] = field(default_factory=dict)
    meter_readings: dict[str, _Entry] = field(default_factory=dict)
    reading_types: dict[str, _ReadingType] = field(default_factory=dict)
    local_times: dict[str, _LocalTime] = field(default_factory=dict)
    blocks: list[_Block] = field(default_factory=list)
    summaries: list[_Summary] = field(default_factory=list)
    other: dict[str, int] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


class _CountingReader:
    """Wrap a binary stream to report bytes read (progress) and honour cancel."""

    def __init__(self, fh: Any, context: ImportContext, total: int | None) -> None:
        self.fh = fh
        self.context = context
        self.total = total
        self.done = 0

    def read(self, n: int = -1) -> bytes:
        if self.context.is_cancelled():
            raise ImportCancelled("import cancelled")
        data: bytes = self.fh.read(n)
        self.done += len(data)
        if self.done > MAX_BYTES:
            raise ConnectorError(f"larger than the {MAX_BYTES // (1024 * 1024)} MB this connector accepts")
        self.context.progress(self.done, self.total)
        return data


class GreenButtonConnector(Connector):
    """Green Button (NAESB ESPI) Atom XML: interval readings and billing summaries."""

    id: ClassVar[str] = "green_button"
    name: ClassVar[str] = "Green Button energy data"
    version: ClassVar[str] = "1"
    domains: ClassVar[tuple[Domain, ...]] = (Domain.ENERGY,)
    accepts: ClassVar[str] = "Green Button (NAESB ESPI) Atom XML: Download My Data feed or Connect My Data entry"
    extensions: ClassVar[tuple[str, ...]] = (".xml",)
    max_size = MAX_BYTES  # refused by its size before it is hashed or read

    def identify(self, source: Source) -> bool:
        """An XML head that mentions both the Atom and the ESPI namespace."""
        head = source.head
        if b"naesb.org/espi" not in head or ATOM.encode() not in head:
            return False
        stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
        return stripped.startswith(b"<")

    # -- parsing -------------------------------------------------------------

    def _parse(self, source: Source, context: ImportContext) -> _Feed:
        feed = _Feed()
        root: ET.Element | None = None
        name = source.name
        try:
            with source.open() as fh:
                reader = _CountingReader(fh, context, source.size)
                for event, el in DET.iterparse(reader, events=("start", "end"), forbid_dtd=True):
                    uri, local = _local(el.tag)
                    if event == "start":
                        if root is None:
                            root = el
                            if uri != ATOM or local not in ("feed", "entry"):
                                what = f"<{local}>" + (f" in {uri}" if uri else " without a namespace")
                                raise ConnectorError(
                                    f"{name}: not a Green Button file: the root element is {what}, "
                                    "not an Atom feed or entry"
                                )
                        continue
                    if uri == ATOM and local == "entry":
                        self._entry(el, feed)
                        if el is not root:
                            el.clear()
                            if root is not None and local == "entry":
                                with contextlib.suppress(ValueError):
                                    root.remove(el)
        except defusedxml.DTDForbidden as exc:
            raise ConnectorError(
                f"{name}: refused: the file declares a DTD, which Green Button data never has"
            ) from exc
        except defusedxml.EntitiesForbidden as exc:
            raise ConnectorError(
                f"{name}: refused: the file declares XML entities (entity expansion is not allowed)"
            ) from exc
        except defusedxml.ExternalReferenceForbidden as exc:
            raise ConnectorError(f"{name}: refused: the file refers to an external resource") from exc
        except defusedxml.DefusedXmlException as exc:
            raise ConnectorError(f"{name}: refused unsafe XML ({exc})") from exc
        except ET.ParseError as exc:
            line = exc.position[0] if getattr(exc, "position", None) else "?"
            raise ConnectorError(
                f"{name}: not well-formed XML (line {line}: {exc.msg if hasattr(exc, 'msg') else exc})"
            ) from exc
        except ConnectorError as exc:
            msg = str(exc)
            raise ConnectorError(msg if msg.startswith(name) else f"{name}: {msg}") from exc
        if root is None:
            raise ConnectorError(f"{name}: empty file")
        return feed

    def _entry(self, entry: ET.Element, feed: _Feed) -> None:
        self_key = up_key = ""
        related: list[str] = []
        title: str | None = None
        content: ET.Element | None = None
        for c in entry:
            uri, local = _local(c.tag)
            if uri != ATOM:
                continue
            if local == "link":
                rel = (c.get("rel") or "").strip()
                href = _key(c.get("href"))
                if rel == "self" and not self_key:
                    self_key = href
                elif rel == "up" and not up_key:
                    up_key = href
                elif rel == "related" and href:
                    related.append(href)
            elif local == "title":
                title = (c.text or "").strip() or None
            elif local == "content":
                content = c
        if content is None:
            return
        resource = next((c for c in content if _local(c.tag)[0] in (ESPI, CUSTOMER)), None)
        if resource is None:
            return
        info = _Entry(self_key, up_key, related, title)
        kind = _local(resource.tag)[1]
        if kind == "UsagePoint":
            cat = _child(resource, "ServiceCategory")
            feed.usage_points.setdefault(self_key, (info, _int(cat, "kind") if cat is not None else None))
        elif kind == "MeterReading":
            feed.meter_readings.setdefault(self_key, info)
        elif kind == "ReadingType":
            rt = _ReadingType(
                key=self_key,
                uom=_int(resource, "uom"),
                power=_int(resource, "powerOfTenMultiplier") or 0,
                commodity=_int(resource, "commodity"),
                accumulation=_int(resource, "accumulationBehaviour"),
                interval_length=_int(resource, "intervalLength"),
                flow=_int(resource, "flowDirection"),
                currency=_int(resource, "currency"),
                kind=_int(resource, "kind"),
            )
            if self_key in feed.reading_types and feed.reading_types[self_key] != rt:
                feed.warnings.append(f"two different ReadingTypes share the link {self_key}; the first is used")
            else:
                feed.reading_types[self_key] = rt
        elif kind == "LocalTimeParameters":
            feed.local_times.setdefault(
                self_key,
                _LocalTime(
                    self_key,
                    _int(resource, "tzOffset"),
                    _int(resource, "dstOffset"),
                    _text(resource, "dstStartRule"),
                    _text(resource, "dstEndRule"),
                    title,
                ),
            )
        elif kind == "IntervalBlock":
            readings = []
            for ir in resource:
                if _local(ir.tag)[1] != "IntervalReading":
                    continue
                tp = _child(ir, "timePeriod")
                value = _text(ir, "value")
                start = _int(tp, "start") if tp is not None else None
                if start is None or value is None:
                    feed.warnings.append("an IntervalReading without start time or value was skipped")
                    continue
                duration = _int(tp, "duration") if tp is not None else None
                quality = tuple(
                    q
                    for rq in ir
                    if _local(rq.tag)[1] == "ReadingQuality"
                    for q in [_int(rq, "quality")]
                    if q is not None
                )
                tz_text = _text(tp, "timezone") if tp is not None else None
                readings.append((start, duration or 0, value, _int(ir, "cost"), quality, _hhmm(tz_text)))
            feed.blocks.append(_Block(info, readings))
        elif kind in SUMMARY_TAGS:
            period = _child(resource, "billingPeriod")
            fields: dict[str, Any] = {}
            for tag in ("billLastPeriod", "billToDate", "costAdditionalLastPeriod"):
                v = _int(resource, tag)
                if v is not None:
                    fields[tag] = v
            cons = _child(resource, "overallConsumptionLastPeriod")
            consumption = None
            if cons is not None and _text(cons, "value") is not None:
                consumption = (
                    _text(cons, "value") or "0",
                    _int(cons, "uom") or 0,
                    _int(cons, "powerOfTenMultiplier") or 0,
                )
            feed.summaries.append(
                _Summary(
                    info,
                    kind,
                    _int(period, "start") if period is not None else None,
                    _int(period, "duration") if period is not None else None,
                    _int(resource, "currency"),
                    fields,
                    consumption,
                )
            )
        else:
            feed.other[kind] = feed.other.get(kind, 0) + 1

    # -- linking -------------------------------------------------------------

    @classmethod
    def _meter_key(cls, block: _Block) -> str:
        for k in (block.entry.up_key, block.entry.self_key):
            parent = cls._parent_before(k, "/IntervalBlock")
            if parent:
                return parent
        return ""

    @staticmethod
    def _parent_before(key: str, marker: str) -> str:
        k = "/" + key
        i = k.rfind(marker)
        return k[:i].lstrip("/") if i >= 0 else ""

    def _reading_type(
        self, feed: _Feed, meter_key: str, context: ImportContext, warnings: list[str]
    ) -> _ReadingType | None:
        mr = feed.meter_readings.get(meter_key)
        if mr is not None:
            for rel in mr.related:
                if rel in feed.reading_types:
                    return feed.reading_types[rel]
        if len(feed.reading_types) == 1:
            rt = next(iter(feed.reading_types.values()))
            if mr is None or feed.meter_readings:
                warnings.append("ReadingType matched as the only one in the file (the feed does not link it)")
            return rt
        cached = self._cache_get(context, meter_key)
        if cached is not None:
            warnings.append("ReadingType taken from an earlier import of this meter")
            return cached
        return None

    @staticmethod
    def _cache_get(context: ImportContext, meter_key: str) -> _ReadingType | None:
        cache = context.cache
        if cache is None or not meter_key or not hasattr(cache, "cache_get"):
            return None
        try:
            value = cache.cache_get(f"green_button:reading_type:{meter_key}")
            return _ReadingType(**value) if isinstance(value, dict) else None
        except Exception:  # a cache problem must not break an import
            return None

    @staticmethod
    def _cache_set(context: ImportContext, meter_key: str, rt: _ReadingType) -> None:
        cache = context.cache
        if cache is None or not meter_key or not hasattr(cache, "cache_set"):
            return
        with contextlib.suppress(Exception):  # caching is best effort
            cache.cache_set(f"green_button:reading_type:{meter_key}", rt.__dict__)

    def _usage_point(self, feed: _Feed, meter_key: str) -> tuple[str, _Entry | None, int | None]:
        up_key = self._parent_before(meter_key, "/MeterReading")
        mr = feed.meter_readings.get(meter_key)
        if not up_key and mr is not None:
            up_key = self._parent_before(mr.up_key, "/MeterReading") or self._parent_before(
                mr.self_key, "/MeterReading"
            )
        if up_key in feed.usage_points:
            entry, kind = feed.usage_points[up_key]
            return up_key, entry, kind
        if len(feed.usage_points) == 1:
            k, (entry, kind) = next(iter(feed.usage_points.items()))
            return k, entry, kind
        return up_key, None, None

    @staticmethod
    def _local_time(feed: _Feed, usage_point: _Entry | None) -> _LocalTime | None:
        if usage_point is not None:
            for rel in usage_point.related:
                if rel in feed.local_times:
                    return feed.local_times[rel]
        if len(feed.local_times) == 1:
            return next(iter(feed.local_times.values()))
        return None

    # -- records -------------------------------------------------------------

    def read(self, source: Source, context: ImportContext) -> Iterator[Record]:
        """The Connector contract: a record per interval reading; the meter's reading type is kept for later files."""
        feed = self._parse(source, context)
        prov_base = self.provenance(source)
        emitted = 0
        seen: set[tuple[str, int, int, str]] = set()
        cached: set[str] = set()
        for block in feed.blocks:
            meter_key = self._meter_key(block)
            warnings = list(feed.warnings)
            rt = self._reading_type(feed, meter_key, context, warnings)
            if rt is not None and meter_key and meter_key not in cached and rt.key in feed.reading_types:
                cached.add(meter_key)
                self._cache_set(context, meter_key, rt)
            up_key, up_entry, service_kind = self._usage_point(feed, meter_key)
            lt = self._local_time(feed, up_entry)
            unit, scale = self._unit(rt, warnings)
            commodity = (
                (SERVICE_KIND.get(service_kind) if service_kind is not None else None)
                or (COMMODITY.get(rt.commodity) if rt and rt.commodity is not None else None)
                or UNIT_COMMODITY.get(unit or "", "electricity" if unit in ("kWh", "kW") else "energy")
            )
            zone = None
            if lt is not None and lt.tz_offset is not None:
                zone = EspiTimeZone(
                    lt.tz_offset, lt.dst_offset or 0, DstRule.parse(lt.dst_start), DstRule.parse(lt.dst_end)
                )
            title = self._title(commodity, unit, rt)
            mr = feed.meter_readings.get(meter_key)
            for start, duration, raw, cost, quality, period_tz in block.readings:
                dedup = (meter_key, start, duration, raw)
                if dedup in seen:
                    continue
                seen.add(dedup)
                try:
                    dec = Decimal(raw)
                except InvalidOperation:
                    warnings.append(f"reading at {start} has a non-numeric value and was skipped")
                    continue
                value = dec * scale
                begin = datetime.fromtimestamp(start, UTC)
                payload: dict[str, Any] = {
                    "commodity": commodity,
                    "raw_value": raw,
                    "uom": rt.uom if rt else None,
                    "power_of_ten_multiplier": rt.power if rt else None,
                    "duration_s": duration,
                    "accumulation": ACCUMULATION.get(rt.accumulation) if rt and rt.accumulation is not None else None,
                    "flow_direction": FLOW.get(rt.flow, str(rt.flow)) if rt and rt.flow is not None else None,
                    "meter_reading": meter_key or None,
                    "usage_point": up_key or None,
                }
                if mr is not None and mr.title:
                    payload["meter_title"] = mr.title
                if up_entry is not None and up_entry.title:
                    payload["usage_point_title"] = up_entry.title
                if cost is not None:
                    payload["cost"] = str(Decimal(cost) / COST_SCALE)
                    payload["currency"] = CURRENCY.get(rt.currency, str(rt.currency)) if rt and rt.currency else None
                if quality:
                    payload["quality"] = list(quality)
                if lt is not None:
                    payload.update(
                        tz_offset=lt.tz_offset,
                        dst_offset=lt.dst_offset,
                        dst_start_rule=lt.dst_start,
                        dst_end_rule=lt.dst_end,
                    )
                    if zone is not None:
                        payload["local_start"] = zone.local(begin).isoformat()
                elif period_tz is not None:
                    # No LocalTimeParameters, but the reading states its own offset (UtilityAPI files).
                    payload["tz_offset"] = period_tz
                    payload["local_start"] = begin.astimezone(timezone(timedelta(seconds=period_tz))).isoformat()
                yield Record(
                    domain=Domain.ENERGY,
                    kind="interval_reading",
                    title=title,
                    start=begin,
                    end=begin + timedelta(seconds=duration),
                    value=float(value),
                    unit=unit,
                    payload=payload,
                    provenance=Provenance(
                        **{**prov_base, "original_id": f"{meter_key}@{start}", "warnings": sorted(set(warnings))}
                    ),
                    tags=[commodity],
                )
                emitted += 1
        for summary in feed.summaries:
            rec = self._summary_record(summary, feed, prov_base)
            if rec is not None:
                emitted += 1
                yield rec
        if emitted == 0:
            present = {
                "UsagePoint": feed.usage_points,
                "MeterReading": feed.meter_readings,
                "ReadingType": feed.reading_types,
                "LocalTimeParameters": feed.local_times,
            }
            kinds = sorted({k for k, v in present.items() if v} | set(feed.other))
            found = ", ".join(kinds) if kinds else "no ESPI resources at all"
            raise ConnectorError(
                f"{source.name}: this Green Button file holds no energy readings or usage summaries "
                f"(it contains: {found}); import the usage file (Download My Data) instead"
            )

    def _unit(self, rt: _ReadingType | None, warnings: list[str]) -> tuple[str | None, Decimal]:
        if rt is None:
            warnings.append(
                "no ReadingType for these readings in this file: values are the meter's raw numbers, unit unknown"
            )
            return None, Decimal(1)
        scale = Decimal(10) ** rt.power
        if rt.uom is None:
            warnings.append("the ReadingType gives no unit (uom)")
            return None, scale
        unit = UOM.get(rt.uom)
        if unit is None:
            warnings.append(f"unknown ESPI unit code {rt.uom}")
            return f"uom:{rt.uom}", scale
        if unit in SCALE_TO_KILO:
            return SCALE_TO_KILO[unit], scale / 1000
        return unit or None, scale

    @staticmethod
    def _title(commodity: str, unit: str | None, rt: _ReadingType | None) -> str:
        name = commodity.capitalize()
        if unit in ("kW", "W", "kVA", "VA"):
            return f"{name} demand"
        if rt is not None and rt.flow == 19:
            return f"{name} returned to the grid"
        return f"{name} use"

    def _summary_record(self, s: _Summary, feed: _Feed, prov_base: dict[str, Any]) -> Record | None:
        if s.start is None:
            return None
        begin = datetime.fromtimestamp(s.start, UTC)
        end = begin + timedelta(seconds=s.duration or 0)
        currency = CURRENCY.get(s.currency or 0) or (str(s.currency) if s.currency else None)
        payload: dict[str, Any] = {"summary_type": s.tag, "currency": currency}
        for k, v in s.fields.items():
            payload[k] = str(Decimal(v) / COST_SCALE)
        value: float | None = None
        unit: str | None = None
        if s.consumption is not None:
            raw, uom, power = s.consumption
            name = UOM.get(uom, f"uom:{uom}")
            try:
                dec = Decimal(raw) * Decimal(10) ** power
            except InvalidOperation:
                dec = None
            if dec is not None:
                if name in SCALE_TO_KILO:
                    name, dec = SCALE_TO_KILO[name], dec / 1000
                value, unit = float(dec), name or None
            payload.update(consumption_raw=raw, consumption_uom=uom, consumption_power_of_ten=power)
        ref = s.entry.self_key or s.entry.up_key
        up_key = self._parent_before(ref, "/ElectricPowerUsageSummary") or self._parent_before(ref, "/UsageSummary")
        kind = None
        if up_key in feed.usage_points:
            kind = feed.usage_points[up_key][1]
        elif len(feed.usage_points) == 1:
            kind = next(iter(feed.usage_points.values()))[1]
        commodity = SERVICE_KIND.get(kind) if kind is not None else None
        commodity = commodity or (
            "electricity" if s.tag == "ElectricPowerUsageSummary" or unit in ("kWh",) else "energy"
        )
        payload["commodity"] = commodity
        payload["usage_point"] = up_key or None
        return Record(
            domain=Domain.ENERGY,
            kind="usage_summary",
            title=f"{commodity.capitalize()} billing period",
            start=begin,
            end=end,
            value=value,
            unit=unit,
            payload=payload,
            provenance=Provenance(**{**prov_base, "original_id": s.entry.self_key or None}),
            tags=[commodity],
        )
