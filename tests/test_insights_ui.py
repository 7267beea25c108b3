"""The Insights section in the app (wallet.ui.insights_view, goals_panel, trials_view), offscreen.

The person is the demo's Synthea patient (Liz Conn, born 1986: blood pressure 151.9/94.7 mmHg and
BMI 27.2 on 2018-08-17); the studies are the ClinicalTrials.gov samples of tests/fixtures/trials.
"""

from __future__ import annotations

import json
import zipfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO, FIXTURES
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QProgressBar
from ui_support import open_window

from wallet.features.share.verify import verify_bytes
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain, Person, Provenance, Record
from wallet.store.vault import Vault
from wallet.ui.main_window import INSIGHTS_VIEW_HOOK, MainWindow
from wallet.ui.sections import SECTIONS

LIZ = DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"
TRIALS = FIXTURES / "trials"
WAIT = 20000

pytestmark = pytest.mark.usefixtures("gui_env")


def open_insights(qtbot, vault: Vault, vault_dir: Path) -> MainWindow:
    window = open_window(qtbot, vault_dir, vault=vault)
    window._open_hook(INSIGHTS_VIEW_HOOK)
    view = window.insights_view
    assert view is not None and window.current_section() == "insights"
    qtbot.waitUntil(lambda: not view.standing.loading and not view.goals.loading, timeout=WAIT)
    return window


@pytest.fixture
def liz(vault: Vault) -> Vault:
    import_source(vault, Source(LIZ))
    return vault


def test_insights_is_a_section_of_the_sidebar() -> None:
    assert "insights" in SECTIONS


def test_where_i_stand_names_each_reference_and_draws_its_band(qtbot, liz: Vault, vault_dir: Path) -> None:
    window = open_insights(qtbot, liz, vault_dir)
    panel = window.insights_view.standing
    rows = {(panel.table.item(r, 0).text(), panel.table.item(r, 4).text()) for r in range(panel.table.rowCount())}
    assert any(name == "Blood pressure" and "Korean Society of Hypertension, 2022" in ref for name, ref in rows)
    assert any(name == "Blood pressure" and "ACC/AHA, 2017" in ref for name, ref in rows)
    assert any(name == "Body mass index" and "Korean Society for the Study of Obesity" in ref for name, ref in rows)
    bp = next(r for r in range(panel.table.rowCount()) if "Hypertension" in panel.table.item(r, 4).text())
    assert panel.table.item(bp, 1).text() == "151.9/94.7 mmHg"
    assert panel.table.item(bp, 3).text().startswith("Grade 1 hypertension")  # KSH: 140-159 or 90-99
    panel.table.setCurrentCell(bp, 0)
    text = panel.detail.toPlainText()
    assert "systolic 140-159 or diastolic 90-99 mmHg" in text.replace("–", "-")
    assert "Population: Korean adults" in text and "Licence:" in text and "not a diagnosis" in text
    qtbot.waitUntil(lambda: panel.chart.key == "blood_pressure", timeout=WAIT)
    assert panel.chart.band is not None and panel.chart.band[1] == 120  # the normal range's upper end
    assert panel.chart.series, "the readings are drawn"
    qtbot.waitUntil(lambda: "Each reading in this guideline" in panel.detail.toPlainText(), timeout=WAIT)
    history = panel.detail.toPlainText().split("Each reading in this guideline")[1]
    assert "2018-08-17" in history and "151.9/94.7 mmHg" in history and "Grade 1 hypertension" in history


def test_a_child_sees_percentiles_against_the_who_standard(qtbot, vault: Vault, vault_dir: Path) -> None:
    child = Person(name="Minjun", birth_date=date.today() - timedelta(days=365), sex="male")
    vault.save_person(child)
    weighed = datetime.now(UTC) - timedelta(days=1)
    vault.add_records(
        [
            Record(
                domain=Domain.HEALTH,
                kind="HKQuantityTypeIdentifierBodyMass",
                title="Body mass",
                start=weighed,
                end=weighed,
                value=9.6,
                unit="kg",
                provenance=Provenance(connector_id="apple_health", connector_version="1", source_name="export.xml"),
                person_id=child.id,
            )
        ]
    )
    window = open_window(qtbot, vault_dir, vault=vault)
    window.person_box.setCurrentIndex(window.person_box.findData(child.id))
    window._open_hook(INSIGHTS_VIEW_HOOK)
    panel = window.insights_view.standing
    qtbot.waitUntil(lambda: not panel.loading and panel.table.rowCount() > 0, timeout=WAIT)
    assert "WHO" in panel.table.item(0, 4).text()
    assert "percentile" in panel.table.item(0, 3).text()
    st = panel.current()
    assert st is not None and st.z is not None and -1 < st.z < 1  # 9.6 kg is near the median of boys at 12 months
    assert "z-score" in panel.detail.toPlainText()


def test_goals_are_set_shown_with_progress_and_refused_when_senseless(qtbot, liz: Vault, vault_dir: Path) -> None:
    window = open_insights(qtbot, liz, vault_dir)
    goals = window.insights_view.goals
    # Liz's readings end on 2018-08-17: the trends are of the 90 days up to then, and the note says so
    assert goals.anchor == date(2018, 8, 17) and "2018-08-17" in goals.note.text()
    names = [goals.trends_table.item(r, 0).text() for r in range(goals.trends_table.rowCount())]
    assert "Blood pressure" in names and "Body weight" in names
    assert goals.set_goal("blood_pressure", "130/80")
    qtbot.waitUntil(lambda: not goals.loading and len(goals.progress_rows) == 1, timeout=WAIT)
    assert isinstance(goals.goals_table.cellWidget(0, 1), QProgressBar)
    assert "130/80" in goals.goals_table.item(0, 0).text()
    assert not goals.set_goal("steps", "-5")  # a readable message, nothing kept
    assert goals.last_message is not None and "steps" in goals.last_message.text().lower()
    from wallet.features.insights.goals import goals as kept

    assert [g.kind for g in kept(liz, liz.holder().id)] == ["blood_pressure"]
    # the Home shows the goal
    window.show_section("home")
    window.home.load()
    qtbot.waitUntil(lambda: window.home.complete and "insights" in window.home.cards, timeout=WAIT)


def test_monthly_summary_is_saved_as_a_pdf_owner_only_and_audited(
    qtbot, liz: Vault, vault_dir: Path, tmp_path: Path
) -> None:
    window = open_insights(qtbot, liz, vault_dir)
    goals = window.insights_view.goals
    from PySide6.QtCore import QDate

    goals.month.setDate(QDate(2018, 8, 1))
    out = goals.save_pdf(tmp_path / "summary.pdf")
    assert out is not None and out.read_bytes().startswith(b"%PDF")
    assert out.stat().st_mode & 0o077 == 0
    assert any(e["action"] == "insights.summary_pdf" for e in liz.audit_entries())
    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(out).pages)
    assert "151.9" in text and "2018" in text


def test_trials_are_imported_checked_and_shared_with_consent(
    qtbot, liz: Vault, vault_dir: Path, tmp_path: Path, inline_tasks: None
) -> None:
    window = open_insights(qtbot, liz, vault_dir)
    trials = window.insights_view.trials
    trials.import_files(sorted(TRIALS.glob("*.json")))
    qtbot.waitUntil(lambda: not trials.loading and len(trials.matches) == 5, timeout=WAIT)
    ids = {trials.table.item(r, 1).text() for r in range(trials.table.rowCount())}
    assert {"NCT02513394", "NCT02576665", "NCT04114136"} <= ids
    row = next(r for r in range(trials.table.rowCount()) if trials.table.item(r, 1).text() == "NCT02513394")
    trials.table.setCurrentCell(row, 0)
    top = [trials.checklist.topLevelItem(i).text(0) for i in range(trials.checklist.topLevelItemCount())]
    assert "Who can take part" in top and any(t.startswith("Sites (") for t in top)
    tm = trials.current()
    assert tm is not None and tm.study.nct_id == "NCT02513394"
    assert tm.verdict == "unlikely"  # PALLAS is not recruiting any more
    trials.place.setText("Busan")
    trials.apply_place()
    qtbot.waitUntil(lambda: not trials.loading and trials.near is not None, timeout=WAIT)
    tm = next(m for m in trials.matches if m.study.nct_id == "NCT02513394")
    seoul = [d for d in tm.sites if d.site.city == "Seoul" and d.km is not None]
    assert seoul and all(300 < d.km < 350 for d in seoul)  # Busan to Seoul's centre
    trials.place.setText("no such place anywhere")
    trials.apply_place()
    assert trials.last_message is not None and trials.near is not None  # the earlier place is kept

    row = next(r for r in range(trials.table.rowCount()) if trials.table.item(r, 1).text() == "NCT02513394")
    trials.table.setCurrentCell(row, 0)
    trials.share_plan("Study coordinator", "Seoul site")
    consent = trials.consent
    assert consent is not None and consent.summary_box is not None
    assert "Pre-screen" in consent.findChildren(type(consent.summary_box.parent()))[0].title()
    assert "Study NCT02513394" in consent.summary_box.toPlainText()
    consent.destination = tmp_path / "prescreen.zip"
    consent.reviewed.setChecked(True)
    qtbot.mouseClick(consent.approve_button, Qt.MouseButton.LeftButton)
    assert consent.destination.is_file()
    data = consent.destination.read_bytes()
    assert verify_bytes(data).ok
    with zipfile.ZipFile(consent.destination) as zf:
        summary = json.loads(zf.read("data/summary.json"))
    assert summary["study"]["nct_id"] == "NCT02513394"


def test_the_fetch_dialog_shows_the_address_before_anything_is_sent(qtbot) -> None:
    from wallet.ui.trials_view import FetchDialog

    dialog = FetchDialog()
    qtbot.addWidget(dialog)
    assert not dialog.send_button.isEnabled()
    dialog.condition.setText("type 2 diabetes")
    dialog.city.setText("Seoul")
    shown = dialog.preview.text()
    assert shown.startswith("https://clinicaltrials.gov/api/v2/studies?")
    assert "type+2+diabetes" in shown or "type%202%20diabetes" in shown
    assert "Seoul" in shown and dialog.send_button.isEnabled()
    dialog.condition.setText("x" * 500)  # the registry takes no such query: said, not sent
    assert not dialog.send_button.isEnabled()
