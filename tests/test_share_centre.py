"""The sharing centre (issue 18, item 6), offscreen with pytest-qt.

The Sharing page lists each share with what was sent; withdrawing writes a notice that verifies;
Verify a bundle... is on the page; the consent dialog previews the values that leave, and they are
compared with the bundle written afterwards; the confirmation names the file and "Show in folder"
opens its folder; a remembered recipient key preselects encryption.
"""

from __future__ import annotations

import json
import zipfile
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtCore import Qt, QUrl
from PySide6.QtWidgets import QDialog, QWidget
from share_support import add_receipt, fill, request

from wallet.features.share import preview, receipts
from wallet.features.share.bundle import create_share
from wallet.features.share.selection import prepare
from wallet.features.share.templates import Recipient, Selection, save_recipient
from wallet.features.share.verify import verify_file
from wallet.jose import new_key, public_jwk, thumbprint
from wallet.store.vault import Vault
from wallet.terms.names import kind_name
from wallet.ui import share_consent
from wallet.ui.share_dialog import ConsentDialog, SharesDialog, open_share_wizard

pytestmark = pytest.mark.usefixtures("gui_env", "inline_tasks")


class FakeMainWindow(QWidget):
    """What the main window exposes to the share dialogs."""

    def __init__(self, vault: Vault, person_id: str) -> None:
        super().__init__()
        self.vault = vault
        self._pid = person_id

    def current_person_id(self) -> str:
        return self._pid


class Opened:
    """Stands in for QDesktopServices: records the URLs the app would open."""

    def __init__(self) -> None:
        self.urls: list[QUrl] = []

    def openUrl(self, url: QUrl) -> bool:
        self.urls.append(url)
        return True


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Opened:
    fake = Opened()
    monkeypatch.setattr(share_consent, "QDesktopServices", fake)
    return fake


def children(item) -> list[str]:
    return [item.child(i).text(0) for i in range(item.childCount())]


def expand(dialog: ConsentDialog, record_id: str) -> list[str]:
    """Open a record in the consent tree as a click on its arrow does; the lines shown under it."""
    item = dialog.record_items[record_id]
    item.parent().setExpanded(True)
    item.setExpanded(True)
    return children(item)


def test_sharing_page_lists_what_was_sent_verifies_and_withdraws(
    qtbot, vault: Vault, tmp_path: Path, opened: Opened
) -> None:
    holder_id, _ = fill(vault)
    bundle = tmp_path / "share.zip"
    result = create_share(vault, prepare(vault, request(holder_id, purpose="Referral to cardiology")), bundle)
    share = receipts.get_share(vault, result.receipt_id)
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    view = SharesDialog(vault, window)
    qtbot.addWidget(view)
    view.show()

    row = [view.table.item(0, col).text() for col in range(view.table.columnCount())]
    assert row[1:3] == ["Dr. Kim (Seoul General)", "Referral to cardiology"]
    assert row[3].startswith(f"{result.record_count} records: ") and "Health" in row[3]
    assert row[4] == "until withdrawn" and row[5] == "active"
    view.table.selectRow(0)
    detail = view.detail.toPlainText()
    sent_fields = share.receipt["identifyingFieldsSent"]
    assert sent_fields and "name" in sent_fields  # the hospital template sends the name
    assert "Identifying details sent: name, birth date" in detail
    assert f"Saved as: {bundle.resolve()}" in detail
    assert "Leukocytes [#/volume] in Blood by Automated count" in detail  # each record sent
    kinds = Counter(r.kind for r in vault.records_by_id(share.record_ids).values())
    assert kinds["Observation"] == 20
    assert f"Records sent: {kind_name('Observation')} 20, " in detail

    assert view.folder_button.isEnabled()
    assert view.show_in_folder() == QUrl.fromLocalFile(str(tmp_path.resolve()))
    assert opened.urls == [QUrl.fromLocalFile(str(tmp_path.resolve()))]

    # Verify a bundle... from the page: the vault's own key is known, a changed byte is refused
    qtbot.mouseClick(view.verify_button, Qt.MouseButton.LeftButton)
    verify = view.verify_dialog
    assert verify is not None and verify.isVisible()
    assert verify.verify_path(bundle).trusted
    assert verify.verdict.text().startswith("Verified")
    data = bytearray(bundle.read_bytes())
    data[len(data) // 2] ^= 0x01
    bad = tmp_path / "tampered.zip"
    bad.write_bytes(bytes(data))
    assert not verify.verify_path(bad).ok
    assert "NOT verified" in verify.verdict.text()
    verify.close()

    notice = view.withdraw_selected(tmp_path / "withdrawal.json")
    assert notice == tmp_path / "withdrawal.json"
    assert view.table.item(0, 5).text() == "withdrawn" and not view.withdraw_button.isEnabled()
    checked = verify_file(notice)
    assert checked.ok and checked.kind == "withdrawal"
    assert checked.claims["consent receipt"] == share.id and checked.claims["bundle id"] == share.bundle_id
    assert checked.signer == share.receipt["holderKeyThumbprint"]  # signed with the key that signed the share
    assert view.verify_dialog.verify_path(notice).trusted


def test_new_share_from_the_page_refreshes_the_list(qtbot, vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    view = SharesDialog(vault, window)
    qtbot.addWidget(view)
    assert view.table.rowCount() == 0
    setup = view.new_share()
    assert setup.person_id == holder_id
    setup.recipient_box.setEditText("Dr. Park")
    setup.purpose.setText("Second opinion")
    consent = setup.next_step()
    consent.destination = tmp_path / "opinion.zip"
    consent.reviewed.setChecked(True)
    consent.approve()
    assert view.table.rowCount() == 1 and view.table.item(0, 1).text() == "Dr. Park"


def test_consent_preview_shows_the_values_the_bundle_holds(qtbot, vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    dest = tmp_path / "referral.zip"
    dialog = ConsentDialog(vault, prepare(vault, request(holder_id)), destination=dest)
    qtbot.addWidget(dialog)
    dialog.show()
    lab = next(i.record for i in dialog.plan.items if i.record.code == "6690-2")  # leukocytes, a lab value
    lab_lines = expand(dialog, lab.id)
    pressure = next(i.record for i in dialog.plan.items if i.record.code == "55284-4")  # systolic and diastolic
    pressure_lines = expand(dialog, pressure.id)
    assert not dialog.values_panel.isVisible()
    dialog.values_toggle.click()
    assert dialog.values_panel.isVisible()
    shown = {name: label.text() for name, label in dialog.field_values.items()}
    dialog.field_boxes["birthDate"].setChecked(False)
    assert dialog.field_values["birthDate"].text() == "left out"
    assert dialog.field_values["name"].text() == shown["name"]  # other fields unchanged

    dialog.reviewed.setChecked(True)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    with zipfile.ZipFile(dest) as zf:
        doc = json.loads(zf.read("data/ips.json"))
    resources = [e["resource"] for e in doc["entry"]]

    def sent(code: str) -> dict:
        (found,) = [
            r for r in resources if r["resourceType"] == "Observation" and r["code"]["coding"][0]["code"] == code
        ]
        return found

    quantity = sent("6690-2")["valueQuantity"]
    assert f"Value: {quantity['value']} {quantity['unit']}" in lab_lines
    assert lab_lines[0] == "Sent as a FHIR resource with these values:"
    assert dialog.record_items[lab.id].text(4) == f"{quantity['value']} {quantity['unit']}"
    (value_line,) = [line for line in pressure_lines if line.startswith("Value: ")]
    for component in sent("55284-4")["component"]:
        q = component["valueQuantity"]
        assert f"{component['code']['text']}: {q['value']} {q['unit']}" in value_line

    patient = next(r for r in resources if r["resourceType"] == "Patient")
    (name,) = patient["name"]
    assert shown["name"] == " ".join([*name.get("prefix", []), *name["given"], name["family"]])
    assert shown["name"] == "Mr. Clemente Kreiger"
    assert "birthDate" not in patient and shown["birthDate"] == "1984-07-02"  # shown while ticked, then left out
    for ident in patient["identifier"]:
        assert ident["value"] in shown["identifier"]
    assert shown["address"] == "left out" and "address" not in patient  # the hospital template leaves it out
    assert shown["gender"] == f"{patient['gender']} ({patient['gender']})"  # in the UI language, and as sent


def test_preview_of_a_document_and_the_notes_field(qtbot, vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    condition = vault.records(person_id=holder_id, kind="Condition")[0]
    encounter = next(
        r
        for r in vault.records(person_id=holder_id, kind="Encounter")
        if r.provenance.original_id == condition.payload["encounter"]["reference"]
    )
    doc = add_receipt(vault, encounter)
    # a hospital share sends an IPS document only: the receipt has no place in it, and says so
    assert preview.record_preview(doc, "hospital", frozenset()).form == preview.NOT_SENT
    custom = ConsentDialog(
        vault,
        prepare(vault, request(holder_id, selection=Selection(record_ids=[doc.id]), template="custom")),
        destination=tmp_path / "x.zip",
    )
    qtbot.addWidget(custom)
    lines = expand(custom, doc.id)
    assert lines[0] == "Sent as a wallet record with these values:"
    assert "Files: receipt.pdf" in lines and "Notes: paid 12.50" in lines
    custom.field_boxes["notes"].setChecked(False)
    assert "Notes: paid 12.50" not in children(custom.record_items[doc.id])  # the open preview follows the box
    custom.reviewed.setChecked(True)
    custom.approve()
    with zipfile.ZipFile(tmp_path / "x.zip") as zf:
        names = zf.namelist()
        records = [json.loads(line) for line in zf.read("data/records.ndjson").splitlines()]
    assert any(n.endswith("/receipt.pdf") for n in names)
    (sent,) = [r for r in records if r["title"] == "Pharmacy receipt"]
    assert "text" not in sent


def test_confirmation_names_the_file_and_shows_its_folder(qtbot, vault: Vault, tmp_path: Path, opened: Opened) -> None:
    holder_id, _ = fill(vault)
    dest = tmp_path / "out" / "referral.zip"
    dest.parent.mkdir()
    dialog = ConsentDialog(vault, prepare(vault, request(holder_id)), destination=dest)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reviewed.setChecked(True)
    qtbot.mouseClick(dialog.approve_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted and dest.is_file()
    box = dialog.last_message
    assert box is not None and box.isVisible()
    assert str(dest.resolve()) in box.text()
    assert f"{dialog.result_info.record_count} records." in box.text() and "Not encrypted" in box.text()
    assert opened.urls == []
    dialog.show_in_folder_button.click()
    assert opened.urls == [QUrl.fromLocalFile(str(dest.parent.resolve()))]


def test_a_remembered_recipient_key_preselects_encryption(qtbot, vault: Vault, tmp_path: Path) -> None:
    holder_id, _ = fill(vault)
    key = public_jwk(new_key())
    save_recipient(vault, Recipient(name="Dr. Kim", organisation="Seoul General", jwk=key))
    save_recipient(vault, Recipient(name="Dr. Lee", organisation="Clinic"))
    window = FakeMainWindow(vault, holder_id)
    qtbot.addWidget(window)
    setup = open_share_wizard(window)
    assert setup.recipient_jwk is None
    setup.recipient_box.setCurrentIndex(setup.recipient_box.findText("Dr. Kim"))
    assert setup.recipient_jwk == key and thumbprint(key) in setup.key_label.text()
    assert setup.organisation.text() == "Seoul General"
    setup.recipient_box.setEditText("Someone else")  # the key was Dr. Kim's: not for another recipient
    assert setup.recipient_jwk is None and setup.key_label.text() == "not encrypted"
    setup.recipient_box.setCurrentIndex(setup.recipient_box.findText("Dr. Kim"))
    setup.recipient_box.setCurrentIndex(setup.recipient_box.findText("Dr. Lee"))  # remembered without a key
    assert setup.recipient_jwk is None
    hand_key = public_jwk(new_key())
    setup.set_recipient_key(hand_key)  # a key chosen by hand stays whatever name is typed
    setup.recipient_box.setEditText("Dr. Choi")
    assert setup.recipient_jwk == hand_key

    setup.recipient_box.setCurrentIndex(setup.recipient_box.findText("Dr. Kim"))
    setup.purpose.setText("Referral")
    consent = setup.next_step()
    assert consent.plan.encrypted and consent.plan.recipient_fingerprint == thumbprint(key)
    assert consent.encryption_label.text().startswith("Encrypted")
    consent.destination = tmp_path / "referral.jwe"
    consent.reviewed.setChecked(True)
    consent.approve()
    assert consent.destination.read_bytes().count(b".") == 4  # a JWE compact serialisation
    assert "Encrypted" in consent.last_message.text()
