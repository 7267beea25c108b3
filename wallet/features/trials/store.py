"""Study records kept inside the vault (encrypted with everything else), in its key/value table.

Each study is one entry under ``trial:<NCT id>`` holding ``{"added": ISO time, "source": "file:<name>" |
"fetch", "record": the API v2 JSON as received}`` (``"updated"`` too once a newer version replaced it).
What the vault keeps is the registry's own record; :class:`~.model.Study` is read from it each time, so a
better reader reads old entries better.  Every save and delete is in the audit log with counts and NCT
ids only: never a file name, a query or anything about the person.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from wallet.features.trials.model import Study
from wallet.features.trials.study import TrialError, nct_id, parse_study

if TYPE_CHECKING:
    from collections.abc import Iterable

    from wallet.store.vault import Vault

PREFIX = "trial:"
MAX_AUDITED_IDS = 100
"""NCT ids listed in one audit entry (a larger import lists the first ones and says how many)."""


@dataclass(frozen=True)
class KeptStudy:
    """A study as the vault keeps it: the study, when it was first added, and where it came from."""

    study: Study
    added: str
    """ISO time (UTC) of the first save."""
    source: str
    """``file:<name>`` or ``fetch``: how the latest version came in."""
    updated: str | None = None
    """ISO time (UTC) the record was last replaced by a different version; None if never."""


def _key(nct: str) -> str:
    return f"{PREFIX}{nct}"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _audit_ids(ids: list[str]) -> dict[str, Any]:
    detail: dict[str, Any] = {"nct_ids": ids[:MAX_AUDITED_IDS]}
    if len(ids) > MAX_AUDITED_IDS:
        detail["nct_ids_not_listed"] = len(ids) - MAX_AUDITED_IDS
    return detail


def save_studies(vault: Vault, studies: Iterable[Study], source: str) -> tuple[int, int]:
    """Keep ``studies`` in the vault: ``(added, updated)``; a study already kept with the same record is neither.

    ``source`` is ``fetch`` or ``file:<name>``.  Several versions of one study in ``studies``: the last one
    is kept.  One transaction, with one audit entry (``trials.fetch`` or ``trials.import``).
    """
    if source != "fetch" and not source.startswith("file:"):
        raise ValueError(f"source is 'fetch' or 'file:<name>', not {source!r}")
    by_id = {s.nct_id: s for s in studies}
    added: list[str] = []
    updated: list[str] = []
    now = _now()
    with vault.transaction():
        for nct, study in by_id.items():
            old = vault.cache_get(_key(nct))
            if isinstance(old, dict) and old.get("record") == study.raw:
                continue
            entry: dict[str, Any] = {"added": now, "source": source, "record": study.raw}
            if isinstance(old, dict):
                entry["added"] = old.get("added") if isinstance(old.get("added"), str) else now
                entry["updated"] = now
                updated.append(nct)
            else:
                added.append(nct)
            vault.cache_set(_key(nct), entry)
        action = "trials.fetch" if source == "fetch" else "trials.import"
        vault.audit(
            action,
            {
                "studies": len(by_id),
                "added": len(added),
                "updated": len(updated),
                "unchanged": len(by_id) - len(added) - len(updated),
                **_audit_ids(sorted(by_id)),
            },
        )
    return len(added), len(updated)


def _kept(vault: Vault, key: str) -> KeptStudy | None:
    entry = vault.cache_get(key)
    if not isinstance(entry, dict) or not isinstance(entry.get("record"), dict):
        return None
    study = parse_study(entry["record"], key)
    updated = entry.get("updated")
    return KeptStudy(
        study=study,
        added=str(entry.get("added", "")),
        source=str(entry.get("source", "")),
        updated=updated if isinstance(updated, str) else None,
    )


def kept_studies(vault: Vault) -> list[KeptStudy]:
    """Every kept study with when and how it came, the most recently updated by the registry first."""
    found = [k for k in (_kept(vault, key) for key in vault.cache_keys(PREFIX)) if k is not None]
    found.sort(key=lambda k: k.study.nct_id)
    found.sort(key=lambda k: k.study.last_update or "", reverse=True)
    return found


def stored_studies(vault: Vault) -> list[Study]:
    """Every study kept in the vault, the most recently updated by the registry first (then by NCT id)."""
    return [k.study for k in kept_studies(vault)]


def get_kept(vault: Vault, nct: str) -> KeptStudy:
    """The kept study ``nct`` with when and how it came; TrialError if the vault does not keep it."""
    value = nct_id(nct)
    kept = _kept(vault, _key(value))
    if kept is None:
        raise TrialError(f"the vault keeps no study {value}")
    return kept


def get_study(vault: Vault, nct: str) -> Study:
    """The study ``nct`` (``NCT`` and 8 digits) as kept in the vault; TrialError if it is not there."""
    return get_kept(vault, nct).study


def delete_study(vault: Vault, nct: str) -> None:
    """Remove the study ``nct`` from the vault (audited as ``trials.delete``); TrialError if it is not there."""
    value = nct_id(nct)
    with vault.transaction():
        if vault.cache_get(_key(value)) is None:
            raise TrialError(f"the vault keeps no study {value}")
        vault.cache_delete(_key(value))
        vault.audit("trials.delete", {"nct_id": value})
