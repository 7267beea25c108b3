"""Home: the first screen of each person after unlocking.

On a person without records, a clear start: a drop target for files and a short list of how to
get one's data out of the usual places.  Afterwards, cards: the Medical ID (allergies first),
the latest vitals with a small trend, spending this month against last month, energy against the
same month a year before, recent documents, the shares still active and each source with its
last import.  Clicking a card opens its section of the main window.

What to show is computed by :func:`wallet.features.home.summary` on a worker thread
(:func:`wallet.ui.workers.run_task` with its own connection), so the home never stalls the window.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragLeaveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.features import home as features
from wallet.terms.money import format_money
from wallet.terms.numbers import format_number
from wallet.ui import whose, workers
from wallet.ui.i18n import current

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow


def _plain(text: str, *, bold: bool = False, wrap: bool = True) -> QLabel:
    """A label that shows ``text`` as it is (data from files is never read as rich text)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(wrap)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class Sparkline(QWidget):
    """A small line of a few values (oldest first), in the palette's highlight colour; a second line if given."""

    def __init__(self, values: list[float], second: list[float] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = values
        self.second = second or []
        self.setFixedSize(QSize(110, 30))
        self.setAccessibleName(self.tr("Trend"))

    @override
    def paintEvent(self, event: QPaintEvent) -> None:
        series = [s for s in (self.values, self.second) if len(s) >= 2]
        if not series:
            return
        lo = min(min(s) for s in series)
        hi = max(max(s) for s in series)
        span = hi - lo or 1.0
        w, h = self.width() - 4, self.height() - 4
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        colours = (self.palette().color(QPalette.ColorRole.Highlight), self.palette().color(QPalette.ColorRole.Link))
        for values, colour in zip(series, colours, strict=False):
            step = w / (len(values) - 1)
            points = [QPointF(2 + i * step, 2 + h - (v - lo) / span * h) for i, v in enumerate(values)]
            painter.setPen(QPen(colour, 1.6))
            painter.drawPolyline(QPolygonF(points))
            painter.setBrush(colour)
            painter.drawEllipse(points[-1], 2.2, 2.2)
        painter.end()


class Card(QFrame):
    """A panel with a title; clicking it (or Enter/Space when it has the focus) emits :attr:`opened`."""

    opened = Signal(str)

    def __init__(self, section: str, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.section = section
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(title)
        self.setToolTip(self.tr("Click to open"))
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 12)
        self.body.setSpacing(4)
        heading = _plain(title, bold=True)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        self.body.addWidget(heading)

    def line(self, text: str, *, bold: bool = False, muted: bool = False) -> QLabel:
        """Add a line of plain text to the card."""
        label = _plain(text, bold=bold)
        if muted:
            label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.body.addWidget(label)
        return label

    @override
    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(event.position().toPoint()):
            self.opened.emit(self.section)
        super().mouseReleaseEvent(event)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.opened.emit(self.section)
            return
        super().keyPressEvent(event)


class DropTarget(QFrame):
    """Where to drop files on an empty vault (the whole window takes drops too), with *Choose files...*."""

    def __init__(self, window: MainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.window_ = window
        self.setAcceptDrops(True)
        self.setFrameShape(QFrame.Shape.Box)
        self.setFrameShadow(QFrame.Shadow.Plain)
        self.setLineWidth(2)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setMinimumHeight(130)
        self.setAccessibleName(self.tr("Drop files here"))
        layout = QVBoxLayout(self)
        layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label = _plain(self.tr("Drop files here"), bold=True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        font = self.label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.label.setFont(font)
        layout.addWidget(self.label)
        hint = _plain(self.tr("Exports, statements, records and PDFs: the wallet finds out what each file is."))
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(hint)
        self.choose = QPushButton(self.tr("Choose files..."))
        self.choose.clicked.connect(window.choose_import)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.choose)
        row.addStretch(1)
        layout.addLayout(row)

    def _highlight(self, on: bool) -> None:
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase if on else QPalette.ColorRole.Base)
        self.setForegroundRole(QPalette.ColorRole.Highlight if on else QPalette.ColorRole.WindowText)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        self.window_.dragEnterEvent(event)  # the window's own rule: local files, an open vault
        self._highlight(event.isAccepted())

    @override
    def dragLeaveEvent(self, event: QDragLeaveEvent) -> None:
        self._highlight(False)

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        self._highlight(False)
        self.window_.dropEvent(event)


class HomePage(QScrollArea):
    """The home of the person chosen in the main window (see the module docstring)."""

    loaded = Signal()
    """Emitted when the home shows what was read for the person (tests and the benchmark wait for it)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__()
        self.window_ = window
        self.data: features.Home | None = None
        self._generation = 0
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAccessibleName(self.tr("Home"))
        self.content = QWidget()
        self.layout_ = QVBoxLayout(self.content)
        self.layout_.setContentsMargins(12, 8, 12, 12)
        self.layout_.setSpacing(10)
        self.whose = whose.whose_label()
        self.layout_.addWidget(self.whose)
        self.page: QWidget | None = None
        self.cards: dict[str, Card] = {}
        self.layout_.addStretch(1)
        self.setWidget(self.content)
        self._focus_wanted = False
        """After the unlock, the keyboard focus goes to the first card once the home shows (focus_start)."""

    # ----------------------------------------------------------------- loading
    def load(self) -> None:
        """Read what to show for the person chosen, in the background; shown when it arrives."""
        vault = self.window_.vault
        if vault is None:
            return
        self._generation += 1
        gen = self._generation
        person = self.window_.current_person_id()
        lang = current()
        job = workers.with_reader(vault, lambda r: (gen, features.first(r, person, lang)))
        workers.run_task(job, on_done=self._loaded, on_error=self._failed)

    def _read_rest(self, gen: int, data: features.Home) -> None:
        vault = self.window_.vault
        if vault is None:
            return
        person = self.window_.current_person_id()
        job = workers.with_reader(vault, lambda r: (gen, features.rest(r, person, data)))
        workers.run_task(job, on_done=self._loaded, on_error=self._failed)

    def clear(self) -> None:
        """Show nothing (the vault is locked): every card goes."""
        self._generation += 1
        self._focus_wanted = False
        self.data = None
        self.whose.clear()
        self._set_page(None)

    def _loaded(self, result: tuple[int, features.Home]) -> None:
        gen, data = result
        if gen != self._generation or self.window_.vault is None:
            return
        self.data = data
        self.whose.setText(whose.showing_text(self.window_.current_person()))
        focused = self.focused_card()  # the cards are built again: the focus stays on the same one
        self.cards = {}
        self._set_page(self._start() if data.empty else self._cards(data))
        again = self.cards.get(focused) if focused is not None else None
        if again is not None:
            again.setFocus(Qt.FocusReason.OtherFocusReason)
        self._apply_focus()
        self.loaded.emit()
        if data.pending:  # spending and energy: months of rows, read after the first cards are up
            self._read_rest(gen, data)

    def focus_start(self) -> None:
        """Put the keyboard focus where a person starts (after the unlock): the first card, or *Choose files...*
        on an empty vault; when the home is still being read, as soon as it shows.  A focus the person has
        moved elsewhere meanwhile is left where it is."""
        self._focus_wanted = True
        self._apply_focus()

    def start_widget(self) -> QWidget | None:
        """The widget :meth:`focus_start` gives the focus to, None while nothing is shown."""
        if self.cards:
            return next(iter(self.cards.values()))
        target: DropTarget | None = getattr(self, "drop_target", None)
        if target is not None and self.page is not None and self.page.isAncestorOf(target):
            return target.choose
        return None

    def focused_card(self) -> str | None:
        """The section of the card that has the window's focus, if one has."""
        focus = self.window_.focusWidget()
        return next((section for section, card in self.cards.items() if card is focus), None)

    def _apply_focus(self) -> None:
        target = self.start_widget() if self._focus_wanted else None
        if target is None:
            return
        self._focus_wanted = False
        focus = self.window_.focusWidget()
        if focus is None or focus is self.window_.section_list or self.isAncestorOf(focus):
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.ensureWidgetVisible(target)

    @property
    def complete(self) -> bool:
        """Whether every card shows what was read (none is still being read)."""
        return self.data is not None and not self.data.pending

    def _failed(self, exc: BaseException) -> None:
        if self.window_.vault is not None:
            self._set_page(
                _plain(self.tr("Could not read the home: {error}").format(error=workers.readable_error(exc)))
            )

    def _set_page(self, page: QWidget | None) -> None:
        if self.page is not None:
            self.layout_.removeWidget(self.page)
            self.page.hide()
            self.page.deleteLater()
        if page is None:
            self.cards = {}
        self.page = page
        if page is not None:
            self.layout_.insertWidget(1, page)
            page.show()  # now, not at the next turn of the event loop (what a layout does)

    # ------------------------------------------------------------ first run
    def how_to(self) -> list[tuple[str, str]]:
        """Where to get one's data out of, one line each: (source, what to tap where)."""
        from wallet.ui.import_summary import how_to

        return how_to()

    def _start(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(10)
        title = _plain(self.tr("Welcome. Nothing is in your vault yet."), bold=True)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        title.setFont(font)
        layout.addWidget(title)
        layout.addWidget(
            _plain(
                self.tr(
                    "Bring your data in: drop files anywhere on this window, or choose them. Everything stays "
                    "encrypted on this computer."
                )
            )
        )
        self.drop_target = DropTarget(self.window_)
        layout.addWidget(self.drop_target)
        layout.addWidget(_plain(self.tr("How to get your data out of:"), bold=True))
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(6)
        grid.setColumnStretch(1, 1)
        for row, (source, how) in enumerate(self.how_to()):
            name = _plain(source, bold=True, wrap=False)
            name.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            grid.addWidget(name, row, 0)
            grid.addWidget(_plain(how), row, 1)
        layout.addLayout(grid)
        return page

    # ----------------------------------------------------------------- cards
    def _month(self, month: date) -> str:
        locale = QLocale(QLocale.Language.Korean if current() == "ko" else QLocale.Language.English)
        name = locale.monthName(month.month, QLocale.FormatType.LongFormat)
        return self.tr("{month} {year}").format(month=name, year=month.year)

    def _money(self, amount: Decimal, currency: str) -> str:
        return format_money(amount, currency, current())

    def _card(self, section: str, title: str) -> Card:
        card = Card(section, title)
        card.opened.connect(self.window_.show_section)
        self.cards[section] = card
        return card

    def _medical_card(self, m: features.MedicalCard) -> Card:
        card = self._card("medical_id", self.tr("Medical ID"))
        if m.empty:
            card.line(self.tr("Nothing entered yet."), muted=True)
            card.line(self.tr("Add allergies, conditions, medications and whom to call in an emergency."))
            return card
        if m.allergies:
            card.line(self.tr("Allergies: {list}").format(list=", ".join(m.allergies)), bold=True)
        else:
            card.line(self.tr("No allergies recorded."), bold=True)
        if m.blood_type:
            card.line(self.tr("Blood type: {type}").format(type=m.blood_type))
        if m.conditions:
            card.line(self.tr("Conditions: {list}").format(list=", ".join(m.conditions)))
        if m.medications:
            card.line(self.tr("Medications: {list}").format(list=", ".join(m.medications)))
        if m.contacts:
            card.line(self.tr("Emergency contacts: {n}").format(n=m.contacts))
        return card

    def _vitals_card(self, vitals: list[features.Vital]) -> Card:
        card = self._card("health", self.tr("Latest vitals"))
        if not vitals:
            card.line(self.tr("No heart rate, blood pressure, weight or glucose readings yet."), muted=True)
            return card
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setColumnStretch(0, 1)
        for row, v in enumerate(vitals):
            name = _plain(v.name, wrap=False)
            value = _plain(v.latest, bold=True, wrap=False)
            value.setAccessibleName(v.name)
            when = _plain(v.when, wrap=False)
            when.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            grid.addWidget(Sparkline(v.trend, v.trend2), row, 2)
            grid.addWidget(when, row, 3)
        card.body.addLayout(grid)
        return card

    def _spending_card(self, spending: list[features.Spending]) -> Card:
        card = self._card("money", self.tr("Spending"))
        for s in spending:
            card.line(
                self.tr("{month}: {amount} spent").format(
                    month=self._month(s.month), amount=self._money(s.spent, s.currency)
                ),
                bold=True,
            )
            line = self.tr("{month}: {amount}").format(
                month=self._month(s.previous_month), amount=self._money(s.previous, s.currency)
            )
            if s.previous > 0:
                change = (s.spent - s.previous) / s.previous * 100
                if change >= 0:
                    line += "  " + self.tr("({pct}% more this month)").format(pct=f"{change:.0f}")
                else:
                    line += "  " + self.tr("({pct}% less this month)").format(pct=f"{-change:.0f}")
            card.line(line, muted=True)
        return card

    def _energy_card(self, energy: list[features.EnergyUse]) -> Card:
        card = self._card("energy", self.tr("Energy"))
        for e in energy:
            card.line(
                self.tr("{month}: {total} {unit}").format(
                    month=self._month(e.month), total=format_number(e.total), unit=e.unit
                ),
                bold=True,
            )
            before = e.month.replace(year=e.month.year - 1)
            if e.last_year is None:
                card.line(self.tr("No readings for {month}.").format(month=self._month(before)), muted=True)
                continue
            line = self.tr("{month}: {total} {unit}").format(
                month=self._month(before), total=format_number(e.last_year), unit=e.unit
            )
            if e.last_year > 0:
                change = (e.total - e.last_year) / e.last_year * 100
                if change >= 0:
                    line += "  " + self.tr("({pct}% more than a year before)").format(pct=f"{change:.0f}")
                else:
                    line += "  " + self.tr("({pct}% less than a year before)").format(pct=f"{-change:.0f}")
            card.line(line, muted=True)
        return card

    def _documents_card(self, docs: list[features.DocumentItem]) -> Card:
        card = self._card("documents", self.tr("Recent documents"))
        for d in docs:
            card.line(f"{d.day}  {d.title}" if d.day else d.title)
        return card

    def _shares_card(self, shares: list[features.ShareItem]) -> Card:
        card = self._card("sharing", self.tr("Active shares"))
        if not shares:
            card.line(self.tr("Nothing is shared at the moment."), muted=True)
        for s in shares:
            until = self.tr("until {date}").format(date=s.expires) if s.expires else self.tr("no expiry")
            card.line(
                self.tr("{recipient}: {purpose} ({until})").format(
                    recipient=s.recipient, purpose=s.purpose, until=until
                )
            )
        return card

    def _sources_card(self, sources: list[features.SourceItem]) -> Card:
        card = self._card("timeline", self.tr("Sources"))
        for s in sources:
            line = self.tr("{name}: last import {when}").format(name=s.name, when=s.last_import)
            if s.imports > 1:
                line += " " + self.tr("({n} imports)").format(n=s.imports)
            card.line(line)
        return card

    def _goals_card(self, goals: list[features.GoalItem]) -> Card:
        card = self._card("insights", self.tr("Goals"))
        for g in goals:
            card.line(g.name, bold=True)
            bar = QProgressBar()
            bar.setRange(0, 100)
            bar.setValue(round(max(0.0, min(1.0, g.fraction)) * 100))
            bar.setAccessibleName(g.name)
            bar.setMaximumHeight(self.fontMetrics().height())
            card.body.addWidget(bar)
            card.line(g.text, muted=True)
        return card

    def _cards(self, data: features.Home) -> QWidget:
        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(10)
        cards: list[Card] = [self._medical_card(data.medical), self._vitals_card(data.vitals)]
        if data.goals:
            cards.append(self._goals_card(data.goals))
        if data.spending or "money" in data.pending:
            cards.append(self._spending_card(data.spending))
        if data.energy or "energy" in data.pending:
            cards.append(self._energy_card(data.energy))
        for section in data.pending:
            self.cards[section].line(self.tr("Reading..."), muted=True)
        if data.documents:
            cards.append(self._documents_card(data.documents))
        cards.append(self._shares_card(data.shares))
        if data.sources:
            cards.append(self._sources_card(data.sources))
        for i, card in enumerate(cards):
            card.body.addStretch(1)  # the cards of a row are as tall as the tallest
            grid.addWidget(card, i // 2, i % 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        return page


__all__ = ["Card", "DropTarget", "HomePage", "Sparkline"]
