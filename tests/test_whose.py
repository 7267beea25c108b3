"""Persons shown honestly (issue 16 item 7): every view says whose data it shows, and search can cover everyone.

A vault of two people, the holder Jane Doe and Kim Minji whom she cares for, each with a record
titled "Heartbeat note".  The app's views name the person they show; a search over "This person"
finds only the chosen person's record, over "Everyone" both, each row naming its person; the CLI's
listings say whose records they print.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import PASSPHRASE, run_cli

from wallet.model import Domain, Person, Provenance, Record
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

WAIT = 20000


def _record(title: str, person_id: str, day: int) -> Record:
    return Record(
        domain=Domain.HEALTH,
        kind="note",
        title=title,
        start=datetime(2024, 3, day, 9, 30, tzinfo=UTC),
        payload={"day": day},
        provenance=Provenance(connector_id="fhir", connector_version="1", source_name="notes.json"),
        person_id=person_id,
    )


def fill(vault: Vault) -> tuple[Person, Person]:
    """Jane Doe (the holder) and Kim Minji, with one "Heartbeat note" each and a record of Jane's own."""
    holder = vault.holder()
    holder.name = "Jane Doe"
    vault.save_person(holder)
    kim = Person(name="Kim Minji")
    vault.save_person(kim)
    vault.add_records(
        [
            _record("Heartbeat note of Jane", holder.id, 1),
            _record("Heartbeat note of Kim", kim.id, 2),
            _record("Blood pressure of Jane", holder.id, 3),
        ]
    )
    return holder, kim


# ------------------------------------------------------------------------------------------ app
@pytest.fixture
def two_person_window(qtbot, gui_env, vault, vault_dir) -> Iterator[tuple[object, Person, Person]]:
    pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
    pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")
    from ui_support import open_window

    holder, kim = fill(vault)
    window = open_window(qtbot, vault_dir, vault=vault)
    qtbot.waitUntil(lambda: not window.model.loading and window.model.rowCount() == 2, timeout=WAIT)
    yield window, holder, kim


def test_the_timeline_and_every_view_name_their_person(qtbot, two_person_window):
    from wallet.ui.documents_view import open_documents_view
    from wallet.ui.energy_view import open_energy_view
    from wallet.ui.finance_view import open_finance_view
    from wallet.ui.health_view import open_health_view

    window, _holder, kim = two_person_window
    qtbot.waitUntil(lambda: window.home.data is not None, timeout=WAIT)
    assert window.home.whose.text() == "Showing: Jane Doe (holder)"  # the first screen: home
    window.show_section("timeline")
    assert window.whose_label.text() == "Showing: Jane Doe (holder)"
    assert window.whose_label.isVisibleTo(window)
    views = [open_health_view(window), open_finance_view(window), open_energy_view(window)]
    views.append(open_documents_view(window))
    for view in views:
        qtbot.waitUntil(lambda view=view: not view.loading, timeout=WAIT)
        assert view.whose.text() == "Showing: Jane Doe (holder)", type(view).__name__
        assert view.whose.isVisibleTo(view)

    window.person_box.setCurrentIndex(window.person_box.findData(kim.id))
    qtbot.waitUntil(lambda: not window.model.loading and window.model.rowCount() == 1, timeout=WAIT)
    assert window.whose_label.text() == "Showing: Kim Minji"
    qtbot.waitUntil(lambda: window.home.whose.text() == "Showing: Kim Minji", timeout=WAIT)
    # the section shown follows the switcher; the others are built again for her when chosen
    for section, attr in (("documents", "documents_view"), ("money", "finance_view"), ("energy", "energy_view")):
        window.show_section(section)
        view = getattr(window, attr)
        qtbot.waitUntil(lambda view=view: not view.loading, timeout=WAIT)
        assert view.whose.text() == "Showing: Kim Minji", section
    health = open_health_view(window)  # another person: a view of its own, naming her
    assert health is not views[0]
    qtbot.waitUntil(lambda: not health.loading, timeout=WAIT)
    assert health.whose.text() == "Showing: Kim Minji"


def test_search_this_person_or_everyone_says_whose(qtbot, two_person_window):
    from wallet.ui.records_model import COL_PERSON
    from wallet.ui.whose import SCOPE_EVERYONE, SCOPE_PERSON

    window, _holder, _kim = two_person_window
    assert window.search_scope.isEnabled()
    assert window.search_scope.currentData() == SCOPE_PERSON  # the chosen person, as before

    window.search_field.setText("Heartbeat")
    qtbot.waitUntil(lambda: window.model.search_mode and window.model.rowCount() == 1, timeout=WAIT)
    assert window.model.record_at(0).title == "Heartbeat note of Jane"
    assert window.whose_label.text() == "1 result for “Heartbeat” in the records of Jane Doe (holder)"
    assert window.table.isColumnHidden(COL_PERSON)

    window.search_scope.setCurrentIndex(window.search_scope.findData(SCOPE_EVERYONE))
    qtbot.waitUntil(lambda: window.model.search_mode and window.model.rowCount() == 2, timeout=WAIT)
    shown = {window.model.index(r, 1).data(): window.model.index(r, COL_PERSON).data() for r in range(2)}
    assert shown == {"Heartbeat note of Jane": "Jane Doe (holder)", "Heartbeat note of Kim": "Kim Minji"}
    assert not window.table.isColumnHidden(COL_PERSON)
    assert window.model.headerData(COL_PERSON, window.table.horizontalHeader().orientation()) == "Person"
    assert window.whose_label.text() == "2 results for “Heartbeat” in everyone's records"

    window.search_field.clear()  # back to the timeline: one person's again
    qtbot.waitUntil(lambda: not window.model.search_mode and window.model.rowCount() == 2, timeout=WAIT)
    assert window.whose_label.text() == "Showing: Jane Doe (holder)"
    assert window.table.isColumnHidden(COL_PERSON)

    window.lock()
    assert window.whose_label.text() == ""  # nothing of the vault stays on screen


def test_the_korean_catalogue_says_whose(gui_env):
    from wallet.ui import i18n
    from wallet.ui.whose import search_text, showing_text

    jane = Person(name="Jane Doe", is_holder=True)
    assert i18n.install("ko")
    assert showing_text(jane) == "표시 중: Jane Doe (본인)"
    assert search_text(2, "심장", jane, everyone=True) == "모든 사람의 기록에서 “심장” 검색 결과 2건"


# ------------------------------------------------------------------------------------------ CLI
@pytest.fixture
def two_person_vault(tmp_path: Path) -> Path:
    folder = tmp_path / "vault"
    vault, _recovery = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    with vault:
        fill(vault)
    return folder


@pytest.mark.slow
def test_cli_says_whose_records_it_lists(two_person_vault: Path) -> None:
    mine = run_cli(two_person_vault, "records")
    assert mine.returncode == 0, mine.stderr
    lines = mine.stdout.splitlines()
    assert lines[0] == "Records of Jane Doe (holder)"
    assert len(lines) == 3 and "Kim" not in mine.stdout

    theirs = run_cli(two_person_vault, "records", "--person", "Kim")
    assert theirs.stdout.splitlines()[0] == "Records of Kim Minji"
    assert len(theirs.stdout.splitlines()) == 2

    everyone = run_cli(two_person_vault, "records", "--all-people")
    lines = everyone.stdout.splitlines()
    assert lines[0] == "Records of everyone in the vault" and len(lines) == 4
    assert all(line.endswith(("[Jane Doe (holder)]", "[Kim Minji]")) for line in lines[1:])
    assert any(line.endswith("[Kim Minji]") and "Heartbeat note of Kim" in line for line in lines[1:])

    found = run_cli(two_person_vault, "search", "Heartbeat")
    assert found.returncode == 0, found.stderr
    assert found.stdout.splitlines()[0] == "2 results for 'Heartbeat' in everyone's records"
    assert "Heartbeat note of Kim" in found.stdout and "[Kim Minji]" in found.stdout

    hers = run_cli(two_person_vault, "search", "Heartbeat", "--person", "Jane")
    assert hers.stdout.splitlines()[0] == "1 result for 'Heartbeat' in the records of Jane Doe (holder)"
    assert "Kim" not in hers.stdout

    none = run_cli(two_person_vault, "search", "Blood", "--person", "Kim")
    assert none.returncode == 1
    assert none.stderr.strip() == "no records found for 'Blood' in the records of Kim Minji"

    both = run_cli(two_person_vault, "search", "Heartbeat", "--person", "Kim", "--all-people")
    assert both.returncode != 0 and "not both" in both.stderr
