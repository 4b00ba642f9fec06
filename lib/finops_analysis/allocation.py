"""Allocation (showback and chargeback): shared pools spread over teams, to the cent.

Input is the small frame of mart `allocation_cost_by_pool_month` (cost per billing month,
provider, invoice, owner team and pool; pool empty = direct cost). For each partition
(billing month and provider by default; add billing account and invoice for chargeback):

1. the partition's total is rounded to cents, and its parts (each team's direct cost, each
   pool) are rounded so they sum exactly to it (largest remainder, `money.round_to_total`);
2. each pool's cents are spread over the month's recipient teams by the pool's rule
   (`allocation_rules.RULES`), again exactly.

Recipients of a billing month: every team whose direct cost in that month, summed across
providers and accounts in the weight basis, is positive, except 'Unallocated' and the pool
owners (teams named in a pool's `team` match: platform, sre, security). Teams with zero or
negative net direct cost receive nothing (there is no consumption to weigh them by). When a
month has no recipient at all, its pools stay in 'Unallocated' (rule "unspread").
'Unallocated' direct cost is never spread and never dropped.

The weight basis (what "direct cost" means for proportional weights) is EffectiveCost by
default for both cost bases: amortized usage measures consumption, so teams whose usage a
commitment covered (BilledCost 0) still carry their share of the commitment purchase.
Pure functions; no I/O (loading lives in `allocation_data`).
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Mapping, Sequence

import pandas as pd

from .allocation_rules import MonthContext, get_rule, pool_owners
from .config import Pool
from .errors import ConfigError, InputError
from .money import round_to_total, to_cents
from .tables import cost_column, with_meta

SPREAD_KEYS = ("billing_month", "provider")
INVOICE_KEYS = ("billing_month", "provider", "BillingAccountId", "InvoiceId")
DIRECT = "direct"
UNALLOCATED = "Unallocated"
LEVELS = {   # roll-up level -> the columns a summary groups by
    "team": ("team", "cost_center", "business_unit"),
    "cost_center": ("cost_center", "business_unit"),
    "business_unit": ("business_unit",),
}


def exact(value) -> Decimal:
    """A money value as an exact Decimal (NULL/NaN -> 0); floats go through their repr."""
    if _missing(value):
        return Decimal(0)
    return value if isinstance(value, Decimal) else Decimal(str(value))


def _missing(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _month(value) -> pd.Timestamp:
    return pd.Timestamp(value)


def _require(frame: pd.DataFrame, columns: Sequence[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise InputError(f"{what} lacks the column {missing[0]!r}", column=missing[0],
                         hint=f"{what} needs the columns {', '.join(columns)}")


def _month_contexts(rows: list[dict], weight_col: str, owners: frozenset[str],
                    metrics: pd.DataFrame | None, team_products: Mapping[str, str]) -> dict:
    direct: dict = defaultdict(lambda: defaultdict(Decimal))
    for r in rows:
        if r["pool"] is None and r["team"] != UNALLOCATED and str(r["team"]).lower() not in owners:
            direct[r["_month"]][r["team"]] += exact(r[weight_col])
    volumes: dict = defaultdict(lambda: defaultdict(dict))
    if metrics is not None and len(metrics):
        _require(metrics, ("billing_month", "product", "metric", "metric_value"), "the metrics frame")
        for m in metrics.itertuples(index=False):
            volumes[_month(m.billing_month)][m.metric][m.product] = float(m.metric_value)
    contexts = {}
    for month in {r["_month"] for r in rows}:
        positive = {t: c for t, c in direct[month].items() if c > 0}
        contexts[month] = MonthContext(recipients=tuple(sorted(positive)), direct=positive,
                                       metrics=volumes[month], team_products=team_products)
    return contexts


def allocate_costs(costs: pd.DataFrame, pools: Sequence[Pool], *, cost_basis: str = "effective",
                   weight_basis: str = "effective", keys: Sequence[str] = SPREAD_KEYS,
                   metrics: pd.DataFrame | None = None, team_products: Mapping[str, str] | None = None,
                   currency: str = "USD") -> pd.DataFrame:
    """Spread every shared pool over the recipient teams, exactly, per partition `keys`.

    costs: one row per `keys` (or finer), team and pool (None = direct) with billed_cost and
    effective_cost. metrics (driver rule): billing_month, product, metric, metric_value.
    Returns one row per `keys`, team and source ('direct' or the pool's name), with the
    rule applied, allocated_cents (int) and allocated_cost; zero-cent pool shares omitted.
    """
    keys = list(keys)
    if "billing_month" not in keys:
        raise ConfigError("allocation keys must include billing_month: pools spread per billing month")
    amount_col, weight_col = cost_column(cost_basis), cost_column(weight_basis)
    _require(costs, [*keys, "team", "pool", amount_col, weight_col], "the costs frame")
    by_name = {p.name: p for p in pools}
    for pool in pools:
        get_rule(pool.rule)   # an unknown rule fails before any work, naming the valid ones
    rows = costs[list(dict.fromkeys([*keys, "team", "pool", amount_col, weight_col]))].to_dict("records")
    for r in rows:
        for k in (*keys, "pool"):   # NaN never equals itself: read missing keys as None
            r[k] = None if _missing(r[k]) else r[k]
        r["_month"] = _month(r["billing_month"])
    unknown = sorted({r["pool"] for r in rows if r["pool"] is not None and r["pool"] not in by_name})
    if unknown:
        raise ConfigError(f"the costs name pools finops.yaml does not define: {', '.join(unknown)}",
                          hint="pass the same pools (Config.pools) the warehouse matched with")
    owners = pool_owners(tuple(pools))
    contexts = _month_contexts(rows, weight_col, owners, metrics, team_products or {})

    parts: dict = defaultdict(lambda: defaultdict(Decimal))   # partition -> component -> amount
    for r in rows:
        component = ("pool", r["pool"]) if r["pool"] is not None else (DIRECT, r["team"])
        parts[tuple(r[k] for k in keys)][component] += exact(r[amount_col])

    out = []
    for partition, components in parts.items():
        names = sorted(components, key=lambda c: (c[0], str(c[1])))
        amounts = [components[c] for c in names]
        cents = round_to_total(amounts, to_cents(sum(amounts, Decimal(0))))
        ctx = contexts[_month(partition[keys.index("billing_month")])]
        for (kind, name), value in zip(names, cents):
            if kind == DIRECT:
                out.append((*partition, name, DIRECT, DIRECT, value))
                continue
            if not ctx.recipients:
                out.append((*partition, UNALLOCATED, name, "unspread (no recipient team)", value))
                continue
            shares, applied = get_rule(by_name[name].rule)(value, by_name[name], ctx)
            out += [(*partition, team, name, applied, c) for team, c in sorted(shares.items()) if c]
    frame = pd.DataFrame(out, columns=[*keys, "team", "source", "rule", "allocated_cents"])
    frame = frame.astype({"allocated_cents": "int64"}).assign(allocated_cost=lambda f: f.allocated_cents / 100)
    frame = frame.sort_values([*keys, "team", "source"], kind="stable", ignore_index=True)
    return with_meta(frame, grain=f"one row per {', '.join(keys)}, team and cost source (direct or pool)",
                     cost_basis=cost_basis, currency=currency, keys=",".join(keys))


def summarize_allocation(allocated: pd.DataFrame, teams: pd.DataFrame | None = None, *,
                         level: str = "team", keys: Sequence[str] = ("billing_month",)) -> pd.DataFrame:
    """Roll allocated cost up the hierarchy team -> cost center -> business unit.

    Returns one row per `keys` and `level` value with direct_cost, shared_cost,
    allocated_cost and allocated_share_pct (of the partition's total). Teams without a cost
    center keep NULL; 'Unallocated' stays a row of its own (0.00 when empty).
    """
    if level not in LEVELS:
        raise ConfigError(f"unknown roll-up level {level!r}; use one of: {', '.join(LEVELS)}")
    keys = list(keys)
    hierarchy = (teams[["team", "cost_center", "business_unit"]] if teams is not None
                 else pd.DataFrame({"team": allocated.team.unique(), "cost_center": None, "business_unit": None}))
    frame = allocated.merge(hierarchy, on="team", how="left")
    unalloc = frame.team == UNALLOCATED
    frame = frame.assign(cost_center=frame.cost_center.where(~unalloc, UNALLOCATED),
                         business_unit=frame.business_unit.where(~unalloc, UNALLOCATED),
                         direct_cents=frame.allocated_cents.where(frame.source == DIRECT, 0),
                         shared_cents=frame.allocated_cents.where(frame.source != DIRECT, 0))
    group = [*keys, *LEVELS[level]]
    out = frame.groupby(group, dropna=False, sort=True)[["direct_cents", "shared_cents", "allocated_cents"]].sum()
    out = out.reset_index()
    missing = out[keys].drop_duplicates().merge(out[out[LEVELS[level][0]] == UNALLOCATED][keys], how="left",
                                                 on=keys, indicator=True)
    missing = missing[missing._merge == "left_only"].drop(columns="_merge")
    if len(missing):
        filler = missing.assign(**{c: UNALLOCATED for c in LEVELS[level]}, direct_cents=0, shared_cents=0,
                                allocated_cents=0)
        out = pd.concat([out, filler], ignore_index=True).sort_values(group, ignore_index=True)
    totals = out.groupby(keys, dropna=False).allocated_cents.transform("sum")
    out = out.assign(direct_cost=out.direct_cents / 100, shared_cost=out.shared_cents / 100,
                     allocated_cost=out.allocated_cents / 100,
                     allocated_share_pct=(100 * (out.allocated_cents / totals.where(totals != 0))).astype(float))
    out = out[[*group, "direct_cost", "shared_cost", "allocated_cost", "allocated_share_pct", "allocated_cents"]]
    return with_meta(out, grain=f"one row per {', '.join(keys)} and {level}",
                     cost_basis=allocated.attrs.get("cost_basis"), currency=allocated.attrs.get("currency"))


def reconcile_allocation(allocated: pd.DataFrame, totals: pd.DataFrame, *, cost_basis: str = "effective",
                         keys: Sequence[str] = SPREAD_KEYS, cents_column: str = "allocated_cents") -> pd.DataFrame:
    """Allocated cents against the source total (rounded to cents) of each partition.

    totals: source costs at `keys` or finer (mart allocation_totals_by_invoice_month). The
    source is rounded where the allocation rounded (its own keys, e.g. per invoice) and
    summed up to `keys`.
    Returns one row per `keys` present on either side: source_cost, allocated_cost and
    difference (allocated - source; 0.00 everywhere when the allocation reconciles).
    """
    keys, column = list(keys), cost_column(cost_basis)
    _require(totals, [*keys, column], "the totals frame")
    _require(allocated, [*keys, cents_column], "the allocated frame")
    # Each partition the allocation rounded (an invoice, for chargeback) is a whole number of
    # cents; a coarser total is the sum of those, as a provider's month is the sum of its invoices.
    fine = [k for k in str(allocated.attrs.get("keys") or "").split(",") if k]
    rounded_at = fine if set(keys) <= set(fine) and set(fine) <= set(totals.columns) else keys
    source = (totals.groupby(rounded_at, dropna=False, sort=True)[column]
              .agg(lambda s: to_cents(sum((exact(v) for v in s), Decimal(0)))).rename("source_cents")
              .groupby(level=keys, dropna=False, sort=True).sum())
    alloc = allocated.groupby(keys, dropna=False, sort=True)[cents_column].sum().rename("allocated_cents")
    out = pd.concat([source, alloc], axis=1).fillna(0).astype("int64").reset_index()
    out = out.assign(difference_cents=out.allocated_cents - out.source_cents)
    out = out.assign(source_cost=out.source_cents / 100, allocated_cost=out.allocated_cents / 100,
                     difference=out.difference_cents / 100)
    return with_meta(out, grain=f"one row per {', '.join(keys)}", cost_basis=cost_basis,
                     currency=allocated.attrs.get("currency"))


def compute_unallocated_share(usage_by_owner_source: pd.DataFrame, allocated: pd.DataFrame | None = None, *,
                              cost_basis: str = "effective", by_month: bool = True) -> pd.DataFrame:
    """The share of cost no ownership rule claims: of usage cost before pools are spread
    (mart allocation_usage_by_owner_source_month) and, given `allocated`, of all cost
    left in 'Unallocated' after every rule. One row per billing month (or one row when
    by_month is False)."""
    column = cost_column(cost_basis)
    _require(usage_by_owner_source, ["billing_month", "owner_source", column], "the usage-by-owner frame")
    usage = usage_by_owner_source.assign(
        _cents=[to_cents(exact(v)) for v in usage_by_owner_source[column]],
        _month=usage_by_owner_source.billing_month if by_month else "all")
    usage = usage.assign(_unalloc=usage._cents.where(usage.owner_source == "unallocated", 0))
    out = usage.groupby("_month").agg(usage_cents=("_cents", "sum"), unallocated_usage_cents=("_unalloc", "sum"))
    out = out.assign(unallocated_before_pools_pct=100 * (out.unallocated_usage_cents / out.usage_cents.where(out.usage_cents != 0)))
    if allocated is not None:
        a = allocated.assign(_month=allocated.billing_month if by_month else "all",
                             _unalloc=allocated.allocated_cents.where(allocated.team == UNALLOCATED, 0))
        after = a.groupby("_month").agg(total_cents=("allocated_cents", "sum"), unallocated_cents=("_unalloc", "sum"))
        out = out.join(after, how="outer")
        out = out.assign(unallocated_after_pools_pct=100 * (out.unallocated_cents / out.total_cents.where(out.total_cents != 0)))
    money = [c for c in out.columns if c.endswith("_cents")]
    out = out.assign(**{c.replace("_cents", "_cost"): out[c] / 100 for c in money}).drop(columns=money)
    out = out.reset_index().rename(columns={"_month": "billing_month"})
    if not by_month:
        out = out.drop(columns="billing_month")
    return with_meta(out, grain="one row per billing month" if by_month else "one row for the whole window",
                     cost_basis=cost_basis, currency=allocated.attrs.get("currency") if allocated is not None else None)


def summarize_shared_pools(allocated: pd.DataFrame, month=None) -> pd.DataFrame:
    """What each shared pool spread, by which rule, over how many teams (of one billing
    month, or all). One row per pool, largest first."""
    rows = allocated[allocated["source"] != "direct"]
    if month is not None:
        rows = rows[pd.to_datetime(rows["billing_month"]) == pd.Timestamp(month)]
    out = (rows.groupby(["source", "rule"], as_index=False)
           .agg(allocated_cost=("allocated_cost", "sum"), teams=("team", "nunique"))
           .rename(columns={"source": "pool"})
           .sort_values(["allocated_cost", "pool"], ascending=[False, True]).reset_index(drop=True))
    out["allocated_cost"] = out["allocated_cost"].round(2)
    return with_meta(out, grain="one row per shared-cost pool", cost_basis=allocated.attrs.get("cost_basis"),
                     currency=allocated.attrs.get("currency"))
