"""Take the screenshots in docs/screenshots/ with the demo data (real app, real data flow).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python packaging/screenshots.py

Uses a throwaway vault and a throwaway settings folder; removes both at the end.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEventLoop, QSettings, Qt, QTimer
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[1]
OUT = Path(os.environ.get("SCREENSHOT_DIR", ROOT / "docs" / "screenshots"))
sys.path.insert(0, str(ROOT))

from wallet.store.keys import KdfParams  # noqa: E402
from wallet.store.vault import Vault  # noqa: E402
from wallet.ui import i18n, workers  # noqa: E402
from wallet.ui.app import DEMO_DIR  # noqa: E402
from wallet.ui.fonts import add_hangul_fallback  # noqa: E402
from wallet.ui.main_window import MainWindow  # noqa: E402

PASS = "maple-harbor-violet-orbit"  # noqa: S105 - a throwaway demo vault


def wait(ms: int = 300, until=None, timeout_ms: int = 60000) -> None:
    app = QApplication.instance()
    if until is None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()
        return
    waited = 0
    while not until() and waited < timeout_ms:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
        waited += 50


def shot(widget: QWidget, name: str) -> None:
    wait(250)
    path = OUT / name
    widget.grab().save(str(path))
    print("saved", path)


def dark_palette() -> QPalette:
    p = QPalette()
    base, window, text = QColor(30, 30, 30), QColor(45, 45, 45), QColor(230, 230, 230)
    for role, colour in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, window),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, window),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.ToolTipBase, base),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.Highlight, QColor(42, 130, 218)),
        (QPalette.ColorRole.HighlightedText, QColor(255, 255, 255)),
        (QPalette.ColorRole.PlaceholderText, QColor(150, 150, 150)),
        (QPalette.ColorRole.Link, QColor(100, 170, 255)),
    ):
        p.setColor(role, colour)
    grey = QColor(120, 120, 120)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, grey)
    return p


def select_where(window: MainWindow, pred) -> None:
    window.show_section("timeline")  # the home is the first screen; these pictures show the timeline
    model = window.model
    while True:
        for row in range(model.rowCount()):
            rec = model.record_at(row)
            if rec is not None and pred(rec):
                window.select_row(row)
                window.table.scrollTo(model.index(row, 0))
                return
        if not model.canFetchMore():
            return
        model.fetchMore()


def main() -> int:
    tmp = Path(tempfile.mkdtemp(prefix="mydata-wallet-shots-"))
    app = QApplication.instance() or QApplication(sys.argv[:1])
    add_hangul_fallback()  # as the app does
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp / "settings"))
    QCoreApplication.setOrganizationName(i18n.SETTINGS_ORG)
    QCoreApplication.setApplicationName(i18n.SETTINGS_APP)
    OUT.mkdir(parents=True, exist_ok=True)
    collector = workers.GuiThreadGc()  # as the app does
    try:
        i18n.settings().setValue("language", "en")
        i18n.install("en")
        # --- the create-vault wizard
        w = MainWindow(tmp / "new-vault", kdf=KdfParams.floor())
        w.resize(1000, 700)
        w.show()
        page = w.gate.passphrase_page
        page.passphrase.setText(PASS)
        page.confirm.setText(PASS)
        shot(w, "wizard-passphrase.png")
        w.gate.next()
        wait(until=lambda: w.gate.vault is not None)
        shot(w, "wizard-recovery-key.png")
        w.gate.recovery_page.stored.setChecked(True)
        w.gate.next()
        w.gate.remember_page.remember.setChecked(True)
        wait(until=lambda: not w.gate.remember_page.busy)
        shot(w, "wizard-remember.png")
        w.close()

        # --- a demo vault, imported through the GUI's own import flow
        vault_dir = tmp / "demo-vault"
        vault, _ = Vault.create(vault_dir, PASS, kdf=KdfParams.floor())
        w = MainWindow(vault_dir, vault=vault, kdf=KdfParams.floor())
        w.resize(1360, 860)
        w.show()
        files = sorted(p for p in DEMO_DIR.iterdir() if p.is_file() and p.name != "README.md")
        w.import_files(files, interactive=False)
        wait(100)
        shot(w, "import-progress.png")
        wait(until=lambda: not w.imports.busy, timeout_ms=180000)
        wait(800)
        w.statusBar().clearMessage()
        wait(until=lambda: w.home.complete, timeout_ms=20000)
        shot(w, "home.png")
        w.show_section("insights")  # where the person stands against published references
        insights = w.insights_view
        wait(until=lambda: not insights.standing.loading and insights.standing.table.rowCount() > 0)
        row = next(
            (
                r
                for r in range(insights.standing.table.rowCount())
                if "Hypertension" in insights.standing.table.item(r, 4).text()
            ),
            0,
        )
        insights.standing.table.setCurrentCell(row, 0)
        wait(until=lambda: insights.standing.chart.key == "blood_pressure")
        wait(600)
        shot(w, "insights.png")
        insights.tabs.setCurrentIndex(1)
        wait(until=lambda: not insights.goals.loading)
        shot(w, "insights-trends.png")
        select_where(w, lambda r: r.kind == "Observation" and r.value is not None)
        shot(w, "main-window.png")
        select_where(w, lambda r: r.kind == "document" and r.provenance.source_name.endswith(".png"))
        w.detail.tabs.setCurrentIndex(2)
        shot(w, "detail-attachment.png")
        w.detail.tabs.setCurrentIndex(1)
        select_where(w, lambda r: bool(r.provenance.warnings))
        shot(w, "detail-provenance.png")
        w.detail.tabs.setCurrentIndex(0)
        w.search_field.setText("약국")
        wait(until=lambda: w.model.search_mode, timeout_ms=10000)
        w.select_row(0)
        shot(w, "search-korean.png")
        w.search_field.clear()
        wait(600)
        w.open_audit()
        wait(300)
        shot(w.last_dialog, "audit-log.png")
        w.last_dialog.close()
        w.lock()
        page = w.gate
        page.passphrase.setText("wrong passphrase")
        page.attempt()
        wait(until=lambda: not page.busy)
        shot(w, "unlock-wrong-passphrase.png")
        page.passphrase.setText(PASS)
        page.attempt()
        wait(until=lambda: w.vault is not None)
        wait(800)
        vault = w.detach()
        w.close()

        # --- Korean
        i18n.install("ko")
        w = MainWindow(vault_dir, vault=vault, kdf=KdfParams.floor())
        w.resize(1360, 860)
        w.show()
        wait(800)
        select_where(w, lambda r: r.kind == "Condition")
        shot(w, "main-window-ko.png")
        w.show_section("insights")
        insights = w.insights_view
        wait(until=lambda: not insights.standing.loading and insights.standing.table.rowCount() > 0)
        wait(600)
        shot(w, "insights-ko.png")
        vault = w.detach()
        w.close()

        # --- dark palette
        i18n.install("en")
        app.setPalette(dark_palette())
        w = MainWindow(vault_dir, vault=vault, kdf=KdfParams.floor())
        w.resize(1360, 860)
        w.show()
        wait(800)
        select_where(w, lambda r: r.domain.value == "finance")
        shot(w, "main-window-dark.png")
        w.close()
    finally:
        workers.shutdown()
        collector.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    Qt  # noqa: B018  (keeps the import for readers adapting this script)
    raise SystemExit(main())
