"""``Record``, ``Correlation`` and any other element: a value and unit, a category, or the attributes as exported."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from connectors.apple_health.healthkit import HEALTHKIT, _category_text, _number, humanize
from wallet.model import Domain

if TYPE_CHECKING:
    from connectors.apple_health.builder import _Builder, _Node


def record(builder: _Builder, attrs: dict[str, str], children: list[Any]) -> None:
    """A ``Record``: a quantity (value and unit) or a category (code and text)."""
    type_id = attrs.get("type", "")
    if not type_id:
        generic(builder, "Record", attrs, children)
        return
    domain, title = builder.info(type_id)
    warnings: list[str] = []
    start, end = builder.dates(attrs, warnings)
    payload: dict[str, Any] = attrs
    if children:
        _children_into(payload, children)
    raw = attrs.get("value")
    # The payload keeps every attribute exactly as exported (sourceName, device, the
    # date strings with their offset, the value as written ...), so nothing a source said
    # is lost.  (Dropping type/dates/value/unit, which fields repeat, measured ~10% faster
    # and ~15% smaller in a full vault import of 300k records; fidelity was preferred.)
    if type_id.startswith("HKCategoryTypeIdentifier"):
        text = _category_text(type_id, raw) if raw else None
        builder.add(
            domain=domain,
            kind=type_id,
            title=title,
            start=start,
            end=end,
            code_system=HEALTHKIT if raw else None,
            code=raw,
            code_display=text,
            text=text,
            payload=payload,
            provenance=builder.provenance(warnings),
        )
        return
    value = _number(raw)
    if raw is not None and value is None:
        warnings.append(f"value {raw!r} is not a number")
    unit = attrs.get("unit")
    builder.add(
        domain=domain,
        kind=type_id,
        title=title,
        start=start,
        end=end,
        value=value,
        unit=unit,
        payload=payload,
        provenance=builder.provenance(warnings),
    )


def correlation(builder: _Builder, attrs: dict[str, str], children: list[Any]) -> None:
    """A ``Correlation`` (blood pressure, food): one record listing its parts."""
    type_id = attrs.get("type", "")
    domain, title = builder.info(type_id)
    warnings: list[str] = []
    start, end = builder.dates(attrs, warnings)
    payload: dict[str, Any] = attrs
    parts: list[dict[str, Any]] = []
    rest = []
    for child in children:
        if child[0] == "Record":
            part = dict(child[1])
            if child[2]:
                _children_into(part, child[2])
            parts.append(part)
        else:
            rest.append(child)
    if rest:
        _children_into(payload, rest)
    payload["records"] = parts
    text = None
    if type_id == "HKCorrelationTypeIdentifierBloodPressure":
        by = {p.get("type"): p for p in parts}
        sys_ = by.get("HKQuantityTypeIdentifierBloodPressureSystolic", {})
        dia = by.get("HKQuantityTypeIdentifierBloodPressureDiastolic", {})
        if sys_.get("value") and dia.get("value"):
            text = f"{sys_['value']}/{dia['value']} {sys_.get('unit') or dia.get('unit') or 'mmHg'}"
    else:
        text = (
            "; ".join(f"{humanize(p.get('type', ''))}: {p.get('value', '')} {p.get('unit', '')}".strip() for p in parts)
            or None
        )
    builder.add(
        domain=domain,
        kind=type_id,
        title=title,
        start=start,
        end=end,
        text=text,
        payload=payload,
        provenance=builder.provenance(warnings),
    )


def generic(builder: _Builder, name: str, attrs: dict[str, str], children: list[Any]) -> None:
    """Any other top-level element: its attributes and children as the payload."""
    warnings: list[str] = []
    start, end = builder.dates(attrs, warnings)
    payload: dict[str, Any] = dict(attrs)
    if children:
        _children_into(payload, children)
    builder.add(
        domain=Domain.HEALTH,
        kind=name,
        title=humanize(name),
        start=start,
        end=end,
        payload=payload,
        provenance=builder.provenance(warnings),
    )


def _node_dict(node: _Node) -> dict[str, Any]:
    out: dict[str, Any] = dict(node[1])
    if node[2]:
        _children_into(out, node[2])
    return out


def _children_into(target: dict[str, Any], children: list[Any]) -> None:
    """MetadataEntry children become ``metadata``; anything else a list per element name."""
    for child in children:
        name, attrs, _grand = child
        if name == "MetadataEntry":
            target.setdefault("metadata", {})[attrs.get("key", "")] = attrs.get("value", "")
        else:
            target.setdefault(name, []).append(_node_dict(child))
