"""Load the small frames the weekly pulse works on, from a Warehouse: one call per table.

Thin wrappers over the pulse marts and the anomaly mart (the grouping runs in DuckDB; only
aggregates reach pandas). Each frame says its grain and currency.
"""
from __future__ import annotations

from datetime import timedelta

import pandas as pd

from .pulse import check_week, last_complete_week, parse_week
from .tables import with_meta
from .warehouse import Warehouse


def load_usage_window(wh: Warehouse) -> tuple:
    """(first, last) usage day of the data (marts/pulse_usage_window); (None, None) when empty."""
    row = wh.query("marts/pulse_usage_window").iloc[0]
    return (None if pd.isna(row["first_usage_date"]) else pd.Timestamp(row["first_usage_date"]).date(),
            None if pd.isna(row["last_usage_date"]) else pd.Timestamp(row["last_usage_date"]).date())


def resolve_week(wh: Warehouse, period: str = "") -> str:
    """The pulse's week: `period` ('YYYY-Www') checked against the data, or the last complete
    week when it is empty. InputError when the data does not cover it and the week before."""
    first, last = load_usage_window(wh)
    week = period.strip() if period and period.strip() else last_complete_week(last)
    monday, _ = check_week(week, first, last)
    return f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"


def load_weekly_costs(wh: Warehouse, week: str) -> pd.DataFrame:
    """marts/pulse_cost_by_week for `week` and the week before: one row per week per
    dimension member (total, team, service); billed and effective."""
    monday, _ = parse_week(week)
    frame = wh.query("marts/pulse_cost_by_week", week_from=monday - timedelta(days=7), week_to=monday)
    return with_meta(frame.assign(week_start=pd.to_datetime(frame["week_start"])),
                     grain="one row per ISO week per dimension member", currency=wh.config.currency,
                     day="usage day (ChargePeriodStart, UTC)", cost_bases="billed_cost and effective_cost")


def load_weekly_compliance(wh: Warehouse, week: str) -> pd.DataFrame:
    """marts/pulse_compliance_by_team_week for `week` and the week before: one row per week
    per team, plus one per week for all teams."""
    monday, _ = parse_week(week)
    frame = wh.query("marts/pulse_compliance_by_team_week", week_from=monday - timedelta(days=7), week_to=monday)
    return with_meta(frame.assign(week_start=pd.to_datetime(frame["week_start"])),
                     grain="one row per ISO week per team, and per week for all teams", currency=wh.config.currency,
                     cost_bases="billed_cost and effective_cost")


def load_anomaly_days(wh: Warehouse, week: str, baseline_days: int = 28) -> pd.DataFrame:
    """marts/anomalies_cost_by_sub_account_service_day from far enough back for the detector
    to score every day of the week (2 x baseline_days, plus a week of margin) to its Sunday:
    one row per usage day per provider, sub-account and service."""
    monday, sunday = parse_week(week)
    start = monday - timedelta(days=2 * int(baseline_days) + 7)
    frame = wh.query("marts/anomalies_cost_by_sub_account_service_day", start_date=start, end_date=sunday)
    return with_meta(frame, grain="one row per usage day per provider, sub-account and service",
                     currency=wh.config.currency)
