"""The main window: gate (create/unlock) and workspace (people, areas, timeline, details).

For feature modules (sharing, emergency printout) the window offers a small, stable surface:

* ``window.vault`` the open :class:`~wallet.store.vault.Vault`, or ``None`` while locked;
* ``window.current_person_id()`` the id of the person selected in the switcher (or ``None``);
* ``window.refresh()`` reload people, areas and the timeline after changing the vault;
* ``window.show_error(title, message)`` a readable, non-blocking message box.

``File > Share...`` calls ``wallet.ui.share_dialog.open_share_wizard(window)``,
``Tools > Emergency record...`` ``wallet.ui.emergency_dialog.open_emergency_dialog(window)``, and
the other views and tools likewise (the openers of :mod:`wallet.ui.openers`); each module is imported
when first opened.  The window is composed of: the menu and status bars (:mod:`wallet.ui.main_menus`),
the area/source tree and filter boxes (:mod:`wallet.ui.area_tree`), the timeline model
(:mod:`wallet.ui.records_model`), the detail pane (:mod:`wallet.ui.detail`), the gate
(:mod:`wallet.ui.gate`) and the imports (:mod:`wallet.ui.import_flow`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal, qVersion
from PySide6.QtGui import QAction, QCloseEvent, QDragEnterEvent, QDropEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.features import series_days
from wallet.model import ImportReport, Person, Record
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault
from wallet.terms.names import kind_name
from wallet.ui import plugins, recent, whose, window_state, workers
from wallet.ui.area_tree import fill_area_tree, fill_domain_box, item_filter, load_facets, refill_box
from wallet.ui.columns import ColumnFitter
from wallet.ui.date_column import DateColumn
from wallet.ui.detail import DetailPane
from wallet.ui.dialogs import AuditDialog, SettingsDialog, autolock_minutes
from wallet.ui.gate import SetupWizard, UnlockPage
from wallet.ui.i18n import current
from wallet.ui.import_flow import ImportController
from wallet.ui.import_summary import ImportSummaryDialog, Outcome
from wallet.ui.main_menus import build_menus, build_statusbar

# the openers, re-exported: tests open views with window._open_hook(FINANCE_VIEW_HOOK)
from wallet.ui.openers import DOCUMENTS_VIEW_HOOK as DOCUMENTS_VIEW_HOOK
from wallet.ui.openers import EMERGENCY_HOOK as EMERGENCY_HOOK
from wallet.ui.openers import ENERGY_VIEW_HOOK as ENERGY_VIEW_HOOK
from wallet.ui.openers import FINANCE_VIEW_HOOK as FINANCE_VIEW_HOOK
from wallet.ui.openers import HEALTH_VIEW_HOOK as HEALTH_VIEW_HOOK
from wallet.ui.openers import INSIGHTS_VIEW_HOOK as INSIGHTS_VIEW_HOOK
from wallet.ui.openers import ISSUERS_HOOK as ISSUERS_HOOK
from wallet.ui.openers import LISTENING_VIEW_HOOK as LISTENING_VIEW_HOOK
from wallet.ui.openers import MEDICAL_ID_HOOK as MEDICAL_ID_HOOK
from wallet.ui.openers import SHARE_HOOK as SHARE_HOOK
from wallet.ui.openers import Opener as Opener
from wallet.ui.records_model import (
    COL_DATE,
    COL_DOMAIN,
    COL_KIND,
    COL_PERSON,
    COL_SOURCE,
    COL_TITLE,
    COL_VALUE,
    RecordFilter,
    RecordTableModel,
)
from wallet.ui.safety import ClipboardGuard, IdleWatcher
from wallet.ui.sections import HOME, SECTION_ATTRS, SECTION_HOOKS, TIMELINE, SectionList

if TYPE_CHECKING:  # the views are imported when first opened (the openers, below)
    from wallet.ui.documents_view import DocumentsView
    from wallet.ui.energy_view import EnergyView
    from wallet.ui.finance_view import FinanceView
    from wallet.ui.health_view import HealthView
    from wallet.ui.home import HomePage
    from wallet.ui.insights_view import InsightsView
    from wallet.ui.issuer_dialog import IssuerKeysDialog
    from wallet.ui.listening_view import ListeningView
    from wallet.ui.medical_id_dialog import MedicalIdDialog
    from wallet.ui.shares_view import SharesDialog

BUNDLE_SUFFIXES = (".zip", ".jwe")
"""What "Open with" verifies (a share bundle, an encrypted one); other files (a SMART Health Card) are imported."""
SEARCH_DEBOUNCE_MS = 250
SEARCH_LIMIT = 500


class MainWindow(QMainWindow):
    """The one window of the app.  See the module docstring for the surface feature modules may use."""

    locked = Signal()
    unlocked = Signal()
    language_change_requested = Signal()
    folder_changed = Signal()
    """The window's vault folder changed (a restored vault opened, the vault deleted): the app takes its lock anew."""

    # The views of the sections (wallet.ui.sections) and the dialogs opened from the menus, each kept
    # by the open_* function of its module (so that it is shown again instead of built twice, and
    # tests and screenshots can find it); a section's view is None until it is first chosen.
    last_dialog: QDialog | None = None
    health_view: HealthView | None = None
    finance_view: FinanceView | None = None
    energy_view: EnergyView | None = None
    documents_view: DocumentsView | None = None
    shares_view: SharesDialog | None = None
    medical_id_view: MedicalIdDialog | None = None
    insights_view: InsightsView | None = None
    listening_view: ListeningView | None = None
    home: HomePage
    issuer_dialog: IssuerKeysDialog | None = None

    # Built by wallet.ui.main_menus: the menus' actions and the status bar's widgets.
    import_action: QAction
    share_action: QAction
    lock_action: QAction
    quit_action: QAction
    find_action: QAction
    copy_value_action: QAction
    refresh_action: QAction
    newest_action: QAction
    oldest_action: QAction
    go_to_date_action: QAction
    audit_action: QAction
    emergency_action: QAction
    settings_action: QAction
    restore_action: QAction
    shortcuts_action: QAction
    feature_actions: list[QAction]
    vault_menus: list[QMenu]
    vault_actions: list[QAction]
    count_label: QLabel
    import_label: QLabel
    import_progress: QProgressBar
    import_cancel: QPushButton

    def __init__(
        self, vault_dir: Path, vault: Vault | None = None, kdf: KdfParams | None = None, demo: bool = False
    ) -> None:
        super().__init__()
        self.vault_dir = vault_dir
        self.vault: Vault | None = None
        self.kdf = kdf
        self.demo = demo
        self.last_message: QMessageBox | None = None
        self._search_generation = 0
        self._facet_generation = 0
        self._count_generation = 0
        self._persons: list[Person] = []
        self._search_asked: tuple[str, bool] = ("", False)  # the text and scope of the running search
        self.setWindowTitle(self.tr("MyData Wallet"))
        self.setAcceptDrops(True)
        self.resize(1280, 800)

        self.clipboard_guard = ClipboardGuard(self)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self.auto_lock)
        self.plugin_parts = plugins.load_parts(self)  # the connectors' app parts (wallet.ui.plugins)
        self.imports = ImportController(self)
        self.imports.started.connect(self._import_started)
        self.imports.progress.connect(self._import_progress)
        self._batch: list[Outcome] = []
        """The outcomes of a batch of files being imported, shown in one summary when it is done."""
        self.imports.report.connect(self._import_report)
        self.imports.failed.connect(self._import_failed)
        self.imports.idle.connect(self._imports_idle)

        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.gate: QWidget | None = None
        self._build_workspace()
        build_menus(self)
        build_statusbar(self)
        window_state.restore(self)  # the size and pane widths of the last session
        from wallet.ui.backup_schedule import BackupScheduler

        self.backup_scheduler = BackupScheduler(self)  # automatic backups; before the vault is entered
        if vault is not None:
            self._enter(vault)
        else:
            self.show_gate()

    # ================================================================== build
    def _build_workspace(self) -> None:
        self.workspace = QWidget()
        outer = QVBoxLayout(self.workspace)
        outer.setContentsMargins(6, 6, 6, 0)

        person_row = QHBoxLayout()  # above every section (wallet.ui.sections)
        person_row.addWidget(QLabel(self.tr("Person:")))
        self.person_box = QComboBox()
        self.person_box.setAccessibleName(self.tr("Person"))
        self.person_box.setMinimumContentsLength(16)
        self.person_box.currentIndexChanged.connect(self._person_changed)
        person_row.addWidget(self.person_box)
        person_row.addStretch(1)
        top = QHBoxLayout()
        self.search_field = QLineEdit()
        self.search_field.setPlaceholderText(self.tr("Search records (Ctrl+F)"))
        self.search_field.setAccessibleName(self.tr("Search records"))
        self.search_field.setClearButtonEnabled(True)
        self.search_field.textChanged.connect(self._search_typed)
        # Esc in the search field (or in the table, below) clears the search and goes back to the timeline
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search_field, self.clear_search)
        esc.setContext(Qt.ShortcutContext.WidgetShortcut)
        top.addWidget(self.search_field, 1)
        # whose records the search covers: the person chosen above, or everyone in the vault
        self.search_scope = QComboBox()
        self.search_scope.addItem(self.tr("This person"), whose.SCOPE_PERSON)
        self.search_scope.addItem(self.tr("Everyone"), whose.SCOPE_EVERYONE)
        self.search_scope.setAccessibleName(self.tr("Search in"))
        self.search_scope.setToolTip(self.tr("Search the chosen person's records, or everyone's"))
        self.search_scope.currentIndexChanged.connect(self._scope_changed)
        top.addWidget(self.search_scope)
        outer.addLayout(top)

        filters = QHBoxLayout()
        self.domain_box = QComboBox()
        self.domain_box.setAccessibleName(self.tr("Filter by area"))
        self.kind_box = QComboBox()
        self.kind_box.setAccessibleName(self.tr("Filter by kind"))
        self.kind_box.setMinimumContentsLength(14)
        self.source_box = QComboBox()
        self.source_box.setAccessibleName(self.tr("Filter by source"))
        self.source_box.setMinimumContentsLength(14)
        self.date_check = QCheckBox(self.tr("&Dates:"))
        self.date_check.setAccessibleName(self.tr("Filter by date range"))
        self.since_edit = QDateEdit()
        self.until_edit = QDateEdit()
        for edit, name in ((self.since_edit, self.tr("From date")), (self.until_edit, self.tr("To date"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAccessibleName(name)
            edit.setEnabled(False)
        self.since_edit.setDate(QDate.currentDate().addYears(-1))
        self.until_edit.setDate(QDate.currentDate())
        self.clear_filters_button = QPushButton(self.tr("Clear filters"))
        self.clear_filters_button.setAccessibleName(self.tr("Clear filters"))
        self.clear_filters_button.clicked.connect(self.clear_filters)
        for label, w in (
            (self.tr("Area:"), self.domain_box),
            (self.tr("Kind:"), self.kind_box),
            (self.tr("Source:"), self.source_box),
        ):
            filters.addWidget(QLabel(label))
            filters.addWidget(w)
            # may shrink for a 1024-px window, wider when there is room (the popups show whole names)
            w.setMinimumWidth(self.fontMetrics().horizontalAdvance("M") * 6)
            w.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * 24)
            filters.setStretchFactor(w, 1)
        filters.addWidget(self.date_check)
        filters.addWidget(self.since_edit)
        filters.addWidget(QLabel("–"))
        filters.addWidget(self.until_edit)
        filters.addWidget(self.clear_filters_button)
        filters.addStretch(1)
        outer.addLayout(filters)
        fill_domain_box(self.domain_box)
        for box in (self.domain_box, self.kind_box, self.source_box):
            box.currentIndexChanged.connect(self._filters_changed)
        self.date_check.toggled.connect(self._dates_toggled)
        self.since_edit.dateChanged.connect(self._filters_changed)
        self.until_edit.dateChanged.connect(self._filters_changed)

        self.whose_label = whose.whose_label()  # whose records the timeline or the results are
        outer.addWidget(self.whose_label)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.sidebar = QTreeWidget()
        self.sidebar.setHeaderLabels([self.tr("Area / source"), self.tr("Records")])
        self.sidebar.setAccessibleName(self.tr("Areas and sources"))
        self.sidebar.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.sidebar.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.sidebar.header().setStretchLastSection(False)
        self.sidebar.itemClicked.connect(self._sidebar_clicked)
        splitter.addWidget(self.sidebar)

        self.model = RecordTableModel(self)
        self.model.load_failed.connect(self._background_failed)
        self.model.page_loaded.connect(self._page_loaded)
        self._jump_message = ""
        self._jump_pending = False
        """Whether the next first page comes from a jump (newest, oldest, a date): its first row is selected."""
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName(self.tr("Records"))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.horizontalHeader().setSortIndicator(COL_DATE, Qt.SortOrder.DescendingOrder)
        self.table.setSortingEnabled(True)
        self.table.horizontalHeader().setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(60)
        date = self.table.fontMetrics().horizontalAdvance("2024-12-31 23:59") + 16  # a date and time, whole
        for col, width in ((COL_DATE, date), (COL_VALUE, 100), (COL_DOMAIN, 80), (COL_KIND, 120), (COL_SOURCE, 130)):
            self.table.setColumnWidth(col, width)
        self.table.setColumnWidth(COL_PERSON, 140)
        self.table.setColumnHidden(COL_PERSON, True)  # shown for a search over everyone
        self.table.horizontalHeader().moveSection(COL_PERSON, COL_DATE + 1)  # beside the date, in sight
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.table.setTabKeyNavigation(False)  # Tab moves on to the detail pane, not from cell to cell
        # in a narrow window the area, source and kind columns give way so that the title stays readable
        self.column_fitter = ColumnFitter(self.table, COL_TITLE, [COL_DOMAIN, COL_SOURCE, COL_KIND])
        # as wide as the dates shown (another zone's offset too), or shortened cleanly (wallet.ui.date_column)
        self.date_column = DateColumn(self.table, COL_DATE, date, then=self.column_fitter.fit)
        esc = QShortcut(QKeySequence(Qt.Key.Key_Escape), self.table, self._table_escape)
        esc.setContext(Qt.ShortcutContext.WidgetShortcut)
        splitter.addWidget(self.table)

        self.detail = DetailPane()
        self.detail.copy_requested.connect(self.copy_to_clipboard)
        splitter.addWidget(self.detail)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 3)
        splitter.setStretchFactor(2, 2)
        splitter.setSizes([220, 690, 450])
        self.splitter = splitter
        self.column_fitter.watch_splitter(splitter)  # narrow window: the tree and the detail pane give room first
        outer.addWidget(splitter, 1)
        self._build_sections(person_row)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DEBOUNCE_MS)
        self.search_timer.timeout.connect(self.run_search)

    def _build_sections(self, person_row: QHBoxLayout) -> None:
        """The workspace: the sidebar of sections, the person above, the section's page (home first)."""
        from wallet.ui.home import HomePage

        self.timeline_page = self.workspace
        layout = self.timeline_page.layout()
        if layout is not None:
            layout.setContentsMargins(0, 0, 0, 0)
        self.workspace = QWidget()
        row = QHBoxLayout(self.workspace)
        row.setContentsMargins(6, 6, 6, 0)
        self.section_list = SectionList()
        self.section_list.chosen.connect(self.show_section)
        row.addWidget(self.section_list)
        right = QVBoxLayout()
        right.addLayout(person_row)
        self.pages = QStackedWidget()
        self.home = HomePage(self)
        self.pages.addWidget(self.home)
        self.pages.addWidget(self.timeline_page)
        right.addWidget(self.pages, 1)
        row.addLayout(right, 1)
        self._section_pages: dict[str, QWidget] = {HOME: self.home, TIMELINE: self.timeline_page}
        self.section_list.select(HOME)
        self.stack.addWidget(self.workspace)

    # ================================================================ sections
    def show_section(self, section: str) -> None:
        """Show a section of the sidebar; a feature module's view is built the first time (its opener)."""
        if section in (HOME, TIMELINE):
            self.show_page(section, self._section_pages[section])
            if section == TIMELINE:
                self.table.setFocus()
        elif section in SECTION_HOOKS and self.vault is not None:
            self._open_hook(SECTION_HOOKS[section])

    def current_section(self) -> str | None:
        """The id of the section shown (wallet.ui.sections.SECTIONS)."""
        current = self.pages.currentWidget()
        return next((name for name, page in self._section_pages.items() if page is current), None)

    def is_page(self, widget: QWidget) -> bool:
        """Whether ``widget`` is the page of a section (wallet.ui.views.embed_view asks)."""
        return any(page is widget for page in self._section_pages.values())

    def show_page(self, section: str, widget: QWidget) -> None:
        """Make ``widget`` the page of ``section`` and show it (wallet.ui.views.embed_view calls this)."""
        old = self._section_pages.get(section)
        if old is not None and old is not widget:
            self.drop_page(old)
        if self.pages.indexOf(widget) < 0:
            self.pages.addWidget(widget)
            if isinstance(widget, QDialog):  # Esc, Cancel or saving ends the page: back home
                widget.finished.connect(lambda _result, w=widget: self._page_finished(w))
        self._section_pages[section] = widget
        self.pages.setCurrentWidget(widget)
        widget.show()
        self.section_list.select(section)

    def drop_page(self, widget: QWidget) -> None:
        """Remove a section's view from the window and delete it (it is built again when next chosen)."""
        for name, page in list(self._section_pages.items()):
            if page is widget and name not in (HOME, TIMELINE):
                del self._section_pages[name]
                if getattr(self, SECTION_ATTRS[name], None) is widget:
                    setattr(self, SECTION_ATTRS[name], None)
        if self.pages.indexOf(widget) >= 0:
            if self.pages.currentWidget() is widget:
                self.pages.setCurrentWidget(self.home)
                self.section_list.select(HOME)
            self.pages.removeWidget(widget)
        widget.hide()
        widget.deleteLater()

    def _page_finished(self, widget: QWidget) -> None:
        if self.is_page(widget):
            self.drop_page(widget)
            self.home.load()

    def _drop_views(self, keep: QWidget | None = None) -> None:
        """Drop every section's view but ``keep`` (lock: all of them; another person: all but the one shown)."""
        for name, page in list(self._section_pages.items()):
            if name not in (HOME, TIMELINE) and page is not keep:
                self.drop_page(page)

    def _run_if_open(self, run: Callable[[], object]) -> None:
        if self.vault is not None:
            run()

    def _open_hook(self, hook: Opener) -> None:
        if self.vault is not None:
            hook(self)

    # ================================================================== gate
    def show_gate(self) -> None:
        """Show the create-vault wizard (no vault yet) or the unlock screen."""
        self._set_vault_actions(False)
        if self.gate is not None:
            self.stack.removeWidget(self.gate)
            self.gate.deleteLater()
        if Vault.exists(self.vault_dir):
            page = UnlockPage(self.vault_dir)
            page.unlocked.connect(self._enter)
            page.switch_requested.connect(self.switch_vault)
            page.restore_requested.connect(self.restore_action.trigger)
            self.gate = page
            self.stack.addWidget(page)
            self.stack.setCurrentWidget(page)
            page.reset()
            page.try_remembered()
        else:
            wizard = SetupWizard(self.vault_dir, kdf=self.kdf)
            wizard.setWindowFlags(Qt.WindowType.Widget)
            wizard.created.connect(self._enter)
            wizard.restore_requested.connect(self.restore_action.trigger)
            self.gate = wizard
            self.stack.addWidget(wizard)
            self.stack.setCurrentWidget(wizard)
        self.count_label.setText("")
        self.statusBar().clearMessage()

    def _set_vault_actions(self, enabled: bool) -> None:
        for action in self.vault_actions:
            action.setEnabled(enabled)
        for menu in self.vault_menus:
            menu.menuAction().setVisible(enabled)

    def switch_vault(self, vault_dir: Path) -> None:
        """Show the unlock screen of another vault (one of the recent vaults) instead; only while locked."""
        if self.vault is None:
            self.vault_dir = vault_dir
            self.show_gate()

    def enter_vault(self, vault: Vault) -> None:
        """Show ``vault`` (already open, in ``self.vault_dir``) in the workspace."""
        self._enter(vault)

    def _enter(self, vault: Vault) -> None:
        self.vault = vault
        recent.add_recent_vault(self.vault_dir)
        self.detail.vault = vault
        self.stack.setCurrentWidget(self.workspace)
        if self.gate is not None:
            self.stack.removeWidget(self.gate)
            self.gate.deleteLater()
            self.gate = None
        self._set_vault_actions(True)
        self.idle.set_interval_ms(autolock_minutes() * 60_000)
        self.idle.start()
        self._persons = vault.persons()
        self._fill_persons(self._persons)
        self.model.set_vault(vault, self._current_filter())
        self.show_section(HOME)  # the first screen of each person
        self.section_list.setFocus()  # until the home shows: then its first card (or Choose files...)
        self.home.load()
        self.home.focus_start()
        self._load_facets()
        self._load_count()
        self.unlocked.emit()

    # ================================================================ public
    def current_person_id(self) -> str | None:
        """The id of the person chosen in the switcher (None while locked)."""
        if self.vault is None:
            return None
        value = self.person_box.currentData()
        return str(value) if value else None

    def current_person(self) -> Person | None:
        """The person chosen in the switcher (None while locked)."""
        return whose.find_person(self._persons, self.current_person_id()) if self.vault is not None else None

    def search_everyone(self) -> bool:
        """Whether the search covers everyone in the vault rather than the chosen person."""
        return self.search_scope.currentData() == whose.SCOPE_EVERYONE and len(self._persons) > 1

    def refresh(self) -> None:
        """Reload people, areas and the timeline (after an import or a change by a feature module)."""
        if self.vault is None:
            return
        self._persons = self.vault.persons()
        self._fill_persons(self._persons)
        if self.search_field.text().strip():
            self.run_search()
        else:
            self.model.set_filter(self._current_filter())
            self._load_count()
        self._load_facets()
        self.home.load()

    def show_error(self, title: str, message: str) -> QMessageBox:
        """A readable, window-modal message that does not block the caller."""
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_message = box
        return box

    def show_info(self, title: str, message: str, details: str = "") -> QMessageBox:
        """A window-modal information box that does not block the caller; ``details`` go under a button."""
        box = QMessageBox(QMessageBox.Icon.Information, title, message, QMessageBox.StandardButton.Ok, self)
        if details:
            box.setDetailedText(details)
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        self.last_message = box
        return box

    # ================================================================ locking
    def lock(self) -> None:
        """Close the database (its key is overwritten in memory) and return to the unlock screen."""
        if self.vault is None:
            return
        self.imports.cancel()
        self.search_timer.stop()
        self._search_generation += 1
        self._facet_generation += 1
        self._count_generation += 1
        self.idle.stop()
        self.clipboard_guard.clear_if_ours()
        self.model.clear()
        self._drop_views()  # every section's view goes, with what it showed
        self.home.clear()
        self.show_page(HOME, self.home)
        self.detail.vault = None
        self.detail.show_record(None)
        self.sidebar.clear()
        self.whose_label.clear()
        self.person_box.blockSignals(True)
        self.person_box.clear()
        self.person_box.blockSignals(False)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        if self.last_message is not None:
            self.last_message.close()
        for dialog in self.findChildren(QDialog):  # settings, audit log, feature dialogs
            dialog.close()
        self.statusBar().clearMessage()
        vault, self.vault = self.vault, None
        vault.close()
        self.locked.emit()
        self.show_gate()

    def auto_lock(self) -> None:
        """Lock the vault after the idle time (the idle watcher calls this)."""
        if self.vault is not None:
            self.lock()

    def set_autolock_ms(self, ms: int) -> None:
        """Change the idle interval (settings use minutes; tests use milliseconds)."""
        self.idle.set_interval_ms(ms)

    def copy_to_clipboard(self, text: str) -> None:
        """Copy ``text``; the clipboard is cleared again after 30 seconds if it still holds it."""
        self.clipboard_guard.copy(text)
        self.statusBar().showMessage(self.tr("Copied. The clipboard will be cleared in 30 seconds."), 5000)

    # ================================================================ people
    def _fill_persons(self, persons: list[Person]) -> None:
        current = self.person_box.currentData()
        self.person_box.blockSignals(True)
        self.person_box.clear()
        for p in persons:
            label = p.name or (self.tr("Me") if p.is_holder else p.id)
            self.person_box.addItem(label, p.id)
        index = self.person_box.findData(current) if current else 0
        self.person_box.setCurrentIndex(max(0, index))
        self.person_box.blockSignals(False)
        self.person_box.setEnabled(len(persons) > 1)
        self.search_scope.setEnabled(len(persons) > 1)
        self.model.set_person_names({p.id: whose.person_name(p) for p in persons})

    def _person_changed(self, _index: int) -> None:
        if self.vault is None:
            return
        # the views of other sections are built again for this person when next chosen
        shown = self.current_section()
        self._drop_views(keep=self.pages.currentWidget())
        self.refresh()
        if shown in SECTION_HOOKS:
            self.show_section(shown)  # rebuilt (health, Medical ID) or refreshed for the new person

    # ================================================================ filters
    def _person_filter(self) -> str | None:
        # With one person every record is theirs: no filter lets the date index serve the timeline.
        if len(self._persons) <= 1:
            return None
        return self.current_person_id()

    def _current_filter(self) -> RecordFilter:
        since = until = None
        if self.date_check.isChecked():
            since = self.since_edit.date().toPython()
            until = self.until_edit.date().toPython()
        return RecordFilter(
            person_id=self._person_filter(),
            domain=self.domain_box.currentData(),
            kind=self.kind_box.currentData(),
            source=self.source_box.currentData(),
            since=since if isinstance(since, date) else None,
            until=until if isinstance(until, date) else None,
            newest_first=self.model.filter.newest_first,
        )

    def _filters_changed(self, *_args: object) -> None:
        if self.vault is None:
            return
        if self.search_field.text().strip():
            self.search_field.clear()  # a filter change shows the filtered timeline
            return
        self.model.set_filter(self._current_filter())
        self.detail.show_record(None)
        self._load_count()
        if self._jump_message and self.statusBar().currentMessage() == self._jump_message:
            self.statusBar().clearMessage()  # a jump's bound (a date) is gone with the new filter

    def _dates_toggled(self, on: bool) -> None:
        self.since_edit.setEnabled(on)
        self.until_edit.setEnabled(on)
        self._filters_changed()

    def clear_filters(self) -> None:
        """Show the whole timeline again: every area, kind, source and date, and no search."""
        for box in (self.domain_box, self.kind_box, self.source_box):
            box.blockSignals(True)
            box.setCurrentIndex(0)
            box.blockSignals(False)
        self.date_check.blockSignals(True)
        self.date_check.setChecked(False)
        self.date_check.blockSignals(False)
        self.since_edit.setEnabled(False)
        self.until_edit.setEnabled(False)
        self.search_field.blockSignals(True)
        self.search_field.clear()
        self.search_field.blockSignals(False)
        self.sidebar.clearSelection()
        self._filters_changed()

    def set_filter(self, domain: str | None = None, kind: str | None = None, source: str | None = None) -> None:
        """Select area/kind/source filters programmatically (the sidebar uses this)."""
        for box, value in ((self.domain_box, domain), (self.kind_box, kind), (self.source_box, source)):
            box.blockSignals(True)
            index = box.findData(value)
            if index < 0 and value is not None:
                box.addItem(value, value)
                index = box.count() - 1
            box.setCurrentIndex(max(0, index))
            box.blockSignals(False)
        self._filters_changed()

    def _sidebar_clicked(self, item: QTreeWidgetItem, _col: int) -> None:
        domain, source = item_filter(item)
        self.set_filter(domain=domain, kind=self.kind_box.currentData(), source=source)

    # ================================================================ go to
    def go_to_newest(self) -> None:
        """Show the timeline from its newest record (Ctrl+Home), however few pages were read so far."""
        self._jump(self._current_filter().with_(newest_first=True), "")

    def go_to_oldest(self) -> None:
        """Show the timeline from its oldest record (Ctrl+End): the order turns to oldest first, so
        one page is read rather than every page before the end; the status bar says so."""
        self._jump(
            self._current_filter().with_(newest_first=False),
            self.tr("Oldest first: the timeline now starts with the oldest record. Ctrl+Home goes back to the newest."),
        )

    def go_to_date(self, day: date) -> None:
        """Show the timeline from the newest record on or before ``day``, newest first; scrolling
        goes on to older records (a date range chosen in the filters still applies)."""
        flt = self._current_filter()
        until = min(day, flt.until) if flt.until is not None else day
        self._jump(
            flt.with_(newest_first=True, until=until),
            self.tr("Showing records on or before {day}, newest first. Ctrl+Home goes back to the newest.").format(
                day=day.isoformat()
            ),
        )

    def ask_go_to_date(self) -> None:
        """Ask for a day (View > Go to date..., Ctrl+G) and show the timeline from it."""
        if self.vault is None:
            return
        from wallet.ui.go_to_date import open_go_to_date

        open_go_to_date(self)

    def _jump(self, flt: RecordFilter, message: str) -> None:
        if self.vault is None:
            return
        if self.current_section() != TIMELINE:
            self.show_section(TIMELINE)
        self.search_timer.stop()
        self._search_generation += 1  # a search still running is not shown over the jump
        if self.search_field.text():
            self.search_field.blockSignals(True)
            self.search_field.clear()
            self.search_field.blockSignals(False)
        self._jump_pending = True
        self.model.set_filter(flt)
        # the header shows the order; the model already has it, so this sorts nothing again
        order = Qt.SortOrder.DescendingOrder if flt.newest_first else Qt.SortOrder.AscendingOrder
        self.table.horizontalHeader().setSortIndicator(COL_DATE, order)
        self.detail.show_record(None)
        self._load_count()
        self.table.setFocus()
        self._jump_message = message
        if message:
            self.statusBar().showMessage(message, 15000)
        else:
            self.statusBar().clearMessage()

    def _page_loaded(self, rows: int) -> None:
        if self._jump_pending and self.model.pages_loaded == 1:
            self._jump_pending = False
            self.table.scrollToTop()
            if rows:
                self.select_row(0)

    # ========================================================== background
    def _load_facets(self) -> None:
        if self.vault is None:
            return
        self._facet_generation += 1
        gen = self._facet_generation
        person = self._person_filter()
        job = workers.with_reader(self.vault, lambda r: (gen, load_facets(r, person)))
        workers.run_task(job, on_done=self._facets_loaded, on_error=self._background_failed)

    def _facets_loaded(self, result: tuple[int, dict[str, Any]]) -> None:
        gen, facets = result
        if gen != self._facet_generation or self.vault is None:
            return
        fill_area_tree(self.sidebar, facets)
        # kinds and sources for the filter boxes, keeping the current choice
        kinds = {k for k, _n in facets["kinds"]}
        names = {k: kind_name(k, current()) for k in kinds}
        shared = {n for n in names.values() if list(names.values()).count(n) > 1}  # "Steps" from two sources
        labels = {k: f"{n} ({k})" if n in shared else n for k, n in names.items()}
        ordered = sorted(kinds, key=lambda k: labels[k].casefold())
        refill_box(self.kind_box, self.tr("All kinds"), ordered, labels.__getitem__)
        refill_box(self.source_box, self.tr("All sources"), sorted({s for _d, s, _n in facets["domain_source"]}))

    def _load_count(self) -> None:
        if self.vault is None:
            return
        self._count_generation += 1
        gen = self._count_generation
        f = self.model.filter
        # the timeline (not search results) is shown: one person's records
        self.table.setColumnHidden(COL_PERSON, True)
        self.whose_label.setText(whose.showing_text(self.current_person()))

        def count(r: Vault) -> tuple[int, int]:
            return gen, f.count(r)

        job = workers.with_reader(self.vault, count)
        workers.run_task(job, on_done=self._count_loaded, on_error=self._background_failed)

    def _count_loaded(self, result: tuple[int, int]) -> None:
        gen, n = result
        if gen == self._count_generation and self.vault is not None:
            self.count_label.setText(self.tr("Records: {n}").format(n=f"{n:,}"))

    def _background_failed(self, exc: BaseException) -> None:
        if self.vault is not None:
            self.show_error(self.tr("Something went wrong"), workers.readable_error(exc))

    # ================================================================ search
    def focus_search(self) -> None:
        """Put the cursor in the search field with its text selected (the Find shortcut)."""
        self.search_field.setFocus()
        self.search_field.selectAll()

    def clear_search(self) -> None:
        """Clear the search field and show the timeline again, with the cursor in it (Esc)."""
        if self.search_field.text():
            self.search_field.clear()
            self.run_search()
        if self.current_section() != TIMELINE:
            self.show_section(TIMELINE)
        self.table.setFocus()

    def _table_escape(self) -> None:
        if self.search_field.text():
            self.clear_search()

    def _scope_changed(self, _index: int) -> None:
        if self.vault is not None and self.search_field.text().strip():
            self.run_search()

    def _search_typed(self, _text: str) -> None:
        self.search_timer.start()  # restarts: runs 250 ms after the last keystroke

    def run_search(self) -> None:
        """Search the full-text index (off the GUI thread); empty text shows the timeline again."""
        self.search_timer.stop()
        if self.vault is None:
            return
        text = self.search_field.text().strip()
        self._search_generation += 1
        gen = self._search_generation
        if not text:
            self.model.set_filter(self._current_filter())
            self._load_count()
            return
        everyone = self.search_everyone()
        self._search_asked = (text, everyone)
        person = None if everyone else self._person_filter()  # None: every person's records
        job = workers.with_reader(self.vault, lambda r: (gen, r.search(text, limit=SEARCH_LIMIT, person_id=person)))
        workers.run_task(job, on_done=self._search_done, on_error=self._background_failed)

    def _search_done(self, result: tuple[int, list[Record]]) -> None:
        gen, records = result
        if gen != self._search_generation or self.vault is None:
            return
        self.model.show_results(records)
        self.detail.show_record(None)
        text, everyone = self._search_asked
        self.table.setColumnHidden(COL_PERSON, not everyone)  # each row says whose it is
        self.whose_label.setText(whose.search_text(len(records), text, self.current_person(), everyone))
        if len(records) >= SEARCH_LIMIT:
            self.count_label.setText(self.tr("Matches: first {n}").format(n=len(records)))
        else:
            self.count_label.setText(self.tr("Matches: {n}").format(n=len(records)))

    # ================================================================ detail
    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rec = self.model.record_at(current.row()) if current.isValid() else None
        if rec is None or self.vault is None:
            self.detail.show_record(None)
            return
        if series_days.is_day_row(rec):  # a series' day: not a stored record, it opens into its samples
            self.detail.show_record(rec)
            return
        try:
            full = self.vault.get(rec.id)
        except Exception as exc:
            self.show_error(self.tr("Cannot show the record"), workers.readable_error(exc))
            return
        self.detail.show_record(full)

    def select_row(self, row: int) -> None:
        """Select timeline row ``row`` so that the detail pane shows its record."""
        self.table.selectRow(row)
        self.table.setCurrentIndex(self.model.index(row, 0))

    # ================================================================ import
    def choose_import(self) -> None:
        """Ask for files and import them into the open vault."""
        if self.vault is None:
            return
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Import files"), str(Path.home()))
        if paths:
            self.import_files([Path(p) for p in paths])

    def import_files(self, paths: list[Path], interactive: bool = True) -> None:
        """Import ``paths`` into the open vault; nothing happens while it is locked."""
        if self.vault is None:
            return
        self.imports.import_files(paths, interactive=interactive)

    @override
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if (
            self.vault is not None
            and event.mimeData().hasUrls()
            and any(u.isLocalFile() for u in event.mimeData().urls())
        ):
            event.acceptProposedAction()
        else:
            event.ignore()

    @override
    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        files = [p for p in paths if p.is_file()]
        if files and self.vault is not None:
            event.acceptProposedAction()
            self.import_files(files)

    def _import_started(self, name: str) -> None:
        self.import_label.setText(self.tr("Importing {name}...").format(name=name))
        self.import_progress.setRange(0, 0)
        for w in (self.import_label, self.import_progress, self.import_cancel):
            w.setVisible(True)

    def _import_progress(self, done: int, total: object) -> None:
        if isinstance(total, int) and total > 0:
            # progress may be in bytes beyond 2**31: show per mille
            self.import_progress.setRange(0, 1000)
            self.import_progress.setValue(min(1000, int(done * 1000 / total)))
        else:
            self.import_progress.setRange(0, 0)

    def _import_report(self, report: ImportReport) -> None:
        if self.vault is None:
            return  # locked meanwhile: show nothing on the lock screen
        self.refresh()
        self.last_report = report
        if not self.imports.interactive:
            self.statusBar().showMessage(self._report_line(report), 8000)
            return
        if self._in_batch():  # one summary when the batch is done (_imports_idle), not a box per file
            self._batch.append(Outcome(self.imports.current_name or report.source, report=report))
            self.statusBar().showMessage(self._report_line(report), 8000)
            return
        details = "\n".join(f"{s.where}: {s.reason}" for s in report.skipped)
        text = self._report_line(report)
        self.show_info(self.tr("Import finished"), text, details)

    def _in_batch(self) -> bool:
        """Whether the file just finished is one of several: more are queued, or earlier ones were collected."""
        return bool(self._batch) or bool(self.imports.queue)

    def _report_line(self, r: ImportReport) -> str:
        text = self.tr("{source}: {added} added, {dups} already in the vault, {skipped} skipped.").format(
            source=r.source, added=r.added, dups=r.duplicates, skipped=len(r.skipped)
        )
        if r.people:  # a new person, or the holder filled from the file: said, never silent
            text += " " + self.tr("People: {notes}.").format(notes="; ".join(r.people))
        if r.warnings:
            text += " " + self.tr("{n} with validation warnings.").format(n=r.warnings)
        if r.cancelled:
            text += " " + self.tr("Cancelled: what was imported before stopping is kept.")
        if r.skipped:
            text += " " + self.tr("See the details for why items were skipped.")
        return text

    def _import_failed(self, name: str, message: str) -> None:
        self.last_import_error = message
        if self.vault is None:
            return
        if self.imports.interactive and self._in_batch():
            self._batch.append(Outcome(name, error=message))
            return
        text = self.tr("{name} was not imported.").format(name=name) + "\n\n" + message
        self.show_error(self.tr("Import failed"), text)

    def _imports_idle(self) -> None:
        for w in (self.import_label, self.import_progress, self.import_cancel):
            w.setVisible(False)
        batch, self._batch = self._batch, []
        if len(batch) < 2 or self.vault is None:
            if batch:  # a batch that ended with one outcome (the rest were cancelled): its own message
                only = batch[0]
                if only.report is not None:
                    self.show_info(self.tr("Import finished"), self._report_line(only.report))
                else:
                    self.show_error(
                        self.tr("Import failed"),
                        self.tr("{name} was not imported.").format(name=only.name) + "\n\n" + (only.error or ""),
                    )
            return
        summary = ImportSummaryDialog(batch, self)
        summary.setWindowModality(Qt.WindowModality.WindowModal)
        summary.open()
        self.last_dialog = summary

    # ================================================================ dialogs
    def open_settings(self) -> None:
        """Show the settings (auto-lock, language, keyring)."""
        SettingsDialog(self).open()

    def settings_changed(self, language_changed: bool = False) -> None:
        """Apply changed settings: the new auto-lock time now, a new language by rebuilding the window."""
        if self.vault is not None:
            self.idle.set_interval_ms(autolock_minutes() * 60_000)
        if language_changed:
            self.language_change_requested.emit()

    def open_audit(self) -> None:
        """Show the audit log of the open vault."""
        if self.vault is not None:
            dialog = AuditDialog(self)
            dialog.open()
            self.last_dialog = dialog

    def open_file_when_ready(self, path: Path) -> None:
        """A file the desktop opened the app with ("Open with"): a share bundle is verified, a SMART Health Card or
        another importable file is imported, as soon as the vault is open (now, or after the unlock)."""
        if self.vault is not None:
            self._open_given_file(path)
            return

        def once() -> None:
            self.unlocked.disconnect(once)
            self._open_given_file(path)

        self.unlocked.connect(once)

    def _open_given_file(self, path: Path) -> None:
        if path.suffix.lower() in BUNDLE_SUFFIXES:
            from wallet.ui.verify_dialog import open_verify_dialog

            dialog = open_verify_dialog(self)
            self.last_dialog = dialog
            dialog.verify_path(path)
            return
        self.import_files([path])

    def open_share(self) -> None:
        """Start sharing records."""
        if self.vault is not None:
            SHARE_HOOK(self)

    def open_emergency(self) -> None:
        """Make an emergency record printout."""
        if self.vault is not None:
            EMERGENCY_HOOK(self)

    def about(self) -> None:
        """Show the version, what the program is for, and what it runs on (as ``mydata-wallet --version``)."""
        from wallet import __version__
        from wallet.provenance import build_versions

        QMessageBox.about(
            self,
            self.tr("About MyData Wallet"),
            self.tr(
                "MyData Wallet {version}\n\nYour health, fitness, finance, energy and document records, "
                "encrypted, on your own computer."
            ).format(version=__version__)
            + "\n\n"
            + "\n".join(build_versions(qt_runtime=qVersion()).lines()[1:]),
        )

    # ================================================================ closing
    @override
    def closeEvent(self, event: QCloseEvent) -> None:
        window_state.save(self)
        self.imports.cancel()
        workers.cancel_all()
        if self.vault is not None:
            self.idle.stop()
            self.clipboard_guard.clear_if_ours()
            vault, self.vault = self.vault, None
            vault.close()
        else:
            self.idle.stop()
        event.accept()

    def detach(self) -> Vault | None:
        """Hand the open vault over (language switch rebuilds the window) without locking it."""
        vault, self.vault = self.vault, None
        self.idle.stop()
        self.imports.cancel()
        return vault
