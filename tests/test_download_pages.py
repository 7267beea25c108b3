"""The "how to download your data" pages: one section per connector, in English and Korean, shipped for the app."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pytest.importorskip("PySide6.QtCore", reason="the app's import message needs PySide6")

from wallet.imports import registry
from wallet.ui.import_summary import download_page, importable_text

ROOT = Path(__file__).resolve().parents[1]
PAGES = {"en": ROOT / "docs" / "download-your-data.md", "ko": ROOT / "docs" / "download-your-data.ko.md"}


def first_party_ids() -> set[str]:
    return {cid for cid, cls in registry.connectors().items() if cls.__module__.startswith("connectors.")}


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_every_first_party_connector_has_a_section(lang: str) -> None:
    text = PAGES[lang].read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("#")]
    named = {cid for line in headings for cid in re.findall(r"`([a-z_]+)`", line)}
    ids = first_party_ids()
    assert len(ids) >= 19  # fhir ... meta_archive: a registry that lost its entry points would pass vacuously
    assert ids - named == set(), "a connector without a 'how to download' section"
    assert named - ids == set(), "a section for a connector that does not exist"


def test_the_two_languages_have_the_same_sections() -> None:
    def ids(path: Path) -> list[str]:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [cid for line in lines if line.startswith("#") for cid in re.findall(r"`([a-z_]+)`", line)]

    assert ids(PAGES["en"]) == ids(PAGES["ko"])
    assert "내려받" in PAGES["ko"].read_text(encoding="utf-8")


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_app_ships_the_current_page_and_names_it(lang: str) -> None:
    shipped = download_page(lang)
    assert shipped.name == PAGES[lang].name and shipped.parent.name == "docs"
    assert shipped.read_bytes() == PAGES[lang].read_bytes(), "copy docs/download-your-data*.md to resources/docs/"


def test_the_message_for_an_unrecognised_file_points_to_the_page() -> None:
    text = importable_text()  # the app's language is English here (no translator installed)
    assert str(download_page("en")) in text
    assert text.splitlines()[-1].endswith(str(download_page("en")))


@pytest.mark.usefixtures("gui_env")
def test_in_korean_the_message_names_the_korean_page() -> None:
    from wallet.ui import i18n

    assert i18n.install("ko")
    text = importable_text()
    assert text.splitlines()[-1] == f"출처별 내려받는 방법(메뉴 경로, 고를 파일, 걸리는 시간): {download_page('ko')}"
    assert download_page() == download_page("ko") != download_page("en")


@pytest.mark.usefixtures("gui_env")
def test_an_unrecognised_file_in_the_app_names_the_page(qtbot, vault, vault_dir, tmp_path) -> None:
    pytest.importorskip("pytestqt", reason="the desktop app tests need pytest-qt")
    from ui_support import open_window

    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\x01 nothing anyone reads")
    window = open_window(qtbot, vault_dir, vault=vault)
    failures: list[tuple[str, str]] = []
    window.imports.failed.connect(lambda name, msg: failures.append((name, msg)))
    window.import_files([junk])
    qtbot.waitUntil(lambda: bool(failures), timeout=20000)
    ((name, message),) = failures
    assert name == "junk.bin" and "no connector recognises" in message
    assert str(download_page("en")) in message and download_page("en").is_file()
