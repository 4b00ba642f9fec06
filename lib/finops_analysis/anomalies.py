"""Cost anomalies: days whose cost for a (sub-account, service) leaves its seasonal
baseline by more than a threshold, merged into events with start, duration, excess cost
and owner.

Input is the small daily frame of the SQL mart `marts/anomalies_cost_by_sub_account_service_day`
(one row per usage day per provider, sub-account and service). Detectors live in
`anomalies_detectors.DETECTORS`. Pure functions: frames and values in, new frames out.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .anomalies_detectors import DETECTORS, get_detector
from .errors import ConfigError, InputError
from .tables import with_meta

SERIES = ["provider", "sub_account_id", "service_name"]
# Which mart column each cost basis reads. "contracted" (ContractedCost, the on-demand
# equivalent at negotiated prices) is the default: a commitment starting, renewing or
# ending moves the EffectiveCost of the usage it covers without any change in usage, and an
# ending (or a smaller renewal) would be flagged as a cost anomaly. Expiring commitments
# are reported by commitments.find_expiring_commitments instead.
COST_MEASURES = {
    "contracted": ("contracted_cost", "ContractedCost (on-demand equivalent at negotiated prices)"),
    "list": ("list_cost", "ListCost (on-demand equivalent at list prices)"),
    "effective": ("effective_cost", "EffectiveCost (amortized)"),
    "billed": ("billed_cost", "BilledCost (invoiced)"),
}
EVENT_COLUMNS = ["provider", "sub_account_id", "sub_account_name", "service_name", "owner_team", "start_date",
                 "end_date", "duration_days", "flagged_days", "actual_cost", "baseline_cost", "excess_cost",
                 "peak_score"]
# The robust score a day must exceed. 5.0 rather than the textbook 4.0: the MAD of 28 days
# of baseline errors is itself noisy, so normal noise already passes 4 on about 0.1% of
# days (one false alarm per series every three years; dozens a year across a company's
# series), and 5 on about 0.02%. On the sample, 4.0 gives 69% precision and 5.0 90%, with
# every injected cost event still found.
DEFAULT_THRESHOLD = 5.0
SERIES_PER_BLOCK = 256

__all__ = ["DETECTORS", "COST_MEASURES", "score_daily_costs", "detect_anomalies", "summarize_anomalies"]


def _measure(cost_basis: str) -> tuple[str, str]:
    try:
        return COST_MEASURES[cost_basis]
    except KeyError:
        raise ConfigError(f"unknown cost basis {cost_basis!r} for anomalies; use one of: "
                          f"{', '.join(COST_MEASURES)}") from None


def score_daily_costs(daily: pd.DataFrame, method: str = "seasonal_median", cost_basis: str = "contracted",
                      baseline_days: int = 28, threshold: float = DEFAULT_THRESHOLD,
                      min_excess_per_day: float = 50.0, currency: str | None = None) -> pd.DataFrame:
    """Every day of every series with its actual cost, baseline, excess, score and flag.

    Grain: one row per (provider, sub-account, service) per usage day, from the first to
    the last day of the data; a day without a row in `daily` costs 0. A day is flagged when
    its score is above `threshold` and its excess (actual minus baseline) is at least
    `min_excess_per_day`: only increases are anomalies (a drop saves money). Days without
    enough history (2 x baseline_days for seasonal_median) have NaN baseline and score,
    so give the mart that much history before the period you report on.
    """
    detector = get_detector(method)
    column, label = _measure(cost_basis)
    missing = [c for c in ["charge_date", *SERIES, column] if c not in daily.columns]
    if missing:
        raise InputError(f"the daily cost frame lacks the column {missing[0]!r}", column=missing[0],
                         hint="build it with marts/anomalies_cost_by_sub_account_service_day")
    if daily.empty:
        return with_meta(pd.DataFrame(columns=[*SERIES, "charge_date", "actual_cost", "baseline_cost",
                                               "excess_cost", "score", "flagged"]),
                         grain="one row per provider, sub-account and service per usage day",
                         currency=currency, cost_measure=label)
    frame = daily.assign(charge_date=pd.to_datetime(daily["charge_date"]),
                         **{c: daily[c].fillna("") for c in SERIES},
                         _cost=daily[column].astype(float))
    days = pd.date_range(frame["charge_date"].min(), frame["charge_date"].max(), freq="D")
    wide = (frame.pivot_table(index="charge_date", columns=SERIES, values="_cost", aggfunc="sum")
            .reindex(days).fillna(0.0))
    actual = wide.to_numpy()
    # Detectors stack a few dozen shifted copies of the matrix: a block of series at a time
    # keeps that bounded for companies with thousands of (sub-account, service) series.
    blocks = [detector(actual[:, i:i + SERIES_PER_BLOCK], baseline_days=baseline_days)
              for i in range(0, actual.shape[1], SERIES_PER_BLOCK)]
    baseline = np.hstack([b for b, _ in blocks])
    score = np.hstack([z for _, z in blocks])
    excess = actual - baseline
    flagged = (score > threshold) & (excess >= min_excess_per_day)
    index = pd.MultiIndex.from_product([range(wide.shape[1]), range(len(days))], names=["series", "day"])
    series_keys = wide.columns.to_frame(index=False)
    long = pd.DataFrame({
        "actual_cost": actual.T.ravel(), "baseline_cost": baseline.T.ravel(),
        "excess_cost": excess.T.ravel(), "score": score.T.ravel(), "flagged": flagged.T.ravel(),
    }, index=index).reset_index()
    long = (series_keys.iloc[long["series"]].reset_index(drop=True)
            .assign(charge_date=days[long["day"]].date)
            .join(long.drop(columns=["series", "day"])))
    return with_meta(long, grain="one row per provider, sub-account and service per usage day",
                     currency=currency, cost_measure=label, method=method)


def detect_anomalies(daily: pd.DataFrame, method: str = "seasonal_median", cost_basis: str = "contracted",
                     baseline_days: int = 28, threshold: float = DEFAULT_THRESHOLD, min_excess_per_day: float = 50.0,
                     max_gap_days: int = 2, currency: str | None = None) -> pd.DataFrame:
    """Anomaly events: the flagged days of one series merged into events.

    Grain: one row per anomaly event (provider, sub-account, service, start date), newest
    first. Flagged days at most `max_gap_days` unflagged days apart belong to one event
    (0 = only consecutive days), so a step in a series that is quiet at weekends is one
    event, not one per working week. An event runs from its first to its last flagged day:
    duration_days counts that span, flagged_days the days flagged in it, and actual_cost,
    baseline_cost and excess_cost (actual minus baseline) sum over the span. peak_score is
    the highest score. owner_team comes from the daily frame (the team owning most of the
    series' cost).
    """
    if max_gap_days < 0:
        raise ConfigError(f"max_gap_days must be 0 or more, got {max_gap_days}")
    scored = score_daily_costs(daily, method=method, cost_basis=cost_basis, baseline_days=baseline_days,
                               threshold=threshold, min_excess_per_day=min_excess_per_day, currency=currency)
    label = scored.attrs.get("cost_measure")
    meta = dict(grain="one row per anomaly event", currency=currency, cost_measure=label, method=method)
    if not scored["flagged"].any():
        return with_meta(pd.DataFrame(columns=EVENT_COLUMNS), **meta)
    days = scored.assign(charge_date=pd.to_datetime(scored["charge_date"])).sort_values([*SERIES, "charge_date"])
    flagged = days[days["flagged"]]
    new_series = (flagged[SERIES] != flagged[SERIES].shift()).any(axis=1)
    gap = flagged["charge_date"].diff() > pd.Timedelta(days=max_gap_days + 1)
    event_of_flagged = (new_series | gap).cumsum()
    # Every day between two flagged days of the same event belongs to it.
    marks = pd.Series(np.nan, index=days.index)
    marks[flagged.index] = event_of_flagged
    series_id = days.groupby(SERIES, sort=False).ngroup()
    after = marks.groupby(series_id).ffill()
    before = marks.groupby(series_id).bfill()
    in_event = days[after.eq(before) & after.notna()].assign(event=after)
    events = in_event.groupby("event").agg(
        provider=("provider", "first"), sub_account_id=("sub_account_id", "first"),
        service_name=("service_name", "first"), start_date=("charge_date", "min"),
        end_date=("charge_date", "max"), duration_days=("charge_date", "size"), flagged_days=("flagged", "sum"),
        actual_cost=("actual_cost", "sum"), baseline_cost=("baseline_cost", "sum"),
        excess_cost=("excess_cost", "sum"), peak_score=("score", "max"))
    events = (events.merge(_series_names(daily), on=SERIES, how="left")
              .assign(start_date=lambda e: e["start_date"].dt.date, end_date=lambda e: e["end_date"].dt.date)
              .sort_values(["start_date", "excess_cost"], ascending=[False, False])
              .reset_index(drop=True))
    return with_meta(events[EVENT_COLUMNS], **meta)


def _series_names(daily: pd.DataFrame) -> pd.DataFrame:
    """One row per series: its sub-account name and owner (the latest non-empty values)."""
    cols = [c for c in ("sub_account_name", "owner_team") if c in daily.columns]
    keyed = daily.assign(**{c: daily[c].fillna("") for c in SERIES}).sort_values("charge_date")
    names = keyed.groupby(SERIES)[cols].last().reset_index() if cols else keyed[SERIES].drop_duplicates()
    for c in ("sub_account_name", "owner_team"):
        if c not in names.columns:
            names[c] = None
    return names


def summarize_anomalies(events: pd.DataFrame, by: str = "owner_team") -> pd.DataFrame:
    """Anomaly count, days and excess cost per `by` (owner_team, provider, service_name ...).

    Grain: one row per value of `by`, largest excess first.
    """
    if by not in events.columns:
        raise ConfigError(f"cannot summarize anomalies by {by!r}; use one of: {', '.join(EVENT_COLUMNS[:5])}")
    out = (events.groupby(by, dropna=False)
           .agg(anomalies=("start_date", "size"), anomaly_days=("duration_days", "sum"),
                excess_cost=("excess_cost", "sum"))
           .reset_index().sort_values("excess_cost", ascending=False).reset_index(drop=True))
    return with_meta(out, grain=f"one row per {by}", currency=events.attrs.get("currency"),
                     cost_measure=events.attrs.get("cost_measure"))


def events_in(events: pd.DataFrame, start, end) -> pd.DataFrame:
    """The events that started in [start, end) or were still running on `start`."""
    begins, ends = pd.to_datetime(events["start_date"]), pd.to_datetime(events["end_date"])
    out = events[((begins >= pd.Timestamp(start)) & (begins < pd.Timestamp(end))) | ((begins < pd.Timestamp(start))
                                                                                     & (ends >= pd.Timestamp(start)))]
    out.attrs = dict(events.attrs)
    return out.sort_values("excess_cost", ascending=False).reset_index(drop=True)


def describe_events(events: pd.DataFrame, month) -> str:
    """Markdown: how many anomalies, their excess in all, and the largest one (figures from
    the events table; names escaped)."""
    from .formatting import escape_md, money

    label = pd.Timestamp(month).strftime("%B %Y")
    currency = events.attrs.get("currency") or "USD"
    if events.empty:
        return f"No cost anomalies in {label}."
    top = events.sort_values("excess_cost", ascending=False).iloc[0]
    count = len(events)
    return (f"{count} cost {'anomaly' if count == 1 else 'anomalies'} in {label}, "
            f"{money(events['excess_cost'].sum(), currency, 0)} above baseline in all. The largest: "
            f"{escape_md(top['service_name'])} in {escape_md(top['sub_account_name'])} "
            f"({escape_md(top['owner_team'])}) from {pd.Timestamp(top['start_date']):%Y-%m-%d} for "
            f"{int(top['duration_days'])} days, {money(top['excess_cost'], currency, 0)} above baseline.")


def largest_event_series(daily: pd.DataFrame, events: pd.DataFrame, baseline_days: int = 28,
                         cost_basis: str = "contracted", days_around: int = 45) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The daily actual and baseline of the largest event's series around it, and that event
    (one row), for a chart."""
    top = events.sort_values("excess_cost", ascending=False).head(1)
    key = {c: top[c].iloc[0] for c in ("provider", "sub_account_id", "service_name")}
    scored = score_daily_costs(daily, cost_basis=cost_basis, baseline_days=baseline_days)
    mask = np.ones(len(scored), dtype=bool)
    for column, value in key.items():
        mask &= (scored[column] == value).to_numpy()
    series = scored[mask]
    start = pd.Timestamp(top["start_date"].iloc[0]) - pd.Timedelta(days=days_around)
    end = pd.Timestamp(top["end_date"].iloc[0]) + pd.Timedelta(days=days_around)
    days = pd.to_datetime(series["charge_date"])
    return series[(days >= start) & (days <= end)], top
