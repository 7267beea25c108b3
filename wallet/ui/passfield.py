"""Passphrase fields as KeePassXC users expect them: show/hide, a Caps Lock warning, a generator, the strength rule.

Qt cannot read the Caps Lock state portably, so the warning is inferred from what is typed
(:func:`caps_lock_suspected`): an upper-case letter typed without Shift, or a lower-case one with
Shift, means Caps Lock is on; a letter of the expected case means it is off; anything else (digits,
Hangul, which has no case) says nothing and leaves the warning as it was.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QAction, QColor, QFocusEvent, QIcon, QKeyEvent, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from wallet.store.passphrase import GENERATED_WORDS, MIN_LENGTH, Strength, generate, generated_bits
from wallet.ui.i18n import current, strength_hint


def caps_lock_suspected(text: str, shift: bool) -> bool | None:
    """Whether typing ``text`` with Shift ``shift`` shows Caps Lock on (True), off (False), or tells nothing (None)."""
    if len(text) != 1 or not text.isalpha() or text.upper() == text.lower():
        return None  # not a cased letter (digits, punctuation, Hangul): no evidence either way
    upper = text.isupper()
    return upper != shift


def _eye_icon(crossed: bool, color: QColor) -> QIcon:
    """A drawn eye (crossed out when the text is shown: click to hide), so no icon theme is needed."""
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(color, 2.5))
    painter.drawEllipse(QRectF(3, 9, 26, 14))
    painter.setBrush(color)
    painter.drawEllipse(QPointF(16, 16), 4, 4)
    if crossed:
        painter.drawLine(QPointF(5, 27), QPointF(27, 5))
    painter.end()
    return QIcon(pixmap)


class PassphraseEdit(QLineEdit):
    """A password field with a show/hide button inside it and a Caps Lock warning label (``caps_label``).

    The caller puts ``caps_label`` in its layout under the field; it stays hidden until Caps Lock seems on.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEchoMode(QLineEdit.EchoMode.Password)
        self.toggle_action = QAction(self)
        self.toggle_action.setCheckable(True)
        self.toggle_action.toggled.connect(self.set_shown)
        self.addAction(self.toggle_action, QLineEdit.ActionPosition.TrailingPosition)
        self.caps_label = QLabel(QCoreApplication.translate("Passphrase", "Caps Lock seems to be on."))
        self.caps_label.setAccessibleName(QCoreApplication.translate("Passphrase", "Caps Lock warning"))
        font = self.caps_label.font()
        font.setBold(True)  # the palette's colours (dark themes): bold, no colour of our own
        self.caps_label.setFont(font)
        self.caps_label.setVisible(False)
        self.caps_on = False
        self._update_toggle()

    @property
    def shown(self) -> bool:
        """Whether the text is shown in clear."""
        return self.echoMode() == QLineEdit.EchoMode.Normal

    def set_shown(self, shown: bool) -> None:
        """Show the text in clear, or hide it behind dots."""
        self.setEchoMode(QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password)
        if self.toggle_action.isChecked() != shown:
            self.toggle_action.setChecked(shown)
        self._update_toggle()

    def _update_toggle(self) -> None:
        shown = self.shown
        self.toggle_action.setIcon(_eye_icon(shown, self.palette().color(QPalette.ColorRole.PlaceholderText)))
        text = (
            QCoreApplication.translate("Passphrase", "Hide the passphrase")
            if shown
            else QCoreApplication.translate("Passphrase", "Show the passphrase")
        )
        self.toggle_action.setText(text)
        self.toggle_action.setToolTip(text)

    def set_caps_on(self, on: bool) -> None:
        """Show or hide the Caps Lock warning."""
        self.caps_on = on
        # not isVisible(): the label may sit in a page that is not shown yet
        self.caps_label.setVisible(on)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_CapsLock:
            self.set_caps_on(not self.caps_on)  # a guess: the next letter typed settles it
        else:
            shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            suspected = caps_lock_suspected(event.text(), shift)
            if suspected is not None:
                self.set_caps_on(suspected)
        super().keyPressEvent(event)

    @override
    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.set_caps_on(False)  # it may change elsewhere: judge again from the next letter typed here
        super().focusOutEvent(event)


def rule_text() -> str:
    """The strength rule in the app's language (the same rule as :data:`wallet.store.passphrase.RULE`)."""
    return QCoreApplication.translate(
        "Passphrase",
        "A vault passphrase needs at least {n} characters and must not be easy to guess (strength at least "
        "Fair: not a common password, word, name, date or keyboard pattern). Several unrelated words are best.",
    ).format(n=MIN_LENGTH)


def strength_advice(strength: Strength) -> str:
    """What to show under the meter: why a passphrase is refused (short or guessable), then zxcvbn's hints."""
    hints = [strength_hint(h) for h in strength.hints if h != "empty"]
    problem = strength.problem
    if problem == "short":
        hints.insert(
            0,
            QCoreApplication.translate("Passphrase", "Too short for a vault: use at least {n} characters.").format(
                n=MIN_LENGTH
            ),
        )
    elif problem == "guessable":
        hints.insert(
            0,
            QCoreApplication.translate(
                "Passphrase",
                "Long enough, but too easy to guess for a vault: it is close to a common password, word or pattern.",
            ),
        )
    elif problem == "empty":
        hints.insert(0, strength_hint("empty"))
    return " ".join(dict.fromkeys(hints))


class GeneratorDialog(QDialog):
    """Makes a diceware-style passphrase (random words from the English or Korean list) to use or copy."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Generate a passphrase"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Random words picked by the computer make a passphrase that is strong and easy to type. "
                "Write it down until you know it by heart."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.language = QComboBox()
        self.language.setAccessibleName(self.tr("Word list"))
        self.language.addItem("English", "en")
        self.language.addItem("한국어", "ko")
        self.language.setCurrentIndex(max(0, self.language.findData(current())))
        form.addRow(self.tr("&Words from:"), self.language)
        self.words = QSpinBox()
        self.words.setRange(4, 12)
        self.words.setValue(GENERATED_WORDS)
        self.words.setAccessibleName(self.tr("Number of words"))
        form.addRow(self.tr("&Number of words:"), self.words)
        layout.addLayout(form)
        row = QHBoxLayout()
        self.phrase = QLineEdit()
        self.phrase.setReadOnly(True)
        self.phrase.setAccessibleName(self.tr("Generated passphrase"))
        font = self.phrase.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.phrase.setFont(font)
        self.phrase.setMinimumWidth(380)
        row.addWidget(self.phrase, 1)
        self.again = QPushButton(self.tr("&Again"))
        self.again.setAccessibleName(self.tr("Generate another passphrase"))
        self.again.clicked.connect(self.regenerate)
        row.addWidget(self.again)
        layout.addLayout(row)
        self.bits = QLabel()
        layout.addWidget(self.bits)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.use_button = buttons.addButton(self.tr("&Use this passphrase"), QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.language.currentIndexChanged.connect(self.regenerate)
        self.words.valueChanged.connect(self.regenerate)
        self.regenerate()

    def regenerate(self) -> None:
        """Pick new words."""
        language = str(self.language.currentData())
        n = self.words.value()
        self.phrase.setText(generate(n, language))
        self.bits.setText(
            self.tr("{n} words: {bits:.0f} bits of randomness.").format(n=n, bits=generated_bits(n, language))
        )

    def passphrase(self) -> str:
        """The generated passphrase."""
        return self.phrase.text()


def offer_generated(parent: QWidget, *fields: QLineEdit) -> bool:
    """Open the generator; on "Use", put the passphrase in ``fields`` and show it (so it can be written down)."""
    dialog = GeneratorDialog(parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return False
    fill_generated(dialog.passphrase(), *fields)
    return True


def fill_generated(phrase: str, *fields: QLineEdit) -> None:
    """Put a generated ``phrase`` in every field and show the first in clear, so it can be written down."""
    for field in fields:
        field.setText(phrase)
    if fields and isinstance(fields[0], PassphraseEdit):
        fields[0].set_shown(True)
