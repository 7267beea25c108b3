"""The import pipeline: dedup, report, progress, cancel, failure, crash, people."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from conftest import DEMO, FIXTURES, PASSPHRASE

from wallet.errors import ConnectorError, PersonMatchUncertain
from wallet.imports import persons
from wallet.imports.connector import Connector, ImportContext, Source
from wallet.imports.pipeline import import_source, run_import
from wallet.model import Domain, Provenance, Record, SkippedItem
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

SYNTHEA = FIXTURES / "fhir-synthea"
LIZ = DEMO / "Liz_Conn_27c911c6-f045-4ffa-af5d-6eba57ac94b2.json"


def _snapshot(v: Vault) -> tuple[object, ...]:
    return (
        v.count(),
        sorted(p.model_dump_json() for p in v.persons()),
        v.conn.execute("SELECT count(*) FROM records_fts").fetchone()[0],
        v.conn.execute("SELECT count(*) FROM attachments").fetchone()[0],
    )


def write_ndjson(path: Path, n: int) -> None:
    with path.open("w") as fh:
        fh.write(
            json.dumps(
                {
                    "resourceType": "Patient",
                    "id": "p",
                    "name": [{"family": "Bench", "given": ["Ada"]}],
                    "birthDate": "1980-01-01",
                }
            )
            + "\n"
        )
        for i in range(n):
            fh.write(
                json.dumps(
                    {
                        "resourceType": "Observation",
                        "id": f"o{i}",
                        "status": "final",
                        "subject": {"reference": "Patient/p"},
                        "code": {"coding": [{"system": "http://loinc.org", "code": "8867-4", "display": "Heart rate"}]},
                        "effectiveDateTime": f"2020-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}+00:00",
                        "valueQuantity": {"value": 60 + i % 40, "unit": "/min"},
                    }
                )
                + "\n"
            )


class Numbers(Connector):
    """A test connector that yields n records, and can fail after some of them."""

    id = "numbers"
    name = "Numbers"
    domains = (Domain.HEALTH,)
    accepts = "anything"

    def __init__(self, n: int, fail_after: int | None = None, error: Exception | None = None) -> None:
        super().__init__()
        self.n, self.fail_after, self.error = n, fail_after, error

    def identify(self, source: Source) -> bool:
        """Everything."""
        return True

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        for i in range(self.n):
            if self.fail_after is not None and i == self.fail_after:
                raise self.error or ConnectorError(f"{source.name}: broken at item {i}")
            if i == 3:
                yield SkippedItem(where=f"item {i}", reason="unreadable")
                continue
            context.progress(i + 1, self.n)
            yield Record(
                domain=Domain.HEALTH,
                kind="n",
                title=f"n{i}",
                value=float(i),
                start=datetime(2020, 1, 1, tzinfo=UTC),
                provenance=Provenance(connector_id=self.id, connector_version="1", source_name=source.name),
            )


def test_second_import_adds_nothing(vault: Vault) -> None:
    first = import_source(vault, Source(LIZ))
    assert first.added > 50 and first.duplicates == 0
    again = import_source(vault, Source(LIZ))
    assert again.added == 0 and again.duplicates == first.added
    assert vault.count() == first.added
    assert vault.check() == []


def test_report_skipped_progress(vault: Vault) -> None:
    seen: list[tuple[int, int | None]] = []
    report = run_import(
        vault, Numbers(10), Source(data=b"x", name="n.txt"), ImportContext(progress=lambda d, t: seen.append((d, t)))
    )
    assert report.added == 9
    assert [s.where for s in report.skipped] == ["item 3"]
    assert seen[-1] == (10, 10)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_cancel_keeps_committed_batches(vault: Vault) -> None:
    calls = {"n": 0}

    def cancel() -> bool:
        calls["n"] += 1
        return calls["n"] > 2  # let the first batch through, then cancel

    earlier = import_source(vault, Source(LIZ)).added  # records from before, which the cancel must leave alone
    report = run_import(
        vault, Numbers(100), Source(data=b"x", name="n.txt"), ImportContext(is_cancelled=cancel), batch_size=10
    )
    assert report.cancelled
    kept = vault.count(source="n.txt")  # counted in the vault, not taken from the report
    assert 0 < kept < 99
    assert kept % 10 == 0 and kept == report.added  # whole batches of 10 committed, none half-written
    assert vault.count(source=LIZ.name) == earlier and vault.count() == earlier + kept
    assert vault.check() == []
    assert vault.imports()[0]["status"] == "cancelled"


@pytest.mark.parametrize("error", [ConnectorError("n.txt: broken at item 42"), ValueError("a bug")])
def test_failure_leaves_vault_exactly_as_it_was(vault: Vault, error: Exception) -> None:
    import_source(vault, Source(LIZ))
    before = _snapshot(vault)
    with pytest.raises(ConnectorError) as info:
        run_import(
            vault,
            Numbers(100, fail_after=42, error=error),
            Source(data=b"x", name="n.txt"),
            ImportContext(),
            batch_size=10,
        )
    assert "n.txt" in str(info.value)
    assert _snapshot(vault) == before
    assert vault.imports()[0]["status"] == "failed"
    assert vault.check() == []


def test_invalid_record_from_connector_is_reported(vault: Vault) -> None:
    class Bad(Numbers):
        def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
            yield Record.model_construct(domain="nonsense", kind="x", title="x", provenance=None)  # type: ignore[arg-type]

    with pytest.raises(ConnectorError):
        run_import(vault, Bad(1), Source(data=b"x", name="n.txt"), ImportContext())
    assert vault.count() == 0


@pytest.mark.slow
def test_kill_9_mid_import_then_rerun_completes(tmp_path: Path) -> None:
    folder = tmp_path / "v"
    Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())[0].close()
    data = tmp_path / "big.ndjson"
    n = 30000
    write_ndjson(data, n)
    script = (
        "import sys\n"
        "from wallet.store.vault import Vault\n"
        "from wallet.imports.connector import Source\n"
        "from wallet.imports.pipeline import import_source\n"
        f"v = Vault.open({str(folder)!r}, {PASSPHRASE!r})\n"
        "def progress(done, total):\n    print('progress', done, flush=True)\n"
        f"import_source(v, Source({str(data)!r}), progress=progress, batch_size=500)\n"
        "print('finished', flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    for line in proc.stdout:
        if line.startswith("progress") and int(line.split()[1]) > data.stat().st_size // 4:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    with Vault.open(folder, PASSPHRASE) as v:
        partial = v.count()
        assert v.check() == []
        assert 0 < partial < n + 1, "the kill should land mid-import"
        assert v.imports()[0]["status"] == "interrupted"
        report = import_source(v, Source(data))
        assert v.count() == n + 1
        assert report.added == n + 1 - partial
        assert v.check() == []


def test_first_patient_becomes_holder_then_new_people(vault: Vault) -> None:
    import_source(vault, Source(LIZ))
    holder = vault.holder()
    assert holder.name == "Liz Conn"
    import_source(vault, Source(SYNTHEA / "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json"))
    names = sorted(p.name or "" for p in vault.persons())
    assert names == ["Clemente Kreiger", "Liz Conn"]
    clemente = vault.resolve_person("Clemente")
    assert vault.count(person_id=clemente.id) > 10
    assert all(r.person_id == clemente.id for r in vault.records(kind="Condition", person_id=clemente.id))


def _patient_file(tmp_path: Path, name: str, family: str, birth: str, ident: str) -> Path:
    path = tmp_path / f"{ident}.json"
    path.write_text(
        json.dumps(
            {
                "resourceType": "Bundle",
                "type": "collection",
                "entry": [
                    {
                        "fullUrl": f"urn:uuid:{ident}",
                        "resource": {
                            "resourceType": "Patient",
                            "id": ident,
                            "identifier": [{"system": "urn:test", "value": ident}],
                            "name": [{"family": family, "given": [name]}],
                            "birthDate": birth,
                        },
                    },
                    {
                        "resource": {
                            "resourceType": "Condition",
                            "id": f"c-{ident}",
                            "subject": {"reference": f"urn:uuid:{ident}"},
                            "code": {"text": "Asthma"},
                        }
                    },
                ],
            }
        )
    )
    return path


def test_uncertain_match_is_asked_not_guessed(vault: Vault, tmp_path: Path) -> None:
    import_source(vault, Source(_patient_file(tmp_path, "Min", "Kim", "2015-03-01", "a1")))
    before = _snapshot(vault)
    same_name_other_birth = _patient_file(tmp_path, "Min", "Kim", "2016-03-01", "b2")
    with pytest.raises(PersonMatchUncertain, match=r"may be the same person as|would go to"):
        import_source(vault, Source(same_name_other_birth))
    assert _snapshot(vault) == before
    import_source(vault, Source(same_name_other_birth), person=persons.NEW)
    assert len(vault.persons()) == 2
    # the same identifier is a certain match
    import_source(vault, Source(_patient_file(tmp_path, "Min", "Kim", "2015-03-01", "a1")))
    assert len(vault.persons()) == 2


def test_person_chosen_explicitly(vault: Vault, tmp_path: Path) -> None:
    from wallet.model import Person

    child = Person(name="Little One")
    vault.save_person(child)
    import_source(vault, Source(_patient_file(tmp_path, "Ha", "Lee", "2019-01-01", "c3")), person="Little One")
    assert vault.count(person_id=child.id) == 2
    assert vault.holder().name is None
    rid = vault.records(person_id=child.id, kind="Condition")[0].id
    vault.move_records([rid], vault.holder().id)
    assert vault.count(person_id=vault.holder().id) == 1


def test_records_naming_no_one_follow_the_files_patient(vault: Vault) -> None:
    import_source(vault, Source(LIZ))
    import_source(vault, Source(SYNTHEA / "Clemente_Kreiger_1484a42d-0eaf-4654-9cbf-6b050a5cd73b.json"))
    clemente = vault.resolve_person("Clemente")
    orgs = vault.records(kind="Organization", person_id=clemente.id)
    assert orgs, "the organisations of Clemente's file belong with Clemente"
    assert vault.count(person_id=vault.holder().id, kind="Organization") == len(
        [r for r in vault.records(kind="Organization") if r.provenance.source_name.startswith("Liz")]
    )


def test_same_content_for_two_people_is_kept_for_each(vault: Vault) -> None:
    from wallet.model import Person

    child = Person(name="Child")
    vault.save_person(child)
    when = datetime(2021, 5, 1, tzinfo=UTC)

    def flu_shot() -> Record:
        return Record(
            domain=Domain.HEALTH,
            kind="Immunization",
            title="Influenza vaccine",
            start=when,
            provenance=Provenance(connector_id="manual", connector_version="1", source_name="card"),
        )

    holder_rec, child_rec = flu_shot(), flu_shot()
    child_rec.person_id = child.id
    assert vault.add_records([holder_rec, child_rec]) == (2, 0)
    assert holder_rec.id != child_rec.id
    assert vault.count(person_id=child.id) == 1 and vault.count(person_id=vault.holder().id) == 1
    again = flu_shot()
    again.person_id = child.id
    assert vault.add_records([again]) == (0, 1)
    assert vault.get(child_rec.id).title == "Influenza vaccine"


class _WatchesCollector(Numbers):
    """Notes Python's collector thresholds while it is read."""

    def __init__(self, fail: bool) -> None:
        super().__init__(2, fail_after=1 if fail else None, error=RuntimeError("broken"))
        self.seen: list[tuple[int, int, int]] = []

    def read(self, source: Source, context: ImportContext) -> Iterator[Record | SkippedItem]:
        import gc

        self.seen.append(gc.get_threshold())
        yield from super().read(source, context)


@pytest.mark.parametrize("fail", [False, True])
def test_fewer_collections_while_importing_and_the_threshold_restored(vault: Vault, fail: bool) -> None:
    import gc

    from wallet.imports.pipeline import GC_YOUNG_THRESHOLD

    before = gc.get_threshold()
    connector = _WatchesCollector(fail)
    try:
        if fail:
            with pytest.raises(ConnectorError):
                run_import(vault, connector, Source(data=b"x", name="w.txt"), ImportContext())
        else:
            run_import(vault, connector, Source(data=b"x", name="w.txt"), ImportContext())
        assert connector.seen == [(max(before[0], GC_YOUNG_THRESHOLD), *before[1:])]
        assert gc.get_threshold() == before
    finally:
        gc.set_threshold(*before)
