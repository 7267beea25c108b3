"""Money > Insurance claims: medical visits still to claim from private medical insurance (실손보험).

The visits come from :func:`wallet.features.claims.visits.find_visits` (card and bank payments to
hospitals, clinics and pharmacies, FHIR encounters and claims, and scanned receipts, linked per
person, day and institution), read on a worker thread.  The list shows each visit's date,
institution, amount paid, the documents present and missing, the deadline (three years), its
status and the estimated claimable amount: after the deductibles of the person's own policy
(:mod:`wallet.features.claims.policy`, entered with "Policy..."), or before deductibles when no
policy is entered.  "Prepare claim..." asks for the insurer, then shows the usual consent dialog
(:class:`wallet.ui.share_consent.ConsentDialog`) with exactly the visit's records; once the bundle
is written the visit is marked as claimed.  Visits can also be marked (and unmarked) by hand.
Nothing is sent anywhere: the bundle is a file the person hands over.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from wallet.errors import WalletError
from wallet.features.claims.policy import TIERS, Policy, estimate, make_policy, tier_label
from wallet.features.claims.visits import Visit, document_label, how_label, status_label, visit_notes
from wallet.terms.money import format_money
from wallet.ui import workers
from wallet.ui.i18n import current as current_language

if TYPE_CHECKING:
    from wallet.features.share.bundle import ShareResult
    from wallet.features.share.selection import Plan
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow
    from wallet.ui.share_consent import ConsentDialog

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
VISIT_ROLE = Qt.ItemDataRole.UserRole + 1
WRAP_WIDTH = 160
"""Pixels at most for the columns whose text wraps (institution, estimate and the document lists)."""


def _money(amount: Decimal | None, currency: str | None) -> str:
    return "" if amount is None else format_money(amount, currency, current_language(), style="code")


class ClaimsData:
    """What the claims list shows, read once off the GUI thread."""

    def __init__(
        self,
        visits: list[Visit],
        policies: dict[str, Policy | None],
        policy_person: str | None,
        names: dict[str, str] | None = None,
    ) -> None:
        self.visits = visits
        self.names = names or {}
        """Person id -> name as shown (for the notes on a visit: a document filed under someone else)."""
        self.policies = policies
        """The policy of each person with visits (None: none entered)."""
        self.policy_person = policy_person
        """The person "Policy..." edits: the one chosen in the main window, else the holder."""


def read_claims(vault: Vault, person_id: str | None, today: date | None) -> ClaimsData:
    """Every visit of the person (newest first) and the policies their estimates use (runs on a worker)."""
    from wallet.features.claims.policy import get_policy
    from wallet.features.claims.visits import find_visits

    visits = find_visits(vault, person_id=person_id, today=today)
    if person_id is None:
        holder = vault.holder()
        person_id = holder.id if holder is not None else None
    ids = {v.person_id for v in visits if v.person_id} | ({person_id} if person_id else set())
    names = {p.id: p.label for p in vault.persons()}
    return ClaimsData(visits, {pid: get_policy(vault, pid) for pid in ids}, person_id, names)


class PolicyDialog(QDialog):
    """The person's private medical insurance: insurer, policy type, generation and the deductible per visit type.

    OK checks what was typed (:func:`wallet.features.claims.policy.make_policy`): anything it cannot
    read ends in one message and nothing is kept; the dialog stays open to correct it.
    """

    def __init__(self, policy: Policy | None, person: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Insurance policy of {person}").format(person=person))
        self.policy: Policy | None = None
        """The policy as entered, once OK was accepted."""
        self.last_message: QMessageBox | None = None
        self.insurer = QLineEdit(policy.insurer if policy else "")
        self.insurer.setPlaceholderText(self.tr("e.g. the insurance company's name"))
        self.policy_type = QLineEdit(policy.policy_type if policy else "")
        self.policy_type.setPlaceholderText(self.tr("실손의료보험 (private medical insurance)"))
        self.generation = QComboBox()
        self.generation.addItem(self.tr("not entered"), None)
        for n in range(1, 5):
            self.generation.addItem(self.tr("generation {n} ({n}세대)").format(n=n), n)
        if policy and policy.generation:
            self.generation.setCurrentIndex(self.generation.findData(policy.generation))
        form = QFormLayout()
        form.addRow(self.tr("&Insurer:"), self.insurer)
        form.addRow(self.tr("Policy &type:"), self.policy_type)
        form.addRow(self.tr("&Generation:"), self.generation)
        self.deductibles: dict[str, QLineEdit] = {}
        for tier in TIERS:
            edit = QLineEdit()
            rule = next((r for t, r in policy.deductibles.items() if t == tier), None) if policy else None
            if rule is not None:
                parts = [str(rule.amount)] if rule.amount else []
                parts += [f"{rule.rate}%"] if rule.rate else []
                edit.setText("/".join(parts))
            edit.setPlaceholderText(self.tr("e.g. 10000, 20% or 10000/20%"))
            edit.setAccessibleName(self.tr("Deductible for {kind}").format(kind=self._tier(tier)))
            self.deductibles[tier] = edit
            form.addRow(self.tr("Deductible, {kind}:").format(kind=self._tier(tier)), edit)
        note = QLabel(
            self.tr(
                "As your policy states it: a fixed amount per visit (10000), a share of what you paid (20%), or "
                "both (10000/20%: the larger applies). Leave a type empty when you do not know it: its visits are "
                "then shown before deductibles. The wallet ships no insurer's terms."
            )
        )
        note.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def _tier(self, tier: str) -> str:
        words = {
            "clinic": self.tr("clinic (의원)"),
            "hospital": self.tr("hospital (병원)"),
            "tertiary": self.tr("tertiary hospital (상급종합병원)"),
            "pharmacy": self.tr("pharmacy (약국)"),
        }
        return words.get(tier, tier_label(tier))

    def accept(self) -> None:
        """Keep the policy only when everything typed can be read; otherwise one message says what is wrong."""
        deductibles = {tier: edit.text().strip() for tier, edit in self.deductibles.items() if edit.text().strip()}
        generation = self.generation.currentData()
        try:
            policy = make_policy(
                self.insurer.text(),
                self.policy_type.text().strip() or None,
                int(generation) if generation is not None else None,
                deductibles,
            )
        except WalletError as exc:
            box = QMessageBox(
                QMessageBox.Icon.Warning,
                self.tr("Policy not saved"),
                self.tr("The policy was not saved: {error}").format(error=workers.readable_error(exc)),
                QMessageBox.StandardButton.Ok,
                self,
            )
            box.setWindowModality(Qt.WindowModality.WindowModal)
            self.last_message = box
            box.open()
            return
        self.policy = policy
        super().accept()


class ClaimTo(QDialog):
    """Whom the claim goes to (the insurer) and what for; the consent dialog then shows exactly what leaves."""

    def __init__(self, visit: Visit, insurer: str, purpose: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Prepare an insurance claim"))
        intro = QLabel(
            self.tr("The claim for the visit of {date} at {place}.").format(
                date=visit.date.isoformat(), place=visit.place_in(current_language())
            )
        )
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.recipient = QLineEdit(insurer)
        self.recipient.setPlaceholderText(self.tr("the insurance company"))
        self.organisation = QLineEdit()
        self.organisation.setPlaceholderText(self.tr("e.g. its claims department (optional)"))
        self.purpose = QLineEdit(purpose)
        self.purpose.setCursorPosition(0)
        form = QFormLayout()
        form.addRow(self.tr("&Insurer:"), self.recipient)
        form.addRow(self.tr("&Organisation:"), self.organisation)
        form.addRow(self.tr("&Purpose:"), self.purpose)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        self.already: QLabel | None = None
        """Says the visit is already marked as claimed (when and how), when it is."""
        if visit.status == "claimed" and visit.claimed_on is not None:
            self.already = QLabel(
                self.tr(
                    "This visit is already marked as claimed on {date} ({how}). Go on only if the insurer asked "
                    "for a new claim: another bundle will be made."
                ).format(date=visit.claimed_on.isoformat(), how=how_label(visit.claimed_how, current_language()))
            )
            self.already.setWordWrap(True)
            self.already.setTextFormat(Qt.TextFormat.PlainText)
            self.already.setStyleSheet("font-weight: bold")
            layout.addWidget(self.already)
        layout.addLayout(form)
        if visit.missing:
            missing = QLabel(
                self.tr("Not in the wallet (the insurer may ask for them): {docs}").format(
                    docs=", ".join(document_label(r, current_language()) for r in visit.missing)
                )
            )
            missing.setWordWrap(True)
            layout.addWidget(missing)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.next_button = buttons.addButton(self.tr("&Next: review"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.recipient.textChanged.connect(lambda t: self.next_button.setEnabled(bool(t.strip())))
        self.next_button.setEnabled(bool(insurer.strip()))
        self.resize(560, self.sizeHint().height())


class ClaimsPanel(QWidget):
    """The visits still to claim (or every visit), with marking, the policy and preparing a claim."""

    def __init__(self, main_window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.main_window = main_window
        self.today: date | None = None
        """The day deadlines are counted from (None: today)."""
        self.data = ClaimsData([], {}, None)
        self.shown: list[Visit] = []
        self.notice = ""
        """What the last action did, shown above the counts until the person changes."""
        self.loading = False
        self.last_message: QMessageBox | None = None
        self.policy_dialog: PolicyDialog | None = None
        self.claim_dialog: ClaimTo | None = None
        self.consent: ConsentDialog | None = None
        self._reads = workers.LatestRead()

        self.show_all = QCheckBox(self.tr("Show &all visits (also claimed and past the deadline)"))
        self.show_all.toggled.connect(self.show_visits)
        self.policy_button = QPushButton(self.tr("&Policy..."))
        self.policy_button.setToolTip(self.tr("Your insurer, policy generation and deductibles, for the estimates"))
        self.policy_button.clicked.connect(self.ask_policy)
        top = QHBoxLayout()
        top.addWidget(self.show_all)
        top.addStretch(1)
        top.addWidget(self.policy_button)

        self.status_line = QLabel()
        self.status_line.setWordWrap(True)
        self.status_line.setTextFormat(Qt.TextFormat.PlainText)
        self.status_line.setAccessibleName(self.tr("Visits to claim"))

        self.table = QTableWidget(0, 8)
        self.table.setAccessibleName(self.tr("Medical visits"))
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Date"),
                self.tr("Institution"),
                self.tr("Paid"),
                self.tr("Claimable (estimate)"),
                self.tr("Documents present"),
                self.tr("Documents missing"),
                self.tr("Deadline"),
                self.tr("Status"),
            ]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(True)  # long document lists wrap within their column (see show_visits)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._chosen(row))

        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setAccessibleName(self.tr("The chosen visit"))

        self.mark_button = QPushButton(self.tr("&Mark as claimed"))
        self.mark_button.setToolTip(self.tr("You claimed this visit yourself (on paper, an app, a website)"))
        self.mark_button.clicked.connect(self.mark_current)
        self.unmark_button = QPushButton(self.tr("&Not claimed"))
        self.unmark_button.setToolTip(self.tr("Remove the claimed mark of this visit"))
        self.unmark_button.clicked.connect(self.unmark_current)
        self.prepare_button = QPushButton(self.tr("P&repare claim..."))
        self.prepare_button.setToolTip(
            self.tr("A signed bundle of this visit's records and receipts for your insurer, after you review it")
        )
        self.prepare_button.clicked.connect(self.ask_prepare)
        buttons = QHBoxLayout()
        note = QLabel(self.tr("Estimates from your own records; the insurer decides what it pays."))
        note.setWordWrap(True)
        buttons.addWidget(note, 1)
        buttons.addWidget(self.mark_button)
        buttons.addWidget(self.unmark_button)
        buttons.addWidget(self.prepare_button)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.status_line)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.detail)
        layout.addLayout(buttons)
        self._chosen(-1)
        main_window.person_box.currentIndexChanged.connect(self._person_changed)

    # ------------------------------------------------------------- reading
    def showEvent(self, event: QShowEvent) -> None:
        """Read the visits again each time the tab is shown (an import may have added some)."""
        super().showEvent(event)
        self.load()

    def _person_changed(self, _index: int = 0) -> None:
        self.notice = ""
        if self.isVisible():
            self.load()

    def load(self) -> None:
        """Find the chosen person's visits and policies, off the GUI thread."""
        vault = self.main_window.vault
        if vault is None:
            return
        person, today = self.main_window.current_person_id(), self.today
        self.loading = True
        if not self.data.visits:
            self.status_line.setText(self.tr("Looking for medical visits..."))
        self._reads.start(
            vault, lambda reader: read_claims(reader, person, today), on_done=self._read, on_error=self._failed
        )

    def _read(self, data: ClaimsData) -> None:
        self.loading = False
        self.data = data
        self.show_visits()

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status_line.setText(
            self.tr("The visits could not be found: {error}").format(error=workers.readable_error(exc))
        )

    def policy_of(self, visit: Visit | None) -> Policy | None:
        """The policy a visit's estimate uses (its person's), or the chosen person's."""
        person = visit.person_id if visit is not None else self.data.policy_person
        return self.data.policies.get(person or "")

    # ------------------------------------------------------------- showing
    def show_visits(self, _checked: bool = False) -> None:
        """Fill the list: the visits still to claim, or every visit with "Show all"."""
        chosen = self.current()
        everything = self.show_all.isChecked()
        self.shown = [v for v in self.data.visits if everything or v.status == "claimable"]
        lang = current_language()
        self.table.setRowCount(len(self.shown))
        for row, v in enumerate(self.shown):
            for col, cell in enumerate(self._cells(v, lang)):
                cell.setData(VISIT_ROLE, v.id)
                self.table.setItem(row, col, cell)
        self.table.resizeColumnsToContents()
        for col in (1, 3, 4, 5):  # institution, estimate, documents present and missing: wrapped, not one wide line
            self.table.setColumnWidth(col, min(self.table.columnWidth(col), WRAP_WIDTH))
        self.table.resizeRowsToContents()
        self._status()
        if self.shown:
            ids = [v.id for v in self.shown]
            self.table.setCurrentCell(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0, 0)
            self._chosen(self.table.currentRow())  # the same row may now be another visit: no signal for that
        else:
            self._chosen(-1)

    def _cells(self, v: Visit, lang: str) -> list[QTableWidgetItem]:
        est = estimate(v, self.policy_of(v), lang)
        place = v.place_in(lang) + (f" + {v.pharmacy}" if v.pharmacy and not v.pharmacy_only else "")
        paid = _money(v.total_paid, v.currency) or self.tr("unknown")
        if est.claimable is None:
            claimable = self.tr("unknown")
        elif est.after_deductibles:
            claimable = self.tr("about {amount}").format(amount=_money(est.claimable, v.currency))
        else:
            claimable = self.tr("{amount} before deductibles").format(amount=_money(est.claimable, v.currency))
        none = self.tr("none")
        days = (v.deadline - v.today).days
        left = (
            self.tr("{date} ({n} days left)").format(date=v.deadline.isoformat(), n=f"{days:,}")
            if days >= 0
            else self.tr("{date} (passed)").format(date=v.deadline.isoformat())
        )
        if v.dated_by_payment:  # the payment's posting day: the deadline counts from the day before
            left = self.tr("about {deadline}").format(deadline=left)
        status = status_label(v.status, lang)
        if v.claimed_on is not None:
            status = self.tr("{status} on {date}").format(status=status, date=v.claimed_on.isoformat())
        if v.filed_under or v.payment_uncertain or v.left_out:
            status = self.tr("{status}; check the details").format(status=status)
        day = v.date.isoformat()
        if v.dated_by_payment:
            day = self.tr("{date} (payment date)").format(date=day)
        cells = [
            QTableWidgetItem(day),
            QTableWidgetItem(place),
            QTableWidgetItem(paid),
            QTableWidgetItem(claimable),
            QTableWidgetItem(", ".join(document_label(r, lang) for r in v.present) or none),
            QTableWidgetItem(", ".join(document_label(r, lang) for r in v.missing) or none),
            QTableWidgetItem(left),
            QTableWidgetItem(status),
        ]
        cells[1].setToolTip(place)
        cells[3].setToolTip(est.basis)
        cells[7].setToolTip("\n".join(visit_notes(v, lang, self._names())))
        cells[2].setTextAlignment(RIGHT)
        cells[3].setTextAlignment(RIGHT)
        return cells

    def _status(self) -> None:
        if not self.data.visits:
            self.status_line.setText(
                self.tr(
                    "No medical visits found. Visits are found from card and bank payments to hospitals, clinics "
                    "and pharmacies, hospital records (FHIR) and scanned receipts: import them first."
                )
            )
            return
        open_ = sum(1 for v in self.data.visits if v.status == "claimable")
        text = self.tr("Visits to claim: {n} (within the 3-year claim period, no claim recorded).").format(n=open_)
        if self.show_all.isChecked():
            text = self.tr("Visits: {total} in all, {n} still to claim.").format(total=len(self.data.visits), n=open_)
        if any(self.data.policies.get(v.person_id or "") is None for v in self.shown):
            text += " " + self.tr("No policy entered: amounts are before deductibles (use Policy... to enter yours).")
        self.status_line.setText(f"{self.notice}\n{text}" if self.notice else text)

    def current(self) -> Visit | None:
        """The visit chosen in the list."""
        row = self.table.currentRow()
        return self.shown[row] if 0 <= row < len(self.shown) else None

    def _chosen(self, row: int) -> None:
        v = self.shown[row] if 0 <= row < len(self.shown) else None
        self.mark_button.setEnabled(v is not None and v.status != "claimed")
        self.unmark_button.setEnabled(v is not None and v.status == "claimed")
        self.prepare_button.setEnabled(v is not None and v.status != "expired")  # claimed: the dialog says so
        if v is None:
            self.detail.setText("")
            return
        lang = current_language()
        est = estimate(v, self.policy_of(v), lang)
        lines = [
            self.tr("{date} at {place}: estimate {basis}.").format(date=v.date, place=v.place_in(lang), basis=est.basis)
        ]
        if v.pharmacy_paid is not None and v.paid is not None:
            lines.append(
                self.tr("Paid {paid} at the institution and {pharmacy} at {name}.").format(
                    paid=_money(v.paid, v.currency), pharmacy=_money(v.pharmacy_paid, v.currency), name=v.pharmacy
                )
            )
        if v.billed is not None:
            lines.append(
                self.tr("Billed in total (hospital records): {amount}.").format(
                    amount=_money(v.billed, v.billed_currency)
                )
            )
        if v.claimed_on is not None and v.claimed_how:
            lines.append(
                self.tr("Marked as claimed on {date} ({how}).").format(
                    date=v.claimed_on, how=how_label(v.claimed_how, lang)
                )
            )
        if not v.shareable_ids:
            lines.append(self.tr("Only a payment: import the receipt or the hospital's records to prepare a claim."))
        lines += visit_notes(v, lang, self._names())
        self.detail.setText("\n".join(lines))

    def _names(self) -> dict[str, str]:
        return self.data.names

    # ------------------------------------------------------------- actions
    def _message(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_message = box
        box.open()

    def _write(self, job: Callable[[Vault], object], done_text: str) -> None:
        vault = self.main_window.vault
        if vault is None:
            return

        def done(_result: object) -> None:
            self.notice = done_text
            self.load()

        workers.run_task(
            workers.with_reader(vault, job),
            on_done=done,
            on_error=lambda exc: self._message(self.tr("Not changed"), workers.readable_error(exc)),
        )

    def mark_current(self) -> None:
        """Mark the chosen visit as claimed by hand (today)."""
        from wallet.features.claims.policy import mark_claimed

        v = self.current()
        if v is None:
            return
        self._write(lambda reader: mark_claimed(reader, v), self.tr("Marked as claimed."))

    def unmark_current(self) -> None:
        """Remove the chosen visit's claimed mark."""
        from wallet.features.claims.policy import unmark_claimed

        v = self.current()
        if v is None:
            return
        self._write(lambda reader: unmark_claimed(reader, v), self.tr("No longer marked as claimed."))

    def ask_policy(self) -> None:
        """Policy...: enter or change the chosen person's policy details (kept only when they can be read)."""
        person = self.data.policy_person
        if person is None:
            return
        who = self.main_window.current_person()
        name = who.label if who is not None else self.tr("the holder")
        dialog = PolicyDialog(self.data.policies.get(person), name, self)
        dialog.accepted.connect(lambda: self._save_policy(person, dialog.policy))
        self.policy_dialog = dialog
        dialog.open()

    def _save_policy(self, person: str, policy: Policy | None) -> None:
        from wallet.features.claims.policy import set_policy

        if policy is None:
            return
        self._write(lambda reader: set_policy(reader, person, policy), self.tr("Policy saved."))

    def ask_prepare(self) -> None:
        """Prepare claim...: whom to (the insurer), then the consent dialog with exactly what leaves."""
        from wallet.features.claims.prepare import claim_purpose

        v = self.current()
        if v is None:
            return
        policy = self.policy_of(v)
        dialog = ClaimTo(v, policy.insurer if policy else "", claim_purpose(v), self)
        dialog.accepted.connect(
            lambda: self.prepare(
                v, dialog.recipient.text().strip(), dialog.organisation.text().strip(), dialog.purpose.text().strip()
            )
        )
        self.claim_dialog = dialog
        dialog.open()

    def prepare(self, visit: Visit, recipient: str, organisation: str = "", purpose: str = "") -> None:
        """Prepare the claim of ``visit`` for ``recipient``; the consent dialog opens when it is ready."""
        from wallet.features.claims.prepare import prepare_claim
        from wallet.features.share.templates import Recipient

        vault = self.main_window.vault
        if vault is None:
            return
        to = Recipient(name=recipient, organisation=organisation or None)
        workers.run_task(
            workers.with_reader(
                vault,
                lambda v: prepare_claim(v, visit, to, purpose=purpose or None, again=visit.status == "claimed"),
            ),
            on_done=lambda plan: self._prepared(visit, plan),
            on_error=lambda exc: self._message(self.tr("Cannot prepare the claim"), workers.readable_error(exc)),
        )

    def _prepared(self, visit: Visit, plan: Plan) -> None:
        from wallet.ui.share_consent import ConsentDialog

        vault = self.main_window.vault
        if vault is None:
            return
        consent = ConsentDialog(vault, plan, self)
        consent.accepted.connect(lambda: self._approved(visit, consent.result_info))
        self.consent = consent
        consent.open()

    def _approved(self, visit: Visit, result: ShareResult | None) -> None:
        """The bundle was written after approval: mark the visit claimed by it."""
        from wallet.features.claims.policy import mark_claimed

        if result is None:
            return
        how = f"prepared bundle {result.bundle_id}"
        self._write(
            lambda reader: mark_claimed(reader, visit, how=how),
            self.tr("Wrote {path}; the visit is marked as claimed.").format(path=result.path),
        )


def add_claims_tab(tabs: QTabWidget, main_window: MainWindow) -> ClaimsPanel:
    """Add the Insurance claims tab to ``tabs`` (the Money section's); the panel reads when shown."""
    panel = ClaimsPanel(main_window)
    tabs.addTab(panel, QCoreApplication.translate("ClaimsPanel", "Insurance &claims"))
    return panel


__all__ = ["ClaimTo", "ClaimsData", "ClaimsPanel", "PolicyDialog", "add_claims_tab", "read_claims"]
