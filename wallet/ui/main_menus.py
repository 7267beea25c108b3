"""The main window's menu bar and status bar (wallet.ui.main_window builds them with these).

The actions are kept on the window (``window.lock_action``, ``window.vault_actions``...), where the
window, the tests and the screenshots use them.  The strings keep the translation context of the
window ("MainWindow"), so the Korean catalogue still covers them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel, QMenu, QProgressBar, QPushButton

from wallet.ui.openers import (
    DOCUMENTS_VIEW_HOOK,
    ENERGY_VIEW_HOOK,
    FINANCE_VIEW_HOOK,
    HEALTH_VIEW_HOOK,
    INSIGHTS_VIEW_HOOK,
    ISSUERS_HOOK,
    LISTENING_VIEW_HOOK,
    MEDICAL_ID_HOOK,
    SHARES_VIEW_HOOK,
    SOURCES_HOOK,
    Opener,
)

if TYPE_CHECKING:
    from wallet.ui.main_window import MainWindow


def build_menus(window: MainWindow) -> None:
    """File, Edit, View, Tools and Help; the actions that need an open vault go in ``window.vault_actions``."""
    bar = window.menuBar()
    file_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&File"))
    window.import_action = QAction(QCoreApplication.translate("MainWindow", "&Import..."), window)
    window.import_action.setShortcut(QKeySequence.StandardKey.Open)
    window.import_action.triggered.connect(window.choose_import)
    file_menu.addAction(window.import_action)
    window.share_action = QAction(QCoreApplication.translate("MainWindow", "&Share..."), window)
    window.share_action.triggered.connect(window.open_share)
    file_menu.addAction(window.share_action)
    whole_vault_actions = [
        hook_action(window, file_menu, QCoreApplication.translate("MainWindow", "&Export everything..."), _export_all),
        hook_action(window, file_menu, QCoreApplication.translate("MainWindow", "&Delete..."), _delete),
    ]
    window.restore_action = QAction(QCoreApplication.translate("MainWindow", "&Restore from backup..."), window)
    window.restore_action.triggered.connect(lambda: _restore(window))
    file_menu.addAction(window.restore_action)  # also on the unlock and create screens: not a vault action
    file_menu.addSeparator()
    window.lock_action = QAction(QCoreApplication.translate("MainWindow", "&Lock now"), window)
    window.lock_action.setShortcut(QKeySequence("Ctrl+L"))
    window.lock_action.triggered.connect(window.lock)
    file_menu.addAction(window.lock_action)
    window.quit_action = QAction(QCoreApplication.translate("MainWindow", "&Quit"), window)
    window.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
    window.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    window.quit_action.triggered.connect(window.close)
    file_menu.addAction(window.quit_action)

    edit_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    window.find_action = QAction(QCoreApplication.translate("MainWindow", "&Find"), window)
    window.find_action.setShortcut(QKeySequence.StandardKey.Find)
    window.find_action.triggered.connect(window.focus_search)
    edit_menu.addAction(window.find_action)
    window.copy_value_action = QAction(QCoreApplication.translate("MainWindow", "Copy &value"), window)
    window.copy_value_action.setShortcut(QKeySequence("Ctrl+Shift+C"))
    window.copy_value_action.triggered.connect(window.detail.copy_button.click)
    edit_menu.addAction(window.copy_value_action)

    view_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&View"))
    window.refresh_action = QAction(QCoreApplication.translate("MainWindow", "&Refresh"), window)
    window.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
    window.refresh_action.triggered.connect(window.refresh)
    view_menu.addAction(window.refresh_action)
    view_menu.addSeparator()
    # past the pages read so far: newest first, oldest first (the order turns), or from a day
    window.newest_action = QAction(QCoreApplication.translate("MainWindow", "Go to &newest record"), window)
    window.newest_action.setShortcut(QKeySequence("Ctrl+Home"))
    window.newest_action.triggered.connect(window.go_to_newest)
    window.oldest_action = QAction(QCoreApplication.translate("MainWindow", "Go to &oldest record"), window)
    window.oldest_action.setShortcut(QKeySequence("Ctrl+End"))
    window.oldest_action.triggered.connect(window.go_to_oldest)
    window.go_to_date_action = QAction(QCoreApplication.translate("MainWindow", "&Go to date..."), window)
    window.go_to_date_action.setShortcut(QKeySequence("Ctrl+G"))
    window.go_to_date_action.triggered.connect(window.ask_go_to_date)
    for action in (window.newest_action, window.oldest_action, window.go_to_date_action):
        view_menu.addAction(action)
    view_menu.addSeparator()
    window.feature_actions = [
        hook_action(
            window, view_menu, QCoreApplication.translate("MainWindow", "&Health measurements..."), HEALTH_VIEW_HOOK
        ),
        hook_action(window, view_menu, QCoreApplication.translate("MainWindow", "&Transactions..."), FINANCE_VIEW_HOOK),
        hook_action(window, view_menu, QCoreApplication.translate("MainWindow", "&Energy use..."), ENERGY_VIEW_HOOK),
        hook_action(window, view_menu, QCoreApplication.translate("MainWindow", "&Documents..."), DOCUMENTS_VIEW_HOOK),
        hook_action(window, view_menu, QCoreApplication.translate("MainWindow", "Sh&ares..."), SHARES_VIEW_HOOK),
        hook_action(window, view_menu, QCoreApplication.translate("MainWindow", "&Insights..."), INSIGHTS_VIEW_HOOK),
        hook_action(
            window,
            view_menu,
            QCoreApplication.translate("MainWindow", "&Listening and watching..."),
            LISTENING_VIEW_HOOK,
        ),
    ]

    tools_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Tools"))
    window.audit_action = QAction(QCoreApplication.translate("MainWindow", "&Audit log..."), window)
    window.audit_action.triggered.connect(window.open_audit)
    tools_menu.addAction(window.audit_action)
    window.emergency_action = QAction(QCoreApplication.translate("MainWindow", "&Emergency record..."), window)
    window.emergency_action.triggered.connect(window.open_emergency)
    tools_menu.addAction(window.emergency_action)
    window.feature_actions += [
        hook_action(window, tools_menu, QCoreApplication.translate("MainWindow", "&Medical ID..."), MEDICAL_ID_HOOK),
        hook_action(
            window, tools_menu, QCoreApplication.translate("MainWindow", "&Trusted issuer keys..."), ISSUERS_HOOK
        ),
        hook_action(window, tools_menu, QCoreApplication.translate("MainWindow", "&Data sources..."), SOURCES_HOOK),
        hook_action(window, tools_menu, QCoreApplication.translate("MainWindow", "&Backup..."), _backup),
        *plugin_actions(window, tools_menu),  # last (the bank CSV's "CSV profiles..."): tests find it so
    ]
    tools_menu.addSeparator()
    window.settings_action = QAction(QCoreApplication.translate("MainWindow", "&Settings..."), window)
    window.settings_action.setShortcut(QKeySequence.StandardKey.Preferences)
    window.settings_action.setMenuRole(QAction.MenuRole.PreferencesRole)
    window.settings_action.triggered.connect(window.open_settings)
    tools_menu.addAction(window.settings_action)

    window.vault_menus = [edit_menu, view_menu, tools_menu]
    help_menu = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    window.shortcuts_action = QAction(QCoreApplication.translate("MainWindow", "&Keyboard shortcuts"), window)
    window.shortcuts_action.triggered.connect(lambda: _shortcuts(window))
    help_menu.addAction(window.shortcuts_action)
    about = QAction(QCoreApplication.translate("MainWindow", "&About MyData Wallet"), window)
    about.triggered.connect(window.about)
    help_menu.addAction(about)
    window.vault_actions = [
        window.import_action,
        window.share_action,
        window.lock_action,
        window.find_action,
        window.copy_value_action,
        window.refresh_action,
        window.newest_action,
        window.oldest_action,
        window.go_to_date_action,
        window.audit_action,
        window.emergency_action,
        *window.feature_actions,
        *whole_vault_actions,
    ]


def _backup(window: MainWindow) -> object:
    from wallet.ui.backup_dialog import open_backup_dialog

    return open_backup_dialog(window)


def _restore(window: MainWindow) -> object:
    from wallet.ui.restore_dialog import open_restore_dialog

    return open_restore_dialog(window)


def _shortcuts(window: MainWindow) -> object:
    from wallet.ui.shortcuts_dialog import open_shortcuts

    window.last_dialog = open_shortcuts(window)
    return window.last_dialog


def _export_all(window: MainWindow) -> object:
    from wallet.ui.export_dialog import open_export_dialog

    return open_export_dialog(window)


def _delete(window: MainWindow) -> object:
    from wallet.ui.delete_dialog import open_delete_dialog

    return open_delete_dialog(window)


def hook_action(window: MainWindow, menu: QMenu, text: str, hook: Opener) -> QAction:
    """A menu action that opens a feature module's view."""
    action = QAction(text, window)
    action.triggered.connect(lambda: window._open_hook(hook))
    menu.addAction(action)
    return action


def plugin_actions(window: MainWindow, menu: QMenu) -> list[QAction]:
    """The plug-ins' entries for ``menu`` (each connector's app part, wallet.ui.plugins)."""
    actions = []
    for part in window.plugin_parts.values():
        for entry in part.tools():
            action = QAction(entry.text, window)
            action.triggered.connect(lambda _checked=False, run=entry.run: window._run_if_open(run))
            menu.addAction(action)
            actions.append(action)
    return actions


def build_statusbar(window: MainWindow) -> None:
    """The record count on the left; the import's name, progress and Cancel button (hidden until one runs)."""
    bar = window.statusBar()
    window.count_label = QLabel()
    window.count_label.setAccessibleName(QCoreApplication.translate("MainWindow", "Number of records"))
    bar.addWidget(window.count_label)
    window.import_label = QLabel()
    window.import_progress = QProgressBar()
    window.import_progress.setAccessibleName(QCoreApplication.translate("MainWindow", "Import progress"))
    window.import_progress.setMaximumWidth(240)
    window.import_cancel = QPushButton(QCoreApplication.translate("MainWindow", "Cancel import"))
    window.import_cancel.setAccessibleName(QCoreApplication.translate("MainWindow", "Cancel import"))
    window.import_cancel.clicked.connect(window.imports.cancel)
    for w in (window.import_label, window.import_progress, window.import_cancel):
        bar.addPermanentWidget(w)
        w.setVisible(False)
