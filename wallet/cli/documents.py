"""``mydata-wallet doc ...``: add, list, edit, link and export documents.

Documents are stored inside the encrypted vault; ``doc export`` is the one
command that writes a document's file out of it, and that is audited.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.termsafe import echo, echo_json

if TYPE_CHECKING:
    from wallet.model import Record
    from wallet.store.vault import Vault


def _fields(
    doc_type: str | None,
    issuer: str | None,
    day: str | None,
    amount: str | None,
    currency: str | None,
    tags: tuple[str, ...],
    title: str | None,
) -> dict[str, Any]:
    given = {
        "doc_type": doc_type,
        "issuer": issuer,
        "date": day,
        "amount": amount,
        "currency": currency,
        "title": title,
    }
    out: dict[str, Any] = {k: v for k, v in given.items() if v is not None}
    if tags:
        out["tags"] = [t.strip() for tag in tags for t in tag.split(",") if t.strip()]
    return out


def _line(rec: Record) -> str:
    p = rec.payload
    when = p.get("date") or "----------"
    amount = f"{p['amount']} {p.get('currency') or ''}".strip() if p.get("amount") is not None else ""
    tags = f" [{', '.join(rec.tags)}]" if rec.tags else ""
    links = f" ({len(rec.links)} linked)" if rec.links else ""
    return f"{rec.id[:12]}  {when}  {p.get('doc_type') or 'other':<21} {rec.title}  {amount}{tags}{links}".rstrip()


def _meta_options(fn: Any) -> Any:
    from wallet.features.documents import DOC_TYPES

    for opt in reversed(
        [
            click.option("--type", "doc_type", type=click.Choice(DOC_TYPES), help="What the document is."),
            click.option("--issuer", help="Who issued it (shop, clinic, office)."),
            click.option("--date", "day", metavar="YYYY-MM-DD", help="The document's date."),
            click.option("--amount", help="Amount on it, e.g. 17.35"),
            click.option("--currency", help="Currency code, e.g. USD, KRW."),
            click.option("--tag", "tags", multiple=True, help="A tag (repeatable, or comma-separated)."),
            click.option("--title", help="Title shown in lists."),
        ]
    ):
        fn = opt(fn)
    return fn


def register(group: click.Group) -> None:
    """Add the ``doc`` commands (documents: add, list, show ...) to the top-level group."""
    from wallet.cli.context import vault_command  # here, not at the top: wallet.cli imports this module while loading

    @group.group("doc")
    def doc() -> None:
        """Documents: receipts, bills, prescriptions, certificates (PDF and photos)."""

    @doc.command("add")
    @click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @_meta_options
    @click.option("--person", help="Whose document it is (name or id; default: the holder).")
    @click.option("--pdf-password", help="Password of an encrypted PDF (used only to index its text).")
    @vault_command
    def doc_add(
        vault: Vault,
        path: Path,
        doc_type: str | None,
        issuer: str | None,
        day: str | None,
        amount: str | None,
        currency: str | None,
        tags: tuple[str, ...],
        title: str | None,
        person: str | None,
        pdf_password: str | None,
    ) -> None:
        """Store a PDF, JPEG, PNG or HEIC file in the vault (the file on disk is left as it is)."""
        from wallet.features.documents import documents
        from wallet.imports.connector import Source
        from wallet.imports.pipeline import import_source

        options = _fields(doc_type, issuer, day, amount, currency, tags, title)
        if pdf_password:
            options["pdf_password"] = pdf_password
        source = Source(path)
        report = import_source(vault, source, connector_id="document", person=person, options=options)
        echo(report.summary())
        for rec in documents(vault):
            if rec.provenance.source_sha256 == source.sha256:
                for w in rec.provenance.warnings:
                    echo(f"    warning: {w}")
                echo(_line(rec))
                break

    @doc.command("list")
    @click.option("--type", "doc_type", help="Only documents of this type.")
    @click.option("--person", help="Name or id (default: the holder).")
    @click.option("--all-people", is_flag=True, help="Everyone in the vault.")
    @click.option("--json", "as_json", is_flag=True)
    @vault_command
    def doc_list(vault: Vault, doc_type: str | None, person: str | None, all_people: bool, as_json: bool) -> None:
        """List documents, newest first."""
        from wallet.features.documents import documents

        pid = None if all_people else vault.resolve_person(person).id
        found = documents(vault, person_id=pid, doc_type=doc_type)
        if as_json:
            data = [
                {"id": r.id, "title": r.title, "tags": r.tags, "links": r.links, "payload": r.payload} for r in found
            ]
            echo_json(data)
            return
        for rec in found:
            echo(_line(rec))

    @doc.command("edit")
    @click.argument("doc_id")
    @_meta_options
    @click.option("--clear", "clear", multiple=True, help="Clear a field (issuer, date, amount, currency, tags).")
    @vault_command
    def doc_edit(
        vault: Vault,
        doc_id: str,
        doc_type: str | None,
        issuer: str | None,
        day: str | None,
        amount: str | None,
        currency: str | None,
        tags: tuple[str, ...],
        title: str | None,
        clear: tuple[str, ...],
    ) -> None:
        """Change a document's metadata."""
        from wallet.features.documents import update_metadata

        fields: dict[str, Any] = {name: None for name in clear}
        fields.update(_fields(doc_type, issuer, day, amount, currency, tags, title))
        if not fields:
            raise click.UsageError("nothing to change: give --type, --issuer, --date, --amount, --tag ... or --clear")
        rec = update_metadata(vault, doc_id, **fields)
        echo(_line(rec))

    @doc.command("link")
    @click.argument("doc_id")
    @click.argument("record_id")
    @vault_command
    def doc_link(vault: Vault, doc_id: str, record_id: str) -> None:
        """Link a document to another record (both sides keep the link)."""
        from wallet.features.documents import link

        link(vault, doc_id, record_id)
        echo(f"linked {vault.get(doc_id).id[:12]} and {vault.get(record_id).id[:12]}")

    @doc.command("unlink")
    @click.argument("doc_id")
    @click.argument("record_id")
    @vault_command
    def doc_unlink(vault: Vault, doc_id: str, record_id: str) -> None:
        """Remove a link between a document and another record."""
        from wallet.features.documents import unlink

        unlink(vault, doc_id, record_id)
        echo("unlinked")

    @doc.command("linked")
    @click.argument("record_id")
    @vault_command
    def doc_linked(vault: Vault, record_id: str) -> None:
        """List the records linked to a record."""
        from wallet.features.documents import linked

        for rec in linked(vault, record_id):
            when = rec.start.date().isoformat() if rec.start else "----------"
            echo(f"{rec.id[:12]}  {when}  {rec.domain.value:<9} {rec.kind:<20} {rec.title}")

    @doc.command("export")
    @click.argument("doc_id")
    @click.option(
        "--out", required=True, type=click.Path(path_type=Path), help="File (or folder) to write the document to."
    )
    @click.option("--force", is_flag=True, help="Overwrite an existing file.")
    @vault_command
    def doc_export(vault: Vault, doc_id: str, out: Path, force: bool) -> None:
        """Write a document's file out of the vault (unencrypted; recorded in the audit log)."""
        from wallet.features.documents import export_document

        target = export_document(vault, doc_id, out, overwrite=force)
        echo(f"wrote {target} (this copy is not encrypted)")
