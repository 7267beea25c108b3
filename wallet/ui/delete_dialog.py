"""File > Delete...: delete a person with all their records, one import (a source), or the whole vault.

The dialog says what goes, and the Delete button works only once the confirmation is typed: the
person's name, or DELETE for a source or the vault.  A person or a source is deleted on a worker
(Vault.delete_person_everything, Vault.delete_source; both in the audit log).  The whole vault is
crypto-erased (Vault.destroy: the keyring entry and the key file first, then the database), which
the vault's own audit log cannot record; the window then returns to the create-vault screen.
Copies in backups remain: the dialog says so, and when the vault has backup targets it offers to
delete them too: with the whole vault, every backup of this vault on each target (before the vault
is destroyed; if a target cannot be reached, nothing is deleted); with a person or a source, a new
backup without them on each target, and the older versions deleted.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from wallet.ui import workers

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

DELETE_WORD = "DELETE"
PERSON, SOURCE, VAULT = 0, 1, 2


class DeleteDialog(QDialog):
    """Choose what to delete; type the confirmation; Delete."""

    def __init__(self, vault: Vault, window: MainWindow | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.vault = vault
        self.window_ = window
        self.busy = False
        self.final_message: QMessageBox | None = None
        self.setWindowTitle(self.tr("Delete"))
        self.resize(600, 380)
        layout = QVBoxLayout(self)
        grid = QGridLayout()
        self.choice = QButtonGroup(self)
        self.person_radio = QRadioButton(self.tr("A person, with all their records"))
        self.source_radio = QRadioButton(self.tr("A source: everything one import brought"))
        self.vault_radio = QRadioButton(self.tr("The whole vault"))
        self.persons = QComboBox()
        self.persons.setAccessibleName(self.tr("Person to delete"))
        for p in vault.persons():
            if not p.is_holder:
                self.persons.addItem(p.label, p.id)
        self.sources = QComboBox()
        self.sources.setAccessibleName(self.tr("Import to delete"))
        for item in vault.imports():
            added = (item["report"] or {}).get("added", 0)
            text = f"{str(item['started'])[:16]}  {item['connector']}  {item['source']}  ({added})"
            self.sources.addItem(text, item["id"])
        for row, (radio, combo) in enumerate(
            ((self.person_radio, self.persons), (self.source_radio, self.sources), (self.vault_radio, None))
        ):
            self.choice.addButton(radio, row)
            grid.addWidget(radio, row, 0)
            if combo is not None:
                grid.addWidget(combo, row, 1)
        self.person_radio.setEnabled(self.persons.count() > 0)
        self.source_radio.setEnabled(self.sources.count() > 0)
        layout.addLayout(grid)
        self.what = QLabel()
        self.what.setWordWrap(True)
        layout.addWidget(self.what)
        self.backups = QLabel(self.backup_text())
        self.backups.setWordWrap(True)
        layout.addWidget(self.backups)
        self.targets = self._targets()
        self.delete_backups = QCheckBox()
        self.delete_backups.setVisible(bool(self.targets))
        layout.addWidget(self.delete_backups)
        self.backup_results: list[str] = []
        self.confirm = QLineEdit()
        self.confirm.setAccessibleName(self.tr("Type the confirmation"))
        layout.addWidget(self.confirm)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.box.addButton(self.tr("Delete"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.clicked.connect(self.run)
        self.box.rejected.connect(self.reject)
        layout.addWidget(self.box)
        self.choice.idToggled.connect(lambda _id, _on: self._changed())
        self.persons.currentIndexChanged.connect(lambda _i: self._changed())
        self.sources.currentIndexChanged.connect(lambda _i: self._changed())
        self.confirm.textChanged.connect(lambda _t: self._ready())
        (self.person_radio if self.persons.count() else self.vault_radio).setChecked(True)
        self._changed()

    def _targets(self) -> list[Any]:
        """The vault's backup targets (none when the backup module is not installed)."""
        if importlib.util.find_spec("wallet.features.backup") is None:
            return []
        from wallet.features import backup

        try:
            return list(backup.list_targets(self.vault))
        except Exception:
            return []

    def _backup_choice_text(self) -> str:
        names = ", ".join(t.name for t in self.targets)
        if self.choice.checkedId() == VAULT:
            return self.tr("Also delete this vault's backups on: {targets}").format(targets=names)
        return self.tr("Also replace the backups on {targets}: a new backup without them, older ones deleted").format(
            targets=names
        )

    def backup_text(self) -> str:
        """What the dialog says about backups (the backup module's prune, when it is installed)."""
        text = self.tr("Copies in backups remain until those backups are deleted too.")
        if importlib.util.find_spec("wallet.features.backup") is not None:  # the backup module is installed
            text += " " + self.tr(
                "mydata-wallet backup prune deletes old backups; delete the others where they are kept."
            )
        return text

    def word(self) -> str:
        """What must be typed: the person's name, or DELETE."""
        if self.choice.checkedId() == PERSON:
            return str(self.persons.currentText())
        return DELETE_WORD

    def _changed(self) -> None:
        kind = self.choice.checkedId()
        if kind == PERSON:
            text = self.tr("{name} and every record, document and share receipt of theirs will be deleted.").format(
                name=self.persons.currentText()
            )
        elif kind == SOURCE:
            text = self.tr("Every record this import brought will be deleted: {source}").format(
                source=self.sources.currentText()
            )
        else:
            text = self.tr(
                "The whole vault will be deleted: the key file and the key remembered on this computer are destroyed "
                "first, so what is left cannot be decrypted, then the database. This cannot be undone, and it cannot "
                "be recorded in the vault's audit log, which is deleted with it."
            )
        self.what.setText(text)
        self.delete_backups.setText(self._backup_choice_text())
        self.confirm.clear()
        self.confirm.setPlaceholderText(self.tr("Type {word} to confirm").format(word=self.word()))
        self._ready()

    def _ready(self) -> None:
        self.delete_button.setEnabled(not self.busy and bool(self.word()) and self.confirm.text() == self.word())

    def run(self) -> None:
        """Delete what was chosen (a person or a source on a worker; the vault here)."""
        if self.confirm.text() != self.word():
            return
        kind = self.choice.checkedId()
        if kind == VAULT:
            self._delete_vault()
            return
        self.busy = True
        self._ready()
        self.status.setText(self.tr("Deleting..."))
        targets = self.targets if self.delete_backups.isChecked() else []
        if kind == PERSON:
            person_id = str(self.persons.currentData())

            def delete(v: Vault) -> dict[str, int]:
                return v.delete_person_everything(person_id)
        else:
            import_id = str(self.sources.currentData())

            def delete(v: Vault) -> dict[str, int]:
                return v.delete_source(import_id)

        def job(v: Vault) -> tuple[dict[str, int], list[str]]:
            counts = delete(v)
            return counts, _replace_backups(v, targets)

        workers.run_task(workers.with_reader(self.vault, job), on_done=self._done, on_error=self._failed)

    def _done(self, result: tuple[dict[str, int], list[str]]) -> None:
        counts, self.backup_results = result
        self.busy = False
        self.status.setText(self.tr("Deleted {n} records.").format(n=counts.get("records", 0)))
        if self.backup_results and self.window_ is not None:
            self.window_.show_info(self.tr("Backups"), "\n".join(self.backup_results))
        if self.window_ is not None:
            self.window_.refresh()
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.busy = False
        self.status.setText(self.tr("Nothing was deleted: {error}").format(error=workers.readable_error(exc)))
        self._ready()

    def _delete_vault(self) -> None:
        targets = self.targets if self.delete_backups.isChecked() else []
        if not targets:
            self._destroy()
            return
        self.busy = True
        self._ready()
        self.status.setText(self.tr("Deleting the backups..."))
        vault_id = self.vault.keyfile.vault_id
        workers.run_task(_delete_all_backups, targets, vault_id, on_done=self._backups_deleted, on_error=self._failed)

    def _backups_deleted(self, result: tuple[list[str], list[str]]) -> None:
        done, failed = result
        self.busy = False
        self.backup_results = done + failed
        if failed:  # the vault stays: its targets are needed to try again
            self.status.setText(
                self.tr("The vault was not deleted, because some backups could not be deleted:")
                + "\n"
                + "\n".join(failed)
            )
            self._ready()
            return
        self._destroy()

    def _destroy(self) -> None:
        window = self.window_
        if window is not None:
            window.imports.cancel()
        workers.wait_all()
        try:
            notes = self.vault.destroy()
        except Exception as exc:
            self._failed(exc)
            return
        self.accept()
        if window is not None:
            window.lock()  # the vault is closed already; the window shows the create-vault screen
            window.folder_changed.emit()  # the folder and its lock file are gone: the app locks the folder anew
        if self.backup_results:
            text = self.tr("The vault was deleted, and its backups:") + "\n" + "\n".join(self.backup_results)
        else:
            text = self.tr("The vault was deleted.") + " " + self.backup_text()
        if notes:
            text += "\n\n" + "\n".join(notes)
        box = QMessageBox(QMessageBox.Icon.Information, self.tr("Vault deleted"), text, parent=window)
        box.open()
        self.final_message = box


def _delete_all_backups(targets: list[Any], vault_id: str) -> tuple[list[str], list[str]]:
    """Delete every backup of the vault on each target: what was deleted, and what failed, in words."""
    from PySide6.QtCore import QCoreApplication

    from wallet.features import backup

    done, failed = [], []
    for t in targets:
        try:
            n = len(backup.delete_backups(t, vault_id))
            done.append(
                QCoreApplication.translate("DeleteDialog", "{target}: {n} backups deleted.").format(target=t.name, n=n)
            )
        except Exception as exc:
            failed.append(f"{t.name}: {workers.readable_error(exc)}")
    return done, failed


def _replace_backups(vault: Vault, targets: list[Any]) -> list[str]:
    """A new backup on each target, then the older versions of this vault there deleted; what happened, in words."""
    from PySide6.QtCore import QCoreApplication

    from wallet.features import backup
    from wallet.features.backup import schedule

    out = []
    for t in targets:
        try:
            report = schedule.back_up_and_record(vault, t)
            gone = backup.delete_backups(t, vault.keyfile.vault_id, keep=frozenset({report.version.id}))
            out.append(
                QCoreApplication.translate(
                    "DeleteDialog", "{target}: backed up anew, {n} older backups deleted."
                ).format(target=t.name, n=len(gone))
            )
        except Exception as exc:
            out.append(
                QCoreApplication.translate("DeleteDialog", "{target}: the older backups remain: {error}").format(
                    target=t.name, error=workers.readable_error(exc)
                )
            )
    return out


def open_delete_dialog(window: MainWindow) -> DeleteDialog | None:
    """File > Delete..., for the main window's open vault."""
    if window.vault is None:
        return None
    dialog = DeleteDialog(window.vault, window)
    dialog.setModal(True)
    dialog.show()
    return dialog
