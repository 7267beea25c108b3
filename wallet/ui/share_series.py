"""The measurement series of a share in the consent dialog: one tickable line per series, with its preview.

A series (heart rate from one watch, steps from one phone) is ticked or unticked as a whole: its samples
within the share's dates leave as FHIR Observations, or none of them do.  Expanding the line shows what it
sends, from the same code that writes the bundle (:func:`wallet.features.share.streams.series_preview`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QTreeWidget, QTreeWidgetItem

from wallet.features.share import preview, streams

if TYPE_CHECKING:
    from wallet.features.share.selection import Plan
    from wallet.store.vault import Vault

ROLE_SERIES = Qt.ItemDataRole.UserRole + 2
"""The tree item's data: the series' plan id (``series:<id>``)."""


def series_line(item: streams.SeriesItem) -> str:
    """``Heart rate · Jane's Apple Watch: 12,345 samples, 2024-01-01 to 2024-03-31``, translated."""
    return QCoreApplication.translate("ShareSeries", "{what} · {source}: {count} samples, {dates}").format(
        what=measurement_name(item), source=item.info.source, count=f"{item.count:,}", dates=dates_text(item)
    )


def measurement_name(item: streams.SeriesItem) -> str:
    """The measurement's name in the app's language (the type's Korean name under Korean)."""
    from wallet.terms.measures import BY_KEY
    from wallet.ui.i18n import current

    t = BY_KEY.get(item.info.mtype)
    return t.label(current()) if t is not None else item.info.title


def dates_text(item: streams.SeriesItem) -> str:
    """The series' first and last day within the share's dates."""
    first, last = item.first_day or "", item.last_day or item.first_day or ""
    return (
        first
        if first == last
        else QCoreApplication.translate("ShareSeries", "{first} to {last}").format(first=first, last=last)
    )


def fill_series(tree: QTreeWidget, plan: Plan) -> dict[str, QTreeWidgetItem]:
    """Add the plan's series under one heading of ``tree``; returns their items by plan id (none: no heading)."""
    items: dict[str, QTreeWidgetItem] = {}
    if not plan.series:
        return items
    top = QTreeWidgetItem(
        [QCoreApplication.translate("ShareSeries", "Measurement series (each sent whole within the dates)"), "", "", ""]
    )
    top.setFlags(top.flags() | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsAutoTristate)
    bold = QFont()
    bold.setBold(True)
    top.setFont(0, bold)
    tree.addTopLevelItem(top)
    for one in plan.series:
        child = QTreeWidgetItem([series_line(one), "", "", "", ""])
        child.setFlags(child.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        child.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.ShowIndicator)
        child.setCheckState(0, Qt.CheckState.Checked if one.included else Qt.CheckState.Unchecked)
        child.setData(0, ROLE_SERIES, one.id)
        child.setToolTip(0, f"{one.info.kind}\n{one.id}")
        top.addChild(child)
        items[one.id] = child
    return items


def changed(plan: Plan, item: QTreeWidgetItem) -> bool:
    """A series' box changed: tick or untick it in the plan.  False when ``item`` is not a series."""
    sid = item.data(0, ROLE_SERIES)
    if sid is None:
        return False
    for one in plan.series:
        if one.id == sid:
            one.included = item.checkState(0) == Qt.CheckState.Checked
    return True


def update_texts(tree: QTreeWidget, plan: Plan, items: dict[str, QTreeWidgetItem]) -> None:
    """The series' lines: the count and dates columns of each, ticked samples on the heading."""
    by_id = {s.id: s for s in plan.series}
    top = None
    for sid, child in items.items():
        one = by_id[sid]
        child.setText(1, f"{one.count:,}" if one.included else "0")
        child.setText(2, dates_text(one))
        top = child.parent()
    if top is not None:
        sent = plan.series_sent
        top.setText(1, f"{sum(s.count for s in sent):,}")
        top.setText(2, "")


def counts_text(plan: Plan) -> str:
    """`` + 12,345 samples in 2 measurement series`` for the dialog's count line (empty without series)."""
    if not plan.series:
        return ""
    sent = plan.series_sent
    text = QCoreApplication.translate("ShareSeries", " + {samples} samples in {series} measurement series").format(
        samples=f"{sum(s.count for s in sent):,}", series=len(sent)
    )
    if streams.over_budget(plan.series):
        text += QCoreApplication.translate(
            "ShareSeries", " (likely too many for one bundle: untick some series or choose a shorter date range)"
        )
    return text


def _row_name(key: str) -> str:
    names = {
        "title": QCoreApplication.translate("ShareSeries", "Measurement"),
        "date": QCoreApplication.translate("ShareSeries", "Dates"),
        "samples": QCoreApplication.translate("ShareSeries", "Samples"),
        "value": QCoreApplication.translate("ShareSeries", "First value"),
        "code": QCoreApplication.translate("ShareSeries", "Code"),
        "device": QCoreApplication.translate("ShareSeries", "Source"),
    }
    return names.get(key, key)


def preview_lines(vault: Vault, plan: Plan, series_id: str) -> list[str]:
    """The lines shown under a series when it is expanded: how it is sent and its values."""
    one = next(s for s in plan.series if s.id == series_id)
    shown = streams.series_preview(vault, one, plan.request.template)
    head = QCoreApplication.translate("ShareSeries", "Sent as FHIR Observations, one per sample, with these values:")
    if shown.form != preview.SENT_AS_FHIR:  # pragma: no cover - series are always sent as FHIR
        head = ""
    return [head] + [f"{_row_name(key)}: {text}" for key, text in shown.rows]


def fill_preview(vault: Vault, plan: Plan, item: QTreeWidgetItem) -> bool:
    """Show a series' preview under its line (read when first expanded).  False when ``item`` is not a series."""
    sid = item.data(0, ROLE_SERIES)
    if sid is None:
        return False
    if item.childCount():
        return True
    for line in preview_lines(vault, plan, str(sid)):
        child = QTreeWidgetItem([line])
        child.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
        child.setToolTip(0, line)
        item.addChild(child)
        child.setFirstColumnSpanned(True)
    item.setChildIndicatorPolicy(QTreeWidgetItem.ChildIndicatorPolicy.DontShowIndicatorWhenChildless)
    return True
