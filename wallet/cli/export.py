"""``export-all``, ``imports`` and ``delete``: take everything out, and delete a person, a source or the vault.

``export-all --out DIR`` prints what will be written and asks for the word ``export`` (``--yes``
skips the question, for scripts).  ``delete`` keeps deleting records by id as before
(``delete RECORD_ID ... [--yes]``, from wallet.cli.records) and adds ``--person``, ``--source``
(an import id, from ``imports``) and ``--vault``: each shows what goes and asks for a typed
confirmation (the person's name, or ``DELETE``); ``--yes`` skips it.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wallet.cli.context import fail, open_vault_from_ctx, vault_command
from wallet.cli.termsafe import echo, echo_lines

if TYPE_CHECKING:
    from wallet.store.vault import Vault

EXPORT_WORD = "export"
DELETE_WORD = "DELETE"


def register(group: click.Group) -> None:
    """Add ``export-all`` and ``imports``, and widen ``delete`` (records by id) with --person/--source/--vault."""
    group.add_command(export_all_cmd)
    group.add_command(imports_cmd)
    group.add_command(_delete_command(group.commands.get("delete")))


def _ask(prompt: str, word: str) -> bool:
    """Whether the line typed after ``prompt`` is ``word`` (the end of input cancels)."""
    echo(prompt, nl=False)
    answer = sys.stdin.readline()
    echo("")
    return answer.strip() == word


@click.command("export-all")
@click.option(
    "--out",
    required=True,
    type=click.Path(path_type=Path),
    help="A new or empty folder to write everything to (unencrypted).",
)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@vault_command
def export_all_cmd(vault: Vault, out: Path, yes: bool) -> None:
    """Export everything in open formats (FHIR NDJSON, CSV, the original files) with a signed manifest."""
    from wallet.features.export_all import check_target, export_all, plan_export

    check_target(out)  # refused before asking: a folder that is not empty, a missing parent
    echo_lines(plan_export(vault).lines())
    echo(f"  folder: {out.expanduser().resolve()}")
    if not yes and not _ask(f"Type '{EXPORT_WORD}' to write it; anything else cancels: ", EXPORT_WORD):
        vault.audit("export.cancel", {"where": "cli"})
        echo("cancelled: nothing was written", err=True)
        sys.exit(1)
    result = export_all(vault, out)
    echo(f"wrote {len(result.files)} files to {result.folder} (manifest.json, signed as manifest.jws)")
    for note in result.notes:
        echo(f"note: {note}")


@click.command("imports")
@vault_command
def imports_cmd(vault: Vault) -> None:
    """List the imports: when, which connector, what it added; the id is what delete --source takes."""
    for item in vault.imports():
        added = (item["report"] or {}).get("added", 0)
        echo(
            f"{item['id'][:12]}  {str(item['started'])[:16]:<16}  {item['connector']:<16} "
            f"{item['status']:<11} {added:>7} added  {item['source']}"
        )


def _backup_hint() -> str:
    """What to say about backups: copies there remain; the prune command when it exists."""
    text = "copies of the vault in backups remain until those backups are deleted too"
    if importlib.util.find_spec("wallet.cli.backup") is not None:
        text += " (mydata-wallet backup prune deletes old backups; delete the others where they are kept)"
    return text


def _backup_sentence() -> str:
    text = _backup_hint()
    return text[0].upper() + text[1:] + "."


def _delete_person(vault: Vault, name_or_id: str, yes: bool) -> None:
    person = vault.resolve_person(name_or_id)
    if person.is_holder:
        fail("the holder cannot be deleted; to delete everything, use: mydata-wallet delete --vault")
    records = vault.count(person_id=person.id)
    docs = int(
        vault.conn.execute(
            "SELECT count(*) FROM attachments WHERE record_id IN (SELECT id FROM records WHERE person_id = ?)",
            (person.id,),
        ).fetchone()[0]
    )
    shares = int(vault.conn.execute("SELECT count(*) FROM shares WHERE person_id = ?", (person.id,)).fetchone()[0])
    echo(f"This deletes {person.label} ({person.id}) with {records} records, {docs} document files and {shares} share")
    echo(f"receipts, for good.  {_backup_sentence()}")
    word = person.name or person.id
    if not yes and not _ask(f"Type the person's name ({word}) to delete them; anything else cancels: ", word):
        echo("cancelled: nothing was deleted", err=True)
        sys.exit(1)
    counts = vault.delete_person_everything(person.id)
    echo(f"deleted {person.label}: {counts['records']} records, {counts['attachments']} document files")


def _delete_source(vault: Vault, import_id: str, yes: bool) -> None:
    matches = [
        i for i in vault.imports() if i["id"] == import_id or (len(import_id) >= 6 and i["id"].startswith(import_id))
    ]
    if len(matches) != 1:
        fail(f"{'several imports' if matches else 'no import'} with id {import_id} (mydata-wallet imports lists them)")
    item = matches[0]
    records = int(vault.conn.execute("SELECT count(*) FROM records WHERE import_id = ?", (item["id"],)).fetchone()[0])
    echo(
        f"This deletes everything the import {item['id'][:12]} of {str(item['started'])[:10]} brought "
        f"({item['connector']}: {item['source']}): {records} records, for good."
    )
    echo(_backup_sentence())
    if not yes and not _ask(f"Type {DELETE_WORD} to delete it; anything else cancels: ", DELETE_WORD):
        echo("cancelled: nothing was deleted", err=True)
        sys.exit(1)
    counts = vault.delete_source(item["id"])
    echo(f"deleted the import {item['id'][:12]}: {counts['records']} records, {counts['attachments']} document files")


def _delete_vault(vault: Vault, yes: bool) -> None:
    people = len(vault.persons())
    records = vault.count()
    echo(f"This deletes the whole vault in {vault.path}: {people} people, {records} records.")
    echo("The key file and the key remembered in the system keyring are destroyed first, so that what is left of")
    echo("the database cannot be decrypted by anyone; then the database files are removed.  This cannot be undone,")
    echo("and it cannot be recorded in the vault's own audit log (the log is part of what is deleted).")
    echo(_backup_sentence())
    if not yes and not _ask(f"Type {DELETE_WORD} to delete the vault; anything else cancels: ", DELETE_WORD):
        echo("cancelled: nothing was deleted", err=True)
        sys.exit(1)
    folder = vault.path
    notes = vault.destroy()
    echo(f"deleted the vault in {folder}")
    for note in notes:
        echo(f"note: {note}", err=True)
    echo(f"note: {_backup_hint()}")


def _delete_command(records_delete: click.Command | None) -> click.Command:
    """``delete``: records by id (the records module's command, kept as it was), or a person, a source, the vault."""

    @click.command("delete")
    @click.argument("record_ids", nargs=-1)
    @click.option("--person", "person", metavar="NAME_OR_ID", help="Delete this person with all their records.")
    @click.option(
        "--source", "source", metavar="IMPORT_ID", help="Delete everything one import brought (see: imports)."
    )
    @click.option("--vault", "whole_vault", is_flag=True, help="Delete the whole vault (crypto-erase).")
    @click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
    @click.pass_context
    def delete(
        ctx: click.Context,
        record_ids: tuple[str, ...],
        person: str | None,
        source: str | None,
        whole_vault: bool,
        yes: bool,
    ) -> None:
        """Delete records by id, or a person (--person), an import (--source) or the whole vault (--vault).

        Every deletion but the vault's is recorded in the audit log.
        """
        chosen = [bool(record_ids), person is not None, source is not None, whole_vault]
        if sum(chosen) != 1:
            fail("say what to delete: record ids, or one of --person, --source, --vault")
        if record_ids:
            if records_delete is None:
                fail("deleting records by id is not available")
            ctx.invoke(records_delete, record_ids=record_ids, yes=yes)
            return
        from wallet.store.vault import storage_error

        vault = open_vault_from_ctx(ctx)
        try:
            if person is not None:
                _delete_person(vault, person, yes)
            elif source is not None:
                _delete_source(vault, source, yes)
            else:
                _delete_vault(vault, yes)
        except Exception as exc:
            mapped = storage_error(exc, vault.path)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc

    return delete
