"""The Listening and watching section (wallet.ui.listening_view) on a real Spotify history, offscreen."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import FIXTURES
from ui_support import open_window

from wallet.features.listening import listening_summary
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.ui.listening_view import PERIOD_WEEKS, ListeningView
from wallet.ui.main_window import LISTENING_VIEW_HOOK, MainWindow
from wallet.ui.sections import SECTIONS

HISTORY = FIXTURES / "social" / "StreamingHistory0.json"  # a real Spotify account download (8,833 plays)
WAIT = 20000

pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def open_view(qtbot, vault_dir, vault) -> tuple[MainWindow, ListeningView]:
    window = open_window(qtbot, vault_dir, vault)
    window.show_section("listening")
    view = window.listening_view
    assert isinstance(view, ListeningView)
    qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
    return window, view


def column(table, col: int) -> list[str]:
    return [table.item(r, col).text() for r in range(table.rowCount())]


@pytest.mark.slow
def test_a_spotify_history_shows_hours_per_week_and_top_artists(qtbot, vault_dir, vault):
    import_source(vault, Source(HISTORY))
    window, view = open_view(qtbot, vault_dir, vault)
    assert window.pages.currentWidget() is view and not view.isWindow()
    for index, weeks in enumerate(PERIOD_WEEKS):
        view.period_box.setCurrentIndex(index)
        qtbot.waitUntil(lambda: not view.loading, timeout=WAIT)
        expected = listening_summary(vault, None, weeks)
        assert len(expected.weeks) == weeks and expected.plays > 0
        # one bar pair per ISO week, the heights the feature computes (music only: nothing watched)
        assert view.chart.bars == [(w.week, w.listening_hours, w.watching_hours) for w in expected.weeks]
        assert [s.name for s in view.chart.series] == ["Listening"]
        assert view.chart.series[0].ys == [w.listening_hours for w in expected.weeks]
        assert sum(h for _w, h, _v in view.chart.bars) == pytest.approx(expected.listening_hours)
        assert column(view.artists, 0) == [a.name for a in expected.top_artists]
        assert column(view.artists, 1) == [f"{a.hours:,.1f}" for a in expected.top_artists]
        assert column(view.artists, 2) == [f"{a.plays:,}" for a in expected.top_artists]
        assert view.shows.rowCount() == len(expected.top_shows)
        assert f"{expected.plays:,} plays" in view.status.text()
    # the history ends on 2023-05-05: the last bar is that ISO week, and some weeks of 52 had no plays
    assert view.chart.bars[-1][0] == "2023-W18"
    assert any(h == 0 for _w, h, _v in view.chart.bars)
    assert len(column(view.artists, 0)) == 10 and view.artists.item(0, 0).text() != view.artists.item(1, 0).text()
    png = view.chart.png_bytes()
    assert png.startswith(b"\x89PNG")
    # chosen again from the View menu: the same page, not a second view
    window.show_section("home")
    window._open_hook(LISTENING_VIEW_HOOK)
    assert window.listening_view is view and window.current_section() == "listening"
    assert window.section_list.item(SECTIONS.index("listening")).text() == "Listening and watching"


@pytest.mark.slow
def test_without_plays_the_view_says_what_to_import(qtbot, vault_dir, vault):
    _window, view = open_view(qtbot, vault_dir, vault)
    assert view.chart.bars == [] and view.artists.rowCount() == 0 and view.shows.rowCount() == 0
    assert "Import a Spotify, Netflix or YouTube history" in view.status.text()
