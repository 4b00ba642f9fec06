"""Forecast against budget on hand-made cost centers: actual to date plus the forecast for
the rest of the fiscal quarter, against the quarter's budget."""
from __future__ import annotations

import numpy as np
import pandas as pd

from finops_analysis.forecast_budget import forecast_vs_budget


def budget_actuals(rows):
    """A frame shaped like marts/variance_budget_by_cost_center_month."""
    frame = pd.DataFrame(rows, columns=["billing_month", "cost_center", "budget_amount", "effective_cost"])
    frame = frame.assign(billing_month=pd.to_datetime(frame["billing_month"]))
    return frame.assign(has_actuals=frame["effective_cost"].notna(), billed_cost=frame["effective_cost"])


ROWS = [
    ("2026-06-01", "CC-A", 1000.0, 900.0), ("2026-07-01", "CC-A", 1000.0, 950.0),
    ("2026-08-01", "CC-A", 1000.0, 1100.0), ("2026-09-01", "CC-A", 1000.0, None),
    ("2026-10-01", "CC-A", 1000.0, None),
    ("2026-06-01", "CC-B", 500.0, 500.0), ("2026-07-01", "CC-B", 500.0, 500.0),
    ("2026-08-01", "CC-B", 500.0, 400.0), ("2026-09-01", "CC-B", 500.0, None),
    ("2026-10-01", "CC-B", 500.0, None),
    ("2026-08-01", "Unallocated", None, 50.0),
]


def test_actual_to_date_plus_forecast_against_the_quarter_budget():
    # fiscal year from February: August to October is a quarter; data through August
    result = forecast_vs_budget(budget_actuals(ROWS), method="naive", fiscal_year_start_month=2,
                                days_adjusted=False)
    got = result[["cost_center", "actual_to_date", "forecast_rest", "projected_cost", "budget_amount",
                  "over_amount", "status", "actual_months", "forecast_months"]].values.tolist()
    assert [r[:4] for r in got] == [["CC-A", 1100.0, 2200.0, 3300.0], ["CC-B", 400.0, 800.0, 1200.0],
                                    ["Unallocated", 50.0, 100.0, 150.0]]
    assert [r[4:] for r in got[:2]] == [[3000.0, 300.0, "over", 1, 2], [1500.0, -300.0, "within", 1, 2]]
    assert np.isnan(got[2][4]) and np.isnan(got[2][5]) and got[2][6] == "no budget"
    assert result.over_pct.tolist()[:2] == [10.0, -20.0]
    assert [f"{result.quarter_start[0]:%Y-%m}", f"{result.quarter_end[0]:%Y-%m}"] == ["2026-08", "2026-10"]
    budgeted = result.iloc[:2]
    assert all(budgeted.projected_lo_95 <= budgeted.projected_lo_80)
    assert all(budgeted.projected_lo_80 <= budgeted.projected_cost)
    assert all(budgeted.projected_cost <= budgeted.projected_hi_80)
    assert np.isnan(result.projected_lo_80[2])        # one month of history: no spread to estimate
    assert result.attrs["cost_basis"] == "effective"


def test_a_past_quarter_is_all_actuals():
    rows = [("2026-08-01", "CC-A", 1000.0, 1100.0), ("2026-09-01", "CC-A", 1000.0, 1200.0),
            ("2026-10-01", "CC-A", 1000.0, 1000.0), ("2026-11-01", "CC-A", 1000.0, 1000.0)]
    result = forecast_vs_budget(budget_actuals(rows), quarter_month="2026-09", fiscal_year_start_month=2)
    assert result[["cost_center", "actual_to_date", "forecast_rest", "budget_amount", "over_amount",
                   "method", "forecast_months"]].values.tolist() == [["CC-A", 3300.0, 0.0, 3000.0, 300.0, "actuals", 0]]
