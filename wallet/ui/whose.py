"""Whose data a window shows: the person's name, said in every view and in the search results.

A vault keeps the records of several people (the holder and those they care for).  The timeline,
the health, transactions, energy and documents views, and the search results each carry a line
saying whose records they show ("Showing: Jane Doe (holder)"), and a search over everyone says so
("3 results for “heart” in everyone's records") while each row names its person.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QLabel, QWidget

from wallet.model import Person

SCOPE_PERSON = "person"
SCOPE_EVERYONE = "everyone"


def find_person(persons: list[Person], person_id: str | None) -> Person | None:
    """The person with ``person_id`` among ``persons``; the only one when the id is None and there is one."""
    if person_id is None:
        return persons[0] if len(persons) == 1 else None
    return next((p for p in persons if p.id == person_id), None)


def person_name(person: Person | None) -> str:
    """A person's name as the app shows it: ``Jane Doe (holder)`` for the holder, else the name or id."""
    if person is None:
        return QCoreApplication.translate("Whose", "unknown person")
    if person.is_holder:
        name = person.name or QCoreApplication.translate("Whose", "Me")
        return QCoreApplication.translate("Whose", "{name} (holder)").format(name=name)
    return person.name or person.id


def showing_text(person: Person | None) -> str:
    """``Showing: Jane Doe (holder)``: the line that says whose records a view shows."""
    return QCoreApplication.translate("Whose", "Showing: {name}").format(name=person_name(person))


def everyone_text() -> str:
    """The line for a view over every person of the vault."""
    return QCoreApplication.translate("Whose", "Showing: everyone's records")


def search_text(count: int, text: str, person: Person | None, everyone: bool) -> str:
    """The results' header: how many were found for ``text``, and in whose records."""
    if everyone:
        if count == 1:
            return QCoreApplication.translate("Whose", "1 result for “{text}” in everyone's records").format(text=text)
        return QCoreApplication.translate("Whose", "{n} results for “{text}” in everyone's records").format(
            n=f"{count:,}", text=text
        )
    name = person_name(person)
    if count == 1:
        return QCoreApplication.translate("Whose", "1 result for “{text}” in the records of {name}").format(
            text=text, name=name
        )
    return QCoreApplication.translate("Whose", "{n} results for “{text}” in the records of {name}").format(
        n=f"{count:,}", text=text, name=name
    )


def whose_label(parent: QWidget | None = None) -> QLabel:
    """The label a view shows its person in: plain text (names come from files), bold, selectable."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAccessibleName(QCoreApplication.translate("Whose", "Whose records are shown"))
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    # Load the bold face now, while the window waits on its unlock screen, and keep one line's height
    # from the start: a label that grows when its first text arrives makes the whole window lay out
    # again, which cost the first screen after unlock 0.1-0.2 s on a vault of a million records.
    label.setMinimumHeight(label.fontMetrics().lineSpacing() + 2)
    return label


__all__ = [
    "SCOPE_EVERYONE",
    "SCOPE_PERSON",
    "everyone_text",
    "find_person",
    "person_name",
    "search_text",
    "showing_text",
    "whose_label",
]
