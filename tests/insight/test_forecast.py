"""The demand forecast: intervals that nest, bank holidays shaped like Sundays, a level learnt from one111's own
calls, and a backtest whose intervals cover what they claim on a history the model did not generate."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine

from insight import backtest
from insight.demand import shape_of
from insight.forecast import HOUR, LONDON, fit, predict
from insight.reference import NATIONAL_111_CALLS_A_YEAR, WEEKS_A_YEAR, load
from models.types import utcnow
from tests.conftest import DATA_DIR
from tests.insight.conftest import LEEDS, seed
from web.cli import main

REF = load(DATA_DIR)
SHAPE = shape_of(REF)
WEST_YORKSHIRE = NATIONAL_111_CALLS_A_YEAR / WEEKS_A_YEAR * REF.share("QWO")


@settings(max_examples=30, deadline=None)
@given(
    start=st.datetimes(datetime(2025, 1, 1), datetime(2027, 12, 1), timezones=st.just(UTC)),
    weekly=st.floats(10, 400_000),
)
def test_every_hour_has_nested_intervals_around_its_expectation(start: datetime, weekly: float) -> None:
    points = predict(SHAPE, fit(SHAPE, [], weekly), start)

    assert len(points) == 48
    assert [p.start for p in points] == [points[0].start + i * HOUR for i in range(48)]
    for p in points:
        assert p.lower95 <= p.lower80 <= p.expected and math.floor(p.expected) <= p.upper80 <= p.upper95


def test_a_bank_holiday_is_forecast_with_sundays_shape() -> None:
    christmas = datetime(2026, 12, 25, 10, tzinfo=LONDON)  # a Friday
    sunday = datetime(2026, 12, 27, 10, tzinfo=LONDON)
    friday_before = datetime(2026, 12, 18, 10, tzinfo=LONDON)

    assert SHAPE.share(christmas) == SHAPE.share(sunday) != SHAPE.share(friday_before)


def test_the_weekly_shape_is_the_ae_profile_a_week_long() -> None:
    assert sum(SHAPE.weekly) == pytest.approx(1.0)
    monday_4am, monday_11am = SHAPE.weekly[4], SHAPE.weekly[11]
    assert monday_11am > 3 * monday_4am


def test_the_level_is_learnt_from_history_once_there_is_a_day_of_it() -> None:
    history = backtest.simulate(SHAPE, 5_000, datetime(2026, 11, 2, tzinfo=UTC), 21, seed=4)

    learnt = fit(SHAPE, history, prior_a_week=WEST_YORKSHIRE)
    too_short = fit(SHAPE, history[:12], prior_a_week=WEST_YORKSHIRE)

    assert learnt.source == "one111 history" and learnt.calls_a_week == pytest.approx(5_000, rel=0.15)
    assert too_short.source == "national 111 share" and too_short.calls_a_week == WEST_YORKSHIRE


@pytest.mark.slow
def test_the_backtest_intervals_cover_what_they_claim_and_beat_last_week() -> None:
    history = backtest.simulate(SHAPE, WEST_YORKSHIRE, datetime(2026, 11, 1, tzinfo=UTC), 60, seed=9)

    scored = backtest.run(SHAPE, history, backtest.daily_origins(history))
    errors = backtest.errors(scored, history)

    assert errors.origins == 30 and errors.hours == 30 * 48
    assert 0.72 <= errors.coverage80 <= 0.88
    assert 0.9 <= errors.coverage95 <= 0.99
    assert errors.mape < errors.naive_mape


def test_the_cli_prints_48_hours_learnt_from_ones_own_calls(
    sqlite_url: str, sqlite_engine: Engine, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    now = utcnow()
    seed(sqlite_engine, LEEDS, now - timedelta(hours=40), 40 * 20, seed=5, every=timedelta(minutes=3))
    monkeypatch.setenv("DATABASE_URL", sqlite_url)

    assert main(["insight", "forecast", "--icb", "QWO"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("NHS West Yorkshire Integrated Care Board (QWO):")
    assert out[0].endswith("from one111 history")
    assert len(out) == 2 + 48


def test_the_cli_backtest_writes_its_plot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    plot = tmp_path / "backtest.png"

    assert main(["insight", "backtest", "--plot", str(plot), "--seed", "3"]) == 0

    out = capsys.readouterr().out
    assert "MAPE" in out and "80% interval covers" in out
    assert plot.stat().st_size > 10_000
