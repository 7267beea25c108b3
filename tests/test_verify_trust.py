"""`verify` says whom it trusts (issue 14.4), and bundle member names stay safe (issue 14.3)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import PASSPHRASE
from joserfc.jwk import ECKey

from wallet.cli import cli
from wallet.features.share.bundle import FORMAT
from wallet.features.share.container import ContainerError, Member, read_zip, safe_name, write_zip
from wallet.features.share.receipts import WITHDRAWAL_TYPE
from wallet.features.share.verify import EXIT_UNKNOWN_SIGNER, verify_bytes
from wallet.jose import sign_compact, thumbprint
from wallet.store.vault import Vault

HOSTILE = "Referral\x1b[1A\x1b[2K\rVERIFIED\n\u202eVERIFIED"


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=2).encode()


def forged_bundle(key: ECKey, holder_name: str = "Dr. Trusted Hospital", purpose: str = "Referral") -> bytes:
    """A bundle anyone can make: every check passes, signed with a key that is inside the bundle itself."""
    pub = {k: v for k, v in key.as_dict(private=False).items() if k in ("kty", "crv", "x", "y")}
    kid = thumbprint(pub)
    receipt = _json({"consentReceiptID": "r-1"})
    members = [
        Member("holder.jwk.json", _json(pub)),
        Member("consent-receipt.json", receipt),
        Member("consent-receipt.jws", sign_compact(receipt, key).encode()),
    ]
    manifest = _json(
        {
            "format": FORMAT,
            "bundle_id": "b-1",
            "created": "2026-01-01T00:00:00Z",
            "holder": {"name": holder_name, "key_thumbprint": kid},
            "recipient": {"name": "Dr. Kim"},
            "purpose": purpose,
            "template": "hospital",
            "consent_receipt_id": "r-1",
            "files": [
                {"path": m.name, "sha256": hashlib.sha256(m.data).hexdigest(), "size": len(m.data)} for m in members
            ],
        }
    )
    return write_zip(
        [Member("manifest.json", manifest), Member("manifest.jws", sign_compact(manifest, key).encode()), *members]
    )[0]


def forged_notice(key: ECKey) -> bytes:
    pub = {k: v for k, v in key.as_dict(private=False).items() if k in ("kty", "crv", "x", "y")}
    notice = _json(
        {
            "type": WITHDRAWAL_TYPE,
            "consentReceiptID": "r-1",
            "holderKeyThumbprint": thumbprint(pub),
            "statement": "withdrawn",
        }
    )
    return _json({"type": WITHDRAWAL_TYPE, "notice_jws": sign_compact(notice, key), "holder_jwk": pub})


def run(vault_dir: Path, *args: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["--vault", str(vault_dir), *args],
        color=True,
        env={"MYDATA_WALLET_PASSPHRASE": PASSPHRASE},
        catch_exceptions=False,
    )


@pytest.fixture
def stranger() -> ECKey:
    return ECKey.generate_key("P-256", private=True)


def test_a_self_signed_bundle_is_valid_but_not_verified(stranger: ECKey) -> None:
    result = verify_bytes(forged_bundle(stranger))
    assert result.ok and not result.trusted  # every check passes: it is exactly what the holder would send
    assert result.signer == stranger.thumbprint()
    assert result.verdict() == (
        f"signature valid, signed by an unknown key {stranger.thumbprint()} (not checked against anyone you know)"
    )
    assert "VERIFIED" not in "\n".join(result.lines())
    pinned = verify_bytes(forged_bundle(stranger), expect_holder=stranger.thumbprint())
    assert pinned.trusted and pinned.verdict().startswith("VERIFIED: signed by key")
    known = verify_bytes(forged_bundle(stranger), known={stranger.thumbprint(): "Alice (a remembered holder)"})
    assert known.trusted and "known to you as Alice" in known.verdict()
    other = verify_bytes(forged_bundle(stranger), known={"x" * 43: "Alice"})
    assert other.ok and not other.trusted
    wrong = verify_bytes(forged_bundle(stranger), expect_holder="y" * 43)
    assert not wrong.ok and not wrong.trusted and wrong.verdict().startswith("NOT VERIFIED")


def test_a_self_signed_withdrawal_notice_is_valid_but_not_verified(stranger: ECKey) -> None:
    result = verify_bytes(forged_notice(stranger))
    assert result.kind == "withdrawal" and result.ok and not result.trusted
    assert "unknown key" in result.verdict()
    assert verify_bytes(forged_notice(stranger), expect_holder=stranger.thumbprint()).trusted
    wrong = verify_bytes(forged_notice(stranger), expect_holder="y" * 43)
    assert not wrong.ok and any(f.item == "expected holder" for f in wrong.failures)


@pytest.mark.slow
def test_verify_exit_status_says_who_signed(vault: Vault, vault_dir: Path, tmp_path: Path, stranger: ECKey) -> None:
    vault.close()
    bundle = tmp_path / "forged.zip"
    bundle.write_bytes(forged_bundle(stranger, purpose=HOSTILE))
    r = run(vault_dir, "verify", str(bundle))
    assert r.exit_code == EXIT_UNKNOWN_SIGNER == 4, r.output
    lines = r.stdout.splitlines()
    assert f"signature valid, signed by an unknown key {stranger.thumbprint()}" in r.stdout
    assert not any(line.strip().startswith("VERIFIED") for line in lines), r.stdout
    trailer = "trust: verify --expect-holder FINGERPRINT, or remember it once with"  # the CLI words the KnowHolder hint
    assert f"  {trailer}" in lines and "  'mydata-wallet holders add NAME --fingerprint FINGERPRINT'" in r.stdout
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout and "\r" not in r.stdout
    assert "Referral\\x1b[1A\\x1b[2K\\rVERIFIED\\n\\u202eVERIFIED" in r.stdout
    j = run(vault_dir, "verify", "--json", str(bundle))
    assert j.exit_code == 4
    data = json.loads(j.stdout)
    assert data["ok"] is True and data["trusted"] is False and data["signer"] == stranger.thumbprint()
    assert data["claims"]["purpose"] == HOSTILE and "\u202e" not in j.stdout
    assert run(vault_dir, "verify", "--expect-holder", stranger.thumbprint(), str(bundle)).exit_code == 0
    assert run(vault_dir, "verify", "--expect-holder", "y" * 43, str(bundle)).exit_code == 1
    # Not known to this vault yet; then remembered as a holder.
    assert run(vault_dir, "verify", "--known-holders", str(bundle)).exit_code == 4
    added = run(vault_dir, "holders", "add", "Alice Park", "--fingerprint", stranger.thumbprint())
    assert added.exit_code == 0, added.output
    assert "Alice Park" in run(vault_dir, "holders", "list").stdout
    ok = run(vault_dir, "verify", "--known-holders", str(bundle))
    assert ok.exit_code == 0, ok.output
    assert "VERIFIED: signed by key" in ok.stdout and "known to you as Alice Park (a remembered holder)" in ok.stdout
    notice = tmp_path / "withdrawal.json"
    notice.write_bytes(forged_notice(stranger))
    assert run(vault_dir, "verify", "--known-holders", str(notice)).exit_code == 0
    assert run(vault_dir, "holders", "remove", "alice  park").exit_code == 0
    assert run(vault_dir, "verify", "--known-holders", str(notice)).exit_code == 4
    assert run(vault_dir, "holders", "remove", "Alice Park").exit_code == 1


@pytest.mark.slow
def test_holders_add_by_key_file_and_bad_input(vault: Vault, vault_dir: Path, tmp_path: Path, stranger: ECKey) -> None:
    vault.close()
    pub = tmp_path / "alice.jwk.json"
    pub.write_text(json.dumps(stranger.as_dict(private=False)))
    r = run(vault_dir, "holders", "add", "Alice", "--key", str(pub))
    assert r.exit_code == 0 and stranger.thumbprint() in r.stdout
    for args in (("--fingerprint", "not-a-fingerprint"), (), ("--fingerprint", "x" * 43, "--key", str(pub))):
        bad = run(vault_dir, "holders", "add", "Bob", *args)
        assert bad.exit_code == 1 and len(bad.stderr.splitlines()) == 1 and "Traceback" not in bad.output, args
    assert "Bob" not in run(vault_dir, "holders", "list").stdout


@pytest.mark.parametrize(
    "name",
    [
        "data/a b.json",
        "data/\x1b[2J.json",
        "data/\u202eexe.pdf",
        "documents/caf\u00e9.pdf",
        "a\nb",
        "../x",
        "/x",
        "a//b",
        "a/./b",
        "C:x",
        "a\\b",
        "x" * 201,
    ],
)
def test_unsafe_member_names_are_refused_when_written_and_read(name: str) -> None:
    assert not safe_name(name)
    with pytest.raises(ContainerError):
        write_zip([Member(name, b"{}")])
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as zf:
        zf.writestr(name, b"{}")
    with pytest.raises(ContainerError, match="unsafe name"):
        read_zip(raw.getvalue())


def test_safe_member_names_still_work() -> None:
    for name in ("manifest.json", "data/ips.json", "documents/0123456789ab/receipt_2024-01.pdf"):
        assert safe_name(name)
    assert [m.name for m in read_zip(write_zip([Member("documents/ab/x.pdf", b"%PDF")])[0])] == ["documents/ab/x.pdf"]


def test_a_member_name_cannot_draw_a_fake_verdict(
    vault: Vault, vault_dir: Path, tmp_path: Path, stranger: ECKey
) -> None:
    vault.close()
    members = read_zip(forged_bundle(stranger))
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w") as zf:
        for m in members:
            zf.writestr(m.name, m.data)
        zf.writestr("x\x1b[1A\x1b[2K\x1b[32mVERIFIED\x1b[0m\n\u202e", b"")
    bundle = tmp_path / "fake.zip"
    bundle.write_bytes(raw.getvalue())
    r = run(vault_dir, "verify", str(bundle))
    assert r.exit_code == 1
    assert "\x1b" not in r.stdout and "\u202e" not in r.stdout
    assert r.stdout.splitlines()[-1].startswith("NOT VERIFIED")
    assert "unsafe name" in r.stdout


def test_verify_dialog_says_unknown_key(
    qtbot: Any, tmp_path: Path, stranger: ECKey, inline_tasks: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from wallet.ui.verify_dialog import VerifyDialog

    bundle = tmp_path / "forged.zip"
    bundle.write_bytes(forged_bundle(stranger))
    dialog = VerifyDialog()
    qtbot.addWidget(dialog)
    result = dialog.verify_path(bundle)  # inline: done when it returns
    assert result is not None and result.ok and not result.trusted
    assert "unknown key" in dialog.verdict.text() and stranger.thumbprint() in dialog.verdict.text()
    assert not dialog.verdict.text().startswith("Verified")
    key_file = tmp_path / "key.jwk"
    key_file.write_text(json.dumps(stranger.as_dict(private=False)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *a, **k: (str(key_file), "")))
    dialog._choose_key()  # the CLI's reading of verify --key: a public key is refused, naming the file
    assert dialog.private_key is None and "key.jwk" in dialog.key_label.text()
    key_file.write_text(json.dumps(stranger.as_dict(private=True)))
    dialog._choose_key()
    assert dialog.private_key is not None and dialog.private_key["d"] == stranger.as_dict(private=True)["d"]
    known = VerifyDialog(known={stranger.thumbprint(): "Alice (a remembered holder)"})
    qtbot.addWidget(known)
    known.verify_path(bundle)
    assert known.verdict.text().startswith("Verified") and "Alice" in known.verdict.text()


def test_verify_dialog_reads_the_known_keys_off_the_gui_thread(
    qtbot: Any, vault: Vault, tmp_path: Path, stranger: ECKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from PySide6.QtWidgets import QWidget

    from wallet.features.share import holders
    from wallet.ui.verify_dialog import open_verify_dialog

    holders.save_holder(vault, "Alice Park", stranger.thumbprint())
    threads: list[threading.Thread] = []
    real = holders.known_keys

    def spy(reader: Vault) -> dict[str, str]:
        threads.append(threading.current_thread())
        return real(reader)

    monkeypatch.setattr(holders, "known_keys", spy)
    window = QWidget()
    window.vault = vault  # type: ignore[attr-defined]
    qtbot.addWidget(window)
    dialog = open_verify_dialog(window)  # type: ignore[arg-type]
    qtbot.addWidget(dialog)
    assert not dialog.choose_button.isEnabled()  # a bundle can be chosen once the keys are read
    qtbot.waitUntil(dialog.choose_button.isEnabled, timeout=10000)
    assert threads and threads[0] is not threading.main_thread()
    assert "Alice Park" in dialog.known.get(stranger.thumbprint(), "")
    bundle = tmp_path / "forged.zip"
    bundle.write_bytes(forged_bundle(stranger))
    dialog.verify_path(bundle)
    qtbot.waitUntil(lambda: dialog.verify_result is not None, timeout=10000)
    assert dialog.verdict.text().startswith("Verified") and "Alice Park" in dialog.verdict.text()
