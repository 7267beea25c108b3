"""When backups run by themselves, and how the last ones went: kept inside the vault.

The schedule (``kv`` key ``backup-schedule``) names the target the automatic backups go to and
whether they run after each import, daily while the app runs, and whether the newest backup is
verified once a month.  The outcome of the last backup and of the last verification (time,
target, whether it worked, the message) is kept under ``backup-outcome:backup`` and
``backup-outcome:verify``, so the app can show them and tell when the next one is due.  Nothing
here is personal data; it travels with the vault and its backups.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from wallet.errors import BackupCancelled
from wallet.features.backup.service import BackupReport, RestoreReport, run_backup, verify
from wallet.features.backup.targets import Target
from wallet.store.rows import utc_iso
from wallet.store.vault import Vault

KV_SCHEDULE = "backup-schedule"
KV_OUTCOME = "backup-outcome:"
DAILY = timedelta(days=1)
MONTHLY = timedelta(days=30)
RETRY = timedelta(hours=1)
"""After an automatic backup or verification failed, the next try waits this long."""
KINDS = ("backup", "verify")


@dataclass(frozen=True)
class Schedule:
    """The automatic backups: to which target, after imports, daily, and a monthly verification."""

    target: str = ""
    after_import: bool = False
    daily: bool = False
    monthly_verify: bool = False

    @property
    def active(self) -> bool:
        """Whether anything runs by itself (a target is chosen and one of the options is on)."""
        return bool(self.target) and (self.after_import or self.daily or self.monthly_verify)


@dataclass(frozen=True)
class Outcome:
    """How the last backup or verification went."""

    kind: str
    time: datetime
    target: str
    ok: bool
    message: str = ""
    records: int | None = None

    def to_json(self) -> dict[str, Any]:
        """What the vault keeps."""
        data = asdict(self)
        data["time"] = utc_iso(self.time)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Outcome:
        """The outcome kept as ``data``; KeyError or ValueError when malformed."""
        when = datetime.fromisoformat(str(data["time"]))
        records = data.get("records")
        return cls(
            kind=str(data["kind"]),
            time=when if when.tzinfo else when.replace(tzinfo=UTC),
            target=str(data["target"]),
            ok=bool(data["ok"]),
            message=str(data.get("message") or ""),
            records=int(records) if records is not None else None,
        )


def load_schedule(vault: Vault) -> Schedule:
    """The vault's schedule (nothing automatic when none was set)."""
    data = vault.cache_get(KV_SCHEDULE)
    if not isinstance(data, dict):
        return Schedule()
    return Schedule(
        target=str(data.get("target") or ""),
        after_import=bool(data.get("after_import")),
        daily=bool(data.get("daily")),
        monthly_verify=bool(data.get("monthly_verify")),
    )


def save_schedule(vault: Vault, schedule: Schedule) -> None:
    """Keep ``schedule`` in the vault (recorded in the audit log)."""
    vault.cache_set(KV_SCHEDULE, asdict(schedule))
    vault.audit("backup.schedule", asdict(schedule))


def record_outcome(vault: Vault, outcome: Outcome) -> None:
    """Keep ``outcome`` as the last of its kind (a read-only vault keeps nothing)."""
    if outcome.kind not in KINDS:
        raise ValueError(f"unknown kind {outcome.kind!r}")
    if not vault.read_only:
        vault.cache_set(KV_OUTCOME + outcome.kind, outcome.to_json())


def last_outcome(vault: Vault, kind: str) -> Outcome | None:
    """The last backup (``kind`` "backup") or verification ("verify"), or None."""
    data = vault.cache_get(KV_OUTCOME + kind)
    if not isinstance(data, dict):
        return None
    try:
        return Outcome.from_json(data)
    except (KeyError, TypeError, ValueError):
        return None


def _last_success(vault: Vault, kind: str) -> datetime | None:
    """When the last ``kind`` that worked was done (a failure since does not count), or None."""
    data = vault.cache_get(KV_OUTCOME + kind + ":ok")
    try:
        when = datetime.fromisoformat(str(data)) if data else None
    except ValueError:
        return None
    return when.replace(tzinfo=UTC) if when is not None and when.tzinfo is None else when


def record(vault: Vault, outcome: Outcome) -> None:
    """Keep ``outcome``, and the time of the last success of its kind (what the schedule counts from)."""
    record_outcome(vault, outcome)
    if outcome.ok and not vault.read_only:
        vault.cache_set(KV_OUTCOME + outcome.kind + ":ok", utc_iso(outcome.time))


def _failed_lately(vault: Vault, kind: str, now: datetime) -> bool:
    """Whether the last ``kind`` failed less than :data:`RETRY` ago (no retry every few minutes)."""
    outcome = last_outcome(vault, kind)
    return outcome is not None and not outcome.ok and now - outcome.time < RETRY


def backup_due(vault: Vault, schedule: Schedule, now: datetime) -> bool:
    """Whether the daily backup is due: on, and no backup worked in the last day."""
    if not (schedule.target and schedule.daily) or _failed_lately(vault, "backup", now):
        return False
    last = _last_success(vault, "backup")
    return last is None or now - last >= DAILY


def verify_due(vault: Vault, schedule: Schedule, now: datetime) -> bool:
    """Whether the monthly verification is due: on, a backup worked, and none was verified in 30 days."""
    if not (schedule.target and schedule.monthly_verify) or _last_success(vault, "backup") is None:
        return False
    if _failed_lately(vault, "verify", now):
        return False
    last = _last_success(vault, "verify")
    return last is None or now - last >= MONTHLY


def back_up_and_record(vault: Vault, target: Target, *, when: datetime | None = None, **kwargs: Any) -> BackupReport:
    """:func:`~wallet.features.backup.service.run_backup`, its outcome kept (a cancel is not kept).

    ``when``: the time the outcome is kept under (the scheduler's clock; now by default).
    """
    try:
        report = run_backup(vault, target, **kwargs)
    except BackupCancelled:
        raise
    except Exception as exc:
        record(vault, Outcome("backup", when or datetime.now(UTC), target.name, False, str(exc)))
        raise
    record(vault, Outcome("backup", when or datetime.now(UTC), target.name, True, records=report.version.records))
    return report


def verify_and_record(vault: Vault, target: Target, *, when: datetime | None = None, **kwargs: Any) -> RestoreReport:
    """:func:`~wallet.features.backup.service.verify`, its outcome kept (a cancel is not kept; ``when`` as above)."""
    try:
        report = verify(vault, target, **kwargs)
    except BackupCancelled:
        raise
    except Exception as exc:
        record(vault, Outcome("verify", when or datetime.now(UTC), target.name, False, str(exc)))
        raise
    problem = report.problems[0] if report.problems else ""
    record(
        vault,
        Outcome("verify", when or datetime.now(UTC), target.name, not report.problems, problem, report.version.records),
    )
    return report
