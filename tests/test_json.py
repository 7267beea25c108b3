"""wallet.model's JSON encoders: orjson, with the json module behind it for what orjson refuses.

Content hashes (the deduplication key) are hashes of canonical_json, so its output must
stay what json.dumps writes for the same value.
"""

from __future__ import annotations

import collections
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
@pytest.mark.slow
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

    class Grams(float):
        pass

    point = collections.namedtuple("point", "x y")(1, 2)
    odd = {"w": Grams(1.5), "p": point}
    assert canonical_json(odd) == _stdlib(odd, sort_keys=True) == '{"p":[1,2],"w":1.5}'


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


def test_a_payload_nan_hashes_as_it_is_stored() -> None:
    """pydantic stores a NaN or infinity inside a payload as null, so it reads back as None:
    the hash is of what the vault keeps."""
    prov = Provenance(connector_id="t", connector_version="1", source_name="s")
    with_nan = Record(domain=Domain.HEALTH, kind="k", title="t", payload={"x": math.nan}, provenance=prov)
    with_none = Record(domain=Domain.HEALTH, kind="k", title="t", payload={"x": None}, provenance=prov)
    assert '"x":null' in with_nan.model_dump_json()
    assert content_hash(with_nan) == content_hash(with_none)


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


# ----------------------------------------------------------------------------- golden hashes
# Content hashes are the deduplication key of every vault: these must never change.  Made with
# this code (orjson 3.13); they equal the json module's hashes of 1c51c11 except for numbers
# below 1e-4 (orjson's notation) and NaN or an infinity inside a payload (hashed as null, which
# is how the payload is stored).
def _golden_cases() -> dict[str, Record]:
    prov = Provenance(connector_id="t", connector_version="1", source_name="s")
    seoul = timezone(timedelta(hours=9))
    lmt = timezone(timedelta(hours=8, minutes=27, seconds=52))
    out: dict[str, Record] = {}
    values: dict[str, float | None] = {
        "small1e-5": 1e-05,
        "small2.5e-5": 2.5e-05,
        "small1e-7": 1e-07,
        "tiny": 5e-324,
        "big1e16": 1e16,
        "big1.5e300": 1.5e300,
        "plain": 114.2,
        "neg": -0.0,
        "int-ish": 3.0,
        "inf": math.inf,
        "-inf": -math.inf,
        "nan": math.nan,
        "none": None,
        "0.0001": 0.0001,
        "1e-4.5": 3.1622776601683795e-05,
        "1e22": 1e22,
        "123456789012345678": 123456789012345678.0,
    }
    new_year = datetime(2024, 1, 1, tzinfo=seoul)
    for name, v in values.items():
        out["value " + name] = Record(
            domain=Domain.HEALTH, kind="k", title="t", value=v, start=new_year, provenance=prov
        )
        out["payload " + name] = Record(
            domain=Domain.FITNESS, kind="k", title="t", payload={"x": v, "nested": [v, {"y": v}]}, provenance=prov
        )
    out["lmt"] = Record(
        domain=Domain.HEALTH,
        kind="k",
        title="고혈압약 복용",
        start=datetime(1900, 1, 1, tzinfo=lmt),
        end=datetime(1900, 1, 2, tzinfo=lmt),
        provenance=prov,
    )
    out["korean payload"] = Record(
        domain=Domain.HEALTH,
        kind="k",
        title="t",
        text='메모\n"quoted"\t\u2028',
        payload={"이름": "홍길동", "b": True, "n": 2**53 + 1, "big": 12345678901234567890123, "z": None},
        provenance=prov,
    )
    return out


GOLDEN = {
    "value small1e-5": "0f91691551b1f66de8010a6ede830d7684e98f79def29c192cb037b65a4fd809",
    "payload small1e-5": "0d38bcabe1fe06542507c9356c11fb27680c3d6231b878cbb4775a19379a81cb",
    "value small2.5e-5": "c9e1613a37baf44a6e729394210abd70db5368ea96942cdeb9d568fae1352faf",
    "payload small2.5e-5": "c05d2cf1d39433288678c19fdc8b643fa1d5c7f1398dc95d06f34087f2069b4f",
    "value small1e-7": "d68ca991a849ed09ea6968503fc808a673bd0e2b77fee0756a22c7e1c7374d2d",
    "payload small1e-7": "b51d623cc9c4a0003bbc908d3e87bfa807f7f98d832e57d43a4469b13133c84a",
    "value tiny": "fef73ba6eaf86e4d9e8195d58266a3965abf6f14418542f72b435c2f1ca8e0a5",
    "payload tiny": "180f518cddc2740f88d477fcb6a57205e9935f5bc149200e9a848fd1cb49ba6e",
    "value big1e16": "1f96544bbd28837cc081be3771a484467ff252f145c2b9aefa73acc940dfc691",
    "payload big1e16": "1ecbc6fd7e6def43dafba7d63d8bba9ec51a4004298d6482ea6dc562604ce2da",
    "value big1.5e300": "e5b5b1cd62cc6aa98ca16e4821fc67bd8cd0e7efd36d18b863867a7efbd6820e",
    "payload big1.5e300": "4bd591dbc410a761c654c759e919f76c44cb12ad7fd2ef29f115a15da2ff0fb3",
    "value plain": "bbff0aab887d173131c8ae1811965566fb95ae6fc1ff663d356a1db649c94387",
    "payload plain": "fa8bb9115cb343c9cafa236de99d65cbb5ddc0058b7c30e73dab90661db13b31",
    "value neg": "55904cd8f8fbb4980749b83775514cdbfeb2a2ac03658a215b76911d7e32b83e",
    "payload neg": "05828e3cda1b434d6385dd791e2db24634773f8bbd8dda643e1fdcec5e509a74",
    "value int-ish": "66138f518356979659c45753eeffbb43cb3a56ee44e550ff87fb8d80437f7cb1",
    "payload int-ish": "db4744253be49ef8d8772b96961a8ec6e876d79f4b1da26b87672a8132a76b66",
    "value inf": "6706fcf8d73ccba955511bc45543ded3797f64f711416d2e555d5aa31f2fc18a",
    "payload inf": "0e262d9defa4128f2185a9c1f77c4d3e89dbcb3a3fb2389b99c03d783fbfcb20",
    "value -inf": "442d4bf6dd84fabbf3473892503f83090877b92c093c5359ecda65a702d8f5d6",
    "payload -inf": "0e262d9defa4128f2185a9c1f77c4d3e89dbcb3a3fb2389b99c03d783fbfcb20",
    "value nan": "e769c077fe36d5ce9bc05461d66b45ec04e93fe14cec6d726d7fae3ff4c66088",
    "payload nan": "0e262d9defa4128f2185a9c1f77c4d3e89dbcb3a3fb2389b99c03d783fbfcb20",
    "value none": "60d9d55b90844b5e041df5c73f6bc2c56a122bdd1deb649e96d7bfcf2e4f4015",
    "payload none": "0e262d9defa4128f2185a9c1f77c4d3e89dbcb3a3fb2389b99c03d783fbfcb20",
    "value 0.0001": "709aa22e2ca2ebf5fe0634a8e799c5e026821205c33d4e2ca386d71251683e55",
    "payload 0.0001": "97d0e9d90ef41c62739348ead7f077c074f4f1c139bf882d9b5a7f22f1bbcb13",
    "value 1e-4.5": "13ddfda2bcfe29b57f8d2f0788c00a7eede634d0d0b2e07b1d237d8246e22df8",
    "payload 1e-4.5": "b0bf565df0ae344e2902204b1d18596b51240ae1a1cb63642f5ac8e09a0e269e",
    "value 1e22": "d0bf1ced09406ca0aaa82d69567b544dd4a11408371cc6d3b56a255a07f958d0",
    "payload 1e22": "dbef8872793aae644cb569977056460cc47d92a7ecc75d3a0ac46d5c3aaaa8b2",
    "value 123456789012345678": "2518e6bb937ee5453cc5894d4f410669b21521b9c73c979eefad07433a767524",
    "payload 123456789012345678": "7eb76b92614cb39479dbc954ececd2180e0a3643f0ed304f07a8831979629e99",
    "lmt": "ce861a9e0770616499a80d7ff543a4b4292a1846135fed7408b0c130242c0b8d",
    "korean payload": "8898101b23a978da00b31be0477804d136faca1b1a67fcad267f7b272604ce54",
}


def test_content_hashes_never_change() -> None:
    found = {name: content_hash(rec) for name, rec in _golden_cases().items()}
    assert found == GOLDEN
