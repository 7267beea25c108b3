"""The ``persons`` commands: the people whose records the vault keeps (list, add, rename, move records)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from wallet.cli.context import parse_day, vault_command
from wallet.cli.termsafe import echo

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def register(group: click.Group) -> None:
    """Add the ``persons`` group to ``group``."""
    group.add_command(persons)


@click.group()
def persons() -> None:
    """The people whose records the vault keeps."""


@persons.command("list")
@vault_command
def persons_list(vault: Vault) -> None:
    """List people with their record counts."""
    counts = dict(vault.counts_by("person_id"))
    for p in vault.persons():
        born = p.birth_date.isoformat() if p.birth_date else "-"
        role = "holder" if p.is_holder else ""
        echo(f"{p.id}  {p.label:<30} born {born:<10} {counts.get(p.id, 0):>7} records  {role}")


@persons.command("add")
@click.argument("name")
@click.option("--birth-date")
@vault_command
def persons_add(vault: Vault, name: str, birth_date: str | None) -> None:
    """Add someone you care for (a child, a parent)."""
    from wallet.model import Person

    person = Person(name=name, birth_date=parse_day(birth_date))
    vault.save_person(person)
    vault.audit("person.add", {"id": person.id})
    echo(person.id)


@persons.command("rename")
@click.argument("person")
@click.argument("name")
@vault_command
def persons_rename(vault: Vault, person: str, name: str) -> None:
    """Rename a person."""
    p = vault.resolve_person(person)
    p.name = name
    vault.save_person(p)
    vault.audit("person.rename", {"id": p.id})
    echo(f"{p.id} is now {name}")


@persons.command("move")
@click.argument("record_ids", nargs=-1, required=True)
@click.option("--to", "to_person", required=True, help="Name or id of the person to move them to.")
@vault_command
def persons_move(vault: Vault, record_ids: tuple[str, ...], to_person: str) -> None:
    """Move records to another person."""
    target = vault.resolve_person(to_person)
    ids = [vault.get(r).id for r in record_ids]
    echo(f"moved {vault.move_records(ids, target.id)} records to {target.label}")
