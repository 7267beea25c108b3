"""The ``claims`` commands (issue 20, item 5): list, prepare (with the consent prompt), mark, policy.

In-process with CliRunner on a vault filled from tests/fixtures/claims/ (a KB국민은행 statement, a FHIR Bundle,
two PDF receipts), plus one run in its own process for the readable one-line error.  ``--today`` (hidden)
fixes the day deadlines are counted from.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import PASSPHRASE, run_cli
from test_claims import TODAY, _import_fixtures

from wallet.cli import cli
from wallet.errors import WalletError
from wallet.features.share.verify import verify_file
from wallet.store.vault import Vault

DAY = ("--today", TODAY.isoformat())


@pytest.fixture
def filled(vault: Vault) -> None:
    _import_fixtures(vault)
    vault.close()


def run(vault_dir: Path, *args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(
        cli,
        ["--vault", str(vault_dir), *args],
        input=input,
        env={"MYDATA_WALLET_PASSPHRASE": PASSPHRASE},
        catch_exceptions=False,
    )


def listed(vault_dir: Path, *extra: str) -> list[dict[str, Any]]:
    r = run(vault_dir, "claims", "list", "--json", *DAY, *extra)
    assert r.exit_code == 0, r.output
    out: list[dict[str, Any]] = json.loads(r.stdout)
    return out


def test_list_shows_claimable_visits_with_amounts_documents_and_deadlines(filled: None, vault_dir: Path) -> None:
    r = run(vault_dir, "claims", "list", *DAY)
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0] == "2 claimable visits (within 3 years, no claim recorded):"
    ortho_days = (date(2029, 4, 17) - TODAY).days
    clinic_days = (date(2029, 3, 4) - TODAY).days
    assert lines[1].split("  ")[1:] == ["2026-04-17", "의료법인 서울 정형외과의원"]
    assert lines[2:4] == [
        "    paid 48,000 KRW",
        "    documents present: none; missing: receipt (medical bill), itemised bill",
    ]
    assert lines[4] == f"    deadline 2029-04-17 ({ortho_days} days left)"
    assert lines[5].split("  ")[1:] == ["2026-03-04", "연세내과의원 + 온누리약국"]
    assert lines[6] == "    paid 21,500 KRW (15,300 KRW + pharmacy 6,200 KRW)"
    assert lines[7] == (
        "    documents present: receipt (medical bill), prescription or pharmacy receipt; missing: itemised bill"
    )
    assert lines[8] == f"    deadline 2029-03-04 ({clinic_days} days left)"
    assert lines[9].startswith("Amounts are before deductibles")
    ko = run(vault_dir, "claims", "list", "--lang", "ko", *DAY).stdout.splitlines()
    assert ko[0] == "청구 가능한 진료 (3년 이내, 청구 기록 없음) 2건:"
    assert ko[2:5] == [
        "    결제 48,000 KRW",
        "    있는 서류: 없음; 없는 서류: 진료비 계산서·영수증, 진료비 세부산정내역",
        f"    청구 기한 2029-04-17 ({ortho_days}일 남음)",
    ]
    assert ko[6] == "    결제 21,500 KRW (15,300 KRW + 약국 6,200 KRW)"
    assert ko[-1].startswith("보험 정보가 없는 사람의 금액은 자기부담금을 빼기 전입니다")
    english = ("paid", "documents", "missing", "deadline", "days left", "claimable", "Amounts", "none")
    assert not [line for line in ko if any(word in line for word in english)]
    rows = listed(vault_dir)
    assert [(v["date"], v["paid"], v["total_paid"], v["deadline"]) for v in rows] == [
        ("2026-04-17", "48000", "48000", "2029-04-17"),
        ("2026-03-04", "15300", "21500", "2029-03-04"),
    ]
    assert rows[1]["estimate"] == {
        "claimable": "21500",
        "deductible": None,
        "after_deductibles": False,
        "visit_type": "clinic",
        "basis": "before deductibles (no policy entered)",
    }
    # three years on, nothing is claimable any more; --all still shows them, as expired
    assert run(vault_dir, "claims", "list", "--today", "2029-04-18").stdout.startswith("No claimable visits")
    late = listed(vault_dir, "--all", "--today", "2029-04-18")  # the later --today wins
    assert [v["status"] for v in late] == ["expired", "expired"]


def test_policy_set_show_and_estimates(filled: None, vault_dir: Path) -> None:
    assert "No policy entered" in run(vault_dir, "claims", "policy", "show").stdout
    r = run(
        vault_dir,
        *("claims", "policy", "set", "--insurer", "예시손해보험", "--generation", "4"),
        *("--deductible", "clinic=10000/20%", "--deductible", "pharmacy=8000"),
    )
    assert r.exit_code == 0, r.output
    shown = json.loads(run(vault_dir, "claims", "policy", "show", "--json").stdout)
    assert shown == {
        "insurer": "예시손해보험",
        "policy_type": "실손의료보험",
        "generation": 4,
        "deductibles": {"clinic": {"amount": "10000", "rate": "20"}, "pharmacy": {"amount": "8000", "rate": "0"}},
    }
    clinic = listed(vault_dir)[1]
    # 15,300 less max(10,000, 3,060) and 6,200 less min(8,000, 6,200): 5,300
    assert (clinic["estimate"]["claimable"], clinic["estimate"]["deductible"]) == ("5300", "16200")
    assert "claimable about 5,300 KRW" in run(vault_dir, "claims", "list", *DAY).stdout
    bad = run(vault_dir, "claims", "policy", "set", "--insurer", "X", "--deductible", "clinic")
    assert bad.exit_code == 1 and "TYPE=AMOUNT" in bad.output
    assert run(vault_dir, "claims", "policy", "delete").exit_code == 0
    assert json.loads(run(vault_dir, "claims", "policy", "show", "--json").stdout) is None


def test_prepare_asks_for_approval_then_writes_a_verifiable_bundle_and_marks_claimed(
    filled: None, vault_dir: Path, tmp_path: Path
) -> None:
    clinic = listed(vault_dir)[1]
    out = tmp_path / "claim.zip"
    args = ("claims", "prepare", clinic["id"][:7], "--recipient", "예시손해보험", "--out", str(out), *DAY)
    no = run(vault_dir, *args, input="yes\n")
    assert no.exit_code == 1 and not out.exists()
    assert "cancelled: nothing was written" in no.output
    assert "Insurance claim" in no.stdout and "Recipient:   예시손해보험" in no.stdout
    assert "Not in the wallet (the insurer may ask for them): itemised bill" in no.stdout
    assert [v["status"] for v in listed(vault_dir, "--all")] == ["claimable", "claimable"]
    yes = run(vault_dir, *args, input="approve\n")
    assert yes.exit_code == 0, yes.output
    assert f"visit {clinic['id']} marked as claimed" in yes.stdout
    assert verify_file(out).ok
    assert [v["date"] for v in listed(vault_dir)] == ["2026-04-17"]
    after = listed(vault_dir, "--all")[1]
    assert after["status"] == "claimed" and after["claimed_how"].startswith("prepared bundle ")
    again = run(vault_dir, *args, input="approve\n")
    assert again.exit_code == 1 and "already exists" in again.output


def test_mark_by_hand_and_undo(filled: None, vault_dir: Path) -> None:
    ortho = listed(vault_dir)[0]
    r = run(vault_dir, "claims", "mark", ortho["id"], "--on", "2026-05-02", *DAY)
    assert r.exit_code == 0 and "marked as claimed on 2026-05-02" in r.stdout
    marked = listed(vault_dir, "--all")[0]
    assert (marked["status"], marked["claimed_on"], marked["claimed_how"]) == ("claimed", "2026-05-02", "by hand")
    ko = run(vault_dir, "claims", "list", "--all", "--lang", "ko", *DAY).stdout
    assert "[청구함, 2026-05-02, 직접 표시]" in ko and "by hand" not in ko
    assert len(listed(vault_dir)) == 1
    assert run(vault_dir, "claims", "mark", ortho["id"], "--undo", *DAY).exit_code == 0
    assert len(listed(vault_dir)) == 2
    assert run(vault_dir, "claims", "mark", ortho["id"], "--undo", *DAY).exit_code == 1


def test_a_visit_with_a_payment_only_cannot_be_prepared(filled: None, vault_dir: Path, tmp_path: Path) -> None:
    with Vault.open(vault_dir, PASSPHRASE) as v:  # leave the orthopaedic visit with its card payment alone
        for kind in ("Encounter", "Claim"):
            for rec in v.records(kind=kind):
                if rec.start and rec.start.date() == date(2026, 4, 17):
                    v.delete_record(rec.id)
    ortho = listed(vault_dir)[0]
    assert ortho["encounter_ids"] == [] and ortho["payment_ids"]
    args = ("claims", "prepare", ortho["id"], "--recipient", "X", "--out", str(tmp_path / "x.zip"), *DAY)
    with pytest.raises(WalletError, match="only a card or bank payment"):
        run(vault_dir, *args)
    r = run_cli(vault_dir, *args)  # in its own process: one readable line, no traceback
    assert r.returncode == 1 and "Traceback" not in r.stderr
    assert r.stderr.startswith("mydata-wallet: the visit of 2026-04-18 at 서울정형외과 has only a card or bank payment")
    unknown = run_cli(vault_dir, "claims", "mark", "vzzzz")
    assert unknown.returncode == 1 and "no visit 'vzzzz'" in unknown.stderr


def test_mark_refuses_a_day_in_the_future_or_before_the_visit(filled: None, vault_dir: Path) -> None:
    ortho = listed(vault_dir)[0]
    future = run_cli(vault_dir, "claims", "mark", ortho["id"], "--on", "2099-01-01", *DAY)
    assert future.returncode == 1 and "Traceback" not in future.stderr
    assert future.stderr.strip().splitlines() == [
        "mydata-wallet: 2099-01-01 is in the future: a visit can be marked as claimed up to today"
    ]
    before = run_cli(vault_dir, "claims", "mark", ortho["id"], "--on", "2026-04-16", *DAY)
    assert before.returncode == 1 and "before the visit of 2026-04-17" in before.stderr
    assert [v["status"] for v in listed(vault_dir, "--all")] == ["claimable", "claimable"]


def test_prepare_of_a_claimed_visit_says_so_and_asks(filled: None, vault_dir: Path, tmp_path: Path) -> None:
    clinic = listed(vault_dir)[1]
    assert run(vault_dir, "claims", "mark", clinic["id"], "--on", "2026-05-01", *DAY).exit_code == 0
    out = tmp_path / "again.zip"
    args = ("claims", "prepare", clinic["id"], "--recipient", "예시손해보험", "--out", str(out), *DAY)
    no = run(vault_dir, *args, input="approve\n")
    assert no.exit_code == 1 and not out.exists()
    assert "already marked as claimed on 2026-05-01 (by hand)" in no.stdout and "Type 'again'" in no.stdout
    assert "Recipient:" not in no.stdout  # asked before the summary; nothing prepared
    yes = run(vault_dir, *args, input="again\napprove\n")
    assert yes.exit_code == 0, yes.output
    assert verify_file(out).ok
    after = listed(vault_dir, "--all")[1]
    assert after["claimed_how"].startswith("prepared bundle ")


def test_list_shows_the_payment_date_and_a_receipt_filed_under_another_person(vault: Vault, vault_dir: Path) -> None:
    from test_claims import doc, enc, pay

    from wallet.model import Person

    holder = vault.holder()
    holder.name = "김민준"
    vault.save_person(holder)
    child = Person(name="김하늘", birth_date=date(2019, 5, 1))
    vault.save_person(child)
    day = date(2026, 3, 4)
    vault.add_records(
        [
            enc(day, "튼튼소아청소년과의원", person=child.id),
            doc(day, "진료비 계산서·영수증", "튼튼소아청소년과의원", 9800, person=holder.id),
            pay(date(2026, 4, 18), "서울정형외과", 48000, person=holder.id),
        ]
    )
    vault.close()
    lines = run(vault_dir, "claims", "list", *DAY).stdout.splitlines()
    ortho = lines.index(next(line for line in lines if "서울정형외과" in line))
    assert "payment date 2026-04-18" in lines[ortho]
    assert lines[ortho + 3].startswith("    deadline about 2029-04-17 (")
    kid = lines.index(next(line for line in lines if "튼튼소아청소년과의원" in line))
    assert "김하늘" in lines[kid]
    notes = [line for line in lines[kid:] if line.startswith("    note:")]
    assert "a document of this visit is filed under 김민준" in notes[0]
    ko = run(vault_dir, "claims", "list", "--lang", "ko", *DAY).stdout
    assert "결제일 2026-04-18" in ko and "청구 기한 약 2029-04-17" in ko and "김민준의 것으로 등록" in ko
