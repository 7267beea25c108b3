"""Insights > Trends and goals: each measurement's trend over a period, the person's goals, the monthly summary.

The trends (:func:`wallet.features.insights.trends.trends`) read the maintained daily summaries:
the period's average, the change against the same period a year before and against the person's
own baseline, and the direction per month.  Goals (:mod:`wallet.features.insights.goals`) are the
person's own targets (steps a day, weight, blood pressure, sleep a night) with their progress; the
Home shows them too.  The monthly summary (:mod:`wallet.features.insights.summary`) can be saved as
a PDF to print (audited, owner-only) or shared: its records and its text go through the usual
consent dialog, which shows both before anything leaves.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.errors import WalletError
from wallet.features import measurements as m
from wallet.ui import workers
from wallet.ui.i18n import current as current_language
from wallet.ui.tables import list_table

if TYPE_CHECKING:
    from wallet.features.insights.goals import GoalProgress
    from wallet.features.insights.summary import MonthlySummary
    from wallet.features.insights.trends import Change, Trend
    from wallet.features.share.selection import Plan
    from wallet.store.vault import Vault
    from wallet.ui.share_consent import ConsentDialog

PERIODS = (30, 90, 365)


def _signed(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    sign = "+" if value > 0 else ""
    return f"{sign}{m.number_text(value)} {unit}".strip()


def change_text(change: Change | None, unit: str) -> str:
    """A change as the table shows it: ``+2.1 kg`` (or ``+4/-2 mmHg`` for pairs); empty without data."""
    if change is None:
        return ""
    if change.difference2 is not None:
        return f"{_signed(change.difference, '')}/{_signed(change.difference2, '')} {unit}".strip()
    return _signed(change.difference, unit)


class GoalDialog(QDialog):
    """Add or change a goal: its kind and the target as typed (``10000``, ``65.5``, ``130/80``, ``7h30``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set a goal"))
        self.kind = QComboBox()
        self.kind.addItem(self.tr("Steps a day"), "steps")
        self.kind.addItem(self.tr("Weight (kg)"), "weight")
        self.kind.addItem(self.tr("Blood pressure below (systolic/diastolic)"), "blood_pressure")
        self.kind.addItem(self.tr("Sleep a night (hours)"), "sleep")
        self.target = QLineEdit()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(self.tr("&Goal:"), self.kind)
        form.addRow(self.tr("&Target:"), self.target)
        form.addRow("", self.hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.kind.currentIndexChanged.connect(self._hint)
        self._hint()

    def _hint(self) -> None:
        examples = {
            "steps": self.tr("For example 8000"),
            "weight": self.tr("For example 65.5"),
            "blood_pressure": self.tr("For example 130/80"),
            "sleep": self.tr("For example 7.5 or 7h30"),
        }
        self.hint.setText(examples[str(self.kind.currentData())])
        self.target.setPlaceholderText(examples[str(self.kind.currentData())])


class GoalsPanel(QWidget):
    """Trends of each measurement over a period, the person's goals with progress, and the monthly summary."""

    def __init__(self, vault: Vault, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.person_id = person_id
        self.trend_rows: list[Trend] = []
        self.progress_rows: list[GoalProgress] = []
        self.loading = False
        self.last_message: QMessageBox | None = None
        self.consent: ConsentDialog | None = None
        self.summary: MonthlySummary | None = None
        self._reads = workers.LatestRead()

        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Period of the trends"))
        for days, text in zip(PERIODS, (self.tr("30 days"), self.tr("90 days"), self.tr("1 year")), strict=True):
            self.period.addItem(text, days)
        self.period.setCurrentIndex(1)
        self.period.activated.connect(lambda _i: self.load())
        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.period)
        self.trends_table = list_table(
            self.tr("Trends"),
            [
                self.tr("Measurement"),
                self.tr("Average in the period"),
                self.tr("Latest"),
                self.tr("Against the same period last year"),
                self.tr("Against your baseline"),
                self.tr("Per month"),
            ],
        )
        self.anchor: date | None = None
        """The day the trends' period ends on when it is not today (no recent readings), else None."""
        self.baseline_note = self.tr(
            "Your baseline is the average of your first 90 days of readings of each measurement. "
            "Changes are facts about your own readings, not advice."
        )
        self.note = QLabel(self.baseline_note)
        self.note.setWordWrap(True)

        self.goals_table = list_table(
            self.tr("Goals"), [self.tr("Goal"), self.tr("Progress"), self.tr("Where you are")], stretch=2
        )
        self.goals_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Fixed)
        self.goals_table.setColumnWidth(1, 140)
        self.goals_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.add_goal_button = QPushButton(self.tr("&Add or change goal..."))
        self.add_goal_button.clicked.connect(self.ask_goal)
        self.remove_goal_button = QPushButton(self.tr("&Remove goal"))
        self.remove_goal_button.clicked.connect(self.remove_goal)

        self.month = QDateEdit()
        self.month.setDisplayFormat("yyyy-MM")
        self.month.setCalendarPopup(False)
        self.month.setAccessibleName(self.tr("Month of the summary"))
        from wallet.features.insights.summary import previous_month

        last = previous_month()
        self.month.setDate(QDate(last.year, last.month, 1))
        self.pdf_button = QPushButton(self.tr("Save summary as &PDF..."))
        self.pdf_button.setToolTip(self.tr("A printable summary of the month (it shows your data)"))
        self.pdf_button.clicked.connect(self.ask_pdf)
        self.share_button = QPushButton(self.tr("S&hare summary..."))
        self.share_button.setToolTip(self.tr("Send the summary and the records it was made from, after you review it"))
        self.share_button.clicked.connect(self.ask_share)

        trends_box = QWidget()
        tl = QVBoxLayout(trends_box)
        tl.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(period_label)
        row.addWidget(self.period)
        row.addStretch(1)
        tl.addLayout(row)
        tl.addWidget(self.trends_table, 1)
        tl.addWidget(self.note)
        goals_box = QGroupBox(self.tr("Your goals"))
        gl = QVBoxLayout(goals_box)
        gl.addWidget(self.goals_table, 1)
        grow = QHBoxLayout()
        grow.addWidget(self.add_goal_button)
        grow.addWidget(self.remove_goal_button)
        grow.addStretch(1)
        grow.addWidget(QLabel(self.tr("Monthly summary:")))
        grow.addWidget(self.month)
        grow.addWidget(self.pdf_button)
        grow.addWidget(self.share_button)
        gl.addLayout(grow)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(trends_box)
        split.addWidget(goals_box)
        split.setSizes([330, 250])
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        self.load()

    def _person(self, v: Vault) -> str:
        return self.person_id or v.holder().id

    # ------------------------------------------------------------- reading
    def load(self) -> None:
        """Read the trends and the goals' progress, off the GUI thread."""
        from wallet.features.insights.goals import goals, progress
        from wallet.features.insights.trends import recent_trends

        days, lang = int(self.period.currentData()), current_language()

        def job(v: Vault) -> tuple[list[Trend], date | None, list[GoalProgress]]:
            person = self._person(v)
            found, anchor = recent_trends(v, person, days, lang)
            return found, anchor, [progress(v, person, g, lang=lang) for g in goals(v, person)]

        self.loading = True
        self._reads.start(self.vault, job, on_done=self._read, on_error=self._failed)

    def _read(self, result: tuple[list[Trend], date | None, list[GoalProgress]]) -> None:
        self.loading = False
        self.trend_rows, anchor, self.progress_rows = result
        self.anchor = anchor
        if anchor is not None:  # nothing recent: the period up to the newest reading, and said so
            self.note.setText(
                self.tr(
                    "No readings in the last {days} days: shown are the {days} days up to your newest reading, "
                    "on {day}. Your baseline is the average of your first 90 days of readings of each measurement."
                ).format(days=int(self.period.currentData()), day=anchor.isoformat())
            )
        else:
            self.note.setText(self.baseline_note)
        self.trends_table.setRowCount(len(self.trend_rows))
        for row, t in enumerate(self.trend_rows):
            mean = ""
            if t.mean is not None:
                mean = (
                    f"{m.number_text(t.mean)}/{m.number_text(t.mean2)} {t.unit}"
                    if t.mean2 is not None
                    else f"{m.number_text(t.mean)} {t.unit}"
                )
            slope = _signed(t.slope_per_month, t.unit) if t.slope_per_month is not None else ""
            cells = [
                QTableWidgetItem(t.name),
                QTableWidgetItem(mean.strip()),
                QTableWidgetItem(t.latest.text if t.latest is not None else ""),
                QTableWidgetItem(change_text(t.change_last_year, t.unit) or self.tr("no data a year before")),
                QTableWidgetItem(change_text(t.change_baseline, t.unit)),
                QTableWidgetItem(slope),
            ]
            if t.notes:
                cells[0].setToolTip("\n".join(t.notes))
            for col, cell in enumerate(cells):
                if col:
                    cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.trends_table.setItem(row, col, cell)
        if not self.trend_rows:
            self.trends_table.setRowCount(1)
            self.trends_table.setItem(
                0, 0, QTableWidgetItem(self.tr("No readings in this period. Choose a longer period."))
            )
        lang = current_language()
        self.goals_table.setRowCount(len(self.progress_rows))
        for row, p in enumerate(self.progress_rows):
            self.goals_table.setItem(row, 0, QTableWidgetItem(f"{p.goal.label(lang)}: {p.goal.target_text(lang)}"))
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(round(max(0.0, min(1.0, p.fraction)) * 100))
            bar.setAccessibleName(p.goal.label(lang))
            self.goals_table.setCellWidget(row, 1, bar)
            text = QTableWidgetItem(p.text)
            text.setToolTip(p.text)
            self.goals_table.setItem(row, 2, text)
        if not self.progress_rows:
            self.goals_table.setRowCount(1)
            self.goals_table.setItem(0, 0, QTableWidgetItem(self.tr("No goals yet")))
            self.goals_table.setItem(
                0, 2, QTableWidgetItem(self.tr("Add one: steps a day, a weight, a blood pressure, hours of sleep."))
            )

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self._message(self.tr("Could not read"), workers.readable_error(exc))

    def _message(self, title: str, text: str, icon: QMessageBox.Icon = QMessageBox.Icon.Warning) -> None:
        box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        self.last_message = box
        box.open()

    # --------------------------------------------------------------- goals
    def set_goal(self, kind: str, target: str) -> bool:
        """Keep a goal (replacing one of the same kind); a readable message and False for a target that is not one."""
        from wallet.features.insights.goals import parse_goal, set_goal

        try:
            set_goal(self.vault, self._person(self.vault), parse_goal(kind, target))
        except WalletError as exc:
            self._message(self.tr("Goal not set"), workers.readable_error(exc))
            return False
        self.load()
        return True

    def ask_goal(self) -> None:
        """Add or change goal...: kind and target."""
        dialog = GoalDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.set_goal(str(dialog.kind.currentData()), dialog.target.text())

    def remove_goal(self) -> None:
        """Remove the goal chosen in the table."""
        from wallet.features.insights.goals import delete_goal

        row = self.goals_table.currentRow()
        if not 0 <= row < len(self.progress_rows):
            return
        delete_goal(self.vault, self._person(self.vault), self.progress_rows[row].goal.kind)
        self.load()

    # ------------------------------------------------------------- summary
    def chosen_month(self) -> date:
        """The first day of the month chosen for the summary."""
        d = self.month.date()
        return date(d.year(), d.month(), 1)

    def save_pdf(self, target: Path) -> Path | None:
        """Write the chosen month's summary as a PDF to ``target`` (audited, owner-only)."""
        from wallet.features.insights.summary import monthly_summary, summary_pdf
        from wallet.store.files import write_out

        lang = current_language()
        try:
            summary = monthly_summary(self.vault, self._person(self.vault), self.chosen_month(), lang)
            return write_out(
                self.vault,
                target,
                summary_pdf(summary, lang),
                action="insights.summary_pdf",
                detail={"month": summary.month.strftime("%Y-%m")},
                overwrite=True,
            )
        except (WalletError, OSError) as exc:
            self._message(self.tr("Summary not saved"), workers.readable_error(exc))
            return None

    def ask_pdf(self) -> None:
        """Save summary as PDF...: where to."""
        name, _ = QFileDialog.getSaveFileName(
            self,
            self.tr("Save the monthly summary"),
            f"summary-{self.chosen_month().strftime('%Y-%m')}.pdf",
            self.tr("PDF (*.pdf)"),
        )
        if name and self.save_pdf(Path(name)) is not None:
            self._message(
                self.tr("Summary saved"),
                self.tr("The summary was saved to {path}. It holds your data: keep it safe.").format(path=name),
                QMessageBox.Icon.Information,
            )

    def share_summary(self, recipient: str, organisation: str = "", purpose: str = "") -> None:
        """Prepare a share of the chosen month's summary: its text and the records it was made from."""
        from wallet.features.insights.summary import monthly_summary, summary_text
        from wallet.features.share.selection import prepare
        from wallet.features.share.templates import Recipient, Selection, ShareRequest

        lang = current_language()
        month = self.chosen_month()

        def job(v: Vault) -> Plan:
            person = self._person(v)
            summary = monthly_summary(v, person, month, lang)
            request = ShareRequest(
                template="custom",
                person_id=person,
                recipient=Recipient(name=recipient, organisation=organisation or None),
                purpose=purpose or f"Monthly health summary {month.strftime('%Y-%m')}",
                selection=Selection(record_ids=summary.record_ids),
                summary={
                    "title": f"Monthly health summary {month.strftime('%Y-%m')}",
                    "lines": summary_text(summary, lang).splitlines(),
                },
            )
            return prepare(v, request)

        workers.run_task(
            workers.with_reader(self.vault, job),
            on_done=self._prepared,
            on_error=lambda exc: self._message(self.tr("Cannot prepare the share"), workers.readable_error(exc)),
        )

    def _prepared(self, plan: Plan) -> None:
        from wallet.ui.share_consent import ConsentDialog

        self.consent = ConsentDialog(self.vault, plan, self)
        self.consent.open()

    def ask_share(self) -> None:
        """Share summary...: whom to; the consent dialog then shows the summary and every record."""
        from wallet.ui.trials_view import ShareTo

        dialog = ShareTo("", self)
        dialog.setWindowTitle(self.tr("Share the monthly summary"))
        dialog.purpose.setText(
            self.tr("Monthly health summary {month}").format(month=self.chosen_month().strftime("%Y-%m"))
        )
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.share_summary(
                dialog.recipient.text().strip(), dialog.organisation.text().strip(), dialog.purpose.text().strip()
            )


__all__ = ["GoalDialog", "GoalsPanel", "change_text"]
