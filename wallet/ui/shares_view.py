"""The Sharing centre: what was shared, with whom, what was sent, until when; withdraw a consent.

``open_shares_view(main_window)`` lists the shares (recipient, purpose, what was sent, expiry,
status) and lets the person withdraw a consent (writing a signed withdrawal notice), make a new
share, show a bundle in its folder, and verify a bundle received from someone else.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl
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
    from wallet.ui.share_setup import ShareSetupDialog
    from wallet.ui.verify_dialog import VerifyDialog

from wallet.ui.share_common import _busy_bar, _message, field_label, status_label, template_label


def sent_categories(share: ShareInfo) -> list[str]:
    """The categories of data a share sent, as its consent receipt records them (``piiCategory``)."""
    cats: list[str] = []
    for service in share.receipt.get("services") or []:
        for purpose in service.get("purposes") or []:
            cats += [str(c) for c in purpose.get("piiCategory") or [] if str(c) not in cats]
    return cats


class SharesDialog(QDialog):
    """What was shared, with whom, until when; withdraw a consent."""

    def __init__(self, vault: Vault, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from wallet.features.share.receipts import list_shares

        self.vault = vault
        self.last_message: QMessageBox | None = None
        self.verify_dialog: VerifyDialog | None = None
        self.setup_dialog: ShareSetupDialog | None = None
        self.setWindowTitle(self.tr("Sharing"))
        layout = QVBoxLayout(self)
        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Created"),
                self.tr("Recipient"),
                self.tr("Purpose"),
                self.tr("What was sent"),
                self.tr("Expires"),
                self.tr("Status"),
            ]
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
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
        self.new_button = QPushButton(self.tr("New share..."))
        self.new_button.clicked.connect(self.new_share)
        self.verify_button = QPushButton(self.tr("Verify a bundle..."))
        self.verify_button.setToolTip(self.tr("Check the signature and contents of a bundle you received"))
        self.verify_button.clicked.connect(self.open_verify)
        self.folder_button = QPushButton(self.tr("Show in folder"))
        self.folder_button.setToolTip(self.tr("Open the folder the selected bundle was saved to"))
        self.folder_button.setEnabled(False)
        self.folder_button.clicked.connect(self.show_in_folder)
        self.withdraw_button = QPushButton(self.tr("Withdraw consent..."))
        self.withdraw_button.setEnabled(False)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.close_button = QPushButton(self.tr("Close"))
        self.close_button.clicked.connect(self.accept)
        for button in (self.new_button, self.verify_button, self.folder_button, self.withdraw_button):
            buttons.addWidget(button)
        buttons.addWidget(self.close_button)
        layout.addLayout(buttons)
        self.shares = list_shares(vault)
        self._fill()
        self.resize(820, 560)

    def as_page(self) -> None:
        """Shown as the Sharing section of the main window (wallet.ui.views.make_page): no Close button."""
        self.close_button.hide()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.shares))
        for row, s in enumerate(self.shares):
            values = [
                s.created[:10],
                s.recipient_label,
                s.purpose,
                self.sent_text(s),
                s.expires or self.tr("until withdrawn"),
                status_label(s.effective_status),
            ]
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, col, item)

    def sent_text(self, share: ShareInfo) -> str:
        """What a share sent, in one line: the number of records and their categories."""
        cats = ", ".join(self.category_label(c) for c in sent_categories(share))
        count = self.tr("{0} records").format(len(share.record_ids))
        return f"{count}: {cats}" if cats else count

    def category_label(self, category: str) -> str:
        """A consent receipt's data category (``piiCategory``, kept in English) in the UI language."""
        labels = {
            "Health": self.tr("Health"),
            "Health (fitness and activity)": self.tr("Health (fitness and activity)"),
            "Financial": self.tr("Financial"),
            "Household energy use": self.tr("Household energy use"),
            "Documents": self.tr("Documents"),
            "Biographical": self.tr("Biographical"),
            "Social and entertainment activity": self.tr("Social and entertainment activity"),
            "Contact": self.tr("Contact"),
            "Official identifiers": self.tr("Official identifiers"),
        }
        return labels.get(category, category)

    def refresh(self) -> None:
        """Read the list of shares again (one may have been made or withdrawn since)."""
        from wallet.features.share.receipts import list_shares

        self.shares = list_shares(self.vault)
        self._fill()
        self._show_selected()

    def selected(self) -> ShareInfo | None:
        """The receipt of the share selected in the table, or None."""
        rows = {i.row() for i in self.table.selectedItems()}
        return self.shares[min(rows)] if rows else None

    def _show_selected(self) -> None:
        s = self.selected()
        self.withdraw_button.setEnabled(s is not None and s.status != "withdrawn" and not self._withdrawing)
        self.folder_button.setEnabled(s is not None and bool(s.destination) and Path(s.destination or "").exists())
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
            self.tr("Expires: {0}").format(s.expires or self.tr("until withdrawn")),
            self.tr("What was sent: {0}").format(self.sent_text(s)),
            self.tr("Identifying details sent: {0}").format(
                ", ".join(field_label(f) for f in s.receipt.get("identifyingFieldsSent") or []) or self.tr("none")
            ),
            self.tr("Sensitive: {0}").format(", ".join(s.receipt.get("spiCat") or []) or "-"),
            self.tr("Saved as: {0}").format(s.destination or "-"),
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
            from collections import Counter

            from wallet.terms.names import kind_name
            from wallet.ui.i18n import current

            kinds = Counter(kind_name(rec.kind, current()) for rec in found.values())
            by_kind = ", ".join(f"{name} {n}" for name, n in sorted(kinds.items(), key=lambda kv: (-kv[1], kv[0])))
            sent = [*lines[:-1], self.tr("Records sent: {0}").format(by_kind) if by_kind else lines[-1]]
            for rid in record_ids:
                rec = found.get(rid)
                if rec is None:
                    sent.append(f"  {rid[:12]} " + self.tr("(since deleted)"))
                else:
                    when = rec.start.date().isoformat() if rec.start else "----------"
                    sent.append(f"  {when}  {kind_name(rec.kind, current())}: {rec.title}")
            self.detail.setPlainText("\n".join(sent))

        def failed(exc: BaseException) -> None:
            self.detail.setPlainText("\n".join([*lines, "  " + readable_error(exc)]))

        # one query for all the records sent (a research share lists tens of thousands), off the GUI thread
        self._detail_reads.start(self.vault, lambda r: r.records_by_id(record_ids), on_done=done, on_error=failed)

    def _main_window(self) -> QWidget | None:
        """The main window this page is shown in (it knows the person chosen), if any."""
        for widget in (self.window(), self.parentWidget()):
            if widget is not None and hasattr(widget, "current_person_id"):
                return widget
        return None

    def new_share(self) -> ShareSetupDialog:
        """Open the share wizard for the person chosen in the main window; the list is read again after."""
        from wallet.ui.share_setup import ShareSetupDialog

        owner = self._main_window()
        person_id = getattr(owner, "current_person_id", lambda: None)() or self.vault.holder().id
        dialog = ShareSetupDialog(self.vault, person_id, owner or self)
        dialog.finished.connect(lambda _result: self.refresh())
        dialog.open()
        self.setup_dialog = dialog
        return dialog

    def open_verify(self) -> VerifyDialog:
        """Verify... a bundle (or a withdrawal notice), checked against the keys this vault knows."""
        from wallet.ui.verify_dialog import VerifyDialog

        dialog = VerifyDialog(self)
        dialog.load_known_keys(self.vault)
        dialog.open()
        self.verify_dialog = dialog
        return dialog

    def show_in_folder(self) -> QUrl | None:
        """Open the folder of the selected share's bundle; the URL opened, or None when there is none."""
        from wallet.ui.share_consent import reveal_folder

        s = self.selected()
        if s is None or not s.destination:
            return None
        return reveal_folder(Path(s.destination))

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
