"""The vault's own commands: ``init``, ``passwd``, ``check`` and ``audit``."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

import click

from wallet.cli.context import cli_state, fail, get_passphrase, say_opened, say_unlock_wait, vault_command
from wallet.cli.termsafe import echo, echo_json
from wallet.errors import KeyringUnavailable

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def _require_strong(passphrase: str) -> None:
    from wallet.store.passphrase import RULE, estimate

    strength = estimate(passphrase)
    if not strength.acceptable:
        why = "too short" if strength.problem in ("short", "empty") else "too easy to guess"
        fail(f"that passphrase is {why}. {RULE} Several unrelated words make a strong one (e.g. four random words).")


def register(group: click.Group) -> None:
    """Add the vault's commands (create, change the passphrase, check, read the audit log) to ``group``."""
    group.add_command(init)
    group.add_command(check)
    group.add_command(passwd)
    group.add_command(audit)


@click.command()
@click.option("--remember", is_flag=True, help="Keep the key in the OS keyring on this computer.")
@click.pass_context
def init(ctx: click.Context, remember: bool) -> None:
    """Create a new encrypted vault."""
    from wallet.store.vault import Vault

    state = cli_state(ctx)
    passphrase = get_passphrase("New passphrase", confirm=True)
    _require_strong(passphrase)
    echo("Deriving the key (this takes about a second)...", err=True)
    vault, recovery = Vault.create(state.vault_dir, passphrase)
    try:
        echo(f"Created a vault in {state.vault_dir}")
        echo("")
        echo("Recovery key (shown only this once; store it somewhere safe, e.g. printed):")
        echo(f"    {recovery}")
        echo("")
        if remember:
            try:
                vault.set_remembered(True)
                echo("The key is remembered in this computer's keyring.")
            except KeyringUnavailable as exc:
                echo(f"note: not remembered: {exc}", err=True)
    finally:
        vault.close()


@click.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check the integrity of the vault and of its audit chain (changes nothing)."""
    from wallet.store.vault import Vault

    state = cli_state(ctx)
    passphrase = get_passphrase()
    say_unlock_wait(state.vault_dir)
    vault = Vault.open(state.vault_dir, passphrase, for_check=True)
    try:
        problems = vault.check()
        if problems:
            for p in problems:
                echo(f"PROBLEM: {p}")
            sys.exit(1)
        echo(f"ok: database intact, audit chain intact, {vault.count()} records, schema {vault.schema_version}")
    finally:
        vault.close()


@click.command()
@click.option("--recovery", is_flag=True, help="Unlock with the recovery key (if the passphrase is lost).")
@click.pass_context
def passwd(ctx: click.Context, recovery: bool) -> None:
    """Change the passphrase (instant: only the key is rewrapped)."""
    from wallet.store.vault import Vault

    state = cli_state(ctx)
    if recovery:
        key = os.environ.get("MYDATA_WALLET_RECOVERY_KEY") or click.prompt("Recovery key", hide_input=True)
        say_unlock_wait(state.vault_dir)
        vault = Vault.open(state.vault_dir, recovery_key=key)
    else:
        current = get_passphrase("Current passphrase")
        say_unlock_wait(state.vault_dir)
        vault = Vault.open(state.vault_dir, current)
    try:
        say_opened(vault)
        if vault.read_only:
            fail(f"the vault in {state.vault_dir} is read-only: its passphrase cannot be changed")
        new = os.environ.get("MYDATA_WALLET_NEW_PASSPHRASE")
        if new is None:
            if not sys.stdin.isatty():
                fail("no new passphrase: set MYDATA_WALLET_NEW_PASSPHRASE or run from a terminal")
            new = click.prompt("New passphrase", hide_input=True, confirmation_prompt=True)
        _require_strong(new)
        vault.change_passphrase(new)
        echo("passphrase changed")
    finally:
        vault.close()


@click.command()
@click.option("--limit", type=int, default=100)
@click.option("--json", "as_json", is_flag=True)
@vault_command
def audit(vault: Vault, limit: int, as_json: bool) -> None:
    """List the audit log (newest first) and say whether its chain is intact."""
    entries = vault.audit_entries(limit=limit)
    problems = vault.audit_problems()
    if as_json:
        echo_json({"entries": entries, "problems": problems})
    else:
        for e in entries:
            detail = " ".join(f"{k}={v}" for k, v in e["detail"].items())
            echo(f"{e['seq']:>6}  {e['time'][:19]}  {e['action']:<24} {detail}")
        echo("chain: intact" if not problems else "chain: BROKEN - " + "; ".join(problems))
    if problems:
        sys.exit(1)
