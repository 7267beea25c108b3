"""Starting the desktop app: one running app per vault, languages, the demo.

``mydata-wallet`` (no command) and ``mydata-wallet --demo`` call :func:`run`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication, QMessageBox

from wallet.errors import VaultLocked
from wallet.resources import resource_path
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault, VaultFileLock
from wallet.ui import i18n, workers
from wallet.ui.fonts import add_hangul_fallback
from wallet.ui.main_window import MainWindow

DEMO_DIR = resource_path("demo")
DEMO_PASSPHRASE_WORDS = ("maple", "harbor", "violet", "tundra", "copper", "lantern", "meadow", "orbit")


def server_name(vault_dir: Path) -> str:
    """The local-socket name for a vault: a hash of its path (no personal data in the name)."""
    digest = hashlib.sha256(str(vault_dir.expanduser().resolve()).encode("utf-8")).hexdigest()[:20]
    return f"mydata-wallet-{digest}"


def ask_running_instance(name: str, timeout_ms: int = 1000) -> bool:
    """Ask the app already running for this vault to come forward.  True if it answered."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write(b"raise\n")
    socket.flush()
    socket.waitForBytesWritten(timeout_ms)
    socket.disconnectFromServer()
    return True


class WalletApp:
    """Owns the window, the vault-folder lock and the single-instance server."""

    def __init__(self, vault_dir: Path, demo: bool = False, kdf: KdfParams | None = None) -> None:
        self.vault_dir = vault_dir
        self.demo = demo
        self.kdf = kdf
        self.window: MainWindow | None = None
        self.server: QLocalServer | None = None
        self.file_lock: VaultFileLock | None = None
        self.demo_files: list[Path] = []

    # ------------------------------------------------------------ single app
    def claim(self) -> bool:
        """Take the vault: the folder lock, then the local server.  False if another app has it."""
        self.vault_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
        lock = VaultFileLock(self.vault_dir)
        try:
            lock.acquire()
        except VaultLocked:
            return False
        self.file_lock = lock
        name = server_name(self.vault_dir)
        QLocalServer.removeServer(name)  # a stale socket from a crashed run
        server = QLocalServer()
        server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        if server.listen(name):
            server.newConnection.connect(self._raise_window)
            self.server = server
        return True

    def _raise_window(self) -> None:
        if self.server is None:
            return
        while self.server.hasPendingConnections():
            conn = self.server.nextPendingConnection()
            conn.disconnected.connect(conn.deleteLater)
        if self.window is not None:
            self.window.setWindowState(self.window.windowState() & ~Qt.WindowState.WindowMinimized)
            self.window.show()
            self.window.raise_()
            self.window.activateWindow()

    def release(self) -> None:
        """Give up the single-instance server and the vault lock so that another instance may open the vault."""
        if self.server is not None:
            self.server.close()
            self.server = None
        if self.file_lock is not None:
            self.file_lock.release()
            self.file_lock = None

    # ---------------------------------------------------------------- window
    def open_window(self, vault: Vault | None = None) -> MainWindow:
        """Make the main window and keep it as the current one; ``vault`` is given already open on a language switch."""
        window = MainWindow(self.vault_dir, vault=vault, kdf=self.kdf, demo=self.demo)
        window.language_change_requested.connect(self.switch_language)
        window.folder_changed.connect(self.follow_folder)
        self.window = window
        return window

    def follow_folder(self) -> None:
        """The window's vault folder changed (a restored vault opened, the vault deleted): lock the folder anew.

        After the vault is deleted its folder and lock file are gone; the lock held on the removed file
        would no longer stop a second app from opening a new vault made there.
        """
        if self.window is None:
            return
        self.release()
        self.vault_dir = self.window.vault_dir
        if not self.claim():
            self.window.show_error(
                QCoreApplication.translate("WalletApp", "Vault in use"),
                QCoreApplication.translate("WalletApp", "This vault is open in another MyData Wallet window too."),
            )

    def switch_language(self) -> None:
        """Install the chosen language and rebuild the window; the vault stays open."""
        old = self.window
        if old is None:
            return
        i18n.install(i18n.chosen_language())
        geometry = old.saveGeometry()
        vault = old.detach()
        new = self.open_window(vault)
        new.restoreGeometry(geometry)
        new.show()
        old.close()
        old.deleteLater()

    # ------------------------------------------------------------------ demo
    def start_demo(self) -> str:
        """Create the throwaway vault and import the demo files in the background."""
        passphrase = "-".join(secrets.choice(DEMO_PASSPHRASE_WORDS) for _ in range(4))
        self.demo_files = sorted(p for p in DEMO_DIR.rglob("*") if p.is_file() and p.name != "README.md")
        return passphrase


def _quit_on_signals(app: QCoreApplication) -> None:
    """Ctrl+C / SIGTERM end the app cleanly (vault closed, demo folder removed)."""
    import signal

    from PySide6.QtCore import QTimer

    def stop(*_args: object) -> None:
        app.quit()

    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(ValueError, OSError):
            signal.signal(sig, stop)
    # Python runs signal handlers only between bytecodes: give it a chance regularly.
    timer = QTimer(app)
    timer.setInterval(250)
    timer.timeout.connect(lambda: None)
    timer.start()


def run(vault_dir: Path, demo: bool = False, open_file: Path | None = None) -> int:
    """Start the app on ``vault_dir`` (or on a throwaway demo vault) and end the process with its exit code.

    Everything is closed and cleaned up first (database closed, key overwritten, demo folder
    removed, lock released); then the process ends with ``os._exit``, skipping the
    interpreter's final garbage collection, where a reference-count error in a C extension
    aborted the process once a large vault with several people had been browsed (see
    docs/desktop-app.md, "Known problems").  Set ``MYDATA_WALLET_NORMAL_EXIT=1`` to return
    normally instead.
    """
    from wallet.hardening import disable_core_dumps

    disable_core_dumps()  # before any key exists (the CLI's main did it already; this covers other callers)
    code = _run(vault_dir, demo, open_file)
    if os.environ.get("MYDATA_WALLET_NORMAL_EXIT"):
        return code
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def _run(vault_dir: Path, demo: bool, open_file: Path | None = None) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    QCoreApplication.setOrganizationName(i18n.SETTINGS_ORG)
    QCoreApplication.setApplicationName(i18n.SETTINGS_APP)
    QApplication.setApplicationDisplayName("MyData Wallet")
    add_hangul_fallback()  # Korean text draws even where the system has no Hangul font
    i18n.install(i18n.chosen_language())
    collector = workers.GuiThreadGc()

    demo_root: Path | None = None
    if demo:
        demo_root = Path(tempfile.mkdtemp(prefix="mydata-wallet-demo-"))
        vault_dir = demo_root / "vault"
    wallet_app = WalletApp(vault_dir, demo=demo, kdf=KdfParams.floor() if demo else None)
    try:
        if not wallet_app.claim():
            if ask_running_instance(server_name(vault_dir)):
                print("mydata-wallet: this vault is already open; its window was brought forward", file=sys.stderr)
                return 0
            QMessageBox.warning(
                None,
                QCoreApplication.translate("App", "MyData Wallet"),
                QCoreApplication.translate("App", "This vault is already open in another MyData Wallet window.")
                + "\n\n"
                + str(vault_dir),
            )
            return 1
        vault = None
        if demo:
            passphrase = wallet_app.start_demo()
            print(f"MyData Wallet demo: throwaway vault in {vault_dir}")
            print(f"Demo passphrase (for Lock / unlock): {passphrase}")
            vault, _recovery = Vault.create(vault_dir, passphrase, kdf=KdfParams.floor())
        window = wallet_app.open_window(vault)
        window.show()
        if open_file is not None:  # "Open with" from the desktop: verified or imported once the vault is open
            window.open_file_when_ready(open_file)
        _quit_on_signals(app)
        if demo and wallet_app.demo_files:
            window.import_files(wallet_app.demo_files, interactive=False)
        code = app.exec()
        if wallet_app.window is not None and wallet_app.window.vault is not None:
            wallet_app.window.close()
        workers.shutdown()
        return int(code)
    finally:
        collector.stop()
        wallet_app.release()
        if demo_root is not None:
            with contextlib.suppress(OSError):
                shutil.rmtree(demo_root)
