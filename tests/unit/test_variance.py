"""Variance against prior month, last year, the earlier forecast and budget; materiality;
top movers, on hand-made monthly frames with exact answers."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from finops_analysis.errors import ConfigError
from finops_analysis.variance import compute_budget_variance, compute_top_movers, compute_variance, flag_material


def costs(rows):
    """A frame shaped like marts/forecast_cost_by_month from (month, dimension, member, effective)."""
    frame = pd.DataFrame(rows, columns=["billing_month", "dimension", "member", "effective_cost"])
    return frame.assign(billing_month=pd.to_datetime(frame["billing_month"] + "-01"),
                        billed_cost=frame["effective_cost"] + 1)


def test_material_needs_both_the_amount_and_the_percent():
    amount = [6000, 6000, 4000, -6000, 6000, np.nan]
    pct = [5.0, 4.9, 50.0, -8.0, np.nan, 10.0]
    assert flag_material(amount, pct, 5000, 5).tolist() == [True, False, False, True, True, False]


def test_variance_against_prior_month_last_year_and_the_earlier_forecast():
    frame = costs([("2025-10", "total", "Total", 100.0), ("2026-09", "total", "Total", 200.0),
                   ("2026-10", "total", "Total", 220.0)])
    result = compute_variance(frame, "2026-10", forecast_method="naive", days_adjusted=False,
                              materiality_amount=50, materiality_pct=5)
    assert result[["comparison", "actual_cost", "base_cost", "variance_amount", "is_material"]].values.tolist() == [
        ["prior_month", 220.0, 200.0, 20.0, False],        # +10%, but under 50
        ["prior_year", 220.0, 100.0, 120.0, True],         # +120%
        ["forecast", 220.0, 200.0, 20.0, False],           # naive: September's 200, made before October
    ]
    assert result.variance_pct.tolist() == pytest.approx([10.0, 120.0, 10.0])
    assert [f"{m:%Y-%m}" for m in result.base_month] == ["2026-09", "2025-10", "2026-10"]
    gap = compute_variance(frame[frame.billing_month != "2025-10-01"], "2026-10", comparisons=["prior_year"])
    assert gap.base_cost.isna().all()            # the data do not cover October 2025: nothing to compare
    billed = compute_variance(frame, "2026-10", cost_basis="billed", comparisons=["prior_month"])
    assert billed[["actual_cost", "base_cost"]].values.tolist() == [[221.0, 201.0]]


def test_a_new_member_and_a_missing_year():
    frame = costs([("2026-09", "team", "a", 100.0), ("2026-10", "team", "a", 90.0),
                   ("2026-10", "team", "b", 9000.0)])
    result = compute_variance(frame, "2026-10", dimension="team", comparisons=["prior_month", "prior_year"])
    prior = result[result.comparison == "prior_month"]
    assert prior[["member", "base_cost", "variance_amount", "is_material"]].values.tolist() == [
        ["a", 100.0, -10.0, False], ["b", 0.0, 9000.0, True]]   # from nothing: material on the amount alone
    assert np.isnan(prior.variance_pct.tolist()[1])
    year = result[result.comparison == "prior_year"]
    assert year.base_cost.isna().all() and not year.is_material.any()   # no data a year back


def test_unknown_comparison_lists_the_valid_ones():
    with pytest.raises(ConfigError, match="prior_month, prior_year, forecast"):
        compute_variance(costs([("2026-10", "total", "Total", 1.0)]), comparisons=["budget"])


def test_budget_variance_on_direct_cost():
    frame = pd.DataFrame({"billing_month": pd.to_datetime(["2026-10-01"] * 3 + ["2026-11-01"]),
                          "cost_center": ["CC-1", "CC-2", "Unallocated", "CC-1"],
                          "budget_amount": [100000.0, 50000.0, np.nan, 100000.0],
                          "effective_cost": [106000.0, 49000.0, 700.0, np.nan],
                          "has_actuals": [True, True, True, False]})
    result = compute_budget_variance(frame, materiality_amount=5000, materiality_pct=5)
    assert result[["member", "comparison", "base_cost", "variance_amount", "variance_pct", "is_material"]].fillna(
        -1).values.tolist() == [["CC-1", "budget", 100000.0, 6000.0, 6.0, True],
                                ["CC-2", "budget", 50000.0, -1000.0, -2.0, False],
                                ["Unallocated", "budget", -1, -1, -1, False]]


def test_movers_by_absolute_change_ties_by_name():
    frame = costs([("2026-09", "team", "a", 100.0), ("2026-10", "team", "a", 150.0),
                   ("2026-09", "team", "b", 170.0), ("2026-10", "team", "b", 100.0),
                   ("2026-09", "team", "c", 10.0), ("2026-10", "team", "c", 60.0),
                   ("2026-09", "team", "d", 5.0), ("2026-10", "team", "d", 5.0),
                   ("2026-09", "service", "x", 1.0), ("2026-10", "service", "x", 2.0)])
    result = compute_top_movers(frame, "2026-10", dimensions=["team", "service"], top_movers=3)
    assert result[["dimension", "rank", "member", "prior_cost", "actual_cost", "change_amount"]].values.tolist() == [
        ["team", 1, "b", 170.0, 100.0, -70.0],
        ["team", 2, "a", 100.0, 150.0, 50.0],
        ["team", 3, "c", 10.0, 60.0, 50.0],
        ["service", 1, "x", 1.0, 2.0, 1.0],
    ]
    assert result.change_pct.tolist() == pytest.approx([-70 / 1.7, 50.0, 500.0, 100.0])
