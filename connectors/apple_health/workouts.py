"""``Workout``: duration, distance and energy, events and statistics; its routes as GPX attachments."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from connectors.apple_health.healthkit import HEALTHKIT, _number, humanize, parse_date
from connectors.apple_health.records import _children_into, _node_dict
from wallet.model import Attachment, Domain

if TYPE_CHECKING:
    from connectors.apple_health.builder import _Builder, _Node


def workout(builder: _Builder, attrs: dict[str, str], children: list[Any]) -> None:
    """A ``Workout``: its duration as the value, the rest in the payload, its routes attached."""
    activity = attrs.get("workoutActivityType", "HKWorkoutActivityTypeOther")
    warnings: list[str] = []
    start, end = builder.dates(attrs, warnings)
    payload: dict[str, Any] = dict(attrs)
    events: list[dict[str, Any]] = []
    stats: list[dict[str, Any]] = []
    activities: list[dict[str, Any]] = []
    routes: list[dict[str, Any]] = []
    attachments: list[Attachment] = []
    metadata: dict[str, str] = {}
    other: list[Any] = []
    for child in children:
        cname, cattrs, _grand = child
        if cname == "MetadataEntry":
            metadata[cattrs.get("key", "")] = cattrs.get("value", "")
        elif cname == "WorkoutEvent":
            events.append(_node_dict(child))
        elif cname == "WorkoutStatistics":
            stats.append(_node_dict(child))
        elif cname == "WorkoutActivity":
            activities.append(_node_dict(child))
        elif cname == "WorkoutRoute":
            route, attachment, warning = workout_route(builder, child, len(routes))
            routes.append(route)
            if attachment is not None:
                attachments.append(attachment)
            if warning:
                warnings.append(warning)
        else:
            other.append(child)
    if metadata:
        payload["metadata"] = metadata
    if events:
        payload["events"] = events
    if stats:
        payload["statistics"] = stats
    if activities:
        payload["activities"] = activities
    if routes:
        payload["routes"] = routes
    if other:
        _children_into(payload, other)
    duration = _number(attrs.get("duration"))
    distance = _measure(attrs.get("totalDistance"), attrs.get("totalDistanceUnit"))
    energy = _measure(attrs.get("totalEnergyBurned"), attrs.get("totalEnergyBurnedUnit"))
    for stat in stats:  # iOS 16+ exports give distance and energy only as statistics
        stype = str(stat.get("type", ""))
        if distance is None and stype.startswith("HKQuantityTypeIdentifierDistance"):
            distance = _measure(stat.get("sum"), stat.get("unit"))
        elif energy is None and stype == "HKQuantityTypeIdentifierActiveEnergyBurned":
            energy = _measure(stat.get("sum"), stat.get("unit"))
    unit = attrs.get("durationUnit")
    if duration is None and start is not None and end is not None:
        duration, unit = round((end - start).total_seconds() / 60, 3), "min"
    payload["summary"] = {
        "duration": _measure_value(duration, unit),
        "distance": distance,
        "energy": energy,
    }
    title = f"{humanize(activity)} workout"
    parts = [title]
    if distance:
        parts.append(f"{distance['value']:g} {distance['unit'] or ''}".strip())
    if energy:
        parts.append(f"{energy['value']:g} {energy['unit'] or ''}".strip())
    builder.add(
        domain=Domain.FITNESS,
        kind="workout",
        title=title,
        start=start,
        end=end,
        value=duration,
        unit=unit,
        code_system=HEALTHKIT,
        code=activity,
        code_display=humanize(activity),
        text=", ".join(parts),
        payload=payload,
        attachments=attachments,
        provenance=builder.provenance(warnings),
    )


def workout_route(builder: _Builder, node: _Node, index: int) -> tuple[dict[str, Any], Attachment | None, str | None]:
    """A ``WorkoutRoute``: its GPX file (or inline ``Location`` points) as an attachment, or a warning."""
    _, attrs, children = node
    route: dict[str, Any] = dict(attrs)
    refs = [c[1].get("path", "") for c in children if c[0] == "FileReference"]
    locations = [c[1] for c in children if c[0] == "Location"]
    meta = {c[1].get("key", ""): c[1].get("value", "") for c in children if c[0] == "MetadataEntry"}
    if meta:
        route["metadata"] = meta
    if refs:
        ref = refs[0]
        route["file"] = ref
        data = builder.export.read_file(ref)
        if data is None:
            return route, None, f"workout route file {ref} is not in the export"
        return route, Attachment(name=posixpath.basename(ref), media_type="application/gpx+xml", data=data), None
    if locations:
        route["points"] = len(locations)
        name = f"route_{(attrs.get('startDate') or str(index))[:19].replace(' ', '_').replace(':', '.')}.gpx"
        return route, Attachment(name=name, media_type="application/gpx+xml", data=_gpx(locations)), None
    return route, None, None


def _measure(value: Any, unit: Any) -> dict[str, Any] | None:
    number = _number(value) if isinstance(value, str) else value
    if number is None:
        return None
    return {"value": number, "unit": unit}


def _measure_value(value: float | None, unit: str | None) -> dict[str, Any] | None:
    return None if value is None else {"value": value, "unit": unit}


def _xml_attr(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


def _gpx(locations: list[dict[str, str]]) -> bytes:
    """A GPX 1.1 track from inline ``Location`` elements (exports from before iOS 12)."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<gpx version="1.1" creator="MyData Wallet (from Apple Health inline route)" '
        'xmlns="http://www.topografix.com/GPX/1/1">',
        "<trk><trkseg>",
    ]
    for loc in locations:
        when = ""
        try:
            dt = parse_date(loc.get("date"))
            if dt is not None:
                from datetime import UTC

                when = f"<time>{dt.astimezone(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
        except ValueError:
            pass
        ele = f"<ele>{_xml_attr(loc['altitude'])}</ele>" if loc.get("altitude") else ""
        lines.append(
            f'<trkpt lat="{_xml_attr(loc.get("latitude", ""))}" lon="{_xml_attr(loc.get("longitude", ""))}">'
            f"{ele}{when}</trkpt>"
        )
    lines.append("</trkseg></trk></gpx>")
    return ("\n".join(lines) + "\n").encode("utf-8")
