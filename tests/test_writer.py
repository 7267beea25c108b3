"""Imports written on a writer thread, in JSON batches: what a user relies on stays true.

The pipeline hands records to :class:`wallet.imports.writer.RecordWriter`, which writes them on a
second thread in transactions of ``batch_size`` records, each made of chunks of
``CHUNK_ROWS`` records sent to SQLite as one JSON text (:class:`wallet.store.rows.RowBatch`).
These tests use small batches and chunks so that one small input crosses every boundary,
and real vaults throughout: counts and deduplication, the search index, attachments, a
SQLite error on the writer thread, a connector that fails, cancel, odd values and text,
people, and the same vault with the thread as without it.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import json
import math
import threading
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, TypeVar

import pytest
import sqlcipher3
from conftest import PASSPHRASE
from test_pipeline import LIZ, Numbers

from wallet import limits
from wallet.errors import ConnectorError, WalletError
from wallet.imports import pipeline, writer
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.imports.pipeline import import_source, run_import
from wallet.model import Attachment, Domain, ImportReport, Person, Provenance, Record, SkippedItem
from wallet.store.keys import KdfParams
from wallet.store.vault import RowBatch, Vault

T = TypeVar("T")
WHEN = datetime(2021, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
HANG_SECONDS = 60.0
"""Far longer than any import here takes (well under a second each), even on a busy machine."""


# ----------------------------------------------------------------------------- helpers
def bounded(fn: Callable[[], T], seconds: float = HANG_SECONDS) -> T:
    """Run ``fn`` (an import) on a thread; fail the test, instead of hanging it, if it never ends."""
    box: dict[str, Any] = {}

    def run() -> None:
        try:
            box["result"] = fn()
        except BaseException as exc:  # handed back to the test's thread
            box["error"] = exc

    thread = threading.Thread(target=run, name="test-import", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        pytest.fail(f"the import did not end within {seconds:.0f} s: it hangs")
    if "error" in box:
        raise box["error"]
    return box["result"]


def writer_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name == "mydata-wallet-writer" and t.is_alive()}


def small_chunks(monkeypatch: pytest.MonkeyPatch, rows: int) -> None:
    """Hand records to the writer in chunks of ``rows``, so that a batch is several statements."""
    monkeypatch.setattr(writer, "CHUNK_ROWS", rows)


def writer_mode(monkeypatch: pytest.MonkeyPatch, background: bool) -> None:
    """Make the pipeline write on a second thread (as it does) or on the caller's thread."""
    monkeypatch.setattr(pipeline, "RecordWriter", functools.partial(writer.RecordWriter, background=background))


def make(
    key: str,
    kind: str = "x",
    *,
    attachments: Sequence[tuple[str, bytes]] = (),
    value: float | None = None,
    source: str = "list.txt",
) -> Record:
    """A record whose content is decided by ``key`` (same key, same content: a duplicate)."""
    return Record(
        domain=Domain.HEALTH,
        kind=kind,
        title=f"item-{key}",
        start=WHEN,
        value=value,
        payload={"key": key},
        attachments=[
            Attachment(name=name, media_type="application/octet-stream", data=data) for name, data in attachments
        ],
        provenance=Provenance(connector_id="listed", connector_version="1", source_name=source),
    )


class _TakesAnything(Connector):
    """The part the test connectors share: any source is theirs."""

    domains = (Domain.HEALTH,)
    accepts = "anything"

    def identify(self, source: Source) -> bool:
        """Everything."""
        return True


class Listed(_TakesAnything):
    """A test connector yielding the records ``build`` makes (new objects on every read)."""

    id = "listed"
    name = "Listed"

    def __init__(
        self,
        build: Callable[[], list[Record | SkippedItem]],
        fail_after: int | None = None,
        error: Exception | None = None,
    ) -> None:
        super().__init__()
        self.build, self.fail_after, self.error = build, fail_after, error

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        items = self.build()
        for i, item in enumerate(items):
            if i == self.fail_after:
                raise self.error or ConnectorError(f"{source.name}: broken at item {i}")
            context.progress(i + 1, len(items))
            yield item


def run_listed(
    vault: Vault,
    build: Callable[[], list[Record | SkippedItem]],
    batch_size: int,
    name: str = "list.txt",
    **kwargs: Any,
) -> ImportReport:
    connector = Listed(build, **kwargs)
    # the "file" is what the connector will yield: another list is another file (the same file again is not
    # read again once imported completely: wallet.imports.pipeline._done_before)
    data = ("listed:" + "|".join(repr(getattr(i, "payload", i)) for i in build())).encode()
    return bounded(
        lambda: run_import(vault, connector, Source(data=data, name=name), ImportContext(), batch_size=batch_size)
    )


def snapshot(v: Vault) -> dict[str, Any]:
    """Everything an import writes, row by row (imports and the audit log aside)."""
    conn = v.conn
    return {
        "records": conn.execute(
            "SELECT rowid, id, person_id, content_hash, import_id, data FROM records ORDER BY rowid"
        ).fetchall(),
        "search": conn.execute("SELECT rowid FROM records_fts ORDER BY rowid").fetchall(),
        "attachments": conn.execute("SELECT record_id, name, sha256 FROM attachments ORDER BY rowid").fetchall(),
        "persons": sorted(p.model_dump_json() for p in v.persons()),
        "origins": conn.execute("SELECT * FROM origins ORDER BY id").fetchall(),
    }


def assert_search_index_sound(v: Vault) -> None:
    """One search row per record, no more, and each on its record's rowid."""
    conn = v.conn
    n = v.count()
    assert conn.execute("SELECT count(*) FROM records_fts").fetchone()[0] == n
    joined = conn.execute("SELECT count(*) FROM records_fts f JOIN records r ON r.rowid = f.rowid").fetchone()[0]
    assert joined == n
    assert v.check() == []


def by_key(v: Vault) -> dict[str, Record]:
    return {r.payload["key"]: r for r in v.records() if "key" in r.payload}


def import_row(v: Vault) -> dict[str, Any]:
    """The newest import's row (its status and stored report)."""
    return v.imports()[0]


# ----------------------------------------------------------------------------- counts and dedup
# chunks of 3, transactions of 6 (two chunks each); "o" keys are in the vault already
SEQUENCE = [
    # transaction 1
    ("n1", "x"), ("n1", "x"), ("o1", "x"),  # chunk 1: n1 twice in one chunk, o1 already in the vault
    ("n2", "y"), ("n1", "x"), ("o2", "y"),  # chunk 2: n1 again, across chunks of one transaction
    # transaction 2
    ("n3", "y"), ("n2", "y"), ("n4", "x"),  # chunk 3: n2 again, across transactions
    ("o1", "x"), ("n5", "z"), ("n5", "z"),  # chunk 4
    # transaction 3, one short chunk
    ("n6", "x"), ("n3", "y"),
]  # fmt: skip
OLD = [("o1", "x"), ("o2", "y"), ("o3", "y")]


def mixed() -> list[Record | SkippedItem]:
    items: list[Record | SkippedItem] = [make(key, kind) for key, kind in SEQUENCE]
    items.insert(7, SkippedItem(where="item 7", reason="unreadable"))  # a skipped item counts as no record
    return items


@pytest.mark.parametrize("background", [True, False], ids=["writer-thread", "same-thread"])
@pytest.mark.slow
def test_counts_with_repeats_in_a_chunk_across_chunks_and_across_transactions(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, background: bool
) -> None:
    small_chunks(monkeypatch, 3)
    writer_mode(monkeypatch, background)
    first = run_listed(
        vault, lambda: [make(k, kind, source="old.txt") for k, kind in OLD], batch_size=6, name="old.txt"
    )
    assert (first.added, first.duplicates) == (3, 0)
    threads_before = writer_threads()

    report = run_listed(vault, mixed, batch_size=6)

    new = {key: kind for key, kind in SEQUENCE if key.startswith("n")}
    expected_kinds: dict[str, int] = {}
    for kind in new.values():
        expected_kinds[kind] = expected_kinds.get(kind, 0) + 1
    assert report.added == len(new) == 6
    assert report.duplicates == len(SEQUENCE) - len(new)
    assert report.by_kind == expected_kinds
    assert [s.where for s in report.skipped] == ["item 7"]
    assert vault.count() == len(OLD) + len(new)
    assert vault.count(source="list.txt") == len(new)  # the old records stay the old import's
    stored = import_row(vault)
    assert stored["status"] == "done"
    assert (stored["report"]["added"], stored["report"]["duplicates"]) == (report.added, report.duplicates)
    assert writer_threads() <= threads_before  # the writer thread has ended

    # every new record is found by search, once
    for key in new:
        assert [r.payload["key"] for r in vault.search(f"item-{key}")] == [key]
    assert_search_index_sound(vault)

    again = run_listed(vault, mixed, batch_size=6)
    assert (again.added, again.duplicates, again.by_kind) == (0, len(SEQUENCE), {})
    assert vault.count() == len(OLD) + len(new)
    assert_search_index_sound(vault)


@pytest.mark.slow
def test_default_sizes_many_chunks_and_transactions(vault: Vault) -> None:
    """Production sizes: 25,000 records (a transaction of ten chunks, then one of three), 10,000 repeats."""
    n, unique = 25000, 15000

    def build() -> list[Record | SkippedItem]:
        return [make(f"{i % unique:05d}", kind="k" + str(i % 3)) for i in range(n)]

    report = run_listed(vault, build, batch_size=writer.BATCH_ROWS)
    assert (report.added, report.duplicates) == (unique, n - unique)
    assert report.by_kind == {"k0": unique // 3, "k1": unique // 3, "k2": unique // 3}
    assert vault.count() == unique
    assert [r.payload["key"] for r in vault.search("item-14999")] == ["14999"]
    assert_search_index_sound(vault)


def test_add_records_counts_repeats_and_records_already_there(vault: Vault) -> None:
    assert vault.add_records([make("a"), make("b")]) == (2, 0)
    batch = [make("b"), make("c"), make("c"), make("a"), make("d")]
    assert vault.add_records(batch) == (2, 3)
    assert batch[1].id == batch[2].id and vault.get(batch[1].id).title == "item-c"
    assert sorted(by_key(vault)) == ["a", "b", "c", "d"]
    assert [r.payload["key"] for r in vault.search("item-d")] == ["d"]
    assert_search_index_sound(vault)


# ----------------------------------------------------------------------------- attachments
def test_attachments_once_per_record(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    small_chunks(monkeypatch, 2)
    scan = [("scan.pdf", b"%PDF-1.4 scan")]
    assert vault.add_records([make("old", attachments=[("old.png", b"\x89PNG old")])]) == (1, 0)

    def build() -> list[Record | SkippedItem]:
        return [
            make("a", attachments=scan),  # chunk 1
            make("a", attachments=scan),  # repeat in the chunk
            make("old", attachments=[("old.png", b"\x89PNG old")]),  # chunk 2: in the vault already
            make("b", attachments=[("one.txt", b"1"), ("two.txt", b"2")]),
            make("a", attachments=scan),  # chunk 3, next transaction: repeat
            make("c", attachments=scan),  # new record, same attachment bytes as a's
        ]

    report = run_listed(vault, build, batch_size=4)
    assert (report.added, report.duplicates) == (3, 3)
    rows = vault.conn.execute("SELECT record_id, name, data FROM attachments ORDER BY rowid").fetchall()
    records = by_key(vault)
    owners = [next(k for k, r in records.items() if r.id == rid) for rid, _name, _data in rows]
    assert sorted(owners) == ["a", "b", "b", "c", "old"]
    assert [(a.name, a.data) for a in vault.get(records["b"].id).attachments] == [("one.txt", b"1"), ("two.txt", b"2")]
    assert [(a.name, a.data) for a in vault.get(records["a"].id).attachments] == [("scan.pdf", b"%PDF-1.4 scan")]
    assert [(a.name, a.data) for a in vault.get(records["c"].id).attachments] == [("scan.pdf", b"%PDF-1.4 scan")]

    again = run_listed(vault, build, batch_size=4)
    assert (again.added, again.duplicates) == (0, 6)
    assert vault.conn.execute("SELECT count(*) FROM attachments").fetchone()[0] == len(rows)
    assert_search_index_sound(vault)


# ----------------------------------------------------------------------------- failures
def _fill_before(vault: Vault) -> None:
    """A vault with something in it: records with an attachment, and a second person."""
    vault.save_person(Person(name="Someone Else"))
    report = run_listed(vault, lambda: [make(f"p{i}", attachments=[("p.txt", b"p")]) for i in range(5)], 3, "pre.txt")
    assert report.added == 5


def _fail_on_write_call(monkeypatch: pytest.MonkeyPatch, call: int) -> list[str]:
    """RowBatch.write raises SQLite's disk-full error on its ``call``-th call; returns the threads it ran on."""
    real = RowBatch.write
    counter = itertools.count(1)
    threads: list[str] = []

    def write(
        self: RowBatch, conn: sqlcipher3.Connection, payload: tuple[str, str] | None = None, state: Any = None
    ) -> Any:
        threads.append(threading.current_thread().name)
        if next(counter) == call:
            raise sqlcipher3.OperationalError("database or disk is full")
        return real(self, conn, payload, state)

    monkeypatch.setattr(RowBatch, "write", write)
    return threads


@pytest.mark.parametrize(
    ("chunk", "where"),
    [(5, "in the first transaction"), (10, "after a committed transaction")],
)
def test_sqlite_error_on_the_writer_thread_undoes_the_import(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, chunk: int, where: str
) -> None:
    _fill_before(vault)
    before = snapshot(vault)
    threads_before = writer_threads()
    small_chunks(monkeypatch, chunk)
    threads = _fail_on_write_call(monkeypatch, 2)  # batches of 10: chunk 2 is in batch 1 or is batch 2

    with pytest.raises(WalletError) as info:
        bounded(lambda: run_import(vault, Numbers(60), Source(data=b"x", name="n.txt"), ImportContext(), batch_size=10))

    assert threads[:2] == ["mydata-wallet-writer"] * 2, "the failing write ran on the writer thread"
    message = str(info.value)
    assert "n.txt" in message and "database or disk is full" in message
    assert "\n" not in message and "Traceback" not in message
    assert snapshot(vault) == before
    stored = import_row(vault)
    assert stored["status"] == "failed"
    assert "database or disk is full" in stored["report"]["error"]
    assert stored["report"]["added"] == 0
    assert [i["status"] for i in vault.imports()].count("running") == 0
    assert writer_threads() <= threads_before
    assert vault.check() == []

    monkeypatch.undo()  # the disk has room again: the same import now completes
    report = bounded(lambda: run_import(vault, Numbers(60), Source(data=b"x", name="n.txt"), ImportContext()))
    assert report.added == 59
    assert_search_index_sound(vault)


@pytest.mark.parametrize("error", [ConnectorError("n.txt: broken at item 57"), ValueError("a bug")])
def test_connector_failing_after_committed_batches_leaves_the_vault_as_it_was(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, error: Exception
) -> None:
    _fill_before(vault)
    before = snapshot(vault)
    threads_before = writer_threads()
    small_chunks(monkeypatch, 5)
    committed: list[int] = []
    real_write_batch = writer.RecordWriter._write_batch

    def write_batch(self: writer.RecordWriter, chunks: Any) -> None:
        real_write_batch(self, chunks)
        committed.append(self.added)

    monkeypatch.setattr(writer.RecordWriter, "_write_batch", write_batch)

    with pytest.raises(ConnectorError) as info:
        bounded(
            lambda: run_import(
                vault,
                Numbers(100, fail_after=57, error=error),
                Source(data=b"x", name="n.txt"),
                ImportContext(),
                batch_size=10,
            )
        )
    assert "n.txt" in str(info.value)
    assert len(committed) == 5, "56 records were read: five batches of 10 were committed before the failure"
    assert snapshot(vault) == before
    assert import_row(vault)["status"] == "failed"
    assert writer_threads() <= threads_before
    assert vault.check() == []


@pytest.mark.parametrize("background", [True, False], ids=["writer-thread", "same-thread"])
def test_cancel_keeps_exactly_the_committed_batches(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, background: bool
) -> None:
    small_chunks(monkeypatch, 5)
    writer_mode(monkeypatch, background)
    batch = 10
    wanted = {"cancel": False}

    def progress(done: int, _total: int | None) -> None:
        if done >= 25:  # while the third batch is being read
            wanted["cancel"] = True

    context = ImportContext(progress=progress, is_cancelled=lambda: wanted["cancel"])
    report = bounded(
        lambda: run_import(vault, Numbers(100), Source(data=b"x", name="n.txt"), context, batch_size=batch)
    )

    assert report.cancelled
    # the cancel came while the third batch was filling (Numbers skips item 3): the first two stay
    assert vault.count() == 2 * batch
    assert vault.count() % batch == 0
    assert report.added == vault.count() and report.duplicates == 0
    assert import_row(vault)["status"] == "cancelled"
    assert import_row(vault)["report"]["added"] == 2 * batch
    assert_search_index_sound(vault)

    rest = bounded(lambda: run_import(vault, Numbers(100), Source(data=b"x", name="n.txt"), ImportContext()))
    assert (rest.added, rest.duplicates) == (99 - 2 * batch, 2 * batch)


@pytest.mark.slow
def test_cancel_after_a_writer_error_is_still_one_readable_error(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    small_chunks(monkeypatch, 10)
    _fail_on_write_call(monkeypatch, 2)  # batch 2 fails on the writer thread
    checks = itertools.count(1)
    context = ImportContext(is_cancelled=lambda: next(checks) >= 2)  # cancel when batch 2 is full

    with pytest.raises(WalletError, match="disk is full"):
        bounded(lambda: run_import(vault, Numbers(50), Source(data=b"x", name="n.txt"), context, batch_size=10))
    assert import_row(vault)["status"] in {"failed", "cancelled"}
    assert vault.check() == []


# ----------------------------------------------------------------------------- odd values round-trip
ODD_TEXTS = [
    "고혈압약 복용 중, 혈압 130/85",
    "emoji 😀👍🏽 and a family 👩\u200d👩\u200d👧",
    'quotes " and \' and a backslash \\ and \\" and \\u0041 and \\n, all literal',
    "lines\nand\r\nreturns\tand tabs",
    'json inside {"a": [1, 2], "b": "c"} ], "x',
    "controls \x00 \x01 \x1f \x7f",
    "separators \u2028 \u2029 and a BOM \ufeff",
    "  spaces around  ",
    "",
]
ODD_VALUES = [
    math.nan,
    math.inf,
    -math.inf,
    0.1,
    1 / 3,
    5e-324,
    2.2250738585072014e-308,
    1.7976931348623157e308,
    -123456789.98765433,
    9007199254740993.0,
    None,
]


def odd_records() -> list[Record]:
    out = []
    seoul = timezone(timedelta(hours=9))
    for i, (text, value) in enumerate(zip(itertools.cycle(ODD_TEXTS), ODD_VALUES * 2, strict=False)):
        out.append(
            Record(
                domain=Domain.HEALTH,
                kind="odd",
                title=f"{text} #{i}",
                start=datetime(2024, 2, 29, 23, 59, 59, 999999, tzinfo=seoul),
                end=datetime(2024, 3, 1, 0, 0, 0, 1, tzinfo=seoul) if i % 2 else None,
                value=value,
                unit='µg/dL "x"',
                code_system="http://loinc.org",
                code=f"8480-{i}\\",
                code_display=text,
                text=text or None,
                payload={
                    "key": f"odd{i}",
                    "s": text,
                    "nested": [text, {"inner": text, "n": 2**53 + 1, "f": 0.1, "none": None, "t": True}],
                    "big": 12345678901234567890123,
                    text: "a key that is odd text too",
                },
                tags=[text],
                provenance=Provenance(
                    connector_id="listed", connector_version="1", source_name="odd.json", warnings=[text]
                ),
            )
        )
    return out


def _assert_same(stored: Record, original: Record) -> None:
    skip = {"id", "person_id", "value"}
    assert stored.model_dump(exclude=skip) == original.model_dump(exclude=skip)
    if original.value is not None and math.isnan(original.value):
        assert stored.value is None  # SQLite has no NaN: it stores NULL (as it always did)
    else:
        assert stored.value == original.value
        assert type(stored.value) is type(original.value)


@pytest.mark.parametrize("path", ["import", "add_records"])
@pytest.mark.slow
def test_odd_values_and_text_round_trip_exactly(vault: Vault, monkeypatch: pytest.MonkeyPatch, path: str) -> None:
    small_chunks(monkeypatch, 4)
    originals = odd_records()
    assert len(originals) == 22
    if path == "import":
        report = run_listed(vault, lambda: list(odd_records()), batch_size=8, name="odd.json")
        assert (report.added, report.duplicates) == (len(originals), 0)
    else:
        assert vault.add_records(odd_records()) == (len(originals), 0)
    stored = by_key(vault)
    assert len(stored) == len(originals)
    for original in originals:
        record = stored[original.payload["key"]]
        if path == "import" and original.value is not None and math.isinf(original.value):
            # an import keeps an infinity as text in the payload, with a warning (issue 14): a value
            # beyond a float's range is what a source's "1e400" became; add_records stores it as given
            original = limits.tame(original)
            assert original.value is None and original.payload["_kept_as_text"]["value"] in ("inf", "-inf")
        _assert_same(record, original)
        _assert_same(vault.get(record.id), original)
    # the search index holds the text as given
    korean = {r.payload["key"] for r in vault.search("고혈압약")}
    assert korean == {r.payload["key"] for r in originals if "고혈압약" in r.title}
    assert {r.payload["key"] for r in vault.search("혈압")} == korean  # a two-syllable term
    assert {r.payload["key"] for r in vault.search("👍🏽")} == {
        r.payload["key"] for r in originals if "👍🏽" in r.title
    }
    assert_search_index_sound(vault)
    # the same records again (NaN, infinities and all) are duplicates
    if path == "import":
        again = run_listed(vault, lambda: list(odd_records()), batch_size=8, name="odd.json")
        assert (again.added, again.duplicates) == (0, len(originals))
    else:
        assert vault.add_records(odd_records()) == (0, len(originals))


# ----------------------------------------------------------------------------- people
def two_patient_bundle(path: Path, between: int = 1, ndjson: bool = False) -> Path:
    """A FHIR collection Bundle about two patients, with ``between`` Conditions of each, and an Organization.

    As NDJSON (``ndjson``), the lines keep this order: the second Patient comes after the first one's Conditions
    (a Bundle's patients are read first).
    """
    entries: list[dict[str, Any]] = []
    for ident, given, family, birth in (("a1", "Min", "Kim", "1990-01-01"), ("b2", "Ha", "Lee", "2015-05-05")):
        entries.append(
            {
                "fullUrl": f"urn:uuid:{ident}",
                "resource": {
                    "resourceType": "Patient",
                    "id": ident,
                    "identifier": [{"system": "urn:test", "value": ident}],
                    "name": [{"family": family, "given": [given]}],
                    "birthDate": birth,
                },
            }
        )
        entries += [
            {
                "resource": {
                    "resourceType": "Condition",
                    "id": f"c-{ident}-{i}",
                    "subject": {"reference": f"Patient/{ident}" if ndjson else f"urn:uuid:{ident}"},
                    "code": {"text": f"Condition {i} of {given}"},
                }
            }
            for i in range(between)
        ]
    entries.append({"resource": {"resourceType": "Organization", "id": "org", "name": "Test Clinic"}})
    if ndjson:
        path.write_text("".join(json.dumps(e["resource"]) + "\n" for e in entries))
    else:
        path.write_text(json.dumps({"resourceType": "Bundle", "type": "collection", "entry": entries}))
    return path


def assert_assigned(vault: Vault, between: int) -> None:
    people = {p.name: p for p in vault.persons() if not p.is_holder}
    assert sorted(people) == ["Ha Lee", "Min Kim"]
    min_kim, ha_lee = people["Min Kim"], people["Ha Lee"]
    # a file about two people: which of them is the holder is not guessed, the empty holder stays empty
    holder = vault.holder()
    assert holder.name is None and holder.birth_date is None
    assert ha_lee.birth_date is not None and ha_lee.birth_date.isoformat() == "2015-05-05"
    for person, given in ((min_kim, "Min"), (ha_lee, "Ha")):
        titles = [r.code_display for r in vault.records(person_id=person.id, kind="Condition")]
        assert sorted(titles) == sorted(f"Condition {i} of {given}" for i in range(between))
        assert vault.count(person_id=person.id, kind="Patient") == 1
    # the Organization names no one, in a file about two people: the holder's
    assert [r.person_id for r in vault.records(kind="Organization")] == [holder.id]


@pytest.mark.parametrize("batch_size", [pipeline.BATCH_SIZE, 2])
@pytest.mark.slow
def test_two_patients_in_one_file_with_the_writer_thread(vault: Vault, tmp_path: Path, batch_size: int) -> None:
    path = two_patient_bundle(tmp_path / "two.json", between=3)
    report = bounded(lambda: import_source(vault, Source(path), batch_size=batch_size))
    assert (report.added, report.duplicates) == (9, 0)
    assert_assigned(vault, 3)
    again = bounded(lambda: import_source(vault, Source(path), batch_size=batch_size))
    assert (again.added, again.duplicates) == (0, 9)
    assert len(vault.persons()) == 3  # the (empty) holder, Min Kim, Ha Lee
    assert vault.check() == []


@pytest.mark.slow
def test_second_patient_after_a_handed_over_chunk_does_not_hang(
    vault: Vault, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    small_chunks(monkeypatch, 2)
    # Patient B comes after more chunks than the writer's queue holds, so the writer has begun the batch
    between = 2 * (writer.QUEUE_CHUNKS + 2)
    path = two_patient_bundle(tmp_path / "two.ndjson", between=between, ndjson=True)
    report = bounded(lambda: import_source(vault, Source(path), batch_size=1000), seconds=20)
    assert (report.added, report.duplicates) == (2 * between + 3, 0)
    assert_assigned(vault, between)


class Caching(_TakesAnything):
    """Yields records and, in the middle of them, caches a key in the vault (as SHC and Green Button do)."""

    id = "caching"
    name = "Caching"

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        for i in range(40):
            if i == 25:
                assert context.cache is not None
                context.cache.cache_set("test:mid-import", {"at": i})
                assert context.cache.cache_get("test:mid-import") == {"at": i}
            yield make(f"c{i}")


@pytest.mark.parametrize("through", ["import_source", "run_import with the vault as cache"])
def test_connector_caching_mid_batch_does_not_hang(vault: Vault, monkeypatch: pytest.MonkeyPatch, through: str) -> None:
    small_chunks(monkeypatch, 2)  # by record 25 the writer holds an open batch of 100
    if through == "import_source":
        monkeypatch.setattr("wallet.imports.registry.resolve", lambda source, cid=None, saved=None: (Caching(), {}))
        report = bounded(lambda: import_source(vault, Source(data=b"x", name="c.txt"), batch_size=100), seconds=20)
    else:
        source = Source(data=b"x", name="c.txt")
        report = bounded(
            lambda: run_import(vault, Caching(), source, ImportContext(cache=vault), batch_size=100), seconds=20
        )
    assert (report.added, report.duplicates) == (40, 0)
    assert vault.cache_get("test:mid-import") == {"at": 25}
    assert_search_index_sound(vault)


class SwallowingCache(_TakesAnything):
    """Like Green Button's best-effort cache: a failing cache call is swallowed, the import goes on."""

    id = "swallowing"
    name = "Swallowing"

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        for i in range(60):
            if i == 30 and context.cache is not None:
                with contextlib.suppress(Exception):
                    context.cache.cache_get("test:best-effort")
            yield make(f"s{i}")


def test_writer_error_swallowed_by_a_connector_still_fails_the_import(
    vault: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    small_chunks(monkeypatch, 5)
    _fail_on_write_call(monkeypatch, 6)  # fails before record 30's cache call: that call raises it
    before = snapshot(vault)
    source = Source(data=b"x", name="n.txt")
    with pytest.raises(WalletError, match="disk is full"):
        bounded(lambda: run_import(vault, SwallowingCache(), source, ImportContext(cache=vault), batch_size=10))
    assert snapshot(vault) == before
    assert import_row(vault)["status"] == "failed"


# ----------------------------------------------------------------------------- thread or no thread
def _contents(v: Vault) -> dict[str, Any]:
    """The vault's contents with its random ids (people, hence records) replaced by what they stand for."""
    conn = v.conn
    who = {p.id: (p.is_holder, p.name) for p in v.persons()}
    records = conn.execute(
        "SELECT person_id, domain, kind, title, start, end, value, unit, code_system, code, source, connector, "
        "content_hash, data FROM records ORDER BY rowid"
    ).fetchall()
    return {
        "persons": sorted(p.model_dump_json(exclude={"id"}) for p in v.persons()),
        "records": [(who[r[0]], *r[1:]) for r in records],
        "attachments": conn.execute(
            "SELECT r.content_hash, a.name, a.media_type, a.sha256, a.data FROM attachments a "
            "JOIN records r ON r.id = a.record_id ORDER BY a.rowid"
        ).fetchall(),
        "search rows": conn.execute("SELECT count(*) FROM records_fts").fetchone()[0],
        "search": {
            term: sorted(r.content_hash for r in v.search(term, limit=1000))
            for term in ("Liz", "Encounter", "Condition", "item-n1", "고혈압약", "혈압")
        },
    }


def _import_everything(v: Vault, tmp_path: Path) -> list[tuple[Any, ...]]:
    def with_attachments() -> list[Record | SkippedItem]:
        items = mixed()
        items.append(make("n1", attachments=[("scan.pdf", b"%PDF scan")]))
        items.append(make("n1", attachments=[("scan.pdf", b"%PDF scan")]))
        return items

    reports = [
        bounded(lambda: import_source(v, Source(LIZ), batch_size=7)),
        run_listed(v, with_attachments, batch_size=6),
        run_listed(v, lambda: list(odd_records()), batch_size=5, name="odd.json"),
        bounded(lambda: import_source(v, Source(two_patient_bundle(tmp_path / "two.json", 2)), batch_size=7)),
        bounded(lambda: import_source(v, Source(LIZ), batch_size=7)),
    ]
    return [(r.added, r.duplicates, r.by_kind, len(r.skipped), r.warnings, r.cancelled) for r in reports]


def test_writer_thread_and_same_thread_give_the_same_vault(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    small_chunks(monkeypatch, 3)
    results = {}
    for background in (True, False):
        writer_mode(monkeypatch, background)
        folder = tmp_path / f"vault-{background}"
        v, _ = Vault.create(folder / "v", PASSPHRASE, kdf=KdfParams.floor())
        try:
            reports = _import_everything(v, folder)
            assert v.check() == []
            results[background] = (reports, _contents(v))
        finally:
            v.close()
    threaded, same = results[True], results[False]
    assert threaded[0] == same[0]  # the reports
    assert threaded[1]["records"] and threaded[1]["attachments"]
    assert all(threaded[1]["search"].values())
    for key in same[1]:
        assert threaded[1][key] == same[1][key], key


# ----------------------------------------------------------------------------- provenance, once per file
def test_provenance_shared_by_a_file_is_stored_once_and_reads_back_whole(vault: Vault) -> None:
    def build() -> list[Record | SkippedItem]:
        own = make("own")
        own.provenance = own.provenance.model_copy(update={"original_id": "Observation/7", "warnings": ["odd unit"]})
        other_file = make("other", source="other.txt")
        other_file.provenance = other_file.provenance.model_copy(update={"source_sha256": "ab" * 32})
        return [make("a"), make("b"), own, other_file]

    expected = {r.payload["key"]: r.provenance for r in build() if isinstance(r, Record)}
    report = run_listed(vault, build, batch_size=10)
    assert report.added == 4
    conn = vault.conn
    stored = [json.loads(row[0]) for row in conn.execute("SELECT data FROM records")]
    assert [d.get("provenance") for d in stored if d["payload"]["key"] in ("a", "b", "other")] == [None] * 3
    assert [d["provenance"] for d in stored if d["payload"]["key"] == "own"] == [
        {"original_id": "Observation/7", "warnings": ["odd unit"]}
    ]
    origins = conn.execute(
        "SELECT connector_id, connector_version, source_name, source_sha256, import_id FROM origins ORDER BY id"
    ).fetchall()
    import_id = import_row(vault)["id"]
    assert sorted(origins, key=str) == sorted(
        [("listed", "1", "list.txt", None, import_id), ("listed", "1", "other.txt", "ab" * 32, import_id)], key=str
    )
    for rec in vault.records():
        assert rec.provenance == expected[rec.payload["key"]]
        assert vault.get(rec.id).provenance == expected[rec.payload["key"]]
    assert {r.payload["key"] for r in vault.search("item-own")} == {"own"}
    assert vault.search("item-own")[0].provenance == expected["own"]


def test_an_edited_record_keeps_its_provenance(vault: Vault) -> None:
    run_listed(vault, lambda: [make("a")], batch_size=10)
    rec = vault.records()[0]
    rec.tags = ["edited"]
    vault.update_record(rec)
    again = vault.get(rec.id)
    assert again.tags == ["edited"] and again.provenance == make("a").provenance


def test_a_row_without_origin_reads_its_own_provenance(vault: Vault) -> None:
    """Rows written before schema 5 keep their whole provenance in their JSON."""
    run_listed(vault, lambda: [make("a")], batch_size=10)
    rec = vault.records()[0]
    whole = rec.model_dump_json(
        exclude={"attachments", "person_id", "id", "domain", "kind", "title", "value", "unit", "code_system", "code"},
        exclude_none=True,
        exclude_defaults=True,
    )
    with vault.transaction() as conn:
        conn.execute("UPDATE records SET origin = NULL, data = ?", (whole,))
        conn.execute("DELETE FROM origins")
    assert vault.get(rec.id).provenance == make("a").provenance


def test_an_edit_can_clear_a_provenance_field(vault: Vault) -> None:
    def build() -> list[Record | SkippedItem]:
        rec = make("a")
        rec.provenance = rec.provenance.model_copy(update={"source_sha256": "cd" * 32})
        return [rec]

    run_listed(vault, build, batch_size=10)
    rec = vault.records()[0]
    assert rec.provenance.source_sha256 == "cd" * 32
    rec.provenance = rec.provenance.model_copy(update={"source_sha256": None})
    vault.update_record(rec)
    assert vault.get(rec.id).provenance.source_sha256 is None


def test_importing_the_same_file_again_adds_no_origin(vault: Vault) -> None:
    def count() -> int:
        return int(vault.conn.execute("SELECT count(*) FROM origins").fetchone()[0])

    run_listed(vault, lambda: [make(f"k{i}") for i in range(7)], batch_size=3)
    assert count() == 1
    again = run_listed(vault, lambda: [make(f"k{i}") for i in range(7)], batch_size=3)
    assert (again.added, again.duplicates) == (0, 7)
    assert count() == 1, "an import whose every record was a repeat leaves no origin behind"
    more = run_listed(vault, lambda: [make(f"k{i}") for i in range(9)], batch_size=3)
    assert (more.added, count()) == (2, 2)
    assert all(r.provenance == make("x").provenance for r in vault.records())
    assert vault.add_records([make("hand", source="typed")]) == (1, 0)
    assert vault.add_records([make("hand", source="typed")]) == (0, 1)
    assert count() == 3
    assert vault.check() == []


def test_check_finds_a_record_whose_origin_is_missing(vault: Vault) -> None:
    run_listed(vault, lambda: [make("a"), make("b")], batch_size=10)
    with vault.transaction() as conn:
        conn.execute("DELETE FROM origins")
    assert vault.check() == ["2 records name an origin (source file) that is missing"]
