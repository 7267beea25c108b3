"""``mydata-wallet energy summary|tariff``, run as a user runs it: a real process on a real vault."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES, PASSPHRASE
from conftest import run_cli as run
from test_energy_insights import day_reading, household

from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.store.keys import KdfParams
from wallet.store.vault import Vault


@pytest.fixture(scope="module")
def korean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A Korean household's daily readings, 2024-01-01 to 2025-08-10 (see test_energy_insights.household)."""
    folder = tmp_path_factory.mktemp("energy") / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    try:
        vault.add_records(household())
    finally:
        vault.close()
    return folder


@pytest.fixture(scope="module")
def american(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real Green Button file with the utility's costs (USD), and a meter whose name carries an escape sequence."""
    folder = tmp_path_factory.mktemp("energy-us") / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    try:
        import_source(vault, Source(FIXTURES / "green_button" / "test_usage_data.xml"))
        vault.add_records([day_reading(date(2010, 1, 1), 3.0, meter="evil\x1b[2Jmeter")])
    finally:
        vault.close()
    return folder


def test_summary_of_a_whole_month(korean: Path) -> None:
    r = run(korean, "energy", "summary", "--month", "2025-07")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Electricity use, 2025-07 (meter up/1)" in out
    assert "This month: 465.000 kWh over 31 of 31 days; same month last year: 300.000 kWh" in out
    day9 = next(line for line in out.splitlines() if line.strip().startswith("2025-07-09"))
    assert day9.split() == ["2025-07-09", "15.000", "10.000", "+5.000", "+50.0%"]
    day10 = next(line for line in out.splitlines() if line.strip().startswith("2025-07-10"))
    assert day10.split() == ["2025-07-10", "15.000", "no", "data", "-", "-"]  # 2024-07-10 has no readings
    # the bill, line by line, with the tariff's source and its verification state
    assert "Bill estimate for 465 kWh (Summer (July-August)) under KEPCO residential" in out
    assert "Base charge (tier 3, 451+ kWh)" in out
    assert "300 kWh × 120.0 + 150 kWh × 214.6 + 15 kWh × 307.3" in out
    total = next(line for line in out.splitlines() if line.strip().startswith("Amount billed"))
    assert "97,600 KRW" in total
    assert "Not verified against the publisher" in out
    assert "An estimate from the calendar month's readings, not a bill." in out
    # the saving plan, priced by the same tariff (97,600 - 85,740 = 11,860; 97,600 - 46,320 = 51,280)
    assert "15 kWh less (450 kWh, the top of tier 2): the bill would be 85,740 KRW, 11,860 KRW less" in out
    assert "165 kWh less (300 kWh, the top of tier 1): the bill would be 46,320 KRW, 51,280 KRW less" in out


def test_summary_json_and_the_month_in_progress(korean: Path) -> None:
    r = run(korean, "energy", "summary", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["month"] == "2025-08"  # the latest month with readings
    assert data["month_to_date"]["kwh"] == "160.000" and data["month_to_date"]["last_year_kwh"] == "100.000"
    assert data["month_to_date"]["change_kwh"] == "60.000"
    plan = data["saving_plan"]
    assert plan["projected_kwh"] == "496.000" and plan["projection"].startswith("linear projection")
    assert [(s["limit_kwh"], s["kwh_less"]) for s in plan["steps"]] == [(450, "46"), (300, "196")]
    assert data["bill"]["tier"] == 3 and data["bill"]["lines"][0]["key"] == "base"
    assert data["tariff"]["verified"] is False
    assert len(data["days"]) == 31
    assert [d["kwh"] for d in data["days"][9:12]] == ["16.000", None, None]  # no readings after 08-10: null, not 0


def test_summary_in_korean(korean: Path) -> None:
    r = run(korean, "energy", "summary", "--month", "2025-07", "--lang", "ko")
    assert r.returncode == 0, r.stderr
    assert "이번 달: 465.000 kWh (31일 중 31일 자료)" in r.stdout
    assert "기본요금 (3단계, 451+ kWh)" in r.stdout and "전력산업기반기금 (2.7%)" in r.stdout


def test_tariff_table_and_a_bill_for_a_given_use(korean: Path) -> None:
    r = run(korean, "energy", "tariff", "--month", "2025-07", "--kwh", "500")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "tier 2  301-450 kWh" in out and "tier 2  201-400 kWh" in out
    assert "above 1,000 kWh at 736.2 KRW/kWh" in out
    assert "Electricity industry fund: 2.7 %, from 2025-07-01" in out
    total = next(line for line in out.splitlines() if line.strip().startswith("Amount billed"))
    assert "110,280 KRW" in total  # the summer tier-3 golden bill of test_energy_insights
    j = json.loads(run(korean, "energy", "tariff", "--month", "2024-03", "--kwh", "350", "--json").stdout)
    assert j["bill"]["total"] == "71260" and j["in_force_from"] == "2023-05-16"
    assert j["seasons"][0]["tiers"][1] == {"tier": 2, "up_to_kwh": 450, "base_charge": "1600", "energy_rate": "214.6"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tariff", "--month", "2020-01"), "no tariff on file was in force on 2020-01-01"),
        (("tariff", "--tariff", "nope"), "no tariff 'nope' on file"),
        (("summary", "--month", "2025-13"), "not a month: '2025-13' (use YYYY-MM)"),
        (("summary", "--meter", "up/9"), "no electricity readings from meter 'up/9'"),
    ],
)
def test_readable_errors(korean: Path, args: tuple[str, ...], message: str) -> None:
    r = run(korean, "energy", *args)
    assert r.returncode != 0
    assert message in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_other_utility_shows_its_own_costs_and_no_tariff(american: Path) -> None:
    r = run(american, "energy", "summary")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Electricity use, 2012-03" in out
    assert "No bill estimate: no tariff is known for this utility" in out
    assert "2012-03  149.99 USD  (1340 of 1340 readings priced)" in out


def test_text_from_files_is_shown_safely(american: Path) -> None:
    r = run(american, "energy", "summary", "--month", "2010-01")
    assert r.returncode == 0, r.stderr
    assert "\x1b" not in r.stdout
    assert "evil\\x1b[2Jmeter" in r.stdout


def _latin(line: str) -> set[str]:
    import re

    return set(re.findall(r"[A-Za-z][A-Za-z-]*", line)) - {"kWh", "KRW"}


def test_tariff_table_and_bill_in_korean(korean: Path) -> None:
    r = run(korean, "energy", "tariff", "--month", "2025-08", "--kwh", "1250", "--lang", "ko")
    assert r.returncode == 0, r.stderr
    lines = r.stdout.splitlines()
    tiers = [line for line in lines if "단계  " in line]
    assert len(tiers) == 6 and all(not _latin(line) for line in tiers)
    assert any(line.startswith("  2단계  301-450 kWh") and "기본요금" in line for line in tiers)
    assert "슈퍼유저 요금 (하계·동계 1,000kWh 초과): 7, 8, 12, 1, 2월, 1,000 kWh 초과분 736.2 KRW/kWh" in lines
    assert "전력산업기반기금: 2.7 %, 2025-07-01부터" in lines
    assert not any(line.startswith(("Rounding", "  tier")) or " months " in line for line in lines)
    rounding = next(line for line in lines if line.startswith("끝수 처리: "))
    assert rounding == (
        "끝수 처리: 요금: 원 미만 버림; 부가가치세: 원 미만 반올림; "
        "전력산업기반기금: 10원 미만 버림; 청구금액: 10원 미만 버림"
    )
    # the bill: every line says how it was computed, in Korean (the summer super-user golden bill)
    bill = lines[lines.index(next(line for line in lines if "예상 요금" in line)) :]
    hows = [line for line in bill if line.startswith("  ")]
    assert len(hows) == 8 and all(not _latin(line) for line in hows), hows
    assert any("250 kWh × 736.2 (슈퍼유저, 1,000 kWh 초과분)" in line for line in hows)
    assert "502,700 KRW" in next(line for line in hows if line.strip().startswith("청구금액"))


def test_summary_plan_and_reasons_in_korean(korean: Path, american: Path) -> None:
    out = run(korean, "energy", "summary", "--lang", "ko").stdout  # August 2025, 10 days so far
    assert "예상 사용량: 496.000 kWh (선형 추정: 사용량이 있는 10일 동안 160 kWh," in out
    assert "linear projection" not in out
    other = run(american, "energy", "summary", "--lang", "ko").stdout
    assert "예상 요금 없음: 이 공급사의 요금표는 알 수 없습니다" in other and "no tariff is known" not in other
    data = json.loads(run(korean, "energy", "summary", "--json").stdout)
    assert data["bill"]["lines"][0]["how_ko"].startswith("하계 (7~8월): 사용량 496 kWh는 3단계")
    assert data["saving_plan"]["projection_ko"].startswith("선형 추정") and data["tariff_reason_ko"]
