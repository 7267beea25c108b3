"""The Sharing, Medical ID and Documents sections are pages of the main window, not dialogs (issue 18).

Shown as a page, a view has no Close button and Esc does not send the person back home (Documents
clears its search with it); opened as a dialog of its own, the same view keeps its Close button and Esc.
"""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")
pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from ui_support import open_window

from wallet.ui.medical_id_dialog import MedicalIdDialog
from wallet.ui.shares_view import SharesDialog
from wallet.ui.views import is_embedded

pytestmark = [pytest.mark.usefixtures("gui_env"), pytest.mark.slow]
WAIT = 20000


def test_sharing_page_has_no_close_and_esc_keeps_it(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    window.show_section("sharing")
    page = window.shares_view
    assert page is not None and window.is_page(page) and is_embedded(page)
    assert page.close_button.isHidden()
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Escape)
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert window.current_section() == "sharing" and window.shares_view is page and page.isVisible()


def test_sharing_as_a_dialog_keeps_close_and_esc(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    dialog = SharesDialog(vault, window)
    qtbot.addWidget(dialog)
    dialog.show()
    assert not is_embedded(dialog) and not dialog.close_button.isHidden()
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_medical_id_page_and_dialog(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    window.show_section("medical_id")
    page = window.medical_id_view
    assert page is not None and is_embedded(page)
    qtbot.waitUntil(lambda: not page.loading, timeout=WAIT)
    assert page.buttons.button(QDialogButtonBox.StandardButton.Cancel).isHidden()
    assert not page.buttons.button(QDialogButtonBox.StandardButton.Save).isHidden()
    qtbot.keyClick(page, Qt.Key.Key_Escape)
    assert window.current_section() == "medical_id" and window.is_page(page)
    # the same editor as a dialog of its own: Close is there, and Esc closes it
    dialog = MedicalIdDialog(vault, vault.holder().id, window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: not dialog.loading, timeout=WAIT)
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Cancel).isHidden()
    with qtbot.waitSignal(dialog.finished, timeout=WAIT):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)


def test_documents_page_esc_clears_its_search_and_stays(qtbot, vault, vault_dir):
    window = open_window(qtbot, vault_dir, vault)
    window.show_section("documents")
    page = window.documents_view
    assert page is not None and is_embedded(page)
    page.link_search.setText("blood")
    page.link_search.setFocus()
    qtbot.keyClick(page.link_search, Qt.Key.Key_Escape)
    assert page.link_search.text() == ""
    qtbot.keyClick(page.link_search, Qt.Key.Key_Escape)  # nothing to clear: still nothing happens
    assert window.current_section() == "documents" and window.documents_view is page and page.isVisible()
