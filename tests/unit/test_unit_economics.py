"""Unit economics on hand-made frames: product roll-up, cost per unit, trend, stability,
fixed versus variable."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finops_analysis.allocation import allocate_costs
from finops_analysis.config import Pool
from finops_analysis.errors import ConfigError
from finops_analysis.unit_economics import (UNITS, compute_product_costs, compute_unit_cost_stability,
                                            compute_unit_costs, fit_fixed_variable)

MAY, JUNE, JULY = (pd.Timestamp(f"2026-{m:02d}-01") for m in (5, 6, 7))
PRODUCTS = {"a": "p1", "b": "p1", "c": "p2"}


def allocated():
    platform = Pool(name="platform", match=(("team", ("platform",)),), rule="proportional")
    frame = pd.DataFrame([
        (MAY, "AWS", "a", None, 10, 10), (MAY, "AWS", "b", None, 20, 20), (MAY, "AWS", "c", None, 30, 30),
        (MAY, "AWS", "platform", "platform", 60, 60), (MAY, "AWS", "Unallocated", None, 5, 5),
    ], columns=["billing_month", "provider", "team", "pool", "billed_cost", "effective_cost"])
    return allocate_costs(frame, [platform])


def metrics(rows):
    return pd.DataFrame(rows, columns=["billing_month", "product", "metric", "metric_value", "daily_average"])


def test_product_cost_includes_the_shared_share():
    products = compute_product_costs(allocated(), PRODUCTS)
    assert products[["product", "direct_cost", "shared_cost", "allocated_cost"]].values.tolist() == [
        ["Unallocated", 5.0, 0.0, 5.0], ["p1", 30.0, 30.0, 60.0], ["p2", 30.0, 30.0, 60.0]]
    assert products.allocated_cost.sum() == 125.0                               # nothing lost in the roll-up


def test_cost_per_unit_and_month_over_month_change():
    products = pd.DataFrame({"billing_month": [MAY, JUNE], "product": ["p1", "p1"], "allocated_cost": [60.0, 90.0]})
    volumes = metrics([
        (MAY, "p1", "requests", 120_000.0, 4000.0), (JUNE, "p1", "requests", 150_000.0, 5000.0),
        (MAY, "p1", "active_tenants", 310.0, 10.0), (JUNE, "p1", "active_tenants", 450.0, 15.0),
        (MAY, "p1", "gb_processed", 0.0, 0.0), (JUNE, "p1", "gb_processed", 30.0, 1.0),
    ])
    units = compute_unit_costs(products, volumes)
    got = {(u, m.strftime("%m")): (c, ch) for m, u, c, ch in
           units[["billing_month", "unit", "unit_cost", "unit_cost_change_pct"]].itertuples(index=False)}
    assert got[("requests", "05")][0] == 0.5 and got[("requests", "06")] == (0.6, pytest.approx(20.0))
    assert got[("active_tenants", "05")][0] == 6.0 and got[("active_tenants", "06")][0] == 6.0  # per daily-average tenant
    assert np.isnan(got[("gb_processed", "05")][0]) and got[("gb_processed", "06")][0] == 3.0      # no volume: NaN
    with pytest.raises(ConfigError, match="requests, active_tenants, gb_processed"):
        compute_unit_costs(products, volumes, units=["seats"])


def test_stability_is_the_coefficient_of_variation_over_the_window():
    unit_costs = pd.DataFrame({"billing_month": [MAY, JUNE, JULY], "product": ["p1"] * 3, "unit": ["requests"] * 3,
                               "unit_cost": [9.0, 1.0, 3.0], "unit_cost_change_pct": [np.nan, -88.9, 200.0]})
    out = compute_unit_cost_stability(unit_costs, months=2)
    assert out[["months", "first_unit_cost", "latest_unit_cost", "change_pct", "mean_unit_cost"]].values.tolist() == [
        [2, 1.0, 3.0, 200.0, 2.0]]
    assert out.cv_ratio.iloc[0] == pytest.approx(np.std([1.0, 3.0], ddof=1) / 2.0)


def test_fixed_and_marginal_cost_from_daily_regression():
    days = pd.date_range("2026-05-01", periods=5)
    requests = np.array([1000, 2000, 3000, 4000, 5000]) * 1000.0
    daily_costs = pd.DataFrame({"charge_date": list(days) * 2, "team": ["a"] * 5 + ["b"] * 5,
                                "effective_cost": list(50 + 0.25 * requests / 1000) + [50.0] * 5})
    daily_metrics = pd.DataFrame({"metric_date": days, "product": "p1", "metric": "requests", "metric_value": requests})
    fit = fit_fixed_variable(daily_costs, daily_metrics, {"a": "p1", "b": "p1"})
    row = fit.iloc[0]
    assert (row["product"], row.days) == ("p1", 5)
    assert row.fixed_cost_per_day == pytest.approx(100.0)      # 50 + b's flat 50
    assert row.marginal_cost == pytest.approx(0.25)            # per 1k requests
    assert row.r_squared == pytest.approx(1.0)
    assert row.variable_share_pct == pytest.approx(100 * 750 / 850)
    flat = fit_fixed_variable(daily_costs, daily_metrics.assign(metric_value=7.0), {"a": "p1"})
    assert np.isnan(flat.marginal_cost.iloc[0])                 # a volume that never varies explains nothing
    short = fit_fixed_variable(daily_costs, daily_metrics, {"a": "p1"}, start="2026-05-04")
    assert short.days.iloc[0] == 2 and np.isnan(short.r_squared.iloc[0])


def test_units_registry():
    assert list(UNITS) == ["requests", "active_tenants", "gb_processed"]
    assert (UNITS["requests"].per, UNITS["active_tenants"].measure) == (1000, "daily_average")
