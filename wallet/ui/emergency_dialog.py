"""Tools > Emergency record...: see exactly what will be printed, leave items out, approve, print or save.

A printout is a disclosure, so the dialog is a consent step like sharing:
every item of the emergency record is listed with a tick box (ticked = printed),
the preview shows the page as it will come out, "Print..." and "Save PDF..."
are enabled only after "I have checked what will be printed" is ticked, and
Cancel (the default button, also Escape) writes nothing.  Printing or saving is
recorded in the audit log with counts only.

Preview: the exact PDF page, rasterised by poppler's ``pdftoppm`` through pipes
(no file is written) when it is installed.  PySide6-Essentials has no QtPdf, so
without ``pdftoppm`` the preview and the printout are drawn from the summary with
QPainter (same items, same QR code, simpler layout) and the dialog says so.
Printing uses ``QPrintPreviewDialog`` (QtPrintSupport is part of
PySide6-Essentials).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QRectF, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPageSize, QPainter, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.errors import WalletError
from wallet.features.emergency import printout
from wallet.features.emergency import qr as qrmod
from wallet.features.emergency.content import (
    PRINT_ORDER,
    SECTION_TITLE_KEYS,
    SINGLE_SECTIONS,
    EmergencySummary,
    empty_text,
    gather,
    left_out_text,
)
from wallet.features.emergency.labels import LANGS, Lang, both
from wallet.features.emergency.pdf import FORMATS, Format
from wallet.ui.fonts import hangul_family
from wallet.ui.pdf_render import render_pdf_page
from wallet.ui.workers import LatestRead, readable_error, run_task, with_reader

if TYPE_CHECKING:
    from PySide6.QtGui import QResizeEvent
    from PySide6.QtPrintSupport import QPrinter

    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

ROLE_ITEM = Qt.ItemDataRole.UserRole + 1
PREVIEW_DPI = 110
PRINT_DPI = 300


# ====================================================================== page images
def page_images(pdf: bytes, dpi: int) -> list[QImage] | None:
    """The PDF's first page as an image (see :mod:`wallet.ui.pdf_render`); None when it cannot be rendered."""
    image = render_pdf_page(pdf, 1, dpi=dpi, timeout=60)
    return None if image is None else [image]


def paint_summary(painter: QPainter, rect: QRectF, summary: EmergencySummary, lang: Lang, qr_text: str) -> None:
    """Draw the summary (text and the plain-text QR code) into ``rect``: the fallback without pdftoppm."""
    painter.save()
    painter.fillRect(rect, QColor("white"))
    painter.setPen(QColor("black"))
    unit = rect.width() / 210.0  # one millimetre of an A4 width
    margin = 14 * unit
    rows = qrmod.matrix(qrmod.plain_qr(qr_text))
    qr_size = max(45.0, min(64.0, len(rows) * 0.64)) * unit  # 0.64 mm modules, as on the PDF: reads at 150 dpi
    module = qr_size / len(rows)
    x0, y0 = rect.right() - margin - qr_size, rect.top() + margin
    for r, row in enumerate(rows):
        for c, dark in enumerate(row):
            if dark:
                painter.fillRect(QRectF(x0 + c * module, y0 + r * module, module, module), QColor("black"))

    def font(size_mm: float, bold: bool = False) -> QFont:
        f = QFont(hangul_family())
        f.setPixelSize(max(5, round(size_mm * unit)))
        f.setBold(bold)
        return f

    y = rect.top() + margin
    left = rect.left() + margin
    flags = int(Qt.TextFlag.TextWordWrap)

    def line(text: str, f: QFont, width: float, gap: float = 0.6) -> None:
        nonlocal y
        painter.setFont(f)
        box = painter.boundingRect(QRectF(left, y, width, rect.bottom() - y), flags, text)
        painter.drawText(box, flags, text)
        y = box.bottom() + gap * unit

    narrow = x0 - left - 4 * unit
    full = rect.width() - 2 * margin
    line(both("title", lang), font(6.5, True), narrow, 2)
    for section in PRINT_ORDER:
        width = narrow if y < y0 + qr_size + 2 * unit else full
        title = both(SECTION_TITLE_KEYS[section], lang)
        items = summary.section(section)
        big = section.value == "allergies"
        if section in SINGLE_SECTIONS:
            left_out = summary.left_out_of(section)
            value = items[0].value(lang) if items else empty_text(section, lang, left_out)
            line(f"{title}: {value}", font(4.2, section.value in {"name", "blood_type"}), width)
            continue
        line(title, font(5 if big else 4.2, True), width, 0.3)
        left_out = summary.left_out_of(section)
        if not items:
            line("    " + empty_text(section, lang, left_out), font(4), width)
        for item in items:
            line("  • " + item.describe(lang), font(5.5 if big else 3.8, big), width, 0.3)
        if items and left_out:
            line(f"    ({left_out_text(left_out, lang)})", font(4), width)
        y += 1.2 * unit
    line(f"{both('made_on', lang)}: {summary.made_on.isoformat()}", font(3.4), full)
    painter.restore()


# ====================================================================== dialog
class EmergencyDialog(QDialog):
    """Choose, check and approve the emergency record; then print it or save it as PDF."""

    def __init__(self, vault: Vault, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.summary: EmergencySummary | None = None
        self.prepared: printout.Prepared | None = None
        self.preview_images: list[QImage] | None = None
        self.done_output: str | None = None
        self.saved_path: Path | None = None
        """Where the approved PDF was written (set when the background write has finished)."""
        self.last_message: QMessageBox | None = None
        self._filling = False
        self._renders = LatestRead()  # preview renders: only the newest is shown
        self._gathers = LatestRead()  # reading the chosen person's record
        self._rendering = False
        self._saving = False  # the approved PDF is being written
        self._printing = False  # the page is being rasterised for the printer
        self._print_pages: tuple[printout.Prepared, int, list[QImage] | None] | None = None
        self._printer: QPrinter | None = None  # the printer of the print under way
        self.setWindowTitle(self.tr("Emergency record"))
        self.resize(1100, 760)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "A printed emergency record is a disclosure: anyone holding the paper can read it. "
                "Untick what should not be printed, check the preview, then approve."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        form = QFormLayout()
        self.person_box = QComboBox()
        for p in vault.persons():
            self.person_box.addItem(p.label + (self.tr(" (you)") if p.is_holder else ""), p.id)
        wanted = person_id or vault.holder().id
        self.person_box.setCurrentIndex(max(0, self.person_box.findData(wanted)))
        form.addRow(self.tr("Person"), self.person_box)
        self.lang_box = QComboBox()
        self.lang_box.addItem("한국어 + English", "ko")
        self.lang_box.addItem("English + 한국어", "en")
        form.addRow(self.tr("Languages"), self.lang_box)
        self.format_box = QComboBox()
        self.format_box.addItem(self.tr("A4 page"), "a4")
        self.format_box.addItem(self.tr("Letter page"), "letter")
        self.format_box.addItem(self.tr("Wallet card (fold-out, on an A4 sheet)"), "card")
        form.addRow(self.tr("Format"), self.format_box)
        self.shc_check = QCheckBox(
            self.tr("Add a SMART Health Card QR code, signed with your own key (self-issued, not by a clinic)")
        )
        form.addRow("", self.shc_check)
        layout.addLayout(form)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("What will be printed (untick to leave out)")])
        self.tree.itemChanged.connect(self._item_changed)
        split.addWidget(self.tree)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        self.preview_note = QLabel()
        self.preview_note.setWordWrap(True)
        right_layout.addWidget(self.preview_note)
        self.preview = QLabel()
        self.preview.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        self.preview_scroll = QScrollArea()
        self.preview_scroll.setWidget(self.preview)
        self.preview_scroll.setWidgetResizable(True)
        self._pixmap: QPixmap | None = None
        right_layout.addWidget(self.preview_scroll, 1)
        split.addWidget(right)
        split.setSizes([420, 680])
        layout.addWidget(split, 1)

        self.reviewed = QCheckBox(self.tr("I have checked what will be printed"))
        self.reviewed.toggled.connect(self._update_buttons)
        layout.addWidget(self.reviewed)
        buttons = QHBoxLayout()
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)  # no steps to count: a busy indicator
        self.busy.setTextVisible(False)
        self.busy.setMaximumWidth(160)
        self.busy.setAccessibleName(self.tr("Working..."))
        self.busy.hide()
        buttons.addWidget(self.busy)
        buttons.addStretch(1)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.cancel_button.setDefault(True)
        self.cancel_button.setAutoDefault(True)
        self.save_button = QPushButton(self.tr("Approve and save PDF..."))
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.choose_and_save)
        self.print_button = QPushButton(self.tr("Approve and print..."))
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_with_preview)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        layout.addLayout(buttons)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.rerender)
        self.person_box.currentIndexChanged.connect(self._person_changed)
        self.lang_box.currentIndexChanged.connect(self._lang_changed)
        self.format_box.currentIndexChanged.connect(self._options_changed)
        self.shc_check.toggled.connect(self._options_changed)
        self._person_changed()

    # ------------------------------------------------------------------ state
    @property
    def person_id(self) -> str:
        """The id of the person whose emergency record is being made."""
        return str(self.person_box.currentData())

    @property
    def lang(self) -> Lang:
        """The language the printout is written in (a language code)."""
        return LANGS[LANGS.index(self.lang_box.currentData())]

    @property
    def fmt(self) -> Format:
        """The printout's format: ``a4``, ``letter`` or ``card``."""
        return FORMATS[FORMATS.index(self.format_box.currentData())]

    def _children(self) -> list[QTreeWidgetItem]:
        out: list[QTreeWidgetItem] = []
        for i in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(i)
            if section is None:
                continue
            for j in range(section.childCount()):
                child = section.child(j)
                if child is not None and child.data(0, ROLE_ITEM):
                    out.append(child)
        return out

    def excluded_ids(self) -> list[str]:
        """The items the person unticked: they are left out of the printout."""
        return [str(c.data(0, ROLE_ITEM)) for c in self._children() if c.checkState(0) != Qt.CheckState.Checked]

    def item_widget(self, item_id: str) -> QTreeWidgetItem | None:
        """The tree row for the item ``item_id``, or None when it is not listed."""
        return next((c for c in self._children() if c.data(0, ROLE_ITEM) == item_id), None)

    def _update_buttons(self) -> None:
        ok = self.reviewed.isChecked() and self.prepared is not None and not (self._saving or self._printing)
        self.save_button.setEnabled(ok)
        self.print_button.setEnabled(ok)

    def _show_busy(self) -> None:
        """The busy bar while a render or a write runs; while writing, nothing that would change it."""
        output = self._saving or self._printing
        self.busy.setVisible(self._rendering or output)
        controls = (self.tree, self.reviewed, self.person_box, self.lang_box, self.format_box, self.shc_check)
        for widget in controls:
            widget.setEnabled(not output)
        self.cancel_button.setEnabled(not self._saving)
        self._update_buttons()

    def _invalidate(self) -> None:
        """Any change means the person has to check the new preview again."""
        self._renders.supersede()  # a render under way shows what was ticked before: drop it
        self.prepared = None
        self.reviewed.setChecked(False)
        self._update_buttons()
        self._timer.start()

    def _person_changed(self, *_args: object) -> None:
        """Read the chosen person's emergency record in the background; the list fills when it is read."""
        person_id = self.person_id
        self.summary = None
        self.tree.clear()
        self._invalidate()
        self._rendering = True
        self._show_busy()
        self._gathers.start(
            self.vault, lambda reader: gather(reader, person_id), on_done=self._gathered, on_error=self._render_failed
        )

    def _gathered(self, summary: EmergencySummary) -> None:
        self.summary = summary
        self._fill_tree()
        self._invalidate()  # renders the preview (still busy until then)

    def _lang_changed(self, *_args: object) -> None:
        """Relabel the list in the new language, keeping what was unticked."""
        if self.summary is None:
            return  # still being read: the list fills in the new language
        left_out = set(self.excluded_ids())
        self._fill_tree()
        for item_id in left_out:
            widget = self.item_widget(item_id)
            if widget is not None:
                self._filling = True
                widget.setCheckState(0, Qt.CheckState.Unchecked)
                self._filling = False
        self._invalidate()

    def _options_changed(self, *_args: object) -> None:
        self._invalidate()

    def _item_changed(self, _item: QTreeWidgetItem, _column: int) -> None:
        if not self._filling:
            self._invalidate()

    def _fill_tree(self) -> None:
        assert self.summary is not None
        self._filling = True
        self.tree.clear()
        lang = self.lang
        bold = QFont()
        bold.setBold(True)
        for section in PRINT_ORDER:
            title = both(SECTION_TITLE_KEYS[section], lang)
            head = QTreeWidgetItem([title])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            items = self.summary.section(section)
            if not items:
                empty = QTreeWidgetItem([empty_text(section, lang)])
                empty.setFlags(Qt.ItemFlag.ItemIsEnabled)
                head.addChild(empty)
            for item in items:
                label = item.describe(lang) if section not in SINGLE_SECTIONS else item.value(lang)
                if item.source == "manual":
                    label += "  " + self.tr("(entered by you)")
                child = QTreeWidgetItem([label])
                child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                child.setCheckState(0, Qt.CheckState.Checked)
                child.setData(0, ROLE_ITEM, item.id)
                child.setToolTip(0, label)
                head.addChild(child)
            head.setExpanded(True)
        self._filling = False

    # ------------------------------------------------------------------ rendering
    def rerender(self) -> None:
        """Render what is ticked now in the background (PDF, SHC signature, page image); show it when done."""
        self._timer.stop()
        if self.summary is None:
            return
        summary, person_id, exclude = self.summary, self.person_id, self.excluded_ids()
        lang, fmt, with_shc = self.lang, self.fmt, self.shc_check.isChecked()

        def render(reader: Vault) -> tuple[printout.Prepared, list[QImage] | None]:
            prepared = printout.prepare(
                reader,
                person_id,
                summary=summary,
                exclude=exclude,
                lang=lang,
                fmt=fmt,
                with_shc=with_shc,
            )
            return prepared, page_images(prepared.pdf, PREVIEW_DPI)

        self.prepared = None
        self._rendering = True
        self._show_busy()
        self._renders.start(self.vault, render, on_done=self._rendered, on_error=self._render_failed)

    def _render_failed(self, exc: BaseException) -> None:
        self._rendering = False
        self.prepared = None
        self._show_busy()
        self._error(self.tr("Emergency record"), readable_error(exc))

    def _rendered(self, result: tuple[printout.Prepared, list[QImage] | None]) -> None:
        """Show a finished render (on the GUI thread: QPixmap and the fallback drawing live here)."""
        self._rendering = False
        self.prepared, self.preview_images = result
        notes = list(self.prepared.notes)
        if self.preview_images:
            pixmap = QPixmap.fromImage(self.preview_images[0])
            self.preview_note.setText(self.tr("Preview of the page as it will be printed.") + self._notes(notes))
        else:
            image = QImage(int(8.27 * PREVIEW_DPI), int(11.69 * PREVIEW_DPI), QImage.Format.Format_RGB32)
            painter = QPainter(image)
            paint_summary(
                painter, QRectF(image.rect()), self.prepared.summary, self.lang, self.prepared.rendered.plain_text
            )
            painter.end()
            pixmap = QPixmap.fromImage(image)
            self.preview_note.setText(
                self.tr(
                    "Simplified preview drawn from the summary: this computer has no PDF renderer (pdftoppm). "
                    "It shows the same items and QR code; the saved PDF has the full bilingual layout, and "
                    "printing from here prints this simplified page."
                )
                + self._notes(notes)
            )
        self._pixmap = pixmap
        self._show_pixmap()
        self._show_busy()

    def _show_pixmap(self) -> None:
        """The page scaled to the width of the preview pane (scroll down for the rest)."""
        if self._pixmap is None:
            return
        width = max(200, self.preview_scroll.viewport().width() - 8)
        self.preview.setPixmap(self._pixmap.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation))

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._show_pixmap()

    @staticmethod
    def _notes(notes: list[str]) -> str:
        return "".join(f"\n{n}" for n in notes)

    # ------------------------------------------------------------------ output
    def _ready(self) -> printout.Prepared | None:
        if self.prepared is None or not self.reviewed.isChecked():
            return None
        return self.prepared

    def save_to(self, path: Path) -> bool:
        """Write the approved PDF in the background and audit it; the dialog closes when it is written.

        False, and nothing is written, unless the person ticked "I have checked".
        """
        prepared = self._ready()
        if prepared is None or self._saving or self._printing:
            return False
        self._saving = True
        self._show_busy()
        run_task(
            with_reader(self.vault, lambda reader: printout.export(reader, prepared, path)),
            on_done=self._saved,
            on_error=self._save_failed,
        )
        return True

    def _saved(self, written: Path) -> None:
        self._saving = False
        self._show_busy()
        self.saved_path = written
        self.done_output = "pdf"
        self.accept()

    def _save_failed(self, exc: BaseException) -> None:
        self._saving = False
        self._show_busy()
        self._error(self.tr("Emergency record"), readable_error(exc))

    def choose_and_save(self) -> None:
        """Ask where to save the approved printout as a PDF, then write it."""
        if self._ready() is None:
            return
        name = "emergency-record.pdf" if self.fmt != "card" else "emergency-card.pdf"
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save the emergency record"), name, "PDF (*.pdf)")
        if not path:
            return
        self.save_to(Path(path))  # closes the dialog when written

    def configure_printer(self, printer: QPrinter) -> None:
        """Set the printer to the chosen paper size, borderless, so the page prints as previewed."""
        size = QPageSize.PageSizeId.Letter if self.fmt == "letter" else QPageSize.PageSizeId.A4
        printer.setPageLayout(QPageLayout(QPageSize(size), QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0)))
        printer.setFullPage(True)

    def paint(self, printer: QPrinter) -> None:
        """Paint the approved page onto a printer (the print preview calls this too)."""
        prepared = self.prepared
        if prepared is None:
            return
        painter = QPainter(printer)
        try:
            target = QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            self.paint_page(painter, target, self._printer_dpi(printer))
        finally:
            painter.end()

    def paint_page(self, painter: QPainter, target: QRectF, dpi: int) -> None:
        """The approved page into ``target``: the PDF rasterised at ``dpi``, or the simplified drawing."""
        prepared = self.prepared
        if prepared is None:
            return
        cached = self._print_pages
        if cached is not None and cached[0] is prepared and cached[1] == dpi:
            images = cached[2]  # rendered in the background before the print preview opened
        else:
            images = page_images(prepared.pdf, dpi)
        if images:
            painter.drawImage(target, images[0])
        else:
            paint_summary(painter, target, prepared.summary, self.lang, prepared.rendered.plain_text)

    @staticmethod
    def _printer_dpi(printer: QPrinter) -> int:
        return int(min(PRINT_DPI, max(72, printer.resolution())))

    def print_with_preview(self) -> None:
        """Rasterise the page at the printer's resolution in the background, then open the print preview."""
        prepared = self._ready()
        if prepared is None or self._saving or self._printing:
            return
        from PySide6.QtPrintSupport import QPrinter

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.configure_printer(printer)
        dpi = self._printer_dpi(printer)
        self._printer = printer
        self._printing = True
        self._show_busy()
        run_task(
            lambda: (prepared, dpi, page_images(prepared.pdf, dpi)),
            on_done=self._print_pages_ready,
            on_error=self._print_failed,
        )

    def _print_failed(self, exc: BaseException) -> None:
        self._printing = False
        self._show_busy()
        self._error(self.tr("Emergency record"), readable_error(exc))

    def _print_pages_ready(self, pages: tuple[printout.Prepared, int, list[QImage] | None]) -> None:
        from PySide6.QtPrintSupport import QPrintPreviewDialog

        self._printing = False
        self._show_busy()
        if pages[0] is not self.prepared or not self.isVisible():
            return  # changed meanwhile (check the new preview first), or cancelled
        self._print_pages = pages
        printer = self._printer
        if printer is None:
            return
        dialog = QPrintPreviewDialog(printer, self)
        dialog.paintRequested.connect(self.paint)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.record_printed()
            self.accept()

    def record_printed(self) -> None:
        """Note in the audit log that the approved record went to a printer."""
        if self.prepared is not None:
            printout.record_printed(self.vault, self.prepared)
            self.done_output = "printer"

    def reject(self) -> None:
        """Cancel (also Escape, and locking the vault), writing nothing.

        While the approved PDF is being written the window only hides: the write completes
        and is audited as a disclosure, and the dialog is then accepted.
        """
        if self._saving:
            self.hide()
            return
        self._renders.supersede()
        if self.done_output is None:
            with contextlib.suppress(WalletError):
                printout.record_cancelled(self.vault, self.prepared, "app")
        super().reject()

    def _error(self, title: str, message: str) -> None:
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_message = box


def open_emergency_dialog(main_window: MainWindow) -> EmergencyDialog | None:
    """Tools > Emergency record...: for the person chosen in the main window."""
    vault = main_window.vault
    if vault is None:
        return None
    dialog = EmergencyDialog(vault, main_window.current_person_id(), main_window)
    dialog.open()
    main_window.last_dialog = dialog
    return dialog


__all__ = ["EmergencyDialog", "open_emergency_dialog", "page_images", "paint_summary"]
