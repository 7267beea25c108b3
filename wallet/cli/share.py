"""``share``, ``verify``, ``shares`` and ``recipients`` commands.

``share`` prints the same consent summary as the app's dialog and creates the
bundle only after the word ``approve`` is typed at the prompt; anything else,
or the end of input, cancels and writes nothing.  No option skips this.
``verify`` needs no vault.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import fail, vault_command
from wallet.cli.hints import advice, say
from wallet.cli.termsafe import echo, echo_json, echo_lines
from wallet.features.share.templates import IDENTIFYING_FIELDS, OFFERED, Recipient, Selection, ShareRequest

if TYPE_CHECKING:
    from wallet.store.vault import Vault

APPROVE_WORD = "approve"


def _day(value: str | None, what: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(f"{what}: not a date: {value!r} (use YYYY-MM-DD)")


def read_jwk_file(path: Path, private: bool = False) -> dict[str, Any]:
    """A JWK (or a JWKS holding one EC key) from a file; a readable failure otherwise."""
    from wallet.errors import WalletError
    from wallet.imports import inputs

    try:
        return inputs.read_jwk_file(path, private=private)
    except WalletError as exc:
        fail(str(exc))


@click.command("share")
@click.option(
    "--template",
    "template_id",
    type=click.Choice(list(OFFERED)),
    required=True,
    help="What the share is for: hospital, insurance, research or custom.",
)
@click.option("--recipient", required=True, help="Who receives it (remembered for next time).")
@click.option("--organisation", help="The recipient's organisation.")
@click.option("--purpose", required=True, help="What the recipient may use the data for.")
@click.option("--expires", help="Until when the consent holds (YYYY-MM-DD).")
@click.option("--person", help="Whose data (name or id; default: the holder).")
@click.option(
    "--encrypt-for",
    "encrypt_for",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The recipient's public key (JWK file): only they can open the bundle.",
)
@click.option("--exclude", multiple=True, metavar="RECORD_ID", help="Leave this record out (repeatable).")
@click.option(
    "--record",
    "record_ids",
    multiple=True,
    metavar="RECORD_ID",
    help="Encounter to claim for (insurance) or single record to add (custom). Repeatable.",
)
@click.option("--domain", "domains", multiple=True, help="Domain to include (research, custom). Repeatable.")
@click.option("--kind", "kinds", multiple=True, help="Kind of record to include (research, custom). Repeatable.")
@click.option("--source", "sources", multiple=True, help="Source file name to include (custom). Repeatable.")
@click.option("--since", help="First day (YYYY-MM-DD).")
@click.option("--until", help="Last day (YYYY-MM-DD).")
@click.option(
    "--omit",
    multiple=True,
    type=click.Choice(list(IDENTIFYING_FIELDS)),
    help="Identifying field to leave out (besides the template's). Repeatable.",
)
@click.option(
    "--include-field",
    "include_fields",
    multiple=True,
    type=click.Choice(list(IDENTIFYING_FIELDS)),
    help="Identifying field to send although the template leaves it out. Repeatable.",
)
@click.option("--with-resources", is_flag=True, help="Hospital: also send the underlying FHIR resources.")
@click.option(
    "--with-location",
    is_flag=True,
    help="Also send where you were: GPS routes, workout positions, the areas Google Fit records (left out by default).",
)
@click.option(
    "--jurisdiction",
    default="unspecified",
    show_default=True,
    help="Jurisdiction for the consent receipt (e.g. KR, DE, US-CA).",
)
@click.option("--show-records", is_flag=True, help="List every record in the summary.")
@click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="Bundle file to write."
)
@vault_command
def share(
    vault: Vault,
    template_id: str,
    recipient: str,
    organisation: str | None,
    purpose: str,
    expires: str | None,
    person: str | None,
    encrypt_for: Path | None,
    exclude: tuple[str, ...],
    record_ids: tuple[str, ...],
    domains: tuple[str, ...],
    kinds: tuple[str, ...],
    sources: tuple[str, ...],
    since: str | None,
    until: str | None,
    omit: tuple[str, ...],
    include_fields: tuple[str, ...],
    with_resources: bool,
    with_location: bool,
    jurisdiction: str,
    show_records: bool,
    out: Path,
) -> None:
    """Share data with someone, after reviewing exactly what leaves (type 'approve' to confirm)."""
    from wallet.features.share import templates
    from wallet.features.share.bundle import create_share, record_cancel
    from wallet.features.share.selection import prepare, summary_lines

    if out.exists():
        fail(f"{out} already exists; choose another file name")
    if not out.resolve().parent.is_dir():
        fail(f"the folder {out.resolve().parent} does not exist")
    who = vault.resolve_person(person)
    known = templates.get_recipient(vault, recipient)
    rec = Recipient(
        name=recipient,
        organisation=organisation or (known.organisation if known else None),
        jwk=read_jwk_file(encrypt_for) if encrypt_for else (known.jwk if known else None),
    )
    tmpl = templates.template(template_id)
    omitted = (set(tmpl.default_omit) | set(omit)) - set(include_fields)
    request = ShareRequest(
        template=template_id,
        person_id=who.id,
        recipient=rec,
        purpose=purpose,
        expires=_day(expires, "--expires"),
        selection=Selection(
            domains=list(domains),
            kinds=list(kinds),
            sources=list(sources),
            since=_day(since, "--since"),
            until=_day(until, "--until"),
            record_ids=list(record_ids),
        ),
        include_resources=with_resources,
        include_location=with_location,
        excluded=list(exclude),
        omit_fields=sorted(omitted),
        jurisdiction=jurisdiction,
    )
    plan = prepare(vault, request)
    echo_lines(summary_lines(plan, show_records=show_records))
    echo("")
    echo(f"Type '{APPROVE_WORD}' to create the bundle; anything else cancels: ", nl=False)
    answer = sys.stdin.readline()
    if answer.strip() != APPROVE_WORD:
        record_cancel(vault, template_id, "cli")
        echo("")
        echo("cancelled: nothing was written and nothing was shared", err=True)
        sys.exit(1)
    result = create_share(vault, plan, out, method="MyData Wallet command line: 'approve' typed after the summary")
    echo("")
    echo(
        f"wrote {result.path} ({result.record_count} records, "
        f"{'encrypted for the recipient' if result.encrypted else 'NOT encrypted'})"
    )
    echo(f"consent receipt {result.receipt_id}; bundle {result.bundle_id}")
    for note in result.notes:
        echo(f"note: {note}")


@click.command("verify")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--key",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Recipient's private key (JWK) to open an encrypted bundle.",
)
@click.option("--expect-holder", help="The holder key fingerprint you expect (from a trusted channel).")
@click.option(
    "--known-holders",
    is_flag=True,
    help="Check the signing key against the holders and recipients remembered in your vault (opens the vault).",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def verify(
    ctx: click.Context, file: Path, key_file: Path | None, expect_holder: str | None, known_holders: bool, as_json: bool
) -> None:
    """Verify a share bundle or withdrawal notice (no vault needed).

    Exit status: 0 when every check passes and the signing key is one you know
    (--expect-holder, or --known-holders); 4 when every check passes but the key
    is unknown (anyone can sign with a key of their own and claim any name);
    1 when a check fails.
    """
    from wallet.cli.context import open_vault_from_ctx
    from wallet.features.share.holders import known_keys
    from wallet.features.share.verify import EXIT_UNKNOWN_SIGNER, verify_file

    key = read_jwk_file(key_file, private=True) if key_file else None
    known = known_keys(open_vault_from_ctx(ctx)) if known_holders else None
    result = verify_file(file, decrypt_key=key, expect_holder=expect_holder, known=known)
    if as_json:
        echo_json(
            {
                "ok": result.ok,
                "trusted": result.trusted,
                "signer": result.signer,
                "known_as": result.known_as,
                "verdict": result.verdict(),
                "checks": [
                    {"item": c.item, "ok": c.ok, "message": c.message + (advice(c.hint) if c.hint else "")}
                    for c in result.checks
                ],
                "claims": result.claims,
            }
        )
    else:
        echo_lines(result.lines(advice))
    if not result.ok:
        sys.exit(1)
    if not result.trusted:
        sys.exit(EXIT_UNKNOWN_SIGNER)


@click.group("shares")
def shares() -> None:
    """What you shared, with whom, and withdrawing consent."""


@shares.command("list")
@click.option("--person", help="Only this person's shares (name or id).")
@vault_command
def shares_list(vault: Vault, person: str | None) -> None:
    """List shares, newest first."""
    from wallet.features.share.receipts import list_shares

    pid = vault.resolve_person(person).id if person else None
    items = list_shares(vault, pid)
    if not items:
        echo("no shares yet")
        return
    for s in items:
        echo(
            f"{s.id[:12]}  {s.created[:10]}  {s.effective_status:<9} {s.template:<9} "
            f"{len(s.record_ids):>5} records  to {s.recipient_label}: {s.purpose}"
        )


@shares.command("show")
@click.argument("share_id")
@click.option("--json", "as_json", is_flag=True)
@vault_command
def shares_show(vault: Vault, share_id: str, as_json: bool) -> None:
    """Show one share: the receipt, the files and the records sent."""
    from wallet.errors import NotFound
    from wallet.features.share.receipts import get_share

    s = get_share(vault, share_id)
    if as_json:
        echo_json(
            {
                "receipt": s.receipt,
                "manifest": s.manifest,
                "status": s.effective_status,
                "records": s.record_ids,
                "withdrawn": s.withdrawn,
            }
        )
        return
    lines = [
        f"consent receipt {s.id}",
        f"  bundle:     {s.bundle_id}",
        f"  created:    {s.created}",
        f"  expires:    {s.expires or '-'}",
        f"  status:     {s.effective_status}" + (f" (withdrawn {s.withdrawn})" if s.withdrawn else ""),
        f"  recipient:  {s.recipient_label}",
        f"  purpose:    {s.purpose}  [{s.template}]",
        f"  encrypted:  {'yes' if s.encrypted else 'no'}",
        f"  written to: {s.destination or '-'}",
        f"  sensitive:  {', '.join(s.receipt.get('spiCat') or []) or 'none'}",
        "  files:",
    ]
    lines += [f"    {f['path']}  {f['size']} bytes  sha256 {f['sha256'][:16]}..." for f in s.manifest.get("files", [])]
    lines.append(f"  records ({len(s.record_ids)}):")
    for rid in s.record_ids:
        try:
            r = vault.get(rid)
            lines.append(f"    {rid[:12]}  {r.kind:<24} {r.title}")
        except NotFound:
            lines.append(f"    {rid[:12]}  (since deleted from the vault)")
    echo_lines(lines)


@shares.command("withdraw")
@click.argument("share_id")
@click.option(
    "--out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the signed withdrawal notice (send it to the recipient).",
)
@vault_command
def shares_withdraw(vault: Vault, share_id: str, out: Path) -> None:
    """Withdraw a consent and write a signed withdrawal notice for the recipient."""
    from wallet.features.share.receipts import withdraw

    if out.exists():
        fail(f"{out} already exists; choose another file name")
    path = withdraw(vault, share_id, out)
    echo(f"consent withdrawn; send {path} to the recipient (they can check it with: mydata-wallet verify)")


@click.group("recipients")
def recipients() -> None:
    """Remembered recipients (names, organisations, public keys)."""


@recipients.command("list")
@vault_command
def recipients_list(vault: Vault) -> None:
    """Print the remembered recipients with their key fingerprints (or that their bundles are not encrypted)."""
    from wallet.features.share.templates import list_recipients
    from wallet.jose import thumbprint

    items = list_recipients(vault)
    if not items:
        echo("no recipients remembered")
    for r in items:
        key = f"key {thumbprint(r.jwk)}" if r.jwk else "no key (bundles are not encrypted)"
        echo(f"{r.label:<40} {key}")


@recipients.command("add")
@click.argument("name")
@click.option("--organisation")
@click.option(
    "--key",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The recipient's public key (JWK file).",
)
@vault_command
def recipients_add(vault: Vault, name: str, organisation: str | None, key_file: Path | None) -> None:
    """Remember a recipient (and, with a key file, the public key its bundles are encrypted for)."""
    from wallet.features.share.templates import save_recipient

    save_recipient(
        vault, Recipient(name=name, organisation=organisation, jwk=read_jwk_file(key_file) if key_file else None)
    )
    echo(f"remembered {name}")


@recipients.command("remove")
@click.argument("name")
@vault_command
def recipients_remove(vault: Vault, name: str) -> None:
    """Forget a remembered recipient; fails when none has that name."""
    from wallet.features.share.templates import delete_recipient

    if not delete_recipient(vault, name):
        fail(f"no remembered recipient named {name!r}")
    echo(f"forgot {name}")


@click.group("holders")
def holders() -> None:
    """Known holders: key fingerprints you got from someone you trust, for 'verify --known-holders'."""


@holders.command("list")
@vault_command
def holders_list(vault: Vault) -> None:
    """Print the remembered holders whose bundles you receive, with their key fingerprints."""
    from wallet.features.share.holders import list_holders

    items = list_holders(vault)
    if not items:
        echo("no holders remembered")
    for h in items:
        echo(f"{h.name:<40} key {h.fingerprint}")


@holders.command("add")
@click.argument("name")
@click.option("--fingerprint", help="The key fingerprint the holder gave you (as 'verify' prints it).")
@click.option(
    "--key",
    "key_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="The holder's public key (JWK file) instead of a fingerprint.",
)
@vault_command
def holders_add(vault: Vault, name: str, fingerprint: str | None, key_file: Path | None) -> None:
    """Remember a holder's key fingerprint under a name."""
    from wallet.features.share.holders import save_holder
    from wallet.features.share.templates import ShareError
    from wallet.jose import thumbprint

    if (fingerprint is None) == (key_file is None):
        fail("give the holder's key as --fingerprint FINGERPRINT or --key FILE (one of them)")
    value = fingerprint if fingerprint is not None else thumbprint(read_jwk_file(key_file))  # type: ignore[arg-type]
    try:
        holder = save_holder(vault, name, value)
    except ShareError as exc:
        fail(say(exc))
    echo(f"remembered {holder.name}: key {holder.fingerprint}")


@holders.command("remove")
@click.argument("name")
@vault_command
def holders_remove(vault: Vault, name: str) -> None:
    """Forget a remembered holder; fails when none has that name."""
    from wallet.features.share.holders import delete_holder

    if not delete_holder(vault, name):
        fail(f"no remembered holder named {name!r}")
    echo(f"forgot {name}")


def register(group: click.Group) -> None:
    """Add the sharing commands (share, verify, shares, recipients, holders) to the top-level group."""
    for command in (share, verify, shares, recipients, holders):
        group.add_command(command)
