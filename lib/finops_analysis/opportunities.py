"""The optimization backlog: what could be saved, by whom, at what effort and risk, sorted
by return on the effort. It feeds the quarterly leadership review.

Each finder takes a small frame another analysis (or an opportunities_* mart) produced and
returns backlog rows; `rank_opportunities` puts them together. Estimates are monthly and
in the billing currency, from the recent window the frames cover; every row says how it
was estimated (`basis`). Pure functions.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

import pandas as pd

from .tables import with_meta

DAYS_PER_MONTH = 365.25 / 12
WEEKEND_DAYS_PER_MONTH = DAYS_PER_MONTH * 2 / 7
EFFORT_DAYS = {"low": 1, "medium": 5, "high": 15}     # engineer-days an effort level stands for
COLUMNS = ["opportunity", "category", "owner", "where", "monthly_cost_affected", "monthly_saving", "effort",
           "risk", "effort_cost", "return_multiple", "basis"]


@dataclass(frozen=True)
class Replacement:
    """A previous-generation instance family and its current-generation successor."""
    match: str              # regex on the instance type
    replace: str            # the successor type (regex replacement)
    saving_pct: float       # expected unit-price saving when the successor's price is not in the data


DEFAULT_REPLACEMENTS: tuple[Replacement, ...] = (
    Replacement(r"^m4\.", "m6i.", 4.0), Replacement(r"^c4\.", "c6i.", 14.0),
    Replacement(r"^r4\.", "r6i.", 5.0), Replacement(r"^t2\.", "t3.", 10.0),
    Replacement(r"^m5\.", "m6i.", 4.0), Replacement(r"^db\.r5\.", "db.r6g.", 10.0),
    Replacement(r"^db\.m5\.", "db.m6g.", 10.0), Replacement(r"^cache\.m5\.", "cache.m6g.", 8.0),
    Replacement(r"^Standard_D(\d+)_v3$", r"Standard_D\1as_v5", 10.0),
    Replacement(r"^Standard_D(\d+)s_v3$", r"Standard_D\1as_v5", 10.0),
    Replacement(r"^n1-", "n2-", 8.0),
)


def _row(opportunity, category, owner, where, affected, saving, effort, risk, basis) -> dict:
    """One backlog line; `affected` is the monthly cost the opportunity is about."""
    return {"opportunity": opportunity, "category": category, "owner": owner or "Unallocated", "where": where,
            "monthly_cost_affected": round(float(affected), 2), "monthly_saving": round(float(saving), 2),
            "effort": effort, "risk": risk, "basis": basis}


def commitment_opportunities(commitments: pd.DataFrame, owners: pd.DataFrame | None = None,
                             utilization_target_pct: float = 95.0) -> list[dict]:
    """Under-used commitments (utilization below target over the window): the unused cost
    per month is what exchanging or resizing them could save. Input: the
    commitments_by_commitment mart (window columns) and opportunities_commitment_owners."""
    owner = dict(zip(owners["commitment_id"], owners["owner_team"])) if owners is not None else {}
    rows = []
    for r in commitments.itertuples(index=False):
        used, unused, days = float(r.used_cost or 0), float(r.unused_cost or 0), float(r.window_days or 0)
        if days <= 0 or used + unused <= 0:
            continue
        utilization = 100 * used / (used + unused)
        if utilization >= utilization_target_pct:
            continue
        per_month = DAYS_PER_MONTH / days
        rows.append(_row(f"Exchange or resize {r.commitment_name} ({utilization:.1f}% used)", "under-used commitment",
                         owner.get(r.commitment_id), r.provider, (used + unused) * per_month, unused * per_month,
                         "medium", "medium",
                         f"unused EffectiveCost over the last {days:.0f} days x {DAYS_PER_MONTH:.2f}/days"))
    return rows


def expiring_opportunities(expiring: pd.DataFrame, owners: pd.DataFrame | None = None) -> list[dict]:
    """Commitments about to expire: renewing keeps their usage off on-demand prices.
    Input: commitments_expiring.find_expiring_commitments."""
    owner = dict(zip(owners["commitment_id"], owners["owner_team"])) if owners is not None else {}
    return [_row(f"Renew {r.commitment_name} before {pd.Timestamp(r.term_end):%Y-%m-%d} ({r.days_to_expiry} days)",
                 "expiring commitment", owner.get(r.commitment_id), r.provider, r.on_demand_monthly,
                 r.fallback_cost_monthly, "low", "low", "on-demand cost of the usage it covers minus what it costs now, per month")
            for r in expiring.itertuples(index=False) if float(r.fallback_cost_monthly or 0) > 0]


def weekend_opportunities(weekends: pd.DataFrame, weekend_ratio_pct: float = 60.0,
                          weekend_floor_pct: float = 15.0) -> list[dict]:
    """Non-production compute running at weekends nearly as on weekdays: scheduled shutdowns
    would bring weekend cost down to `weekend_floor_pct` of a weekday.
    Input: the opportunities_nonprod_weekends mart."""
    rows = []
    for r in weekends.itertuples(index=False):
        weekday, weekend = float(r.weekday_daily_cost or 0), float(r.weekend_daily_cost or 0)
        if weekday <= 0 or 100 * weekend / weekday < weekend_ratio_pct:
            continue
        saving = (weekend - weekday * weekend_floor_pct / 100) * WEEKEND_DAYS_PER_MONTH
        rows.append(_row(f"Stop {r.environment} {r.service} in {r.sub_account} at weekends "
                         f"(weekends cost {100 * weekend / weekday:.0f}% of a weekday)", "idle non-production",
                         r.team, r.sub_account, weekend * WEEKEND_DAYS_PER_MONTH, saving, "low", "low",
                         f"weekend daily cost down to {weekend_floor_pct:.0f}% of a weekday, "
                         f"{WEEKEND_DAYS_PER_MONTH:.2f} weekend days a month"))
    return rows


def previous_generation_opportunities(instances: pd.DataFrame, prices: pd.DataFrame, window_days: float,
                                      replacements: Sequence[Replacement] = DEFAULT_REPLACEMENTS) -> list[dict]:
    """Instance types of a previous generation: moving to the successor saves the price
    difference (from the data's own list prices when the successor appears in it, else the
    replacement's expected saving), applied to what the instances cost now.
    Input: opportunities_instance_types (window) and opportunities_instance_prices."""
    price = {(p, t): float(v) for p, t, v in prices[["provider", "instance_type", "list_unit_price"]].itertuples(index=False)}
    rows = []
    for r in instances.itertuples(index=False):
        rule = next((x for x in replacements if re.search(x.match, str(r.instance_type))), None)
        if rule is None or float(r.effective_cost or 0) <= 0 or window_days <= 0:
            continue
        successor = re.sub(rule.match, rule.replace, str(r.instance_type))
        old, new = price.get((r.provider, r.instance_type)), price.get((r.provider, successor))
        if old and new is not None and new < old:
            saving_ratio, how = 1 - new / old, f"list price {successor} vs {r.instance_type} in the data"
        else:
            saving_ratio, how = rule.saving_pct / 100, f"expected {rule.saving_pct:.0f}% lower unit price"
        if saving_ratio <= 0:
            continue
        monthly = float(r.effective_cost) / window_days * DAYS_PER_MONTH
        rows.append(_row(f"Move {r.instance_type} to {successor} in {r.sub_account}", "previous generation",
                         r.team, r.sub_account, monthly, monthly * saving_ratio, "medium", "low",
                         f"{how} ({100 * saving_ratio:.1f}%), on current EffectiveCost"))
    return rows


def untagged_opportunities(compliance_by_team: pd.DataFrame) -> list[dict]:
    """Spend without every required tag, per owner: no direct saving, but it cannot be
    shown back reliably until tagged. Input: compliance.compute_tag_compliance(dimension=
    'team') for one month (team, untagged_cost)."""
    rows = []
    for r in compliance_by_team.itertuples(index=False):
        untagged = float(r.untagged_cost or 0)
        if untagged < 1:
            continue
        what = "Find owners for" if r.team == "Unallocated" else "Tag the resources behind"
        rows.append(_row(f"{what} {untagged:,.0f} a month of spend missing required tags", "untagged spend",
                         r.team, "", untagged, 0.0, "low", "low", "governance: makes the spend allocatable; no direct saving"))
    return rows


def anomaly_opportunities(anomalies: pd.DataFrame, as_of) -> list[dict]:
    """Anomalies not yet explained: an ongoing one (still flagged on the last day) costs its
    daily excess every day until fixed; an ended one is worth investigating so it does not
    recur. Input: anomalies.detect_anomalies."""
    as_of = pd.Timestamp(as_of)
    rows = []
    for r in anomalies.itertuples(index=False):
        days = max(int(r.duration_days), 1)
        ongoing = pd.Timestamp(r.end_date) >= as_of - pd.Timedelta(days=1)
        saving = float(r.excess_cost) / days * DAYS_PER_MONTH if ongoing else 0.0
        rows.append(_row(f"Explain the {'ongoing' if ongoing else 'past'} rise in {r.service_name} "
                         f"({r.sub_account_name}) from {pd.Timestamp(r.start_date):%Y-%m-%d}, "
                         f"{float(r.excess_cost):,.0f} above baseline",
                         "unexplained anomaly", r.owner_team, r.sub_account_name, float(r.excess_cost), saving,
                         "low", "low",
                         "daily excess x days a month while it lasts" if ongoing else "ended: no saving counted"))
    return rows


def rank_opportunities(rows: list[dict], engineer_day_cost: float = 800.0, currency: str | None = None) -> pd.DataFrame:
    """The backlog: one row per opportunity, highest return on effort first (return_multiple, how many times
    a year of savings repays the effort's cost), then by saving, then by the cost concerned."""
    frame = pd.DataFrame(rows, columns=[c for c in COLUMNS if c not in ("effort_cost", "return_multiple")])
    effort_cost = frame["effort"].map(EFFORT_DAYS).astype(float) * engineer_day_cost
    frame = frame.assign(effort_cost=effort_cost, return_multiple=(frame["monthly_saving"] * 12 / effort_cost).round(2))
    frame = frame.sort_values(["return_multiple", "monthly_saving", "monthly_cost_affected", "opportunity"],
                              ascending=[False, False, False, True])
    return with_meta(frame[COLUMNS].reset_index(drop=True), grain="one row per opportunity",
                     cost_basis="effective", currency=currency, note="monthly saving estimated from the recent window")


def replacements_from_config(items: list[dict] | None) -> tuple[Replacement, ...]:
    """finops.yaml `opportunities.previous_generation` entries, or the defaults."""
    if not items:
        return DEFAULT_REPLACEMENTS
    return tuple(Replacement(str(i["match"]), str(i["replace"]), float(i.get("saving_pct", 10))) for i in items)
