"""Variance of a month's spend: against budget, the prior month, the same month last year
and the forecast made before the month; and the top movers month over month.

Months are billing periods (BillingPeriodStart). Inputs are the frames of
`forecast_data.load_monthly_costs` (marts/forecast_cost_by_month) and
`load_budget_actuals` (marts/variance_budget_by_cost_center_month). Budget variance is on
direct EffectiveCost (what budgets are set on); the other comparisons take `cost_basis`.

Variance = actual - base, in money (`variance_amount`) and in percent of the base
(`variance_pct`, 0-100 scale). A variance is material when |amount| >= materiality_amount
and |pct| >= materiality_pct (finops.yaml `variance`); a base of 0 has no percent, and a
change from nothing counts as meeting the percent test, so new spend can be material.
The price / volume / mix split is in `variance_pvm`.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError
from .forecast import forecast_before_month, last_complete_month
from .forecast_calendar import add_months, month_start
from .tables import cost_column, with_meta

COMPARISONS = ("prior_month", "prior_year", "forecast")
VARIANCE_COLUMNS = ["billing_month", "member", "comparison", "base_month", "actual_cost", "base_cost",
                    "variance_amount", "variance_pct", "is_material"]


def flag_material(amount, pct, materiality_amount: float = 5000, materiality_pct: float = 5) -> np.ndarray:
    """True where |amount| >= materiality_amount and (|pct| >= materiality_pct, or pct is
    undefined because the base was 0); NaN amounts are never material."""
    amount = np.asarray(amount, dtype=float)
    pct = np.asarray(pct, dtype=float)
    big = np.abs(np.nan_to_num(amount, nan=0.0)) >= materiality_amount
    steep = np.where(np.isnan(pct), True, np.abs(pct) >= materiality_pct)
    return big & steep & ~np.isnan(amount)


def _pct_of(amount: pd.Series, base: pd.Series) -> np.ndarray:
    """amount as a percent of |base|; NaN where the base is 0 or unknown."""
    base = base.astype(float)
    return np.where(base.to_numpy() != 0, amount / base.abs().replace(0, np.nan) * 100, np.nan)


def _compare(month: pd.Timestamp, members: pd.Series, actual: pd.Series, base: pd.Series, comparison: str,
             base_month: pd.Timestamp, materiality_amount: float, materiality_pct: float) -> pd.DataFrame:
    base = base.astype(float)
    amount = (actual - base).round(2)
    pct = _pct_of(amount, base)
    return pd.DataFrame({
        "billing_month": month, "member": members.to_numpy(), "comparison": comparison, "base_month": base_month,
        "actual_cost": actual.round(2).to_numpy(), "base_cost": base.round(2).to_numpy(),
        "variance_amount": amount.to_numpy(), "variance_pct": pct,
        "is_material": flag_material(amount, pct, materiality_amount, materiality_pct)})


def _month_totals(costs: pd.DataFrame, dimension: str, value: str, month: pd.Timestamp) -> pd.Series:
    rows = costs[(costs["dimension"] == dimension) & (pd.to_datetime(costs["billing_month"]) == month)]
    return rows.groupby("member")[value].sum()


def _resolve_month(monthly_costs: pd.DataFrame, month) -> pd.Timestamp:
    if month is None:
        return last_complete_month(monthly_costs)
    month = month_start(month)
    if not (pd.to_datetime(monthly_costs["billing_month"]) == month).any():
        raise InputError(f"no costs for billing month {month:%Y-%m}",
                         hint="pick a month the billing data covers")
    return month


def compute_variance(monthly_costs: pd.DataFrame, month=None, *, dimension: str = "total",
                     cost_basis: str = "effective", comparisons: Sequence[str] = COMPARISONS,
                     forecast_method: str = "ets", days_adjusted: bool = True,
                     materiality_amount: float = 5000, materiality_pct: float = 5) -> pd.DataFrame:
    """A month's cost per member of `dimension` against the prior month, the same month a
    year earlier and the forecast `forecast_method` made with data through the month before.

    Returns one row per member per comparison (`VARIANCE_COLUMNS`); a member with no cost
    in a month counts 0 there; base_cost is NaN when there is nothing to compare with (no
    data a year back, or too little history to forecast)."""
    unknown = [c for c in comparisons if c not in COMPARISONS]
    if unknown:
        raise ConfigError(f"unknown comparison {unknown[0]!r}; use one of: {', '.join(COMPARISONS)}")
    month = _resolve_month(monthly_costs, month)
    value = cost_column(cost_basis)
    present = set(pd.to_datetime(monthly_costs["billing_month"]))
    actual = _month_totals(monthly_costs, dimension, value, month)
    parts = []
    for comparison in comparisons:
        if comparison == "forecast":
            made = forecast_before_month(monthly_costs, month, dimension=dimension, cost_basis=cost_basis,
                                         method=forecast_method, days_adjusted=days_adjusted)
            base, base_month = made.set_index("member")["forecast_cost"], month
        else:
            base_month = add_months(month, -1 if comparison == "prior_month" else -12)
            base = _month_totals(monthly_costs, dimension, value, base_month)
        members = actual.index.union(base.index)
        known_base = base.reindex(members)
        # in a month the data covers, a member without cost had 0; a month the data does not
        # cover has nothing to compare with
        if comparison != "forecast" and base_month in present:
            known_base = known_base.fillna(0.0)
        parts.append(_compare(month, pd.Series(members), actual.reindex(members, fill_value=0.0).reset_index(drop=True),
                              known_base.reset_index(drop=True), comparison, base_month,
                              materiality_amount, materiality_pct))
    out = pd.concat(parts, ignore_index=True)[VARIANCE_COLUMNS]
    return with_meta(out, grain=f"one row per {dimension} member per comparison", cost_basis=cost_basis,
                     currency=monthly_costs.attrs.get("currency"), month="billing period",
                     forecast_method=forecast_method)


def compute_budget_variance(budget_actuals: pd.DataFrame, month=None, *, materiality_amount: float = 5000,
                            materiality_pct: float = 5) -> pd.DataFrame:
    """A month's direct EffectiveCost per cost center against its budget (budgets are set on
    direct EffectiveCost, so nothing else is compared with them).

    Returns one row per cost center (`VARIANCE_COLUMNS`, comparison 'budget'); a cost center
    without a budget has base_cost NaN and is never material."""
    with_actuals = budget_actuals[budget_actuals["has_actuals"].astype(bool)]
    months = pd.to_datetime(with_actuals["billing_month"])
    month = month_start(month) if month is not None else months.max()
    rows = with_actuals[months == month]
    if rows.empty:
        raise InputError(f"no actual costs for billing month {month:%Y-%m}",
                         hint="pick a month the billing data covers")
    rows = rows.sort_values("cost_center")
    out = _compare(month, rows["cost_center"].reset_index(drop=True),
                   rows["effective_cost"].astype(float).reset_index(drop=True),
                   rows["budget_amount"].reset_index(drop=True), "budget", month,
                   materiality_amount, materiality_pct)
    return with_meta(out[VARIANCE_COLUMNS], grain="one row per cost center", cost_basis="effective",
                     currency=budget_actuals.attrs.get("currency"), compared="budget vs direct EffectiveCost")


def compute_top_movers(monthly_costs: pd.DataFrame, month=None, *,
                       dimensions: Sequence[str] = ("team", "service", "sub_account"),
                       cost_basis: str = "effective", top_movers: int = 5) -> pd.DataFrame:
    """The members whose cost changed most against the prior month, per dimension.

    Returns one row per dimension per mover (at most `top_movers` each): billing_month,
    prior_month, dimension, rank (1 = largest absolute change), member, prior_cost,
    actual_cost, change_amount, change_pct (NaN from a prior of 0). Ties go to the member
    name, A first; members that did not move are left out."""
    month = _resolve_month(monthly_costs, month)
    prior = add_months(month, -1)
    value = cost_column(cost_basis)
    parts = []
    for dimension in dimensions:
        now = _month_totals(monthly_costs, dimension, value, month)
        before = _month_totals(monthly_costs, dimension, value, prior)
        members = now.index.union(before.index)
        frame = pd.DataFrame({"member": members,
                              "prior_cost": before.reindex(members, fill_value=0.0).to_numpy(float).round(2),
                              "actual_cost": now.reindex(members, fill_value=0.0).to_numpy(float).round(2)})
        change = (frame["actual_cost"] - frame["prior_cost"]).round(2)
        frame = frame.assign(change_amount=change, change_pct=_pct_of(change, frame["prior_cost"]),
                             size=change.abs())
        frame = frame[frame["change_amount"] != 0].sort_values(["size", "member"], ascending=[False, True])
        frame = frame.head(top_movers).drop(columns="size")
        parts.append(frame.assign(billing_month=month, prior_month=prior, dimension=dimension,
                                  rank=np.arange(1, len(frame) + 1)))
    columns = ["billing_month", "prior_month", "dimension", "rank", "member", "prior_cost", "actual_cost",
               "change_amount", "change_pct"]
    out = pd.concat(parts, ignore_index=True)[columns] if parts else pd.DataFrame(columns=columns)
    return with_meta(out, grain="one row per dimension per top mover", cost_basis=cost_basis,
                     currency=monthly_costs.attrs.get("currency"), month=f"{month:%Y-%m} vs {prior:%Y-%m}")
