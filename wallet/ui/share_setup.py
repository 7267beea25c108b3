"""File > Share...: step 1, choosing who, why, until when and what; then the consent summary.

``open_share_wizard(main_window)`` opens :class:`ShareSetupDialog`, whose Next prepares the share and
opens :class:`~wallet.ui.share_consent.ConsentDialog`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from wallet.errors import WalletError
from wallet.features.share import streams
from wallet.features.share.bundle import record_cancel
from wallet.features.share.selection import Plan, prepare
from wallet.features.share.templates import (
    OFFERED,
    Recipient,
    Selection,
    ShareRequest,
    get_recipient,
    list_recipients,
)
from wallet.jose import thumbprint
from wallet.model import Domain
from wallet.ui.workers import LatestRead, readable_error, run_task, with_reader

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

from wallet.ui.share_common import _busy_bar, _message, group_heading, template_description, template_label
from wallet.ui.share_consent import ConsentDialog


def _day(value: QDate) -> date:
    """The calendar day of a Qt date."""
    return date(value.year(), value.month(), value.day())


class ShareSetupDialog(QDialog):
    """Step 1: purpose template, recipient, purpose, expiry, and what to choose from."""

    def __init__(self, vault: Vault, person_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.person_id = person_id
        self.consent: ConsentDialog | None = None
        self.last_message: QMessageBox | None = None
        self._preparing = False
        """A share is being prepared in the background (turned off again by Cancel: the result is dropped)."""
        self._loading_choices = False
        """The choices for the template are being listed in the background (Next waits for them)."""
        self._choice_reads = LatestRead()  # only the newest template's choices are shown
        self.setWindowTitle(self.tr("Share data"))
        person = vault.person(person_id)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                self.tr("Share records of <b>{0}</b>. Nothing leaves before you review and approve it.").format(
                    person.label
                )
            )
        )
        form = QFormLayout()
        self.template_box = QComboBox()
        for tid in OFFERED:
            self.template_box.addItem(template_label(tid), tid)
        self.template_box.currentIndexChanged.connect(self._template_changed)
        form.addRow(self.tr("Purpose template"), self.template_box)
        self.template_help = QLabel()
        self.template_help.setWordWrap(True)
        form.addRow("", self.template_help)
        self.recipient_box = QComboBox()
        self.recipient_box.setEditable(True)
        self.recipient_box.addItem("")
        for r in list_recipients(vault):
            self.recipient_box.addItem(r.name)
        self.recipient_box.currentTextChanged.connect(self._recipient_changed)
        form.addRow(self.tr("Recipient"), self.recipient_box)
        self.organisation = QLineEdit()
        form.addRow(self.tr("Organisation"), self.organisation)
        key_row = QHBoxLayout()
        self.key_label = QLabel(self.tr("not encrypted"))
        self.recipient_jwk: dict[str, Any] | None = None
        self._key_of: str | None = None
        """The remembered recipient whose key was preselected (None: chosen by hand, or none)."""
        key_button = QPushButton(self.tr("Recipient's public key..."))
        key_button.clicked.connect(self._choose_key)
        clear_key = QPushButton(self.tr("No encryption"))
        clear_key.clicked.connect(lambda: self.set_recipient_key(None))
        key_row.addWidget(self.key_label, 1)
        key_row.addWidget(key_button)
        key_row.addWidget(clear_key)
        form.addRow(self.tr("Encrypt for"), key_row)
        self.purpose = QLineEdit()
        self.purpose.setPlaceholderText(self.tr("What the recipient may use the data for"))
        form.addRow(self.tr("Purpose"), self.purpose)
        expiry_row = QHBoxLayout()
        self.has_expiry = QCheckBox(self.tr("Expires on"))
        self.has_expiry.setChecked(True)
        self.expires = QDateEdit(QDate.currentDate().addDays(30))
        self.expires.setCalendarPopup(True)
        self.expires.setMinimumDate(QDate.currentDate())
        self.has_expiry.toggled.connect(self.expires.setEnabled)
        expiry_row.addWidget(self.has_expiry)
        expiry_row.addWidget(self.expires, 1)
        form.addRow(self.tr("Until"), expiry_row)
        self.with_resources = QCheckBox(self.tr("Also send the underlying FHIR resources"))
        form.addRow(self.tr("Format"), self.with_resources)
        layout.addLayout(form)

        self.choices_box = QGroupBox(self.tr("What to share"))
        choices = QVBoxLayout(self.choices_box)
        self.choices_help = QLabel()
        self.choices_help.setWordWrap(True)
        choices.addWidget(self.choices_help)
        self.choices = QListWidget()
        choices.addWidget(self.choices)
        dates = QHBoxLayout()
        self.use_dates = QCheckBox(self.tr("Only from"))
        self.since = QDateEdit(QDate.currentDate().addYears(-5))
        self.until = QDateEdit(QDate.currentDate())
        for w in (self.since, self.until):
            w.setCalendarPopup(True)
        dates.addWidget(self.use_dates)
        dates.addWidget(self.since)
        dates.addWidget(QLabel(self.tr("to")))
        dates.addWidget(self.until)
        choices.addLayout(dates)
        layout.addWidget(self.choices_box, 1)
        layout.addStretch(0)  # takes the spare height when the choices are hidden (hospital template)

        buttons = QHBoxLayout()
        self.busy = _busy_bar(self.tr("Preparing the share..."))
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.next_button = QPushButton(self.tr("Review what leaves..."))
        self.next_button.clicked.connect(self.next_step)
        self.cancel_button.setDefault(True)
        self.next_button.setAutoDefault(False)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
        self.resize(640, 620)
        self._template_changed()

    # ------------------------------------------------------------ choices
    def template_id(self) -> str:
        """The id of the chosen share template."""
        return str(self.template_box.currentData())

    def set_template(self, template_id: str) -> None:
        """Choose the template ``template_id``."""
        self.template_box.setCurrentIndex(self.template_box.findData(template_id))

    def _template_changed(self) -> None:
        tid = self.template_id()
        self.template_help.setText(template_description(tid))
        self.with_resources.setVisible(tid == "hospital")
        self.choices.clear()
        self.choices_box.setVisible(tid != "hospital")
        if tid == "insurance":
            self.choices_help.setText(self.tr("Tick the encounters (visits) to claim for."))
        else:
            self.choices_help.setText(
                self.tr("Tick the kinds of records to share.")
                if tid == "research"
                else self.tr(
                    "Tick kinds of records and/or sources (both ticked: records that are "
                    "of a ticked kind and from a ticked source)."
                )
            )
        person_id = self.person_id

        def load(reader: Vault) -> tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]:
            """The encounters, or the counts per kind (and per source): a scan of a large vault."""
            if tid == "insurance":
                encounters = [
                    (rec.start.date().isoformat() if rec.start else "----------", rec.title, rec.id)
                    for rec in reader.records(person_id=person_id, kind="Encounter")
                ]
                return tid, encounters, []
            kinds = reader.counts_by("domain", "kind", person_id=person_id)
            kinds = sorted(kinds + streams.series_kinds(reader, person_id))  # series are chosen by kind too
            sources = reader.counts_by("source", person_id=person_id) if tid == "custom" else []
            return tid, kinds, sources

        self._loading_choices = True
        self._set_busy(self._preparing)
        self._choice_reads.start(self.vault, load, on_done=self._choices_loaded, on_error=self._choices_failed)

    def _choices_loaded(self, loaded: tuple[str, list[tuple[Any, ...]], list[tuple[Any, ...]]]) -> None:
        tid, first, sources = loaded
        self._loading_choices = False
        self._set_busy(self._preparing)
        if tid == "insurance":
            for when, title, rid in first:
                self._add_choice(f"{when}  {title}", ("record", rid))
            return
        for domain, kind, count in first:
            if domain == Domain.PROFILE.value and kind == "Patient":
                continue
            self._add_choice(f"{group_heading(domain, kind)}  ({count})", ("kind", f"{domain}\t{kind}"), kind)
        for source, count in sources:
            self._add_choice(self.tr("source: {0}  ({1})").format(source, count), ("source", str(source)))

    def _choices_failed(self, exc: BaseException) -> None:
        self._loading_choices = False
        self._set_busy(self._preparing)
        self.last_message = _message(self, self.tr("Cannot prepare the share"), readable_error(exc))

    def _add_choice(self, text: str, data: tuple[str, str], tip: str = "") -> None:
        item = QListWidgetItem(text)
        if tip:
            item.setToolTip(tip)  # the raw kind, for the curious
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        item.setData(Qt.ItemDataRole.UserRole, data)
        self.choices.addItem(item)

    def tick(self, predicate: Callable[[str], bool]) -> int:
        """Tick the choices whose text satisfies ``predicate`` (for tests and keyboard users)."""
        n = 0
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if predicate(item.text()):
                item.setCheckState(Qt.CheckState.Checked)
                n += 1
        return n

    def _recipient_changed(self, name: str) -> None:
        """A remembered recipient fills in the organisation and preselects encryption for their key.

        Typing another name drops a key preselected for the previous recipient (a key chosen by hand stays).
        """
        known = get_recipient(self.vault, name) if name.strip() else None
        if known is not None:
            self.organisation.setText(known.organisation or "")
            if known.jwk is not None or self._key_of is not None:
                self.set_recipient_key(known.jwk)
                if known.jwk is not None:
                    self._key_of = known.name
                    self.key_label.setText(
                        self.tr("key {0} (remembered for {1})").format(thumbprint(known.jwk), known.name)
                    )
        elif self._key_of is not None:
            self.set_recipient_key(None)

    def _choose_key(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Recipient's public key (JWK)"), "", self.tr("JSON Web Key (*.json *.jwk);;All files (*)")
        )
        if not path:
            return
        from wallet.errors import WalletError
        from wallet.imports.inputs import read_jwk_file

        try:  # regular files only (a FIFO or device is refused by stat before reading)
            self.set_recipient_key(read_jwk_file(path, name=Path(path).name))
        except WalletError as exc:
            self.last_message = _message(self, self.tr("Cannot use this key"), str(exc))

    def set_recipient_key(self, jwk: dict[str, Any] | None) -> None:
        """Encrypt the share for ``jwk`` (the recipient's public key), or not at all when None."""
        self.recipient_jwk = jwk
        self._key_of = None
        self.key_label.setText(self.tr("key {0}").format(thumbprint(jwk)) if jwk else self.tr("not encrypted"))

    # --------------------------------------------------------------- next
    def build_request(self) -> ShareRequest:
        """The share request the dialog describes: template, ticked records and sources, dates and fields left out."""
        tid = self.template_id()
        kinds: list[str] = []
        domains: set[str] = set()
        records: list[str] = []
        sources: list[str] = []
        for i in range(self.choices.count()):
            item = self.choices.item(i)
            if item.checkState() != Qt.CheckState.Checked:
                continue
            what, value = item.data(Qt.ItemDataRole.UserRole)
            if what == "record":
                records.append(value)
            elif what == "source":
                sources.append(value)
            else:
                domain, kind = value.split("\t")
                domains.add(domain)
                kinds.append(kind)
        since = until = None
        if self.use_dates.isChecked():
            since = self.since.date().toPython()
            until = self.until.date().toPython()
        selection = Selection(
            kinds=kinds, domains=sorted(domains), sources=sources, since=since, until=until, record_ids=records
        )
        expires = _day(self.expires.date()) if self.has_expiry.isChecked() else None
        return ShareRequest(
            template=tid,
            person_id=self.person_id,
            recipient=Recipient(
                name=self.recipient_box.currentText().strip(),
                organisation=self.organisation.text().strip() or None,
                jwk=self.recipient_jwk,
            ),
            purpose=self.purpose.text().strip(),
            expires=expires,
            selection=selection,
            include_resources=self.with_resources.isChecked(),
        )

    def next_step(self) -> ConsentDialog | None:
        """Prepare the share in the background; the consent summary opens when it is ready.

        Returns the consent dialog if it is open by the time this returns (always when tests
        run tasks inline), else None.
        """
        if self._preparing or self._loading_choices:
            return None  # under way (the button is disabled; this guards a programmatic call)
        try:
            request = self.build_request()
        except WalletError as exc:
            self.last_message = _message(self, self.tr("Cannot prepare the share"), readable_error(exc))
            return None
        self._preparing = True
        self._set_busy(True)
        run_task(
            with_reader(self.vault, lambda reader: prepare(reader, request)),
            on_done=self._prepared,
            on_error=self._prepare_failed,
        )
        return self.consent

    def _set_busy(self, busy: bool) -> None:
        """Busy preparing the share (``busy``) or listing the choices: Next waits for both."""
        waiting = busy or self._loading_choices
        self.busy.setVisible(waiting)
        self.next_button.setEnabled(not waiting)
        self.choices.setEnabled(not self._loading_choices)

    def _prepared(self, plan: Plan) -> None:
        if not self._preparing:
            return  # cancelled meanwhile
        self._preparing = False
        self._set_busy(False)
        self.consent = ConsentDialog(self.vault, plan, self.parentWidget())
        self.consent.finished.connect(lambda _r: self.accept())
        self.hide()
        self.consent.open()

    def _prepare_failed(self, exc: BaseException) -> None:
        if not self._preparing:
            return  # cancelled meanwhile
        self._preparing = False
        self._set_busy(False)
        self.last_message = _message(self, self.tr("Cannot prepare the share"), readable_error(exc))

    def reject(self) -> None:
        """Cancel: a preparation under way only reads, and its result is dropped."""
        self._preparing = False
        record_cancel(self.vault, self.template_id(), "app:setup")
        super().reject()


def open_share_wizard(main_window: MainWindow) -> ShareSetupDialog | None:
    """File > Share...: for the person chosen in the main window."""
    vault = main_window.vault
    if vault is None:
        return None
    person_id = main_window.current_person_id() or vault.holder().id
    dialog = ShareSetupDialog(vault, person_id, main_window)
    dialog.open()
    return dialog
