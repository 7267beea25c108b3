"""Sample streams: dense measurements a connector hands over as series, not as records.

A heavy watch user's export holds millions of heart-rate, step and energy samples.  Each one as a
:class:`~wallet.model.Record` (a validated model, a JSON payload, a random id, five indexes and a
search entry) costs more than the whole sample is worth; so a connector that meets such a stream
yields :class:`Samples` instead: many samples of one series (one person, kind, source and unit),
each as a plain tuple, stored compactly by :mod:`wallet.store.series`.

Which kinds are streams is the connector's choice; :data:`STREAM_KINDS` lists the kinds the
bundled connectors mark (and which an older vault's records are moved into series for, schema 7).
Clinical measurements (blood pressure, weight, glucose, a lab's heart rate) stay records: one
reading each, shown and shared one by one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from wallet.model import Domain, PersonHint, Provenance, Record

_HK = "HKQuantityTypeIdentifier"

STREAM_KINDS: frozenset[str] = frozenset(
    f"{_HK}{name}"
    for name in (
        "HeartRate",
        "StepCount",
        "ActiveEnergyBurned",
        "BasalEnergyBurned",
        "DistanceWalkingRunning",
        "DistanceCycling",
        "DistanceSwimming",
        "DistanceWheelchair",
        "FlightsClimbed",
        "OxygenSaturation",
        "RespiratoryRate",
        "AppleStandTime",
        "AppleExerciseTime",
        "PhysicalEffort",
        "WalkingSpeed",
        "WalkingStepLength",
        "WalkingAsymmetryPercentage",
        "WalkingDoubleSupportPercentage",
        "RunningSpeed",
        "RunningPower",
        "RunningStrideLength",
        "RunningVerticalOscillation",
        "RunningGroundContactTime",
        "CyclingSpeed",
        "CyclingPower",
        "CyclingCadence",
        "EnvironmentalAudioExposure",
        "HeadphoneAudioExposure",
        "EnvironmentalSoundReduction",
        "SwimmingStrokeCount",
        "PushCount",
        "TimeInDaylight",
    )
)
"""Apple Health quantity types that come as dense streams (minutes apart, thousands a day)."""

Row = tuple[float, float | None, float, int | None, str | None]
"""One sample: start (Unix seconds), end (None for an instant), value, the source's UTC offset in
minutes at that time (None: UTC), and its meaningful extra attributes as compact JSON (or None)."""


@dataclass(slots=True, eq=False)
class Samples:
    """Samples of one series, in the order read: one person, kind, source (what measured) and unit.

    ``source`` is what produced the samples as the source names it (Apple Health's sourceName),
    the same key the readings layer uses, so the person's order of sources applies to both.
    ``meta`` holds what is the same for every sample here (the device description, the
    source's version); it is kept once per series.
    """

    domain: Domain
    kind: str
    title: str
    unit: str | None
    source: str
    provenance: Provenance
    rows: list[Row] = field(default_factory=list)
    code_system: str | None = None
    code: str | None = None
    meta: dict[str, str] = field(default_factory=dict)
    person_id: str | None = None
    subject_key: str | None = None
    person_hint: PersonHint | None = None

    def __len__(self) -> int:
        return len(self.rows)


def sample_records(samples: Samples) -> Iterator[Record]:
    """Each sample as the record it would have been (start and end in the source's own zone, the value and unit,
    the series' source and device, the sample's extra attributes as ``metadata``): for sharing a few samples,
    showing one, and for tests.  Records made here are not stored."""
    from wallet.model import Record  # the model imports nothing of this module; kept lazy for start-up

    base: dict[str, Any] = {"sourceName": samples.source, **samples.meta}
    for t0, t1, value, tz, extra in samples.rows:
        zone = timezone(timedelta(minutes=tz)) if tz is not None else UTC
        start = datetime.fromtimestamp(t0, zone)
        payload = dict(base)
        if extra:
            payload["metadata"] = json.loads(extra)
        yield Record(
            domain=samples.domain,
            kind=samples.kind,
            title=samples.title,
            start=start,
            end=start if t1 is None else datetime.fromtimestamp(t1, zone),
            value=value,
            unit=samples.unit,
            code_system=samples.code_system,
            code=samples.code,
            payload=payload,
            provenance=samples.provenance,
            person_id=samples.person_id,
            subject_key=samples.subject_key,
        )
