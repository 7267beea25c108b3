"""What every command shares: the top-level options' state, the passphrase, the open vault, one-line failures.

The command modules (``wallet.cli.vault``, ``wallet.cli.records``, ...) and the plug-ins' command-line
parts take these from here; ``wallet.cli`` itself holds only the root group and the entry point.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from wallet.cli.termsafe import echo
from wallet.errors import KeyringUnavailable, WalletError

if TYPE_CHECKING:
    from wallet.store.vault import Vault

ENV_PASSPHRASE = "MYDATA_WALLET_PASSPHRASE"  # noqa: S105 - the name of a variable
F = TypeVar("F", bound=Callable[..., Any])


class CliState:
    """What the top-level options decided, shared by every command: the vault folder, and the vault once opened."""

    def __init__(self, vault_dir: Path) -> None:
        self.vault_dir = vault_dir
        self.vault: Vault | None = None
        self.demo = False
        self.demo_passphrase: str | None = None


def cli_state(ctx: click.Context) -> CliState:
    """The state the root group put on ``ctx`` (every command runs under the ``mydata-wallet`` group)."""
    state = ctx.find_object(CliState)
    if state is None:
        raise RuntimeError("a mydata-wallet command ran outside the mydata-wallet group")
    return state


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` to stderr as the program's own complaint and exit with ``code`` (never returns)."""
    echo(f"mydata-wallet: {message}", err=True)
    sys.exit(code)


def get_passphrase(prompt: str = "Passphrase", confirm: bool = False) -> str:
    """The passphrase: the demo vault's, else the environment's, else typed (hidden); fails with no terminal."""
    ctx = click.get_current_context(silent=True)
    state = ctx.find_object(CliState) if ctx is not None else None
    if state is not None and state.demo_passphrase is not None:
        return state.demo_passphrase  # --demo: the throwaway vault's own passphrase, never the user's
    env = os.environ.get(ENV_PASSPHRASE)
    if env is not None:
        return env
    if not sys.stdin.isatty():
        fail(f"no passphrase: set {ENV_PASSPHRASE} or run from a terminal")
    value: str = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return value


def open_vault_from_ctx(ctx: click.Context) -> Vault:
    """Open (once per command) the vault named by ``--vault`` / the environment."""
    from wallet.store import keystore
    from wallet.store.vault import Vault

    state = cli_state(ctx)
    if state.vault is not None:
        return state.vault
    folder = state.vault_dir
    keyfile = Vault.read_keyfile(folder)
    vault = None
    if keyfile.remembered and os.environ.get(ENV_PASSPHRASE) is None:
        try:
            key = keystore.recall_data_key(keyfile.vault_id)
            if key is not None:
                vault = Vault.open(folder, data_key=key)
        except KeyringUnavailable as exc:
            echo(f"note: {exc}; asking for the passphrase", err=True)
        except WalletError:
            vault = None
    if vault is None:
        passphrase = get_passphrase()
        say_unlock_wait(folder)
        vault = Vault.open(folder, passphrase)
    state.vault = vault
    ctx.call_on_close(vault.close)
    say_opened(vault)
    return vault


def say_unlock_wait(folder: Path) -> None:
    """Before an unlock that must wait after failed ones (any process's), say why it pauses."""
    from wallet.store import unlocks

    wait = unlocks.seconds_to_wait(folder)
    if wait > 0:
        echo(f"note: {unlocks.read(folder).describe()}; waiting {math.ceil(wait)} s before trying", err=True)


def say_opened(vault: Vault) -> None:
    """What the person should know about this opening: failed unlocks before it, a read-only vault."""
    if vault.failed_unlocks.count:
        echo(f"note: {vault.failed_unlocks.describe()} (recorded in the audit log)", err=True)
    if vault.read_only:
        echo(
            "note: the vault is read-only (a read-only disk or folder): it can be read, but nothing can be "
            "changed, and this opening is not recorded in the audit log",
            err=True,
        )


def vault_command(fn: F) -> F:
    """Decorator: the command receives the open vault as its first argument.

    An error of SQLite or of the disk while the command runs (a damaged page met by ``records``,
    a full disk) ends as one line saying so, not as an internal error.
    """

    @click.pass_context
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        from wallet.store.vault import storage_error

        vault = open_vault_from_ctx(ctx)
        try:
            return ctx.invoke(fn, vault, *args, **kwargs)
        except Exception as exc:
            mapped = storage_error(exc, vault.path)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


def parse_day(value: str | None) -> date | None:
    """``YYYY-MM-DD`` given as an option, or None when the option was not given; anything else fails."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"not a date: {value!r} (use YYYY-MM-DD)")
