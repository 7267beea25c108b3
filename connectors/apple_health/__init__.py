"""Apple Health export: ``export.zip`` or its ``export.xml`` (iPhone "Export All Health Data").

The XML is stream-parsed with defusedxml's hardened expat driver: Apple's
internal DTD is accepted, but any entity declaration (billion laughs, XXE) or
external reference is refused.  No element tree is built: the expat callbacks
keep only the top-level element being read (a ``Record`` with its
``MetadataEntry`` children, a ``Workout`` with its events ...), so memory stays
flat whatever the size of the file.

What becomes what (see ``docs/apple-health.md`` for the full mapping):

* ``Record`` with ``HKQuantityTypeIdentifier...``: a numeric record (value + unit);
  ``HKCategoryTypeIdentifier...``: its category value as code/text;
* ``Correlation`` (blood pressure, food): one record listing its parts (the parts
  also appear as top-level ``Record`` elements, so they are not repeated);
* ``Workout``: duration as the value; distance, energy, events, statistics and
  routes in the payload; route GPX files (or inline ``Location`` points, old
  exports) as attachments;
* ``ActivitySummary``: one record per day (active energy as the value);
* ``Me``: date of birth, biological sex, blood type ... as ``profile`` records;
* ``clinical-records/*.json`` (FHIR) inside the zip: read by the FHIR connector
  through ``context.delegate``;
* ``electrocardiograms/ecg_*.csv`` (Apple Watch ECG): one ``HKElectrocardiogram``
  record each (header fields, sample count and rate in the payload), the CSV itself
  kept as a ``text/csv`` attachment so the waveform is not lost;
* ``export_cda.xml`` (an HL7 CDA copy of the same data): skipped with a reason when it
  sits beside export.xml; given on its own it ends with one error that says what to
  import instead.

Where things are: ``export`` (the zip or folder and what is in it), ``parser`` (export.xml
streamed through expat), ``builder`` (elements to records, dispatching to ``records``,
``workouts``, ``activity`` and ``me``), ``healthkit`` (type titles, value texts, dates),
``ecg``, ``clinical``, and ``connector`` (the connector class itself).
"""

from __future__ import annotations

from connectors.apple_health.connector import AppleHealthConnector
from connectors.apple_health.ecg import (
    ECG_KIND,
    MAX_ECG_BYTES,
    MAX_ECG_HEADER_LINE,
    MAX_ECG_HEADER_LINES,
    parse_ecg_csv,
)
from connectors.apple_health.export import (
    CDA_NAME,
    ECG_FOLDER,
    MAX_MEMBER_READ,
    MAX_UNCOMPRESSED,
)
from connectors.apple_health.healthkit import HEALTHKIT, humanize, parse_date
from connectors.apple_health.me import ME_KEY
from connectors.apple_health.parser import CHUNK, MAX_PROLOG, MAX_TAG_BYTES
from wallet.imports.archive import MAX_RATIO

__all__ = [
    "CDA_NAME",
    "CHUNK",
    "ECG_FOLDER",
    "ECG_KIND",
    "HEALTHKIT",
    "MAX_ECG_BYTES",
    "MAX_ECG_HEADER_LINE",
    "MAX_ECG_HEADER_LINES",
    "MAX_MEMBER_READ",
    "MAX_PROLOG",
    "MAX_RATIO",
    "MAX_TAG_BYTES",
    "MAX_UNCOMPRESSED",
    "ME_KEY",
    "AppleHealthConnector",
    "humanize",
    "parse_date",
    "parse_ecg_csv",
]
