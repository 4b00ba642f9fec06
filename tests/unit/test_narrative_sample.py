"""The narrative on the committed sample: every number in the text is in the tables."""
from __future__ import annotations

import dataclasses

import pytest

from finops_analysis.config import load_config
from finops_analysis.forecast import backtest_forecast, forecast_spend
from finops_analysis.forecast_budget import forecast_vs_budget
from finops_analysis.forecast_data import load_budget_actuals, load_monthly_costs, load_sku_costs
from finops_analysis.narrative import describe_month, narrate_month
from finops_analysis.variance import compute_budget_variance, compute_top_movers, compute_variance
from finops_analysis.variance_pvm import compute_price_volume_mix, summarize_price_volume_mix
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE
from tests.unit.test_narrative import numbers_not_in_tables


@pytest.fixture(scope="module")
def tables(tmp_path_factory):
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=tmp_path_factory.mktemp("duckdb"))
    with open_warehouse(SAMPLE, config) as wh:
        monthly = load_monthly_costs(wh)
        budgets = load_budget_actuals(wh, unowned_cost_center="CC-1900")
        skus = load_sku_costs(wh, "2026-07")
    return dict(
        variance=compute_variance(monthly, "2026-07"),
        budget_variance=compute_budget_variance(budgets, "2026-07"),
        budget_outlook=forecast_vs_budget(budgets, through_month="2026-07", fiscal_year_start_month=2),
        movers=compute_top_movers(monthly, "2026-07"),
        price_volume=summarize_price_volume_mix(compute_price_volume_mix(skus, "2026-07")),
        forecast=forecast_spend(monthly, through="2026-07-01", fiscal_year_start_month=2),
        backtest=backtest_forecast(monthly, through="2026-07-01"))


def test_every_number_in_the_sample_narrative_is_in_the_tables(tables):
    text = narrate_month(**tables)
    print("\n" + text)
    assert numbers_not_in_tables(text, *tables.values()) == []
    assert numbers_not_in_tables(describe_month(**tables), *tables.values()) == []
    # July 2026: the Azure SQL price increase, and CC-1200 over budget for the quarter under way
    assert "Azure SQL Database rose" in text and "CC-1200 over by" in text
    assert "For the fiscal quarter August 2026 to October 2026, CC-1200 is projected at" in text
