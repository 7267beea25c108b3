"""Regenerate tests/fixtures/vault-schema1: a vault as schema 1 wrote it.

Run: .venv/bin/python tests/make_fixture_vault.py   (only when changing that fixture)
"""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from wallet.model import Domain, Provenance, Record
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault, utc_iso

OUT = Path(__file__).parent / "fixtures" / "vault-schema1"


def main() -> None:
    shutil.rmtree(OUT, ignore_errors=True)
    v, _ = Vault.create(OUT, "fixture passphrase", kdf=KdfParams.floor(), schema_version=1)
    holder = v.holder()
    with v.transaction():
        for title in ("고혈압약 복용", "Morning walk"):
            rec = Record(
                domain=Domain.HEALTH,
                kind="MedicationStatement" if "약" in title else "note",
                title=title,
                start=datetime(2020, 1, 1, tzinfo=UTC),
                provenance=Provenance(connector_id="manual", connector_version="1", source_name="fixture"),
            )
            v.conn.execute(
                "INSERT INTO records(id, person_id, domain, kind, title, start, source, connector, content_hash, data) "
                "VALUES (?,?,?,?,?,?,?,?,?,?)",
                (
                    rec.id,
                    holder.id,
                    rec.domain.value,
                    rec.kind,
                    rec.title,
                    utc_iso(rec.start),
                    "fixture",
                    "manual",
                    rec.content_hash,
                    rec.model_dump_json(exclude={"attachments", "person_id"}),
                ),
            )
    v.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    v.close()
    for extra in OUT.glob("*-wal"):
        extra.unlink()
    for extra in OUT.glob("*-shm"):
        extra.unlink()
    (OUT / ".lock").unlink(missing_ok=True)


if __name__ == "__main__":
    main()
