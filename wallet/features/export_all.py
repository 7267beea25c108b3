"""Export everything: the whole vault as a folder of open formats a person can use without this program.

The folder holds (every path relative to it):

* ``README.txt`` - what each file is, in English and Korean;
* ``people.json`` - the people in the vault;
* ``health/fhir/<ResourceType>.ndjson`` - every FHIR resource exactly as it was imported, one
  file per resource type (FHIR Bulk Data's layout);
* ``health/derived/Observation.ndjson`` and ``Patient.ndjson`` - measurements from sources that
  are not FHIR (a watch, a phone) as FHIR Observations, where the measurement type has a LOINC code
  (:mod:`wallet.terms.measures`), in its canonical UCUM unit, with the Patient they refer to;
* ``health/ips/<person>.json`` - each person's International Patient Summary (the IPS document the
  share builds, :func:`wallet.features.share.ips.build_ips`);
* ``measurements.csv`` - every measurement once (the preferred source's reading of each group,
  :mod:`wallet.store.readings`), in canonical units, with the source;
* ``transactions.csv`` - bank and card transactions with running balances
  (:func:`wallet.features.finance.load_ledgers`), amounts as exact decimals with their currency;
* ``energy.csv`` - energy readings (Green Button);
* ``social.csv`` and ``social.ndjson`` - the social and entertainment records (plays, views, posts,
  activity), when there are any: one row each with its creator (artist, show, channel) and
  duration, and as JSON with the source's own fields;
* ``records.ndjson`` - every record as the wallet keeps it (so nothing is left out), its
  attached files named by their path in ``documents/``;
* ``documents/`` - the original document files, byte for byte;
* ``medical-id/<person>.fhir.json`` and ``.txt`` - each hand-entered Medical ID as a FHIR Bundle
  and as text;
* ``shares.ndjson`` - the signed consent receipts of the shares made (when any);
* ``signing-key.jwk.json`` - the public half of the vault's signing key;
* ``manifest.json`` - the SHA-256 and size of each file, signed as ``manifest.jws`` (ES256,
  compact JWS) with the vault's signing key, as share bundles and consent receipts are signed.

Each file leaves through :func:`wallet.store.files.write_out`, so each is in the audit log
(``export.file``; neither path nor name, which may name a person), and the export as a whole is
the entry ``export.all`` with counts.  The target must be a new or empty folder; if the export
fails half way, what it wrote is removed again.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import json
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wallet import __version__
from wallet.errors import WalletError
from wallet.features import medical_id
from wallet.features.finance import load_ledgers
from wallet.features.share import ips
from wallet.features.share.receipts import list_shares
from wallet.features.share.selection import is_fhir, ref_keys
from wallet.jose import public_jwk, sign_compact
from wallet.model import Domain, Person, Record
from wallet.store import series as series_store
from wallet.store.files import write_out
from wallet.store.signing_keys import holder_key
from wallet.terms.measures import BY_KEY, MeasurementType, type_label

if TYPE_CHECKING:
    from wallet.store.vault import Vault

FORMAT = "mydata-wallet/export-all/1"
UCUM = "http://unitsofmeasure.org"
BP_PANEL = "85354-9"
PAGE = 5000
"""Records are read this many at a time."""
LINES_PER_FILE = 200_000
"""A large output is split into files of this many lines (records.ndjson, records-0002.ndjson ...)."""

Progress = Callable[[int, int | None], None]

_FHIR_SQL = "r.domain IN ('health', 'profile') AND r.data->>'$.payload.resourceType' = r.kind"


# ------------------------------------------------------------------ the plan


@dataclass(frozen=True)
class ExportPlan:
    """What an export will write, in counts: shown before the person confirms."""

    persons: int
    records: int
    fhir: dict[str, int]
    measurements: int
    transactions: int
    energy: int
    documents: int
    document_bytes: int
    medical_ids: int
    shares: int
    social: int = 0
    samples: int = 0

    def lines(self) -> list[str]:
        """The plan as lines of text (the CLI prints them; the app shows them)."""
        fhir_total = sum(self.fhir.values())
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.fhir.items())) or "none"
        return [
            f"Everything in the vault of {self.persons} people ({self.records} records) will be written, "
            "unencrypted, to the folder:",
            f"  FHIR resources as imported: {fhir_total} ({kinds}), as NDJSON per resource type",
            f"  a Patient Summary (IPS) for each of the {self.persons} people",
            f"  measurements: {self.measurements} (CSV, and as FHIR Observations where a LOINC code exists)",
            f"  samples of watch and phone series: {self.samples} (CSV)",
            f"  transactions: {self.transactions} (CSV)",
            f"  energy readings: {self.energy} (CSV)",
            f"  social and entertainment records: {self.social} (CSV and NDJSON)",
            f"  document files: {self.documents} ({self.document_bytes:,} bytes), byte for byte",
            f"  Medical IDs: {self.medical_ids} (FHIR and text)",
            f"  consent receipts of shares: {self.shares}",
            "  every record as the wallet keeps it (records.ndjson), a README and a signed manifest",
            "Anyone who can read that folder can read all of it.",
        ]


def _scalar(vault: Vault, sql: str) -> int:
    return int(vault.conn.execute(sql).fetchone()[0] or 0)


def plan_export(vault: Vault) -> ExportPlan:
    """Count what :func:`export_all` will write."""
    fhir = {
        str(k): int(n)
        for k, n in vault.conn.execute(f"SELECT r.kind, count(*) FROM records r WHERE {_FHIR_SQL} GROUP BY r.kind")
    }
    return ExportPlan(
        persons=len(vault.persons()),
        records=_scalar(vault, "SELECT count(*) FROM records"),
        fhir=fhir,
        measurements=_scalar(vault, "SELECT count(*) FROM readings WHERE main"),
        transactions=_scalar(vault, "SELECT count(*) FROM records WHERE domain = 'finance' AND kind = 'transaction'"),
        energy=_scalar(vault, "SELECT count(*) FROM records WHERE domain = 'energy'"),
        documents=_scalar(vault, "SELECT count(*) FROM attachments"),
        document_bytes=_scalar(vault, "SELECT sum(length(data)) FROM attachments"),
        medical_ids=_scalar(
            vault,
            "SELECT count(DISTINCT person_id) FROM records WHERE connector = 'manual' "
            "AND EXISTS (SELECT 1 FROM json_each(records.data, '$.tags') WHERE value = 'medical-id')",
        ),
        shares=_scalar(vault, "SELECT count(*) FROM shares"),
        social=_scalar(vault, "SELECT count(*) FROM records WHERE domain = 'social'"),
        samples=vault.sample_count(),
    )


# ------------------------------------------------------------------ helpers


@dataclass
class ExportResult:
    """What was written: the folder, its files (relative paths, manifest last) and notes."""

    folder: Path
    export_id: str
    files: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)


def safe_name(text: str, limit: int = 80) -> str:
    """A file-name part from any text (Korean kept): no separators, no leading dot."""
    cleaned = re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("._") or "file"
    return cleaned[:limit]


def _json_bytes(value: Any) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _ndjson(values: list[dict[str, Any]]) -> bytes:
    return "".join(json.dumps(v, ensure_ascii=False, separators=(",", ":")) + "\n" for v in values).encode("utf-8")


def _csv(header: list[str], rows: list[list[Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")  # the BOM: spreadsheets then read UTF-8 (Korean)


def _text(value: Any) -> str:
    """A text cell of a CSV: a value that begins like a formula (``=``, ``+``, ``-``, ``@``, a tab or a
    carriage return; a bank memo can) gets a leading ``'``, so a spreadsheet shows it instead of running it."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _decimal(value: Decimal | None) -> str:
    return "" if value is None else format(value, "f")


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return format(Decimal(repr(float(value))).normalize(), "f")


def _iso_seconds(seconds: float) -> str:
    return datetime.fromtimestamp(seconds, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def media_type(path: str) -> str:
    """The media type the manifest gives a file, judged by its path."""
    if path.startswith("health/") and path.endswith(".ndjson"):
        return "application/fhir+ndjson"
    if path.startswith(("health/", "medical-id/")) and path.endswith(".json"):
        return "application/fhir+json"
    for ext, mt in (
        (".ndjson", "application/x-ndjson"),
        (".json", "application/json"),
        (".csv", "text/csv"),
        (".txt", "text/plain"),
        (".pdf", "application/pdf"),
        (".png", "image/png"),
        (".jpg", "image/jpeg"),
        (".jpeg", "image/jpeg"),
        (".heic", "image/heic"),
    ):
        if path.lower().endswith(ext):
            return mt
    return "application/octet-stream"


def _records(vault: Vault, person_id: str | None = None, **filters: Any) -> Iterator[Record]:
    """Records oldest first, read a page at a time."""
    offset = 0
    while True:
        page = vault.records(person_id=person_id, limit=PAGE, offset=offset, newest_first=False, **filters)
        yield from page
        if len(page) < PAGE:
            return
        offset += PAGE


class _Writer:
    """Writes the export's files through write_out, remembering them for the manifest (and for removal)."""

    def __init__(self, vault: Vault, folder: Path, export_id: str, progress: Progress | None) -> None:
        self.vault = vault
        self.folder = folder
        self.export_id = export_id
        self.progress = progress
        self.entries: list[dict[str, Any]] = []
        self.written: list[Path] = []
        self.folders: list[Path] = []
        self.total: int | None = None

    def path_for(self, rel: str) -> str:
        """``rel`` made unique among the files already written (``name_2.ext``)."""
        taken = {e["path"] for e in self.entries}
        if rel not in taken:
            return rel
        stem, dot, ext = rel.rpartition(".") if "." in rel.rsplit("/", 1)[-1] else (rel, "", "")
        n = 2
        while f"{stem}_{n}{dot}{ext}" in taken:
            n += 1
        return f"{stem}_{n}{dot}{ext}"

    def write(self, rel: str, data: bytes, *, action: str = "export.file", detail: dict[str, Any] | None = None) -> str:
        """Write one file (a unique ``rel`` is chosen); returns its relative path."""
        rel = self.path_for(rel)
        target = self.folder / rel
        for parent in reversed(target.relative_to(self.folder).parents):
            where = self.folder / parent
            if not where.exists():
                where.mkdir(mode=0o700)
                self.folders.append(where)
        info = {"export": self.export_id, **(detail or {})}
        written = write_out(self.vault, target, data, action=action, detail=info, record_path=False)
        self.written.append(written)
        self.entries.append(
            {"path": rel, "sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "media_type": media_type(rel)}
        )
        if self.progress is not None:
            self.progress(len(self.entries), self.total)
        return rel

    def remove(self) -> None:
        """Remove every file and folder written (an export that failed half way)."""
        for path in self.written:
            with contextlib.suppress(OSError):
                path.unlink()
        for where in reversed(self.folders):
            with contextlib.suppress(OSError):
                where.rmdir()


class _Lines:
    """A large NDJSON or CSV output, written in files of at most :data:`LINES_PER_FILE` lines
    (``measurements.csv``, then ``measurements-0002.csv`` ...), so memory stays flat."""

    def __init__(self, w: _Writer, rel: str, header: list[str] | None = None) -> None:
        self.w = w
        stem, _, self.ext = rel.rpartition(".")
        self.stem = stem
        self.header = header
        self.lines: list[Any] = []
        self.files = 0
        self.count = 0

    def add(self, line: Any) -> None:
        """One row (a list, for CSV) or one JSON object (NDJSON)."""
        self.lines.append(line)
        self.count += 1
        if len(self.lines) >= LINES_PER_FILE:
            self.flush()

    def flush(self) -> None:
        """Write what is held as the next file (the first one also when there is nothing)."""
        if not self.lines and self.files:
            return
        self.files += 1
        name = f"{self.stem}.{self.ext}" if self.files == 1 else f"{self.stem}-{self.files:04d}.{self.ext}"
        data = _csv(self.header, self.lines) if self.header is not None else _ndjson(self.lines)
        self.w.write(name, data)
        self.lines = []


def check_target(out: str | Path) -> tuple[Path, bool]:
    """The export folder (must be new or empty) and whether this call makes it."""
    folder = Path(out).expanduser()
    if folder.exists() and not folder.is_dir():
        raise WalletError(f"{folder} is a file; give a new or empty folder for the export")
    if folder.is_dir():
        if any(folder.iterdir()):
            raise WalletError(f"{folder} is not empty; give a new or empty folder for the export")
        return folder, False
    if not folder.parent.is_dir():
        raise WalletError(f"the folder {folder.parent} does not exist")
    return folder, True


# ------------------------------------------------------------------ the parts


def _person_folders(people: list[Person]) -> dict[str, str]:
    return {p.id: f"{i:02d}-{safe_name(p.label, 60)}" for i, p in enumerate(people, 1)}


def _documents(w: _Writer) -> dict[str, list[str]]:
    """Every attached file, byte for byte; returns the paths written by record id."""
    paths: dict[str, list[str]] = {}
    rows = w.vault.conn.execute("SELECT rowid, record_id, name FROM attachments ORDER BY rowid").fetchall()
    for rowid, rid, name in rows:
        data = w.vault.conn.execute("SELECT data FROM attachments WHERE rowid = ?", (rowid,)).fetchone()[0]
        rel = w.write(f"documents/{rid[:12]}-{safe_name(name)}", bytes(data))
        paths.setdefault(rid, []).append(rel)
    return paths


def _fhir_as_imported(w: _Writer) -> int:
    by_type: dict[str, list[dict[str, Any]]] = {}
    for rec in _records(w.vault):
        if rec.domain in (Domain.HEALTH, Domain.PROFILE) and rec.payload.get("resourceType") == rec.kind:
            by_type.setdefault(rec.kind, []).append(rec.payload)
    for kind in sorted(by_type):
        w.write(f"health/fhir/{safe_name(kind)}.ndjson", _ndjson(by_type[kind]))
    return sum(len(v) for v in by_type.values())


_READINGS_SQL = (
    "SELECT x.person_id, x.mtype, x.t0, x.t1, x.value, x.value2, x.unit, x.source, r.id, "
    "coalesce(r.data->>'$.start', r.start), (r.data->>'$.payload.resourceType' = r.kind) "
    "FROM readings AS x JOIN records AS r ON r.rowid = x.rid WHERE x.main ORDER BY x.person_id, x.mtype, x.t0"
)


def _observation(
    person_id: str, t: MeasurementType, t0: float, t1: float, value: float, value2: float | None, unit: str
) -> dict[str, Any]:
    """A measurement from a source that is not FHIR, as a FHIR Observation (LOINC code, UCUM unit)."""
    res: dict[str, Any] = {
        "resourceType": "Observation",
        "id": uuid.uuid4().hex,
        "status": "final",
        "subject": {"reference": f"Patient/{person_id}"},
    }
    if t1 > t0:
        res["effectivePeriod"] = {"start": _iso_seconds(t0), "end": _iso_seconds(t1)}
    else:
        res["effectiveDateTime"] = _iso_seconds(t0)

    def quantity(v: float) -> dict[str, Any]:
        return {"value": v, "unit": t.display, "system": UCUM, "code": unit}

    if t.paired and value2 is not None and len(t.loinc) >= 2:
        res["code"] = {"coding": [{"system": ips.LOINC, "code": BP_PANEL}], "text": t.name}
        res["component"] = [
            {"code": {"coding": [{"system": ips.LOINC, "code": t.loinc[0]}]}, "valueQuantity": quantity(value)},
            {"code": {"coding": [{"system": ips.LOINC, "code": t.loinc[1]}]}, "valueQuantity": quantity(value2)},
        ]
    else:
        res["code"] = {"coding": [{"system": ips.LOINC, "code": t.loinc[0]}], "text": t.name}
        res["valueQuantity"] = quantity(value)
    return res


MEASUREMENT_COLUMNS = [
    "person",
    "measurement",
    "measurement_key",
    "start_utc",
    "end_utc",
    "start_as_recorded",
    "value",
    "value2",
    "unit_ucum",
    "source",
    "record_id",
]


def _measurements(w: _Writer, people: dict[str, Person], labels: dict[str, str]) -> tuple[int, int]:
    """measurements.csv (each reading once) and the derived FHIR Observations; returns their counts."""
    from wallet.features.measurements import source_label

    rows = _Lines(w, "measurements.csv", MEASUREMENT_COLUMNS)
    observations = _Lines(w, "health/derived/Observation.ndjson")
    subjects: set[str] = set()
    source_names: dict[str, str] = {}
    for pid, key, t0, t1, value, value2, unit, src, rid, own, from_fhir in w.vault.conn.execute(_READINGS_SQL):
        name = source_names.get(src)
        if name is None:
            name = source_names[src] = source_label(w.vault, src)
        t = BY_KEY.get(key)
        rows.add(
            [
                _text(labels.get(pid, pid)),
                type_label(key),
                key,
                _iso_seconds(t0),
                _iso_seconds(t1) if t1 > t0 else "",
                own or "",
                _number(value),
                _number(value2),
                unit or "",
                _text(name),
                rid,
            ]
        )
        if not from_fhir and t is not None and t.loinc and value is not None and unit == t.unit:
            res = _observation(pid, t, t0, t1, value, value2, unit)
            try:
                ips.validate(res)
            except ips.FhirOutputError:
                continue
            observations.add(res)
            subjects.add(pid)
    rows.flush()
    if observations.count:
        patients = []
        for pid in sorted(subjects):
            person = people.get(pid)
            if person is not None:
                patients.append(ips.patient_resource(person, [], frozenset(), f"urn:uuid:{pid}", ips=False))
        w.write("health/derived/Patient.ndjson", _ndjson(patients))
        observations.flush()
    return rows.count, observations.count


SAMPLE_COLUMNS = [
    *MEASUREMENT_COLUMNS[:7],  # person ... value, as in measurements.csv
    "unit_ucum",
    "value_as_recorded",
    "unit_as_recorded",
    "source",
    "kind",
    "series",
    "extra",
]


def _samples(w: _Writer, labels: dict[str, str]) -> int:
    """samples.csv: every sample of every series (heart rate, steps ... from watches and phones), in canonical
    units and as recorded; returns how many.  Read series by series from the store, so memory stays flat."""
    from wallet.features.measurements import source_label

    rows = _Lines(w, "samples.csv", SAMPLE_COLUMNS)
    for info in w.vault.series_list():
        scale, offs = w.vault.conn.execute("SELECT scale, offs FROM series WHERE id = ?", (info.id,)).fetchone()
        name = _text(source_label(w.vault, info.source))
        measurement = type_label(info.mtype)
        for t0, t1, value, tz, extra in series_store.iter_samples(w.vault.conn, info.id):
            zone = timezone(timedelta(minutes=tz)) if tz is not None else UTC
            rows.add(
                [
                    _text(labels.get(info.person_id, info.person_id)),
                    measurement,
                    info.mtype,
                    _iso_seconds(t0),
                    _iso_seconds(t1) if t1 is not None else "",
                    datetime.fromtimestamp(t0, zone).isoformat(),
                    _number(value * scale + offs),
                    info.canonical_unit or "",
                    _number(value),
                    _text(info.unit or ""),
                    name,
                    info.kind,
                    info.id,
                    _text(extra or ""),
                ]
            )
    rows.flush()
    return rows.count


def _transactions(w: _Writer, people: list[Person], labels: dict[str, str]) -> int:
    rows: list[list[Any]] = []
    for person in people:
        for ledger in load_ledgers(w.vault, person.id):
            for row in ledger.rows:
                rows.append(
                    [
                        _text(labels[person.id]),
                        _text(ledger.account.label),
                        row.currency,
                        row.day.isoformat(),
                        row.when.isoformat(),
                        _text(row.payee),
                        _text(row.memo),
                        _decimal(row.amount),
                        _decimal(row.balance),
                        _decimal(row.stated_balance),
                        _text(row.source),
                        row.record_id,
                    ]
                )
    header = [
        "person",
        "account",
        "currency",
        "date",
        "time",
        "payee",
        "memo",
        "amount",
        "balance_after",
        "balance_stated_by_source",
        "source",
        "record_id",
    ]
    w.write("transactions.csv", _csv(header, rows))
    return len(rows)


def _energy(w: _Writer, people: list[Person], labels: dict[str, str]) -> int:
    rows: list[list[Any]] = []
    for person in people:
        for rec in _records(w.vault, person.id, domain=Domain.ENERGY):
            p = rec.payload
            cost = p.get("cost")
            rows.append(
                [
                    _text(labels[person.id]),
                    rec.kind,
                    _text(p.get("commodity") or ""),
                    rec.start.isoformat() if rec.start else "",
                    rec.end.isoformat() if rec.end else "",
                    _number(rec.value),
                    rec.unit or "",
                    "" if cost is None else str(cost),
                    p.get("currency") or "",
                    p.get("accumulation") or "",
                    _text(rec.provenance.source_name or ""),
                    rec.id,
                ]
            )
    header = [
        "person",
        "kind",
        "commodity",
        "start",
        "end",
        "value",
        "unit",
        "cost",
        "currency",
        "accumulation",
        "source",
        "record_id",
    ]
    w.write("energy.csv", _csv(header, rows))
    return len(rows)


SOCIAL_COLUMNS = [
    "person",
    "kind",
    "title",
    "creator",
    "start",
    "end",
    "duration_seconds",
    "source",
    "record_id",
]
"""The columns of ``social.csv``."""


def _social(w: _Writer, people: list[Person], labels: dict[str, str]) -> int:
    """social.csv and social.ndjson (only when the vault holds social and entertainment records)."""
    rows = _Lines(w, "social.csv", SOCIAL_COLUMNS)
    lines = _Lines(w, "social.ndjson")
    for person in people:
        for rec in _records(w.vault, person.id, domain=Domain.SOCIAL):
            seconds = (rec.end - rec.start).total_seconds() if rec.start and rec.end else None
            creator = rec.payload.get("creator")
            rows.add(
                [
                    _text(labels[person.id]),
                    rec.kind,
                    _text(rec.title),
                    _text(creator if isinstance(creator, str) else ""),
                    rec.start.isoformat() if rec.start else "",
                    rec.end.isoformat() if rec.end else "",
                    _number(seconds),
                    _text(rec.provenance.source_name or ""),
                    rec.id,
                ]
            )
            lines.add(
                {
                    "person": labels[person.id],
                    "kind": rec.kind,
                    "title": rec.title,
                    "start": rec.start.isoformat() if rec.start else None,
                    "end": rec.end.isoformat() if rec.end else None,
                    "source": rec.provenance.source_name,
                    "record_id": rec.id,
                    "data": rec.payload,
                }
            )
    if rows.count:
        rows.flush()
        lines.flush()
    return rows.count


def _ips(w: _Writer, people: list[Person], folders: dict[str, str], now: datetime, notes: list[str]) -> int:
    done = 0
    for person in people:
        records = [r for r in _records(w.vault, person.id) if is_fhir(r)]  # the IPS holds FHIR records only
        patients = [r for r in records if r.kind == "Patient" and r.payload]
        keys: set[str] = set()
        for p in patients:
            keys |= ref_keys(p)
            if p.subject_key:
                keys.add(p.subject_key)
        try:
            bundle, _skipped = ips.build_ips(
                person, [p.payload for p in patients], keys, records, frozenset(), str(uuid.uuid4()), now
            )
        except ips.FhirOutputError as exc:
            notes.append(f"the Patient Summary of {folders[person.id]} could not be made: {exc}")
            continue
        w.write(f"health/ips/{folders[person.id]}.json", _json_bytes(bundle))
        done += 1
    return done


def _medical_id_text(person: Person, mid: medical_id.MedicalId) -> str:
    lines = [f"Medical ID - {person.label}", ""]
    if mid.blood_type:
        lines.append(f"Blood type: {mid.blood_type}")
    if mid.organ_donor is not None:
        lines.append(f"Organ donor: {'yes' if mid.organ_donor else 'no'}")
    if mid.preferred_language:
        lines.append(f"Preferred language: {mid.preferred_language}")
    for title, items in (
        ("Allergies", mid.allergies),
        ("Conditions", mid.conditions),
        ("Medications", mid.medications),
        ("Medical devices", mid.devices),
        ("Emergency contacts", mid.contacts),
        ("Advance directives", mid.advance_directives),
    ):
        if not items:
            continue
        lines += ["", f"{title}:"]
        for item in items:
            parts = [f"{k}: {v}" for k, v in item.model_dump(mode="json").items() if v not in (None, "", [])]
            lines.append("  - " + "; ".join(" / ".join(str(p).splitlines()) for p in parts))
    if mid.notes:
        lines += ["", "Notes:", *("  " + line for line in mid.notes.splitlines())]
    return "\n".join(lines) + "\n"


def _medical_ids(w: _Writer, people: list[Person], folders: dict[str, str], notes: list[str]) -> int:
    done = 0
    for person in people:
        mid = medical_id.load(w.vault, person.id)
        if mid.is_empty():
            continue
        entries = []
        for rec in medical_id.to_records(person.id, mid):
            res = rec.payload
            if not isinstance(res.get("resourceType"), str):
                continue  # notes and advance directives: no FHIR resource fits them (they are in the text)
            try:
                ips.validate(res)
            except ips.FhirOutputError as exc:
                notes.append(
                    f"a Medical ID entry of {folders[person.id]} is not valid FHIR and is in the text only: {exc}"
                )
                continue
            entries.append({"fullUrl": f"urn:uuid:{uuid.uuid4()}", "resource": res})
        bundle = {"resourceType": "Bundle", "id": str(uuid.uuid4()), "type": "collection", "entry": entries}
        w.write(f"medical-id/{folders[person.id]}.fhir.json", _json_bytes(bundle))
        w.write(f"medical-id/{folders[person.id]}.txt", _medical_id_text(person, mid).encode("utf-8"))
        done += 1
    return done


def _all_records(w: _Writer, documents: dict[str, list[str]]) -> int:
    lines = _Lines(w, "records.ndjson")
    for rec in _records(w.vault):
        item = rec.model_dump(mode="json", exclude={"attachments"})
        item["documents"] = documents.get(rec.id, [])
        lines.add(item)
    lines.flush()
    return lines.count


def _shares(w: _Writer) -> int:
    shares = list_shares(w.vault)
    if not shares:
        return 0
    lines = [
        {
            "id": s.id,
            "created": s.created,
            "status": s.effective_status,
            "withdrawn": s.withdrawn,
            "recipient": s.recipient,
            "purpose": s.purpose,
            "receipt": s.receipt,
            "receipt_jws": s.receipt_jws,
            "withdrawal_jws": s.withdrawal_jws,
        }
        for s in shares
    ]
    w.write("shares.ndjson", _ndjson(lines))
    return len(lines)


README = """\
MyData Wallet - everything exported
===================================

This folder holds everything that was in a MyData Wallet vault on {day}, in open formats
that other programs read. It is NOT encrypted: keep it somewhere safe, or delete it when done.

  README.txt                      this file
  people.json                     the people in the vault (JSON)
  health/fhir/<Type>.ndjson       health records exactly as they were imported, FHIR R4, one
                                  resource per line (NDJSON), one file per resource type
  health/derived/*.ndjson         measurements from watches, phones and other sources that are
                                  not FHIR, as FHIR Observations (LOINC code, UCUM unit)
  health/ips/<person>.json        each person's International Patient Summary (FHIR document)
  measurements.csv                every measurement once (the preferred source when several
                                  gave the same one), in standard units, with its source
  samples.csv                     every sample of the dense series from watches and phones (heart
                                  rate, steps, energy ...): start, value in standard units and as
                                  recorded, source; a few samples' extra attributes as JSON
  transactions.csv                bank and card transactions; amounts are exact decimals in the
                                  currency of the "currency" column, negative for money out
  energy.csv                      energy readings (Green Button)
  social.csv, social.ndjson       social and entertainment records (plays, views, posts), when any
  records.ndjson                  every record as the wallet keeps it, with its attached files
  documents/                      the original document files (PDF, photos), byte for byte
  medical-id/<person>.fhir.json   the hand-entered Medical ID as FHIR, and as text (.txt)
  shares.ndjson                   signed consent receipts of what was shared (when any)
  manifest.json                   the SHA-256 and size of every file
  manifest.jws                    manifest.json signed (ES256, compact JWS) with the key in
                                  signing-key.jwk.json (key id {kid})

The CSV files are UTF-8 (with a byte-order mark, so spreadsheets show Korean correctly),
comma-separated, with a header row. Times ending in Z are UTC. A very large file is split every
200,000 lines: records.ndjson, then records-0002.ndjson, and so on. A text cell (a payee, a memo)
that begins with = + - or @ is written with a ' in front, so that a spreadsheet does not run it as
a formula; the exact text is in records.ndjson.

To check that nothing was changed: compute the SHA-256 of each file (sha256sum on Linux,
shasum -a 256 on macOS, Get-FileHash in PowerShell) and compare it with manifest.json.

마이데이터 지갑 - 전체 내보내기
==============================

이 폴더에는 {day}에 마이데이터 지갑 금고에 있던 모든 정보가 다른 프로그램에서도 읽을 수 있는
공개 형식으로 들어 있습니다. 이 폴더는 암호화되어 있지 않습니다. 안전한 곳에 보관하거나, 다 쓰고
나면 삭제하세요.

  README.txt                      이 파일
  people.json                     금고의 사람들 (JSON)
  health/fhir/<유형>.ndjson        가져온 그대로의 건강 기록 (FHIR R4, 한 줄에 자원 하나, 자원 유형별 파일)
  health/derived/*.ndjson         워치, 휴대폰 등 FHIR가 아닌 출처의 측정값을 FHIR Observation으로
                                  (LOINC 코드, UCUM 단위)
  health/ips/<사람>.json           사람별 국제 환자 요약(IPS, FHIR 문서)
  measurements.csv                모든 측정값 (여러 출처가 같은 값을 준 경우 우선 출처의 값 하나),
                                  표준 단위와 출처 포함
  samples.csv                     워치·휴대폰의 촘촘한 연속 측정값(심박수, 걸음 수, 에너지 등) 전부:
                                  시작 시각, 표준 단위 값과 기록된 그대로의 값, 출처
  transactions.csv                은행·카드 거래 내역. 금액은 "currency" 열의 통화로 된 정확한 십진수이며,
                                  지출은 음수
  energy.csv                      에너지 사용량 (그린 버튼)
  social.csv, social.ndjson       소셜·엔터테인먼트 기록 (재생, 시청, 게시물), 있는 경우
  records.ndjson                  지갑이 보관하던 모든 기록과 첨부 파일 경로
  documents/                      원본 문서 파일 (PDF, 사진), 바이트 그대로
  medical-id/<사람>.fhir.json      직접 입력한 의료 정보(Medical ID)의 FHIR 형식, 그리고 텍스트 (.txt)
  shares.ndjson                   공유 내역의 서명된 동의 영수증 (있는 경우)
  manifest.json                   모든 파일의 SHA-256 값과 크기
  manifest.jws                    signing-key.jwk.json의 키(키 ID {kid})로 서명한 manifest.json
                                  (ES256, compact JWS)

CSV 파일은 UTF-8(BOM 포함, 스프레드시트에서 한글이 바르게 보입니다), 쉼표 구분, 머리글 행이 있습니다.
Z로 끝나는 시각은 UTC입니다. 아주 큰 파일은 200,000줄마다 나뉩니다: records.ndjson, records-0002.ndjson 등.
= + - @ 로 시작하는 텍스트 칸(거래처, 메모)은 스프레드시트가 수식으로 실행하지 않도록 앞에 ' 를 붙였습니다.
정확한 원문은 records.ndjson에 있습니다.

변경 여부 확인: 각 파일의 SHA-256(리눅스 sha256sum, 맥 shasum -a 256, PowerShell Get-FileHash)을
계산하여 manifest.json과 비교하세요.
"""


# ------------------------------------------------------------------ the export


def export_all(
    vault: Vault, out: str | Path, *, progress: Progress | None = None, now: datetime | None = None
) -> ExportResult:
    """Write everything in the vault to the new or empty folder ``out``; call only after confirmation.

    Every file is audited as it is written (:func:`wallet.store.files.write_out`), and the export
    as a whole (``export.all``, counts only).  On failure what was written is removed again and
    the error is raised (WalletError with a readable message for a full disk or a folder that
    cannot be written).
    """
    folder, make = check_target(out)
    now = now or datetime.now(UTC)
    export_id = uuid.uuid4().hex
    result = ExportResult(folder=folder, export_id=export_id)
    if make:
        try:
            folder.mkdir(mode=0o700)
        except OSError as exc:
            raise WalletError(f"cannot make the folder {folder}: {exc.strerror or exc}") from exc
    w = _Writer(vault, folder, export_id, progress)
    try:
        plan = plan_export(vault)
        w.total = plan.documents + len(plan.fhir) + 3 * plan.persons + 12  # about: progress, not a promise
        key = holder_key(vault)
        pub = public_jwk(key)
        people = vault.persons()
        by_id = {p.id: p for p in people}
        folders = _person_folders(people)
        labels = {p.id: p.label for p in people}
        notes = result.notes
        w.write("README.txt", README.format(day=now.date().isoformat(), kid=pub["kid"]).encode("utf-8"))
        w.write("people.json", _json_bytes([p.model_dump(mode="json") for p in people]))
        documents = _documents(w)
        counts = {"persons": len(people), "documents": sum(len(v) for v in documents.values())}
        counts["fhir_resources"] = _fhir_as_imported(w)
        counts["measurements"], counts["derived_observations"] = _measurements(w, by_id, labels)
        counts["samples"] = _samples(w, labels)
        counts["transactions"] = _transactions(w, people, labels)
        counts["energy_readings"] = _energy(w, people, labels)
        counts["social_records"] = _social(w, people, labels)
        counts["patient_summaries"] = _ips(w, people, folders, now, notes)
        counts["medical_ids"] = _medical_ids(w, people, folders, notes)
        counts["shares"] = _shares(w)
        counts["records"] = _all_records(w, documents)
        w.write("signing-key.jwk.json", _json_bytes(pub))
        manifest = {
            "format": FORMAT,
            "export_id": export_id,
            "created": now.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
            "generator": f"MyData Wallet {__version__}",
            "vault_id": vault.keyfile.vault_id,
            "key_thumbprint": pub["kid"],
            "counts": counts,
            "files": list(w.entries),
        }
        manifest_bytes = _json_bytes(manifest)
        w.write("manifest.json", manifest_bytes)
        jws = sign_compact(manifest_bytes, key, typ="JWS", cty="application/json")
        w.write(
            "manifest.jws",
            jws.encode("ascii"),
            action="export.all",
            detail={"files": len(w.entries) + 1, **counts},
        )
    except BaseException:
        w.remove()
        if make:
            with contextlib.suppress(OSError):
                folder.rmdir()
        with contextlib.suppress(Exception):  # the files the log lists as written were removed again
            vault.audit("export.failed", {"export": export_id, "removed": len(w.written)})
        raise
    result.files = [e["path"] for e in w.entries]
    result.counts = counts
    return result
