"""The main window's sidebar of sections: Home, Timeline, Health, Money, Energy, Documents, Sharing, Medical ID,
Insights, Listening and watching.

Home and Timeline are pages the window always has; every other section is a view of a feature
module (its opener in :mod:`wallet.ui.openers`), built when the section is first chosen and kept
as a page of the window (:func:`wallet.ui.views.embed_view`) until the person changes or the
vault is locked.  The View menu's entries choose the same sections.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QStyle, QWidget
from typing_extensions import override

from wallet.ui.openers import (
    DOCUMENTS_VIEW_HOOK,
    ENERGY_VIEW_HOOK,
    FINANCE_VIEW_HOOK,
    HEALTH_VIEW_HOOK,
    INSIGHTS_VIEW_HOOK,
    LISTENING_VIEW_HOOK,
    MEDICAL_ID_HOOK,
    SHARES_VIEW_HOOK,
    Opener,
)

HOME = "home"
TIMELINE = "timeline"
SECTIONS: tuple[str, ...] = (
    HOME,
    TIMELINE,
    "health",
    "money",
    "energy",
    "documents",
    "sharing",
    "medical_id",
    "insights",
    "listening",
)
"""The sections in the order of the sidebar."""

SECTION_HOOKS: dict[str, Opener] = {
    "health": HEALTH_VIEW_HOOK,
    "money": FINANCE_VIEW_HOOK,
    "energy": ENERGY_VIEW_HOOK,
    "documents": DOCUMENTS_VIEW_HOOK,
    "sharing": SHARES_VIEW_HOOK,
    "medical_id": MEDICAL_ID_HOOK,
    "insights": INSIGHTS_VIEW_HOOK,
    "listening": LISTENING_VIEW_HOOK,
}
"""The opener of each section that is a feature module's view (it embeds the view as the section's page)."""

SECTION_ATTRS: dict[str, str] = {
    "health": "health_view",
    "money": "finance_view",
    "energy": "energy_view",
    "documents": "documents_view",
    "sharing": "shares_view",
    "medical_id": "medical_id_view",
    "insights": "insights_view",
    "listening": "listening_view",
}
"""Where the main window keeps each section's view (``window.health_view``...)."""

_ICONS: dict[str, QStyle.StandardPixmap] = {  # used where a section's SVG is missing (wallet.ui.section_icons)
    HOME: QStyle.StandardPixmap.SP_DirHomeIcon,
    TIMELINE: QStyle.StandardPixmap.SP_FileDialogDetailedView,
    "health": QStyle.StandardPixmap.SP_FileDialogInfoView,
    "money": QStyle.StandardPixmap.SP_DriveHDIcon,
    "energy": QStyle.StandardPixmap.SP_BrowserReload,
    "documents": QStyle.StandardPixmap.SP_FileIcon,
    "sharing": QStyle.StandardPixmap.SP_ArrowRight,
    "medical_id": QStyle.StandardPixmap.SP_MessageBoxWarning,
    "insights": QStyle.StandardPixmap.SP_FileDialogContentsView,
    "listening": QStyle.StandardPixmap.SP_MediaPlay,
}


class SectionList(QListWidget):
    """The sidebar: one entry per section; choosing one emits :attr:`chosen` with the section's id."""

    chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Sections"))
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setIconSize(QSize(20, 20))
        self.setSpacing(2)
        labels = {
            HOME: self.tr("Home"),
            TIMELINE: self.tr("Timeline"),
            "health": self.tr("Health"),
            "money": self.tr("Money"),
            "energy": self.tr("Energy"),
            "documents": self.tr("Documents"),
            "sharing": self.tr("Sharing"),
            "medical_id": self.tr("Medical ID"),
            "insights": self.tr("Insights"),
            "listening": self.tr("Listening and watching"),
        }
        for section in SECTIONS:
            item = QListWidgetItem(labels[section])
            item.setData(Qt.ItemDataRole.UserRole, section)
            item.setSizeHint(QSize(0, self.fontMetrics().height() + 14))
            self.addItem(item)
        self.paint_icons()
        width = max(self.fontMetrics().horizontalAdvance(t) for t in labels.values()) + 64
        self.setFixedWidth(max(150, width))
        self.currentRowChanged.connect(self._row_changed)

    def paint_icons(self) -> None:
        """Give each entry its icon in the palette's colours (wallet.ui.section_icons); a section without an SVG
        of its own keeps a standard icon of the style."""
        from wallet.ui.section_icons import section_icon

        for row in range(self.count()):
            item = self.item(row)
            section = str(item.data(Qt.ItemDataRole.UserRole))
            icon = section_icon(section, self.palette(), self.iconSize(), self.devicePixelRatioF())
            if icon is None:
                icon = self.style().standardIcon(_ICONS.get(section, QStyle.StandardPixmap.SP_FileIcon))
            item.setIcon(icon)

    @override
    def changeEvent(self, event: QEvent) -> None:
        """A new palette (a dark theme) or style: the icons are drawn again in its colours."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            self.paint_icons()

    def _row_changed(self, row: int) -> None:
        if 0 <= row < len(SECTIONS):
            self.chosen.emit(SECTIONS[row])

    def select(self, section: str) -> None:
        """Mark ``section`` as the one shown, without emitting :attr:`chosen`."""
        self.blockSignals(True)
        self.setCurrentRow(SECTIONS.index(section) if section in SECTIONS else -1)
        self.blockSignals(False)

    def section(self) -> str | None:
        """The id of the section marked as shown."""
        row = self.currentRow()
        return SECTIONS[row] if 0 <= row < len(SECTIONS) else None


__all__ = ["HOME", "SECTIONS", "SECTION_ATTRS", "SECTION_HOOKS", "TIMELINE", "SectionList"]
