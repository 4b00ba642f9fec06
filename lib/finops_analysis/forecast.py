"""Spend forecasts with prediction intervals, and their accuracy by rolling-origin backtest.

Input: the frames of the marts `forecast_cost_by_month` (finance months: billing periods,
BillingPeriodStart) or `forecast_cost_by_day` (usage days: ChargePeriodStart, UTC, only
usage rows with a one-day charge period; monthly fees, tax, credits and purchases are left
out of daily series rather than spread). Both carry billed_cost and effective_cost; pick
with `cost_basis` ("effective" for showback, "billed" for finance).

Methods come from `forecast_methods.FORECASTERS` by name ("ets", "naive",
"seasonal_naive", "linear"). The library is statsmodels (already a dependency; no
compiled extras): its state-space `ETSModel` (damped additive trend; weekly season for
daily series) gives the forecast and exact analytic prediction intervals from one fit.
The naive methods use normal intervals widening with the horizon (random walk); see
`forecast_methods` for each formula. The 80% and 95% levels come from `intervals`. Monthly
series are modelled as cost per day of each month and scaled back by the month's days
(`days_adjusted`), because months of 28 to 31 days move a monthly total by up to 10%
with no change in usage; the naive baseline then means "last month's daily run rate".
Daily series carry a weekly season (season length 7).

Accuracy: at each of the last `backtest_origins` month ends the method is refitted on
the data up to that point and forecasts up to `horizon` periods ahead; MAPE is the mean
of |actual - forecast| / |actual| over every (origin, step) pair whose actual is known and
non-zero, in percent, reported next to the baseline's MAPE on the same pairs.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .forecast_calendar import add_months, fiscal_year_end, month_start, months_between
# FORECASTERS is re-exported: finops.yaml's forecast.method names one of its keys
from .forecast_methods import DEFAULT_LEVELS, FORECASTERS, baseline_method, forecast_path  # noqa: F401
from .tables import cost_column, with_meta

# period column -> (what one period is, season length)
PERIODS = {"billing_month": ("billing month", 1), "charge_date": ("usage day", 7)}
DEFAULT_HORIZON = {"billing_month": 3, "charge_date": 28}


# forecast_spend's columns under the names charts.plot_forecast reads.
CHART_COLUMNS = {"forecast_cost": "mean", "lo_80": "lo80", "hi_80": "hi80", "lo_95": "lo95", "hi_95": "hi95"}


def period_column(costs: pd.DataFrame) -> str:
    """'billing_month' for a monthly cost frame, 'charge_date' for a daily one."""
    for column in PERIODS:
        if column in costs.columns:
            return column
    raise InputError("a cost series needs a billing_month or a charge_date column",
                     hint="use the frame of marts/forecast_cost_by_month or marts/forecast_cost_by_day")


def cost_series(costs: pd.DataFrame, dimension: str = "total", cost_basis: str = "effective",
                through=None) -> pd.DataFrame:
    """One row per member of `dimension` per period (columns: the period, member, cost),
    each member from its first period to the last one (or `through`), gaps filled with 0."""
    period, value = period_column(costs), cost_column(cost_basis)
    rows = costs[costs["dimension"] == dimension] if "dimension" in costs.columns else costs
    if rows.empty:
        have = sorted(costs["dimension"].unique()) if "dimension" in costs.columns else []
        raise InputError(f"no costs for dimension {dimension!r}", hint=f"dimensions present: {', '.join(have)}")
    rows = rows.assign(**{period: pd.to_datetime(rows[period])})
    last = pd.Timestamp(through) if through is not None else rows[period].max()
    rows = rows[rows[period] <= last]
    freq = "MS" if period == "billing_month" else "D"
    parts = []
    for member, group in rows.groupby("member", sort=True):
        index = pd.date_range(group[period].min(), last, freq=freq, name=period)
        values = group.groupby(period)[value].sum().reindex(index, fill_value=0.0)
        parts.append(pd.DataFrame({period: index, "member": member, "cost": values.to_numpy(float)}))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=[period, "member", "cost"])
    return with_meta(out, grain=f"one row per {dimension} member per {PERIODS[period][0]}",
                     cost_basis=cost_basis, currency=costs.attrs.get("currency"))


def last_complete_month(monthly_costs: pd.DataFrame) -> pd.Timestamp:
    """The newest billing month whose day-long usage reaches the month's last day (a month
    still in progress would read as a fall in spend); the newest month when unknown."""
    months = pd.to_datetime(monthly_costs["billing_month"])
    last = months.max()
    if "last_usage_date" not in monthly_costs.columns:
        return last
    through = pd.to_datetime(monthly_costs.loc[months == last, "last_usage_date"]).max()
    if pd.isna(through) or through >= last + pd.offsets.MonthEnd(0):
        return last
    return add_months(last, -1)


def _scale(periods: pd.Series | pd.DatetimeIndex, period: str, days_adjusted: bool) -> np.ndarray:
    if period == "billing_month" and days_adjusted:
        return np.asarray(pd.DatetimeIndex(periods).days_in_month, dtype=float)
    return np.ones(len(periods))


def _future(last: pd.Timestamp, period: str, steps: int) -> pd.DatetimeIndex:
    freq = "MS" if period == "billing_month" else "D"
    return pd.date_range(last, periods=steps + 1, freq=freq)[1:]


def _horizon(last: pd.Timestamp, period: str, horizon_months: int, fiscal_year_start_month: int,
             to_fiscal_year_end: bool) -> int:
    months = horizon_months
    if to_fiscal_year_end:
        months = max(months, months_between(last, fiscal_year_end(last, fiscal_year_start_month)))
    if period == "billing_month":
        return months
    end = add_months(last, months) + pd.offsets.MonthEnd(0)
    return int((end - last).days)


def forecast_spend(costs: pd.DataFrame, *, dimension: str = "total", cost_basis: str = "effective",
                   method: str = "ets", horizon_months: int = 3, fiscal_year_start_month: int = 2,
                   to_fiscal_year_end: bool = True, intervals: Sequence[int] = DEFAULT_LEVELS,
                   days_adjusted: bool = True, through=None) -> pd.DataFrame:
    """Spend forward for each member of `dimension`: `horizon_months` months, or to the end of
    the fiscal year when that is further, from the last complete month (monthly frames) or
    the last day (daily frames), or from `through`.

    Returns one row per member per future period: the period, member, method (the one
    used: a short series falls back to naive), step, forecast_cost, and lo_<L>/hi_<L> for
    each interval level L (percent)."""
    period = period_column(costs)
    if through is None and period == "billing_month":
        through = last_complete_month(costs)
    series = cost_series(costs, dimension, cost_basis, through)
    last = series[period].max()
    steps = _horizon(last, period, horizon_months, fiscal_year_start_month, to_fiscal_year_end)
    levels = tuple(sorted(int(lv) for lv in intervals))
    ahead = _future(last, period, steps)
    out_scale = _scale(ahead, period, days_adjusted)
    parts = []
    for member, group in series.groupby("member", sort=True):
        scale = _scale(group[period], period, days_adjusted)
        path = forecast_path(group["cost"].to_numpy() / scale, method, steps, PERIODS[period][1], levels)
        frame = {period: ahead, "member": member, "method": path.method, "step": np.arange(1, steps + 1),
                 "forecast_cost": path.mean * out_scale}
        for lv in levels:
            frame[f"lo_{lv}"] = path.bounds[lv][0] * out_scale
            frame[f"hi_{lv}"] = path.bounds[lv][1] * out_scale
        parts.append(pd.DataFrame(frame))
    out = pd.concat(parts, ignore_index=True)
    return with_meta(out, grain=f"one row per {dimension} member per forecast {PERIODS[period][0]}",
                     cost_basis=cost_basis, currency=costs.attrs.get("currency"),
                     method=method, through=str(last.date()), intervals=list(levels))


def backtest_series(y: Sequence[float], method: str, *, horizon: int, origins: Sequence[int],
                    season_length: int = 1, scale: Sequence[float] | None = None) -> pd.DataFrame:
    """Rolling-origin errors of `method` on `y`: for each origin o (a position in y), fit on
    y[:o] and forecast up to `horizon` steps that y still holds. With `scale` (e.g. days per
    month), the method sees y / scale and its forecasts are scaled back.

    Returns one row per origin per step: origin, step, actual, forecast, ape_pct (NaN when
    the actual is 0)."""
    values = np.asarray(y, dtype=float)
    factor = np.ones(len(values)) if scale is None else np.asarray(scale, dtype=float)
    rows = []
    for origin in origins:
        steps = min(horizon, len(values) - origin)
        if origin < 1 or steps < 1:
            continue
        path = forecast_path(values[:origin] / factor[:origin], method, steps, season_length)
        for h in range(steps):
            actual, predicted = values[origin + h], path.mean[h] * factor[origin + h]
            ape = abs(actual - predicted) / abs(actual) * 100 if actual != 0 else np.nan
            rows.append({"origin": origin, "step": h + 1, "actual": actual, "forecast": predicted, "ape_pct": ape})
    return pd.DataFrame(rows, columns=["origin", "step", "actual", "forecast", "ape_pct"])


def _origins(periods: pd.Series, count: int) -> list[int]:
    # forecasts are made at month ends: positions whose period starts a month
    starts = [i for i, p in enumerate(pd.DatetimeIndex(periods)) if p.day == 1 and i > 0]
    return starts[-count:] if count > 0 else []


def backtest_forecast(costs: pd.DataFrame, *, dimension: str = "total", cost_basis: str = "effective",
                      methods: Sequence[str] = ("ets",), backtest_origins: int = 6, horizon: int | None = None,
                      days_adjusted: bool = True, through=None) -> pd.DataFrame:
    """MAPE of each method next to the naive baseline (naive monthly, seasonal naive daily),
    from forecasts made at each of the last `backtest_origins` month ends, `horizon`
    periods ahead (default 3 months or 28 days).

    Returns one row per member per method: member, method, mape_pct, baseline,
    baseline_mape_pct, forecasts (the number of errors averaged)."""
    period = period_column(costs)
    if through is None and period == "billing_month":
        through = last_complete_month(costs)
    series = cost_series(costs, dimension, cost_basis, through)
    horizon = horizon or DEFAULT_HORIZON[period]
    season = PERIODS[period][1]
    baseline = baseline_method(season)
    rows = []
    for member, group in series.groupby("member", sort=True):
        y, scale = group["cost"].to_numpy(), _scale(group[period], period, days_adjusted)
        origins = _origins(group[period], backtest_origins)
        base = backtest_series(y, baseline, horizon=horizon, origins=origins, season_length=season, scale=scale)
        for method in methods:
            errors = backtest_series(y, method, horizon=horizon, origins=origins, season_length=season, scale=scale)
            known = errors["ape_pct"].notna()
            rows.append({"member": member, "method": method,
                         "mape_pct": errors.loc[known, "ape_pct"].mean() if known.any() else np.nan,
                         "baseline": baseline,
                         "baseline_mape_pct": base.loc[known, "ape_pct"].mean() if known.any() else np.nan,
                         "forecasts": int(known.sum())})
    out = pd.DataFrame(rows, columns=["member", "method", "mape_pct", "baseline", "baseline_mape_pct", "forecasts"])
    return with_meta(out, grain=f"one row per {dimension} member per forecast method",
                     cost_basis=cost_basis, currency=costs.attrs.get("currency"),
                     backtest=f"{backtest_origins} month-end origins, {horizon} {PERIODS[period][0]}s ahead")


def forecast_before_month(monthly_costs: pd.DataFrame, month, *, dimension: str = "total",
                          cost_basis: str = "effective", method: str = "ets",
                          days_adjusted: bool = True) -> pd.DataFrame:
    """The forecast each member's method would have made for `month` with the data through
    the month before (one step ahead).

    Returns one row per member with history before `month`: member, method, forecast_cost."""
    target = month_start(month)
    before = monthly_costs[pd.to_datetime(monthly_costs["billing_month"]) < target]
    columns = ["member", "method", "forecast_cost"]
    if before.empty or dimension not in set(before["dimension"]):
        return with_meta(pd.DataFrame(columns=columns), grain=f"one row per {dimension} member",
                         cost_basis=cost_basis, currency=monthly_costs.attrs.get("currency"))
    series = cost_series(before, dimension, cost_basis, add_months(target, -1))
    rows = []
    for member, group in series.groupby("member", sort=True):
        scale = _scale(group["billing_month"], "billing_month", days_adjusted)
        path = forecast_path(group["cost"].to_numpy() / scale, method, 1, 1)
        days = target.days_in_month if days_adjusted else 1
        rows.append({"member": member, "method": path.method, "forecast_cost": float(path.mean[0]) * days})
    return with_meta(pd.DataFrame(rows, columns=columns), grain=f"one row per {dimension} member",
                     cost_basis=cost_basis, currency=monthly_costs.attrs.get("currency"),
                     billing_month=str(target.date()))
