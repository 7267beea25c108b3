"""``--demo COMMAND``: the command runs on a fresh throwaway vault filled with the sample data, never on yours."""

from __future__ import annotations

from pathlib import Path

import click

from wallet.cli.context import cli_state, fail
from wallet.cli.hints import say
from wallet.cli.termsafe import echo
from wallet.errors import WalletError

# Commands that make no sense on a throwaway vault: refused with --demo rather than run anywhere.
DEMO_REFUSED = {
    "init": "the demo makes its own throwaway vault; run 'init' without --demo to create yours",
    "passwd": "the demo vault is thrown away when the command ends; it has no passphrase to change",
}


def start_demo(ctx: click.Context, command: str) -> None:
    """Run the command on a fresh throwaway vault filled with the sample data.

    The vault folder of ``--vault`` / MYDATA_WALLET_VAULT is replaced before the command starts,
    so nothing the command does can reach the user's vault; the demo folder is removed at the end.
    """
    import secrets
    import shutil
    import tempfile

    from wallet.errors import PersonMatchUncertain
    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source
    from wallet.resources import resource_path
    from wallet.store.keys import KdfParams
    from wallet.store.vault import Vault

    state = cli_state(ctx)
    if command in DEMO_REFUSED:
        fail(f"--demo cannot be used with {command}: {DEMO_REFUSED[command]}")
    state.demo = True
    if command == "gui":
        return  # the app makes (and removes) its own throwaway vault
    root = Path(tempfile.mkdtemp(prefix="mydata-wallet-demo-"))
    ctx.call_on_close(lambda: shutil.rmtree(root, ignore_errors=True))
    state.vault_dir = root / "vault"
    state.demo_passphrase = secrets.token_urlsafe(24)
    demo_files = sorted(p for p in resource_path("demo").rglob("*") if p.is_file() and p.name != "README.md")
    vault, _recovery = Vault.create(state.vault_dir, state.demo_passphrase, kdf=KdfParams.floor())
    try:
        for f in demo_files:
            try:
                try:
                    import_source(vault, Source(f))
                except PersonMatchUncertain:
                    import_source(vault, Source(f), person="new")  # the sample files are different people
            except WalletError as exc:
                echo(f"note: demo file not imported: {say(exc)}", err=True)
        count = vault.count()
    finally:
        vault.close()
    echo(
        f"demo: a throwaway vault with {count} sample records (removed when this command ends); "
        "your own vault is not opened",
        err=True,
    )
