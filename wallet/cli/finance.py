"""``mydata-wallet csv-profiles ...``: the bank CSV layouts the wallet knows.

``csv-profiles`` lists the built-in profiles (no vault needed); ``csv-profiles
show NAME`` prints one; ``csv-profiles add FILE.toml`` checks a profile written
by the person and keeps it in the vault; ``csv-profiles mine`` lists those.
A profile is then used with ``mydata-wallet import FILE.csv --connector
bank_csv --option profile=NAME``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from wallet.cli.termsafe import echo, echo_json


def _line(profile: Any, origin: str) -> str:
    enc = profile.encoding or "auto"
    return f"{profile.name:<32} {origin:<8} {enc:<8} {profile.description}".rstrip()


def register(group: click.Group) -> None:
    from wallet.cli import vault_command  # here, not at the top: wallet.cli imports this module while loading

    @group.group("csv-profiles", invoke_without_command=True)
    @click.pass_context
    def csv_profiles(ctx: click.Context) -> None:
        """List the bank CSV layout profiles (built-in)."""
        if ctx.invoked_subcommand is None:
            from connectors.bank_csv import builtin_profiles

            for profile in builtin_profiles().values():
                echo(_line(profile, "built-in"))

    @csv_profiles.command("show")
    @click.argument("name")
    def show(name: str) -> None:
        """Print a built-in profile as JSON."""
        from connectors.bank_csv import CsvProfileError, builtin_profiles

        profiles = builtin_profiles()
        if name not in profiles:
            raise CsvProfileError(f"no built-in CSV profile named {name!r} (see: mydata-wallet csv-profiles)")
        echo_json(profiles[name].model_dump(mode="json"))

    @csv_profiles.command("add")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @vault_command
    def add(vault: Any, path: Path) -> None:
        """Check a profile written in TOML and keep it in the vault."""
        from connectors.bank_csv import parse_profile_toml, save_profile
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
    def mine(vault: Any) -> None:
        """List the built-in profiles and the ones kept in the vault."""
        from connectors.bank_csv import builtin_profiles, load_profiles

        builtin = builtin_profiles()
        for name, profile in load_profiles(vault).items():
            own = name not in builtin or profile != builtin[name]
            echo(_line(profile, "vault" if own else "built-in"))
