"""FHIR NDJSON validated in a second process (connectors/fhir/worker.py): the same records, warnings
and skipped lines as in one process, whatever happens to the worker."""

from __future__ import annotations

import io
import json
import logging
import math
import sys
from collections.abc import Generator
from pathlib import Path
from typing import IO, Any

import pytest

from connectors.fhir import FhirConnector, worker
from wallet import limits
from wallet.errors import ConnectorError
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record, SkippedItem
from wallet.store.vault import Vault

Item = Record | SkippedItem


def obs(rid: str, **fields: Any) -> dict[str, Any]:
    return {"resourceType": "Observation", "id": rid, "status": "final", "code": {"text": f"test {rid}"}, **fields}


def mixed_lines() -> list[bytes]:
    """Valid and invalid resources, resources the mapping refuses, and lines that are not resources."""
    lines: list[str | bytes] = [
        "\ufeff" + json.dumps({"resourceType": "Patient", "id": "p1", "name": [{"family": "Kim", "given": ["Minji"]}]}),
        json.dumps(obs("ok", subject={"reference": "Patient/p1"}, valueQuantity={"value": 72, "unit": "/min"})),
        json.dumps(obs("bad-date", issued="yesterday")),  # a validation warning
        json.dumps({"resourceType": "NoSuchType", "id": "x"}),  # unknown type: a warning
        json.dumps({"resourceType": "Condition", "id": "c1", "code": {"text": 5}}),  # the mapping refuses it
        "{broken",
        "",
        "[1, 2]",
        json.dumps(obs("big", valueQuantity={"value": 12345678901234567890123, "unit": "mg"})),  # beyond 64 bits
        '{"resourceType": "Observation", "id": "huge", "status": "final", "code": {"text": "h"}, '
        '"valueQuantity": {"value": 1e400, "unit": "mg"}}',  # beyond a float: kept as text
        '{"resourceType": "Observation", "id": "nan", "status": "final", "code": {"text": "n"}, '
        '"valueQuantity": {"value": NaN, "unit": "mg"}}',
        json.dumps(obs("lone", note=[{"text": "\ud800"}])),  # an escaped lone surrogate
        json.dumps(obs("both", issued="later", valueQuantity={"value": 5, "unit": "mg"})),
        b'{"resourceType": "Observation", "id": "latin1", "code": {"text": "caf\xe9"}}',
        json.dumps(obs("ko", code={"text": "고혈압"}), ensure_ascii=False),
    ]
    lines += [json.dumps(obs(f"n{i}", **({} if i % 3 else {"issued": f"day {i}"}))) for i in range(40)]
    return [line if isinstance(line, bytes) else line.encode("utf-8") for line in lines]


def ndjson(tmp_path: Path, lines: list[bytes], name: str = "mixed.ndjson") -> Path:
    path = tmp_path / name
    path.write_bytes(b"\n".join(lines) + b"\n")
    return path


def comparable(items: list[Item]) -> list[str]:
    """Each item as text without what differs between two reads (its id, the time): repr tells 1 from 1.0, NaN
    equals NaN."""
    out = []
    for item in items:
        data = item.model_dump(exclude={"id"})
        if isinstance(item, Record):
            data["provenance"].pop("imported_at", None)
        out.append(repr({"type": type(item).__name__, **data}))
    return out


def read_in_process(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Item]:
    with monkeypatch.context() as m:
        m.setattr(worker, "MIN_BYTES", 10**15)
        return list(FhirConnector().read(Source(path), ImportContext()))


@pytest.fixture
def small_batches(monkeypatch: pytest.MonkeyPatch) -> list[worker.Worker]:
    """Every NDJSON file gets a worker, in batches of 4; the workers started, to look at."""
    monkeypatch.setattr(worker, "MIN_BYTES", 0)
    monkeypatch.setattr(worker, "BATCH_LINES", 4)
    started: list[worker.Worker] = []
    real_start = worker.start

    def start() -> worker.Worker | None:
        found = real_start()
        if found is not None:
            started.append(found)
        return found

    monkeypatch.setattr(worker, "start", start)
    return started


def test_loads_line_parses_as_the_json_module() -> None:
    cases = [
        b'{"a":1,"a":2}',
        b'{"a":-0}',
        b'{"a":-0.0}',
        b'{"a":0.1,"b":1E2,"c":1.0,"d":4.9e-324,"e":1e-400,"f":2.2250738585072011e-308}',
        b'{"a":1.7976931348623157e308}',
        b'{"a":9223372036854775807,"b":-9223372036854775808,"c":18446744073709551615}',
        b'{"a":18446744073709551616}',
        b'{"a":-9223372036854775809}',
        b'{"a":123456789012345678901234567890}',
        b'{"a":1234567890123456789.5}',
        b'{"a":"12345678901234567890123"}',
        b'{"a":1e400,"b":-1e400}',
        b'{"a":NaN,"b":Infinity}',
        b'{"a":"\\ud800","b":"\\ud83d\\ude00","c":"\\u0000"}',
        '{"a":"한국어"}'.encode(),
        b' {"a":[1,{"b":null}]} \r\n',
    ]
    for raw in cases:
        expected = limits.loads(raw.decode("utf-8"), "", "JSON")
        got = worker.loads_line(raw)
        assert repr(got) == repr(expected), raw  # repr: the type of every number too (1 vs 1.0)
    for bad in (b'{"a":01}', b'{"a":.5}', b'{"a":"\t"}', b"{broken", b'{"a":1} x'):
        with pytest.raises(ConnectorError) as via_line:
            worker.loads_line(bad)
        with pytest.raises(ConnectorError) as via_json:
            limits.loads(bad.decode("utf-8"), "", "JSON")
        assert str(via_line.value) == str(via_json.value)
    with pytest.raises(UnicodeDecodeError):
        worker.loads_line(b'{"a":"caf\xe9"}')
    assert math.isnan(worker.loads_line(b'{"a":NaN}')["a"])


def test_a_frozen_build_is_its_own_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    command = worker.worker_command()
    assert command is not None and command[0] == sys.executable and "connectors.fhir.worker" in command[-2]
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # the program runs the worker when asked
    assert worker.worker_command() == [sys.executable, "--mydata-wallet-worker", "connectors.fhir.worker"]


@pytest.mark.slow
def test_worker_reads_the_same_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: list[worker.Worker]
) -> None:
    path = ndjson(tmp_path, mixed_lines())
    expected = read_in_process(path, monkeypatch)
    received: list[int] = []
    real_receive = worker.Worker.receive

    def receive(self: worker.Worker, count: int) -> list[list[str]] | None:
        found = real_receive(self, count)
        received.append(-1 if found is None else count)
        return found

    monkeypatch.setattr(worker.Worker, "receive", receive)
    items = list(FhirConnector().read(Source(path), ImportContext()))
    assert len(small_batches) == 1 and small_batches[0].process.poll() is not None  # it ran, and it ended
    assert received and -1 not in received and sum(received) == sum(isinstance(i, Record) for i in items)
    assert comparable(items) == comparable(expected)
    warned = [i for i in items if isinstance(i, Record) and i.provenance.warnings]
    assert {r.payload["id"] for r in warned} >= {"bad-date", "x", "both", "n0", "n3"}
    both = next(r for r in warned if r.payload["id"] == "both")
    assert "issued" in both.provenance.warnings[0]
    skipped = [i for i in items if isinstance(i, SkippedItem)]
    assert [s.where for s in skipped][:4] == [
        "mixed.ndjson: Condition/c1",
        "mixed.ndjson line 6",
        "mixed.ndjson line 8",
        "mixed.ndjson line 14",
    ]


@pytest.mark.slow
def test_worker_that_cannot_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    path = ndjson(tmp_path, mixed_lines())
    expected = read_in_process(path, monkeypatch)
    monkeypatch.setattr(worker, "MIN_BYTES", 0)
    monkeypatch.setattr(worker, "worker_command", lambda: [str(tmp_path / "no-such-python")])
    with caplog.at_level(logging.DEBUG, logger="connectors.fhir.worker"):
        items = list(FhirConnector().read(Source(path), ImportContext()))
    assert comparable(items) == comparable(expected)
    assert [r.levelno for r in caplog.records] == [logging.DEBUG]
    assert "validating in this process" in caplog.records[0].getMessage()


WORKER_ANSWERING_ONCE = """
import marshal, sys
inp, out = sys.stdin.buffer, sys.stdout.buffer
size = int.from_bytes(inp.read(8), "little")
lines = marshal.loads(inp.read(size))
data = marshal.dumps({answer})
out.write(len(data).to_bytes(8, "little") + data)
out.flush()
"""


@pytest.mark.slow
@pytest.mark.parametrize(
    "answer",
    [
        "[[] for _ in lines]",  # answers the first batch (finding nothing wrong), then is gone
        "[[]]",  # an answer of the wrong length
        "'garbage'",
    ],
)
def test_worker_that_stops_or_misbehaves(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, answer: str
) -> None:
    lines = mixed_lines()
    path = ndjson(tmp_path, lines)
    expected = read_in_process(path, monkeypatch)
    monkeypatch.setattr(worker, "MIN_BYTES", 0)
    monkeypatch.setattr(worker, "BATCH_LINES", 4)
    code = WORKER_ANSWERING_ONCE.format(answer=answer)
    monkeypatch.setattr(worker, "worker_command", lambda: [sys.executable, "-c", code])
    with caplog.at_level(logging.DEBUG, logger="connectors.fhir.worker"):
        items = list(FhirConnector().read(Source(path), ImportContext()))
    assert "validating in this process" in caplog.text
    got, want = comparable(items), comparable(expected)
    if answer.startswith("[[] for"):
        # the one batch it answered lost its warnings (this fake worker finds none); every later one is right
        first = [i for i, item in enumerate(want) if item.startswith("{'type': 'Record'")][:4]
        assert got[first[-1] + 1 :] == want[first[-1] + 1 :]
        assert len(got) == len(want)
    else:
        assert got == want


class CountingSource(Source):
    """A source whose reads are counted."""

    def __init__(self, data: bytes, name: str) -> None:
        super().__init__(data=data, name=name)
        self.content = data
        self.lines_read = 0

    def open(self) -> IO[bytes]:
        outer = self

        class Counting(io.BytesIO):
            def readline(self, size: int | None = -1, /) -> bytes:
                outer.lines_read += 1
                return super().readline(size)

        return Counting(self.content)


@pytest.mark.slow
def test_reader_stays_close_to_what_it_passed_on(tmp_path: Path, small_batches: list[worker.Worker]) -> None:
    lines = [json.dumps(obs(f"o{i}")).encode() for i in range(200)]
    source = CountingSource(b"\n".join(lines) + b"\n", "many.ndjson")
    items = FhirConnector().read(source, ImportContext())
    assert isinstance(items, Generator)
    for passed, _ in enumerate(items, 1):
        # the batches with the worker, the one read before them and the one being read: no more
        assert source.lines_read - passed <= (worker.IN_FLIGHT + 2) * worker.BATCH_LINES + 1
        if passed == 50:
            break
    process = small_batches[0].process
    assert process.poll() is None
    items.close()  # as when the import is cancelled: the worker is ended, not left running
    assert process.poll() is not None


@pytest.mark.slow
def test_import_with_a_worker(
    vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_batches: list[worker.Worker]
) -> None:
    path = ndjson(tmp_path, mixed_lines())
    report = import_source(vault, Source(path))
    assert small_batches
    records = vault.records(limit=None)
    stored = {r.payload["id"]: r.provenance.warnings for r in records}
    assert stored["ok"] == [] and "issued" in stored["bad-date"][0]
    assert report.added == len(stored) and report.warnings == sum(1 for w in stored.values() if w)
    with monkeypatch.context() as m:
        m.setattr(worker, "MIN_BYTES", 10**15)
        again = import_source(vault, Source(path), person=records[0].person_id)
    assert again.added == 0 and again.duplicates == report.added  # one process stores exactly the same


@pytest.mark.slow
def test_cancelled_import_ends_the_worker(vault: Vault, tmp_path: Path, small_batches: list[worker.Worker]) -> None:
    lines = [json.dumps(obs(f"o{i}")).encode() for i in range(3000)]
    path = ndjson(tmp_path, lines, "many.ndjson")
    report = import_source(vault, Source(path), cancel=lambda: True)  # asked after the first 2,000 records
    assert report.cancelled and report.added == 0
    assert small_batches and small_batches[0].process.poll() is not None
