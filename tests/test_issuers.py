"""Issuer keys are trusted explicitly; a key given with an import verifies that import only (issue 14, point 1).

The attack of the issue: a forged SMART Health Card imported together with the forger's key
file.  It used to replace the issuer's cached keys, so that later forgeries read "verified"
and genuine cards "unverified".
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO, run_cli

from connectors import shc
from wallet.errors import ConnectorError
from wallet.features.emergency.shc import sign
from wallet.imports import issuers
from wallet.imports.connector import ImportContext, Source
from wallet.model import Record
from wallet.store import audit
from wallet.store.vault import Vault

FIX = Path(__file__).parent / "fixtures" / "shc"
EX = FIX / "examples"
CARD_00 = DEMO / "example-00-e-file.smart-health-card"  # stored once, with the demo
JWKS = FIX / "issuer" / "jwks.json"
ISS = "https://spec.smarthealth.cards/examples/issuer"
GENUINE_KID = "3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s"
NOW = "2023-07-01T00:00:00+00:00"  # the examples were issued on 2023-06-22


def _payload(card: Path) -> dict[str, Any]:
    token = json.loads(card.read_text())["verifiableCredential"][0]
    body = token.split(".")[1]
    return json.loads(shc.inflate(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))))


@pytest.fixture(scope="module")
def forger() -> Any:
    from joserfc.jwk import ECKey

    return ECKey.generate_key("P-256")


def _forger_jwks(key: Any, tmp_path: Path, kid: str | None = None) -> tuple[Path, str]:
    public = {k: v for k, v in key.as_dict(private=False).items() if k in ("kty", "crv", "x", "y")}
    fp = issuers.fingerprint(public)
    path = tmp_path / f"forger-{kid or fp}.json"
    path.write_text(json.dumps({"keys": [{**public, "kid": kid or fp, "alg": "ES256", "use": "sig"}]}))
    return path, fp


def _forged_card(key: Any, tmp_path: Path, kid: str, lot: str = "FORGED-1") -> Path:
    payload = _payload(CARD_00)
    for entry in payload["vc"]["credentialSubject"]["fhirBundle"]["entry"]:
        if entry["resource"]["resourceType"] == "Immunization":
            entry["resource"]["lotNumber"] = lot
    token = sign(json.dumps(payload, separators=(",", ":")).encode(), key, kid)
    path = tmp_path / f"forged-{lot}.smart-health-card"
    path.write_text(json.dumps({"verifiableCredential": [token]}))
    return path


def verification(path: Path, cache: Any, **options: Any) -> dict[str, Any]:
    ctx = ImportContext(options={"now": NOW, **options}, cache=cache)
    records = [r for r in shc.SmartHealthCardConnector().read(Source(path), ctx) if isinstance(r, Record)]
    assert records
    v = records[0].provenance.verification
    assert v is not None
    return v


def _trust_genuine(vault: Vault) -> None:
    issuers.trust(vault, issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS)))


# ------------------------------------------------------------------ keys and fingerprints


def test_fingerprint_is_the_rfc7638_thumbprint() -> None:
    # SMART Health Card issuers must use the key's RFC 7638 thumbprint as its kid: the example issuer does
    keys = issuers.read_jwks_file(JWKS)
    assert {k.kid for k in keys} >= {GENUINE_KID}
    assert all(k.fingerprint == k.kid for k in keys)


def test_key_files_without_usable_keys_are_refused(tmp_path: Path) -> None:
    rsa = tmp_path / "rsa.json"
    rsa.write_text(json.dumps({"keys": [{"kty": "RSA", "n": "AQAB", "e": "AQAB"}]}))
    with pytest.raises(issuers.IssuerKeyError, match="no usable EC P-256 public key"):
        issuers.read_jwks_file(rsa)
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    with pytest.raises(issuers.IssuerKeyError, match="not a JSON key file"):
        issuers.read_jwks_file(broken)
    with pytest.raises(issuers.IssuerKeyError, match="https://"):
        issuers.check_issuer("spec.smarthealth.cards/examples/issuer")


def test_a_private_key_is_kept_as_its_public_part(forger: Any, tmp_path: Path) -> None:
    path = tmp_path / "private.json"
    path.write_text(json.dumps({"keys": [forger.as_dict(private=True)]}))
    (key,) = issuers.read_jwks_file(path)
    assert "d" not in key.jwk


# ------------------------------------------------------------------ the attack of the issue


def test_a_key_given_with_an_import_is_not_kept(vault: Vault, forger: Any, tmp_path: Path) -> None:
    jwks, fp = _forger_jwks(forger, tmp_path)
    forged = _forged_card(forger, tmp_path, fp)
    v = verification(forged, vault, jwks=str(jwks))
    # the forger's own key does verify the forger's card, and says whose key that was
    assert v["status"] == "verified"
    assert v["key_source"] == "supplied"
    assert v["summary"].startswith(f"Verified with the key supplied with this import ({fp}), not a key you trust")
    assert vault.cache_keys("shc-") == []
    # later: neither the forgery nor a genuine card is verified by anything the forger left behind
    assert verification(_forged_card(forger, tmp_path, fp, "FORGED-2"), vault)["reasons"] == ["no-issuer-keys"]
    assert verification(EX / "example-01-e-file.smart-health-card", vault)["reasons"] == ["no-issuer-keys"]


def test_keys_an_earlier_version_cached_are_never_used(vault: Vault, forger: Any, tmp_path: Path) -> None:
    jwks, fp = _forger_jwks(forger, tmp_path)
    vault.cache_set("shc-jwks:" + ISS, json.loads(jwks.read_text()))  # as the old import left it
    v = verification(_forged_card(forger, tmp_path, fp), vault)
    assert v["status"] == "unverified"
    assert v["reasons"] == ["no-issuer-keys"]


def test_trusted_keys_verify_later_imports_and_say_which_key(vault: Vault) -> None:
    _trust_genuine(vault)
    trusted = issuers.trusted(vault, ISS)
    assert trusted is not None
    for card in (CARD_00, EX / "example-01-e-file.smart-health-card"):
        v = verification(card, vault)
        assert v["status"] == "verified"
        fp = v["key_fingerprint"]
        assert fp in {k.fingerprint for k in trusted.keys}
        assert v["reason"] == f"verified with trusted key {fp} of {ISS}"
        assert v["summary"].startswith(f"Verified with trusted key {fp} of {ISS};")
    # example-01 is signed by the issuer's second key, which carries a certificate chain
    assert v["key_fingerprint"] != GENUINE_KID
    assert any("x5c" in n for n in v["notes"])


def test_a_different_supplied_key_for_a_trusted_issuer_is_reported(vault: Vault, forger: Any, tmp_path: Path) -> None:
    _trust_genuine(vault)
    before = vault.cache_get("shc-trusted:" + ISS)
    # the forger's key under its own kid: imported, but not verified, and said why
    jwks, fp = _forger_jwks(forger, tmp_path)
    v = verification(_forged_card(forger, tmp_path, fp), vault, jwks=str(jwks))
    assert v["status"] == "unverified"
    assert v["reasons"] == ["different-key"]
    assert (
        f"signed with key {fp}, supplied with this import: a different key than the one you trust for {ISS}"
        in (v["reason"])
    )
    # the forger's key under the genuine kid: the card does not match the trusted key and is refused
    same_kid, _ = _forger_jwks(forger, tmp_path, GENUINE_KID)
    card = _forged_card(forger, tmp_path, GENUINE_KID)
    with pytest.raises(
        ConnectorError, match=f"supplied with this import, a different key than the one you trust for {ISS}"
    ):
        verification(card, vault, jwks=str(same_kid))
    with pytest.raises(ConnectorError, match=f"does not match the trusted key {GENUINE_KID}"):
        verification(card, vault)
    # a genuine card still verifies with the trusted key, and the odd key file is mentioned
    v = verification(CARD_00, vault, jwks=str(same_kid))
    assert v["status"] == "verified"
    assert v["key_source"] == "trusted"
    assert any("a different key than the one you trust" in n for n in v["notes"])
    # nothing replaced the trusted keys
    assert vault.cache_get("shc-trusted:" + ISS) == before


# ------------------------------------------------------------------ trusting, replacing, forgetting


def test_replacing_trusted_keys_says_which_go(vault: Vault, forger: Any, tmp_path: Path) -> None:
    _trust_genuine(vault)
    jwks, fp = _forger_jwks(forger, tmp_path)
    change = issuers.plan(vault, ISS, issuers.read_jwks_file(jwks))
    assert [k.fingerprint for k in change.added] == [fp]
    assert GENUINE_KID in [k.fingerprint for k in change.removed]
    text = "\n".join(change.lines())
    assert "You already trust other keys for this issuer" in text
    assert f"no longer:    {GENUINE_KID}" in text
    # someone else changed the trust after the question was asked: nothing is changed
    issuers.forget(vault, ISS)
    with pytest.raises(issuers.IssuerKeyError, match="changed while you were asked"):
        issuers.trust(vault, change)
    assert issuers.trusted(vault, ISS) is None


def test_trust_and_forget_are_audited(vault: Vault) -> None:
    _trust_genuine(vault)
    assert issuers.forget(vault, ISS)
    assert not issuers.forget(vault, ISS)
    actions = [e["action"] for e in audit.entries(vault.conn, limit=10)]
    assert actions[:2] == ["issuer.forget", "issuer.trust"]
    assert audit.verify(vault.conn) == []


# ------------------------------------------------------------------ revocation lists

CRL = FIX / "issuer" / f"{GENUINE_KID}.json"
CARD_03 = EX / "example-03-e-file.smart-health-card"  # its rid is on the example issuer's list


def test_a_revocation_list_given_with_an_import_is_not_kept(vault: Vault) -> None:
    _trust_genuine(vault)
    before = vault.cache_get("shc-trusted:" + ISS)
    v = verification(CARD_03, vault, crl=str(CRL))
    assert v["reasons"] == ["revoked"]
    assert v["revocation_source"] == "supplied"
    assert vault.cache_get("shc-trusted:" + ISS) == before
    assert vault.cache_keys("shc-crl:") == []
    # later: the card is not judged by the list given once
    v = verification(CARD_03, vault)
    assert v["status"] == "verified"
    assert v["revocation"] == "not checked (no revocation list)"


def test_revocation_lists_an_earlier_version_cached_are_never_used(vault: Vault) -> None:
    _trust_genuine(vault)
    # a planted list, as the old import left it, that would make a genuine card read "revoked"
    planted = {"kid": GENUINE_KID, "method": "rid", "ctr": 9, "rids": ["MKyCxh7p6uQ"]}
    vault.cache_set(f"shc-crl:{ISS}#{GENUINE_KID}", planted)
    v = verification(CARD_00, vault)
    assert v["status"] == "verified"
    assert v["revocation_source"] is None
    assert ISS in issuers.legacy_cached(vault)
    assert issuers.forget(vault, ISS)
    assert vault.cache_keys("shc-crl:") == []


def test_a_kept_revocation_list_is_part_of_trusting_the_issuer(vault: Vault, tmp_path: Path) -> None:
    crl = issuers.read_crl_file(CRL)
    change = issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS), [crl])
    assert f"  keep:         revocation list for key {GENUINE_KID} (ctr 1, 4 revoked id(s))" in change.lines()
    issuers.trust(vault, change)
    kept = issuers.trusted(vault, ISS)
    assert kept is not None and kept.crl(GENUINE_KID) == crl
    v = verification(CARD_03, vault)
    assert v["reasons"] == ["revoked"]
    assert v["revocation_source"] == "trusted"
    assert any(n.startswith(f"revocation checked against the list you keep for {ISS}") for n in v["notes"])
    assert f"Revocation checked against the list you keep for {ISS}." in v["summary"]
    assert verification(CARD_00, vault)["revocation"] == "not revoked"
    # trusting the same keys again keeps the list; a newer list replaces it, and says so
    again = issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS))
    assert again.unchanged
    newer = tmp_path / "newer.json"
    newer.write_text(json.dumps({"kid": GENUINE_KID, "method": "rid", "ctr": 2, "rids": []}))
    change = issuers.plan(vault, ISS, None, [issuers.read_crl_file(newer)])
    text = "\n".join(change.lines())
    assert "replace:      revocation list for key" in text and "(ctr 2, 0 revoked id(s))" in text
    assert [k.fingerprint for k in change.added + change.removed] == []
    issuers.trust(vault, change)
    assert verification(CARD_03, vault)["revocation"] == "not revoked"
    # forgetting the issuer drops its list with its keys
    assert issuers.forget(vault, ISS)
    assert verification(CARD_03, vault, jwks=str(JWKS))["revocation_source"] is None


def test_a_revocation_list_must_be_for_a_trusted_key(vault: Vault, tmp_path: Path) -> None:
    other = tmp_path / "other.json"
    other.write_text(json.dumps({"kid": "someone-else", "method": "rid", "rids": ["x"]}))
    with pytest.raises(issuers.IssuerKeyError, match="not one of the keys trusted"):
        issuers.plan(vault, ISS, issuers.read_jwks_file(JWKS), [issuers.read_crl_file(other)])
    with pytest.raises(issuers.IssuerKeyError, match="no keys are trusted"):
        issuers.plan(vault, ISS, None, [issuers.read_crl_file(CRL)])
    no_kid = tmp_path / "no-kid.json"
    no_kid.write_text(json.dumps({"method": "rid", "rids": []}))
    with pytest.raises(issuers.IssuerKeyError, match="must name its key"):
        issuers.read_crl_file(no_kid)


# ------------------------------------------------------------------ the command line


@pytest.mark.slow
def test_cli_trust_list_forget(vault: Vault, vault_dir: Path, forger: Any, tmp_path: Path) -> None:
    vault.close()
    r = run_cli(vault_dir, "issuers", "trust", str(JWKS), "--issuer", ISS, stdin="n\n")
    assert r.returncode == 130, r.stderr
    assert f"Issuer: {ISS}" in r.stdout
    assert f"new key:      {GENUINE_KID}" in r.stdout
    assert "no trusted issuers" in run_cli(vault_dir, "issuers", "list").stdout
    r = run_cli(vault_dir, "issuers", "trust", str(JWKS), "--issuer", ISS, stdin="y\n")
    assert r.returncode == 0, r.stderr
    listed = run_cli(vault_dir, "issuers", "list").stdout
    assert ISS in listed
    assert f"key {GENUINE_KID}" in listed
    # another key for a trusted issuer: said so, and the end of input keeps what is trusted
    jwks, fp = _forger_jwks(forger, tmp_path)
    r = run_cli(vault_dir, "issuers", "trust", str(jwks), "--issuer", ISS)
    assert r.returncode == 130
    assert "You already trust other keys for this issuer" in r.stdout
    assert fp not in run_cli(vault_dir, "issuers", "list").stdout
    # bad input: one line each, nothing changed
    r = run_cli(vault_dir, "issuers", "trust", "/dev/zero", "--issuer", ISS)
    assert r.returncode == 1
    assert r.stderr.strip() == (
        "mydata-wallet: /dev/zero: a character device, not a regular file; only regular files are read"
    )
    r = run_cli(vault_dir, "issuers", "forget", "https://nobody.example")
    assert r.returncode == 1
    assert r.stderr.strip() == "mydata-wallet: no keys are kept for the issuer 'https://nobody.example'"
    # keeping the issuer's revocation list is part of trusting it
    r = run_cli(vault_dir, "issuers", "trust", "--issuer", ISS, "--crl", str(CRL), stdin="y\n")
    assert r.returncode == 0, r.stderr
    assert "Change the revocation lists you keep for this issuer?" in r.stdout
    assert f"revocation list for key {GENUINE_KID} (ctr 1, 4 revoked id(s)), kept 20" in (
        run_cli(vault_dir, "issuers", "list").stdout
    )
    r = run_cli(vault_dir, "issuers", "forget", ISS)
    assert r.returncode == 0, r.stderr
    listed = run_cli(vault_dir, "issuers", "list").stdout
    assert "no trusted issuers" in listed
    assert "revocation list" not in listed


@pytest.mark.slow
def test_cli_import_with_a_key_file_keeps_nothing(vault: Vault, vault_dir: Path) -> None:
    vault.close()
    card = CARD_00
    r = run_cli(vault_dir, "import", str(card), "--option", f"jwks={JWKS}", "--option", f"now={NOW}")
    assert r.returncode == 0, r.stderr
    assert "no trusted issuers" in run_cli(vault_dir, "issuers", "list").stdout
