"""The consent summary of a share: review exactly what leaves, untick, approve (or cancel).

It shows the same consent summary as ``mydata-wallet share``: recipient, purpose, expiry,
format, the signing key's fingerprint, whether the bundle is encrypted (with a
clear warning when it is not), counts per domain and kind with date ranges,
every record with a tick box and the values it sends (expand a record to see them),
identifying fields that can be left out with the values they send, and
sensitive records highlighted.  Cancel is the default button and Escape
cancels; "Approve and create" is enabled only after "I have reviewed" is
ticked.  Cancel writes nothing anywhere.  Once the bundle is written a confirmation
names the file and offers "Show in folder".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices, QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.features.share import preview
from wallet.features.share.bundle import LOCATION_MEDIA, create_share, record_cancel
from wallet.features.share.ips import FhirOutputError
from wallet.features.share.selection import Plan, PlanItem, is_fhir, sent_summary
from wallet.features.share.templates import IDENTIFYING_FIELDS
from wallet.ui import share_series
from wallet.ui.workers import readable_error, run_task, with_reader

if TYPE_CHECKING:
    from wallet.features.share.bundle import ShareResult
    from wallet.model import Record
    from wallet.store.vault import Vault

from wallet.ui.share_common import (
    _busy_bar,
    _message,
    field_label,
    group_heading,
    sensitive_labels,
    template_label,
    template_output,
)

SENSITIVE_BG = QColor("#fde2e1")
SENSITIVE_FG = QColor("#8a1c14")
ROLE_RECORD = Qt.ItemDataRole.UserRole + 1
COLUMNS = 5
"""What, Count, Dates, Sensitive, Value."""


def reveal_folder(path: Path) -> QUrl:
    """Open the folder holding ``path`` in the system's file manager; returns the URL opened."""
    url = QUrl.fromLocalFile(str(path.resolve().parent))
    QDesktopServices.openUrl(url)
    return url


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
            self.signer_label = QLabel()
            self.signer_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.signer_label.setWordWrap(True)
            facts.addRow(self.tr("Signed by your key:"), self.signer_label)
            self._show_signer()
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

        self.summary_box: QPlainTextEdit | None = None
        if req.summary is not None:  # what the wallet wrote for this share, shown in full before approval
            summary_group = QGroupBox(
                self.tr("Also sent, written by the wallet (data/summary.json): {title}").format(
                    title=req.summary.get("title", "")
                )
            )
            bl = QVBoxLayout(summary_group)
            self.summary_box = QPlainTextEdit()
            self.summary_box.setReadOnly(True)
            self.summary_box.setAccessibleName(self.tr("The summary that is sent"))
            self.summary_box.setMaximumHeight(self.fontMetrics().height() * 9)
            bl.addWidget(self.summary_box)
            layout.addWidget(summary_group)

        self.count_label = QLabel()
        layout.addWidget(self.count_label)
        self.sensitive_label = QLabel()
        self.sensitive_label.setWordWrap(True)
        self.sensitive_label.setStyleSheet(f"color: {SENSITIVE_FG.name()}; font-weight: bold;")
        layout.addWidget(self.sensitive_label)

        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(
            [self.tr("What"), self.tr("Count"), self.tr("Dates"), self.tr("Sensitive"), self.tr("Value")]
        )
        self.tree.setToolTip(self.tr("Expand a record to see the values it sends"))
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.setColumnWidth(2, self.tree.fontMetrics().horizontalAdvance("0000-00-00 .. 0000-00-00") + 24)
        self.record_items: dict[str, QTreeWidgetItem] = {}
        self._fill_tree()
        self.series_items = share_series.fill_series(self.tree, plan)
        """The measurement series' lines by plan id (``series:<id>``), each ticked as a whole."""
        share_series.update_texts(self.tree, plan, self.series_items)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemExpanded.connect(self._item_expanded)
        layout.addWidget(self.tree, 1)

        fields = QGroupBox(self.tr("Identifying details sent (untick to leave out)"))
        fl = QGridLayout(fields)
        self.field_boxes: dict[str, QCheckBox] = {}
        self.field_values: dict[str, QLabel] = {}
        """The value each identifying field sends, as written to the bundle (shown when expanded)."""
        self._payloads = preview.patient_payloads(vault, plan.person.id)
        for index, name in enumerate(IDENTIFYING_FIELDS):
            box = QCheckBox(field_label(name))
            box.setChecked(name not in plan.omitted)
            box.toggled.connect(lambda on, n=name: self._field_toggled(n, on))
            self.field_boxes[name] = box
            fl.addWidget(box, index // 3, (index % 3) * 2)
        self.values_toggle = QToolButton()
        self.values_toggle.setText(self.tr("Show the values that leave"))
        self.values_toggle.setCheckable(True)
        self.values_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.values_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.values_toggle.setAutoRaise(True)
        self.values_toggle.toggled.connect(self._show_values)
        row = (len(IDENTIFYING_FIELDS) + 2) // 3
        fl.addWidget(self.values_toggle, row, 0, 1, 6)
        self.values_panel = QWidget()
        self._values_form = values = QFormLayout(self.values_panel)
        values.setContentsMargins(0, 0, 0, 0)
        for name in (*IDENTIFYING_FIELDS, *preview.ALWAYS_SENT):
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.field_values[name] = label
            values.addRow(self._value_name(name), label)
        self.values_panel.setVisible(False)
        fl.addWidget(self.values_panel, row + 1, 0, 1, 6)
        layout.addWidget(fields)
        self._refresh_field_values()

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
        self._refresh_summary()
        self.cancel_button.setFocus()
        self.resize(820, 680)

    # --------------------------------------------------------------- tree
    def _fill_tree(self) -> None:
        groups: dict[tuple[str, str], list[PlanItem]] = {}
        for item in self.plan.items:
            groups.setdefault((item.record.domain.value, item.record.kind), []).append(item)
        bold = QFont()
        bold.setBold(True)
        headings = {key: group_heading(*key) for key in groups}
        for key, items in sorted(groups.items(), key=lambda kv: (kv[0][0], headings[kv[0]].casefold())):
            top = QTreeWidgetItem([headings[key], "", "", ""])
            top.setToolTip(0, f"{key[0]} / {key[1]}")  # the raw area and kind, for the curious
            top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
            top.setFont(0, bold)
            self.tree.addTopLevelItem(top)
            cats: set[str] = set()
            for it in items:
                rec = it.record
                when = rec.start.date().isoformat() if rec.start else ""
                child = QTreeWidgetItem([rec.title, "", when, sensitive_labels(it.sensitive), _value_of(rec)])
                child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                child.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
                child.setCheckState(0, Qt.CheckState.Checked if it.included else Qt.CheckState.Unchecked)
                child.setData(0, ROLE_RECORD, rec.id)
                child.setToolTip(0, f"{rec.id}\n{rec.kind}")
                if it.sensitive:
                    cats |= it.sensitive
                    for col in range(COLUMNS):
                        child.setBackground(col, QBrush(SENSITIVE_BG))
                        child.setForeground(col, QBrush(SENSITIVE_FG))
                top.addChild(child)
                self.record_items[rec.id] = child
            if cats:
                top.setText(3, sensitive_labels(cats))
                for col in range(COLUMNS):
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
            if share_series.changed(self.plan, item):
                self._refresh_timer.start()
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
        share_series.update_texts(self.tree, self.plan, self.series_items)
        self._refresh_counts()
        self._refresh_summary()

    def _refresh_summary(self) -> None:
        """The summary's lines as they will leave (a line whose record was left out says so instead)."""
        summary = sent_summary(self.plan)
        if self.summary_box is not None and summary is not None:
            text = "\n".join(str(line) for line in summary["lines"])
            if self.summary_box.toPlainText() != text:
                self.summary_box.setPlainText(text)

    def set_series_included(self, series_id: str, included: bool) -> None:
        """Tick or untick one measurement series as a whole (what a click on its box does)."""
        self.series_items[series_id].setCheckState(0, Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def set_record_included(self, record_id: str, included: bool) -> None:
        """Tick or untick one record (what a click on its box does)."""
        self.record_items[record_id].setCheckState(0, Qt.CheckState.Checked if included else Qt.CheckState.Unchecked)

    def _show_signer(self) -> None:
        """The signing key, and the holder's name when the bundle's manifest will name the signer."""
        label = getattr(self, "signer_label", None)
        if label is None:
            return
        named = self.plan.signer_name_sent
        text = self.plan.holder_fingerprint
        if named:
            text = self.tr("{key}, with your name: {name}").format(key=text, name=named)
        label.setText(text)

    def _field_toggled(self, name: str, sent: bool) -> None:
        self.plan.set_field(name, sent)
        self._show_signer()
        self._refresh_field_values()
        for i in range(self.tree.topLevelItemCount()):  # "notes" changes what an expanded record sends
            top = self.tree.topLevelItem(i)
            for j in range(top.childCount() if top is not None else 0):
                child = top.child(j) if top is not None else None
                if child is not None and child.childCount():
                    self._fill_preview(child)

    # ------------------------------------------------------------ preview
    def _value_name(self, name: str) -> str:
        if name == "gender":
            return self.tr("sex (always sent when known):")
        if name == "deceased":
            return self.tr("deceased (always sent when known):")
        return field_label(name) + ":"

    def _show_values(self, shown: bool) -> None:
        self.values_toggle.setArrowType(Qt.ArrowType.DownArrow if shown else Qt.ArrowType.RightArrow)
        self.values_panel.setVisible(shown)

    def identifying_values(self) -> dict[str, list[str]]:
        """The identifying values the bundle will hold about the person, as the boxes are ticked now."""
        return preview.identifying_values(
            preview.patient_sent(self.plan.person, self._payloads, self.plan.request.template, self.plan.omitted)
        )

    def _refresh_field_values(self) -> None:
        try:
            sent = self.identifying_values()
        except FhirOutputError as exc:  # the bundle could not be written either: creating it says so again
            for label in self.field_values.values():
                label.setText(self.tr("cannot be shown: {0}").format(exc))
            return
        sexes = {"male": self.tr("male"), "female": self.tr("female"), "other": self.tr("other"), "unknown": "-"}
        for name, label in self.field_values.items():
            if name == "gender" and name in sent:
                label.setText(", ".join(f"{sexes.get(v, v)} ({v})" for v in sent[name]))
            elif name in sent:
                label.setText("\n".join(sent[name]))
            elif name in preview.ALWAYS_SENT:
                label.clear()
            elif name == "notes":
                label.setText(
                    self.tr("left out") if "notes" in self.plan.omitted else self.tr("shown with each record")
                )
            elif name in self.plan.omitted:
                label.setText(self.tr("left out"))
            else:
                label.setText(self.tr("not known, not sent"))
            self._values_form.setRowVisible(label, name in sent or name not in preview.ALWAYS_SENT)

    def record_preview(self, record_id: str) -> preview.RecordPreview:
        """What the record ``record_id`` sends, with the identifying fields as ticked now."""
        rec = self._by_id[record_id].record
        req = self.plan.request
        files = []
        if not is_fhir(rec):
            files = [
                a.name
                for a in self.vault.attachments(rec.id)
                if a.media_type not in LOCATION_MEDIA or req.include_location
            ]
        return preview.record_preview(rec, req.template, self.plan.omitted, files)

    def _row_name(self, key: str) -> str:
        names = {
            "title": self.tr("Title"),
            "date": self.tr("Date"),
            "value": self.tr("Value"),
            "code": self.tr("Code"),
            "notes": self.tr("Notes"),
            "documents": self.tr("Files"),
        }
        return names.get(key, key)

    def preview_lines(self, record_id: str) -> list[str]:
        """The lines shown under the record ``record_id`` when it is expanded."""
        shown = self.record_preview(record_id)
        if shown.form == preview.NOT_SENT:
            return [self.tr("Not sent: it has no place in a patient summary (IPS) document.")]
        how = (
            self.tr("Sent as a FHIR resource with these values:")
            if shown.form == preview.SENT_AS_FHIR
            else self.tr("Sent as a wallet record with these values:")
        )
        return [how] + [f"{self._row_name(key)}: {text}" for key, text in shown.rows]

    def _fill_preview(self, item: QTreeWidgetItem) -> None:
        rid = item.data(0, ROLE_RECORD)
        if rid is None:
            return
        item.takeChildren()
        for line in self.preview_lines(str(rid)):
            child = QTreeWidgetItem([line])
            child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            child.setToolTip(0, line)
            item.addChild(child)
            child.setFirstColumnSpanned(True)  # the whole line, across the columns
        item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)

    def _item_expanded(self, item: QTreeWidgetItem) -> None:
        """A record opened: its values are read when first shown (a share can hold tens of thousands)."""
        if item.data(0, share_series.ROLE_SERIES) is not None and not item.childCount():
            self.tree.blockSignals(True)
            try:
                share_series.fill_preview(self.vault, self.plan, item)
            finally:
                self.tree.blockSignals(False)
        if item.data(0, ROLE_RECORD) is not None and not item.childCount():
            self.tree.blockSignals(True)  # adding the lines is not a change of a tick
            try:
                self._fill_preview(item)
            finally:
                self.tree.blockSignals(False)

    def _refresh_counts(self) -> None:
        total = len(self.plan.records)
        left = sum(1 for i in self.plan.items if not i.included)
        text = self.tr("{0} records will leave your computer").format(total)
        if left:
            text += self.tr(" ({0} left out by you)").format(left)
        self.count_label.setText(text + share_series.counts_text(self.plan))
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
        self.last_message = self._confirm(result)

    def _confirm(self, result: ShareResult) -> QMessageBox:
        """Where the bundle went, with "Show in folder" (the dialog itself has closed)."""
        path = result.path.resolve()
        recipient = self.plan.request.recipient.label
        text = self.tr("The share bundle for {0} was saved as:").format(recipient) + f"\n\n{path}\n\n"
        text += self.tr("{0} records.").format(result.record_count) + " "
        if result.sample_count:
            text += self.tr("{0} samples of measurement series.").format(f"{result.sample_count:,}") + " "
        text += (
            self.tr("Encrypted: only the holder of key {0} can open it.").format(self.plan.recipient_fingerprint)
            if result.encrypted
            else self.tr("Not encrypted: send it only over a channel you trust.")
        )
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Share bundle saved"),
            text,
            QMessageBox.StandardButton.Ok,
            self.parentWidget(),
        )
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        if result.notes:
            box.setDetailedText("\n".join(result.notes))
        self.show_in_folder_button = box.addButton(self.tr("Show in folder"), QMessageBox.ButtonRole.ActionRole)
        self.show_in_folder_button.clicked.connect(lambda: self.show_in_folder())
        box.setDefaultButton(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        return box

    def show_in_folder(self) -> QUrl | None:
        """Open the folder of the bundle just written; the URL opened (None before a bundle is written)."""
        if self.result_info is None:
            return None
        return reveal_folder(self.result_info.path)

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


def _value_of(rec: Record) -> str:
    """The record's value in one short cell (the full preview opens under the record)."""
    if is_fhir(rec):
        return preview.fhir_value(rec.payload)
    return f"{preview.number(rec.value)} {rec.unit or ''}".strip() if rec.value is not None else ""
