"""Forecast against budget: which cost centers will exceed their budget this fiscal quarter.

Like with like: budgets are set in EffectiveCost terms on each cost center's direct cost
(its teams' own charges, before shared pools are spread), so the actuals and the forecast
here are the direct EffectiveCost of the mart `variance_budget_by_cost_center_month`, never
allocated or billed cost. The quarter is a fiscal quarter (three months from the fiscal
year start month, finops.yaml's `fiscal_year_start_month`).
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .forecast_calendar import add_months, month_start, quarter_months
from .forecast_methods import DEFAULT_LEVELS, forecast_path
from .tables import with_meta

STATUS_OVER, STATUS_UNDER, STATUS_NO_BUDGET = "over", "within", "no budget"


def _actuals(budget_actuals: pd.DataFrame, through: pd.Timestamp) -> pd.DataFrame:
    rows = budget_actuals[budget_actuals["has_actuals"].astype(bool)]
    return rows[pd.to_datetime(rows["billing_month"]) <= through]


def _series(actuals: pd.DataFrame, cost_center: str, through: pd.Timestamp) -> pd.Series:
    rows = actuals[actuals["cost_center"] == cost_center]
    months = pd.to_datetime(rows["billing_month"])
    index = pd.date_range(months.min(), through, freq="MS")
    return rows.assign(billing_month=months).groupby("billing_month")["effective_cost"].sum().reindex(
        index, fill_value=0.0)


def forecast_vs_budget(budget_actuals: pd.DataFrame, *, quarter_month=None, through_month=None,
                       method: str = "ets", fiscal_year_start_month: int = 2,
                       intervals: Sequence[int] = DEFAULT_LEVELS, days_adjusted: bool = True) -> pd.DataFrame:
    """Actual direct EffectiveCost to date plus the forecast for the rest of the fiscal
    quarter, against the quarter's budget, per cost center.

    `through_month`: the last month of actuals (default: the newest month with actuals).
    `quarter_month`: any month of the quarter (default: the month after `through_month`,
    i.e. the current quarter when the data end with a complete month).

    Returns one row per cost center with costs or a budget in the quarter: quarter_start,
    quarter_end, cost_center, actual_to_date, forecast_rest, projected_cost, budget_amount,
    over_amount (projected - budget), over_pct (of the budget), projected_lo_<L> and
    projected_hi_<L> (actuals plus the sums of the monthly bounds: at least as wide as the
    interval of the sum), status ('over', 'within', 'no budget'), budget_months (months
    of the quarter with a budget: a partial budget is summed as it is), actual_months,
    forecast_months, method. Sorted by over_amount, largest first."""
    with_actuals = budget_actuals[budget_actuals["has_actuals"].astype(bool)]
    through = month_start(through_month) if through_month is not None else pd.to_datetime(
        with_actuals["billing_month"]).max()
    months = quarter_months(quarter_month if quarter_month is not None else add_months(through, 1),
                            fiscal_year_start_month)
    done = [m for m in months if m <= through]
    ahead = [m for m in months if m > through]
    levels = tuple(sorted(int(lv) for lv in intervals))
    actuals = _actuals(budget_actuals, through)
    budget_months = pd.to_datetime(budget_actuals["billing_month"])
    in_quarter = budget_actuals[budget_months.isin(months)]
    # cost centers with a budget in the quarter, with actuals in it, or (when months are
    # still ahead) with costs in the last month, so unbudgeted spend stays in view
    recent = done + ([through] if ahead else [])
    centers = sorted(set(in_quarter["cost_center"]) | set(actuals.loc[pd.to_datetime(
        actuals["billing_month"]).isin(recent), "cost_center"]))
    rows = []
    for center in centers:
        to_date = actuals[(actuals["cost_center"] == center) & pd.to_datetime(actuals["billing_month"]).isin(done)]
        actual = float(to_date["effective_cost"].sum())
        rest, bounds, used = 0.0, {lv: (0.0, 0.0) for lv in levels}, method
        if ahead and (actuals["cost_center"] == center).any():
            series = _series(actuals, center, through)
            steps = len(pd.date_range(add_months(through, 1), ahead[-1], freq="MS"))
            future = pd.date_range(add_months(through, 1), periods=steps, freq="MS")
            scale_in = series.index.days_in_month.to_numpy(float) if days_adjusted else np.ones(len(series))
            scale_out = future.days_in_month.to_numpy(float) if days_adjusted else np.ones(steps)
            path = forecast_path(series.to_numpy(float) / scale_in, method, steps, 1, levels)
            wanted = future.isin(ahead)
            rest = float((path.mean * scale_out)[wanted].sum())
            bounds = {lv: (float((lo * scale_out)[wanted].sum()), float((hi * scale_out)[wanted].sum()))
                      for lv, (lo, hi) in path.bounds.items()}
            used = path.method
        budget_rows = in_quarter[in_quarter["cost_center"] == center]["budget_amount"].dropna()
        budget = float(budget_rows.sum()) if len(budget_rows) else np.nan
        projected = actual + rest
        over = projected - budget
        row = {"quarter_start": months[0], "quarter_end": months[-1], "cost_center": center,
               "actual_to_date": round(actual, 2), "forecast_rest": round(rest, 2),
               "projected_cost": round(projected, 2), "budget_amount": budget,
               "over_amount": round(over, 2) if budget == budget else np.nan,
               "over_pct": over / budget * 100 if budget == budget and budget != 0 else np.nan}
        for lv in levels:
            row[f"projected_lo_{lv}"] = round(actual + bounds[lv][0], 2)
            row[f"projected_hi_{lv}"] = round(actual + bounds[lv][1], 2)
        row.update(status=STATUS_NO_BUDGET if budget != budget else STATUS_OVER if over > 0 else STATUS_UNDER,
                   budget_months=len(budget_rows), actual_months=len(done), forecast_months=len(ahead),
                   method=used if ahead else "actuals")
        rows.append(row)
    if not rows:
        raise InputError("no budgets and no direct costs in the fiscal quarter starting "
                         f"{months[0]:%Y-%m}", file="budgets.csv",
                         hint="add the quarter's months to budgets.csv or pick another quarter_month")
    out = pd.DataFrame(rows).sort_values(["over_amount", "cost_center"], ascending=[False, True],
                                         na_position="last", ignore_index=True)
    return with_meta(out, grain="one row per cost center for the fiscal quarter", cost_basis="effective",
                     currency=budget_actuals.attrs.get("currency"), compared="budget vs direct EffectiveCost",
                     through=str(through.date()), intervals=list(levels))
