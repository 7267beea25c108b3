"""``mydata-wallet listening``: hours of listening and watching per week, top artists and shows.

``listening [--weeks N] [--until YYYY-MM-DD] [--person NAME|ID] [--top N] [--utc] [--lang en|ko] [--json]``
prints the last N ISO weeks (default 12) up to the day of the latest play, from the imported
Spotify, Netflix and YouTube histories; ``--weeks 0`` takes every play.  Weeks are counted in
this computer's zone (``--utc``: in UTC).
"""

from __future__ import annotations

from datetime import UTC, date
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import parse_day, vault_command
from wallet.cli.termsafe import echo, echo_json
from wallet.features import listening as lf

if TYPE_CHECKING:
    from wallet.store.vault import Vault

_TEXT: dict[str, dict[str, Any]] = {
    "en": {
        "none": "No plays in this vault (import a Spotify, Netflix or YouTube history first).",
        "period": "Listening and watching, {since} to {until}: {plays} plays",
        "totals": "Listening {listening:.1f} h, watching {watching:.1f} h",
        "head": "{:<10} {:<11} {:>10} {:>10} {:>7}",
        "cols": ("week", "from", "listening", "watching", "plays"),
        "top_row": "  {name}: {hours:.1f} h, {plays} plays",
    },
    "ko": {
        "none": "이 금고에 재생 기록이 없습니다 (먼저 Spotify, Netflix, YouTube 기록을 가져오세요).",
        "period": "듣기와 시청, {since} ~ {until}: {plays}회 재생",
        "totals": "듣기 {listening:.1f}시간, 시청 {watching:.1f}시간",
        "head": "{:<10} {:<11} {:>10} {:>10} {:>7}",
        "cols": ("주", "시작일", "듣기", "시청", "재생"),
        "top_row": "  {name}: {hours:.1f}시간, {plays}회",
    },
}


def _item(item: lf.TopItem) -> dict[str, Any]:
    return {"name": item.name, "hours": round(item.hours, 4), "plays": item.plays}


@click.command("listening")
@click.option("--weeks", type=click.IntRange(min=0), default=12, show_default=True, help="Weeks to show (0: all).")
@click.option("--until", "until_text", default=None, metavar="YYYY-MM-DD", help="Last day (default: the last play).")
@click.option("--person", default=None, metavar="NAME|ID", help="Whose plays (default: everyone's).")
@click.option("--top", "limit", type=click.IntRange(min=1, max=100), default=10, show_default=True)
@click.option("--utc", is_flag=True, help="Count weeks in UTC instead of this computer's zone.")
@click.option("--lang", type=click.Choice(("en", "ko")), default="en", help="Language of the texts.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@vault_command
def listening_cmd(
    vault: Vault,
    weeks: int,
    until_text: str | None,
    person: str | None,
    limit: int,
    utc: bool,
    lang: str,
    as_json: bool,
) -> None:
    """Hours of listening and watching per ISO week, and the top artists and shows of the period."""
    person_id = vault.resolve_person(person).id if person else None
    until: date | None = parse_day(until_text)
    s = lf.listening_summary(vault, person_id, weeks or None, UTC if utc else None, until, limit)
    if as_json:
        echo_json(
            {
                "since": s.since.isoformat() if s.since else None,
                "until": s.until.isoformat() if s.until else None,
                "plays": s.plays,
                "listening_hours": round(s.listening_hours, 4),
                "watching_hours": round(s.watching_hours, 4),
                "weeks": [
                    {
                        "week": w.week,
                        "monday": w.monday.isoformat(),
                        "listening_hours": round(w.listening_hours, 4),
                        "watching_hours": round(w.watching_hours, 4),
                        "plays": w.plays,
                    }
                    for w in s.weeks
                ],
                "top_artists": [_item(i) for i in s.top_artists],
                "top_shows": [_item(i) for i in s.top_shows],
            }
        )
        return
    t = _TEXT[lang]
    if not s.plays:
        echo(t["none"])
        return
    echo(t["period"].format(since=s.since, until=s.until, plays=s.plays))
    echo(t["totals"].format(listening=s.listening_hours, watching=s.watching_hours))
    echo("")
    echo(t["head"].format(*t["cols"]))
    for w in s.weeks:
        echo(
            t["head"].format(
                w.week, w.monday.isoformat(), f"{w.listening_hours:.2f} h", f"{w.watching_hours:.2f} h", w.plays
            )
        )
    for key, items in (("top_artists", s.top_artists), ("top_shows", s.top_shows)):
        if items:
            echo("")
            echo(lf.label(key, lang))
            for item in items:
                echo(t["top_row"].format(name=item.name, hours=item.hours, plays=item.plays))


def register(group: click.Group) -> None:
    """Add the ``listening`` command to the top-level group."""
    group.add_command(listening_cmd)
