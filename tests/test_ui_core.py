"""The Qt-free logic behind the desktop app: passphrase strength, unlock back-off, paging."""

from __future__ import annotations

import itertools

import pytest

from wallet.store.passphrase import MIN_LENGTH, Page, estimate, exhausted, next_page, unlock_delay


@pytest.mark.parametrize(
    "weak",
    ["", "abc", "password", "password1", "12345678", "qwertyuiop", "aaaaaaaaaaaaaaaa", "abcdefghijk", "사랑해요"],
)
def test_weak_passphrases_are_refused(weak: str) -> None:
    s = estimate(weak)
    assert not s.acceptable
    assert s.hints


@pytest.mark.parametrize(
    "strong",
    ["correct horse battery staple", "k8#Vd!2pLx9@", "Tr0ub4dor&3-maple", "고양이가 창가에서 낮잠을 잔다"],
)
def test_strong_passphrases_are_accepted(strong: str) -> None:
    s = estimate(strong)
    assert s.acceptable
    assert s.score >= 3


def test_score_grows_with_length_and_variety() -> None:
    grown = ("lanterns", "lanterns-orbit", "lanterns-orbit-meadow", "lanterns-orbit-meadow-copper")
    bits = [estimate(p).bits for p in grown]
    assert bits == sorted(bits)
    assert estimate("lanterns-orbit-Meadow7").bits > estimate("lanterns-orbit-meadow").bits
    assert estimate("x" * (MIN_LENGTH - 1)).score <= 1


def test_common_words_cost_strength() -> None:
    assert estimate("password-7391").bits < estimate("pxsswqrd-7391").bits


def test_unlock_delay_grows_and_is_capped() -> None:
    delays = [unlock_delay(n) for n in range(0, 12)]
    assert delays[:3] == [0.0, 0.0, 0.0]
    assert delays[3] == 1.0
    assert all(b >= a for a, b in itertools.pairwise(delays))
    assert max(delays) == 30.0
    assert unlock_delay(100) == 30.0


def test_paging_math() -> None:
    assert next_page(0, 200) == Page(0, 200)
    assert next_page(400, 200) == Page(400, 200)
    assert next_page(400, 200, total=450) == Page(400, 50)
    assert next_page(450, 200, total=450) is None
    assert exhausted(Page(0, 200), 199)
    assert not exhausted(Page(0, 200), 200)
    with pytest.raises(ValueError):
        next_page(0, 0)


def test_area_merge_pager_matches_the_plain_query(vault) -> None:
    from datetime import UTC, datetime, timedelta

    from wallet.features.browse import AreaMergePager
    from wallet.model import Domain, Person, Provenance, Record

    other = Person(name="Someone else")
    vault.save_person(other)
    holder = vault.holder().id
    recs = []
    base = datetime(2020, 1, 1, tzinfo=UTC)
    for i in range(157):
        recs.append(
            Record(
                domain=list(Domain)[i % 6],
                kind="k" + str(i % 3),
                title=f"r{i}",
                start=None if i % 17 == 0 else base + timedelta(hours=(i * 37) % 500),
                payload={"i": i},
                person_id=other.id if i % 5 == 0 else holder,
                provenance=Provenance(connector_id="t", connector_version="1", source_name=f"s{i % 4}"),
            )
        )
    vault.add_records(recs)

    def key(r):
        return r.start.isoformat() if r.start else ""

    for newest in (True, False):
        for kw in ({}, {"kind": "k1"}, {"source": "s2"}):
            expected = vault.records(person_id=holder, newest_first=newest, **kw)
            pager = AreaMergePager(holder, newest_first=newest, chunk=7, **kw)
            got = []
            while True:
                page = pager.next_page(vault, 10)
                got += page
                if len(page) < 10:
                    break
            assert sorted(r.id for r in got) == sorted(r.id for r in expected)
            assert [key(r) for r in got] == [key(r) for r in expected]
