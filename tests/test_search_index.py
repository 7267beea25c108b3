"""The search index by date (schema 8, wallet.store.search_index): Vault.search against a brute-force
substring search, its upkeep through every change of records, and the migration of a schema-7 vault."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from wallet.model import Domain, Person, Provenance, Record
from wallet.store import search_index
from wallet.store.keys import KdfParams
from wallet.store.rows import utc_iso
from wallet.store.vault import Vault

PASSPHRASE = "correct horse battery staple"
PROV = Provenance(connector_id="manual", connector_version="1", source_name="test")
T0 = datetime(2021, 3, 1, 12, 0, tzinfo=UTC)


def _rec(title: str, start: datetime | None = T0, text: str | None = None, code: str | None = None) -> Record:
    return Record(domain=Domain.HEALTH, kind="note", title=title, start=start, text=text, code=code, provenance=PROV)


def _fold(s: str) -> str:
    """Lower case one character at a time (written apart from the module's, as the reference)."""
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in s)


def _brute(vault: Vault, text: str, person_id: str | None = None) -> list[str]:
    """Every record holding each term as a case-insensitive substring of its search text, newest first."""
    terms = [_fold(t) for t in text.split()]
    if not terms:
        return []
    rows = vault.conn.execute("SELECT rowid, id, start, person_id FROM records").fetchall()
    by_id = vault.records_by_id([r[1] for r in rows])
    hits = [
        (start or "", rowid, rid)
        for rowid, rid, start, pid in rows
        if (person_id is None or pid == person_id) and all(t in _fold(by_id[rid].search_text()) for t in terms)
    ]
    hits.sort(reverse=True)  # start DESC (none: "" sorts last), then rowid DESC
    return [rid for _s, _r, rid in hits]


def _ids(records: list[Record]) -> list[str]:
    return [r.id for r in records]


# ---------------------------------------------------------------- examples
def test_short_terms_inside_longer_words(vault: Vault) -> None:
    vault.add_records(
        [_rec("고혈압약 처방"), _rec("당뇨병 검사"), _rec("Blood pressure", text="BP 128/82"), _rec("bpm")]
    )
    assert [r.title for r in vault.search("혈압")] == ["고혈압약 처방"]
    assert [r.title for r in vault.search("압약")] == ["고혈압약 처방"]
    assert [r.title for r in vault.search("약")] == ["고혈압약 처방"]
    assert [r.title for r in vault.search("당뇨")] == ["당뇨병 검사"]
    assert sorted(r.title for r in vault.search("bP")) == ["Blood pressure", "bpm"]
    assert [r.title for r in vault.search("BP 128")] == ["Blood pressure"]
    assert [r.title for r in vault.search("혈압 처방")] == ["고혈압약 처방"]
    assert vault.search("혈압 bp") == []
    assert vault.search("압혈") == [], "the characters of a term in their order only"
    assert vault.search("   ") == []


def test_a_term_does_not_run_across_words(vault: Vault) -> None:
    vault.add_records([_rec("ab bd", text="x\ny")])
    assert vault.search("abd") == [], "ab, then bd of the next word: not one word"
    assert vault.search("xy") == []
    assert len(vault.search("ab")) == len(vault.search("bd")) == len(vault.search("y")) == 1


def test_newest_first_with_records_without_a_date_last(vault: Vault) -> None:
    recs = [
        _rec("scan one", start=None),
        _rec("scan two", start=T0),
        _rec("scan three", start=T0 + timedelta(minutes=30)),  # the same hour: ordered by the exact time
        _rec("scan four", start=T0 + timedelta(minutes=10)),
        _rec("scan five", start=datetime(1899, 12, 31, tzinfo=UTC)),
    ]
    vault.add_records(recs)
    assert [r.title for r in vault.search("scan")] == ["scan three", "scan four", "scan two", "scan five", "scan one"]
    assert [r.title for r in vault.search("scan", limit=2, offset=1)] == ["scan four", "scan two"]
    assert [r.title for r in vault.search("scan", limit=10, offset=4)] == ["scan one"]
    assert vault.search("scan", limit=0) == []


def test_pages_inside_one_hour_are_in_exact_order(vault: Vault) -> None:
    # one hour of records, written in an order other than their times: every page must cut the same order
    minutes = [7, 3, 59, 0, 31, 12, 45, 3, 22, 50, 1, 58]
    vault.add_records([_rec(f"heart rate {i}", start=T0 + timedelta(minutes=m)) for i, m in enumerate(minutes)])
    everything = _ids(vault.search("heart", limit=100))
    assert everything == _brute(vault, "heart")
    paged = [rid for offset in range(0, 12, 5) for rid in _ids(vault.search("heart", limit=5, offset=offset))]
    assert paged == everything


def test_person_filter_and_moves(vault: Vault) -> None:
    child = Person(name="Minji")
    vault.save_person(child)
    mine, theirs = _rec("혈압 측정"), _rec("혈압약", start=T0 + timedelta(days=1))
    theirs.person_id = child.id
    vault.add_records([mine, theirs])
    holder = vault.holder().id
    assert _ids(vault.search("혈압")) == [theirs.id, mine.id]
    assert _ids(vault.search("혈압", person_id=child.id)) == [theirs.id]
    assert _ids(vault.search("혈압", person_id=holder)) == [mine.id]
    assert vault.move_records([mine.id], child.id) == 1
    assert _ids(vault.search("혈압", person_id=child.id)) == [theirs.id, mine.id]
    assert vault.search("혈압", person_id=holder) == []
    assert vault.check() == []
    vault.delete_person_everything(child.id)
    assert vault.search("혈압") == []
    assert vault.check() == []


def test_update_delete_and_undo_keep_the_index(vault: Vault) -> None:
    rec = _rec("Receipt", text="약국 amoxicillin")
    other = _rec("약국 영수증", start=T0 - timedelta(days=3))
    vault.add_records([rec, other])
    assert _ids(vault.search("약국")) == [rec.id, other.id]
    rec.start = T0 - timedelta(days=30)  # a new date: a new place in the order
    rec.text = "changed 처방전"
    vault.update_record(rec)
    assert _ids(vault.search("약국")) == [other.id]
    assert _ids(vault.search("처방")) == [rec.id]
    assert vault.check() == []
    vault.delete_record(other.id)
    assert vault.search("약국") == []
    vault.begin_import("imp-1", datetime.now(UTC), "manual", "test", "")
    vault.add_records([_rec("imported 심박수")], import_id="imp-1")
    assert len(vault.search("심박")) == 1
    vault.undo_import("imp-1")
    assert vault.search("심박") == []
    assert vault.check() == []


def test_several_common_words_against_the_reference(vault: Vault) -> None:
    """Two and three words, together in many records or in none, in any person, paged, after updates and
    deletions: what the index finds is what a filter over every record finds."""
    child = Person(name="Minji")
    vault.save_person(child)
    texts = [
        ("Heart rate", "8867-4 Heart rate"),
        ("심박수", "Heart rate count/min"),
        ("Steps", "Number of steps"),
        ("걸음 수", "Number of steps"),
        ("Walking + running distance", "Walking distance"),
        ("고혈압약 처방 (암로디핀 5mg)", "1일 1회 아침"),
        ("Blood pressure", "BP 128/82 sitting"),
        ("본태성 고혈압", "Essential hypertension"),
        ("Annual physical exam", "Heart and lungs normal"),
        ("Walking Pad Store", "2023-05-01 체크카드"),
    ]
    recs = []
    for i in range(60):
        title, text = texts[(i * 7) % len(texts)]
        rec = _rec(title, start=None if i % 13 == 0 else T0 + timedelta(minutes=17 * i), text=text)
        rec.person_id = child.id if i % 5 == 0 else None
        recs.append(rec)
    vault.add_records(recs)
    queries = [
        "heart rate",
        "rate heart",
        "heart steps",
        "HEART  Rate 심박",
        "heart rate steps",
        "walking running distance",
        "walking 2023",
        "걸음 walking",
        "혈압 처방",
        "혈압 고혈압약",
        "혈압 blood",
        "blood pressure heart",
        "heart e",
        "heart q",
        "rate 심",
        "steps e x",
        "혈 압",
        "normal exam heart",
        "8867 heart",
    ]
    holder = vault.holder().id
    for person in (None, child.id, holder):
        for q in queries:
            expected = _brute(vault, q, person)
            assert _ids(vault.search(q, limit=100, person_id=person)) == expected, (q, person)
            assert _ids(vault.search(q, limit=4, offset=3, person_id=person)) == expected[3:7], (q, person)
    assert _ids(vault.search("혈압 처방"))[:1] == _brute(vault, "고혈압약")[:1] != [], "혈압 inside 고혈압약"
    assert vault.search("heart steps") == [] and vault.search("heart rate") != []
    recs[1].title, recs[1].text = "Heart steps", None  # a text never seen before
    vault.update_record(recs[1])
    for rec in recs[20:]:
        vault.delete_record(rec.id)
    for q in queries:
        assert _ids(vault.search(q, limit=100)) == _brute(vault, q), q
    assert _ids(vault.search("heart steps")) == [recs[1].id]
    assert vault.check() == []


def test_check_finds_a_missing_or_stale_entry(vault: Vault) -> None:
    rec = _rec("heart rate")
    vault.add_records([rec])
    with vault.transaction():
        search_index.delete_rows(vault.conn, "1", ())
    assert any("search index (by date) holds 0 entries for 1 records" in p for p in vault.check())
    with vault.transaction():
        search_index.add_rows(vault.conn, "1", ())
    assert vault.check() == []
    with vault.transaction():  # a date changed without the index
        vault.conn.execute("UPDATE records SET start = ? WHERE id = ?", (utc_iso(T0 + timedelta(days=400)), rec.id))
    assert any("former date" in p for p in vault.check())


@pytest.mark.parametrize("budget", [10.0, 0.0], ids=["by reading records", "by prefix query"])
def test_single_characters(vault: Vault, monkeypatch: pytest.MonkeyPatch, budget: float) -> None:
    monkeypatch.setattr(search_index, "SCAN_BUDGET", budget)
    child = Person(name="Minji")
    vault.save_person(child)
    recs = [_rec("KELVIN \u212a"), _rec("kilo", start=T0 - timedelta(days=1)), _rec("혈압 1", start=None)]
    recs.append(_rec("Kyiv 약", start=T0 + timedelta(days=1)))
    recs[-1].person_id = child.id
    vault.add_records(recs)
    assert [r.title for r in vault.search("K")] == ["Kyiv 약", "KELVIN \u212a", "kilo"]
    assert [r.title for r in vault.search("\u212a")] == ["Kyiv 약", "KELVIN \u212a", "kilo"], "the Kelvin sign is a k"
    assert [r.title for r in vault.search("k", person_id=child.id)] == ["Kyiv 약"]
    assert [r.title for r in vault.search("k", limit=1, offset=1)] == ["KELVIN \u212a"]
    assert [r.title for r in vault.search("1")] == ["혈압 1"]
    assert [r.title for r in vault.search("약 k")] == ["Kyiv 약"]
    assert [r.title for r in vault.search("I L")] == ["KELVIN \u212a", "kilo"]
    assert [r.title for r in vault.search("혈압 1")] == ["혈압 1"], "a character beside a longer term"
    assert [r.title for r in vault.search("kil i")] == ["kilo"]
    assert vault.search("혈압 k") == []


def test_hostile_queries(vault: Vault) -> None:
    vault.add_records([_rec('quote " and % percent * NEAR( AND')])
    for q in ['"', "%", "_", "AND", "OR NOT", "*", "NEAR(", 'a"b"c', "' OR 1=1 --", "\x00", "\ud800"]:
        assert _ids(vault.search(q)) == _brute(vault, q)
    assert len(vault.search('" and')) == 1


def test_fold_is_one_character_for_one_character() -> None:
    assert search_index.fold("ΟΔΟΣ ΣΑ") == "οδοσ σα", "no final sigma by context"
    assert search_index.fold("İx") == "İx", "a character whose lower case is two stays"
    assert search_index.fold("BP 혈압 É") == "bp 혈압 é"


# ---------------------------------------------------------------- properties
_ALPHABET = "abAB xyz-/.1é É혈압고약당뇨\n"
_BUDGET = search_index.SCAN_BUDGET
_words = st.text(alphabet=_ALPHABET, max_size=12)


@pytest.fixture
def prop_vault(tmp_path: Path) -> Iterator[Vault]:
    v, _ = Vault.create(tmp_path / "v", PASSPHRASE, kdf=KdfParams.floor())
    child = Person(name="child")
    v.save_person(child)
    yield v
    v.close()


_records = st.lists(
    st.tuples(
        _words.filter(lambda s: s.strip() != ""),  # a title must not be empty
        st.one_of(st.none(), _words),
        st.one_of(st.none(), st.integers(min_value=0, max_value=200)),  # start: minutes after T0 (repeats) or none
        st.booleans(),
    ),
    max_size=14,
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    records=_records,
    queries=st.lists(st.tuples(st.text(alphabet=_ALPHABET, max_size=6), st.booleans()), max_size=6),
    scan=st.booleans(),
)
def test_search_is_a_substring_search(
    prop_vault: Vault,
    records: list[tuple[str, str | None, int | None, bool]],
    queries: list[tuple[str, bool]],
    scan: bool,
) -> None:
    v = prop_vault
    search_index.SCAN_BUDGET = 10.0 if scan else 0.0  # single characters: by reading records, or by the index
    child = next(p for p in v.persons() if not p.is_holder).id
    recs = []
    for i, (title, text, minutes, theirs) in enumerate(records):
        rec = _rec(title, start=None if minutes is None else T0 + timedelta(minutes=minutes, seconds=i), text=text)
        rec.person_id = child if theirs else None
        recs.append(rec)
    v.add_records(recs[: len(recs) // 2])
    v.add_records(recs)  # the first half again: repeats skipped, in the index once
    try:
        # terms cut from the records' own text find something; the generated ones mostly not
        cut = [r.title[i : i + n] for r in recs for i, n in ((0, 2), (1, 1), (1, 3))]
        asked = [(q, p) for q, p in queries] + [(c, False) for c in cut[:8]] + [("a 혈", False), ("É b", True)]
        for q, for_child in asked:
            person = child if for_child else None
            expected = _brute(v, q, person)
            assert _ids(v.search(q, limit=100, person_id=person)) == expected, q
            assert _ids(v.search(q, limit=3, offset=2, person_id=person)) == expected[2:5], q
    finally:
        search_index.SCAN_BUDGET = _BUDGET
        for rid in {rec.id for rec in recs}:
            v.delete_record(rid)
    assert v.check() == []


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    titles=st.lists(st.text(min_size=1, max_size=10).filter(lambda s: s.strip() != ""), min_size=1, max_size=6),
    query=st.text(max_size=5),
)
def test_any_unicode_text(prop_vault: Vault, titles: list[str], query: str) -> None:
    """Any characters at all (surrogates, other scripts' cases, controls): the same as the reference."""
    v = prop_vault
    recs = [_rec(t, start=T0 + timedelta(hours=i)) for i, t in enumerate(titles)]
    try:
        v.add_records(recs)
    except Exception:  # text a record cannot hold (not the index's concern)
        return
    try:
        for q in [query, titles[0][:2], titles[-1][-1:]]:
            assert _ids(v.search(q, limit=100)) == _brute(v, q), q
    finally:
        for rid in {rec.id for rec in recs}:
            v.delete_record(rid)


# ---------------------------------------------------------------- migration
def test_schema_7_vault_gets_the_index(tmp_path: Path) -> None:
    folder = tmp_path / "old"
    v, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor(), schema_version=7)
    holder = v.holder().id
    rows = [
        ("r1", "고혈압약 처방", T0, {"code_display": "Amlodipine", "text": "1일 1회"}, "C08CA01"),
        ("r2", "Blood pressure", T0 + timedelta(days=1), {"text": "BP 128/82"}, None),
        ("r3", "진단서 scan", None, {}, None),
    ]
    with v.transaction():
        for rid, title, start, extra, code in rows:
            fields = {"start": None if start is None else start.isoformat(), "provenance": PROV.model_dump(), **extra}
            data = json.dumps(fields, ensure_ascii=False)
            cur = v.conn.execute(
                "INSERT INTO records(id, person_id, domain, kind, title, start, code, source, connector, "
                "content_hash, data) VALUES (?, ?, 'health', 'note', ?, ?, ?, 'test', 'manual', '', ?)",
                (rid, holder, title, utc_iso(start), code, data),
            )
            body = "\n".join(p for p in (title, extra.get("code_display"), code, extra.get("text")) if p)
            v.conn.execute("INSERT INTO records_fts(rowid, body) VALUES (?, ?)", (cur.lastrowid, body))
    assert v.schema_version == 7
    v.close()
    v = Vault.open(folder, PASSPHRASE)
    try:
        assert v.schema_version >= 8
        assert [r.id for r in v.search("혈압")] == ["r1"]
        assert [r.id for r in v.search("amlo")] == ["r1"], "the code display, from the JSON"
        assert [r.id for r in v.search("bp")] == ["r2"]
        assert [r.id for r in v.search("c08")] == ["r1"], "the code"
        assert [r.id for r in v.search("a")] == ["r1", "r3"], "no date: last"
        assert [r.id for r in v.search("blood 128")] == ["r2"], "two words"
        assert v.search("혈압 blood") == []
        assert v.check() == []
    finally:
        v.close()
