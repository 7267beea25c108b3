"""The ``sources`` commands: what produced the measurements, and which source counts when several agree."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from wallet.cli.context import vault_command
from wallet.cli.termsafe import echo

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def register(group: click.Group) -> None:
    """Add the ``sources`` group to ``group``."""
    group.add_command(sources)


@click.group()
def sources() -> None:
    """The watches, phones, hospitals and files measurements came from, in order of preference.

    When several sources give the same reading (the same heart rate from the watch, the phone and a
    hospital file), it is counted once, from the source highest in this order.
    """


@sources.command("list")
@vault_command
def sources_list(vault: Vault) -> None:
    """List the sources, preferred first, with how many readings each gave."""
    from wallet.features.measurements import source_label

    found = vault.reading_sources()
    if not found:
        echo("No measurements yet.")
        return
    for position, (key, _rank, n) in enumerate(found, start=1):
        echo(f"{position:>3}. {source_label(vault, key)}  ({n:,} reading{'' if n == 1 else 's'})  [{key}]")


@sources.command("prefer")
@click.argument("source", nargs=-1, required=True)
@vault_command
def sources_prefer(vault: Vault, source: tuple[str, ...]) -> None:
    """Put these sources first, in this order (by the key in brackets that `sources list` shows)."""
    known = [key for key, _rank, _n in vault.reading_sources()]
    unknown = [s for s in source if s not in known]
    if unknown:
        raise click.UsageError(f"no source {unknown[0]!r}: `mydata-wallet sources list` shows the keys in brackets")
    vault.set_source_priority([*source, *(k for k in known if k not in source)])
    echo("Sources reordered; every reading was regrouped.")


@sources.command("reset")
@vault_command
def sources_reset(vault: Vault) -> None:
    """Return to the default order: hospital, measuring device, phone, typed in by hand."""
    vault.set_source_priority([])
    echo("Sources back in the default order.")
