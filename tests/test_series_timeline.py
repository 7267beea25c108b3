"""Series in the timeline: one row per series and day among the records, opening into the day's samples."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from wallet.features import series_days
from wallet.model import Domain, Provenance, Record
from wallet.samples import Samples
from wallet.store.vault import Vault
from wallet.ui.detail import DetailPane
from wallet.ui.records_model import RecordFilter, RecordTableModel

KST = timezone(timedelta(hours=9))
PROV = Provenance(connector_id="apple_health", connector_version="1", source_name="export.xml")


def _fill(vault: Vault, days: int = 3, per_day: int = 50) -> None:
    rows = []
    for d in range(days):
        start = datetime(2024, 3, 1 + d, 6, 0, tzinfo=KST).timestamp()
        rows += [(start + 300 * i, None, 60.0 + i % 40, 540, None) for i in range(per_day)]
    hr = Samples(
        Domain.HEALTH, "HKQuantityTypeIdentifierHeartRate", "Heart rate", "count/min", "Jane's Watch", PROV, rows
    )
    vault.add_samples([hr])
    vault.add_records(
        [
            Record(
                domain=Domain.HEALTH,
                kind="Condition",
                title=f"Visit {d}",
                start=datetime(2024, 3, 1 + d, 12, 0, tzinfo=KST),
                provenance=PROV,
            )
            for d in range(days)
        ]
    )


@pytest.mark.usefixtures("inline_tasks")
def test_each_series_day_is_one_row_among_the_records(vault: Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    import wallet.ui.records_model as rm

    _fill(vault)
    monkeypatch.setattr(rm, "PAGE_SIZE", 2)  # pages of two records: series days must follow their span
    model = RecordTableModel()
    model.set_vault(vault, RecordFilter())
    while model.canFetchMore():
        model.fetchMore()
    titles = [model.record_at(i).title for i in range(model.rowCount())]  # type: ignore[union-attr]
    assert titles == [
        "Visit 2",
        "Heart rate: 50 samples, 60–99 bpm",
        "Visit 1",
        "Heart rate: 50 samples, 60–99 bpm",
        "Visit 0",
        "Heart rate: 50 samples, 60–99 bpm",
    ]
    days = [model.record_at(i).payload["day"] for i in (1, 3, 5)]  # type: ignore[union-attr]
    assert days == ["2024-03-03", "2024-03-02", "2024-03-01"]
    # oldest first, the same rows the other way round
    model.set_filter(RecordFilter(newest_first=False))
    while model.canFetchMore():
        model.fetchMore()
    assert [model.record_at(i).title for i in range(model.rowCount())] == list(reversed(titles))  # type: ignore[union-attr]


@pytest.mark.usefixtures("inline_tasks")
def test_a_day_row_opens_into_its_samples(vault: Vault) -> None:
    _fill(vault, days=1, per_day=5)
    model = RecordTableModel()
    model.set_vault(vault, RecordFilter())
    rows = [model.record_at(i) for i in range(model.rowCount())]
    [day] = [r for r in rows if series_days.is_day_row(r)]
    pane = DetailPane()
    pane.vault = vault
    pane.show_record(day)
    text = pane.summary.toPlainText()
    assert "06:00:00" in text and "06:20:00" in text and "64 bpm" in text and "Jane's Watch" in text
    assert series_days.day_samples(vault, day)[0] == ("06:00:00", "60 bpm")


@pytest.mark.usefixtures("inline_tasks")
def test_filters_apply_to_series_days(vault: Vault) -> None:
    _fill(vault)
    model = RecordTableModel()
    model.set_vault(vault, RecordFilter(domain="finance"))
    assert model.rowCount() == 0
    model.set_filter(RecordFilter(kind="Condition"))
    assert all(not series_days.is_day_row(model.record_at(i)) for i in range(model.rowCount()))
    model.set_filter(RecordFilter(since=datetime(2024, 3, 2).date(), until=datetime(2024, 3, 2).date()))
    days = [r.payload["day"] for i in range(model.rowCount()) if series_days.is_day_row(r := model.record_at(i))]  # type: ignore[union-attr]
    assert days == ["2024-03-02"]
