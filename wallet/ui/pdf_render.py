"""One page of a PDF as a ``QImage``, rasterised by poppler's ``pdftoppm`` through pipes.

The PDF goes in on stdin and the PNG comes back on stdout: no file is written
(the documents may hold personal data).  Safe to call from any thread.
"""

from __future__ import annotations

import shutil
import subprocess

from PySide6.QtGui import QImage

DEFAULT_TIMEOUT = 30


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
