"""Spend forecasts on hand-made monthly and daily cost frames: horizons, day adjustment,
the rolling-origin backtest computed by hand, and the fiscal calendar."""
from __future__ import annotations

import pandas as pd
import pytest

from finops_analysis.forecast import (backtest_forecast, backtest_series, cost_series, forecast_before_month,
                                      forecast_spend, last_complete_month)
from finops_analysis.forecast_calendar import fiscal_quarter_start, fiscal_year_end, quarter_months


def monthly(values: dict[str, float], member: str = "Total", dimension: str = "total", **extra) -> pd.DataFrame:
    """A frame shaped like marts/forecast_cost_by_month: one row per month for one member."""
    return pd.DataFrame({"billing_month": pd.to_datetime([f"{m}-01" for m in values]), "dimension": dimension,
                         "member": member, "billed_cost": [v * 2 for v in values.values()],
                         "effective_cost": list(values.values()), **extra})


def daily(first: str, values: list[float]) -> pd.DataFrame:
    days = pd.date_range(first, periods=len(values), freq="D")
    return pd.DataFrame({"charge_date": days, "dimension": "total", "member": "Total",
                         "billed_cost": values, "effective_cost": values})


def months(frame, column="billing_month"):
    return [f"{m:%Y-%m}" for m in frame[column]]


def test_backtest_mape_by_hand():
    # origin 2 forecasts 100, 100 for actuals 80, 120; origin 3 forecasts 80 for 120:
    # APEs 25%, 16.67%, 33.33%, mean 25%
    errors = backtest_series([100.0, 100.0, 80.0, 120.0], "naive", horizon=2, origins=[2, 3])
    assert errors[["origin", "step", "actual", "forecast"]].values.tolist() == [
        [2, 1, 80.0, 100.0], [2, 2, 120.0, 100.0], [3, 1, 120.0, 80.0]]
    assert errors["ape_pct"].tolist() == pytest.approx([25.0, 100 / 6, 100 / 3])
    assert errors["ape_pct"].mean() == pytest.approx(25.0)


def test_backtest_reports_each_method_next_to_the_naive_baseline():
    costs = monthly({"2026-03": 100.0, "2026-04": 100.0, "2026-05": 80.0, "2026-06": 120.0})
    result = backtest_forecast(costs, methods=["naive", "linear"], backtest_origins=2, horizon=2,
                               days_adjusted=False)
    naive = result.iloc[0]
    assert (naive.member, naive.method, naive.baseline, naive.forecasts) == ("Total", "naive", "naive", 3)
    assert (naive.mape_pct, naive.baseline_mape_pct) == (pytest.approx(25.0), pytest.approx(25.0))
    assert result.iloc[1].method == "linear" and result.iloc[1].baseline_mape_pct == pytest.approx(25.0)
    assert result.attrs["grain"] == "one row per total member per forecast method"


def test_days_adjustment_removes_the_month_length_effect():
    # the same 10.00 a day: 310 in 31-day months, 280 in February, 300 in April
    costs = monthly({"2026-01": 310.0, "2026-02": 280.0, "2026-03": 310.0, "2026-04": 300.0})
    adjusted = backtest_forecast(costs, methods=["naive"], backtest_origins=3, horizon=1)
    plain = backtest_forecast(costs, methods=["naive"], backtest_origins=3, horizon=1, days_adjusted=False)
    assert adjusted.mape_pct.tolist() == [0.0]
    # errors 30/280, 30/310 and 10/300 without the adjustment
    assert plain.mape_pct.tolist() == pytest.approx([(30 / 280 + 30 / 310 + 10 / 300) / 3 * 100])


def test_monthly_forecast_runs_to_the_fiscal_year_end():
    costs = monthly({"2026-04": 3000.0, "2026-05": 3100.0})
    result = forecast_spend(costs, method="naive", horizon_months=3, fiscal_year_start_month=2)
    # fiscal year February to January: May + 8 months reaches January
    assert months(result) == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11", "2026-12", "2027-01"]
    # naive on the daily run rate (100.00 a day in May) times each month's days
    assert result.forecast_cost.tolist()[:3] == [3000.0, 3100.0, 3100.0]
    short = forecast_spend(costs, method="naive", horizon_months=3, to_fiscal_year_end=False)
    assert months(short) == ["2026-06", "2026-07", "2026-08"]
    assert list(result.columns) == ["billing_month", "member", "method", "step", "forecast_cost",
                                    "lo_80", "hi_80", "lo_95", "hi_95"]


def test_monthly_forecast_starts_after_the_last_complete_month():
    costs = monthly({"2026-09": 3000.0, "2026-10": 3100.0, "2026-11": 1200.0},
                    last_usage_date=pd.to_datetime(["2026-09-30", "2026-10-31", "2026-11-12"]))
    assert f"{last_complete_month(costs):%Y-%m}" == "2026-10"
    result = forecast_spend(costs, method="naive", fiscal_year_start_month=2)
    assert months(result) == ["2026-11", "2026-12", "2027-01"]
    assert result.forecast_cost.tolist() == [3000.0, 3100.0, 3100.0]


def test_daily_forecast_repeats_the_week_to_the_horizon():
    week = [70.0, 100.0, 100.0, 100.0, 100.0, 100.0, 80.0]
    costs = daily("2026-10-04", week * 4)          # ends Saturday 2026-10-31
    result = forecast_spend(costs, method="seasonal_naive", horizon_months=3, fiscal_year_start_month=2)
    assert (f"{result.charge_date.min():%Y-%m-%d}", f"{result.charge_date.max():%Y-%m-%d}") == (
        "2026-11-01", "2027-01-31")
    assert len(result) == 92 and result.forecast_cost.tolist()[:8] == week + [70.0]


def test_cost_series_fills_missing_months_with_zero():
    costs = pd.concat([monthly({"2026-01": 5.0, "2026-03": 7.0}, member="a", dimension="team"),
                       monthly({"2026-02": 1.0}, member="b", dimension="team")])
    series = cost_series(costs, "team")
    assert [(m, f"{p:%Y-%m}", c) for p, m, c in series.itertuples(index=False)] == [
        ("a", "2026-01", 5.0), ("a", "2026-02", 0.0), ("a", "2026-03", 7.0),
        ("b", "2026-02", 1.0), ("b", "2026-03", 0.0)]


def test_forecast_before_a_month_uses_only_the_months_before_it():
    costs = monthly({"2026-08": 3100.0, "2026-09": 3300.0, "2026-10": 9999.0})
    made = forecast_before_month(costs, "2026-10", method="naive")
    # September's 110.00 a day, times October's 31 days; October itself is not seen
    assert made[["member", "method", "forecast_cost"]].values.tolist() == [["Total", "naive", 3410.0]]


@pytest.mark.parametrize("month, start, quarter_start, year_end", [
    ("2026-10", 2, "2026-08", "2027-01"),
    ("2026-11", 2, "2026-11", "2027-01"),
    ("2027-01", 2, "2026-11", "2027-01"),
    ("2026-02", 2, "2026-02", "2027-01"),
    ("2026-11", 1, "2026-10", "2026-12"),
    ("2026-03", 4, "2026-01", "2026-03"),
])
def test_fiscal_quarters_and_years(month, start, quarter_start, year_end):
    assert f"{fiscal_quarter_start(month, start):%Y-%m}" == quarter_start
    assert f"{fiscal_year_end(month, start):%Y-%m}" == year_end
    assert len(quarter_months(month, start)) == 3
