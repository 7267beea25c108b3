"""One page of a PDF as a ``QImage``, rasterised by poppler's ``pdftoppm`` through pipes.

The PDF goes in on stdin and the PNG comes back on stdout: no file is written
(the documents may hold personal data).  Safe to call from any thread.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess

from PySide6.QtGui import QImage

DEFAULT_TIMEOUT = 30
MAX_PIXELS = 25_000_000
"""A page is rasterised to at most this many pixels (100 MB as RGBA): a PDF may declare a page
of 200 x 200 inches, which at 150 dpi would take gigabytes in pdftoppm and here."""
_SIZE = re.compile(rb"Page\s+\d+\s+size:\s+([0-9.]+)\s+x\s+([0-9.]+)\s+pts")


def _page_points(exe: str, pdf: bytes, page: int, timeout: float) -> tuple[float, float] | None:
    """The page's width and height in points, from pdfinfo beside pdftoppm (None if unknown)."""
    info = shutil.which("pdfinfo", path=os.path.dirname(exe)) or shutil.which("pdfinfo")
    if info is None:
        return None
    try:
        done = subprocess.run(
            [info, "-f", str(page), "-l", str(page), "-"], input=pdf, capture_output=True, timeout=timeout, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    match = _SIZE.search(done.stdout)
    return (float(match.group(1)), float(match.group(2))) if match else None


def render_pdf_page(
    pdf: bytes,
    page: int = 1,
    *,
    dpi: int | None = None,
    scale_to: int | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> QImage | None:
    """Page ``page`` (1-based) of ``pdf`` at ``dpi``, or scaled so its longer side is ``scale_to`` pixels.

    Exactly one of ``dpi`` and ``scale_to`` is given.  None when pdftoppm is
    missing, fails, times out, or the page does not exist.
    """
    if scale_to is not None and dpi is None:
        size = ["-scale-to", str(int(scale_to))]
    elif dpi is not None and scale_to is None:
        size = ["-r", str(int(dpi))]
    else:
        raise ValueError("give exactly one of dpi and scale_to")
    exe = shutil.which("pdftoppm")
    if exe is None:
        return None
    if dpi is not None:
        # -r alone follows the page's declared size, however huge: cap the pixels (unknown size: cap the side)
        width, height = _page_points(exe, pdf, page, timeout) or (0.0, 0.0)
        pixels = width * height * (dpi / 72) ** 2
        if pixels > MAX_PIXELS:
            size = ["-scale-to", str(max(1, int(max(width, height) * dpi / 72 * math.sqrt(MAX_PIXELS / pixels))))]
    elif scale_to is not None and int(scale_to) > math.sqrt(MAX_PIXELS) * 2:
        size = ["-scale-to", str(int(math.sqrt(MAX_PIXELS) * 2))]
    args = [exe, "-png", "-f", str(page), "-l", str(page), "-singlefile", *size]
    try:
        done = subprocess.run([*args, "-"], input=pdf, capture_output=True, timeout=timeout, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0 or not done.stdout:
        return None
    image = QImage()
    if not image.loadFromData(done.stdout) or image.isNull():
        return None
    return image


__all__ = ["render_pdf_page"]
