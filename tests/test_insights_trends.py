"""Trends, goals and the monthly summary (wallet.features.insights.trends, .goals, .summary).

Readings are added as records (their readings and daily summaries follow, as after an import);
the expected numbers are worked out by hand in the comments.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from wallet.features import measurements as m
from wallet.features.insights import goals as g
from wallet.features.insights import summary as s
from wallet.features.insights import trends as t
from wallet.model import Domain, Person, Provenance, Record

KST = timezone(timedelta(hours=9))
PROV = Provenance(connector_id="fitbit", connector_version="1", source_name="watch.json")


def at(day: str, hour: int = 9, minute: int = 0) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, minute=minute, tzinfo=KST)


def weight(day: str, kg: float, hour: int = 9) -> Record:
    return Record(
        domain=Domain.HEALTH,
        kind="body_weight",
        title="Weight",
        start=at(day, hour),
        value=kg,
        unit="kg",
        provenance=PROV,
    )


def steps(day: str, count: float, hour: int = 9, *, daily: bool = False) -> Record:
    start = at(day, hour)
    return Record(
        domain=Domain.FITNESS,
        kind="steps_daily" if daily else "steps",
        title="Steps",
        start=start,
        end=None if daily else start + timedelta(hours=1),
        value=count,
        unit="steps",
        provenance=PROV,
    )


def blood_pressure(day: str, systolic: float, diastolic: float, hour: int = 8) -> list[Record]:
    return [
        Record(
            domain=Domain.HEALTH,
            kind=kind,
            title="Blood pressure",
            start=at(day, hour),
            value=value,
            unit="mmHg",
            provenance=PROV,
        )
        for kind, value in (("blood_pressure_systolic", systolic), ("blood_pressure_diastolic", diastolic))
    ]


def weights() -> list[Record]:
    """New records each time (adding records sets their person)."""
    return [
        # the baseline: the first 90 days of readings, 2022-01-10 to 2022-04-09: (90 + 88) / 2 = 89
        weight("2022-01-10", 90),
        weight("2022-03-01", 88),
        weight("2022-06-01", 70),  # after the baseline's 90 days, before the period: in neither
        # a year before the period: (85 + 83) / 2 = 84
        weight("2023-04-10", 85),
        weight("2023-06-20", 83),
        # the period 2024-04-01 to 2024-06-29: days 81 (80 and 82), 79, 77: mean 79
        weight("2024-04-05", 80, 7),
        weight("2024-04-05", 82, 20),
        weight("2024-05-05", 79),
        weight("2024-06-05", 77),
        weight("2024-07-15", 76),  # after the period: only the newest reading
    ]


PERIOD = (date(2024, 4, 1), date(2024, 6, 29))


@pytest.fixture
def person(vault):
    return vault.holder().id


def test_trend_means_changes_and_slope(vault, person):
    vault.add_records(weights())
    tr = t.trend(vault, person, "body_weight", *PERIOD)
    assert [(d, v) for d, v, _ in tr.points] == [("2024-04-05", 81.0), ("2024-05-05", 79.0), ("2024-06-05", 77.0)]
    assert tr.mean == pytest.approx(79.0)  # the mean of the days, not of the four readings (79.5)
    assert tr.unit == "kg" and tr.name == "Body weight"
    assert tr.change_last_year is not None
    assert (tr.change_last_year.mean, tr.change_last_year.difference) == (pytest.approx(84.0), pytest.approx(-5.0))
    assert tr.change_last_year.start == date(2023, 4, 1) and tr.change_last_year.days == 2
    base = tr.change_baseline
    assert base is not None and (base.start, base.end) == (date(2022, 1, 10), date(2022, 4, 9))
    assert (base.mean, base.difference, base.days) == (pytest.approx(89.0), pytest.approx(-10.0), 2)
    # least squares by hand: x = days from 2024-04-01 (4, 34, 65), y = (81, 79, 77)
    xs, ys = [4, 34, 65], [81, 79, 77]
    xm, ym = sum(xs) / 3, sum(ys) / 3
    per_day = sum((x - xm) * (y - ym) for x, y in zip(xs, ys, strict=True)) / sum((x - xm) ** 2 for x in xs)
    assert tr.slope_per_month == pytest.approx(per_day * 365.25 / 12)
    assert tr.slope_per_month < 0
    assert tr.latest is not None and tr.latest.value == 76.0  # the newest reading of the type, after the period


def test_rising_readings_have_a_positive_slope_and_no_comparison_without_history(vault, person):
    vault.add_records([weight("2024-04-05", 60), weight("2024-04-20", 61), weight("2024-05-30", 63)])
    tr = t.trend(vault, person, "body_weight", *PERIOD)
    assert tr.slope_per_month is not None and tr.slope_per_month > 0
    assert tr.change_last_year is None  # no reading a year before
    assert tr.change_baseline is None  # the readings start inside the period: no baseline before it


def test_steps_trend_uses_daily_totals(vault, person):
    vault.add_records(
        [
            steps("2024-05-01", 1000, 8),
            steps("2024-05-01", 3000, 18),  # one day: 4,000
            steps("2024-05-02", 6000),
            steps("2023-05-01", 2500),  # a year before
        ]
    )
    tr = t.trend(vault, person, "steps", *PERIOD)
    assert tr.cumulative
    assert [(d, v) for d, v, _ in tr.points] == [("2024-05-01", 4000.0), ("2024-05-02", 6000.0)]
    assert tr.mean == pytest.approx(5000.0)
    assert tr.slope_per_month is None  # two days, a day apart: no slope
    assert tr.change_last_year is not None and tr.change_last_year.difference == pytest.approx(2500.0)


def test_blood_pressure_trend_has_both_numbers_and_the_guideline_band(vault, person):
    vault.add_records(blood_pressure("2024-05-01", 120, 80) + blood_pressure("2024-05-02", 130, 86))
    tr = t.trend(vault, person, "blood_pressure", *PERIOD)
    assert (tr.mean, tr.mean2) == (pytest.approx(125.0), pytest.approx(83.0))
    assert tr.value_text(tr.mean, tr.mean2) == "125/83 mmHg"
    # KSH 2022 (the Korean guideline comes first): normal blood pressure is systolic < 120 and diastolic < 80 mmHg
    assert tr.band == (None, 120) and tr.band2 == (None, 80)
    assert tr.band_reference is not None and tr.band_reference.id == "ksh2022"
    assert (tr.band_reference.publisher, tr.band_reference.year) == ("Korean Society of Hypertension", 2022)
    assert tr.slope_per_month is None  # two days: too few for a slope


def test_trends_lists_the_types_with_readings_in_the_period(vault, person):
    vault.add_records([*weights(), steps("2020-01-01", 100)])
    found = t.trends(vault, person, 90, today=date(2024, 6, 29))
    assert [tr.measurement for tr in found] == ["body_weight"]  # steps only in 2020
    assert found[0].start == date(2024, 4, 1) and found[0].mean == pytest.approx(79.0)
    every = t.trends(vault, person, 90, today=date(2024, 6, 29), include_empty=True)
    assert {tr.measurement for tr in every} == {"body_weight", "steps"}


def test_record_ids_of_pairs_include_both_records(vault, person):
    bp = blood_pressure("2024-05-01", 120, 80)
    other = weight("2024-06-01", 70)
    vault.add_records([*bp, other])
    ids = t.reading_record_ids(vault, person, date(2024, 5, 1), date(2024, 5, 31))
    assert ids == sorted(r.id for r in bp)


# ----------------------------------------------------------------------------- goals
def test_goals_round_trip_and_audit(vault, person):
    g.set_goal(vault, person, g.parse_goal("steps", "10,000"), today=date(2024, 6, 1))
    g.set_goal(vault, person, g.parse_goal("blood_pressure", "130/80"))
    g.set_goal(vault, person, g.parse_goal("sleep", "7h30"))
    kept = g.goals(vault, person)
    assert [(x.kind, x.target, x.target2) for x in kept] == [
        ("steps", 10000.0, None),
        ("blood_pressure", 130.0, 80.0),
        ("sleep", 7.5, None),
    ]
    assert kept[0].set_on == "2024-06-01"
    g.set_goal(vault, person, g.parse_goal("steps", "8000"))  # replaces
    assert [x.target for x in g.goals(vault, person) if x.kind == "steps"] == [8000.0]
    assert g.delete_goal(vault, person, "steps") is True
    assert g.delete_goal(vault, person, "steps") is False
    assert [x.kind for x in g.goals(vault, person)] == ["blood_pressure", "sleep"]
    entries = [e for e in vault.audit_entries() if e["action"].startswith("goal.")]
    assert [e["action"] for e in entries].count("goal.set") == 4
    assert [e["action"] for e in entries].count("goal.delete") == 1
    for e in entries:
        assert e["detail"] == {"kind": e["detail"]["kind"], "person": person}  # no target values


@pytest.mark.parametrize(
    ("kind", "target", "message"),
    [
        ("steps", "-5", "must be above zero"),
        ("stairs", "10", "unknown goal kind 'stairs'"),
        ("weight", "heavy", "must be a number"),
        ("blood_pressure", "130", "systolic/diastolic"),
        ("blood_pressure", "80/130", "the first number must be the larger"),
        ("sleep", "30", "outside"),
    ],
)
def test_bad_goals_are_refused_readably(vault, person, kind, target, message):
    with pytest.raises(g.GoalError, match=message):
        g.set_goal(vault, person, g.parse_goal(kind, target))
    assert g.goals(vault, person) == []


def test_steps_progress_over_the_last_seven_full_days(vault, person):
    vault.add_records(
        [
            steps("2024-06-02", 20000),  # 8 days before: outside
            steps("2024-06-03", 12000),
            steps("2024-06-04", 4000, 8),
            steps("2024-06-04", 5000, 18),  # 9,000 that day
            steps("2024-06-05", 10000),
            steps("2024-06-07", 3000),
            steps("2024-06-07", 11000, daily=True),  # the source's own day total wins: 11,000
            steps("2024-06-09", 7000),
            steps("2024-06-10", 50000),  # today: not over yet, not counted
        ]
    )
    goal = g.set_goal(vault, person, g.Goal("steps", 10000))
    p = g.progress(vault, person, goal, today=date(2024, 6, 10))
    # days with steps among 06-03..06-09: 12,000, 9,000, 10,000, 11,000, 7,000
    assert (p.days_counted, p.days_met) == (5, 3)
    assert p.current == pytest.approx((12000 + 9000 + 10000 + 11000 + 7000) / 5)
    assert p.fraction == pytest.approx(3 / 5)
    assert "3 of 5 days" in p.text and "9,800" in p.text
    ko = g.progress(vault, person, goal, today=date(2024, 6, 10), lang="ko")
    assert "5일 중 3일" in ko.text


def test_weight_progress_follows_the_direction(vault, person):
    vault.add_records([weight("2024-05-01", 80)])
    lose = g.set_goal(vault, person, g.Goal("weight", 70))
    assert lose.start_value == 80.0  # the newest weight when the goal was set
    vault.add_records([weight("2024-06-01", 75)])
    p = g.progress(vault, person, lose, today=date(2024, 6, 2))
    assert p.current == 75.0 and p.fraction == pytest.approx(0.5)
    assert "to lose" in p.text and "50%" in p.text
    gain = g.Goal("weight", 85, start_value=80)
    p = g.progress(vault, person, gain, today=date(2024, 6, 2))
    assert p.fraction == 0.0 and "to gain" in p.text  # 75 kg moved away from 85: none of the way
    vault.add_records([weight("2024-06-02", 69.5)])
    p = g.progress(vault, person, lose, today=date(2024, 6, 2))
    assert p.fraction == 1.0 and "reached" in p.text


def test_blood_pressure_progress_counts_days_below_both_targets(vault, person):
    vault.add_records(
        blood_pressure("2024-06-01", 125, 78)
        + blood_pressure("2024-06-02", 128, 82)  # diastolic not below 80
        + blood_pressure("2024-06-03", 118, 76)
    )
    p = g.progress(vault, person, g.Goal("blood_pressure", 130, 80), today=date(2024, 6, 5))
    assert (p.days_met, p.days_counted, p.current, p.current2) == (2, 3, 118.0, 76.0)
    assert p.current_text == "118/76 mmHg"


def _sleep_record(kind: str, start: datetime, end: datetime, **kw) -> Record:
    return Record(domain=Domain.FITNESS, kind=kind, title="Sleep", start=start, end=end, provenance=PROV, **kw)


def test_sleep_progress_counts_overlaps_once(vault, person):
    apple = "HKCategoryTypeIdentifierSleepAnalysis"
    fit = g.GOOGLE_FIT_ACTIVITY
    vault.add_records(
        [
            # night to 2024-06-02: Apple 23:00-03:00 and 02:00-07:00 overlap one hour: 8 h asleep
            _sleep_record(
                apple, at("2024-06-01", 23), at("2024-06-02", 3), code="HKCategoryValueSleepAnalysisAsleepCore"
            ),
            _sleep_record(
                apple, at("2024-06-02", 2), at("2024-06-02", 7), code="HKCategoryValueSleepAnalysisAsleepREM"
            ),
            # in bed and awake are not asleep
            _sleep_record(apple, at("2024-06-01", 22), at("2024-06-02", 8), code="HKCategoryValueSleepAnalysisInBed"),
            _sleep_record(apple, at("2024-06-02", 7), at("2024-06-02", 8), code="HKCategoryValueSleepAnalysisAwake"),
            # Fitbit's log of the same night: 420 minutes asleep from 23:30, inside the hours above
            _sleep_record("sleep", at("2024-06-01", 23, 30), at("2024-06-02", 7, 30), value=420.0, unit="min"),
            # night to 2024-06-03, Google Fit only: light 00:00-02:00, awake 02:00-02:30, deep 02:30-06:00: 5.5 h
            _sleep_record(
                "sleep",
                at("2024-06-03", 0),
                at("2024-06-03", 2),
                code_system=fit,
                code="4",
                code_display="Light sleep",
                value=120.0,
            ),
            _sleep_record(
                "sleep",
                at("2024-06-03", 2),
                at("2024-06-03", 2, 30),
                code_system=fit,
                code="1",
                code_display="Awake",
                value=30.0,
            ),
            _sleep_record(
                "sleep",
                at("2024-06-03", 2, 30),
                at("2024-06-03", 6),
                code_system=fit,
                code="5",
                code_display="Deep sleep",
                value=210.0,
            ),
        ]
    )
    nights = g.sleep_nights(vault, person, date(2024, 6, 1), date(2024, 6, 4))
    assert {d: round(h, 3) for d, (h, _) in nights.items()} == {"2024-06-02": 8.0, "2024-06-03": 5.5}
    p = g.progress(vault, person, g.Goal("sleep", 7), today=date(2024, 6, 4))
    assert (p.days_met, p.days_counted) == (1, 2)
    assert p.current == pytest.approx(6.75) and p.current_text == "6 h 45 min"
    assert len(p.record_ids) == 5  # the asleep records; not the in-bed, awake ones


def test_sleep_night_is_the_wake_up_day_in_the_readings_zone():
    rows = [g._Interval(datetime(2024, 6, 1, 14, 30, tzinfo=UTC), datetime(2024, 6, 1, 21, 0, tzinfo=UTC), "a")]
    assert list(g.sleep_by_night(rows)) == ["2024-06-01"]
    kst = [g._Interval(at("2024-06-01", 23, 30), at("2024-06-02", 6), "b")]
    assert list(g.sleep_by_night(kst)) == ["2024-06-02"]


# ----------------------------------------------------------------------------- summary
def month_records() -> list[Record]:
    return [
        weight("2024-04-10", 82),  # the month before: 82
        weight("2023-05-15", 90),  # a year before: 90
        weight("2024-05-03", 81),
        weight("2024-05-20", 80),
        weight("2024-05-20", 78, 21),  # May: (81 + 80 + 78) / 3 = 79.667 over 3 readings on 2 days
        steps("2024-05-01", 4000),
        steps("2024-05-02", 6000),
        steps("2024-05-02", 2000, 20),  # daily totals 4,000 and 8,000: total 12,000, 6,000 a day
        steps("2024-04-30", 3000),
    ]


@pytest.fixture
def month_vault(vault):
    holder = vault.holder()
    vault.save_person(holder.model_copy(update={"name": "김민지 Kim Minji", "birth_date": date(1980, 3, 1)}))
    added = month_records()
    vault.add_records(added + blood_pressure("2024-05-10", 132, 84))
    return vault, added


def test_monthly_summary_numbers(month_vault):
    vault, added = month_vault
    person = vault.holder().id
    g.set_goal(vault, person, g.Goal("steps", 5000))
    made = s.monthly_summary(vault, person, date(2024, 5, 17), today=date(2024, 6, 1))
    assert (made.month, made.end) == (date(2024, 5, 1), date(2024, 5, 31))
    by = {st.measurement: st for st in made.stats}
    w = by["body_weight"]
    assert (w.month.count, w.month.days) == (3, 2)
    assert w.month.mean == pytest.approx((81 + 80 + 78) / 3)
    assert (w.month.minimum, w.month.maximum) == (78.0, 81.0)
    assert w.change_previous == pytest.approx((81 + 80 + 78) / 3 - 82)
    assert w.change_last_year == pytest.approx((81 + 80 + 78) / 3 - 90)
    st = by["steps"]
    assert st.cumulative and st.month.total == 12000.0 and st.month.mean == pytest.approx(6000.0)
    assert (st.month.minimum, st.month.maximum) == (4000.0, 8000.0)
    assert st.previous.total == 3000.0 and st.change_previous == pytest.approx(3000.0)
    assert st.last_year.count == 0 and st.change_last_year is None
    bp = by["blood_pressure"]
    assert (bp.month.mean, bp.month.mean2) == (132.0, 84.0)
    # the records of May's readings (both of the pair), none of April's or 2023's
    may = [r.id for r in added if r.start.strftime("%Y-%m") == "2024-05"]
    assert set(may) <= set(made.record_ids)
    assert not {r.id for r in added if r.start.strftime("%Y-%m") != "2024-05"} & set(made.record_ids)
    assert len(made.goals) == 1 and made.goals[0].goal.kind == "steps"
    text = s.summary_text(made, "en")
    assert "Body weight: 3 readings on 2 days; mean 79.7 kg, range 78 kg - 81 kg" in text
    assert "vs the month before: -2.33 kg (82 kg)" in text
    assert "Steps: 2 readings" not in text and "total 12,000 steps" in text
    for st in made.standings:  # where the person stands at the month's end, each with its reference
        assert st.reference.label("en") in text


def test_summary_pdf_prints_korean_and_english(month_vault):
    pypdf = pytest.importorskip("pypdf")
    vault, _ = month_vault
    made_ko = s.monthly_summary(vault, vault.holder().id, date(2024, 5, 1), "ko", today=date(2024, 6, 1))
    made_en = s.monthly_summary(vault, vault.holder().id, date(2024, 5, 1), "en", today=date(2024, 6, 1))
    for made, lang, words in (
        (made_ko, "ko", ["월간 건강 요약", "체중", "김민지", "전월"]),
        (made_en, "en", ["Monthly health summary", "Body weight", "Kim Minji", "Month before"]),
    ):
        pdf = s.summary_pdf(made, lang)
        assert pdf.startswith(b"%PDF")
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages)
        for word in words:
            assert word in text, (lang, word)
        for ref in made.references:
            assert str(ref.year) in text and ref.publisher.split()[0] in text


def test_months_are_parsed_strictly():
    assert s.parse_month("2024-05") == date(2024, 5, 1)
    for bad in ("2024-5", "2024-13", "May 2024", "2024-05-01"):
        with pytest.raises(ValueError, match="YYYY-MM"):
            s.parse_month(bad)
    assert s.previous_month(date(2024, 1, 15)) == date(2023, 12, 1)


def test_a_child_vault_person_without_readings_has_an_empty_summary(vault):
    child = Person(name="Child", birth_date=date(2020, 1, 1))
    vault.save_person(child)
    made = s.monthly_summary(vault, child.id, date(2024, 5, 1))
    assert made.stats == [] and made.record_ids == [] and made.goals == []
    assert "No readings in this month." in s.summary_text(made)
    assert m.measurement_types(vault, child.id) == []


def test_sleep_from_imported_apple_health_and_fitbit_files(vault, person):
    from conftest import FIXTURES

    from wallet.imports.connector import Source
    from wallet.imports.pipeline import import_source

    apple = FIXTURES / "apple_health" / "alxdrcirilo-apple-health-parser" / "export.xml"
    fitbit = FIXTURES / "fitness" / "fitbit" / "fitbit-sleep-date.json"
    import_source(vault, Source(path=apple, name=apple.name), "apple_health", person=person)
    import_source(
        vault, Source(path=fitbit, name=fitbit.name), "fitbit", person=person, options={"timezone": "Asia/Seoul"}
    )
    nights = g.sleep_nights(vault, person, date(2016, 12, 1), date(2024, 1, 31))
    # Apple: in bed 00:55:28-00:56:53 is not asleep; asleep (core) 03:27:53-03:40:23 is 12.5 minutes
    # Fitbit: a main sleep of 112 minutes asleep and a nap of 63, both ending on 2016-12-13
    assert {d: round(h * 60, 3) for d, (h, _) in nights.items()} == {"2016-12-13": 175.0, "2024-01-01": 12.5}
