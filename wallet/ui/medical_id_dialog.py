"""Tools > Medical ID: edit the hand-entered emergency facts of the current person.

The dialog edits a :class:`wallet.features.medical_id.MedicalId` (blood type, allergies,
conditions, medications, devices, emergency contacts, organ donation, preferred
language, notes, advance directives) and saves it with :func:`wallet.features.medical_id.save`,
one transaction, and says so ("Saved at 14:05"); the page stays open.  Cells are
edited directly (a click or typing starts editing).  Leaving with changes not yet
saved is noted: as a dialog of its own, Close (or Esc) asks first; as the Medical ID
section of the main window it has no Close button and Esc does nothing, and the main
window's status bar says so when the page is left for another section.  Beside it, read-only, is what was imported
from hospitals and health cards for the same categories, each with its source and
named as people name it (a medication by the Medication it refers to, never
"MedicationStatement").  A blood type only imported records give fills the blood
type field, with its source and date; the person's own entry wins.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.errors import WalletError, validation_problems
from wallet.features import medical_id as mid
from wallet.ui import workers

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    choices: tuple[tuple[str, str], ...] = ()
    """(stored value, shown label); empty for free text."""


class RowsEditor(QWidget):
    """A table of items with Add and Remove buttons; choice columns are combo boxes.

    A cell is edited directly: clicking it or typing into it starts editing (no double-click).
    ``changed`` is emitted whenever a cell, a choice or the rows change.
    """

    changed = Signal()

    def __init__(self, name: str, columns: list[Column], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.columns = columns
        self.table = QTableWidget(0, len(columns))
        self.table.setAccessibleName(name)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.table.itemChanged.connect(lambda _item: self.changed.emit())
        self.table.model().rowsInserted.connect(lambda *_: self.changed.emit())
        self.table.model().rowsRemoved.connect(lambda *_: self.changed.emit())
        self.table.setHorizontalHeaderLabels([c.header for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for i, c in enumerate(columns):
            if not c.choices:
                self.table.setColumnWidth(i, 180)
        self.add_button = QPushButton(self.tr("&Add"))
        self.add_button.setAccessibleName(self.tr("Add a row to {name}").format(name=name))
        self.add_button.clicked.connect(lambda: self.add_row())
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.remove_button.setAccessibleName(self.tr("Remove the selected row from {name}").format(name=name))
        self.remove_button.clicked.connect(self.remove_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def add_row(self, values: dict[str, Any] | None = None) -> int:
        """Append a row filled from ``values`` (field name to value) and return its index."""
        values = values or {}
        row = self.table.rowCount()
        self.table.insertRow(row)
        for col, c in enumerate(self.columns):
            value = values.get(c.field)
            if c.choices:
                combo = QComboBox()
                combo.setAccessibleName(c.header)
                for stored, label in c.choices:
                    combo.addItem(label, stored)
                index = combo.findData(value if value is not None else "")
                combo.setCurrentIndex(max(0, index))
                combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
                self.table.setCellWidget(row, col, combo)
            else:
                self.table.setItem(row, col, QTableWidgetItem("" if value is None else str(value)))
        if not values:
            self.table.setCurrentCell(row, 0)  # a new row: its first cell is ready for typing
            first = self.table.item(row, 0)
            if first is not None:
                self.table.editItem(first)
        return row

    def commit(self) -> None:
        """Take over what is typed in a cell still being edited (before the rows are read)."""
        if self.table.state() != QAbstractItemView.State.EditingState:
            return
        editor = self.table.indexWidget(self.table.currentIndex())
        if editor is not None and not isinstance(editor, QComboBox):
            self.table.commitData(editor)

    def remove_selected(self) -> None:
        """Remove the selected rows and the current one."""
        rows = sorted({i.row() for i in self.table.selectedIndexes()} | {self.table.currentRow()}, reverse=True)
        for row in rows:
            if 0 <= row < self.table.rowCount():
                self.table.removeRow(row)

    def set_value(self, row: int, field: str, value: str) -> None:
        """Set the cell of ``field`` in ``row``; a choice column takes the stored value, not its label."""
        col = [c.field for c in self.columns].index(field)
        widget = self.table.cellWidget(row, col)
        if isinstance(widget, QComboBox):
            widget.setCurrentIndex(max(0, widget.findData(value)))
        else:
            self.table.setItem(row, col, QTableWidgetItem(value))

    def values(self) -> list[dict[str, Any]]:
        """The rows as dicts (empty cells left out); rows with nothing typed are skipped."""
        self.commit()
        out: list[dict[str, Any]] = []
        for row in range(self.table.rowCount()):
            item: dict[str, Any] = {}
            typed = False
            for col, c in enumerate(self.columns):
                widget = self.table.cellWidget(row, col)
                if isinstance(widget, QComboBox):
                    value = widget.currentData()
                else:
                    cell = self.table.item(row, col)
                    value = cell.text().strip() if cell else ""
                    typed = typed or bool(value)
                if value:
                    item[c.field] = value
            if typed:
                out.append(item)
        return out


@dataclass(frozen=True)
class Imported:
    """An imported entry of the same categories, with where it came from."""

    section: str
    text: str
    """Its name as people say it (wallet.features.medical_id.entry_name), never a resource type."""
    source: str
    connector: str
    verification: str | None
    record_id: str
    when: date | None = None
    blood: tuple[str, str] | None = None
    """For a blood-group record: (LOINC code or "", the value it gives), so the line is said in the UI's language."""


def _imported(vault: Vault, entry: mid.Entry) -> Imported:
    """Source, connector and signature status of an imported entry (on the worker's connection)."""
    rec = vault.get(entry.record_id)
    status = (rec.provenance.verification or {}).get("status")
    part = mid.blood_group_part(rec) if entry.section == "blood_type" else None
    return Imported(
        entry.section,
        entry.text,
        rec.provenance.source_name,
        rec.provenance.connector_id,
        str(status) if status else None,
        entry.record_id,
        entry.when,
        (rec.code if rec.code in mid.BLOOD_GROUP_LOINC else "", part.text) if part is not None else None,
    )


@dataclass(frozen=True)
class Loaded:
    """What the page reads off the GUI thread: the hand-entered Medical ID, imported entries, a known blood type."""

    medical_id: mid.MedicalId
    imported: list[Imported]
    blood_type: mid.KnownBloodType | None


class MedicalIdDialog(QDialog):
    """Edits a person's Medical ID: what first responders should know, next to what imports already hold."""

    def __init__(self, vault: Vault, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.person_id = person_id
        self.main_window = parent
        """The window that opened the page (its parent changes once the page is embedded)."""
        self.loading = True
        self.saved = False
        self.saved_at: datetime | None = None
        self.known_blood_type: mid.KnownBloodType | None = None
        self._clean: dict[str, Any] | None = None
        """The form as last read or saved; the page has unsaved changes when it differs."""
        self.setWindowTitle(self.tr("Medical ID"))
        self.resize(900, 620)

        severities = (
            ("", self.tr("(not given)")),
            ("mild", self.tr("mild")),
            ("moderate", self.tr("moderate")),
            ("severe", self.tr("severe")),
        )
        self.allergies = RowsEditor(
            self.tr("Allergies"),
            [
                Column("substance", self.tr("Substance")),
                Column(
                    "type", self.tr("Type"), (("allergy", self.tr("allergy")), ("intolerance", self.tr("intolerance")))
                ),
                Column("severity", self.tr("Severity"), severities),
                Column("reaction", self.tr("Reaction")),
                Column(
                    "category",
                    self.tr("Category"),
                    (
                        ("", self.tr("(not given)")),
                        ("medication", self.tr("medication")),
                        ("food", self.tr("food")),
                        ("environment", self.tr("environment")),
                        ("biologic", self.tr("biologic")),
                    ),
                ),
            ],
        )
        self.conditions = RowsEditor(
            self.tr("Conditions"),
            [
                Column("name", self.tr("Condition")),
                Column("since", self.tr("Since (YYYY-MM-DD)")),
                Column("note", self.tr("Note")),
            ],
        )
        self.medications = RowsEditor(
            self.tr("Medications"),
            [
                Column("name", self.tr("Medication")),
                Column("dose", self.tr("Dose")),
                Column("note", self.tr("Note")),
            ],
        )
        self.devices = RowsEditor(
            self.tr("Devices"),
            [
                Column("name", self.tr("Device")),
                Column("note", self.tr("Note")),
            ],
        )
        self.contacts = RowsEditor(
            self.tr("Emergency contacts"),
            [
                Column("name", self.tr("Name")),
                Column("relationship", self.tr("Relationship")),
                Column("phone", self.tr("Phone")),
            ],
        )
        self.directives = RowsEditor(
            self.tr("Advance directives"),
            [
                Column("description", self.tr("Directive")),
                Column("location", self.tr("Where the document is kept")),
            ],
        )

        self.blood_type = QComboBox()
        self.blood_type.setAccessibleName(self.tr("Blood type"))
        self.blood_type.addItem(self.tr("(not given)"), "")
        for bt in mid.BLOOD_TYPES:
            self.blood_type.addItem(bt, bt)
        self.blood_source = QLabel()
        self.blood_source.setAccessibleName(self.tr("Where the blood type comes from"))
        self.blood_source.setTextFormat(Qt.TextFormat.PlainText)
        self.blood_source.setWordWrap(True)
        self.blood_source.hide()
        self.organ_donor = QComboBox()
        self.organ_donor.setAccessibleName(self.tr("Organ donor"))
        self.organ_donor.addItem(self.tr("(not given)"), None)
        self.organ_donor.addItem(self.tr("Yes"), True)
        self.organ_donor.addItem(self.tr("No"), False)
        self.language = QLineEdit()
        self.language.setAccessibleName(self.tr("Preferred language"))
        self.language.setPlaceholderText(self.tr("e.g. Korean"))
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName(self.tr("Notes"))
        self.notes.setTabChangesFocus(True)

        basics = QWidget()
        form = QFormLayout(basics)
        blood = QWidget()
        blood_column = QVBoxLayout(blood)
        blood_column.setContentsMargins(0, 0, 0, 0)
        blood_column.addWidget(self.blood_type)
        blood_column.addWidget(self.blood_source)
        blood_column.addStretch(1)  # the words under the field, not halfway down a row made tall by wrapping
        blood_label = QLabel(self.tr("&Blood type:"))
        blood_label.setBuddy(self.blood_type)
        form.addRow(blood_label, blood)
        form.addRow(self.tr("&Organ donor:"), self.organ_donor)
        form.addRow(self.tr("&Preferred language:"), self.language)
        form.addRow(self.tr("&Notes:"), self.notes)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Medical ID sections"))
        self.tabs.addTab(basics, self.tr("Basics"))
        self.tabs.addTab(self.allergies, self.tr("Allergies"))
        self.tabs.addTab(self.conditions, self.tr("Conditions"))
        self.tabs.addTab(self.medications, self.tr("Medications"))
        self.tabs.addTab(self.devices, self.tr("Devices"))
        self.tabs.addTab(self.contacts, self.tr("Contacts"))
        self.tabs.addTab(self.directives, self.tr("Directives"))

        self.imported = QTableWidget(0, 3)
        self.imported.setAccessibleName(self.tr("Imported from hospitals (read-only)"))
        self.imported.setHorizontalHeaderLabels([self.tr("Category"), self.tr("Entry"), self.tr("Source")])
        self.imported.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.imported.verticalHeader().setVisible(False)
        self.imported.setWordWrap(False)
        self.imported.setTextElideMode(Qt.TextElideMode.ElideRight)  # several sources: the first stays readable
        self.imported.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        imported_header = self.imported.horizontalHeader()
        imported_header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        imported_header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        imported_header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        imported_label = QLabel(
            self.tr(
                "Imported from hospitals and health cards (read-only; each with its source). "
                "They stay as they are: what you enter above is kept beside them."
            )
        )
        imported_label.setWordWrap(True)

        self.status = QLabel()
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.close_page)
        for editor in (self.allergies, self.conditions, self.medications, self.devices, self.contacts, self.directives):
            editor.changed.connect(self._changed)
        self.blood_type.currentIndexChanged.connect(self._changed)
        self.blood_type.currentIndexChanged.connect(self._show_known_blood_type)
        self.organ_donor.currentIndexChanged.connect(self._changed)
        self.language.textChanged.connect(self._changed)
        self.notes.textChanged.connect(self._changed)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("&Save"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Close"))
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(False)

        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Entered by hand: what first responders and clinicians should know.")))
        layout.addWidget(self.tabs, 3)
        layout.addWidget(imported_label)
        layout.addWidget(self.imported, 2)
        layout.addWidget(self.status)
        layout.addWidget(self.buttons)
        self.load()

    # ---------------------------------------------------------------- loading
    def load(self) -> None:
        """Read the Medical ID and the imported entries off the GUI thread; saving does nothing until they arrive."""
        person = self.person_id
        self.status.setText(self.tr("Reading..."))

        def job(v: Vault) -> Loaded:
            imported = [_imported(v, e) for e in mid.overview(v, person) if not e.manual]
            return Loaded(mid.load(v, person), imported, mid.imported_blood_type(v, person))

        workers.run_task(workers.with_reader(self.vault, job), on_done=self._loaded, on_error=self._load_failed)

    def _loaded(self, result: Loaded) -> None:
        self.known_blood_type = result.blood_type
        self._show_known_blood_type()
        self.set_medical_id(result.medical_id)
        # the same entry from several files is one row naming every source (as the Medical ID reads it)
        rows: dict[tuple[str, str], list[Imported]] = {}
        for e in result.imported:
            rows.setdefault((e.section, e.text.casefold()), []).append(e)
        self.imported.setRowCount(len(rows))
        for row, same in enumerate(rows.values()):
            sources = [self._source_text(e) for e in same]
            first = same[0]
            name = self.blood_line(*first.blood) if first.blood else first.text
            for col, text in enumerate((self.section_name(first.section), name, "; ".join(sources))):
                item = QTableWidgetItem(text)
                item.setToolTip("\n".join(sources) if col == 2 else text)
                item.setData(Qt.ItemDataRole.UserRole, first.record_id)
                self.imported.setItem(row, col, item)
        self.loading = False
        self._clean = self._form()
        self.status.setText("")
        self._changed()

    def blood_line(self, loinc: str, value: str) -> str:
        """An imported blood-group record in words: "Blood type: A+", "ABO group: B", "Rh type: Rh-"."""
        if loinc == "883-9":
            return self.tr("ABO group: {value}").format(value=value)
        if loinc == "10331-7":
            return self.tr("Rh type: {value}").format(value=value)
        return self.tr("Blood type: {value}").format(value=value)

    def _source_text(self, e: Imported) -> str:
        """Where an imported entry comes from: the file, its connector, the day it gives, a signature status."""
        source = self.tr("{source} ({connector})").format(source=e.source, connector=e.connector)
        if e.when is not None:
            source = self.tr("{source}, {date}").format(source=source, date=e.when.isoformat())
        if e.verification:
            source = self.tr("{source}, signature: {status}").format(source=source, status=e.verification)
        return source

    def _show_known_blood_type(self) -> None:
        """Offer the blood type imported records give, with its source: in the field when none is entered."""
        known = self.known_blood_type
        if known is None:
            self.blood_type.setItemText(0, self.tr("(not given)"))
            self.blood_source.hide()
            return
        self.blood_type.setItemText(0, self.tr("{value} (from your records)").format(value=known.text))
        when = known.when.isoformat() if known.when else self.tr("date not given")
        if self.blood_type.currentData():
            text = self.tr(
                "Your records say {value}, in {source} ({connector}), {date}. The blood type you entered is used."
            )
        else:
            text = self.tr(
                "From your records: {value}, in {source} ({connector}), {date}. "
                "Choose a value to enter your own; what you enter is used first."
            )
        self.blood_source.setText(
            text.format(value=known.text, source=known.source, connector=known.connector, date=when)
        )
        self.blood_source.show()

    def _load_failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.setText(self.tr("Could not read the Medical ID: {error}").format(error=workers.readable_error(exc)))

    def section_name(self, section: str) -> str:
        """The translated heading of a Medical ID section."""
        names = {
            "allergies": self.tr("Allergies"),
            "conditions": self.tr("Conditions"),
            "medications": self.tr("Medications"),
            "devices": self.tr("Devices"),
            "blood_type": self.tr("Blood type"),
        }
        return names.get(section, section)

    def set_medical_id(self, data: mid.MedicalId) -> None:
        """Fill the form with ``data``, replacing every row."""
        self.blood_type.setCurrentIndex(max(0, self.blood_type.findData(data.blood_type or "")))
        self.organ_donor.setCurrentIndex({None: 0, True: 1, False: 2}[data.organ_donor])
        self.language.setText(data.preferred_language or "")
        self.notes.setPlainText(data.notes or "")
        for editor, items in (
            (self.allergies, data.allergies),
            (self.conditions, data.conditions),
            (self.medications, data.medications),
            (self.devices, data.devices),
            (self.contacts, data.contacts),
            (self.directives, data.advance_directives),
        ):
            editor.table.setRowCount(0)
            for item in items:
                editor.add_row(item.model_dump(mode="json"))

    # ----------------------------------------------------------------- saving
    def _form(self) -> dict[str, Any]:
        """What the form shows, as typed (not validated)."""
        return {
            "blood_type": self.blood_type.currentData() or None,
            "organ_donor": self.organ_donor.currentData(),
            "preferred_language": self.language.text().strip() or None,
            "notes": self.notes.toPlainText().strip() or None,
            "allergies": self.allergies.values(),
            "conditions": self.conditions.values(),
            "medications": self.medications.values(),
            "devices": self.devices.values(),
            "contacts": self.contacts.values(),
            "advance_directives": self.directives.values(),
        }

    def medical_id(self) -> mid.MedicalId:
        """What the dialog shows, validated (raises ValidationError)."""
        return mid.MedicalId.model_validate(self._form())

    def has_unsaved_changes(self) -> bool:
        """Whether the form differs from what was last read or saved."""
        return not self.loading and self._clean is not None and self._form() != self._clean

    def _changed(self) -> None:
        """After any edit: Save is enabled when there is something to save, and the status line says so."""
        if self.loading or self._clean is None:
            return
        dirty = self.has_unsaved_changes()
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(dirty)
        if dirty:
            self.status.setText(self.tr("Unsaved changes"))
        elif self.saved_at is not None:
            self.status.setText(self.tr("Saved at {time}").format(time=self.saved_at.strftime("%H:%M")))
        else:
            self.status.setText("")

    def _problem(self, exc: ValidationError) -> str:
        return "\n".join(validation_problems(exc, sep=" > "))

    def save(self) -> None:
        """Save the form as the person's Medical ID, or say which fields need a look."""
        if self.loading:
            return
        try:
            data = self.medical_id()
        except ValidationError as exc:
            self.status.setText(self.tr("Please check:\n{problems}").format(problems=self._problem(exc)))
            return
        try:
            mid.save(self.vault, self.person_id, data)
        except WalletError as exc:
            self.status.setText(self.tr("Not saved: {error}").format(error=workers.readable_error(exc)))
            return
        self.saved = True
        self.saved_at = datetime.now()
        self._clean = self._form()
        self._changed()
        main = self.main_window
        if main is not None and hasattr(main, "statusBar"):
            main.statusBar().showMessage(
                self.tr("Medical ID saved at {time}").format(time=self.saved_at.strftime("%H:%M")), 8000
            )
        if main is not None and hasattr(main, "refresh"):
            main.refresh()  # the home card and the timeline show the new entries

    def ask_leaving(self) -> QMessageBox.StandardButton:
        """Ask what to do with unsaved changes: Save, Discard or Cancel (stay)."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Medical ID"))
        box.setText(self.tr("The Medical ID has changes that are not saved."))
        box.setInformativeText(self.tr("Save them before leaving?"))
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        for button, text in (
            (QMessageBox.StandardButton.Save, self.tr("&Save")),
            (QMessageBox.StandardButton.Discard, self.tr("&Discard changes")),
            (QMessageBox.StandardButton.Cancel, self.tr("Stay")),
        ):
            found = box.button(button)
            if found is not None:
                found.setText(text)
        box.setDefaultButton(QMessageBox.StandardButton.Save)
        return QMessageBox.StandardButton(box.exec())

    def close_page(self) -> None:
        """Close (the button, Esc): with changes not saved, first ask whether to save or discard them."""
        if self.has_unsaved_changes():
            answer = self.ask_leaving()
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                if self.has_unsaved_changes():  # not saved: the status line says why
                    return
            elif answer != QMessageBox.StandardButton.Discard:
                return
            self._clean = None  # discarded on purpose: nothing to note when the page goes
        self.reject()

    def as_page(self) -> None:
        """Shown as the Medical ID section of the main window (wallet.ui.views.make_page): no Close button (Esc
        closes nothing either); leaving for another section keeps the changes and the status bar says so."""
        close = self.buttons.button(QDialogButtonBox.StandardButton.Cancel)
        if close is not None:
            close.hide()

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc closes as the Close button does (asking about unsaved changes); a page is not closed."""
        if event.key() == Qt.Key.Key_Escape and not event.modifiers():
            self.close_page()
            return
        super().keyPressEvent(event)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        """Left for another section with changes not saved: the main window's status bar says so."""
        super().hideEvent(event)
        main = self.main_window
        if self.has_unsaved_changes() and main is not None and hasattr(main, "statusBar"):
            main.statusBar().showMessage(self.tr("Medical ID: your changes are not saved yet"), 15000)


def open_medical_id_dialog(main_window: MainWindow) -> MedicalIdDialog | None:
    """Tools > Medical ID... (the Medical ID section): for the person chosen in the main window."""
    vault = main_window.vault
    if vault is None:
        return None
    person_id = main_window.current_person_id() or vault.holder().id
    from wallet.ui.views import embed_view  # the Medical ID section of the main window

    dialog = embed_view(
        main_window,
        "medical_id",
        main_window.medical_id_view,
        lambda: MedicalIdDialog(vault, person_id, main_window),
        reuse=lambda old: old.person_id == person_id,
    )
    main_window.medical_id_view = dialog
    main_window.last_dialog = dialog
    return dialog


__all__ = ["MedicalIdDialog", "RowsEditor", "open_medical_id_dialog"]
