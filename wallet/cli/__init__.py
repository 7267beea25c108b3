"""The ``mydata-wallet`` command line.  It calls the same core functions as the GUI.

Every user error prints one line on stderr and exits non-zero; no traceback.
The passphrase comes from ``MYDATA_WALLET_PASSPHRASE`` (for scripts, as restic
and borg do), from the OS keyring when the vault was remembered, or from a
prompt on the terminal.
"""

from __future__ import annotations

import importlib
import json
import math
import os
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from wallet import __version__
from wallet.cli.hints import say
from wallet.cli.termsafe import echo, echo_json, echo_lines, echo_text, json_text
from wallet.errors import (
    EXIT_KEY_FILE_DAMAGED,
    KeyFileDamaged,
    KeyringUnavailable,
    WalletError,
    WrongPassphrase,
)
from wallet.model import Domain, Record

if TYPE_CHECKING:
    from wallet.store.vault import Vault

# Feature modules that add their own commands; each exposes register(group).
FEATURE_MODULES: tuple[str, ...] = ("documents", "medical", "share", "emergency", "issuers")
# Plug-ins add theirs through this entry-point group: register(group), under the connector's id
# (see wallet.imports.connector); the bank CSV connector's csv-profiles commands come this way.
PLUGIN_GROUP = "mydata_wallet.cli"
FRONTEND_GROUP = "mydata_wallet.frontends"  # the desktop app: found, not imported (wallet.ui sits beside the CLI)

ENV_PASSPHRASE = "MYDATA_WALLET_PASSPHRASE"  # noqa: S105 - the name of a variable
F = TypeVar("F", bound=Callable[..., Any])


class CliState:
    """What the top-level options decided, shared by every command: the vault folder, and the vault once opened."""

    def __init__(self, vault_dir: Path) -> None:
        self.vault_dir = vault_dir
        self.vault: Vault | None = None
        self.demo = False
        self.demo_passphrase: str | None = None


def fail(message: str, code: int = 1) -> NoReturn:
    """Print ``message`` to stderr as the program's own complaint and exit with ``code`` (never returns)."""
    echo(f"mydata-wallet: {message}", err=True)
    sys.exit(code)


def get_passphrase(prompt: str = "Passphrase", confirm: bool = False) -> str:
    """The passphrase: the demo vault's, else the environment's, else typed (hidden); fails with no terminal."""
    ctx = click.get_current_context(silent=True)
    state = ctx.find_object(CliState) if ctx is not None else None
    if state is not None and state.demo_passphrase is not None:
        return state.demo_passphrase  # --demo: the throwaway vault's own passphrase, never the user's
    env = os.environ.get(ENV_PASSPHRASE)
    if env is not None:
        return env
    if not sys.stdin.isatty():
        fail(f"no passphrase: set {ENV_PASSPHRASE} or run from a terminal")
    value: str = click.prompt(prompt, hide_input=True, confirmation_prompt=confirm)
    return value


def open_vault_from_ctx(ctx: click.Context) -> Vault:
    """Open (once per command) the vault named by ``--vault`` / the environment."""
    from wallet.store import keystore
    from wallet.store.vault import Vault

    state: CliState = ctx.find_object(CliState)  # type: ignore[assignment]
    if state.vault is not None:
        return state.vault
    folder = state.vault_dir
    keyfile = Vault.read_keyfile(folder)
    vault = None
    if keyfile.remembered and os.environ.get(ENV_PASSPHRASE) is None:
        try:
            key = keystore.recall_data_key(keyfile.vault_id)
            if key is not None:
                vault = Vault.open(folder, data_key=key)
        except KeyringUnavailable as exc:
            echo(f"note: {exc}; asking for the passphrase", err=True)
        except WalletError:
            vault = None
    if vault is None:
        passphrase = get_passphrase()
        _say_unlock_wait(folder)
        vault = Vault.open(folder, passphrase)
    state.vault = vault
    ctx.call_on_close(vault.close)
    _say_opened(vault)
    return vault


def _say_unlock_wait(folder: Path) -> None:
    """Before an unlock that must wait after failed ones (any process's), say why it pauses."""
    from wallet.store import unlocks

    wait = unlocks.seconds_to_wait(folder)
    if wait > 0:
        echo(f"note: {unlocks.read(folder).describe()}; waiting {math.ceil(wait)} s before trying", err=True)


def _say_opened(vault: Vault) -> None:
    """What the person should know about this opening: failed unlocks before it, a read-only vault."""
    if vault.failed_unlocks.count:
        echo(f"note: {vault.failed_unlocks.describe()} (recorded in the audit log)", err=True)
    if vault.read_only:
        echo(
            "note: the vault is read-only (a read-only disk or folder): it can be read, but nothing can be "
            "changed, and this opening is not recorded in the audit log",
            err=True,
        )


def vault_command(fn: F) -> F:
    """Decorator: the command receives the open vault as its first argument.

    An error of SQLite or of the disk while the command runs (a damaged page met by ``records``,
    a full disk) ends as one line saying so, not as an internal error.
    """

    @click.pass_context
    def wrapper(ctx: click.Context, *args: Any, **kwargs: Any) -> Any:
        from wallet.store.vault import storage_error

        vault = open_vault_from_ctx(ctx)
        try:
            return ctx.invoke(fn, vault, *args, **kwargs)
        except Exception as exc:
            mapped = storage_error(exc, vault.path)
            if mapped is None or mapped is exc:
                raise
            raise mapped from exc

    wrapper.__name__ = fn.__name__
    wrapper.__doc__ = fn.__doc__
    return wrapper  # type: ignore[return-value]


def _require_strong(passphrase: str) -> None:
    from wallet.store.passphrase import estimate

    strength = estimate(passphrase)
    if not strength.acceptable:
        why = "too short" if "short" in strength.hints else "too easy to guess"
        fail(f"that passphrase is {why}; several unrelated words make a strong one (e.g. four random words)")


def _parse_day(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"not a date: {value!r} (use YYYY-MM-DD)")


def _short(rec: Record) -> str:
    when = rec.start.date().isoformat() if rec.start else "----------"
    value = ""
    if rec.value is not None:
        value = f"  {rec.value:g} {rec.unit or ''}".rstrip()
    return f"{rec.id[:12]}  {when}  {rec.domain.value:<9} {rec.kind:<24} {rec.title}{value}"


def _record_json(rec: Record) -> dict[str, Any]:
    data = rec.model_dump(mode="json", exclude={"attachments"})
    data["attachments"] = [{"name": a.name, "media_type": a.media_type, "sha256": a.sha256} for a in rec.attachments]
    data["content_hash"] = rec.content_hash
    return data


@click.group(invoke_without_command=True)
@click.version_option(__version__, prog_name="mydata-wallet")
@click.option(
    "--vault",
    "vault_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="MYDATA_WALLET_VAULT",
    help="Vault folder (default: your user data folder; or MYDATA_WALLET_VAULT).",
)
@click.option("--demo", is_flag=True, help="Open a throwaway vault filled with sample data.")
@click.pass_context
def cli(ctx: click.Context, vault_dir: Path | None, demo: bool) -> None:
    """MyData Wallet: your personal data, encrypted, on your own computer.

    Run with no command to open the desktop app.
    """
    from wallet.store.vault import default_vault_dir

    ctx.obj = CliState(vault_dir or default_vault_dir())
    if ctx.invoked_subcommand is None:
        ctx.invoke(gui, demo=demo)
    elif demo:
        _start_demo(ctx, ctx.invoked_subcommand)


# Commands that make no sense on a throwaway vault: refused with --demo rather than run anywhere.
DEMO_REFUSED = {
    "init": "the demo makes its own throwaway vault; run 'init' without --demo to create yours",
    "passwd": "the demo vault is thrown away when the command ends; it has no passphrase to change",
}


def _start_demo(ctx: click.Context, command: str) -> None:
    """``--demo COMMAND``: run the command on a fresh throwaway vault filled with the sample data.

    The vault folder of ``--vault`` / MYDATA_WALLET_VAULT is replaced before the command starts,
    so nothing the command does can reach the user's vault; the demo folder is removed at the end.
    """
    import secrets
    import shutil
    import tempfile

    from wallet.errors import PersonMatchUncertain
    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source
    from wallet.resources import resource_path
    from wallet.store.keys import KdfParams
    from wallet.store.vault import Vault

    state: CliState = ctx.obj
    if command in DEMO_REFUSED:
        fail(f"--demo cannot be used with {command}: {DEMO_REFUSED[command]}")
    state.demo = True
    if command == "gui":
        return  # the app makes (and removes) its own throwaway vault
    root = Path(tempfile.mkdtemp(prefix="mydata-wallet-demo-"))
    ctx.call_on_close(lambda: shutil.rmtree(root, ignore_errors=True))
    state.vault_dir = root / "vault"
    state.demo_passphrase = secrets.token_urlsafe(24)
    demo_files = sorted(p for p in resource_path("demo").rglob("*") if p.is_file() and p.name != "README.md")
    vault, _recovery = Vault.create(state.vault_dir, state.demo_passphrase, kdf=KdfParams.floor())
    try:
        for f in demo_files:
            try:
                try:
                    import_source(vault, Source(f))
                except PersonMatchUncertain:
                    import_source(vault, Source(f), person="new")  # the sample files are different people
            except WalletError as exc:
                echo(f"note: demo file not imported: {say(exc)}", err=True)
        count = vault.count()
    finally:
        vault.close()
    echo(
        f"demo: a throwaway vault with {count} sample records (removed when this command ends); "
        "your own vault is not opened",
        err=True,
    )


@cli.command()
@click.option("--demo", is_flag=True, help="Open a throwaway vault filled with sample data.")
@click.pass_context
def gui(ctx: click.Context, demo: bool) -> None:
    """Open the desktop app."""
    from importlib.metadata import entry_points

    found = entry_points(group=FRONTEND_GROUP, name="gui")
    if not found:
        fail("the desktop app is not installed with this copy of mydata-wallet")
    try:
        run = next(iter(found)).load()
    except ImportError as exc:
        fail(f"the desktop app cannot start: {exc}")
    state: CliState = ctx.find_object(CliState)  # type: ignore[assignment]
    sys.exit(run(state.vault_dir, demo=demo or state.demo))


@cli.command()
@click.option("--remember", is_flag=True, help="Keep the key in the OS keyring on this computer.")
@click.pass_context
def init(ctx: click.Context, remember: bool) -> None:
    """Create a new encrypted vault."""
    from wallet.store.vault import Vault

    state: CliState = ctx.find_object(CliState)  # type: ignore[assignment]
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


@cli.command("import")
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
    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source

    if vault.read_only:  # once, not once per file
        fail(f"the vault in {vault.path} is read-only (a read-only disk or folder): nothing can be imported into it")
    opts: dict[str, Any] = {}
    for item in options:
        key, sep, value = item.partition("=")
        if not sep:
            fail(f"--option takes KEY=VALUE, not {item!r}")
        opts[key.strip()] = value
    files: list[Path] = []
    failed = False
    for p in paths:
        if p.is_dir():
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
            report = import_source(vault, Source(f), connector_id=connector_id, person=person, options=opts)
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


@cli.command()
def connectors() -> None:
    """List the installed connectors."""
    from wallet.imports import registry

    for cid, cls in registry.connectors().items():
        echo(f"{cid:<18} {cls.name}: {cls.accepts}")
    for broken in registry.broken():
        echo(f"{broken.name:<18} (could not be loaded: {broken.error})")


@cli.command()
@click.option("--domain", type=click.Choice([d.value for d in Domain]))
@click.option("--kind")
@click.option("--source", help="Source file name.")
@click.option("--since", help="YYYY-MM-DD")
@click.option("--until", help="YYYY-MM-DD")
@click.option("--person", help="Name or id (default: the holder).")
@click.option("--all-people", is_flag=True, help="Everyone in the vault.")
@click.option("--limit", type=int, default=None)
@click.option("--counts", is_flag=True, help="Counts per domain and kind instead of records.")
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
    as_json: bool,
) -> None:
    """List records, newest first."""
    pid = None if all_people else vault.resolve_person(person).id
    if counts:
        rows = vault.counts_by("domain", "kind", person_id=pid)
        if as_json:
            echo_json([{"domain": d, "kind": k, "count": n} for d, k, n in rows])
        else:
            for d, k, n in rows:
                echo(f"{d:<10} {k:<40} {n:>8}")
        return
    found = vault.records(
        person_id=pid,
        domain=domain,
        kind=kind,
        source=source,
        since=_parse_day(since),
        until=_parse_day(until),
        limit=limit,
    )
    if as_json:
        echo_json([_record_json(r) for r in found])
    else:
        for rec in found:
            echo(_short(rec))


@cli.command()
@click.argument("query")
@click.option("--limit", type=int, default=50)
@click.option("--json", "as_json", is_flag=True)
@vault_command
def search(vault: Vault, query: str, limit: int, as_json: bool) -> None:
    """Full-text search (Korean and English; any part of a word of 3+ letters)."""
    found = vault.search(query, limit=limit)
    if as_json:
        echo_json([_record_json(r) for r in found])
        return
    if not found:
        echo("no records found", err=True)
        sys.exit(1)
    names = {p.id: p.label for p in vault.persons()}
    for rec in found:
        echo(f"{_short(rec)}  [{names.get(rec.person_id or '', '?')}]")


@cli.command()
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
        f"  domain:     {rec.domain.value} / {rec.kind}",
        f"  when:       {rec.start.isoformat() if rec.start else '-'}"
        + (f" .. {rec.end.isoformat()}" if rec.end else ""),
    ]
    if rec.value is not None:
        lines.append(f"  value:      {rec.value:g} {rec.unit or ''}")
    if rec.code:
        lines.append(f"  code:       {rec.code_system or ''} {rec.code} {rec.code_display or ''}")
    prov = rec.provenance
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


@cli.command()
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


@cli.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Check the integrity of the vault and of its audit chain (changes nothing)."""
    from wallet.store.vault import Vault

    state: CliState = ctx.find_object(CliState)  # type: ignore[assignment]
    passphrase = get_passphrase()
    _say_unlock_wait(state.vault_dir)
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


@cli.command()
@click.option("--recovery", is_flag=True, help="Unlock with the recovery key (if the passphrase is lost).")
@click.pass_context
def passwd(ctx: click.Context, recovery: bool) -> None:
    """Change the passphrase (instant: only the key is rewrapped)."""
    from wallet.store.vault import Vault

    state: CliState = ctx.find_object(CliState)  # type: ignore[assignment]
    if recovery:
        key = os.environ.get("MYDATA_WALLET_RECOVERY_KEY") or click.prompt("Recovery key", hide_input=True)
        _say_unlock_wait(state.vault_dir)
        vault = Vault.open(state.vault_dir, recovery_key=key)
    else:
        current = get_passphrase("Current passphrase")
        _say_unlock_wait(state.vault_dir)
        vault = Vault.open(state.vault_dir, current)
    try:
        _say_opened(vault)
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


@cli.command()
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


@cli.group()
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

    person = Person(name=name, birth_date=_parse_day(birth_date))
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


def _register_features() -> None:
    for name in FEATURE_MODULES:
        importlib.import_module(f"wallet.cli.{name}").register(cli)


def _register_plugins() -> None:
    """Each plug-in's command-line part: ``register(cli)``; one that fails is logged and left out."""
    import logging
    from importlib.metadata import entry_points

    for ep in sorted(entry_points(group=PLUGIN_GROUP), key=lambda e: e.name):
        try:
            ep.load()(cli)
        except Exception as exc:  # a broken plug-in must not break the command line
            logging.getLogger(__name__).warning("the command-line part of %s could not be loaded: %s", ep.name, exc)


_register_features()
_register_plugins()


def _show_click_error(exc: click.ClickException) -> None:
    """click's own error (usage, hint, "Error: ..."), printed through wallet.cli.termsafe: it may name a file."""
    import io

    buffer = io.StringIO()
    exc.show(file=buffer)
    text = buffer.getvalue().rstrip("\n")
    message = f"Error: {exc.format_message()}"
    if not text.endswith(message):
        echo_text(text, err=True)
        return
    layout = text[: len(text) - len(message)]
    if layout:
        echo_text(layout[:-1], err=True)  # the usage line, the hint, the blank line
    echo(message, err=True)


def main(argv: list[str] | None = None) -> None:
    """Entry point: readable one-line errors, never a traceback."""
    from wallet.hardening import disable_core_dumps

    if argv is None:  # this process's own command line: first, before any passphrase is read or key derived
        disable_core_dumps()  # (called with argv, e.g. by a test, it leaves its host process's limits alone)
    try:
        cli.main(args=argv, prog_name="mydata-wallet", standalone_mode=False)
    except click.exceptions.Abort:
        fail("cancelled", 130)
    except click.ClickException as exc:
        _show_click_error(exc)
        sys.exit(exc.exit_code)
    except WrongPassphrase as exc:
        fail(_wrong_passphrase(exc), 3)
    except KeyFileDamaged as exc:
        fail(say(exc), EXIT_KEY_FILE_DAMAGED)
    except WalletError as exc:
        fail(say(exc))
    except KeyboardInterrupt:
        fail("interrupted", 130)
    except SystemExit:
        raise
    except Exception as exc:
        if os.environ.get("MYDATA_WALLET_DEBUG"):
            raise
        from wallet.store.vault import storage_error

        mapped = storage_error(exc)  # SQLite or the disk outside a vault command: still one plain line
        if mapped is not None:
            fail(say(mapped))
        fail(f"internal error: {type(exc).__name__}: {exc} (set MYDATA_WALLET_DEBUG=1 for details)", 70)
    sys.exit(0)


def _wrong_passphrase(exc: WrongPassphrase) -> str:
    """``wrong passphrase (4 failed attempts in a row; the next try waits 2 s)``."""
    if exc.failed_attempts < 2:
        return str(exc)
    wait = f"; the next try waits {exc.next_wait:.0f} s" if exc.next_wait > 0 else ""
    return f"{exc} ({exc.failed_attempts} failed attempts in a row{wait})"


if __name__ == "__main__":
    main()
