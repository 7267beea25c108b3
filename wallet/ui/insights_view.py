"""The Insights section: where the person stands against published references, trends and goals, clinical trials.

Three tabs, each read on a worker thread with its own connection, nothing sent anywhere:

- **Where I stand** (:func:`wallet.features.insights.standing.where_i_stand`): each latest value
  against the reference that fits the person (growth z-scores and percentiles for a child, guideline
  categories for an adult), with the laboratory's own range first, the rule or formula used, and the
  reference's name, publisher, year, population and licence; below, the measurement's chart with the
  reference's normal range as a band.
- **Trends and goals** (:mod:`wallet.ui.goals_panel`).
- **Clinical trials** (:mod:`wallet.ui.trials_view`).

The wording is the references' own: facts, not a diagnosis.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QTableWidgetItem,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from wallet.features import measurements as m
from wallet.terms.measures import BY_KEY
from wallet.ui import whose, workers
from wallet.ui.charts import HealthChart
from wallet.ui.i18n import current as current_language
from wallet.ui.tables import list_table
from wallet.ui.views import embed_view

if TYPE_CHECKING:
    from wallet.features.insights.standing import Standing
    from wallet.store.vault import Vault
    from wallet.ui.goals_panel import GoalsPanel
    from wallet.ui.main_window import MainWindow
    from wallet.ui.trials_view import TrialsPanel


class StandingPanel(QWidget):
    """Where I stand: the person's latest values against published references, one row per comparison."""

    def __init__(self, vault: Vault, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vault = vault
        self.person_id = person_id
        self.standings: list[Standing] = []
        self._reads = workers.LatestRead()
        self._chart_reads = workers.LatestRead()
        self.loading = False

        self.heading = QLabel(
            self.tr(
                "Your latest values beside published references. Each row names the reference it compares with; "
                "these are the references' own words and numbers, not a diagnosis. Nothing leaves this computer."
            )
        )
        self.heading.setWordWrap(True)
        self.table = list_table(
            self.tr("Where your values stand"),
            [
                self.tr("Measurement"),
                self.tr("Value"),
                self.tr("Date"),
                self.tr("What the reference says"),
                self.tr("Reference"),
            ],
            stretch=3,
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Interactive)
        self.table.setColumnWidth(4, self.fontMetrics().horizontalAdvance("M") * 24)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.currentCellChanged.connect(lambda row, _c, _pr, _pc: self._chosen(row))

        self.detail = QTextBrowser()
        self.detail.setAccessibleName(self.tr("About the chosen comparison"))
        self.detail.setOpenExternalLinks(True)
        self.chart = HealthChart(lambda: self.vault)

        lower = QSplitter(Qt.Orientation.Horizontal)
        lower.addWidget(self.detail)
        lower.addWidget(self.chart)
        lower.setSizes([380, 600])
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setSizes([260, 340])
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(split, 1)
        self.load()

    def load(self) -> None:
        """Read the comparisons for the person, off the GUI thread."""
        from wallet.features.insights.standing import where_i_stand

        person_id, lang = self.person_id, current_language()

        def job(v: Vault) -> list[Standing]:
            person = v.person(person_id) if person_id else v.holder()
            return where_i_stand(v, person, lang)

        self.loading = True
        self.detail.setPlainText(self.tr("Reading..."))
        self._reads.start(self.vault, job, on_done=self._read, on_error=self._failed)

    def _read(self, standings: list[Standing]) -> None:
        self.loading = False
        self.standings = standings
        self.table.setRowCount(len(standings))
        for row, st in enumerate(standings):
            cells = [
                QTableWidgetItem(st.name),
                QTableWidgetItem(st.value_text),
                QTableWidgetItem(st.when),
                QTableWidgetItem(st.result),
                QTableWidgetItem(st.reference.label(current_language())),
            ]
            cells[3].setToolTip(st.result)
            cells[4].setToolTip(st.reference.label(current_language()))
            cells[1].setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if st.level:  # outside the reference's normal range: the words say it, bold makes it findable
                font = QFont(cells[3].font())
                font.setBold(True)
                cells[3].setFont(font)
            if st.own_range:
                cells[1].setToolTip(self.tr("The laboratory's own range: {range}").format(range=st.own_range))
            for col, cell in enumerate(cells):
                self.table.setItem(row, col, cell)
        if not standings:
            self.detail.setPlainText(
                self.tr(
                    "Nothing to compare yet. Import health records with blood pressure, weight and height, "
                    "blood tests (glucose, HbA1c, cholesterol, kidney function) or, for a child, weight, height "
                    "and head circumference with the child's birth date and sex."
                )
            )
            self.chart.show_series([], "", self.tr("No values to chart."))
            return
        self.table.setCurrentCell(0, 0)

    def current(self) -> Standing | None:
        """The comparison chosen in the table."""
        row = self.table.currentRow()
        return self.standings[row] if 0 <= row < len(self.standings) else None

    def _chosen(self, row: int) -> None:
        if not 0 <= row < len(self.standings):
            return
        st = self.standings[row]
        self.detail.setHtml(detail_html(st))
        self._load_chart(st)

    def _load_chart(self, st: Standing) -> None:
        key, person = st.measurement, self.person_id
        lang = current_language()

        def job(v: Vault) -> tuple[int, list[m.DailyValue], list[m.Sample], list[tuple[str, str, str]]]:
            history = reading_categories(v, person, st, lang) if key == "blood_pressure" else []
            total = m.count(v, key, person)
            return total, m.daily(v, key, person, lang=lang), m.samples(v, key, person, lang=lang), history

        def done(result: tuple[int, list[m.DailyValue], list[m.Sample], list[tuple[str, str, str]]]) -> None:
            total, days, items, history = result
            if history and self.current() is st:
                self.detail.setHtml(detail_html(st) + history_html(history))
            known = BY_KEY.get(key)
            unit = known.display if known is not None else ""
            band = st.band
            if band is not None and st.z is None:
                self.chart.set_band(band[0], band[1], self.tr("Reference range"))
            else:
                self.chart.set_band(None, None)
            self.chart.set_data(key, st.name, unit, days, items, total)

        self._chart_reads.start(self.vault, job, on_done=done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.detail.setPlainText(self.tr("Could not read: {error}").format(error=workers.readable_error(exc)))


HISTORY_SHOWN = 12
"""The blood-pressure readings listed with their category under the chosen comparison."""


def reading_categories(vault: Vault, person_id: str | None, st: Standing, lang: str) -> list[tuple[str, str, str]]:
    """The person's blood-pressure readings, newest first, each with its category in the guideline of ``st``:
    (day, value, category)."""
    from wallet.features.insights.guidelines import bp_history, guideline, guidelines_for

    gid = next((g for g in guidelines_for("blood_pressure") if guideline(g).reference == st.reference.id), None)
    if gid is None:
        return []
    person = vault.person(person_id) if person_id else vault.holder()
    out = []
    for sample, category in bp_history(vault, person, gid)[:HISTORY_SHOWN]:
        day = (sample.local_start or sample.start)[:10]
        out.append((day, sample.text, category.label_in(lang)))
    return out


def history_html(history: list[tuple[str, str, str]]) -> str:
    """The readings and their categories, as a small table under the comparison."""
    e = html.escape
    rows = "".join(f"<tr><td>{e(d)}</td><td>{e(v)}</td><td>{e(c)}</td></tr>" for d, v, c in history)
    title = e(QCoreApplication.translate("StandingPanel", "Each reading in this guideline (newest first):"))
    return f"<p><b>{title}</b></p><table cellspacing=4>{rows}</table>"


def detail_html(st: Standing) -> str:
    """The chosen comparison in full: the lab's own range first, what the reference says and how, the reference."""
    e = html.escape
    ref = st.reference
    lang = current_language()
    parts = []
    if st.own_range:
        parts.append(
            "<p><b>{}</b> {}</p>".format(
                e(QCoreApplication.translate("StandingPanel", "The laboratory's own range:")), e(st.own_range)
            )
        )
    parts.append(f"<p><b>{e(st.name)}</b> {e(st.value_text)} ({e(st.when)})</p>")
    parts.append(
        "<p>{} <b>{}</b></p>".format(
            e(QCoreApplication.translate("StandingPanel", "The reference says:")), e(st.result)
        )
    )
    if st.z is not None and st.percentile is not None:
        parts.append(
            "<p>{}</p>".format(
                e(
                    QCoreApplication.translate("StandingPanel", "z-score {z}, percentile {p}").format(
                        z=f"{st.z:.2f}", p=f"{st.percentile:.1f}"
                    )
                )
            )
        )
    if st.formula:
        parts.append(
            "<p><b>{}</b> {}</p>".format(e(QCoreApplication.translate("StandingPanel", "How:")), e(st.formula))
        )
    parts.append(
        '<p><b>{}</b> {}<br>{} {}<br>{} {}<br><a href="{}">{}</a></p>'.format(
            e(QCoreApplication.translate("StandingPanel", "Reference:")),
            e(ref.label(lang)),
            e(QCoreApplication.translate("StandingPanel", "Population:")),
            e(ref.population),
            e(QCoreApplication.translate("StandingPanel", "Licence:")),
            e(ref.licence),
            e(ref.url),
            e(ref.url),
        )
    )
    if ref.note:
        parts.append(f"<p>{e(ref.note)}</p>")
    parts.append(
        "<p><i>{}</i></p>".format(
            e(
                QCoreApplication.translate(
                    "StandingPanel",
                    "A fact from a published reference, not a diagnosis: talk to a doctor about what it means for you.",
                )
            )
        )
    )
    return "".join(parts)


class InsightsView(QWidget):
    """The Insights section's page: Where I stand, Trends and goals, Clinical trials."""

    def __init__(self, vault: Vault, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.vault = vault
        self.person_id = person_id
        self.setWindowTitle(self.tr("Insights"))
        self.resize(1000, 640)
        self.tabs = QTabWidget()
        self.standing = StandingPanel(vault, person_id)
        self.tabs.addTab(self.standing, self.tr("&Where I stand"))
        self.goals: GoalsPanel | None = None
        self.trials: TrialsPanel | None = None
        self._add_optional_tabs()
        layout = QVBoxLayout(self)
        self.whose = whose.whose_label()
        self.whose.setText(whose.showing_text(whose.find_person(vault.persons(), person_id)))
        layout.addWidget(self.whose)
        layout.addWidget(self.tabs, 1)

    def _add_optional_tabs(self) -> None:
        from wallet.ui.goals_panel import GoalsPanel
        from wallet.ui.trials_view import TrialsPanel

        self.goals = GoalsPanel(self.vault, self.person_id)
        self.tabs.addTab(self.goals, self.tr("&Trends and goals"))
        self.trials = TrialsPanel(self.vault, self.person_id)
        self.tabs.addTab(self.trials, self.tr("&Clinical trials"))

    def refresh(self) -> None:
        """Read everything again (new records may have arrived)."""
        self.standing.load()
        if self.goals is not None:
            self.goals.load()
        if self.trials is not None:
            self.trials.load()


def open_insights_view(main_window: MainWindow) -> InsightsView | None:
    """The Insights section, for the person chosen in the main window."""
    vault = main_window.vault
    if vault is None:
        return None
    person_id = main_window.current_person_id()
    view = embed_view(
        main_window,
        "insights",
        main_window.insights_view,
        lambda: InsightsView(vault, person_id, main_window),
        reuse=lambda old: old.person_id == person_id,
        refresh=lambda old: old.refresh(),
    )
    main_window.insights_view = view
    return view


__all__ = ["InsightsView", "StandingPanel", "detail_html", "open_insights_view"]
