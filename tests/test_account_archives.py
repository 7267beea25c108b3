"""Whole account archives (connectors/account_archives/): the Google Takeout zip, the X archive zip, Meta's zip.

The zips are built at run time from the small files already in tests/fixtures/ (tests/archive_support.py);
each test compares what the archive connector reads with what the single-file connectors read from the same
files, so a part read wrongly, twice or not at all fails.
"""

from __future__ import annotations

import zipfile
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from archive_support import (
    SOCIAL,
    TAKEOUT,
    facebook_entries,
    instagram_entries,
    takeout_entries,
    twitter_entries,
    write_zip,
)
from conftest import as_records as records

from connectors.account_archives import GoogleTakeoutArchiveConnector
from wallet.errors import ConnectorError, WalletError
from wallet.imports import registry
from wallet.imports.archive import CheckedZip, FolderSource, MemberSource
from wallet.imports.connector import ImportContext, Source
from wallet.imports.pipeline import import_source
from wallet.model import Record, SkippedItem
from wallet.samples import Samples
from wallet.store.vault import Vault

NY = ZoneInfo("America/New_York")
SEOUL = {"timezone": "Asia/Seoul"}


def read(cid: str, path: Path, **options: Any) -> list[Record | SkippedItem]:
    return list(registry.get(cid).read(Source(path), ImportContext(options=options)))


def read_source(cid: str, source: Source, **options: Any) -> list[Record | SkippedItem]:
    return list(registry.get(cid).read(source, ImportContext(options=options)))


def skipped(items: list[Any]) -> dict[str, str]:
    return {s.where: s.reason for s in items if isinstance(s, SkippedItem)}


def loose(files: list[tuple[str, Path]], **options: Any) -> list[Record]:
    """What the single-file connectors read from the same files on disk."""
    out: list[Record] = []
    for cid, path in files:
        out += records(read(cid, path, **options))
    return out


@pytest.fixture
def takeout(tmp_path: Path) -> Path:
    return write_zip(tmp_path / "takeout-20240309T101500Z-001.zip", takeout_entries())


def _takeout_loose(real_fit_csv: bool = False) -> list[tuple[str, Path]]:
    fitbit = sorted((TAKEOUT / "Fitbit" / "Global Export Data").iterdir())
    fitbit += sorted((TAKEOUT / "Fitbit" / "Physical Activity_GoogleData").iterdir())  # October: no JSON of it
    fit = [p for p in sorted((TAKEOUT / "Fit").rglob("*")) if p.is_file()]
    if not real_fit_csv:
        fit = [p for p in fit if p.name != "Daily activity metrics.csv"]
    return [
        *(("fitbit_takeout", p) for p in fitbit),
        *(("google_fit_takeout", p) for p in fit),
        ("google_my_activity", SOCIAL / "watch-history.json"),
        ("google_my_activity", SOCIAL / "MyActivity.html"),
    ]


# ------------------------------------------------------------------ Google Takeout


def test_a_takeout_zip_is_known_by_its_layout_and_claimed_by_this_connector_alone(tmp_path: Path) -> None:
    renamed = write_zip(tmp_path / "my download.zip", takeout_entries())
    assert list(registry.detect(Source(renamed))) == ["google_takeout_archive"]
    nested = write_zip(tmp_path / "backup.zip", [(f"takeout-1/{n}", d) for n, d in takeout_entries()])
    assert list(registry.detect(Source(nested))) == ["google_takeout_archive"]
    other = write_zip(tmp_path / "photos.zip", [("Photos/IMG_0001.jpg", b"\xff\xd8")])
    assert "google_takeout_archive" not in registry.detect(Source(other))
    cut = tmp_path / "takeout-20240309T101500Z-001.zip"
    cut.write_bytes(renamed.read_bytes()[:3000])
    assert list(registry.detect(Source(cut))) == ["google_takeout_archive"]  # by its name: read says what is wrong
    with pytest.raises(ConnectorError, match="not a readable zip archive"):
        read("google_takeout_archive", cut)


def test_every_part_read_by_its_connector_gives_what_the_loose_files_give(takeout: Path) -> None:
    got = records(read("google_takeout_archive", takeout, **SEOUL))
    want = loose(_takeout_loose(), **SEOUL)
    assert sorted(r.content_hash for r in got) == sorted(r.content_hash for r in want)
    kinds = Counter(r.kind for r in got)
    assert kinds["resting_heart_rate"] == 2 + 2 and kinds["youtube_watch"] == 2 and kinds["heart_rate"] >= 5
    assert kinds["workout"] == 1 and kinds["web_visit"] >= 1 and kinds["active_minutes"] >= 1


@pytest.mark.slow
def test_the_real_google_fit_daily_metrics_read_from_the_zip_as_from_the_file(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "takeout-20240309T101500Z-001.zip", takeout_entries(real_fit_csv=True))
    got = records(read("google_takeout_archive", path, **SEOUL))
    want = loose(_takeout_loose(real_fit_csv=True), **SEOUL)
    assert sorted(r.content_hash for r in got) == sorted(r.content_hash for r in want)
    assert Counter(r.kind for r in got)["steps_daily"] > 100


def test_provenance_names_the_archive_the_entry_and_the_connector_that_read_it(takeout: Path) -> None:
    got = records(read("google_takeout_archive", takeout))
    by_file = {r.provenance.source_name: r.provenance for r in got}
    hr = by_file[f"{takeout.name}/Takeout/Fitbit/Global Export Data/heart_rate-2024-03-09.json"]
    # heart rate is samples: a series names the part's connector (the same series as the file read loose)
    assert hr.connector_id == "fitbit_takeout" and hr.connector_version == "1/fitbit_takeout:1"
    weight = by_file[f"{takeout.name}/Takeout/Fitbit/Global Export Data/weight-2024-03-09.json"]
    assert weight.connector_id == "google_takeout_archive" and weight.connector_version == "1/fitbit_takeout:1"
    assert hr.source_sha256 == Source(takeout).sha256
    watch = by_file[f"{takeout.name}/Takeout/YouTube and YouTube Music/history/watch-history.json"]
    assert watch.connector_version == "1/google_my_activity:1"


def test_fitbit_files_take_the_zone_of_the_profile_inside_the_zip(takeout: Path) -> None:
    got = records(read("google_takeout_archive", takeout))
    hr = [r for r in got if r.kind == "heart_rate" and "Global Export Data" in r.provenance.source_name]
    assert hr[0].start == datetime(2024, 3, 9, 1, 59, tzinfo=NY)
    assert "from the archive's Personal & Account/Profile.csv" in hr[0].provenance.warnings[0]
    weights = [r for r in got if r.kind == "body_weight" and "Fitbit" in r.provenance.source_name]
    assert weights and {r.unit for r in weights} == {"lb"}  # the profile's weight unit, read from the zip too


def test_parts_not_read_are_one_line_each_and_named(takeout: Path) -> None:
    lines = skipped(read("google_takeout_archive", takeout, **SEOUL))
    assert lines == {
        "Takeout/Chrome": "not read (1 file: .json)",
        "Takeout/Google Photos": "not read (2 files: .jpg, .json)",
        "Takeout/Fit": "1 file of this part not read (.tcx)",
        "Takeout/YouTube and YouTube Music": "1 file of this part not read (.csv)",
    }
    archive = CheckedZip(Source(takeout), 1 << 30)
    try:
        plan = GoogleTakeoutArchiveConnector().plan(archive)
    finally:
        archive.close()
    summary = {p.name: p.summary() for p in plan.parts.values()}
    assert summary["Takeout/Fit"].startswith("Takeout/Fit: read 2 by google_fit_takeout; 1 file")
    assert summary["Takeout/My Activity"] == "Takeout/My Activity: read 1 by google_my_activity"


def test_fitbit_csvs_are_read_for_the_times_the_json_does_not_cover(tmp_path: Path) -> None:
    csv_only = write_zip(tmp_path / "takeout-20241028T000000Z-001.zip", takeout_entries(fitbit_json=False))
    got = records(read("google_takeout_archive", csv_only))
    from_csv = [r for r in got if "Physical Activity_GoogleData" in r.provenance.source_name]
    assert Counter(r.kind for r in from_csv) == {
        "heart_rate": 3,
        "resting_heart_rate": 2,
        "steps": 2,
        "distance": 2,
        "calories": 2,
    }
    # the JSON's heart rate runs from 2024-03-09 01:59 to 2024-03-10 (New York): a CSV row inside is the same reading
    overlap = "Takeout/Fitbit/Physical Activity_GoogleData/heart_rate_2024-03-09.csv"
    rows = b"timestamp,beats per minute\n2024-03-09T12:00:00Z,70.0\n2024-03-12T12:00:00Z,71.0\n"
    both = write_zip(tmp_path / "takeout-20241028T000000Z-002.zip", [*takeout_entries(), (overlap, rows)])
    items = read("google_takeout_archive", both)
    mine = [r for r in records(items) if r.provenance.source_name.endswith(overlap)]
    assert [r.value for r in mine] == [71.0]
    assert skipped(items)[f"{overlap}: rows"].startswith("1 of its rows not read: from 2024-03-09 to 2024-03-1")
    # the October CSVs are outside every JSON's span: read whole, after the JSON
    later = [r for r in records(items) if "Physical Activity_GoogleData" in r.provenance.source_name]
    assert len(later) == 1 + 11
    names = [r.provenance.source_name for r in records(items) if "/Fitbit/" in r.provenance.source_name]
    assert max(i for i, n in enumerate(names) if "Global Export Data" in n) < names.index(
        mine[0].provenance.source_name
    )
    # handed in alone, the same CSV is read whole
    loose_csv = tmp_path / "heart_rate_2024-03-09.csv"
    loose_csv.write_bytes(rows)
    assert [r.value for r in records(read("fitbit_takeout", loose_csv))] == [70.0, 71.0]


def test_a_damaged_entry_is_one_line_and_the_rest_is_read(tmp_path: Path) -> None:
    entries = takeout_entries()
    cut = "Takeout/Fitbit/Global Export Data/steps-2024-03-09.json"
    entries = [(n, d[:-30] if n == cut else d) for n, d in entries]  # its head still says what it is
    path = write_zip(tmp_path / "takeout-20240309T101500Z-001.zip", entries)
    items = read("google_takeout_archive", path)
    lines = skipped(items)
    assert "cut short" in lines[cut] and "the rest of the archive is read" in lines[cut]
    others = [r for r in records(items) if not r.provenance.source_name.endswith(cut)]
    whole = [r for r in records(read("google_takeout_archive", write_zip(tmp_path / "whole.zip", takeout_entries())))]
    assert sorted(r.content_hash for r in others) == sorted(
        r.content_hash for r in whole if not r.provenance.source_name.endswith(cut)
    )


def test_nothing_readable_is_one_error_naming_the_parts(tmp_path: Path) -> None:
    path = write_zip(
        tmp_path / "takeout-20240309T101500Z-002.zip",
        [(n, d) for n, d in takeout_entries() if "/Google Photos/" in n or "/Chrome/History" in n],
    )
    with pytest.raises(ConnectorError) as info:
        read("google_takeout_archive", path)
    assert "Takeout/Chrome; Takeout/Google Photos" in str(info.value) and "\n" not in str(info.value)


def _encrypted(path: Path) -> Path:
    """The Takeout zip with its entries marked encrypted (bit 0 of the flags, local and central headers)."""
    data = bytearray(write_zip(path, takeout_entries()).read_bytes())
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(magic)
        while at >= 0:
            data[at + offset] |= 0x1
            at = data.find(magic, at + 4)
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert all(i.flag_bits & 0x1 for i in zf.infolist())
    return path


@pytest.mark.parametrize("hostile", ["escaping", "absolute", "encrypted", "bomb", "over the cap"])
def test_hostile_zips_are_refused_whole_and_the_vault_is_unchanged(hostile: str, tmp_path: Path, vault: Vault) -> None:
    path = tmp_path / "takeout-20240309T101500Z-001.zip"
    options: dict[str, Any] = {}
    if hostile == "escaping":
        write_zip(path, [*takeout_entries(), ("Takeout/../../.bashrc", b"echo")])
    elif hostile == "absolute":
        write_zip(path, [*takeout_entries(), ("/etc/cron.d/x", b"* * * * * x")])
    elif hostile == "encrypted":
        _encrypted(path)
    elif hostile == "bomb":
        write_zip(path, [*takeout_entries(), ("Takeout/Fit/All Sessions/big.json", b" " * (2 * 1024 * 1024))])
    else:
        write_zip(path, takeout_entries())
        options["max_uncompressed_bytes"] = 1000
    with pytest.raises(ConnectorError) as info:
        read("google_takeout_archive", path, **options)
    expected = {"encrypted": "is encrypted", "bomb": "zip bomb", "over the cap": "would expand"}
    assert expected.get(hostile, "points outside") in str(info.value)
    assert str(info.value).startswith(path.name) and "\n" not in str(info.value)
    before = vault.count()
    with pytest.raises(WalletError):
        import_source(vault, Source(path), options=options)
    assert vault.count() == before


def test_progress_is_one_bar_over_all_parts(takeout: Path) -> None:
    seen: list[tuple[int, int | None]] = []
    ctx = ImportContext(progress=lambda done, total: seen.append((done, total)), options=dict(SEOUL))
    list(registry.get("google_takeout_archive").read(Source(takeout), ctx))
    totals = {t for _, t in seen}
    assert len(totals) == 1 and None not in totals
    (total,) = totals
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and dones[-1] == total and len(set(dones)) > 5


def test_cancelling_stops_between_and_inside_parts(takeout: Path) -> None:
    count = 0

    def cancelled() -> bool:
        return count >= 5

    ctx = ImportContext(is_cancelled=cancelled, options=dict(SEOUL))
    items = []
    for item in registry.get("google_takeout_archive").read(Source(takeout), ctx):
        items.append(item)
        count += isinstance(item, Record | Samples)
    assert count == 5  # stopped at the next record or batch of samples: calories, distance, heart rate (one batch
    assert len({r.provenance.source_name for r in records(items)}) == 4  # each), then resting heart rate
    assert "Takeout/Google Photos" in skipped(items)  # the parts' lines came first


def test_member_source_finds_siblings_but_never_outside_the_zip(takeout: Path) -> None:
    archive = CheckedZip(Source(takeout), 1 << 30)
    try:
        info = archive.zf.getinfo("Takeout/Fitbit/Global Export Data/steps-2024-03-09.json")
        member = MemberSource(archive, info)
        assert member.name == "steps-2024-03-09.json" and member.size == info.file_size
        profile = member.sibling("../Personal & Account/Profile.csv", 1 << 20)
        assert profile is not None and profile.startswith(b"id,full_name")
        assert member.sibling("../../../../etc/passwd", 1 << 20) is None
        assert member.sibling("../Personal & Account/Profile.csv", 10) is None  # over the limit
        with pytest.raises(ConnectorError, match="larger than"):
            member.read_bytes(limit=10)
    finally:
        archive.close()


@pytest.mark.slow
def test_pipeline_import_then_again_and_the_loose_files_add_nothing(takeout: Path, vault: Vault) -> None:
    report = import_source(vault, Source(takeout), options=dict(SEOUL))
    assert report.connector_id == "google_takeout_archive" and report.added > 30 and not report.error
    assert {s.where for s in report.skipped} >= {"Takeout/Google Photos", "Takeout/Chrome"}
    again = import_source(vault, Source(takeout), options=dict(SEOUL))
    assert again.added == 0 and again.duplicates == report.added
    steps = TAKEOUT / "Fitbit" / "Global Export Data" / "steps-2024-03-09.json"
    assert import_source(vault, Source(steps), options=dict(SEOUL)).added == 0


@pytest.mark.slow
def test_pipeline_cancel_keeps_what_was_committed(takeout: Path, vault: Vault) -> None:
    calls = 0

    def cancel() -> bool:
        nonlocal calls
        calls += 1
        return calls > 50

    report = import_source(vault, Source(takeout), options=dict(SEOUL), cancel=cancel, batch_size=10)
    assert report.cancelled and vault.count() + vault.sample_count() == report.added


# ------------------------------------------------------------------ X and Meta


def test_x_archive_zip_reads_tweets_and_names_the_rest(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "twitter-2024-03-09-abc123.zip", twitter_entries())
    assert list(registry.detect(Source(path))) == ["twitter_archive_zip"]
    items = read("twitter_archive_zip", path)
    want = loose([("twitter_archive", SOCIAL / "tweets.js")])
    assert sorted(r.content_hash for r in records(items)) == sorted(r.content_hash for r in want)
    assert skipped(items) == {
        "data/like": "not read (1 file: .js)",
        "data/direct-messages": "not read (1 file: .js)",
        "data/tweets_media": "not read (1 file: .jpg)",
    }


def test_facebook_and_instagram_zips_read_as_the_loose_files(tmp_path: Path) -> None:
    fb = write_zip(tmp_path / "facebook-minji-20240309.zip", facebook_entries())
    ig = write_zip(tmp_path / "instagram-minji-20240309.zip", instagram_entries())
    for path in (fb, ig):
        assert list(registry.detect(Source(path))) == ["meta_archive_zip"]
    meta = SOCIAL / "meta"
    fb_loose = [("meta_archive", p) for p in sorted((meta / "facebook").rglob("*.json"))]
    ig_loose = [("meta_archive", p) for p in sorted((meta / "instagram").rglob("*.json"))]
    fb_got, ig_got = records(read("meta_archive_zip", fb)), records(read("meta_archive_zip", ig))
    assert sorted(r.content_hash for r in fb_got) == sorted(r.content_hash for r in loose(fb_loose))
    assert sorted(r.content_hash for r in ig_got) == sorted(r.content_hash for r in loose(ig_loose))
    assert {r.payload.get("platform") for r in ig_got} == {"instagram"}
    assert skipped(read("meta_archive_zip", fb)) == {
        "personal_information/profile_information": "not read (1 file: .json)",
        "your_facebook_activity/posts": "1 file of this part not read (.jpg)",
    }


def test_meta_html_download_says_to_choose_json(tmp_path: Path) -> None:
    path = write_zip(tmp_path / "facebook-minji-20240309.zip", [("your_facebook_activity/posts/x.html", b"<p>")])
    assert list(registry.detect(Source(path))) == ["meta_archive_zip"]
    with pytest.raises(ConnectorError, match="choose the JSON format"):
        read("meta_archive_zip", path)


@pytest.mark.slow
def test_memory_stays_flat_over_thousands_of_entries(tmp_path: Path) -> None:
    import tracemalloc

    pad = "x" * 70_000  # each file about 70 KB (a long note in its one reading)
    entries = [
        (
            f"Takeout/Fitbit/Global Export Data/heart_rate-2024-{1 + i // 28:02d}-{1 + i % 28:02d}.json",
            f'[{{"dateTime" : "03/09/24 01:{i // 60 % 60:02d}:{i % 60:02d}", "value" : {{"bpm" : {60 + i % 40}, '
            f'"confidence" : 2}}, "note" : "{pad}"}}]'.encode(),
        )
        for i in range(336)
    ]
    path = write_zip(tmp_path / "takeout-20240309T101500Z-001.zip", entries)
    connector = registry.get("google_takeout_archive")  # every connector's module imported before measuring
    del entries
    tracemalloc.start()
    try:
        n = 0
        for item in connector.read(Source(path), ImportContext(options={"timezone": "UTC"})):
            n += len(item) if isinstance(item, Samples) else isinstance(item, Record)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert n == 336
    assert peak < 4 * 1024 * 1024, f"peak {peak / 1024 / 1024:.1f} MB for 23 MB of entries"


# ------------------------------------------------------------------ the unpacked folder


def _unpack(entries: list[tuple[str, bytes]], into: Path) -> None:
    for name, data in entries:
        path = into / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def test_the_unpacked_takeout_folder_reads_as_the_zip(tmp_path: Path) -> None:
    _unpack(takeout_entries(), tmp_path / "unpacked")
    folder = FolderSource(tmp_path / "unpacked" / "Takeout")
    assert list(registry.detect(folder)) == ["google_takeout_archive"]
    assert list(registry.detect(FolderSource(tmp_path / "unpacked"))) == ["google_takeout_archive"]  # one up
    from_folder = read_source("google_takeout_archive", folder, **SEOUL)
    zipped = write_zip(tmp_path / "takeout-20240309T101500Z-001.zip", takeout_entries())
    from_zip = read("google_takeout_archive", zipped, **SEOUL)
    assert sorted(r.content_hash for r in records(from_folder)) == sorted(r.content_hash for r in records(from_zip))
    assert skipped(from_folder) == skipped(from_zip)
    heart = next(r for r in records(from_folder) if r.kind == "heart_rate" and "Fitbit" in r.provenance.source_name)
    assert heart.provenance.source_name == "Takeout/Fitbit/Global Export Data/heart_rate-2024-03-09.json"
    weight = next(r for r in records(from_folder) if r.kind == "body_weight" and "Fitbit" in r.provenance.source_name)
    assert weight.unit == "lb" and "Profile.csv" in weight.provenance.warnings[-1]  # the profile, in the folder
    assert not registry.detect(FolderSource(tmp_path / "unpacked" / "Takeout" / "Fit" / "All Sessions"))


def test_only_a_folder_that_is_the_archive_reads_as_one(tmp_path: Path) -> None:
    downloads = tmp_path / "Downloads"
    _unpack(
        [*takeout_entries(), ("StreamingHistory0.json", (SOCIAL / "StreamingHistory0.json").read_bytes())], downloads
    )
    assert not registry.detect(FolderSource(downloads))  # the Takeout among other files: file by file
    assert list(registry.detect(FolderSource(downloads / "Takeout"))) == ["google_takeout_archive"]
    assert not registry.detect(FolderSource(SOCIAL))  # Meta's files among others
    _unpack(twitter_entries(), tmp_path / "twitter-2024-03-09-abc123")
    x = FolderSource(tmp_path / "twitter-2024-03-09-abc123")
    assert list(registry.detect(x)) == ["twitter_archive_zip"]
    assert len(records(read_source("twitter_archive_zip", x))) == len(
        records(read("twitter_archive", SOCIAL / "tweets.js"))
    )
    _unpack(instagram_entries(), tmp_path / "instagram-minji-20240309")
    ig = FolderSource(tmp_path / "instagram-minji-20240309")
    assert list(registry.detect(ig)) == ["meta_archive_zip"]
    got = read_source("meta_archive_zip", ig)
    assert {r.payload.get("platform") for r in records(got)} == {"instagram"}
    assert skipped(got) == {"instagram-minji-20240309/connections": "not read (1 file: .json)"}


def test_a_folder_entry_that_is_a_link_is_never_followed(tmp_path: Path) -> None:
    _unpack(takeout_entries(), tmp_path)
    outside = tmp_path / "secret.json"
    outside.write_text('[{"dateTime" : "03/09/24 01:59:00", "value" : {"bpm" : 99, "confidence" : 3}}]')
    (tmp_path / "Takeout" / "Fitbit" / "Global Export Data" / "heart_rate-2024-03-20.json").symlink_to(outside)
    got = records(read_source("google_takeout_archive", FolderSource(tmp_path / "Takeout")))
    assert 99 not in {r.value for r in got if r.kind == "heart_rate"}


@pytest.mark.slow
def test_cli_imports_a_takeout_folder_as_one_and_other_folders_file_by_file(tmp_path: Path, vault: Vault) -> None:
    from click.testing import CliRunner
    from conftest import PASSPHRASE

    from wallet.cli import cli

    vault_dir = vault.path
    vault.close()
    _unpack(takeout_entries(), tmp_path / "download")
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "tweets.js").write_bytes((SOCIAL / "tweets.js").read_bytes())
    result = CliRunner().invoke(
        cli,
        ["--vault", str(vault_dir), "import", str(tmp_path / "download" / "Takeout"), str(plain), "--json"],
        env={"MYDATA_WALLET_PASSPHRASE": PASSPHRASE, "TZ": "Asia/Seoul"},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    import json

    reports = json.loads(result.stdout)
    assert [(r["source"], r["connector_id"]) for r in reports] == [
        ("Takeout", "google_takeout_archive"),
        ("tweets.js", "twitter_archive"),
    ]
    assert reports[0]["added"] > 30 and any(s["where"] == "Takeout/Google Photos" for s in reports[0]["skipped"])
