"""The home screen and the sidebar of sections (wallet.ui.home, wallet.ui.sections), offscreen.

The values the cards must show are read off the fixtures themselves:

* tests/test_measurements.py ``import_both``: heart rate 64 (hospital, 2024-03-01 09:00 +09:00),
  71 (watch, 2024-03-01 10:00) and 75 (watch, 2024-03-02 10:00) bpm; body mass 61.5 kg (2024-03-02);
* ``checking.ofx`` (jseutter/ofxparse, MIT, see tests/fixtures/LICENSES.md): USD; 2011-03-31 +0.01
  (dividend); 2011-04-05 -34.51 and 2011-04-07 -25.00: April 2011 spent 59.51, March 2011 nothing;
* the demo's Green Button file: one local day, 2012-03-01, 93.846 kWh (tests/golden/green_button).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from conftest import DEMO, FIXTURES, PASSPHRASE
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QWidget
from test_measurements import import_both
from ui_support import open_window

from wallet.features import medical_id as mid
from wallet.features.share.receipts import ShareInfo, store_share
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.vault import Vault
from wallet.ui.gate import UnlockPage
from wallet.ui.home import DropTarget
from wallet.ui.main_window import HEALTH_VIEW_HOOK, MainWindow
from wallet.ui.sections import SECTION_ATTRS, SECTIONS

CHECKING = FIXTURES / "ofx" / "jseutter-ofxparse" / "checking.ofx"
GREEN_BUTTON = DEMO / "test_usage_data_01.xml"
WAIT = 20000

pytestmark = pytest.mark.usefixtures("gui_env")  # conftest.py: GUI-thread gc, temporary QSettings, English


def wait_home(qtbot, window: MainWindow) -> None:
    qtbot.waitUntil(lambda: window.home.complete and window.home.page is not None, timeout=WAIT)


def texts(widget: QWidget) -> list[str]:
    return [label.text() for label in widget.findChildren(QLabel)]


def fill(vault: Vault) -> None:
    import_both(vault)
    import_source(vault, Source(CHECKING))
    import_source(vault, Source(GREEN_BUTTON))
    holder = vault.holder().id
    mid.save(vault, holder, mid.MedicalId(allergies=[mid.Allergy(substance="Penicillin")], blood_type="A+"))
    with vault.transaction():
        store_share(
            vault,
            ShareInfo(
                id="share-1",
                bundle_id="bundle-1",
                created="2024-03-03T00:00:00Z",
                expires="2999-12-31",
                person_id=holder,
                template="gp",
                recipient={"name": "Dr Lee", "organisation": "Seoul Clinic"},
                purpose="Check-up",
                encrypted=True,
                destination=None,
                receipt={},
                receipt_jws="",
                manifest={},
                record_ids=[],
                status="active",
                withdrawn=None,
                withdrawal_jws=None,
            ),
        )


@pytest.fixture
def filled_window(qtbot, vault, vault_dir) -> MainWindow:
    fill(vault)
    window = open_window(qtbot, vault_dir, vault)
    wait_home(qtbot, window)
    return window


@pytest.mark.slow
def test_home_is_the_first_screen_and_its_cards_show_the_fixtures_values(qtbot, filled_window):
    window = filled_window
    assert window.current_section() == "home"
    assert window.pages.currentWidget() is window.home and window.home.isVisible()
    data = window.home.data
    assert data is not None and not data.empty

    # the Medical ID, allergies first
    assert data.medical.allergies == ["Penicillin"] and data.medical.blood_type == "A+"
    medical = texts(window.home.cards["medical_id"])
    assert medical[:3] == ["Medical ID", "Allergies: Penicillin", "Blood type: A+"]

    # vitals in canonical units, each reading once: 64 and 71 on 1 March (average 67.5), 75 on 2 March
    vitals = {v.key: v for v in data.vitals}
    assert list(vitals) == ["heart_rate", "body_weight"]
    assert vitals["heart_rate"].latest == "75 bpm"
    assert vitals["heart_rate"].trend == [pytest.approx(67.5), pytest.approx(75.0)]
    assert vitals["body_weight"].latest == "61.5 kg"
    assert vitals["body_weight"].trend == [pytest.approx(61.5)]
    assert "75 bpm" in texts(window.home.cards["health"])

    # spending: the latest month with transactions against the month before, in its currency
    (spent,) = data.spending
    assert (spent.currency, spent.month, spent.previous_month) == ("USD", date(2011, 4, 1), date(2011, 3, 1))
    assert spent.spent == Decimal("59.51") and spent.previous == Decimal("0")
    assert spent.received == Decimal("0")
    money = texts(window.home.cards["money"])
    assert "April 2011: $59.51 spent" in money
    assert "March 2011: $0.00" in money

    # energy: the month against the same month a year before (none in the file)
    (used,) = data.energy
    assert (used.month, used.unit, used.last_year) == (date(2012, 3, 1), "kWh", None)
    assert used.total == pytest.approx(93.846)
    assert "No readings for March 2011." in texts(window.home.cards["energy"])

    # active shares with their expiry; each source with its last import
    assert texts(window.home.cards["sharing"])[1] == "Dr Lee (Seoul Clinic): Check-up (until 2999-12-31)"
    names = {s.connector for s in data.sources}
    assert {"fhir", "apple_health", "ofx", "green_button"} <= names
    assert all(s.imports == 1 for s in data.sources)


@pytest.mark.slow
def test_each_card_opens_its_section(qtbot, filled_window):
    window = filled_window
    for section in ("money", "health", "energy", "sharing", "medical_id"):
        window.show_section("home")
        wait_home(qtbot, window)
        card = window.home.cards[section]
        qtbot.mouseClick(card, Qt.MouseButton.LeftButton)
        assert window.current_section() == section
        view = getattr(window, SECTION_ATTRS[section])
        assert view is not None and view.isVisible()
        assert window.section_list.section() == section


@pytest.mark.slow
def test_an_empty_vault_shows_how_to_start(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    wait_home(qtbot, window)
    assert window.home.data is not None and window.home.data.empty
    assert not window.home.cards
    shown = texts(window.home)
    assert "Drop files here" in shown
    for source in ("Apple Health", "Samsung Health", "Fitbit, Google Fit", "Your bank or card", "A hospital"):
        assert source in shown
    assert "나의건강기록 (My Health Records)" in shown
    target = window.home.findChild(DropTarget)
    assert target is not None and target.isVisible() and target.acceptDrops()

    # a file dropped on the target is imported, and the home then shows cards
    from PySide6.QtCore import QMimeData, QPoint, QUrl
    from PySide6.QtGui import QDropEvent

    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(CHECKING))])
    event = QDropEvent(
        QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    target.dropEvent(event)
    qtbot.waitUntil(lambda: window.home.data is not None and not window.home.data.empty, timeout=WAIT)
    wait_home(qtbot, window)
    assert "money" in window.home.cards


@pytest.mark.slow
def test_sidebar_and_view_menu_switch_sections_and_build_each_view_once(qtbot, filled_window):
    window = filled_window
    assert [window.section_list.item(i).text() for i in range(window.section_list.count())] == [
        "Home",
        "Timeline",
        "Health",
        "Money",
        "Energy",
        "Documents",
        "Sharing",
        "Medical ID",
        "Insights",
        "Listening and watching",
    ]
    assert all(getattr(window, attr) is None for attr in SECTION_ATTRS.values())  # nothing built before asked
    built: dict[str, QWidget] = {}
    for row, section in enumerate(SECTIONS):
        window.section_list.setCurrentRow(row)  # as a click does
        assert window.current_section() == section
        if section == "timeline":
            assert window.pages.currentWidget() is window.timeline_page and window.table.isVisible()
        elif section in SECTION_ATTRS:
            view = getattr(window, SECTION_ATTRS[section])
            assert view is not None and window.pages.currentWidget() is view and view.isVisible()
            assert not view.isWindow()  # a page of the window, not a window of its own
            built[section] = view
    # chosen again, from the sidebar or the View menu: the same views
    window.section_list.setCurrentRow(SECTIONS.index("home"))
    menu = {a.text(): a for a in window.findChildren(QAction)}
    for text, section in (
        ("&Health measurements...", "health"),
        ("&Transactions...", "money"),
        ("&Energy use...", "energy"),
        ("&Documents...", "documents"),
        ("&Medical ID...", "medical_id"),
        ("Sh&ares...", "sharing"),
        ("&Insights...", "insights"),
        ("&Listening and watching...", "listening"),
    ):
        menu[text].trigger()
        assert window.current_section() == section
        assert getattr(window, SECTION_ATTRS[section]) is built[section]
        assert window.section_list.section() == section
    window._open_hook(HEALTH_VIEW_HOOK)
    assert window.health_view is built["health"]
    window.section_list.setCurrentRow(SECTIONS.index("sharing"))
    assert window.shares_view is built["sharing"]
    assert window.pages.count() == len(SECTIONS)  # one page per section, none twice


@pytest.mark.slow
def test_lock_clears_every_section_and_unlock_shows_home(qtbot, vault, vault_dir):
    fill(vault)
    vault.close()
    window = open_window(qtbot, vault_dir, Vault.open(vault_dir, PASSPHRASE))
    wait_home(qtbot, window)
    for section in SECTIONS:
        window.show_section(section)
    views = [getattr(window, attr) for attr in SECTION_ATTRS.values()]
    assert all(v is not None for v in views)
    qtbot.waitUntil(lambda: window.health_view is not None and not window.health_view.loading, timeout=WAIT)

    window.lock()
    assert isinstance(window.gate, UnlockPage)
    assert all(getattr(window, attr) is None for attr in SECTION_ATTRS.values())
    assert window.pages.count() == 2  # home and timeline only
    assert window.home.data is None and window.home.page is None and not window.home.cards
    qtbot.waitUntil(lambda: all(not v.isVisible() for v in views), timeout=WAIT)
    # nothing personal left on screen at once, and nothing in any label once Qt has deleted the views
    secrets = ("Penicillin", "75 bpm", "Dr Lee", "59.51", "Minji")
    on_screen = " ".join(label.text() for label in window.findChildren(QLabel) if label.isVisible())
    assert not [s for s in secrets if s in on_screen]
    qtbot.waitUntil(lambda: not [s for s in secrets if s in " ".join(texts(window))], timeout=WAIT)

    page = window.gate
    page.passphrase.setText(PASSPHRASE)
    page.attempt()
    qtbot.waitUntil(lambda: window.vault is not None, timeout=WAIT)
    assert window.current_section() == "home"
    wait_home(qtbot, window)
    assert "Allergies: Penicillin" in texts(window.home.cards["medical_id"])
