"""Forecasts on the committed sample (data/sample): backtest accuracy against the naive
baseline, interval ordering, and the forecast against budget flagging CC-1200."""
from __future__ import annotations

import dataclasses
import math

import pytest

from finops_analysis.config import load_config
from finops_analysis.forecast import backtest_forecast, forecast_spend
from finops_analysis.forecast_budget import forecast_vs_budget
from finops_analysis.forecast_data import load_budget_actuals, load_daily_costs, load_monthly_costs
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE

# ETS may trail the naive baseline by at most this many MAPE points before the test fails:
# on the sample's 15 (origin, step) pairs the paired APE differences have a standard error
# of about 0.4 points, so 1 point (over 2 standard errors) is more than noise; anything
# within it is a draw, not a regression.
MAPE_MARGIN_POINTS = 1.0


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=tmp_path_factory.mktemp("duckdb"))
    with open_warehouse(SAMPLE, config) as wh:
        yield {"monthly": load_monthly_costs(wh), "daily": load_daily_costs(wh),
               "budgets": load_budget_actuals(wh, unowned_cost_center="CC-1900")}


def test_monthly_ets_backtest_against_naive(sample):
    result = backtest_forecast(sample["monthly"], methods=["ets"], backtest_origins=6, horizon=3)
    row = result.iloc[0]
    print(f"\nsample monthly total, EffectiveCost: ets MAPE {row.mape_pct:.2f}% vs naive "
          f"{row.baseline_mape_pct:.2f}% over {row.forecasts} forecasts")
    assert (row.member, row.method, row.baseline, row.forecasts) == ("Total", "ets", "naive", 15)
    assert math.isfinite(row.mape_pct) and math.isfinite(row.baseline_mape_pct)
    assert row.mape_pct <= row.baseline_mape_pct + MAPE_MARGIN_POINTS
    assert row.mape_pct < 10          # finops.yaml kpi_targets.forecast_mape_pct


def test_daily_ets_backtest_against_seasonal_naive(sample):
    row = backtest_forecast(sample["daily"], methods=["ets"], backtest_origins=6).iloc[0]
    print(f"\nsample daily total, EffectiveCost: ets MAPE {row.mape_pct:.2f}% vs seasonal naive "
          f"{row.baseline_mape_pct:.2f}% over {row.forecasts} forecasts")
    assert row.baseline == "seasonal_naive" and row.forecasts == 6 * 28
    assert math.isfinite(row.mape_pct) and row.mape_pct <= row.baseline_mape_pct + MAPE_MARGIN_POINTS


def test_forecast_runs_to_the_fiscal_year_end_with_nested_intervals(sample):
    result = forecast_spend(sample["monthly"], dimension="team", fiscal_year_start_month=2)
    # data through October 2026; the fiscal year (from February) ends January 2027
    assert sorted({f"{m:%Y-%m}" for m in result.billing_month}) == ["2026-11", "2026-12", "2027-01"]
    assert len(result) == 3 * result.member.nunique()
    assert (result.lo_95 <= result.lo_80).all() and (result.lo_80 <= result.forecast_cost).all()
    assert (result.forecast_cost <= result.hi_80).all() and (result.hi_80 <= result.hi_95).all()
    daily = forecast_spend(sample["daily"], fiscal_year_start_month=2)
    assert len(daily) == 92 and (daily.lo_80 <= daily.forecast_cost).all()


def test_cc_1200_is_flagged_over_budget_for_the_current_quarter(sample):
    outlook = forecast_vs_budget(sample["budgets"], fiscal_year_start_month=2)
    print("\n" + outlook[["cost_center", "projected_cost", "budget_amount", "over_amount", "over_pct",
                          "status"]].to_string(index=False))
    first = outlook.iloc[0]
    assert (f"{first.quarter_start:%Y-%m}", f"{first.quarter_end:%Y-%m}") == ("2026-11", "2027-01")
    assert outlook[outlook.status == "over"].cost_center.tolist() == ["CC-1200"]
    assert first.cost_center == "CC-1200" and first.over_amount > 0 and first.budget_months == 3
    # a quarter under way: August actual, September and October forecast
    midway = forecast_vs_budget(sample["budgets"], through_month="2026-08", fiscal_year_start_month=2)
    assert midway.iloc[0].cost_center == "CC-1200" and midway.iloc[0].status == "over"
    assert (midway.iloc[0].actual_months, midway.iloc[0].forecast_months) == (1, 2)
