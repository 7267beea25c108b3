"""Search: Korean inside longer words, short terms, English (wallet.store.search_index; more in test_search_index)."""

from __future__ import annotations

from datetime import UTC, datetime

from wallet.model import Domain, Provenance, Record
from wallet.store.vault import Vault, fts_query


def _rec(title: str, text: str | None = None) -> Record:
    return Record(
        domain=Domain.HEALTH,
        kind="note",
        title=title,
        text=text,
        start=datetime(2021, 1, 1, tzinfo=UTC),
        provenance=Provenance(connector_id="manual", connector_version="1", source_name="test"),
    )


def test_korean_word_inside_longer_word(vault: Vault) -> None:
    vault.add_records([_rec("고혈압약 처방"), _rec("당뇨 검사"), _rec("Essential hypertension")])
    assert [r.title for r in vault.search("고혈압")] == ["고혈압약 처방"]
    assert [r.title for r in vault.search("혈압")] == ["고혈압약 처방"], "two syllables inside a longer word"
    assert [r.title for r in vault.search("당뇨")] == ["당뇨 검사"]
    assert [r.title for r in vault.search("HYPERTENS")] == ["Essential hypertension"]
    assert vault.search("tension essential") != []
    assert vault.search("nothing-like-this") == []


def test_search_text_and_updates(vault: Vault) -> None:
    rec = _rec("Receipt", text="Pharmacy 약국 amoxicillin")
    vault.add_records([rec])
    assert vault.search("amoxicillin")[0].id == rec.id
    rec.text = "changed"
    vault.update_record(rec)
    assert vault.search("amoxicillin") == []
    assert vault.search("changed")[0].id == rec.id
    vault.delete_record(rec.id)
    assert vault.search("changed") == []
    assert vault.check() == []


def test_hostile_queries_do_not_break(vault: Vault) -> None:
    vault.add_records([_rec('quote " and % percent')])
    for q in ['"', "%", "_", "AND OR NOT", "*", "NEAR(", 'a"b"c', "' OR 1=1 --"]:
        vault.search(q)
    assert [r.title for r in vault.search('" and')] == ['quote " and % percent']


def test_fts_query_split() -> None:
    assert fts_query("고혈압 혈압 ab") == ('"고혈압"', ["혈압", "ab"])
    assert fts_query("   ") == (None, [])
