"""The bank CSV plug-in's part in the app: choosing a text encoding, and a profile editor with a live preview.

Registered as :class:`BankCsvQt` in the entry-point group ``mydata_wallet.qt`` (see
:mod:`wallet.ui.plugins`); the app reaches it only through that class:

* :meth:`BankCsvQt.answer_import_error`: when a bank CSV raises
  :class:`~connectors.bank_csv.EncodingUncertain`, :func:`choose_encoding` shows
  the first lines of the file, decoded with each candidate encoding, side by
  side; the person picks one and the import runs again with
  ``options={"encoding": ...}``.  Nothing decoded the wrong way is stored.  A
  password-protected statement (:class:`~connectors.bank_csv.sheets.PasswordNeeded`)
  opens :func:`ask_password`; the import runs again with ``options={"password": ...}``,
  which is kept for that import only.
* :meth:`BankCsvQt.tools` (*Tools > CSV profiles...*) and :meth:`BankCsvQt.unrecognised`
  (*Set up a CSV profile...* after a CSV nobody recognised) open
  :func:`open_csv_profiles_dialog`: the built-in and saved profiles; a copy can be
  edited in a form with a preview of the first rows of a CSV file parsed with the
  edited profile (:func:`~connectors.bank_csv.preview_rows`, errors shown per row),
  and saved into the vault with :func:`~connectors.bank_csv.save_profile`.

The file is read into memory only (its first :data:`PREVIEW_BYTES`); nothing is written.
"""

from __future__ import annotations

import contextlib
import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from connectors.bank_csv import (
    PREVIEW_ROWS,
    SHEET_MAX_BYTES,
    CsvProfile,
    EncodingUncertain,
    builtin_profiles,
    load_profiles,
    preview_rows,
    save_profile,
)
from connectors.bank_csv.sheets import PasswordNeeded, is_sheet
from wallet.errors import validation_problems
from wallet.ui import workers
from wallet.ui.plugins import Action, GiveUp, QtPart, Retry
from wallet.ui.views import open_view

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow

PREVIEW_BYTES = 256 * 1024
ENCODING_PREVIEW_LINES = 8
ROLE_NAME = Qt.ItemDataRole.UserRole + 1
CSV_SUFFIXES = (".csv", ".txt", ".dat", ".tsv", ".xlsx", ".xls")


def _head(path: Path, limit: int = PREVIEW_BYTES) -> bytes:
    """The first bytes of a file, cut after the last complete line (a FIFO or device: OSError)."""
    from wallet.imports.inputs import InputRefused, open_input

    try:
        fh = open_input(path)
    except InputRefused as exc:
        raise OSError(str(exc)) from None
    with fh:
        raw = fh.read(limit + 1)
        if is_sheet(raw[:65536]):  # a workbook is read whole (a cut one does not open)
            raw += fh.read(SHEET_MAX_BYTES - len(raw) + 1)
            return raw[: SHEET_MAX_BYTES + 1]
    if len(raw) > limit:
        raw = raw[:limit]
        cut = raw.rfind(b"\n")
        if cut > 0:
            raw = raw[: cut + 1]
    return raw


# ===================================================================== encoding
class EncodingDialog(QDialog):
    """The first lines of a file in each candidate encoding, side by side; the person picks one."""

    def __init__(
        self,
        parent: QWidget | None,
        name: str,
        candidates: list[str],
        previews: dict[str, str],
        raw: bytes | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Choose the text encoding"))
        self.setAccessibleName(self.tr("Choose the text encoding"))
        self.candidates = list(candidates)
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "The wallet cannot tell for sure how the text of {name} is encoded. Choose the version "
                "in which names and words read correctly; nothing is imported until you choose."
            ).format(name=name)
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = QHBoxLayout()
        self.group = QButtonGroup(self)
        self.buttons: dict[str, QRadioButton] = {}
        self.texts: dict[str, QPlainTextEdit] = {}
        for i, enc in enumerate(self.candidates):
            box = QGroupBox()
            inner = QVBoxLayout(box)
            radio = QRadioButton(enc)
            radio.setAccessibleName(self.tr("Read as {encoding}").format(encoding=enc))
            self.group.addButton(radio, i)
            self.buttons[enc] = radio
            inner.addWidget(radio)
            text = QPlainTextEdit()
            text.setReadOnly(True)
            text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            text.setAccessibleName(self.tr("Text read as {encoding}").format(encoding=enc))
            text.setPlainText(self._lines(raw, enc) if raw is not None else previews.get(enc, ""))
            text.setMinimumWidth(280)
            self.texts[enc] = text
            inner.addWidget(text)
            row.addWidget(box)
        layout.addLayout(row, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Import with this encoding"))
        self.ok_button.setAccessibleName(self.tr("Import with this encoding"))
        self.ok_button.setEnabled(False)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.group.idToggled.connect(lambda _id, _on: self.ok_button.setEnabled(self.chosen() is not None))
        self.resize(760, 360)

    @staticmethod
    def _lines(raw: bytes, encoding: str) -> str:
        body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
        text = body.decode(encoding, errors="replace")
        lines = [line for line in text.splitlines() if line.strip()]
        return "\n".join(lines[:ENCODING_PREVIEW_LINES])

    def choose(self, encoding: str) -> None:
        """Tick ``encoding`` as the answer, as the person would."""
        self.buttons[encoding].setChecked(True)

    def chosen(self) -> str | None:
        """The encoding the person picked, or None when nothing is ticked."""
        i = self.group.checkedId()
        return self.candidates[i] if 0 <= i < len(self.candidates) else None


def choose_encoding(
    parent: QWidget | None, name: str, candidates: list[str], previews: dict[str, str], path: Path | None = None
) -> str | None:
    """Ask which encoding to read a file with; None if the person cancels."""
    raw: bytes | None = None
    if path is not None:
        with contextlib.suppress(OSError):
            raw = _head(path, 16 * 1024)
    dialog = EncodingDialog(parent, name, candidates, previews, raw)
    if parent is not None:
        parent.encoding_dialog = dialog  # type: ignore[attr-defined]  # for tests and screenshots
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.chosen()


# ===================================================================== password
class PasswordDialog(QDialog):
    """Asks for the password of a protected statement; the text is hidden and never stored."""

    def __init__(self, parent: QWidget | None, name: str, message: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Password of the statement"))
        self.setAccessibleName(self.tr("Password of the statement"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "{message}\n\nBanks often use your date of birth (six digits, YYMMDD). "
                "The password is used only to open this file; it is not stored."
            ).format(message=message, name=name)
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(intro)
        self.intro = intro
        self.field = QLineEdit()
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAccessibleName(self.tr("Password"))
        layout.addWidget(self.field)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Open"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def ask_password(parent: QWidget | None, name: str, message: str) -> str | None:
    """The password the person types for a protected statement; None if they cancel."""
    dialog = PasswordDialog(parent, name, message)
    if parent is not None:
        parent.password_dialog = dialog  # type: ignore[attr-defined]  # for tests
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.field.text() or None


# ===================================================================== profile editor
def _split(text: str, sep: str = ",") -> list[str]:
    return [part.strip() for part in text.split(sep) if part.strip()]


class CsvProfilesDialog(QDialog):
    """Built-in and saved profiles; edit a copy with a live preview; save into the vault."""

    COLUMN_FIELDS = ("date", "time", "amount", "debit", "credit", "direction", "currency", "balance", "id", "category")

    def __init__(self, main_window: MainWindow, csv_path: Path | None = None) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.setWindowTitle(self.tr("CSV profiles"))
        self.setAccessibleName(self.tr("CSV profiles"))
        self.resize(1200, 780)
        self.base: CsvProfile | None = None
        self.raw: bytes | None = None
        self.csv_path: Path | None = None
        self.last_preview: dict[str, Any] = {}
        self.saved_name: str | None = None
        self.editing = False

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self._build_profile_list())
        splitter.addWidget(self._build_editor())
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 4)
        splitter.setSizes([240, 960])
        QHBoxLayout(self).addWidget(splitter)

        self.preview_timer = QTimer(self)
        self.preview_timer.setSingleShot(True)
        self.preview_timer.setInterval(300)
        self.preview_timer.timeout.connect(self.update_preview)
        self._connect_form()
        self.main_window.locked.connect(self.close)  # nothing of the vault stays on screen
        self.reload_profiles()
        if csv_path is not None:
            self.set_csv_file(csv_path)
            self.new_from_file()
        self._set_editing(self.editing)

    # ------------------------------------------------------------------ building
    def _build_profile_list(self) -> QWidget:
        """The left side: the profiles, and "Edit a copy"."""
        left = QWidget()
        layout = QVBoxLayout(left)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.tr("Profiles:")))
        self.profile_list = QListWidget()
        self.profile_list.setAccessibleName(self.tr("CSV profiles"))
        self.profile_list.currentItemChanged.connect(self._profile_selected)
        layout.addWidget(self.profile_list, 1)
        self.copy_button = QPushButton(self.tr("Edit a copy"))
        self.copy_button.setAccessibleName(self.tr("Edit a copy of the profile"))
        self.copy_button.clicked.connect(self.edit_copy)
        layout.addWidget(self.copy_button)
        return left

    def _build_editor(self) -> QWidget:
        """The right side: the form, the preview file, the preview table and the buttons."""
        right = QWidget()
        layout = QVBoxLayout(right)
        layout.setContentsMargins(0, 0, 0, 0)
        self.mode_label = QLabel()
        self.mode_label.setWordWrap(True)
        self.mode_label.setAccessibleName(self.tr("Profile state"))
        layout.addWidget(self.mode_label)

        form_widget = QWidget()
        columns = QHBoxLayout(form_widget)
        columns.addLayout(self._build_general_form(), 1)
        columns.addWidget(self._build_column_mapping(), 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        layout.addWidget(scroll, 3)

        layout.addLayout(self._build_file_row())
        self.preview_status = QLabel()
        self.preview_status.setWordWrap(True)
        self.preview_status.setAccessibleName(self.tr("Preview status"))
        self.preview_status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.preview_status)
        layout.addWidget(self._build_preview_table(), 2)
        layout.addLayout(self._build_buttons())
        return right

    def _build_general_form(self) -> QFormLayout:
        """How the file is laid out: name, encoding, delimiter, header, dates, numbers, currency."""
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName(self.tr("Profile name"))
        self.name_edit.setPlaceholderText(self.tr("letters, digits, _ . -"))
        self.description_edit = QLineEdit()
        self.description_edit.setAccessibleName(self.tr("Profile description"))
        self.encoding_box = QComboBox()
        self.encoding_box.setEditable(True)
        self.encoding_box.setAccessibleName(self.tr("Encoding"))
        self.encoding_box.addItem(self.tr("(detect)"), None)
        for enc in ("utf-8", "cp949", "cp1250", "cp1252", "iso-8859-1", "iso-8859-2", "utf-16"):
            self.encoding_box.addItem(enc, enc)
        self.delimiter_box = QComboBox()
        self.delimiter_box.setAccessibleName(self.tr("Delimiter"))
        for label, value in (
            (self.tr("comma ,"), ","),
            (self.tr("semicolon ;"), ";"),
            (self.tr("tab"), "\t"),
            (self.tr("bar |"), "|"),
        ):
            self.delimiter_box.addItem(label, value)
        self.skip_spin = QSpinBox()
        self.skip_spin.setRange(0, 1000)
        self.skip_spin.setAccessibleName(self.tr("Lines to skip"))
        self.header_check = QCheckBox(self.tr("The file has a header row"))
        self.header_check.setAccessibleName(self.tr("The file has a header row"))
        self.column_names_edit = QLineEdit()
        self.column_names_edit.setAccessibleName(self.tr("Column names without header"))
        self.column_names_edit.setPlaceholderText(self.tr("comma-separated, for files without header"))
        self.signature_edit = QLineEdit()
        self.signature_edit.setAccessibleName(self.tr("Header signature"))
        self.signature_edit.setPlaceholderText(self.tr("header cells that identify the layout, comma-separated"))
        self.date_format_edit = QLineEdit()
        self.date_format_edit.setAccessibleName(self.tr("Date formats"))
        self.date_format_edit.setPlaceholderText(self.tr("e.g. %d.%m.%Y | %Y-%m-%d"))
        self.timezone_edit = QLineEdit()
        self.timezone_edit.setAccessibleName(self.tr("Time zone"))
        self.decimal_box = QComboBox()
        self.decimal_box.setAccessibleName(self.tr("Decimal separator"))
        for label, value in ((self.tr("point ."), "."), (self.tr("comma ,"), ",")):
            self.decimal_box.addItem(label, value)
        self.thousands_box = QComboBox()
        self.thousands_box.setAccessibleName(self.tr("Thousands separator"))
        for label, value in (
            (self.tr("none"), ""),
            (self.tr("comma ,"), ","),
            (self.tr("point ."), "."),
            (self.tr("space"), " "),
            (self.tr("apostrophe '"), "'"),
        ):
            self.thousands_box.addItem(label, value)
        self.invert_check = QCheckBox(self.tr("Spending is shown as positive numbers"))
        self.invert_check.setAccessibleName(self.tr("Invert the sign"))
        self.currency_edit = QLineEdit()
        self.currency_edit.setAccessibleName(self.tr("Fixed currency"))
        self.currency_edit.setPlaceholderText(self.tr("when there is no currency column, e.g. EUR"))
        general = QFormLayout()
        general.addRow(self.tr("Name:"), self.name_edit)
        general.addRow(self.tr("Description:"), self.description_edit)
        general.addRow(self.tr("Encoding:"), self.encoding_box)
        general.addRow(self.tr("Delimiter:"), self.delimiter_box)
        general.addRow(self.tr("Skip lines:"), self.skip_spin)
        general.addRow("", self.header_check)
        general.addRow(self.tr("Column names:"), self.column_names_edit)
        general.addRow(self.tr("Signature:"), self.signature_edit)
        general.addRow(self.tr("Date formats:"), self.date_format_edit)
        general.addRow(self.tr("Time zone:"), self.timezone_edit)
        general.addRow(self.tr("Decimal:"), self.decimal_box)
        general.addRow(self.tr("Thousands:"), self.thousands_box)
        general.addRow("", self.invert_check)
        general.addRow(self.tr("Currency:"), self.currency_edit)
        return general

    def _build_column_mapping(self) -> QGroupBox:
        """Which column holds what (a box per column, filled with the preview file's header cells)."""
        mapping_box = QGroupBox(self.tr("Columns"))
        mapping = QFormLayout(mapping_box)
        labels = {
            "date": self.tr("Date:"),
            "time": self.tr("Time:"),
            "amount": self.tr("Amount:"),
            "debit": self.tr("Debit (out):"),
            "credit": self.tr("Credit (in):"),
            "direction": self.tr("Debit/credit flag:"),
            "currency": self.tr("Currency:"),
            "balance": self.tr("Balance:"),
            "id": self.tr("Transaction id:"),
            "category": self.tr("Category:"),
        }
        accessible = {
            "date": self.tr("Date column"),
            "time": self.tr("Time column"),
            "amount": self.tr("Amount column"),
            "debit": self.tr("Debit column"),
            "credit": self.tr("Credit column"),
            "direction": self.tr("Debit or credit flag column"),
            "currency": self.tr("Currency column"),
            "balance": self.tr("Balance column"),
            "id": self.tr("Transaction id column"),
            "category": self.tr("Category column"),
        }
        self.column_boxes: dict[str, QComboBox] = {}
        for key in self.COLUMN_FIELDS:
            box = QComboBox()
            box.setEditable(True)
            box.setAccessibleName(accessible[key])
            self.column_boxes[key] = box
            mapping.addRow(labels[key], box)
        self.payee_edit = QLineEdit()
        self.payee_edit.setAccessibleName(self.tr("Payee columns"))
        self.payee_edit.setPlaceholderText(self.tr("first non-empty wins, comma-separated"))
        self.description_cols_edit = QLineEdit()
        self.description_cols_edit.setAccessibleName(self.tr("Description columns"))
        self.description_cols_edit.setPlaceholderText(self.tr("joined, comma-separated"))
        self.debit_values_edit = QLineEdit()
        self.debit_values_edit.setAccessibleName(self.tr("Debit flag values"))
        self.credit_values_edit = QLineEdit()
        self.credit_values_edit.setAccessibleName(self.tr("Credit flag values"))
        mapping.addRow(self.tr("Payee:"), self.payee_edit)
        mapping.addRow(self.tr("Description:"), self.description_cols_edit)
        mapping.addRow(self.tr("Debit values:"), self.debit_values_edit)
        mapping.addRow(self.tr("Credit values:"), self.credit_values_edit)
        return mapping_box

    def _build_file_row(self) -> QHBoxLayout:
        """The preview file: a button to choose it and its name."""
        file_row = QHBoxLayout()
        self.file_button = QPushButton(self.tr("Preview with a CSV file..."))
        self.file_button.setAccessibleName(self.tr("Choose a CSV file for the preview"))
        self.file_button.clicked.connect(self.choose_file)
        self.file_label = QLabel(self.tr("No file chosen."))
        self.file_label.setAccessibleName(self.tr("Preview file"))
        file_row.addWidget(self.file_button)
        file_row.addWidget(self.file_label, 1)
        return file_row

    def _build_preview_table(self) -> QTableWidget:
        """The first rows of the preview file as the edited profile reads them."""
        self.preview = QTableWidget(0, 6)
        self.preview.setAccessibleName(self.tr("Preview of the parsed rows"))
        self.preview.setHorizontalHeaderLabels(
            [
                self.tr("Line"),
                self.tr("Date"),
                self.tr("Amount"),
                self.tr("Currency"),
                self.tr("Payee"),
                self.tr("Description or problem"),
            ]
        )
        self.preview.verticalHeader().setVisible(False)
        self.preview.horizontalHeader().setStretchLastSection(True)
        self.preview.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        return self.preview

    def _build_buttons(self) -> QHBoxLayout:
        """Save, save and import, close."""
        buttons = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save profile"))
        self.save_button.setAccessibleName(self.tr("Save profile"))
        self.save_button.clicked.connect(self.save)
        self.save_import_button = QPushButton(self.tr("Save and import this file"))
        self.save_import_button.setAccessibleName(self.tr("Save the profile and import the file"))
        self.save_import_button.clicked.connect(self.save_and_import)
        close = QPushButton(self.tr("Close"))
        close.setAccessibleName(self.tr("Close"))
        close.clicked.connect(self.reject)
        buttons.addStretch(1)
        for b in (self.save_button, self.save_import_button, close):
            buttons.addWidget(b)
        return buttons

    # ------------------------------------------------------------------ form
    def _form_widgets(self) -> list[QWidget]:
        return [
            self.name_edit,
            self.description_edit,
            self.encoding_box,
            self.delimiter_box,
            self.skip_spin,
            self.header_check,
            self.column_names_edit,
            self.signature_edit,
            self.date_format_edit,
            self.timezone_edit,
            self.decimal_box,
            self.thousands_box,
            self.invert_check,
            self.currency_edit,
            self.payee_edit,
            self.description_cols_edit,
            self.debit_values_edit,
            self.credit_values_edit,
            *self.column_boxes.values(),
        ]

    def _connect_form(self) -> None:
        for w in self._form_widgets():
            if isinstance(w, QLineEdit):
                w.textChanged.connect(self._changed)
            elif isinstance(w, QComboBox):
                w.currentIndexChanged.connect(self._changed)
                if w.isEditable():
                    w.editTextChanged.connect(self._changed)
            elif isinstance(w, QSpinBox):
                w.valueChanged.connect(self._changed)
            elif isinstance(w, QCheckBox):
                w.toggled.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.preview_timer.start()

    def _set_editing(self, editing: bool) -> None:
        self.editing = editing
        for w in self._form_widgets():
            w.setEnabled(editing)
        self.save_button.setEnabled(editing)
        self.save_import_button.setEnabled(editing and self.raw is not None)
        if editing:
            self.mode_label.setText(self.tr("Editing a profile of your own. Save it to use it for imports."))
        elif self.base is not None:
            self.mode_label.setText(
                self.tr('Viewing {name}. Choose "Edit a copy" to change it.').format(name=self.base.name)
            )
        else:
            self.mode_label.setText(self.tr("Choose a profile on the left."))

    @staticmethod
    def _set_combo(box: QComboBox, value: str | None) -> None:
        index = box.findData(value)
        if index < 0 and value is not None and box.isEditable():
            box.setEditText(value)
            return
        box.setCurrentIndex(max(0, index))
        if box.isEditable() and value is None:
            box.setEditText("")

    def _fill_header_choices(self, header: list[str]) -> None:
        for box in self.column_boxes.values():
            text = box.currentText()
            box.blockSignals(True)
            box.clear()
            box.addItem("", None)
            for cell in header:
                if cell.strip():
                    box.addItem(cell, cell)
            box.setEditText(text)
            box.blockSignals(False)

    def show_profile(self, profile: CsvProfile) -> None:
        """Fill the form with ``profile`` without triggering a preview for every field set."""
        widgets = self._form_widgets()
        for w in widgets:
            w.blockSignals(True)
        try:
            self.name_edit.setText(profile.name)
            self.description_edit.setText(profile.description)
            index = self.encoding_box.findData(profile.encoding)
            if index >= 0:
                self.encoding_box.setCurrentIndex(index)
            else:
                self.encoding_box.setEditText(profile.encoding or "")
            self.delimiter_box.setCurrentIndex(max(0, self.delimiter_box.findData(profile.delimiter)))
            self.skip_spin.setValue(profile.skip_lines)
            self.header_check.setChecked(profile.header)
            self.column_names_edit.setText(", ".join(profile.column_names))
            self.signature_edit.setText(", ".join(profile.signature))
            self.date_format_edit.setText(" | ".join(profile.date_format))
            self.timezone_edit.setText(profile.timezone)
            self.decimal_box.setCurrentIndex(max(0, self.decimal_box.findData(profile.decimal)))
            thousands = self.thousands_box.findData(profile.thousands)
            self.thousands_box.setCurrentIndex(max(0, thousands))
            self.invert_check.setChecked(profile.invert_sign)
            self.currency_edit.setText(profile.currency or "")
            cols = profile.columns
            for key, box in self.column_boxes.items():
                value = getattr(cols, key)
                box.setEditText(value or "")
            self.payee_edit.setText(", ".join(cols.payee))
            self.description_cols_edit.setText(", ".join(cols.description))
            self.debit_values_edit.setText(", ".join(profile.debit_values))
            self.credit_values_edit.setText(", ".join(profile.credit_values))
        finally:
            for w in widgets:
                w.blockSignals(False)
        self.update_preview()

    def _encoding_value(self) -> str | None:
        text = self.encoding_box.currentText().strip()
        if not text or text == self.encoding_box.itemText(0):
            return None
        return text

    def edited_profile(self) -> CsvProfile:
        """The profile the form describes (raises ValidationError)."""
        base = self.base.model_dump(mode="json") if self.base is not None else {}
        base.pop("signature", None)
        columns: dict[str, Any] = dict(base.get("columns") or {})
        for key, box in self.column_boxes.items():
            columns[key] = box.currentText().strip() or None
        columns["payee"] = _split(self.payee_edit.text())
        columns["description"] = _split(self.description_cols_edit.text())
        data: dict[str, Any] = {
            **base,
            "name": self.name_edit.text().strip(),
            "description": self.description_edit.text().strip(),
            "encoding": self._encoding_value(),
            "delimiter": self.delimiter_box.currentData() or ",",
            "skip_lines": self.skip_spin.value(),
            "header": self.header_check.isChecked(),
            "column_names": _split(self.column_names_edit.text()),
            "date_format": _split(self.date_format_edit.text(), "|") or ["%Y-%m-%d"],
            "timezone": self.timezone_edit.text().strip() or "UTC",
            "decimal": self.decimal_box.currentData() or ".",
            "thousands": self.thousands_box.currentData() or "",
            "invert_sign": self.invert_check.isChecked(),
            "currency": self.currency_edit.text().strip().upper() or None,
            "debit_values": _split(self.debit_values_edit.text()),
            "credit_values": _split(self.credit_values_edit.text()),
            "columns": columns,
        }
        signature = _split(self.signature_edit.text())
        if signature:
            data["signature"] = signature
        return CsvProfile.model_validate(data)

    # ------------------------------------------------------------------ profiles
    def reload_profiles(self, select: str | None = None) -> None:
        """Re-read the built-in and the person's own profiles (marked as theirs), selecting ``select`` if given."""
        vault = self.main_window.vault
        builtin = builtin_profiles()
        self.profiles = load_profiles(vault) if vault is not None else builtin
        self.profile_list.blockSignals(True)
        self.profile_list.clear()
        current_row = -1
        for row, name in enumerate(sorted(self.profiles)):
            own = builtin.get(name) != self.profiles[name]
            label = self.tr("{name} (yours)").format(name=name) if own else name
            item = QListWidgetItem(label)
            item.setData(ROLE_NAME, name)
            item.setToolTip(self.profiles[name].description)
            self.profile_list.addItem(item)
            if name == select:
                current_row = row
        self.profile_list.blockSignals(False)
        if current_row >= 0:
            self.profile_list.setCurrentRow(current_row)

    def _profile_selected(self, item: QListWidgetItem | None, _prev: QListWidgetItem | None = None) -> None:
        if item is None:
            return
        self.select_profile(str(item.data(ROLE_NAME)))

    def select_profile(self, name: str) -> None:
        """Show the profile named ``name`` read-only; built-in profiles are edited only as a copy."""
        self.base = self.profiles[name]
        self._set_editing(False)
        self.show_profile(self.base)

    def edit_copy(self) -> None:
        """Edit a copy of the shown profile; a built-in one's copy is named ``..._mine`` so as not to shadow it."""
        if self.base is None:
            return
        builtin = builtin_profiles()
        name = self.base.name
        if name in builtin:
            name = f"{name}_mine"
        self._set_editing(True)
        self.show_profile(self.base.model_copy(update={"name": name}))

    def new_from_file(self) -> None:
        """A blank profile for the preview file: its first row as header and signature."""
        header: list[str] = []
        if self.raw is not None:
            header = self._guess_header()
        delimiter = self._guess_delimiter()
        self.base = CsvProfile.model_validate(
            {
                "name": "my_bank",
                "delimiter": delimiter,
                "columns": {"date": header[0] if header else "#0", "amount": header[-1] if header else "#1"},
                "signature": header[:1] or ["?"],
            }
        )
        self._set_editing(True)
        self.show_profile(self.base)
        self.signature_edit.setText(", ".join(header))
        for box in self.column_boxes.values():
            box.setEditText("")
        self.column_boxes["date"].setEditText(header[0] if header else "")
        self.update_preview()

    def _text_guess(self) -> str:
        if self.raw is None:
            return ""
        for enc in ("utf-8-sig", "cp949", "cp1252"):
            try:
                return self.raw.decode(enc)
            except UnicodeDecodeError:
                continue
        return self.raw.decode("latin-1")

    def _guess_delimiter(self) -> str:
        first = next((line for line in self._text_guess().splitlines() if line.strip()), "")
        counts = {d: first.count(d) for d in (",", ";", "\t", "|")}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","

    def _guess_header(self) -> list[str]:
        import csv
        import io

        delimiter = self._guess_delimiter()
        for row in csv.reader(io.StringIO(self._text_guess()), delimiter=delimiter):
            cells = [c.strip() for c in row]
            if sum(1 for c in cells if c) >= 2:
                return cells
        return []

    # ------------------------------------------------------------------ preview
    def choose_file(self) -> None:
        """Ask for a CSV file whose first rows preview the profile being edited."""
        path, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("CSV file for the preview"),
            str(Path.home()),
            self.tr("Statements (*.csv *.txt *.tsv *.dat *.xlsx *.xls);;All files (*)"),
        )
        if path:
            self.set_csv_file(Path(path))

    def set_csv_file(self, path: Path) -> None:
        """Preview with ``path`` (only its head is read); an unreadable file is reported in the dialog."""
        try:
            self.raw = _head(path)
        except OSError as exc:
            self.raw = None
            self.csv_path = None
            self.file_label.setText(self.tr("Cannot read the file: {error}").format(error=workers.readable_error(exc)))
            return
        self.csv_path = path
        self.file_label.setText(self.tr("{name} (first {n} rows are parsed)").format(name=path.name, n=PREVIEW_ROWS))
        self.save_import_button.setEnabled(self.editing)
        self.update_preview()

    def update_preview(self) -> None:
        """Parse the preview rows with the form as it stands, or say why the profile cannot read them yet."""
        self.preview_timer.stop()
        self.preview.setRowCount(0)
        try:
            profile = self.edited_profile()
        except ValidationError as exc:
            problems = "; ".join(validation_problems(exc))
            self.last_preview = {"error": problems, "rows": []}
            self.preview_status.setText(self.tr("The profile is not complete: {problems}").format(problems=problems))
            return
        if self.raw is None:
            self.last_preview = {}
            self.preview_status.setText(self.tr("Choose a CSV file to see how this profile reads it."))
            return
        name = self.csv_path.name if self.csv_path else "file.csv"
        result = preview_rows(self.raw, name, profile)
        self.last_preview = result
        if result["header"]:
            self._fill_header_choices(result["header"])
        if result["error"]:
            self.preview_status.setText(self.tr("Cannot read the file: {error}").format(error=result["error"]))
            return
        bad = sum(1 for _l, _c, err in result["rows"] if err)
        self.preview_status.setText(
            self.tr("Read as {encoding}: {n} rows shown, {bad} with problems.").format(
                encoding=result["encoding"], n=len(result["rows"]), bad=bad
            )
        )
        self.preview.setRowCount(len(result["rows"]))
        for r, (line, cells, error) in enumerate(result["rows"]):
            self.preview.setItem(r, 0, QTableWidgetItem(str(line)))
            if error:
                item = QTableWidgetItem(error)
                item.setToolTip(error)
                self.preview.setItem(r, 5, item)
                self.preview.setItem(r, 1, QTableWidgetItem(self.tr("problem")))
                continue
            for c, value in enumerate(cells, start=1):
                self.preview.setItem(r, c, QTableWidgetItem(value))
        self.preview.resizeColumnsToContents()

    # ------------------------------------------------------------------ save
    def save(self) -> CsvProfile | None:
        """Store the edited profile in the vault; None (after a message) if incomplete or named like a built-in."""
        vault = self.main_window.vault
        if vault is None or not self.editing:
            return None
        try:
            profile = self.edited_profile()
        except ValidationError as exc:
            self.main_window.show_error(self.tr("Profile not saved"), "\n".join(validation_problems(exc)))
            return None
        if profile.name in builtin_profiles():
            self.main_window.show_error(
                self.tr("Profile not saved"),
                self.tr("{name} is the name of a built-in profile; choose another name.").format(name=profile.name),
            )
            return None
        try:
            save_profile(vault, profile)
        except Exception as exc:
            self.main_window.show_error(self.tr("Profile not saved"), workers.readable_error(exc))
            return None
        self.saved_name = profile.name
        self.reload_profiles(select=None)
        self.base = profile
        self.preview_status.setText(self.tr("Saved {name} in the vault.").format(name=profile.name))
        return profile

    def save_and_import(self) -> None:
        """Save the profile, then import the previewed file with it and close the dialog."""
        path = self.csv_path
        profile = self.save()
        if profile is None or path is None:
            return
        self.main_window.imports.import_file(path, "bank_csv", {"profile": profile.name})
        self.accept()


_profiles_dialogs: weakref.WeakKeyDictionary[MainWindow, CsvProfilesDialog] = weakref.WeakKeyDictionary()
"""The profile editor opened over each main window (the plug-in cannot add a slot to MainWindow)."""


def profiles_dialog(main_window: MainWindow) -> CsvProfilesDialog | None:
    """The profile editor last opened over ``main_window`` (None if none was), for tests and screenshots."""
    return _profiles_dialogs.get(main_window)


def open_csv_profiles_dialog(main_window: MainWindow, csv_path: Path | None = None) -> CsvProfilesDialog:
    """Open the profile editor (non-modal); with ``csv_path`` it starts a new profile for that file.

    Asked again while it is open, the same editor comes forward (:func:`wallet.ui.views.open_view`);
    for a file, only if it holds no edit in progress, which a new profile would throw away.
    """

    def start_for_file(dialog: CsvProfilesDialog) -> None:
        if csv_path is not None:
            dialog.set_csv_file(csv_path)
            dialog.new_from_file()

    dialog = open_view(
        main_window,
        _profiles_dialogs.get(main_window),
        lambda: CsvProfilesDialog(main_window, csv_path),
        reuse=lambda dialog: csv_path is None or not dialog.editing,
        refresh=start_for_file,
    )
    _profiles_dialogs[main_window] = dialog
    return dialog


class BankCsvQt(QtPart):
    """What the bank CSV connector adds to the app (see :mod:`wallet.ui.plugins`)."""

    def tools(self) -> list[Action]:
        """*Tools > CSV profiles...*"""
        return [
            Action(
                QCoreApplication.translate("MainWindow", "&CSV profiles..."),
                lambda: open_csv_profiles_dialog(self.window),
            )
        ]

    def answer_import_error(self, error: BaseException, path: Path, options: dict[str, Any]) -> Retry | GiveUp | None:
        """A CSV whose text encoding is uncertain: let the person choose it, then import again.

        A password-protected statement: ask for its password (hidden; kept only for this import).
        """
        if isinstance(error, PasswordNeeded):
            password = ask_password(self.window, path.name, str(error))
            if password is None:
                return GiveUp(
                    QCoreApplication.translate(
                        "ImportController", "{name}: not imported, no password was given."
                    ).format(name=path.name)
                )
            return Retry({**options, "password": password})
        if not isinstance(error, EncodingUncertain):
            return None
        chosen = choose_encoding(self.window, path.name, error.candidates, error.previews, path)
        if chosen is None:
            return GiveUp(
                QCoreApplication.translate(
                    "ImportController", "{name}: not imported, no text encoding was chosen."
                ).format(name=path.name)
            )
        return Retry({**options, "encoding": chosen})

    def unrecognised(self, path: Path) -> list[Action]:
        """*Set up a CSV profile...* for a CSV nobody recognised."""
        if path.suffix.lower() not in CSV_SUFFIXES:
            return []
        return [
            Action(
                QCoreApplication.translate("ImportController", "Set up a CSV profile..."),
                lambda: open_csv_profiles_dialog(self.window, csv_path=path),
                QCoreApplication.translate("ImportController", "Set up a CSV profile"),
            )
        ]
