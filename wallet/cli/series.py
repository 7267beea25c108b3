"""``mydata-wallet series``: the dense measurement series (heart rate, steps ... from watches and phones).

``series list [--person NAME|ID] [--json]`` lists each series (whose, what, which source, how many samples
over which days); ``series show ID [--period day|week|month] [--json]`` prints its summaries;
``series samples ID --day YYYY-MM-DD [--json]`` prints one day's samples, times in the source's own zone;
``series move ID... --to NAME|ID`` files series under another person (a child's watch imported under a parent's name).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import fail, parse_day, vault_command
from wallet.cli.termsafe import echo, echo_json
from wallet.features.measurements import number_text
from wallet.store import series as series_store
from wallet.terms.measures import type_label
from wallet.terms.names import kind_name

if TYPE_CHECKING:
    from wallet.store.vault import Vault


def _find(vault: Vault, series_id: int) -> series_store.SeriesInfo:
    for info in vault.series_list():
        if info.id == series_id:
            return info
    fail(f"no series {series_id} (mydata-wallet series list shows them)")
    raise AssertionError  # pragma: no cover - fail() exits


def _name(info: series_store.SeriesInfo) -> str:
    return type_label(info.mtype, "en", kind_name(info.kind, "en"))


@click.group("series")
def series_group() -> None:
    """Dense measurement series: heart rate, steps, energy ... from watches and phones."""


@series_group.command("list")
@click.option("--person", default=None, metavar="NAME|ID", help="Whose series (default: everyone's).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@vault_command
def list_cmd(vault: Vault, person: str | None, as_json: bool) -> None:
    """Every series with its source, samples and days."""
    person_id = vault.resolve_person(person).id if person else None
    found = vault.series_list(person_id)
    names = {p.id: p.label for p in vault.persons()}
    if as_json:
        echo_json(
            [
                {
                    "id": s.id,
                    "person": names.get(s.person_id, s.person_id),
                    "measurement": _name(s),
                    "kind": s.kind,
                    "source": s.source,
                    "unit": s.unit,
                    "samples": s.count,
                    "first_day": s.first_day,
                    "last_day": s.last_day,
                }
                for s in found
            ]
        )
        return
    if not found:
        echo("No series in this vault (an Apple Health export's heart rate and steps become series).")
        return
    for s in found:
        echo(
            f"{s.id:>4}  {_name(s)} · {s.source} ({names.get(s.person_id, s.person_id)}): {s.count:,} samples, "
            f"{s.first_day} to {s.last_day}"
        )


@series_group.command("show")
@click.argument("series_id", type=int)
@click.option("--period", type=click.Choice(("day", "week", "month")), default="day", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@vault_command
def show_cmd(vault: Vault, series_id: int, period: str, as_json: bool) -> None:
    """Summaries of one series per day, ISO week or month (count, total, min, mean, max, as recorded)."""
    info = _find(vault, series_id)
    rows = series_store.summaries(vault.conn, series_id, period)
    if as_json:
        keys = ("period", "samples", "total", "min", "mean", "max")
        echo_json({"series": series_id, "unit": info.unit, "rows": [dict(zip(keys, r, strict=True)) for r in rows]})
        return
    echo(f"{_name(info)} · {info.source}, in {info.unit or 'no unit'}")
    for p, n, total, lo, avg, hi in rows:
        echo(
            f"  {p:<10} {n:>7,} samples  min {number_text(lo)}  mean {number_text(avg)}  max {number_text(hi)}"
            f"  total {number_text(total)}"
        )


@series_group.command("samples")
@click.argument("series_id", type=int)
@click.option("--day", "day_text", required=True, metavar="YYYY-MM-DD", help="The day (in the source's zone).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@vault_command
def samples_cmd(vault: Vault, series_id: int, day_text: str, as_json: bool) -> None:
    """One day's samples of a series, as recorded."""
    info = _find(vault, series_id)
    day = parse_day(day_text)
    assert day is not None
    rows = series_store.day_samples(vault.conn, series_id, day.isoformat())
    out: list[dict[str, Any]] = []
    for t0, t1, value, tz, extra in rows:
        zone = timezone(timedelta(minutes=tz)) if tz is not None else UTC
        out.append(
            {
                "start": datetime.fromtimestamp(t0, zone).isoformat(),
                "end": datetime.fromtimestamp(t1, zone).isoformat() if t1 is not None else None,
                "value": value,
                "extra": extra,
            }
        )
    if as_json:
        echo_json({"series": series_id, "unit": info.unit, "samples": out})
        return
    echo(f"{_name(info)} · {info.source}, {day.isoformat()}: {len(out):,} samples, in {info.unit or 'no unit'}")
    for item in out:
        end = f" to {item['end'][11:19]}" if item["end"] else ""
        echo(f"  {item['start'][11:19]}{end}  {number_text(item['value'])}")


@series_group.command("move")
@click.argument("series_ids", nargs=-1, required=True, type=int)
@click.option("--to", "to_person", required=True, metavar="NAME|ID", help="Name or id of the person to move them to.")
@vault_command
def move_cmd(vault: Vault, series_ids: tuple[int, ...], to_person: str) -> None:
    """Move series (with their samples) to another person; samples they already have are kept once."""
    found = [_find(vault, series_id) for series_id in dict.fromkeys(series_ids)]
    target = vault.resolve_person(to_person)
    moved = vault.move_series([info.id for info in found], target.id)
    for info in found:
        was = "already theirs" if info.person_id == target.id else f"{info.count:,} samples"
        echo(f"{info.id:>4}  {_name(info)} · {info.source}: {was}")
    echo(f"moved {moved:,} samples of {len(found)} series to {target.label}")


def register(cli: click.Group) -> None:
    """Add the ``series`` command group."""
    cli.add_command(series_group)
