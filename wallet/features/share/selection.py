"""What leaves: gathering the records a template selects, and the consent summary.

:func:`prepare` turns a :class:`~wallet.features.share.templates.ShareRequest` into a
:class:`Plan`: every candidate record (each can be unticked), counts per
domain and kind with date ranges, sensitive categories, and the identifying
fields that are sent or left out.  The CLI prints :func:`summary_lines`; the
consent dialog shows the same plan as a tree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from wallet.errors import ChooseRecords
from wallet.features.share import sensitive, streams
from wallet.features.share.templates import IDENTIFYING_FIELDS, Selection, ShareError, ShareRequest, template
from wallet.jose import thumbprint
from wallet.model import Domain, Person, Record
from wallet.terms.clock import local_day_of

if TYPE_CHECKING:
    from wallet.store.vault import Vault

# FHIR kinds that go into an International Patient Summary, per section.
IPS_KINDS = frozenset(
    {
        "Condition",
        "AllergyIntolerance",
        "MedicationStatement",
        "MedicationRequest",
        "Immunization",
        "Observation",
        "Procedure",
        "Device",
        "DeviceUseStatement",
    }
)
MED_DONE = frozenset({"completed", "stopped", "cancelled", "entered-in-error", "not-taken", "draft", "unknown-x"})
CLAIM_KINDS = frozenset({"Condition", "Procedure", "MedicationRequest", "MedicationStatement"})


def is_fhir(rec: Record) -> bool:
    """Whether the payload is a FHIR resource of the record's kind (health or profile), fit for a FHIR bundle."""
    return rec.payload.get("resourceType") == rec.kind and rec.domain in (Domain.HEALTH, Domain.PROFILE)


def observation_category(rec: Record) -> str | None:
    """``vital-signs`` or ``laboratory`` for an Observation of that category, else None."""
    for cat in rec.payload.get("category") or []:
        for coding in (cat or {}).get("coding") or []:
            code = (coding or {}).get("code")
            if code in ("vital-signs", "laboratory"):
                return str(code)
    return None


@dataclass
class PlanItem:
    """One candidate record of a share and its tick: unticked records are not sent."""

    record: Record
    sensitive: set[str]
    included: bool = True

    @property
    def id(self) -> str:
        """The record's id."""
        return self.record.id


@dataclass
class Group:
    """The ticked records of one domain and kind: how many, over which dates, and how sensitive."""

    domain: str
    kind: str
    count: int
    first: datetime | None
    last: datetime | None
    sensitive: set[str] = field(default_factory=set)

    def dates(self) -> str:
        """The group's date range as ``first .. last`` (one date when they agree), or ``no dates``."""
        if self.first is None:
            return "no dates"
        a = self.first.date().isoformat()
        b = self.last.date().isoformat() if self.last else a
        return a if a == b else f"{a} .. {b}"


@dataclass
class Plan:
    """What a share would send, as the person reviews it before consenting."""

    request: ShareRequest
    person: Person
    items: list[PlanItem]
    holder_fingerprint: str
    notes: list[str] = field(default_factory=list)
    holder_name: str | None = None
    """The vault holder's name: the signer, named in the bundle's manifest unless "name" is left out."""
    series: list[streams.SeriesItem] = field(default_factory=list)
    """The measurement series the share would take (research, custom), each ticked or not as a whole."""

    @property
    def series_sent(self) -> list[streams.SeriesItem]:
        """The ticked series: their samples within the dates leave."""
        return [s for s in self.series if s.included]

    @property
    def records(self) -> list[Record]:
        """The ticked records: what will actually leave."""
        return [i.record for i in self.items if i.included]

    @property
    def own_key(self) -> bool:
        """Signed with a key made for this share only (research: unlinkable to other shares)."""
        return self.request.template == "research"

    @property
    def signer(self) -> str:
        """Which key signs, in words (the consent summary and dialog), with the signer's name when it is sent."""
        if self.own_key:
            return "a new key made for this share only (it cannot be linked to you or to other shares)"
        named = self.signer_name_sent
        return f"your key {self.holder_fingerprint}" + (f", with your name: {named}" if named else "")

    @property
    def signer_name_sent(self) -> str | None:
        """The holder's name as the bundle's manifest names the signer: None for a research share's own key or
        when the person leaves "name" out (then no name of anyone is in the manifest)."""
        if self.own_key or "name" in self.omitted:
            return None
        return self.holder_name or None

    @property
    def omitted(self) -> frozenset[str]:
        """The identifying fields left out of the bundle."""
        return self.request.omitted()

    @property
    def encrypted(self) -> bool:
        """Whether the bundle is encrypted (the recipient has a public key)."""
        return self.request.recipient.jwk is not None

    @property
    def recipient_fingerprint(self) -> str | None:
        """The fingerprint of the key the bundle is encrypted for, or None when it is not encrypted."""
        jwk = self.request.recipient.jwk
        return thumbprint(jwk) if jwk else None

    def sync_excluded(self) -> None:
        """Recompute ``request.excluded`` from the items' and series' ticks (after changing ``included``)."""
        self.request.excluded = sorted(
            [i.id for i in self.items if not i.included] + [s.id for s in self.series if not s.included]
        )

    def set_included(self, record_id: str, included: bool) -> None:
        """Tick or untick a record (or a series, ``series:<id>``), and keep the request's exclusions in step."""
        for item in self.items:
            if item.id == record_id:
                item.included = included
        for one in self.series:
            if one.id == record_id:
                one.included = included
        excluded = set(self.request.excluded)
        if included:
            excluded.discard(record_id)
        else:
            excluded.add(record_id)
        self.request.excluded = sorted(excluded)

    def set_field(self, name: str, sent: bool) -> None:
        """Send or leave out an identifying field; ShareError for a name that is not one."""
        if name not in IDENTIFYING_FIELDS:
            raise ShareError(f"unknown identifying field {name!r}")
        omitted = set(self.omitted)
        if sent:
            omitted.discard(name)
        else:
            omitted.add(name)
        self.request.omit_fields = sorted(omitted)

    def groups(self) -> list[Group]:
        """Counts of the ticked records per domain and kind, with date ranges and sensitive categories."""
        out: dict[tuple[str, str], Group] = {}
        for item in self.items:
            if not item.included:
                continue
            rec = item.record
            key = (rec.domain.value, rec.kind)
            g = out.setdefault(key, Group(rec.domain.value, rec.kind, 0, None, None))
            g.count += 1
            g.sensitive |= item.sensitive
            if rec.start is not None:
                g.first = rec.start if g.first is None or rec.start < g.first else g.first
                g.last = rec.start if g.last is None or rec.start > g.last else g.last
        return [out[k] for k in sorted(out)]

    def sensitive_categories(self, records: list[Record] | None = None) -> set[str]:
        """The categories of the ticked records, or of ``records`` (those that actually left)."""
        ids = None if records is None else {r.id for r in records}
        found: set[str] = set()
        for item in self.items:
            if item.included if ids is None else item.id in ids:
                found |= item.sensitive
        if records is not None:  # a record outside the plan (none today) is classified all the same
            known = {i.id for i in self.items}
            for rec in records:
                if rec.id not in known:
                    found |= sensitive.classify(rec)
        return found

    def data_categories(self, records: list[Record] | None = None, fields: list[str] | None = None) -> list[str]:
        """Broad categories of what is sent (for the consent receipt's ``piiCategory``): of the ticked
        records and the identifying fields not left out, or of ``records`` and ``fields`` that left."""
        cats = set()
        names = {
            "health": "Health",
            "fitness": "Health (fitness and activity)",
            "finance": "Financial",
            "energy": "Household energy use",
            "documents": "Documents",
            "profile": "Biographical",
            "social": "Social and entertainment activity",
        }
        for rec in self.records if records is None else records:
            cats.add(names.get(rec.domain.value, rec.domain.value))
        for one in self.series_sent if records is None else []:  # a bundle's receipt adds the series it wrote
            cats.add(names.get(one.info.domain, one.info.domain))
        sent = set(IDENTIFYING_FIELDS) - set(self.omitted) if fields is None else set(fields)
        if sent & {"name", "birthDate"}:
            cats.add("Biographical")
        if sent & {"address", "telecom"}:
            cats.add("Contact")
        if "identifier" in sent:
            cats.add("Official identifiers")
        return sorted(cats)


def _day_bounds(sel_since: date | None, sel_until: date | None, rec: Record) -> bool:
    if sel_since is None and sel_until is None:
        return True
    if rec.start is None:
        return False
    day = rec.start.date()
    return (sel_since is None or day >= sel_since) and (sel_until is None or day <= sel_until)


def _person_records(vault: Vault, person_id: str, domain: str | None = None) -> list[Record]:
    recs: list[Record] = vault.records(person_id=person_id, domain=domain, newest_first=False)
    return recs


def ref_keys(rec: Record) -> set[str]:
    """The strings other resources may use to refer to this record."""
    keys = {rec.id}
    if rec.provenance.original_id:
        keys.add(rec.provenance.original_id)
    rid = rec.payload.get("id")
    if isinstance(rid, str):
        keys.add(f"{rec.kind}/{rid}")
    return keys


def references(value: Any) -> set[str]:
    """Every ``reference`` string in a FHIR payload."""
    found: set[str] = set()
    if isinstance(value, dict):
        ref = value.get("reference")
        if isinstance(ref, str):
            found.add(ref)
            if "/" in ref and not ref.startswith("urn:"):
                found.add("/".join(ref.rstrip("/").split("/")[-2:]))
        for item in value.values():
            if isinstance(item, dict | list):
                found |= references(item)
    elif isinstance(value, list):
        for item in value:
            found |= references(item)
    return found


def _latest_per_code(records: Iterable[Record]) -> list[Record]:
    latest: dict[tuple[str, str], Record] = {}
    for rec in records:
        key = (rec.code_system or "", rec.code or rec.title)
        old = latest.get(key)
        if old is None or (rec.start and (old.start is None or rec.start > old.start)):
            latest[key] = rec
    return sorted(latest.values(), key=lambda r: (r.start is None, r.start or datetime.min.replace(tzinfo=None)))


def _status(rec: Record, key: str) -> str | None:
    value = rec.payload.get(key)
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        for coding in value.get("coding") or []:
            if isinstance(coding, dict) and coding.get("code"):
                return str(coding["code"])
    return None


def gather_hospital(vault: Vault, request: ShareRequest) -> list[Record]:
    """The hospital template's records: current problems, allergies, medications ..., and the latest result per test."""
    sel = request.selection
    recs = [
        r
        for r in _person_records(vault, request.person_id, Domain.HEALTH.value)
        if r.kind in IPS_KINDS and is_fhir(r) and _day_bounds(sel.since, sel.until, r)
    ]
    out: list[Record] = []
    observations: dict[str, list[Record]] = {"vital-signs": [], "laboratory": []}
    for r in recs:
        if _status(r, "status") == "entered-in-error" or _status(r, "verificationStatus") == "entered-in-error":
            continue
        if r.kind == "Observation":
            cat = observation_category(r)
            if cat:
                observations[cat].append(r)
            continue
        if r.kind in ("MedicationRequest", "MedicationStatement") and _status(r, "status") in MED_DONE:
            continue
        out.append(r)
    out += _latest_per_code(observations["laboratory"]) + _latest_per_code(observations["vital-signs"])
    return out + referenced_medications(vault, out)


def referenced_medications(vault: Vault, chosen: list[Record]) -> list[Record]:
    """Medication resources the chosen records point at (drug definitions, not about anyone).

    They may be filed under any person of the vault, since a Medication names no patient."""
    wanted: set[str] = set()
    for rec in chosen:
        if rec.kind in ("MedicationStatement", "MedicationRequest", "MedicationAdministration"):
            wanted |= references(rec.payload.get("medicationReference") or {})
    if not wanted:
        return []
    have = {r.id for r in chosen}
    out = []
    for med in vault.records(kind="Medication"):
        if med.id not in have and ref_keys(med) & wanted:
            out.append(med)
            have.add(med.id)
    return out


def gather_insurance(vault: Vault, request: ShareRequest) -> list[Record]:
    """The chosen encounters with what refers to them (claims, procedures ...) and their linked documents."""
    if not request.selection.record_ids:
        raise ShareError("an insurance-claim share needs the encounters to claim for", hint=ChooseRecords())
    everything = _person_records(vault, request.person_id, Domain.HEALTH.value) + _person_records(
        vault, request.person_id, Domain.DOCUMENTS.value
    )
    by_id = {r.id: r for r in everything}
    encounters: list[Record] = []
    for rid in request.selection.record_ids:
        rec = by_id.get(rid) or next((r for r in everything if r.id.startswith(rid) and len(rid) >= 6), None)
        if rec is None:
            raise ShareError(f"no record {rid} for this person")
        encounters.append(rec)
    enc_keys: set[str] = set()
    for enc in encounters:
        enc_keys |= ref_keys(enc)
    chosen: dict[str, Record] = {e.id: e for e in encounters}
    for rec in everything:
        if rec.kind in CLAIM_KINDS and is_fhir(rec) and references(rec.payload) & enc_keys:
            chosen.setdefault(rec.id, rec)
    for med in referenced_medications(vault, list(chosen.values())):
        chosen.setdefault(med.id, med)
    # Documents linked to (or linking) any chosen record.
    ids = set(chosen)
    for rec in everything:
        if rec.domain != Domain.DOCUMENTS:
            continue
        if set(rec.links) & ids or any(rec.id in c.links for c in chosen.values()):
            chosen.setdefault(rec.id, rec)
    for c in list(chosen.values()):
        for link in c.links:
            target = by_id.get(link)
            if target is not None and target.domain == Domain.DOCUMENTS:
                chosen.setdefault(target.id, target)
    return sorted(chosen.values(), key=lambda r: (r.start is None, r.start.isoformat() if r.start else "", r.id))


def social_chosen(sel: Selection, rec: Record) -> bool:
    """Whether the person named this social and entertainment record's area, kind or source.

    Records of :attr:`Domain.SOCIAL` are never preselected: no template gathers them, and a
    selection by dates alone (or by other areas) leaves them out.  They leave only when the
    person ticks the ``social`` area, one of its kinds or its source, or the record itself."""
    return (
        Domain.SOCIAL.value in sel.domains
        or rec.kind in sel.kinds
        or rec.provenance.source_name in sel.sources
        or rec.id in sel.record_ids
    )


def gather_filtered(vault: Vault, request: ShareRequest) -> list[Record]:
    """The records matching the request's kinds, domains, sources and dates, plus any records chosen one by one."""
    sel = request.selection
    if request.template == "research" and not (sel.kinds or sel.domains):
        raise ShareError("a research share needs the kinds (or domains) of records to send")
    chosen: dict[str, Record] = {}
    if sel.kinds or sel.domains or sel.sources or sel.since or sel.until:
        candidates: list[Record] = []
        if sel.kinds:  # let the database do the filtering: a vault can hold millions of fitness samples
            for kind in sorted(set(sel.kinds)):
                candidates += vault.records(
                    person_id=request.person_id, kind=kind, since=sel.since, until=sel.until, newest_first=False
                )
        elif sel.domains:
            for domain in sorted(set(sel.domains)):
                candidates += vault.records(
                    person_id=request.person_id, domain=domain, since=sel.since, until=sel.until, newest_first=False
                )
        else:
            candidates = vault.records(
                person_id=request.person_id, since=sel.since, until=sel.until, newest_first=False
            )
        for rec in candidates:
            if rec.domain == Domain.PROFILE and rec.kind == "Patient":
                continue  # the person's identity is sent (or not) through the identifying fields
            if sel.domains and rec.domain.value not in sel.domains:
                continue
            if sel.kinds and rec.kind not in sel.kinds:
                continue
            if sel.sources and rec.provenance.source_name not in sel.sources:
                continue
            if not _day_bounds(sel.since, sel.until, rec):
                continue
            if rec.domain is Domain.SOCIAL and not social_chosen(sel, rec):
                continue  # a date range or "everything" never brings social and entertainment records along
            chosen[rec.id] = rec
    for rid in sel.record_ids:
        if request.template == "research":
            break
        rec = vault.get(rid)
        if rec.person_id != request.person_id:
            raise ShareError(f"record {rid} belongs to another person than the one being shared")
        chosen.setdefault(rec.id, rec)
    return sorted(chosen.values(), key=lambda r: (r.start is None, r.start.isoformat() if r.start else "", r.id))


def gather(vault: Vault, request: ShareRequest) -> list[Record]:
    """The candidate records of a request, as its template selects them (before the person unticks any)."""
    template(request.template)
    if request.template == "hospital":
        return gather_hospital(vault, request)
    if request.template == "insurance":
        return gather_insurance(vault, request)
    return gather_filtered(vault, request)


def prepare(vault: Vault, request: ShareRequest) -> Plan:
    """The plan the consent dialog shows: candidates, exclusions applied, sensitive flags."""
    from wallet.store.signing_keys import holder_fingerprint

    if not request.recipient.name.strip():
        raise ShareError("say who receives the data (the recipient's name)")
    if not request.purpose.strip():
        raise ShareError("say what the data is for (the purpose)")
    if request.expires is not None and request.expires < date.today():
        raise ShareError(f"the expiry date {request.expires.isoformat()} is in the past")
    request.omitted()  # validates the field names
    person = vault.person(request.person_id)
    records = gather(vault, request)
    excluded = set(request.excluded)
    series = streams.gather_series(vault, request)
    known = {r.id for r in records} | {s.id for s in series}
    unknown = [e for e in excluded if e not in known and not any(k.startswith(e) for k in known)]
    if unknown:
        raise ShareError(
            f"records to leave out are not part of this share: {', '.join(unknown)}", hint=ChooseRecords(exclude=True)
        )
    items = []
    for rec in records:
        out = rec.id in excluded or any(rec.id.startswith(e) and len(e) >= 6 for e in excluded)
        items.append(PlanItem(rec, sensitive.classify(rec), included=not out))
    for one in series:
        one.included = one.id not in excluded
    request.excluded = sorted([i.id for i in items if not i.included] + [s.id for s in series if not s.included])
    plan = Plan(request, person, items, holder_fingerprint(vault), holder_name=vault.holder().name, series=series)
    if request.summary is not None:
        _check_summary(request.summary)
    if not plan.records and not plan.series_sent and request.template != "hospital" and request.summary is None:
        plan.notes.append("nothing is selected: the bundle would hold no records")
    if streams.over_budget(plan.series):
        plan.notes.append(
            "the measurement series chosen are likely too large for one share bundle: "
            "choose a shorter date range or untick some series"
        )
    return plan


SUMMARY_HIDDEN = ("line_records", "line_left_out")
"""Keys of a request's summary that are never sent: which records each line's value came from, and the
line to send instead when the person leaves those records out (:func:`sent_summary`)."""


def _check_summary(summary: dict[str, Any]) -> None:
    """A summary sent with a share must say what it is in lines the consent summary can show in full."""
    title, lines = summary.get("title"), summary.get("lines")
    if not isinstance(title, str) or not title.strip():
        raise ShareError("the summary to send has no title")
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        raise ShareError("the summary to send must be a list of lines the person can read before approving")
    records, left_out = summary.get("line_records"), summary.get("line_left_out")
    if records is not None and (
        not isinstance(records, list)
        or len(records) != len(lines)
        or not all(isinstance(ids, list) and all(isinstance(i, str) for i in ids) for ids in records)
    ):
        raise ShareError("the summary's line_records must give the record ids of each line")
    if left_out is not None and (
        not isinstance(left_out, list) or len(left_out) != len(lines) or not all(isinstance(t, str) for t in left_out)
    ):
        raise ShareError("the summary's line_left_out must give a line for each line")


def sent_summary(plan: Plan) -> dict[str, Any] | None:
    """The summary exactly as it leaves: a line whose value came from a record the person left out is
    replaced by its ``line_left_out`` text, and the keys that say so are not sent (SUMMARY_HIDDEN)."""
    summary = plan.request.summary
    if summary is None:
        return None
    excluded = set(plan.request.excluded)
    records: list[list[str]] = summary.get("line_records") or [[] for _ in summary["lines"]]
    left_out: list[str] = summary.get("line_left_out") or ["" for _ in summary["lines"]]
    lines = []
    for line, ids, instead in zip(summary["lines"], records, left_out, strict=True):
        lines.append(instead if ids and excluded.intersection(ids) else line)
    return {k: v for k, v in summary.items() if k not in SUMMARY_HIDDEN} | {"lines": lines}


def summary_lines(plan: Plan, show_records: bool = False) -> list[str]:
    """The consent summary, as text (the CLI prints it; the dialog shows the same facts)."""
    req = plan.request
    tmpl = template(req.template)
    rec = req.recipient
    lines = [
        "You are about to share data. Read this carefully.",
        "",
        f"  Recipient:   {rec.label}",
        f"  Purpose:     {req.purpose}  [{tmpl.label}]",
        f"  About:       {plan.person.label}",
        f"  Until:       {req.expires.isoformat() if req.expires else 'no expiry date (until you withdraw consent)'}",
        f"  Format:      {tmpl.output}; signed ZIP bundle",
        f"  Signed by:   {plan.signer}",
    ]
    if plan.encrypted:
        lines.append(f"  Encrypted:   yes, only the holder of key {plan.recipient_fingerprint} can open it")
    else:
        lines.append("  Encrypted:   NO - anyone who gets hold of the file can read everything in it")
    if req.template == "hospital":
        lines.append(
            "  Also sent:   the underlying FHIR resources"
            if req.include_resources
            else "  Also sent:   nothing else (the IPS document only)"
        )
    summary = sent_summary(plan)
    if summary is not None:
        lines.append("")
        lines.append(f"Also sent, written by the wallet (data/summary.json): {summary['title']}")
        lines.extend(f"  | {line}" for line in summary["lines"])
    lines.append("")
    groups = plan.groups()
    total = sum(g.count for g in groups)
    lines.append(f"What leaves your computer: {total} records")
    for g in groups:
        flag = f"  SENSITIVE: {sensitive.labels(g.sensitive)}" if g.sensitive else ""
        lines.append(f"  {g.domain:<10} {g.kind:<28} {g.count:>5}   {g.dates()}{flag}")
    left_out = [e for e in req.excluded if not e.startswith(streams.PREFIX)]
    if left_out:
        lines.append(f"  (you left out {len(left_out)} records)")
    if plan.series:
        sent_series = plan.series_sent
        samples = sum(s.count for s in sent_series)
        lines.append("")
        lines.append(
            f"Measurement series: {samples:,} samples in {len(sent_series)} series "
            "(each whole within the dates, as FHIR Observations)"
        )
        for one in plan.series:
            lines.append(f"  [{'x' if one.included else ' '}] {one.id:<12} {one.line()}")
    sent = [IDENTIFYING_FIELDS[f] for f in IDENTIFYING_FIELDS if f not in plan.omitted]
    left = [IDENTIFYING_FIELDS[f] for f in IDENTIFYING_FIELDS if f in plan.omitted]
    lines.append("")
    lines.append("Identifying details sent:     " + (", ".join(sent) or "none"))
    lines.append("Identifying details left out: " + (", ".join(left) or "none"))
    if any(r.domain == Domain.FITNESS for r in plan.records):
        lines.append(
            "Location (GPS routes, workout positions, areas moved in): "
            + ("sent" if req.include_location else "left out")
        )
    cats = plan.sensitive_categories()
    if cats:
        lines.append("")
        lines.append(f"SENSITIVE: this share includes {sensitive.labels(cats)} information:")
        for item in plan.items:
            if item.included and item.sensitive:
                lines.append(
                    f"  ! {item.id[:12]}  {_when(item.record)}  {item.record.title}"
                    f"  [{sensitive.labels(item.sensitive)}]"
                )
    if show_records:
        lines.append("")
        lines.append("Every record (id, date, kind, title):")
        for item in plan.items:
            mark = "x" if item.included else " "
            lines.append(f"  [{mark}] {item.id[:12]}  {_when(item.record)}  {item.record.kind:<24} {item.record.title}")
    for note in plan.notes:
        lines.append(f"note: {note}")
    return lines


def _when(rec: Record) -> str:
    """The record's day in the zone it happened in (docs/clock.md), as every view shows it."""
    day = local_day_of(rec)
    return day.isoformat() if day else "----------"
