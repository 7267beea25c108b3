"""The detail pane: one record, readable, with its provenance, attachments and original payload."""

from __future__ import annotations

import html
import json
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wallet.features import measurements, series_days
from wallet.model import Attachment, Record
from wallet.store.files import write_out
from wallet.store.vault import Vault
from wallet.terms.clock import format_when
from wallet.terms.names import code_name, kind_label, source_label
from wallet.ui.i18n import current, domain_label
from wallet.ui.records_model import format_value
from wallet.ui.workers import readable_error

IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/bmp", "image/webp")


def _when(value: datetime | None, date_only: bool = False) -> str | None:
    """By the clock rule (docs/clock.md): in the record's own zone, its offset when not this
    computer's; the date alone for a date-only record."""
    return format_when(value, date_only=date_only) or None


def _row(label: str, value: str | None) -> str:
    if value in (None, ""):
        return ""
    return f"<tr><th align='left' valign='top'>{html.escape(label)}</th><td>{html.escape(str(value))}</td></tr>"


class DetailPane(QWidget):
    """Shows the record given to :meth:`show_record`.  Emits ``copy_requested(text)`` for "Copy value"."""

    copy_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault: Vault | None = None
        self.record: Record | None = None
        self._attachments: list[Attachment] = []

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tabs = QTabWidget(self)
        self.tabs.setAccessibleName(self.tr("Record details"))
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        self.tabs.setUsesScrollButtons(True)  # in a narrow window (1024 px) the tabs scroll, the pane stays usable
        layout.addWidget(self.tabs)

        # Summary
        summary = QWidget()
        sl = QVBoxLayout(summary)
        self.summary = QTextBrowser()
        self.summary.setAccessibleName(self.tr("Record summary"))
        self.summary.setOpenLinks(False)
        sl.addWidget(self.summary)
        buttons = QHBoxLayout()
        self.copy_button = QPushButton(self.tr("Copy value"))
        self.copy_button.setAccessibleName(self.tr("Copy value"))
        self.copy_button.setToolTip(self.tr("Copy the value; the clipboard is cleared after 30 seconds"))
        self.copy_button.clicked.connect(self._copy_value)
        buttons.addWidget(self.copy_button)
        buttons.addStretch(1)
        sl.addLayout(buttons)
        self.tabs.addTab(summary, self.tr("Summary"))

        # Provenance
        self.provenance = QTextBrowser()
        self.provenance.setAccessibleName(self.tr("Provenance"))
        self.tabs.addTab(self.provenance, self.tr("Provenance"))

        # Attachments
        att = QWidget()
        al = QVBoxLayout(att)
        self.attachment_list = QListWidget()
        self.attachment_list.setAccessibleName(self.tr("Attachments"))
        self.attachment_list.currentRowChanged.connect(self._preview)
        al.addWidget(self.attachment_list, 1)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preview.setAccessibleName(self.tr("Attachment preview"))
        self.preview.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.preview)
        al.addWidget(scroll, 3)
        ab = QHBoxLayout()
        self.save_button = QPushButton(self.tr("Save attachment as..."))
        self.save_button.setAccessibleName(self.tr("Save attachment as"))
        self.save_button.setToolTip(self.tr("Writes the attachment, unencrypted, to a file you choose"))
        self.save_button.clicked.connect(self.save_attachment)
        ab.addWidget(self.save_button)
        ab.addStretch(1)
        al.addLayout(ab)
        self.tabs.addTab(att, self.tr("Attachments"))

        # Original payload
        self.payload = QPlainTextEdit()
        self.payload.setReadOnly(True)
        self.payload.setAccessibleName(self.tr("Original data"))
        self.payload.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.tabs.addTab(self.payload, self.tr("Original data"))
        self.show_record(None)

    # ---------------------------------------------------------------- showing
    def show_record(self, rec: Record | None) -> None:
        """Show ``rec`` in the summary, provenance, payload and attachment tabs; None shows the empty hint."""
        self.record = rec
        self._attachments = list(rec.attachments) if rec else []
        self.attachment_list.clear()
        self.preview.clear()
        self.copy_button.setEnabled(rec is not None and rec.value is not None)
        self.save_button.setEnabled(False)
        if rec is None:
            self.summary.setHtml("<p>" + html.escape(self.tr("Select a record to see it here.")) + "</p>")
            self.provenance.clear()
            self.payload.clear()
            self.tabs.setTabText(2, self.tr("Attachments"))
            return
        self.summary.setHtml(self._summary_html(rec))
        self.provenance.setHtml(self._provenance_html(rec))
        self.payload.setPlainText(json.dumps(rec.payload, indent=2, ensure_ascii=False, sort_keys=False, default=str))
        for a in self._attachments:
            item = QListWidgetItem(f"{a.name}  ({a.media_type}, {len(a.data):,} B)")
            self.attachment_list.addItem(item)
        self.tabs.setTabText(2, self.tr("Attachments ({n})").format(n=len(self._attachments)))
        if self._attachments:
            self.attachment_list.setCurrentRow(0)

    def _summary_html(self, rec: Record) -> str:
        rows = [
            _row(self.tr("Area"), domain_label(rec.domain.value)),
            _row(self.tr("Kind"), kind_label(rec.kind, current())),
            _row(self.tr("Start"), _when(rec.start, rec.date_only)),
            _row(self.tr("End"), _when(rec.end, rec.date_only)),
            _row(self.tr("Value"), format_value(rec) or None),
        ]
        if rec.code:
            display = code_name(rec.code_system, rec.code, rec.code_display, current())
            code = (
                f"{display} ({rec.code_system or ''} {rec.code})"
                if display
                else (f"{rec.code_system or ''} {rec.code}")
            )
            rows.append(_row(self.tr("Code"), code.strip()))
        rows.append(_row(self.tr("Notes"), rec.text))
        if series_days.is_day_row(rec):
            return self._day_html(rec, rows[:2])
        rows += self._reading_rows(rec)
        if rec.tags:
            rows.append(_row(self.tr("Tags"), ", ".join(rec.tags)))
        return f"<h2>{html.escape(rec.title)}</h2><table cellspacing='4'>" + "".join(r for r in rows if r) + "</table>"

    def _day_html(self, rec: Record, rows: list[str]) -> str:
        """A series' day: what measured, the day, and every sample of it (time in the source's zone, value)."""
        samples = series_days.day_samples(self.vault, rec, current()) if self.vault is not None else []
        rows += [
            _row(self.tr("Day"), str(rec.payload.get("day", ""))),
            _row(self.tr("Measured by"), str(rec.payload.get("source", ""))),
            _row(self.tr("Samples"), f"{int(rec.payload.get('samples', 0)):,}"),
        ]
        listing = "".join(
            f"<tr><td>{html.escape(when)}</td><td align='right'>{html.escape(value)}</td></tr>"
            for when, value in samples
        )
        more = ""
        if len(samples) >= series_days.DAY_SAMPLES_LIMIT:
            more = "<p>" + html.escape(self.tr("The first {n} samples are listed.").format(n=len(samples))) + "</p>"
        return (
            f"<h2>{html.escape(rec.title)}</h2><table cellspacing='4'>{''.join(rows)}</table>"
            f"<h3>{html.escape(self.tr('Samples of the day'))}</h3><table cellspacing='2'>{listing}</table>{more}"
        )

    def _reading_rows(self, rec: Record) -> list[str]:
        """The measurement as the wallet counts it (canonical unit, both numbers of a pair), and the same
        reading from other sources: nothing is deleted, the group is counted once."""
        if self.vault is None or rec.domain.value not in ("health", "fitness"):
            return []
        group = measurements.group_of(self.vault, rec.id, current())
        if not group:
            return []
        rows = [_row(self.tr("Reading"), group[0].text)]
        if len(group) > 1:
            others = "; ".join(f"{s.source}: {s.text}" for s in group)
            rows.append(
                _row(
                    self.tr("Same reading from"),
                    self.tr("{sources} (counted once, from {main})").format(sources=others, main=group[0].source),
                )
            )
        return rows

    def _provenance_html(self, rec: Record) -> str:
        p = rec.provenance
        rows = [
            _row(self.tr("Source"), source_label(rec, current())),
            _row(self.tr("Source file"), p.source_name),
            _row(self.tr("Connector"), f"{p.connector_id} {p.connector_version}"),
            _row(self.tr("Original id"), p.original_id),
            _row(self.tr("Imported"), p.imported_at.astimezone().strftime("%Y-%m-%d %H:%M") if p.imported_at else None),
            _row(self.tr("Source SHA-256"), p.source_sha256),
        ]
        out = "<table cellspacing='4'>" + "".join(r for r in rows if r) + "</table>"
        if p.verification:
            out += "<h3>" + html.escape(self.tr("Verification")) + "</h3><table cellspacing='4'>"
            for k, v in p.verification.items():
                out += _row(str(k), v if isinstance(v, str) else json.dumps(v, ensure_ascii=False, default=str))
            out += "</table>"
        if p.warnings:
            out += "<h3>" + html.escape(self.tr("Warnings")) + "</h3><ul>"
            out += "".join(f"<li>{html.escape(w)}</li>" for w in p.warnings)
            out += "</ul>"
        else:
            out += "<p>" + html.escape(self.tr("No warnings.")) + "</p>"
        return out

    # ------------------------------------------------------------ attachments
    def _preview(self, row: int) -> None:
        self.preview.clear()
        self.save_button.setEnabled(0 <= row < len(self._attachments))
        if not (0 <= row < len(self._attachments)):
            return
        att = self._attachments[row]
        if att.media_type in IMAGE_TYPES:
            pix = QPixmap()
            if pix.loadFromData(att.data) and not pix.isNull():
                width = max(200, self.preview.width() - 20)
                if pix.width() > width:
                    pix = pix.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
                self.preview.setPixmap(pix)
                return
            self.preview.setText(self.tr("This image cannot be shown."))
            return
        self.preview.setText(
            self.tr(
                '{type} cannot be previewed here. Use "Save attachment as..." to open it with another program.'
            ).format(type=att.media_type)
        )

    def current_attachment(self) -> Attachment | None:
        """The attachment selected in the list, or None."""
        row = self.attachment_list.currentRow()
        return self._attachments[row] if 0 <= row < len(self._attachments) else None

    def save_attachment(self) -> None:
        """Write the selected attachment to a file the user picks; recorded in the audit log."""
        att = self.current_attachment()
        if att is None or self.record is None or self.vault is None:
            return
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Save attachment"), str(Path.home() / att.name))
        if not target:
            return
        self.write_attachment(att, Path(target))

    def write_attachment(self, att: Attachment, target: Path) -> bool:
        """Write ``att`` to ``target`` (the save dialog has asked before replacing a file), audited."""
        if self.vault is None:
            return False
        try:
            write_out(
                self.vault,
                target,
                att.data,
                action="attachment.export",
                detail={"record": self.record.id if self.record else None, "media_type": att.media_type},
                overwrite=True,
            )
        except Exception as exc:  # a readable message, never a crash
            QMessageBox.warning(self, self.tr("Could not save"), readable_error(exc))
            return False
        return True

    def _copy_value(self) -> None:
        if self.record is not None and self.record.value is not None:
            self.copy_requested.emit(format_value(self.record))
