"""How a week moved the month-end forecast: the forecast of the month's day-long usage cost
made with data through the Sunday before the week, against the one made a week later.

The month is the one holding the week's Sunday. Month-end cost = actual cost of the month's
days up to the forecast's data end + the forecast of its remaining days. Daily series and
methods come from `forecast` (marts/forecast_cost_by_day, dimension 'total'): only usage
rows with a one-day charge period, so monthly fees, tax, credits and purchases are not in
these month-end figures. Pure functions: frames in, new frames out.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Sequence

import pandas as pd

from .forecast import cost_series, forecast_spend
from .forecast_methods import DEFAULT_LEVELS
from .pulse import parse_week
from .tables import with_meta

SHIFT_COLUMNS = ["forecast", "data_through", "month", "method", "week_cost", "actual_to_date_cost",
                 "forecast_rest_cost", "month_end_cost"]


def _month_forecast(daily_costs: pd.DataFrame, through: pd.Timestamp, month: pd.Timestamp, method: str,
                    cost_basis: str, intervals: Sequence[int]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The actual daily series up to `through` and the forecast path from the day after it
    to the end of `month` (forecast_spend reaches the end of the month after `through`'s)."""
    series = cost_series(daily_costs, "total", cost_basis, through)
    path = forecast_spend(daily_costs, dimension="total", cost_basis=cost_basis, method=method, horizon_months=1,
                          to_fiscal_year_end=False, intervals=intervals, through=through)
    end = month + pd.offsets.MonthEnd(0)
    return series, path[pd.to_datetime(path["charge_date"]) <= end]


def compute_forecast_shift(daily_costs: pd.DataFrame, week: str, *, method: str = "ets",
                           cost_basis: str = "effective", intervals: Sequence[int] = DEFAULT_LEVELS) -> pd.DataFrame:
    """The month-end forecast before and after `week`. daily_costs: forecast_data.load_daily_costs.

    Returns two rows, 'before the week' (data through the Sunday before) and 'after the
    week' (data through its Sunday): forecast, data_through, month (the month holding the
    week's Sunday), method (the one used), week_cost (the week as forecast, then as it
    was), actual_to_date_cost (the month's days up to data_through), forecast_rest_cost (its
    remaining days), month_end_cost (their sum)."""
    monday, sunday = (pd.Timestamp(d) for d in parse_week(week))
    month = sunday.replace(day=1)
    rows = []
    for label, through in (("before the week", monday - timedelta(days=1)), ("after the week", sunday)):
        series, path = _month_forecast(daily_costs, through, month, method, cost_basis, intervals)
        days = pd.to_datetime(series["charge_date"])
        to_date = float(series.loc[(days >= month) & (days <= through), "cost"].sum())
        ahead = pd.to_datetime(path["charge_date"])
        rest = float(path.loc[ahead >= month, "forecast_cost"].sum())
        in_week = (ahead >= monday) & (ahead <= sunday)
        week_cost = (float(path.loc[in_week, "forecast_cost"].sum()) if through < monday
                     else float(series.loc[(days >= monday) & (days <= sunday), "cost"].sum()))
        rows.append({"forecast": label, "data_through": through.date(), "month": f"{month:%Y-%m}",
                     "method": path["method"].iloc[0] if len(path) else method, "week_cost": round(week_cost, 2),
                     "actual_to_date_cost": round(to_date, 2), "forecast_rest_cost": round(rest, 2),
                     "month_end_cost": round(to_date + rest, 2)})
    return with_meta(pd.DataFrame(rows, columns=SHIFT_COLUMNS),
                     grain="one row per forecast (before and after the week)",
                     cost_basis=cost_basis, currency=daily_costs.attrs.get("currency"),
                     costs="day-long usage rows (fees, tax, credits and purchases excluded)")


def forecast_month_path(daily_costs: pd.DataFrame, week: str, *, method: str = "ets", cost_basis: str = "effective",
                        intervals: Sequence[int] = DEFAULT_LEVELS, history_days: int = 42
                        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """For charts.plot_forecast: the last `history_days` days of actual cost up to the week's
    Sunday (one row per usage day: charge_date, cost) and the forecast of the rest of the
    month (one row per day: charge_date, mean, lo<L>, hi<L> per interval level)."""
    _, sunday = (pd.Timestamp(d) for d in parse_week(week))
    series, path = _month_forecast(daily_costs, sunday, sunday.replace(day=1), method, cost_basis, intervals)
    days = pd.to_datetime(series["charge_date"])
    history = series.loc[days > sunday - timedelta(days=history_days), ["charge_date", "cost"]].reset_index(drop=True)
    renamed = {"forecast_cost": "mean", **{f"{side}_{lv}": f"{side}{lv}" for lv in intervals for side in ("lo", "hi")}}
    ahead = path.rename(columns=renamed)[["charge_date", *renamed.values()]].reset_index(drop=True)
    meta = dict(cost_basis=cost_basis, currency=daily_costs.attrs.get("currency"))
    return (with_meta(history, grain="one row per usage day", **meta),
            with_meta(ahead, grain="one row per forecast usage day", method=method, **meta))
