"""The sidebar's section icons are the project's monochrome SVGs, drawn in the palette's colours (issue 18)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPalette
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QApplication

from wallet.resources import resource_path
from wallet.ui.section_icons import ICON_FILES, svg_text
from wallet.ui.sections import SECTIONS, SectionList

pytestmark = pytest.mark.usefixtures("gui_env")


def ink(icon: QIcon, mode: QIcon.Mode = QIcon.Mode.Normal) -> tuple[QColor, int]:
    """The most common colour of the icon's drawn (opaque) pixels, and how many there are."""
    image = icon.pixmap(QSize(20, 20), 1.0, mode).toImage()
    seen: Counter[tuple[int, int, int]] = Counter()
    for y in range(image.height()):
        for x in range(image.width()):
            c = image.pixelColor(x, y)
            if c.alpha() > 200:
                seen[(c.red(), c.green(), c.blue())] += 1
    if not seen:
        return QColor(), 0
    rgb, _n = seen.most_common(1)[0]
    return QColor(*rgb), sum(seen.values())


def test_every_section_has_a_monochrome_svg():
    assert set(SECTIONS) <= set(ICON_FILES)
    assert len(set(ICON_FILES.values())) == len(ICON_FILES)  # no two sections share a picture
    for name in ICON_FILES.values():
        text = svg_text(name)
        assert text is not None and resource_path("icons", name).is_file(), name
        assert QSvgRenderer(QByteArray(text.encode())).isValid(), name
        assert "currentColor" in text and not re.search(r"#[0-9a-fA-F]{3,6}\b|rgb\(", text), name


@pytest.mark.slow
def test_icons_follow_the_palette_light_and_dark(qtbot):
    app = QApplication.instance()
    before = app.palette()
    sidebar = SectionList()
    qtbot.addWidget(sidebar)
    try:
        light = QPalette(before)
        light.setColor(QPalette.ColorRole.WindowText, QColor("#202020"))
        light.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        app.setPalette(light)
        qtbot.waitUntil(lambda: ink(sidebar.item(0).icon())[0] == QColor("#202020"), timeout=5000)
        for row in range(sidebar.count()):
            colour, pixels = ink(sidebar.item(row).icon())
            assert pixels > 15, SECTIONS[row]  # something is drawn
            assert colour == QColor("#202020"), (SECTIONS[row], colour.name())
        selected, _ = ink(sidebar.item(0).icon(), QIcon.Mode.Selected)
        assert selected == QColor("#ffffff")
        # a dark theme: the same icons, now light on dark
        dark = QPalette(before)
        dark.setColor(QPalette.ColorRole.Window, QColor("#1e1e1e"))
        dark.setColor(QPalette.ColorRole.WindowText, QColor("#e6e6e6"))
        app.setPalette(dark)
        qtbot.waitUntil(lambda: ink(sidebar.item(1).icon())[0] == QColor("#e6e6e6"), timeout=5000)
        assert all(ink(sidebar.item(r).icon())[0] == QColor("#e6e6e6") for r in range(sidebar.count()))
    finally:
        app.setPalette(before)


@pytest.mark.slow
def test_sharing_and_medical_id_no_longer_show_standard_icons(qtbot):
    sidebar = SectionList()
    qtbot.addWidget(sidebar)
    style = sidebar.style()
    for section, standard in (
        ("sharing", style.standardIcon(style.StandardPixmap.SP_ArrowRight)),
        ("medical_id", style.standardIcon(style.StandardPixmap.SP_MessageBoxWarning)),
    ):
        item = sidebar.item(SECTIONS.index(section))
        mine = item.icon().pixmap(20, 20).toImage()
        assert mine != standard.pixmap(20, 20).toImage()
        assert item.data(Qt.ItemDataRole.UserRole) == section
