"""The consent dialog, the share wizard, the Shares view and the Verify... window (pytest-qt, offscreen).

Preparing and writing a share run in the background (wallet.ui.workers); most tests here run them
inline (the ``inline_tasks`` fixture), one checks that they really leave the GUI thread.
"""

from __future__ import annotations

import json
import threading
import zipfile
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QWidget
from share_support import add_receipt, fill, request

from wallet.features.share import receipts
from wallet.features.share.selection import prepare
from wallet.store import audit
from wallet.store.vault import Vault
from wallet.terms.names import kind_name
from wallet.ui import share_consent, share_setup
from wallet.ui.share_dialog import ConsentDialog, SharesDialog, open_share_wizard
from wallet.ui.verify_dialog import open_verify_dialog


class FakeMainWindow(QWidget):
    """What the desktop app's main window exposes to feature dialogs."""

    def __init__(self, vault: Vault, person_id: str) -> None:
        super().__init__()
        self.vault = vault
        self._pid = person_id

    def current_person_id(self) -> str:
        return self._pid


@pytest.fixture
def consent(qtbot, vault: Vault, tmp_path: Path, inline_tasks: None) -> ConsentDialog:
    holder_id, _ = fill(vault)
    out = tmp_path / "out"
    out.mkdir()
    dialog = ConsentDialog(vault, prepare(vault, request(holder_id)), destination=out / "share.zip")
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def actions(vault: Vault) -> list[str]:
    return [e["action"] for e in audit.entries(vault.conn)]


@pytest.mark.slow
def test_approve_is_disabled_until_reviewed_and_cancel_is_default(consent: ConsentDialog, qtbot) -> None:
    assert consent.cancel_button.isDefault()
    assert not consent.approve_button.isDefault()
    assert not consent.approve_button.isEnabled()
    qtbot.mouseClick(consent.approve_button, Qt.MouseButton.LeftButton)
    assert consent.isVisible() and consent.result_info is None
    assert not consent.destination.exists()
    consent.reviewed.setChecked(True)
    assert consent.approve_button.isEnabled()
    consent.reviewed.setChecked(False)
    assert not consent.approve_button.isEnabled()
    consent.approve()  # a programmatic call is refused too
    assert not consent.destination.exists()


@pytest.mark.slow
def test_cancel_writes_nothing(consent: ConsentDialog, qtbot, vault: Vault) -> None:
    consent.reviewed.setChecked(True)
    qtbot.mouseClick(consent.cancel_button, Qt.MouseButton.LeftButton)
    assert consent.result() == QDialog.DialogCode.Rejected
    assert list(consent.destination.parent.iterdir()) == []
    assert receipts.list_shares(vault) == []
    assert "share.cancel" in actions(vault) and "share.create" not in actions(vault)


@pytest.mark.slow
def test_escape_cancels(consent: ConsentDialog, qtbot, vault: Vault) -> None:
    consent.reviewed.setChecked(True)
    qtbot.keyClick(consent, Qt.Key.Key_Escape)
    assert consent.result() == QDialog.DialogCode.Rejected
    assert list(consent.destination.parent.iterdir()) == []


def test_enter_does_not_approve(consent: ConsentDialog, qtbot) -> None:
    consent.reviewed.setChecked(True)
    consent.cancel_button.setFocus()
    qtbot.keyClick(consent, Qt.Key.Key_Return)
    assert consent.result() == QDialog.DialogCode.Rejected
    assert not consent.destination.exists()


def test_approve_with_two_records_unticked(consent: ConsentDialog, qtbot, vault: Vault) -> None:
    imms = [i.record for i in consent.plan.items if i.record.kind == "Immunization"]
    dropped = {imms[0].id, imms[1].id}
    for rid in dropped:
        consent.record_items[rid].setCheckState(0, Qt.CheckState.Unchecked)
    qtbot.waitUntil(lambda: "(2 left out by you)" in consent.count_label.text())
    consent.reviewed.setChecked(True)
    qtbot.mouseClick(consent.approve_button, Qt.MouseButton.LeftButton)
    assert consent.result() == QDialog.DialogCode.Accepted
    share = receipts.get_share(vault, consent.result_info.receipt_id)
    assert not set(share.record_ids) & dropped
    assert len(share.record_ids) == len(consent.plan.items) - 2
    with zipfile.ZipFile(consent.destination) as zf:
        doc = json.loads(zf.read("data/ips.json"))
    sent = [e for e in doc["entry"] if e["resource"]["resourceType"] == "Immunization"]
    assert len(sent) == len(imms) - 2


def test_unticking_a_group_leaves_out_all_its_records(consent: ConsentDialog, qtbot) -> None:
    group = next(
        consent.tree.topLevelItem(i)
        for i in range(consent.tree.topLevelItemCount())
        if consent.tree.topLevelItem(i).text(0) == "Health / Test or measurement"
    )
    n = group.childCount()
    group.setCheckState(0, Qt.CheckState.Unchecked)
    consent.reviewed.setChecked(True)
    qtbot.mouseClick(consent.approve_button, Qt.MouseButton.LeftButton)  # approves without waiting for the timer
    assert consent.result_info.record_count == len(consent.plan.items) - n
    assert "Observation" not in {r.kind for r in consent.plan.records}
    assert group.text(1) == f"0 / {n}"


def test_identifying_fields_can_be_left_out(consent: ConsentDialog, qtbot) -> None:
    consent.field_boxes["name"].setChecked(False)
    consent.field_boxes["identifier"].setChecked(False)
    consent.reviewed.setChecked(True)
    qtbot.mouseClick(consent.approve_button, Qt.MouseButton.LeftButton)
    raw = consent.destination.read_bytes()
    assert b"Kreiger" not in raw and b"999-48-8934" not in raw


def test_unencrypted_warning_and_sensitive_highlight(qtbot, vault: Vault, tmp_path: Path) -> None:
    from wallet.model import Domain, Provenance, Record

    holder_id, _ = fill(vault)
    hiv = Record(
        domain=Domain.HEALTH,
        kind="Condition",
        title="HIV infection",
        code_system="SNOMED CT",
        code="86406008",
        person_id=holder_id,
        payload={"resourceType": "Condition", "subject": {"reference": "Patient/x"}, "code": {"text": "HIV infection"}},
        provenance=Provenance(connector_id="fhir", connector_version="1", source_name="x.json"),
    )
    vault.add_records([hiv])
    dialog = ConsentDialog(vault, prepare(vault, request(holder_id)), destination=tmp_path / "s.zip")
    qtbot.addWidget(dialog)
    assert "NOT ENCRYPTED" in dialog.encryption_label.text()
    assert "HIV" in dialog.sensitive_label.text()
    item = dialog.record_items[hiv.id]
    assert item.text(3) == "HIV" and item.background(0).color().name() == "#fde2e1"


def test_wizard_from_the_main_window(qtbot, vault: Vault, tmp_path: Path, inline_tasks: None) -> None:
    holder_id, _ = fill(vault)
    condition = vault.records(person_id=holder_id, kind="Condition")[0]
    encounter = next(
        r
        for r in vault.records(person_id=holder_id, kind="Encounter")
        if r.provenance.original_id == condition.payload["encounter"]["reference"]
    )
    receipt = add_receipt(vault, encounter)
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    setup = open_share_wizard(window)
    assert setup is not None
    setup.set_template("insurance")
    setup.recipient_box.setEditText("ACME Insurance")
    setup.purpose.setText("Claim")
    day = encounter.start.date().isoformat()
    assert setup.tick(lambda text: text.startswith(day)) == 1
    consent = setup.next_step()
    assert consent is not None
    assert receipt.id in consent.record_items and encounter.id in consent.record_items
    consent.destination = tmp_path / "claim.zip"
    consent.reviewed.setChecked(True)
    qtbot.mouseClick(consent.approve_button, Qt.MouseButton.LeftButton)
    assert consent.destination.is_file()

    verify = open_verify_dialog(window)
    qtbot.addWidget(verify)
    assert verify.verify_path(consent.destination).ok
    assert verify.verdict.text().startswith("Verified")
    data = bytearray(consent.destination.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "bad.zip"
    bad.write_bytes(bytes(data))
    assert not verify.verify_path(bad).ok
    assert "NOT verified" in verify.verdict.text()

    view = SharesDialog(vault, window)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 1
    view.table.selectRow(0)
    assert "Pharmacy receipt" in view.detail.toPlainText()
    notice = view.withdraw_selected(tmp_path / "withdraw.json")
    assert notice is not None and notice.is_file()
    assert view.table.item(0, 5).text() == "withdrawn"


def test_wizard_refuses_missing_purpose(qtbot, vault: Vault, inline_tasks: None) -> None:
    holder_id, _ = fill(vault)
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    setup = open_share_wizard(window)
    setup.recipient_box.setEditText("Dr. Kim")
    assert setup.next_step() is None
    assert "purpose" in setup.last_message.text()
    setup.reject()
    assert "share.cancel" in actions(vault)


def test_custom_share_by_source(qtbot, vault: Vault, inline_tasks: None) -> None:
    holder_id, _ = fill(vault)
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    setup = open_share_wizard(window)
    setup.set_template("custom")
    setup.recipient_box.setEditText("Me")
    setup.purpose.setText("Backup")
    assert setup.tick(lambda text: text.startswith("source: Clemente")) == 1
    assert setup.tick(lambda text: text.startswith("Health / Vaccination")) == 1
    consent = setup.next_step()
    assert consent is not None
    kinds = {i.record.kind for i in consent.plan.items}
    assert kinds == {"Immunization"}
    assert all(i.record.provenance.source_name.startswith("Clemente") for i in consent.plan.items)
    consent.reject()


def test_preparing_and_writing_a_share_leave_the_gui_thread(
    qtbot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A research share of 68k records froze the window for seconds: the work now runs on a worker."""
    holder_id, _ = fill(vault)
    threads: dict[str, threading.Thread] = {}

    def spy(name: str, real):
        def call(*args, **kwargs):
            threads[name] = threading.current_thread()
            return real(*args, **kwargs)

        return call

    monkeypatch.setattr(share_setup, "prepare", spy("prepare", share_setup.prepare))
    monkeypatch.setattr(share_consent, "create_share", spy("create_share", share_consent.create_share))
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    setup = open_share_wizard(window)
    assert not setup.next_button.isEnabled()  # the choices are listed in the background first
    qtbot.waitUntil(setup.next_button.isEnabled, timeout=10000)
    setup.recipient_box.setEditText("Dr. Kim")
    setup.purpose.setText("Referral")
    assert setup.next_step() is None  # under way: the consent summary opens when the plan is ready
    assert not setup.next_button.isEnabled() and setup.busy.isVisible()
    qtbot.waitUntil(lambda: setup.consent is not None, timeout=10000)
    assert threads["prepare"] is not threading.main_thread()
    assert setup.next_button.isEnabled() and not setup.busy.isVisible()

    consent = setup.consent
    qtbot.addWidget(consent)
    consent.destination = tmp_path / "referral.zip"
    consent.reviewed.setChecked(True)
    consent.approve()
    assert not consent.approve_button.isEnabled() and not consent.cancel_button.isEnabled()
    consent.reject()  # while the bundle is written the window only hides: the approved share completes
    assert not consent.isVisible()
    qtbot.waitUntil(lambda: consent.result_info is not None, timeout=10000)
    assert threads["create_share"] is not threading.main_thread()
    assert consent.result() == QDialog.DialogCode.Accepted and consent.destination.is_file()
    assert "share.cancel" not in actions(vault)


def test_shares_view_reads_and_withdraws_off_the_gui_thread(
    qtbot, vault: Vault, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The records of a share are fetched in one query and withdrawing runs on a worker."""
    from wallet.features.share.bundle import create_share

    holder_id, _ = fill(vault)
    plan = prepare(vault, request(holder_id))
    sent = [i.record for i in plan.items]
    create_share(vault, plan, tmp_path / "share.zip")
    gone = sent[0]
    vault.delete_record(gone.id)
    assert set(vault.records_by_id([r.id for r in sent])) == {r.id for r in sent[1:]}

    threads: list[threading.Thread] = []
    real = receipts.withdraw

    def spy(*args, **kwargs):
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(receipts, "withdraw", spy)
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    view = SharesDialog(vault, window)
    qtbot.addWidget(view)
    view.show()
    view.table.selectRow(0)
    qtbot.waitUntil(lambda: "(since deleted)" in view.detail.toPlainText(), timeout=10000)
    detail = view.detail.toPlainText()
    assert f"{gone.id[:12]} (since deleted)" in detail
    assert f"{kind_name(sent[1].kind)}: {sent[1].title}" in detail
    assert view.withdraw_button.isEnabled()
    assert view.withdraw_selected(tmp_path / "withdraw.json") is None  # under way
    assert not view.withdraw_button.isEnabled() and view.busy.isVisible()
    qtbot.waitUntil(lambda: view.table.item(0, 5).text() == "withdrawn", timeout=10000)
    assert threads and threads[0] is not threading.main_thread()
    assert (tmp_path / "withdraw.json").is_file() and not view.busy.isVisible()
    assert "withdraw.json" in view.last_message.text()


def test_the_signers_name_is_shown_when_the_bundle_names_the_signer(consent: ConsentDialog, vault: Vault) -> None:
    name = vault.holder().name
    assert name and name in consent.signer_label.text()  # the manifest names the signer: the dialog says so
    consent.field_boxes["name"].setChecked(False)
    assert name not in consent.signer_label.text() and consent.plan.signer_name_sent is None
