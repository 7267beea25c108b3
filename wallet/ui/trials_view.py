"""Insights > Clinical trials: studies the person brought in, each pre-screened against the vault, nothing sent.

Studies come from a ClinicalTrials.gov file the person downloaded (Import study file...) or, when
the person asks, from the public registry (Find studies online...): the dialog shows the exact
address before anything is sent, and it holds only what the person typed.  Each study is checked
on a worker thread (:func:`wallet.features.trials.match.match_all`); the list shows the verdict and
the counts; the checklist below shows each criterion as met, not met or unknown with the value and
record it used, the criteria to ask the study team about, and the sites with their distance from
the place the person gave.  "Share pre-screen summary..." sends just the checklist and the records
it used, through the usual consent dialog.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.errors import WalletError
from wallet.ui import workers
from wallet.ui.i18n import current as current_language
from wallet.ui.tables import list_table

if TYPE_CHECKING:
    from wallet.features.share.selection import Plan
    from wallet.features.trials.fetch import TrialQuery
    from wallet.features.trials.model import TrialMatch
    from wallet.store.vault import Vault
    from wallet.ui.share_consent import ConsentDialog

STUDY_FILE_LIMIT = 64 * 1024 * 1024
"""A study file larger than this is refused before it is read (a search page of 1,000 studies is ~30 MB)."""


def _status_text(status: str) -> str:
    from PySide6.QtCore import QCoreApplication

    words = {
        "met": QCoreApplication.translate("TrialsPanel", "met"),
        "not_met": QCoreApplication.translate("TrialsPanel", "not met"),
        "unknown": QCoreApplication.translate("TrialsPanel", "unknown"),
    }
    return words.get(status, status)


def _verdict_text(verdict: str) -> str:
    from PySide6.QtCore import QCoreApplication

    words = {
        "possible": QCoreApplication.translate("TrialsPanel", "Possible"),
        "unlikely": QCoreApplication.translate("TrialsPanel", "Unlikely"),
        "unknown": QCoreApplication.translate("TrialsPanel", "To check"),
    }
    return words.get(verdict, verdict)


class FetchDialog(QDialog):
    """Find studies online: what to ask the registry, and the exact address that will be sent."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Find studies on ClinicalTrials.gov"))
        self.condition = QLineEdit()
        self.condition.setPlaceholderText(self.tr("e.g. type 2 diabetes, hypertension, breast cancer"))
        self.country = QLineEdit()
        self.country.setPlaceholderText(self.tr("e.g. Korea, Republic of"))
        self.city = QLineEdit()
        self.city.setPlaceholderText(self.tr("e.g. Seoul"))
        self.status = QComboBox()
        self.status.addItem(self.tr("Recruiting"), ("RECRUITING",))
        self.status.addItem(self.tr("Recruiting or not yet recruiting"), ("RECRUITING", "NOT_YET_RECRUITING"))
        self.preview = QLabel()
        self.preview.setWordWrap(True)
        self.preview.setTextFormat(Qt.TextFormat.PlainText)
        self.preview.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.preview.setAccessibleName(self.tr("The address that will be sent"))
        form = QFormLayout()
        form.addRow(self.tr("&Condition:"), self.condition)
        form.addRow(self.tr("C&ountry:"), self.country)
        form.addRow(self.tr("C&ity:"), self.city)
        form.addRow(self.tr("&Status:"), self.status)
        note = QLabel(
            self.tr(
                "Only what you type here is sent, as this address, to ClinicalTrials.gov (the US National Library "
                "of Medicine's public registry). Nothing from your vault is sent; matching happens on this computer."
            )
        )
        note.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.send_button = self.buttons.addButton(self.tr("&Send this request"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("This exact address will be sent:")))
        layout.addWidget(self.preview)
        layout.addWidget(self.buttons)
        for edit in (self.condition, self.country, self.city):
            edit.textChanged.connect(self._update)
        self.status.currentIndexChanged.connect(self._update)
        self.resize(560, 320)
        self._update()

    def query(self) -> TrialQuery:
        """The request as the person described it."""
        from wallet.features.trials.fetch import TrialQuery

        return TrialQuery(
            condition=self.condition.text().strip(),
            country=self.country.text().strip() or None,
            city=self.city.text().strip() or None,
            status=tuple(self.status.currentData()),
        )

    def _update(self) -> None:
        from wallet.features.trials.fetch import preview

        if not self.condition.text().strip():
            self.send_button.setEnabled(False)
            self.preview.setText(self.tr("(type a condition first)"))
            return
        try:
            self.preview.setText(preview(self.query()))
        except WalletError as exc:  # a character or a length the registry's query cannot take
            self.send_button.setEnabled(False)
            self.preview.setText(workers.readable_error(exc))
            return
        self.send_button.setEnabled(True)


class ShareTo(QDialog):
    """Whom to send a pre-screen summary to (the consent dialog then shows exactly what leaves)."""

    def __init__(self, nct_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Share a pre-screen summary"))
        self.recipient = QLineEdit()
        self.recipient.setPlaceholderText(self.tr("e.g. the study coordinator's name"))
        self.organisation = QLineEdit()
        self.purpose = QLineEdit(self.tr("Pre-screening for the clinical study {nct}").format(nct=nct_id))
        form = QFormLayout(self)
        form.addRow(self.tr("&Recipient:"), self.recipient)
        form.addRow(self.tr("&Organisation:"), self.organisation)
        form.addRow(self.tr("&Purpose:"), self.purpose)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = buttons.addButton(self.tr("&Next: review"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.recipient.textChanged.connect(lambda t: self.next_button.setEnabled(bool(t.strip())))
        self.next_button.setEnabled(False)


class TrialsPanel(QWidget):
    """The studies the vault keeps, each pre-screened for the person, with a checklist per study."""

    def __init__(self, vault: Vault, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.person_id = person_id
        self.matches: list[TrialMatch] = []
        self.near: tuple[float, float] | None = None
        self.loading = False
        self.last_message: QMessageBox | None = None
        self.consent: ConsentDialog | None = None
        self._reads = workers.LatestRead()

        self.import_button = QPushButton(self.tr("&Import study file..."))
        self.import_button.setToolTip(self.tr("A study record or search result saved from ClinicalTrials.gov (JSON)"))
        self.import_button.clicked.connect(self.ask_import)
        self.fetch_button = QPushButton(self.tr("&Find studies online..."))
        self.fetch_button.clicked.connect(self.ask_fetch)
        self.place = QLineEdit()
        self.place.setPlaceholderText(self.tr("a city (Seoul, 부산) or latitude,longitude"))
        self.place.setAccessibleName(self.tr("Distance from"))
        self.place.returnPressed.connect(self.apply_place)
        place_label = QLabel(self.tr("&Near:"))
        place_label.setBuddy(self.place)
        self.remove_button = QPushButton(self.tr("&Remove study"))
        self.remove_button.clicked.connect(self.remove_current)
        top = QHBoxLayout()
        top.addWidget(self.import_button)
        top.addWidget(self.fetch_button)
        top.addSpacing(16)
        top.addWidget(place_label)
        top.addWidget(self.place, 1)
        top.addWidget(self.remove_button)

        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)

        self.table = list_table(
            self.tr("Studies"),
            [
                self.tr("Pre-screen"),
                self.tr("Study"),
                self.tr("Title"),
                self.tr("Met"),
                self.tr("Not met"),
                self.tr("Unknown"),
                self.tr("Nearest site"),
            ],
            stretch=2,
        )
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._chosen(row))

        self.checklist = QTreeWidget()
        self.checklist.setAccessibleName(self.tr("Checklist of the chosen study"))
        self.checklist.setHeaderLabels([self.tr("Criterion"), self.tr("Result"), self.tr("What was used")])
        self.checklist.setWordWrap(True)
        self.checklist.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.checklist.setColumnWidth(1, 90)
        self.checklist.setColumnWidth(2, 260)
        self.share_button = QPushButton(self.tr("&Share pre-screen summary..."))
        self.share_button.setToolTip(
            self.tr("Send this checklist and only the records it used to a study site, after you review it")
        )
        self.share_button.clicked.connect(self.ask_share)
        self.share_button.setEnabled(False)
        lower = QWidget()
        ll = QVBoxLayout(lower)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(self.checklist, 1)
        row = QHBoxLayout()
        disclaimer = QLabel(
            self.tr("A pre-screen from your own records, not a decision: the study team decides who can take part.")
        )
        disclaimer.setWordWrap(True)
        row.addWidget(disclaimer, 1)
        row.addWidget(self.share_button)
        ll.addLayout(row)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([220, 380])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_line)
        layout.addWidget(split, 1)
        self.load()

    # ------------------------------------------------------------- reading
    def load(self) -> None:
        """Read the stored studies and pre-screen each for the person, off the GUI thread."""
        from wallet.features.trials.match import match_all
        from wallet.features.trials.store import stored_studies

        person_id, near, lang = self.person_id, self.near, current_language()

        def job(v: Vault) -> list[TrialMatch]:
            person = v.person(person_id) if person_id else v.holder()
            return match_all(v, person, stored_studies(v), near=near, lang=lang)

        self.loading = True
        self.status_line.setText(self.tr("Checking the studies against your records..."))
        self._reads.start(self.vault, job, on_done=self._read, on_error=self._failed)

    def _read(self, matches: list[TrialMatch]) -> None:
        self.loading = False
        self.matches = matches
        self.table.setRowCount(len(matches))
        for row, tm in enumerate(matches):
            nearest = next((d for d in tm.sites if d.km is not None), None)
            where = ""
            if nearest is not None and nearest.km is not None:
                where = self.tr("{km} km, {city}").format(km=f"{nearest.km:,.0f}", city=nearest.site.city)
            elif tm.sites:
                where = tm.sites[0].site.city
            cells = [
                QTableWidgetItem(_verdict_text(tm.verdict)),
                QTableWidgetItem(tm.study.nct_id),
                QTableWidgetItem(tm.study.title),
                QTableWidgetItem(str(tm.met)),
                QTableWidgetItem(str(tm.not_met)),
                QTableWidgetItem(str(tm.unknown)),
                QTableWidgetItem(where),
            ]
            cells[2].setToolTip(tm.study.title)
            for col, cell in enumerate(cells):
                self.table.setItem(row, col, cell)
        if not matches:
            self.status_line.setText(
                self.tr(
                    "No studies yet. Import a study saved from ClinicalTrials.gov (its JSON download), or find "
                    "studies online: only the words you type are sent."
                )
            )
            self.checklist.clear()
            self.share_button.setEnabled(False)
            return
        self.status_line.setText(
            self.tr("{n} studies, checked against your records on this computer.").format(n=len(matches))
        )
        self.table.setCurrentCell(0, 0)

    def current(self) -> TrialMatch | None:
        """The pre-screen of the study chosen in the list."""
        row = self.table.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None

    def _chosen(self, row: int) -> None:
        self.checklist.clear()
        if not 0 <= row < len(self.matches):
            self.share_button.setEnabled(False)
            return
        tm = self.matches[row]
        self.share_button.setEnabled(True)
        inclusion = QTreeWidgetItem([self.tr("Who can take part"), "", ""])
        exclusion = QTreeWidgetItem([self.tr("Who cannot take part"), "", ""])
        for r in tm.results:
            used = r.value_text or ""
            if r.when:
                used = f"{used} ({r.when})" if used else r.when
            item = QTreeWidgetItem([r.criterion.text, _status_text(r.status), used])
            item.setToolTip(0, r.criterion.text)
            item.setToolTip(1, r.explanation)
            item.setToolTip(2, r.explanation)
            item.setData(0, Qt.ItemDataRole.UserRole, list(r.record_ids))
            (inclusion if r.criterion.inclusion else exclusion).addChild(item)
        for parent in (inclusion, exclusion):
            if parent.childCount():
                self.checklist.addTopLevelItem(parent)
                parent.setExpanded(True)
        if tm.to_ask:
            ask = QTreeWidgetItem([self.tr("To ask the study team ({n})").format(n=len(tm.to_ask)), "", ""])
            for text in tm.to_ask:
                child = QTreeWidgetItem([text, "", ""])
                child.setToolTip(0, text)
                ask.addChild(child)
            self.checklist.addTopLevelItem(ask)
        if tm.sites:
            sites = QTreeWidgetItem([self.tr("Sites ({n})").format(n=len(tm.sites)), "", ""])
            for d in tm.sites[:50]:
                km = self.tr("{km} km").format(km=f"{d.km:,.0f}") if d.km is not None else ""
                place = ", ".join(p for p in (d.site.city, d.site.country) if p)
                sites.addChild(QTreeWidgetItem([d.site.facility or place, km, place]))
            self.checklist.addTopLevelItem(sites)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status_line.setText(
            self.tr("Could not check the studies: {error}").format(error=workers.readable_error(exc))
        )

    # ------------------------------------------------------------- actions
    def _message(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_message = box
        box.open()

    def apply_place(self) -> None:
        """Measure the sites' distances from the place typed (a city or coordinates), then check again."""
        from wallet.features.trials.places import resolve_place

        text = self.place.text().strip()
        if not text:
            self.near = None
        else:
            try:
                self.near = resolve_place(text)
            except WalletError as exc:
                self._message(self.tr("Unknown place"), workers.readable_error(exc))
                return
        self.load()

    def import_files(self, paths: list[Path]) -> None:
        """Read study files into the vault (off the GUI thread), then check again."""
        from wallet.features.trials.store import save_studies
        from wallet.features.trials.study import parse_studies

        def job(v: Vault) -> tuple[int, int]:
            added = updated = 0
            for path in paths:
                if path.stat().st_size > STUDY_FILE_LIMIT:
                    raise _TooLarge(path.name)
                a, u = save_studies(v, parse_studies(path.read_bytes()), f"file:{path.name}")
                added, updated = added + a, updated + u
            return added, updated

        workers.run_task(workers.with_reader(self.vault, job), on_done=self._saved, on_error=self._not_saved)

    def ask_import(self) -> None:
        """Import study file...: choose ClinicalTrials.gov JSON files."""
        names, _ = QFileDialog.getOpenFileNames(
            self,
            self.tr("Import studies from ClinicalTrials.gov"),
            "",
            self.tr("Study records (*.json);;All files (*)"),
        )
        if names:
            self.import_files([Path(n) for n in names])

    def fetch(self, query: TrialQuery, base_url: str | None = None) -> None:
        """Ask the registry (only ``query``'s words are sent), keep the studies, then check again."""
        from wallet.features.trials.fetch import fetch_studies
        from wallet.features.trials.store import save_studies
        from wallet.features.trials.study import API_URL

        url = base_url or API_URL

        def job(v: Vault) -> tuple[int, int]:
            return save_studies(v, fetch_studies(query, base_url=url), "fetch")

        self.status_line.setText(self.tr("Asking ClinicalTrials.gov..."))
        workers.run_task(workers.with_reader(self.vault, job), on_done=self._saved, on_error=self._not_saved)

    def ask_fetch(self) -> None:
        """Find studies online...: the dialog shows the address before it is sent."""
        dialog = FetchDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.fetch(dialog.query())

    def _saved(self, counts: tuple[int, int]) -> None:
        added, updated = counts
        self.status_line.setText(
            self.tr("{added} studies added, {updated} updated.").format(added=added, updated=updated)
        )
        self.load()

    def _not_saved(self, exc: BaseException) -> None:
        self.status_line.setText("")
        self._message(self.tr("No studies added"), workers.readable_error(exc))

    def remove_current(self) -> None:
        """Remove the chosen study from the vault (its record only: nothing of the person's)."""
        from wallet.features.trials.store import delete_study

        tm = self.current()
        if tm is None:
            return
        try:
            delete_study(self.vault, tm.study.nct_id)
        except WalletError as exc:
            self._message(self.tr("Not removed"), workers.readable_error(exc))
            return
        self.load()

    def share_plan(self, recipient: str, organisation: str = "", purpose: str = "") -> None:
        """Prepare the pre-screen share of the chosen study for ``recipient``; the consent dialog opens when ready."""
        from wallet.features.share.selection import prepare
        from wallet.features.share.templates import Recipient
        from wallet.features.trials.prescreen import prescreen_request

        tm = self.current()
        if tm is None:
            return
        request = prescreen_request(
            tm,
            Recipient(name=recipient, organisation=organisation or None),
            purpose=purpose or None,
            lang=current_language(),
        )
        workers.run_task(
            workers.with_reader(self.vault, lambda v: prepare(v, request)),
            on_done=self._prepared,
            on_error=lambda exc: self._message(self.tr("Cannot prepare the share"), workers.readable_error(exc)),
        )

    def _prepared(self, plan: Plan) -> None:
        from wallet.ui.share_consent import ConsentDialog

        self.consent = ConsentDialog(self.vault, plan, self)
        self.consent.open()

    def ask_share(self) -> None:
        """Share pre-screen summary...: whom to, then the consent dialog with exactly what leaves."""
        tm = self.current()
        if tm is None:
            return
        dialog = ShareTo(tm.study.nct_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.share_plan(dialog.recipient.text().strip(), dialog.organisation.text().strip(), dialog.purpose.text())


class _TooLarge(WalletError):
    """A study file beyond :data:`STUDY_FILE_LIMIT`."""

    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is larger than {STUDY_FILE_LIMIT // (1024 * 1024)} MB: not a study record")


__all__ = ["FetchDialog", "ShareTo", "TrialsPanel"]
