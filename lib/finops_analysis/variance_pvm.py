"""Price / volume / mix: why a cost moved between two billing months, SKU by SKU.

A SKU is a SkuId with its PricingUnit (see marts/variance_sku_cost_by_month: SkuId, not
SkuPriceId, so a price change stays one SKU); its unit price in a month is its cost over
its PricingQuantity (cost basis as chosen). For a SKU billed in both months, with
p0, q0 the prior unit price and quantity, p1, q1 the month's, and G = Q1 / Q0 the growth
of the total quantity of the continuing SKUs sharing its group and pricing unit:

- price_effect  = (p1 - p0) * q0          the same quantity at the new price
- volume_effect = (G - 1) * q0 * p0       every SKU of the unit growing like the total
- mix_effect    = (q1 - G * q0) * p0      the shift between SKUs at constant prices
- residual      = (p1 - p0) * (q1 - q0)   the price-volume interaction

and price + volume + mix + residual = p1 q1 - p0 q0 exactly. New SKUs, retired SKUs and
charges without a SKU or a quantity (tax, support fees, credits, purchases) put their
whole change in the residual (`sku_status` says which). Amounts are in cents: each
month's SKU costs are rounded to cents so they sum to that month's rounded total (largest
remainder), the effects are rounded to cents, and the residual takes what is left (the
interaction plus at most a cent or two of rounding), so the parts add up to the total
change to the cent, per SKU and in any sum.
"""
from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd

from .errors import InputError
from .forecast_calendar import add_months, month_start
from .money import round_to_total, to_cents
from .tables import cost_column, with_meta

EFFECTS = ["price_effect", "volume_effect", "mix_effect", "residual"]


def _cents(amounts: pd.Series) -> np.ndarray:
    if amounts.empty:
        return np.zeros(0, dtype=np.int64)
    total = to_cents(sum(float(a) for a in amounts))
    return np.asarray(round_to_total([float(a) for a in amounts], total), dtype=np.int64)


def compute_price_volume_mix(sku_costs: pd.DataFrame, month=None, prior_month=None, *,
                             by: Sequence[str] = ("service",), cost_basis: str = "effective") -> pd.DataFrame:
    """The change of cost from `prior_month` (default: the month before) to `month`
    (default: the newest in the frame), split into price, volume, mix and residual.

    Returns one row per `by` group per SKU and pricing unit: billing_month, prior_month,
    the group, sku_id, pricing_unit, prior_quantity, quantity,
    prior_unit_price, unit_price, prior_cost, actual_cost, change_amount, the four effects
    and sku_status ('continuing', 'new', 'retired', 'no quantity')."""
    value = cost_column(cost_basis)
    months = pd.to_datetime(sku_costs["billing_month"])
    month = month_start(month) if month is not None else months.max()
    prior = month_start(prior_month) if prior_month is not None else add_months(month, -1)
    if not (months == month).any():
        raise InputError(f"no SKU costs for billing month {month:%Y-%m}",
                         hint="load the SKU costs of both months (forecast_data.load_sku_costs)")
    keys = [*by, "sku_id", "pricing_unit"]
    frame = sku_costs.assign(billing_month=months)[lambda f: f["billing_month"].isin([month, prior])]
    # object keys: a missing SKU (charges without a quantity) is one group, not NaN != NaN
    frame = frame.assign(**{k: frame[k].astype(object).where(frame[k].notna(), "") for k in keys},
                         pricing_quantity=pd.to_numeric(frame["pricing_quantity"], errors="coerce").astype(float),
                         **{value: pd.to_numeric(frame[value], errors="coerce").astype(float)})
    sides = []
    for m, suffix in ((prior, "prior_"), (month, "")):
        side = frame[frame["billing_month"] == m].groupby(keys, sort=True).agg(
            quantity=("pricing_quantity", "sum"), cost=(value, "sum")).reset_index()
        side = side.assign(cents=_cents(side["cost"]))[[*keys, "quantity", "cost", "cents"]]
        sides.append(side.rename(columns={c: f"{suffix}{c}" for c in ("quantity", "cost", "cents")}))
    out = sides[0].merge(sides[1], on=keys, how="outer", sort=True)
    out = out.assign(**{c: out[c].fillna(0) for c in ("prior_quantity", "quantity", "prior_cost", "cost",
                                                      "prior_cents", "cents")})
    out = out.assign(prior_cents=out["prior_cents"].astype(np.int64), cents=out["cents"].astype(np.int64))
    priced = out["sku_id"] != ""
    both = priced & (out["prior_quantity"] != 0) & (out["quantity"] != 0)
    status = np.where(~priced, "no quantity",
                      np.where(both, "continuing", np.where(out["quantity"] != 0, "new", "retired")))
    # unit prices in cents from the unrounded costs, so an unchanged price has no price effect
    p0 = np.where(both, out["prior_cost"] * 100 / out["prior_quantity"].replace(0, np.nan), np.nan)
    p1 = np.where(both, out["cost"] * 100 / out["quantity"].replace(0, np.nan), np.nan)
    # growth of each group's pricing unit over its continuing SKUs (mix is a shift within it)
    group = [*by, "pricing_unit"]
    totals = out.assign(q0c=np.where(both, out["prior_quantity"], 0.0), q1c=np.where(both, out["quantity"], 0.0))
    sums = totals.groupby(group, dropna=False)[["q0c", "q1c"]].transform("sum")
    growth = np.where(sums["q0c"] != 0, sums["q1c"] / sums["q0c"].replace(0, np.nan), np.nan)
    q0v, q1v = out["prior_quantity"].to_numpy(float), out["quantity"].to_numpy(float)
    price = np.where(both, (p1 - p0) * q0v, 0.0)
    volume = np.where(both, np.where(np.isnan(growth), (q1v - q0v) * p0, (growth - 1) * q0v * p0), 0.0)
    mix = np.where(both & ~np.isnan(growth), (q1v - np.nan_to_num(growth) * q0v) * p0, 0.0)
    price_c, volume_c, mix_c = (np.rint(np.nan_to_num(a)).astype(np.int64) for a in (price, volume, mix))
    change_c = out["cents"].to_numpy(np.int64) - out["prior_cents"].to_numpy(np.int64)
    residual_c = change_c - price_c - volume_c - mix_c
    result = out[keys].assign(
        billing_month=month, prior_month=prior,
        sku_id=out["sku_id"].astype(object).where(priced, None),
        pricing_unit=out["pricing_unit"].astype(object).where(priced, None),
        prior_quantity=np.where(priced, q0v, np.nan), quantity=np.where(priced, q1v, np.nan),
        prior_unit_price=p0 / 100, unit_price=p1 / 100,
        prior_cost=out["prior_cents"] / 100, actual_cost=out["cents"] / 100, change_amount=change_c / 100,
        price_effect=price_c / 100, volume_effect=volume_c / 100, mix_effect=mix_c / 100,
        residual=residual_c / 100, sku_status=status)
    # SKUs in name order within each group, charges without a quantity last
    result = result.assign(_last=~priced.to_numpy()).sort_values([*by, "_last", "sku_id", "pricing_unit"],
                                                                  na_position="last").drop(columns="_last")
    result = result[["billing_month", "prior_month", *keys, *[c for c in result.columns
                                                              if c not in (*keys, "billing_month", "prior_month")]]]
    return with_meta(result.reset_index(drop=True), grain=f"one row per {', '.join(by)} per SKU and pricing unit",
                     cost_basis=cost_basis, currency=sku_costs.attrs.get("currency"),
                     month=f"{month:%Y-%m} vs {prior:%Y-%m}", billing_month=str(month.date()),
                     prior_month=str(prior.date()))


def summarize_price_volume_mix(pvm: pd.DataFrame, by: Sequence[str] = ("service",)) -> pd.DataFrame:
    """The SKU split summed per `by` group (in cents, so the parts still add up exactly).

    Returns one row per group: billing_month, prior_month, the group, prior_cost,
    actual_cost, change_amount, the four effects and change_pct; largest change first."""
    money = ["prior_cost", "actual_cost", "change_amount", *EFFECTS]
    cents = pvm[money].apply(lambda col: np.rint(col * 100).astype(np.int64))
    keys = ["billing_month", "prior_month", *by]
    summed = pd.concat([pvm[keys], cents], axis=1).groupby(keys, dropna=False, sort=True)[money].sum()
    out = (summed / 100).reset_index()
    out = out.assign(change_pct=np.where(out["prior_cost"] != 0,
                                         out["change_amount"] / out["prior_cost"].abs().replace(0, np.nan) * 100,
                                         np.nan))
    out = out.assign(size=out["change_amount"].abs()).sort_values(["size", *by], ascending=[False, *[True] * len(by)])
    return with_meta(out.drop(columns="size").reset_index(drop=True), grain=f"one row per {', '.join(by)}",
                     **{k: v for k, v in pvm.attrs.items() if k != "grain"})


def bridge_steps(summary: pd.DataFrame) -> pd.DataFrame:
    """The month's change in four steps (price, volume, mix, other) summed over a
    summarize_price_volume_mix table, for a waterfall. One row per step."""
    parts = {"price": "price_effect", "volume": "volume_effect", "mix": "mix_effect", "other": "residual"}
    return pd.DataFrame({"part": list(parts), "amount": [round(float(summary[c].sum()), 2) for c in parts.values()]})
