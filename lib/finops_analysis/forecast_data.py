"""Load the small aggregated frames forecasts and variances work on, from a Warehouse.

Thin wrappers over the SQL marts (the grouping runs in DuckDB; only aggregates reach
pandas), so notebooks make one call per table. Each frame says its grain, that both cost
bases are present, and the billing currency.
"""
from __future__ import annotations

import pandas as pd

from .forecast_calendar import add_months, month_start
from .tables import with_meta
from .warehouse import Warehouse


def _dates(frame: pd.DataFrame, *columns: str) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_datetime(frame[c]) for c in columns if c in frame.columns})


def load_monthly_costs(wh: Warehouse) -> pd.DataFrame:
    """marts/forecast_cost_by_month: one row per billing month per dimension member
    (total, provider, team, cost_center, service, sub_account); billed and effective."""
    frame = _dates(wh.query("marts/forecast_cost_by_month"), "billing_month", "last_usage_date")
    return with_meta(frame, grain="one row per billing month per dimension member",
                     currency=wh.config.currency, month="billing period (BillingPeriodStart)",
                     cost_bases="billed_cost and effective_cost")


def load_daily_costs(wh: Warehouse) -> pd.DataFrame:
    """marts/forecast_cost_by_day: one row per usage day per dimension member (total,
    provider, team, cost_center); day-long usage rows only; billed and effective."""
    frame = _dates(wh.query("marts/forecast_cost_by_day"), "charge_date")
    return with_meta(frame, grain="one row per usage day per dimension member",
                     currency=wh.config.currency, day="usage day (ChargePeriodStart, UTC)",
                     cost_bases="billed_cost and effective_cost")


def load_budget_actuals(wh: Warehouse, unowned_cost_center: str | None = None) -> pd.DataFrame:
    """marts/variance_budget_by_cost_center_month: one row per billing month per cost
    center, budget_amount next to the direct effective_cost it is set against.
    `unowned_cost_center` budgets the charges no team can own (tax, credits, support,
    unused commitments); None leaves them under 'Unallocated'."""
    frame = _dates(wh.query("marts/variance_budget_by_cost_center_month",
                            unowned_cost_center=unowned_cost_center), "billing_month")
    return with_meta(frame, grain="one row per billing month per cost center", cost_basis="effective",
                     currency=wh.config.currency, compared="budget vs direct EffectiveCost")


def load_sku_costs(wh: Warehouse, month, prior_month=None) -> pd.DataFrame:
    """marts/variance_sku_cost_by_month for `month` and `prior_month` (default: the month
    before): one row per billing month per provider, team, service, SKU and pricing unit."""
    month = month_start(month)
    prior = month_start(prior_month) if prior_month is not None else add_months(month, -1)
    first, last = min(month, prior), max(month, prior)
    frame = wh.query("marts/variance_sku_cost_by_month", month_from=first.date(), month_to=last.date())
    frame = _dates(frame, "billing_month")
    frame = frame[frame["billing_month"].isin([month, prior])]
    return with_meta(frame, grain="one row per billing month per provider, team, service, SKU and pricing unit",
                     currency=wh.config.currency, cost_bases="billed_cost and effective_cost")
