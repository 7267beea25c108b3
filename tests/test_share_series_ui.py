"""The consent dialog's measurement series: one tickable line each, its preview, unticked series leave nothing."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from share_support import request
from test_share_series import DIST, HR, WATCH, _samples

from wallet.features.share.selection import prepare
from wallet.features.share.templates import Selection
from wallet.features.share.verify import verify_file
from wallet.store.vault import Vault
from wallet.ui.share_dialog import ConsentDialog

pytestmark = pytest.mark.slow


@pytest.fixture
def dialog(qtbot, vault: Vault, tmp_path: Path, inline_tasks: None) -> ConsentDialog:
    holder = vault.holder().id
    vault.add_samples(_samples(holder))
    sel = Selection(domains=["health", "fitness"], since=date(2024, 1, 2), until=date(2024, 1, 3))
    plan = prepare(vault, request(holder, "research", selection=sel, purpose="Heart study"))
    shown = ConsentDialog(vault, plan, destination=tmp_path / "share.zip")
    qtbot.addWidget(shown)
    shown.show()
    return shown


def _series_sent(path: Path) -> dict[str, int]:
    with zipfile.ZipFile(path) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    return {e["measurement"]: e["count"] for e in manifest.get("series", [])}


def test_each_series_is_one_line_with_its_preview(dialog: ConsentDialog) -> None:
    ids = {s.info.kind: s.id for s in dialog.plan.series}
    line = dialog.series_items[ids[HR]]
    assert line.text(0) == f"Heart rate · {WATCH}: 200 samples, 2024-01-02 to 2024-01-03"
    assert line.checkState(0) == Qt.CheckState.Checked
    assert line.childCount() == 0  # read when first opened
    dialog.tree.expandItem(line)
    shown = [line.child(i).text(0) for i in range(line.childCount())]
    assert shown[0].startswith("Sent as FHIR Observations")
    assert "Samples: 200" in shown and "First value: 62 bpm" in shown
    assert not any(WATCH in text for text in shown)  # a research share does not name the source
    assert "202 samples in 2 measurement series" in dialog.count_label.text()


def test_an_unticked_series_leaves_nothing(dialog: ConsentDialog, qtbot) -> None:
    ids = {s.info.kind: s.id for s in dialog.plan.series}
    dialog.set_series_included(ids[HR], False)
    qtbot.waitUntil(lambda: "2 samples in 1 measurement series" in dialog.count_label.text())
    assert dialog.plan.request.excluded == [ids[HR]]
    dialog.reviewed.setChecked(True)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.result_info is not None and dialog.result_info.sample_count == 2
    assert _series_sent(dialog.destination) == {"Walking and running distance": 2}
    assert verify_file(dialog.destination).ok
    assert DIST in {s.info.kind for s in dialog.plan.series_sent}


def test_unticking_the_heading_leaves_out_every_series(dialog: ConsentDialog, qtbot) -> None:
    heading = next(iter(dialog.series_items.values())).parent()
    heading.setCheckState(0, Qt.CheckState.Unchecked)
    dialog.reviewed.setChecked(True)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)  # approves without waiting for the timer
    assert dialog.result_info is not None and dialog.result_info.sample_count == 0
    assert _series_sent(dialog.destination) == {}
    assert heading.text(1) == "0"


def test_the_share_wizard_offers_series_by_kind(qtbot, vault: Vault, inline_tasks: None) -> None:
    from test_share_ui import FakeMainWindow

    from wallet.ui.share_dialog import open_share_wizard

    holder = vault.holder().id
    vault.add_samples(_samples(holder))
    window = FakeMainWindow(vault, holder)
    qtbot.addWidget(window)
    setup = open_share_wizard(window)
    setup.set_template("research")
    setup.recipient_box.setEditText("Heart study")
    setup.purpose.setText("Research")
    choices = [setup.choices.item(i).text() for i in range(setup.choices.count())]
    assert any(text.endswith("(300)") for text in choices), choices  # the heart-rate series: 300 samples
    assert setup.tick(lambda text: text.endswith("(300)")) == 1
    consent = setup.next_step()
    assert consent is not None
    assert [s.info.kind for s in consent.plan.series] == [HR]
    assert consent.plan.series[0].count == 300
    consent.reject()
