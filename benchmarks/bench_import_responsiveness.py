"""Does the desktop app stay responsive while it imports a large Apple Health export?

    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/bench_import_responsiveness.py 1000000 [--keep DIR]

Each run is a fresh process that does what the app does for an import: a ``QApplication`` with the
app's GUI-thread garbage collector (``workers.GuiThreadGc``), the import on a worker thread through
``workers.run_task`` (``wallet.ui.import_flow.run_import``, progress delivered to the GUI thread), and a
10 ms timer on the GUI thread that notes how late each tick comes.  A late tick is time in which the app
could not answer a click or paint (the interpreter lock held by the import's threads, or a collection).
Two ways, alternating: the export read in a worker process (``wallet/imports/offload.py``, as the app
does for an export.xml of 8 MB or more) and read in the app's own process (``OFFLOAD_BYTES`` raised).
Printed: the import's seconds, the progress updates the GUI thread got, and how late the ticks came
(median, 99th percentile, worst).  The export is synthetic (no personal data), made by
``bench_apple_health.py``'s generator; the vault is made in a temporary folder and removed.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TICK_MS = 10


def _child(xml: str, workdir: str, mode: str) -> None:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from connectors.apple_health import connector as apple
    from wallet.store.keys import KdfParams
    from wallet.store.vault import Vault
    from wallet.ui import import_flow, workers

    if mode == "here":
        apple.OFFLOAD_BYTES = 1 << 62
    app = QApplication([])
    collector = workers.GuiThreadGc()
    vault, _ = Vault.create(Path(workdir) / "vault", "benchmark passphrase", kdf=KdfParams.floor())
    late: list[float] = []
    progress = [0]
    outcome: dict[str, object] = {}
    last = [time.perf_counter()]

    def tick() -> None:
        now = time.perf_counter()
        late.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        last[0] = now

    def done(report: object) -> None:
        outcome["added"] = getattr(report, "added", None)
        outcome["seconds"] = time.perf_counter() - started
        app.quit()

    def failed(exc: BaseException) -> None:
        outcome["error"] = f"{type(exc).__name__}: {exc}"
        app.quit()

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    timer.start()
    started = time.perf_counter()
    workers.run_task(
        import_flow.run_import,
        vault.reader(writes=True),
        Path(xml),
        "apple_health",
        with_progress=True,
        with_cancel=True,
        on_done=done,
        on_error=failed,
        on_progress=lambda done_, total: progress.__setitem__(0, progress[0] + 1),
    )
    app.exec()
    timer.stop()
    collector.stop()
    workers.shutdown()
    vault.close()
    late.sort()
    outcome.update(
        ticks=len(late),
        progress=progress[0],
        median_ms=statistics.median(late) if late else None,
        p99_ms=late[int(len(late) * 0.99)] if late else None,
        worst_ms=late[-1] if late else None,
    )
    print(json.dumps(outcome))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int, nargs="?", default=1_000_000, help="top-level elements of the synthetic export")
    ap.add_argument("--keep", help="directory to keep the generated export.xml in (reused if present)")
    ap.add_argument("--runs", type=int, default=1, help="alternate the two ways this many times")
    ap.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        _child(*args.child)
        return
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_apple_health

    with tempfile.TemporaryDirectory(prefix="mydata-wallet-bench-") as tmp:
        folder = Path(args.keep) if args.keep else Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        xml = folder / f"export-{args.n}.xml"
        if not xml.exists():
            bench_apple_health.generate(xml, args.n)
        size = xml.stat().st_size / 1e6
        print(f"export: {args.n:,} elements, {size:.0f} MB (realistic shape); ticks every {TICK_MS} ms")
        for run in range(args.runs):
            for mode in ("worker", "here"):
                work = Path(tmp) / f"{mode}-{run}"
                work.mkdir()
                proc = subprocess.run(
                    [sys.executable, __file__, "--child", str(xml), str(work), mode],
                    capture_output=True,
                    text=True,
                    check=False,
                )
                if proc.returncode:
                    raise SystemExit(f"child failed ({proc.returncode}):\n{proc.stderr[-3000:]}")
                r = json.loads(proc.stdout.strip().splitlines()[-1])
                if "error" in r:
                    raise SystemExit(f"the import failed: {r['error']}")
                label = "read in a worker process" if mode == "worker" else "read in the app's process"
                print(
                    f"{label:27} import {r['seconds']:6.1f} s, {r['progress']:4d} progress updates, GUI ticks late by "
                    f"median {r['median_ms']:.1f} ms, p99 {r['p99_ms']:.1f} ms, worst {r['worst_ms']:.0f} ms "
                    f"({r['ticks']} ticks)"
                )


if __name__ == "__main__":
    main()
