"""The bank CSV plug-in's command-line part: ``mydata-wallet csv-profiles ...``.

``csv-profiles`` lists the built-in profiles (no vault needed); ``csv-profiles
show NAME`` prints one; ``csv-profiles add FILE.toml`` checks a profile written
by the person and keeps it in the vault; ``csv-profiles mine`` lists those.
``mydata-wallet import`` then recognises a file one of them describes, as the
app does; ``--connector bank_csv --option profile=NAME`` forces a profile.

Registered in the entry-point group ``mydata_wallet.cli`` under the connector's
id (see :mod:`wallet.imports.connector`); :mod:`wallet.cli` calls :func:`register`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from connectors.bank_csv import (
    CLI_COMMAND,
    CsvProfile,
    CsvProfileError,
    builtin_profiles,
    load_profiles,
    parse_profile_toml,
    save_profile,
)
from wallet.cli.termsafe import echo, echo_json

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def _line(profile: CsvProfile, origin: str) -> str:
    enc = profile.encoding or "auto"
    return f"{profile.name:<32} {origin:<8} {enc:<8} {profile.description}".rstrip()


def register(group: click.Group) -> None:
    """Add the ``csv-profiles`` commands to ``group`` (the ``mydata-wallet`` command)."""
    from wallet.cli.context import vault_command  # here, not at the top: wallet.cli calls this while it loads

    @group.group(CLI_COMMAND, invoke_without_command=True)
    @click.pass_context
    def csv_profiles(ctx: click.Context) -> None:
        """List the bank CSV layout profiles (built-in)."""
        if ctx.invoked_subcommand is None:
            for profile in builtin_profiles().values():
                echo(_line(profile, "built-in"))

    @csv_profiles.command("show")
    @click.argument("name")
    def show(name: str) -> None:
        """Print a built-in profile as JSON."""
        profiles = builtin_profiles()
        if name not in profiles:
            raise CsvProfileError(f"no built-in CSV profile named {name!r} (see: mydata-wallet {CLI_COMMAND})")
        echo_json(profiles[name].model_dump(mode="json"))

    @csv_profiles.command("add")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @vault_command
    def add(vault: Vault, path: Path) -> None:
        """Check a profile written in TOML and keep it in the vault."""
        from wallet.imports.inputs import InputRefused, read_input

        try:
            text = read_input(path, 1024 * 1024, str(path), what="profile file").decode("utf-8")
        except UnicodeDecodeError:
            raise InputRefused(f"{path}: not UTF-8 text") from None
        profile = parse_profile_toml(text)
        save_profile(vault, profile)
        echo(f"saved CSV profile {profile.name}")

    @csv_profiles.command("mine")
    @vault_command
    def mine(vault: Vault) -> None:
        """List the built-in profiles and the ones kept in the vault."""
        builtin = builtin_profiles()
        for name, profile in load_profiles(vault).items():
            own = name not in builtin or profile != builtin[name]
            echo(_line(profile, "vault" if own else "built-in"))
