"""The Listening and watching section: hours per week, top artists and shows of a period.

Reads :func:`wallet.features.listening.listening_summary` (Spotify plays, Netflix viewings, YouTube
watches of the social and entertainment domain) on a worker thread with its own connection.  A
period chooser (the last 12, 26 or 52 ISO weeks up to the latest play) sets what the bar chart
(:class:`wallet.ui.charts.ListeningChart`) and the two lists show.  The plays and posts themselves
are records of the timeline, found there by its search like every other record.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from wallet.features.listening import ListeningSummary, TopItem, listening_summary
from wallet.ui import whose, workers
from wallet.ui.charts import ListeningChart
from wallet.ui.tables import list_table
from wallet.ui.views import embed_view

if TYPE_CHECKING:
    from wallet.store.vault import Vault
    from wallet.ui.main_window import MainWindow

PERIOD_WEEKS: tuple[int, ...] = (12, 26, 52)
"""The periods the chooser offers, in weeks (the first is shown first)."""
TOP_SHOWN = 10
"""Artists and shows listed for the period."""
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ListeningView(QWidget):
    """Listening and watching of the person over the chosen period: a bar per week, top artists and shows."""

    def __init__(self, vault: Vault, person_id: str | None, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.vault = vault
        self.person_id = person_id
        self.summary: ListeningSummary | None = None
        self.loading = False
        self._reads = workers.LatestRead()
        self.setWindowTitle(self.tr("Listening and watching"))
        self.resize(1000, 640)

        self.period_box = QComboBox()
        self.period_box.setAccessibleName(self.tr("Period shown"))
        for weeks in PERIOD_WEEKS:
            self.period_box.addItem(self.tr("Last {n} weeks").format(n=weeks), weeks)
        period_label = QLabel(self.tr("&Period:"))
        period_label.setBuddy(self.period_box)
        self.period_box.currentIndexChanged.connect(lambda _i: self.load())
        top = QHBoxLayout()
        top.addWidget(period_label)
        top.addWidget(self.period_box)
        top.addStretch(1)

        self.status = QLabel(self.tr("Reading plays..."))
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleName(self.tr("Totals of the period"))
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.chart = ListeningChart(lambda: self.vault)
        self.artists = list_table(self.tr("Top artists"), [self.tr("Artist"), self.tr("Hours"), self.tr("Plays")])
        self.shows = list_table(
            self.tr("Top shows"), [self.tr("Show, podcast or channel"), self.tr("Hours"), self.tr("Plays")]
        )
        lists = QSplitter(Qt.Orientation.Horizontal)
        for title, table in ((self.tr("Top artists"), self.artists), (self.tr("Top shows"), self.shows)):
            box = QWidget()
            box_layout = QVBoxLayout(box)
            box_layout.setContentsMargins(0, 0, 0, 0)
            heading = QLabel(title)
            heading.setStyleSheet("font-weight: bold;")
            box_layout.addWidget(heading)
            box_layout.addWidget(table, 1)
            lists.addWidget(box)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.chart)
        split.addWidget(lists)
        split.setSizes([380, 260])
        self.hint = QLabel(
            self.tr(
                "Each play, viewing and post is also a record of the timeline: search there for an artist, "
                "a show or a word of a post."
            )
        )
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")

        layout = QVBoxLayout(self)
        self.whose = whose.whose_label()
        self.whose.setText(whose.showing_text(whose.find_person(vault.persons(), person_id)))
        layout.addWidget(self.whose)
        layout.addLayout(top)
        layout.addWidget(self.status)
        layout.addWidget(split, 1)
        layout.addWidget(self.hint)
        self.load()

    def weeks(self) -> int:
        """The number of weeks chosen."""
        data = self.period_box.currentData()
        return int(data) if isinstance(data, int) else PERIOD_WEEKS[0]

    def load(self) -> None:
        """Read the summary of the chosen period, off the GUI thread."""
        person_id, weeks = self.person_id, self.weeks()

        def job(v: Vault) -> ListeningSummary:
            return listening_summary(v, person_id, weeks, limit=TOP_SHOWN)

        self.loading = True
        self.status.setText(self.tr("Reading plays..."))
        self._reads.start(self.vault, job, on_done=self._read, on_error=self._failed)

    def refresh(self) -> None:
        """Read again (new plays may have been imported)."""
        self.load()

    def _read(self, summary: ListeningSummary) -> None:
        self.loading = False
        self.summary = summary
        self.chart.show_weeks(summary.weeks)
        _fill(self.artists, summary.top_artists)
        _fill(self.shows, summary.top_shows)
        if not summary.plays:
            self.status.setText(
                self.tr(
                    "No plays in this period. Import a Spotify, Netflix or YouTube history "
                    "(File > Import...) to see listening and watching per week."
                )
            )
            return
        self.status.setText(
            self.tr("{since} to {until}: listening {listening} h, watching {watching} h, {plays} plays").format(
                since=summary.since.isoformat() if summary.since else "",
                until=summary.until.isoformat() if summary.until else "",
                listening=f"{summary.listening_hours:,.1f}",
                watching=f"{summary.watching_hours:,.1f}",
                plays=f"{summary.plays:,}",
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.loading = False
        self.status.setText(self.tr("Could not read: {error}").format(error=workers.readable_error(exc)))


def _fill(table: QTableWidget, items: list[TopItem]) -> None:
    table.setRowCount(len(items))
    for row, item in enumerate(items):
        cells = [
            QTableWidgetItem(item.name),
            QTableWidgetItem(f"{item.hours:,.1f}"),
            QTableWidgetItem(f"{item.plays:,}"),
        ]
        cells[0].setToolTip(item.name)
        for col, cell in enumerate(cells):
            if col:
                cell.setTextAlignment(RIGHT)
            table.setItem(row, col, cell)


def open_listening_view(main_window: MainWindow) -> ListeningView | None:
    """The Listening and watching section, for the person chosen in the main window."""
    vault = main_window.vault
    if vault is None:
        return None
    person_id = main_window.current_person_id()
    view = embed_view(
        main_window,
        "listening",
        main_window.listening_view,
        lambda: ListeningView(vault, person_id, main_window),
        reuse=lambda old: old.person_id == person_id,
        refresh=lambda old: old.refresh(),
    )
    main_window.listening_view = view
    return view


__all__ = ["PERIOD_WEEKS", "ListeningView", "open_listening_view"]
