"""``mydata-wallet medical-id ...``: show and edit the hand-entered Medical ID.

Every editing command loads the person's Medical ID, changes one thing and
saves it again (one transaction, audited).  Records imported from elsewhere
are shown beside it and never changed.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import click
from pydantic import ValidationError

from wallet.cli.context import vault_command
from wallet.cli.termsafe import echo, echo_json
from wallet.errors import WalletError, validation_problems
from wallet.features import medical_id as mid

if TYPE_CHECKING:
    from wallet.store.vault import Vault

SECTION_TITLES = {
    "blood_type": "Blood type",
    "organ_donor": "Organ donor",
    "preferred_language": "Preferred language",
    "notes": "Notes",
    "contacts": "Emergency contacts",
    "advance_directives": "Advance directives",
    "allergies": "Allergies and intolerances",
    "conditions": "Current conditions",
    "medications": "Current medications",
    "devices": "Implanted devices",
}

person_option = click.option(
    "--person", "person", default=None, metavar="NAME|ID", help="Whose Medical ID (default: the vault's holder)."
)


def _person_id(vault: Vault, person: str | None) -> str:
    return str(vault.resolve_person(person).id)


def _edit(vault: Vault, person: str | None, change: Any) -> None:
    person_id = _person_id(vault, person)
    current = mid.load(vault, person_id)
    data = current.model_dump()
    change(data)
    try:
        updated = mid.MedicalId.model_validate(data)
    except ValidationError as exc:
        raise click.UsageError(validation_problems(exc, limit=1)[0]) from None
    mid.save(vault, person_id, updated)
    echo("Medical ID saved.")


def register(group: click.Group) -> None:
    """Add the ``medical-id`` commands (your emergency information) to the top-level group."""

    @group.group("medical-id")
    def medical_id() -> None:
        """Your emergency information: blood type, allergies, medications, contacts ..."""

    @medical_id.command("show")
    @person_option
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @vault_command
    def show(vault: Vault, person: str | None, as_json: bool) -> None:
        """Show the Medical ID, with imported entries beside the hand-entered ones."""
        person_id = _person_id(vault, person)
        current = mid.load(vault, person_id)
        entries = mid.overview(vault, person_id)
        if as_json:
            out = {
                "person": person_id,
                "medical_id": current.model_dump(mode="json"),
                "entries": [
                    {
                        "section": e.section,
                        "text": e.text,
                        "source": e.source,
                        "record_id": e.record_id,
                        "manual": e.manual,
                        "index": e.index,
                    }
                    for e in entries
                ],
            }
            echo_json(out)
            return
        if not entries:
            echo("No Medical ID yet. Add entries with e.g. 'mydata-wallet medical-id add-allergy SUBSTANCE'.")
            return
        for section, title in SECTION_TITLES.items():
            lines = [e for e in entries if e.section == section]
            if not lines:
                continue
            echo(f"{title}:")
            for e in lines:
                number = f"{e.index}. " if e.index is not None else "- "
                echo(f"  {number}{e.text}  [{e.source}]")

    @medical_id.command("set-blood-type")
    @click.argument("blood_type", type=click.Choice([*mid.BLOOD_TYPES, "unknown"], case_sensitive=False))
    @person_option
    @vault_command
    def set_blood_type(vault: Vault, blood_type: str, person: str | None) -> None:
        """Set the blood type (A+, A-, B+, B-, AB+, AB-, O+, O-, or 'unknown' to clear it)."""
        value = None if blood_type.lower() == "unknown" else blood_type.upper()
        _edit(vault, person, lambda d: d.__setitem__("blood_type", value))

    @medical_id.command("add-allergy")
    @click.argument("substance")
    @click.option("--severity", type=click.Choice(mid.SEVERITIES), default=None, help="How bad a reaction gets.")
    @click.option("--reaction", default=None, help="What happens, e.g. 'hives', 'anaphylaxis'.")
    @click.option("--intolerance", is_flag=True, help="An intolerance rather than an allergy.")
    @click.option("--category", type=click.Choice(["food", "medication", "environment", "biologic"]), default=None)
    @person_option
    @vault_command
    def add_allergy(
        vault: Vault,
        substance: str,
        severity: str | None,
        reaction: str | None,
        intolerance: bool,
        category: str | None,
        person: str | None,
    ) -> None:
        """Add an allergy or intolerance to SUBSTANCE."""
        item = {
            "substance": substance,
            "severity": severity,
            "reaction": reaction,
            "type": "intolerance" if intolerance else "allergy",
            "category": category,
        }
        _edit(vault, person, lambda d: d["allergies"].append(item))

    @medical_id.command("add-condition")
    @click.argument("name")
    @click.option("--since", default=None, metavar="YYYY-MM-DD", help="Since when.")
    @click.option("--note", default=None)
    @person_option
    @vault_command
    def add_condition(vault: Vault, name: str, since: str | None, note: str | None, person: str | None) -> None:
        """Add a current condition (diagnosis)."""
        if since:
            try:
                date.fromisoformat(since)
            except ValueError:
                raise click.BadParameter(f"not a date: {since!r} (use YYYY-MM-DD)", param_hint="--since") from None
        _edit(vault, person, lambda d: d["conditions"].append({"name": name, "since": since, "note": note}))

    @medical_id.command("add-medication")
    @click.argument("name")
    @click.option("--dose", default=None, help="As on the package, e.g. '10 mg once a day'.")
    @click.option("--note", default=None)
    @person_option
    @vault_command
    def add_medication(vault: Vault, name: str, dose: str | None, note: str | None, person: str | None) -> None:
        """Add a medication you take now."""
        _edit(vault, person, lambda d: d["medications"].append({"name": name, "dose": dose, "note": note}))

    @medical_id.command("add-device")
    @click.argument("name")
    @click.option("--note", default=None, help="E.g. 'MRI-conditional', model, where the card is.")
    @person_option
    @vault_command
    def add_device(vault: Vault, name: str, note: str | None, person: str | None) -> None:
        """Add an implanted device (pacemaker, insulin pump ...)."""
        _edit(vault, person, lambda d: d["devices"].append({"name": name, "note": note}))

    @medical_id.command("add-contact")
    @click.argument("name")
    @click.option("--phone", required=True)
    @click.option("--relationship", default=None, help="E.g. 'spouse', 'daughter', '어머니'.")
    @person_option
    @vault_command
    def add_contact(vault: Vault, name: str, phone: str, relationship: str | None, person: str | None) -> None:
        """Add an emergency contact."""
        item = {"name": name, "phone": phone, "relationship": relationship}
        _edit(vault, person, lambda d: d["contacts"].append(item))

    @medical_id.command("add-directive")
    @click.argument("description")
    @click.option("--location", default=None, help="Where the signed document is kept.")
    @person_option
    @vault_command
    def add_directive(vault: Vault, description: str, location: str | None, person: str | None) -> None:
        """Add an advance directive (e.g. 'Do not resuscitate')."""
        item = {"description": description, "location": location}
        _edit(vault, person, lambda d: d["advance_directives"].append(item))

    @medical_id.command("set-donor")
    @click.argument("answer", type=click.Choice(["yes", "no", "unknown"]))
    @person_option
    @vault_command
    def set_donor(vault: Vault, answer: str, person: str | None) -> None:
        """Say whether you are an organ donor."""
        value = None if answer == "unknown" else answer == "yes"
        _edit(vault, person, lambda d: d.__setitem__("organ_donor", value))

    @medical_id.command("set-language")
    @click.argument("language")
    @person_option
    @vault_command
    def set_language(vault: Vault, language: str, person: str | None) -> None:
        """Set the preferred language (e.g. 'ko', 'Korean', '한국어'; '' clears it)."""
        _edit(vault, person, lambda d: d.__setitem__("preferred_language", language.strip() or None))

    @medical_id.command("set-notes")
    @click.argument("notes")
    @person_option
    @vault_command
    def set_notes(vault: Vault, notes: str, person: str | None) -> None:
        """Set free notes for first responders ('' clears them)."""
        _edit(vault, person, lambda d: d.__setitem__("notes", notes.strip() or None))

    @medical_id.command("remove")
    @click.argument("kind", type=click.Choice(sorted(mid.LISTS)))
    @click.argument("index", type=click.IntRange(min=1))
    @person_option
    @vault_command
    def remove(vault: Vault, kind: str, index: int, person: str | None) -> None:
        """Remove entry INDEX (as numbered by 'show') of KIND."""
        name = mid.LISTS[kind]

        def change(d: dict[str, Any]) -> None:
            items = d[name]
            if index > len(items):
                raise WalletError(f"there is no {kind} number {index} (there are {len(items)})")
            del items[index - 1]

        _edit(vault, person, change)
