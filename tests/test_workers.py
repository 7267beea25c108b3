"""The one background helper of the desktop app (wallet.ui.workers.run_task), offscreen."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets")

from PySide6.QtWidgets import QWidget

from wallet.errors import WalletError
from wallet.ui import workers


def test_inline_tasks_finish_before_run_task_returns(inline_tasks: None) -> None:
    got: list[int] = []
    task = workers.run_task(lambda a, b: a + b, 40, 2, on_done=got.append)
    assert got == [42] and task.done.is_set()


def test_progress_reaches_the_gui_thread_before_the_result(inline_tasks: None) -> None:
    seen: list[Any] = []

    def work(*, progress: Callable[[int, int | None], None]) -> str:
        progress(1, 2)
        progress(2, None)
        return "done"

    workers.run_task(
        work,
        with_progress=True,
        on_progress=lambda done, total: seen.append((done, total)),
        on_done=seen.append,
    )
    assert seen == [(1, 2), (2, None), "done"]


def test_a_failure_without_a_callback_shows_a_readable_warning(qtbot: Any, inline_tasks: None) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)

    def fail() -> None:
        raise WalletError("the vault is locked")

    workers.run_task(fail, on_done=lambda _r: pytest.fail("no result expected"), parent=parent)
    box = workers.last_error_box
    assert box is not None and box.text() == "the vault is locked" and box.parent() is parent
    box.close()


def test_a_given_failure_callback_gets_the_exception(inline_tasks: None) -> None:
    errors: list[BaseException] = []
    before = workers.last_error_box
    workers.run_task(lambda: 1 / 0, on_error=errors.append)
    assert isinstance(errors[0], ZeroDivisionError) and workers.last_error_box is before


def test_without_inline_the_work_runs_on_a_worker_thread(qtbot: Any) -> None:
    where: list[threading.Thread] = []
    got: list[str] = []

    def work() -> str:
        where.append(threading.current_thread())
        return "ok"

    workers.run_task(work, on_done=got.append)
    assert got == []  # results come back through the GUI thread's event loop, never at once
    qtbot.waitUntil(lambda: got == ["ok"], timeout=5000)
    assert where[0] is not threading.main_thread()
