"""Whose records are these?  Matching a source's patient to the people of the vault.

A FHIR Patient (or any :class:`~wallet.model.PersonHint`) is matched by
identifier, then by name and birth date:

* while the holder has no name yet, the first patient becomes the holder;
* a patient who matches no one becomes a new person;
* an uncertain match (same name, different or missing birth date; same birth
  date and family name) is not guessed: the import stops with
  :class:`~wallet.errors.PersonMatchUncertain`, and the user decides with
  ``--person`` in the CLI or in a dialog in the app.
"""

from __future__ import annotations

from wallet.errors import PersonMatchUncertain
from wallet.model import Person, PersonHint, Record
from wallet.vault import Vault

NEW = "new"
"""Pass as the chosen person to make every patient of an import a new person."""


def _fold(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def person_from_hint(hint: PersonHint, base: Person | None = None) -> Person:
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

    def knows(self, hint: PersonHint) -> bool:
        """True when this hint's patient was matched already (assigning it touches no database)."""
        return hint.subject_key in self.by_subject

    def assign(self, rec: Record) -> Record:
        if rec.person_hint is not None:
            pid = self._resolve(rec.person_hint)
            self.by_subject[rec.person_hint.subject_key] = pid
            rec.person_id = pid
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
        if isinstance(self.chosen, Person):
            self._save(person_from_hint(hint, self.chosen) if not self.chosen.name else self.chosen)
            return self.chosen.id
        people = self.vault.persons()
        if self.chosen == NEW:
            new = person_from_hint(hint)
            self._save(new)
            return new.id
        ids = set(hint.identifiers)
        for p in people:
            if ids & set(p.identifiers):
                return p.id
        name = _fold(hint.name)
        for p in people:
            if name and _fold(p.name) == name and hint.birth_date and p.birth_date == hint.birth_date:
                self._save(person_from_hint(hint, p))
                return p.id
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
            who = hint.name or "a patient in this file"
            if hint.birth_date:
                who += f" (born {hint.birth_date.isoformat()})"
            raise PersonMatchUncertain(who, [f"{p.label} ({p.id})" for p in uncertain])
        holder = next(p for p in people if p.is_holder)
        if not holder.name and not holder.identifiers:
            self._save(person_from_hint(hint, holder))
            return holder.id
        new = person_from_hint(hint)
        self._save(new)
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
                self.vault.conn.execute("DELETE FROM persons WHERE id = ?", (pid,))
            else:
                self.vault.save_person(before)
        self._before.clear()
