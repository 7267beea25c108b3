"""``mydata-wallet money ...`` as a new user would run it: a Korean bank statement in, the month's spending out.

The statements are the demo's Korean bank file (resources/demo/kr_bank_cp949.csv) and one written
here in the same layout with hospital, pharmacy and subscription payments over several months.
Commands run in-process (click's CliRunner) except the error cases, which run as their own process
to see exactly what a person sees: one line, no traceback.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import DEMO, PASSPHRASE, run_cli

from wallet.cli import cli
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source

KR = DEMO / "kr_bank_cp949.csv"


def _statement(path: Path, rows: list[tuple[str, int, int, str]], encoding: str = "cp949") -> Path:
    """A statement in the demo's Korean bank layout (CP949)."""
    lines = ["거래내역조회", "계좌번호,987-65-4321098", "", "거래일시,적요,출금액,입금액,내용,잔액,거래점"]
    balance = 2_000_000
    for when, out, into, payee in rows:
        balance += into - out
        lines.append(f'{when},체크카드,"{out:,}","{into:,}",{payee},"{balance:,}",')
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


CARE = [
    ("2026.03.17 09:00:00", 17_000, 0, "넷플릭스"),
    ("2026.04.02 10:00:00", 35_000, 0, "서울연세내과의원"),
    ("2026.04.02 10:40:00", 8_700, 0, "온누리약국"),
    ("2026.04.17 09:00:00", 17_000, 0, "넷플릭스"),
    ("2026.04.20 09:00:00", 48_320, 0, "한국전력공사"),
    ("2026.05.11 14:00:00", 120_000, 0, "연세치과의원"),
    ("2026.05.17 09:00:00", 17_000, 0, "넷플릭스"),
]


@pytest.fixture
def wallet_dir(vault, vault_dir: Path, tmp_path: Path) -> Path:
    import_source(vault, Source(KR))
    import_source(vault, Source(_statement(tmp_path / "care_cp949.csv", CARE)))
    vault.close()
    return vault_dir


def run(vault_dir: Path, *args: str) -> Result:
    result = CliRunner().invoke(
        cli, ["--vault", str(vault_dir), "money", *args], env={"MYDATA_WALLET_PASSPHRASE": PASSPHRASE}
    )
    assert result.exit_code == 0, result.output + repr(result.exception)
    return result


def run_json(vault_dir: Path, *args: str) -> Any:
    return json.loads(run(vault_dir, *args, "--json").output)


def test_summary_shows_accounts_net_worth_and_the_months_spending(wallet_dir: Path) -> None:
    out = run(wallet_dir, "summary", "--month", "2024-03").output
    assert "Money of everyone in the vault" in out
    assert "3,315,934 KRW" in out  # the demo statement's last 잔액
    assert "2024-03 against 2024-02" in out
    assert "income" in out and "3,201,234 KRW" in out and "(nothing in 2024-02)" in out
    assert "Spending by category, 2024-03" in out
    lines = out[out.index("Spending by category") :].splitlines()[1:]
    assert lines[0].split()[0] == "Housing" and "650,000 KRW" in lines[0]

    data = run_json(wallet_dir, "summary", "--month", "2024-03")
    assert data["month"] == "2024-03" and data["previous_month"] == "2024-02"
    care_total = 2_000_000 - sum(r[1] for r in CARE)
    assert data["net_worth"] == {"KRW": str(3315934 + care_total)}  # both balances, one currency
    # one layout, two statements whose 잔액 columns do not chain: two accounts, told apart by file
    assert {a["label"]: a["balance"] for a in data["accounts"]} == {
        "kr_bank (kr_bank_cp949.csv)": "3315934",
        "kr_bank (care_cp949.csv)": str(care_total),
    }
    [march] = data["months"]
    assert (march["income"], march["spending"], march["transfers_out"]) == ("3201234", "885300", "250000")
    assert {c["key"]: c["spent"] for c in data["categories"]} == {
        "housing": "650000",
        "cash": "100000",
        "telecom": "89000",
        "groceries": "32800",
        "dining": "13500",
    }


def test_the_latest_month_is_the_default(wallet_dir: Path) -> None:
    data = run_json(wallet_dir, "summary")
    assert data["month"] == "2026-05" and data["previous_month"] == "2026-04"
    acc = next(a for a in data["accounts"] if a["sources"] == ["care_cp949.csv"])
    assert acc["kind"] == "bank" and acc["history"][-1] == ["2026-05-17", acc["balance"]]
    out = run(wallet_dir, "summary").output
    assert "2026-05 (the latest month with transactions) against 2026-04" in out
    assert "치과" not in out  # category names in English unless asked
    assert "치과" in run(wallet_dir, "summary", "--lang", "ko").output


def test_categories_per_month_with_bars(wallet_dir: Path) -> None:
    april = run_json(wallet_dir, "categories", "--month", "2026-04")
    assert [(c["key"], c["spent"]) for c in april] == [
        ("energy", "48320"),
        ("medical", "35000"),
        ("subscriptions", "17000"),
        ("pharmacy", "8700"),
    ]
    assert april[1]["label_ko"] == "병원·의원"
    out = run(wallet_dir, "categories").output
    assert "2024-03 (KRW)" in out and "2026-05 (KRW)" in out
    energy = next(line for line in out.splitlines() if line.strip().startswith("Energy"))
    pharmacy = next(line for line in out.splitlines() if line.strip().startswith("Pharmacy"))
    assert energy.count("#") == 24 and pharmacy.count("#") == round(24 * 8700 / 48320)


def test_a_correction_teaches_a_rule_that_later_months_follow(wallet_dir: Path) -> None:
    rows = run_json(wallet_dir, "list", "--month", "2024-03")
    star = next(r for r in rows if r["payee"] == "스타벅스 광화문점")
    assert star["category"]["key"] == "dining" and star["rule"] == "builtin:dining-ko"
    out = run(wallet_dir, "recategorise", star["record"][:12], "groceries").output
    assert out.startswith("learnt rule mine:") and '"스타벅스 광화문점"' in out
    spent = {c["key"]: c["spent"] for c in run_json(wallet_dir, "categories", "--month", "2024-03")}
    assert spent["groceries"] == str(32800 + 3 * 4500) and "dining" not in spent
    [mine] = run_json(wallet_dir, "rules", "list", "--mine")
    assert mine["category"] == "groceries" and mine["payee_is"] == ["스타벅스 광화문점"]

    added = run(wallet_dir, "rules", "add", "래미안", "insurance", "--min", "100,000").output
    rule_id = added.split()[2].rstrip(":")
    spent = {c["key"]: c["spent"] for c in run_json(wallet_dir, "categories", "--month", "2024-03")}
    assert spent["insurance"] == "650000" and "housing" not in spent
    assert "deleted rule" in run(wallet_dir, "rules", "delete", rule_id).output
    assert len(run_json(wallet_dir, "rules", "list", "--mine")) == 1

    off = run(wallet_dir, "rules", "delete", "pharmacy-ko").output
    assert "turned off builtin:pharmacy-ko" in off
    listed = run(wallet_dir, "rules", "list").output
    assert any(line.startswith("builtin:pharmacy-ko") and "[off]" in line for line in listed.splitlines())
    run(wallet_dir, "rules", "restore", "pharmacy-ko")


def test_recurring_payments_with_their_next_date(wallet_dir: Path) -> None:
    [netflix] = run_json(wallet_dir, "recurring")
    assert (netflix["payee"], netflix["period"], netflix["amount"]) == ("넷플릭스", "monthly", "17000")
    assert (netflix["last"], netflix["next"], netflix["count"]) == ("2026-05-17", "2026-06-17", 3)
    assert netflix["subscription"] is True
    out = run(wallet_dir, "recurring").output
    assert "넷플릭스" in out and "next 2026-06-17" in out and "subscription" in out


def test_totals_in_one_currency_say_which_rate(wallet_dir: Path) -> None:
    data = run_json(wallet_dir, "summary", "--in", "USD")
    assert data["total"]["missing"] == ["KRW"] and data["total"]["total"] == "0"
    assert (
        "kept 1 USD = 1400 KRW (entered 2026-12-01)"
        in run(wallet_dir, "rate", "set", "USD", "KRW", "1400", "--date", "2026-12-01").output
    )
    total = run_json(wallet_dir, "summary", "--in", "USD")["total"]
    worth = int(run_json(wallet_dir, "summary")["net_worth"]["KRW"])
    [line] = total["lines"]
    assert line["rate"]["text"] == "1 USD = 1400 KRW (entered 2026-12-01; used the other way round)"
    assert float(total["total"]) == pytest.approx(worth / 1400)
    shown = run(wallet_dir, "summary", "--in", "USD").output
    assert "KRW at 1 USD = 1400 KRW (entered 2026-12-01; used the other way round)" in shown
    assert run_json(wallet_dir, "rate", "list")["entered"][0]["rate"] == "1400"


def test_text_from_files_is_shown_safely(vault, vault_dir: Path, tmp_path: Path) -> None:
    odd = _statement(tmp_path / "odd.csv", [("2026.01.05 10:00:00", 1000, 0, "가게\u202e악성")], "utf-8")
    import_source(vault, Source(odd))
    vault.close()
    out = run(vault_dir, "list").output
    assert "\u202e" not in out and "\\u202e" in out


def test_errors_are_one_readable_line(wallet_dir: Path) -> None:
    for args, says in (
        (("rules", "add", "x", "food"), "unknown category 'food'; the categories are: medical,"),
        (("summary", "--month", "2024-13"), "not a month: '2024-13' (use YYYY-MM)"),
        (("rate", "set", "USD", "XYZ", "2"), "'XYZ' is not a currency code"),
        (("recategorise", "nonexistent", "dining"), "no record with id nonexistent"),
    ):
        result = run_cli(wallet_dir, "money", *args)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith("mydata-wallet: ") and says in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
