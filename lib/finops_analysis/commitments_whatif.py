"""What if we bought more? A spend-based commitment simulated over the recent usage profile.

The profile is the eligible on-demand spend per period (day or hour) of the last N days,
built from the mart `marts/commitments_usage_by_day` by `build_usage_profile`. A
commitment of H per hour at discount d pays H for each hour whatever happens and buys up
to H / (1 - d) of on-demand-priced usage in that hour; what it cannot use is lost. So it
saves money only above the break-even utilization 1 - d. A daily profile assumes usage is
flat within the day, which makes the projection optimistic for spiky hourly usage; pass an
hourly profile (period_hours=1) where the data has one. Pure functions.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Sequence

import numpy as np
import pandas as pd

from .commitments_common import on_demand_column, ratio_pct
from .errors import ConfigError, InputError
from .tables import with_meta

HOURS_PER_MONTH = 8760 / 12      # 730: the usual convention for hourly commitments


def build_usage_profile(usage: pd.DataFrame, last_days: int | None = 30, provider: str | None = None,
                        service_subcategories: Sequence[str] | None = None, end_date: date | str | None = None,
                        on_demand_basis: str = "contracted") -> pd.DataFrame:
    """Daily eligible usage in on-demand terms: what is already covered and what is not.

    Grain: one row per usage day of the last `last_days` days up to `end_date` (default: the
    last day in `usage`), optionally of one provider and of some ServiceSubcategory values
    (a compute savings plan covers "Virtual Machines", not databases). Only eligible usage
    with daily charge periods; covered_on_demand_cost is the on-demand equivalent of Used
    rows, uncovered_on_demand_cost that of eligible on-demand rows (what a new commitment
    could cover).
    """
    column = on_demand_column(on_demand_basis)
    rows = usage[usage["eligible"].astype(bool) & usage["daily_period"].astype(bool)]
    for name, values, field in (("provider", None if provider is None else [provider], "provider"),
                                ("ServiceSubcategory", service_subcategories, "eligible_subcategory")):
        if values is None:
            continue
        rows = rows[rows[field].isin(list(values))]
        if rows.empty:
            known = sorted(usage.loc[usage["eligible"].astype(bool), field].dropna().unique())
            raise InputError(f"no commitment-eligible usage for {name} {', '.join(values)}",
                             hint=f"eligible values: {', '.join(known)}")
    days = pd.to_datetime(rows["charge_date"]).dt.date
    last = pd.Timestamp(end_date).date() if end_date is not None else (days.max() if len(days) else None)
    keep = days <= last if last is not None else days.notna()
    if last_days is not None and last is not None:
        keep &= days > last - timedelta(days=last_days)
    rows = rows[keep].assign(charge_date=days[keep], value=rows.loc[keep, column].astype(float))
    covered = rows["value"].where(rows["commitment_status"] == "Used", 0.0)
    uncovered = rows["value"].where(rows["commitment_status"].isna(), 0.0)
    out = (rows.assign(covered_on_demand_cost=covered, uncovered_on_demand_cost=uncovered)
           .groupby("charge_date")[["covered_on_demand_cost", "uncovered_on_demand_cost"]].sum().reset_index())
    return with_meta(out, grain="one row per usage day", provider=provider or "all providers",
                     on_demand=f"on-demand equivalent: {column}")


def simulate_commitment(profile: pd.DataFrame, *, discount_rate: float, hourly_commitment: float | None = None,
                        monthly_commitment: float | None = None, period_hours: float = 24.0,
                        currency: str | None = None) -> pd.DataFrame:
    """Projected coverage, utilization and net savings of one more spend-based commitment.

    Grain: one row (the commitment over the profile's periods). Give the commitment per
    hour or per month (730 hours); `discount_rate` (0-1) is its discount off on-demand.
    net_savings = on-demand cost it covers - what it costs; break_even_utilization_pct =
    100 x (1 - discount_rate), the utilization below which it loses money.
    """
    if (hourly_commitment is None) == (monthly_commitment is None):
        raise ConfigError("give exactly one of hourly_commitment and monthly_commitment")
    if not 0 <= discount_rate < 1:
        raise ConfigError(f"discount_rate must be at least 0 and below 1, got {discount_rate!r}")
    hourly = float(hourly_commitment if hourly_commitment is not None else monthly_commitment / HOURS_PER_MONTH)
    if hourly < 0:
        raise ConfigError(f"the commitment amount must not be negative, got {hourly!r}")
    uncovered = profile["uncovered_on_demand_cost"].astype(float).to_numpy()
    covered = profile["covered_on_demand_cost"].astype(float).to_numpy()
    periods = len(uncovered)
    cost_per_period = hourly * period_hours
    newly_covered = np.minimum(uncovered, cost_per_period / (1 - discount_rate))
    commitment_cost = cost_per_period * periods
    used = newly_covered.sum() * (1 - discount_rate)
    eligible = covered.sum() + uncovered.sum()
    months = periods * period_hours / HOURS_PER_MONTH
    out = pd.DataFrame([{
        "hourly_commitment": hourly,
        "monthly_commitment": hourly * HOURS_PER_MONTH,
        "discount_rate": discount_rate,
        "periods": periods,
        "commitment_cost": commitment_cost,
        "covered_on_demand_cost": float(newly_covered.sum()),
        "utilization_pct": ratio_pct(used, commitment_cost),
        "coverage_before_pct": ratio_pct(covered.sum(), eligible),
        "coverage_after_pct": ratio_pct(covered.sum() + newly_covered.sum(), eligible),
        "net_savings": float(newly_covered.sum() - commitment_cost),
        "net_savings_monthly": float(newly_covered.sum() - commitment_cost) / months if months else np.nan,
        "break_even_utilization_pct": 100.0 * (1 - discount_rate),
    }])
    return with_meta(out, grain="one row: the simulated commitment over the usage profile", currency=currency,
                     on_demand=profile.attrs.get("on_demand"))


def simulate_commitments(profile: pd.DataFrame, hourly_amounts: Sequence[float], *, discount_rate: float,
                         period_hours: float = 24.0, currency: str | None = None) -> pd.DataFrame:
    """`simulate_commitment` for several hourly amounts (a curve to pick the size from).

    Grain: one row per hourly commitment amount.
    """
    rows = [simulate_commitment(profile, discount_rate=discount_rate, hourly_commitment=h,
                                period_hours=period_hours) for h in hourly_amounts]
    out = pd.concat(rows, ignore_index=True) if rows else pd.DataFrame()
    return with_meta(out, grain="one row per hourly commitment amount", currency=currency,
                     on_demand=profile.attrs.get("on_demand"))


def suggested_amounts(profile: pd.DataFrame, shares: Sequence[float] = (0.25, 0.5, 0.75, 1.0)) -> list[float]:
    """Hourly commitment amounts worth simulating: shares of the lowest day's uncovered
    on-demand spend per hour (a commitment above the quietest day's usage starts to go
    unused), rounded to two significant figures."""
    low = float(profile["uncovered_on_demand_cost"].min()) / 24 if len(profile) else 0.0
    out = []
    for share in shares:
        value = low * share
        if value > 0:
            digits = max(0, 1 - int(np.floor(np.log10(value))))
            out.append(round(value, digits))
    return sorted(set(out))
