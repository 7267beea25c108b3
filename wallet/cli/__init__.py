"""The ``mydata-wallet`` command line.  It calls the same core functions as the GUI.

Every user error prints one line on stderr and exits non-zero; no traceback.
The passphrase comes from ``MYDATA_WALLET_PASSPHRASE`` (for scripts, as restic
and borg do), from the OS keyring when the vault was remembered, or from a
prompt on the terminal (see ``wallet.cli.context``).

This module holds the root group, the entry point and its error handling; the
commands come from one module per command group (``COMMAND_MODULES``) and from
the plug-ins (``PLUGIN_GROUP``), each adding its own through ``register(cli)``.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

import click

from wallet.cli.context import CliState, cli_state, fail
from wallet.cli.hints import say
from wallet.cli.termsafe import echo, echo_text
from wallet.errors import EXIT_KEY_FILE_DAMAGED, KeyFileDamaged, WalletError, WrongPassphrase

# The modules that add the commands, one per command group; each exposes register(group).
COMMAND_MODULES: tuple[str, ...] = (
    "vault",
    "records",
    "persons",
    "sources",
    "documents",
    "medical",
    "share",
    "emergency",
    "issuers",
    "backup",
    "export",  # after "records": its delete widens the records' delete
    "trials",
    "insights",
    "money",
    "claims",
    "energy",
    "listening",
    "series",
)
# Plug-ins add theirs through this entry-point group: register(group), under the connector's id
# (see wallet.imports.connector); the bank CSV connector's csv-profiles commands come this way.
PLUGIN_GROUP = "mydata_wallet.cli"
FRONTEND_GROUP = "mydata_wallet.frontends"  # the desktop app: found, not imported (wallet.ui sits beside the CLI)


def _show_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``: the program's version and those of SQLCipher, Qt and Python (as About shows them)."""
    if not value or ctx.resilient_parsing:
        return
    from wallet.provenance import build_versions

    for line in build_versions().lines():
        echo(line)
    ctx.exit()


@click.group(invoke_without_command=True)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_show_version,
    help="Show the version and those of SQLCipher, Qt and Python, and exit.",
)
@click.option(
    "--vault",
    "vault_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MYDATA_WALLET_VAULT",
    help="Vault folder (default: your user data folder; or MYDATA_WALLET_VAULT).",
)
@click.option("--demo", is_flag=True, help="Open a throwaway vault filled with sample data.")
@click.pass_context
def cli(ctx: click.Context, vault_dir: Path | None, demo: bool) -> None:
    """MyData Wallet: your personal data, encrypted, on your own computer.

    Run with no command to open the desktop app.
    """
    from wallet.store.vault import default_vault_dir

    ctx.obj = CliState(vault_dir or default_vault_dir())
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui, demo=demo)
    elif demo:
        from wallet.cli.demo import start_demo

        start_demo(ctx, ctx.invoked_subcommand)


@cli.command()
@click.option("--demo", is_flag=True, help="Open a throwaway vault filled with sample data.")
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
def gui(ctx: click.Context, demo: bool, file: Path | None) -> None:
    """Open the desktop app; with FILE (what the desktop's "Open with" passes), verify that share bundle or
    import that health card once the vault is open."""
    from importlib.metadata import entry_points

    found = entry_points(group=FRONTEND_GROUP, name="gui")
    if not found:
        fail("the desktop app is not installed with this copy of mydata-wallet")
    try:
        run = next(iter(found)).load()
    except ImportError as exc:
        fail(f"the desktop app cannot start: {exc}")
    state = cli_state(ctx)
    if file is None:
        sys.exit(run(state.vault_dir, demo=demo or state.demo))
    sys.exit(run(state.vault_dir, demo=demo or state.demo, open_file=file.resolve()))


def _register_commands() -> None:
    """Each command module's commands: ``register(cli)``."""
    for name in COMMAND_MODULES:
        importlib.import_module(f"wallet.cli.{name}").register(cli)


def _register_plugins() -> None:
    """Each plug-in's command-line part: ``register(cli)``; one that fails is logged and left out."""
    import logging
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            ep.load()(cli)
        except Exception as exc:  # a broken plug-in must not break the command line
            logging.getLogger(__name__).warning("the command-line part of %s could not be loaded: %s", ep.name, exc)


_register_commands()
_register_plugins()


def _show_click_error(exc: click.ClickException) -> None:
    """click's own error (usage, hint, "Error: ..."), printed through wallet.cli.termsafe: it may name a file."""
    import io

    buffer = io.StringIO()
    exc.show(file=buffer)
    text = buffer.getvalue().rstrip("\n")
    message = f"Error: {exc.format_message()}"
    if not text.endswith(message):
        echo_text(text, err=True)
        return
    layout = text[: len(text) - len(message)]
    if layout:
        echo_text(layout[:-1], err=True)  # the usage line, the hint, the blank line
    echo(message, err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: readable one-line errors, never a traceback."""
    from wallet.hardening import disable_core_dumps

    if argv is None:  # this process's own command line: first, before any passphrase is read or key derived
        disable_core_dumps()  # (called with argv, e.g. by a test, it leaves its host process's limits alone)
    try:
        cli.main(args=argv, prog_name="mydata-wallet", standalone_mode=False)
    except click.exceptions.Abort:
        fail("cancelled", 130)
    except click.ClickException as exc:
        _show_click_error(exc)
        sys.exit(exc.exit_code)
    except WrongPassphrase as exc:
        fail(_wrong_passphrase(exc), 3)
    except KeyFileDamaged as exc:
        fail(say(exc), EXIT_KEY_FILE_DAMAGED)
    except WalletError as exc:
        fail(say(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("MYDATA_WALLET_DEBUG"):
            raise
        from wallet.store.vault import storage_error

        mapped = storage_error(exc)  # SQLite or the disk outside a vault command: still one plain line
        if mapped is not None:
            fail(say(mapped))
        fail(f"internal error: {type(exc).__name__}: {exc} (set MYDATA_WALLET_DEBUG=1 for details)", 70)
    sys.exit(0)


def _wrong_passphrase(exc: WrongPassphrase) -> str:
    """``wrong passphrase (4 failed attempts in a row; the next try waits 2 s)``."""
    if exc.failed_attempts < 2:
        return str(exc)
    wait = f"; the next try waits {exc.next_wait:.0f} s" if exc.next_wait > 0 else ""
    return f"{exc} ({exc.failed_attempts} failed attempts in a row{wait})"


if __name__ == "__main__":
    main()
