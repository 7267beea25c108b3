"""Moving series to another person (Vault.move_series, ``mydata-wallet series move``): the samples, the daily
summaries of both persons and the readings layer end up as if the samples had been imported for the new person."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from conftest import PASSPHRASE, run_cli

from wallet.errors import NotFound
from wallet.model import Domain, Person, Provenance, Record
from wallet.samples import Samples
from wallet.store import readings
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

HR = "HKQuantityTypeIdentifierHeartRate"
STEPS = "HKQuantityTypeIdentifierStepCount"
WATCH = "Minjun's Apple Watch"
DAY0 = datetime(2024, 3, 20, tzinfo=UTC).timestamp()
DAY4 = DAY0 + 4 * 86400


def _samples(kind: str, unit: str, rows: list[tuple[Any, ...]], source: str, person_id: str | None) -> Samples:
    prov = Provenance(connector_id="apple_health", connector_version="1", source_name=f"{source}.xml")
    item = Samples(Domain.HEALTH, kind, kind, unit, source, prov, rows=[tuple(r) for r in rows])  # type: ignore[misc]
    item.person_id = person_id
    if source == WATCH:
        item.meta["device"] = "<<HKDevice>, name:Apple Watch>"
    return item


def _import_a(v: Vault, person_id: str | None, strap_for: str | None = None) -> int:
    """Import "a": ten days of the watch's heart rate and steps for ``person_id``, a strap's heart rate for
    ``strap_for``; returns how many watch samples."""
    v.begin_import("a", datetime(2024, 3, 30, tzinfo=UTC), "apple_health", "a.xml", "a" * 64)
    hr = [(DAY0 + i * 900, None, 60.0 + i % 40, 540, None) for i in range(10 * 96)]
    steps = [(DAY0 + i * 1800, DAY0 + i * 1800 + 600, float(10 + i % 17), 540, None) for i in range(10 * 48)]
    strap = [(DAY0 + i * 1200 + 7, None, 70.0 + i % 9, 0, None) for i in range(10 * 72)]
    v.add_samples(
        [
            _samples(HR, "count/min", hr, WATCH, person_id),
            _samples(STEPS, "count", steps, WATCH, person_id),
            _samples(HR, "count/min", strap, "Strap", strap_for),
        ],
        import_id="a",
    )
    return len(hr) + len(steps)


B_REPEATS = 2 * 96 + 2 * 48
"""Samples of "b" that "a" holds too (days 4 and 5 of the watch, exactly)."""


def _import_b(v: Vault, person_id: str) -> None:
    """Import "b" for ``person_id``: a newer export of the watch (days 4 to 12: days 4 and 5 as "a" has them, one
    heart rate far from UTC, steps overlapping a's), and a hospital's heart rate on day 4."""
    v.begin_import("b", datetime(2024, 4, 2, tzinfo=UTC), "apple_health", "b.xml", "b" * 64)
    hr = [(DAY0 + i * 900, None, 60.0 + i % 40, 540, None) for i in range(4 * 96, 6 * 96)]  # as a has them
    hr += [(DAY0 + i * 900 + 5, None, 90.0 + i % 11, 540, None) for i in range(6 * 96, 13 * 96)]
    hr.append((DAY4 + 86400 + 3600 + 3, None, 99.0, 23 * 60, None))  # its own day is the next UTC day
    steps = [(DAY0 + i * 1800, DAY0 + i * 1800 + 600, float(10 + i % 17), 540, None) for i in range(4 * 48, 6 * 48)]
    steps += [(DAY0 + i * 1800 + 300, DAY0 + i * 1800 + 900, float(20 + i % 5), 540, None) for i in range(6 * 48, 600)]
    v.add_samples(
        [_samples(HR, "count/min", hr, WATCH, person_id), _samples(STEPS, "count", steps, WATCH, person_id)],
        import_id="b",
    )
    clinic = Record(
        domain=Domain.HEALTH,
        kind="Observation",
        title="Heart rate",
        start=datetime.fromtimestamp(DAY4 + 4 * 900, UTC),
        value=61.0,
        unit="/min",
        code_system="http://loinc.org",
        code="8867-4",
        payload={"resourceType": "Observation", "performer": [{"display": "Seoul Hospital"}]},
        provenance=Provenance(connector_id="fhir", connector_version="1", source_name="clinic.json"),
        person_id=person_id,
    )
    v.add_records([clinic], import_id="b")


def _child(v: Vault) -> Person:
    child = Person(name="Minjun Kim")
    v.save_person(child)
    return child


def _state(v: Vault) -> dict[str, list[tuple[Any, ...]]]:
    """Series, their samples and summaries and the readings layer's days, by person name (ids differ between
    vaults) and series key."""
    names = {p.id: "holder" if p.is_holder else p.name for p in v.persons()}
    out: dict[str, list[tuple[Any, ...]]] = {}
    key = "s.person_id, s.kind, s.source, s.unit"
    queries = {
        "series": f"SELECT {key}, s.mtype, s.rank FROM series AS s",
        "samples": f"SELECT {key}, x.t0, x.value, x.t1, x.tz, x.extra FROM samples AS x JOIN series AS s "
        "ON s.id = x.series",
        "series_daily": f"SELECT {key}, d.day, d.n, d.total, d.lo, d.avg, d.hi, d.first, d.last "
        "FROM series_daily AS d JOIN series AS s ON s.id = d.series",
        "readings_daily": "SELECT * FROM readings_daily",
        "readings": "SELECT person_id, mtype, t0, value, source, main FROM readings",
    }
    for name, sql in queries.items():
        rows = [(names[r[0]], *r[1:]) for r in v.conn.execute(sql)]
        out[name] = sorted(rows, key=repr)
    return out


def _approx(state: dict[str, list[tuple[Any, ...]]]) -> dict[str, list[tuple[Any, ...]]]:
    """Floats as pytest.approx (a day's mean or total summed in another order may differ in the last bit)."""
    return {
        k: [tuple(pytest.approx(x) if isinstance(x, float) else x for x in row) for row in rows]
        for k, rows in state.items()
    }


def _fresh(tmp_path: Path, name: str) -> Vault:
    v, _ = Vault.create(tmp_path / name, PASSPHRASE, kdf=KdfParams.floor())
    return v


def test_a_series_moved_to_a_person_without_one_changes_hands_with_its_days(vault: Vault, tmp_path: Path) -> None:
    child = _child(vault)
    holder = vault.holder()
    n_watch = _import_a(vault, None)
    before = _state(vault)
    ids = {(s.mtype, s.source): s for s in vault.series_list()}
    watch = [ids[("heart_rate", WATCH)].id, ids[("steps", WATCH)].id]
    holder_days = {
        r[0] for r in vault.conn.execute("SELECT mtype FROM readings_daily WHERE person_id = ?", (holder.id,))
    }
    assert holder_days == {"heart_rate", "steps"}

    assert vault.move_series(watch, child.id) == n_watch

    after = {s.id: s for s in vault.series_list()}
    assert set(after) == set(ids_ := {s.id for s in ids.values()}) and len(ids_) == 3  # the same series, no stand-in
    assert {after[i].person_id for i in watch} == {child.id}
    assert after[ids[("heart_rate", "Strap")].id].person_id == holder.id
    assert vault.sample_count(child.id) == n_watch
    # the holder's days lose the watch: no steps at all, heart rate from the strap alone
    left = vault.conn.execute(
        "SELECT mtype, sum(n), max(sources) FROM readings_daily WHERE person_id = ? GROUP BY mtype", (holder.id,)
    ).fetchall()
    assert left == [("heart_rate", 10 * 72, 1)]
    # as if the watch had been imported for the child from the start
    direct = _fresh(tmp_path, "direct")
    with direct:
        direct_child = _child(direct)
        _import_a(direct, direct_child.id)
        assert _approx(_state(vault)) == _state(direct)
    entry = vault.audit_entries(1)[0]
    assert entry["action"] == "series.move"
    assert vault.check() == []
    # and back again: as before the move (ids too)
    assert vault.move_series(watch, holder.id) == n_watch
    assert _approx(_state(vault)) == before and {s.id for s in vault.series_list()} == ids_
    assert vault.check() == []


def test_a_series_moved_into_the_persons_series_of_the_same_source_keeps_each_sample_once(
    vault: Vault, tmp_path: Path
) -> None:
    child = _child(vault)
    n_watch = _import_a(vault, None)  # the child's watch, imported under the parent's name
    _import_b(vault, child.id)  # a newer export of it, for the child
    mine = {s.mtype: s.id for s in vault.series_list(vault.holder().id) if s.source == WATCH}
    theirs = {s.mtype: s for s in vault.series_list(child.id) if s.source == WATCH}
    total = vault.sample_count()

    assert vault.move_series([mine["heart_rate"], mine["steps"]], child.id) == n_watch

    assert vault.sample_count() == total - B_REPEATS  # the repeats are not doubled
    listed = vault.series_list()
    assert {s.id for s in listed} == {theirs["heart_rate"].id, theirs["steps"].id} | {
        s.id for s in listed if s.source == "Strap"
    }  # the emptied series are gone; the child's kept their ids
    assert vault.audit_entries(1)[0]["detail"] == {
        "person": child.id,
        "repeats": B_REPEATS,
        "samples": n_watch,
        "series": 2,
    }
    # as if both exports had been imported for the child
    direct = _fresh(tmp_path, "direct")
    with direct:
        direct_child = _child(direct)
        _import_a(direct, direct_child.id)
        _import_b(direct, direct_child.id)
        expected = _state(direct)
        assert _approx(_state(vault)) == expected
    # the same summaries made afresh from the samples
    with vault.transaction() as conn:
        readings.rebuild(conn)
    assert _approx(_state(vault)) == expected
    assert vault.check() == []


def test_an_unknown_person_or_series_changes_nothing(vault: Vault) -> None:
    child = _child(vault)
    _import_a(vault, None)
    before, audit = _state(vault), vault.audit_count()
    [some, *_] = [s.id for s in vault.series_list()]
    missing = max(s.id for s in vault.series_list()) + 1
    with pytest.raises(NotFound, match="person"):
        vault.move_series([some], "no-such-person")
    with pytest.raises(NotFound, match=f"no series with id {missing}"):
        vault.move_series([some, missing], child.id)
    assert _state(vault) == before and vault.audit_count() == audit
    assert vault.check() == []


def test_a_file_imported_before_is_read_again_after_its_series_moved(vault: Vault, tmp_path: Path) -> None:
    from test_series import _bench

    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source

    export = tmp_path / "export.xml"
    _bench().generate(export, 500)
    child = _child(vault)
    first = import_source(vault, Source(export), connector_id="apple_health")
    assert import_source(vault, Source(export), connector_id="apple_health").unchanged_since is not None
    [hr] = vault.series_list(vault.holder().id, "heart_rate")
    vault.move_series([hr.id], child.id)
    again = import_source(vault, Source(export), connector_id="apple_health")
    assert again.unchanged_since is None and again.added == hr.count  # the holder's heart rate is back
    assert first.added > hr.count and vault.check() == []


def test_the_cli_moves_series_and_refuses_unknown_ones_in_one_line(vault: Vault, vault_dir: Path) -> None:
    child = _child(vault)
    n_watch = _import_a(vault, None)
    watch = [str(s.id) for s in vault.series_list() if s.source == WATCH]
    strap = next(s.id for s in vault.series_list() if s.source == "Strap")
    vault.close()

    moved = run_cli(vault_dir, "series", "move", *watch, "--to", "Minjun")
    assert moved.returncode == 0, moved.stderr
    assert f"moved {n_watch:,} samples of 2 series to Minjun Kim" in moved.stdout
    listed = {r["id"]: r for r in json.loads(run_cli(vault_dir, "series", "list", "--json").stdout)}
    assert {listed[int(i)]["person"] for i in watch} == {"Minjun Kim"}
    assert listed[strap]["person"] != "Minjun Kim"

    for args, said in (
        (("999", "--to", "Minjun"), "no series 999"),
        ((watch[0], "--to", "Nobody"), "no person named 'Nobody'"),
    ):
        refused = run_cli(vault_dir, "series", "move", *args)
        assert refused.returncode != 0 and said in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr and len(refused.stderr.strip().splitlines()) == 1

    with Vault.open(vault_dir, PASSPHRASE) as v:
        assert v.sample_count(child.id) == n_watch
        assert [e["action"] for e in v.audit_entries()].count("series.move") == 1
        assert v.check() == []


def test_moving_a_series_to_its_own_person_moves_nothing(vault: Vault) -> None:
    _import_a(vault, None)
    before = _state(vault)
    ids = [s.id for s in vault.series_list()]
    assert vault.move_series(ids, vault.holder().id) == 0
    assert _state(vault) == before and vault.check() == []
