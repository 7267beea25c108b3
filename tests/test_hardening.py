"""No secrets in crash output: core dumps are off before any key is derived (issue 14, point 2).

Each check runs the real entry point in a child process, because turning core dumps off cannot
be undone inside a process.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import PASSPHRASE

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

pytestmark = pytest.mark.skipif(os.name != "posix", reason="RLIMIT_CORE and prctl exist on POSIX systems only")

# Raise the soft limit first (as `ulimit -c unlimited` would), so the entry point has something to lower.
PRELUDE = textwrap.dedent(
    """
    import json, os, resource, sys
    soft, hard = resource.getrlimit(resource.RLIMIT_CORE)
    resource.setrlimit(resource.RLIMIT_CORE, (hard, hard))

    def state():
        from wallet.hardening import is_dumpable
        return {"rlimit": list(resource.getrlimit(resource.RLIMIT_CORE)), "dumpable": is_dumpable()}
    """
)

CLI_PROBE = PRELUDE + textwrap.dedent(
    """
    import atexit
    import wallet.store.keys
    seen = {"start": state(), "at_derive": []}
    original = wallet.store.keys.derive_key

    def derive_key(*args, **kwargs):
        seen["at_derive"].append(state())
        return original(*args, **kwargs)

    wallet.store.keys.derive_key = derive_key
    atexit.register(lambda: print("PROBE " + json.dumps(seen)))
    from wallet.cli import main
    sys.argv = ["mydata-wallet", "--vault", sys.argv[1], "records", "--limit", "1"]
    main()  # as the console script calls it
    """
)

GUI_PROBE = PRELUDE + textwrap.dedent(
    """
    from pathlib import Path
    import wallet.ui.app as app
    seen = {"start": state()}

    def fake_run(vault_dir, demo, open_file=None):
        seen["in_app"] = state()
        return 0

    app._run = fake_run
    os.environ["MYDATA_WALLET_NORMAL_EXIT"] = "1"
    app.run(Path(sys.argv[1]))
    print("PROBE " + json.dumps(seen))
    """
)

CRASH = PRELUDE + textwrap.dedent(
    """
    if sys.argv[1] == "control":
        os.abort()
    import click
    from wallet.cli import cli, main

    @cli.command("crash-for-test")
    def crash():
        os.abort()

    sys.argv = ["mydata-wallet", "crash-for-test"]
    main()
    """
)


def _child(script: str, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MYDATA_WALLET")}
    env["MYDATA_WALLET_PASSPHRASE"] = PASSPHRASE
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONPATH"] = os.pathsep.join([str(Path(__file__).resolve().parents[1]), env.get("PYTHONPATH", "")])
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=120,
        check=False,
    )


def _probe(result: subprocess.CompletedProcess[str]) -> dict:
    lines = [line for line in result.stdout.splitlines() if line.startswith("PROBE ")]
    assert lines, result.stdout + result.stderr
    return json.loads(lines[-1][len("PROBE ") :])


def _off(state: dict) -> bool:
    dumpable_off = state["dumpable"] is False if sys.platform.startswith("linux") else True
    return state["rlimit"] == [0, 0] and dumpable_off


def test_cli_turns_core_dumps_off_before_the_key_is_derived(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())[0].close()
    result = _child(CLI_PROBE, str(folder), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    seen = _probe(result)
    if _off(seen["start"]):
        pytest.skip("core dumps are off for this test process already (hard RLIMIT_CORE 0): nothing to show")
    assert seen["at_derive"], "the command derived no key: the probe did not see the moment that matters"
    assert all(_off(s) for s in seen["at_derive"]), seen


@pytest.mark.slow
def test_gui_entry_point_turns_core_dumps_off(tmp_path: Path) -> None:
    result = _child(GUI_PROBE, str(tmp_path / "v"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    seen = _probe(result)
    if _off(seen["start"]):
        pytest.skip("core dumps are off for this test process already (hard RLIMIT_CORE 0): nothing to show")
    assert _off(seen["in_app"]), seen


@pytest.mark.slow
def test_a_crash_leaves_no_core_file(tmp_path: Path) -> None:
    control = tmp_path / "control"
    control.mkdir()
    result = _child(CRASH, "control", cwd=control)
    assert result.returncode == -signal.SIGABRT
    if not any(control.glob("core*")):
        pattern = Path("/proc/sys/kernel/core_pattern")
        where = pattern.read_text().strip() if pattern.exists() else "the system's setting"
        pytest.skip(f"this machine writes no core file to the working folder even when allowed ({where})")
    crashed = tmp_path / "wallet"
    crashed.mkdir()
    result = _child(CRASH, "wallet", cwd=crashed)
    assert result.returncode == -signal.SIGABRT, result.stderr
    assert list(crashed.iterdir()) == []
