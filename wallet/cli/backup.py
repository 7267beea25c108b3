"""The ``backup`` commands: encrypted backups to a folder, a disk, WebDAV, SFTP, S3 or any rclone storage.

``add-target`` keeps a target (its settings and secrets) inside the vault; ``run`` backs the vault
up; ``list`` shows the versions with their times and counts; ``restore`` brings one back into a
folder (on a new computer too: the target is then described on the command line); ``verify``
restores into a temporary folder and checks; ``prune`` applies the retention rule.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

import click

from wallet.cli.context import cli_state, fail, get_passphrase, open_vault_from_ctx, vault_command
from wallet.cli.termsafe import echo, echo_json
from wallet.terms.clock import format_when

if TYPE_CHECKING:
    from wallet.features.backup import Target, Version
    from wallet.store.vault import Vault

ENV_SECRET_PREFIX = "MYDATA_WALLET_BACKUP_"  # noqa: S105 - the start of a variable's name
"""A secret ``--secret pass`` is read from ``MYDATA_WALLET_BACKUP_PASS`` when set (scripts), else typed hidden."""
ENV_RECOVERY = "MYDATA_WALLET_RECOVERY_KEY"
_SETTING = re.compile(r"([A-Za-z0-9_]+)=(.*)", re.DOTALL)


def register(group: click.Group) -> None:
    """Add the ``backup`` group to ``group``."""
    group.add_command(backup)


@click.group()
def backup() -> None:
    """Encrypted backups of the vault, to a folder, a disk, or any storage service rclone reaches.

    Everything sent is ciphertext: the database as SQLCipher keeps it, and the key file that opens
    it only with your passphrase or recovery key.
    """


def _progress(text: str) -> None:
    echo(f"  {text}...", err=True)


def _settings(pairs: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        found = _SETTING.fullmatch(pair)
        if not found:
            fail(f"not a setting: {pair!r} (use --set NAME=VALUE)")
        out[found.group(1)] = found.group(2)
    return out


def _secrets(names: tuple[str, ...]) -> dict[str, str]:
    import sys

    out = {}
    for name in names:
        value = os.environ.get(ENV_SECRET_PREFIX + name.upper())
        if value is None:
            if not sys.stdin.isatty():
                fail(f"no value for the secret {name}: set {ENV_SECRET_PREFIX}{name.upper()} or run from a terminal")
            value = click.prompt(f"{name}", hide_input=True)
        out[name] = value
    return out


def _target_options(fn: click.decorators.FC) -> click.decorators.FC:
    """The options that describe a target: ``--type``, ``--path``, ``--set``, ``--secret``."""
    for option in reversed(
        [
            click.option(
                "--type",
                "kind",
                help="Storage type: folder (a folder or USB disk), webdav, sftp, s3, or any rclone backend.",
            ),
            click.option("--path", default="", help="The folder on the storage (for a folder target: the folder)."),
            click.option(
                "--set", "settings", multiple=True, metavar="NAME=VALUE", help="A setting (url, host, user...)."
            ),
            click.option(
                "--secret",
                "secret_names",
                multiple=True,
                metavar="NAME",
                help=f"A secret setting (pass...), typed hidden or read from {ENV_SECRET_PREFIX}NAME.",
            ),
        ]
    ):
        fn = option(fn)
    return fn


@backup.command("add-target")
@click.argument("name")
@_target_options
@click.option("--replace", is_flag=True, help="Replace the target of that name.")
@click.option("--no-check", is_flag=True, help="Do not try the target now.")
@vault_command
def add_target(
    vault: Vault,
    name: str,
    kind: str | None,
    path: str,
    settings: tuple[str, ...],
    secret_names: tuple[str, ...],
    replace: bool,
    no_check: bool,
) -> None:
    """Add a place backups go; its settings and secrets are kept inside the encrypted vault."""
    from wallet.features.backup import list_targets, list_versions, make_target, save_target

    if not kind:
        fail("say the storage type with --type (folder, webdav, sftp, s3, ...)")
    if not replace and any(t.name == name for t in list_targets(vault)):
        fail(f"a backup target named {name} exists already (use --replace to change it)")
    target = make_target(name, kind, path, _settings(settings), _secrets(secret_names))
    if not no_check:
        found = list_versions(target)  # wrong credentials or an unreachable server show now, not at the first backup
        echo(f"Reached {target.name}: {len(found)} backup versions there.", err=True)
    save_target(vault, target, replace=replace)
    echo(f"Added the backup target {target.name}: {target.describe()}")


@backup.command("targets")
@vault_command
def targets(vault: Vault) -> None:
    """List the backup targets (secrets are never shown)."""
    from wallet.features.backup import list_targets

    found = list_targets(vault)
    if not found:
        echo("No backup targets yet (add one with: mydata-wallet backup add-target NAME --type folder --path DIR).")
    for t in found:
        echo(f"{t.name}  {t.describe()}")


@backup.command("remove-target")
@click.argument("name")
@vault_command
def remove_target_cmd(vault: Vault, name: str) -> None:
    """Forget a backup target (its backups stay where they are)."""
    from wallet.features.backup import remove_target

    remove_target(vault, name)
    echo(f"Removed the backup target {name}; its backups were left where they are.")


def _chosen(vault: Vault, name: str | None) -> Target:
    from wallet.features.backup import list_targets, load_target

    if name:
        return load_target(vault, name)
    found = list_targets(vault)
    if len(found) == 1:
        return found[0]
    if not found:
        fail("no backup target yet (add one with: mydata-wallet backup add-target NAME --type folder --path DIR)")
    fail(f"several backup targets: choose one with --target ({', '.join(t.name for t in found)})")


def _when(version: Version) -> str:
    return format_when(version.time.astimezone(), seconds=True)


def _counts(version: Version) -> str:
    c = version.counts
    return f"{c.get('records', 0)} records, {c.get('persons', 0)} people, {c.get('shares', 0)} share receipts"


_target_choice = click.option("--target", "target_name", metavar="NAME", help="The backup target (if several).")


@backup.command("run")
@_target_choice
@click.option("--force", is_flag=True, help="Back up even over a newer backup from another computer.")
@vault_command
def run(vault: Vault, target_name: str | None, force: bool) -> None:
    """Back the vault up now, then prune old versions (7 daily, 4 weekly, 12 monthly kept)."""
    from wallet.features.backup.schedule import back_up_and_record

    target = _chosen(vault, target_name)
    report = back_up_and_record(vault, target, force=force, progress=_progress)  # the app shows the last outcome
    v = report.version
    size = sum(int(p["bytes"]) for p in v.manifest["parts"].values())
    echo(f"Backed up to {target.name}: version {v.id} ({_counts(v)}; {size:,} bytes, all encrypted)")
    if report.pruned:
        echo(f"Pruned {len(report.pruned)} older versions.")


@backup.command("list")
@_target_choice
@click.option("--json", "as_json", is_flag=True)
@vault_command
def list_cmd(vault: Vault, target_name: str | None, as_json: bool) -> None:
    """List the backup versions on a target, oldest first, with their times and counts."""
    from wallet.features.backup import computer_id
    from wallet.features.backup.rclone import Rclone
    from wallet.features.backup.service import scan, status_of

    target = _chosen(vault, target_name)
    listing = scan(Rclone(target.remote()))
    me = computer_id()
    status = status_of(vault, target, listing, me)
    if as_json:
        echo_json(
            {
                "versions": [
                    {
                        "id": v.id,
                        "time": v.manifest["time"],
                        "vault_id": v.vault_id,
                        "this_computer": v.computer == me,
                        "counts": v.counts,
                    }
                    for v in listing.versions
                ],
                "unfinished": listing.unfinished,
                "newer_elsewhere": status.newer_elsewhere,
            }
        )
        return
    if not listing.versions:
        echo(f"No backups on {target.name} yet.")
    for v in listing.versions:
        where = "this computer" if v.computer == me else "another computer"
        other = "" if v.vault_id == vault.keyfile.vault_id else "  [another vault]"
        echo(f"{v.id}  {_when(v)}  {_counts(v)}  ({where}){other}")
    if listing.unfinished:
        echo(f"({len(listing.unfinished)} unfinished uploads, not backups; the next run clears them)", err=True)
    if status.newer_elsewhere and status.newest is not None:
        echo(
            f"note: {target.name} holds a newer backup of this vault from another computer ({_when(status.newest)}); "
            "restore it with: mydata-wallet backup restore",
            err=True,
        )


@backup.command("restore")
@click.option("--to", "dest", type=click.Path(file_okay=False, path_type=Path), help="Folder to restore into.")
@click.option("--target", "target_name", metavar="NAME", help="The target (with --type: a name for it).")
@_target_options
@click.option("--version", "version_id", metavar="ID", help="The version (default: the newest).")
@click.option("--recovery", is_flag=True, help=f"Unlock with the recovery key (or {ENV_RECOVERY}).")
@click.option("--force", is_flag=True, help="Replace a vault already in the folder.")
@click.pass_context
def restore_cmd(
    ctx: click.Context,
    dest: Path | None,
    target_name: str | None,
    kind: str | None,
    path: str,
    settings: tuple[str, ...],
    secret_names: tuple[str, ...],
    version_id: str | None,
    recovery: bool,
    force: bool,
) -> None:
    """Restore a backup into a folder, unlock it and check it.

    On a new computer describe the target as for add-target (--type, --path, --set, --secret);
    otherwise --target names one of this vault's targets.
    """
    from wallet.features.backup import make_target, restore

    state = cli_state(ctx)
    folder = dest or state.vault_dir
    if kind:
        target = make_target(target_name or "backup", kind, path, _settings(settings), _secrets(secret_names))
    else:
        vault = open_vault_from_ctx(ctx)
        target = _chosen(vault, target_name)
        if folder.resolve() == vault.path.resolve():
            if not force:
                fail(f"restoring into {folder} would replace the vault open there (use --force, or --to DIR)")
            vault.close()
            state.vault = None
    if recovery:
        key = os.environ.get(ENV_RECOVERY) or click.prompt("Recovery key", hide_input=True)
        report = restore(target, folder, recovery_key=key, version_id=version_id, force=force, progress=_progress)
    else:
        passphrase = get_passphrase("Passphrase of the backed-up vault")
        report = restore(target, folder, passphrase=passphrase, version_id=version_id, force=force, progress=_progress)
    v = report.version
    if report.problems:
        for p in report.problems:
            echo(f"PROBLEM: {p}")
        fail(f"restored version {v.id} into {folder}, but the check found problems")
    echo(f"Restored version {v.id} ({_when(v)}; {_counts(v)}) into {folder}: opened and checked, all sound.")


@backup.command("verify")
@_target_choice
@click.option("--version", "version_id", metavar="ID", help="The version (default: the newest).")
@vault_command
def verify_cmd(vault: Vault, target_name: str | None, version_id: str | None) -> None:
    """Restore a backup into a temporary folder, open it, check it and compare its counts."""
    from wallet.features.backup.schedule import verify_and_record

    target = _chosen(vault, target_name)
    report = verify_and_record(vault, target, version_id=version_id)
    v = report.version
    if report.problems:
        for p in report.problems:
            echo(f"PROBLEM: {p}")
        fail(f"the backup {v.id} on {target.name} did not verify")
    echo(f"ok: backup {v.id} ({_when(v)}) on {target.name} restores, opens and checks; {_counts(v)}")


@backup.command("prune")
@_target_choice
@vault_command
def prune_cmd(vault: Vault, target_name: str | None) -> None:
    """Delete the versions the retention rule does not keep (7 daily, 4 weekly, 12 monthly)."""
    from wallet.features.backup import prune

    target = _chosen(vault, target_name)
    pruned = prune(vault, target)
    echo(f"Pruned {len(pruned)} versions from {target.name}." if pruned else "Nothing to prune.")
