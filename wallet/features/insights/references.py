"""The published references the insights compare against, as data.

Each ``resources/references/*.toml`` file holds references as top-level tables keyed by their id::

    [who2006]
    name = "WHO Child Growth Standards"
    name_ko = "WHO 아동 성장 표준"
    publisher = "World Health Organization"
    year = 2006
    population = "..."
    licence = "..."
    url = "https://..."

A new reference (the Korean 2017 growth charts, a revised guideline) is a new entry and its
data file, not new code.  Every value the wallet compares carries its :class:`Reference`, so
the views print the name, publisher, year, population and licence next to the number.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from typing import Any

from wallet.errors import WalletError
from wallet.resources import resource_path

REFERENCE_DIR = ("references",)
"""Where the reference files are, inside the resources folder."""


class ReferenceError(WalletError):
    """A reference file is missing or says something this version cannot read."""


@dataclass(frozen=True)
class Reference:
    """A published reference: who published it, when, for whom, under which licence, and where to read it."""

    id: str
    name: str
    name_ko: str
    publisher: str
    year: int
    population: str
    licence: str
    url: str
    note: str = ""
    """Anything a reader must know to use it (e.g. "0-35 months reuse WHO 2006")."""

    def label(self, lang: str = "en") -> str:
        """The reference's name in ``lang`` with its publisher and year: ``WHO Child Growth Standards (WHO, 2006)``."""
        name = self.name_ko if lang == "ko" and self.name_ko else self.name
        return f"{name} ({self.publisher}, {self.year})"

    def as_dict(self) -> dict[str, Any]:
        """The reference as JSON-ready fields (for ``--json`` output and shares)."""
        return {
            "id": self.id,
            "name": self.name,
            "name_ko": self.name_ko,
            "publisher": self.publisher,
            "year": self.year,
            "population": self.population,
            "licence": self.licence,
            "url": self.url,
            **({"note": self.note} if self.note else {}),
        }


_FIELDS = ("name", "publisher", "year", "population", "licence", "url")


def _load_file(name: str, data: dict[str, Any]) -> dict[str, Reference]:
    out: dict[str, Reference] = {}
    for ref_id, entry in data.items():
        if not isinstance(entry, dict) or "publisher" not in entry:
            continue  # another table of the file (a guideline's categories, a table's columns)
        missing = [f for f in _FIELDS if f not in entry]
        if missing:
            raise ReferenceError(f"reference {ref_id!r} in {name} lacks {', '.join(missing)}")
        out[ref_id] = Reference(
            ref_id,
            str(entry["name"]),
            str(entry.get("name_ko", "")),
            str(entry["publisher"]),
            int(entry["year"]),
            str(entry["population"]),
            str(entry["licence"]),
            str(entry["url"]),
            str(entry.get("note", "")),
        )
    return out


@cache
def references() -> dict[str, Reference]:
    """Every reference the wallet ships, by id."""
    folder = resource_path(*REFERENCE_DIR)
    out: dict[str, Reference] = {}
    for path in sorted(folder.glob("*.toml")):
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ReferenceError(f"cannot read the reference file {path.name}: {exc}") from exc
        out.update(_load_file(path.name, data))
    return out


def reference(ref_id: str) -> Reference:
    """The reference with this id; ReferenceError naming the known ids otherwise."""
    try:
        return references()[ref_id]
    except KeyError:
        raise ReferenceError(f"no reference {ref_id!r} (known: {', '.join(sorted(references()))})") from None
