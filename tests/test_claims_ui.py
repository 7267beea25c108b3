"""Money > Insurance claims (wallet.ui.claims_view), offscreen, on the files of tests/fixtures/claims.

The fixtures (a KB국민은행 statement with a clinic, a pharmacy and an orthopaedic clinic payment, a FHIR
Bundle with the matching encounters, and two PDF receipts) are imported through the import pipeline as
in tests/test_claims.py; the panel then lists the two claimable visits, marks and unmarks them, refuses
a policy it cannot read, and prepares a claim through the consent dialog.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtCore import Qt
from ui_support import open_window

from wallet.features.claims.policy import get_policy
from wallet.features.claims.visits import find_visits
from wallet.features.share.verify import verify_bytes
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.vault import Vault
from wallet.ui.claims_view import ClaimsPanel
from wallet.ui.finance_view import FinanceView, open_finance_view

FIX = Path(__file__).parent / "fixtures" / "claims"
TODAY = date(2026, 12, 7)
SHOTS = os.environ.get("WALLET_SCREENSHOTS")  # a folder: save screenshots there
# columns of the list
DATE, PLACE, PAID, CLAIMABLE, PRESENT, MISSING, DEADLINE, STATUS = range(8)

pytestmark = pytest.mark.usefixtures("gui_env", "inline_tasks")


def import_fixtures(vault: Vault) -> None:
    import_source(vault, Source(FIX / "fhir_visits.json"))  # the patient becomes the holder
    import_source(vault, Source(FIX / "kbstar_medical.csv"))
    for name in ("receipt_clinic.pdf", "receipt_pharmacy.pdf"):
        import_source(vault, Source(FIX / name), connector_id="document")


def open_claims(qtbot, vault_dir: Path, vault: Vault) -> tuple[FinanceView, ClaimsPanel]:
    window = open_window(qtbot, vault_dir, vault)
    view = open_finance_view(window)
    assert isinstance(view, FinanceView)
    panel = view.claims
    panel.today = TODAY
    view.tabs.setCurrentWidget(panel)  # shown: the panel reads the visits
    qtbot.waitUntil(lambda: not panel.loading and bool(panel.data.visits), timeout=20000)
    return view, panel


def rows(panel: ClaimsPanel) -> list[list[str]]:
    t = panel.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def choose(panel: ClaimsPanel, place: str) -> None:
    row = next(r for r, cells in enumerate(rows(panel)) if cells[PLACE].startswith(place))
    panel.table.setCurrentCell(row, 0)


def click(qtbot, button) -> None:
    assert button.isEnabled()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(str(Path(SHOTS) / name))


def test_lists_the_claimable_visits_with_amounts_documents_and_deadlines(qtbot, vault_dir, vault):
    import_fixtures(vault)
    view, panel = open_claims(qtbot, vault_dir, vault)
    shown = rows(panel)
    assert [r[DATE] for r in shown] == ["2026-04-17", "2026-03-04"]
    ortho, clinic = shown
    assert ortho[PLACE] == "의료법인 서울 정형외과의원"
    assert clinic[PLACE] == "연세내과의원 + 온누리약국"
    # paid: the orthopaedic card payment; the clinic's 15,300 and the pharmacy's 6,200 together
    assert ortho[PAID] == "48,000 KRW" and clinic[PAID] == "21,500 KRW"
    # no policy entered: the whole amount, said to be before deductibles
    assert ortho[CLAIMABLE] == "48,000 KRW before deductibles"
    assert clinic[CLAIMABLE] == "21,500 KRW before deductibles"
    assert "No policy entered: amounts are before deductibles" in panel.status_line.text()
    assert ortho[PRESENT] == "none" and ortho[MISSING] == "receipt (medical bill), itemised bill"
    assert clinic[PRESENT] == "receipt (medical bill), prescription or pharmacy receipt"
    assert clinic[MISSING] == "itemised bill"
    assert ortho[DEADLINE] == "2029-04-17 (862 days left)"  # three years from the visit, counted from TODAY
    assert {r[STATUS] for r in shown} == {"claimable"}
    view.resize(1100, 700)
    shot(view, "claims-list.png")


def test_mark_and_unmark_by_hand_and_show_all(qtbot, vault_dir, vault):
    import_fixtures(vault)
    _view, panel = open_claims(qtbot, vault_dir, vault)
    choose(panel, "의료법인 서울 정형외과의원")
    assert not panel.unmark_button.isEnabled()
    click(qtbot, panel.mark_button)
    # claimed visits leave the list of visits to claim ...
    assert [r[PLACE] for r in rows(panel)] == ["연세내과의원 + 온누리약국"]
    [ortho] = [v for v in find_visits(vault, today=TODAY) if v.institution == "의료법인 서울 정형외과의원"]
    assert ortho.status == "claimed" and ortho.claimed_how == "by hand"
    # ... and come back with "Show all"
    panel.show_all.setChecked(True)
    statuses = {r[PLACE]: r[STATUS] for r in rows(panel)}
    assert statuses["의료법인 서울 정형외과의원"] == f"claimed on {date.today().isoformat()}"
    choose(panel, "의료법인 서울 정형외과의원")
    assert not panel.mark_button.isEnabled()
    # preparing it again is possible, but the recipient dialog says it is already claimed
    click(qtbot, panel.prepare_button)
    ask = panel.claim_dialog
    assert ask is not None and ask.already is not None
    assert f"already marked as claimed on {date.today().isoformat()} (by hand)" in ask.already.text()
    ask.reject()
    click(qtbot, panel.unmark_button)
    assert {r[STATUS] for r in rows(panel)} == {"claimable"}
    assert all(v.status == "claimable" for v in find_visits(vault, today=TODAY))


def test_policy_with_a_bad_deductible_is_refused_and_a_good_one_changes_the_estimates(qtbot, vault_dir, vault):
    import_fixtures(vault)
    _view, panel = open_claims(qtbot, vault_dir, vault)
    holder = vault.holder().id
    click(qtbot, panel.policy_button)
    dialog = panel.policy_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.insurer.setText("예시손해보험")
    dialog.generation.setCurrentIndex(dialog.generation.findData(4))
    dialog.deductibles["clinic"].setText("만원")  # not a number
    shot(dialog, "claims-policy.png")
    click(qtbot, dialog.ok_button)
    assert dialog.last_message is not None and "The policy was not saved" in dialog.last_message.text()
    assert dialog.isVisible() and dialog.policy is None
    assert get_policy(vault, holder) is None  # nothing kept
    assert "before deductibles" in rows(panel)[0][CLAIMABLE]
    dialog.last_message.accept()
    # corrected: 10,000 or 20% for a clinic visit (the larger), 8,000 at a pharmacy
    dialog.deductibles["clinic"].setText("10000/20%")
    dialog.deductibles["pharmacy"].setText("8,000")
    click(qtbot, dialog.ok_button)
    assert not dialog.isVisible()
    policy = get_policy(vault, holder)
    assert policy is not None and policy.insurer == "예시손해보험" and policy.generation == 4
    ortho, clinic = rows(panel)
    # 48,000 - max(10,000, 20% of 48,000 = 9,600) = 38,000
    assert ortho[CLAIMABLE] == "about 38,000 KRW"
    # 15,300 - max(10,000, 3,060) = 5,300 at the clinic; 6,200 - min(8,000, 6,200) = 0 at the pharmacy
    assert clinic[CLAIMABLE] == "about 5,300 KRW"
    assert "No policy entered" not in panel.status_line.text()


def test_prepare_claim_through_consent_writes_a_verifiable_bundle_and_marks_the_visit(
    qtbot, vault_dir, vault, tmp_path
):
    import_fixtures(vault)
    _view, panel = open_claims(qtbot, vault_dir, vault)
    choose(panel, "연세내과의원")
    click(qtbot, panel.prepare_button)
    ask = panel.claim_dialog
    assert ask is not None and ask.isVisible()
    assert not ask.next_button.isEnabled()  # no policy: the insurer must be typed
    ask.recipient.setText("예시손해보험")
    assert "2026-03-04" in ask.purpose.text() and "연세내과의원" in ask.purpose.text()
    shot(ask, "claims-recipient.png")
    click(qtbot, ask.next_button)
    consent = panel.consent
    assert consent is not None and consent.isVisible()
    assert consent.plan.request.template == "insurance"
    assert sorted(r.kind for r in consent.plan.records) == [
        "Condition",
        "Encounter",
        "MedicationRequest",
        "document",
        "document",
    ]
    consent.destination = tmp_path / "claim.zip"
    consent.reviewed.setChecked(True)
    click(qtbot, consent.approve_button)
    assert consent.result_info is not None
    assert verify_bytes(consent.destination.read_bytes()).ok
    [clinic] = [v for v in find_visits(vault, today=TODAY) if v.institution == "연세내과의원"]
    assert clinic.status == "claimed"
    assert clinic.claimed_how == f"prepared bundle {consent.result_info.bundle_id}"
    assert [r[PLACE] for r in rows(panel)] == ["의료법인 서울 정형외과의원"]
    assert "the visit is marked as claimed" in panel.status_line.text()


def test_cancelled_consent_leaves_the_visit_claimable(qtbot, vault_dir, vault):
    import_fixtures(vault)
    _view, panel = open_claims(qtbot, vault_dir, vault)
    choose(panel, "연세내과의원")
    panel.prepare(panel.current(), "예시손해보험")
    assert panel.consent is not None
    click(qtbot, panel.consent.cancel_button)
    assert all(v.status == "claimable" for v in find_visits(vault, today=TODAY))
    assert len(rows(panel)) == 2


def test_an_expired_visit_is_shown_with_show_all_and_not_prepared(qtbot, vault_dir, vault):
    import_fixtures(vault)
    _view, panel = open_claims(qtbot, vault_dir, vault)
    panel.today = date(2029, 3, 5)  # the day after the clinic visit's deadline
    panel.load()
    assert [r[PLACE] for r in rows(panel)] == ["의료법인 서울 정형외과의원"]
    panel.show_all.setChecked(True)
    choose(panel, "연세내과의원")
    clinic = rows(panel)[panel.table.currentRow()]
    assert clinic[DEADLINE] == "2029-03-04 (passed)" and clinic[STATUS] == "expired (over 3 years)"
    assert not panel.prepare_button.isEnabled() and panel.mark_button.isEnabled()
    panel.prepare(panel.current(), "예시손해보험")  # asked anyway: one readable message, no consent dialog
    assert panel.consent is None
    assert panel.last_message is not None and "past its claim deadline" in panel.last_message.text()


def test_a_visit_known_only_from_a_payment_and_a_receipt_filed_under_the_parent(qtbot, vault_dir, vault):
    from test_claims import doc, enc, pay

    from wallet.model import Person

    holder = vault.holder()
    holder.name = "김민준"
    vault.save_person(holder)
    child = Person(name="김하늘", birth_date=date(2019, 5, 1))
    vault.save_person(child)
    day = date(2026, 3, 4)
    vault.add_records(
        [
            enc(day, "튼튼소아청소년과의원", person=child.id),
            doc(day, "진료비 계산서·영수증", "튼튼소아청소년과의원", 9800, person=holder.id),
            pay(date(2026, 4, 18), "서울정형외과", 48000, person=holder.id),
        ]
    )
    _view, panel = open_claims(qtbot, vault_dir, vault)
    by_place = {r[PLACE]: r for r in rows(panel)}
    assert by_place["서울정형외과"][DATE] == "2026-04-18 (payment date)"
    assert by_place["서울정형외과"][DEADLINE].startswith("about 2029-04-17 (")
    box = panel.main_window.person_box
    box.setCurrentIndex(box.findData(child.id))  # the child's visits
    qtbot.waitUntil(lambda: not panel.loading and any(r[PLACE] == "튼튼소아청소년과의원" for r in rows(panel)))
    by_place = {r[PLACE]: r for r in rows(panel)}
    assert by_place["튼튼소아청소년과의원"][STATUS] == "claimable; check the details"
    choose(panel, "튼튼소아청소년과의원")
    assert "a document of this visit is filed under 김민준" in panel.detail.text()
