"""``mydata-wallet emergency``: the emergency record printout as a PDF.

A printout is a disclosure: the command shows exactly what will be printed,
with an id in brackets for every item, and writes the PDF only when the
person types ``approve``.  Anything else, or the end of input, cancels and
writes nothing.  Leave items out with ``--exclude ID`` (repeatable, or
comma-separated).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from wallet.cli import vault_command
from wallet.emergency import printout
from wallet.emergency.content import render_text
from wallet.emergency.labels import LANGS
from wallet.emergency.pdf import FORMATS


@click.command("emergency")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The PDF file to write."
)
@click.option(
    "--lang",
    type=click.Choice(list(LANGS)),
    default="ko",
    show_default=True,
    help="Language printed first (the other one follows).",
)
@click.option("--person", default=None, metavar="NAME|ID", help="Whose record (default: the vault's holder).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(list(FORMATS)),
    default="a4",
    show_default=True,
    help="A full page (a4, letter) or a fold-out wallet card on an A4 sheet.",
)
@click.option("--with-shc", is_flag=True, help="Add a SMART Health Card QR signed with your own key.")
@click.option(
    "--exclude",
    "exclude",
    multiple=True,
    metavar="ITEM",
    help="Leave an item out (its id from the preview); repeatable or comma-separated.",
)
@vault_command
def emergency(
    vault: Any, out: Path, lang: str, person: str | None, fmt: str, with_shc: bool, exclude: tuple[str, ...]
) -> None:
    """Print an emergency medical record (PDF) after you have seen and approved it."""
    who = vault.resolve_person(person)
    ids = [part.strip() for value in exclude for part in value.split(",") if part.strip()]
    prepared = printout.prepare(vault, who.id, exclude=ids, lang=lang, fmt=fmt, with_shc=with_shc)  # type: ignore[arg-type]
    click.echo(render_text(prepared.summary, prepared.lang))
    click.echo("")
    click.echo("QR code (plain text, readable by any phone camera):")
    click.echo("    " + prepared.rendered.plain_text.replace("\n", "\n    "))
    if with_shc:
        if prepared.rendered.shc_jws:
            click.echo("Second QR code: a SMART Health Card signed with your own key (self-issued).")
        for note in prepared.notes:
            click.echo(f"note: {note}")
    click.echo("")
    replaces = " (it replaces the existing file)" if out.exists() else ""
    click.echo(f"This will write the record above to {out}{replaces}.")
    click.echo(f"Type {printout.APPROVE_WORD} to write it; anything else cancels: ", nl=False)
    answer = sys.stdin.readline()
    if answer.strip() != printout.APPROVE_WORD:
        if not answer:
            click.echo("")
        printout.record_cancelled(vault, prepared, "cli")
        click.echo("cancelled: nothing was written", err=True)
        sys.exit(1)
    path = printout.export(vault, prepared, out)
    click.echo(f"wrote {path} ({len(prepared.pdf) // 1024} KB, {fmt}); recorded in the audit log")


def register(group: click.Group) -> None:
    group.add_command(emergency)
