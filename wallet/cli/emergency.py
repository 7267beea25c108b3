"""``mydata-wallet emergency``: the emergency record printout as a PDF.

A printout is a disclosure: the command shows exactly what will be printed,
with an id in brackets for every item, and writes the PDF only when the
person types ``approve``.  Anything else, or the end of input, cancels and
writes nothing.  Leave items out with ``--exclude ID`` (repeatable, or
comma-separated).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wallet.cli.context import fail, open_vault_from_ctx, vault_command
from wallet.cli.termsafe import echo, echo_lines, echo_text
from wallet.features.emergency import printout
from wallet.features.emergency.content import render_text
from wallet.features.emergency.labels import LANGS, Lang
from wallet.features.emergency.pdf import FORMATS, Format

if TYPE_CHECKING:
    from wallet.store.vault import Vault


@click.group("emergency", invoke_without_command=True)
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), help="The PDF file to write.")
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
@click.pass_context
def emergency(
    ctx: click.Context,
    out: Path | None,
    lang: Lang,
    person: str | None,
    fmt: Format,
    with_shc: bool,
    exclude: tuple[str, ...],
) -> None:
    """Print an emergency medical record (PDF) after you have seen and approved it.

    `emergency issuer-key --out FILE` exports the public key that signs the self-issued
    SMART Health Card (--with-shc), so that a verifier can check the card.
    """
    if ctx.invoked_subcommand is not None:
        return
    if out is None:
        raise click.UsageError("Missing option '--out'.")
    _print_record(open_vault_from_ctx(ctx), out, lang, person, fmt, with_shc, exclude)


def _print_record(
    vault: Vault, out: Path, lang: Lang, person: str | None, fmt: Format, with_shc: bool, exclude: tuple[str, ...]
) -> None:
    who = vault.resolve_person(person)
    ids = [part.strip() for value in exclude for part in value.split(",") if part.strip()]
    prepared = printout.prepare(vault, who.id, exclude=ids, lang=lang, fmt=fmt, with_shc=with_shc)
    echo_text(render_text(prepared.summary, prepared.lang))
    echo("")
    echo("QR code (plain text, readable by any phone camera):")
    echo_lines("    " + line for line in prepared.rendered.plain_text.split("\n"))
    if with_shc:
        if prepared.rendered.shc_jws:
            echo("Second QR code: a SMART Health Card signed with your own key (self-issued).")
        for note in prepared.notes:
            echo(f"note: {note}")
    echo("")
    replaces = " (it replaces the existing file)" if out.exists() else ""
    echo(f"This will write the record above to {out}{replaces}.")
    echo(f"Type {printout.APPROVE_WORD} to write it; anything else cancels: ", nl=False)
    answer = sys.stdin.readline()
    if answer.strip() != printout.APPROVE_WORD:
        if not answer:
            echo("")
        printout.record_cancelled(vault, prepared, "cli")
        echo("cancelled: nothing was written", err=True)
        sys.exit(1)
    path = printout.export(vault, prepared, out)
    echo(f"wrote {path} ({len(prepared.pdf) // 1024} KB, {fmt}); recorded in the audit log")


@emergency.command("issuer-key")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The JWKS file to write (your public key only).",
)
@click.option(
    "--iss",
    default=None,
    metavar="URL",
    help="An https URL you control: cards printed from now on name it as issuer, and you publish "
    "the file at URL/.well-known/jwks.json.",
)
@click.option("--forget-iss", is_flag=True, help="Go back to an unpublished key (cards name no URL).")
@vault_command
def issuer_key(vault: Vault, out: Path, iss: str | None, forget_iss: bool) -> None:
    """Export the public key that signs your self-issued SMART Health Card (a JWKS file)."""
    from wallet.features.emergency import shc
    from wallet.store.files import atomic_write
    from wallet.store.signing_keys import holder_key

    if iss is not None and forget_iss:
        fail("give --iss URL or --forget-iss, not both")
    checked = shc.check_iss(iss) if iss is not None else None
    key = holder_key(vault)
    jwks = shc.public_jwks(key)
    kid = jwks["keys"][0]["kid"]
    # a public key: readable by others on purpose (0644), it is meant to be published
    path = atomic_write(out, (json.dumps(jwks, indent=2) + "\n").encode("utf-8"), mode=0o644)
    if checked is not None:
        shc.set_issuer_url(vault, checked)
    elif forget_iss:
        shc.set_issuer_url(vault, None)
    vault.audit("emergency.issuer_key", {"iss": "set" if checked else "forgotten" if forget_iss else "unchanged"})
    echo(f"wrote {path}: your public key only (no private key, no health data)")
    echo(f"key fingerprint (kid): {shc.fingerprint(kid)}  (printed beside the card's QR code)")
    current = shc.issuer_url(vault)
    if current:
        echo(f"issuer (iss) of cards printed from now on: {current}")
        echo(f"publish {path.name} at {shc.jwks_url(current)} (https; allow cross-origin reads for web verifiers)")
    else:
        echo("no issuer URL set: a verifier needs this file from you, and checks the fingerprint on the paper")
        echo("to let verifiers fetch it, publish it and run: mydata-wallet emergency issuer-key --out FILE --iss URL")


def register(group: click.Group) -> None:
    """Add the ``emergency`` commands to the top-level group."""
    group.add_command(emergency)
