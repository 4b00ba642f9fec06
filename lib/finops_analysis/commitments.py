"""Commitment discounts: utilization, coverage, unused cost, realized savings and the
effective savings rate, per commitment, per type and per billing month.

Inputs are the small frames of two SQL marts:
- `marts/commitments_by_commitment_month` (one row per commitment per billing month),
- `marts/commitments_usage_by_day` (usage by day, billing month, provider, commitment
  type, status and eligibility; parameter eligible_scope).
Expiring commitments and the what-if simulation live in `commitments_expiring` and
`commitments_whatif` and are re-exported here. Pure functions: frames in, new frames out.

Definitions (PRODUCT.md):
- utilization = used / (used + unused), CommitmentDiscountStatus, in
  CommitmentDiscountQuantity where every Used/Unused row of the commitment has one in a
  single unit, else in EffectiveCost. Above one commitment (per type, month, total)
  quantities of different commitments do not add up (hours of different sizes, dollars),
  so those rows are always in EffectiveCost.
- coverage = on-demand-equivalent cost (ContractedCost or ListCost: `on_demand_basis`) of
  covered usage / that of all commitment-eligible usage (see the usage mart for
  eligibility; Unused rows are never eligible).
- realized savings = on-demand equivalent of covered usage - its EffectiveCost;
  net_savings also subtracts the unused commitment cost.
- effective savings rate = (ListCost - EffectiveCost) / ListCost over usage rows,
  purchases excluded. An Unused row's EffectiveCost counts (it is money spent) but its
  ListCost does not (no usage was delivered): counting the list price of idle capacity
  would report savings on waste (the FOCUS zero-utilization example would show +30%
  instead of -75%).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .commitments_common import on_demand_column, ratio_pct
from .commitments_expiring import find_expiring_commitments
from .commitments_whatif import build_usage_profile, simulate_commitment, simulate_commitments, suggested_amounts
from .errors import ConfigError
from .tables import with_meta

__all__ = ["compute_commitment_utilization", "compute_commitment_coverage", "compute_effective_savings_rate",
           "summarize_commitments", "find_expiring_commitments", "build_usage_profile", "simulate_commitment",
           "simulate_commitments", "suggested_amounts",
           "UTILIZATION_GROUPINGS", "USAGE_GROUPINGS"]

COMMITMENT_KEYS = ["provider", "commitment_id", "commitment_name", "commitment_type", "commitment_category"]
# Grouping name -> (columns, grain text). Per-commitment groupings may use quantities.
UTILIZATION_GROUPINGS: dict[str, tuple[list[str], str]] = {
    "commitment": (COMMITMENT_KEYS, "one row per commitment"),
    "commitment_month": (["billing_month", *COMMITMENT_KEYS], "one row per commitment per billing month"),
    "type": (["provider", "commitment_type"], "one row per provider per commitment type"),
    "type_month": (["billing_month", "provider", "commitment_type"],
                   "one row per provider per commitment type per billing month"),
    "provider": (["provider"], "one row per provider"),
    "month": (["billing_month"], "one row per billing month"),
    "total": ([], "one row for all commitments"),
}
USAGE_GROUPINGS: dict[str, tuple[list[str], str]] = {
    "month": (["billing_month"], "one row per billing month"),
    "provider": (["provider"], "one row per provider"),
    "provider_month": (["billing_month", "provider"], "one row per provider per billing month"),
    "type": (["provider", "commitment_type"], "one row per provider per commitment type (NULL = on-demand)"),
    "type_month": (["billing_month", "provider", "commitment_type"],
                   "one row per provider per commitment type (NULL = on-demand) per billing month"),
    "total": ([], "one row for all usage"),
}


def _grouping(groupings: dict, by: str) -> tuple[list[str], str]:
    try:
        return groupings[by]
    except KeyError:
        raise ConfigError(f"cannot group by {by!r}; use one of: {', '.join(groupings)}") from None


def _sum_by(frame: pd.DataFrame, keys: list[str], columns: list[str]) -> pd.DataFrame:
    """Sums of `columns` per `keys` (one row when keys is empty); NULL keys kept. A sum
    is NaN only when every value is (a column the data lacks), not 0."""
    values = frame[columns].astype(float)
    if not keys:
        return values.sum(min_count=1).to_frame().T
    return (values.join(frame[keys]).groupby(keys, dropna=False, sort=True)[columns]
            .sum(min_count=1).reset_index())


def compute_commitment_utilization(commitments: pd.DataFrame, by: str = "commitment",
                                   on_demand_basis: str = "contracted",
                                   currency: str | None = None) -> pd.DataFrame:
    """Utilization, unused cost and realized savings of commitments.

    Grain: per `by` (see UTILIZATION_GROUPINGS): one row per commitment (default), per
    commitment per billing month, per type, per type per month, per provider, per month,
    or one row in all. `commitments` is the mart commitments_by_commitment_month.
    utilization_basis says whether utilization_pct is in CommitmentDiscountQuantity or
    EffectiveCost.
    """
    keys, grain = _grouping(UTILIZATION_GROUPINGS, by)
    covered = on_demand_column(on_demand_basis, prefix="covered_")
    money = ["used_cost", "unused_cost", covered, "billed_cost", "effective_cost"]
    per_commitment = by in ("commitment", "commitment_month")
    out = _sum_by(commitments, keys, money)
    if per_commitment:
        quantities = _sum_by(commitments, keys, ["used_quantity", "unused_quantity", "quantity_missing_rows"])
        units = commitments.groupby(keys, dropna=False, sort=True)["commitment_unit"].agg(
            lambda u: u.iloc[0] if u.notna().all() and u.nunique() == 1 else None).reset_index()
        out = out.merge(quantities, on=keys).merge(units, on=keys)
        by_quantity = (out["quantity_missing_rows"] == 0) & out["commitment_unit"].notna()
        out = out.drop(columns="quantity_missing_rows")
    else:
        by_quantity = pd.Series(False, index=out.index)
    cost_pct = ratio_pct(out["used_cost"], out["used_cost"] + out["unused_cost"])
    if per_commitment:
        qty_pct = ratio_pct(out["used_quantity"], out["used_quantity"] + out["unused_quantity"])
        cost_pct = np.where(by_quantity, qty_pct, cost_pct)
    out = out.rename(columns={covered: "covered_on_demand_cost"}).assign(
        utilization_pct=cost_pct,
        utilization_basis=np.where(by_quantity, "CommitmentDiscountQuantity", "EffectiveCost"),
        realized_savings=lambda f: f["covered_on_demand_cost"] - f["used_cost"],
        net_savings=lambda f: f["realized_savings"] - f["unused_cost"],
    )
    return with_meta(out, grain=grain, cost_basis="effective", currency=currency,
                     on_demand=on_demand_basis_label(on_demand_basis))


def compute_commitment_coverage(usage: pd.DataFrame, by: str = "month", on_demand_basis: str = "contracted",
                                currency: str | None = None) -> pd.DataFrame:
    """Coverage: on-demand equivalent of covered eligible usage over all eligible usage.

    Grain: per `by` (see USAGE_GROUPINGS). With a type grouping, each commitment type's
    covered cost is divided by all eligible usage of its provider (and month), so the types
    of a provider add up to its coverage; the on-demand row (type NULL) is the uncovered rest.
    `usage` is the mart commitments_usage_by_day.
    """
    keys, grain = _grouping(USAGE_GROUPINGS, by)
    column = on_demand_column(on_demand_basis)
    eligible = usage[usage["eligible"].astype(bool)]
    eligible = eligible.assign(covered=eligible[column].where(eligible["commitment_status"] == "Used", 0.0))
    typed = "commitment_type" in keys
    base_keys = [k for k in keys if k != "commitment_type"]
    totals = _sum_by(eligible, base_keys, [column]).rename(columns={column: "eligible_on_demand_cost"})
    parts = _sum_by(eligible, keys, ["covered", column]).rename(
        columns={"covered": "covered_on_demand_cost", column: "type_on_demand_cost"})
    out = parts.merge(totals, on=base_keys) if base_keys else parts.assign(
        eligible_on_demand_cost=float(totals["eligible_on_demand_cost"].iloc[0]))
    if not typed:
        out = out.drop(columns="type_on_demand_cost")
    else:
        # the on-demand row reports the uncovered eligible cost as its share
        out["covered_on_demand_cost"] = np.where(out["commitment_type"].isna(), out["type_on_demand_cost"],
                                                 out["covered_on_demand_cost"])
        out = out.drop(columns="type_on_demand_cost")
    out = out.assign(coverage_pct=ratio_pct(out["covered_on_demand_cost"], out["eligible_on_demand_cost"]))
    return with_meta(out, grain=grain, currency=currency, on_demand=on_demand_basis_label(on_demand_basis))


def compute_effective_savings_rate(usage: pd.DataFrame, by: str = "month", unused_list_cost: bool = False,
                                   currency: str | None = None) -> pd.DataFrame:
    """Effective savings rate: (ListCost - EffectiveCost) / ListCost over usage rows.

    Grain: per `by` (see USAGE_GROUPINGS). Unused commitment rows add their EffectiveCost
    and, unless `unused_list_cost` is True, no ListCost (see the module docstring; True is
    the literal reading that also counts the list price of idle capacity). `usage` is the
    mart commitments_usage_by_day.
    """
    keys, grain = _grouping(USAGE_GROUPINGS, by)
    unused = (usage["commitment_status"] == "Unused") & (not unused_list_cost)
    frame = usage.assign(list_cost=usage["list_cost"].astype(float).where(~unused, 0.0))
    out = _sum_by(frame, keys, ["list_cost", "effective_cost", "billed_cost"])
    out = out.assign(savings=out["list_cost"] - out["effective_cost"],
                     effective_savings_rate_pct=ratio_pct(out["list_cost"] - out["effective_cost"], out["list_cost"]))
    return with_meta(out, grain=grain, cost_basis="effective", currency=currency)


def summarize_commitments(commitments: pd.DataFrame, usage: pd.DataFrame, by: str = "month",
                          on_demand_basis: str = "contracted", currency: str | None = None) -> pd.DataFrame:
    """The commitment KPIs side by side: utilization, coverage, unused cost, realized and
    net savings, effective savings rate.

    Grain: one row per billing month (by="month"), per provider ("provider"), per provider
    per billing month ("provider_month") or one row in all ("total").
    """
    if by not in ("month", "provider", "provider_month", "total"):
        raise ConfigError(f"cannot summarize commitments by {by!r}; use one of: month, provider, provider_month, total")
    keys = USAGE_GROUPINGS[by][0]
    util_by = {"provider_month": "type_month"}.get(by, by)
    util = compute_commitment_utilization(commitments, by=util_by, on_demand_basis=on_demand_basis)
    if by == "provider_month":
        util = _sum_by(util, keys, ["used_cost", "unused_cost", "covered_on_demand_cost", "billed_cost"])
    util = util[[*keys, "used_cost", "unused_cost", "covered_on_demand_cost", "billed_cost"]].assign(
        utilization_pct=lambda f: ratio_pct(f["used_cost"], f["used_cost"] + f["unused_cost"]),
        realized_savings=lambda f: f["covered_on_demand_cost"] - f["used_cost"],
        net_savings=lambda f: f["covered_on_demand_cost"] - f["used_cost"] - f["unused_cost"],
    ).drop(columns="covered_on_demand_cost").rename(columns={"billed_cost": "purchase_billed_cost"})
    cov = compute_commitment_coverage(usage, by=by, on_demand_basis=on_demand_basis)
    esr = compute_effective_savings_rate(usage, by=by)[[*keys, "effective_savings_rate_pct"]]
    if keys:
        out = cov.merge(util, on=keys, how="outer").merge(esr, on=keys, how="outer")
    else:
        out = pd.concat([cov.reset_index(drop=True), util.reset_index(drop=True), esr.reset_index(drop=True)], axis=1)
    return with_meta(out, grain=USAGE_GROUPINGS[by][1], cost_basis="effective", currency=currency,
                     on_demand=on_demand_basis_label(on_demand_basis))


def on_demand_basis_label(on_demand_basis: str) -> str:
    """'on-demand equivalent: ContractedCost' (or ListCost)."""
    on_demand_column(on_demand_basis)
    return f"on-demand equivalent: {'ContractedCost' if on_demand_basis == 'contracted' else 'ListCost'}"
