"""The share / verify / shares / recipients commands (in-process, with CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import PASSPHRASE
from joserfc.jwk import ECKey
from share_support import add_receipt, fill

from wallet.cli import cli
from wallet.errors import WalletError
from wallet.features.share.container import Member, read_zip, write_zip
from wallet.store import audit
from wallet.store.vault import Vault


@pytest.fixture
def filled(vault: Vault, vault_dir: Path) -> dict[str, str]:
    holder_id, other_id = fill(vault)
    condition = vault.records(person_id=holder_id, kind="Condition")[0]
    encounter = next(
        r
        for r in vault.records(person_id=holder_id, kind="Encounter")
        if r.provenance.original_id == condition.payload["encounter"]["reference"]
    )
    receipt = add_receipt(vault, encounter)
    imm = vault.records(person_id=holder_id, kind="Immunization")
    vault.close()
    return {
        "holder": holder_id,
        "other": other_id,
        "encounter": encounter.id,
        "receipt": receipt.id,
        "imm1": imm[0].id,
        "imm2": imm[1].id,
    }


def run(vault_dir: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        cli,
        ["--vault", str(vault_dir), *args],
        input=input,
        env={"MYDATA_WALLET_PASSPHRASE": PASSPHRASE},
        catch_exceptions=False,
    )


def share_args(out: Path, *extra: str) -> list[str]:
    return [
        "share",
        "--template",
        "hospital",
        "--recipient",
        "Dr. Kim",
        "--organisation",
        "Seoul General",
        "--purpose",
        "Referral",
        "--out",
        str(out),
        *extra,
    ]


def audit_actions(vault_dir: Path) -> list[str]:
    with Vault.open(vault_dir, PASSPHRASE) as v:
        return [e["action"] for e in audit.entries(v.conn)]


@pytest.mark.slow
def test_approve_creates_a_bundle_that_verifies(filled: dict[str, str], vault_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "share.zip"
    out.parent.mkdir()
    r = run(
        vault_dir,
        *share_args(out, "--exclude", filled["imm1"], "--exclude", filled["imm2"][:12], "--show-records"),
        input="approve\n",
    )
    assert r.exit_code == 0, r.output
    assert "Recipient:   Dr. Kim (Seoul General)" in r.output
    assert "Encrypted:   NO" in r.output and "(you left out 2 records)" in r.output
    assert f"[ ] {filled['imm1'][:12]}" in r.output
    assert out.is_file() and [p.name for p in out.parent.iterdir()] == ["share.zip"]
    v = run(vault_dir, "verify", str(out))
    # Every check passes, but nothing says whose key signed it: a distinct exit status, never "VERIFIED".
    assert v.exit_code == 4 and "signature valid, signed by an unknown key" in v.output, v.output
    assert "VERIFIED" not in v.output
    v = run(vault_dir, "verify", "--known-holders", str(out))
    assert v.exit_code == 0 and "VERIFIED: signed by key" in v.output and "this vault's own key" in v.output
    listed = run(vault_dir, "shares", "list")
    assert "Dr. Kim (Seoul General): Referral" in listed.output and "active" in listed.output
    assert "share.create" in audit_actions(vault_dir)


@pytest.mark.parametrize("answer", ["no\n", "yes\n", "", "approved\n", "APPROVE\n"])
@pytest.mark.slow
def test_anything_but_approve_cancels_and_writes_nothing(
    filled: dict[str, str], vault_dir: Path, tmp_path: Path, answer: str
) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    r = run(vault_dir, *share_args(folder / "share.zip"), input=answer)
    assert r.exit_code == 1
    assert "cancelled: nothing was written" in r.output
    assert list(folder.iterdir()) == []
    actions = audit_actions(vault_dir)
    assert "share.cancel" in actions and "share.create" not in actions
    assert "no shares yet" in run(vault_dir, "shares", "list").output


def test_verify_names_what_changed(filled: dict[str, str], vault_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "share.zip"
    assert run(vault_dir, *share_args(out), input="approve\n").exit_code == 0
    members = read_zip(out.read_bytes())
    changed = [
        Member(m.name, m.data.replace(b"Immunization", b"Immunizatiom", 1)) if m.name == "data/ips.json" else m
        for m in members
    ]
    bad = tmp_path / "changed.zip"
    bad.write_bytes(write_zip(changed)[0])
    r = run(vault_dir, "verify", str(bad))
    assert r.exit_code == 1
    assert "FAIL  data/ips.json: changed" in r.output and "NOT VERIFIED" in r.output
    j = run(vault_dir, "verify", "--json", str(bad))
    assert json.loads(j.output)["ok"] is False


def test_insurance_claim_from_the_command_line(filled: dict[str, str], vault_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "claim.zip"
    r = run(
        vault_dir,
        "share",
        "--template",
        "insurance",
        "--recipient",
        "ACME Insurance",
        "--purpose",
        "Claim",
        "--record",
        filled["encounter"],
        "--out",
        str(out),
        input="approve\n",
    )
    assert r.exit_code == 0, r.output
    names = [m.name for m in read_zip(out.read_bytes())]
    assert "data/resources.ndjson" in names and any(n.endswith("/receipt.pdf") for n in names)
    assert run(vault_dir, "verify", "--known-holders", str(out)).exit_code == 0


@pytest.mark.slow
def test_encrypted_share_and_recipients(filled: dict[str, str], vault_dir: Path, tmp_path: Path) -> None:
    key = ECKey.generate_key("P-256", private=True)
    pub = tmp_path / "kim.jwk.json"
    pub.write_text(json.dumps(key.as_dict(private=False)))
    priv = tmp_path / "kim-private.jwk.json"
    priv.write_text(json.dumps(key.as_dict(private=True)))
    out = tmp_path / "share.jwe"
    r = run(vault_dir, *share_args(out, "--encrypt-for", str(pub)), input="approve\n")
    assert r.exit_code == 0, r.output
    assert f"only the holder of key {key.thumbprint()}" in r.output
    assert run(vault_dir, "verify", str(out)).exit_code == 1
    ok = run(vault_dir, "verify", "--key", str(priv), "--known-holders", str(out))
    assert ok.exit_code == 0, ok.output
    listed = run(vault_dir, "recipients", "list")
    assert "Dr. Kim (Seoul General)" in listed.output and key.thumbprint() in listed.output
    refused = run(vault_dir, *share_args(tmp_path / "x.zip", "--encrypt-for", str(priv)), input="approve\n")
    assert refused.exit_code == 1 and not (tmp_path / "x.zip").exists()


@pytest.mark.slow
def test_show_and_withdraw(filled: dict[str, str], vault_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "share.zip"
    assert run(vault_dir, *share_args(out), input="approve\n").exit_code == 0
    with Vault.open(vault_dir, PASSPHRASE) as v:
        from wallet.features.share.receipts import list_shares

        receipt_id = list_shares(v)[0].id
    shown = run(vault_dir, "shares", "show", receipt_id[:8])
    assert "data/ips.json" in shown.output and "Seoul General" in shown.output
    notice = tmp_path / "withdrawal.json"
    w = run(vault_dir, "shares", "withdraw", receipt_id, "--out", str(notice))
    assert w.exit_code == 0 and notice.is_file()
    assert run(vault_dir, "verify", str(notice)).exit_code == 4  # valid, but signed by a key nobody vouched for
    assert run(vault_dir, "verify", "--known-holders", str(notice)).exit_code == 0
    assert "withdrawn" in run(vault_dir, "shares", "list").output
    assert "share.withdraw" in audit_actions(vault_dir)


def test_existing_output_is_not_overwritten(filled: dict[str, str], vault_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "share.zip"
    out.write_bytes(b"keep me")
    r = run(vault_dir, *share_args(out), input="approve\n")
    assert r.exit_code == 1 and out.read_bytes() == b"keep me"


@pytest.mark.slow
def test_a_file_made_while_the_summary_is_read_is_not_replaced(
    filled: dict[str, str], vault_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race between the command's look at --out and its write, while the person reads the
    summary: a file someone makes meanwhile is kept, and nothing is shared."""
    from wallet.features.share import selection

    (tmp_path / "out").mkdir()
    out = tmp_path / "out" / "share.zip"
    real_prepare = selection.prepare

    def prepare_then_someone_writes(*args: object, **kwargs: object) -> object:
        plan = real_prepare(*args, **kwargs)  # type: ignore[arg-type]
        out.write_bytes(b"made meanwhile")
        return plan

    monkeypatch.setattr(selection, "prepare", prepare_then_someone_writes)
    # the command raises the vault's readable error, which the entry point prints as one line
    with pytest.raises(WalletError, match=r"share\.zip already exists; nothing was written to it$"):
        run(vault_dir, *share_args(out), input="approve\n")
    assert out.read_bytes() == b"made meanwhile"
    assert [p.name for p in out.parent.iterdir()] == ["share.zip"], "no temporary file left behind"
    monkeypatch.setattr(selection, "prepare", real_prepare)
    listed = run(vault_dir, "shares", "list")
    assert "Dr. Kim" not in listed.output, "nothing was shared, so no consent is recorded"
    assert "share.create" not in audit_actions(vault_dir)
