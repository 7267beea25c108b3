"""One summary for a batch of imported files, and what the wallet can read when a file is not recognised.

Importing twenty files used to mean twenty message boxes.  :class:`ImportSummaryDialog` shows one
window for the batch: per file what was added, what was already in the vault, what was skipped
(each skipped item with its reason, under the file), how many records carry validation warnings,
and the files that could not be imported with the reason.  :func:`importable_text` lists the
sources the installed connectors read and how to get one's data out of the common ones (the same
list as the Home's first-run page), for the message about a file no connector recognises, and names
the full "how to download your data" page in the app's language (:func:`download_page`, shipped in
``resources/docs/``; the same pages as ``docs/download-your-data*.md``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.model import ImportReport
from wallet.resources import resource_path
from wallet.ui.i18n import current as current_language


@dataclass(frozen=True)
class Outcome:
    """What happened to one file of a batch: its report, or why it was not imported."""

    name: str
    report: ImportReport | None = None
    error: str | None = None


def how_to() -> list[tuple[str, str]]:
    """Where to get one's data out of, one line each: (source, what to tap where)."""
    # literal calls, so that lupdate finds each string under the context it is looked up in
    return [
        (
            QCoreApplication.translate("HowTo", "Apple Health"),
            QCoreApplication.translate(
                "HowTo",
                "On the iPhone: Health app › your picture (top right) › Export All Health Data; "
                "bring export.zip to this computer and drop it here.",
            ),
        ),
        (
            QCoreApplication.translate("HowTo", "Samsung Health"),
            QCoreApplication.translate(
                "HowTo",
                "In Samsung Health: Settings › Download personal data; bring the folder (or a zip of it) to this "
                "computer and drop it here.",
            ),
        ),
        (
            QCoreApplication.translate("HowTo", "Fitbit, Google Fit"),
            QCoreApplication.translate(
                "HowTo", "takeout.google.com › Deselect all › tick Fitbit or Fit › Create export; drop the .zip here."
            ),
        ),
        (
            QCoreApplication.translate("HowTo", "Your bank or card"),
            QCoreApplication.translate(
                "HowTo",
                "Online banking › account history (거래내역 조회) › download as OFX/QFX, Excel or CSV; "
                "drop the file here.",
            ),
        ),
        (
            QCoreApplication.translate("HowTo", "나의건강기록 (My Health Records)"),
            QCoreApplication.translate(
                "HowTo",
                "In the app, open a record and save or share it as a PDF; drop the PDF here (kept as a document).",
            ),
        ),
        (
            QCoreApplication.translate("HowTo", "A hospital"),
            QCoreApplication.translate(
                "HowTo",
                "Ask for your records as FHIR (JSON), a SMART Health Card or PDFs (the patient portal or the "
                "records office); drop the files here.",
            ),
        ),
        (
            QCoreApplication.translate("HowTo", "Energy"),
            QCoreApplication.translate(
                "HowTo", "Your utility's website › Green Button › Download My Data (XML); drop the file here."
            ),
        ),
    ]


def importable_text() -> str:
    """What the installed connectors read (one line each), then where to get the common exports."""
    from wallet.imports import registry

    lines = [QCoreApplication.translate("ImportSummary", "MyData Wallet reads:")]
    for cls in sorted(registry.connectors().values(), key=lambda c: c.name.casefold()):
        lines.append(f"• {cls.name}: {cls.accepts}")
    lines.append("")
    lines.append(QCoreApplication.translate("ImportSummary", "How to get your data out:"))
    lines.extend(f"• {source}: {what}" for source, what in how_to())
    lines.append("")
    lines.append(
        QCoreApplication.translate(
            "ImportSummary", "Step by step for every source (menu paths, which file, how long it takes): {path}"
        ).format(path=str(download_page()))
    )
    return "\n".join(lines)


def download_page(lang: str | None = None) -> Path:
    """The "how to download your data" page in ``lang`` (default: the app's language), as shipped in resources/docs/."""
    name = "download-your-data.ko.md" if (lang or current_language()) == "ko" else "download-your-data.md"
    return resource_path("docs", name)


class ImportSummaryDialog(QDialog):
    """The outcome of every file of a batch in one window; a file's skipped items open under it."""

    def __init__(self, outcomes: list[Outcome], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.outcomes = outcomes
        self.setWindowTitle(self.tr("Import finished"))
        added = sum(o.report.added for o in outcomes if o.report is not None)
        dups = sum(o.report.duplicates for o in outcomes if o.report is not None)
        failed = sum(1 for o in outcomes if o.report is None)
        self.heading = QLabel(
            self.tr("{files} files: {added} records added, {dups} already in the vault, {failed} not imported.").format(
                files=len(outcomes), added=f"{added:,}", dups=f"{dups:,}", failed=failed
            )
        )
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName(self.tr("Files imported"))
        self.tree.setHeaderLabels(
            [self.tr("File"), self.tr("Added"), self.tr("Already in the vault"), self.tr("Skipped"), self.tr("Result")]
        )
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        for o in outcomes:
            self.tree.addTopLevelItem(self._item(o))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.resize(820, 420)

    def _item(self, o: Outcome) -> QTreeWidgetItem:
        r = o.report
        if r is None:
            item = QTreeWidgetItem([o.name, "", "", "", self.tr("Not imported: {reason}").format(reason=o.error or "")])
            item.setToolTip(4, o.error or "")
            return item
        notes = []
        if r.people:
            notes.append(self.tr("People: {notes}.").format(notes="; ".join(r.people)))
        if r.warnings:
            notes.append(
                self.tr(
                    "{n} records with validation warnings (open one in the Timeline: Details › Provenance)."
                ).format(n=r.warnings)
            )
        if r.cancelled:
            notes.append(self.tr("Cancelled: what was imported before stopping is kept."))
        result = " ".join(notes) or self.tr("Imported")
        item = QTreeWidgetItem([o.name, f"{r.added:,}", f"{r.duplicates:,}", f"{len(r.skipped):,}", result])
        item.setToolTip(4, result)
        for col in (1, 2, 3):
            item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for s in r.skipped:
            child = QTreeWidgetItem([s.where, "", "", "", s.reason])
            child.setToolTip(4, s.reason)
            item.addChild(child)
        return item


__all__ = ["ImportSummaryDialog", "Outcome", "download_page", "how_to", "importable_text"]
