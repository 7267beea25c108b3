"""What the home screen shows (wallet.features.home), without Qt.

Golden values come from the demo files themselves (resources/demo/README.md: written by this
project, GPL-3.0-or-later) and published constants:

* ``watch-and-phone-export.xml`` + ``clinic-visit-vitals.json``: heart rate 72 bpm at 2024-03-04
  08:00 +09:00 from the watch, the phone and the clinic (one reading), 81 at 12:30, 66 on 2024-03-05;
  blood pressure 128/82 mmHg (the correlation and its parts: one reading); body mass 154.3 lb on
  the 4th (x 0.45359237 kg/lb, the international pound = 69.989 kg) and 70.1 kg on the 5th; glucose
  5.55 mmol/L (x 180.156 g/mol / 10 = 99.987 mg/dL).
* The spending and energy sums are checked against the finance and energy modules' own totals
  (the ledgers and ``monthly_totals``), which the views use.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from conftest import DEMO, FIXTURES

from wallet.features import energy as energy_feature
from wallet.features import finance, home
from wallet.imports.connector import Source
from wallet.imports.pipeline import import_source
from wallet.model import Domain


def test_vitals_in_canonical_units_each_reading_once(vault):
    holder = vault.holder().id
    for name in ("watch-and-phone-export.xml", "clinic-visit-vitals.json"):
        import_source(vault, Source(DEMO / name), person=holder)
    vitals = {v.key: v for v in home.vitals(vault, holder)}
    assert list(vitals) == ["heart_rate", "blood_pressure", "body_weight", "blood_glucose"]

    hr = vitals["heart_rate"]
    assert hr.latest == "66 bpm" and hr.when == "2024-03-05 07:45 (+09:00)"
    assert hr.trend == [pytest.approx((72 + 81) / 2), pytest.approx(66)]  # 72 counted once on the 4th

    bp = vitals["blood_pressure"]
    assert bp.latest == "128/82 mmHg"
    assert bp.trend == [pytest.approx(128)] and bp.trend2 == [pytest.approx(82)]

    weight = vitals["body_weight"]
    assert weight.latest == "70.1 kg"
    assert weight.trend == [pytest.approx(154.3 * 0.45359237), pytest.approx(70.1)]

    glucose = vitals["blood_glucose"]
    assert glucose.trend == [pytest.approx(5.55 * 180.156 / 10, abs=0.01)]


def test_an_empty_person_gets_the_start(vault):
    data = home.summary(vault, None)
    assert data.empty and not data.vitals and not data.spending and not data.pending


def test_first_leaves_spending_and_energy_to_rest(vault):
    holder = vault.holder().id
    import_source(vault, Source(FIXTURES / "ofx" / "jseutter-ofxparse" / "checking.ofx"), person=holder)
    first = home.first(vault, holder)
    assert first.pending == ("money",) and first.spending == []
    done = home.rest(vault, holder, first)
    assert done.pending == () and [(s.currency, s.spent) for s in done.spending] == [("USD", Decimal("59.51"))]


@pytest.mark.parametrize(
    "path",
    [
        DEMO / "kr_bank_cp949.csv",
        DEMO / "ofxdata-credit-card.ofx",
        FIXTURES / "ofx" / "asgrim-ofxparser" / "ofx-multiple-accounts-xml.ofx",
    ],
    ids=lambda p: p.name,
)
def test_spending_agrees_with_the_ledgers(vault, path):
    holder = vault.holder().id
    import_source(vault, Source(path), person=holder)
    got = home.spending(vault, holder)
    assert got, "the file has transactions"
    totals = {(t.key, t.currency): t for t in finance.monthly_totals(finance.load_ledgers(vault, holder))}
    for s in got:
        this = totals.get((s.month.strftime("%Y-%m"), s.currency))
        before = totals.get((s.previous_month.strftime("%Y-%m"), s.currency))
        assert this is not None
        assert s.spent == -this.money_out and s.received == this.money_in
        assert s.previous == (-before.money_out if before else Decimal(0))


def test_energy_agrees_with_monthly_totals(vault):
    holder = vault.holder().id
    import_source(vault, Source(DEMO / "test_usage_data_01.xml"), person=holder)
    (used,) = home.energy_use(vault, holder)
    records = vault.records(person_id=holder, domain=Domain.ENERGY)
    (total,) = [t for t in energy_feature.monthly_totals(records) if t.period == date(2012, 3, 1)]
    assert (used.month, used.commodity, used.unit) == (date(2012, 3, 1), total.commodity, total.unit)
    assert used.total == pytest.approx(total.total) == pytest.approx(93.846)
    assert used.last_year is None
