"""Auto-lock after idle time, and a clipboard that forgets what we put in it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from typing_extensions import override

CLIPBOARD_SECONDS = 30
DEFAULT_AUTOLOCK_MINUTES = 5

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.Shortcut,
}


class IdleWatcher(QObject):
    """An application-wide event filter: any user input restarts the idle timer; ``idle`` fires when it runs out."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.idle)
        self._installed = False

    def set_interval_ms(self, ms: int) -> None:
        """0 or less switches auto-lock off."""
        self.timer.stop()
        if ms > 0:
            self.timer.setInterval(ms)
            self.timer.start()

    def start(self) -> None:
        """Start counting idle time; any keyboard or mouse activity in the app starts it over."""
        app = QGuiApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        if self.timer.interval() > 0:
            self.timer.start()

    def stop(self) -> None:
        """Stop counting idle time and stop watching activity (while the vault is locked)."""
        self.timer.stop()
        app = QGuiApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
            self._installed = False

    @property
    def active(self) -> bool:
        """Whether idle time is being counted (False when auto-lock is off)."""
        return self.timer.isActive()

    @override
    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY and self.timer.isActive():
            self.timer.start()
        return False


class ClipboardGuard(QObject):
    """Copies text to the clipboard and clears it after ``seconds`` if it is still ours."""

    def __init__(self, parent: QObject | None = None, seconds: float = CLIPBOARD_SECONDS) -> None:
        super().__init__(parent)
        self.seconds = seconds
        self._text: str | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self.clear_if_ours)

    def copy(self, text: str) -> None:
        """Copy ``text`` and clear it again after ``seconds``, unless something else was copied since."""
        QGuiApplication.clipboard().setText(text)
        self._text = text
        self.timer.start(int(self.seconds * 1000))

    def clear_if_ours(self) -> None:
        """Clear the clipboard if it still holds what we copied; another program's text is left alone."""
        clipboard = QGuiApplication.clipboard()
        if self._text is not None and clipboard.text() == self._text:
            clipboard.clear()
        self._text = None
        self.timer.stop()
