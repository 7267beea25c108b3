"""Run the fuzz targets of tests/test_fuzz.py for longer, each in its own process.

    .venv/bin/python benchmarks/fuzz.py [--seconds N] [TARGET ...]     (default 60 s per target)

Targets: every connector (see tests/fuzz_support.py) and ``verify``.  Each runs in a child
process with random (not derandomized) examples until its time is up; the child reports
how many inputs it tried, the distinct answers it saw, its peak memory (checked against
wallet.limits.MEMORY_BOUND_MB) and, on a failure, the input that failed, saved under the
temporary folder's ``mydata-wallet-fuzz-failures/``.  The exit status is non-zero when any target failed.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
FAILURES = Path(tempfile.gettempdir()) / "mydata-wallet-fuzz-failures"
"""Where a failing input is saved (outside the work tree: it may be a mutated personal file)."""


def child(name: str, seconds: float, out: Path) -> None:
    """Fuzz one target until ``seconds`` have passed; write a JSON summary to ``out``."""
    from fuzz_support import TARGETS, check_import, check_verify, mutate, mutations, seed_bytes
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from wallet.store.keys import KdfParams
    from wallet.store.vault import Vault

    work = Path(tempfile.mkdtemp(prefix=f"fuzz-{name}-"))
    answers: set[str] = set()
    tried = 0
    failure: dict[str, str] | None = None
    deadline = time.monotonic() + seconds
    stop = "time"

    class Done(Exception):
        pass

    if name == "verify":
        from share_support import fill, request

        from wallet.features.share.bundle import create_share
        from wallet.features.share.selection import prepare

        vault, _ = Vault.create(work / "seed-vault", "correct horse battery staple", kdf=KdfParams.floor())
        from datetime import date, timedelta

        holder_id, _ = fill(vault)
        plan = prepare(vault, request(holder_id, expires=date.today() + timedelta(days=10)))
        seeds = [create_share(vault, plan, work / "bundle.zip").path.read_bytes()]
        vault.close()
        path = work / "input.zip"

        def check(data: bytes) -> str:
            path.write_bytes(data)
            return check_verify(path)

    else:
        target = TARGETS[name]
        vault, _ = Vault.create(work / "vault", "correct horse battery staple", kdf=KdfParams.floor())
        seeds = [seed_bytes(target, i) for i in range(len(target.seeds))]
        path = work / f"input{target.suffix or target.seeds[0].suffix}"

        def check(data: bytes) -> str:
            path.write_bytes(data)
            return check_import(vault, path, target)

    # generate only: no shrinking or replaying (the vault changes between runs), the first failing input is kept
    @settings(
        max_examples=10**9,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(index=st.integers(0, len(seeds) - 1), ops=mutations)
    def run(index: int, ops: list) -> None:  # type: ignore[type-arg]
        nonlocal tried, failure
        if time.monotonic() > deadline:
            raise Done
        data = mutate(seeds[index], ops)
        tried += 1
        try:
            answers.add(check(data)[:120])
        except BaseException as exc:
            failure = {"error": "".join(traceback.format_exception(exc))[-3000:], "ops": repr(ops)}
            saved = FAILURES / f"{name}-{tried}{path.suffix}"
            FAILURES.mkdir(exist_ok=True)
            saved.write_bytes(data)
            failure["saved"] = str(saved)
            raise Done from exc

    try:
        run()
        stop = "examples"
    except Done:
        pass
    except Exception as exc:  # e.g. a flaky failure: what it says is the finding
        failure = failure or {"error": str(exc)[-3000:], "ops": ""}
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out.write_text(
        json.dumps({"tried": tried, "answers": len(answers), "peak_mb": peak, "failure": failure, "stop": stop})
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=60.0, help="time per target (default 60)")
    parser.add_argument("targets", nargs="*", help="targets to run (default: all)")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.seconds, Path(args.out))
        return 0
    from fuzz_support import TARGETS

    from wallet.limits import MEMORY_BOUND_MB

    names = args.targets or [*sorted(TARGETS), "verify"]
    failed = False
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring"}
    for name in names:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "result.json"
            cmd = [sys.executable, __file__, "--child", name, "--seconds", str(args.seconds), "--out", str(out)]
            done = subprocess.run(cmd, env=env, check=False, capture_output=True, text=True)
            if not out.exists():
                print(f"{name:18} CRASHED (exit {done.returncode}): {done.stderr.strip()[-500:]}")
                failed = True
                continue
            res = json.loads(out.read_text())
        over = res["peak_mb"] > MEMORY_BOUND_MB
        status = "FAILED" if res["failure"] or over else "clean"
        print(
            f"{name:18} {status:6} {res['tried']:6} inputs, {res['answers']:4} distinct answers, "
            f"peak {res['peak_mb']:.0f} MB (bound {MEMORY_BOUND_MB} MB)"
        )
        if res["failure"]:
            print("    " + res["failure"]["error"].replace("\n", "\n    "))
            print(f"    mutations: {res['failure']['ops']}; input saved as {res['failure'].get('saved', '-')}")
        failed = failed or status == "FAILED"
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
