"""The main window's filter choices: the area/source tree beside the timeline and the filter boxes above it.

:func:`load_facets` runs off the GUI thread (what the vault holds, per area, source and kind);
:func:`fill_area_tree` and :func:`refill_box` show it.  The strings keep the translation context of
the window ("MainWindow"), so the Korean catalogue still covers them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QComboBox, QTreeWidget, QTreeWidgetItem

from wallet.model import Domain
from wallet.store.vault import Vault
from wallet.ui.i18n import domain_label

ROLE_DOMAIN = Qt.ItemDataRole.UserRole + 1
ROLE_SOURCE = Qt.ItemDataRole.UserRole + 2


def load_facets(reader: Vault, person_id: str | None) -> dict[str, Any]:
    """The persons, the record counts per area and source, and the kinds (run on a reader)."""
    return {
        "persons": reader.persons(),
        "domain_source": reader.counts_by("domain", "source", person_id=person_id),
        "kinds": reader.counts_by("kind", person_id=person_id),
    }


def fill_area_tree(tree: QTreeWidget, facets: dict[str, Any]) -> None:
    """Show "All records", then every area with its sources, each with its number of records."""
    by_domain: dict[str, list[tuple[str, int]]] = {}
    for domain, source, n in facets["domain_source"]:
        by_domain.setdefault(domain, []).append((source, n))
    tree.clear()
    total = sum(n for _d, _s, n in facets["domain_source"])
    root = QTreeWidgetItem([QCoreApplication.translate("MainWindow", "All records"), f"{total:,}"])
    root.setData(0, ROLE_DOMAIN, "")
    root.setData(0, ROLE_SOURCE, "")
    tree.addTopLevelItem(root)
    for d in Domain:
        sources = by_domain.get(d.value, [])
        item = QTreeWidgetItem([domain_label(d.value), f"{sum(n for _s, n in sources):,}"])
        item.setData(0, ROLE_DOMAIN, d.value)
        item.setData(0, ROLE_SOURCE, "")
        item.setData(1, Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight))
        for source, n in sources:
            child = QTreeWidgetItem([source, f"{n:,}"])
            child.setData(0, ROLE_DOMAIN, d.value)
            child.setData(0, ROLE_SOURCE, source)
            child.setToolTip(0, source)
            child.setData(1, Qt.ItemDataRole.TextAlignmentRole, int(Qt.AlignmentFlag.AlignRight))
            item.addChild(child)
        tree.addTopLevelItem(item)
        item.setExpanded(bool(sources))


def item_filter(item: QTreeWidgetItem) -> tuple[str | None, str | None]:
    """The area and source a clicked tree item stands for (``None``: any)."""
    # plain strings in the items ("" = any): no Python objects kept inside Qt variants
    return item.data(0, ROLE_DOMAIN) or None, item.data(0, ROLE_SOURCE) or None


def fill_domain_box(box: QComboBox) -> None:
    """Offer ``All areas``, then every area, in ``box`` (without signals)."""
    box.blockSignals(True)
    box.clear()
    box.addItem(QCoreApplication.translate("MainWindow", "All areas"), None)
    for d in Domain:
        box.addItem(domain_label(d.value), d.value)
    box.blockSignals(False)


def refill_box(box: QComboBox, all_label: str, values: list[str], labels: Callable[[str], str] | None = None) -> None:
    """Offer ``all_label`` and ``values`` in ``box`` (shown as ``labels(value)`` when given), keeping the
    current choice (without signals)."""
    current = box.currentData()
    box.blockSignals(True)
    box.clear()
    box.addItem(all_label, None)
    for v in values:
        box.addItem(labels(v) if labels else v, v)
    index = box.findData(current) if current else 0
    if index < 0:
        box.addItem(current, current)
        index = box.count() - 1
    box.setCurrentIndex(index)
    box.blockSignals(False)
