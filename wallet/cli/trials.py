"""The ``trials`` commands: clinical-trial study records of ClinicalTrials.gov kept in the vault.

``import`` reads downloaded study records (API v2 JSON), ``fetch`` asks the registry - after showing the
exact URL it will send, which holds only what was typed - and ``list``, ``show`` and ``delete`` read and
remove what the vault keeps.  Further subcommands (the pre-screen, ``match``) are added to the ``trials``
group with ``@trials.command(...)``.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wallet.cli.context import vault_command
from wallet.cli.termsafe import echo, echo_json, echo_lines
from wallet.features.trials.study import API_URL, STATUSES

if TYPE_CHECKING:
    from wallet.features.trials.model import TrialMatch
    from wallet.features.trials.store import KeptStudy
    from wallet.store.vault import Vault


def register(group: click.Group) -> None:
    """Add the ``trials`` group to ``group``."""
    group.add_command(trials)


@click.group()
def trials() -> None:
    """Clinical-trial study records from ClinicalTrials.gov, kept in the vault.

    Read a downloaded record with `import`, or search the registry with `fetch`: it shows the exact
    address it will send (only what you type, nothing from the vault) and asks before sending.
    """


def _counts(n: int, added: int, updated: int) -> str:
    unchanged = n - added - updated
    parts = [f"{added} added", f"{updated} updated"] + ([f"{unchanged} unchanged"] if unchanged else [])
    return f"{n} stud{'y' if n == 1 else 'ies'} ({', '.join(parts)})"


@trials.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@vault_command
def trials_import(vault: Vault, files: tuple[Path, ...]) -> None:
    """Keep the study records in FILES (ClinicalTrials.gov API v2 JSON: one study, a search page, or a list).

    Every file is read first: if one is not study records, nothing is kept.
    """
    from wallet.features.trials.store import save_studies
    from wallet.features.trials.study import read_studies

    read = [(path, read_studies(path)) for path in files]
    for path, studies in read:
        added, updated = save_studies(vault, studies, f"file:{path.name}")
        echo(f"{path.name}: {_counts(len(studies), added, updated)}")


@trials.command("fetch")
@click.option("--condition", required=True, help="The condition or disease to search for (sent as typed).")
@click.option("--country", help="Only studies with a site in this country (sent as typed).")
@click.option("--city", help="Only studies with a site in this city (sent as typed).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES, case_sensitive=False),
    metavar="STATUS",
    help="A study status wanted: RECRUITING (the default), NOT_YET_RECRUITING, ...; repeat for several.",
)
@click.option("--pages", default=3, show_default=True, type=click.IntRange(1, 10), help="Pages of 20 studies at most.")
@click.option("--yes", is_flag=True, help="Send without asking (the address is still shown).")
@click.option("--base-url", default=API_URL, hidden=True)
@vault_command
def trials_fetch(
    vault: Vault,
    condition: str,
    country: str | None,
    city: str | None,
    statuses: tuple[str, ...],
    pages: int,
    yes: bool,
    base_url: str,
) -> None:
    """Search ClinicalTrials.gov and keep the studies found; shows what will be sent and asks first."""
    from wallet.features.trials.fetch import TrialQuery, fetch_search, preview
    from wallet.features.trials.store import save_studies

    query = TrialQuery(condition, country, city, status=tuple(s.upper() for s in statuses) or ("RECRUITING",))
    url = preview(query, base_url)
    echo("This address will be sent to ClinicalTrials.gov; it holds only what you typed, nothing from the vault:")
    echo(f"  {url}")
    if not yes:
        click.confirm("Send it?", default=False, abort=True)
    result = fetch_search(query, base_url=base_url, max_pages=pages)
    added, updated = save_studies(vault, result.studies, "fetch")
    echo(f"fetched {_counts(len(result.studies), added, updated)}")
    if result.more:
        total = f" of {result.total:,}" if result.total is not None else ""
        echo(f"the registry has more{total}: narrow the search, or fetch more --pages")


def _summary(kept: KeptStudy) -> dict[str, Any]:
    s = kept.study
    return {
        "nct_id": s.nct_id,
        "title": s.title,
        "status": s.status,
        "phases": list(s.phases),
        "conditions": list(s.conditions),
        "last_update": s.last_update,
        "sites": len(s.sites),
        "url": s.url,
        "added": kept.added,
        "updated": kept.updated,
        "source": kept.source,
    }


def _full(kept: KeptStudy) -> dict[str, Any]:
    s = kept.study
    return {
        **_summary(kept),
        "keywords": list(s.keywords),
        "mesh_terms": list(s.mesh_terms),
        "minimum_age": s.minimum_age,
        "maximum_age": s.maximum_age,
        "sex": s.sex,
        "healthy_volunteers": s.healthy_volunteers,
        "eligibility": s.eligibility,
        "sites": [asdict(site) for site in s.sites],
    }


@trials.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@vault_command
def trials_list(vault: Vault, as_json: bool) -> None:
    """List the studies kept, the most recently updated by the registry first."""
    from wallet.features.trials.store import kept_studies

    kept = kept_studies(vault)
    if as_json:
        echo_json([_summary(k) for k in kept])
        return
    if not kept:
        echo("No studies kept yet.")
        return
    for k in kept:
        s = k.study
        echo(f"{s.nct_id}  {s.last_update or '-':<10}  {s.status or '-':<23}  {s.title or '(no title)'}")


def _age_text(low: str | None, high: str | None) -> str:
    if low and high:
        return f"{low} to {high}"
    if low:
        return f"{low} or older"
    if high:
        return f"up to {high}"
    return "not stated"


@trials.command("show")
@click.argument("nct")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (the sites and the criteria in full).")
@vault_command
def trials_show(vault: Vault, nct: str, as_json: bool) -> None:
    """Show one kept study: status, who may take part, sites, and the eligibility criteria as written."""
    from wallet.features.trials.store import get_kept

    kept = get_kept(vault, nct)
    if as_json:
        echo_json(_full(kept))
        return
    s = kept.study
    healthy = {True: "accepted", False: "not accepted", None: "not stated"}[s.healthy_volunteers]
    countries: dict[str, int] = {}
    for site in s.sites:
        countries[site.country or "?"] = countries.get(site.country or "?", 0) + 1
    echo_lines(
        [
            f"{s.nct_id}  {s.title or '(no title)'}",
            f"status:      {s.status or 'not stated'}" + (f"  ({', '.join(s.phases)})" if s.phases else ""),
            f"conditions:  {'; '.join(s.conditions) or 'not stated'}",
            f"ages:        {_age_text(s.minimum_age, s.maximum_age)}",
            f"sex:         {s.sex}",
            f"healthy volunteers: {healthy}",
            f"last update: {s.last_update or 'not stated'}",
            f"sites:       {len(s.sites)}"
            + (
                f" ({', '.join(f'{c} {n}' for c, n in sorted(countries.items(), key=lambda x: -x[1]))})"
                if s.sites
                else ""
            ),
            f"page:        {s.url}",
            f"kept since:  {kept.added} (from {kept.source})",
        ]
    )
    if s.eligibility:
        echo("")
        echo_lines(re.split(r"\r?\n", s.eligibility))  # its own line breaks; a lone CR is shown escaped


@trials.command("delete")
@click.argument("nct")
@vault_command
def trials_delete(vault: Vault, nct: str) -> None:
    """Remove one kept study from the vault."""
    from wallet.features.trials.store import delete_study
    from wallet.features.trials.study import nct_id

    delete_study(vault, nct)
    echo(f"deleted {nct_id(nct)}")


_STATUS_SHOWN = {"met": "[met]    ", "not_met": "[not met]", "unknown": "[unknown]"}


def _match_json(m: TrialMatch) -> dict[str, Any]:
    s = m.study
    return {
        "nct_id": s.nct_id,
        "title": s.title,
        "url": s.url,
        "verdict": m.verdict,
        "met": m.met,
        "not_met": m.not_met,
        "unknown": m.unknown,
        "results": [
            {
                "kind": r.criterion.kind,
                "inclusion": r.criterion.inclusion,
                "text": r.criterion.text,
                "status": r.status,
                "explanation": r.explanation,
                "value": r.value_text,
                "when": r.when,
                "record_ids": list(r.record_ids),
            }
            for r in m.results
        ],
        "to_ask": list(m.to_ask),
        "sites": len(s.sites),
        "nearest_sites": [asdict(d.site) | {"km": d.km} for d in m.sites[:5] if d.km is not None],
    }


def _match_lines(m: TrialMatch) -> list[str]:
    s = m.study
    lines = [
        f"{s.nct_id}  {m.verdict}  ({m.met} met, {m.not_met} not met, {m.unknown} unknown)  {s.title or '(no title)'}"
    ]
    near = next((d for d in m.sites if d.km is not None), None)
    if near is not None:
        where = ", ".join(p for p in (near.site.facility, near.site.city, near.site.country) if p)
        lines.append(f"  nearest site: {where}: {near.km:,.0f} km")
    for r in m.results:
        head = "Exclusion: " if not r.criterion.inclusion else ""
        used = f" (record {', '.join(i[:8] for i in r.record_ids)})" if r.record_ids else ""
        lines.append(f"  {_STATUS_SHOWN[r.status]} {head}{r.criterion.text}")
        lines.append(f"            {r.explanation}{used}")
    if m.to_ask:
        lines.append(f"  to ask the study team ({len(m.to_ask)}, not checked by the wallet):")
        lines.extend(f"    - {text}" for text in m.to_ask)
    return lines


@trials.command("match")
@click.argument("ncts", nargs=-1, metavar="[NCT]...")
@click.option("--person", default=None, metavar="NAME|ID", help="Whose records (default: the vault's holder).")
@click.option("--near", metavar="PLACE", help="A city (Seoul, 서울, Busan, 부산) or 'lat,lon': sites nearest first.")
@click.option("--lang", type=click.Choice(("en", "ko")), default="en", help="Language of the explanations.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@vault_command
def trials_match(
    vault: Vault, ncts: tuple[str, ...], person: str | None, near: str | None, lang: str, as_json: bool
) -> None:
    """Pre-screen the kept studies (or the NCT ids given) against a person's own records; nothing is sent.

    Each criterion is met, not met or unknown, with the value and the record it used; for an exclusion,
    "met" means the person is not excluded by it.  Criteria the wallet cannot read are listed to ask the
    study team.  A pre-screen, not a decision: the study team decides who may take part.
    """
    from wallet.features.trials.match import match_all
    from wallet.features.trials.places import resolve_place
    from wallet.features.trials.store import get_study, stored_studies

    who = vault.resolve_person(person)
    place = resolve_place(near) if near else None
    studies = [get_study(vault, n) for n in dict.fromkeys(ncts)] if ncts else stored_studies(vault)
    matches = match_all(vault, who, studies, near=place, lang=lang)
    if as_json:
        echo_json(
            {"person": who.id, "near": list(place) if place else None, "studies": [_match_json(m) for m in matches]}
        )
        return
    if not matches:
        echo("No studies kept yet: add some with `trials import` or `trials fetch`.")
        return
    echo(f"Pre-screen for {who.label}, from the vault alone (nothing was sent). The study team decides eligibility.")
    for m in matches:
        echo("")
        echo_lines(_match_lines(m))
