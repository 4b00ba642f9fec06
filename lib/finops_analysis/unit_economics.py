"""Unit economics: cost per unit of business volume by product and month, its trend and
stability, and how much of a product's cost is fixed versus variable.

Product cost is allocated cost including the shared share: teams are rolled up to products
(`allocation_teams.product`, the product carrying most of a team's direct cost), so product
costs plus the 'Unallocated' bucket (and any team without a product) equal the allocated
total. Cost basis EffectiveCost (amortized) by default, as showback. Pure functions.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

import numpy as np
import pandas as pd

from .allocation import DIRECT, UNALLOCATED
from .errors import ConfigError, InputError
from .tables import cost_column, with_meta


@dataclass(frozen=True)
class Unit:
    """A unit of volume: the metric, how a month's volume is measured, and the scale."""
    metric: str
    measure: str      # "metric_value" (summed over the month's days) or "daily_average" (a level)
    per: float        # cost per `per` units: 1000 for requests
    label: str


UNITS: dict[str, Unit] = {
    "requests": Unit("requests", "metric_value", 1000, "per 1k requests"),
    "active_tenants": Unit("active_tenants", "daily_average", 1, "per active tenant (daily average over the month)"),
    "gb_processed": Unit("gb_processed", "metric_value", 1, "per GB processed"),
}


def get_unit(name: str) -> Unit:
    try:
        return UNITS[name]
    except KeyError:
        raise ConfigError(f"unknown unit {name!r}; use one of: {', '.join(UNITS)}") from None


def _check(frame: pd.DataFrame, columns, what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{what} lacks the column {missing[0]!r}", column=missing[0],
                         hint=f"{what} needs the columns {', '.join(columns)}")


def _product_of(teams: pd.Series, team_products: Mapping[str, str]) -> pd.Series:
    return teams.map(lambda t: UNALLOCATED if t == UNALLOCATED else team_products.get(t))


def compute_product_costs(allocated: pd.DataFrame, team_products: Mapping[str, str]) -> pd.DataFrame:
    """Allocated cost rolled up from teams to products (allocate_costs output, any keys).
    Returns one row per billing month and product with direct_cost, shared_cost and
    allocated_cost; 'Unallocated' keeps its own row, teams without a product have NULL."""
    _check(allocated, ["billing_month", "team", "source", "allocated_cents"], "the allocated frame")
    frame = allocated.assign(
        product=_product_of(allocated.team, team_products),
        direct_cents=allocated.allocated_cents.where(allocated.source == DIRECT, 0),
        shared_cents=allocated.allocated_cents.where(allocated.source != DIRECT, 0))
    out = frame.groupby(["billing_month", "product"], dropna=False, sort=True)[
        ["direct_cents", "shared_cents", "allocated_cents"]].sum().reset_index()
    out = out.assign(direct_cost=out.direct_cents / 100, shared_cost=out.shared_cents / 100,
                     allocated_cost=out.allocated_cents / 100).drop(columns=["direct_cents", "shared_cents"])
    return with_meta(out, grain="one row per billing month and product", cost_basis=allocated.attrs.get("cost_basis"),
                     currency=allocated.attrs.get("currency"))


def compute_unit_costs(product_costs: pd.DataFrame, metrics: pd.DataFrame,
                       units: Sequence[str] = tuple(UNITS)) -> pd.DataFrame:
    """Cost per unit by product and month. metrics: mart allocation_metrics_by_product_month.

    Returns one row per billing month, product and unit with cost, volume (scaled: thousands
    of requests), unit_cost and unit_cost_change_pct against the product's previous month
    (month over month). Months without volume get NaN unit cost, never a division by zero.
    """
    _check(product_costs, ["billing_month", "product", "allocated_cost"], "the product-cost frame")
    _check(metrics, ["billing_month", "product", "metric", "metric_value", "daily_average"], "the metrics frame")
    parts = []
    for name in units:
        unit = get_unit(name)
        volume = metrics[metrics.metric == unit.metric]
        volume = volume.assign(volume=volume[unit.measure].astype(float) / unit.per)[["billing_month", "product", "volume"]]
        part = product_costs[["billing_month", "product", "allocated_cost"]].merge(
            volume, on=["billing_month", "product"], how="inner")
        parts.append(part.assign(unit=name, unit_label=unit.label))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["billing_month", "product", "allocated_cost", "volume", "unit", "unit_label"])
    out = out.rename(columns={"allocated_cost": "cost"}).sort_values(["product", "unit", "billing_month"], ignore_index=True)
    out = out.assign(unit_cost=out.cost / out.volume.where(out.volume > 0))
    previous = out.groupby(["product", "unit"]).unit_cost.shift(1)
    out = out.assign(unit_cost_change_pct=100 * (out.unit_cost / previous - 1))
    out = out[["billing_month", "product", "unit", "unit_label", "cost", "volume", "unit_cost", "unit_cost_change_pct"]]
    return with_meta(out, grain="one row per billing month, product and unit",
                     cost_basis=product_costs.attrs.get("cost_basis"), currency=product_costs.attrs.get("currency"))


def compute_unit_cost_stability(unit_costs: pd.DataFrame, *, months: int = 6) -> pd.DataFrame:
    """Trend and stability of each product's unit cost over its last `months` months.

    Returns one row per product and unit: months used, first and latest unit cost, change_pct
    (latest vs first of the window), latest month-over-month change, mean and the coefficient
    of variation (sample standard deviation / mean) as cv_ratio.
    """
    if months < 2:
        raise ConfigError(f"stability needs at least 2 months, got {months}")
    _check(unit_costs, ["billing_month", "product", "unit", "unit_cost", "unit_cost_change_pct"], "the unit-cost frame")
    rows = []
    for (product, unit), part in unit_costs.dropna(subset=["unit_cost"]).groupby(["product", "unit"], sort=True):
        window = part.sort_values("billing_month").tail(months)
        values = window.unit_cost.astype(float)
        mean = values.mean()
        rows.append({
            "product": product, "unit": unit, "months": len(window),
            "first_month": window.billing_month.iloc[0], "latest_month": window.billing_month.iloc[-1],
            "first_unit_cost": values.iloc[0], "latest_unit_cost": values.iloc[-1],
            "change_pct": 100 * (values.iloc[-1] / values.iloc[0] - 1) if values.iloc[0] else np.nan,
            "latest_change_pct": window.unit_cost_change_pct.iloc[-1],
            "mean_unit_cost": mean,
            "cv_ratio": values.std(ddof=1) / mean if len(values) > 1 and mean else np.nan,
        })
    return with_meta(pd.DataFrame(rows), grain=f"one row per product and unit (last {months} months)",
                     cost_basis=unit_costs.attrs.get("cost_basis"), currency=unit_costs.attrs.get("currency"))


def fit_fixed_variable(daily_costs: pd.DataFrame, daily_metrics: pd.DataFrame, team_products: Mapping[str, str], *,
                       unit: str = "requests", cost_basis: str = "effective", start: str | None = None,
                       end: str | None = None) -> pd.DataFrame:
    """Fixed versus variable cost: an OLS fit of daily cost = fixed + marginal x volume per
    product (numpy least squares), over usage days `start` to `end` ("YYYY-MM-DD",
    inclusive; default all days).

    daily_costs: mart unit_economics_daily_cost_by_team (direct cost per usage day and team,
    rolled up to products); daily_metrics: mart unit_economics_metrics_by_product_day.
    Returns one row per product: days, fixed_cost_per_day, marginal_cost (per the unit's
    scale: per 1k requests), variable_share_pct (marginal x mean volume / mean cost) and
    r_squared. Fewer than 3 days, or a volume that never varies, gives NaN.
    """
    spec, column = get_unit(unit), cost_column(cost_basis)
    _check(daily_costs, ["charge_date", "team", column], "the daily cost frame")
    _check(daily_metrics, ["metric_date", "product", "metric", "metric_value"], "the daily metrics frame")
    costs = daily_costs.assign(product=_product_of(daily_costs.team, team_products), cost=daily_costs[column].astype(float))
    costs = costs[costs["product"].notna() & (costs["product"] != UNALLOCATED)]
    costs = costs.groupby(["charge_date", "product"], as_index=False).cost.sum()
    volume = daily_metrics[daily_metrics.metric == spec.metric]
    volume = volume.assign(charge_date=volume.metric_date, volume=volume.metric_value.astype(float) / spec.per)
    data = costs.merge(volume[["charge_date", "product", "volume"]], on=["charge_date", "product"], how="inner")
    if start is not None:
        data = data[data.charge_date >= pd.Timestamp(start)]
    if end is not None:
        data = data[data.charge_date <= pd.Timestamp(end)]
    rows = []
    for product, part in data.groupby("product", sort=True):
        x, y = part.volume.to_numpy(float), part.cost.to_numpy(float)
        fixed = marginal = r2 = share = np.nan
        if len(part) >= 3 and np.ptp(x) > 0:
            (fixed, marginal), *_ = np.linalg.lstsq(np.column_stack([np.ones_like(x), x]), y, rcond=None)
            residual = y - (fixed + marginal * x)
            total = ((y - y.mean()) ** 2).sum()
            r2 = 1 - (residual ** 2).sum() / total if total else np.nan
            share = 100 * (marginal * x.mean() / y.mean()) if y.mean() else np.nan
        rows.append({"product": product, "unit": unit, "unit_label": spec.label, "days": len(part),
                     "first_day": part.charge_date.min(), "last_day": part.charge_date.max(),
                     "fixed_cost_per_day": fixed, "marginal_cost": marginal, "variable_share_pct": share,
                     "r_squared": r2})
    return with_meta(pd.DataFrame(rows), grain="one row per product", cost_basis=cost_basis,
                     currency=daily_costs.attrs.get("currency"), cost="direct cost per usage day (shared pools excluded)")
