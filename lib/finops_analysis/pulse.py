"""The weekly spend pulse for engineering: a week's spend against the week before (top
movers by team and by service), the anomalies that started in the week, tag compliance by
team, and how the week moved the month-end forecast (`pulse_forecast`).

Weeks are ISO weeks, Monday to Sunday, of usage days (ChargePeriodStart, UTC), written
'2026-W44'. Costs are day-long usage rows only (see marts/pulse_cost_by_week); the default
basis is EffectiveCost (amortized), the engineering view. Pure functions: frames and values
in, new frames out; sentences are in `pulse_describe`.
"""
from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Sequence

import numpy as np
import pandas as pd

from .errors import ConfigError, InputError
from .tables import cost_column, with_meta

WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)
MOVER_COLUMNS = ["week", "prior_week", "dimension", "rank", "member", "prior_cost", "actual_cost",
                 "change_amount", "change_pct", "usage_days"]


def parse_week(text: str) -> tuple[date, date]:
    """'2026-W44' (or '2026W44') -> (its Monday, its Sunday); ConfigError for anything else."""
    m = WEEK.match(str(text).strip())
    try:
        if not m:
            raise ValueError
        monday = date.fromisocalendar(int(m.group(1)), int(m.group(2)), 1)
    except ValueError:
        raise ConfigError(f"period {text!r} is not an ISO week",
                          hint="write the week as YYYY-Www, e.g. 2026-W44 (weeks run Monday to Sunday)") from None
    return monday, monday + timedelta(days=6)


def week_label(day) -> str:
    """'2026-W44': the ISO week holding `day`."""
    year, week, _ = pd.Timestamp(day).date().isocalendar()
    return f"{year}-W{week:02d}"


def describe_week(week: str) -> str:
    """'week 44 of 2026 (26 October to 1 November 2026)', 'week 38 of 2026 (14 to 20
    September 2026)', for titles."""
    monday, sunday = parse_week(week)
    first = (f"{monday.day}" + (f" {monday:%B}" if monday.month != sunday.month else "")
             + (f" {monday.year}" if monday.year != sunday.year else ""))
    return f"week {monday.isocalendar()[1]} of {monday.isocalendar()[0]} ({first} to {sunday.day} {sunday:%B %Y})"


def last_complete_week(last_usage_date) -> str:
    """The newest ISO week whose Sunday the data reaches ('' when there is no data)."""
    if last_usage_date is None or pd.isna(last_usage_date):
        return ""
    day = pd.Timestamp(last_usage_date).date()
    sunday = day - timedelta(days=(day.weekday() + 1) % 7)
    return week_label(sunday)


def check_week(week: str, first_usage_date, last_usage_date) -> tuple[date, date]:
    """The week's (Monday, Sunday) when the data covers it and the week before; InputError
    naming the data's span otherwise."""
    monday, sunday = parse_week(week)
    first, last = (pd.Timestamp(d).date() if d is not None and not pd.isna(d) else None
                   for d in (first_usage_date, last_usage_date))
    if first is None or last is None:
        raise InputError("the billing data has no day-long usage rows, so there is no week to report")
    if sunday > last or monday - timedelta(days=7) < first:
        latest = last_complete_week(last)
        earliest = first + timedelta(days=7 + (7 - first.weekday()) % 7)     # a Monday with a whole week before it
        hint = (f"pick a week from {week_label(earliest)} to {latest}, or leave period empty for {latest}"
                if earliest + timedelta(days=6) <= last else
                "the pulse needs two whole weeks (Monday to Sunday) of usage days: add billing data")
        raise InputError(f"the data's usage days run from {first} to {last}: it does not cover {week} "
                         "and the week before it", hint=hint)
    return monday, sunday


def _week_totals(weekly: pd.DataFrame, dimension: str, value: str, monday: date) -> pd.DataFrame:
    rows = weekly[(weekly["dimension"] == dimension) & (pd.to_datetime(weekly["week_start"]) == pd.Timestamp(monday))]
    return rows.groupby("member").agg(cost=(value, "sum"), usage_days=("usage_days", "max"))


def _compare(weekly: pd.DataFrame, week: str, dimension: str, cost_basis: str) -> pd.DataFrame:
    monday, _ = parse_week(week)
    value = cost_column(cost_basis)
    now = _week_totals(weekly, dimension, value, monday)
    before = _week_totals(weekly, dimension, value, monday - timedelta(days=7))
    members = now.index.union(before.index)
    prior = before["cost"].reindex(members, fill_value=0.0).to_numpy(float).round(2)
    actual = now["cost"].reindex(members, fill_value=0.0).to_numpy(float).round(2)
    change = (actual - prior).round(2)
    with np.errstate(divide="ignore", invalid="ignore"):
        pct = np.where(prior != 0, change / np.abs(prior) * 100, np.nan)
    return pd.DataFrame({"member": members, "prior_cost": prior, "actual_cost": actual, "change_amount": change,
                         "change_pct": pct,
                         "usage_days": now["usage_days"].reindex(members, fill_value=0).to_numpy(int)})


def compute_week_total(weekly_costs: pd.DataFrame, week: str, *, cost_basis: str = "effective") -> pd.DataFrame:
    """The week's total against the week before. weekly_costs: marts/pulse_cost_by_week.

    Returns one row: week, prior_week, prior_cost, actual_cost, change_amount, change_pct
    (NaN from a prior of 0), usage_days (days of the week with data)."""
    frame = _compare(weekly_costs, week, "total", cost_basis)
    monday, _ = parse_week(week)
    out = frame.drop(columns="member").assign(week=week, prior_week=week_label(monday - timedelta(days=7)))
    if out.empty:
        out = pd.DataFrame([{"prior_cost": 0.0, "actual_cost": 0.0, "change_amount": 0.0, "change_pct": np.nan,
                             "usage_days": 0, "week": week, "prior_week": week_label(monday - timedelta(days=7))}])
    columns = ["week", "prior_week", "prior_cost", "actual_cost", "change_amount", "change_pct", "usage_days"]
    return with_meta(out[columns].reset_index(drop=True), grain="one row: the week's total", cost_basis=cost_basis,
                     currency=weekly_costs.attrs.get("currency"), days="usage days (ChargePeriodStart, UTC)")


def compute_weekly_movers(weekly_costs: pd.DataFrame, week: str, *, dimensions: Sequence[str] = ("team", "service"),
                          cost_basis: str = "effective", top_movers: int = 5) -> pd.DataFrame:
    """The members whose cost changed most in `week` against the week before, per dimension.
    weekly_costs: marts/pulse_cost_by_week for both weeks.

    Returns one row per dimension per mover (at most `top_movers` each, members that did not
    move left out): week, prior_week, dimension, rank (1 = largest absolute change), member,
    prior_cost, actual_cost, change_amount, change_pct (NaN from a prior of 0), usage_days.
    Ties go to the member name, A first."""
    monday, _ = parse_week(week)
    parts = []
    for dimension in dimensions:
        if dimension not in set(weekly_costs["dimension"]):
            raise ConfigError(f"no dimension {dimension!r} in the weekly costs; use: "
                              f"{', '.join(sorted(set(weekly_costs['dimension'])))}")
        frame = _compare(weekly_costs, week, dimension, cost_basis)
        frame = (frame[frame["change_amount"] != 0].assign(size=lambda f: f["change_amount"].abs())
                 .sort_values(["size", "member"], ascending=[False, True]).head(top_movers).drop(columns="size"))
        parts.append(frame.assign(week=week, prior_week=week_label(monday - timedelta(days=7)), dimension=dimension,
                                  rank=np.arange(1, len(frame) + 1)))
    out = pd.concat(parts, ignore_index=True)[MOVER_COLUMNS] if parts else pd.DataFrame(columns=MOVER_COLUMNS)
    return with_meta(out, grain="one row per dimension per top mover", cost_basis=cost_basis,
                     currency=weekly_costs.attrs.get("currency"),
                     weeks=f"{week} vs {week_label(monday - timedelta(days=7))}")


def select_new_anomalies(events: pd.DataFrame, week: str) -> pd.DataFrame:
    """The anomaly events (anomalies.detect_anomalies) that started in `week`.

    Returns one row per anomaly event, largest excess first."""
    monday, sunday = parse_week(week)
    start = pd.to_datetime(events["start_date"])
    out = events[(start >= pd.Timestamp(monday)) & (start <= pd.Timestamp(sunday))]
    out = out.sort_values(["excess_cost", "start_date"], ascending=[False, True]).reset_index(drop=True)
    return with_meta(out, grain="one row per anomaly event that started in the week",
                     currency=events.attrs.get("currency"), cost_measure=events.attrs.get("cost_measure"), week=week)


def compute_weekly_compliance(compliance_weeks: pd.DataFrame, week: str, *,
                              cost_basis: str = "effective") -> pd.DataFrame:
    """Tag compliance of each team in `week` next to the week before.
    compliance_weeks: marts/pulse_compliance_by_team_week for both weeks.

    Returns one row per team with taggable cost in the week (lowest compliance first), then
    one row '(all teams)': team, cost, compliant_cost, untagged_cost, compliant_cost_pct,
    prior_compliant_cost_pct, change_pct_points, compliant_rows_pct (0-100; NaN where a
    week had nothing taggable)."""
    monday, _ = parse_week(week)
    column = cost_column(cost_basis)
    weeks = pd.to_datetime(compliance_weeks["week_start"])

    def one(first: date) -> pd.DataFrame:
        rows = compliance_weeks[weeks == pd.Timestamp(first)]
        cost, good = rows[column].astype(float), rows[f"compliant_{column}"].astype(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            pct = np.where(cost != 0, good / cost * 100, np.nan)
            rows_pct = np.where(rows["row_count"] != 0, rows["compliant_rows"] / rows["row_count"] * 100, np.nan)
        return pd.DataFrame({"scope": rows["scope"].to_numpy(), "team": rows["team"].to_numpy(),
                             "cost": cost.round(2).to_numpy(), "compliant_cost": good.round(2).to_numpy(),
                             "compliant_cost_pct": pct, "compliant_rows_pct": rows_pct})

    now, before = one(monday), one(monday - timedelta(days=7))
    out = now.merge(before[["scope", "team", "compliant_cost_pct"]].rename(
        columns={"compliant_cost_pct": "prior_compliant_cost_pct"}), on=["scope", "team"], how="left")
    out = out.assign(untagged_cost=(out["cost"] - out["compliant_cost"]).round(2),
                     change_pct_points=out["compliant_cost_pct"] - out["prior_compliant_cost_pct"],
                     _all=out["scope"] == "all")
    out = out.sort_values(["_all", "compliant_cost_pct", "team"], na_position="last").reset_index(drop=True)
    columns = ["team", "cost", "compliant_cost", "untagged_cost", "compliant_cost_pct", "prior_compliant_cost_pct",
               "change_pct_points", "compliant_rows_pct"]
    return with_meta(out[columns], grain="one row per owner team, then all teams", cost_basis=cost_basis,
                     currency=compliance_weeks.attrs.get("currency"), week=week,
                     charges="taggable day-long usage rows (recurring fees and unused commitments excluded)")
