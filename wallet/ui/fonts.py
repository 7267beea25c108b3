"""The Hangul font the wallet ships (NanumGothic, SIL OFL, ``resources/fonts/``), for every window.

A laptop without a Korean system font drew every Korean name, menu and record title as empty boxes:
the app now adds NanumGothic behind the system's own font, so Qt takes Hangul from it only where the
system font has none, and the emergency page draws with it throughout.
"""

from __future__ import annotations

from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from wallet.resources import resource_path

FONT_FILES = ("NanumGothic.ttf", "NanumGothicBold.ttf")
_family: str | None = None


def hangul_family() -> str:
    """The family name of the bundled Hangul font, loaded into Qt once ("NanumGothic")."""
    global _family
    if _family is None:
        family = "NanumGothic"
        for name in FONT_FILES:
            font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts") / name))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families:
                family = families[0]
        _family = family
    return _family


def add_hangul_fallback() -> None:
    """Put the bundled Hangul font after the application font's own families (a fallback, not a change)."""
    font = QApplication.font()
    families = font.families() or [font.family()]
    family = hangul_family()
    if family not in families:
        font.setFamilies([*families, family])
        QApplication.setFont(font)
