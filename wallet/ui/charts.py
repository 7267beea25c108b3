"""Charts in the health, money and energy views, drawn with pyqtgraph.

pyqtgraph (and numpy under it) is imported when the first chart is made, not when the app
starts (:func:`pyqtgraph`).  Every chart here is a :class:`Chart`: a plot with a date axis,
axis labels with units, the mouse to zoom and pan (in time; the value axis follows what is
in view), a line under the plot that says what the pointer is on (value, date, source),
"Show all" and "Save chart as PNG...".  The PNG leaves the vault through
:func:`wallet.store.files.write_out`, like every other file the user asks for: audited,
owner-only, to the file the user chose.  pyqtgraph's own context menu (whose "Export..."
would write files past that) is switched off.

Colours come from the widget's palette (Base, Text, Highlight, Mid), so a dark theme gives
a dark chart; a second series takes a hue opposite the highlight's.  Times are placed as
wall-clock times in the zone each value happened in (docs/clock.md) on an axis that shows
them as they are (``utcOffset=0``): a day's value sits on its own day, wherever the app runs.

The charts: :class:`HealthChart` (a measurement over a period: single readings when
few, else the daily average with the day's lowest-highest band; blood pressure as pairs;
steps, distance and energy as daily totals), :class:`MoneyChart` (income and spending per
month, one currency), :class:`BalanceChart` (balances over time: a line per account of one
currency, or its net worth per day or month), :class:`CategoryChart` (spending per category in a month, horizontal
bars) and :class:`CategoryTrendChart` (one category per month), :class:`EnergyChart` (use per
day or month beside the same period a year before), :class:`ListeningChart` (hours of listening
and watching per week).
"""

from __future__ import annotations

import calendar
import html
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, Qt
from PySide6.QtGui import QColor, QPalette, QResizeEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QToolTip,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.store.files import write_out
from wallet.terms.clock import format_when
from wallet.terms.measures import BY_KEY
from wallet.ui.workers import readable_error

if TYPE_CHECKING:
    from wallet.features.energy import EnergyTotal
    from wallet.features.finance import Totals
    from wallet.features.listening import WeekUse
    from wallet.features.measurements import DailyValue, Sample
    from wallet.features.money.accounts import BalanceHistory, BalanceSource, CategoryMonth, NetWorthPoint
    from wallet.store.vault import Vault

DAY = 86400.0
HOVER_PIXELS = 14.0
"""The pointer names the nearest value within this many pixels."""
FEW = 120
"""At most this many readings in the period: each reading is drawn, else the daily summary."""

Style = Literal["line", "bars", "hbars", "band", "stems"]
Role = Literal["primary", "secondary", "muted"]

_pg: ModuleType | None = None


def pyqtgraph() -> ModuleType:
    """pyqtgraph, imported (and configured) on first use: opening the app does not load it."""
    global _pg
    if _pg is None:
        import pyqtgraph as pg  # the one place it is imported: not at app start-up

        pg.setConfigOptions(antialias=True, useNumba=False, exitCleanup=False)
        _numeric_dates()
        _pg = pg
    return _pg


def _numeric_dates() -> None:
    """Date ticks in numbers (``2024-03``, ``03-04``) as the tables write dates, not English month and weekday
    names ("Mar", "Mon 04"), which a Korean window would show in English."""
    from pyqtgraph.graphicsItems import DateAxisItem as dates

    formats = {"%b": "%m", "%a %d": "%m-%d"}
    for level in (dates.YEAR_MONTH_ZOOM_LEVEL, dates.DAY_HOUR_ZOOM_LEVEL, dates.HOUR_MINUTE_ZOOM_LEVEL):
        for spec in level.tickSpecs:
            spec.format = formats.get(spec.format, spec.format)
    month_day = dates.MONTH_DAY_ZOOM_LEVEL
    month_day.tickSpecs[0].format = "%Y-%m"
    month_day.exampleText = "0000-00"


def day_x(day: date | str) -> float:
    """Where a day sits on the time axis: its noon, as a wall-clock time (the axis shows it as is)."""
    d = date.fromisoformat(day) if isinstance(day, str) else day
    return calendar.timegm(d.timetuple()) + DAY / 2


def month_x(month: date) -> float:
    """Where a month sits on the time axis: the middle of the month."""
    days = calendar.monthrange(month.year, month.month)[1]
    return calendar.timegm(month.replace(day=1).timetuple()) + days * DAY / 2


def wall_x(stamp: str, date_only: bool = False) -> float | None:
    """A stored time as a wall-clock time in its own zone (docs/clock.md), on the time axis."""
    try:
        when = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return None
    if date_only:
        return day_x(when.date())
    return calendar.timegm(when.replace(tzinfo=None).timetuple()) + when.microsecond / 1e6


def grouped(values: Sequence[float], scale: float, spacing: float) -> list[str]:
    """Value-axis labels grouped by thousands (``2,500,000``), with as many decimals as the spacing needs."""
    step = abs(spacing * scale) or 1.0
    places = max(0, -math.floor(math.log10(step))) if step < 1 else 0
    return [f"{v * scale:,.{places}f}" for v in values]


def number(value: float) -> str:
    """A value as the views write it: grouped, whole numbers without decimals."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


@dataclass
class Series:
    """One series of a chart: its points, how it is drawn, and what the pointer says on each point."""

    name: str
    style: Style
    xs: list[float] = field(default_factory=list)
    ys: list[float] = field(default_factory=list)
    lows: list[float] = field(default_factory=list)
    """The band's lower edge (``band``) or the other end of each stem (``stems``)."""
    tips: list[str] = field(default_factory=list)
    role: Role = "primary"
    width: float = DAY * 0.8
    """Bar width, in seconds of the time axis."""
    offset: float = 0.0
    """Bars moved this far along the time axis (two series side by side)."""
    shade: int = 0
    """0: the role's colour; 1, 2, ...: a colour of its own from the palette (:func:`series_colour`)."""

    def add(self, x: float, y: float, tip: str, low: float | None = None) -> None:
        """One more point."""
        self.xs.append(x)
        self.ys.append(y)
        self.tips.append(tip)
        if low is not None:
            self.lows.append(low)


def colours(palette: QPalette) -> dict[str, QColor]:
    """The chart's colours, all from ``palette``: background, text, grid and the series' roles."""
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    primary = palette.color(QPalette.ColorRole.Highlight)
    hue = primary.hslHue() if primary.hslHue() >= 0 else 210
    dark = base.lightness() < 128
    secondary = QColor.fromHsl((hue + 170) % 360, max(primary.hslSaturation(), 150), 170 if dark else 110)
    muted = QColor(text)
    muted.setAlpha(110)
    grid = palette.color(QPalette.ColorRole.Mid)
    return {"base": base, "text": text, "primary": primary, "secondary": secondary, "muted": muted, "grid": grid}


def series_colour(s: Series, c: dict[str, QColor]) -> QColor:
    """The colour of ``s``: its role's, or (``shade`` above 0, the third line of a chart and after) a hue turned
    from the highlight's by ``shade`` golden angles, as saturated and light as the theme's second colour."""
    if s.shade <= 0:
        return c[s.role]
    primary = c["primary"]
    hue = primary.hslHue() if primary.hslHue() >= 0 else 210
    dark = c["base"].lightness() < 128
    turned = round(hue + 170 + s.shade * 137.5) % 360
    return QColor.fromHsl(turned, max(primary.hslSaturation(), 150), 170 if dark else 110)


class Chart(QWidget):
    """A plot with a date axis, hover text, "Show all" and "Save chart as PNG..." (audited)."""

    def __init__(self, name: str, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        pg = pyqtgraph()
        self.vault_of = vault
        self.series: list[Series] = []
        self.title = ""
        self.empty_text = ""
        self._y_label = ""
        self._x_label = ""
        axis = pg.DateAxisItem(orientation="bottom", utcOffset=0)
        self.plot: Any = pg.PlotWidget(axisItems={"bottom": axis})
        self.plot.setAccessibleName(name)
        self.plot.setMinimumHeight(200)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        item = self.plot.getPlotItem()
        item.setMenuEnabled(False)  # its Export... would write files past write_out
        item.hideButtons()
        item.vb.setMouseEnabled(x=True, y=False)  # zoom and pan in time; the values follow what is shown
        item.vb.setAutoVisible(y=True)
        for side in ("left", "bottom"):
            item.getAxis(side).enableAutoSIPrefix(False)  # kWh stays kWh, never "kkWh"
        item.getAxis("left").tickStrings = grouped  # 2,500,000 as the tables write it
        self.ticks: list[tuple[float, str]] | None = None
        """Label the time axis with these (the months or days of bars) instead of pyqtgraph's own date ticks."""
        self.plot.scene().sigMouseMoved.connect(self._moved)
        self.legend = ""
        """The key of the series (coloured squares and names), drawn after the title: it never covers the data."""
        self.band: tuple[float | None, float | None, str] | None = None
        """A reference's normal range (low, high, its name), drawn behind the data (:meth:`set_band`)."""

        self.hover = QLabel(" ")
        self.hover.setTextFormat(Qt.TextFormat.PlainText)
        self.hover.setAccessibleName(self.tr("Value under the pointer"))
        self.show_all = QPushButton(self.tr("Show &all"))
        self.show_all.setToolTip(self.tr("Zoom out to every value of the chart (the wheel zooms, dragging pans)"))
        self.show_all.clicked.connect(self.reset_zoom)
        self.save_button = QPushButton(self.tr("Save chart as PN&G..."))
        self.save_button.setToolTip(self.tr("Write this chart to an image file you choose (it shows your data)"))
        self.save_button.clicked.connect(self.ask_save_png)
        self.tools = QHBoxLayout()
        self.tools.setContentsMargins(0, 0, 0, 0)
        self.tools.addStretch(1)
        self.tools.addWidget(self.show_all)
        self.tools.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.tools)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.hover)
        self._style()

    # ------------------------------------------------------------ drawing
    def set_axes(self, y_label: str, x_label: str) -> None:
        """The axis labels (units in the value axis's label: "Heart rate (bpm)")."""
        self._y_label, self._x_label = y_label, x_label

    def show_series(self, series: Sequence[Series], title: str = "", empty_text: str = "") -> None:
        """Draw ``series`` (replacing what was drawn), titled ``title``; ``empty_text`` when there is nothing."""
        self.series = [s for s in series if s.xs]
        self.title, self.empty_text = title, empty_text
        self._draw()

    def set_band(self, low: float | None, high: float | None, name: str = "") -> None:
        """Show a reference's normal range behind the data from the next drawing on (both None: none).

        An open end (``high`` None: "60 or more") is drawn as a line at the other end; the band never
        widens the value axis beyond the data.
        """
        self.band = None if low is None and high is None else (low, high, name)

    def _draw_band(self, item: Any, c: dict[str, QColor]) -> None:
        pg = pyqtgraph()
        if self.band is None or not self.series:
            return
        low, high, name = self.band
        fill = QColor(c["secondary"])
        fill.setAlpha(40)
        edge = QColor(c["secondary"])
        edge.setAlpha(150)
        tip = html.escape(name)
        if low is not None and high is not None:
            region = pg.LinearRegionItem(
                values=(low, high),
                orientation="horizontal",
                movable=False,
                brush=pg.mkBrush(fill),
                pen=pg.mkPen(edge, style=Qt.PenStyle.DashLine),
            )
            region.setZValue(-10)
            region.setToolTip(tip)
            item.addItem(region, ignoreBounds=True)
            return
        line = pg.InfiniteLine(
            pos=low if low is not None else high, angle=0, movable=False, pen=pg.mkPen(edge, style=Qt.PenStyle.DashLine)
        )
        line.setToolTip(tip)
        item.addItem(line, ignoreBounds=True)

    def _draw(self) -> None:
        pg = pyqtgraph()
        c = colours(self.palette())
        item = self.plot.getPlotItem()
        item.clear()
        text = self._css(c["text"])
        named = [s for s in self.series if s.name]
        # the labels are rich text: names from the data (an account, a code's display) are escaped
        self.legend = (
            "&nbsp;&nbsp;&nbsp;".join(
                f'<span style="color:{self._swatch(s, c)}">&#9632;</span>&nbsp;{html.escape(s.name)}' for s in named
            )
            if len(named) > 1
            else ""
        )
        if self.band is not None and self.band[2] and self.series:  # the reference band's name in the key
            key = f'<span style="color:{self._css(c["secondary"])}">&#9632;</span>&nbsp;{html.escape(self.band[2])}'
            self.legend = f"{self.legend}&nbsp;&nbsp;&nbsp;{key}" if self.legend else key
        heading = html.escape(self.title if self.series else self.empty_text)
        if self.legend and self.series:
            long = len(self.title) + sum(len(s.name) + 4 for s in named) > 70  # then the key goes on a line of its own
            gap = "<br>" if long else "&nbsp;&nbsp;&nbsp;&nbsp;"
            heading = f"{heading}{gap}{self.legend}" if heading else self.legend
        item.setTitle(heading or None, color=text, size="10pt")
        item.setLabel("left", html.escape(self._y_label), color=text)
        item.setLabel("bottom", html.escape(self._x_label), color=text)
        self._axis_space()
        for s in self.series:
            colour = series_colour(s, c)
            if s.style == "bars":
                bars = pg.BarGraphItem(
                    x=[x + s.offset for x in s.xs],
                    height=s.ys,
                    width=s.width,
                    brush=pg.mkBrush(colour),
                    pen=pg.mkPen(None),
                )
                item.addItem(bars)
                span = max(s.xs) - min(s.xs)
                if len(s.xs) <= FEW and span > 150 * s.width:  # a mark on top: a day's bar over years is a hairline
                    item.addItem(
                        pg.ScatterPlotItem(
                            [x + s.offset for x in s.xs], s.ys, size=6, brush=pg.mkBrush(colour), pen=pg.mkPen(None)
                        )
                    )
            elif s.style == "hbars":  # horizontal bars: xs is the row, ys the length (CategoryChart)
                item.addItem(
                    pg.BarGraphItem(
                        x0=0, y=s.xs, width=s.ys, height=s.width, brush=pg.mkBrush(colour), pen=pg.mkPen(None)
                    )
                )
            elif s.style == "band":
                fill = QColor(colour)
                fill.setAlpha(70)
                low = pg.PlotDataItem(s.xs, s.lows, pen=pg.mkPen(None))
                high = pg.PlotDataItem(s.xs, s.ys, pen=pg.mkPen(None))
                item.addItem(low)
                item.addItem(high)
                band = pg.FillBetweenItem(low, high, brush=pg.mkBrush(fill))
                item.addItem(band)
            elif s.style == "stems":
                xs: list[float] = []
                ys: list[float] = []
                for x, y, lo in zip(s.xs, s.ys, s.lows, strict=True):
                    xs += [x, x]
                    ys += [lo, y]
                item.addItem(pg.PlotDataItem(xs, ys, connect="pairs", pen=pg.mkPen(colour, width=2)))
            else:
                few = len(s.xs) <= FEW
                curve = pg.PlotDataItem(
                    s.xs,
                    s.ys,
                    pen=pg.mkPen(colour, width=2),
                    symbol="o" if few else None,
                    symbolSize=7,
                    symbolBrush=pg.mkBrush(colour),
                    symbolPen=pg.mkPen(c["base"]),
                )
                item.addItem(curve)
        self._draw_band(item, c)
        item.showGrid(x=False, y=True, alpha=0.25)
        item.layout.activate()  # the title and the axes' new sizes now, not at the next event (a PNG saved at once)
        self.reset_zoom()
        self.hover.setText(" ")

    def _axis_space(self) -> None:
        """Room for the widest value label and the axis title (pyqtgraph widens its axis only after a paint)."""
        values = [abs(v) for s in self.series for v in (*s.ys, *s.lows)]
        fm = self.fontMetrics()
        widest = fm.horizontalAdvance(grouped([max(values, default=0.0)], 1.0, 1.0)[0] + "0")
        self.plot.getPlotItem().getAxis("left").setWidth(widest + 2 * fm.height() + 12)
        bottom = self.plot.getPlotItem().getAxis("bottom")
        if self.ticks is None:
            bottom.setTicks(None)
            return
        step = max(1, math.ceil(len(self.ticks) / 12))  # at most twelve labels
        bottom.setTicks([self.ticks[::step], [(x, "") for x, _ in self.ticks]])

    def reset_zoom(self) -> None:
        """Show every value of the chart (after the wheel or a drag zoomed in)."""
        vb = self.plot.getPlotItem().vb
        if not self.series:
            vb.setRange(xRange=(0, 1), yRange=(0, 1))
            return
        vb.enableAutoRange()
        vb.autoRange(padding=0.04)
        (lo, hi), _ = vb.viewRange()
        # one reading: a day either side, not a second; a few bars stay bars, not a wall
        span = max([2 * DAY] + [10 * s.width for s in self.series if s.style == "bars"])
        if hi - lo < span:
            middle = (lo + hi) / 2
            vb.setXRange(middle - span / 2, middle + span / 2, padding=0)

    @staticmethod
    def _swatch(s: Series, c: dict[str, QColor]) -> str:
        """The series' colour in the key; a band's as light as it is drawn (over the background)."""
        colour, base = series_colour(s, c), c["base"]
        mix = (70 if s.style == "band" else colour.alpha()) / 255  # a see-through colour, as it shows on the base
        if mix >= 1:
            return str(colour.name())
        return str(
            QColor(
                round(colour.red() * mix + base.red() * (1 - mix)),
                round(colour.green() * mix + base.green() * (1 - mix)),
                round(colour.blue() * mix + base.blue() * (1 - mix)),
            ).name()
        )

    @staticmethod
    def _css(colour: QColor) -> str:
        return str(colour.name())

    def _style(self) -> None:
        c = colours(self.palette())
        pg = pyqtgraph()
        self.plot.setBackground(c["base"])
        for side in ("left", "bottom"):
            axis = self.plot.getPlotItem().getAxis(side)
            axis.setPen(pg.mkPen(c["grid"]))
            axis.setTextPen(pg.mkPen(c["text"]))

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # a dark theme: redraw in its colours
            self._style()
            self._draw()

    # ------------------------------------------------------------ hover
    def tip_at(self, x: float, y: float) -> str | None:
        """What the pointer at (``x``, ``y``) in the chart's coordinates is on: a bar it is over, else
        the nearest point within a few pixels; None when it is on nothing."""
        vb = self.plot.getPlotItem().vb
        px, py = vb.viewPixelSize()
        px, py = px or 1.0, py or 1.0
        best: tuple[float, str] | None = None
        for s in self.series:
            for i, sx in enumerate(s.xs):
                if s.style == "hbars":
                    end = s.ys[i]
                    if abs(y - sx) <= s.width / 2 and min(0.0, end) <= x <= max(0.0, end):
                        return s.tips[i]
                    continue
                if s.style == "bars":
                    top = s.ys[i]
                    if abs(x - sx - s.offset) <= s.width / 2 and min(0.0, top) <= y <= max(0.0, top):
                        return s.tips[i]
                    continue
                d = ((x - sx) / px) ** 2 + ((y - s.ys[i]) / py) ** 2
                if s.lows and s.style == "stems":
                    d = min(d, ((x - sx) / px) ** 2 + ((y - s.lows[i]) / py) ** 2)
                if d <= HOVER_PIXELS**2 and (best is None or d < best[0]):
                    best = (d, s.tips[i])
        return best[1] if best else None

    def _moved(self, pos: QPointF) -> None:
        vb = self.plot.getPlotItem().vb
        if not vb.sceneBoundingRect().contains(pos):
            return
        point = vb.mapSceneToView(pos)
        tip = self.tip_at(point.x(), point.y())
        self.hover.setText(tip or " ")
        if tip:
            QToolTip.showText(self.plot.mapToGlobal(self.plot.mapFromScene(pos)), tip, self.plot)
        else:
            QToolTip.hideText()

    # ------------------------------------------------------------ saving
    def png_bytes(self) -> bytes:
        """The chart (title, axes, legend) as a PNG image."""
        image = self.plot.grab().toImage()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        image.save(buffer, "PNG")
        buffer.close()
        return bytes(data.data())

    def save_png(self, target: Path, *, overwrite: bool = True) -> Path:
        """Write the chart to ``target``, audited; ``overwrite`` when the save dialog asked before replacing it."""
        vault = self.vault_of()
        if vault is None:
            raise RuntimeError(self.tr("The vault is locked."))
        return write_out(
            vault,
            target,
            self.png_bytes(),
            action="chart.export",
            detail={"chart": self.plot.accessibleName(), "media_type": "image/png"},
            overwrite=overwrite,
        )

    def ask_save_png(self) -> None:
        """Save chart as PNG...: the user chooses the file; the image is personal data leaving the vault."""
        target, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save chart as PNG"), str(Path.home() / "chart.png"), self.tr("PNG image (*.png)")
        )
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != ".png":  # a name the dialog did not ask about: never replaced
            path = path.with_name(path.name + ".png")
        try:
            self.save_png(path, overwrite=path == Path(target))
        except Exception as exc:  # a readable message, never a crash
            QMessageBox.warning(self, self.tr("Could not save"), readable_error(exc))
            return
        self.hover.setText(self.tr("Saved to {path}").format(path=str(path)))


# ====================================================================== health
PERIODS: tuple[tuple[str, int | None], ...] = (("30", 30), ("90", 90), ("365", 365), ("all", None))


class HealthChart(Chart):
    """A measurement over a period: single readings when few, else daily averages with the lowest-highest band;
    blood pressure as pairs; steps, distance and active energy as daily totals."""

    def __init__(self, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Chart of the measurement"), vault, parent)
        self.period = QComboBox()
        self.period.setAccessibleName(self.tr("Period shown in the chart"))
        for text, (key, _days) in zip(
            (self.tr("30 days"), self.tr("90 days"), self.tr("1 year"), self.tr("All")), PERIODS, strict=True
        ):
            self.period.addItem(text, key)
        self.period.setCurrentIndex(1)
        self.period.setToolTip(self.tr("The chart ends at the newest value"))
        label = QLabel(self.tr("&Period:"))
        label.setBuddy(self.period)
        self.tools.insertWidget(0, label)
        self.tools.insertWidget(1, self.period)
        self.period.activated.connect(lambda _i: self.redraw())
        self.key = ""
        self.name = ""
        self.unit = ""
        self.days: list[DailyValue] = []
        self.samples: list[Sample] = []
        self.total = 0
        self.mode = ""
        """What is drawn: ``readings``, ``daily``, ``totals`` (or empty)."""

    def set_period(self, key: str) -> None:
        """Choose the period (``30``, ``90``, ``365``, ``all``) and redraw."""
        self.period.setCurrentIndex(max(0, self.period.findData(key)))
        self.redraw()

    def set_data(
        self, key: str, name: str, unit: str, days: list[DailyValue], samples: list[Sample], total: int
    ) -> None:
        """The type ``key`` (shown as ``name``, in ``unit``): its daily summaries and newest readings, then draw."""
        if key != self.key:  # another type: all of a few readings, else the last 90 days
            self.period.setCurrentIndex(self.period.findData("all" if total <= FEW else "90"))
        self.key, self.name, self.unit = key, name, unit
        self.days, self.samples, self.total = days, samples, total
        self.redraw()

    def redraw(self) -> None:
        """Draw the chosen period of the data set by :meth:`set_data`."""
        days_back = dict(PERIODS).get(str(self.period.currentData()))
        main_unit = Counter(d.unit for d in self.days).most_common(1)
        unit = (main_unit[0][0] if main_unit else None) or self.unit
        days = [d for d in self.days if (d.unit or "") == (unit or "")]
        samples = [s for s in self.samples if (s.unit or "") == (unit or "") and s.value is not None]
        newest = max((d.day for d in days), default="")
        start = ""
        if days_back is not None and newest:
            start = (date.fromisoformat(newest) - timedelta(days=days_back - 1)).isoformat()
        days = sorted((d for d in days if d.day >= start), key=lambda d: d.day)
        in_period = sum(d.count for d in days)
        kept = [s for s in samples if self._day(s) >= start]
        complete = len(kept) == in_period  # every reading of the period was read (the newest 2,000 are)
        t = BY_KEY.get(self.key)
        named = bool(unit) and unit.casefold() not in self.name.casefold()  # "Steps", not "Steps (steps)"
        self.set_axes(
            self.tr("{name} ({unit})").format(name=self.name, unit=unit) if named else self.name, self.tr("Date")
        )
        title = ""
        if days and days[0].day == days[-1].day:
            title = self.tr("{name}, {day}").format(name=self.name, day=days[0].day)
        elif days:
            title = self.tr("{name}, {first} to {last}").format(name=self.name, first=days[0].day, last=days[-1].day)
        empty = self.tr("No values to chart.")
        if t is not None and t.cumulative:
            self.mode = "totals"
            self.show_series([self._totals(days, unit)], title, empty)
        elif kept and complete and len(kept) <= FEW:
            self.mode = "readings"
            self.show_series(self._readings(kept, unit), title, empty)
        else:
            self.mode = "daily" if days else ""
            self.show_series(self._daily(days, unit), title, empty)

    @staticmethod
    def _day(s: Sample) -> str:
        stamp = s.local_start or s.start
        return stamp[:10]

    def _when(self, s: Sample) -> str:
        try:
            when = datetime.fromisoformat((s.local_start or s.start).replace("Z", "+00:00"))
        except ValueError:
            return s.local_start or s.start
        return format_when(when, date_only=s.date_only)

    def _totals(self, days: list[DailyValue], unit: str | None) -> Series:
        bars = Series(self.tr("Daily total"), "bars")
        for d in days:
            value = d.total if d.total is not None else d.average * d.count
            bars.add(
                day_x(d.day),
                value,
                self.tr("{day}: {value} {unit} in total · {source}").format(
                    day=d.day, value=number(value), unit=unit or "", source=self._source(d.source)
                ),
            )
        return bars

    def _readings(self, kept: list[Sample], unit: str | None) -> list[Series]:
        kept = sorted(kept, key=lambda s: wall_x(s.local_start or s.start, s.date_only) or 0.0)
        paired = any(s.value2 is not None for s in kept)
        first = Series(self.tr("Systolic") if paired else self.name, "line")
        second = Series(self.tr("Diastolic"), "line", role="secondary")
        stems = Series("", "stems", role="muted")
        for s in kept:
            x = wall_x(s.local_start or s.start, s.date_only)
            if x is None or s.value is None:
                continue
            tip = self.tr("{value} · {when} · {source}").format(value=s.text, when=self._when(s), source=s.source)
            first.add(x, s.value, tip)
            if paired and s.value2 is not None:
                second.add(x, s.value2, tip)
                stems.add(x, s.value, tip, low=s.value2)
        return [stems, first, second] if paired else [first]

    def _daily(self, days: list[DailyValue], unit: str | None) -> list[Series]:
        paired = any(d.average2 is not None for d in days)
        band = Series(self.tr("Lowest to highest of the day"), "band")
        line = Series(self.tr("Systolic, daily average") if paired else self.tr("Daily average"), "line")
        band2 = Series("", "band", role="secondary")
        line2 = Series(self.tr("Diastolic, daily average"), "line", role="secondary")
        for d in days:
            x = day_x(d.day)
            if paired and d.average2 is not None:
                text = f"{number(d.average)}/{number(d.average2)}"
                low = f"{number(d.minimum)}/{number(d.minimum2 or 0)}"
                high = f"{number(d.maximum)}/{number(d.maximum2 or 0)}"
            else:
                text, low, high = number(d.average), number(d.minimum), number(d.maximum)
            tip = self.tr(
                "{day}: average {avg} {unit} (lowest {low}, highest {high}; {count} values) · {source}"
            ).format(
                day=d.day,
                avg=text,
                unit=unit or "",
                low=low,
                high=high,
                count=f"{d.count:,}",
                source=self._source(d.source),
            )
            band.add(x, d.maximum, tip, low=d.minimum)
            line.add(x, d.average, tip)
            if paired and d.average2 is not None:
                band2.add(x, d.maximum2 if d.maximum2 is not None else d.average2, tip, low=d.minimum2 or d.average2)
                line2.add(x, d.average2, tip)
        return [band, band2, line, line2] if paired else [band, line]

    def _source(self, source: str) -> str:
        from wallet.features.measurements import ALL_SOURCES

        return self.tr("all sources, each reading once") if source == ALL_SOURCES else source


# ====================================================================== money
def _money(amount: Decimal, currency: str) -> str:
    from wallet.terms.money import format_money
    from wallet.ui.i18n import current

    return format_money(amount, currency, current(), style="code")


class MoneyChart(Chart):
    """Income and spending per month, side by side, in one currency (currencies are never added)."""

    def __init__(self, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Chart of income and spending per month"), vault, parent)

    def show_months(self, totals: Sequence[Totals], currency: str, account: str = "") -> None:
        """Bars of money in and money out (as a positive height) per month of ``totals`` in ``currency``."""
        rows = sorted((t for t in totals if t.currency == currency and t.period is not None), key=lambda t: t.key)
        income = Series(self.tr("Income"), "bars", width=DAY * 12, offset=-DAY * 6.5)
        spending = Series(self.tr("Spending"), "bars", role="secondary", width=DAY * 12, offset=DAY * 6.5)
        for t in rows:
            assert t.period is not None
            x = month_x(t.period)
            tip = self.tr("{month}: income {income}, spending {spending}, net {net} ({n} transactions)").format(
                month=t.key,
                income=_money(t.money_in, currency),
                spending=_money(-t.money_out, currency),
                net=_money(t.net, currency),
                n=t.count,
            )
            income.add(x, float(t.money_in), tip)
            spending.add(x, float(-t.money_out), tip)
        self.ticks = [(month_x(t.period), t.key) for t in rows if t.period is not None]
        self.set_axes(self.tr("Amount ({currency})").format(currency=currency), self.tr("Month"))
        title = self.tr("Income and spending per month: {account}").format(account=account) if rows else ""
        self.show_series([income, spending], title, self.tr("No transactions to chart."))


class BalanceChart(Chart):
    """Balances over time, one currency (currencies are never added): a line per account whose balance is
    known (or one account's), or the net worth per day or month.  A balance holds from one point to the next."""

    def __init__(self, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Chart of balances over time"), vault, parent)
        self.lines: list[tuple[str, list[tuple[date, Decimal]]]] = []
        """What is drawn: a (name, [(day, balance)]) per line, as :mod:`wallet.features.money.accounts` gives them."""

    def _how(self, source: BalanceSource) -> str:
        return {
            "column": self.tr("the statement's balance column"),
            "statement": self.tr("a balance the statement states"),
        }.get(source, self.tr("worked out from the movements and a stated balance"))

    def show_accounts(self, histories: Sequence[BalanceHistory], currency: str) -> None:
        """A line per account of ``histories`` in ``currency`` whose balance is known (none is made up)."""
        chosen = [h for h in histories if h.account.currency == currency and h.known]
        series: list[Series] = []
        self.lines = []
        for i, h in enumerate(chosen):
            name = h.account.label or self.tr("Unknown account")
            line = Series(name, "line", role="secondary" if i == 1 else "primary", shade=i if i >= 2 else 0)
            for d in h.days:
                tip = self.tr("{account}, {day}: {amount} ({how})").format(
                    account=name, day=d.day.isoformat(), amount=_money(d.balance, currency), how=self._how(d.source)
                )
                line.add(day_x(d.day), float(d.balance), tip)
            series.append(line)
            self.lines.append((name, [(d.day, d.balance) for d in h.days]))
        self.ticks = None
        self.set_axes(self.tr("Balance ({currency})").format(currency=currency), self.tr("Date"))
        title = ""
        days = [d.day for h in chosen for d in h.days]
        if len(chosen) == 1:
            title = self.tr("Balance of {account}, {first} to {last}").format(
                account=series[0].name, first=min(days).isoformat(), last=max(days).isoformat()
            )
        elif chosen:
            title = self.tr("Balances in {currency}, {first} to {last}").format(
                currency=currency, first=min(days).isoformat(), last=max(days).isoformat()
            )
        self.show_series(series, title, self.tr("No balance known: the statements give none."))

    def show_net_worth(self, points: Sequence[NetWorthPoint], currency: str) -> None:
        """The net worth in ``currency`` at each of ``points`` (per day or per month), over the accounts known."""
        chosen = [p for p in points if p.currency == currency]
        line = Series(self.tr("Net worth"), "line")
        for p in chosen:
            counted = len(p.accounts)
            tip = self.tr("{period}: net worth {amount} (as of {day}, {n} of {total} accounts)").format(
                period=p.period,
                amount=_money(p.total, currency),
                day=p.day.isoformat(),
                n=counted,
                total=counted + len(p.left_out),
            )
            if p.left_out:
                tip += " " + self.tr("not known on that day: {names}").format(
                    names=", ".join(a.label or self.tr("Unknown account") for a in p.left_out)
                )
            line.add(day_x(p.day), float(p.total), tip)
        self.lines = [(line.name, [(p.day, p.total) for p in chosen])] if chosen else []
        self.ticks = None
        self.set_axes(self.tr("Net worth ({currency})").format(currency=currency), self.tr("Date"))
        title = ""
        if chosen:
            title = self.tr("Net worth in {currency}, {first} to {last}").format(
                currency=currency, first=chosen[0].period, last=chosen[-1].period
            )
        self.show_series([line], title, self.tr("No balance known: the statements give none."))


class CategoryChart(Chart):
    """Spending per category in one month and one currency: a horizontal bar per category, the most spent
    at the top, each with its amount at its end (currencies are never added)."""

    def __init__(self, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Bar chart of spending per category"), vault, parent)
        pg = pyqtgraph()
        item = self.plot.getPlotItem()
        amounts = pg.AxisItem(orientation="bottom")  # amounts along the bottom, not dates
        amounts.enableAutoSIPrefix(False)
        amounts.tickStrings = grouped
        item.setAxisItems({"bottom": amounts})
        item.vb.invertY(True)  # the first row (the most spent) at the top
        self.bars: list[tuple[str, float]] = []
        """The bars drawn, top to bottom: (category name, amount spent)."""
        self._texts: list[str] = []
        self._style()

    def show_categories(self, rows: Sequence[CategoryMonth], currency: str, month: str, lang: str = "en") -> None:
        """One bar per category of ``rows`` spent in ``month`` and ``currency`` (in the order given)."""
        from wallet.terms.money import format_money

        chosen = [r for r in rows if r.currency == currency and r.month == month]
        spent = Series(self.tr("Spending"), "hbars", width=0.7)
        self.bars, self._texts = [], []
        for i, r in enumerate(chosen):
            name = r.category.name(lang)
            text = format_money(r.spent, currency, lang, style="number")
            tip = self.tr("{category}, {month}: {amount} {currency} ({n} payments)").format(
                category=name, month=month, amount=text, currency=currency, n=r.count
            )
            if r.refunds:
                tip += " " + self.tr("(paid {paid}, refunded {refunds})").format(
                    paid=format_money(r.money_out, currency, lang, style="number"),
                    refunds=format_money(r.refunds, currency, lang, style="number"),
                )
            spent.add(float(i), float(r.spent), tip)
            self.bars.append((name, float(r.spent)))
            self._texts.append(text)
        self.set_axes("", self.tr("Spent ({currency})").format(currency=currency))
        title = self.tr("Spending per category, {month} ({currency})").format(month=month, currency=currency)
        self.show_series([spent], title if chosen else "", self.tr("Nothing spent in this month."))

    @override
    def _draw(self) -> None:
        super()._draw()
        pg = pyqtgraph()
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=False, alpha=0.25)
        text = colours(self.palette())["text"]
        for s in self.series:
            for i, (row, value) in enumerate(zip(s.xs, s.ys, strict=True)):
                label = pg.TextItem(self._texts[i] if i < len(self._texts) else number(value), color=text)
                label.setAnchor((0, 0.5))
                label.setPos(max(value, 0.0), row)
                item.addItem(label, ignoreBounds=True)

    @override
    def _axis_space(self) -> None:
        item = self.plot.getPlotItem()
        fm = self.fontMetrics()
        names = [name for name, _ in self.bars] if self.series else []
        left = item.getAxis("left")
        left.setTicks([list(enumerate(names))] if names else None)
        left.setWidth(max([fm.horizontalAdvance(n) for n in names] + [40]) + 16)
        item.getAxis("bottom").setTicks(None)

    @override
    def reset_zoom(self) -> None:
        vb = self.plot.getPlotItem().vb
        values = [v for s in self.series for v in s.ys]
        if not values:
            vb.setRange(xRange=(0, 1), yRange=(0, 1))
            return
        lo, hi = min(0.0, *values), max(0.0, *values)
        room = (hi - lo) * 0.25 or 1.0  # the amounts at the bars' ends stay inside
        vb.setRange(xRange=(lo, hi + room), yRange=(-0.6, len(values) - 0.4), padding=0)


class CategoryTrendChart(Chart):
    """Spending of one category per month (the last twelve months), in one currency."""

    def __init__(self, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Bar chart of a category's spending per month"), vault, parent)
        self.bars: list[tuple[str, float]] = []
        """The months drawn: (``YYYY-MM``, amount spent)."""

    def show_months(self, months: Sequence[tuple[str, Decimal]], currency: str, name: str) -> None:
        """A bar per ``(YYYY-MM, spent)`` of ``months`` (oldest first) for the category called ``name``."""
        from wallet.terms.money import format_money
        from wallet.ui.i18n import current

        bars = Series(name, "bars", width=DAY * 20)
        self.bars = []
        for month, spent in months:
            x = month_x(date.fromisoformat(month + "-01"))
            text = format_money(spent, currency, current(), style="number")
            bars.add(
                x,
                float(spent),
                self.tr("{month}: {amount} {currency}").format(month=month, amount=text, currency=currency),
            )
            self.bars.append((month, float(spent)))
        self.ticks = [(x, m) for x, (m, _v) in zip(bars.xs, self.bars, strict=True)]
        self.set_axes(self.tr("Spent ({currency})").format(currency=currency), self.tr("Month"))
        title = ""
        if self.bars:
            title = self.tr("{category} per month, {first} to {last}").format(
                category=name, first=self.bars[0][0], last=self.bars[-1][0]
            )
        self.show_series([bars], title, self.tr("Choose a category to see it per month."))

    @override
    def _axis_space(self) -> None:
        super()._axis_space()
        if not self.ticks:
            return
        fm = self.fontMetrics()
        room = max(1, self.plot.width() - self.plot.getPlotItem().getAxis("left").width())
        need = len(self.ticks) * (fm.horizontalAdvance("0000-00") + 14)
        step = max(1, math.ceil(need / room))  # as many month labels as fit, the chosen (last) month always
        shown = self.ticks[::-1][::step][::-1]
        self.plot.getPlotItem().getAxis("bottom").setTicks([shown, [(x, "") for x, _ in self.ticks]])

    @override
    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._axis_space()  # more or fewer month labels fit


# ====================================================================== energy
def year_before(day: date) -> date | None:
    """The same day a year before; None for 29 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return None


class EnergyChart(Chart):
    """Energy use per day or per month, beside the same period a year before when the data has it."""

    def __init__(self, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Bar chart of energy use"), vault, parent)
        self.bars: list[tuple[str, float]] = []
        """The shown period's totals: (label, total), as the table lists them."""
        self.last_year: list[tuple[str, float]] = []

    def show_totals(
        self, totals: Sequence[EnergyTotal], earlier: Sequence[EnergyTotal], *, monthly: bool, unit: str, name: str
    ) -> None:
        """Bars of ``totals`` (one period each) and, beside each, the total of the same period a year
        before from ``earlier`` (every total of the series), when there is one."""
        by_period = {t.period: t for t in earlier}
        width = DAY * (12 if monthly else 0.4)  # two bars side by side in a day's (a month's) slot
        now = Series(self.tr("This period"), "bars", width=width, offset=-width / 2)
        before = Series(self.tr("Same period a year before"), "bars", role="muted", width=width, offset=width / 2)
        self.bars, self.last_year = [], []
        for t in totals:
            label = t.period.strftime("%Y-%m") if monthly else t.period.strftime("%m-%d")
            x = month_x(t.period) if monthly else day_x(t.period)
            shown = t.period.strftime("%Y-%m") if monthly else t.period.isoformat()
            earlier_day = year_before(t.period)
            old = by_period.get(earlier_day) if earlier_day is not None else None
            tip = self.tr("{period}: {total} {unit}").format(period=shown, total=f"{t.total:,.3f}", unit=unit)
            if old is not None:
                tip += " " + self.tr("(a year before: {total} {unit})").format(total=f"{old.total:,.3f}", unit=unit)
                before.add(x, old.total, tip)
                self.last_year.append((label, old.total))
            now.add(x, t.total, tip)
            self.bars.append((label, t.total))
        self.ticks = [(now.xs[i], label) for i, (label, _v) in enumerate(self.bars)]
        if not before.xs:  # nothing a year before: one bar per slot
            now.width, now.offset = 2 * width, 0.0
        self.set_axes(
            self.tr("{unit} per month").format(unit=unit) if monthly else self.tr("{unit} per day").format(unit=unit),
            self.tr("Month") if monthly else self.tr("Date"),
        )
        title = ""
        if totals:
            title = self.tr("{name}, {first} to {last}").format(name=name, first=self.bars[0][0], last=self.bars[-1][0])
            if not monthly:
                title = self.tr("{name}, {month}").format(name=name, month=totals[0].period.strftime("%Y-%m"))
        self.show_series([now, before] if before.xs else [now], title, self.tr("No readings to show."))


# ====================================================================== listening
class ListeningChart(Chart):
    """Hours of listening and of watching per ISO week, side by side (one bar per week when there is only one)."""

    def __init__(self, vault: Callable[[], Vault | None], parent: QWidget | None = None) -> None:
        super().__init__(self.tr("Bar chart of listening and watching per week"), vault, parent)
        self.bars: list[tuple[str, float, float]] = []
        """The weeks drawn, oldest first: (``2023-W32``, hours of listening, hours of watching)."""

    def show_weeks(self, weeks: Sequence[WeekUse]) -> None:
        """A bar of listening hours and one of watching hours for each week of ``weeks`` (oldest first)."""
        width = DAY * 3
        listening = Series(self.tr("Listening"), "bars", width=width, offset=-width / 2)
        watching = Series(self.tr("Watching"), "bars", role="secondary", width=width, offset=width / 2)
        self.bars = []
        for w in weeks:
            x = day_x(w.monday) + 3 * DAY  # the week's Thursday: the middle of Monday to Sunday
            tip = self.tr(
                "{week} (from {monday}): listening {listening} h, watching {watching} h, {plays} plays"
            ).format(
                week=w.week,
                monday=w.monday.isoformat(),
                listening=f"{w.listening_hours:,.1f}",
                watching=f"{w.watching_hours:,.1f}",
                plays=w.plays,
            )
            listening.add(x, w.listening_hours, tip)
            watching.add(x, w.watching_hours, tip)
            self.bars.append((w.week, w.listening_hours, w.watching_hours))
        shown = [s for s in (listening, watching) if any(s.ys)]
        if len(shown) == 1:  # only music or only video: one wide bar per week
            shown[0].width, shown[0].offset = 2 * width, 0.0
        self.ticks = [(x, week) for x, (week, _l, _w) in zip(listening.xs, self.bars, strict=True)]
        self.set_axes(self.tr("Hours per week"), self.tr("Week"))
        title = ""
        if self.bars:
            title = self.tr("Listening and watching per week, {first} to {last}").format(
                first=self.bars[0][0], last=self.bars[-1][0]
            )
        self.show_series(shown, title, self.tr("No plays to chart."))


__all__ = [
    "BalanceChart",
    "CategoryChart",
    "CategoryTrendChart",
    "Chart",
    "EnergyChart",
    "HealthChart",
    "ListeningChart",
    "MoneyChart",
    "Series",
    "colours",
    "day_x",
    "month_x",
    "pyqtgraph",
    "series_colour",
    "wall_x",
]
