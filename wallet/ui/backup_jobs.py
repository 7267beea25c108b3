"""Backups, verifications and restores run on a worker with progress (stage, bytes) and a Cancel.

One helper for the Backup dialog, the restore dialog and the automatic backups: the job gets a
``transfer(done, total)`` for the bytes rclone reports, a ``cancel()`` that turns true once the
person has pressed Cancel, and a ``stage(text)`` for the step it is on; the GUI hears all three
through :func:`wallet.ui.workers.run_task` (stages travel as negative numbers, their text kept here).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QCoreApplication

from wallet.imports.inputs import size_text
from wallet.store.vault import Vault
from wallet.ui import workers

T = TypeVar("T")
Transfer = Callable[[int, int], None]
Cancel = Callable[[], bool]
Stage = Callable[[str], None]
JobFn = Callable[[Transfer, Cancel, Stage], T]


def stage_text(stage: str) -> str:
    """The core's name of a step, in the app's words."""
    words = {
        "connecting": QCoreApplication.translate("BackupJobs", "Connecting..."),
        "taking a snapshot": QCoreApplication.translate("BackupJobs", "Taking a snapshot of the vault..."),
        "uploading": QCoreApplication.translate("BackupJobs", "Uploading..."),
        "writing the manifest": QCoreApplication.translate("BackupJobs", "Writing the manifest..."),
        "pruning old versions": QCoreApplication.translate("BackupJobs", "Deleting old versions..."),
        "listing versions": QCoreApplication.translate("BackupJobs", "Listing the versions..."),
        "opening and checking": QCoreApplication.translate("BackupJobs", "Opening and checking..."),
        "verifying": QCoreApplication.translate("BackupJobs", "Verifying..."),
    }
    if stage.startswith("downloading"):
        return QCoreApplication.translate("BackupJobs", "Downloading...")
    return words.get(stage, stage)


def bytes_text(done: int, total: int) -> str:
    """``1 MB of 3 MB (33%)``."""
    if total <= 0:
        return size_text(done)
    percent = min(100, done * 100 // total)
    return QCoreApplication.translate("BackupJobs", "{done} of {total} ({percent}%)").format(
        done=size_text(done), total=size_text(total), percent=percent
    )


class Job:
    """A running backup job: its stages so far, and Cancel."""

    def __init__(self) -> None:
        self.stages: list[str] = []
        self.task: workers.Task[Any] | None = None
        self.cancelled = False

    def cancel(self) -> None:
        """Ask the job to stop (rclone is stopped; nothing half-done counts)."""
        self.cancelled = True
        if self.task is not None:
            self.task.cancel()


def start(
    fn: JobFn[T],
    *,
    on_done: Callable[[T], None],
    on_error: Callable[[BaseException], None],
    on_stage: Callable[[str], None],
    on_bytes: Callable[[int, int], None],
) -> Job:
    """Run ``fn(transfer, cancel, stage)`` on a worker; the callbacks run on the GUI thread."""
    job = Job()

    def run(progress: workers.Progress, cancel: Cancel) -> T:
        def stage(text: str) -> None:
            job.stages.append(text)
            progress(-len(job.stages), None)

        return fn(lambda done, total: progress(done, max(total, 0)), cancel, stage)

    def heard(done: int, total: int | None) -> None:
        if done < 0:
            on_stage(stage_text(job.stages[-done - 1]))
        else:
            on_bytes(done, total or 0)

    job.task = workers.run_task(
        run, on_done=on_done, on_error=on_error, on_progress=heard, with_progress=True, with_cancel=True
    )
    return job


def with_reader(vault: Vault, fn: Callable[[Vault, Transfer, Cancel, Stage], T]) -> JobFn[T]:
    """``fn`` on a connection of its own to ``vault`` (opened now, on the GUI thread): a job for :func:`start`."""
    try:
        reader = vault.reader(writes=True)
    except Exception as exc:
        failure = exc

        def failed(_transfer: Transfer, _cancel: Cancel, _stage: Stage) -> T:
            raise failure

        return failed

    def job(transfer: Transfer, cancel: Cancel, stage: Stage) -> T:
        with reader:
            return fn(reader, transfer, cancel, stage)

    return job
