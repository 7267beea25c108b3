"""Whose records are these?  Matching a source's patient to the people of the vault.

A FHIR Patient, Apple Health's ``Me`` (or any :class:`~wallet.model.PersonHint`)
is matched by identifier, then by name and birth date:

* a patient whose facts (name, birth date, sex, identifiers of the same system)
  contradict the person it would join is not merged: the import stops with
  :class:`~wallet.errors.PersonMatchUncertain`; a missing fact is no contradiction;
* an uncertain match (same name, different or missing birth date; same birth
  date and family name) is not guessed either;
* a hint that names no one (Apple Health's ``Me``: a birth date, a sex) is the
  holder's, unless it contradicts the holder;
* a truly empty holder (no name, birth date, sex or identifier) takes the facts
  of a file's patient only when the file names exactly one (``PersonHint.sole``);
  the import report says so;
* a patient who matches no one becomes a new person.

The user decides with ``--person`` in the CLI or in a dialog in the app.
``--person NAME|ID`` places the file's patient with that person (another, different
patient of the same file is still placed by its own data); ``--person new`` makes
every patient of the file a new person.
"""

from __future__ import annotations

from typing import TypeVar

from wallet.errors import PersonMatchUncertain
from wallet.model import Person, PersonHint, Record
from wallet.samples import Samples
from wallet.store.vault import Vault

RecordOrSamples = TypeVar("RecordOrSamples", bound=Record | Samples)

NEW = "new"
"""Pass as the chosen person to make every patient of an import a new person."""


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


_SEXES = {"male": "male", "female": "female", "other": "other", "m": "male", "f": "female"}


def _sex(value: str | None) -> str | None:
    """male, female or other; None for a sex not stated ("unknown" says nothing)."""
    return _SEXES.get(_fold(value))


def _name_words(text: str | None) -> set[str]:
    return {w.strip(".,") for w in _fold(text).split()} - {""}


def _systems(identifiers: list[str]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for ident in identifiers:
        system, _, value = ident.rpartition("|")
        if system:
            out.setdefault(system, set()).add(value)
    return out


def contradictions(hint: PersonHint, person: Person) -> list[str]:
    """What the file says about its patient that differs from ``person`` (empty: nothing differs).

    A fact missing on either side is no contradiction; names differ when neither one's
    words contain the other's ("Liz Conn" and "Liz" agree, "Liz Conn" and "Ann Conn" do not).
    """
    out: list[str] = []
    if hint.birth_date and person.birth_date and hint.birth_date != person.birth_date:
        out.append(
            f"the birth dates differ ({hint.birth_date.isoformat()} in the file, "
            f"{person.birth_date.isoformat()} in the vault)"
        )
    file_sex, vault_sex = _sex(hint.sex), _sex(person.sex)
    if file_sex and vault_sex and file_sex != vault_sex:
        out.append(f"the sexes differ ({file_sex} in the file, {vault_sex} in the vault)")
    file_name, vault_name = _name_words(hint.name), _name_words(person.name)
    if file_name and vault_name and not (file_name <= vault_name or vault_name <= file_name):
        out.append(f"the names differ ({hint.name} in the file, {person.name} in the vault)")
    theirs = _systems(person.identifiers)
    for system, values in sorted(_systems(hint.identifiers).items()):
        if system in theirs and not values & theirs[system]:
            out.append(f"the identifiers of {system} differ")
    return out


def _differ(a: PersonHint, b: PersonHint) -> bool:
    """Two patients of one file who are not the same person by what the file says of them."""
    return bool(contradictions(a, person_from_hint(b)))


def is_empty(person: Person) -> bool:
    """Nothing is known about this person: no name, birth date, sex or identifier."""
    return not (person.name or person.given or person.family or person.birth_date or person.sex or person.identifiers)


def person_from_hint(hint: PersonHint, base: Person | None = None) -> Person:
    """A person filled in from what a source says of them; what ``base`` already knows is kept."""
    person = base.model_copy() if base else Person()
    person.name = person.name or hint.name
    person.given = person.given or hint.given
    person.family = person.family or hint.family
    person.birth_date = person.birth_date or hint.birth_date
    person.sex = person.sex or hint.sex
    person.identifiers = sorted(set(person.identifiers) | set(hint.identifiers))
    return person


class Matcher:
    """Assigns each record of one import to a person, creating people as needed."""

    def __init__(self, vault: Vault, chosen: Person | str | None = None) -> None:
        self.vault = vault
        self.chosen = chosen
        self.by_subject: dict[str, str] = {}
        self._holder_id = vault.holder().id
        self._before: dict[str, Person | None] = {}
        self._nobody_id = self._holder_id
        self._nobody_seen = 0
        self._chosen_for: PersonHint | None = None
        self._owner_id: str | None = None
        self.notes: list[str] = []
        """What this import did about people, for its report."""

    def knows(self, hint: PersonHint) -> bool:
        """True when this hint's patient was matched already (assigning it touches no database)."""
        return hint.subject_key in self.by_subject

    def assign(self, rec: RecordOrSamples) -> RecordOrSamples:
        """Set the record's person: the one its hint or subject matches, or a new one; returns the record."""
        if rec.person_hint is not None:
            pid = self._resolve(rec.person_hint)
            self.by_subject[rec.person_hint.subject_key] = pid
            rec.person_id = pid
            if not rec.person_hint.name and not rec.person_hint.identifiers and self._owner_id is None:
                self._owner_id = pid  # a source's owner who names no one (Apple Health's Me)
        elif rec.person_id is None:
            if rec.subject_key and rec.subject_key in self.by_subject:
                rec.person_id = self.by_subject[rec.subject_key]
            elif isinstance(self.chosen, Person):
                rec.person_id = self.chosen.id
            else:
                rec.person_id = self._nobody()
        return rec

    def _nobody(self) -> str:
        """Whose is a record that names no one (a step count, a Device, an Organization)?

        In a file about one patient, that patient's, not the holder's; otherwise the holder's.
        """
        if len(self.by_subject) != self._nobody_seen:  # worked out again only when patients are added
            people_in_file = set(self.by_subject.values())
            self._nobody_id = next(iter(people_in_file)) if len(people_in_file) == 1 else self._holder_id
            self._nobody_seen = len(self.by_subject)
        return self._nobody_id

    def _resolve(self, hint: PersonHint) -> str:
        if hint.subject_key in self.by_subject:
            return self.by_subject[hint.subject_key]
        if isinstance(self.chosen, Person) and (self._chosen_for is None or not _differ(hint, self._chosen_for)):
            # the person the user chose; a second, different patient of the same file is placed by its own data
            self._chosen_for = self._chosen_for or hint
            self._save(person_from_hint(hint, self.chosen) if not self.chosen.name else self.chosen)
            return self.chosen.id
        if self.chosen == NEW:
            return self._with_owner(hint) or self._new(hint)
        people = self.vault.persons()
        ids = set(hint.identifiers)
        for p in people:
            if ids & set(p.identifiers):
                return self._join(hint, p)
        owner = self._with_owner(hint)
        if owner is not None:
            return owner
        name = _fold(hint.name)
        for p in people:
            if name and _fold(p.name) == name and hint.birth_date and p.birth_date == hint.birth_date:
                return self._join(hint, p)
        uncertain = [
            p
            for p in people
            if (name and _fold(p.name) == name)
            or (
                hint.birth_date
                and p.birth_date == hint.birth_date
                and hint.family
                and _fold(p.family) == _fold(hint.family)
            )
        ]
        if uncertain:
            raise PersonMatchUncertain(hint, uncertain)
        holder = next(p for p in people if p.is_holder)
        if not name and not hint.identifiers:
            # names no one (Apple Health's Me: a birth date, a sex): the holder's, as the rest of the file
            return self._join(hint, holder)
        if is_empty(holder):
            if not hint.sole:  # a file about several people: which of them is the holder is not guessed
                return self._new(hint)
            self._save(person_from_hint(hint, holder))
            self.notes.append(f"the holder is now {self._described(hint)}, the only patient of this file")
            return holder.id
        if hint.sole and not holder.name and not holder.identifiers and not contradictions(hint, holder):
            raise PersonMatchUncertain(hint, [holder])  # a nameless holder whose facts agree: ask
        return self._new(hint)

    @staticmethod
    def _described(hint: PersonHint) -> str:
        """Name, birth date, sex: what the report says of a patient."""
        facts = ", ".join(
            ([f"born {hint.birth_date.isoformat()}"] if hint.birth_date else []) + ([hint.sex] if hint.sex else [])
        )
        if hint.name:
            return f"{hint.name} ({facts})" if facts else hint.name
        return f"({facts})" if facts else "(nothing known)"

    def _with_owner(self, hint: PersonHint) -> str | None:
        """The person this import's nameless owner went to (Apple Health's Me), for a patient of the
        same file born the same day whose facts agree (the export's clinical records): or None."""
        if self._owner_id is None or not hint.birth_date:
            return None
        owner = self.vault.person(self._owner_id)
        if owner.birth_date != hint.birth_date or contradictions(hint, owner):
            return None
        return self._join(hint, owner)

    def _join(self, hint: PersonHint, person: Person) -> str:
        """``person`` is whom the file's patient would join: only when nothing they say differs."""
        problems = contradictions(hint, person)
        if problems:
            raise PersonMatchUncertain(hint, [person], problems)
        updated = person_from_hint(hint, person)
        if updated != person:
            taken = [
                f"{label} {value}"
                for label, value, before in (
                    ("name", updated.name, person.name),
                    ("birth date", updated.birth_date.isoformat() if updated.birth_date else None, person.birth_date),
                    ("sex", updated.sex, person.sex),
                )
                if value and not before
            ]
            if len(updated.identifiers) > len(person.identifiers):
                taken.append("identifiers")
            who = "the holder" if person.is_holder else person.label
            self.notes.append(f"{who} takes {', '.join(taken)} from this file")
            self._save(updated)
        return person.id

    def _new(self, hint: PersonHint) -> str:
        new = person_from_hint(hint)
        self._save(new)
        self.notes.append(f"new person: {self._described(hint)}")
        return new.id

    def _save(self, person: Person) -> None:
        if person.id not in self._before:
            known = {p.id: p for p in self.vault.persons()}
            self._before[person.id] = known.get(person.id)
        self.vault.save_person(person)

    def undo(self) -> None:
        """Restore the people this import created or changed (after a failed import)."""
        for pid, before in self._before.items():
            if before is None:
                self.vault.delete_person(pid)
            else:
                self.vault.save_person(before)
        self._before.clear()
