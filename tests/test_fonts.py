"""The bundled Hangul font backs every window, so Korean draws where the system has no Korean font."""

from __future__ import annotations

import pytest

pytest.importorskip("PySide6", reason="the desktop app's font set-up needs PySide6")

from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QApplication

from wallet.ui.fonts import add_hangul_fallback, hangul_family


def test_the_bundled_font_draws_hangul(qapp: QApplication) -> None:
    family = hangul_family()
    assert family == "NanumGothic"
    assert QFontMetrics(QFont(family)).inFontUcs4(ord("가"))


def test_the_fallback_comes_after_the_system_font_once(qapp: QApplication) -> None:
    before = QApplication.font()
    try:
        own = before.families() or [before.family()]
        add_hangul_fallback()
        add_hangul_fallback()
        families = QApplication.font().families()
        assert families[: len(own)] == own  # the person's own font still comes first
        assert families.count("NanumGothic") == 1
    finally:
        QApplication.setFont(before)
