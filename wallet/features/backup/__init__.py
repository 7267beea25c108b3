"""Encrypted backups of the vault to a folder, a disk or any storage service rclone reaches.

* :mod:`~wallet.features.backup.targets`: where backups go, kept inside the vault with their secrets.
* :mod:`~wallet.features.backup.rclone`: rclone run with the target described in its environment only.
* :mod:`~wallet.features.backup.snapshot`: a backup's parts (ciphertext snapshot, key file, manifest).
* :mod:`~wallet.features.backup.retention`: which versions are kept (7 daily, 4 weekly, 12 monthly).
* :mod:`~wallet.features.backup.service`: back up, list, restore, verify, prune; two computers.
* :mod:`~wallet.features.backup.schedule`: automatic backups and the last outcomes, kept in the vault.
"""

from __future__ import annotations

from wallet.features.backup.retention import Retention, to_keep
from wallet.features.backup.service import (
    BackupReport,
    RemoteStatus,
    RestoreReport,
    Version,
    computer_id,
    delete_backups,
    list_versions,
    prune,
    remote_status,
    restore,
    run_backup,
    verify,
)
from wallet.features.backup.targets import Target, list_targets, load_target, make_target, remove_target, save_target

__all__ = [
    "BackupReport",
    "RemoteStatus",
    "RestoreReport",
    "Retention",
    "Target",
    "Version",
    "computer_id",
    "delete_backups",
    "list_targets",
    "list_versions",
    "load_target",
    "make_target",
    "prune",
    "remote_status",
    "remove_target",
    "restore",
    "run_backup",
    "save_target",
    "to_keep",
    "verify",
]
