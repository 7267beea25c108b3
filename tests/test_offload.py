"""Reading in a second process (wallet.imports.offload): the same items as a read here, errors said the same way,
a stopped or cancelled worker never left running, and an Apple Health import through it storing what one in
this process stores."""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from test_apple_health import _bench_module

from connectors.apple_health import connector as apple_connector
from connectors.apple_health.connector import AppleHealthConnector
from wallet.errors import ConnectorError, ConnectorOption
from wallet.imports import offload
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record
from wallet.samples import Samples
from wallet.store.vault import Vault

HERE = Path(__file__).parent


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The worker processes started (to see that one ran, and that it ended)."""
    processes: list[Any] = []
    real = offload.subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> Any:
        process = real(*args, **kwargs)
        processes.append(process)
        return process

    monkeypatch.setattr(offload.subprocess, "Popen", popen)
    return processes


@pytest.fixture
def tests_on_path(monkeypatch: pytest.MonkeyPatch, started: list[Any]) -> list[Any]:
    """Workers that can import tests/offload_support.py; the processes started are recorded."""
    code = "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; from wallet.imports.offload import serve; serve()"
    command = [sys.executable, "-P", "-c", code, offload._ROOT, str(HERE)]
    monkeypatch.setattr(offload, "worker_command", lambda module: command)
    return started


def _read(target: str, *args: Any, context: ImportContext | None = None) -> Any:
    return offload.read_elsewhere(f"offload_support:{target}", args, context or ImportContext(), what="sample.xml")


def test_items_and_progress_arrive_in_order(tests_on_path: list[Any]) -> None:
    progress: list[tuple[int, int]] = []
    items = list(_read("counting", 5001, context=ImportContext(progress=lambda d, t: progress.append((d, t)))))
    assert items == list(range(5001))
    assert progress == [(n, 5001) for n in range(100, 5001, 100)]
    assert tests_on_path[0].poll() == 0


def test_a_connector_error_is_raised_here_with_its_message_after_the_items_before_it(tests_on_path: list[Any]) -> None:
    got: list[int] = []
    with pytest.raises(ConnectorError, match=r"^sample\.xml: not well-formed \(line 3\)$"):
        for item in _read("refusing", 2500):
            got.append(item)
    assert got == list(range(2500))


def test_an_exception_in_the_worker_is_raised_here_as_itself(tests_on_path: list[Any]) -> None:
    with pytest.raises(KeyError, match="startDate"):  # a bug: the pipeline words it as one read here
        list(_read("buggy", 10))
    with pytest.raises(ValidationError) as invalid:  # the pipeline says "produced an invalid record (...)"
        list(_read("invalid_record"))
    assert invalid.value.errors()[0]["loc"] == ("start",)
    with pytest.raises(ConnectorError) as refused:
        list(_read("refusing_with_hint"))
    assert str(refused.value) == "sample.xml: encrypted"
    assert refused.value.hint == ConnectorOption("password", secret=True)


def test_an_exception_that_cannot_travel_is_a_worker_failure_naming_it(tests_on_path: list[Any]) -> None:
    with pytest.raises(offload.WorkerFailed, match=r"^_Unpicklable: strange state$"):
        list(_read("unpicklable"))


def test_a_worker_that_dies_is_a_connector_error_that_says_so(tests_on_path: list[Any]) -> None:
    got: list[int] = []
    with pytest.raises(
        ConnectorError, match=r"sample\.xml: the process reading it stopped unexpectedly \(exit code 9\)"
    ):
        for item in _read("dying", 300):
            got.append(item)
    assert got == list(range(300))


def test_cancelling_ends_the_worker(tests_on_path: list[Any]) -> None:
    seen = 0

    def cancelled() -> bool:
        return seen >= 5000

    for _ in _read("endless", context=ImportContext(is_cancelled=cancelled)):
        seen += 1
    assert 5000 <= seen < 100_000
    assert tests_on_path[0].poll() is not None  # killed and reaped, not left running


def test_closing_the_iterator_ends_the_worker(tests_on_path: list[Any]) -> None:
    items = _read("endless")
    assert next(items) == 0
    items.close()
    assert tests_on_path[0].poll() is not None


def test_a_worker_dying_while_this_process_is_behind_is_still_said(tests_on_path: list[Any]) -> None:
    """The reader thread holds AHEAD batches; when the worker dies with more waiting, the end still arrives."""
    got: list[int] = []
    failure: list[BaseException] = []

    def consume() -> None:
        try:
            for item in _read("dying_after_batches", offload.AHEAD * 3):
                if not got:
                    time.sleep(1.0)  # storing is slow: the worker sends everything and dies meanwhile
                got.append(item)
        except ConnectorError as exc:
            failure.append(exc)

    thread = threading.Thread(target=consume, daemon=True)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the import never ended"
    assert got == list(range(offload.AHEAD * 3 * 10))
    assert len(failure) == 1 and "stopped unexpectedly (exit code 9)" in str(failure[0])


def test_a_worker_that_cannot_start_leaves_the_reading_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(offload, "worker_command", lambda module: [str(tmp_path / "no-such-program")])
    monkeypatch.syspath_prepend(str(HERE))
    with caplog.at_level(logging.DEBUG, logger="wallet.imports.offload"):
        assert list(_read("counting", 250)) == list(range(250))
    assert "could not start" in caplog.text


def test_a_worker_that_ends_at_once_with_an_error_leaves_the_reading_to_this_process(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, started: list[Any]
) -> None:
    """A broken install or build: the worker cannot even import what it runs."""
    monkeypatch.setattr(offload, "worker_command", lambda module: [sys.executable, "-c", "raise SystemExit(1)"])
    monkeypatch.syspath_prepend(str(HERE))
    with caplog.at_level(logging.DEBUG, logger="wallet.imports.offload"):
        assert list(_read("counting", 250)) == list(range(250))
    assert len(started) == 1 and started[0].returncode == 1
    assert "ended at once (exit code 1)" in caplog.text


def test_an_error_for_the_user_that_cannot_travel_as_itself_keeps_its_words(tests_on_path: list[Any]) -> None:
    with pytest.raises(ConnectorError, match=r"^sample\.xml: several connectors can read this file \(fhir, ccda\)$"):
        list(_read("ambiguous"))


def test_an_iterator_never_advanced_starts_no_worker(tests_on_path: list[Any]) -> None:
    items = _read("endless")
    assert tests_on_path == []
    del items


def test_only_the_wallets_workers_can_be_named() -> None:
    with pytest.raises(ValueError, match="not a worker module"):
        offload.worker_command("os")
    with pytest.raises(SystemExit):
        offload.run_worker("os")


# --- Apple Health through the worker ------------------------------------------------------------------


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("offload") / "export.xml"
    _bench_module().generate(path, 3000)
    return path


def _comparable(items: list[Any]) -> list[Any]:
    """Records without their ids (random per import), Samples as their fields."""
    out: list[Any] = []
    for item in items:
        if isinstance(item, Record):
            out.append(item.model_dump(exclude={"id"}))
        elif isinstance(item, Samples):
            out.append((item.kind, item.source, item.unit, item.meta, item.rows, item.provenance))
        else:
            out.append(item)
    return out


def _connector_read(source: Source, monkeypatch: pytest.MonkeyPatch, offloaded: bool) -> list[Any]:
    monkeypatch.setattr(apple_connector, "OFFLOAD_BYTES", 0 if offloaded else 1 << 62)
    return list(AppleHealthConnector().read(source, ImportContext()))


@pytest.mark.parametrize("packed", [False, True], ids=["export.xml", "export.zip"])
def test_apple_health_read_in_a_worker_yields_what_a_read_here_yields(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any], packed: bool
) -> None:
    path = export
    if packed:
        path = tmp_path / "export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(export, "apple_health_export/export.xml")
    here = _connector_read(Source(path), monkeypatch, offloaded=False)
    assert started == []
    there = _connector_read(Source(path), monkeypatch, offloaded=True)
    assert len(started) == 1 and started[0].returncode == 0  # a worker read it, and ended
    assert len(here) > 100 and any(isinstance(i, Samples) for i in here) and any(isinstance(i, Record) for i in here)
    assert _comparable(there) == _comparable(here)


def test_a_frozen_build_runs_itself_as_the_worker(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> None:
    """The AppImage's program is the app: with --mydata-wallet-worker it is the worker (packaging/entry_point.py)."""
    here = _connector_read(Source(export), monkeypatch, offloaded=False)
    program = tmp_path / "mydata-wallet"  # stands for the frozen program: the same entry point, run by this Python
    program.write_text(f'#!/bin/sh\nexec "{sys.executable}" "{offload._ROOT}/packaging/entry_point.py" "$@"\n')
    program.chmod(0o755)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(program))
    command = offload.worker_command("wallet.imports.offload")
    assert command == [str(program), "--mydata-wallet-worker", "wallet.imports.offload"]
    there = _connector_read(Source(export), monkeypatch, offloaded=True)
    assert len(started) == 1 and started[0].args == command and started[0].returncode == 0
    assert _comparable(there) == _comparable(here)


def test_the_packaging_smoke_check_of_the_worker_passes_on_the_entry_point() -> None:
    """packaging/smoke.sh runs packaging/worker_check.py against the built program; here against its entry point."""
    root = Path(offload._ROOT)
    entry = [sys.executable, str(root / "packaging" / "entry_point.py")]
    done = subprocess.run(
        [sys.executable, str(root / "packaging" / "worker_check.py"), *entry],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "runs as a reading worker" in done.stdout


def test_a_truncated_export_read_in_a_worker_says_what_a_read_here_says(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> None:
    cut = tmp_path / "export.xml"
    cut.write_bytes(export.read_bytes()[: export.stat().st_size * 2 // 3])
    messages = []
    for offloaded in (False, True):
        with pytest.raises(ConnectorError) as caught:
            _connector_read(Source(cut), monkeypatch, offloaded)
        messages.append(str(caught.value))
    assert len(started) == 1
    assert messages[0] == messages[1]
    assert "export.xml ends early" in messages[0] or "not well-formed" in messages[0]


def _vault_summary(vault: Vault) -> tuple[Any, ...]:
    conn = vault.conn
    return (
        conn.execute("SELECT count(*) FROM records").fetchone()[0],
        conn.execute("SELECT count(*), round(sum(value), 3) FROM samples").fetchone(),
        conn.execute("SELECT sum(n), round(sum(total), 3) FROM series_daily").fetchone(),
        sorted(conn.execute("SELECT kind, source, unit FROM series").fetchall()),
    )


def test_an_import_through_the_worker_stores_what_an_import_here_stores(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, started: list[Any]
) -> None:
    summaries = []
    for offloaded in (False, True):
        monkeypatch.setattr(apple_connector, "OFFLOAD_BYTES", 0 if offloaded else 1 << 62)
        vault, _ = Vault.create(tmp_path / f"v{offloaded}", "a passphrase of some length", kdf=_floor())
        try:
            report = import_source(vault, Source(export), connector_id="apple_health")
            assert report.error is None and report.added > 1000
            summaries.append(_vault_summary(vault))
            assert vault.check() == []
        finally:
            vault.close()
    assert len(started) == 1
    assert summaries[0] == summaries[1]


def test_a_worker_killed_midway_leaves_the_vault_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tests_on_path: list[Any]
) -> None:
    export = tmp_path / "export.xml"
    _bench_module().generate(export, 40_000)  # 16 MB: more than the worker can send ahead (AHEAD batches and a pipe)
    monkeypatch.setattr(apple_connector, "OFFLOAD_BYTES", 0)
    real = offload.read_elsewhere

    def killed_after_some(target: str, args: tuple[Any, ...], context: ImportContext, *, what: str) -> Any:
        for i, item in enumerate(real(target, args, context, what=what)):
            if i == 1:
                tests_on_path[-1].kill()  # as the kernel's OOM killer would
            yield item

    monkeypatch.setattr(apple_connector, "read_elsewhere", killed_after_some)
    vault, _ = Vault.create(tmp_path / "v", "a passphrase of some length", kdf=_floor())
    try:
        before = _vault_summary(vault)
        with pytest.raises(ConnectorError) as caught:
            import_source(vault, Source(export), connector_id="apple_health")
        assert str(caught.value) == "export.xml: the process reading it stopped unexpectedly (exit code -9)"
        assert _vault_summary(vault) == before
        assert vault.check() == []
    finally:
        vault.close()


def _floor() -> Any:
    from wallet.store.vault import KdfParams

    return KdfParams.floor()
