"""``mydata-wallet insights``, run as a user runs it: a real process on a real vault."""

from __future__ import annotations

import io
import json
import stat
from datetime import date, timedelta
from pathlib import Path

import pytest
from conftest import PASSPHRASE
from conftest import run_cli as run
from test_insights_trends import blood_pressure, steps, weight

from wallet.store.keys import KdfParams
from wallet.store.vault import Vault

TODAY = date.today()


def ago(days: int) -> str:
    return (TODAY - timedelta(days=days)).isoformat()


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault whose holder (an adult) has weights, steps and blood pressure in the last 90 days and a year before."""
    folder = tmp_path_factory.mktemp("insights") / "vault"
    vault, _ = Vault.create(folder, PASSPHRASE, kdf=KdfParams.floor())
    try:
        holder = vault.holder()
        vault.save_person(holder.model_copy(update={"name": "Kim Minji", "birth_date": date(1980, 3, 1)}))
        vault.add_records(
            [
                weight(ago(60), 80),
                weight(ago(30), 78),
                weight(ago(10), 76),  # the last 90 days: mean 78
                weight(ago(365 + 30), 84),  # the same days a year before: 84
                steps(ago(3), 9000),
                steps(ago(2), 11000),
                *blood_pressure(ago(5), 134, 86),
            ]
        )
    finally:
        vault.close()
    return folder


def test_overview_names_each_reference_and_shows_trends(filled: Path) -> None:
    r = run(filled, "insights")
    assert r.returncode == 0, r.stderr
    out = r.stdout
    assert "Where Kim Minji stands" in out
    assert "Blood pressure: 134/86 mmHg" in out
    assert "Korean Society of Hypertension, 2022" in out  # the reference by publisher and year
    assert "population:" in out and "licence:" in out and "how:" in out
    assert "Body weight: mean 78 kg over 3 days" in out
    assert "vs the same days a year before: -6 kg (84 kg)" in out
    assert "Steps: mean 10,000 steps over 2 days" in out
    assert "normal range: below 120 / below 80 mmHg; " in out
    assert "No goals set" in out
    assert "Traceback" not in r.stderr


def test_overview_json(filled: Path) -> None:
    r = run(filled, "insights", "--json")
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert set(data) == {"person", "standings", "trends", "trends_end", "goals"}
    bp = [s for s in data["standings"] if s["measurement"] == "blood_pressure"]
    assert bp and all(s["reference"]["publisher"] and s["reference"]["year"] for s in bp)
    by = {t["measurement"]: t for t in data["trends"]}
    assert by["body_weight"]["mean"] == pytest.approx(78.0)
    assert by["body_weight"]["change_last_year"]["difference"] == pytest.approx(-6.0)
    assert by["body_weight"]["slope_per_month"] < 0
    assert by["blood_pressure"]["band"] is not None


def test_overview_in_korean(filled: Path) -> None:
    r = run(filled, "insights", "--lang", "ko")
    assert r.returncode == 0, r.stderr
    assert "최근 90일 추세" in r.stdout and "체중" in r.stdout and "대한고혈압학회" in r.stdout


def test_goals_set_list_delete(filled: Path) -> None:
    r = run(filled, "insights", "goals", "set", "steps", "10000")
    assert r.returncode == 0, r.stderr
    assert "goal set for Kim Minji: Steps a day 10,000 steps" in r.stdout
    listed = run(filled, "insights", "goals", "list", "--json")
    assert listed.returncode == 0, listed.stderr
    (goal,) = json.loads(listed.stdout)["goals"]
    assert goal["goal"]["target"] == 10000.0
    # of the last 7 full days, steps on 2: 9,000 and 11,000; the target met on 1
    assert (goal["days_counted"], goal["days_met"]) == (2, 1)
    overview = run(filled, "insights")
    assert "Steps a day (10,000 steps): 10,000 steps a day on average" in overview.stdout
    gone = run(filled, "insights", "goals", "delete", "steps")
    assert gone.returncode == 0 and "goal deleted: steps" in gone.stdout
    again = run(filled, "insights", "goals", "delete", "steps")
    assert again.returncode == 1 and again.stderr.strip() == "mydata-wallet: Kim Minji has no steps goal"
    assert json.loads(run(filled, "insights", "goals", "list", "--json").stdout)["goals"] == []


def test_unknown_goal_kind_is_one_readable_line(filled: Path) -> None:
    r = run(filled, "insights", "goals", "set", "stairs", "10")
    assert r.returncode == 1
    assert r.stderr.strip().splitlines() == [
        "mydata-wallet: unknown goal kind 'stairs' (known: steps, weight, blood_pressure, sleep)"
    ]
    assert r.stdout == ""
    negative = run(filled, "insights", "goals", "set", "weight", "-3")
    assert negative.returncode == 1 and len(negative.stderr.strip().splitlines()) == 1
    assert "must be above zero" in negative.stderr


def test_summary_text_json_and_pdf(filled: Path, tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    month = (TODAY - timedelta(days=10)).strftime("%Y-%m")
    out = tmp_path / "summary.pdf"
    r = run(filled, "insights", "summary", "--month", month, "--pdf", str(out), "--lang", "ko")
    assert r.returncode == 0, r.stderr
    assert f"월간 건강 요약: {month}" in r.stdout and "체중" in r.stdout
    assert "recorded in the audit log" in r.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(out.read_bytes())).pages)
    assert "월간 건강 요약" in text and "Kim Minji" in text
    data = json.loads(run(filled, "insights", "summary", "--month", month, "--json").stdout)
    weights = [s for s in data["measurements"] if s["measurement"] == "body_weight"]
    assert weights and weights[0]["month"]["count"] >= 1
    assert data["record_ids"]
    with Vault.open(filled, PASSPHRASE) as vault:
        entry = next(e for e in vault.audit_entries() if e["action"] == "insights.summary_pdf")
    assert entry["detail"]["month"] == month and "path" not in entry["detail"]


def test_summary_bad_month_is_one_line(filled: Path) -> None:
    r = run(filled, "insights", "summary", "--month", "2024-13")
    assert r.returncode == 1
    assert r.stderr.strip() == "mydata-wallet: not a month: '2024-13' (use YYYY-MM)"
