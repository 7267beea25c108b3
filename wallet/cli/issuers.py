"""``issuers trust|list|forget``: the SMART Health Card issuer keys you trust (issue 14).

A key file given with ``import --option jwks=FILE`` verifies that import only.  To have
later imports verified by an issuer's keys, trust them here: the issuer and each key's
fingerprint are shown, and nothing is kept until you answer yes (``--yes`` for scripts,
the lines are printed all the same).  Keys already trusted for the issuer are never
replaced without saying which ones go.

Revocation lists follow the same rule: ``import --option crl=FILE`` checks that import only;
``issuers trust [FILE] --issuer URL --crl CRL-FILE`` keeps the issuer's list with the trusted
issuer (one per key id), and later imports say which kept list they checked.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from wallet.cli.termsafe import echo, echo_lines

if TYPE_CHECKING:
    from wallet.store.vault import Vault


@click.group("issuers")
def issuers_group() -> None:
    """SMART Health Card issuers whose keys you trust to verify cards."""


@issuers_group.command("trust")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path), required=False)
@click.option("--issuer", "iss", required=True, help="The issuer's URL, exactly as its cards name it ('iss').")
@click.option(
    "--crl",
    "crl_files",
    multiple=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Also keep this revocation list of the issuer (one per key id; repeatable). "
    "Without FILE, the keys trusted now stay.",
)
@click.option("--yes", is_flag=True, help="Do not ask (the issuer and fingerprints are still printed).")
def trust(file: Path | None, iss: str, crl_files: tuple[Path, ...], yes: bool) -> None:
    """Trust the public keys in FILE (a JWKS) for the cards of one issuer, and keep its revocation lists."""
    from wallet.cli.context import fail, open_vault_from_ctx
    from wallet.imports import issuers

    if file is None and not crl_files:
        fail("give the issuer's key file (JWKS), or --crl FILE to keep a revocation list for a trusted issuer")
    # read before the vault is opened: a bad file costs no passphrase
    keys = issuers.read_jwks_file(file) if file is not None else None
    crls = [issuers.read_crl_file(path) for path in crl_files]
    issuers.check_issuer(iss)
    vault: Vault = open_vault_from_ctx(click.get_current_context())
    change = issuers.plan(vault, iss, keys, crls)
    echo_lines(change.lines())
    if change.unchanged:
        echo("nothing changed")
        return
    if not yes:
        if change.previous is None:
            question = "Trust these keys?"
        elif change.added or change.removed:
            question = "Replace the keys you trust for this issuer?"
        else:
            question = "Change the revocation lists you keep for this issuer?"
        click.confirm(question, default=False, abort=True)
    issuers.trust(vault, change)
    echo(f"trusted {len(change.keys)} key(s) of {iss}; later imports of its cards are verified with them")
    if change.crls:
        echo(
            f"kept {len(change.crls)} revocation list(s) of {iss}; later imports of its cards are checked against them"
        )


@issuers_group.command("list")
@click.pass_context
def list_cmd(ctx: click.Context) -> None:
    """The issuers you trust, with their key fingerprints."""
    from wallet.cli.context import open_vault_from_ctx
    from wallet.imports import issuers

    vault: Vault = open_vault_from_ctx(ctx)
    found = issuers.all_trusted(vault)
    if not found:
        echo("no trusted issuers (trust one with: mydata-wallet issuers trust JWKS-FILE --issuer URL)")
    for item in found:
        echo(f"{item.iss}  (trusted {item.trusted_at or 'at an unknown time'})")
        echo_lines(f"    key {k.describe()}" for k in item.keys)
        echo_lines(f"    {c.describe()}, kept {c.kept_at or 'at an unknown time'}" for c in item.crls.values())
    legacy = issuers.legacy_cached(vault)
    if legacy:
        echo("")
        echo(
            "Keys or revocation lists an earlier version kept by itself "
            "(not trusted, never used; 'issuers forget URL' removes them):"
        )
        echo_lines(f"    {iss}" for iss in legacy)


@issuers_group.command("forget")
@click.argument("iss", metavar="ISSUER_URL")
@click.pass_context
def forget(ctx: click.Context, iss: str) -> None:
    """Stop trusting the keys of an issuer (its kept revocation lists go with them)."""
    from wallet.cli.context import fail, open_vault_from_ctx
    from wallet.imports import issuers

    vault: Vault = open_vault_from_ctx(ctx)
    if not issuers.forget(vault, iss):
        fail(f"no keys are kept for the issuer {iss!r}")
    echo(f"no longer trusting any key of {iss}")


def register(group: click.Group) -> None:
    """Add the ``issuers`` commands (which issuer keys you trust) to the top-level group."""
    group.add_command(issuers_group)
