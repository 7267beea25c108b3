"""Fuzzing every connector and ``verify`` briefly (benchmarks/fuzz.py runs the same targets longer).

Inputs are small real files mutated with values that once broke an import (fuzz_support.TOKENS);
each example goes through the real import into a real vault.  Memory is measured on large
inputs by benchmarks/bench_hostile.py, not here: these inputs are a few kilobytes.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from fuzz_support import TARGETS, check_import, check_verify, mutate, mutations, seed_bytes
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

EXAMPLES = 50
PASSPHRASE = "correct horse battery staple"
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=True,  # the same examples on every run: a failure here is reproducible
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.mark.slow  # 50 full imports per connector (OFX: minutes); the quick subset keeps test_fuzz_verify
@pytest.mark.parametrize("name", sorted(TARGETS))
def test_fuzz_connector(name: str, tmp_path: Path) -> None:
    target = TARGETS[name]
    vault, _ = Vault.create(tmp_path / "vault", PASSPHRASE, kdf=KdfParams.floor())
    suffix = target.suffix or target.seeds[0].suffix
    path = tmp_path / f"input{suffix}"
    seen: set[str] = set()

    @FUZZ
    @given(index=st.integers(0, len(target.seeds) - 1), ops=mutations)
    def run(index: int, ops: list) -> None:  # type: ignore[type-arg]
        path.write_bytes(mutate(seed_bytes(target, index), ops))
        seen.add(check_import(vault, path, target))

    try:
        path.write_bytes(seed_bytes(target, 0))
        assert not check_import(vault, path, target).startswith("failed")  # the seed itself imports
        run()
    finally:
        vault.close()
    assert len(seen) > 1  # the mutations reached the connector in more than one way


def test_fuzz_verify(vault: Vault, tmp_path: Path) -> None:
    from share_support import fill, request

    from wallet.features.share.bundle import create_share
    from wallet.features.share.selection import prepare

    holder_id, _ = fill(vault)
    plan = prepare(vault, request(holder_id, expires=date.today() + timedelta(days=10)))
    seed = create_share(vault, plan, tmp_path / "bundle.zip").path.read_bytes()
    assert check_verify(tmp_path / "bundle.zip").startswith("signature valid")
    path = tmp_path / "mutated.zip"
    verdicts: set[str] = set()

    @FUZZ
    @given(ops=mutations)
    def run(ops: list) -> None:  # type: ignore[type-arg]
        path.write_bytes(mutate(seed, ops))
        verdicts.add(check_verify(path))

    run()
    assert any(v.startswith("NOT VERIFIED") for v in verdicts)
