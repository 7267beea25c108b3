"""The share dialogs name groups of records by human names, in English and Korean (issue 18).

The consent tree's group headings, the custom share's choices and the Sharing centre's list of
records sent say "Health / Test or measurement" ("건강 / 검사·측정"), not "health / Observation".
"""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtWidgets import QWidget
from share_support import fill, request

from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare
from wallet.store.vault import Vault
from wallet.terms.names import kind_name
from wallet.ui import i18n
from wallet.ui.share_dialog import ConsentDialog, SharesDialog, open_share_wizard

pytestmark = [pytest.mark.usefixtures("gui_env", "inline_tasks"), pytest.mark.slow]


class FakeMainWindow(QWidget):
    """What the main window exposes to the share dialogs."""

    def __init__(self, vault: Vault, person_id: str) -> None:
        super().__init__()
        self.vault = vault
        self._pid = person_id

    def current_person_id(self) -> str:
        return self._pid


def headings(dialog: ConsentDialog) -> list[str]:
    tree = dialog.tree
    return [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]


def raw_groups(dialog: ConsentDialog) -> set[str]:
    return {f"{i.record.domain.value} / {i.record.kind}" for i in dialog.plan.items}


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_consent_tree_headings_are_human_names(qtbot, vault: Vault, tmp_path: Path, lang: str) -> None:
    holder_id, _ = fill(vault)
    assert i18n.install(lang)
    try:
        dialog = ConsentDialog(vault, prepare(vault, request(holder_id)), destination=tmp_path / "share.zip")
        qtbot.addWidget(dialog)
        shown = headings(dialog)
        assert shown and not set(shown) & raw_groups(dialog)  # no raw "health / Observation"
        expected = "Health / Test or measurement" if lang == "en" else "건강 / 검사·측정"
        assert expected in shown
        group = dialog.tree.topLevelItem(shown.index(expected))
        assert group.toolTip(0) == "health / Observation"  # the raw kind is still there for the curious
    finally:
        i18n.install("en")


def test_custom_share_choices_use_human_names(qtbot, vault: Vault) -> None:
    holder_id, _ = fill(vault)
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    setup = open_share_wizard(window)
    setup.set_template("custom")
    texts = [setup.choices.item(i).text() for i in range(setup.choices.count())]
    assert any(t.startswith("Health / Vaccination  (") for t in texts), texts
    assert not any(t.startswith("health / ") for t in texts)


def test_sharing_centre_lists_records_by_kind_name(qtbot, vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    create_share(vault, prepare(vault, request(holder_id)), tmp_path / "share.zip")
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    view = SharesDialog(vault, window)
    qtbot.addWidget(view)
    view.table.selectRow(0)
    lines = view.detail.toPlainText().splitlines()
    sent = [line for line in lines if line.startswith("  ") and ": " in line and line[2:4].isdigit()]
    assert sent, lines
    assert any(f"  {kind_name('Observation')}: " in line for line in sent)
    assert not any("  Observation: " in line for line in sent)
