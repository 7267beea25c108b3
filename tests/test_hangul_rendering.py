"""Korean draws as Hangul, not as missing-glyph boxes, on a system without a CJK font (issue 18, point 1).

The app registers the bundled NanumGothic at start-up (wallet.ui.app._run calls
wallet.ui.fonts.add_hangul_fallback) as a fallback behind the system font.  Each check renders
two different syllables ("건", "강") and a code point no font has (U+10FFFD, drawn as the
missing-glyph box) in several widgets and with QPainter.drawText, and compares the pixels:
with the font registered the syllables differ from each other and from the box; without it, on a
machine with no Korean system font, they are all the same box (the check can fail, i.e. it sees boxes).

The rendering runs in a fresh Python process each time: an application font, once added, stays for
the whole process, and other tests of the same run may have added it already.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("PySide6.QtWidgets", reason="the desktop app needs PySide6")

ROOT = Path(__file__).resolve().parent.parent
SYLLABLES = ("건", "강")
MISSING = "\U0010fffd"  # a private-use code point no font has: Qt draws the missing-glyph box
BLANK = ""

PROBE = r"""
import hashlib, json, sys
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton

app = QApplication(sys.argv[:1])
korean_system = QFontDatabase.families(QFontDatabase.WritingSystem.Korean)
if sys.argv[1] == "app":
    from wallet.ui.fonts import add_hangul_fallback

    add_hangul_fallback()  # what wallet.ui.app._run does at start-up


def widget(kind, text):
    if kind == "edit":
        w = QLineEdit(text)
    elif kind == "button":
        w = QPushButton(text)
    else:
        w = QLabel(text)
        w.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if kind == "bold":
        font = QFont()
        font.setBold(True)
        w.setFont(font)
    elif kind == "fixed":  # the recovery-key label of the create screen
        w.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
    w.setFixedSize(80, 40)
    return w.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def painted(text):
    img = QImage(80, 40, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(QApplication.font())
    p.setPen(QColor("black"))
    p.drawText(img.rect(), Qt.AlignmentFlag.AlignCenter, text)
    p.end()
    return img


def pixels(img):
    dark = sum(
        1 for y in range(img.height()) for x in range(img.width()) if QColor(img.pixel(x, y)).lightness() < 128
    )
    return {"sha256": hashlib.sha256(bytes(img.constBits())).hexdigest(), "dark": dark}


texts = json.loads(sys.argv[2])
out = {"korean_system": korean_system, "families": QApplication.font().families(), "images": {}}
for kind in ("label", "bold", "fixed", "edit", "button", "painter"):
    render = painted if kind == "painter" else (lambda t, k=kind: widget(k, t))
    out["images"][kind] = {t: pixels(render(t)) for t in texts}
print(json.dumps(out))
"""


def render(mode: str) -> dict[str, Any]:
    """Render the syllables, the missing-glyph code point and nothing in a fresh offscreen Qt process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    texts = json.dumps([*SYLLABLES, MISSING, BLANK])
    done = subprocess.run(
        [sys.executable, "-c", PROBE, mode, texts],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


@pytest.fixture(scope="module")
def with_app_font() -> dict[str, Any]:
    return render("app")


@pytest.fixture(scope="module")
def without_app_font() -> dict[str, Any]:
    return render("none")


@pytest.mark.parametrize("kind", ["label", "bold", "fixed", "edit", "button", "painter"])
def test_hangul_draws_as_glyphs_with_the_bundled_font(with_app_font: dict[str, Any], kind: str) -> None:
    assert "NanumGothic" in with_app_font["families"]  # a fallback behind the system font, not instead of it
    assert with_app_font["families"][0] != "NanumGothic"
    images = with_app_font["images"][kind]
    first, second = (images[s] for s in SYLLABLES)
    box, blank = images[MISSING], images[BLANK]
    assert first["sha256"] != second["sha256"], "the two syllables draw the same image: missing-glyph boxes"
    for syllable in (first, second):
        assert syllable["sha256"] != box["sha256"]
        assert syllable["sha256"] != blank["sha256"]
        assert syllable["dark"] > 0


def test_without_the_bundled_font_hangul_is_boxes(without_app_font: dict[str, Any]) -> None:
    """The check above can fail: without the registration, on this machine, the syllables are identical boxes."""
    if without_app_font["korean_system"]:
        pytest.skip(
            "a Korean system font is installed "
            f"({', '.join(without_app_font['korean_system'][:3])}): Hangul draws without the bundled font here"
        )
    assert "NanumGothic" not in without_app_font["families"]
    for kind in ("label", "painter"):
        images = without_app_font["images"][kind]
        first, second, box = (images[t]["sha256"] for t in (*SYLLABLES, MISSING))
        assert first == second == box, kind
        assert images[SYLLABLES[0]]["dark"] > 0  # a box, not nothing
