"""Study records of ClinicalTrials.gov (API v2 JSON) read into :class:`~.model.Study`.

One reader for every shape the registry gives: one study (``{"protocolSection": ...}``, what
``/api/v2/studies/NCT...`` answers and the site's "Download JSON" saves), a search page
(``{"studies": [...], "nextPageToken": ..., "totalCount": ...}``) or a JSON list of studies.

What the record leaves out stays unknown: a capture made with ``fields=`` omits whole modules,
so an absent module gives None / empty values, never an error; a module or value of the wrong
kind (a list where an object belongs, a number for a title) is an error.  Dates stay as the
registry writes them, month precision included (``2015-08``).  Enumerations are kept upper-case
(``ACTIVE_NOT_RECRUITING``, ``PHASE3``); the older spellings (``Active, not recruiting``) are
brought to that form.

Anything else - a FHIR bundle, truncated JSON, a bare number, an id that is not ``NCT`` and eight
digits, a document over the size limit - is one :class:`TrialError` saying so.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from wallet.errors import ConnectorError, WalletError
from wallet.features.trials.model import Site, Study
from wallet.limits import MAX_JSON_DOCUMENT_BYTES, load_json, mb

NOT_A_STUDY = "not a ClinicalTrials.gov study record"
API_URL = "https://clinicaltrials.gov/api/v2/studies"
STATUSES = (
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "ENROLLING_BY_INVITATION",
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
    "WITHHELD",
    "UNKNOWN",
)
"""The overall statuses the API filters by (``Status`` in its OpenAPI description)."""
STUDY_URL = "https://clinicaltrials.gov/study/"
MAX_STUDY_BYTES = MAX_JSON_DOCUMENT_BYTES
"""One file or answer of study records read whole (the largest real records, with results, are about 1.5 MB)."""

_NCT = re.compile(r"NCT\d{8}")
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_NOT_WORD = re.compile(r"[^A-Z0-9]+")


class TrialError(WalletError):
    """A study record that cannot be read, a study not in the vault, or a registry that did not answer well."""


def _bad(why: str, name: str = "") -> TrialError:
    where = f"{name}: " if name else ""
    return TrialError(f"{where}{NOT_A_STUDY}: {why}")


def nct_id(text: str) -> str:
    """``text`` as an NCT id (``nct02513394 `` -> ``NCT02513394``); TrialError when it is not NCT and 8 digits."""
    value = text.strip().upper()
    if not _NCT.fullmatch(value):
        shown = text if len(text) <= 40 else text[:40] + "..."
        raise TrialError(f"not an NCT id: {shown!r} (a ClinicalTrials.gov id is NCT and 8 digits, NCT01234567)")
    return value


def study_url(nct: str) -> str:
    """The study's page on ClinicalTrials.gov."""
    return f"{STUDY_URL}{nct}"


def parse_studies(data: bytes | str | dict[str, Any] | list[Any], name: str = "") -> list[Study]:
    """The studies in ClinicalTrials.gov API v2 JSON: one study, a search page, or a list of studies.

    ``data`` is the JSON text (bytes or str, at most :data:`MAX_STUDY_BYTES`) or the parsed value;
    ``name`` (a file name, say) starts the error message.  A search page without studies is an
    empty list; anything that is not study records is one :class:`TrialError`.
    """
    value = _load(data, name) if isinstance(data, bytes | str) else data
    if isinstance(value, list):
        items = value
        where = "item"
    elif isinstance(value, dict):
        if "protocolSection" in value:
            return [parse_study(value, name)]
        if "studies" in value:
            if not isinstance(value["studies"], list):
                raise _bad('"studies" is not a list', name)
            items = value["studies"]
            where = "studies item"
        else:
            raise _bad(_what_instead(value), name)
    else:
        raise _bad(f"the JSON is {_kind(value)}, not an object with a protocolSection", name)
    studies = []
    for i, item in enumerate(items):
        if not isinstance(item, dict) or "protocolSection" not in item:
            raise _bad(f"{where} {i + 1} is {_kind(item) if not isinstance(item, dict) else _what_instead(item)}", name)
        studies.append(parse_study(item, name))
    return studies


def _load(data: bytes | str, name: str) -> Any:
    raw = data.encode("utf-8", "surrogatepass") if isinstance(data, str) else data
    if len(raw) > MAX_STUDY_BYTES:
        raise _bad(f"{mb(len(raw))} is over the {mb(MAX_STUDY_BYTES)} limit for one file of study records", name)
    if not raw.strip():
        raise _bad("the file is empty", name)
    try:
        return load_json(raw, "JSON")
    except ConnectorError as exc:
        why = str(exc).removeprefix("JSON: ")
        if "not valid JSON" in why and raw.lstrip()[:1] in (b"{", b"["):
            why += "; the file may be cut short"
        raise _bad(why, name) from exc


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a text"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _what_instead(value: dict[str, Any]) -> str:
    kind = value.get("resourceType")
    if isinstance(kind, str):
        return f"a FHIR {kind[:40]} (this reads ClinicalTrials.gov API v2 JSON, not FHIR)"
    if "FullStudiesResponse" in value or "StudyFieldsResponse" in value:
        return "a record of the retired API v1 (download it again from clinicaltrials.gov, as JSON)"
    return "an object without a protocolSection"


# --------------------------------------------------------------------------- one study


class _Reader:
    """Typed access to one record's values, each error naming the path that was wrong."""

    def __init__(self, nct: str, name: str) -> None:
        self.nct = nct
        self.name = name

    def fail(self, path: str, what: str) -> TrialError:
        return _bad(f"{self.nct}: {path} is not {what}", self.name)

    def obj(self, parent: Mapping[str, Any], key: str, path: str) -> dict[str, Any]:
        value = parent.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f"{path}.{key}" if path else key, "an object")
        return value

    def text(self, parent: Mapping[str, Any], key: str, path: str) -> str | None:
        value = parent.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f"{path}.{key}", "a text")
        return value

    def texts(self, parent: Mapping[str, Any], key: str, path: str) -> tuple[str, ...]:
        value = parent.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{path}.{key}", "a list of texts")
        return tuple(value)

    def objs(self, parent: Mapping[str, Any], key: str, path: str) -> list[dict[str, Any]]:
        value = parent.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{path}.{key}", "a list of objects")
        return value


def enum(value: str) -> str:
    """A registry enumeration upper-case with underscores (``Active, not recruiting`` -> ``ACTIVE_NOT_RECRUITING``)."""
    word = _NOT_WORD.sub("_", value.strip().upper()).strip("_")
    return re.sub(r"^PHASE_(\d)$", r"PHASE\1", word)


def _unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(v for v in values if v))


def parse_study(record: dict[str, Any], name: str = "") -> Study:
    """One API v2 study record (an object with ``protocolSection``) as a :class:`Study`; ``raw`` is ``record``."""
    protocol = record.get("protocolSection")
    if not isinstance(protocol, dict):
        raise _bad("protocolSection is not an object", name)
    ident = protocol.get("identificationModule")
    if not isinstance(ident, dict) or not isinstance(ident.get("nctId"), str):
        raise _bad("it has no protocolSection.identificationModule.nctId", name)
    raw_id = ident["nctId"]
    if not _NCT.fullmatch(raw_id):
        shown = raw_id if len(raw_id) <= 40 else raw_id[:40] + "..."
        raise _bad(f"its id {shown!r} is not NCT and 8 digits", name)
    r = _Reader(raw_id, name)
    p = "protocolSection"
    status_mod = r.obj(protocol, "statusModule", p)
    cond_mod = r.obj(protocol, "conditionsModule", p)
    elig = r.obj(protocol, "eligibilityModule", p)
    design = r.obj(protocol, "designModule", p)
    places = r.obj(protocol, "contactsLocationsModule", p)
    title = r.text(ident, "briefTitle", f"{p}.identificationModule") or r.text(
        ident, "officialTitle", f"{p}.identificationModule"
    )
    status = r.text(status_mod, "overallStatus", f"{p}.statusModule")
    sex = r.text(elig, "sex", f"{p}.eligibilityModule")
    healthy = elig.get("healthyVolunteers")
    if healthy is not None and not isinstance(healthy, bool):
        raise r.fail(f"{p}.eligibilityModule.healthyVolunteers", "true or false")
    return Study(
        nct_id=raw_id,
        title=(title or "").strip(),
        status=enum(status) if status else "",
        conditions=_unique(c.strip() for c in r.texts(cond_mod, "conditions", f"{p}.conditionsModule")),
        keywords=_unique(k.strip() for k in r.texts(cond_mod, "keywords", f"{p}.conditionsModule")),
        mesh_terms=_mesh_terms(r, record),
        minimum_age=_age(r.text(elig, "minimumAge", f"{p}.eligibilityModule")),
        maximum_age=_age(r.text(elig, "maximumAge", f"{p}.eligibilityModule")),
        sex=enum(sex) if sex and sex.strip() else "ALL",
        healthy_volunteers=healthy,
        eligibility=r.text(elig, "eligibilityCriteria", f"{p}.eligibilityModule") or "",
        sites=tuple(
            _site(r, i, loc) for i, loc in enumerate(r.objs(places, "locations", f"{p}.contactsLocationsModule"))
        ),
        phases=_unique(enum(ph) for ph in r.texts(design, "phases", f"{p}.designModule")),
        last_update=_last_update(r, status_mod),
        url=study_url(raw_id),
        raw=record,
    )


def _age(value: str | None) -> str | None:
    """``18 Years`` as written; None for none stated (``N/A``, the older API's way of saying so, or blank)."""
    if value is None:
        return None
    text = value.strip()
    return None if not text or text.upper() in ("N/A", "NA", "NONE") else text


def _mesh_terms(r: _Reader, record: dict[str, Any]) -> tuple[str, ...]:
    path = "derivedSection.conditionBrowseModule"
    browse = r.obj(r.obj(record, "derivedSection", ""), "conditionBrowseModule", "derivedSection")
    terms: list[str] = []
    for key in ("meshes", "ancestors"):
        for item in r.objs(browse, key, path):
            term = r.text(item, "term", f"{path}.{key}[]")
            if term:
                terms.append(term.strip())
    return _unique(terms)


def mesh_ancestors(study: Study) -> tuple[str, ...]:
    """The broader MeSH headings of ``study.mesh_terms`` (``conditionBrowseModule.ancestors`` of the record as
    received, less the record's own ``meshes``): "Diabetes Mellitus" above "Diabetes Mellitus, Type 2".

    They tell what family the study's conditions belong to, not which condition it takes: a person's record that
    matches only one of them is a question for the study team, never a match.
    """
    derived = study.raw.get("derivedSection") if isinstance(study.raw, dict) else None
    browse = derived.get("conditionBrowseModule") if isinstance(derived, dict) else None
    if not isinstance(browse, dict):
        return ()

    def terms(key: str) -> list[str]:
        items = browse.get(key)
        return [
            item["term"].strip()
            for item in (items if isinstance(items, list) else [])
            if isinstance(item, dict) and isinstance(item.get("term"), str) and item["term"].strip()
        ]

    own = {t.casefold() for t in terms("meshes")}
    return _unique(t for t in terms("ancestors") if t.casefold() not in own)


def _site(r: _Reader, index: int, loc: dict[str, Any]) -> Site:
    path = f"protocolSection.contactsLocationsModule.locations[{index}]"
    geo = r.obj(loc, "geoPoint", path)
    lat, lon = _coordinate(geo.get("lat"), 90), _coordinate(geo.get("lon"), 180)
    if lat is None or lon is None:
        lat = lon = None
    status = r.text(loc, "status", path)
    return Site(
        facility=(r.text(loc, "facility", path) or "").strip(),
        city=(r.text(loc, "city", path) or "").strip(),
        country=(r.text(loc, "country", path) or "").strip(),
        state=(r.text(loc, "state", path) or "").strip(),
        status=enum(status) if status else "",
        lat=lat,
        lon=lon,
    )


def _coordinate(value: Any, bound: float) -> float | None:
    """A latitude or longitude within ``bound``; None for absent, non-numeric or out-of-range values."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) and -bound <= number <= bound else None


def _last_update(r: _Reader, status_mod: dict[str, Any]) -> str | None:
    """The last update posted (``lastUpdatePostDateStruct``), else submitted; partial dates as written."""
    path = "protocolSection.statusModule"
    posted = r.text(r.obj(status_mod, "lastUpdatePostDateStruct", path), "date", f"{path}.lastUpdatePostDateStruct")
    value = posted or r.text(status_mod, "lastUpdateSubmitDate", path)
    if value is None:
        return None
    value = value.strip()
    return value if _DATE.fullmatch(value) else None


def read_studies(path: Path) -> list[Study]:
    """The studies in the file ``path`` (read no further than :data:`MAX_STUDY_BYTES`); TrialError otherwise."""
    try:
        with path.open("rb") as fh:
            data = fh.read(MAX_STUDY_BYTES + 1)
    except IsADirectoryError as exc:
        raise TrialError(f"{path.name}: is a folder, not a file of study records") from exc
    except OSError as exc:
        raise TrialError(f"{path.name}: cannot be read ({exc.strerror or type(exc).__name__})") from exc
    if len(data) > MAX_STUDY_BYTES:
        raise _bad(f"larger than the {mb(MAX_STUDY_BYTES)} limit for one file of study records", path.name)
    return parse_studies(data, path.name)
