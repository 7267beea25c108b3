"""Documents: a list with thumbnails, a preview, editable metadata, links, add and export.

Opened from *View > Documents...* (``open_documents_view(main_window)``).  Every
document is a record of kind ``document`` whose attachment is the exact file
(see :mod:`wallet.features.documents`).  Thumbnails and previews are made in memory, off
the GUI thread: PNG and JPEG through ``QImage``, PDF pages rasterised by
poppler's ``pdftoppm`` through pipes (stdin/stdout; no file is written), HEIC
(and anything that cannot be drawn) as a generic icon.  Metadata edits, links
and exports go through :mod:`wallet.features.documents` (edits and exports are audited).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
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
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wallet.features import documents as docs
from wallet.model import Record
from wallet.ui import whose, workers
from wallet.ui.pdf_render import render_pdf_page
from wallet.ui.views import embed_view

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

THUMB_PX = 96
PREVIEW_DPI = 90
PREVIEW_PAGES = 2
ROLE_ID = Qt.ItemDataRole.UserRole + 1


# ----------------------------------------------------------------- rendering (any thread)
def _is_image(media_type: str) -> bool:
    return media_type in ("image/png", "image/jpeg")


def _is_pdf(media_type: str) -> bool:
    return media_type == "application/pdf"


def thumbnail(data: bytes, media_type: str, size: int = THUMB_PX) -> QImage | None:
    """A small image of a document (first page of a PDF), or None: the caller shows a generic icon."""
    image: QImage | None = None
    if _is_image(media_type):
        image = QImage()
        if not image.loadFromData(data) or image.isNull():
            return None
    elif _is_pdf(media_type):
        image = render_pdf_page(data, 1, scale_to=size)
    if image is None or image.isNull():
        return None
    return image.scaled(size, size, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)


def preview_images(data: bytes, media_type: str, pages: int = PREVIEW_PAGES) -> list[QImage]:
    """The image, or the first ``pages`` pages of a PDF; empty when nothing can be drawn."""
    if _is_image(media_type):
        image = QImage()
        return [image] if image.loadFromData(data) and not image.isNull() else []
    if _is_pdf(media_type):
        out: list[QImage] = []
        for page in range(1, pages + 1):
            img = render_pdf_page(data, page, dpi=PREVIEW_DPI)
            if img is None:
                break
            out.append(img)
        return out
    return []


def _load_list(reader: Vault, person_id: str | None) -> list[tuple[Record, QImage | None]]:
    out: list[tuple[Record, QImage | None]] = []
    for rec in docs.documents(reader, person_id=person_id):
        atts = reader.attachments(rec.id)
        image = thumbnail(atts[0].data, atts[0].media_type) if atts else None
        out.append((rec, image))
    return out


def _load_preview(reader: Vault, record_id: str) -> tuple[str, Record, list[QImage], list[Record]]:
    rec = reader.get(record_id)
    images = preview_images(rec.attachments[0].data, rec.attachments[0].media_type) if rec.attachments else []
    return record_id, rec, images, docs.linked(reader, record_id)


# ----------------------------------------------------------------- the view
class DocumentsView(QDialog):
    """Documents of the current person: list, preview, metadata, links."""

    def __init__(self, main_window: MainWindow) -> None:
        super().__init__(main_window)
        self.main_window = main_window
        self.setWindowTitle(self.tr("Documents"))
        self.setAccessibleName(self.tr("Documents"))
        self.resize(1180, 760)
        self.current: Record | None = None
        self.exported: Path | None = None
        """The file the last export wrote (set when the background write has finished)."""
        self.linked_records: list[Record] = []
        self.loading = False
        self.preview_loading = False
        self._list_reads = workers.LatestRead()
        self._preview_reads = workers.LatestRead()
        self._search_reads = workers.LatestRead()
        self.thumbnails: dict[str, QImage | None] = {}
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(250)
        self.search_timer.timeout.connect(self.run_link_search)

        outer = QVBoxLayout(self)
        self.whose = whose.whose_label()  # whose documents these are
        outer.addWidget(self.whose)
        bar = QHBoxLayout()
        self.add_button = QPushButton(self.tr("Add document..."))
        self.add_button.setAccessibleName(self.tr("Add document"))
        self.add_button.clicked.connect(self.add_documents)
        self.export_button = QPushButton(self.tr("Export..."))
        self.export_button.setAccessibleName(self.tr("Export the document"))
        self.export_button.setToolTip(self.tr("Write an unencrypted copy of the file (recorded in the audit log)"))
        self.export_button.clicked.connect(self.export_current)
        self.refresh_button = QPushButton(self.tr("Refresh"))
        self.refresh_button.setAccessibleName(self.tr("Refresh the documents"))
        self.refresh_button.clicked.connect(self.reload)
        self.status = QLabel()
        self.status.setAccessibleName(self.tr("Documents status"))
        for w in (self.add_button, self.export_button, self.refresh_button):
            bar.addWidget(w)
        bar.addWidget(self.status, 1)
        outer.addLayout(bar)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Document list"))
        self.list.setIconSize(QSize(THUMB_PX, THUMB_PX))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setWordWrap(True)
        self.list.setSpacing(2)
        self.list.currentItemChanged.connect(self._selected)
        splitter.addWidget(self.list)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName(self.tr("Document preview"))
        self.preview_area = QScrollArea()
        self.preview_area.setWidgetResizable(True)
        self.preview_widget = QWidget()
        self.preview_layout = QVBoxLayout(self.preview_widget)
        self.preview_layout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        self.preview_area.setWidget(self.preview_widget)
        self.preview_area.setAccessibleName(self.tr("Pages"))
        self.tabs.addTab(self.preview_area, self.tr("Preview"))
        self.text_view = QPlainTextEdit()
        self.text_view.setReadOnly(True)
        self.text_view.setAccessibleName(self.tr("Extracted text"))
        self.tabs.addTab(self.text_view, self.tr("Text"))
        splitter.addWidget(self.tabs)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        meta = QGroupBox(self.tr("Details"))
        form = QFormLayout(meta)
        self.type_box = QComboBox()
        self.type_box.setAccessibleName(self.tr("Document type"))
        for doc_type in docs.DOC_TYPES:
            self.type_box.addItem(self._type_label(doc_type), doc_type)
        self.issuer_edit = QLineEdit()
        self.issuer_edit.setAccessibleName(self.tr("Issuer"))
        self.date_edit = QLineEdit()
        self.date_edit.setPlaceholderText(self.tr("YYYY-MM-DD"))
        self.date_edit.setAccessibleName(self.tr("Document date"))
        self.amount_edit = QLineEdit()
        self.amount_edit.setAccessibleName(self.tr("Amount"))
        self.currency_edit = QLineEdit()
        self.currency_edit.setPlaceholderText(self.tr("e.g. KRW, USD"))
        self.currency_edit.setAccessibleName(self.tr("Currency"))
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(self.tr("comma-separated"))
        self.tags_edit.setAccessibleName(self.tr("Tags"))
        form.addRow(self.tr("Type:"), self.type_box)
        form.addRow(self.tr("Issuer:"), self.issuer_edit)
        form.addRow(self.tr("Date:"), self.date_edit)
        form.addRow(self.tr("Amount:"), self.amount_edit)
        form.addRow(self.tr("Currency:"), self.currency_edit)
        form.addRow(self.tr("Tags:"), self.tags_edit)
        self.file_label = QLabel()
        self.file_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.file_label.setAccessibleName(self.tr("File"))
        form.addRow(self.tr("File:"), self.file_label)
        self.save_button = QPushButton(self.tr("Save details"))
        self.save_button.setAccessibleName(self.tr("Save details"))
        self.save_button.clicked.connect(self.save_metadata)
        form.addRow(self.save_button)
        side_layout.addWidget(meta)

        links = QGroupBox(self.tr("Linked records"))
        links_layout = QVBoxLayout(links)
        self.links_list = QListWidget()
        self.links_list.setAccessibleName(self.tr("Linked records"))
        self.links_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        links_layout.addWidget(self.links_list)
        self.unlink_button = QPushButton(self.tr("Unlink"))
        self.unlink_button.setAccessibleName(self.tr("Unlink the selected record"))
        self.unlink_button.clicked.connect(self.unlink_selected)
        links_layout.addWidget(self.unlink_button)
        self.link_search = QLineEdit()
        self.link_search.setPlaceholderText(self.tr("Search records to link"))
        self.link_search.setAccessibleName(self.tr("Search records to link"))
        self.link_search.setClearButtonEnabled(True)
        self.link_search.textChanged.connect(lambda _t: self.search_timer.start())
        links_layout.addWidget(self.link_search)
        self.results_list = QListWidget()
        self.results_list.setAccessibleName(self.tr("Records found"))
        self.results_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        links_layout.addWidget(self.results_list)
        self.link_button = QPushButton(self.tr("Link"))
        self.link_button.setAccessibleName(self.tr("Link the selected record"))
        self.link_button.clicked.connect(self.link_selected)
        links_layout.addWidget(self.link_button)
        side_layout.addWidget(links, 1)
        splitter.addWidget(side)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 4)
        splitter.setStretchFactor(2, 3)
        splitter.setSizes([300, 520, 360])
        outer.addWidget(splitter, 1)

        self.main_window.imports.idle.connect(self.reload)
        self.main_window.locked.connect(self.close)  # nothing of the vault stays on screen
        self._show_document(None)
        self.reload()

    # ---------------------------------------------------------------- helpers
    def _type_label(self, doc_type: str) -> str:
        labels = {
            "receipt": self.tr("Receipt"),
            "medical_bill": self.tr("Medical bill"),
            "prescription": self.tr("Prescription"),
            "certificate": self.tr("Certificate"),
            "tax_document": self.tr("Tax document"),
            "business_registration": self.tr("Business registration"),
            "contract": self.tr("Contract"),
            "other": self.tr("Other document"),
        }
        return labels.get(doc_type, doc_type)

    def _vault(self) -> Vault | None:
        return self.main_window.vault

    def _generic_icon(self) -> QIcon:
        return self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)

    def _record_line(self, rec: Record) -> str:
        when = rec.start.date().isoformat() if rec.start else self.tr("no date")
        return f"{rec.title or rec.kind}\n{when}"

    def page_escape(self) -> None:
        """Esc on the Documents page (wallet.ui.views.make_page): clears the search for records to link, if any;
        the page stays."""
        if self.link_search.text():
            self.link_search.clear()
            self.link_search.setFocus()

    # ---------------------------------------------------------------- list
    def reload(self) -> None:
        """Read the document list again off the GUI thread (only the chosen person's when there are several)."""
        vault = self._vault()
        if vault is None:
            return
        self.loading = True
        self.status.setText(self.tr("Reading documents..."))
        person = self.main_window.current_person_id() if len(vault.persons()) > 1 else None
        self.whose.setText(whose.showing_text(self.main_window.current_person()))
        self._list_reads.start(vault, lambda r: _load_list(r, person), on_done=self._listed, on_error=self._failed)

    def _listed(self, items: list[tuple[Record, QImage | None]]) -> None:
        keep = self.current.id if self.current is not None else None
        self.list.blockSignals(True)
        self.list.clear()
        self.thumbnails = {}
        select_row = -1
        for row, (rec, image) in enumerate(items):
            self.thumbnails[rec.id] = image
            icon = QIcon(QPixmap.fromImage(image)) if image is not None else self._generic_icon()
            item = QListWidgetItem(icon, self._record_line(rec))
            item.setData(ROLE_ID, rec.id)
            item.setToolTip(rec.title or "")
            self.list.addItem(item)
            if rec.id == keep:
                select_row = row
        self.list.blockSignals(False)
        self.loading = False
        self.status.setText(self.tr("{n} documents").format(n=len(items)))
        if select_row >= 0:
            self.list.setCurrentRow(select_row)
        elif items:
            self.list.setCurrentRow(0)
        else:
            self._show_document(None)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.preview_loading = False
        self.status.setText(self.tr("Something went wrong: {error}").format(error=workers.readable_error(exc)))

    def select_document(self, record_id: str) -> None:
        """Select the document with ``record_id`` in the list; nothing happens when it is not listed."""
        for row in range(self.list.count()):
            if self.list.item(row).data(ROLE_ID) == record_id:
                self.list.setCurrentRow(row)
                return

    # ---------------------------------------------------------------- preview
    def _selected(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None = None) -> None:
        vault = self._vault()
        if item is None or vault is None:
            self._show_document(None)
            return
        record_id = str(item.data(ROLE_ID))
        self.preview_loading = True
        self._preview_reads.start(
            vault, lambda r: _load_preview(r, record_id), on_done=self._previewed, on_error=self._failed
        )

    def _previewed(self, result: tuple[str, Record, list[QImage], list[Record]]) -> None:
        _rid, rec, images, linked = result
        self.preview_loading = False
        self._show_document(rec, images, linked)

    def _clear_preview(self) -> None:
        while self.preview_layout.count():
            child = self.preview_layout.takeAt(0)
            widget = child.widget() if child is not None else None
            if widget is not None:
                widget.deleteLater()

    def _show_document(
        self, rec: Record | None, images: list[QImage] | None = None, linked: list[Record] | None = None
    ) -> None:
        self.current = rec
        self._clear_preview()
        has = rec is not None
        for w in (
            self.save_button,
            self.export_button,
            self.link_button,
            self.unlink_button,
            self.type_box,
            self.issuer_edit,
            self.date_edit,
            self.amount_edit,
            self.currency_edit,
            self.tags_edit,
            self.link_search,
        ):
            w.setEnabled(has)
        self.page_labels: list[QLabel] = []
        if rec is None:
            self.text_view.setPlainText("")
            self.file_label.setText("")
            for e in (self.issuer_edit, self.date_edit, self.amount_edit, self.currency_edit, self.tags_edit):
                e.clear()
            self.links_list.clear()
            self.linked_records = []
            return
        p = rec.payload
        if images:
            bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent)
            width = max(200, self.preview_area.width() - bar - 32)
            for n, image in enumerate(images, start=1):
                label = QLabel()
                shown = image.scaledToWidth(min(width, image.width()), Qt.TransformationMode.SmoothTransformation)
                label.setPixmap(QPixmap.fromImage(shown))
                label.setAccessibleName(self.tr("Page {n}").format(n=n))
                self.preview_layout.addWidget(label)
                self.page_labels.append(label)
        else:
            media = rec.attachments[0].media_type if rec.attachments else ""
            if media.startswith("image/heic") or media == "image/heif":
                why = self.tr("HEIC images are stored but not shown here. Export the file to open it.")
            elif _is_pdf(media):
                why = self.tr(
                    "This PDF cannot be shown here (pdftoppm from poppler is needed, or the file is damaged)."
                )
            else:
                why = self.tr("No preview for this file.")
            icon = QLabel()
            icon.setPixmap(self._generic_icon().pixmap(64, 64))
            note = QLabel(why)
            note.setWordWrap(True)
            self.preview_layout.addWidget(icon, 0, Qt.AlignmentFlag.AlignHCenter)
            self.preview_layout.addWidget(note)
        no_text = self.tr("(no text was extracted from this document)")
        if rec.provenance.warnings:  # why not: a scan without Tesseract says what OCR needs
            no_text += "\n\n" + "\n".join(rec.provenance.warnings)
        self.text_view.setPlainText(rec.text or no_text)
        index = self.type_box.findData(p.get("doc_type") or "other")
        self.type_box.setCurrentIndex(max(0, index))
        self.issuer_edit.setText(p.get("issuer") or "")
        self.date_edit.setText(p.get("date") or "")
        self.amount_edit.setText(str(p.get("amount") or ""))
        self.currency_edit.setText(p.get("currency") or "")
        self.tags_edit.setText(", ".join(p.get("tags") or []))
        guessed = p.get("guessed") or []
        for key, edit in (
            ("issuer", self.issuer_edit),
            ("date", self.date_edit),
            ("amount", self.amount_edit),
            ("currency", self.currency_edit),
        ):
            edit.setToolTip(self.tr("Guessed from the document: check it") if key in guessed else "")
        if rec.attachments:
            att = rec.attachments[0]
            info = self.tr("{name} ({media}, {kb} KB)").format(
                name=att.name, media=att.media_type, kb=max(1, len(att.data) // 1024)
            )
            self.file_label.setText(info)
            self.file_label.setToolTip(info)
        self._show_links(linked or [])

    def _show_links(self, linked: list[Record]) -> None:
        self.linked_records = linked
        self.links_list.clear()
        for other in linked:
            item = QListWidgetItem(self._link_line(other))
            item.setToolTip(self._link_line(other))
            item.setData(ROLE_ID, other.id)
            self.links_list.addItem(item)

    def _link_line(self, rec: Record) -> str:
        when = rec.start.date().isoformat() if rec.start else "-"
        return f"{when}  {rec.title or rec.kind}  ({rec.kind})"

    # ---------------------------------------------------------------- edits
    def metadata_fields(self) -> dict[str, Any]:
        """The details as typed in the form, empty ones as None, as ``docs.update_metadata`` takes them."""
        return {
            "doc_type": self.type_box.currentData(),
            "issuer": self.issuer_edit.text().strip() or None,
            "date": self.date_edit.text().strip() or None,
            "amount": self.amount_edit.text().strip() or None,
            "currency": self.currency_edit.text().strip() or None,
            "tags": self.tags_edit.text(),
        }

    def save_metadata(self) -> bool:
        """Save the form's details for the shown document; False (with a message) when nothing was saved."""
        vault = self._vault()
        if vault is None or self.current is None:
            return False
        try:
            rec = docs.update_metadata(vault, self.current.id, **self.metadata_fields())
        except Exception as exc:
            self.main_window.show_error(self.tr("Details not saved"), workers.readable_error(exc))
            return False
        self.current = rec
        self.status.setText(self.tr("Saved."))
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item.data(ROLE_ID) == rec.id:
                item.setText(self._record_line(rec))
                item.setToolTip(rec.title or "")
        self.main_window.refresh()
        return True

    def run_link_search(self) -> None:
        """Search the vault for records to link to the document; empty text clears the results."""
        vault = self._vault()
        text = self.link_search.text().strip()
        if vault is None or not text:
            self._search_reads.supersede()
            self.results_list.clear()
            return
        self._search_reads.start(
            vault, lambda r: r.search(text, limit=50), on_done=self._searched, on_error=self._failed
        )

    def _searched(self, records: list[Record]) -> None:
        self.results_list.clear()
        own = self.current.id if self.current is not None else None
        for rec in records:
            if rec.id == own:
                continue
            item = QListWidgetItem(self._link_line(rec))
            item.setToolTip(self._link_line(rec))
            item.setData(ROLE_ID, rec.id)
            self.results_list.addItem(item)
        if self.results_list.count():
            self.results_list.setCurrentRow(0)

    def link_selected(self) -> bool:
        """Link the shown document to the chosen search result; False when nothing was linked."""
        vault = self._vault()
        item = self.results_list.currentItem()
        if vault is None or self.current is None or item is None:
            return False
        try:
            docs.link(vault, self.current.id, str(item.data(ROLE_ID)))
            linked = docs.linked(vault, self.current.id)
        except Exception as exc:
            self.main_window.show_error(self.tr("Not linked"), workers.readable_error(exc))
            return False
        self._show_links(linked)
        return True

    def unlink_selected(self) -> bool:
        """Remove the chosen link from the shown document; the record itself stays."""
        vault = self._vault()
        item = self.links_list.currentItem()
        if vault is None or self.current is None or item is None:
            return False
        try:
            docs.unlink(vault, self.current.id, str(item.data(ROLE_ID)))
            linked = docs.linked(vault, self.current.id)
        except Exception as exc:
            self.main_window.show_error(self.tr("Not unlinked"), workers.readable_error(exc))
            return False
        self._show_links(linked)
        return True

    # ---------------------------------------------------------------- add / export
    def add_documents(self) -> None:
        """Ask for files and import each one as a document."""
        paths, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Add documents"),
            str(Path.home()),
            self.tr("Documents (*.pdf *.jpg *.jpeg *.png *.heic *.heif);;All files (*)"),
        )
        for p in paths:
            self.main_window.imports.import_file(Path(p), "document")

    def export_current(self) -> Path | None:
        """Write an unencrypted copy of the current document where the person chooses, in the background."""
        vault = self._vault()
        if vault is None or self.current is None or not self.current.attachments:
            return None
        name = Path(self.current.attachments[0].name).name
        target, _ = QFileDialog.getSaveFileName(self, self.tr("Export document"), str(Path.home() / name))
        if not target:
            return None
        record_id = self.current.id
        self.exported = None
        self.export_button.setEnabled(False)  # until this export is done
        workers.run_task(
            # the file dialog has already asked before replacing a file
            workers.with_reader(vault, lambda reader: docs.export_document(reader, record_id, target, overwrite=True)),
            on_done=self._exported,
            on_error=self._export_failed,
        )
        return self.exported  # the written file if done already (tests that run tasks inline)

    def _exported(self, written: Path) -> None:
        self.exported = written
        self.export_button.setEnabled(self.current is not None)
        self.main_window.show_info(
            self.tr("Document exported"),
            self.tr("An unencrypted copy was written to {path}. The export is recorded in the audit log.").format(
                path=str(written)
            ),
        )

    def _export_failed(self, exc: BaseException) -> None:
        self.export_button.setEnabled(self.current is not None)
        self.main_window.show_error(self.tr("Not exported"), workers.readable_error(exc))


def open_documents_view(main_window: MainWindow) -> DocumentsView:
    """Open (or bring forward) the documents view (non-modal) over the main window."""
    view = embed_view(
        main_window,
        "documents",
        main_window.documents_view,
        lambda: DocumentsView(main_window),
        refresh=DocumentsView.reload,
    )
    main_window.documents_view = view
    return view
