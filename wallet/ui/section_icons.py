"""The sidebar's section icons: monochrome SVGs of the project (``resources/icons/section-*.svg``) in the
palette's colours, so that they follow a dark theme as the text beside them does.

Each SVG draws with ``currentColor``; :func:`section_icon` writes the palette's text colour in its
place (the highlighted-text colour for the selected entry, the placeholder colour when disabled) and
renders it with Qt SVG at the sizes asked for, sharp on HiDPI screens.  The sidebar builds its icons
again when the palette changes (wallet.ui.sections).
"""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QByteArray, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from wallet.resources import resource_path

ICON_FILES: dict[str, str] = {
    "home": "section-home.svg",
    "timeline": "section-timeline.svg",
    "health": "section-heart.svg",
    "money": "section-money.svg",
    "energy": "section-bolt.svg",
    "documents": "section-document.svg",
    "sharing": "section-share.svg",
    "medical_id": "section-medical.svg",
    "insights": "section-insights.svg",
    "listening": "section-music.svg",
    "backup": "section-backup.svg",
}
"""The SVG of each section of the sidebar (wallet.ui.sections.SECTIONS), in resources/icons/ (Backup's for when
it becomes a section)."""

_MODES: tuple[tuple[QIcon.Mode, QPalette.ColorRole], ...] = (
    (QIcon.Mode.Normal, QPalette.ColorRole.WindowText),
    (QIcon.Mode.Active, QPalette.ColorRole.WindowText),
    (QIcon.Mode.Selected, QPalette.ColorRole.HighlightedText),
    (QIcon.Mode.Disabled, QPalette.ColorRole.PlaceholderText),
)


@cache
def svg_text(file_name: str) -> str | None:
    """The SVG source of an icon file, or None when it is not there (a broken install shows no icon)."""
    try:
        return resource_path("icons", file_name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None


def render(svg: str, colour: QColor, size: int, ratio: float = 1.0) -> QPixmap:
    """``svg`` drawn in ``colour`` (its ``currentColor``) on a transparent ``size`` x ``size`` pixmap, at ``ratio``
    device pixels per pixel."""
    renderer = QSvgRenderer(QByteArray(svg.replace("currentColor", colour.name()).encode("utf-8")))
    pixels = max(1, round(size * ratio))
    pixmap = QPixmap(pixels, pixels)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, pixels, pixels))
    painter.end()
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


def section_icon(section: str, palette: QPalette, size: QSize, ratio: float = 1.0) -> QIcon | None:
    """The icon of ``section`` in ``palette``'s colours at ``size`` (and twice that, for a 2x screen), or None when
    the section has no SVG of its own."""
    name = ICON_FILES.get(section)
    svg = svg_text(name) if name else None
    if svg is None:
        return None
    icon = QIcon()
    side = max(size.width(), size.height())
    ratios = sorted({1.0, 2.0, ratio})
    for mode, role in _MODES:
        colour = palette.color(QPalette.ColorGroup.Active, role)
        for r in ratios:
            icon.addPixmap(render(svg, colour, side, r), mode)
    return icon


__all__ = ["ICON_FILES", "render", "section_icon", "svg_text"]
