"""The records' commands: ``import`` and ``connectors``, then ``records``, ``search``, ``show`` and ``delete``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import fail, parse_day, vault_command
from wallet.cli.hints import say
from wallet.cli.termsafe import echo, echo_json, echo_lines, json_text
from wallet.errors import ConnectorOption, WalletError
from wallet.features.finance import record_amount
from wallet.features.measurements import reading_texts
from wallet.model import Domain, Person, Record
from wallet.terms.clock import format_record_time, format_when
from wallet.terms.money import format_money, known_currency
from wallet.terms.names import code_name, kind_label, kind_name, source_label
from wallet.terms.numbers import format_number

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def register(group: click.Group) -> None:
    """Add the commands that bring records in and read, find and delete them to ``group``."""
    for command in (import_cmd, connectors, records, search, show, delete):
        group.add_command(command)


def _short(rec: Record, reading: str | None = None) -> str:
    # the clock rule (docs/clock.md): the record's own zone, its offset when not this computer's
    when = format_record_time(rec) if rec.start else "----------"
    value = ""
    if rec.value is not None and known_currency(rec.unit):
        value = f"  {format_money(record_amount(rec) or rec.value, rec.unit, style='code')}"
    elif reading:
        value = f"  {reading}"
    elif rec.value is not None:
        value = f"  {format_number(rec.value)} {rec.unit or ''}".rstrip()
    return f"{rec.id[:12]}  {when:<16}  {rec.domain.value:<9} {kind_name(rec.kind):<24} {rec.title}{value}"


def _person_text(person: Person | None) -> str:
    """A person as the listings name them: ``Jane Doe (holder)``, ``the holder``, or the name (or id)."""
    if person is None:
        return "an unknown person"
    if person.is_holder:
        return f"{person.name} (holder)" if person.name else "the holder"
    return person.name or person.id


def _whose(vault: Vault, person_id: str | None) -> str:
    """Whose records a listing holds: one person's, or everyone's (``person_id`` None)."""
    if person_id is None:
        return "everyone's records"
    return f"the records of {_person_text(vault.person(person_id))}"


def _record_json(rec: Record) -> dict[str, Any]:
    data = rec.model_dump(mode="json", exclude={"attachments"})
    data["attachments"] = [{"name": a.name, "media_type": a.media_type, "sha256": a.sha256} for a in rec.attachments]
    data["content_hash"] = rec.content_hash
    return data


@click.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--connector", "connector_id", help="Connector to use when several can read a file.")
@click.option("--person", help="Whose records these are (name or id; 'new' for a new person).")
@click.option("--option", "options", multiple=True, metavar="KEY=VALUE", help="Connector option (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the import reports as JSON.")
@vault_command
def import_cmd(
    vault: Vault,
    paths: tuple[Path, ...],
    connector_id: str | None,
    person: str | None,
    options: tuple[str, ...],
    as_json: bool,
) -> None:
    """Import files (FHIR, Apple Health, OFX, CSV, ...) into the vault.

    A file that fails is reported and the others go on; the exit status is
    non-zero if any failed.
    """
    from wallet.imports.archive import FolderSource
    from wallet.imports.connector import Source

    if vault.read_only:  # once, not once per file
        fail(f"the vault in {vault.path} is read-only (a read-only disk or folder): nothing can be imported into it")
    opts: dict[str, Any] = {}
    for item in options:
        key, sep, value = item.partition("=")
        if not sep:
            fail(f"--option takes KEY=VALUE, not {item!r}")
        opts[key.strip()] = value
    files: list[Path] = []
    whole: set[Path] = set()  # folders a connector reads as one (an unpacked Google Takeout)
    failed = False
    for p in paths:
        if p.is_dir() and _reads_as_one(vault, p, connector_id):
            files.append(p)
            whole.add(p)
        elif p.is_dir():
            # Regular files only: no symlinks (they may point anywhere), FIFOs or devices.
            found = sorted(f for f in p.rglob("*") if not f.is_symlink() and f.is_file() and not f.name.startswith("."))
            if not found:
                echo(f"mydata-wallet: {p}: no files to import in this folder", err=True)
                failed = True
            files += found
        elif p.is_file():
            files.append(p)
        elif p.exists():
            echo(f"mydata-wallet: {p}: not a regular file", err=True)
            failed = True
        else:
            echo(f"mydata-wallet: {p}: no such file", err=True)
            failed = True
    reports = []
    for f in files:
        try:
            report = _import_asking(vault, FolderSource if f in whole else Source, f, connector_id, person, opts)
        except WalletError as exc:
            failed = True
            echo(f"mydata-wallet: {say(exc)}", err=True)
            continue
        reports.append(report)
        if not as_json:
            echo(report.summary())
            for skipped in report.skipped[:20]:
                echo(f"    skipped {skipped.where}: {skipped.reason}")
    if as_json:
        echo_json([r.model_dump() for r in reports])
    if failed:
        sys.exit(1)


def _reads_as_one(vault: Vault, folder: Path, connector_id: str | None) -> bool:
    """Whether a connector (the one named, if one is) reads this folder as one archive (an unpacked Google
    Takeout: ``Takeout/``); any other folder is imported file by file."""
    from wallet.imports import registry
    from wallet.imports.archive import FolderSource

    found = registry.detect(FolderSource(folder), vault)
    return connector_id in found if connector_id else bool(found)


PASSWORD_TRIES = 3


def _import_asking(
    vault: Vault, source: Any, path: Path, connector_id: str | None, person: str | None, opts: dict[str, Any]
) -> Any:
    """Import one file; when it is password-protected, ask for the password at the terminal (never stored).

    A wrong password asks again, up to :data:`PASSWORD_TRIES` times; without a terminal the error stands.
    """
    from wallet.imports.pipeline import import_source

    options = dict(opts)
    for attempt in range(PASSWORD_TRIES + 1):
        try:
            return import_source(vault, source(path), connector_id=connector_id, person=person, options=options)
        except WalletError as exc:
            hint = exc.hint
            if not (isinstance(hint, ConnectorOption) and hint.secret) or attempt == PASSWORD_TRIES:
                raise
            if not sys.stdin.isatty():
                raise
            echo(f"mydata-wallet: {exc}", err=True)
            options[hint.name] = click.prompt("Password", hide_input=True, default="", show_default=False)
    raise AssertionError("unreachable")


@click.command()
def connectors() -> None:
    """List the installed connectors."""
    from wallet.imports import registry

    for cid, cls in registry.connectors().items():
        echo(f"{cid:<18} {cls.name}: {cls.accepts}")
    for broken in registry.broken():
        echo(f"{broken.name:<18} (could not be loaded: {broken.error})")


@click.command()
@click.option("--domain", type=click.Choice([d.value for d in Domain]))
@click.option("--kind")
@click.option("--source", help="Source file name.")
@click.option("--since", help="YYYY-MM-DD")
@click.option("--until", help="YYYY-MM-DD")
@click.option("--person", help="Name or id (default: the holder).")
@click.option("--all-people", is_flag=True, help="Everyone in the vault.")
@click.option("--limit", type=int, default=None)
@click.option("--counts", is_flag=True, help="Counts per domain and kind instead of records.")
@click.option(
    "--every-source",
    is_flag=True,
    help="Also the copies of a measurement that another source gave (by default each reading is listed once).",
)
@click.option("--json", "as_json", is_flag=True)
@vault_command
def records(
    vault: Vault,
    domain: str | None,
    kind: str | None,
    source: str | None,
    since: str | None,
    until: str | None,
    person: str | None,
    all_people: bool,
    limit: int | None,
    counts: bool,
    every_source: bool,
    as_json: bool,
) -> None:
    """List records, newest first; a measurement that several sources gave is listed once, in its type's unit."""
    pid = None if all_people else vault.resolve_person(person).id
    if not as_json:  # said first: whose records these are
        echo(f"Records of {_person_text(vault.person(pid))}" if pid else "Records of everyone in the vault")
    if counts:
        rows = vault.counts_by("domain", "kind", person_id=pid)
        if as_json:
            echo_json([{"domain": d, "kind": k, "count": n} for d, k, n in rows])
        else:
            for d, k, n in rows:  # the kind's name, then the kind itself (what --kind takes)
                echo(f"{d:<10} {kind_name(k):<32} {k:<40} {n:>8}")
        return
    found = vault.records(
        person_id=pid,
        domain=domain,
        kind=kind,
        source=source,
        since=parse_day(since),
        until=parse_day(until),
        limit=limit,
        once=not every_source,
    )
    if as_json:
        echo_json([_record_json(r) for r in found])
    else:
        names = {p.id: _person_text(p) for p in vault.persons()} if pid is None else {}
        readings = reading_texts(vault, [r.id for r in found])  # 154.3 lb as 69.99 kg, 128/82 mmHg
        for rec in found:
            line = _short(rec, readings.get(rec.id))
            # everyone's records: each line names its person, as the search does
            echo(f"{line}  [{names.get(rec.person_id or '', '?')}]" if pid is None else line)


@click.command()
@click.argument("query")
@click.option("--limit", type=int, default=50)
@click.option("--person", help="Only this person's records (name or id; default: everyone's).")
@click.option("--all-people", is_flag=True, help="Everyone in the vault (the default).")
@click.option("--json", "as_json", is_flag=True)
@vault_command
def search(vault: Vault, query: str, limit: int, person: str | None, all_people: bool, as_json: bool) -> None:
    """Full-text search (Korean and English; any part of a word, of any length), newest first, in everyone's records."""
    if person and all_people:
        fail("choose --person or --all-people, not both")
    pid = vault.resolve_person(person).id if person else None
    found = vault.search(query, limit=limit, person_id=pid)
    if as_json:
        echo_json([_record_json(r) for r in found])
        return
    if not found:
        echo(f"no records found for {query!r} in {_whose(vault, pid)}", err=True)
        sys.exit(1)
    n = len(found)
    echo(f"{n} result{'' if n == 1 else 's'} for {query!r} in {_whose(vault, pid)}")
    names = {p.id: _person_text(p) for p in vault.persons()}
    for rec in found:
        echo(f"{_short(rec)}  [{names.get(rec.person_id or '', '?')}]")


@click.command()
@click.argument("record_id")
@click.option("--json", "as_json", is_flag=True)
@vault_command
def show(vault: Vault, record_id: str, as_json: bool) -> None:
    """Show one record in full (by id or a unique id prefix)."""
    rec = vault.get(record_id)
    if as_json:
        echo_json(_record_json(rec))
        return
    person = vault.person(rec.person_id) if rec.person_id else None
    lines = [
        f"{rec.title}",
        f"  id:         {rec.id}",
        f"  person:     {person.label if person else '-'}",
        f"  domain:     {rec.domain.value} / {kind_label(rec.kind)}",
        f"  when:       {format_record_time(rec, seconds=True) if rec.start else '-'}"
        + (f" .. {format_when(rec.end, date_only=rec.date_only, seconds=True)}" if rec.end else ""),
    ]
    if rec.value is not None and known_currency(rec.unit):
        lines.append(f"  value:      {format_money(record_amount(rec) or rec.value, rec.unit, style='code')}")
    elif rec.value is not None:
        lines.append(f"  value:      {format_number(rec.value)} {rec.unit or ''}")
    if rec.code:
        lines.append(f"  code:       {rec.code_system or ''} {rec.code} {rec.code_display or ''}")
        named = code_name(rec.code_system, rec.code, None)
        if named and named != rec.code_display:
            lines.append(f"  code name:  {named}")
    prov = rec.provenance
    lines.append(f"  from:       {source_label(rec)}")
    lines.append(f"  source:     {prov.source_name} (connector {prov.connector_id} v{prov.connector_version})")
    if prov.source_sha256:
        lines.append(f"  source sha: {prov.source_sha256}")
    if prov.original_id:
        lines.append(f"  original:   {prov.original_id}")
    if prov.verification:
        lines.append(f"  verified:   {json.dumps(prov.verification, ensure_ascii=False)}")
    for w in prov.warnings:
        lines.append(f"  warning:    {w}")
    for a in rec.attachments:
        lines.append(f"  attachment: {a.name} ({a.media_type}, {len(a.data)} bytes)")
    echo_lines(lines)
    echo("  payload:")
    echo_lines("    " + line for line in json_text(rec.payload).split("\n"))


@click.command()
@click.argument("record_ids", nargs=-1, required=True)
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@vault_command
def delete(vault: Vault, record_ids: tuple[str, ...], yes: bool) -> None:
    """Delete records (by id or unique id prefix).  Recorded in the audit log."""
    found = [vault.get(r) for r in record_ids]
    for rec in found:
        echo(_short(rec))
    if not yes:
        if not sys.stdin.isatty():
            fail("refusing to delete without confirmation: run from a terminal or pass --yes")
        click.confirm(f"Delete these {len(found)} records for good?", abort=True)
    for rec in found:
        vault.delete_record(rec.id)
    echo(f"deleted {len(found)} records")
