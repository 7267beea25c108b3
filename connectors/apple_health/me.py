"""``Me``: the export owner's characteristics (date of birth, biological sex, blood type ...) as profile records."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from connectors.apple_health.healthkit import _TITLES, HEALTHKIT, _characteristic_text, humanize
from wallet.model import Domain, PersonHint

if TYPE_CHECKING:
    from connectors.apple_health.builder import _Builder


def me(builder: _Builder, attrs: dict[str, str]) -> None:
    """``Me``: one profile record per characteristic that is set, each naming the export's owner."""
    # Content hashes are what the vault deduplicates on, and "Biological sex: male" alone
    # would be the same record for two people: every characteristic carries the date of
    # birth too (the one that practically never changes), so two people's profiles differ.
    dob = attrs.get("HKCharacteristicTypeIdentifierDateOfBirth") or None
    hint = _me_hint(attrs)  # whose export this is: matched to the vault's people by the pipeline
    for key in sorted(attrs):
        raw = attrs[key]
        if not raw or raw.endswith("NotSet") or not key.startswith("HKCharacteristicTypeIdentifier"):
            continue
        title = _TITLES.get(key) or humanize(key)
        text = _characteristic_text(raw)
        builder.add(
            domain=Domain.PROFILE,
            kind=key,
            title=title,
            code_system=HEALTHKIT,
            code=raw,
            code_display=text,
            text=f"{title}: {text}",
            payload={"characteristic": key, "value": raw, "dateOfBirth": dob},
            provenance=builder.provenance(None),
            person_hint=hint,
        )


ME_KEY = "apple-health:Me"
"""The subject key of an export's owner (the ``Me`` element)."""
_SEX_OF = {"HKBiologicalSexMale": "male", "HKBiologicalSexFemale": "female", "HKBiologicalSexOther": "other"}


def _me_hint(attrs: dict[str, str]) -> PersonHint:
    """What ``Me`` says of the export's owner: no name, a birth date and a sex when set."""
    raw = attrs.get("HKCharacteristicTypeIdentifierDateOfBirth") or ""
    try:
        born = date.fromisoformat(raw[:10]) if raw else None
    except ValueError:
        born = None
    sex = _SEX_OF.get(attrs.get("HKCharacteristicTypeIdentifierBiologicalSex", ""))
    return PersonHint(subject_key=ME_KEY, birth_date=born, sex=sex, sole=True)
