"""File > Share...: choose a purpose, review exactly what leaves, approve, and the Shares view.

``open_share_wizard(main_window)`` opens :class:`ShareSetupDialog` (who, why,
until when, what) and then :class:`ConsentDialog`, which shows the same
consent summary as ``mydata-wallet share``: recipient, purpose, expiry,
format, the signing key's fingerprint, whether the bundle is encrypted (with a
clear warning when it is not), counts per domain and kind with date ranges,
every record with a tick box, identifying fields that can be left out, and
sensitive records highlighted.  Cancel is the default button and Escape
cancels; "Approve and create" is enabled only after "I have reviewed" is
ticked.  Cancel writes nothing anywhere.

``open_shares_view(main_window)`` lists what was shared, with whom, and lets
the person withdraw a consent (writing a signed withdrawal notice).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, QTimer
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.errors import WalletError
from wallet.features.share import sensitive
from wallet.features.share.bundle import create_share, record_cancel
from wallet.features.share.selection import Plan, PlanItem, prepare
from wallet.features.share.templates import (
    IDENTIFYING_FIELDS,
    TEMPLATES,
    Recipient,
    Selection,
    ShareRequest,
    get_recipient,
    list_recipients,
)
from wallet.jose import thumbprint
from wallet.model import Domain, Record
from wallet.ui.workers import LatestRead, readable_error, run_task, with_reader

if TYPE_CHECKING:
    from wallet.features.share.bundle import ShareResult
    from wallet.features.share.receipts import ShareInfo
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow


def _day(value: QDate) -> date:
    """The calendar day of a Qt date."""
    return date(value.year(), value.month(), value.day())


SENSITIVE_BG = QColor("#fde2e1")
SENSITIVE_FG = QColor("#8a1c14")
ROLE_RECORD = Qt.ItemDataRole.UserRole + 1


def template_label(template_id: str) -> str:
    """A purpose template's name in the UI language (the core module keeps the English)."""
    labels = {
        "hospital": QCoreApplication.translate("ShareTexts", "Hospital / referral"),
        "insurance": QCoreApplication.translate("ShareTexts", "Insurance claim"),
        "research": QCoreApplication.translate("ShareTexts", "Research"),
        "custom": QCoreApplication.translate("ShareTexts", "Custom"),
    }
    return labels.get(template_id, template_id)


def template_description(template_id: str) -> str:
    """What a share made with the template ``template_id`` contains, in words for the person."""
    texts = {
        "hospital": QCoreApplication.translate(
            "ShareTexts",
            "An International Patient Summary (HL7 IPS FHIR document): problems, allergies and intolerances, "
            "medications; immunizations, results, procedures, devices and vital signs where known.",
        ),
        "insurance": QCoreApplication.translate(
            "ShareTexts",
            "The chosen encounters with their diagnoses, procedures and prescriptions, and the documents "
            "(receipts, invoices) linked to them.",
        ),
        "research": QCoreApplication.translate(
            "ShareTexts",
            "The chosen kinds of records over a date range, without name, address, phone, identifier "
            "numbers, birth date or free-text notes unless you add them.",
        ),
        "custom": QCoreApplication.translate(
            "ShareTexts", "Any selection of domains, kinds, sources, dates and single records."
        ),
    }
    return texts.get(template_id, "")


def template_output(template_id: str) -> str:
    """The files a share made with the template ``template_id`` holds in the bundle."""
    texts = {
        "hospital": QCoreApplication.translate("ShareTexts", "HL7 IPS FHIR document Bundle (data/ips.json)"),
        "insurance": QCoreApplication.translate(
            "ShareTexts", "FHIR resources (data/resources.ndjson), linked documents (documents/)"
        ),
        "research": QCoreApplication.translate(
            "ShareTexts", "FHIR resources (data/resources.ndjson) and other records (data/records.ndjson)"
        ),
        "custom": QCoreApplication.translate(
            "ShareTexts",
            "FHIR resources (data/resources.ndjson), other records (data/records.ndjson), documents (documents/)",
        ),
    }
    return texts.get(template_id, "")


def field_label(name: str) -> str:
    """The translated name of an identifying field that a share can leave out."""
    labels = {
        "name": QCoreApplication.translate("ShareTexts", "name"),
        "birthDate": QCoreApplication.translate("ShareTexts", "birth date"),
        "address": QCoreApplication.translate("ShareTexts", "address"),
        "telecom": QCoreApplication.translate("ShareTexts", "phone numbers and e-mail"),
        "identifier": QCoreApplication.translate(
            "ShareTexts", "identifier numbers (national id, insurance, record numbers)"
        ),
        "notes": QCoreApplication.translate("ShareTexts", "free-text notes and narratives"),
    }
    return labels.get(name, IDENTIFYING_FIELDS.get(name, name))


def sensitive_labels(categories: set[str] | frozenset[str] | list[str]) -> str:
    """The translated names of the sensitive categories in ``categories``, comma separated."""
    labels = {
        sensitive.MENTAL: QCoreApplication.translate("ShareTexts", "mental health"),
        sensitive.SEXUAL: QCoreApplication.translate("ShareTexts", "sexual and reproductive health"),
        sensitive.HIV: QCoreApplication.translate("ShareTexts", "HIV"),
        sensitive.SUBSTANCE: QCoreApplication.translate("ShareTexts", "substance use"),
        sensitive.GENETICS: QCoreApplication.translate("ShareTexts", "genetics"),
    }
    return ", ".join(labels.get(c, sensitive.LABELS[c]) for c in sorted(categories) if c in sensitive.LABELS)


def status_label(status: str) -> str:
    """The translated status of a share (active, expired, withdrawn)."""
    labels = {
        "active": QCoreApplication.translate("ShareTexts", "active"),
        "expired": QCoreApplication.translate("ShareTexts", "expired"),
        "withdrawn": QCoreApplication.translate("ShareTexts", "withdrawn"),
    }
    return labels.get(status, status)


def _message(parent: QWidget, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.open()
    return box


def _busy_bar(text: str) -> QProgressBar:
    """A moving bar shown while a background task runs (hidden until then)."""
    bar = QProgressBar()
    bar.setRange(0, 0)  # no steps to count: a busy indicator
    bar.setTextVisible(False)
    bar.setAccessibleName(text)
    bar.setToolTip(text)
    bar.setMaximumWidth(160)
    bar.hide()
    return bar


# ====================================================================== setup
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
        for tid in TEMPLATES:
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
            self._add_choice(f"{domain} / {kind}  ({count})", ("kind", f"{domain}\t{kind}"))
        for source, count in sources:
            self._add_choice(self.tr("source: {0}  ({1})").format(source, count), ("source", str(source)))

    def _choices_failed(self, exc: BaseException) -> None:
        self._loading_choices = False
        self._set_busy(self._preparing)
        self.last_message = _message(self, self.tr("Cannot prepare the share"), readable_error(exc))

    def _add_choice(self, text: str, data: tuple[str, str]) -> None:
        item = QListWidgetItem(text)
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
        known = get_recipient(self.vault, name) if name.strip() else None
        if known is not None:
            self.organisation.setText(known.organisation or "")
            self.set_recipient_key(known.jwk)

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


# ==================================================================== consent
class ConsentDialog(QDialog):
    """The consent summary: review, untick, approve (or cancel: the default)."""

    def __init__(
        self, vault: Vault, plan: Plan, parent: QWidget | None = None, destination: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.vault = vault
        self.plan = plan
        self.destination = destination
        """Where to write; asked with a file dialog on approval when None."""
        self.result_info: ShareResult | None = None
        self.last_message: QMessageBox | None = None
        self._writing = False
        """The bundle is being signed and written in the background."""
        self._by_id = {i.id: i for i in plan.items}
        self._refresh_timer = QTimer(self)
        self._refresh_timer.setSingleShot(True)
        self._refresh_timer.setInterval(0)
        self._refresh_timer.timeout.connect(self.flush)
        req = plan.request
        self.setWindowTitle(self.tr("Review what leaves your computer"))
        layout = QVBoxLayout(self)
        facts = QFormLayout()
        facts.addRow(self.tr("Recipient:"), QLabel(req.recipient.label))
        facts.addRow(self.tr("Purpose:"), QLabel(f"{req.purpose}  [{template_label(req.template)}]"))
        facts.addRow(self.tr("About:"), QLabel(plan.person.label))
        facts.addRow(
            self.tr("Until:"),
            QLabel(req.expires.isoformat() if req.expires else self.tr("no expiry date (until you withdraw consent)")),
        )
        fmt = template_output(req.template)
        if req.include_resources:
            fmt += self.tr(" + the underlying FHIR resources")
        facts.addRow(self.tr("Format:"), QLabel(fmt + self.tr("; signed ZIP bundle")))
        if plan.own_key:  # research: a key made for this share alone, so the share cannot be linked to you
            facts.addRow(
                self.tr("Signed by:"),
                QLabel(self.tr("a new key made for this share only (it cannot be linked to you or to other shares)")),
            )
        else:
            key = QLabel(plan.holder_fingerprint)
            key.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            facts.addRow(self.tr("Signed by your key:"), key)
        if plan.encrypted:
            self.encryption_label = QLabel(
                self.tr("Encrypted: only the holder of key {0} can open it.").format(plan.recipient_fingerprint)
            )
        else:
            self.encryption_label = QLabel(
                self.tr(
                    "NOT ENCRYPTED: anyone who gets hold of the file can read "
                    "everything in it. Send it only over a channel you trust."
                )
            )
            self.encryption_label.setStyleSheet("color: #b00020; font-weight: bold;")
        self.encryption_label.setWordWrap(True)
        facts.addRow(self.tr("Encryption:"), self.encryption_label)
        layout.addLayout(facts)

        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.sensitive_label = QLabel()
        self.sensitive_label.setWordWrap(True)
        self.sensitive_label.setStyleSheet(f"color: {SENSITIVE_FG.name()}; font-weight: bold;")
        layout.addWidget(self.sensitive_label)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("What"), self.tr("Count"), self.tr("Dates"), self.tr("Sensitive")])
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(2, self.tree.fontMetrics().horizontalAdvance("0000-00-00 .. 0000-00-00") + 24)
        self.record_items: dict[str, QTreeWidgetItem] = {}
        self._fill_tree()
        self.tree.itemChanged.connect(self._item_changed)
        layout.addWidget(self.tree, 1)

        fields = QGroupBox(self.tr("Identifying details sent (untick to leave out)"))
        fl = QGridLayout(fields)
        self.field_boxes: dict[str, QCheckBox] = {}
        for index, name in enumerate(IDENTIFYING_FIELDS):
            box = QCheckBox(field_label(name))
            box.setChecked(name not in plan.omitted)
            box.toggled.connect(lambda on, n=name: self._field_toggled(n, on))
            self.field_boxes[name] = box
            fl.addWidget(box, index // 3, index % 3)
        layout.addWidget(fields)

        self.reviewed = QCheckBox(self.tr("I have reviewed what will be shared"))
        self.reviewed.toggled.connect(self._update_buttons)
        layout.addWidget(self.reviewed)
        buttons = QHBoxLayout()
        self.busy = _busy_bar(self.tr("Signing and writing the bundle..."))
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.approve_button = QPushButton(self.tr("Approve and create..."))
        self.cancel_button.setDefault(True)
        self.cancel_button.setAutoDefault(True)
        self.approve_button.setAutoDefault(False)
        self.approve_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.reject)
        self.approve_button.clicked.connect(self.approve)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.approve_button)
        layout.addLayout(buttons)
        self._refresh_counts()
        self.cancel_button.setFocus()
        self.resize(820, 680)

    # --------------------------------------------------------------- tree
    def _fill_tree(self) -> None:
        groups: dict[tuple[str, str], list[PlanItem]] = {}
        for item in self.plan.items:
            groups.setdefault((item.record.domain.value, item.record.kind), []).append(item)
        bold = QFont()
        bold.setBold(True)
        for (domain, kind), items in sorted(groups.items()):
            top = QTreeWidgetItem([f"{domain} / {kind}", "", "", ""])
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            cats: set[str] = set()
            for it in items:
                rec = it.record
                when = rec.start.date().isoformat() if rec.start else ""
                child = QTreeWidgetItem([rec.title, "", when, sensitive_labels(it.sensitive)])
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked if it.included else Qt.CheckState.Unchecked)
                child.setData(0, ROLE_RECORD, rec.id)
                child.setToolTip(0, f"{rec.id}\n{rec.kind}")
                if it.sensitive:
                    cats |= it.sensitive
                    for col in range(4):
                        child.setBackground(col, QBrush(SENSITIVE_BG))
                        child.setForeground(col, QBrush(SENSITIVE_FG))
                top.addChild(child)
                self.record_items[rec.id] = child
            if cats:
                top.setText(3, sensitive_labels(cats))
                for col in range(4):
                    top.setForeground(col, QBrush(SENSITIVE_FG))
        self._update_group_texts()

    def _update_group_texts(self) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            if top is None:
                continue
            children = [c for c in (top.child(j) for j in range(top.childCount())) if c is not None]
            ticked = [c for c in children if c.checkState(0) == Qt.CheckState.Checked]
            dates = sorted(c.text(2) for c in ticked if c.text(2))
            top.setText(1, f"{len(ticked)} / {len(children)}")
            span = (dates[0] + (f" .. {dates[-1]}" if dates[-1] != dates[0] else "")) if dates else ""
            top.setText(2, span)

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        """A record's box changed (a group's box changes each of its records in turn)."""
        if column != 0:
            return
        rid = item.data(0, ROLE_RECORD)
        if rid is None:
            return
        entry = self._by_id.get(str(rid))
        if entry is not None:
            entry.included = item.checkState(0) == Qt.CheckState.Checked
            self._refresh_timer.start()  # one refresh for a whole group, not one per record

    def flush(self) -> None:
        """Bring the plan's exclusions, the group lines and the counts up to date now."""
        self._refresh_timer.stop()
        self.plan.sync_excluded()
        self._update_group_texts()
        self._refresh_counts()

    def set_record_included(self, record_id: str, included: bool) -> None:
        """Tick or untick one record (what a click on its box does)."""
        self.record_items[record_id].setCheckState(0, Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def _field_toggled(self, name: str, sent: bool) -> None:
        self.plan.set_field(name, sent)

    def _refresh_counts(self) -> None:
        total = len(self.plan.records)
        left = len(self.plan.request.excluded)
        text = self.tr("{0} records will leave your computer").format(total)
        if left:
            text += self.tr(" ({0} left out by you)").format(left)
        self.count_label.setText(text)
        cats = self.plan.sensitive_categories()
        self.sensitive_label.setText(
            self.tr("Sensitive: this share includes {0} information (highlighted below).").format(
                sensitive_labels(cats)
            )
            if cats
            else ""
        )
        self.sensitive_label.setVisible(bool(cats))

    def _update_buttons(self) -> None:
        self.approve_button.setEnabled(self.reviewed.isChecked() and not self._writing)

    # ------------------------------------------------------------ actions
    def choose_destination(self) -> Path | None:
        """Where the bundle is written: the path given to the dialog, else one asked for (None when cancelled)."""
        if self.destination is not None:
            return self.destination
        suffix = ".jwe" if self.plan.encrypted else ".zip"
        path, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the share bundle"),
            f"share-{date.today().isoformat()}{suffix}",
            self.tr("Share bundle (*{0})").format(suffix),
        )
        return Path(path) if path else None

    def approve(self) -> None:
        """Write the bundle exactly as reviewed, once the person has ticked that they reviewed it."""
        if not self.reviewed.isChecked():
            return  # the button is disabled; this guards a programmatic call too
        self.flush()  # what is created is exactly what the boxes show
        dest = self.choose_destination()
        if dest is None:
            return
        if dest.exists():
            self.last_message = _message(
                self, self.tr("File exists"), self.tr("{0} already exists; choose another name.").format(dest)
            )
            return
        if self._writing:
            return  # already under way
        plan = self.plan
        self._writing = True
        self._set_busy(True)
        run_task(
            with_reader(self.vault, lambda reader: create_share(reader, plan, dest)),
            on_done=self._created,
            on_error=self._create_failed,
        )

    def _set_busy(self, busy: bool) -> None:
        """While the bundle is written nothing that changes it, approves again or cancels can be used."""
        self.busy.setVisible(busy)
        for widget in (self.tree, self.reviewed, self.cancel_button, *self.field_boxes.values()):
            widget.setEnabled(not busy)
        self._update_buttons()

    def _created(self, result: ShareResult) -> None:
        self._writing = False
        self._set_busy(False)
        self.result_info = result
        self.accept()

    def _create_failed(self, exc: BaseException) -> None:
        self._writing = False
        self._set_busy(False)
        self.last_message = _message(self, self.tr("The bundle was not created"), readable_error(exc))

    def reject(self) -> None:
        """Cancel (also Escape and the window's close button): nothing is written.

        While the approved bundle is being written the window only hides (locking the vault
        closes dialogs): the bundle is completed, its consent recorded as given, and the dialog
        is then accepted.
        """
        if self._writing:
            self.hide()
            return
        record_cancel(self.vault, self.plan.request.template, "app:consent")
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


# ================================================================ shares view
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
