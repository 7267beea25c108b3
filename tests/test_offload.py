"""Reading in a second process (wallet.imports.offload): the same items as a read here, errors said the same way,
a stopped or cancelled worker never left running, and an Apple Health import through it storing what one in
this process stores."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from connectors.apple_health import connector as apple_connector
from connectors.apple_health.connector import AppleHealthConnector
from wallet.errors import ConnectorError
from wallet.imports import offload
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record
from wallet.samples import Samples
from wallet.store.vault import Vault

HERE = Path(__file__).parent


@pytest.fixture
def tests_on_path(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Workers that can import tests/offload_support.py; the processes started are recorded."""
    started: list[Any] = []
    code = "import sys; sys.path[:0] = [sys.argv[1], sys.argv[2]]; from wallet.imports.offload import serve; serve()"
    monkeypatch.setattr(offload, "worker_command", lambda: [sys.executable, "-c", code, offload._ROOT, str(HERE)])
    real = offload.subprocess.Popen

    def popen(*args: Any, **kwargs: Any) -> Any:
        process = real(*args, **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(offload.subprocess, "Popen", popen)
    return started


def _read(target: str, *args: Any, context: ImportContext | None = None) -> Any:
    found = offload.read_elsewhere(f"offload_support:{target}", args, context or ImportContext(), what="sample.xml")
    assert found is not None
    return found


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


def test_a_bug_in_the_worker_is_a_worker_failure_naming_the_exception(tests_on_path: list[Any]) -> None:
    with pytest.raises(offload.WorkerFailed, match=r"^KeyError: 'startDate'$"):
        list(_read("buggy", 10))


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


def test_no_worker_where_there_is_no_python_to_run_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert offload.worker_command() is None
    assert offload.read_elsewhere("offload_support:counting", (3,), ImportContext(), what="x") is None


# --- Apple Health through the worker ------------------------------------------------------------------


def _bench() -> Any:
    from test_apple_health import _bench_module

    return _bench_module()


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("offload") / "export.xml"
    _bench().generate(path, 3000)
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


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    real = offload.read_elsewhere

    def spy(target: str, *args: Any, **kwargs: Any) -> Any:
        calls.append(target)
        return real(target, *args, **kwargs)

    monkeypatch.setattr(apple_connector, "read_elsewhere", spy)
    return calls


@pytest.mark.parametrize("packed", [False, True], ids=["export.xml", "export.zip"])
def test_apple_health_read_in_a_worker_yields_what_a_read_here_yields(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packed: bool
) -> None:
    path = export
    if packed:
        path = tmp_path / "export.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.write(export, "apple_health_export/export.xml")
    calls = _spy(monkeypatch)
    here = _connector_read(Source(path), monkeypatch, offloaded=False)
    assert calls == []
    there = _connector_read(Source(path), monkeypatch, offloaded=True)
    assert calls == ["connectors.apple_health.connector:read_export"]
    assert len(here) > 100 and any(isinstance(i, Samples) for i in here) and any(isinstance(i, Record) for i in here)
    assert _comparable(there) == _comparable(here)


def test_a_truncated_export_read_in_a_worker_says_what_a_read_here_says(
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cut = tmp_path / "export.xml"
    cut.write_bytes(export.read_bytes()[: export.stat().st_size * 2 // 3])
    messages = []
    for offloaded in (False, True):
        with pytest.raises(ConnectorError) as caught:
            _connector_read(Source(cut), monkeypatch, offloaded)
        messages.append(str(caught.value))
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
    export: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summaries = []
    calls = _spy(monkeypatch)
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
    assert len(calls) == 1
    assert summaries[0] == summaries[1]


def test_a_worker_killed_midway_leaves_the_vault_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tests_on_path: list[Any]
) -> None:
    export = tmp_path / "export.xml"
    _bench().generate(export, 40_000)  # 16 MB: more than the worker can send ahead (AHEAD batches and a pipe)
    monkeypatch.setattr(apple_connector, "OFFLOAD_BYTES", 0)
    real = offload.read_elsewhere

    def killed_after_some(target: str, args: tuple[Any, ...], context: ImportContext, *, what: str) -> Any:
        items = real(target, args, context, what=what)
        assert items is not None
        for i, item in enumerate(items):
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
