"""Languages: Korean and English, following the system locale unless chosen in settings.

Sources: ``resources/i18n/mydata_wallet_ko.ts`` (Qt Linguist).  Compiled
catalogues are committed beside them (``resources/i18n/*.qm``) so the app works
without the Qt tools.  Rebuild after changing strings::

    .venv/bin/pyside6-lupdate wallet/ui/*.py -ts resources/i18n/mydata_wallet_ko.ts
    .venv/bin/pyside6-lrelease resources/i18n/mydata_wallet_ko.ts -qm resources/i18n/mydata_wallet_ko.qm
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from wallet.resources import resource_path

QM_DIR = resource_path("i18n")
LANGUAGES = ("en", "ko")
SETTINGS_ORG = "mydata-wallet"
SETTINGS_APP = "mydata-wallet"

_installed: list[QTranslator] = []


def settings() -> QSettings:
    """The app's settings (auto-lock, language, window geometry).  Never personal data."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, SETTINGS_ORG, SETTINGS_APP)


def system_language() -> str:
    """The app language the system locale asks for: ``ko`` for Korean, else ``en``."""
    return "ko" if QLocale.system().language() == QLocale.Language.Korean else "en"


def chosen_language() -> str:
    """The language in settings ('en', 'ko'), or the system's when set to 'system'."""
    value = str(settings().value("language", "system"))
    return value if value in LANGUAGES else system_language()


def install(language: str) -> bool:
    """Install the translator for ``language`` (replacing any earlier one).  True if loaded."""
    app = QCoreApplication.instance()
    if app is None:
        return False
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    if language == "en":
        return True
    translator = QTranslator(app)
    if not translator.load(str(QM_DIR / f"mydata_wallet_{language}.qm")):
        return False
    QCoreApplication.installTranslator(translator)
    _installed.append(translator)
    # Qt's own strings (OK, Cancel, Close in standard dialogs) come from qtbase_<lang>.qm,
    # which the PySide6 wheel ships.
    qt_translator = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_translator.load(f"qtbase_{language}", qt_dir):
        QCoreApplication.installTranslator(qt_translator)
        _installed.append(qt_translator)
    return True


def current() -> str:
    """The language installed now: ``ko`` when the Korean translation is loaded, else ``en``."""
    return "ko" if _installed else "en"


def tr(context: str, text: str) -> str:
    """Translate ``text`` in ``context`` outside a QObject (the text itself when there is no translation)."""
    return QCoreApplication.translate(context, text)


def domain_label(domain: str) -> str:
    """The translated name of a record area; an unknown area shows its own id."""
    labels = {
        "health": QCoreApplication.translate("Domains", "Health"),
        "fitness": QCoreApplication.translate("Domains", "Fitness"),
        "finance": QCoreApplication.translate("Domains", "Finance"),
        "energy": QCoreApplication.translate("Domains", "Energy"),
        "documents": QCoreApplication.translate("Domains", "Documents"),
        "profile": QCoreApplication.translate("Domains", "Profile"),
        "social": QCoreApplication.translate("Domains", "Social and entertainment"),
    }
    return labels.get(domain, domain)


def strength_label(score: int) -> str:
    """The translated word for a passphrase strength score (0-4; out of range is clamped)."""
    labels = [
        QCoreApplication.translate("Strength", "Very weak"),
        QCoreApplication.translate("Strength", "Weak"),
        QCoreApplication.translate("Strength", "Fair"),
        QCoreApplication.translate("Strength", "Good"),
        QCoreApplication.translate("Strength", "Strong"),
    ]
    return labels[max(0, min(score, 4))]


def strength_hint(key: str) -> str:
    """The translated advice for a passphrase weakness key; an unknown key is shown as is."""
    hints = {
        "empty": QCoreApplication.translate("Strength", "Type a passphrase."),
        "short": QCoreApplication.translate("Strength", "Use at least 8 characters."),
        "common": QCoreApplication.translate("Strength", "Avoid common words and number runs."),
        "words": QCoreApplication.translate("Strength", "Several unrelated words make a strong passphrase."),
    }
    return hints.get(key, key)
