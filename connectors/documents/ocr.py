"""OCR of scanned documents (PNG, JPEG, HEIC photos and image-only PDFs) with Tesseract, in memory.

Choices (issue 22):

* **Tesseract is run directly, through pipes**: the image goes in on stdin and the
  text comes back on stdout (``tesseract stdin stdout -l kor+eng``), so no file is
  written; the text then lives only in the record, inside the encrypted vault.
  pytesseract was not used because it writes each image and each result to files
  in the system temp directory, in plaintext; ocrmypdf writes whole PDF copies in
  its own temp folders and makes a new PDF, where only the text is wanted here.
  Running the process ourselves also lets a cancel kill it at once.
* **Image-only PDF pages are rasterised by poppler's ``pdftoppm``**, also through
  pipes (the PDF on stdin, the page image on stdout), as the documents view does
  for its previews: a hostile or broken PDF is parsed in a separate process that
  is killed on cancel or timeout, never inside the app (pypdfium2 would parse it
  in-process), and no new dependency comes in.
* **HEIC photos are decoded by pillow-heif** (a maintained wheel that bundles
  libheif), from bytes in memory.
* When Tesseract (or its Korean/English model, or pdftoppm for a PDF) is missing,
  the document is still stored; the import says in one line what OCR needs.

The command can be pointed elsewhere with the ``MYDATA_WALLET_TESSERACT``
environment variable (a path to the ``tesseract`` program).
"""

from __future__ import annotations

import contextlib
import io
import math
import os
import shutil
import subprocess
import threading
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from wallet.errors import ImportCancelled

ENV_TESSERACT = "MYDATA_WALLET_TESSERACT"
"""A path to the ``tesseract`` program, instead of the one on PATH."""
LANGUAGES = ("kor", "eng")
"""Tesseract models used together: Korean and English."""
INSTALL_HINT = "sudo apt-get install tesseract-ocr tesseract-ocr-kor tesseract-ocr-eng"
MAX_OCR_PAGES = 30
"""Pages of an image-only PDF that are read by OCR; the rest is stored but not searchable."""
OCR_DPI = 300
MAX_PIXELS = 12_000_000
"""An image is scaled down to at most this many pixels before OCR (an A4 page at 300 dpi is 8.7 million)."""
MIN_SIDE = 24
"""Images smaller than this on either side hold no readable text (an icon, a 1-pixel sample)."""
PAGE_SECONDS = 120.0
"""Time limit for one page (one tesseract or pdftoppm run)."""
POLL_SECONDS = 0.1
"""How often a running OCR process checks whether the import was cancelled."""


@dataclass
class OcrResult:
    """What OCR found: the text (None when there was none), facts for the payload and warnings."""

    text: str | None = None
    facts: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Engine:
    """A usable Tesseract: its program, version and the languages it will be given."""

    exe: str
    version: str
    languages: str


def tesseract_path() -> str | None:
    """The tesseract program: ``MYDATA_WALLET_TESSERACT`` when set (None if it is not there), else PATH's."""
    chosen = os.environ.get(ENV_TESSERACT)
    if chosen:
        return chosen if os.path.isfile(chosen) and os.access(chosen, os.X_OK) else None
    return shutil.which("tesseract")


_engines: dict[str, Engine | str] = {}


def find_engine() -> Engine | str:
    """A usable :class:`Engine`, or one line that says what OCR needs (the program or a model is missing)."""
    exe = tesseract_path()
    if exe is None:
        return f"OCR needs Tesseract with its Korean and English models ({INSTALL_HINT})"
    cached = _engines.get(exe)
    if cached is not None:
        return cached
    try:
        langs = subprocess.run(
            [exe, "--list-langs"], capture_output=True, timeout=30, check=False, env=_env()
        ).stdout.decode("utf-8", "replace")
        version = subprocess.run(
            [exe, "--version"], capture_output=True, timeout=30, check=False, env=_env()
        ).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return f"OCR needs a working Tesseract ({exe} could not be run; {INSTALL_HINT})"
    have = {line.strip() for line in langs.splitlines()[1:] if line.strip()}
    missing = [lang for lang in LANGUAGES if lang not in have]
    found: Engine | str
    if missing:
        packages = " ".join(f"tesseract-ocr-{lang}" for lang in missing)
        found = f"OCR needs Tesseract's {'+'.join(missing)} model (sudo apt-get install {packages})"
    else:
        first = version.splitlines()[0].strip() if version.strip() else "tesseract"
        found = Engine(exe=exe, version=first, languages="+".join(LANGUAGES))
    _engines[exe] = found
    return found


def _env() -> dict[str, str]:
    # one thread per tesseract: OpenMP would take every core of the machine for a small gain
    return dict(os.environ, OMP_THREAD_LIMIT="1")


def _run(args: list[str], data: bytes, is_cancelled: Callable[[], bool]) -> bytes | None:
    """Run ``args`` with ``data`` on stdin and return its stdout (None when it failed or timed out).

    The pipes are served by a helper thread (``communicate``) while this one polls, so that a
    cancelled import kills the process at once (ImportCancelled is raised).  (Retrying
    ``communicate`` after a timeout would not do: it stops feeding stdin past the pipe's buffer.)"""
    try:
        proc = subprocess.Popen(
            args, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=_env()
        )
    except OSError:
        return None
    outcome: list[bytes] = []

    def talk() -> None:
        with contextlib.suppress(OSError, ValueError):  # the process was killed meanwhile
            outcome.append(proc.communicate(data)[0])

    helper = threading.Thread(target=talk, name="ocr-pipe", daemon=True)
    helper.start()
    deadline = time.monotonic() + PAGE_SECONDS
    try:
        while helper.is_alive():
            helper.join(POLL_SECONDS)
            if helper.is_alive() and is_cancelled():
                raise ImportCancelled("import cancelled")
            if helper.is_alive() and time.monotonic() > deadline:
                return None
    finally:
        if proc.poll() is None:
            proc.kill()
        helper.join()
        proc.wait()
    if proc.returncode != 0 or not outcome:
        return None
    return outcome[0]


def prepare_image(data: bytes, kind: str) -> bytes | None:
    """The image as a grayscale PNG for tesseract, turned upright and scaled to at most MAX_PIXELS.

    None when it cannot be decoded; empty when it is too small to hold text."""
    from PIL import Image, ImageOps

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if kind == "heic":
                import pillow_heif

                heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
                img = heif.to_pillow()
            else:
                img = Image.open(io.BytesIO(data))  # lazy: the header only
                if img.width * img.height > MAX_PIXELS and img.format == "JPEG":
                    # decoded at 1/2, 1/4 or 1/8 scale straight away: a 100-megapixel photo never sits in memory
                    factor = math.sqrt(MAX_PIXELS / (img.width * img.height))
                    img.draft("L", (int(img.width * factor) + 1, int(img.height * factor) + 1))
                img.load()  # beyond Pillow's bound (about 179 million pixels) it refuses: DecompressionBombError
            img = ImageOps.exif_transpose(img) or img
            if img.mode in ("RGBA", "LA", "PA") or (img.mode == "P" and "transparency" in img.info):
                back = Image.new("RGBA", img.size, "white")  # transparent parts read as white paper
                back.alpha_composite(img.convert("RGBA"))
                img = back
            img = img.convert("L")
    except Exception:  # a damaged or unsupported image is still stored; it is only not read
        return None
    width, height = img.size
    if min(width, height) < MIN_SIDE:
        return b""
    if width * height > MAX_PIXELS:
        factor = math.sqrt(MAX_PIXELS / (width * height))
        img = img.resize((max(1, int(width * factor)), max(1, int(height * factor))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def recognise(png: bytes, engine: Engine, is_cancelled: Callable[[], bool]) -> str | None:
    """The text tesseract reads in one image (PNG bytes), or None when it failed."""
    # --psm 4 (one column of lines of varying size): receipts and bills keep each row ("합계 금액 17,300원")
    # on one line, and Korean text, which the automatic layout (--psm 3) often takes for vertical text or
    # pictures, is read whole
    args = [engine.exe, "stdin", "stdout", "-l", engine.languages, "--psm", "4"]
    out = _run(args, png, is_cancelled)
    if out is None:
        return None
    return tidy(out.decode("utf-8", "replace"))


def tidy(text: str) -> str:
    """Tesseract's output without its form feeds and runs of blank lines."""
    lines = [line.rstrip() for line in text.replace("\f", "\n").splitlines()]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip()


def ocr_image(
    data: bytes,
    kind: str,
    name: str,
    *,
    progress: Callable[[int, int | None], None] = lambda done, total: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> OcrResult:
    """OCR of a PNG, JPEG or HEIC image; a missing Tesseract or an unreadable image gives a note, not an error."""
    result = OcrResult()
    engine = find_engine()
    if isinstance(engine, str):
        result.notes.append(f"{name} was stored, but its text was not read: {engine}")
        return result
    png = prepare_image(data, kind)
    if png is None:
        result.notes.append(f"{name}: the image could not be decoded (damaged?), so its text was not read")
        return result
    if not png:  # an icon or a placeholder: nothing to read
        return result
    progress(0, 1)
    text = recognise(png, engine, is_cancelled)
    progress(1, 1)
    result.facts = {"engine": engine.version, "languages": engine.languages, "pages": 1}
    if text is None:
        result.notes.append(f"{name}: OCR failed on this image, so its text is not searchable")
        return result
    result.text = text or None
    return result


def _page_dpi(width_pt: float, height_pt: float) -> int:
    """OCR_DPI, or less for a page so large that it would pass MAX_PIXELS."""
    pixels = width_pt * height_pt * (OCR_DPI / 72) ** 2
    if pixels <= MAX_PIXELS or pixels <= 0:
        return OCR_DPI
    return max(36, int(OCR_DPI * math.sqrt(MAX_PIXELS / pixels)))


def _page_sizes(data: bytes) -> list[tuple[float, float]]:
    """Each page's width and height in points (pypdf), for choosing a resolution; [] when unknown."""
    try:
        from pypdf import PdfReader

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=False)
            if reader.is_encrypted and not reader.decrypt(""):
                return []
            return [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]
    except Exception:  # pdftoppm may still read a PDF pypdf cannot: default sizes then
        return []


def ocr_pdf(
    data: bytes,
    name: str,
    pages: int,
    *,
    progress: Callable[[int, int | None], None] = lambda done, total: None,
    is_cancelled: Callable[[], bool] = lambda: False,
) -> OcrResult:
    """OCR of an image-only PDF's pages, each rasterised by pdftoppm through pipes; notes instead of errors."""
    result = OcrResult()
    engine = find_engine()
    if isinstance(engine, str):
        result.notes.append(f"{name} is a scan and was stored, but its text was not read: {engine}")
        return result
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        result.notes.append(
            f"{name} is a scan and was stored, but its text was not read: OCR of a PDF needs poppler's pdftoppm "
            "(sudo apt-get install poppler-utils)"
        )
        return result
    sizes = _page_sizes(data)
    count = min(max(pages, len(sizes), 1), MAX_OCR_PAGES)
    texts: list[str] = []
    failed = 0
    progress(0, count)
    for i in range(count):
        if is_cancelled():
            raise ImportCancelled("import cancelled")
        width, height = sizes[i] if i < len(sizes) else (595.0, 842.0)
        args = [pdftoppm, "-gray", "-png", "-r", str(_page_dpi(width, height)), "-f", str(i + 1), "-l", str(i + 1)]
        image = _run([*args, "-singlefile", "-"], data, is_cancelled)
        text = recognise(image, engine, is_cancelled) if image else None
        if text is None:
            failed += 1
        elif text:
            texts.append(text)
        progress(i + 1, count)
    if pages > MAX_OCR_PAGES:
        result.notes.append(f"only the first {MAX_OCR_PAGES} pages of {name} were read by OCR")
    if failed:
        result.notes.append(f"{name}: OCR failed on {failed} of {count} pages; their text is not searchable")
    result.facts = {"engine": engine.version, "languages": engine.languages, "pages": count - failed}
    result.text = "\n\n".join(texts) or None
    return result


__all__ = ["ENV_TESSERACT", "Engine", "OcrResult", "find_engine", "ocr_image", "ocr_pdf", "tesseract_path"]
