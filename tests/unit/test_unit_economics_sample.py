"""Unit economics on the committed sample: the E4 mobile launch (2026-06-02) shows in the
unit cost per 1k requests."""
from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from finops_analysis.allocation_data import allocate_inputs, load_allocation_inputs, load_daily_unit_inputs
from finops_analysis.config import load_config
from finops_analysis.unit_economics import (compute_product_costs, compute_unit_cost_stability, compute_unit_costs,
                                            fit_fixed_variable)
from finops_analysis.warehouse import open_warehouse
from tests.conftest import ROOT, SAMPLE


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    config = dataclasses.replace(load_config(ROOT / "finops.yaml"), temp_dir=tmp_path_factory.mktemp("duckdb"))
    with open_warehouse(SAMPLE, config) as wh:
        inputs = load_allocation_inputs(wh)
        daily = load_daily_unit_inputs(wh)
    allocated = allocate_inputs(inputs, cost_basis="effective")
    products = compute_product_costs(allocated, inputs.team_products)
    return inputs, allocated, products, compute_unit_costs(products, inputs.metrics), daily


def series(unit_costs, product, unit="requests"):
    part = unit_costs[(unit_costs["product"] == product) & (unit_costs.unit == unit)]
    return part.set_index(part.billing_month.dt.strftime("%Y-%m"))


def test_products_come_from_teams_and_keep_the_allocated_total(sample):
    inputs, allocated, products, _, _ = sample
    assert inputs.team_products == {"checkout": "storefront", "payments": "storefront", "search": "storefront",
                                    "data-eng": "insights", "ml": "insights", "mobile-api": "mobile", "growth": "mobile"}
    by_month = products.groupby("billing_month").allocated_cost.sum().round(2)
    allocated_by_month = (allocated.groupby("billing_month").allocated_cents.sum() / 100).round(2)
    assert by_month.tolist() == allocated_by_month.tolist()


def test_mobile_cost_per_1k_requests_falls_with_the_launch(sample):
    unit_costs = sample[3]
    mobile, storefront = series(unit_costs, "mobile"), series(unit_costs, "storefront")
    assert mobile.loc["2026-06", "volume"] / mobile.loc["2026-05", "volume"] > 1.3      # README: requests up ~40%
    # cost rose less than volume (growth and shared cost do not scale with requests): unit cost steps down
    assert mobile.loc["2026-06", "unit_cost_change_pct"] < -5
    assert (mobile.loc["2026-06":"2026-10", "unit_cost"] < mobile.loc["2026-05", "unit_cost"]).all()
    assert abs(storefront.loc["2026-06", "unit_cost_change_pct"]) < 5                   # no launch, no step
    stability = compute_unit_cost_stability(unit_costs, months=6).set_index(["product", "unit"])
    assert stability.loc[("mobile", "requests"), "change_pct"] < -5
    assert stability.loc[("mobile", "requests"), "cv_ratio"] > stability.loc[("storefront", "requests"), "cv_ratio"]


def test_mobile_daily_cost_follows_requests(sample):
    inputs, _, _, _, (daily_costs, daily_metrics) = sample
    fit = fit_fixed_variable(daily_costs, daily_metrics, inputs.team_products, unit="requests").set_index("product")
    assert fit.loc["mobile", "days"] == 549                                              # 2025-05-01 to 2026-10-31
    assert fit.loc["mobile", "r_squared"] > 0.9 and fit.loc["mobile", "marginal_cost"] > 0
    assert fit.loc["mobile", "fixed_cost_per_day"] > 0
    assert fit.attrs["cost_basis"] == "effective"
    assert pd.Timestamp(fit.loc["mobile", "last_day"]) == pd.Timestamp("2026-10-31")
