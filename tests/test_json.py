"""wallet.model's JSON encoders: orjson, with the json module behind it for what orjson refuses.

Content hashes (the deduplication key) are hashes of canonical_json, so its output must
stay what json.dumps writes for the same value.
"""

from __future__ import annotations

import hashlib
import json
import math
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wallet.model import Domain, Provenance, Record, canonical_json, compact_json, compact_json5, content_hash

# Floats json and orjson write alike: orjson writes 1e-7 where json writes 1e-07 (documented).
_plain_floats = st.floats(allow_nan=False, allow_infinity=False).filter(lambda f: "e-0" not in repr(f))
_scalars = st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | _plain_floats | st.text()
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


def _stdlib(value: Any, sort_keys: bool) -> str:
    return json.dumps(value, sort_keys=sort_keys, separators=(",", ":"), ensure_ascii=False)


@settings(max_examples=300, deadline=None)
@given(_values)
def test_same_text_as_the_json_module(value: Any) -> None:
    assert canonical_json(value) == _stdlib(value, sort_keys=True)
    assert compact_json(value) == _stdlib(value, sort_keys=False)


@settings(max_examples=200, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_every_finite_float_reads_back_exactly(value: float) -> None:
    assert json.loads(compact_json([value]))[0] == value


def test_keys_sorted_in_code_point_order_like_json() -> None:
    value = {"b": 1, "a": 2, "é": 3, "z": 4, "고": 5, "😀": 6, "\u2028": 7, "A": 8}
    assert canonical_json(value) == _stdlib(value, sort_keys=True)
    assert compact_json(value) == _stdlib(value, sort_keys=False)


def test_what_orjson_refuses_falls_back_to_the_json_module() -> None:
    huge = {"n": 2**70, "m": -(2**64)}
    assert canonical_json(huge) == _stdlib(huge, sort_keys=True)
    int_keys = {1: "a", 2: "b"}
    assert compact_json(int_keys) == '{"1":"a","2":"b"}'


def test_default_types() -> None:
    when = datetime(2024, 3, 1, 9, 30, 0, 120, tzinfo=timezone(timedelta(hours=9)))
    value = {"d": Decimal("1.50"), "b": b"abc", "t": when, "day": date(2024, 3, 1), "e": Domain.HEALTH}
    expected = {
        "b": hashlib.sha256(b"abc").hexdigest(),
        "d": "1.50",
        "day": "2024-03-01",
        "e": "health",
        "t": when.isoformat(),
    }
    assert json.loads(canonical_json(value)) == expected


def test_an_unknown_type_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not serialisable: object"):
        canonical_json({"x": object()})


def test_json5_keeps_infinities() -> None:
    assert compact_json([math.inf, -math.inf]) == "[null,null]"
    assert compact_json5([math.inf, -math.inf, 1.5]) == "[Infinity,-Infinity,1.5]"


def _record(value: float | None, start: datetime | None = None) -> Record:
    prov = Provenance(connector_id="t", connector_version="1", source_name="s")
    return Record(domain=Domain.HEALTH, kind="k", title="t", value=value, start=start, provenance=prov)


def test_content_hash_tells_an_infinite_value_from_none() -> None:
    hashes = {content_hash(_record(v)) for v in (None, math.inf, -math.inf, 1.0)}
    assert len(hashes) == 4


def test_content_hash_keeps_the_seconds_of_an_old_offset() -> None:
    """Local mean time offsets carry seconds (Seoul before 1908: +08:27:52); orjson's own
    datetime format would drop them, so two different instants would hash alike."""
    lmt = timezone(timedelta(hours=8, minutes=27, seconds=52))
    other = timezone(timedelta(hours=8, minutes=27))
    a = _record(1.0, datetime(1900, 1, 1, tzinfo=lmt))
    b = _record(1.0, datetime(1900, 1, 1, tzinfo=other))
    assert content_hash(a) != content_hash(b)
    assert content_hash(a) == content_hash(_record(1.0, datetime(1900, 1, 1, tzinfo=lmt)))


def test_content_hash_does_not_depend_on_payload_key_order() -> None:
    a, b = _record(1.0, datetime(2024, 1, 1, tzinfo=UTC)), _record(1.0, datetime(2024, 1, 1, tzinfo=UTC))
    a.payload = {"x": 1, "y": {"p": 1, "q": 2}}
    b.payload = {"y": {"q": 2, "p": 1}, "x": 1}
    assert content_hash(a) == content_hash(b)
