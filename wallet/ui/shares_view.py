"""The Shares view: what was shared, with whom, until when; withdraw a consent.

``open_shares_view(main_window)`` lists the shares and lets the person withdraw a consent
(writing a signed withdrawal notice).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.model import Record
from wallet.ui.workers import LatestRead, readable_error, run_task, with_reader

if TYPE_CHECKING:
    from wallet.features.share.receipts import ShareInfo
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

from wallet.ui.share_common import _busy_bar, _message, status_label, template_label


class SharesDialog(QDialog):
    """What was shared, with whom, until when; withdraw a consent."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from wallet.features.share.receipts import list_shares

        self.vault = vault
        self.last_message: QMessageBox | None = None
        self.setWindowTitle(self.tr("Shares"))
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Created"),
                self.tr("Recipient"),
                self.tr("Purpose"),
                self.tr("Records"),
                self.tr("Expires"),
                self.tr("Status"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.detail = QPlainTextEdit()
        self.detail.setReadOnly(True)
        split.addWidget(self.table)
        split.addWidget(self.detail)
        layout.addWidget(split, 1)
        buttons = QHBoxLayout()
        self.busy = _busy_bar(self.tr("Withdrawing the consent..."))
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        self._withdrawing = False
        self._withdrawn: Path | None = None
        self._detail_reads = LatestRead()  # the records of the selected share: only the newest is shown
        self.withdraw_button = QPushButton(self.tr("Withdraw consent..."))
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        close = QPushButton(self.tr("Close"))
        close.clicked.connect(self.accept)
        buttons.addWidget(self.withdraw_button)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.shares = list_shares(vault)
        self._fill()
        self.resize(820, 560)

    def _fill(self) -> None:
        self.table.setRowCount(len(self.shares))
        for row, s in enumerate(self.shares):
            values = [
                s.created[:10],
                s.recipient_label,
                s.purpose,
                str(len(s.record_ids)),
                s.expires or "-",
                status_label(s.effective_status),
            ]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))

    def selected(self) -> ShareInfo | None:
        """The receipt of the share selected in the table, or None."""
        rows = {i.row() for i in self.table.selectedItems()}
        return self.shares[min(rows)] if rows else None

    def _show_selected(self) -> None:
        s = self.selected()
        self.withdraw_button.setEnabled(s is not None and s.status != "withdrawn" and not self._withdrawing)
        if s is None:
            self._detail_reads.supersede()
            self.detail.clear()
            return
        lines = [
            self.tr("Consent receipt {0}").format(s.id),
            self.tr("Bundle {0}, created {1}, {2}").format(
                s.bundle_id, s.created, self.tr("encrypted") if s.encrypted else self.tr("not encrypted")
            ),
            self.tr("Recipient: {0}").format(s.recipient_label),
            self.tr("Purpose: {0} [{1}]").format(s.purpose, template_label(s.template)),
            self.tr("Sensitive: {0}").format(", ".join(s.receipt.get("spiCat") or []) or "-"),
            self.tr("Status: {0}").format(
                status_label(s.effective_status) + (f" ({s.withdrawn})" if s.withdrawn else "")
            ),
            "",
            self.tr("Files:"),
        ]
        lines += [f"  {f['path']}  ({f['size']} bytes)" for f in s.manifest.get("files", [])]
        lines += ["", self.tr("Records sent:")]
        self.detail.setPlainText("\n".join(lines))  # the records follow when read
        record_ids = list(s.record_ids)

        def done(found: dict[str, Record]) -> None:
            sent = list(lines)
            for rid in record_ids:
                rec = found.get(rid)
                if rec is None:
                    sent.append(f"  {rid[:12]} " + self.tr("(since deleted)"))
                else:
                    when = rec.start.date().isoformat() if rec.start else "----------"
                    sent.append(f"  {when}  {rec.kind}: {rec.title}")
            self.detail.setPlainText("\n".join(sent))

        def failed(exc: BaseException) -> None:
            self.detail.setPlainText("\n".join([*lines, "  " + readable_error(exc)]))

        # one query for all the records sent (a research share lists tens of thousands), off the GUI thread
        self._detail_reads.start(self.vault, lambda r: r.records_by_id(record_ids), on_done=done, on_error=failed)

    def withdraw_selected(self, out: Path | None = None) -> Path | None:
        """Withdraw the selected share and write the notice for its recipient to ``out`` (asked for when None).

        Signing, recording and writing run in the background; the path written is returned if
        done by the time this returns (always when tests run tasks inline), else None.
        """
        from wallet.features.share.receipts import list_shares, withdraw

        s = self.selected()
        if s is None or self._withdrawing:
            return None
        if out is None:
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save the withdrawal notice"), f"withdrawal-{s.id[:8]}.json", self.tr("JSON (*.json)")
            )
            if not path:
                return None
            out = Path(path)
        share_id, dest = s.id, out
        self._withdrawn = None

        def job(reader: Vault) -> tuple[Path, list[ShareInfo]]:
            written = withdraw(reader, share_id, dest, overwrite=True)  # the save dialog asked before replacing
            return written, list_shares(reader)

        self._set_withdrawing(True)
        run_task(with_reader(self.vault, job), on_done=self._withdrew, on_error=self._withdraw_failed)
        return self._withdrawn

    def _set_withdrawing(self, busy: bool) -> None:
        self._withdrawing = busy
        self.busy.setVisible(busy)
        self.table.setEnabled(not busy)
        s = self.selected()
        self.withdraw_button.setEnabled(not busy and s is not None and s.status != "withdrawn")

    def _withdrew(self, outcome: tuple[Path, list[ShareInfo]]) -> None:
        written, self.shares = outcome
        self._withdrawn = written
        self._set_withdrawing(False)
        self._fill()
        self.last_message = _message(
            self,
            self.tr("Consent withdrawn"),
            self.tr("Send {0} to the recipient.").format(written),
            QMessageBox.Icon.Information,
        )

    def _withdraw_failed(self, exc: BaseException) -> None:
        self._set_withdrawing(False)
        self.last_message = _message(self, self.tr("Not withdrawn"), readable_error(exc))


def open_shares_view(main_window: MainWindow) -> SharesDialog | None:
    """Open the list of past shares for the open vault; None while it is locked."""
    vault = main_window.vault
    if vault is None:
        return None
    dialog = SharesDialog(vault, main_window)
    dialog.open()
    return dialog
